//! A minimal LSP client over the real binary's standard input and output.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long any one answer may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(60);

/// `privet lsp` running as a child process.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// The latest diagnostics published for each URI.
    pub diagnostics: BTreeMap<String, Vec<Value>>,
    /// How many times diagnostics were published for each URI.
    pub publishes: BTreeMap<String, usize>,
}

impl Client {
    /// Starts the server.
    pub fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_privet"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            next_id: 0,
            diagnostics: BTreeMap::new(),
            publishes: BTreeMap::new(),
        }
    }

    /// Sends `initialize` (and `initialized`); the server's result.
    pub fn initialize(&mut self, root: &str, capabilities: Value) -> Value {
        let params = json!({
            "processId": null,
            "rootUri": root,
            "capabilities": capabilities,
        });
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    /// Sends raw bytes as one message body.
    pub fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        let message = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(&message.to_string());
    }

    /// Sends a request and waits for its response (the whole response,
    /// with `result` or `error`), recording notifications meanwhile.
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_raw(&message.to_string());
        loop {
            let message = self.incoming.recv_timeout(PATIENCE).unwrap();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            self.record(&message);
        }
    }

    /// Sends a request and returns its result.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_full(method, params);
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    fn record(&mut self, message: &Value) {
        if message["method"] == "textDocument/publishDiagnostics" {
            let uri = message["params"]["uri"].as_str().unwrap().to_owned();
            let list = message["params"]["diagnostics"].as_array().unwrap().clone();
            *self.publishes.entry(uri.clone()).or_default() += 1;
            self.diagnostics.insert(uri, list);
        }
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        let item = json!({"uri": uri, "languageId": language, "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": item}));
    }

    /// Replaces a document's whole text.
    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        let params = json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        });
        self.notify("textDocument/didChange", params);
    }

    /// Hover at a 0-based line and column; the result (`null` or a hover).
    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        let params = json!({
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
        });
        self.request("textDocument/hover", params)
    }

    /// The diagnostics last published for `uri` (none if never published).
    pub fn diagnostics_of(&self, uri: &str) -> Vec<Value> {
        self.diagnostics.get(uri).cloned().unwrap_or_default()
    }

    /// `shutdown`, then `exit`; the process's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        wait(&mut self.child)
    }

    /// Closes standard input without `shutdown`; the process's exit status.
    pub fn hang_up(mut self) -> ExitStatus {
        drop(self.stdin.take());
        wait(&mut self.child)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave a server running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait(child: &mut Child) -> ExitStatus {
    for _ in 0..600 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not exit");
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
