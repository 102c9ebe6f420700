//! `no collection of <data> [from <subjects> [under N]]` and
//! `collection limited to <data>`.

use std::collections::BTreeMap;

use super::eval::{Eval, Report};
use super::index::covered;
use crate::diagnostic::Code;
use crate::inventory::{At, Item};
use crate::policy::{DataSelector, SubjectScope};
use crate::taxonomy::{TermId, Vocabulary};

/// Every store holding the data from the subjects named breaks the promise;
/// with an age, a store whose subjects may be younger does.
pub fn no_collection(eval: &mut Eval<'_>, data: &DataSelector, scope: &SubjectScope) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    for &d in &matched.datasets {
        let Some(dataset) = eval.inventory.datasets.get(d) else {
            continue;
        };
        if !eval.subjects_apply(scope, dataset.subjects.kinds.as_ref()) {
            continue;
        }
        let min_age = dataset.subjects.min_age.clone();
        match (scope.under_age.as_ref().map(|a| a.value), min_age) {
            (Some(_), None) => eval.missing(
                Item::Dataset(d),
                "the youngest age of its subjects",
                "subjects.min_age",
            ),
            (Some(limit), Some(age)) if age.value < limit => too_young(eval, d, &age, limit, data),
            (Some(_), Some(_)) => {}
            (None, _) => held(eval, d, data),
        }
    }
}

fn too_young(eval: &mut Eval<'_>, d: usize, age: &At<u8>, limit: u8, data: &DataSelector) {
    let item = eval.owner(age.loc, None, d);
    let message = format!(
        "dataset `{}` holds {} of subjects as young as {}, but `{}` forbids collecting it from anyone under {limit}",
        eval.inventory.path(Item::Dataset(d)),
        eval.data_words(data),
        age.value,
        eval.statement(),
    );
    let help = format!(
        "raise the age gate so no one under {limit} can sign up and set `min_age: {limit}`, or stop storing the data"
    );
    eval.report(Report {
        code: Code::CollectionProhibited,
        loc: age.loc,
        item,
        message,
        label: &format!("subjects from age {}", age.value),
        help,
    });
}

/// The data may not be held at all: point at each category that holds it.
fn held(eval: &mut Eval<'_>, d: usize, data: &DataSelector) {
    for (item, category) in categories(eval, d) {
        if covered(eval.taxonomy, data, category.value) {
            let message = format!(
                "{} holds {}, which `{}` says is never collected",
                path_of(eval, item),
                eval.data_words(data),
                eval.statement()
            );
            let help =
                "stop collecting the data and remove the field, or waive the finding with a reason"
                    .to_owned();
            eval.report(Report {
                code: Code::CollectionProhibited,
                loc: category.loc,
                item,
                message,
                label: "collected here",
                help,
            });
        }
    }
}

/// Every category of personal data held must be one the policy discloses.
pub fn limited(eval: &mut Eval<'_>, data: &DataSelector) {
    let Some(personal) = eval.taxonomy.lookup(Vocabulary::DataCategory, "user") else {
        return;
    };
    let inventory = eval.inventory;
    let index = eval.index();
    // Each distinct category is judged once; only the holders of one that
    // is not disclosed are visited (most inventories hold none).
    let mut judged: BTreeMap<TermId, Disclosure> = BTreeMap::new();
    let mut verdict = |eval: &Eval<'_>, category: TermId| {
        *judged
            .entry(category)
            .or_insert_with(|| disclosure(eval, category, personal, data))
    };
    let mut offending: Vec<(Item, &At<TermId>, Disclosure)> = Vec::new();
    let stores = [
        (index.fields_by_category().collect::<Vec<_>>(), true),
        (index.datasets_by_category().collect(), false),
    ];
    for (by_category, fields) in stores {
        for (category, holders) in by_category {
            let v = verdict(eval, category);
            if matches!(v, Disclosure::Disclosed) {
                continue;
            }
            for &h in holders {
                let (item, declared) = match fields {
                    true => (
                        Item::Field(h),
                        inventory.fields.get(h).map(|x| &x.categories),
                    ),
                    false => (
                        Item::Dataset(h),
                        inventory.datasets.get(h).map(|x| &x.categories),
                    ),
                };
                let here = declared
                    .into_iter()
                    .flatten()
                    .filter(|c| c.value == category);
                offending.extend(here.map(|c| (item, c, v)));
            }
        }
    }
    // A vendor's tag collects data too, without any store of ours.
    for (r, recipient) in inventory.recipients.iter().enumerate() {
        for category in &recipient.categories {
            let v = verdict(eval, category.value);
            offending.push((Item::Recipient(r), category, v));
        }
    }
    // A field listing a category twice is in its list twice: the run's
    // final sort removes the repeated findings.
    for (item, category, verdict) in offending {
        match verdict {
            Disclosure::Disclosed => {}
            Disclosure::MaybeMore => {
                // `user` may be nothing but disclosed data, or more.
                let listed = format!("data other than {}", eval.data_words(data));
                super::recipients::too_broad(eval, item, category, "data", &listed);
            }
            Disclosure::Undisclosed => undisclosed(eval, item, category),
        }
    }
}

/// How a declared category stands against a `collection limited to` list.
#[derive(Clone, Copy)]
enum Disclosure {
    /// Within a listed category, or not personal data at all.
    Disclosed,
    /// Broader than a listed category: it may hold more than is disclosed.
    MaybeMore,
    /// Personal data the list does not cover.
    Undisclosed,
}

fn disclosure(
    eval: &Eval<'_>,
    category: TermId,
    personal: TermId,
    data: &DataSelector,
) -> Disclosure {
    let taxonomy = eval.taxonomy;
    if !taxonomy.is_within(category, personal)
        || data
            .include
            .iter()
            .any(|i| taxonomy.is_within(category, i.value))
    {
        Disclosure::Disclosed
    } else if data
        .include
        .iter()
        .any(|i| taxonomy.overlaps(category, i.value))
    {
        Disclosure::MaybeMore
    } else {
        Disclosure::Undisclosed
    }
}

fn undisclosed(eval: &mut Eval<'_>, item: Item, category: &At<TermId>) {
    // The disclosure may list twenty categories: the message names the
    // statement's kind and the related label shows the list itself.
    let message = format!(
        "{} holds `{}`, a category the policy's `collection limited to` list does not disclose",
        path_of(eval, item),
        eval.value(category.loc),
    );
    let help = "add the category to the commitment's list if the policy discloses it, or stop collecting it".to_owned();
    eval.report(Report {
        code: Code::CollectionUndisclosed,
        loc: category.loc,
        item,
        message,
        label: "not disclosed",
        help,
    });
}

/// A dataset's categories with the item that declares each.
fn categories(eval: &Eval<'_>, d: usize) -> Vec<(Item, At<TermId>)> {
    let Some(dataset) = eval.inventory.datasets.get(d) else {
        return Vec::new();
    };
    let own = dataset
        .categories
        .iter()
        .map(|c| (Item::Dataset(d), c.clone()));
    let fields = dataset
        .fields
        .iter()
        .filter_map(|&f| eval.inventory.fields.get(f).map(|x| (f, x)));
    let in_fields = fields.flat_map(|(f, x)| {
        x.categories
            .iter()
            .map(move |c| (Item::Field(f), c.clone()))
    });
    own.chain(in_fields).collect()
}

fn path_of(eval: &Eval<'_>, item: Item) -> String {
    format!(
        "{} `{}`",
        super::eval::kind_word(item),
        eval.inventory.path(item)
    )
}
