//! The wordings of Altinn's and NAV's notifications (from
//! `../shared/altinn-notification-formats.md`), as text a generated message carries: every
//! generation (newest "Hei. NAME har mottatt…", first "Hei NAME, du har mottatt…"), every
//! language (nb, nn, en) and the reminder forms; NAV's sick-leave notices as HTML
//! paragraphs. `extra` is text put before the closing "log in" sentence.

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn nb_new(name: &str, sender: &str, extra: &str) -> String {
    format!(
        "Hei. {name} har mottatt en ny melding fra {sender}. {extra}Logg deg inn i Altinn for å se denne meldingen."
    )
}

pub fn nb_new_rem(name: &str, sender: &str, extra: &str) -> String {
    format!(
        "Hei. Dette er en påminnelse om at {name} har mottatt en ny melding fra {sender}. \
         {extra}Logg deg inn i Altinn for å se denne meldingen."
    )
}

pub fn nn_new(name: &str, sender: &str, extra: &str) -> String {
    format!(
        "Hei. {name} har motteke ei ny melding frå {sender}. {extra}Logg deg inn i Altinn for å sjå denne meldinga."
    )
}

pub fn nn_new_rem(name: &str, sender: &str, extra: &str) -> String {
    format!(
        "Hei. Dette er ei påminning om at {name} har motteke ei ny melding frå {sender}. \
         {extra}Logg deg inn i Altinn for å sjå denne meldinga."
    )
}

pub fn en_new(name: &str, sender: &str, extra: &str) -> String {
    format!(
        "Hello. {name} has received a new message from {sender}. {extra}Log in to Altinn to see this message."
    )
}

pub fn en_new_rem(name: &str, sender: &str, extra: &str) -> String {
    format!(
        "Hello. This is a reminder that {name} has received a new message from {sender}. \
         {extra}Log in to Altinn to see this message."
    )
}

pub fn nb_first(name: &str, sender: &str, extra: &str) -> String {
    join(&[
        &format!("Hei {name}, du har mottatt en ny melding i Altinn fra {sender}."),
        extra,
        "Logg deg inn i Altinn inboks for å se denne meldingen.",
    ])
}

pub fn nb_first_rem(name: &str, sender: &str, extra: &str) -> String {
    join(&[
        &format!(
            "Hei {name}, dette er en påminnelse om at du har mottatt en ny melding i Altinn fra {sender}."
        ),
        extra,
        "Logg deg inn i Altinn inboks for å se denne meldingen.",
    ])
}

pub fn nn_first(name: &str, sender: &str, extra: &str) -> String {
    join(&[
        &format!("Hei {name}, du har motteke ei ny melding i Altinn frå {sender}."),
        extra,
        "Logg deg inn i Altinn inboks for å sjå denne meldinga.",
    ])
}

pub fn nn_first_rem(name: &str, sender: &str, extra: &str) -> String {
    join(&[
        &format!(
            "Hei {name}, dette er ei påminning om at du har motteke ei ny melding i Altinn frå {sender}."
        ),
        extra,
        "Logg deg inn i Altinn inboks for å sjå denne meldinga.",
    ])
}

pub fn en_first(name: &str, sender: &str, extra: &str) -> String {
    join(&[
        &format!("Hello {name}, you have received a new message in Altinn from {sender}."),
        extra,
        "Log in to Altinn inbox to see this message.",
    ])
}

pub fn en_first_rem(name: &str, sender: &str, extra: &str) -> String {
    join(&[
        &format!(
            "Hello {name}, this is a reminder that you have received a new message in Altinn from {sender}."
        ),
        extra,
        "Log in to Altinn inbox to see this message.",
    ])
}

/// A small HTML document of `paras` as `<p>` paragraphs.
pub fn html_doc(paras: &[String], title: &str, charset: &str, lang: &str) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"{charset}\">\n\
         <title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

fn nav_login_new(what: &str) -> String {
    format!(
        "Logg inn på <a href=\"https://www.altinn.no/\">Altinn</a> eller \
         <a href=\"https://arbeidsgiver.nav.no/min-side-arbeidsgiver/\">Nav</a> for å se {what}."
    )
}

/// NAV's newest sick-note notice, to an organisation by name and number.
pub fn nav_new_sykmelding(name: &str, nr: &str) -> Vec<String> {
    vec![
        format!("En ansatt hos {name} (orgnr {nr}) har sendt inn en ny sykmelding."),
        nav_login_new("sykmeldingen"),
        "Vennlig hilsen Nav.".into(),
    ]
}

/// NAV's newest sick-note notice, to a sub-unit by number only.
pub fn nav_new_sykmelding_underenhet(underenhet: &str) -> Vec<String> {
    vec![
        format!("En ansatt i underenhet med orgnr {underenhet} har sendt inn en ny sykmelding."),
        nav_login_new("sykmeldingen"),
        "Vennlig hilsen Nav.".into(),
    ]
}

pub fn nav_new_soknad(name: &str, nr: &str) -> Vec<String> {
    vec![
        format!("En ansatt hos {name} (orgnr {nr}) har sendt inn en søknad om sykepenger."),
        nav_login_new("søknaden"),
        "Vennlig hilsen Nav.".into(),
    ]
}

/// NAV's older sick-note notice; `word` is `sykmelding` (or another spelling ending in
/// `ing`).
pub fn nav_old_sykmelding(name: &str, nr: &str, word: &str, altinn_link: bool) -> Vec<String> {
    let login = if altinn_link {
        format!(
            "Logg inn på <a href=\"https://www.altinn.no/ui/MessageBox?O={nr}\">Altinn</a> for å se {word}en."
        )
    } else {
        format!("Logg inn på Altinn for å se {word}en.")
    };
    let stem = &word[..word.len() - 3];
    vec![
        format!("En ansatt i {name} ({nr}) har sendt inn en digital {word}."),
        login,
        format!(
            "Husk samtidig å melde inn hvem som er nærmeste leder for den {stem}te hvis dette ikke er gjort tidligere."
        ),
        "Vennlig hilsen NAV.".into(),
    ]
}

pub fn nav_old_soknad(name: &str, nr: &str, sign: &str) -> Vec<String> {
    vec![
        format!("En ansatt i {name} ({nr}) har sendt inn en søknad om sykepenger."),
        format!(
            "Logg inn på <a href=\"https://www.altinn.no/ui/MessageBox?O={nr}\">Altinn</a> for å se søknaden."
        ),
        sign.into(),
    ]
}

pub fn nav_old_ikke_sendt(name: &str, nr: &str) -> Vec<String> {
    vec![
        format!(
            "En ansatt i {name} ({nr}) har fått en søknad om sykepenger til utfylling, \
             men har foreløpig ikke sendt den inn."
        ),
        format!(
            "Logg inn på <a href=\"https://www.altinn.no/ui/MessageBox?O={nr}\">Altinn</a> for å se hvem det \
             gjelder og hvilken periode søknaden gjelder for."
        ),
    ]
}
