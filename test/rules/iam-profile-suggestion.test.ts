// Fixtures for iam/profile-suggestion: unbound policies that implement a profile, and ones that must not be matched.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import { computeStrongProfileSuggestion, profileSuggestion, strongProfileSuggestion, suggestionComputations } from '../../server/src/engine/rules/iam/profileSuggestion';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { testData } from '../support/data';
import { runRuleTests } from '../support/ruleTester';

const PIPELINE_V2 = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketNotification", "s3:PutBucketNotification"], "Resource": "arn:aws:s3:::tonic-*" },
    { "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion"], "Resource": "arn:aws:s3:::tonic-*/*" }
  ]
}`;

/** The issue's ordinary bucket policy: read/write for one role on one bucket, as countless tools' pages show it. */
const ORDINARY_BUCKET_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": ["s3:GetBucketLocation", "s3:ListBucket"], "Resource": "arn:aws:s3:::app-data" },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::app-data/*" }
  ]
}`;

/** Most of structural/dynamodb-source's actions, but only the everyday ones and half of its export actions. */
const DYNAMODB_READER = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeTable","dynamodb:ListTables","dynamodb:Scan","dynamodb:Query","dynamodb:ExportTableToPointInTime","dynamodb:DescribeExport"],"Resource":"*"}]}';

/** The AWS Data Pipeline export bucket policy: its distinctive parts are the object names the pipeline writes. */
const EXPORT_BUCKET_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": ["s3:PutObject*", "s3:GetObject*"], "Resource": "arn:aws:s3:::backups/444455556666/*" },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "s3:DeleteObject", "Resource": ["arn:aws:s3:::backups/444455556666/*/logs/*", "arn:aws:s3:::backups/444455556666/*_$folder$", "arn:aws:s3:::backups/444455556666/*.instruction"] },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::backups" }
  ]
}`;

runRuleTests(profileSuggestion, {
  valid: [
    { name: 'already bound', code: `// grantcheck-profile: structural/redshift-server-pipeline-v2\n${PIPELINE_V2}` },
    { name: 'full admin matches every profile, so it suggests none', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    { name: 's3:* is not "listing" the actions', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"*"}]}' },
    {
      name: 'a broad policy that happens to contain the actions is not that tool\'s',
      code: PIPELINE_V2.replace('"s3:ListBucket",', '"s3:ListBucket", "ec2:RunInstances", "ec2:TerminateInstances", "iam:CreateUser", "iam:DeleteUser", "rds:CreateDBInstance", "rds:DeleteDBInstance", "sns:Publish",'),
    },
    { name: 'an identity policy is never matched to a bucket-policy profile', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetBucketLocation","s3:ListBucket","s3:PutObject","s3:GetObject","s3:DeleteObject"],"Resource":"*"}]}' },
    { name: 'an ordinary bucket policy is not matillion/streaming-s3-bucket-policy (nothing sets that profile apart)', code: ORDINARY_BUCKET_POLICY },
    {
      name: 'the same with one action left out (the seed 003 shape) is not either',
      code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":"arn:aws:s3:::b"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}',
    },
    { name: 'most required actions, but only half of what sets the profile apart', code: DYNAMODB_READER },
    {
      name: 'the export bucket policy without its distinctive object names',
      code: EXPORT_BUCKET_POLICY.replace('/*/logs/*', '/*').replace('/*_$folder$', '/tmp/*').replace('/*.instruction', '/old/*'),
    },
  ],
  invalid: [
    {
      name: 'seed 001 Data Pipeline V2 server policy',
      code: PIPELINE_V2,
      errors: [
        {
          messageId: 'looksLikeProfile',
          message:
            'This policy looks like profile structural/redshift-server-pipeline-v2 (Tonic Structural: Redshift — server (EC2 instance profile) role, Data Pipeline V2): it lists 8 of its 8 required actions and what sets it apart (s3:GetBucketNotification, s3:PutBucketNotification, s3:GetObjectVersion, s3:DeleteObjectVersion and 2 more).',
          line: 3, column: 3, endLine: 3, endColumn: 14,
          severity: 'info',
          output: null,
        },
      ],
    },
    {
      name: 'Data Pipeline V2 with its own name prefix: the notification and version actions still set it apart',
      code: PIPELINE_V2.replaceAll('tonic-', 'acme-'),
      errors: [
        {
          messageId: 'looksLikeProfile',
          message: 'and what sets it apart (s3:GetBucketNotification, s3:PutBucketNotification, s3:GetObjectVersion and s3:DeleteObjectVersion)',
          line: 3, column: 3, endLine: 3, endColumn: 14,
          output: null,
        },
      ],
    },
    {
      name: 'seed: the AWS Data Pipeline export bucket policy, recognised by the names it writes',
      code: EXPORT_BUCKET_POLICY,
      errors: [
        {
          messageId: 'looksLikeProfile',
          message: /looks like profile aws-data-pipeline\/dynamodb-export-bucket-policy .*: it lists 5 of its 5 required actions and what sets it apart \(arn:aws:s3:::\$\{backupBucket\}\/\$\{exporterAccountId\}\/\*\/logs\/\*, /,
          line: 3, column: 3, endLine: 3, endColumn: 14,
          output: null,
        },
      ],
    },
  ],
});

describe('while an editor re-lints (PartsSpec: one part per statement, the answer kept until a part differs)', () => {
  const options: LintOptions = { data: testData(), kind: 'iam-policy' };
  const suggestions = (findings: { ruleId: string; message: string }[]): string[] => findings.filter((f) => f.ruleId === 'iam/profile-suggestion').map((f) => f.message);

  it('equals a full lint over a sequence of changes to actions, resources, effect, Sid and policy type, and is worked out again only when an Allow statement\'s actions or resources change', () => {
    const variants: [string, PolicyType | undefined, boolean][] = [
      // [text, policy type, whether the suggestion's input changed since the previous variant]
      [PIPELINE_V2, undefined, true],
      [PIPELINE_V2.replace('{ "Effect"', '{ "Sid": "A", "Effect"'), undefined, false],
      [PIPELINE_V2.replace('{ "Effect"', '{ "Sid": "AB", "Effect"'), undefined, false],
      [PIPELINE_V2.replace(/tonic-/g, 'other-'), undefined, true],
      [PIPELINE_V2.replace('"s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion"', '"s3:GetObject"'), undefined, true],
      [PIPELINE_V2.replace(/"Allow"/g, '"Deny"'), undefined, true],
      [PIPELINE_V2, 'resource', true],
      [PIPELINE_V2, undefined, true],
      [ORDINARY_BUCKET_POLICY, undefined, true],
    ];
    const cache = new LintCache();
    const outcomes = new Set<string>();
    for (const round of [0, 1]) {
      for (const [i, [text, policyType, changed]] of variants.entries()) {
        const before = suggestionComputations.count;
        const incremental = lintText(text, { ...options, ...(policyType ? { policyType } : {}), cache }).findings;
        const computed = suggestionComputations.count - before;
        const full = lintText(text, { ...options, ...(policyType ? { policyType } : {}) }).findings;
        assert.deepStrictEqual(suggestions(incremental), suggestions(full), `variant ${i}, round ${round}`);
        // Unchanged input: kept. Changed: at most once (a statement text seen before may bring its kept answer back).
        if (!changed) assert.equal(computed, 0, `variant ${i}, round ${round}: worked out again`);
        else assert.ok(computed <= 1, `variant ${i}, round ${round}: worked out ${computed} times`);
        if (round === 0 && i === 0) assert.equal(computed, 1);
        outcomes.add(JSON.stringify(suggestions(full)));
        const doc = parseIamDocument(text, policyType);
        assert.deepStrictEqual(strongProfileSuggestion(doc), computeStrongProfileSuggestion(doc));
      }
    }
    assert.ok(outcomes.size >= 3, 'the variants give different answers');
  });

  it('tells apart documents whose values are the same in the same order but split differently between lists', () => {
    // An action moved into the resources, a resource moved into the next statement: the same values in the same order.
    const moved = PIPELINE_V2.replace('"s3:GetBucketNotification", "s3:PutBucketNotification"], "Resource": "arn:aws:s3:::tonic-*"', '"s3:GetBucketNotification"], "Resource": ["s3:PutBucketNotification", "arn:aws:s3:::tonic-*"]');
    assert.notEqual(moved, PIPELINE_V2);
    const expected = computeStrongProfileSuggestion(parseIamDocument(moved));
    assert.notDeepStrictEqual(computeStrongProfileSuggestion(parseIamDocument(PIPELINE_V2)), expected, 'the two documents have different answers');
    const cache = new LintCache();
    for (let round = 0; round < 2; round++) {
      for (const text of [PIPELINE_V2, moved]) {
        assert.deepStrictEqual(suggestions(lintText(text, { ...options, cache }).findings), suggestions(lintText(text, options).findings));
      }
    }
  });
});
