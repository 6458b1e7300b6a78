//! `explain FILE`: the parsed fields, the authenticity verdict with its evidence, and every
//! rule's verdict in order with the text that matched (like `sieve-test`).

use super::{CliError, CmdResult, Context};
use altinn_sweep::config::Config;
use altinn_sweep::i18n::cli;
use altinn_sweep::i18n::{self, Lang};
use altinn_sweep::message;
use altinn_sweep::rules::Verdict;
use altinn_sweep::scan::{self, Outcome};
use altinn_sweep::text::inert;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Explains each file in turn; a file that cannot be read is reported and the others
/// still explained (exit 1 at the end).
pub fn run(ctx: &Context, files: &[std::path::PathBuf]) -> CmdResult {
    let (config, lang) = ctx.load()?;
    let mut failed = false;
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            println!("\n{}", "─".repeat(72));
        }
        if let Err(e) = explain_one(&config, lang, file) {
            eprintln!("{}", ctx.error_text(&e));
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain_one(config: &Config, lang: Lang, file: &Path) -> Result<(), CliError> {
    let raw = altinn_sweep::maildir::read_message(file, true).map_err(|source| CliError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    // The scan's own classification: explain states what the scan does with this file.
    let analysis = match scan::classify_bytes(raw.clone(), config) {
        Outcome::Unreadable(why) => {
            return Err(CliError::Unreadable {
                path: file.to_path_buf(),
                why,
            });
        }
        Outcome::Notification(a) => Some(a),
        Outcome::NotAltinn => None,
    };
    let parsed;
    let m = match &analysis {
        Some(a) => &a.mail,
        None => {
            parsed = message::parse(&raw).ok_or_else(|| CliError::NoMessage(file.to_path_buf()))?;
            &parsed
        }
    };
    let safe = |s: Option<&str>| inert(s.unwrap_or("-"), true);
    let mut o = String::new();
    let _ = writeln!(o, "{}: {}", cli::file(lang), super::shown(file));
    let from = match (&m.from_name, &m.from_addr) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (n, a) => a.clone().or_else(|| n.clone()).unwrap_or_default(),
    };
    let _ = writeln!(o, "From:          {}", inert(&from, true));
    let _ = writeln!(o, "To:            {}", inert(&m.to.join(", "), true));
    let _ = writeln!(o, "Date:          {}", safe(m.date.as_deref()));
    let _ = writeln!(o, "Subject:       {}", safe(m.subject.as_deref()));
    let _ = writeln!(o, "Message-ID:    {}", safe(m.message_id.as_deref()));
    for ar in &m.auth_results {
        let _ = writeln!(o, "Auth-Results:  {}", inert(ar, true));
    }
    if let Some(a) = &analysis
        && !a.subject_tags.is_empty()
    {
        let _ = writeln!(
            o,
            "  {}: {}",
            cli::tag_removed(lang),
            inert(&format!("{:?}", a.subject_tags), true)
        );
        let _ = writeln!(
            o,
            "  {}: {}",
            cli::subject_as_read(lang),
            inert(&a.recognised_subject, true)
        );
    }
    let _ = writeln!(o, "{}:", cli::links(lang));
    match &analysis {
        // The links as the scan followed and judged them.
        Some(a) => {
            for f in &a.links {
                let _ = writeln!(o, "  {}", inert(&i18n::followed_link(lang, f), true));
            }
            for f in &a.attachment_links {
                let _ = writeln!(
                    o,
                    "  {}: {}",
                    cli::in_an_attachment(lang),
                    inert(&i18n::followed_link(lang, f), true)
                );
            }
        }
        None => {
            for link in m.links.iter().chain(&m.attachment_links) {
                let _ = writeln!(o, "  {}", inert(link, true));
            }
        }
    }
    let (banner, notice) = match &analysis {
        Some(a) => (a.banner_text(), a.notice()),
        None => (None, m.body.as_str()),
    };
    if let Some(banner) = banner {
        let _ = writeln!(o, "{}:", cli::gateway_banner(lang));
        for line in banner.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(o, "  # {}", inert(line.trim_end(), true));
        }
    }
    let _ = writeln!(o, "{}:", cli::body_text(lang));
    for line in notice.lines().filter(|l| !l.trim().is_empty()).take(40) {
        let _ = writeln!(o, "  | {}", inert(line.trim_end(), true));
    }

    let _ = writeln!(o, "\n{}:", cli::recognition(lang));
    let Some(a) = analysis else {
        let _ = writeln!(o, "  {}", cli::no_claim(lang));
        let _ = writeln!(
            o,
            "\n{}: {}",
            cli::verdict(lang),
            cli::not_a_notification(lang)
        );
        print!("{o}");
        return Ok(());
    };
    for c in &a.claims {
        let _ = writeln!(
            o,
            "  {}: {}",
            cli::claims_to_be_altinn(lang),
            inert(&i18n::claim(lang, c), true)
        );
    }
    if a.doubts.is_empty() {
        let _ = writeln!(o, "  {}", cli::genuine(lang));
    } else {
        let _ = writeln!(o, "  {}", cli::suspicious(lang));
        for d in &a.doubts {
            let _ = writeln!(o, "    - {}", inert(&i18n::doubt(lang, d), true));
        }
    }

    let _ = writeln!(o, "\n{}:", cli::extracted(lang));
    let _ = writeln!(
        o,
        "  recipient_name: {}",
        safe(a.extracted.recipient_name.as_deref())
    );
    let _ = writeln!(
        o,
        "  recipient_org:  {}",
        a.extracted
            .recipient_org
            .map_or("-".to_string(), |n| n.to_string())
    );
    let _ = writeln!(
        o,
        "  {}: {}",
        cli::unit(lang),
        a.unit
            .as_ref()
            .map_or("-".to_string(), |(n, org)| format!("{n} ({org})"))
    );
    let _ = writeln!(
        o,
        "  sender:         {}",
        safe(a.extracted.sender.as_deref())
    );

    if a.suspicious() {
        let _ = writeln!(o, "\n{}", cli::rules_not_applied(lang));
    } else {
        write_rules(&mut o, lang, &a.verdicts(config));
    }
    let s = &a.suggestion;
    let _ = writeln!(
        o,
        "\n{}: {} ({}: {}) — {}",
        cli::suggestion(lang),
        i18n::action(lang, &s.action),
        cli::rule(lang),
        s.rule,
        inert(&i18n::reason(lang, &a), true)
    );
    print!("{o}");
    Ok(())
}

/// Every rule's verdict in order, the first match marked as the one chosen.
fn write_rules(o: &mut String, lang: Lang, verdicts: &[Verdict]) {
    let _ = writeln!(o, "\n{}:", cli::rules_heading(lang));
    let mut first = true;
    for (i, v) in verdicts.iter().enumerate() {
        let action = match v.rule.action.forward_to() {
            Some(to) => format!("{} → {to}", i18n::action(lang, &v.rule.action)),
            None => i18n::action(lang, &v.rule.action).to_string(),
        };
        match &v.matched {
            Some(ev) => {
                let mark = if first {
                    cli::match_chosen(lang)
                } else {
                    cli::match_too_late(lang)
                };
                first = false;
                let _ = writeln!(o, "  {}. {:<24} {mark}: {action}", i + 1, v.rule.name);
                if v.rule.condition.is_none() {
                    let _ = writeln!(o, "       {}", cli::no_condition(lang));
                }
                for e in ev {
                    let _ = writeln!(o, "       {} {:?}", e.field, inert(&e.text, true));
                }
            }
            None => {
                let _ = writeln!(
                    o,
                    "  {}. {:<24} {}",
                    i + 1,
                    v.rule.name,
                    cli::no_match(lang)
                );
            }
        }
    }
}
