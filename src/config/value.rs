//! The spanned YAML value tree that config statements are evaluated against.
//!
//! Config files are foreign formats (Helm values, service config, deploy
//! manifests), so any shape is read; only invalid YAML is an error. Every
//! value, and every mapping key, keeps the span of the text it was read
//! from, so a finding points at the exact value.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::source::{SourceFile, Span, Spanned};
use crate::yaml::{self, YamlSpanned};

/// A YAML value and the span of the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value is written: a scalar's text, or a collection from its
    /// start to the end of its last entry.
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A YAML value, typed by the YAML 1.2 core schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing at all.
    Null,
    /// `true` or `false` (not `yes`, `on` and friends, which are strings).
    Bool(bool),
    /// A whole number that fits 64 bits.
    Integer(i64),
    /// Any other number, including whole numbers too large for 64 bits.
    Float(f64),
    /// Text.
    String(String),
    /// A list, in file order.
    Sequence(Vec<Node>),
    /// Keys and values in file order. A key that is not a string is kept as
    /// its text (`1`, `true`); a collection used as a key is written in flow
    /// style (`[a, b]`).
    Mapping(Vec<(Spanned<String>, Node)>),
}

impl Value {
    /// The value a mapping holds at `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Value::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| k.value == key)
                .map(|(_, node)| node),
            _ => None,
        }
    }
}

/// Why a YAML text cannot be turned into a [`Node`] tree: a message and
/// where it applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TreeError {
    /// Where the problem is.
    pub span: Span,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when there is more to say than "fix the YAML".
    pub help: Option<String>,
}

/// Reads `file` into a tree of spanned values.
pub(super) fn read_tree(file: &SourceFile) -> Result<Node, TreeError> {
    let raw: YamlSpanned<Raw> = yaml::from_source(file).map_err(|error| TreeError {
        span: error.span(),
        message: error.message().to_owned(),
        help: error.is_limit().then(|| {
            "privet stops reading here so that no file can exhaust its memory; split or \
             flatten the file (the limits are listed in the README)"
                .to_owned()
        }),
    })?;
    Tree { file }.node(raw, 0)
}

/// A value as the YAML library hands it over, with locations not yet turned
/// into spans (that needs the file, which a `Deserialize` impl cannot see).
#[derive(Debug)]
enum Raw {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    Sequence(Vec<YamlSpanned<Raw>>),
    Mapping(Vec<(YamlSpanned<Raw>, YamlSpanned<Raw>)>),
}

// Hand-written rather than `#[serde(untagged)]`: untagged enums buffer their
// input and so lose every location inside it.
impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Raw, E> {
        Ok(Raw::Integer(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Raw, E> {
        // Beyond i64 only a float can hold the number; policy bounds are far
        // below that, so comparisons still come out right.
        Ok(i64::try_from(value).map_or(Raw::Float(value as f64), Raw::Integer))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Raw, E> {
        Ok(Raw::Float(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Raw, E> {
        Ok(Raw::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Raw, E> {
        Ok(Raw::String(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Raw, E> {
        Ok(Raw::String(String::from_utf8_lossy(value).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Mapping(entries))
    }
}

/// Turns [`Raw`] values into [`Node`]s with spans in one file.
struct Tree<'f> {
    file: &'f SourceFile,
}

impl Tree<'_> {
    /// Converts `raw`, found `depth` collections deep.
    fn node(&self, raw: YamlSpanned<Raw>, depth: usize) -> Result<Node, TreeError> {
        let span = yaml::span_of(self.file, &raw);
        // The YAML reader already bounds nesting; this bound keeps the
        // recursion here safe even if alias expansion nests deeper.
        if depth > yaml::MAX_DEPTH {
            let message = format!(
                "the YAML is nested more than {} levels deep",
                yaml::MAX_DEPTH
            );
            return Err(TreeError {
                span,
                message,
                help: None,
            });
        }
        let value = match raw.value {
            Raw::Null => Value::Null,
            Raw::Bool(b) => self.boolean(b, self.defined_span(&raw)),
            Raw::Integer(i) => Value::Integer(i),
            Raw::Float(x) => Value::Float(x),
            Raw::String(s) => Value::String(s),
            Raw::Sequence(items) => return self.sequence(span, items, depth),
            Raw::Mapping(entries) => return self.mapping(span, entries, depth),
        };
        Ok(Node { span, value })
    }

    /// A boolean, unless it was written as a YAML 1.1 word such as `yes` or
    /// `off`: YAML 1.2 reads those as strings, and so does privet, so that a
    /// country code `NO` or a mode `on` is never mistaken for true or false.
    fn boolean(&self, value: bool, defined: Span) -> Value {
        let text = self.file.slice(defined).trim();
        let is_word = ["yes", "no", "y", "n", "on", "off"]
            .iter()
            .any(|word| text.eq_ignore_ascii_case(word));
        if is_word {
            Value::String(text.to_owned())
        } else {
            Value::Bool(value)
        }
    }

    /// Where `raw` is defined: the anchored value when it is an alias.
    fn defined_span<T>(&self, raw: &YamlSpanned<T>) -> Span {
        let defined = YamlSpanned::new((), raw.defined, raw.defined);
        yaml::span_of(self.file, &defined)
    }

    fn sequence(
        &self,
        span: Span,
        items: Vec<YamlSpanned<Raw>>,
        depth: usize,
    ) -> Result<Node, TreeError> {
        let items = items
            .into_iter()
            .map(|item| self.node(item, depth + 1))
            .collect::<Result<Vec<_>, _>>()?;
        let span = self.collection_span(span, items.iter().map(|item| item.span.end));
        let value = Value::Sequence(items);
        Ok(Node { span, value })
    }

    fn mapping(
        &self,
        span: Span,
        entries: Vec<(YamlSpanned<Raw>, YamlSpanned<Raw>)>,
        depth: usize,
    ) -> Result<Node, TreeError> {
        let converted = entries
            .into_iter()
            .map(|(key, value)| Ok((self.key(key, depth + 1)?, self.node(value, depth + 1)?)))
            .collect::<Result<Vec<_>, TreeError>>()?;
        if let Some(error) = self.repeated_key(&converted) {
            return Err(error);
        }
        let ends = converted.iter().map(|(k, v)| k.span.end.max(v.span.end));
        let span = self.collection_span(span, ends);
        let value = Value::Mapping(converted);
        Ok(Node { span, value })
    }

    /// The span of a whole collection. The YAML library locates only its
    /// first token, so it is stretched over every entry (merged entries sit
    /// anywhere, hence the maximum) and the closing bracket of a flow
    /// collection, so that a label underlines the collection as written.
    fn collection_span(&self, start: Span, ends: impl Iterator<Item = usize>) -> Span {
        let end = ends.fold(start.end, usize::max);
        let text = self.file.text();
        let closer = match text.get(start.start..).and_then(|t| t.chars().next()) {
            Some('[') => ']',
            Some('{') => '}',
            _ => return Span::new(start.start, end),
        };
        let rest = text.get(end..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n', ',']).len();
        match rest.get(skipped..).and_then(|t| t.chars().next()) {
            Some(c) if c == closer => Span::new(start.start, end + skipped + 1),
            _ => Span::new(start.start, end),
        }
    }

    /// The first key (in file order) whose text an earlier key of the same
    /// mapping already has. The YAML reader rejects repeated keys, but `1`
    /// and `"1"` differ in YAML and read the same in a key path, where one
    /// would hide the other. Sorting keeps this fast for huge mappings.
    fn repeated_key(&self, entries: &[(Spanned<String>, Node)]) -> Option<TreeError> {
        let mut keys: Vec<(&str, usize, Span)> = entries
            .iter()
            .enumerate()
            .map(|(i, (key, _))| (key.value.as_str(), i, key.span))
            .collect();
        keys.sort();
        let repeated = keys.windows(2).filter_map(|pair| match pair {
            [first, second] if first.0 == second.0 => Some((second.1, second.0, first.2, second.2)),
            _ => None,
        });
        let (_, key, first, second) = repeated.min_by_key(|(index, ..)| *index)?;
        Some(TreeError {
            span: second,
            message: format!(
                "the key `{key}` appears twice in this mapping, written `{}` and `{}`",
                self.file.slice(first),
                self.file.slice(second),
            ),
            help: Some(format!(
                "keep one of the two: a key path reads both as `{key}`, so one would hide the other"
            )),
        })
    }

    /// A mapping key as text, keeping its span.
    fn key(&self, raw: YamlSpanned<Raw>, depth: usize) -> Result<Spanned<String>, TreeError> {
        // An alias used as a key (`*k: v`) reads as the text it refers to.
        let defined = self.defined_span(&raw);
        let node = self.node(raw, depth)?;
        let text = match &node.value {
            Value::String(s) => s.clone(),
            Value::Sequence(_) | Value::Mapping(_) => {
                let mut out = String::new();
                write_flow(&mut out, &node);
                out
            }
            // A scalar that is not a string keeps its text: `1.0` stays `1.0`.
            scalar => match self.file.slice(defined).trim() {
                "" => scalar_text(scalar),
                text => text.to_owned(),
            },
        };
        Ok(Spanned::new(text, node.span))
    }
}

/// A scalar's canonical text, for keys whose own text is not available.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::String(s) => s.clone(),
        Value::Sequence(_) | Value::Mapping(_) => String::new(),
    }
}

/// Writes `node` in YAML flow style. Recursion is bounded by the depth the
/// tree was built with.
fn write_flow(out: &mut String, node: &Node) {
    match &node.value {
        Value::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(out, item);
            }
            out.push(']');
        }
        Value::Mapping(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key.value);
                out.push_str(": ");
                write_flow(out, value);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar_text(scalar)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::describe::{describe, quoted};

    fn tree(text: &str) -> (SourceFile, Node) {
        let file = SourceFile::new("t.yaml", text);
        let node = read_tree(&file).unwrap();
        (file, node)
    }

    fn error(text: &str) -> (String, String) {
        let file = SourceFile::new("t.yaml", text);
        let error = read_tree(&file).unwrap_err();
        (file.line_col(error.span.start).to_string(), error.message)
    }

    fn at<'a>(node: &'a Node, key: &str) -> &'a Node {
        node.value.get(key).unwrap()
    }

    #[test]
    fn yaml_1_1_boolean_words_are_strings() {
        let (_, root) = tree("a: yes\nb: On\nc: NO\nd: True\ne: false\nf: &x off\ng: *x\n");
        let values: Vec<&Value> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|k| &at(&root, k).value)
            .collect();
        let expected = [
            Value::String("yes".into()),
            Value::String("On".into()),
            Value::String("NO".into()),
            Value::Bool(true),
            Value::Bool(false),
            Value::String("off".into()),
            Value::String("off".into()),
        ];
        assert_eq!(values, expected.iter().collect::<Vec<_>>());
    }

    #[test]
    fn scalars_are_typed_by_the_core_schema() {
        let (_, root) =
            tree("n: ~\ne:\ni: -12\nx: 0x10\nf: 1.5\nbig: 99999999999999999999\nq: \"12\"\n");
        assert_eq!(at(&root, "n").value, Value::Null);
        assert_eq!(at(&root, "e").value, Value::Null);
        assert_eq!(at(&root, "i").value, Value::Integer(-12));
        assert_eq!(at(&root, "x").value, Value::Integer(16));
        assert_eq!(at(&root, "f").value, Value::Float(1.5));
        assert_eq!(at(&root, "big").value, Value::Float(1e20));
        assert_eq!(at(&root, "q").value, Value::String("12".into()));
    }

    #[test]
    fn collections_span_their_whole_text() {
        let text = "a:\n  b: 1\n  c: [x, {y: 2} ]\nd: {}\n";
        let (file, root) = tree(text);
        assert_eq!(file.slice(root.span), text.trim_end());
        let a = at(&root, "a");
        assert_eq!(file.slice(a.span), "b: 1\n  c: [x, {y: 2} ]");
        assert_eq!(file.slice(at(a, "c").span), "[x, {y: 2} ]");
        assert_eq!(file.slice(at(&root, "d").span), "{}");
    }

    #[test]
    fn merged_keys_stretch_the_span_of_their_mapping() {
        let (file, root) = tree("base: &b {p: 1}\nd:\n  q: 2\n  <<: *b\n");
        let d = at(&root, "d");
        assert_eq!(file.slice(d.span), "q: 2\n  <<: *b");
        assert_eq!(file.slice(at(d, "p").span), "*b");
    }

    #[test]
    fn non_string_keys_keep_their_text() {
        let (file, root) = tree("1.0: a\ntrue: b\n0x1: c\n[x, {y: 1}]: d\n? &n 7\n: {*n : f}\n");
        let Value::Mapping(entries) = &root.value else {
            panic!("{root:?}")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.value.as_str()).collect();
        assert_eq!(keys, ["1.0", "true", "0x1", "[x, {y: 1}]", "7"]);
        let spans: Vec<&str> = entries.iter().map(|(k, _)| file.slice(k.span)).collect();
        assert_eq!(spans, ["1.0", "true", "0x1", "[x, {y: 1}]", "7"]);
        // An alias used as a key reads as what it refers to.
        let inner = root.value.get("7").unwrap();
        assert_eq!(file.slice(inner.value.get("7").unwrap().span), "f");
    }

    #[test]
    fn keys_that_read_the_same_are_an_error() {
        let (at, message) = error("a: 0\n1: a\n\"1\": b\n");
        assert_eq!(at, "3:1");
        assert_eq!(
            message,
            "the key `1` appears twice in this mapping, written `1` and `\"1\"`"
        );
    }

    #[test]
    fn a_repeated_key_is_an_error_at_the_second() {
        let (at, message) = error("a:\n  b: 1\n  b: 2\n");
        assert_eq!(at, "3:3");
        assert!(message.contains("duplicate"), "{message}");
    }

    #[test]
    fn nesting_through_aliases_counts_against_the_depth_budget() {
        let inner = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let outer = format!("{}*a{}", "[".repeat(200), "]".repeat(200));
        let (at, message) = error(&format!("a: &a {inner}\nb: {outer}\n"));
        assert!(at.starts_with("2:"), "{at}");
        assert_eq!(message, "the YAML is nested more than 256 levels deep");
    }

    #[test]
    fn an_empty_document_is_null() {
        let (_, root) = tree("# nothing\n");
        assert_eq!(root.value, Value::Null);
    }

    #[test]
    fn descriptions_read_as_words() {
        let (_, root) = tree("- 180\n- 0.5\n- yes\n- false\n- [1, 2]\n- {a: 1}\n- ~\n");
        let Value::Sequence(items) = &root.value else {
            panic!("{root:?}")
        };
        let described: Vec<String> = items.iter().map(|n| describe(&n.value)).collect();
        let expected = [
            "the number 180",
            "the number 0.5",
            "the string \"yes\"",
            "false",
            "a list of 2 items",
            "a mapping of 1 key",
            "null",
        ];
        assert_eq!(described, expected);
    }

    #[test]
    fn long_strings_are_cut_short_and_escaped() {
        let long = "x".repeat(70);
        assert_eq!(quoted(&long), format!("\"{}…\"", "x".repeat(60)));
        assert_eq!(quoted("a\nb\"c"), "\"a\\nb\\\"c\"");
    }
}
