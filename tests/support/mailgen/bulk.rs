//! Deterministic generator of large mbsync-style Maildir mail roots, shared by
//! `examples/genmail.rs` and `benches/scan.rs` (both include `tests/support/mailgen/`).
//!
//! The root has `INBOX`, `Altinn` and `Trash`, each with `cur/`, `new/`, `tmp/` and an
//! mbsync `.uidvalidity` file; every message goes to `INBOX` under an mbsync file name
//! (`<time>.<pid>_<n>.<host>,U=<uid>:2,<flags>`). About 10 % of the messages are Altinn
//! (and NAV-through-Altinn) notifications in the wordings of
//! `altinn-notification-formats.md`, a few of them phishing imitations; the rest is
//! ordinary municipal mail behind Exchange Online header blocks. Each message is made
//! from its own PRNG stream (seed, index), so the output does not depend on the number
//! of threads. `.genmail-manifest.tsv` in the root records what each file is, for
//! checking a scanner's verdicts against the truth. Base64, quoted-printable and RFC 2047
//! words come from [`super::mime`].

use super::mime;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

/// Seed used when none is given.
pub const DEFAULT_SEED: u64 = 20_250_304;
/// Bumped whenever the output for a given (count, seed) changes, so that cached roots
/// made by an older generator are regenerated.
pub const GENERATOR_VERSION: u32 = 2;
/// Written into the root last: its presence means the root is complete.
pub const COMPLETE_MARKER: &str = ".complete";
/// Written into the root first: marks a directory this generator may overwrite.
const PARTIAL_MARKER: &str = ".genmail-partial";
const MANIFEST: &str = ".genmail-manifest.tsv";
/// The window a naive scanner reads from the start of each file.
pub const FIRST_READ: usize = 8192;

const HOST: &str = "dokpc-sandnes-04";
const MAILBOX: &str = "postmottak@sandnes.kommune.no";
const FIRST_TIME: i64 = 1_640_995_200; // 2022-01-01
const LAST_TIME: i64 = 1_767_225_600; // 2026-01-01

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64 finaliser: a good 64-bit mixing function.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One SplitMix64 step on `state`: the next number of its stream. The one step of
/// [`Rng`] here and of the fault tests' `support::Rng`.
pub fn splitmix_next(state: &mut u64) -> u64 {
    let z = mix(*state);
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z
}

/// splitmix64 generator.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// An independent stream for item `index` of a run seeded with `seed`.
    fn stream(seed: u64, index: u64) -> Self {
        Rng(mix(seed ^ mix(index.wrapping_add(0x5157_A11E))))
    }

    pub fn next_u64(&mut self) -> u64 {
        splitmix_next(&mut self.0)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn hex(&mut self, n: usize, upper: bool) -> String {
        let digits: &[u8; 16] = if upper {
            b"0123456789ABCDEF"
        } else {
            b"0123456789abcdef"
        };
        (0..n).map(|_| digits[self.below(16)] as char).collect()
    }

    fn guid(&mut self) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            self.hex(8, false),
            self.hex(4, false),
            self.hex(4, false),
            self.hex(4, false),
            self.hex(12, false)
        )
    }
}

// ---------------------------------------------------------------------------
// Encoders

/// Base64 body encoding (the `base64` crate): lines of 76 characters.
fn base64_lines(input: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&mime::base64_lines(input));
}

/// Quoted-printable (the `quoted_printable` crate) with soft line breaks at 76 columns;
/// `\n` line ends.
fn quoted_printable(input: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&mime::quoted_printable(input));
}

#[derive(Clone, Copy, PartialEq)]
enum Charset {
    Utf8,
    Latin1,
}

impl Charset {
    fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "utf-8",
            Charset::Latin1 => "iso-8859-1",
        }
    }

    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Charset::Utf8 => text.as_bytes().to_vec(),
            Charset::Latin1 => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect(),
        }
    }
}

/// RFC 2047 encoded words for `text`, folded with `\n ` between words; a character
/// Latin-1 cannot hold becomes `?`.
fn encoded_words(text: &str, charset: Charset, b_encoding: bool) -> String {
    let text: String = match charset {
        Charset::Utf8 => text.to_string(),
        Charset::Latin1 => text
            .chars()
            .map(|c| if u32::from(c) < 256 { c } else { '?' })
            .collect(),
    };
    mime::encoded_words(&text, charset.name(), b_encoding, 66).join("\n ")
}

/// How a subject line is put on the wire.
fn encode_subject(rng: &mut Rng, subject: &str) -> String {
    let ascii = subject.is_ascii();
    match rng.below(10) {
        0..=3 => encoded_words(subject, Charset::Utf8, true),
        4..=5 => encoded_words(subject, Charset::Utf8, false),
        6..=7 => encoded_words(subject, Charset::Latin1, false),
        _ if ascii => subject.to_string(),
        _ => encoded_words(subject, Charset::Latin1, true),
    }
}

// ---------------------------------------------------------------------------
// Dates

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    weekday: &'static str,
}

fn civil(t: i64) -> Civil {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
        weekday: WEEKDAYS[days.rem_euclid(7) as usize],
    }
}

/// Norwegian local offset in minutes (DST approximated by month).
fn oslo_offset(t: i64) -> i64 {
    let month = civil(t).month;
    if (4..=10).contains(&month) { 120 } else { 60 }
}

/// RFC 5322 date, e.g. `Tue, 4 Mar 2025 08:14:22 +0000`.
fn rfc5322(t: i64, offset_minutes: i64, pad_day: bool) -> String {
    let c = civil(t + offset_minutes * 60);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.abs();
    let day = if pad_day {
        format!("{:02}", c.day)
    } else {
        c.day.to_string()
    };
    format!(
        "{}, {day} {} {} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        c.weekday,
        MONTHS[c.month as usize - 1],
        c.year,
        c.hour,
        c.minute,
        c.second,
        off / 60,
        off % 60
    )
}

/// Exchange's `04 Mar 2025 08:14:21.5123 (UTC)`.
fn exchange_time(t: i64, rng: &mut Rng) -> String {
    let c = civil(t);
    format!(
        "{:02} {} {} {:02}:{:02}:{:02}.{:04} (UTC)",
        c.day,
        MONTHS[c.month as usize - 1],
        c.year,
        c.hour,
        c.minute,
        c.second,
        rng.below(10_000)
    )
}

// ---------------------------------------------------------------------------
// Word material

#[rustfmt::skip]
const NB_WORDS: &[&str] = &[
    "kommunen", "saken", "vedtak", "søknad", "byggesak", "møte", "referat", "planen",
    "budsjett", "økonomi", "tjenesten", "innbyggere", "barnehage", "skole", "helse",
    "omsorg", "tilbakemelding", "høring", "frist", "dokument", "vedlegg", "avtale",
    "kontrakt", "leverandør", "faktura", "prosjekt", "arbeidet", "uke", "neste", "forrige",
    "gjennomgang", "oppfølging", "rutine", "arkiv", "saksbehandler", "ansvar", "enhet",
    "avdeling", "leder", "rådgiver", "bestilling", "tilbud", "kvalitet", "forbedring",
    "rapport", "status", "tiltak", "risiko", "kostnader", "regnskap", "eiendom",
    "reguleringsplan", "nabovarsel", "dispensasjon", "klage", "behandling", "politisk",
    "utvalg", "formannskapet", "bystyret", "innstilling", "vurdering", "grunnlag",
    "kartlegging", "ressurser", "bemanning", "turnus", "vakt", "ferie", "opplæring", "kurs",
    "digitalisering", "systemet", "tilgang", "brukere", "sikkerhet", "personvern",
    "samarbeid", "dialog", "informasjon", "beskjed", "forslag", "endring", "justering",
    "godkjenning", "signering", "og", "og", "og", "i", "i", "i", "på", "på", "for", "for",
    "med", "med", "til", "til", "av", "som", "som", "er", "er", "vi", "vi", "det", "det",
    "har", "har", "ikke", "kan", "skal", "vil", "må", "blir", "etter", "før", "om", "fra",
    "denne", "dette", "disse", "også", "nå", "allerede", "gjerne", "snart", "tidligere",
    "samtidig", "dessverre", "viktig", "nødvendig", "aktuelt", "mulig", "ønsker", "trenger",
    "sender", "mottatt", "vedlagt", "oppdatert", "avklart", "planlagt", "gjennomført",
    "foreslått", "takk", "når", "hvordan", "hva", "går", "får", "gjør", "ser", "tar",
    "ligger", "gjelder", "våre", "deres", "alle", "flere", "noen", "hele", "første",
    "siste", "større", "mindre", "tydelig", "raskt", "grundig", "særlig", "øvrige",
    "årsmelding", "året", "måned", "fredag", "dag", "Sandnes", "Rogaland",
];

#[rustfmt::skip]
const EN_WORDS: &[&str] = &[
    "the", "the", "the", "of", "of", "and", "and", "to", "to", "in", "in", "for", "a", "a",
    "is", "is", "we", "we", "that", "this", "with", "on", "as", "be", "will", "have", "are",
    "not", "can", "please", "meeting", "report", "project", "invoice", "contract",
    "delivery", "schedule", "update", "review", "budget", "proposal", "agreement",
    "service", "customer", "support", "team", "department", "municipality", "office",
    "document", "attachment", "deadline", "request", "information", "question", "answer",
    "change", "version", "system", "access", "security", "privacy", "quality",
    "improvement", "status", "risk", "cost", "estimate", "quarter", "annual", "monthly",
    "weekly", "next", "previous", "following", "regarding", "according", "before", "after",
    "soon", "already", "also", "still", "important", "necessary", "possible", "relevant",
    "attached", "updated", "confirmed", "planned", "completed", "suggested", "thanks",
    "when", "how", "what", "which", "our", "your", "their", "all", "several", "some",
    "whole", "first", "last", "larger", "smaller", "clear", "quickly", "careful", "Norway",
    "Oslo", "Stavanger", "Nordic",
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Kari", "Ola", "Ingrid", "Lars", "Siri", "Per", "Anne", "Jon", "Marit", "Erik", "Hilde",
    "Knut", "Nina", "Tor", "Silje", "Morten", "Camilla", "Øyvind", "Åse", "Bjørn", "Trude",
    "Håkon", "Solveig", "Geir", "Linn", "Jørgen", "Ragnhild", "Stian", "Eirik", "Tone", "Kjersti",
    "Ahmed", "Fatima", "Piotr", "Anna", "Mari", "Thomas",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Eriksen", "Johnsen",
    "Sandvik", "Tjelta", "Skadberg", "Østebø", "Øvrebø", "Risa", "Bø", "Vatne", "Helland",
    "Gjerde", "Lima", "Nowak", "Ali", "Sæland", "Håland", "Ravndal",
];

const TITLES: &[&str] = &[
    "Rådgiver",
    "Seniorrådgiver",
    "Saksbehandler",
    "Konsulent",
    "Arkivar",
    "Enhetsleder",
    "Prosjektleder",
    "Spesialkonsulent",
    "Fagleder",
];

const PUBLIC_DOMAINS: &[&str] = &[
    "stavanger.kommune.no",
    "sola.kommune.no",
    "gjesdal.kommune.no",
    "rogfk.no",
    "ks.no",
    "statsforvalteren.no",
    "arkivverket.no",
    "helse-stavanger.no",
];

const COMPANY_DOMAINS: &[&str] = &[
    "byggtek.example.no",
    "ror-og-vvs.example.no",
    "advokatfirma.example.no",
    "konsulenthuset.example.com",
    "renhold.example.no",
    "it-leverandor.example.com",
    "arkitektkontoret.example.no",
    "entreprenor.example.net",
];

const CONSUMER_DOMAINS: &[&str] = &["gmail.com", "online.no", "hotmail.com", "outlook.com"];

const NEWSLETTERS: &[(&str, &str, &str)] = &[
    ("KS", "nyhetsbrev@ks.no", "ks.no"),
    ("Arkivverket", "nyhetsbrev@arkivverket.no", "arkivverket.no"),
    (
        "Kommunal Rapport",
        "nyhetsbrev@kommunal-rapport.example.no",
        "kommunal-rapport.example.no",
    ),
    ("Digdir", "nyheter@digdir.example.no", "digdir.example.no"),
];

const SUBJECTS_NB: &[&str] = &[
    "Møtereferat fra fagmøte {date}",
    "Innkalling til møte i utvalg for tekniske saker",
    "Byggesak {case} – gnr. {g} bnr. {b}",
    "Faktura {inv}",
    "Purring: faktura {inv}",
    "Søknad om ferdigattest – {case}",
    "Høring: endring i forskrift om renovasjon",
    "Oppfølging etter møtet",
    "Spørsmål om innsyn i sak {case}",
    "Tilbud på kontorrekvisita",
    "Ferieavvikling {year}",
    "Vaktliste uke {week}",
    "Budsjett {year} – innspill fra enhetene",
    "Tilbakemelding på saksframlegg",
    "Referat fra samarbeidsmøte",
    "Endring i rutine for postmottak",
    "Oppdatert vaktliste for dokumentsenteret",
    "Nabovarsel – Langgata {g}",
    "Klage på vedtak i sak {case}",
    "Invitasjon: fagdag om arkiv og dokumentasjonsforvaltning",
    "Kopi av brev – tilskudd til lag og foreninger",
    "Signert avtale",
    "Timeregistrering {month}",
    "Tilgang til sak- og arkivsystemet",
    "Påminnelse: frist for innspill {date}",
    "Skjema for permisjon",
    "Ny leveranse av journalposter",
];

const SUBJECTS_EN: &[&str] = &[
    "Meeting notes {date}",
    "Invoice {inv}",
    "Quarterly report Q{q} {year}",
    "Project update",
    "Invitation: Nordic archives conference {year}",
    "Your subscription",
    "Delivery confirmation {inv}",
    "Request for information",
    "Contract renewal {year}",
];

// Altinn notification material -------------------------------------------

/// (name as registered, org number). The first is the municipality itself.
const RECIPIENTS: &[(&str, &str)] = &[
    ("SANDNES KOMMUNE", "964965137"),
    ("SANDNES KOMMUNE FLYKTNINGENHETEN", "996958515"),
    ("SANDNES KOMMUNE BARNEVERN", "973857673"),
    ("NAV SANDNES", "874610712"),
    ("SANDNES KOMMUNE PPT", "973857789"),
];

/// (nb/nn name, English name) of sending agencies.
const AGENCIES: &[(&str, &str)] = &[
    ("Skatteetaten", "The Norwegian Tax Administration"),
    ("Statens vegvesen", "Norwegian Public Roads Administration"),
    ("Brønnøysundregistrene", "The Brønnøysund Register Centre"),
    ("Arbeidstilsynet", "Norwegian Labour Inspection Authority"),
    (
        "Statsforvalteren i Rogaland",
        "The County Governor of Rogaland",
    ),
    ("Husbanken", "Husbanken"),
    ("Tolletaten", "Norwegian Customs"),
    ("Mattilsynet", "Norwegian Food Safety Authority"),
    (
        "Digitaliseringsdirektoratet",
        "Norwegian Digitalisation Agency",
    ),
    ("Statistisk sentralbyrå", "Statistics Norway"),
    ("Utlendingsdirektoratet", "The Directorate of Immigration"),
    ("Kartverket", "Norwegian Mapping Authority"),
    ("Lånekassen", "Lånekassen"),
];

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Nb,
    Nn,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::En => "en",
        }
    }
}

fn spaced(nr: &str) -> String {
    format!("{} {} {}", &nr[0..3], &nr[3..6], &nr[6..9])
}

// ---------------------------------------------------------------------------
// Pools of pre-generated filler

struct Pools {
    text_nb_qp: Vec<u8>,
    text_en_qp: Vec<u8>,
    html_nb_qp: Vec<u8>,
    html_en_qp: Vec<u8>,
    outlook_head_qp: Vec<u8>,
    /// Base64 lines (76 chars + `\n`) of random bytes, for attachments.
    attachment: Vec<u8>,
    /// A PDF-looking first base64 line.
    pdf_first_line: Vec<u8>,
    /// Base64 alphabet noise for signatures and antispam blobs.
    noise: Vec<u8>,
}

fn sentence(rng: &mut Rng, words: &[&str]) -> String {
    let n = rng.range(6, 17);
    let mut s = String::new();
    for i in 0..n {
        let w = *rng.pick(words);
        if i == 0 {
            let mut cs = w.chars();
            if let Some(first) = cs.next() {
                s.extend(first.to_uppercase());
                s.push_str(cs.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
        if i + 1 < n && rng.chance(0.06) {
            s.push(',');
        }
    }
    s.push(if rng.chance(0.1) { '?' } else { '.' });
    s
}

fn wrap(paragraph: &str, width: usize, out: &mut String) {
    let mut col = 0;
    for word in paragraph.split(' ') {
        let len = word.chars().count();
        if col > 0 && col + 1 + len > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out.push('\n');
}

fn paragraph(rng: &mut Rng, words: &[&str]) -> String {
    let n = rng.range(2, 6);
    (0..n)
        .map(|_| sentence(rng, words))
        .collect::<Vec<_>>()
        .join(" ")
}

fn text_pool(rng: &mut Rng, words: &[&str], size: usize) -> Vec<u8> {
    let mut s = String::new();
    while s.len() < size {
        wrap(&paragraph(rng, words), 72, &mut s);
        s.push('\n');
    }
    let mut out = Vec::new();
    quoted_printable(s.as_bytes(), &mut out);
    out
}

fn html_pool(rng: &mut Rng, words: &[&str], size: usize) -> Vec<u8> {
    let mut s = String::new();
    while s.len() < size {
        s.push_str("<p class=\"MsoNormal\"><span style=\"font-size:11.0pt\">");
        s.push_str(&paragraph(rng, words));
        s.push_str("<o:p></o:p></span></p>\n<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n");
    }
    let mut out = Vec::new();
    quoted_printable(s.as_bytes(), &mut out);
    out
}

const OUTLOOK_HEAD: &str = r##"<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
	{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
	{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}
@font-face
	{font-family:Aptos;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Aptos",sans-serif;
	mso-ligatures:standardcontextual;
	mso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
	{mso-style-priority:99;
	color:#467886;
	text-decoration:underline;}
span.EpostStil17
	{mso-style-type:personal-compose;
	font-family:"Aptos",sans-serif;
	color:windowtext;}
.MsoChpDefault
	{mso-style-type:export-only;
	font-size:11.0pt;
	mso-fareast-language:EN-US;}
@page WordSection1
	{size:612.0pt 792.0pt;
	margin:70.85pt 70.85pt 70.85pt 70.85pt;}
div.WordSection1
	{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>
<body lang="NO-BOK" link="#467886" vlink="#96607D" style="word-wrap:break-word">
<div class="WordSection1">
"##;

impl Pools {
    fn new(seed: u64) -> Self {
        let mut rng = Rng::stream(seed, u64::MAX);
        let text_nb_qp = text_pool(&mut rng, NB_WORDS, 512 * 1024);
        let text_en_qp = text_pool(&mut rng, EN_WORDS, 256 * 1024);
        let html_nb_qp = html_pool(&mut rng, NB_WORDS, 512 * 1024);
        let html_en_qp = html_pool(&mut rng, EN_WORDS, 256 * 1024);
        let mut outlook_head_qp = Vec::new();
        quoted_printable(OUTLOOK_HEAD.as_bytes(), &mut outlook_head_qp);

        // 6 MiB of random bytes as base64 lines: enough for the largest attachment.
        let raw: Vec<u8> = (0..(6 << 20) / 8)
            .flat_map(|_| rng.next_u64().to_le_bytes())
            .collect();
        let mut attachment = Vec::with_capacity(raw.len() * 4 / 3 + raw.len() / 57 + 8);
        base64_lines(&raw, &mut attachment);
        let mut prefix =
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                .to_vec();
        prefix.resize(57, b'\n');
        let mut pdf_first_line = Vec::new();
        base64_lines(&prefix, &mut pdf_first_line);

        // Random base64 characters (DKIM/ARC signatures and the like).
        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let noise: Vec<u8> = (0..256 * 1024).map(|_| B64[rng.below(64)]).collect();
        Pools {
            text_nb_qp,
            text_en_qp,
            html_nb_qp,
            html_en_qp,
            outlook_head_qp,
            attachment,
            pdf_first_line,
            noise,
        }
    }

    fn noise<'a>(&'a self, rng: &mut Rng, n: usize) -> &'a str {
        let n = n.min(self.noise.len());
        let start = rng.below(self.noise.len() - n + 1);
        // The pool is ASCII only.
        std::str::from_utf8(&self.noise[start..start + n]).unwrap_or("")
    }
}

/// Index just past the first `sep` at or after `from` (or the pool's end).
fn after(pool: &[u8], from: usize, sep: &[u8]) -> usize {
    pool[from..]
        .windows(sep.len())
        .position(|w| w == sep)
        .map_or(pool.len(), |p| from + p + sep.len())
}

/// Appends about `len` bytes of an encoded `pool`, cut just after occurrences of `sep`
/// (a paragraph end), so that every piece is whole paragraphs.
fn put_paragraphs(out: &mut Vec<u8>, pool: &[u8], sep: &[u8], rng: &mut Rng, len: usize) {
    let mut left = len;
    while left > 0 {
        let want = left.min(pool.len() / 2);
        let start = after(pool, rng.below(pool.len() - want), sep);
        let end = after(pool, (start + want).min(pool.len()), sep);
        out.extend_from_slice(&pool[start..end]);
        left = left.saturating_sub((end - start).max(1));
    }
}

// ---------------------------------------------------------------------------
// Message plans

/// What one generated file is; the manifest's `kind` column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ordinary,
    /// A colleague's forward of a notification: ordinary mail that quotes Altinn text.
    ForwardedNotice,
    /// NAV letter about a sick employee that is not a sick-note notification.
    NavLetter,
    Altinn,
    /// "Altinn" display name on a lookalike domain.
    PhishLookalike,
    /// Spoofed noreply@altinn.no with a link to a foreign login page (dmarc=fail).
    PhishLink,
    /// Genuine-looking text from noreply@altinn.no that fails DMARC.
    DmarcFail,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Ordinary => "ordinary",
            Kind::ForwardedNotice => "ordinary-forwarded-notice",
            Kind::NavLetter => "ordinary-nav-letter",
            Kind::Altinn => "altinn",
            Kind::PhishLookalike => "suspicious-lookalike-sender",
            Kind::PhishLink => "suspicious-link",
            Kind::DmarcFail => "suspicious-dmarc-fail",
        }
    }

    fn claims_altinn(self) -> bool {
        matches!(
            self,
            Kind::Altinn | Kind::PhishLookalike | Kind::PhishLink | Kind::DmarcFail
        )
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// Sender in another Exchange Online tenant.
    ExternalExchange,
    /// Sender in the same tenant.
    Internal,
    /// Gmail and friends.
    Consumer,
    /// Bulk mail with List-* headers.
    Newsletter,
    /// Altinn's notification service (or something pretending to be it).
    Service,
}

#[derive(Clone, Copy, PartialEq)]
enum Auth {
    Pass,
    None,
    DmarcFail,
}

/// Everything the header writer needs.
struct Envelope {
    style: Style,
    auth: Auth,
    from: String,
    from_domain: String,
    to: String,
    cc: Option<String>,
    subject: String,
    thread_topic: Option<String>,
    date: i64,
    date_offset: i64,
    message_id: String,
    in_reply_to: Option<String>,
    language: &'static str,
    /// `Content-Type` and friends for the top-level entity, each line ending in `\n`.
    mime: String,
    has_attachment: bool,
    /// Target size of the whole header block.
    target: usize,
    /// Put the bulk of a big header before `From:` (many hops, several ARC sets).
    heavy_trace: bool,
}

struct Servers {
    mailbox: String,
    mailbox_short: String,
    frontend: String,
    edge: String,
}

fn exchange_name(rng: &mut Rng) -> String {
    const PREFIXES: &[&str] = &["AM", "DB", "DU", "VI", "PA", "AS", "GV", "HE", "OS", "PR"];
    format!(
        "{}{}PR{:02}MB{}",
        rng.pick(PREFIXES),
        rng.range(0, 9),
        rng.range(1, 10),
        rng.range(1000, 9999)
    )
}

fn frontend_name(rng: &mut Rng) -> String {
    const PREFIXES: &[&str] = &["AM", "DB", "DU", "VI", "PA", "AS", "GV", "HE"];
    format!(
        "{}{}PEPF{}",
        rng.pick(PREFIXES),
        rng.range(1, 9),
        rng.hex(8, true)
    )
}

fn ipv6(rng: &mut Rng) -> String {
    format!(
        "2603:10a6:{}:{}::{}",
        rng.hex(3, false),
        rng.hex(3, false),
        rng.range(1, 99)
    )
}

fn received_exchange(out: &mut String, rng: &mut Rng, from: &str, by: &str, t: i64, via: bool) {
    let tls = if rng.chance(0.5) {
        "version=TLS1_2,\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
    } else {
        "version=TLS1_3,\n cipher=TLS_AES_256_GCM_SHA384"
    };
    let _ = write!(
        out,
        "Received: from {from}\n ({}) by {by}\n ({}) with Microsoft SMTP Server ({tls}) id 15.20.{}.{}{};\n {}\n",
        ipv6(rng),
        ipv6(rng),
        rng.range(8000, 9400),
        rng.range(10, 40),
        if via { " via Frontend Transport" } else { "" },
        rfc5322(t, 0, false)
    );
}

fn folded_b64(out: &mut String, pools: &Pools, rng: &mut Rng, n: usize) {
    let mut left = n;
    while left > 0 {
        let take = left.min(72);
        out.push_str("\n\t");
        out.push_str(pools.noise(rng, take));
        left -= take;
    }
}

/// Exchange's `=?us-ascii?Q?...?=` folded antispam blobs.
fn folded_qwords(out: &mut String, pools: &Pools, rng: &mut Rng, n: usize) {
    let mut left = n.max(60);
    let mut first = true;
    while left > 0 {
        let take = left.min(60);
        out.push_str(if first { "\n\t" } else { "\n " });
        first = false;
        out.push_str("=?us-ascii?Q?");
        out.push_str(pools.noise(rng, take));
        out.push_str("?=");
        left -= take;
    }
}

fn arc_set(out: &mut String, pools: &Pools, rng: &mut Rng, i: usize, domain: &str, auth: Auth) {
    let cv = if i == 1 { "none" } else { "pass" };
    let _ = write!(
        out,
        "ARC-Seal: i={i}; a=rsa-sha256; s=arcselector10001; d=microsoft.com; cv={cv};\n b="
    );
    folded_b64(out, pools, rng, 344);
    out.push('\n');
    let _ = write!(
        out,
        "ARC-Message-Signature: i={i}; a=rsa-sha256; c=relaxed/relaxed; d=microsoft.com;\n s=arcselector10001;\n h=From:Date:Subject:Message-ID:Content-Type:MIME-Version:X-MS-Exchange-AntiSpam-MessageData-ChunkCount:X-MS-Exchange-AntiSpam-MessageData-0:X-MS-Exchange-AntiSpam-MessageData-1;\n bh={}=;\n b=",
        pools.noise(rng, 43)
    );
    folded_b64(out, pools, rng, 344);
    out.push('\n');
    let dmarc = match auth {
        Auth::Pass => "pass",
        Auth::None => "none",
        Auth::DmarcFail => "fail",
    };
    let _ = writeln!(
        out,
        "ARC-Authentication-Results: i={i}; mx.microsoft.com 1; spf=pass\n smtp.mailfrom={domain}; dmarc={dmarc} action=none header.from={domain};\n dkim=pass header.d={domain}; arc=none"
    );
}

fn dkim(out: &mut String, pools: &Pools, rng: &mut Rng, domain: &str, google: bool) {
    let (selector, headers) = if google {
        (
            "20230601",
            "mime-version:from:date:message-id:subject:to\n         :content-type",
        )
    } else {
        (
            "selector1",
            "From:Date:Subject:Message-ID:Content-Type:MIME-Version:X-MS-Exchange-SenderADCheck",
        )
    };
    let _ = write!(
        out,
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain};\n s={selector}; h={headers};\n bh={}=;\n b=",
        pools.noise(rng, 43)
    );
    folded_b64(out, pools, rng, 344);
    out.push('\n');
}

fn auth_results(out: &mut String, rng: &mut Rng, domain: &str, auth: Auth) {
    let ip = format!(
        "{}.{}.{}.{}",
        rng.range(20, 210),
        rng.range(0, 255),
        rng.range(0, 255),
        rng.range(1, 254)
    );
    match auth {
        Auth::Pass => {
            let _ = writeln!(
                out,
                "Authentication-Results: spf=pass (sender IP is {ip})\n smtp.mailfrom={domain}; dkim=pass (signature was verified)\n header.d={domain};dmarc=pass action=none\n header.from={domain};compauth=pass reason=100"
            );
            let _ = writeln!(
                out,
                "Received-SPF: Pass (protection.outlook.com: domain of {domain} designates\n {ip} as permitted sender) receiver=protection.outlook.com;\n client-ip={ip}; helo=mail.{domain}; pr=C"
            );
        }
        Auth::None => {
            let _ = writeln!(
                out,
                "Authentication-Results: spf=pass (sender IP is {ip})\n smtp.mailfrom={domain}; dkim=none (message not signed)\n header.d=none;dmarc=none action=none\n header.from={domain};compauth=softpass reason=201"
            );
            let _ = writeln!(
                out,
                "Received-SPF: Pass (protection.outlook.com: domain of {domain} designates\n {ip} as permitted sender) receiver=protection.outlook.com;\n client-ip={ip}; helo=mail.{domain}; pr=C"
            );
        }
        Auth::DmarcFail => {
            let _ = writeln!(
                out,
                "Authentication-Results: spf=fail (sender IP is {ip})\n smtp.mailfrom={domain}; dkim=none (message not signed)\n header.d=none;dmarc=fail action=oreject\n header.from={domain};compauth=fail reason=000"
            );
            let _ = writeln!(
                out,
                "Received-SPF: Fail (protection.outlook.com: domain of {domain} does not\n designate {ip} as permitted sender) receiver=protection.outlook.com;\n client-ip={ip}; helo=mx{}.mailrelay.example.net;",
                rng.range(1, 9)
            );
        }
    }
}

/// Writes the header block, blank line included. Returns the offset of `From:`.
fn write_header(out: &mut Vec<u8>, rng: &mut Rng, pools: &Pools, env: &Envelope) -> usize {
    let start = out.len();
    let t = env.date + rng.range(2, 90) as i64;
    let s = Servers {
        mailbox: format!("{}.eurprd09.prod.outlook.com", exchange_name(rng)),
        mailbox_short: exchange_name(rng),
        frontend: format!("{}.eurprd03.prod.outlook.com", frontend_name(rng)),
        edge: format!(
            "EUR0{}-{}-obe.outbound.protection.outlook.com",
            rng.range(1, 5),
            rng.pick(&["DB8", "AM6", "VI1", "HE1", "AM7"])
        ),
    };
    let mut h = String::with_capacity(env.target + 1024);

    // Trace headers, newest first.
    let _ = writeln!(
        h,
        "Received: from {}\n ({}) by {}.eurprd09.prod.outlook.com with HTTPS; {}",
        s.mailbox,
        ipv6(rng),
        s.mailbox_short,
        rfc5322(t, 0, false)
    );
    received_exchange(&mut h, rng, &s.frontend, &s.mailbox, t, false);
    let heavy_hops = if env.heavy_trace {
        env.target.saturating_sub(6000) / 330
    } else {
        0
    };
    if env.style != Style::Internal {
        let edge_ip = format!("40.107.{}.{}", rng.range(0, 255), rng.range(1, 254));
        let _ = writeln!(
            h,
            "Received: from {} ({edge_ip}) by\n {} (10.167.{}.{}) with Microsoft\n SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.{}.{}\n via Frontend Transport; {}",
            s.edge,
            s.frontend
                .replace("eurprd03.prod.outlook.com", "mail.protection.outlook.com"),
            rng.range(0, 255),
            rng.range(1, 254),
            rng.range(8000, 9400),
            rng.range(10, 40),
            rfc5322(t - 1, 0, false)
        );
        auth_results(&mut h, rng, &env.from_domain, env.auth);
        for hop in 0..heavy_hops {
            let a = exchange_name(rng);
            let b = exchange_name(rng);
            received_exchange(&mut h, rng, &a, &b, t - 2 - hop as i64, hop % 2 == 0);
        }
        if env.heavy_trace {
            for i in (2..=3).rev() {
                arc_set(&mut h, pools, rng, i, &env.from_domain, env.auth);
            }
        }
    }
    match env.style {
        Style::ExternalExchange => {
            arc_set(&mut h, pools, rng, 1, &env.from_domain, env.auth);
            dkim(&mut h, pools, rng, &env.from_domain, false);
            for _ in 0..rng.range(0, 1) {
                let a = exchange_name(rng);
                let b = exchange_name(rng);
                received_exchange(&mut h, rng, &a, &b, t - 3, false);
            }
        }
        Style::Internal => {
            for _ in 0..rng.range(0, 2) {
                let a = exchange_name(rng);
                let b = exchange_name(rng);
                received_exchange(&mut h, rng, &a, &b, t - 1, false);
            }
        }
        Style::Consumer => {
            if env.from_domain == "gmail.com" {
                dkim(&mut h, pools, rng, "gmail.com", true);
                let _ = write!(
                    h,
                    "X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n d=1e100.net; s=20230601; t={}; x=1;\n h=to:subject:message-id:date:from:mime-version\n         :x-gm-message-state:from:to:cc:subject:date:message-id:reply-to;\n bh={}=;\n b=",
                    env.date,
                    pools.noise(rng, 43)
                );
                folded_b64(&mut h, pools, rng, 344);
                let _ = write!(
                    h,
                    "\nX-Gm-Message-State: AOJu0Y{}\nX-Google-Smtp-Source: AGHT+I{}\nX-Received: by 2002:a05:6512:{}:b0:53e:{} with SMTP id {}-{}.{};\n {}\n",
                    pools.noise(rng, 60),
                    pools.noise(rng, 80),
                    rng.hex(4, false),
                    rng.hex(4, false),
                    rng.hex(12, false),
                    rng.hex(8, false),
                    rng.range(10, 99),
                    rfc5322(env.date + 1, 0, false).replace("+0000", "-0800 (PST)")
                );
            } else {
                dkim(&mut h, pools, rng, &env.from_domain, false);
            }
            let _ = writeln!(
                h,
                "Received: from [192.168.{}.{}] ([85.{}.{}.{}]) by smtp.{} with ESMTPSA id {};\n {}",
                rng.range(0, 9),
                rng.range(2, 250),
                rng.range(160, 170),
                rng.range(0, 255),
                rng.range(1, 254),
                env.from_domain,
                rng.hex(16, false),
                rfc5322(env.date, env.date_offset, false)
            );
        }
        Style::Newsletter | Style::Service => {
            if env.auth != Auth::DmarcFail {
                dkim(&mut h, pools, rng, &env.from_domain, false);
            }
            let _ = writeln!(
                h,
                "Received: from mta{}.{} (mta{}.{} [10.{}.{}.{}])\n by relay.{} (Postfix) with ESMTPS id {}\n for <{MAILBOX}>; {}",
                rng.range(1, 30),
                env.from_domain,
                rng.range(1, 30),
                env.from_domain,
                rng.range(0, 255),
                rng.range(0, 255),
                rng.range(1, 254),
                env.from_domain,
                rng.hex(10, true),
                rfc5322(env.date, 0, true)
            );
        }
    }

    // Originator fields.
    let from_offset = start + h.len();
    let _ = writeln!(h, "From: {}", env.from);
    let _ = writeln!(h, "To: {}", env.to);
    if let Some(cc) = &env.cc {
        let _ = writeln!(h, "CC: {cc}");
    }
    let _ = writeln!(h, "Subject: {}", env.subject);
    let exchange_sender = matches!(env.style, Style::ExternalExchange | Style::Internal);
    if exchange_sender {
        if let Some(topic) = &env.thread_topic {
            let _ = writeln!(h, "Thread-Topic: {topic}");
        }
        let n = rng.range(20, 80);
        let _ = writeln!(h, "Thread-Index: AQHb{}", pools.noise(rng, n));
    }
    let _ = writeln!(
        h,
        "Date: {}",
        rfc5322(env.date, env.date_offset, env.style == Style::Service)
    );
    let _ = writeln!(h, "Message-ID: {}", env.message_id);
    if let Some(reply) = &env.in_reply_to {
        let _ = writeln!(h, "References: {reply}\nIn-Reply-To: {reply}");
    }
    if env.style == Style::Newsletter {
        let _ = writeln!(
            h,
            "List-Unsubscribe: <https://{0}/unsubscribe?u={1}&id={2}>,\n <mailto:unsubscribe-{2}@{0}>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\nList-Id: {1}.list-id.{0}\nFeedback-ID: {3}:{1}:newsletter\nX-Mailer: Mailjet",
            env.from_domain,
            rng.hex(24, false),
            rng.hex(10, false),
            rng.range(100_000, 999_999)
        );
    }
    if exchange_sender {
        let _ = writeln!(
            h,
            "Accept-Language: {0}, en-US\nContent-Language: {0}\nX-MS-Has-Attach:{1}\nX-MS-TNEF-Correlator:",
            env.language,
            if env.has_attachment { " yes" } else { "" }
        );
    }
    out.extend_from_slice(h.as_bytes());

    // The rest goes after the originator fields; its blobs take what is left of the
    // target size.
    let mut tail = String::with_capacity(4096);
    tail.push_str(&env.mime);
    tail.push_str("MIME-Version: 1.0\n");
    let network_id = rng.guid();
    let tenant = rng.guid();
    let arrival = exchange_time(t, rng);
    let _ = writeln!(
        tail,
        "X-MS-Exchange-Organization-ExpirationStartTime: {arrival}\nX-MS-Exchange-Organization-ExpirationStartTimeReason: OriginalSubmit\nX-MS-Exchange-Organization-ExpirationInterval: 1:00:00:00.0000000\nX-MS-Exchange-Organization-ExpirationIntervalReason: OriginalSubmit\nX-MS-Exchange-Organization-Network-Message-Id:\n {network_id}\nX-EOPAttributedMessage: 0\nX-EOPTenantAttributedMessage: {tenant}:0\nX-MS-Exchange-Organization-MessageDirectionality: {}\nX-MS-PublicTrafficType: Email\nX-MS-TrafficTypeDiagnostic:\n {}:EE_|{}:EE_|{}:EE_\nX-MS-Exchange-Organization-AuthSource:\n {}\nX-MS-Exchange-Organization-AuthAs: {}\nX-MS-Office365-Filtering-Correlation-Id: {}\nX-MS-Exchange-Organization-SCL: {}",
        if env.style == Style::Internal {
            "Originating"
        } else {
            "Incoming"
        },
        s.frontend.split('.').next().unwrap_or(""),
        s.mailbox_short,
        s.mailbox.split('.').next().unwrap_or(""),
        s.frontend,
        if env.style == Style::Internal {
            "Internal"
        } else {
            "Anonymous"
        },
        rng.guid(),
        if env.auth == Auth::DmarcFail {
            5
        } else {
            rng.range(0, 1)
        }
    );
    let _ = writeln!(
        tail,
        "X-Microsoft-Antispam: BCL:{};ARA:13230040|1800799024|366016|376014|{};\nX-Forefront-Antispam-Report:\n CIP:40.107.{}.{};CTRY:{};LANG:{};SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:{};PTR:mail-{}.outbound.protection.outlook.com;CAT:NONE;SFS:(13230040)(1800799024)(366016)(376014)(38070700018);DIR:INB;",
        rng.range(0, 3),
        rng.range(10_000_000, 99_999_999),
        rng.range(0, 255),
        rng.range(1, 254),
        if env.style == Style::Consumer {
            "US"
        } else {
            "NO"
        },
        &env.language[..2],
        s.edge,
        rng.hex(10, false)
    );
    let _ = writeln!(
        tail,
        "X-MS-Exchange-CrossTenant-OriginalArrivalTime: {arrival}\nX-MS-Exchange-CrossTenant-Network-Message-Id: {network_id}\nX-MS-Exchange-CrossTenant-Id: {tenant}\nX-MS-Exchange-CrossTenant-AuthSource:\n {}\nX-MS-Exchange-CrossTenant-AuthAs: {}\nX-MS-Exchange-CrossTenant-FromEntityHeader: {}\nX-MS-Exchange-Transport-CrossTenantHeadersStamped: {}\nX-MS-Exchange-Transport-EndToEndLatency: 00:00:0{}.{}\nX-MS-Exchange-Processed-By-BccFoldering: 15.20.{}.023\nX-Microsoft-Antispam-Mailbox-Delivery:\n ucf:0;jmr:0;auth:0;dest:I;ENG:(910001)(944506478)(944626604)(920097)(930097)(3100021)(140003);",
        s.frontend,
        if env.style == Style::Internal {
            "Internal"
        } else {
            "Anonymous"
        },
        if env.style == Style::Internal {
            "Hosted"
        } else {
            "Internet"
        },
        s.mailbox_short,
        rng.range(0, 9),
        rng.range(1_000_000, 9_999_999),
        rng.range(8000, 9400)
    );

    // Sender-side Exchange headers (only when the sender is on Exchange) and the
    // recipient's message-info blob share the remaining budget.
    let fixed = h.len() + tail.len() + 1;
    let mut sender = String::new();
    if exchange_sender {
        let _ = writeln!(
            sender,
            "authentication-results: dkim=none (message not signed)\n header.d=none;dmarc=none action=none header.from={};\nx-ms-publictraffictype: Email\nx-ms-traffictypediagnostic: {}:EE_|{}:EE_\nx-ms-office365-filtering-correlation-id: {}\nx-ms-exchange-senderadcheck: 1\nx-ms-exchange-antispam-relay: 0\nx-microsoft-antispam: BCL:0;ARA:13230040|1800799024|366016|376014|38070700018;",
            env.from_domain,
            exchange_name(rng),
            exchange_name(rng),
            rng.guid()
        );
    }
    let budget = env.target.saturating_sub(fixed + sender.len()).max(300);
    if exchange_sender {
        // messagedata-0 is left out when there is no room for it, as Exchange often does.
        let data = if budget > 1800 { budget * 3 / 10 } else { 0 };
        let info = (budget * 3 / 10).max(200);
        sender.push_str("x-microsoft-antispam-message-info:");
        folded_qwords(&mut sender, pools, rng, info * 60 / 77);
        let _ = write!(
            sender,
            "\nx-forefront-antispam-report:\n CIP:255.255.255.255;CTRY:;LANG:{};SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:{};PTR:;CAT:NONE;SFS:(13230040)(1800799024)(366016)(376014)(38070700018);DIR:OUT;SFP:1102;",
            &env.language[..2],
            s.mailbox_short
        );
        if data > 0 {
            sender.push_str(
                "\nx-ms-exchange-antispam-messagedata-chunkcount: 1\nx-ms-exchange-antispam-messagedata-0:",
            );
            folded_qwords(&mut sender, pools, rng, data * 60 / 77);
        }
        sender.push('\n');
        out.extend_from_slice(sender.as_bytes());
        out.extend_from_slice(tail.as_bytes());
        out.extend_from_slice(b"X-Microsoft-Antispam-Message-Info:");
        let mut blob = String::new();
        folded_qwords(
            &mut blob,
            pools,
            rng,
            budget.saturating_sub(info + data).max(300) * 60 / 77,
        );
        out.extend_from_slice(blob.as_bytes());
    } else {
        out.extend_from_slice(tail.as_bytes());
        out.extend_from_slice(b"X-Microsoft-Antispam-Message-Info:");
        let mut blob = String::new();
        folded_qwords(&mut blob, pools, rng, budget * 60 / 77);
        out.extend_from_slice(blob.as_bytes());
    }
    out.extend_from_slice(b"\n\n");
    from_offset
}

// ---------------------------------------------------------------------------
// Bodies

/// A generated body: MIME header lines for the top entity and the encoded body.
struct Body {
    mime: String,
    bytes: Vec<u8>,
    has_attachment: bool,
}

fn boundary(rng: &mut Rng, style: Style) -> String {
    match style {
        Style::Consumer => format!("000000000000{}", rng.hex(16, false)),
        Style::Newsletter | Style::Service => format!(
            "----=_Part_{}_{}",
            rng.range(100_000, 999_999),
            rng.range(100_000_000, 999_999_999)
        ),
        _ => format!(
            "_000_{}{}EURPRD09PRODOUTLOOK_",
            exchange_name(rng),
            rng.hex(12, true)
        ),
    }
}

fn person(rng: &mut Rng) -> (String, String) {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let local: String = format!("{first}.{last}")
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'æ' => 'e',
            'ø' => 'o',
            'å' => 'a',
            c => c,
        })
        .collect();
    (format!("{first} {last}"), local)
}

fn signature(name: &str, title: &str, org: &str) -> String {
    format!(
        "\nMed vennlig hilsen\n\n{name}\n{title}\n{org}\nTlf: 51 33 50 00\n\nDenne e-posten kan inneholde informasjon som er underlagt taushetsplikt. Dersom du har\nmottatt den ved en feil, ber vi deg varsle avsender og slette e-posten.\n"
    )
}

struct OrdinaryText<'a> {
    lang: Lang,
    greeting: String,
    signature: String,
    quoted: Option<String>,
    pools: &'a Pools,
}

impl OrdinaryText<'_> {
    fn text_pool(&self) -> &[u8] {
        if self.lang == Lang::En {
            &self.pools.text_en_qp
        } else {
            &self.pools.text_nb_qp
        }
    }

    fn html_pool(&self) -> &[u8] {
        if self.lang == Lang::En {
            &self.pools.html_en_qp
        } else {
            &self.pools.html_nb_qp
        }
    }

    fn plain(&self, rng: &mut Rng, len: usize, out: &mut Vec<u8>) {
        quoted_printable(format!("{}\n\n", self.greeting).as_bytes(), out);
        put_paragraphs(out, self.text_pool(), b"\n\n", rng, len);
        quoted_printable(self.signature.as_bytes(), out);
        if let Some(q) = &self.quoted {
            quoted_printable(q.as_bytes(), out);
        }
    }

    fn html(&self, rng: &mut Rng, len: usize, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.pools.outlook_head_qp);
        let mut greet = Vec::new();
        quoted_printable(
            format!("<p class=\"MsoNormal\">{}<o:p></o:p></p>\n", self.greeting).as_bytes(),
            &mut greet,
        );
        out.extend_from_slice(&greet);
        put_paragraphs(out, self.html_pool(), b"</p>\n", rng, len);
        let mut sig = String::new();
        for line in self.signature.lines() {
            let _ = writeln!(sig, "<p class=\"MsoNormal\">{line}<o:p></o:p></p>");
        }
        if let Some(q) = &self.quoted {
            sig.push_str("<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">\n");
            for line in q.lines() {
                let _ = writeln!(sig, "<p class=\"MsoNormal\">{line}</p>");
            }
            sig.push_str("</div>\n");
        }
        sig.push_str("</div>\n</body>\n</html>\n");
        quoted_printable(sig.as_bytes(), out);
    }
}

fn attachment_part(rng: &mut Rng, pools: &Pools, bytes: usize, date: i64, out: &mut Vec<u8>) {
    let lines = (bytes / 57).max(1).min(pools.attachment.len() / 77 - 1);
    let (ctype, ext, first) = match rng.below(4) {
        0 | 1 => ("application/pdf", "pdf", true),
        2 => ("image/jpeg", "jpg", false),
        _ => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            false,
        ),
    };
    let name = match rng.below(4) {
        0 => format!("Faktura_{}.{ext}", rng.range(100_000, 999_999)),
        1 => format!(
            "Vedtak {}-{}.{ext}",
            rng.range(2020, 2025),
            rng.range(100, 9999)
        ),
        2 => format!("IMG_{}.{ext}", rng.range(1000, 9999)),
        _ => format!("Referat_{}.{ext}", rng.range(1, 52)),
    };
    let date = rfc5322(date, 0, false).replace("+0000", "GMT");
    let _ = write!(
        out,
        "Content-Type: {ctype}; name=\"{name}\"\nContent-Description: {name}\nContent-Disposition: attachment; filename=\"{name}\"; size={};\n\tcreation-date=\"{date}\";\n\tmodification-date=\"{date}\"\nContent-Transfer-Encoding: base64\n\n",
        lines * 57
    );
    let mut n = lines;
    if first {
        out.extend_from_slice(&pools.pdf_first_line);
        n -= 1;
    }
    let start_line = rng.below(pools.attachment.len() / 77 - n);
    out.extend_from_slice(&pools.attachment[start_line * 77..(start_line + n) * 77]);
}

fn ordinary_body(
    rng: &mut Rng,
    pools: &Pools,
    style: Style,
    text: &OrdinaryText,
    budget: usize,
    attachment: Option<usize>,
    date: i64,
) -> Body {
    let attachment = attachment.or_else(|| (budget > 40_000).then(|| budget - 9000));
    let text_budget = if attachment.is_some() { 9000 } else { budget };
    let qp = "Content-Transfer-Encoding: quoted-printable\n";
    let plain_only = style != Style::Newsletter && rng.chance(0.4);
    let mut bytes = Vec::with_capacity(budget + 1024);
    let alt_boundary = boundary(rng, style);
    let alt_mime = if plain_only {
        format!("Content-Type: text/plain; charset=\"utf-8\"\n{qp}")
    } else {
        format!("Content-Type: multipart/alternative;\n\tboundary=\"{alt_boundary}\"\n")
    };
    let mut alt = Vec::with_capacity(text_budget + 4096);
    if plain_only {
        text.plain(rng, text_budget.saturating_sub(900), &mut alt);
    } else {
        let plain_share = if style == Style::Newsletter {
            0.15
        } else {
            0.35
        };
        let plain_len = (text_budget as f64 * plain_share) as usize;
        let html_len = text_budget
            .saturating_sub(plain_len)
            .saturating_sub(pools.outlook_head_qp.len() + 1500);
        let _ = write!(
            alt,
            "--{alt_boundary}\nContent-Type: text/plain; charset=\"utf-8\"\n{qp}\n"
        );
        text.plain(rng, plain_len.saturating_sub(700).max(200), &mut alt);
        let _ = write!(
            alt,
            "\n--{alt_boundary}\nContent-Type: text/html; charset=\"utf-8\"\n{qp}\n"
        );
        text.html(rng, html_len.max(300), &mut alt);
        let _ = writeln!(alt, "\n--{alt_boundary}--");
    }
    let mime = if let Some(att) = attachment {
        let mixed = boundary(rng, style).replace("_000_", "_004_");
        let _ = write!(bytes, "--{mixed}\n{alt_mime}\n");
        bytes.extend_from_slice(&alt);
        let _ = write!(bytes, "\n--{mixed}\n");
        attachment_part(rng, pools, att, date, &mut bytes);
        let _ = writeln!(bytes, "\n--{mixed}--");
        format!("Content-Type: multipart/mixed;\n\tboundary=\"{mixed}\"\n")
    } else {
        bytes = alt;
        alt_mime
    };
    Body {
        mime,
        bytes,
        has_attachment: attachment.is_some(),
    }
}

// Altinn notifications -----------------------------------------------------

struct Notice {
    subject: String,
    text: String,
    html: Option<String>,
    html_only: bool,
    template: String,
    lang: Lang,
    org: &'static str,
}

/// The free text an agency adds to the subject and body (`{extra}`).
fn notice_extra(rng: &mut Rng, lang: Lang, nr: &str, agency: &str, t: i64) -> (String, String) {
    let c = civil(t);
    let customs = agency == "Tolletaten";
    let subject_extra = match rng.below(10) {
        0 | 4 if customs => " - Tolldeklarasjonsoversikt".to_string(),
        1 => format!(" - Ref. {}/{}", c.year, rng.range(1000, 99_999)),
        2 if lang == Lang::En => " (tax deduction card)".to_string(),
        2 => " (skattekort)".to_string(),
        _ => String::new(),
    };
    let body_extra = match (rng.below(8), lang) {
        (0 | 4, Lang::En) if customs => format!(
            "The message concerns the customs declaration overview for {} {}. ",
            MONTHS_EN[c.month as usize - 1],
            c.year
        ),
        (0 | 4, _) if customs => format!(
            "Meldingen gjelder tolldeklarasjonsoversikt for {} {}. ",
            MONTHS_NB[c.month as usize - 1],
            c.year
        ),
        (1, Lang::En) => format!("Concerns organisation number {}. ", spaced(nr)),
        (1, _) => format!("Gjelder org.nr. {}. ", spaced(nr)),
        (2, Lang::En) => format!("Case number: {}/{}. ", c.year, rng.range(100, 9999)),
        (2, _) => format!("Saksnummer: {}/{}. ", c.year, rng.range(100, 9999)),
        (3, Lang::En) => format!("Deadline: {:02}.{:02}.{}. ", c.day, c.month, c.year),
        (3, _) => format!("Svarfrist: {:02}.{:02}.{}. ", c.day, c.month, c.year),
        _ => String::new(),
    };
    (subject_extra, body_extra)
}

fn altinn_footer(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => {
            "Dette er en automatisk generert e-post fra Altinn. Du kan ikke svare på denne e-posten.\n\nHar du spørsmål, kan du kontakte Altinn brukerservice på telefon 75 00 60 00.\n\nDu mottar dette varselet fordi e-postadressen er registrert som varslingsadresse for virksomheten i Altinn. Varslingsadressen kan endres under Profil i Altinn. Altinn er en felles løsning for offentlige tjenester, levert av Digitaliseringsdirektoratet.\n"
        }
        Lang::Nn => {
            "Dette er ein automatisk generert e-post frå Altinn. Du kan ikkje svare på denne e-posten.\n\nHar du spørsmål, kan du kontakte Altinn brukarservice på telefon 75 00 60 00.\n\nDu får dette varselet fordi e-postadressa er registrert som varslingsadresse for verksemda i Altinn. Varslingsadressa kan endrast under Profil i Altinn. Altinn er ei felles løysing for offentlege tenester, levert av Digitaliseringsdirektoratet.\n"
        }
        Lang::En => {
            "This is an automatically generated email from Altinn. You cannot reply to this email.\n\nIf you have questions, contact Altinn user support on +47 75 00 60 00.\n\nYou receive this notification because this email address is registered as the notification address of the organisation in Altinn. You can change it under Profile in Altinn. Altinn is a common platform for public services, provided by the Norwegian Digitalisation Agency.\n"
        }
    }
}

fn altinn_html(lang: Lang, paragraphs: &[String], footer: &str) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Altinn</title>\n<style>\nbody{{font-family:Inter,Arial,sans-serif;color:#1d2b39;background:#f4f5f6;margin:0;padding:0}}\n.container{{max-width:600px;margin:0 auto;background:#ffffff;padding:32px}}\n.footer{{font-size:12px;color:#68707c;border-top:1px solid #e1e3e6;padding-top:16px;margin-top:32px}}\np{{font-size:16px;line-height:1.5;margin:0 0 16px 0}}\n</style>\n</head>\n<body>\n<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td>\n<div class=\"container\">\n",
        lang.code()
    );
    for p in paragraphs {
        let _ = writeln!(s, "<p>{p}</p>");
    }
    s.push_str("<div class=\"footer\">\n");
    for p in footer.split("\n\n") {
        let _ = writeln!(s, "<p>{}</p>", p.trim_end());
    }
    s.push_str("</div>\n</div>\n</td></tr></table>\n</body>\n</html>\n");
    s
}

fn pick_recipient(rng: &mut Rng) -> (&'static str, &'static str) {
    if rng.chance(0.7) {
        RECIPIENTS[0]
    } else {
        RECIPIENTS[rng.range(1, RECIPIENTS.len() - 1)]
    }
}

/// A genuine-looking notification (Altinn 3 generic, NAV sick leave, Altinn 2).
fn altinn_notice(rng: &mut Rng, t: i64) -> Notice {
    let (name, nr) = pick_recipient(rng);
    let (agency_nb, agency_en) = *rng.pick(AGENCIES);
    let r = rng.below(100);
    let reminder = rng.chance(0.2);
    let lang = match rng.below(100) {
        0..=67 => Lang::Nb,
        68..=85 => Lang::Nn,
        _ => Lang::En,
    };
    // NAV and Altinn 2 notifications are in bokmål only.
    let lang = if r >= 65 { Lang::Nb } else { lang };
    let (sx, bx) = notice_extra(rng, lang, nr, agency_nb, t);
    let agency = if lang == Lang::En {
        agency_en
    } else {
        agency_nb
    };
    let mut html_only = false;
    let (template, subject, paragraphs): (String, String, Vec<String>) = if r < 45 {
        // Altinn 3, newest generation.
        let brief = rng.chance(0.15) && !reminder;
        let (subject, body) = match (lang, reminder) {
            (Lang::Nb, false) => (
                if brief {
                    "Melding mottatt i Altinn"
                } else {
                    "En melding har blitt mottatt i Altinn"
                }
                .to_string(),
                format!(
                    "{name} har mottatt en ny melding fra {agency}. {bx}Logg deg inn i Altinn for å se denne meldingen."
                ),
            ),
            (Lang::Nb, true) => (
                "Påminnelse - en melding har blitt mottatt i Altinn".to_string(),
                format!(
                    "Dette er en påminnelse om at {name} har mottatt en ny melding fra {agency}. {bx}Logg deg inn i Altinn for å se denne meldingen."
                ),
            ),
            (Lang::Nn, false) => (
                if brief {
                    "Melding motteke i Altinn"
                } else {
                    "Ein melding har blitt motteke i Altinn"
                }
                .to_string(),
                format!(
                    "{name} har motteke ei ny melding frå {agency}. {bx}Logg deg inn i Altinn for å sjå denne meldinga."
                ),
            ),
            (Lang::Nn, true) => (
                "Påminning - ein melding har blitt motteke i Altinn".to_string(),
                format!(
                    "Dette er ei påminning om at {name} har motteke ei ny melding frå {agency}. {bx}Logg deg inn i Altinn for å sjå denne meldinga."
                ),
            ),
            (Lang::En, false) => (
                if brief {
                    "Message received in Altinn"
                } else {
                    "A message has been received in Altinn"
                }
                .to_string(),
                format!(
                    "{name} has received a new message from {agency}. {bx}Log in to Altinn to see this message."
                ),
            ),
            (Lang::En, true) => (
                "Reminder - a message has been received in Altinn".to_string(),
                format!(
                    "This is a reminder that {name} has received a new message from {agency}. {bx}Log in to Altinn to see this message."
                ),
            ),
        };
        let hello = if lang == Lang::En { "Hello." } else { "Hei." };
        (
            format!(
                "altinn3-newest-{}{}",
                lang.code(),
                if reminder { "-reminder" } else { "" }
            ),
            format!("{subject}{sx}"),
            vec![hello.to_string(), body],
        )
    } else if r < 65 {
        // Altinn 3, first generation.
        let (subject, body) = match (lang, reminder) {
            (Lang::Nb, false) => (
                "Du har mottatt en melding i Altinn",
                format!(
                    "Hei {name}, du har mottatt en ny melding i Altinn fra {agency}. {bx} Logg deg inn i Altinn inboks for å se denne meldingen."
                ),
            ),
            (Lang::Nb, true) => (
                "Påminnelse - du har mottatt en melding i Altinn",
                format!(
                    "Hei {name}, dette er en påminnelse om at du har mottatt en ny melding i Altinn fra {agency}. {bx} Logg deg inn i Altinn inboks for å se denne meldingen."
                ),
            ),
            (Lang::Nn, false) => (
                "Du har motteke ei melding i Altinn",
                format!(
                    "Hei {name}, du har motteke ei ny melding i Altinn frå {agency}. {bx} Logg deg inn i Altinn inboks for å sjå denne meldinga."
                ),
            ),
            (Lang::Nn, true) => (
                "Påminning - du har motteke ei melding i Altinn",
                format!(
                    "Hei {name}, dette er ei påminning om at du har motteke ei ny melding i Altinn frå {agency}. {bx} Logg deg inn i Altinn inboks for å sjå denne meldinga."
                ),
            ),
            (Lang::En, false) => (
                "You have received a message in Altinn",
                format!(
                    "Hello {name}, you have received a new message in Altinn from {agency}. {bx} Log in to Altinn inbox to see this message."
                ),
            ),
            (Lang::En, true) => (
                "Reminder - you have received a message in Altinn",
                format!(
                    "Hello {name}, this is a reminder that you have received a new message in Altinn from {agency}. {bx} Log in to Altinn inbox to see this message."
                ),
            ),
        };
        (
            format!(
                "altinn3-first-{}{}",
                lang.code(),
                if reminder { "-reminder" } else { "" }
            ),
            format!("{subject}{sx}"),
            vec![body.replace("  ", " ")],
        )
    } else if r < 85 {
        // NAV sick leave, always HTML, always bokmål.
        html_only = rng.chance(0.6);
        let link = format!(
            "<a href=\"https://www.altinn.no/ui/MessageBox?O={nr}\">https://www.altinn.no/ui/MessageBox?O={nr}</a>"
        );
        match rng.below(5) {
            0 => (
                "nav-newest-sykmelding".to_string(),
                if rng.chance(0.7) {
                    format!("Ny sykmelding for en av dine ansatte hos {name}")
                } else {
                    "Ny sykmelding for en av dine ansatte".to_string()
                },
                vec![
                    if nr == RECIPIENTS[0].1 || rng.chance(0.6) {
                        format!("En ansatt hos {name} (orgnr {nr}) har sendt inn en ny sykmelding.")
                    } else {
                        format!("En ansatt i underenhet med orgnr {nr} har sendt inn en ny sykmelding.")
                    },
                    "Logg inn på Altinn eller Nav for å se sykmeldingen.".to_string(),
                    "Vennlig hilsen Nav.".to_string(),
                ],
            ),
            1 => (
                "nav-newest-soknad".to_string(),
                format!("Ny søknad om sykepenger for en av dine ansatte hos {name}"),
                vec![
                    format!("En ansatt hos {name} (orgnr {nr}) har sendt inn en søknad om sykepenger."),
                    "Logg inn på Altinn eller Nav for å se søknaden.".to_string(),
                    "Vennlig hilsen Nav.".to_string(),
                ],
            ),
            2 => (
                "nav-old-sykmelding".to_string(),
                "Ny sykmelding i Altinn".to_string(),
                vec![
                    format!("En ansatt i {name} ({nr}) har sendt inn en digital sykmelding."),
                    format!("Logg inn på Altinn for å se sykmeldingen: {link}"),
                    "Husk samtidig å melde inn hvem som er nærmeste leder for den sykmeldte hvis dette ikke er gjort tidligere.".to_string(),
                    "Vennlig hilsen NAV.".to_string(),
                ],
            ),
            3 => (
                "nav-old-soknad".to_string(),
                "Ny søknad om sykepenger i Altinn".to_string(),
                vec![
                    format!("En ansatt i {name} ({nr}) har sendt inn en søknad om sykepenger."),
                    format!("Logg inn på Altinn for å se søknaden: {link}"),
                    "Vennlig hilsen NAV.".to_string(),
                ],
            ),
            _ => (
                "nav-old-ikke-sendt".to_string(),
                "Sykepengesøknad som ikke er sendt inn".to_string(),
                vec![
                    format!("En ansatt i {name} ({nr}) har fått en søknad om sykepenger til utfylling, men har foreløpig ikke sendt den inn."),
                    "Logg inn på Altinn for å se hvem det gjelder og hvilken periode søknaden gjelder for.".to_string(),
                ],
            ),
        }
    } else {
        // Altinn 2 era, agency-defined.
        let who = match rng.below(3) {
            0 => format!("{name} ({nr})"),
            1 => format!("{name}, org.nr. {nr}"),
            _ => format!("{name} ({})", spaced(nr)),
        };
        let subject = if rng.chance(0.5) {
            "Ny melding i Altinn".to_string()
        } else {
            format!("Melding fra {agency_nb} i Altinn")
        };
        (
            "altinn2".to_string(),
            subject,
            vec![
                format!("Det har kommet en ny melding til {who} i Altinn fra {agency_nb}."),
                format!(
                    "{bx}Logg inn på Altinn for å lese meldingen. Meldingen ligger i innboksen til virksomheten."
                ),
            ],
        )
    };
    let nav = template.starts_with("nav");
    let footer = if nav {
        "Denne e-posten er sendt fra en adresse som ikke kan motta svar.\n\nNAV - Arbeids- og velferdsetaten\n"
    } else {
        altinn_footer(lang)
    };
    let plain_paras: Vec<String> = paragraphs
        .iter()
        .map(|p| match p.find("<a href") {
            Some(i) => format!("{}https://www.altinn.no/ui/MessageBox?O={nr}", &p[..i]),
            None => p.clone(),
        })
        .collect();
    let mut text = if rng.chance(0.5) {
        plain_paras.join("\n\n")
    } else {
        plain_paras.join(" ")
    };
    text.push_str("\n\n");
    text.push_str(footer);
    let html = (nav || rng.chance(0.4)).then(|| altinn_html(lang, &paragraphs, footer));
    Notice {
        subject,
        text,
        html,
        html_only,
        template,
        lang,
        org: nr,
    }
}

fn phishing_notice(rng: &mut Rng, kind: Kind, t: i64) -> Notice {
    let (name, nr) = pick_recipient(rng);
    let (agency, _) = *rng.pick(AGENCIES);
    let token = rng.hex(24, false);
    let link = format!("https://altinn.no.example.org/ui/login?ref={token}");
    let (subject, paragraphs, template) = match kind {
        Kind::DmarcFail => {
            let (sx, bx) = notice_extra(rng, Lang::Nb, nr, agency, t);
            (
                format!("En melding har blitt mottatt i Altinn{sx}"),
                vec![
                    "Hei.".to_string(),
                    format!(
                        "{name} har mottatt en ny melding fra {agency}. {bx}Logg deg inn i Altinn for å se denne meldingen."
                    ),
                ],
                "altinn3-newest-nb",
            )
        }
        _ => match rng.below(3) {
            0 => (
                "Du har mottatt en melding i Altinn".to_string(),
                vec![
                    format!("Hei {name}, du har mottatt en ny melding i Altinn fra {agency}."),
                    "Meldingen må åpnes innen 48 timer, ellers blir den slettet.".to_string(),
                    format!("Logg inn her: <a href=\"{link}\">{link}</a>"),
                ],
                "phish-first-nb",
            ),
            1 => (
                "Viktig: ubehandlet melding i Altinn".to_string(),
                vec![
                    "Hei.".to_string(),
                    format!(
                        "{name} har en ubehandlet melding fra Skatteetaten om tilbakebetaling av merverdiavgift."
                    ),
                    format!(
                        "<a href=\"{link}\">Klikk her for å logge inn i Altinn</a> og bekrefte kontonummeret innen fristen."
                    ),
                ],
                "phish-refund-nb",
            ),
            _ => (
                "En melding har blitt mottatt i Altinn".to_string(),
                vec![
                    "Hei.".to_string(),
                    format!(
                        "{name} har mottatt en ny melding fra {agency}. Logg deg inn i Altinn for å se denne meldingen."
                    ),
                    format!("<a href=\"{link}\">Logg inn</a>"),
                ],
                "phish-newest-nb",
            ),
        },
    };
    let footer = altinn_footer(Lang::Nb);
    let plain: Vec<String> = paragraphs
        .iter()
        .map(|p| match p.find("<a href") {
            Some(i) => format!("{}{link}", &p[..i]),
            None => p.clone(),
        })
        .collect();
    let mut text = plain.join("\n\n");
    text.push_str("\n\n");
    text.push_str(footer);
    let html = (kind != Kind::DmarcFail || rng.chance(0.4))
        .then(|| altinn_html(Lang::Nb, &paragraphs, footer));
    Notice {
        subject,
        text,
        html_only: html.is_some() && rng.chance(0.5),
        html,
        template: template.to_string(),
        lang: Lang::Nb,
        org: nr,
    }
}

/// Encodes a notice's text and HTML as a MIME body.
fn notice_body(rng: &mut Rng, style: Style, notice: &Notice) -> Body {
    let (charset, base64_text) = match rng.below(20) {
        0..=8 => (Charset::Utf8, false),
        9..=13 => (Charset::Utf8, true),
        _ => (Charset::Latin1, false),
    };
    let part = |rng: &mut Rng, subtype: &str, content: &str, out: &mut Vec<u8>| -> String {
        let (cs, b64) = if subtype == "html" {
            (Charset::Utf8, rng.chance(0.4))
        } else {
            (charset, base64_text)
        };
        let bytes = cs.encode(content);
        if b64 {
            base64_lines(&bytes, out);
        } else {
            quoted_printable(&bytes, out);
        }
        format!(
            "Content-Type: text/{subtype}; charset=\"{}\"\nContent-Transfer-Encoding: {}\n",
            cs.name(),
            if b64 { "base64" } else { "quoted-printable" }
        )
    };
    let mut bytes = Vec::with_capacity(4096);
    let mime = match &notice.html {
        Some(html) if notice.html_only => part(rng, "html", html, &mut bytes),
        Some(html) => {
            let b = boundary(rng, style);
            let mut p = Vec::new();
            let h = part(rng, "plain", &notice.text, &mut p);
            let _ = write!(bytes, "--{b}\n{h}\n");
            bytes.extend_from_slice(&p);
            p.clear();
            let h = part(rng, "html", html, &mut p);
            let _ = write!(bytes, "\n--{b}\n{h}\n");
            bytes.extend_from_slice(&p);
            let _ = writeln!(bytes, "\n--{b}--");
            format!("Content-Type: multipart/alternative;\n\tboundary=\"{b}\"\n")
        }
        None => part(rng, "plain", &notice.text, &mut bytes),
    };
    Body {
        mime,
        bytes,
        has_attachment: false,
    }
}

// ---------------------------------------------------------------------------
// One message

/// Per-file facts gathered for the summary and the manifest.
struct Stat {
    index: usize,
    path: String,
    kind: Kind,
    template: String,
    org: &'static str,
    size: u64,
    header: u32,
    from_offset: u32,
    big_attachment: bool,
    new: bool,
}

/// Sizes drawn for a message: header block, body and an optional big attachment.
fn header_target(rng: &mut Rng) -> (usize, bool) {
    if rng.chance(0.04) {
        (rng.range(8400, 16_000), rng.chance(0.5))
    } else {
        let t = 5300.0 + 1100.0 * rng.normal();
        (t.clamp(2600.0, 7900.0) as usize, false)
    }
}

fn cur_flags(rng: &mut Rng) -> &'static str {
    match rng.below(1000) {
        0..=699 => "S",
        700..=849 => "RS",
        850..=899 => "FS",
        900..=919 => "FRS",
        920..=989 => "PS",
        _ => "ST",
    }
}

struct Scratch {
    header: Vec<u8>,
}

fn message(
    seed: u64,
    index: usize,
    count: usize,
    pools: &Pools,
    scratch: &mut Scratch,
) -> (Stat, Body, usize) {
    let mut rng = Rng::stream(seed, index as u64);
    let span = (LAST_TIME - FIRST_TIME) as f64;
    let fetched = FIRST_TIME + (span * index as f64 / count.max(1) as f64) as i64;
    let date = fetched - rng.range(20, 900) as i64;
    let uid = 1 + index + index / 4;
    let session = index / 37;
    let pid = 1000 + mix(seed ^ session as u64) % 60_000;
    let new = rng.chance(0.10);
    let flags = if new {
        if rng.chance(0.03) { "F" } else { "" }
    } else {
        cur_flags(&mut rng)
    };
    let file_name = format!(
        "{fetched}.{pid}_{}.{HOST},U={uid}:2,{flags}",
        index % 37 + 1
    );
    let path = format!("INBOX/{}/{file_name}", if new { "new" } else { "cur" });

    let r = rng.unit();
    let kind = if r < 0.10 {
        match rng.below(1000) {
            0..=24 => Kind::PhishLookalike,
            25..=39 => Kind::PhishLink,
            40..=49 => Kind::DmarcFail,
            _ => Kind::Altinn,
        }
    } else if r < 0.103 {
        Kind::ForwardedNotice
    } else if r < 0.105 {
        Kind::NavLetter
    } else {
        Kind::Ordinary
    };
    let (target, heavy_trace) = header_target(&mut rng);
    let message_id_host = exchange_name(&mut rng);

    let (env, body, template, org, big) = if kind.claims_altinn() {
        let notice = if kind == Kind::Altinn {
            altinn_notice(&mut rng, date)
        } else {
            phishing_notice(&mut rng, kind, date)
        };
        let (from, domain, auth) = match kind {
            Kind::PhishLookalike => (
                "\"Altinn\" <varsel@altinn-varsel.com>".to_string(),
                "altinn-varsel.com",
                Auth::None,
            ),
            Kind::PhishLink | Kind::DmarcFail => (
                "Altinn <noreply@altinn.no>".to_string(),
                "altinn.no",
                Auth::DmarcFail,
            ),
            _ => (
                match rng.below(10) {
                    0 => "no-reply@altinn.no".to_string(),
                    1 => "\"Altinn\" <no-reply@altinn.no>".to_string(),
                    _ => "Altinn <noreply@altinn.no>".to_string(),
                },
                "altinn.no",
                Auth::Pass,
            ),
        };
        let body = notice_body(&mut rng, Style::Service, &notice);
        let subject = encode_subject(&mut rng, &notice.subject);
        let env = Envelope {
            style: Style::Service,
            auth,
            from,
            from_domain: domain.to_string(),
            to: MAILBOX.to_string(),
            cc: None,
            subject,
            thread_topic: None,
            date,
            date_offset: 0,
            message_id: format!("<{}@{domain}>", rng.guid()),
            in_reply_to: None,
            language: if notice.lang == Lang::En {
                "en-US"
            } else {
                "nb-NO"
            },
            mime: body.mime.clone(),
            has_attachment: false,
            target,
            heavy_trace,
        };
        (env, body, notice.template, notice.org, false)
    } else {
        let style = match (kind, rng.below(100)) {
            (Kind::ForwardedNotice, _) => Style::Internal,
            (Kind::NavLetter, _) => Style::Service,
            (_, 0..=29) => Style::Internal,
            (_, 30..=64) => Style::ExternalExchange,
            (_, 65..=79) => Style::Consumer,
            _ => Style::Newsletter,
        };
        let lang = if style != Style::Internal && rng.chance(0.15) {
            Lang::En
        } else {
            Lang::Nb
        };
        let (display, local) = person(&mut rng);
        let (from, domain) = match (kind, style) {
            (Kind::NavLetter, _) => ("Nav <ikke-svar@nav.no>".to_string(), "nav.no".to_string()),
            (_, Style::Newsletter) => {
                let (n, a, d) = *rng.pick(NEWSLETTERS);
                (format!("{n} <{a}>"), d.to_string())
            }
            (_, Style::Internal) => (
                format!("{display} <{local}@sandnes.kommune.no>"),
                "sandnes.kommune.no".to_string(),
            ),
            (_, Style::Consumer) => {
                let d = *rng.pick(CONSUMER_DOMAINS);
                (format!("{display} <{local}@{d}>"), d.to_string())
            }
            _ => {
                let d = if rng.chance(0.5) {
                    *rng.pick(PUBLIC_DOMAINS)
                } else {
                    *rng.pick(COMPANY_DOMAINS)
                };
                (format!("{display} <{local}@{d}>"), d.to_string())
            }
        };
        let c = civil(date);
        let raw_subject = match kind {
            Kind::ForwardedNotice => "VS: En melding har blitt mottatt i Altinn".to_string(),
            Kind::NavLetter => "Innkalling til dialogmøte".to_string(),
            _ => {
                let list = if lang == Lang::En {
                    SUBJECTS_EN
                } else {
                    SUBJECTS_NB
                };
                let base = rng
                    .pick(list)
                    .replace("{date}", &format!("{:02}.{:02}.{}", c.day, c.month, c.year))
                    .replace("{case}", &format!("{}/{}", c.year, rng.range(100, 19_999)))
                    .replace("{g}", &rng.range(1, 120).to_string())
                    .replace("{b}", &rng.range(1, 900).to_string())
                    .replace("{inv}", &rng.range(100_000, 9_999_999).to_string())
                    .replace("{year}", &c.year.to_string())
                    .replace("{week}", &rng.range(1, 52).to_string())
                    .replace("{q}", &rng.range(1, 4).to_string())
                    .replace("{month}", MONTHS_NB[c.month as usize - 1]);
                let prefix = match rng.below(20) {
                    0..=3 => "SV: ",
                    4 => "VS: ",
                    5 => "RE: ",
                    6 => "Fwd: ",
                    _ => "",
                };
                format!("{prefix}{base}")
            }
        };
        let reply = raw_subject.starts_with("SV: ") || raw_subject.starts_with("RE: ");
        let subject = if raw_subject.is_ascii() && rng.chance(0.7) {
            raw_subject.clone()
        } else if matches!(style, Style::ExternalExchange | Style::Internal) {
            encoded_words(&raw_subject, Charset::Utf8, true)
        } else {
            encode_subject(&mut rng, &raw_subject)
        };
        let org_name = match style {
            Style::Internal => "Sandnes kommune".to_string(),
            _ => domain.clone(),
        };
        let title = *rng.pick(TITLES);
        let quoted = match kind {
            Kind::ForwardedNotice => {
                let (name, _) = pick_recipient(&mut rng);
                let (agency, _) = *rng.pick(AGENCIES);
                Some(format!(
                    "\nFra: Altinn <noreply@altinn.no>\nSendt: {}\nTil: Postmottak <{MAILBOX}>\nEmne: En melding har blitt mottatt i Altinn\n\nHei. {name} har mottatt en ny melding fra {agency}. Logg deg inn i Altinn for å se denne meldingen.\n",
                    rfc5322(date - 3600, 60, false)
                ))
            }
            _ if reply => Some(format!(
                "\nFra: Postmottak <{MAILBOX}>\nSendt: {}\nTil: {display}\nEmne: {}\n\nHei,\nVi viser til henvendelsen og ber om en oppdatert oversikt.\n",
                rfc5322(date - 86_400 * rng.range(1, 9) as i64, 60, false),
                raw_subject
                    .trim_start_matches("SV: ")
                    .trim_start_matches("RE: ")
            )),
            _ => None,
        };
        let greeting = match (kind, lang) {
            (Kind::ForwardedNotice, _) => {
                "Hei, dette gjelder vel Flyktningenheten? Kan dere se på den?".to_string()
            }
            (Kind::NavLetter, _) => format!(
                "Nav kaller inn til dialogmøte om en ansatt i Sandnes kommune. Møtet holdes {:02}.{:02}.{} kl. 10.00. Svar via Min side arbeidsgiver.",
                c.day, c.month, c.year
            ),
            (_, Lang::En) => "Hi,".to_string(),
            _ => "Hei,".to_string(),
        };
        let text = OrdinaryText {
            lang,
            greeting,
            signature: signature(&display, title, &org_name),
            quoted,
            pools,
        };
        // Log-normal total size, median ~15 KB.
        let total = (15_800f64.ln() + 0.8 * rng.normal()).exp() as usize;
        let big = kind == Kind::Ordinary && rng.chance(0.01);
        let attachment = big.then(|| rng.range(1_000_000, 5_000_000) * 3 / 4);
        let budget = total.saturating_sub(target).max(600);
        let body = ordinary_body(&mut rng, pools, style, &text, budget, attachment, date);
        let env = Envelope {
            style,
            auth: if style == Style::Internal {
                Auth::None
            } else {
                Auth::Pass
            },
            from,
            from_domain: domain,
            to: if rng.chance(0.7) {
                format!("Postmottak <{MAILBOX}>")
            } else {
                MAILBOX.to_string()
            },
            cc: rng.chance(0.2).then(|| {
                let (d, l) = person(&mut rng);
                format!("{d} <{l}@sandnes.kommune.no>")
            }),
            thread_topic: Some(subject.clone()),
            subject,
            date,
            date_offset: if style == Style::Consumer {
                oslo_offset(date)
            } else {
                0
            },
            message_id: format!(
                "<{}{}@{message_id_host}.eurprd09.prod.outlook.com>",
                message_id_host,
                rng.hex(20, true)
            ),
            in_reply_to: reply.then(|| {
                format!(
                    "<{}@{}.eurprd09.prod.outlook.com>",
                    rng.hex(32, true),
                    exchange_name(&mut rng)
                )
            }),
            language: if lang == Lang::En { "en-US" } else { "nb-NO" },
            mime: body.mime.clone(),
            has_attachment: body.has_attachment,
            target,
            heavy_trace,
        };
        (env, body, "-".to_string(), "-", big)
    };

    scratch.header.clear();
    let from_offset = write_header(&mut scratch.header, &mut rng, pools, &env);
    let header_len = scratch.header.len();
    let stat = Stat {
        index,
        path,
        kind,
        template,
        org,
        size: (header_len + body.bytes.len()) as u64,
        header: header_len as u32,
        from_offset: from_offset as u32,
        big_attachment: big,
        new,
    };
    (stat, body, fetched as usize)
}

// ---------------------------------------------------------------------------
// Driver

/// What a run produced.
pub struct Summary {
    pub root: PathBuf,
    pub files: usize,
    pub new: usize,
    pub total_bytes: u64,
    pub median_size: u64,
    pub p90_size: u64,
    pub max_size: u64,
    pub mean_header: f64,
    pub headers_over_first_read: usize,
    pub from_beyond_first_read: usize,
    pub big_attachments: usize,
    pub altinn: usize,
    pub suspicious: usize,
    pub decoys: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pct = |n: usize| 100.0 * n as f64 / self.files.max(1) as f64;
        writeln!(f, "mail root            {}", self.root.display())?;
        writeln!(
            f,
            "files                {} in INBOX ({} in cur/, {} in new/)",
            self.files,
            self.files - self.new,
            self.new
        )?;
        writeln!(
            f,
            "total size           {:.1} MiB ({} bytes)",
            self.total_bytes as f64 / 1_048_576.0,
            self.total_bytes
        )?;
        writeln!(
            f,
            "message size         median {:.1} KB, p90 {:.1} KB, max {:.1} MB; {} with 1-5 MB attachments",
            self.median_size as f64 / 1000.0,
            self.p90_size as f64 / 1000.0,
            self.max_size as f64 / 1e6,
            self.big_attachments
        )?;
        writeln!(
            f,
            "header blocks        mean {:.1} KB; {:.2} % over {} bytes ({}); From: beyond {} bytes in {:.2} % ({})",
            self.mean_header / 1000.0,
            pct(self.headers_over_first_read),
            FIRST_READ,
            self.headers_over_first_read,
            FIRST_READ,
            pct(self.from_beyond_first_read),
            self.from_beyond_first_read
        )?;
        writeln!(
            f,
            "Altinn notifications {} genuine, {} suspicious imitations ({:.1} % of all claim to be Altinn); {} ordinary decoys quoting Altinn or NAV",
            self.altinn,
            self.suspicious,
            pct(self.altinn + self.suspicious),
            self.decoys
        )?;
        write!(
            f,
            "generated in         {:.2} s",
            self.elapsed.as_secs_f64()
        )
    }
}

fn marker_text(count: usize, seed: u64) -> String {
    format!("genmail v{GENERATOR_VERSION} count={count} seed={seed}\n")
}

/// Whether `root` holds a complete mail root made for this count and seed by this
/// generator version.
#[allow(dead_code)] // used by the bench only
pub fn is_complete(root: &Path, count: usize, seed: u64) -> bool {
    fs::read_to_string(root.join(COMPLETE_MARKER)).is_ok_and(|s| s == marker_text(count, seed))
}

/// Makes `root` an empty directory, refusing to delete anything not made by us.
fn prepare(root: &Path) -> io::Result<()> {
    if root.exists() {
        let ours = root.join(COMPLETE_MARKER).exists() || root.join(PARTIAL_MARKER).exists();
        let empty = fs::read_dir(root)?.next().is_none();
        if ours {
            fs::remove_dir_all(root)?;
        } else if !empty {
            return Err(io::Error::other(format!(
                "{} exists and was not made by genmail; refusing to overwrite it",
                root.display()
            )));
        }
    }
    fs::create_dir_all(root)?;
    fs::write(
        root.join(PARTIAL_MARKER),
        "genmail: generation in progress\n",
    )?;
    for folder in ["INBOX", "Altinn", "Trash"] {
        for sub in ["cur", "new", "tmp"] {
            fs::create_dir_all(root.join(folder).join(sub))?;
        }
    }
    Ok(())
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Generates a mail root with `count` messages in `INBOX`. Deterministic for a given
/// (count, seed); uses up to `available_parallelism` threads.
pub fn generate(root: &Path, count: usize, seed: u64) -> io::Result<Summary> {
    let started = Instant::now();
    prepare(root)?;
    let pools = Pools::new(seed);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(count.max(1));
    let results: Vec<io::Result<Vec<Stat>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|worker| {
                let pools = &pools;
                scope.spawn(move || -> io::Result<Vec<Stat>> {
                    let mut stats = Vec::with_capacity(count / threads + 1);
                    let mut scratch = Scratch {
                        header: Vec::with_capacity(32 * 1024),
                    };
                    for index in (worker..count).step_by(threads) {
                        let (stat, body, fetched) =
                            message(seed, index, count, pools, &mut scratch);
                        let path = root.join(&stat.path);
                        let mut file = File::create(&path)?;
                        file.write_all(&scratch.header)?;
                        file.write_all(&body.bytes)?;
                        file.set_modified(UNIX_EPOCH + Duration::from_secs(fetched as u64))?;
                        stats.push(stat);
                    }
                    Ok(stats)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("generator thread panicked")))
            })
            .collect()
    });
    let mut stats = Vec::with_capacity(count);
    for r in results {
        stats.extend(r?);
    }
    stats.sort_by_key(|s| s.index);

    // mbsync's per-folder UID state.
    let max_uid = count + count / 4 + 1;
    let validity = 1_600_000_000 + mix(seed) % 100_000_000;
    fs::write(
        root.join("INBOX/.uidvalidity"),
        format!("{validity}\n{max_uid}\n"),
    )?;
    fs::write(
        root.join("Altinn/.uidvalidity"),
        format!("{}\n1\n", validity + 1),
    )?;
    fs::write(
        root.join("Trash/.uidvalidity"),
        format!("{}\n1\n", validity + 2),
    )?;

    let mut manifest = io::BufWriter::new(File::create(root.join(MANIFEST))?);
    writeln!(
        manifest,
        "path\tkind\ttemplate\torg\tbytes\theader_bytes\tfrom_offset"
    )?;
    for s in &stats {
        writeln!(
            manifest,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            s.path,
            s.kind.name(),
            s.template,
            s.org,
            s.size,
            s.header,
            s.from_offset
        )?;
    }
    manifest.flush()?;

    let mut sizes: Vec<u64> = stats.iter().map(|s| s.size).collect();
    sizes.sort_unstable();
    let limit = FIRST_READ as u32;
    let summary = Summary {
        root: root.to_path_buf(),
        files: stats.len(),
        new: stats.iter().filter(|s| s.new).count(),
        total_bytes: sizes.iter().sum(),
        median_size: percentile(&sizes, 0.5),
        p90_size: percentile(&sizes, 0.9),
        max_size: sizes.last().copied().unwrap_or(0),
        mean_header: stats.iter().map(|s| f64::from(s.header)).sum::<f64>()
            / stats.len().max(1) as f64,
        headers_over_first_read: stats.iter().filter(|s| s.header > limit).count(),
        from_beyond_first_read: stats.iter().filter(|s| s.from_offset >= limit).count(),
        big_attachments: stats.iter().filter(|s| s.big_attachment).count(),
        altinn: stats.iter().filter(|s| s.kind == Kind::Altinn).count(),
        suspicious: stats
            .iter()
            .filter(|s| s.kind.claims_altinn() && s.kind != Kind::Altinn)
            .count(),
        decoys: stats
            .iter()
            .filter(|s| matches!(s.kind, Kind::ForwardedNotice | Kind::NavLetter))
            .count(),
        elapsed: Duration::ZERO,
    };
    fs::remove_file(root.join(PARTIAL_MARKER))?;
    fs::write(root.join(COMPLETE_MARKER), marker_text(count, seed))?;
    Ok(Summary {
        elapsed: started.elapsed(),
        ..summary
    })
}
