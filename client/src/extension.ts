// VS Code side of GrantCheck: starts the language server and registers commands. No lint logic here.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, registerEditorUx, setOutputChannel } from './editorUx';
import { registerTerraformLanguage } from './terraformLanguage';
import { registerVerifyCommands } from './verify';
import { registerVerifySqlCommand } from './verifySql';
import { registerDeployedCommands } from './deployed';
import { registerProfileCommands } from './profiles';
import { onDidShowQuickPick } from './quickPick';
import { registerWalkthrough } from './walkthrough';
import { registerWorkspaceTrust } from './workspaceTrust';

/** What the extension exports to other extensions and to its end-to-end tests. */
export interface GrantCheckApi {
  /** Fires with a quick pick's title once it is on screen. */
  onDidShowQuickPick: vscode.Event<string>;
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export const DOCUMENT_SELECTOR = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'sql' },
  { language: 'redshift' },
  { language: 'redshift-sql' },
  // Policies embedded in Terraform and CloudFormation templates.
  { language: 'terraform' },
  { language: 'yaml' },
];

export async function activate(context: vscode.ExtensionContext): Promise<GrantCheckApi> {
  output = vscode.window.createOutputChannel('GrantCheck', { log: true });
  context.subscriptions.push(output);
  setOutputChannel(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: {
      configurationSection: 'grantcheck',
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/.grantcheck.json'), vscode.workspace.createFileSystemWatcher('**/.grantcheck/profiles/*.json')],
    },
    // A function: a restart sends the settings and the workspace trust of that moment.
    initializationOptions: () => ({ settings: vscode.workspace.getConfiguration('grantcheck'), clientCommands: CLIENT_COMMANDS, workspaceTrusted: vscode.workspace.isTrusted }),
  };
  client = new LanguageClient('grantcheck', 'GrantCheck', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('grantcheck.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('grantcheck.showOutput', () => output?.show(true)),
  );
  registerEditorUx(context, client, DOCUMENT_SELECTOR.map((s) => s.language));
  registerVerifyCommands(context, client);
  registerVerifySqlCommand(context);
  registerDeployedCommands(context, client);
  registerProfileCommands(context, client);
  registerWalkthrough(context);
  registerWorkspaceTrust(context, client);
  registerTerraformLanguage(context);
  await client.start();
  return { onDidShowQuickPick };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
