//! Fides `policy:` resources: evaluated as `fides evaluate` does, and
//! converted to the commitment language (`convert`).
//!
//! A Fides policy rule rejects a privacy declaration when all three of its
//! matchers match: `data_categories`, `data_uses` and `data_subjects`, each
//! `{matches: ANY | ALL | NONE | OTHER, values: [...]}`. As in Fides, a
//! declared key matches a value when the value is the key or one of its
//! dotted ancestors (`user` matches a declared `user.contact.email`), and:
//!
//! - `ANY`: some declared key matches;
//! - `ALL`: every value is matched by some declared key;
//! - `NONE`: no declared key matches (and some key is declared);
//! - `OTHER`: some declared key matches no value.
//!
//! [`Semantics::Privet`] evaluates the same rules the way privet reads a
//! promise: a declared key also matches a value narrower than it (a
//! declaration of `user` may hold `user.contact.email`), and a declaration
//! that names no data subjects cannot be proven to escape a rule that
//! names subjects — where Fides passes silently.

pub mod convert;

use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::fides::raw::{FidesDeclaration, FidesFile, FidesRule, Matcher, Text};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, YamlSpanned, span_of};

/// How a declared key is compared with a rule's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    /// Exactly as `fides evaluate`.
    Fides,
    /// As privet reads promises: broad declarations cover narrower values,
    /// and missing data subjects are missing evidence.
    Privet,
}

/// What a rule found about one privacy declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The rule rejects the declaration.
    Violated,
    /// The declaration names no data subjects, so privet cannot prove that
    /// the rule does not reject it (never returned under
    /// [`Semantics::Fides`]).
    SubjectsMissing,
}

/// A rule that rejects (or may reject) a privacy declaration.
#[derive(Clone, Debug)]
pub struct Violation {
    /// What was found.
    pub verdict: Verdict,
    /// The policy's `fides_key`.
    pub policy: String,
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

/// Every (rule, declaration) pair the policies in `files` reject, against
/// the systems in `files`, in file order.
pub fn evaluate(files: &[(SourceFile, FidesFile)], semantics: Semantics) -> Vec<Violation> {
    let mut out = Vec::new();
    let policies = files
        .iter()
        .flat_map(|(f, raw)| raw.policy.iter().flatten().map(move |p| (f, p)));
    for (policy_file, policy) in policies {
        let key = text(policy.value.fides_key.as_ref());
        for rule in policy.value.rules.iter().flatten() {
            let rule_at = (
                policy_file.clone(),
                span_or(policy_file, rule.value.name.as_ref(), rule),
            );
            let named = Named {
                policy: &key,
                rule: text(rule.value.name.as_ref()),
                at: rule_at,
            };
            evaluate_rule(files, &rule.value, &named, semantics, &mut out);
        }
    }
    out
}

/// A rule with the names a violation reports.
struct Named<'a> {
    policy: &'a str,
    rule: String,
    at: (SourceFile, Span),
}

fn evaluate_rule(
    files: &[(SourceFile, FidesFile)],
    rule: &FidesRule,
    named: &Named<'_>,
    semantics: Semantics,
    out: &mut Vec<Violation>,
) {
    let systems = files
        .iter()
        .flat_map(|(f, raw)| raw.system.iter().flatten().map(move |s| (f, s)));
    for (file, system) in systems {
        for declaration in system.value.privacy_declarations.iter().flatten() {
            let Some(verdict) = judge(rule, &declaration.value, semantics) else {
                continue;
            };
            let d = &declaration.value;
            let name = d.name.as_ref().or(d.data_use.as_ref());
            out.push(Violation {
                verdict,
                policy: named.policy.to_owned(),
                rule: named.rule.clone(),
                rule_at: named.at.clone(),
                system: text(system.value.fides_key.as_ref()),
                declaration: text(name),
                declaration_at: (file.clone(), span_or(file, name, declaration)),
            });
        }
    }
}

/// Whether `rule` rejects the declaration.
pub(crate) fn judge(
    rule: &FidesRule,
    d: &FidesDeclaration,
    semantics: Semantics,
) -> Option<Verdict> {
    let categories = keys(d.data_categories.as_deref());
    let uses: Vec<&str> = d.data_use.iter().map(|u| u.value.trim()).collect();
    let subjects = keys(d.data_subjects.as_deref());
    let hit = |m: Option<&YamlSpanned<Matcher>>, declared: &[&str], dotted: bool| {
        m.is_some_and(|m| matches(&m.value, declared, dotted, semantics))
    };
    let data = hit(rule.data_categories.as_ref(), &categories, true)
        && hit(rule.data_uses.as_ref(), &uses, true);
    if !data {
        return None;
    }
    if hit(rule.data_subjects.as_ref(), &subjects, false) {
        return Some(Verdict::Violated);
    }
    // Unknown subjects might be any: only a rule without a subjects
    // matcher (which never matches) is sure to pass.
    let unknown =
        semantics == Semantics::Privet && subjects.is_empty() && rule.data_subjects.is_some();
    unknown.then_some(Verdict::SubjectsMissing)
}

fn keys(list: Option<&[Text]>) -> Vec<&str> {
    list.unwrap_or_default()
        .iter()
        .map(|t| t.value.trim())
        .collect()
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

fn matches(m: &Matcher, declared: &[&str], dotted: bool, semantics: Semantics) -> bool {
    let values = keys(m.values.as_deref());
    let covers = |key: &str, value: &str| {
        key == value
            || (dotted
                && (within(key, value) || (semantics == Semantics::Privet && within(value, key))))
    };
    let matched = |key: &&str| values.iter().any(|v| covers(key, v));
    match mode(m) {
        Some(Mode::Any) => declared.iter().any(matched),
        Some(Mode::All) => values.iter().all(|v| declared.iter().any(|k| covers(k, v))),
        Some(Mode::None) => !declared.is_empty() && !declared.iter().any(matched),
        Some(Mode::Other) => declared.iter().any(|k| !matched(k)),
        None => false,
    }
}

/// Whether `key` lies within `ancestor` by the dotted Fides hierarchy.
fn within(key: &str, ancestor: &str) -> bool {
    key.strip_prefix(ancestor)
        .is_some_and(|rest| rest.starts_with('.'))
}

fn text(value: Option<&Text>) -> String {
    value.map(|t| t.value.clone()).unwrap_or_default()
}

fn span_or<T>(file: &SourceFile, name: Option<&Text>, item: &YamlSpanned<T>) -> Span {
    name.map_or_else(|| span_of(file, item), |n| span_of(file, n))
}
