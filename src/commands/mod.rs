//! The CLI subcommands, one file each, over the library core.

pub mod altinn;
pub mod apply;
pub mod check;
pub mod config;
pub mod explain;
pub mod followup;
pub mod journal;
pub mod scan;
pub mod stats;
pub mod tui;
pub mod units;

use altinn_sweep::config::{self as cfg, Config, ConfigError, Paths};
use altinn_sweep::i18n::Lang;
use altinn_sweep::i18n::cli;
use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;

/// Global options shared by every command.
pub struct Context {
    pub config_arg: Option<PathBuf>,
    pub maildir_arg: Option<PathBuf>,
    /// `--no-cache`: the scan neither reads nor writes the classification cache.
    pub no_cache: bool,
}

/// A command's failure: a configuration/usage problem (exit 2) or a runtime one (exit 1).
#[derive(Debug)]
pub enum CliError {
    Config(String),
    Runtime(String),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Config(_) => ExitCode::from(2),
            CliError::Runtime(_) => ExitCode::from(1),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Config(m) | CliError::Runtime(m) => f.write_str(m),
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Config(e.to_string())
    }
}

pub type CmdResult = Result<ExitCode, CliError>;

impl Context {
    /// The standard paths; an error only when the home directory cannot be found.
    pub fn paths(&self) -> Result<Paths, CliError> {
        Paths::standard().ok_or_else(|| {
            CliError::Runtime("cannot find the home directory (is $HOME set?)".into())
        })
    }

    /// Where the scan keeps its classification cache; `None` with `--no-cache` (or
    /// without a home directory).
    pub fn cache_dir(&self) -> Option<PathBuf> {
        (!self.no_cache)
            .then(altinn_sweep::cache::standard_dir)
            .flatten()
    }

    /// Loads the configuration and applies `--maildir`.
    pub fn load(&self) -> Result<(Config, Lang), CliError> {
        let standard = Paths::standard().map(|p| p.config_file);
        let mut config = cfg::load(self.config_arg.as_deref(), standard.as_deref())?;
        if let Some(root) = &self.maildir_arg {
            let abs = std::path::absolute(root).unwrap_or_else(|_| root.clone());
            config.mail.root = abs.to_string_lossy().into_owned();
        }
        let lang = Lang::resolve(config.language);
        Ok((config, lang))
    }
}

/// A path as printed: a file name is chosen by whoever delivered the mail, so escape
/// sequences and line breaks in it are made inert like any other text from mail, and
/// bytes that are not UTF-8 are shown as U+FFFD.
pub fn shown(p: &std::path::Path) -> String {
    altinn_sweep::text::inert(&p.to_string_lossy(), true)
}

fn shown_text(s: &str) -> String {
    altinn_sweep::text::inert(s, true)
}

/// Reports the files a scan could not read, on stderr, each with its path.
pub fn print_warnings(report: &altinn_sweep::scan::Report, lang: Lang) {
    if let Some(note) = &report.cache_note {
        eprintln!("{}: {}", cli::warning(lang), shown_text(note));
    }
    for w in &report.warnings {
        eprintln!(
            "{}: {}: {}",
            cli::warning(lang),
            shown(&w.path),
            altinn_sweep::text::inert(&w.message, true)
        );
    }
}
