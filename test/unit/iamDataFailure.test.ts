// A data file that cannot be read must not turn every action of its service into a false "unknown action".

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IamData } from '../../server/src/engine/data/iamData';
import { lintText } from '../../server/src/engine/lint';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';

test('an unreadable service file gives an internal finding, is not cached, and recovers', () => {
  const real = createDataFileReader();
  let broken = true;
  const data = new IamData((file) => (broken && file === 'actions/s3.json' ? undefined : real(file)));
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}';
  const during = lintText(policy, { data, kind: 'iam-policy' }).findings;
  assert.ok(!during.some((f) => f.ruleId === 'iam/unknown-action'), 'no false unknown-action');
  assert.ok(during.some((f) => f.ruleId === 'grantcheck/internal' && /could not be read/.test(f.message)));
  broken = false;
  assert.deepEqual(lintText(policy, { data, kind: 'iam-policy' }).findings.map((f) => f.ruleId), []);
});
