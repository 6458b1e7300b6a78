//! Every word a user reads, in Norwegian bokmål and English, and the choice between
//! them: the config's `language`, else the locale (nb/nn/no → bokmål). This file words
//! the core's facts; `journal` words acts, journal notes, failures and errors; `cli`
//! holds the command line's texts and `tui` the TUI's. Each message is one function
//! with both languages in it, and each module has a test that calls every message in
//! both languages.

use crate::config::Language;
use crate::links::{Followed, Judgement};
use crate::notification::{Claim, Doubt, Note};
use crate::rules::{Reason, Suggestion};
use crate::scan::Analysis;

pub mod cli;
pub mod journal;
pub mod tui;

/// The language texts are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nb,
    En,
}

impl Lang {
    /// Resolves `auto` from `LC_ALL`, `LC_MESSAGES`, `LANG` (the first one set).
    pub fn resolve(setting: Language) -> Lang {
        match setting {
            Language::Nb => Lang::Nb,
            Language::En => Lang::En,
            Language::Auto => {
                let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .filter_map(|v| std::env::var(v).ok())
                    .find(|v| !v.is_empty())
                    .unwrap_or_default();
                Lang::from_locale(&locale)
            }
        }
    }

    /// `nb_NO.UTF-8`, `nn_NO`, `no` → bokmål; anything else → English.
    pub fn from_locale(locale: &str) -> Lang {
        let lang = locale.split(['_', '.', '@', '-']).next().unwrap_or("");
        match lang.to_ascii_lowercase().as_str() {
            "nb" | "nn" | "no" => Lang::Nb,
            _ => Lang::En,
        }
    }

    /// Picks the bokmål or English text.
    pub fn pick<'a>(self, nb: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nb => nb,
            Lang::En => en,
        }
    }
}

/// One failed authenticity check in words.
pub fn doubt(lang: Lang, d: &Doubt) -> String {
    // A wrapped link in words: its target and the wrapper it came through.
    let detail = match d {
        Doubt::UntrustedLink(link, Some(target))
        | Doubt::UntrustedAttachmentLink(link, Some(target)) => {
            match crate::links::resolve(link)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
            {
                Some(host) => format!("{target} ({} {host})", lang.pick("via", "through")),
                None => d.detail(),
            }
        }
        _ => d.detail(),
    };
    match (lang, d) {
        (Lang::Nb, Doubt::UntrustedSender(a)) if a.is_empty() => "mangler avsenderadresse".into(),
        (Lang::En, Doubt::UntrustedSender(a)) if a.is_empty() => "no sender address".into(),
        (Lang::Nb, Doubt::UntrustedSender(a)) => {
            format!("avsenderen {a} er ikke i et klarert domene")
        }
        (Lang::En, Doubt::UntrustedSender(a)) => {
            format!("the sender {a} is not in a trusted domain")
        }
        (Lang::Nb, Doubt::DmarcFail(_)) => "mottakerserveren melder dmarc=fail".into(),
        (Lang::En, Doubt::DmarcFail(_)) => "the receiving server reports dmarc=fail".into(),
        (Lang::Nb, Doubt::CompauthFail(_)) => {
            "Microsoft 365 melder compauth=fail (avsenderen er forfalsket)".into()
        }
        (Lang::En, Doubt::CompauthFail(_)) => {
            "Microsoft 365 reports compauth=fail (the sender is forged)".into()
        }
        (Lang::Nb, Doubt::UntrustedLink(..)) => {
            format!("lenke utenfor klarerte domener: {detail}")
        }
        (Lang::En, Doubt::UntrustedLink(..)) => {
            format!("a link outside the trusted domains: {detail}")
        }
        (Lang::Nb, Doubt::UntrustedAttachmentLink(..)) => {
            format!("lenke i et vedlegg utenfor klarerte domener: {detail}")
        }
        (Lang::En, Doubt::UntrustedAttachmentLink(..)) => {
            format!("a link in an attachment outside the trusted domains: {detail}")
        }
        (Lang::Nb, Doubt::SeveralFromFields(n)) => format!("hodet har {n} From-felt"),
        (Lang::En, Doubt::SeveralFromFields(n)) => format!("the header has {n} From fields"),
        (Lang::Nb, Doubt::TooLarge { size, limit }) => format!(
            "meldingen er på {} KiB, større enn noe ekte varsel (grense {} KiB)",
            size / 1024,
            limit / 1024
        ),
        (Lang::En, Doubt::TooLarge { size, limit }) => format!(
            "the message is {} KiB, larger than any real notification (limit {} KiB)",
            size / 1024,
            limit / 1024
        ),
    }
}

/// A note about a notification in words.
pub fn note(lang: Lang, n: &Note, recipient: &str) -> String {
    match (lang, n) {
        (Lang::Nb, Note::OtherNumberInText { org, unit }) => format!(
            "teksten nevner også {org}{} — det sier hva saken gjelder; varselet er til {recipient}",
            unit.as_ref().map_or(String::new(), |u| format!(" ({u})"))
        ),
        (Lang::En, Note::OtherNumberInText { org, unit }) => format!(
            "the text also names {org}{} — that says what the matter is about; the notification is for {recipient}",
            unit.as_ref().map_or(String::new(), |u| format!(" ({u})"))
        ),
        (Lang::Nb, Note::NotFetched { name, reason }) => {
            format!("hentes ikke av Dokumentsenteret ({name}): {reason}")
        }
        (Lang::En, Note::NotFetched { name, reason }) => {
            format!("not fetched by the document centre ({name}): {reason}")
        }
        (Lang::Nb, Note::OtherRole { role }) => format!(
            "sendt i rollen «{role}», ikke post/arkiv: vurder selv, arkiveres ikke i bunken"
        ),
        (Lang::En, Note::OtherRole { role }) => format!(
            "sent in the role \"{role}\", not post/arkiv: decide yourself; a batch does not archive it"
        ),
    }
}

/// A link as `explain` lists it: what it leads to (through any wrappers) and the verdict.
pub fn followed_link(lang: Lang, f: &Followed) -> String {
    let path = if f.wrappers.is_empty() {
        f.link.clone()
    } else {
        format!("{} → {}", f.wrappers.join(" → "), f.target)
    };
    let verdict = match (&f.judgement, lang) {
        (Judgement::Trusted(_), Lang::Nb) => "klarert".to_string(),
        (Judgement::Trusted(_), Lang::En) => "trusted".to_string(),
        (Judgement::Harmless, Lang::Nb) => "forlater ikke meldingen".to_string(),
        (Judgement::Harmless, Lang::En) => "does not leave the message".to_string(),
        (Judgement::Untrusted(Some(u)), Lang::Nb) => format!("IKKE klarert: fører til {u}"),
        (Judgement::Untrusted(Some(u)), Lang::En) => format!("NOT trusted: leads to {u}"),
        (Judgement::Untrusted(None), Lang::Nb) => "IKKE klarert: ingen gyldig lenke".into(),
        (Judgement::Untrusted(None), Lang::En) => "NOT trusted: no valid link".into(),
        (Judgement::Opaque(h), Lang::Nb) => format!(
            "ugjennomsiktig omskriver ({h}): målet står ikke i lenken, så den beviser verken det ene eller det andre; de andre kontrollene avgjør"
        ),
        (Judgement::Opaque(h), Lang::En) => format!(
            "opaque wrapper ({h}): the target is not in the link, so it neither proves nor disproves anything; the other checks decide"
        ),
    };
    format!("{path}  [{verdict}]")
}

/// The reason shown for a suspicious message.
pub fn suspicious_reason(lang: Lang, doubts: &[Doubt]) -> String {
    let list = doubts
        .iter()
        .map(|d| doubt(lang, d))
        .collect::<Vec<_>>()
        .join("; ");
    match lang {
        Lang::Nb => format!(
            "Mistenkelig: ser ut som et Altinn-varsel, men {list}. Ikke klikk på lenker; sjekk Altinn-innboksen direkte."
        ),
        Lang::En => format!(
            "Suspicious: looks like an Altinn notification, but {list}. Do not click its links; check the Altinn inbox directly."
        ),
    }
}

/// The reason of a suggestion in words: a rule's configured reason as written, the
/// doubts of an imitation, or that no rule matched; then the notes, if any.
pub fn reason(lang: Lang, a: &Analysis) -> String {
    let mut text = reason_only(lang, &a.suggestion, &a.doubts);
    if a.notes.is_empty() {
        return text;
    }
    let recipient = a
        .extracted
        .recipient_name
        .clone()
        .unwrap_or_else(|| a.recipient_label(true));
    for n in &a.notes {
        text.push_str(&format!(" ({})", note(lang, n, &recipient)));
    }
    text
}

fn reason_only(lang: Lang, suggestion: &Suggestion, doubts: &[Doubt]) -> String {
    match &suggestion.reason {
        Reason::Configured(text) => text.clone(),
        Reason::Suspicious => suspicious_reason(lang, doubts),
        Reason::NoRuleMatched => lang
            .pick(
                "Ingen regel passet: blir liggende i innboksen",
                "No rule matched: left in the inbox",
            )
            .into(),
    }
}

/// Why a message claims to be from Altinn, in words.
pub fn claim(lang: Lang, c: &Claim) -> String {
    match c {
        Claim::TrustedSenderDomain(d) => {
            format!("{} {d}", lang.pick("avsenderdomene", "sender domain"))
        }
        Claim::DisplayName(n) => format!("{} {n:?}", lang.pick("visningsnavn", "display name")),
        Claim::Subject(s) => format!("{} {s:?}", lang.pick("emne", "subject")),
    }
}

/// The action's name for the clerk.
pub fn action(lang: Lang, a: &crate::config::Action) -> &'static str {
    journal::act(lang, crate::journal::Act::of(a))
}

/// Why a typed address is not one plain email address.
pub fn address(lang: Lang, e: &crate::config::AddressError) -> String {
    use crate::config::AddressError as E;
    match lang {
        Lang::Nb => match e {
            E::Separators(a) => {
                format!(
                    "{a:?} er ikke en gyldig e-postadresse: den har mellomrom, skilletegn eller kontrolltegn"
                )
            }
            E::NoAt(a) => format!("{a:?} er ikke en gyldig e-postadresse: den mangler '@'"),
            E::Local(a) => format!(
                "{a:?} er ikke en gyldig e-postadresse: delen før '@' er tom eller har en '@' til"
            ),
            E::Domain(a) => {
                format!("{a:?} er ikke en gyldig e-postadresse: domenet er ikke et domenenavn")
            }
        },
        Lang::En => e.to_string(),
    }
}

/// Why a file of a folder is left alone (not readable, or not an email).
pub fn unreadable(lang: Lang, u: &crate::scan::Unreadable) -> String {
    use crate::scan::Unreadable as U;
    match lang {
        Lang::Nb => match u {
            U::Read(e) => format!("kan ikke leses: {e}"),
            U::Empty => "tom fil".into(),
            U::NoHeader => "ikke en e-post: den begynner ikke med et headerfelt".into(),
            U::EndlessHeader { kib } => {
                format!("ingen slutt på headerblokken i de første {kib} KiB: ikke en e-post")
            }
            U::Mime => "MIME-strukturen kan ikke tolkes (mail-parser fant ingen melding i den eller feilet på den)".into(),
        },
        Lang::En => u.to_string(),
    }
}

/// Why a mail folder could not be listed: the typed [`crate::maildir::NotMaildir`] in
/// the clerk's language, any other error (the system's words, with the path) as it is.
pub fn folder_error(lang: Lang, e: &std::io::Error) -> String {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::maildir::NotMaildir>())
    {
        Some(crate::maildir::NotMaildir(path)) => match lang {
            Lang::Nb => format!(
                "{} er ikke en Maildir-mappe (den har verken cur/ eller new/)",
                path.display()
            ),
            Lang::En => e.to_string(),
        },
        None => e.to_string(),
    }
}

/// Why the classification cache was not used or not written (the scan itself is whole).
/// The damage detail in parentheses is the decoder's own short English term.
pub fn cache_problem(lang: Lang, e: &crate::scan::cache::CacheError) -> String {
    use crate::scan::cache::CacheError as E;
    match lang {
        Lang::Nb => match e {
            E::Read { path, source } => format!(
                "hurtiglagerfilen {} kan ikke leses: {source}",
                path.display()
            ),
            E::Damaged { path, why } => format!(
                "hurtiglagerfilen {} er skadet eller ikke vår ({why}); den bygges på nytt",
                path.display()
            ),
            E::Write { path, source } => format!(
                "hurtiglagerfilen {} kan ikke skrives: {source}",
                path.display()
            ),
        },
        Lang::En => e.to_string(),
    }
}

/// A fixed text in the clerk's language.
#[cfg(test)]
pub(crate) type Text = fn(Lang) -> &'static str;

/// For the both-languages tests of the i18n modules: every fixed text is non-empty in
/// bokmål and English, and the two differ unless the text is listed in `same`.
#[cfg(test)]
pub(crate) fn assert_both_languages(all: &[(&str, Text)], same: &[&str]) {
    for (name, f) in all {
        let (nb, en) = (f(Lang::Nb), f(Lang::En));
        assert!(
            !nb.trim().is_empty() && !en.trim().is_empty(),
            "{name} is empty"
        );
        if same.contains(name) {
            assert_eq!(nb, en, "{name} is listed as the same in both");
        } else {
            assert_ne!(nb, en, "{name} is not translated");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fact the core reports has words in both languages, and the bokmål words
    /// are not the English ones left untranslated. The same in both: a rule's configured
    /// reason, which is shown as written.
    #[test]
    fn every_fact_is_worded_in_both_languages() {
        let doubts = [
            Doubt::UntrustedSender(String::new()),
            Doubt::UntrustedSender("x@altinn.example".into()),
            Doubt::DmarcFail("dmarc=fail".into()),
            Doubt::CompauthFail("compauth=fail".into()),
            Doubt::UntrustedLink("https://evil.example/".into(), None),
            Doubt::UntrustedLink(
                "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example"
                    .into(),
                Some("https://evil.example".into()),
            ),
            Doubt::UntrustedAttachmentLink("https://evil.example/".into(), None),
            Doubt::SeveralFromFields(2),
            Doubt::TooLarge {
                size: 4 << 20,
                limit: 1 << 20,
            },
        ];
        let mut pairs: Vec<(String, String)> = doubts
            .iter()
            .map(|d| (doubt(Lang::Nb, d), doubt(Lang::En, d)))
            .collect();
        pairs.push((
            suspicious_reason(Lang::Nb, &doubts[2..3]),
            suspicious_reason(Lang::En, &doubts[2..3]),
        ));
        let n = Note::OtherNumberInText {
            org: "964965137".parse().expect("valid orgnr"),
            unit: Some("Lønn".into()),
        };
        pairs.push((
            note(Lang::Nb, &n, "Kommunen"),
            note(Lang::En, &n, "Kommunen"),
        ));
        for c in [
            Claim::TrustedSenderDomain("altinn.no".into()),
            Claim::DisplayName("Altinn".into()),
            Claim::Subject("Ny melding".into()),
        ] {
            pairs.push((claim(Lang::Nb, &c), claim(Lang::En, &c)));
        }
        let url = url::Url::parse("https://www.altinn.no/").expect("valid url");
        for j in [
            Judgement::Trusted(url.clone()),
            Judgement::Harmless,
            Judgement::Untrusted(Some(url)),
            Judgement::Untrusted(None),
            Judgement::Opaque("wrapper.example".into()),
        ] {
            let f = Followed {
                link: "https://www.altinn.no/".into(),
                wrappers: vec![],
                target: "https://www.altinn.no/".into(),
                judgement: j,
            };
            pairs.push((followed_link(Lang::Nb, &f), followed_link(Lang::En, &f)));
        }
        use crate::config::AddressError as E;
        for e in [
            E::Separators("a b@c.no".into()),
            E::NoAt("abc.no".into()),
            E::Local("@c.no".into()),
            E::Domain("a@c".into()),
        ] {
            pairs.push((address(Lang::Nb, &e), address(Lang::En, &e)));
        }
        for reason in [Reason::Suspicious, Reason::NoRuleMatched] {
            let s = Suggestion {
                action: crate::config::Action::Skip,
                rule: "r".into(),
                reason,
                matched: vec![],
            };
            pairs.push((
                reason_only(Lang::Nb, &s, &doubts[..1]),
                reason_only(Lang::En, &s, &doubts[..1]),
            ));
        }
        for (nb, en) in &pairs {
            assert!(!nb.trim().is_empty() && !en.trim().is_empty(), "{en}");
            assert_ne!(nb, en, "not translated");
        }
        let configured = Suggestion {
            action: crate::config::Action::Archive,
            rule: "r".into(),
            reason: Reason::Configured("som skrevet".into()),
            matched: vec![],
        };
        assert_eq!(
            reason_only(Lang::Nb, &configured, &[]),
            reason_only(Lang::En, &configured, &[])
        );
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("nb_NO.UTF-8"), Lang::Nb);
        assert_eq!(Lang::from_locale("nn_NO"), Lang::Nb);
        assert_eq!(Lang::from_locale("no"), Lang::Nb);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        assert_eq!(Lang::resolve(Language::Nb), Lang::Nb);
    }
}
