// Editor UX on top of the language client: status bar (document kind), policy-type picker, expanded-actions view, config save.

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { POLICY_TYPES, POLICY_TYPE_LABELS, type PolicyType } from '../../server/src/engine/iam/policyType';
import { statusLabel, type DocumentInfo } from './documentInfoLabel';
import { pickOne } from './quickPick';

const EXPANDED_SCHEME = 'grantcheck-expanded';

/** Commands the server may attach to code actions; sent to it in initializationOptions. */
export const CLIENT_COMMANDS = ['grantcheck.saveDocument', 'grantcheck.applyConfigEdit'];

/** What the server's "Disable <rule> for this file / every file" actions pass (server/src/lsp/codeActions.ts ApplyConfigEditArgs). */
interface ApplyConfigEditArgs {
  edit: unknown;
  configUri: string;
  confirm?: { message: string; detail: string; button: string };
  done: string;
}

interface PolicyTypeEditResult {
  edit?: unknown;
  configUri?: string;
  reason?: 'invalid-type' | 'no-file' | 'setting-overrides' | 'cannot-create-file' | 'config-not-editable';
}

export function registerEditorUx(context: vscode.ExtensionContext, client: LanguageClient, languages: readonly string[]): void {
  const statusBar = new DocumentKindStatusBar(client, languages);
  const expanded = new ExpandedActionsProvider(client);
  context.subscriptions.push(
    statusBar,
    vscode.workspace.registerTextDocumentContentProvider(EXPANDED_SCHEME, expanded),
    vscode.commands.registerCommand('grantcheck.showExpandedActions', (uri: string, statementIndex: number) => expanded.show(uri, statementIndex)),
    vscode.commands.registerCommand('grantcheck.setPolicyType', () => setPolicyType(client, () => statusBar.refresh())),
    vscode.commands.registerCommand('grantcheck.saveDocument', async (uri: string) => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      await document.save();
    }),
    vscode.commands.registerCommand('grantcheck.applyConfigEdit', (args: ApplyConfigEditArgs) => applyConfigEdit(client, args)),
  );
}

/**
 * Applies an edit of .grantcheck.json from a "Disable <rule>" action: asks first when it turns a rule off for every
 * file, saves the config (the server reads it from disk), and says what changed with "Undo" (restores the file as it
 * was, or deletes it if the edit created it) and "Open". Ctrl+Z in the opened config also undoes it: it is a workspace edit.
 */
export async function applyConfigEdit(client: LanguageClient, args: ApplyConfigEditArgs): Promise<boolean> {
  if (args.confirm) {
    const answer = await vscode.window.showWarningMessage(args.confirm.message, { modal: true, detail: args.confirm.detail }, args.confirm.button);
    if (answer !== args.confirm.button) return false;
  }
  const configUri = vscode.Uri.parse(args.configUri);
  let before: string | undefined;
  try {
    before = (await vscode.workspace.openTextDocument(configUri)).getText();
  } catch {
    before = undefined; // created by the edit
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(args.edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0]);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`GrantCheck: could not edit ${configUri.fsPath}.`);
    return false;
  }
  const config = await vscode.workspace.openTextDocument(configUri);
  await config.save();
  output?.info(`${args.done} (${configUri.fsPath})`);
  void vscode.window.showInformationMessage(args.done, 'Undo', 'Open').then(async (choice) => {
    if (choice === 'Open') await vscode.window.showTextDocument(config);
    if (choice !== 'Undo') return;
    const undo = new vscode.WorkspaceEdit();
    if (before === undefined) undo.deleteFile(configUri, { ignoreIfNotExists: true });
    else undo.replace(configUri, new vscode.Range(config.positionAt(0), config.positionAt(config.getText().length)), before);
    if ((await vscode.workspace.applyEdit(undo)) && before !== undefined) await config.save();
  });
  return true;
}

let output: vscode.LogOutputChannel | undefined;

/** The extension's output channel, for what the client itself does (the server logs through the language client). */
export function setOutputChannel(channel: vscode.LogOutputChannel): void {
  output = channel;
}

/** Shows "IAM · trust policy" / "Redshift grants" for the active document, as the server classified it. */
class DocumentKindStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('grantcheck.documentKind', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The server's last answer for the active document (the label is recomputed from it as the cursor moves). */
  private last: { document: vscode.TextDocument; info: DocumentInfo | undefined } | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly languages: readonly string[],
  ) {
    this.item.name = 'GrantCheck document kind';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      // A Terraform/CloudFormation file holds several policies: the label follows the cursor, from the last answer.
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor && this.last?.document === event.textEditor.document) this.show(this.last.info, event.textEditor);
      }),
      client.onDidChangeState((event) => {
        if (event.newState === State.Running || event.newState === State.Stopped) this.refresh();
      }),
      // The server classifies a document when it lints it, i.e. right before it publishes diagnostics.
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((u) => u.toString() === active)) this.refresh();
      }),
      // With pull diagnostics an edit that leaves them as they were changes no diagnostics (the server answers
      // "unchanged"), but may change what the document holds (a policy added to a template): ask again after edits.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && event.document === vscode.window.activeTextEditor?.document) this.refresh();
      }),
    );
    this.refresh();
  }

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 50);
  }

  private async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.languages.includes(document.languageId) || !this.client.isRunning()) {
      this.last = undefined;
      this.item.hide();
      return;
    }
    let info: DocumentInfo | undefined;
    try {
      info = await this.client.sendRequest<DocumentInfo>('grantcheck/documentInfo', { uri: document.uri.toString() });
    } catch {
      info = undefined;
    }
    const editor = vscode.window.activeTextEditor;
    if (editor?.document !== document) return; // switched while waiting
    this.last = { document, info };
    this.show(info, editor);
  }

  private show(info: DocumentInfo | undefined, editor: vscode.TextEditor): void {
    const { line, character } = editor.selection.active;
    const label = statusLabel(info && { ...info, cursor: { line, character } });
    if (!label) {
      this.item.hide();
      return;
    }
    this.item.text = label.text;
    this.item.tooltip = label.tooltip;
    this.item.command = label.canChangePolicyType ? 'grantcheck.setPolicyType' : 'grantcheck.showOutput';
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Changes the active policy's type. The choice is stored per file in `.grantcheck.json`
 * (`policyTypes`), so a trust policy and an identity policy can sit side by side; untitled files,
 * or a workspace whose `grantcheck.policyType` setting already overrides per-file types, get the setting.
 */
async function setPolicyType(client: LanguageClient, refresh: () => void): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  const uri = document.uri.toString();
  const info = await client.sendRequest<DocumentInfo>('grantcheck/documentInfo', { uri });
  if (info.kind !== 'iam-policy' || (info.detected !== undefined && info.detected.kind !== 'iam-policy')) {
    // Policies inside a Terraform or CloudFormation file take their type from the resource that uses them.
    void vscode.window.showInformationMessage('GrantCheck: the active document is not linted as an IAM policy document.');
    return;
  }
  type Pick = vscode.QuickPickItem & { type: PolicyType | 'auto' };
  const picks: Pick[] = [
    { label: 'Auto', description: 'infer from the content', type: 'auto' },
    ...POLICY_TYPES.map((type): Pick => ({ label: POLICY_TYPE_LABELS[type], description: type === info.policyType ? `current (${info.policyTypeSource})` : type, type })),
  ];
  const choice = await pickOne(picks, { title: 'GrantCheck: policy type of this file', placeHolder: 'Rules such as Principal and Resource checks depend on it' });
  if (!choice) return;
  const result = await client.sendRequest<PolicyTypeEditResult>('grantcheck/policyTypeEdit', { uri, type: choice.type });
  if (result.edit && result.configUri) {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0]);
    if (edit && (await vscode.workspace.applyEdit(edit))) {
      const config = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.configUri));
      await config.save(); // the server reads .grantcheck.json from disk
    }
  } else if (result.reason === 'config-not-editable') {
    const where = result.configUri ? vscode.Uri.parse(result.configUri).fsPath : '.grantcheck.json';
    void vscode.window.showWarningMessage(`GrantCheck: ${where} cannot be edited: it is a symbolic link, or not a JSON object of the expected shape (see its problems).`);
  } else {
    const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    await vscode.workspace
      .getConfiguration('grantcheck', document.uri)
      .update('policyType', choice.type, hasWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    if (result.reason === 'setting-overrides') {
      void vscode.window.showInformationMessage('GrantCheck: grantcheck.policyType is set for the whole workspace, so it was updated there (set it to "auto" to choose per file).');
    }
  }
  refresh();
}

/** Read-only markdown documents listing the actions behind a statement's code lens. */
class ExpandedActionsProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  async show(uri: string, statementIndex: number): Promise<void> {
    const query = encodeURIComponent(JSON.stringify({ uri, statementIndex }));
    const name = `${uri.split('/').pop() ?? 'policy'} statement ${statementIndex + 1}.md`;
    const virtual = vscode.Uri.from({ scheme: EXPANDED_SCHEME, path: `/${name}`, query });
    this.changed.fire(virtual); // re-read when shown again: the policy may have changed
    const document = await vscode.workspace.openTextDocument(virtual);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  async provideTextDocumentContent(virtual: vscode.Uri): Promise<string> {
    const { uri, statementIndex } = JSON.parse(decodeURIComponent(virtual.query)) as { uri: string; statementIndex: number };
    const result = await this.client.sendRequest<{ markdown: string } | null>('grantcheck/expandedActions', { uri, statementIndex });
    return result?.markdown ?? 'This statement is no longer in the document.';
  }
}
