//! `journal`: today's (or a date range's) journal entries as a table, JSON Lines or CSV;
//! `undo`: reverse the last actions or one entry.

use super::{CliError, CmdResult, Context};
use altinn_sweep::actions::{self, Actor};
use altinn_sweep::config::Language;
use altinn_sweep::i18n::cli;
use altinn_sweep::i18n::{Lang, journal as words};
use altinn_sweep::journal::{self, Entry, Journal, Outcome};
use altinn_sweep::maildir::text_path;
use altinn_sweep::text::{fit, inert};
use chrono::NaiveDate;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

fn parse_date(s: &str, flag: &'static str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|problem| CliError::BadDate {
        flag,
        value: s.to_string(),
        problem,
    })
}

/// The journal's entries; damaged lines are skipped with a warning in `lang`.
pub fn read(journal: &Journal, lang: Lang) -> Result<Vec<Entry>, CliError> {
    let (entries, bad) = journal.read().map_err(|source| CliError::ReadJournal {
        path: journal.path.clone(),
        source,
    })?;
    for b in bad {
        eprintln!(
            "{}",
            cli::damaged_line(lang, &journal.path, b.line, &inert(&b.problem, true))
        );
    }
    Ok(entries)
}

pub fn show(ctx: &Context, since: Option<&str>, until: Option<&str>, format: Format) -> CmdResult {
    // the journal is shown without a valid configuration too (in the locale's language)
    let lang = ctx
        .load()
        .map_or_else(|_| Lang::resolve(Language::Auto), |(_, lang)| lang);
    let paths = ctx.paths()?;
    let journal = Journal::in_dir(&paths.data_dir);
    let today = super::followup::now()?.date_naive();
    let since = since.map(|s| parse_date(s, "--since")).transpose()?;
    let until = until.map(|s| parse_date(s, "--until")).transpose()?;
    let (from, to) = match (since, until) {
        (None, None) => (today, today),
        (Some(s), None) => (s, NaiveDate::MAX),
        (None, Some(u)) => (NaiveDate::MIN, u),
        (Some(s), Some(u)) => (s, u),
    };
    let entries = journal::between_days(read(&journal, lang)?, from, to);
    match format {
        Format::Json => {
            for e in &entries {
                println!("{}", serde_json::to_string(e).unwrap_or_default());
            }
        }
        Format::Csv => {
            println!("{}", CSV_COLUMNS.join(","));
            for e in &entries {
                let json = serde_json::to_value(e).unwrap_or_default();
                let fields: Vec<String> = CSV_COLUMNS
                    .iter()
                    .map(|c| match &json[*c] {
                        serde_json::Value::String(s) => csv_field(s),
                        serde_json::Value::Null => String::new(),
                        other => csv_field(&other.to_string()),
                    })
                    .collect();
                println!("{}", fields.join(","));
            }
        }
        Format::Table => {
            let missing = days_without_check(ctx, from, to, lang);
            if entries.is_empty() {
                if let Some(line) = &missing {
                    println!("{line}");
                }
                println!(
                    "({}: {})",
                    cli::no_entries_in_period(lang),
                    journal.path.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            // entry ids are what `undo --entry` takes
            println!(
                "{}  {}  {}  {}  {}  {}  {}",
                fit(cli::time(lang), 19, true),
                fit(cli::user(lang), 10, true),
                fit(cli::action(lang), 12, true),
                fit(cli::result(lang), 7, true),
                fit(cli::subject(lang), 40, true),
                fit(cli::entry(lang), 26, true),
                cli::to(lang),
            );
            for e in &entries {
                let what = match (&e.forward_to, &e.to_path) {
                    _ if e.step.is_some() => format!(
                        "→ {}{}",
                        e.step.map(|s| words::step(lang, s)).unwrap_or_default(),
                        e.to_whom
                            .as_deref()
                            .map(|t| format!(": {t}"))
                            .unwrap_or_default()
                    ),
                    (Some(to), _) => format!("→ {to}"),
                    (None, Some(p)) => format!("→ {}", super::shown(&text_path(p))),
                    _ => String::new(),
                };
                let what = match (&e.counts, &e.dialog) {
                    (Some(c), _) => words::check_counts(lang, c),
                    (None, Some(d)) if what.is_empty() => format!("dialog {d}"),
                    _ => what,
                };
                let result = match e.result {
                    Outcome::Ok => "ok",
                    Outcome::Error => cli::error(lang),
                    Outcome::Refused => cli::refused(lang),
                    Outcome::Pending => cli::pending(lang),
                };
                println!(
                    "{}  {}  {}  {}  {}  {}  {}{}",
                    e.ts.format("%Y-%m-%d %H:%M:%S"),
                    fit(&inert(&e.user, true), 10, true),
                    fit(words::act(lang, e.action), 12, true),
                    fit(result, 7, true),
                    fit(&inert(e.subject.as_deref().unwrap_or(""), true), 40, true),
                    fit(&inert(&e.entry, true), 26, true),
                    inert(&what, true),
                    e.error
                        .as_ref()
                        .map(|x| format!("  [{}]", inert(&words::failure(lang, x), true)))
                        .unwrap_or_default()
                );
            }
            if let Some(line) = &missing {
                println!("{line}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The working days of the period (at most the last four weeks, and never today, which
/// is not over) without a daily check, from this PC's journal and the mailbox's shared
/// records; `None` when the period has no such day to judge.
fn days_without_check(ctx: &Context, from: NaiveDate, to: NaiveDate, lang: Lang) -> Option<String> {
    let today = super::followup::now().ok()?.date_naive();
    let earliest = today - chrono::Days::new(super::check::LOOK_BACK_DAYS);
    let from = from.max(earliest);
    let until = to.min(today);
    if from >= until {
        return None;
    }
    let (config, _) = ctx.load().ok()?;
    let paths = ctx.paths().ok()?;
    let shared =
        altinn_sweep::followup::Shared::read(&altinn_sweep::followup::Store::new(&config)).ok()?;
    let (journal, _) = Journal::in_dir(&paths.data_dir).read().ok()?;
    let checks = altinn_sweep::followup::checks_by_day(&shared, &journal);
    // days up to `until`, today excluded
    let end = if until == today {
        today
    } else {
        until.succ_opt()?
    };
    let missing = altinn_sweep::followup::days_without_check(&checks, from, end);
    Some(format!(
        "{}: {}",
        cli::days_without_check(lang),
        cli::days(lang, &missing)
    ))
}

/// The CSV columns: JSON field names of the journal, in this order.
const CSV_COLUMNS: [&str; 16] = [
    "ts",
    "user",
    "action",
    "suggested",
    "rule",
    "id",
    "message_id",
    "subject",
    "recipient_org",
    "from_path",
    "to_path",
    "forward_to",
    "result",
    "error",
    "note",
    "entry",
];

/// One CSV field that cannot hurt the terminal or the spreadsheet it is opened in:
/// control characters (ESC, BEL, the OSC and CSI that start with them, CR) become visible
/// stand-ins ([`inert`]; line breaks and tabs stay, quoted), and a field that a
/// spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab or CR, or
/// their full-width forms) gets a leading `'`, as OWASP's CSV-injection advice says.
pub fn csv_field(s: &str) -> String {
    let mut text = inert(s, false);
    if text.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ]) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\t']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub fn undo(
    ctx: &Context,
    last: Option<usize>,
    entry: Option<&str>,
    wait: std::time::Duration,
) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let actor = Actor::new(&config, &paths.data_dir);
    let _lock = super::apply::lock(&actor, lang, wait)?;
    actor.preflight().map_err(CliError::Act)?;
    let all = read(&actor.journal, lang)?;
    let targets: Vec<&Entry> = match entry {
        Some(id) => vec![
            all.iter()
                .find(|e| e.entry == id)
                .ok_or_else(|| CliError::NoJournalEntry(id.to_string()))?,
        ],
        None => actions::undo_candidates(&all, last.unwrap_or(1)),
    };
    if targets.is_empty() {
        println!("{}", cli::nothing_to_undo(lang));
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = false;
    for t in targets {
        let subject = inert(t.subject.as_deref().unwrap_or(""), true);
        match actor.undo(t, &all) {
            Ok(e) if e.ok() => {
                println!(
                    "{} ({}): {subject:?} {} {}",
                    cli::undone(lang),
                    words::act(lang, t.action),
                    cli::is_back_in(lang),
                    e.to_path
                        .as_deref()
                        .map_or("?".into(), |p| super::shown(&text_path(p)))
                );
                for note in &e.note {
                    println!(
                        "  {}: {} ({} {})",
                        cli::note(lang),
                        words::note(lang, note),
                        cli::to(lang),
                        t.forward_to.as_deref().unwrap_or("?")
                    );
                }
            }
            Ok(e) => {
                failed = true;
                eprintln!(
                    "{}: {subject:?}: {}",
                    cli::undo_error_of(lang),
                    inert(
                        &e.error
                            .map(|f| words::failure(lang, &f))
                            .unwrap_or_default(),
                        true
                    )
                );
            }
            Err(e) => {
                failed = true;
                eprintln!(
                    "{}: {subject:?}: {}",
                    cli::undo_error_of(lang),
                    inert(&words::undo_error(lang, &e), true)
                );
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_carry_no_controls_and_no_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\u{ff1d}1+1",
        ] {
            let f = csv_field(formula);
            assert!(
                f.starts_with("\"'") || f.starts_with('\''),
                "{formula:?} → {f:?}"
            );
        }
        let hostile = csv_field("x\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m\r");
        assert!(
            !hostile.chars().any(|c| c.is_control()),
            "no control character left: {hostile:?}"
        );
        assert!(hostile.contains("␛]52"), "{hostile:?}");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
