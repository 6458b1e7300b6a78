//! CLI entry: the clap parser, dispatch to a command, exit codes (0 ok, 1 runtime error,
//! 2 usage or configuration error).

mod commands;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "altinn-sweep",
    version,
    about = "Sweep Altinn notification emails in a local Maildir by the document centre's routine",
    long_about = "Reads the Maildir that mbsync/offlineimap keeps, recognises Altinn notifications \
                  (and imitations of them), and suggests what the routine says to do with each: \
                  archive, delete, forward or skip."
)]
struct Cli {
    /// Configuration file (default: $XDG_CONFIG_HOME/altinn-sweep/config.toml, else the built-in default)
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Mail root, overriding `mail.root` of the configuration
    #[arg(long, global = true, value_name = "ROOT")]
    maildir: Option<PathBuf>,
    /// Classify every message anew: neither read nor write the classification cache
    /// ($XDG_CACHE_HOME/altinn-sweep)
    #[arg(long, global = true)]
    no_cache: bool,
    /// Without a subcommand the TUI opens on the configured mailbox
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the TUI on a fresh copy of the bundled demo mailbox (forwards go to its Outbox)
    Demo {
        /// Keep the demo mailbox after quitting (its path is printed)
        #[arg(long)]
        keep: bool,
    },
    /// List the pending notifications with their suggested actions (changes nothing)
    Scan {
        /// One JSON object per line per notification
        #[arg(long)]
        json: bool,
    },
    /// Show how message files are read, checked and matched against every rule
    Explain {
        /// Message files
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what would be done with every listed, non-suspicious notification; `--yes` does it
    Apply {
        /// Carry out the plan (without it nothing is changed)
        #[arg(long)]
        yes: bool,
        /// Only notifications suggested by this rule (repeatable)
        #[arg(long = "rule", value_name = "NAME")]
        rules: Vec<String>,
        /// Send forwards again that the journal says were sent, or may have been sent
        /// (an unconfirmed send after a crash); without it they are never sent twice
        #[arg(long, requires = "yes")]
        resend: bool,
        /// Wait at most this long for another altinn-sweep acting on the mailbox
        #[arg(long, value_name = "SECONDS", default_value_t = commands::apply::LOCK_WAIT_SECONDS)]
        wait: u64,
    },
    /// Show the journal (today's entries unless a period is given)
    Journal {
        /// First day, YYYY-MM-DD
        #[arg(long)]
        since: Option<String>,
        /// Last day, YYYY-MM-DD
        #[arg(long)]
        until: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: commands::journal::Format,
    },
    /// Move messages back to where they came from and journal the undo
    Undo {
        /// Undo the last N actions (default 1)
        #[arg(long, value_name = "N", conflicts_with = "entry")]
        last: Option<usize>,
        /// Undo the journal entry with this id
        #[arg(long, value_name = "ID")]
        entry: Option<String>,
        /// Wait at most this long for another altinn-sweep acting on the mailbox
        #[arg(long, value_name = "SECONDS", default_value_t = commands::apply::LOCK_WAIT_SECONDS)]
        wait: u64,
    },
    /// Write the default configuration to the configuration path for editing
    Init {
        /// Overwrite an existing configuration file
        #[arg(long)]
        force: bool,
    },
    /// Validate or locate the configuration
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate the configuration and print the paths it resolves to
    Check,
    /// Print where the configuration file is (or would be)
    Path,
}

fn main() -> ExitCode {
    // SIGPIPE stays ignored, as Rust sets it up: a process-wide default disposition would
    // also let a sendmail that exits without reading the forward kill us mid-batch (no
    // journal line, the rest undone). A closed pipe is an EPIPE error instead: the
    // transport reports a failed send, and a print to a closed stdout ends the process
    // as quietly as SIGPIPE used to (see `stdout_closed`).
    // mail-parser can panic on some broken MIME; those panics are caught and the file is
    // reported as unreadable, so the default hook's message would only be noise.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if stdout_closed(info) {
            // `scan | head`: the reader went away. End like other Unix tools do.
            // SAFETY: restoring SIGPIPE's default disposition and raising it has no
            // preconditions; the process ends here.
            unsafe {
                libc::signal(libc::SIGPIPE, libc::SIG_DFL);
                libc::raise(libc::SIGPIPE);
            }
        }
        if !altinn_sweep::message::in_guarded_parse() {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    let ctx = commands::Context {
        config_arg: cli.config,
        maildir_arg: cli.maildir,
        no_cache: cli.no_cache,
    };
    let Some(command) = cli.command else {
        return finish(commands::tui::run(&ctx));
    };
    let result = match command {
        Command::Demo { keep } => commands::tui::demo(&ctx, keep),
        Command::Scan { json } => commands::scan::run(&ctx, json),
        Command::Explain { files } => commands::explain::run(&ctx, &files),
        Command::Apply {
            yes,
            rules,
            resend,
            wait,
        } => commands::apply::run(&ctx, yes, &rules, resend, Duration::from_secs(wait)),
        Command::Journal {
            since,
            until,
            format,
        } => commands::journal::show(&ctx, since.as_deref(), until.as_deref(), format),
        Command::Undo { last, entry, wait } => {
            commands::journal::undo(&ctx, last, entry.as_deref(), Duration::from_secs(wait))
        }
        Command::Init { force } => commands::config::init(&ctx, force),
        Command::Config {
            action: ConfigCommand::Check,
        } => commands::config::check(&ctx),
        Command::Config {
            action: ConfigCommand::Path,
        } => commands::config::path(&ctx),
    };
    finish(result)
}

/// True for the panic of `print!`/`println!` when stdout is a pipe whose reader is gone.
fn stdout_closed(info: &std::panic::PanicHookInfo) -> bool {
    let text = info
        .payload()
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| info.payload().downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.starts_with("failed printing to stdout")
        && text.ends_with(&format!("(os error {})", libc::EPIPE))
}

fn finish(result: commands::CmdResult) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("altinn-sweep: {e}");
            e.exit_code()
        }
    }
}
