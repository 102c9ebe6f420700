//! `transfers of <data> out of <regions> require <mechanisms>`

use super::eval::{Eval, Report};
use crate::diagnostic::Code;
use crate::inventory::Item;
use crate::policy::{DataSelector, Terms};

/// A recipient outside `origin` that receives data of subjects living in
/// `origin` must name one of the accepted mechanisms.
pub fn mechanism(eval: &mut Eval<'_>, data: &DataSelector, origin: &Terms, accepted: &Terms) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    for &r in &matched.recipients {
        // Where the recipient is decides first: a recipient inside the
        // origin needs no mechanism, whoever the subjects are.
        if is_outside(eval, r, origin) && receives_from_origin(eval, r, data, origin) {
            check_mechanism(eval, r, origin, accepted);
        }
    }
}

/// Whether any of the recipient's locations lies outside `origin`; an
/// unknown location is reported.
fn is_outside(eval: &mut Eval<'_>, r: usize, origin: &Terms) -> bool {
    match eval
        .inventory
        .recipients
        .get(r)
        .and_then(|x| x.locations.clone())
    {
        None => {
            eval.missing(
                Item::Recipient(r),
                "where it processes the data",
                "location",
            );
            false
        }
        Some(locations) => locations.iter().any(|l| !eval.within_any(l.value, origin)),
    }
}

/// Whether a store the recipient's copy comes from holds data of subjects
/// living in `origin`. Unknown subject regions are reported.
fn receives_from_origin(
    eval: &mut Eval<'_>,
    r: usize,
    data: &DataSelector,
    origin: &Terms,
) -> bool {
    let sources = eval.sources(r, data);
    if sources.is_empty() {
        // The data reaches the recipient without a dataset of its own:
        // the system's own statement of its subjects is all there is.
        return system_from_origin(eval, r, origin);
    }
    let mut from_origin = false;
    for d in sources {
        let regions = eval
            .inventory
            .datasets
            .get(d)
            .and_then(|ds| ds.subjects.regions.clone());
        match regions {
            None => eval.missing(
                Item::Dataset(d),
                "where its subjects live",
                "subjects.regions",
            ),
            Some(regions) => {
                from_origin |= regions.iter().any(|g| eval.overlaps_any(g.value, origin))
            }
        }
    }
    from_origin
}

fn system_from_origin(eval: &mut Eval<'_>, r: usize, origin: &Terms) -> bool {
    let Some(system) = eval.inventory.recipients.get(r).map(|x| x.system) else {
        return false;
    };
    let regions = eval
        .inventory
        .systems
        .get(system)
        .and_then(|s| s.subjects.regions.clone());
    match regions {
        None => {
            eval.missing(
                Item::System(system),
                "where its subjects live",
                "subjects.regions",
            );
            false
        }
        Some(regions) => regions.iter().any(|g| eval.overlaps_any(g.value, origin)),
    }
}

fn check_mechanism(eval: &mut Eval<'_>, r: usize, origin: &Terms, accepted: &Terms) {
    let Some(recipient) = eval.inventory.recipients.get(r) else {
        return;
    };
    let (named, name_loc) = (recipient.mechanisms.clone(), recipient.name.loc);
    let Some(named) = named else {
        // `transfer_mechanisms: []` says there is none; no key says nothing.
        return eval.missing(
            Item::Recipient(r),
            "which transfer mechanism it relies on",
            "transfer_mechanisms",
        );
    };
    if named.iter().any(|x| eval.within_any(x.value, accepted)) {
        return;
    }
    let loc = named.first().map_or(name_loc, |m| m.loc);
    let item = Item::Recipient(r);
    let alternatives = eval.written_alternatives(accepted);
    let message = format!(
        "recipient `{}` receives data of people in {} outside those regions without {alternatives} (`{}`)",
        eval.inventory.path(item),
        eval.written_list(origin),
        eval.statement()
    );
    let label = if named.is_empty() {
        "no transfer mechanism"
    } else {
        "not an accepted mechanism"
    };
    let help = format!(
        "put {alternatives} in place for this recipient and list it under `transfer_mechanisms:`"
    );
    eval.report(Report {
        code: Code::TransferNoMechanism,
        loc,
        item,
        message,
        label,
        help,
    });
}
