//! Statements in one commitment that cannot both hold.
//!
//! A contradiction means the commitment can never pass (or never fail) in
//! any system, which is a bug in the policy encoding. Only certain
//! contradictions are reported: two statements that merely look alike are
//! left alone.

use std::cmp::Ordering;

use super::Resolver;
use crate::diagnostic::Code;
use crate::policy::{
    Commitment, CompareOp, ConfigTest, ConfigValue, DataSelector, Promise, Statement, Terms,
};

impl Resolver<'_> {
    /// Reports every pair of statements in `commitment` that contradict.
    pub(super) fn contradictions(&mut self, commitment: &Commitment) {
        for (i, first) in commitment.statements.iter().enumerate() {
            for second in commitment.statements.iter().skip(i + 1) {
                if let Some(reason) = self.contradiction(first, second) {
                    let earlier = self.file.slice(first.span).to_owned();
                    let d = self
                        .error(Code::CommitmentContradiction, second.span, format!("this statement contradicts `{earlier}`"))
                        .with_label(reason)
                        .with_secondary(first.span, "the earlier statement")
                        .with_help("check the policy sentence: one of the two statements is probably mistyped");
                    self.report(d);
                }
            }
        }
    }

    fn contradiction(&self, a: &Statement, b: &Statement) -> Option<&'static str> {
        use Promise as P;
        match (&a.promise, &b.promise) {
            (
                P::Residency {
                    data: d1,
                    scope: s1,
                    regions: r1,
                },
                P::Residency {
                    data: d2,
                    scope: s2,
                    regions: r2,
                },
            ) if s1.value == s2.value
                && self.data_overlaps(d1, d2)
                && !self.any_overlap(r1, r2) =>
            {
                Some("no region is allowed by both statements")
            }
            (
                P::PurposeLimited {
                    data: d1,
                    purposes: allowed,
                },
                P::PurposeBanned {
                    data: d2,
                    purposes: banned,
                },
            )
            | (
                P::PurposeBanned {
                    data: d2,
                    purposes: banned,
                },
                P::PurposeLimited {
                    data: d1,
                    purposes: allowed,
                },
            ) if self.data_overlaps(d1, d2) && self.all_within(allowed, banned) => {
                Some("every purpose allowed here is banned by the other statement")
            }
            (
                P::RecipientsLimited {
                    data: d1,
                    kinds: allowed,
                    ..
                },
                P::RecipientsBanned {
                    data: d2,
                    kinds: banned,
                },
            )
            | (
                P::RecipientsBanned {
                    data: d2,
                    kinds: banned,
                },
                P::RecipientsLimited {
                    data: d1,
                    kinds: allowed,
                    ..
                },
            ) if self.data_overlaps(d1, d2) && self.all_within(allowed, banned) => {
                Some("every recipient allowed here is banned by the other statement")
            }
            (
                P::ConfigFact {
                    glob: g1,
                    path: p1,
                    test: t1,
                },
                P::ConfigFact {
                    glob: g2,
                    path: p2,
                    test: t2,
                },
            ) if g1.value == g2.value && p1.value == p2.value && tests_conflict(t1, t2) => {
                Some("no value satisfies both tests")
            }
            _ => None,
        }
    }

    fn data_overlaps(&self, a: &DataSelector, b: &DataSelector) -> bool {
        self.any_overlap(&a.include, &b.include)
    }

    fn any_overlap(&self, a: &Terms, b: &Terms) -> bool {
        a.iter()
            .any(|x| b.iter().any(|y| self.taxonomy.overlaps(x.value, y.value)))
    }

    fn all_within(&self, narrower: &Terms, broader: &Terms) -> bool {
        narrower.iter().all(|x| {
            broader
                .iter()
                .any(|y| self.taxonomy.is_within(x.value, y.value))
        })
    }
}

/// Whether no value can pass both config tests.
fn tests_conflict(a: &ConfigTest, b: &ConfigTest) -> bool {
    match (a, b) {
        (ConfigTest::IsSet, ConfigTest::IsNotSet) | (ConfigTest::IsNotSet, ConfigTest::IsSet) => {
            true
        }
        (ConfigTest::IsNotSet, ConfigTest::Compare { .. } | ConfigTest::OneOf(_))
        | (ConfigTest::Compare { .. } | ConfigTest::OneOf(_), ConfigTest::IsNotSet) => true,
        (ConfigTest::Compare { op: o1, value: v1 }, ConfigTest::Compare { op: o2, value: v2 }) => {
            bounds_conflict(o1.value, &v1.value, o2.value, &v2.value)
        }
        _ => false,
    }
}

/// Whether `x o1 v1` and `x o2 v2` exclude each other for every `x`.
fn bounds_conflict(o1: CompareOp, v1: &ConfigValue, o2: CompareOp, v2: &ConfigValue) -> bool {
    use CompareOp::{Eq, Ge, Gt, Le, Lt, Ne};
    let Some(order) = certain_order(v1, v2) else {
        // Values of different kinds (or an order that depends on the
        // calendar): only `= a` against `= b` is certainly impossible.
        return o1 == Eq && o2 == Eq && v1 != v2;
    };
    match (o1, o2) {
        (Eq, Eq) => order != Ordering::Equal,
        (Eq, Ne) | (Ne, Eq) => order == Ordering::Equal,
        // A lower bound above an upper bound, or equal with either strict.
        (Ge | Gt | Eq, Le | Lt | Eq) => lower_above_upper(order, o1 == Gt || o2 == Lt),
        (Le | Lt | Eq, Ge | Gt | Eq) => lower_above_upper(order.reverse(), o1 == Lt || o2 == Gt),
        _ => false,
    }
}

fn lower_above_upper(lower_vs_upper: Ordering, strict: bool) -> bool {
    lower_vs_upper == Ordering::Greater || (strict && lower_vs_upper == Ordering::Equal)
}

/// The order of two values when it is the same on every calendar.
fn certain_order(a: &ConfigValue, b: &ConfigValue) -> Option<Ordering> {
    use crate::duration::CalendarOrdering as C;
    match (a, b) {
        (ConfigValue::Number(x), ConfigValue::Number(y)) => x.partial_cmp(y),
        (ConfigValue::Duration(x), ConfigValue::Duration(y)) => match x.compare(*y) {
            C::Less => Some(Ordering::Less),
            C::Equal => Some(Ordering::Equal),
            C::Greater => Some(Ordering::Greater),
            C::LessOrEqual | C::GreaterOrEqual | C::Depends => None,
        },
        (ConfigValue::Bool(x), ConfigValue::Bool(y)) => Some(x.cmp(y)),
        (ConfigValue::String(x), ConfigValue::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}
