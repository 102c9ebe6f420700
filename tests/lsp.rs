//! `privet lsp` driven over standard input and output, as an editor does:
//! the real binary, unsaved buffers through half-typed states, hover,
//! formatting, and a clean exit.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

#[path = "lsp/client.rs"]
mod client;

use std::path::{Path, PathBuf};

use client::Client;
use privet::lsp::position::path_to_uri;
use serde_json::{Value, json};

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/project")
}

fn uri(relative: &str) -> String {
    let path = if relative.is_empty() {
        project()
    } else {
        project().join(relative)
    };
    path_to_uri(&path).unwrap().as_str().to_owned()
}

fn text(relative: &str) -> String {
    std::fs::read_to_string(project().join(relative)).unwrap()
}

fn started(capabilities: Value) -> (Client, Value) {
    let mut client = Client::start();
    let result = client.initialize(&uri(""), capabilities);
    (client, result)
}

const POLICY: &str = "rules/acme.privet";
const INVENTORY: &str = "inventory/acme.yaml";

/// Where `needle` is on its line: 0-based line, and the column in UTF-16
/// code units and in bytes.
fn column_of(text: &str, needle: &str) -> (u64, u64, u64) {
    let at = text.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line = text[..at].matches('\n').count() as u64;
    let before = &text[line_start..at];
    (
        line,
        before.encode_utf16().count() as u64,
        before.len() as u64,
    )
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Sends a request so that every diagnostic of earlier edits has arrived.
fn sync(client: &mut Client) {
    client.hover(&uri(INVENTORY), 0, 0);
}

#[test]
fn a_finding_is_published_at_the_value_in_utf16_with_the_commitment() {
    let (mut client, result) = started(json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    client.open(&uri(INVENTORY), "yaml", &text(INVENTORY));
    sync(&mut client);
    let diagnostics = client.diagnostics_of(&uri(INVENTORY));
    assert_eq!(codes(&diagnostics), ["privet::retention::exceeded"]);
    let d = &diagnostics[0];
    // `400 days` follows `café😀` on its line: the emoji is two UTF-16
    // units and four bytes, `é` one unit and two bytes.
    let (line, utf16, bytes) = column_of(&text(INVENTORY), "400 days");
    assert_ne!(utf16, bytes);
    let start = json!({"line": line, "character": utf16});
    let end = json!({"line": line, "character": utf16 + 8});
    assert_eq!(d["range"], json!({"start": start, "end": end}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "privet");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("field `accounts/users/café😀` keeps contact data for 400 days"),
        "{d}"
    );
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(href.starts_with("file:///"), "{href}");
    assert!(
        href.ends_with("/docs/codes/retention-exceeded.md"),
        "{href}"
    );
    let related = d["relatedInformation"].as_array().unwrap();
    let promise = &related[0];
    assert_eq!(promise["location"]["uri"], uri(POLICY));
    let (line, utf16, _) = column_of(&text(POLICY), "contact data retained");
    assert_eq!(
        promise["location"]["range"]["start"],
        json!({"line": line, "character": utf16})
    );
    assert_eq!(
        promise["message"],
        "commitment `short-retention`: \"Nous supprimons vos coordonnées après six mois 😀.\""
    );
    assert!(
        related[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("help: ")
    );
    assert!(client.shutdown().success());
}

#[test]
fn columns_count_bytes_when_the_client_negotiates_utf8() {
    let general = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let (mut client, result) = started(general);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.open(&uri(INVENTORY), "yaml", &text(INVENTORY));
    sync(&mut client);
    let diagnostics = client.diagnostics_of(&uri(INVENTORY));
    let (line, _, bytes) = column_of(&text(INVENTORY), "400 days");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": line, "character": bytes})
    );
    assert!(client.shutdown().success());
}

#[test]
fn half_typed_states_keep_it_answering_and_stale_diagnostics_are_cleared() {
    let (mut client, _) = started(json!({}));
    let policy = text(POLICY);
    let inventory = text(INVENTORY);
    client.open(&uri(POLICY), "privet", &policy);
    client.open(&uri(INVENTORY), "yaml", &inventory);
    sync(&mut client);
    assert_eq!(client.diagnostics_of(&uri(POLICY)), Vec::<Value>::new());
    assert_eq!(codes(&client.diagnostics_of(&uri(INVENTORY))).len(), 1);

    let unclosed = policy.replacen("quote \"Nous", "quote \"Nous supprimons\n", 1);
    let unclosed = unclosed.replace("😀.\"", "😀.");
    let no_braces = policy.replace('}', "");
    let states: [(&str, &str); 4] = [
        ("an unclosed string", &unclosed),
        ("deleted braces", &no_braces),
        ("a half-typed unit", &policy.replace("6 months", "6 mon")),
        ("an empty file", ""),
    ];
    for (version, (state, typed)) in (2..).zip(states) {
        client.change(&uri(POLICY), version, typed);
        sync(&mut client);
        let here = codes(&client.diagnostics_of(&uri(POLICY)));
        assert!(!here.is_empty(), "no diagnostic for {state}");
        // While the policy cannot be read nothing is evaluated, so the
        // finding in the inventory is withdrawn rather than left stale.
        assert_eq!(
            client.diagnostics_of(&uri(INVENTORY)),
            Vec::<Value>::new(),
            "{state}"
        );
    }

    client.change(&uri(POLICY), 10, &policy);
    for (version, broken) in (11..).zip(["systems: [", "systems:\n  - {name: x\n", ""]) {
        client.change(&uri(INVENTORY), version, broken);
        sync(&mut client);
        assert_eq!(client.diagnostics_of(&uri(POLICY)), Vec::<Value>::new());
        let here = client.diagnostics_of(&uri(INVENTORY));
        if !broken.is_empty() {
            assert!(!here.is_empty(), "no diagnostic for {broken:?}");
        }
    }

    client.change(
        &uri(INVENTORY),
        20,
        &inventory.replace("400 days", "90 days"),
    );
    sync(&mut client);
    assert_eq!(client.diagnostics_of(&uri(INVENTORY)), Vec::<Value>::new());
    client.change(&uri(INVENTORY), 21, &inventory);
    sync(&mut client);
    assert_eq!(
        codes(&client.diagnostics_of(&uri(INVENTORY))),
        ["privet::retention::exceeded"]
    );
    assert!(client.shutdown().success());
}

#[test]
fn an_unknown_term_is_reported_in_the_policy_with_a_suggestion() {
    let (mut client, _) = started(json!({}));
    let misspelt = text(POLICY).replace("contact data", "contakt data");
    client.open(&uri(POLICY), "privet", &misspelt);
    sync(&mut client);
    let diagnostics = client.diagnostics_of(&uri(POLICY));
    assert_eq!(codes(&diagnostics), ["privet::term::unknown"]);
    let (line, utf16, _) = column_of(&misspelt, "contakt data");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": line, "character": utf16})
    );
    let shown = diagnostics[0].to_string();
    assert!(shown.contains("contact data"), "{shown}");
    assert!(client.shutdown().success());
}

#[test]
fn hover_explains_terms_commitments_and_broken_values() {
    let (mut client, _) = started(json!({}));
    let policy = text(POLICY);
    client.open(&uri(POLICY), "privet", &policy);
    client.open(&uri(INVENTORY), "yaml", &text(INVENTORY));
    let (line, column, _) = column_of(&policy, "contact data retained");
    let term = client.hover(&uri(POLICY), line as u32, column as u32 + 2);
    let shown = term["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("data category `user.contact`"), "{shown}");
    assert!(shown.contains("within: `user`"), "{shown}");

    let (line, column, _) = column_of(&policy, "short-retention");
    let id = client.hover(&uri(POLICY), line as u32, column as u32 + 3);
    assert_eq!(
        id["contents"]["value"],
        "**commitment `short-retention`**\n\n> Nous supprimons vos coordonnées après six mois 😀."
    );

    let (line, column, _) = column_of(&text(INVENTORY), "400 days");
    let value = client.hover(&uri(INVENTORY), line as u32, column as u32 + 1);
    let shown = value["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("commitment `short-retention`"), "{shown}");
    assert!(shown.contains("> Nous supprimons"), "{shown}");
    assert_eq!(client.hover(&uri(INVENTORY), 0, 0), Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn formatting_returns_the_fmt_edit() {
    let (mut client, result) = started(json!({}));
    assert_eq!(result["capabilities"]["documentFormattingProvider"], true);
    let messy = text(POLICY).replace("  contact data", "      contact   data");
    client.open(&uri(POLICY), "privet", &messy);
    let options = json!({"tabSize": 2, "insertSpaces": true});
    let params = json!({"textDocument": {"uri": uri(POLICY)}, "options": options});
    let edits = client.request("textDocument/formatting", params.clone());
    let formatted = privet::fmt::format_source(&messy).unwrap();
    assert_ne!(formatted, messy);
    assert_eq!(edits[0]["newText"], formatted);
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    client.change(&uri(POLICY), 2, &formatted);
    assert_eq!(
        client.request("textDocument/formatting", params.clone()),
        json!([])
    );
    client.change(&uri(POLICY), 3, "policy \"x");
    assert_eq!(
        client.request("textDocument/formatting", params),
        Value::Null
    );
    assert!(client.shutdown().success());
}

#[test]
fn malformed_messages_get_answers_not_a_crash() {
    let (mut client, _) = started(json!({}));
    client.notify("textDocument/didOpen", json!({"textDocument": 42}));
    client.notify("textDocument/didChange", json!("nonsense"));
    client.notify("$/unknownNotification", json!({}));
    client.open("untitled:Untitled-1", "privet", "commitment {");
    client.open(
        "file:///nonexistent/dir/x.privet",
        "privet",
        "\u{0}\u{feff}",
    );
    let unknown = client.request_full("workspace/unknownRequest", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = client.request_full("textDocument/hover", json!({"textDocument": 1}));
    assert_eq!(bad["result"], Value::Null);
    let far = client.hover(&uri(POLICY), 4_000_000_000, 4_000_000_000);
    assert_eq!(far, Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn leaving_without_shutdown_is_an_error_exit() {
    let (client, _) = started(json!({}));
    assert!(!client.hang_up().success());
}

#[test]
fn an_unsaved_config_value_is_checked_and_closing_restores_the_disk() {
    let (mut client, _) = started(json!({}));
    const CONFIG: &str = "services/accounts.yaml";
    let on_disk = text(CONFIG);
    let edited = on_disk.replace("180d", "400d");
    client.open(&uri(CONFIG), "yaml", &on_disk);
    sync(&mut client);
    assert_eq!(client.diagnostics_of(&uri(CONFIG)), Vec::<Value>::new());
    client.change(&uri(CONFIG), 2, &edited);
    sync(&mut client);
    let diagnostics = client.diagnostics_of(&uri(CONFIG));
    assert_eq!(codes(&diagnostics), ["privet::config::violated"]);
    let (line, utf16, _) = column_of(&edited, "400d");
    let range = json!({
        "start": {"line": line, "character": utf16},
        "end": {"line": line, "character": utf16 + 4},
    });
    assert_eq!(diagnostics[0]["range"], range);
    let related = diagnostics[0]["relatedInformation"].as_array().unwrap();
    assert_eq!(
        related[0]["message"],
        "commitment `inactive-accounts`: \"Les comptes inactifs sont supprimés après six mois.\""
    );
    let close = json!({"textDocument": {"uri": uri(CONFIG)}});
    client.notify("textDocument/didClose", close);
    sync(&mut client);
    assert_eq!(client.diagnostics_of(&uri(CONFIG)), Vec::<Value>::new());
    assert!(client.shutdown().success());
}

#[test]
fn a_policy_outside_the_rules_is_still_parsed_and_resolved() {
    let (mut client, _) = started(json!({}));
    // Not on disk: a new file the user has not saved yet.
    let scratch = uri("scratch.privet");
    let typed = "commitment draft {\n  contakt data retained at most 6 months\n}\n";
    client.open(&scratch, "privet", typed);
    sync(&mut client);
    let shown = codes(&client.diagnostics_of(&scratch));
    assert!(
        shown.contains(&"privet::term::unknown".to_owned()),
        "{shown:?}"
    );
    assert!(client.shutdown().success());
}

#[cfg(unix)]
#[test]
fn a_project_reached_through_a_symbolic_link_keeps_the_editors_names() {
    let link = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-linked-project");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(project(), &link).unwrap();
    let linked = |relative: &str| {
        path_to_uri(&link.join(relative))
            .unwrap()
            .as_str()
            .to_owned()
    };
    let mut client = Client::start();
    client.initialize(&linked(""), json!({}));
    client.open(&linked(INVENTORY), "yaml", &text(INVENTORY));
    client.hover(&linked(INVENTORY), 0, 0);
    let diagnostics = client.diagnostics_of(&linked(INVENTORY));
    assert_eq!(codes(&diagnostics), ["privet::retention::exceeded"]);
    let related = &diagnostics[0]["relatedInformation"][0]["location"]["uri"];
    // The policy is not open, so it is named by its real path.
    assert_eq!(related, &json!(uri(POLICY)));
    assert!(client.shutdown().success());
}

#[test]
fn a_workspace_without_a_project_file_is_checked_with_the_defaults() {
    let bare = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-bare-project");
    let _ = std::fs::remove_dir_all(&bare);
    for relative in [POLICY, INVENTORY, "services/accounts.yaml"] {
        let to = bare.join(relative);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(project().join(relative), to).unwrap();
    }
    let bare = bare.canonicalize().unwrap();
    let named = |relative: &str| {
        path_to_uri(&bare.join(relative))
            .unwrap()
            .as_str()
            .to_owned()
    };
    let mut client = Client::start();
    client.initialize(&named(""), json!({}));
    client.open(&named(POLICY), "privet", &text(POLICY));
    client.open(&named(INVENTORY), "yaml", &text(INVENTORY));
    client.hover(&named(INVENTORY), 0, 0);
    assert_eq!(client.diagnostics_of(&named(POLICY)), Vec::<Value>::new());
    assert_eq!(
        codes(&client.diagnostics_of(&named(INVENTORY))),
        ["privet::retention::exceeded"]
    );
    // Nothing anywhere else: no complaint about a missing `privet.yaml`.
    assert_eq!(client.diagnostics.len(), 1, "{:?}", client.diagnostics);
    assert!(client.shutdown().success());
}
