//! Why a job of the TUI's executor (or its background reading) did not do what the clerk
//! asked, as a fact ([`JobError`], wrapping the library's typed errors), and its words in
//! bokmål and English ([`job_error`]), used wherever the status line, a popup or a screen
//! shows it. The type lives here, below `tui`, so that wording it does not make `i18n`
//! import the TUI (the seam `tui::worker` re-exports it).

use super::followup as w;
use super::followup::WithoutAltinn;
use crate::actions::{ActError, LockError, UndoError};
use crate::altinn::AltinnError;
use crate::altinn::routine::RoutineError;
use crate::browser::BrowserError;
use crate::followup::{FollowupError, Step};
use crate::i18n::{Lang, journal as words};
use crate::journal::Failure;
use crate::text::inert;
use std::path::PathBuf;

/// What was done in Altinn (or on the documents saved from it) for a follow-up step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AltinnDone {
    /// The dialog's documents: `saved` files in `folder`; `without_api` attachments only
    /// Arbeidsflate shows.
    Fetched {
        saved: usize,
        folder: PathBuf,
        without_api: usize,
    },
    /// The dialog got the Archive system label.
    Archived,
    /// `deleted` local copies removed from `folder`.
    Cleaned { deleted: usize, folder: PathBuf },
}

/// Why an executor job (or reading the inbox or a message) failed. The English
/// `Display` is for logs and tests; the clerk reads [`job_error`].
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Refused before anything was done, or done and failed: the journal's failure.
    #[error("{0}")]
    Failed(Failure),
    /// Failed, and the journal entry names no reason.
    #[error("unknown error")]
    Unknown,
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Act(#[from] ActError),
    #[error(transparent)]
    Undo(#[from] UndoError),
    #[error(transparent)]
    Followup(#[from] FollowupError),
    /// An act of routine point 3 (fetch, archive, delete the copies, find the dialog).
    #[error(transparent)]
    Routine(#[from] RoutineError),
    /// Maskinporten or Dialogporten (the key, the token, the check).
    #[error(transparent)]
    Altinn(#[from] AltinnError),
    #[error(transparent)]
    Browser(#[from] BrowserError),
    /// The message is no longer in the inbox: someone else handled it since the scan.
    #[error("already handled elsewhere")]
    HandledElsewhere,
    /// `u` with none of this session's acts left to undo (`followup`: the follow-up
    /// screen's steps).
    #[error("nothing to undo in this session")]
    NothingToUndo { followup: bool },
    /// The journal could not be read.
    #[error("cannot read the journal {}: {source}", path.display())]
    ReadJournal {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A message file could not be read (the message view's source).
    #[error("{}: {source}", path.display())]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The inbox could not be listed or scanned.
    #[error(transparent)]
    Inbox(std::io::Error),
    /// The Altinn check without an `[altinn]` section in `config_file` (as shown).
    #[error("{config_file}: no [altinn] section")]
    NoAltinnSection { config_file: String },
    /// A step that needs Altinn could not use it, for this reason.
    #[error("without Altinn: {0:?}")]
    WithoutAltinn(WithoutAltinn),
    /// Archiving refused: the dialog's revision is not known (no blind archive).
    #[error("the dialog's revision in Altinn is unknown")]
    NoRevision,
    /// The act in Altinn is done, but the follow-up step could not be checked off.
    #[error("{done:?} done, but the step was not checked off: {why}")]
    NotCheckedOff {
        done: AltinnDone,
        why: Box<JobError>,
    },
    /// The act in Altinn is done; the item stays at `step` (closed only once distributed).
    #[error("{done:?} done; the item stays at {}", step.name())]
    Stays { done: AltinnDone, step: Step },
    /// The executor (or a background job) panicked, with this message.
    #[error("internal error: {0}")]
    Internal(String),
    /// The executor's thread is gone: the job could not be handed to it.
    #[error("internal error: the executor stopped")]
    ExecutorStopped,
}

/// What was done in Altinn, in the clerk's words.
pub fn altinn_done(lang: Lang, done: &AltinnDone) -> String {
    match done {
        AltinnDone::Fetched {
            saved,
            folder,
            without_api,
        } => w::fetched(lang, *saved, &folder.display().to_string(), *without_api),
        AltinnDone::Archived => w::archived_in_altinn(lang).into(),
        AltinnDone::Cleaned { deleted, folder } => {
            w::cleaned(lang, *deleted, &folder.display().to_string())
        }
    }
}

/// Why the browser did not start.
pub fn browser_error(lang: Lang, e: &BrowserError) -> String {
    match (lang, e) {
        (Lang::Nb, BrowserError::NoBrowser) => {
            "ingen nettleser: $BROWSER er ikke satt, og det er ingen skjerm for xdg-open".into()
        }
        (Lang::Nb, BrowserError::Spawn { program, reason }) => {
            format!("{program} kunne ikke startes: {reason}")
        }
        (Lang::Nb, BrowserError::Failed { program, status }) => {
            format!("{program} feilet ({status})")
        }
        (Lang::En, e) => e.to_string(),
    }
}

/// A routine error in the clerk's words: a 412 on archive says what to do next.
fn routine_error(lang: Lang, e: &RoutineError) -> String {
    match e {
        RoutineError::Altinn(AltinnError::Conflict { .. }) => w::archive_conflict(lang).into(),
        RoutineError::Altinn(a) => super::altinn_error(lang, a),
        RoutineError::Journal(a) => words::act_error(lang, a),
        RoutineError::Followup(f) => words::followup_error(lang, f),
        other => inert(&other.to_string(), true),
    }
}

/// A job's error in the clerk's words: the library's own wording where it has one
/// (`i18n::journal`, `i18n::cli`), the TUI's otherwise.
pub fn job_error(lang: Lang, e: &JobError) -> String {
    match e {
        JobError::Failed(f) => words::failure(lang, f),
        JobError::Unknown => super::unknown_error(lang).into(),
        JobError::Lock(l) => words::lock(lang, l),
        JobError::Act(a) => words::act_error(lang, a),
        JobError::Undo(u) => words::undo_error(lang, u),
        JobError::Followup(f) => words::followup_error(lang, f),
        JobError::Routine(r) => routine_error(lang, r),
        JobError::Altinn(a) => super::altinn_error(lang, a),
        JobError::Browser(b) => browser_error(lang, b),
        JobError::HandledElsewhere => super::already_handled_elsewhere(lang).into(),
        JobError::NothingToUndo { followup: false } => {
            super::nothing_to_undo_in_session(lang).into()
        }
        JobError::NothingToUndo { followup: true } => w::nothing_to_undo(lang).into(),
        JobError::ReadJournal { path, source } => format!(
            "{} {}: {source}",
            super::cannot_read_journal(lang),
            path.display()
        ),
        JobError::ReadFile { path, source } => format!("{}: {source}", path.display()),
        JobError::Inbox(e) => crate::i18n::folder_error(lang, e),
        JobError::NoAltinnSection { config_file } => {
            crate::i18n::cli::no_altinn_section(lang, config_file)
        }
        JobError::WithoutAltinn(why) => w::without_altinn(lang, *why).into(),
        JobError::NoRevision => w::no_revision(lang).into(),
        JobError::NotCheckedOff { done, why } => {
            w::not_checked_off(lang, &altinn_done(lang, done), &job_error(lang, why))
        }
        JobError::Stays { done, step } => {
            format!("{}; {}", altinn_done(lang, done), w::stays_at(lang, *step))
        }
        JobError::Internal(what) => match lang {
            Lang::Nb => format!("intern feil: {what}"),
            Lang::En => format!("internal error: {what}"),
        },
        JobError::ExecutorStopped => lang
            .pick(
                "intern feil: utføreren har stoppet",
                "internal error: the executor stopped",
            )
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::NotUndoable;
    use std::time::Duration;

    /// Every error the TUI can show is worded in both languages, and the two differ
    /// except where the text is the system's or the server's own.
    #[test]
    fn every_job_error_in_both_languages() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let fetched = AltinnDone::Fetched {
            saved: 2,
            folder: "/d/x".into(),
            without_api: 1,
        };
        let translated = vec![
            JobError::Failed(Failure::ChangedSinceScan),
            JobError::Unknown,
            JobError::Lock(LockError::Busy {
                holder: None,
                waited: Duration::from_secs(2),
            }),
            JobError::Act(ActError::ReadJournal {
                path: "/j".into(),
                source: io(),
            }),
            JobError::Undo(UndoError::Not(NotUndoable::NoDestination)),
            JobError::Followup(FollowupError::NeedsRecipient),
            JobError::Routine(RoutineError::Altinn(AltinnError::Conflict {
                id: "d".into(),
            })),
            JobError::Altinn(AltinnError::Timeout {
                what: "parties".into(),
                secs: 3,
            }),
            JobError::Browser(BrowserError::NoBrowser),
            JobError::Browser(BrowserError::Failed {
                program: "xdg-open".into(),
                status: "exit status: 3".into(),
            }),
            JobError::HandledElsewhere,
            JobError::NothingToUndo { followup: false },
            JobError::NothingToUndo { followup: true },
            JobError::ReadJournal {
                path: "/j".into(),
                source: io(),
            },
            JobError::NoAltinnSection {
                config_file: "c.toml".into(),
            },
            JobError::WithoutAltinn(WithoutAltinn::NotConfigured),
            JobError::NoRevision,
            JobError::NotCheckedOff {
                done: fetched.clone(),
                why: Box::new(JobError::Lock(LockError::Busy {
                    holder: None,
                    waited: Duration::from_secs(2),
                })),
            },
            JobError::Stays {
                done: AltinnDone::Cleaned {
                    deleted: 1,
                    folder: "/d/x".into(),
                },
                step: Step::Archived,
            },
            JobError::Internal("boom".into()),
            JobError::ExecutorStopped,
        ];
        for e in &translated {
            let (nb, en) = (job_error(Lang::Nb, e), job_error(Lang::En, e));
            assert!(!nb.trim().is_empty() && !en.trim().is_empty(), "{e:?}");
            assert_ne!(nb, en, "{e:?} is not translated");
        }
        // the system's own words stay as they came, in both languages
        for e in [
            JobError::Failed(Failure::Detail("exit 75".into())),
            JobError::ReadFile {
                path: "/m/x".into(),
                source: io(),
            },
            JobError::Inbox(io()),
        ] {
            assert_eq!(job_error(Lang::Nb, &e), job_error(Lang::En, &e), "{e:?}");
        }
        for d in [fetched, AltinnDone::Archived] {
            assert_ne!(altinn_done(Lang::Nb, &d), altinn_done(Lang::En, &d));
        }
    }
}
