// Cold start (issue #19): the server answers `initialize` and sends correct first diagnostics (the workspace's
// .grantcheck.json already applied) without loading the parts it does not need at start. The AWS SDK lives in
// dist/aws-sdk.js (scripts/build.mjs) and is required only when verify, deployed or verify-sql first runs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionList, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, modify } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness, ROOT } from './harness';
import { PROFILE_LOOK_ALIKE_POLICY } from '../support/benchInputs';
import { startIamTestServer } from '../support/iamTestServer';
import { FAKE_CREDENTIALS, FIXTURE_ACCOUNT } from '../aws/fixtures';

const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}\n';

let tmp: string;
before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-startup-')));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('start-up', () => {
  let lsp: LspHarness | undefined;
  after(() => lsp?.dispose());

  it('answers initialize, then the first diagnostics already follow .grantcheck.json; the AWS SDK is not loaded', async () => {
    const ws = path.join(tmp, 'ws');
    fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
    // iam/unknown-action is an error by default: the config makes it information.
    fs.writeFileSync(path.join(ws, '.grantcheck.json'), JSON.stringify({ rules: { 'iam/unknown-action': 'info' } }));
    const file = path.join(ws, 'p.policy.json');
    fs.writeFileSync(file, POLICY);
    // Every module the server requires by a path ending in aws-sdk.js or yaml.js (the chunks a policy file's start
    // does not need: scripts/build.mjs), and the Node modules a start does without, are written to standard error.
    const preload = path.join(tmp, 'watch-requires.js');
    fs.writeFileSync(
      preload,
      `const Module = require('node:module'); const load = Module._load;
       Module._load = function (request, ...rest) { if (/(aws-sdk|yaml)\\.js$|^(node:)?(crypto|child_process|worker_threads)$/.test(request)) process.stderr.write('[test] required ' + request + '\\n'); return load.call(this, request, ...rest); };`,
    );
    const saved = { debug: process.env.GRANTCHECK_DEBUG_STARTUP, options: process.env.NODE_OPTIONS };
    process.env.GRANTCHECK_DEBUG_STARTUP = '1';
    process.env.NODE_OPTIONS = `${saved.options ?? ''} --require ${JSON.stringify(preload)}`.trim();
    try {
      lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, initializationOptions: { settings: {} } });
    } finally {
      for (const [key, value] of [['GRANTCHECK_DEBUG_STARTUP', saved.debug], ['NODE_OPTIONS', saved.options]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    const init = await lsp.initialize(pathToFileURL(ws).href);
    assert.equal(init.serverInfo?.name, 'grantcheck');
    const uri = pathToFileURL(file).href;
    const since = lsp.mark();
    await lsp.open(uri, 'json', POLICY);
    const first = await lsp.waitForDiagnostics(uri, () => true, 'the first diagnostics', since);
    // The very first publish, not a later correction.
    assert.equal(lsp.publishes.filter((p) => p.uri === uri).length, 1);
    const unknown = first.diagnostics.filter((d) => d.code === 'iam/unknown-action');
    assert.equal(unknown.length, 1, JSON.stringify(first.diagnostics));
    assert.equal(unknown[0]!.severity, 3, 'severity from .grantcheck.json (Information)');
    await lsp.waitUntil(() => /first diagnostics sent/.test(lsp!.stderr), 'the start-up trace');
    // GRANTCHECK_DEBUG_STARTUP=1: the loader's and the server's start-up lines, in order.
    const trace = lsp.stderr;
    assert.match(trace, /\[grantcheck\] compile cache: (hit|miss|rejected|off)/);
    const loader = trace.search(/start-up: loader at [\d.]+ ms, bundle compiled in [\d.]+ ms \((hit|miss|rejected|off)\), evaluated in [\d.]+ ms/);
    const initialized = trace.search(/start-up: initialize answered [\d.]+ ms after the process started/);
    const diagnosed = trace.search(/start-up: first diagnostics sent [\d.]+ ms after the process started/);
    assert.ok(loader >= 0 && loader < initialized && initialized < diagnosed, trace);
    assert.doesNotMatch(trace, /\[test\] required .*aws-sdk\.js/, 'the AWS SDK must not be loaded to lint');
    assert.doesNotMatch(trace, /\[test\] required .*yaml\.js/, 'the YAML parser must not be loaded to lint a JSON policy');
    // None of the server's chunks (scripts/serverChunks.mjs: SQL, Terraform/CloudFormation hosts, completion and
    // hover, AWS calls) is loaded to answer initialize and lint a policy file.
    assert.doesNotMatch(trace, /\[grantcheck\] chunk /, 'a JSON policy start loads no chunk');
    // vscode-jsonrpc's crypto and vscode-languageserver's child_process are loaded on first use (LAZY_BUILTINS), the
    // loader's worker_threads only to write a cache.
    assert.doesNotMatch(trace, /\[test\] required (node:)?(crypto|child_process)\n/, 'a start loads no crypto or child_process');
    if (/compile cache: hit/.test(trace)) assert.doesNotMatch(trace, /\[test\] required (node:)?worker_threads\n/, 'a start from the cache loads no worker_threads');
    // The page faults of each phase (what a start costs on machines where touching memory is slow).
    assert.match(trace, /page faults: \d+ before the loader, \d+ compile, \d+ evaluation/);
    assert.match(trace, /first diagnostics sent [\d.]+ ms after the process started \(\d+ page faults\)/);

    // A CloudFormation template then loads dist/yaml.js, and is linted like any other.
    const template = path.join(ws, 'template.yaml');
    const yamlText = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjects\n            Resource: "*"\n';
    fs.writeFileSync(template, yamlText);
    const templateUri = pathToFileURL(template).href;
    const before = lsp.mark();
    await lsp.open(templateUri, 'yaml', yamlText);
    const inTemplate = await lsp.waitForDiagnostics(templateUri, () => true, 'the template diagnostics', before);
    assert.deepEqual(inTemplate.diagnostics.map((d) => [d.code, d.range.start.line]), [['iam/unknown-action', 8]]);
    assert.match(lsp.stderr, /\[test\] required \.\/yaml\.js/);
    assert.match(lsp.stderr, /\[grantcheck\] chunk chunk-hosts\.js loaded: compiled in [\d.]+ ms \((hit|miss|rejected|off)\)/);
  });
});

/** The chunks named in the start-up trace, in the order they were loaded. */
function chunksLoaded(trace: string): string[] {
  return [...trace.matchAll(/\[grantcheck\] chunk (chunk-[a-z]+\.js) loaded/g)].map((m) => m[1]!);
}

describe('chunks loaded on first use', () => {
  let lsp: LspHarness | undefined;
  after(() => lsp?.dispose());

  it('a SQL script loads the SQL chunk, a .tf file the hosts chunk, completion and hover the features chunk; each works and loads once', async () => {
    const saved = process.env.GRANTCHECK_DEBUG_STARTUP;
    process.env.GRANTCHECK_DEBUG_STARTUP = '1';
    try {
      lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, initializationOptions: { settings: {} } });
    } finally {
      if (saved === undefined) delete process.env.GRANTCHECK_DEBUG_STARTUP;
      else process.env.GRANTCHECK_DEBUG_STARTUP = saved;
    }
    const server = lsp;
    await server.initialize(null);
    const policyUri = 'untitled:chunks.policy.json';
    await server.open(policyUri, 'json', POLICY);
    await server.waitForDiagnostics(policyUri, () => true, 'the policy diagnostics');
    // Symbols and folding, which editors ask for as soon as a file opens, need no chunk either.
    await server.request('textDocument/documentSymbol', { textDocument: { uri: policyUri } });
    await server.request('textDocument/foldingRange', { textDocument: { uri: policyUri } });
    assert.deepEqual(chunksLoaded(server.stderr), []);

    // Redshift SQL: parsed by the SQL chunk, checked by the rules of the main bundle.
    const sqlUri = 'untitled:grants.sql';
    await server.open(sqlUri, 'sql', "CREATE GROUP g;\nCREATE USER bob PASSWORD 'Secret123';\n");
    const sql = await server.waitForDiagnostics(sqlUri, (p) => p.diagnostics.length > 0, 'the SQL diagnostics');
    assert.ok(sql.diagnostics.some((d) => d.code === 'redshift/hardcoded-password'), JSON.stringify(sql.diagnostics));
    assert.deepEqual(chunksLoaded(server.stderr), ['chunk-sql.js']);

    // Terraform: the hosts chunk; its policy is checked like a policy file.
    const tfUri = 'untitled:main.tf';
    const tf = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjects", Resource = "*" }] })\n}\n';
    await server.open(tfUri, 'terraform', tf);
    const inTf = await server.waitForDiagnostics(tfUri, (p) => p.diagnostics.length > 0, 'the Terraform diagnostics');
    assert.deepEqual(inTf.diagnostics.map((d) => [d.code, d.range.start.line]), [['iam/unknown-action', 1]]);
    assert.deepEqual(chunksLoaded(server.stderr), ['chunk-sql.js', 'chunk-hosts.js']);

    // Completion and hover in the policy file: the features chunk, with the AWS data and profiles of the main bundle.
    const at = POLICY.indexOf('s3:GetObjects') + 's3:Get'.length;
    const list = await server.request<CompletionList>('textDocument/completion', { textDocument: { uri: policyUri }, position: { line: 0, character: at } });
    assert.ok(list.items.some((i) => i.label === 's3:GetObject' || i.label === 'GetObject'), list.items.slice(0, 10).map((i) => i.label).join(', '));
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: policyUri }, position: { line: 0, character: POLICY.indexOf('"Effect"') + 2 } });
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents && hover.contents.value.length > 0, JSON.stringify(hover));
    // Hover in SQL uses the SQL chunk already loaded; hover in Terraform the hosts chunk.
    const sqlHover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: sqlUri }, position: { line: 1, character: 13 } });
    assert.match(JSON.stringify(sqlHover?.contents), /bob/, 'a hover on the user the script creates');
    assert.deepEqual(chunksLoaded(server.stderr), ['chunk-sql.js', 'chunk-hosts.js', 'chunk-features.js'], 'each chunk is loaded once');
    // A policy that looks like a built-in profile: the suggestion's comparison reads the profiles' index (main bundle),
    // its message the whole profile (chunk-profiles.js, the built-in profile files).
    const lookAlikeUri = 'untitled:artie.policy.json';
    await server.open(lookAlikeUri, 'json', PROFILE_LOOK_ALIKE_POLICY);
    const lookAlike = await server.waitForDiagnostics(lookAlikeUri, (p) => p.diagnostics.some((d) => d.code === 'iam/profile-suggestion'), 'the profile suggestion');
    assert.match(String(lookAlike.diagnostics.find((d) => d.code === 'iam/profile-suggestion')!.message), /profile artie\/dynamodb-streams \(Artie: /);
    assert.deepEqual(chunksLoaded(server.stderr), ['chunk-sql.js', 'chunk-hosts.js', 'chunk-features.js', 'chunk-profiles.js']);
    // No chunk is evaluated twice, and no request failed on the way.
    assert.doesNotMatch(server.stderr, /Error|uncaught/i);
    assert.deepEqual(server.logs.filter((l) => / failed on /.test(l)), [], 'a feature failed (lsp/core.ts guarded)');
  });
});

describe('the AWS chunk', () => {
  it('verify requests load chunk-aws.js (and the SDK) on first use, which lists the principals of a local IAM server', async () => {
    const iam = await startIamTestServer(FIXTURE_ACCOUNT);
    const keys = ['GRANTCHECK_DEBUG_STARTUP', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const;
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    const noFiles = path.join(tmp, 'no-aws-config');
    Object.assign(process.env, {
      GRANTCHECK_DEBUG_STARTUP: '1',
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: FAKE_CREDENTIALS.sessionToken,
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: noFiles,
      AWS_SHARED_CREDENTIALS_FILE: noFiles,
    });
    delete process.env.AWS_PROFILE;
    let lsp: LspHarness | undefined;
    try {
      lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, initializationOptions: { settings: {} } });
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    try {
      await lsp.initialize(null);
      assert.deepEqual(chunksLoaded(lsp.stderr), []);
      const result = await lsp.request<{ principals?: { name: string }[]; error?: string }>('grantcheck/aws/listPrincipals', { aws: { endpoint: iam.url } });
      assert.equal(result.error, undefined, result.error);
      assert.ok((result.principals ?? []).some((p) => p.name === 'ana'), JSON.stringify(result));
      assert.deepEqual(chunksLoaded(lsp.stderr), ['chunk-aws.js']);
    } finally {
      lsp.dispose();
      await iam.close();
    }
  });
});

describe("jsonc-parser's indentation strings, built on first use (scripts/build.mjs LAZY_JSONC_INTERN)", () => {
  it('a .grantcheck.json edit by the server is what jsonc-parser itself writes, indented with spaces or tabs, LF or CRLF', async () => {
    const lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, initializationOptions: { settings: {} } });
    try {
      const ws = path.join(tmp, 'intern');
      await lsp.initialize(pathToFileURL(ws).href);
      const cases = [
        ['spaces', '{\n  // team settings\n  "rules": {\n    "iam/policy-version": "warning"\n  }\n}\n', '\n'],
        ['tabs', '{\n\t"rules": {\n\t\t"iam/policy-version": "warning"\n\t}\n}\n', '\n'],
        ['crlf', '{\r\n  "rules": {\r\n    "iam/policy-version": "warning"\r\n  }\r\n}\r\n', '\r\n'],
      ] as const;
      for (const [name, configText, eol] of cases) {
        const dir = path.join(ws, name);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, '.grantcheck.json'), configText);
        const uri = pathToFileURL(path.join(dir, 'p.policy.json')).href;
        const since = lsp.mark();
        await lsp.open(uri, 'json', POLICY);
        const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/unknown-action'), 'iam/unknown-action', since);
        const actions = ((await lsp.codeActions(uri, publish.diagnostics.filter((d) => d.code === 'iam/unknown-action'))) ?? []) as CodeAction[];
        const disable = actions.find((a) => /^Disable iam\/unknown-action for every file/.test(a.title));
        assert.ok(disable, actions.map((a) => a.title).join(' | '));
        const configUri = pathToFileURL(path.join(dir, '.grantcheck.json')).href;
        const edits = (disable.edit!.documentChanges as TextDocumentEdit[] | undefined)?.find((c) => c.textDocument.uri === configUri)?.edits ?? disable.edit!.changes?.[configUri];
        assert.ok(edits, JSON.stringify(disable.edit));
        const updated = TextDocument.applyEdits(TextDocument.create(configUri, 'json', 1, configText), edits as TextEdit[]);
        const expected = applyEdits(configText, modify(configText, ['rules', 'iam/unknown-action'], 'off', { formattingOptions: { insertSpaces: name !== 'tabs', tabSize: 2, eol } }));
        assert.equal(updated, expected, name);
        assert.match(updated, name === 'tabs' ? /\n\t\t"iam\/unknown-action": "off"/ : /\n {4}"iam\/unknown-action": "off"/);
      }
    } finally {
      lsp.dispose();
    }
  });
});

describe('server chunks', () => {
  const dist = path.join(ROOT, 'dist');
  const chunkFiles = fs.readdirSync(dist).filter((f) => /^chunk-[a-z]+\.js$/.test(f)).sort();
  const main = fs.readFileSync(path.join(dist, 'server-main.js'), 'latin1');
  // The wrapper's parameters, spelt in pieces: the test build replaces those two identifiers wherever they appear.
  const wrapper = `(function (exports, require, module, ${'__file' + 'name'}, ${'__dir' + 'name'}) {\n`;

  it('are the five of scripts/serverChunks.mjs, each required by the main bundle and written inside the module wrapper', () => {
    assert.deepEqual(chunkFiles, ['chunk-aws.js', 'chunk-features.js', 'chunk-hosts.js', 'chunk-profiles.js', 'chunk-sql.js']);
    for (const chunk of chunkFiles) {
      assert.match(main, new RegExp(`require\\("\\./${chunk.replace('.', '\\.')}"\\)`), `server-main.js requires ./${chunk}`);
      assert.ok(fs.readFileSync(path.join(dist, chunk), 'latin1').startsWith(`${wrapper}module.exports = function (__grantcheckShared) {\n"use strict";`), chunk);
    }
    assert.ok(main.startsWith(`${wrapper}"use strict";`), 'the main bundle is strict code');
  });

  it('take every module of the main bundle from it: each look-up a chunk makes is in the registry, and no module is in two files', () => {
    const registry = new Set([...main.matchAll(/case"([^"]+)":return/g)].map((m) => m[1]!));
    let lookups = 0;
    for (const chunk of chunkFiles) {
      const text = fs.readFileSync(path.join(dist, chunk), 'latin1');
      const keys = [...text.matchAll(/__grantcheckShared\("([^"]+)"\)/g)].map((m) => m[1]!);
      lookups += keys.length;
      assert.deepEqual(keys.filter((k) => !registry.has(k)), [], `${chunk} asks for modules the registry lacks`);
    }
    // Engine state shared by a chunk and the main bundle: the line index, the policy model, the AWS data facade.
    for (const key of ['server/src/engine/text.ts', 'server/src/engine/iam/document.ts']) assert.ok(registry.has(key), key);
    assert.ok(lookups >= 20, `${lookups} look-ups`);
    // Texts of one module each, found in exactly one file: main-bundle modules never in a chunk, chunk modules never in main.
    const owners: [string, string][] = [
      ['server-main.js', 'GrantCheck could not check this document'],
      ['chunk-sql.js', 'Put the password in single quotes'],
      ['chunk-hosts.js', 'aws_iam_policy_document'],
      ['chunk-aws.js', 'AWS_PROFILE'],
      // The built-in profile files: the main bundle holds their index only (profiles/builtinIndex.ts, evaluated at build time).
      ['chunk-profiles.js', '"vendorTitle":"Airbyte"'],
      // The reader of profile files and its schema, which only a workspace's own profiles need.
      ['chunk-profiles.js', 'vendor/component, stable'],
    ];
    for (const [owner, marker] of owners) {
      const holders = ['server-main.js', ...chunkFiles].filter((f) => fs.readFileSync(path.join(dist, f), 'latin1').includes(marker));
      assert.deepEqual(holders, [owner], marker);
    }
  });
});

describe('CommonJS interop copies (scripts/buildInterop.mjs)', () => {
  it("the bundles hold no copy of a CommonJS module the code only reads by name: the build dropped them all", async () => {
    const interop = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'buildInterop.mjs')).href)) as {
      toEsmHelperName(text: string): string | undefined;
      unwrapInteropCopies(text: string, fileName?: string): { unwrapped: string[]; kept: string[] };
    };
    const dist = path.join(ROOT, 'dist');
    const files = ['server.js', 'server-main.js', 'cli.js', 'cli-main.js', ...fs.readdirSync(dist).filter((f) => /^chunk-[a-z]+\.js$/.test(f))];
    for (const file of files) {
      const text = fs.readFileSync(path.join(dist, file), 'latin1');
      const helper = interop.toEsmHelperName(text);
      const { unwrapped, kept } = interop.unwrapInteropCopies(text, file);
      assert.deepEqual(unwrapped, [], `${file}: copies the build should have dropped`);
      if (file === 'server-main.js') {
        // esbuild's helper is still recognised (else nothing would be dropped), and the language server's start keeps
        // only the chunk holder's copy (written to): not vscode-languageserver's 321 getters, nor node:fs's 104.
        assert.ok(helper, 'the __toESM helper of server-main.js');
        const calls = [...text.matchAll(new RegExp(`(?<![\\w$.])${helper.replace(/\$/g, '\\$')}\\(`, 'g'))].length;
        assert.ok(calls <= 3, `${calls} calls of ${helper}: ${kept.join(' ')}`);
        assert.ok(kept.length <= 2, kept.join(' '));
      }
    }
  });
});

describe('settings at start', () => {
  for (const [what, pulled, publishes] of [
    ['the same settings pulled as sent in initialize: the open document is not linted again', { rules: { 'iam/unknown-action': 'info' } }, 1],
    ['other settings pulled: every open document is linted again with them', { rules: { 'iam/unknown-action': 'warning' } }, 2],
  ] as const) {
    it(what, async () => {
      const sent = { rules: { 'iam/unknown-action': 'info' } };
      const lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: true, settings: pulled, initializationOptions: { settings: sent } });
      // Counts the answers to workspace/configuration (the harness reads `settings` for each).
      let answered = 0;
      Object.defineProperty(lsp, 'settings', { get: () => (answered++, pulled) });
      try {
        await lsp.initialize(null);
        const uri = 'untitled:start.policy.json';
        await lsp.open(uri, 'json', POLICY);
        await lsp.waitForDiagnostics(uri, () => true, 'the first diagnostics');
        // Messages are handled in order: once a request sent after the settings were answered returns, the pull is done.
        await lsp.waitUntil(() => answered > 0, 'the settings pull');
        await lsp.request('textDocument/documentSymbol', { textDocument: { uri } });
        const last = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.severity === (publishes === 1 ? 3 : 2)), 'the diagnostics of the pulled settings');
        await lsp.request('textDocument/documentSymbol', { textDocument: { uri } });
        // Same settings: exactly the first publish. Other settings: at least one more (on a loaded machine the re-lint
        // can overtake the first lint's debounce, so the control case counts a lower bound).
        const count = lsp.publishes.filter((p) => p.uri === uri).length;
        if (publishes === 1) assert.equal(count, 1);
        else assert.ok(count >= publishes, `${count} publishes`);
        assert.equal(last.diagnostics.find((d) => d.code === 'iam/unknown-action')?.severity, publishes === 1 ? 3 : 2);
      } finally {
        lsp.dispose();
      }
    });
  }
});

describe('dist/aws-sdk.js', () => {
  it('holds every AWS SDK value the sources import, and the bundles keep no copy of the SDK', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const chunk = require(path.join(ROOT, 'dist', 'aws-sdk.js')) as Record<string, Record<string, unknown>>;
    const namespaces: Record<string, string> = { '@aws-sdk/client-iam': 'iam', '@aws-sdk/client-redshift-data': 'redshiftData', '@aws-sdk/credential-providers': 'credentials' };
    const imports: string[] = [];
    const dir = path.join(ROOT, 'server', 'src', 'aws');
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      for (const m of text.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@aws-sdk\/[^']+)'/gm)) {
        if (m[1]) continue;
        const namespace = namespaces[m[3]!];
        assert.ok(namespace, `${name} imports ${m[3]}: add it to AWS_SDK_PACKAGES in scripts/build.mjs and here`);
        for (const entry of m[2]!.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '))) {
          const imported = entry.split(/\s+as\s+/)[0]!;
          imports.push(`${m[3]} ${imported}`);
          assert.notEqual(chunk[namespace]?.[imported], undefined, `${imported} from ${m[3]} is missing in dist/aws-sdk.js`);
        }
      }
    }
    assert.ok(imports.length >= 10, imports.join(', '));
    // The language server is its main bundle and its chunks (scripts/serverChunks.mjs: the AWS calls are in chunk-aws.js).
    const serverFiles = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f === 'server-main.js' || /^chunk-[a-z]+\.js$/.test(f));
    for (const [bundle, files] of [['server', serverFiles], ['cli-main.js', ['cli-main.js']]] as const) {
      const text = files.map((f) => fs.readFileSync(path.join(ROOT, 'dist', f), 'latin1')).join('\n');
      // The YAML parser: in dist/yaml.js only (its Lexer's error text).
      assert.doesNotMatch(text, /Plain value cannot start with/, `${bundle} carries the yaml package`);
      assert.match(text, /["']\.\/yaml\.js["']/, `${bundle} does not require ./yaml.js`);
      // The IAM client's protocol target: in the SDK chunk only.
      assert.doesNotMatch(text, /AWSIdentityManagementV20100508/, `${bundle} carries the AWS SDK`);
      assert.match(text, /["']\.\/aws-sdk\.js["']/, `${bundle} does not require ./aws-sdk.js`);
    }
  });
});
