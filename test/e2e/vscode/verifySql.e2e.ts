// "GrantCheck: Verify Redshift script against database" (issue 17) in a real extension host, against the real
// PostgreSQL server the code-server runner started and seeded (verifySqlDatabase.ts): the connection comes from the
// user's grantcheck.redshift.* settings, the password from PGPASSWORD in the host's environment. The three
// deliberate differences are marked on their lines, the report says so, and the password is shown nowhere (the runner
// also searches the output channels and extension host logs for it after the suite).
/// <reference types="mocha" />

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, describeDiagnostics, openEditor, VERIFY_SOURCE, waitForVerifyDiagnostics } from './helpers';
import { reportLine } from './report';
import { E2E_PG_ENV } from './verifySqlDatabase';

// Must match client/src/verifySql.ts, client/src/verify.ts and the command id in package.json.
const VERIFY_SQL_COMMAND = 'grantcheck.verifyRedshiftScript';
const SCRIPT = 'sql/verify-setup.sql';
const WAIT_MS = 45_000;
const SETTINGS = ['host', 'port', 'database', 'user', 'sslMode'] as const;

/** Resolves with the first open markdown report (untitled) that satisfies `predicate`, now or when one opens. */
function waitForReport(predicate: (text: string) => boolean): Promise<vscode.TextDocument> {
  const find = (): vscode.TextDocument | undefined =>
    vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.uri.scheme === 'untitled' && predicate(d.getText()));
  return new Promise((resolve, reject) => {
    const now = find();
    if (now) return resolve(now);
    const subscription = vscode.workspace.onDidOpenTextDocument(() => {
      const found = find();
      if (!found) return;
      cleanup();
      resolve(found);
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for the verify report`));
    }, WAIT_MS);
    function cleanup(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
  });
}

/** 0-based line of the one line of `document` that is exactly `statement`. */
function lineOf(document: vscode.TextDocument, statement: string): number {
  const lines = document.getText().split(/\r?\n/);
  const index = lines.indexOf(statement);
  assert.ok(index >= 0 && lines.lastIndexOf(statement) === index, `"${statement}" is on exactly one line of ${SCRIPT}`);
  return index;
}

describe('GrantCheck: Verify Redshift script against database (PostgreSQL started by the runner)', function () {
  this.timeout(120_000);
  const redshift = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('grantcheck.redshift');
  const secret = process.env.PGPASSWORD ?? '';

  before(async function () {
    const port = process.env[E2E_PG_ENV.port];
    if (!port) {
      // Only the code-server runner starts the database; other hosts (desktop VS Code) skip this step.
      reportLine(`    skipped: no ${E2E_PG_ENV.port} (the code-server runner starts the PostgreSQL server)`);
      this.skip();
    }
    assert.ok(secret.length >= 16, 'the runner puts the seeded password in PGPASSWORD');
    assert.equal(vscode.workspace.isTrusted, true, 'the runner starts the workbench with --disable-workspace-trust');
    // User settings, as a user would set them (the command reads only user values): where, never the password.
    await redshift().update('host', process.env[E2E_PG_ENV.host], vscode.ConfigurationTarget.Global);
    await redshift().update('port', Number(port), vscode.ConfigurationTarget.Global);
    await redshift().update('database', process.env[E2E_PG_ENV.database], vscode.ConfigurationTarget.Global);
    await redshift().update('user', process.env[E2E_PG_ENV.user], vscode.ConfigurationTarget.Global);
    // The test server speaks no TLS (the default, verify-full, is covered in test/redshiftVerify/).
    await redshift().update('sslMode', 'disable', vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await closeAllEditors();
    for (const key of SETTINGS) await redshift().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('marks exactly the three statements not in effect on their lines, reports them, and shows the password nowhere', async function () {
    const editor = await openEditor(SCRIPT);
    const document = editor.document;
    const uri = document.uri;
    await vscode.commands.executeCommand(VERIFY_SQL_COMMAND);
    const found = await waitForVerifyDiagnostics(uri, (d) => d.length > 0, `${VERIFY_SOURCE} diagnostics on ${SCRIPT}`, WAIT_MS);
    reportLine(`    verify: ${describeDiagnostics(found)}`);
    const database = `${process.env[E2E_PG_ENV.host]}:${process.env[E2E_PG_ENV.port]}/${process.env[E2E_PG_ENV.database]}`;
    const expected: [string, RegExp][] = [
      ['CREATE USER app_writer PASSWORD DISABLE;', /user app_writer does not exist/],
      ['GRANT USAGE ON SCHEMA sales TO app_reader;', /USAGE on schema sales for app_reader/],
      ['GRANT SELECT ON ALL TABLES IN SCHEMA sales TO app_reader;', /SELECT on table sales\.late_orders for app_reader \(in schema sales: created, or its grant revoked, after this statement ran\)/],
    ];
    assert.deepEqual(
      found.map((d) => d.range.start.line),
      expected.map(([statement]) => lineOf(document, statement)),
      `one diagnostic per difference, in order: ${describeDiagnostics(found)}`,
    );
    found.forEach((d, i) => {
      const [statement, missing] = expected[i]!;
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.end.line, d.range.start.line, `the diagnostic of "${statement}" stays on its line`);
      assert.ok(d.message.startsWith(`Not in effect in ${database}: `), d.message);
      assert.match(d.message, missing);
    });

    // The report: the summary and a row per statement, the three marked "no".
    // The heading names the file and the database (markdown-escaped: compare without the backslashes).
    const report = await waitForReport((text) => text.replace(/\\/g, '').startsWith(`# Verify verify-setup.sql against ${database}`));
    const markdown = report.getText();
    assert.match(markdown, /\*\*3 of 8 permission statements are not in effect\.\*\*/);
    assert.equal(markdown.match(/\| \*\*no\*\* \|/g)?.length, 3, markdown);
    assert.match(markdown, /\| 6 \| `GRANT USAGE ON SCHEMA sales TO app_reader;` \| \*\*no\*\* \|/);
    // The script stays in front, so the squiggles are where the user looks.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

    // The seeded password: in no diagnostic of any source, in no open document (report included), in no setting.
    for (const [file, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) assert.ok(!d.message.includes(secret), `a diagnostic of ${file.toString()} shows the password`);
    }
    for (const d of vscode.workspace.textDocuments) assert.ok(!d.getText().includes(secret), `${d.uri.toString()} shows the password`);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('grantcheck')).includes(secret), 'a grantcheck setting holds the password');
  });
});
