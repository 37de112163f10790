// The steps of the GitHub Action (action.yml): `install` builds GrantCheck in the action's checkout (once),
// `run` lints with SARIF output, prints each finding as a workflow annotation, and sets the step outputs.
// Runs locally too: test/cli/action.test.ts runs action.yml's steps with this script.
//
// Environment: GITHUB_ACTION_PATH (the action's checkout; default: this repository), GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY (files the runner reads; optional), GRANTCHECK_PATHS, GRANTCHECK_SARIF_FILE,
// GRANTCHECK_ARGS, GRANTCHECK_FAIL_ON_FINDINGS (the inputs).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const actionPath = process.env.GITHUB_ACTION_PATH || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(actionPath, 'dist', 'cli.js');

function fail(message) {
  console.log(`::error title=GrantCheck::${escapeData(message)}`);
  process.exit(2);
}

/** Workflow command escaping (https://github.com/actions/toolkit, core/src/command.ts). */
function escapeData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

function install() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) fail(`GrantCheck needs Node.js 20 or later; this runner has ${process.version} (add actions/setup-node before this step).`);
  if (fs.existsSync(cli)) {
    console.log(`GrantCheck is built: ${cli}`);
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const args of [['ci', '--no-audit', '--no-fund', '--ignore-scripts'], ['run', 'build', '--silent']]) {
    console.log(`$ npm ${args.join(' ')}`);
    const result = spawnSync(npm, args, { cwd: actionPath, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) fail(`npm ${args.join(' ')} failed in ${actionPath} (exit ${result.status ?? result.error?.message}).`);
  }
}

/** Inputs with several values: new lines separate them when there are any (paths with spaces), else spaces. */
function list(value) {
  const text = (value ?? '').trim();
  if (text === '') return [];
  return (text.includes('\n') ? text.split(/\r?\n/) : text.split(/\s+/)).map((s) => s.trim()).filter(Boolean);
}

function run() {
  if (!fs.existsSync(cli)) fail(`${cli} is missing: the install step did not run.`);
  const paths = list(process.env.GRANTCHECK_PATHS ?? '.');
  const sarifFile = (process.env.GRANTCHECK_SARIF_FILE ?? '').trim() || 'grantcheck.sarif';
  const extra = list(process.env.GRANTCHECK_ARGS);
  const failOnFindings = (process.env.GRANTCHECK_FAIL_ON_FINDINGS ?? 'true').trim().toLowerCase() !== 'false';
  const args = [cli, '--format', 'sarif', '--output-file', sarifFile, ...extra, ...(paths.length > 0 ? paths : ['.'])];
  console.log(`$ grantcheck ${args.slice(1).join(' ')}`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const status = result.status ?? 2;
  setOutput('exit-code', status);
  if (status === 2 || !fs.existsSync(sarifFile)) {
    setOutput('sarif-file', '');
    fail(`grantcheck exited with ${status}: see the messages above.`);
  }
  setOutput('sarif-file', sarifFile);
  const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
  const results = sarif.runs?.[0]?.results ?? [];
  const counts = { error: 0, warning: 0, note: 0 };
  for (const r of results) {
    counts[r.level] = (counts[r.level] ?? 0) + 1;
    const location = r.locations?.[0]?.physicalLocation;
    const file = decodeURIComponent(location?.artifactLocation?.uri ?? '');
    const region = location?.region ?? {};
    const command = r.level === 'error' ? 'error' : r.level === 'warning' ? 'warning' : 'notice';
    const props = [`file=${escapeProperty(file)}`, `line=${region.startLine ?? 1}`, `col=${region.startColumn ?? 1}`, `endLine=${region.endLine ?? region.startLine ?? 1}`, `title=${escapeProperty(r.ruleId)}`];
    console.log(`::${command} ${props.join(',')}::${escapeData(r.message?.text ?? '')}`);
  }
  setOutput('errors', counts.error);
  setOutput('warnings', counts.warning);
  const summary = `GrantCheck: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.note} note(s); SARIF report: ${sarifFile}`;
  console.log(summary);
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### ${summary}\n`);
  process.exit(status === 1 && failOnFindings ? 1 : 0);
}

const step = process.argv[2];
if (step === 'install') install();
else if (step === 'run') run();
else fail(`unknown step "${step}" (install or run)`);
