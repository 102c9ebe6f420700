//! Whether a config value passes a `config` statement's test.
//!
//! Comparison is typed: numbers with numbers, booleans with booleans,
//! strings with strings, and durations with strings that read as durations
//! (`"180d"`, `"6 months"`, `"P6M"`, `"72h"`). A value of another type is
//! never converted: a bare `180` where a duration is expected is a wrong
//! type, because privet will not guess its unit.
//!
//! Durations compare by the month rule of [`crate::duration`]: a test holds
//! only if it holds from every start date, so `"182d" <= 6 months` does not
//! hold (six months can be 181 days).

use std::cmp::Ordering;

use super::describe::{describe, number_text};
use super::value::{Node, Value};
use crate::duration::{CalendarOrdering, Duration};
use crate::policy::{CompareOp, ConfigTest, ConfigValue};

/// What a duration is expected to look like, in messages.
pub const DURATION_EXPECTED: &str = "a duration such as \"180d\"";

/// The verdict of one test on one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The test holds.
    Holds,
    /// The value has the right type but fails the test.
    Violated {
        /// The value, described for a message: `400 days`, `false`, `12`,
        /// `the string "eu-west-1"`.
        actual: String,
    },
    /// The value cannot be compared with what the test expects.
    WrongType {
        /// What the test needs: `a number`, `a duration such as "180d"`.
        expected: &'static str,
        /// What the value is: `the number 180`, `the string "yes"`.
        found: String,
    },
    /// The key is missing or null, and the test needs a value.
    Missing,
}

/// Evaluates `test` on the value at a key path; `node` is `None` when the
/// key is missing.
///
/// A null value counts as missing: `is set` holds only for a present,
/// non-null value, `is not set` only for a missing or null one, and every
/// other test on a missing or null value is [`Outcome::Missing`].
pub fn evaluate(node: Option<&Node>, test: &ConfigTest) -> Outcome {
    let present = node.filter(|n| n.value != Value::Null);
    match (test, present) {
        (ConfigTest::IsNotSet, None) => Outcome::Holds,
        (ConfigTest::IsNotSet, Some(node)) => Outcome::Violated {
            actual: describe(&node.value),
        },
        (_, None) => Outcome::Missing,
        (ConfigTest::IsSet, Some(_)) => Outcome::Holds,
        (ConfigTest::Compare { op, value }, Some(node)) => compare(node, op.value, &value.value),
        (ConfigTest::OneOf(values), Some(node)) => one_of(node, values.iter().map(|v| &v.value)),
    }
}

/// `node <op> expected`.
fn compare(node: &Node, op: CompareOp, expected: &ConfigValue) -> Outcome {
    match order(&node.value, expected) {
        Ok(ordering) if holds(op, ordering) => Outcome::Holds,
        Ok(_) => Outcome::Violated {
            actual: actual(&node.value, expected),
        },
        Err(expected) => wrong_type(node, expected),
    }
}

/// Whether `node` equals one of `values`. A value of another type than
/// the node's is skipped; if every value is, the node has the wrong type.
fn one_of<'v>(node: &Node, values: impl Iterator<Item = &'v ConfigValue>) -> Outcome {
    let mut comparable = None;
    let mut first_expected = None;
    for value in values {
        match order(&node.value, value) {
            Ok(ordering) if ordering.is_eq() => return Outcome::Holds,
            Ok(_) => comparable = comparable.or(Some(value)),
            Err(expected) => first_expected = first_expected.or(Some(expected)),
        }
    }
    match (comparable, first_expected) {
        (Some(value), _) => Outcome::Violated {
            actual: actual(&node.value, value),
        },
        (None, Some(expected)) => wrong_type(node, expected),
        // An empty list cannot be written; nothing is in it.
        (None, None) => Outcome::Violated {
            actual: describe(&node.value),
        },
    }
}

fn wrong_type(node: &Node, expected: &'static str) -> Outcome {
    Outcome::WrongType {
        expected,
        found: describe(&node.value),
    }
}

/// How `actual` relates to `expected` from every start date, or what
/// `expected` needs when `actual` has another type.
fn order(actual: &Value, expected: &ConfigValue) -> Result<CalendarOrdering, &'static str> {
    match (actual, expected) {
        (Value::Integer(i), ConfigValue::Number(x)) => Ok(from_partial((*i as f64).partial_cmp(x))),
        (Value::Float(a), ConfigValue::Number(x)) => Ok(from_partial(a.partial_cmp(x))),
        (Value::Bool(a), ConfigValue::Bool(b)) => Ok(from_ordering(a.cmp(b))),
        (Value::String(a), ConfigValue::String(b)) => Ok(from_ordering(a.as_str().cmp(b))),
        (Value::String(text), ConfigValue::Duration(limit)) => match Duration::parse(text) {
            Ok(duration) => Ok(duration.compare(*limit)),
            Err(_) => Err(DURATION_EXPECTED),
        },
        (_, ConfigValue::Number(_)) => Err("a number"),
        (_, ConfigValue::Bool(_)) => Err("true or false"),
        (_, ConfigValue::String(_)) => Err("a string"),
        (_, ConfigValue::Duration(_)) => Err(DURATION_EXPECTED),
    }
}

/// Whether `op` holds for certain given `ordering`. The resolver lets
/// ordering operators through only for numbers and durations.
fn holds(op: CompareOp, ordering: CalendarOrdering) -> bool {
    match op {
        CompareOp::Lt => ordering.is_lt(),
        CompareOp::Le => ordering.is_le(),
        CompareOp::Eq => ordering.is_eq(),
        CompareOp::Ne => ordering.is_ne(),
        CompareOp::Ge => ordering.is_ge(),
        CompareOp::Gt => ordering.is_gt(),
    }
}

fn from_ordering(ordering: Ordering) -> CalendarOrdering {
    match ordering {
        Ordering::Less => CalendarOrdering::Less,
        Ordering::Equal => CalendarOrdering::Equal,
        Ordering::Greater => CalendarOrdering::Greater,
    }
}

/// NaN is unordered: no test on it can be proven.
fn from_partial(ordering: Option<Ordering>) -> CalendarOrdering {
    ordering.map_or(CalendarOrdering::Depends, from_ordering)
}

/// `value` described for a violation: numbers, booleans and durations bare
/// (`12`, `false`, `400 days`), anything else as [`describe`] does.
fn actual(value: &Value, expected: &ConfigValue) -> String {
    match (value, expected) {
        (Value::Integer(i), _) => i.to_string(),
        (Value::Float(x), _) => number_text(*x),
        (Value::String(text), ConfigValue::Duration(_)) => {
            Duration::parse(text).map_or_else(|_| describe(value), |d| d.to_string())
        }
        _ => describe(value),
    }
}
