//! Helpers for the integration tests that run the binary (`scan_cli`, `actions_cli`,
//! `transports`, `faults`): two sandboxes whose environment never reaches the user's real
//! configuration ([`BareSandbox`] for reading mail as a user would, [`Sandbox`] for acting
//! on it, with its own mail root and `bin/` on PATH); configurations made from
//! `assets/config.default.toml`; generated notifications (from [`mailgen`], the one mail
//! generator of the tests, benchmarks, examples and demo); Maildir trees built on disk,
//! copied and read back; snapshots of file trees; TSV tables and JSON Lines; the journal;
//! the fake sendmail; and a small reader for forwarded mail.
#![allow(dead_code)] // each test crate uses its own part of this module

pub mod altinn;
pub mod followup;
pub mod mailgen;
pub mod openapi;
pub mod smtp;

pub use mailgen::simple::{Kind, notification};
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_altinn-sweep");
/// The clerk's From address in every test configuration.
pub const CLERK: &str = "dokumentsenteret@sandnes.kommune.no";
/// Payroll's address, replacing the default configuration's placeholder.
pub const PAYROLL: &str = "lonn@sandnes.kommune.no";
pub const USER: &str = "testclerk";

/// The crate's folder (where `assets/` and `tests/` are).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `assets/config.default.toml` as text.
pub fn default_config_text() -> String {
    std::fs::read_to_string(manifest_dir().join("assets/config.default.toml"))
        .expect("read assets/config.default.toml")
}

/// `cmd` with a cleared environment, run in `root`, with HOME and the XDG folders inside
/// `root` (`home`, `xdg-config`, `xdg-data`).
fn isolated<'a>(cmd: &'a mut Command, root: &Path) -> &'a mut Command {
    cmd.env_clear()
        .current_dir(root)
        .env("HOME", root.join("home"))
        .env("XDG_CONFIG_HOME", root.join("xdg-config"))
        .env("XDG_DATA_HOME", root.join("xdg-data"))
}

/// A temp dir with nothing in it but what a test puts there: HOME and the XDG folders
/// point inside it (not created) and no `--config` is given, so the binary finds its
/// configuration (or none) where a user's would; the locale is the caller's choice. For
/// the tests of reading mail: `scan`, `explain`, `init`, `config`.
pub struct BareSandbox {
    dir: tempfile::TempDir,
}

impl BareSandbox {
    pub fn new() -> BareSandbox {
        BareSandbox {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_home(&self) -> PathBuf {
        self.path().join("xdg-config")
    }

    /// The binary with a cleared environment: HOME and XDG folders inside the sandbox and
    /// the given locale as `LANG` (and as `LC_ALL` too when it is `C`; any other locale is
    /// decided by `LANG` alone).
    pub fn command(&self, locale: &str) -> Command {
        let mut cmd = Command::new(BIN);
        isolated(&mut cmd, self.path()).env("LANG", locale);
        if locale == "C" {
            cmd.env("LC_ALL", "C");
        }
        cmd
    }

    /// Runs the binary in English with `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command("C").args(args))
    }
}

/// A temp folder with HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, a mail root (`Mail`), a `bin/`
/// folder first on PATH and a `sent/` folder for the fake sendmail. Every run of the
/// binary happens in it with a cleared environment.
pub struct Sandbox {
    _dir: tempfile::TempDir,
    /// The sandbox folder, canonical (paths in the journal are compared with it).
    pub root: PathBuf,
}

/// What one run of the binary left behind.
#[derive(Debug)]
pub struct Run {
    /// `None` when the process was killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// stdout's bytes as received, before `stdout` replaced invalid UTF-8.
    pub raw_stdout: Vec<u8>,
}

/// Runs `cmd` to its end and collects what it left behind.
pub fn run(cmd: &mut Command) -> Run {
    Run::from_output(cmd.output().expect("the binary runs"))
}

impl Run {
    pub fn from_output(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            raw_stdout: out.stdout,
        }
    }

    /// Panics with both outputs unless the exit code is `code`.
    pub fn expect_code(&self, code: i32, what: &str) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "{what}: exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("altinn-sweep-test.")
            .tempdir()
            .expect("a temp dir");
        let root = dir.path().canonicalize().expect("canonical temp dir");
        for d in ["home", "xdg-config", "xdg-data", "bin", "sent", "Mail"] {
            std::fs::create_dir_all(root.join(d)).expect("create a sandbox folder");
        }
        Sandbox { _dir: dir, root }
    }

    pub fn mail(&self) -> PathBuf {
        self.root.join("Mail")
    }

    pub fn folder(&self, name: &str) -> PathBuf {
        self.mail().join(name)
    }

    /// `$XDG_DATA_HOME/altinn-sweep`: the journal and the lock file.
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("xdg-data/altinn-sweep")
    }

    pub fn journal_path(&self) -> PathBuf {
        self.data_dir().join("journal.jsonl")
    }

    pub fn config_path(&self) -> PathBuf {
        self.root.join("config.toml")
    }

    pub fn bin_dir(&self) -> PathBuf {
        self.root.join("bin")
    }

    pub fn sent_dir(&self) -> PathBuf {
        self.root.join("sent")
    }

    /// Holds the mail root's act lock (`.altinn-sweep.lock`, flock, and who) as another
    /// altinn-sweep would, until the file is dropped.
    pub fn hold_act_lock(&self) -> std::fs::File {
        let mut f = std::fs::File::options()
            .create(true)
            .truncate(true)
            .write(true)
            .open(self.mail().join(".altinn-sweep.lock"))
            .expect("open the mail root's lock file");
        f.lock().expect("take the lock");
        f.write_all(b"4242 otherclerk 2026-12-01 08:15:00\n")
            .expect("say who holds it");
        f
    }

    /// Creates Maildir folders (`cur`, `new`, `tmp`) under the mail root.
    pub fn make_folders(&self, names: &[&str]) {
        for n in names {
            make_maildir_folder(&self.folder(n));
        }
    }

    pub fn write_config(&self, config: &ConfigText) {
        std::fs::write(self.config_path(), &config.0).expect("write the configuration");
    }

    /// The binary with `--config` and a cleared environment: HOME and XDG folders in the
    /// sandbox, USER=testclerk, LANG=C, TZ=UTC, PATH = sandbox bin/ + the system's.
    pub fn command(&self, args: &[&str]) -> Command {
        self.wrapped(&[], args)
    }

    /// Like [`Sandbox::command`], but the binary is started by `wrapper` (e.g. `unshare
    /// ... sh -c SCRIPT`), which gets the binary's path and its arguments after its own.
    pub fn wrapped(&self, wrapper: &[&str], args: &[&str]) -> Command {
        let mut cmd = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut c = Command::new(program);
                c.args(rest).arg(BIN);
                c
            }
            None => Command::new(BIN),
        };
        isolated(&mut cmd, &self.root)
            .env("USER", USER)
            .env("LANG", "C")
            .env("LC_ALL", "C")
            .env("TZ", "UTC")
            .env(
                "PATH",
                format!("{}:/usr/local/bin:/usr/bin:/bin", self.bin_dir().display()),
            )
            .env("FAKE_SENDMAIL_DIR", self.sent_dir())
            .arg("--config")
            .arg(self.config_path())
            .args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(&mut self.command(args))
    }

    /// Installs `tests/support/fake_sendmail.sh` as `bin/sendmail` (found on PATH by the
    /// default `sendmail_command`).
    pub fn install_fake_sendmail(&self) -> PathBuf {
        let to = self.bin_dir().join("sendmail");
        std::fs::copy(manifest_dir().join("tests/support/fake_sendmail.sh"), &to)
            .expect("copy the fake sendmail");
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o755))
            .expect("make the fake sendmail executable");
        to
    }

    /// What the fake sendmail received, oldest first: complete messages only.
    pub fn sent(&self) -> Vec<Sent> {
        eml_files(&self.sent_dir())
            .into_iter()
            .map(|p| Sent {
                args: std::fs::read_to_string(p.with_extension("args"))
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_string)
                    .collect(),
                message: std::fs::read(&p).expect("read a sent message"),
            })
            .collect()
    }

    /// Entries of the journal file (and its damaged lines).
    pub fn journal(&self) -> JournalLines {
        read_journal(&self.journal_path())
    }
}

/// A sandbox with the fake sendmail, the default configuration and `corpus` in its inbox
/// (see [`write_inbox`]).
pub fn sandbox_with(corpus: &[Generated]) -> Sandbox {
    let sb = Sandbox::new();
    sb.install_fake_sendmail();
    sb.write_config(&ConfigText::for_sandbox(&sb));
    write_inbox(&sb, corpus);
    sb
}

/// The absolute path of `rel` under the sandbox's mail root, as text (as the plan and the
/// journal show it).
pub fn abs(sb: &Sandbox, rel: &Path) -> String {
    sb.mail().join(rel).display().to_string()
}

/// One message the fake sendmail received.
#[derive(Debug, Clone)]
pub struct Sent {
    pub args: Vec<String>,
    pub message: Vec<u8>,
}

/// Creates `folder/{cur,new,tmp}`.
pub fn make_maildir_folder(folder: &Path) {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(folder.join(sub)).expect("create a Maildir folder");
    }
}

/// Copies the tree `from` into `to` (created).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The default configuration as text, edited line by line.
#[derive(Debug, Clone)]
pub struct ConfigText(pub String);

impl ConfigText {
    /// `assets/config.default.toml` for a sandbox: its mail root, the clerk's From address,
    /// payroll's real-looking address instead of the placeholder; transport sendmail with
    /// the default command (the fake one on PATH once installed).
    pub fn for_sandbox(sb: &Sandbox) -> ConfigText {
        ConfigText(default_config_text())
            .set("root = ", &format!("root = {}", toml_path(&sb.mail())))
            .set("from = ", &format!("from = \"{CLERK}\""))
            .replace_text("lonn@example.invalid", PAYROLL)
    }

    /// Replaces the first line that starts with `prefix` (after indentation).
    pub fn set(self, prefix: &str, new_line: &str) -> ConfigText {
        let mut done = false;
        let lines: Vec<String> = self
            .0
            .lines()
            .map(|l| {
                if !done && l.trim_start().starts_with(prefix) {
                    done = true;
                    new_line.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        assert!(
            done,
            "the configuration has no line starting with {prefix:?}"
        );
        ConfigText(lines.join("\n") + "\n")
    }

    pub fn replace_text(self, old: &str, new: &str) -> ConfigText {
        assert!(self.0.contains(old), "the configuration has no {old:?}");
        ConfigText(self.0.replacen(old, new, 1))
    }

    pub fn transport(self, kind: &str) -> ConfigText {
        self.set("transport = ", &format!("transport = \"{kind}\""))
    }

    pub fn sendmail_command(self, argv: &[&str]) -> ConfigText {
        let list = argv
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(", ");
        self.set(
            "sendmail_command = ",
            &format!("sendmail_command = [{list}]"),
        )
    }

    /// Turns the commented-out `[forward.smtp]` of the default into a real section.
    pub fn smtp(self, host: &str, port: u16, more: &[&str]) -> ConfigText {
        let mut section = format!("[forward.smtp]\nhost = \"{host}\"\nport = {port}");
        for l in more {
            section.push('\n');
            section.push_str(l);
        }
        self.transport("smtp").set("# [forward.smtp]", &section)
    }
}

/// A TOML literal string holding a path.
pub fn toml_path(p: &Path) -> String {
    let s = p.to_str().expect("a UTF-8 path");
    assert!(!s.contains('\''), "{s}");
    format!("'{s}'")
}

/// One generated message and where it was put.
#[derive(Debug, Clone)]
pub struct Generated {
    pub kind: Kind,
    pub message_id: String,
    /// `new` or `cur`.
    pub sub: &'static str,
    /// The file name in the inbox (unique part with `,U=`, maybe `:2,FLAGS`).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Generated {
    /// Its unique name (the file name before `:2,`), with the sync tags.
    pub fn unique(&self) -> &str {
        self.file_name
            .split(":2,")
            .next()
            .unwrap_or(&self.file_name)
    }

    pub fn inbox_rel(&self) -> PathBuf {
        Path::new("INBOX").join(self.sub).join(&self.file_name)
    }

    /// Its path relative to the mail root after `apply --yes` (unchanged when skipped).
    pub fn target_rel(&self) -> PathBuf {
        match self.kind.target() {
            Some((folder, add)) => Path::new(folder)
                .join(self.sub)
                .join(name_in_other_folder(&self.file_name, add)),
            None => self.inbox_rel(),
        }
    }
}

/// `n` generated messages, kind chosen by `kind_of(i)`: every third in `new/` without an
/// info part, the others in `cur/` with `:2,S` (every seventh `:2,FS`).
pub fn generate(n: usize, kind_of: impl Fn(usize) -> Kind) -> Vec<Generated> {
    (1..=n)
        .map(|i| {
            let kind = kind_of(i);
            let unique = format!("1800000000.{i}_1.gen,U={i}");
            let (sub, file_name) = if i % 3 == 0 {
                ("new", unique)
            } else if i % 7 == 0 {
                ("cur", format!("{unique}:2,FS"))
            } else {
                ("cur", format!("{unique}:2,S"))
            };
            Generated {
                kind,
                message_id: format!("gen-{i}@altinn.no"),
                sub,
                file_name,
                bytes: notification(i, kind),
            }
        })
        .collect()
}

/// Writes generated messages into `INBOX` (and creates INBOX, Altinn and Trash).
pub fn write_inbox(sb: &Sandbox, messages: &[Generated]) {
    sb.make_folders(&["INBOX", "Altinn", "Trash"]);
    for m in messages {
        std::fs::write(sb.mail().join(m.inbox_rel()), &m.bytes).expect("write a message");
    }
}

/// After a failed send (`transports`, `hangs`): each forward case is still in the inbox,
/// unchanged, and has one `error` entry saying `why` with nothing moved; the other cases
/// were still done.
pub fn assert_forwards_failed(sb: &Sandbox, generated: &[Generated], why: &str) {
    let after = messages(&sb.mail());
    let journal = sb.journal();
    for m in generated {
        let want = if m.kind == Kind::Forward {
            m.inbox_rel()
        } else {
            m.target_rel()
        };
        assert!(
            after.get(&want) == Some(&m.bytes),
            "{:?} {} must be at {} (a failed forward stays in the inbox), unchanged",
            m.kind,
            m.file_name,
            want.display()
        );
        if m.kind == Kind::Forward {
            let es = journal.for_id(m.unique());
            assert_eq!(es.len(), 1, "{es:?}");
            let e = es[0];
            assert_eq!(e["result"], "error");
            assert_eq!(e["action"], "forward");
            assert_eq!(e["to_path"], serde_json::Value::Null, "nothing moved");
            let err = e["error"].as_str().unwrap_or("");
            assert!(err.contains(why), "journaled error {err:?} names {why:?}");
        }
    }
}

/// The name a message must get in another folder, by DESIGN.md's Maildir rules, written
/// out independently of the crate: `,U=<digits>` and `,FMD5=<hex>` removed from the unique
/// part; flags kept, `add` added, in ASCII order; no info part unless there was one or a
/// flag is added.
pub fn name_in_other_folder(file_name: &str, add: Option<char>) -> String {
    let (unique, flags) = match file_name.rsplit_once(":2,") {
        Some((u, f)) => (u, Some(f)),
        None => (file_name, None),
    };
    let kept: Vec<&str> = unique
        .split(',')
        .enumerate()
        .filter(|(i, part)| {
            *i == 0
                || !(part
                    .strip_prefix("U=")
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
                    || part
                        .strip_prefix("FMD5=")
                        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())))
        })
        .map(|(_, p)| p)
        .collect();
    let unique = kept.join(",");
    if flags.is_none() && add.is_none() {
        return unique;
    }
    let mut f: Vec<char> = flags.unwrap_or("").chars().chain(add).collect();
    f.sort_unstable();
    f.dedup();
    format!("{unique}:2,{}", f.into_iter().collect::<String>())
}

/// Every message file under the mail root (any folder's `cur/` and `new/`, no dot-files),
/// by path relative to the root, with its bytes.
pub fn messages(mail: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for folder in std::fs::read_dir(mail).expect("read the mail root") {
        let folder = folder.expect("an entry").path();
        if !folder.is_dir() {
            continue;
        }
        for sub in ["cur", "new"] {
            let Ok(entries) = std::fs::read_dir(folder.join(sub)) else {
                continue;
            };
            for e in entries {
                let p = e.expect("an entry").path();
                if p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                {
                    continue;
                }
                let bytes = std::fs::read(&p).expect("read a message");
                out.insert(
                    p.strip_prefix(mail).expect("under root").to_path_buf(),
                    bytes,
                );
            }
        }
    }
    out
}

/// Files left in any folder's `tmp/` (dot-files aside).
pub fn tmp_leftovers(mail: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in std::fs::read_dir(mail).expect("read the mail root") {
        let tmp = folder.expect("an entry").path().join("tmp");
        if let Ok(entries) = std::fs::read_dir(&tmp) {
            for e in entries {
                let p = e.expect("an entry").path();
                if !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// Every file and folder under `root` (relative path) with its content (`None` for a
/// folder) and mode: proof that a command changed not one byte, name or mode. Compare
/// with `==`: a failing `assert_eq!` would print every byte.
pub fn snapshot_exact(root: &Path) -> BTreeMap<PathBuf, (Option<Vec<u8>>, u32)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Option<Vec<u8>>, u32)>) {
        for entry in std::fs::read_dir(dir).expect("read a folder") {
            let path = entry.expect("a folder entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            let mode = meta.permissions().mode();
            if meta.is_dir() {
                out.insert(rel, (None, mode));
                walk(root, &path, out);
            } else {
                out.insert(rel, (Some(std::fs::read(&path).expect("read")), mode));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Every file and folder under `root` (relative path) with its size and a hash of its
/// content (`(0, 0)` for a folder), following symbolic links: proof that a command
/// changed no file, small enough for `assert_eq!` to show what differs in a large tree.
pub fn snapshot_hashed(root: &Path) -> BTreeMap<PathBuf, (u64, u64)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (u64, u64)>) {
        for entry in std::fs::read_dir(dir).expect("read a folder") {
            let path = entry.expect("a folder entry").path();
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            if path.is_dir() {
                out.insert(rel, (0, 0));
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).expect("read a file");
                let mut h = DefaultHasher::new();
                h.write(&bytes);
                out.insert(rel, (bytes.len() as u64, h.finish()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Rows of a TSV file with a header line, as column name → value.
pub fn read_tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("read the TSV");
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().expect("a header line").split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The journal read back: the entries of the lines that parse, and the lines that don't.
/// A forward's `sending` intent and `sent` fact are kept apart in `steps`, so that
/// `entries` has one entry per action.
#[derive(Debug, Default)]
pub struct JournalLines {
    pub entries: Vec<serde_json::Value>,
    pub steps: Vec<serde_json::Value>,
    pub bad: Vec<String>,
    /// Whether the file ends with a line break (or is empty/missing).
    pub ends_with_newline: bool,
}

impl JournalLines {
    /// Entries with result ok for an action that moved mail (archive, delete, forward).
    pub fn ok_actions(&self) -> Vec<&serde_json::Value> {
        self.entries
            .iter()
            .filter(|e| {
                e["result"] == "ok"
                    && matches!(e["action"].as_str(), Some("archive" | "delete" | "forward"))
            })
            .collect()
    }

    pub fn errors(&self) -> Vec<&serde_json::Value> {
        self.entries
            .iter()
            .filter(|e| e["result"] == "error")
            .collect()
    }

    pub fn for_id<'a>(&'a self, id: &str) -> Vec<&'a serde_json::Value> {
        self.entries.iter().filter(|e| e["id"] == id).collect()
    }
}

pub fn read_journal(path: &Path) -> JournalLines {
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return JournalLines {
                ends_with_newline: true,
                ..Default::default()
            };
        }
        Err(e) => panic!("read {}: {e}", path.display()),
    };
    let mut out = JournalLines {
        ends_with_newline: data.is_empty() || data.ends_with(b"\n"),
        ..Default::default()
    };
    for line in data.split(|&b| b == b'\n') {
        if line.is_empty() {
            continue;
        }
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(v) if v["action"] == "sending" || v["action"] == "sent" => out.steps.push(v),
            Ok(v) if v.is_object() => out.entries.push(v),
            _ => out.bad.push(String::from_utf8_lossy(line).into_owned()),
        }
    }
    out
}

/// Appends raw bytes to a file (e.g. a torn journal line).
pub fn append_raw(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open for append");
    f.write_all(bytes).expect("append");
}

/// JSON objects of JSON Lines output (`scan --json`, `journal --format json`).
pub fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect()
}

/// Listed notifications (`scan --json` items) by their unique name (`id`).
pub fn by_id(items: Vec<serde_json::Value>) -> HashMap<String, serde_json::Value> {
    items
        .into_iter()
        .map(|item| (item["id"].as_str().expect("an id").to_string(), item))
        .collect()
}

/// CRLF → LF: SMTP carries lines as CRLF, so a message that went through SMTP is compared
/// with its original after this on both sides.
pub fn crlf_to_lf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] == b'\r' && data.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(data[i]);
        i += 1;
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The value of a top-level header (first occurrence, continuation lines unfolded, raw:
/// encoded words are left as they are). Expects LF line ends.
pub fn header(msg: &[u8], name: &str) -> Option<String> {
    let end = find(msg, b"\n\n", 0).unwrap_or(msg.len());
    let head = String::from_utf8_lossy(&msg[..end]);
    let mut value: Option<String> = None;
    for line in head.lines() {
        if let Some(v) = value.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            break;
        }
        if let Some((n, v)) = line.split_once(':')
            && n.eq_ignore_ascii_case(name)
        {
            value = Some(v.trim().to_string());
        }
    }
    value
}

/// The raw bytes of the `message/rfc822` part of a forward, found by its MIME boundary. By
/// RFC 2046 the line break before a boundary line belongs to the boundary, so what is
/// returned is exactly what was attached. Expects LF line ends in the MIME framing.
pub fn attached_original(msg: &[u8]) -> Option<Vec<u8>> {
    let ct = header(msg, "Content-Type")?;
    let boundary = ct
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"')
        .to_string();
    let delimiter = format!("\n--{boundary}");
    let mut pos = find(msg, delimiter.as_bytes(), 0)?;
    loop {
        let start = pos + delimiter.len();
        if msg.get(start..start + 2) == Some(b"--") {
            return None; // the closing delimiter: no such part
        }
        let part_start = find(msg, b"\n", start)? + 1;
        let next = find(msg, delimiter.as_bytes(), part_start)?;
        let part = &msg[part_start..next];
        let head_end = find(part, b"\n\n", 0)?;
        let head = String::from_utf8_lossy(&part[..head_end]).to_ascii_lowercase();
        if head.contains("content-type: message/rfc822") {
            return Some(part[head_end + 2..].to_vec());
        }
        pos = next;
    }
}

/// Decoded Subject of a message (RFC 2047 words decoded, by mail-parser).
pub fn decoded_subject(msg: &[u8]) -> Option<String> {
    mail_parser::MessageParser::default()
        .parse(msg)
        .and_then(|m| m.subject().map(str::to_string))
}

/// A small deterministic random number generator (SplitMix64) for the fault tests: the
/// seed is printed, so a failing run can be repeated.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        mailgen::bulk::splitmix_next(&mut self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The seed for a fault test: `ALTINN_SWEEP_TEST_SEED` when set, else `default`.
pub fn seed(default: u64) -> u64 {
    std::env::var("ALTINN_SWEEP_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// True when the tests run as root (file permissions do not stop root).
pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The `.eml` files of a folder, in name order (the order they were written in).
pub fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    names.sort();
    names
}
