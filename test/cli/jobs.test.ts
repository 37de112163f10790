// `--jobs`: the bundled CLI (node dist/cli.js) on a varied tree with one thread and with two (this one and a worker) must
// write the same bytes on stdout and stderr, exit the same way and, with --fix, leave the same files.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCloudFormationPolicies, generatePolicy, generateSql } from '../support/benchInputs';
import { generateTerraformPolicies } from '../support/terraformFiles';
import { ACME_LOADER_PROFILE } from '../support/acmeProfile';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, asNobody = false): Run {
  const command = asNobody ? 'runuser' : process.execPath;
  const argv = asNobody ? ['-u', 'nobody', '--', process.execPath, CLI, ...args] : [CLI, ...args];
  const result = spawnSync(command, argv, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', ...env } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TYPO_POLICY = (i: number): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObjects', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${i}/*` }] }, null, 2) + '\n';
const BROKEN_POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }\n    { "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*" }\n  ]\n}\n';
const PROFILES = ACME_LOADER_PROFILE;

/** A repository of every kind of input, with configs, a workspace profile and files that cannot be linted. */
function makeTree(dir: string): void {
  const put = (name: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  put('.grantcheck/profiles/acme.json', JSON.stringify(PROFILES, null, 2));
  // A profile file with a problem: reported once, with the first file it applies to, whatever the number of threads.
  put('.grantcheck/profiles/zz-broken.json', '{ "vendor": ');
  put(
    '.grantcheck.json',
    JSON.stringify({
      ignore: ['ignored/**'],
      rules: { 'iam/policy-version': 'off', 'redshift/hardcoded-password': 'warning' },
      overrides: [{ files: 'policies/a/**', rules: { 'iam/unknown-action': 'info' } }],
      profiles: [{ files: 'loader.policy.json', profile: 'acme/loader', values: { bucket: 'acme-landing' } }],
      policyFiles: ['**/*.policy.json', 'policies/**/*.json'],
      nonsense: true,
    }),
  );
  put('loader.policy.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-landing/*' }] }, null, 2));
  for (let i = 0; i < 24; i++) {
    const sub = ['a', 'b', 'c'][i % 3]!;
    put(`policies/${sub}/p${String(i).padStart(2, '0')}.json`, i % 4 === 0 ? TYPO_POLICY(i) : i % 7 === 0 ? BROKEN_POLICY : generatePolicy(800 + i * 50, i));
  }
  put('policies/b/.grantcheck.json', '{ "rules": { "iam/no-such-rule": "error" } }');
  for (let i = 0; i < 4; i++) put(`sql/s${i}.sql`, `${generateSql(6 + i)}CREATE USER bob${i} PASSWORD 'Secret123';\n`);
  for (let i = 0; i < 3; i++) put(`infra/m${i}.tf`, generateTerraformPolicies(3 + i, i !== 1));
  for (let i = 0; i < 3; i++) put(`infra/t${i}.yaml`, generateCloudFormationPolicies(2 + i));
  put('ignored/skip.policy.json', BROKEN_POLICY);
  put('odd/binary.policy.json', Buffer.from([0x7b, 0, 1, 2]));
  put('odd/latin1.sql', Buffer.from("GRANT SELECT ON t TO caf\xe9;\nCREATE USER x PASSWORD 'Secret123';\n", 'latin1'));
  fs.symlinkSync('loop.sql', path.join(dir, 'odd', 'loop.sql'));
}

describe('grantcheck --jobs: a pool of workers writes what one thread writes', () => {
  let tmp: string;
  let tree: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-jobs-'));
    tree = path.join(tmp, 'repo');
    makeTree(tree);
  });

  const variants: [string, string[]][] = [
    ['stylish', []],
    ['json, --verbose', ['--format', 'json', '--verbose']],
    ['sarif, --quiet', ['--format', 'sarif', '--quiet']],
    // Workers write each file's part of the report (and count its errors and warnings for the exit status).
    ['stylish, --color, --max-warnings 0', ['--color', '--max-warnings', '0']],
    ['json, --quiet', ['--format', 'json', '--quiet']],
    ['--fix-dry-run (diff on stdout, report on stderr)', ['--fix-dry-run']],
  ];
  for (const [name, args] of variants) {
    it(`${name}: the same stdout, stderr and exit status`, () => {
      const one = cli([...args, '--jobs', '1', '.'], tree);
      const two = cli([...args, '-j', '2', '.'], tree);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr, one.stderr);
      assert.equal(two.status, one.status);
      // The tree is linted, with every kind of problem: the comparison is not between two empty reports.
      assert.match(one.stderr, /zz-broken\.json:1:\d+: .*\(this profile is not used\)/);
      assert.match(one.stderr, /policies\/b\/\.grantcheck\.json:1:\d+: .*no-such-rule/);
      assert.match(one.stderr, /binary\.policy\.json: it looks like a binary file/);
      assert.match(one.stderr, /latin1\.sql is not valid UTF-8/);
      assert.match(one.stderr, /loop\.sql: symbolic link loop/);
      assert.equal((one.stderr.match(/zz-broken\.json/g) ?? []).length, 1, 'a profile file problem is reported once');
      assert.doesNotMatch(one.stdout + one.stderr, /ignored\/skip/);
      assert.equal(one.status, 1);
    });
  }

  it('reports the files in walk order, on three threads (this one and two workers running the bundle through the compile cache)', () => {
    const cacheDir = fs.mkdtempSync(path.join(tmp, 'cache-'));
    const env = { GRANTCHECK_COMPILE_CACHE: cacheDir, GRANTCHECK_DEBUG_STARTUP: '1' };
    cli(['--version'], tree, env); // writes the cache
    const run = cli(['--format', 'json', '--jobs', '3', '.'], tree, env);
    const loads = run.stderr.split('\n').filter((l) => l.startsWith('[grantcheck] compile cache: hit'));
    assert.equal(loads.length, 3, `the main thread and two workers load the bundle from the cache:\n${run.stderr}`);
    const two = cli(['--format', 'json', '--jobs', '2', '.'], tree, env);
    assert.equal(two.stderr.split('\n').filter((l) => l.startsWith('[grantcheck] compile cache: hit')).length, 2, '--jobs 2: this thread and one worker');
    assert.equal(two.stdout, run.stdout);
    const files = (JSON.parse(run.stdout) as { file: string; diagnostics: { rule: string }[] }[]).map((r) => r.file);
    assert.ok(files.length >= 30, `${files.length} files reported`);
    const sorted = [...files].sort((a, b) => (walkKey(a) < walkKey(b) ? -1 : 1));
    assert.deepEqual(files, sorted, 'in the order of the walk (names sorted per directory)');
    const alone = cli(['--format', 'json', '--jobs', '1', '.'], tree, env);
    assert.equal(alone.stderr.split('\n').filter((l) => l.startsWith('[grantcheck] compile cache:')).length, 1, '--jobs 1 starts no worker');
  });

  it('without --jobs, a run of 400 files starts a worker from 3 cores (one thread below) and writes what one thread writes', () => {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    const dir = path.join(tmp, 'default-pool');
    for (let i = 0; i < 420; i++) {
      fs.mkdirSync(path.join(dir, 'policies', String(i % 7)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'policies', String(i % 7), `p${i}.policy.json`), i % 3 === 0 ? TYPO_POLICY(i) : generatePolicy(300 + (i % 5) * 200, i));
    }
    const cacheDir = fs.mkdtempSync(path.join(tmp, 'cache-default-'));
    const env = { GRANTCHECK_COMPILE_CACHE: cacheDir, GRANTCHECK_DEBUG_STARTUP: '1' };
    cli(['--version'], dir, env); // writes the cache
    const byDefault = cli(['--format', 'json', '.'], dir, env);
    const alone = cli(['--format', 'json', '--jobs', '1', '.'], dir, env);
    const loads = (run: Run): number => run.stderr.split('\n').filter((l) => l.startsWith('[grantcheck] compile cache: hit')).length;
    // 420 files: one worker (one per 400 files) from MIN_CORES_FOR_POOL (3) cores on.
    assert.equal(loads(byDefault), cores >= 3 ? 2 : 1, `${cores} cores:\n${byDefault.stderr}`);
    assert.equal(loads(alone), 1);
    assert.equal(byDefault.stdout, alone.stdout);
    assert.equal(byDefault.status, alone.status);
    assert.equal((JSON.parse(byDefault.stdout) as unknown[]).length, 420);
  });

  it('--fix writes the same files and reports the same remaining findings', () => {
    const copies = [1, 2].map((jobs) => {
      const dir = path.join(tmp, `fix-${jobs}`);
      makeTree(dir);
      return { jobs, dir, run: cli(['--fix', '--verbose', '--format', 'json', '--jobs', String(jobs), '.'], dir) };
    });
    const [one, two] = copies as [(typeof copies)[0], (typeof copies)[0]];
    assert.equal(two.run.stdout, one.run.stdout);
    assert.equal(two.run.stderr.replaceAll(two.dir, '<dir>'), one.run.stderr.replaceAll(one.dir, '<dir>'));
    assert.equal(two.run.status, one.run.status);
    assert.match(one.run.stderr, /fixed .*p00\.json \(1 fix\)/);
    for (const file of ['policies/a/p00.json', 'policies/b/p04.json', 'infra/m0.tf', 'infra/m2.tf']) {
      const fixed = fs.readFileSync(path.join(one.dir, file), 'utf8');
      assert.notEqual(fixed, fs.readFileSync(path.join(tree, file), 'utf8'), `${file} was fixed`);
      assert.equal(fs.readFileSync(path.join(two.dir, file), 'utf8'), fixed, `${file}: the same fix with a pool`);
    }
  });

  it('reports a file it cannot read (permission denied) in its place, with one thread and with a pool', (t) => {
    // As root the CLI runs as `nobody`, which must be able to start it: a checkout inside a private folder (a
    // mktemp clone) cannot be run by `nobody`, and then the case is skipped (chmod 000 does not stop root).
    if (isRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, '--version'], { timeout: 60_000 }).status !== 0) {
      t.skip('running as root, and runuser -u nobody cannot start dist/cli.js here: chmod 000 does not stop root');
      return;
    }
    const dir = path.join(tmp, 'denied');
    fs.mkdirSync(dir);
    fs.chmodSync(tmp, 0o755);
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `p${i}.policy.json`), TYPO_POLICY(i));
    fs.chmodSync(path.join(dir, 'p3.policy.json'), 0o000);
    const one = cli(['--format', 'json', '--jobs', '1', dir], tmp, {}, isRoot);
    const two = cli(['--format', 'json', '--jobs', '2', dir], tmp, {}, isRoot);
    assert.match(one.stderr, /Cannot read .*p3\.policy\.json: permission denied/);
    assert.deepEqual(two, one);
    assert.equal((JSON.parse(one.stdout) as unknown[]).length, 5);
  });

  it('rejects a --jobs that is not a whole number from 1 to 64', () => {
    for (const bad of ['0', '-1', 'two', '65']) {
      const run = cli([`--jobs=${bad}`, '.'], tree);
      assert.equal(run.status, 2, bad);
      assert.match(run.stderr, /--jobs needs a whole number from 1 to 64/);
    }
  });
});

/** A path as the walk orders it: directory by directory, entries by name (code unit order). */
function walkKey(file: string): string {
  return file.split(/[\\/]/).join('\u0000');
}
