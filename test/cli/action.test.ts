// The GitHub Action (action.yml, scripts/action/run.mjs) run locally: each step's `run` of the composite action,
// with its `${{ inputs.* }}` expanded as the runner does, in a temporary workspace with a broken policy.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

interface ActionStep {
  name: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

const BROKEN = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjet", "Resource": "arn:aws:s3:::example-reports/*" }]
}
`;

/** `${{ inputs.x }}` as the runner expands it (the only expressions the action's steps use). */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name: string) => {
    assert.ok(name in action.inputs, `input ${name} is declared`);
    return inputs[name] ?? action.inputs[name]!.default ?? '';
  });
}

interface StepRun {
  status: number | null;
  output: string;
  outputs: Record<string, string>;
}

/** Runs the action's steps in order in `workspace`, stopping at the first that fails (as the runner does). */
function runAction(workspace: string, inputs: Record<string, string> = {}): StepRun[] {
  const runs: StepRun[] = [];
  for (const step of action.runs.steps) {
    assert.ok(step.run && !step.uses, `step "${step.name}" runs a script (nothing to fetch)`);
    assert.equal(step.shell, 'bash');
    const outputFile = path.join(workspace, `.github-output-${runs.length}`);
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: path.join(workspace, '.summary') };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = expand(value, inputs);
    const result = spawnSync('bash', ['-e', '-c', expand(step.run, inputs)], { cwd: workspace, env, encoding: 'utf8', timeout: 120_000 });
    const outputs = Object.fromEntries(
      fs
        .readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    fs.rmSync(outputFile);
    runs.push({ status: result.status, output: result.stdout + result.stderr, outputs });
    if (result.status !== 0) break;
  }
  return runs;
}

describe('the GitHub Action', () => {
  let tmp: string;
  before(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first.');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-action-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function workspace(name: string): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(path.join(dir, 'infra', 'policies'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, 'infra', 'policies', 'reader.json'), BROKEN);
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "app" }\n');
    return dir;
  }

  it('is a composite action whose outputs come from the run step', () => {
    assert.equal(action.runs.using, 'composite');
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const [name, output] of Object.entries(action.outputs)) {
      const step = /steps\.([a-z-]+)\.outputs\.([a-z-]+)/.exec(output.value);
      assert.ok(step && ids.has(step[1]!) && step[2] === name, `output ${name}: ${output.value}`);
    }
  });

  it('writes SARIF, annotates each finding, sets the outputs and fails the step on an error finding', () => {
    const dir = workspace('defaults');
    const [install, run] = runAction(dir);
    assert.equal(install!.status, 0, install!.output);
    assert.equal(run!.status, 1, run!.output);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'grantcheck.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri]),
      [['iam/unknown-action', 'infra/policies/reader.json']],
    );
    assert.match(run!.output, /^::error file=infra\/policies\/reader\.json,line=3,col=\d+,endLine=3,title=iam\/unknown-action::"s3:GetObjet" is not an action/m);
    assert.deepEqual(run!.outputs, { 'exit-code': '1', 'sarif-file': 'grantcheck.sarif', errors: '1', warnings: '0' });
    assert.match(fs.readFileSync(path.join(dir, '.summary'), 'utf8'), /GrantCheck: 1 error\(s\), 0 warning\(s\)/);
  });

  it('passes paths, the SARIF file name and extra options through, and leaves failing to the workflow when asked', () => {
    const dir = workspace('inputs');
    fs.mkdirSync(path.join(dir, 'db grants'));
    fs.writeFileSync(path.join(dir, 'db grants', 'grants.sql'), 'GRANT SELECT ON TABLE sales TO alice;\n');
    const inputs = { paths: 'infra\ndb grants\n', 'sarif-file': 'out/results.sarif', args: '--rule iam/unknown-action=warning --max-warnings 0', 'fail-on-findings': 'false' };
    const [, run] = runAction(dir, inputs);
    assert.equal(run!.status, 0, run!.output);
    assert.match(run!.output, /too many warnings \(1\)/);
    assert.deepEqual(run!.outputs, { 'exit-code': '1', 'sarif-file': 'out/results.sarif', errors: '0', warnings: '1' });
    assert.match(run!.output, /^::warning file=infra\/policies\/reader\.json,/m);
    assert.ok(fs.existsSync(path.join(dir, 'out', 'results.sarif')));
  });

  it('fails with the reason on a usage error, whatever fail-on-findings says', () => {
    const dir = workspace('usage');
    const [, run] = runAction(dir, { args: '--rule iam/unknown-actoin=off', 'fail-on-findings': 'false' });
    assert.equal(run!.status, 2, run!.output);
    assert.match(run!.output, /did you mean "iam\/unknown-action"/);
    assert.match(run!.output, /^::error title=GrantCheck::grantcheck exited with 2/m);
  });
});
