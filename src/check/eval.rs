//! The evaluation context of one statement, and the helpers every kind of
//! check shares: reporting findings, naming items, missing evidence.

use std::sync::Arc;

use super::index::{Index, Matched};
use super::{CommitmentRef, Configs, Finding, Input, Subject};
use crate::ast::Severity;
use crate::diagnostic::Code;
use crate::inventory::{At, Inventory, Item, Loc, TermsAt};
use crate::policy::{DataSelector, SubjectScope, Terms};
use crate::source::{SourceFile, Span};
use crate::taxonomy::{Taxonomy, TermId};

/// What one finding says, before it is tied to the statement.
pub struct Report<'m> {
    /// The code.
    pub code: Code,
    /// Where the offending value is.
    pub loc: Loc,
    /// Which item a waiver must name.
    pub item: Item,
    /// The one-sentence message.
    pub message: String,
    /// The label under the value.
    pub label: &'m str,
    /// How to fix it.
    pub help: String,
}

/// Evaluation state for one statement.
pub struct Eval<'a> {
    pub taxonomy: &'a Taxonomy,
    pub inventory: &'a Inventory,
    pub configs: &'a Configs,
    index: &'a Index,
    commitment: CommitmentRef,
    severity: Severity,
    out: &'a mut Vec<Finding>,
}

impl<'a> Eval<'a> {
    /// A context for one statement of a commitment.
    pub fn new(
        input: &Input<'a>,
        index: &'a Index,
        commitment: CommitmentRef,
        severity: Severity,
        out: &'a mut Vec<Finding>,
    ) -> Self {
        Self {
            taxonomy: input.taxonomy,
            inventory: input.inventory,
            configs: input.configs,
            index,
            commitment,
            severity,
            out,
        }
    }

    /// The statement as written in the policy, whitespace collapsed.
    pub fn statement(&self) -> String {
        one_line(self.commitment.file.slice(self.commitment.statement))
    }

    /// Text of the policy file at `span` (a term as the author wrote it).
    pub fn written(&self, span: Span) -> &str {
        self.commitment.file.slice(span)
    }

    /// The terms as the policy wrote them: "US, EEA".
    pub fn written_list(&self, terms: &Terms) -> String {
        let mut words: Vec<&str> = terms.iter().map(|t| self.written(t.span)).collect();
        words.dedup();
        words.join(", ")
    }

    /// Alternatives as the policy wrote them: "SCC or adequacy decision".
    pub fn written_alternatives(&self, terms: &Terms) -> String {
        let mut words: Vec<&str> = terms.iter().map(|t| self.written(t.span)).collect();
        words.dedup();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.join(""),
        }
    }

    /// A term's name with its article: "a data broker", "an analytics
    /// partner".
    pub fn a_name(&self, term: TermId) -> String {
        let name = self.name(term);
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// The data a selector names, as written: "personal data".
    pub fn data_words(&self, data: &DataSelector) -> String {
        one_line(self.written(data.span))
    }

    /// Text of the inventory at `loc`.
    pub fn value(&self, loc: Loc) -> &str {
        self.inventory
            .file(loc.file)
            .map_or("", |f| f.slice(loc.span))
    }

    /// Everything holding or receiving the data; `None`, after reporting
    /// that the statement checks nothing, when no store holds it.
    pub fn holding(&mut self, data: &DataSelector) -> Option<Arc<Matched>> {
        let matched = self.select(data);
        if matched.holds_nothing() {
            self.matches_nothing(data);
            return None;
        }
        Some(matched)
    }

    /// The run's index of the inventory.
    pub fn index(&self) -> &'a Index {
        self.index
    }

    /// Everything holding or receiving the data.
    pub fn select(&self, data: &DataSelector) -> Arc<Matched> {
        self.index.select(self.inventory, self.taxonomy, data)
    }

    /// The stores recipient `r`'s copy of the data comes from: datasets of
    /// its system holding a category the selector covers and the recipient
    /// receives.
    pub fn sources(&self, r: usize, data: &DataSelector) -> Vec<usize> {
        let inv = self.inventory;
        let Some(system) = inv
            .recipients
            .get(r)
            .and_then(|x| inv.systems.get(x.system))
        else {
            return Vec::new();
        };
        let received = self.index.received(r);
        // A system's fields repeat a few categories many times over; each is
        // judged once per call (this was the check's hottest loop).
        let mut judged: Vec<(TermId, bool)> = Vec::new();
        let mut relevant = |c: TermId| {
            if let Some(&(_, known)) = judged.iter().find(|(k, _)| *k == c) {
                return known;
            }
            let is = super::index::covered(self.taxonomy, data, c)
                && received.iter().any(|&x| self.taxonomy.overlaps(c, x));
            judged.push((c, is));
            is
        };
        let mut holds = |d: &usize| self.index.held(*d).iter().any(|&c| relevant(c));
        system
            .datasets
            .iter()
            .copied()
            .filter(|d| holds(d))
            .collect()
    }

    /// Reports a broken promise.
    pub fn report(&mut self, report: Report<'_>) {
        let Some(file) = self.inventory.file(report.loc.file).cloned() else {
            return;
        };
        let subject = Subject::Item(kind_word(report.item), self.inventory.path(report.item));
        self.push(
            report.code,
            file,
            report.loc.span,
            subject,
            report.message,
            report.label,
            report.help,
        );
    }

    /// Reports a finding located in the policy itself (a pattern that
    /// matches nothing) or in a config file.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call site per kind; a struct would only rename them"
    )]
    pub fn push(
        &mut self,
        code: Code,
        file: SourceFile,
        span: Span,
        subject: Subject,
        message: String,
        label: &str,
        help: String,
    ) {
        self.out.push(Finding {
            code,
            severity: self.severity,
            message,
            help,
            file,
            span,
            label: label.to_owned(),
            commitment: self.commitment.clone(),
            subject,
            waived: None,
        });
    }

    /// Reports that the statement's data matches nothing in the inventory.
    pub fn matches_nothing(&mut self, data: &DataSelector) {
        if self.inventory.datasets.is_empty() {
            // No inventory at all is reported once by the pipeline.
            return;
        }
        let words = self.data_words(data);
        let message =
            format!("no dataset in the inventory holds {words}, so this statement checks nothing");
        let help = "fix the data term, or declare the data in the inventory; a promise that checks nothing hides a gap".to_owned();
        self.in_policy(
            Code::CommitmentMatchesNothing,
            data.span,
            message,
            "matches no data",
            help,
        );
    }

    /// Reports a finding located in the policy file itself: a statement
    /// that checks nothing. These are warnings (at most): the policy, not
    /// the system, needs fixing.
    pub fn in_policy(
        &mut self,
        code: Code,
        span: Span,
        message: String,
        label: &str,
        help: String,
    ) {
        let file = self.commitment.file.clone();
        self.push(code, file, span, Subject::Commitment, message, label, help);
        if let Some(last) = self.out.last_mut() {
            last.severity = last.severity.min(Severity::Warning);
        }
    }

    /// Reports that `item` does not state a fact the statement needs.
    pub fn missing(&mut self, item: Item, fact: &str, key: &str) {
        let Some(loc) = self.name_loc(item) else {
            return;
        };
        let kind = kind_word(item);
        let path = self.inventory.path(item);
        let statement = self.statement();
        let message =
            format!("{kind} `{path}` does not say {fact}, so `{statement}` cannot be proven");
        let help = format!("add `{key}:` to the {kind}{}", inherit_hint(item, key));
        let label = format!("add `{key}:` here");
        self.report(Report {
            code: Code::EvidenceMissing,
            loc,
            item,
            message,
            label: &label,
            help,
        });
    }

    /// Where an item's name is written.
    pub fn name_loc(&self, item: Item) -> Option<Loc> {
        let inv = self.inventory;
        Some(match item {
            Item::System(i) => inv.systems.get(i)?.name.loc,
            Item::Dataset(i) => inv.datasets.get(i)?.name.loc,
            Item::Field(i) => inv.fields.get(i)?.name.loc,
            Item::Recipient(i) => inv.recipients.get(i)?.name.loc,
        })
    }

    /// The item that wrote a fact `field` or `dataset` holds: the field
    /// itself, its dataset, or the system they inherit it from.
    pub fn owner(&self, loc: Loc, field: Option<usize>, dataset: usize) -> Item {
        let inv = self.inventory;
        let Some(ds) = inv.datasets.get(dataset) else {
            return Item::Dataset(dataset);
        };
        let on_system = inv
            .systems
            .get(ds.system)
            .is_some_and(|s| s.facts.binary_search(&loc).is_ok());
        if on_system {
            return Item::System(ds.system);
        }
        match field {
            Some(f) if !fact_locs(ds).any(|l| l == loc) => Item::Field(f),
            _ => Item::Dataset(dataset),
        }
    }

    /// Whether a dataset's subjects are ones the scope is about: only a
    /// scope naming specific kinds (not "users" or "children") filters.
    pub fn subjects_apply(&self, scope: &SubjectScope, kinds: Option<&TermsAt>) -> bool {
        let specific: Vec<TermId> = scope
            .subjects
            .iter()
            .map(|s| s.value)
            .filter(|&s| !self.is_group(s))
            .collect();
        match kinds {
            Some(kinds) if !specific.is_empty() => kinds
                .iter()
                .any(|k| specific.iter().any(|&s| self.taxonomy.overlaps(k.value, s))),
            _ => true,
        }
    }

    /// Whether a subject term stands for people in general.
    fn is_group(&self, subject: TermId) -> bool {
        let entry = self.taxonomy.entry(subject);
        let has_members = || {
            let entries = self.taxonomy.entries(subject.vocabulary());
            entries
                .into_iter()
                .any(|(_, e)| e.parents.contains(&subject))
        };
        entry.requires_age || has_members()
    }

    /// Whether `term` lies within one of `allowed`.
    pub fn within_any(&self, term: TermId, allowed: &Terms) -> bool {
        allowed
            .iter()
            .any(|a| self.taxonomy.is_within(term, a.value))
    }

    /// Whether `term` overlaps one of `listed`.
    pub fn overlaps_any(&self, term: TermId, listed: &Terms) -> bool {
        listed.iter().any(|a| self.taxonomy.overlaps(term, a.value))
    }

    /// The taxonomy's display name of a term, lowercase: "last login",
    /// "account closed", "analytics partner".
    pub fn name(&self, term: TermId) -> String {
        self.taxonomy.entry(term).name.to_lowercase()
    }
}

/// Policy text as one line: comments dropped (a list may carry a comment
/// after each comma), runs of whitespace collapsed.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(without_comment(line));
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `line` up to a `#` or `//` comment that is not inside a string.
fn without_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if previous != '\\' => in_string = !in_string,
            '#' if !in_string => return line.get(..i).unwrap_or(line),
            '/' if !in_string && previous == '/' => return line.get(..i - 1).unwrap_or(line),
            _ => {}
        }
        previous = c;
    }
    line
}

/// Every location a dataset's inheritable facts are written at.
fn fact_locs(d: &crate::inventory::Dataset) -> impl Iterator<Item = Loc> + '_ {
    let single = [
        d.retention.as_ref().map(|r| r.loc),
        d.at_rest.as_ref().map(|r| r.loc),
        d.in_transit.as_ref().map(|r| r.loc),
        d.subjects.min_age.as_ref().map(|r| r.loc),
    ];
    let lists = [
        &d.purposes,
        &d.locations,
        &d.access_from,
        &d.subjects.kinds,
        &d.subjects.regions,
    ];
    let listed = lists
        .into_iter()
        .flatten()
        .flat_map(|l| l.iter().map(|t: &At<TermId>| t.loc));
    single.into_iter().flatten().chain(listed)
}

/// "field", "dataset", "system" or "recipient".
pub fn kind_word(item: Item) -> &'static str {
    match item {
        Item::System(_) => "system",
        Item::Dataset(_) => "dataset",
        Item::Field(_) => "field",
        Item::Recipient(_) => "recipient",
    }
}

/// Where else an inheritable fact may be written (see docs/inventory.md).
fn inherit_hint(item: Item, key: &str) -> &'static str {
    let inherited = matches!(key, "retention" | "purposes" | "location" | "access_from")
        || key.starts_with("encryption.")
        || key.starts_with("subjects.");
    match item {
        Item::Field(_) if matches!(key, "retention" | "purposes") => {
            " (or to its dataset or system, which it inherits from)"
        }
        Item::Dataset(_) if inherited => " (or to its system, which it inherits from)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn comments_inside_a_statement_are_left_out() {
        let text =
            "collection limited to contact data,   # §1 form\n    \"a # b\" and device data // §2";
        assert_eq!(
            one_line(text),
            "collection limited to contact data, \"a # b\" and device data"
        );
    }
}
