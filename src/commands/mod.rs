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

use altinn_sweep::config::{self as cfg, Config, Paths};
use altinn_sweep::i18n::Lang;
use altinn_sweep::i18n::cli;
use std::cell::Cell;
use std::path::PathBuf;
use std::process::ExitCode;

/// Global options shared by every command.
pub struct Context {
    pub config_arg: Option<PathBuf>,
    pub maildir_arg: Option<PathBuf>,
    /// `--no-cache`: the scan neither reads nor writes the classification cache.
    pub no_cache: bool,
    /// The clerk's language once [`Context::load`] has read the configuration.
    pub lang: Cell<Option<Lang>>,
}

/// A command's failure as facts (exit 2 for usage or configuration, 1 otherwise),
/// worded in the clerk's language by `i18n::cli::cli_error` when the command ends.
pub use altinn_sweep::i18n::cli::CliError;

pub type CmdResult = Result<ExitCode, CliError>;

impl Context {
    /// The standard paths; an error only when the home directory cannot be found.
    pub fn paths(&self) -> Result<Paths, CliError> {
        Paths::standard().ok_or(CliError::NoHome)
    }

    /// Where the scan keeps its classification cache; `None` with `--no-cache` (or
    /// without a home directory).
    pub fn cache_dir(&self) -> Option<PathBuf> {
        (!self.no_cache)
            .then(altinn_sweep::scan::cache::standard_dir)
            .flatten()
    }

    /// Loads the configuration and applies `--maildir`. When it is not valid, its error
    /// is worded in the `language` the file names if that can be read, else the locale's.
    pub fn load(&self) -> Result<(Config, Lang), CliError> {
        let standard = Paths::standard().map(|p| p.config_file);
        let mut config =
            cfg::load(self.config_arg.as_deref(), standard.as_deref()).inspect_err(|_| {
                if let Some(lang) = self.language_named(standard.as_deref()) {
                    self.lang.set(Some(lang));
                }
            })?;
        if let Some(root) = &self.maildir_arg {
            let abs = std::path::absolute(root).unwrap_or_else(|_| root.clone());
            config.mail.root = abs.to_string_lossy().into_owned();
        }
        let lang = Lang::resolve(config.language);
        self.lang.set(Some(lang));
        Ok((config, lang))
    }

    /// The language the configuration file names, read from a file that did not load.
    fn language_named(&self, standard: Option<&std::path::Path>) -> Option<Lang> {
        let file = self
            .config_arg
            .as_deref()
            .or(standard.filter(|p| p.exists()))?;
        let text = std::fs::read_to_string(file).ok()?;
        cfg::language_in(&text).map(Lang::resolve)
    }

    /// The language errors are shown in: the configuration's once it is loaded, else
    /// the locale's.
    pub fn lang(&self) -> Lang {
        self.lang
            .get()
            .unwrap_or_else(|| Lang::resolve(cfg::Language::Auto))
    }

    /// A command's error in the clerk's language, as it is printed on stderr.
    pub fn error_text(&self, e: &CliError) -> String {
        format!("altinn-sweep: {}", cli::cli_error(self.lang(), e))
    }
}

/// A path as printed: a file name is chosen by whoever delivered the mail, so escape
/// sequences and line breaks in it are made inert like any other text from mail, and
/// bytes that are not UTF-8 are shown as U+FFFD.
pub fn shown(p: &std::path::Path) -> String {
    altinn_sweep::text::inert(&p.to_string_lossy(), true)
}

pub fn shown_text(s: &str) -> String {
    altinn_sweep::text::inert(s, true)
}

/// Reports the files a scan could not read, on stderr, each with its path.
pub fn print_warnings(report: &altinn_sweep::scan::Report, lang: Lang) {
    if let Some(note) = &report.cache_note {
        eprintln!(
            "{}: {}",
            cli::warning(lang),
            shown_text(&altinn_sweep::i18n::cache_problem(lang, note))
        );
    }
    for w in &report.warnings {
        eprintln!(
            "{}: {}: {}",
            cli::warning(lang),
            shown(&w.path),
            shown_text(&altinn_sweep::i18n::unreadable(lang, &w.problem))
        );
    }
}
