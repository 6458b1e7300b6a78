//! `check [--note TEXT]`: records the daily check of the Altinn inbox (routine point 1),
//! in the journal and, for the whole roster, in the mailbox; `check --status`: today's
//! state, who is on duty, and the working days of the last weeks without a check.

use super::{CliError, CmdResult, Context};
use altinn_sweep::actions::Actor;
use altinn_sweep::followup;
use altinn_sweep::i18n::{Lang, cli};
use altinn_sweep::text::inert;
use chrono::Days;
use std::process::ExitCode;
use std::time::Duration;

/// How far back `--status` and `stats` look for days without a check.
pub const LOOK_BACK_DAYS: u64 = followup::CHECK_LOOK_BACK_DAYS;

pub fn record(ctx: &Context, note: Option<&str>, wait: Duration) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let actor = Actor::new(&config, &paths.data_dir);
    let _lock = super::apply::lock(&actor, lang, wait)?;
    actor.preflight().map_err(CliError::Act)?;
    let now = super::followup::now()?;
    let entry = followup::register_check(&actor, note, now).map_err(CliError::Act)?;
    if let Some(f) = &entry.error {
        return Err(CliError::Failed(f.clone()));
    }
    println!(
        "{} {} {}",
        cli::check_recorded(lang),
        entry.user,
        entry.ts.format("%Y-%m-%d %H:%M")
    );
    Ok(ExitCode::SUCCESS)
}

pub fn status(ctx: &Context) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let now = super::followup::now()?;
    let today = now.date_naive();
    let store = followup::Store::new(&config);
    let shared = followup::Shared::read(&store).map_err(CliError::Followup)?;
    let (journal, _) = altinn_sweep::journal::Journal::in_dir(&paths.data_dir)
        .read()
        .unwrap_or_default();
    let checks = followup::checks_by_day(&shared, &journal);
    for line in status_lines(lang, &config, &checks, today) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Today's check, who is on duty, and the days without a check: shared by `check
/// --status` and `stats`.
pub fn status_lines(
    lang: Lang,
    config: &altinn_sweep::config::Config,
    checks: &std::collections::HashMap<
        chrono::NaiveDate,
        (String, altinn_sweep::journal::Timestamp, Option<String>),
    >,
    today: chrono::NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    let duty = config.roster.on_duty(today);
    out.push(format!(
        "{} {today}: {}",
        cli::on_duty(lang),
        duty.map_or_else(|| cli::nobody_listed(lang).to_string(), |d| inert(d, true))
    ));
    out.push(match checks.get(&today) {
        Some((by, at, note)) => format!(
            "{} {} {}{}",
            cli::check_today_done_by(lang),
            inert(by, true),
            at.format("%H:%M"),
            note.as_deref()
                .map(|n| format!(" ({})", inert(n, true)))
                .unwrap_or_default()
        ),
        None => cli::check_today_not_done(lang).to_string(),
    });
    let from = today - Days::new(LOOK_BACK_DAYS);
    let missing = followup::days_without_check(checks, from, today);
    out.push(format!(
        "{} ({} {from}): {}",
        cli::days_without_check(lang),
        cli::since(lang),
        cli::days(lang, &missing)
    ));
    out
}
