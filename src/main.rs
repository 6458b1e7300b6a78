//! CLI entry: the clap parser, dispatch to a command, exit codes (0 ok, 1 runtime error,
//! 2 usage or configuration error).

mod commands;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the pending notifications with their suggested actions (changes nothing)
    Scan {
        /// One JSON object per line per notification
        #[arg(long)]
        json: bool,
    },
    /// Show how one message file is read, checked and matched against every rule
    Explain {
        /// A message file
        file: PathBuf,
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
    let cli = Cli::parse();
    let ctx = commands::Context {
        config_arg: cli.config,
        maildir_arg: cli.maildir,
    };
    let result = match cli.command {
        Command::Scan { json } => commands::scan::run(&ctx, json),
        Command::Explain { file } => commands::explain::run(&ctx, &file),
        Command::Init { force } => commands::config::init(&ctx, force),
        Command::Config {
            action: ConfigCommand::Check,
        } => commands::config::check(&ctx),
        Command::Config {
            action: ConfigCommand::Path,
        } => commands::config::path(&ctx),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("altinn-sweep: {e}");
            e.exit_code()
        }
    }
}
