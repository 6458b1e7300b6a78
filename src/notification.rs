//! Is a message an Altinn notification? Whether it claims to be one, whether it is genuine
//! (sender domain, DMARC verdict, link targets), and what it says: recipient organisation
//! (name and number) and the sending agency.

use crate::links::LinkWrapper;
use crate::message::{HeaderPeek, ParsedMail, RawFields};
use crate::orgnr::{self, OrgNr};
use crate::pattern::WordRegex;
use crate::text::collapse_whitespace;
use crate::{authres, links};
use serde::Serialize;
use std::sync::LazyLock;

/// Defined with the links (which judge hosts by it); re-exported where it was.
pub use crate::links::domain_is_trusted;

/// The domain of an address: what follows the last '@'.
pub fn address_domain(addr: &str) -> Option<&str> {
    addr.rsplit_once('@').map(|(_, d)| d.trim_end_matches('>'))
}

/// Subjects of the notification family, generations and languages alike. Matched against
/// the start of the subject, case-insensitively, after an optional reminder prefix.
static NOTIFICATION_SUBJECT: LazyLock<WordRegex> = LazyLock::new(|| {
    let reminder = r"(?:(?:påminnelse|påminning|purring|reminder)\s*[-–—:]\s*)?";
    let family = [
        // "(Du har|You have) (mottatt|motteke|fått|received) (en|ei|a) (ny|new) melding i Altinn"
        r"(?:du har|de har|you have|dere har)\s+(?:mottatt|motteke|fått|fått inn|received|got)\b.*\b(?:melding|meldinga|meldingar|meldinger|message|messages|brev|letter)\b.*\b(?:i|in)\s+altinn\b",
        // "(En|Ein|A) (ny|new) melding (har blitt) mottatt i Altinn", "Melding mottatt i Altinn"
        r"(?:(?:en|ein|ei|a|an|ny|nytt|new)\s+)*(?:melding|meldinga|message|brev|letter|varsel|notification)\b.*\b(?:mottatt|motteke|received|tilgjengelig|available)\b.*\b(?:i|in)\s+altinn\b",
        // Altinn 2 agency subjects: "Ny melding i Altinn", "Melding fra Skatteetaten i Altinn"
        r"(?:ny|nytt|new)\s+(?:melding|varsel|brev|message)\s+(?:i|in|fra|frå|from)\s+altinn\b",
        r"(?:melding|brev|message|letter)\s+(?:fra|frå|from)\s+.+?\s+(?:i|in)\s+altinn\b",
        // NAV sick-leave notifications, every spelling
        r"ny\s+(?:digital\s+)?(?:sykmelding|sykemelding|sjukmelding|sjukemelding)\b",
        r"ny\s+melding\s+om\s+(?:sykmelding|sykemelding|sjukmelding|sjukemelding)\b",
        r"ny\s+søknad\s+om\s+(?:sykepenger|sjukepengar|sjukepengar)\b",
        r"(?:sykepengesøknad|sjukepengesøknad)\s+som\s+(?:ikke|ikkje)\s+er\s+sendt?\s+inn\b",
    ];
    WordRegex::new(&format!("(?i)^{reminder}(?:{})", family.join("|"))).expect("valid regex")
});

/// True when the subject begins with a known notification subject (or a rewording of one).
pub fn subject_is_notification(subject: &str) -> bool {
    NOTIFICATION_SUBJECT.is_match(subject.trim())
}

/// Removes the external-sender tags a gateway put before the subject (`[EKSTERN] `,
/// `EXT: `; case-insensitive, several in a row): the rest, and the tags as written.
pub fn strip_subject_tags<'s>(subject: &'s str, tags: &[String]) -> (&'s str, Vec<&'s str>) {
    let mut rest = subject.trim_start();
    let mut removed = Vec::new();
    // Most subjects start with no tag's first letter: the scan peeks at every message.
    let first = rest.as_bytes().first().map(u8::to_ascii_lowercase);
    let may_start = |t: &String| match t.as_bytes().first() {
        Some(b) if b.is_ascii_whitespace() => true, // written with a space: check it fully
        b => b.map(u8::to_ascii_lowercase) == first,
    };
    if !tags.iter().any(may_start) {
        return (rest, removed);
    }
    'outer: loop {
        for tag in tags {
            let tag = tag.trim();
            if tag.is_empty() {
                continue;
            }
            if let Some(len) = prefix_len_ci(rest, tag) {
                removed.push(&rest[..len]);
                rest = rest[len..].trim_start();
                continue 'outer;
            }
        }
        return (rest, removed);
    }
}

/// The byte length of `prefix` at the start of `s`, compared case-insensitively.
fn prefix_len_ci(s: &str, prefix: &str) -> Option<usize> {
    let mut it = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = it.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(it.next().map_or(s.len(), |(i, _)| i))
}

/// Why a message claims to be from Altinn; empty when it does not. `tags` are the
/// external-sender subject tags removed before the subject is recognised.
pub fn claims(peek: &HeaderPeek, trusted_senders: &[String], tags: &[String]) -> Vec<Claim> {
    let mut out = Vec::new();
    if let Some(domain) = peek.from_addr.as_deref().and_then(address_domain)
        && domain_is_trusted(domain, trusted_senders)
    {
        out.push(Claim::TrustedSenderDomain(domain.to_string()));
    }
    if let Some(name) = &peek.from_name
        && name.to_lowercase().contains("altinn")
    {
        out.push(Claim::DisplayName(name.clone()));
    }
    if let Some(subject) = &peek.subject
        && subject_is_notification(strip_subject_tags(subject, tags).0)
    {
        out.push(Claim::Subject(subject.clone()));
    }
    out
}

/// A cheap, conservative pre-check on the raw From and Subject fields: `false` only when
/// the message certainly does not claim to be from Altinn. A field is decoded only when it
/// is encoded and could still hold a claim, so most mail never meets the decoder.
pub fn may_claim(raw: &RawFields, trusted_senders: &[String], tags: &[String]) -> bool {
    let from_claims = if raw.from.is_empty() {
        false
    } else if RawFields::needs_decoding(&raw.from) {
        let (addr, name) = raw.decode_from();
        addr.as_deref()
            .and_then(address_domain)
            .is_some_and(|d| domain_is_trusted(d, trusted_senders))
            || name.is_some_and(|n| n.to_lowercase().contains("altinn"))
    } else {
        // In plain text, a trusted domain or the name Altinn appears literally (searched
        // in the raw bytes, ASCII case-insensitively: no copy per message).
        contains_ignore_ascii_case(&raw.from, b"altinn")
            || trusted_senders.iter().any(|d| {
                contains_ignore_ascii_case(&raw.from, d.trim().trim_start_matches('.').as_bytes())
            })
    };
    if from_claims {
        return true;
    }
    if raw.subject.is_empty() {
        return false;
    }
    let subject = if RawFields::needs_decoding(&raw.subject) {
        raw.decode_subject().unwrap_or_default()
    } else {
        RawFields::plain_value(&raw.subject)
    };
    subject_is_notification(strip_subject_tags(&subject, tags).0)
}

/// `needle` occurs in `hay`, ASCII letters compared without case. Only the places where
/// its first byte occurs (in either case, found with SIMD) are compared.
fn contains_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let last_start = match hay.len().checked_sub(needle.len()) {
        Some(n) => n,
        None => return false,
    };
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &hay[..=last_start],
    )
    .any(|at| hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest))
}

/// One reason why a message looks like an Altinn notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Claim {
    TrustedSenderDomain(String),
    DisplayName(String),
    Subject(String),
}

/// One failed authenticity check, with its evidence. `scan --json` writes it as
/// `{"kind": …, "detail": …}`, `kind` being [`Doubt::kind`], `detail` the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// The From address is not in a trusted domain (or there is no From address).
    UntrustedSender(String),
    /// An Authentication-Results header reports `dmarc=fail` (the header's value).
    DmarcFail(String),
    /// An Authentication-Results header reports Microsoft's `compauth=fail`.
    CompauthFail(String),
    /// A link in the message's body leads outside the trusted link domains: the link,
    /// and its target when a wrapper (Safe Links, Proofpoint) was seen through.
    UntrustedLink(String, Option<String>),
    /// A link in an HTML attachment or an attached message leads outside them.
    UntrustedAttachmentLink(String, Option<String>),
    /// The header has more than one From field (this many): which one a mail client
    /// shows is anybody's guess.
    SeveralFromFields(usize),
    /// The message is larger than any real notification: its size and the limit, bytes.
    TooLarge { size: u64, limit: u64 },
}

impl Doubt {
    /// The stable machine name of the kind of doubt.
    pub fn kind(&self) -> &'static str {
        match self {
            Doubt::UntrustedSender(_) => "untrusted_sender",
            Doubt::DmarcFail(_) => "dmarc_fail",
            Doubt::CompauthFail(_) => "compauth_fail",
            Doubt::UntrustedLink(..) => "untrusted_link",
            Doubt::UntrustedAttachmentLink(..) => "untrusted_attachment_link",
            Doubt::SeveralFromFields(_) => "several_from_fields",
            Doubt::TooLarge { .. } => "too_large",
        }
    }

    /// The evidence: the address, header or link that failed the check (a wrapped link
    /// as `wrapper → target`), the number of From fields, or the size.
    pub fn detail(&self) -> String {
        match self {
            Doubt::UntrustedSender(s) | Doubt::DmarcFail(s) | Doubt::CompauthFail(s) => s.clone(),
            Doubt::UntrustedLink(l, None) | Doubt::UntrustedAttachmentLink(l, None) => l.clone(),
            Doubt::UntrustedLink(l, Some(t)) | Doubt::UntrustedAttachmentLink(l, Some(t)) => {
                format!("{l} → {t}")
            }
            Doubt::SeveralFromFields(n) => n.to_string(),
            Doubt::TooLarge { size, .. } => size.to_string(),
        }
    }
}

impl Serialize for Doubt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Doubt", 2)?;
        st.serialize_field("kind", self.kind())?;
        st.serialize_field("detail", &self.detail())?;
        st.end()
    }
}

/// Something about a notification that the clerk should know but that changes neither
/// the recipient nor the verdict. Written like a doubt: `{"kind": …, "detail": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The text names this number besides the recipient it greets (with the configured
    /// unit's name when it is one): it says what the message is about, not who got it.
    OtherNumberInText { org: OrgNr, unit: Option<String> },
    /// The notice matches an entry of `[[not_fetched]]`: the document centre does not fetch
    /// this kind of message (routine point 4); `reason` is the configuration's.
    NotFetched { name: String, reason: String },
    /// The notice says the message was sent to a role other than post/arkiv: the clerk
    /// decides; a batch does not archive it.
    OtherRole { role: String },
}

impl Note {
    pub fn kind(&self) -> &'static str {
        match self {
            Note::OtherNumberInText { .. } => "other_number_in_text",
            Note::NotFetched { .. } => "not_fetched",
            Note::OtherRole { .. } => "other_role",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Note::OtherNumberInText { org, unit: None } => org.digits(),
            Note::OtherNumberInText { org, unit: Some(u) } => format!("{} ({u})", org.digits()),
            Note::NotFetched { name, reason } => format!("{name}: {reason}"),
            Note::OtherRole { role } => role.clone(),
        }
    }
}

impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Note", 2)?;
        st.serialize_field("kind", self.kind())?;
        st.serialize_field("detail", &self.detail())?;
        st.end()
    }
}

/// The authenticity checks of a claiming message: every doubt (genuine when none) and
/// every link followed to its target, for `explain`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    pub doubts: Vec<Doubt>,
    /// The body's links, followed through any wrappers.
    pub links: Vec<links::Followed>,
    /// The links of HTML attachments and attached messages, followed.
    pub attachment_links: Vec<links::Followed>,
}

/// Checks a claiming message against the trusted domains and the known link wrappers.
pub fn check(
    mail: &ParsedMail,
    trusted_senders: &[String],
    trusted_links: &[String],
    wrappers: &[LinkWrapper],
) -> Checked {
    let mut out = Checked::default();
    match mail.from_addr.as_deref().and_then(address_domain) {
        Some(domain) if domain_is_trusted(domain, trusted_senders) => {}
        _ => out.doubts.push(Doubt::UntrustedSender(
            mail.from_addr.clone().unwrap_or_default(),
        )),
    }
    if mail.from_fields > 1 {
        out.doubts.push(Doubt::SeveralFromFields(mail.from_fields));
    }
    for ar in &mail.auth_results {
        // Only a failed result matters: a header without "fail" need not be parsed.
        if memchr::memmem::find(ar.to_ascii_lowercase().as_bytes(), b"fail").is_none() {
            continue;
        }
        let parsed = authres::parse(ar);
        if parsed.failed("dmarc") {
            out.doubts.push(Doubt::DmarcFail(ar.clone()));
        }
        if parsed.failed("compauth") {
            out.doubts.push(Doubt::CompauthFail(ar.clone()));
        }
    }
    let target_if_wrapped =
        |f: &links::Followed| (!f.wrappers.is_empty()).then(|| f.target.clone());
    for link in &mail.links {
        let f = links::follow(link, trusted_links, wrappers);
        if !f.judgement.is_trusted() {
            out.doubts
                .push(Doubt::UntrustedLink(link.clone(), target_if_wrapped(&f)));
        }
        out.links.push(f);
    }
    for link in &mail.attachment_links {
        let f = links::follow(link, trusted_links, wrappers);
        if !f.judgement.is_trusted() {
            out.doubts.push(Doubt::UntrustedAttachmentLink(
                link.clone(),
                target_if_wrapped(&f),
            ));
        }
        out.attachment_links.push(f);
    }
    out
}

/// The warning banner a gateway put at the top of `body`: the leading lines (blank ones
/// aside) that contain one of `markers` (case-insensitive), with the blank lines after
/// them, as a byte range of `body`; the notice starts where it ends.
pub fn banner(body: &str, markers: &[String]) -> Option<std::ops::Range<usize>> {
    if markers.is_empty() {
        return None;
    }
    let markers: Vec<String> = markers.iter().map(|m| m.to_lowercase()).collect();
    let mut end = None;
    let mut at = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let line_end = at + line.len();
        if line.trim().is_empty() {
            at = line_end;
            continue;
        }
        let lower = line.replace('\u{a0}', " ").to_lowercase();
        if n >= 12 || !markers.iter().any(|m| lower.contains(m.as_str())) {
            // The blank lines after the banner go with it: the notice starts here.
            return end.map(|_| 0..at);
        }
        end = Some(line_end);
        at = line_end;
    }
    end.map(|end| 0..end)
}

/// What the text of a notification says about whom it is for and who sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extracted {
    pub recipient_name: Option<String>,
    pub recipient_org: Option<OrgNr>,
    pub sender: Option<String>,
    /// The recipient was named by a phrase that carries no number ("Hei. NAME har
    /// mottatt", "Hei NAME, du har mottatt"): a number elsewhere in the text says what
    /// the message is about, not who received it.
    #[serde(skip)]
    pub named_without_number: bool,
    /// Every valid org number in the text, in order.
    #[serde(skip)]
    pub numbers: Vec<OrgNr>,
}

/// Extracts recipient name, recipient org number and sender from subject and body.
/// `preferred` are tiers of configured numbers (the units, then the organisation): when
/// several valid numbers appear, the first one of the earliest tier wins, else the first.
pub fn extract(subject: &str, body: &str, preferred: &[&[OrgNr]]) -> Extracted {
    let body = collapse_whitespace(body);
    let subject = collapse_whitespace(subject);
    let (recipient_name, named_without_number) = match recipient_name(&subject, &body) {
        Some((name, without)) => (Some(name), without),
        None => (None, false),
    };
    let mut numbers = orgnr::find_all(&body);
    for n in orgnr::find_all(&subject) {
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    Extracted {
        recipient_name,
        recipient_org: preferred_number(&numbers, preferred),
        sender: sender(&subject, &body),
        named_without_number,
        numbers,
    }
}

/// The first number of the earliest tier of `preferred` among `all`, else the first.
fn preferred_number(all: &[OrgNr], preferred: &[&[OrgNr]]) -> Option<OrgNr> {
    preferred
        .iter()
        .find_map(|tier| all.iter().find(|n| tier.contains(n)))
        .or(all.first())
        .copied()
}

static RECIPIENT_PATTERNS: LazyLock<Vec<WordRegex>> = LazyLock::new(|| {
    // An organisation name as registered: upper case (case-sensitive on purpose).
    let upper = r"(\p{Lu}[\p{Lu}\d &.'/-]+?)";
    let number = r"\(\s*(?i:org\.?\s*nr\.?|orgnr\.?)?\s*:?\s*\d{3}\s?\d{3}\s?\d{3}\s*\)";
    [
        // first generation: "Hei NAME, du har mottatt" / "Hello NAME, this is a reminder"
        r"(?i)\b(?:hei|hallo|hello|hi)\s+([^,.!\n]+?)\s*,\s*(?:du|dette|de|you|this)\b".to_string(),
        // newest generation: "Hei. [Dette er en påminnelse om at] NAME har mottatt"
        r"(?i)\b(?:hei|hallo|hello|hi)[.!]\s+(?:(?:dette er (?:en|ei) (?:påminnelse|påminning) om at|this is a reminder that)\s+)?(.+?)\s+(?:har|has)\s+(?:mottatt|motteke|fått|received)\b".to_string(),
        // NAV: "En ansatt i NAME (NR)" / "En ansatt hos NAME (orgnr NR)"
        r"(?i)\ben ansatt (?:i|hos|ved)\s+(.+?)\s*\(\s*(?:org\.?\s*nr\.?|orgnr\.?|organisasjonsnummer)?\s*:?\s*\d".to_string(),
        // Altinn 2: "til NAME (NR)", "NAME (NR)", "NAME, org.nr. NR", "NAME har mottatt"
        format!(r"(?i:\b(?:til|for|to))\s+{upper}\s*{number}"),
        format!(r"{upper}\s*{number}"),
        format!(r"{upper},?\s+(?i:org\.?\s*nr\.?|orgnr\.?)\s*:?\s*\d{{3}}\s?\d{{3}}\s?\d{{3}}\b"),
        format!(r"{upper}\s+(?i:har|has)\s+(?i:mottatt|motteke|fått|received)\b"),
    ]
    .iter()
    .map(|p| WordRegex::new(p).expect("valid regex"))
    .collect()
});

static SUBJECT_RECIPIENT: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(r"(?i)\b(?:ansatte|tilsette|employees)\s+(?:hos|i|ved|at)\s+(.+?)\s*$")
        .expect("valid regex")
});

/// The recipient's name, and whether the phrase that names it carries no number (the
/// greetings and "NAME har mottatt"; the NAV and Altinn 2 forms give one with the name).
fn recipient_name(subject: &str, body: &str) -> Option<(String, bool)> {
    const WITHOUT_NUMBER: [usize; 3] = [0, 1, 6];
    RECIPIENT_PATTERNS
        .iter()
        .enumerate()
        .filter_map(|(i, re)| re.captures(body).map(|c| (i, c)))
        .map(|(i, c)| {
            (
                c[1].trim().trim_end_matches([',', '.']).to_string(),
                WITHOUT_NUMBER.contains(&i),
            )
        })
        .find(|(name, _)| is_plausible_name(name))
        .or_else(|| {
            SUBJECT_RECIPIENT
                .captures(subject)
                .map(|c| (c[1].trim().to_string(), false))
                .filter(|(n, _)| is_plausible_name(n))
        })
}

/// Rejects captures that are sentence fragments rather than names.
fn is_plausible_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    (2..=120).contains(&name.chars().count())
        && name.chars().any(char::is_alphabetic)
        && ![
            "underenhet med",
            "du har",
            "you have",
            "dette er",
            "this is",
        ]
        .iter()
        .any(|f| lower.starts_with(f))
}

static SENDER_PATTERNS: LazyLock<Vec<WordRegex>> = LazyLock::new(|| {
    [
        // "har mottatt en ny melding [i Altinn] fra SENDER." The name ends at the sentence's
        // end or at "i Altinn" / "i meldingsboksen" / "er tilgjengelig".
        r"(?i)\b(?:melding|meldinga|message|brev|letter)\b(?:\s+(?:i|in)\s+altinn)?\s+(?:fra|frå|from)\s+(.+?)\s*(?:\.(?:\s|$)|$|\s+(?:i|in)\s+(?:altinn|meldingsboksen|innboksen|the inbox)\b|\s+(?:er|is|ble|was)\s)",
        // NAV's signature
        r"(?i)\b(?:vennlig hilsen|venleg helsing|med vennlig hilsen|best regards|kind regards)[,.]?\s+(nav|arbeids- og velferdsetaten)\b",
    ]
    .iter()
    .map(|p| WordRegex::new(p).expect("valid regex"))
    .collect()
});

/// Altinn 2 agency subjects: "Melding fra SENDER i Altinn".
static SUBJECT_SENDER: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(
        r"(?i)\b(?:melding|brev|message|letter)\s+(?:fra|frå|from)\s+(.+?)\s+(?:i|in)\s+altinn\b",
    )
    .expect("valid regex")
});

fn sender(subject: &str, body: &str) -> Option<String> {
    SUBJECT_SENDER
        .captures(subject)
        .or_else(|| SENDER_PATTERNS.iter().find_map(|re| re.captures(body)))
        .map(|c| c[1].trim().trim_end_matches([',', '.']).to_string())
        .filter(|s| (2..=120).contains(&s.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Vec<String> {
        vec!["altinn.no".into()]
    }

    #[test]
    fn may_claim_is_conservative() {
        let tags = crate::config::Recognition::default().subject_tags;
        let may_claim = |raw: &RawFields, t: &[String]| may_claim(raw, t, &tags);
        let t = trusted();
        let raw = |from: &str, subject: &str| RawFields {
            from: format!("From: {from}\r\n").into_bytes(),
            subject: format!("Subject: {subject}\r\n").into_bytes(),
        };
        assert!(!may_claim(
            &raw("Kari <kari@sandnes.kommune.no>", "Lunsj"),
            &t
        ));
        assert!(may_claim(&raw("Altinn <noreply@altinn.no>", "x"), &t));
        assert!(may_claim(
            &raw("=?utf-8?B?QWx0aW5u?= <x@evil.example>", "x"),
            &t
        ));
        assert!(!may_claim(
            &raw("=?utf-8?Q?K=C3=A5re?= <k@sandnes.kommune.no>", "x"),
            &t
        ));
        assert!(may_claim(
            &raw("k@x.no", "=?utf-8?Q?Ny_s=C3=B8knad_om_sykepenger?="),
            &t
        ));
        assert!(!may_claim(&raw("k@x.no", "=?utf-8?Q?M=C3=B8te?="), &t));
        assert!(may_claim(
            &raw("k@x.no", "Du har mottatt en melding i\r\n Altinn"),
            &t
        ));
        let folded = RawFields {
            from: b"From: \"Al\\tinn\" <x@evil.example>\r\n".to_vec(),
            subject: Vec::new(),
        };
        assert!(may_claim(&folded, &t), "a quoted-pair cannot hide the name");
    }

    #[test]
    fn contains_ignore_ascii_case_finds_what_a_window_by_window_search_finds() {
        let naive = |hay: &[u8], needle: &[u8]| {
            needle.is_empty()
                || hay
                    .windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle))
        };
        let hays: [&[u8]; 7] = [
            b"",
            b"a",
            b"Altinn <noreply@ALTINN.NO>",
            b"Kari <kari@alt.example.org>",
            b"altin",
            b"xaltinnx",
            "Ålt <x@Altinn.no.example>".as_bytes(),
        ];
        for hay in hays {
            for needle in [
                &b""[..],
                b"a",
                b"altinn",
                b"altinn.no",
                b"ALTINN.NO",
                b"x",
                b"altinnx",
            ] {
                assert_eq!(
                    contains_ignore_ascii_case(hay, needle),
                    naive(hay, needle),
                    "{:?} in {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(hay)
                );
            }
        }
    }

    #[test]
    fn subject_tags_are_stripped_case_insensitively_and_only_at_the_start() {
        let tags = crate::config::Recognition::default().subject_tags;
        let strip = |s| {
            let (rest, removed) = strip_subject_tags(s, &tags);
            (rest.to_string(), removed.concat())
        };
        assert_eq!(
            strip("[EKSTERN] Ny sykmelding"),
            ("Ny sykmelding".into(), "[EKSTERN]".into())
        );
        assert_eq!(
            strip("  ext:Ny sykmelding"),
            ("Ny sykmelding".into(), "ext:".into())
        );
        assert_eq!(
            strip("[External] [Ekstern e-post] Melding mottatt i Altinn"),
            (
                "Melding mottatt i Altinn".into(),
                "[External][Ekstern e-post]".into()
            )
        );
        for kept in [
            "VS: [EKSTERN] Ny sykmelding",
            "SV: Ny sykmelding",
            "Fwd: Du har mottatt en melding i Altinn",
            "Automatisk svar: Ny sykmelding",
            "Extension: x",
            "",
        ] {
            assert_eq!(strip(kept).1, "", "{kept:?}");
        }
        assert!(!subject_is_notification(
            strip("VS: [EKSTERN] Ny sykmelding").0.as_str()
        ));
    }

    #[test]
    fn the_banner_is_the_leading_lines_with_a_marker() {
        let markers = crate::config::Recognition::default().banner_markers;
        let body = "EKSTERN AVSENDER:\nDenne e-posten kommer fra utsiden av Sandnes\u{a0}kommune.\n\nHei. SANDNES KOMMUNE har mottatt en ny melding fra Skatteetaten.\nEkstern avsender nevnt senere teller ikke.";
        let range = banner(body, &markers).expect("a banner");
        assert!(
            body[range.end..].starts_with("Hei. SANDNES"),
            "{:?}",
            &body[range.end..]
        );
        assert!(body[range].contains("utsiden"));
        assert_eq!(banner("Hei. SANDNES KOMMUNE har mottatt", &markers), None);
        assert_eq!(banner("", &markers), None);
        assert_eq!(banner(body, &[]), None);
    }

    #[test]
    fn every_known_subject_is_recognised() {
        for s in [
            "En melding har blitt mottatt i Altinn",
            "En melding har blitt mottatt i Altinn - Skatteetaten",
            "Melding mottatt i Altinn",
            "Påminnelse - en melding har blitt mottatt i Altinn",
            "Ein melding har blitt motteke i Altinn",
            "Melding motteke i Altinn",
            "Påminning - ein melding har blitt motteke i Altinn",
            "A message has been received in Altinn",
            "Message received in Altinn",
            "Reminder - a message has been received in Altinn",
            "Du har mottatt en melding i Altinn",
            "Påminnelse - du har mottatt en melding i Altinn",
            "Du har motteke ei melding i Altinn",
            "Påminning - du har motteke ei melding i Altinn",
            "You have received a message in Altinn",
            "Reminder - you have received a message in Altinn",
            "Ny sykmelding for en av dine ansatte hos SANDNES KOMMUNE",
            "Ny sykmelding for en av dine ansatte",
            "Ny søknad om sykepenger for en av dine ansatte hos SANDNES KOMMUNE",
            "Ny sykmelding i Altinn",
            "Ny søknad om sykepenger i Altinn",
            "Sykepengesøknad som ikke er sendt inn",
            "Ny melding i Altinn",
            "Ny melding om sykemelding",
            "Ny sjukmelding",
            "Ny søknad om sjukepengar",
            "Melding fra Skatteetaten i Altinn",
            // rewordings of the family
            "Ny melding mottatt i Altinn",
            "Du har fått en ny melding i Altinn",
            "Reminder: you have received a new message in Altinn",
            "En ny melding er mottatt i Altinn",
        ] {
            assert!(subject_is_notification(s), "not recognised: {s:?}");
        }
    }

    #[test]
    fn ordinary_subjects_are_not_notifications() {
        for s in [
            "VS: Du har mottatt en melding i Altinn",
            "Re: Ny melding i Altinn",
            "Møte om Altinn-rutinen",
            "Innkalling til dialogmøte",
            "Nyhetsbrev november",
            "Altinn er nede i kveld",
            "Ny melding",
        ] {
            assert!(!subject_is_notification(s), "wrongly recognised: {s:?}");
        }
    }

    fn ex(subject: &str, body: &str) -> Extracted {
        let units = ["973857673".parse().unwrap(), "973857789".parse().unwrap()];
        extract(subject, body, &[&units, &["964965137".parse().unwrap()]])
    }

    #[test]
    fn extraction_newest_generation_all_languages() {
        let e = ex(
            "En melding har blitt mottatt i Altinn",
            "Hei. SANDNES KOMMUNE har mottatt en ny melding fra Skatteetaten. Logg deg inn i Altinn for å se denne meldingen.",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("SANDNES KOMMUNE"));
        assert_eq!(e.sender.as_deref(), Some("Skatteetaten"));
        assert_eq!(e.recipient_org, None);
        let e = ex(
            "",
            "Hei. Dette er ei påminning om at NAV SANDNES har motteke ei ny melding frå Statens vegvesen. Logg deg inn",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("NAV SANDNES"));
        assert_eq!(e.sender.as_deref(), Some("Statens vegvesen"));
        let e = ex(
            "",
            "Hello. This is a reminder that SANDNES KOMMUNE has received a new message from The Norwegian Tax Administration. Log in to Altinn to see this message.",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("SANDNES KOMMUNE"));
        assert_eq!(
            e.sender.as_deref(),
            Some("The Norwegian Tax Administration")
        );
    }

    #[test]
    fn extraction_first_generation_all_languages() {
        let e = ex(
            "",
            "Hei SANDNES KOMMUNE BARNEVERN, du har mottatt en ny melding i Altinn fra Statsforvalteren i Rogaland. Saken gjelder org.nr. 973 857 673. Logg deg inn",
        );
        assert_eq!(
            e.recipient_name.as_deref(),
            Some("SANDNES KOMMUNE BARNEVERN")
        );
        assert_eq!(e.sender.as_deref(), Some("Statsforvalteren i Rogaland"));
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("973857673")
        );
        let e = ex(
            "",
            "Hei PPT, dette er ei påminning om at du har motteke ei ny melding i Altinn frå Udir.",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("PPT"));
        assert_eq!(e.sender.as_deref(), Some("Udir"));
        let e = ex(
            "",
            "Hello SANDNES KOMMUNE, you have received a new message in Altinn from Brønnøysundregistrene. Log in",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("SANDNES KOMMUNE"));
        assert_eq!(e.sender.as_deref(), Some("Brønnøysundregistrene"));
    }

    #[test]
    fn extraction_nav_forms() {
        let e = ex(
            "Ny sykmelding for en av dine ansatte hos SANDNES KOMMUNE",
            "En ansatt hos SANDNES KOMMUNE (orgnr 964965137) har sendt inn en ny sykmelding.\nLogg inn på Altinn eller Nav for å se sykmeldingen.\nVennlig hilsen Nav.",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("SANDNES KOMMUNE"));
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("964965137")
        );
        assert_eq!(e.sender.as_deref(), Some("Nav"));
        let e = ex(
            "Ny søknad om sykepenger i Altinn",
            "En ansatt i NAV SANDNES (874610712) har sendt inn en søknad om sykepenger. Logg inn på Altinn for å se søknaden. Vennlig hilsen NAV.",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("NAV SANDNES"));
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("874610712")
        );
        assert_eq!(e.sender.as_deref(), Some("NAV"));
        let e = ex(
            "Ny sykmelding for en av dine ansatte",
            "En ansatt i underenhet med orgnr 973 857 789 har sendt inn en ny sykmelding.",
        );
        assert_eq!(e.recipient_name, None);
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("973857789")
        );
    }

    #[test]
    fn extraction_altinn2_forms() {
        let e = ex(
            "Melding fra Skatteetaten i Altinn",
            "SANDNES KOMMUNE (964965137) har mottatt en melding. Tolldeklarasjonsoversikt.",
        );
        assert_eq!(e.recipient_name.as_deref(), Some("SANDNES KOMMUNE"));
        assert_eq!(e.sender.as_deref(), Some("Skatteetaten"));
        let e = ex(
            "Ny melding i Altinn",
            "Det er kommet en ny melding til SANDNES KOMMUNE, org.nr. 964 965 137, i Altinn.",
        );
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("964965137")
        );
        assert_eq!(e.recipient_name.as_deref(), Some("SANDNES KOMMUNE"));
    }

    #[test]
    fn prefers_a_configured_unit_number() {
        let e = ex(
            "",
            "Melding fra Skatteetaten (974761076) til BARNEVERN (973857673).",
        );
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("973857673")
        );
        let e = ex("", "Gjelder 964 965 137, underenhet org.nr. 973 857 789.");
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("973857789")
        );
        let e = ex("", "ugyldig 973857674, gyldig 974761076");
        assert_eq!(
            e.recipient_org.map(|o| o.digits()).as_deref(),
            Some("974761076")
        );
    }

    #[test]
    fn links_and_dmarc_decide_authenticity() {
        let mut m = ParsedMail {
            from_addr: Some("noreply@altinn.no".into()),
            links: vec![
                "https://www.altinn.no/ui/MessageBox?O=964965137".into(),
                "https://nav.no".into(),
                "mailto:x@y.no".into(),
            ],
            auth_results: vec!["mx; spf=pass; dkim=pass; dmarc=pass".into()],
            ..Default::default()
        };
        let links = vec!["altinn.no".to_string(), "nav.no".to_string()];
        let doubts = |m: &ParsedMail, t: &[String], l: &[String]| {
            check(
                m,
                t,
                l,
                &crate::config::Recognition::default().link_wrappers,
            )
            .doubts
        };
        assert!(doubts(&m, &trusted(), &links).is_empty());
        m.links.push("https://altinn.no.example.org/login".into());
        m.links.push("javascript:alert(1)".into());
        m.auth_results
            .push("mx; dmarc=fail (p=reject) header.from=altinn.no".into());
        let d = doubts(&m, &trusted(), &links);
        assert_eq!(d.len(), 3, "{d:?}");
        m.from_addr = Some("varsel@altinn-varsel.com".into());
        assert!(matches!(
            doubts(&m, &trusted(), &links)[0],
            Doubt::UntrustedSender(_)
        ));
    }

    /// Every recognition pattern, searched the fast way, finds what the regex alone finds:
    /// the same match and groups, over notice-like text with Norwegian letters, no-break
    /// spaces and words glued to the words the patterns look for.
    #[test]
    fn the_recognition_patterns_match_as_the_plain_regex_does() {
        use crate::pattern::{WordRegex, groups};
        let role = WordRegex::case_insensitive(crate::config::DEFAULT_ROLE_REGEX).unwrap();
        let mut all: Vec<&WordRegex> = vec![
            &*NOTIFICATION_SUBJECT,
            &*SUBJECT_RECIPIENT,
            &*SUBJECT_SENDER,
            &role,
        ];
        all.extend(RECIPIENT_PATTERNS.iter());
        all.extend(SENDER_PATTERNS.iter());
        let words = [
            "Hei",
            "hei.",
            "Hello",
            "HEI!",
            "SANDNES KOMMUNE",
            "Sandnes kommune",
            "ÅS",
            "Øst",
            "har",
            "mottatt",
            "fått",
            "motteke",
            "en",
            "ny",
            "melding",
            "påmelding",
            "meldingå",
            "fra",
            "frå",
            "from",
            "i",
            "Altinn",
            "Altinnø",
            "(org.nr.",
            "964",
            "965",
            "137)",
            "orgnr",
            "Skatteetaten.",
            "NAV",
            "til",
            "rollen",
            "«Post/arkiv»",
            "role:",
            "Vennlig hilsen",
            "ansatte",
            "hos",
            "sykmelding",
            "søknad",
            "om",
            "sykepenger",
            "påminnelse",
            "-",
            ":",
            ",",
            ".",
            "\u{a0}",
            "\n",
            "  ",
            "é",
            "Ω",
            "En ansatt hos",
            "ved",
            "Du har mottatt en ny melding i Altinn",
            "(964 965 137)",
            "Melding fra Skatteetaten i Altinn",
            "i meldingsboksen",
            "has received",
            "du",
            "dette er en påminnelse om at",
            "Best regards",
            "til SANDNES KOMMUNE",
            "BYGG ÅS, orgnr 964 965 137",
            "Hei. ØKONOMI har fått",
            "i rollen «Post/arkiv».",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let plain: Vec<regex::Regex> = all.iter().map(|fast| fast.alone()).collect();
        let mut hits = vec![0; all.len()];
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(30) {
                text.push_str(words[next(words.len())]);
                // words glued together as often as apart
                if next(2) == 0 {
                    text.push(' ');
                }
            }
            for ((fast, plain), hits) in all.iter().zip(&plain).zip(&mut hits) {
                *hits += usize::from(plain.is_match(&text));
                assert_eq!(
                    groups(fast.captures(&text)),
                    groups(plain.captures(&text)),
                    "{} on {text:?}",
                    fast.as_str()
                );
                assert_eq!(fast.is_match(&text), plain.is_match(&text));
            }
        }
        // every pattern met text it matches, and text it does not
        for (fast, hits) in all.iter().zip(&hits) {
            assert!(
                (1..3000).contains(hits),
                "{hits} matches: {}",
                fast.as_str()
            );
        }
    }
}
