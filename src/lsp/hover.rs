//! Hover: what a term in a `.privet` file means, what a commitment id
//! promises, and which commitments a value in inventory or config breaks.

use crate::ast::{CommitmentPart, Item};
use crate::source::SourceFile;
use crate::taxonomy::{Taxonomy, TermId, Vocabulary};

use super::diagnostics::Broken;
use super::position::LineIndex;

/// Markdown for the hover at byte `offset` of a `.privet` file.
pub fn policy(file: &SourceFile, index: &LineIndex<'_>, offset: usize) -> Option<String> {
    commitment(file, offset).or_else(|| term(Taxonomy::builtin(), index, offset))
}

/// Markdown for the hover at byte `offset` of a YAML file: the commitments
/// the value under the cursor breaks, as of the last check.
pub fn yaml(broken: &[Broken], offset: usize) -> Option<String> {
    let under = broken
        .iter()
        .filter(|b| b.span.start <= offset && offset <= b.span.end)
        .map(|b| b.text.as_str());
    let mut texts: Vec<&str> = under.collect();
    texts.dedup();
    (!texts.is_empty()).then(|| texts.join("\n\n---\n\n"))
}

/// The quote of the commitment whose id is under the cursor.
fn commitment(file: &SourceFile, offset: usize) -> Option<String> {
    let parsed = crate::syntax::parse(file);
    parsed.ast.items.iter().find_map(|item| {
        let Item::Commitment(c) = item else {
            return None;
        };
        if offset < c.id.span.start || offset > c.id.span.end {
            return None;
        }
        let quote = c.parts.iter().find_map(|part| match part {
            CommitmentPart::Quote(q) => Some(format!("\n\n> {}", q.value)),
            _ => None,
        });
        Some(format!(
            "**commitment `{}`**{}",
            c.id.value,
            quote.unwrap_or_default()
        ))
    })
}

/// The longest taxonomy id, name or alias written around the cursor.
fn term(taxonomy: &Taxonomy, index: &LineIndex<'_>, offset: usize) -> Option<String> {
    let (start, line) = index.line_at(offset);
    let line = line.to_ascii_lowercase();
    let cursor = offset.saturating_sub(start);
    let mut best: Option<(usize, TermId)> = None;
    for vocabulary in Vocabulary::ALL {
        for (id, entry) in taxonomy.entries(vocabulary) {
            let names = [&entry.id, &entry.name].into_iter().chain(&entry.aliases);
            for name in names {
                let len = name.len();
                let longer = best.is_none_or(|(l, _)| len > l);
                if longer && written_at(&line, &name.to_ascii_lowercase(), cursor) {
                    best = Some((len, id));
                }
            }
        }
    }
    best.map(|(_, id)| describe(taxonomy, id))
}

/// Whether `name` is written as whole words in `line` around `cursor`.
fn written_at(line: &str, name: &str, cursor: usize) -> bool {
    if name.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "_.-".contains(c));
    line.match_indices(name).any(|(at, _)| {
        let end = at + name.len();
        let before = line.get(..at).and_then(|s| s.chars().next_back());
        let after = line.get(end..).and_then(|s| s.chars().next());
        at <= cursor && cursor <= end && !word(before) && !word(after)
    })
}

fn describe(taxonomy: &Taxonomy, id: TermId) -> String {
    let entry = taxonomy.entry(id);
    let mut text = format!(
        "**{}** — {} `{}`",
        entry.name,
        id.vocabulary().noun(),
        entry.id
    );
    if !entry.description.is_empty() {
        text.push_str(&format!("\n\n{}", entry.description));
    }
    let list = |ids: &[TermId]| -> String {
        let shown: Vec<String> = ids
            .iter()
            .map(|&t| format!("`{}`", taxonomy.id_str(t)))
            .collect();
        shown.join(", ")
    };
    let parents = taxonomy.ancestors(id);
    if !parents.is_empty() {
        text.push_str(&format!("\n\nwithin: {}", list(&parents)));
    }
    if entry.is_set() {
        text.push_str(&format!("\n\nstands for: {}", list(&entry.expands_to)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::position::Encoding;

    fn hover_at(text: &str, needle: &str) -> Option<String> {
        let file = SourceFile::new("a.privet", text);
        let index = LineIndex::new(text, Encoding::Utf16);
        policy(&file, &index, text.find(needle).unwrap() + 1)
    }

    #[test]
    fn a_term_shows_its_id_description_and_parents() {
        let text = "commitment c {\n  contact data retained at most 6 months\n}\n";
        let shown = hover_at(text, "contact").unwrap();
        assert!(shown.contains("data category `user.contact`"), "{shown}");
        assert!(shown.contains("within: `user`"), "{shown}");
    }

    #[test]
    fn a_commitment_id_shows_its_quote() {
        let text = "commitment keep-short {\n  quote \"We delete it.\"\n  contact data retained at most 6 months\n}\n";
        let shown = hover_at(text, "keep-short").unwrap();
        assert_eq!(shown, "**commitment `keep-short`**\n\n> We delete it.");
    }

    #[test]
    fn plain_words_show_nothing() {
        assert_eq!(hover_at("commitment c {\n  zzz\n}\n", "zzz"), None);
    }
}
