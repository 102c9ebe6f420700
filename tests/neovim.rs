//! `privet lsp` proven with a real editor: headless Neovim (0.7, Debian's
//! `neovim`, through `vim.lsp.start_client`) attaches the server to
//! `tests/lsp/project`, opens the inventory file with a known violation,
//! and reports the diagnostics it received (`tests/neovim/init.lua`).
//!
//! Without `nvim` on `PATH` the test passes and says it was skipped;
//! `bash .ci/run` installs Neovim, and then the test must run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const SKIPPED: &str = "skipped: nvim is not installed (bash .ci/run installs it)";

fn has_nvim() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn neovim_shows_the_finding_at_the_value() {
    if !has_nvim() {
        // Written past the test harness's capture, so that it is seen.
        let _ = writeln!(std::io::stderr(), "{SKIPPED}");
        return;
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.join("tests/lsp/project");
    let file = root.join("inventory/acme.yaml");
    // Neovim's state and logs go to a directory of this test's own.
    let state = Path::new(env!("CARGO_TARGET_TMPDIR")).join("neovim");
    std::fs::create_dir_all(&state).unwrap();
    let out = state.join("received.json");
    let _ = std::fs::remove_file(&out);
    let mut nvim = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(here.join("tests/neovim/init.lua"))
        .env("PRIVET_BIN", env!("CARGO_BIN_EXE_privet"))
        .env("PRIVET_ROOT", &root)
        .env("PRIVET_FILE", &file)
        .env("PRIVET_OUT", &out)
        .env("XDG_CONFIG_HOME", &state)
        .env("XDG_DATA_HOME", &state)
        .env("XDG_STATE_HOME", &state)
        .env("XDG_CACHE_HOME", &state)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = nvim.kill();
            panic!("neovim did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "neovim exited with {status}");
    let received: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // Line 9, the value `400 days` after `café😀` on the same line: Neovim
    // converts the server's UTF-16 columns to bytes (0-based 78..86).
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().nth(8).unwrap();
    assert_eq!(line.find("400 days"), Some(78));
    let expected = json!({"diagnostics": [{
        "lnum": 8,
        "col": 78,
        "end_col": 86,
        "severity": 1,
        "source": "privet",
        "code": "privet::retention::exceeded",
        "message": "field `accounts/users/café😀` keeps contact data for 400 days after collection, but the policy allows at most 6 months after collection (`contact data retained at most 6 months`)",
    }]});
    assert_eq!(received, expected);
}
