//! What acting needs below the actions layer: its typed errors (why the actor could not
//! go on, why the mailbox lock could not be had, why an entry cannot be undone) and the
//! [`Acting`] seam through which `followup` acts with the one `actions::Actor`. So
//! `actions` calls into `followup` (undo of a step, the daily check) without `followup`
//! importing `actions` back; both import this module.

use crate::config::Config;
use crate::journal::{Act, Entry, Journal, Outcome};
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// The one who acts, as `followup` sees it: implemented by `actions::Actor`.
pub trait Acting {
    fn config(&self) -> &Config;
    /// Who acts (the journal's `user`).
    fn user(&self) -> &str;
    fn journal(&self) -> &Journal;
    /// Refuses before anything is done when the journal cannot take entries.
    fn preflight(&self) -> Result<(), ActError>;
}

/// Why the actor could not go on. Per-message failures are journaled entries instead.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    #[error("cannot read the folder {}: {source}", path.display())]
    Folder { path: PathBuf, source: io::Error },
    /// The entry could not be journaled; `entry.result` says whether the action happened.
    #[error(
        "the {} of {} {}, but the journal {} could not be written: {source}",
        act_name(entry.action),
        entry.id.as_deref().unwrap_or("?"),
        match entry.result { Outcome::Ok => "was done", Outcome::Pending => "was about to start (nothing was sent)", Outcome::Refused => "was refused", Outcome::Error => "failed" },
        path.display()
    )]
    Journal {
        entry: Box<Entry>,
        path: PathBuf,
        source: io::Error,
    },
    #[error("cannot read the journal {}: {source}", path.display())]
    ReadJournal { path: PathBuf, source: io::Error },
    /// Found before anything was done: the journal cannot take entries.
    #[error("the journal {} cannot be written, so nothing is done: {source}", path.display())]
    JournalUnusable { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Lock(#[from] LockError),
}

fn act_name(a: Act) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Who holds the mailbox lock, as written into the lock file by the holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub user: String,
    pub since: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pid {}, user {}, since {}",
            self.pid, self.user, self.since
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process acts on this mail root and did not finish within the patience.
    #[error(
        "another altinn-sweep is acting on this mailbox ({}); gave up after {} s",
        holder.as_ref().map_or_else(|| "holder unknown".to_string(), Holder::to_string),
        waited.as_secs()
    )]
    Busy {
        holder: Option<Holder>,
        waited: Duration,
    },
    #[error("cannot take the lock {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Why an entry cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotUndoable {
    #[error("entry {0} is not an action that can be undone")]
    NotAnAction(String),
    #[error("entry {} has already been undone (entry {})", target, by.entry)]
    AlreadyUndone { target: String, by: Box<Entry> },
    #[error("the entry does not say where the message went")]
    NoDestination,
    #[error("{}: not a path inside a Maildir folder", .0.display())]
    NotInMaildir(PathBuf),
    #[error("{}: outside the mail root; undo moves nothing there", .0.display())]
    OutsideMailRoot(PathBuf),
    #[error("the message is no longer in {} (moved or expunged by someone else): nothing to undo", .0.display())]
    NoLongerThere(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    #[error(transparent)]
    Not(#[from] NotUndoable),
    #[error(transparent)]
    Act(#[from] ActError),
}
