//! The clerk's terminal UI. This file owns the terminal (raw mode and alternate screen,
//! restored on quit, on error, on panic and on SIGTERM/SIGHUP/SIGINT) and the event loop:
//! keys, signals, a hangup of the terminal, background scan results, inbox changes and
//! the executor's answers become `Msg`s; `app::update` turns them into effects, which the
//! loop carries out (actions on the executor's own thread, see `worker`, so that the loop
//! never waits for one); `view::viewport` tells the app what fits on the screen and
//! `view::draw` redraws.

pub mod app;
mod demo_history;
pub mod executor;
mod executor_screens;
pub mod jobs;
pub mod keys;
pub mod pager;
pub mod view;
pub mod worker;
pub mod wrap;

use crate::config::Config;
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
use worker::{Job, Worker};

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
    /// The classification cache's directory (`None`: every scan reads every message).
    pub cache_dir: Option<PathBuf>,
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
pub fn run(opts: Options, exec: Box<dyn Executor>) -> io::Result<Ended> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "the TUI needs a terminal; `altinn-sweep scan` prints the queue as text",
        ));
    }
    install_panic_hook();
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let lang = opts.settings.lang;
    let result = event_loop(&mut terminal, opts, exec);
    // The guard shows the cursor again. ratatui's `Drop` would try too and `eprintln!` its
    // failure, which panics when the terminal hung up (SIGHUP: stderr is gone as well) and
    // so skips the demo's clean-up; the terminal is dropped only when unwinding.
    std::mem::forget(terminal);
    drop(guard);
    let (ended, abandoned) = result?;
    if abandoned {
        use std::io::Write;
        let _ = writeln!(io::stderr(), "{}", crate::i18n::tui::abandoned(lang));
    }
    Ok(ended)
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
    /// The executor's answer to the job in hand.
    Done {
        msg: Msg,
        panicked: bool,
    },
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

/// Watches the terminal for going away (the window closed, tmux killed the session, the
/// SSH connection dropped): poll(2) on the input reports a hangup or an error without
/// reading anything, and the loop then ends the program. crossterm's reader does not:
/// on end of input or EIO it retries for ever, at full speed.
fn spawn_hangup_watch(tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("hangup".into())
        .spawn(move || {
            use std::os::fd::AsRawFd;
            let fd = io::stdin().as_raw_fd();
            loop {
                let mut pfd = libc::pollfd {
                    fd,
                    events: 0, // only POLLHUP, POLLERR and POLLNVAL, which are always reported
                    revents: 0,
                };
                // SAFETY: one valid pollfd, for the duration of the call.
                let rc = unsafe { libc::poll(&mut pfd, 1, -1) };
                if rc < 0 {
                    if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                        continue;
                    }
                    return;
                }
                if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            }
        });
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
    cache_dir: Option<PathBuf>,
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
        let cache_dir = self.cache_dir.clone();
        if self.want_scan {
            self.want_scan = false;
            self.refresh_at = None;
            self.busy = true;
            spawn_job("scan", tx, move |tx| {
                let send = |m: Msg| {
                    let _ = tx.send(Event::Msg(m));
                };
                jobs::full_scan(&inbox, &config, cache_dir.as_deref(), &send);
            });
        } else if self.refresh_at.is_some_and(|at| at <= now) {
            self.refresh_at = None;
            self.busy = true;
            let start = app.queue.refresh_input();
            let asked = Arc::new(app.queue.item_ids());
            spawn_job("refresh", tx, move |tx| {
                let msg = match jobs::refresh(&inbox, &config, &start, asked) {
                    Ok(r) => Msg::Refreshed(r),
                    Err(e) => Msg::RefreshFailed(app::JobError::Inbox(e)),
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
        let _ = tx.send(Event::Msg(Msg::ScanFailed(app::JobError::Internal(what))));
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

/// The loop's state besides the app: the executor's thread and the jobs waiting for
/// it, the background reading.
struct Runner {
    app: App,
    worker: Worker,
    /// Executor jobs not handed over yet, in order (a batch's items among them).
    pending: VecDeque<Job>,
    /// The job the executor has: whether it is a batch item, and since when.
    in_flight: Option<(bool, Instant)>,
    jobs: Jobs,
    /// A job failed (its panic message may have been printed over the screen), or the
    /// terminal was resized.
    repaint: bool,
    /// The signal that asked the TUI to stop.
    signal: Option<i32>,
}

impl Runner {
    /// Runs `update` for `msg` and carries out its effects, to a fixed point. Actions
    /// only queue up here: [`Runner::pump`] hands them to the executor's thread.
    fn dispatch(&mut self, msg: Msg) {
        let mut queue = VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            self.jobs.finished(&msg);
            if matches!(msg, Msg::ScanFailed(_) | Msg::RefreshFailed(_)) {
                self.repaint = true;
            }
            for effect in app::update(&mut self.app, msg) {
                match effect {
                    Effect::Perform { item, action } => self.pending.push_back(Job::Perform {
                        item,
                        action,
                        batch: false,
                    }),
                    Effect::PerformBatch(work) => {
                        self.pending
                            .extend(work.into_iter().map(|(item, action)| Job::Perform {
                                item: Box::new(item),
                                action,
                                batch: true,
                            }))
                    }
                    Effect::CancelBatch => {
                        self.pending.retain(|j| !j.is_batch());
                        // a batch item in hand finishes the batch when it is done
                        if !matches!(self.in_flight, Some((true, _))) {
                            queue.push_back(Msg::BatchFinished);
                        }
                    }
                    Effect::Undo => self.pending.push_back(Job::Undo),
                    Effect::RegisterDailyCheck => self.pending.push_back(Job::DailyCheck),
                    Effect::LoadJournal => self.pending.push_back(Job::Journal),
                    Effect::Scan => self.jobs.want_scan = true,
                    Effect::Refresh => self.jobs.request_refresh(Instant::now()),
                    Effect::LoadSource { id, path } => {
                        spawn_job("source", self.jobs.tx.clone(), move |tx| {
                            let text = jobs::read_source(&path);
                            let _ = tx.send(Event::Msg(Msg::SourceLoaded { id, text }));
                        })
                    }
                    Effect::Quit => {}
                    Effect::LoadStats => self.pending.push_back(Job::Stats),
                    Effect::AltinnCheck => self.pending.push_back(Job::AltinnCheck),
                    Effect::LoadFollowup => {
                        // one reading in the queue is enough
                        if !self.pending.iter().any(|j| matches!(j, Job::Followup)) {
                            self.pending.push_back(Job::Followup)
                        }
                    }
                    Effect::FollowupStep { item, step, to } => {
                        self.pending.push_back(Job::FollowupStep { item, step, to })
                    }
                    Effect::UndoFollowup => self.pending.push_back(Job::FollowupUndo),
                    Effect::FindDialog(item) => {
                        self.pending.push_back(Job::FollowupDialog { item })
                    }
                    Effect::AltinnFetch { item, dialog } => {
                        self.pending.push_back(Job::AltinnFetch { item, dialog })
                    }
                    Effect::OpenBrowser(url) => {
                        spawn_job("browser", self.jobs.tx.clone(), move |tx| {
                            let result = crate::browser::open(&url, crate::browser::DEADLINE)
                                .map(|_| ())
                                .map_err(app::JobError::from);
                            let _ = tx.send(Event::Msg(Msg::BrowserOpened { url, result }));
                        })
                    }
                }
            }
        }
    }

    /// Hands the next job to the executor's thread when it has none.
    fn pump(&mut self) {
        if self.in_flight.is_some() {
            return;
        }
        let Some(job) = self.pending.pop_front() else {
            return;
        };
        self.in_flight = Some((job.is_batch(), Instant::now()));
        if let Err(job) = self.worker.send(job) {
            // the thread is gone (it cannot be, short of a bug): say so, as the job's error
            self.in_flight = None;
            self.dispatch(job.failed(app::JobError::ExecutorStopped));
        }
    }

    /// The executor answered.
    fn done(&mut self, msg: Msg, panicked: bool) {
        let batch = self.in_flight.take().is_some_and(|(batch, _)| batch);
        self.repaint |= panicked;
        self.dispatch(msg);
        if batch && !self.pending.iter().any(Job::is_batch) {
            self.dispatch(Msg::BatchFinished);
        }
    }

    /// Tells the app how long the action in hand has taken, once a second.
    fn tick_elapsed(&mut self) {
        if let Some((_, since)) = self.in_flight
            && !self.app.working.is_empty()
        {
            let secs = since.elapsed().as_secs();
            if secs != self.app.working_secs {
                self.dispatch(Msg::Elapsed(secs));
            }
        }
    }

    fn handle(&mut self, ev: Event) {
        match ev {
            Event::Key(k) => {
                if let Some(msg) = keys::to_msg(&self.app, &k) {
                    self.dispatch(msg);
                }
            }
            Event::Paste(text) => {
                // Pasted text only ever goes into a text field, never becomes commands.
                if keys::Context::of(&self.app) == keys::Context::Prompt {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        self.dispatch(Msg::Insert(c));
                    }
                }
            }
            Event::Redraw => self.repaint = true,
            Event::InputClosed => self.dispatch(Msg::Hangup),
            Event::Signal(sig) => {
                self.signal = Some(sig);
                self.dispatch(Msg::Hangup);
            }
            Event::Msg(m) => self.dispatch(m),
            Event::Done { msg, panicked } => self.done(msg, panicked),
        }
    }
}

/// Tells the app what fits on the screen (when that changed) and draws it. A repaint
/// clears the screen first, without `Terminal::clear`, which asks the terminal for the
/// cursor position: a terminal busy resizing may not answer, and that is no reason to
/// die.
fn redraw(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, r: &mut Runner) -> io::Result<()> {
    let size = terminal.size()?;
    let viewport = view::viewport(&r.app, size.width, size.height);
    if viewport != r.app.viewport {
        r.dispatch(Msg::Viewport(viewport));
    }
    if std::mem::take(&mut r.repaint) {
        terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    }
    terminal.draw(|f| view::draw(f, &r.app))?;
    Ok(())
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    opts: Options,
    exec: Box<dyn Executor>,
) -> io::Result<(Ended, bool)> {
    let (tx, rx) = mpsc::channel::<Event>();
    let mut app = App::new(opts.settings);
    app.scan = app::ScanState::Running { done: 0, total: 0 };
    terminal.draw(|f| view::draw(f, &app))?; // the first frame, before any reading

    // without it (it cannot really fail) `kill` leaves the terminal raw, as before
    let signals = spawn_signals(tx.clone()).ok();
    spawn_input(tx.clone());
    spawn_hangup_watch(tx.clone());
    let journal = exec.journal_today();
    app.daily_check = journal.daily_check;
    let watcher = watch(&opts.inbox, tx.clone());
    if let Err(e) = &watcher {
        app.status = Some(Status {
            kind: StatusKind::Info,
            text: crate::i18n::tui::not_watching(app.lang(), &e.to_string()),
        });
    }
    if let Some(w) = &journal.warning {
        let said = crate::i18n::tui::journal_warning(app.lang(), &journal.source, w);
        app.status = Some(Status {
            kind: StatusKind::Error,
            text: crate::text::inert(&said, true),
        });
    }
    let reply = tx.clone();
    let worker = Worker::spawn(exec, move |msg, panicked| {
        let _ = reply.send(Event::Done { msg, panicked });
    })?;
    let mut r = Runner {
        app,
        worker,
        pending: VecDeque::new(),
        in_flight: None,
        jobs: Jobs {
            busy: false,
            want_scan: true,
            refresh_at: None,
            config: Arc::new(opts.config),
            inbox: opts.inbox,
            cache_dir: opts.cache_dir,
            tx,
        },
        repaint: false,
        signal: None,
    };
    // the follow-up and today's check from the shared records, for the header
    r.pending.push_back(Job::Followup);
    let mut next_tick = Instant::now() + TICK;
    loop {
        let now = Instant::now();
        r.jobs.pump(now, &r.app);
        r.pump();
        let deadline = r.jobs.refresh_at.map_or(next_tick, |at| at.min(next_tick));
        let mut timeout = deadline.saturating_duration_since(now);
        if r.in_flight.is_some() {
            // the seconds an action has taken tick on screen
            timeout = timeout.min(Duration::from_millis(250));
        }
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
            r.pump();
            r.tick_elapsed();
        }
        if Instant::now() >= next_tick {
            next_tick = Instant::now() + TICK;
            r.dispatch(Msg::Tick);
        }
        if r.app.quit {
            break;
        }
        redraw(terminal, &mut r)?;
    }
    drop(watcher);
    if let Some(s) = signals {
        s.close();
    }
    // quitting without waiting: what the action started (a sendmail) ends with it
    let abandoned = r.in_flight.is_some();
    if abandoned {
        end_children();
    }
    Ok((r.signal.map_or(Ended::Quit, Ended::Signal), abandoned))
}

/// Ends the processes this one started, and theirs (say, a sendmail that still runs
/// when the clerk quits without waiting for the forward): SIGTERM, and SIGKILL to what
/// is left after a moment.
#[cfg(target_os = "linux")]
fn end_children() {
    fn table() -> Vec<(i32, i32)> {
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        dir.flatten()
            .filter_map(|e| {
                let pid: i32 = e.file_name().to_str()?.parse().ok()?;
                let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
                // "pid (comm) state ppid …"; comm may hold spaces and parentheses
                let rest = &stat[stat.rfind(')')? + 1..];
                let mut fields = rest.split_whitespace();
                let state = fields.next()?;
                let ppid = fields.next()?.parse().ok()?;
                (state != "Z").then_some((pid, ppid))
            })
            .collect()
    }
    fn descendants() -> Vec<i32> {
        let table = table();
        let mut out = vec![std::process::id() as i32];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(
                table
                    .iter()
                    .filter(|(_, pp)| *pp == parent)
                    .map(|(p, _)| *p),
            );
            i += 1;
        }
        out.remove(0);
        out
    }
    for sig in [libc::SIGTERM, libc::SIGKILL] {
        let pids = descendants();
        if pids.is_empty() {
            return;
        }
        for pid in pids {
            // SAFETY: kill(2) on a process this one started (directly or not).
            unsafe { libc::kill(pid, sig) };
        }
        let until = Instant::now() + Duration::from_millis(500);
        while Instant::now() < until && !descendants().is_empty() {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn end_children() {}
