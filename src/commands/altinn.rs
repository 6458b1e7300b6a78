//! `altinn check | fetch | archive | open`: the Altinn inbox itself, through Dialogporten.
//! Without an `[altinn]` section each says in one line what is missing and exits 2.

use super::{CliError, CmdResult, Context, shown};
use altinn_sweep::altinn::api::{Client, safe_file_name};
use altinn_sweep::altinn::check::{self, Notice, Outcome, Row};
use altinn_sweep::altinn::http::Http;
use altinn_sweep::altinn::token::{Key, Tokens};
use altinn_sweep::altinn::{self as altinn, AltinnError};
use altinn_sweep::config::{AltinnConfig, BUILT_IN, Config};
use altinn_sweep::i18n::Lang;
use altinn_sweep::journal::{self, Act, Entry, Failure, Journal, Outcome as JOutcome};
use altinn_sweep::maildir::Folders;
use altinn_sweep::text::inert;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The `[altinn]` section, or the one-line error that says what is missing.
pub fn section(config: &Config, lang: Lang) -> Result<&AltinnConfig, CliError> {
    config.altinn.as_ref().ok_or_else(|| {
        let file = config
            .source
            .as_ref()
            .map_or(BUILT_IN.to_string(), |p| p.display().to_string());
        CliError::Config(altinn_sweep::i18n::cli::no_altinn_section(lang, &file))
    })
}

/// The Dialogporten client of the configuration (reads the key; fetches no token yet).
pub fn client(config: &Config, a: &AltinnConfig) -> Result<Client, CliError> {
    let key = Key::load(config, a).map_err(|e| CliError::Config(e.to_string()))?;
    let http = Http::new(a.timeout());
    Ok(Client::new(http, a.base_url(), Tokens::new(key, a.clone())))
}

fn runtime(e: AltinnError) -> CliError {
    CliError::Runtime(e.to_string())
}

fn l(lang: Lang, nb: &'static str, en: &'static str) -> &'static str {
    lang.pick(nb, en)
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
            })
            .collect(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::Runtime(format!("{}: cannot create the folder: {e}", dir.display()))
        })?;
    }
    let tmp = path.with_extension("json.tmp");
    let data = serde_json::to_vec(&last).map_err(|e| CliError::Runtime(e.to_string()))?;
    let _ = std::fs::remove_file(&tmp);
    private_file(&tmp)
        .and_then(|mut f| f.write_all(&data).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| CliError::Runtime(format!("{}: cannot write: {e}", path.display())))
}

fn append(ctx: &Context, entry: &Entry) -> Result<(), CliError> {
    let journal = Journal::in_dir(&ctx.paths()?.data_dir);
    journal.append(entry).map_err(|e| {
        CliError::Runtime(format!(
            "{}: cannot write the journal: {e}",
            journal.path.display()
        ))
    })
}

/// Journals a failed Altinn action (so the journal shows the attempt), then reports it.
fn failed(ctx: &Context, mut entry: Entry, e: AltinnError) -> CliError {
    entry.fail(JOutcome::Error, Failure::Detail(e.to_string()));
    if let Err(j) = append(ctx, &entry) {
        return CliError::Runtime(format!("{e}; {j}"));
    }
    runtime(e)
}

/// The notification emails of the inbox and the Altinn folder.
fn notices(config: &Config, lang: Lang) -> Vec<Notice> {
    let folders = Folders::new(&config.mail_root(), &config.mail);
    let mut out = Vec::new();
    for folder in [&folders.inbox, &folders.archive] {
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
                l(lang, "advarsel", "warning"),
                shown(folder),
                l(
                    lang,
                    "varslene kan ikke leses; de blir ikke koblet til dialoger",
                    "cannot read the notices; they are not matched to dialogs"
                )
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
    let a = section(&config, lang)?;
    let client = client(&config, a)?;
    let result = check::run(&client, &config, notices(&config, lang));
    let counts = result.as_ref().map(Outcome::counts);
    let entry = Entry::altinn_check(&journal::current_user(), counts.map_err(|e| e.to_string()));
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
    let outcome = check::run(&demo, &config, notices).map_err(runtime)?;
    eprintln!(
        "{}",
        l(
            lang,
            "DEMO: dialogene er laget ut fra varslene i postkassen, ikke hentet fra Altinn; ingenting journalføres",
            "DEMO: the dialogs are made up from the mailbox's notices, not fetched from Altinn; nothing is journaled"
        )
    );
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
            Err(CliError::Runtime(format!("cannot write the output: {e}")))
        }
    })?;
    if json {
        for n in &outcome.notices_without_dialog {
            eprintln!(
                "{}: {}",
                l(lang, "varsel uten dialog", "notice without a dialog"),
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
            l(lang, "sett", "seen")
        } else {
            l(lang, "ULEST", "UNSEEN")
        },
        r.attachments,
        l(lang, "vedlegg", "attachments"),
        r.id,
    )?;
    if r.updated_at != r.created_at && !r.updated_at.is_empty() {
        writeln!(
            out,
            "      {} {}",
            l(lang, "endret", "updated"),
            short_time(&r.updated_at)
        )?;
    }
    match &r.notice {
        Some(p) => writeln!(out, "      {} {}", l(lang, "varsel:", "notice:"), shown(p)),
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
        l(lang, "Altinn-innboksen:", "Altinn inbox:"),
        c.parties,
        l(lang, "parter", "parties"),
        c.dialogs,
        l(lang, "dialoger ikke arkivert", "dialogs not archived"),
        c.unseen,
        l(lang, "uleste", "unseen"),
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
    heading(
        out,
        l(
            lang,
            "UTEN VARSEL – kom ikke som e-post (rutinen pkt. 1)",
            "WITHOUT A NOTICE – no email came for these (routine point 1)",
        ),
        without.len(),
    )?;
    for r in &without {
        line(out, r, lang)?;
    }
    heading(
        out,
        l(lang, "Med varsel", "With a notice"),
        followed.len() - without.len() - older.len(),
    )?;
    for r in followed.iter().filter(|r| r.notice.is_some()) {
        line(out, r, lang)?;
    }
    if !older.is_empty() {
        heading(
            out,
            l(
                lang,
                "Eldre enn varslene i postkassen (ikke koblet mot varsler), ikke arkivert i Altinn",
                "Older than the notices in the mailbox (not matched), not archived in Altinn",
            ),
            older.len(),
        )?;
        for r in &older {
            line(out, r, lang)?;
        }
    }
    heading(
        out,
        l(
            lang,
            "Varsler uten dialog (slettet, eller ikke synlig for systembrukeren)",
            "Notices without a dialog (deleted, or not visible to the system user)",
        ),
        o.notices_without_dialog.len(),
    )?;
    for n in &o.notices_without_dialog {
        writeln!(out, "  {}  {}", shown(&n.path), inert(&n.subject, true))?;
    }
    let own: Vec<&Row> = o.rows.iter().filter(|r| r.own_mail).collect();
    heading(
        out,
        l(
            lang,
            "Enheter som henter egen post (følges ikke opp her)",
            "Units that fetch their own mail (not followed up here)",
        ),
        own.len(),
    )?;
    for r in own {
        line(out, r, lang)?;
    }
    for n in &o.own_mail_notices_without_dialog {
        writeln!(
            out,
            "  {} {}",
            l(lang, "varsel uten dialog:", "notice without a dialog:"),
            shown(&n.path)
        )?;
    }
    Ok(())
}

fn dialog_id(id: &str) -> Result<String, CliError> {
    let id = id.trim().to_ascii_lowercase();
    if altinn::valid_dialog_id(&id) {
        Ok(id)
    } else {
        Err(CliError::Config(format!(
            "{:?} is not a dialog id (a UUID such as 0194a3c2-7f00-7000-8000-000000000001)",
            inert(&id, true)
        )))
    }
}

pub fn fetch(ctx: &Context, id: &str, to: Option<&Path>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let a = section(&config, lang)?;
    let id = dialog_id(id)?;
    let folder = match to {
        Some(d) => d.to_path_buf(),
        None => config.resolve_path(&a.download_folder),
    }
    .join(&id);
    let client = client(&config, a)?;
    eprintln!(
        "{}",
        l(
            lang,
            "NB: å hente dokumentene leser dialogen, og det merker den som SETT i Altinn, for alle.",
            "Note: fetching the documents reads the dialog, which marks it SEEN in Altinn, for everyone."
        )
    );
    let mut entry = Entry::new(Act::AltinnFetch, &journal::current_user());
    entry.dialog = Some(id.clone());
    entry.to_path = Some(folder.to_string_lossy().into_owned());
    let dialog = match client.dialog(&id) {
        Ok(d) => d,
        Err(e) => return Err(failed(ctx, entry, e)),
    };
    entry.recipient_org = altinn::party_org(&dialog.party).map(|o| o.digits());
    entry.subject = dialog
        .content
        .as_ref()
        .and_then(|c| c.title.as_ref())
        .and_then(|t| t.text())
        .map(str::to_string);
    let made = std::fs::create_dir_all(&folder).and_then(|_| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700))
    });
    if let Err(e) = made {
        let e = AltinnError::Io {
            path: folder.display().to_string(),
            detail: e.to_string(),
        };
        return Err(failed(ctx, entry, e));
    }
    let mut saved = Vec::new();
    let mut without_api = 0;
    for att in dialog.attachments.as_deref().unwrap_or_default() {
        let Some(url) = att.api_url() else {
            without_api += 1;
            continue;
        };
        let name = unique_name(&folder, &safe_file_name(&att.file_name()));
        let bytes = match client.download(&url.url, &format!("attachment {name}")) {
            Ok(b) => b,
            Err(e) => return Err(failed(ctx, entry, e)),
        };
        let path = folder.join(&name);
        if let Err(e) = write_new(&path, &bytes) {
            let e = AltinnError::Io {
                path: path.display().to_string(),
                detail: e.to_string(),
            };
            return Err(failed(ctx, entry, e));
        }
        println!("{} {}", l(lang, "lagret", "saved"), shown(&path));
        saved.push(path);
    }
    if without_api > 0 {
        eprintln!(
            "{}: {without_api} {}",
            l(lang, "advarsel", "warning"),
            l(
                lang,
                "vedlegg har ingen adresse for systemer (consumerType Api): åpne dialogen i Arbeidsflate",
                "attachments have no address for systems (consumerType Api): open the dialog in Arbeidsflate"
            )
        );
    }
    entry.note.push(journal::Note::Other(format!(
        "{} file(s) saved; the dialog is now marked seen in Altinn",
        saved.len()
    )));
    append(ctx, &entry)?;
    println!(
        "{} {} {}",
        saved.len(),
        l(lang, "dokument(er) lagret i", "document(s) saved in"),
        shown(&folder)
    );
    Ok(ExitCode::SUCCESS)
}

/// `name`, or `name (2)`, `name (3)`… when a file of that name exists.
fn unique_name(folder: &Path, name: &str) -> String {
    if !folder.join(name).exists() {
        return name.to_string();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    (2..)
        .map(|i| format!("{stem} ({i}){ext}"))
        .find(|n| !folder.join(n).exists())
        .unwrap_or_else(|| name.to_string())
}

/// A new file only its owner can read (dialog titles and documents are the
/// municipality's mail).
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Writes a new file (never over an existing one), 0600, synced.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = private_file(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Deletes the files `fetch` saved for a dialog, and their folder. Only regular files
/// and links directly in `<folder>/<id>` are removed (links as links); anything else
/// there is left and named.
pub fn clean(ctx: &Context, id: &str, to: Option<&Path>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let a = section(&config, lang)?;
    let id = dialog_id(id)?;
    let folder = match to {
        Some(d) => d.to_path_buf(),
        None => config.resolve_path(&a.download_folder),
    }
    .join(&id);
    let mut entry = Entry::new(Act::AltinnClean, &journal::current_user());
    entry.dialog = Some(id.clone());
    entry.from_path = Some(folder.to_string_lossy().into_owned());
    let listing = match std::fs::read_dir(&folder) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CliError::Runtime(format!(
                "{}: {}",
                shown(&folder),
                l(
                    lang,
                    "ingen lokale kopier av denne dialogen",
                    "no local copies of this dialog"
                )
            )));
        }
        Err(e) => {
            let e = AltinnError::Io {
                path: folder.display().to_string(),
                detail: e.to_string(),
            };
            return Err(failed(ctx, entry, e));
        }
    };
    let mut deleted = 0;
    let mut kept = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        let removable = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.file_type().is_file() || m.file_type().is_symlink());
        if removable && std::fs::remove_file(&path).is_ok() {
            deleted += 1;
        } else {
            kept.push(path);
        }
    }
    if kept.is_empty() {
        let _ = std::fs::remove_dir(&folder);
    }
    entry.note.push(journal::Note::Other(format!(
        "{deleted} local file(s) deleted"
    )));
    if !kept.is_empty() {
        let e = AltinnError::Io {
            path: folder.display().to_string(),
            detail: format!("{} item(s) could not be deleted", kept.len()),
        };
        for k in &kept {
            eprintln!("{}: {}", l(lang, "beholdt", "kept"), shown(k));
        }
        return Err(failed(ctx, entry, e));
    }
    append(ctx, &entry)?;
    println!(
        "{deleted} {} {}",
        l(
            lang,
            "lokale kopier slettet fra",
            "local copies deleted from"
        ),
        shown(&folder)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn archive(ctx: &Context, id: &str, revision: Option<&str>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let a = section(&config, lang)?;
    let id = dialog_id(id)?;
    let last = read_last(ctx);
    let known = last
        .as_ref()
        .and_then(|l| l.rows.iter().find(|r| r.id == id));
    let revision = match (revision, known) {
        (Some(r), _) => Some(r.to_string()),
        (None, Some(k)) => k.revision.clone(),
        (None, None) => {
            return Err(CliError::Config(format!(
                "{id}: {}",
                l(
                    lang,
                    "ikke i siste sjekk; kjør `altinn-sweep altinn check` først (eller gi --revision)",
                    "not in the last check; run `altinn-sweep altinn check` first (or give --revision)"
                )
            )));
        }
    };
    let client = client(&config, a)?;
    let mut entry = Entry::new(Act::AltinnArchive, &journal::current_user());
    entry.dialog = Some(id.clone());
    if let Some(k) = known {
        entry.subject = Some(k.title.clone());
        entry.recipient_org = Some(k.party.clone());
    }
    match client.archive(&id, revision.as_deref()) {
        Ok(_) => {
            append(ctx, &entry)?;
            println!(
                "{} {id}",
                l(lang, "arkivert i Altinn:", "archived in Altinn:")
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(failed(ctx, entry, e)),
    }
}

pub fn open(ctx: &Context, id: &str) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let _ = section(&config, lang)?;
    let id = dialog_id(id)?;
    let url = altinn::arbeidsflate_url(&id);
    let mut entry = Entry::new(Act::AltinnOpen, &journal::current_user());
    entry.dialog = Some(id.clone());
    let opened = open_browser(&url);
    if !opened {
        entry
            .note
            .push(journal::Note::Other("no browser could be started".into()));
    }
    append(ctx, &entry)?;
    println!("{url}");
    if !opened {
        eprintln!(
            "{}",
            l(
                lang,
                "(ingen nettleser kunne startes: åpne adressen over selv)",
                "(no browser could be started: open the address above yourself)"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Starts a browser on `url` when there is a display: `$BROWSER`, else `xdg-open`.
/// Waits briefly for it to fail; true when it started.
fn open_browser(url: &str) -> bool {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let program = match std::env::var("BROWSER") {
        Ok(b) if !b.trim().is_empty() => b,
        _ if has_display => "xdg-open".to_string(),
        _ => return false,
    };
    let mut child = match std::process::Command::new(program.trim())
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => return false,
    };
    let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while std::time::Instant::now() < until {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(_) => return false,
        }
    }
    // Still running after two seconds: a browser that stays in the foreground.
    std::thread::spawn(move || child.wait());
    true
}

/// `config check --online`: a token, then the parties.
pub fn online(config: &Config, lang: Lang) -> CmdResult {
    let a = section(config, lang)?;
    let client = client(config, a)?;
    client.token().map_err(runtime)?;
    println!(
        "{} ({})",
        l(
            lang,
            "token fra Maskinporten: ok",
            "token from Maskinporten: ok"
        ),
        a.token_url()
    );
    let parties = client.parties().map_err(runtime)?;
    println!(
        "{} {} ({}):",
        parties.len(),
        l(
            lang,
            "parter systembrukeren kan handle for",
            "parties the system user may act for"
        ),
        a.base_url()
    );
    for p in &parties {
        let org =
            altinn::party_org(&p.party).map_or_else(|| inert(&p.party, true), |o| o.to_string());
        println!("  {org}  {}", inert(&p.name, true));
    }
    if parties.is_empty() {
        eprintln!(
            "{}: {}",
            l(lang, "advarsel", "warning"),
            l(
                lang,
                "ingen parter: systembrukeren har ikke fått tilgangspakker eller tjenester delegert",
                "no parties: the system user has not been delegated access packages or services"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
