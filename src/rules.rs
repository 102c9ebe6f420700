//! From policy source files to resolved policies: parse, resolve, and check
//! across files (duplicate commitment ids). Pure: no file system access.

use crate::diagnostic::{self, Code, Diagnostic};
use crate::policy::Policy;
use crate::resolve;
use crate::source::SourceFile;
use crate::syntax;
use crate::taxonomy::Taxonomy;

/// Resolved policies and every diagnostic found on the way.
#[derive(Debug, Default)]
pub struct Rules {
    /// Policies that parsed and resolved without errors.
    pub policies: Vec<Policy>,
    /// Errors and warnings from every file, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and resolves every file; a broken file does not stop the others.
pub fn load(files: &[SourceFile], taxonomy: &Taxonomy) -> Rules {
    let mut rules = Rules::default();
    for file in files {
        let parsed = syntax::parse(file);
        let resolved = resolve::resolve(&parsed.ast, file, taxonomy);
        let broken = !parsed.errors.is_empty();
        rules.diagnostics.extend(parsed.errors);
        rules.diagnostics.extend(parsed.warnings);
        // A header inside a block that failed to parse is not missing.
        let resolved_diagnostics = resolved.diagnostics.into_iter();
        rules
            .diagnostics
            .extend(resolved_diagnostics.filter(|d| !(broken && d.code == Code::HeaderMissing)));
        match resolved.policy {
            Some(policy) if !broken => rules.policies.push(policy),
            _ => {}
        }
    }
    rules
        .diagnostics
        .extend(resolve::duplicate_ids(&rules.policies));
    diagnostic::sort(&mut rules.diagnostics);
    rules
}
