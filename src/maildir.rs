//! Maildir folders under a mail root: where each folder is for a layout, message file names
//! (unique part and `:2,FLAGS`), and listing the messages of a folder.

use serde::Deserialize;
use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Defined with the parsed message that carries it; re-exported where files are read.
pub use crate::message::FileStamp;

/// File names are bytes: whoever delivered a message chose its name, and nothing makes it
/// UTF-8. Names and paths are handled as text (the unique part is the message's id in the
/// journal and the TUI), losslessly: a UTF-8 name is its own text, and each byte of a name
/// that is not UTF-8 becomes a NUL followed by the character of the same value (U+0080 to
/// U+00FF, as in Latin-1). No file name contains NUL, so the two forms cannot be confused,
/// a NUL that reached a path by mistake makes the system call fail rather than name
/// another file, and the Maildir separators `:2,` `,U=` are the same in both forms.
/// [`name_os`] turns the text back into the bytes; the journal keeps paths this way too.
pub fn name_text(name: &OsStr) -> Cow<'_, str> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            out.push('\0');
            out.push(char::from(b));
        }
    }
    Cow::Owned(out)
}

/// The bytes of a name or path written by [`name_text`]: borrowed from `text` unless it
/// carries a byte that is not UTF-8 (the scan opens every file by such a name).
pub fn name_os(text: &str) -> Cow<'_, OsStr> {
    use std::os::unix::ffi::OsStringExt;
    if !text.contains('\0') {
        return Cow::Borrowed(OsStr::new(text));
    }
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\0') {
            (_, true) => match chars.next() {
                Some(b) if ('\u{80}'..='\u{ff}').contains(&b) => out.push(b as u32 as u8),
                // Not written by name_text: keep the NUL, so that using it fails loudly.
                other => {
                    out.push(0);
                    if let Some(o) = other {
                        out.extend_from_slice(o.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                }
            },
            (c, false) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    Cow::Owned(OsString::from_vec(out))
}

/// A path as text, losslessly (see [`name_text`]): for the journal and JSON output.
pub fn path_text(path: &Path) -> String {
    name_text(path.as_os_str()).into_owned()
}

/// The path that [`path_text`] wrote.
pub fn text_path(text: &str) -> PathBuf {
    PathBuf::from(name_os(text).into_owned())
}

/// The configuration's `[mail]` section: where the Maildir is, how its folders are laid
/// out, and the three folders the tool works with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// The mail root; `~` is the home directory; a relative path is relative to the
    /// configuration file's folder.
    pub root: String,
    #[serde(default)]
    pub layout: Layout,
    pub inbox: String,
    pub archive: String,
    pub trash: String,
}

/// How folders are laid out under the mail root.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Layout {
    /// mbsync `SubFolders Verbatim`: `ROOT/INBOX`, `ROOT/Altinn`, `ROOT/Trash`.
    #[default]
    #[serde(rename = "verbatim")]
    Verbatim,
    /// Maildir++: the root is the inbox; other folders are `ROOT/.Altinn`, `ROOT/.Trash`.
    #[serde(rename = "maildir++")]
    MaildirPlusPlus,
}

/// The folder path of `name` under `root` for a layout. The inbox of a Maildir++ tree is
/// the root itself.
pub fn folder_path(root: &Path, layout: Layout, name: &str, inbox: &str) -> PathBuf {
    match layout {
        Layout::Verbatim => root.join(name),
        Layout::MaildirPlusPlus if name == inbox => root.to_path_buf(),
        Layout::MaildirPlusPlus => root.join(format!(".{}", name.replace('/', "."))),
    }
}

/// The three folders the tool works with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub inbox: PathBuf,
    pub archive: PathBuf,
    pub trash: PathBuf,
}

impl Folders {
    pub fn new(root: &Path, mail: &MailConfig) -> Folders {
        let f = |name: &str| folder_path(root, mail.layout, name, &mail.inbox);
        Folders {
            inbox: f(&mail.inbox),
            archive: f(&mail.archive),
            trash: f(&mail.trash),
        }
    }
}

/// `new/` (not yet seen by a mail client) or `cur/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sub {
    New,
    Cur,
}

impl Sub {
    pub fn dir_name(self) -> &'static str {
        match self {
            Sub::New => "new",
            Sub::Cur => "cur",
        }
    }
}

/// A message file's name split into its unique part and its flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailName {
    /// Everything before the info separator (`:2,`), e.g. `1732.123_1.host,U=17`.
    pub unique: String,
    /// The flag letters after `:2,`, e.g. `RS`; `None` when the name has no info part.
    pub flags: Option<String>,
}

/// Splits a file name at its info part. mbsync may be set to use `;` or `!` instead of `:`
/// (for file systems without colons), so all three are accepted.
pub fn parse_name(file_name: &str) -> MailName {
    match info_at(file_name) {
        Some(pos) => MailName {
            unique: file_name[..pos].to_string(),
            flags: Some(file_name[pos + 3..].to_string()),
        },
        None => MailName {
            unique: file_name.to_string(),
            flags: None,
        },
    }
}

/// Where the info part of a file name starts: the last `:2,`, else the last `;2,` or
/// `!2,` (the separators of systems where `:` cannot be in a file name). One backward
/// pass over the bytes per separator, since a scan parses every name of the folder.
pub fn info_at(file_name: &str) -> Option<usize> {
    let b = file_name.as_bytes();
    [b':', b';', b'!'].into_iter().find_map(|sep| {
        (0..b.len().saturating_sub(2))
            .rev()
            .find(|&i| b[i] == sep && b[i + 1] == b'2' && b[i + 2] == b',')
    })
}

/// The unique name of a file name: what [`parse_name`] calls `unique`, borrowed.
pub fn unique_of(file_name: &str) -> &str {
    info_at(file_name).map_or(file_name, |pos| &file_name[..pos])
}

/// The flags of a file name (what follows `:2,`), borrowed: [`parse_name`] without
/// building a name.
pub fn flags_of(file_name: &str) -> Option<&str> {
    info_at(file_name).map(|pos| &file_name[pos + 3..])
}

/// True when the flags mark the message as trashed (T): it counts as deleted.
pub fn is_trashed(flags: Option<&str>) -> bool {
    flags.is_some_and(|f| f.contains('T'))
}

/// One message file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFile {
    pub path: PathBuf,
    pub sub: Sub,
    pub name: MailName,
}

impl MailFile {
    /// The message `file_name` (as [`name_text`] writes it) in `folder`'s `sub` directory.
    pub fn new(folder: &Path, sub: Sub, file_name: &str) -> MailFile {
        // one allocation for the path (a scan builds one per notification)
        let name = name_os(file_name);
        let mut path = PathBuf::with_capacity(
            folder.as_os_str().len() + sub.dir_name().len() + name.len() + 2,
        );
        path.push(folder);
        path.push(sub.dir_name());
        path.push(name);
        MailFile {
            path,
            sub,
            name: parse_name(file_name),
        }
    }
}

/// Lists the messages of a folder: files in `new/` and `cur/`, no dot-files, no trashed
/// messages. `tmp/` is never read. A folder without `cur/` and `new/` is an error that
/// names it; a missing `new/` or `cur/` alone is tolerated.
pub fn list(folder: &Path) -> io::Result<Vec<MailFile>> {
    let mut out = Vec::new();
    each_entry(folder, &mut |sub, file_name, _| {
        out.push(MailFile::new(folder, sub, file_name))
    })?;
    Ok(out)
}

/// Lists `folder` like [`list`], without building paths or owning names: each message's
/// `new`/`cur`, its file name (as [`name_text`] writes it, borrowed from the directory
/// read), and what readdir(3) said of its type (`d_type`, no stat): `true` when it is a
/// regular file, so that a reader may open it without checking its type again (see
/// [`open_listed_at`]). Called as the directories are read, so that work on the first
/// messages starts while a large folder is still being listed.
pub fn each_entry(folder: &Path, each: &mut dyn FnMut(Sub, &str, bool)) -> io::Result<()> {
    let mut found_any = false;
    for sub in [Sub::New, Sub::Cur] {
        let dir = folder.join(sub.dir_name());
        let listed = read_dir_names(&dir, &mut |name, kind| {
            let file_name = name_text(name);
            if file_name.starts_with('.')
                || kind == EntryKind::Dir
                || is_trashed(flags_of(&file_name))
            {
                return;
            }
            each(sub, &file_name, kind == EntryKind::File);
        });
        match listed {
            Ok(()) => found_any = true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", dir.display()))),
        }
    }
    if !found_any {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            NotMaildir(folder.to_path_buf()),
        ));
    }
    Ok(())
}

/// A folder that has neither `cur/` nor `new/`: carried inside the `io::Error` of a
/// listing (kind `NotFound`), worded at the edge by `i18n::folder_error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a Maildir folder (it has no cur/ or new/)", .0.display())]
pub struct NotMaildir(pub PathBuf);

/// The messages of a folder as [`each_entry`] lists them, in its order, with their
/// names in one buffer: a listing of 100 000 names is two allocations, not 100 000.
#[derive(Debug, Default)]
pub struct Names {
    text: String,
    /// Per message: where its name ends in `text`, its `new`/`cur`, and whether readdir
    /// said it is a regular file.
    entries: Vec<(u32, Sub, bool)>,
}

impl Names {
    /// Lists `folder` (see [`each_entry`]).
    pub fn read(folder: &Path) -> io::Result<Names> {
        let mut names = Names::default();
        each_entry(folder, &mut |sub, name, regular| {
            names.push(sub, name, regular)
        })?;
        if names.text.len() > u32::MAX as usize {
            return Err(io::Error::other(format!(
                "{}: the folder's file names take more than 4 GiB",
                folder.display()
            )));
        }
        Ok(names)
    }

    /// An empty listing with room for what `folder` holds, judged from the sizes of its
    /// `new` and `cur` directories. A directory's size bounds its names' bytes and count on
    /// ext4 and most file systems; where it does not, the listing grows as usual. Reserved
    /// room costs no memory until it is written, while growing a 5 MB arena copies it
    /// into fresh pages each time, which cost a restart at 100 000 messages milliseconds.
    pub fn with_room_for(folder: &Path) -> Names {
        /// No hint beyond this: a directory that was once enormous is no reason to reserve.
        const CAP: u64 = 256 << 20;
        let size: u64 = [Sub::New, Sub::Cur]
            .iter()
            .filter_map(|sub| std::fs::metadata(folder.join(sub.dir_name())).ok())
            .map(|m| m.len())
            .sum::<u64>()
            .min(CAP);
        // (an entry of a directory takes at least 12 bytes on ext4: header and one byte)
        Names {
            text: String::with_capacity(size as usize),
            entries: Vec::with_capacity(size as usize / 12),
        }
    }

    /// Room for how many messages this listing has without growing.
    pub fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    /// Adds a message at the end, as [`Names::read`] does for each one listed.
    pub fn push(&mut self, sub: Sub, name: &str, regular: bool) {
        self.text.push_str(name);
        // a folder whose names take 4 GiB is beyond any mailbox; saturate rather than wrap
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.entries.push((end, sub, regular));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`th message: `new`/`cur`, its file name, and whether it is a regular file.
    pub fn get(&self, i: usize) -> (Sub, &str, bool) {
        let start = match i {
            0 => 0,
            _ => self.entries[i - 1].0 as usize,
        };
        let (end, sub, regular) = self.entries[i];
        (sub, &self.text[start..end as usize], regular)
    }
}

/// What readdir(3) says an entry is, without a stat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Dir,
    /// Anything else, or not told (`DT_UNKNOWN`): whoever opens it checks.
    Other,
}

/// Reads the names of `dir` with readdir(3), each borrowed from the read buffer (no
/// allocation per name; a folder of 100 000 messages is listed at the speed of the
/// directory reads). `.` and `..` are left out.
fn read_dir_names(dir: &Path, each: &mut dyn FnMut(&OsStr, EntryKind)) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::IntoRawFd;
    /// Closes the stream, and with it the descriptor it took over.
    struct Stream(*mut libc::DIR);
    impl Drop for Stream {
        fn drop(&mut self) {
            // SAFETY: the pointer came from a successful fdopendir and is closed once.
            unsafe { libc::closedir(self.0) };
        }
    }
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
        .open(dir)?;
    let fd = opened.into_raw_fd();
    // SAFETY: `fd` is an open directory descriptor that the stream owns from here on.
    let dirp = unsafe { libc::fdopendir(fd) };
    if dirp.is_null() {
        let e = io::Error::last_os_error();
        // SAFETY: fdopendir failed, so `fd` is still ours to close.
        unsafe { libc::close(fd) };
        return Err(e);
    }
    let stream = Stream(dirp);
    loop {
        // readdir returns NULL both at the end and on an error; errno tells them apart.
        // SAFETY: errno is thread-local; the stream is valid until dropped, and the entry
        // it returns is valid until the next readdir on it, which comes after its use.
        let entry = unsafe {
            *libc::__errno_location() = 0;
            libc::readdir64(stream.0)
        };
        if entry.is_null() {
            let errno = unsafe { *libc::__errno_location() };
            return match errno {
                0 => Ok(()),
                e => Err(io::Error::from_raw_os_error(e)),
            };
        }
        // SAFETY: d_name is a NUL-terminated name inside the entry just returned.
        let (name, d_type) = unsafe {
            let e = &*entry;
            (std::ffi::CStr::from_ptr(e.d_name.as_ptr()), e.d_type)
        };
        let name = OsStr::from_bytes(name.to_bytes());
        if name == "." || name == ".." {
            continue;
        }
        let kind = match d_type {
            libc::DT_REG => EntryKind::File,
            libc::DT_DIR => EntryKind::Dir,
            // a file system that does not tell: one lstat, as std's `file_type` does
            libc::DT_UNKNOWN => match std::fs::symlink_metadata(dir.join(name)) {
                Ok(m) if m.is_dir() => EntryKind::Dir,
                Ok(m) if m.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            },
            _ => EntryKind::Other,
        };
        each(name, kind);
    }
}

/// Removes the sync tools' per-folder tags from a unique name: mbsync's `,U=<digits>` and
/// offlineimap's `,FMD5=<hex>`. Carried into another folder they make the sync tool see a
/// duplicate UID or re-upload.
pub fn strip_sync_tags(unique: &str) -> String {
    let mut out = String::with_capacity(unique.len());
    strip_sync_tags_into(unique, &mut out);
    out
}

/// [`strip_sync_tags`] appending to `out` (a caller with many names reuses one buffer).
pub fn strip_sync_tags_into(unique: &str, out: &mut String) {
    // (a scan strips every listed name: bytes and memchr, where the tags are ASCII)
    let mut rest = unique;
    while let Some(pos) = memchr::memchr(b',', rest.as_bytes()) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let tag_len = tag_length(after, b"U=", |b| b.is_ascii_digit())
            .or_else(|| tag_length(after, b"FMD5=", |b| b.is_ascii_hexdigit()));
        match tag_len {
            Some(len) => rest = &after[len..],
            None => {
                out.push(',');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Length of `prefix` followed by at least one `valid` byte, ending at a ',' or the end.
fn tag_length(s: &str, prefix: &[u8], valid: impl Fn(&u8) -> bool) -> Option<usize> {
    let body = s.as_bytes().strip_prefix(prefix)?;
    let n = body.iter().take_while(|b| valid(b)).count();
    (n > 0 && matches!(body.get(n), None | Some(b','))).then_some(prefix.len() + n)
}

/// Flags in ASCII order without duplicates, `add` included.
pub fn sorted_flags(flags: &str, add: Option<char>) -> String {
    let mut v: Vec<char> = flags
        .chars()
        .chain(add)
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    v.sort_unstable();
    v.dedup();
    v.into_iter().collect()
}

/// The file name a message gets in another folder: sync tags removed from the unique part,
/// the flags kept (sorted, `add` added). A name without an info part keeps none unless a
/// flag is added.
pub fn name_in_other_folder(name: &MailName, add: Option<char>) -> String {
    let unique = strip_sync_tags(&name.unique);
    match (&name.flags, add) {
        (None, None) => unique,
        (flags, add) => format!(
            "{unique}:2,{}",
            sorted_flags(flags.as_deref().unwrap_or(""), add)
        ),
    }
}

/// Finds the current file of a message by its unique name in a folder (its flags may have
/// been changed by a sync since it was listed). Trashed (T) files do not count.
pub fn find_by_unique(folder: &Path, unique: &str) -> io::Result<Option<MailFile>> {
    Ok(list(folder)?.into_iter().find(|m| m.name.unique == unique))
}

/// Moves a message file into `dest_folder`'s `sub` directory under `file_name` (as
/// [`name_text`] writes it), never
/// overwriting: if the name is taken, a suffix makes it unique. Within one file system
/// this is one `rename(2)` (with RENAME_NOREPLACE); across file systems the file is
/// copied into the target's tmp/, fsynced, linked into place, and only then unlinked.
/// Both directories are fsynced before returning, so the move survives a crash.
pub fn move_file(src: &Path, dest_folder: &Path, sub: Sub, file_name: &str) -> io::Result<PathBuf> {
    move_file_with(src, dest_folder, sub, file_name, true)
}

/// Like [`move_file`], but the two directories are not fsynced (a move across file
/// systems still is, by its copy): for a group commit, whose caller fsyncs every touched
/// directory once before it journals the batch.
pub fn move_file_unsynced(
    src: &Path,
    dest_folder: &Path,
    sub: Sub,
    file_name: &str,
) -> io::Result<PathBuf> {
    move_file_with(src, dest_folder, sub, file_name, false)
}

fn move_file_with(
    src: &Path,
    dest_folder: &Path,
    sub: Sub,
    file_name: &str,
    durable: bool,
) -> io::Result<PathBuf> {
    move_file_inner(src, dest_folder, sub, file_name, durable).map_err(|e| {
        // Keep the kind (callers tell a vanished source by NotFound) and name both ends.
        io::Error::new(
            e.kind(),
            format!(
                "cannot move {} into {}: {e}",
                src.display(),
                dest_folder.join(sub.dir_name()).display()
            ),
        )
    })
}

fn move_file_inner(
    src: &Path,
    dest_folder: &Path,
    sub: Sub,
    file_name: &str,
    durable: bool,
) -> io::Result<PathBuf> {
    let dest_dir = dest_folder.join(sub.dir_name());
    if !dest_dir.is_dir() {
        return Err(io::Error::other(
            "the folder does not exist (create it, or let the sync tool create it)",
        ));
    }
    let mut attempt = 0u32;
    loop {
        let candidate = if attempt == 0 {
            file_name.to_string()
        } else {
            with_suffix(file_name, attempt)
        };
        let dest = dest_dir.join(&*name_os(&candidate));
        match rename_noreplace(src, &dest) {
            Ok(()) => {
                if durable {
                    sync_dir(&dest_dir)?;
                    if let Some(parent) = src.parent() {
                        sync_dir(parent)?;
                    }
                }
                return Ok(dest);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => attempt += 1,
            Err(e) if e.raw_os_error() == Some(libc::EXDEV) => {
                return copy_across(src, dest_folder, sub, &candidate);
            }
            Err(e) => return Err(e),
        }
    }
}

/// `unique:2,FLAGS` → `unique.N:2,FLAGS`: another unique name for the same message.
fn with_suffix(file_name: &str, n: u32) -> String {
    let name = parse_name(file_name);
    match name.flags {
        Some(f) => format!("{}.{n}:2,{f}", name.unique),
        None => format!("{}.{n}", name.unique),
    }
}

fn cstring(p: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))
}

/// rename(2) that fails with AlreadyExists instead of replacing the target. Falls back to
/// link + unlink where the file system does not support RENAME_NOREPLACE.
fn rename_noreplace(src: &Path, dest: &Path) -> io::Result<()> {
    let (s, d) = (cstring(src)?, cstring(dest)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            s.as_ptr(),
            libc::AT_FDCWD,
            d.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) => {
            std::fs::hard_link(src, dest)?;
            std::fs::remove_file(src)
        }
        _ => Err(err),
    }
}

fn copy_across(src: &Path, dest_folder: &Path, sub: Sub, file_name: &str) -> io::Result<PathBuf> {
    use std::io::Write;
    // A name of its own for this attempt: a copy left in tmp/ by a crash must not block
    // the retry (the Maildir convention: time, pid and a counter).
    let tmp = dest_folder.join("tmp").join(&*name_os(&format!(
        "{}.{}.altinn-sweep-copy",
        parse_name(file_name).unique,
        unique_token()
    )));
    {
        let data = read_message(src, false)?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let written = f.write_all(&data).and_then(|_| f.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    let dest_dir = dest_folder.join(sub.dir_name());
    let mut attempt = 0u32;
    let dest = loop {
        let candidate = if attempt == 0 {
            file_name.to_string()
        } else {
            with_suffix(file_name, attempt)
        };
        let dest = dest_dir.join(&*name_os(&candidate));
        match std::fs::hard_link(&tmp, &dest) {
            Ok(()) => break dest,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => attempt += 1,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
    };
    std::fs::remove_file(&tmp)?;
    sync_dir(&dest_dir)?;
    std::fs::remove_file(src)?;
    if let Some(parent) = src.parent() {
        sync_dir(parent)?;
    }
    Ok(dest)
}

/// How a message file is opened: only regular files are mail. A FIFO would block open(2)
/// and read(2) for good, a device could be read without end: every open is non-blocking,
/// and what fstat(2) says is not a regular file is refused with an error that says what
/// it is. `follow` decides whether a symbolic link is followed (yes for a path the user
/// names, no inside a Maildir folder, where no sync tool writes one).
pub fn open_message_at(dir: Option<&File>, path: &Path, follow: bool) -> io::Result<File> {
    use std::os::fd::{AsRawFd, FromRawFd};
    let c = cstring(path)?;
    let mut flags = libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NONBLOCK | libc::O_NOCTTY;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    let at = dir.map_or(libc::AT_FDCWD, |d| d.as_raw_fd());
    // SAFETY: `at` is AT_FDCWD or a directory open for the duration of the call, `c` a
    // valid NUL-terminated string; a non-negative result is a new descriptor we own.
    let fd = unsafe { libc::openat(at, c.as_ptr(), flags) };
    if fd < 0 {
        let e = io::Error::last_os_error();
        return Err(if e.raw_os_error() == Some(libc::ELOOP) && !follow {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "a symbolic link, not a regular file: not read",
            )
        } else {
            e
        });
    }
    // SAFETY: `fd` was just returned by openat and is owned by nobody else.
    let file = unsafe { File::from_raw_fd(fd) };
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}, not a regular file: not read", file_kind(&kind)),
        ));
    }
    Ok(file)
}

/// Opens a message of a folder's listing inside its directory `dir` like
/// [`open_message_at`] (non-blocking, no link followed), without the fstat(2) when readdir
/// already said it is a regular file (`regular`): one system call less per message of a
/// scan. Should the name have been replaced by something else since the listing, nothing
/// can hang: the open does not block and the scan's reads are bounded; and what the scan
/// reads whole, it stats anyway (its stamp) and refuses unless a regular file.
pub fn open_listed_at(dir: &File, name: &Path, regular: bool) -> io::Result<File> {
    if !regular {
        return open_message_at(Some(dir), name, false);
    }
    use std::os::fd::{AsRawFd, FromRawFd};
    let c = cstring(name)?;
    let flags =
        libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW;
    // SAFETY: `dir` is a directory open for the duration of the call, `c` a valid
    // NUL-terminated string; a non-negative result is a new descriptor we own.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), c.as_ptr(), flags) };
    if fd < 0 {
        // the careful path words the error (a link that took the file's place, say)
        return open_message_at(Some(dir), name, false);
    }
    // SAFETY: `fd` was just returned by openat and is owned by nobody else.
    Ok(unsafe { File::from_raw_fd(fd) })
}

/// Refuses what is not a regular file, saying what it is (the check of
/// [`open_message_at`], for a caller that has the metadata already).
pub fn require_regular(meta: &std::fs::Metadata) -> io::Result<()> {
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}, not a regular file: not read", file_kind(&kind)),
        ))
    }
}

/// What a file that is not a regular file is, in words.
fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Reads a whole message file, refusing anything but a regular file (see
/// [`open_message_at`]).
pub fn read_message(path: &Path, follow: bool) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut f = open_message_at(None, path, follow)?;
    let mut data = Vec::with_capacity(f.metadata().map_or(0, |m| m.len() as usize));
    f.read_to_end(&mut data)?;
    Ok(data)
}

/// What a message file is now, for the check before an action: its stamp (fstat of the
/// open file) and its header block (at most 1 MiB of it), from one open.
pub fn stamp_and_header(path: &Path) -> io::Result<(FileStamp, Vec<u8>)> {
    use std::io::Read;
    const MAX: usize = 1 << 20;
    let f = open_message_at(None, path, false)?;
    let stamp = FileStamp::of(&f.metadata()?);
    let mut head = Vec::with_capacity(8192);
    let mut f = f.take(MAX as u64);
    let mut chunk = [0u8; 8192];
    loop {
        let n = f.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
        if let Some(block) = crate::message::header_block(&head) {
            let len = block.len();
            head.truncate(len);
            break;
        }
    }
    Ok((stamp, head))
}

/// fsync a directory so that a rename in it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Creates `path` with `bytes` and permission `mode` (before the umask), written and
/// synced; never over an existing file or through a link (`O_EXCL`).
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// A token unique enough for boundaries and Message-IDs: time, pid and a counter.
pub fn unique_token() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{nanos:x}.{}.{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// The file name of a message path as text (see [`name_text`]).
pub fn file_name_text(p: &Path) -> String {
    p.file_name()
        .map(|n| name_text(n).into_owned())
        .unwrap_or_default()
}

/// The Maildir folder of a message path (`FOLDER/cur/file` → `FOLDER`).
pub fn folder_of(p: &Path) -> Option<PathBuf> {
    p.parent()?.parent().map(Path::to_path_buf)
}

/// Whether a message path is in `new/` or `cur/`.
pub fn sub_of(p: &Path) -> Option<Sub> {
    match p.parent()?.file_name()?.to_str()? {
        "new" => Some(Sub::New),
        "cur" => Some(Sub::Cur),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_tags_are_stripped() {
        assert_eq!(strip_sync_tags("1732.123_1.host,U=17"), "1732.123_1.host");
        assert_eq!(
            strip_sync_tags("1732.1.host,U=17,FMD5=0a1b2c"),
            "1732.1.host"
        );
        assert_eq!(
            strip_sync_tags("1732.1.host,FMD5=abc,S=1234"),
            "1732.1.host,S=1234"
        );
        assert_eq!(
            strip_sync_tags("1732.1.host,S=1234,U=9"),
            "1732.1.host,S=1234"
        );
        assert_eq!(strip_sync_tags("1732.1.host,U=x"), "1732.1.host,U=x");
        assert_eq!(strip_sync_tags("a,Ux=1"), "a,Ux=1");
        assert_eq!(strip_sync_tags("plain"), "plain");
    }

    #[test]
    fn names_in_other_folders_keep_flags_in_order() {
        let n = parse_name("1732.1.host,U=17:2,SR");
        assert_eq!(name_in_other_folder(&n, None), "1732.1.host:2,RS");
        assert_eq!(name_in_other_folder(&n, Some('P')), "1732.1.host:2,PRS");
        assert_eq!(
            name_in_other_folder(&parse_name("1732.2.host,U=18"), None),
            "1732.2.host"
        );
        assert_eq!(
            name_in_other_folder(&parse_name("1732.2.host,U=18"), Some('P')),
            "1732.2.host:2,P"
        );
        assert_eq!(
            name_in_other_folder(&parse_name("x:2,FS"), Some('S')),
            "x:2,FS"
        );
        assert_eq!(with_suffix("x:2,S", 2), "x.2:2,S");
        assert_eq!(with_suffix("x", 1), "x.1");
    }

    #[test]
    fn move_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["A/cur", "B/cur"] {
            std::fs::create_dir_all(dir.path().join(f)).unwrap();
        }
        std::fs::write(dir.path().join("A/cur/m:2,S"), "one").unwrap();
        std::fs::write(dir.path().join("B/cur/m:2,S"), "existing").unwrap();
        let to = move_file(
            &dir.path().join("A/cur/m:2,S"),
            &dir.path().join("B"),
            Sub::Cur,
            "m:2,S",
        )
        .unwrap();
        assert_eq!(to, dir.path().join("B/cur/m.1:2,S"));
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "one");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("B/cur/m:2,S")).unwrap(),
            "existing"
        );
        assert!(!dir.path().join("A/cur/m:2,S").exists());
        let missing = move_file(
            &dir.path().join("B/cur/m:2,S"),
            &dir.path().join("C"),
            Sub::Cur,
            "m",
        );
        assert!(missing.unwrap_err().to_string().contains("does not exist"));
    }

    #[test]
    fn names_split_into_unique_and_flags() {
        let n = parse_name("1732605000.123_1.host,U=17:2,RS");
        assert_eq!(n.unique, "1732605000.123_1.host,U=17");
        assert_eq!(n.flags.as_deref(), Some("RS"));
        let n = parse_name("1732605000.123_2.host,U=18");
        assert_eq!(n.flags, None);
        assert_eq!(parse_name("x;2,S").flags.as_deref(), Some("S"));
        assert_eq!(parse_name("x:2,").flags.as_deref(), Some(""));
        assert!(is_trashed(Some("ST")));
        assert!(!is_trashed(Some("FRS")));
        assert!(!is_trashed(None));
    }

    #[test]
    fn folder_paths_per_layout() {
        let root = Path::new("/m");
        assert_eq!(
            folder_path(root, Layout::Verbatim, "Altinn", "INBOX"),
            Path::new("/m/Altinn")
        );
        assert_eq!(
            folder_path(root, Layout::MaildirPlusPlus, "INBOX", "INBOX"),
            Path::new("/m")
        );
        assert_eq!(
            folder_path(root, Layout::MaildirPlusPlus, "Altinn", "INBOX"),
            Path::new("/m/.Altinn")
        );
        assert_eq!(
            folder_path(root, Layout::MaildirPlusPlus, "Arkiv/Altinn", "INBOX"),
            Path::new("/m/.Arkiv.Altinn")
        );
    }

    #[test]
    fn names_that_are_not_utf8_round_trip_through_text() {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        for bytes in [
            &b"1732.1.caf\xe9,U=17:2,S"[..],
            b"\xff\xfe",
            b"caf\xc3\xa9 \xc3",
            b"plain:2,S",
            "bl\u{e5}b\u{e6}r".as_bytes(),
        ] {
            let text = name_text(OsStr::from_bytes(bytes));
            assert_eq!(name_os(&text).into_owned().into_vec(), bytes, "{text:?}");
        }
        assert_eq!(name_text(OsStr::new("plain:2,S")), "plain:2,S");
        let text = name_text(OsStr::from_bytes(b"1732.1.caf\xe9,U=17:2,S"));
        assert_eq!(text, "1732.1.caf\0\u{e9},U=17:2,S");
        let n = parse_name(&text);
        assert_eq!(
            name_in_other_folder(&n, Some('P')),
            "1732.1.caf\0\u{e9}:2,PS"
        );
        assert_eq!(
            name_os("a\0b").into_owned().into_vec(),
            b"a\0b",
            "a NUL not written by name_text stays, to fail at the system call"
        );
        let p = Path::new(OsStr::from_bytes(b"/m/INBOX/cur/x\x80y"));
        assert_eq!(text_path(&path_text(p)), p);
    }

    #[test]
    fn listing_keeps_names_that_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let raw = OsStr::from_bytes(b"1732.1.caf\xe9,U=3:2,S");
        std::fs::write(dir.path().join("cur").join(raw), "Subject: x\n\n").unwrap();
        let listed = list(dir.path()).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].path, dir.path().join("cur").join(raw));
        assert_eq!(listed[0].name.unique, "1732.1.caf\0\u{e9},U=3");
        let other = tempfile::tempdir().unwrap();
        std::fs::create_dir(other.path().join("cur")).unwrap();
        let to = move_file(
            &listed[0].path,
            other.path(),
            Sub::Cur,
            &name_in_other_folder(&listed[0].name, None),
        )
        .unwrap();
        assert_eq!(
            to,
            other
                .path()
                .join("cur")
                .join(OsStr::from_bytes(b"1732.1.caf\xe9:2,S"))
        );
    }

    #[test]
    fn listing_skips_tmp_dotfiles_and_trashed() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        for f in ["cur/a:2,S", "cur/b:2,ST", "cur/.hidden", "new/c", "tmp/d"] {
            std::fs::write(dir.path().join(f), "Subject: x\n\n").unwrap();
        }
        let mut names: Vec<_> = list(dir.path())
            .unwrap()
            .into_iter()
            .map(|m| m.name.unique)
            .collect();
        names.sort();
        assert_eq!(names, ["a", "c"]);
        assert!(list(&dir.path().join("nope")).is_err());
    }
}
