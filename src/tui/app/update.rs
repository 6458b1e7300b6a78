//! The pure state transition: `update(&mut App, Msg) -> Vec<Effect>`.

use super::queue::RefreshChange;
use super::{
    App, BatchProgress, Command, Confirm, Effect, Focus, LineInput, Mode, Msg, Refresh, ScanState,
    StatusKind,
};
use super::{JobError, Pager, Screen, Source, Undid, Undone};
use crate::config::{Action, is_placeholder_address, validate_address};
use crate::i18n::tui as t;
use crate::i18n::{Lang, journal as words};
use crate::journal::Note;
use crate::scan::Item;
use crate::text::inert;

/// A job's error in the clerk's words, made inert (it may quote a file name or a server).
pub(super) fn error_text(lang: Lang, e: &JobError) -> String {
    inert(&t::job_error(lang, e), true)
}

/// What an undo did, for the status line.
pub(crate) fn undone_text(lang: Lang, u: &Undone) -> String {
    let subject = t::quote(lang, &u.subject);
    let text = match &u.how {
        Undid::Skip => format!("{}: {subject}", t::undone_back_in_queue(lang)),
        Undid::MovedBack { forward_to, outbox } => {
            t::undone(lang, forward_to.as_deref(), *outbox, &subject)
        }
        Undid::AlreadyUndone { user, at } => {
            t::already_undone(lang, &subject, user, &at.format("%H:%M").to_string())
        }
    };
    inert(&text, true)
}

impl App {
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
        let item = item.clone();
        self.start(item, action)
    }

    /// Hands `action` on `item` to the loop and notes that it is under way.
    fn start(&mut self, item: Item, action: Action) -> Vec<Effect> {
        // never twice at once on one message (say, a forward the clerk stopped waiting for)
        if self.working.iter().any(|w| w.id == item.file.name.unique) {
            let lang = self.lang();
            self.set_status(StatusKind::Info, t::already_running(lang).into());
            return Vec::new();
        }
        self.working.push(super::Working {
            id: item.file.name.unique.clone(),
            action: action.clone(),
            subject: inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true),
        });
        if self.working.len() == 1 {
            self.working_secs = 0;
        }
        self.waiting = true;
        vec![Effect::Perform {
            item: Box::new(item),
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

    fn finish_one(&mut self, id: &str, action: &Action, outcome: Result<Vec<Note>, JobError>) {
        let lang = self.lang();
        let subject = self
            .item_by_id(id)
            .map(|i| inert(i.analysis.mail.subject.as_deref().unwrap_or(""), true))
            .unwrap_or_default();
        match outcome {
            Ok(notes) => {
                let note = words::notes(lang, &notes);
                self.queue.acted(id, action);
                self.history.push((id.to_string(), action.clone()));
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
                let text = t::failed(lang, action, &subject, &error_text(lang, &e));
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

/// The pure state transition: changes `app` and says what the loop must do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let before = app.queue.selected_id();
    let effects = transition(app, msg);
    if !matches!(app.mode, Mode::Confirm(_)) {
        app.yes_focused = false;
    }
    if app.queue.selected_id() != before {
        app.detail_scroll = 0;
    }
    app.queue_offset = follow(
        app.queue_offset,
        app.queue.cursor(),
        app.queue.visible().len(),
        app.viewport.queue_rows,
    );
    if app.screen == Screen::Altinn {
        app.altinn.follow(app.viewport.altinn_rows);
    }
    app.followup.offset = follow(
        app.followup.offset,
        app.followup.cursor(),
        app.followup.visible().len(),
        app.viewport.followup_rows,
    );
    effects
}

/// The first row to show of `len` rows in a window of `rows` so that `cursor` is in it,
/// moving as little as possible from `offset`.
pub fn follow(offset: usize, cursor: usize, len: usize, rows: usize) -> usize {
    let mut offset = offset;
    if cursor < offset {
        offset = cursor;
    } else if rows > 0 && cursor >= offset + rows {
        offset = cursor + 1 - rows;
    }
    offset.min(len.saturating_sub(rows))
}

fn detail_page(app: &App) -> usize {
    app.viewport.detail_rows.max(1)
}

fn detail_max(app: &App) -> usize {
    app.viewport
        .detail_lines
        .saturating_sub(app.viewport.detail_rows)
}

fn transition(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang();
    match msg {
        Msg::Cmd(Command::Quit) if !app.working.is_empty() && !app.quit_when_done => {
            app.quit_when_done = true;
            app.set_status(StatusKind::Info, t::quit_after_action(lang).into());
            Vec::new()
        }
        Msg::Cmd(Command::Quit) | Msg::Hangup => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Msg::Elapsed(secs) => {
            app.working_secs = secs;
            Vec::new()
        }
        Msg::Cmd(cmd) => command(app, cmd),
        Msg::UnknownKey => {
            // not logged: a stray key is no news
            app.status = Some(super::Status {
                kind: StatusKind::Info,
                text: t::unknown_key(lang).into(),
            });
            Vec::new()
        }
        Msg::Viewport(v) => {
            app.viewport = v;
            Vec::new()
        }
        Msg::Insert(c) => {
            match &mut app.mode {
                Mode::Filter(input) => {
                    input.insert(c);
                    let text = input.text.clone();
                    set_filter(app, &text);
                }
                Mode::Recipient { input, .. } => input.insert(c),
                Mode::Forward { input, error, .. } => {
                    input.insert(c);
                    *error = None;
                }
                Mode::Pager(Pager {
                    typing: Some(input),
                    ..
                }) => input.insert(c),
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
            let unreadable = report.warnings.iter().filter_map(|w| {
                w.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(|n| crate::maildir::parse_name(n).unique)
            });
            let n = report.items.len();
            app.queue.scan_done(report.items, listed, unreadable);
            app.scanned = true;
            app.inform(t::scan_finished(lang, n, app.messages, app.unreadable));
            Vec::new()
        }
        Msg::SourceLoaded { id, text } => {
            if let Mode::Pager(p) = &mut app.mode
                && p.id == id
                && p.source == Source::Loading
            {
                p.source = match text {
                    Ok(t) => Source::Shown(t),
                    Err(e) => Source::Failed(t::job_error(lang, &e)),
                };
                p.scroll = 0;
                p.hit = None;
            }
            Vec::new()
        }
        Msg::ScanFailed(e) => {
            app.scan = ScanState::Failed(t::job_error(lang, &e));
            app.set_status(
                StatusKind::Error,
                t::scan_failed(lang, &error_text(lang, &e)),
            );
            Vec::new()
        }
        Msg::Refreshed(r) => {
            let Refresh {
                seen,
                new_items,
                unreadable,
            } = r;
            app.messages = seen.listed.len();
            app.unreadable = unreadable.max(app.unreadable);
            let RefreshChange { gone, arrived } = app.queue.refreshed(seen, new_items);
            if arrived > 0 {
                app.inform(t::arrived(lang, arrived));
            } else if gone > 0 && app.history.is_empty() {
                app.inform(t::gone_elsewhere(lang, gone));
            }
            Vec::new()
        }
        Msg::RefreshFailed(e) => {
            app.set_status(
                StatusKind::Error,
                t::scan_failed(lang, &error_text(lang, &e)),
            );
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
            if !batch && let Some(at) = app.working.iter().position(|w| w.id == id) {
                app.working.remove(at);
                app.working_secs = 0;
            }
            app.finish_one(&id, &action, outcome);
            if batch && let Some(b) = &mut app.batch {
                b.done += 1;
            }
            if app.quit_when_done && app.working.is_empty() {
                app.quit = true;
                return vec![Effect::Quit];
            }
            if failed {
                // refused because the file changed since it was analysed (or failed for
                // any reason): read it again, so the clerk sees what it is now
                app.queue.reread(&id);
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
            app.queue.undone(&undone.id, undone.skip());
            app.set_status(StatusKind::Ok, undone_text(lang, &undone));
            vec![Effect::Refresh]
        }
        Msg::Undone(Err(e)) => {
            app.set_status(
                StatusKind::Error,
                t::undo_failed(lang, &error_text(lang, &e)),
            );
            Vec::new()
        }
        Msg::DailyCheckRegistered(Ok(at)) => {
            app.daily_check = true;
            app.set_status(
                StatusKind::Ok,
                t::daily_check_done(lang, &at.format("%H:%M").to_string()),
            );
            // the header names who checked, from the shared records
            vec![Effect::LoadFollowup]
        }
        Msg::DailyCheckRegistered(Err(e)) => {
            app.set_status(
                StatusKind::Error,
                t::daily_check_failed(lang, &error_text(lang, &e)),
            );
            Vec::new()
        }
        Msg::StatsLoaded(result) => {
            super::stats::loaded(app, result);
            Vec::new()
        }
        Msg::AltinnChecked(result) => {
            super::altinn::checked(app, result);
            Vec::new()
        }
        Msg::BrowserOpened { url, result } => {
            match result {
                Ok(()) => app.set_status(StatusKind::Ok, t::browser_opened(lang, &url)),
                Err(e) => app.set_status(
                    StatusKind::Error,
                    t::browser_failed(lang, &url, &error_text(lang, &e)),
                ),
            }
            Vec::new()
        }
        Msg::JournalLoaded(Err(e)) => {
            app.set_status(StatusKind::Error, error_text(lang, &e));
            Vec::new()
        }
        Msg::JournalLoaded(Ok(page)) => {
            app.daily_check |= page.daily_check;
            if let Some(w) = &page.warning {
                let said = crate::i18n::tui::journal_warning(lang, &page.source, w);
                app.set_status(StatusKind::Error, inert(&said, true));
            }
            app.mode = Mode::Journal { page, scroll: 0 };
            Vec::new()
        }
        Msg::FollowupLoaded(page) => super::followup_update::loaded(app, page),
        Msg::FollowupStepped { id, step, outcome } => {
            super::followup_update::stepped(app, &id, step, outcome)
        }
        Msg::FollowupUndone(result) => super::followup_update::undone(app, result),
        Msg::FollowupDialog { item, lookup } => {
            super::followup_update::dialog_found(app, *item, lookup)
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
                    set_filter(app, "");
                }
                _ => {
                    input.edit(cmd);
                    set_filter(app, &input.text);
                    app.mode = Mode::Filter(input);
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
            Command::ToggleFocus => {
                app.yes_focused = !app.yes_focused;
                Vec::new()
            }
            // Enter answers what is focused: yes only when the clerk moved there
            Command::Submit if !app.yes_focused => {
                app.mode = Mode::Normal;
                app.set_status(StatusKind::Info, t::cancelled(app.lang()).into());
                Vec::new()
            }
            Command::Yes | Command::Submit => {
                app.mode = Mode::Normal;
                match confirm {
                    Confirm::Suspicious { id, action } => match app.item_by_id(&id).cloned() {
                        Some(item) => app.start(item, action),
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
                    Confirm::Fetch { id, dialog, .. } => {
                        super::followup_update::fetch_confirmed(app, &id, dialog)
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
        Mode::Log { scroll } => {
            overlay_scroll(app, cmd, scroll, |s| Mode::Log { scroll: s });
            Vec::new()
        }
        Mode::Pager(p) => pager(app, cmd, p),
        Mode::Recipient { id, input, choice } => {
            super::followup_update::recipient(app, cmd, id, input, choice)
        }
    }
}

fn overlay_scroll(app: &mut App, cmd: Command, scroll: usize, mode: impl Fn(usize) -> Mode) {
    let page = app.viewport.detail_rows.max(5);
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
    app.mode = mode(next.min(app.viewport.overlay_max));
}

/// The message view's document as the view lays it out now.
fn pager_document(app: &App, p: &Pager) -> Vec<crate::tui::pager::DocLine> {
    let Some(item) = app.item_by_id(&p.id) else {
        return Vec::new();
    };
    let raw = match &p.source {
        Source::Shown(t) => Some(t.as_str()),
        _ => None,
    };
    crate::tui::pager::document(app.lang(), item, raw, app.viewport.width as usize)
}

fn pager(app: &mut App, cmd: Command, mut p: Pager) -> Vec<Effect> {
    if let Some(mut input) = p.typing.take() {
        match cmd {
            Command::Submit => {
                p.query = input.text.trim().to_string();
                p.hit = None;
                let doc = pager_document(app, &p);
                let hits = crate::tui::pager::hits(&doc, &p.query);
                // the first match from the top of the page on
                if let Some(i) = hits.iter().position(|&l| l >= p.scroll) {
                    p.hit = Some(i);
                    p.scroll = hits[i];
                }
            }
            Command::Cancel => {}
            _ => {
                input.edit(cmd);
                p.typing = Some(input);
            }
        }
        let max = pager_max(app, &p);
        p.scroll = p.scroll.min(max);
        app.mode = Mode::Pager(p);
        return Vec::new();
    }
    let page = app.viewport.pager_rows.max(1);
    match cmd {
        Command::Close => {
            app.mode = Mode::Normal;
            return Vec::new();
        }
        Command::Up => p.scroll = p.scroll.saturating_sub(1),
        Command::Down => p.scroll += 1,
        Command::PageUp => p.scroll = p.scroll.saturating_sub(page),
        Command::PageDown => p.scroll += page,
        Command::Top => p.scroll = 0,
        Command::Bottom => p.scroll = usize::MAX,
        Command::Filter => p.typing = Some(LineInput::default()),
        Command::SearchNext | Command::SearchPrev if !p.query.is_empty() => {
            let doc = pager_document(app, &p);
            let hits = crate::tui::pager::hits(&doc, &p.query);
            let n = hits.len();
            // from the current match on (around the end), else from the page shown
            let next = match (cmd == Command::SearchNext, p.hit.filter(|&h| h < n)) {
                _ if n == 0 => None,
                (true, Some(h)) => Some((h + 1) % n),
                (false, Some(h)) => Some((h + n - 1) % n),
                (true, None) => Some(hits.iter().position(|&l| l >= p.scroll).unwrap_or(0)),
                (false, None) => Some(hits.iter().rposition(|&l| l < p.scroll).unwrap_or(n - 1)),
            };
            if let Some(i) = next {
                p.hit = Some(i);
                p.scroll = hits[i];
            }
        }
        Command::Source => {
            if p.source == Source::Off {
                if let Some(item) = app.item_by_id(&p.id) {
                    p.source = Source::Loading;
                    let effect = Effect::LoadSource {
                        id: p.id.clone(),
                        path: item.file.path.clone(),
                    };
                    app.mode = Mode::Pager(p);
                    return vec![effect];
                }
            } else {
                p.source = Source::Off;
                p.scroll = 0;
                p.hit = None;
            }
        }
        _ => {}
    }
    let max = pager_max(app, &p);
    p.scroll = p.scroll.min(max);
    app.mode = Mode::Pager(p);
    Vec::new()
}

/// How far the message view scrolls: to the last page.
fn pager_max(app: &App, p: &Pager) -> usize {
    pager_document(app, p)
        .len()
        .saturating_sub(app.viewport.pager_rows.max(1))
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
        return refuse(
            app,
            t::invalid_address(lang, &inert(&crate::i18n::address(lang, &e), true)),
        );
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
    app.start(item, action)
}

fn normal(app: &mut App, cmd: Command) -> Vec<Effect> {
    if let Command::Show(screen) = cmd {
        return show(app, screen);
    }
    match app.screen {
        Screen::Queue => queue(app, cmd),
        Screen::Altinn => match super::altinn::keys(app, cmd) {
            e if e.is_empty() => other_screen(app, cmd),
            e => e,
        },
        Screen::Stats => match super::stats::keys(app, cmd) {
            e if e.is_empty() => other_screen(app, cmd),
            e => e,
        },
        Screen::Followup => super::followup_update::keys(app, cmd),
    }
}

/// Switches to `screen`.
fn show(app: &mut App, screen: Screen) -> Vec<Effect> {
    app.screen = screen;
    match screen {
        Screen::Altinn => super::altinn::shown(app),
        Screen::Stats => super::stats::shown(app),
        // read again whenever shown: another clerk may have moved things on
        Screen::Followup => vec![Effect::LoadFollowup],
        Screen::Queue => Vec::new(),
    }
}

/// The filter typed, on the screen it filters.
fn set_filter(app: &mut App, text: &str) {
    match app.screen {
        Screen::Altinn => app.altinn.set_filter(text),
        Screen::Followup => super::followup_update::set_filter(app, text),
        _ => app.queue.set_filter(text),
    }
}

/// The keys every screen shares, on the screens beside the queue.
fn other_screen(app: &mut App, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Help => app.mode = Mode::Help { scroll: 0 },
        Command::Log => app.mode = Mode::Log { scroll: 0 },
        Command::Journal => return vec![Effect::LoadJournal],
        _ => {}
    }
    Vec::new()
}

/// The queue's keys.
fn queue(app: &mut App, cmd: Command) -> Vec<Effect> {
    let lang = app.lang();
    let detail = app.focus == Focus::Detail;
    let cursor = app.queue.cursor();
    let page = app.viewport.queue_rows.max(1);
    let acts = matches!(
        cmd,
        Command::Perform
            | Command::Archive
            | Command::Delete
            | Command::Forward
            | Command::Skip
            | Command::ApplyAll
            | Command::Undo
            | Command::DailyCheck
    );
    if acts && app.busy() {
        app.set_status(StatusKind::Info, t::wait_for_action(lang).into());
        return Vec::new();
    }
    match cmd {
        Command::Up if detail => app.detail_scroll = app.detail_scroll.saturating_sub(1),
        Command::Down if detail => app.detail_scroll = (app.detail_scroll + 1).min(detail_max(app)),
        Command::PageUp if detail => {
            app.detail_scroll = app.detail_scroll.saturating_sub(detail_page(app))
        }
        Command::PageDown if detail => {
            app.detail_scroll = (app.detail_scroll + detail_page(app)).min(detail_max(app))
        }
        Command::Top if detail => app.detail_scroll = 0,
        Command::Bottom if detail => app.detail_scroll = detail_max(app),
        Command::Up => app.queue.move_to(cursor.saturating_sub(1)),
        Command::Down => app.queue.move_to(cursor + 1),
        Command::PageUp => app.queue.move_to(cursor.saturating_sub(page)),
        Command::PageDown => app.queue.move_to(cursor + page),
        Command::Top => app.queue.move_to(0),
        Command::Bottom => app.queue.move_to(usize::MAX),
        Command::DetailDown => {
            app.detail_scroll =
                (app.detail_scroll + detail_page(app).div_ceil(2)).min(detail_max(app))
        }
        Command::DetailUp => {
            app.detail_scroll = app
                .detail_scroll
                .saturating_sub(detail_page(app).div_ceil(2))
        }
        Command::ToggleSkipped => {
            let show = !app.queue.shows_skipped();
            app.queue.set_show_skipped(show);
            let n = app.queue.skipped_count();
            app.set_status(StatusKind::Info, t::skipped_shown(lang, show, n));
        }
        Command::Log => app.mode = Mode::Log { scroll: 0 },
        Command::View => match app.selected() {
            Some(item) => {
                app.mode = Mode::Pager(Pager {
                    id: item.file.name.unique.clone(),
                    scroll: 0,
                    source: Source::Off,
                    typing: None,
                    query: String::new(),
                    hit: None,
                })
            }
            None => app.set_status(StatusKind::Info, t::nothing_selected(lang).into()),
        },
        Command::ToggleFocus => {
            app.focus = match app.focus {
                Focus::Queue => Focus::Detail,
                Focus::Detail => Focus::Queue,
            }
        }
        Command::Back => {
            if app.batch.is_some() {
                return vec![Effect::CancelBatch];
            } else if app.busy() {
                app.waiting = false;
                app.set_status(StatusKind::Info, t::stopped_waiting(lang).into());
            } else if detail {
                app.focus = Focus::Queue;
            } else if !app.queue.filter().is_empty() {
                app.queue.set_filter("");
            } else {
                app.queue.clear_marks();
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
            app.queue.toggle_mark();
        }
        Command::ApplyAll => {
            if app.batch.is_some() {
                app.set_status(StatusKind::Info, t::wait_for_batch(lang).into());
                return Vec::new();
            }
            // the running action's item is still listed: it must not be planned again
            if !app.working.is_empty() {
                app.set_status(StatusKind::Info, t::wait_for_running(lang).into());
                return Vec::new();
            }
            let plan = app.queue.plan_batch();
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
            // "the last action" must not change under the clerk's hands: an action still
            // running (waited for or not) would become the one undone
            if !app.working.is_empty() {
                app.set_status(StatusKind::Info, t::undo_waits(lang).into());
                return Vec::new();
            }
            return vec![Effect::Undo];
        }
        Command::Filter => app.mode = Mode::Filter(LineInput::new(app.queue.filter())),
        Command::Rescan => {
            app.scan = ScanState::Running { done: 0, total: 0 };
            app.set_status(StatusKind::Info, t::rescanning(lang).into());
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
    use super::super::queue::tests::item;
    use super::super::{JournalPage, Settings, Undone, Viewport};
    use super::*;
    use crate::scan::Report;
    use std::collections::HashMap;
    use std::path::PathBuf;

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
            ..Default::default()
        };
        App::new(Settings::example()).with_report(report)
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
                        outcome: Ok(Vec::new()),
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
            a.queue.counts(),
            crate::tui::app::Counts {
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
        update(
            &mut a,
            Msg::Viewport(Viewport {
                queue_rows: 2,
                ..Default::default()
            }),
        );
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
        assert_eq!(a.queue.items().len(), 3);
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
                outcome: Err(JobError::Failed(crate::journal::Failure::Detail(
                    "permission denied".into(),
                ))),
                batch: false,
            },
        );
        assert_eq!(id(&a), "a");
        assert_eq!(a.queue.items().len(), 4);
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
        // deleting one needs no confirmation (once the archive has come back: here it
        // failed, so the item is still listed)
        update(
            &mut a,
            Msg::Performed {
                id: "d".into(),
                action: Action::Archive,
                outcome: Err(JobError::HandledElsewhere),
                batch: false,
            },
        );
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
        let mut a = App::new(Settings::example()).with_report(Report {
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
                    outcome: Ok(Vec::new()),
                    batch: true,
                },
            );
        }
        update(&mut a, Msg::BatchFinished);
        assert_eq!(a.queue.items().len(), 1);
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
        assert_eq!(a.queue.visible().len(), 1);
        assert_eq!(id(&a), "c");
        cmd(&mut a, Command::Submit);
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.queue.visible().len(), 1);
        cmd(&mut a, Command::Back);
        assert_eq!(a.queue.visible().len(), 4);
        assert_eq!(id(&a), "c", "the selection survives clearing the filter");
    }

    #[test]
    fn skip_hides_and_undo_brings_back() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Skip);
        perform_ok(&mut a, effects);
        assert_eq!(a.queue.visible().len(), 3);
        assert_eq!(id(&a), "b");
        let effects = cmd(&mut a, Command::Undo);
        assert!(matches!(&effects[..], [Effect::Undo]));
        let effects = update(
            &mut a,
            Msg::Undone(Ok(Undone {
                id: "a".into(),
                subject: "first".into(),
                how: Undid::Skip,
            })),
        );
        assert!(matches!(&effects[..], [Effect::Refresh]));
        assert_eq!(a.queue.visible().len(), 4);
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
                subject: "second".into(),
                how: Undid::Skip,
            })),
        );
        assert!(!a.queue.is_skipped("b"));
        assert_eq!(a.history, vec![("a".to_string(), Action::Archive)]);
        update(
            &mut a,
            Msg::Undone(Ok(Undone {
                id: "a".into(),
                subject: "first".into(),
                how: Undid::MovedBack {
                    forward_to: None,
                    outbox: false,
                },
            })),
        );
        assert!(a.history.is_empty());
        assert!(!a.queue.is_known("a"), "the next refresh reads it again");
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "Undone: the notification is back in the inbox: “first”"
        );
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
                listed: Default::default(),
            },
        );
        assert_eq!(id(&a), "c");
        assert_eq!(a.queue.cursor(), 2);
    }

    #[test]
    fn refresh_drops_vanished_items_adds_new_ones_and_follows_renames() {
        let mut a = app();
        cmd(&mut a, Command::Down);
        let mut present = HashMap::new();
        for i in a.queue.items() {
            if i.file.name.unique != "a" {
                let mut f = i.file.clone();
                f.path = PathBuf::from(format!("/m/INBOX/cur/{}:2,FS", f.name.unique));
                present.insert(f.name.unique.clone(), f);
            }
        }
        let newcomer = item("e", 5, "fifth", Action::Archive, false);
        present.insert("e".into(), newcomer.file.clone());
        let seen = super::super::Seen {
            listed: present.keys().cloned().collect(),
            asked: std::sync::Arc::new(a.queue.item_ids()),
            files: present,
            forgotten_until: a.queue.refresh_input().mark,
        };
        update(
            &mut a,
            Msg::Refreshed(Refresh {
                seen,
                new_items: vec![newcomer],
                unreadable: 0,
            }),
        );
        let ids: Vec<_> = a
            .queue
            .items()
            .iter()
            .map(|i| i.file.name.unique.as_str())
            .collect();
        assert_eq!(ids, ["b", "c", "d", "e"]);
        assert_eq!(id(&a), "b");
        assert!(a.selected().unwrap().file.path.ends_with("b:2,FS"));
        assert!(a.queue.is_known("e"));
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
                listed: Default::default(),
            },
        );
        assert!(a.queue.items().is_empty());
    }

    #[test]
    fn daily_check_is_registered_once() {
        let mut a = app();
        let effects = cmd(&mut a, Command::DailyCheck);
        assert!(matches!(&effects[..], [Effect::RegisterDailyCheck]));
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T08:12:30+01:00").unwrap();
        update(&mut a, Msg::DailyCheckRegistered(Ok(at)));
        assert!(a.daily_check);
        assert!(
            a.status.as_ref().unwrap().text.contains("08:12"),
            "{:?}",
            a.status
        );
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
            Msg::JournalLoaded(Ok(JournalPage {
                entries: vec![],
                daily_check: true,
                source: "journal.jsonl".into(),
                mail_root: "/m".into(),
                warning: Some(crate::tui::app::JournalWarning::Damaged {
                    count: 1,
                    line: 3,
                    problem: "EOF".into(),
                }),
            })),
        );
        assert!(matches!(a.mode, Mode::Journal { .. }));
        assert!(a.daily_check, "another clerk's check counts");
        let s = a.status.as_ref().unwrap();
        assert_eq!(
            (s.kind, s.text.as_str()),
            (
                StatusKind::Error,
                "The journal journal.jsonl has 1 damaged lines, skipped (line 3: EOF)"
            )
        );
        cmd(&mut a, Command::Close);
        assert!(matches!(&cmd(&mut a, Command::Quit)[..], [Effect::Quit]));
        assert!(a.quit);
    }

    #[test]
    fn while_an_action_runs_keys_still_answer_and_acting_waits() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Perform); // archive a: in the executor's hands
        assert_eq!(effects.len(), 1);
        assert!(a.busy());
        assert!(
            cmd(&mut a, Command::Delete).is_empty(),
            "a second action waits"
        );
        assert!(a.status.as_ref().unwrap().text.contains("Wait until"));
        cmd(&mut a, Command::Down);
        assert_eq!(id(&a), "b", "moving still works");
        cmd(&mut a, Command::Help);
        assert!(matches!(a.mode, Mode::Help { .. }));
        cmd(&mut a, Command::Close);
        update(&mut a, Msg::Elapsed(7));
        assert_eq!(a.working_secs, 7);
        // Esc: stop waiting; the next action goes to the executor (after the first), but
        // undo waits: the running action would become "the last"
        cmd(&mut a, Command::Back);
        assert!(!a.busy());
        assert!(cmd(&mut a, Command::Undo).is_empty());
        assert!(cmd(&mut a, Command::ApplyAll).is_empty());
        assert_eq!(a.mode, Mode::Normal, "no batch while an action runs");
        cmd(&mut a, Command::Up);
        assert!(
            cmd(&mut a, Command::Delete).is_empty(),
            "not twice on one message"
        );
        assert!(
            a.status
                .as_ref()
                .unwrap()
                .text
                .contains("already under way")
        );
        cmd(&mut a, Command::Down);
        assert!(matches!(
            &cmd(&mut a, Command::Delete)[..],
            [Effect::Perform { .. }]
        ));
        assert_eq!(a.working.len(), 2);
        let first = Box::new(a.item_by_id("a").unwrap().clone());
        perform_ok(
            &mut a,
            vec![Effect::Perform {
                item: first,
                action: Action::Archive,
            }],
        );
        assert_eq!(a.working.len(), 1);
        assert_eq!(a.working[0].id, "b");
    }

    #[test]
    fn quit_while_an_action_runs_waits_for_it_unless_asked_twice() {
        let mut a = app();
        let effects = cmd(&mut a, Command::Perform);
        assert!(cmd(&mut a, Command::Quit).is_empty(), "the first q waits");
        assert!(!a.quit);
        assert!(a.status.as_ref().unwrap().text.contains("Quitting when"));
        let done = update(
            &mut a,
            Msg::Performed {
                id: "a".into(),
                action: Action::Archive,
                outcome: Ok(Vec::new()),
                batch: false,
            },
        );
        assert!(matches!(&done[..], [Effect::Quit]));
        assert!(a.quit);
        drop(effects);

        let mut a = app();
        cmd(&mut a, Command::Perform);
        cmd(&mut a, Command::Quit);
        assert!(matches!(&cmd(&mut a, Command::Quit)[..], [Effect::Quit]));
        assert!(a.quit, "the second q quits at once");
        let mut a = app();
        cmd(&mut a, Command::Perform);
        assert!(matches!(&update(&mut a, Msg::Hangup)[..], [Effect::Quit]));
    }

    #[test]
    fn enter_answers_a_question_only_on_an_explicitly_focused_yes() {
        let mut a = app();
        cmd(&mut a, Command::ApplyAll);
        assert!(
            cmd(&mut a, Command::Submit).is_empty(),
            "Enter on No cancels"
        );
        assert_eq!(a.mode, Mode::Normal);
        cmd(&mut a, Command::ApplyAll);
        assert!(!a.yes_focused, "every question opens on No");
        cmd(&mut a, Command::ToggleFocus);
        assert!(a.yes_focused);
        assert!(matches!(
            &cmd(&mut a, Command::Submit)[..],
            [Effect::PerformBatch(_)]
        ));
        assert!(!a.yes_focused);
    }
}
