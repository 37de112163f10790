// "GrantCheck: Compare with deployed policy": pick a role or user, then one of its managed or inline policies, and open
// a diff between the deployed document (read-only, `grantcheck-deployed:` scheme) and the open file. Trusted workspaces only.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { endpointSuffix } from '../../server/src/aws/endpointPolicy';
import type { AwsConnectionSettings } from './awsConnection';
import { awsConnection, choosePrincipal, withProgress } from './verify';

export const COMPARE_DEPLOYED_COMMAND = 'grantcheck.compareWithDeployed';
export const DEPLOYED_SCHEME = 'grantcheck-deployed';
const TITLE = 'Compare with deployed policy';

interface PrincipalPolicyEntry {
  kind: 'managed' | 'inline';
  name: string;
  arn?: string;
}

type ListPrincipalPoliciesResult = { policies: PrincipalPolicyEntry[] } | { error: string; cancelled?: boolean };

type DeployedPolicyResult =
  | { kind: 'managed' | 'inline'; name: string; arn?: string; versionId?: string; pretty: string; same?: boolean; endpoint?: string }
  | { error: string; cancelled?: boolean };

/** Deployed documents by URI: the provider serves them read-only, so the diff's left side cannot be edited. */
class DeployedContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Stores the text under a URI named after the principal and policy; a later fetch of the same policy refreshes it. */
  put(principalName: string, policyName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DEPLOYED_SCHEME, path: `/${principalName}/${policyName}.json` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }
}

async function choosePolicy(client: LanguageClient, aws: AwsConnectionSettings, principalArn: string): Promise<PrincipalPolicyEntry | undefined> {
  const listed = await withProgress<ListPrincipalPoliciesResult>(client, `GrantCheck: listing the policies of ${principalArn}${endpointSuffix(aws.endpoint)}…`, 'grantcheck/aws/listPrincipalPolicies', { principalArn, aws });
  if (!listed) return undefined;
  if ('error' in listed) {
    if (!listed.cancelled) void vscode.window.showErrorMessage(`GrantCheck: ${listed.error}`);
    return undefined;
  }
  if (listed.policies.length === 0) {
    void vscode.window.showInformationMessage(`GrantCheck: ${principalArn} has no attached or inline policy.`);
    return undefined;
  }
  const items = listed.policies.map((p) => ({
    label: `$(${p.kind === 'managed' ? 'file-code' : 'note'}) ${p.name}`,
    description: p.kind,
    ...(p.arn ? { detail: p.arn } : {}),
    entry: p,
  }));
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Deployed policy to compare with this file', matchOnDetail: true }))?.entry;
}

async function compareActiveDocument(client: LanguageClient, content: DeployedContent): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('GrantCheck calls AWS only in trusted workspaces. Trust this workspace to compare with deployed policies.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open an IAM policy document to compare it with a deployed policy.');
    return;
  }
  const document = editor.document;
  const aws = await awsConnection(document.uri, TITLE);
  if (!aws) return;
  const principalArn = await choosePrincipal(client, aws, TITLE);
  if (!principalArn) return;
  const policy = await choosePolicy(client, aws, principalArn);
  if (!policy) return;
  const response = await withProgress<DeployedPolicyResult>(client, `GrantCheck: reading ${policy.name}${endpointSuffix(aws.endpoint)}…`, 'grantcheck/aws/deployedPolicy', {
    principalArn,
    // A managed and an inline policy of the same principal can share a name: say which one.
    policy: policy.arn ?? policy.name,
    kind: policy.kind,
    aws,
    uri: document.uri.toString(),
  });
  if (!response) return;
  if ('error' in response) {
    if (!response.cancelled) void vscode.window.showErrorMessage(`GrantCheck: ${response.error}`);
    return;
  }
  const principalName = principalArn.slice(principalArn.lastIndexOf('/') + 1);
  const left = content.put(principalName, response.name, response.pretty);
  const version = response.versionId ? ` ${response.versionId}` : '';
  const at = endpointSuffix(response.endpoint);
  await vscode.commands.executeCommand('vscode.diff', left, document.uri, `${response.name} (deployed${version}${at}) ↔ ${vscode.workspace.asRelativePath(document.uri)}`);
  if (response.same) void vscode.window.showInformationMessage(`GrantCheck: this file has the same content as the deployed policy ${response.name}${at} (formatting and key order aside).`);
}

export function registerDeployedCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  const content = new DeployedContent();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DEPLOYED_SCHEME, content),
    vscode.commands.registerCommand(COMPARE_DEPLOYED_COMMAND, () => compareActiveDocument(client, content)),
  );
}
