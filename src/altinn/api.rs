//! Dialogporten's end-user operations the tool uses, and the fields it reads of them
//! (the contract: `openapi.v1.enduser.json`, v1). Listing never marks anything as seen;
//! [`Client::dialog`] (the details) does, and is only called on an explicit clerk action.

use super::AltinnError;
use super::http::{Http, Reply, Request};
use super::token::Tokens;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The page size asked for (the API allows 1–1000).
pub const PAGE_SIZE: u32 = 1000;
/// How many `party` values one list call carries when `/metadata/limits` does not say.
pub const DEFAULT_MAX_PARTIES: usize = 20;

/// A text in several languages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Localization {
    #[serde(default)]
    pub language_code: String,
    #[serde(default)]
    pub value: String,
}

/// The text in bokmål, else nynorsk, else English, else the first one.
pub fn localized(values: &[Localization]) -> Option<&str> {
    ["nb", "nn", "en"]
        .iter()
        .find_map(|l| {
            values
                .iter()
                .find(|v| v.language_code.eq_ignore_ascii_case(l))
        })
        .or_else(|| values.first())
        .map(|v| v.value.as_str())
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentValue {
    #[serde(default)]
    pub value: Option<Vec<Localization>>,
}

impl ContentValue {
    pub fn text(&self) -> Option<&str> {
        localized(self.value.as_deref().unwrap_or_default())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentSummary {
    #[serde(default)]
    pub title: Option<ContentValue>,
    #[serde(default)]
    pub sender_name: Option<ContentValue>,
    #[serde(default)]
    pub summary: Option<ContentValue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndUserContext {
    #[serde(default)]
    pub revision: Option<String>,
    #[serde(default)]
    pub system_labels: Option<Vec<String>>,
}

/// An organisation (or person) the token may act for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    /// `urn:altinn:organization:identifier-no:<orgnr>`.
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub party_type: String,
    #[serde(default)]
    pub is_deleted: bool,
    #[serde(default)]
    pub sub_parties: Option<Vec<Party>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Parties {
    #[serde(default)]
    authorized_parties: Option<Vec<Party>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Limits {
    #[serde(default)]
    end_user_search: Option<EndUserSearchLimits>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EndUserSearchLimits {
    #[serde(default)]
    max_party_filter_values: Option<i64>,
}

/// An activity as the dialog list shows the latest one (with its description).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub description: Option<Vec<Localization>>,
}

/// One dialog of the list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialogItem {
    pub id: String,
    /// The sending agency's code (e.g. `skd`, `nav`).
    #[serde(default)]
    pub org: String,
    /// The party URN.
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub service_resource: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub is_content_seen: bool,
    #[serde(default)]
    pub gui_attachment_count: Option<i64>,
    #[serde(default)]
    pub content: Option<ContentSummary>,
    #[serde(default)]
    pub end_user_context: Option<EndUserContext>,
    #[serde(default)]
    pub latest_activity: Option<Activity>,
}

impl DialogItem {
    pub fn title(&self) -> &str {
        self.content
            .as_ref()
            .and_then(|c| c.title.as_ref())
            .and_then(ContentValue::text)
            .unwrap_or("")
    }

    /// The sender's name as the dialog shows it, else the agency code.
    pub fn sender(&self) -> &str {
        self.content
            .as_ref()
            .and_then(|c| c.sender_name.as_ref())
            .and_then(ContentValue::text)
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&self.org)
    }

    pub fn revision(&self) -> Option<&str> {
        self.end_user_context.as_ref()?.revision.as_deref()
    }

    /// Seconds since the epoch of `createdAt` (0 when unreadable), for ordering.
    pub fn created_ts(&self) -> i64 {
        timestamp(&self.created_at).unwrap_or(0)
    }
}

/// Seconds since the epoch of an RFC 3339 time.
pub fn timestamp(t: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|d| d.timestamp())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    #[serde(default)]
    items: Option<Vec<DialogItem>>,
    #[serde(default)]
    has_next_page: bool,
    #[serde(default)]
    continuation_token: Option<String>,
}

/// The details of one dialog (reading them marks it seen).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialog {
    pub id: String,
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub attachments: Option<Vec<Attachment>>,
    #[serde(default)]
    pub end_user_context: Option<EndUserContext>,
    #[serde(default)]
    pub content: Option<ContentSummary>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub display_name: Option<Vec<Localization>>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub urls: Option<Vec<AttachmentUrl>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentUrl {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub consumer_type: Option<String>,
}

impl Attachment {
    /// The URL meant for a system (`consumerType` Api).
    pub fn api_url(&self) -> Option<&AttachmentUrl> {
        self.urls
            .as_deref()?
            .iter()
            .find(|u| u.consumer_type.as_deref() == Some("Api"))
    }

    /// The name to save it under: `name`, else the display name, else its id.
    pub fn file_name(&self) -> String {
        let raw = self
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| {
                localized(self.display_name.as_deref().unwrap_or_default()).map(str::to_string)
            })
            .unwrap_or_else(|| self.id.clone());
        safe_file_name(&raw)
    }
}

/// A file name that stays in its folder: no separators, no control characters, no
/// leading dot, not empty.
pub fn safe_file_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "vedlegg".into()
    } else {
        cleaned.chars().take(150).collect()
    }
}

/// Where the check reads dialogs from: Dialogporten ([`Client`]) or the demo's seeded
/// dialogs ([`super::demo::Demo`]). None of these reads a dialog's details.
pub trait Dialogs {
    /// The parties the system user may act for, sub-units included, each once.
    fn parties(&self) -> Result<Vec<Party>, AltinnError>;
    /// How many `party` values one list call may carry.
    fn max_parties(&self) -> Result<usize, AltinnError>;
    /// The dialogs of `parties` not archived or binned, newest first.
    fn dialogs(
        &self,
        parties: &[String],
        max_per_call: usize,
    ) -> Result<Vec<DialogItem>, AltinnError>;
    /// A dialog's activities (type and time).
    fn activities(&self, id: &str) -> Result<Vec<Activity>, AltinnError>;
    /// One activity with its description.
    fn activity(&self, id: &str, activity: &str) -> Result<Activity, AltinnError>;
}

impl Dialogs for Client {
    fn parties(&self) -> Result<Vec<Party>, AltinnError> {
        Client::parties(self)
    }
    fn max_parties(&self) -> Result<usize, AltinnError> {
        Client::max_parties(self)
    }
    fn dialogs(
        &self,
        parties: &[String],
        max_per_call: usize,
    ) -> Result<Vec<DialogItem>, AltinnError> {
        Client::dialogs(self, parties, max_per_call)
    }
    fn activities(&self, id: &str) -> Result<Vec<Activity>, AltinnError> {
        Client::activities(self, id)
    }
    fn activity(&self, id: &str, activity: &str) -> Result<Activity, AltinnError> {
        Client::activity(self, id, activity)
    }
}

/// What the clerk's explicit point-3 actions need besides the listing: reading a
/// dialog's details (which marks it seen), downloading its documents and archiving it.
/// Dialogporten ([`Client`]) and the demo's seeded dialogs ([`super::demo::Demo`]) both
/// answer, so [`super::routine`] works the same on either.
pub trait Inbox: Dialogs {
    /// The dialog's details. THIS MARKS THE DIALOG AS SEEN in Altinn, for everyone.
    fn dialog(&self, id: &str) -> Result<Dialog, AltinnError>;
    /// The bytes behind an attachment URL (`what` names it in errors).
    fn download(&self, url: &str, what: &str) -> Result<Vec<u8>, AltinnError>;
    /// Sets the `Archive` system label; with `revision` only if nobody changed the
    /// dialog since ([`AltinnError::Conflict`] otherwise). The new revision, if told.
    fn archive(&self, id: &str, revision: Option<&str>) -> Result<Option<String>, AltinnError>;
}

impl Inbox for Client {
    fn dialog(&self, id: &str) -> Result<Dialog, AltinnError> {
        Client::dialog(self, id)
    }
    fn download(&self, url: &str, what: &str) -> Result<Vec<u8>, AltinnError> {
        Client::download(self, url, what)
    }
    fn archive(&self, id: &str, revision: Option<&str>) -> Result<Option<String>, AltinnError> {
        Client::archive(self, id, revision)
    }
}

/// The Dialogporten client: a base URL, an HTTP client and the token source.
pub struct Client {
    pub http: Http,
    base: String,
    tokens: Tokens,
}

impl Client {
    /// The client of the configuration's `[altinn]` section `a`: reads the key (the
    /// file, or the command's output) and fetches no token yet.
    pub fn from_config(
        config: &crate::config::Config,
        a: &crate::config::AltinnConfig,
    ) -> Result<Client, AltinnError> {
        let key = super::token::Key::load(config, a)?;
        Ok(Client::new(
            Http::new(a.timeout()),
            a.base_url(),
            Tokens::new(key, a.clone()),
        ))
    }

    pub fn new(http: Http, base_url: String, tokens: Tokens) -> Client {
        Client {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            tokens,
        }
    }

    /// A fresh or cached token (for `config check --online`).
    pub fn token(&self) -> Result<super::token::AccessToken, AltinnError> {
        self.tokens.get(&self.http)
    }

    /// Sends with the token; after a 401 a fresh token is tried once.
    fn authorised(&self, mut req: Request) -> Result<Reply, AltinnError> {
        let base_headers = req.headers.clone();
        for attempt in 0..2 {
            let token = self.tokens.get(&self.http)?;
            req.headers = base_headers.clone();
            req.headers.push(("authorization", token.bearer()));
            let reply = self.http.send(&req)?;
            if reply.status == 401 && attempt == 0 {
                self.tokens.forget();
                continue;
            }
            return Ok(reply);
        }
        unreachable!("the loop returns on its second pass")
    }

    fn get_json<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        party: &str,
    ) -> Result<T, AltinnError> {
        let req =
            Request::get(what, format!("{}{path}", self.base)).header("accept", "application/json");
        let reply = self.authorised(req)?;
        check(&reply, what, party)?;
        serde_json::from_slice(&reply.body).map_err(|e| AltinnError::MalformedJson {
            what: what.into(),
            detail: e.to_string(),
        })
    }

    /// How many `party` values one list call may carry.
    pub fn max_parties(&self) -> Result<usize, AltinnError> {
        let limits: Limits = self.get_json("metadata/limits", "/api/v1/metadata/limits", "-")?;
        Ok(limits
            .end_user_search
            .and_then(|l| l.max_party_filter_values)
            .filter(|n| *n > 0)
            .map_or(DEFAULT_MAX_PARTIES, |n| n as usize))
    }

    /// The parties the system user may act for, sub-units included, each once, without
    /// deleted ones.
    pub fn parties(&self) -> Result<Vec<Party>, AltinnError> {
        let parties: Parties =
            self.get_json("parties", "/api/v1/enduser/parties", "the organisation")?;
        let mut out: Vec<Party> = Vec::new();
        fn walk(list: Vec<Party>, out: &mut Vec<Party>) {
            for mut p in list {
                let subs = p.sub_parties.take().unwrap_or_default();
                if !p.is_deleted && !out.iter().any(|o| o.party == p.party) {
                    out.push(p);
                }
                walk(subs, out);
            }
        }
        walk(parties.authorized_parties.unwrap_or_default(), &mut out);
        Ok(out)
    }

    /// Every dialog of `parties` that is neither archived nor binned (`systemLabel`
    /// Default), newest first, following `continuationToken` to the last page.
    pub fn dialogs(
        &self,
        parties: &[String],
        max_per_call: usize,
    ) -> Result<Vec<DialogItem>, AltinnError> {
        let mut all: Vec<DialogItem> = Vec::new();
        for chunk in parties.chunks(max_per_call.max(1)) {
            let shown = chunk
                .iter()
                .map(|p| super::party_org(p).map_or(p.clone(), |o| o.to_string()))
                .collect::<Vec<_>>()
                .join(", ");
            let mut token: Option<String> = None;
            let mut pages = 0usize;
            loop {
                let mut q = url::form_urlencoded::Serializer::new(String::new());
                for p in chunk {
                    q.append_pair("party", p);
                }
                q.append_pair("systemLabel", "Default");
                q.append_pair("orderBy", "createdAt_desc");
                q.append_pair("limit", &PAGE_SIZE.to_string());
                if let Some(t) = &token {
                    q.append_pair("continuationToken", t);
                }
                let path = format!("/api/v1/enduser/dialogs?{}", q.finish());
                let page: Page = self.get_json("dialogs", &path, &shown)?;
                all.extend(page.items.unwrap_or_default());
                pages += 1;
                match (page.has_next_page, page.continuation_token) {
                    (true, Some(t)) if !t.is_empty() && Some(&t) != token.as_ref() => {
                        token = Some(t)
                    }
                    (true, _) => {
                        return Err(AltinnError::MalformedJson {
                            what: "dialogs".into(),
                            detail: format!(
                                "page {pages} says hasNextPage but gives no new continuationToken"
                            ),
                        });
                    }
                    (false, _) => break,
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|d| seen.insert(d.id.clone()));
        all.sort_by(|a, b| {
            b.created_ts()
                .cmp(&a.created_ts())
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(all)
    }

    /// The activities of a dialog (type and time; descriptions need [`Client::activity`]).
    pub fn activities(&self, id: &str) -> Result<Vec<Activity>, AltinnError> {
        self.get_json(
            "activities",
            &format!("/api/v1/enduser/dialogs/{id}/activities"),
            id,
        )
    }

    /// One activity with its description.
    pub fn activity(&self, id: &str, activity: &str) -> Result<Activity, AltinnError> {
        self.get_json(
            "activity",
            &format!("/api/v1/enduser/dialogs/{id}/activities/{activity}"),
            id,
        )
    }

    /// The dialog's details. THIS MARKS THE DIALOG AS SEEN in Altinn, for everyone.
    pub fn dialog(&self, id: &str) -> Result<Dialog, AltinnError> {
        self.get_json("dialog", &format!("/api/v1/enduser/dialogs/{id}"), id)
    }

    /// Downloads an attachment URL. The token goes only to Dialogporten's own origin
    /// (scheme, host and port of the base URL); any other host gets the request without
    /// it, so a dialog cannot make the tool hand its token to a third party. Plain http
    /// is refused except to this machine.
    pub fn download(&self, url: &str, what: &str) -> Result<Vec<u8>, AltinnError> {
        let parsed = url::Url::parse(url).map_err(|e| AltinnError::MalformedJson {
            what: what.into(),
            detail: format!("the attachment URL is not a URL: {e}"),
        })?;
        let loopback = parsed
            .host_str()
            .is_some_and(crate::config::is_loopback_host);
        if !(parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback)) {
            return Err(AltinnError::Unreachable {
                what: what.into(),
                host: parsed.host_str().unwrap_or("").to_string(),
                detail: format!("refused: {} is not https", parsed.scheme()),
            });
        }
        let req = Request::get(what, url.to_string());
        let reply = if same_origin(&parsed, &self.base) {
            self.authorised(req)?
        } else {
            self.http.send(&req)?
        };
        check(&reply, what, what)?;
        Ok(reply.body)
    }

    /// Sets the `Archive` system label. With `revision`, only if nobody changed the
    /// dialog's end-user context since (`If-Match`; a 412 otherwise). Returns the new
    /// revision (`Etag`) when the server gives one.
    pub fn archive(&self, id: &str, revision: Option<&str>) -> Result<Option<String>, AltinnError> {
        let what = format!("archive dialog {id}");
        let mut req = Request {
            what: what.clone(),
            method: "PUT",
            url: format!(
                "{}/api/v1/enduser/dialogs/{id}/context/systemlabels",
                self.base
            ),
            headers: vec![("content-type", "application/json".into())],
            body: Some(br#"{"addLabels":["Archive"]}"#.to_vec()),
        };
        if let Some(r) = revision {
            req.headers.push(("if-match", r.to_string()));
        }
        let reply = self.authorised(req)?;
        if reply.status == 412 {
            return Err(AltinnError::Conflict { id: id.into() });
        }
        check(&reply, &what, id)?;
        Ok(reply
            .header("etag")
            .map(|e| e.trim_matches('"').to_string()))
    }
}

/// True when `url` has the scheme, host and port of `base`.
fn same_origin(url: &url::Url, base: &str) -> bool {
    url::Url::parse(base).is_ok_and(|b| {
        b.scheme() == url.scheme()
            && b.host_str() == url.host_str()
            && b.port_or_known_default() == url.port_or_known_default()
    })
}

/// The error a non-2xx status means.
fn check(reply: &Reply, what: &str, party: &str) -> Result<(), AltinnError> {
    match reply.status {
        200..=299 => Ok(()),
        401 => Err(AltinnError::Unauthorized { what: what.into() }),
        403 => Err(AltinnError::Forbidden {
            what: what.into(),
            party: party.into(),
        }),
        404 | 410 => Err(AltinnError::NotFound { what: what.into() }),
        status => Err(AltinnError::Status {
            what: what.into(),
            status,
            detail: match reply.header("retry-after") {
                Some(r) if status == 429 => format!(
                    "too many requests; the server asks to wait {r} s{}",
                    if reply.detail().is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", reply.detail())
                    }
                ),
                _ => reply.detail(),
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_only_to_dialogporten_itself() {
        let base = "https://platform.altinn.no/dialogporten";
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert!(same_origin(&u("https://platform.altinn.no/x/y"), base));
        assert!(same_origin(&u("https://platform.altinn.no:443/x"), base));
        assert!(!same_origin(&u("https://evil.example/x"), base));
        assert!(!same_origin(&u("http://platform.altinn.no/x"), base));
        assert!(!same_origin(&u("https://platform.altinn.no:8443/x"), base));
    }

    #[test]
    fn file_names_stay_in_their_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name("a\u{1b}[2Jb.pdf"), "a_[2Jb.pdf");
        assert_eq!(safe_file_name("  "), "vedlegg");
    }
}
