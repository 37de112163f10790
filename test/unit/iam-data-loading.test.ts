// What a lint reads of the AWS data (issue #19, cold start): a service's actions and resource types when a statement
// names it, its condition keys only when a condition needs them, the data version once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IamData } from '../../server/src/engine/data/iamData';
import { lintText } from '../../server/src/engine/lint';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';

function countingData(): { data: IamData; reads: string[] } {
  const real = createDataFileReader();
  const reads: string[] = [];
  return { data: new IamData((file) => (reads.push(file), real(file))), reads };
}

const policy = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

test('a statement without a condition reads no condition keys; one with a service key reads that service\'s', () => {
  const { data, reads } = countingData();
  const plain = lintText(policy({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:kms:us-east-1:123456789012:key/k'] }), { data, kind: 'iam-policy' });
  assert.deepEqual(plain.findings.map((f) => f.ruleId), []);
  assert.deepEqual(reads.filter((f) => f.startsWith('conditionKeys/')), []);
  assert.ok(reads.includes('actions/s3.json') && reads.includes('resourceTypes/kms.json'), reads.join(', '));

  const conditioned = lintText(policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefx': 'home/*' } } }), { data, kind: 'iam-policy' });
  assert.ok(conditioned.findings.some((f) => /s3:prefx/.test(f.message)), JSON.stringify(conditioned.findings.map((f) => f.message)));
  assert.deepEqual(reads.filter((f) => f.startsWith('conditionKeys/')), ['conditionKeys/s3.json'], 'read once, when a condition needs it');
  assert.equal(data.serviceConditionKey('s3:prefix')?.key, 's3:prefix');
  assert.equal(data.serviceConditionKeys('kms').some((k) => k.key === 'kms:ViaService'), true);
  assert.deepEqual(reads.filter((f) => f.startsWith('conditionKeys/')), ['conditionKeys/s3.json', 'conditionKeys/kms.json']);
});

test('the data version is read once', () => {
  const { data, reads } = countingData();
  const first = data.version;
  assert.match(first.version, /^\d+\.\d+\.\d+/);
  first.version = 'changed by a caller';
  assert.notEqual(data.version.version, 'changed by a caller');
  assert.deepEqual(reads, ['version.json']);
});
