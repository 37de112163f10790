// The language server against a hostile repository (issue #14): wrong-shape and linked .grantcheck.json, configs above the
// workspace folder, and settings globs that made the old matcher backtrack for minutes.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LspHarness, type Publish } from './harness';

/** s3:GetObjects is an unknown action (iam/unknown-action, with a quick fix to s3:GetObject). */
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}\n';
const codes = (p: Publish): string[] => p.diagnostics.map((d) => String(d.code));
const hasUnknownAction = (p: Publish): boolean => codes(p).includes('iam/unknown-action');

let tmp: string;
before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-hardening-')));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A server whose workspace folder is `dir` (which holds `.git` unless `repository` is false), with settings from the start. */
async function serverFor(dir: string, options: { repository?: boolean; settings?: Record<string, unknown> } = {}): Promise<LspHarness> {
  fs.mkdirSync(dir, { recursive: true });
  if (options.repository !== false) fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  const lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, initializationOptions: { settings: options.settings ?? {} } });
  await lsp.initialize(pathToFileURL(dir).href);
  return lsp;
}

async function openPolicy(lsp: LspHarness, file: string): Promise<Publish> {
  fs.writeFileSync(file, POLICY);
  const uri = pathToFileURL(file).href;
  const since = lsp.mark();
  await lsp.open(uri, 'json', POLICY);
  return lsp.waitForDiagnostics(uri, hasUnknownAction, 'iam/unknown-action', since);
}

describe('a .grantcheck.json of the wrong shape', () => {
  let lsp: LspHarness | undefined;
  after(() => lsp?.dispose());

  for (const config of ['"x"', '[1]', '{"rules": "x"}', '{"rules": [1], "policyTypes": "x", "profiles": [3]}']) {
    it(`${config}: code actions still answer (the engine's fix, no "Disable" edit that cannot apply)`, async () => {
      lsp?.dispose();
      const ws = path.join(tmp, `shape-${Buffer.from(config).toString('hex').slice(0, 16)}`);
      lsp = await serverFor(ws);
      fs.writeFileSync(path.join(ws, '.grantcheck.json'), config);
      const file = path.join(ws, 'p.policy.json');
      const publish = await openPolicy(lsp, file);
      const diagnostic = publish.diagnostics.find((d) => d.code === 'iam/unknown-action')!;
      const actions = ((await lsp.codeActions(pathToFileURL(file).href, [diagnostic])) ?? []) as CodeAction[];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.some((t) => t.includes('s3:GetObject')), titles.join(' | '));
      // "rules" of another type: no "every file" edit; a root that is no object: no config edit at all
      // ("for this file" writes "overrides", which such an object may still take).
      const rootIsObject = config.startsWith('{');
      assert.ok(!titles.some((t) => t.startsWith('Disable') && (!rootIsObject || t.includes('for every file'))), titles.join(' | '));
    });
  }

  it('shows the config problems as diagnostics on the open .grantcheck.json, from its text as typed', async () => {
    lsp?.dispose();
    const ws = path.join(tmp, 'shape-open');
    lsp = await serverFor(ws);
    const configPath = path.join(ws, '.grantcheck.json');
    const text = '{\n  "rules": "x",\n  "ignore": 5,\n  "profiles": [3]\n}\n';
    fs.writeFileSync(configPath, text);
    const uri = pathToFileURL(configPath).href;
    let since = lsp.mark();
    await lsp.open(uri, 'jsonc', text);
    const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 3, 'three config problems', since);
    assert.deepEqual(
      publish.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.code, d.severity, d.message]),
      [
        [1, 2, 'grantcheck/config', 2, '"rules" must be an object of rule id → severity. (GrantCheck uses the default for this setting.)'],
        [2, 2, 'grantcheck/config', 2, '"ignore" must be an array of glob strings. (GrantCheck uses the default for this setting.)'],
        [3, 15, 'grantcheck/config', 2, 'Each "profiles" entry needs "files" (glob or globs) and "profile" (a profile id). (GrantCheck uses the default for this setting.)'],
      ],
    );
    assert.ok(publish.diagnostics.every((d) => d.codeDescription?.href.endsWith('docs/configuration.md')));
    since = lsp.mark();
    await lsp.change(uri, 2, '{ "rules": {} }\n');
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === 2, 'no problems once fixed', since);
  });
});

describe('a .grantcheck.json that links out of the workspace', () => {
  let lsp: LspHarness | undefined;
  after(() => lsp?.dispose());

  it('is ignored, said so in the log and on the open file, and never edited through the link', async () => {
    const outside = path.join(tmp, 'outside');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'shared.json'), '{ "rules": { "iam/unknown-action": "off" } }\n');
    const ws = path.join(tmp, 'linked');
    lsp = await serverFor(ws);
    const configPath = path.join(ws, '.grantcheck.json');
    fs.symlinkSync(path.join(outside, 'shared.json'), configPath);
    const file = path.join(ws, 'p.policy.json');
    const publish = await openPolicy(lsp, file);
    const reason = `it links to ${path.join(outside, 'shared.json')}, outside ${ws}`;
    assert.ok(lsp.logs.some((m) => m.includes(`ignoring ${configPath}: ${reason}`)), JSON.stringify(lsp.logs));
    const diagnostic = publish.diagnostics.find((d) => d.code === 'iam/unknown-action')!;
    const actions = ((await lsp.codeActions(pathToFileURL(file).href, [diagnostic])) ?? []) as CodeAction[];
    assert.ok(!actions.some((a) => a.title.startsWith('Disable')), actions.map((a) => a.title).join(' | '));
    assert.ok(lsp.logs.some((m) => m.includes(`not editing the configuration: ${configPath} is a symbolic link`)), JSON.stringify(lsp.logs));

    const configUri = pathToFileURL(configPath).href;
    const since = lsp.mark();
    await lsp.open(configUri, 'json', fs.readFileSync(configPath, 'utf8'));
    const onConfig = await lsp.waitForDiagnostics(configUri, (p) => p.diagnostics.length > 0, 'the ignored-config diagnostic', since);
    assert.equal(onConfig.diagnostics[0]!.message, `GrantCheck ignores this configuration: ${reason}.`);
  });
});

describe('config lookup stops at the workspace folder or the repository root', () => {
  let lsp: LspHarness | undefined;
  after(() => lsp?.dispose());

  for (const repository of [true, false]) {
    it(`a parent folder's {"ignore": ["**"]} does not apply (workspace ${repository ? 'is a repository' : 'is no repository'})`, async () => {
      lsp?.dispose();
      const parent = path.join(tmp, `parent-${repository}`);
      fs.mkdirSync(parent, { recursive: true });
      fs.writeFileSync(path.join(parent, '.grantcheck.json'), '{ "ignore": ["**"], "rules": { "iam/unknown-action": "off" } }\n');
      const ws = path.join(parent, 'ws');
      lsp = await serverFor(ws, { repository });
      const publish = await openPolicy(lsp, path.join(ws, 'p.policy.json'));
      assert.equal(publish.diagnostics.find((d) => d.code === 'iam/unknown-action')?.severity, 1);
    });
  }
});

describe('settings globs that backtracked', () => {
  let lsp: LspHarness | undefined;
  after(() => lsp?.dispose());

  it('a hostile grantcheck.policyFiles glob costs nothing noticeable: diagnostics arrive as usual', async () => {
    const ws = path.join(tmp, 'hostile-settings');
    // Minutes per match with the old regex; one simulation step per character and glob position now.
    lsp = await serverFor(ws, { settings: { policyFiles: [`${'*a'.repeat(14)}*b`, '**/*.policy.json'] } });
    await openPolicy(lsp, path.join(ws, `${'a'.repeat(60)}.policy.json`));
  });
});
