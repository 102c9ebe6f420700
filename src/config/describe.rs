//! Short descriptions of config values for messages: `the number 180`,
//! `the string "eu-west-1"`, `a list of 3 items`.

use super::value::Value;

/// A short description of a value for messages: `the number 180`, `the
/// string "eu-west-1"`, `true`, `a list of 3 items`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => format!("the number {i}"),
        Value::Float(x) => format!("the number {}", number_text(*x)),
        Value::String(s) => format!("the string {}", quoted(s)),
        Value::Sequence(items) => plural(items.len(), "a list of", "item"),
        Value::Mapping(entries) => plural(entries.len(), "a mapping of", "key"),
    }
}

/// A float in plain decimal, as people write it: `0.5`, `12.5`.
pub(super) fn number_text(x: f64) -> String {
    x.to_string()
}

/// `s` in double quotes with control characters escaped, cut short after
/// 60 characters so a message stays one line.
pub(super) fn quoted(s: &str) -> String {
    const LIMIT: usize = 60;
    let mut shown: String = s.chars().take(LIMIT).collect();
    if s.chars().nth(LIMIT).is_some() {
        shown.push('…');
    }
    format!("{shown:?}")
}

fn plural(count: usize, what: &str, noun: &str) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("{what} {count} {noun}{s}")
}
