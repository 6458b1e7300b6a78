//! The clerk's terminal UI. This file owns the terminal (raw mode and alternate screen,
//! restored on quit, on error, on panic and on SIGTERM/SIGHUP/SIGINT) and the event loop:
//! keys, signals, background scan results and inbox changes become `Msg`s, `app::update`
//! turns them into effects, which the loop carries out through an `Executor`, and
//! `view::draw` redraws.

pub mod app;
pub mod executor;
pub mod i18n;
pub mod jobs;
pub mod keys;
pub mod view;

use crate::config::{Action, Config};
use crate::scan::Item;
use app::{App, Effect, Executor, Msg, Settings, Status, StatusKind};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// How long to wait after an inbox change before refreshing (changes come in bursts).
const DEBOUNCE: Duration = Duration::from_millis(200);
/// The periodic refresh, for changes the watcher missed (network file systems, limits).
const TICK: Duration = Duration::from_secs(60);

/// What the TUI runs on.
pub struct Options {
    pub config: Config,
    /// The inbox folder.
    pub inbox: PathBuf,
    pub settings: Settings,
}

/// How the TUI ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The clerk quit (`q`, Ctrl-C) or the terminal's input closed.
    Quit,
    /// A termination signal (SIGTERM, SIGHUP, SIGINT) asked it to stop; the action in
    /// progress was finished first.
    Signal(i32),
}

/// Opens the TUI and runs it until the clerk quits or a signal stops it.
pub fn run(opts: Options, exec: &mut dyn Executor) -> io::Result<Ended> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "the TUI needs a terminal; `altinn-sweep scan` prints the queue as text",
        ));
    }
    install_panic_hook();
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let result = event_loop(&mut terminal, opts, exec);
    // The guard shows the cursor again. ratatui's `Drop` would try too and `eprintln!` its
    // failure, which panics when the terminal hung up (SIGHUP: stderr is gone as well) and
    // so skips the demo's clean-up; the terminal is dropped only when unwinding.
    std::mem::forget(terminal);
    drop(guard);
    result
}

/// Leaves raw mode and the alternate screen; safe to call more than once.
fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped: on quit, on `?` errors and while unwinding.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        crossterm::terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        crossterm::execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            crossterm::cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Restores the terminal before the panic message is printed, so that it is readable and
/// the shell is usable. Background threads report their panics as errors instead (see
/// `spawn_job`), so only the main thread's panic leaves the screen.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("main") {
                restore_terminal();
            }
            previous(info);
        }));
    });
}

enum Event {
    Key(crossterm::event::KeyEvent),
    Paste(String),
    Redraw,
    InputClosed,
    Signal(i32),
    Msg(Msg),
}

/// Turns SIGTERM, SIGHUP and SIGINT into events, so that a plain `kill` (or a closed
/// terminal) quits through the loop and the terminal guard restores the screen. A second
/// signal, when the loop is stuck (say, waiting for another process's lock), restores the
/// terminal and exits at once (the demo's temp dir is then left behind).
fn spawn_signals(tx: Sender<Event>) -> io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut asked: Option<Instant> = None;
            for sig in signals.forever() {
                match asked {
                    // a burst (a hangup can come with more than one signal) is one request
                    Some(at) if at.elapsed() < Duration::from_secs(1) => {}
                    Some(_) => {
                        restore_terminal();
                        std::process::exit(128 + sig);
                    }
                    None => {
                        asked = Some(Instant::now());
                        let _ = tx.send(Event::Signal(sig));
                    }
                }
            }
        })?;
    Ok(handle)
}

fn spawn_input(tx: Sender<Event>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let ev = match crossterm::event::read() {
                    Ok(TermEvent::Key(k)) => Event::Key(k),
                    Ok(TermEvent::Paste(s)) => Event::Paste(s),
                    Ok(TermEvent::Resize(..)) => Event::Redraw,
                    Ok(_) => continue,
                    Err(_) => {
                        let _ = tx.send(Event::InputClosed);
                        return;
                    }
                };
                if tx.send(ev).is_err() {
                    return;
                }
            }
        })
        .expect("spawn the input thread");
}

/// Watches the inbox's `new/` and `cur/` for arriving, leaving and renamed messages.
fn watch(inbox: &std::path::Path, tx: Sender<Event>) -> notify::Result<notify::RecommendedWatcher> {
    use notify::event::{EventKind, ModifyKind};
    use notify::{RecursiveMode, Watcher};
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && matches!(
                ev.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Name(_))
                    | EventKind::Modify(ModifyKind::Any)
                    | EventKind::Any
            )
        {
            let _ = tx.send(Event::Msg(Msg::InboxChanged));
        }
    })?;
    for sub in ["new", "cur"] {
        watcher.watch(&inbox.join(sub), RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// The background reading of the inbox: one job at a time, refreshes debounced.
struct Jobs {
    busy: bool,
    want_scan: bool,
    refresh_at: Option<Instant>,
    config: Arc<Config>,
    inbox: PathBuf,
    tx: Sender<Event>,
}

impl Jobs {
    fn request_refresh(&mut self, now: Instant) {
        if self.refresh_at.is_none() {
            self.refresh_at = Some(now + DEBOUNCE);
        }
    }

    fn finished(&mut self, msg: &Msg) {
        if matches!(
            msg,
            Msg::ScanDone { .. } | Msg::ScanFailed(_) | Msg::Refreshed(_) | Msg::RefreshFailed(_)
        ) {
            self.busy = false;
        }
    }

    /// Starts the next job if none is running and one is due.
    fn pump(&mut self, now: Instant, app: &App) {
        if self.busy {
            return;
        }
        let (config, inbox, tx) = (self.config.clone(), self.inbox.clone(), self.tx.clone());
        if self.want_scan {
            self.want_scan = false;
            self.refresh_at = None;
            self.busy = true;
            spawn_job("scan", tx, move |tx| {
                let send = |m: Msg| {
                    let _ = tx.send(Event::Msg(m));
                };
                jobs::full_scan(&inbox, &config, &send);
            });
        } else if self.refresh_at.is_some_and(|at| at <= now) {
            self.refresh_at = None;
            self.busy = true;
            let known = Arc::new(app.known.clone());
            spawn_job("refresh", tx, move |tx| {
                let msg = match jobs::refresh(&inbox, &config, &known) {
                    Ok(r) => Msg::Refreshed(r),
                    Err(e) => Msg::RefreshFailed(e.to_string()),
                };
                let _ = tx.send(Event::Msg(msg));
            });
        }
    }
}

/// Runs `work` on a thread; a panic in it (or failing to start it) becomes a
/// `ScanFailed` message, so the loop never waits for a job that will not finish.
fn spawn_job(name: &str, tx: Sender<Event>, work: impl FnOnce(&Sender<Event>) + Send + 'static) {
    let fail = |tx: &Sender<Event>, what: String| {
        let _ = tx.send(Event::Msg(Msg::ScanFailed(format!(
            "internal error: {what}"
        ))));
    };
    let tx2 = tx.clone();
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&tx)));
            if let Err(p) = result {
                let what = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                fail(&tx, what);
            }
        });
    if let Err(e) = spawned {
        fail(&tx2, e.to_string());
    }
}

/// The loop's state besides the app: the executor, jobs, the running batch.
struct Runner<'a> {
    app: App,
    exec: &'a mut dyn Executor,
    jobs: Jobs,
    batch: VecDeque<(Item, Action)>,
    /// A job failed (its panic message may have been printed over the screen).
    repaint: bool,
    /// The signal that asked the TUI to stop.
    signal: Option<i32>,
}

impl Runner<'_> {
    /// Runs `update` for `msg` and carries out its effects, to a fixed point.
    fn dispatch(&mut self, msg: Msg) {
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            self.jobs.finished(&msg);
            if matches!(msg, Msg::ScanFailed(_) | Msg::RefreshFailed(_)) {
                self.repaint = true;
            }
            for effect in app::update(&mut self.app, msg) {
                match effect {
                    Effect::Perform { item, action } => {
                        let outcome = self.exec.perform(&item, &action);
                        queue.push_back(Msg::Performed {
                            id: item.file.name.unique.clone(),
                            action,
                            outcome,
                            batch: false,
                        });
                    }
                    Effect::PerformBatch(work) => self.batch.extend(work),
                    Effect::CancelBatch => {
                        self.batch.clear();
                        queue.push_back(Msg::BatchFinished);
                    }
                    Effect::Undo => queue.push_back(Msg::Undone(self.exec.undo_last())),
                    Effect::RegisterDailyCheck => {
                        queue.push_back(Msg::DailyCheckRegistered(self.exec.register_daily_check()))
                    }
                    Effect::LoadJournal => {
                        queue.push_back(Msg::JournalLoaded(self.exec.journal_today()))
                    }
                    Effect::Scan => self.jobs.want_scan = true,
                    Effect::Refresh => self.jobs.request_refresh(Instant::now()),
                    Effect::Quit => {}
                }
            }
        }
    }

    /// Carries out one item of a running batch.
    fn batch_step(&mut self) {
        let Some((item, action)) = self.batch.pop_front() else {
            return;
        };
        let outcome = self.exec.perform(&item, &action);
        self.dispatch(Msg::Performed {
            id: item.file.name.unique.clone(),
            action,
            outcome,
            batch: true,
        });
        if self.batch.is_empty() {
            self.dispatch(Msg::BatchFinished);
        }
    }

    fn handle(&mut self, ev: Event) {
        match ev {
            Event::Key(k) => {
                if let Some(msg) = keys::to_msg(&self.app.mode, &k) {
                    self.dispatch(msg);
                }
            }
            Event::Paste(text) => {
                // Pasted text only ever goes into a text field, never becomes commands.
                if keys::Context::of(&self.app.mode) == keys::Context::Prompt {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        self.dispatch(Msg::Insert(c));
                    }
                }
            }
            Event::Redraw => self.repaint = true,
            Event::InputClosed => self.dispatch(Msg::Cmd(app::Command::Quit)),
            Event::Signal(sig) => {
                self.signal = Some(sig);
                self.dispatch(Msg::Cmd(app::Command::Quit));
            }
            Event::Msg(m) => self.dispatch(m),
        }
    }
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    opts: Options,
    exec: &mut dyn Executor,
) -> io::Result<Ended> {
    let (tx, rx) = mpsc::channel::<Event>();
    let mut app = App::new(opts.settings);
    app.scan = app::ScanState::Running { done: 0, total: 0 };
    terminal.draw(|f| view::draw(f, &app))?; // the first frame, before any reading

    // without it (it cannot really fail) `kill` leaves the terminal raw, as before
    let signals = spawn_signals(tx.clone()).ok();
    spawn_input(tx.clone());
    let journal = exec.journal_today();
    app.daily_check = journal.daily_check;
    let watcher = watch(&opts.inbox, tx.clone());
    if let Err(e) = &watcher {
        app.status = Some(Status {
            kind: StatusKind::Info,
            text: match app.lang() {
                crate::i18n::Lang::Nb => {
                    format!("Følger ikke med på innboksen ({e}); leser den på nytt hvert minutt")
                }
                crate::i18n::Lang::En => {
                    format!("Not watching the inbox ({e}); reading it again every minute")
                }
            },
        });
    }
    if let Some(w) = journal.warning {
        app.status = Some(Status {
            kind: StatusKind::Error,
            text: crate::text::inert(&w, true),
        });
    }
    let mut r = Runner {
        app,
        exec,
        jobs: Jobs {
            busy: false,
            want_scan: true,
            refresh_at: None,
            config: Arc::new(opts.config),
            inbox: opts.inbox,
            tx,
        },
        batch: VecDeque::new(),
        repaint: false,
        signal: None,
    };
    let mut next_tick = Instant::now() + TICK;
    loop {
        let now = Instant::now();
        r.jobs.pump(now, &r.app);
        let timeout = if r.batch.is_empty() {
            let deadline = r.jobs.refresh_at.map_or(next_tick, |at| at.min(next_tick));
            deadline.saturating_duration_since(now)
        } else {
            Duration::ZERO
        };
        match rx.recv_timeout(timeout) {
            Ok(ev) => r.handle(ev),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        while !r.app.quit
            && let Ok(ev) = rx.try_recv()
        {
            r.handle(ev);
        }
        if !r.app.quit {
            r.batch_step();
        }
        if Instant::now() >= next_tick {
            next_tick = Instant::now() + TICK;
            r.dispatch(Msg::Tick);
        }
        if r.app.quit {
            break;
        }
        if std::mem::take(&mut r.repaint) {
            terminal.clear()?;
        }
        terminal.draw(|f| view::draw(f, &r.app))?;
    }
    drop(watcher);
    if let Some(s) = signals {
        s.close();
    }
    Ok(r.signal.map_or(Ended::Quit, Ended::Signal))
}
