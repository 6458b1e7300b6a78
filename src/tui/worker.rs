//! The seam between the TUI and the actions layer: the [`Executor`] trait, and what its
//! methods return.

use crate::config::Action;
use crate::scan::Item;

/// Carries out what the clerk decided. Every method returns the text the status line
/// shows (`Ok`) or the error (`Err`), already in the clerk's language.
pub trait Executor {
    /// Carries out `action` on the listed item. `Ok` holds an extra note for the status
    /// line (empty when there is nothing to add); `Err` the reason nothing was done.
    fn perform(&mut self, item: &Item, action: &Action) -> Result<String, String>;
    /// Undoes the most recent action of this session that is not undone yet (never
    /// another clerk's). `Ok` says which notification came back and what was restored.
    fn undo_last(&mut self) -> Result<Undone, String>;
    /// Records that the clerk checked the Altinn inbox by hand today (routine point 1).
    fn register_daily_check(&mut self) -> Result<String, String>;
    /// Today's journal: the entries, whether the daily check is recorded, and any trouble
    /// reading it.
    fn journal_today(&self) -> JournalPage;
}

/// What [`Executor::undo_last`] undid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The notification's unique name.
    pub id: String,
    /// A skip was undone: nothing moved, the notification only comes back to the queue.
    pub skip: bool,
    /// For the status line.
    pub text: String,
}

/// Today's journal as the `J` popup shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalPage {
    /// One line per entry of today, oldest first.
    pub lines: Vec<String>,
    /// Whether today's check of the Altinn inbox is recorded (by any clerk).
    pub daily_check: bool,
    /// Where the journal is, as shown under the entries.
    pub source: String,
    /// Damaged lines skipped or an unreadable file, for the status line.
    pub warning: Option<String>,
}
