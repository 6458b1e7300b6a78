//! `journal`: today's (or a date range's) journal entries as a table, JSON Lines or CSV;
//! `undo`: reverse the last actions or one entry.

use super::{CliError, CmdResult, Context};
use altinn_sweep::actions::Actor;
use altinn_sweep::config::Language;
use altinn_sweep::i18n::{self, Lang};
use altinn_sweep::journal::{Entry, Journal};
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

fn parse_date(s: &str, flag: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        CliError::Config(format!(
            "{flag} {s:?}: expected a date like 2026-11-26 ({e})"
        ))
    })
}

fn read(journal: &Journal) -> Result<Vec<Entry>, CliError> {
    let (entries, bad) = journal.read().map_err(|e| {
        CliError::Runtime(format!(
            "{}: cannot read the journal: {e}",
            journal.path.display()
        ))
    })?;
    for b in bad {
        eprintln!(
            "warning: {}:{}: damaged line skipped ({})",
            journal.path.display(),
            b.line,
            b.problem
        );
    }
    Ok(entries)
}

pub fn show(ctx: &Context, since: Option<&str>, until: Option<&str>, format: Format) -> CmdResult {
    let paths = ctx.paths()?;
    let journal = Journal::in_dir(&paths.data_dir);
    let today = chrono::Local::now().date_naive();
    let since = since.map(|s| parse_date(s, "--since")).transpose()?;
    let until = until.map(|s| parse_date(s, "--until")).transpose()?;
    let (from, to) = match (since, until) {
        (None, None) => (today, today),
        (Some(s), None) => (s, NaiveDate::MAX),
        (None, Some(u)) => (NaiveDate::MIN, u),
        (Some(s), Some(u)) => (s, u),
    };
    let entries: Vec<Entry> = read(&journal)?
        .into_iter()
        .filter(|e| {
            let day =
                e.ts.get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            day.is_some_and(|d| d >= from && d <= to)
        })
        .collect();
    match format {
        Format::Json => {
            for e in &entries {
                println!("{}", serde_json::to_string(e).unwrap_or_default());
            }
        }
        Format::Csv => {
            println!(
                "ts,user,action,suggested,rule,id,message_id,subject,recipient_org,from_path,to_path,forward_to,result,error,note,entry"
            );
            for e in &entries {
                let fields = [
                    Some(e.ts.as_str()),
                    Some(e.user.as_str()),
                    Some(e.action.as_str()),
                    e.suggested.as_deref(),
                    e.rule.as_deref(),
                    e.id.as_deref(),
                    e.message_id.as_deref(),
                    e.subject.as_deref(),
                    e.recipient_org.as_deref(),
                    e.from_path.as_deref(),
                    e.to_path.as_deref(),
                    e.forward_to.as_deref(),
                    Some(e.result.as_str()),
                    e.error.as_deref(),
                    e.note.as_deref(),
                    Some(e.entry.as_str()),
                ];
                println!(
                    "{}",
                    fields
                        .iter()
                        .map(|f| csv_field(f.unwrap_or("")))
                        .collect::<Vec<_>>()
                        .join(",")
                );
            }
        }
        Format::Table => {
            if entries.is_empty() {
                let lang = ctx
                    .load()
                    .map_or_else(|_| Lang::resolve(Language::Auto), |(_, lang)| lang);
                println!(
                    "({}: {})",
                    lang.pick(
                        "ingen oppføringer i journalen for den perioden; journal",
                        "no journal entries in that period; journal"
                    ),
                    journal.path.display()
                );
            }
            for e in &entries {
                let what = match (&e.forward_to, &e.to_path) {
                    (Some(to), _) => format!("→ {to}"),
                    (None, Some(p)) => format!("→ {}", super::shown(&text_path(p))),
                    _ => String::new(),
                };
                println!(
                    "{}  {}  {}  {}  {}  {}{}",
                    fit(e.ts.get(..19).unwrap_or(&e.ts), 19, true),
                    fit(&e.user, 10, true),
                    fit(&e.action, 8, true),
                    fit(&e.result, 5, true),
                    fit(&inert(e.subject.as_deref().unwrap_or(""), true), 40, true),
                    inert(&what, true),
                    e.error
                        .as_ref()
                        .map(|x| format!("  [{}]", inert(x, true)))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One CSV field that cannot hurt the terminal or the spreadsheet it is opened in:
/// control characters (ESC, BEL, the OSC and CSI that start with them, CR) become visible
/// stand-ins ([`inert`]; line breaks and tabs stay, quoted), and a field that a
/// spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab or CR, or
/// their full-width forms) gets a leading `'`, as OWASP's CSV-injection advice says.
fn csv_field(s: &str) -> String {
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

pub fn undo(ctx: &Context, last: Option<usize>, entry: Option<&str>) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let actor = Actor::new(&config, &paths.data_dir);
    let _lock = actor.lock().map_err(|e| {
        CliError::Runtime(format!(
            "cannot take the lock in {}: {e}",
            paths.data_dir.display()
        ))
    })?;
    let all = read(&actor.journal)?;
    let undone = |e: &Entry| {
        all.iter()
            .any(|u| u.ok() && u.undoes.as_deref() == Some(&e.entry))
    };
    let targets: Vec<&Entry> = match entry {
        Some(id) => vec![
            all.iter()
                .find(|e| e.entry == id)
                .ok_or_else(|| CliError::Runtime(format!("no journal entry {id:?}")))?,
        ],
        None => all
            .iter()
            .rev()
            .filter(|e| {
                e.ok()
                    && matches!(e.action.as_str(), "archive" | "delete" | "forward")
                    && !undone(e)
            })
            .take(last.unwrap_or(1))
            .collect(),
    };
    let l = |nb, en| lang.pick(nb, en);
    if targets.is_empty() {
        println!("{}", l("ingenting å angre", "nothing to undo"));
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = false;
    for t in targets {
        let subject = inert(t.subject.as_deref().unwrap_or(""), true);
        match actor.undo(t, &all) {
            Ok(e) if e.ok() => {
                println!(
                    "{} ({}): {subject:?} {} {}",
                    l("angret", "undone"),
                    i18n::action(lang, &t.action),
                    l("er tilbake i", "is back in"),
                    e.to_path
                        .as_deref()
                        .map_or("?".into(), |p| super::shown(&text_path(p)))
                );
                if let Some(note) = e.note {
                    let recalled = note.contains("cannot be recalled");
                    let text = match (lang, recalled) {
                        (Lang::Nb, true) => "videresendingen er sendt og kan ikke kalles tilbake",
                        (Lang::Nb, false) => {
                            "videresendingen ble bare skrevet til Outbox, ikke sendt"
                        }
                        (Lang::En, _) => &inert(&note, true),
                    };
                    println!(
                        "  {}: {text} ({} {})",
                        l("merk", "note"),
                        l("til", "to"),
                        t.forward_to.as_deref().unwrap_or("?")
                    );
                }
            }
            Ok(e) => {
                failed = true;
                eprintln!(
                    "{}: {subject:?}: {}",
                    l("feil ved angring av", "error: undo of"),
                    inert(&e.error.unwrap_or_default(), true)
                );
            }
            Err(e) => {
                failed = true;
                eprintln!(
                    "{}: {subject:?}: {}",
                    l("feil ved angring av", "error: undo of"),
                    inert(&e, true)
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
