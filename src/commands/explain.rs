//! `explain FILE`: the parsed fields, the authenticity verdict with its evidence, and every
//! rule's verdict in order with the text that matched (like `sieve-test`).

use super::{CliError, CmdResult, Context};
use altinn_sweep::config::Config;
use altinn_sweep::i18n::{self, Lang};
use altinn_sweep::message;
use altinn_sweep::notification::Claim;
use altinn_sweep::rules::{self, Facts};
use altinn_sweep::scan;
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
            eprintln!("altinn-sweep: {e}");
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
    let raw = altinn_sweep::maildir::read_message(file, true)
        .map_err(|e| CliError::Runtime(format!("{}: cannot read: {e}", super::shown(file))))?;
    if !message::looks_like_mail(&raw) {
        return Err(CliError::Runtime(format!(
            "{}: not an email: it does not start with a header field",
            super::shown(file)
        )));
    }
    let mail = message::parse(&raw).ok_or_else(|| {
        CliError::Runtime(format!(
            "{}: mail-parser found no message in it",
            super::shown(file)
        ))
    })?;
    let claims = scan::claims_of(&mail, config);
    let a = scan::analyse(mail, claims, config, lang);
    let m = &a.mail;
    let l = |nb, en| lang.pick(nb, en);
    let safe = |s: Option<&str>| inert(s.unwrap_or("-"), true);
    let mut o = String::new();
    let _ = writeln!(o, "{}: {}", l("Fil", "File"), super::shown(file));
    let _ = writeln!(o, "From:          {}", inert(&a.from_display(), true));
    let _ = writeln!(o, "To:            {}", inert(&m.to.join(", "), true));
    let _ = writeln!(o, "Date:          {}", safe(m.date.as_deref()));
    let _ = writeln!(o, "Subject:       {}", safe(m.subject.as_deref()));
    let _ = writeln!(o, "Message-ID:    {}", safe(m.message_id.as_deref()));
    for ar in &m.auth_results {
        let _ = writeln!(o, "Auth-Results:  {}", inert(ar, true));
    }
    let _ = writeln!(o, "{}:", l("Lenker", "Links"));
    for link in &m.links {
        let _ = writeln!(o, "  {}", inert(link, true));
    }
    let _ = writeln!(o, "{}:", l("Brødtekst", "Body text"));
    for line in m.body.lines().filter(|l| !l.trim().is_empty()).take(40) {
        let _ = writeln!(o, "  | {}", inert(line.trim_end(), true));
    }

    let _ = writeln!(o, "\n{}:", l("Gjenkjenning", "Recognition"));
    if a.claims.is_empty() {
        let _ = writeln!(
            o,
            "  {}",
            l(
                "Gir seg ikke ut for å være fra Altinn: ikke et varsel, blir ikke listet eller rørt.",
                "Does not claim to be from Altinn: not a notification, never listed or touched."
            )
        );
    }
    for c in &a.claims {
        let text = match c {
            Claim::TrustedSenderDomain(d) => {
                format!("{} {d}", l("avsenderdomene", "sender domain"))
            }
            Claim::DisplayName(n) => {
                format!("{} {:?}", l("visningsnavn", "display name"), inert(n, true))
            }
            Claim::Subject(s) => format!("{} {:?}", l("emne", "subject"), inert(s, true)),
        };
        let _ = writeln!(
            o,
            "  {}: {text}",
            l("gir seg ut for å være Altinn", "claims to be Altinn")
        );
    }
    if !a.claims.is_empty() {
        if a.doubts.is_empty() {
            let _ = writeln!(
                o,
                "  {}",
                l(
                    "EKTE: klarert avsenderdomene, ingen dmarc=fail, alle lenker til klarerte domener.",
                    "GENUINE: trusted sender domain, no dmarc=fail, every link to a trusted domain."
                )
            );
        } else {
            let _ = writeln!(o, "  {}", l("MISTENKELIG:", "SUSPICIOUS:"));
            for d in &a.doubts {
                let _ = writeln!(o, "    - {}", inert(&i18n::doubt(lang, d), true));
            }
        }
    }

    let _ = writeln!(o, "\n{}:", l("Uttrekk", "Extracted"));
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
        l("enhet", "unit"),
        a.unit
            .as_ref()
            .map_or("-".to_string(), |(n, org)| format!("{n} ({org})"))
    );
    let _ = writeln!(
        o,
        "  sender:         {}",
        safe(a.extracted.sender.as_deref())
    );

    let _ = writeln!(
        o,
        "\n{}:",
        l("Regler (første treff vinner)", "Rules (first match wins)")
    );
    let subject = m.subject.clone().unwrap_or_default();
    let from = a.from_display();
    let unit = config.resolve_unit(
        a.extracted.recipient_org,
        a.extracted.recipient_name.as_deref(),
    );
    let facts = Facts {
        subject: &subject,
        body: &m.body,
        from: &from,
        recipient_org: a.extracted.recipient_org,
        recipient_name: a.extracted.recipient_name.as_deref(),
        unit,
    };
    let mut first = true;
    for (i, v) in rules::verdicts(config, &facts).iter().enumerate() {
        let action = match v.rule.action.forward_to() {
            Some(to) => format!("forward → {to}"),
            None => v.rule.action.name().to_string(),
        };
        match &v.matched {
            Some(ev) => {
                let mark = if first {
                    l("TREFF, velges", "MATCH, chosen")
                } else {
                    l("treff (for sent)", "match (too late)")
                };
                first = false;
                let _ = writeln!(o, "  {}. {:<24} {mark}: {action}", i + 1, v.rule.name);
                if v.rule.condition.is_none() {
                    let _ = writeln!(
                        o,
                        "       {}",
                        l(
                            "(ingen betingelse: treffer alt)",
                            "(no condition: matches everything)"
                        )
                    );
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
                    l("ingen treff", "no match")
                );
            }
        }
    }
    let s = &a.suggestion;
    let _ = writeln!(
        o,
        "\n{}: {} ({}: {}) — {}",
        l("Forslag", "Suggestion"),
        i18n::action(lang, &s.action),
        l("regel", "rule"),
        s.rule,
        inert(&s.reason, true)
    );
    if a.claims.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            l(
                "(Men meldingen listes ikke: den er ikke et Altinn-varsel.)",
                "(But the message is not listed: it is not an Altinn notification.)"
            )
        );
    }
    print!("{o}");
    Ok(())
}
