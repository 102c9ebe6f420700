//! `dataset "<pattern>" de-identified`, `<data> de-identified`

use super::eval::{Eval, Report, kind_word};
use crate::diagnostic::Code;
use crate::inventory::{At, Item, Loc};
use crate::policy::DeIdentifiedTarget;
use crate::taxonomy::TermId;
use crate::taxonomy::Vocabulary;

/// Each dataset the promise covers holds no identifying category and no
/// link key.
pub fn deidentified(eval: &mut Eval<'_>, target: &DeIdentifiedTarget) {
    let datasets: Vec<usize> = match target {
        DeIdentifiedTarget::Data(data) => {
            let Some(matched) = eval.holding(data) else {
                return;
            };
            matched.datasets.clone()
        }
        DeIdentifiedTarget::Dataset(pattern) => {
            let found = named(eval, &pattern.value);
            if found.is_empty() {
                return no_dataset(eval, &pattern.value, pattern.span);
            }
            found
        }
    };
    for d in datasets {
        check_dataset(eval, d);
    }
}

/// Datasets whose `system/dataset` path or bare name matches the pattern.
fn named(eval: &Eval<'_>, pattern: &str) -> Vec<usize> {
    let inventory = eval.inventory;
    let mut path = String::new();
    let mut found = Vec::new();
    for (d, dataset) in inventory.datasets.iter().enumerate() {
        let name = dataset.name.value.as_str();
        let system = inventory
            .systems
            .get(dataset.system)
            .map_or("?", |s| s.name.value.as_str());
        // The same text as `Inventory::path`, in one reused buffer: every
        // dataset is tried against every pattern.
        path.clear();
        path.extend([system, "/", name]);
        if wildcard(pattern, name) || wildcard(pattern, &path) {
            found.push(d);
        }
    }
    found
}

fn check_dataset(eval: &mut Eval<'_>, d: usize) {
    let Some(identifying) = eval
        .taxonomy
        .lookup(Vocabulary::DataCategory, "identifiers")
    else {
        return;
    };
    let Some(dataset) = eval.inventory.datasets.get(d) else {
        return;
    };
    let own: Vec<(Item, At<TermId>)> = dataset
        .categories
        .iter()
        .map(|c| (Item::Dataset(d), c.clone()))
        .collect();
    for (item, category) in own {
        category_check(eval, d, item, &category, identifying);
    }
    for f in dataset.fields.clone() {
        field_check(eval, d, f, identifying);
    }
}

/// One field: its categories, then (if none identifies) its link key.
fn field_check(eval: &mut Eval<'_>, d: usize, f: usize, identifying: TermId) {
    let Some(field) = eval.inventory.fields.get(f) else {
        return;
    };
    let (categories, link_key) = (field.categories.clone(), field.link_key.clone());
    let mut identified = false;
    for category in &categories {
        identified |= category_check(eval, d, Item::Field(f), category, identifying);
    }
    if identified {
        return;
    }
    match link_key {
        // A de-identified dataset must say of each field that it links nothing.
        None => eval.missing(
            Item::Field(f),
            "whether it links records to a person",
            "link_key",
        ),
        Some(link) if link.value => {
            identifying_found(eval, d, Item::Field(f), link.loc, "a link key")
        }
        Some(_) => {}
    }
}

/// Reports a category that identifies people (or may); returns whether a
/// finding was made.
fn category_check(
    eval: &mut Eval<'_>,
    d: usize,
    item: Item,
    category: &At<TermId>,
    identifying: TermId,
) -> bool {
    if eval.taxonomy.is_within(category.value, identifying) {
        identifying_found(eval, d, item, category.loc, "identifying data");
        true
    } else if eval.taxonomy.overlaps(category.value, identifying) {
        super::recipients::too_broad(
            eval,
            item,
            category,
            "data",
            "data that identifies a person",
        );
        true
    } else {
        false
    }
}

fn identifying_found(eval: &mut Eval<'_>, d: usize, item: Item, loc: Loc, what: &str) {
    let message = format!(
        "dataset `{}` is promised to be de-identified, but {} `{}` holds {what} (`{}`)",
        eval.inventory.path(Item::Dataset(d)),
        kind_word(item),
        eval.inventory.path(item),
        eval.value(loc)
    );
    let help = "drop or irreversibly hash the field, move it to another dataset, or waive the finding with a reason".to_owned();
    eval.report(Report {
        code: Code::DeIdentifiedIdentifying,
        loc,
        item,
        message,
        label: what,
        help,
    });
}

fn no_dataset(eval: &mut Eval<'_>, pattern: &str, span: crate::source::Span) {
    let message = format!(
        "no dataset in the inventory is named `{pattern}`, so this statement checks nothing"
    );
    let help =
        "fix the name or pattern (`system/dataset`, `*` matches any run of characters)".to_owned();
    eval.in_policy(
        Code::CommitmentMatchesNothing,
        span,
        message,
        "matches no dataset",
        help,
    );
}

/// Shell-style matching of `*` (any run of characters) and `?` (one).
pub fn wildcard(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // Every dataset is tried against the pattern: no allocation for
        // the common case, where bytes are characters.
        return matches(pattern.as_bytes(), text.as_bytes(), b'*', b'?');
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    matches(&p, &t, '*', '?')
}

fn matches<T: Copy + PartialEq>(p: &[T], t: &[T], any: T, one: T) -> bool {
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        match p.get(pi) {
            Some(&c) if c == any => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(&c) if c == one || Some(&c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == any))
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards_match_characters_not_bytes() {
        assert!(wildcard("analytics/*", "analytics/events"));
        assert!(wildcard("*/events", "analytics/events"));
        assert!(wildcard("ev?nts", "events"));
        assert!(!wildcard("ev?nts", "evnts"));
        assert!(wildcard("caf?", "café"));
        assert!(wildcard("*é*", "résumé"));
        assert!(!wildcard("a*b", "ac"));
        assert!(wildcard("**", ""));
    }
}
