//! DEMO ONLY: a few weeks of invented journal history for `altinn-sweep demo`, so that its
//! statistics screen has something to show. The entries are made up by a deterministic
//! generator (the same for the same day), live only in memory, and are never written to
//! any journal: the demo's own journal keeps only what the clerk does in the demo.

use crate::config::Config;
use crate::journal::{Act, Entry, Timestamp};
use chrono::{Datelike, Days, TimeZone};

/// A small linear congruential generator: the same numbers for the same seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

/// The invented history of the `weeks` weeks before `now`'s day (today itself is left
/// to the clerk): on working days some notices archived, deleted, forwarded and
/// skipped for the configured units, and the daily check on all but two of them.
pub fn history(config: &Config, now: Timestamp, weeks: u64) -> Vec<Entry> {
    let today = now.date_naive();
    let offset = *now.offset();
    let units: Vec<String> = config.all_units().map(|u| u.org.digits()).collect();
    let mut out = Vec::new();
    for back in (1..weeks * 7).rev() {
        let day = today - Days::new(back);
        if day.weekday().number_from_monday() > 5 {
            continue;
        }
        let mut rng = Lcg(day.num_days_from_ce() as u64);
        let at = |minutes: u64| -> Timestamp {
            let t = day
                .and_hms_opt(8, 0, 0)
                .unwrap_or_default()
                .checked_add_signed(chrono::Duration::minutes(minutes as i64))
                .unwrap_or_default();
            offset
                .from_local_datetime(&t)
                .single()
                .unwrap_or_else(|| offset.from_utc_datetime(&t))
        };
        // two working days without the daily check, a week apart
        if back != 6 && back != 13 {
            out.push(entry(Act::Check, "demo", at(rng.next(40)), None));
        }
        let counts = [
            (Act::Archive, 2 + rng.next(7)),
            (Act::Delete, rng.next(4)),
            (Act::Forward, rng.next(3)),
            (Act::Skip, rng.next(2)),
        ];
        let mut minute = 45;
        for (act, n) in counts {
            for _ in 0..n {
                minute += 3 + rng.next(20);
                // the first units get most of the post, as in a real municipality
                let r = rng.next(100) as usize;
                let org = units.get(r * r * units.len() / 10_000).cloned();
                out.push(entry(act, "demo", at(minute), org));
            }
        }
    }
    out
}

fn entry(act: Act, user: &str, ts: Timestamp, org: Option<String>) -> Entry {
    let mut e = Entry::new(act, user);
    e.ts = ts;
    e.recipient_org = org;
    e.subject = Some("(demo)".into());
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{BUILT_IN, DEFAULT_CONFIG};

    #[test]
    fn the_demo_history_is_the_same_every_time_and_leaves_today_alone() {
        let config = Config::parse(DEFAULT_CONFIG, BUILT_IN).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00+01:00").unwrap();
        let a = history(&config, now, 4);
        let b = history(&config, now, 4);
        let key = |v: &[Entry]| -> Vec<(Act, Timestamp, Option<String>)> {
            v.iter()
                .map(|e| (e.action, e.ts, e.recipient_org.clone()))
                .collect()
        };
        assert_eq!(key(&a), key(&b));
        assert!(a.iter().all(|e| e.ts.date_naive() < now.date_naive()));
        assert!(a.iter().all(|e| e.ts.weekday().number_from_monday() <= 5));
        let checks = a.iter().filter(|e| e.action == Act::Check).count();
        let workdays = a
            .iter()
            .map(|e| e.ts.date_naive())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        assert_eq!(checks, workdays - 2, "two working days without the check");
        assert!(a.iter().filter(|e| e.action == Act::Archive).count() >= 2 * workdays);
    }
}
