//! The Altinn inbox itself, through Dialogporten's end-user API with a Maskinporten token
//! for the organisation's system user: the daily check (routine point 1), fetching the
//! documents and archiving a dialog in Altinn (point 3).
//!
//! - [`token`]: the private key, the JWT grant, the cached access token;
//! - [`http`]: one blocking HTTP client (rustls) with a deadline and retries;
//! - [`api`]: the Dialogporten operations and the fields the tool reads;
//! - [`check`]: the daily check and the matching of notification emails to dialogs;
//! - [`demo`]: dialogs seeded from a mailbox's notices, for the demo (no network);
//! - [`routine`]: point 3 as the clerk does it (fetch, archive, delete the local copies),
//!   each act journaled and checked off on the item's follow-up checklist.
//!
//! Nothing here logs or journals a token or a key.

pub mod api;
pub mod check;
pub mod demo;
pub mod http;
pub mod routine;
pub mod token;

/// What went wrong talking to Maskinporten or Dialogporten, in words for the clerk.
#[derive(Debug, thiserror::Error)]
pub enum AltinnError {
    /// The private key could not be read or used (the key itself is never shown).
    #[error("the Maskinporten key: {0}")]
    Key(String),
    /// No connection, TLS failure, a broken answer.
    #[error("{what}: cannot reach {host}: {detail}")]
    Unreachable {
        what: String,
        host: String,
        detail: String,
    },
    /// The deadline for the whole request (retries included) passed.
    #[error("{what}: no answer within {secs} s (the server is slow or unreachable)")]
    Timeout { what: String, secs: u64 },
    /// Maskinporten said no to the grant.
    #[error("Maskinporten refused the token (HTTP {status}): {detail}")]
    TokenRefused { status: u16, detail: String },
    /// Dialogporten did not accept the token.
    #[error(
        "{what}: Dialogporten did not accept the token (401): check client_id, key_id, the scopes and the system user"
    )]
    Unauthorized { what: String },
    /// The token is fine but the system user may not do this.
    #[error("{what}: the system user lacks rights for {party} (403)")]
    Forbidden { what: String, party: String },
    /// The dialog was not found (deleted, or not visible to the system user).
    #[error("{what}: not found (404): deleted, or not visible to the system user")]
    NotFound { what: String },
    /// Someone changed the dialog since it was read (If-Match did not hold).
    #[error(
        "dialog {id}: someone changed it in Altinn since it was listed (412); run `altinn-sweep altinn check` again and look at it before archiving"
    )]
    Conflict { id: String },
    /// Any other status the tool cannot act on.
    #[error("{what}: HTTP {status}{}", if detail.is_empty() { String::new() } else { format!(": {detail}") })]
    Status {
        what: String,
        status: u16,
        detail: String,
    },
    /// The answer was not the JSON the contract describes.
    #[error("{what}: malformed JSON from the server: {detail}")]
    MalformedJson { what: String, detail: String },
    /// Saving a document failed.
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
}

/// How the journal records a failure of Maskinporten or Dialogporten: in the server's
/// and the tool's own (English) words, as every earlier journal has them.
impl From<&AltinnError> for crate::journal::Failure {
    fn from(e: &AltinnError) -> Self {
        crate::journal::Failure::Detail(e.to_string())
    }
}

/// The Arbeidsflate address where a person opens one dialog.
pub fn arbeidsflate_url(dialog_id: &str) -> String {
    format!("https://af.altinn.no/inbox/{dialog_id}")
}

/// The party URN of an organisation number.
pub fn party_urn(org: crate::orgnr::OrgNr) -> String {
    format!("urn:altinn:organization:identifier-no:{}", org.digits())
}

/// The organisation number in a party URN (`urn:altinn:organization:identifier-no:<9>`).
pub fn party_org(urn: &str) -> Option<crate::orgnr::OrgNr> {
    urn.strip_prefix("urn:altinn:organization:identifier-no:")?
        .parse()
        .ok()
}

/// A dialog id is a UUID: only hex digits and dashes (it goes into a path and a URL).
pub fn valid_dialog_id(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_urns_round_trip_and_ids_are_checked() {
        let org: crate::orgnr::OrgNr = "964965137".parse().unwrap();
        let urn = party_urn(org);
        assert_eq!(urn, "urn:altinn:organization:identifier-no:964965137");
        assert_eq!(party_org(&urn), Some(org));
        assert_eq!(
            party_org("urn:altinn:person:identifier-no:01010112345"),
            None
        );
        assert!(valid_dialog_id("0194a3c2-7f00-7000-8000-000000000001"));
        assert!(!valid_dialog_id("../../etc/passwd"));
        assert!(!valid_dialog_id("0194a3c2-7f00-7000-8000-00000000000g"));
    }
}
