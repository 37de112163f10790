// Fixture AWS account for the IAM test server: Structural's DynamoDB source S3 policy (bucket acme-src) granted fully,
// partly, with an explicit Deny and under a permissions boundary.

import type { FixtureAccount } from '../support/iamTestServer';

export const ACCOUNT_ID = '111122223333';

const OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObjectAcl', 's3:GetObject', 's3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObjectAcl'];

/** The policy a Structural DynamoDB source needs on its staging bucket (derived from the vendor page), bucket filled in. */
export const STRUCTURAL_SOURCE_S3_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StructuralSourceObjects', Effect: 'Allow', Action: OBJECT_ACTIONS, Resource: ['arn:aws:s3:::acme-src/*'] },
    { Sid: 'StructuralSourceBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::acme-src'] },
  ],
};

/** The same policy as published, with its placeholder still in it. */
export const STRUCTURAL_SOURCE_S3_TEMPLATE = JSON.parse(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY).replace(/acme-src/g, '<source-bucket>')) as object;

const withoutDelete = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: OBJECT_ACTIONS.filter((a) => a !== 's3:DeleteObject'), Resource: 'arn:aws:s3:::acme-src/*' },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-src' },
  ],
};

const policyArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;

export const FIXTURE_ACCOUNT: FixtureAccount = {
  accountId: ACCOUNT_ID,
  managedPolicies: [
    { name: 'StructuralSourceS3', arn: policyArn('StructuralSourceS3'), document: STRUCTURAL_SOURCE_S3_POLICY, versionId: 'v3' },
    { name: 'StructuralSourceS3NoDelete', arn: policyArn('StructuralSourceS3NoDelete'), document: withoutDelete },
    {
      name: 'ReadOnlyBoundary',
      arn: policyArn('ReadOnlyBoundary'),
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] },
    },
  ],
  roles: [
    { name: 'structural-full', attached: [policyArn('StructuralSourceS3')], trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    { name: 'structural-no-delete', path: '/data/', attached: [policyArn('StructuralSourceS3NoDelete')] },
    {
      name: 'structural-denied',
      attached: [policyArn('StructuralSourceS3')],
      inline: [{ name: 'NoDeletes', document: { Version: '2012-10-17', Statement: [{ Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] } }],
    },
    { name: 'structural-bounded', attached: [policyArn('StructuralSourceS3')], boundary: policyArn('ReadOnlyBoundary') },
    {
      name: 'structural-office',
      inline: [
        {
          name: 'FromOfficeOnly',
          document: { ...STRUCTURAL_SOURCE_S3_POLICY, Statement: STRUCTURAL_SOURCE_S3_POLICY.Statement.map((st) => ({ ...st, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })) },
        },
      ],
    },
  ],
  users: ['ana', 'ben', 'chloe', 'dev', 'eve'].map((name) => ({
    name,
    inline: [{ name: `${name}-inline`, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-src' }] } }],
  })),
};

export const roleArn = (name: string, path = '/'): string => `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`;

/** Fake but well-formed credentials, recognisable if they ever leak into output. */
export const FAKE_CREDENTIALS = {
  accessKeyId: 'AKIAH6FAKELEAKTEST01',
  secretAccessKey: 'h6SecretDoNotLeak/abcdefghijklmnopqrstuv',
  sessionToken: 'H6SessionTokenDoNotLeak0123456789abcdefFAKE',
};

/** True when a text contains any part of the fake credentials. */
export function leaksSecret(text: string): string | undefined {
  return [FAKE_CREDENTIALS.accessKeyId, FAKE_CREDENTIALS.secretAccessKey, FAKE_CREDENTIALS.sessionToken, 'DoNotLeak'].find((s) => text.includes(s));
}
