//! The week at a glance: notices per day by action, per unit, the time from arrival to
//! "distributed", open and overdue follow-ups, and the working days without the daily
//! check. Pure: computed from the journal, the follow-up list and the checks known.

use crate::config::Config;
use crate::followup::{self, Listing, Step};
use crate::journal::{self, Act, Entry, Timestamp};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Notices handled on one day, by what was done (undone actions do not count).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub archive: usize,
    pub delete: usize,
    pub forward: usize,
    pub skip: usize,
}

impl Day {
    pub fn total(&self) -> usize {
        self.archive + self.delete + self.forward + self.skip
    }
}

/// Notices per unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerUnit {
    pub unit: String,
    pub org: Option<String>,
    pub notices: usize,
}

/// Hours from a notice's arrival to its "distributed" step.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Durations {
    pub count: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

/// Follow-up items now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Followups {
    pub open: usize,
    pub overdue: usize,
    /// Open items per step (open, fetched, archived, distributed).
    pub by_step: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every day of the period, oldest first.
    pub per_day: Vec<Day>,
    /// The ten units with most notices, most first.
    pub per_unit: Vec<PerUnit>,
    pub to_distributed: Durations,
    pub followups: Followups,
    pub days_without_check: Vec<NaiveDate>,
}

/// The median (mean of the middle two for an even count) and the 90th percentile (nearest
/// rank: the smallest value with at least 90% of the values at or below it).
pub fn median_p90(values: &mut [f64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    let rank = (0.9 * n as f64).ceil() as usize;
    (Some(median), Some(values[rank.clamp(1, n) - 1]))
}

/// The statistics of the `weeks` weeks up to `now`'s day.
pub fn compute(
    config: &Config,
    entries: &[Entry],
    listing: &Listing,
    checks: &HashMap<NaiveDate, (String, Timestamp, Option<String>)>,
    now: Timestamp,
    weeks: u64,
) -> Stats {
    let to = now.date_naive();
    let from = to - Days::new(weeks * 7 - 1);
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    let mut d = from;
    while d <= to {
        days.insert(
            d,
            Day {
                date: d,
                ..Day::default()
            },
        );
        d = d + Days::new(1);
    }
    let mut units: HashMap<Option<String>, usize> = HashMap::new();
    for e in entries {
        if !e.ok() || journal::undone_by(entries, e).is_some() {
            continue;
        }
        let Some(day) = days.get_mut(&e.local_date()) else {
            continue;
        };
        match e.action {
            Act::Archive => day.archive += 1,
            Act::Delete => day.delete += 1,
            Act::Forward => day.forward += 1,
            Act::Skip => day.skip += 1,
            _ => continue,
        }
        *units.entry(e.recipient_org.clone()).or_default() += 1;
    }
    let mut per_unit: Vec<PerUnit> = units
        .into_iter()
        .map(|(org, notices)| {
            let unit = org
                .as_deref()
                .and_then(|o| config.all_units().find(|u| u.org.digits() == o))
                .map(|u| u.name.clone())
                .or_else(|| org.clone())
                .unwrap_or_else(|| "?".into());
            PerUnit { unit, org, notices }
        })
        .collect();
    per_unit.sort_by(|a, b| b.notices.cmp(&a.notices).then_with(|| a.unit.cmp(&b.unit)));
    per_unit.truncate(10);

    let mut hours: Vec<f64> = listing
        .items
        .iter()
        .filter_map(|i| {
            let (a, d) = (i.arrived?, i.distributed_at?);
            (d.date_naive() >= from && d.date_naive() <= to)
                .then(|| (d - a).num_minutes() as f64 / 60.0)
        })
        .collect();
    let (median_hours, p90_hours) = median_p90(&mut hours);

    let open = listing.open();
    let mut by_step = BTreeMap::new();
    for s in [Step::Open, Step::Fetched, Step::Archived, Step::Distributed] {
        by_step.insert(
            s.name().to_string(),
            open.iter().filter(|i| i.step == s).count(),
        );
    }
    Stats {
        from,
        to,
        per_day: days.into_values().collect(),
        per_unit,
        to_distributed: Durations {
            count: hours.len(),
            median_hours,
            p90_hours,
        },
        followups: Followups {
            open: open.len(),
            overdue: open.iter().filter(|i| i.overdue).count(),
            by_step,
        },
        days_without_check: followup::days_without_check(checks, from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_nearest_rank_p90() {
        assert_eq!(median_p90(&mut []), (None, None));
        assert_eq!(median_p90(&mut [5.0]), (Some(5.0), Some(5.0)));
        assert_eq!(
            median_p90(&mut [4.0, 1.0, 3.0, 2.0]),
            (Some(2.5), Some(4.0))
        );
        let mut ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(median_p90(&mut ten), (Some(5.5), Some(9.0)));
    }
}
