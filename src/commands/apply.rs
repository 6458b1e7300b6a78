//! `apply`: show the plan for every listed, non-suspicious notification; with `--yes`,
//! carry it out and journal each action. Which notifications a batch takes, and what is
//! refused, is the actions layer's policy ([`actions::select_batch`],
//! [`Actor::refusal`]), the same as the TUI's.

use super::{CliError, CmdResult, Context};
use altinn_sweep::actions::{self, Actor, LeftOut, Performed, Plan};
use altinn_sweep::i18n::cli;
use altinn_sweep::i18n::{self, Lang, journal as words};
use altinn_sweep::journal::{Act, Outcome};
use altinn_sweep::scan;
use altinn_sweep::text::{fit, inert};
use std::process::ExitCode;

/// How long `apply --yes` and `undo` wait, by default, for another process that acts on
/// the same mailbox (`--wait`).
pub const LOCK_WAIT_SECONDS: u64 = 30;

/// Takes the mailbox lock for the CLI: says once who holds it, gives up after `wait`.
pub fn lock(
    actor: &Actor,
    lang: Lang,
    wait: std::time::Duration,
) -> Result<actions::LockGuard, CliError> {
    actor
        .lock_within(wait, &mut |holder| {
            eprintln!(
                "{} ({}) …",
                cli::waiting_for_lock(lang),
                holder.map_or_else(|| "?".to_string(), |h| words::holder(lang, h))
            )
        })
        .map_err(CliError::Lock)
}

pub fn run(
    ctx: &Context,
    yes: bool,
    rules: &[String],
    resend: bool,
    wait: std::time::Duration,
) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let paths = ctx.paths()?;
    let actor = Actor::new(&config, &paths.data_dir);
    for r in rules {
        if !config.rules.iter().any(|x| &x.get_ref().name == r) {
            return Err(CliError::UnknownRule(r.clone()));
        }
    }
    let cache = ctx.cache_dir();
    let report = scan::scan_with(&actor.folders.inbox, &config, cache.as_deref(), &|_, _| {})
        .map_err(CliError::Inbox)?;
    super::print_warnings(&report, lang);
    let in_scope = report
        .items
        .iter()
        .filter(|i| rules.is_empty() || rules.contains(&i.analysis.suggestion.rule));
    let selection = actions::select_batch(in_scope);
    let plans: Vec<Plan> = selection
        .chosen
        .iter()
        .map(|(item, action)| actions::plan(item, action.clone(), &actor.folders, &config))
        .collect();
    // Forwards to a placeholder address are refused, and say so in the plan too.
    let placeholders: Vec<Plan> = selection
        .left
        .iter()
        .filter(|(_, why)| matches!(why, LeftOut::Placeholder(_)))
        .map(|(item, _)| {
            actions::plan(
                item,
                item.analysis.suggestion.action.clone(),
                &actor.folders,
                &config,
            )
        })
        .collect();
    if plans.is_empty() && placeholders.is_empty() {
        println!("{}", cli::nothing_to_do(lang));
    }
    for p in plans.iter().chain(&placeholders) {
        let target = match (&p.target_folder, &p.target_name) {
            (Some(f), Some(n)) => super::shown(
                &f.join(p.sub.dir_name())
                    .join(&*altinn_sweep::maildir::name_os(n)),
            ),
            _ => "-".into(),
        };
        let action = match p.action.forward_to() {
            Some(to) => format!("{} → {to}", i18n::action(lang, &p.action)),
            None => i18n::action(lang, &p.action).to_string(),
        };
        println!(
            "{}  {}  {}",
            fit(&inert(p.subject.as_deref().unwrap_or(""), true), 44, true),
            fit(&action, 34, true),
            target
        );
        if let Some(why) = actor.refusal(p) {
            println!(
                "    {}: {}",
                cli::will_be_refused(lang),
                inert(&words::failure(lang, &why), true)
            );
        }
    }
    for (item, why) in &selection.left {
        if let LeftOut::OtherRole(role) = why {
            println!(
                "{}  {}",
                fit(
                    &inert(item.analysis.mail.subject.as_deref().unwrap_or(""), true),
                    44,
                    true
                ),
                inert(
                    &i18n::note(
                        lang,
                        &altinn_sweep::notification::Note::OtherRole { role: role.clone() },
                        ""
                    ),
                    true
                )
            );
        }
    }
    // Everything not acted on stays: what the batch leaves out (those of another role
    // were named above), and with --rule what the other rules suggest.
    let stay = selection.left.len()
        - placeholders.len()
        - selection.left_for(&LeftOut::OtherRole(String::new()));
    let other_rules = report.items.len() - selection.chosen.len() - selection.left.len();
    if stay > 0 {
        println!(
            "{} {}",
            cli::notifications(lang, stay),
            cli::stay_in_inbox(lang, stay)
        );
    }
    if other_rules > 0 {
        println!("{}", cli::stay_for_other_rules(lang, other_rules));
    }
    if !yes {
        println!("{}", cli::dry_run_done(lang));
        return Ok(ExitCode::SUCCESS);
    }

    let _lock = lock(&actor, lang, wait)?;
    actor.preflight().map_err(CliError::Act)?;
    for e in actor.recover().map_err(CliError::Act)? {
        println!(
            "{}: {}",
            inert(e.subject.as_deref().unwrap_or(""), true),
            words::notes(lang, &e.note)
        );
    }
    let mut done: Vec<(Act, usize)> = Vec::new();
    let (mut failed, mut refused, mut gone) = (0usize, 0usize, 0usize);
    for p in &placeholders {
        let subject = inert(p.subject.as_deref().unwrap_or(""), true);
        let why = actor
            .refusal(p)
            .expect("a forward to a placeholder address is refused");
        refused += 1;
        eprintln!(
            "{}: {subject}: {}",
            cli::refused(lang),
            words::failure(lang, &why)
        );
        actor.refuse(p, why).map_err(CliError::Act)?;
    }
    // archives and deletes in groups of up to actions::GROUP_COMMIT: moved, their folders
    // fsynced once, then journaled with one write (see `Actor::perform_all`)
    actor.perform_all(&plans, resend, &mut |i, result| {
        let p = &plans[i];
        let subject = inert(p.subject.as_deref().unwrap_or(""), true);
        match result {
            Ok(Performed::Journaled(e)) if e.ok() => {
                match done.iter_mut().find(|(a, _)| *a == e.action) {
                    Some((_, c)) => *c += 1,
                    None => done.push((e.action, 1)),
                }
                if !e.note.is_empty() {
                    println!("{subject}: {}", inert(&words::notes(lang, &e.note), true));
                }
            }
            Ok(Performed::Journaled(e)) => {
                let label = if e.result == Outcome::Refused {
                    refused += 1;
                    cli::refused(lang)
                } else {
                    failed += 1;
                    cli::error(lang)
                };
                eprintln!(
                    "{label}: {subject}: {}",
                    inert(
                        &e.error
                            .map(|f| words::failure(lang, &f))
                            .unwrap_or_default(),
                        true
                    )
                );
            }
            Ok(Performed::Gone) => {
                gone += 1;
                println!("{subject}: {}", cli::handled_elsewhere(lang));
            }
            Err(e) => {
                // The journal cannot be written: stop, so that nothing more is done
                // without an audit trail. The message says whether this one was done.
                failed += 1;
                eprintln!(
                    "{}: {subject}: {}",
                    cli::error(lang),
                    inert(&words::act_error(lang, &e), true)
                );
                eprintln!("{}", cli::stopping_journal_unwritable(lang));
                return std::ops::ControlFlow::Break(());
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    let summary = done
        .iter()
        .map(|(a, c)| format!("{} {c}", words::act(lang, *a)))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "{}: {}; {} {failed}; {} {refused}; {} {gone}.",
        cli::done(lang),
        if summary.is_empty() {
            "-".into()
        } else {
            summary
        },
        cli::failed(lang),
        cli::refused(lang),
        cli::already_handled(lang),
    );
    if refused > 0 {
        println!("{}", cli::refused_hint(lang));
    }
    Ok(if failed + refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_notification_is_singular() {
        assert_eq!(cli::notifications(Lang::En, 1), "1 notification");
        assert_eq!(cli::notifications(Lang::En, 4), "4 notifications");
        assert_eq!(cli::notifications(Lang::Nb, 1), "1 varsel");
        assert_eq!(cli::notifications(Lang::Nb, 4), "4 varsler");
    }
}
