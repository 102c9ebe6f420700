//! Typed, unit-aware durations for retention periods and config values:
//! `30 days`, `6 months`, `P6M`, `180d`, `1 year and 6 months`.
//!
//! A [`Duration`] is a whole number of calendar months plus a number of
//! seconds. A year is 12 months, a week 7 days and a day 86,400 seconds (leap
//! seconds and time zones are ignored). A month stays a month: it is not 30
//! days, so `1 year` equals `12 months` but not `365 days`.
//!
//! # The month rule
//!
//! A duration is applied to a start instant by adding its months first and
//! then its seconds; a month added to the 31st ends on the last day of a
//! shorter month (31 January + 1 month = 28 or 29 February), as in java.time
//! and PostgreSQL. [`Duration::compare`] considers every start instant and
//! reports whether one duration is shorter for all of them, for none of them,
//! or only for some ([`CalendarOrdering`]). The Gregorian calendar repeats
//! every 400 years (4,800 months, exactly 146,097 days), so one cycle shows
//! every case: `k` consecutive calendar months last between `minDays(k)` and
//! `maxDays(k)` days, the fewest and the most over the 4,800 start months.
//! Comparing `m1 months + s1 seconds` with `m2 months + s2 seconds` then
//! reduces to where `s2 - s1` falls against that range for `|m1 - m2|` months.
//!
//! | months | fewest days | most days |
//! |-------:|------------:|----------:|
//! | 1      | 28          | 31        |
//! | 6      | 181         | 184       |
//! | 12     | 365         | 366       |
//!
//! So against `6 months`: `180 days` is [`Less`](CalendarOrdering::Less),
//! `181 days` is [`LessOrEqual`](CalendarOrdering::LessOrEqual) (never
//! longer), `182 days` [`Depends`](CalendarOrdering::Depends) on the start,
//! `184 days` is [`GreaterOrEqual`](CalendarOrdering::GreaterOrEqual) and
//! `185 days` [`Greater`](CalendarOrdering::Greater). privet is conservative:
//! a promise such as "at most 6 months" holds only if it holds from every start
//! date, so `Depends` never satisfies it.
//!
//! Starting mid-month changes nothing: with the clamping above, the time
//! between `t + m2 months` and `t + m1 months` lies between the lengths of the
//! `|m1 - m2|` months that begin on the 1st of the month `t + m2 months` falls
//! in and of the month after it, so it never leaves the range. The range
//! itself is reached from the 1st of some month, so every verdict is exact.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::sync::{LazyLock, OnceLock};

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;
const WEEK: u64 = 7 * DAY;
/// Months in one 400-year Gregorian cycle.
const CYCLE_MONTHS: u32 = 4_800;
/// Days in one 400-year Gregorian cycle.
const CYCLE_DAYS: u64 = 146_097;
/// The longest supported duration: 10,000 years, exactly 25 Gregorian cycles.
const MAX_YEARS: u64 = 10_000;
/// Month counts (modulo a cycle) whose day range is computed once and kept.
const MEMO_MONTHS: usize = 1_200;

/// A length of time as written in a policy or config: a whole number of
/// calendar months plus a number of seconds.
///
/// Equality is structural after normalisation (`1 year` == `12 months`,
/// `1 day` == `24 hours`); to ask whether one duration is longer than another
/// use [`Duration::compare`], which knows that months vary in length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    months: u32,
    seconds: u64,
}

/// A unit of time as people write it in a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// One second.
    Second,
    /// 60 seconds.
    Minute,
    /// 60 minutes.
    Hour,
    /// 24 hours (86,400 seconds).
    Day,
    /// 7 days.
    Week,
    /// One calendar month: 28 to 31 days depending on when it starts.
    Month,
    /// 12 calendar months.
    Year,
}

/// Why a text is not an acceptable duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// Longer than 10,000 years, or a number too large to represent.
    TooLarge,
    /// Written with a minus sign, such as `-5 days`.
    Negative,
    /// A word that is not a unit of time, such as `fortnights`.
    UnknownUnit(String),
    /// A bare number, such as `30`.
    MissingUnit,
    /// Anything else that is not a duration.
    Malformed,
}

/// The result of comparing two durations on a real calendar, over every
/// possible start instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CalendarOrdering {
    /// Shorter than the other whatever the start date.
    Less,
    /// Never longer than the other, and the same length from some start dates
    /// (181 days against 6 months).
    LessOrEqual,
    /// The same length whatever the start date (12 months and 1 year; 1 day
    /// and 24 hours).
    Equal,
    /// Never shorter than the other, and the same length from some start dates
    /// (184 days against 6 months).
    GreaterOrEqual,
    /// Longer than the other whatever the start date.
    Greater,
    /// Shorter from some start dates and longer from others (182 days against
    /// 6 months).
    Depends,
}

impl Unit {
    /// The unit for a word as people write it: `day`, `days`, `d`, `hour`,
    /// `hours`, `h`, `hr`, `hrs`, `minute(s)`, `min`, `mins`, `second(s)`, `s`,
    /// `sec`, `secs`, `week(s)`, `w`, `wk`, `wks`, `month(s)`, `mo`, `mos`,
    /// `year(s)`, `y`, `yr`, `yrs`, in any case. Not `m`, which could mean
    /// minutes or months.
    pub fn from_word(word: &str) -> Option<Unit> {
        // Every unit word is at most 7 bytes; skip lowercasing anything longer.
        if word.len() > 7 {
            return None;
        }
        let unit = match word.to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Unit::Second,
            "min" | "mins" | "minute" | "minutes" => Unit::Minute,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
            "mo" | "mos" | "month" | "months" => Unit::Month,
            "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
            _ => return None,
        };
        Some(unit)
    }

    /// The unit a misspelled word most likely means (`mnths` → `months`),
    /// for "did you mean" hints.
    pub fn closest_word(word: &str) -> Option<&'static str> {
        const WORDS: [&str; 7] = [
            "seconds", "minutes", "hours", "days", "weeks", "months", "years",
        ];
        let word = word.to_lowercase();
        WORDS
            .iter()
            .map(|unit| (strsim::jaro_winkler(unit, &word), *unit))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, unit)| unit)
    }

    /// The plural English word (`days`).
    pub fn plural(self) -> &'static str {
        match self {
            Unit::Second => "seconds",
            Unit::Minute => "minutes",
            Unit::Hour => "hours",
            Unit::Day => "days",
            Unit::Week => "weeks",
            Unit::Month => "months",
            Unit::Year => "years",
        }
    }

    /// The singular English word (`day`).
    pub fn singular(self) -> &'static str {
        let plural = self.plural();
        plural.strip_suffix('s').unwrap_or(plural)
    }

    /// One of this unit as (months, seconds).
    fn size(self) -> (u64, u64) {
        match self {
            Unit::Second => (0, 1),
            Unit::Minute => (0, MINUTE),
            Unit::Hour => (0, HOUR),
            Unit::Day => (0, DAY),
            Unit::Week => (0, WEEK),
            Unit::Month => (1, 0),
            Unit::Year => (12, 0),
        }
    }
}

impl Duration {
    /// No time at all.
    pub const ZERO: Duration = Duration {
        months: 0,
        seconds: 0,
    };

    /// `amount` of `unit`, rejecting anything over 10,000 years.
    pub fn from_amount(amount: u64, unit: Unit) -> Result<Duration, DurationError> {
        let (months, seconds) = unit.size();
        let months = amount.checked_mul(months).ok_or(DurationError::TooLarge)?;
        let seconds = amount.checked_mul(seconds).ok_or(DurationError::TooLarge)?;
        Duration::bounded(months, seconds)
    }

    /// Builds a duration, rejecting anything over 10,000 years. Months count at
    /// their average length (146,097 days per 4,800 months), so the limit is
    /// exactly 10,000 Gregorian years whether written in months or in days.
    fn bounded(months: u64, seconds: u64) -> Result<Duration, DurationError> {
        let cycle_seconds = u128::from(CYCLE_DAYS * DAY);
        let scaled =
            u128::from(months) * cycle_seconds + u128::from(seconds) * u128::from(CYCLE_MONTHS);
        if scaled > u128::from(MAX_YEARS * 12) * cycle_seconds {
            return Err(DurationError::TooLarge);
        }
        let months = u32::try_from(months).map_err(|_| DurationError::TooLarge)?;
        Ok(Duration { months, seconds })
    }

    /// Parses a duration as people write it, ignoring surrounding whitespace
    /// and case: `30 days`, `1 day`, `6 months`, `72 hours`, `30days`, `180d`,
    /// `72h`, `2w`, `1y`, `6mo`; several parts, largest unit first, optionally
    /// joined by `and` or a comma: `1 year 6 months`, `1 year and 6 months`,
    /// `1y6mo`; or ISO 8601 without fractions: `P6M`, `P1Y6M`, `P2W`, `P30D`,
    /// `PT72H`, `P1DT12H`, `PT30M`, `PT45S`. Never panics, whatever the text.
    pub fn parse(text: &str) -> Result<Duration, DurationError> {
        let text = text.trim();
        match text.strip_prefix('-') {
            Some(rest) => parse_unsigned(rest.trim_start()).and(Err(DurationError::Negative)),
            None => parse_unsigned(text),
        }
    }

    /// The whole calendar months (a year counts as 12).
    pub fn months(self) -> u32 {
        self.months
    }

    /// The seconds on top of the months (a day counts as 86,400).
    pub fn seconds(self) -> u64 {
        self.seconds
    }

    /// The sum of two durations, or `None` beyond 10,000 years.
    pub fn checked_add(self, other: Duration) -> Option<Duration> {
        let months = u64::from(self.months) + u64::from(other.months);
        let seconds = self.seconds.checked_add(other.seconds)?;
        Duration::bounded(months, seconds).ok()
    }

    /// How `self` compares with `other` over every possible start instant on
    /// the Gregorian calendar (see the module documentation for the rule).
    pub fn compare(self, other: Duration) -> CalendarOrdering {
        let (fewest, most) = month_span_days(self.months.abs_diff(other.months));
        let (fewest, most) = (i128::from(fewest * DAY), i128::from(most * DAY));
        let seconds = i128::from(self.seconds) - i128::from(other.seconds);
        // The range of `self - other`, in seconds, over all start instants.
        if self.months >= other.months {
            CalendarOrdering::from_range(seconds + fewest, seconds + most)
        } else {
            CalendarOrdering::from_range(seconds - most, seconds - fewest)
        }
    }

    /// The ISO 8601 form, in years, months, days, hours, minutes and seconds:
    /// `P6M`, `P1Y6M`, `P180D`, `P1DT12H`, `PT1H30M`, and `P0D` for zero.
    /// Whole days stay days (`P3D`, not `PT72H`); weeks become days (`P14D`).
    pub fn to_iso8601(self) -> String {
        if self == Duration::ZERO {
            return "P0D".to_owned();
        }
        let [years, months] = self.calendar_parts();
        let [days, hours, minutes, seconds] = clock_parts(self.seconds);
        let mut iso = String::from("P");
        push_iso_part(&mut iso, years, 'Y');
        push_iso_part(&mut iso, months, 'M');
        push_iso_part(&mut iso, days, 'D');
        if !self.seconds.is_multiple_of(DAY) {
            iso.push('T');
            push_iso_part(&mut iso, hours, 'H');
            push_iso_part(&mut iso, minutes, 'M');
            push_iso_part(&mut iso, seconds, 'S');
        }
        iso
    }

    /// The months as (years, months).
    fn calendar_parts(self) -> [u64; 2] {
        let months = u64::from(self.months);
        [months / 12, months % 12]
    }

    /// The non-zero parts shown by `Display`, largest unit first.
    fn human_parts(self) -> Vec<(u64, Unit)> {
        let [years, months] = self.calendar_parts();
        let calendar = [(years, Unit::Year), (months, Unit::Month)];
        // Days, not weeks: retention limits are read in days ("182 days",
        // not "26 weeks").
        let units = [Unit::Day, Unit::Hour, Unit::Minute, Unit::Second];
        let clock: Vec<(u64, Unit)> = clock_parts(self.seconds).into_iter().zip(units).collect();
        calendar
            .into_iter()
            .chain(clock)
            .filter(|&(amount, _)| amount > 0)
            .collect()
    }
}

/// Shows the canonical human form, largest units first, singular for 1:
/// `1 year 6 months`, `180 days`, `1 day 12 hours`, `0 days`. Months are shown
/// as years and months; the rest as days, hours, minutes and seconds (never
/// weeks), leaving out zeros.
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = self.human_parts();
        if parts.is_empty() {
            return f.write_str("0 days");
        }
        for (index, (amount, unit)) in parts.into_iter().enumerate() {
            let separator = if index == 0 { "" } else { " " };
            let word = if amount == 1 {
                unit.singular()
            } else {
                unit.plural()
            };
            write!(f, "{separator}{amount} {word}")?;
        }
        Ok(())
    }
}

impl FromStr for Duration {
    type Err = DurationError;

    /// Same as [`Duration::parse`].
    fn from_str(text: &str) -> Result<Duration, DurationError> {
        Duration::parse(text)
    }
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::TooLarge => {
                write!(
                    f,
                    "durations longer than {MAX_YEARS} years are not supported"
                )
            }
            DurationError::Negative => f.write_str("a duration cannot be negative"),
            DurationError::UnknownUnit(word) if word.eq_ignore_ascii_case("m") => {
                write!(
                    f,
                    "`{word}` could mean minutes or months; write `min` or `mo`"
                )
            }
            DurationError::UnknownUnit(word) => write!(f, "`{word}` is not a unit of time"),
            DurationError::MissingUnit => f.write_str("a duration needs a unit, such as `30 days`"),
            DurationError::Malformed => {
                f.write_str("expected a duration such as `30 days`, `6 months` or `P6M`")
            }
        }
    }
}

impl std::error::Error for DurationError {}

impl CalendarOrdering {
    /// Whether `a <= b` holds from every start date (`Less`, `LessOrEqual` or
    /// `Equal`). `Depends` is never certain: a promise must hold for every
    /// start date.
    pub fn is_le(self) -> bool {
        matches!(self, Self::Less | Self::LessOrEqual | Self::Equal)
    }

    /// Whether `a < b` holds from every start date (`Less`).
    pub fn is_lt(self) -> bool {
        self == Self::Less
    }

    /// Whether `a >= b` holds from every start date (`Greater`,
    /// `GreaterOrEqual` or `Equal`).
    pub fn is_ge(self) -> bool {
        matches!(self, Self::Greater | Self::GreaterOrEqual | Self::Equal)
    }

    /// Whether `a > b` holds from every start date (`Greater`).
    pub fn is_gt(self) -> bool {
        self == Self::Greater
    }

    /// Whether `a == b` holds from every start date (`Equal`).
    pub fn is_eq(self) -> bool {
        self == Self::Equal
    }

    /// Whether `a != b` holds from every start date (`Less` or `Greater`).
    pub fn is_ne(self) -> bool {
        matches!(self, Self::Less | Self::Greater)
    }

    /// The ordering seen from the other side: `b` compared with `a`.
    pub fn reverse(self) -> CalendarOrdering {
        match self {
            Self::Less => Self::Greater,
            Self::LessOrEqual => Self::GreaterOrEqual,
            Self::GreaterOrEqual => Self::LessOrEqual,
            Self::Greater => Self::Less,
            same @ (Self::Equal | Self::Depends) => same,
        }
    }

    /// The ordering for `a - b` ranging over `fewest..=most` (both reached).
    fn from_range(fewest: i128, most: i128) -> CalendarOrdering {
        match (fewest.cmp(&0), most.cmp(&0)) {
            (Ordering::Greater, _) => Self::Greater,
            (_, Ordering::Less) => Self::Less,
            (Ordering::Equal, Ordering::Equal) => Self::Equal,
            (Ordering::Equal, _) => Self::GreaterOrEqual,
            (_, Ordering::Equal) => Self::LessOrEqual,
            _ => Self::Depends,
        }
    }
}

/// Parses a duration written without a sign.
fn parse_unsigned(text: &str) -> Result<Duration, DurationError> {
    match text.strip_prefix(['P', 'p']) {
        Some(iso) => parse_iso(iso),
        None => parse_words(text),
    }
}

/// Parses `30 days`, `1 year and 6 months`, `1y6mo`: units strictly decreasing.
fn parse_words(text: &str) -> Result<Duration, DurationError> {
    let mut total = Duration::ZERO;
    let mut smallest: Option<Unit> = None;
    let mut rest = text;
    loop {
        let (amount, unit, after) = word_part(rest)?;
        if smallest.is_some_and(|previous| unit >= previous) {
            return Err(DurationError::Malformed);
        }
        smallest = Some(unit);
        total = add(total, Duration::from_amount(amount, unit)?)?;
        let after = after.trim_start();
        if after.is_empty() {
            return Ok(total);
        }
        rest = skip_separator(after);
    }
}

/// Reads one `<number> <unit>` part; returns it with the text after it.
fn word_part(text: &str) -> Result<(u64, Unit, &str), DurationError> {
    let (digits, rest) = split_run(text, |c| c.is_ascii_digit());
    if digits.is_empty() {
        return Err(DurationError::Malformed);
    }
    let (word, rest) = split_run(rest.trim_start(), char::is_alphabetic);
    if (word.is_empty() && rest.is_empty()) || word.eq_ignore_ascii_case("and") {
        return Err(DurationError::MissingUnit);
    }
    let unit = match Unit::from_word(word) {
        Some(unit) => unit,
        None if word.is_empty() => return Err(DurationError::Malformed),
        None => return Err(DurationError::UnknownUnit(word.to_owned())),
    };
    Ok((parse_amount(digits)?, unit, rest))
}

/// Skips an optional `,` and an optional `and` between two parts.
fn skip_separator(text: &str) -> &str {
    let text = text.strip_prefix(',').unwrap_or(text).trim_start();
    let (word, rest) = split_run(text, char::is_alphabetic);
    if word.eq_ignore_ascii_case("and") {
        rest.trim_start()
    } else {
        text
    }
}

/// ISO 8601 designators of the date part, in the order they must appear.
const DATE_DESIGNATORS: [(char, Unit); 4] = [
    ('Y', Unit::Year),
    ('M', Unit::Month),
    ('W', Unit::Week),
    ('D', Unit::Day),
];

/// ISO 8601 designators of the time part, in the order they must appear.
const TIME_DESIGNATORS: [(char, Unit); 3] =
    [('H', Unit::Hour), ('M', Unit::Minute), ('S', Unit::Second)];

/// Parses what follows the `P` of an ISO 8601 duration.
fn parse_iso(text: &str) -> Result<Duration, DurationError> {
    let (date, time) = match text.split_once(['T', 't']) {
        Some((_, "")) => return Err(DurationError::Malformed),
        Some(parts) => parts,
        None => (text, ""),
    };
    if date.is_empty() && time.is_empty() {
        return Err(DurationError::Malformed);
    }
    add(
        parse_iso_section(date, &DATE_DESIGNATORS)?,
        parse_iso_section(time, &TIME_DESIGNATORS)?,
    )
}

/// Parses `<number><designator>` pairs, each designator at most once, in order.
fn parse_iso_section(
    mut text: &str,
    designators: &[(char, Unit)],
) -> Result<Duration, DurationError> {
    let mut total = Duration::ZERO;
    let mut allowed = designators;
    while !text.is_empty() {
        let (digits, rest) = split_run(text, |c| c.is_ascii_digit());
        let mut chars = rest.chars();
        let designator = chars.next().ok_or(DurationError::Malformed)?;
        let (index, &(_, unit)) = (allowed.iter().enumerate())
            .find(|(_, (letter, _))| letter.eq_ignore_ascii_case(&designator))
            .ok_or(DurationError::Malformed)?;
        if digits.is_empty() {
            return Err(DurationError::Malformed);
        }
        total = add(total, Duration::from_amount(parse_amount(digits)?, unit)?)?;
        allowed = allowed.get(index + 1..).unwrap_or_default();
        text = chars.as_str();
    }
    Ok(total)
}

/// A run of ASCII digits as a number; the only possible failure is overflow.
fn parse_amount(digits: &str) -> Result<u64, DurationError> {
    digits.parse().map_err(|_| DurationError::TooLarge)
}

/// `checked_add` for the parsers.
fn add(total: Duration, part: Duration) -> Result<Duration, DurationError> {
    total.checked_add(part).ok_or(DurationError::TooLarge)
}

/// Splits `text` after its longest prefix of characters that satisfy `keep`.
fn split_run(text: &str, keep: impl Fn(char) -> bool) -> (&str, &str) {
    let end = text.find(|c: char| !keep(c)).unwrap_or(text.len());
    text.split_at_checked(end).unwrap_or((text, ""))
}

/// Seconds as [days, hours, minutes, seconds].
fn clock_parts(seconds: u64) -> [u64; 4] {
    [
        seconds / DAY,
        seconds % DAY / HOUR,
        seconds % HOUR / MINUTE,
        seconds % MINUTE,
    ]
}

/// Appends `<amount><designator>` unless `amount` is zero.
fn push_iso_part(iso: &mut String, amount: u64, designator: char) {
    if amount > 0 {
        iso.push_str(&amount.to_string());
        iso.push(designator);
    }
}

/// Day number at the start of each month over two 400-year cycles (so spans
/// that wrap around the end of a cycle need no special case): entry `i` is the
/// number of days before month `i`, 9,601 entries.
static CYCLE_PREFIX: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let lengths = (0..800).flat_map(|year| (1..=12).map(move |month| days_in_month(year, month)));
    let starts = lengths.scan(0, |total, days| {
        *total += days;
        Some(*total)
    });
    std::iter::once(0).chain(starts).collect()
});

/// Day ranges already computed, by month count (checks compare in hot loops).
static SPAN_MEMO: [OnceLock<(u64, u64)>; MEMO_MONTHS + 1] =
    [const { OnceLock::new() }; MEMO_MONTHS + 1];

/// (`minDays(months)`, `maxDays(months)`): the fewest and the most days in
/// `months` consecutive calendar months, over every start month.
fn month_span_days(months: u32) -> (u64, u64) {
    let whole_cycles = u64::from(months / CYCLE_MONTHS) * CYCLE_DAYS;
    let rest = (months % CYCLE_MONTHS) as usize;
    let (fewest, most) = match SPAN_MEMO.get(rest) {
        Some(cell) => *cell.get_or_init(|| span_extremes(rest)),
        None => span_extremes(rest),
    };
    (whole_cycles + fewest, whole_cycles + most)
}

/// The fewest and most days in `months` (< 4,800) consecutive months, over
/// the 4,800 start months of a cycle.
fn span_extremes(months: usize) -> (u64, u64) {
    let starts = CYCLE_PREFIX.iter();
    let ends = CYCLE_PREFIX.iter().skip(months);
    (starts.zip(ends).take(CYCLE_MONTHS as usize))
        .map(|(start, end)| end - start)
        .fold((u64::MAX, 0), |(fewest, most), days| {
            (fewest.min(days), most.max(days))
        })
}

/// Days in `month` (1 to 12) of a proleptic Gregorian `year`.
fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Duration {
        Duration::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn months_seconds(text: &str) -> (u32, u64) {
        let duration = d(text);
        (duration.months(), duration.seconds())
    }

    fn cmp(a: &str, b: &str) -> CalendarOrdering {
        d(a).compare(d(b))
    }

    #[test]
    fn parses_words_and_abbreviations() {
        let cases: &[(&str, (u32, u64))] = &[
            ("30 days", (0, 30 * DAY)),
            ("1 day", (0, DAY)),
            ("6 months", (6, 0)),
            ("1 year", (12, 0)),
            ("72 hours", (0, 72 * HOUR)),
            ("2 weeks", (0, 14 * DAY)),
            ("30days", (0, 30 * DAY)),
            ("180d", (0, 180 * DAY)),
            ("72h", (0, 72 * HOUR)),
            ("2w", (0, 14 * DAY)),
            ("1y", (12, 0)),
            ("6mo", (6, 0)),
            ("45 min", (0, 45 * MINUTE)),
            ("10 secs", (0, 10)),
            ("  30 DAYS\n", (0, 30 * DAY)),
            ("3 Yrs", (36, 0)),
            ("0 days", (0, 0)),
            ("007 days", (0, 7 * DAY)),
        ];
        for &(text, expected) in cases {
            assert_eq!(months_seconds(text), expected, "{text:?}");
        }
    }

    #[test]
    fn parses_compound_forms() {
        let cases: &[(&str, (u32, u64))] = &[
            ("1 year 6 months", (18, 0)),
            ("1 year and 6 months", (18, 0)),
            ("1 year, 6 months", (18, 0)),
            ("1 Year AND 6 Months", (18, 0)),
            ("1y6mo", (18, 0)),
            ("1 day 12 hours", (0, 36 * HOUR)),
            ("2 weeks 3 days", (0, 17 * DAY)),
            ("1 hour 1 minute 1 second", (0, HOUR + MINUTE + 1)),
        ];
        for &(text, expected) in cases {
            assert_eq!(months_seconds(text), expected, "{text:?}");
        }
    }

    #[test]
    fn parses_iso_8601() {
        let cases: &[(&str, (u32, u64))] = &[
            ("P6M", (6, 0)),
            ("P1Y", (12, 0)),
            ("P1Y6M", (18, 0)),
            ("P2W", (0, 14 * DAY)),
            ("P30D", (0, 30 * DAY)),
            ("PT72H", (0, 72 * HOUR)),
            ("P1DT12H", (0, 36 * HOUR)),
            ("PT30M", (0, 30 * MINUTE)),
            ("PT45S", (0, 45)),
            ("p1y2m3dt4h5m6s", (14, 3 * DAY + 4 * HOUR + 5 * MINUTE + 6)),
            ("P0D", (0, 0)),
            (" P6M ", (6, 0)),
        ];
        for &(text, expected) in cases {
            assert_eq!(months_seconds(text), expected, "{text:?}");
        }
        assert_eq!(d("P6M"), d("6 months"));
        assert_eq!("P6M".parse::<Duration>(), Ok(d("6 months")));
    }

    #[test]
    fn rejects_with_the_right_error() {
        use DurationError::*;
        let cases: &[(&str, DurationError)] = &[
            ("-5 days", Negative),
            ("- 5 days", Negative),
            ("-P6M", Negative),
            ("--5 days", Malformed),
            ("-5 fortnights", UnknownUnit("fortnights".into())),
            ("30", MissingUnit),
            ("  30  ", MissingUnit),
            ("1 year 6", MissingUnit),
            ("30 and 5 days", MissingUnit),
            ("30 fortnights", UnknownUnit("fortnights".into())),
            ("30 Fortnights", UnknownUnit("Fortnights".into())),
            ("30 m", UnknownUnit("m".into())),
            ("30 días", UnknownUnit("días".into())),
            ("99999999999999999999 years", TooLarge),
            ("99999999999999999999 seconds", TooLarge),
            ("P99999999999999999999D", TooLarge),
            ("10001 years", TooLarge),
            ("", Malformed),
            ("   ", Malformed),
            ("-", Malformed),
            ("days", Malformed),
            ("six months", Malformed),
            ("1.5 days", Malformed),
            ("30 days.", Malformed),
            ("1 year and", Malformed),
            ("1 year,", Malformed),
            ("6 months 1 year", Malformed),
            ("1 day 1 day", Malformed),
            ("+5 days", Malformed),
            ("P", Malformed),
            ("PT", Malformed),
            ("P1DT", Malformed),
            ("P6", Malformed),
            ("PD", Malformed),
            ("P1M1Y", Malformed),
            ("P1D1D", Malformed),
            ("PT0.5H", Malformed),
            ("P1.5Y", Malformed),
            ("P 6M", Malformed),
            ("PT1H2T3M", Malformed),
            ("P1H", Malformed),
            ("PT1D", Malformed),
            ("٣ days", Malformed),
        ];
        for (text, expected) in cases {
            assert_eq!(Duration::parse(text).as_ref(), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn errors_read_as_plain_english() {
        let message = |text: &str| Duration::parse(text).err().map(|e| e.to_string());
        assert_eq!(
            message("30 fortnights").as_deref(),
            Some("`fortnights` is not a unit of time")
        );
        assert_eq!(
            message("30 m").as_deref(),
            Some("`m` could mean minutes or months; write `min` or `mo`")
        );
        assert_eq!(
            message("30").as_deref(),
            Some("a duration needs a unit, such as `30 days`")
        );
        assert_eq!(
            message("10001 years").as_deref(),
            Some("durations longer than 10000 years are not supported")
        );
        assert_eq!(
            message("-5 days").as_deref(),
            Some("a duration cannot be negative")
        );
        assert_eq!(
            message("soon").as_deref(),
            Some("expected a duration such as `30 days`, `6 months` or `P6M`")
        );
    }

    #[test]
    fn unit_words() {
        let words: &[(&str, Unit)] = &[
            ("s", Unit::Second),
            ("sec", Unit::Second),
            ("secs", Unit::Second),
            ("second", Unit::Second),
            ("seconds", Unit::Second),
            ("min", Unit::Minute),
            ("mins", Unit::Minute),
            ("minute", Unit::Minute),
            ("minutes", Unit::Minute),
            ("h", Unit::Hour),
            ("hr", Unit::Hour),
            ("hrs", Unit::Hour),
            ("hour", Unit::Hour),
            ("hours", Unit::Hour),
            ("d", Unit::Day),
            ("day", Unit::Day),
            ("days", Unit::Day),
            ("w", Unit::Week),
            ("wk", Unit::Week),
            ("week", Unit::Week),
            ("weeks", Unit::Week),
            ("mo", Unit::Month),
            ("mos", Unit::Month),
            ("month", Unit::Month),
            ("months", Unit::Month),
            ("y", Unit::Year),
            ("yr", Unit::Year),
            ("yrs", Unit::Year),
            ("year", Unit::Year),
            ("years", Unit::Year),
            ("DAYS", Unit::Day),
            ("Mo", Unit::Month),
        ];
        for &(word, unit) in words {
            assert_eq!(Unit::from_word(word), Some(unit), "{word:?}");
        }
        for word in ["m", "M", "", "fortnight", "dayss", "secondsx", "ms"] {
            assert_eq!(Unit::from_word(word), None, "{word:?}");
        }
        assert_eq!(Unit::Day.plural(), "days");
        assert_eq!(Unit::Day.singular(), "day");
    }

    #[test]
    fn month_spans_match_the_gregorian_calendar() {
        let spans: &[(u32, (u64, u64))] = &[
            (0, (0, 0)),
            (1, (28, 31)),
            (2, (59, 62)),
            (6, (181, 184)),
            (12, (365, 366)),
            (48, (1460, 1461)),
            (1200, (36524, 36525)),
            (4800, (146_097, 146_097)),
            (4801, (146_097 + 28, 146_097 + 31)),
            (120_000, (25 * 146_097, 25 * 146_097)),
        ];
        for &(months, expected) in spans {
            assert_eq!(month_span_days(months), expected, "{months} months");
        }
        assert_eq!(CYCLE_PREFIX.len(), 9_601);
        assert_eq!(CYCLE_PREFIX.get(4_800), Some(&CYCLE_DAYS));
    }

    #[test]
    fn memoised_spans_equal_direct_computation() {
        for months in [1_u32, 6, 12, 1_199, 1_200, 1_201, 4_799] {
            let rest = (months % CYCLE_MONTHS) as usize;
            assert_eq!(month_span_days(months), span_extremes(rest));
            assert_eq!(month_span_days(months), span_extremes(rest));
        }
    }

    /// The module doc claims that starting mid-month (with end-of-month
    /// clamping) never leaves the range; check it for every day of a cycle.
    #[test]
    fn mid_month_starts_stay_within_the_month_range() {
        let day_of = |month: usize, day: u64| CYCLE_PREFIX[month] + day - 1;
        let length = |month: usize| CYCLE_PREFIX[month + 1] - CYCLE_PREFIX[month];
        for (span, months) in [(1, 0_usize), (1, 1), (6, 0), (6, 5), (12, 1), (13, 11)] {
            let (fewest, most) = month_span_days(span);
            for start in 0..4_800 {
                for day in 1..=length(start) {
                    let from = start + months;
                    let to = from + span as usize;
                    let a = day_of(from, day.min(length(from)));
                    let b = day_of(to, day.min(length(to)));
                    assert!((fewest..=most).contains(&(b - a)), "{start} {day}");
                }
            }
        }
    }

    #[test]
    fn days_against_months_at_the_documented_boundaries() {
        use CalendarOrdering::*;
        let cases = [
            ("180 days", "6 months", Less),
            ("181 days", "6 months", LessOrEqual),
            ("182 days", "6 months", Depends),
            ("183 days", "6 months", Depends),
            ("184 days", "6 months", GreaterOrEqual),
            ("185 days", "6 months", Greater),
            ("12 months", "1 year", Equal),
            ("365 days", "1 year", LessOrEqual),
            ("366 days", "1 year", GreaterOrEqual),
            ("364 days", "1 year", Less),
            ("367 days", "1 year", Greater),
            ("1 month", "28 days", GreaterOrEqual),
            ("1 month", "31 days", LessOrEqual),
            ("1 month", "30 days", Depends),
            ("1 month", "27 days", Greater),
            ("1 month", "32 days", Less),
            ("24 hours", "1 day", Equal),
            ("P6M", "6 months", Equal),
            ("1 year 6 months", "18 months", Equal),
            ("1 year 1 day", "1 year", Greater),
            ("6 months", "5 months 31 days", LessOrEqual),
            ("6 months", "5 months 30 days", Depends),
            ("6 months", "5 months 28 days", GreaterOrEqual),
            ("2 months", "1 month 28 days", GreaterOrEqual),
            ("2 months", "1 month 27 days", Greater),
            ("400 years", "146097 days", Equal),
            ("0 days", "PT0S", Equal),
        ];
        for (a, b, expected) in cases {
            assert_eq!(cmp(a, b), expected, "{a} vs {b}");
            assert_eq!(cmp(b, a), expected.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn certainty_predicates_are_conservative() {
        use CalendarOrdering::*;
        let table = [
            // (ordering, le, lt, ge, gt, eq, ne)
            (Less, [true, true, false, false, false, true]),
            (LessOrEqual, [true, false, false, false, false, false]),
            (Equal, [true, false, true, false, true, false]),
            (GreaterOrEqual, [false, false, true, false, false, false]),
            (Greater, [false, false, true, true, false, true]),
            (Depends, [false, false, false, false, false, false]),
        ];
        for (ordering, expected) in table {
            let actual = [
                ordering.is_le(),
                ordering.is_lt(),
                ordering.is_ge(),
                ordering.is_gt(),
                ordering.is_eq(),
                ordering.is_ne(),
            ];
            assert_eq!(actual, expected, "{ordering:?}");
        }
        assert!(cmp("181 days", "6 months").is_le());
        assert!(!cmp("182 days", "6 months").is_le());
        assert!(!cmp("184 days", "6 months").is_le());
    }

    #[test]
    fn displays_the_canonical_human_form() {
        let cases = [
            ("6 months", "6 months"),
            ("1 year", "1 year"),
            ("18 months", "1 year 6 months"),
            ("180 days", "180 days"),
            ("14 days", "14 days"),
            ("2 weeks", "14 days"),
            ("8 days", "8 days"),
            ("72 hours", "3 days"),
            ("36 hours", "1 day 12 hours"),
            ("90 minutes", "1 hour 30 minutes"),
            ("PT1S", "1 second"),
            (
                "P1Y1M1DT1H1M1S",
                "1 year 1 month 1 day 1 hour 1 minute 1 second",
            ),
            ("0 days", "0 days"),
            ("P0D", "0 days"),
        ];
        for (text, shown) in cases {
            assert_eq!(d(text).to_string(), shown, "{text:?}");
        }
    }

    #[test]
    fn writes_iso_8601() {
        let cases = [
            ("6 months", "P6M"),
            ("18 months", "P1Y6M"),
            ("180 days", "P180D"),
            ("2 weeks", "P14D"),
            ("90 minutes", "PT1H30M"),
            ("36 hours", "P1DT12H"),
            ("45 seconds", "PT45S"),
            ("1 year 1 second", "P1YT1S"),
            ("0 days", "P0D"),
        ];
        for (text, iso) in cases {
            assert_eq!(d(text).to_iso8601(), iso, "{text:?}");
        }
    }

    #[test]
    fn display_and_iso_round_trip() {
        let texts = [
            "0 days",
            "1 second",
            "59 seconds",
            "61 minutes",
            "25 hours",
            "1 week",
            "8 days",
            "180 days",
            "6 months",
            "1 year 6 months 2 weeks",
            "P1Y1M1DT1H1M1S",
            "10000 years",
            "3652425 days",
            "9999 years 11 months 30 days",
        ];
        for text in texts {
            let duration = d(text);
            assert_eq!(d(&duration.to_string()), duration, "{text:?}");
            assert_eq!(d(&duration.to_iso8601()), duration, "{text:?}");
        }
    }

    #[test]
    fn huge_values_are_bounded_and_never_overflow() {
        use CalendarOrdering::*;
        assert_eq!(months_seconds("10000 years"), (120_000, 0));
        assert_eq!(months_seconds("3652425 days"), (0, 3_652_425 * DAY));
        assert_eq!(
            Duration::parse("3652426 days"),
            Err(DurationError::TooLarge)
        );
        assert_eq!(
            Duration::parse("10000 years 1 second"),
            Err(DurationError::TooLarge)
        );
        assert_eq!(
            Duration::parse("120001 months"),
            Err(DurationError::TooLarge)
        );
        assert_eq!(
            Duration::from_amount(u64::MAX, Unit::Year),
            Err(DurationError::TooLarge)
        );
        assert_eq!(d("10000 years").checked_add(d("1 second")), None);
        assert_eq!(
            d("5000 years").checked_add(d("5000 years")),
            Some(d("10000 years"))
        );
        assert_eq!(cmp("10000 years", "3652425 days"), Equal);
        assert_eq!(cmp("10000 years", "10000 years"), Equal);
        assert_eq!(cmp("10000 years", "0 days"), Greater);
        assert_eq!(cmp("0 days", "3652425 days"), Less);
        assert_eq!(cmp("9999 years 11 months", "3652425 days"), Less);
        assert_eq!(cmp("1 month", "3652425 days"), Less);
    }

    #[test]
    fn never_panics_on_arbitrary_text() {
        let pieces = [
            "1", "0", "9", "P", "t", "M", "d", " ", "-", ".", "é", "and", ",",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            if let Ok(duration) = Duration::parse(text) {
                assert_eq!(d(&duration.to_string()), duration, "{text:?}");
            }
        }
        let long = "9".repeat(100_000) + " days";
        assert_eq!(Duration::parse(&long), Err(DurationError::TooLarge));
        let dashes = "-".repeat(100_000) + "5 days";
        assert_eq!(Duration::parse(&dashes), Err(DurationError::Malformed));
    }
}
