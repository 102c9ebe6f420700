//! Unknown keys in privet's own YAML formats, with "did you mean".
//!
//! serde stops at the first unknown field and names the known ones in its
//! own words; reading the keys of a mapping first lets privet report every
//! unknown key at once, each with a suggestion.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::yaml::{YamlSpanned, span_of};

/// The keys of a YAML mapping, in file order; the values are skipped. An
/// empty document or `~` has no keys.
#[derive(Debug, Default)]
pub(crate) struct Keys(pub(crate) Vec<YamlSpanned<String>>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Keys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping of keys to values")
    }

    fn visit_unit<E>(self) -> Result<Keys, E> {
        Ok(Keys::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
        let mut keys = Vec::new();
        while let Some((key, IgnoredAny)) = map.next_entry::<YamlSpanned<String>, IgnoredAny>()? {
            keys.push(key);
        }
        Ok(Keys(keys))
    }
}

/// Where keys are checked: which code to report with, which keys are
/// allowed, and what holds them (`the project file`, `a waiver`).
pub(crate) struct KeyRules<'a> {
    pub(crate) code: Code,
    pub(crate) known: &'a [&'a str],
    pub(crate) holder: &'a str,
}

/// One error for each key in `keys` that `rules` does not allow.
pub(crate) fn unknown_keys(
    file: &SourceFile,
    keys: &[YamlSpanned<String>],
    rules: &KeyRules<'_>,
) -> Vec<Diagnostic> {
    keys.iter()
        .filter(|key| !rules.known.contains(&key.value.as_str()))
        .map(|key| unknown_key(file, key, rules))
        .collect()
}

fn unknown_key(file: &SourceFile, key: &YamlSpanned<String>, rules: &KeyRules<'_>) -> Diagnostic {
    let message = format!("unknown key `{}`", key.value);
    let help = match closest(&key.value, rules.known) {
        Some(known) => format!("did you mean `{known}`?"),
        None => format!("{} may set {}", rules.holder, list(rules.known)),
    };
    Diagnostic::error(rules.code, file, span_of(file, key), message)
        .with_label(format!("not a key of {}", rules.holder))
        .with_help(help)
}

/// `` `a`, `b` or `c` ``.
pub(crate) fn list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    join(&quoted, "or")
}

/// `a, b and c` for `conjunction` `and`.
pub(crate) fn join(items: &[String], conjunction: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {conjunction} {last}", rest.join(", "))
        }
        _ => items.concat(),
    }
}

/// The candidate closest to `word`, if it is close enough to be a typo:
/// at most one edit in four characters (one for short words), or a
/// Jaro-Winkler similarity of 0.9, which favours a shared beginning
/// (`expiry`, `expires`);
/// failing that, the shortest candidate `word` abbreviates (`warn`).
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let allowed = (word.chars().count() / 4).max(1);
    let similar = candidates
        .iter()
        .map(|candidate| {
            let edits = strsim::damerau_levenshtein(word, candidate);
            let similarity = strsim::jaro_winkler(word, candidate);
            (edits, -similarity, *candidate)
        })
        .filter(|(edits, minus_similarity, _)| *edits <= allowed || *minus_similarity <= -0.9)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(b.2)))
        .map(|(_, _, candidate)| candidate);
    similar.or_else(|| abbreviated(word, candidates))
}

/// The shortest candidate that begins with `word`, for words of three or
/// more characters.
fn abbreviated<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.chars().count() < 3 {
        return None;
    }
    candidates
        .iter()
        .filter(|candidate| candidate.starts_with(word))
        .min_by_key(|candidate| (candidate.len(), **candidate))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_allow_typos_and_abbreviations() {
        let words = ["error", "warning", "info"];
        assert_eq!(closest("eror", &words), Some("error"));
        assert_eq!(closest("warn", &words), Some("warning"));
        assert_eq!(closest("fatal", &words), None);
        assert_eq!(closest("expiry", &["expires", "reason"]), Some("expires"));
        assert_eq!(closest("notes", &["waivers"]), None);
        assert_eq!(closest("owner", &["rules", "inventory", "severity"]), None);
        assert_eq!(closest("in", &words), None);
        assert_eq!(list(&words), "`error`, `warning` or `info`");
        assert_eq!(list(&["a"]), "`a`");
    }
}
