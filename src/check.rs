//! Evaluation: every statement of every commitment against the inventory
//! and the config, producing [`Finding`]s.
//!
//! Pure: no file system, no printing. The CLI, the language server and the
//! tests all call [`check`]. One module per kind of statement; each reports
//! broken promises and, where the inventory lacks a fact the promise needs,
//! missing evidence — never a silent pass.

mod collection;
mod config;
mod contract;
mod deidentified;
mod disclosure;
mod eval;
pub mod finding;
mod index;
mod purpose;
mod recipients;
mod residency;
mod retention;
mod security;
mod transfer;
pub mod waive;

use std::collections::BTreeMap;

pub use finding::{CommitmentRef, Finding, Subject, Waived};

use self::eval::Eval;
use self::index::Index;
use crate::config::ConfigFile;
use crate::inventory::Inventory;
use crate::policy::{Commitment, Policy, Promise, Statement};
use crate::taxonomy::Taxonomy;

/// Config files matched by the project's `config` statements.
#[derive(Debug, Default)]
pub struct Configs {
    /// Every config file read, once each.
    pub files: Vec<ConfigFile>,
    /// For each glob written in a policy, the indexes of the files it
    /// matches, in path order.
    pub matches: BTreeMap<String, Vec<usize>>,
}

/// Everything a check reads.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The vocabulary terms were resolved against.
    pub taxonomy: &'a Taxonomy,
    /// The resolved policies.
    pub policies: &'a [Policy],
    /// The loaded inventory.
    pub inventory: &'a Inventory,
    /// The config files.
    pub configs: &'a Configs,
}

/// Evaluates every statement; findings come back sorted by file, line,
/// column and code, one per offending value and statement.
pub fn check(input: &Input<'_>) -> Vec<Finding> {
    let index = Index::build(input.inventory);
    let statements: Vec<_> = statements(input.policies).collect();
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // Statements are independent and the findings are sorted afterwards,
    // so they are dealt round-robin to one worker per core; the output is
    // the same whatever the number of workers.
    let findings = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(statements.len()).max(1))
            .map(|first| {
                let share = statements.iter().skip(first).step_by(workers);
                let index = &index;
                scope.spawn(move || evaluate_all(input, index, share))
            })
            .collect();
        let joined = handles.into_iter().map(|handle| {
            handle
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
        });
        joined.flatten().collect()
    });
    dedup_and_sort(findings)
}

/// A statement with the commitment and policy it belongs to.
type StatementOf<'a> = (&'a Policy, &'a Commitment, &'a Statement);

/// Every statement of every commitment, in file order.
fn statements(policies: &[Policy]) -> impl Iterator<Item = StatementOf<'_>> {
    policies.iter().flat_map(|policy| {
        policy.commitments.iter().flat_map(move |commitment| {
            let of = move |statement| (policy, commitment, statement);
            commitment.statements.iter().map(of)
        })
    })
}

fn evaluate_all<'a>(
    input: &Input<'_>,
    index: &Index,
    statements: impl Iterator<Item = &'a StatementOf<'a>>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for &(policy, commitment, statement) in statements {
        let reference = CommitmentRef::new(policy, commitment, statement);
        let mut eval = Eval::new(input, index, reference, commitment.severity, &mut findings);
        evaluate(&mut eval, &statement.promise);
    }
    findings
}

fn evaluate(eval: &mut Eval<'_>, promise: &Promise) {
    match promise {
        Promise::RetentionLimit {
            data,
            max,
            after,
            unless,
        } => {
            retention::limit(
                eval,
                data,
                max.value,
                after.as_ref().map(|a| a.value),
                unless,
            );
        }
        Promise::RetentionUntil {
            data,
            event,
            unless,
        } => retention::until(eval, data, event.value, unless),
        Promise::NoDisclosure {
            data,
            sale,
            sharing,
            subjects,
        } => {
            disclosure::no_disclosure(eval, data, (*sale, *sharing), subjects);
        }
        Promise::NoCollection { data, subjects } => collection::no_collection(eval, data, subjects),
        Promise::CollectionLimited { data } => collection::limited(eval, data),
        Promise::Residency {
            data,
            scope,
            regions,
        } => residency::residency(eval, data, scope.value, regions),
        Promise::RecipientsLimited {
            data,
            kinds,
            regions,
        } => recipients::limited(eval, data, kinds, regions),
        Promise::RecipientsBanned { data, kinds } => recipients::banned(eval, data, kinds),
        Promise::RecipientPurposeLimited {
            data,
            kinds,
            purposes,
        } => {
            recipients::purpose_limited(eval, data, kinds, purposes);
        }
        Promise::RecipientPurposeBanned {
            data,
            kinds,
            purposes,
            ..
        } => {
            recipients::purpose_banned(eval, data, kinds, purposes);
        }
        Promise::TransferMechanism {
            data,
            origin,
            mechanisms,
        } => {
            transfer::mechanism(eval, data, origin, mechanisms);
        }
        Promise::PurposeLimited { data, purposes } => purpose::limited(eval, data, purposes),
        Promise::PurposeBanned { data, purposes } => purpose::banned(eval, data, purposes),
        Promise::Encrypted {
            data,
            at_rest,
            in_transit,
        } => {
            security::encrypted(eval, data, *at_rest, *in_transit);
        }
        Promise::DeIdentified { target } => deidentified::deidentified(eval, target),
        Promise::ContractRequired {
            kinds,
            data,
            contracts,
        } => {
            contract::required(eval, kinds, data.as_ref(), contracts);
        }
        Promise::ConfigFact { glob, path, test } => config::fact(eval, glob, &path.value, test),
    }
}

/// One finding per (statement, code, offending value): a retention set on a
/// dataset is reported once, not once per field that inherits it.
fn dedup_and_sort(findings: Vec<Finding>) -> Vec<Finding> {
    let mut unique: BTreeMap<_, Finding> = BTreeMap::new();
    for finding in findings {
        let key = (
            finding.commitment.file.path().to_path_buf(),
            finding.commitment.statement,
            finding.code,
            finding.file.path().to_path_buf(),
            finding.span,
        );
        unique.entry(key).or_insert(finding);
    }
    let mut out: Vec<Finding> = unique.into_values().collect();
    out.sort_by_cached_key(Finding::sort_key);
    out
}
