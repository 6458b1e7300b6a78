//! CLI entry: the clap parser, dispatch to a command, exit codes (0 ok, 1 runtime error,
//! 2 usage or configuration error).

mod commands;

use clap::{CommandFactory, Parser, Subcommand};
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
                  archive, delete, forward or skip.",
    after_help = EXIT_CODES,
    after_long_help = EXIT_CODES
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

/// The exit codes, shown under `--help` (and in the man page).
const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  runtime error (including an action that failed)
  2  usage or configuration error

Examples:
  altinn-sweep                     the daily sweep in the terminal UI
  altinn-sweep demo                try it on a copy of the bundled demo mailbox";

#[derive(Subcommand)]
enum Command {
    /// Open the TUI on a fresh copy of the bundled demo mailbox (forwards go to its Outbox)
    #[command(after_help = "Example:\n  altinn-sweep demo --keep")]
    Demo {
        /// Keep the demo mailbox after quitting (its path is printed)
        #[arg(long)]
        keep: bool,
    },
    /// List the pending notifications with their suggested actions (changes nothing)
    #[command(
        after_help = "Example:\n  altinn-sweep scan --json | jq -r 'select(.action == \"forward\") | .subject'"
    )]
    Scan {
        /// One JSON object per line per notification
        #[arg(long)]
        json: bool,
    },
    /// Show how message files are read, checked and matched against every rule
    #[command(
        after_help = "Example:\n  altinn-sweep explain ~/Mail/INBOX/new/1795416315.40391_1.mailhost"
    )]
    Explain {
        /// Message files
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what would be done with every listed, non-suspicious notification; `--yes` does it
    #[command(after_help = "Example:\n  altinn-sweep apply --rule sick-note --yes")]
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
    #[command(
        after_help = "Example:\n  altinn-sweep journal --since 2026-11-01 --format csv > november.csv"
    )]
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
    #[command(after_help = "Example:\n  altinn-sweep undo --last 2")]
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
    /// The follow-up of archived notices (routine point 3): open items, overdue first
    Followup {
        /// One JSON object per line per item (same as --format json)
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Only items older than `followup.overdue_after_days` working days
        #[arg(long)]
        overdue: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: commands::followup::Format,
        #[command(subcommand)]
        action: Option<FollowupCommand>,
    },
    /// Record the daily check of the Altinn inbox (routine point 1), shared through the mailbox
    Check {
        /// A remark, e.g. "3 meldinger uten varsel"
        #[arg(long, value_name = "TEXT", conflicts_with = "status")]
        note: Option<String>,
        /// Show today's check, who is on duty and the days without a check; record nothing
        #[arg(long)]
        status: bool,
        /// Wait at most this long for another altinn-sweep acting on the mailbox
        #[arg(long, value_name = "SECONDS", default_value_t = commands::apply::LOCK_WAIT_SECONDS)]
        wait: u64,
    },
    /// The last weeks at a glance: notices per day and unit, time to "distributed",
    /// open and overdue follow-ups, days without the daily check
    Stats {
        #[arg(long, value_enum, default_value = "table")]
        format: commands::stats::Format,
        /// How many weeks back, today included
        #[arg(long, default_value_t = 4)]
        weeks: u64,
    },
    /// The organisation's sub-units from Enhetsregisteret's open data
    Units {
        #[command(subcommand)]
        action: UnitsCommand,
    },
    /// Write the default configuration to the configuration path for editing
    #[command(
        after_help = "Example:\n  altinn-sweep init && $EDITOR \"$(altinn-sweep config path)\""
    )]
    Init {
        /// Overwrite an existing configuration file
        #[arg(long)]
        force: bool,
    },
    /// Validate or locate the configuration
    #[command(after_help = "Example:\n  altinn-sweep config check")]
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Example:\n  altinn-sweep completions bash > ~/.local/share/bash-completion/completions/altinn-sweep"
    )]
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from these definitions
    #[command(after_help = "Example:\n  altinn-sweep man > ~/.local/share/man/man1/altinn-sweep.1")]
    Man,
    /// The Altinn inbox itself through Dialogporten (needs an [altinn] section)
    Altinn {
        #[command(subcommand)]
        action: AltinnCommand,
    },
}

#[derive(Subcommand)]
enum AltinnCommand {
    /// The daily check: every dialog not archived, newest first, and which arrived
    /// without a notice email (marks nothing as seen; journaled as the day's check)
    Check {
        /// One JSON object per line per dialog
        #[arg(long)]
        json: bool,
        /// Over dialogs made up from the mailbox's notices: no credentials, no network,
        /// nothing journaled (to see what the check shows)
        #[arg(long)]
        demo: bool,
    },
    /// Save a dialog's documents (consumerType Api); this MARKS THE DIALOG SEEN in Altinn
    Fetch {
        /// The dialog's id (from `altinn check`)
        dialog: String,
        /// Save under this folder instead of altinn.download_folder
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Archive a dialog in Altinn (system label Archive, only if unchanged since the check)
    Archive {
        /// The dialog's id (from `altinn check`)
        dialog: String,
        /// The end-user context revision to require (default: the one of the last check)
        #[arg(long, value_name = "UUID")]
        revision: Option<String>,
    },
    /// Delete the local copies `altinn fetch` saved for a dialog (routine point 3)
    Clean {
        /// The dialog's id
        dialog: String,
        /// The folder given to `fetch --to`, if any
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Open a dialog in Arbeidsflate (prints the address if no browser can be started)
    Open {
        /// The dialog's id
        dialog: String,
    },
}

#[derive(Subcommand)]
enum FollowupCommand {
    /// Move an item on to a step: fetched, archived, distributed (needs --to), done
    Step {
        /// The item's id (see `followup`)
        id: String,
        step: String,
        /// For "distributed": to whom the documents went
        #[arg(long, value_name = "WHOM")]
        to: Option<String>,
        /// Wait at most this long for another altinn-sweep acting on the mailbox
        #[arg(long, value_name = "SECONDS", default_value_t = commands::apply::LOCK_WAIT_SECONDS)]
        wait: u64,
    },
    /// Print the Altinn address for the item's party (and open it where a browser can start)
    Open { id: String },
    /// The recipients offered for "distributed": those used before, then the configured list
    Recipients,
}

#[derive(Subcommand)]
enum UnitsCommand {
    /// Read the register's JSON (/enhetsregisteret/api/underenheter?overordnetEnhet=…) or
    /// CSV, check MOD11, and write the units file the configuration includes (units_file)
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate the configuration and print the paths it resolves to
    Check {
        /// Also fetch a Maskinporten token and list the parties ([altinn] section)
        #[arg(long)]
        online: bool,
    },
    /// Print where the configuration file is (or would be)
    Path,
}

fn main() -> ExitCode {
    // glibc grows a thread's malloc arena by 128 KiB at a time, each step an mprotect(2)
    // that splits and merges mappings: the scan's cache loader thread, which decodes the
    // cached analyses of 10 000 notifications, spent longer in those calls than in decoding
    // (restart at 100 000 messages: 100-110 ms with the default, 80 ms with 16 MiB).
    // Only address space is reserved ahead; memory is still touched as it is used.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator; called before any
    // thread starts.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
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
        lang: Default::default(),
    };
    let Some(command) = cli.command else {
        return finish(&ctx, commands::tui::run(&ctx));
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
        Command::Followup {
            json,
            overdue,
            format,
            action,
        } => match action {
            None => commands::followup::list(
                &ctx,
                if json {
                    commands::followup::Format::Json
                } else {
                    format
                },
                overdue,
            ),
            Some(FollowupCommand::Step { id, step, to, wait }) => {
                commands::followup::step(&ctx, &id, &step, to.as_deref(), Duration::from_secs(wait))
            }
            Some(FollowupCommand::Open { id }) => commands::followup::open(&ctx, &id),
            Some(FollowupCommand::Recipients) => commands::followup::recipients(&ctx),
        },
        Command::Check { note, status, wait } => {
            if status {
                commands::check::status(&ctx)
            } else {
                commands::check::record(&ctx, note.as_deref(), Duration::from_secs(wait))
            }
        }
        Command::Stats { format, weeks } => commands::stats::run(&ctx, format, weeks),
        Command::Units {
            action: UnitsCommand::Import { file },
        } => commands::units::import(&ctx, &file),
        Command::Init { force } => commands::config::init(&ctx, force),
        Command::Config {
            action: ConfigCommand::Check { online },
        } => commands::config::check(&ctx, online),
        Command::Config {
            action: ConfigCommand::Path,
        } => commands::config::path(&ctx),
        Command::Completions { shell } => print_completions(shell),
        Command::Man => print_man(),
        Command::Altinn { action } => match action {
            AltinnCommand::Check { json, demo } => commands::altinn::check(&ctx, json, demo),
            AltinnCommand::Fetch { dialog, to } => {
                commands::altinn::fetch(&ctx, &dialog, to.as_deref())
            }
            AltinnCommand::Archive { dialog, revision } => {
                commands::altinn::archive(&ctx, &dialog, revision.as_deref())
            }
            AltinnCommand::Open { dialog } => commands::altinn::open(&ctx, &dialog),
            AltinnCommand::Clean { dialog, to } => {
                commands::altinn::clean(&ctx, &dialog, to.as_deref())
            }
        },
    };
    finish(&ctx, result)
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

/// `altinn-sweep completions SHELL`: the completion script from the clap definitions.
fn print_completions(shell: clap_complete::Shell) -> commands::CmdResult {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "altinn-sweep", &mut out);
    write_stdout(&out)
}

/// `altinn-sweep man`: the man page from the clap definitions, with the exit codes.
fn print_man() -> commands::CmdResult {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(commands::CliError::Output)?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> commands::CmdResult {
    use std::io::Write;
    std::io::stdout()
        .write_all(bytes)
        .and_then(|()| std::io::stdout().flush())
        .map_err(commands::CliError::Output)?;
    Ok(ExitCode::SUCCESS)
}

fn finish(ctx: &commands::Context, result: commands::CmdResult) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", ctx.error_text(&e));
            e.exit_code()
        }
    }
}
