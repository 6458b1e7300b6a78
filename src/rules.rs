//! The ordered rules applied to one notification: the suggestion (first match wins) and,
//! for `explain`, every rule's verdict with the text that made it match.

use crate::config::{Action, Condition, Config, Pattern, Rule, Unit};
use crate::orgnr::OrgNr;
use serde::Serialize;

/// The facts about one notification that rules can look at.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    /// Display name and address, e.g. `Altinn <noreply@altinn.no>`.
    pub from: &'a str,
    pub recipient_org: Option<OrgNr>,
    pub recipient_name: Option<&'a str>,
    /// The configured unit the notification is for, if any.
    pub unit: Option<&'a Unit>,
}

/// Evidence for one part of a condition: which field, and the text that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub field: &'static str,
    pub text: String,
}

/// The suggested action for a notification and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub action: Action,
    /// The rule's name; `suspicious` for imitations, `no-rule` when no rule matched.
    pub rule: String,
    pub reason: Reason,
    pub matched: Vec<Match>,
}

/// Why a suggestion was made, as a fact: the edge (`i18n::reason`) puts it into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The matching rule's `reason`, in the words the configuration gives it.
    Configured(String),
    /// No rule matched: the notification stays in the inbox.
    NoRuleMatched,
    /// It claims to be from Altinn but is not genuine: the analysis' doubts say why.
    Suspicious,
}

/// The rule name of the suggestion for an imitation.
pub const SUSPICIOUS_RULE: &str = "suspicious";
/// The rule name of the suggestion when no rule matched.
pub const NO_RULE: &str = "no-rule";

/// One rule's verdict, for `explain`.
#[derive(Debug, Clone)]
pub struct Verdict<'c> {
    pub rule: &'c Rule,
    /// `Some` with the evidence when the rule matches.
    pub matched: Option<Vec<Match>>,
}

/// Every rule's verdict, in order.
pub fn verdicts<'c>(config: &'c Config, facts: &Facts) -> Vec<Verdict<'c>> {
    config
        .rules
        .iter()
        .map(|r| {
            let rule = r.get_ref();
            Verdict {
                rule,
                matched: rule
                    .condition
                    .as_ref()
                    .map_or(Some(Vec::new()), |c| eval(c, facts)),
            }
        })
        .collect()
}

/// The first matching rule's suggestion, or `skip` when no rule matches.
pub fn suggest(config: &Config, facts: &Facts) -> Suggestion {
    for r in &config.rules {
        let rule = r.get_ref();
        let matched = rule
            .condition
            .as_ref()
            .map_or(Some(Vec::new()), |c| eval(c, facts));
        if let Some(matched) = matched {
            return Suggestion {
                action: rule.action.clone(),
                rule: rule.name.clone(),
                reason: Reason::Configured(rule.reason.clone()),
                matched,
            };
        }
    }
    Suggestion {
        action: Action::Skip,
        rule: NO_RULE.into(),
        reason: Reason::NoRuleMatched,
        matched: Vec::new(),
    }
}

/// A text key of a condition: field name, its patterns if given, the texts it looks at.
type TextCheck<'a> = (&'static str, Option<&'a [Pattern]>, &'a [&'a str]);

/// Evaluates a condition: `Some(evidence)` when every key in it holds.
pub fn eval(c: &Condition, f: &Facts) -> Option<Vec<Match>> {
    let mut ev = Vec::new();
    let text_checks: [TextCheck; 8] = [
        (
            "subject",
            c.subject.as_ref().map(|p| &p.0[..]),
            &[f.subject],
        ),
        (
            "subject",
            c.subject_regex.as_ref().map(|p| &p.0[..]),
            &[f.subject],
        ),
        ("body", c.body.as_ref().map(|p| &p.0[..]), &[f.body]),
        ("body", c.body_regex.as_ref().map(|p| &p.0[..]), &[f.body]),
        (
            "text",
            c.text.as_ref().map(|p| &p.0[..]),
            &[f.subject, f.body],
        ),
        (
            "text",
            c.text_regex.as_ref().map(|p| &p.0[..]),
            &[f.subject, f.body],
        ),
        ("from", c.from.as_ref().map(|p| &p.0[..]), &[f.from]),
        ("from", c.from_regex.as_ref().map(|p| &p.0[..]), &[f.from]),
    ];
    for (field, patterns, haystacks) in text_checks {
        let Some(patterns) = patterns else { continue };
        let hit = patterns
            .iter()
            .flat_map(|p| haystacks.iter().filter_map(move |h| p.regex.find(h)))
            .next()?;
        ev.push(Match {
            field,
            text: hit.as_str().to_string(),
        });
    }
    if let Some(orgs) = &c.recipient_org {
        let org = f.recipient_org.filter(|o| orgs.contains(o))?;
        ev.push(Match {
            field: "recipient_org",
            text: org.to_string(),
        });
    }
    if let Some(units) = &c.recipient_unit {
        let unit = f.unit.filter(|u| {
            units.iter().any(|n| {
                n.eq_ignore_ascii_case(&u.name)
                    || u.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
            })
        })?;
        ev.push(unit_match(unit, f));
    }
    if let Some(want) = c.recipient_fetches_own_mail {
        let unit = f.unit.filter(|u| u.fetches_own_mail == want);
        match (unit, want) {
            (Some(u), _) => ev.push(unit_match(u, f)),
            (None, false) if f.unit.is_none() => {}
            _ => return None,
        }
    }
    if let Some(all) = &c.all {
        for sub in all {
            ev.extend(eval(sub, f)?);
        }
    }
    if let Some(any) = &c.any {
        ev.extend(any.iter().find_map(|sub| eval(sub, f))?);
    }
    if let Some(not) = &c.not
        && eval(not, f).is_some()
    {
        return None;
    }
    Some(ev)
}

/// Evidence that the recipient is `unit`: the number if it matched, else the name.
fn unit_match(unit: &Unit, f: &Facts) -> Match {
    if f.recipient_org == Some(unit.org) {
        Match {
            field: "recipient_org",
            text: format!("{} ({})", unit.org, unit.name),
        }
    } else {
        Match {
            field: "recipient_name",
            text: format!("{} ({})", f.recipient_name.unwrap_or(&unit.name), unit.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    fn config() -> Config {
        Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap()
    }

    fn suggest_for(subject: &str, body: &str, org: Option<&str>, name: Option<&str>) -> Suggestion {
        let c = config();
        let org = org.map(|o| o.parse().unwrap());
        let unit = c.resolve_unit(org, name);
        let facts = Facts {
            subject,
            body,
            from: "Altinn <noreply@altinn.no>",
            recipient_org: org,
            recipient_name: name,
            unit,
        };
        suggest(&c, &facts)
    }

    #[test]
    fn routine_rules_in_order() {
        let cases = [
            (
                "En melding har blitt mottatt i Altinn",
                "",
                Some("973857673"),
                None,
                "own-mail-units",
                "delete",
            ),
            (
                "En melding har blitt mottatt i Altinn",
                "",
                None,
                Some("NAV SANDNES"),
                "own-mail-units",
                "delete",
            ),
            (
                "Ny sykmelding for en av dine ansatte hos PPT",
                "",
                Some("973857789"),
                Some("PPT"),
                "own-mail-units",
                "delete",
            ),
            (
                "Ny sykmelding for en av dine ansatte hos SANDNES KOMMUNE",
                "",
                Some("964965137"),
                None,
                "sick-note",
                "delete",
            ),
            (
                "Ny melding om sykemelding",
                "",
                None,
                None,
                "sick-note",
                "delete",
            ),
            ("Ny sjukmelding", "", None, None, "sick-note", "delete"),
            (
                "Ny søknad om sykepenger i Altinn",
                "",
                None,
                None,
                "sick-pay-application",
                "delete",
            ),
            (
                "Ny søknad om sjukepengar",
                "",
                None,
                None,
                "sick-pay-application",
                "delete",
            ),
            (
                "Sykepengesøknad som ikke er sendt inn",
                "",
                Some("964965137"),
                None,
                "sick-pay-not-submitted",
                "forward",
            ),
            (
                "Melding fra Tolletaten i Altinn",
                "Tolldeklarasjonsoversikt for oktober",
                None,
                None,
                "customs-overview",
                "delete",
            ),
            (
                "En melding har blitt mottatt i Altinn",
                "Innkalling til dialogmøte om sykmeldt ansatt, fra NAV",
                None,
                Some("SANDNES KOMMUNE"),
                "archive-rest",
                "archive",
            ),
            (
                "Du har mottatt en melding i Altinn",
                "",
                None,
                Some("SANDNES KOMMUNE"),
                "archive-rest",
                "archive",
            ),
        ];
        for (subject, body, org, name, rule, action) in cases {
            let s = suggest_for(subject, body, org, name);
            assert_eq!(
                (s.rule.as_str(), s.action.name()),
                (rule, action),
                "{subject:?} {org:?} {name:?}"
            );
        }
    }

    #[test]
    fn forward_rule_carries_its_address_and_evidence() {
        let s = suggest_for("Sykepengesøknad som ikke er sendt inn", "", None, None);
        assert_eq!(s.action.forward_to(), Some("lonn@example.invalid"));
        assert_eq!(s.matched[0].field, "subject");
        assert_eq!(s.matched[0].text, "Sykepengesøknad som ikke er sendt inn");
    }

    #[test]
    fn all_any_not_combine() {
        let text = r#"
language = "en"
trusted_sender_domains = ["altinn.no"]
trusted_link_domains = ["altinn.no"]
[mail]
root = "/m"
inbox = "INBOX"
archive = "Altinn"
trash = "Trash"
[organisation]
name = "Sandnes kommune"
org = "964965137"
[forward]
from = "a@b.no"
subject_prefix = "VS: "
body = ""
[[rules]]
name = "combo"
action = "skip"
reason = "test"
[rules.match]
any = [{ subject = "alpha" }, { body_regex = "be+ta" }]
not = { from = "spam" }
all = [{ recipient_org = ["964965137"] }]
[[rules]]
name = "rest"
action = "archive"
reason = "rest"
"#;
        let c = Config::parse(text, "t").unwrap();
        let org = Some("964965137".parse().unwrap());
        let f = |subject, body, from| Facts {
            subject,
            body,
            from,
            recipient_org: org,
            recipient_name: None,
            unit: None,
        };
        assert_eq!(suggest(&c, &f("ALPHA", "", "x")).rule, "combo");
        let s = suggest(&c, &f("", "beeeta", "x"));
        assert_eq!(s.rule, "combo");
        assert!(
            s.matched
                .iter()
                .any(|m| m.field == "body" && m.text == "beeeta"),
            "{:?}",
            s.matched
        );
        assert_eq!(suggest(&c, &f("alpha", "", "spammer")).rule, "rest");
        assert_eq!(suggest(&c, &f("gamma", "", "x")).rule, "rest");
        let v = verdicts(&c, &f("gamma", "", "x"));
        assert!(v[0].matched.is_none() && v[1].matched.is_some());
    }
}
