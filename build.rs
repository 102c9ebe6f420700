//! Build script: converts the built-in taxonomy (`src/taxonomy/builtin.yaml`,
//! the file people edit) into compact JSON in `OUT_DIR`, which the binary
//! embeds. Reading YAML is the slow part of a small `privet check` (about
//! half of the pre-commit case); JSON of the same shape reads in a fraction
//! of it. `taxonomy::tests` proves both give the same taxonomy.

use std::path::PathBuf;

fn main() {
    let source = "src/taxonomy/builtin.yaml";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=build.rs");
    let yaml = std::fs::read_to_string(source).unwrap_or_else(|e| fail(source, &e));
    let mut options = serde_saphyr::Options::default();
    // The same schema as the YAML reader in src/yaml.rs: YAML 1.2 booleans
    // only, so a region such as `NO` stays a string.
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(&yaml, options).unwrap_or_else(|e| fail(source, &e));
    let json = serde_json::to_string(&value).unwrap_or_else(|e| fail(source, &e));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let target = out.join("builtin-taxonomy.json");
    std::fs::write(&target, json).unwrap_or_else(|e| fail(&target.display().to_string(), &e));
}

/// Stops the build with the file and the reason.
#[expect(
    clippy::print_stderr,
    reason = "cargo shows a failed build script's stderr"
)]
fn fail(path: &str, error: &dyn std::fmt::Display) -> ! {
    eprintln!("error: {path}: {error}");
    std::process::exit(1)
}
