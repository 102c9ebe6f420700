//! Applying waivers: accepted exceptions with a reason and an expiry date.

use std::collections::BTreeMap;

use super::{CommitmentRef, Finding, Subject, Waived};
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::Date;
use crate::waiver::{Waiver, WaiverTarget, Waivers};

/// What applying waivers produced.
#[derive(Debug, Default)]
pub struct Applied {
    /// The findings, waived ones marked, plus a finding for every expired
    /// (error) or unused (warning) waiver.
    pub findings: Vec<Finding>,
    /// Waivers naming a commitment no policy defines (privet cannot tell
    /// what they waive).
    pub errors: Vec<Diagnostic>,
}

/// Marks findings accepted by a live waiver. `commitments` maps every
/// commitment id to a reference used for waiver findings.
pub fn apply(
    mut findings: Vec<Finding>,
    waivers: &Waivers,
    today: Date,
    commitments: &BTreeMap<String, CommitmentRef>,
) -> Applied {
    let mut applied = Applied::default();
    for waiver in &waivers.entries {
        let Some(commitment) = commitments.get(&waiver.commitment.value) else {
            applied
                .errors
                .push(unknown_commitment(waivers, waiver, commitments));
            continue;
        };
        let expired = waiver.expires.value < today;
        let mut used = false;
        for finding in findings.iter_mut().filter(|f| matches(waiver, f)) {
            used = true;
            if !expired {
                finding.waived = Some(Waived {
                    reason: waiver.reason.clone(),
                    expires: waiver.expires.value.to_string(),
                });
            }
        }
        if expired {
            applied
                .findings
                .push(expired_finding(waivers, waiver, commitment));
        } else if !used {
            applied
                .findings
                .push(unused_finding(waivers, waiver, commitment));
        }
    }
    findings.append(&mut applied.findings);
    findings.sort_by_cached_key(Finding::sort_key);
    applied.findings = findings;
    applied
}

/// Whether the waiver names the finding's commitment and item.
fn matches(waiver: &Waiver, finding: &Finding) -> bool {
    if finding.commitment.id != waiver.commitment.value || finding.waived.is_some() {
        return false;
    }
    let target = &waiver.target.value;
    match (&finding.subject, target) {
        (Subject::ConfigFile(path), WaiverTarget::Config(_)) => target.covers(path),
        (Subject::Item(_, path), WaiverTarget::System(_)) => target.covers(path),
        // `sys/x` may name a dataset and a recipient: match the kind too.
        (Subject::Item("dataset" | "field", path), WaiverTarget::Dataset(_))
        | (Subject::Item("field", path), WaiverTarget::Field(_))
        | (Subject::Item("recipient", path), WaiverTarget::Recipient(_)) => target.covers(path),
        _ => false,
    }
}

fn expired_finding(waivers: &Waivers, waiver: &Waiver, commitment: &CommitmentRef) -> Finding {
    let message = format!(
        "the waiver of `{}` was valid until {}, so what it waived is a violation again",
        waiver.commitment.value, waiver.expires.value
    );
    let help =
        "fix what the waiver covered and delete the waiver, or renew it with a new date and reason"
            .to_owned();
    waiver_finding(
        waivers,
        commitment,
        (Code::WaiverExpired, Severity::Error),
        waiver.expires.span,
        message,
        help,
    )
}

fn unused_finding(waivers: &Waivers, waiver: &Waiver, commitment: &CommitmentRef) -> Finding {
    let message = format!(
        "this waiver of `{}` matches no finding",
        waiver.commitment.value
    );
    let help = "delete it if the problem is fixed, or correct the item it names".to_owned();
    waiver_finding(
        waivers,
        commitment,
        (Code::WaiverUnused, Severity::Warning),
        waiver.target.span,
        message,
        help,
    )
}

fn waiver_finding(
    waivers: &Waivers,
    commitment: &CommitmentRef,
    (code, severity): (Code, Severity),
    span: crate::source::Span,
    message: String,
    help: String,
) -> Finding {
    let label = if code == Code::WaiverExpired {
        "expired"
    } else {
        "matches nothing"
    };
    Finding {
        code,
        severity,
        message,
        help,
        file: waivers.file.clone(),
        span,
        label: label.to_owned(),
        commitment: commitment.clone(),
        subject: Subject::Commitment,
        waived: None,
    }
}

fn unknown_commitment(
    waivers: &Waivers,
    waiver: &Waiver,
    commitments: &BTreeMap<String, CommitmentRef>,
) -> Diagnostic {
    let name = &waiver.commitment.value;
    let closest = commitments
        .keys()
        .map(|id| (strsim::jaro_winkler(id, name), id))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone());
    let d = Diagnostic::error(
        Code::WaiverInvalid,
        &waivers.file,
        waiver.commitment.span,
        format!("no policy defines a commitment `{name}`"),
    );
    match closest {
        Some(id) => d
            .with_label(format!("did you mean `{id}`?"))
            .with_help(format!("did you mean `{id}`?")),
        None => d
            .with_label("unknown commitment")
            .with_help("name the id of a commitment in one of the project's policy files"),
    }
}

/// Applies the project's severity overrides.
pub fn override_severities(findings: &mut [Finding], overrides: &BTreeMap<Code, Severity>) {
    for finding in findings {
        if let Some(severity) = overrides.get(&finding.code) {
            finding.severity = *severity;
        }
    }
}
