//! Carrying out what the clerk decided: archive, delete (to Trash), forward, skip, and
//! undo. An action is first a [`Plan`] (shown by `apply` without `--yes`, the TUI and
//! tests); [`Actor::perform`] carries it out and journals the result. Mail is only ever
//! moved, never unlinked. The policy that the CLI and the TUI share lives here: which
//! notifications a batch acts on ([`select_batch`]), what is refused before anything is
//! done ([`Actor::refusal`]), that a forward is sent at most once (the journal's
//! `sending`/`sent` entries), and what can be undone ([`undoable`], [`undo_candidates`]).

/// The actions layer's errors live in `acting`, below `followup` (which acts through
/// the [`Acting`] seam this module implements for [`Actor`]).
pub use crate::acting::{ActError, Acting, Holder, LockError, NotUndoable, UndoError};

mod batch;
pub use batch::{BatchPlan, BatchProgress};

use crate::config::{Action, AfterForward, Config, is_placeholder_address};
use crate::journal::{self, Act, Entry, Failure, ForwardRecord, Journal, Note, Outcome};
use crate::maildir::{self, Folders, MailFile, MailName, Sub};
use crate::scan::Item;
use crate::transport::{self, Delivery, Forward};
use std::cell::RefCell;
use std::fs::File;
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// The file as the scan read it (size, modification time): an action on a file that
    /// is no longer this, or whose Message-ID differs, is refused. `None` only for an
    /// item that was not read from a file.
    pub stamp: Option<maildir::FileStamp>,
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
        stamp: a.mail.stamp,
        subject: a.mail.subject.clone(),
        recipient_org: a.extracted.recipient_org.map(|o| o.digits()),
    }
}

/// What happened to one planned action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Performed {
    /// Done, failed or refused, and journaled: see `entry.result`.
    Journaled(Box<Entry>),
    /// The message is no longer in the inbox: someone else handled it. Nothing changed.
    Gone,
}

/// Why a notification is left out of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOut {
    /// Suspicious: only ever acted on one by one, after an explicit confirmation.
    Suspicious,
    /// The rules suggest leaving it.
    Skip,
    /// Its forward address is a placeholder of the default configuration.
    Placeholder(String),
    /// The notice says it was sent in a role other than post/arkiv: the clerk decides.
    OtherRole(String),
}

/// What a batch ("apply all", `apply --yes`) does with a set of notifications.
#[derive(Debug, Clone, Default)]
pub struct Selection<'a> {
    /// Acted on, with the suggested action.
    pub chosen: Vec<(&'a Item, Action)>,
    pub left: Vec<(&'a Item, LeftOut)>,
}

impl Selection<'_> {
    /// How many were left out for `why` (placeholders compared by kind only).
    pub fn left_for(&self, why: &LeftOut) -> usize {
        self.left
            .iter()
            .filter(|(_, w)| std::mem::discriminant(w) == std::mem::discriminant(why))
            .count()
    }

    /// How many of the chosen get this kind of action.
    pub fn chosen_for(&self, act: Act) -> usize {
        self.chosen
            .iter()
            .filter(|(_, a)| Act::of(a) == act)
            .count()
    }
}

/// The batch policy: every notification gets its suggested action, except suspicious
/// ones, suggested skips and forwards to a placeholder address.
pub fn select_batch<'a>(items: impl IntoIterator<Item = &'a Item>) -> Selection<'a> {
    let mut sel = Selection::default();
    for item in items {
        let a = &item.analysis;
        let action = a.suggestion.action.clone();
        let why = match &action {
            _ if a.suspicious() => Some(LeftOut::Suspicious),
            Action::Skip => Some(LeftOut::Skip),
            Action::Archive => a.notes.iter().find_map(|n| match n {
                crate::notification::Note::OtherRole { role } => {
                    Some(LeftOut::OtherRole(role.clone()))
                }
                _ => None,
            }),
            Action::Forward(to) if is_placeholder_address(to) => {
                Some(LeftOut::Placeholder(to.clone()))
            }
            _ => None,
        };
        match why {
            Some(w) => sel.left.push((item, w)),
            None => sel.chosen.push((item, action)),
        }
    }
    sel
}

/// Performs actions on one mailbox and journals them.
pub struct Actor<'c> {
    pub config: &'c Config,
    pub folders: Folders,
    pub outbox: PathBuf,
    pub journal: Journal,
    pub user: String,
    /// The lock file in the mail root: everyone who acts on this Maildir takes it.
    pub lock_path: PathBuf,
}

/// Holds the lock that keeps two altinn-sweep processes (of any user) from acting on one
/// mail root at once.
pub struct LockGuard(#[allow(dead_code)] File);

/// The lock file's name in the mail root. Sync tools skip it: it is a dot-file, not a
/// Maildir folder.
pub const LOCK_FILE: &str = ".altinn-sweep.lock";

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
            lock_path: root.join(LOCK_FILE),
            config,
        }
    }

    /// Takes the mailbox lock, waiting at most `patience` for another process that holds
    /// it. Two processes may scan at once, but only one acts at a time, so no message is
    /// forwarded twice. `waiting` is called once, with the holder, if the lock is busy.
    pub fn lock_within(
        &self,
        patience: Duration,
        waiting: &mut dyn FnMut(Option<&Holder>),
    ) -> Result<LockGuard, LockError> {
        let io_err = |source| LockError::Io {
            path: self.lock_path.clone(),
            source,
        };
        use std::os::unix::fs::OpenOptionsExt;
        let f = File::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .mode(0o666)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&self.lock_path)
            .map_err(io_err)?;
        let start = Instant::now();
        let mut told = false;
        loop {
            match f.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = self.holder();
                    if !told {
                        waiting(holder.as_ref());
                        told = true;
                    }
                    if start.elapsed() >= patience {
                        return Err(LockError::Busy {
                            holder,
                            waited: start.elapsed(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_err(e)),
            }
        }
        // Say who holds it, for whoever waits next. Not essential: a failure to write it
        // leaves an older or empty holder line, never a wrong lock.
        let since = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        let line = format!("{} {} {since}\n", std::process::id(), self.user);
        let _ = f.set_len(0);
        let _ = std::os::unix::fs::FileExt::write_all_at(&f, line.as_bytes(), 0);
        Ok(LockGuard(f))
    }

    /// Checks that the journal can take entries before anything is done (a symlink or a
    /// device in its place, a folder that cannot be made), so that no action happens
    /// without its journal line.
    pub fn preflight(&self) -> Result<(), ActError> {
        self.journal
            .preflight()
            .map_err(|source| ActError::JournalUnusable {
                path: self.journal.path.clone(),
                source,
            })
    }

    /// Completes the journal after an interruption: a forward whose `sent` entry has no
    /// final entry, and whose original is now in the folder forwards go to, gets its final
    /// entry (the move happened; only its journal line was lost). One still in the inbox
    /// is left to the next plan, which moves it without sending it again. Call it under
    /// the lock, before acting; it returns the entries it wrote.
    pub fn recover(&self) -> Result<Vec<Entry>, ActError> {
        let (all, _) = self.read_journal()?;
        let folder = match self.config.forward.after_forward {
            AfterForward::Trash => &self.folders.trash,
            AfterForward::Archive => &self.folders.archive,
        };
        let mut written = Vec::new();
        for sent in journal::open_sends(&all) {
            let Some(unique) = sent.id.as_deref() else {
                continue;
            };
            let moved = maildir::find_by_unique(folder, &maildir::strip_sync_tags(unique))
                .map_err(|source| ActError::Folder {
                    path: folder.clone(),
                    source,
                })?;
            let Some(moved) = moved else { continue };
            let mut entry = sent.clone();
            entry.entry = journal::new_entry_id();
            entry.ts = journal::now();
            entry.user = self.user.clone();
            entry.action = Act::Forward;
            entry.to_path = Some(maildir::path_text(&moved.path));
            entry.note.push(Note::CompletedAfterInterruption);
            self.append(&entry)?;
            written.push(entry);
        }
        Ok(written)
    }

    /// Who holds the lock now, as the holder wrote it.
    pub fn holder(&self) -> Option<Holder> {
        let text = std::fs::read_to_string(&self.lock_path).ok()?;
        let mut parts = text.trim().splitn(3, ' ');
        Some(Holder {
            pid: parts.next()?.parse().ok()?,
            user: parts.next()?.to_string(),
            since: parts.next()?.to_string(),
        })
    }

    /// Finds the message again: at its listed path, else by its unique name (a sync may
    /// have changed its flags).
    fn locate(&self, plan: &Plan) -> Result<Option<MailFile>, ActError> {
        if plan.source.is_file() {
            return Ok(Some(MailFile {
                path: plan.source.clone(),
                sub: plan.sub,
                name: plan.name.clone(),
            }));
        }
        maildir::find_by_unique(&self.folders.inbox, &plan.name.unique).map_err(|source| {
            ActError::Folder {
                path: self.folders.inbox.clone(),
                source,
            }
        })
    }

    fn entry(&self, plan: &Plan, from: &Path) -> Entry {
        Entry {
            suggested: Some(Act::of(&plan.suggested)),
            rule: Some(plan.rule.clone()),
            id: Some(plan.name.unique.clone()),
            message_id: plan.message_id.clone(),
            subject: plan.subject.clone(),
            recipient_org: plan.recipient_org.clone(),
            from_path: Some(maildir::path_text(from)),
            forward_to: plan.action.forward_to().map(str::to_string),
            ..Entry::new(Act::of(&plan.action), &self.user)
        }
    }

    /// Why `plan` must not be carried out at all, checked before anything is touched: a
    /// forward to a placeholder address, or a target folder that does not exist (a
    /// forward would otherwise be sent and its original then fail to move).
    pub fn refusal(&self, plan: &Plan) -> Option<Failure> {
        if let Some(to) = plan.action.forward_to()
            && is_placeholder_address(to)
        {
            return Some(Failure::PlaceholderAddress {
                address: to.to_string(),
            });
        }
        let folder = plan.target_folder.as_ref()?;
        let sub = folder.join(plan.sub.dir_name());
        (!sub.is_dir()).then(|| Failure::FolderMissing {
            folder: folder.clone(),
        })
    }

    /// Journals that `plan` was refused for `why`; nothing else happens.
    pub fn refuse(&self, plan: &Plan, why: Failure) -> Result<Entry, ActError> {
        let mut entry = self.entry(plan, &plan.source);
        entry.fail(Outcome::Refused, why);
        self.append(&entry)?;
        Ok(entry)
    }

    /// Carries out a plan and journals the result. The caller should hold the lock.
    ///
    /// A sync tool may rename the message (a flag change) at any moment: whenever the file
    /// is not where it was, it is looked up again by its unique name, a few times.
    ///
    /// A forward is sent at most once: the journal gets a `sending` entry before the send
    /// and a `sent` entry right after it, before the original is moved. A message the
    /// journal says was forwarded under this rule is not sent again (the original is only
    /// moved); one whose earlier send has no outcome (a crash mid-send) is refused as
    /// unconfirmed. `resend` overrides both, when the clerk asks explicitly.
    ///
    /// `Err` means the journal could not be written (the error says whether the action
    /// itself happened): the caller should stop acting until that is fixed.
    pub fn perform(&self, plan: &Plan, resend: bool) -> Result<Performed, ActError> {
        self.perform_in(plan, resend, None)
    }

    /// [`perform`](Self::perform), with the journal line (and, for a move, the fsync of
    /// its two directories) left to `group` when there is one.
    fn perform_in(
        &self,
        plan: &Plan,
        resend: bool,
        group: Option<&RefCell<Group>>,
    ) -> Result<Performed, ActError> {
        let Some(mut file) = self.locate(plan)? else {
            return Ok(Performed::Gone);
        };
        let mut entry = self.entry(plan, &file.path);
        if let Some(why) = self.refusal(plan) {
            entry.fail(Outcome::Refused, why);
            return self.journaled(entry, group);
        }
        let mut attempts = 0;
        loop {
            match self.changed(plan, &file) {
                Ok(false) => break,
                Ok(true) => {
                    entry.fail(Outcome::Refused, Failure::ChangedSinceScan);
                    return self.journaled(entry, group);
                }
                // renamed by a sync since it was located: look again
                Err(e) if e.kind() == io::ErrorKind::NotFound && attempts < RELOCATE_ATTEMPTS => {
                    attempts += 1;
                    match self.locate(plan)? {
                        Some(again) => file = again,
                        None => return Ok(Performed::Gone),
                    }
                    entry.from_path = Some(maildir::path_text(&file.path));
                }
                Err(e) => {
                    entry.fail(Outcome::Error, Failure::Detail(e.to_string()));
                    return self.journaled(entry, group);
                }
            }
        }
        if let Action::Forward(to) = &plan.action {
            let key = plan.message_id.as_deref().unwrap_or(&plan.name.unique);
            let (all, _) = self.read_journal()?;
            match journal::forward_record(&all, key, &plan.rule) {
                ForwardRecord::Sent(before) if !resend => {
                    // This entry concludes the earlier send (so that a later run does not
                    // take it for one whose move went unjournaled).
                    entry.intent = before.intent.clone();
                    entry.note.push(Note::AlreadySent {
                        entry: before.entry.clone(),
                    });
                }
                ForwardRecord::Unconfirmed(intent) if !resend => {
                    entry.fail(
                        Outcome::Refused,
                        Failure::Unconfirmed {
                            intent: intent.entry.clone(),
                        },
                    );
                    return self.journaled(entry, group);
                }
                _ => {
                    let Some(original) = self.read_original(plan, &mut file)? else {
                        return Ok(Performed::Gone); // vanished before anything was sent
                    };
                    entry.from_path = Some(maildir::path_text(&file.path));
                    let mut intent = entry.clone();
                    intent.entry = journal::new_entry_id();
                    intent.action = Act::Sending;
                    intent.result = Outcome::Pending;
                    self.append(&intent)?;
                    entry.intent = Some(intent.entry.clone());
                    match self.forward(&original, to) {
                        Ok(delivery) => {
                            let (transport, note) = match delivery {
                                Delivery::Sent(t) => (t, None),
                                Delivery::WrittenToOutbox(p) => {
                                    (journal::Transport::Maildir, Some(Note::WrittenToOutbox(p)))
                                }
                            };
                            entry.transport = Some(transport);
                            entry.note.extend(note);
                            let mut sent = entry.clone();
                            sent.entry = journal::new_entry_id();
                            sent.action = Act::Sent;
                            self.append(&sent)?;
                        }
                        // The forward may have gone out: the entry leaves the intent
                        // unconcluded, so the next run asks instead of sending again.
                        Err(transport::SendError::MaybeSent(why)) => {
                            entry.fail(Outcome::Error, Failure::MaybeSent { detail: why });
                            return self.journaled(entry, group);
                        }
                        Err(transport::SendError::NotSent(why)) => {
                            entry.fail(Outcome::Error, Failure::Detail(why));
                            return self.journaled(entry, group);
                        }
                        Err(transport::SendError::Address(e)) => {
                            entry.fail(Outcome::Error, Failure::InvalidAddress(e));
                            return self.journaled(entry, group);
                        }
                    }
                }
            }
        }
        let (Some(folder), Some(_)) = (&plan.target_folder, &plan.target_name) else {
            return self.journaled(entry, group); // skip: the message stays where it is
        };
        let flag = matches!(plan.action, Action::Forward(_)).then_some('P');
        for _ in 0..RELOCATE_ATTEMPTS {
            let name = maildir::name_in_other_folder(&file.name, flag);
            let moved = match group {
                Some(_) => maildir::move_file_unsynced(&file.path, folder, file.sub, &name),
                None => maildir::move_file(&file.path, folder, file.sub, &name),
            };
            match moved {
                Ok(to) => {
                    if let Some(g) = group {
                        let mut g = g.borrow_mut();
                        g.dirs.extend(to.parent().map(Path::to_path_buf));
                        g.dirs.extend(file.path.parent().map(Path::to_path_buf));
                    }
                    entry.from_path = Some(maildir::path_text(&file.path));
                    entry.to_path = Some(maildir::path_text(&to));
                    return self.journaled(entry, group);
                }
                // rename(2) says ENOENT only for a missing source here (a missing target
                // folder is reported otherwise): a sync renamed it, so look again.
                Err(e) if e.kind() == io::ErrorKind::NotFound => match self.locate(plan)? {
                    Some(again) => file = again,
                    None if entry.transport.is_some() => {
                        entry.note.push(Note::OriginalMovedAway);
                        return self.journaled(entry, group);
                    }
                    None => return Ok(Performed::Gone),
                },
                Err(e) => {
                    let why = match (&entry.transport, plan.action.forward_to()) {
                        (Some(_), Some(to)) => Failure::MovedAfterSend {
                            to: to.to_string(),
                            detail: e.to_string(),
                        },
                        _ => Failure::Detail(e.to_string()),
                    };
                    entry.fail(Outcome::Error, why);
                    return self.journaled(entry, group);
                }
            }
        }
        entry.fail(
            Outcome::Error,
            Failure::KeptRenaming {
                attempts: RELOCATE_ATTEMPTS,
                sent: entry.transport.is_some(),
            },
        );
        self.journaled(entry, group)
    }

    /// Whether `file` is no longer what the scan read for `plan`: another size or
    /// modification time (one stat), or another Message-ID (its header read again). A
    /// sync's rename keeps all three; a stale cache entry or a file replaced under the
    /// same name changes one of them.
    fn changed(&self, plan: &Plan, file: &MailFile) -> io::Result<bool> {
        let Some(stamp) = plan.stamp else {
            return Ok(false);
        };
        let (now, head) = maildir::stamp_and_header(&file.path)?;
        if now != stamp {
            return Ok(true);
        }
        let now = crate::message::parse(&head).and_then(|m| m.message_id);
        Ok(now != plan.message_id)
    }

    fn append(&self, entry: &Entry) -> Result<(), ActError> {
        self.journal
            .append(entry)
            .map_err(|source| ActError::Journal {
                entry: Box::new(entry.clone()),
                path: self.journal.path.clone(),
                source,
            })
    }

    /// Appends `entry` and reports it; in a group commit, leaves it to the group.
    fn journaled(
        &self,
        entry: Entry,
        group: Option<&RefCell<Group>>,
    ) -> Result<Performed, ActError> {
        match group {
            Some(g) => g.borrow_mut().entries.push(entry.clone()),
            None => self.append(&entry)?,
        }
        Ok(Performed::Journaled(Box::new(entry)))
    }

    /// Carries out `plans` in order, as [`perform`](Self::perform) would one by one, but
    /// with group commit for archives and deletes: up to [`GROUP_COMMIT`] of them move
    /// their files, every directory they touched is fsynced once, and then their journal
    /// lines are written with one fsync. So the journal never claims a move that is not
    /// durable, and a crash loses at most the journal lines of one group's moves (the files
    /// are moved, without a line). A forward (and skip) flushes the group first and is
    /// performed alone: its `sending`/`sent` entries are written as it goes.
    ///
    /// `each(i, result)` gets the result for `plans[i]`, in order, once it is journaled;
    /// when it returns `Break`, or on the first `Err` (the journal cannot be written),
    /// nothing more is done.
    pub fn perform_all(
        &self,
        plans: &[Plan],
        resend: bool,
        each: &mut dyn FnMut(usize, Result<Performed, ActError>) -> ControlFlow<()>,
    ) {
        let group = RefCell::new(Group::default());
        let mut waiting: Vec<(usize, Performed)> = Vec::new();
        for (i, plan) in plans.iter().enumerate() {
            let grouped = matches!(plan.action, Action::Archive | Action::Delete);
            if !grouped && self.commit(&group, &mut waiting, each).is_break() {
                return;
            }
            match self.perform_in(plan, resend, grouped.then_some(&group)) {
                Ok(done) if grouped => waiting.push((i, done)),
                result => {
                    // what was grouped before comes first
                    if self.commit(&group, &mut waiting, each).is_break() {
                        return;
                    }
                    let stop = result.is_err();
                    if each(i, result).is_break() || stop {
                        return;
                    }
                }
            }
            if waiting.len() >= GROUP_COMMIT && self.commit(&group, &mut waiting, each).is_break() {
                return;
            }
        }
        let _ = self.commit(&group, &mut waiting, each);
    }

    /// Makes a group durable: fsyncs its directories, journals its entries in one write,
    /// and reports its results. A directory that cannot be synced turns the moves that
    /// touched it into errors (their durability is unknown: the journal must not claim
    /// them).
    fn commit(
        &self,
        group: &RefCell<Group>,
        waiting: &mut Vec<(usize, Performed)>,
        each: &mut dyn FnMut(usize, Result<Performed, ActError>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let Group { mut entries, dirs } = std::mem::take(&mut *group.borrow_mut());
        let failed: Vec<(PathBuf, String)> = dirs
            .iter()
            .filter_map(|d| {
                maildir::sync_dir(d)
                    .err()
                    .map(|e| (d.clone(), e.to_string()))
            })
            .collect();
        if !failed.is_empty() {
            let touches = |p: &Option<String>, d: &Path| {
                p.as_deref()
                    .is_some_and(|p| maildir::text_path(p).parent() == Some(d))
            };
            for e in entries.iter_mut().filter(|e| e.ok()) {
                if let Some((d, why)) = failed
                    .iter()
                    .find(|(d, _)| touches(&e.to_path, d) || touches(&e.from_path, d))
                {
                    e.to_path = None;
                    e.fail(
                        Outcome::Error,
                        Failure::NotSynced {
                            folder: d.clone(),
                            detail: why.clone(),
                        },
                    );
                }
            }
            // what is reported is what the journal says
            let mut journaled = entries.iter();
            for (_, done) in waiting.iter_mut() {
                if let Performed::Journaled(e) = done {
                    **e = journaled.next().cloned().unwrap_or((**e).clone());
                }
            }
        }
        if let Err(source) = self.journal.append_all(&entries) {
            for (i, done) in waiting.drain(..) {
                let result = match done {
                    Performed::Journaled(entry) => Err(ActError::Journal {
                        entry,
                        path: self.journal.path.clone(),
                        source: io::Error::new(source.kind(), source.to_string()),
                    }),
                    gone => Ok(gone),
                };
                let stop = result.is_err();
                if each(i, result).is_break() || stop {
                    return ControlFlow::Break(());
                }
            }
            return ControlFlow::Continue(());
        }
        for (i, done) in waiting.drain(..) {
            if each(i, Ok(done)).is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    /// Every entry of the journal (damaged lines are skipped: they are reported where the
    /// journal is shown).
    pub fn read_journal(&self) -> Result<(Vec<Entry>, Vec<journal::BadLine>), ActError> {
        self.journal.read().map_err(|source| ActError::ReadJournal {
            path: self.journal.path.clone(),
            source,
        })
    }

    /// Reads the original, looking it up again if a sync renamed it. `None`: it left the
    /// inbox.
    fn read_original(&self, plan: &Plan, file: &mut MailFile) -> Result<Option<Vec<u8>>, ActError> {
        for _ in 0..RELOCATE_ATTEMPTS {
            match maildir::read_message(&file.path, false) {
                Ok(original) => return Ok(Some(original)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => match self.locate(plan)? {
                    Some(again) => *file = again,
                    None => return Ok(None),
                },
                Err(source) => {
                    return Err(ActError::Folder {
                        path: file.path.clone(),
                        source,
                    });
                }
            }
        }
        Ok(None)
    }

    fn forward(&self, original: &[u8], to: &str) -> Result<Delivery, transport::SendError> {
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
            &format!("<{}@{domain}>", maildir::unique_token()),
        );
        transport::deliver(cfg, &self.outbox, &cfg.from, to, &built)
    }

    /// Reverses a journaled archive, delete or forward: the message goes back to the folder
    /// it came from (under a name without sync tags, without the P flag a forward added).
    /// Only paths inside the mail root are touched.
    pub fn undo(&self, target: &Entry, all: &[Entry]) -> Result<Entry, UndoError> {
        undoable(target, all)?;
        if target.action == Act::Followup {
            return crate::followup::undo(self, target, journal::now());
        }
        let (Some(from), Some(to)) = (&target.from_path, &target.to_path) else {
            return Err(NotUndoable::NoDestination.into());
        };
        let (from, to) = (maildir::text_path(from), maildir::text_path(to));
        let root = self.config.mail_root();
        for p in [&from, &to] {
            if !inside(&root, p) {
                return Err(NotUndoable::OutsideMailRoot(p.clone()).into());
            }
        }
        let (Some(orig_folder), Some(orig_sub)) = (folder_of(&from), sub_of(&from)) else {
            return Err(NotUndoable::NotInMaildir(from).into());
        };
        let Some(now_folder) = folder_of(&to) else {
            return Err(NotUndoable::NotInMaildir(to).into());
        };
        let moved_name = maildir::parse_name(&file_name(&to));
        let current = if to.is_file() {
            Some(to.clone())
        } else {
            maildir::find_by_unique(&now_folder, &moved_name.unique)
                .map_err(|source| ActError::Folder {
                    path: now_folder.clone(),
                    source,
                })?
                .map(|m| m.path)
        };
        let Some(current) = current else {
            return Err(NotUndoable::NoLongerThere(now_folder).into());
        };
        let mut name = maildir::parse_name(&file_name(&current));
        let orig_flags = maildir::parse_name(&file_name(&from)).flags;
        if target.action == Act::Forward && !orig_flags.as_deref().unwrap_or("").contains('P') {
            name.flags = name.flags.map(|f| f.replace('P', ""));
            if orig_flags.is_none() && name.flags.as_deref() == Some("") {
                name.flags = None;
            }
        }
        let back_name = maildir::name_in_other_folder(&name, None);
        let mut entry = Entry {
            rule: target.rule.clone(),
            id: target.id.clone(),
            message_id: target.message_id.clone(),
            subject: target.subject.clone(),
            recipient_org: target.recipient_org.clone(),
            from_path: Some(maildir::path_text(&current)),
            forward_to: target.forward_to.clone(),
            undoes: Some(target.entry.clone()),
            ..Entry::new(Act::Undo, &self.user)
        };
        match maildir::move_file(&current, &orig_folder, orig_sub, &back_name) {
            Ok(p) => entry.to_path = Some(maildir::path_text(&p)),
            Err(e) => entry.fail(Outcome::Error, Failure::Detail(e.to_string())),
        }
        if target.action == Act::Forward && entry.ok() {
            entry.note.push(match target.transport {
                Some(journal::Transport::Maildir) => Note::OnlyInOutbox,
                _ => Note::CannotRecall,
            });
        }
        self.append(&entry)?;
        Ok(entry)
    }

    /// Journals the daily check of the Altinn inbox (routine point 1).
    /// The check is shared through the mailbox too (see [`crate::followup`]).
    pub fn register_daily_check(&self) -> Result<Entry, ActError> {
        crate::followup::register_check(self, None, journal::now())
    }
}

impl Acting for Actor<'_> {
    fn config(&self) -> &Config {
        self.config
    }

    fn user(&self) -> &str {
        &self.user
    }

    fn journal(&self) -> &Journal {
        &self.journal
    }

    fn preflight(&self) -> Result<(), ActError> {
        Actor::preflight(self)
    }
}

/// Whether `target` can be undone: a successful archive, delete or forward that nothing
/// has undone yet.
pub fn undoable(target: &Entry, all: &[Entry]) -> Result<(), NotUndoable> {
    let followup = target.action == Act::Followup;
    if !target.ok() || !(target.action.moves_mail() || followup) {
        return Err(NotUndoable::NotAnAction(target.entry.clone()));
    }
    match journal::undone_by(all, target) {
        Some(by) => Err(NotUndoable::AlreadyUndone {
            target: target.entry.clone(),
            by: Box::new(by.clone()),
        }),
        None => Ok(()),
    }
}

/// The newest `n` entries that can still be undone, newest first (`undo --last N`).
pub fn undo_candidates(all: &[Entry], n: usize) -> Vec<&Entry> {
    all.iter()
        .rev()
        .filter(|e| undoable(e, all).is_ok())
        .take(n)
        .collect()
}

/// The most archives and deletes journaled together by [`Actor::perform_all`]: a crash
/// mid-batch leaves at most this many moves without their journal line.
pub const GROUP_COMMIT: usize = 64;

/// The journal lines and directories of a group commit not yet made durable.
#[derive(Debug, Default)]
struct Group {
    entries: Vec<Entry>,
    dirs: std::collections::BTreeSet<PathBuf>,
}

/// How often a message renamed under our feet is looked up again before giving up.
const RELOCATE_ATTEMPTS: usize = 8;

/// Whether `p` lies inside `root` (lexically: no `..` climbs out).
fn inside(root: &Path, p: &Path) -> bool {
    use std::path::Component;
    p.is_absolute()
        && p.starts_with(root)
        && !p.components().any(|c| matches!(c, Component::ParentDir))
}

use maildir::{file_name_text as file_name, folder_of, sub_of};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    fn config_on(root: &Path) -> Config {
        let mut config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        config.mail.root = root.to_string_lossy().into_owned();
        config
    }

    #[test]
    fn the_lock_lives_in_the_mail_root_and_names_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let config = config_on(&dir.path().join("Mail"));
        std::fs::create_dir_all(dir.path().join("Mail")).unwrap();
        // two clerks: separate data folders, one mail root
        let first = Actor::new(&config, &dir.path().join("kari"));
        let second = Actor::new(&config, &dir.path().join("ola"));
        let held = first.lock_within(Duration::ZERO, &mut |_| {}).unwrap();
        let start = Instant::now();
        let mut told = Vec::new();
        let err = second
            .lock_within(Duration::from_millis(100), &mut |h| told.push(h.cloned()))
            .err()
            .expect("the lock is held");
        assert!(start.elapsed() >= Duration::from_millis(100));
        let LockError::Busy { holder, .. } = &err else {
            panic!("{err}")
        };
        let holder = holder.clone().expect("the holder wrote its name");
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(
            told,
            vec![Some(holder.clone())],
            "told once, with the holder"
        );
        assert!(
            err.to_string().contains(&format!("pid {}", holder.pid)),
            "{err}"
        );
        drop(held);
        assert!(
            second
                .lock_within(Duration::from_millis(100), &mut |_| {})
                .is_ok()
        );
        assert!(dir.path().join("Mail").join(LOCK_FILE).is_file());
    }

    #[test]
    fn undo_moves_only_inside_the_mail_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("Mail");
        let config = config_on(&root);
        let actor = Actor::new(&config, &dir.path().join("data"));
        let mut e = Entry::new(Act::Archive, "kari");
        e.from_path = Some("/etc/cur/passwd".into());
        e.to_path = Some(root.join("Altinn/cur/x").display().to_string());
        let err = actor.undo(&e, std::slice::from_ref(&e)).unwrap_err();
        assert!(
            matches!(err, UndoError::Not(NotUndoable::OutsideMailRoot(ref p)) if p == Path::new("/etc/cur/passwd")),
            "{err}"
        );
        e.from_path = Some(
            root.join("INBOX/cur/../../../etc/cur/x")
                .display()
                .to_string(),
        );
        assert!(matches!(
            actor.undo(&e, std::slice::from_ref(&e)),
            Err(UndoError::Not(NotUndoable::OutsideMailRoot(_)))
        ));
    }

    #[test]
    fn undo_eligibility_and_candidates() {
        let archive = Entry::new(Act::Archive, "kari");
        let mut failed = Entry::new(Act::Delete, "kari");
        failed.fail(Outcome::Error, Failure::Detail("x".into()));
        let check = Entry::new(Act::Check, "kari");
        let forward = Entry::new(Act::Forward, "kari");
        let mut undo = Entry::new(Act::Undo, "kari");
        undo.undoes = Some(forward.entry.clone());
        let all = vec![
            archive.clone(),
            failed.clone(),
            check.clone(),
            forward.clone(),
            undo,
        ];
        assert!(undoable(&archive, &all).is_ok());
        assert!(matches!(
            undoable(&failed, &all),
            Err(NotUndoable::NotAnAction(_))
        ));
        assert!(matches!(
            undoable(&check, &all),
            Err(NotUndoable::NotAnAction(_))
        ));
        assert!(matches!(
            undoable(&forward, &all),
            Err(NotUndoable::AlreadyUndone { .. })
        ));
        let newest: Vec<&str> = undo_candidates(&all, 5)
            .iter()
            .map(|e| e.entry.as_str())
            .collect();
        assert_eq!(newest, [archive.entry.as_str()]);
    }
}
