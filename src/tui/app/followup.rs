//! The follow-up screen's state (routine point 3): the open items as the library lists
//! them (`followup::list`, read through the executor), what the clerk sees of them (the
//! filter), the cursor, and today's daily check and duty for the header. The data are
//! the library's types; the words come in the view.

use crate::followup::{Item, Step};
use crate::journal::Timestamp;

/// One row of the follow-up screen: the library's item and the trusted Altinn address
/// for its party (from the configuration's template; `None` without an org number).
#[derive(Debug, Clone)]
pub struct Row {
    pub item: Item,
    pub altinn_url: Option<String>,
}

/// Today's daily check and duty, from the records every clerk shares (after a sync)
/// and this PC's journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Today {
    /// Who did today's first check, and when.
    pub check: Option<(String, Timestamp)>,
    /// Who is on duty today (`[roster]`).
    pub on_duty: Option<String>,
    /// Whether today is a working day (no check is expected on others).
    pub working_day: bool,
    /// Working days of the last weeks (before today) without a check.
    pub days_without_check: usize,
}

/// What the executor reads for the follow-up screen and the header.
#[derive(Debug, Clone, Default)]
pub struct FollowupPage {
    /// The open items: overdue first, then oldest first.
    pub rows: Vec<Row>,
    /// The recipients offered for "distributed to": used before, then configured.
    pub choices: Vec<String>,
    pub today: Today,
    /// Files in the step folders that could not be read.
    pub warnings: usize,
}

/// What undoing a step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepUndone {
    pub subject: String,
    /// The step the item is back at.
    pub back_to: Step,
}

/// The follow-up list and the cursor.
#[derive(Debug, Default)]
pub struct FollowupModel {
    rows: Vec<Row>,
    /// Indices into `rows` of what the filter lets through.
    visible: Vec<usize>,
    /// Lower-cased party, org number, subject and recipient of each row.
    haystacks: Vec<String>,
    cursor: usize,
    filter: String,
    /// The first row shown.
    pub offset: usize,
    /// Whether a list has come back at least once.
    pub loaded: bool,
    /// Why the last reading failed.
    pub error: Option<String>,
    pub choices: Vec<String>,
    pub warnings: usize,
    /// The item whose step is in the executor's hands.
    pub working: Option<String>,
    /// Steps of this session that `u` can undo.
    pub undoable: usize,
}

impl FollowupModel {
    /// Every open item, overdue first.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    pub fn visible_rows(&self) -> impl Iterator<Item = &Row> {
        self.visible.iter().map(|&i| &self.rows[i])
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn selected(&self) -> Option<&Row> {
        self.visible.get(self.cursor).map(|&i| &self.rows[i])
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected().map(|r| r.item.id.clone())
    }

    pub fn overdue_count(&self) -> usize {
        self.rows.iter().filter(|r| r.item.overdue).count()
    }

    pub fn move_to(&mut self, pos: usize) {
        self.cursor = pos.min(self.visible.len().saturating_sub(1));
    }

    /// A new list from the mailbox; the selection stays on its item while it is listed
    /// (a finished one has left: the cursor stays at its place).
    pub fn load(&mut self, page: FollowupPage) {
        let keep = self.selected_id();
        self.rows = page.rows;
        self.choices = page.choices;
        self.warnings = page.warnings;
        self.loaded = true;
        self.error = None;
        self.haystacks = self
            .rows
            .iter()
            .map(|r| {
                let i = &r.item;
                format!(
                    "{}\n{}\n{}\n{}",
                    i.party.name,
                    i.party.org.map(|o| o.digits()).unwrap_or_default(),
                    i.subject,
                    i.distributed_to.as_deref().unwrap_or("")
                )
                .to_lowercase()
            })
            .collect();
        self.relist(keep);
    }

    /// Filters by `text` (party, org number, subject, recipient).
    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        let keep = self.selected_id();
        self.relist(keep);
    }

    fn relist(&mut self, keep: Option<String>) {
        let needle = self.filter.trim().to_lowercase();
        // the org number as printed ("964 965 137") matches too
        let digits: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        self.visible = (0..self.rows.len())
            .filter(|&i| {
                needle.is_empty()
                    || self.haystacks[i].contains(&needle)
                    || (digits.chars().all(|c| c.is_ascii_digit())
                        && self.haystacks[i].contains(&digits))
            })
            .collect();
        if let Some(id) = keep
            && let Some(pos) = self
                .visible
                .iter()
                .position(|&i| self.rows[i].item.id == id)
        {
            self.cursor = pos;
            return;
        }
        self.move_to(self.cursor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::Party;
    use std::path::PathBuf;

    pub(crate) fn row(id: &str, subject: &str, overdue: bool) -> Row {
        Row {
            item: Item {
                id: id.into(),
                path: PathBuf::from(format!("/m/Altinn/cur/{id}")),
                step: Step::Open,
                party: Party {
                    name: "Sandnes kommune".into(),
                    org: "964965137".parse().ok(),
                },
                subject: subject.into(),
                arrived: None,
                age_days: 1,
                overdue,
                distributed_to: None,
                last_by: None,
                last_at: None,
                distributed_at: None,
            },
            altinn_url: None,
        }
    }

    #[test]
    fn the_selection_stays_on_its_item_and_a_finished_one_leaves() {
        let mut m = FollowupModel::default();
        m.load(FollowupPage {
            rows: vec![
                row("a", "one", true),
                row("b", "two", false),
                row("c", "three", false),
            ],
            ..Default::default()
        });
        m.move_to(1);
        assert_eq!(m.selected_id().as_deref(), Some("b"));
        m.load(FollowupPage {
            rows: vec![row("c", "three", false), row("b", "two", false)],
            ..Default::default()
        });
        assert_eq!(
            m.selected_id().as_deref(),
            Some("b"),
            "followed to its new place"
        );
        m.load(FollowupPage {
            rows: vec![row("c", "three", false)],
            ..Default::default()
        });
        assert_eq!(m.selected_id().as_deref(), Some("c"));
        assert_eq!(m.overdue_count(), 0);
    }

    #[test]
    fn the_filter_matches_subject_and_the_org_number_as_printed() {
        let mut m = FollowupModel::default();
        m.load(FollowupPage {
            rows: vec![
                row("a", "Skattemelding", false),
                row("b", "A-melding", false),
            ],
            ..Default::default()
        });
        m.set_filter("skatt");
        assert_eq!(m.visible().len(), 1);
        m.set_filter("964 965 137");
        assert_eq!(m.visible().len(), 2);
        m.set_filter("nothing like it");
        assert!(m.selected().is_none());
        m.set_filter("");
        assert_eq!(m.visible().len(), 2);
    }
}
