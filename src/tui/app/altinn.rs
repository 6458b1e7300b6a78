//! The Altinn screen's state (`3`): the daily check's result (routine point 1) as a list
//! in the routine's order — dialogs that arrived without a notice first (what point 1 is
//! for), then those with one, the older ones not matched, notices without a dialog, and
//! the units that fetch their own mail apart — with a cursor and a filter like the
//! queue's. The check itself runs on the executor's thread (it may take seconds).

use crate::altinn::check::{Outcome, Row};
/// The sections are the check's classification of its result (defined with it, so
/// that the wording in `i18n` need not name the TUI); re-exported for the screen.
pub use crate::altinn::check::{Section, section_of};
use std::collections::HashMap;
use std::path::PathBuf;

/// What [`super::Executor::altinn_check`] found (the words come later, in the view).
#[derive(Debug, Clone)]
pub struct AltinnReport {
    pub outcome: Outcome,
    /// The subjects of the notices looked at, by path (for the matched notice's line).
    pub subjects: HashMap<PathBuf, String>,
    /// The dialogs are the demo's, seeded from its notices (not fetched from Altinn).
    pub demo: bool,
    /// When the check ran, `HH:MM`.
    pub at: String,
    /// What went wrong beside the check.
    pub warnings: Vec<CheckWarning>,
}

/// Something that went wrong beside the check itself (worded by `checked`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckWarning {
    /// The notices in `folder` could not be read (`error`: the system's words), so they
    /// are not matched to dialogs.
    NoticesUnreadable { folder: PathBuf, error: String },
    /// The check ran, but the journal at `journal` could not record it.
    NotRecorded { journal: PathBuf, error: String },
}

impl CheckWarning {
    /// For the status line, in `lang` (made inert: it names files).
    fn text(&self, lang: crate::i18n::Lang) -> String {
        let text = match self {
            CheckWarning::NoticesUnreadable { folder, error } => {
                t::altinn_notices_unreadable(lang, &folder.display().to_string(), error)
            }
            CheckWarning::NotRecorded { journal, error } => format!(
                "{} {}: {error}",
                t::altinn_check_not_recorded(lang),
                journal.display()
            ),
        };
        crate::text::inert(&text, true)
    }
}

/// One line of the list: a dialog (an index into the outcome's rows) or a notice without
/// a dialog (an index into `notices_without_dialog`, or into the own-mail ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Dialog(usize),
    Notice(usize),
    OwnNotice(usize),
}

/// One row of the list as the screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    /// A section's heading, with how many entries it has (after the filter).
    Heading(Section, usize),
    /// The `n`th visible entry.
    Item(usize, Entry),
}

/// Where the check stands.
#[derive(Debug, Clone, Default)]
pub enum CheckState {
    /// Not run in this session yet (it runs when the screen is first shown).
    #[default]
    NotRun,
    Checking,
    Done(Box<AltinnReport>),
    /// The check could not run: no `[altinn]` section, a refused token, a timeout… (worded).
    Failed(String),
}

/// The Altinn screen's model.
#[derive(Debug, Clone, Default)]
pub struct AltinnModel {
    pub state: CheckState,
    /// The last result, kept on screen while a new check runs.
    pub last: Option<Box<AltinnReport>>,
    /// Every entry in the list's order, with its section.
    entries: Vec<(Section, Entry)>,
    /// The entries the filter lets through (indexes into `entries`).
    visible: Vec<usize>,
    cursor: usize,
    filter: String,
    /// The first list row shown.
    pub offset: usize,
}

impl AltinnModel {
    /// The result shown: the current one, or the last while a new check runs.
    pub fn report(&self) -> Option<&AltinnReport> {
        match &self.state {
            CheckState::Done(r) => Some(r),
            _ => self.last.as_deref(),
        }
    }

    pub fn checking(&self) -> bool {
        matches!(self.state, CheckState::Checking)
    }

    /// A check was asked for.
    pub fn start(&mut self) {
        if let CheckState::Done(r) = std::mem::take(&mut self.state) {
            self.last = Some(r);
        }
        self.state = CheckState::Checking;
    }

    /// The check's answer. The selection stays on the same dialog when it is still listed.
    /// `state`: `Done` with the report, or `Failed` with why (worded).
    pub fn finished(&mut self, state: CheckState) {
        let keep = self.selected_dialog().map(|r| r.id.clone());
        self.entries = match &state {
            CheckState::Done(r) => entries(&r.outcome),
            _ => Vec::new(),
        };
        self.last = None;
        self.state = state;
        self.refilter();
        if let Some(id) = keep
            && let Some(at) = self.visible.iter().position(|&i| {
                matches!(self.entries[i].1, Entry::Dialog(d)
                    if self.report().is_some_and(|r| r.outcome.rows[d].id == id))
            })
        {
            self.cursor = at;
        }
    }

    /// The visible entries with their sections, in order.
    pub fn visible(&self) -> impl Iterator<Item = (Section, Entry)> + '_ {
        self.visible.iter().map(|&i| self.entries[i])
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    /// How many entries each section has (before the filter).
    pub fn section_len(&self, s: Section) -> usize {
        self.entries.iter().filter(|(x, _)| *x == s).count()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn move_to(&mut self, pos: usize) {
        self.cursor = pos.min(self.visible.len().saturating_sub(1));
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Keeps the entries whose words contain `text` (case-insensitive): party, org number,
    /// sender, title, the notice's subject.
    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.refilter();
    }

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        let words = |e: &Entry| -> String {
            let Some(r) = self.report() else {
                return String::new();
            };
            let o = &r.outcome;
            match *e {
                Entry::Dialog(i) => {
                    let row = &o.rows[i];
                    let subject = row
                        .notice
                        .as_ref()
                        .and_then(|p| r.subjects.get(p))
                        .map_or("", String::as_str);
                    format!(
                        "{} {} {} {} {}",
                        row.party, row.party_name, row.sender, row.title, subject
                    )
                }
                Entry::Notice(i) => notice_words(&o.notices_without_dialog[i]),
                Entry::OwnNotice(i) => notice_words(&o.own_mail_notices_without_dialog[i]),
            }
            .to_lowercase()
        };
        self.visible = (0..self.entries.len())
            .filter(|&i| needle.is_empty() || words(&self.entries[i].1).contains(&needle))
            .collect();
        self.move_to(self.cursor);
    }

    /// The rows of the list: each section's heading over its entries. The dialogs
    /// without a notice always have their heading (none is news too); other sections
    /// only when they have entries.
    pub fn lines(&self) -> Vec<ListLine> {
        let mut out = Vec::new();
        for s in Section::ALL {
            let items: Vec<(usize, Entry)> = self
                .visible()
                .enumerate()
                .filter(|(_, (x, _))| *x == s)
                .map(|(n, (_, e))| (n, e))
                .collect();
            if items.is_empty() && s != Section::WithoutNotice {
                continue;
            }
            out.push(ListLine::Heading(s, items.len()));
            out.extend(items.into_iter().map(|(n, e)| ListLine::Item(n, e)));
        }
        out
    }

    /// Keeps the cursor's row in a window of `rows` rows (moving as little as it can).
    pub fn follow(&mut self, rows: usize) {
        let lines = self.lines();
        let at = lines
            .iter()
            .position(|l| matches!(l, ListLine::Item(n, _) if *n == self.cursor))
            .unwrap_or(0);
        // the heading over the first entry stays in view when going back up to it
        let at_top = if at == 1 { 0 } else { at };
        self.offset = super::follow(self.offset.min(at_top), at, lines.len(), rows);
    }

    /// The entry under the cursor.
    pub fn selected(&self) -> Option<Entry> {
        self.visible.get(self.cursor).map(|&i| self.entries[i].1)
    }

    /// The dialog under the cursor.
    pub fn selected_dialog(&self) -> Option<&Row> {
        match self.selected()? {
            Entry::Dialog(i) => self.report()?.outcome.rows.get(i),
            _ => None,
        }
    }
}

fn notice_words(n: &crate::altinn::check::Notice) -> String {
    format!(
        "{} {} {}",
        n.org.map(|o| o.digits()).unwrap_or_default(),
        n.sender.as_deref().unwrap_or(""),
        n.subject
    )
}

/// Every entry of an outcome in the routine's order (within a section, as the check
/// lists them: newest first).
fn entries(o: &Outcome) -> Vec<(Section, Entry)> {
    let mut out: Vec<(Section, Entry)> = Vec::new();
    for s in Section::ALL {
        match s {
            Section::NoticesWithoutDialog => {
                out.extend((0..o.notices_without_dialog.len()).map(|i| (s, Entry::Notice(i))))
            }
            Section::OwnMail => {
                out.extend(
                    o.rows
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| section_of(r) == s)
                        .map(|(i, _)| (s, Entry::Dialog(i))),
                );
                out.extend(
                    (0..o.own_mail_notices_without_dialog.len()).map(|i| (s, Entry::OwnNotice(i))),
                );
            }
            _ => out.extend(
                o.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| section_of(r) == s)
                    .map(|(i, _)| (s, Entry::Dialog(i))),
            ),
        }
    }
    out
}

use super::{App, Command, Effect, LineInput, Mode, StatusKind};
use crate::i18n::tui as t;

/// The Altinn screen was shown: the check runs the first time (running it records the
/// day's check, so it does not run again by itself; `r` runs it again).
pub(super) fn shown(app: &mut App) -> Vec<Effect> {
    if matches!(app.altinn.state, CheckState::NotRun) {
        return run(app);
    }
    Vec::new()
}

fn run(app: &mut App) -> Vec<Effect> {
    if app.altinn.checking() {
        app.set_status(
            StatusKind::Info,
            t::altinn_already_checking(app.lang()).into(),
        );
        return Vec::new();
    }
    app.altinn.start();
    vec![Effect::AltinnCheck]
}

/// The check's answer.
pub(super) fn checked(app: &mut App, result: Result<Box<AltinnReport>, super::JobError>) {
    let lang = app.lang();
    let state = match result {
        Ok(r) => {
            app.daily_check = true;
            let counts = r.outcome.counts();
            match r.warnings.first() {
                Some(w) => app.set_status(StatusKind::Error, w.text(lang)),
                None => app.set_status(
                    StatusKind::Ok,
                    t::altinn_checked(lang, counts.without_notice),
                ),
            }
            CheckState::Done(r)
        }
        Err(e) => {
            let e = t::job_error(lang, &e);
            app.set_status(StatusKind::Error, crate::text::inert(&e, true));
            CheckState::Failed(e)
        }
    };
    app.altinn.finished(state);
    app.altinn.offset = 0;
}

/// The Altinn screen's keys (the queue's movement and filter, `o`, `r`).
pub(super) fn keys(app: &mut App, cmd: Command) -> Vec<Effect> {
    let lang = app.lang();
    let m = &mut app.altinn;
    let cursor = m.cursor();
    let page = app.viewport.altinn_rows.max(1);
    match cmd {
        Command::Up => m.move_to(cursor.saturating_sub(1)),
        Command::Down => m.move_to(cursor + 1),
        Command::PageUp => m.move_to(cursor.saturating_sub(page)),
        Command::PageDown => m.move_to(cursor + page),
        Command::Top => m.move_to(0),
        Command::Bottom => m.move_to(usize::MAX),
        Command::Filter => app.mode = Mode::Filter(LineInput::new(m.filter())),
        Command::Back => m.set_filter(""),
        Command::Rescan => return run(app),
        Command::OpenInBrowser => match m.selected_dialog() {
            Some(row) if crate::altinn::valid_dialog_id(&row.id) => {
                return vec![Effect::OpenBrowser(crate::altinn::arbeidsflate_url(
                    &row.id,
                ))];
            }
            _ => app.set_status(StatusKind::Info, t::no_dialog_selected(lang).into()),
        },
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::{Msg, Settings, Viewport, update};
    use super::*;
    use crate::altinn::check::Notice;
    use crate::i18n::Lang;
    use crate::tui::app::Screen;

    fn app() -> App {
        let mut app = App::new(Settings::example());
        let _ = update(
            &mut app,
            Msg::Viewport(Viewport {
                altinn_rows: 4,
                ..Viewport::default()
            }),
        );
        app
    }

    fn row(id: &str, title: &str, notice: Option<&str>, own: bool, checked: bool) -> Row {
        Row {
            id: id.into(),
            party: "964965137".into(),
            party_name: "SANDNES KOMMUNE".into(),
            sender: "Skatteetaten".into(),
            title: title.into(),
            created_at: "2026-11-26T08:00:00+01:00".into(),
            updated_at: "2026-11-26T08:00:00+01:00".into(),
            seen: false,
            attachments: 1,
            own_mail: own,
            notified: notice.is_some(),
            notice: notice.map(PathBuf::from),
            notice_checked: checked,
            revision: None,
            url: crate::altinn::arbeidsflate_url(id),
            org: "964965137".parse().ok(),
            created_ts: 0,
        }
    }

    const ID: &str = "0194a3c2-7f00-7000-8000-00000000000";

    /// Newest first, as the check lists them: with a notice, without, own mail, older,
    /// without — and one notice without a dialog.
    fn report() -> Box<AltinnReport> {
        let rows = vec![
            row(
                &format!("{ID}1"),
                "Skattemelding",
                Some("INBOX/cur/n1"),
                false,
                true,
            ),
            row(&format!("{ID}2"), "Vedtak om tilskudd", None, false, true),
            row(&format!("{ID}3"), "Til barnehagen", None, true, true),
            row(&format!("{ID}4"), "Gammel sak", None, false, false),
            row(&format!("{ID}5"), "Varsel om tilsyn", None, false, true),
        ];
        let lost = Notice {
            path: "INBOX/cur/n2".into(),
            to: vec![],
            org: None,
            sender: Some("NAV".into()),
            ts: None,
            subject: "Sykepenger".into(),
            own_mail: false,
        };
        Box::new(AltinnReport {
            outcome: Outcome {
                parties: vec![],
                rows,
                notices_without_dialog: vec![lost],
                own_mail_notices_without_dialog: vec![],
                notices: 2,
            },
            subjects: [(PathBuf::from("INBOX/cur/n1"), "Skatt".to_string())].into(),
            demo: false,
            at: "08:30".into(),
            warnings: vec![],
        })
    }

    fn cmd(app: &mut App, c: Command) -> Vec<Effect> {
        update(app, Msg::Cmd(c))
    }

    fn titles(app: &App) -> Vec<String> {
        let r = app.altinn.report().unwrap();
        app.altinn
            .visible()
            .map(|(_, e)| match e {
                Entry::Dialog(i) => r.outcome.rows[i].title.clone(),
                Entry::Notice(i) => r.outcome.notices_without_dialog[i].subject.clone(),
                Entry::OwnNotice(i) => r.outcome.own_mail_notices_without_dialog[i].subject.clone(),
            })
            .collect()
    }

    #[test]
    fn showing_the_screen_checks_once_and_r_checks_again() {
        let mut a = app();
        let e = cmd(&mut a, Command::Show(Screen::Altinn));
        assert!(matches!(e.as_slice(), [Effect::AltinnCheck]));
        assert!(a.altinn.checking());
        // while it runs: no second check
        assert!(cmd(&mut a, Command::Rescan).is_empty());
        let _ = update(&mut a, Msg::AltinnChecked(Ok(report())));
        assert!(a.daily_check, "the check is today's check");
        assert!(!a.altinn.checking());
        // back to the queue and here again: the result stays, nothing runs
        let _ = cmd(&mut a, Command::Show(Screen::Queue));
        assert!(cmd(&mut a, Command::Show(Screen::Altinn)).is_empty());
        let e = cmd(&mut a, Command::Rescan);
        assert!(matches!(e.as_slice(), [Effect::AltinnCheck]));
        // the last result stays on screen while the new check runs
        assert_eq!(a.altinn.visible_len(), 6);
    }

    #[test]
    fn the_list_follows_the_routine_and_the_keys_of_the_queue() {
        let mut a = app();
        let _ = cmd(&mut a, Command::Show(Screen::Altinn));
        let _ = update(&mut a, Msg::AltinnChecked(Ok(report())));
        assert_eq!(
            titles(&a),
            [
                "Vedtak om tilskudd",
                "Varsel om tilsyn",
                "Skattemelding",
                "Gammel sak",
                "Sykepenger",
                "Til barnehagen"
            ]
        );
        let lines = a.altinn.lines();
        assert_eq!(lines[0], ListLine::Heading(Section::WithoutNotice, 2));
        assert_eq!(
            a.altinn.selected_dialog().unwrap().title,
            "Vedtak om tilskudd"
        );
        let _ = cmd(&mut a, Command::Bottom);
        assert_eq!(a.altinn.selected_dialog().unwrap().title, "Til barnehagen");
        // the window of 4 rows follows the cursor down to the last row
        assert_eq!(a.altinn.offset, lines.len() - 4);
        let _ = cmd(&mut a, Command::PageUp);
        let _ = cmd(&mut a, Command::Top);
        assert_eq!(a.altinn.offset, 0, "the first heading is in view again");
        let _ = cmd(&mut a, Command::Down);
        assert_eq!(
            a.altinn.selected_dialog().unwrap().title,
            "Varsel om tilsyn"
        );

        // `/` filters (sender, title, the notice's subject), Esc clears
        let _ = cmd(&mut a, Command::Filter);
        for c in "skatt".chars() {
            let _ = update(&mut a, Msg::Insert(c));
        }
        // every dialog's sender is Skatteetaten; the notice without a dialog is NAV's
        assert_eq!(titles(&a).len(), 5);
        assert!(!titles(&a).contains(&"Sykepenger".to_string()));
        let _ = cmd(&mut a, Command::ClearInput);
        for c in "sykepenger".chars() {
            let _ = update(&mut a, Msg::Insert(c));
        }
        assert_eq!(titles(&a), ["Sykepenger"]);
        let _ = cmd(&mut a, Command::Submit);
        assert_eq!(a.altinn.filter(), "sykepenger");
        assert!(a.queue.filter().is_empty(), "the queue's filter is its own");
        let _ = cmd(&mut a, Command::Back);
        assert_eq!(titles(&a).len(), 6);
    }

    #[test]
    fn o_opens_the_dialog_in_arbeidsflate_or_shows_the_address() {
        let mut a = app();
        let _ = cmd(&mut a, Command::Show(Screen::Altinn));
        let _ = update(&mut a, Msg::AltinnChecked(Ok(report())));
        let e = cmd(&mut a, Command::OpenInBrowser);
        let url = format!("https://af.altinn.no/inbox/{ID}2");
        assert!(
            matches!(e.as_slice(), [Effect::OpenBrowser(u)] if *u == url),
            "{e:?}"
        );
        let _ = update(
            &mut a,
            Msg::BrowserOpened {
                url: url.clone(),
                result: Err(super::super::JobError::Browser(
                    crate::browser::BrowserError::Spawn {
                        program: "xdg-open".into(),
                        reason: "No such file or directory".into(),
                    },
                )),
            },
        );
        let status = a.status.clone().unwrap();
        assert_eq!(status.kind, StatusKind::Error);
        assert!(status.text.contains(&url), "{}", status.text);
        // a notice without a dialog has no page to open
        let _ = cmd(&mut a, Command::Top);
        for _ in 0..4 {
            let _ = cmd(&mut a, Command::Down);
        }
        assert_eq!(a.altinn.selected(), Some(Entry::Notice(0)));
        assert!(cmd(&mut a, Command::OpenInBrowser).is_empty());
    }

    /// The check ran, but a folder of notices could not be read and the journal could
    /// not record it: the list shows, and the status line says what went wrong, in the
    /// clerk's language.
    #[test]
    fn a_check_with_warnings_lists_and_says_what_went_wrong_beside_it() {
        for (lang, want) in [
            (
                Lang::Nb,
                "Sjekken ble ikke registrert i journalen /d/journal.jsonl: disk full",
            ),
            (
                Lang::En,
                "The check was not recorded in the journal /d/journal.jsonl: disk full",
            ),
        ] {
            let mut a = app();
            a.settings.lang = lang;
            let _ = cmd(&mut a, Command::Show(Screen::Altinn));
            let mut r = report();
            r.warnings = vec![
                CheckWarning::NotRecorded {
                    journal: "/d/journal.jsonl".into(),
                    error: "disk full".into(),
                },
                CheckWarning::NoticesUnreadable {
                    folder: "/m/INBOX".into(),
                    error: "permission denied".into(),
                },
            ];
            let _ = update(&mut a, Msg::AltinnChecked(Ok(r)));
            assert_eq!(a.altinn.visible_len(), 6);
            let status = a.status.clone().unwrap();
            assert_eq!(status.kind, StatusKind::Error);
            assert_eq!(status.text, want);
        }
        let unreadable = CheckWarning::NoticesUnreadable {
            folder: "/m/INBOX".into(),
            error: "permission denied".into(),
        };
        assert_eq!(
            unreadable.text(Lang::Nb),
            "/m/INBOX: varslene kan ikke leses; de blir ikke koblet til dialoger (permission denied)"
        );
        assert_eq!(
            unreadable.text(Lang::En),
            "/m/INBOX: cannot read the notices; they are not matched to dialogs (permission denied)"
        );
    }

    #[test]
    fn a_failed_check_says_why_on_the_screen_and_keeps_the_header_honest() {
        let mut a = app();
        let _ = cmd(&mut a, Command::Show(Screen::Altinn));
        let why = super::super::JobError::NoAltinnSection {
            config_file: "c.toml".into(),
        };
        let _ = update(&mut a, Msg::AltinnChecked(Err(why)));
        let why = crate::i18n::cli::no_altinn_section(Lang::En, "c.toml");
        assert!(matches!(&a.altinn.state, CheckState::Failed(e) if *e == why));
        assert!(!a.daily_check);
        assert_eq!(a.altinn.visible_len(), 0);
        assert_eq!(a.status.clone().unwrap().kind, StatusKind::Error);
        assert!(cmd(&mut a, Command::OpenInBrowser).is_empty());
    }
}
