//! The TOML configuration: mail root and folders, trusted domains, the organisation and its
//! units, forwarding settings and the ordered rules; where the file lives; validation with
//! errors that name the file, line and column.

/// The link wrappers are the links' data (`links` unwraps them); re-exported for the
/// configuration's users.
pub use crate::links::{LinkWrapper, WrapperKind};
/// The `[mail]` section is the Maildir's settings (`maildir` lays folders out by them);
/// re-exported for the configuration's users.
pub use crate::maildir::{Layout, MailConfig};
use crate::orgnr::OrgNr;
use crate::pattern::WordRegex;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The default configuration, embedded in the binary and written out by `init`.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.default.toml");

/// Shown as the file name of the embedded default configuration.
pub const BUILT_IN: &str = "<built-in default configuration>";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `auto` (from the locale), `nb` or `en`.
    #[serde(default)]
    pub language: Language,
    /// The From domains of genuine notifications (subdomains included).
    pub trusted_sender_domains: Vec<String>,
    /// Domains that links in a genuine notification may point to (subdomains included).
    pub trusted_link_domains: Vec<String>,
    pub mail: MailConfig,
    pub organisation: Unit,
    #[serde(default)]
    pub units: Vec<Unit>,
    /// A units file (`units import` writes it) whose `[[units]]` join these: relative to
    /// this file's folder. A unit in it replaces one with the same number here.
    #[serde(default)]
    pub units_file: Option<String>,
    pub forward: ForwardConfig,
    pub rules: Vec<toml::Spanned<Rule>>,
    /// How notifications are recognised as mail arrives (size limit, gateway rewrites).
    #[serde(default)]
    pub recognition: Recognition,
    /// `[altinn]`: Dialogporten through Maskinporten. Without it the feature is off.
    pub altinn: Option<AltinnConfig>,
    /// `[followup]`: routine point 3, shared through the mailbox.
    #[serde(default)]
    pub followup: FollowupConfig,
    /// `[roster]`: who is on duty on which weekday (optional).
    #[serde(default)]
    pub roster: Roster,
    /// `[[not_fetched]]`: what the document centre does not fetch (routine point 4), each
    /// with the reason shown to the clerk.
    #[serde(default)]
    pub not_fetched: Vec<NotFetched>,
    /// Where the configuration was read from (not a TOML key).
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// The units' names folded for matching, made at the first lookup.
    #[serde(skip)]
    unit_names: UnitNames,
}

/// The names and aliases of the organisation and its units, folded for matching
/// ([`fold`]), in [`Config::all_units`] order: made at the first lookup, since
/// `resolve_unit` runs two or three times for every notification, and folding 185 units'
/// names each time took 40 µs of it. The units are fixed once the configuration is
/// loaded; debug builds check at every lookup that they still are what was folded.
#[derive(Clone, Default)]
struct UnitNames(std::sync::OnceLock<Vec<FoldedName>>);

/// One name of a unit, folded; `unit` is its place in [`Config::all_units`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoldedName {
    unit: usize,
    folded: String,
}

/// Derived from the units, so nothing of its own (the classification cache's fingerprint
/// is the configuration's `Debug` form, which must not depend on what was looked up).
impl std::fmt::Debug for UnitNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UnitNames")
    }
}

/// `[followup]`: the checklist of routine point 3 (fetched → archived in Altinn →
/// distributed → local copies deleted). Each step is a folder of the mailbox, so every
/// clerk's tool derives the same list after a sync; the details (to whom, who, when) are
/// small record messages in `records_folder`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FollowupConfig {
    /// An item is overdue when it is older than this many working days.
    pub overdue_after_days: u32,
    pub fetched_folder: String,
    pub archived_folder: String,
    pub distributed_folder: String,
    /// Where a finished item's notification goes; empty: it stays where it is (in the
    /// distributed folder) and a record says it is done.
    pub done_folder: String,
    /// Where the shared record messages (steps, daily checks) are written.
    pub records_folder: String,
    /// Recipients offered for "distributed to", besides those used before.
    pub recipients: Vec<String>,
    /// The Altinn address opened for an item: `{org}` becomes the party's org number.
    /// Must be an https address in altinn.no.
    pub altinn_url: String,
}

impl Default for FollowupConfig {
    fn default() -> Self {
        FollowupConfig {
            overdue_after_days: 2,
            fetched_folder: "Altinn/Hentet".into(),
            archived_folder: "Altinn/Arkivert".into(),
            distributed_folder: "Altinn/Fordelt".into(),
            done_folder: "Altinn/Ferdig".into(),
            records_folder: "Altinn/Oppfolging".into(),
            recipients: Vec::new(),
            altinn_url: DEFAULT_ALTINN_URL.into(),
        }
    }
}

/// The default of `followup.altinn_url`.
pub const DEFAULT_ALTINN_URL: &str = "https://af.altinn.no/?party={org}";

impl FollowupConfig {
    /// The Altinn address for the party `org` (digits only, so nothing else can be
    /// injected into the trusted template).
    pub fn altinn_url_for(&self, org: &OrgNr) -> String {
        self.altinn_url.replace("{org}", &org.digits())
    }
}

/// A kind of message the document centre does not fetch.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "NotFetchedFields")]
pub struct NotFetched {
    pub name: String,
    /// Texts (case-insensitive) in the subject or the notice that mark it.
    pub text: Vec<String>,
    pub reason: String,
    /// `text` lower-cased, without the blank ones: made once when the configuration is
    /// read, not for every message.
    lowered: Vec<String>,
}

/// `[[not_fetched]]` as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotFetchedFields {
    name: String,
    text: Vec<String>,
    reason: String,
}

impl From<NotFetchedFields> for NotFetched {
    fn from(f: NotFetchedFields) -> NotFetched {
        let lowered = f
            .text
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.to_lowercase())
            .collect();
        NotFetched {
            name: f.name,
            text: f.text,
            reason: f.reason,
            lowered,
        }
    }
}

impl Config {
    /// The `[[not_fetched]]` entry a notice's subject or text matches.
    pub fn not_fetched_match(&self, subject: &str, body: &str) -> Option<&NotFetched> {
        if self.not_fetched.iter().all(|n| n.lowered.is_empty()) {
            return None; // nothing to look for: no need to lower-case the notice
        }
        let (subject, body) = (
            crate::text::lowercase(subject),
            crate::text::lowercase(body),
        );
        self.not_fetched.iter().find(|n| {
            n.lowered
                .iter()
                .any(|t| subject.contains(t.as_str()) || body.contains(t.as_str()))
        })
    }
}

/// `[roster]`: the clerk on duty per weekday (vaktliste); a day left out has nobody named.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub monday: Option<String>,
    pub tuesday: Option<String>,
    pub wednesday: Option<String>,
    pub thursday: Option<String>,
    pub friday: Option<String>,
}

impl Roster {
    /// Who is on duty on `day` (nobody on weekends).
    pub fn on_duty(&self, day: chrono::NaiveDate) -> Option<&str> {
        use chrono::{Datelike, Weekday};
        match day.weekday() {
            Weekday::Mon => self.monday.as_deref(),
            Weekday::Tue => self.tuesday.as_deref(),
            Weekday::Wed => self.wednesday.as_deref(),
            Weekday::Thu => self.thursday.as_deref(),
            Weekday::Fri => self.friday.as_deref(),
            _ => None,
        }
    }
}

/// `[recognition]`: limits and the rewrites a mail gateway makes on the way in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Recognition {
    /// A message that claims to be a notification but is larger than this (KiB) is
    /// suspicious; only this much of it is read and parsed.
    pub max_notification_kib: u64,
    /// External-sender tags a gateway puts before the subject (`[EKSTERN] `, `EXT: `),
    /// matched case-insensitively at the start and removed before recognition and rules.
    pub subject_tags: Vec<String>,
    /// Hosts that rewrite links (and their subdomains), and how to see through them.
    pub link_wrappers: Vec<LinkWrapper>,
    /// Phrases of the warning banners a gateway puts at the top of the body: leading
    /// lines that contain one are the banner, not the notice.
    pub banner_markers: Vec<String>,
    /// How a notice says which role a message was sent to: a case-insensitive regular
    /// expression whose first group is the role.
    pub role_regex: String,
    /// The roles the document centre fetches in (case and spaces do not matter).
    pub fetched_roles: Vec<String>,
}

impl Default for Recognition {
    fn default() -> Self {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Recognition {
            max_notification_kib: 1024,
            subject_tags: strings(&[
                "[EKSTERN]",
                "EKSTERN:",
                "[EKSTERN E-POST]",
                "[EKSTERN AVSENDER]",
                "[EKSTERN AVSENDAR]",
                "[EXTERNAL]",
                "EXTERNAL:",
                "[EXTERNAL EMAIL]",
                "[EXT]",
                "EXT:",
            ]),
            link_wrappers: vec![
                LinkWrapper {
                    host: "safelinks.protection.outlook.com".into(),
                    kind: WrapperKind::Safelinks,
                },
                LinkWrapper {
                    host: "urldefense.com".into(),
                    kind: WrapperKind::Proofpoint,
                },
                LinkWrapper {
                    host: "urldefense.proofpoint.com".into(),
                    kind: WrapperKind::Proofpoint,
                },
            ],
            banner_markers: strings(&[
                "ekstern avsender",
                "ekstern avsendar",
                "ekstern e-post",
                "eksterne avsendere",
                "kommer fra utsiden",
                "kjem frå utsida",
                "ikke klikk på lenker",
                "du får ikke ofte e-post fra",
                "finn ut hvorfor dette er viktig",
                "external sender",
                "external email",
                "originated from outside",
                "do not click links",
                "you don't often get email from",
                "learn why this is important",
            ]),
            role_regex: DEFAULT_ROLE_REGEX.into(),
            fetched_roles: strings(&["post/arkiv", "post og arkiv", "post/archive"]),
        }
    }
}

/// `pattern` compiled case-insensitively, once per process: the configuration's check
/// compiles it (so the regex a notice is matched with is the one that was checked), and
/// the scan, which asks for every notification, takes that one. An error is kept as the
/// regex crate's text.
fn compiled_role_regex(pattern: &str) -> Result<std::sync::Arc<WordRegex>, String> {
    use std::sync::{Arc, Mutex};
    type Compiled = Result<Arc<WordRegex>, String>;
    static COMPILED: Mutex<Vec<(String, Compiled)>> = Mutex::new(Vec::new());
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, re)) = compiled.iter().find(|(p, _)| p == pattern) {
        return re.clone();
    }
    let re = WordRegex::case_insensitive(pattern)
        .map(Arc::new)
        .map_err(|e| e.to_string());
    compiled.push((pattern.to_string(), re.clone()));
    re
}

/// The default of `recognition.role_regex`: "sendt til rollen «X»", "i rollen X", "in the
/// role X", "rolle: X".
pub const DEFAULT_ROLE_REGEX: &str = r#"\b(?:til\s+rollen|i\s+rollen|rollen|rolle|in\s+the\s+role|to\s+the\s+role|role)\b\s*:?\s*[«"“']?([^»"”'.,;\n]{2,60}?)\s*(?:[»"”'.,;\n]|$)"#;

impl Recognition {
    /// The role a notice says its message was sent to, if it says one that is not fetched.
    pub fn other_role(&self, notice: &str) -> Option<String> {
        let re = compiled_role_regex(&self.role_regex).ok()?;
        let fold = |s: &str| s.to_lowercase().split_whitespace().collect::<String>();
        let role = re.captures(notice)?.get(1)?.as_str().trim().to_string();
        let fetched = self.fetched_roles.iter().any(|r| fold(r) == fold(&role));
        (!fetched && !role.is_empty()).then_some(role)
    }

    /// The size limit in bytes.
    pub fn max_notification_bytes(&self) -> u64 {
        self.max_notification_kib.saturating_mul(1024)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Auto,
    Nb,
    En,
}

/// The organisation or one of its units.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: String,
    pub org: OrgNr,
    /// Other names the unit is written as in notifications (case does not matter).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The unit logs in to Altinn itself: its notifications are not followed up here.
    #[serde(default)]
    pub fetches_own_mail: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForwardConfig {
    /// The clerk's address, used as From of forwards.
    pub from: String,
    pub subject_prefix: String,
    pub body: String,
    /// Where the original goes once forwarded (with the P flag): the trash or the archive.
    #[serde(default)]
    pub after_forward: AfterForward,
    #[serde(default)]
    pub transport: TransportKind,
    /// A sendmail-compatible command, run without a shell, the message on stdin.
    #[serde(default = "default_sendmail")]
    pub sendmail_command: Vec<String>,
    /// The folder the `maildir` transport writes forwards to (written, not sent).
    #[serde(default = "default_outbox")]
    pub outbox: String,
    /// How long one send may take in all (sendmail, the password command): then it is
    /// stopped and the forward fails, the original left in the inbox.
    #[serde(default = "default_forward_timeout")]
    pub timeout_seconds: u64,
    pub smtp: Option<SmtpConfig>,
}

impl ForwardConfig {
    /// `timeout_seconds` as a duration.
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout_seconds)
    }
}

fn default_forward_timeout() -> u64 {
    60
}

/// The longest deadline accepted for a send: an hour.
const MAX_TIMEOUT_SECONDS: u64 = 3600;

fn default_sendmail() -> Vec<String> {
    vec!["sendmail".into(), "-t".into(), "-oi".into()]
}

fn default_outbox() -> String {
    "Outbox".into()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AfterForward {
    #[default]
    Trash,
    Archive,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    #[default]
    Sendmail,
    Smtp,
    /// Writes forwards into the outbox folder; nothing is sent (demo, tests).
    Maildir,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// The environment variable that holds the password.
    pub password_env: Option<String>,
    /// A command (no shell) whose first output line is the password, e.g. ["pass", "smtp"].
    pub password_command: Option<Vec<String>>,
    /// How long the whole SMTP exchange may take, from connecting to the last answer.
    #[serde(default = "default_smtp_timeout")]
    pub timeout_seconds: u64,
    /// How to log in: a password (`password`, the default) or an OAuth2 access token
    /// (`xoauth2`, which Exchange Online requires).
    #[serde(default)]
    pub auth: SmtpAuth,
    /// For `auth = "xoauth2"`: a command (no shell) whose first output line is a fresh
    /// access token, e.g. ["oama", "access", "dokumentsenteret@sandnes.kommune.no"].
    pub token_command: Option<Vec<String>>,
}

/// The SMTP login mechanism.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpAuth {
    /// The server's PLAIN or LOGIN with `username` and a password.
    #[default]
    Password,
    /// SASL XOAUTH2 with `username` and the access token `token_command` prints.
    Xoauth2,
}

fn default_smtp_port() -> u16 {
    587
}

fn default_smtp_timeout() -> u64 {
    30
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587); refuses to go on without TLS.
    #[default]
    Starttls,
    /// Implicit TLS (port 465).
    Tls,
    /// No encryption: only for a server on this machine.
    None,
}

/// Which Altinn installation the tool talks to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AltinnEnvironment {
    /// The test environment: start here.
    #[default]
    Tt02,
    Production,
}

impl AltinnEnvironment {
    /// Dialogporten's root.
    pub fn base_url(self) -> &'static str {
        match self {
            AltinnEnvironment::Tt02 => "https://platform.tt02.altinn.no/dialogporten",
            AltinnEnvironment::Production => "https://platform.altinn.no/dialogporten",
        }
    }

    /// Maskinporten's token endpoint.
    pub fn token_url(self) -> &'static str {
        match self {
            AltinnEnvironment::Tt02 => "https://test.maskinporten.no/token",
            AltinnEnvironment::Production => "https://maskinporten.no/token",
        }
    }

    /// Maskinporten's issuer, the `aud` of a grant.
    pub fn audience(self) -> &'static str {
        match self {
            AltinnEnvironment::Tt02 => "https://test.maskinporten.no/",
            AltinnEnvironment::Production => "https://maskinporten.no/",
        }
    }
}

/// `[altinn]`: the system user's Maskinporten client and where Dialogporten is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AltinnConfig {
    #[serde(default)]
    pub environment: AltinnEnvironment,
    /// The Maskinporten client's id (`iss` of the grant).
    pub client_id: String,
    /// A file with the client's private key, PEM (PKCS#8 or PKCS#1) or JWK.
    pub key_file: Option<String>,
    /// A command (no shell) that prints the private key (PEM or JWK) on stdout.
    pub key_command: Option<Vec<String>>,
    /// The key's id at Maskinporten (`kid`).
    pub key_id: String,
    /// The system user's organisation (the municipality).
    pub org: OrgNr,
    /// The scopes asked for, e.g. ["digdir:dialogporten"].
    #[serde(default = "default_altinn_scopes")]
    pub scopes: Vec<String>,
    /// Overrides the environment's Dialogporten root (tests, a proxy).
    pub base_url: Option<String>,
    /// Overrides the environment's Maskinporten token endpoint (tests, a proxy).
    pub token_url: Option<String>,
    /// Overrides the `aud` of the grant (Maskinporten's issuer); defaults to the
    /// environment's, or to `token_url` without `/token` when that is overridden.
    pub audience: Option<String>,
    /// Where `altinn fetch` saves documents; `~` is the home folder, a relative path is
    /// relative to the configuration file's folder.
    #[serde(default = "default_download_folder")]
    pub download_folder: String,
    /// How long one request may take in all, retries included.
    #[serde(default = "default_altinn_timeout")]
    pub timeout_seconds: u64,
}

fn default_altinn_scopes() -> Vec<String> {
    vec!["digdir:dialogporten".into()]
}

fn default_download_folder() -> String {
    "~/Altinn-dokumenter".into()
}

fn default_altinn_timeout() -> u64 {
    30
}

impl AltinnConfig {
    /// Dialogporten's root, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url
            .as_deref()
            .unwrap_or(self.environment.base_url())
            .trim_end_matches('/')
            .to_string()
    }

    pub fn token_url(&self) -> String {
        self.token_url
            .clone()
            .unwrap_or_else(|| self.environment.token_url().to_string())
    }

    /// The grant's `aud`.
    pub fn audience(&self) -> String {
        if let Some(a) = &self.audience {
            return a.clone();
        }
        match &self.token_url {
            Some(t) => match t.strip_suffix("token") {
                Some(root) => root.to_string(),
                None => t.clone(),
            },
            None => self.environment.audience().to_string(),
        }
    }

    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout_seconds)
    }
}

/// Why an address in the configuration is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("{0:?} is not an address: {1}")]
    NotAnAddress(String, String),
    #[error(
        "{0:?}: plain http would send the token unencrypted; use https (http only for a server on this machine)"
    )]
    PlainHttp(String),
    #[error("{0:?}: the scheme must be https, not {1:?}")]
    Scheme(String, String),
    #[error("{0:?} must start with https://")]
    NotHttps(String),
    #[error("{0:?} must point into altinn.no (the host is {1:?})")]
    NotAltinn(String, String),
    #[error("{0:?} must not carry a user name or password")]
    Credentials(String),
}

/// Checks that `url` is https, or http to this machine.
fn validate_service_url(url: &str) -> Result<(), UrlProblem> {
    let parsed = url::Url::parse(url)
        .map_err(|e| UrlProblem::NotAnAddress(url.to_string(), e.to_string()))?;
    let host = parsed.host_str().unwrap_or("");
    match parsed.scheme() {
        "https" if !host.is_empty() => Ok(()),
        "http" if is_loopback_host(host) => Ok(()),
        "http" => Err(UrlProblem::PlainHttp(url.to_string())),
        other => Err(UrlProblem::Scheme(url.to_string(), other.to_string())),
    }
}

/// What to do with a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Archive,
    Delete,
    Forward(String),
    Skip,
}

impl Action {
    /// The action's name as used in the config and JSON: archive, delete, forward, skip.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Archive => "archive",
            Action::Delete => "delete",
            Action::Forward(_) => "forward",
            Action::Skip => "skip",
        }
    }

    pub fn forward_to(&self) -> Option<&str> {
        match self {
            Action::Forward(to) => Some(to),
            _ => None,
        }
    }
}

/// One rule: when its condition holds, its action is suggested. First match wins.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawRule")]
pub struct Rule {
    pub name: String,
    pub action: Action,
    /// Why, in words the clerk understands (shown beside every suggestion).
    pub reason: String,
    /// `None` matches every notification.
    pub condition: Option<Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    action: ActionKind,
    forward_to: Option<String>,
    reason: String,
    #[serde(rename = "match")]
    condition: Option<Condition>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum ActionKind {
    Archive,
    Delete,
    Forward,
    Skip,
}

impl TryFrom<RawRule> for Rule {
    type Error = Invalid;

    fn try_from(raw: RawRule) -> Result<Self, Invalid> {
        rule_of(raw).inspect_err(|e| note_raised(e.clone()))
    }
}

/// The rule `raw` describes, or why it is not valid.
fn rule_of(raw: RawRule) -> Result<Rule, Invalid> {
    if raw.name.trim().is_empty() {
        return Err(Invalid::RuleWithoutName);
    }
    let action = match (raw.action, raw.forward_to) {
        (ActionKind::Forward, Some(to)) => {
            validate_address(&to).map_err(|source| Invalid::ForwardTo {
                rule: raw.name.clone(),
                source,
            })?;
            Action::Forward(to.trim().to_string())
        }
        (ActionKind::Forward, None) => {
            return Err(Invalid::ForwardWithoutAddress(raw.name));
        }
        (_, Some(_)) => {
            return Err(Invalid::AddressWithoutForward(raw.name));
        }
        (ActionKind::Archive, None) => Action::Archive,
        (ActionKind::Delete, None) => Action::Delete,
        (ActionKind::Skip, None) => Action::Skip,
    };
    Ok(Rule {
        name: raw.name,
        action,
        reason: raw.reason,
        condition: raw.condition,
    })
}

/// A rule's condition. Every key given must hold (they are combined with "and").
/// Text keys match case-insensitively anywhere in the field; `_regex` keys are regular
/// expressions, also case-insensitive. A list of patterns matches when any of them does.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub subject: Option<Patterns>,
    pub subject_regex: Option<RegexPatterns>,
    pub body: Option<Patterns>,
    pub body_regex: Option<RegexPatterns>,
    /// Subject or body.
    pub text: Option<Patterns>,
    pub text_regex: Option<RegexPatterns>,
    /// The From header: display name and address.
    pub from: Option<Patterns>,
    pub from_regex: Option<RegexPatterns>,
    /// The recipient organisation number is one of these.
    pub recipient_org: Option<Vec<OrgNr>>,
    /// The recipient is one of these configured units (by number or by name).
    pub recipient_unit: Option<Vec<String>>,
    /// The recipient is a configured unit whose `fetches_own_mail` equals this.
    pub recipient_fetches_own_mail: Option<bool>,
    pub all: Option<Vec<Condition>>,
    pub any: Option<Vec<Condition>>,
    pub not: Option<Box<Condition>>,
}

/// Case-insensitive literal text patterns (compiled to regexes that match the text).
#[derive(Debug, Clone)]
pub struct Patterns(pub Vec<Pattern>);

/// Case-insensitive regular expressions.
#[derive(Debug, Clone)]
pub struct RegexPatterns(pub Vec<Pattern>);

/// A compiled pattern and what the user wrote.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub regex: Regex,
}

fn compile(source: &str, literal: bool) -> Result<Pattern, Invalid> {
    let expr = if literal {
        regex::escape(source)
    } else {
        source.to_string()
    };
    let regex = RegexBuilder::new(&expr)
        .case_insensitive(true)
        .build()
        .map_err(|e| Invalid::Regex {
            pattern: source.to_string(),
            error: e.to_string(),
        })?;
    Ok(Pattern {
        source: source.to_string(),
        regex,
    })
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged, expecting = "a string or a list of strings")]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let sources = one_or_many(d)?;
        if sources.iter().any(|s| s.is_empty()) {
            return Err(raise(Invalid::EmptyPattern));
        }
        sources
            .iter()
            .map(|s| compile(s, true))
            .collect::<Result<_, _>>()
            .map(Patterns)
            .map_err(raise)
    }
}

impl<'de> Deserialize<'de> for RegexPatterns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_or_many(d)?
            .iter()
            .map(|s| compile(s, false))
            .collect::<Result<_, _>>()
            .map(RegexPatterns)
            .map_err(raise)
    }
}

/// What is wrong with a rule, a pattern, a folder name or a condition: typed here, then
/// located in the file by [`ConfigError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("a rule needs a non-empty `name`")]
    RuleWithoutName,
    #[error("rule `{rule}`: forward_to: {source}")]
    ForwardTo { rule: String, source: AddressError },
    #[error("rule `{0}` forwards but has no `forward_to` address")]
    ForwardWithoutAddress(String),
    #[error("rule `{0}` has `forward_to` but its action is not `forward`")]
    AddressWithoutForward(String),
    #[error("invalid regular expression {pattern:?}: {error}")]
    Regex { pattern: String, error: String },
    #[error("a folder needs a name")]
    EmptyFolder,
    #[error("{0:?} contains control characters")]
    ControlInFolder(String),
    #[error("{0:?} is not a folder name inside the mail root (give it relative to mail.root)")]
    FolderOutsideRoot(String),
    #[error(
        "{0:?}: a folder name may not contain empty, \".\" or \"..\" parts (it must stay inside the mail root)"
    )]
    FolderParts(String),
    #[error("{name:?}: \"{part}\" is part of a Maildir folder, not a folder")]
    MaildirPart { name: String, part: String },
    #[error("recipient_unit {0:?} is not a configured unit (see [[units]])")]
    UnknownUnit(String),
    #[error("an empty text pattern matches everything")]
    EmptyPattern,
}

thread_local! {
    /// The last [`Invalid`] raised while deserializing on this thread: serde hands it to
    /// the toml crate only as its text, and [`from_toml`] takes it back as a fact.
    static RAISED: std::cell::RefCell<Option<Invalid>> = const { std::cell::RefCell::new(None) };
}

fn note_raised(problem: Invalid) {
    RAISED.with(|r| *r.borrow_mut() = Some(problem));
}

/// `problem` as a deserializer's error, noted for [`from_toml`].
fn raise<E: serde::de::Error>(problem: Invalid) -> E {
    let e = E::custom(&problem);
    note_raised(problem);
    e
}

/// TOML text as `T`. A failure is located (the span of the value) and typed: one of
/// ours ([`Invalid`], raised inside deserialization), an organisation number, else the
/// toml crate's own message.
fn from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, (Option<std::ops::Range<usize>>, ConfigProblem)> {
    RAISED.with(|r| r.borrow_mut().take());
    toml::from_str(text).map_err(|e| {
        let detail = e.message().trim().to_string();
        let raised = RAISED.with(|r| r.borrow_mut().take());
        let problem = match raised {
            // the same text: this failure is the one raised (not a stale one)
            Some(p) if p.to_string() == detail => ConfigProblem::Invalid(p),
            _ => e
                .span()
                .and_then(|s| text.get(s))
                .and_then(|value| orgnr_problem(value, &detail))
                .unwrap_or(ConfigProblem::Toml { detail }),
        };
        (e.span(), problem)
    })
}

/// The organisation number problem of the TOML value `value` (`"964965138"` or
/// `964965138`) when it is the one `detail` (the toml crate's message) says.
fn orgnr_problem(value: &str, detail: &str) -> Option<ConfigProblem> {
    let value = value.trim();
    let digits = match value.parse::<i64>() {
        Ok(n) => format!("{n:09}"),
        Err(_) => value.trim_matches(['"', '\'']).to_string(),
    };
    let problem = digits.parse::<OrgNr>().err()?;
    (problem.to_string() == detail).then_some(ConfigProblem::OrgNr(problem))
}

/// Why a text is not one plain email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error(
        "{0:?} is not a valid email address: it contains spaces, separators or control characters"
    )]
    Separators(String),
    #[error("{0:?} is not a valid email address: it has no '@'")]
    NoAt(String),
    #[error("{0:?} is not a valid email address: the part before '@' is empty or has another '@'")]
    Local(String),
    #[error("{0:?} is not a valid email address: the domain is not a domain name")]
    Domain(String),
}

/// Checks that `addr` looks like one plain email address (`name@domain.tld`), so that a
/// forward never goes to a list, a header injection or a typo without a domain.
pub fn validate_address(addr: &str) -> Result<(), AddressError> {
    let addr = addr.trim();
    let owned = || addr.to_string();
    if addr
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || ",;<>\"()[]\\".contains(c))
    {
        return Err(AddressError::Separators(owned()));
    }
    let Some((local, domain)) = addr.rsplit_once('@') else {
        return Err(AddressError::NoAt(owned()));
    };
    if local.is_empty() || local.contains('@') {
        return Err(AddressError::Local(owned()));
    }
    if !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
        || !domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        return Err(AddressError::Domain(owned()));
    }
    Ok(())
}

/// True for addresses in domains reserved for examples (RFC 2606 / RFC 6761), which the
/// default configuration uses as placeholders that must be changed.
pub fn is_placeholder_address(addr: &str) -> bool {
    let domain = addr
        .rsplit_once('@')
        .map(|(_, d)| d)
        .unwrap_or(addr)
        .to_ascii_lowercase();
    let tld = domain.rsplit('.').next().unwrap_or("");
    matches!(tld, "invalid" | "example" | "test" | "localhost")
        || ["example.com", "example.org", "example.net"]
            .iter()
            .any(|e| domain == *e || domain.ends_with(&format!(".{e}")))
}

/// Checks that a folder name stays inside the mail root: relative, no `.` or `..`, no
/// empty part, and not a Maildir's own `cur`, `new` or `tmp`.
fn validate_folder_name(name: &str) -> Result<(), Invalid> {
    if name.trim().is_empty() {
        return Err(Invalid::EmptyFolder);
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid::ControlInFolder(name.into()));
    }
    if name.starts_with('/') || name.starts_with('~') {
        return Err(Invalid::FolderOutsideRoot(name.into()));
    }
    for part in name.split('/') {
        match part {
            "" | "." | ".." => return Err(Invalid::FolderParts(name.into())),
            "cur" | "new" | "tmp" => {
                return Err(Invalid::MaildirPart {
                    name: name.into(),
                    part: part.into(),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks the Altinn link template: with a sample org number in it, an https address whose
/// host is altinn.no or a subdomain of it, with no user name or password in it.
pub fn validate_altinn_url(template: &str) -> Result<(), UrlProblem> {
    let sample = template.replace("{org}", "964965137");
    let url = url::Url::parse(&sample)
        .map_err(|e| UrlProblem::NotAnAddress(template.to_string(), e.to_string()))?;
    if url.scheme() != "https" {
        return Err(UrlProblem::NotHttps(template.to_string()));
    }
    let host = url.host_str().unwrap_or("");
    if !crate::links::domain_is_trusted(host, &["altinn.no".to_string()]) {
        return Err(UrlProblem::NotAltinn(
            template.to_string(),
            host.to_string(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::Credentials(template.to_string()));
    }
    Ok(())
}

/// True for `localhost` and loopback addresses (127.0.0.0/8, ::1).
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim().trim_end_matches('.');
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// True when a condition holds for every notification (no key, or only `all` of such).
fn matches_everything(c: &Condition) -> bool {
    c.subject.is_none()
        && c.subject_regex.is_none()
        && c.body.is_none()
        && c.body_regex.is_none()
        && c.text.is_none()
        && c.text_regex.is_none()
        && c.from.is_none()
        && c.from_regex.is_none()
        && c.recipient_org.is_none()
        && c.recipient_unit.is_none()
        && c.recipient_fetches_own_mail.is_none()
        && c.any.is_none()
        && c.not.is_none()
        && c.all.iter().flatten().all(matches_everything)
}

/// Where the key at `path` (table names, then the key) is in the TOML text.
fn span_of(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    use toml::de::{DeTable, DeValue};
    fn find<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t toml::Spanned<DeValue<'i>>> {
        table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }
    let doc = DeTable::parse(text).ok()?;
    let (last, parents) = path.split_last()?;
    let mut table = doc.get_ref();
    for key in parents {
        match find(table, key)?.get_ref() {
            DeValue::Table(t) => table = t,
            _ => return None,
        }
    }
    Some(find(table, last)?.span())
}

/// A configuration error, located in its file where possible. [`ConfigError`]'s Display
/// is the English rendering (`i18n::cli::config_error` words it for the clerk, using
/// this same Display for English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    /// 1-based line and column.
    pub position: Option<(usize, usize)>,
    /// Boxed, so that `Result<Config, ConfigError>` stays small.
    pub problem: Box<ConfigProblem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.file, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

impl std::error::Error for ConfigError {}

/// What is wrong with a configuration (or its units file), as facts. A key is named as
/// its dotted path (`mail.archive`). The Display is the English wording; bokmål is in
/// `i18n::cli::config_problem`. Texts from other crates (the OS's, the toml and regex
/// crates') are kept as they wrote them, in English, in `detail`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    /// The configuration file cannot be read.
    #[error("cannot read the configuration file: {detail}")]
    ReadConfig {
        kind: std::io::ErrorKind,
        detail: String,
    },
    /// The units file (`units_file`) cannot be read.
    #[error("cannot read the units file (units_file): {detail}")]
    ReadUnits {
        kind: std::io::ErrorKind,
        detail: String,
    },
    /// The text is not TOML, or a value has the wrong type or an unknown key (the toml
    /// crate's own message).
    #[error("{detail}")]
    Toml { detail: String },
    /// A rule, a pattern or a folder name is not valid.
    #[error("{0}")]
    Invalid(Invalid),
    /// An organisation number is not valid.
    #[error("{0}")]
    OrgNr(crate::orgnr::OrgNrError),
    /// A rule's condition is not valid.
    #[error("rule `{rule}`: {problem}")]
    InRule { rule: String, problem: Invalid },
    /// Two rules have the same name.
    #[error("two rules are named `{0}`")]
    DuplicateRule(String),
    /// A folder name does not stay inside the mail root.
    #[error("{key}: {problem}")]
    Folder { key: String, problem: Invalid },
    /// Two of the inbox, archive, trash and outbox are one folder.
    #[error(
        "{key} = {name:?} is the same folder as {other}: the inbox, archive, trash and outbox must be four different folders"
    )]
    SameFolder {
        key: String,
        name: String,
        other: String,
    },
    /// A follow-up step's folder is another folder the tool uses.
    #[error(
        "{key} = {name:?} is the same folder as {other}: every follow-up step needs its own folder"
    )]
    SameFollowupFolder {
        key: String,
        name: String,
        other: String,
    },
    /// An address (`followup.altinn_url`, `altinn.base_url` …) is refused.
    #[error("{key}: {problem}")]
    Url { key: String, problem: UrlProblem },
    /// An email address (`forward.from`) is not one plain address.
    #[error("{key}: {problem}")]
    Address { key: String, problem: AddressError },
    /// A deadline outside 1..=max seconds.
    #[error("{key} = {value}: give a number of seconds from 1 to {max}")]
    Timeout { key: String, value: u64, max: u64 },
    /// `forward.smtp.security = "none"` with a password to another machine.
    #[error(
        "forward.smtp.security = \"none\" would send the password for {user:?} unencrypted to {host}: use \"starttls\" or \"tls\" (\"none\" is only for a server on this machine)"
    )]
    PasswordUnencrypted { user: String, host: String },
    #[error("forward.sendmail_command is empty")]
    SendmailCommandEmpty,
    #[error("forward.transport is \"smtp\" but there is no [forward.smtp] section")]
    NoSmtpSection,
    #[error("forward.smtp.auth = \"xoauth2\" needs username (the mailbox's address)")]
    Xoauth2WithoutUsername,
    #[error(
        "forward.smtp.auth = \"xoauth2\" needs token_command (a command that prints an access token)"
    )]
    Xoauth2WithoutTokenCommand,
    #[error("trusted_sender_domains is empty: no notification could be genuine")]
    NoTrustedSenders,
    /// `recognition.role_regex` is not a regular expression (the regex crate's detail).
    #[error("recognition.role_regex: {detail}")]
    RoleRegex { detail: String },
    #[error("recognition.max_notification_kib is below 64: genuine notifications would be cut off")]
    NotificationLimitTooLow,
    #[error("no [[rules]]: every notification needs a suggestion")]
    NoRules,
    #[error("altinn.client_id is empty: give the Maskinporten client's id")]
    AltinnClientIdEmpty,
    #[error("altinn.key_id is empty: give the key's id (kid) registered at Maskinporten")]
    AltinnKeyIdEmpty,
    #[error("altinn: give key_file or key_command, not both")]
    AltinnKeyTwice,
    #[error(
        "altinn: give key_file (a PEM or JWK file) or key_command (a command that prints the key); the key itself never goes in this file"
    )]
    AltinnNoKey,
    #[error("altinn.key_file is empty")]
    AltinnKeyFileEmpty,
    #[error(
        "altinn.key_file holds a key, not a path: never put the key in the configuration; save it in a file only you can read and give its path"
    )]
    AltinnKeyInFile,
    #[error("altinn.key_command is empty")]
    AltinnKeyCommandEmpty,
    #[error(
        "altinn.scopes: give one or more scopes without spaces, e.g. [\"digdir:dialogporten\"]"
    )]
    AltinnScopes,
    #[error("altinn.download_folder is empty")]
    AltinnDownloadFolderEmpty,
    /// A units file lists one organisation number twice.
    #[error("the unit number {0} is listed twice")]
    UnitListedTwice(OrgNr),
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Config {
    /// Parses and validates configuration text. `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        Self::parse_from(text, file, None)
    }

    /// [`Config::parse`] of the file at `source`: its units file (`units_file`) joins the
    /// units before the checks, so that a rule may name a unit of it.
    fn parse_from(text: &str, file: &str, source: Option<PathBuf>) -> Result<Config, ConfigError> {
        let err_at = |span: Option<std::ops::Range<usize>>, problem: ConfigProblem| ConfigError {
            file: file.to_string(),
            position: span.map(|s| line_col(text, s.start)),
            problem: Box::new(problem),
        };
        let mut config: Config = from_toml(text).map_err(|(span, p)| err_at(span, p))?;
        if source.is_some() {
            config.source = source;
            if let Some(file) = config.units_file_path() {
                let units = read_units_file(&file)?;
                config
                    .units
                    .retain(|u| !units.iter().any(|f| f.org == u.org));
                config.units.extend(units);
            }
        }
        config.validate().map_err(|(span, p)| err_at(span, p))?;
        config
            .validate_safety()
            .map_err(|(key, p)| err_at(span_of(text, key), p))?;
        Ok(config)
    }

    /// The checks that keep a configuration from doing harm: the folders the tool moves
    /// mail between are distinct folders inside the mail root, deadlines are bounded, and
    /// no password goes over an unencrypted connection to another machine. An error names
    /// the key (as a path of table names) it is about.
    fn validate_safety(&self) -> Result<(), (&'static [&'static str], ConfigProblem)> {
        const INBOX: &[&str] = &["mail", "inbox"];
        const ARCHIVE: &[&str] = &["mail", "archive"];
        const TRASH: &[&str] = &["mail", "trash"];
        const OUTBOX: &[&str] = &["forward", "outbox"];
        let folders = [
            (INBOX, &self.mail.inbox),
            (ARCHIVE, &self.mail.archive),
            (TRASH, &self.mail.trash),
            (OUTBOX, &self.forward.outbox),
        ];
        for (key, name) in folders {
            validate_folder_name(name).map_err(|problem| {
                (
                    key,
                    ConfigProblem::Folder {
                        key: key.join("."),
                        problem,
                    },
                )
            })?;
        }
        for (i, (key, name)) in folders.iter().enumerate() {
            let here = self.folder_key(name);
            if let Some((other, _)) = folders[..i]
                .iter()
                .find(|(_, n)| self.folder_key(n) == here)
            {
                return Err((
                    key,
                    ConfigProblem::SameFolder {
                        key: key.join("."),
                        name: name.to_string(),
                        other: other.join("."),
                    },
                ));
            }
        }
        const FOLLOWUP: [&[&str]; 5] = [
            &["followup", "fetched_folder"],
            &["followup", "archived_folder"],
            &["followup", "distributed_folder"],
            &["followup", "done_folder"],
            &["followup", "records_folder"],
        ];
        let f = &self.followup;
        let mut all: Vec<(&[&str], &String)> = folders.to_vec();
        for (key, name) in FOLLOWUP.iter().zip([
            &f.fetched_folder,
            &f.archived_folder,
            &f.distributed_folder,
            &f.done_folder,
            &f.records_folder,
        ]) {
            if name.is_empty() && key[1] == "done_folder" {
                continue; // stays where it is
            }
            validate_folder_name(name).map_err(|problem| {
                (
                    *key,
                    ConfigProblem::Folder {
                        key: key.join("."),
                        problem,
                    },
                )
            })?;
            let here = self.folder_key(name);
            if let Some((other, _)) = all.iter().find(|(_, n)| self.folder_key(n) == here) {
                return Err((
                    key,
                    ConfigProblem::SameFollowupFolder {
                        key: key.join("."),
                        name: name.to_string(),
                        other: other.join("."),
                    },
                ));
            }
            all.push((key, name));
        }
        validate_altinn_url(&f.altinn_url).map_err(|problem| {
            (
                &["followup", "altinn_url"][..],
                ConfigProblem::Url {
                    key: "followup.altinn_url".into(),
                    problem,
                },
            )
        })?;
        let timeout = |key: &'static [&'static str], secs: u64| {
            if (1..=MAX_TIMEOUT_SECONDS).contains(&secs) {
                Ok(())
            } else {
                Err((
                    key,
                    ConfigProblem::Timeout {
                        key: key.join("."),
                        value: secs,
                        max: MAX_TIMEOUT_SECONDS,
                    },
                ))
            }
        };
        timeout(
            &["forward", "timeout_seconds"],
            self.forward.timeout_seconds,
        )?;
        if let Some(smtp) = &self.forward.smtp {
            timeout(
                &["forward", "smtp", "timeout_seconds"],
                smtp.timeout_seconds,
            )?;
            if smtp.security == SmtpSecurity::None
                && smtp.username.is_some()
                && !is_loopback_host(&smtp.host)
            {
                return Err((
                    &["forward", "smtp", "security"],
                    ConfigProblem::PasswordUnencrypted {
                        user: smtp.username.clone().unwrap_or_default(),
                        host: smtp.host.clone(),
                    },
                ));
            }
        }
        if let Some(a) = &self.altinn {
            self.validate_altinn(a)?;
        }
        Ok(())
    }

    /// The `[altinn]` section: one way to get the key, ids present, URLs safe.
    fn validate_altinn(
        &self,
        a: &AltinnConfig,
    ) -> Result<(), (&'static [&'static str], ConfigProblem)> {
        if a.client_id.trim().is_empty() {
            return Err((&["altinn", "client_id"], ConfigProblem::AltinnClientIdEmpty));
        }
        if a.key_id.trim().is_empty() {
            return Err((&["altinn", "key_id"], ConfigProblem::AltinnKeyIdEmpty));
        }
        match (&a.key_file, &a.key_command) {
            (Some(_), Some(_)) => {
                return Err((&["altinn", "key_command"], ConfigProblem::AltinnKeyTwice));
            }
            (None, None) => {
                return Err((&["altinn"], ConfigProblem::AltinnNoKey));
            }
            (Some(f), None) if f.trim().is_empty() => {
                return Err((&["altinn", "key_file"], ConfigProblem::AltinnKeyFileEmpty));
            }
            (Some(f), None) if f.contains("-----BEGIN") || f.trim_start().starts_with('{') => {
                return Err((&["altinn", "key_file"], ConfigProblem::AltinnKeyInFile));
            }
            (None, Some(c)) if c.is_empty() || c[0].trim().is_empty() => {
                return Err((
                    &["altinn", "key_command"],
                    ConfigProblem::AltinnKeyCommandEmpty,
                ));
            }
            _ => {}
        }
        if a.scopes.is_empty()
            || a.scopes
                .iter()
                .any(|s| s.trim().is_empty() || s.contains(' '))
        {
            return Err((&["altinn", "scopes"], ConfigProblem::AltinnScopes));
        }
        for (key, url) in [
            (
                &["altinn", "base_url"] as &'static [&'static str],
                &a.base_url,
            ),
            (&["altinn", "token_url"], &a.token_url),
            (&["altinn", "audience"], &a.audience),
        ] {
            if let Some(url) = url {
                validate_service_url(url).map_err(|problem| {
                    (
                        key,
                        ConfigProblem::Url {
                            key: key.join("."),
                            problem,
                        },
                    )
                })?;
            }
        }
        if a.download_folder.trim().is_empty() {
            return Err((
                &["altinn", "download_folder"],
                ConfigProblem::AltinnDownloadFolderEmpty,
            ));
        }
        if !(1..=MAX_TIMEOUT_SECONDS).contains(&a.timeout_seconds) {
            return Err((
                &["altinn", "timeout_seconds"],
                ConfigProblem::Timeout {
                    key: "altinn.timeout_seconds".into(),
                    value: a.timeout_seconds,
                    max: MAX_TIMEOUT_SECONDS,
                },
            ));
        }
        Ok(())
    }

    /// A path from the configuration: `~` is the home folder, a relative path is relative
    /// to the configuration file's folder (the current folder for the built-in default).
    pub fn resolve_path(&self, path: &str) -> PathBuf {
        let expanded = if path == "~" || path.starts_with("~/") {
            match directories::BaseDirs::new() {
                Some(b) => b
                    .home_dir()
                    .join(path.trim_start_matches('~').trim_start_matches('/')),
                None => PathBuf::from(path),
            }
        } else {
            PathBuf::from(path)
        };
        match (&self.source, expanded.is_relative()) {
            (Some(src), true) => src.parent().unwrap_or(Path::new(".")).join(expanded),
            _ => expanded,
        }
    }

    /// A folder name as the folder it resolves to under the mail root, for telling
    /// whether two names are the same folder (Maildir++ turns `a/b` into `.a.b`).
    fn folder_key(&self, name: &str) -> PathBuf {
        crate::maildir::folder_path(Path::new(""), self.mail.layout, name, &self.mail.inbox)
    }

    fn validate(&self) -> Result<(), (Option<std::ops::Range<usize>>, ConfigProblem)> {
        validate_address(&self.forward.from).map_err(|problem| {
            (
                None,
                ConfigProblem::Address {
                    key: "forward.from".into(),
                    problem,
                },
            )
        })?;
        if self.forward.sendmail_command.is_empty() {
            return Err((None, ConfigProblem::SendmailCommandEmpty));
        }
        if self.forward.transport == TransportKind::Smtp && self.forward.smtp.is_none() {
            return Err((None, ConfigProblem::NoSmtpSection));
        }
        if let Some(smtp) = &self.forward.smtp
            && smtp.auth == SmtpAuth::Xoauth2
        {
            if smtp.username.is_none() {
                return Err((None, ConfigProblem::Xoauth2WithoutUsername));
            }
            if smtp.token_command.as_ref().is_none_or(|c| c.is_empty()) {
                return Err((None, ConfigProblem::Xoauth2WithoutTokenCommand));
            }
        }
        if self.trusted_sender_domains.is_empty() {
            return Err((None, ConfigProblem::NoTrustedSenders));
        }
        let mut names: Vec<&str> = Vec::new();
        for rule in &self.rules {
            let span = Some(rule.span());
            let r = rule.get_ref();
            if names.contains(&r.name.as_str()) {
                return Err((span, ConfigProblem::DuplicateRule(r.name.clone())));
            }
            names.push(&r.name);
            if let Some(cond) = &r.condition {
                self.validate_condition(cond).map_err(|problem| {
                    (
                        span.clone(),
                        ConfigProblem::InRule {
                            rule: r.name.clone(),
                            problem,
                        },
                    )
                })?;
            }
        }
        if let Err(detail) = compiled_role_regex(&self.recognition.role_regex) {
            return Err((None, ConfigProblem::RoleRegex { detail }));
        }
        if self.recognition.max_notification_kib < 64 {
            return Err((None, ConfigProblem::NotificationLimitTooLow));
        }
        if self.rules.is_empty() {
            return Err((None, ConfigProblem::NoRules));
        }
        Ok(())
    }

    fn validate_condition(&self, cond: &Condition) -> Result<(), Invalid> {
        if let Some(units) = &cond.recipient_unit {
            for name in units {
                if self.unit_by_name(name).is_none() {
                    return Err(Invalid::UnknownUnit(name.clone()));
                }
            }
        }
        for c in cond.all.iter().flatten().chain(cond.any.iter().flatten()) {
            self.validate_condition(c)?;
        }
        if let Some(c) = &cond.not {
            self.validate_condition(c)?;
        }
        Ok(())
    }

    /// The organisation followed by its units.
    pub fn all_units(&self) -> impl Iterator<Item = &Unit> {
        std::iter::once(&self.organisation).chain(self.units.iter())
    }

    /// Every name and alias of the organisation and its units, folded (see [`UnitNames`]).
    fn folded_names(&self) -> &[FoldedName] {
        let names = self.unit_names.0.get_or_init(|| self.fold_unit_names());
        debug_assert!(
            *names == self.fold_unit_names(),
            "the units changed after the first lookup"
        );
        names
    }

    fn fold_unit_names(&self) -> Vec<FoldedName> {
        self.all_units()
            .enumerate()
            .flat_map(|(unit, u)| {
                std::iter::once(&u.name)
                    .chain(u.aliases.iter())
                    .map(move |n| FoldedName {
                        unit,
                        folded: fold(n),
                    })
            })
            .collect()
    }

    /// A configured unit by its name or one of its aliases (case-insensitive).
    pub fn unit_by_name(&self, name: &str) -> Option<&Unit> {
        let want = fold(name);
        self.folded_names()
            .iter()
            .find(|n| n.folded == want)
            .and_then(|n| self.all_units().nth(n.unit))
    }

    /// The configured unit a notification is for: by org number, else by the recipient
    /// name containing the unit's name or an alias as whole words. A unit beats the
    /// organisation (whose name is part of many unit names), then the longest name wins.
    pub fn resolve_unit(&self, org: Option<OrgNr>, name: Option<&str>) -> Option<&Unit> {
        if let Some(org) = org
            && let Some(u) = self.all_units().find(|u| u.org == org)
        {
            return Some(u);
        }
        let name = fold(name?);
        let mut best: Option<(usize, bool, usize)> = None;
        for n in self.folded_names() {
            if !contains_words(&name, &n.folded) {
                continue;
            }
            let is_unit = n.unit > 0;
            let better = match best {
                None => true,
                Some((_, bu, blen)) => (is_unit, n.folded.len()) > (bu, blen),
            };
            if better {
                best = Some((n.unit, is_unit, n.folded.len()));
            }
        }
        best.and_then(|(i, _, _)| self.all_units().nth(i))
    }

    /// Org numbers of the units: preferred when a text names several numbers.
    pub fn unit_numbers(&self) -> Vec<OrgNr> {
        self.units.iter().map(|u| u.org).collect()
    }

    /// The configured mail root, with `~` expanded and a relative path resolved against the
    /// configuration file's folder (the current folder for the built-in default).
    pub fn mail_root(&self) -> PathBuf {
        let root = &self.mail.root;
        let expanded = if root == "~" || root.starts_with("~/") {
            match directories::BaseDirs::new() {
                Some(b) => b
                    .home_dir()
                    .join(root.trim_start_matches('~').trim_start_matches('/')),
                None => PathBuf::from(root),
            }
        } else {
            PathBuf::from(root)
        };
        match (&self.source, expanded.is_relative()) {
            (Some(src), true) => src.parent().unwrap_or(Path::new(".")).join(expanded),
            _ => expanded,
        }
    }

    /// Warnings that do not stop the tool but need the clerk's attention, in English
    /// (`i18n::cli::config_warning` words [`Config::warning_facts`] for the clerk).
    pub fn warnings(&self) -> Vec<String> {
        self.warning_facts()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Warnings that do not stop the tool but need the clerk's attention, as facts.
    pub fn warning_facts(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for rule in &self.rules {
            let r = rule.get_ref();
            if let Some(to) = r.action.forward_to()
                && is_placeholder_address(to)
            {
                out.push(Warning::PlaceholderForward {
                    rule: r.name.clone(),
                    to: to.to_string(),
                });
            }
        }
        if let Some(first) = self.rules.first().map(|r| r.get_ref())
            && first.condition.as_ref().is_none_or(matches_everything)
        {
            out.push(Warning::FirstRuleMatchesAll {
                rule: first.name.clone(),
                action: first.action.clone(),
            });
        }
        if is_placeholder_address(&self.forward.from) {
            out.push(Warning::PlaceholderFrom(self.forward.from.clone()));
        }
        out
    }
}

/// A configuration that loads but needs the clerk's attention (`config check`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// A rule forwards to a placeholder address of the default configuration.
    #[error(
        "rule `{rule}` forwards to {to}, a placeholder: set the real address before using `apply`"
    )]
    PlaceholderForward { rule: String, to: String },
    /// The first rule matches everything, so no later rule is ever used.
    #[error(
        "the first rule `{rule}` matches every notification: no later rule is ever used, and \
         every notification gets \"{}\"",
        action.name()
    )]
    FirstRuleMatchesAll { rule: String, action: Action },
    /// `forward.from` is still the placeholder.
    #[error("forward.from is {0}, a placeholder: set the clerk's address")]
    PlaceholderFrom(String),
}

/// Lower-cased with single spaces, for comparing names.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `needle` occurs in `haystack` on word boundaries (both already folded): anywhere,
/// overlapping occurrences included. Each place the needle's first byte occurs is tried;
/// that byte begins a character in both (UTF-8 never repeats a first byte inside a
/// character), so each place is a character boundary. Called for every unit name per
/// notification: a recipient name is short, and most unit names are longer than it.
fn contains_words(haystack: &str, needle: &str) -> bool {
    let (hay, pat) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = pat.first() else {
        return false;
    };
    if pat.len() > hay.len() {
        return false;
    }
    memchr::memchr_iter(first, &hay[..=hay.len() - pat.len()]).any(|i| {
        hay[i..].starts_with(pat) && {
            let before = haystack[..i].chars().next_back();
            let after = haystack[i + pat.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        }
    })
}

/// The units file as read by the configuration (`units import` writes it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsFile {
    #[serde(default)]
    pub units: Vec<Unit>,
}

/// Reads a units file: `[[units]]` tables, each number once (MOD11-checked by `OrgNr`).
pub fn read_units_file(path: &Path) -> Result<Vec<Unit>, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: shown.clone(),
        position: None,
        problem: Box::new(ConfigProblem::ReadUnits {
            kind: e.kind(),
            detail: e.to_string(),
        }),
    })?;
    let parsed: UnitsFile = from_toml(&text).map_err(|(span, problem)| ConfigError {
        file: shown.clone(),
        position: span.map(|s| line_col(&text, s.start)),
        problem: Box::new(problem),
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for u in &parsed.units {
        if !seen.insert(u.org) {
            return Err(ConfigError {
                file: shown,
                position: None,
                problem: Box::new(ConfigProblem::UnitListedTwice(u.org)),
            });
        }
    }
    Ok(parsed.units)
}

impl Config {
    /// `units_file` resolved against the configuration file's folder.
    pub fn units_file_path(&self) -> Option<PathBuf> {
        let f = self.units_file.as_deref()?;
        let p = PathBuf::from(f);
        Some(match (&self.source, p.is_relative()) {
            (Some(src), true) => src.parent().unwrap_or(Path::new(".")).join(p),
            _ => p,
        })
    }
}

/// Where configuration and data live.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config_file: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// `$XDG_CONFIG_HOME/altinn-sweep/config.toml` and `$XDG_DATA_HOME/altinn-sweep`.
    pub fn standard() -> Option<Paths> {
        let dirs = directories::ProjectDirs::from("", "", "altinn-sweep")?;
        Some(Paths {
            config_file: dirs.config_dir().join("config.toml"),
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }
}

/// The `language` a configuration text names, read even when the configuration is not
/// valid, so that its errors can be worded in that language; `None` when the text is
/// not TOML or names no valid language.
pub fn language_in(text: &str) -> Option<Language> {
    let table: toml::Table = text.parse().ok()?;
    table.get("language")?.clone().try_into().ok()
}

/// Loads the configuration: from `explicit` if given (it must exist), else from the
/// standard path if that file exists, else the built-in default.
pub fn load(explicit: Option<&Path>, standard: Option<&Path>) -> Result<Config, ConfigError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => standard.filter(|p| p.exists()).map(Path::to_path_buf),
    };
    let Some(path) = path else {
        return Config::parse(DEFAULT_CONFIG, BUILT_IN);
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        file: shown.clone(),
        position: None,
        problem: Box::new(ConfigProblem::ReadConfig {
            kind: e.kind(),
            detail: e.to_string(),
        }),
    })?;
    Config::parse_from(&text, &shown, Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Config {
        Config::parse(DEFAULT_CONFIG, BUILT_IN).expect("the default config is valid")
    }

    #[test]
    fn default_config_is_valid_and_warns_about_the_placeholder() {
        let c = default();
        assert_eq!(c.organisation.org.digits(), "964965137");
        let names: Vec<_> = c.rules.iter().map(|r| r.get_ref().name.clone()).collect();
        assert_eq!(
            names,
            [
                "own-mail-units",
                "sick-note",
                "sick-pay-application",
                "sick-pay-not-submitted",
                "customs-overview",
                "archive-rest"
            ]
        );
        assert!(
            c.warnings()
                .iter()
                .any(|w| w.contains("sick-pay-not-submitted"))
        );
    }

    fn error_of(text: &str) -> ConfigError {
        Config::parse(text, "test.toml").expect_err("should fail")
    }

    /// The default config with one line replaced, for error tests.
    fn with(old: &str, new: &str) -> String {
        assert!(DEFAULT_CONFIG.contains(old), "default config lacks {old:?}");
        DEFAULT_CONFIG.replacen(old, new, 1)
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = error_of("language = \"nb\"\n[mail\nroot = 1\n");
        assert_eq!(e.file, "test.toml");
        assert_eq!(e.position.map(|p| p.0), Some(2));
        assert!(e.to_string().starts_with("test.toml:2:"), "{e}");
        assert!(matches!(*e.problem, ConfigProblem::Toml { .. }), "{e:?}");
    }

    #[test]
    fn the_language_is_read_from_a_configuration_that_is_not_valid() {
        let same_folder = with("archive = \"Altinn\"", "archive = \"INBOX\"");
        assert!(Config::parse(&same_folder, "t").is_err());
        assert_eq!(language_in(&same_folder), Some(Language::Auto));
        let nb = same_folder.replacen("language = \"auto\"", "language = \"nb\"", 1);
        assert_eq!(language_in(&nb), Some(Language::Nb));
        assert_eq!(language_in("[mail\nlanguage = \"nb\""), None, "not TOML");
        assert_eq!(language_in("language = \"de\""), None, "not a language");
        assert_eq!(language_in("x = 1"), None);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let text = with(
            "layout = \"verbatim\"",
            "layout = \"verbatim\"\ninbxo = \"INBOX\"",
        );
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("inbxo"), "{e}");
        assert!(matches!(*e.problem, ConfigProblem::Toml { .. }), "{e:?}");
        assert!(e.position.is_some());
    }

    #[test]
    fn invalid_org_number_is_an_error_at_its_line() {
        let text = with("org = \"973857673\"", "org = \"973857674\"");
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("MOD11"), "{e}");
        assert_eq!(
            *e.problem,
            ConfigProblem::OrgNr(crate::orgnr::OrgNrError::CheckDigit("973857674".into()))
        );
        let line = text.lines().position(|l| l.contains("973857674")).unwrap() + 1;
        assert_eq!(e.position.map(|p| p.0), Some(line), "{e}");
    }

    #[test]
    fn the_role_regex_is_checked_as_it_is_used_case_insensitively() {
        // Compiles as written, but not with case folding (each `k` also matches the
        // Kelvin sign): the check used to compile the first and accept it, and the scan,
        // which folds case, then found no role in any notice.
        let pattern = "rolle (k{64000})";
        assert!(RegexBuilder::new(pattern).build().is_ok());
        let text = with(
            "[recognition]",
            &format!("[recognition]\nrole_regex = '{pattern}'"),
        );
        let e = error_of(&text);
        assert!(
            matches!(&*e.problem, ConfigProblem::RoleRegex { .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("recognition.role_regex"), "{e}");
        // the default, checked the same way, is the regex that finds a role
        let c = default();
        assert_eq!(
            c.recognition
                .other_role("Meldingen er sendt til rollen «Lønn og personal».")
                .as_deref(),
            Some("Lønn og personal")
        );
    }

    #[test]
    fn bad_regex_is_an_error() {
        let text = with("subject_regex = [", "subject_regex = [\"(unclosed\",");
        let e = error_of(&text);
        assert!(
            e.problem.to_string().contains("invalid regular expression"),
            "{e}"
        );
        assert!(
            matches!(&*e.problem, ConfigProblem::Invalid(Invalid::Regex { pattern, .. }) if pattern == "(unclosed"),
            "{e:?}"
        );
        assert!(e.position.is_some());
        // the next failure is its own, not the regex raised before
        assert!(matches!(
            *error_of("[mail\n").problem,
            ConfigProblem::Toml { .. }
        ));
        let empty = with("subject_regex = [", "subject = [\"\"]\nsubject_regex = [");
        assert_eq!(
            *error_of(&empty).problem,
            ConfigProblem::Invalid(Invalid::EmptyPattern)
        );
    }

    #[test]
    fn forward_without_address_is_an_error() {
        let text = DEFAULT_CONFIG
            .lines()
            .filter(|l| !l.trim_start().starts_with("forward_to"))
            .collect::<Vec<_>>()
            .join("\n");
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("no `forward_to`"), "{e}");
        assert!(
            matches!(
                *e.problem,
                ConfigProblem::Invalid(Invalid::ForwardWithoutAddress(_))
            ),
            "{e:?}"
        );
        assert!(e.position.is_some());
    }

    #[test]
    fn unknown_unit_in_rule_is_an_error() {
        let text = with(
            "recipient_fetches_own_mail = true",
            "recipient_unit = [\"Kulturhuset\"]",
        );
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("Kulturhuset"), "{e}");
        assert!(
            matches!(&*e.problem, ConfigProblem::InRule { problem: Invalid::UnknownUnit(u), .. } if u == "Kulturhuset"),
            "{e:?}"
        );
    }

    /// The line of `text` that contains `needle` (1-based).
    fn line_of(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("in the text")
            + 1
    }

    #[test]
    fn the_archive_may_not_be_the_inbox() {
        let text = with("archive = \"Altinn\"", "archive = \"INBOX\"");
        let e = error_of(&text);
        assert!(
            e.problem.to_string().contains("mail.archive")
                && e.problem.to_string().contains("same folder as mail.inbox"),
            "{e}"
        );
        assert_eq!(
            e.position.map(|p| p.0),
            Some(line_of(&text, "archive = \"INBOX\"")),
            "{e}"
        );
        let text = with("trash = \"Trash\"", "trash = \"Altinn\"");
        assert!(
            error_of(&text)
                .problem
                .to_string()
                .contains("same folder as mail.archive")
        );
        let text = with("outbox = \"Outbox\"", "outbox = \"Trash\"");
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("forward.outbox"), "{e}");
        assert_eq!(
            e.position.map(|p| p.0),
            Some(line_of(&text, "outbox = \"Trash\""))
        );
    }

    #[test]
    fn maildir_plus_plus_names_that_meet_in_one_folder_are_the_same_folder() {
        let text = with("layout = \"verbatim\"", "layout = \"maildir++\"")
            .replacen("archive = \"Altinn\"", "archive = \"Arkiv/Altinn\"", 1)
            .replacen("trash = \"Trash\"", "trash = \"Arkiv.Altinn\"", 1);
        assert!(error_of(&text).problem.to_string().contains("same folder"));
    }

    #[test]
    fn folders_stay_inside_the_mail_root() {
        for bad in [
            "../Altinn",
            "Arkiv/../../x",
            "/var/mail/Altinn",
            "~/Altinn",
            ".",
            "",
            "Arkiv//Altinn",
            "INBOX/cur",
            "Alt\\u001binn",
        ] {
            let line = format!("archive = \"{bad}\"");
            let text = with("archive = \"Altinn\"", &line);
            let e = error_of(&text);
            assert!(
                e.problem.to_string().starts_with("mail.archive: "),
                "{bad:?}: {e}"
            );
            assert_eq!(
                e.position.map(|p| p.0),
                Some(line_of(&text, &line)),
                "{bad:?}"
            );
        }
        assert!(
            Config::parse(
                &with("archive = \"Altinn\"", "archive = \"Arkiv/Altinn\""),
                "t"
            )
            .is_ok()
        );
    }

    #[test]
    fn timeouts_are_bounded() {
        let text = with("timeout_seconds = 60", "timeout_seconds = 0");
        let e = error_of(&text);
        assert!(
            e.problem
                .to_string()
                .contains("forward.timeout_seconds = 0"),
            "{e}"
        );
        assert_eq!(
            *e.problem,
            ConfigProblem::Timeout {
                key: "forward.timeout_seconds".into(),
                value: 0,
                max: MAX_TIMEOUT_SECONDS
            }
        );
        assert_eq!(
            e.position.map(|p| p.0),
            Some(line_of(&text, "timeout_seconds = 0"))
        );
        assert_eq!(default().forward.timeout_seconds, 60);
        let text = with("timeout_seconds = 60", "timeout_seconds = 5");
        assert_eq!(
            Config::parse(&text, "t").unwrap().forward.timeout(),
            std::time::Duration::from_secs(5)
        );
    }

    /// The default config with a `[forward.smtp]` section of these lines.
    fn with_smtp(lines: &str) -> String {
        with("# [forward.smtp]", &format!("[forward.smtp]\n{lines}"))
    }

    #[test]
    fn no_password_goes_unencrypted_to_another_machine() {
        let text = with_smtp(
            "host = \"smtp.sandnes.kommune.no\"\nsecurity = \"none\"\nusername = \"dok\"\npassword_env = \"P\"",
        );
        let e = error_of(&text);
        assert!(
            e.problem.to_string().contains("unencrypted")
                && e.problem.to_string().contains("smtp.sandnes.kommune.no"),
            "{e}"
        );
        assert_eq!(
            e.position.map(|p| p.0),
            Some(line_of(&text, "security = \"none\""))
        );
        for host in ["localhost", "127.0.0.1", "127.0.0.53", "::1", "[::1]"] {
            let text = with_smtp(&format!(
                "host = \"{host}\"\nsecurity = \"none\"\nusername = \"dok\"\npassword_env = \"P\""
            ));
            assert!(Config::parse(&text, "t").is_ok(), "{host} is this machine");
        }
        let no_login = with_smtp("host = \"smtp.sandnes.kommune.no\"\nsecurity = \"none\"");
        assert!(
            Config::parse(&no_login, "t").is_ok(),
            "no password, nothing to leak"
        );
        let tls = with_smtp(
            "host = \"smtp.sandnes.kommune.no\"\nsecurity = \"starttls\"\nusername = \"dok\"",
        );
        assert!(Config::parse(&tls, "t").is_ok());
    }

    #[test]
    fn a_first_rule_that_matches_everything_is_warned_about() {
        let first = "[[rules]]\nname = \"own-mail-units\"";
        let everything =
            "[[rules]]\nname = \"all-to-archive\"\naction = \"archive\"\nreason = \"x\"\n\n";
        let c = Config::parse(&with(first, &format!("{everything}{first}")), "t").unwrap();
        assert!(
            c.warnings()
                .iter()
                .any(|w| w.contains("`all-to-archive` matches every notification")),
            "{:?}",
            c.warnings()
        );
        let empty_match = format!(
            "[[rules]]\nname = \"all-to-archive\"\naction = \"archive\"\nreason = \"x\"\nmatch = {{ all = [{{}}] }}\n\n{first}"
        );
        let c = Config::parse(&with(first, &empty_match), "t").unwrap();
        assert!(
            c.warnings()
                .iter()
                .any(|w| w.contains("matches every notification"))
        );
        assert!(
            !default()
                .warnings()
                .iter()
                .any(|w| w.contains("matches every")),
            "the default's catch-all rule is the last one"
        );
    }

    #[test]
    fn addresses_are_validated() {
        assert!(validate_address("lonn@sandnes.kommune.no").is_ok());
        for bad in [
            "lonn",
            "lonn@",
            "@x.no",
            "a b@x.no",
            "a@x.no, b@y.no",
            "a@x.no\r\nBcc: c@d.no",
            "a@nodot",
        ] {
            assert!(validate_address(bad).is_err(), "{bad:?}");
        }
        assert!(is_placeholder_address("lonn@example.invalid"));
        assert!(is_placeholder_address("x@lonn.example.com"));
        assert!(!is_placeholder_address("lonn@sandnes.kommune.no"));
    }

    #[test]
    fn units_resolve_by_number_and_by_name() {
        let c = default();
        let by_nr = c
            .resolve_unit(Some("973857673".parse().unwrap()), None)
            .unwrap();
        assert_eq!(by_nr.name, "Barnevern");
        let by_name = c
            .resolve_unit(None, Some("SANDNES KOMMUNE BARNEVERN"))
            .unwrap();
        assert_eq!(by_name.name, "Barnevern");
        assert_eq!(
            c.resolve_unit(None, Some("NAV SANDNES")).unwrap().name,
            "Nav Sandnes"
        );
        assert_eq!(
            c.resolve_unit(None, Some("SANDNES KOMMUNE")).unwrap().name,
            "Sandnes kommune"
        );
        assert!(c.resolve_unit(None, Some("NAV")).is_none());
        assert!(c.resolve_unit(None, Some("STAVANGER KOMMUNE")).is_none());
    }

    /// A municipality's worth of units (185, with aliases, names sharing words), and the
    /// lookups of the folded-once names give what folding every name at every lookup gave.
    #[test]
    fn unit_lookups_with_185_units_match_folding_at_every_lookup() {
        fn reference(c: &Config, name: &str) -> Option<String> {
            let name = fold(name);
            let mut best: Option<(&Unit, bool, usize)> = None;
            for (i, unit) in c.all_units().enumerate() {
                for alias in std::iter::once(&unit.name).chain(unit.aliases.iter()) {
                    let alias = fold(alias);
                    let found = name.match_indices(alias.as_str()).any(|(at, _)| {
                        let before = name[..at].chars().next_back();
                        let after = name[at + alias.len()..].chars().next();
                        !before.is_some_and(char::is_alphanumeric)
                            && !after.is_some_and(char::is_alphanumeric)
                    });
                    if alias.is_empty() || !found {
                        continue;
                    }
                    let key = (i > 0, alias.len());
                    if best.is_none_or(|(_, bu, blen)| key > (bu, blen)) {
                        best = Some((unit, key.0, key.1));
                    }
                }
            }
            best.map(|(u, _, _)| u.name.clone())
        }
        let mut c = default();
        let kinds = ["skole", "barnehage", "sykehjem", "legekontor"];
        for (n, org) in OrgNr::valid_from(910_000_001).take(185).enumerate() {
            let kind = kinds[n % kinds.len()];
            c.units.push(Unit {
                name: format!("Sandnes {kind} {}", n / kinds.len()),
                org,
                aliases: vec![format!(
                    "SANDNES KOMMUNE {}  {}",
                    kind.to_uppercase(),
                    n / 5
                )],
                fetches_own_mail: false,
            });
        }
        let names = [
            "SANDNES KOMMUNE",
            "SANDNES KOMMUNE SKOLE 3",
            "Sandnes kommune barnehage 12, avd. Sør",
            "SANDNES KOMMUNE LEGEKONTOR 9",
            "SANDNES KOMMUNE BARNEVERN",
            "NAV SANDNES",
            "sandnes   skole 30",
            "SANDNES SKOLE 300",
            "Hå kommune",
            "SANDNES KOMMUNE SYKEHJEM 7 OG SANDNES KOMMUNE SYKEHJEM 17",
            "",
        ];
        for name in names {
            assert_eq!(
                c.resolve_unit(None, Some(name)).map(|u| u.name.clone()),
                reference(&c, name),
                "{name:?}"
            );
        }
        assert_eq!(
            c.unit_by_name("sandnes  BARNEHAGE 2").map(|u| u.org),
            c.units
                .iter()
                .find(|u| u.name == "Sandnes barnehage 2")
                .map(|u| u.org)
        );
        // a name found where it occurs again, overlapping a place that is not a word
        assert!(contains_words("cab ab ab", "ab ab"));
        assert!(!contains_words("cab ab abc", "ab ab"));
        assert!(contains_words("å ab", "ab"));
        assert!(!contains_words("åab", "ab"));
    }

    /// A rule may name a unit of the units file (the checks run after it joins), and the
    /// unit lookups see its units.
    #[test]
    fn a_rule_may_name_a_unit_of_the_units_file_and_lookups_find_its_units() {
        let dir = tempfile::tempdir().unwrap();
        let text = with(
            "recipient_fetches_own_mail = true",
            "recipient_unit = [\"Sandnes kulturskole\"]",
        );
        let text = format!("units_file = \"units.toml\"\n{text}");
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        std::fs::write(
            dir.path().join("units.toml"),
            "[[units]]\nname = \"Sandnes kulturskole\"\norg = \"910000012\"\n",
        )
        .unwrap();
        let c = load(Some(&dir.path().join("config.toml")), None).unwrap();
        assert_eq!(
            c.resolve_unit(None, Some("SANDNES KULTURSKOLE"))
                .map(|u| u.org.digits()),
            Some("910000012".to_string())
        );
        assert!(c.unit_by_name("sandnes kulturskole").is_some());
    }

    /// The folded names are made once; a configuration whose units change after a lookup
    /// is a bug that debug builds (the tests) catch.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "the units changed after the first lookup")]
    fn changing_the_units_after_a_lookup_is_caught() {
        let mut c = default();
        let _ = c.resolve_unit(None, Some("NAV SANDNES"));
        c.units[0].name.push_str(" nord");
        let _ = c.resolve_unit(None, Some("NAV SANDNES"));
    }

    /// The default configuration with an `[altinn]` section of these lines appended.
    fn with_altinn(lines: &str) -> String {
        format!("{DEFAULT_CONFIG}\n[altinn]\n{lines}\n")
    }

    const ALTINN_OK: &str = "environment = \"tt02\"\nclient_id = \"c1\"\nkey_file = \"key.pem\"\nkey_id = \"k1\"\norg = \"964965137\"";

    #[test]
    fn altinn_is_off_without_its_section_and_read_with_it() {
        assert!(default().altinn.is_none());
        let c = Config::parse(&with_altinn(ALTINN_OK), "test.toml").expect("valid");
        let a = c.altinn.expect("section");
        assert_eq!(a.base_url(), "https://platform.tt02.altinn.no/dialogporten");
        assert_eq!(a.token_url(), "https://test.maskinporten.no/token");
        assert_eq!(a.audience(), "https://test.maskinporten.no/");
        assert_eq!(a.scopes, vec!["digdir:dialogporten".to_string()]);
        let prod = with_altinn(&ALTINN_OK.replace("tt02", "production"));
        let a = Config::parse(&prod, "t").unwrap().altinn.unwrap();
        assert_eq!(a.base_url(), "https://platform.altinn.no/dialogporten");
        assert_eq!(a.token_url(), "https://maskinporten.no/token");
        let local = with_altinn(&format!(
            "{ALTINN_OK}\nbase_url = \"http://127.0.0.1:8080/dialogporten/\"\ntoken_url = \"http://localhost:9/token\""
        ));
        let a = Config::parse(&local, "t").unwrap().altinn.unwrap();
        assert_eq!(a.base_url(), "http://127.0.0.1:8080/dialogporten");
        assert_eq!(a.audience(), "http://localhost:9/");
    }

    #[test]
    fn altinn_errors_name_the_line() {
        let text = with_altinn(&format!(
            "{ALTINN_OK}\nbase_url = \"http://proxy.example.no/dp\""
        ));
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("plain http"), "{e}");
        assert_eq!(
            e.position.map(|p| p.0),
            Some(line_of(&text, "proxy.example.no"))
        );
        let text = with_altinn(&ALTINN_OK.replace("964965137", "964965138"));
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("964965138"), "{e}");
        assert_eq!(e.position.map(|p| p.0), Some(line_of(&text, "964965138")));
        let text = with_altinn(&format!("{ALTINN_OK}\nkey_command = [\"pass\", \"mp\"]"));
        let e = error_of(&text);
        assert!(e.problem.to_string().contains("not both"), "{e}");
        assert_eq!(e.position.map(|p| p.0), Some(line_of(&text, "\"mp\"]")));
        let text = with_altinn(&ALTINN_OK.replace(
            "key_file = \"key.pem\"",
            "key_file = \"-----BEGIN PRIVATE KEY-----\"",
        ));
        assert!(
            error_of(&text)
                .problem
                .to_string()
                .contains("never put the key")
        );
        let text = with_altinn(&ALTINN_OK.replace("key_file = \"key.pem\"\n", ""));
        assert!(
            error_of(&text)
                .problem
                .to_string()
                .contains("give key_file")
        );
        let text = with_altinn(&ALTINN_OK.replace("tt02", "staging"));
        assert_eq!(
            error_of(&text).position.map(|p| p.0),
            Some(line_of(&text, "staging"))
        );
    }

    #[test]
    fn not_fetched_matches_subject_or_notice_whatever_the_case_and_ignores_blank_texts() {
        let c = default();
        let sick = c.not_fetched_match("Varsel", "Du har fått en NY SYKMELDING i Altinn");
        assert_eq!(sick.map(|n| n.name.as_str()), Some("Sykmelding"));
        let customs = c.not_fetched_match("tolldeklarasjonsoversikt for mai", "");
        assert_eq!(
            customs.map(|n| n.name.as_str()),
            Some("Tolldeklarasjonsoversikt")
        );
        assert!(c.not_fetched_match("Ny melding", "Skattemelding").is_none());

        // a blank text marks nothing (it would be in every notice)
        let blank = format!(
            "{DEFAULT_CONFIG}\n[[not_fetched]]\nname = \"Blank\"\ntext = [\"  \"]\nreason = \"r\"\n"
        );
        let c = Config::parse(&blank, "t").unwrap();
        assert!(c.not_fetched_match("a  b", "c  d").is_none());

        // the file's keys are still checked
        let unknown = format!(
            "{DEFAULT_CONFIG}\n[[not_fetched]]\nname = \"X\"\ntext = [\"x\"]\nreason = \"r\"\nwhy = 1\n"
        );
        assert!(error_of(&unknown).problem.to_string().contains("why"));
    }
}
