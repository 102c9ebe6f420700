//! Datasets, collections and fields of a Fides dataset, with what they
//! inherit.

use super::{Inherited, MAX_FIELD_DEPTH, Usage};
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::fides::bind::{Builder, Parsed};
use crate::inventory::fides::raw::{FidesCollection, FidesDataset, FidesField};
use crate::inventory::{At, Field, Retention};
use crate::taxonomy::Vocabulary;
use crate::yaml::YamlSpanned;

impl Builder<'_> {
    pub(super) fn fides_dataset(
        &mut self,
        p: &Parsed,
        raw: &YamlSpanned<FidesDataset>,
        system: usize,
        usage: &Usage,
    ) {
        let d = &raw.value;
        let key = self.name(p, d.fides_key.as_ref(), raw, "dataset", "fides_key");
        let categories = self
            .terms(p, Vocabulary::DataCategory, &d.data_categories)
            .unwrap_or_default();
        let retention = self
            .retention(p, d.retention.as_ref())
            .or_else(|| usage.retention.clone());
        let inherited = Inherited {
            categories,
            retention,
            usage,
        };
        let collections = d.collections.as_deref().unwrap_or_default();
        for collection in collections {
            self.collection(p, collection, system, &key.value, &inherited);
        }
        if collections.is_empty() {
            self.push_dataset(system, key, &inherited);
        }
    }

    fn collection(
        &mut self,
        p: &Parsed,
        raw: &YamlSpanned<FidesCollection>,
        system: usize,
        key: &str,
        parent: &Inherited<'_>,
    ) {
        let c = &raw.value;
        let mut name = self.name(p, c.name.as_ref(), raw, "collection", "name");
        name.value = format!("{key}.{}", name.value);
        let own = self.terms(p, Vocabulary::DataCategory, &c.data_categories);
        let retention = self
            .retention(p, c.retention.as_ref())
            .or_else(|| parent.retention.clone());
        let categories = own.unwrap_or_else(|| parent.categories.clone());
        let inherited = Inherited {
            categories,
            retention,
            usage: parent.usage,
        };
        let index = self.push_dataset(system, name, &inherited);
        let mut fields = Vec::new();
        for field in c.fields.iter().flatten() {
            self.field(p, field, index, "", &inherited, 0, &mut fields);
        }
        if let Some(d) = self.inventory.datasets.get_mut(index) {
            d.fields = fields;
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the recursion carries its path, depth and output"
    )]
    fn field(
        &mut self,
        p: &Parsed,
        raw: &YamlSpanned<FidesField>,
        dataset: usize,
        prefix: &str,
        parent: &Inherited<'_>,
        depth: usize,
        out: &mut Vec<usize>,
    ) {
        let f = &raw.value;
        let mut name = self.name(p, f.name.as_ref(), raw, "field", "name");
        name.value = format!("{prefix}{}", name.value);
        let retention = self
            .retention(p, f.retention.as_ref())
            .or_else(|| parent.retention.clone());
        if let Some(categories) = self
            .terms(p, Vocabulary::DataCategory, &f.data_categories)
            .filter(|c| !c.is_empty())
        {
            let link_key = f
                .fides_meta
                .as_ref()
                .and_then(|m| m.identity.as_ref())
                .map(|i| At::new(true, p.loc(i)));
            out.push(self.inventory.fields.len());
            self.inventory.fields.push(Field {
                dataset,
                name: name.clone(),
                categories,
                purposes: parent.usage.purposes.clone(),
                retention: retention.clone(),
                link_key,
            });
        }
        self.nested(p, raw, dataset, &name, parent, retention, depth, out);
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the recursion carries its path, depth and output"
    )]
    fn nested(
        &mut self,
        p: &Parsed,
        raw: &YamlSpanned<FidesField>,
        dataset: usize,
        name: &At<String>,
        parent: &Inherited<'_>,
        retention: Option<At<Retention>>,
        depth: usize,
        out: &mut Vec<usize>,
    ) {
        let Some(children) = raw.value.fields.as_ref().filter(|c| !c.is_empty()) else {
            return;
        };
        if depth >= MAX_FIELD_DEPTH {
            let d = Diagnostic::error(
                Code::InventoryInvalid,
                &p.file,
                p.span(raw),
                format!("fields are nested more than {MAX_FIELD_DEPTH} deep"),
            )
            .with_label("nested too deep")
            .with_help("flatten the nested fields");
            self.diagnostics.push(d);
            return;
        }
        let inherited = Inherited {
            categories: Vec::new(),
            retention,
            usage: parent.usage,
        };
        let prefix = format!("{}.", name.value);
        for child in children {
            self.field(p, child, dataset, &prefix, &inherited, depth + 1, out);
        }
    }
}
