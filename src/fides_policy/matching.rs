//! How one matcher of a Fides rule judges a list of declared keys.
//!
//! `fides evaluate` gives each declared key its *hierarchy*: the key and
//! every `parent_key` above it. A declared key matches when its hierarchy
//! holds one of the rule's values; data subjects have no hierarchy and
//! match only themselves. Then, by `matches`:
//!
//! - `ANY`: some declared key matches;
//! - `ALL`: there are declared keys and every one matches;
//! - `NONE`: there are declared keys and none matches;
//! - `OTHER`: some declared key matches no value.
//!
//! privet reads the hierarchy from its taxonomy (built-in, extended with
//! the custom entries of the Fides files, older keys read as their current
//! ones), which is what Fides' `parent_key` chain is. Under privet's reading
//! a declared key *broader* than a value (`user` against `user.contact`)
//! may hold that value: for `ANY` and `ALL` it is a possible match, which
//! makes the rule unproven rather than passed. `NONE` and `OTHER` already
//! count such a key as not matching, as Fides does.

use super::{Mode, Semantics};
use crate::inventory::fides::raw::Text;
use crate::taxonomy::{Taxonomy, TermId, Vocabulary};

/// How sure a match is. Ordered, so that a rule's verdict is the least of
/// its matchers'.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Hit {
    /// It does not match.
    No,
    /// It may match: a declared key is broader than a value, or there is
    /// nothing declared to compare.
    Maybe,
    /// It matches, as `fides evaluate` finds.
    Yes,
}

/// A key as written, with the term it names when privet knows it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Key<'a> {
    /// The text and where it is written.
    pub text: &'a Text,
    /// The term, after renames and deprecations.
    pub id: Option<TermId>,
}

impl<'a> Key<'a> {
    /// Resolves `text` in `vocabulary`.
    pub(crate) fn new(taxonomy: &Taxonomy, vocabulary: Vocabulary, text: &'a Text) -> Self {
        let id = crate::inventory::fides::terms::resolve(taxonomy, vocabulary, text.value.trim());
        Key { text, id }
    }

    fn str(&self) -> &str {
        self.text.value.trim()
    }
}

/// One matcher, ready to judge.
pub(crate) struct Judge<'t, 'k> {
    /// The taxonomy hierarchies come from.
    pub taxonomy: &'t Taxonomy,
    /// The matcher's mode.
    pub mode: Mode,
    /// The matcher's values.
    pub values: &'k [Key<'k>],
    /// Whether keys have a hierarchy (not for data subjects).
    pub hierarchical: bool,
    /// Whose reading.
    pub semantics: Semantics,
}

/// What a matcher found: how sure, and the declared keys that make it
/// (those matched for `ANY`/`ALL`, those not matched for `NONE`/`OTHER`;
/// for a possible match, the broader keys).
#[derive(Clone, Debug)]
pub(crate) struct Outcome<'k> {
    /// How sure.
    pub hit: Hit,
    /// The keys that make it.
    pub keys: Vec<Key<'k>>,
}

impl Judge<'_, '_> {
    /// Judges the declared keys.
    pub(crate) fn judge<'k>(&self, declared: &[Key<'k>]) -> Outcome<'k> {
        let hits: Vec<(Hit, Key<'k>)> = declared.iter().map(|k| (self.key(k), *k)).collect();
        let with = |wanted: Hit| -> Vec<Key<'k>> {
            hits.iter()
                .filter(|(h, _)| *h == wanted)
                .map(|(_, k)| *k)
                .collect()
        };
        let not_yes = || -> Vec<Key<'k>> {
            hits.iter()
                .filter(|(h, _)| *h != Hit::Yes)
                .map(|(_, k)| *k)
                .collect()
        };
        let best = hits.iter().map(|(h, _)| *h).max().unwrap_or(Hit::No);
        let worst = hits.iter().map(|(h, _)| *h).min().unwrap_or(Hit::No);
        let (hit, keys) = match self.mode {
            Mode::Any if best == Hit::Yes => (Hit::Yes, with(Hit::Yes)),
            Mode::Any => (best, with(best)),
            Mode::All if worst == Hit::Yes => (Hit::Yes, with(Hit::Yes)),
            Mode::All if worst == Hit::Maybe => (Hit::Maybe, with(Hit::Maybe)),
            Mode::None if !hits.is_empty() && best != Hit::Yes => (Hit::Yes, not_yes()),
            Mode::Other if worst != Hit::Yes => (Hit::Yes, not_yes()),
            _ => (Hit::No, Vec::new()),
        };
        Outcome { hit, keys }
    }

    /// Whether one declared key matches some value.
    fn key(&self, key: &Key<'_>) -> Hit {
        let mut hit = Hit::No;
        for value in self.values {
            if self.within(key, value) {
                return Hit::Yes;
            }
            if self.hierarchical && self.semantics == Semantics::Privet && self.within(value, key) {
                hit = Hit::Maybe;
            }
        }
        hit
    }

    /// Whether `narrower` is `broader` or, with a hierarchy, lies below it.
    fn within(&self, narrower: &Key<'_>, broader: &Key<'_>) -> bool {
        match (narrower.id, broader.id) {
            (Some(n), Some(b)) if self.hierarchical => self.taxonomy.is_within(n, b),
            (Some(n), Some(b)) => n == b,
            // A key privet does not know (reported where it is written)
            // is compared as text, by the dotted form of Fides keys.
            _ => {
                let (n, b) = (narrower.str(), broader.str());
                n == b
                    || (self.hierarchical
                        && n.strip_prefix(b).is_some_and(|rest| rest.starts_with('.')))
            }
        }
    }
}
