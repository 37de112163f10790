// The VS Code e2e suite: runs in a real extension host (code-server or desktop VS Code) against the
// packaged extension and checks what a user sees — activation, diagnostics, quick fixes, fix-all on
// save, snippets, completion, hover and live settings — only through the public `vscode` API.
/// <reference types="mocha" />

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  codeOf,
  describeDiagnostics,
  extension,
  fileUri,
  grantcheckDiagnostics,
  markdownText,
  openEditor,
  pollUntil,
  serverCapabilities,
  waitForDiagnostics,
  withCode,
  withoutCode,
} from './helpers';
import { reportLine } from './report';
// Test-only: the profiles the snippets are generated from give each tab stop a valid example value.
import { allProfiles } from '../../../server/src/engine/profiles';
import { renderDocument, sqlPassword, usedPlaceholders } from '../../../server/src/engine/profiles/render';
import { snippetFiles, snippetPrefix } from '../../../server/src/engine/profiles/snippets';
import { exampleValues } from '../../../server/src/engine/profiles/validation';

const BROKEN_POLICY = 'policies/broken.policy.json';
const FIXALL_POLICY = 'policies/fixall.policy.json';
const GRANTS_SQL = 'sql/grants.sql';
const REPORT_SQL = 'sql/report.sql';
const NOT_A_POLICY = 'package.json';
/** A policy with one known finding (iam/json-syntax): opened last, it shows the server has caught up. */
const PROBE_POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": []\n  "Id": "x"\n}\n';

/** The same JSON with the comma GrantCheck's quick fix inserts after `"Effect": "Allow"`. */
function withCommaAfterAllow(text: string, occurrence = 1): string {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf('"Allow"\n', index + 1);
  assert.ok(index >= 0, 'fixture lost its missing comma');
  const at = index + '"Allow"'.length;
  return text.slice(0, at) + ',' + text.slice(at);
}

describe('GrantCheck in a real VS Code extension host', function () {
  this.timeout(30_000);

  before(function () {
    // The runner points the host at the unpacked .vsix, so what runs is what ships.
    const expected = process.env.GRANTCHECK_E2E_EXTENSION_PATH;
    reportLine(`  extension under test: ${extension().extensionPath} (${String(extension().packageJSON.version)})`);
    if (expected) assert.equal(path.resolve(extension().extensionPath), path.resolve(expected));
  });

  afterEach(async function () {
    await closeAllEditors();
  });

  describe('activation and document selection', function () {
    // Laziness itself (activated by onLanguage, never at startup) is checked by the runner in the extension host
    // log: the workbench may open a JSONC model of its own (the user settings.json) before this suite runs.

    it('activates on a Redshift grants SQL file', async function () {
      const document = await vscode.workspace.openTextDocument(fileUri(GRANTS_SQL));
      assert.equal(document.languageId, 'sql');
      await pollUntil('GrantCheck to activate on a SQL file', () => extension().isActive);
    });

    it('lints a policy JSON file and leaves package.json alone', async function () {
      // VS Code's client pulls the diagnostics of the documents shown in editor tabs, in the order they open, and the
      // server answers in order: once the policy shown after package.json has its diagnostics, package.json has been
      // linted too. (Not preview tabs: the second would replace the first.)
      const packageJson = await vscode.workspace.openTextDocument(fileUri(NOT_A_POLICY));
      assert.equal(packageJson.languageId, 'json');
      await vscode.window.showTextDocument(packageJson, { preview: false });
      const policy = await vscode.workspace.openTextDocument(fileUri(BROKEN_POLICY));
      await vscode.window.showTextDocument(policy, { preview: false });
      await waitForDiagnostics(policy.uri, withCode('iam/json-syntax'), 'iam/json-syntax on the broken policy');
      assert.deepEqual(grantcheckDiagnostics(packageJson.uri), [], 'package.json (broken JSON, but not a policy) must get no GrantCheck diagnostics');
      assert.equal(extension().isActive, true);
    });
  });

  describe('diagnostics', function () {
    it('reports the missing comma with rule code, range, severity and documentation link', async function () {
      const editor = await openEditor(BROKEN_POLICY);
      const diagnostics = await waitForDiagnostics(editor.document.uri, withCode('iam/json-syntax'), 'iam/json-syntax');
      const syntax = diagnostics.filter((d) => codeOf(d) === 'iam/json-syntax');
      assert.equal(syntax.length, 1, describeDiagnostics(diagnostics));
      const [diagnostic] = syntax;
      // Line 7 (0-based 6) is `"Action": …`, the element after the missing comma.
      assert.equal(diagnostic.range.start.line, 6);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.match(diagnostic.message, /comma/i);
      const code = diagnostic.code;
      assert.ok(typeof code === 'object' && code.target.toString().endsWith('docs/rules/iam/json-syntax.md'), 'the code links to the rule page');
    });

    it('reports Redshift findings in a grants script', async function () {
      const document = await vscode.workspace.openTextDocument(fileUri(GRANTS_SQL));
      await vscode.window.showTextDocument(document);
      // Line 2: CREATE USER etl_loader PASSWORD 'secret' — too weak for Redshift, and in clear text.
      const diagnostics = await waitForDiagnostics(
        document.uri,
        (d) => withCode('redshift/password-policy')(d) && withCode('redshift/hardcoded-password')(d),
        'redshift/password-policy and redshift/hardcoded-password',
      );
      const policy = diagnostics.find((d) => codeOf(d) === 'redshift/password-policy');
      const clearText = diagnostics.find((d) => codeOf(d) === 'redshift/hardcoded-password');
      assert.equal(policy?.range.start.line, 1, describeDiagnostics(diagnostics));
      assert.equal(policy?.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(clearText?.range.start.line, 1);
      assert.equal(clearText?.severity, vscode.DiagnosticSeverity.Warning);
      assert.ok(diagnostics.every((d) => codeOf(d).startsWith('redshift/')), describeDiagnostics(diagnostics));
    });

    it('leaves a SQL file without permission statements alone', async function () {
      const query = await vscode.workspace.openTextDocument(fileUri(REPORT_SQL));
      // Opened after the query, so once it has diagnostics the server has seen the query too.
      const script = await vscode.workspace.openTextDocument({ language: 'sql', content: "CREATE USER probe_user PASSWORD 'x';\n" });
      await waitForDiagnostics(script.uri, withCode('redshift/password-policy'), 'redshift/password-policy on the probe script');
      assert.deepEqual(grantcheckDiagnostics(query.uri), [], 'a plain SELECT script gets no GrantCheck diagnostics');
    });
  });

  describe('quick fixes', function () {
    it('inserts the missing comma through vscode.executeCodeActionProvider', async function () {
      const editor = await openEditor(BROKEN_POLICY);
      const uri = editor.document.uri;
      const before = editor.document.getText();
      const [diagnostic] = (await waitForDiagnostics(uri, withCode('iam/json-syntax'), 'iam/json-syntax')).filter((d) => codeOf(d) === 'iam/json-syntax');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const fix = actions.find((a) => a.title === 'Insert the missing comma');
      assert.ok(fix, `no "Insert the missing comma" action; got: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.equal(fix.isPreferred, true);
      assert.ok(fix.edit, 'the quick fix carries its edit');
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(editor.document.getText(), withCommaAfterAllow(before));
      await waitForDiagnostics(uri, withoutCode('iam/json-syntax'), 'iam/json-syntax to disappear after the fix');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('after typing in a Sid (the diagnostics stay as they were: the pull answers "unchanged"), the quick fix applies to the new text', async function () {
      const editor = await openEditor(BROKEN_POLICY);
      const uri = editor.document.uri;
      const [diagnostic] = (await waitForDiagnostics(uri, withCode('iam/json-syntax'), 'iam/json-syntax')).filter((d) => codeOf(d) === 'iam/json-syntax');
      const sidEnd = editor.document.getText().indexOf('ReadStagingObjects') + 'ReadStagingObjects'.length;
      assert.equal(await editor.edit((edit) => edit.insert(editor.document.positionAt(sidEnd), 'X')), true);
      const typed = editor.document.getText();
      // Asked until the server has the diagnostics of the new version (the pull that follows the edit).
      let fix: vscode.CodeAction | undefined;
      let titles: string[] = [];
      for (const deadline = Date.now() + 15_000; !fix; await new Promise((resolve) => setTimeout(resolve, 50))) {
        assert.ok(Date.now() < deadline, `no "Insert the missing comma" after the edit; got: ${titles.join(', ')}`);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
        titles = actions.map((a) => a.title);
        fix = actions.find((a) => a.title === 'Insert the missing comma');
      }
      const shown = grantcheckDiagnostics(uri).filter((d) => codeOf(d) === 'iam/json-syntax');
      assert.equal(shown.length, 1, `one diagnostic, not a pulled and a pushed one: ${describeDiagnostics(shown)}`);
      assert.deepEqual(shown[0]!.range, diagnostic.range);
      assert.equal(await vscode.workspace.applyEdit(fix!.edit!), true);
      assert.equal(editor.document.getText(), withCommaAfterAllow(typed), 'the fix was computed for the text with the typed character');
      await waitForDiagnostics(uri, withoutCode('iam/json-syntax'), 'iam/json-syntax to disappear after the fix');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('fixes every problem on save with editor.codeActionsOnSave: source.fixAll.grantcheck', async function () {
      const json = vscode.workspace.getConfiguration('editor', { languageId: 'json' });
      await json.update('codeActionsOnSave', { 'source.fixAll.grantcheck': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
      try {
        const editor = await openEditor(FIXALL_POLICY);
        const uri = editor.document.uri;
        const original = editor.document.getText();
        const expected = withCommaAfterAllow(original.replace('}\n    {', '},\n    {').replace('"s3:ListBucket"\n', '"s3:ListBucket",\n'));
        await waitForDiagnostics(uri, (d) => d.filter((x) => codeOf(x) === 'iam/json-syntax').length === 3, 'three iam/json-syntax findings');
        // Ctrl+S: the explicit save that runs "explicit" codeActionsOnSave (TextDocument.save() does not).
        await vscode.commands.executeCommand('workbench.action.files.save');
        assert.equal(editor.document.isDirty, false, 'the document was saved');
        assert.equal(editor.document.getText(), expected);
        assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), expected, 'the fixed text is what was written to disk');
        await waitForDiagnostics(uri, withoutCode('iam/json-syntax'), 'no iam/json-syntax after fix-all on save');
      } finally {
        await json.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      }
    });
  });

  describe('settings', function () {
    it('applies grantcheck.rules live: "off" removes the rule\'s diagnostics, removing the override brings them back', async function () {
      const editor = await openEditor(BROKEN_POLICY);
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, withCode('iam/json-syntax'), 'iam/json-syntax');
      const settings = vscode.workspace.getConfiguration('grantcheck');
      try {
        await settings.update('rules', { 'iam/json-syntax': 'off' }, vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(uri, withoutCode('iam/json-syntax'), 'iam/json-syntax to disappear when the rule is off');
        await settings.update('rules', { 'iam/json-syntax': 'warning' }, vscode.ConfigurationTarget.Workspace);
        const [warning] = (await waitForDiagnostics(uri, withCode('iam/json-syntax'), 'iam/json-syntax back as a warning')).filter((d) => codeOf(d) === 'iam/json-syntax');
        assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
      } finally {
        await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      }
      const [restored] = (await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'iam/json-syntax' && x.severity === vscode.DiagnosticSeverity.Error), 'iam/json-syntax back as an error')).filter((d) => codeOf(d) === 'iam/json-syntax');
      assert.equal(restored.severity, vscode.DiagnosticSeverity.Error);
    });
  });

  describe('snippets', function () {
    interface SnippetCase {
      file: string;
      language: string;
      name: string;
      prefix: string;
    }

    /**
     * Findings a profile's snippet produces on purpose (as in test/unit/snippets.test.ts): the
     * superuser profile exists to create a superuser, and redshift/superuser rightly says so.
     */
    const DOCUMENTED_FINDINGS: Record<string, string[]> = {
      'structural/redshift-source-superuser': ['redshift/superuser'],
    };

    /** The profile snippets the language server offers (the files under snippets/ hold the same, for other editors). */
    function contributedSnippets(): SnippetCase[] {
      return snippetFiles().flatMap((file) =>
        Object.entries(file.snippets).map(([name, snippet]) => ({ file: `./snippets/${file.file}`, language: file.languages[0]!, name, prefix: snippet.prefix })),
      );
    }

    it('every contributed snippet is offered, inserts, fills its tab stops, and lints without errors or warnings', async function () {
      const cases = contributedSnippets();
      if (cases.length === 0) {
        reportLine('      SKIP snippets: the extension contributes no snippets (package.json contributes.snippets is empty)');
        this.skip();
      }
      this.timeout(20_000 + cases.length * 5_000);
      const problems: string[] = [];
      for (const snippetCase of cases) {
        const problem = await checkSnippet(snippetCase);
        if (problem) problems.push(problem);
      }
      reportLine(`      checked ${cases.length} snippets`);
      if (problems.length > 0) assert.fail(`${problems.length} of ${cases.length} snippets are not clean:\n${problems.join('\n')}`);
    });

    /** Returns what is wrong with one snippet, or undefined when it is offered, fills in as its profile says and lints clean. */
    async function checkSnippet({ file, language, name, prefix }: SnippetCase): Promise<string | undefined> {
      const label = `snippet "${name}" (${file}, ${language})`;
      const profile = allProfiles.find((p) => snippetPrefix(p) === prefix);
      if (!profile) return `${label}: no GrantCheck profile has the prefix ${prefix}`;
      // 1. VS Code offers the snippet for its prefix.
      const scratch = await vscode.workspace.openTextDocument({ language, content: prefix });
      const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', scratch.uri, scratch.positionAt(prefix.length));
      const item = completions.items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && (typeof i.label === 'string' ? i.label : i.label.label) === prefix);
      if (!item) return `${label}: not offered for prefix "${prefix}"`;
      if (!(item.insertText instanceof vscode.SnippetString)) return `${label}: completion has no snippet body`;
      // 2. It inserts, and the user fills each tab stop in turn: the result is the profile's document.
      const document = await vscode.workspace.openTextDocument({ language, content: '' });
      const editor = await vscode.window.showTextDocument(document);
      if (!(await editor.insertSnippet(item.insertText))) return `${label}: insertSnippet failed`;
      const examples = exampleValues(profile);
      for (const spec of usedPlaceholders(profile)) {
        const sql = spec.validation === 'redshift-password' ? sqlPassword(examples[spec.name]!, examples.user ?? '') : examples[spec.name]!;
        // A superuser's password tab stop sits inside quotes ('<password>'): type the hash without its own quotes.
        const start = editor.selection.start;
        const quoted = start.character > 0 && editor.document.getText(new vscode.Range(start.translate(0, -1), start)) === "'" && /^'.*'$/.test(sql);
        const value = quoted ? sql.slice(1, -1) : sql;
        // The active tab stop and its mirrors are the editor's selections: replace them all, as typing
        // would (without the auto-closing that would double a typed 'quote'); then Tab to the next one.
        const selections = editor.selections;
        if (!(await editor.edit((edit) => selections.forEach((selection) => edit.replace(selection, value)), { undoStopBefore: false, undoStopAfter: false }))) {
          return `${label}: could not fill tab stop ${spec.name}`;
        }
        await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
      }
      const filled = document.getText();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const expected = renderDocument(profile, examples);
      if (filled.trimEnd() !== expected.trimEnd()) return `${label}: the filled snippet is not the profile's document:\n--- filled\n${filled}\n--- expected\n${expected}`;
      // 3. The filled document lints without errors or warnings. It is opened in one piece (the
      // server lints a document as it opens), then a probe: once the probe has its finding, the
      // server has published the filled document's diagnostics too.
      const final = await vscode.workspace.openTextDocument({ language, content: filled });
      const probe = await vscode.workspace.openTextDocument({ language: 'json', content: PROBE_POLICY });
      await waitForDiagnostics(probe.uri, withCode('iam/json-syntax'), 'the finding on the probe policy');
      // Information and hints (e.g. "this looks like vendor profile X") are advice, not defects.
      const allowed = new Set(DOCUMENTED_FINDINGS[profile.id] ?? []);
      const defects = grantcheckDiagnostics(final.uri).filter(
        (d) => (d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning) && !allowed.has(codeOf(d)),
      );
      if (defects.length === 0) return undefined;
      return `${label}: ${defects.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} (${d.message.slice(0, 80)})`).join('; ')}`;
    }
  });

  describe('completion and hover', function () {
    // When these run alone nothing has activated GrantCheck yet: activate() resolves once the
    // language client has started, so the requests below reach the server.
    before(async function () {
      await extension().activate();
    });

    it('completes action names inside "Action"', async function () {
      const capabilities = await serverCapabilities();
      if (!capabilities.completionProvider) {
        reportLine('      SKIP completion: this build of the GrantCheck server does not announce completionProvider');
        this.skip();
      }
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObj", "Resource": "*" }\n  ]\n}\n';
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
      await vscode.window.showTextDocument(document);
      const position = document.positionAt(text.indexOf('s3:GetObj') + 's3:GetObj'.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.some((l) => /(^|:)GetObject$/.test(l)), `no s3:GetObject completion; got ${labels.slice(0, 20).join(', ')}`);
      assert.ok(!labels.some((l) => /(^|:)PutObject$/.test(l) && !l.startsWith('s3')), 'completions stay within the s3 service');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('explains an action on hover', async function () {
      const capabilities = await serverCapabilities();
      if (!capabilities.hoverProvider) {
        reportLine('      SKIP hover: this build of the GrantCheck server does not announce hoverProvider');
        this.skip();
      }
      const editor = await openEditor(BROKEN_POLICY);
      const text = editor.document.getText();
      const position = editor.document.positionAt(text.indexOf('s3:GetObject') + 4);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      const shown = hovers.map((h) => markdownText(h.contents)).join('\n---\n');
      assert.match(shown, /GetObject/, `hover does not mention GetObject: ${shown}`);
      assert.match(shown, /retrieve|Read/i, `hover does not describe the action: ${shown}`);
    });
  });
});
