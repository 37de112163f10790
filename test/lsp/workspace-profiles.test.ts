// Workspace profiles in the language server: a profile file added or edited under .grantcheck/profiles/ applies
// without a restart, and a broken one gets its problems on its own lines.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { LspHarness } from './harness';
import { ACME_LOADER_PROFILE } from '../support/acmeProfile';

const PROFILE = ACME_LOADER_PROFILE;

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-landing/*' }] }, null, 2);

describe('workspace profiles in the language server', () => {
  let tmp: string;
  let lsp: LspHarness;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-workspace-profiles-'));
    fs.mkdirSync(path.join(tmp, '.git'));
    fs.writeFileSync(path.join(tmp, '.grantcheck.json'), JSON.stringify({ profiles: [{ files: 'loader.policy.json', profile: 'acme/loader', values: { bucket: 'acme-landing' } }] }));
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false });
    await lsp.initialize(pathToFileURL(tmp).href);
  });
  after(() => {
    lsp?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a profile file added while the server runs binds the document: its missing action is reported', async () => {
    const uri = pathToFileURL(path.join(tmp, 'loader.policy.json')).href;
    let since = lsp.mark();
    await lsp.open(uri, 'json', POLICY);
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/profile-mismatch' && /Unknown profile "acme\/loader"/.test(String(d.message))), 'the unknown-profile diagnostic', since);
    const file = path.join(tmp, '.grantcheck', 'profiles', 'acme.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(PROFILE, null, 2));
    since = lsp.mark();
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 1 }] });
    const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/missing-required-permission'), 'the missing-permission diagnostic', since);
    assert.ok(!publish.diagnostics.some((d) => d.code === 'iam/profile-mismatch'));
    assert.match(publish.diagnostics.find((d) => d.code === 'iam/missing-required-permission')!.message as string, /s3:PutObject/);
    // Edited: PutObject is no longer required.
    const edited = JSON.parse(JSON.stringify(PROFILE));
    edited.profiles[0].statements[0].actions = ['s3:GetObject'];
    fs.writeFileSync(file, JSON.stringify(edited, null, 2));
    since = lsp.mark();
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 2 }] });
    await lsp.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'iam/missing-required-permission' || d.code === 'iam/profile-mismatch'), 'no profile diagnostics', since);
  });

  it("a workspace profile's snippet is offered at the start of a blank policy, beside the built-ins", async () => {
    const uri = pathToFileURL(path.join(tmp, 'new.policy.json')).href;
    let since = lsp.mark();
    await lsp.open(uri, 'json', 'gc-');
    await lsp.waitForDiagnostics(uri, () => true, 'the first lint of the new file', since);
    const file = path.join(tmp, '.grantcheck', 'profiles', 'acme.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(PROFILE, null, 2));
    since = lsp.mark();
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 2 }] });
    // Open documents are linted again once the changed profiles are loaded.
    await lsp.waitForDiagnostics(uri, () => true, 'the re-lint after the profile change', since);
    const list = await lsp.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 3 } });
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    const offered = items.map((i) => String(i.label));
    assert.ok(offered.includes('gc-acme-loader'), offered.join(', '));
    assert.ok(offered.includes('gc-artie-dynamodb-streams'), 'the built-ins are still offered');
    const item = items.find((i) => i.label === 'gc-acme-loader')!;
    const text = item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : '';
    assert.match(text, /s3:PutObject/);
    assert.match(String(typeof item.documentation === 'string' ? item.documentation : item.documentation?.value), /https:\/\/docs\.example\.com\/acme\/aws/);
  });

  it("the editor's pickers list workspace profiles, and an untitled policy can be bound to one and report its requirements", async () => {
    const file = path.join(tmp, '.grantcheck', 'profiles', 'acme.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(PROFILE, null, 2));
    const listed = await lsp.request<{ profiles: { id: string; source: { url: string } }[] }>('grantcheck/listProfiles', {});
    const acme = listed.profiles.find((p) => p.id === 'acme/loader');
    assert.equal(acme?.source.url, 'https://docs.example.com/acme/aws');
    assert.ok(listed.profiles.some((p) => p.id === 'structural/dynamodb-source'), 'the built-ins are listed too');
    const forFile = await lsp.request<{ profiles: { id: string }[] }>('grantcheck/listProfiles', { uri: pathToFileURL(path.join(tmp, 'x.policy.json')).href });
    assert.ok(forFile.profiles.some((p) => p.id === 'acme/loader'));

    const uri = 'untitled:Untitled-7';
    let since = lsp.mark();
    await lsp.open(uri, 'json', POLICY);
    await lsp.waitForDiagnostics(uri, () => true, 'the first lint', since);
    since = lsp.mark();
    const bound = await lsp.request<{ ok: boolean }>('grantcheck/bindDocument', { uri, binding: { id: 'acme/loader', values: { bucket: 'acme-landing' } } });
    assert.deepEqual(bound, { ok: true });
    const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/missing-required-permission'), 'the missing PutObject', since);
    assert.match(String(publish.diagnostics.find((d) => d.code === 'iam/missing-required-permission')!.message), /s3:PutObject/);
    const report = await lsp.request<{ markdown?: string }>('grantcheck/profileRequirements', { uri });
    assert.match(report.markdown ?? '', /acme\/loader/);
    assert.match(report.markdown ?? '', /s3:PutObject/);
    assert.deepEqual(await lsp.request('grantcheck/bindDocument', { uri, binding: { id: 'acme/unknown', values: {} } }), { ok: false });
  });

  it('an open profile file gets its problems where they are, as it is typed', async () => {
    const file = path.join(tmp, '.grantcheck', 'profiles', 'team.json');
    const uri = pathToFileURL(file).href;
    const text = JSON.stringify({ ...PROFILE, vendor: 'team', profiles: [{ ...PROFILE.profiles[0], id: 'team/loader', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::${bukcet}/*'] }] }] }, null, 2);
    const since = lsp.mark();
    await lsp.open(uri, 'json', text);
    const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 'the profile-file diagnostics', since);
    const problem = publish.diagnostics.find((d) => /\$\{bukcet\} is not a placeholder/.test(String(d.message)));
    assert.ok(problem, publish.diagnostics.map((d) => d.message).join('\n'));
    assert.equal(problem.code, 'grantcheck/profile-file');
    assert.equal(problem.range.start.line, text.split('\n').findIndex((l) => l.includes('${bukcet}')));
    // Not linted as a policy.
    assert.ok(!publish.diagnostics.some((d) => String(d.code).startsWith('iam/')));
  });
});
