//! A readable, deterministic print of a resolved policy.
//!
//! Used by snapshot tests and by `privet check --explain-rules` style
//! debugging: one line per fact, taxonomy ids rather than the words written,
//! and `line:col` for every statement.

use std::fmt::Write as _;

use super::{
    Commitment, ConfigTest, DataSelector, DeIdentifiedTarget, Effective, Policy, Promise,
    SubjectScope, Terms,
};
use crate::ast::{KeySegment, ResidencyScope};
use crate::taxonomy::Taxonomy;

/// Prints `policy` with ids from `taxonomy`.
pub fn describe(policy: &Policy, taxonomy: &Taxonomy) -> String {
    let mut out = Printer {
        out: String::new(),
        taxonomy,
    };
    out.policy(policy);
    out.out
}

struct Printer<'a> {
    out: String,
    taxonomy: &'a Taxonomy,
}

impl Printer<'_> {
    fn line(&mut self, indent: usize, text: impl AsRef<str>) {
        let _ = writeln!(
            self.out,
            "{:indent$}{}",
            "",
            text.as_ref(),
            indent = indent * 2
        );
    }

    fn ids(&self, terms: &Terms) -> String {
        let ids: Vec<&str> = terms
            .iter()
            .map(|t| self.taxonomy.id_str(t.value))
            .collect();
        ids.join(", ")
    }

    fn policy(&mut self, policy: &Policy) {
        self.line(0, format!("policy {:?}", policy.title.value));
        if let Some(url) = &policy.source_url {
            self.line(1, format!("source: {}", url.value));
        }
        match policy.effective.as_ref().map(|e| e.value) {
            Some(Effective::Date(date)) => self.line(1, format!("effective: {date}")),
            Some(Effective::Undated) => self.line(1, "effective: undated"),
            None => {}
        }
        if !policy.jurisdiction.is_empty() {
            let ids = self.ids(&policy.jurisdiction);
            self.line(1, format!("jurisdiction: {ids}"));
        }
        if let Some(version) = &policy.version {
            self.line(1, format!("version: {}", version.value));
        }
        for commitment in &policy.commitments {
            self.commitment(policy, commitment);
        }
    }

    fn commitment(&mut self, policy: &Policy, commitment: &Commitment) {
        let at = policy.file.line_col(commitment.span.start);
        let severity = commitment.severity.as_str();
        self.line(
            0,
            format!("commitment {} ({severity}) at {at}", commitment.id.value),
        );
        if let Some(section) = &commitment.section {
            self.line(1, format!("section: {}", section.value));
        }
        if let Some(quote) = &commitment.quote {
            self.line(1, format!("quote: {}", quote.value));
        }
        for statement in &commitment.statements {
            let at = policy.file.line_col(statement.span.start);
            self.promise(&at.to_string(), &statement.promise);
        }
    }

    fn data(&mut self, data: &DataSelector) {
        let include = self.ids(&data.include);
        self.line(2, format!("data: {include}"));
        if !data.except.is_empty() {
            let except = self.ids(&data.except);
            self.line(2, format!("except: {except}"));
        }
    }

    fn terms(&mut self, label: &str, terms: &Terms) {
        if !terms.is_empty() {
            let ids = self.ids(terms);
            self.line(2, format!("{label}: {ids}"));
        }
    }

    fn subjects(&mut self, subjects: &SubjectScope) {
        self.terms("subjects", &subjects.subjects);
        if let Some(age) = &subjects.under_age {
            self.line(2, format!("under age: {}", age.value));
        }
    }

    fn promise(&mut self, at: &str, promise: &Promise) {
        match promise {
            Promise::RetentionLimit {
                data,
                max,
                after,
                unless,
            } => {
                self.line(1, format!("{at} retention limit"));
                self.data(data);
                self.line(
                    2,
                    format!("at most: {} ({})", max.value, max.value.to_iso8601()),
                );
                let after = after
                    .as_ref()
                    .map_or("collection", |e| self.taxonomy.id_str(e.value));
                self.line(2, format!("after: {after}"));
                self.terms("unless for", unless);
            }
            Promise::RetentionUntil {
                data,
                event,
                unless,
            } => {
                self.line(1, format!("{at} retention until event"));
                self.data(data);
                let event = self.taxonomy.id_str(event.value);
                self.line(2, format!("until: {event}"));
                self.terms("unless for", unless);
            }
            Promise::NoDisclosure {
                data,
                sale,
                sharing,
                subjects,
            } => {
                let what = match (sale, sharing) {
                    (true, true) => "no sale or sharing",
                    (false, true) => "no sharing",
                    _ => "no sale",
                };
                self.line(1, format!("{at} {what}"));
                self.data(data);
                self.subjects(subjects);
            }
            Promise::NoCollection { data, subjects } => {
                self.line(1, format!("{at} no collection"));
                self.data(data);
                self.subjects(subjects);
            }
            Promise::CollectionLimited { data } => {
                self.line(1, format!("{at} collection limited"));
                self.data(data);
            }
            Promise::Residency {
                data,
                scope,
                regions,
            } => {
                let verb = match scope.value {
                    ResidencyScope::Stored => "stored",
                    ResidencyScope::Processed => "processed",
                    ResidencyScope::Accessed => "accessed",
                };
                self.line(1, format!("{at} residency ({verb})"));
                self.data(data);
                self.terms("only in", regions);
            }
            other => self.recipient_or_other(at, other),
        }
    }

    fn recipient_or_other(&mut self, at: &str, promise: &Promise) {
        match promise {
            Promise::RecipientsLimited {
                data,
                kinds,
                regions,
            } => {
                self.line(1, format!("{at} recipients limited"));
                self.data(data);
                self.terms("only to", kinds);
                self.terms("located in", regions);
            }
            Promise::RecipientsBanned { data, kinds } => {
                self.line(1, format!("{at} recipients banned"));
                self.data(data);
                self.terms("never to", kinds);
            }
            Promise::RecipientPurposeLimited {
                data,
                kinds,
                purposes,
            } => {
                self.line(1, format!("{at} recipient purposes limited"));
                self.data(data);
                self.terms("recipients", kinds);
                self.terms("only for", purposes);
            }
            Promise::RecipientPurposeBanned {
                data,
                kinds,
                purposes,
                own,
            } => {
                self.line(1, format!("{at} recipient purposes banned"));
                self.data(data);
                self.terms("recipients", kinds);
                let label = if *own {
                    "never for their own"
                } else {
                    "never for"
                };
                self.terms(label, purposes);
            }
            Promise::TransferMechanism {
                data,
                origin,
                mechanisms,
            } => {
                self.line(1, format!("{at} transfer mechanism"));
                self.data(data);
                self.terms("out of", origin);
                self.terms("requires one of", mechanisms);
            }
            other => self.use_or_control(at, other),
        }
    }

    fn use_or_control(&mut self, at: &str, promise: &Promise) {
        match promise {
            Promise::PurposeLimited { data, purposes } => {
                self.line(1, format!("{at} purposes limited"));
                self.data(data);
                self.terms("only for", purposes);
            }
            Promise::PurposeBanned { data, purposes } => {
                self.line(1, format!("{at} purposes banned"));
                self.data(data);
                self.terms("never for", purposes);
            }
            Promise::Encrypted {
                data,
                at_rest,
                in_transit,
            } => {
                self.line(1, format!("{at} encrypted"));
                self.data(data);
                self.line(2, format!("at rest: {at_rest}, in transit: {in_transit}"));
            }
            Promise::DeIdentified { target } => {
                self.line(1, format!("{at} de-identified"));
                match target {
                    DeIdentifiedTarget::Dataset(pattern) => {
                        self.line(2, format!("datasets: {:?}", pattern.value));
                    }
                    DeIdentifiedTarget::Data(data) => self.data(data),
                }
            }
            Promise::ContractRequired {
                kinds,
                data,
                contracts,
            } => {
                self.line(1, format!("{at} contract required"));
                self.terms("recipients", kinds);
                if let Some(data) = data {
                    self.data(data);
                }
                self.terms("contracts", contracts);
            }
            Promise::ConfigFact { glob, path, test } => {
                self.line(1, format!("{at} config fact"));
                self.line(2, format!("files: {:?}", glob.value));
                self.line(2, format!("key: {}", key_path(&path.value)));
                self.line(2, format!("test: {}", config_test(test)));
            }
            _ => {}
        }
    }
}

/// A key path as written: `a.b[0].c`.
pub fn key_path(segments: &[KeySegment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            KeySegment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            KeySegment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                if key.contains(['.', '[', ' ']) || key.is_empty() {
                    let _ = write!(out, "{key:?}");
                } else {
                    out.push_str(key);
                }
            }
        }
    }
    out
}

fn config_test(test: &ConfigTest) -> String {
    match test {
        ConfigTest::IsSet => "is set".to_owned(),
        ConfigTest::IsNotSet => "is not set".to_owned(),
        ConfigTest::Compare { op, value } => format!("{} {}", op.value.as_str(), value.value),
        ConfigTest::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| v.value.to_string()).collect();
            format!("is one of {}", values.join(", "))
        }
    }
}
