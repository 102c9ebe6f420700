//! `no sale [or sharing] of <data> [of <subjects> [under N]]`

use super::eval::{Eval, Report};
use crate::diagnostic::Code;
use crate::inventory::{At, Item};
use crate::policy::{DataSelector, SubjectScope};
use crate::taxonomy::Vocabulary;

/// Whose data reaches a recipient, as far as the promise is concerned.
enum Concern {
    /// The promise cannot be broken through this recipient (its subjects
    /// are all old enough, or not the kind the promise names).
    None,
    /// Subjects the promise protects may be in it: the youngest source
    /// dataset (with its `min_age`), or none when the promise names no age.
    Covered(Option<(usize, At<u8>)>),
    /// These source datasets do not state their subjects' age floor (none:
    /// the data reaches the recipient without passing a known store).
    AgeUnknown(Vec<usize>),
}

/// Checks every recipient of the data that buys it or receives it for
/// cross-context advertising.
pub fn no_disclosure(
    eval: &mut Eval<'_>,
    data: &DataSelector,
    (sale, sharing): (bool, bool),
    scope: &SubjectScope,
) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    for &r in &matched.recipients {
        let concern = concern(eval, r, data, scope);
        if matches!(concern, Concern::None) {
            continue;
        }
        let Some(recipient) = eval.inventory.recipients.get(r) else {
            continue;
        };
        let (sold, shared) = (recipient.sale.clone(), recipient.sharing.clone());
        if sale {
            flag(
                eval,
                r,
                sold,
                (Code::DisclosureSale, "sale", "sells"),
                data,
                &concern,
            );
        }
        if sharing {
            flag(
                eval,
                r,
                shared,
                (Code::DisclosureSharing, "sharing", "shares"),
                data,
                &concern,
            );
        }
    }
}

/// Whose data reaches recipient `r`; reports nothing.
fn concern(eval: &Eval<'_>, r: usize, data: &DataSelector, scope: &SubjectScope) -> Concern {
    let all = eval.sources(r, data);
    if all.is_empty() {
        return system_concern(eval, r, scope);
    }
    let sources: Vec<usize> = all
        .into_iter()
        .filter(|&d| {
            eval.inventory
                .datasets
                .get(d)
                .is_some_and(|ds| eval.subjects_apply(scope, ds.subjects.kinds.as_ref()))
        })
        .collect();
    let Some(limit) = scope.under_age.as_ref().map(|a| a.value) else {
        return Concern::Covered(None);
    };
    let ages = sources.iter().filter_map(|&d| {
        eval.inventory
            .datasets
            .get(d)
            .map(|ds| (d, ds.subjects.min_age.clone()))
    });
    let (known, unknown): (Vec<_>, Vec<_>) = ages.partition(|(_, age)| age.is_some());
    if !unknown.is_empty() {
        return Concern::AgeUnknown(unknown.into_iter().map(|(d, _)| d).collect());
    }
    let youngest = known
        .into_iter()
        .filter_map(|(d, age)| age.map(|a| (d, a)))
        .min_by_key(|(_, a)| a.value);
    match youngest {
        Some((d, age)) if age.value < limit => Concern::Covered(Some((d, age))),
        _ => Concern::None,
    }
}

/// The data reaches the recipient without a dataset of its own: the
/// system's own statement of its subjects' age floor decides.
fn system_concern(eval: &Eval<'_>, r: usize, scope: &SubjectScope) -> Concern {
    let Some(limit) = scope.under_age.as_ref().map(|a| a.value) else {
        return Concern::Covered(None);
    };
    let system = eval
        .inventory
        .recipients
        .get(r)
        .and_then(|x| eval.inventory.systems.get(x.system));
    match system.and_then(|s| s.subjects.min_age.as_ref()) {
        None => Concern::AgeUnknown(Vec::new()),
        Some(age) if age.value < limit => Concern::Covered(None),
        Some(_) => Concern::None,
    }
}

/// One of the recipient's `sale` / `sharing` flags against the promise.
fn flag(
    eval: &mut Eval<'_>,
    r: usize,
    value: Option<At<bool>>,
    (code, key, verb): (Code, &str, &str),
    data: &DataSelector,
    concern: &Concern,
) {
    let Some(value) = value else {
        if !is_processor(eval, r) {
            eval.missing(
                Item::Recipient(r),
                &format!("whether giving it the data is a {key}"),
                key,
            );
        }
        return;
    };
    if !value.value {
        return;
    }
    let young = match concern {
        Concern::None => return,
        Concern::AgeUnknown(datasets) => {
            if datasets.is_empty()
                && let Some(system) = eval.inventory.recipients.get(r).map(|x| x.system)
            {
                eval.missing(
                    Item::System(system),
                    "the youngest age of its subjects",
                    "subjects.min_age",
                );
            }
            for &d in datasets {
                eval.missing(
                    Item::Dataset(d),
                    "the youngest age of its subjects",
                    "subjects.min_age",
                );
            }
            return;
        }
        Concern::Covered(young) => young.clone(),
    };
    let whose = young.map_or_else(String::new, |(d, age)| {
        format!(
            " from `{}`, whose subjects may be as young as {}",
            eval.inventory.path(Item::Dataset(d)),
            age.value
        )
    });
    let path = eval.inventory.path(Item::Recipient(r));
    let message = format!(
        "recipient `{path}` {verb} {}{whose}, which `{}` forbids",
        eval.data_words(data),
        eval.statement()
    );
    let help = format!(
        "stop the {key} and set `{key}: false`, keep younger subjects' data away from this recipient, or waive the finding with a reason"
    );
    eval.report(Report {
        code,
        loc: value.loc,
        item: Item::Recipient(r),
        message,
        label: if key == "sale" {
            "sold"
        } else {
            "shared for cross-context advertising"
        },
        help,
    });
}

/// Whether the recipient is a processor: a service provider's receipt is
/// not a sale, so its flags may be left out.
fn is_processor(eval: &Eval<'_>, r: usize) -> bool {
    let processor = eval.taxonomy.lookup(Vocabulary::RecipientKind, "processor");
    let kind = eval
        .inventory
        .recipients
        .get(r)
        .and_then(|x| x.kind.as_ref());
    matches!((kind, processor), (Some(k), Some(p)) if eval.taxonomy.is_within(k.value, p))
}
