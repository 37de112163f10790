// Profiles in the language server: the grantcheck.profiles setting, session bindings, the requirements report and the bind-in-config code action.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it, test } from 'node:test';
import { applyEdits, type Edit } from 'jsonc-parser';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { normalizeProfileSettings, profileBindingEdits, requirementsFor } from '../../server/src/lsp/profiles';
import { LspHarness } from '../lsp/harness';
import { testData } from '../support/data';

const SEED_002 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:ListStreams", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTable", "dynamodb:ListExports", "dynamodb:DescribeExport", "dynamodb:ExportTableToPointInTime"],
      "Resource": "*"
    },
    { "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::artie-transfer-test" },
    { "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::artie-transfer-test/*" }
  ]
}
`;

test('normalizeProfileSettings keeps well-formed entries only', () => {
  assert.deepEqual(
    normalizeProfileSettings([
      { files: 'a.json', profile: 'artie/dynamodb-streams', values: { exportBucket: 'b-b-b', n: 3 } },
      { files: ['x/*.json'], profile: 'structural/dynamodb-source' },
      { files: [], profile: 'p/q' },
      { profile: 'p/q' },
      'junk',
    ]),
    [
      { files: ['a.json'], profile: 'artie/dynamodb-streams', values: { exportBucket: 'b-b-b' } },
      { files: ['x/*.json'], profile: 'structural/dynamodb-source', values: {} },
    ],
  );
  assert.deepEqual(normalizeProfileSettings(undefined), []);
});

test('profileBindingEdits adds an entry, keeps comments, and replaces the entry of the same file', () => {
  const bindingEdits = (text: string | undefined, glob: string, id: string): Edit[] => {
    const edits = profileBindingEdits(text, glob, id);
    assert.ok(edits, `the config takes the binding: ${text}`);
    return edits;
  };
  const created = applyEdits('', bindingEdits(undefined, './a.json', 'artie/dynamodb-streams'));
  assert.deepEqual(JSON.parse(created), { profiles: [{ files: './a.json', profile: 'artie/dynamodb-streams', values: {} }] });
  const existing = '{\n  // keep me\n  "profiles": [{ "files": "./b.json", "profile": "x/y", "values": {} }]\n}\n';
  const added = applyEdits(existing, bindingEdits(existing, './a.json', 'artie/dynamodb-streams'));
  assert.match(added, /\/\/ keep me/);
  assert.match(added, /"\.\/b\.json"[\s\S]*"\.\/a\.json"/);
  const replaced = applyEdits(added, bindingEdits(added, './b.json', 'artie/dynamodb-streams-trust'));
  assert.match(replaced, /"files": "\.\/b\.json",\s*"profile": "artie\/dynamodb-streams-trust"/);
});

test('profileBindingEdits offers nothing for a config of another shape (it used to throw)', () => {
  for (const text of ['"x"', '[1]', '5', 'null', '{"profiles": "x"}', '{"profiles": {}}']) {
    assert.equal(profileBindingEdits(text, './a.json', 'artie/dynamodb-streams'), undefined, text);
  }
  assert.ok(profileBindingEdits('{"profiles": [3, null]}', './a.json', 'artie/dynamodb-streams'), 'odd entries in an array are left alone');
});

test('requirementsFor: a report for bound documents, a suggestion for unbound ones', () => {
  const report = requirementsFor(SEED_002, { id: 'artie/dynamodb-streams', values: {} }, testData());
  assert.match(report.markdown!, /\| ❌ \| `s3:GetBucketLocation` \|/);
  assert.match(report.markdown!, /\| ✅ \| `s3:ListBucket` \|/);
  assert.match(report.markdown!, /## Corrections to the published page/);
  assert.deepEqual(requirementsFor(SEED_002, undefined, testData()), { reason: 'not-bound', suggestion: 'artie/dynamodb-streams' });
  const sql = requirementsFor('-- grantcheck-profile: structural/redshift-source user=u\nGRANT USAGE ON SCHEMA s TO u;\n', undefined, testData());
  assert.match(sql.markdown!, /\| ✅ \| `GRANT USAGE ON SCHEMA s TO u;` \| granted \|/);
  assert.match(sql.markdown!, /\| ❌ \| `GRANT SELECT ON pg_catalog.svv_table_info TO u;` \| missing \|/);
});

describe('language server', () => {
  let lsp: LspHarness;
  let tmp: string;
  const settings = { profiles: [{ files: '**/bound/*.json', profile: 'artie/dynamodb-streams', values: { exportBucket: 'artie-transfer-test' } }] };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-profiles-lsp-'));
    fs.mkdirSync(path.join(tmp, 'bound'));
    fs.writeFileSync(path.join(tmp, '.grantcheck.json'), '{}\n');
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: true, settings });
    await lsp.initialize(pathToFileURL(tmp).href);
  });
  after(() => {
    lsp?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the grantcheck.profiles setting binds matching files', async () => {
    const uri = pathToFileURL(path.join(tmp, 'bound', 'streams.policy.json')).href;
    const since = lsp.mark();
    await lsp.open(uri, 'json', SEED_002);
    const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/missing-required-permission'), 'the missing-permission diagnostic', since);
    const missing = publish.diagnostics.filter((d) => d.code === 'iam/missing-required-permission');
    assert.deepEqual(missing.map((d) => String(d.message).split(' ')[3]), ['s3:GetBucketLocation']);
    const report = await lsp.connection.sendRequest<{ markdown?: string }>('grantcheck/profileRequirements', { uri });
    assert.match(report.markdown!, /Values: `exportBucket` = `artie-transfer-test`/);
  });

  it('an unbound look-alike gets the suggestion, whose code action writes the binding into .grantcheck.json', async () => {
    const file = path.join(tmp, 'artie.policy.json');
    const uri = pathToFileURL(file).href;
    const since = lsp.mark();
    await lsp.open(uri, 'json', SEED_002);
    const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/profile-suggestion'), 'the suggestion', since);
    const suggestion = publish.diagnostics.find((d) => d.code === 'iam/profile-suggestion')!;
    const actions = ((await lsp.codeActions(uri, [suggestion], ['quickfix'])) ?? []) as CodeAction[];
    const bind = actions.find((a) => a.title.startsWith('Bind this file to profile artie/dynamodb-streams'));
    assert.ok(bind, `actions: ${actions.map((a) => a.title).join('; ')}`);
    const configUri = pathToFileURL(path.join(tmp, '.grantcheck.json')).href;
    const edits = (bind.edit!.changes![configUri] ?? []) as TextEdit[];
    assert.equal(edits.length, 1);
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const after = TextDocument.applyEdits(TextDocument.create(configUri, 'json', 1, '{}\n'), edits);
    assert.deepEqual(JSON.parse(after), { profiles: [{ files: './artie.policy.json', profile: 'artie/dynamodb-streams', values: {} }] });
  });

  it('hovering the binding comment of a script shows the profile', async () => {
    const uri = pathToFileURL(path.join(tmp, 'source.sql')).href;
    await lsp.open(uri, 'sql', '-- grantcheck-profile: structural/redshift-source user=u\nGRANT USAGE ON SCHEMA s TO u;\n');
    const hover = await lsp.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.match(hover!.contents.value, /Tonic Structural\\?: Redshift — source database user/);
  });

  it('grantcheck/bindDocument binds an untitled document for the session', async () => {
    const uri = 'untitled:Untitled-1';
    await lsp.open(uri, 'json', SEED_002);
    const since = lsp.mark();
    const result = await lsp.connection.sendRequest<{ ok: boolean }>('grantcheck/bindDocument', { uri, binding: { id: 'artie/dynamodb-streams', values: {} } });
    assert.equal(result.ok, true);
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/missing-required-permission'), 'diagnostics of the bound untitled document', since);
    const unknown = await lsp.connection.sendRequest<{ ok: boolean }>('grantcheck/bindDocument', { uri, binding: { id: 'nobody/nothing', values: {} } });
    assert.equal(unknown.ok, false);
  });
});
