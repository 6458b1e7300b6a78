//! `stats`: the last weeks at a glance as a table, CSV (one `section,key,measure,value` row
//! per figure) or JSON.

use super::{CliError, CmdResult, Context, journal::csv_field};
use altinn_sweep::followup;
use altinn_sweep::i18n::{Lang, cli, journal as words};
use altinn_sweep::journal::{Act, Journal};
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
    let listing = followup::list(&config, now).map_err(CliError::Followup)?;
    let entries = super::journal::read(&Journal::in_dir(&paths.data_dir), lang)?;
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
    println!("{} {} – {}", cli::statistics(lang), s.from, s.to);
    println!();
    println!(
        "{}  {}  {}  {}  {}  {}",
        fit(cli::day(lang), 14, true),
        fit(words::act(lang, Act::Archive), 8, false),
        fit(words::act(lang, Act::Delete), 8, false),
        fit(words::act(lang, Act::Forward), 10, false),
        fit(words::act(lang, Act::Skip), 9, false),
        cli::total(lang),
    );
    for d in s.per_day.iter().filter(|d| d.total() > 0) {
        println!(
            "{}  {:>8}  {:>8}  {:>10}  {:>9}  {}",
            cli::weekday_date(lang, d.date),
            d.archive,
            d.delete,
            d.forward,
            d.skip,
            d.total()
        );
    }
    println!();
    println!("{}", cli::per_unit_top10(lang));
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
        cli::arrival_to_distributed(lang),
        s.to_distributed.count,
        cli::items(lang),
        cli::median(lang),
        hours(s.to_distributed.median_hours),
        cli::p90(lang),
        hours(s.to_distributed.p90_hours),
    );
    let f = &s.followups;
    println!(
        "{}: {} ({}: {}), {}",
        cli::open_followups(lang),
        f.open,
        cli::overdue(lang),
        f.overdue,
        f.by_step
            .iter()
            .map(|(k, v)| match followup::Step::parse(k) {
                Some(step) => format!("{} {v}", cli::step_tally(lang, step)),
                None => format!("{} {v}", inert(k, true)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{}: {}",
        cli::days_without_check(lang),
        cli::days(lang, &s.days_without_check)
    );
}
