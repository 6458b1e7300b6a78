//! Working days in Norway: weekends and the public holidays (helligdager) do not count.
//! The holidays are computed, not listed: the fixed days (1 January, 1 and 17 May, 25 and
//! 26 December) and those that move with Easter (Maundy Thursday, Good Friday, Easter
//! Sunday and Monday, Ascension Day, Whit Sunday and Monday).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm,
/// "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .expect("the algorithm yields a day in March or April")
}

/// A Norwegian public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    NewYear,
    MaundyThursday,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    LabourDay,
    ConstitutionDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

impl Holiday {
    /// Its Norwegian name.
    pub fn name_nb(self) -> &'static str {
        match self {
            Holiday::NewYear => "første nyttårsdag",
            Holiday::MaundyThursday => "skjærtorsdag",
            Holiday::GoodFriday => "langfredag",
            Holiday::EasterSunday => "første påskedag",
            Holiday::EasterMonday => "andre påskedag",
            Holiday::LabourDay => "arbeidernes dag",
            Holiday::ConstitutionDay => "grunnlovsdagen",
            Holiday::AscensionDay => "Kristi himmelfartsdag",
            Holiday::WhitSunday => "første pinsedag",
            Holiday::WhitMonday => "andre pinsedag",
            Holiday::ChristmasDay => "første juledag",
            Holiday::BoxingDay => "andre juledag",
        }
    }

    /// Its English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Holiday::NewYear => "New Year's Day",
            Holiday::MaundyThursday => "Maundy Thursday",
            Holiday::GoodFriday => "Good Friday",
            Holiday::EasterSunday => "Easter Sunday",
            Holiday::EasterMonday => "Easter Monday",
            Holiday::LabourDay => "Labour Day",
            Holiday::ConstitutionDay => "Constitution Day",
            Holiday::AscensionDay => "Ascension Day",
            Holiday::WhitSunday => "Whit Sunday",
            Holiday::WhitMonday => "Whit Monday",
            Holiday::ChristmasDay => "Christmas Day",
            Holiday::BoxingDay => "Boxing Day",
        }
    }
}

/// The public holiday `day` is, if any.
pub fn holiday(day: NaiveDate) -> Option<Holiday> {
    let fixed = match (day.month(), day.day()) {
        (1, 1) => Some(Holiday::NewYear),
        (5, 1) => Some(Holiday::LabourDay),
        (5, 17) => Some(Holiday::ConstitutionDay),
        (12, 25) => Some(Holiday::ChristmasDay),
        (12, 26) => Some(Holiday::BoxingDay),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(day.year());
    let offset = (day - easter).num_days();
    match offset {
        -3 => Some(Holiday::MaundyThursday),
        -2 => Some(Holiday::GoodFriday),
        0 => Some(Holiday::EasterSunday),
        1 => Some(Holiday::EasterMonday),
        39 => Some(Holiday::AscensionDay),
        49 => Some(Holiday::WhitSunday),
        50 => Some(Holiday::WhitMonday),
        _ => None,
    }
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && holiday(day).is_none()
}

/// How many working days lie after `from` up to and including `to`: a notice that
/// arrived on Friday is 1 working day old on Monday, 0 on the Saturday. 0 when `to` is
/// not after `from`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d + Days::new(1);
        if is_working_day(d) {
            n += 1;
        }
    }
    n
}

/// The working days from `from` to `to`, both included.
pub fn working_days_in(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        if is_working_day(d) {
            out.push(d);
        }
        d = d + Days::new(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_of_known_years() {
        // from the almanac
        for (y, m, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), d(y, m, day), "{y}");
        }
    }

    #[test]
    fn norwegian_holidays_of_2026() {
        let mut holidays = Vec::new();
        let mut x = d(2026, 1, 1);
        while x.year() == 2026 {
            if holiday(x).is_some() {
                holidays.push(x);
            }
            x = x + Days::new(1);
        }
        assert_eq!(
            holidays,
            [
                d(2026, 1, 1),
                d(2026, 4, 2),
                d(2026, 4, 3),
                d(2026, 4, 5),
                d(2026, 4, 6),
                d(2026, 5, 1),
                d(2026, 5, 14),
                d(2026, 5, 17),
                d(2026, 5, 24),
                d(2026, 5, 25),
                d(2026, 12, 25),
                d(2026, 12, 26),
            ]
        );
        assert_eq!(holiday(d(2026, 5, 14)), Some(Holiday::AscensionDay));
        // 2026: 365 days, 104 weekend days, holidays on weekdays: 1.1 (Thu), 2.4, 3.4,
        // 6.4, 1.5, 14.5, 25.5, 25.12 (Fri); 17.5, 5.4, 24.5 are Sundays, 26.12 a Saturday
        assert_eq!(working_days_in(d(2026, 1, 1), d(2026, 12, 31)).len(), 253);
    }

    #[test]
    fn age_counts_working_days_only() {
        // Friday 27 Nov 2026 -> Monday 30 Nov: one working day
        assert_eq!(working_days_between(d(2026, 11, 27), d(2026, 11, 30)), 1);
        assert_eq!(working_days_between(d(2026, 11, 27), d(2026, 11, 28)), 0);
        assert_eq!(working_days_between(d(2026, 11, 30), d(2026, 11, 27)), 0);
        // Wednesday 1 April 2026 -> Tuesday 7 April: Easter lies between, one working day
        assert_eq!(working_days_between(d(2026, 4, 1), d(2026, 4, 7)), 1);
        // across Christmas 2026: Wed 23 Dec -> Tue 29 Dec: 24th (Thu), 28th (Mon), 29th
        assert_eq!(working_days_between(d(2026, 12, 23), d(2026, 12, 29)), 3);
    }
}
