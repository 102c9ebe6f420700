//! `<data> used only for <purposes>` and `<data> never used for <purposes>`.

use super::eval::{Eval, Report, kind_word};
use super::index::covered;
use crate::diagnostic::Code;
use crate::inventory::{Item, TermsAt};
use crate::policy::{DataSelector, Terms};
use crate::taxonomy::TermId;

/// Every field (and recipient) holding the data uses it only for `allowed`.
pub fn limited(eval: &mut Eval<'_>, data: &DataSelector, allowed: &Terms) {
    let rule = Rule::new(Code::PurposeNotAllowed, allowed, false);
    each_holder(eval, data, &rule);
}

/// No field (or recipient) holding the data uses it for `banned`.
pub fn banned(eval: &mut Eval<'_>, data: &DataSelector, banned: &Terms) {
    let rule = Rule::new(Code::PurposeBanned, banned, true);
    each_holder(eval, data, &rule);
}

struct Rule<'t> {
    code: Code,
    listed: &'t Terms,
    banned: bool,
    /// Verdicts already reached, by purpose: thousands of fields repeat
    /// the few purposes their datasets and systems declare.
    judged: std::cell::RefCell<Vec<(TermId, Verdict)>>,
}

/// How one declared purpose stands against the rule.
#[derive(Clone, Copy)]
enum Verdict {
    Keeps,
    /// Broader than a listed purpose (`marketing` against `direct
    /// marketing`): it may or may not break the rule, so it is unproven.
    TooBroad,
    Breaks,
}

impl Rule<'_> {
    fn new(code: Code, listed: &Terms, banned: bool) -> Rule<'_> {
        Rule {
            code,
            listed,
            banned,
            judged: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn verdict(&self, eval: &Eval<'_>, purpose: TermId) -> Verdict {
        let known = self
            .judged
            .borrow()
            .iter()
            .find(|(p, _)| *p == purpose)
            .map(|(_, v)| *v);
        if let Some(verdict) = known {
            return verdict;
        }
        let within = eval.within_any(purpose, self.listed);
        let verdict = if !within && eval.overlaps_any(purpose, self.listed) {
            Verdict::TooBroad
        } else if within == self.banned {
            Verdict::Breaks
        } else {
            Verdict::Keeps
        };
        self.judged.borrow_mut().push((purpose, verdict));
        verdict
    }
}

/// Something that uses data: a field, a dataset described without fields,
/// or a recipient.
#[derive(Clone, Copy)]
enum Holder {
    Field(usize, usize),
    Dataset(usize),
    Recipient(usize),
}

fn each_holder(eval: &mut Eval<'_>, data: &DataSelector, rule: &Rule<'_>) {
    let Some(matched) = eval.holding(data) else {
        return;
    };
    let inventory = eval.inventory;
    for &f in &matched.fields {
        let Some(field) = inventory.fields.get(f) else {
            continue;
        };
        let (purposes, dataset) = (field.purposes.as_ref(), field.dataset);
        holder(eval, purposes, Holder::Field(f, dataset), rule, data);
    }
    for &d in &matched.datasets {
        let Some(dataset) = inventory.datasets.get(d) else {
            continue;
        };
        if dataset
            .categories
            .iter()
            .any(|c| covered(eval.taxonomy, data, c.value))
        {
            let purposes = dataset.purposes.as_ref();
            holder(eval, purposes, Holder::Dataset(d), rule, data);
        }
    }
    for &r in &matched.recipients {
        let purposes = inventory
            .recipients
            .get(r)
            .and_then(|x| x.purposes.as_ref());
        holder(eval, purposes, Holder::Recipient(r), rule, data);
    }
}

/// Checks one holder's purposes.
fn holder(
    eval: &mut Eval<'_>,
    purposes: Option<&TermsAt>,
    who: Holder,
    rule: &Rule<'_>,
    data: &DataSelector,
) {
    let Some(purposes) = purposes else {
        // A field without purposes has none from its dataset or system
        // either: one `purposes:` on the dataset fixes them all.
        let item = match who {
            Holder::Field(_, d) | Holder::Dataset(d) => Item::Dataset(d),
            Holder::Recipient(r) => Item::Recipient(r),
        };
        return eval.missing(item, "what it uses the data for", "purposes");
    };
    for purpose in purposes {
        let item = |eval: &Eval<'_>| match who {
            Holder::Field(f, d) => eval.owner(purpose.loc, Some(f), d),
            Holder::Dataset(d) => eval.owner(purpose.loc, None, d),
            Holder::Recipient(r) => Item::Recipient(r),
        };
        match rule.verdict(eval, purpose.value) {
            Verdict::Keeps => {}
            Verdict::TooBroad => {
                let listed = eval.written_list(rule.listed);
                let item = item(eval);
                super::recipients::too_broad(eval, item, purpose, "purpose", &listed);
            }
            Verdict::Breaks => {
                let item = item(eval);
                report(eval, item, purpose, rule, data);
            }
        }
    }
}

fn report(
    eval: &mut Eval<'_>,
    item: Item,
    purpose: &crate::inventory::At<TermId>,
    rule: &Rule<'_>,
    data: &DataSelector,
) {
    let verdict = if rule.banned {
        format!("which `{}` forbids", eval.statement())
    } else {
        format!(
            "but the policy allows only {} (`{}`)",
            eval.written_list(rule.listed),
            eval.statement()
        )
    };
    let message = format!(
        "{} `{}` uses {} for `{}`, {verdict}",
        kind_word(item),
        eval.inventory.path(item),
        eval.data_words(data),
        eval.value(purpose.loc),
    );
    let label = if rule.banned {
        "a forbidden purpose"
    } else {
        "not an allowed purpose"
    };
    let help = "stop using the data for this purpose, correct the inventory if it is wrong, or waive the finding with a reason".to_owned();
    eval.report(Report {
        code: rule.code,
        loc: purpose.loc,
        item,
        message,
        label,
        help,
    });
}
