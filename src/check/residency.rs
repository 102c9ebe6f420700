//! `<data> stored|processed|accessed only in|from <regions>`

use super::eval::{Eval, Report, kind_word};
use crate::ast::ResidencyScope;
use crate::diagnostic::Code;
use crate::inventory::{Item, TermsAt};
use crate::policy::{DataSelector, Terms};
use crate::taxonomy::Vocabulary;

/// Stores (and processors, or every recipient) must be in the regions.
pub fn residency(eval: &mut Eval<'_>, data: &DataSelector, scope: ResidencyScope, regions: &Terms) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    let inventory = eval.inventory;
    for &d in &matched.datasets {
        let Some(dataset) = inventory.datasets.get(d) else {
            continue;
        };
        let (where_, key) = match scope {
            ResidencyScope::Accessed => (dataset.access_from.as_ref(), "access_from"),
            ResidencyScope::Stored | ResidencyScope::Processed => {
                (dataset.locations.as_ref(), "location")
            }
        };
        place(eval, Item::Dataset(d), d, where_, key, regions);
    }
    if scope == ResidencyScope::Accessed {
        return;
    }
    let processor = eval.taxonomy.lookup(Vocabulary::RecipientKind, "processor");
    for &r in &matched.recipients {
        let Some(recipient) = inventory.recipients.get(r) else {
            continue;
        };
        let is_processor = match (&recipient.kind, processor) {
            (Some(kind), Some(p)) => eval.taxonomy.is_within(kind.value, p),
            // An unknown kind may be a processor: check it.
            _ => true,
        };
        if scope == ResidencyScope::Processed || is_processor {
            let locations = recipient.locations.as_ref();
            place(
                eval,
                Item::Recipient(r),
                usize::MAX,
                locations,
                "location",
                regions,
            );
        }
    }
}

/// One item's regions against the allowed ones; `dataset` is `usize::MAX`
/// for recipients.
fn place(
    eval: &mut Eval<'_>,
    item: Item,
    dataset: usize,
    where_: Option<&TermsAt>,
    key: &str,
    allowed: &Terms,
) {
    let Some(where_) = where_ else {
        let fact = match (key, item) {
            ("access_from", _) => "where it is accessed from",
            (_, Item::Recipient(_)) => "where it processes the data",
            _ => "where it keeps the data",
        };
        return eval.missing(item, fact, key);
    };
    for region in where_ {
        if eval.within_any(region.value, allowed) {
            continue;
        }
        let owner = if matches!(item, Item::Dataset(_)) {
            eval.owner(region.loc, None, dataset)
        } else {
            item
        };
        let verb = if key == "access_from" {
            "is accessed from"
        } else {
            "is located in"
        };
        let message = format!(
            "{} `{}` {verb} `{}`, outside {} (`{}`)",
            kind_word(owner),
            eval.inventory.path(owner),
            eval.value(region.loc),
            eval.written_list(allowed),
            eval.statement()
        );
        let label = format!(
            "{} is not in {}",
            eval.taxonomy.entry(region.value).name,
            eval.written_list(allowed)
        );
        let help = format!(
            "move it to {} or waive the finding with a reason",
            eval.written_list(allowed)
        );
        eval.report(Report {
            code: Code::ResidencyOutside,
            loc: region.loc,
            item: owner,
            message,
            label: &label,
            help,
        });
    }
}
