//! The demo's follow-up: archived notices in every step of the checklist (open, fetched,
//! archived in Altinn, distributed, one overdue, one finished), written into the demo's
//! copy of the mailbox with the records two clerks would have left, dated relative to
//! "now" in working days so that ages and the overdue mark look the same every day the
//! demo runs. Only ever called on the demo's temp dir.

use super::record::{self, Kind, Record};
use super::{Step, Store, item_id};
use crate::config::Config;
use crate::journal::Timestamp;
use chrono::{Days, NaiveDate, NaiveTime};
use std::io;

/// One seeded notice: its number, working days old, recipient line, sender, and the
/// steps recorded (step, clerk, working days ago, to whom).
struct Seed {
    n: usize,
    age: u32,
    recipient: &'static str,
    subject: &'static str,
    sender: &'static str,
    steps: &'static [(Step, &'static str, u32, Option<&'static str>)],
}

const SEEDS: &[Seed] = &[
    Seed {
        n: 1,
        age: 5,
        recipient: "SANDNES KOMMUNE (964965137)",
        subject: "Melding fra Skatteetaten i Altinn",
        sender: "Skatteetaten",
        steps: &[],
    },
    Seed {
        n: 2,
        age: 0,
        recipient: "Barnevern (973857673)",
        subject: "Melding fra Bufetat i Altinn",
        sender: "Bufetat",
        steps: &[],
    },
    Seed {
        n: 3,
        age: 1,
        recipient: "SANDNES KOMMUNE (964965137)",
        subject: "En melding har blitt mottatt i Altinn",
        sender: "Statsforvalteren i Rogaland",
        steps: &[(Step::Fetched, "ola", 0, None)],
    },
    Seed {
        n: 4,
        age: 2,
        recipient: "Flyktningenheten (996958515)",
        subject: "En melding har blitt mottatt i Altinn",
        sender: "Integrerings- og mangfoldsdirektoratet",
        steps: &[
            (Step::Fetched, "kari", 1, None),
            (Step::Archived, "kari", 1, None),
        ],
    },
    Seed {
        n: 5,
        age: 2,
        recipient: "SANDNES KOMMUNE (964965137)",
        subject: "Melding fra Arbeidstilsynet i Altinn",
        sender: "Arbeidstilsynet",
        steps: &[
            (Step::Fetched, "ola", 2, None),
            (Step::Archived, "ola", 2, None),
            (Step::Distributed, "ola", 1, Some("Økonomiavdelingen")),
        ],
    },
    Seed {
        n: 6,
        age: 4,
        recipient: "SANDNES KOMMUNE (964965137)",
        subject: "En melding har blitt mottatt i Altinn",
        sender: "Brønnøysundregistrene",
        steps: &[
            (Step::Fetched, "kari", 4, None),
            (Step::Archived, "kari", 4, None),
            (Step::Distributed, "kari", 3, Some("Registrert i 360")),
            (Step::Done, "kari", 3, None),
        ],
    },
];

/// The working day `n` working days before `day` (`day` itself when 0).
fn working_days_before(day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d = d.checked_sub_days(Days::new(1)).unwrap_or(d);
        if crate::calendar::is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// `at` on the day `n` working days before `now`'s, in `now`'s offset, at the latest `now`.
fn when(now: Timestamp, n: u32, at: (u32, u32)) -> Timestamp {
    let day = working_days_before(now.date_naive(), n);
    let t = NaiveTime::from_hms_opt(at.0, at.1, 0).unwrap_or_default();
    let t = day
        .and_time(t)
        .and_local_timezone(now.timezone())
        .single()
        .unwrap_or(now);
    // today's steps never lie in the future (the demo may run before nine)
    t.min(now)
}

/// A notice as Altinn sends it (plain text, UTF-8).
fn notice(s: &Seed, date: Timestamp) -> Vec<u8> {
    format!(
        "From: Altinn <noreply@altinn.no>\r\nTo: postmottak@sandnes.kommune.no\r\n\
         Subject: {}\r\nDate: {}\r\nMessage-ID: <demo-followup-{}@altinn.no>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n\
         Hei. {} har mottatt en ny melding fra {} i Altinn.\r\n\
         Logg inn på https://www.altinn.no for å lese den.\r\n",
        s.subject,
        date.to_rfc2822(),
        s.n,
        s.recipient,
        s.sender
    )
    .into_bytes()
}

/// Writes the demo's follow-up into the mailbox of `config` as it is `now`: the notices
/// in their step folders (open ones in the archive folder's `new/`), the step records,
/// and daily checks on the working days before today except the one two days ago.
/// Returns how many notices were written.
pub fn seed(config: &Config, now: Timestamp) -> io::Result<usize> {
    let store = Store::new(config);
    let from = &config.forward.from;
    for s in SEEDS {
        let arrived = when(now, s.age, (8, 5 + s.n as u32));
        let raw = notice(s, arrived);
        // the id as `list` makes it: from the Message-ID as the parser reads it
        let id = match crate::scan::classify_bytes(raw.clone(), config) {
            crate::scan::Outcome::Notification(a) => item_id(a.mail.message_id.as_deref(), &raw),
            _ => {
                return Err(io::Error::other(format!(
                    "demo notice {} is not recognised as a notification",
                    s.n
                )));
            }
        };
        let step = s.steps.last().map_or(Step::Open, |(st, ..)| *st);
        let folder = store.folder(step).unwrap_or(&store.folders[0].1);
        record::ensure_folder(folder)?;
        let sub = if step == Step::Open { "new" } else { "cur" };
        let name = format!(
            "{}.demo{}.altinn-sweep{}",
            arrived.timestamp(),
            s.n,
            if sub == "cur" { ":2,S" } else { "" }
        );
        crate::maildir::write_new(&folder.join(sub).join(name), &raw, 0o666)?;
        for (i, (st, by, ago, to)) in s.steps.iter().enumerate() {
            let mut r = Record::new(Kind::Step, by, when(now, *ago, (9, 10 * i as u32)));
            r.item = Some(id.clone());
            r.step = Some(*st);
            r.to = to.map(str::to_string);
            r.subject = Some(s.subject.to_string());
            record::write(&store.records, &r, from)?;
        }
    }
    for ago in [1, 3, 4, 5] {
        let by = if ago % 2 == 0 { "kari" } else { "ola" };
        let r = Record::new(Kind::Check, by, when(now, ago, (8, 15)));
        record::write(&store.records, &r, from)?;
    }
    Ok(SEEDS.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    #[test]
    fn the_demo_shows_every_step_one_overdue_and_one_finished() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        config.mail.root = dir.path().to_string_lossy().into_owned();
        config.mail.layout = crate::config::Layout::Verbatim;
        // a Monday after a weekend: ages count working days only
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00+01:00").unwrap();
        assert_eq!(seed(&config, now).unwrap(), 6);
        let listing = super::super::list(&config, now).unwrap();
        assert!(listing.warnings.is_empty(), "{:?}", listing.warnings);
        let steps: Vec<(Step, u32, bool)> = listing
            .items
            .iter()
            .map(|i| (i.step, i.age_days, i.overdue))
            .collect();
        for s in Step::ALL {
            assert!(steps.iter().any(|(x, ..)| *x == s), "{s:?} in {steps:?}");
        }
        assert_eq!(listing.open().len(), 5, "the finished one is not open");
        let overdue: Vec<_> = listing.open().into_iter().filter(|i| i.overdue).collect();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].age_days, 5);
        let dist = listing
            .items
            .iter()
            .find(|i| i.step == Step::Distributed)
            .unwrap();
        assert_eq!(dist.distributed_to.as_deref(), Some("Økonomiavdelingen"));
        assert_eq!(dist.last_by.as_deref(), Some("ola"));
        let checks = super::super::checks_by_day(&listing.shared, &[]);
        let missed = super::super::days_without_check(
            &checks,
            *checks.keys().min().unwrap(),
            now.date_naive(),
        );
        assert_eq!(missed, [working_days_before(now.date_naive(), 2)]);

        // before nine in the morning: nothing dated in the future
        let early = tempfile::tempdir().unwrap();
        config.mail.root = early.path().to_string_lossy().into_owned();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T07:00:00+01:00").unwrap();
        seed(&config, now).unwrap();
        let listing = super::super::list(&config, now).unwrap();
        for i in &listing.items {
            assert!(i.arrived.is_some_and(|a| a <= now), "{i:?}");
            assert!(i.last_at.is_none_or(|t| t <= now), "{i:?}");
        }
    }
}
