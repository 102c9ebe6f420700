//! `privet convert fides`: a Fides policy as a `.privet` policy.
//!
//! Each rule becomes one commitment about purposes:
//!
//! | `data_categories` | `data_uses` | statement                       |
//! |-------------------|-------------|---------------------------------|
//! | `ANY [c...]`      | `ANY [u...]`| `c, ... never used for u, ...`  |
//! | `ANY [c...]`      | `OTHER [u...]` | `c, ... used only for u, ...` |
//!
//! privet's purpose statements apply to every data subject, so a rule's
//! `data_subjects` matcher is kept as a comment: the converted commitment
//! is at least as strict as the rule. Rules of other shapes (`ALL`, `NONE`,
//! `OTHER` categories; `ALL`, `NONE` uses) have no statement of the same
//! meaning and are listed as not converted, never approximated silently.
//! Keys from older fideslang releases are written as their current key.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Mode, mode};
use crate::inventory::fides::raw::{FidesFile, FidesPolicy, FidesRule, Matcher, Text};
use crate::inventory::fides::terms;
use crate::source::{SourceFile, Span};
use crate::taxonomy::{Taxonomy, Vocabulary};
use crate::yaml::{YamlSpanned, span_of};

/// A rule that could not be converted, and why.
#[derive(Clone, Debug)]
pub struct Unconverted {
    /// The Fides file.
    pub file: SourceFile,
    /// The span of the value that stops it.
    pub span: Span,
    /// Why, in one lowercase sentence.
    pub reason: String,
}

/// The `.privet` text for the policies of one Fides file.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    /// The policy text (empty if the file has no `policy:`).
    pub text: String,
    /// Rules that have no equivalent statement.
    pub unconverted: Vec<Unconverted>,
}

/// Converts the `policy:` resources of `raw`, read from `file`.
pub fn convert(file: &SourceFile, raw: &FidesFile, taxonomy: &Taxonomy) -> Converted {
    let mut out = Converted::default();
    let mut ids = BTreeSet::new();
    for policy in raw.policy.iter().flatten() {
        header(&mut out.text, file, &policy.value);
        for rule in policy.value.rules.iter().flatten() {
            let context = Context { file, taxonomy };
            match context.statement(rule) {
                Ok(commitment) => {
                    write_commitment(&mut out.text, &mut ids, &rule.value, &commitment)
                }
                Err(unconverted) => {
                    let name = rule.value.name.as_ref().map_or("", |n| n.value.as_str());
                    let _ = writeln!(
                        out.text,
                        "# rule \"{name}\" is not converted: {}\n",
                        unconverted.reason
                    );
                    out.unconverted.push(*unconverted);
                }
            }
        }
    }
    out
}

fn header(text: &mut String, file: &SourceFile, policy: &FidesPolicy) {
    let key = policy
        .fides_key
        .as_ref()
        .map_or("fides-policy", |k| k.value.as_str());
    let title = policy.name.as_ref().map_or(key, |n| n.value.as_str());
    let _ = write!(
        text,
        "# Converted by `privet convert fides` from the Fides policy `{key}`\n# in {}.\n\npolicy \"{}\" {{\n  source    \"{}\"\n  effective undated\n}}\n\n",
        file.path().display(),
        escape(title),
        escape(&file.path().display().to_string()),
    );
}

/// A converted rule.
struct Commitment {
    statement: String,
    comment: Option<String>,
}

struct Context<'a> {
    file: &'a SourceFile,
    taxonomy: &'a Taxonomy,
}

impl Context<'_> {
    fn statement(&self, rule: &YamlSpanned<FidesRule>) -> Result<Commitment, Box<Unconverted>> {
        let r = &rule.value;
        let categories = self.matcher(r.data_categories.as_ref(), rule, "data_categories")?;
        let uses = self.matcher(r.data_uses.as_ref(), rule, "data_uses")?;
        if categories.0 != Mode::Any {
            return Err(self.refuse(
                categories.2,
                "only `matches: ANY` data categories have an equivalent statement",
            ));
        }
        let data = self.keys(Vocabulary::DataCategory, categories.1)?;
        let purposes = self.keys(Vocabulary::DataUse, uses.1)?;
        let statement = match uses.0 {
            Mode::Any => format!("{data} never used for {purposes}"),
            Mode::Other => format!("{data} used only for {purposes}"),
            Mode::All | Mode::None => {
                return Err(self.refuse(
                    uses.2,
                    "only `matches: ANY` or `OTHER` data uses have an equivalent statement",
                ));
            }
        };
        let comment = r.data_subjects.as_ref().map(|s| subjects_comment(&s.value));
        Ok(Commitment { statement, comment })
    }

    /// A matcher's mode, values and the span of its `matches`.
    fn matcher<'m>(
        &self,
        m: Option<&'m YamlSpanned<Matcher>>,
        rule: &YamlSpanned<FidesRule>,
        key: &str,
    ) -> Result<(Mode, &'m [Text], Span), Box<Unconverted>> {
        let Some(m) = m else {
            return Err(self.refuse(
                span_of(self.file, rule),
                &format!("the rule has no `{key}`"),
            ));
        };
        let span = m
            .value
            .matches
            .as_ref()
            .map_or_else(|| span_of(self.file, m), |t| span_of(self.file, t));
        let Some(found) = mode(&m.value) else {
            return Err(self.refuse(span, "`matches` must be ANY, ALL, NONE or OTHER"));
        };
        let values = m.value.values.as_deref().unwrap_or_default();
        if values.is_empty() {
            return Err(self.refuse(span, &format!("`{key}` lists no `values`")));
        }
        Ok((found, values, span))
    }

    /// The values as current taxonomy ids, joined with commas.
    fn keys(&self, vocabulary: Vocabulary, values: &[Text]) -> Result<String, Box<Unconverted>> {
        let mut out = Vec::new();
        for value in values {
            let key = value.value.trim();
            // As when reading systems: an old key first, then the taxonomy.
            let renamed = terms::renamed(vocabulary, key).map_or(key, |r| r.current);
            let Some(id) = self.taxonomy.lookup(vocabulary, renamed) else {
                let reason = format!("`{key}` is not a {} privet knows", vocabulary.noun());
                return Err(self.refuse(span_of(self.file, value), &reason));
            };
            let current = self.taxonomy.entry(id).deprecated_by.unwrap_or(id);
            out.push(self.taxonomy.id_str(current).to_owned());
        }
        Ok(out.join(", "))
    }

    fn refuse(&self, span: Span, reason: &str) -> Box<Unconverted> {
        Box::new(Unconverted {
            file: self.file.clone(),
            span,
            reason: reason.to_owned(),
        })
    }
}

fn subjects_comment(m: &Matcher) -> String {
    let how = m.matches.as_ref().map_or("ANY", |t| t.value.as_str());
    let values: Vec<&str> = m
        .values
        .iter()
        .flatten()
        .map(|v| v.value.as_str())
        .collect();
    format!(
        "Fides applies this rule to data subjects {how} [{}];\n  # this commitment applies to every data subject",
        values.join(", ")
    )
}

fn write_commitment(
    text: &mut String,
    ids: &mut BTreeSet<String>,
    rule: &FidesRule,
    c: &Commitment,
) {
    let name = rule.name.as_ref().map_or("", |n| n.value.as_str());
    let id = unique_id(ids, name);
    let _ = writeln!(text, "commitment {id} {{");
    if !name.is_empty() {
        let _ = writeln!(text, "  # Fides rule \"{}\"", name.replace('\n', " "));
    }
    if let Some(comment) = &c.comment {
        let _ = writeln!(text, "  # {comment}");
    }
    let _ = writeln!(text, "  {}\n}}\n", c.statement);
}

/// A commitment id from the rule's name: lowercase words joined by `-`,
/// with `-2`, `-3` ... when taken.
pub(crate) fn unique_id(ids: &mut BTreeSet<String>, name: &str) -> String {
    let slug: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let base = if slug.is_empty() {
        "rule".to_owned()
    } else {
        slug.join("-")
    };
    let mut id = base.clone();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
