//! Small numbered Altinn notifications of each [`Kind`] the default rules tell apart, for
//! the tests of the CLI, the transports and the fault tests: unique Message-ID and body
//! per number, so each one is told apart by its bytes; raw UTF-8 in the Subject (8-bit
//! headers, as some servers deliver them) and an 8bit body.

use super::mime::{Cte, Part, build};

/// The kinds of generated mail, by what the default rules do with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A generic notification: rule archive-rest.
    Archive,
    /// "Ny sykmelding": rule sick-note, delete.
    SickNote,
    /// "Tolldeklarasjonsoversikt" in the body: rule customs-overview, delete.
    Customs,
    /// "Sykepengesøknad som ikke er sendt inn": forward to payroll.
    Forward,
    /// From a lookalike domain: suspicious, skipped.
    Suspicious,
}

impl Kind {
    /// Where the message must end up after `apply --yes`: the folder and the flag added.
    pub fn target(self) -> Option<(&'static str, Option<char>)> {
        match self {
            Kind::Archive => Some(("Altinn", None)),
            Kind::SickNote | Kind::Customs => Some(("Trash", None)),
            Kind::Forward => Some(("Trash", Some('P'))),
            Kind::Suspicious => None,
        }
    }

    pub fn action(self) -> &'static str {
        match self {
            Kind::Archive => "archive",
            Kind::SickNote | Kind::Customs => "delete",
            Kind::Forward => "forward",
            Kind::Suspicious => "skip",
        }
    }

    pub fn rule(self) -> &'static str {
        match self {
            Kind::Archive => "archive-rest",
            Kind::SickNote => "sick-note",
            Kind::Customs => "customs-overview",
            Kind::Forward => "sick-pay-not-submitted",
            Kind::Suspicious => "suspicious",
        }
    }
}

/// A simple genuine (or, for [`Kind::Suspicious`], lookalike) Altinn notification, number
/// `n`: unique Message-ID and body, so that each one is told apart by its bytes.
pub fn notification(n: usize, kind: Kind) -> Vec<u8> {
    let (from, subject, body) = match kind {
        Kind::Archive => (
            "Altinn <noreply@altinn.no>",
            "En melding har blitt mottatt i Altinn",
            "Hei. SANDNES KOMMUNE har mottatt en ny melding fra Skatteetaten.",
        ),
        Kind::SickNote => (
            "Altinn <noreply@altinn.no>",
            "Ny sykmelding i Altinn",
            "Hei. SANDNES KOMMUNE har mottatt en ny sykmelding fra NAV.",
        ),
        Kind::Customs => (
            "Altinn <noreply@altinn.no>",
            "En melding har blitt mottatt i Altinn",
            "Hei. SANDNES KOMMUNE har mottatt en ny melding fra Tolletaten: Tolldeklarasjonsoversikt.",
        ),
        Kind::Forward => (
            "Altinn <noreply@altinn.no>",
            "Sykepengesøknad som ikke er sendt inn",
            "Hei. SANDNES KOMMUNE har mottatt en ny melding fra NAV.",
        ),
        Kind::Suspicious => (
            "Altinn <noreply@altinn-varsel.com>",
            "En melding har blitt mottatt i Altinn",
            "Hei. SANDNES KOMMUNE har mottatt en ny melding fra Skatteetaten.",
        ),
    };
    let headers = [
        format!("From: {from}"),
        "To: postmottak@sandnes.kommune.no".to_string(),
        format!("Subject: {subject}"),
        format!(
            "Date: Thu, 26 Nov 2026 08:{:02}:{:02} +0100",
            (n / 60) % 60,
            n % 60
        ),
        format!("Message-ID: <gen-{n}@altinn.no>"),
    ];
    let body = Part::new(format!("{body}\nReferanse: {n:06}\n"), "plain").cte(Cte::EightBit);
    build(&headers, &body.into(), false)
}
