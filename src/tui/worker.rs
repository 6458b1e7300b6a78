//! The seam between the TUI and the actions layer: the [`Executor`] trait, what its
//! methods return, and the [`Worker`] thread that calls it, so that the event loop never
//! waits for an action (a forward may wait for sendmail or an SMTP server until its
//! deadline) and the screen keeps answering keys meanwhile.

use super::app::{FollowupPage, Msg, StepUndone};
use crate::altinn::routine::DialogRef;
use crate::config::Action;
use crate::followup::{Item as Item0, Step};
use crate::journal::{Note, Timestamp};
use crate::scan::Item;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};

pub use crate::i18n::tui::{AltinnDone, JobError, JournalLine, JournalWarning};

/// Carries out what the clerk decided, on the [`Worker`]'s thread (hence `Send`), one
/// call at a time. Every method returns what was done (`Ok`) or why not (`Err`, a
/// [`JobError`]) as facts; `update` words them in the clerk's language.
pub trait Executor: Send {
    /// Carries out `action` on the listed item. `Ok` holds the journal entry's notes
    /// (empty when there is nothing to add); `Err` the reason nothing was done.
    fn perform(&mut self, item: &Item, action: &Action) -> Result<Vec<Note>, JobError>;
    /// Undoes the most recent action of this session that is not undone yet (never
    /// another clerk's). `Ok` says which notification came back and what was restored.
    fn undo_last(&mut self) -> Result<Undone, JobError>;
    /// Records that the clerk checked the Altinn inbox by hand today (routine point 1);
    /// `Ok`: when it was recorded.
    fn register_daily_check(&mut self) -> Result<Timestamp, JobError>;
    /// Today's journal: the entries, whether the daily check is recorded, and any trouble
    /// reading it.
    fn journal_today(&self) -> JournalPage;
    /// The figures of the last [`super::app::stats::WEEKS`] weeks, as `altinn-sweep stats`
    /// computes them (`Err`: the journal or the follow-up list cannot be read).
    fn stats(&self) -> Result<crate::stats::Stats, JobError>;
    /// The daily check through Dialogporten (routine point 1), recorded in the journal as
    /// `altinn check` records it; never marks anything as seen. `Err`: it could not run
    /// (no `[altinn]` section, the key, the token, the server).
    fn altinn_check(&mut self) -> Result<super::app::AltinnReport, JobError>;
    /// The follow-up list (open items, overdue first) and today's daily check and duty,
    /// from the mailbox's shared records.
    fn followup_page(&self) -> Result<FollowupPage, JobError>;
    /// Moves the follow-up `item` on to `step` (`to`: to whom, for "distributed"), under
    /// the mailbox lock, journaled and shared. With Altinn, "archived in Altinn" and
    /// "local copies deleted" are done through the API first (`fetched` only through
    /// [`Executor::altinn_fetch`], after the clerk's yes). `Ok` says what was done in
    /// Altinn, or why the step was recorded without it.
    fn followup_step(
        &mut self,
        item: &Item0,
        step: Step,
        to: Option<&str>,
    ) -> Result<StepDone, JobError>;
    /// The dialog in Altinn of the follow-up `item` (for "fetched": the question before
    /// fetching names the folder), or why the step would be recorded by hand.
    fn followup_dialog(&mut self, item: &Item0) -> Result<DialogLookup, JobError>;
    /// Fetches the dialog's documents (this marks it seen in Altinn) and checks off
    /// "fetched"; `Ok` says how many files went where.
    fn altinn_fetch(&mut self, item: &Item0, dialog: &DialogRef) -> Result<StepDone, JobError>;
    /// Undoes this session's last follow-up step.
    fn undo_followup(&mut self) -> Result<StepUndone, JobError>;
}

/// A follow-up step recorded: what the status line adds to "recorded".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StepDone {
    /// Recorded; nothing to add (a step Altinn has no part in).
    #[default]
    Recorded,
    /// Recorded by hand, without Altinn, for this reason.
    ByHand(crate::i18n::tui::followup::WithoutAltinn),
    /// Done in Altinn (files saved where, archived, copies deleted) and checked off.
    Altinn(AltinnDone),
}

/// What [`Executor::followup_dialog`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogLookup {
    /// The item's dialog, and the folder its documents would be saved in (as shown).
    Found { dialog: DialogRef, folder: String },
    /// Not through Altinn: the step is recorded by hand, for this reason.
    Without(crate::i18n::tui::followup::WithoutAltinn),
}

/// What [`Executor::undo_last`] undid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The notification's unique name.
    pub id: String,
    /// Its subject (from the mail: inert it before showing).
    pub subject: String,
    pub how: Undid,
}

/// How an action came undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undid {
    /// A skip: nothing moved, the notification only comes back to the queue.
    Skip,
    /// Moved back to the inbox. `forward_to`: it was a forward to this address, sent
    /// (it cannot be recalled) or, with `outbox`, only written to the Outbox.
    MovedBack {
        forward_to: Option<String>,
        outbox: bool,
    },
    /// Undone before, by `user` at `at` (the command line, or another clerk).
    AlreadyUndone { user: String, at: Timestamp },
}

impl Undone {
    /// A skip was undone: nothing moved.
    pub fn skip(&self) -> bool {
        self.how == Undid::Skip
    }
}

/// Today's journal as the `J` popup shows it: facts, worded by the popup
/// (`i18n::tui::journal_line`) and `update` (`i18n::tui::journal_warning`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalPage {
    /// Today's entries, oldest first.
    pub entries: Vec<JournalLine>,
    /// Whether today's check of the Altinn inbox is recorded (by any clerk).
    pub daily_check: bool,
    /// Where the journal is, as shown under the entries.
    pub source: String,
    /// The mail root: the entries' folders are shown relative to it.
    pub mail_root: PathBuf,
    /// Damaged lines skipped or an unreadable file, for the status line.
    pub warning: Option<JournalWarning>,
}

/// One call of the executor.
#[derive(Debug, Clone)]
pub enum Job {
    /// [`Executor::perform`]; `batch` when it is part of an `A` batch.
    Perform {
        item: Box<Item>,
        action: Action,
        batch: bool,
    },
    Undo,
    DailyCheck,
    Journal,
    Stats,
    AltinnCheck,
    Followup,
    FollowupStep {
        item: Box<Item0>,
        step: Step,
        to: Option<String>,
    },
    FollowupUndo,
    FollowupDialog {
        item: Box<Item0>,
    },
    AltinnFetch {
        item: Box<Item0>,
        dialog: DialogRef,
    },
}

impl Job {
    pub fn is_batch(&self) -> bool {
        matches!(self, Job::Perform { batch: true, .. })
    }

    /// Carries the job out and says how it went, as the message `update` takes.
    pub fn run(self, exec: &mut dyn Executor) -> Msg {
        match self {
            Job::Perform {
                item,
                action,
                batch,
            } => {
                let outcome = exec.perform(&item, &action);
                Msg::Performed {
                    id: item.file.name.unique.clone(),
                    action,
                    outcome,
                    batch,
                }
            }
            Job::Undo => Msg::Undone(exec.undo_last()),
            Job::DailyCheck => Msg::DailyCheckRegistered(exec.register_daily_check()),
            Job::Journal => Msg::JournalLoaded(Ok(exec.journal_today())),
            Job::Stats => Msg::StatsLoaded(exec.stats().map(Box::new)),
            Job::AltinnCheck => Msg::AltinnChecked(exec.altinn_check().map(Box::new)),
            Job::Followup => Msg::FollowupLoaded(exec.followup_page()),
            Job::FollowupStep { item, step, to } => Msg::FollowupStepped {
                outcome: exec.followup_step(&item, step, to.as_deref()),
                id: item.id.clone(),
                step,
            },
            Job::FollowupUndo => Msg::FollowupUndone(exec.undo_followup()),
            Job::FollowupDialog { item } => Msg::FollowupDialog {
                lookup: exec.followup_dialog(&item),
                item,
            },
            Job::AltinnFetch { item, dialog } => Msg::FollowupStepped {
                outcome: exec.altinn_fetch(&item, &dialog),
                id: item.id.clone(),
                step: Step::Fetched,
            },
        }
    }

    /// What the app hears when the job could not be carried out at all (the executor
    /// panicked): an error in the job's own terms.
    pub fn failed(self, why: JobError) -> Msg {
        match self {
            Job::Perform {
                item,
                action,
                batch,
            } => Msg::Performed {
                id: item.file.name.unique.clone(),
                action,
                outcome: Err(why),
                batch,
            },
            Job::Undo => Msg::Undone(Err(why)),
            Job::DailyCheck => Msg::DailyCheckRegistered(Err(why)),
            Job::Journal => Msg::JournalLoaded(Err(why)),
            Job::Stats => Msg::StatsLoaded(Err(why)),
            Job::AltinnCheck => Msg::AltinnChecked(Err(why)),
            Job::Followup => Msg::FollowupLoaded(Err(why)),
            Job::FollowupStep { item, step, .. } => Msg::FollowupStepped {
                id: item.id.clone(),
                step,
                outcome: Err(why),
            },
            Job::FollowupUndo => Msg::FollowupUndone(Err(why)),
            Job::FollowupDialog { item } => Msg::FollowupDialog {
                item,
                lookup: Err(why),
            },
            Job::AltinnFetch { item, .. } => Msg::FollowupStepped {
                id: item.id.clone(),
                step: Step::Fetched,
                outcome: Err(why),
            },
        }
    }
}

/// The executor on its own thread: jobs go in one at a time through a channel (one
/// sender, one receiver), each answer comes back through `reply`. The thread ends when
/// the `Worker` is dropped and the job in hand is done; a job that hangs does not keep
/// the process from exiting (the thread is not joined). `reply` gets each answer and
/// whether the executor panicked (its message may then be over the screen).
pub struct Worker {
    jobs: Sender<Job>,
}

impl Worker {
    pub fn spawn(
        mut exec: Box<dyn Executor>,
        reply: impl Fn(Msg, bool) + Send + 'static,
    ) -> std::io::Result<Worker> {
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("executor".into())
            .spawn(move || {
                for job in rx {
                    let spare = job.clone();
                    // a panic in the executor is an error of this job, not of the TUI
                    let msg = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        job.run(&mut *exec)
                    }));
                    match msg {
                        Ok(msg) => reply(msg, false),
                        Err(p) => {
                            let what = p
                                .downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| p.downcast_ref::<String>().cloned())
                                .unwrap_or_default();
                            reply(spare.failed(JobError::Internal(what)), true)
                        }
                    }
                }
            })?;
        Ok(Worker { jobs })
    }
}

impl Worker {
    /// Hands `job` to the thread (which carries jobs out in the order given).
    pub fn send(&self, job: Job) -> Result<(), Job> {
        self.jobs.send(job).map_err(|e| e.0)
    }
}

#[cfg(test)]
mod tests {
    //! A failure on each screen, from an executor that fails as the real one does, through
    //! `Job::run` and `update` to what the clerk reads, in bokmål and in English.

    use super::*;
    use crate::actions::{Holder, LockError};
    use crate::altinn::AltinnError;
    use crate::followup::Party;
    use crate::i18n::Lang;
    use crate::tui::app::altinn::CheckState;
    use crate::tui::app::stats::StatsState;
    use crate::tui::app::{App, Command, Screen, Settings, StatusKind, update};
    use std::time::Duration;

    /// Another clerk's altinn-sweep holds the mailbox: every act gives up after 2 s; the
    /// check cannot reach Dialogporten in time; the journal is not readable.
    struct Busy;

    fn busy() -> JobError {
        JobError::Lock(LockError::Busy {
            holder: Some(Holder {
                pid: 4242,
                user: "ola".into(),
                since: "09:14:03".into(),
            }),
            waited: Duration::from_secs(2),
        })
    }

    impl Executor for Busy {
        fn perform(&mut self, _: &Item, _: &Action) -> Result<Vec<Note>, JobError> {
            Err(busy())
        }
        fn undo_last(&mut self) -> Result<Undone, JobError> {
            Err(busy())
        }
        fn register_daily_check(&mut self) -> Result<Timestamp, JobError> {
            Err(busy())
        }
        fn journal_today(&self) -> JournalPage {
            JournalPage::default()
        }
        fn stats(&self) -> Result<crate::stats::Stats, JobError> {
            Err(JobError::ReadJournal {
                path: "/home/kari/.local/share/altinn-sweep/journal.jsonl".into(),
                source: std::io::Error::from_raw_os_error(13),
            })
        }
        fn altinn_check(&mut self) -> Result<super::super::app::AltinnReport, JobError> {
            Err(JobError::Altinn(AltinnError::Timeout {
                what: "parties".into(),
                secs: 30,
            }))
        }
        fn followup_page(&self) -> Result<FollowupPage, JobError> {
            Err(busy())
        }
        fn followup_step(
            &mut self,
            _: &Item0,
            _: Step,
            _: Option<&str>,
        ) -> Result<StepDone, JobError> {
            Err(busy())
        }
        fn followup_dialog(&mut self, _: &Item0) -> Result<DialogLookup, JobError> {
            Err(busy())
        }
        fn altinn_fetch(&mut self, _: &Item0, _: &DialogRef) -> Result<StepDone, JobError> {
            Err(busy())
        }
        fn undo_followup(&mut self) -> Result<StepUndone, JobError> {
            Err(busy())
        }
    }

    const BUSY_NB: &str = "en annen altinn-sweep arbeider med denne postkassen (pid 4242, bruker ola, siden 09:14:03); ga opp etter 2 s";
    const BUSY_EN: &str = "another altinn-sweep is acting on this mailbox (pid 4242, user ola, since 09:14:03); gave up after 2 s";

    fn app(lang: Lang, screen: Screen) -> App {
        let mut app = App::new(Settings {
            lang,
            today: "2026-12-01".into(),
            clerk: "kari".into(),
            mailbox: "~/Mail/INBOX".into(),
            notice: None,
            demo: false,
            color: true,
        })
        .with_report(crate::scan::Report {
            items: vec![crate::tui::app::queue::tests::item(
                "a",
                1,
                "Sykmelding",
                Action::Archive,
                false,
            )],
            ..Default::default()
        });
        let _ = update(&mut app, Msg::Cmd(Command::Show(screen)));
        app
    }

    /// Runs `job` on the failing executor and gives the status line that results.
    fn status(app: &mut App, job: Job) -> String {
        let _ = update(app, job.run(&mut Busy));
        let status = app.status.clone().expect("a status");
        assert_eq!(status.kind, StatusKind::Error, "{}", status.text);
        status.text
    }

    fn both(screen: Screen, job: impl Fn(&App) -> Job) -> (String, String) {
        let (mut nb, mut en) = (app(Lang::Nb, screen), app(Lang::En, screen));
        let (jnb, jen) = (job(&nb), job(&en));
        (status(&mut nb, jnb), status(&mut en, jen))
    }

    fn notice() -> Item0 {
        Item0 {
            id: "n1".into(),
            path: "/m/Altinn/cur/n1".into(),
            step: Step::Archived,
            party: Party {
                name: "Sandnes kommune".into(),
                org: None,
            },
            subject: "Melding fra Skatteetaten".into(),
            arrived: None,
            age_days: 2,
            overdue: false,
            distributed_to: None,
            last_by: None,
            last_at: None,
            distributed_at: None,
        }
    }

    #[test]
    fn the_queue_says_why_an_action_an_undo_and_the_check_failed() {
        let perform = |app: &App| Job::Perform {
            item: Box::new(app.selected().expect("an item").clone()),
            action: Action::Archive,
            batch: false,
        };
        assert_eq!(
            both(Screen::Queue, perform),
            (
                format!(
                    "Kunne ikke arkivere «Sykmelding»: {BUSY_NB}. Varselet er fortsatt i køen."
                ),
                format!(
                    "Could not archive “Sykmelding”: {BUSY_EN}. The notification is still in the queue."
                ),
            )
        );
        assert_eq!(
            both(Screen::Queue, |_| Job::Undo),
            (
                format!("Kunne ikke angre: {BUSY_NB}"),
                format!("Could not undo: {BUSY_EN}")
            )
        );
        assert_eq!(
            both(Screen::Queue, |_| Job::DailyCheck),
            (
                format!("Kunne ikke registrere sjekken av Altinn-innboksen: {BUSY_NB}"),
                format!("Could not record the Altinn inbox check: {BUSY_EN}")
            )
        );
    }

    #[test]
    fn the_follow_up_screen_says_why_a_step_and_the_list_failed() {
        let step = |_: &App| Job::FollowupStep {
            item: Box::new(notice()),
            step: Step::Distributed,
            to: Some("Økonomi".into()),
        };
        assert_eq!(
            both(Screen::Followup, step),
            (
                format!("«fordelt» ble ikke registrert: {BUSY_NB}"),
                format!("“distributed” was not recorded: {BUSY_EN}")
            )
        );
        let (nb, en) = both(Screen::Followup, |_| Job::Followup);
        assert_eq!(
            (nb, en),
            (
                format!("Kunne ikke lese oppfølgingen: {BUSY_NB}"),
                format!("Could not read the follow-up: {BUSY_EN}")
            )
        );
        let mut a = app(Lang::Nb, Screen::Followup);
        let _ = status(&mut a, Job::Followup);
        assert_eq!(a.followup.error.as_deref(), Some(BUSY_NB));
    }

    #[test]
    fn the_altinn_screen_says_why_the_check_could_not_run() {
        let (nb, en) = both(Screen::Altinn, |_| Job::AltinnCheck);
        assert_eq!(
            (nb.as_str(), en.as_str()),
            (
                "parties: fikk ikke svar innen 30 s (tjeneren er treg eller utilgjengelig)",
                "parties: no answer within 30 s (the server is slow or unreachable)"
            )
        );
        let mut a = app(Lang::Nb, Screen::Altinn);
        let _ = status(&mut a, Job::AltinnCheck);
        assert!(
            matches!(&a.altinn.state, CheckState::Failed(e) if *e == nb),
            "{:?}",
            a.altinn.state
        );
        assert!(
            !a.daily_check,
            "a check that did not run is not today's check"
        );
    }

    #[test]
    fn the_statistics_screen_says_why_the_figures_are_missing() {
        let (nb, en) = both(Screen::Stats, |_| Job::Stats);
        let journal = "/home/kari/.local/share/altinn-sweep/journal.jsonl";
        let os = std::io::Error::from_raw_os_error(13).to_string();
        assert_eq!(
            (nb, en),
            (
                format!("Statistikken kan ikke regnes ut: Kan ikke lese journalen {journal}: {os}"),
                format!("Cannot compute the statistics: Cannot read the journal {journal}: {os}")
            )
        );
        let mut a = app(Lang::En, Screen::Stats);
        let _ = status(&mut a, Job::Stats);
        assert!(
            matches!(&a.stats.state, StatsState::Failed(e) if e.starts_with("Cannot read the journal"))
        );
    }

    /// A panic in the executor is this job's error, in the clerk's language.
    #[test]
    fn a_job_the_executor_could_not_carry_out_says_so_in_both_languages() {
        let (nb, en) = both(Screen::Queue, |_| Job::Undo);
        assert!(nb.ends_with(BUSY_NB) && en.ends_with(BUSY_EN));
        for (lang, want) in [
            (Lang::Nb, "Kunne ikke angre: intern feil: boom"),
            (Lang::En, "Could not undo: internal error: boom"),
        ] {
            let mut a = app(lang, Screen::Queue);
            let _ = update(&mut a, Job::Undo.failed(JobError::Internal("boom".into())));
            assert_eq!(a.status.unwrap().text, want);
        }
    }
}
