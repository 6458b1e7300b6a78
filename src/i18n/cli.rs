//! Norwegian bokmål and English texts of the command line (`commands/`): headings,
//! labels and sentences. Words for the core's facts are in `i18n.rs` and
//! `i18n/journal.rs`.

use super::Lang;
use crate::actions::{ActError, LockError};
use crate::altinn::AltinnError;
use crate::altinn::routine::RoutineError;
use crate::config::{ConfigError, ConfigProblem, Invalid, UrlProblem};
use crate::followup::FollowupError;
use crate::journal::Failure;
use crate::units::ImportError;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What a command failed at, as facts; [`cli_error`] words it in the clerk's language,
/// the one place the command line's errors become words. Usage and configuration
/// problems exit with 2, everything else with 1 ([`CliError::exit_code`]). Errors that
/// wrap an OS error keep the OS's text, inside a sentence in the clerk's language.
#[derive(Debug)]
pub enum CliError {
    /// An `altinn` command, but the configuration (this file) has no `[altinn]` section.
    NoAltinnSection(String),
    /// The Dialogporten client could not be set up from the `[altinn]` section (its key).
    AltinnSetup(AltinnError),
    /// Maskinporten or Dialogporten failed (`altinn check`, `config check --online`).
    Altinn(AltinnError),
    /// A failed Altinn act that the journal could not take either: both are said.
    AltinnUnjournaled {
        error: AltinnError,
        path: PathBuf,
        source: io::Error,
    },
    /// An act of routine point 3 (`altinn fetch | clean | archive`) was not done, or the
    /// argument is not a dialog id.
    Routine(RoutineError),
    /// `altinn archive`: someone changed the dialog in Altinn since the check (412); its
    /// title (from the last check) says which dialog it is.
    ArchiveConflict {
        error: AltinnError,
        title: Option<String>,
    },
    /// `altinn archive ID` without `--revision` of a dialog the last check did not list.
    NotInLastCheck(String),
    /// Done in Altinn, but the follow-up step was not checked off (the journaled failure).
    NotCheckedOff(Option<Failure>),
    /// Done in Altinn, but moving this follow-up item on failed.
    ItemNotCheckedOff { item: String, error: FollowupError },
    /// The journal could not take an entry.
    WriteJournal { path: PathBuf, source: io::Error },
    /// The demo's follow-up items could not be written.
    DemoFollowup(io::Error),
    /// The configuration could not be read or is not valid (file:line:col).
    Configuration(ConfigError),
    /// `apply --rule NAME`: no rule has that name.
    UnknownRule(String),
    /// `followup step ID STEP`: not one of the steps an item can be moved on to.
    UnknownStep(String),
    /// `journal --since/--until` that is not a date.
    BadDate {
        flag: &'static str,
        value: String,
        problem: chrono::ParseError,
    },
    /// `ALTINN_SWEEP_NOW` (the tests' clock) that is not an RFC 3339 time.
    BadNow {
        value: String,
        problem: chrono::ParseError,
    },
    /// `init` over an existing configuration file (without `--force`).
    ConfigExists(PathBuf),
    /// The home directory cannot be found.
    NoHome,
    /// The mailbox lock could not be had.
    Lock(LockError),
    /// The actions layer could not go on (journal, folders, lock).
    Act(ActError),
    /// A follow-up step or the follow-up list failed.
    Followup(FollowupError),
    /// The one action of the command was journaled as failed or refused.
    Failed(Failure),
    /// `followup open ID`: no follow-up item has that id.
    NoSuchItem(String),
    /// `followup open`: the notice does not say which unit it is for.
    NoParty,
    /// `undo --entry ID`: no journal entry has that id.
    NoJournalEntry(String),
    /// The journal file could not be read.
    ReadJournal { path: PathBuf, source: io::Error },
    /// A file the command reads could not be read.
    Read { path: PathBuf, source: io::Error },
    /// A file the command writes could not be written.
    Write { path: PathBuf, source: io::Error },
    /// A folder the command needs could not be created.
    CreateFolder { path: PathBuf, source: io::Error },
    /// `units import` of a file that is not the register's JSON or CSV.
    Import { path: PathBuf, source: ImportError },
    /// `explain` of a file the scan cannot read as a message (`why` is the scan's).
    Unreadable {
        path: PathBuf,
        why: crate::scan::Unreadable,
    },
    /// `explain` of a file with no message in it.
    NoMessage(PathBuf),
    /// The inbox could not be listed.
    Inbox(io::Error),
    /// Standard output could not be written (a closed pipe is not an error).
    Output(io::Error),
    /// The demo's mailbox folder could not be made.
    Demo(io::Error),
    /// The TUI could not start or its terminal failed (the TUI's own text).
    Tui(io::Error),
}

impl CliError {
    /// 2 for a usage or configuration problem, 1 for everything else.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.is_usage() { 2 } else { 1 })
    }

    fn is_usage(&self) -> bool {
        matches!(
            self,
            CliError::NoAltinnSection(_)
                | CliError::AltinnSetup(_)
                | CliError::Routine(RoutineError::NotADialogId(_))
                | CliError::NotInLastCheck(_)
                | CliError::Configuration(_)
                | CliError::UnknownRule(_)
                | CliError::UnknownStep(_)
                | CliError::BadDate { .. }
                | CliError::BadNow { .. }
        )
    }
}

/// In the locale's language, for a caller that has no configured language at hand; the
/// commands' errors are printed with [`cli_error`] in the configured language.
impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = Lang::resolve(crate::config::Language::Auto);
        f.write_str(&cli_error(lang, self))
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Configuration(e)
    }
}

impl From<LockError> for CliError {
    fn from(e: LockError) -> Self {
        CliError::Lock(e)
    }
}

impl From<ActError> for CliError {
    fn from(e: ActError) -> Self {
        CliError::Act(e)
    }
}

impl From<FollowupError> for CliError {
    fn from(e: FollowupError) -> Self {
        CliError::Followup(e)
    }
}

/// A path in an error: it can come from mail (a file name), so it is made inert.
fn shown(p: &Path) -> String {
    crate::text::inert(&p.to_string_lossy(), true)
}

/// A command's error in the clerk's language (without the `altinn-sweep: ` prefix).
pub fn cli_error(lang: Lang, e: &CliError) -> String {
    use super::journal as words;
    use CliError as E;
    match (lang, e) {
        (_, E::NoAltinnSection(file)) => no_altinn_section(lang, &shown(Path::new(file))),
        (_, E::AltinnSetup(a) | E::Altinn(a)) => altinn_error(lang, a),
        (
            _,
            E::AltinnUnjournaled {
                error,
                path,
                source,
            },
        ) => format!(
            "{}; {}",
            altinn_error(lang, error),
            write_journal(lang, path, source)
        ),
        (_, E::Routine(r)) => routine_error(lang, r),
        (_, E::ArchiveConflict { error, title }) => match title.as_deref() {
            Some(t) if !t.is_empty() => {
                format!(
                    "{} («{}»)",
                    altinn_error(lang, error),
                    crate::text::inert(t, true)
                )
            }
            _ => altinn_error(lang, error),
        },
        (_, E::NotInLastCheck(id)) => format!(
            "{}: {}",
            crate::text::inert(id, true),
            altinn_not_in_last_check(lang)
        ),
        (_, E::NotCheckedOff(f)) => format!(
            "{}: {}",
            altinn_step_not_checked_off(lang),
            f.as_ref()
                .map(|f| words::failure(lang, f))
                .unwrap_or_default()
        ),
        (_, E::ItemNotCheckedOff { item, error }) => format!(
            "{} {}: {}: {}",
            altinn_followup_item(lang),
            crate::text::inert(item, true),
            altinn_step_not_checked_off(lang),
            words::followup_error(lang, error)
        ),
        (_, E::WriteJournal { path, source }) => write_journal(lang, path, source),
        (Lang::Nb, E::DemoFollowup(source)) => {
            format!("kan ikke skrive demoens oppfølgingssaker: {source}")
        }
        (Lang::En, E::DemoFollowup(source)) => {
            format!("cannot write the demo's follow-up: {source}")
        }
        (_, E::Configuration(c)) => config_error(lang, c),
        (_, E::Lock(l)) => words::lock(lang, l),
        (_, E::Act(a)) => words::act_error(lang, a),
        (_, E::Followup(f)) => words::followup_error(lang, f),
        (_, E::Failed(f)) => words::failure(lang, f),
        (_, E::Tui(t)) => t.to_string(),
        (Lang::Nb, E::UnknownRule(r)) => {
            format!("--rule {r:?}: ingen regel har det navnet (se `config check`)")
        }
        (Lang::En, E::UnknownRule(r)) => {
            format!("--rule {r:?}: no rule has that name (see `config check`)")
        }
        (Lang::Nb, E::UnknownStep(s)) => {
            format!("{s:?}: steget er ett av fetched, archived, distributed, done")
        }
        (Lang::En, E::UnknownStep(s)) => {
            format!("{s:?}: the step is one of fetched, archived, distributed, done")
        }
        (
            Lang::Nb,
            E::BadDate {
                flag,
                value,
                problem,
            },
        ) => format!("{flag} {value:?}: venter en dato som 2026-11-26 ({problem})"),
        (
            Lang::En,
            E::BadDate {
                flag,
                value,
                problem,
            },
        ) => format!("{flag} {value:?}: expected a date like 2026-11-26 ({problem})"),
        (Lang::Nb, E::BadNow { value, problem }) => format!(
            "ALTINN_SWEEP_NOW {value:?}: venter et tidspunkt som 2026-12-01T09:00:00+01:00 ({problem})"
        ),
        (Lang::En, E::BadNow { value, problem }) => format!(
            "ALTINN_SWEEP_NOW {value:?}: expected a time like 2026-12-01T09:00:00+01:00 ({problem})"
        ),
        (_, E::ConfigExists(p)) => format!("{} {}", shown(p), config_file_exists(lang)),
        (Lang::Nb, E::NoHome) => "finner ikke hjemmemappen (er $HOME satt?)".into(),
        (Lang::En, E::NoHome) => "cannot find the home directory (is $HOME set?)".into(),
        (Lang::Nb, E::NoSuchItem(id)) => format!("ukjent sak: {id}"),
        (Lang::En, E::NoSuchItem(id)) => format!("no such item: {id}"),
        (Lang::Nb, E::NoParty) => {
            "varselet sier ikke hvilken enhet det gjelder: velg aktør i Altinn selv".into()
        }
        (Lang::En, E::NoParty) => {
            "the notice does not say which unit it is for: choose the party in Altinn yourself"
                .into()
        }
        (Lang::Nb, E::NoJournalEntry(id)) => format!("ingen oppføring i journalen har id {id:?}"),
        (Lang::En, E::NoJournalEntry(id)) => format!("no journal entry {id:?}"),
        (Lang::Nb, E::ReadJournal { path, source }) => {
            format!("{}: kan ikke lese journalen: {source}", shown(path))
        }
        (Lang::En, E::ReadJournal { path, source }) => {
            format!("{}: cannot read the journal: {source}", shown(path))
        }
        (Lang::Nb, E::Read { path, source }) => {
            format!("{}: kan ikke lese fila: {source}", shown(path))
        }
        (Lang::En, E::Read { path, source }) => format!("{}: cannot read: {source}", shown(path)),
        (Lang::Nb, E::Write { path, source }) => {
            format!("{}: kan ikke skrive fila: {source}", shown(path))
        }
        (Lang::En, E::Write { path, source }) => {
            format!("{}: cannot write: {source}", shown(path))
        }
        (Lang::Nb, E::CreateFolder { path, source }) => {
            format!("{}: kan ikke opprette mappen: {source}", shown(path))
        }
        (Lang::En, E::CreateFolder { path, source }) => {
            format!("{}: cannot create the folder: {source}", shown(path))
        }
        (_, E::Import { path, source }) => format!("{}: {}", shown(path), import(lang, source)),
        (_, E::Unreadable { path, why }) => {
            format!(
                "{}: {}",
                shown(path),
                crate::text::inert(&super::unreadable(lang, why), true)
            )
        }
        (Lang::Nb, E::NoMessage(p)) => {
            format!("{}: mail-parser fant ingen melding i fila", shown(p))
        }
        (Lang::En, E::NoMessage(p)) => {
            format!("{}: mail-parser found no message in it", shown(p))
        }
        (Lang::Nb, E::Inbox(source)) => {
            format!(
                "kan ikke lese innboksen: {}",
                super::folder_error(lang, source)
            )
        }
        (Lang::En, E::Inbox(source)) => {
            format!(
                "cannot read the inbox: {}",
                super::folder_error(lang, source)
            )
        }
        (Lang::Nb, E::Output(source)) => format!("kan ikke skrive utdata: {source}"),
        (Lang::En, E::Output(source)) => format!("cannot write the output: {source}"),
        (Lang::Nb, E::Demo(source)) => format!("kan ikke lage demo-postkassen: {source}"),
        (Lang::En, E::Demo(source)) => format!("cannot create the demo mailbox: {source}"),
    }
}

/// The journal could not take an entry (`source`: the system's words).
fn write_journal(lang: Lang, path: &Path, source: &io::Error) -> String {
    match lang {
        Lang::Nb => format!("{}: kan ikke skrive journalen: {source}", shown(path)),
        Lang::En => format!("{}: cannot write the journal: {source}", shown(path)),
    }
}

/// An error of Maskinporten or Dialogporten on the command line: the TUI's words
/// (`i18n::tui::altinn_error`), but a changed dialog (412) names the command to run.
pub fn altinn_error(lang: Lang, e: &AltinnError) -> String {
    match (lang, e) {
        (Lang::Nb, AltinnError::Conflict { id }) => format!(
            "dialog {}: noen har endret den i Altinn siden den ble listet (412); kjør `altinn-sweep altinn check` på nytt og se på den før du arkiverer",
            crate::text::inert(id, true)
        ),
        (Lang::En, AltinnError::Conflict { id }) => format!(
            "dialog {}: someone changed it in Altinn since it was listed (412); run `altinn-sweep altinn check` again and look at it before archiving",
            crate::text::inert(id, true)
        ),
        (_, e) => super::tui::altinn_error(lang, e),
    }
}

/// Why an act of routine point 3 was not done (`altinn fetch | clean | archive`).
pub fn routine_error(lang: Lang, e: &RoutineError) -> String {
    use super::journal as words;
    use RoutineError as R;
    match (lang, e) {
        (Lang::Nb, R::NotADialogId(id)) => format!(
            "{id:?} er ikke en dialog-id (en UUID som 0194a3c2-7f00-7000-8000-000000000001)"
        ),
        (Lang::En, R::NotADialogId(id)) => format!(
            "{id:?} is not a dialog id (a UUID such as 0194a3c2-7f00-7000-8000-000000000001)"
        ),
        (_, R::Altinn(a)) => altinn_error(lang, a),
        (_, R::Io { path, source }) => format!("{}: {source}", shown(path)),
        (_, R::NoLocalCopies { folder, .. }) => {
            format!("{}: {}", shown(folder), altinn_no_local_copies(lang))
        }
        (Lang::Nb, R::Kept { folder, kept }) => format!(
            "{}: {} ting kunne ikke slettes og ble beholdt",
            shown(folder),
            kept.len()
        ),
        (Lang::En, R::Kept { folder, kept }) => format!(
            "{}: {} item(s) could not be deleted and were kept",
            shown(folder),
            kept.len()
        ),
        (_, R::Journal(a)) => words::act_error(lang, a),
        (_, R::Followup(f)) => words::followup_error(lang, f),
    }
}

/// Why `units import` cannot read the register's file (a JSON parser's detail stays as
/// the parser wrote it).
pub fn import(lang: Lang, e: &ImportError) -> String {
    match (lang, e) {
        (Lang::Nb, ImportError::Json(detail)) => {
            format!("ikke JSON fra Enhetsregisteret: {detail}")
        }
        (Lang::Nb, ImportError::CsvColumn(c)) => {
            format!("CSV-fila har ingen kolonne {c:?} i første linje")
        }
        (Lang::Nb, ImportError::Empty) => "fila er tom".into(),
        (Lang::En, e) => e.to_string(),
    }
}

/// A damaged journal line that reading skipped (`problem` is the JSON parser's).
pub fn damaged_line(lang: Lang, path: &Path, line: usize, problem: &str) -> String {
    match lang {
        Lang::Nb => format!(
            "{}: {}:{line}: skadet linje hoppet over ({problem})",
            warning(lang),
            shown(path)
        ),
        Lang::En => format!(
            "{}: {}:{line}: damaged line skipped ({problem})",
            warning(lang),
            shown(path)
        ),
    }
}

/// `1 notification` / `3 notifications` (and the bokmål forms).
pub fn notifications(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nb, 1) => "1 varsel".into(),
        (Lang::Nb, n) => format!("{n} varsler"),
        (Lang::En, 1) => "1 notification".into(),
        (Lang::En, n) => format!("{n} notifications"),
    }
}

/// What the left-over notifications do: `stays`/`stay in the inbox …`.
pub fn stay_in_inbox(lang: Lang, n: usize) -> &'static str {
    match (lang, n) {
        (Lang::Nb, _) => "blir liggende i innboksen (mistenkelige eller forslag: hopp over).",
        (Lang::En, 1) => "stays in the inbox (suspicious or suggested skip).",
        (Lang::En, _) => "stay in the inbox (suspicious or suggested skip).",
    }
}

// Fixed labels and sentences (no values in them).

/// With `--rule`: how many stay because other rules suggest them.
pub fn stay_for_other_rules(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nb, 1) => {
            "1 annet varsel blir liggende i innboksen (en annen regel enn --rule).".into()
        }
        (Lang::Nb, n) => {
            format!("{n} andre varsler blir liggende i innboksen (andre regler enn --rule).")
        }
        (Lang::En, 1) => {
            "1 other notification stays in the inbox (another rule than --rule).".into()
        }
        (Lang::En, n) => {
            format!("{n} other notifications stay in the inbox (other rules than --rule).")
        }
    }
}

pub fn days_without_check(lang: Lang) -> &'static str {
    lang.pick(
        "Arbeidsdager uten daglig sjekk",
        "Working days without the daily check",
    )
}

pub fn since(lang: Lang) -> &'static str {
    lang.pick("fra", "since")
}

/// Days as `2026-05-12, 2026-05-13`, or "none".
pub fn days(lang: Lang, days: &[chrono::NaiveDate]) -> String {
    if days.is_empty() {
        return lang.pick("ingen", "none").to_string();
    }
    days.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn waiting_for_lock(lang: Lang) -> &'static str {
    lang.pick(
        "Venter: en annen altinn-sweep arbeider med denne postkassen",
        "Waiting: another altinn-sweep is acting on this mailbox",
    )
}

pub fn nothing_to_do(lang: Lang) -> &'static str {
    lang.pick("Ingenting å gjøre.", "Nothing to do.")
}

pub fn will_be_refused(lang: Lang) -> &'static str {
    lang.pick("avvises", "refused")
}

pub fn dry_run_done(lang: Lang) -> &'static str {
    lang.pick(
        "Ingenting er endret. Kjør `apply --yes` for å utføre planen.",
        "Nothing was changed. Run `apply --yes` to carry out the plan.",
    )
}

pub fn refused(lang: Lang) -> &'static str {
    lang.pick("avvist", "refused")
}

pub fn error(lang: Lang) -> &'static str {
    lang.pick("feil", "error")
}

pub fn handled_elsewhere(lang: Lang) -> &'static str {
    lang.pick(
        "allerede håndtert et annet sted (ikke lenger i innboksen)",
        "already handled elsewhere (no longer in the inbox)",
    )
}

pub fn stopping_journal_unwritable(lang: Lang) -> &'static str {
    lang.pick(
        "Stopper: ingenting mer gjøres før journalen kan skrives.",
        "Stopping: nothing more is done until the journal can be written.",
    )
}

pub fn done(lang: Lang) -> &'static str {
    lang.pick("Utført", "Done")
}

pub fn failed(lang: Lang) -> &'static str {
    lang.pick("feilet", "failed")
}

pub fn already_handled(lang: Lang) -> &'static str {
    lang.pick("allerede håndtert", "already handled")
}

pub fn refused_hint(lang: Lang) -> &'static str {
    lang.pick(
        "Avviste handlinger er journalført; rett årsaken (se over) og kjør igjen. `--resend` sender en ubekreftet videresending på nytt.",
        "Refused actions are journaled; fix the cause (see above) and run again. `--resend` sends an unconfirmed forward again.",
    )
}

pub fn config_file_missing(lang: Lang) -> &'static str {
    lang.pick(
        "(filen finnes ikke ennå: den innebygde standarden brukes; `altinn-sweep init` skriver den)",
        "(the file does not exist yet: the built-in default is used; `altinn-sweep init` writes it)",
    )
}

pub fn config_file_exists(lang: Lang) -> &'static str {
    lang.pick(
        "finnes allerede; rediger den, eller bruk `init --force` for å erstatte den med standarden",
        "already exists; edit it, or use `init --force` to replace it with the default",
    )
}

pub fn wrote(lang: Lang) -> &'static str {
    lang.pick("skrev", "wrote")
}

pub fn init_next_step(lang: Lang) -> &'static str {
    lang.pick(
        "rediger mail.root, forward.from og Lønns adresse (regel sick-pay-not-submitted), og kjør så `altinn-sweep config check`",
        "edit mail.root, forward.from and the payroll address (rule sick-pay-not-submitted), then run `altinn-sweep config check`",
    )
}

pub fn configuration(lang: Lang) -> &'static str {
    lang.pick("konfigurasjon", "configuration")
}

pub fn not_a_maildir(lang: Lang) -> &'static str {
    lang.pick(
        "IKKE EN MAILDIR-MAPPE (mangler cur/ og new/)",
        "NOT A MAILDIR FOLDER (no cur/ or new/)",
    )
}

pub fn missing(lang: Lang) -> &'static str {
    lang.pick("MANGLER", "MISSING")
}

pub fn mail_root_label(lang: Lang) -> &'static str {
    lang.pick("e-postrot:    ", "mail root:    ")
}

pub fn inbox_label(lang: Lang) -> &'static str {
    lang.pick("innboks:      ", "inbox:        ")
}

pub fn archive_label(lang: Lang) -> &'static str {
    lang.pick("arkiv:        ", "archive:      ")
}

pub fn trash_label(lang: Lang) -> &'static str {
    lang.pick("papirkurv:    ", "trash:        ")
}

pub fn journal_label(lang: Lang) -> &'static str {
    lang.pick("journal:      ", "journal:      ")
}

pub fn language_label(lang: Lang) -> &'static str {
    lang.pick("språk:        ", "language:     ")
}

pub fn units_label(lang: Lang) -> &'static str {
    lang.pick("enheter:      ", "units:        ")
}

pub fn own_mail(lang: Lang) -> &'static str {
    lang.pick(" (henter egen post)", " (own mail)")
}

pub fn rules(lang: Lang) -> &'static str {
    lang.pick("regler:", "rules:")
}

pub fn transport_label(lang: Lang) -> &'static str {
    lang.pick("sending:      ", "transport:    ")
}

pub fn altinn_label(lang: Lang) -> &'static str {
    lang.pick("altinn:       ", "altinn:       ")
}

pub fn altinn_off(lang: Lang) -> &'static str {
    lang.pick("av (ingen [altinn]-seksjon)", "off (no [altinn] section)")
}

pub fn sendmail_not_on_path(lang: Lang) -> &'static str {
    lang.pick(
        "finnes ikke på PATH: videresendinger vil feile (installer f.eks. msmtp-mta, eller sett forward.sendmail_command)",
        "is not on PATH: forwards would fail (install e.g. msmtp-mta, or set forward.sendmail_command)",
    )
}

pub fn mailbox_not_ready(lang: Lang) -> &'static str {
    lang.pick(
        "Postkassen er ikke klar: en mappe over mangler (la synkroniseringen opprette den, eller rett navnet).",
        "The mailbox is not ready: a folder above is missing (let the sync tool create it, or fix the name).",
    )
}

/// Why a file is left out of the follow-up list.
pub fn followup_problem(lang: Lang, p: &crate::followup::Problem) -> String {
    use crate::followup::Problem as P;
    match p {
        P::Unreadable(u) => super::unreadable(lang, u),
        P::SecondCopy { id, step, other } => {
            let step = super::journal::step(lang, *step);
            match lang {
                Lang::Nb => format!(
                    "en kopi til av oppfølgingssak {id} (den står som «{step}» i {})",
                    other.display()
                ),
                Lang::En => format!(
                    "a second copy of follow-up item {id} (it is at \"{step}\" in {})",
                    other.display()
                ),
            }
        }
    }
}

pub fn warning(lang: Lang) -> &'static str {
    lang.pick("advarsel", "warning")
}

pub fn or(lang: Lang) -> &'static str {
    lang.pick(" eller ", " or ")
}

pub fn the_trash_folder(lang: Lang) -> &'static str {
    lang.pick("papirkurven", "the trash folder")
}

pub fn trash_missing(lang: Lang) -> &'static str {
    lang.pick(
        "finnes ikke: sletting og videresending vil feile.",
        "does not exist: delete and forward would fail.",
    )
}

pub fn exchange_trash_found(lang: Lang) -> &'static str {
    lang.pick(
        "E-postroten har papirkurven til Exchange/Outlook: sett",
        "The mail root has Exchange/Outlook's trash folder: set",
    )
}

pub fn file(lang: Lang) -> &'static str {
    lang.pick("Fil", "File")
}

pub fn tag_removed(lang: Lang) -> &'static str {
    lang.pick("merkelapp fjernet", "tag removed")
}

pub fn subject_as_read(lang: Lang) -> &'static str {
    lang.pick("emnet som ble lest", "subject as read")
}

pub fn links(lang: Lang) -> &'static str {
    lang.pick("Lenker", "Links")
}

pub fn in_an_attachment(lang: Lang) -> &'static str {
    lang.pick("i vedlegg", "in an attachment")
}

pub fn gateway_banner(lang: Lang) -> &'static str {
    lang.pick(
        "Banner fra e-postsystemet (ikke en del av varselet)",
        "Banner of the mail gateway (not part of the notification)",
    )
}

pub fn body_text(lang: Lang) -> &'static str {
    lang.pick("Brødtekst", "Body text")
}

pub fn recognition(lang: Lang) -> &'static str {
    lang.pick("Gjenkjenning", "Recognition")
}

pub fn no_claim(lang: Lang) -> &'static str {
    lang.pick(
        "Gir seg ikke ut for å være fra Altinn (avsender og emne).",
        "Does not claim to be from Altinn (sender and subject).",
    )
}

pub fn verdict(lang: Lang) -> &'static str {
    lang.pick("Dom", "Verdict")
}

pub fn not_a_notification(lang: Lang) -> &'static str {
    lang.pick(
        "ikke et Altinn-varsel — blir aldri listet eller rørt.",
        "not an Altinn notification — never listed or touched.",
    )
}

pub fn claims_to_be_altinn(lang: Lang) -> &'static str {
    lang.pick("gir seg ut for å være Altinn", "claims to be Altinn")
}

pub fn genuine(lang: Lang) -> &'static str {
    lang.pick(
        "EKTE: klarert avsenderdomene, ingen dmarc=fail eller compauth=fail, alle lenker til klarerte domener.",
        "GENUINE: trusted sender domain, no dmarc=fail or compauth=fail, every link to a trusted domain.",
    )
}

pub fn suspicious(lang: Lang) -> &'static str {
    lang.pick("MISTENKELIG:", "SUSPICIOUS:")
}

pub fn extracted(lang: Lang) -> &'static str {
    lang.pick("Uttrekk", "Extracted")
}

pub fn unit(lang: Lang) -> &'static str {
    lang.pick("enhet", "unit")
}

pub fn rules_not_applied(lang: Lang) -> &'static str {
    lang.pick(
        "Regler: brukes ikke — en mistenkelig melding blir alltid hoppet over.",
        "Rules: not applied — a suspicious message is always skipped.",
    )
}

pub fn suggestion(lang: Lang) -> &'static str {
    lang.pick("Forslag", "Suggestion")
}

pub fn rule(lang: Lang) -> &'static str {
    lang.pick("regel", "rule")
}

pub fn rules_heading(lang: Lang) -> &'static str {
    lang.pick("Regler (første treff vinner)", "Rules (first match wins)")
}

pub fn match_chosen(lang: Lang) -> &'static str {
    lang.pick("TREFF, velges", "MATCH, chosen")
}

pub fn match_too_late(lang: Lang) -> &'static str {
    lang.pick("treff (for sent)", "match (too late)")
}

pub fn no_condition(lang: Lang) -> &'static str {
    lang.pick(
        "(ingen betingelse: treffer alt)",
        "(no condition: matches everything)",
    )
}

pub fn no_match(lang: Lang) -> &'static str {
    lang.pick("ingen treff", "no match")
}

pub fn no_entries_in_period(lang: Lang) -> &'static str {
    lang.pick(
        "ingen oppføringer i journalen for den perioden; journal",
        "no journal entries in that period; journal",
    )
}

pub fn time(lang: Lang) -> &'static str {
    lang.pick("tid", "time")
}

pub fn user(lang: Lang) -> &'static str {
    lang.pick("bruker", "user")
}

pub fn action(lang: Lang) -> &'static str {
    lang.pick("handling", "action")
}

pub fn result(lang: Lang) -> &'static str {
    lang.pick("utfall", "result")
}

pub fn subject(lang: Lang) -> &'static str {
    lang.pick("emne", "subject")
}

pub fn entry(lang: Lang) -> &'static str {
    lang.pick("oppføring", "entry")
}

pub fn to(lang: Lang) -> &'static str {
    lang.pick("til", "to")
}

pub fn pending(lang: Lang) -> &'static str {
    lang.pick("åpen", "pending")
}

pub fn nothing_to_undo(lang: Lang) -> &'static str {
    lang.pick("ingenting å angre", "nothing to undo")
}

pub fn undone(lang: Lang) -> &'static str {
    lang.pick("angret", "undone")
}

pub fn is_back_in(lang: Lang) -> &'static str {
    lang.pick("er tilbake i", "is back in")
}

pub fn note(lang: Lang) -> &'static str {
    lang.pick("merk", "note")
}

pub fn undo_error_of(lang: Lang) -> &'static str {
    lang.pick("feil ved angring av", "error: undo of")
}

pub fn no_notifications(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen Altinn-varsler i innboksen.",
        "No Altinn notifications in the inbox.",
    )
}

pub fn date(lang: Lang) -> &'static str {
    lang.pick("Dato", "Date")
}

pub fn recipient(lang: Lang) -> &'static str {
    lang.pick("Mottaker", "Recipient")
}

pub fn subject_heading(lang: Lang) -> &'static str {
    lang.pick("Emne", "Subject")
}

pub fn rule_heading(lang: Lang) -> &'static str {
    lang.pick("Regel", "Rule")
}

pub fn altinn_notifications(lang: Lang) -> &'static str {
    lang.pick("Altinn-varsler", "Altinn notifications")
}

pub fn of(lang: Lang) -> &'static str {
    lang.pick("av", "of")
}

pub fn messages(lang: Lang) -> &'static str {
    lang.pick("meldinger", "messages")
}

pub fn suspicious_count(lang: Lang) -> &'static str {
    lang.pick("mistenkelige", "suspicious")
}

pub fn suspicious_legend(lang: Lang) -> &'static str {
    lang.pick(
        "(! = ikke rør, sjekk Altinn direkte)",
        "(! = do not act, check Altinn directly)",
    )
}

pub fn unreadable_files(lang: Lang) -> &'static str {
    lang.pick("Filer som ikke kunne leses", "Files that could not be read")
}

pub fn see_stderr(lang: Lang) -> &'static str {
    lang.pick("(se stderr).", "(see stderr).")
}

pub fn demo_mailbox_kept(lang: Lang) -> &'static str {
    lang.pick("Demo-postkassen ligger i", "The demo mailbox is kept in")
}

pub fn demo_journal(lang: Lang) -> &'static str {
    lang.pick(
        "Demoens egen journal (ikke din)",
        "The demo's own journal (not yours)",
    )
}

// `check`

pub fn check_recorded(lang: Lang) -> &'static str {
    lang.pick("Daglig sjekk registrert:", "Daily check recorded:")
}

pub fn on_duty(lang: Lang) -> &'static str {
    lang.pick("Vakt", "On duty")
}

pub fn nobody_listed(lang: Lang) -> &'static str {
    lang.pick("ingen oppført", "nobody listed")
}

pub fn check_today_done_by(lang: Lang) -> &'static str {
    lang.pick("Daglig sjekk i dag: gjort av", "Daily check today: done by")
}

pub fn check_today_not_done(lang: Lang) -> &'static str {
    lang.pick(
        "Daglig sjekk i dag: ikke gjort ennå",
        "Daily check today: not done yet",
    )
}

// `followup`

pub fn no_overdue_followups(lang: Lang) -> &'static str {
    lang.pick(
        "Ingen forfalte oppfølgingssaker.",
        "No overdue follow-up items.",
    )
}

pub fn no_open_followups(lang: Lang) -> &'static str {
    lang.pick("Ingen åpne oppfølgingssaker.", "No open follow-up items.")
}

pub fn step_heading(lang: Lang) -> &'static str {
    lang.pick("steg", "step")
}

pub fn age(lang: Lang) -> &'static str {
    lang.pick("alder", "age")
}

pub fn represent_heading(lang: Lang) -> &'static str {
    lang.pick("representer", "represent")
}

pub fn open_count(lang: Lang) -> &'static str {
    lang.pick("åpne", "open")
}

pub fn overdue(lang: Lang) -> &'static str {
    lang.pick("forfalt", "overdue")
}

pub fn older_than(lang: Lang) -> &'static str {
    lang.pick("eldre enn", "older than")
}

/// `5 working days`.
pub fn working_days(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Nb => format!("{n} arbeidsdager"),
        Lang::En => format!("{n} working days"),
    }
}

pub fn represent(lang: Lang) -> &'static str {
    lang.pick("Representer", "Represent")
}

pub fn no_browser(lang: Lang) -> &'static str {
    lang.pick(
        "(ingen nettleser kunne startes: kopier adressen)",
        "(no browser could be started: copy the address)",
    )
}

// `stats`

pub fn statistics(lang: Lang) -> &'static str {
    lang.pick("Statistikk", "Statistics")
}

pub fn day(lang: Lang) -> &'static str {
    lang.pick("dag", "day")
}

/// A day as the stats table starts its row: `Mon 2026-05-11` / `man 2026-05-11`.
pub fn weekday_date(lang: Lang, d: chrono::NaiveDate) -> String {
    use chrono::{Datelike, Weekday};
    let name = match (lang, d.weekday()) {
        (Lang::Nb, Weekday::Mon) => "man",
        (Lang::Nb, Weekday::Tue) => "tir",
        (Lang::Nb, Weekday::Wed) => "ons",
        (Lang::Nb, Weekday::Thu) => "tor",
        (Lang::Nb, Weekday::Fri) => "fre",
        (Lang::Nb, Weekday::Sat) => "lør",
        (Lang::Nb, Weekday::Sun) => "søn",
        (Lang::En, Weekday::Mon) => "Mon",
        (Lang::En, Weekday::Tue) => "Tue",
        (Lang::En, Weekday::Wed) => "Wed",
        (Lang::En, Weekday::Thu) => "Thu",
        (Lang::En, Weekday::Fri) => "Fri",
        (Lang::En, Weekday::Sat) => "Sat",
        (Lang::En, Weekday::Sun) => "Sun",
    };
    format!("{name} {}", d.format("%Y-%m-%d"))
}

pub fn total(lang: Lang) -> &'static str {
    lang.pick("sum", "total")
}

pub fn per_unit_top10(lang: Lang) -> &'static str {
    lang.pick("Per enhet (topp 10):", "Per unit (top 10):")
}

pub fn arrival_to_distributed(lang: Lang) -> &'static str {
    lang.pick("Fra mottatt til fordelt", "From arrival to distributed")
}

pub fn items(lang: Lang) -> &'static str {
    lang.pick("saker", "items")
}

pub fn median(lang: Lang) -> &'static str {
    lang.pick("median", "median")
}

pub fn p90(lang: Lang) -> &'static str {
    lang.pick("90. persentil", "90th percentile")
}

pub fn open_followups(lang: Lang) -> &'static str {
    lang.pick("Åpne oppfølgingssaker", "Open follow-ups")
}

/// A follow-up step as counted in the stats table (one word: `archived 0, fetched 1`).
pub fn step_tally(lang: Lang, s: crate::followup::Step) -> &'static str {
    use crate::followup::Step;
    match (lang, s) {
        (Lang::Nb, Step::Open) => "åpne",
        (Lang::Nb, Step::Fetched) => "hentet",
        (Lang::Nb, Step::Archived) => "arkivert",
        (Lang::Nb, Step::Distributed) => "fordelt",
        (Lang::Nb, Step::Done) => "ferdig",
        (Lang::En, s) => s.name(),
    }
}

// `units import`

pub fn units_written_to(lang: Lang) -> &'static str {
    lang.pick("enheter skrevet til", "units written to")
}

/// What `units import` changed, counted.
pub fn unit_changes(
    lang: Lang,
    added: usize,
    renamed: usize,
    deleted: usize,
    unchanged: usize,
    rejected: usize,
) -> String {
    match lang {
        Lang::Nb => format!(
            "{added} nye, {renamed} nytt navn, {deleted} slettet, {unchanged} uendret, {rejected} avvist"
        ),
        Lang::En => format!(
            "{added} added, {renamed} renamed, {deleted} deleted, {unchanged} unchanged, {rejected} rejected"
        ),
    }
}

pub fn no_longer_in_register(lang: Lang) -> &'static str {
    lang.pick("(ikke lenger i registeret)", "(no longer in the register)")
}

pub fn belongs_to_other_parent(lang: Lang) -> &'static str {
    lang.pick(
        "(tilhører en annen overordnet enhet: utelatt)",
        "(belongs to another parent: left out)",
    )
}

pub fn row(lang: Lang) -> &'static str {
    lang.pick("rad", "row")
}

/// A configuration warning (`config check`).
pub fn config_warning(lang: Lang, w: &crate::config::Warning) -> String {
    use crate::config::Warning as W;
    match (lang, w) {
        (Lang::Nb, W::PlaceholderForward { rule, to }) => format!(
            "regel `{rule}` videresender til {to}, en plassholder: sett riktig adresse før du bruker `apply`"
        ),
        (Lang::Nb, W::FirstRuleMatchesAll { rule, action }) => format!(
            "den første regelen `{rule}` treffer alle varsler: ingen senere regel blir brukt, og \
             alle varsler får «{}»",
            super::action(lang, action)
        ),
        (Lang::Nb, W::PlaceholderFrom(from)) => {
            format!("forward.from er {from}, en plassholder: sett saksbehandlerens adresse")
        }
        (Lang::En, w) => w.to_string(),
    }
}

/// Why `units import` did not take a row of the register.
pub fn rejected_row(lang: Lang, why: &crate::units::Why) -> String {
    use crate::units::Why;
    match (lang, why) {
        (_, Why::Number(e)) => orgnr_error(lang, e),
        (Lang::Nb, Why::NoName) => "mangler navn".into(),
        (Lang::En, Why::NoName) => "no name".into(),
    }
}

/// A configuration error in the clerk's language: `file:line:col: ` (or `file: `) and
/// the problem. In English it is [`ConfigError`]'s Display, word for word.
pub fn config_error(lang: Lang, e: &ConfigError) -> String {
    let file = match lang {
        Lang::Nb if e.file == crate::config::BUILT_IN => "<innebygd standardkonfigurasjon>",
        _ => &e.file,
    };
    let problem = config_problem(lang, &e.problem);
    match e.position {
        Some((line, col)) => format!("{file}:{line}:{col}: {problem}"),
        None => format!("{file}: {problem}"),
    }
}

/// What is wrong with a configuration, in the clerk's language. Texts from other crates
/// (the OS's, toml's, regex's, url's) stay as they wrote them, inside the sentence.
pub fn config_problem(lang: Lang, p: &ConfigProblem) -> String {
    use ConfigProblem as P;
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        P::ReadConfig { detail, .. } => format!("kan ikke lese konfigurasjonsfila: {detail}"),
        P::ReadUnits { detail, .. } => {
            format!("kan ikke lese enhetsfila (units_file): {detail}")
        }
        P::Toml { detail } => format!("ugyldig TOML (toml-pakkens melding): {detail}"),
        P::Invalid(i) => invalid(lang, i),
        P::OrgNr(e) => orgnr_error(lang, e),
        P::InRule { rule, problem } => format!("regel `{rule}`: {}", invalid(lang, problem)),
        P::DuplicateRule(rule) => format!("to regler heter `{rule}`"),
        P::Folder { key, problem } => format!("{key}: {}", invalid(lang, problem)),
        P::SameFolder { key, name, other } => format!(
            "{key} = {name:?} er samme mappe som {other}: innboksen, arkivet, papirkurven og \
             utboksen må være fire forskjellige mapper"
        ),
        P::SameFollowupFolder { key, name, other } => format!(
            "{key} = {name:?} er samme mappe som {other}: hvert oppfølgingssteg trenger sin egen mappe"
        ),
        P::Url { key, problem } => format!("{key}: {}", url_problem(lang, problem)),
        P::Address { key, problem } => format!("{key}: {}", super::address(lang, problem)),
        P::Timeout { key, value, max } => {
            format!("{key} = {value}: oppgi et antall sekunder fra 1 til {max}")
        }
        P::PasswordUnencrypted { user, host } => format!(
            "forward.smtp.security = \"none\" ville sende passordet til {user:?} ukryptert til \
             {host}: bruk \"starttls\" eller \"tls\" (\"none\" er bare for en server på denne maskinen)"
        ),
        P::SendmailCommandEmpty => "forward.sendmail_command er tom".into(),
        P::NoSmtpSection => {
            "forward.transport er \"smtp\", men det finnes ingen [forward.smtp]-seksjon".into()
        }
        P::Xoauth2WithoutUsername => {
            "forward.smtp.auth = \"xoauth2\" trenger username (postkassens adresse)".into()
        }
        P::Xoauth2WithoutTokenCommand => "forward.smtp.auth = \"xoauth2\" trenger token_command \
             (en kommando som skriver ut et tilgangstoken)"
            .into(),
        P::NoTrustedSenders => {
            "trusted_sender_domains er tom: ingen varsler kunne være ekte".into()
        }
        P::RoleRegex { detail } => {
            format!("recognition.role_regex: ugyldig regulært uttrykk: {detail}")
        }
        P::NotificationLimitTooLow => "recognition.max_notification_kib er under 64: ekte \
             varsler ville blitt kuttet av"
            .into(),
        P::NoRules => "ingen [[rules]]: hvert varsel trenger et forslag".into(),
        P::AltinnClientIdEmpty => "altinn.client_id er tom: oppgi Maskinporten-klientens id".into(),
        P::AltinnKeyIdEmpty => {
            "altinn.key_id er tom: oppgi nøkkelens id (kid) slik den er registrert i Maskinporten"
                .into()
        }
        P::AltinnKeyTwice => "altinn: oppgi key_file eller key_command, ikke begge".into(),
        P::AltinnNoKey => "altinn: oppgi key_file (en PEM- eller JWK-fil) eller key_command \
             (en kommando som skriver ut nøkkelen); selve nøkkelen skal aldri stå i denne fila"
            .into(),
        P::AltinnKeyFileEmpty => "altinn.key_file er tom".into(),
        P::AltinnKeyInFile => "altinn.key_file inneholder en nøkkel, ikke en sti: legg aldri \
             nøkkelen i konfigurasjonen; lagre den i en fil bare du kan lese, og oppgi stien"
            .into(),
        P::AltinnKeyCommandEmpty => "altinn.key_command er tom".into(),
        P::AltinnScopes => "altinn.scopes: oppgi ett eller flere scope uten mellomrom, \
             f.eks. [\"digdir:dialogporten\"]"
            .into(),
        P::AltinnDownloadFolderEmpty => "altinn.download_folder er tom".into(),
        P::UnitListedTwice(org) => format!("enhetsnummeret {org} står to ganger"),
    }
}

/// What is wrong with a rule, a pattern or a folder name, in the clerk's language.
pub fn invalid(lang: Lang, i: &Invalid) -> String {
    use Invalid as I;
    match (lang, i) {
        (Lang::En, i) => i.to_string(),
        (Lang::Nb, I::RuleWithoutName) => "en regel trenger et `name` som ikke er tomt".into(),
        (Lang::Nb, I::ForwardTo { rule, source }) => format!(
            "regel `{rule}`: forward_to: {}",
            super::address(lang, source)
        ),
        (Lang::Nb, I::ForwardWithoutAddress(rule)) => {
            format!("regel `{rule}` videresender, men har ingen `forward_to`-adresse")
        }
        (Lang::Nb, I::AddressWithoutForward(rule)) => {
            format!("regel `{rule}` har `forward_to`, men handlingen er ikke `forward`")
        }
        (Lang::Nb, I::Regex { pattern, error }) => {
            format!("ugyldig regulært uttrykk {pattern:?}: {error}")
        }
        (Lang::Nb, I::EmptyFolder) => "en mappe trenger et navn".into(),
        (Lang::Nb, I::ControlInFolder(name)) => format!("{name:?} inneholder kontrolltegn"),
        (Lang::Nb, I::FolderOutsideRoot(name)) => format!(
            "{name:?} er ikke et mappenavn inne i e-postroten (oppgi det relativt til mail.root)"
        ),
        (Lang::Nb, I::FolderParts(name)) => format!(
            "{name:?}: et mappenavn kan ikke ha tomme deler, «.» eller «..» (det må holde seg \
             inne i e-postroten)"
        ),
        (Lang::Nb, I::MaildirPart { name, part }) => {
            format!("{name:?}: «{part}» er en del av en Maildir-mappe, ikke en mappe")
        }
        (Lang::Nb, I::UnknownUnit(unit)) => {
            format!("recipient_unit {unit:?} er ikke en konfigurert enhet (se [[units]])")
        }
        (Lang::Nb, I::EmptyPattern) => "et tomt tekstmønster treffer alt".into(),
    }
}

/// Why an address in the configuration is refused, in the clerk's language (the url
/// crate's parse error stays as it wrote it).
pub fn url_problem(lang: Lang, p: &UrlProblem) -> String {
    use UrlProblem as U;
    match (lang, p) {
        (Lang::En, p) => p.to_string(),
        (Lang::Nb, U::NotAnAddress(url, e)) => format!("{url:?} er ikke en adresse: {e}"),
        (Lang::Nb, U::PlainHttp(url)) => format!(
            "{url:?}: vanlig http ville sende tokenet ukryptert; bruk https (http bare for en \
             server på denne maskinen)"
        ),
        (Lang::Nb, U::Scheme(url, scheme)) => {
            format!("{url:?}: protokollen må være https, ikke {scheme:?}")
        }
        (Lang::Nb, U::NotHttps(url)) => format!("{url:?} må begynne med https://"),
        (Lang::Nb, U::NotAltinn(url, host)) => {
            format!("{url:?} må peke inn i altinn.no (verten er {host:?})")
        }
        (Lang::Nb, U::Credentials(url)) => {
            format!("{url:?} kan ikke inneholde brukernavn eller passord")
        }
    }
}

/// Why a text is not an organisation number.
pub fn orgnr_error(lang: Lang, e: &crate::orgnr::OrgNrError) -> String {
    use crate::orgnr::OrgNrError as E;
    match (lang, e) {
        (Lang::Nb, E::Length(n)) => format!("et organisasjonsnummer har 9 sifre, fant {n}"),
        (Lang::Nb, E::NotDigits) => "et organisasjonsnummer har bare sifre og mellomrom".into(),
        (Lang::Nb, E::CheckDigit(n)) => format!(
            "kontrollsifferet (MOD11) stemmer ikke: {n} er ikke et gyldig organisasjonsnummer"
        ),
        (Lang::En, e) => e.to_string(),
    }
}

pub fn add_units_file(lang: Lang) -> &'static str {
    lang.pick(
        "Legg dette inn i konfigurasjonen (før første [tabell]):",
        "Add this to the configuration (before its first [table]):",
    )
}

// `config check`

pub fn not_found(lang: Lang) -> &'static str {
    lang.pick("IKKE FUNNET", "NOT FOUND")
}

pub fn maildir_transport(lang: Lang) -> &'static str {
    lang.pick(
        "maildir: skrives til Outbox, ingenting sendes",
        "maildir: written to Outbox, nothing is sent",
    )
}

// altinn
// The `altinn` commands (`commands/altinn.rs`): the check's table and the acts of
// routine point 3.

/// The one line every Altinn command gives without an `[altinn]` section (after the file name).
/// `config_file: …`: the one line every place that needs the `[altinn]` section (the
/// commands and the TUI's Altinn screen) says when it is missing.
pub fn no_altinn_section(lang: Lang, config_file: &str) -> String {
    format!("{config_file}: {}", altinn_no_section(lang))
}

pub fn altinn_no_section(lang: Lang) -> &'static str {
    lang.pick(
        "ingen [altinn]-seksjon: Altinn-innboksen krever environment, client_id, key_file eller key_command, key_id og org (se README, «Altinn-innboksen»)",
        "no [altinn] section: the Altinn inbox needs environment, client_id, key_file or key_command, key_id and org (see the README, \"The Altinn inbox\")",
    )
}

pub fn altinn_notices_unreadable(lang: Lang) -> &'static str {
    lang.pick(
        "varslene kan ikke leses; de blir ikke koblet til dialoger",
        "cannot read the notices; they are not matched to dialogs",
    )
}

pub fn altinn_demo_check(lang: Lang) -> &'static str {
    lang.pick(
        "DEMO: dialogene er laget ut fra varslene i postkassen, ikke hentet fra Altinn; ingenting journalføres",
        "DEMO: the dialogs are made up from the mailbox's notices, not fetched from Altinn; nothing is journaled",
    )
}

pub fn altinn_notice_without_dialog(lang: Lang) -> &'static str {
    lang.pick("varsel uten dialog", "notice without a dialog")
}

pub fn altinn_seen(lang: Lang) -> &'static str {
    lang.pick("sett", "seen")
}

pub fn altinn_unseen(lang: Lang) -> &'static str {
    lang.pick("ULEST", "UNSEEN")
}

pub fn altinn_attachments(lang: Lang) -> &'static str {
    lang.pick("vedlegg", "attachments")
}

pub fn altinn_updated(lang: Lang) -> &'static str {
    lang.pick("endret", "updated")
}

pub fn altinn_notice_label(lang: Lang) -> &'static str {
    lang.pick("varsel:", "notice:")
}

pub fn altinn_inbox_label(lang: Lang) -> &'static str {
    lang.pick("Altinn-innboksen:", "Altinn inbox:")
}

pub fn altinn_parties(lang: Lang) -> &'static str {
    lang.pick("parter", "parties")
}

pub fn altinn_dialogs_not_archived(lang: Lang) -> &'static str {
    lang.pick("dialoger ikke arkivert", "dialogs not archived")
}

pub fn altinn_unseen_count(lang: Lang) -> &'static str {
    lang.pick("uleste", "unseen")
}

pub fn altinn_without_notice_heading(lang: Lang) -> &'static str {
    lang.pick(
        "UTEN VARSEL – kom ikke som e-post (rutinen pkt. 1)",
        "WITHOUT A NOTICE – no email came for these (routine point 1)",
    )
}

pub fn altinn_with_notice_heading(lang: Lang) -> &'static str {
    lang.pick("Med varsel", "With a notice")
}

pub fn altinn_older_heading(lang: Lang) -> &'static str {
    lang.pick(
        "Eldre enn varslene i postkassen (ikke koblet mot varsler), ikke arkivert i Altinn",
        "Older than the notices in the mailbox (not matched), not archived in Altinn",
    )
}

pub fn altinn_orphan_notices_heading(lang: Lang) -> &'static str {
    lang.pick(
        "Varsler uten dialog (slettet, eller ikke synlig for systembrukeren)",
        "Notices without a dialog (deleted, or not visible to the system user)",
    )
}

pub fn altinn_own_mail_heading(lang: Lang) -> &'static str {
    lang.pick(
        "Enheter som henter egen post (følges ikke opp her)",
        "Units that fetch their own mail (not followed up here)",
    )
}

/// Said before a fetch (`altinn::routine::FETCH_MARKS_SEEN`).
pub fn altinn_fetch_marks_seen(lang: Lang) -> &'static str {
    lang.pick(
        "NB: å hente dokumentene leser dialogen, og det merker den som SETT i Altinn, for alle.",
        "Note: fetching the documents reads the dialog, which marks it SEEN in Altinn, for everyone.",
    )
}

pub fn altinn_saved(lang: Lang) -> &'static str {
    lang.pick("lagret", "saved")
}

/// After a count: attachments `fetch` could not save.
pub fn altinn_without_api(lang: Lang) -> &'static str {
    lang.pick(
        "vedlegg har ingen adresse for systemer (consumerType Api): åpne dialogen i Arbeidsflate",
        "attachments have no address for systems (consumerType Api): open the dialog in Arbeidsflate",
    )
}

/// After a count, before the folder.
pub fn altinn_documents_saved_in(lang: Lang) -> &'static str {
    lang.pick("dokument(er) lagret i", "document(s) saved in")
}

pub fn altinn_no_local_copies(lang: Lang) -> &'static str {
    lang.pick(
        "ingen lokale kopier av denne dialogen",
        "no local copies of this dialog",
    )
}

pub fn altinn_kept(lang: Lang) -> &'static str {
    lang.pick("beholdt", "kept")
}

/// After a count, before the folder.
pub fn altinn_local_copies_deleted_from(lang: Lang) -> &'static str {
    lang.pick("lokale kopier slettet fra", "local copies deleted from")
}

pub fn altinn_not_in_last_check(lang: Lang) -> &'static str {
    lang.pick(
        "ikke i siste sjekk; kjør `altinn-sweep altinn check` først (eller gi --revision)",
        "not in the last check; run `altinn-sweep altinn check` first (or give --revision)",
    )
}

pub fn altinn_archived(lang: Lang) -> &'static str {
    lang.pick("arkivert i Altinn:", "archived in Altinn:")
}

pub fn altinn_no_browser(lang: Lang) -> &'static str {
    lang.pick(
        "(ingen nettleser kunne startes: åpne adressen over selv)",
        "(no browser could be started: open the address above yourself)",
    )
}

/// Before the reason the check's table or JSON lines could not be written.
pub fn altinn_cannot_write_output(lang: Lang) -> &'static str {
    lang.pick("kan ikke skrive utdata", "cannot write the output")
}

pub fn altinn_token_ok(lang: Lang) -> &'static str {
    lang.pick("token fra Maskinporten: ok", "token from Maskinporten: ok")
}

pub fn altinn_parties_of_system_user(lang: Lang) -> &'static str {
    lang.pick(
        "parter systembrukeren kan handle for",
        "parties the system user may act for",
    )
}

pub fn altinn_no_parties(lang: Lang) -> &'static str {
    lang.pick(
        "ingen parter: systembrukeren har ikke fått tilgangspakker eller tjenester delegert",
        "no parties: the system user has not been delegated access packages or services",
    )
}

/// Before an item id: the follow-up item an Altinn act checked off.
pub fn altinn_followup_item(lang: Lang) -> &'static str {
    lang.pick("oppfølgingssak", "follow-up item")
}

/// Between an item and its step.
pub fn altinn_stays_at(lang: Lang) -> &'static str {
    lang.pick("blir stående på", "stays at")
}

pub fn altinn_closed_when_distributed(lang: Lang) -> &'static str {
    lang.pick(
        "lukkes først når dokumentene er fordelt",
        "is closed only once the documents are distributed",
    )
}

pub fn altinn_step_not_checked_off(lang: Lang) -> &'static str {
    lang.pick(
        "gjort i Altinn, men steget i oppfølgingslisten ble ikke krysset av",
        "done in Altinn, but the step was not checked off in the follow-up list",
    )
}

/// A warning before the act: the act is done without checking off a step.
pub fn altinn_item_unknown(lang: Lang) -> &'static str {
    lang.pick(
        "kan ikke finne oppfølgingssaken til dialogen",
        "cannot tell the dialog's follow-up item",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_texts_in_both_languages() {
        for n in [1, 3] {
            assert_ne!(notifications(Lang::Nb, n), notifications(Lang::En, n));
            assert_ne!(stay_in_inbox(Lang::Nb, n), stay_in_inbox(Lang::En, n));
        }
        assert_eq!(notifications(Lang::Nb, 1), "1 varsel");
        assert_eq!(notifications(Lang::En, 3), "3 notifications");
        assert_ne!(working_days(Lang::Nb, 5), working_days(Lang::En, 5));
        assert_ne!(
            unit_changes(Lang::Nb, 1, 2, 3, 4, 5),
            unit_changes(Lang::En, 1, 2, 3, 4, 5)
        );
    }

    /// Every error a command produces is worded in both languages, and the bokmål is not
    /// the English left untranslated. The same in both: the TUI's own text, a path with
    /// the system's words.
    #[test]
    fn every_command_error_in_both_languages() {
        use crate::actions::Holder;
        let os = || io::Error::from_raw_os_error(libc::EACCES);
        let problem = chrono::NaiveDate::parse_from_str("x", "%Y-%m-%d").unwrap_err();
        let same = [
            CliError::Tui(io::Error::other("t")),
            // a path and the system's words
            CliError::Routine(RoutineError::Io {
                path: "/d/f.pdf".into(),
                source: os(),
            }),
        ];
        for e in &same {
            assert_eq!(cli_error(Lang::Nb, e), cli_error(Lang::En, e), "{e:?}");
        }
        let conflict = || AltinnError::Conflict {
            id: "0194a3c2-7f00-7000-8000-000000000001".into(),
        };
        let timeout = || AltinnError::Timeout {
            what: "GET dialogs".into(),
            secs: 30,
        };
        let translated = [
            CliError::NoAltinnSection("/c.toml".into()),
            CliError::AltinnSetup(AltinnError::Key("k".into())),
            CliError::Routine(RoutineError::NotADialogId("x".into())),
            CliError::NotInLastCheck("0194a3c2-7f00-7000-8000-000000000001".into()),
            CliError::UnknownRule("r".into()),
            CliError::UnknownStep("s".into()),
            CliError::BadDate {
                flag: "--since",
                value: "x".into(),
                problem,
            },
            CliError::BadNow {
                value: "x".into(),
                problem,
            },
            CliError::Configuration(ConfigError {
                file: "/c.toml".into(),
                position: Some((1, 2)),
                problem: Box::new(ConfigProblem::NoRules),
            }),
            CliError::ConfigExists("/c.toml".into()),
            CliError::NoHome,
            CliError::Lock(LockError::Busy {
                holder: Some(Holder {
                    pid: 1,
                    user: "u".into(),
                    since: "s".into(),
                }),
                waited: std::time::Duration::from_secs(1),
            }),
            CliError::Lock(LockError::Io {
                path: "/l".into(),
                source: os(),
            }),
            CliError::Act(ActError::Folder {
                path: "/m".into(),
                source: os(),
            }),
            CliError::Followup(FollowupError::UnknownItem("i".into())),
            CliError::Failed(Failure::ChangedSinceScan),
            CliError::NoSuchItem("i".into()),
            CliError::NoParty,
            CliError::NoJournalEntry("e".into()),
            CliError::ReadJournal {
                path: "/j".into(),
                source: os(),
            },
            CliError::Read {
                path: "/f".into(),
                source: os(),
            },
            CliError::Write {
                path: "/f".into(),
                source: os(),
            },
            CliError::CreateFolder {
                path: "/d".into(),
                source: os(),
            },
            CliError::Import {
                path: "/u.json".into(),
                source: ImportError::Json("j".into()),
            },
            CliError::Import {
                path: "/u.csv".into(),
                source: ImportError::CsvColumn("c"),
            },
            CliError::Import {
                path: "/u.csv".into(),
                source: ImportError::Empty,
            },
            CliError::NoMessage("/m/x".into()),
            CliError::Unreadable {
                path: "/m/x".into(),
                why: crate::scan::Unreadable::NoHeader,
            },
            CliError::Inbox(os()),
            CliError::Output(os()),
            CliError::Demo(os()),
            CliError::Altinn(timeout()),
            CliError::AltinnUnjournaled {
                error: timeout(),
                path: "/j".into(),
                source: os(),
            },
            CliError::Routine(RoutineError::Altinn(timeout())),
            CliError::Routine(RoutineError::NoLocalCopies {
                dialog: "d".into(),
                folder: "/d".into(),
            }),
            CliError::Routine(RoutineError::Kept {
                folder: "/d".into(),
                kept: vec!["/d/x".into()],
            }),
            CliError::Routine(RoutineError::Journal(ActError::Folder {
                path: "/m".into(),
                source: os(),
            })),
            CliError::Routine(RoutineError::Followup(FollowupError::UnknownItem(
                "i".into(),
            ))),
            CliError::ArchiveConflict {
                error: conflict(),
                title: Some("Melding".into()),
            },
            CliError::ArchiveConflict {
                error: conflict(),
                title: None,
            },
            CliError::NotCheckedOff(Some(Failure::ChangedSinceScan)),
            CliError::ItemNotCheckedOff {
                item: "i".into(),
                error: FollowupError::UnknownItem("i".into()),
            },
            CliError::WriteJournal {
                path: "/j".into(),
                source: os(),
            },
            CliError::DemoFollowup(os()),
        ];
        for e in &translated {
            let (nb, en) = (cli_error(Lang::Nb, e), cli_error(Lang::En, e));
            assert!(!nb.is_empty() && !en.is_empty(), "{e:?}");
            assert_ne!(nb, en, "{e:?}");
        }
        // the exit codes: usage and configuration 2, the rest 1
        for e in &translated[..9] {
            assert_eq!(e.exit_code(), ExitCode::from(2), "{e:?}");
        }
        for e in translated[9..].iter().chain(&same) {
            assert_eq!(e.exit_code(), ExitCode::from(1), "{e:?}");
        }
        // the title of a changed dialog says which one it is; the command to run is named
        let with_title = cli_error(Lang::Nb, &translated[translated.len() - 6]);
        assert!(with_title.ends_with("(«Melding»)"), "{with_title}");
        assert!(
            with_title.contains("altinn-sweep altinn check"),
            "{with_title}"
        );
        assert_ne!(
            damaged_line(Lang::Nb, Path::new("/j"), 3, "p"),
            damaged_line(Lang::En, Path::new("/j"), 3, "p")
        );
    }

    /// Every configuration problem, rule problem and address problem is worded in both
    /// languages, the bokmål not the English left untranslated; the English is the
    /// Display word for word, and the `file:line:col: ` prefix is the same in both. The
    /// `kinds` functions match without a wildcard, so a new variant does not compile
    /// until it is in them, and the count makes it be in the samples here too.
    #[test]
    fn every_config_problem_in_both_languages() {
        use crate::config::{AddressError, BUILT_IN};
        use crate::orgnr::OrgNrError;
        fn invalid_kind(i: &Invalid) -> usize {
            match i {
                Invalid::RuleWithoutName => 0,
                Invalid::ForwardTo { .. } => 1,
                Invalid::ForwardWithoutAddress(_) => 2,
                Invalid::AddressWithoutForward(_) => 3,
                Invalid::Regex { .. } => 4,
                Invalid::EmptyFolder => 5,
                Invalid::ControlInFolder(_) => 6,
                Invalid::FolderOutsideRoot(_) => 7,
                Invalid::FolderParts(_) => 8,
                Invalid::MaildirPart { .. } => 9,
                Invalid::UnknownUnit(_) => 10,
                Invalid::EmptyPattern => 11,
            }
        }
        fn url_kind(u: &UrlProblem) -> usize {
            match u {
                UrlProblem::NotAnAddress(..) => 0,
                UrlProblem::PlainHttp(_) => 1,
                UrlProblem::Scheme(..) => 2,
                UrlProblem::NotHttps(_) => 3,
                UrlProblem::NotAltinn(..) => 4,
                UrlProblem::Credentials(_) => 5,
            }
        }
        fn problem_kind(p: &ConfigProblem) -> usize {
            use ConfigProblem as P;
            match p {
                P::ReadConfig { .. } => 0,
                P::ReadUnits { .. } => 1,
                P::Toml { .. } => 2,
                P::Invalid(_) => 3,
                P::OrgNr(_) => 4,
                P::InRule { .. } => 5,
                P::DuplicateRule(_) => 6,
                P::Folder { .. } => 7,
                P::SameFolder { .. } => 8,
                P::SameFollowupFolder { .. } => 9,
                P::Url { .. } => 10,
                P::Address { .. } => 11,
                P::Timeout { .. } => 12,
                P::PasswordUnencrypted { .. } => 13,
                P::SendmailCommandEmpty => 14,
                P::NoSmtpSection => 15,
                P::Xoauth2WithoutUsername => 16,
                P::Xoauth2WithoutTokenCommand => 17,
                P::NoTrustedSenders => 18,
                P::RoleRegex { .. } => 19,
                P::NotificationLimitTooLow => 20,
                P::NoRules => 21,
                P::AltinnClientIdEmpty => 22,
                P::AltinnKeyIdEmpty => 23,
                P::AltinnKeyTwice => 24,
                P::AltinnNoKey => 25,
                P::AltinnKeyFileEmpty => 26,
                P::AltinnKeyInFile => 27,
                P::AltinnKeyCommandEmpty => 28,
                P::AltinnScopes => 29,
                P::AltinnDownloadFolderEmpty => 30,
                P::UnitListedTwice(_) => 31,
            }
        }
        let invalids = [
            Invalid::RuleWithoutName,
            Invalid::ForwardTo {
                rule: "r".into(),
                source: AddressError::NoAt("lonn".into()),
            },
            Invalid::ForwardWithoutAddress("r".into()),
            Invalid::AddressWithoutForward("r".into()),
            Invalid::Regex {
                pattern: "(".into(),
                error: "regex parse error".into(),
            },
            Invalid::EmptyFolder,
            Invalid::ControlInFolder("a\u{1b}".into()),
            Invalid::FolderOutsideRoot("/var/mail".into()),
            Invalid::FolderParts("../x".into()),
            Invalid::MaildirPart {
                name: "INBOX/cur".into(),
                part: "cur".into(),
            },
            Invalid::UnknownUnit("Kulturhuset".into()),
            Invalid::EmptyPattern,
        ];
        let urls = [
            UrlProblem::NotAnAddress("x".into(), "relative URL without a base".into()),
            UrlProblem::PlainHttp("http://p.no/".into()),
            UrlProblem::Scheme("ftp://p.no/".into(), "ftp".into()),
            UrlProblem::NotHttps("http://altinn.no/".into()),
            UrlProblem::NotAltinn("https://evil.no/".into(), "evil.no".into()),
            UrlProblem::Credentials("https://u:p@altinn.no/".into()),
        ];
        let key = || "mail.archive".to_string();
        let mut problems: Vec<ConfigProblem> = vec![
            ConfigProblem::ReadConfig {
                kind: io::ErrorKind::NotFound,
                detail: "No such file or directory (os error 2)".into(),
            },
            ConfigProblem::ReadUnits {
                kind: io::ErrorKind::NotFound,
                detail: "No such file or directory (os error 2)".into(),
            },
            ConfigProblem::Toml {
                detail: "invalid table header".into(),
            },
            ConfigProblem::OrgNr(OrgNrError::CheckDigit("964965138".into())),
            ConfigProblem::DuplicateRule("r".into()),
            ConfigProblem::SameFolder {
                key: key(),
                name: "INBOX".into(),
                other: "mail.inbox".into(),
            },
            ConfigProblem::SameFollowupFolder {
                key: "followup.done_folder".into(),
                name: "Altinn".into(),
                other: "mail.archive".into(),
            },
            ConfigProblem::Address {
                key: "forward.from".into(),
                problem: AddressError::Domain("a@b".into()),
            },
            ConfigProblem::Timeout {
                key: "forward.timeout_seconds".into(),
                value: 0,
                max: 3600,
            },
            ConfigProblem::PasswordUnencrypted {
                user: "dok".into(),
                host: "smtp.sandnes.kommune.no".into(),
            },
            ConfigProblem::SendmailCommandEmpty,
            ConfigProblem::NoSmtpSection,
            ConfigProblem::Xoauth2WithoutUsername,
            ConfigProblem::Xoauth2WithoutTokenCommand,
            ConfigProblem::NoTrustedSenders,
            ConfigProblem::RoleRegex {
                detail: "regex parse error".into(),
            },
            ConfigProblem::NotificationLimitTooLow,
            ConfigProblem::NoRules,
            ConfigProblem::AltinnClientIdEmpty,
            ConfigProblem::AltinnKeyIdEmpty,
            ConfigProblem::AltinnKeyTwice,
            ConfigProblem::AltinnNoKey,
            ConfigProblem::AltinnKeyFileEmpty,
            ConfigProblem::AltinnKeyInFile,
            ConfigProblem::AltinnKeyCommandEmpty,
            ConfigProblem::AltinnScopes,
            ConfigProblem::AltinnDownloadFolderEmpty,
            ConfigProblem::UnitListedTwice("964965137".parse().expect("valid")),
        ];
        for i in &invalids {
            problems.push(ConfigProblem::Invalid(i.clone()));
            problems.push(ConfigProblem::InRule {
                rule: "r".into(),
                problem: i.clone(),
            });
            problems.push(ConfigProblem::Folder {
                key: key(),
                problem: i.clone(),
            });
        }
        for u in &urls {
            problems.push(ConfigProblem::Url {
                key: "altinn.base_url".into(),
                problem: u.clone(),
            });
        }
        let kinds = |n: usize, seen: Vec<usize>| {
            let seen: std::collections::BTreeSet<usize> = seen.into_iter().collect();
            assert_eq!(seen, (0..n).collect(), "a variant without a sample");
        };
        kinds(12, invalids.iter().map(invalid_kind).collect());
        kinds(6, urls.iter().map(url_kind).collect());
        kinds(32, problems.iter().map(problem_kind).collect());
        for p in &problems {
            let (nb, en) = (config_problem(Lang::Nb, p), config_problem(Lang::En, p));
            assert!(!nb.trim().is_empty() && !en.trim().is_empty(), "{p:?}");
            assert_ne!(nb, en, "{p:?} is not translated");
            assert_eq!(en, p.to_string(), "{p:?}: the English is the Display");
            for position in [Some((3, 7)), None] {
                let e = ConfigError {
                    file: "/home/dok/config.toml".into(),
                    position,
                    problem: Box::new(p.clone()),
                };
                let prefix = match position {
                    Some(_) => "/home/dok/config.toml:3:7: ",
                    None => "/home/dok/config.toml: ",
                };
                assert_eq!(config_error(Lang::En, &e), e.to_string());
                assert_eq!(config_error(Lang::Nb, &e), format!("{prefix}{nb}"));
                assert!(e.to_string().starts_with(prefix), "{e}");
            }
        }
        for i in &invalids {
            assert_ne!(invalid(Lang::Nb, i), invalid(Lang::En, i), "{i:?}");
        }
        for u in &urls {
            assert_ne!(url_problem(Lang::Nb, u), url_problem(Lang::En, u), "{u:?}");
        }
        let built_in = ConfigError {
            file: BUILT_IN.into(),
            position: Some((1, 1)),
            problem: Box::new(ConfigProblem::NoRules),
        };
        assert!(
            config_error(Lang::Nb, &built_in).starts_with("<innebygd standardkonfigurasjon>:1:1: ")
        );
        assert!(config_error(Lang::En, &built_in).starts_with(&format!("{BUILT_IN}:1:1: ")));
    }

    #[test]
    fn config_warnings_in_both_languages() {
        use crate::config::{Action, Warning};
        for w in [
            Warning::PlaceholderForward {
                rule: "r".into(),
                to: "a@example.invalid".into(),
            },
            Warning::FirstRuleMatchesAll {
                rule: "r".into(),
                action: Action::Archive,
            },
            Warning::PlaceholderFrom("a@example.invalid".into()),
        ] {
            let (nb, en) = (config_warning(Lang::Nb, &w), config_warning(Lang::En, &w));
            assert!(!nb.is_empty() && !en.is_empty());
            assert_ne!(nb, en, "{w:?}");
        }
    }

    #[test]
    fn rejected_rows_in_both_languages() {
        use crate::orgnr::OrgNrError;
        use crate::units::Why;
        for why in [
            Why::NoName,
            Why::Number(OrgNrError::Length(8)),
            Why::Number(OrgNrError::NotDigits),
            Why::Number(OrgNrError::CheckDigit("910000013".into())),
        ] {
            let (nb, en) = (rejected_row(Lang::Nb, &why), rejected_row(Lang::En, &why));
            assert!(!nb.is_empty() && !en.is_empty());
            assert_ne!(nb, en, "{why:?}");
        }
    }

    #[test]
    fn weekdays_and_steps_in_both_languages() {
        let monday = chrono::NaiveDate::from_ymd_opt(2026, 5, 11).unwrap();
        assert_eq!(weekday_date(Lang::En, monday), "Mon 2026-05-11");
        assert_eq!(weekday_date(Lang::Nb, monday), "man 2026-05-11");
        for d in monday.iter_days().take(7) {
            assert_eq!(
                weekday_date(Lang::En, d),
                d.format("%a %Y-%m-%d").to_string()
            );
            assert_ne!(weekday_date(Lang::Nb, d), weekday_date(Lang::En, d));
        }
        for s in crate::followup::Step::ALL {
            assert_ne!(step_tally(Lang::Nb, s), step_tally(Lang::En, s), "{s:?}");
        }
    }

    /// Every fixed text exists in both languages, and the two differ except where the
    /// word is the same in both (listed in `same`).
    #[test]
    fn every_fixed_text_in_both_languages() {
        let same: &[&str] = &["journal_label", "altinn_label", "median"];
        use crate::i18n::Text;
        let all: &[(&str, Text)] = &[
            ("days_without_check", days_without_check),
            ("since", since),
            ("waiting_for_lock", waiting_for_lock),
            ("nothing_to_do", nothing_to_do),
            ("will_be_refused", will_be_refused),
            ("dry_run_done", dry_run_done),
            ("refused", refused),
            ("error", error),
            ("handled_elsewhere", handled_elsewhere),
            ("stopping_journal_unwritable", stopping_journal_unwritable),
            ("done", done),
            ("failed", failed),
            ("already_handled", already_handled),
            ("refused_hint", refused_hint),
            ("config_file_missing", config_file_missing),
            ("config_file_exists", config_file_exists),
            ("wrote", wrote),
            ("init_next_step", init_next_step),
            ("configuration", configuration),
            ("not_a_maildir", not_a_maildir),
            ("missing", missing),
            ("mail_root_label", mail_root_label),
            ("inbox_label", inbox_label),
            ("archive_label", archive_label),
            ("trash_label", trash_label),
            ("journal_label", journal_label),
            ("transport_label", transport_label),
            ("altinn_label", altinn_label),
            ("altinn_off", altinn_off),
            ("altinn_no_section", altinn_no_section),
            ("altinn_notices_unreadable", altinn_notices_unreadable),
            ("altinn_demo_check", altinn_demo_check),
            ("altinn_notice_without_dialog", altinn_notice_without_dialog),
            ("altinn_seen", altinn_seen),
            ("altinn_unseen", altinn_unseen),
            ("altinn_attachments", altinn_attachments),
            ("altinn_updated", altinn_updated),
            ("altinn_notice_label", altinn_notice_label),
            ("altinn_inbox_label", altinn_inbox_label),
            ("altinn_parties", altinn_parties),
            ("altinn_dialogs_not_archived", altinn_dialogs_not_archived),
            ("altinn_unseen_count", altinn_unseen_count),
            (
                "altinn_without_notice_heading",
                altinn_without_notice_heading,
            ),
            ("altinn_with_notice_heading", altinn_with_notice_heading),
            ("altinn_older_heading", altinn_older_heading),
            (
                "altinn_orphan_notices_heading",
                altinn_orphan_notices_heading,
            ),
            ("altinn_own_mail_heading", altinn_own_mail_heading),
            ("altinn_fetch_marks_seen", altinn_fetch_marks_seen),
            ("altinn_saved", altinn_saved),
            ("altinn_without_api", altinn_without_api),
            ("altinn_documents_saved_in", altinn_documents_saved_in),
            ("altinn_no_local_copies", altinn_no_local_copies),
            ("altinn_kept", altinn_kept),
            (
                "altinn_local_copies_deleted_from",
                altinn_local_copies_deleted_from,
            ),
            ("altinn_not_in_last_check", altinn_not_in_last_check),
            ("altinn_archived", altinn_archived),
            ("altinn_no_browser", altinn_no_browser),
            ("altinn_cannot_write_output", altinn_cannot_write_output),
            ("altinn_token_ok", altinn_token_ok),
            (
                "altinn_parties_of_system_user",
                altinn_parties_of_system_user,
            ),
            ("altinn_no_parties", altinn_no_parties),
            ("altinn_followup_item", altinn_followup_item),
            ("altinn_stays_at", altinn_stays_at),
            (
                "altinn_closed_when_distributed",
                altinn_closed_when_distributed,
            ),
            ("altinn_step_not_checked_off", altinn_step_not_checked_off),
            ("altinn_item_unknown", altinn_item_unknown),
            ("sendmail_not_on_path", sendmail_not_on_path),
            ("mailbox_not_ready", mailbox_not_ready),
            ("language_label", language_label),
            ("units_label", units_label),
            ("own_mail", own_mail),
            ("rules", rules),
            ("warning", warning),
            ("or", or),
            ("the_trash_folder", the_trash_folder),
            ("trash_missing", trash_missing),
            ("exchange_trash_found", exchange_trash_found),
            ("file", file),
            ("tag_removed", tag_removed),
            ("subject_as_read", subject_as_read),
            ("links", links),
            ("in_an_attachment", in_an_attachment),
            ("gateway_banner", gateway_banner),
            ("body_text", body_text),
            ("recognition", recognition),
            ("no_claim", no_claim),
            ("verdict", verdict),
            ("not_a_notification", not_a_notification),
            ("claims_to_be_altinn", claims_to_be_altinn),
            ("genuine", genuine),
            ("suspicious", suspicious),
            ("extracted", extracted),
            ("unit", unit),
            ("rules_not_applied", rules_not_applied),
            ("suggestion", suggestion),
            ("rule", rule),
            ("rules_heading", rules_heading),
            ("match_chosen", match_chosen),
            ("match_too_late", match_too_late),
            ("no_condition", no_condition),
            ("no_match", no_match),
            ("no_entries_in_period", no_entries_in_period),
            ("time", time),
            ("user", user),
            ("action", action),
            ("result", result),
            ("subject", subject),
            ("entry", entry),
            ("to", to),
            ("pending", pending),
            ("nothing_to_undo", nothing_to_undo),
            ("undone", undone),
            ("is_back_in", is_back_in),
            ("note", note),
            ("undo_error_of", undo_error_of),
            ("no_notifications", no_notifications),
            ("date", date),
            ("recipient", recipient),
            ("subject_heading", subject_heading),
            ("rule_heading", rule_heading),
            ("altinn_notifications", altinn_notifications),
            ("of", of),
            ("messages", messages),
            ("suspicious_count", suspicious_count),
            ("suspicious_legend", suspicious_legend),
            ("unreadable_files", unreadable_files),
            ("see_stderr", see_stderr),
            ("demo_mailbox_kept", demo_mailbox_kept),
            ("demo_journal", demo_journal),
            ("check_recorded", check_recorded),
            ("on_duty", on_duty),
            ("nobody_listed", nobody_listed),
            ("check_today_done_by", check_today_done_by),
            ("check_today_not_done", check_today_not_done),
            ("no_overdue_followups", no_overdue_followups),
            ("no_open_followups", no_open_followups),
            ("step_heading", step_heading),
            ("age", age),
            ("represent_heading", represent_heading),
            ("open_count", open_count),
            ("overdue", overdue),
            ("older_than", older_than),
            ("represent", represent),
            ("no_browser", no_browser),
            ("statistics", statistics),
            ("day", day),
            ("total", total),
            ("per_unit_top10", per_unit_top10),
            ("arrival_to_distributed", arrival_to_distributed),
            ("items", items),
            ("median", median),
            ("p90", p90),
            ("open_followups", open_followups),
            ("units_written_to", units_written_to),
            ("no_longer_in_register", no_longer_in_register),
            ("belongs_to_other_parent", belongs_to_other_parent),
            ("row", row),
            ("add_units_file", add_units_file),
            ("not_found", not_found),
            ("maildir_transport", maildir_transport),
        ];
        crate::i18n::assert_both_languages(all, same);
    }
}
