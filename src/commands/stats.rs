//! `stats`: the last weeks at a glance as a table, CSV (one `section,key,measure,value` row
//! per figure) or JSON.

use super::{CliError, CmdResult, Context, journal::csv_field};
use altinn_sweep::followup;
use altinn_sweep::i18n::{Lang, journal as words};
use altinn_sweep::journal::Journal;
use altinn_sweep::stats::{self, Stats};
use altinn_sweep::text::{fit, inert};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn run(ctx: &Context, format: Format, weeks: u64) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let now = super::followup::now()?;
    let listing = followup::list(&config, now)
        .map_err(|e| CliError::Runtime(words::followup_error(lang, &e)))?;
    let journal = Journal::in_dir(&paths.data_dir);
    let (entries, _) = journal
        .read()
        .map_err(|e| CliError::Runtime(format!("{}: {e}", journal.path.display())))?;
    let checks = followup::checks_by_day(&listing.shared, &entries);
    let s = stats::compute(
        &config,
        &entries,
        &listing,
        &checks,
        now,
        weeks.clamp(1, 52),
    );
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default()),
        Format::Csv => csv(&s),
        Format::Table => table(&s, lang),
    }
    Ok(ExitCode::SUCCESS)
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "-".into(), |h| format!("{h:.1}"))
}

fn csv(s: &Stats) {
    println!("section,key,measure,value");
    let row = |a: &str, b: &str, c: &str, d: String| {
        println!(
            "{},{},{},{}",
            csv_field(a),
            csv_field(b),
            csv_field(c),
            csv_field(&d)
        )
    };
    for d in &s.per_day {
        let day = d.date.to_string();
        row("per_day", &day, "archive", d.archive.to_string());
        row("per_day", &day, "delete", d.delete.to_string());
        row("per_day", &day, "forward", d.forward.to_string());
        row("per_day", &day, "skip", d.skip.to_string());
    }
    for u in &s.per_unit {
        row("per_unit", &u.unit, "notices", u.notices.to_string());
    }
    let t = &s.to_distributed;
    row("to_distributed", "", "count", t.count.to_string());
    row("to_distributed", "", "median_hours", hours(t.median_hours));
    row("to_distributed", "", "p90_hours", hours(t.p90_hours));
    row("followups", "", "open", s.followups.open.to_string());
    row("followups", "", "overdue", s.followups.overdue.to_string());
    for (step, n) in &s.followups.by_step {
        row("followups", step, "open", n.to_string());
    }
    for d in &s.days_without_check {
        row("days_without_check", &d.to_string(), "missing", "1".into());
    }
}

fn table(s: &Stats, lang: Lang) {
    println!(
        "{} {} – {}",
        lang.pick("Statistikk", "Statistics"),
        s.from,
        s.to
    );
    println!();
    println!(
        "{}  {}  {}  {}  {}  {}",
        fit(lang.pick("dag", "day"), 14, true),
        fit(lang.pick("arkiver", "archive"), 8, false),
        fit(lang.pick("slett", "delete"), 8, false),
        fit(lang.pick("videresend", "forward"), 10, false),
        fit(lang.pick("hopp over", "skip"), 9, false),
        lang.pick("sum", "total"),
    );
    for d in s.per_day.iter().filter(|d| d.total() > 0) {
        println!(
            "{}  {:>8}  {:>8}  {:>10}  {:>9}  {}",
            d.date.format("%a %Y-%m-%d"),
            d.archive,
            d.delete,
            d.forward,
            d.skip,
            d.total()
        );
    }
    println!();
    println!(
        "{}",
        lang.pick("Per enhet (topp 10):", "Per unit (top 10):")
    );
    for u in &s.per_unit {
        println!(
            "  {}  {}",
            fit(&format!("{}", u.notices), 4, false),
            inert(&u.unit, true)
        );
    }
    println!();
    println!(
        "{}: {} {}, {} {} h, {} {} h",
        lang.pick("Fra mottatt til fordelt", "From arrival to distributed"),
        s.to_distributed.count,
        lang.pick("saker", "items"),
        lang.pick("median", "median"),
        hours(s.to_distributed.median_hours),
        lang.pick("90. persentil", "90th percentile"),
        hours(s.to_distributed.p90_hours),
    );
    let f = &s.followups;
    println!(
        "{}: {} ({}: {}), {}",
        lang.pick("Åpne oppfølgingssaker", "Open follow-ups"),
        f.open,
        lang.pick("forfalt", "overdue"),
        f.overdue,
        f.by_step
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{}: {}",
        lang.pick(
            "Arbeidsdager uten daglig sjekk",
            "Working days without the daily check"
        ),
        if s.days_without_check.is_empty() {
            lang.pick("ingen", "none").to_string()
        } else {
            s.days_without_check
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
}
