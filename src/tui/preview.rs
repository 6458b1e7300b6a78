//! STAND-IN executor until `actions` and `journal` land: real Maildir moves (rename(2),
//! keeping `new/` vs `cur/` and the flags, dropping sync tools' `,U=` / `,FMD5=` tags),
//! forwards written to an `Outbox` folder (never sent), and a journal kept in memory only.
//! The screen says so (see `i18n::preview_notice`); replace it with the real executor.

use super::app::Executor;
use crate::config::{Action, AfterForward, Config, validate_address};
use crate::i18n::Lang;
use crate::maildir::{Folders, folder_path, parse_name};
use crate::scan::Item;
use crate::text::inert;
use base64::Engine;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What one successful action changed, for undo.
#[derive(Debug, Clone)]
struct Done {
    action: Action,
    subject: String,
    /// The message file: where it was, where it is now.
    moved: Option<(PathBuf, PathBuf)>,
}

/// The stand-in executor (see the module doc).
#[derive(Debug)]
pub struct PreviewExecutor {
    root: PathBuf,
    folders: Folders,
    outbox: PathBuf,
    /// Where a forwarded original goes (with the P flag).
    after_forward: PathBuf,
    lang: Lang,
    clerk: String,
    from: String,
    subject_prefix: String,
    body: String,
    journal: Vec<String>,
    undo: Vec<Done>,
    daily_check: bool,
}

impl PreviewExecutor {
    pub fn new(config: &Config, lang: Lang, clerk: &str) -> PreviewExecutor {
        let root = config.mail_root();
        let folders = Folders::new(&root, &config.mail);
        PreviewExecutor {
            after_forward: match config.forward.after_forward {
                AfterForward::Trash => folders.trash.clone(),
                AfterForward::Archive => folders.archive.clone(),
            },
            folders,
            outbox: folder_path(
                &root,
                config.mail.layout,
                &config.forward.outbox,
                &config.mail.inbox,
            ),
            root,
            lang,
            clerk: clerk.to_string(),
            from: config.forward.from.clone(),
            subject_prefix: config.forward.subject_prefix.clone(),
            body: config.forward.body.clone(),
            journal: Vec::new(),
            undo: Vec::new(),
            daily_check: false,
        }
    }

    /// The Outbox folder forwards are written to.
    pub fn outbox(&self) -> &Path {
        &self.outbox
    }

    fn l<'a>(&self, nb: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(nb, en)
    }

    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .display()
            .to_string()
    }

    fn log(&mut self, text: String) {
        let time = chrono::Local::now().format("%H:%M:%S");
        self.journal
            .push(format!("{time}  {}  {}", inert(&self.clerk, true), text));
    }

    /// The message's current path: as scanned, or found again by its unique name after a
    /// sync tool renamed it (flag change) or moved it between `new/` and `cur/`.
    fn locate(&self, item: &Item) -> Option<PathBuf> {
        if item.file.path.is_file() {
            return Some(item.file.path.clone());
        }
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.folders.inbox.join(sub)) else {
                continue;
            };
            for e in entries.flatten() {
                if let Some(name) = e.file_name().to_str()
                    && !name.starts_with('.')
                    && parse_name(name).unique == item.file.name.unique
                {
                    return Some(e.path());
                }
            }
        }
        None
    }

    /// Moves `from` into `folder` (same `new/`/`cur/`), never overwriting.
    fn move_into(&self, from: &Path, folder: &Path, add_flag: Option<char>) -> io::Result<PathBuf> {
        let name = from
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| io::Error::other("not a message file name"))?;
        let sub = from
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .filter(|s| *s == "new" || *s == "cur")
            .unwrap_or("cur");
        let dir = folder.join(sub);
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "{} {}",
                    self.l("mappen finnes ikke:", "the folder does not exist:"),
                    dir.display()
                ),
            ));
        }
        let target = moved_name(name, add_flag);
        let mut path = dir.join(&target);
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = dir.join(moved_name_with_suffix(&target, n));
        }
        std::fs::rename(from, &path)?;
        Ok(path)
    }

    fn write_forward(&self, original: &Path, item: &Item, to: &str) -> io::Result<PathBuf> {
        let raw = std::fs::read(original)?;
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(self.outbox.join(sub))?;
        }
        let now = chrono::Local::now();
        let token = format!(
            "{}.{}_{}.altinn-sweep",
            now.timestamp(),
            std::process::id(),
            now.timestamp_subsec_nanos()
        );
        let subject = format!(
            "{}{}",
            self.subject_prefix,
            item.analysis.mail.subject.as_deref().unwrap_or("")
        )
        .replace(['\r', '\n'], " ");
        let boundary = format!("=_altinn-sweep_{token}");
        let mut msg = Vec::new();
        let _ = write!(
            msg,
            "From: {}\r\nTo: {to}\r\nDate: {}\r\nMessage-ID: <{token}@localhost>\r\n",
            self.from,
            now.to_rfc2822()
        );
        if let Some(id) = &item.analysis.mail.message_id {
            let id = id.trim_matches(['<', '>']).replace(['\r', '\n'], "");
            let _ = write!(msg, "References: <{id}>\r\n");
        }
        let _ = write!(
            msg,
            "Subject: {}\r\nMIME-Version: 1.0\r\nX-Altinn-Sweep: preview, written to Outbox, not sent\r\n\
             Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n\
             --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n",
            encode_header(&subject),
            self.body.trim_end().replace('\n', "\r\n"),
        );
        msg.extend_from_slice(&raw);
        let _ = write!(msg, "\r\n--{boundary}--\r\n");
        let tmp = self.outbox.join("tmp").join(&token);
        let mut f = std::fs::File::create_new(&tmp)?;
        f.write_all(&msg)?;
        f.sync_all()?;
        let dest = self.outbox.join("new").join(&token);
        std::fs::rename(&tmp, &dest)?;
        Ok(dest)
    }

    fn perform_inner(&mut self, item: &Item, action: &Action) -> Result<(String, Done), String> {
        let subject = inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true);
        let done = |moved| Done {
            action: action.clone(),
            subject: subject.clone(),
            moved,
        };
        if matches!(action, Action::Skip) {
            return Ok((String::new(), done(None)));
        }
        let Some(from) = self.locate(item) else {
            return Err(self
                .l(
                    "allerede behandlet et annet sted (finnes ikke lenger i innboksen); ingenting endret",
                    "already handled elsewhere (no longer in the inbox); nothing changed",
                )
                .into());
        };
        match action {
            Action::Archive => {
                let to = self
                    .move_into(&from, &self.folders.archive, None)
                    .map_err(|e| e.to_string())?;
                Ok((String::new(), done(Some((from, to)))))
            }
            Action::Delete => {
                let to = self
                    .move_into(&from, &self.folders.trash, None)
                    .map_err(|e| e.to_string())?;
                Ok((String::new(), done(Some((from, to)))))
            }
            Action::Forward(addr) => {
                validate_address(addr)?;
                let written = self.write_forward(&from, item, addr).map_err(|e| {
                    format!(
                        "{}: {e}",
                        self.l("kunne ikke skrive til Outbox", "cannot write to Outbox")
                    )
                })?;
                let to = self
                    .move_into(&from, &self.after_forward, Some('P'))
                    .map_err(|e| {
                        format!(
                            "{} ({}): {e}",
                            self.l(
                                "videresendingen ligger i Outbox, men originalen kunne ikke flyttes",
                                "the forward is in Outbox, but the original could not be moved"
                            ),
                            self.rel(&written)
                        )
                    })?;
                let note = self
                    .l(
                        "skrevet til Outbox, ikke sendt",
                        "written to Outbox, not sent",
                    )
                    .to_string();
                Ok((note, done(Some((from, to)))))
            }
            Action::Skip => unreachable!("handled above"),
        }
    }
}

/// The action's name as the journal shows it.
fn journal_action(a: &Action) -> String {
    match a {
        Action::Forward(to) => format!("forward → {to}"),
        other => other.name().to_string(),
    }
}

impl Executor for PreviewExecutor {
    fn perform(&mut self, item: &Item, action: &Action) -> Result<String, String> {
        let rule = inert(&item.analysis.suggestion.rule, true);
        let suggested = item.analysis.suggestion.action.name();
        let subject = inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true);
        match self.perform_inner(item, action) {
            Ok((note, done)) => {
                let path = match &done.moved {
                    Some((from, to)) => format!("  {} → {}", self.rel(from), self.rel(to)),
                    None => String::new(),
                };
                self.log(format!(
                    "{}  ({} {suggested}, {rule})  «{subject}»{path}  ok",
                    journal_action(action),
                    self.l("forslag", "suggested"),
                ));
                self.undo.push(done);
                Ok(note)
            }
            Err(e) => {
                self.log(format!(
                    "{}  ({} {suggested}, {rule})  «{subject}»  {}: {}",
                    journal_action(action),
                    self.l("forslag", "suggested"),
                    self.l("FEIL", "ERROR"),
                    inert(&e, true)
                ));
                Err(e)
            }
        }
    }

    fn undo_last(&mut self) -> Result<String, String> {
        let Some(done) = self.undo.pop() else {
            return Err(self.l("ingenting å angre", "nothing to undo").into());
        };
        let result = match &done.moved {
            None => Ok(()),
            Some((from, to)) if from.exists() => Err(format!(
                "{} {}",
                self.l("det ligger allerede en fil på", "a file already exists at"),
                self.rel(from)
            )),
            Some((from, to)) => std::fs::rename(to, from).map_err(|e| {
                format!(
                    "{} {}: {e}",
                    self.l("kunne ikke flytte tilbake", "cannot move back"),
                    self.rel(to)
                )
            }),
        };
        match result {
            Ok(()) => {
                self.log(format!(
                    "undo {}  «{}»  ok",
                    journal_action(&done.action),
                    done.subject
                ));
                let what = match (&done.action, self.lang) {
                    (Action::Forward(to), Lang::Nb) => format!(
                        "Angret videresending til {to}: originalen er tilbake i innboksen (videresendingen ligger fortsatt i Outbox)"
                    ),
                    (Action::Forward(to), Lang::En) => format!(
                        "Undid the forward to {to}: the original is back in the inbox (the forward is still in Outbox)"
                    ),
                    (Action::Skip, Lang::Nb) => "Angret: varselet er tilbake i køen".to_string(),
                    (Action::Skip, Lang::En) => {
                        "Undone: the notification is back in the queue".to_string()
                    }
                    (_, Lang::Nb) => "Angret: varselet er tilbake i innboksen".to_string(),
                    (_, Lang::En) => "Undone: the notification is back in the inbox".to_string(),
                };
                Ok(format!("{what}: «{}»", done.subject))
            }
            Err(e) => {
                self.undo.push(done);
                Err(e)
            }
        }
    }

    fn register_daily_check(&mut self) -> Result<String, String> {
        self.daily_check = true;
        self.log(
            self.l("Altinn-innboksen sjekket", "Altinn inbox checked")
                .to_string(),
        );
        Ok(chrono::Local::now().format("%H:%M").to_string())
    }

    fn daily_check_done_today(&self) -> bool {
        self.daily_check
    }

    fn journal_today(&self) -> Vec<String> {
        self.journal.clone()
    }
}

/// The file name a message gets in another folder: the unique part without sync tools'
/// `,U=<uid>` and `,FMD5=<hash>`, the same info separator, and the flags (plus `add`) in
/// ASCII order.
pub fn moved_name(file_name: &str, add: Option<char>) -> String {
    let n = parse_name(file_name);
    let unique = strip_sync_tags(&n.unique);
    let sep = file_name
        .get(n.unique.len()..n.unique.len() + 3)
        .filter(|s| s.ends_with("2,"))
        .unwrap_or(":2,");
    let mut flags: Vec<char> = n.flags.as_deref().unwrap_or("").chars().collect();
    if let Some(f) = add
        && !flags.contains(&f)
    {
        flags.push(f);
    }
    flags.sort_unstable();
    flags.dedup();
    if n.flags.is_none() && flags.is_empty() {
        unique
    } else {
        format!("{unique}{sep}{}", flags.into_iter().collect::<String>())
    }
}

fn moved_name_with_suffix(name: &str, n: usize) -> String {
    let p = parse_name(name);
    let rest = &name[p.unique.len()..];
    format!("{}-{n}{rest}", p.unique)
}

/// Removes `,U=<digits>` (mbsync) and `,FMD5=<hex>` (offlineimap) from a unique name.
pub fn strip_sync_tags(unique: &str) -> String {
    let mut out = String::with_capacity(unique.len());
    let mut parts = unique.split(',');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        let tag = part
            .strip_prefix("U=")
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            || part
                .strip_prefix("FMD5=")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()));
        if !tag {
            out.push(',');
            out.push_str(part);
        }
    }
    out
}

/// An RFC 2047 encoded word when the text is not plain ASCII.
fn encode_header(s: &str) -> String {
    if s.is_ascii() {
        s.to_string()
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(s)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_names_drop_sync_tags_and_keep_flags() {
        assert_eq!(
            moved_name("1794812539.40272_1.mailhost,U=1201:2,S", None),
            "1794812539.40272_1.mailhost:2,S"
        );
        assert_eq!(
            moved_name("1795416315.40391_1.mailhost,U=1217", None),
            "1795416315.40391_1.mailhost"
        );
        assert_eq!(moved_name("x,U=7:2,RS", Some('P')), "x:2,PRS");
        assert_eq!(moved_name("x,U=7", Some('P')), "x:2,P");
        assert_eq!(moved_name("x,FMD5=abc12f;2,S", None), "x;2,S");
        assert_eq!(strip_sync_tags("a,U=12,b,FMD5=zz"), "a,b,FMD5=zz");
        assert_eq!(moved_name_with_suffix("x:2,S", 2), "x-2:2,S");
    }
}
