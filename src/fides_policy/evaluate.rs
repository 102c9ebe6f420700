//! One rule against every privacy declaration of every system.

use std::collections::BTreeMap;

use super::matching::{Hit, Judge, Key, Outcome};
use super::{Located, Mode, Semantics, Verdict, Violation, mode, span_or, text};
use crate::inventory::fides::raw::{
    FidesDataset, FidesDeclaration, FidesField, FidesFile, FidesPolicy, FidesRule, FidesSystem,
    Matcher, Text, Texts,
};
use crate::source::SourceFile;
use crate::taxonomy::{Taxonomy, Vocabulary};
use crate::yaml::{YamlSpanned, span_of};

/// How deep nested dataset fields are followed; the YAML reader bounds
/// nesting too, this keeps the walk's own bound explicit.
const MAX_FIELD_DEPTH: usize = 64;

/// Every dataset by its `fides_key`, with its file (the first one when a
/// key is declared twice, which the inventory reader reports).
pub(super) type Datasets<'a> = BTreeMap<&'a str, (&'a SourceFile, &'a FidesDataset)>;

/// The datasets of `files`.
pub(super) fn datasets(files: &[(SourceFile, FidesFile)]) -> Datasets<'_> {
    let mut out = Datasets::new();
    for (file, raw) in files {
        for dataset in raw.dataset.iter().flatten() {
            if let Some(key) = &dataset.value.fides_key {
                out.entry(key.value.as_str())
                    .or_insert((file, &dataset.value));
            }
        }
    }
    out
}

/// What an evaluation reads.
pub(super) struct Context<'a> {
    pub files: &'a [(SourceFile, FidesFile)],
    pub datasets: &'a Datasets<'a>,
    pub taxonomy: &'a Taxonomy,
    pub semantics: Semantics,
    /// Every declaration with its keys resolved, once for all rules
    /// ([`Context::prepare`]).
    pub declarations: Vec<Prepared<'a>>,
}

/// A privacy declaration, its system, and its keys resolved.
pub(super) struct Prepared<'a> {
    file: &'a SourceFile,
    system: &'a FidesSystem,
    raw: &'a YamlSpanned<FidesDeclaration>,
    uses: Vec<Key<'a>>,
    subjects: Vec<Key<'a>>,
    lists: Vec<Categories<'a>>,
}

/// A list of data categories and the file it is written in.
struct Categories<'k> {
    file: &'k SourceFile,
    /// The dataset the list belongs to; `None` for the declaration's own.
    dataset: Option<&'k str>,
    keys: Vec<Key<'k>>,
}

/// A verdict, the keys (with their files) that make it and, for a broad
/// key, the rule's values it may hold.
struct Found<'a> {
    verdict: Verdict,
    keys: Vec<(Source<'a>, Key<'a>)>,
    narrower: Vec<String>,
}

/// The file a key is written in, and its dataset when it is a dataset's.
type Source<'a> = (&'a SourceFile, Option<&'a str>);

/// A rule's three matchers, resolved once.
struct Matchers<'k> {
    categories: Option<(Mode, Vec<Key<'k>>)>,
    uses: Option<(Mode, Vec<Key<'k>>)>,
    subjects: Option<(Mode, Vec<Key<'k>>)>,
}

impl<'a> Context<'a> {
    /// Appends what `rule` finds about every declaration.
    pub(super) fn rule(
        &self,
        policy_file: &SourceFile,
        policy: &FidesPolicy,
        rule: &YamlSpanned<FidesRule>,
        out: &mut Vec<Violation>,
    ) {
        let r = &rule.value;
        let matchers = Matchers {
            categories: self.matcher(r.data_categories.as_ref(), Vocabulary::DataCategory),
            uses: self.matcher(r.data_uses.as_ref(), Vocabulary::DataUse),
            subjects: self.matcher(r.data_subjects.as_ref(), Vocabulary::DataSubject),
        };
        let key = text(policy.fides_key.as_ref());
        let template = Violation {
            verdict: Verdict::Violated,
            policy_name: policy
                .name
                .as_ref()
                .map_or_else(|| key.clone(), |n| n.value.clone()),
            policy: key,
            rule: text(r.name.as_ref()),
            rule_at: (
                policy_file.clone(),
                span_or(policy_file, r.name.as_ref(), rule),
            ),
            system: String::new(),
            declaration: String::new(),
            declaration_at: (policy_file.clone(), span_of(policy_file, rule)),
            data_use: None,
            subjects: Vec::new(),
            keys: Vec::new(),
            narrower: Vec::new(),
        };
        for d in &self.declarations {
            if let Some(found) = self.declaration(d, &matchers) {
                out.push(self.violation(&template, d, found));
            }
        }
    }

    /// Resolves the keys of every declaration of every system.
    pub(super) fn prepare(&mut self) {
        let mut prepared = Vec::new();
        for (file, system) in self.systems() {
            for raw in system.value.privacy_declarations.iter().flatten() {
                let d = &raw.value;
                let uses = d
                    .data_use
                    .iter()
                    .map(|u| Key::new(self.taxonomy, Vocabulary::DataUse, u))
                    .collect();
                prepared.push(Prepared {
                    file,
                    system: &system.value,
                    raw,
                    uses,
                    subjects: keys(
                        self.taxonomy,
                        Vocabulary::DataSubject,
                        d.data_subjects.as_deref(),
                    ),
                    lists: self.category_lists(file, d),
                });
            }
        }
        self.declarations = prepared;
    }

    fn systems(
        &self,
    ) -> impl Iterator<Item = (&'a SourceFile, &'a YamlSpanned<FidesSystem>)> + use<'a> {
        let files = self.files;
        files
            .iter()
            .flat_map(|(f, raw)| raw.system.iter().flatten().map(move |s| (f, s)))
    }

    /// A matcher's mode and values; `None` (never matching) when it is
    /// missing or its mode is not one of the four, which the check reports.
    fn matcher<'k>(
        &self,
        m: Option<&'k YamlSpanned<Matcher>>,
        vocabulary: Vocabulary,
    ) -> Option<(Mode, Vec<Key<'k>>)> {
        let m = &m?.value;
        let values = keys(self.taxonomy, vocabulary, m.values.as_deref());
        Some((mode(m)?, values))
    }

    fn judge<'k>(
        &self,
        matcher: Option<&(Mode, Vec<Key<'_>>)>,
        hierarchical: bool,
        declared: &[Key<'k>],
    ) -> Outcome<'k> {
        let Some((mode, values)) = matcher else {
            return Outcome {
                hit: Hit::No,
                keys: Vec::new(),
            };
        };
        let judge = Judge {
            taxonomy: self.taxonomy,
            mode: *mode,
            values,
            hierarchical,
            semantics: self.semantics,
        };
        judge.judge(declared)
    }

    /// The verdict on one declaration, with the keys that make it.
    fn declaration(&self, d: &Prepared<'a>, matchers: &Matchers<'_>) -> Option<Found<'a>> {
        let use_outcome = self.judge(matchers.uses.as_ref(), true, &d.uses);
        let mut subject_outcome = self.judge(matchers.subjects.as_ref(), false, &d.subjects);
        // Unknown subjects might be any: only a rule without a subjects
        // matcher (which never matches) is sure to pass.
        let unknown = d.subjects.is_empty() && matchers.subjects.is_some();
        if self.semantics == Semantics::Privet && unknown {
            subject_outcome.hit = Hit::Maybe;
        }
        let mut violated = Vec::new();
        let mut unproven = None;
        for list in &d.lists {
            let categories = self.judge(matchers.categories.as_ref(), true, &list.keys);
            let hit = categories.hit.min(use_outcome.hit).min(subject_outcome.hit);
            match hit {
                Hit::Yes => violated.extend(
                    categories
                        .keys
                        .iter()
                        .map(|k| ((list.file, list.dataset), *k)),
                ),
                Hit::Maybe if unproven.is_none() => {
                    let outcomes = [&categories, &use_outcome, &subject_outcome];
                    let files = ((list.file, list.dataset), (d.file, None));
                    unproven = Some(self.gap(outcomes, matchers, files));
                }
                _ => {}
            }
        }
        if !violated.is_empty() {
            return Some(Found {
                verdict: Verdict::Violated,
                keys: violated,
                narrower: Vec::new(),
            });
        }
        unproven
    }

    /// Why a possible match is only possible: missing subjects first, then
    /// a broad category, then a broad data use.
    fn gap(
        &self,
        [categories, uses, subjects]: [&Outcome<'a>; 3],
        matchers: &Matchers<'_>,
        (list_file, system_file): (Source<'a>, Source<'a>),
    ) -> Found<'a> {
        if subjects.hit == Hit::Maybe {
            return Found {
                verdict: Verdict::SubjectsMissing,
                keys: Vec::new(),
                narrower: Vec::new(),
            };
        }
        let (file, outcome, matcher) = if categories.hit == Hit::Maybe {
            (list_file, categories, matchers.categories.as_ref())
        } else {
            (system_file, uses, matchers.uses.as_ref())
        };
        let values = matcher
            .map(|(_, values)| values.as_slice())
            .unwrap_or_default();
        let narrower = values
            .iter()
            .filter(|v| outcome.keys.iter().any(|k| self.lies_within(v, k)))
            .map(|v| v.text.value.trim().to_owned())
            .collect();
        Found {
            verdict: Verdict::Broader,
            keys: outcome.keys.iter().map(|k| (file, *k)).collect(),
            narrower,
        }
    }

    fn lies_within(&self, narrower: &Key<'_>, broader: &Key<'_>) -> bool {
        match (narrower.id, broader.id) {
            (Some(n), Some(b)) => self.taxonomy.is_within(n, b),
            _ => false,
        }
    }

    /// The declaration's own categories, then every list of the datasets
    /// it references, each judged on its own as `fides evaluate` does.
    fn category_lists(&self, file: &'a SourceFile, d: &'a FidesDeclaration) -> Vec<Categories<'a>> {
        let own = keys(
            self.taxonomy,
            Vocabulary::DataCategory,
            d.data_categories.as_deref(),
        );
        let mut lists = vec![Categories {
            file,
            dataset: None,
            keys: own,
        }];
        for reference in d.dataset_references.iter().flatten() {
            let key = reference.value.as_str();
            if let Some((file, dataset)) = self.datasets.get(key) {
                self.dataset_lists((file, Some(key)), dataset, &mut lists);
            }
        }
        lists
    }
}

impl<'a> Context<'a> {
    /// The dataset's list, each collection's and each field's, at every
    /// level of nesting; empty lists are skipped, as Fides skips them.
    fn dataset_lists(
        &self,
        file: Source<'a>,
        dataset: &'a FidesDataset,
        lists: &mut Vec<Categories<'a>>,
    ) {
        self.push_list(file, &dataset.data_categories, lists);
        for collection in dataset.collections.iter().flatten() {
            self.push_list(file, &collection.value.data_categories, lists);
            self.field_lists(file, collection.value.fields.as_deref(), 0, lists);
        }
    }

    fn field_lists(
        &self,
        file: Source<'a>,
        fields: Option<&'a [YamlSpanned<FidesField>]>,
        depth: usize,
        lists: &mut Vec<Categories<'a>>,
    ) {
        if depth >= MAX_FIELD_DEPTH {
            // The inventory reader reports fields nested this deep.
            return;
        }
        for field in fields.unwrap_or_default() {
            self.push_list(file, &field.value.data_categories, lists);
            self.field_lists(file, field.value.fields.as_deref(), depth + 1, lists);
        }
    }

    fn push_list(&self, file: Source<'a>, list: &'a Texts, lists: &mut Vec<Categories<'a>>) {
        let keys = keys(self.taxonomy, Vocabulary::DataCategory, list.as_deref());
        if !keys.is_empty() {
            let (file, dataset) = file;
            lists.push(Categories {
                file,
                dataset,
                keys,
            });
        }
    }

    /// The violation `found` makes, from the rule's `template`.
    fn violation(&self, template: &Violation, p: &Prepared<'_>, found: Found<'_>) -> Violation {
        let (file, raw) = (p.file, p.raw);
        let d = &raw.value;
        let name = d.name.as_ref().or(d.data_use.as_ref());
        let mut keys: Vec<Located> = Vec::new();
        for ((key_file, dataset), key) in found.keys {
            let mut located = located(key_file, key.text);
            located.dataset = dataset.map(str::to_owned);
            let seen = keys
                .iter()
                .any(|k| k.key == located.key && k.span == located.span);
            if !seen {
                keys.push(located);
            }
        }
        Violation {
            verdict: found.verdict,
            system: text(p.system.fides_key.as_ref()),
            declaration: text(name),
            declaration_at: (file.clone(), span_or(file, name, raw)),
            data_use: d.data_use.as_ref().map(|u| located(file, u)),
            subjects: p
                .subjects
                .iter()
                .map(|s| s.text.value.trim().to_owned())
                .collect(),
            narrower: found.narrower,
            keys,
            ..template.clone()
        }
    }
}

/// The keys of a list, resolved.
fn keys<'k>(taxonomy: &Taxonomy, vocabulary: Vocabulary, list: Option<&'k [Text]>) -> Vec<Key<'k>> {
    list.unwrap_or_default()
        .iter()
        .map(|t| Key::new(taxonomy, vocabulary, t))
        .collect()
}

fn located(file: &SourceFile, text: &Text) -> Located {
    Located {
        key: text.value.trim().to_owned(),
        file: file.clone(),
        span: span_of(file, text),
        dataset: None,
    }
}
