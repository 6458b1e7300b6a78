//! Carrying out what the clerk decided: archive, delete (to Trash), forward, skip, and
//! undo. An action is first a [`Plan`] (shown by `apply` without `--yes`, the TUI and
//! tests); [`Actor::perform`] carries it out and journals the result. Mail is only ever
//! moved, never unlinked.

use crate::config::{Action, AfterForward, Config};
use crate::journal::{self, Entry, Journal};
use crate::maildir::{self, Folders, MailFile, MailName, Sub};
use crate::scan::Item;
use crate::transport::{self, Delivery, Forward};
use std::fs::File;
use std::path::{Path, PathBuf};

/// One action worked out before anything is touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub action: Action,
    pub suggested: Action,
    pub rule: String,
    /// The file as listed by the scan.
    pub source: PathBuf,
    pub sub: Sub,
    pub name: MailName,
    /// The folder the message goes to (none for skip).
    pub target_folder: Option<PathBuf>,
    /// Its file name there (before any suffix needed to avoid a clash).
    pub target_name: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub recipient_org: Option<String>,
}

/// Works out where `item` goes for `action`.
pub fn plan(item: &Item, action: Action, folders: &Folders, config: &Config) -> Plan {
    let (target_folder, flag) = match &action {
        Action::Archive => (Some(folders.archive.clone()), None),
        Action::Delete => (Some(folders.trash.clone()), None),
        Action::Forward(_) => (
            Some(match config.forward.after_forward {
                AfterForward::Trash => folders.trash.clone(),
                AfterForward::Archive => folders.archive.clone(),
            }),
            Some('P'),
        ),
        Action::Skip => (None, None),
    };
    let a = &item.analysis;
    Plan {
        target_name: target_folder
            .as_ref()
            .map(|_| maildir::name_in_other_folder(&item.file.name, flag)),
        target_folder,
        action,
        suggested: a.suggestion.action.clone(),
        rule: a.suggestion.rule.clone(),
        source: item.file.path.clone(),
        sub: item.file.sub,
        name: item.file.name.clone(),
        message_id: a.mail.message_id.clone(),
        subject: a.mail.subject.clone(),
        recipient_org: a.extracted.recipient_org.map(|o| o.digits()),
    }
}

/// What happened to one planned action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done (or failed) and journaled: see `entry.result`.
    Journaled(Box<Entry>),
    /// The message is no longer in the inbox: someone else handled it. Nothing changed.
    Gone,
}

/// Performs actions on one mailbox and journals them.
pub struct Actor<'c> {
    pub config: &'c Config,
    pub folders: Folders,
    pub outbox: PathBuf,
    pub journal: Journal,
    pub user: String,
}

/// Holds the lock that keeps two altinn-sweep processes from acting at once.
pub struct LockGuard(#[allow(dead_code)] File);

impl<'c> Actor<'c> {
    pub fn new(config: &'c Config, data_dir: &Path) -> Actor<'c> {
        let root = config.mail_root();
        Actor {
            folders: Folders::new(&root, &config.mail),
            outbox: maildir::folder_path(
                &root,
                config.mail.layout,
                &config.forward.outbox,
                &config.mail.inbox,
            ),
            journal: Journal::in_dir(data_dir),
            user: journal::current_user(),
            config,
        }
    }

    /// Takes the mailbox lock (waits while another process holds it). Two processes may
    /// scan at once, but only one acts at a time, so no message is forwarded twice.
    pub fn lock(&self) -> std::io::Result<LockGuard> {
        let f = self.lock_file()?;
        f.lock()?;
        Ok(LockGuard(f))
    }

    /// [`Actor::lock`], but gives up after `patience` with a `WouldBlock` error instead of
    /// waiting for as long as another process acts (the TUI must not freeze while an
    /// `apply --yes` runs).
    pub fn lock_within(&self, patience: std::time::Duration) -> std::io::Result<LockGuard> {
        let f = self.lock_file()?;
        let start = std::time::Instant::now();
        loop {
            match f.try_lock() {
                Ok(()) => return Ok(LockGuard(f)),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < patience => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        "another altinn-sweep process is acting on this mailbox (for example \
                         `apply --yes`); try again when it is done",
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    fn lock_file(&self) -> std::io::Result<File> {
        let dir = self.journal.path.parent().unwrap_or(Path::new("."));
        if !dir.is_dir() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        use std::os::unix::fs::OpenOptionsExt;
        File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(dir.join("act.lock"))
    }

    /// Finds the message again: at its listed path, else by its unique name (a sync may
    /// have changed its flags).
    fn locate(&self, plan: &Plan) -> Result<Option<MailFile>, String> {
        if plan.source.is_file() {
            return Ok(Some(MailFile {
                path: plan.source.clone(),
                sub: plan.sub,
                name: plan.name.clone(),
            }));
        }
        maildir::find_by_unique(&self.folders.inbox, &plan.name.unique)
            .map_err(|e| format!("cannot read the inbox: {e}"))
    }

    fn entry(&self, plan: &Plan, from: &Path) -> Entry {
        Entry {
            entry: journal::new_entry_id(),
            ts: journal::now(),
            user: self.user.clone(),
            action: plan.action.name().into(),
            suggested: Some(plan.suggested.name().into()),
            rule: Some(plan.rule.clone()),
            id: Some(plan.name.unique.clone()),
            message_id: plan.message_id.clone(),
            subject: plan.subject.clone(),
            recipient_org: plan.recipient_org.clone(),
            from_path: Some(maildir::path_text(from)),
            forward_to: plan.action.forward_to().map(str::to_string),
            result: "ok".into(),
            ..Default::default()
        }
    }

    /// Carries out a plan and journals the result. The caller should hold [`Actor::lock`].
    ///
    /// A sync tool may rename the message (a flag change) at any moment: whenever the file
    /// is not where it was, it is looked up again by its unique name, a few times. Once a
    /// forward has been sent, the outcome is always journaled, also when the original has
    /// meanwhile been moved away by someone else, so that it is never sent twice.
    ///
    /// `Err` means the journal could not be written (the text says whether the action
    /// itself happened): the caller should stop acting until that is fixed.
    pub fn perform(&self, plan: &Plan) -> Result<Outcome, String> {
        let Some(mut file) = self.locate(plan)? else {
            return Ok(Outcome::Gone);
        };
        let mut entry = self.entry(plan, &file.path);
        if let Action::Forward(to) = &plan.action {
            match self.send_forward(plan, &mut file, to) {
                Ok(Some(delivery)) => {
                    entry.from_path = Some(maildir::path_text(&file.path));
                    entry.transport = Some(delivery.transport().into());
                    if let Delivery::WrittenToOutbox(p) = &delivery {
                        entry.note = Some(format!("written to Outbox ({}), not sent", p.display()));
                    }
                }
                Ok(None) => return Ok(Outcome::Gone), // vanished before anything was sent
                Err(e) => {
                    entry.result = "error".into();
                    entry.error = Some(e);
                    return self.journaled(entry);
                }
            }
        }
        let (Some(folder), Some(_)) = (&plan.target_folder, &plan.target_name) else {
            return self.journaled(entry); // skip: the message stays where it is
        };
        let flag = matches!(plan.action, Action::Forward(_)).then_some('P');
        for _ in 0..RELOCATE_ATTEMPTS {
            let name = maildir::name_in_other_folder(&file.name, flag);
            match maildir::move_file(&file.path, folder, file.sub, &name) {
                Ok(to) => {
                    entry.from_path = Some(maildir::path_text(&file.path));
                    entry.to_path = Some(maildir::path_text(&to));
                    return self.journaled(entry);
                }
                // rename(2) says ENOENT only for a missing source here (a missing target
                // folder is reported otherwise): a sync renamed it, so look again.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => match self.locate(plan)? {
                    Some(again) => file = again,
                    None if entry.transport.is_some() => {
                        entry.note = Some(join_notes(
                            entry.note.take(),
                            "forwarded, but meanwhile another program moved the original \
                                 out of the inbox: it was not moved by altinn-sweep",
                        ));
                        return self.journaled(entry);
                    }
                    None => return Ok(Outcome::Gone),
                },
                Err(e) => {
                    entry.result = "error".into();
                    entry.error = Some(match entry.transport {
                        Some(_) => format!(
                            "forwarded to {}, but the original could not be moved: {e}",
                            plan.action.forward_to().unwrap_or("?")
                        ),
                        None => e.to_string(),
                    });
                    return self.journaled(entry);
                }
            }
        }
        entry.result = "error".into();
        entry.error = Some(format!(
            "another program kept renaming the message ({RELOCATE_ATTEMPTS} attempts); try again"
        ));
        self.journaled(entry)
    }

    /// Appends `entry` and reports it.
    fn journaled(&self, entry: Entry) -> Result<Outcome, String> {
        self.journal
            .append(&entry)
            .map_err(|e| journal_failure(&self.journal, &entry, &e))?;
        Ok(Outcome::Journaled(Box::new(entry)))
    }

    /// Reads the original (looking it up again if a sync renamed it) and sends the
    /// forward. `Ok(None)`: the message left the inbox before anything was sent.
    fn send_forward(
        &self,
        plan: &Plan,
        file: &mut MailFile,
        to: &str,
    ) -> Result<Option<Delivery>, String> {
        for _ in 0..RELOCATE_ATTEMPTS {
            match maildir::read_message(&file.path, false) {
                Ok(original) => return self.forward(&original, to).map(Some),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => match self.locate(plan)? {
                    Some(again) => *file = again,
                    None => return Ok(None),
                },
                Err(e) => return Err(format!("{}: cannot read: {e}", file.path.display())),
            }
        }
        Err(format!(
            "another program kept renaming the message ({RELOCATE_ATTEMPTS} attempts); nothing was sent"
        ))
    }

    fn forward(&self, original: &[u8], to: &str) -> Result<Delivery, String> {
        crate::config::validate_address(to)?;
        let parsed = crate::message::parse(original);
        let subject = parsed
            .as_ref()
            .and_then(|m| m.subject.clone())
            .unwrap_or_default();
        let message_id = parsed.as_ref().and_then(|m| m.message_id.clone());
        let cfg = &self.config.forward;
        let domain = cfg.from.rsplit_once('@').map_or("localhost", |(_, d)| d);
        let built = transport::build(
            &Forward {
                from: &cfg.from,
                to,
                original,
                original_subject: &subject,
                original_message_id: message_id.as_deref(),
                subject_prefix: &cfg.subject_prefix,
                body: &cfg.body,
            },
            &chrono::Local::now().to_rfc2822(),
            &format!("<{}@{domain}>", transport::unique_token()),
        );
        transport::deliver(cfg, &self.outbox, &cfg.from, to, &built)
    }

    /// Reverses a journaled archive, delete or forward: the message goes back to the folder
    /// it came from (under a name without sync tags, without the P flag a forward added).
    pub fn undo(&self, target: &Entry, all: &[Entry]) -> Result<Entry, String> {
        if !target.ok() || !matches!(target.action.as_str(), "archive" | "delete" | "forward") {
            return Err(format!(
                "entry {} is not an action that can be undone",
                target.entry
            ));
        }
        if all
            .iter()
            .any(|e| e.ok() && e.undoes.as_deref() == Some(&target.entry))
        {
            return Err(format!("entry {} has already been undone", target.entry));
        }
        let (Some(from), Some(to)) = (&target.from_path, &target.to_path) else {
            return Err(format!(
                "entry {} does not say where the message went",
                target.entry
            ));
        };
        let (from, to) = (maildir::text_path(from), maildir::text_path(to));
        let (Some(orig_folder), Some(orig_sub)) = (folder_of(&from), sub_of(&from)) else {
            return Err(format!(
                "{}: not a path inside a Maildir folder",
                from.display()
            ));
        };
        let Some(now_folder) = folder_of(&to) else {
            return Err(format!(
                "{}: not a path inside a Maildir folder",
                to.display()
            ));
        };
        let moved_name = maildir::parse_name(&file_name(&to));
        let current = if to.is_file() {
            Some(to.clone())
        } else {
            maildir::find_by_unique(&now_folder, &moved_name.unique)
                .map_err(|e| format!("cannot read {}: {e}", now_folder.display()))?
                .map(|m| m.path)
        };
        let Some(current) = current else {
            return Err(format!(
                "the message is no longer in {} (moved or expunged by someone else): nothing to undo",
                now_folder.display()
            ));
        };
        let mut name = maildir::parse_name(&file_name(&current));
        let orig_flags = maildir::parse_name(&file_name(&from)).flags;
        if target.action == "forward" && !orig_flags.as_deref().unwrap_or("").contains('P') {
            name.flags = name.flags.map(|f| f.replace('P', ""));
            if orig_flags.is_none() && name.flags.as_deref() == Some("") {
                name.flags = None;
            }
        }
        let back_name = maildir::name_in_other_folder(&name, None);
        let mut entry = Entry {
            entry: journal::new_entry_id(),
            ts: journal::now(),
            user: self.user.clone(),
            action: "undo".into(),
            suggested: None,
            rule: target.rule.clone(),
            id: target.id.clone(),
            message_id: target.message_id.clone(),
            subject: target.subject.clone(),
            recipient_org: target.recipient_org.clone(),
            from_path: Some(maildir::path_text(&current)),
            forward_to: target.forward_to.clone(),
            undoes: Some(target.entry.clone()),
            result: "ok".into(),
            ..Default::default()
        };
        match maildir::move_file(&current, &orig_folder, orig_sub, &back_name) {
            Ok(p) => entry.to_path = Some(maildir::path_text(&p)),
            Err(e) => {
                entry.result = "error".into();
                entry.error = Some(e.to_string());
            }
        }
        if target.action == "forward" && entry.ok() {
            entry.note = Some(match target.transport.as_deref() {
                Some("maildir") => "the forward was only written to Outbox, not sent".into(),
                _ => "the forward was sent and cannot be recalled".into(),
            });
        }
        self.journal
            .append(&entry)
            .map_err(|e| journal_failure(&self.journal, &entry, &e))?;
        Ok(entry)
    }

    /// Journals the daily check of the Altinn inbox (routine point 1).
    pub fn register_daily_check(&self) -> Result<Entry, String> {
        let entry = Entry {
            entry: journal::new_entry_id(),
            ts: journal::now(),
            user: self.user.clone(),
            action: "check".into(),
            subject: Some("Altinn-innboksen sjekket".into()),
            result: "ok".into(),
            ..Default::default()
        };
        self.journal
            .append(&entry)
            .map_err(|e| journal_failure(&self.journal, &entry, &e))?;
        Ok(entry)
    }
}

/// How often a message renamed under our feet is looked up again before giving up.
const RELOCATE_ATTEMPTS: usize = 8;

fn join_notes(a: Option<String>, b: &str) -> String {
    match a {
        Some(a) => format!("{a}; {b}"),
        None => b.to_string(),
    }
}

fn journal_failure(j: &Journal, entry: &Entry, e: &std::io::Error) -> String {
    let what = if entry.ok() { "was done" } else { "failed" };
    format!(
        "the {} of {} {what}, but the journal {} could not be written: {e}",
        entry.action,
        entry.id.as_deref().unwrap_or("?"),
        j.path.display()
    )
}

/// The file name of `p` as text (see [`maildir::name_text`]).
fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| maildir::name_text(n).into_owned())
        .unwrap_or_default()
}

/// The Maildir folder of a message path (`FOLDER/cur/file` → `FOLDER`).
fn folder_of(p: &Path) -> Option<PathBuf> {
    p.parent()?.parent().map(Path::to_path_buf)
}

fn sub_of(p: &Path) -> Option<Sub> {
    match p.parent()?.file_name()?.to_str()? {
        "new" => Some(Sub::New),
        "cur" => Some(Sub::Cur),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    #[test]
    fn a_second_actor_gives_up_on_a_held_lock_within_its_patience() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let first = Actor::new(&config, dir.path());
        let second = Actor::new(&config, dir.path());
        let held = first.lock().unwrap();
        let start = std::time::Instant::now();
        let err = second
            .lock_within(std::time::Duration::from_millis(100))
            .err()
            .expect("the lock is held");
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
        assert!(start.elapsed() >= std::time::Duration::from_millis(100));
        drop(held);
        assert!(
            second
                .lock_within(std::time::Duration::from_millis(100))
                .is_ok()
        );
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(dir.path().join("act.lock"))
                .unwrap()
                .permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
    }
}
