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

use std::collections::{BTreeMap, BTreeSet};

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
///
/// Entries are added parents first, in batches of one file (the taxonomy
/// builder locates a batch's errors in one file, and resolves parents
/// within a batch): a batch holds the entries of a file whose chain up to
/// a known key crosses from file to file the same number of times, so a
/// parent in another file is always added in an earlier batch.
pub fn extend_taxonomy(taxonomy: &Taxonomy, files: &[SourceFile]) -> (Taxonomy, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let declared = declared(taxonomy, files, &mut errors);
    let by_id: ById<'_> = declared
        .iter()
        .enumerate()
        .map(|(i, (_, t))| ((t.vocabulary, t.id.value.as_str()), i))
        .collect();
    let mut batches: BTreeMap<(usize, usize), Vec<DeclaredTerm>> = BTreeMap::new();
    for (index, (file, term)) in declared.iter().enumerate() {
        match crossings(taxonomy, (&declared, &by_id), index) {
            Ok(crossings) => batches
                .entry((crossings, *file))
                .or_default()
                .push(term.clone()),
            Err(Unplaced::Orphan) => {}
            Err(reason) => {
                if let Some(source) = files.get(*file) {
                    errors.push(unplaced(taxonomy, source, term, reason));
                }
            }
        }
    }
    let batches: Vec<(&SourceFile, Vec<DeclaredTerm>)> = batches
        .into_iter()
        .filter_map(|((_, file), batch)| Some((files.get(file)?, batch)))
        .collect();
    // A batch whose parent failed to be added is reported by the taxonomy
    // builder as an unknown reference.
    let (extended, failed) = taxonomy.with_declared(&batches);
    for error in failed {
        let d = Diagnostic::error(
            Code::TaxonomyInvalid,
            error.file(),
            error.span(),
            error.message(),
        )
        .with_label("not added to the taxonomy")
        .with_help("fix the custom entry in the Fides file");
        errors.push(d);
    }
    crate::diagnostic::sort(&mut errors);
    (extended, errors)
}

/// Why a declared entry cannot be placed in the taxonomy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unplaced {
    /// Its `parent_key` is neither known nor declared.
    UnknownParent,
    /// Its `parent_key` chain comes back to it.
    Loop,
    /// It lies more than [`MAX_DEPTH`] custom entries below a known key.
    TooDeep,
    /// An entry above it cannot be placed (reported there).
    Orphan,
}

/// How many custom entries may stand between a known key and an entry.
/// Fideslang's own hierarchy is six levels deep; the bound keeps a long
/// chain from making the taxonomy's hierarchy tables quadratic.
const MAX_DEPTH: usize = 32;

/// The index of each declared entry by vocabulary and key.
type ById<'a> = BTreeMap<(Vocabulary, &'a str), usize>;

/// How many times the `parent_key` chain of `declared[index]` crosses
/// from one file to another before it reaches a known key.
fn crossings(
    taxonomy: &Taxonomy,
    (declared, by_id): (&[(usize, DeclaredTerm)], &ById<'_>),
    index: usize,
) -> Result<usize, Unplaced> {
    let Some(start) = declared.get(index) else {
        return Err(Unplaced::Orphan);
    };
    let (mut file, mut term) = (start.0, &start.1);
    let mut crossings = 0;
    for depth in 0..=MAX_DEPTH {
        let Some(parent) = &term.within else {
            return Ok(crossings);
        };
        if is_known(taxonomy, term.vocabulary, &parent.value) {
            return Ok(crossings);
        }
        let next = by_id
            .get(&(term.vocabulary, parent.value.as_str()))
            .and_then(|&i| declared.get(i));
        let Some((next_file, next)) = next else {
            return Err(match depth {
                0 => Unplaced::UnknownParent,
                _ => Unplaced::Orphan,
            });
        };
        if same(next, &start.1) {
            return Err(Unplaced::Loop);
        }
        crossings += usize::from(*next_file != file);
        (file, term) = (*next_file, next);
    }
    // Reported once, at the entry just too deep; a loop above this entry
    // (not through it) is reported at the loop.
    let too_deep = term
        .within
        .as_ref()
        .is_some_and(|p| is_known(taxonomy, term.vocabulary, &p.value));
    Err(if too_deep {
        Unplaced::TooDeep
    } else {
        Unplaced::Orphan
    })
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

/// The error for an entry that cannot be placed.
fn unplaced(
    taxonomy: &Taxonomy,
    file: &SourceFile,
    term: &DeclaredTerm,
    reason: Unplaced,
) -> Diagnostic {
    let span = term
        .within
        .as_ref()
        .map_or_else(|| span_of(file, &term.id), |p| span_of(file, p));
    let parent = term.within.as_ref().map_or("", |p| p.value.as_str());
    if reason == Unplaced::TooDeep {
        let message = format!(
            "custom {} `{}` lies more than {MAX_DEPTH} custom entries below a fideslang key",
            term.vocabulary.noun(),
            term.id.value
        );
        return Diagnostic::error(Code::TaxonomyInvalid, file, span, message)
            .with_label("too deep")
            .with_help("attach the custom entries closer to a fideslang key");
    }
    if reason == Unplaced::Loop {
        let message = format!(
            "the `parent_key` chain of custom {} `{}` loops back to it",
            term.vocabulary.noun(),
            term.id.value
        );
        return Diagnostic::error(Code::TaxonomyInvalid, file, span, message)
            .with_label("part of a loop")
            .with_help("give one entry of the loop a `parent_key` from the fideslang taxonomy");
    }
    taxonomy.unknown_term(file, term.vocabulary, parent, span)
}
