//! The demo mailbox (`assets/demo/Mail`, embedded in the binary) and its expected answers
//! (`assets/demo/EXPECTED.tsv`), as a table of message specs: [`messages`].
//!
//! Regenerate with `cargo run --example make_demo` (writes `assets/demo/`); the test
//! `tests/mailgen.rs` checks that the committed files are exactly what this makes.
//!
//! **Adding a demo message** is one more entry in [`messages`]: a key (seeds its ids), the
//! subject as the clerk sees it, the body ([`plain`], [`html`], or a [`multipart`] of
//! them), the expected answer ([`Expected::archive`], [`Expected::suspicious`], …), the
//! date ([`nov`]), then what differs from a genuine Altinn delivery already read
//! (`.in_new()`, `.flags("FS")`, `.crlf()`, `.subject_in("iso-8859-1", Q)`, `.from(…)`,
//! `.colleague(…)`, `.sender_domain(…)`, …). File names, UIDs and the delivery order follow
//! from the dates, so messages dated after the last one keep every existing name.

use super::altinn::*;
use super::mime::{Cte, Entity, Part, build, encoded_header, multipart};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::{self, FileTimes};
use std::io;
use std::path::Path;
use std::time::UNIX_EPOCH;

const SK: &str = "SANDNES KOMMUNE";
const TO: &str = "postmottak@sandnes.kommune.no";
/// The mail folders of the demo root.
pub const FOLDERS: [&str; 3] = ["INBOX", "Altinn", "Trash"];
/// RFC 2047 Q encoding of a subject.
pub const Q: bool = false;
/// RFC 2047 B (base64) encoding of a subject.
pub const B: bool = true;

const AUTH_PASS: &str = "Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=altinn.no; \
     dkim=pass header.d=altinn.no; dmarc=pass header.from=altinn.no";
const KOMMUNE_AUTH: &str = "Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=sandnes.kommune.no; \
     dkim=pass header.d=sandnes.kommune.no; dmarc=pass header.from=sandnes.kommune.no";

// --- ids and dates ---------------------------------------------------------------------------

fn sha256(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// A deterministic opaque token (queue ids, …) with no run of three digits.
pub fn token(seed: &str, length: usize) -> String {
    const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz23456789";
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while out.len() < length {
        for b in sha256(&format!("{seed}#{i}")) {
            let c = ALPHABET[usize::from(b) % ALPHABET.len()];
            let n = out.len();
            if c.is_ascii_digit()
                && n >= 2
                && out[n - 1].is_ascii_digit()
                && out[n - 2].is_ascii_digit()
            {
                continue;
            }
            out.push(c);
        }
        i += 1;
    }
    out.truncate(length);
    String::from_utf8(out).expect("ASCII")
}

/// A deterministic UUID-shaped hex string with no run of six decimal digits (so nothing
/// in a header can ever look like an org number).
pub fn uuidish(seed: &str) -> String {
    for salt in 0..10_000 {
        let h: String = sha256(&format!("{seed}/{salt}"))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let s = format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        );
        let six_digits = s
            .as_bytes()
            .windows(6)
            .any(|w| w.iter().all(u8::is_ascii_digit));
        if !six_digits {
            return s;
        }
    }
    panic!("no uuid for {seed}");
}

/// A wall-clock time in Europe/Oslo (CET in winter, CEST from the last Sunday of March
/// 03:00 to the last Sunday of October 03:00).
pub fn oslo(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<FixedOffset> {
    let last_sunday = |month: u32| {
        let wd = NaiveDate::from_ymd_opt(y, month, 31)
            .expect("March and October have 31 days")
            .weekday()
            .num_days_from_monday();
        31 - (wd + 1) % 7
    };
    let (march, october) = (last_sunday(3), last_sunday(10));
    let summer = ((mo, d) > (3, march) && (mo, d) < (10, october))
        || ((mo, d) == (3, march) && h >= 3)
        || ((mo, d) == (10, october) && h < 3);
    let offset = FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("an offset");
    offset
        .with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("a valid time")
}

/// A demo date: November 2026, Oslo time.
pub fn nov(d: u32, h: u32, mi: u32, s: u32) -> DateTime<FixedOffset> {
    oslo(2026, 11, d, h, mi, s)
}

fn rfc_date(t: &DateTime<FixedOffset>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

fn tz_name(t: &DateTime<FixedOffset>) -> &'static str {
    if t.offset().local_minus_utc() == 7200 {
        "CEST"
    } else {
        "CET"
    }
}

// --- bodies and expected answers -------------------------------------------------------------

/// A UTF-8 quoted-printable `text/plain` part; `.charset(…)`, `.cte(…)` change it.
pub fn plain(text: &str) -> Part {
    Part::new(format!("{text}\n"), "plain")
}

/// A `text/html` part of `paras` as paragraphs, in `charset`.
pub fn html(paras: &[String], title: &str, charset: &'static str) -> Part {
    Part::new(html_doc(paras, title, charset, "nb"), "html").charset(charset)
}

/// What altinn-sweep must answer for a message with the default rules (a row of
/// `EXPECTED.tsv`).
#[derive(Debug, Clone)]
pub struct Expected {
    pub listed: &'static str,
    pub suspicious: &'static str,
    pub action: &'static str,
    pub rule: &'static str,
    /// `-` when the text names no valid org number.
    pub org: &'static str,
    pub note: &'static str,
}

impl Expected {
    fn listed(
        action: &'static str,
        rule: &'static str,
        org: &'static str,
        note: &'static str,
    ) -> Self {
        Expected {
            listed: "yes",
            suspicious: "no",
            action,
            rule,
            org,
            note,
        }
    }
    pub fn archive(org: &'static str, note: &'static str) -> Self {
        Self::listed("archive", "archive-rest", org, note)
    }
    pub fn own(org: &'static str, note: &'static str) -> Self {
        Self::listed("delete", "own-mail-units", org, note)
    }
    pub fn sick(org: &'static str, note: &'static str) -> Self {
        Self::listed("delete", "sick-note", org, note)
    }
    pub fn sick_pay(org: &'static str, note: &'static str) -> Self {
        Self::listed("delete", "sick-pay-application", org, note)
    }
    pub fn forward(org: &'static str, note: &'static str) -> Self {
        Self::listed("forward", "sick-pay-not-submitted", org, note)
    }
    pub fn customs(org: &'static str, note: &'static str) -> Self {
        Self::listed("delete", "customs-overview", org, note)
    }
    pub fn suspicious(note: &'static str) -> Self {
        Expected {
            suspicious: "yes",
            ..Self::listed("skip", "suspicious", "-", note)
        }
    }
    pub fn not_listed(note: &'static str) -> Self {
        Expected {
            listed: "no",
            suspicious: "-",
            action: "-",
            rule: "-",
            org: "-",
            note,
        }
    }
}

// --- one message -----------------------------------------------------------------------------

/// One demo message: what it says, how it was delivered, what the tool must answer.
#[derive(Debug, Clone)]
pub struct Msg {
    /// Seeds its queue ids and Message-ID.
    pub key: &'static str,
    /// As the clerk sees it (decoded); `None` for no Subject header.
    pub subject: Option<String>,
    pub body: Entity,
    pub expected: Expected,
    /// When it was sent (delivered 5 s later).
    pub date: DateTime<FixedOffset>,
    /// In `new/` (not yet seen by a mail client) rather than `cur/`.
    pub new: bool,
    /// Maildir flags in `cur/` (`S` unless changed).
    pub flags: &'static str,
    /// The subject's RFC 2047 charset and encoding; UTF-8 Q when unset and not ASCII.
    pub subject_encoding: Option<(&'static str, bool)>,
    pub crlf: bool,
    pub from: &'static str,
    pub return_path: &'static str,
    /// The relay that handed it to the municipality's MX: host and IP.
    pub relay: (&'static str, &'static str),
    pub auth: &'static str,
    pub msgid_domain: &'static str,
    pub extra: Vec<&'static str>,
}

impl Msg {
    /// A genuine Altinn delivery (noreply@altinn.no, DMARC pass), read (`cur/`, flag S).
    pub fn new(
        key: &'static str,
        subject: impl Into<String>,
        body: impl Into<Entity>,
        expected: Expected,
        date: DateTime<FixedOffset>,
    ) -> Msg {
        Msg {
            key,
            subject: Some(subject.into()),
            body: body.into(),
            expected,
            date,
            new: false,
            flags: "S",
            subject_encoding: None,
            crlf: false,
            from: "Altinn <noreply@altinn.no>",
            return_path: "noreply@altinn.no",
            relay: ("smtp.altinn.no", "203.0.113.17"),
            auth: AUTH_PASS,
            msgid_domain: "altinn.no",
            extra: Vec::new(),
        }
    }

    /// Without a Subject header.
    pub fn no_subject(mut self) -> Msg {
        self.subject = None;
        self
    }

    /// Unread, in `new/` without flags.
    pub fn in_new(mut self) -> Msg {
        self.new = true;
        self.flags = "";
        self
    }

    /// In `cur/` with these flags.
    pub fn flags(mut self, flags: &'static str) -> Msg {
        self.flags = flags;
        self
    }

    pub fn crlf(mut self) -> Msg {
        self.crlf = true;
        self
    }

    /// The Subject as RFC 2047 words in `charset`, [`Q`] or [`B`].
    pub fn subject_in(mut self, charset: &'static str, b: bool) -> Msg {
        self.subject_encoding = Some((charset, b));
        self
    }

    pub fn from(mut self, from: &'static str) -> Msg {
        self.from = from;
        self
    }

    pub fn return_path(mut self, return_path: &'static str) -> Msg {
        self.return_path = return_path;
        self
    }

    pub fn auth(mut self, auth: &'static str) -> Msg {
        self.auth = auth;
        self
    }

    /// Sent from another organisation's servers: return path, relay and Message-ID domain.
    pub fn sender_domain(
        mut self,
        return_path: &'static str,
        relay: (&'static str, &'static str),
        msgid_domain: &'static str,
    ) -> Msg {
        self.return_path = return_path;
        self.relay = relay;
        self.msgid_domain = msgid_domain;
        self
    }

    /// Internal mail from a colleague at `addr` (the municipality's Exchange server).
    pub fn colleague(self, from: &'static str, addr: &'static str) -> Msg {
        self.from(from)
            .sender_domain(
                addr,
                ("exch01.sandnes.kommune.no", "192.0.2.40"),
                "sandnes.kommune.no",
            )
            .auth(KOMMUNE_AUTH)
    }

    pub fn header(mut self, line: &'static str) -> Msg {
        self.extra.push(line);
        self
    }

    /// The Subject header's value as written.
    pub fn subject_header(&self) -> Option<String> {
        let subject = self.subject.as_deref()?;
        let enc = self
            .subject_encoding
            .or((!subject.is_ascii()).then_some(("UTF-8", Q)));
        Some(match enc {
            Some((charset, b)) => encoded_header(subject, charset, b),
            None => subject.to_string(),
        })
    }

    /// The header block, in the order a real delivery produces.
    fn headers(&self) -> Vec<String> {
        let seed = format!("demo/{}", self.key);
        let tz = tz_name(&self.date);
        let t1 = rfc_date(&(self.date + Duration::seconds(3)));
        let t2 = rfc_date(&(self.date + Duration::seconds(4)));
        let (relay_host, relay_ip) = self.relay;
        let mut h = vec![
            format!("Return-Path: <{}>", self.return_path),
            format!("Delivered-To: {TO}"),
            format!(
                "Received: from mx.sandnes.kommune.no (mx.sandnes.kommune.no [192.0.2.25])\n\
                 \tby imap.sandnes.kommune.no (Postfix) with ESMTPS id {}\n\tfor <{TO}>; {t2} ({tz})",
                token(&format!("{seed}a"), 12)
            ),
            format!(
                "Received: from {relay_host} ({relay_host} [{relay_ip}])\n\
                 \tby mx.sandnes.kommune.no (Postfix) with ESMTPS id {}\n\tfor <{TO}>; {t1} ({tz})",
                token(&format!("{seed}b"), 12)
            ),
            self.auth.to_string(),
            format!("Date: {}", rfc_date(&self.date)),
            format!("From: {}", self.from),
            format!("To: {TO}"),
        ];
        if let Some(s) = self.subject_header() {
            h.push(format!("Subject: {s}"));
        }
        h.push(format!(
            "Message-ID: <{}@{}>",
            uuidish(&seed),
            self.msgid_domain
        ));
        h.extend(self.extra.iter().map(|e| e.to_string()));
        h
    }

    /// The message's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let headers = self.headers();
        assert!(
            headers.iter().all(|h| h.is_ascii()),
            "{}: the headers must be ASCII (encode the subject)",
            self.key
        );
        build(&headers, &self.body, self.crlf)
    }
}

// --- Exchange Online -------------------------------------------------------------------------

/// Microsoft's Authentication-Results: no authserv-id, no space before `dmarc=`.
const MS_AUTH_PASS: &str = "Authentication-Results: spf=pass (sender IP is 203.0.113.17)\n \
     smtp.mailfrom=altinn.no; dkim=pass (signature was verified)\n header.d=altinn.no;\
     dmarc=pass action=none\n header.from=altinn.no;compauth=pass reason=100";

/// The external-sender warning a transport rule puts on top of the body.
const EXO_BANNER: &str = "Denne e-posten kommer fra utsiden av Sandnes kommune. Ikke klikk på \
     lenker eller åpne vedlegg med mindre du kjenner avsenderen.";

/// Percent-encodes everything but the unreserved characters (Python's `quote(s, safe="")`).
fn quote_all(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A URL as Defender for Office 365 Safe Links rewrites it.
fn safe_link(url: &str) -> String {
    format!(
        "https://eur02.safelinks.protection.outlook.com/?url={}\
         &data=05%7C02%7Cpostmottak%40sandnes.kommune.no%7C{}%7C0%7C0%7C638&sdata={}%3D&reserved=0",
        quote_all(url),
        token(url, 16),
        token(&format!("{url}/s"), 20)
    )
}

/// An HTML anchor to `url` behind Safe Links (`&` escaped as in HTML).
fn safe_anchor(url: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\">{text}</a>",
        safe_link(url).replace('&', "&amp;")
    )
}

/// Outlook's HTML: the banner table first, MsoNormal paragraphs with `<o:p>`.
fn exo_html(paras: &[String]) -> String {
    let body: String = paras
        .iter()
        .map(|p| format!("<p class=MsoNormal>{p}<o:p></o:p></p>\n"))
        .collect();
    format!(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n\
         <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n</head>\n\
         <body lang=NO-BOK>\n<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 \
         width=\"100%\" style='background:#FFEB9C'><tr><td>\n\
         <p class=MsoNormal><b>EKSTERN AVSENDER:</b> {EXO_BANNER}<o:p></o:p></p>\n\
         </td></tr></table>\n<div class=WordSection1>\n{body}</div>\n</body>\n</html>\n"
    )
}

// --- the table -------------------------------------------------------------------------------

/// Every demo message, in any order (they are delivered in date order).
pub fn messages() -> Vec<Msg> {
    let nr = "964965137";
    vec![
        Msg::new(
            "nb-newest",
            "En melding har blitt mottatt i Altinn",
            plain(&nb_new(SK, "Skatteetaten", "")),
            Expected::archive("-", "newest nb template; UTF-8 quoted-printable"),
            nov(16, 8, 2, 14),
        ),
        Msg::new(
            "colleague",
            "Vaktliste dokumentsenteret desember",
            plain(
                "Hei,\n\nHer er vaktlista for desember. Si fra innen fredag hvis noe må byttes.\n\n\
                 Uke 49: Kari\nUke 50: Ola\nUke 51: Ingrid\nUke 52: Kari\n\nHilsen Kari",
            ),
            Expected::not_listed("ordinary mail from a colleague"),
            nov(16, 8, 40, 2),
        )
        .colleague(
            "Kari Nordmann <kari.nordmann@sandnes.kommune.no>",
            "kari.nordmann@sandnes.kommune.no",
        ),
        Msg::new(
            "en-newest",
            "A message has been received in Altinn",
            plain(&en_new(SK, "The Brønnøysund Register Centre", "")),
            Expected::archive("-", "newest en template; CRLF"),
            nov(16, 9, 15, 7),
        )
        .crlf(),
        Msg::new(
            "nav-sykmelding-html",
            format!("Ny sykmelding for en av dine ansatte hos {SK}"),
            html(&nav_new_sykmelding(SK, nr), "Ny sykmelding", "utf-8"),
            Expected::sick(
                "964965137",
                "NAV newest; HTML only; links to altinn.no and arbeidsgiver.nav.no",
            ),
            nov(16, 10, 5, 30),
        ),
        Msg::new(
            "newsletter",
            "Nyhetsbrev uke 47: Ny arkivlov på høring",
            multipart(
                "alternative",
                "=_nyhetsbrev_47_a",
                vec![
                    plain(
                        "Kommunal Rapport – nyhetsbrev uke 47\n\nNy arkivlov på høring: dette betyr det for kommunene.\n\
                         Les mer: https://kommunal-rapport.no/arkiv/ny-arkivlov\n\n\
                         Du mottar dette fordi du abonnerer. Avmeld: https://kommunal-rapport.no/avmeld",
                    )
                    .into(),
                    html(
                        &[
                            "<strong>Kommunal Rapport – nyhetsbrev uke 47</strong>".into(),
                            "<a href=\"https://kommunal-rapport.no/arkiv/ny-arkivlov\">Ny arkivlov på høring: dette betyr det for kommunene</a>".into(),
                            "Du mottar dette fordi du abonnerer. <a href=\"https://kommunal-rapport.no/avmeld\">Avmeld</a>".into(),
                        ],
                        "Nyhetsbrev uke 47",
                        "utf-8",
                    )
                    .into(),
                ],
            ),
            Expected::not_listed("newsletter (multipart/alternative)"),
            nov(17, 7, 30, 0),
        )
        .from("Kommunal Rapport <nyhetsbrev@kommunal-rapport.no>")
        .sender_domain(
            "bounce@kommunal-rapport.no",
            ("mta2.kommunal-rapport.no", "198.51.100.61"),
            "kommunal-rapport.no",
        )
        .auth(
            "Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=kommunal-rapport.no; \
             dkim=pass header.d=kommunal-rapport.no; dmarc=pass header.from=kommunal-rapport.no",
        )
        .header("List-Unsubscribe: <https://kommunal-rapport.no/avmeld>"),
        Msg::new(
            "nn-newest",
            "Ein melding har blitt motteke i Altinn",
            plain(&nn_new(SK, "Statsforvaltaren i Rogaland", "")).cte(Cte::Base64),
            Expected::archive("-", "newest nn template; base64; CRLF"),
            nov(17, 8, 12, 45),
        )
        .crlf(),
        Msg::new(
            "barnevern-number",
            "Melding fra Bufetat i Altinn",
            plain(
                "SANDNES KOMMUNE BARNEVERN (973857673) har mottatt en ny melding i Altinn fra Bufetat.\n\n\
                 Logg inn i Altinn for å lese meldingen.",
            ),
            Expected::own("973857673", "Barnevern: 'NAME (NR)' Altinn 2 style"),
            nov(17, 9, 0, 3),
        ),
        Msg::new(
            "trashed",
            "En melding har blitt mottatt i Altinn",
            plain(&nb_new(SK, "Husbanken", "")),
            Expected::not_listed(
                "genuine notification but carries the T (trashed) flag: treated as deleted",
            ),
            nov(17, 11, 20, 9),
        )
        .flags("ST"),
        Msg::new(
            "nb-first-reminder-latin1",
            "Påminnelse - du har mottatt en melding i Altinn",
            plain(&nb_first_rem(SK, "Skatteetaten", "")).charset("iso-8859-1"),
            Expected::archive(
                "-",
                "first gen nb reminder; =?iso-8859-1?Q?...?= subject; ISO-8859-1 QP body; From no-reply@altinn.no",
            ),
            nov(18, 7, 55, 0),
        )
        .subject_in("iso-8859-1", Q)
        .from("Altinn <no-reply@altinn.no>")
        .return_path("no-reply@altinn.no"),
        Msg::new(
            "nav-sandnes-name",
            "En melding har blitt mottatt i Altinn",
            plain(&nb_new("NAV SANDNES", "Arbeids- og velferdsdirektoratet", "")),
            Expected::own("-", "Nav Sandnes by recipient name, no number"),
            nov(18, 8, 30, 12),
        )
        .crlf(),
        Msg::new(
            "skatteetaten-a2",
            "Melding fra Skatteetaten i Altinn",
            plain(&format!(
                "Til {SK}, org.nr. 964 965 137\n\nDu har fått en ny melding fra Skatteetaten i meldingsboksen i Altinn.\n\
                 Meldingen gjelder: Skattetrekksoppgjør for 5. termin 2026.\n\nLogg inn i Altinn for å lese meldingen.\n\n\
                 Med vennlig hilsen\nSkatteetaten"
            )),
            Expected::archive(
                "964965137",
                "agency-defined subject; spaced org.nr.; main organisation; flagged FS",
            ),
            nov(18, 13, 10, 40),
        )
        .flags("FS"),
        Msg::new(
            "phish-lookalike-domain",
            "Du har mottatt en melding i Altinn",
            html(
                &[
                    format!("Hei {SK}, du har mottatt en ny melding i Altinn fra Skatteetaten."),
                    "Meldingen gjelder tilbakebetaling av merverdiavgift. \
                     <a href=\"https://altinn-varsel.com/idporten/login\">Logg inn i Altinn</a> for å se meldingen."
                        .into(),
                ],
                "Altinn",
                "utf-8",
            ),
            Expected::suspicious(
                "phishing: \"Altinn\" <varsel@altinn-varsel.com>, link to a fake login page",
            ),
            nov(19, 2, 47, 0),
        )
        .crlf()
        .from("\"Altinn\" <varsel@altinn-varsel.com>")
        .sender_domain(
            "bounce@altinn-varsel.com",
            ("vps-17.altinn-varsel.com", "198.51.100.73"),
            "altinn-varsel.com",
        )
        .auth(
            "Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=altinn-varsel.com; \
             dkim=none (message not signed); dmarc=none header.from=altinn-varsel.com",
        ),
        Msg::new(
            "mentions-altinn",
            "Fullmakt for innsending av mva-melding",
            plain(
                "Hei,\n\nVi fører regnskapet for Sandnes Eiendom KF og trenger rollen «Regnskapsfører» i Altinn \
                 for å sende inn mva-meldingen for 5. termin. Kan dere delegere den til oss?\n\n\
                 Mvh\nLars Berg\nBerg Regnskap AS",
            ),
            Expected::not_listed("external mail that merely mentions Altinn in the body"),
            nov(19, 8, 5, 0),
        )
        .from("Lars Berg <lars@berg-regnskap.no>")
        .sender_domain(
            "lars@berg-regnskap.no",
            ("smtp.berg-regnskap.no", "198.51.100.88"),
            "berg-regnskap.no",
        )
        .auth(
            "Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=berg-regnskap.no; \
             dkim=pass header.d=berg-regnskap.no; dmarc=pass header.from=berg-regnskap.no",
        ),
        Msg::new(
            "tolldeklarasjon",
            "Melding fra Tolletaten i Altinn",
            plain(&format!(
                "{SK} (964965137) har mottatt Tolldeklarasjonsoversikt for oktober 2026 fra Tolletaten.\n\n\
                 Logg inn i Altinn for å hente dokumentet."
            )),
            Expected::customs("964965137", "Tolldeklarasjonsoversikt in the body"),
            nov(19, 9, 40, 0),
        ),
        Msg::new(
            "calendar",
            "Invitasjon: Gjennomgang av Altinn-rutinen @ tor. 3. des. 2026 10:00–11:00",
            multipart(
                "alternative",
                "=_cal_invite_b7",
                vec![
                    plain(
                        "Ola Hansen har invitert deg til et møte.\n\nGjennomgang av Altinn-rutinen\n\
                         Torsdag 3. desember 2026 kl. 10:00–11:00\nSted: Møterom Ganddal, Rådhuset",
                    )
                    .into(),
                    Part::new(
                        "BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\nVERSION:2.0\n\
                         METHOD:REQUEST\nBEGIN:VEVENT\nUID:altinn-rutine-gjennomgang@sandnes.kommune.no\n\
                         DTSTAMP:20261120T070000Z\nDTSTART;TZID=Europe/Oslo:20261203T100000\n\
                         DTEND;TZID=Europe/Oslo:20261203T110000\nSUMMARY:Gjennomgang av Altinn-rutinen\n\
                         LOCATION:Møterom Ganddal\\, Rådhuset\n\
                         ORGANIZER;CN=Ola Hansen:mailto:ola.hansen@sandnes.kommune.no\n\
                         ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:postmottak@sandnes.kommune.no\n\
                         END:VEVENT\nEND:VCALENDAR\n",
                        "calendar",
                    )
                    .params("; method=REQUEST")
                    .into(),
                ],
            ),
            Expected::not_listed(
                "calendar invitation whose subject mentions Altinn (does not begin with a template)",
            ),
            nov(20, 8, 0, 0),
        )
        .flags("")
        .crlf()
        .colleague(
            "Ola Hansen <ola.hansen@sandnes.kommune.no>",
            "ola.hansen@sandnes.kommune.no",
        ),
        Msg::new(
            "forward-vs",
            "VS: Du har mottatt en melding i Altinn",
            plain(&format!(
                "Hei,\n\nDenne kom til meg ved en feil. Kan dokumentsenteret ta den?\n\nHilsen Ingrid\n\n\
                 -----Opprinnelig melding-----\nFra: Altinn <noreply@altinn.no>\n\
                 Sendt: torsdag 19. november 2026 14:02\nTil: Vik, Ingrid <ingrid.vik@sandnes.kommune.no>\n\
                 Emne: Du har mottatt en melding i Altinn\n\n{}",
                nb_first(SK, "Helsedirektoratet", "")
            )),
            Expected::not_listed("colleague forwards a notification (VS:) from sandnes.kommune.no"),
            nov(20, 10, 30, 0),
        )
        .colleague(
            "Ingrid Vik <ingrid.vik@sandnes.kommune.no>",
            "ingrid.vik@sandnes.kommune.no",
        ),
        Msg::new(
            "nav-old-sykmelding-alt",
            "Ny sykmelding i Altinn",
            multipart(
                "alternative",
                "----=_Part_nav_sm_1",
                vec![
                    plain(&[
                        format!("En ansatt i {SK} (964965137) har sendt inn en digital sykmelding."),
                        "Logg inn på Altinn for å se sykmeldingen: https://www.altinn.no/ui/MessageBox?O=964965137".into(),
                        "Husk samtidig å melde inn hvem som er nærmeste leder for den sykmeldte hvis dette ikke er gjort tidligere.".into(),
                        "Vennlig hilsen NAV.".into(),
                    ]
                    .join("\n\n"))
                    .charset("iso-8859-1")
                    .into(),
                    html(
                        &nav_old_sykmelding(SK, nr, "sykmelding", true),
                        "Ny sykmelding",
                        "iso-8859-1",
                    )
                    .into(),
                ],
            ),
            Expected::sick(
                "964965137",
                "NAV older generation; multipart/alternative ISO-8859-1; MessageBox link",
            ),
            nov(23, 7, 45, 10),
        )
        .in_new(),
        Msg::new(
            "nav-soknad-b64",
            format!("Ny søknad om sykepenger for en av dine ansatte hos {SK}"),
            html(&nav_new_soknad(SK, nr), "Ny søknad om sykepenger", "utf-8").cte(Cte::Base64),
            Expected::sick_pay(
                "964965137",
                "NAV newest; HTML only, base64; =?UTF-8?B?...?= subject",
            ),
            nov(23, 7, 46, 2),
        )
        .in_new()
        .subject_in("UTF-8", B)
        .crlf(),
        Msg::new(
            "nav-ikke-sendt",
            "Sykepengesøknad som ikke er sendt inn",
            html(&nav_old_ikke_sendt(SK, nr), "Sykepengesøknad", "iso-8859-1"),
            Expected::forward(
                "964965137",
                "forward to payroll (Lønn); =?iso-8859-1?Q?...?= subject",
            ),
            nov(23, 7, 47, 30),
        )
        .in_new()
        .subject_in("iso-8859-1", Q),
        Msg::new(
            "flyktning-spaced",
            "Ny melding i Altinn",
            plain(
                "SANDNES KOMMUNE FLYKTNINGENHETEN, org.nr. 996 958 515, har mottatt en ny melding i Altinn fra IMDi.\n\n\
                 Logg inn i Altinn for å lese meldingen.",
            )
            .charset("iso-8859-1")
            .cte(Cte::Base64),
            Expected::own(
                "996958515",
                "Flyktningenheten; spaced org.nr.; ISO-8859-1 base64",
            ),
            nov(23, 8, 15, 0),
        )
        .in_new()
        .crlf(),
        Msg::new(
            "ppt-extra",
            "En melding har blitt mottatt i Altinn",
            plain(&nb_new(
                SK,
                "Statped",
                "Saken gjelder Pedagogisk-psykologisk tjeneste, orgnr 973857789. ",
            )),
            Expected::archive(
                "-",
                "greets SANDNES KOMMUNE; PPT's number in the sender's text says what it is about, not who got it",
            ),
            nov(23, 9, 2, 0),
        )
        .in_new(),
        Msg::new(
            "phish-dmarc-fail",
            "En melding har blitt mottatt i Altinn",
            plain(&nb_new(SK, "Skatteetaten", "")),
            Expected::suspicious(
                "From noreply@altinn.no but Authentication-Results dmarc=fail (spoofed)",
            ),
            nov(24, 3, 12, 0),
        )
        .in_new()
        .sender_domain(
            "bounce@kontor-post.example",
            ("kontor-post.example", "198.51.100.200"),
            "kontor-post.example",
        )
        .auth(
            "Authentication-Results: mx.sandnes.kommune.no;\n\tspf=fail (sender IP is 198.51.100.200) smtp.mailfrom=altinn.no;\n\
             \tdkim=none (message not signed);\n\tdmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=altinn.no",
        ),
        Msg::new(
            "dialogmote",
            "En melding har blitt mottatt i Altinn - Innkalling til dialogmøte",
            plain(&nb_new(
                SK,
                "Nav",
                "Innkalling til dialogmøte om oppfølging av en arbeidstaker med sykmelding. ",
            )),
            Expected::archive(
                "-",
                "NAV letter; body mentions sykmelding but the subject is not a sick-note subject",
            ),
            nov(24, 8, 20, 0),
        )
        .in_new(),
        Msg::new(
            "nb-reminder-alt",
            "Påminnelse - en melding har blitt mottatt i Altinn",
            multipart(
                "alternative",
                "=_altinn_reminder_3c",
                vec![
                    plain(&nb_new_rem(SK, "Statistisk sentralbyrå", "")).into(),
                    html(
                        &[nb_new_rem(SK, "Statistisk sentralbyrå", "")],
                        "Påminnelse",
                        "utf-8",
                    )
                    .into(),
                ],
            ),
            Expected::archive("-", "newest nb reminder; multipart/alternative"),
            nov(24, 9, 5, 0),
        )
        .in_new()
        .crlf(),
        Msg::new(
            "fra-nav-brief",
            "Melding mottatt i Altinn",
            plain(&nb_new(SK, "NAV", "")),
            Expected::archive(
                "-",
                "brief subject variant; 'fra NAV' is the sender, not the Nav Sandnes unit",
            ),
            nov(25, 8, 10, 0),
        )
        .in_new(),
        Msg::new(
            "en-first-subdomain",
            "You have received a message in Altinn",
            plain(&en_first(SK, "the Norwegian Labour Inspection Authority", ""))
                .charset("us-ascii")
                .cte(Cte::SevenBit),
            Expected::archive(
                "-",
                "first gen en; From varsel@notifications.altinn.no (subdomain)",
            ),
            nov(25, 10, 0, 0),
        )
        .in_new()
        .from("Altinn varsling <varsel@notifications.altinn.no>")
        .return_path("bounce@notifications.altinn.no")
        .auth(
            "Authentication-Results: mx.sandnes.kommune.no; spf=pass smtp.mailfrom=notifications.altinn.no; \
             dkim=pass header.d=altinn.no; dmarc=pass header.from=notifications.altinn.no",
        ),
        Msg::new(
            "phish-link",
            "Du har mottatt en melding i Altinn",
            plain(&nb_first(
                SK,
                "Skatteetaten",
                "Meldingen slettes om 48 timer. Logg inn her: https://altinn.no.example.org/login",
            )),
            Expected::suspicious(
                "genuine-looking headers but the link goes to altinn.no.example.org",
            ),
            nov(25, 23, 58, 0),
        )
        .in_new(),
        Msg::new(
            "nn-first",
            "Du har motteke ei melding i Altinn",
            plain(&nn_first(SK, "Sametinget", "")),
            Expected::archive("-", "first gen nn"),
            nov(26, 7, 30, 0),
        )
        .in_new()
        .crlf(),
        // --- As Exchange Online (Microsoft 365) delivers mail: Safe Links, subject tags,
        // banners ---
        Msg::new(
            "exo-tagged-sykmelding",
            format!("[EKSTERN] Ny sykmelding for en av dine ansatte hos {SK}"),
            Part::new(
                exo_html(&[
                    "En ansatt hos SANDNES&nbsp;KOMMUNE (orgnr 964&nbsp;965&nbsp;137) har sendt inn en ny sykmelding.".into(),
                    format!(
                        "Logg inn på {} eller {} for å se sykmeldingen.",
                        safe_anchor("https://www.altinn.no/", "Altinn"),
                        safe_anchor("https://arbeidsgiver.nav.no/min-side-arbeidsgiver/", "Nav")
                    ),
                    "Vennlig hilsen Nav.".into(),
                ]),
                "html",
            )
            .cte(Cte::Base64),
            Expected::sick(
                "964965137",
                "as Exchange Online delivers it: [EKSTERN] subject tag, banner table, Safe Links, Microsoft Authentication-Results",
            ),
            nov(26, 8, 5, 0),
        )
        .in_new()
        .crlf()
        .auth(MS_AUTH_PASS),
        Msg::new(
            "exo-safelinks",
            "En melding har blitt mottatt i Altinn",
            multipart(
                "alternative",
                "_000_AM0PR02MB5433EXO_",
                vec![
                    plain(&format!(
                        "EKSTERN AVSENDER: {EXO_BANNER}\n\n{}",
                        nb_new(SK, "Skatteetaten", "").replace(
                            "Logg deg inn i Altinn",
                            &format!(
                                "Logg deg inn i Altinn<{}>",
                                safe_link("https://www.altinn.no/")
                            )
                        )
                    ))
                    .into(),
                    Part::new(
                        exo_html(&[nb_new("SANDNES&nbsp;KOMMUNE", "Skatteetaten", "").replace(
                            "Logg deg inn i Altinn",
                            &format!(
                                "Logg deg inn i {}",
                                safe_anchor("https://www.altinn.no/", "Altinn")
                            ),
                        )]),
                        "html",
                    )
                    .into(),
                ],
            ),
            Expected::archive(
                "-",
                "Safe Links on every link (text<URL> and HTML), banner in both parts: genuine",
            ),
            nov(26, 9, 40, 0),
        )
        .in_new()
        .crlf()
        .auth(MS_AUTH_PASS),
        Msg::new(
            "exo-phish-wrapped",
            "[EKSTERN] Du har mottatt en melding i Altinn",
            Part::new(
                exo_html(&[
                    "Hei SANDNES&nbsp;KOMMUNE, du har mottatt en ny melding i Altinn fra Skatteetaten.".into(),
                    format!(
                        "Meldingen slettes om 48 timer. {}",
                        safe_anchor("https://altinn-innlogging.example/login", "Logg inn i Altinn")
                    ),
                ]),
                "html",
            ),
            Expected::suspicious(
                "phishing behind Safe Links: the wrapped target is altinn-innlogging.example",
            ),
            nov(26, 10, 15, 0),
        )
        .in_new()
        .crlf()
        .auth(MS_AUTH_PASS),
    ]
}

// --- writing it ------------------------------------------------------------------------------

/// One message placed in the mailbox: its path under `Mail/` and its bytes.
pub struct Placed {
    pub rel: String,
    pub bytes: Vec<u8>,
    /// Delivery time (the file's mtime), seconds since the epoch.
    pub epoch: i64,
    pub msg: Msg,
}

/// The messages in delivery order with their mbsync file names: `<time>.<pid>_<n>.mailhost,
/// U=<uid>` (one mbsync run per day, UIDs from 1201), `:2,FLAGS` in `cur/`.
pub fn placed(mut msgs: Vec<Msg>) -> Vec<Placed> {
    msgs.sort_by_key(|m| m.date); // stable: equal dates keep table order
    let mut seq: HashMap<u32, u32> = HashMap::new();
    msgs.into_iter()
        .zip(1201..)
        .map(|(msg, uid)| {
            let delivered = msg.date + Duration::seconds(5);
            let epoch = delivered.timestamp();
            let pid = 40_000 + delivered.day() * 17;
            let n = seq.entry(pid).or_insert(0);
            *n += 1;
            let unique = format!("{epoch}.{pid}_{n}.mailhost,U={uid}");
            let rel = if msg.new {
                assert!(msg.flags.is_empty(), "{}: flags in new/", msg.key);
                format!("INBOX/new/{unique}")
            } else {
                format!("INBOX/cur/{unique}:2,{}", msg.flags)
            };
            Placed {
                rel,
                bytes: msg.bytes(),
                epoch,
                msg,
            }
        })
        .collect()
}

/// The columns of `EXPECTED.tsv`.
pub const COLUMNS: [&str; 7] = [
    "file",
    "listed",
    "suspicious",
    "action",
    "rule",
    "recipient_org",
    "note",
];

/// `EXPECTED.tsv` for placed messages.
pub fn expected_tsv(placed: &[Placed]) -> String {
    let mut out = COLUMNS.join("\t") + "\n";
    for p in placed {
        let e = &p.msg.expected;
        let row = [
            p.rel.as_str(),
            e.listed,
            e.suspicious,
            e.action,
            e.rule,
            e.org,
            e.note,
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// Writes `dir/Mail` (from scratch: INBOX, Altinn, Trash with cur/new/tmp, `.gitkeep` in
/// the empty ones, mtimes at delivery) and `dir/EXPECTED.tsv`. Returns the message count.
pub fn write(dir: &Path) -> io::Result<usize> {
    let mail = dir.join("Mail");
    if mail.exists() {
        fs::remove_dir_all(&mail)?;
    }
    for folder in FOLDERS {
        for sub in ["cur", "new", "tmp"] {
            fs::create_dir_all(mail.join(folder).join(sub))?;
        }
    }
    let placed = placed(messages());
    for p in &placed {
        let path = mail.join(&p.rel);
        fs::write(&path, &p.bytes)?;
        let t = UNIX_EPOCH + std::time::Duration::from_secs(p.epoch as u64);
        fs::File::options()
            .write(true)
            .open(&path)?
            .set_times(FileTimes::new().set_accessed(t).set_modified(t))?;
    }
    for folder in FOLDERS {
        for sub in ["cur", "new", "tmp"] {
            let d = mail.join(folder).join(sub);
            if fs::read_dir(&d)?.next().is_none() {
                fs::write(d.join(".gitkeep"), b"")?;
            }
        }
    }
    fs::write(dir.join("EXPECTED.tsv"), expected_tsv(&placed))?;
    Ok(placed.len())
}
