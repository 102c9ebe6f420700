//! Calendar dates for waiver expiry: parsing `YYYY-MM-DD` and today's date.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::policy::Date;

/// A `YYYY-MM-DD` date that exists on the Gregorian calendar
/// (`2024-02-29` does, `2025-02-29` does not); `None` for anything else,
/// including other layouts such as `2025-3-31`.
pub fn parse_date(text: &str) -> Option<Date> {
    if !is_well_formed(text) {
        return None;
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(5..7)?.parse().ok()?;
    let day = text.get(8..10)?.parse().ok()?;
    let exists = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    exists.then_some(Date { year, month, day })
}

/// Whether `text` has the layout `YYYY-MM-DD` (digits and two dashes),
/// whether or not the day exists.
pub(super) fn is_well_formed(text: &str) -> bool {
    text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        })
}

/// Today's date in UTC, from the system clock. A clock set before 1970
/// reads as 1970-01-01.
pub fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    date_from_days(seconds / 86_400)
}

/// The date `days` days after 1970-01-01, by Howard Hinnant's
/// `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>),
/// which counts in 400-year eras of 146,097 days starting on 1 March so
/// that the leap day falls at the end of each year.
fn date_from_days(days: u64) -> Date {
    // Days from 0000-03-01 to 1970-01-01.
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months counted from March: 0 is March, 11 is February.
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(u16::MAX),
        month: u8::try_from(month).unwrap_or(12),
        day: u8::try_from(day).unwrap_or(31),
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        assert_eq!(date_from_days(0), date(1970, 1, 1));
        assert_eq!(date_from_days(10_956), date(1999, 12, 31));
        assert_eq!(date_from_days(11_016), date(2000, 2, 29));
        assert_eq!(date_from_days(20_088), date(2024, 12, 31));
        assert_eq!(date_from_days(47_541), date(2100, 3, 1));
    }

    #[test]
    fn every_day_of_a_leap_cycle_follows_the_one_before() {
        let mut previous = date_from_days(0);
        for days in 1..=146_097 {
            let next = date_from_days(days);
            assert!(next > previous, "{next} after {previous}");
            assert_eq!(parse_date(&next.to_string()), Some(next));
            previous = next;
        }
        assert_eq!(previous, date(2370, 1, 1));
    }
}
