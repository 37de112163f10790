// "GrantCheck: Verify against AWS account" in a real extension host: the command asks the local IAM test server (started
// here, in the host) about a principal that lacks one action of the open policy and marks that action, then clears for one that has all.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startIamTestServer, type IamTestServer } from '../../support/iamTestServer';
import { FIXTURE_ACCOUNT, roleArn, STRUCTURAL_SOURCE_S3_POLICY } from '../../aws/fixtures';
import { isReadOnlyIamOperation } from '../../../server/src/aws/readOnlyGuard';
import { closeAllEditors, describeDiagnostics, fileUri, openEditor, VERIFY_SOURCE, waitForVerifyDiagnostics } from './helpers';

// Must match client/src/verify.ts and the command id in package.json.
const VERIFY_COMMAND = 'grantcheck.verifyAgainstAws';
const POLICY = 'policies/verify-s3.policy.json';
const DENIED_ACTION = 's3:DeleteObject';
// structural-no-delete has every action of the policy but s3:DeleteObject; structural-full has all of them.
const MISSING_ONE = roleArn('structural-no-delete', '/data/');
const COMPLETE = roleArn('structural-full');
const WAIT_MS = 30_000;

/** The range of the quoted action string in the policy text (the server marks the whole JSON string). */
function rangeOfQuoted(document: vscode.TextDocument, value: string): vscode.Range {
  const offset = document.getText().indexOf(JSON.stringify(value));
  assert.ok(offset >= 0, `${value} is in ${POLICY}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + JSON.stringify(value).length));
}

function reportFor(principalArn: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.uri.scheme === 'untitled' && d.getText().includes(principalArn));
}

describe('GrantCheck: Verify against AWS account (local IAM test server)', function () {
  this.timeout(90_000);
  let server: IamTestServer;
  const aws = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('grantcheck');

  before(async function () {
    // The runner gives code-server (and so the language server) fake static credentials and no AWS profile.
    assert.match(process.env.AWS_ACCESS_KEY_ID ?? '', /^AKIAE2EFAKE/, 'the e2e runner sets fake AWS credentials (scripts/e2e/aws-env.mjs)');
    assert.ok(!process.env.AWS_PROFILE, 'no AWS profile in the e2e environment');
    assert.equal(vscode.workspace.isTrusted, true, 'the runner starts the workbench with --disable-workspace-trust');
    server = await startIamTestServer(FIXTURE_ACCOUNT);
    await aws().update('aws.endpoint', server.url, vscode.ConfigurationTarget.Global);
    await aws().update('aws.region', 'us-east-1', vscode.ConfigurationTarget.Global);
    const policy = JSON.parse((await vscode.workspace.fs.readFile(fileUri(POLICY))).toString()) as object;
    assert.deepEqual(policy, STRUCTURAL_SOURCE_S3_POLICY, `${POLICY} is the policy the fixture account is built around`);
  });

  after(async function () {
    await closeAllEditors();
    await aws().update('aws.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await aws().update('aws.region', undefined, vscode.ConfigurationTarget.Global);
    if (server) await server.close();
  });

  it('marks exactly the action the principal lacks, then clears for a principal that has them all', async function () {
    const editor = await openEditor(POLICY);
    const uri = editor.document.uri;
    await vscode.commands.executeCommand(VERIFY_COMMAND, { principalArn: MISSING_ONE });
    const denied = await waitForVerifyDiagnostics(uri, (d) => d.length > 0, `${VERIFY_SOURCE} diagnostics for ${MISSING_ONE}`, WAIT_MS);
    assert.equal(denied.length, 1, describeDiagnostics(denied));
    const [diagnostic] = denied as [vscode.Diagnostic];
    assert.ok(diagnostic.range.isEqual(rangeOfQuoted(editor.document, DENIED_ACTION)), `range ${JSON.stringify(diagnostic.range)} is "${DENIED_ACTION}"`);
    assert.match(diagnostic.message, /^s3:DeleteObject on arn:aws:s3:::acme-src\/\* is denied for the principal: no policy of the principal allows it/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(reportFor(MISSING_ONE)?.getText() ?? '(no report open)', /\*\*1 of 7 required permissions is denied\.\*\*/);

    // The request reached the test server, read-only, signed with the runner's fake key (never the user's).
    assert.ok(server.actions.includes('SimulatePrincipalPolicy'), `IAM actions called: ${server.actions.join(', ')}`);
    assert.deepEqual(server.actions.filter((a) => !isReadOnlyIamOperation(a)), [], 'only read-only IAM actions');
    const authorization = String(server.requests[server.requests.length - 1]!.headers.authorization ?? '');
    assert.ok(authorization.includes(`Credential=${process.env.AWS_ACCESS_KEY_ID}/`), 'signed with the fake key from the environment');
    // The editor must still show the policy, not the report, so the squiggle is where the user looks.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());

    await vscode.commands.executeCommand(VERIFY_COMMAND, { principalArn: COMPLETE });
    await waitForVerifyDiagnostics(uri, (d) => d.length === 0, `no ${VERIFY_SOURCE} diagnostics for ${COMPLETE}`, WAIT_MS);
    assert.match(reportFor(COMPLETE)?.getText() ?? '(no report open)', /\*\*All 7 required permissions are allowed\.\*\*/);
  });
});
