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
//! Speed: the entries are written in the order the folder listed its names, and a
//! directory that has not changed lists them in the same order again, so a restart
//! matches each listed name against the next entry with one comparison ([`Lookup`]); only
//! where the folder changed does it fall back to a hash table, built then. Loading reads
//! the file and indexes where each entry starts; an entry is decoded only when its name is
//! listed, a "not Altinn" entry (nine in ten) never. A rewrite copies the entries it
//! keeps as bytes.
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
use crate::scan::{Analysis, Unreadable};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Bumped whenever the encoding below changes. (6: the checksum mixes the length in at
/// its end, so that a file can be checked as it is written.)
const FORMAT: u32 = 6;
const MAGIC: &[u8; 16] = b"altinn-sweep\0cch";
/// The header, where its fields sit: the magic bytes, the format, and the payload's
/// length and checksum (written last, once the payload is out).
const FORMAT_AT: std::ops::Range<usize> = 16..20;
const LEN_AT: std::ops::Range<usize> = 20..28;
const SUM_AT: std::ops::Range<usize> = 28..36;
const HEAD: usize = SUM_AT.end;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the scan found in one message: all it needs to list and suggest.
#[derive(Debug, Clone)]
pub enum Entry {
    NotAltinn,
    /// Not an email (its content says so; read errors are never cached).
    Unreadable(Unreadable),
    Notification(Box<Analysis>),
}

/// The kind of an entry, known without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NotAltinn,
    Unreadable,
    Notification,
}

impl Kind {
    fn tag(self) -> u8 {
        match self {
            Kind::NotAltinn => 0,
            Kind::Unreadable => 1,
            Kind::Notification => 2,
        }
    }

    fn of_tag(tag: u8) -> Option<Kind> {
        match tag {
            0 => Some(Kind::NotAltinn),
            1 => Some(Kind::Unreadable),
            2 => Some(Kind::Notification),
            _ => None,
        }
    }
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

/// The cache of one folder: where it lives and the entries it held when loaded.
#[derive(Debug)]
pub struct FolderCache {
    pub path: PathBuf,
    folder: Vec<u8>,
    fingerprint: [u8; 32],
    /// The file's bytes; the slots point into them.
    data: Bytes,
    /// The entries, in the order of the file (the folder's listing order when written).
    slots: Vec<Slot>,
    /// The file on disk holds exactly these entries: it was indexed, or there is none
    /// (and these are none). Not so for a file that is damaged or was made for another
    /// configuration: that one is rewritten even when the folder is empty.
    current: bool,
}

/// Where one entry sits in [`FolderCache::data`]: its key, its kind, and the encoded
/// value (empty for "not Altinn").
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u32,
    key_len: u32,
    kind: Kind,
    value: u32,
    value_len: u32,
}

/// An entry of the loaded cache, found by [`Lookup::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit(u32);

/// Matches listed names against the loaded entries: in listing order one comparison each
/// (an unchanged folder lists in the order the entries were written); out of order
/// through a hash table of the keys, built at the first name that is not the next entry.
/// Every entry is found at most once.
pub struct Lookup<'c> {
    cache: &'c FolderCache,
    next: usize,
    taken: Vec<bool>,
    by_hash: Option<HashMap<u64, u32, std::hash::BuildHasherDefault<KeyHasher>>>,
    /// How many entries were found.
    pub found: usize,
    /// Listed names it had no entry for.
    pub missed: usize,
}

impl Lookup<'_> {
    /// The entry of `key`, if the cache has one not yet found.
    pub fn find(&mut self, key: &str) -> Option<Hit> {
        let hit = self.find_inner(key.as_bytes());
        match hit {
            Some(i) => {
                self.taken[i] = true;
                self.next = i + 1;
                self.found += 1;
                Some(Hit(i as u32))
            }
            None => {
                self.missed += 1;
                None
            }
        }
    }

    fn find_inner(&mut self, key: &[u8]) -> Option<usize> {
        let cache = self.cache;
        if self.next < cache.slots.len() && !self.taken[self.next] && cache.key(self.next) == key {
            return Some(self.next);
        }
        let by_hash = self.by_hash.get_or_insert_with(|| {
            let mut map = HashMap::with_capacity_and_hasher(cache.slots.len(), Default::default());
            for i in 0..cache.slots.len() {
                // the first of equal hashes stays; a later one is only found in order
                map.entry(key_hash(cache.key(i))).or_insert(i as u32);
            }
            map
        });
        let i = *by_hash.get(&key_hash(key))? as usize;
        (!self.taken[i] && cache.key(i) == key).then_some(i)
    }

    /// Every entry was found and no listed name was missing, and the file on disk holds
    /// these entries: it is what a rewrite would write.
    pub fn all_found_in_order(&self) -> bool {
        self.cache.current && self.missed == 0 && self.found == self.cache.slots.len()
    }
}

/// A 64-bit hash of a key (FxHash-style multiply-rotate, word by word), its high bits
/// folded into the low ones, which pick the bucket.
fn key_hash(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = FastHasher::default();
    h.write(key);
    let h = h.finish();
    h ^ (h >> 29)
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

/// The entries [`FolderCache::decode_ahead`] decoded (as the caller made them), each to
/// be taken once.
#[derive(Debug)]
pub struct Decoded<T>(Vec<Option<T>>);

impl<T> Default for Decoded<T> {
    fn default() -> Self {
        Decoded(Vec::new())
    }
}

impl<T> Decoded<T> {
    /// The decoded entry `hit`, if it was decoded ahead and not taken yet.
    pub fn take(&mut self, hit: Hit) -> Option<T> {
        self.0.get_mut(hit.0 as usize).and_then(Option::take)
    }
}

/// One entry to write: one kept from the loaded cache (copied as it is), or one the scan
/// found, borrowed from its report, with the file name it was found under (its key is
/// [`cache_key`](crate::scan::cache_key) of that name).
#[derive(Debug, Clone, Copy)]
pub enum Saved<'a> {
    Kept(Hit),
    New(&'a str, EntryRef<'a>),
}

/// An entry to be written, borrowed from the scan's report.
#[derive(Debug, Clone, Copy)]
pub enum EntryRef<'a> {
    NotAltinn,
    Unreadable(&'a Unreadable),
    Notification(&'a Analysis),
    /// A notification encoded already, by [`encode_notification`].
    Encoded(&'a [u8]),
}

/// A notification's cache entry, encoded as [`FolderCache::save`] writes it: the scan
/// encodes where it analysed, so that the analysis can be let go on that thread. Encoded
/// through `buf` (reused), kept in an allocation of its size.
pub fn encode_notification(a: &Analysis, buf: &mut Vec<u8>) -> Box<[u8]> {
    buf.clear();
    put_analysis(&mut Writer(buf), a);
    Box::from(&buf[..])
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
        let mut cache = Self::empty(dir, folder, config);
        let bytes = match Bytes::of_file(&cache.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                cache.current = true;
                return (cache, None);
            }
            Err(source) => {
                let path = cache.path.clone();
                return (cache, Some(CacheError::Read { path, source }));
            }
        };
        match index_file(&bytes, &cache.folder, &cache.fingerprint) {
            Ok(Some(slots)) => {
                cache.slots = slots;
                cache.data = bytes;
                cache.current = true;
            }
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
            data: Bytes::Read(Vec::new()),
            slots: Vec::new(),
            current: false,
        }
    }

    /// How many entries the loaded file holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// A matcher of listed names against the entries.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup {
            cache: self,
            next: 0,
            taken: vec![false; self.slots.len()],
            by_hash: None,
            found: 0,
            missed: 0,
        }
    }

    fn key(&self, i: usize) -> &[u8] {
        let s = &self.slots[i];
        &self.data[s.key as usize..(s.key + s.key_len) as usize]
    }

    fn value(&self, i: usize) -> &[u8] {
        let s = &self.slots[i];
        &self.data[s.value as usize..(s.value + s.value_len) as usize]
    }

    /// What kind of entry `hit` is, without decoding it.
    pub fn kind(&self, hit: Hit) -> Kind {
        self.slots[hit.0 as usize].kind
    }

    /// The entry `hit`, decoded. `Err`: it does not decode (the file passed its checksum,
    /// so this is a bug, not damage); the caller analyses the message again.
    pub fn entry(&self, hit: Hit) -> Result<Entry, &'static str> {
        let i = hit.0 as usize;
        let mut r = Reader(self.value(i));
        let entry = match self.slots[i].kind {
            Kind::NotAltinn => Entry::NotAltinn,
            Kind::Unreadable => Entry::Unreadable(get_unreadable(&mut r)?),
            Kind::Notification => Entry::Notification(Box::new(get_analysis(&mut r)?)),
        };
        if !r.0.is_empty() {
            return Err("trailing bytes in an entry");
        }
        Ok(entry)
    }

    /// Every entry that is more than "not Altinn", decoded ahead (by slot) and handed to
    /// `with` right after, while it is in this core's cache: the scan does this on a
    /// thread of its own while the folder is still being listed, since a restart on an
    /// unchanged folder needs them all.
    pub fn decode_ahead<T>(
        &self,
        mut with: impl FnMut(Result<Entry, &'static str>) -> T,
    ) -> Decoded<T> {
        Decoded(
            (0..self.slots.len())
                .map(|i| {
                    (self.slots[i].kind != Kind::NotAltinn).then(|| with(self.entry(Hit(i as u32))))
                })
                .collect(),
        )
    }

    /// Writes `entries` as the cache, in the order given (the folder's listing order makes
    /// the next restart's lookups one comparison each): a temporary file in the same
    /// directory, renamed over the old one. Kept entries are copied from the loaded file.
    /// The file is written as it is made, through a buffer of a few hundred KiB: a cache
    /// of 100 000 messages is 16 MB, which as one buffer cost the first scan four thousand
    /// fresh pages. (`entries` is gone through twice: first to count them.)
    pub fn save<'a>(
        &self,
        entries: impl Iterator<Item = Saved<'a>> + Clone,
    ) -> Result<(), CacheError> {
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
            .and_then(|mut f| self.write_to(&mut f, entries))
            .and_then(|_| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        Ok(())
    }

    /// The cache file, written to `file`: the header (its payload's length and checksum
    /// filled in at the end, in place), then the payload, streamed.
    fn write_to<'a>(
        &self,
        file: &mut std::fs::File,
        entries: impl Iterator<Item = Saved<'a>> + Clone,
    ) -> io::Result<()> {
        use std::os::unix::fs::FileExt;
        const CHUNK: usize = 256 << 10;
        let mut head = [0; HEAD];
        head[..MAGIC.len()].copy_from_slice(MAGIC);
        head[FORMAT_AT].copy_from_slice(&FORMAT.to_le_bytes());
        file.write_all(&head)?;
        let mut sum = Checksum::new();
        let mut out = Vec::with_capacity(CHUNK + (64 << 10));
        let mut flush = |out: &mut Vec<u8>| {
            sum.update(out);
            let written = file.write_all(out);
            out.clear();
            written
        };
        let mut w = Writer(&mut out);
        w.str(VERSION);
        w.bytes(&self.fingerprint);
        w.bytes(&self.folder);
        out.extend_from_slice(&(entries.clone().count() as u64).to_le_bytes());
        let (mut value, mut key) = (Vec::new(), String::new());
        for entry in entries {
            let mut b = Writer(&mut out);
            let (kind, encoded): (Kind, &[u8]) = match entry {
                Saved::Kept(Hit(i)) => {
                    let i = i as usize;
                    b.bytes(self.key(i));
                    (self.slots[i].kind, self.value(i))
                }
                Saved::New(name, e) => {
                    b.str(super::cache_key_in(name, &mut key).unwrap_or(&key));
                    value.clear();
                    let mut v = Writer(&mut value);
                    match e {
                        EntryRef::NotAltinn => (Kind::NotAltinn, &[][..]),
                        EntryRef::Unreadable(u) => {
                            put_unreadable(&mut v, u);
                            (Kind::Unreadable, &value[..])
                        }
                        EntryRef::Notification(a) => {
                            put_analysis(&mut v, a);
                            (Kind::Notification, &value[..])
                        }
                        EntryRef::Encoded(encoded) => (Kind::Notification, encoded),
                    }
                }
            };
            b.u8(kind.tag());
            if kind != Kind::NotAltinn {
                b.bytes(encoded);
            }
            if out.len() >= CHUNK {
                flush(&mut out)?;
            }
        }
        flush(&mut out)?;
        head[LEN_AT].copy_from_slice(&sum.len.to_le_bytes());
        head[SUM_AT].copy_from_slice(&sum.finish().to_le_bytes());
        file.write_all_at(&head, 0)
    }
}

/// A cache file's bytes: mapped read-only, so that a restart copies nothing and the
/// kernel maps the page cache's pages in one go; or read into memory where a mapping
/// cannot be made.
///
/// A mapped file that shrank underneath would fault on access. This program never
/// shrinks a cache file: a new cache is written to a new file and renamed over the old
/// one, and the mapped inode stays as it was until it is unmapped.
enum Bytes {
    Mapped { ptr: *const u8, len: usize },
    Read(Vec<u8>),
}

// SAFETY: a private read-only mapping is plain immutable memory until it is unmapped in
// `drop`, which needs `&mut self`; sharing `&[u8]` of it between threads is sound.
unsafe impl Send for Bytes {}
unsafe impl Sync for Bytes {}

impl Bytes {
    fn of_file(path: &Path) -> io::Result<Bytes> {
        use std::os::unix::io::AsRawFd;
        let file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).map_err(io::Error::other)?;
        if len > 0 {
            // SAFETY: a fresh private, read-only mapping of an open file of `len` bytes;
            // the result is checked before use and unmapped exactly once in `drop`.
            let ptr = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_POPULATE,
                    file.as_raw_fd(),
                    0,
                )
            };
            if ptr != libc::MAP_FAILED {
                return Ok(Bytes::Mapped {
                    ptr: ptr as *const u8,
                    len,
                });
            }
        }
        let mut bytes = Vec::with_capacity(len);
        io::Read::read_to_end(&mut &file, &mut bytes)?;
        Ok(Bytes::Read(bytes))
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            // SAFETY: the mapping is `len` readable bytes until `drop` (see `of_file`).
            Bytes::Mapped { ptr, len } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
            Bytes::Read(v) => v,
        }
    }
}

impl Drop for Bytes {
    fn drop(&mut self) {
        if let Bytes::Mapped { ptr, len } = *self {
            // SAFETY: unmaps the mapping made in `of_file`, once; nothing borrows it now.
            unsafe { libc::munmap(ptr as *mut libc::c_void, len) };
        }
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.len())
    }
}

/// A 64-bit checksum of the payload (word-wise multiply-rotate: fast, and enough to catch
/// a damaged file; the cache is not a security boundary, every action verifies its file).
/// Four independent lanes, one word each per 32 bytes, so that the multiplications of
/// one lane wait for no other's: 16 MB take about a millisecond, not four.
fn checksum(data: &[u8]) -> u64 {
    let mut sum = Checksum::new();
    sum.update(data);
    sum.finish()
}

/// [`checksum`] of data fed in pieces: the file is checked whole, and written in chunks.
struct Checksum {
    lanes: [u64; 4],
    /// The bytes of a 32-byte block not complete yet.
    pending: [u8; 32],
    pending_len: usize,
    /// All the bytes fed so far.
    len: u64,
}

impl Checksum {
    const K: u64 = 0xFF51_AFD7_ED55_8CCD;
    const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new() -> Checksum {
        let seed = Checksum::SEED;
        Checksum {
            lanes: [
                seed,
                seed.rotate_left(16),
                seed.rotate_left(32),
                seed.rotate_left(48),
            ],
            pending: [0; 32],
            pending_len: 0,
            len: 0,
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.len += data.len() as u64;
        if self.pending_len > 0 {
            let take = data.len().min(32 - self.pending_len);
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&data[..take]);
            self.pending_len += take;
            data = &data[take..];
            if self.pending_len < 32 {
                return;
            }
            let block = self.pending;
            self.block(&block);
            self.pending_len = 0;
        }
        let mut blocks = data.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    fn block(&mut self, block: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
            let v = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            *lane = (*lane ^ v).wrapping_mul(Checksum::K).rotate_left(29);
        }
    }

    fn finish(&self) -> u64 {
        let mut h = self
            .lanes
            .iter()
            .fold(Checksum::SEED ^ self.len, |h, &lane| {
                (h ^ lane).wrapping_mul(Checksum::K).rotate_left(29)
            });
        for &b in &self.pending[..self.pending_len] {
            h = (h ^ b as u64)
                .wrapping_mul(0xC4CE_B9FE_1A85_EC53)
                .rotate_left(17);
        }
        h ^ (h >> 31)
    }
}

/// Checks the file and indexes its entries (where each key and value starts), decoding
/// none. `Ok(None)`: a well-formed cache of this folder made for another configuration,
/// program version or format. `Err`: damaged, truncated, or not a cache of this folder.
fn index_file(
    bytes: &[u8],
    folder: &[u8],
    fingerprint: &[u8; 32],
) -> Result<Option<Vec<Slot>>, &'static str> {
    if bytes.len() < HEAD || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not an altinn-sweep cache file");
    }
    let format = u32::from_le_bytes(bytes[FORMAT_AT].try_into().expect("4 bytes"));
    if format != FORMAT {
        return Ok(None);
    }
    if bytes.len() > u32::MAX as usize {
        return Err("larger than 4 GiB");
    }
    let len = u64::from_le_bytes(bytes[LEN_AT].try_into().expect("8 bytes"));
    let sum = u64::from_le_bytes(bytes[SUM_AT].try_into().expect("8 bytes"));
    let payload = &bytes[HEAD..];
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
    // every entry takes at least two bytes: a count beyond that is damage
    if count > (r.0.len() / 2) as u64 {
        return Err("bad entry count");
    }
    let at = |r: &Reader, part: &[u8]| (bytes.len() - r.0.len() - part.len()) as u32;
    let mut slots = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let key = r.bytes()?;
        let key_at = at(&r, key);
        let kind = Kind::of_tag(r.u8()?).ok_or("unknown entry kind")?;
        let value: &[u8] = if kind == Kind::NotAltinn {
            &[]
        } else {
            r.bytes()?
        };
        slots.push(Slot {
            key: key_at,
            key_len: key.len() as u32,
            kind,
            value: at(&r, value),
            value_len: value.len() as u32,
        });
    }
    if !r.0.is_empty() {
        return Err("trailing bytes");
    }
    Ok(Some(slots))
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

fn put_unreadable(w: &mut Writer, u: &Unreadable) {
    match u {
        Unreadable::Read(e) => {
            w.u8(0);
            w.str(e);
        }
        Unreadable::Empty => w.u8(1),
        Unreadable::NoHeader => w.u8(2),
        Unreadable::EndlessHeader { kib } => {
            w.u8(3);
            w.u64(*kib as u64);
        }
        Unreadable::Mime => w.u8(4),
    }
}

fn get_unreadable(r: &mut Reader) -> R<Unreadable> {
    Ok(match r.u8()? {
        0 => Unreadable::Read(r.string()?),
        1 => Unreadable::Empty,
        2 => Unreadable::NoHeader,
        3 => Unreadable::EndlessHeader { kib: r.usize()? },
        4 => Unreadable::Mime,
        _ => return Err("bad unreadable"),
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

    fn saved(cache: &FolderCache, entries: &[(&str, EntryRef)]) {
        cache
            .save(entries.iter().map(|&(name, e)| Saved::New(name, e)))
            .unwrap();
    }

    #[test]
    fn entries_are_found_by_their_whole_name_only_and_once() {
        let config = demo_config();
        let dir = tempfile::tempdir().unwrap();
        let folder = Path::new("/mail/INBOX");
        let empty = FolderCache::empty(dir.path(), folder, &config);
        let x = Unreadable::NoHeader;
        saved(
            &empty,
            &[
                ("1732.1.host", EntryRef::NotAltinn),
                ("1732.2.host", EntryRef::Unreadable(&x)),
                ("1732.3.host", EntryRef::NotAltinn),
            ],
        );
        let (cache, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(w.is_none());
        assert_eq!(cache.len(), 3);
        let mut l = cache.lookup();
        assert!(l.find("1732.9.host").is_none());
        assert!(l.find("1732.1.hos").is_none());
        let two = l
            .find("1732.2.host")
            .expect("out of order, through the table");
        assert_eq!(cache.kind(two), Kind::Unreadable);
        assert!(matches!(
            cache.entry(two),
            Ok(Entry::Unreadable(Unreadable::NoHeader))
        ));
        assert!(l.find("1732.2.host").is_none(), "found once");
        let three = l.find("1732.3.host").expect("next in order");
        assert_eq!(cache.kind(three), Kind::NotAltinn);
        let one = l.find("1732.1.host").expect("back again");
        assert!(matches!(cache.entry(one), Ok(Entry::NotAltinn)));
        assert_eq!((l.found, l.missed), (3, 3));
        assert!(!l.all_found_in_order());
    }

    #[test]
    fn a_cache_larger_than_a_write_chunk_is_written_whole_and_keyed_by_unique_name() {
        let config = demo_config();
        let dir = tempfile::tempdir().unwrap();
        let folder = Path::new("/mail/INBOX");
        let empty = FolderCache::empty(dir.path(), folder, &config);
        // about a megabyte: several chunks, and names as mbsync writes them
        let names: Vec<String> = (0..20_000)
            .map(|i| format!("1732{i:06}.M{i}P7.dokpc-sandnes-04.example,U={i}:2,S"))
            .collect();
        let bad = Unreadable::NoHeader;
        saved(
            &empty,
            &names
                .iter()
                .enumerate()
                .map(|(i, n)| match i % 7 {
                    0 => (n.as_str(), EntryRef::Unreadable(&bad)),
                    _ => (n.as_str(), EntryRef::NotAltinn),
                })
                .collect::<Vec<_>>(),
        );
        assert!(std::fs::metadata(&empty.path).unwrap().len() > 3 * (256 << 10));
        let (cache, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(w.is_none(), "{w:?}");
        assert_eq!(cache.len(), names.len());
        let mut l = cache.lookup();
        for (i, n) in names.iter().enumerate() {
            // (flag changes and another sync tag keep the key)
            let renamed = n.replace(&format!(",U={i}:2,S"), &format!(",U={}:2,RS", i + 1));
            let hit = l.find(&crate::scan::cache_key(&renamed)).expect("found");
            let kind = if i % 7 == 0 {
                Kind::Unreadable
            } else {
                Kind::NotAltinn
            };
            assert_eq!(cache.kind(hit), kind, "{n}");
        }
        assert!(l.all_found_in_order());
    }

    #[test]
    fn an_unchanged_listing_is_matched_in_order_and_kept_entries_copy_as_they_were() {
        let config = demo_config();
        let dir = tempfile::tempdir().unwrap();
        let folder = Path::new("/mail/INBOX");
        let names: Vec<String> = (0..500).map(|i| format!("17{i:03}.M1P2.host")).collect();
        let bad = Unreadable::EndlessHeader { kib: 1024 };
        let entries: Vec<(&str, EntryRef)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let e = if i % 7 == 0 {
                    EntryRef::Unreadable(&bad)
                } else {
                    EntryRef::NotAltinn
                };
                (n.as_str(), e)
            })
            .collect();
        saved(&FolderCache::empty(dir.path(), folder, &config), &entries);
        let (cache, _) = FolderCache::load(dir.path(), folder, &config);
        let before = std::fs::read(&cache.path).unwrap();
        let mut l = cache.lookup();
        let hits: Vec<Hit> = names.iter().map(|n| l.find(n).unwrap()).collect();
        assert!(l.all_found_in_order());
        assert!(
            l.by_hash.is_none(),
            "no table needed for an unchanged folder"
        );
        cache.save(hits.iter().map(|&h| Saved::Kept(h))).unwrap();
        assert_eq!(std::fs::read(&cache.path).unwrap(), before, "byte for byte");
    }

    #[test]
    fn checksum_sees_a_flipped_bit() {
        let a = b"some payload of a cache file".to_vec();
        let mut b = a.clone();
        b[3] ^= 1;
        assert_ne!(checksum(&a), checksum(&b));
        // in every lane of the 32-byte blocks and in the tail after them
        let a: Vec<u8> = (0..100u8).collect();
        for at in [0, 9, 17, 25, 31, 32, 63, 64, 97, 99] {
            let mut b = a.clone();
            b[at] ^= 0x80;
            assert_ne!(checksum(&a), checksum(&b), "flip at {at}");
        }
        // two words swapped between lanes
        let mut b = a.clone();
        b.copy_within(0..8, 8);
        b[..8].copy_from_slice(&a[8..16]);
        assert_ne!(checksum(&a), checksum(&b));
    }

    #[test]
    fn checksum_fed_in_pieces_is_the_checksum_of_the_whole() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for cuts in [
            vec![],
            vec![0],
            vec![1, 2, 3],
            vec![31, 32, 33],
            vec![5, 64, 99, 998],
        ] {
            let mut sum = Checksum::new();
            let mut from = 0;
            for &cut in &cuts {
                sum.update(&data[from..cut]);
                from = cut;
            }
            sum.update(&data[from..]);
            assert_eq!(sum.finish(), checksum(&data), "cut at {cuts:?}");
        }
        // the length counts: zeros of two lengths differ
        assert_ne!(checksum(&[0; 64]), checksum(&[0; 96]));
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
                saved(&cache, &[("u", EntryRef::Notification(&a))]);
                let (back, warning) = FolderCache::load(dir.path(), &demo, &config);
                assert!(warning.is_none());
                let hit = back.lookup().find("u").expect("entry lost");
                let Ok(Entry::Notification(b)) = back.entry(hit) else {
                    panic!("entry does not decode");
                };
                assert_eq!(format!("{a:?}"), format!("{b:?}"));
                n += 1;
            }
        }
        assert!(n > 10, "the demo has notifications ({n})");
    }

    #[test]
    fn every_unreadable_round_trips() {
        let config = demo_config();
        let dir = tempfile::tempdir().unwrap();
        let folder = Path::new("/mail/INBOX");
        let all = [
            Unreadable::Read("Permission denied (os error 13)".into()),
            Unreadable::Empty,
            Unreadable::NoHeader,
            Unreadable::EndlessHeader { kib: 1024 },
            Unreadable::Mime,
        ];
        let names: Vec<String> = (0..all.len()).map(|i| format!("n{i}")).collect();
        let entries: Vec<(&str, EntryRef)> = names
            .iter()
            .zip(&all)
            .map(|(n, u)| (n.as_str(), EntryRef::Unreadable(u)))
            .collect();
        saved(&FolderCache::empty(dir.path(), folder, &config), &entries);
        let (back, _) = FolderCache::load(dir.path(), folder, &config);
        let mut l = back.lookup();
        for (n, u) in names.iter().zip(&all) {
            let hit = l.find(n).unwrap();
            assert!(matches!(back.entry(hit), Ok(Entry::Unreadable(b)) if b == *u));
        }
    }

    #[test]
    fn another_config_or_damage_discards_the_cache() {
        let config = demo_config();
        let dir = tempfile::tempdir().unwrap();
        let folder = Path::new("/mail/INBOX");
        let cache = FolderCache::empty(dir.path(), folder, &config);
        let x = Unreadable::Mime;
        saved(
            &cache,
            &[("a", EntryRef::NotAltinn), ("b", EntryRef::Unreadable(&x))],
        );
        let (back, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(w.is_none());
        assert_eq!(back.len(), 2);

        let mut other = config.clone();
        other.trusted_sender_domains.push("example.org".into());
        let (back, w) = FolderCache::load(dir.path(), folder, &other);
        assert!(w.is_none(), "a configuration change is no damage");
        assert!(back.is_empty());

        let (back, w) = FolderCache::load(dir.path(), Path::new("/mail/Other"), &config);
        assert!(back.is_empty());
        assert!(w.is_none(), "another folder's cache lives in another file");

        let bytes = std::fs::read(&cache.path).unwrap();
        std::fs::write(&cache.path, &bytes[..bytes.len() - 1]).unwrap();
        let (back, w) = FolderCache::load(dir.path(), folder, &config);
        assert!(matches!(w, Some(CacheError::Damaged { .. })));
        assert!(back.is_empty());

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
