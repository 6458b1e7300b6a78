//! `altinn check | fetch | archive | clean | open`: the Altinn inbox itself, through
//! Dialogporten. The acts of routine point 3 are `altinn::routine`'s; this file reads the
//! arguments and prints. Without an `[altinn]` section each says in one line what is missing and exits 2.

use super::apply::LOCK_WAIT_SECONDS;
use super::{CliError, CmdResult, Context, shown};
use altinn_sweep::actions::Actor;
use altinn_sweep::altinn::api::{Client, Dialogs};
use altinn_sweep::altinn::check::{self, Notice, Outcome, Row};
use altinn_sweep::altinn::routine::{self, CheckOff, DialogRef, Routine, RoutineError};
use altinn_sweep::altinn::{self as altinn, AltinnError};
use altinn_sweep::browser;
use altinn_sweep::config::{AltinnConfig, BUILT_IN, Config};
use altinn_sweep::followup::Step;
use altinn_sweep::i18n::{Lang, cli, journal as words};
use altinn_sweep::journal::{self, Act, Entry, Failure, Journal, Outcome as JOutcome};
use altinn_sweep::text::inert;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The `[altinn]` section, or the one-line error that says what is missing.
pub fn section(config: &Config) -> Result<&AltinnConfig, CliError> {
    config.altinn.as_ref().ok_or_else(|| {
        let file = config
            .source
            .as_ref()
            .map_or(BUILT_IN.to_string(), |p| p.display().to_string());
        CliError::NoAltinnSection(file)
    })
}

/// The Dialogporten client of the configuration (reads the key; fetches no token yet).
pub fn client(config: &Config, a: &AltinnConfig) -> Result<Client, CliError> {
    Client::from_config(config, a).map_err(CliError::AltinnSetup)
}

/// Where the last check's dialogs are kept (ids, revisions, titles) for `archive`.
fn last_check_path(ctx: &Context) -> Result<PathBuf, CliError> {
    Ok(ctx.paths()?.data_dir.join("altinn-last-check.json"))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct LastCheck {
    checked_at: String,
    rows: Vec<LastRow>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct LastRow {
    id: String,
    party: String,
    title: String,
    revision: Option<String>,
    /// The notice the check matched to the dialog (a follow-up item's file, perhaps).
    #[serde(default)]
    notice: Option<PathBuf>,
}

fn read_last(ctx: &Context) -> Option<LastCheck> {
    let text = std::fs::read(last_check_path(ctx).ok()?).ok()?;
    serde_json::from_slice(&text).ok()
}

fn write_last(ctx: &Context, rows: &[Row]) -> Result<(), CliError> {
    let path = last_check_path(ctx)?;
    let last = LastCheck {
        checked_at: journal::now().to_rfc3339(),
        rows: rows
            .iter()
            .map(|r| LastRow {
                id: r.id.clone(),
                party: r.party.clone(),
                title: r.title.clone(),
                revision: r.revision.clone(),
                notice: r.notice.clone(),
            })
            .collect(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| CliError::CreateFolder {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let tmp = path.with_extension("json.tmp");
    let _ = std::fs::remove_file(&tmp);
    serde_json::to_vec(&last)
        .map_err(std::io::Error::other)
        .and_then(|data| altinn_sweep::maildir::write_new(&tmp, &data, routine::PRIVATE_MODE))
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|source| CliError::Write { path, source })
}

fn append(ctx: &Context, entry: &Entry) -> Result<(), CliError> {
    let journal = Journal::in_dir(&ctx.paths()?.data_dir);
    journal
        .append(entry)
        .map_err(|source| CliError::WriteJournal {
            path: journal.path,
            source,
        })
}

/// Journals a failed Altinn action (so the journal shows the attempt), then reports it.
fn failed(ctx: &Context, mut entry: Entry, error: AltinnError) -> CliError {
    entry.fail(JOutcome::Error, Failure::from(&error));
    match append(ctx, &entry) {
        Ok(()) => CliError::Altinn(error),
        Err(CliError::WriteJournal { path, source }) => CliError::AltinnUnjournaled {
            error,
            path,
            source,
        },
        Err(other) => other,
    }
}

/// The notification emails the check matches ([`check::notice_folders`]).
fn notices(config: &Config, lang: Lang) -> Vec<Notice> {
    let mut out = Vec::new();
    for folder in &check::notice_folders(config) {
        if !folder.exists() {
            continue;
        }
        match altinn_sweep::scan::scan(folder, config, &|_, _| {}) {
            Ok(report) => out.extend(
                report
                    .items
                    .iter()
                    .filter_map(|i| Notice::from_item(i, config)),
            ),
            Err(e) => eprintln!(
                "{}: {}: {} ({e})",
                cli::warning(lang),
                shown(folder),
                cli::altinn_notices_unreadable(lang)
            ),
        }
    }
    out
}

pub fn check(ctx: &Context, json: bool, demo: bool) -> CmdResult {
    if demo {
        return check_demo(ctx, json);
    }
    let (config, lang) = ctx.load()?;
    let a = section(&config)?;
    let client = client(&config, a)?;
    let result = check::run(&client, &config, notices(&config, lang));
    let counts = result.as_ref().map(Outcome::counts);
    let mut entry = Entry::altinn_check(&journal::current_user(), counts.map_err(Failure::from));
    // the day's check, shared with the roster through the mailbox like `check`
    altinn_sweep::followup::share_check(&config, &mut entry);
    let outcome = match result {
        Ok(o) => o,
        Err(e) => return Err(failed(ctx, entry, e)),
    };
    // The journal first: it creates the data folder private (0700).
    append(ctx, &entry)?;
    write_last(ctx, &outcome.rows)?;
    print_outcome(&outcome, json, lang)
}

/// `altinn check --demo`: the check over dialogs seeded from the mailbox's own notices,
/// without credentials or network; nothing is journaled.
fn check_demo(ctx: &Context, json: bool) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let notices = notices(&config, lang);
    let demo = altinn_sweep::altinn::demo::Demo::seeded(&config, &notices);
    let outcome = check::run(&demo, &config, notices).map_err(CliError::Altinn)?;
    eprintln!("{}", cli::altinn_demo_check(lang));
    print_outcome(&outcome, json, lang)
}

fn print_outcome(outcome: &Outcome, json: bool, lang: Lang) -> CmdResult {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if json {
        outcome.rows.iter().try_for_each(|r| {
            serde_json::to_writer(&mut out, &JsonRow::new(r)).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        })
    } else {
        write_table(&mut out, outcome, lang)
    };
    written.and_then(|_| out.flush()).or_else(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(CliError::Output(e))
        }
    })?;
    if json {
        for n in &outcome.notices_without_dialog {
            eprintln!(
                "{}: {}",
                cli::altinn_notice_without_dialog(lang),
                shown(&n.path)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One dialog in `check --json`.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    party: &'a str,
    party_name: &'a str,
    sender: &'a str,
    title: &'a str,
    created_at: &'a str,
    updated_at: &'a str,
    seen: bool,
    attachments: i64,
    own_mail: bool,
    notified: bool,
    notice: Option<String>,
    notice_checked: bool,
    url: &'a str,
}

impl<'a> JsonRow<'a> {
    fn new(r: &'a Row) -> JsonRow<'a> {
        JsonRow {
            id: &r.id,
            party: &r.party,
            party_name: &r.party_name,
            sender: &r.sender,
            title: &r.title,
            created_at: &r.created_at,
            updated_at: &r.updated_at,
            seen: r.seen,
            attachments: r.attachments,
            own_mail: r.own_mail,
            notified: r.notified,
            notice: r.notice.as_ref().map(|p| p.to_string_lossy().into_owned()),
            notice_checked: r.notice_checked,
            url: &r.url,
        }
    }
}

fn org_shown(r: &Row) -> String {
    r.org
        .map_or_else(|| inert(&r.party, true), |o| o.to_string())
}

fn short_time(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| inert(t, true))
}

fn line(out: &mut impl Write, r: &Row, lang: Lang) -> std::io::Result<()> {
    writeln!(
        out,
        "  {}  {} {}  {}  «{}»  {}  {} {}  {}",
        short_time(&r.created_at),
        org_shown(r),
        inert(&r.party_name, true),
        inert(&r.sender, true),
        inert(&r.title, true),
        if r.seen {
            cli::altinn_seen(lang)
        } else {
            cli::altinn_unseen(lang)
        },
        r.attachments,
        cli::altinn_attachments(lang),
        r.id,
    )?;
    if r.updated_at != r.created_at && !r.updated_at.is_empty() {
        writeln!(
            out,
            "      {} {}",
            cli::altinn_updated(lang),
            short_time(&r.updated_at)
        )?;
    }
    match &r.notice {
        Some(p) => writeln!(out, "      {} {}", cli::altinn_notice_label(lang), shown(p)),
        None => Ok(()),
    }
}

/// A blank line, then `Title (n):` over a list.
fn heading(out: &mut impl Write, title: &str, n: usize) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{title} ({n}):")
}

fn write_table(out: &mut impl Write, o: &Outcome, lang: Lang) -> std::io::Result<()> {
    let c = o.counts();
    writeln!(
        out,
        "{} {} {}, {} {} ({} {})",
        cli::altinn_inbox_label(lang),
        c.parties,
        cli::altinn_parties(lang),
        c.dialogs,
        cli::altinn_dialogs_not_archived(lang),
        c.unseen,
        cli::altinn_unseen_count(lang),
    )?;
    let followed: Vec<&Row> = o.rows.iter().filter(|r| !r.own_mail).collect();
    let without: Vec<&Row> = followed
        .iter()
        .copied()
        .filter(|r| r.notice_checked && r.notice.is_none())
        .collect();
    let older: Vec<&Row> = followed
        .iter()
        .copied()
        .filter(|r| !r.notice_checked)
        .collect();
    heading(out, cli::altinn_without_notice_heading(lang), without.len())?;
    for r in &without {
        line(out, r, lang)?;
    }
    heading(
        out,
        cli::altinn_with_notice_heading(lang),
        followed.len() - without.len() - older.len(),
    )?;
    for r in followed.iter().filter(|r| r.notice.is_some()) {
        line(out, r, lang)?;
    }
    if !older.is_empty() {
        heading(out, cli::altinn_older_heading(lang), older.len())?;
        for r in &older {
            line(out, r, lang)?;
        }
    }
    heading(
        out,
        cli::altinn_orphan_notices_heading(lang),
        o.notices_without_dialog.len(),
    )?;
    for n in &o.notices_without_dialog {
        writeln!(out, "  {}  {}", shown(&n.path), inert(&n.subject, true))?;
    }
    let own: Vec<&Row> = o.rows.iter().filter(|r| r.own_mail).collect();
    heading(out, cli::altinn_own_mail_heading(lang), own.len())?;
    for r in own {
        line(out, r, lang)?;
    }
    for n in &o.own_mail_notices_without_dialog {
        writeln!(
            out,
            "  {} {}",
            cli::altinn_notice_without_dialog(lang),
            shown(&n.path)
        )?;
    }
    Ok(())
}

fn dialog_id(id: &str) -> Result<String, CliError> {
    routine::dialog_id(id).map_err(CliError::Routine)
}

/// The folder documents are saved under: `--to`, else `altinn.download_folder`.
fn downloads(config: &Config, a: &AltinnConfig, to: Option<&Path>) -> PathBuf {
    to.map_or_else(|| routine::download_folder(config, a), Path::to_path_buf)
}

/// The routine `fetch`, `clean` and `archive` act through: documents under
/// [`downloads`], the journal lock waited for as `apply` waits, stamped now.
fn routine<'a>(
    actor: &'a Actor<'a>,
    config: &Config,
    a: &AltinnConfig,
    to: Option<&Path>,
) -> Result<Routine<'a>, CliError> {
    Ok(Routine::new(
        actor,
        downloads(config, a, to),
        Duration::from_secs(LOCK_WAIT_SECONDS),
        super::followup::now()?,
    ))
}

/// The follow-up item of a dialog: named with it in this PC's journal, else the item
/// whose notice the last check matched to it (none if that notice is no item), else
/// (with `inbox`) found by matching now.
/// `None` with a warning when it cannot be told (the act goes on without checking off a
/// step).
fn item_of(
    ctx: &Context,
    r: &Routine,
    inbox: Option<&dyn Dialogs>,
    id: &str,
    lang: Lang,
) -> Option<String> {
    let notice = read_last(ctx)
        .and_then(|l| l.rows.into_iter().find(|row| row.id == id))
        .and_then(|row| row.notice);
    let found = r
        .item_for_dialog(None, id)
        .and_then(|item| match (item, notice) {
            (Some(item), _) => Ok(Some(item)),
            // The check matched the dialog to this notice: its item, or none (a notice
            // still in the inbox is no follow-up item).
            (None, Some(notice)) => r.item_for_notice(&notice),
            (None, None) => inbox.map_or(Ok(None), |i| r.item_for_dialog(Some(i), id)),
        });
    match found {
        Ok(item) => item.map(|i| i.id),
        Err(e) => {
            eprintln!(
                "{}: {}: {}",
                cli::warning(lang),
                cli::altinn_item_unknown(lang),
                cli::routine_error(lang, &e)
            );
            None
        }
    }
}

/// Says what became of the follow-up item; an error when its step was not checked off.
fn checked_off(c: CheckOff, lang: Lang) -> Result<(), CliError> {
    let item = cli::altinn_followup_item(lang);
    match c {
        CheckOff::NoItem => Ok(()),
        CheckOff::Advanced(entry) if entry.ok() => {
            let (id, step) = (entry.item.as_deref().unwrap_or("?"), entry.step);
            println!(
                "{item} {id}: {}",
                step.map_or("?", |s| words::step(lang, s))
            );
            Ok(())
        }
        CheckOff::Advanced(entry) => Err(CliError::NotCheckedOff(entry.error)),
        CheckOff::Stays { item: id, step } => {
            let why = if step < Step::Distributed {
                format!(" ({})", cli::altinn_closed_when_distributed(lang))
            } else {
                String::new()
            };
            println!(
                "{item} {id} {} {}{why}",
                cli::altinn_stays_at(lang),
                words::step(lang, step)
            );
            Ok(())
        }
        CheckOff::Failed { item: id, error } => {
            Err(CliError::ItemNotCheckedOff { item: id, error })
        }
    }
}

/// The last words of `fetch` and `clean`: how many files, what befell them, in which
/// folder; then the follow-up step they checked off.
fn files_done(n: usize, what: &str, folder: &Path, check_off: CheckOff, lang: Lang) -> CmdResult {
    println!("{n} {what} {}", shown(folder));
    checked_off(check_off, lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn fetch(ctx: &Context, id: &str, to: Option<&Path>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let a = section(&config)?;
    let id = dialog_id(id)?;
    let client = client(&config, a)?;
    let actor = Actor::new(&config, &ctx.paths()?.data_dir);
    let r = routine(&actor, &config, a, to)?;
    let item = item_of(ctx, &r, Some(&client), &id, lang);
    if routine::fetch_marks_seen() {
        eprintln!("{}", cli::altinn_fetch_marks_seen(lang));
    }
    let done = r
        .fetch(&client, &id, item.as_deref())
        .map_err(CliError::Routine)?;
    for path in &done.saved {
        println!("{} {}", cli::altinn_saved(lang), shown(path));
    }
    if done.without_api > 0 {
        eprintln!(
            "{}: {} {}",
            cli::warning(lang),
            done.without_api,
            cli::altinn_without_api(lang)
        );
    }
    files_done(
        done.saved.len(),
        cli::altinn_documents_saved_in(lang),
        &done.folder,
        done.check_off,
        lang,
    )
}

/// Deletes the files `fetch` saved for a dialog, and their folder. Only regular files
/// and links directly in `<folder>/<id>` are removed (links as links); anything else
/// there is left and named.
pub fn clean(ctx: &Context, id: &str, to: Option<&Path>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let a = section(&config)?;
    let id = dialog_id(id)?;
    let actor = Actor::new(&config, &ctx.paths()?.data_dir);
    let r = routine(&actor, &config, a, to)?;
    // The files were fetched on this PC, so this PC's journal knows their item.
    let item = item_of(ctx, &r, None, &id, lang);
    let done = match r.clean(&id, item.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            if let RoutineError::Kept { kept, .. } = &e {
                for k in kept {
                    eprintln!("{}: {}", cli::altinn_kept(lang), shown(k));
                }
            }
            return Err(CliError::Routine(e));
        }
    };
    files_done(
        done.deleted,
        cli::altinn_local_copies_deleted_from(lang),
        &done.folder,
        done.check_off,
        lang,
    )
}

pub fn archive(ctx: &Context, id: &str, revision: Option<&str>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let a = section(&config)?;
    let id = dialog_id(id)?;
    let last = read_last(ctx);
    let known = last
        .as_ref()
        .and_then(|l| l.rows.iter().find(|r| r.id == id));
    let revision = match (revision, known) {
        (Some(r), _) => Some(r.to_string()),
        (None, Some(k)) => k.revision.clone(),
        (None, None) => {
            return Err(CliError::NotInLastCheck(id));
        }
    };
    let dialog = DialogRef {
        id: id.clone(),
        revision,
        title: known.map(|k| k.title.clone()),
        party: known.map(|k| k.party.clone()),
    };
    let client = client(&config, a)?;
    let actor = Actor::new(&config, &ctx.paths()?.data_dir);
    let r = routine(&actor, &config, a, None)?;
    let item = item_of(ctx, &r, Some(&client), &id, lang);
    let done = match r.archive(&client, &dialog, item.as_deref()) {
        Ok(d) => d,
        // The conflict names the dialog by id; the title says which one it is.
        Err(RoutineError::Altinn(error @ AltinnError::Conflict { .. })) => {
            return Err(CliError::ArchiveConflict {
                error,
                title: dialog.title,
            });
        }
        Err(e) => return Err(CliError::Routine(e)),
    };
    println!("{} {}", cli::altinn_archived(lang), done.dialog);
    checked_off(done.check_off, lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn open(ctx: &Context, id: &str) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let _ = section(&config)?;
    let id = dialog_id(id)?;
    let url = altinn::arbeidsflate_url(&id);
    let mut entry = Entry::new(Act::AltinnOpen, &journal::current_user());
    entry.dialog = Some(id.clone());
    // The one way the tool starts a browser (as the TUI does); the address is printed
    // either way, for the clerk to copy when none starts.
    let opened = browser::open(&url, browser::DEADLINE);
    if let Err(e) = &opened {
        entry.note.push(journal::Note::Other(e.to_string()));
    }
    append(ctx, &entry)?;
    println!("{url}");
    if opened.is_err() {
        eprintln!("{}", cli::altinn_no_browser(lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// `config check --online`: a token, then the parties.
pub fn online(config: &Config, lang: Lang) -> CmdResult {
    let a = section(config)?;
    let client = client(config, a)?;
    client.token().map_err(CliError::Altinn)?;
    println!("{} ({})", cli::altinn_token_ok(lang), a.token_url());
    let parties = client.parties().map_err(CliError::Altinn)?;
    println!(
        "{} {} ({}):",
        parties.len(),
        cli::altinn_parties_of_system_user(lang),
        a.base_url()
    );
    for p in &parties {
        let org =
            altinn::party_org(&p.party).map_or_else(|| inert(&p.party, true), |o| o.to_string());
        println!("  {org}  {}", inert(&p.name, true));
    }
    if parties.is_empty() {
        eprintln!("{}: {}", cli::warning(lang), cli::altinn_no_parties(lang));
    }
    Ok(ExitCode::SUCCESS)
}
