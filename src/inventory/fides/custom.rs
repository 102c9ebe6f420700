//! Custom taxonomy entries declared in Fides files (`data_category:`,
//! `data_use:`, `data_subject:` resources with a `fides_key` and a
//! `parent_key`) extend privet's taxonomy for the run, before policies and
//! inventory are read, so that both may use them.
//!
//! - An entry becomes a term named by its key, within its parent (a key
//!   the taxonomy knows, an older key read as its replacement, or another
//!   custom entry in any Fides file).
//! - An entry that repeats a current or older fideslang key with the same
//!   parent is a copy of the default taxonomy, as `fides pull` writes it,
//!   and is skipped.
//! - A key declared twice, a known key declared with another parent, and
//!   a parent that is neither known nor declared (or a loop of parents)
//!   are errors pointing into the Fides file.

use std::collections::BTreeSet;

use super::raw::{FidesTerm, FidesTerms, Text};
use super::terms;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::taxonomy::{DeclaredTerm, Taxonomy, Vocabulary};
use crate::yaml::{self, YamlSpanned, span_of};

/// The top-level keys of custom entries.
const TERM_KEYS: [&str; 3] = ["data_category", "data_use", "data_subject"];

/// `taxonomy` extended with the custom entries of the Fides `files`, and
/// every error found. Files that are not YAML are skipped here: the
/// inventory reader reports them.
pub fn extend_taxonomy(taxonomy: &Taxonomy, files: &[SourceFile]) -> (Taxonomy, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let declared = declared(taxonomy, files, &mut errors);
    let mut extended = taxonomy.clone();
    let mut pending: Vec<(usize, DeclaredTerm)> = declared;
    loop {
        let before = pending.len();
        for (index, file) in files.iter().enumerate() {
            let batch = placeable(&extended, &pending, index);
            if batch.is_empty() {
                continue;
            }
            pending.retain(|(f, t)| !(*f == index && batch.iter().any(|b| same(b, t))));
            match extended.with_declared(file, &batch) {
                Ok(next) => extended = next,
                Err(error) => errors.push(
                    Diagnostic::error(
                        Code::TaxonomyInvalid,
                        error.file(),
                        error.span(),
                        error.message(),
                    )
                    .with_help("fix the custom entry in the Fides file"),
                ),
            }
        }
        if pending.len() == before || pending.is_empty() {
            break;
        }
    }
    for (index, term) in &pending {
        if let Some(file) = files.get(*index) {
            errors.push(unplaced(&extended, file, term, &pending));
        }
    }
    crate::diagnostic::sort(&mut errors);
    (extended, errors)
}

/// Whether a Fides file declares custom entries: one of its top-level keys
/// is `data_category`, `data_use` or `data_subject`.
fn declares_terms(file: &SourceFile) -> bool {
    file.text().lines().any(|line| {
        line.split_once(':').is_some_and(|(key, _)| {
            TERM_KEYS.contains(&key.trim_end().trim_matches(|c| c == '"' || c == '\''))
        })
    })
}

/// Every new entry of every file, with its file's index; duplicates and
/// clashes with known keys reported.
fn declared(
    taxonomy: &Taxonomy,
    files: &[SourceFile],
    errors: &mut Vec<Diagnostic>,
) -> Vec<(usize, DeclaredTerm)> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<(Vocabulary, String)> = BTreeSet::new();
    for (index, file) in files.iter().enumerate() {
        if !declares_terms(file) {
            continue;
        }
        let Ok(Some(raw)) = yaml::from_source::<Option<FidesTerms>>(file) else {
            continue;
        };
        let lists = [
            (Vocabulary::DataCategory, &raw.data_category),
            (Vocabulary::DataUse, &raw.data_use),
            (Vocabulary::DataSubject, &raw.data_subject),
        ];
        for (vocabulary, list) in lists {
            for entry in list.iter().flatten() {
                let Some(term) = new_term(taxonomy, file, vocabulary, &entry.value, errors) else {
                    continue;
                };
                let key = (vocabulary, term.id.value.clone());
                if !seen.insert(key) {
                    errors.push(twice(file, vocabulary, &term.id));
                    continue;
                }
                out.push((index, term));
            }
        }
    }
    out
}

/// The entry as a term to add; `None` when it has no key or repeats a
/// known entry (an error when its parent differs).
fn new_term(
    taxonomy: &Taxonomy,
    file: &SourceFile,
    vocabulary: Vocabulary,
    entry: &FidesTerm,
    errors: &mut Vec<Diagnostic>,
) -> Option<DeclaredTerm> {
    let key = entry.fides_key.as_ref()?;
    let id = key.value.trim();
    let parent = entry
        .parent_key
        .as_ref()
        .map(|p| current_parent(vocabulary, p));
    if let Some(known) = known_parent(taxonomy, vocabulary, id) {
        let same = parent.as_ref().map(|p| p.value.as_str()) == known.as_deref();
        if !same && terms::renamed(vocabulary, id).is_none() {
            errors.push(redeclared(file, vocabulary, key, known.as_deref()));
        }
        return None;
    }
    Some(DeclaredTerm {
        vocabulary,
        id: key.clone(),
        within: parent,
        description: entry.description.as_ref().map(|d| d.value.clone()),
    })
}

/// For a key privet already knows (current or older), the key of its
/// parent (`None` inside for a root).
fn known_parent(taxonomy: &Taxonomy, vocabulary: Vocabulary, id: &str) -> Option<Option<String>> {
    if terms::renamed(vocabulary, id).is_some() {
        // An older key of the default taxonomy: its parent was an older
        // key too, so only its presence matters.
        return Some(None);
    }
    let found = taxonomy.lookup(vocabulary, id)?;
    if taxonomy.id_str(found) != id {
        return None;
    }
    let parent = taxonomy
        .entry(found)
        .parents
        .first()
        .map(|p| taxonomy.id_str(*p).to_owned());
    Some(parent)
}

/// A parent written as an older key is read as its replacement.
fn current_parent(vocabulary: Vocabulary, parent: &Text) -> YamlSpanned<String> {
    let value = parent.value.trim();
    let value = terms::renamed(vocabulary, value).map_or(value, |r| r.current);
    YamlSpanned {
        value: value.to_owned(),
        referenced: parent.referenced,
        defined: parent.defined,
    }
}

/// The pending terms of file `index` that can be added now: those whose
/// parent is known, or is another such term of the same file.
fn placeable(
    taxonomy: &Taxonomy,
    pending: &[(usize, DeclaredTerm)],
    index: usize,
) -> Vec<DeclaredTerm> {
    let mine: Vec<&DeclaredTerm> = pending
        .iter()
        .filter(|(f, _)| *f == index)
        .map(|(_, t)| t)
        .collect();
    let mut placed: Vec<DeclaredTerm> = Vec::new();
    loop {
        let next: Vec<DeclaredTerm> = mine
            .iter()
            .filter(|t| !placed.iter().any(|p| same(p, t)))
            .filter(|t| match &t.within {
                None => true,
                Some(parent) => {
                    is_known(taxonomy, t.vocabulary, &parent.value)
                        || placed
                            .iter()
                            .any(|p| p.vocabulary == t.vocabulary && p.id.value == parent.value)
                }
            })
            .map(|t| (*t).clone())
            .collect();
        if next.is_empty() {
            return placed;
        }
        placed.extend(next);
    }
}

fn is_known(taxonomy: &Taxonomy, vocabulary: Vocabulary, id: &str) -> bool {
    taxonomy
        .lookup(vocabulary, id)
        .is_some_and(|found| taxonomy.id_str(found) == id)
}

fn same(a: &DeclaredTerm, b: &DeclaredTerm) -> bool {
    a.vocabulary == b.vocabulary && a.id.value == b.id.value
}

fn twice(file: &SourceFile, vocabulary: Vocabulary, key: &Text) -> Diagnostic {
    let message = format!(
        "custom {} `{}` is declared twice",
        vocabulary.noun(),
        key.value
    );
    Diagnostic::error(Code::TaxonomyInvalid, file, span_of(file, key), message)
        .with_label("declared again here")
        .with_help("declare each custom entry once, in one Fides file")
}

fn redeclared(
    file: &SourceFile,
    vocabulary: Vocabulary,
    key: &Text,
    parent: Option<&str>,
) -> Diagnostic {
    let noun = vocabulary.noun();
    let message = match parent {
        Some(parent) => format!(
            "`{}` is already a fideslang {noun}, within `{parent}`",
            key.value
        ),
        None => format!("`{}` is already a fideslang {noun}", key.value),
    };
    Diagnostic::error(Code::TaxonomyInvalid, file, span_of(file, key), message)
        .with_label("a key of the default taxonomy")
        .with_help(
            "give the custom entry a key of its own, or the same `parent_key` as the default one",
        )
}

/// A term whose parent never became known.
fn unplaced(
    taxonomy: &Taxonomy,
    file: &SourceFile,
    term: &DeclaredTerm,
    pending: &[(usize, DeclaredTerm)],
) -> Diagnostic {
    let Some(parent) = &term.within else {
        // A root term is always placeable; an error was reported when its
        // batch failed.
        let message = format!(
            "custom {} `{}` could not be added",
            term.vocabulary.noun(),
            term.id.value
        );
        return Diagnostic::error(
            Code::TaxonomyInvalid,
            file,
            span_of(file, &term.id),
            message,
        );
    };
    let span = span_of(file, parent);
    let looped = pending
        .iter()
        .any(|(_, t)| t.vocabulary == term.vocabulary && t.id.value == parent.value);
    if looped {
        let message = format!(
            "the `parent_key` chain of custom {} `{}` loops back to it",
            term.vocabulary.noun(),
            term.id.value
        );
        return Diagnostic::error(Code::TaxonomyInvalid, file, span, message)
            .with_label("part of a loop")
            .with_help("give one entry of the loop a `parent_key` from the fideslang taxonomy");
    }
    taxonomy.unknown_term(file, term.vocabulary, &parent.value, span)
}
