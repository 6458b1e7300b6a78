//! The classification cache: what the scan found for each message of a folder, kept in
//! `$XDG_CACHE_HOME/altinn-sweep/` so that a restart on a mailbox that is almost what it
//! was yesterday lists the folder, reads one file and opens no message.
//!
//! One file per folder, keyed inside by the Maildir unique name (the part before `:2,`,
//! without `,U=`/`,FMD5=`, which a sync may change): a message's content under one unique
//! name never changes in a Maildir, so a renamed (flag-changed) message keeps its entry.
//!
//! Correctness first:
//! - the file carries a fingerprint of the whole configuration (everything that feeds
//!   classification and then some), the program version and the format version; any
//!   difference discards it whole;
//! - a file that is truncated, corrupt (checksum), foreign or of another folder is ignored
//!   with one warning and rebuilt;
//! - it is written to a temporary file and renamed into place, so two processes writing
//!   at once leave one of their complete files;
//! - a stale entry can never cause a wrong move: before any action the file is verified
//!   against what the scan recorded (see `actions`).
//!
//! The format is a small hand-written binary encoding (no serde: the JSON shapes of these
//! types are made for people, not for a round trip).

use crate::config::{Action, Config};
use crate::links::{Followed, Judgement};
use crate::maildir::FileStamp;
use crate::message::ParsedMail;
use crate::notification::{Claim, Doubt, Extracted, Note};
use crate::orgnr::OrgNr;
use crate::rules::{Match, Reason, Suggestion};
use crate::scan::Analysis;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Bumped whenever the encoding below changes.
const FORMAT: u32 = 3;
const MAGIC: &[u8; 16] = b"altinn-sweep\0cch";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the scan found in one message: all it needs to list and suggest.
#[derive(Debug, Clone)]
pub enum Entry {
    NotAltinn,
    /// Not an email (its content says so; read errors are never cached).
    Unreadable(String),
    Notification(Box<Analysis>),
}

/// Why a cache file was not used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("the cache file {} cannot be read: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("the cache file {} is damaged or not ours ({why}); it is rebuilt", path.display())]
    Damaged { path: PathBuf, why: &'static str },
    #[error("the cache file {} cannot be written: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// The standard cache directory, `$XDG_CACHE_HOME/altinn-sweep`.
pub fn standard_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "altinn-sweep").map(|d| d.cache_dir().to_path_buf())
}

/// A fingerprint of everything in `config`, and so of everything that feeds
/// classification: its full `Debug` form (rules with their compiled patterns, units,
/// trusted domains, tags, wrappers, limits) hashed, so that no secret of it is stored.
pub fn fingerprint(config: &Config) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(VERSION.as_bytes());
    h.update([0]);
    h.update(format!("{config:?}").as_bytes());
    h.finalize().into()
}

/// The cache of one folder: where it lives and what it held when loaded.
#[derive(Debug)]
pub struct FolderCache {
    pub path: PathBuf,
    folder: Vec<u8>,
    fingerprint: [u8; 32],
    /// By unique name.
    pub entries: Entries,
}

/// The entries by unique name. A restart looks up every name of the folder, so the
/// names are not a `String` each: they sit in one arena, and the map is keyed by a 64-bit
/// hash of the name. A lookup compares the name too, so two names with one hash (which
/// a sync tool's names never have in practice) cost only a new analysis, never the wrong
/// entry.
#[derive(Debug, Default)]
pub struct Entries {
    names: String,
    by_hash: HashMap<u64, (usize, usize, Entry), std::hash::BuildHasherDefault<KeyHasher>>,
}

impl Entries {
    fn with_capacity(entries: usize, name_bytes: usize) -> Entries {
        Entries {
            names: String::with_capacity(name_bytes),
            by_hash: HashMap::with_capacity_and_hasher(entries, Default::default()),
        }
    }

    fn hash(name: &str) -> u64 {
        use std::hash::Hasher;
        let mut h = FastHasher::default();
        h.write(name.as_bytes());
        let h = h.finish();
        h ^ (h >> 29) // the high bits into the low ones, which pick the bucket
    }

    /// Adds (or replaces) the entry of `name`.
    pub fn insert(&mut self, name: &str, entry: Entry) {
        let start = self.names.len();
        self.names.push_str(name);
        self.by_hash
            .insert(Self::hash(name), (start, name.len(), entry));
    }

    fn slot(&self, name: &str) -> Option<(u64, &Entry)> {
        let h = Self::hash(name);
        let (start, len, entry) = self.by_hash.get(&h)?;
        (self.names.get(*start..start + len) == Some(name)).then_some((h, entry))
    }

    /// The entry of `name`.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.slot(name).map(|(_, e)| e)
    }

    /// Takes the entry of `name` out.
    pub fn remove(&mut self, name: &str) -> Option<Entry> {
        let (h, _) = self.slot(name)?;
        self.by_hash.remove(&h).map(|(_, _, e)| e)
    }

    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }
}

/// The map's keys are hashes already: used as they are.
#[derive(Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// FxHash-style multiply-rotate hashing, word by word.
#[derive(Default)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FolderCache {
    /// The cache file of `folder` in `dir`.
    pub fn path_for(dir: &Path, folder: &Path) -> PathBuf {
        use sha2::Digest;
        let key = sha2::Sha256::digest(folder.as_os_str().as_encoded_bytes());
        let hex: String = key[..12].iter().map(|b| format!("{b:02x}")).collect();
        dir.join(format!("scan-{hex}.bin"))
    }

    /// Loads the cache of `folder` for `config`. A missing file, or one made for another
    /// configuration or program version, is an empty cache without a word; a damaged or
    /// foreign one is an empty cache and the error to warn about once.
    pub fn load(dir: &Path, folder: &Path, config: &Config) -> (FolderCache, Option<CacheError>) {
        let path = Self::path_for(dir, folder);
        let mut cache = FolderCache {
            folder: folder.as_os_str().as_encoded_bytes().to_vec(),
            fingerprint: fingerprint(config),
            entries: Entries::default(),
            path,
        };
        let bytes = match std::fs::read(&cache.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (cache, None),
            Err(source) => {
                let path = cache.path.clone();
                return (cache, Some(CacheError::Read { path, source }));
            }
        };
        match decode_file(&bytes, &cache.folder, &cache.fingerprint) {
            Ok(Some(entries)) => cache.entries = entries,
            Ok(None) => {} // another configuration, version or format: start afresh
            Err(why) => {
                let path = cache.path.clone();
                return (cache, Some(CacheError::Damaged { path, why }));
            }
        }
        (cache, None)
    }

    /// An empty cache of `folder` for `config`, to be filled and saved.
    pub fn empty(dir: &Path, folder: &Path, config: &Config) -> FolderCache {
        FolderCache {
            path: Self::path_for(dir, folder),
            folder: folder.as_os_str().as_encoded_bytes().to_vec(),
            fingerprint: fingerprint(config),
            entries: Entries::default(),
        }
    }

    /// Writes `entries` (by unique name) as the cache: a temporary file in the same
    /// directory, renamed over the old one.
    pub fn save<'a>(
        &self,
        entries: impl Iterator<Item = (&'a str, EntryRef<'a>)>,
    ) -> Result<(), CacheError> {
        // One buffer: the header (its length and checksum filled in at the end), then
        // the payload, whose entry count is a fixed-width field patched in too.
        let head = 16 + 4 + 8 + 8;
        let mut file = Vec::with_capacity(1 << 20);
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&FORMAT.to_le_bytes());
        file.extend_from_slice(&[0; 16]);
        let mut w = Writer(&mut file);
        w.str(VERSION);
        w.bytes(&self.fingerprint);
        w.bytes(&self.folder);
        let count_at = file.len();
        file.extend_from_slice(&[0; 8]);
        let mut count = 0u64;
        {
            let mut b = Writer(&mut file);
            for (unique, entry) in entries {
                count += 1;
                b.str(unique);
                match entry {
                    EntryRef::NotAltinn => b.u8(0),
                    EntryRef::Unreadable(m) => {
                        b.u8(1);
                        b.str(m);
                    }
                    EntryRef::Notification(a) => {
                        b.u8(2);
                        put_analysis(&mut b, a);
                    }
                }
            }
        }
        file[count_at..count_at + 8].copy_from_slice(&count.to_le_bytes());
        let len = (file.len() - head) as u64;
        let sum = checksum(&file[head..]);
        file[20..28].copy_from_slice(&len.to_le_bytes());
        file[28..36].copy_from_slice(&sum.to_le_bytes());
        let err = |source| CacheError::Write {
            path: self.path.clone(),
            source,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(err)?;
        let tmp = dir.join(format!(
            ".{}.{}.{}.tmp",
            self.path
                .file_name()
                .map_or("cache".into(), |n| n.to_string_lossy()),
            std::process::id(),
            crate::maildir::unique_token()
        ));
        let written = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&file))
            .and_then(|_| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        Ok(())
    }
}

/// An entry to be written, borrowed from the scan's report.
#[derive(Debug, Clone, Copy)]
pub enum EntryRef<'a> {
    NotAltinn,
    Unreadable(&'a str),
    Notification(&'a Analysis),
}

/// A 64-bit checksum of the payload (word-wise multiply-rotate: fast, and enough to catch
/// a damaged file; the cache is not a security boundary, every action verifies its file).
fn checksum(data: &[u8]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ data.len() as u64;
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ v).wrapping_mul(0xFF51_AFD7_ED55_8CCD).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ b as u64)
            .wrapping_mul(0xC4CE_B9FE_1A85_EC53)
            .rotate_left(17);
    }
    h ^ (h >> 31)
}

type Decoded = Entries;

/// `Ok(None)`: a well-formed cache of this folder made for another configuration, program
/// version or format. `Err`: damaged, truncated, or not a cache of this folder.
fn decode_file(
    bytes: &[u8],
    folder: &[u8],
    fingerprint: &[u8; 32],
) -> Result<Option<Decoded>, &'static str> {
    let head = 16 + 4 + 8 + 8;
    if bytes.len() < head || &bytes[..16] != MAGIC {
        return Err("not an altinn-sweep cache file");
    }
    let format = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes"));
    if format != FORMAT {
        return Ok(None);
    }
    let len = u64::from_le_bytes(bytes[20..28].try_into().expect("8 bytes"));
    let sum = u64::from_le_bytes(bytes[28..36].try_into().expect("8 bytes"));
    let payload = &bytes[head..];
    if payload.len() as u64 != len {
        return Err("truncated");
    }
    if checksum(payload) != sum {
        return Err("checksum mismatch");
    }
    let mut r = Reader(payload);
    if r.str()? != VERSION || r.bytes()? != fingerprint {
        return Ok(None);
    }
    if r.bytes()? != folder {
        return Err("made for another folder");
    }
    let count = u64::from_le_bytes(r.fixed8()?);
    // room for the names: a quarter of the file is more than they take
    let mut out = Entries::with_capacity(count.min(1 << 24) as usize, bytes.len() / 4);
    for _ in 0..count {
        let unique = r.str()?;
        let entry = match r.u8()? {
            0 => Entry::NotAltinn,
            1 => Entry::Unreadable(r.str()?.to_string()),
            2 => Entry::Notification(Box::new(get_analysis(&mut r)?)),
            _ => return Err("unknown entry kind"),
        };
        out.insert(unique, entry);
    }
    if !r.0.is_empty() {
        return Err("trailing bytes");
    }
    Ok(Some(out))
}

struct Writer<'a>(&'a mut Vec<u8>);

impl Writer<'_> {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u64(&mut self, mut v: u64) {
        // LEB128
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64); // zigzag
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                f(self, v);
            }
        }
    }
    fn opt_str(&mut self, v: &Option<String>) {
        self.opt(v.as_deref(), |w, s| w.str(s));
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    fn org(&mut self, o: OrgNr) {
        self.str(&o.digits());
    }
}

struct Reader<'a>(&'a [u8]);

type R<T> = Result<T, &'static str>;
const SHORT: &str = "truncated";

impl<'a> Reader<'a> {
    fn u8(&mut self) -> R<u8> {
        let (&b, rest) = self.0.split_first().ok_or(SHORT)?;
        self.0 = rest;
        Ok(b)
    }
    fn fixed8(&mut self) -> R<[u8; 8]> {
        if self.0.len() < 8 {
            return Err(SHORT);
        }
        let (b, rest) = self.0.split_at(8);
        self.0 = rest;
        Ok(b.try_into().expect("8 bytes"))
    }
    fn u64(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad number")
    }
    fn usize(&mut self) -> R<usize> {
        usize::try_from(self.u64()?).map_err(|_| "bad number")
    }
    fn i64(&mut self) -> R<i64> {
        let v = self.u64()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn bytes(&mut self) -> R<&'a [u8]> {
        let n = self.usize()?;
        if n > self.0.len() {
            return Err(SHORT);
        }
        let (b, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(b)
    }
    fn str(&mut self) -> R<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| "bad text")
    }
    fn string(&mut self) -> R<String> {
        self.str().map(str::to_string)
    }
    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<Option<T>> {
        match self.u8()? {
            0 => Ok(None),
            1 => f(self).map(Some),
            _ => Err("bad option"),
        }
    }
    fn opt_string(&mut self) -> R<Option<String>> {
        self.opt(Self::string)
    }
    fn len(&mut self) -> R<usize> {
        let n = self.usize()?;
        // every element takes at least one byte: a count beyond the rest is damage
        if n > self.0.len() {
            return Err(SHORT);
        }
        Ok(n)
    }
    fn strings(&mut self) -> R<Vec<String>> {
        (0..self.len()?).map(|_| self.string()).collect()
    }
    fn org(&mut self) -> R<OrgNr> {
        self.str()?.parse().map_err(|_| "bad org number")
    }
    fn vec<T>(&mut self, mut f: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        (0..self.len()?).map(|_| f(self)).collect()
    }
}

fn put_stamp(w: &mut Writer, s: &FileStamp) {
    w.u64(s.size);
    w.i64(s.mtime_sec);
    w.u64(s.mtime_nsec as u64);
}

fn get_stamp(r: &mut Reader) -> R<FileStamp> {
    Ok(FileStamp {
        size: r.u64()?,
        mtime_sec: r.i64()?,
        mtime_nsec: u32::try_from(r.u64()?).map_err(|_| "bad time")?,
    })
}

fn put_mail(w: &mut Writer, m: &ParsedMail) {
    w.opt_str(&m.from_addr);
    w.opt_str(&m.from_name);
    w.strs(&m.to);
    w.opt_str(&m.date);
    w.opt(m.timestamp, |w, t| w.i64(t));
    w.opt_str(&m.subject);
    w.opt_str(&m.message_id);
    w.strs(&m.auth_results);
    w.str(&m.body);
    w.strs(&m.links);
    w.strs(&m.attachment_links);
    w.u64(m.from_fields as u64);
    w.u64(m.size);
    w.opt(m.stamp.as_ref(), put_stamp);
}

fn get_mail(r: &mut Reader) -> R<ParsedMail> {
    Ok(ParsedMail {
        from_addr: r.opt_string()?,
        from_name: r.opt_string()?,
        to: r.strings()?,
        date: r.opt_string()?,
        timestamp: r.opt(Reader::i64)?,
        subject: r.opt_string()?,
        message_id: r.opt_string()?,
        auth_results: r.strings()?,
        body: r.string()?,
        links: r.strings()?,
        attachment_links: r.strings()?,
        from_fields: r.usize()?,
        size: r.u64()?,
        stamp: r.opt(get_stamp)?,
    })
}

fn put_action(w: &mut Writer, a: &Action) {
    match a {
        Action::Archive => w.u8(0),
        Action::Delete => w.u8(1),
        Action::Forward(to) => {
            w.u8(2);
            w.str(to);
        }
        Action::Skip => w.u8(3),
    }
}

fn get_action(r: &mut Reader) -> R<Action> {
    Ok(match r.u8()? {
        0 => Action::Archive,
        1 => Action::Delete,
        2 => Action::Forward(r.string()?),
        3 => Action::Skip,
        _ => return Err("bad action"),
    })
}

/// The field names a rule's evidence can carry (`Match::field` is static).
const MATCH_FIELDS: &[&str] = &[
    "subject",
    "body",
    "text",
    "from",
    "recipient_org",
    "recipient_name",
];

fn put_followed(w: &mut Writer, f: &Followed) {
    w.str(&f.link);
    w.strs(&f.wrappers);
    w.str(&f.target);
    match &f.judgement {
        Judgement::Trusted(u) => {
            w.u8(0);
            w.str(u.as_str());
        }
        Judgement::Harmless => w.u8(1),
        Judgement::Untrusted(u) => {
            w.u8(2);
            w.opt(u.as_ref(), |w, u| w.str(u.as_str()));
        }
        Judgement::Opaque(h) => {
            w.u8(3);
            w.str(h);
        }
    }
}

fn get_url(r: &mut Reader) -> R<url::Url> {
    url::Url::parse(r.str()?).map_err(|_| "bad url")
}

fn get_followed(r: &mut Reader) -> R<Followed> {
    Ok(Followed {
        link: r.string()?,
        wrappers: r.strings()?,
        target: r.string()?,
        judgement: match r.u8()? {
            0 => Judgement::Trusted(get_url(r)?),
            1 => Judgement::Harmless,
            2 => Judgement::Untrusted(r.opt(get_url)?),
            3 => Judgement::Opaque(r.string()?),
            _ => return Err("bad judgement"),
        },
    })
}

fn put_analysis(w: &mut Writer, a: &Analysis) {
    put_mail(w, &a.mail);
    let e = &a.extracted;
    w.opt_str(&e.recipient_name);
    w.opt(e.recipient_org, |w, o| w.org(o));
    w.opt_str(&e.sender);
    w.u8(e.named_without_number as u8);
    w.u64(e.numbers.len() as u64);
    for &n in &e.numbers {
        w.org(n);
    }
    w.opt(a.unit.as_ref(), |w, (name, org)| {
        w.str(name);
        w.org(*org);
    });
    w.u64(a.claims.len() as u64);
    for c in &a.claims {
        let (tag, s) = match c {
            Claim::TrustedSenderDomain(s) => (0, s),
            Claim::DisplayName(s) => (1, s),
            Claim::Subject(s) => (2, s),
        };
        w.u8(tag);
        w.str(s);
    }
    w.u64(a.doubts.len() as u64);
    for d in &a.doubts {
        match d {
            Doubt::UntrustedSender(s) => {
                w.u8(0);
                w.str(s);
            }
            Doubt::DmarcFail(s) => {
                w.u8(1);
                w.str(s);
            }
            Doubt::CompauthFail(s) => {
                w.u8(2);
                w.str(s);
            }
            Doubt::UntrustedLink(l, t) => {
                w.u8(3);
                w.str(l);
                w.opt_str(t);
            }
            Doubt::UntrustedAttachmentLink(l, t) => {
                w.u8(4);
                w.str(l);
                w.opt_str(t);
            }
            Doubt::SeveralFromFields(n) => {
                w.u8(5);
                w.u64(*n as u64);
            }
            Doubt::TooLarge { size, limit } => {
                w.u8(6);
                w.u64(*size);
                w.u64(*limit);
            }
        }
    }
    let s = &a.suggestion;
    put_action(w, &s.action);
    w.str(&s.rule);
    match &s.reason {
        Reason::Configured(t) => {
            w.u8(0);
            w.str(t);
        }
        Reason::NoRuleMatched => w.u8(1),
        Reason::Suspicious => w.u8(2),
    }
    w.u64(s.matched.len() as u64);
    for m in &s.matched {
        w.str(m.field);
        w.str(&m.text);
    }
    w.strs(&a.subject_tags);
    w.str(&a.recognised_subject);
    w.opt(a.banner.as_ref(), |w, b| {
        w.u64(b.start as u64);
        w.u64(b.end as u64);
    });
    w.u64(a.links.len() as u64);
    for f in &a.links {
        put_followed(w, f);
    }
    w.u64(a.attachment_links.len() as u64);
    for f in &a.attachment_links {
        put_followed(w, f);
    }
    w.u64(a.notes.len() as u64);
    for n in &a.notes {
        match n {
            Note::OtherNumberInText { org, unit } => {
                w.u8(0);
                w.org(*org);
                w.opt_str(unit);
            }
            Note::NotFetched { name, reason } => {
                w.u8(1);
                w.str(name);
                w.str(reason);
            }
            Note::OtherRole { role } => {
                w.u8(2);
                w.str(role);
            }
        }
    }
}

fn get_analysis(r: &mut Reader) -> R<Analysis> {
    let mail = get_mail(r)?;
    let extracted = Extracted {
        recipient_name: r.opt_string()?,
        recipient_org: r.opt(Reader::org)?,
        sender: r.opt_string()?,
        named_without_number: r.u8()? != 0,
        numbers: r.vec(Reader::org)?,
    };
    let unit = r.opt(|r| Ok((r.string()?, r.org()?)))?;
    let claims = r.vec(|r| {
        Ok(match r.u8()? {
            0 => Claim::TrustedSenderDomain(r.string()?),
            1 => Claim::DisplayName(r.string()?),
            2 => Claim::Subject(r.string()?),
            _ => return Err("bad claim"),
        })
    })?;
    let doubts = r.vec(|r| {
        Ok(match r.u8()? {
            0 => Doubt::UntrustedSender(r.string()?),
            1 => Doubt::DmarcFail(r.string()?),
            2 => Doubt::CompauthFail(r.string()?),
            3 => Doubt::UntrustedLink(r.string()?, r.opt_string()?),
            4 => Doubt::UntrustedAttachmentLink(r.string()?, r.opt_string()?),
            5 => Doubt::SeveralFromFields(r.usize()?),
            6 => Doubt::TooLarge {
                size: r.u64()?,
                limit: r.u64()?,
            },
            _ => return Err("bad doubt"),
        })
    })?;
    let suggestion = Suggestion {
        action: get_action(r)?,
        rule: r.string()?,
        reason: match r.u8()? {
            0 => Reason::Configured(r.string()?),
            1 => Reason::NoRuleMatched,
            2 => Reason::Suspicious,
            _ => return Err("bad reason"),
        },
        matched: r.vec(|r| {
            let name = r.str()?;
            let field = MATCH_FIELDS
                .iter()
                .find(|f| **f == name)
                .ok_or("unknown match field")?;
            Ok(Match {
                field,
                text: r.string()?,
            })
        })?,
    };
    let subject_tags = r.strings()?;
    let recognised_subject = r.string()?;
    let banner = r.opt(|r| Ok(r.usize()?..r.usize()?))?;
    if banner
        .as_ref()
        .is_some_and(|b| b.start > b.end || !mail.body.is_char_boundary(b.end))
    {
        return Err("bad banner");
    }
    Ok(Analysis {
        mail,
        extracted,
        unit,
        claims,
        doubts,
        suggestion,
        subject_tags,
        recognised_subject,
        banner,
        links: r.vec(get_followed)?,
        attachment_links: r.vec(get_followed)?,
        notes: r.vec(|r| {
            Ok(match r.u8()? {
                0 => Note::OtherNumberInText {
                    org: r.org()?,
                    unit: r.opt_string()?,
                },
                1 => Note::NotFetched {
                    name: r.string()?,
                    reason: r.string()?,
                },
                2 => Note::OtherRole { role: r.string()? },
                _ => return Err("bad note"),
            })
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_config() -> Config {
        Config::parse(crate::config::DEFAULT_CONFIG, crate::config::BUILT_IN).unwrap()
    }

    #[test]
    fn entries_are_found_by_their_whole_name_only() {
        let mut e = Entries::with_capacity(2, 8);
        e.insert("1732.1.host", Entry::NotAltinn);
        e.insert("1732.2.host", Entry::Unreadable("x".into()));
        assert_eq!(e.len(), 2);
        assert!(e.get("1732.3.host").is_none());
        assert!(e.get("1732.1.hos").is_none());
        assert!(matches!(e.remove("1732.2.host"), Some(Entry::Unreadable(m)) if m == "x"));
        assert!(e.remove("1732.2.host").is_none(), "taken once");
        assert!(matches!(e.get("1732.1.host"), Some(Entry::NotAltinn)));
        assert!(!e.is_empty());
    }

    #[test]
    fn checksum_sees_a_flipped_bit() {
        let a = b"some payload of a cache file".to_vec();
        let mut b = a.clone();
        b[3] ^= 1;
        assert_ne!(checksum(&a), checksum(&b));
    }

    #[test]
    fn every_demo_analysis_round_trips() {
        let config = demo_config();
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
        let dir = tempfile::tempdir().unwrap();
        let mut n = 0;
        for folder in crate::maildir::list(&demo.join("Mail/INBOX")).unwrap() {
            let raw = std::fs::read(&folder.path).unwrap();
            if let crate::scan::Outcome::Notification(mut a) =
                crate::scan::classify_bytes(raw, &config)
            {
                let cache = FolderCache::empty(dir.path(), &demo, &config);
                a.mail.stamp = Some(FileStamp {
                    size: 7,
                    mtime_sec: -3,
                    mtime_nsec: 999,
                });
                cache
                    .save([("u", EntryRef::Notification(&a))].into_iter())
                    .unwrap();
                let (back, warning) = FolderCache::load(dir.path(), &demo, &config);
                assert!(warning.is_none());
                let Some(Entry::Notification(b)) = back.entries.get("u") else {
                    panic!("entry lost");
                };
                assert_eq!(format!("{a:?}"), format!("{b:?}"));
                n += 1;
            }
        }
        assert!(n > 10, "the demo has notifications ({n})");
    }

    #[test]
    fn another_config_or_damage_discards_the_cache() {
        let config = demo_config();
        let dir = tempfile::tempdir().unwrap();
        let folder = Path::new("/mail/INBOX");
        let cache = FolderCache::empty(dir.path(), folder, &config);
        cache
            .save([("a", EntryRef::NotAltinn), ("b", EntryRef::Unreadable("x"))].into_iter())
            .unwrap();
        let (back, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(w.is_none());
        assert_eq!(back.entries.len(), 2);

        let mut other = config.clone();
        other.trusted_sender_domains.push("example.org".into());
        let (back, w) = FolderCache::load(dir.path(), folder, &other);
        assert!(w.is_none(), "a configuration change is no damage");
        assert!(back.entries.is_empty());

        let bytes = std::fs::read(&cache.path).unwrap();
        std::fs::write(&cache.path, &bytes[..bytes.len() - 1]).unwrap();
        let (back, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(matches!(w, Some(CacheError::Damaged { .. })));
        assert!(back.entries.is_empty());

        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        std::fs::write(&cache.path, &flipped).unwrap();
        let (_, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(matches!(w, Some(CacheError::Damaged { .. })));

        std::fs::write(&cache.path, b"{\"not\": \"ours\"}").unwrap();
        let (_, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(matches!(w, Some(CacheError::Damaged { .. })));
    }
}

#[cfg(test)]
mod key_tests {
    #[test]
    fn the_key_is_the_unique_name_without_flags_and_sync_tags() {
        use crate::scan::cache_key;
        assert_eq!(cache_key("1732.1.host,U=17:2,S"), "1732.1.host");
        assert_eq!(cache_key("1732.1.host,U=18:2,FS"), "1732.1.host");
        assert_eq!(cache_key("1732.1.host,FMD5=0a1b;2,S"), "1732.1.host");
        assert_eq!(cache_key("1732.1.host,S=1234"), "1732.1.host,S=1234");
        assert_eq!(cache_key("1732.1.host"), "1732.1.host");
        assert_eq!(cache_key("1732.1.host,U=x:2,"), "1732.1.host,U=x");
    }
}
