//! `<data> encrypted at rest [and in transit]`

use super::eval::{Eval, Report, kind_word};
use crate::diagnostic::Code;
use crate::inventory::{At, Item};
use crate::policy::DataSelector;

/// Every store of the data says it is encrypted where the promise says.
pub fn encrypted(eval: &mut Eval<'_>, data: &DataSelector, at_rest: bool, in_transit: bool) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    for &d in &matched.datasets {
        let Some(dataset) = eval.inventory.datasets.get(d) else {
            continue;
        };
        let (rest, transit) = (dataset.at_rest.clone(), dataset.in_transit.clone());
        if at_rest {
            control(eval, d, rest, ("at rest", "encryption.at_rest"), data);
        }
        if in_transit {
            control(
                eval,
                d,
                transit,
                ("in transit", "encryption.in_transit"),
                data,
            );
        }
    }
}

fn control(
    eval: &mut Eval<'_>,
    d: usize,
    value: Option<At<bool>>,
    (place, key): (&str, &str),
    data: &DataSelector,
) {
    let Some(value) = value else {
        return eval.missing(
            Item::Dataset(d),
            &format!("whether it is encrypted {place}"),
            key,
        );
    };
    if value.value {
        return;
    }
    let item = eval.owner(value.loc, None, d);
    let message = format!(
        "{} `{}` holds {} unencrypted {place}, but `{}` requires encryption",
        kind_word(item),
        eval.inventory.path(item),
        eval.data_words(data),
        eval.statement()
    );
    let help = format!(
        "turn on encryption {place} and set `{key}: true`, or waive the finding with a reason"
    );
    eval.report(Report {
        code: Code::SecurityUnencrypted,
        loc: value.loc,
        item,
        message,
        label: &format!("not encrypted {place}"),
        help,
    });
}
