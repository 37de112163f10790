// "GrantCheck: Verify against AWS account": pick a role or user, verify the open policy with IAM's simulator (through the
// language server), show denied actions as diagnostics and a markdown report. Only in trusted workspaces.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { endpointSuffix } from '../../server/src/aws/endpointPolicy';
import { decideAwsConnection, type AwsConnectionSettings } from './awsConnection';
import { rememberedPrincipalKey, withRememberedFirst } from './principalChoice';

export const VERIFY_COMMAND = 'grantcheck.verifyAgainstAws';
export const VERIFY_DIAGNOSTIC_SOURCE = 'grantcheck-verify';

interface PrincipalSummary {
  kind: 'role' | 'user';
  name: string;
  arn: string;
  path: string;
}

type ListPrincipalsResult = { principals: PrincipalSummary[] } | { error: string; cancelled?: boolean };

interface Position {
  line: number;
  character: number;
}

type VerifyResponse =
  | { report: { principal: string; endpoint?: string; results: { decision: string }[] }; markdown: string; denied: { range: { start: Position; end: Position }; message: string }[] }
  | { error: string; cancelled?: boolean; missingPlaceholders?: string[] };

const USE_WORKSPACE_SETTINGS = 'Use these settings';

/**
 * The `grantcheck.aws.*` settings for a command, before any call: undefined (after saying why) when the endpoint is
 * refused, or when the workspace chose a setting and the user did not confirm it in a modal dialog naming the endpoint.
 */
export async function awsConnection(scope: vscode.Uri, title: string): Promise<AwsConnectionSettings | undefined> {
  const config = vscode.workspace.getConfiguration('grantcheck.aws', scope);
  const decision = decideAwsConnection((key) => config.inspect(key));
  if (decision.kind === 'refuse') {
    void vscode.window.showErrorMessage(decision.message);
    return undefined;
  }
  if (decision.confirmation) {
    const answer = await vscode.window.showWarningMessage(`${title}: settings from this workspace`, { modal: true, detail: decision.confirmation }, USE_WORKSPACE_SETTINGS);
    if (answer !== USE_WORKSPACE_SETTINGS) return undefined;
  }
  return decision.aws;
}

function isCancellation(error: unknown): boolean {
  return error instanceof Error && /cancel/i.test(error.message);
}

/** Runs a request under a cancellable progress notification; undefined when the user cancelled. */
export async function withProgress<T>(client: LanguageClient, title: string, method: string, params: object): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
      client.sendRequest<T>(method, params, token),
    );
  } catch (error) {
    if (isCancellation(error)) return undefined;
    throw error;
  }
}

/** Where the last principal per file is remembered (the extension's workspace state). */
let principalMemory: vscode.Memento | undefined;

export async function choosePrincipal(
  client: LanguageClient,
  aws: AwsConnectionSettings,
  title = 'Verify against AWS account',
  documentUri?: string,
): Promise<string | undefined> {
  const key = documentUri ? rememberedPrincipalKey(documentUri) : undefined;
  const chosen = await pickPrincipal(client, aws, title, key ? principalMemory?.get<string>(key) : undefined);
  if (chosen && key) await principalMemory?.update(key, chosen);
  return chosen;
}

async function pickPrincipal(client: LanguageClient, aws: AwsConnectionSettings, title: string, remembered: string | undefined): Promise<string | undefined> {
  const listed = await withProgress<ListPrincipalsResult>(client, `GrantCheck: listing IAM roles and users${endpointSuffix(aws.endpoint)}…`, 'grantcheck/aws/listPrincipals', { aws });
  if (!listed) return undefined;
  const enterArn = { label: '$(edit) Enter a role or user ARN…', arn: '' };
  const items: (vscode.QuickPickItem & { arn: string })[] = [];
  if ('error' in listed) {
    if (listed.cancelled) return undefined;
    void vscode.window.showWarningMessage(`GrantCheck could not list principals: ${listed.error}`);
  } else {
    for (const p of listed.principals) {
      items.push({ label: `$(${p.kind === 'role' ? 'shield' : 'person'}) ${p.name}`, description: p.kind, detail: p.arn, arn: p.arn });
    }
  }
  const ordered = withRememberedFirst(items, remembered, (arn) => ({ label: `$(history) ${arn.split('/').pop() ?? arn}`, detail: arn, arn }));
  ordered.push(enterArn);
  const picked = await vscode.window.showQuickPick(ordered, { title, placeHolder: 'Role or user whose permissions to check', matchOnDetail: true });
  if (!picked) return undefined;
  if (picked !== enterArn) return picked.arn;
  return vscode.window.showInputBox({
    title,
    prompt: 'ARN of the IAM role or user',
    placeHolder: 'arn:aws:iam::111122223333:role/my-role',
    validateInput: (v) => (/^arn:aws[a-z-]*:iam::\d{12}:(role|user|group)\/.+/.test(v.trim()) ? undefined : 'An IAM role, user or group ARN'),
  });
}

/** Asks for each placeholder value the policy still contains; undefined when the user gave up. */
async function askPlaceholders(names: readonly string[], values: Record<string, string>): Promise<Record<string, string> | undefined> {
  const out = { ...values };
  for (const name of names) {
    const value = await vscode.window.showInputBox({ title: 'Verify against AWS account', prompt: `Value of the placeholder "${name}" in this policy` });
    if (value === undefined || value.trim() === '') return undefined;
    out[name] = value.trim();
  }
  return out;
}

/** Optional argument of VERIFY_COMMAND (keybindings, tasks, tests): a principal ARN skips the quick pick. */
export interface VerifyCommandArgs {
  principalArn?: string;
}

function principalArnFrom(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const arn = (args as VerifyCommandArgs).principalArn;
  return typeof arn === 'string' && arn.trim() !== '' ? arn.trim() : undefined;
}

async function verifyActiveDocument(client: LanguageClient, diagnostics: vscode.DiagnosticCollection, args?: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('GrantCheck calls AWS only in trusted workspaces. Trust this workspace to verify policies against your account.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open an IAM policy document to verify it against your AWS account.');
    return;
  }
  const document = editor.document;
  const aws = await awsConnection(document.uri, 'Verify against AWS account');
  if (!aws) return;
  const principalArn = principalArnFrom(args) ?? (await choosePrincipal(client, aws, undefined, editor.document.uri.toString()));
  if (!principalArn) return;
  let values: Record<string, string> = {};
  for (let round = 0; round < 2; round++) {
    const response = await withProgress<VerifyResponse>(client, `GrantCheck: verifying against ${principalArn}${endpointSuffix(aws.endpoint)}…`, 'grantcheck/aws/verify', {
      uri: document.uri.toString(),
      principalArn,
      aws,
      values,
    });
    if (!response) return;
    if ('error' in response) {
      if (response.cancelled) return;
      if (response.missingPlaceholders && response.missingPlaceholders.length > 0 && round === 0) {
        const filled = await askPlaceholders(response.missingPlaceholders, values);
        if (!filled) return;
        values = filled;
        continue;
      }
      void vscode.window.showErrorMessage(`GrantCheck: ${response.error}`);
      return;
    }
    diagnostics.set(
      document.uri,
      response.denied.map((d) => {
        const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const diagnostic = new vscode.Diagnostic(range, d.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = VERIFY_DIAGNOSTIC_SOURCE;
        return diagnostic;
      }),
    );
    const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: response.markdown });
    await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    const denied = response.report.results.filter((r) => r.decision !== 'allowed').length;
    const total = response.report.results.length;
    const at = endpointSuffix(response.report.endpoint);
    if (denied === 0) void vscode.window.showInformationMessage(`GrantCheck: all ${total} required permissions are allowed for ${principalArn}${at}.`);
    else void vscode.window.showWarningMessage(`GrantCheck: ${denied} of ${total} required permissions are denied for ${principalArn}${at}.`);
    return;
  }
}

export function registerVerifyCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  principalMemory = context.workspaceState;
  const diagnostics = vscode.languages.createDiagnosticCollection(VERIFY_DIAGNOSTIC_SOURCE);
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand(VERIFY_COMMAND, (args?: unknown) => verifyActiveDocument(client, diagnostics, args)),
    // A verification describes the text it ran on: editing the policy makes its diagnostics stale.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
  );
}
