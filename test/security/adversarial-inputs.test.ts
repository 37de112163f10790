// Issue #14: a repository an attacker controls must not hang the CLI (or flood its reports). A few hundred
// crafted bytes once made `grantcheck` and `grantcheck explain` backtrack forever; thousands of repeated
// tokens made one rule report thousands of findings. (Growth in time is checked by test/unit/fuzz-growth.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { capFindingsPerRule, lintText, MAX_FINDINGS_PER_RULE } from '../../server/src/engine/lint';
import type { Finding } from '../../server/src/engine/types';
import { testData } from '../support/data';
import { growthRatio } from '../support/growthRatio';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { requiredPairsFromDocument } from '../../server/src/aws/verify';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-adversarial-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The CLI, killed after a generous deadline: a hang fails the test instead of stalling the suite. */
function cli(args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(run.error, undefined, `grantcheck ${args.join(' ')} did not finish: ${run.error?.message}`);
  return { status: run.status, stdout: run.stdout };
}

// `s3:*a*a…*a*b` (20 stars) and `s3:aaa…`: iam/redundant-action turned one into a RegExp and tested the other.
const STARS = 's3:' + '*a'.repeat(20) + '*b';
const LETTERS = 's3:' + 'a'.repeat(40);
const CRAFTED = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [STARS, LETTERS], Resource: '*' }] });

describe('crafted wildcards (no backtracking)', () => {
  it('the 186-byte policy is linted', () => {
    assert.ok(CRAFTED.length < 200);
    fs.writeFileSync(path.join(dir, 'crafted.policy.json'), CRAFTED);
    const run = cli(['--format', 'json', 'crafted.policy.json']);
    const [result] = JSON.parse(run.stdout) as { diagnostics: { rule: string }[] }[];
    // Neither pattern is a real S3 action; neither covers the other.
    assert.deepEqual(result!.diagnostics.map((d) => d.rule), ['iam/unknown-action', 'iam/unknown-action']);
  });

  it('`grantcheck explain` decides a request against it', () => {
    fs.writeFileSync(path.join(dir, 'explain.policy.json'), CRAFTED);
    const run = cli(['explain', 'explain.policy.json', '--action', LETTERS, '--format', 'json']);
    assert.equal(run.status, 0);
    assert.equal((JSON.parse(run.stdout) as { decision: string }).decision, 'allowed');
    const other = cli(['explain', 'explain.policy.json', '--action', 's3:' + 'a'.repeat(39) + 'c']);
    assert.equal(other.status, 1, 'matches neither pattern: implicitly denied');
  });
});

describe('findings per rule and document are capped', () => {
  const placeholders = (n: number): string =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::' + '<a>'.repeat(n) }] });

  it(`${MAX_FINDINGS_PER_RULE} findings and one summary with the count of the rest`, () => {
    const text = placeholders(20_000);
    const findings = lintText(text, { data: testData(), kind: 'iam-policy' }).findings.filter((f) => f.ruleId === 'iam/placeholder');
    assert.equal(findings.length, MAX_FINDINGS_PER_RULE + 1);
    const summary = findings.find((f) => f.message.startsWith('…'))!;
    assert.equal(summary.message, `… and ${20_000 - MAX_FINDINGS_PER_RULE} more findings of iam/placeholder in this document.`);
    assert.equal(summary.fix, undefined);
    assert.deepEqual(summary.suggestions, []);
    // On the last finding shown, so that the editor lists it next to the others.
    assert.equal(summary.start, findings[MAX_FINDINGS_PER_RULE - 1]!.start);
    assert.equal(summary.severity, 'error');
  });

  it('the CLI report of a 60 KB file stays small (it was 8.7 MB)', () => {
    fs.writeFileSync(path.join(dir, 'many.policy.json'), placeholders(20_000));
    const run = cli(['--format', 'json', 'many.policy.json']);
    assert.equal(run.status, 1);
    assert.ok(run.stdout.length < 100_000, `${run.stdout.length} bytes`);
  });

  it('exactly the limit: no summary; the summary takes the worst severity of what it hides', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const finding = (i: number, severity: Finding['severity']): Finding => ({ ruleId: 'iam/x', severity, messageId: 'm', message: `m${i}`, start: i, end: i + 1, range, suggestions: [] });
    const atLimit = Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => finding(i, 'warning'));
    assert.deepEqual(capFindingsPerRule(atLimit), atLimit);
    const over = [...atLimit, finding(200, 'info'), finding(201, 'error'), finding(202, 'hint')];
    const capped = capFindingsPerRule(over);
    assert.equal(capped.length, MAX_FINDINGS_PER_RULE + 1);
    const summary = (findings: Finding[]) => findings.filter((f) => f.message.startsWith('…'));
    assert.deepEqual(summary(capped), [{ ...finding(MAX_FINDINGS_PER_RULE - 1, 'error'), messageId: 'moreFindings', message: '… and 3 more findings of iam/x in this document.' }]);
    assert.deepEqual(summary(capFindingsPerRule([...atLimit, finding(300, 'warning')])).map((f) => f.message), ['… and 1 more finding of iam/x in this document.']);
  });
});

describe('host files with many policies', () => {
  it('every policy keeps its fix: host fixes are written without re-parsing the file, so none is dropped for cost', () => {
    // Each policy has a fixable finding (a duplicate action).
    const count = 60;
    const policies = Array.from(
      { length: count },
      (_, i) => `resource "aws_iam_policy" "p${i}" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:GetObject"], Resource = "*" }] })\n}\n`,
    ).join('');
    const findings = lintText(policies, { data: testData(), kind: 'iam-policy', host: 'terraform' }).findings.filter((f) => f.ruleId === 'iam/redundant-action');
    assert.equal(findings.length, count);
    assert.equal(findings.filter((f) => f.fix !== undefined).length, count);
  });

  it('unknown host values (!Ref) are neither redundant nor make others redundant', () => {
    const template = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      "            Resource: '*'",
      '            Action: [!Ref A, !Ref B, s3:GetObject]',
      '',
    ].join('\n');
    const findings = lintText(template, { data: testData(), kind: 'iam-policy', host: 'cloudformation' }).findings;
    assert.deepEqual(findings.filter((f) => f.ruleId === 'iam/redundant-action').map((f) => f.message), []);
  });
});

describe('verify: policy variables in resources', () => {
  it('finds ${…:…} in a resource by scanning, not with a backtracking pattern (work grows linearly)', () => {
    const resourceDoc = (n: number) => parseIamDocument(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/\${${':'.repeat(n)}` }] }));
    const small = resourceDoc(4_000);
    const large = resourceDoc(32_000);
    // `/\$\{[^}]*:[^}]*\}/` took time cubic in the run of colons here; the scan is linear (8× the text, ≈8× the time).
    const ratio = growthRatio(() => requiredPairsFromDocument(small, testData()), () => requiredPairsFromDocument(large, testData()), { rounds: 3 });
    assert.ok(ratio < 32, `8× the text took ${ratio.toFixed(1)}× the time`);
    const withVariable = parseIamDocument(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] }));
    assert.match(requiredPairsFromDocument(withVariable, testData()).skipped.map((s) => s.reason).join('\n'), /policy variable/);
  });
});
