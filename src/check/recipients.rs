//! Who may receive data: kinds and regions allowed or banned, and the
//! purposes recipients may use it for.

use super::eval::{Eval, Report};
use crate::diagnostic::Code;
use crate::inventory::{At, Item, Loc};
use crate::policy::{DataSelector, Terms};
use crate::taxonomy::{TermId, Vocabulary};

/// `<data> shared only with <kinds> [in <regions>]`
pub fn limited(eval: &mut Eval<'_>, data: &DataSelector, kinds: &Terms, regions: &Terms) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    // "recipients in US" allows any kind: an unknown kind does not matter.
    let any_kind = eval
        .taxonomy
        .lookup(Vocabulary::RecipientKind, "recipient")
        .is_some_and(|root| eval.within_any(root, kinds));
    for &r in &matched.recipients {
        if !any_kind {
            kind_allowed(eval, r, data, kinds);
        }
        if !regions.is_empty() {
            located_in(eval, r, data, regions);
        }
    }
}

fn kind_allowed(eval: &mut Eval<'_>, r: usize, data: &DataSelector, kinds: &Terms) {
    match eval
        .inventory
        .recipients
        .get(r)
        .and_then(|x| x.kind.clone())
    {
        None => eval.missing(Item::Recipient(r), "what kind of recipient it is", "kind"),
        Some(kind) if !eval.within_any(kind.value, kinds) => {
            let what = format!("is {}", eval.a_name(kind.value));
            let rule = format!(
                "the policy shares it only with {}",
                eval.written_list(kinds)
            );
            broken(
                eval,
                r,
                (Code::RecipientsKindNotAllowed, kind.loc),
                (&what, &rule),
                data,
            );
        }
        Some(_) => {}
    }
}

fn located_in(eval: &mut Eval<'_>, r: usize, data: &DataSelector, regions: &Terms) {
    let Some(locations) = eval
        .inventory
        .recipients
        .get(r)
        .and_then(|x| x.locations.clone())
    else {
        return eval.missing(
            Item::Recipient(r),
            "where it processes the data",
            "location",
        );
    };
    let outside: Vec<_> = locations
        .iter()
        .filter(|l| !eval.within_any(l.value, regions))
        .cloned()
        .collect();
    for place in outside {
        let what = format!("is located in {}", eval.value(place.loc));
        let rule = format!(
            "the policy shares it only with recipients in {}",
            eval.written_list(regions)
        );
        broken(
            eval,
            r,
            (Code::RecipientsOutsideRegion, place.loc),
            (&what, &rule),
            data,
        );
    }
}

/// `<data> never shared with <kinds>`
pub fn banned(eval: &mut Eval<'_>, data: &DataSelector, kinds: &Terms) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    for &r in &matched.recipients {
        let Some(kind) = eval.inventory.recipients.get(r).map(|x| x.kind.clone()) else {
            continue;
        };
        let Some(kind) = kind else {
            eval.missing(Item::Recipient(r), "what kind of recipient it is", "kind");
            continue;
        };
        if eval.within_any(kind.value, kinds) {
            let what = format!("is {}", eval.a_name(kind.value));
            let rule = format!("`{}` forbids that", eval.statement());
            broken(
                eval,
                r,
                (Code::RecipientsBanned, kind.loc),
                (&what, &rule),
                data,
            );
        } else if eval.overlaps_any(kind.value, kinds) {
            let listed = eval.written_list(kinds);
            too_broad(eval, Item::Recipient(r), &kind, "kind", &listed);
        }
    }
}

/// `<data> shared with <kinds> only for <purposes>`
pub fn purpose_limited(eval: &mut Eval<'_>, data: &DataSelector, kinds: &Terms, purposes: &Terms) {
    let check = Purposes {
        code: Code::RecipientsPurposeNotAllowed,
        listed: purposes,
        banned: false,
    };
    each_recipient(eval, data, kinds, &check);
}

/// `no <kinds> receives <data> for [its own] <purposes>`
pub fn purpose_banned(eval: &mut Eval<'_>, data: &DataSelector, kinds: &Terms, purposes: &Terms) {
    let check = Purposes {
        code: Code::RecipientsPurposeBanned,
        listed: purposes,
        banned: true,
    };
    each_recipient(eval, data, kinds, &check);
}

/// An allow-list or a ban of purposes.
struct Purposes<'t> {
    code: Code,
    listed: &'t Terms,
    banned: bool,
}

/// Checks the purposes of each recipient of `kinds` receiving the data.
fn each_recipient(eval: &mut Eval<'_>, data: &DataSelector, kinds: &Terms, check: &Purposes<'_>) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    for &r in &matched.recipients {
        let Some(recipient) = eval.inventory.recipients.get(r) else {
            continue;
        };
        let (kind, purposes) = (recipient.kind.clone(), recipient.purposes.clone());
        let Some(kind) = kind else {
            eval.missing(Item::Recipient(r), "what kind of recipient it is", "kind");
            continue;
        };
        if !eval.overlaps_any(kind.value, kinds) {
            continue;
        }
        let Some(purposes) = purposes else {
            eval.missing(Item::Recipient(r), "what it uses the data for", "purposes");
            continue;
        };
        for purpose in purposes {
            recipient_purpose(eval, r, &purpose, check, data);
        }
    }
}

fn recipient_purpose(
    eval: &mut Eval<'_>,
    r: usize,
    purpose: &At<TermId>,
    check: &Purposes<'_>,
    data: &DataSelector,
) {
    let what = format!("uses it for {}", eval.value(purpose.loc));
    let listed = eval.written_list(check.listed);
    let within = eval.within_any(purpose.value, check.listed);
    if !within && eval.overlaps_any(purpose.value, check.listed) {
        // Broader than a listed purpose: it may or may not break the rule.
        too_broad(eval, Item::Recipient(r), purpose, "purpose", &listed);
    } else if check.banned && within {
        let rule = format!("`{}` forbids that", eval.statement());
        broken(eval, r, (check.code, purpose.loc), (&what, &rule), data);
    } else if !check.banned && !within {
        let rule = format!("the policy allows only {listed}");
        broken(eval, r, (check.code, purpose.loc), (&what, &rule), data);
    }
}

/// Reports recipient `r` breaking the statement: `what` it does, and the
/// `rule` that forbids it.
fn broken(
    eval: &mut Eval<'_>,
    r: usize,
    (code, loc): (Code, Loc),
    (what, rule): (&str, &str),
    data: &DataSelector,
) {
    let item = Item::Recipient(r);
    let everything = eval
        .inventory
        .recipients
        .get(r)
        .is_some_and(|x| x.categories.is_empty());
    let why = if everything {
        " (it lists no `categories`, so it receives everything its system holds)"
    } else {
        ""
    };
    let message = format!(
        "recipient `{}` receives {}{why} and {what}; {rule}",
        eval.inventory.path(item),
        eval.data_words(data),
    );
    let help = "stop sending it this data, correct the inventory if it is wrong, or waive the finding with a reason".to_owned();
    eval.report(Report {
        code,
        loc,
        item,
        message,
        label: what,
        help,
    });
}

/// A declared term broader than the listed ones (`listed`, in words): it
/// may or may not break the promise, so the promise cannot be proven until
/// the term is narrowed.
pub fn too_broad(eval: &mut Eval<'_>, item: Item, term: &At<TermId>, what: &str, listed: &str) {
    let message = format!(
        "{} `{}` states its {what} as `{}`, which may include {listed}, so `{}` cannot be proven",
        super::eval::kind_word(item),
        eval.inventory.path(item),
        eval.value(term.loc),
        eval.statement()
    );
    let help = format!(
        "state the {what} precisely, with narrower terms that show whether it includes {listed}"
    );
    eval.report(Report {
        code: Code::EvidenceMissing,
        loc: term.loc,
        item,
        message,
        label: "too broad to tell",
        help,
    });
}
