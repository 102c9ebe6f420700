//! Resolving literal values: dates, durations, ages, config values.

use super::Resolver;
use crate::ast::{self, ConfigOp, DurationLit, ValueLit};
use crate::diagnostic::Code;
use crate::duration::{Duration, DurationError, Unit};
use crate::policy::{CompareOp, ConfigTest, ConfigValue, Date};
use crate::source::{Span, Spanned};

/// Ages a policy can meaningfully name (`under 13`, `under 18`).
const AGES: std::ops::RangeInclusive<u8> = 1..=120;

impl Resolver<'_> {
    /// A `YYYY-MM-DD` date that exists on the calendar.
    pub(super) fn date(&mut self, text: &str, span: Span) -> Option<Date> {
        let mut parts = text.split('-').map(str::parse::<u16>);
        let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return self.invalid_date(text, span);
        };
        let valid_month = (1..=12).contains(&month);
        if !valid_month || day == 0 || day > days_in_month(year, month) {
            return self.invalid_date(text, span);
        }
        Some(Date {
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    fn invalid_date<T>(&mut self, text: &str, span: Span) -> Option<T> {
        let d = self
            .error(
                Code::ValueInvalidDate,
                span,
                format!("`{text}` is not a calendar date"),
            )
            .with_label("no such day")
            .with_help("write the date as YYYY-MM-DD, for example 2024-07-15");
        self.report(d);
        None
    }

    /// The age after `under`, within [`AGES`].
    pub(super) fn age(&mut self, text: &Spanned<String>) -> Option<Spanned<u8>> {
        match text.value.parse::<i64>() {
            Ok(age) if age >= i64::from(*AGES.start()) && age <= i64::from(*AGES.end()) => {
                Some(Spanned::new(u8::try_from(age).ok()?, text.span))
            }
            _ => {
                let d = self
                    .error(
                        Code::ValueOutOfRange,
                        text.span,
                        format!("`{}` is not an age privet accepts", text.value),
                    )
                    .with_label(format!("ages run from {} to {}", AGES.start(), AGES.end()))
                    .with_help(
                        "write the age the policy names, for example `under 13` or `under 16`",
                    );
                self.report(d);
                None
            }
        }
    }

    /// A duration literal, summed and range-checked.
    pub(super) fn duration(&mut self, lit: &DurationLit) -> Option<Spanned<Duration>> {
        let result = match lit {
            DurationLit::Iso(iso) => Duration::parse(&iso.value).map_err(|e| (e, iso.span)),
            DurationLit::Parts(parts, _) => sum_parts(parts),
        };
        match result {
            Ok(duration) => Some(Spanned::new(duration, lit.span())),
            Err((error, span)) => {
                self.duration_error(&error, span);
                None
            }
        }
    }

    fn duration_error(&mut self, error: &DurationError, span: Span) {
        let label = match error {
            DurationError::UnknownUnit(_) => "not a unit of time",
            DurationError::Negative => "negative",
            DurationError::TooLarge => "too long",
            DurationError::MissingUnit | DurationError::Malformed => "not a duration",
        };
        let (code, help) = match error {
            DurationError::UnknownUnit(word) => {
                let help = Unit::closest_word(word).map_or_else(
                    || "use seconds, minutes, hours, days, weeks, months or years".to_owned(),
                    |u| format!("did you mean `{u}`?"),
                );
                (Code::ValueUnknownUnit, help)
            }
            DurationError::Negative => (
                Code::ValueOutOfRange,
                "a retention period counts forward from an event; write it without the minus sign"
                    .to_owned(),
            ),
            DurationError::TooLarge => (
                Code::ValueOutOfRange,
                "write the limit the policy states; durations up to 10000 years are supported"
                    .to_owned(),
            ),
            DurationError::MissingUnit | DurationError::Malformed => (
                Code::ValueOutOfRange,
                "write a duration such as `30 days`, `6 months` or `P6M`".to_owned(),
            ),
        };
        let d = self
            .error(code, span, error.to_string())
            .with_label(label)
            .with_help(help);
        self.report(d);
    }

    /// A config statement's test, with the operator and operand types checked.
    pub(super) fn config_test(&mut self, test: &ast::ConfigTest) -> Option<ConfigTest> {
        let op = match &test.op.value {
            ConfigOp::IsSet => return Some(ConfigTest::IsSet),
            ConfigOp::IsNotSet => return Some(ConfigTest::IsNotSet),
            ConfigOp::OneOf => {
                let values: Vec<_> = test.values.iter().map(|v| self.value(v)).collect();
                return values
                    .into_iter()
                    .collect::<Option<_>>()
                    .map(ConfigTest::OneOf);
            }
            ConfigOp::Unknown(text) => return self.unknown_operator(text, test.op.span),
            ConfigOp::Le => CompareOp::Le,
            ConfigOp::Lt => CompareOp::Lt,
            ConfigOp::Ge => CompareOp::Ge,
            ConfigOp::Gt => CompareOp::Gt,
            ConfigOp::Eq => CompareOp::Eq,
            ConfigOp::Ne => CompareOp::Ne,
        };
        let literal = test.values.first()?;
        let value = self.value(literal)?;
        if is_ordering(op) && matches!(value.value, ConfigValue::Bool(_) | ConfigValue::String(_)) {
            let d = self
                .error(Code::ValueMismatch, test.op.span, format!("`{}` orders numbers and durations, not `{}`", op.as_str(), value.value))
                .with_secondary(literal.span(), "not a number or duration")
                .with_help("compare text and true/false with `=` or `!=`, or list allowed values with `is one of`");
            self.report(d);
            return None;
        }
        Some(ConfigTest::Compare {
            op: Spanned::new(op, test.op.span),
            value,
        })
    }

    fn unknown_operator<T>(&mut self, text: &str, span: Span) -> Option<T> {
        let meant = match text {
            "=>" | "≥" => ">=",
            "=<" | "≤" => "<=",
            _ => "!=",
        };
        let d = self
            .error(
                Code::ValueUnknownOperator,
                span,
                format!("`{text}` is not an operator"),
            )
            .with_label(format!("did you mean `{meant}`?"))
            .with_help(format!(
                "write `{meant}`; privet compares with <, <=, =, !=, >= and >"
            ));
        self.report(d);
        None
    }

    fn value(&mut self, lit: &ValueLit) -> Option<Spanned<ConfigValue>> {
        let value = match lit {
            ValueLit::Bool(b) => ConfigValue::Bool(b.value),
            ValueLit::String(s) => ConfigValue::String(s.value.clone()),
            ValueLit::Duration(d) => ConfigValue::Duration(self.duration(d)?.value),
            ValueLit::Number(n) => match n.value.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() < 1e15 => ConfigValue::Number(x),
                _ => {
                    let size = match n.value.trim_start().starts_with('-') {
                        true => "too far below zero",
                        false => "too large a number",
                    };
                    let d = self
                        .error(
                            Code::ValueOutOfRange,
                            n.span,
                            format!("`{}` is {size}", n.value),
                        )
                        .with_help(
                            "numbers in config statements must lie within one quadrillion of zero",
                        );
                    self.report(d);
                    return None;
                }
            },
        };
        Some(Spanned::new(value, lit.span()))
    }
}

fn is_ordering(op: CompareOp) -> bool {
    matches!(
        op,
        CompareOp::Lt | CompareOp::Le | CompareOp::Ge | CompareOp::Gt
    )
}

fn sum_parts(parts: &[ast::DurationPart]) -> Result<Duration, (DurationError, Span)> {
    let mut total = Duration::ZERO;
    for part in parts {
        let span = part.amount.span.to(part.unit.span);
        let amount = part.amount.value.as_str();
        if amount.starts_with('-') {
            return Err((DurationError::Negative, span));
        }
        let amount: u64 = amount
            .parse()
            .map_err(|_| (DurationError::TooLarge, span))?;
        let unit = Unit::from_word(&part.unit.value).ok_or_else(|| {
            (
                DurationError::UnknownUnit(part.unit.value.clone()),
                part.unit.span,
            )
        })?;
        let duration = Duration::from_amount(amount, unit).map_err(|e| (e, span))?;
        total = total
            .checked_add(duration)
            .ok_or((DurationError::TooLarge, span))?;
    }
    Ok(total)
}

fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
