// "GrantCheck: Verify Redshift script against database": runs verify-sql on the open SQL file in the extension host
// (not through the language server, so that a typed password never travels in a traceable LSP message), shows the
// statements not in effect as diagnostics (source grantcheck-verify) and a markdown report. Trusted workspaces only.
// Connection: grantcheck.redshift.* (user/machine settings only: a workspace cannot choose where the password goes)
// and the PG* variables; password: PGPASSWORD, ~/.pgpass, else an input box (kept for this session only in memory).
// When the settings name a cluster or a serverless workgroup, the Redshift Data API instead (verifySqlDataApi.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeTarget, resolveTarget, targetWarning, type ConnectionTarget } from '../../server/src/node/redshiftVerify/connection';
import { verifyDiagnostics, verifyReportMarkdown } from '../../server/src/node/redshiftVerify/report';
import { DatabaseConnectionError, ReadOnlyViolation } from '../../server/src/node/redshiftVerify/session';
import { DataApiStatementError, describeDataApiTarget, sdkDataApiCaller } from '../../server/src/node/redshiftVerify/dataApi';
import type { SqlVerifyReport } from '../../server/src/node/redshiftVerify/compare';
import { permissionStatementCount, verifySqlOverDataApi, verifySqlScript } from '../../server/src/node/redshiftVerify/verify';
import { dataApiChoice } from './verifySqlDataApi';
import { VERIFY_DIAGNOSTIC_SOURCE } from './verify';

export const VERIFY_SQL_COMMAND = 'grantcheck.verifyRedshiftScript';

/** Optional argument (keybindings, tasks, tests): a postgres:// URL without password instead of the settings. */
export interface VerifySqlCommandArgs {
  connection?: string;
}

function connectionSettings(): { host?: string; port?: number; database?: string; user?: string; sslMode?: string } {
  const config = vscode.workspace.getConfiguration('grantcheck.redshift');
  // Only the user's (global) values: a workspace must not redirect the connection and its password elsewhere.
  const globalValue = <T>(key: string): T | undefined => config.inspect<T>(key)?.globalValue;
  const out: { host?: string; port?: number; database?: string; user?: string; sslMode?: string } = {};
  const host = globalValue<string>('host');
  const port = globalValue<number>('port');
  const database = globalValue<string>('database');
  const user = globalValue<string>('user');
  const sslMode = globalValue<string>('sslMode');
  if (host) out.host = host;
  if (port) out.port = port;
  if (database) out.database = database;
  if (user) out.user = user;
  if (sslMode) out.sslMode = sslMode;
  return out;
}

async function verifyActiveScript(diagnostics: vscode.DiagnosticCollection, args?: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('GrantCheck connects to databases only in trusted workspaces.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Redshift permission script to verify it against a database.');
    return;
  }
  const document = editor.document;
  const text = document.getText();
  if (permissionStatementCount(text) === 0) {
    void vscode.window.showInformationMessage('GrantCheck: this file has no permission statement to verify (GRANT, REVOKE, CREATE USER/GROUP/ROLE, …).');
    return;
  }
  const url = typeof args === 'object' && args !== null && typeof (args as VerifySqlCommandArgs).connection === 'string' ? (args as VerifySqlCommandArgs).connection : undefined;
  // A connection URL given to the command means PostgreSQL; otherwise a cluster or workgroup in the settings means the Data API.
  const config = (section: string, key: string): unknown => vscode.workspace.getConfiguration(section).inspect(key)?.globalValue;
  const dataApi = url === undefined ? dataApiChoice(config) : undefined;
  if (dataApi !== undefined && 'error' in dataApi) {
    void vscode.window.showErrorMessage(`GrantCheck: ${dataApi.error}.`);
    return;
  }
  let where: string;
  let run: () => Promise<SqlVerifyReport>;
  if (dataApi !== undefined) {
    where = describeDataApiTarget(dataApi.target);
    run = async () => verifySqlOverDataApi(text, dataApi.target, { caller: await sdkDataApiCaller(dataApi.target, dataApi.aws) });
  } else {
    const target = resolveTarget(url, connectionSettings(), process.env);
    if ('error' in target) {
      void vscode.window.showErrorMessage(
        `GrantCheck: ${target.error}. Set grantcheck.redshift.host, .port, .database and .user in your user settings (or .clusterIdentifier / .workgroupName for the Redshift Data API).`,
      );
      return;
    }
    const warning = targetWarning(target);
    if (warning) {
      const go = await vscode.window.showWarningMessage(`GrantCheck: ${warning}`, { modal: true }, 'Connect anyway');
      if (go !== 'Connect anyway') return;
    }
    const prompt = async (t: ConnectionTarget): Promise<string | undefined> =>
      vscode.window.showInputBox({ title: 'Verify Redshift script against database', prompt: `Password for ${t.user} on ${describeTarget(t)}`, password: true, ignoreFocusOut: true });
    where = describeTarget(target);
    run = () => verifySqlScript(text, target, { env: process.env, prompt });
  }
  try {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `GrantCheck: verifying against ${where}…` }, run);
    diagnostics.set(
      document.uri,
      verifyDiagnostics(text, report).map((d) => {
        const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const diagnostic = new vscode.Diagnostic(range, d.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = VERIFY_DIAGNOSTIC_SOURCE;
        return diagnostic;
      }),
    );
    const markdown = await vscode.workspace.openTextDocument({ language: 'markdown', content: verifyReportMarkdown(report, path.basename(document.fileName)) });
    await vscode.window.showTextDocument(markdown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    const failed = report.results.filter((r) => !r.inEffect).length;
    if (failed === 0) void vscode.window.showInformationMessage(`GrantCheck: all ${report.results.length} permission statements are in effect in ${report.database}.`);
    else void vscode.window.showWarningMessage(`GrantCheck: ${failed} of ${report.results.length} permission statements are not in effect in ${report.database}.`);
  } catch (error) {
    const known = error instanceof DatabaseConnectionError || error instanceof ReadOnlyViolation || error instanceof DataApiStatementError;
    const message = known ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    void vscode.window.showErrorMessage(`GrantCheck: ${message}`);
  }
}

export function registerVerifySqlCommand(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection(`${VERIFY_DIAGNOSTIC_SOURCE}-sql`);
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand(VERIFY_SQL_COMMAND, (args?: unknown) => verifyActiveScript(diagnostics, args)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
  );
}
