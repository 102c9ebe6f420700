//! `privet lsp`: a Language Server Protocol server over standard input and
//! output (synchronous, on `lsp-server`).
//!
//! Every change to an open document re-runs the whole pipeline of the
//! document's project with the editor's unsaved buffers in place of the
//! files on disk, then publishes one diagnostic list per file and clears
//! the lists of files that no longer have any.

mod diagnostics;
mod hover;
pub mod position;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, Response};
use lsp_types::{
    HoverContents, HoverProviderCapability, InitializeParams, MarkupContent, MarkupKind,
    PublishDiagnosticsParams, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use crate::pipeline::Overlays;
use crate::source::SourceFile;
use diagnostics::{Broken, Documents, Uris};
use position::{Encoding, LineIndex, uri_to_path};

/// Runs the server on standard input and output until the client asks it
/// to exit. `true` when it ended as the protocol asks (`shutdown`, then
/// `exit`).
pub fn run() -> bool {
    let (connection, io_threads) = Connection::stdio();
    let clean = serve(&connection);
    // The writer thread ends only when every sender is gone.
    drop(connection);
    io_threads.join().is_ok() && matches!(clean, Ok(true))
}

/// Serves one client on `connection`: the handshake, then every message
/// until `exit`. `Ok(true)` after `shutdown` then `exit`; `Ok(false)` when
/// the client left without `shutdown`.
pub fn serve(connection: &Connection) -> Result<bool, ProtocolError> {
    let mut server = handshake(connection)?;
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(true);
                }
                // A hover on a value answers from the latest edits.
                check(connection, &mut server);
                send(connection, server.answer(request));
            }
            Message::Notification(n) if n.method == "exit" => return Ok(false),
            Message::Notification(n) => server.notify(n),
            Message::Response(_) => {}
        }
        // Checking once a burst of edits has been read, not after each.
        if connection.receiver.is_empty() {
            check(connection, &mut server);
        }
    }
    Ok(false)
}

/// `initialize`: negotiates the position encoding, states capabilities.
fn handshake(connection: &Connection) -> Result<Server, ProtocolError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let server = Server::new(&params);
    let result = serde_json::json!({
        "capabilities": server.capabilities(),
        "serverInfo": { "name": "privet", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    Ok(server)
}

/// Re-checks and publishes, if anything changed since the last check.
fn check(connection: &Connection, server: &mut Server) {
    if server.dirty {
        server.check().into_iter().for_each(|m| send(connection, m));
    }
}

fn send(connection: &Connection, message: impl Into<Message>) {
    // Only fails when the client has gone; the loop then ends by itself.
    let _ = connection.sender.send(message.into());
}

/// The server's state: open documents and what was last published.
#[derive(Debug, Default)]
struct Server {
    encoding: Encoding,
    /// The client's workspace folder: the project root when no
    /// `privet.yaml` is found above a document.
    workspace: Option<PathBuf>,
    /// Open documents by resolved path, with the editor's text.
    open: Overlays,
    /// The editor's URIs of the open documents.
    uris: Uris,
    /// Files that have diagnostics in the editor.
    published: BTreeSet<PathBuf>,
    /// Findings by the file of the offending value, for hover.
    broken: BTreeMap<PathBuf, Vec<Broken>>,
    /// Whether a document changed since the last check.
    dirty: bool,
}

impl Server {
    fn new(params: &InitializeParams) -> Self {
        let offered = params.capabilities.general.as_ref();
        let offered = offered.and_then(|g| g.position_encodings.as_deref());
        Self {
            encoding: Encoding::negotiate(offered),
            workspace: workspace_root(params),
            ..Self::default()
        }
    }

    fn capabilities(&self) -> ServerCapabilities {
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(true),
            })),
            ..TextDocumentSyncOptions::default()
        };
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            document_formatting_provider: Some(lsp_types::OneOf::Left(true)),
            ..ServerCapabilities::default()
        }
    }

    /// Handles a document notification; anything malformed or unknown is
    /// ignored, as the protocol allows.
    fn notify(&mut self, n: Notification) {
        match edit(n) {
            Some(Edit::Text(uri, path, text)) => {
                self.open.insert(path.clone(), text);
                self.uris.insert(path, uri);
            }
            Some(Edit::Close(path)) => {
                self.open.remove(&path);
                self.uris.remove(&path);
            }
            Some(Edit::OnDisk) => {}
            None => return,
        }
        self.dirty = true;
    }

    /// Checks every open project; the notifications to send.
    fn check(&mut self) -> Vec<Notification> {
        self.dirty = false;
        let docs = Documents {
            overlays: &self.open,
            uris: &self.uris,
            encoding: self.encoding,
        };
        let result = diagnostics::check(&self.roots(), docs);
        let now: BTreeSet<PathBuf> = result.files.keys().cloned().collect();
        let stale = self
            .published
            .difference(&now)
            .map(|p| (p.clone(), Vec::new()));
        let lists: Vec<_> = stale.chain(result.files).collect();
        self.published = now;
        self.broken = result.broken;
        lists
            .into_iter()
            .filter_map(|(path, diagnostics)| publish(docs.uri(&path)?, diagnostics))
            .collect()
    }

    /// The open documents grouped by project root.
    fn roots(&self) -> BTreeMap<PathBuf, Vec<PathBuf>> {
        let mut roots: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for path in self.open.keys() {
            let root = self.root_of(path);
            roots.entry(root).or_default().push(path.clone());
        }
        roots
    }

    /// The project root of a document: the nearest directory above it with
    /// `privet.yaml`, else the workspace folder holding it, else its
    /// directory.
    fn root_of(&self, path: &Path) -> PathBuf {
        let dir = path.parent().unwrap_or(path);
        let workspace = self.workspace.as_ref().filter(|w| path.starts_with(w));
        crate::project::find_root(dir)
            .or_else(|| workspace.cloned())
            .unwrap_or_else(|| dir.to_path_buf())
    }

    /// The response to a request.
    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            "textDocument/hover" => {
                let hover = parse::<lsp_types::HoverParams>(request.params)
                    .and_then(|p| self.hover(&p.text_document_position_params));
                Response::new_ok(id, hover)
            }
            "textDocument/formatting" => {
                let edits = parse::<lsp_types::DocumentFormattingParams>(request.params)
                    .and_then(|p| self.format(&p.text_document.uri));
                Response::new_ok(id, edits)
            }
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("privet does not handle `{method}`"),
            ),
        }
    }

    fn hover(&self, at: &lsp_types::TextDocumentPositionParams) -> Option<lsp_types::Hover> {
        let path = local(&at.text_document.uri)?;
        let text = self.open.get(&path)?;
        let index = LineIndex::new(text, self.encoding);
        let offset = index.offset(at.position);
        let markdown = if path.extension().is_some_and(|e| e == "privet") {
            let file = SourceFile::new(&path, text.as_str());
            std::panic::catch_unwind(|| hover::policy(&file, &index, offset)).ok()??
        } else {
            hover::yaml(self.broken.get(&path)?, offset)?
        };
        let contents = HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        });
        Some(lsp_types::Hover {
            contents,
            range: None,
        })
    }

    /// `privet fmt`'s edit for an open `.privet` document: one edit
    /// replacing the whole text, none when it is already formatted, and
    /// `None` when it does not parse (its diagnostics say why).
    fn format(&self, uri: &Uri) -> Option<Vec<lsp_types::TextEdit>> {
        let path = local(uri).filter(|p| p.extension().is_some_and(|e| e == "privet"))?;
        let text = self.open.get(&path)?;
        let formatted = std::panic::catch_unwind(|| crate::fmt::format_source(text))
            .ok()?
            .ok()?;
        if formatted == *text {
            return Some(Vec::new());
        }
        let index = LineIndex::new(text, self.encoding);
        let whole = index.range(crate::source::Span::new(0, text.len()));
        Some(vec![lsp_types::TextEdit::new(whole, formatted)])
    }
}

/// What a notification changes.
enum Edit {
    /// The document (by URI and resolved path) now has this text.
    Text(Uri, PathBuf, String),
    /// The document is closed: the file on disk counts again.
    Close(PathBuf),
    /// Files changed on disk (or a save without text).
    OnDisk,
}

fn edit(n: Notification) -> Option<Edit> {
    use lsp_types::{
        DidChangeTextDocumentParams as Change, DidCloseTextDocumentParams as Close,
        DidOpenTextDocumentParams as Open, DidSaveTextDocumentParams as Save,
    };
    let text = |uri: &Uri, text: Option<String>| match (local(uri), text) {
        (Some(path), Some(text)) => Edit::Text(uri.clone(), path, text),
        _ => Edit::OnDisk,
    };
    Some(match n.method.as_str() {
        "textDocument/didOpen" => {
            let doc = parse::<Open>(n.params)?.text_document;
            text(&doc.uri, Some(doc.text))
        }
        "textDocument/didChange" => {
            let p = parse::<Change>(n.params)?;
            text(
                &p.text_document.uri,
                p.content_changes.into_iter().last().map(|c| c.text),
            )
        }
        "textDocument/didSave" => {
            let p = parse::<Save>(n.params)?;
            text(&p.text_document.uri, p.text)
        }
        "textDocument/didClose" => {
            Edit::Close(local(&parse::<Close>(n.params)?.text_document.uri)?)
        }
        "workspace/didChangeWatchedFiles" => Edit::OnDisk,
        _ => return None,
    })
}

/// The resolved local path a URI names.
fn local(uri: &Uri) -> Option<PathBuf> {
    uri_to_path(uri).map(|path| position::resolved(&path))
}

fn parse<T: serde::de::DeserializeOwned>(params: serde_json::Value) -> Option<T> {
    serde_json::from_value(params).ok()
}

fn publish(uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>) -> Option<Notification> {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: None,
    };
    Some(Notification::new(
        "textDocument/publishDiagnostics".to_owned(),
        params,
    ))
}

/// The first workspace folder, or the deprecated `rootUri`.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folders = params.workspace_folders.as_deref().unwrap_or_default();
    let first: Option<&Uri> = folders.first().map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = first.or(params.root_uri.as_ref());
    uri.and_then(local)
}
