//! Fides `policy:` resources: evaluated as `fides evaluate` does
//! (`evaluate`, `matching`), reported by `privet check` (`findings`), and
//! converted to the commitment language (`convert`).
//!
//! A Fides policy rule rejects a privacy declaration when all three of its
//! matchers match: `data_categories`, `data_uses` and `data_subjects`, each
//! `{matches: ANY | ALL | NONE | OTHER, values: [...]}` (see `matching`).
//! As `fides evaluate` does, the data categories are judged for the
//! declaration's own list and for each list of the datasets it references
//! (the dataset's, each collection's, each field's), with the
//! declaration's data use and data subjects.
//!
//! [`Semantics::Privet`] evaluates the same rules the way privet reads a
//! promise, where Fides passes silently: a declared key broader than a
//! rule's value (a declaration of `user` may hold `user.contact.email`)
//! and a declaration that names no data subjects leave the rule unproven.

pub mod convert;
mod evaluate;
mod findings;
mod matching;

pub use findings::{Checked, check};

use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::fides::raw::{FidesFile, FidesPolicy, Matcher, Text};
use crate::source::{SourceFile, Span};
use crate::taxonomy::Taxonomy;
use crate::yaml::{self, YamlSpanned, span_of};

/// How a declared key is compared with a rule's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    /// Exactly as `fides evaluate`.
    Fides,
    /// As privet reads promises: broad declarations may hold narrower
    /// values, and missing data subjects are missing evidence.
    Privet,
}

/// What a rule found about one privacy declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The rule rejects the declaration, as `fides evaluate` does.
    Violated,
    /// A declared data category or data use is broader than the rule's
    /// values, so the declaration may hold what the rule rejects (never
    /// returned under [`Semantics::Fides`]).
    Broader,
    /// The declaration names no data subjects, so privet cannot prove that
    /// the rule does not reject it (never returned under
    /// [`Semantics::Fides`]).
    SubjectsMissing,
}

/// A key of a declaration, a dataset or a rule, and where it is written.
#[derive(Clone, Debug)]
pub struct Located {
    /// The key as written.
    pub key: String,
    /// The file.
    pub file: SourceFile,
    /// Where in it.
    pub span: Span,
    /// The dataset whose key it is; `None` for a declaration's own.
    pub dataset: Option<String>,
}

/// A rule that rejects (or may reject) a privacy declaration.
#[derive(Clone, Debug)]
pub struct Violation {
    /// What was found.
    pub verdict: Verdict,
    /// The policy's `fides_key`.
    pub policy: String,
    /// The policy's display name (its key when it has none).
    pub policy_name: String,
    /// The rule's name.
    pub rule: String,
    /// The policy file and the span of the rule's name.
    pub rule_at: (SourceFile, Span),
    /// The system's `fides_key`.
    pub system: String,
    /// The declaration's name (or its data use).
    pub declaration: String,
    /// The system file and the span of the declaration's name.
    pub declaration_at: (SourceFile, Span),
    /// The declaration's data use, where it is written.
    pub data_use: Option<Located>,
    /// The declaration's data subjects.
    pub subjects: Vec<String>,
    /// The declared keys that make the verdict: the data categories Fides
    /// names for [`Verdict::Violated`] (from the declaration and the
    /// datasets it references), the broad keys for [`Verdict::Broader`].
    pub keys: Vec<Located>,
    /// For [`Verdict::Broader`], the rule's values the broad keys may hold.
    pub narrower: Vec<String>,
}

/// Reads Fides files; a file that is not YAML of the Fides shape is an
/// error with a location.
pub fn read(files: &[SourceFile]) -> Result<Vec<(SourceFile, FidesFile)>, Vec<Diagnostic>> {
    let mut read = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match yaml::from_source::<Option<FidesFile>>(file) {
            Ok(raw) => read.push((file.clone(), raw.unwrap_or_default())),
            Err(e) => errors.push(
                Diagnostic::error(Code::YamlInvalid, file, e.span(), e.message())
                    .with_label("here")
                    .with_help("fix the Fides file at this place"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(read)
    } else {
        Err(errors)
    }
}

/// Every (rule, declaration) pair the policies in `files` reject (or, under
/// [`Semantics::Privet`], cannot be proven not to reject), against the
/// systems in `files`, in file order. Keys are read with `taxonomy`.
pub fn evaluate(
    files: &[(SourceFile, FidesFile)],
    taxonomy: &Taxonomy,
    semantics: Semantics,
) -> Vec<Violation> {
    if policies(files).next().is_none() {
        return Vec::new();
    }
    let datasets = evaluate::datasets(files);
    let mut context = evaluate::Context {
        files,
        datasets: &datasets,
        taxonomy,
        semantics,
        declarations: Vec::new(),
    };
    context.prepare();
    let mut out = Vec::new();
    for (policy_file, policy) in policies(files) {
        for rule in policy.value.rules.iter().flatten() {
            context.rule(policy_file, &policy.value, rule, &mut out);
        }
    }
    out
}

/// Every policy of every file, with its file.
pub(crate) fn policies(
    files: &[(SourceFile, FidesFile)],
) -> impl Iterator<Item = (&SourceFile, &YamlSpanned<FidesPolicy>)> {
    files
        .iter()
        .flat_map(|(f, raw)| raw.policy.iter().flatten().map(move |p| (f, p)))
}

/// The four ways a matcher matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `ANY`.
    Any,
    /// `ALL`.
    All,
    /// `NONE`.
    None,
    /// `OTHER`.
    Other,
}

/// The matcher's mode; `None` if it is not one of the four.
pub(crate) fn mode(m: &Matcher) -> Option<Mode> {
    let text = m.matches.as_ref()?.value.trim().to_ascii_uppercase();
    match text.as_str() {
        "ANY" => Some(Mode::Any),
        "ALL" => Some(Mode::All),
        "NONE" => Some(Mode::None),
        "OTHER" => Some(Mode::Other),
        _ => None,
    }
}

fn text(value: Option<&Text>) -> String {
    value.map(|t| t.value.clone()).unwrap_or_default()
}

fn span_or<T>(file: &SourceFile, name: Option<&Text>, item: &YamlSpanned<T>) -> Span {
    name.map_or_else(|| span_of(file, item), |n| span_of(file, n))
}
