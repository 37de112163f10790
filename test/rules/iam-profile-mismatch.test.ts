// Fixtures for iam/profile-mismatch: other buckets and principals than the bound ones, separate buckets across bindings, bad bindings.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import type { ProfileBinding } from '../../server/src/engine/profiles/types';
import { profileMismatch } from '../../server/src/engine/rules/iam/profileMismatch';
import { runRuleTests } from '../support/ruleTester';
import { testData } from '../support/data';

const RULE = 'iam/profile-mismatch';
const SOURCE_S3 = (bucket: string, listBucket = bucket) => `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObjectAcl", "s3:GetObject", "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::${bucket}/*" },
    { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::${listBucket}" }
  ]
}`;

function findings(text: string, profile: ProfileBinding, related: ProfileBinding[] = []) {
  return lintText(text, { data: testData(), kind: 'iam-policy', profile, relatedProfiles: related }).findings.filter((f) => f.ruleId === RULE);
}

describe(`${RULE}: across bindings (Structural requires separate source and destination buckets)`, () => {
  const destination: ProfileBinding = { id: 'structural/dynamodb-destination-s3', values: { destinationBucket: 'acme-dst' } };
  it('the same bucket bound as source and destination is reported', () => {
    const found = findings(SOURCE_S3('acme-shared'), { id: 'structural/dynamodb-source-s3', values: { sourceBucket: 'acme-shared' } }, [
      { id: 'structural/dynamodb-destination-s3', values: { destinationBucket: 'acme-shared' } },
    ]);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /sourceBucket "acme-shared" is also the destinationBucket of the structural\/dynamodb-destination-s3 binding: Structural requires a separate S3 bucket/);
  });
  it('the destination binding\'s bucket in the source policy is reported on that ARN', () => {
    const text = SOURCE_S3('acme-src', 'acme-dst');
    const found = findings(text, { id: 'structural/dynamodb-source-s3', values: { sourceBucket: 'acme-src' } }, [destination]);
    assert.equal(found.length, 2);
    assert.ok(found[0]!.message.startsWith('"acme-dst" is the destinationBucket of the structural/dynamodb-destination-s3 binding, not this document\'s sourceBucket'));
    assert.ok(found[1]!.message.startsWith('Bucket "acme-dst" is not the bound sourceBucket "acme-src"'));
    assert.equal(text.slice(found[0]!.start, found[0]!.end), '"arn:aws:s3:::acme-dst"');
  });
  it('distinct buckets are fine', () => {
    assert.deepEqual(findings(SOURCE_S3('acme-src'), { id: 'structural/dynamodb-source-s3', values: { sourceBucket: 'acme-src' } }, [destination]), []);
  });
  it('a principal that is neither the bound role nor its account', () => {
    const policy = (principal: string) =>
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":"arn:aws:s3:::acme-stream"},{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":["s3:PutObject","s3:GetObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::acme-stream/*"}]}`;
    const binding = { id: 'matillion/streaming-s3-bucket-policy', values: { destinationBucket: 'acme-stream', agentRoleArn: 'arn:aws:iam::111122223333:role/agent' } };
    assert.deepEqual(findings(policy('arn:aws:iam::111122223333:role/agent'), binding), []);
    assert.deepEqual(findings(policy('arn:aws:iam::111122223333:root'), binding), []);
    const wrong = findings(policy('arn:aws:iam::444455556666:role/agent'), binding);
    assert.equal(wrong.length, 2);
    assert.match(wrong[0]!.message, /Principal "arn:aws:iam::444455556666:role\/agent" is not the bound principal arn:aws:iam::111122223333:role\/agent/);
  });
  it('unknown profiles and invalid bound values are reported once each', () => {
    assert.match(findings(SOURCE_S3('a-b-c'), { id: 'structural/nope', values: {} })[0]!.message, /Unknown profile "structural\/nope"/);
    const bad = findings(SOURCE_S3('a-b-c'), { id: 'structural/dynamodb-source-s3', values: { sourceBucket: 'Not_A_Bucket' } });
    assert.equal(bad.length, 1);
    assert.match(bad[0]!.message, /Binding to structural\/dynamodb-source-s3: sourceBucket="Not_A_Bucket": an S3 bucket name/);
  });
});

runRuleTests(profileMismatch, {
  valid: [
    { name: 'the bound bucket', code: `// grantcheck-profile: structural/dynamodb-source-s3 sourceBucket=acme-src\n${SOURCE_S3('acme-src')}` },
    { name: 'unbound values accept any bucket', code: `// grantcheck-profile: structural/dynamodb-source-s3\n${SOURCE_S3('whatever-bucket')}` },
    { name: 'no binding, no check', code: SOURCE_S3('whatever-bucket') },
  ],
  invalid: [
    {
      name: 'the page\'s example bucket left in place: replaced with the bound one',
      code: `// grantcheck-profile: artie/dynamodb-streams exportBucket=acme-exports\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::artie-transfer-test"}]}`,
      errors: [
        {
          messageId: 'otherBucket',
          message: 'Bucket "artie-transfer-test" is not the bound exportBucket "acme-exports" of profile artie/dynamodb-streams.',
          line: 2, column: 92, endLine: 2, endColumn: 126,
          output: null,
          suggestions: [
            { title: 'Use bucket acme-exports', output: `// grantcheck-profile: artie/dynamodb-streams exportBucket=acme-exports\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-exports"}]}` },
          ],
        },
      ],
    },
  ],
});
