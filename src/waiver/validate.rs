//! Checking each waiver as written: required keys, exactly one item, item
//! paths of the right shape, real dates.

use super::date::{is_well_formed, parse_date};
use super::schema::{RawFile, RawWaiver};
use super::{Waiver, WaiverTarget};
use crate::diagnostic::{Code, Diagnostic};
use crate::policy::Date;
use crate::project::keys::{join, list};
use crate::source::{SourceFile, Span, Spanned};
use crate::yaml::{YamlSpanned, span_of};

/// Every waiver in `raw`, or every error in them.
pub(super) fn waivers(file: &SourceFile, raw: RawFile) -> Result<Vec<Waiver>, Vec<Diagnostic>> {
    let mut check = Checker {
        file,
        diagnostics: Vec::new(),
    };
    let entries = raw.waivers.unwrap_or_default();
    let waivers: Vec<Waiver> = entries
        .into_iter()
        .filter_map(|w| check.waiver(w))
        .collect();
    if check.diagnostics.is_empty() {
        Ok(waivers)
    } else {
        Err(check.diagnostics)
    }
}

/// A config file path from the project root with `.` segments and repeated
/// slashes removed; `None` if it is empty, absolute or uses `..`.
pub(super) fn config_path(text: &str) -> Option<String> {
    if text.starts_with('/') {
        return None;
    }
    let parts: Vec<&str> = text
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    let inside = !parts.is_empty() && !parts.contains(&"..");
    inside.then(|| parts.join("/"))
}

/// The kinds of item a waiver can name, in the order help lines list them.
const KINDS: [Kind; 5] = [
    Kind::System,
    Kind::Dataset,
    Kind::Field,
    Kind::Recipient,
    Kind::Config,
];

#[derive(Clone, Copy, Debug)]
enum Kind {
    System,
    Dataset,
    Field,
    Recipient,
    Config,
}

impl Kind {
    fn key(self) -> &'static str {
        self.target(String::new()).kind()
    }

    fn target(self, path: String) -> WaiverTarget {
        match self {
            Kind::System => WaiverTarget::System(path),
            Kind::Dataset => WaiverTarget::Dataset(path),
            Kind::Field => WaiverTarget::Field(path),
            Kind::Recipient => WaiverTarget::Recipient(path),
            Kind::Config => WaiverTarget::Config(path),
        }
    }

    fn value(self, raw: &RawWaiver) -> Option<&YamlSpanned<String>> {
        match self {
            Kind::System => raw.system.as_ref(),
            Kind::Dataset => raw.dataset.as_ref(),
            Kind::Field => raw.field.as_ref(),
            Kind::Recipient => raw.recipient.as_ref(),
            Kind::Config => raw.config.as_ref(),
        }
    }

    /// The shape of the path and an example, for help lines.
    fn shape(self) -> (&'static str, &'static str) {
        match self {
            Kind::System => ("`system`", "`analytics`"),
            Kind::Dataset => ("`system/dataset`", "`analytics/events`"),
            Kind::Field => ("`system/dataset/field`", "`analytics/events/email`"),
            Kind::Recipient => ("`system/recipient`", "`analytics/segment`"),
            Kind::Config => ("a path from the project root", "`config/app.yaml`"),
        }
    }

    /// Whether `path` has this kind's number of non-empty segments (a field
    /// may have more than three, for nested fields).
    fn fits(self, path: &str) -> bool {
        let segments = path.split('/');
        if segments.clone().any(|s| s.trim().is_empty()) {
            return false;
        }
        match self {
            Kind::System => segments.count() == 1,
            Kind::Dataset | Kind::Recipient => segments.count() == 2,
            Kind::Field => segments.count() >= 3,
            Kind::Config => config_path(path).is_some(),
        }
    }
}

/// A key every waiver must have, with an example and a help line for
/// when it is missing.
struct Required {
    key: &'static str,
    example: &'static str,
    help: &'static str,
}

const COMMITMENT: Required = Required {
    key: "commitment",
    example: "`commitment: us-only`",
    help: "name the commitment it excepts, such as `commitment: us-only`",
};

const REASON: Required = Required {
    key: "reason",
    example: "`reason: \"...\"`",
    help: "say why the exception is accepted, such as `reason: \"Replica is being migrated \
           (PRIV-142)\"`",
};

const EXPIRES: Required = Required {
    key: "expires",
    example: "`expires: 2025-03-31`",
    help: "give the last day the waiver applies, such as `expires: 2025-03-31`",
};

struct Checker<'a> {
    file: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn waiver(&mut self, raw: YamlSpanned<RawWaiver>) -> Option<Waiver> {
        let span = self.entry_span(&raw);
        let raw = raw.value;
        self.missing(&raw, span);
        let commitment = self.required(raw.commitment.as_ref(), &COMMITMENT);
        let target = self.target(&raw, span);
        let reason = self.required(raw.reason.as_ref(), &REASON);
        let expires = self.required(raw.expires.as_ref(), &EXPIRES);
        let expires = expires.and_then(|text| self.date(&text));
        Some(Waiver {
            commitment: commitment?,
            target: target?,
            reason: reason?.value,
            expires: expires?,
            owner: raw.owner.map(|owner| owner.value),
            ticket: raw.ticket.map(|ticket| ticket.value),
            span,
        })
    }

    /// From the entry's first key to the end of its last value.
    fn entry_span(&self, raw: &YamlSpanned<RawWaiver>) -> Span {
        let start = span_of(self.file, raw).start;
        let end = raw.value.values().map(|v| span_of(self.file, v).end).max();
        Span::new(start, end.unwrap_or(start).max(start))
    }

    /// One error naming every required key the entry lacks.
    fn missing(&mut self, raw: &RawWaiver, entry: Span) {
        let required = [
            (&COMMITMENT, &raw.commitment),
            (&REASON, &raw.reason),
            (&EXPIRES, &raw.expires),
        ];
        let missing: Vec<&Required> = required
            .into_iter()
            .filter_map(|(required, value)| value.is_none().then_some(required))
            .collect();
        let (keys, help) = match missing.as_slice() {
            [] => return,
            [one] => (format!("`{}`", one.key), one.help.to_owned()),
            several => {
                let keys: Vec<String> = several.iter().map(|r| format!("`{}`", r.key)).collect();
                let examples: Vec<String> = several.iter().map(|r| r.example.to_owned()).collect();
                (join(&keys, "or"), format!("add {}", join(&examples, "and")))
            }
        };
        let error = self.error(entry, format!("this waiver has no {keys}"));
        let error = error.with_label("incomplete waiver").with_help(help);
        self.diagnostics.push(error);
    }

    /// The value of a required key, unless it is missing (reported by
    /// [`Checker::missing`]) or empty.
    fn required(
        &mut self,
        value: Option<&YamlSpanned<String>>,
        required: &Required,
    ) -> Option<Spanned<String>> {
        let value = value?;
        let span = span_of(self.file, value);
        if value.value.trim().is_empty() {
            let message = format!("the `{}` of this waiver is empty", required.key);
            let error = self.error(span, message).with_label("empty");
            self.diagnostics.push(error.with_help(required.help));
            return None;
        }
        Some(Spanned::new(value.value.clone(), span))
    }

    fn target(&mut self, raw: &RawWaiver, entry: Span) -> Option<Spanned<WaiverTarget>> {
        let given: Vec<(Kind, &YamlSpanned<String>)> = KINDS
            .iter()
            .filter_map(|&kind| kind.value(raw).map(|value| (kind, value)))
            .collect();
        match given.as_slice() {
            [] => self.no_target(entry),
            [(kind, value)] => self.target_path(*kind, value),
            [(first_kind, first), (second_kind, second), ..] => {
                self.two_targets((*first_kind, first), (*second_kind, second))
            }
        }
    }

    fn target_path(
        &mut self,
        kind: Kind,
        value: &YamlSpanned<String>,
    ) -> Option<Spanned<WaiverTarget>> {
        let span = span_of(self.file, value);
        if matches!(kind, Kind::Config) && !kind.fits(&value.value) {
            let message = format!("`{}` is not a path inside the project", value.value);
            let error = self
                .error(span, message)
                .with_label("not a path from the project root");
            let help = "write the config file's path from the project root, such as \
                        `services/accounts/config.yaml`";
            self.diagnostics.push(error.with_help(help));
            return None;
        }
        if !kind.fits(&value.value) {
            let (shape, example) = kind.shape();
            let message = format!("`{}` is not a {} path", value.value, kind.key());
            let help = format!("write a {} as {shape}, such as {example}", kind.key());
            let error = self
                .error(span, message)
                .with_label(format!("expected {shape}"));
            self.diagnostics.push(error.with_help(help));
            return None;
        }
        let path = match kind {
            Kind::Config => config_path(&value.value)?,
            _ => value.value.clone(),
        };
        Some(Spanned::new(kind.target(path), span))
    }

    fn no_target<T>(&mut self, entry: Span) -> Option<T> {
        let keys: Vec<&str> = KINDS.map(Kind::key).to_vec();
        let help = format!("add the one item it excepts: {}", list(&keys));
        let error = self.error(entry, "this waiver names no item it applies to");
        let error = error.with_label("no item here").with_help(help);
        self.diagnostics.push(error);
        None
    }

    fn two_targets<T>(
        &mut self,
        first: (Kind, &YamlSpanned<String>),
        second: (Kind, &YamlSpanned<String>),
    ) -> Option<T> {
        let message = format!(
            "this waiver names both a `{}` and a `{}`",
            first.0.key(),
            second.0.key()
        );
        let span = span_of(self.file, second.1);
        let error = self.error(span, message).with_label("second item");
        let error = error.with_secondary(span_of(self.file, first.1), "first item");
        let help = "a waiver excepts exactly one item; write one waiver for each";
        self.diagnostics.push(error.with_help(help));
        None
    }

    fn date(&mut self, text: &Spanned<String>) -> Option<Spanned<Date>> {
        if let Some(date) = parse_date(&text.value) {
            return Some(Spanned::new(date, text.span));
        }
        let (message, label) = if is_well_formed(&text.value) {
            (
                format!("`{}` is not a calendar date", text.value),
                "no such day",
            )
        } else {
            (
                format!("`{}` is not a date in the form YYYY-MM-DD", text.value),
                "not YYYY-MM-DD",
            )
        };
        let error = self.error(text.span, message).with_label(label);
        let help = "write the last day the waiver applies as YYYY-MM-DD, such as `2025-03-31`";
        self.diagnostics.push(error.with_help(help));
        None
    }

    fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(Code::WaiverInvalid, self.file, span, message)
    }
}
