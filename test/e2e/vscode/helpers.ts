// Helpers for the VS Code e2e suite: event-driven waits on diagnostics, document edits, settings.

import * as path from 'node:path';
import * as cp from 'node:child_process';
import * as vscode from 'vscode';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult, ServerCapabilities } from 'vscode-languageserver-protocol';

export const EXTENSION_ID = 'grantcheck.grantcheck';
export const SOURCE = 'grantcheck';
const DEFAULT_TIMEOUT_MS = 15_000;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return ext;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs a workspace folder (the runner opens a copy of fixtures/workspace)');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function grantcheckDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`)
    .join('; ');
}

/**
 * Resolves with the GrantCheck diagnostics of `uri` as soon as `predicate` holds for them, checking
 * now and on every onDidChangeDiagnostics event for that document (no fixed sleeps).
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  description: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): boolean => {
      const current = grantcheckDiagnostics(uri);
      if (!predicate(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description} in ${uri.fsPath}; GrantCheck diagnostics now: ${describeDiagnostics(grantcheckDiagnostics(uri))}`));
    }, timeoutMs);
    function cleanup(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

export function withCode(code: string): (diagnostics: vscode.Diagnostic[]) => boolean {
  return (diagnostics) => diagnostics.some((d) => codeOf(d) === code);
}

export function withoutCode(code: string): (diagnostics: vscode.Diagnostic[]) => boolean {
  return (diagnostics) => !diagnostics.some((d) => codeOf(d) === code);
}

/** Polls a condition that has no change event (e.g. Extension.isActive), up to a deadline. */
export async function pollUntil(description: string, condition: () => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function openEditor(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

let capabilities: Promise<ServerCapabilities> | undefined;

/**
 * The capabilities the installed server announces in its initialize result, asked over stdio in a
 * separate process: tells whether an optional feature (hover, completion) shipped in this build.
 */
export function serverCapabilities(): Promise<ServerCapabilities> {
  capabilities ??= askCapabilities();
  return capabilities;
}

async function askCapabilities(): Promise<ServerCapabilities> {
  const serverJs = path.join(extension().extensionPath, 'dist', 'server.js');
  // In desktop VS Code process.execPath is Electron: run it as plain Node.
  const child = cp.spawn(process.execPath, [serverJs, '--stdio'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const result = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    return result.capabilities;
  } finally {
    connection.dispose();
    child.kill();
  }
}

export function markdownText(contents: ReadonlyArray<vscode.MarkdownString | vscode.MarkedString>): string {
  return contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

/** The diagnostics the verify commands (AWS account, Redshift database) put on a document. */
export const VERIFY_SOURCE = 'grantcheck-verify';

export function verifyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === VERIFY_SOURCE);
}

/** Resolves once the verify diagnostics of `uri` satisfy `predicate`, checking now and on every diagnostics change. */
export function waitForVerifyDiagnostics(
  uri: vscode.Uri,
  predicate: (d: vscode.Diagnostic[]) => boolean,
  description: string,
  waitMs: number,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const current = verifyDiagnostics(uri);
      if (!predicate(current)) return;
      cleanup();
      resolve(current);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${waitMs} ms waiting for ${description}; ${VERIFY_SOURCE} diagnostics now: ${describeDiagnostics(verifyDiagnostics(uri))}`));
    }, waitMs);
    function cleanup(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}
