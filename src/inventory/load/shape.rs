//! Reading one inventory file into its [`RawFile`] shape, and telling the
//! user, in privet's words, why a file does not have that shape.
//!
//! serde stops at the first structural problem in a file (a misspelled key,
//! a list where a mapping belongs), so this reports one such error per file;
//! everything found after deserializing is reported in full by lowering.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::raw::RawFile;
use super::text::{self, token_span};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, YamlError};

/// Where the format is described, for help lines.
const FORMAT_DOC: &str = "docs/inventory.md";

/// Deserializes `file`; an empty file (or one with only comments) is an
/// empty inventory.
pub(super) fn parse(file: &SourceFile) -> Result<RawFile, Box<Diagnostic>> {
    match yaml::from_source::<Option<RawFile>>(file) {
        Ok(raw) => Ok(raw.unwrap_or_default()),
        Err(error) => Err(Box::new(explain(file, &error))),
    }
}

/// The diagnostic for a file that could not be read into [`RawFile`].
///
/// Reading the file again without a target shape tells a YAML syntax error
/// (or an exceeded budget) from a file that is YAML of the wrong shape. It
/// costs a second parse, but only for a file that is already in error.
fn explain(file: &SourceFile, error: &YamlError) -> Diagnostic {
    if let Some(key) = repeated_key(error.message()) {
        return repeated_key_diagnostic(file, error.span(), key);
    }
    match yaml::from_source::<TopLevel>(file) {
        Err(syntax) => not_yaml(file, &syntax),
        Ok(TopLevel::Mapping) => wrong_shape(file, error),
        Ok(TopLevel::Other(what)) => not_a_mapping(file, error.span(), what),
    }
}

fn not_yaml(file: &SourceFile, error: &YamlError) -> Diagnostic {
    let help = if error.is_limit() {
        "privet stops reading here so that no file can exhaust its memory; \
         split or flatten the file (the limits are listed in the README)"
    } else {
        "fix the file at this place; inventory files are plain YAML, which any editor checks"
    };
    Diagnostic::error(Code::YamlInvalid, file, error.span(), error.message())
        .with_label("here")
        .with_help(help)
}

fn not_a_mapping(file: &SourceFile, at: Span, what: &str) -> Diagnostic {
    let span = token_span(file, at.start);
    Diagnostic::error(
        Code::InventoryInvalid,
        file,
        span,
        format!("an inventory file must be a mapping with a `systems` key, not {what}"),
    )
    .with_label(format!("{what} at the top level"))
    .with_help(format!(
        "start the file with `systems:` and indent the list of systems under it; see {FORMAT_DOC}"
    ))
}

/// A structural error: an unknown or repeated key, or a value of the
/// wrong type. serde-saphyr's wording is recognised so the common cases
/// read in privet's words; anything else keeps its message.
fn wrong_shape(file: &SourceFile, error: &YamlError) -> Diagnostic {
    let span = token_span(file, error.span().start);
    let message = error.message();
    if let Some((key, allowed)) = unknown_key(message) {
        return unknown_key_diagnostic(file, span, key, &allowed);
    }
    let Some((expected, found)) = expectation(message) else {
        return Diagnostic::error(Code::InventoryInvalid, file, span, message)
            .with_label("here")
            .with_help(format!("{FORMAT_DOC} describes the value each key takes"));
    };
    // serde-saphyr places some type errors at the key, others at the value.
    let (key, span) = match text::key_at(file, span) {
        Some((key, value)) => (Some(key), value),
        None => (text::key_before(file, span.start), span),
    };
    let message = match key {
        Some(key) => format!("`{key}` must be {expected}"),
        None => format!("expected {expected}"),
    };
    let label = match found {
        Some(found) => format!("found {found}"),
        None => format!("not {expected}"),
    };
    Diagnostic::error(Code::InventoryInvalid, file, span, message)
        .with_label(label)
        .with_help(format!("{FORMAT_DOC} describes the value each key takes"))
}

/// A repeated key: not valid YAML, and it would hide one of the values.
fn repeated_key_diagnostic(file: &SourceFile, at: Span, key: &str) -> Diagnostic {
    let span = token_span(file, at.start);
    let d = Diagnostic::error(
        Code::YamlInvalid,
        file,
        span,
        format!("key `{key}` is given twice in the same mapping"),
    )
    .with_label("given again")
    .with_help("remove one of them; a repeated key would hide one of its values");
    match text::earlier_key(file, span, key) {
        Some(first) => d.with_secondary(first, "first given here"),
        None => d,
    }
}

/// What a value should have been and, when serde-saphyr says, what it
/// was, from its "invalid type" and "expected" messages.
fn expectation(message: &str) -> Option<(String, Option<String>)> {
    // "invalid boolean", or with strict YAML 1.2 booleans
    // "invalid boolean (true or false expected)".
    if message.starts_with("invalid boolean") {
        return Some(("`true` or `false`".to_owned(), None));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ")?;
        return Some((expected.to_owned(), Some(found_in_words(found))));
    }
    let expected = message.strip_prefix("expected ")?;
    Some((expected.to_owned(), None))
}

/// serde's description of an unexpected value, in the words of YAML.
fn found_in_words(found: &str) -> String {
    match found {
        "map" => "a mapping".to_owned(),
        "sequence" => "a list".to_owned(),
        "unit value" | "null" => "nothing".to_owned(),
        other => match other.split_once(' ') {
            Some((_, value)) => format!("`{}`", value.trim_matches(['`', '"'])),
            None => other.to_owned(),
        },
    }
}

fn unknown_key_diagnostic(
    file: &SourceFile,
    span: Span,
    key: &str,
    allowed: &[&str],
) -> Diagnostic {
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let diagnostic = Diagnostic::error(
        Code::InventoryInvalid,
        file,
        span,
        format!("unknown key `{key}`"),
    );
    match closest_key(key, allowed) {
        Some(meant) => diagnostic
            .with_label(format!("did you mean `{meant}`?"))
            .with_help(format!("write `{meant}`; the keys allowed here are {list}")),
        None => diagnostic
            .with_label("not a key here")
            .with_help(format!("the keys allowed here are {list}")),
    }
}

/// The key and allowed keys of serde-saphyr's
/// "unknown field `x`, expected one of a, b" message.
fn unknown_key(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let allowed = rest.strip_prefix(", expected one of ")?;
    Some((key, allowed.split(", ").collect()))
}

/// The key of serde-saphyr's "duplicate mapping key `x` ..." message.
fn repeated_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("duplicate mapping key `")?;
    rest.split_once('`').map(|(key, _)| key)
}

/// The allowed key a misspelled `key` most likely means.
fn closest_key<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (strsim::jaro_winkler(key, candidate), *candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// What the top level of a file is, read without the inventory's shape.
enum TopLevel {
    /// A mapping (or nothing at all): the shape is right at the top.
    Mapping,
    /// Something else, named for a message: "a list", "a single value".
    Other(&'static str),
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopLevelVisitor)
    }
}

struct TopLevelVisitor;

impl TopLevelVisitor {
    fn scalar<E>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Other("a single value"))
    }
}

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(TopLevel::Mapping)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TopLevel::Other("a list"))
    }

    fn visit_unit<E>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Mapping)
    }

    fn visit_none<E>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Mapping)
    }

    fn visit_str<E>(self, _: &str) -> Result<TopLevel, E> {
        self.scalar()
    }

    fn visit_bool<E>(self, _: bool) -> Result<TopLevel, E> {
        self.scalar()
    }

    fn visit_i64<E>(self, _: i64) -> Result<TopLevel, E> {
        self.scalar()
    }

    fn visit_u64<E>(self, _: u64) -> Result<TopLevel, E> {
        self.scalar()
    }

    fn visit_f64<E>(self, _: f64) -> Result<TopLevel, E> {
        self.scalar()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_saphyr_messages_are_recognised() {
        let (key, allowed) =
            unknown_key("unknown field `retension`, expected one of a, b").unwrap();
        assert_eq!((key, allowed), ("retension", vec!["a", "b"]));
        assert_eq!(
            repeated_key("duplicate mapping key `name` is not allowed here"),
            Some("name")
        );
        assert_eq!(
            closest_key("retension", &["name", "retention"]),
            Some("retention")
        );
        assert_eq!(closest_key("zzz", &["name", "retention"]), None);
        let (expected, found) = expectation("invalid type: string \"x\", expected a list").unwrap();
        assert_eq!(
            (expected.as_str(), found.as_deref()),
            ("a list", Some("`x`"))
        );
        let (expected, found) = expectation("invalid type: map, expected a term").unwrap();
        assert_eq!(
            (expected.as_str(), found.as_deref()),
            ("a term", Some("a mapping"))
        );
        assert_eq!(expectation("expected a list").unwrap().0, "a list");
        let strict = expectation("invalid boolean (true or false expected)").unwrap();
        assert_eq!(strict, ("`true` or `false`".to_owned(), None));
        assert_eq!(expectation("unclosed bracket"), None);
    }
}
