//! Fides policies in `privet check`: each rule is a commitment, each
//! declaration it rejects a finding at the declaration, with the rule as
//! the promise.
//!
//! - A declaration the rule rejects, as `fides evaluate` rejects it, is
//!   `privet::fides::rule_violated` at its `data_use`.
//! - A declaration the rule may reject — a declared category or data use
//!   broader than the rule's values, or no data subjects at all — is
//!   `privet::evidence::missing` at the broad key or at the declaration's
//!   name, where Fides passes silently.
//!
//! A rule is named as `privet convert fides` names the commitment it
//! becomes (`reject-direct-marketing`), so a waiver written for the Fides
//! rule still applies once the policy is converted.

use std::collections::{BTreeMap, BTreeSet};

use super::convert::unique_id;
use super::{Located, Semantics, Verdict, Violation, evaluate, mode, policies, span_or};
use crate::ast::Severity;
use crate::check::{CommitmentRef, Finding, Subject};
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::fides::raw::{FidesFile, FidesRule, Matcher};
use crate::inventory::fides::terms;
use crate::source::{SourceFile, Span};
use crate::taxonomy::{Taxonomy, Vocabulary};
use crate::yaml::{YamlSpanned, span_of};

/// What the Fides policies of a run found.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// One finding per rule and declaration it rejects or may reject,
    /// unsorted.
    pub findings: Vec<Finding>,
    /// Every rule as a commitment, by id, for waivers and reports.
    pub rules: BTreeMap<String, CommitmentRef>,
    /// Rules privet cannot evaluate (errors: a missing matcher, a
    /// `matches` that is not one of the four, a key privet does not know),
    /// and older fideslang keys read as current ones (warnings).
    pub errors: Vec<Diagnostic>,
}

/// Evaluates the policies of `files` against their systems. When a rule
/// cannot be evaluated, nothing is: a partial check would report a
/// misleading pass.
pub fn check(files: &[(SourceFile, FidesFile)], taxonomy: &Taxonomy) -> Checked {
    let mut checked = Checked::default();
    // Each rule's commitment, by where the rule's name is written.
    let mut by_rule: BTreeMap<(String, usize), CommitmentRef> = BTreeMap::new();
    let mut taken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, policy) in policies(files) {
        let title = policy
            .value
            .name
            .as_ref()
            .or(policy.value.fides_key.as_ref());
        let title = title.map_or("", |t| t.value.as_str());
        let path = file.path().display().to_string();
        for rule in policy.value.rules.iter().flatten() {
            checked.errors.extend(invalid(file, rule, taxonomy));
            let name = rule.value.name.as_ref().map_or("", |n| n.value.as_str());
            // Ids are unique per file, as `privet convert fides` makes them.
            let id = unique_id(taken.entry(path.clone()).or_default(), name);
            let reference = rule_ref(file, title, &id, rule);
            by_rule.insert((path.clone(), reference.statement.start), reference.clone());
            checked.rules.entry(id).or_insert(reference);
        }
    }
    if checked.errors.iter().any(|d| d.severity == Severity::Error) {
        return checked;
    }
    for violation in evaluate(files, taxonomy, Semantics::Privet) {
        let (file, span) = &violation.rule_at;
        let key = (file.path().display().to_string(), span.start);
        if let Some(reference) = by_rule.get(&key) {
            checked
                .findings
                .push(finding(&violation, reference.clone()));
        }
    }
    checked
}

/// The rule as a commitment: its name is the statement, its description
/// the quote.
fn rule_ref(
    file: &SourceFile,
    title: &str,
    id: &str,
    rule: &YamlSpanned<FidesRule>,
) -> CommitmentRef {
    let span = span_or(file, rule.value.name.as_ref(), rule);
    CommitmentRef {
        file: file.clone(),
        policy: format!("Fides policy {title}"),
        id: id.to_owned(),
        id_span: span,
        statement: span,
        quote: None,
    }
}

/// Why privet cannot evaluate `rule`, if it cannot.
fn invalid(
    file: &SourceFile,
    rule: &YamlSpanned<FidesRule>,
    taxonomy: &Taxonomy,
) -> Vec<Diagnostic> {
    let r = &rule.value;
    let matchers = [
        (
            "data_categories",
            Vocabulary::DataCategory,
            r.data_categories.as_ref(),
        ),
        ("data_uses", Vocabulary::DataUse, r.data_uses.as_ref()),
        (
            "data_subjects",
            Vocabulary::DataSubject,
            r.data_subjects.as_ref(),
        ),
    ];
    let mut errors = Vec::new();
    for (key, vocabulary, matcher) in matchers {
        let Some(m) = matcher else {
            let span = span_or(file, r.name.as_ref(), rule);
            let message = format!("this Fides rule has no `{key}`");
            let d = Diagnostic::error(Code::InventoryInvalid, file, span, message)
                .with_label(format!("no `{key}`"))
                .with_help(format!("give the rule `{key}: {{matches: ANY, values: [...]}}`, as Fides itself requires"));
            errors.push(d);
            continue;
        };
        errors.extend(invalid_matcher(file, m, vocabulary, taxonomy));
    }
    errors
}

fn invalid_matcher(
    file: &SourceFile,
    m: &YamlSpanned<Matcher>,
    vocabulary: Vocabulary,
    taxonomy: &Taxonomy,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if mode(&m.value).is_none() {
        let span = m
            .value
            .matches
            .as_ref()
            .map_or_else(|| span_of(file, m), |t| span_of(file, t));
        let written = m.value.matches.as_ref().map_or("", |t| t.value.trim());
        let message = match written.is_empty() {
            true => "this Fides matcher has no `matches`".to_owned(),
            false => format!("`{written}` is not a Fides match mode"),
        };
        let d = Diagnostic::error(Code::InventoryInvalid, file, span, message)
            .with_label("not ANY, ALL, NONE or OTHER")
            .with_help("write `matches: ANY`, `ALL`, `NONE` or `OTHER`, as Fides itself requires");
        errors.push(d);
    }
    for value in m.value.values.iter().flatten() {
        let key = value.value.trim();
        let span = span_of(file, value);
        if terms::resolve(taxonomy, vocabulary, key).is_none() {
            errors.push(taxonomy.unknown_term(file, vocabulary, key, span));
        } else if let Some(rename) = terms::renamed(vocabulary, key) {
            errors.push(renamed(file, span, key, rename));
        }
    }
    errors
}

/// A warning that a rule names a key of an older fideslang release, read
/// as its current key as in systems and datasets.
fn renamed(file: &SourceFile, span: Span, key: &str, rename: &terms::Rename) -> Diagnostic {
    let release = rename.release.trim_start_matches("fideslang ");
    let current = rename.current;
    let message = match rename.removed {
        true => format!(
            "`{key}` was removed in fideslang {release} with no replacement; privet reads it as `{current}`, the nearest current key"
        ),
        false => format!("`{key}` is a key of fideslang before {release}, renamed `{current}`"),
    };
    Diagnostic::error(Code::TermDeprecated, file, span, message)
        .with_severity(Severity::Warning)
        .with_label(format!("read as `{current}`"))
        .with_help(format!("write `{current}` or a narrower current key"))
}

/// The finding a violation makes.
fn finding(v: &Violation, commitment: CommitmentRef) -> Finding {
    let said = Said {
        declaration: format!(
            "privacy declaration `{}` of system `{}`",
            v.declaration, v.system
        ),
        rule: format!("rule `{}` of Fides policy `{}`", v.rule, v.policy),
    };
    let (file, span) = v.declaration_at.clone();
    let mut finding = Finding {
        code: Code::EvidenceMissing,
        severity: Severity::Error,
        message: String::new(),
        help: String::new(),
        file,
        span,
        label: String::new(),
        commitment,
        subject: subject(v),
        waived: None,
    };
    match (v.verdict, v.keys.first()) {
        (Verdict::Violated, _) => violated(v, &said, &mut finding),
        (Verdict::Broader, Some(broad)) => broader(v, broad, &said, &mut finding),
        (Verdict::Broader | Verdict::SubjectsMissing, _) => subjects_missing(&said, &mut finding),
    }
    finding
}

/// How a finding names the declaration and the rule.
struct Said {
    declaration: String,
    rule: String,
}

/// The rule rejects the declaration: reported at its `data_use`.
fn violated(v: &Violation, said: &Said, finding: &mut Finding) {
    let categories = located_keys(&v.keys);
    let subjects = match v.subjects.is_empty() {
        true => String::new(),
        false => format!(" of {}", v.subjects.join(", ")),
    };
    let data_use = v.data_use.as_ref().map_or("", |u| u.key.as_str());
    if let Some(u) = &v.data_use {
        finding.span = u.span;
    }
    finding.code = Code::FidesRuleViolated;
    finding.message = format!(
        "{} uses {categories}{subjects} for `{data_use}`, which {} rejects",
        said.declaration, said.rule
    );
    finding.label = format!("rejected by `{}`", v.rule);
    finding.help = "stop this use of the data, or correct the declaration if it claims more than the system does; `fides evaluate` rejects it too".to_owned();
}

/// A declared key broader than the rule's values: reported at the key.
fn broader(v: &Violation, broad: &Located, said: &Said, finding: &mut Finding) {
    let is_use = v
        .data_use
        .as_ref()
        .is_some_and(|u| u.span == broad.span && u.file.path() == broad.file.path());
    let what = if is_use {
        "the data use"
    } else {
        "the data category"
    };
    let narrower = keys(v.narrower.iter().map(String::as_str));
    finding.file = broad.file.clone();
    finding.span = broad.span;
    finding.message = format!(
        "{} declares {what} `{}`, broader than {narrower}, so it cannot be proven that {} does not reject it",
        said.declaration, broad.key, said.rule
    );
    finding.label = format!("broader than {narrower}");
    finding.help = "declare the narrower keys the system really uses; `fides evaluate` passes a broad key silently".to_owned();
}

/// No data subjects: reported at the declaration's name.
fn subjects_missing(said: &Said, finding: &mut Finding) {
    finding.message = format!(
        "{} names no data subjects, so it cannot be proven that {} does not reject it",
        said.declaration, said.rule
    );
    finding.label = "add `data_subjects:` here".to_owned();
    finding.help = "list whose data the declaration uses under `data_subjects:`; `fides evaluate` passes a declaration without data subjects silently".to_owned();
}

/// What a waiver names: the declaration, as the dataset `privet check`
/// reads it as.
fn subject(v: &Violation) -> Subject {
    Subject::Item("dataset", format!("{}/{}", v.system, v.declaration))
}

/// Keys in backticks, each naming its dataset when it is a dataset's.
fn located_keys(keys: &[Located]) -> String {
    let quoted: Vec<String> = keys
        .iter()
        .map(|k| match &k.dataset {
            Some(dataset) => format!("`{}` (dataset `{dataset}`)", k.key),
            None => format!("`{}`", k.key),
        })
        .collect();
    quoted.join(", ")
}

/// Keys in backticks, joined with commas.
fn keys<'k>(keys: impl Iterator<Item = &'k str>) -> String {
    let quoted: Vec<String> = keys.map(|k| format!("`{k}`")).collect();
    quoted.join(", ")
}
