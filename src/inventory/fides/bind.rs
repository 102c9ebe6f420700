//! The state of one Fides load and the reading of single values: taxonomy
//! keys (with renames, deprecations and custom entries), names and
//! free-text retention, each reported where it is written.

use super::raw::{Text, Texts};
use super::retention;
use super::terms::{self, Rename};
use crate::ast::Severity;
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::{At, FileId, Inventory, Loc, Retention, TermsAt};
use crate::source::{SourceFile, Span};
use crate::taxonomy::{Taxonomy, TermId, Vocabulary};
use crate::yaml::{YamlSpanned, span_of};

use super::raw::FidesFile;

/// One Fides file, read.
pub(super) struct Parsed {
    /// The file.
    pub file: SourceFile,
    /// Its id in the inventory.
    pub id: FileId,
    /// Its resources.
    pub raw: FidesFile,
}

impl Parsed {
    /// Where `value` is written.
    pub(super) fn loc<T>(&self, value: &YamlSpanned<T>) -> Loc {
        Loc {
            file: self.id,
            span: self.span(value),
        }
    }

    /// The span of `value` in this file.
    pub(super) fn span<T>(&self, value: &YamlSpanned<T>) -> Span {
        span_of(&self.file, value)
    }
}

/// Adds Fides resources to an inventory, collecting diagnostics.
pub(super) struct Builder<'a> {
    pub(super) taxonomy: &'a Taxonomy,
    pub(super) inventory: &'a mut Inventory,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    /// A builder adding to `inventory`.
    pub(super) fn new(taxonomy: &'a Taxonomy, inventory: &'a mut Inventory) -> Self {
        Self {
            taxonomy,
            inventory,
            diagnostics: Vec::new(),
        }
    }

    /// Binds a list of keys; `None` when the list is not given.
    pub(super) fn terms(
        &mut self,
        p: &Parsed,
        vocabulary: Vocabulary,
        raw: &Texts,
    ) -> Option<TermsAt> {
        let raw = raw.as_ref()?;
        let mut out = Vec::new();
        for text in raw {
            let Some(id) = self.key(p, vocabulary, text) else {
                continue;
            };
            let loc = p.loc(text);
            out.extend(self.taxonomy.expand(id).iter().map(|&m| At::new(m, loc)));
        }
        Some(out)
    }

    /// Binds one key; `None` (with an error) if privet does not know it.
    pub(super) fn term(
        &mut self,
        p: &Parsed,
        vocabulary: Vocabulary,
        text: &Text,
    ) -> Option<At<TermId>> {
        let id = self.key(p, vocabulary, text)?;
        Some(At::new(id, p.loc(text)))
    }

    fn key(&mut self, p: &Parsed, vocabulary: Vocabulary, text: &Text) -> Option<TermId> {
        let key = text.value.trim();
        let span = p.span(text);
        if vocabulary == Vocabulary::Region {
            return self.region(p, key, span);
        }
        // An old key first: some (`advertising`) read as plain words too,
        // but in a Fides file they are keys, and the user should hear that
        // they were renamed.
        if let Some(rename) = terms::renamed(vocabulary, key) {
            let id = self.taxonomy.lookup(vocabulary, rename.current)?;
            self.warn_renamed(p, key, rename, span);
            return Some(id);
        }
        if let Some(id) = self.taxonomy.lookup(vocabulary, key) {
            return Some(self.current(p, id, key, span));
        }
        let d = self.taxonomy.unknown_term(&p.file, vocabulary, key, span);
        self.diagnostics.push(d);
        None
    }

    fn region(&mut self, p: &Parsed, key: &str, span: Span) -> Option<TermId> {
        let found = terms::region(self.taxonomy, key);
        if found.is_none() {
            let d = self
                .taxonomy
                .unknown_term(&p.file, Vocabulary::Region, key, span);
            self.diagnostics.push(d);
        }
        found
    }

    /// A deprecated entry stands for its replacement, with a warning.
    fn current(&mut self, p: &Parsed, id: TermId, key: &str, span: Span) -> TermId {
        let Some(new) = self.taxonomy.entry(id).deprecated_by else {
            return id;
        };
        let current = self.taxonomy.id_str(new).to_owned();
        let message = format!("`{key}` is deprecated in fideslang and replaced by `{current}`");
        self.warn(p, span, message, &current);
        new
    }

    fn warn_renamed(&mut self, p: &Parsed, key: &str, rename: &Rename, span: Span) {
        let release = rename.release.trim_start_matches("fideslang ");
        let current = rename.current;
        if rename.removed {
            let message = format!(
                "`{key}` was removed in fideslang {release} with no replacement; privet reads it as `{current}`, the nearest current key"
            );
            let d = Diagnostic::error(Code::TermDeprecated, &p.file, span, message)
                .with_severity(Severity::Warning)
                .with_label(format!("read as `{current}`"))
                .with_help(format!(
                    "write the current key that fits the data: `{current}` or a narrower one"
                ));
            self.diagnostics.push(d);
            return;
        }
        let message =
            format!("`{key}` is a key of fideslang before {release}, renamed `{current}`");
        self.warn(p, span, message, current);
    }

    fn warn(&mut self, p: &Parsed, span: Span, message: String, current: &str) {
        let d = Diagnostic::error(Code::TermDeprecated, &p.file, span, message)
            .with_severity(Severity::Warning)
            .with_label(format!("read as `{current}`"))
            .with_help(format!(
                "write `{current}`, the key current fideslang releases use"
            ));
        self.diagnostics.push(d);
    }

    /// The name of an item (`fides_key` or `name`); an error at the item
    /// when it has none.
    pub(super) fn name<T>(
        &mut self,
        p: &Parsed,
        raw: Option<&Text>,
        item: &YamlSpanned<T>,
        what: &str,
        key: &str,
    ) -> At<String> {
        if let Some(name) = raw {
            return At::new(name.value.clone(), p.loc(name));
        }
        let span = p.span(item);
        let d = Diagnostic::error(
            Code::InventoryInvalid,
            &p.file,
            span,
            format!("this Fides {what} has no `{key}`"),
        )
        .with_label(format!("no `{key}`"))
        .with_help(format!(
            "give the {what} a `{key}`, as Fides itself requires"
        ));
        self.diagnostics.push(d);
        At::new(String::new(), p.loc(item))
    }

    /// A free-text retention, read; text privet cannot read is reported
    /// as missing evidence quoting it, and gives no retention.
    pub(super) fn retention(&mut self, p: &Parsed, raw: Option<&Text>) -> Option<At<Retention>> {
        let raw = raw?;
        let span = p.span(raw);
        if let Some(retention) = retention::read(&raw.value, self.taxonomy) {
            return Some(At::new(retention, p.loc(raw)));
        }
        let message = format!(
            "privet cannot read the retention \"{}\", so no promise about how long this data is kept can be proven",
            raw.value.trim()
        );
        let d = Diagnostic::error(Code::EvidenceMissing, &p.file, span, message)
            .with_severity(Severity::Warning)
            .with_label("not a retention privet reads")
            .with_help("write a period and the event it counts from, such as \"30 days after account deletion\", \"until the account is closed\", \"1 year\" or \"indefinitely\"");
        self.diagnostics.push(d);
        None
    }
}
