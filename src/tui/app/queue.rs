//! The queue: the notifications in the inbox, which of them the clerk sees (filter,
//! skipped ones), the cursor, and the bookkeeping by unique name that keeps a stale scan
//! from bringing back what this session moved, and lets an undone message be read again.
//!
//! Invariants, kept by the methods here and tested below:
//! - `items` hold each unique name once, oldest first; `visible` indexes into them.
//! - an id in `handled` (moved away this session) is never listed again by a scan or a
//!   refresh until an undo clears the set;
//! - an id in `returning` (undone, not yet back in the queue) is never known (see
//!   [`QueueModel::is_known`]), so the next refresh classifies it again, whatever a scan
//!   that ran meanwhile listed;
//! - `known` is never changed, only replaced: an id forgotten (to be read again) is kept
//!   in `forgotten` with the count of when; the next refresh is given those ids, and the
//!   set a refresh (or scan) replaces `known` with leaves out what was forgotten after it
//!   started;
//! - `marked` only holds listed ids; `skipped` ids stay in `items` but are hidden unless
//!   the clerk shows them.

use super::Seen;
use crate::actions::{self, BatchPlan, LeftOut};
use crate::config::Action;
use crate::journal::Act;
use crate::scan::{Item, NameSet};
use std::collections::HashSet;
use std::sync::Arc;

/// Pending items per suggested action (suspicious ones counted apart from skip).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub archive: usize,
    pub delete: usize,
    pub forward: usize,
    pub skip: usize,
    pub suspicious: usize,
}

/// What a refresh changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshChange {
    /// Listed items whose file is no longer in the inbox.
    pub gone: usize,
    /// New notifications that were not listed before.
    pub arrived: usize,
}

#[derive(Debug, Default)]
pub struct QueueModel {
    items: Vec<Item>,
    visible: Vec<usize>,
    /// Lower-cased subject, recipient and sender of each item, for the filter.
    haystacks: Vec<String>,
    /// Index into `visible`.
    cursor: usize,
    filter: String,
    show_skipped: bool,
    marked: HashSet<String>,
    /// Skipped this session: left in the inbox, hidden from the queue.
    skipped: HashSet<String>,
    /// Moved away this session: kept out of a scan that started before the move.
    handled: HashSet<String>,
    /// Undone this session and not yet back in the queue: never counted as known.
    returning: HashSet<String>,
    /// Unique names of every inbox file already classified (for incremental refresh).
    /// Shared with a running refresh, so never changed, only replaced: see `forgotten`.
    known: Arc<NameSet>,
    /// Names to be read again since `known` was put in place, each with the value of
    /// `forgets` then. (Taking them out of a shared `known` copied 100 000 names on the
    /// screen's thread; and a refresh or scan that started before would list them again.)
    forgotten: std::collections::HashMap<String, u64>,
    /// How many names were forgotten: orders them against the start of a refresh.
    forgets: u64,
    counts: Counts,
}

/// What a refresh starts from: the names already classified, and those of them to be read
/// again all the same ([`QueueModel::refresh_input`]).
#[derive(Debug, Clone)]
pub struct RefreshInput {
    pub known: Arc<NameSet>,
    pub forgotten: NameSet,
    /// Hand it back in [`Seen::forgotten_until`].
    pub mark: u64,
}

/// Frees `value` on a thread of its own. What a refresh replaces holds every name of the
/// inbox, and freeing 100 000 names one by one took 17–19 ms of the screen's thread after
/// each action. (Where no thread can be started, it is freed here.)
fn free_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
}

impl QueueModel {
    /// Every notification in the inbox (skipped ones included), oldest first.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Indices into [`items`](Self::items) of what the queue shows.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// The visible items in order.
    pub fn visible_items(&self) -> impl Iterator<Item = &Item> {
        self.visible.iter().map(|&i| &self.items[i])
    }

    /// The position of the cursor among the visible items.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// The unique names of every item, hidden ones included.
    pub fn item_ids(&self) -> NameSet {
        self.items
            .iter()
            .map(|i| i.file.name.unique.clone())
            .collect()
    }

    /// Whether a refresh would take `id` as classified already (not read it again).
    pub fn is_known(&self, id: &str) -> bool {
        self.known.contains(id) && !self.forgotten.contains_key(id)
    }

    /// What a refresh starting now needs of what is known.
    pub fn refresh_input(&self) -> RefreshInput {
        RefreshInput {
            known: Arc::clone(&self.known),
            forgotten: self.forgotten.keys().cloned().collect(),
            mark: self.forgets,
        }
    }

    /// Makes the next refresh read `id` again.
    fn forget(&mut self, id: &str) {
        self.forgets += 1;
        self.forgotten.insert(id.to_string(), self.forgets);
    }

    /// Puts `known` in place (a set nothing shares yet), with what was forgotten after
    /// `until` (the refresh's start; everything, for a full scan) taken out of it again.
    /// The old set is freed on a thread of its own.
    fn replace_known(&mut self, mut known: NameSet, until: u64) {
        for (id, &when) in &self.forgotten {
            if when > until {
                known.remove(id);
            }
        }
        self.forgotten.clear();
        free_elsewhere(std::mem::replace(&mut self.known, Arc::new(known)));
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marked.contains(id)
    }

    pub fn marked_count(&self) -> usize {
        self.marked.len()
    }

    pub fn is_skipped(&self, id: &str) -> bool {
        self.skipped.contains(id)
    }

    /// Whether skipped items are listed too.
    pub fn shows_skipped(&self) -> bool {
        self.show_skipped
    }

    /// Skipped items still in the inbox (hidden from the queue unless shown).
    pub fn skipped_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| self.skipped.contains(&i.file.name.unique))
            .count()
    }

    /// Items in the inbox that are not skipped.
    pub fn pending_count(&self) -> usize {
        self.items.len() - self.skipped_count()
    }

    /// The item under the cursor.
    pub fn selected(&self) -> Option<&Item> {
        self.visible.get(self.cursor).map(|&i| &self.items[i])
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected().map(|i| i.file.name.unique.clone())
    }

    pub fn item_by_id(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.file.name.unique == id)
    }

    /// Moves the cursor to `pos` among the visible items (clamped).
    pub fn move_to(&mut self, pos: usize) {
        self.cursor = pos.min(self.visible.len().saturating_sub(1));
    }

    /// Filters by `text` (subject, recipient, sender), keeping the selection if it still
    /// matches.
    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        let keep = self.selected_id();
        self.relist(keep);
    }

    /// Shows or hides the skipped items, keeping the selection where it can.
    pub fn set_show_skipped(&mut self, show: bool) {
        self.show_skipped = show;
        let keep = self.selected_id();
        self.relist(keep);
    }

    /// Marks or unmarks the selected item and moves down.
    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.selected_id() {
            if !self.marked.remove(&id) {
                self.marked.insert(id);
            }
            self.move_to(self.cursor + 1);
        }
    }

    /// Clears the marks; false when there were none.
    pub fn clear_marks(&mut self) -> bool {
        let had = !self.marked.is_empty();
        self.marked.clear();
        had
    }

    /// Puts a finished full scan in place: `listed` are the unique names in the inbox when
    /// it began, `unreadable` the unique names of files it could not read.
    pub fn scan_done(
        &mut self,
        items: Vec<Item>,
        listed: NameSet,
        unreadable: impl IntoIterator<Item = String>,
    ) {
        let mut known = listed;
        known.extend(items.iter().map(|i| i.file.name.unique.clone()));
        known.extend(unreadable);
        // (a scan does not start from `known`: whatever was forgotten stays so)
        self.replace_known(known, 0);
        let keep = self.selected_id();
        self.merge(items, keep);
    }

    /// Applies an incremental refresh: the inbox as it is now (see [`Seen`]) and the
    /// notifications among the files that were not known.
    pub fn refreshed(&mut self, seen: Seen, new_items: Vec<Item>) -> RefreshChange {
        let keep = self.selected_id();
        let before = self.items.len();
        let Seen {
            listed,
            files,
            asked,
            forgotten_until,
        } = seen;
        let mut items: Vec<Item> = std::mem::take(&mut self.items)
            .into_iter()
            .filter_map(|mut i| {
                match files.get(&i.file.name.unique) {
                    // renamed (its flags changed): the file under its name now
                    Some(file) if *file != i.file => i.file = file.clone(),
                    Some(_) => {}
                    // asked about and not listed: gone
                    None if asked.contains(&i.file.name.unique) => return None,
                    None => {}
                }
                Some(i)
            })
            .collect();
        let gone = before - items.len();
        self.replace_known(listed, forgotten_until);
        free_elsewhere((files, asked));
        if gone == 0 && new_items.is_empty() {
            // What a refresh after the clerk's own action finds: the same items in the same
            // order, so what is worked out from them (the filter's texts) still holds. At
            // 10 000 notifications a merge took the screen's thread 40–60 ms.
            self.items = items;
            self.forget_returning();
            self.relist(keep);
            return RefreshChange::default();
        }
        let new_ids: HashSet<&str> = new_items
            .iter()
            .map(|n| n.file.name.unique.as_str())
            .collect();
        let had: HashSet<&str> = items.iter().map(|i| i.file.name.unique.as_str()).collect();
        let arrived = new_ids.iter().filter(|id| !had.contains(*id)).count();
        // an item read again (see `reread`) replaces what the queue had of it
        items.retain(|i| !new_ids.contains(i.file.name.unique.as_str()));
        items.extend(new_items);
        self.merge(items, keep);
        RefreshChange { gone, arrived }
    }

    /// Makes the next refresh read `id`'s file again (after a failed or refused action:
    /// the file may have changed since it was analysed, and the clerk should see what it
    /// is now before acting on it).
    pub fn reread(&mut self, id: &str) {
        self.forget(id);
    }

    /// Records a successful action on `id`: a skip hides it; anything else removes it
    /// (and keeps it out of stale scans). The cursor stays at the same position, which
    /// is then the next item, when the acted-on item was selected.
    pub fn acted(&mut self, id: &str, action: &Action) {
        let keep = self.selected_id().filter(|s| s != id);
        if matches!(action, Action::Skip) {
            self.skipped.insert(id.to_string());
        } else {
            self.handled.insert(id.to_string());
            // if it comes back (undo), the next refresh must read it again
            self.forget(id);
            self.items.retain(|i| i.file.name.unique != id);
        }
        self.marked.remove(id);
        let at = self.cursor;
        self.rebuild(keep.clone());
        if keep.is_none() {
            self.move_to(at);
        }
    }

    /// Records an undo of `id`: a skip comes back at once; a moved message comes back
    /// with the next refresh, which must read it whatever a running scan has listed.
    pub fn undone(&mut self, id: &str, skip: bool) {
        if skip {
            self.skipped.remove(id);
            let keep = self.selected_id();
            self.relist(keep);
        } else {
            self.forget(id);
            self.returning.insert(id.to_string());
        }
        self.handled.clear();
    }

    /// What `A` would do: the suggestions of the marked items (else of all listed ones),
    /// leaving out suspicious ones, skips and forwards to a placeholder address.
    pub fn plan_batch(&self) -> BatchPlan {
        let marked = !self.marked.is_empty();
        let mut plan = BatchPlan {
            marked,
            listed: self.visible.len(),
            total: self.pending_count(),
            filter: self.filter.trim().to_string(),
            ..Default::default()
        };
        // Which of them: the actions layer's batch policy, the same as `apply --yes`.
        let scope = self.visible_items().filter(|item| {
            let id = &item.file.name.unique;
            (!marked || self.marked.contains(id)) && !self.skipped.contains(id)
        });
        let selection = actions::select_batch(scope);
        plan.suspicious = selection.left_for(&LeftOut::Suspicious);
        plan.skip = selection.left_for(&LeftOut::Skip);
        plan.placeholder = selection.left_for(&LeftOut::Placeholder(String::new()));
        plan.archive = selection.chosen_for(Act::Archive);
        plan.delete = selection.chosen_for(Act::Delete);
        plan.forward = selection.chosen_for(Act::Forward);
        plan.actions = selection
            .chosen
            .into_iter()
            .map(|(item, action)| (item.file.name.unique.clone(), action))
            .collect();
        plan
    }

    /// Drops and re-adds items after a scan or refresh, keeping the selection.
    fn merge(&mut self, items: Vec<Item>, keep: Option<String>) {
        let mut seen = HashSet::new();
        self.items = items
            .into_iter()
            .filter(|i| !self.handled.contains(&i.file.name.unique))
            .filter(|i| seen.insert(i.file.name.unique.clone()))
            .collect();
        crate::scan::sort_oldest_first(&mut self.items);
        let ids: HashSet<&String> = self.items.iter().map(|i| &i.file.name.unique).collect();
        self.marked.retain(|id| ids.contains(id));
        self.returning.retain(|id| !ids.contains(id));
        self.forget_returning();
        self.rebuild(keep);
    }

    /// Keeps what is undone and not yet back out of what is known, so that the next
    /// refresh reads it again.
    fn forget_returning(&mut self) {
        let returning: Vec<String> = self.returning.iter().cloned().collect();
        for id in returning {
            self.forget(&id);
        }
    }

    fn rebuild(&mut self, keep: Option<String>) {
        self.haystacks = self.items.iter().map(haystack).collect();
        self.relist(keep);
    }

    /// Recomputes the visible list and counts, keeping the cursor on `keep` if it is still
    /// listed, else at the same position (which is then the next item).
    fn relist(&mut self, keep: Option<String>) {
        let needle = self.filter.trim().to_lowercase();
        self.visible = (0..self.items.len())
            .filter(|&i| {
                self.show_skipped || !self.skipped.contains(&self.items[i].file.name.unique)
            })
            .filter(|&i| needle.is_empty() || self.haystacks[i].contains(&needle))
            .collect();
        let mut counts = Counts::default();
        for item in &self.items {
            if self.skipped.contains(&item.file.name.unique) {
                continue;
            }
            let a = &item.analysis;
            match a.suggestion.action {
                _ if a.suspicious() => counts.suspicious += 1,
                Action::Archive => counts.archive += 1,
                Action::Delete => counts.delete += 1,
                Action::Forward(_) => counts.forward += 1,
                Action::Skip => counts.skip += 1,
            }
        }
        self.counts = counts;
        let before = self.cursor;
        self.cursor = keep
            .and_then(|id| {
                self.visible
                    .iter()
                    .position(|&i| self.items[i].file.name.unique == id)
            })
            .unwrap_or_else(|| before.min(self.visible.len().saturating_sub(1)));
    }
}

fn haystack(item: &Item) -> String {
    let a = &item.analysis;
    let mut s = String::new();
    for part in [
        a.mail.subject.as_deref(),
        a.extracted.recipient_name.as_deref(),
        a.unit.as_ref().map(|(n, _)| n.as_str()),
        a.extracted.sender.as_deref(),
        a.mail.from_name.as_deref(),
        a.mail.from_addr.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        s.push_str(part);
        s.push('\n');
    }
    if let Some(org) = a.extracted.recipient_org {
        s.push_str(&org.digits());
        s.push('\n');
        s.push_str(&org.to_string());
    }
    s.to_lowercase()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::maildir::{MailFile, MailName, Sub};
    use crate::message::ParsedMail;
    use crate::notification::{Doubt, Extracted};
    use crate::rules::Suggestion;
    use crate::scan::Analysis;
    use std::collections::HashMap;
    use std::path::PathBuf;

    pub(crate) fn item(id: &str, ts: i64, subject: &str, action: Action, suspicious: bool) -> Item {
        let mail = ParsedMail {
            subject: Some(subject.into()),
            timestamp: Some(ts),
            from_addr: Some("noreply@altinn.no".into()),
            ..Default::default()
        };
        Item {
            file: MailFile {
                path: PathBuf::from(format!("/m/INBOX/cur/{id}:2,S")),
                sub: Sub::Cur,
                name: MailName {
                    unique: id.into(),
                    flags: Some("S".into()),
                },
            },
            analysis: Box::new(Analysis {
                mail,
                extracted: Extracted::default(),
                unit: None,
                claims: Vec::new(),
                doubts: if suspicious {
                    vec![Doubt::DmarcFail("dmarc=fail".into())]
                } else {
                    Vec::new()
                },
                suggestion: Suggestion {
                    action,
                    rule: "r".into(),
                    reason: crate::rules::Reason::Configured("because".into()),
                    matched: Vec::new(),
                },
                subject_tags: Vec::new(),
                recognised_subject: String::new(),
                banner: None,
                links: Vec::new(),
                attachment_links: Vec::new(),
                notes: Vec::new(),
            }),
        }
    }

    fn queue(ids: &[&str]) -> QueueModel {
        let mut q = QueueModel::default();
        let items = ids
            .iter()
            .enumerate()
            .map(|(n, id)| item(id, n as i64, id, Action::Archive, false))
            .collect();
        q.scan_done(items, Default::default(), []);
        q
    }

    fn ids(q: &QueueModel) -> Vec<&str> {
        q.visible_items()
            .map(|i| i.file.name.unique.as_str())
            .collect()
    }

    /// What a refresh that asked about the queue's items saw: the files `files`.
    fn seen(q: &QueueModel, files: HashMap<String, MailFile>) -> Seen {
        seen_from(q, files, &q.refresh_input())
    }

    /// [`seen`], of a refresh that started from `start`.
    fn seen_from(q: &QueueModel, files: HashMap<String, MailFile>, start: &RefreshInput) -> Seen {
        Seen {
            listed: files.keys().cloned().collect(),
            files,
            asked: Arc::new(q.item_ids()),
            forgotten_until: start.mark,
        }
    }

    fn present(q: &QueueModel, except: &[&str]) -> HashMap<String, MailFile> {
        q.items()
            .iter()
            .filter(|i| !except.contains(&i.file.name.unique.as_str()))
            .map(|i| (i.file.name.unique.clone(), i.file.clone()))
            .collect()
    }

    #[test]
    fn an_item_the_refresh_did_not_ask_about_stays_and_the_known_names_are_the_listed() {
        let mut q = queue(&["a", "b"]);
        // the refresh started when only "a" was in the queue, and listed "a" and "x"
        let mut files = present(&q, &["b"]);
        let asked = Arc::new(["a".to_string()].into_iter().collect::<NameSet>());
        let listed: NameSet = ["a".to_string(), "x".to_string()].into_iter().collect();
        files.retain(|k, _| k == "a");
        let change = q.refreshed(
            Seen {
                listed,
                files,
                asked,
                forgotten_until: q.refresh_input().mark,
            },
            Vec::new(),
        );
        assert_eq!(change.gone, 0);
        assert_eq!(ids(&q), ["a", "b"], "b was not asked about: kept");
        assert!(q.is_known("x") && q.is_known("a"));
        assert!(!q.is_known("b"));
    }

    /// A refresh that finds the items it asked about and nothing new (what follows the
    /// clerk's own action) keeps the queue as it was, filter and selection included; a
    /// file renamed meanwhile is taken under its new name, and an item that is undone and
    /// not back yet stays unknown, even to a refresh that began before the action.
    #[test]
    fn a_refresh_with_nothing_new_keeps_the_queue_and_takes_renamed_files() {
        let mut q = queue(&["alpha", "beta", "alpine", "gamma"]);
        q.acted("gamma", &Action::Archive);
        q.undone("gamma", false);
        q.set_filter("ALP");
        q.move_to(1);
        assert_eq!(q.selected_id().as_deref(), Some("alpine"));
        let renamed = MailFile {
            path: PathBuf::from("/m/INBOX/cur/alpine:2,RS"),
            sub: Sub::Cur,
            name: MailName {
                unique: "alpine".into(),
                flags: Some("RS".into()),
            },
        };
        let mut files = present(&q, &[]);
        files.insert("alpine".into(), renamed.clone());
        let mut seen = seen(&q, files);
        seen.listed.insert("gamma".into()); // listed before the action moved it
        let change = q.refreshed(seen, Vec::new());
        assert_eq!(change, RefreshChange::default());
        assert_eq!(ids(&q), ["alpha", "alpine"]);
        assert_eq!(q.selected_id().as_deref(), Some("alpine"));
        assert_eq!(q.item_by_id("alpine").unwrap().file, renamed);
        assert_eq!(q.counts().archive, 3);
        assert!(q.is_known("beta"));
        assert!(!q.is_known("gamma"), "undone: the next refresh reads it");
    }

    /// What is forgotten while a refresh shares the known names is not copied out of
    /// them, and outlasts that refresh: it started before, so it did not read it again.
    /// What was forgotten before it started, it read, and is known after it.
    #[test]
    fn forgetting_while_a_refresh_runs_copies_nothing_and_outlasts_it() {
        let mut q = queue(&["a", "b", "c"]);
        q.reread("a");
        let start = q.refresh_input();
        assert!(start.forgotten.contains("a"), "the refresh reads it");
        assert!(!q.is_known("a"));
        q.reread("b");
        assert!(!q.is_known("b"));
        assert!(
            Arc::ptr_eq(&start.known, &q.refresh_input().known),
            "the shared set is not copied"
        );
        assert!(
            q.refresh_input().forgotten.contains("b"),
            "the next refresh reads it"
        );
        // that refresh listed all three and read "a" again
        let seen = seen_from(&q, present(&q, &[]), &start);
        drop(start);
        q.refreshed(seen, vec![item("a", 0, "a", Action::Archive, false)]);
        assert!(q.is_known("a") && q.is_known("c"));
        assert!(!q.is_known("b"), "forgotten after the refresh began");
        let next = q.refresh_input();
        assert!(!next.known.contains("b") && next.forgotten.is_empty());
    }

    /// A name forgotten after a refresh has finished but before its result is applied
    /// (nothing shares the set any more), or while a full scan runs, is not known after
    /// that result: the refresh or scan listed it without reading it again.
    #[test]
    fn forgetting_before_a_result_is_applied_outlasts_it() {
        let mut q = queue(&["a", "b"]);
        let start = q.refresh_input();
        let seen = seen_from(&q, present(&q, &[]), &start);
        drop(start); // the refresh has ended; its result is on its way
        q.reread("b");
        q.refreshed(seen, Vec::new());
        assert!(q.is_known("a"));
        assert!(!q.is_known("b"), "forgotten after the refresh began");
        // a full scan that listed "a" finishes after "a" was forgotten
        q.reread("a");
        q.scan_done(
            vec![item("a", 0, "a", Action::Archive, false)],
            Default::default(),
            [],
        );
        assert!(!q.is_known("a"), "forgotten while the scan ran");
    }

    #[test]
    fn an_item_read_again_replaces_the_old_analysis() {
        let mut q = queue(&["a", "b"]);
        q.reread("b");
        assert!(!q.is_known("b"));
        let fresh = item("b", 1, "changed", Action::Delete, true);
        let change = q.refreshed(seen(&q, present(&q, &[])), vec![fresh]);
        assert_eq!(change.arrived, 0, "not new mail");
        assert_eq!(ids(&q), ["a", "b"]);
        let b = q.item_by_id("b").unwrap();
        assert_eq!(b.analysis.mail.subject.as_deref(), Some("changed"));
        assert!(b.analysis.suspicious());
    }

    #[test]
    fn acting_on_the_selected_item_selects_the_next() {
        let mut q = queue(&["a", "b", "c"]);
        q.acted("a", &Action::Archive);
        assert_eq!(ids(&q), ["b", "c"]);
        assert_eq!(q.selected_id().as_deref(), Some("b"));
        assert!(!q.is_known("a"), "an undo must not leave it unread");
        q.move_to(1);
        q.acted("c", &Action::Delete);
        assert_eq!(q.selected_id().as_deref(), Some("b"), "the last: back one");
    }

    #[test]
    fn acting_on_another_item_keeps_the_selection() {
        let mut q = queue(&["a", "b", "c"]);
        q.move_to(2);
        q.acted("a", &Action::Archive);
        assert_eq!(q.selected_id().as_deref(), Some("c"));
    }

    #[test]
    fn a_stale_scan_does_not_bring_back_a_handled_item_until_an_undo() {
        let mut q = queue(&["a", "b"]);
        q.acted("a", &Action::Archive);
        q.scan_done(
            vec![item("a", 0, "a", Action::Archive, false)],
            Default::default(),
            [],
        );
        assert!(q.items().is_empty());
        q.undone("a", false);
        q.scan_done(
            vec![item("a", 0, "a", Action::Archive, false)],
            Default::default(),
            [],
        );
        assert_eq!(ids(&q), ["a"]);
    }

    #[test]
    fn an_undone_item_stays_unknown_until_it_is_listed_again() {
        let mut q = queue(&["a", "b"]);
        q.acted("a", &Action::Archive);
        q.undone("a", false);
        // a scan that listed "a" but did not classify it finishes after the undo
        q.scan_done(
            Vec::new(),
            ["a".to_string(), "z".to_string()].into_iter().collect(),
            [],
        );
        assert!(!q.is_known("a"), "the next refresh must read it");
        assert!(q.is_known("z"));
        // the refresh finds it: it is listed and known again, no longer returning
        let mut p = HashMap::new();
        let back = item("a", 0, "a", Action::Archive, false);
        p.insert("a".to_string(), back.file.clone());
        q.refreshed(seen(&q, p), vec![back]);
        assert_eq!(ids(&q), ["a"]);
        assert!(q.is_known("a"));
        assert!(q.returning.is_empty());
    }

    #[test]
    fn skipped_items_hide_and_come_back_with_the_toggle_or_an_undo() {
        let mut q = queue(&["a", "b", "c"]);
        q.acted("b", &Action::Skip);
        assert_eq!(ids(&q), ["a", "c"]);
        assert_eq!((q.skipped_count(), q.pending_count()), (1, 2));
        assert!(q.is_known("b"), "a skip moves nothing");
        q.set_show_skipped(true);
        assert_eq!(ids(&q), ["a", "b", "c"]);
        assert_eq!(q.counts().archive, 2, "counts leave skipped items out");
        q.set_show_skipped(false);
        q.undone("b", true);
        assert_eq!(ids(&q), ["a", "b", "c"]);
        assert_eq!(q.skipped_count(), 0);
    }

    #[test]
    fn refresh_counts_what_went_and_came_and_drops_marks_of_the_gone() {
        let mut q = queue(&["a", "b", "c"]);
        q.toggle_mark(); // a
        q.toggle_mark(); // b
        q.move_to(2);
        let mut p = present(&q, &["a"]);
        let newcomer = item("d", 9, "d", Action::Archive, false);
        p.insert("d".into(), newcomer.file.clone());
        let change = q.refreshed(seen(&q, p), vec![newcomer]);
        assert_eq!(
            change,
            RefreshChange {
                gone: 1,
                arrived: 1
            }
        );
        assert_eq!(ids(&q), ["b", "c", "d"]);
        assert_eq!(q.selected_id().as_deref(), Some("c"));
        assert_eq!(q.marked_count(), 1);
        assert!(q.is_marked("b"));
        assert!(q.is_known("d"));
    }

    #[test]
    fn filter_keeps_the_selection_and_plan_covers_the_filtered_or_marked() {
        let mut q = queue(&["alpha", "beta", "alpine"]);
        q.move_to(2);
        q.set_filter("ALP");
        assert_eq!(ids(&q), ["alpha", "alpine"]);
        assert_eq!(q.selected_id().as_deref(), Some("alpine"));
        let plan = q.plan_batch();
        assert_eq!((plan.actions.len(), plan.listed, plan.total), (2, 2, 3));
        assert_eq!(plan.filter, "ALP");
        q.move_to(0);
        q.toggle_mark();
        let plan = q.plan_batch();
        assert!(plan.marked);
        assert_eq!(plan.actions, vec![("alpha".to_string(), Action::Archive)]);
        q.set_filter("");
        assert_eq!(q.selected_id().as_deref(), Some("alpine"));
        assert!(q.clear_marks());
        assert!(!q.clear_marks());
    }

    #[test]
    fn duplicates_are_listed_once_in_date_order() {
        let mut q = QueueModel::default();
        q.scan_done(
            vec![
                item("b", 2, "b", Action::Archive, false),
                item("a", 1, "a", Action::Archive, false),
                item("b", 2, "b", Action::Archive, false),
            ],
            Default::default(),
            ["broken".to_string()],
        );
        assert_eq!(ids(&q), ["a", "b"]);
        assert!(q.is_known("broken"), "an unreadable file is not read again");
    }
}
