//! The follow-up screen's transitions: its keys, the "distributed to" prompt, and what
//! the executor's answers change. Called from `update.rs`; pure like it.

use super::update::error_text;
use super::{App, Command, Confirm, DialogLookup, Effect, LineInput, Mode, Screen, StatusKind};
use super::{FollowupPage, followup::Row};
use super::{JobError, StepDone, StepUndone};
use crate::altinn::routine::DialogRef;
use crate::followup::Step;
use crate::i18n::tui as t;
use crate::i18n::tui::followup as w;
use crate::text::inert;

/// What `working` holds while an undo is in the executor's hands.
const UNDOING: &str = "";

/// The step after `s` (Enter on the follow-up screen).
pub fn next_step(s: Step) -> Step {
    match s {
        Step::Open => Step::Fetched,
        Step::Fetched => Step::Archived,
        Step::Archived => Step::Distributed,
        Step::Distributed | Step::Done => Step::Done,
    }
}

/// The follow-up screen's keys (in normal mode).
pub(super) fn keys(app: &mut App, cmd: Command) -> Vec<Effect> {
    let lang = app.lang();
    let page = app.viewport.followup_rows.max(1);
    let cursor = app.followup.cursor();
    let acts = matches!(
        cmd,
        Command::FollowupStep(_) | Command::NextStep | Command::Undo
    );
    if acts && app.followup.working.is_some() {
        app.set_status(StatusKind::Info, w::wait_for_step(lang).into());
        return Vec::new();
    }
    match cmd {
        Command::Up => app.followup.move_to(cursor.saturating_sub(1)),
        Command::Down => app.followup.move_to(cursor + 1),
        Command::PageUp => app.followup.move_to(cursor.saturating_sub(page)),
        Command::PageDown => app.followup.move_to(cursor + page),
        Command::Top => app.followup.move_to(0),
        Command::Bottom => app.followup.move_to(usize::MAX),
        Command::Filter => app.mode = Mode::Filter(LineInput::new(app.followup.filter())),
        Command::Back => app.followup.set_filter(""),
        Command::Rescan => return vec![Effect::LoadFollowup],
        Command::Help => app.mode = Mode::Help { scroll: 0 },
        Command::Log => app.mode = Mode::Log { scroll: 0 },
        Command::Journal => return vec![Effect::LoadJournal],
        Command::FollowupStep(step) => return step_key(app, step),
        Command::NextStep => {
            let Some(row) = app.followup.selected() else {
                app.set_status(StatusKind::Info, w::nothing_selected(lang).into());
                return Vec::new();
            };
            let next = next_step(row.item.step);
            return step_key(app, next);
        }
        Command::Undo => {
            if app.followup.undoable == 0 {
                app.set_status(StatusKind::Info, w::nothing_to_undo(lang).into());
                return Vec::new();
            }
            app.followup.working = Some(UNDOING.into());
            return vec![Effect::UndoFollowup];
        }
        Command::OpenAltinn => {
            let Some(row) = app.followup.selected() else {
                app.set_status(StatusKind::Info, w::nothing_selected(lang).into());
                return Vec::new();
            };
            match &row.altinn_url {
                Some(url) => return vec![Effect::OpenBrowser(url.clone())],
                None => app.set_status(StatusKind::Info, w::no_org(lang).into()),
            }
        }
        _ => {}
    }
    Vec::new()
}

/// A step's key on the selected item: forward only; "distributed" asks to whom.
fn step_key(app: &mut App, step: Step) -> Vec<Effect> {
    let lang = app.lang();
    let Some(row) = app.followup.selected() else {
        app.set_status(StatusKind::Info, w::nothing_selected(lang).into());
        return Vec::new();
    };
    if step <= row.item.step {
        let current = row.item.step;
        app.set_status(StatusKind::Info, w::already_at(lang, current));
        return Vec::new();
    }
    if step == Step::Distributed {
        let first = app.followup.choices.first().cloned();
        app.mode = Mode::Recipient {
            id: row.item.id.clone(),
            input: LineInput::new(first.as_deref().unwrap_or("")),
            choice: first.map(|_| 0),
        };
        return Vec::new();
    }
    let row = row.clone();
    if step == Step::Fetched {
        // through Altinn when its dialog is found: the executor looks, then the clerk is
        // asked before anything is fetched (fetching marks the dialog seen)
        app.followup.working = Some(row.item.id.clone());
        app.set_status(StatusKind::Info, w::finding_dialog(lang).into());
        return vec![Effect::FindDialog(Box::new(row.item))];
    }
    start(app, row, step, None)
}

/// The executor looked for the item's dialog: ask before fetching, or record by hand.
pub(super) fn dialog_found(
    app: &mut App,
    item: crate::followup::Item,
    lookup: Result<DialogLookup, JobError>,
) -> Vec<Effect> {
    let lang = app.lang();
    if app.followup.working.as_deref() == Some(item.id.as_str()) {
        app.followup.working = None;
    }
    match lookup {
        Ok(DialogLookup::Found { dialog, folder }) => {
            app.status = None;
            app.yes_focused = false;
            app.mode = Mode::Confirm(Confirm::Fetch {
                id: item.id,
                dialog,
                folder,
            });
            Vec::new()
        }
        Ok(DialogLookup::Without(_)) => {
            // the executor records it by hand and says why
            let row = app
                .followup
                .rows()
                .iter()
                .find(|r| r.item.id == item.id)
                .cloned();
            match row {
                Some(row) => start(app, row, Step::Fetched, None),
                None => {
                    app.set_status(StatusKind::Error, t::item_gone(lang).into());
                    Vec::new()
                }
            }
        }
        Err(e) => {
            app.set_status(
                StatusKind::Error,
                w::step_failed(lang, Step::Fetched, &error_text(lang, &e)),
            );
            Vec::new()
        }
    }
}

/// `y` on the question before fetching.
pub(super) fn fetch_confirmed(app: &mut App, id: &str, dialog: DialogRef) -> Vec<Effect> {
    let Some(row) = app
        .followup
        .rows()
        .iter()
        .find(|r| r.item.id == id)
        .cloned()
    else {
        app.set_status(StatusKind::Error, t::item_gone(app.lang()).into());
        return Vec::new();
    };
    app.followup.working = Some(row.item.id.clone());
    vec![Effect::AltinnFetch {
        item: Box::new(row.item),
        dialog,
    }]
}

fn start(app: &mut App, row: Row, step: Step, to: Option<String>) -> Vec<Effect> {
    app.followup.working = Some(row.item.id.clone());
    vec![Effect::FollowupStep {
        item: Box::new(row.item),
        step,
        to,
    }]
}

/// The "distributed to" prompt.
pub(super) fn recipient(
    app: &mut App,
    cmd: Command,
    id: String,
    mut input: LineInput,
    choice: Option<usize>,
) -> Vec<Effect> {
    let lang = app.lang();
    let n = app.followup.choices.len();
    match cmd {
        Command::Cancel => {
            app.mode = Mode::Normal;
            app.set_status(StatusKind::Info, t::cancelled(lang).into());
        }
        Command::Submit => {
            let to = input.text.trim().to_string();
            if to.is_empty() {
                app.set_status(StatusKind::Info, w::recipient_needed(lang).into());
                app.mode = Mode::Recipient { id, input, choice };
                return Vec::new();
            }
            app.mode = Mode::Normal;
            let row = app
                .followup
                .rows()
                .iter()
                .find(|r| r.item.id == id)
                .cloned();
            match row {
                Some(row) => return start(app, row, Step::Distributed, Some(to)),
                None => app.set_status(StatusKind::Error, t::item_gone(lang).into()),
            }
        }
        Command::Up | Command::Down if n > 0 => {
            let c = match (cmd, choice) {
                (Command::Down, Some(c)) => (c + 1) % n,
                (Command::Up, Some(c)) => (c + n - 1) % n,
                (Command::Down, None) => 0,
                _ => n - 1,
            };
            app.mode = Mode::Recipient {
                id,
                input: LineInput::new(&app.followup.choices[c]),
                choice: Some(c),
            };
        }
        _ => {
            input.edit(cmd);
            app.mode = Mode::Recipient { id, input, choice };
        }
    }
    Vec::new()
}

/// The filter being typed applies to the screen it was opened on.
pub(super) fn set_filter(app: &mut App, text: &str) {
    match app.screen {
        Screen::Followup => app.followup.set_filter(text),
        _ => app.queue.set_filter(text),
    }
}

pub(super) fn loaded(app: &mut App, page: Result<FollowupPage, JobError>) -> Vec<Effect> {
    let lang = app.lang();
    match page {
        Ok(page) => {
            app.daily_check |= page.today.check.is_some();
            app.today = Some(page.today.clone());
            app.followup.load(page);
        }
        Err(e) => {
            let e = t::job_error(lang, &e);
            app.set_status(StatusKind::Error, w::load_failed(lang, &inert(&e, true)));
            app.followup.error = Some(e);
        }
    }
    Vec::new()
}

pub(super) fn stepped(
    app: &mut App,
    id: &str,
    step: Step,
    outcome: Result<StepDone, JobError>,
) -> Vec<Effect> {
    let lang = app.lang();
    if app.followup.working.as_deref() == Some(id) {
        app.followup.working = None;
    }
    match outcome {
        Ok(done_how) => {
            app.followup.undoable += 1;
            let subject = app
                .followup
                .rows()
                .iter()
                .find(|r| r.item.id == id)
                .map(|r| inert(&r.item.subject, true))
                .unwrap_or_default();
            let done = w::stepped(lang, step, &subject);
            let text = match done_how {
                StepDone::Recorded => done,
                // what was done in Altinn first: the status line may cut the end
                StepDone::Altinn(a) => {
                    format!("{} · {done}", inert(&t::altinn_done(lang, &a), true))
                }
                StepDone::ByHand(why) => format!("{done} · {}", w::without_altinn(lang, why)),
            };
            app.set_status(StatusKind::Ok, text);
        }
        Err(e) => app.set_status(
            StatusKind::Error,
            w::step_failed(lang, step, &error_text(lang, &e)),
        ),
    }
    vec![Effect::LoadFollowup]
}

pub(super) fn undone(app: &mut App, result: Result<StepUndone, JobError>) -> Vec<Effect> {
    let lang = app.lang();
    if app.followup.working.as_deref() == Some(UNDOING) {
        app.followup.working = None;
    }
    match result {
        Ok(u) => {
            app.followup.undoable = app.followup.undoable.saturating_sub(1);
            app.set_status(
                StatusKind::Ok,
                w::undone(lang, &inert(&u.subject, true), u.back_to),
            );
        }
        Err(e) => app.set_status(
            StatusKind::Error,
            w::undo_failed(lang, &error_text(lang, &e)),
        ),
    }
    vec![Effect::LoadFollowup]
}

#[cfg(test)]
mod tests {
    use super::super::{Msg, Settings, Today, update};
    use super::*;
    use crate::followup::{Item, Party};
    use std::path::PathBuf;

    fn row(id: &str, step: Step, overdue: bool, org: bool) -> Row {
        Row {
            item: Item {
                id: id.into(),
                path: PathBuf::from(format!("/m/Altinn/cur/{id}")),
                step,
                party: Party {
                    name: "Sandnes kommune".into(),
                    org: if org { "964965137".parse().ok() } else { None },
                },
                subject: format!("subject {id}"),
                arrived: None,
                age_days: 3,
                overdue,
                distributed_to: None,
                last_by: None,
                last_at: None,
                distributed_at: None,
            },
            altinn_url: org.then(|| "https://af.altinn.no/?party=964965137".to_string()),
        }
    }

    fn page(rows: Vec<Row>, checked: bool) -> FollowupPage {
        FollowupPage {
            rows,
            choices: vec!["Registrert i 360".into(), "Økonomiavdelingen".into()],
            today: Today {
                check: checked.then(|| {
                    (
                        "ola".to_string(),
                        chrono::DateTime::parse_from_rfc3339("2026-12-01T08:12:00+01:00").unwrap(),
                    )
                }),
                on_duty: Some("kari".into()),
                working_day: true,
                days_without_check: 1,
            },
            warnings: 0,
        }
    }

    fn app() -> App {
        let mut a = App::new(Settings {
            today: "2026-12-01".into(),
            ..Settings::example()
        })
        .with_report(Default::default());
        let effects = update(&mut a, Msg::Cmd(Command::Show(Screen::Followup)));
        assert!(
            matches!(&effects[..], [Effect::LoadFollowup]),
            "read when shown"
        );
        update(
            &mut a,
            Msg::FollowupLoaded(Ok(page(
                vec![
                    row("late", Step::Open, true, true),
                    row("b", Step::Archived, false, true),
                    row("noorg", Step::Fetched, false, false),
                ],
                false,
            ))),
        );
        a
    }

    fn cmd(a: &mut App, c: Command) -> Vec<Effect> {
        update(a, Msg::Cmd(c))
    }

    #[test]
    fn the_list_and_today_come_in_and_a_shared_check_counts() {
        let mut a = app();
        assert_eq!(a.followup.rows().len(), 3);
        assert!(!a.daily_check);
        assert!(
            a.status.is_none(),
            "no nagging in the status line: the header reminds"
        );
        assert!(a.today.as_ref().is_some_and(|t| t.check.is_none()));
        update(&mut a, Msg::FollowupLoaded(Ok(page(vec![], true))));
        assert!(
            a.daily_check,
            "another clerk's check, shared through the mailbox, counts"
        );
        assert_eq!(a.today.as_ref().unwrap().check.as_ref().unwrap().0, "ola");
    }

    fn found() -> DialogLookup {
        DialogLookup::Found {
            dialog: DialogRef {
                id: "0194a3c2-7f00-7000-8000-000000000001".into(),
                revision: Some("r1".into()),
                title: Some("subject late".into()),
                party: Some("964965137".into()),
            },
            folder: "/home/kari/Altinn-dokumenter/0194a3c2-7f00-7000-8000-000000000001".into(),
        }
    }

    #[test]
    fn fetching_through_altinn_asks_first_and_no_does_nothing() {
        let mut a = app();
        let e = cmd(&mut a, Command::FollowupStep(Step::Fetched));
        let [Effect::FindDialog(item)] = &e[..] else {
            panic!("{e:?}")
        };
        let item = item.clone();
        assert!(
            cmd(&mut a, Command::FollowupStep(Step::Fetched)).is_empty(),
            "one step at a time, the lookup too"
        );
        let e = update(
            &mut a,
            Msg::FollowupDialog {
                item: item.clone(),
                lookup: Ok(found()),
            },
        );
        assert!(e.is_empty(), "nothing is fetched before the yes: {e:?}");
        assert!(matches!(&a.mode, Mode::Confirm(Confirm::Fetch { id, .. }) if id == "late"));
        assert!(!a.yes_focused, "Enter alone does not fetch");
        // n: nothing happens, nothing is recorded
        assert!(cmd(&mut a, Command::No).is_empty());
        assert!(matches!(a.mode, Mode::Normal));
        assert_eq!(a.followup.undoable, 0);
        assert!(a.followup.working.is_none());

        // asked again; y fetches through the executor
        cmd(&mut a, Command::FollowupStep(Step::Fetched));
        update(
            &mut a,
            Msg::FollowupDialog {
                item,
                lookup: Ok(found()),
            },
        );
        let e = cmd(&mut a, Command::Yes);
        let [Effect::AltinnFetch { item, dialog }] = &e[..] else {
            panic!("{e:?}")
        };
        assert_eq!(
            (item.id.as_str(), dialog.revision.as_deref()),
            ("late", Some("r1"))
        );
        let e = update(
            &mut a,
            Msg::FollowupStepped {
                id: "late".into(),
                step: Step::Fetched,
                outcome: Ok(StepDone::Altinn(crate::i18n::tui::AltinnDone::Fetched {
                    saved: 1,
                    folder: "/d/x".into(),
                    without_api: 0,
                })),
            },
        );
        assert!(matches!(&e[..], [Effect::LoadFollowup]));
        let status = &a.status.as_ref().unwrap().text;
        assert!(
            status.starts_with("1 document(s) saved in /d/x")
                && status.ends_with("Recorded: “subject late” is now fetched"),
            "{status}"
        );
        assert_eq!(a.followup.undoable, 1);
    }

    #[test]
    fn a_failed_lookup_says_why_and_records_nothing() {
        let mut a = app();
        let e = cmd(&mut a, Command::FollowupStep(Step::Fetched));
        let [Effect::FindDialog(item)] = &e[..] else {
            panic!("{e:?}")
        };
        let e = update(
            &mut a,
            Msg::FollowupDialog {
                item: item.clone(),
                lookup: Err(JobError::Routine(
                    crate::altinn::routine::RoutineError::Altinn(
                        crate::altinn::AltinnError::Forbidden {
                            what: "dialogs".into(),
                            party: "964965137".into(),
                        },
                    ),
                )),
            },
        );
        assert!(e.is_empty());
        assert!(matches!(a.mode, Mode::Normal));
        let status = a.status.as_ref().unwrap();
        assert_eq!(status.kind, StatusKind::Error);
        assert!(status.text.contains("lacks rights"), "{}", status.text);
        assert!(a.followup.working.is_none());
    }

    #[test]
    fn each_step_is_one_key_forward_only_and_reloads_after() {
        let mut a = app();
        // "fetched" first asks the executor for the item's dialog in Altinn
        let e = cmd(&mut a, Command::FollowupStep(Step::Fetched));
        let [Effect::FindDialog(item)] = &e[..] else {
            panic!("{e:?}")
        };
        assert_eq!(item.id, "late");
        // none (no [altinn] here): recorded by hand, as before
        let e = update(
            &mut a,
            Msg::FollowupDialog {
                item: item.clone(),
                lookup: Ok(DialogLookup::Without(w::WithoutAltinn::NotConfigured)),
            },
        );
        let [Effect::FollowupStep { item, step, to }] = &e[..] else {
            panic!("{e:?}")
        };
        assert_eq!(
            (item.id.as_str(), *step, to),
            ("late", Step::Fetched, &None)
        );
        assert!(
            cmd(&mut a, Command::FollowupStep(Step::Archived)).is_empty(),
            "one step at a time"
        );
        let e = update(
            &mut a,
            Msg::FollowupStepped {
                id: "late".into(),
                step: Step::Fetched,
                outcome: Ok(StepDone::default()),
            },
        );
        assert!(matches!(&e[..], [Effect::LoadFollowup]));
        assert!(a.status.as_ref().unwrap().text.contains("is now fetched"));
        assert_eq!(a.followup.undoable, 1);
        // b is archived: "fetched" would go back, Enter goes on (to "distributed": asks)
        cmd(&mut a, Command::Down);
        assert!(cmd(&mut a, Command::FollowupStep(Step::Fetched)).is_empty());
        assert!(a.status.as_ref().unwrap().text.contains("Already archived"));
        assert!(cmd(&mut a, Command::NextStep).is_empty());
        assert!(matches!(&a.mode, Mode::Recipient { .. }));
        cmd(&mut a, Command::Cancel);
        let e = cmd(&mut a, Command::FollowupStep(Step::Done));
        assert!(matches!(
            &e[..],
            [Effect::FollowupStep {
                step: Step::Done,
                ..
            }]
        ));
        let e = update(
            &mut a,
            Msg::FollowupStepped {
                id: "b".into(),
                step: Step::Done,
                outcome: Err(JobError::Lock(crate::actions::LockError::Busy {
                    holder: None,
                    waited: std::time::Duration::from_secs(2),
                })),
            },
        );
        assert!(matches!(&e[..], [Effect::LoadFollowup]));
        let s = a.status.as_ref().unwrap();
        assert_eq!(s.kind, StatusKind::Error);
        assert!(
            s.text
                .contains("another altinn-sweep is acting on this mailbox"),
            "{}",
            s.text
        );
    }

    #[test]
    fn distributed_asks_to_whom_offering_the_recipients() {
        let mut a = app();
        cmd(&mut a, Command::Down); // b, archived
        cmd(&mut a, Command::FollowupStep(Step::Distributed));
        let Mode::Recipient { input, choice, .. } = &a.mode else {
            panic!("no prompt")
        };
        assert_eq!(
            (input.text.as_str(), *choice),
            ("Registrert i 360", Some(0))
        );
        cmd(&mut a, Command::Down);
        let Mode::Recipient { input, .. } = &a.mode else {
            panic!()
        };
        assert_eq!(input.text, "Økonomiavdelingen");
        cmd(&mut a, Command::ClearInput);
        assert!(
            cmd(&mut a, Command::Submit).is_empty(),
            "nobody named: asks again"
        );
        assert!(matches!(&a.mode, Mode::Recipient { .. }));
        for c in "Ola i lønn".chars() {
            update(&mut a, Msg::Insert(c));
        }
        let e = cmd(&mut a, Command::Submit);
        let [Effect::FollowupStep { item, step, to }] = &e[..] else {
            panic!("{e:?}")
        };
        assert_eq!(
            (item.id.as_str(), *step, to.as_deref()),
            ("b", Step::Distributed, Some("Ola i lønn"))
        );
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn undo_only_after_a_step_of_this_session() {
        let mut a = app();
        assert!(cmd(&mut a, Command::Undo).is_empty());
        assert!(
            a.status
                .as_ref()
                .unwrap()
                .text
                .contains("No follow-up step")
        );
        cmd(&mut a, Command::NextStep);
        update(
            &mut a,
            Msg::FollowupStepped {
                id: "late".into(),
                step: Step::Fetched,
                outcome: Ok(StepDone::default()),
            },
        );
        assert!(matches!(
            &cmd(&mut a, Command::Undo)[..],
            [Effect::UndoFollowup]
        ));
        let e = update(
            &mut a,
            Msg::FollowupUndone(Ok(StepUndone {
                subject: "subject late".into(),
                back_to: Step::Open,
            })),
        );
        assert!(matches!(&e[..], [Effect::LoadFollowup]));
        assert_eq!(a.followup.undoable, 0);
        assert!(a.followup.working.is_none());
        assert!(
            a.status
                .as_ref()
                .unwrap()
                .text
                .contains("Undone, back at “not started”")
        );
    }

    #[test]
    fn o_opens_the_trusted_address_and_a_failure_shows_it_to_copy() {
        let mut a = app();
        let e = cmd(&mut a, Command::OpenAltinn);
        assert!(
            matches!(&e[..], [Effect::OpenBrowser(u)] if u == "https://af.altinn.no/?party=964965137")
        );
        update(
            &mut a,
            Msg::BrowserOpened {
                url: "https://af.altinn.no/?party=964965137".into(),
                result: Err(JobError::Browser(crate::browser::BrowserError::NoBrowser)),
            },
        );
        let s = a.status.as_ref().unwrap();
        assert!(
            s.text
                .starts_with("Copy the address: https://af.altinn.no/?party=964965137")
        );
        cmd(&mut a, Command::Bottom);
        assert!(cmd(&mut a, Command::OpenAltinn).is_empty());
        assert!(
            a.status
                .as_ref()
                .unwrap()
                .text
                .contains("no organisation number")
        );
    }

    #[test]
    fn the_filter_on_this_screen_filters_the_follow_up() {
        let mut a = app();
        cmd(&mut a, Command::Filter);
        for c in "noorg".chars() {
            update(&mut a, Msg::Insert(c));
        }
        assert_eq!(a.followup.visible().len(), 1);
        assert_eq!(a.followup.selected_id().as_deref(), Some("noorg"));
        cmd(&mut a, Command::Submit);
        cmd(&mut a, Command::Back);
        assert_eq!(a.followup.visible().len(), 3);
    }
}
