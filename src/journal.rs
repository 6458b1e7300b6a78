//! The append-only journal (`journal.jsonl`): one JSON object per line, one `write` per
//! entry with O_APPEND, fsynced before an action is reported done. Reading skips (and
//! reports) a torn or damaged line; nothing is ever rewritten.

use serde::{Deserialize, Serialize};
use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// One journal line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// This entry's own id (for `undo --entry`).
    pub entry: String,
    /// RFC 3339 with the local offset.
    pub ts: String,
    pub user: String,
    /// archive, delete, forward, skip, undo, check (daily Altinn-inbox check).
    pub action: String,
    /// What the rules suggested (the clerk may have overridden it).
    pub suggested: Option<String>,
    pub rule: Option<String>,
    /// The message's unique name (the maildir file name before `:2,`).
    pub id: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub recipient_org: Option<String>,
    pub from_path: Option<String>,
    pub to_path: Option<String>,
    pub forward_to: Option<String>,
    /// How a forward was delivered: sendmail, smtp, or maildir ("written to Outbox, not sent").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    /// For `undo`: the entry it reverses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    /// Something the clerk must know about a successful action (e.g. "written to Outbox,
    /// not sent", "the forward cannot be recalled").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `ok` or `error`.
    pub result: String,
    pub error: Option<String>,
}

impl Entry {
    pub fn ok(&self) -> bool {
        self.result == "ok"
    }
}

/// A line that could not be read back (e.g. torn by a crash mid-write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// The journal file.
#[derive(Debug, Clone)]
pub struct Journal {
    pub path: PathBuf,
}

impl Journal {
    /// The journal in a data directory (`$XDG_DATA_HOME/altinn-sweep`).
    pub fn in_dir(data_dir: &Path) -> Journal {
        Journal {
            path: data_dir.join("journal.jsonl"),
        }
    }

    /// Appends one entry: a single write of one line on an O_APPEND file (mode 0600, in a
    /// directory created 0700), then fsync. Concurrent writers never interleave lines.
    pub fn append(&self, entry: &Entry) -> io::Result<()> {
        if let Some(dir) = self.path.parent()
            && !dir.is_dir()
        {
            DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        }
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&self.path)?;
        // A torn last line from a crash must not swallow this entry: start on a new line.
        if ends_without_newline(&self.path)? {
            line.insert(0, b'\n');
        }
        f.write_all(&line)?;
        f.sync_all()
    }

    /// Reads every entry; damaged lines are skipped and reported, never fatal.
    pub fn read(&self) -> io::Result<(Vec<Entry>, Vec<BadLine>)> {
        let data = match std::fs::read(&self.path) {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
            Err(e) => return Err(e),
        };
        let mut entries = Vec::new();
        let mut bad = Vec::new();
        for (i, line) in data.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Entry>(line) {
                Ok(e) => entries.push(e),
                Err(e) => bad.push(BadLine {
                    line: i + 1,
                    problem: e.to_string(),
                }),
            }
        }
        Ok((entries, bad))
    }
}

fn ends_without_newline(path: &Path) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    f.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    f.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// The clerk's name: `$USER`, else `$LOGNAME`, else the login name of the uid, else the
/// numeric uid.
pub fn current_user() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(login_name)
}

fn login_name() -> String {
    // SAFETY: getuid cannot fail; getpwuid_r writes only into the buffers we pass and the
    // name pointer it returns points into `buf`, which outlives its use here.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
            let name = std::ffi::CStr::from_ptr(pwd.pw_name)
                .to_string_lossy()
                .into_owned();
            if !name.is_empty() {
                return name;
            }
        }
        format!("uid {uid}")
    }
}

/// Now, RFC 3339 with the local offset and milliseconds.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// A fresh entry id: time, process and a counter, unique across concurrent processes.
pub fn new_entry_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}-{}-{}",
        chrono::Local::now().format("%Y%m%dT%H%M%S%3f"),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn append_read_and_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(&dir.path().join("data/altinn-sweep"));
        let e = Entry {
            entry: new_entry_id(),
            ts: now(),
            user: "ola".into(),
            action: "archive".into(),
            result: "ok".into(),
            ..Default::default()
        };
        j.append(&e).unwrap();
        let mode = std::fs::metadata(&j.path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dmode = std::fs::metadata(j.path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dmode, 0o700);
        // a crash mid-write leaves a torn line
        let mut f = OpenOptions::new().append(true).open(&j.path).unwrap();
        f.write_all(b"{\"entry\":\"x\",\"ts\":\"20").unwrap();
        let e2 = Entry {
            action: "delete".into(),
            ..e.clone()
        };
        j.append(&e2).unwrap();
        let (entries, bad) = j.read().unwrap();
        assert_eq!(entries, vec![e, e2]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 2);
        let raw = std::fs::read_to_string(&j.path).unwrap();
        assert!(
            raw.contains("{\"entry\":\"x\",\"ts\":\"20\n"),
            "the torn line is kept as it was"
        );
    }
}
