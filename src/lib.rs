//! privet: privacy commitments as code.
//!
//! The pipeline: `.privet` text is parsed ([`syntax`]) into a syntax tree
//! ([`ast`]), then resolved against the [`taxonomy`] ([`resolve`]) into the
//! typed form ([`policy`]) that the checker evaluates. Every phase reports
//! problems as [`diagnostic::Diagnostic`]s with a code and a span.

pub mod ast;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod duration;
pub mod explain;
pub mod fides_policy;
pub mod fmt;
pub mod inventory;
pub mod lsp;
pub mod pipeline;
pub mod policy;
pub mod project;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod taxonomy;
pub mod waiver;
pub mod yaml;
