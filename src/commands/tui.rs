//! The TUI commands: no subcommand opens the TUI on the configured mailbox; `demo` opens
//! it on a fresh copy of the bundled demo mailbox (assets/ is never touched).

use super::{CliError, CmdResult, Context};
use altinn_sweep::config::{BUILT_IN, Config, DEFAULT_CONFIG, Language, TransportKind};
use altinn_sweep::i18n::Lang;
use altinn_sweep::i18n::cli;
use altinn_sweep::i18n::tui as t;
use altinn_sweep::maildir::Folders;
use altinn_sweep::tui::app::{Executor, Settings};
use altinn_sweep::tui::executor::ActorExecutor;
use altinn_sweep::tui::{self, Ended};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The bundled demo mailbox, embedded in the binary: `demo` works wherever the binary is
/// installed, and assets/ is never touched.
static DEMO_MAIL: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/assets/demo/Mail");

/// The demo's forward addresses: real-looking so that the demo shows the flow without the
/// placeholder warnings; the demo only ever writes forwards to its Outbox.
const DEMO_FROM: &str = "dokumentsenteret@sandnes.kommune.no";
const DEMO_PAYROLL: &str = "lonn@sandnes.kommune.no";

/// `altinn-sweep` without a subcommand: the TUI acts and journals exactly as `apply` and
/// `undo` do (the same journal in the data dir, the same lock).
pub fn run(ctx: &Context) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    // issue 3: whatever uses the maildir transport says plainly that nothing is sent
    let notice = matches!(config.forward.transport, TransportKind::Maildir)
        .then(|| t::outbox_notice(lang).to_string());
    let exec = ActorExecutor::new(config.clone(), &paths.data_dir);
    open(config, lang, notice, false, ctx.cache_dir(), Box::new(exec))
}

/// `altinn-sweep demo [--keep]`.
pub fn demo(ctx: &Context, keep: bool) -> CmdResult {
    let lang = ctx
        .load()
        .map(|(_, lang)| lang)
        .unwrap_or_else(|_| Lang::resolve(Language::Auto));
    let dir = make_demo_dir().map_err(CliError::Demo)?;
    // the demo's own journal, beside its mailbox: the clerk's real one stays clean
    let data_dir = dir.join("data");
    let journal = altinn_sweep::journal::Journal::in_dir(&data_dir).path;
    let result = (|| {
        let root = dir.join("Mail");
        std::fs::create_dir_all(&root)
            .and_then(|_| DEMO_MAIL.extract(&root))
            .map_err(|source| CliError::Write {
                path: root.clone(),
                source,
            })?;
        let config = demo_config(&root)?;
        for sub in ["cur", "new", "tmp"] {
            let path = root.join(&config.forward.outbox).join(sub);
            std::fs::create_dir_all(&path)
                .map_err(|source| CliError::CreateFolder { path, source })?;
        }
        // follow-ups in every step, dated from today, with the records two clerks left
        altinn_sweep::followup::demo::seed(&config, altinn_sweep::journal::now())
            .map_err(CliError::DemoFollowup)?;
        let exec = ActorExecutor::new(config.clone(), &data_dir).for_demo();
        let notice = Some(t::demo_notice(lang).to_string());
        // a fresh mailbox every time: nothing to keep a cache of
        open(config, lang, notice, true, None, Box::new(exec))
    })();
    if keep {
        // not eprintln!: after a hangup (SIGHUP) there is no terminal to print to
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{}: {}\n{}: {}",
            cli::demo_mailbox_kept(lang),
            dir.display(),
            cli::demo_journal(lang),
            journal.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

/// The built-in configuration with demo addresses and the mail root at `root`.
pub fn demo_config(root: &Path) -> Result<Config, CliError> {
    let text = DEFAULT_CONFIG
        .replace("dokumentsenteret@example.invalid", DEMO_FROM)
        .replace("lonn@example.invalid", DEMO_PAYROLL);
    let mut config = Config::parse(&text, BUILT_IN)?;
    config.mail.root = root.to_string_lossy().into_owned();
    config.mail.layout = altinn_sweep::config::Layout::Verbatim;
    // the demo never sends: forwards are written to its Outbox
    config.forward.transport = altinn_sweep::config::TransportKind::Maildir;
    Ok(config)
}

fn open(
    config: Config,
    lang: Lang,
    notice: Option<String>,
    demo: bool,
    cache_dir: Option<PathBuf>,
    exec: Box<dyn Executor>,
) -> CmdResult {
    let inbox = Folders::new(&config.mail_root(), &config.mail).inbox;
    let settings = Settings {
        lang,
        // the clock, or ALTINN_SWEEP_NOW (the injectable clock of the tests)
        today: altinn_sweep::journal::now().format("%Y-%m-%d").to_string(),
        // the name the journal records
        clerk: altinn_sweep::journal::current_user(),
        mailbox: display_path(&inbox),
        notice,
        demo,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let ended = tui::run(
        tui::Options {
            config,
            inbox,
            settings,
            cache_dir,
        },
        exec,
    )
    .map_err(CliError::Tui)?;
    Ok(match ended {
        Ended::Quit => ExitCode::SUCCESS,
        // as a shell reports a process ended by the signal
        Ended::Signal(sig) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(1)),
    })
}

/// `~/Mail/INBOX` for a path under the home folder.
fn display_path(p: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && !home.as_os_str().is_empty()
        && let Ok(rest) = p.strip_prefix(&home)
    {
        return format!("~/{}", rest.display());
    }
    p.display().to_string()
}

/// A new, empty folder in the temp dir.
fn make_demo_dir() -> std::io::Result<PathBuf> {
    let base = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..100u32 {
        let dir = base.join(format!(
            "altinn-sweep-demo-{}-{nanos:x}{attempt}",
            std::process::id()
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free name in the temp dir"))
}
