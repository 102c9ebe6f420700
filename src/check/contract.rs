//! `every <kinds> [of <data>] has a <contracts>`

use super::eval::{Eval, Report};
use crate::diagnostic::Code;
use crate::inventory::Item;
use crate::policy::{DataSelector, Terms};

/// Every recipient of the kinds (receiving the data, if named) has each
/// required contract on record.
pub fn required(
    eval: &mut Eval<'_>,
    kinds: &Terms,
    data: Option<&DataSelector>,
    contracts: &Terms,
) {
    let recipients: Vec<usize> = match data {
        Some(data) => {
            let Some(matched) = eval.holding(data) else {
                return;
            };
            matched.recipients.clone()
        }
        None => (0..eval.inventory.recipients.len()).collect(),
    };
    for r in recipients {
        let Some(recipient) = eval.inventory.recipients.get(r) else {
            continue;
        };
        let (kind, on_record) = (recipient.kind.clone(), recipient.contracts.clone());
        let Some(kind) = kind else {
            eval.missing(Item::Recipient(r), "what kind of recipient it is", "kind");
            continue;
        };
        if !eval.within_any(kind.value, kinds) {
            continue;
        }
        if on_record.is_none() {
            // `contracts: []` says there is none; no key says nothing.
            eval.missing(
                Item::Recipient(r),
                "which contracts are on record",
                "contracts",
            );
            continue;
        }
        for required in contracts {
            let has = on_record.as_ref().is_some_and(|c| {
                c.iter()
                    .any(|x| eval.taxonomy.is_within(x.value, required.value))
            });
            if !has {
                let loc = on_record
                    .as_ref()
                    .and_then(|c| c.first())
                    .map_or(recipient.name.loc, |c| c.loc);
                lacks(
                    eval,
                    r,
                    loc,
                    eval.written(required.span).to_owned(),
                    eval.name(kind.value),
                );
            }
        }
    }
}

fn lacks(
    eval: &mut Eval<'_>,
    r: usize,
    loc: crate::inventory::Loc,
    contract: String,
    kind: String,
) {
    let item = Item::Recipient(r);
    let message = format!(
        "recipient `{}` is a {kind} with no {contract} on record (`{}`)",
        eval.inventory.path(item),
        eval.statement()
    );
    let help = format!("sign a {contract} with the recipient and list it under `contracts:`");
    eval.report(Report {
        code: Code::ContractMissing,
        loc,
        item,
        message,
        label: &format!("no {contract}"),
        help,
    });
}
