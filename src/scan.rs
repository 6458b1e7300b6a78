//! The scan: every message of the inbox is peeked at (From and Subject only); those that
//! claim to be from Altinn are parsed in full, checked for authenticity, and given a
//! suggestion by the rules. Reads run on a pool of threads so that many are in flight.

pub mod cache;

use crate::config::{Action, Config};
use crate::links::Followed;
use crate::maildir::{self, MailFile};
use crate::message::{self, HeaderPeek, ParsedMail};
use crate::notification::{self, Claim, Doubt, Extracted, Note};
use crate::rules::{self, Facts, Reason, Suggestion, Verdict};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Everything the tool knows about one notification: facts only, in no language (the
/// edge, `i18n`, puts them into words).
#[derive(Debug, Clone)]
pub struct Analysis {
    pub mail: ParsedMail,
    pub extracted: Extracted,
    /// The configured unit the notification is for: name and number.
    pub unit: Option<(String, crate::orgnr::OrgNr)>,
    /// Why it looks like an Altinn notification.
    pub claims: Vec<Claim>,
    /// Failed authenticity checks; genuine when empty.
    pub doubts: Vec<Doubt>,
    pub suggestion: Suggestion,
    /// The external-sender tags removed from the start of the subject, as written
    /// (`mail.subject` stays as it is; recognition and rules saw the rest).
    pub subject_tags: Vec<String>,
    /// The subject that recognition and the rules saw: without the tags.
    pub recognised_subject: String,
    /// The gateway's warning banner at the top of `mail.body`, as a byte range of it: a
    /// screen shows it dimmed or folded; extraction and rules read [`Analysis::notice`].
    pub banner: Option<std::ops::Range<usize>>,
    /// The body's links and those of attachments, followed through any wrappers.
    pub links: Vec<Followed>,
    pub attachment_links: Vec<Followed>,
    /// What the clerk should know that changes neither recipient nor verdict.
    pub notes: Vec<Note>,
}

impl Analysis {
    pub fn suspicious(&self) -> bool {
        !self.doubts.is_empty()
    }

    /// The body without the gateway's banner: the notice itself.
    pub fn notice(&self) -> &str {
        let start = self.banner.as_ref().map_or(0, |r| r.end);
        self.mail.body.get(start..).unwrap_or(&self.mail.body)
    }

    /// The banner's text, if the body has one.
    pub fn banner_text(&self) -> Option<&str> {
        self.banner.clone().and_then(|r| self.mail.body.get(r))
    }

    /// `Name <address>` of the From header.
    pub fn from_display(&self) -> String {
        from_display(&self.mail)
    }

    /// The configured unit this notification resolved to, looked up in `config`.
    pub fn unit_in<'c>(&self, config: &'c Config) -> Option<&'c crate::config::Unit> {
        let (name, org) = self.unit.as_ref()?;
        config
            .all_units()
            .find(|u| u.org == *org && u.name == *name)
    }

    /// Every rule's verdict on the facts this analysis found (what `explain` shows), the
    /// same facts the suggestion was made from.
    pub fn verdicts<'c>(&self, config: &'c Config) -> Vec<Verdict<'c>> {
        let from = self.from_display();
        rules::verdicts(config, &self.facts(&from, self.unit_in(config)))
    }

    /// The facts the rules look at.
    fn facts<'a>(&'a self, from: &'a str, unit: Option<&'a crate::config::Unit>) -> Facts<'a> {
        Facts {
            subject: &self.recognised_subject,
            body: self.notice(),
            from,
            recipient_org: self.extracted.recipient_org,
            recipient_name: self.extracted.recipient_name.as_deref(),
            unit,
        }
    }

    /// Who the notification is for, as the clerk knows it: the configured unit's name when
    /// the recipient is one of the municipality's units, else the name the notification
    /// gives, else its org number; `?` when it names none. With `with_org` the org number
    /// follows a name: `Barnevern (973 857 673)`. The one wording of the CLI table and the
    /// TUI (which leaves the number out of its narrow queue column).
    pub fn recipient_label(&self, with_org: bool) -> String {
        let (name, org) = match &self.unit {
            Some((name, org)) => (Some(name.as_str()), Some(*org)),
            None => (
                self.extracted.recipient_name.as_deref(),
                self.extracted.recipient_org,
            ),
        };
        match (name, org) {
            (Some(n), Some(o)) if with_org => format!("{n} ({o})"),
            (Some(n), _) => n.to_string(),
            (None, Some(o)) => o.to_string(),
            (None, None) => "?".into(),
        }
    }
}

/// A listed notification: the file and what it says.
#[derive(Debug, Clone)]
pub struct Item {
    pub file: MailFile,
    /// Boxed: a queue of 10 000 moves and sorts pointers, not 10 000 large structs.
    pub analysis: Box<Analysis>,
}

/// A file that could not be read or is not an email; it is left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub problem: Unreadable,
}

/// Why a file of the inbox is not listed: facts, worded by `i18n::unreadable` (the
/// `Display` form is the English one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// Opening or reading it failed, in the system's words. Says nothing about the
    /// message, so it is never cached.
    #[error("cannot read: {0}")]
    Read(String),
    /// The file is empty.
    #[error("empty file")]
    Empty,
    /// It does not start with a header field: not an email.
    #[error("not an email: it does not start with a header field")]
    NoHeader,
    /// No end of the header block in the first `kib` KiB: not an email.
    #[error("no end of the header block in the first {kib} KiB: not an email")]
    EndlessHeader { kib: usize },
    /// mail-parser found no message in it, or failed on it.
    #[error(
        "its MIME structure cannot be parsed (mail-parser found no message in it or failed on it)"
    )]
    Mime,
}

impl Unreadable {
    fn read(e: &io::Error) -> Unreadable {
        Unreadable::Read(e.to_string())
    }
}

/// The result of scanning the inbox.
#[derive(Debug, Default)]
pub struct Report {
    /// The notifications, oldest first.
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
    /// Messages looked at (not counting trashed ones).
    pub messages: usize,
    /// A problem with the classification cache (ignored and rebuilt, or not written),
    /// to be told once; the scan itself is complete.
    pub cache_note: Option<cache::CacheError>,
    /// How many messages were classified from the cache without being opened.
    pub from_cache: usize,
    /// The unique names (before the info part) of every message the scan listed, when
    /// asked for with [`scan_listed`]: what the TUI's refresh then knows, without a second
    /// listing of the folder.
    pub listed: Option<NameSet>,
    /// The notifications as the caller's [`Render`] made them, oldest first, when the scan
    /// was asked to render ([`scan_rendered`]): then `items` is empty.
    pub rendered: Vec<RenderedItem>,
}

/// What a caller makes of each notification, done by the scan on the thread that analysed
/// or decoded it, as soon as it has it: while the analysis is still in that core's cache,
/// and while the folder is still being listed. `scan --json` renders its lines' content
/// here. On a restart from the cache, an analysis decoded and rendered is let go at once,
/// so that the next one is decoded into the same memory.
pub type Render<'a> = &'a (dyn Fn(&Analysis, &mut Vec<u8>) + Sync);

/// A listed notification as the caller's [`Render`] made it.
#[derive(Debug, Clone)]
pub struct RenderedItem {
    pub file: MailFile,
    pub text: Box<[u8]>,
}

/// A cache entry decoded ahead: as it is, or (when the scan renders) a notification
/// rendered, with the time it sorts by.
enum Ahead {
    Entry(Result<cache::Entry, &'static str>),
    Rendered(Option<i64>, Box<[u8]>),
}

/// A notification the report will list: analysed (rendered with the report when the caller
/// renders), or rendered already.
enum Listed {
    Analysed(Box<Analysis>),
    Rendered(Box<[u8]>),
}

/// `render` applied to `a` through `buf` (reused), kept in an allocation of its size.
fn render_one(render: Render, a: &Analysis, buf: &mut Vec<u8>) -> Box<[u8]> {
    buf.clear();
    render(a, buf);
    Box::from(&buf[..])
}

/// Puts notifications oldest first (by date, then unique name), as a scan lists them:
/// nothing moves when they already are (a scan's list with a few arrivals appended is
/// sorted through indices, so each item, a large struct, moves once).
pub fn sort_oldest_first(items: &mut Vec<Item>) {
    fn key(i: &Item) -> (Option<i64>, &str) {
        (i.analysis.mail.timestamp, &i.file.name.unique)
    }
    if items.is_sorted_by(|a, b| key(a) <= key(b)) {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| key(&items[a]).cmp(&key(&items[b])));
    let mut slots: Vec<Option<Item>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = order.into_iter().filter_map(|k| slots[k].take()).collect();
}

/// A set of unique names, hashed fast (they come from the delivery agent, not from a
/// sender): what the TUI knows of the inbox, 100 000 of them at start.
pub type NameSet = HashSet<String, std::hash::BuildHasherDefault<cache::FastHasher>>;

/// What one file turned out to be.
#[derive(Debug)]
pub enum Outcome {
    NotAltinn,
    Notification(Box<Analysis>),
    Unreadable(Unreadable),
}

fn from_display(mail: &ParsedMail) -> String {
    match (&mail.from_name, &mail.from_addr) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (None, Some(a)) => a.clone(),
        (Some(n), None) => n.clone(),
        (None, None) => String::new(),
    }
}

/// Analyses a fully parsed message that claims to be a notification.
pub fn analyse(mail: ParsedMail, claims: Vec<Claim>, config: &Config) -> Analysis {
    let recognition = &config.recognition;
    let (recognised_subject, subject_tags) = {
        let (rest, tags) = notification::strip_subject_tags(
            mail.subject.as_deref().unwrap_or(""),
            &recognition.subject_tags,
        );
        (
            rest.to_string(),
            tags.into_iter().map(str::to_string).collect::<Vec<_>>(),
        )
    };
    let banner = notification::banner(&mail.body, &recognition.banner_markers);
    let notice = &mail.body[banner.as_ref().map_or(0, |r| r.end)..];
    let mut extracted = notification::extract(
        &recognised_subject,
        notice,
        &[&config.unit_numbers(), &[config.organisation.org]],
    );
    let mut notes = Vec::new();
    if extracted.named_without_number {
        // The notice greets its recipient by name: a number is the recipient's only when
        // it is the number of the unit that name is; any other says what it is about.
        let named = config.resolve_unit(None, extracted.recipient_name.as_deref());
        let own = named
            .map(|u| u.org)
            .filter(|o| extracted.numbers.contains(o));
        for &org in extracted.numbers.iter().filter(|&&n| Some(n) != own) {
            notes.push(Note::OtherNumberInText {
                org,
                unit: config
                    .all_units()
                    .find(|u| u.org == org)
                    .map(|u| u.name.clone()),
            });
        }
        extracted.recipient_org = own;
    }
    if let Some(n) = config.not_fetched_match(&recognised_subject, notice) {
        notes.push(Note::NotFetched {
            name: n.name.clone(),
            reason: n.reason.clone(),
        });
    }
    if let Some(role) = recognition.other_role(notice) {
        notes.push(Note::OtherRole { role });
    }
    let unit = config.resolve_unit(extracted.recipient_org, extracted.recipient_name.as_deref());
    let checked = notification::check(
        &mail,
        &config.trusted_sender_domains,
        &config.trusted_link_domains,
        &recognition.link_wrappers,
    );
    let mut doubts = checked.doubts;
    let limit = recognition.max_notification_bytes();
    if mail.size > limit {
        doubts.push(Doubt::TooLarge {
            size: mail.size,
            limit,
        });
    }
    let mut a = Analysis {
        unit: unit.map(|u| (u.name.clone(), u.org)),
        mail,
        extracted,
        claims,
        doubts,
        suggestion: Suggestion {
            action: Action::Skip,
            rule: rules::SUSPICIOUS_RULE.into(),
            reason: Reason::Suspicious,
            matched: Vec::new(),
        },
        subject_tags,
        recognised_subject,
        banner,
        links: checked.links,
        attachment_links: checked.attachment_links,
        notes,
    };
    if a.doubts.is_empty() {
        let from = a.from_display();
        a.suggestion = rules::suggest(config, &a.facts(&from, unit));
    }
    a
}

/// The claims of a parsed message (as the scan would find them from its headers).
pub fn claims_of(mail: &ParsedMail, config: &Config) -> Vec<Claim> {
    let peek = HeaderPeek {
        from_addr: mail.from_addr.clone(),
        from_name: mail.from_name.clone(),
        subject: mail.subject.clone(),
    };
    notification::claims(
        &peek,
        &config.trusted_sender_domains,
        &config.recognition.subject_tags,
    )
}

/// Names handed to the readers at a time.
const BATCH: usize = 256;

/// Headers longer than this are not an email any sync tool would deliver.
const MAX_HEADER: usize = 1 << 20;
const FIRST_READ: usize = 4096;

/// Classifies one file: peeks at its headers and reads the whole file only if it claims
/// to be a notification.
pub fn classify_file(path: &Path, config: &Config, buf: &mut Vec<u8>) -> Outcome {
    match peek_opened(maildir::open_message_at(None, path, false), config, buf) {
        Peeked::Candidate(c) => c.analyse(config),
        Peeked::NotAltinn => Outcome::NotAltinn,
        Peeked::Unreadable(m) => Outcome::Unreadable(m),
    }
}

/// What the header peek found in one file.
enum Peeked {
    NotAltinn,
    Unreadable(Unreadable),
    Candidate(Candidate),
}

/// A message that claims to be from Altinn, read whole, waiting for its full analysis.
struct Candidate {
    /// The message, or its first `max_notification_kib` when it is larger.
    raw: Vec<u8>,
    header_len: usize,
    claims: Vec<Claim>,
    /// The whole message's size in bytes.
    size: u64,
    /// The file as fstat(2) saw it when it was read (none for a message from memory).
    stamp: Option<maildir::FileStamp>,
}

impl Candidate {
    fn analyse(self, config: &Config) -> Outcome {
        match message::parse_used(&self.raw, self.header_len) {
            Some(mut mail) => {
                mail.size = self.size;
                mail.stamp = self.stamp;
                Outcome::Notification(Box::new(analyse(mail, self.claims, config)))
            }
            None => Outcome::Unreadable(Unreadable::Mime),
        }
    }
}

/// Peeks at a file being opened (the scan opens relative to the folder's directory
/// handle, which saves a path lookup per message).
fn peek_opened(file: io::Result<File>, config: &Config, buf: &mut Vec<u8>) -> Peeked {
    match file.and_then(|f| peek_inner(f, config, buf)) {
        Ok(peeked) => peeked,
        Err(e) => Peeked::Unreadable(Unreadable::read(&e)),
    }
}

/// Reads once more into `buf`, up to `want` bytes: how many it got (0 at the end).
fn read_more(file: &mut File, buf: &mut Vec<u8>, want: usize) -> io::Result<usize> {
    let before = buf.len();
    buf.resize(before + want, 0);
    let got = loop {
        match file.read(&mut buf[before..]) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => break other,
        }
    };
    buf.truncate(before + *got.as_ref().unwrap_or(&0));
    got
}

fn peek_inner(mut file: File, config: &Config, buf: &mut Vec<u8>) -> io::Result<Peeked> {
    buf.clear();
    // The first read of 4 KiB holds From and Subject in most mail, often half way through
    // the header: most messages are decided there (the rest of the header is not read).
    // Otherwise the header is read on, 8 KiB more and then doubling what was read, until
    // From and Subject decide, or the header ends, or the file does, or `MAX_HEADER`
    // bytes were read.
    let mut eof = false;
    // From and Subject were found whole and may claim to be from Altinn: the header is
    // read to its end, and the message whole.
    let mut fields_may_claim = false;
    let header_len = loop {
        let want = match buf.len() {
            0 => FIRST_READ,
            n => n.max(2 * FIRST_READ).min(MAX_HEADER - n),
        };
        let got = read_more(&mut file, buf, want)?;
        if got == 0 {
            eof = true;
        }
        if !fields_may_claim
            && message::looks_like_mail(buf)
            && let Some(raw) = message::leading_fields(buf)
        {
            let tags = &config.recognition.subject_tags;
            if !notification::may_claim(&raw, &config.trusted_sender_domains, tags) {
                return Ok(Peeked::NotAltinn);
            }
            fields_may_claim = true;
        }
        if let Some(block) = message::header_block(buf) {
            break block.len();
        }
        if eof {
            break buf.len(); // a message without a body
        }
        if buf.len() >= MAX_HEADER {
            return Ok(Peeked::Unreadable(Unreadable::EndlessHeader {
                kib: MAX_HEADER / 1024,
            }));
        }
    };
    let claims = match header_claims(buf, header_len, config) {
        Ok(claims) => claims,
        Err(peeked) => return Ok(peeked),
    };
    // No more than the limit is read: a 200 MB "notification" must not take memory
    // beyond it; its size alone makes it suspicious.
    let limit = config.recognition.max_notification_bytes();
    // One fstat(2) per candidate (a tenth of the mail at most): what the file was when
    // read, for the check before any action; and a candidate is read whole only if it
    // is a regular file (the listing's word for it is not enough for that).
    let meta = file.metadata()?;
    maildir::require_regular(&meta)?;
    let stamp = Some(maildir::FileStamp::of(&meta));
    let mut size = buf.len() as u64;
    // (a file the reads have had whole, as its size says, needs no read to see its end)
    if !eof && meta.len() != size {
        let read = buf.len();
        let room = limit.saturating_sub(buf.len() as u64);
        (&mut file).take(room.saturating_add(1)).read_to_end(buf)?;
        // nothing more: the first reads had it all, as if they had seen the end
        if buf.len() > read {
            size = meta.len().max(buf.len() as u64);
        }
    }
    // The limit is kept (or the header, when it is longer), however much the reads got:
    // as `classify_bytes` keeps it, so that the scan and `explain` see the same text.
    buf.truncate(limit.max(header_len as u64) as usize);
    // The buffer goes with the candidate; the next read starts a fresh one.
    let raw = std::mem::replace(buf, Vec::with_capacity(FIRST_READ * 4));
    Ok(Peeked::Candidate(Candidate {
        raw,
        header_len,
        claims,
        size,
        stamp,
    }))
}

/// What the header block (the first `header_len` bytes of `buf`) claims: the claims of a
/// candidate, or why it is not one.
fn header_claims(buf: &[u8], header_len: usize, config: &Config) -> Result<Vec<Claim>, Peeked> {
    if buf.is_empty() {
        return Err(Peeked::Unreadable(Unreadable::Empty));
    }
    if !message::looks_like_mail(buf) {
        return Err(Peeked::Unreadable(Unreadable::NoHeader));
    }
    let raw = message::raw_fields(&buf[..header_len]);
    let tags = &config.recognition.subject_tags;
    if !notification::may_claim(&raw, &config.trusted_sender_domains, tags) {
        return Err(Peeked::NotAltinn);
    }
    let claims = notification::claims(&raw.decode(), &config.trusted_sender_domains, tags);
    if claims.is_empty() {
        return Err(Peeked::NotAltinn);
    }
    Ok(claims)
}

/// Classifies a whole message held in memory exactly as the scan classifies a file (the
/// same header peek, the same parse and analysis): `explain` states what the scan does.
pub fn classify_bytes(mut raw: Vec<u8>, config: &Config) -> Outcome {
    let header_len = message::header_block(&raw).map_or(raw.len(), <[u8]>::len);
    match header_claims(&raw, header_len, config) {
        Ok(claims) => {
            let size = raw.len() as u64;
            let limit = config.recognition.max_notification_bytes();
            raw.truncate(limit.max(header_len as u64) as usize);
            Candidate {
                raw,
                header_len,
                claims,
                size,
                stamp: None,
            }
            .analyse(config)
        }
        Err(Peeked::Unreadable(m)) => Outcome::Unreadable(m),
        Err(_) => Outcome::NotAltinn,
    }
}

/// How many reads to keep in flight: far more than the cores, since a cold cache makes
/// every open and read wait for the disk. `ALTINN_SWEEP_THREADS` overrides.
pub fn default_threads() -> usize {
    if let Some(n) = std::env::var("ALTINN_SWEEP_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return std::cmp::max(1, n);
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores * 4).clamp(8, 32)
}

/// The key of a message in the classification cache: its unique name without the sync
/// tools' per-folder tags. Borrowed from the file name when it has none (mbsync's `,U=`
/// is the common case, so this is the one allocation per name on a restart).
pub fn cache_key(file_name: &str) -> std::borrow::Cow<'_, str> {
    let mut buf = String::new();
    match cache_key_in(file_name, &mut buf) {
        Some(key) => std::borrow::Cow::Borrowed(key),
        None => std::borrow::Cow::Owned(buf),
    }
}

/// [`cache_key`] without an allocation per name: the key borrowed from the file name
/// (`Some`), or written into `buf` (`None`), which the caller reuses.
fn cache_key_in<'a>(file_name: &'a str, buf: &mut String) -> Option<&'a str> {
    let unique = maildir::unique_of(file_name);
    // (a name with a comma is stripped whether or not a tag follows it: the same key, and
    // cheaper than looking for each tag first)
    if memchr::memchr(b',', unique.as_bytes()).is_some() {
        buf.clear();
        maildir::strip_sync_tags_into(unique, buf);
        None
    } else {
        Some(unique)
    }
}

/// Scans the inbox folder without the classification cache. `progress(done, total)` is
/// called now and then from the workers.
pub fn scan(
    inbox: &Path,
    config: &Config,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<Report> {
    scan_with(inbox, config, None, progress)
}

/// Scans the inbox folder. With `cache_dir`, what the classification cache there knows
/// about a message is taken without opening it (see [`cache`]), and the cache is
/// rewritten afterwards with what this scan found.
pub fn scan_with(
    inbox: &Path,
    config: &Config,
    cache_dir: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<Report> {
    scan_inner(inbox, config, cache_dir, progress, false, None)
}

/// [`scan_with`], and the report's [`Report::rendered`] holds what `render` made of each
/// notification, made on the scan's threads as each was found.
pub fn scan_rendered(
    inbox: &Path,
    config: &Config,
    cache_dir: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
    render: Render,
) -> io::Result<Report> {
    scan_inner(inbox, config, cache_dir, progress, false, Some(render))
}

/// [`scan_with`], and the report's [`Report::listed`] holds the unique names of the
/// messages it listed (read in the same pass over the folder as the scan itself).
pub fn scan_listed(
    inbox: &Path,
    config: &Config,
    cache_dir: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<Report> {
    scan_inner(inbox, config, cache_dir, progress, true, None)
}

/// Listed names not known from the cache, on their way to the readers: a slice of the
/// listing, copied (a few KiB each), with each name's index in the whole listing.
#[derive(Default)]
struct Batch {
    indices: Vec<usize>,
    names: maildir::Names,
}

/// One listed message the scan read, or decoded from the cache: its listing index and
/// what the scan keeps of it.
type Found = (usize, Kept);

/// What the scan keeps of a message it read, until the report and the cache are made.
enum Kept {
    /// What the message is.
    Whole(Outcome),
    /// A notification rendered where it was analysed and let go there: the time it sorts
    /// by, its text, and its cache entry, encoded there too when the cache is written.
    /// (Freed by the thread that made it, an analysis costs little; 10 000 freed by the
    /// report's threads took 38 ms of a 100 000-message first scan.)
    Rendered {
        timestamp: Option<i64>,
        text: Box<[u8]>,
        entry: Option<Box<[u8]>>,
    },
}

/// What the cache loader thread hands over as soon as the file is loaded: the cache and
/// the problem to warn about. (It goes on to decode the entries ahead.)
type Loaded = (
    std::sync::Arc<cache::FolderCache>,
    Option<cache::CacheError>,
);

/// Sorts listed names as they come, in listing order: known from the cache (a hit), or
/// to be read (batched for the readers).
struct Sorter<'c> {
    cache: Option<&'c cache::FolderCache>,
    lookup: Option<cache::Lookup<'c>>,
    /// By listing index: the cache's entry, or none (read by the scan).
    from_cache: Vec<Option<cache::Hit>>,
    /// The hits that are more than "not Altinn", to be decoded.
    to_decode: Vec<(usize, cache::Hit)>,
    /// How many names were sorted (the next one's listing index).
    sorted: usize,
    key_buf: String,
    batch: Batch,
}

impl<'c> Sorter<'c> {
    /// A sorter for up to `room` names before its lists grow.
    fn new(cache: Option<&'c cache::FolderCache>, room: usize) -> Sorter<'c> {
        Sorter {
            // (an empty cache has a lookup too, so that an empty folder is found unchanged)
            lookup: cache.map(|c| c.lookup()),
            cache,
            from_cache: Vec::with_capacity(room),
            to_decode: Vec::new(),
            sorted: 0,
            key_buf: String::new(),
            batch: Batch::default(),
        }
    }

    /// Sorts the names listed since the last call; a full batch goes to `send`.
    fn sort(&mut self, names: &maildir::Names, send: &mut dyn FnMut(Batch)) {
        for i in self.sorted..names.len() {
            let (sub, name, regular) = names.get(i);
            // (an empty cache knows nothing: no key is worked out for it)
            if let (Some(c), Some(l)) = (self.cache, self.lookup.as_mut())
                && !c.is_empty()
            {
                let key = cache_key_in(name, &mut self.key_buf);
                if let Some(hit) = l.find(key.unwrap_or(&self.key_buf)) {
                    self.from_cache.push(Some(hit));
                    if c.kind(hit) != cache::Kind::NotAltinn {
                        self.to_decode.push((i, hit));
                    }
                    continue;
                }
            }
            self.from_cache.push(None);
            self.batch.indices.push(i);
            self.batch.names.push(sub, name, regular);
            if self.batch.indices.len() == BATCH {
                send(std::mem::take(&mut self.batch));
            }
        }
        self.sorted = names.len();
    }
}

fn scan_inner(
    inbox: &Path,
    config: &Config,
    cache_dir: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
    keep_listed: bool,
    render: Option<Render>,
) -> io::Result<Report> {
    use self::cache::{Decoded, Entry, EntryRef, FolderCache, Saved};
    use crossbeam_channel::{SendError, bounded};
    use maildir::Sub;
    use std::sync::Arc;

    progress(0, 0);
    let new_dir = File::open(inbox.join("new")).ok();
    let cur_dir = File::open(inbox.join("cur")).ok();
    // Readers keep many reads in flight and only peek at headers (little memory each); the
    // few candidates go through a bounded queue to one analyser per core. The queues are
    // multi-consumer channels: every reader (analyser) takes the next batch (candidate).
    let (to_read, read_queue) = bounded::<Batch>(64);
    let (to_analyse, analyse_queue) = bounded::<(usize, Candidate)>(64);
    let done = AtomicUsize::new(0);
    // What the readers report progress against: 0 ("listing") until the folder is listed.
    let listed_total = AtomicUsize::new(0);
    // The loaded cache, set once it is there: the sorter borrows it from here.
    let loaded: std::cell::OnceCell<Arc<FolderCache>> = std::cell::OnceCell::new();
    let mut loader_failed = false;

    let (names, listed, sorter, found, mut cache_note, mut ahead) = std::thread::scope(|s| {
        // The cache file loads on another thread while the folder is listed; that thread
        // hands it over and then decodes what it holds beyond "not Altinn" (a restart on
        // an unchanged folder needs all of it), rendering each notification as it goes.
        let (hand_over, handed) = bounded::<Loaded>(1);
        let mut cache_note = None;
        // (a loader that cannot be started is a cache that is not there)
        let loader = cache_dir.and_then(|dir| {
            let thread = std::thread::Builder::new().name("cache loader".into());
            thread
                .spawn_scoped(s, move || {
                    let (cache, problem) = FolderCache::load(dir, inbox, config);
                    let cache = Arc::new(cache);
                    if hand_over.send((Arc::clone(&cache), problem)).is_err() {
                        return Decoded::default(); // the scan stopped
                    }
                    let mut buf = Vec::new();
                    cache.decode_ahead(|entry| match (render, entry) {
                        (Some(r), Ok(Entry::Notification(a))) => {
                            Ahead::Rendered(a.mail.timestamp, render_one(r, &a, &mut buf))
                        }
                        (_, entry) => Ahead::Entry(entry),
                    })
                })
                .ok()
        });
        let mut handed = loader.is_some().then_some(handed);
        // The workers start with the first batch of names to read (a restart on an
        // unchanged folder has none): one analyser per core, and a reader per batch sent up
        // to as many as there are reads to keep in flight.
        let mut workers = Vec::new();
        let (mut readers, mut max_readers) = (0, None);
        let mut send = |batch: Batch| {
            if workers.is_empty() {
                for _ in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
                    let analyse_queue = &analyse_queue;
                    workers.push(s.spawn(move || {
                        let (mut mine, mut buf, mut encoded): (Vec<Found>, _, _) =
                            (Vec::new(), Vec::new(), Vec::new());
                        while let Ok((i, candidate)) = analyse_queue.recv() {
                            let kept = match (render, candidate.analyse(config)) {
                                (Some(r), Outcome::Notification(a)) => Kept::Rendered {
                                    timestamp: a.mail.timestamp,
                                    text: render_one(r, &a, &mut buf),
                                    entry: cache_dir
                                        .map(|_| cache::encode_notification(&a, &mut encoded)),
                                },
                                (_, outcome) => Kept::Whole(outcome),
                            };
                            mine.push((i, kept));
                        }
                        mine
                    }));
                }
            }
            if readers < *max_readers.get_or_insert_with(default_threads) {
                readers += 1;
                let to_analyse = to_analyse.clone();
                let (read_queue, done, listed_total) = (&read_queue, &done, &listed_total);
                let (new_dir, cur_dir) = (new_dir.as_ref(), cur_dir.as_ref());
                workers.push(s.spawn(move || {
                    let mut buf = Vec::with_capacity(FIRST_READ * 4);
                    let mut mine: Vec<Found> = Vec::new();
                    while let Ok(batch) = read_queue.recv() {
                        for (k, &i) in batch.indices.iter().enumerate() {
                            let (sub, name, regular) = batch.names.get(k);
                            let dir = match sub {
                                Sub::New => new_dir,
                                Sub::Cur => cur_dir,
                            };
                            let opened = match dir {
                                Some(dir) => maildir::open_listed_at(
                                    dir,
                                    Path::new(&*maildir::name_os(name)),
                                    regular,
                                ),
                                None => maildir::open_message_at(
                                    None,
                                    &inbox.join(sub.dir_name()).join(&*maildir::name_os(name)),
                                    false,
                                ),
                            };
                            match peek_opened(opened, config, &mut buf) {
                                Peeked::NotAltinn => {
                                    mine.push((i, Kept::Whole(Outcome::NotAltinn)))
                                }
                                Peeked::Unreadable(m) => {
                                    mine.push((i, Kept::Whole(Outcome::Unreadable(m))))
                                }
                                Peeked::Candidate(c) => {
                                    if let Err(SendError((i, c))) = to_analyse.send((i, c)) {
                                        // no analyser left (rendered with the report)
                                        mine.push((i, Kept::Whole(c.analyse(config))));
                                    }
                                }
                            }
                            if buf.capacity() > 1 << 20 {
                                buf = Vec::with_capacity(FIRST_READ * 4); // don't keep a big attachment's buffer
                            }
                            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                            if d.is_multiple_of(1000) {
                                progress(d, listed_total.load(Ordering::Relaxed));
                            }
                        }
                    }
                    mine
                }));
            }
            // a send fails only when every reader is gone, which their join reports
            let _ = to_read.send(batch);
        };
        // Each name is sorted as it is listed (hit, or to be read), once the cache is
        // there: names listed before it are sorted when it arrives.
        let mut names = maildir::Names::with_room_for(inbox);
        let room = names.capacity();
        let mut sorter = handed.is_none().then(|| Sorter::new(None, room));
        // The sorter for what the loader handed over: none when it failed before it could.
        let mut take_loaded = |got: Result<Loaded, _>| match got {
            Ok((cache, problem)) => {
                cache_note = problem;
                Sorter::new(Some(loaded.get_or_init(|| cache).as_ref()), room)
            }
            Err(_) => {
                loader_failed = true;
                Sorter::new(None, room)
            }
        };
        let listed = maildir::each_entry(inbox, &mut |sub, name, regular| {
            names.push(sub, name, regular);
            if sorter.is_none() && names.len().is_multiple_of(64) {
                match handed.as_ref().map(|h| h.try_recv()) {
                    Some(Err(crossbeam_channel::TryRecvError::Empty)) => {}
                    Some(got) => {
                        sorter = Some(take_loaded(got.map_err(|_| ())));
                        handed = None;
                    }
                    None => {}
                }
            }
            if let Some(sorter) = sorter.as_mut() {
                sorter.sort(&names, &mut send);
            }
        });
        let mut sorter = match (sorter, handed) {
            (Some(sorter), _) => sorter,
            (None, Some(h)) => take_loaded(h.recv().map_err(|_| ())),
            (None, None) => Sorter::new(None, room),
        };
        if listed.is_ok() {
            sorter.sort(&names, &mut send);
            listed_total.store(names.len(), Ordering::Relaxed);
            progress(done.load(Ordering::Relaxed), names.len());
            if !sorter.batch.indices.is_empty() {
                send(std::mem::take(&mut sorter.batch));
            }
        }
        drop(to_read); // the readers stop when the listing is handed out
        drop(to_analyse); // the analysers stop when the last reader is done
        // A worker cannot panic on a message (parsing is guarded); should one panic for
        // any other reason, the scan fails loudly rather than drop what it had read.
        let found = workers
            .into_iter()
            .map(|w| {
                w.join()
                    .map_err(|_| io::Error::other("a scan worker failed unexpectedly"))
            })
            .collect::<io::Result<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect::<Vec<_>>());
        // What the loader has not decoded (it stopped) is decoded later.
        let ahead: Decoded<Ahead> = loader.and_then(|l| l.join().ok()).unwrap_or_default();
        (names, listed, sorter, found, cache_note, ahead)
    });
    listed?;
    if loader_failed {
        return Err(io::Error::other("the cache loader failed unexpectedly"));
    }
    let mut found = found?;
    let total = names.len();
    let Sorter {
        cache,
        lookup,
        mut from_cache,
        to_decode,
        ..
    } = sorter;
    let hits = lookup.as_ref().map_or(0, |l| l.found);
    let in_order = lookup.as_ref().is_some_and(|l| l.all_found_in_order());
    drop(lookup);

    // The names the TUI keeps as known are collected on another thread meanwhile.
    std::thread::scope(|s| {
        let listed_names = keep_listed.then(|| {
            s.spawn(|| {
                let mut set = NameSet::with_capacity_and_hasher(total, Default::default());
                set.extend((0..total).map(|i| maildir::unique_of(names.get(i).1).to_owned()));
                set
            })
        });
        // An entry that does not decode (a bug, since the file passed its checksum) is
        // analysed again and the cache rewritten.
        let mut undecodable = false;
        let mut buf = Vec::new();
        // The notifications decoded and rendered ahead, by listing index.
        let mut pre_rendered = Vec::new();
        for (i, hit) in to_decode {
            let entry = match ahead.take(hit) {
                Some(Ahead::Entry(entry)) => entry,
                Some(Ahead::Rendered(timestamp, text)) => {
                    pre_rendered.push((i, timestamp, text));
                    continue;
                }
                None => cache.map_or(Err("no cache"), |c| c.entry(hit)),
            };
            let outcome = match entry {
                Ok(Entry::Notification(a)) => Outcome::Notification(a),
                Ok(Entry::Unreadable(m)) => Outcome::Unreadable(m),
                Ok(Entry::NotAltinn) => continue,
                Err(_) => {
                    undecodable = true;
                    from_cache[i] = None;
                    let (sub, name, _) = names.get(i);
                    let path = inbox.join(sub.dir_name()).join(&*maildir::name_os(name));
                    classify_file(&path, config, &mut buf)
                }
            };
            // (what the loader did not render, it stopped or this was read again, is
            // rendered with the report)
            found.push((i, Kept::Whole(outcome)));
        }
        progress(total, total);
        found.sort_unstable_by_key(|(i, _)| *i);
        // Unchanged (every entry found in order, none missing or vanished): the file on disk
        // is what it would be rewritten to.
        let unchanged = !undecodable && hits == total && in_order;
        if let Some(cache) = cache.filter(|_| !unchanged) {
            // In listing order: the entries kept (copied as they are), and what the scan found
            // for the rest. A read error says nothing about the message: not cached.
            let names = &names;
            let mut scanned = found.iter().peekable();
            let entries = from_cache.iter().enumerate().filter_map(move |(i, hit)| {
                while scanned.peek().is_some_and(|(j, _)| *j < i) {
                    scanned.next();
                }
                if let Some(h) = hit {
                    return Some(Saved::Kept(*h));
                }
                let (j, kept) = scanned.peek()?;
                if *j != i {
                    return None;
                }
                let entry = match kept {
                    Kept::Whole(Outcome::NotAltinn) => EntryRef::NotAltinn,
                    Kept::Whole(Outcome::Unreadable(Unreadable::Read(_))) => return None,
                    Kept::Whole(Outcome::Unreadable(m)) => EntryRef::Unreadable(m),
                    Kept::Whole(Outcome::Notification(a)) => EntryRef::Notification(a),
                    Kept::Rendered { entry, .. } => EntryRef::Encoded(entry.as_deref()?),
                };
                Some(Saved::New(names.get(i).1, entry))
            });
            if let Err(e) = cache.save(entries) {
                cache_note.get_or_insert(e);
            }
        }
        let mut report = Report {
            messages: total,
            from_cache: hits,
            cache_note,
            ..Default::default()
        };
        // Oldest first; the analyses are sorted while boxed (cheap to move), then unboxed.
        let mut notifications: Vec<(usize, Option<i64>, Listed)> = pre_rendered
            .into_iter()
            .map(|(i, timestamp, text)| (i, timestamp, Listed::Rendered(text)))
            .collect();
        for (i, kept) in found {
            match kept {
                Kept::Whole(Outcome::Notification(a)) => {
                    notifications.push((i, a.mail.timestamp, Listed::Analysed(a)))
                }
                Kept::Rendered {
                    timestamp, text, ..
                } => notifications.push((i, timestamp, Listed::Rendered(text))),
                Kept::Whole(Outcome::Unreadable(problem)) => {
                    let (sub, name, _) = names.get(i);
                    report.warnings.push(Warning {
                        path: MailFile::new(inbox, sub, name).path,
                        problem,
                    })
                }
                Kept::Whole(Outcome::NotAltinn) => {}
            }
        }
        notifications.sort_by_cached_key(|(i, timestamp, _)| {
            (*timestamp, maildir::unique_of(names.get(*i).1))
        });
        // The files are built (a path and a name each) on two threads for a long list:
        // 10 000 of them take milliseconds, after the listing. What no thread of the scan
        // rendered is rendered here.
        let build = |part: Vec<(usize, Option<i64>, Listed)>| {
            let (mut items, mut made, mut buf) = (Vec::new(), Vec::new(), Vec::new());
            if render.is_some() {
                made.reserve_exact(part.len());
            } else {
                items.reserve_exact(part.len());
            }
            for (i, _, listed) in part {
                let (sub, name, _) = names.get(i);
                let file = MailFile::new(inbox, sub, name);
                match (listed, render) {
                    (Listed::Analysed(analysis), None) => items.push(Item { file, analysis }),
                    (Listed::Rendered(text), _) => made.push(RenderedItem { file, text }),
                    (Listed::Analysed(a), Some(r)) => made.push(RenderedItem {
                        file,
                        text: render_one(r, &a, &mut buf),
                    }),
                }
            }
            (items, made)
        };
        let later = match notifications.len() {
            n if n >= 2 * BATCH => notifications.split_off(n / 2),
            _ => Vec::new(),
        };
        // (`build` borrows only: the second thread takes a copy)
        let second = (!later.is_empty()).then(|| s.spawn(move || build(later)));
        (report.items, report.rendered) = build(notifications);
        if let Some(second) = second {
            let (items, made) = second
                .join()
                .map_err(|_| io::Error::other("a scan worker failed unexpectedly"))?;
            report.items.extend(items);
            report.rendered.extend(made);
        }
        report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
        report.listed = match listed_names.map(|h| h.join()) {
            None => None,
            Some(Ok(set)) => Some(set),
            Some(Err(_)) => return Err(io::Error::other("a scan worker failed unexpectedly")),
        };
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    /// What an outcome says in the list: not Altinn, unreadable (why), or a notification
    /// (its claims and subject).
    fn said(outcome: &Outcome) -> String {
        match outcome {
            Outcome::NotAltinn => "not Altinn".into(),
            Outcome::Unreadable(m) => format!("unreadable: {m:?}"),
            Outcome::Notification(a) => format!("{:?} {:?}", a.claims, a.mail.subject),
        }
    }

    #[test]
    fn a_file_is_decided_as_its_bytes_are_wherever_its_fields_fall_in_the_reads() {
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m");
        let filler = |n: usize| {
            let mut s = String::new();
            while s.len() < n {
                s.push_str("X-MS-Exchange-Organization-Filler: 0123456789abcdef\r\n");
            }
            s
        };
        let body = "Hei.\r\n\r\nSANDNES KOMMUNE har mottatt en ny melding fra \
                    Skatteetaten.\r\n";
        let mut told = std::collections::BTreeSet::new();
        // From and Subject placed so that each of their lines, and the header's end, falls
        // before, across and after the first read's end in turn.
        for pad in (FIRST_READ - 140..FIRST_READ + 40).step_by(3) {
            for (from, subject) in [
                (
                    "Altinn <noreply@altinn.no>",
                    "Du har mottatt en ny melding i Altinn",
                ),
                ("Kari <kari@example.org>", "Møtereferat"),
                ("Kari <kari@example.org>", "=?utf-8?Q?Ny_melding_i_Altinn?="),
                ("=?utf-8?Q?Altinn?= <x@example.org>", "Hei"),
            ] {
                for (before_from, tail) in [(pad, 10), (10, pad), (pad / 2, 2 * FIRST_READ)] {
                    let raw = format!(
                        "Received: from a by b\r\n{}From: {from}\r\nSubject: {}\r\n\
                         {}\r\n{body}",
                        filler(before_from),
                        subject.replace(' ', "\r\n "), // folded at every space
                        filler(tail),
                    );
                    std::fs::write(&path, &raw).unwrap();
                    let file = classify_file(&path, &config, &mut Vec::new());
                    let bytes = classify_bytes(raw.into_bytes(), &config);
                    assert_eq!(said(&file), said(&bytes), "{from} / {subject} at {pad}");
                    told.insert(said(&file));
                }
            }
        }
        // (the messages are told apart: claims, and not)
        assert!(told.len() >= 3, "{told:?}");
        assert!(told.contains("not Altinn"));
    }

    #[test]
    fn a_long_candidate_is_cut_at_the_limit_and_a_long_header_is_endless_as_before() {
        let default = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let small = Config::parse(
            &DEFAULT_CONFIG.replace("max_notification_kib = 1024", "max_notification_kib = 64"),
            BUILT_IN,
        )
        .unwrap();
        assert_eq!(small.recognition.max_notification_bytes(), 64 << 10);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m");
        let message = |header: usize, total: usize| {
            let mut m = "From: Altinn <noreply@altinn.no>\r\n\
                         Subject: Du har mottatt en ny melding i Altinn\r\n"
                .to_string();
            while m.len() < header {
                m.push_str("X-MS-Exchange-Organization-Filler: 0123456789abcdef\r\n");
            }
            m.push_str("\r\nHei.\r\n\r\nSANDNES KOMMUNE har mottatt en ny melding.\r\n");
            while m.len() < total {
                m.push_str("tekst tekst tekst tekst tekst tekst tekst tekst tekst\r\n");
            }
            // past the limit: not read, so not seen
            m.push_str("Logg inn: https://evil.example.com/phish\r\n");
            m
        };
        for (config, header, total) in [
            // the header reads pass the limit and hold the whole file
            (&default, 800 << 10, (1 << 20) + 1000),
            (&small, 70 << 10, 90 << 10),
            (&small, 20 << 10, 200 << 10),
        ] {
            let raw = message(header, total);
            std::fs::write(&path, &raw).unwrap();
            let file = classify_file(&path, config, &mut Vec::new());
            let Outcome::Notification(a) = &file else {
                panic!("{}", said(&file));
            };
            assert!(a.links.is_empty(), "{:?}", a.links);
            assert_eq!(a.mail.size, raw.len() as u64);
            let Outcome::Notification(b) = classify_bytes(raw.into_bytes(), config) else {
                panic!("explain reads it otherwise");
            };
            assert_eq!((&a.mail.body, &a.doubts), (&b.mail.body, &b.doubts));
        }
        // a header that has not ended after 1 MiB is not read further
        std::fs::write(&path, message(1200 << 10, 0)).unwrap();
        assert_eq!(
            said(&classify_file(&path, &default, &mut Vec::new())),
            "unreadable: EndlessHeader { kib: 1024 }"
        );
    }

    #[test]
    fn scan_listed_hands_over_the_unique_names_the_folder_lists_once() {
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("INBOX");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(inbox.join(sub)).unwrap();
        }
        let mail = b"From: a@example.org\r\nSubject: hei\r\n\r\ntekst\r\n";
        for path in [
            "new/1.a.host",
            "cur/2.b.host,U=7:2,S",
            "cur/3.c.host:2,ST", // trashed: not listed
            "tmp/4.d.host",      // being delivered: not listed
        ] {
            std::fs::write(inbox.join(path), mail).unwrap();
        }
        let report = scan_listed(&inbox, &config, None, &|_, _| {}).unwrap();
        let mut listed: Vec<_> = report.listed.unwrap().into_iter().collect();
        listed.sort();
        assert_eq!(listed, ["1.a.host", "2.b.host,U=7"]);
        let mut by_list: Vec<_> = maildir::list(&inbox)
            .unwrap()
            .into_iter()
            .map(|f| f.name.unique)
            .collect();
        by_list.sort();
        assert_eq!(listed, by_list);
        assert_eq!(report.messages, 2);
        // the CLI's scan does not keep them
        assert!(
            scan_with(&inbox, &config, None, &|_, _| {})
                .unwrap()
                .listed
                .is_none()
        );
    }
}
