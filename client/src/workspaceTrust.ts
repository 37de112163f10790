// Workspace trust for the language server: in Restricted Mode it reads no AWS data from the workspace
// (grantcheck.awsDataPath); when the user trusts the workspace, it is told and lints again with that data.
// https://code.visualstudio.com/api/extension-guides/workspace-trust

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerWorkspaceTrust(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client.isRunning()) void client.sendNotification('grantcheck/workspaceTrust', { trusted: true }).catch(() => undefined);
    }),
  );
}
