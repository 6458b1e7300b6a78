//! The TUI's state (`App`) and its pure transitions (`update`, in `update.rs`):
//! `update(&mut App, Msg) -> Vec<Effect>`. Nothing here touches a file, the clock or the
//! terminal; the event loop in `tui/mod.rs` carries out the returned effects (through an
//! [`Executor`]) and feeds their results back in as messages. The queue and its
//! bookkeeping by unique name live in [`QueueModel`]; the geometry the view needs for
//! paging comes in as a message ([`Msg::Viewport`]), so drawing never writes state.

pub mod altinn;
pub mod followup;
mod followup_update;
pub mod input;
pub mod queue;
pub mod stats;
mod update;

pub use super::worker::{
    AltinnDone, DialogLookup, Executor, JobError, JournalLine, JournalPage, JournalWarning,
    StepDone, Undid, Undone,
};
pub use crate::actions::{BatchPlan, BatchProgress};
pub use altinn::{AltinnModel, AltinnReport};
pub use followup::{FollowupModel, FollowupPage, Row as FollowupRow, StepUndone, Today};
pub use input::LineInput;
pub use queue::{Counts, QueueModel};
pub use stats::StatsModel;
#[cfg(test)]
pub(crate) use update::undone_text;
pub use update::{follow, update};

use crate::config::Action;
use crate::i18n::Lang;
use crate::maildir::MailFile;
use crate::scan::{Item, Report};
use std::collections::HashMap;

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

#[cfg(test)]
impl Settings {
    /// The settings the TUI's unit tests start from (English, colour, no demo): change
    /// a field with `Settings { lang: Lang::Nb, ..Settings::example() }`.
    pub(crate) fn example() -> Settings {
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
}

/// The clerk's screens, one key each (`1`–`4`): the queue of notifications (routine
/// point 2), the follow-up of archived notices (point 3), the Altinn inbox itself (point
/// 1) and the statistics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Screen {
    #[default]
    Queue,
    Followup,
    Altinn,
    Stats,
}

impl Screen {
    /// In the order of their keys.
    pub const ALL: [Screen; 4] = [
        Screen::Queue,
        Screen::Followup,
        Screen::Altinn,
        Screen::Stats,
    ];

    /// The key that shows the screen.
    pub fn key(self) -> char {
        match self {
            Screen::Queue => '1',
            Screen::Followup => '2',
            Screen::Altinn => '3',
            Screen::Stats => '4',
        }
    }
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
    /// Scroll the detail pane from the queue, without moving the focus.
    DetailDown,
    DetailUp,
    /// Show or hide the skipped items.
    ToggleSkipped,
    /// The message log.
    Log,
    /// Open the full-screen message view (never acts).
    View,
    // the message view
    SearchNext,
    SearchPrev,
    /// Show or hide the raw source.
    Source,
    Quit,
    /// Show one of the screens.
    Show(Screen),
    /// Open the selected dialog in the browser (the Altinn screen).
    OpenInBrowser,
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
    // the follow-up screen
    /// Move the selected item on to this step (`distributed` asks to whom first).
    FollowupStep(crate::followup::Step),
    /// Enter on the follow-up screen: the item's next step.
    NextStep,
    /// Open Altinn for the selected item's party in the browser.
    OpenAltinn,
}

/// Everything that can happen to the app.
#[derive(Debug)]
pub enum Msg {
    Cmd(Command),
    /// A character typed into a prompt.
    Insert(char),
    /// A key that means nothing where it was pressed.
    UnknownKey,
    /// The terminal's size and what the view fits into it (see `view::viewport`).
    Viewport(Viewport),
    ScanProgress {
        done: usize,
        total: usize,
    },
    /// A full scan finished; `listed` are the unique names in the inbox when it began.
    ScanDone {
        report: Report,
        listed: crate::scan::NameSet,
    },
    ScanFailed(JobError),
    /// The raw source of the message `id`, for the message view.
    SourceLoaded {
        id: String,
        text: Result<String, JobError>,
    },
    Refreshed(Refresh),
    RefreshFailed(JobError),
    /// The inbox folder changed on disk.
    InboxChanged,
    /// The periodic fallback for a missed change.
    Tick,
    /// Seconds the oldest running action has taken so far (while one runs).
    Elapsed(u64),
    /// The terminal went away (hangup, end of input) or a signal asked to stop: quit now.
    Hangup,
    Performed {
        id: String,
        action: Action,
        /// `Ok`: the journal entry's notes.
        outcome: Result<Vec<crate::journal::Note>, JobError>,
        batch: bool,
    },
    BatchFinished,
    Undone(Result<Undone, JobError>),
    /// The daily check was recorded (`Ok`: when), or why not.
    DailyCheckRegistered(Result<crate::journal::Timestamp, JobError>),
    JournalLoaded(Result<JournalPage, JobError>),
    /// The statistics screen's figures.
    StatsLoaded(Result<Box<crate::stats::Stats>, JobError>),
    /// The daily check through Dialogporten (the Altinn screen).
    AltinnChecked(Result<Box<AltinnReport>, JobError>),
    /// The follow-up list and today's check, read from the mailbox.
    FollowupLoaded(Result<FollowupPage, JobError>),
    /// A follow-up step came back from the executor.
    FollowupStepped {
        id: String,
        step: crate::followup::Step,
        /// `Ok`: what was done in Altinn, or why the step was recorded without it.
        outcome: Result<StepDone, JobError>,
    },
    /// The follow-up item's dialog in Altinn was looked for (`h`).
    FollowupDialog {
        item: Box<crate::followup::Item>,
        lookup: Result<DialogLookup, JobError>,
    },
    /// The last follow-up step of the session was undone (or not).
    FollowupUndone(Result<StepUndone, JobError>),
    /// The browser was started on `url`, or why not.
    BrowserOpened {
        url: String,
        result: Result<(), JobError>,
    },
}

/// An incremental refresh: the inbox as it is now, and the newly arrived notifications.
#[derive(Debug, Default)]
pub struct Refresh {
    pub seen: Seen,
    /// Notifications among the files that were not known before.
    pub new_items: Vec<Item>,
    pub unreadable: usize,
}

/// What a refresh listed. Built on the refresh's thread: at 100 000 messages a map of
/// every file, turned into the set of names on the screen's thread, held the screen
/// up for about 90 ms after every action.
#[derive(Debug, Default)]
pub struct Seen {
    /// The unique name of every message in the inbox: what the queue knows from now on.
    pub listed: crate::scan::NameSet,
    /// The files of the names asked about that are still there (under their name now),
    /// by unique name.
    pub files: HashMap<String, MailFile>,
    /// The names asked about: the queue's items when the refresh started. An item not
    /// among them joined the queue meanwhile and is kept as it is.
    pub asked: std::sync::Arc<crate::scan::NameSet>,
    /// The `mark` of the [`queue::RefreshInput`] the refresh started from.
    pub forgotten_until: u64,
}

/// An action handed to the executor whose result has not come back yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Working {
    pub id: String,
    pub action: Action,
    /// As the status line shows it (inert).
    pub subject: String,
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
    /// Read the message file (for the message view's source).
    LoadSource {
        id: String,
        path: std::path::PathBuf,
    },
    Quit,
    /// Compute the statistics (on the executor's thread).
    LoadStats,
    /// Run the daily check through Dialogporten (on the executor's thread).
    AltinnCheck,
    /// Read the follow-up list and today's check (the executor, under no lock).
    LoadFollowup,
    /// Move a follow-up item on to `step` (the executor, under the mailbox lock).
    FollowupStep {
        item: Box<crate::followup::Item>,
        step: crate::followup::Step,
        to: Option<String>,
    },
    /// Undo this session's last follow-up step.
    UndoFollowup,
    /// Look for the follow-up item's dialog in Altinn (before "fetched").
    FindDialog(Box<crate::followup::Item>),
    /// Fetch the dialog's documents (the clerk said yes) and check off "fetched".
    AltinnFetch {
        item: Box<crate::followup::Item>,
        dialog: crate::altinn::routine::DialogRef,
    },
    /// Start the browser on a trusted address (from the configuration).
    OpenBrowser(String),
}

/// The raw source in the message view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Off,
    Loading,
    Shown(String),
    Failed(String),
}

/// The full-screen message view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub id: String,
    /// The first document line shown.
    pub scroll: usize,
    pub source: Source,
    /// The search being typed.
    pub typing: Option<LineInput>,
    /// The last search, and which of its hits is current.
    pub query: String,
    pub hit: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Queue,
    Detail,
}

/// A question that needs an explicit yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Archive or forward a suspicious notification.
    Suspicious { id: String, action: Action },
    /// Carry out the suggestions of several notifications.
    Batch(BatchPlan),
    /// Fetch the follow-up item `id`'s documents from Altinn into `folder` (as shown);
    /// this marks the dialog seen.
    Fetch {
        id: String,
        dialog: crate::altinn::routine::DialogRef,
        folder: String,
    },
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
    /// The last messages of the status line, in full, newest first.
    Log {
        scroll: usize,
    },
    /// The full-screen message view.
    Pager(Pager),
    /// "Distributed to whom": the follow-up item `id`, the name typed or chosen, and
    /// which of the offered recipients is chosen (↑/↓).
    Recipient {
        id: String,
        input: LineInput,
        choice: Option<usize>,
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

/// What the view fits on the screen, so that paging and scrolling move by what the
/// clerk sees. Computed from the state by `view::viewport` and sent in as
/// [`Msg::Viewport`] whenever it changes (a resize, another item, another popup).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    pub width: u16,
    pub height: u16,
    /// Rows of the queue table.
    pub queue_rows: usize,
    /// Rows of the detail pane, and the lines of the selected item's detail.
    pub detail_rows: usize,
    pub detail_lines: usize,
    /// How far the open popup (help, journal, explanation) can scroll.
    pub overlay_max: usize,
    /// Rows of text in the message view.
    pub pager_rows: usize,
    /// Rows of the Altinn screen's list.
    pub altinn_rows: usize,
    /// How far the statistics screen scrolls (its parts that do not fit).
    pub stats_max: usize,
    /// Rows of the follow-up table.
    pub followup_rows: usize,
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    pub settings: Settings,
    /// The screen shown (popups and prompts open over it).
    pub screen: Screen,
    /// The notifications, what the queue shows of them, and the cursor.
    pub queue: QueueModel,
    /// This session's successful actions (unique name, action), oldest first.
    pub history: Vec<(String, Action)>,
    pub mode: Mode,
    pub focus: Focus,
    pub detail_scroll: usize,
    /// The first queue row shown (kept so that the table scrolls as little as it can).
    pub queue_offset: usize,
    pub viewport: Viewport,
    pub status: Option<Status>,
    pub scan: ScanState,
    /// Whether a first full scan has finished.
    pub scanned: bool,
    /// Messages in the inbox at the last scan, and files that could not be read.
    pub messages: usize,
    pub unreadable: usize,
    pub daily_check: bool,
    pub batch: Option<BatchProgress>,
    /// Single actions under way, oldest first (the loop hands them to the executor's
    /// thread one at a time, so the screen keeps answering keys).
    pub working: Vec<Working>,
    /// Whether the clerk waits for them: new actions wait until they are done; Esc stops
    /// waiting (the action then finishes in the background, by its own deadline).
    pub waiting: bool,
    /// Seconds the oldest action has been running.
    pub working_secs: u64,
    /// `q` came while an action was running: quit when it is done.
    pub quit_when_done: bool,
    /// In a question, whether the clerk moved the focus to its Yes button (Tab or an
    /// arrow), so that Enter answers yes. Every question opens with it off.
    pub yes_focused: bool,
    pub last_forward_to: Option<String>,
    /// The status line's messages of this session, oldest first (at most [`LOG_LEN`]).
    pub log: std::collections::VecDeque<Status>,
    pub quit: bool,
    /// The Altinn screen (`3`).
    pub altinn: AltinnModel,
    /// The statistics screen (`4`).
    pub stats: StatsModel,
    /// The follow-up of archived notices (screen `2`).
    pub followup: FollowupModel,
    /// Today's daily check and duty from the shared records, once read.
    pub today: Option<Today>,
}

/// How many status messages the log keeps.
pub const LOG_LEN: usize = 100;

impl App {
    pub fn new(settings: Settings) -> App {
        App {
            settings,
            screen: Screen::Queue,
            queue: QueueModel::default(),
            history: Vec::new(),
            mode: Mode::Normal,
            focus: Focus::Queue,
            detail_scroll: 0,
            queue_offset: 0,
            viewport: Viewport::default(),
            status: None,
            scan: ScanState::Idle,
            scanned: false,
            messages: 0,
            unreadable: 0,
            daily_check: false,
            batch: None,
            working: Vec::new(),
            waiting: false,
            working_secs: 0,
            quit_when_done: false,
            yes_focused: false,
            last_forward_to: None,
            log: std::collections::VecDeque::new(),
            quit: false,
            altinn: AltinnModel::default(),
            stats: StatsModel::default(),
            followup: FollowupModel::default(),
            today: None,
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
                listed: Default::default(),
            },
        );
        self.status = None;
        self
    }

    /// The item under the cursor.
    pub fn selected(&self) -> Option<&Item> {
        self.queue.selected()
    }

    pub fn item_by_id(&self, id: &str) -> Option<&Item> {
        self.queue.item_by_id(id)
    }

    /// Whether an action runs that the clerk waits for.
    pub fn busy(&self) -> bool {
        self.waiting && !self.working.is_empty()
    }

    /// Shows a message in the status line and keeps it in the log.
    pub fn set_status(&mut self, kind: StatusKind, text: String) {
        let status = Status { kind, text };
        if self.log.back() != Some(&status) {
            if self.log.len() == LOG_LEN {
                self.log.pop_front();
            }
            self.log.push_back(status.clone());
        }
        self.status = Some(status);
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
}
