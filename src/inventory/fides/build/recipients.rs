//! Recipients: data flowing out of a system.

use std::collections::BTreeSet;

use crate::inventory::fides::bind::{Builder, Parsed};
use crate::inventory::fides::raw::{FidesSystem, Texts};
use crate::inventory::{At, Recipient, TermsAt};
use crate::taxonomy::Vocabulary;

impl Builder<'_> {
    /// `egress` to a system the Fides files do not describe: a recipient.
    pub(super) fn egress(
        &mut self,
        p: &Parsed,
        system: usize,
        s: &FidesSystem,
        known: &BTreeSet<String>,
    ) {
        for flow in s.egress.iter().flatten() {
            let f = &flow.value;
            let is_system = f.kind.as_ref().is_none_or(|k| k.value.trim() == "system");
            let Some(key) = f
                .fides_key
                .as_ref()
                .filter(|k| is_system && !known.contains(&k.value))
            else {
                continue;
            };
            let categories = self
                .terms(p, Vocabulary::DataCategory, &f.data_categories)
                .unwrap_or_default();
            self.push_recipient(
                system,
                At::new(key.value.clone(), p.loc(key)),
                categories,
                None,
            );
        }
    }

    /// `third_country_transfers`: a recipient in those countries.
    pub(super) fn transfers(&mut self, p: &Parsed, system: usize, raw: &Texts) {
        let Some(first) = raw.as_ref().and_then(|r| r.first()) else {
            return;
        };
        let locations = self.terms(p, Vocabulary::Region, raw);
        let name = At::new("third_country_transfers".to_owned(), p.loc(first));
        self.push_recipient(system, name, Vec::new(), locations);
    }

    fn push_recipient(
        &mut self,
        system: usize,
        name: At<String>,
        categories: TermsAt,
        locations: Option<TermsAt>,
    ) {
        self.inventory.recipients.push(Recipient {
            system,
            name,
            kind: None,
            categories,
            purposes: None,
            locations,
            sale: None,
            sharing: None,
            contracts: None,
            mechanisms: None,
        });
        let index = self.inventory.recipients.len() - 1;
        if let Some(s) = self.inventory.systems.get_mut(system) {
            s.recipients.push(index);
        }
    }
}
