//! The plan and the progress of a batch (the TUI's `A`: apply the suggestions of several
//! notifications): plain data beside the batch policy ([`super::select_batch`]) that
//! fills the plan; the TUI's update fills them in and `i18n/tui.rs` words them.

use crate::config::Action;

/// What `A` would do, shown in its confirmation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchPlan {
    /// (unique name, action) in queue order.
    pub actions: Vec<(String, Action)>,
    /// Whether the plan covers the marked items (else all listed items).
    pub marked: bool,
    /// Items the queue listed when the plan was made, and pending items in all (they
    /// differ under a filter).
    pub listed: usize,
    pub total: usize,
    /// The filter in force, or empty.
    pub filter: String,
    pub archive: usize,
    pub delete: usize,
    pub forward: usize,
    /// Left alone: suspicious, suggested skip, forwards to a placeholder address.
    pub suspicious: usize,
    pub skip: usize,
    pub placeholder: usize,
}

impl BatchPlan {
    /// Each forward address of the plan with how many forwards go there, in first-seen
    /// order.
    pub fn forward_addresses(&self) -> Vec<(&str, usize)> {
        let mut out: Vec<(&str, usize)> = Vec::new();
        for (_, a) in &self.actions {
            if let Action::Forward(to) = a {
                match out.iter_mut().find(|(t, _)| *t == to.as_str()) {
                    Some((_, n)) => *n += 1,
                    None => out.push((to.as_str(), 1)),
                }
            }
        }
        out
    }
}

/// Progress of an `A` batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchProgress {
    pub total: usize,
    pub done: usize,
    pub archived: usize,
    pub deleted: usize,
    pub forwarded: usize,
    pub skipped: usize,
    pub failed: usize,
    pub last_error: Option<String>,
}
