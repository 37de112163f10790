// The LSP values (enums, notification types, TextDocuments) the server's modules use, imported from
// vscode-languageserver in this one module. The package is CommonJS: each ES import of it makes the bundle copy its
// hundreds of exports into a new object at start (esbuild's interop), which cost every start ~400 KB and several ms
// when seven modules imported it. Types may still be imported from 'vscode-languageserver' directly (`import type`).

export {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  InsertTextFormat,
  InsertTextMode,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
