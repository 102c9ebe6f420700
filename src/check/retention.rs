//! Retention: `retained at most <d> after <event>`, `retained until <event>`.

use super::eval::{Eval, Report, kind_word};
use crate::diagnostic::Code;
use crate::duration::Duration;
use crate::inventory::{At, Item, Retention, TermsAt};
use crate::policy::{DataSelector, Terms};
use crate::taxonomy::TermId;

/// What the statement allows: at most `max` after `event`.
struct Limit {
    max: Duration,
    event: TermId,
    /// `until` statements: the period must be zero.
    until: bool,
}

/// `retained at most <max> [after <event>]`
pub fn limit(
    eval: &mut Eval<'_>,
    data: &DataSelector,
    max: Duration,
    after: Option<TermId>,
    unless: &Terms,
) {
    let collection = eval
        .taxonomy
        .lookup(crate::taxonomy::Vocabulary::Event, "collection");
    let Some(event) = after.or(collection) else {
        return;
    };
    check(
        eval,
        data,
        &Limit {
            max,
            event,
            until: false,
        },
        unless,
    );
}

/// `retained until <event>`
pub fn until(eval: &mut Eval<'_>, data: &DataSelector, event: TermId, unless: &Terms) {
    check(
        eval,
        data,
        &Limit {
            max: Duration::ZERO,
            event,
            until: true,
        },
        unless,
    );
}

fn check(eval: &mut Eval<'_>, data: &DataSelector, limit: &Limit, unless: &Terms) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    // Fields repeat the few retentions their datasets and systems declare:
    // one that keeps the limit is judged once, not per field.
    let mut kept: Vec<Retention> = Vec::new();
    for &f in &matched.fields {
        let Some(field) = eval.inventory.fields.get(f) else {
            continue;
        };
        let retention = field.retention.as_ref().map(|r| r.value);
        if retention.is_some_and(|r| kept.contains(&r)) {
            continue;
        }
        if let Some(r) = retention
            && verdict(eval, r, limit).is_none()
        {
            kept.push(r);
            continue;
        }
        if exempt(eval, field.purposes.as_ref(), unless) {
            continue;
        }
        let (retention, dataset) = (field.retention.clone(), field.dataset);
        holder(eval, retention, (Some(f), dataset), limit, data);
    }
    for &d in &matched.datasets {
        let Some(dataset) = eval.inventory.datasets.get(d) else {
            continue;
        };
        let own = dataset
            .categories
            .iter()
            .any(|c| super::index::covered(eval.taxonomy, data, c.value));
        if own && !exempt(eval, dataset.purposes.as_ref(), unless) {
            holder(eval, dataset.retention.clone(), (None, d), limit, data);
        }
    }
}

/// Data kept for a purpose the statement excepts (`unless for ...`).
fn exempt(eval: &Eval<'_>, purposes: Option<&TermsAt>, unless: &Terms) -> bool {
    !unless.is_empty()
        && purposes
            .is_some_and(|p| !p.is_empty() && p.iter().all(|u| eval.within_any(u.value, unless)))
}

fn holder(
    eval: &mut Eval<'_>,
    retention: Option<At<Retention>>,
    (field, dataset): (Option<usize>, usize),
    limit: &Limit,
    data: &DataSelector,
) {
    let Some(retention) = retention else {
        // A field without retention has none from its dataset or system
        // either: one `retention:` on the dataset fixes them all.
        return eval.missing(
            Item::Dataset(dataset),
            "how long it keeps the data",
            "retention",
        );
    };
    let Some((code, label)) = verdict(eval, retention.value, limit) else {
        return;
    };
    let item = eval.owner(retention.loc, field, dataset);
    // Name the field that holds the data when the limit is set higher up.
    let holder = match (field, item) {
        (Some(f), Item::Dataset(_) | Item::System(_)) => {
            format!(" (in field `{}`)", eval.inventory.path(Item::Field(f)))
        }
        _ => String::new(),
    };
    let message = format!(
        "{} `{}` keeps {}{holder} {}, but the policy allows {}",
        kind_word(item),
        eval.inventory.path(item),
        eval.data_words(data),
        describe(eval, retention.value),
        allowed(eval, limit),
    );
    let help = help(eval, limit);
    let loc = retention.loc;
    eval.report(Report {
        code,
        loc,
        item,
        message,
        label: &label,
        help,
    });
}

/// The code and label for a retention that breaks the limit, or `None`.
fn verdict(eval: &Eval<'_>, retention: Retention, limit: &Limit) -> Option<(Code, String)> {
    let Retention::After { period, event } = retention else {
        return Some((Code::RetentionUnbounded, "kept with no limit".to_owned()));
    };
    if !eval.taxonomy.precedes(event, limit.event) {
        let label = format!(
            "counts from {}, not {}",
            eval.name(event),
            eval.name(limit.event)
        );
        return Some((Code::RetentionWrongEvent, label));
    }
    let within = if limit.until {
        period.compare(Duration::ZERO).is_eq()
    } else {
        period.compare(limit.max).is_le()
    };
    if within {
        // Most holders keep their promise: no words are spent on them.
        return None;
    }
    let label = if limit.until {
        format!("kept {period} after {}", eval.name(event))
    } else {
        format!("{period} is longer than {}", limit.max)
    };
    Some((Code::RetentionExceeded, label))
}

fn describe(eval: &Eval<'_>, retention: Retention) -> String {
    match retention {
        Retention::Indefinite => "indefinitely".to_owned(),
        Retention::After { period, event } if period == Duration::ZERO => {
            format!("until {}", eval.name(event))
        }
        Retention::After { period, event } => format!("for {period} after {}", eval.name(event)),
    }
}

fn allowed(eval: &Eval<'_>, limit: &Limit) -> String {
    if limit.until {
        format!(
            "keeping it only until {} (`{}`)",
            eval.name(limit.event),
            eval.statement()
        )
    } else {
        format!(
            "at most {} after {} (`{}`)",
            limit.max,
            eval.name(limit.event),
            eval.statement()
        )
    }
}

fn help(eval: &Eval<'_>, limit: &Limit) -> String {
    let event = eval.name(limit.event);
    if limit.until {
        format!(
            "set `retention: {{ until: {event} }}` (or an earlier event), or waive the finding with a reason"
        )
    } else {
        format!(
            "set `retention: {{ period: {}, after: {event} }}` or shorter, or waive the finding with a reason",
            limit.max
        )
    }
}
