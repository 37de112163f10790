// Editor UX in a real extension host: code lens → expanded-actions view, "Disable <rule> in .grantcheck.json",
// the policy-type quick pick, and a completion applied through the editor.
// Loaded by index.ts and compiled by scripts/e2e/build-vscode-tests.mjs next to suite.e2e.ts.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GrantCheckApi } from '../../../client/src/extension';
import { closeAllEditors, codeOf, extension, fileUri, openEditor, pollUntil, waitForDiagnostics, withCode, withoutCode } from './helpers';
import { reportLine } from './report';

describe('GrantCheck editor UX in a real VS Code', function () {
  this.timeout(40_000);
  const created = ['policies/lens.policy.json', 'policies/disable.policy.json', 'policies/trust.policy.json', 'policies/complete.policy.json', '.grantcheck.json'];
  afterEach(() => closeAllEditors());
  // Leave the shared fixture workspace as found: the config written here would change other suites' results.
  after(() => {
    for (const file of created) fs.rmSync(fileUri(file).fsPath, { force: true });
  });

  it('code lens opens the expanded actions as a read-only markdown document', async () => {
    const uri = fileUri('policies/lens.policy.json');
    fs.writeFileSync(uri.fsPath, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "Read",\n      "Effect": "Allow",\n      "Action": ["s3:Get*"],\n      "Resource": "arn:aws:s3:::b/*"\n    }\n  ]\n}\n');
    await openEditor('policies/lens.policy.json');
    let lenses: vscode.CodeLens[] = [];
    for (let i = 0; i < 50 && lenses.length === 0; i++) { // lenses come once the server is up
      lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      if (lenses.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    reportLine(`    lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    const lens = lenses.find((l) => /actions · 1 resource/.test(l.command?.title ?? ''));
    assert.ok(lens?.command);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    await pollUntil('expanded view', () => vscode.window.activeTextEditor?.document.uri.scheme === 'grantcheck-expanded');
    const doc = vscode.window.activeTextEditor!.document;
    reportLine(`    expanded: ${doc.uri.toString()} lang=${doc.languageId} first line=${doc.getText().split('\n')[0]}`);
    assert.match(doc.getText(), /\| `s3:GetObject` \| Read \|/);
    assert.equal(doc.languageId, 'markdown');
  });

  it('disable rule for this file writes "overrides" to .grantcheck.json, saves it, and the rule goes away; the workspace-wide one comes last and asks first', async () => {
    const uri = fileUri('policies/disable.policy.json');
    fs.writeFileSync(uri.fsPath, '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]\n}\n');
    await openEditor('policies/disable.policy.json');
    const diagnostics = await waitForDiagnostics(uri, withCode('iam/unknown-action'), 'unknown-action');
    const d = diagnostics.find((x) => codeOf(x) === 'iam/unknown-action')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    reportLine(`    actions: ${actions.map((a) => a.title).join(' | ')}`);
    // VS Code lists quick fixes before source actions (fix-all) and adds other extensions' actions: among
    // GrantCheck's quick fixes, the fix comes first and turning the rule off for every file last.
    const quickFixes = actions.filter((a) => a.kind?.value === 'quickfix' && (a.title.startsWith('Disable ') || a.title.includes('s3:GetObject')));
    assert.match(quickFixes[0]!.title, /s3:GetObject/);
    const everywhere = quickFixes.at(-1)!;
    assert.match(everywhere.title, /^Disable iam\/unknown-action for every file \(in \.grantcheck\.json\)…$/);
    assert.ok(!everywhere.isPreferred);
    assert.equal(everywhere.command?.command, 'grantcheck.applyConfigEdit');
    assert.ok((everywhere.command.arguments?.[0] as { confirm?: unknown }).confirm, 'turning a rule off everywhere is confirmed in a dialog');
    const forFile = actions.find((a) => a.title === 'Disable iam/unknown-action for this file in .grantcheck.json');
    assert.ok(forFile?.command && !forFile.isPreferred);
    await vscode.commands.executeCommand(forFile.command.command, ...(forFile.command.arguments ?? []));
    const config = fileUri('.grantcheck.json').fsPath;
    await pollUntil('config on disk', () => fs.existsSync(config) && fs.readFileSync(config, 'utf8').includes('unknown-action'));
    reportLine(`    config: ${fs.readFileSync(config, 'utf8').replace(/\n/g, ' ')}`);
    assert.match(fs.readFileSync(config, 'utf8'), /"overrides"/);
    await waitForDiagnostics(uri, withoutCode('iam/unknown-action'), 'rule off');
  });

  it('walkthrough: the first step opens the broken example, which GrantCheck lints; the snippet step offers gc- snippets', async () => {
    await vscode.commands.executeCommand('grantcheck.walkthrough.openExample');
    const example = vscode.window.activeTextEditor!.document;
    assert.equal(example.uri.scheme, 'untitled');
    const found = await waitForDiagnostics(example.uri, (d) => d.some((x) => codeOf(x) === 'iam/unknown-action') && d.some((x) => codeOf(x) === 'iam/resource-type-mismatch'), 'the example’s two findings');
    reportLine(`    example findings: ${found.map(codeOf).join(', ')}`);
    await vscode.commands.executeCommand('grantcheck.walkthrough.insertSnippet');
    const scratch = vscode.window.activeTextEditor!.document;
    assert.equal(scratch.getText(), 'gc-');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', scratch.uri, scratch.positionAt(3));
    const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.some((l) => l.startsWith('gc-')), labels.join(', '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('set policy type through the quick pick writes a per-file binding', async () => {
    const uri = fileUri('policies/trust.policy.json');
    fs.writeFileSync(uri.fsPath, '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}\n');
    await openEditor('policies/trust.policy.json');
    await waitForDiagnostics(uri, () => true, 'linted');
    // The quick pick opens after a documentInfo round trip: wait for the extension to say it is on screen.
    const api = (await extension().activate()) as GrantCheckApi;
    const shown = new Promise<string>((resolve) => {
      const listener = api.onDidShowQuickPick((title) => {
        listener.dispose();
        resolve(title);
      });
    });
    const picked = vscode.commands.executeCommand('grantcheck.setPolicyType');
    assert.equal(await shown, 'GrantCheck: policy type of this file');
    // Auto, identity, resource, trust: the fourth item.
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picked;
    const config = fileUri('.grantcheck.json').fsPath;
    await pollUntil('binding on disk', () => fs.existsSync(config) && fs.readFileSync(config, 'utf8').includes('trust.policy.json'));
    reportLine(`    config: ${fs.readFileSync(config, 'utf8').replace(/\n/g, ' ')}`);
    assert.match(fs.readFileSync(config, 'utf8'), /"type": "trust"/);
  });

  it('completion item applies with the right text through the editor', async () => {
    const uri = fileUri('policies/complete.policy.json');
    fs.writeFileSync(uri.fsPath, '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "*"}]\n}\n');
    const editor = await openEditor('policies/complete.policy.json');
    await waitForDiagnostics(uri, () => true, 'linted');
    const pos = editor.document.positionAt(editor.document.getText().indexOf('s3:Get"') + 's3:Get'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 's3:GetObject')!;
    assert.ok(item);
    const range = item.range as vscode.Range;
    reportLine(`    item range ${range.start.character}-${range.end.character}, insert ${(item.insertText as vscode.SnippetString).value}`);
    await editor.insertSnippet(item.insertText as vscode.SnippetString, range);
    reportLine(`    after: ${editor.document.lineAt(2).text}`);
    assert.match(editor.document.getText(), /"Action": "s3:GetObject", "Resource"/);
  });
});
