// The "Get started with GrantCheck" walkthrough (package.json contributes.walkthroughs): the commands its steps run.

import * as fs from 'node:fs';
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'grantcheck.grantcheck#gettingStarted';
/** The broken example the first step opens (shipped with the extension, opened as an untitled copy). */
export const EXAMPLE_PATH = 'walkthrough/broken.policy.json';
const DIAGNOSTIC_SOURCE = 'grantcheck';

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('grantcheck.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
    vscode.commands.registerCommand('grantcheck.walkthrough.openExample', () => openExample(context)),
    vscode.commands.registerCommand('grantcheck.walkthrough.showFix', () => showFix(context)),
    vscode.commands.registerCommand('grantcheck.walkthrough.insertSnippet', insertSnippet),
  );
}

/** Opens the broken example as an untitled policy (nothing is written to the workspace), beside the walkthrough. */
export async function openExample(context: vscode.ExtensionContext): Promise<vscode.TextEditor> {
  const content = fs.readFileSync(context.asAbsolutePath(EXAMPLE_PATH), 'utf8');
  const document = await vscode.workspace.openTextDocument({ language: 'json', content });
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
}

/** Puts the cursor on the example's first GrantCheck finding and opens its quick fixes. */
export async function showFix(context: vscode.ExtensionContext): Promise<void> {
  let editor = vscode.window.visibleTextEditors.find((e) => grantcheckDiagnostics(e.document.uri).length > 0);
  if (!editor) {
    editor = await openExample(context);
    await diagnosticsOf(editor.document.uri);
  }
  editor = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  const [first] = grantcheckDiagnostics(editor.document.uri).sort((a, b) => a.range.start.compareTo(b.range.start));
  if (!first) return;
  editor.selection = new vscode.Selection(first.range.start, first.range.start);
  editor.revealRange(first.range);
  await vscode.commands.executeCommand('editor.action.quickFix');
}

/** An empty policy with `gc-` typed, and the suggestions open: the profile snippets are offered there. */
export async function insertSnippet(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: 'gc-' });
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
  const end = document.positionAt(document.getText().length);
  editor.selection = new vscode.Selection(end, end);
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
}

function grantcheckDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/** Resolves once GrantCheck published findings for the document (or after 10 s: the server may still be starting). */
function diagnosticsOf(uri: vscode.Uri): Promise<void> {
  if (grantcheckDiagnostics(uri).length > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, 10_000);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString()) && grantcheckDiagnostics(uri).length > 0) done();
    });
    function done(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}
