//! Finding terms by the words a user wrote, and "did you mean" suggestions.

use std::collections::BTreeMap;

use super::table::Table;
use super::{Taxonomy, TermId, Vocabulary};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// The lookup indexes of one vocabulary.
#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// Ids exactly as written.
    ids: BTreeMap<String, u32>,
    /// Lowercased ids without dots (privet's own ids and region codes),
    /// which are matched case-insensitively.
    folded_ids: BTreeMap<String, u32>,
    /// Normalised names and aliases.
    words: BTreeMap<String, u32>,
}

impl Index {
    /// The entry with exactly this id.
    pub(super) fn id(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
    }

    /// The entry whose undotted id matches `id` ignoring case.
    pub(super) fn folded_id(&self, id: &str) -> Option<u32> {
        self.folded_ids.get(&id.to_lowercase()).copied()
    }

    /// The entry a normalised name or alias stands for.
    pub(super) fn word(&self, key: &str) -> Option<u32> {
        self.words.get(key).copied()
    }

    /// Records `id` for entry `index`.
    pub(super) fn insert_id(&mut self, id: &str, index: u32) {
        self.ids.insert(id.to_owned(), index);
        if !id.contains('.') {
            self.folded_ids.insert(id.to_lowercase(), index);
        }
    }

    /// Records normalised `key` for entry `index`.
    pub(super) fn insert_word(&mut self, key: String, index: u32) {
        self.words.insert(key, index);
    }
}

/// The form names and aliases are compared in: lowercase, typographic
/// apostrophes made plain, runs of whitespace collapsed, a leading "the "
/// dropped.
pub(super) fn normalise(text: &str) -> String {
    // Most names and aliases already are in that form; checking is far
    // cheaper than rebuilding them (the built-in taxonomy has thousands).
    let plain = !text.starts_with("the ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .bytes()
            .all(|b| b == b' ' || b == b'\'' || (b.is_ascii_graphic() && !b.is_ascii_uppercase()));
    if plain {
        return text.to_owned();
    }
    let lower = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => collapsed,
    }
}

/// `key` with a trailing "s" or "es" removed, or either added.
fn singular_and_plural(key: &str) -> impl Iterator<Item = String> + '_ {
    let removed = [key.strip_suffix('s'), key.strip_suffix("es")];
    let added = [format!("{key}s"), format!("{key}es")];
    removed
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .chain(added)
}

impl Table {
    /// See [`Taxonomy::lookup`].
    pub(super) fn lookup(&self, vocabulary: Vocabulary, text: &str) -> Option<u32> {
        let text = text.trim();
        if let Some(index) = self.index.id(text) {
            return Some(index);
        }
        if (!text.contains('.') || vocabulary == Vocabulary::Region)
            && let Some(index) = self.index.folded_id(text)
        {
            return Some(index);
        }
        let key = normalise(text);
        if key.is_empty() {
            return None;
        }
        self.index
            .word(&key)
            .or_else(|| singular_and_plural(&key).find_map(|variant| self.index.word(&variant)))
    }

    /// See [`Taxonomy::suggest`].
    pub(super) fn suggest(&self, vocabulary: Vocabulary, text: &str) -> Option<String> {
        let key = normalise(text);
        if key.chars().count() < 2 {
            return None;
        }
        let candidates = self.candidates(vocabulary);
        closest_by_edits(&key, &candidates).or_else(|| closest_by_prefix(&key, &candidates))
    }

    /// Every text a user could write for a term, as it should be suggested,
    /// paired with its normalised form; sorted so ties break the same way on
    /// every run.
    fn candidates(&self, vocabulary: Vocabulary) -> Vec<(String, String)> {
        let mut candidates: BTreeMap<String, String> = BTreeMap::new();
        for entry in &self.entries {
            // Names of regions are proper nouns; other names read better in
            // lowercase inside a commitment.
            let name = match vocabulary {
                Vocabulary::Region => entry.name.clone(),
                _ => entry.name.to_lowercase(),
            };
            let texts = std::iter::once(entry.id.clone())
                .chain(std::iter::once(name))
                .chain(entry.aliases.iter().cloned());
            for text in texts {
                candidates.entry(normalise(&text)).or_insert(text);
            }
        }
        candidates
            .into_iter()
            .map(|(key, text)| (text, key))
            .collect()
    }
}

/// The candidate fewest edits away from `key`, if it is close enough to be a
/// typo: one edit for short words, one in four characters for longer ones.
fn closest_by_edits(key: &str, candidates: &[(String, String)]) -> Option<String> {
    let length = key.chars().count();
    let allowed = if length < 4 { 1 } else { (length / 4).max(1) };
    candidates
        .iter()
        .filter_map(|(text, normalised)| {
            let edits = strsim::damerau_levenshtein(key, normalised);
            // Jaro-Winkler breaks ties in favour of a shared beginning.
            let similarity = strsim::jaro_winkler(key, normalised);
            (edits <= allowed).then_some((edits, -similarity, text))
        })
        .min_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then_with(|| a.2.len().cmp(&b.2.len()))
                .then_with(|| a.2.cmp(b.2))
        })
        .map(|(_, _, text)| text.clone())
}

/// The shortest candidate whose words begin with the words of `key`, one
/// for one, as "precise loc" begins "precise location".
fn closest_by_prefix(key: &str, candidates: &[(String, String)]) -> Option<String> {
    if key.chars().count() < 3 {
        return None;
    }
    let words: Vec<&str> = key.split(' ').collect();
    candidates
        .iter()
        .filter(|(_, normalised)| {
            let theirs: Vec<&str> = normalised.split(' ').collect();
            words.len() <= theirs.len()
                && words
                    .iter()
                    .zip(&theirs)
                    .all(|(mine, theirs)| theirs.starts_with(mine))
        })
        .min_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| a.0.cmp(&b.0)))
        .map(|(text, _)| text.clone())
}

impl Taxonomy {
    /// The error for a term not in this taxonomy, at `span` in `file`,
    /// with a "did you mean" when a known term is close.
    pub fn unknown_term(
        &self,
        file: &SourceFile,
        vocabulary: Vocabulary,
        text: &str,
        span: Span,
    ) -> Diagnostic {
        let noun = vocabulary.noun();
        let d = Diagnostic::error(
            Code::TermUnknown,
            file,
            span,
            format!("unknown {noun} `{text}`"),
        );
        match self.suggest(vocabulary, text) {
            Some(s) => d.with_label(format!("did you mean `{s}`?")).with_help(format!("did you mean `{s}`?")),
            None => d.with_label(format!("not a {noun} privet knows")).with_help(format!(
                "use a {noun} from the built-in taxonomy, or add it to the project's taxonomy extension"
            )),
        }
    }

    /// Finds a term as a user wrote it.
    ///
    /// Tries, in order: the exact id (dotted Fides ids are case-sensitive;
    /// ids without dots, such as region codes, are not); then a name or
    /// alias, ignoring case, extra whitespace and a leading "the "; and as
    /// a last resort the same with a trailing "s" (or "es") removed or added.
    pub fn lookup(&self, vocabulary: Vocabulary, text: &str) -> Option<TermId> {
        let index = self.tables.get(vocabulary).lookup(vocabulary, text)?;
        Some(TermId { vocabulary, index })
    }

    /// The known id, name or alias closest to `text`, for a "did you mean"
    /// hint: one that is a likely typo of it (a few edits away), or else the
    /// shortest whose words start with its words. `None` if nothing is close.
    pub fn suggest(&self, vocabulary: Vocabulary, text: &str) -> Option<String> {
        self.tables.get(vocabulary).suggest(vocabulary, text)
    }
}
