//! The one adapter between privet and its YAML library, serde-saphyr.
//!
//! Every YAML file privet reads (its own taxonomy extensions, inventories,
//! service config) goes through [`from_source`], so the resource budget, the
//! duplicate-key policy and the mapping of serde-saphyr's locations onto
//! privet's byte [`Span`]s live in exactly one place.

use std::fmt;
use std::sync::Arc;

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::options::AliasLimits;
use serde_saphyr::{
    Budget, DuplicateKeyPolicy, Error as SaphyrError, ExternalMessageSource, Location,
    MessageFormatter, Options, UserMessageFormatter,
};

use crate::source::{SourceFile, Span};

/// A deserialized value with the location serde-saphyr read it from; turn the
/// location into a privet [`Span`] with [`span_of`].
pub use serde_saphyr::Spanned as YamlSpanned;

/// The largest YAML file privet reads, in bytes. A large company's
/// inventory split the usual way (a file per system or team) is far
/// below it; a single generated file this big should be split, and reading
/// it whole would cost about 20 times its size in memory.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// The deepest nesting of sequences and mappings accepted. Deep enough for
/// any real inventory or Helm chart, shallow enough that no recursive walk
/// over the result can exhaust the stack.
pub const MAX_DEPTH: usize = 256;

/// The most parser events (scalars, starts and ends of collections) in one
/// file. Ordinary inventory YAML spends about eight bytes per node and two
/// events per collection, so a 32 MiB file fits with room to spare.
pub const MAX_EVENTS: usize = 16 * 1024 * 1024;

/// The most nodes (scalars, sequences and mappings) in one file.
pub const MAX_NODES: usize = 8 * 1024 * 1024;

/// The most alias references (`*name`) in one file.
pub const MAX_ALIASES: usize = 50_000;

/// The most anchors (`&name`) in one file.
pub const MAX_ANCHORS: usize = 50_000;

/// The most events that alias expansion may replay in one file, across all
/// aliases, and the most events anchors may record for replay. This is what
/// stops an alias bomb ("billion laughs") early: real files use aliases for
/// a few shared defaults, a few thousand events at most.
pub const MAX_ALIAS_EXPANSION_EVENTS: usize = 100_000;

/// The most scalar text in one file, in bytes.
pub const MAX_SCALAR_BYTES: usize = MAX_FILE_BYTES;

/// Stack size of the thread that deserializes. serde's recursion takes up
/// to about 20 KiB per nesting level in debug builds, so [`MAX_DEPTH`]
/// levels need about 5 MiB, more than a test or worker thread has. The
/// stack is only reserved; pages are committed as they are touched.
const READER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Deserializes `file`'s text into `T` with privet's explicit budgets.
///
/// A repeated key in a mapping is an error, as is a second document. The
/// work runs on a short-lived thread with a stack large enough for
/// [`MAX_DEPTH`] levels of nesting, so deep input is an error, never a stack
/// overflow, whichever thread calls this.
pub fn from_source<T>(file: &SourceFile) -> Result<T, YamlError>
where
    T: serde::de::DeserializeOwned + Send,
{
    if file.text().len() > MAX_FILE_BYTES {
        let message = format!(
            "the file is larger than {} MiB, the most privet reads",
            MAX_FILE_BYTES / (1024 * 1024)
        );
        return Err(YamlError::new(file, Span::new(0, 0), message));
    }
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("privet-yaml".to_owned())
            .stack_size(READER_STACK_BYTES)
            .spawn_scoped(scope, || deserialize(file));
        match reader {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                let message = "the YAML reader stopped unexpectedly";
                Err(YamlError::new(file, Span::new(0, 0), message))
            }),
            Err(error) => {
                let message = format!("could not start the YAML reader: {error}");
                Err(YamlError::new(file, Span::new(0, 0), message))
            }
        }
    })
}

/// Deserializes on the current thread; see [`from_source`].
fn deserialize<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(file.text(), options())
        .map_err(|error| YamlError::from_saphyr(file, &error))
}

/// The span of the text `value` was read from in `file`.
///
/// Uses serde-saphyr's byte offset and length when it recorded them (it does
/// for text read through [`from_source`]); otherwise falls back to the
/// line and column, giving an empty span there.
pub fn span_of<T>(file: &SourceFile, value: &YamlSpanned<T>) -> Span {
    span_of_location(file, value.referenced)
}

/// The budget and policies privet reads every YAML file with.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_reader_input_bytes = Some(MAX_FILE_BYTES);
    budget.max_depth = MAX_DEPTH;
    // The parser scans flow collections ahead of the depth budget, so its own
    // limit is the one that trips there; `plain_message` words both alike.
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_events = MAX_EVENTS;
    budget.max_nodes = MAX_NODES;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ANCHORS;
    budget.max_total_scalar_bytes = MAX_SCALAR_BYTES;
    budget.max_recorded_anchor_events = MAX_ALIAS_EXPANSION_EVENTS;
    let mut alias_limits = AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_ALIAS_EXPANSION_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits = alias_limits;
    // A repeated key would silently hide one of the two values.
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    // YAML 1.2 booleans only: `sale: yes` or `region: no` (Norway) must not
    // quietly become a boolean.
    options.strict_booleans = true;
    // privet renders its own snippets through miette; serde-saphyr's would
    // only be thrown away.
    options.with_snippet = false;
    options
}

/// Converts a serde-saphyr location into a byte span of `file`.
fn span_of_location(file: &SourceFile, location: Location) -> Span {
    let span = location.span();
    let bytes = span.byte_offset().zip(span.byte_len());
    match bytes.and_then(|(offset, len)| byte_span(file, offset, len)) {
        Some(span) => span,
        None => {
            let start = offset_of_line_col(file, location.line(), location.column());
            Span::new(start, start)
        }
    }
}

/// A byte span from serde-saphyr's offset and length, if it fits `file`.
fn byte_span(file: &SourceFile, offset: u64, len: u64) -> Option<Span> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    let text = file.text();
    let fits = end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end);
    fits.then_some(Span::new(start, end))
}

/// The byte offset of a 1-based line and column (counted in characters),
/// clamped to the end of the line or file. Line 0 (unknown) is the start.
fn offset_of_line_col(file: &SourceFile, line: u64, column: u64) -> usize {
    let text = file.text();
    let Some(skip) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)) else {
        return 0;
    };
    let Some(line_start) = line_starts(text).nth(skip) else {
        return text.len();
    };
    // serde-saphyr does not count a byte-order mark as a column.
    let line_start = match text.strip_prefix('\u{FEFF}') {
        Some(_) if line_start == 0 => '\u{FEFF}'.len_utf8(),
        _ => line_start,
    };
    let rest = text.get(line_start..).unwrap_or("");
    let line_text = rest.split('\n').next().unwrap_or("");
    let chars = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let within = line_text
        .char_indices()
        .nth(chars)
        .map_or(line_text.len(), |(i, _)| i);
    line_start + within
}

/// Byte offsets at which each line of `text` starts.
fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1))
}

/// A zero- or one-character span at `offset`: one character unless the
/// offset is at a line break or the end of the file.
fn point_span(file: &SourceFile, offset: usize) -> Span {
    let text = file.text();
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let width = text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| !matches!(c, '\n' | '\r'))
        .map_or(0, char::len_utf8);
    Span::new(start, start + width)
}

/// A YAML file that could not be read into the expected shape: bad syntax, a
/// repeated key, an unknown field, a wrong type or an exceeded budget.
#[derive(Clone, Debug)]
pub struct YamlError(Box<YamlErrorInner>);

// Boxed so that `Result<T, YamlError>` stays one pointer wide.
#[derive(Clone, Debug)]
struct YamlErrorInner {
    file: SourceFile,
    // Kept alongside `file` because miette borrows its source code.
    source_code: miette::NamedSource<Arc<str>>,
    span: Span,
    message: String,
    /// The file broke one of privet's resource limits rather than YAML.
    limit: bool,
}

impl YamlError {
    /// An error in `file` at `span` described by `message`.
    pub fn new(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self(Box::new(YamlErrorInner {
            file: file.clone(),
            source_code: file.named_source(),
            span,
            message: message.into(),
            limit: false,
        }))
    }

    /// Whether the file is valid YAML that exceeds one of privet's limits
    /// (nesting depth, alias expansion, size), not malformed YAML.
    pub fn is_limit(&self) -> bool {
        self.0.limit
    }

    /// Wraps a serde-saphyr error, locating it in `file`.
    fn from_saphyr(file: &SourceFile, error: &SaphyrError) -> Self {
        let span = match error.location() {
            Some(location) => {
                let at = span_of_location(file, location);
                point_span(file, at.start)
            }
            None => point_span(file, 0),
        };
        let message = plain_message(error);
        let tab = indenting_tab(file, span.start).filter(|_| message.contains("tab"));
        if let Some(tab) = tab {
            let message = "a tab indents this line; YAML indents with spaces only";
            return Self::new(file, Span::new(tab, tab + 1), message);
        }
        let mut made = Self::new(file, span, message);
        // An alias bomb's budget breach arrives wrapped in the alias that
        // set it off; the limit is the inner error.
        let inner = innermost(error);
        made.0.limit = matches!(
            inner,
            SaphyrError::Budget { .. } | SaphyrError::AliasReplayLimitExceeded { .. }
        ) || limit_message(inner).is_some_and(|m| m == depth_message());
        made
    }

    /// Where the problem is.
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// What is wrong, in plain words, without a location.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The file the problem is in.
    pub fn file(&self) -> &SourceFile {
        &self.0.file
    }
}

/// serde-saphyr's message for `error` without location or snippet, with
/// budget breaches spelled out instead of debug-printed.
fn plain_message(error: &SaphyrError) -> String {
    let inner = innermost(error);
    if let Some(message) = limit_message(inner) {
        return message;
    }
    let message = UserMessageFormatter.format_message(inner);
    // Messages may quote the input; keep control characters out of terminals.
    message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The first tab in the indentation of the line holding `offset` or of
/// one of the few lines after it. serde-saphyr reports a tab used for
/// indentation where the scalar before it starts, or one column past it.
fn indenting_tab(file: &SourceFile, offset: usize) -> Option<usize> {
    let text = file.text();
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    for line in text.get(line_start..)?.split_inclusive('\n').take(3) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(at) = line.get(..indent).and_then(|blank| blank.find('\t')) {
            return Some(start + at);
        }
        start += line.len();
    }
    None
}

/// The error inside any snippet or alias wrappers.
fn innermost(error: &SaphyrError) -> &SaphyrError {
    let mut inner = error;
    while let SaphyrError::WithSnippet { error, .. } | SaphyrError::AliasError { error, .. } = inner
    {
        inner = error;
    }
    inner
}

/// Plain words for the limits privet sets, which serde-saphyr reports in
/// debug notation, and for the shapes it names by parser events.
fn limit_message(error: &SaphyrError) -> Option<String> {
    match error {
        SaphyrError::Budget { breach, .. } => budget_message(breach),
        SaphyrError::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan)
                if matches!(scan.kind(), ErrorKind::RecursionLimitExceeded) =>
            {
                Some(depth_message())
            }
            _ => None,
        },
        SaphyrError::AliasReplayLimitExceeded { .. } => Some(alias_expansion_message()),
        SaphyrError::Unexpected { expected, .. } => {
            let wanted = match *expected {
                "sequence start" => "a list",
                "mapping start" => "a mapping of keys to values",
                "string scalar" => "a single text value",
                "scalar" => "a single value",
                _ => return None,
            };
            Some(format!("expected {wanted}"))
        }
        _ => None,
    }
}

fn depth_message() -> String {
    format!("the YAML is nested more than {MAX_DEPTH} levels deep")
}

fn alias_expansion_message() -> String {
    format!(
        "the YAML's aliases expand to more than {MAX_ALIAS_EXPANSION_EVENTS} values, \
         as an alias bomb does"
    )
}

/// Plain words for the budget breaches privet's limits can cause.
fn budget_message(breach: &BudgetBreach) -> Option<String> {
    let message = match breach {
        BudgetBreach::Depth { .. } => depth_message(),
        BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::RecordedAnchorBytes { .. } => {
            alias_expansion_message()
        }
        BudgetBreach::Events { .. } | BudgetBreach::Nodes { .. } => {
            format!("the YAML has more than {MAX_NODES} values, the most privet reads in one file")
        }
        BudgetBreach::Aliases { .. } => {
            format!("the YAML uses more than {MAX_ALIASES} aliases")
        }
        BudgetBreach::Anchors { .. } => {
            format!("the YAML defines more than {MAX_ANCHORS} anchors")
        }
        BudgetBreach::AliasAnchorRatio { .. } => {
            "the YAML uses far more aliases than anchors, as an alias bomb does".to_owned()
        }
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => format!(
            "the YAML holds more than {} MiB of text",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        _ => return None,
    };
    Some(message)
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for YamlError {}

impl miette::Diagnostic for YamlError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("privet::yaml::invalid"))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.0.source_code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = miette::LabeledSpan::new_with_span(Some("here".to_owned()), self.0.span);
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::{Duration, Instant};

    use serde::de::IgnoredAny;

    use super::*;

    fn error_of<T: serde::de::DeserializeOwned + Send + fmt::Debug>(
        text: &str,
    ) -> (String, String) {
        let file = SourceFile::new("t.yaml", text);
        let error = from_source::<T>(&file).unwrap_err();
        let at = file.line_col(error.span().start).to_string();
        (at, error.message().to_owned())
    }

    #[test]
    fn a_duplicate_key_is_an_error_at_the_second_key() {
        let (at, message) = error_of::<BTreeMap<String, String>>("a: 1\nb: 2\na: 3\n");
        assert_eq!(at, "3:1");
        assert_eq!(message, "duplicate mapping key `a` is not allowed here");
    }

    #[test]
    fn an_unknown_field_is_reported_at_its_key() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[expect(dead_code, reason = "only the error matters")]
        struct Known {
            name: String,
        }
        let (at, message) = error_of::<Known>("name: x\n  # note\nnmae: y\n");
        assert_eq!(at, "3:1");
        assert!(message.starts_with("unknown field `nmae`"), "{message}");
    }

    #[test]
    fn the_error_span_covers_one_character_and_the_message_has_no_location() {
        let file = SourceFile::new("t.yaml", "a: 1\na: 2\n");
        let error = from_source::<BTreeMap<String, u32>>(&file).unwrap_err();
        assert_eq!(file.slice(error.span()), "a");
        assert!(!error.message().contains("line"), "{}", error.message());
        assert_eq!(error.to_string(), error.message());
        let code = miette::Diagnostic::code(&error).unwrap().to_string();
        assert_eq!(code, "privet::yaml::invalid");
        assert_eq!(error.file().path(), std::path::Path::new("t.yaml"));
    }

    #[test]
    fn a_wrong_shape_is_named_in_plain_words() {
        let (at, message) = error_of::<BTreeMap<String, Vec<String>>>("tags: 3\n");
        assert_eq!((at.as_str(), message.as_str()), ("1:7", "expected a list"));
        let (_, message) = error_of::<BTreeMap<String, String>>("name: [a]\n");
        assert_eq!(message, "expected a single text value");
    }

    #[test]
    fn an_empty_file_errors_at_its_start_when_a_value_is_required() {
        let file = SourceFile::new("t.yaml", "");
        let error = from_source::<u32>(&file).unwrap_err();
        assert_eq!(error.span(), Span::new(0, 0));
        let empty: BTreeMap<String, u32> = from_source(&file).unwrap();
        assert!(empty.is_empty());
    }

    #[test]
    fn deep_flow_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!("{}{}", "[".repeat(300), "]".repeat(300));
        let (at, message) = error_of::<IgnoredAny>(&text);
        assert_eq!(at, "1:257");
        assert_eq!(message, "the YAML is nested more than 256 levels deep");
    }

    #[test]
    fn deep_block_nesting_is_an_error() {
        let text: String = (0..300)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        let (at, message) = error_of::<IgnoredAny>(&text);
        assert!(at.starts_with("257:"), "{at}");
        assert_eq!(message, "the YAML is nested more than 256 levels deep");
    }

    #[test]
    fn nesting_within_the_budget_is_read() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let file = SourceFile::new("t.yaml", text);
        assert!(from_source::<IgnoredAny>(&file).is_ok());
    }

    #[test]
    fn an_alias_bomb_is_rejected_quickly() {
        let lol = r#"["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#;
        let mut text = format!("a0: &a0 {lol}\n");
        for level in 1..=9 {
            let previous = format!("*a{}", level - 1);
            let refs = [previous.as_str(); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let started = Instant::now();
        let (_, message) = error_of::<IgnoredAny>(&text);
        assert!(message.contains("alias bomb"), "{message}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn span_of_points_at_the_value_text() {
        #[derive(Debug, serde::Deserialize)]
        struct Doc {
            name: YamlSpanned<String>,
            tags: Vec<YamlSpanned<String>>,
        }
        let file = SourceFile::new("t.yaml", "tags: [a, \"bé\"]\nname:   \"héllo\"  # c\n");
        let doc: Doc = from_source(&file).unwrap();
        assert_eq!(file.slice(span_of(&file, &doc.name)), "\"héllo\"");
        assert_eq!(doc.name.value, "héllo");
        let tag = doc.tags.get(1).unwrap();
        assert_eq!(file.slice(span_of(&file, tag)), "\"bé\"");
    }

    #[test]
    fn span_of_counts_a_byte_order_mark() {
        let file = SourceFile::new("t.yaml", "\u{FEFF}name: héllo\n");
        let doc: BTreeMap<String, YamlSpanned<String>> = from_source(&file).unwrap();
        let name = doc.get("name").unwrap();
        assert_eq!(file.slice(span_of(&file, name)), "héllo");
    }

    #[test]
    fn line_and_column_fall_back_to_a_byte_offset() {
        let file = SourceFile::new("t.yaml", "ab\ncé x\n");
        assert_eq!(offset_of_line_col(&file, 2, 4), 7);
        assert_eq!(offset_of_line_col(&file, 2, 99), 8);
        assert_eq!(offset_of_line_col(&file, 9, 1), file.text().len());
        assert_eq!(offset_of_line_col(&file, 0, 0), 0);
        let bom = SourceFile::new("t.yaml", "\u{FEFF}a: x\n");
        assert_eq!(offset_of_line_col(&bom, 1, 4), 6);
    }

    #[test]
    fn a_second_document_is_an_error() {
        let (at, _) = error_of::<Vec<String>>("- a\n---\n- b\n");
        assert_eq!(at, "3:1");
    }
}
