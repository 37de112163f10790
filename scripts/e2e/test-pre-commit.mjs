// `npm run test:pre-commit`: the pre-commit hooks of .pre-commit-hooks.yaml, run by the real `pre-commit`
// (Debian's package) the way a user's repository runs them: a temporary git repository whose
// .pre-commit-config.yaml points at this checkout, `pre-commit install`, and `git commit` of a broken and then
// a fixed policy. pre-commit installs the hook as a `language: node` hook does: `npm install` in a clone of
// this repository, `npm pack` (prepack builds), `npm install -g` of the tarball (offline: from the npm cache).
// Skips when pre-commit is not installed, unless GRANTCHECK_REQUIRE_E2E=1 (CI), where skipping fails.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log, root, runSuite, Skip, tempDir, which } from './common.mjs';

const SUITE = 'pre-commit';

const BROKEN = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjet", "Resource": "arn:aws:s3:::example-reports/*" }]
}
`;
const FIXED = BROKEN.replace('s3:GetObjet', 's3:GetObject');

function sh(command, args, cwd, env, { allowFailure = false } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  if (!allowFailure && result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  return { status: result.status, output };
}

function expect(condition, message, output) {
  if (!condition) throw new Error(`${message}\n--- output ---\n${output}`);
}

/**
 * The hook repository: this checkout's working tree (tracked and new files, not node_modules or what
 * .gitignore excludes) committed into a fresh repository, so the hooks as they are now are what is tested.
 */
function snapshotCheckout(dir, env) {
  const listed = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root, env).output.split('\0').filter(Boolean);
  const files = listed.filter((f) => f !== 'node_modules' && !f.startsWith('node_modules/') && fs.existsSync(path.join(root, f)));
  for (const file of files) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(path.join(root, file), target, { verbatimSymlinks: true });
  }
  sh('git', ['init', '-q'], dir, env);
  sh('git', ['add', '-A'], dir, env);
  sh('git', ['commit', '-q', '-m', 'snapshot'], dir, env);
  return sh('git', ['rev-parse', 'HEAD'], dir, env).output.trim();
}

await runSuite(SUITE, async () => {
  if (!which('pre-commit')) throw new Skip('`pre-commit` is not installed (apt-get install -y pre-commit)');
  if (!which('git')) throw new Skip('`git` is not installed');
  const base = tempDir('pre-commit');
  try {
    const env = {
      ...process.env,
      // Everything pre-commit and npm keep goes into the temporary folder; npm installs from its cache only.
      PRE_COMMIT_HOME: path.join(base, 'pre-commit-home'),
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      GIT_AUTHOR_NAME: 'GrantCheck test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'GrantCheck test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
      NO_COLOR: '1',
    };
    const hookRepo = path.join(base, 'hook-repo');
    fs.mkdirSync(hookRepo);
    const rev = snapshotCheckout(hookRepo, env);
    log(SUITE, `hook repository: snapshot of the working tree at ${rev.slice(0, 12)}`);

    const work = path.join(base, 'work');
    fs.mkdirSync(path.join(work, 'policies'), { recursive: true });
    sh('git', ['init', '-q'], work, env);
    fs.writeFileSync(
      path.join(work, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${JSON.stringify(hookRepo)}\n    rev: ${rev}\n    hooks:\n      - id: grantcheck\n`,
    );
    // JSON that is no policy: the hook passes it over instead of failing on it.
    fs.writeFileSync(path.join(work, 'package.json'), '{ "name": "infra", "version": "1.0.0" }\n');
    sh('git', ['add', '-A'], work, env);
    sh('pre-commit', ['install'], work, env);

    const t0 = Date.now();
    // The first commit installs the hook environment (npm install, npm pack with prepack's build, npm install -g).
    fs.writeFileSync(path.join(work, 'policies', 'reader.json'), BROKEN);
    sh('git', ['add', '-A'], work, env);
    const broken = sh('git', ['commit', '-m', 'broken policy'], work, env, { allowFailure: true });
    log(SUITE, `commit with the broken policy: exit ${broken.status} (${((Date.now() - t0) / 1000).toFixed(1)} s, hook installed)`);
    expect(broken.status !== 0, 'the commit of a broken policy must fail', broken.output);
    expect(/GrantCheck\.+Failed/.test(broken.output), 'the GrantCheck hook reports Failed', broken.output);
    expect(/policies\/reader\.json/.test(broken.output) && /iam\/unknown-action/.test(broken.output), 'the finding is shown with its file and rule', broken.output);

    fs.writeFileSync(path.join(work, 'policies', 'reader.json'), FIXED);
    sh('git', ['add', '-A'], work, env);
    const fixed = sh('git', ['commit', '-m', 'fixed policy'], work, env, { allowFailure: true });
    log(SUITE, `commit with the fixed policy: exit ${fixed.status}`);
    expect(fixed.status === 0, 'the commit of the fixed policy (and a package.json) must pass', fixed.output);
    expect(/GrantCheck\.+Passed/.test(fixed.output), 'the GrantCheck hook reports Passed', fixed.output);

    // The fixing hook: pre-commit fails the run because the hook changed a file, and the file holds the fix.
    fs.writeFileSync(
      path.join(work, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${JSON.stringify(hookRepo)}\n    rev: ${rev}\n    hooks:\n      - id: grantcheck-fix\n`,
    );
    fs.writeFileSync(path.join(work, 'policies', 'writer.json'), BROKEN);
    sh('git', ['add', '-A'], work, env);
    const fixing = sh('pre-commit', ['run', '--files', 'policies/writer.json'], work, env, { allowFailure: true });
    expect(fixing.status !== 0 && /files were modified by this hook/.test(fixing.output), 'grantcheck-fix changes the file and pre-commit says so', fixing.output);
    expect(fs.readFileSync(path.join(work, 'policies', 'writer.json'), 'utf8') === FIXED, 'grantcheck-fix wrote the safe fix', fixing.output);
    log(SUITE, `grantcheck-fix applied the fix (total ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
