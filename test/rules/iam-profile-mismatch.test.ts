// Fixtures for iam/profile-mismatch: other buckets and principals than the bound ones, separate buckets across bindings, bad bindings.

import type { ProfileBinding } from '../../server/src/engine/profiles/types';
import { profileMismatch } from '../../server/src/engine/rules/iam/profileMismatch';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const SOURCE_S3 = (bucket: string, listBucket = bucket) => `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObjectAcl", "s3:GetObject", "s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::${bucket}/*" },
    { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::${listBucket}" }
  ]
}`;

const SOURCE = (sourceBucket: string): ProfileBinding => ({ id: 'structural/dynamodb-source-s3', values: { sourceBucket } });
const DESTINATION = (destinationBucket: string): ProfileBinding => ({ id: 'structural/dynamodb-destination-s3', values: { destinationBucket } });
/** A Matillion streaming bucket policy whose two statements name `principal`. */
const STREAMING = (principal: string) =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":"arn:aws:s3:::acme-stream"},{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":["s3:PutObject","s3:GetObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::acme-stream/*"}]}`;
const STREAMING_BINDING: ProfileBinding = {
  id: 'matillion/streaming-s3-bucket-policy',
  values: { destinationBucket: 'acme-stream', agentRoleArn: 'arn:aws:iam::111122223333:role/agent' },
};
const sharedBucket = SOURCE_S3('acme-shared');
const destinationInSource = SOURCE_S3('acme-src', 'acme-dst');
const otherAccount = STREAMING('arn:aws:iam::444455556666:role/agent');

runRuleTests(profileMismatch, {
  valid: [
    { name: 'the bound bucket', code: `// grantcheck-profile: structural/dynamodb-source-s3 sourceBucket=acme-src\n${SOURCE_S3('acme-src')}` },
    { name: 'unbound values accept any bucket', code: `// grantcheck-profile: structural/dynamodb-source-s3\n${SOURCE_S3('whatever-bucket')}` },
    { name: 'no binding, no check', code: SOURCE_S3('whatever-bucket') },
    { name: 'distinct source and destination buckets', code: SOURCE_S3('acme-src'), profile: SOURCE('acme-src'), relatedProfiles: [DESTINATION('acme-dst')] },
    { name: 'the bound role as principal', code: STREAMING('arn:aws:iam::111122223333:role/agent'), profile: STREAMING_BINDING },
    { name: 'the bound role\'s account root as principal', code: STREAMING('arn:aws:iam::111122223333:root'), profile: STREAMING_BINDING },
  ],
  invalid: [
    {
      name: 'the same bucket bound as source and destination (Structural requires separate buckets)',
      code: sharedBucket,
      profile: SOURCE('acme-shared'),
      relatedProfiles: [DESTINATION('acme-shared')],
      errors: [
        {
          messageId: 'sharedBoundValue',
          message: /sourceBucket "acme-shared" is also the destinationBucket of the structural\/dynamodb-destination-s3 binding: Structural requires a separate S3 bucket/,
          ...spanOf(sharedBucket, '"arn:aws:s3:::acme-shared/*"'),
          output: null,
        },
      ],
    },
    {
      name: 'the destination binding\'s bucket in the source policy',
      code: destinationInSource,
      profile: SOURCE('acme-src'),
      relatedProfiles: [DESTINATION('acme-dst')],
      errors: [
        {
          messageId: 'otherBindingValue',
          message: '"acme-dst" is the destinationBucket of the structural/dynamodb-destination-s3 binding, not this document\'s sourceBucket',
          ...spanOf(destinationInSource, '"arn:aws:s3:::acme-dst"'),
          output: null,
        },
        {
          messageId: 'otherBucket',
          message: 'Bucket "acme-dst" is not the bound sourceBucket "acme-src"',
          ...spanOf(destinationInSource, '"arn:aws:s3:::acme-dst"'),
          output: null,
          suggestions: [{ title: 'Use bucket acme-src', output: SOURCE_S3('acme-src') }],
        },
      ],
    },
    {
      name: 'a principal that is neither the bound role nor its account',
      code: otherAccount,
      profile: STREAMING_BINDING,
      errors: [
        {
          messageId: 'otherPrincipal',
          message: 'Principal "arn:aws:iam::444455556666:role/agent" is not the bound principal arn:aws:iam::111122223333:role/agent',
          ...spanOf(otherAccount, '"arn:aws:iam::444455556666:role/agent"'),
          output: null,
        },
        {
          messageId: 'otherPrincipal',
          ...spanOf(otherAccount, '"arn:aws:iam::444455556666:role/agent"', 1),
          output: null,
        },
      ],
    },
    {
      name: 'an unknown profile is reported once, on "Statement"',
      code: SOURCE_S3('a-b-c'),
      profile: { id: 'structural/nope', values: {} },
      errors: [{ messageId: 'unknownProfile', message: 'Unknown profile "structural/nope"', ...spanOf(SOURCE_S3('a-b-c'), '"Statement"'), output: null }],
    },
    {
      name: 'an invalid bound value is reported once',
      code: SOURCE_S3('a-b-c'),
      profile: SOURCE('Not_A_Bucket'),
      errors: [
        {
          messageId: 'invalidBinding',
          message: 'Binding to structural/dynamodb-source-s3: sourceBucket="Not_A_Bucket": an S3 bucket name',
          ...spanOf(SOURCE_S3('a-b-c'), '"Statement"'),
          output: null,
        },
      ],
    },
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
