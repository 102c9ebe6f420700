//! Turning pest's errors into sentences a policy author can act on.
//!
//! pest reports the grammar rules it tried at the furthest position. Rule
//! names never reach users: each rule that can be expected maps to plain
//! words here, and a few common situations get a sentence of their own.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// The word a keyword rule stands for, or `None` if `rule` is not a keyword.
pub(super) fn keyword(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_policy => "policy",
        Rule::kw_commitment => "commitment",
        Rule::kw_source => "source",
        Rule::kw_effective => "effective",
        Rule::kw_undated => "undated",
        Rule::kw_jurisdiction => "jurisdiction",
        Rule::kw_version => "version",
        Rule::kw_quote => "quote",
        Rule::kw_section => "section",
        Rule::kw_severity => "severity",
        Rule::kw_error => "error",
        Rule::kw_warning => "warning",
        Rule::kw_info => "info",
        Rule::kw_no => "no",
        Rule::kw_sale => "sale",
        Rule::kw_sharing => "sharing",
        Rule::kw_collection => "collection",
        Rule::kw_limited => "limited",
        Rule::kw_transfers => "transfers",
        Rule::kw_outside => "outside",
        Rule::kw_out => "out",
        Rule::kw_require => "require",
        Rule::kw_every => "every",
        Rule::kw_has => "has",
        Rule::kw_article => "a",
        Rule::kw_dataset => "dataset",
        Rule::kw_config => "config",
        Rule::kw_retained => "retained",
        Rule::kw_most => "most",
        Rule::kw_until => "until",
        Rule::kw_after => "after",
        Rule::kw_unless => "unless",
        Rule::kw_stored => "stored",
        Rule::kw_processed => "processed",
        Rule::kw_accessed => "accessed",
        Rule::kw_shared => "shared",
        Rule::kw_used => "used",
        Rule::kw_receives => "receives",
        Rule::kw_own => "its own",
        Rule::kw_encrypted => "encrypted",
        Rule::kw_rest => "rest",
        Rule::kw_transit => "transit",
        Rule::kw_deidentified => "de-identified",
        Rule::kw_not_linked => "not linked to identified individuals",
        Rule::kw_never => "never",
        Rule::kw_only => "only",
        Rule::kw_except => "except",
        Rule::kw_of => "of",
        Rule::kw_from => "from",
        Rule::kw_with => "with",
        Rule::kw_in => "in",
        Rule::kw_for => "for",
        Rule::kw_to => "to",
        Rule::kw_at => "at",
        Rule::kw_under => "under",
        Rule::kw_is => "is",
        Rule::kw_set => "set",
        Rule::kw_one => "one",
        Rule::kw_and => "and",
        Rule::kw_or => "or",
        _ => return None,
    })
}

/// Plain words for what a rule stands for.
fn describe(rule: Rule) -> Option<String> {
    if let Some(word) = keyword(rule) {
        return Some(format!("`{word}`"));
    }
    let words = match rule {
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::header | Rule::commitment => "a `policy` header or a `commitment` block",
        Rule::string => "a quoted string such as \"text\"",
        Rule::date => "a date such as 2024-07-15",
        Rule::commitment_id => "a commitment id such as `no-sale-of-minors-data`",
        Rule::severity => "`error`, `warning` or `info`",
        Rule::statement => "a statement such as `personal data stored only in US`",
        Rule::selector | Rule::data_terms | Rule::except_terms => "data such as \"personal data\"",
        Rule::regions => "a region such as US, EEA or eu-west-1",
        Rule::purposes => "a purpose such as \"security\" or \"advertising\"",
        Rule::recipients => "a kind of recipient such as \"service providers\"",
        Rule::subjects => "whose data it is, such as \"users\" or \"children under 13\"",
        Rule::mechanisms => "a transfer mechanism such as \"standard contractual clauses\"",
        Rule::contracts => "a contract such as \"DPA\"",
        Rule::event => "an event such as \"account closed\" or \"last login\"",
        Rule::duration | Rule::duration_part => "a duration such as \"30 days\"",
        Rule::time_unit => "a unit of time such as days, months or years",
        Rule::integer => "a whole number",
        Rule::key_path => "a key path such as accounts.retention_days",
        Rule::config_test | Rule::operator => "a comparison such as <=, >=, = or `is set`",
        Rule::config_value => "a value such as true, 13, \"text\" or 30 days",
        Rule::age_limit => "an age such as `under 16`",
        Rule::encryption_place | Rule::at_rest | Rule::in_transit => "`at rest` or `in transit`",
        Rule::deidentified => "`de-identified`",
        Rule::EOI => "the end of the file",
        _ => return None,
    };
    Some(words.to_owned())
}

/// Keywords that are always allowed to continue a list; naming them next to
/// what the user most likely meant only adds noise.
fn is_list_continuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_and | Rule::kw_or | Rule::kw_except | Rule::EOI
    )
}

/// What may follow a selector, offered as one sentence.
const PREDICATE_HINT: &str = "what is promised about the data, such as `retained at most 6 months`, \
     `stored only in US`, `shared only with service providers`, `used only for security` \
     or `encrypted at rest`";

/// Turns a pest error in the chunk `chunk` into a diagnostic.
pub(super) fn syntax_error(error: &Error<Rule>, file: &SourceFile, chunk: Span) -> Diagnostic {
    let at = chunk.start
        + match error.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    if at >= chunk.end && positives.contains(&Rule::rbrace) {
        return unclosed_block(file, chunk);
    }
    if positives.contains(&Rule::kw_retained)
        && let Some(typo) = misspelled_predicate(file, chunk.start, at)
    {
        return typo;
    }
    let (found, span) = found_at(file, at);
    let expected = expected_words(&positives);
    Diagnostic::error(
        Code::SyntaxUnexpected,
        file,
        span,
        format!("expected {expected}, found {found}"),
    )
    .with_label(format!("expected {}", short(&positives, &expected)))
    .with_help(help_for(&positives, &found))
}

fn expected_words(positives: &[Rule]) -> String {
    if positives.contains(&Rule::kw_retained) {
        return PREDICATE_HINT.to_owned();
    }
    let has_other = positives.iter().any(|r| !is_list_continuation(*r));
    let mut words: Vec<String> = positives
        .iter()
        .filter(|r| !(has_other && is_list_continuation(**r)))
        .filter_map(|r| describe(*r))
        .collect();
    words.dedup();
    let mut seen = std::collections::BTreeSet::new();
    words.retain(|w| seen.insert(w.clone()));
    match words.split_last() {
        None => "something else".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A short label under the caret.
fn short(positives: &[Rule], expected: &str) -> String {
    if positives.contains(&Rule::kw_retained) {
        return "a promise about the data".to_owned();
    }
    expected
        .split(" such as")
        .next()
        .unwrap_or(expected)
        .to_owned()
}

fn help_for(positives: &[Rule], found: &str) -> String {
    if positives.contains(&Rule::time_unit) {
        return "write a unit after the number, for example `30 days` or `6 months`".to_owned();
    }
    if positives.contains(&Rule::kw_retained) {
        return "a statement names the data first, then the promise: \
                `contact data retained until account closed`"
            .to_owned();
    }
    if positives.contains(&Rule::kw_until) && positives.contains(&Rule::kw_at) {
        return "write `retained at most 6 months [after <event>]` or `retained until <event>`"
            .to_owned();
    }
    if positives.contains(&Rule::operator) || positives.contains(&Rule::config_test) {
        return "compare with <, <=, =, !=, >= or >, or write `is set`".to_owned();
    }
    if found.starts_with("`\"") || positives.contains(&Rule::string) {
        return "text such as titles, quotes and file patterns goes in double quotes".to_owned();
    }
    "see the commitment language in the README for the statements privet understands".to_owned()
}

/// The words that can start a promise about data.
const PREDICATE_WORDS: [&str; 9] = [
    "retained",
    "stored",
    "processed",
    "accessed",
    "shared",
    "used",
    "encrypted",
    "never",
    "de-identified",
];

/// A data term swallows a misspelled verb (`account data retaind at most`),
/// so the parser stops at the word after it. If the last word before `at`
/// is close to a verb, name the typo instead.
fn misspelled_predicate(file: &SourceFile, floor: usize, at: usize) -> Option<Diagnostic> {
    let before = file.text().get(floor..at)?.trim_end();
    let start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let word = before.get(start..)?;
    let lower = word.to_lowercase();
    let meant = PREDICATE_WORDS
        .iter()
        .find(|w| **w != lower && strsim::levenshtein(w, &lower) <= 2)?;
    let span = Span::new(floor + start, floor + before.len());
    let message = format!("`{word}` is not a word privet knows here");
    Some(
        Diagnostic::error(Code::SyntaxUnexpected, file, span, message)
            .with_label(format!("did you mean `{meant}`?"))
            .with_help(format!(
                "did you mean `{meant}`? it comes after the data the statement is about"
            )),
    )
}

/// The token at `at`, in words, and its span.
fn found_at(file: &SourceFile, at: usize) -> (String, Span) {
    let rest = file.text().get(at..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("the end of the file".to_owned(), Span::new(at, at));
    };
    if first == '\n' || first == '\r' {
        return ("the end of the line".to_owned(), Span::new(at, at));
    }
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let len = if is_word(first) {
        rest.find(|c: char| !is_word(c)).unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    let token = rest.get(..len).unwrap_or("");
    (format!("`{token}`"), Span::new(at, at + len))
}

fn unclosed_block(file: &SourceFile, chunk: Span) -> Diagnostic {
    let text = file.slice(chunk);
    let open = text.find('{').map_or(chunk.start, |i| chunk.start + i);
    let header = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches(['{', ' ']);
    let end = chunk.start + text.trim_end().len();
    Diagnostic::error(
        Code::SyntaxUnclosedBlock,
        file,
        Span::new(open, open + 1),
        format!("`{header}` is never closed"),
    )
    .with_label("this `{` has no matching `}`")
    .with_secondary(Span::new(end, end), "expected `}` by here")
    .with_help("add `}` on its own line after the block's last statement")
}
