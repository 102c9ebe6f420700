//! Names: every item must have one, and names must be unique where
//! findings and waivers use them — systems across the whole inventory,
//! datasets and recipients within their system, fields within their
//! dataset. A repeat points at the second use and back at the first.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::lower::Lowerer;
use super::raw::Text;
use super::text::token_span;
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::At;
use crate::source::Span;

impl Lowerer<'_> {
    /// The item's name, or an error (and an empty name) if it has none;
    /// `item` is where the item starts, at its first key.
    pub(super) fn name(&mut self, raw: Option<Text>, item: Span, what: &str) -> At<String> {
        match raw.filter(|n| !n.value.trim().is_empty()) {
            Some(name) => {
                let span = self.span(&name);
                At::new(name.value, self.loc(span))
            }
            None => {
                let item = token_span(&self.file, item.start);
                let d = self
                    .error(
                        Code::InventoryInvalid,
                        item,
                        format!("this {what} has no `name`"),
                    )
                    .with_label(format!("{what} without a name"))
                    .with_help(format!(
                        "add `name: ...`; findings and waivers refer to a {what} by its name"
                    ));
                self.report(d);
                At::new(String::new(), self.loc(item))
            }
        }
    }

    /// Reports a system name already declared in this or an earlier file.
    pub(super) fn unique_system(&mut self, name: &At<String>) {
        if name.value.is_empty() {
            return;
        }
        let (file, span) = match self.system_names.entry(name.value.clone()) {
            Entry::Vacant(slot) => {
                slot.insert((self.file.clone(), name.loc.span));
                return;
            }
            Entry::Occupied(first) => first.get().clone(),
        };
        let d = self.duplicate(
            format!("system `{}` is already declared", name.value),
            name.loc.span,
        );
        let d = if file.path() == self.file.path() {
            d.with_secondary(span, "first declared here")
        } else {
            let mut d = d;
            let first =
                Diagnostic::error(Code::InventoryDuplicate, &file, span, "first declared here")
                    .with_label("first declaration");
            d.related.push(first);
            d
        };
        self.report(d);
    }

    /// Reports every name in `names` already used before it in the same
    /// `parent` (a dataset, field or recipient name).
    pub(super) fn unique<'r>(
        &mut self,
        parent: &str,
        what: &str,
        parent_kind: &str,
        names: impl Iterator<Item = &'r Option<Text>>,
    ) {
        let mut first: BTreeMap<&str, Span> = BTreeMap::new();
        for name in names.flatten().filter(|n| !n.value.trim().is_empty()) {
            let span = self.span(name);
            match first.entry(name.value.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert(span);
                }
                Entry::Occupied(earlier) => {
                    let message = format!(
                        "{what} `{}` is already declared in {parent_kind} `{parent}`",
                        name.value
                    );
                    let d = self
                        .duplicate(message, span)
                        .with_secondary(*earlier.get(), "first declared here");
                    self.report(d);
                }
            }
        }
    }

    fn duplicate(&self, message: String, span: Span) -> Diagnostic {
        self.error(Code::InventoryDuplicate, span, message)
            .with_label("declared again")
            .with_help("give each its own name, or merge the two; findings and waivers refer to items by name")
    }
}
