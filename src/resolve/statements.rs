//! Resolving statements into promises.

use super::Resolver;
use crate::ast::{self, DisclosureKind, Predicate, StatementKind};
use crate::diagnostic::Code;
use crate::policy::{DataSelector, DeIdentifiedTarget, Promise, Statement, SubjectScope, Terms};
use crate::source::Spanned;
use crate::taxonomy::Vocabulary;

impl Resolver<'_> {
    /// Resolves one statement; `None` if any part of it failed (reported).
    pub(super) fn statement(&mut self, statement: &ast::Statement) -> Option<Statement> {
        let promise = match &statement.kind {
            StatementKind::Data { data, predicate } => self.data_statement(data, predicate),
            StatementKind::NoDisclosure {
                kinds,
                data,
                subjects,
            } => {
                let data = self.selector(data);
                let subjects = self.subject_scope(subjects.as_ref());
                let has = |k| kinds.iter().any(|s| s.value == k);
                Some(Promise::NoDisclosure {
                    data: data?,
                    sale: has(DisclosureKind::Sale),
                    sharing: has(DisclosureKind::Sharing),
                    subjects: subjects?,
                })
            }
            StatementKind::NoCollection { data, subjects } => {
                let data = self.selector(data);
                let subjects = self.subject_scope(subjects.as_ref());
                Some(Promise::NoCollection {
                    data: data?,
                    subjects: subjects?,
                })
            }
            StatementKind::CollectionLimited { data } => Some(Promise::CollectionLimited {
                data: self.selector(data)?,
            }),
            StatementKind::RecipientPurposeBan {
                recipients,
                data,
                own,
                purposes,
            } => {
                let kinds = self.terms(Vocabulary::RecipientKind, recipients);
                let data = self.selector(data);
                let purposes = self.terms(Vocabulary::DataUse, purposes);
                Some(Promise::RecipientPurposeBanned {
                    data: data?,
                    kinds: kinds?,
                    purposes: purposes?,
                    own: *own,
                })
            }
            StatementKind::TransferMechanism {
                data,
                origin,
                mechanisms,
            } => {
                let data = self.selector(data);
                let origin = self.terms(Vocabulary::Region, origin);
                let mechanisms = self.terms(Vocabulary::TransferMechanism, mechanisms);
                Some(Promise::TransferMechanism {
                    data: data?,
                    origin: origin?,
                    mechanisms: mechanisms?,
                })
            }
            StatementKind::ContractRequired {
                recipients,
                data,
                contracts,
            } => {
                let kinds = self.terms(Vocabulary::RecipientKind, recipients);
                let data = data.as_ref().map(|d| self.selector(d).ok_or(()));
                let contracts = self.terms(Vocabulary::ContractKind, contracts);
                Some(Promise::ContractRequired {
                    kinds: kinds?,
                    data: data.transpose().ok()?,
                    contracts: contracts?,
                })
            }
            StatementKind::DatasetDeIdentified { pattern } => Some(Promise::DeIdentified {
                target: DeIdentifiedTarget::Dataset(Spanned::new(
                    pattern.value.clone(),
                    pattern.span,
                )),
            }),
            StatementKind::Config { glob, path, test } => self.config_statement(glob, path, test),
        };
        promise.map(|promise| Statement {
            promise,
            span: statement.span,
        })
    }

    fn data_statement(&mut self, data: &ast::Selector, predicate: &Predicate) -> Option<Promise> {
        let data = self.selector(data);
        let promise = match predicate {
            Predicate::RetainedAtMost { max, after, unless } => {
                let max = self.duration(max);
                let after = after
                    .as_ref()
                    .map(|e| self.term(Vocabulary::Event, e).ok_or(()));
                let unless = self.optional_terms(Vocabulary::DataUse, unless.as_ref());
                Promise::RetentionLimit {
                    data: data?,
                    max: max?,
                    after: after.transpose().ok()?,
                    unless: unless?,
                }
            }
            Predicate::RetainedUntil { event, unless } => {
                let event = self.term(Vocabulary::Event, event);
                let unless = self.optional_terms(Vocabulary::DataUse, unless.as_ref());
                Promise::RetentionUntil {
                    data: data?,
                    event: event?,
                    unless: unless?,
                }
            }
            Predicate::Residency { scope, regions } => {
                let regions = self.terms(Vocabulary::Region, regions);
                Promise::Residency {
                    data: data?,
                    scope: scope.clone(),
                    regions: regions?,
                }
            }
            Predicate::SharedOnlyWith {
                recipients,
                regions,
            } => {
                let kinds = self.terms(Vocabulary::RecipientKind, recipients);
                let regions = self.optional_terms(Vocabulary::Region, regions.as_ref());
                Promise::RecipientsLimited {
                    data: data?,
                    kinds: kinds?,
                    regions: regions?,
                }
            }
            Predicate::SharedWithOnlyFor {
                recipients,
                purposes,
            } => {
                let kinds = self.terms(Vocabulary::RecipientKind, recipients);
                let purposes = self.terms(Vocabulary::DataUse, purposes);
                Promise::RecipientPurposeLimited {
                    data: data?,
                    kinds: kinds?,
                    purposes: purposes?,
                }
            }
            Predicate::NeverSharedWith { recipients } => {
                let kinds = self.terms(Vocabulary::RecipientKind, recipients);
                Promise::RecipientsBanned {
                    data: data?,
                    kinds: kinds?,
                }
            }
            Predicate::UsedOnlyFor { purposes } => {
                let purposes = self.terms(Vocabulary::DataUse, purposes);
                Promise::PurposeLimited {
                    data: data?,
                    purposes: purposes?,
                }
            }
            Predicate::NeverUsedFor { purposes } => {
                let purposes = self.terms(Vocabulary::DataUse, purposes);
                Promise::PurposeBanned {
                    data: data?,
                    purposes: purposes?,
                }
            }
            Predicate::Encrypted {
                at_rest,
                in_transit,
            } => Promise::Encrypted {
                data: data?,
                at_rest: at_rest.is_some(),
                in_transit: in_transit.is_some(),
            },
            Predicate::DeIdentified => Promise::DeIdentified {
                target: DeIdentifiedTarget::Data(data?),
            },
        };
        Some(promise)
    }

    fn optional_terms(
        &mut self,
        vocabulary: Vocabulary,
        list: Option<&ast::TermList>,
    ) -> Option<Terms> {
        match list {
            Some(list) => self.terms(vocabulary, list),
            None => Some(Vec::new()),
        }
    }

    fn selector(&mut self, selector: &ast::Selector) -> Option<DataSelector> {
        let include = self.terms(Vocabulary::DataCategory, &selector.include);
        let except = self.optional_terms(Vocabulary::DataCategory, selector.except.as_ref());
        Some(DataSelector {
            include: include?,
            except: except?,
            span: selector.span,
        })
    }

    fn subject_scope(&mut self, filter: Option<&ast::SubjectFilter>) -> Option<SubjectScope> {
        let Some(filter) = filter else {
            return Some(SubjectScope::default());
        };
        let subjects = self.optional_terms(Vocabulary::DataSubject, filter.subjects.as_ref());
        let under_age = filter.under_age.as_ref().map(|a| self.age(a).ok_or(()));
        let under_age = under_age.transpose().ok()?;
        let subjects = subjects?;
        if under_age.is_none() {
            self.require_ages(filter, &subjects);
        }
        Some(SubjectScope {
            subjects,
            under_age,
        })
    }

    /// "children" means nothing checkable without an age: say which.
    fn require_ages(&mut self, filter: &ast::SubjectFilter, subjects: &Terms) {
        for subject in subjects
            .iter()
            .filter(|s| self.taxonomy.entry(s.value).requires_age)
        {
            let text = filter
                .subjects
                .iter()
                .flat_map(|l| &l.terms)
                .find(|t| t.span == subject.span)
                .map_or("children", |t| t.text.as_str())
                .to_owned();
            let d = self
                .error(
                    Code::TermNeedsAge,
                    subject.span,
                    format!("`{text}` needs an age"),
                )
                .with_label("under which age?")
                .with_help(format!(
                    "write the age the policy names, for example `{text} under 13`"
                ));
            self.report(d);
        }
    }

    fn config_statement(
        &mut self,
        glob: &ast::StringLit,
        path: &ast::KeyPath,
        test: &ast::ConfigTest,
    ) -> Option<Promise> {
        let glob_ok = self.config_glob(glob);
        let test = self.config_test(test);
        let segments = path.segments.iter().map(|s| s.value.clone()).collect();
        glob_ok?;
        Some(Promise::ConfigFact {
            glob: Spanned::new(glob.value.clone(), glob.span),
            path: Spanned::new(segments, path.span),
            test: test?,
        })
    }

    /// Config globs are relative to the project root and may not leave it.
    fn config_glob(&mut self, glob: &ast::StringLit) -> Option<()> {
        let pattern = glob.value.as_str();
        let absolute =
            pattern.starts_with('/') || pattern.starts_with('\\') || pattern.get(1..2) == Some(":");
        let escapes = pattern.split(['/', '\\']).any(|part| part == "..");
        let problem = if pattern.is_empty() {
            "the file pattern is empty"
        } else if absolute {
            "the file pattern is an absolute path"
        } else if escapes {
            "the file pattern climbs out of the project with `..`"
        } else {
            return Some(());
        };
        let d = self
            .error(Code::ValueInvalidGlob, glob.span, problem)
            .with_help(
                "write a pattern relative to the project root, such as \"services/*/config.yaml\"",
            );
        self.report(d);
        None
    }
}
