//! `followup`: the open follow-up items (routine point 3) as a table, JSON Lines or CSV;
//! `followup step ID STEP [--to WHOM]` moves one on; `followup open ID` gives the Altinn
//! address for the item's party; `followup recipients` the choices for "distributed to".

use super::{CliError, CmdResult, Context, journal::csv_field};
use altinn_sweep::actions::Actor;
use altinn_sweep::followup::{self, Item, Step};
use altinn_sweep::i18n::{Lang, cli, journal as words};
use altinn_sweep::text::{fit, inert};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Now: the clock, or `ALTINN_SWEEP_NOW` (RFC 3339) when set — the injectable clock of
/// the tests and demos that play a week through.
pub fn now() -> Result<altinn_sweep::journal::Timestamp, CliError> {
    match std::env::var("ALTINN_SWEEP_NOW") {
        Ok(t) if !t.is_empty() => {
            chrono::DateTime::parse_from_rfc3339(&t).map_err(|problem| CliError::BadNow {
                value: t.clone(),
                problem,
            })
        }
        _ => Ok(altinn_sweep::journal::now()),
    }
}

fn listing(
    config: &altinn_sweep::config::Config,
    lang: Lang,
) -> Result<followup::Listing, CliError> {
    let l = followup::list(config, now()?).map_err(CliError::Followup)?;
    for w in &l.warnings {
        eprintln!(
            "{}: {}: {}",
            cli::warning(lang),
            super::shown(&w.path),
            super::shown_text(&cli::followup_problem(lang, &w.problem))
        );
    }
    Ok(l)
}

pub fn list(ctx: &Context, format: Format, overdue_only: bool) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let l = listing(&config, lang)?;
    let items: Vec<&Item> = l
        .open()
        .into_iter()
        .filter(|i| !overdue_only || i.overdue)
        .collect();
    let url = |i: &Item| {
        i.party
            .org
            .map(|o| config.followup.altinn_url_for(&o))
            .unwrap_or_default()
    };
    match format {
        Format::Json => {
            for i in &items {
                let v = serde_json::json!({
                    "id": i.id,
                    "path": i.path.to_string_lossy(),
                    "step": i.step,
                    "party": i.party.name,
                    "party_org": i.party.org.map(|o| o.digits()),
                    "age_days": i.age_days,
                    "overdue": i.overdue,
                    "arrived": i.arrived.map(|t| t.to_rfc3339()),
                    "subject": i.subject,
                    "distributed_to": i.distributed_to,
                    "last_by": i.last_by,
                    "last_at": i.last_at.map(|t| t.to_rfc3339()),
                    "altinn_url": url(i),
                });
                println!("{v}");
            }
        }
        Format::Csv => {
            println!(
                "id,step,age_days,overdue,party,party_org,arrived,subject,distributed_to,last_by,path"
            );
            for i in &items {
                let fields = [
                    i.id.clone(),
                    i.step.name().to_string(),
                    i.age_days.to_string(),
                    i.overdue.to_string(),
                    i.party.name.clone(),
                    i.party.org.map(|o| o.digits()).unwrap_or_default(),
                    i.arrived.map(|t| t.to_rfc3339()).unwrap_or_default(),
                    i.subject.clone(),
                    i.distributed_to.clone().unwrap_or_default(),
                    i.last_by.clone().unwrap_or_default(),
                    i.path.to_string_lossy().into_owned(),
                ];
                let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                println!("{}", row.join(","));
            }
        }
        Format::Table => {
            if items.is_empty() {
                println!(
                    "{}",
                    if overdue_only {
                        cli::no_overdue_followups(lang)
                    } else {
                        cli::no_open_followups(lang)
                    }
                );
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "   {}  {}  {}  {}  {}",
                fit("id", 12, true),
                fit(cli::step_heading(lang), 18, true),
                fit(cli::age(lang), 5, true),
                fit(cli::represent_heading(lang), 34, true),
                cli::subject(lang),
            );
            for i in &items {
                let party = match i.party.org {
                    Some(o) => format!("{} ({o})", i.party.name),
                    None => i.party.name.clone(),
                };
                let mut step = words::step(lang, i.step).to_string();
                if let Some(to) = &i.distributed_to {
                    step = format!("{step} → {to}");
                }
                println!(
                    "{}  {}  {}  {}  {}  {}",
                    if i.overdue { "!" } else { " " },
                    fit(&i.id, 12, true),
                    fit(&inert(&step, true), 18, true),
                    fit(&format!("{}d", i.age_days), 5, true),
                    fit(&inert(&party, true), 34, true),
                    inert(&i.subject, true),
                );
            }
            let overdue = items.iter().filter(|i| i.overdue).count();
            println!(
                "{}: {}  {}: {overdue} ({} {})",
                cli::open_count(lang),
                items.len(),
                cli::overdue(lang),
                cli::older_than(lang),
                cli::working_days(lang, config.followup.overdue_after_days)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn step(ctx: &Context, id: &str, step: &str, to: Option<&str>, wait: Duration) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let Some(step) = Step::parse(step).filter(|s| *s != Step::Open) else {
        return Err(CliError::UnknownStep(step.to_string()));
    };
    let paths = ctx.paths()?;
    let actor = Actor::new(&config, &paths.data_dir);
    let _lock = super::apply::lock(&actor, lang, wait)?;
    let entry = followup::advance(&actor, id, step, to, now()?).map_err(CliError::Followup)?;
    if let Some(f) = entry.error.as_ref().filter(|_| !entry.ok()) {
        return Err(CliError::Failed(f.clone()));
    }
    let to_whom = entry
        .to_whom
        .as_deref()
        .map(|t| format!(" → {}", inert(t, true)))
        .unwrap_or_default();
    println!(
        "{id}: {}{to_whom} ({} {})",
        words::step(lang, step),
        cli::entry(lang),
        entry.entry
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints the Altinn address for the item's party and starts the browser on it when there
/// is a graphical session; nothing from the notice is ever opened.
pub fn open(ctx: &Context, id: &str) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let l = listing(&config, lang)?;
    let item = l
        .items
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| CliError::NoSuchItem(id.to_string()))?;
    let Some(org) = item.party.org else {
        return Err(CliError::NoParty);
    };
    let url = config.followup.altinn_url_for(&org);
    println!(
        "{} {} ({org}):\n{url}",
        cli::represent(lang),
        inert(&item.party.name, true)
    );
    let graphical = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    let started = graphical
        && std::process::Command::new("xdg-open")
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_ok();
    if !started {
        println!("{}", cli::no_browser(lang));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn recipients(ctx: &Context) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let l = listing(&config, lang)?;
    for r in followup::recipient_choices(&config, &l.shared) {
        println!("{}", inert(&r, true));
    }
    Ok(ExitCode::SUCCESS)
}
