//! `apply`: show the plan for every listed, non-suspicious notification; with `--yes`,
//! carry it out and journal each action.

use super::{CliError, CmdResult, Context};
use altinn_sweep::actions::{self, Actor, Outcome, Plan};
use altinn_sweep::config::{Action, is_placeholder_address};
use altinn_sweep::i18n;
use altinn_sweep::scan;
use altinn_sweep::text::{fit, inert};
use std::process::ExitCode;

pub fn run(ctx: &Context, yes: bool, rules: &[String]) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let actor = Actor::new(&config, &paths.data_dir);
    for r in rules {
        if !config.rules.iter().any(|x| &x.get_ref().name == r) {
            return Err(CliError::Config(format!(
                "--rule {r:?}: no rule has that name (see `config check`)"
            )));
        }
    }
    let report = scan::scan(&actor.folders.inbox, &config, &|_, _| {})
        .map_err(|e| CliError::Runtime(format!("cannot read the inbox: {e}")))?;
    super::print_warnings(&report, lang);
    let mut plans: Vec<Plan> = Vec::new();
    let mut left = 0usize;
    for item in &report.items {
        let a = &item.analysis;
        if a.suspicious() || matches!(a.suggestion.action, Action::Skip) {
            left += 1;
            continue;
        }
        if !rules.is_empty() && !rules.contains(&a.suggestion.rule) {
            continue;
        }
        plans.push(actions::plan(
            item,
            a.suggestion.action.clone(),
            &actor.folders,
            &config,
        ));
    }
    if plans.is_empty() {
        println!("{}", lang.pick("Ingenting å gjøre.", "Nothing to do."));
    }
    for p in &plans {
        let target = match (&p.target_folder, &p.target_name) {
            (Some(f), Some(n)) => f.join(p.sub.dir_name()).join(n).display().to_string(),
            _ => "-".into(),
        };
        let action = match p.action.forward_to() {
            Some(to) => format!("{} → {to}", i18n::action(lang, "forward")),
            None => i18n::action(lang, p.action.name()).to_string(),
        };
        println!(
            "{}  {}  {}",
            fit(&inert(p.subject.as_deref().unwrap_or(""), true), 44, true),
            fit(&action, 34, true),
            target
        );
    }
    if left > 0 {
        println!(
            "{left} {}",
            lang.pick(
                "varsler blir liggende (mistenkelige eller uten regel).",
                "notifications stay in the inbox (suspicious or no rule)."
            )
        );
    }
    if !yes {
        println!(
            "{}",
            lang.pick(
                "Ingenting er endret. Kjør `apply --yes` for å utføre planen.",
                "Nothing was changed. Run `apply --yes` to carry out the plan."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }

    let _lock = actor.lock().map_err(|e| {
        CliError::Runtime(format!(
            "cannot take the lock in {}: {e}",
            paths.data_dir.display()
        ))
    })?;
    let mut done: Vec<(&'static str, usize)> = Vec::new();
    let mut failed = 0usize;
    let mut gone = 0usize;
    for p in &plans {
        let subject = inert(p.subject.as_deref().unwrap_or(""), true);
        if let Some(to) = p.action.forward_to()
            && is_placeholder_address(to)
        {
            failed += 1;
            eprintln!(
                "{}: {subject}: {to} {}",
                lang.pick("feil", "error"),
                lang.pick(
                    "er en plassholder: sett Lønns adresse i konfigurasjonen (regel sick-pay-not-submitted)",
                    "is a placeholder: set payroll's address in the configuration (rule sick-pay-not-submitted)"
                )
            );
            continue;
        }
        match actor.perform(p) {
            Ok(Outcome::Journaled(e)) if e.ok() => {
                let name = p.action.name();
                match done.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, c)) => *c += 1,
                    None => done.push((name, 1)),
                }
                if let Some(note) = &e.note {
                    println!("{subject}: {note}");
                }
            }
            Ok(Outcome::Journaled(e)) => {
                failed += 1;
                eprintln!(
                    "{}: {subject}: {}",
                    lang.pick("feil", "error"),
                    e.error.unwrap_or_default()
                );
            }
            Ok(Outcome::Gone) => {
                gone += 1;
                println!(
                    "{subject}: {}",
                    lang.pick(
                        "allerede håndtert et annet sted (ikke lenger i innboksen)",
                        "already handled elsewhere (no longer in the inbox)"
                    )
                );
            }
            Err(e) => {
                // The journal cannot be written: stop, so that nothing more is done
                // without an audit trail. The message says whether this one was done.
                failed += 1;
                eprintln!("{}: {subject}: {e}", lang.pick("feil", "error"));
                eprintln!(
                    "{}",
                    lang.pick(
                        "Stopper: ingenting mer gjøres før journalen kan skrives.",
                        "Stopping: nothing more is done until the journal can be written."
                    )
                );
                break;
            }
        }
    }
    let summary = done
        .iter()
        .map(|(n, c)| format!("{} {c}", i18n::action(lang, n)))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "{}: {}; {} {failed}; {} {gone}.",
        lang.pick("Utført", "Done"),
        if summary.is_empty() {
            "-".into()
        } else {
            summary
        },
        lang.pick("feilet", "failed"),
        lang.pick("allerede håndtert", "already handled"),
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
