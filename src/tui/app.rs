//! The TUI's state (`App`) and its pure transitions: `update(&mut App, Msg) -> Vec<Effect>`.
//! Nothing here touches a file, the clock or the terminal; the event loop in `tui/mod.rs`
//! carries out the returned effects (through an [`Executor`]) and feeds their results
//! back in as messages.

use super::i18n as t;
use crate::config::{Action, is_placeholder_address, validate_address};
use crate::i18n::Lang;
use crate::maildir::MailFile;
use crate::scan::{Item, Report};
use crate::text::inert;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

/// Carries out what the clerk decided. The TUI calls it from its event loop, one action at
/// a time; every method returns the text the status line shows (`Ok`) or the error
/// (`Err`), already in the clerk's language.
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

/// What the screen shows that does not come from the mailbox: injected so that the view
/// never reads the clock or the environment (and snapshots are deterministic).
#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Lang,
    /// Today's date as shown in the header, e.g. `2026-11-26`.
    pub today: String,
    /// The clerk's user name.
    pub clerk: String,
    /// The inbox as shown in the header.
    pub mailbox: String,
    /// A standing notice under the header, e.g. that forwards only go to an Outbox.
    pub notice: Option<String>,
    pub demo: bool,
    /// False when `NO_COLOR` is set: the screen then uses only bold, reverse and underline.
    pub color: bool,
}

/// A key's meaning, independent of the key (see `keys::BINDINGS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: carry out the suggestion (or explain a suspicious item).
    Perform,
    Archive,
    Delete,
    Forward,
    Skip,
    Mark,
    ApplyAll,
    Undo,
    Filter,
    /// Esc in the queue: back to the queue from the detail, else clear the filter.
    Back,
    Rescan,
    Journal,
    Help,
    DailyCheck,
    ToggleFocus,
    Quit,
    // prompts
    Submit,
    Cancel,
    DeleteBack,
    DeleteForward,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    ClearInput,
    // confirmations
    Yes,
    No,
    // overlays (help, journal, explanation)
    Close,
}

/// Everything that can happen to the app.
#[derive(Debug)]
pub enum Msg {
    Cmd(Command),
    /// A character typed into a prompt.
    Insert(char),
    ScanProgress {
        done: usize,
        total: usize,
    },
    /// A full scan finished; `listed` are the unique names in the inbox when it began.
    ScanDone {
        report: Report,
        listed: HashSet<String>,
    },
    ScanFailed(String),
    Refreshed(Refresh),
    RefreshFailed(String),
    /// The inbox folder changed on disk.
    InboxChanged,
    /// The periodic fallback for a missed change.
    Tick,
    Performed {
        id: String,
        action: Action,
        outcome: Result<String, String>,
        batch: bool,
    },
    BatchFinished,
    Undone(Result<Undone, String>),
    DailyCheckRegistered(Result<String, String>),
    JournalLoaded(JournalPage),
}

/// An incremental refresh: the inbox as it is now, and the newly arrived notifications.
#[derive(Debug, Default)]
pub struct Refresh {
    /// Every message file in the inbox by unique name.
    pub present: HashMap<String, MailFile>,
    /// Notifications among the files that were not known before.
    pub new_items: Vec<Item>,
    pub unreadable: usize,
}

/// What the event loop must do.
#[derive(Debug)]
pub enum Effect {
    Perform {
        item: Box<Item>,
        action: Action,
    },
    PerformBatch(Vec<(Item, Action)>),
    CancelBatch,
    Undo,
    RegisterDailyCheck,
    LoadJournal,
    /// A full scan with progress.
    Scan,
    /// An incremental refresh (debounced by the loop).
    Refresh,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Queue,
    Detail,
}

/// A one-line text field with a cursor (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    pub cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn edit(&mut self, cmd: Command) {
        let len = self.text.chars().count();
        match cmd {
            Command::DeleteBack if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            Command::DeleteForward if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Command::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Command::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Command::CursorHome => self.cursor = 0,
            Command::CursorEnd => self.cursor = len,
            Command::ClearInput => *self = LineInput::default(),
            _ => {}
        }
    }

    fn insert(&mut self, c: char) {
        if c.is_control() || self.text.chars().count() >= MAX_INPUT {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }
}

/// Longer input than this is not an address or a search anyone types.
const MAX_INPUT: usize = 254;

/// A question that needs an explicit yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Archive or forward a suspicious notification.
    Suspicious { id: String, action: Action },
    /// Carry out the suggestions of several notifications.
    Batch(BatchPlan),
}

/// What `A` would do, shown in its confirmation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchPlan {
    pub actions: Vec<(String, Action)>,
    /// Whether the plan covers the marked items (else all listed items).
    pub marked: bool,
    pub archive: usize,
    pub delete: usize,
    pub forward: usize,
    /// Left alone: suspicious, suggested skip, forwards to a placeholder address.
    pub suspicious: usize,
    pub skip: usize,
    pub placeholder: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter(LineInput),
    Forward {
        id: String,
        input: LineInput,
        /// Why the typed address was refused, or a warning about the prefilled one.
        error: Option<String>,
    },
    Confirm(Confirm),
    Help {
        scroll: usize,
    },
    Journal {
        page: JournalPage,
        scroll: usize,
    },
    /// Why the item is suspicious (Enter on a suspicious item).
    Explain {
        id: String,
        scroll: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Ok,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanState {
    Idle,
    Running { done: usize, total: usize },
    Failed(String),
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

/// Pending items per suggested action (suspicious ones counted apart from skip).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub archive: usize,
    pub delete: usize,
    pub forward: usize,
    pub skip: usize,
    pub suspicious: usize,
}

/// Geometry the view found when it last drew, so that paging and scrolling move by what
/// the clerk sees. Written by the view (interior mutability), read by `update`.
#[derive(Debug, Default)]
pub struct ViewHints {
    pub queue_rows: Cell<usize>,
    pub queue_offset: Cell<usize>,
    pub detail_rows: Cell<usize>,
    pub detail_lines: Cell<usize>,
    /// How far the open popup (help, journal, explanation) can scroll.
    pub overlay_max: Cell<usize>,
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    pub settings: Settings,
    /// The notifications in the inbox, oldest first (skipped ones included, hidden).
    pub items: Vec<Item>,
    /// Indices into `items` that the queue shows (filter applied, skipped hidden).
    pub visible: Vec<usize>,
    /// Lower-cased subject, recipient and sender of each item, for the filter.
    haystacks: Vec<String>,
    /// Index into `visible`.
    pub cursor: usize,
    pub marked: HashSet<String>,
    /// Skipped this session: left in the inbox, hidden from the queue.
    pub skipped: HashSet<String>,
    /// Moved away this session: kept out of a scan that started before the move.
    pub handled: HashSet<String>,
    /// Undone this session and not yet back in the queue: never counted as known.
    pub returning: HashSet<String>,
    /// This session's successful actions (unique name, action), oldest first.
    pub history: Vec<(String, Action)>,
    pub filter: String,
    pub mode: Mode,
    pub focus: Focus,
    pub detail_scroll: usize,
    pub status: Option<Status>,
    pub scan: ScanState,
    /// Whether a first full scan has finished.
    pub scanned: bool,
    /// Unique names of every inbox file already classified (for incremental refresh).
    pub known: HashSet<String>,
    /// Messages in the inbox at the last scan, and files that could not be read.
    pub messages: usize,
    pub unreadable: usize,
    pub counts: Counts,
    pub daily_check: bool,
    pub batch: Option<BatchProgress>,
    pub last_forward_to: Option<String>,
    pub quit: bool,
    pub hints: ViewHints,
}

impl App {
    pub fn new(settings: Settings) -> App {
        App {
            settings,
            items: Vec::new(),
            visible: Vec::new(),
            haystacks: Vec::new(),
            cursor: 0,
            marked: HashSet::new(),
            skipped: HashSet::new(),
            handled: HashSet::new(),
            returning: HashSet::new(),
            history: Vec::new(),
            filter: String::new(),
            mode: Mode::Normal,
            focus: Focus::Queue,
            detail_scroll: 0,
            status: None,
            scan: ScanState::Idle,
            scanned: false,
            known: HashSet::new(),
            messages: 0,
            unreadable: 0,
            counts: Counts::default(),
            daily_check: false,
            batch: None,
            last_forward_to: None,
            quit: false,
            hints: ViewHints::default(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Puts a finished scan's items in place (as [`update`] does with `Msg::ScanDone`).
    pub fn with_report(mut self, report: Report) -> App {
        let _ = update(
            &mut self,
            Msg::ScanDone {
                report,
                listed: HashSet::new(),
            },
        );
        self.status = None;
        self
    }

    /// Skipped items still in the inbox (hidden from the queue).
    pub fn skipped_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| self.skipped.contains(&i.file.name.unique))
            .count()
    }

    /// The item under the cursor.
    pub fn selected(&self) -> Option<&Item> {
        self.visible.get(self.cursor).map(|&i| &self.items[i])
    }

    fn selected_id(&self) -> Option<String> {
        self.selected().map(|i| i.file.name.unique.clone())
    }

    pub fn item_by_id(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.file.name.unique == id)
    }

    /// Recomputes the visible list and counts, keeping the cursor on `keep` if it is still
    /// listed, else at the same position (which is then the next item).
    fn rebuild(&mut self, keep: Option<String>) {
        self.haystacks = self.items.iter().map(haystack).collect();
        self.relist(keep);
    }

    fn relist(&mut self, keep: Option<String>) {
        let needle = self.filter.trim().to_lowercase();
        self.visible = (0..self.items.len())
            .filter(|&i| !self.skipped.contains(&self.items[i].file.name.unique))
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
        if self.cursor != before {
            self.detail_scroll = 0;
        }
    }

    fn move_cursor(&mut self, to: usize) {
        let to = to.min(self.visible.len().saturating_sub(1));
        if to != self.cursor {
            self.cursor = to;
            self.detail_scroll = 0;
        }
    }

    fn page(&self) -> usize {
        self.hints.queue_rows.get().max(1)
    }

    fn detail_page(&self) -> usize {
        self.hints.detail_rows.get().max(1)
    }

    fn detail_max(&self) -> usize {
        self.hints
            .detail_lines
            .get()
            .saturating_sub(self.hints.detail_rows.get())
    }

    fn set_status(&mut self, kind: StatusKind, text: String) {
        self.status = Some(Status { kind, text });
    }

    /// Sets an informational status unless the result of an action or an error is
    /// showing (the clerk must see what happened).
    fn inform(&mut self, text: String) {
        if self
            .status
            .as_ref()
            .is_none_or(|s| s.kind == StatusKind::Info)
        {
            self.set_status(StatusKind::Info, text);
        }
    }

    fn sort_items(&mut self) {
        self.items.sort_by(|a, b| {
            (a.analysis.mail.timestamp, &a.file.name.unique)
                .cmp(&(b.analysis.mail.timestamp, &b.file.name.unique))
        });
    }

    /// The action `Enter` carries out on this item, or why it asks first.
    fn act(&mut self, action: Action) -> Vec<Effect> {
        let lang = self.lang();
        if self.batch.is_some() {
            self.set_status(StatusKind::Info, t::wait_for_batch(lang).into());
            return Vec::new();
        }
        let Some(item) = self.selected() else {
            self.set_status(StatusKind::Info, t::nothing_selected(lang).into());
            return Vec::new();
        };
        let id = item.file.name.unique.clone();
        let suspicious = item.analysis.suspicious();
        if suspicious && matches!(action, Action::Archive | Action::Forward(_)) {
            self.mode = Mode::Confirm(Confirm::Suspicious { id, action });
            return Vec::new();
        }
        vec![Effect::Perform {
            item: Box::new(item.clone()),
            action,
        }]
    }

    fn open_forward_prompt(&mut self) {
        let lang = self.lang();
        let Some(item) = self.selected() else {
            self.set_status(StatusKind::Info, t::nothing_selected(lang).into());
            return;
        };
        let id = item.file.name.unique.clone();
        let prefill = item
            .analysis
            .suggestion
            .action
            .forward_to()
            .map(str::to_string)
            .or_else(|| self.last_forward_to.clone())
            .unwrap_or_default();
        let error = (!prefill.is_empty() && is_placeholder_address(&prefill))
            .then(|| t::placeholder_address(lang, &prefill));
        self.mode = Mode::Forward {
            id,
            input: LineInput::new(&prefill),
            error,
        };
    }

    fn plan_batch(&self) -> BatchPlan {
        let marked = !self.marked.is_empty();
        let mut plan = BatchPlan {
            marked,
            ..Default::default()
        };
        for &i in &self.visible {
            let item = &self.items[i];
            let id = &item.file.name.unique;
            if marked && !self.marked.contains(id) {
                continue;
            }
            let a = &item.analysis;
            let action = a.suggestion.action.clone();
            if a.suspicious() {
                plan.suspicious += 1;
                continue;
            }
            match &action {
                Action::Skip => {
                    plan.skip += 1;
                    continue;
                }
                Action::Forward(to) if is_placeholder_address(to) => {
                    plan.placeholder += 1;
                    continue;
                }
                Action::Archive => plan.archive += 1,
                Action::Delete => plan.delete += 1,
                Action::Forward(_) => plan.forward += 1,
            }
            plan.actions.push((id.clone(), action));
        }
        plan
    }

    /// Drops and re-adds items after a scan or refresh, keeping the selection.
    fn merge_items(&mut self, items: Vec<Item>, keep: Option<String>) {
        let mut seen = HashSet::new();
        self.items = items
            .into_iter()
            .filter(|i| !self.handled.contains(&i.file.name.unique))
            .filter(|i| seen.insert(i.file.name.unique.clone()))
            .collect();
        self.sort_items();
        let ids: HashSet<&String> = self.items.iter().map(|i| &i.file.name.unique).collect();
        self.marked.retain(|id| ids.contains(id));
        self.returning.retain(|id| !ids.contains(id));
        for id in &self.returning {
            self.known.remove(id);
        }
        self.rebuild(keep);
    }

    fn finish_one(&mut self, id: &str, action: &Action, outcome: Result<String, String>) {
        let lang = self.lang();
        let subject = self
            .item_by_id(id)
            .map(|i| inert(i.analysis.mail.subject.as_deref().unwrap_or(""), true))
            .unwrap_or_default();
        match outcome {
            Ok(note) => {
                let keep = self.selected_id().filter(|s| s != id);
                if matches!(action, Action::Skip) {
                    self.skipped.insert(id.to_string());
                } else {
                    self.handled.insert(id.to_string());
                    // if it comes back (undo), the next refresh must read it again
                    self.known.remove(id);
                    self.items.retain(|i| i.file.name.unique != id);
                }
                self.marked.remove(id);
                self.history.push((id.to_string(), action.clone()));
                if keep.is_some() {
                    self.rebuild(keep);
                } else {
                    // the acted-on item was selected: stay at its position, the next item
                    let at = self.cursor;
                    self.rebuild(None);
                    self.cursor = at.min(self.visible.len().saturating_sub(1));
                    self.detail_scroll = 0;
                }
                if let Some(b) = &mut self.batch {
                    match action {
                        Action::Archive => b.archived += 1,
                        Action::Delete => b.deleted += 1,
                        Action::Forward(_) => b.forwarded += 1,
                        Action::Skip => b.skipped += 1,
                    }
                } else {
                    self.set_status(StatusKind::Ok, t::done(lang, action, &subject, &note));
                }
            }
            Err(e) => {
                let text = t::failed(lang, action, &subject, &inert(&e, true));
                if let Some(b) = &mut self.batch {
                    b.failed += 1;
                    b.last_error = Some(text);
                } else {
                    self.set_status(StatusKind::Error, text);
                }
            }
        }
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

/// The pure state transition: changes `app` and says what the loop must do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang();
    match msg {
        Msg::Cmd(Command::Quit) => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Msg::Cmd(cmd) => command(app, cmd),
        Msg::Insert(c) => {
            match &mut app.mode {
                Mode::Filter(input) => {
                    input.insert(c);
                    app.filter = input.text.clone();
                    let keep = app.selected_id();
                    app.relist(keep);
                }
                Mode::Forward { input, error, .. } => {
                    input.insert(c);
                    *error = None;
                }
                _ => {}
            }
            Vec::new()
        }
        Msg::ScanProgress { done, total } => {
            app.scan = ScanState::Running { done, total };
            Vec::new()
        }
        Msg::ScanDone { report, listed } => {
            app.scan = ScanState::Idle;
            app.messages = report.messages;
            app.unreadable = report.warnings.len();
            app.known = listed;
            app.known
                .extend(report.items.iter().map(|i| i.file.name.unique.clone()));
            app.known.extend(report.warnings.iter().filter_map(|w| {
                w.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(|n| crate::maildir::parse_name(n).unique)
            }));
            let n = report.items.len();
            let keep = app.selected_id();
            app.merge_items(report.items, keep);
            app.scanned = true;
            app.inform(t::scan_finished(lang, n, app.messages, app.unreadable));
            Vec::new()
        }
        Msg::ScanFailed(e) => {
            app.scan = ScanState::Failed(e.clone());
            app.set_status(StatusKind::Error, t::scan_failed(lang, &inert(&e, true)));
            Vec::new()
        }
        Msg::Refreshed(r) => {
            let Refresh {
                present,
                new_items,
                unreadable,
            } = r;
            let keep = app.selected_id();
            let before = app.items.len();
            let mut items: Vec<Item> = std::mem::take(&mut app.items)
                .into_iter()
                .filter_map(|mut i| {
                    let file = present.get(&i.file.name.unique)?;
                    i.file = file.clone();
                    Some(i)
                })
                .collect();
            let gone = before - items.len();
            let arrived = new_items
                .iter()
                .filter(|n| {
                    !items
                        .iter()
                        .any(|i| i.file.name.unique == n.file.name.unique)
                })
                .count();
            items.extend(new_items);
            app.messages = present.len();
            app.unreadable = unreadable.max(app.unreadable);
            app.known = present.into_keys().collect();
            app.merge_items(items, keep);
            if arrived > 0 {
                app.inform(t::arrived(lang, arrived));
            } else if gone > 0 && app.history.is_empty() {
                app.inform(t::gone_elsewhere(lang, gone));
            }
            Vec::new()
        }
        Msg::RefreshFailed(e) => {
            app.set_status(StatusKind::Error, t::scan_failed(lang, &inert(&e, true)));
            Vec::new()
        }
        Msg::InboxChanged | Msg::Tick => vec![Effect::Refresh],
        Msg::Performed {
            id,
            action,
            outcome,
            batch,
        } => {
            // a failure may mean the inbox changed under us (the message is gone): look
            let failed = outcome.is_err();
            app.finish_one(&id, &action, outcome);
            if batch && let Some(b) = &mut app.batch {
                b.done += 1;
            }
            if failed {
                vec![Effect::Refresh]
            } else {
                Vec::new()
            }
        }
        Msg::BatchFinished => {
            if let Some(b) = app.batch.take() {
                let kind = if b.failed > 0 {
                    StatusKind::Error
                } else {
                    StatusKind::Ok
                };
                app.set_status(kind, t::batch_summary(lang, &b));
            }
            Vec::new()
        }
        Msg::Undone(Ok(undone)) => {
            if let Some(at) = app.history.iter().rposition(|(id, _)| *id == undone.id) {
                app.history.remove(at);
            }
            if undone.skip {
                app.skipped.remove(&undone.id);
                let keep = app.selected_id();
                app.relist(keep);
            } else {
                // back in the inbox: the next refresh must read it, whatever a scan
                // that was running meanwhile has listed
                app.known.remove(&undone.id);
                app.returning.insert(undone.id);
            }
            app.handled.clear();
            app.set_status(StatusKind::Ok, inert(&undone.text, true));
            vec![Effect::Refresh]
        }
        Msg::Undone(Err(e)) => {
            app.set_status(StatusKind::Error, t::undo_failed(lang, &inert(&e, true)));
            Vec::new()
        }
        Msg::DailyCheckRegistered(Ok(note)) => {
            app.daily_check = true;
            app.set_status(
                StatusKind::Ok,
                t::daily_check_done(lang, &inert(&note, true)),
            );
            Vec::new()
        }
        Msg::DailyCheckRegistered(Err(e)) => {
            app.set_status(
                StatusKind::Error,
                t::daily_check_failed(lang, &inert(&e, true)),
            );
            Vec::new()
        }
        Msg::JournalLoaded(page) => {
            app.daily_check |= page.daily_check;
            if let Some(w) = &page.warning {
                app.set_status(StatusKind::Error, inert(w, true));
            }
            app.mode = Mode::Journal { page, scroll: 0 };
            Vec::new()
        }
    }
}

fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    match app.mode.clone() {
        Mode::Normal => normal(app, cmd),
        Mode::Filter(mut input) => {
            match cmd {
                Command::Submit => app.mode = Mode::Normal,
                Command::Cancel => {
                    app.mode = Mode::Normal;
                    app.filter.clear();
                    let keep = app.selected_id();
                    app.relist(keep);
                }
                _ => {
                    input.edit(cmd);
                    app.filter = input.text.clone();
                    app.mode = Mode::Filter(input);
                    let keep = app.selected_id();
                    app.relist(keep);
                }
            }
            Vec::new()
        }
        Mode::Forward { id, mut input, .. } => match cmd {
            Command::Cancel => {
                app.mode = Mode::Normal;
                app.set_status(StatusKind::Info, t::cancelled(app.lang()).into());
                Vec::new()
            }
            Command::Submit => submit_forward(app, id, input),
            _ => {
                input.edit(cmd);
                app.mode = Mode::Forward {
                    id,
                    input,
                    error: None,
                };
                Vec::new()
            }
        },
        Mode::Confirm(confirm) => match cmd {
            Command::Yes => {
                app.mode = Mode::Normal;
                match confirm {
                    Confirm::Suspicious { id, action } => match app.item_by_id(&id) {
                        Some(item) => vec![Effect::Perform {
                            item: Box::new(item.clone()),
                            action,
                        }],
                        None => {
                            app.set_status(StatusKind::Error, t::item_gone(app.lang()).into());
                            Vec::new()
                        }
                    },
                    Confirm::Batch(plan) => {
                        let work: Vec<(Item, Action)> = plan
                            .actions
                            .into_iter()
                            .filter_map(|(id, action)| {
                                app.item_by_id(&id).map(|i| (i.clone(), action))
                            })
                            .collect();
                        if work.is_empty() {
                            return Vec::new();
                        }
                        app.batch = Some(BatchProgress {
                            total: work.len(),
                            ..Default::default()
                        });
                        app.status = None;
                        vec![Effect::PerformBatch(work)]
                    }
                }
            }
            Command::No | Command::Cancel => {
                app.mode = Mode::Normal;
                app.set_status(StatusKind::Info, t::cancelled(app.lang()).into());
                Vec::new()
            }
            _ => Vec::new(),
        },
        Mode::Help { scroll } => {
            overlay_scroll(app, cmd, scroll, |s| Mode::Help { scroll: s });
            Vec::new()
        }
        Mode::Journal { page, scroll } => {
            overlay_scroll(app, cmd, scroll, |s| Mode::Journal {
                page: page.clone(),
                scroll: s,
            });
            Vec::new()
        }
        Mode::Explain { id, scroll } => {
            overlay_scroll(app, cmd, scroll, |s| Mode::Explain {
                id: id.clone(),
                scroll: s,
            });
            Vec::new()
        }
    }
}

fn overlay_scroll(app: &mut App, cmd: Command, scroll: usize, mode: impl Fn(usize) -> Mode) {
    let page = app.hints.detail_rows.get().max(5);
    let next = match cmd {
        Command::Close => {
            app.mode = Mode::Normal;
            return;
        }
        Command::Up => scroll.saturating_sub(1),
        Command::Down => scroll + 1,
        Command::PageUp => scroll.saturating_sub(page),
        Command::PageDown => scroll + page,
        Command::Top => 0,
        Command::Bottom => usize::MAX,
        _ => return,
    };
    app.mode = mode(next.min(app.hints.overlay_max.get()));
}

fn submit_forward(app: &mut App, id: String, input: LineInput) -> Vec<Effect> {
    let lang = app.lang();
    let addr = input.text.trim().to_string();
    let refuse = |app: &mut App, error: String| {
        app.mode = Mode::Forward {
            id: id.clone(),
            input: input.clone(),
            error: Some(error),
        };
        Vec::new()
    };
    if let Err(e) = validate_address(&addr) {
        return refuse(app, t::invalid_address(lang, &inert(&e, true)));
    }
    if is_placeholder_address(&addr) {
        return refuse(app, t::placeholder_address(lang, &addr));
    }
    let Some(item) = app.item_by_id(&id).cloned() else {
        app.mode = Mode::Normal;
        app.set_status(StatusKind::Error, t::item_gone(lang).into());
        return Vec::new();
    };
    app.mode = Mode::Normal;
    app.last_forward_to = Some(addr.clone());
    let action = Action::Forward(addr);
    if item.analysis.suspicious() {
        app.mode = Mode::Confirm(Confirm::Suspicious { id, action });
        return Vec::new();
    }
    vec![Effect::Perform {
        item: Box::new(item),
        action,
    }]
}

fn normal(app: &mut App, cmd: Command) -> Vec<Effect> {
    let lang = app.lang();
    let detail = app.focus == Focus::Detail;
    match cmd {
        Command::Up if detail => app.detail_scroll = app.detail_scroll.saturating_sub(1),
        Command::Down if detail => {
            app.detail_scroll = (app.detail_scroll + 1).min(app.detail_max())
        }
        Command::PageUp if detail => {
            app.detail_scroll = app.detail_scroll.saturating_sub(app.detail_page())
        }
        Command::PageDown if detail => {
            app.detail_scroll = (app.detail_scroll + app.detail_page()).min(app.detail_max())
        }
        Command::Top if detail => app.detail_scroll = 0,
        Command::Bottom if detail => app.detail_scroll = app.detail_max(),
        Command::Up => app.move_cursor(app.cursor.saturating_sub(1)),
        Command::Down => app.move_cursor(app.cursor + 1),
        Command::PageUp => app.move_cursor(app.cursor.saturating_sub(app.page())),
        Command::PageDown => app.move_cursor(app.cursor + app.page()),
        Command::Top => app.move_cursor(0),
        Command::Bottom => app.move_cursor(usize::MAX),
        Command::ToggleFocus => {
            app.focus = match app.focus {
                Focus::Queue => Focus::Detail,
                Focus::Detail => Focus::Queue,
            }
        }
        Command::Back => {
            if app.batch.is_some() {
                return vec![Effect::CancelBatch];
            } else if detail {
                app.focus = Focus::Queue;
            } else if !app.filter.is_empty() {
                app.filter.clear();
                let keep = app.selected_id();
                app.relist(keep);
            } else if !app.marked.is_empty() {
                app.marked.clear();
            }
        }
        Command::Perform => {
            let Some(item) = app.selected() else {
                app.set_status(StatusKind::Info, t::nothing_selected(lang).into());
                return Vec::new();
            };
            if item.analysis.suspicious() {
                app.mode = Mode::Explain {
                    id: item.file.name.unique.clone(),
                    scroll: 0,
                };
                return Vec::new();
            }
            let action = item.analysis.suggestion.action.clone();
            if let Action::Forward(to) = &action
                && is_placeholder_address(to)
            {
                app.open_forward_prompt();
                return Vec::new();
            }
            return app.act(action);
        }
        Command::Archive => return app.act(Action::Archive),
        Command::Delete => return app.act(Action::Delete),
        Command::Skip => return app.act(Action::Skip),
        Command::Forward => {
            if app.batch.is_some() {
                app.set_status(StatusKind::Info, t::wait_for_batch(lang).into());
            } else {
                app.open_forward_prompt();
            }
        }
        Command::Mark => {
            if let Some(id) = app.selected_id() {
                if !app.marked.remove(&id) {
                    app.marked.insert(id);
                }
                app.move_cursor(app.cursor + 1);
            }
        }
        Command::ApplyAll => {
            if app.batch.is_some() {
                app.set_status(StatusKind::Info, t::wait_for_batch(lang).into());
                return Vec::new();
            }
            let plan = app.plan_batch();
            if plan.actions.is_empty() {
                app.set_status(StatusKind::Info, t::nothing_to_apply(lang, &plan));
            } else {
                app.mode = Mode::Confirm(Confirm::Batch(plan));
            }
        }
        Command::Undo => {
            if app.batch.is_some() {
                app.set_status(StatusKind::Info, t::wait_for_batch(lang).into());
                return Vec::new();
            }
            return vec![Effect::Undo];
        }
        Command::Filter => app.mode = Mode::Filter(LineInput::new(&app.filter)),
        Command::Rescan => {
            app.scan = ScanState::Running { done: 0, total: 0 };
            return vec![Effect::Scan];
        }
        Command::Journal => return vec![Effect::LoadJournal],
        Command::Help => app.mode = Mode::Help { scroll: 0 },
        Command::DailyCheck => {
            if app.daily_check {
                app.set_status(StatusKind::Info, t::daily_check_already(lang).into());
            } else {
                return vec![Effect::RegisterDailyCheck];
            }
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maildir::{MailName, Sub};
    use crate::message::ParsedMail;
    use crate::notification::{Doubt, Extracted};
    use crate::rules::Suggestion;
    use crate::scan::Analysis;
    use std::path::PathBuf;

    fn settings() -> Settings {
        Settings {
            lang: Lang::En,
            today: "2026-11-26".into(),
            clerk: "kari".into(),
            mailbox: "~/Mail/INBOX".into(),
            notice: None,
            demo: false,
            color: true,
        }
    }

    fn item(id: &str, ts: i64, subject: &str, action: Action, suspicious: bool) -> Item {
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
            analysis: Analysis {
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
            },
        }
    }

    fn app() -> App {
        let report = Report {
            items: vec![
                item("a", 1, "first", Action::Archive, false),
                item("b", 2, "second", Action::Delete, false),
                item(
                    "c",
                    3,
                    "third",
                    Action::Forward("lonn@sandnes.kommune.no".into()),
                    false,
                ),
                item("d", 4, "fourth", Action::Skip, true),
            ],
            warnings: Vec::new(),
            messages: 10,
        };
        App::new(settings()).with_report(report)
    }

    fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
        update(app, Msg::Cmd(c))
    }

    fn id(app: &App) -> &str {
        &app.selected().expect("a selected item").file.name.unique
    }

    /// Feeds the result of a `Perform` effect back, as the loop does.
    fn perform_ok(app: &mut App, effects: Vec<Effect>) {
        for e in effects {
            if let Effect::Perform { item, action } = e {
                update(
                    app,
                    Msg::Performed {
                        id: item.file.name.unique.clone(),
                        action,
                        outcome: Ok(String::new()),
                        batch: false,
                    },
                );
            } else {
                panic!("expected Perform, got {e:?}");
            }
        }
    }

    #[test]
    fn counts_separate_suspicious_from_skip() {
        let a = app();
        assert_eq!(
            a.counts,
            Counts {
                archive: 1,
                delete: 1,
                forward: 1,
                skip: 0,
                suspicious: 1
            }
        );
    }

    #[test]
    fn movement_stays_in_bounds() {
        let mut a = app();
        cmd(&mut a, Command::Up);
        assert_eq!(id(&a), "a");
        cmd(&mut a, Command::Bottom);
        assert_eq!(id(&a), "d");
        cmd(&mut a, Command::Down);
        assert_eq!(id(&a), "d");
        cmd(&mut a, Command::Top);
        assert_eq!(id(&a), "a");
        a.hints.queue_rows.set(2);
        cmd(&mut a, Command::PageDown);
        assert_eq!(id(&a), "c");
    }

    #[test]
    fn enter_performs_the_suggestion_and_moves_to_the_next_item() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Perform);
        assert!(matches!(
            &effects[..],
            [Effect::Perform { action: Action::Archive, item }] if item.file.name.unique == "a"
        ));
        perform_ok(&mut a, effects);
        assert_eq!(id(&a), "b");
        assert_eq!(a.items.len(), 3);
        let s = a.status.as_ref().unwrap();
        assert_eq!(s.kind, StatusKind::Ok);
        assert!(s.text.starts_with("Archived"), "{}", s.text);
    }

    #[test]
    fn a_failed_action_keeps_the_item_and_shows_the_error() {
        let mut a = app();
        update(
            &mut a,
            Msg::Performed {
                id: "a".into(),
                action: Action::Delete,
                outcome: Err("permission denied".into()),
                batch: false,
            },
        );
        assert_eq!(id(&a), "a");
        assert_eq!(a.items.len(), 4);
        let s = a.status.as_ref().unwrap();
        assert_eq!(s.kind, StatusKind::Error);
        assert!(s.text.contains("permission denied"), "{}", s.text);
    }

    #[test]
    fn enter_on_a_suspicious_item_only_explains() {
        let mut a = app();
        cmd(&mut a, Command::Bottom);
        let effects = cmd(&mut a, Command::Perform);
        assert!(effects.is_empty());
        assert!(matches!(&a.mode, Mode::Explain { id, .. } if id == "d"));
        cmd(&mut a, Command::Close);
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn archiving_a_suspicious_item_asks_first() {
        let mut a = app();
        cmd(&mut a, Command::Bottom);
        assert!(cmd(&mut a, Command::Archive).is_empty());
        assert!(matches!(&a.mode, Mode::Confirm(Confirm::Suspicious { .. })));
        assert!(cmd(&mut a, Command::No).is_empty());
        assert_eq!(a.mode, Mode::Normal);
        cmd(&mut a, Command::Archive);
        let effects = cmd(&mut a, Command::Yes);
        assert!(matches!(
            &effects[..],
            [Effect::Perform {
                action: Action::Archive,
                ..
            }]
        ));
        // deleting one needs no confirmation
        let effects = cmd(&mut a, Command::Delete);
        assert!(matches!(
            &effects[..],
            [Effect::Perform {
                action: Action::Delete,
                ..
            }]
        ));
    }

    #[test]
    fn forward_prompt_is_prefilled_validated_and_cancellable() {
        let mut a = app();
        cmd(&mut a, Command::Down);
        cmd(&mut a, Command::Down);
        cmd(&mut a, Command::Forward);
        let Mode::Forward { input, .. } = &a.mode else {
            panic!("no prompt")
        };
        assert_eq!(input.text, "lonn@sandnes.kommune.no");
        cmd(&mut a, Command::ClearInput);
        for c in "not an address".chars() {
            update(&mut a, Msg::Insert(c));
        }
        assert!(cmd(&mut a, Command::Submit).is_empty());
        let Mode::Forward { error: Some(e), .. } = &a.mode else {
            panic!("no error shown")
        };
        assert!(e.contains("not a valid"), "{e}");
        cmd(&mut a, Command::ClearInput);
        for c in "x@example.invalid".chars() {
            update(&mut a, Msg::Insert(c));
        }
        assert!(cmd(&mut a, Command::Submit).is_empty());
        assert!(matches!(&a.mode, Mode::Forward { error: Some(_), .. }));
        cmd(&mut a, Command::ClearInput);
        for c in "post@sandnes.kommune.no".chars() {
            update(&mut a, Msg::Insert(c));
        }
        let effects = cmd(&mut a, Command::Submit);
        assert!(matches!(
            &effects[..],
            [Effect::Perform { action: Action::Forward(to), .. }] if to == "post@sandnes.kommune.no"
        ));
        assert_eq!(a.mode, Mode::Normal);
        cmd(&mut a, Command::Forward);
        cmd(&mut a, Command::Cancel);
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn enter_on_a_placeholder_forward_opens_the_prompt() {
        let mut a = App::new(settings()).with_report(Report {
            items: vec![item(
                "p",
                1,
                "x",
                Action::Forward("lonn@example.invalid".into()),
                false,
            )],
            ..Default::default()
        });
        assert!(cmd(&mut a, Command::Perform).is_empty());
        assert!(matches!(&a.mode, Mode::Forward { error: Some(_), .. }));
    }

    #[test]
    fn apply_all_confirms_with_counts_and_skips_suspicious() {
        let mut a = app();
        assert!(cmd(&mut a, Command::ApplyAll).is_empty());
        let Mode::Confirm(Confirm::Batch(plan)) = &a.mode else {
            panic!("no confirmation")
        };
        assert_eq!(
            (plan.archive, plan.delete, plan.forward, plan.suspicious),
            (1, 1, 1, 1)
        );
        let effects = cmd(&mut a, Command::Yes);
        let [Effect::PerformBatch(work)] = &effects[..] else {
            panic!("{effects:?}")
        };
        assert_eq!(work.len(), 3);
        for (item, action) in work {
            update(
                &mut a,
                Msg::Performed {
                    id: item.file.name.unique.clone(),
                    action: action.clone(),
                    outcome: Ok(String::new()),
                    batch: true,
                },
            );
        }
        update(&mut a, Msg::BatchFinished);
        assert_eq!(a.items.len(), 1);
        let s = a.status.as_ref().unwrap();
        assert!(s.text.contains("archived 1"), "{}", s.text);
    }

    #[test]
    fn marks_limit_apply_all() {
        let mut a = app();
        cmd(&mut a, Command::Mark); // marks a, moves to b
        assert_eq!(id(&a), "b");
        cmd(&mut a, Command::ApplyAll);
        let Mode::Confirm(Confirm::Batch(plan)) = &a.mode else {
            panic!()
        };
        assert!(plan.marked);
        assert_eq!(plan.actions, vec![("a".to_string(), Action::Archive)]);
    }

    #[test]
    fn filter_narrows_and_escape_clears() {
        let mut a = app();
        cmd(&mut a, Command::Filter);
        for c in "THIRD".chars() {
            update(&mut a, Msg::Insert(c));
        }
        assert_eq!(a.visible.len(), 1);
        assert_eq!(id(&a), "c");
        cmd(&mut a, Command::Submit);
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.visible.len(), 1);
        cmd(&mut a, Command::Back);
        assert_eq!(a.visible.len(), 4);
        assert_eq!(id(&a), "c", "the selection survives clearing the filter");
    }

    #[test]
    fn skip_hides_and_undo_brings_back() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Skip);
        perform_ok(&mut a, effects);
        assert_eq!(a.visible.len(), 3);
        assert_eq!(id(&a), "b");
        let effects = cmd(&mut a, Command::Undo);
        assert!(matches!(&effects[..], [Effect::Undo]));
        let effects = update(
            &mut a,
            Msg::Undone(Ok(Undone {
                id: "a".into(),
                skip: true,
                text: "restored".into(),
            })),
        );
        assert!(matches!(&effects[..], [Effect::Refresh]));
        assert_eq!(a.visible.len(), 4);
        assert!(a.history.is_empty());
    }

    #[test]
    fn undo_follows_what_the_executor_undid() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Perform); // archive a
        perform_ok(&mut a, effects);
        let effects = cmd(&mut a, Command::Skip); // skip b
        perform_ok(&mut a, effects);
        assert_eq!(a.history.len(), 2);
        // the executor undid the skip of b (the most recent action)
        update(
            &mut a,
            Msg::Undone(Ok(Undone {
                id: "b".into(),
                skip: true,
                text: "back in the queue".into(),
            })),
        );
        assert!(!a.skipped.contains("b"));
        assert_eq!(a.history, vec![("a".to_string(), Action::Archive)]);
        update(
            &mut a,
            Msg::Undone(Ok(Undone {
                id: "a".into(),
                skip: false,
                text: "back in the inbox".into(),
            })),
        );
        assert!(a.history.is_empty());
        assert!(a.returning.contains("a"), "the next refresh reads it again");
        assert_eq!(a.status.as_ref().unwrap().text, "back in the inbox");
    }

    #[test]
    fn rescans_keep_the_selection_by_unique_name() {
        let mut a = app();
        cmd(&mut a, Command::Down);
        cmd(&mut a, Command::Down);
        assert_eq!(id(&a), "c");
        let report = Report {
            items: vec![
                item("new", 0, "arrived earlier", Action::Archive, false),
                item("b", 2, "second", Action::Delete, false),
                item(
                    "c",
                    3,
                    "third",
                    Action::Forward("lonn@sandnes.kommune.no".into()),
                    false,
                ),
            ],
            ..Default::default()
        };
        update(
            &mut a,
            Msg::ScanDone {
                report,
                listed: HashSet::new(),
            },
        );
        assert_eq!(id(&a), "c");
        assert_eq!(a.cursor, 2);
    }

    #[test]
    fn refresh_drops_vanished_items_adds_new_ones_and_follows_renames() {
        let mut a = app();
        cmd(&mut a, Command::Down);
        let mut present = HashMap::new();
        for i in &a.items {
            if i.file.name.unique != "a" {
                let mut f = i.file.clone();
                f.path = PathBuf::from(format!("/m/INBOX/cur/{}:2,FS", f.name.unique));
                present.insert(f.name.unique.clone(), f);
            }
        }
        let newcomer = item("e", 5, "fifth", Action::Archive, false);
        present.insert("e".into(), newcomer.file.clone());
        update(
            &mut a,
            Msg::Refreshed(Refresh {
                present,
                new_items: vec![newcomer],
                unreadable: 0,
            }),
        );
        let ids: Vec<_> = a
            .items
            .iter()
            .map(|i| i.file.name.unique.as_str())
            .collect();
        assert_eq!(ids, ["b", "c", "d", "e"]);
        assert_eq!(id(&a), "b");
        assert!(a.selected().unwrap().file.path.ends_with("b:2,FS"));
        assert!(a.known.contains("e"));
    }

    #[test]
    fn a_moved_item_is_read_again_when_it_comes_back() {
        let mut a = app();
        a.known.insert("a".into());
        let effects = cmd(&mut a, Command::Perform);
        perform_ok(&mut a, effects);
        assert!(!a.known.contains("a"), "an undo must not leave it unread");
    }

    #[test]
    fn an_undone_item_is_read_again_even_after_a_stale_scan() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Perform);
        perform_ok(&mut a, effects);
        update(
            &mut a,
            Msg::Undone(Ok(Undone {
                id: "a".into(),
                skip: false,
                text: "back".into(),
            })),
        );
        // a scan that listed "a" but did not classify it finishes after the undo
        update(
            &mut a,
            Msg::ScanDone {
                report: Report::default(),
                listed: HashSet::from(["a".to_string(), "z".to_string()]),
            },
        );
        assert!(!a.known.contains("a"), "the next refresh must read it");
        assert!(a.known.contains("z"));
    }

    #[test]
    fn a_stale_scan_does_not_bring_back_a_handled_item() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Perform);
        perform_ok(&mut a, effects);
        let report = Report {
            items: vec![item("a", 1, "first", Action::Archive, false)],
            ..Default::default()
        };
        update(
            &mut a,
            Msg::ScanDone {
                report,
                listed: HashSet::new(),
            },
        );
        assert!(a.items.is_empty());
    }

    #[test]
    fn daily_check_is_registered_once() {
        let mut a = app();
        let effects = cmd(&mut a, Command::DailyCheck);
        assert!(matches!(&effects[..], [Effect::RegisterDailyCheck]));
        update(&mut a, Msg::DailyCheckRegistered(Ok("08:12".into())));
        assert!(a.daily_check);
        assert!(cmd(&mut a, Command::DailyCheck).is_empty());
    }

    #[test]
    fn quit_and_journal() {
        let mut a = app();
        assert!(matches!(
            &cmd(&mut a, Command::Journal)[..],
            [Effect::LoadJournal]
        ));
        update(
            &mut a,
            Msg::JournalLoaded(JournalPage {
                lines: vec!["x".into()],
                daily_check: true,
                source: "journal.jsonl".into(),
                warning: Some("line 3 damaged".into()),
            }),
        );
        assert!(matches!(a.mode, Mode::Journal { .. }));
        assert!(a.daily_check, "another clerk's check counts");
        let s = a.status.as_ref().unwrap();
        assert_eq!(
            (s.kind, s.text.as_str()),
            (StatusKind::Error, "line 3 damaged")
        );
        cmd(&mut a, Command::Close);
        assert!(matches!(&cmd(&mut a, Command::Quit)[..], [Effect::Quit]));
        assert!(a.quit);
    }

    #[test]
    fn prompt_editing_moves_by_characters() {
        let mut i = LineInput::new("bø");
        i.edit(Command::CursorLeft);
        i.insert('x');
        assert_eq!(i.text, "bxø");
        i.edit(Command::DeleteForward);
        assert_eq!(i.text, "bx");
        i.edit(Command::DeleteBack);
        assert_eq!(i.text, "b");
        i.insert('\u{1b}');
        assert_eq!(i.text, "b", "control characters are not typed");
    }
}
