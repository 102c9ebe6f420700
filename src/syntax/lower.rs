//! Lowering pest parse trees into typed AST nodes.
//!
//! Each function takes one grammar rule's pair and pattern-matches its
//! children. The grammar guarantees their shape, but nothing here unwraps:
//! a shape the code does not expect becomes an error with a span.

use pest::iterators::{Pair, Pairs};

use super::Rule;
use crate::ast::{
    Comment, Commitment, CommitmentPart, ConfigOp, ConfigTest, DisclosureKind, DurationLit,
    DurationPart, EffectiveDate, Header, HeaderField, Item, KeyPath, KeySegment, PolicyFile,
    Predicate, ResidencyScope, Selector, Severity, Statement, StatementKind, StringLit,
    SubjectFilter, Term, TermList, ValueLit,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span, Spanned};

/// A parse tree whose shape the lowering did not expect (a bug in privet,
/// reported with a location rather than a crash).
#[derive(Debug)]
pub(super) struct LowerError {
    span: Span,
    what: &'static str,
}

impl LowerError {
    /// The error as a user-facing diagnostic.
    pub(super) fn into_diagnostic(self, file: &SourceFile) -> Diagnostic {
        Diagnostic::error(
            Code::SyntaxUnexpected,
            file,
            self.span,
            format!("privet could not read this {}", self.what),
        )
        .with_help("this is a bug in privet; please report it with this file")
    }
}

type Result<T> = std::result::Result<T, LowerError>;

/// Lowers one parsed chunk, appending its items and comments to `ast`.
pub(super) fn lower_chunk(
    pairs: Pairs<'_, Rule>,
    offset: usize,
    ast: &mut PolicyFile,
) -> Result<()> {
    let cx = Cx { offset };
    for pair in pairs
        .clone()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
    {
        let text = pair.as_str().trim_end().to_owned();
        ast.comments.push(Comment {
            text,
            span: cx.span(&pair),
        });
    }
    for chunk in pairs {
        for item in children(chunk) {
            match item.as_rule() {
                Rule::header => ast.items.push(Item::Header(cx.header(item)?)),
                Rule::commitment => ast.items.push(Item::Commitment(cx.commitment(item)?)),
                Rule::EOI => {}
                _ => return Err(cx.unexpected(&item, "block")),
            }
        }
    }
    Ok(())
}

/// Children that carry meaning: comments, braces and structural keywords
/// are dropped.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_noise(p.as_rule()))
}

fn is_noise(rule: Rule) -> bool {
    match rule {
        Rule::kw_own | Rule::kw_undated => false,
        Rule::COMMENT | Rule::lbrace | Rule::rbrace => true,
        rule => super::expected::keyword(rule).is_some(),
    }
}

/// Byte offset of the chunk being lowered, to turn chunk-relative pest
/// positions into file positions.
struct Cx {
    offset: usize,
}

impl Cx {
    /// The pair's span in the file, without the trailing blanks that
    /// implicit whitespace leaves inside non-atomic rules.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start() + self.offset;
        Span::new(start, start + pair.as_str().trim_end().len())
    }

    fn unexpected(&self, pair: &Pair<'_, Rule>, what: &'static str) -> LowerError {
        LowerError {
            span: self.span(pair),
            what,
        }
    }

    fn missing(&self, span: Span, what: &'static str) -> LowerError {
        LowerError { span, what }
    }

    /// The next child, which must be `rule`.
    fn expect<'i>(
        &self,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
        rule: Rule,
        parent: Span,
        what: &'static str,
    ) -> Result<Pair<'i, Rule>> {
        match it.next() {
            Some(p) if p.as_rule() == rule => Ok(p),
            Some(p) => Err(self.unexpected(&p, what)),
            None => Err(self.missing(parent, what)),
        }
    }

    // ── Header ───────────────────────────────────────────────────────────

    fn header(&self, pair: Pair<'_, Rule>) -> Result<Header> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let title = self.string(self.expect(&mut it, Rule::string, span, "policy title")?);
        let fields = it.map(|f| self.header_field(f)).collect::<Result<_>>()?;
        Ok(Header {
            title,
            fields,
            span,
        })
    }

    fn header_field(&self, pair: Pair<'_, Rule>) -> Result<HeaderField> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut it = children(pair);
        let value = it
            .next()
            .ok_or_else(|| self.missing(span, "header field"))?;
        Ok(match rule {
            Rule::source_field => HeaderField::Source(self.string(value)),
            Rule::version_field => HeaderField::Version(self.string(value)),
            Rule::jurisdiction_field => HeaderField::Jurisdiction(self.wrapped_terms(value)?),
            Rule::effective_field => {
                let date = match value.as_rule() {
                    Rule::date => EffectiveDate::Date(value.as_str().to_owned()),
                    _ => EffectiveDate::Undated,
                };
                HeaderField::Effective(Spanned::new(date, self.span(&value)))
            }
            _ => return Err(self.missing(span, "header field")),
        })
    }

    // ── Commitments ──────────────────────────────────────────────────────

    fn commitment(&self, pair: Pair<'_, Rule>) -> Result<Commitment> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let id = self.expect(&mut it, Rule::commitment_id, span, "commitment id")?;
        let id = Spanned::new(id.as_str().to_owned(), self.span(&id));
        let parts = it.map(|p| self.commitment_part(p)).collect::<Result<_>>()?;
        Ok(Commitment { id, parts, span })
    }

    fn commitment_part(&self, pair: Pair<'_, Rule>) -> Result<CommitmentPart> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        if rule == Rule::statement {
            return Ok(CommitmentPart::Statement(Box::new(self.statement(pair)?)));
        }
        let value = children(pair)
            .next()
            .ok_or_else(|| self.missing(span, "commitment field"))?;
        Ok(match rule {
            Rule::quote_field => CommitmentPart::Quote(self.string(value)),
            Rule::section_field => CommitmentPart::Section(self.string(value)),
            Rule::severity_field => {
                let severity = match value.as_str() {
                    "warning" => Severity::Warning,
                    "info" => Severity::Info,
                    _ => Severity::Error,
                };
                CommitmentPart::Severity(Spanned::new(severity, self.span(&value)))
            }
            _ => return Err(self.unexpected(&value, "commitment field")),
        })
    }

    // ── Statements ───────────────────────────────────────────────────────

    fn statement(&self, pair: Pair<'_, Rule>) -> Result<Statement> {
        let span = self.span(&pair);
        let inner = children(pair)
            .next()
            .ok_or_else(|| self.missing(span, "statement"))?;
        let kind = match inner.as_rule() {
            Rule::no_disclosure => self.no_disclosure(inner)?,
            Rule::no_collection => self.no_collection(inner)?,
            Rule::recipient_purpose_ban => self.recipient_purpose_ban(inner)?,
            Rule::collection_limited => StatementKind::CollectionLimited {
                data: self.only_selector(inner)?,
            },
            Rule::transfer_rule => self.transfer_rule(inner)?,
            Rule::contract_rule => self.contract_rule(inner)?,
            Rule::dataset_rule => self.dataset_rule(inner)?,
            Rule::config_rule => self.config_rule(inner)?,
            Rule::data_rule => self.data_rule(inner)?,
            _ => return Err(self.unexpected(&inner, "statement")),
        };
        Ok(Statement { kind, span })
    }

    fn no_disclosure(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut kinds = Vec::new();
        let mut data = None;
        let mut subjects = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::disclosure_kind => kinds.push(self.disclosure_kind(&child)),
                Rule::selector => data = Some(self.selector(child)?),
                Rule::subject_filter => subjects = Some(self.subject_filter(child)?),
                _ => return Err(self.unexpected(&child, "sale or sharing statement")),
            }
        }
        let data = data.ok_or_else(|| self.missing(span, "data"))?;
        Ok(StatementKind::NoDisclosure {
            kinds,
            data,
            subjects,
        })
    }

    fn disclosure_kind(&self, pair: &Pair<'_, Rule>) -> Spanned<DisclosureKind> {
        let kind = if pair.as_str().starts_with("sale") {
            DisclosureKind::Sale
        } else {
            DisclosureKind::Sharing
        };
        Spanned::new(kind, self.span(pair))
    }

    fn no_collection(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let data = self.selector(self.expect(&mut it, Rule::selector, span, "data")?)?;
        let subjects = it.next().map(|p| self.subject_filter(p)).transpose()?;
        Ok(StatementKind::NoCollection { data, subjects })
    }

    fn recipient_purpose_ban(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut it = children(pair).peekable();
        let recipients =
            self.wrapped_terms(self.expect(&mut it, Rule::recipients, span, "recipients")?)?;
        let data = self.selector(self.expect(&mut it, Rule::selector, span, "data")?)?;
        let own = it.next_if(|p| p.as_rule() == Rule::kw_own).is_some();
        let purposes =
            self.wrapped_terms(self.expect(&mut it, Rule::purposes, span, "purposes")?)?;
        Ok(StatementKind::RecipientPurposeBan {
            recipients,
            data,
            own,
            purposes,
        })
    }

    fn only_selector(&self, pair: Pair<'_, Rule>) -> Result<Selector> {
        let span = self.span(&pair);
        self.selector(self.expect(&mut children(pair), Rule::selector, span, "data")?)
    }

    fn transfer_rule(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let data = self.selector(self.expect(&mut it, Rule::selector, span, "data")?)?;
        let origin = self.wrapped_terms(self.expect(&mut it, Rule::regions, span, "regions")?)?;
        let mechanisms =
            self.wrapped_terms(self.expect(&mut it, Rule::mechanisms, span, "mechanisms")?)?;
        Ok(StatementKind::TransferMechanism {
            data,
            origin,
            mechanisms,
        })
    }

    fn contract_rule(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut it = children(pair).peekable();
        let recipients =
            self.wrapped_terms(self.expect(&mut it, Rule::recipients, span, "recipients")?)?;
        let data = it
            .next_if(|p| p.as_rule() == Rule::selector)
            .map(|p| self.selector(p))
            .transpose()?;
        let contracts = self.expect(&mut it, Rule::contracts, span, "contracts")?;
        let contracts = self.wrapped_terms(contracts)?;
        Ok(StatementKind::ContractRequired {
            recipients,
            data,
            contracts,
        })
    }

    fn dataset_rule(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let pattern =
            self.string(self.expect(&mut children(pair), Rule::string, span, "dataset name")?);
        Ok(StatementKind::DatasetDeIdentified { pattern })
    }

    fn data_rule(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let data = self.selector(self.expect(&mut it, Rule::selector, span, "data")?)?;
        let predicate = it
            .next()
            .ok_or_else(|| self.missing(span, "promise about the data"))?;
        let predicate = self.predicate(predicate)?;
        Ok(StatementKind::Data { data, predicate })
    }

    // ── Predicates ───────────────────────────────────────────────────────

    fn predicate(&self, pair: Pair<'_, Rule>) -> Result<Predicate> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut it = children(pair).peekable();
        Ok(match rule {
            Rule::retention => self.retention(span, it)?,
            Rule::residency => {
                let verb = self.expect(&mut it, Rule::residency_verb, span, "verb")?;
                let scope = match verb.as_str() {
                    "processed" => ResidencyScope::Processed,
                    "accessed" => ResidencyScope::Accessed,
                    _ => ResidencyScope::Stored,
                };
                let scope = Spanned::new(scope, self.span(&verb));
                let regions = self.next_terms(&mut it, Rule::regions, span)?;
                Predicate::Residency { scope, regions }
            }
            Rule::shared_only_with => {
                let recipients = self.next_terms(&mut it, Rule::recipients, span)?;
                let regions = it.next().map(|r| self.wrapped_terms(r)).transpose()?;
                Predicate::SharedOnlyWith {
                    recipients,
                    regions,
                }
            }
            Rule::shared_with_only_for => Predicate::SharedWithOnlyFor {
                recipients: self.next_terms(&mut it, Rule::recipients, span)?,
                purposes: self.next_terms(&mut it, Rule::purposes, span)?,
            },
            Rule::never_shared_with => Predicate::NeverSharedWith {
                recipients: self.next_terms(&mut it, Rule::recipients, span)?,
            },
            Rule::used_only_for => Predicate::UsedOnlyFor {
                purposes: self.next_terms(&mut it, Rule::purposes, span)?,
            },
            Rule::never_used_for => Predicate::NeverUsedFor {
                purposes: self.next_terms(&mut it, Rule::purposes, span)?,
            },
            Rule::encryption => self.encryption(it),
            Rule::deidentified => Predicate::DeIdentified,
            _ => return Err(self.missing(span, "promise about the data")),
        })
    }

    fn next_terms<'i>(
        &self,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
        rule: Rule,
        parent: Span,
    ) -> Result<TermList> {
        self.wrapped_terms(self.expect(it, rule, parent, "list")?)
    }

    fn retention<'i>(
        &self,
        span: Span,
        mut it: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Predicate> {
        let limit = it.next().ok_or_else(|| self.missing(span, "retention"))?;
        let unless = it.next().map(|u| self.unless(u)).transpose()?;
        let limit_span = self.span(&limit);
        let rule = limit.as_rule();
        let mut inner = children(limit);
        match rule {
            Rule::retention_limit => {
                let max = self.duration(self.expect(
                    &mut inner,
                    Rule::duration,
                    limit_span,
                    "duration",
                )?)?;
                let after = inner.next().map(|e| self.event(e)).transpose()?;
                Ok(Predicate::RetainedAtMost { max, after, unless })
            }
            Rule::retention_until => {
                let event =
                    self.event(self.expect(&mut inner, Rule::event, limit_span, "event")?)?;
                Ok(Predicate::RetainedUntil { event, unless })
            }
            _ => Err(self.missing(limit_span, "retention")),
        }
    }

    fn unless(&self, pair: Pair<'_, Rule>) -> Result<TermList> {
        let span = self.span(&pair);
        self.next_terms(&mut children(pair), Rule::purposes, span)
    }

    fn event(&self, pair: Pair<'_, Rule>) -> Result<Term> {
        let span = self.span(&pair);
        let term = children(pair)
            .next()
            .ok_or_else(|| self.missing(span, "event"))?;
        self.term(term)
    }

    fn encryption<'i>(&self, it: impl Iterator<Item = Pair<'i, Rule>>) -> Predicate {
        let (mut at_rest, mut in_transit) = (None, None);
        for place in it {
            for inner in children(place) {
                match inner.as_rule() {
                    Rule::at_rest => at_rest = Some(self.span(&inner)),
                    _ => in_transit = Some(self.span(&inner)),
                }
            }
        }
        Predicate::Encrypted {
            at_rest,
            in_transit,
        }
    }

    // ── Config ───────────────────────────────────────────────────────────

    fn config_rule(&self, pair: Pair<'_, Rule>) -> Result<StatementKind> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let glob = self.string(self.expect(&mut it, Rule::string, span, "file pattern")?);
        let path = self.key_path(self.expect(&mut it, Rule::key_path, span, "key path")?)?;
        let test = self.config_test(self.expect(&mut it, Rule::config_test, span, "test")?)?;
        Ok(StatementKind::Config { glob, path, test })
    }

    fn key_path(&self, pair: Pair<'_, Rule>) -> Result<KeyPath> {
        let span = self.span(&pair);
        let mut segments = Vec::new();
        for segment in children(pair) {
            for part in children(segment) {
                let part_span = self.span(&part);
                let value = match part.as_rule() {
                    Rule::string => KeySegment::Key(self.string(part).value),
                    Rule::key_index => {
                        let digits = part.as_str().trim_matches(|c| c == '[' || c == ']');
                        let index = digits
                            .parse()
                            .map_err(|_| self.missing(part_span, "index (too large)"))?;
                        KeySegment::Index(index)
                    }
                    _ => KeySegment::Key(part.as_str().to_owned()),
                };
                segments.push(Spanned::new(value, part_span));
            }
        }
        Ok(KeyPath { segments, span })
    }

    fn config_test(&self, pair: Pair<'_, Rule>) -> Result<ConfigTest> {
        let span = self.span(&pair);
        let test = children(pair)
            .next()
            .ok_or_else(|| self.missing(span, "test"))?;
        let test_span = self.span(&test);
        let rule = test.as_rule();
        let mut it = children(test);
        let (op, values) = match rule {
            Rule::is_set => (Spanned::new(ConfigOp::IsSet, test_span), Vec::new()),
            Rule::is_not_set => (Spanned::new(ConfigOp::IsNotSet, test_span), Vec::new()),
            Rule::is_one_of => {
                let values = it.map(|v| self.value(v)).collect::<Result<_>>()?;
                (Spanned::new(ConfigOp::OneOf, test_span), values)
            }
            _ => {
                let op = self.expect(&mut it, Rule::operator, test_span, "operator")?;
                let op = Spanned::new(operator(op.as_str()), self.span(&op));
                let value = self.expect(&mut it, Rule::config_value, test_span, "value")?;
                (op, vec![self.value(value)?])
            }
        };
        Ok(ConfigTest { op, values })
    }

    fn value(&self, pair: Pair<'_, Rule>) -> Result<ValueLit> {
        let span = self.span(&pair);
        let value = children(pair)
            .next()
            .ok_or_else(|| self.missing(span, "value"))?;
        let value_span = self.span(&value);
        Ok(match value.as_rule() {
            Rule::duration => ValueLit::Duration(self.duration(value)?),
            Rule::boolean => ValueLit::Bool(Spanned::new(value.as_str() == "true", value_span)),
            Rule::number => ValueLit::Number(Spanned::new(value.as_str().to_owned(), value_span)),
            _ => ValueLit::String(self.string(value)),
        })
    }

    // ── Data, terms, literals ────────────────────────────────────────────

    fn selector(&self, pair: Pair<'_, Rule>) -> Result<Selector> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let include =
            self.wrapped_terms(self.expect(&mut it, Rule::data_terms, span, "data")?)?;
        let except = it.next().map(|e| self.wrapped_terms(e)).transpose()?;
        Ok(Selector {
            include,
            except,
            span,
        })
    }

    fn subject_filter(&self, pair: Pair<'_, Rule>) -> Result<SubjectFilter> {
        let span = self.span(&pair);
        let mut subjects = None;
        let mut under_age = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::subjects => subjects = Some(self.wrapped_terms(child)?),
                _ => {
                    let age = children(child)
                        .next()
                        .ok_or_else(|| self.missing(span, "age"))?;
                    under_age = Some(Spanned::new(age.as_str().to_owned(), self.span(&age)));
                }
            }
        }
        Ok(SubjectFilter {
            subjects,
            under_age,
            span,
        })
    }

    /// A `regions`/`purposes`/`data_terms`/... rule: a list of terms.
    fn wrapped_terms(&self, pair: Pair<'_, Rule>) -> Result<TermList> {
        let span = self.span(&pair);
        let terms = children(pair)
            .map(|t| self.term(t))
            .collect::<Result<_>>()?;
        Ok(TermList { terms, span })
    }

    /// A `string` or `term_words` pair.
    fn term(&self, pair: Pair<'_, Rule>) -> Result<Term> {
        let span = self.span(&pair);
        let (text, quoted) = match pair.as_rule() {
            Rule::string => (self.string(pair).value, true),
            Rule::term_words => (pair.as_str().to_owned(), false),
            _ => return Err(self.unexpected(&pair, "term")),
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Term { text, quoted, span })
    }

    fn duration(&self, pair: Pair<'_, Rule>) -> Result<DurationLit> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for part in children(pair) {
            if part.as_rule() == Rule::iso_duration {
                return Ok(DurationLit::Iso(Spanned::new(
                    part.as_str().to_owned(),
                    span,
                )));
            }
            let part_span = self.span(&part);
            let mut it = children(part);
            let amount = self.expect(&mut it, Rule::integer, part_span, "number")?;
            let unit = self.expect(&mut it, Rule::time_unit, part_span, "unit")?;
            parts.push(DurationPart {
                amount: Spanned::new(amount.as_str().to_owned(), self.span(&amount)),
                unit: Spanned::new(unit.as_str().to_owned(), self.span(&unit)),
            });
        }
        Ok(DurationLit::Parts(parts, span))
    }

    fn string(&self, pair: Pair<'_, Rule>) -> StringLit {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let inner = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(raw);
        StringLit {
            value: unescape(inner),
            span,
        }
    }
}

/// Resolves `\"`, `\\`, `\n` and `\t`; any other escaped character stands
/// for itself.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn operator(text: &str) -> ConfigOp {
    match text {
        "<=" => ConfigOp::Le,
        "<" => ConfigOp::Lt,
        ">=" => ConfigOp::Ge,
        ">" => ConfigOp::Gt,
        "=" | "==" => ConfigOp::Eq,
        "!=" => ConfigOp::Ne,
        other => ConfigOp::Unknown(other.to_owned()),
    }
}
