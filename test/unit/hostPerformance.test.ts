// Host files cost what their policies cost: a fix is written and checked on its own policy, never by re-parsing the file.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { fixesOf } from '../support/fixes';
import { generateTerraformPolicies } from '../support/terraformFiles';

it('a .tf file with one typo in each of 400 policies lints in about the time of the same 400 policies as JSON files', () => {
  const clean = generateTerraformPolicies(400, false);
  const typos = generateTerraformPolicies(400, true);
  // The same 400 policies, typo included, each as its own JSON file.
  const files = Array.from({ length: 400 }, (_, i) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjects', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${i}/*` }] }, null, 2),
  );
  const lint = (text: string, host?: 'terraform') => lintText(text, { data: testData(), kind: 'iam-policy', ...(host ? { host } : {}) }).findings;
  const withFixes = lint(typos, 'terraform').filter((f) => f.ruleId === 'iam/unknown-action' && fixesOf(f).length > 0);
  assert.equal(withFixes.length, 400, 'every typo is found with its fix');
  assert.deepEqual(lint(clean, 'terraform').map((f) => f.ruleId), []);
  assert.equal(files.reduce((n, file) => n + lint(file).filter((f) => f.ruleId === 'iam/unknown-action' && fixesOf(f).length > 0).length, 0), 400);
  // CPU time of this process (not the wall clock), best of three, interleaved so a busy machine slows both alike.
  // Measured 1.3–1.6×. Writing each fix used to re-parse the whole .tf file twice (35× the file without typos). The
  // file without typos is no yardstick any more: it lints in a third of the typo file's time, most of the difference
  // being the 400 findings' own work (messages, suggestions, fixes), which the JSON files do as well.
  let filesBest = Number.POSITIVE_INFINITY;
  let typoBest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    filesBest = Math.min(filesBest, cpuTime(() => files.forEach((file) => lint(file))));
    typoBest = Math.min(typoBest, cpuTime(() => lint(typos, 'terraform')));
  }
  assert.ok(typoBest / filesBest < 4, `.tf with 400 typos: ${typoBest.toFixed(0)} ms of CPU, the 400 policies as JSON files: ${filesBest.toFixed(0)} ms`);
});

it('one policy with 1,500 findings (1,000 with fixes) costs about as much in YAML or HCL as in a JSON file', () => {
  const actions = Array.from({ length: 500 }, (_, i) => ['s3:GetObjects', `s3:Get${i}x`]).flat();
  const json = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);
  const yaml = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action:\n${actions.map((a) => `              - ${a}\n`).join('')}            Resource: "*"\n`;
  const hcl = `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = [\n${actions.map((a) => `        "${a}",\n`).join('')}      ]\n      Resource = "*"\n    }]\n  })\n}\n`;
  const lint = (text: string, host?: 'terraform' | 'cloudformation') => lintText(text, { data: testData(), kind: 'iam-policy', ...(host ? { host } : {}) }).findings;
  const fixable = (findings: ReturnType<typeof lint>) => findings.filter((f) => fixesOf(f).length > 0).length;
  assert.equal(fixable(lint(yaml, 'cloudformation')), fixable(lint(json)));
  assert.equal(fixable(lint(hcl, 'terraform')), fixable(lint(json)));
  // Each fix used to re-parse the whole file (then the policy): about 25 times the JSON cost at this size.
  const best = (fn: () => unknown) => Math.min(...Array.from({ length: 5 }, () => cpuTime(fn)));
  const jsonCost = best(() => lint(json));
  for (const [name, cost] of [['YAML', best(() => lint(yaml, 'cloudformation'))], ['HCL', best(() => lint(hcl, 'terraform'))]] as const) {
    // Bound 6: the quadratic version was about 25×; YAML parsing alone measured up to ~4× under load.
    assert.ok(cost / jsonCost < 6, `${name}: ${cost.toFixed(0)} ms of CPU, JSON: ${jsonCost.toFixed(0)} ms`);
  }
});

/** Milliseconds of CPU this process spent in `fn`. */
function cpuTime(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
