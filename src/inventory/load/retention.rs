//! Lowering a retention in each of its forms, with durations read by
//! [`Duration::parse`] and events bound to the taxonomy. Every error points
//! at the value that causes it.

use super::lower::Lowerer;
use super::raw::{Flag, RawRetention, RetentionMap, Text};
use super::text::token_span;
use crate::diagnostic::Code;
use crate::duration::{Duration, DurationError};
use crate::inventory::{At, Retention};
use crate::source::Span;
use crate::taxonomy::{TermId, Vocabulary};
use crate::yaml::YamlSpanned;

impl Lowerer<'_> {
    /// How long data is kept, in any of the forms the format allows.
    pub(super) fn retention(
        &mut self,
        raw: Option<&YamlSpanned<RawRetention>>,
    ) -> Option<At<Retention>> {
        let raw = raw?;
        let span = self.span(raw);
        match &raw.value {
            RawRetention::Text(text) => self.retention_text(text, span),
            RawRetention::Map(map) => self.retention_map(map, span),
        }
    }

    /// `retention: indefinite` or `retention: 400 days` (from collection).
    fn retention_text(&mut self, text: &str, span: Span) -> Option<At<Retention>> {
        if text.trim().eq_ignore_ascii_case("indefinite") {
            return Some(At::new(Retention::Indefinite, self.loc(span)));
        }
        let period = self.duration(text, span)?;
        let event = self.collection_event(span)?;
        Some(At::new(Retention::After { period, event }, self.loc(span)))
    }

    fn retention_map(&mut self, map: &RetentionMap, span: Span) -> Option<At<Retention>> {
        if let Some(flag) = map.indefinite.as_ref().filter(|f| f.value) {
            return self.indefinite(flag, map);
        }
        if let Some(until) = &map.until {
            return self.until(until, map);
        }
        match (&map.period, &map.after) {
            (Some(period), after) => self.period_after(period, after.as_ref()),
            (None, Some(after)) => self.after_without_period(after),
            (None, None) => self.no_retention(span),
        }
    }

    fn after_without_period(&mut self, after: &Text) -> Option<At<Retention>> {
        let help = format!(
            "add a period such as `period: 30 days`, or write `until: {}` if the data is deleted when it happens",
            after.value
        );
        let d = self
            .error(
                Code::InventoryInvalid,
                self.span(after),
                "`after` needs a `period`",
            )
            .with_label("after what period?")
            .with_help(help);
        self.report(d);
        None
    }

    fn no_retention(&mut self, span: Span) -> Option<At<Retention>> {
        let span = token_span(&self.file, span.start);
        let message = "the retention gives no `period`, `until` or `indefinite`";
        let d = self
            .error(Code::InventoryInvalid, span, message)
            .with_label("how long?")
            .with_help("write `period: 6 months` (with `after: <event>` if it does not count from collection), `until: <event>`, or `indefinite: true`");
        self.report(d);
        None
    }

    /// `{ indefinite: true }`, which takes no limit alongside it.
    fn indefinite(&mut self, flag: &Flag, map: &RetentionMap) -> Option<At<Retention>> {
        let limits = [
            ("period", &map.period),
            ("after", &map.after),
            ("until", &map.until),
        ];
        if let Some((key, Some(value))) = limits.into_iter().find(|(_, v)| v.is_some()) {
            let d = self
                .error(Code::InventoryInvalid, self.span(value), format!("a retention cannot be both `indefinite` and have `{key}`"))
                .with_secondary(self.span(flag), "indefinite here")
                .with_label("a limit")
                .with_help("remove `indefinite: true` if the data is deleted, or remove the limit if it is kept with no limit");
            self.report(d);
            return None;
        }
        Some(At::new(Retention::Indefinite, self.loc(self.span(flag))))
    }

    /// `{ until: account closed }`: a period of zero after the event.
    fn until(&mut self, until: &Text, map: &RetentionMap) -> Option<At<Retention>> {
        let span = self.span(until);
        if let Some(other) = map.period.as_ref().or(map.after.as_ref()) {
            let d = self
                .error(Code::InventoryInvalid, span, "`until` cannot be combined with `period` or `after`")
                .with_secondary(self.span(other), "also given")
                .with_label("deleted when this happens")
                .with_help("write `until: <event>` if data is deleted when the event happens, or `period:` with `after:` if it is deleted some time later");
            self.report(d);
            return None;
        }
        let event = self.lookup(Vocabulary::Event, &until.value, span)?;
        let period = Duration::ZERO;
        Some(At::new(Retention::After { period, event }, self.loc(span)))
    }

    /// `{ period: 6 months, after: last login }`; without `after` the
    /// period counts from collection. Located at the period, which is what
    /// a finding about the length points at.
    fn period_after(&mut self, period: &Text, after: Option<&Text>) -> Option<At<Retention>> {
        let span = self.span(period);
        let event = match after {
            Some(after) => self.lookup(Vocabulary::Event, &after.value, self.span(after)),
            None => self.collection_event(span),
        };
        let period = self.duration(&period.value, span)?;
        Some(At::new(
            Retention::After {
                period,
                event: event?,
            },
            self.loc(span),
        ))
    }

    /// The `collection` event, which the taxonomy always has; reported
    /// rather than assumed should an extension ever lack it.
    fn collection_event(&mut self, span: Span) -> Option<TermId> {
        if self.collection.is_none() {
            let d = self
                .error(
                    Code::TermUnknown,
                    span,
                    "the taxonomy has no `collection` event to count this period from",
                )
                .with_help("name the event with `after:`");
            self.report(d);
        }
        self.collection
    }

    fn duration(&mut self, text: &str, span: Span) -> Option<Duration> {
        let error = match Duration::parse(text) {
            Ok(duration) => return Some(duration),
            Err(error) => error,
        };
        let (code, label, help) = duration_advice(&error);
        let at = match &error {
            DurationError::UnknownUnit(word) => self.word_span(span, word),
            _ => span,
        };
        let message = match &error {
            DurationError::Malformed => format!("`{}` is not a duration", text.trim()),
            other => other.to_string(),
        };
        let d = self
            .error(code, at, message)
            .with_label(label)
            .with_help(help);
        self.report(d);
        None
    }

    /// The span of `word` within the value at `span`, or the whole value.
    fn word_span(&self, span: Span, word: &str) -> Span {
        match self.file.slice(span).find(word) {
            Some(offset) if !word.is_empty() => {
                let start = span.start + offset;
                Span::new(start, start + word.len())
            }
            _ => span,
        }
    }
}

/// The code, label and help for a duration that cannot be read.
fn duration_advice(error: &DurationError) -> (Code, &'static str, String) {
    match error {
        DurationError::UnknownUnit(word) => {
            let help = crate::duration::Unit::closest_word(word).map_or_else(
                || "use seconds, minutes, hours, days, weeks, months or years".to_owned(),
                |unit| format!("did you mean `{unit}`?"),
            );
            (Code::ValueUnknownUnit, "not a unit of time", help)
        }
        DurationError::Negative => (
            Code::ValueOutOfRange,
            "negative",
            "a retention period counts forward from an event; write it without the minus sign".to_owned(),
        ),
        DurationError::TooLarge => (
            Code::ValueOutOfRange,
            "too long",
            "durations up to 10000 years are supported; write `indefinite` if there is no limit".to_owned(),
        ),
        DurationError::MissingUnit | DurationError::Malformed => (
            Code::ValueOutOfRange,
            "not a duration",
            "write a duration such as `30 days`, `6 months` or `P6M`, or `indefinite` if there is no limit".to_owned(),
        ),
    }
}
