//! The TUI's [`Executor`] over [`actions::Actor`]: the same plans, moves, forwards and
//! journal as `apply` and `undo`, answering with facts (what was done, or a
//! [`JobError`]) that the screens word, today's journal for the `J` popup included
//! ([`JournalPage`]). `u` only reaches back to what this session did, never to
//! another clerk's work.

use super::app::{
    Executor, FollowupPage, FollowupRow, JobError, JournalLine, JournalPage, JournalWarning,
    StepDone, StepUndone, Today, Undid, Undone,
};
use crate::actions::{self, Actor, NotUndoable, Performed, UndoError};
use crate::config::{Action, Config};
use crate::followup;
use crate::journal::{self, Act, BadLine, Entry, Journal, Note, Timestamp, Transport};
use crate::scan::Item;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[path = "executor_altinn.rs"]
mod altinn;

/// How long a key press waits for another process that is acting on the mailbox.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Carries out the clerk's decisions with [`Actor`] and journals them in the data dir.
pub struct ActorExecutor {
    config: Config,
    data_dir: PathBuf,
    /// The journal entries of this session's successful actions, oldest first; an entry
    /// leaves when it is undone.
    session: Vec<Entry>,
    /// The demo: the Altinn screen checks the demo's seeded dialogs, not Dialogporten,
    /// and the statistics count the demo's invented history.
    demo: bool,
    /// The same for the follow-up steps of this session (undone with `u` on that screen).
    followup_session: Vec<Entry>,
    /// Dialogporten (or the demo's dialogs) for the follow-up steps done through Altinn.
    altinn: altinn::AltinnState,
}

impl ActorExecutor {
    /// An executor on `config`'s mailbox whose journal (and lock) live in `data_dir`.
    pub fn new(config: Config, data_dir: &Path) -> ActorExecutor {
        ActorExecutor {
            config,
            data_dir: data_dir.to_path_buf(),
            session: Vec::new(),
            demo: false,
            followup_session: Vec::new(),
            altinn: Default::default(),
        }
    }

    /// For the demo: the Altinn screen checks dialogs seeded from the demo's notices
    /// (`altinn::demo`), without credentials or network, and the statistics count a few
    /// weeks of invented history besides the demo's journal (`demo_history`).
    pub fn for_demo(mut self) -> ActorExecutor {
        self.demo = true;
        self
    }

    /// The journal file this executor writes.
    pub fn journal_path(&self) -> PathBuf {
        Journal::in_dir(&self.data_dir).path
    }

    fn actor(&self) -> Actor<'_> {
        Actor::new(&self.config, &self.data_dir)
    }

    fn lock(&self) -> Result<actions::LockGuard, JobError> {
        Ok(self.actor().lock_within(LOCK_PATIENCE, &mut |_| {})?)
    }

    /// Undoes `target` (the newest entry of the session) under the lock, unless the
    /// journal says it was undone already.
    fn undo_entry(&self, target: &Entry) -> Result<UndoResult, JobError> {
        let actor = self.actor();
        let _lock = self.lock()?;
        let (all, _bad) = actor.read_journal()?;
        match actor.undo(target, &all) {
            Ok(e) if e.ok() => Ok(UndoResult::Done),
            Ok(e) => Ok(UndoResult::Failed(failed(e.error))),
            Err(UndoError::Not(NotUndoable::AlreadyUndone { by, .. })) => {
                Ok(UndoResult::AlreadyUndone(by))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// A journaled failure as the executor reports it (an entry without a reason: unknown).
fn failed(error: Option<journal::Failure>) -> JobError {
    error.map_or(JobError::Unknown, JobError::Failed)
}

enum UndoResult {
    Done,
    /// Undone before (by `undo` on the command line, or another clerk): here is how.
    AlreadyUndone(Box<Entry>),
    /// The move back failed (journaled); it may work another time.
    Failed(JobError),
}

impl Executor for ActorExecutor {
    fn perform(&mut self, item: &Item, action: &Action) -> Result<Vec<Note>, JobError> {
        let outcome = {
            let actor = self.actor();
            let plan = actions::plan(item, action.clone(), &actor.folders, &self.config);
            // refused before the lock is even taken: nothing would happen under it
            if let Some(why) = actor.refusal(&plan) {
                return Err(JobError::Failed(why));
            }
            // held for this one action only, so that `apply` elsewhere is not kept waiting
            let _lock = self.lock()?;
            actor.preflight()?;
            actor.perform(&plan, false)?
        };
        match outcome {
            Performed::Gone => Err(JobError::HandledElsewhere),
            Performed::Journaled(entry) if entry.ok() => {
                let notes = entry.note.clone();
                self.session.push(*entry);
                Ok(notes)
            }
            Performed::Journaled(entry) => Err(failed(entry.error)),
        }
    }

    fn undo_last(&mut self) -> Result<Undone, JobError> {
        let Some(target) = self.session.last().cloned() else {
            return Err(JobError::NothingToUndo { followup: false });
        };
        let undone = |how| Undone {
            id: target.id.clone().unwrap_or_default(),
            subject: target.subject.clone().unwrap_or_default(),
            how,
        };
        if target.action == Act::Skip {
            // nothing was moved: the notification only comes back to the queue
            self.session.pop();
            return Ok(undone(Undid::Skip));
        }
        let result = self.undo_entry(&target);
        match result {
            Ok(UndoResult::Done) => {
                self.session.pop();
                Ok(undone(Undid::MovedBack {
                    forward_to: target.forward_to.clone(),
                    outbox: target.transport == Some(Transport::Maildir),
                }))
            }
            Ok(UndoResult::AlreadyUndone(by)) => {
                self.session.pop();
                Ok(undone(Undid::AlreadyUndone {
                    user: by.user,
                    at: by.ts,
                }))
            }
            // the move back failed and was journaled: it stays undoable
            Ok(UndoResult::Failed(e)) => Err(e),
            Err(e) => {
                // it cannot be undone (the message is no longer where the journal says):
                // the next `u` goes on to the action before it
                self.session.pop();
                Err(e)
            }
        }
    }

    fn register_daily_check(&mut self) -> Result<Timestamp, JobError> {
        let entry = self.actor().register_daily_check()?;
        // journaled, but not shared (the record could not be written): the clerk must know
        if let Some(f) = entry.error {
            return Err(JobError::Failed(f));
        }
        Ok(entry.ts)
    }

    fn followup_page(&self) -> Result<FollowupPage, JobError> {
        let now = journal::now();
        let listing = followup::list(&self.config, now)?;
        let (entries, _bad) = Journal::in_dir(&self.data_dir).read().unwrap_or_default();
        Ok(followup_page(&self.config, &listing, &entries, now))
    }

    fn followup_step(
        &mut self,
        item: &followup::Item,
        step: followup::Step,
        to: Option<&str>,
    ) -> Result<StepDone, JobError> {
        let done = match self.altinn_step(item, step)? {
            altinn::Through::Altinn(done) => return Ok(StepDone::Altinn(done)),
            altinn::Through::ByHand(why) => StepDone::ByHand(why),
            altinn::Through::NotAltinn => StepDone::Recorded,
        };
        let entry = {
            let actor = self.actor();
            let _lock = self.lock()?;
            followup::advance(&actor, &item.id, step, to, journal::now())?
        };
        if let Some(f) = entry.error {
            return Err(JobError::Failed(f));
        }
        self.followup_session.push(entry);
        Ok(done)
    }

    fn followup_dialog(
        &mut self,
        item: &followup::Item,
    ) -> Result<super::app::DialogLookup, JobError> {
        self.lookup(item)
    }

    fn altinn_fetch(
        &mut self,
        item: &followup::Item,
        dialog: &crate::altinn::routine::DialogRef,
    ) -> Result<StepDone, JobError> {
        self.fetch(item, dialog).map(StepDone::Altinn)
    }

    fn undo_followup(&mut self) -> Result<StepUndone, JobError> {
        let Some(target) = self.followup_session.last().cloned() else {
            return Err(JobError::NothingToUndo { followup: true });
        };
        let undone = StepUndone {
            subject: target.subject.clone().unwrap_or_default(),
            back_to: target
                .step
                .map_or(followup::Step::Open, followup::Step::previous),
        };
        match self.undo_entry(&target) {
            Ok(UndoResult::Done) | Ok(UndoResult::AlreadyUndone(_)) => {
                self.followup_session.pop();
                Ok(undone)
            }
            Ok(UndoResult::Failed(e)) => Err(e),
            Err(e) => {
                // cannot be undone (moved on by another clerk): the next `u` goes further back
                self.followup_session.pop();
                Err(e)
            }
        }
    }

    fn journal_today(&self) -> JournalPage {
        let journal = Journal::in_dir(&self.data_dir);
        let source = journal.path.display().to_string();
        match journal.read() {
            Ok((entries, bad)) => today_page(
                &entries,
                &bad,
                chrono::Local::now().date_naive(),
                &self.config.mail_root(),
                source,
            ),
            Err(e) => JournalPage {
                warning: Some(JournalWarning::Unreadable {
                    detail: e.to_string(),
                }),
                source,
                ..Default::default()
            },
        }
    }

    fn stats(&self) -> Result<crate::stats::Stats, JobError> {
        super::executor_screens::stats(&self.config, &self.data_dir, self.demo)
    }

    fn altinn_check(&mut self) -> Result<super::app::AltinnReport, JobError> {
        super::executor_screens::altinn_check(&self.config, &self.data_dir, self.demo)
    }
}

/// The follow-up screen's data from a listing, this PC's journal and `now`: the open
/// items with their party's Altinn address, the recipients to offer, today's check.
pub fn followup_page(
    config: &Config,
    listing: &followup::Listing,
    journal: &[Entry],
    now: journal::Timestamp,
) -> FollowupPage {
    let today = now.date_naive();
    let checks = followup::checks_by_day(&listing.shared, journal);
    let rows = listing
        .open()
        .into_iter()
        .map(|i| FollowupRow {
            item: i.clone(),
            altinn_url: i.party.org.map(|o| config.followup.altinn_url_for(&o)),
        })
        .collect();
    FollowupPage {
        rows,
        choices: followup::recipient_choices(config, &listing.shared),
        today: Today {
            check: checks.get(&today).map(|(by, at, _)| (by.clone(), *at)),
            on_duty: config.roster.on_duty(today).map(str::to_string),
            working_day: crate::calendar::is_working_day(today),
            days_without_check: followup::missed_checks(&checks, today).1.len(),
        },
        warnings: listing.warnings.len(),
    }
}

/// The `J` popup for `today` from the journal's entries and its damaged lines (facts:
/// the popup words them).
pub fn today_page(
    entries: &[Entry],
    bad: &[BadLine],
    today: NaiveDate,
    mail_root: &Path,
    source: String,
) -> JournalPage {
    let todays: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.local_date() == today && !journal::is_concluded_step(e, entries))
        .collect();
    let warning = bad.first().map(|first| JournalWarning::Damaged {
        count: bad.len(),
        line: first.line,
        problem: first.problem.clone(),
    });
    JournalPage {
        entries: todays.iter().map(|e| journal_line(e, entries)).collect(),
        daily_check: todays.iter().any(|e| e.action == Act::Check && e.ok()),
        source,
        mail_root: mail_root.to_path_buf(),
        warning,
    }
}

/// One entry of the `J` popup, with the entry it undoes (found in `all`).
pub fn journal_line(e: &Entry, all: &[Entry]) -> JournalLine {
    let undone = e
        .undoes
        .as_deref()
        .and_then(|id| all.iter().find(|t| t.entry == id))
        .cloned();
    JournalLine {
        entry: e.clone(),
        undone,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG, Layout, TransportKind};
    use crate::i18n::tui as t;
    use crate::i18n::{Lang, journal as words};

    pub(crate) fn copy_tree(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_tree(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    /// A copy of the demo mailbox with forwards to its Outbox, and its scanned items.
    fn demo(dir: &Path) -> (Config, Vec<Item>) {
        let root = dir.join("Mail");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/Mail"),
            &root,
        );
        let text = DEFAULT_CONFIG
            .replace("dokumentsenteret@example.invalid", "dok@sandnes.kommune.no")
            .replace("lonn@example.invalid", "lonn@sandnes.kommune.no");
        let mut config = Config::parse(&text, BUILT_IN).unwrap();
        config.mail.root = root.to_string_lossy().into_owned();
        config.mail.layout = Layout::Verbatim;
        config.forward.transport = TransportKind::Maildir;
        let report = crate::scan::scan(&root.join("INBOX"), &config, &|_, _| {})
            .expect("the demo inbox scans");
        (config, report.items)
    }

    /// What the status line says of an undo, in `lang`.
    fn undone_says(lang: Lang, u: &Undone) -> String {
        crate::tui::app::undone_text(lang, u)
    }

    /// What the status line adds to "recorded" for a follow-up step, in English.
    fn step_says(done: &StepDone) -> String {
        match done {
            StepDone::Recorded => String::new(),
            StepDone::ByHand(why) => t::followup::without_altinn(Lang::En, *why).into(),
            StepDone::Altinn(a) => t::altinn_done(Lang::En, a),
        }
    }

    fn by_rule<'a>(items: &'a [Item], rule: &str, n: usize) -> &'a Item {
        items
            .iter()
            .filter(|i| i.analysis.suggestion.rule == rule)
            .nth(n)
            .expect("such an item in the demo")
    }

    #[test]
    fn undo_reaches_back_only_to_this_sessions_own_actions() {
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = demo(dir.path());
        let data = dir.path().join("data");
        let mut exec = ActorExecutor::new(config.clone(), &data);
        let (mine, theirs, skipped) = (
            by_rule(&items, "archive-rest", 0),
            by_rule(&items, "archive-rest", 1),
            by_rule(&items, "archive-rest", 2),
        );
        assert_eq!(exec.perform(mine, &Action::Archive).unwrap(), []);
        assert!(!mine.file.path.exists());
        // another clerk (another process, same journal) archives one meanwhile
        let other = Actor::new(&config, &data);
        let plan = actions::plan(theirs, Action::Archive, &other.folders, &config);
        assert!(matches!(other.perform(&plan, false), Ok(Performed::Journaled(e)) if e.ok()));
        assert_eq!(exec.perform(skipped, &Action::Skip).unwrap(), []);
        assert!(skipped.file.path.exists(), "a skip moves nothing");

        let undone = exec.undo_last().unwrap();
        assert_eq!(
            (undone.id.as_str(), undone.skip()),
            (skipped.file.name.unique.as_str(), true)
        );
        let undone = exec.undo_last().unwrap();
        assert_eq!(
            (undone.id.as_str(), undone.skip()),
            (mine.file.name.unique.as_str(), false)
        );
        let text = undone_says(Lang::Nb, &undone);
        assert!(
            text.starts_with("Angret: varselet er tilbake i innboksen"),
            "{text}"
        );
        let err = t::job_error(Lang::Nb, &exec.undo_last().unwrap_err());
        assert!(err.starts_with("ingenting å angre"), "{err}");
        assert!(
            !theirs.file.path.exists(),
            "the other clerk's archive stays"
        );

        let (entries, bad) = Journal::in_dir(&data).read().unwrap();
        assert!(bad.is_empty());
        let actions: Vec<Act> = entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, [Act::Archive, Act::Archive, Act::Skip, Act::Undo]);
        assert_eq!(
            entries[3].undoes.as_deref(),
            Some(entries[0].entry.as_str())
        );
        let back = PathBuf::from(entries[3].to_path.as_deref().unwrap());
        assert!(back.starts_with(dir.path().join("Mail/INBOX")) && back.is_file());
    }

    #[test]
    fn undoing_a_sent_forward_says_it_cannot_be_recalled() {
        let dir = tempfile::tempdir().unwrap();
        let (mut config, items) = demo(dir.path());
        config.forward.transport = TransportKind::Sendmail;
        config.forward.sendmail_command = ["sh", "-c", "cat >/dev/null"].map(String::from).into();
        let mut exec = ActorExecutor::new(config, &dir.path().join("data"));
        let fwd = by_rule(&items, "sick-pay-not-submitted", 0);
        let to = Action::Forward("lonn@sandnes.kommune.no".into());
        assert_eq!(exec.perform(fwd, &to).unwrap(), []);
        let undone = exec.undo_last().unwrap();
        let text = undone_says(Lang::En, &undone);
        assert!(
            text.starts_with(
                "The forward to lonn@sandnes.kommune.no was sent and cannot be recalled; the original is back in the inbox"
            ),
            "{text}"
        );
        let lines = worded(Lang::En, &exec.journal_today());
        assert!(
            lines[1].ends_with("ok  (the forward was sent and cannot be recalled)"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn forwards_gone_messages_checks_and_the_journal_page() {
        let dir = tempfile::tempdir().unwrap();
        let (config, items) = demo(dir.path());
        let data = dir.path().join("data");
        let mut exec = ActorExecutor::new(config.clone(), &data);

        let fwd = by_rule(&items, "sick-pay-not-submitted", 0);
        let to = Action::Forward("lonn@sandnes.kommune.no".into());
        let notes = exec.perform(fwd, &to).unwrap();
        assert!(
            matches!(&notes[..], [Note::WrittenToOutbox(_)]),
            "{notes:?}"
        );
        assert_eq!(
            words::notes(Lang::Nb, &notes),
            "skrevet til Outbox, ikke sendt"
        );
        let undone = exec.undo_last().unwrap();
        let text = undone_says(Lang::Nb, &undone);
        assert!(
            text.starts_with("Angret: originalen er tilbake i innboksen (videresendingen i Outbox ble ikke sendt)"),
            "{text}"
        );

        // a placeholder address is refused before anything happens
        let err = exec
            .perform(fwd, &Action::Forward("lonn@example.invalid".into()))
            .unwrap_err();
        let said = t::job_error(Lang::Nb, &err);
        assert!(said.contains("plassholder"), "{said}");

        // moved away by someone else since the scan: nothing happens, nothing journaled
        let gone = by_rule(&items, "sick-note", 0);
        std::fs::rename(&gone.file.path, dir.path().join("elsewhere")).unwrap();
        let err = exec.perform(gone, &Action::Delete).unwrap_err();
        assert!(matches!(err, JobError::HandledElsewhere), "{err:?}");
        let said = t::job_error(Lang::Nb, &err);
        assert!(
            said.starts_with("allerede behandlet et annet sted"),
            "{said}"
        );

        // undone by `altinn-sweep undo` meanwhile: `u` says so and moves on
        let item = by_rule(&items, "archive-rest", 0);
        exec.perform(item, &Action::Archive).unwrap();
        let actor = Actor::new(&config, &data);
        let (all, _) = actor.journal.read().unwrap();
        actor.undo(all.last().unwrap(), &all).unwrap();
        let undone = exec.undo_last().unwrap();
        let text = undone_says(Lang::Nb, &undone);
        assert!(text.contains("var allerede angret"), "{text}");

        assert!(!exec.journal_today().daily_check);
        let at = exec.register_daily_check().unwrap();
        assert_eq!(at.date_naive(), journal::now().date_naive());
        let page = exec.journal_today();
        assert!(page.daily_check);
        assert_eq!(page.warning, None);
        let lines = worded(Lang::Nb, &page);
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(lines[0].contains("videresend → lonn@sandnes.kommune.no"));
        assert!(lines[1].contains("angre videresend"), "{lines:#?}");
        assert!(lines[4].contains("Altinn-innboksen sjekket"));

        // a torn line is reported, never fatal
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(exec.journal_path())
            .unwrap();
        f.write_all(b"{\"entry\":\"torn").unwrap();
        let page = exec.journal_today();
        assert_eq!(page.entries.len(), 5);
        let warning = page
            .warning
            .as_ref()
            .map(|w| t::journal_warning(Lang::Nb, &page.source, w));
        assert!(
            warning
                .as_deref()
                .is_some_and(|w| w.contains("1 skadde linjer")),
            "{warning:?}"
        );
    }

    /// The follow-up screen's steps through the demo's seeded dialogs: the lookup finds
    /// the item's dialog, `h` (after the yes) saves its document and checks off
    /// "fetched", `a` archives it in Altinn, `x` deletes the copy but leaves an item
    /// that is not distributed where it is; without Altinn the step is recorded by hand.
    #[test]
    fn follow_up_steps_go_through_the_demos_altinn() {
        use crate::tui::app::DialogLookup;
        let dir = tempfile::tempdir().unwrap();
        let (config, _) = demo(dir.path());
        followup::demo::seed(&config, journal::now()).unwrap();
        let data = dir.path().join("data");
        let mut exec = ActorExecutor::new(config.clone(), &data).for_demo();
        let page = exec.followup_page().unwrap();
        let mut found = None;
        for row in page
            .rows
            .iter()
            .filter(|r| r.item.step == followup::Step::Open)
        {
            if let DialogLookup::Found { dialog, folder } = exec.followup_dialog(&row.item).unwrap()
            {
                found = Some((row.item.clone(), dialog, folder));
                break;
            }
        }
        let (item, dialog, folder) = found.expect("an open demo item with a dialog");
        let docs = dir.path().join("Altinn-dokumenter").join(&dialog.id);
        assert_eq!(folder, docs.display().to_string());
        assert!(!docs.exists(), "nothing is fetched by looking");

        let said = step_says(&exec.altinn_fetch(&item, &dialog).unwrap());
        assert!(
            said.starts_with(&format!("1 document(s) saved in {}", docs.display())),
            "{said}"
        );
        let files: Vec<_> = std::fs::read_dir(&docs).unwrap().flatten().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].path()).unwrap();
        assert!(text.starts_with("DEMO"), "{text}");
        let step_of = |exec: &ActorExecutor| {
            exec.followup_page()
                .unwrap()
                .rows
                .iter()
                .find(|r| r.item.id == item.id)
                .map(|r| r.item.step)
        };
        assert_eq!(step_of(&exec), Some(followup::Step::Fetched));

        let done = exec
            .followup_step(&item, followup::Step::Archived, None)
            .unwrap();
        assert_eq!(done, StepDone::Altinn(t::AltinnDone::Archived));
        assert_eq!(
            step_says(&done),
            "archived in Altinn (the Archive system label)"
        );
        assert_eq!(step_of(&exec), Some(followup::Step::Archived));
        // archived in Altinn: the demo's dialog list no longer has it
        let (entries, _) = Journal::in_dir(&data).read().unwrap();
        let acts: Vec<Act> = entries.iter().map(|e| e.action).collect();
        assert!(
            acts.contains(&Act::AltinnFetch) && acts.contains(&Act::AltinnArchive),
            "{acts:?}"
        );
        assert!(
            entries
                .iter()
                .filter(|e| e.action == Act::AltinnArchive)
                .all(|e| e.dialog.as_deref() == Some(dialog.id.as_str())
                    && e.item.as_deref() == Some(item.id.as_str()))
        );

        // not distributed yet: the copy goes, the item stays archived (and says so)
        let err = exec
            .followup_step(&item, followup::Step::Done, None)
            .unwrap_err();
        assert!(
            matches!(
                &err,
                JobError::Stays {
                    done: t::AltinnDone::Cleaned { deleted: 1, .. },
                    step: followup::Step::Archived
                }
            ),
            "{err:?}"
        );
        let err = t::job_error(Lang::En, &err);
        assert!(
            err.starts_with(&format!("1 local file(s) deleted from {}", docs.display()))
                && err.contains("stays “archived in Altinn”"),
            "{err}"
        );
        assert!(!docs.exists());
        assert_eq!(step_of(&exec), Some(followup::Step::Archived));
        // the two steps checked off are this session's to undo
        assert_eq!(
            exec.undo_followup().unwrap().back_to,
            followup::Step::Fetched
        );

        // without [altinn] (not the demo): recorded by hand, and the status says why
        let mut plain = ActorExecutor::new(config, &dir.path().join("data2"));
        let open = plain
            .followup_page()
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.item.step == followup::Step::Open)
            .unwrap();
        assert!(matches!(
            plain.followup_dialog(&open.item),
            Ok(DialogLookup::Without(
                t::followup::WithoutAltinn::NotConfigured
            ))
        ));
        let done = plain
            .followup_step(&open.item, followup::Step::Fetched, None)
            .unwrap();
        assert_eq!(
            done,
            StepDone::ByHand(t::followup::WithoutAltinn::NotConfigured)
        );
        assert_eq!(
            t::followup::without_altinn(Lang::Nb, t::followup::WithoutAltinn::NotConfigured),
            "registrert uten Altinn: Altinn er ikke satt opp ([altinn] mangler)"
        );
    }

    /// The `J` popup's lines of a page, as the popup words them.
    fn worded(lang: Lang, page: &JournalPage) -> Vec<String> {
        page.entries
            .iter()
            .map(|l| t::journal_line(lang, l, &page.mail_root))
            .collect()
    }

    fn entry(id: &str, ts: &str, action: Act) -> Entry {
        Entry {
            entry: id.into(),
            ts: chrono::DateTime::parse_from_rfc3339(ts).unwrap(),
            ..Entry::new(action, "kari")
        }
    }

    #[test]
    fn lines_show_what_was_done_and_where_it_went() {
        let root = Path::new("/m");
        let archive = Entry {
            suggested: Some(Act::Archive),
            rule: Some("archive-rest".into()),
            subject: Some("En melding".into()),
            id: Some("x,U=1".into()),
            from_path: Some("/m/INBOX/cur/x,U=1:2,S".into()),
            to_path: Some("/m/Altinn/cur/x:2,S".into()),
            ..entry("e1", "2026-11-26T08:02:11.000+01:00", Act::Archive)
        };
        let forward = Entry {
            suggested: Some(Act::Delete),
            rule: Some("sick-note".into()),
            forward_to: Some("lonn@sandnes.kommune.no".into()),
            transport: Some(Transport::Maildir),
            note: vec![journal::Note::WrittenToOutbox("/m/Outbox/new/1".into())],
            subject: Some("Sykmelding".into()),
            ..entry("e2", "2026-11-26T08:03:00.000+01:00", Act::Forward)
        };
        let undo = Entry {
            undoes: Some("e2".into()),
            note: vec![journal::Note::CannotRecall],
            subject: Some("Sykmelding".into()),
            ..entry("e3", "2026-11-26T08:04:00.000+01:00", Act::Undo)
        };
        let failed = Entry {
            result: journal::Outcome::Error,
            error: Some(journal::Failure::Detail(
                "Permission denied (os error 13)".into(),
            )),
            rule: Some("sick-note".into()),
            suggested: Some(Act::Delete),
            subject: Some("Ny".into()),
            from_path: Some("/m/INBOX/new/y".into()),
            ..entry("e4", "2026-11-26T08:05:00.000+01:00", Act::Delete)
        };
        let all = vec![archive, forward, undo, failed];
        let lines: Vec<String> = all
            .iter()
            .map(|e| t::journal_line(Lang::Nb, &journal_line(e, &all), root))
            .collect();
        assert_eq!(
            lines,
            [
                "08:02:11  kari  arkiver  (regel archive-rest)  «En melding»  INBOX → Altinn  ok",
                "08:03:00  kari  videresend → lonn@sandnes.kommune.no  (forslag slett, regel sick-note)  «Sykmelding»  ok  (skrevet til Outbox, ikke sendt)",
                "08:04:00  kari  angre videresend  «Sykmelding»  ok  (videresendingen ligger i Outbox, den ble ikke sendt)",
                "08:05:00  kari  slett  (regel sick-note)  «Ny»  INBOX  FEIL: Permission denied (os error 13)",
            ]
        );
    }

    #[test]
    fn the_page_has_only_today_and_reports_damage() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let entries = vec![
            entry("old", "2026-11-20T12:00:00.000+01:00", Act::Check),
            entry("a", "2026-11-26T12:00:00.000+01:00", Act::Skip),
        ];
        let bad = vec![BadLine {
            line: 2,
            problem: "EOF while parsing".into(),
        }];
        let page = today_page(&entries, &bad, today, Path::new("/m"), "j.jsonl".into());
        assert_eq!(page.entries.len(), 1);
        assert_eq!(page.entries[0].entry.entry, "a");
        assert!(!page.daily_check, "an old check is not today's");
        let warning = page.warning.as_ref().expect("the damage is reported");
        assert_eq!(
            t::journal_warning(Lang::En, &page.source, warning),
            "The journal j.jsonl has 1 damaged lines, skipped (line 2: EOF while parsing)"
        );
        assert_eq!(
            t::journal_warning(Lang::Nb, &page.source, warning),
            "Journalen j.jsonl har 1 skadde linjer som hoppes over (linje 2: EOF while parsing)"
        );
        let entries = vec![entry("c", "2026-11-26T12:00:00.000+01:00", Act::Check)];
        let page = today_page(&entries, &[], today, Path::new("/m"), "j".into());
        assert!(page.daily_check);
        let lines: Vec<String> = page
            .entries
            .iter()
            .map(|l| t::journal_line(Lang::Nb, l, &page.mail_root))
            .collect();
        assert_eq!(lines, ["12:00:00  kari  Altinn-innboksen sjekket"]);
        assert_eq!(page.warning, None);
    }
}
