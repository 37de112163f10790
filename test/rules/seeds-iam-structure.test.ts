// The structural/security IAM rules on the policies of the five seed pages (test/fixtures/seeds-structure,
// copied as published, defects included) and on correct AWS-documented policies: exact findings, nothing else.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import { lintCode } from '../support/ruleTester';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'seeds-structure');

/** The rules this test speaks for (H2's half of the IAM rules). */
const RULES = new Set([
  'iam/policy-structure',
  'iam/policy-version',
  'iam/duplicate-sid',
  'iam/placeholder',
  'iam/principal-invalid',
  'iam/condition-operator-unknown',
  'iam/condition-value-type',
  'iam/pass-role-wildcard',
  'iam/full-admin',
  'iam/public-principal',
  'iam/allow-not',
]);

/** `line:column rule "covered text"` for each finding of these rules, in document order. */
function findings(text: string, policyType?: PolicyType): string[] {
  return lintCode(text, 'iam-policy', policyType)
    .filter((f) => RULES.has(f.ruleId))
    .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${JSON.stringify(text.slice(f.start, f.end))}`);
}

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

const SEEDS: Record<string, string[]> = {
  '000-dynamodb-source.json': [],
  '000-s3-source.json': [
    '16:15 iam/placeholder "<S3-source-bucket-name>"',
    '26:15 iam/placeholder "<S3-source-bucket-name>"',
  ],
  '000-dynamodb-destination.json': [],
  '000-s3-destination.json': [
    '16:15 iam/placeholder "<destination-S3-bucket>"',
    '17:15 iam/placeholder "<destination-S3-bucket>"',
  ],
  '000-cloudwatch-destination.json': [
    '12:27 iam/placeholder "<destination-region>"',
    '12:48 iam/placeholder "<destination-account>"',
    '21:27 iam/placeholder "<destination-region>"',
    '21:48 iam/placeholder "<destination-account>"',
    '27:27 iam/placeholder "<destination-region>"',
    '27:48 iam/placeholder "<destination-account>"',
  ],
  '001-lambda-trust.json': [],
  '001-lambda-role.json': ['20:16 iam/placeholder "<aws account id>"'],
  // Seed 001's bare key-policy statement, wrapped into a whole KMS key policy.
  '001-kms-key-policy.json': [],
  '001-kms-key-permissions.json': ['11:14 iam/placeholder "<ARN to AWS KMS key>"'],
  '001-server-pipeline-v2.json': [],
  // The unquoted <ARN to Structural Lambda Role> is iam/json-syntax's; no "empty Resource" finding for it.
  '001-server-sqs-lambda.json': [
    '75:28 iam/placeholder "${region}"',
    '75:38 iam/placeholder "${account_id}"',
  ],
  // Seed 002 is Terraform; these are the documents its jsonencode() produces (the empty Sid included: a hint
  // with a safe removal, Access Analyzer's EMPTY_SID_VALUE).
  '002-streams-role-trust.json': ['10:14 iam/duplicate-sid "\\"\\""'],
  '002-streams-access.json': [],
  // "Bucket Permissions": S3 bucket policies accept spaces in a Sid, so no iam/duplicate-sid finding.
  '003-bucket-policy.json': [
    '8:25 iam/placeholder "<account-a-agent-task-role-arn>"',
    '14:26 iam/placeholder "<account-b-bucket-arn>"',
    '20:25 iam/placeholder "<account-a-agent-task-role-arn>"',
    '27:26 iam/placeholder "<account-b-bucket-arn>"',
  ],
  // arn:aws:iam::467398596935:root is a valid principal; the missing comma is iam/json-syntax's.
  '004-bucket-policy.json': [],
};

describe('seed policies: exact findings of the structural/security rules', () => {
  it('every fixture file is covered', () => {
    assert.deepEqual(fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort(), Object.keys(SEEDS).sort());
  });
  for (const [name, expected] of Object.entries(SEEDS)) {
    it(name, () => assert.deepEqual(findings(fixture(name)), expected));
  }
  it('seed policy types are inferred as documented', () => {
    const names = ['001-lambda-trust.json', '001-kms-key-policy.json', '003-bucket-policy.json', '004-bucket-policy.json', '000-s3-source.json'];
    const types = Object.fromEntries(names.map((n) => [n, parseIamDocument(fixture(n)).policyType]));
    assert.deepEqual(types, {
      '001-lambda-trust.json': 'trust',
      '001-kms-key-policy.json': 'kms-key',
      '003-bucket-policy.json': 'resource',
      '004-bucket-policy.json': 'resource',
      '000-s3-source.json': 'identity',
    });
  });
  it('once the unquoted placeholder of seed 001 is quoted, iam/placeholder reports it', () => {
    const quoted = fixture('001-server-sqs-lambda.json').replace('<ARN to Structural Lambda Role>', '"<ARN to Structural Lambda Role>"');
    assert.deepEqual(findings(quoted).slice(0, 1), ['51:2 iam/placeholder "<ARN to Structural Lambda Role>"']);
  });
});

/** Correct policies from AWS documentation (account ids and names as AWS writes them in examples). */
const AWS_DOCUMENTED: { name: string; policyType?: PolicyType; code: string }[] = [
  {
    name: 'S3 server access logging bucket policy with aws:SourceArn/aws:SourceAccount',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "S3ServerAccessLogsPolicy",
      "Effect": "Allow",
      "Principal": { "Service": "logging.s3.amazonaws.com" },
      "Action": ["s3:PutObject"],
      "Resource": "arn:aws:s3:::amzn-s3-demo-destination-bucket/EXAMPLE-LOGGING-PREFIX*",
      "Condition": {
        "ArnLike": { "aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-source-bucket" },
        "StringEquals": { "aws:SourceAccount": "111122223333" }
      }
    }
  ]
}`,
  },
  {
    name: 'S3 bucket policy: "Principal": "*" limited to an organization',
    code: `{
  "Version": "2012-10-17",
  "Statement": {
    "Sid": "AllowPutObject",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:PutObject",
    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "Condition": { "StringEquals": { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } }
  }
}`,
  },
  {
    name: 'Lambda execution role trust policy',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }
  ]
}`,
  },
  {
    name: 'KMS default key policy (account, key administrators, key users, grants)',
    code: `{
  "Id": "key-consolepolicy-3",
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow access for Key Administrators",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/KMSKeyAdmins" },
      "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
      "Resource": "*"
    },
    {
      "Sid": "Allow use of the key",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/KMSKeyUsers" },
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      "Resource": "*"
    },
    {
      "Sid": "Allow attachment of persistent resources",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/KMSKeyUsers" },
      "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      "Resource": "*",
      "Condition": { "Bool": { "kms:GrantIsForAWSResource": "true" } }
    }
  ]
}`,
  },
  {
    name: 'SCP: deny all outside the EU regions, with NotAction in a Deny statement',
    policyType: 'scp',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyAllOutsideEU",
      "Effect": "Deny",
      "NotAction": ["a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "budgets:*", "ce:*", "chime:*", "cloudfront:*", "config:*", "cur:*", "directconnect:*", "ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms:*", "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "kms:*", "mobileanalytics:*", "networkmanager:*", "organizations:*", "pricing:*", "route53:*", "route53domains:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets", "s3:PutAccountPublic*", "shield:*", "sts:*", "support:*", "trustedadvisor:*", "waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*"],
      "Resource": "*",
      "Condition": {
        "StringNotEquals": { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] },
        "ArnNotLike": { "aws:PrincipalArn": ["arn:aws:iam::*:role/Role1AllowedToBypassThisSCP", "arn:aws:iam::*:role/Role2AllowedToBypassThisSCP"] }
      }
    }
  ]
}`,
  },
  {
    name: 'SCP: the default FullAWSAccess policy',
    policyType: 'scp',
    code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  },
  {
    name: 'identity policy: users manage their own access keys (policy variable, not a placeholder)',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ManageOwnAccessKeys",
      "Effect": "Allow",
      "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
      "Resource": "arn:aws:iam::*:user/\${aws:username}"
    }
  ]
}`,
  },
  {
    name: 'identity policy: conditions of every operator family',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListWithPrefix",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket",
      "Condition": { "StringLike": { "s3:prefix": ["*"] }, "NumericLessThanEquals": { "s3:max-keys": "10" } }
    },
    {
      "Sid": "MfaAndNetwork",
      "Effect": "Allow",
      "Action": "ec2:StopInstances",
      "Resource": "*",
      "Condition": {
        "Bool": { "aws:MultiFactorAuthPresent": "true" },
        "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" },
        "IpAddress": { "aws:SourceIp": ["192.0.2.0/24", "2001:DB8:1234:5678::/64"] },
        "DateGreaterThan": { "aws:CurrentTime": "2020-04-01T00:00:00Z" },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] },
        "StringEqualsIfExists": { "aws:RequestedRegion": "eu-west-1" },
        "Null": { "aws:TokenIssueTime": "true" }
      }
    },
    {
      "Sid": "PassOnlyToEc2",
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*",
      "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }
    }
  ]
}`,
  },
  {
    name: 'SNS topic policy allowing S3 event notifications (service principal, aws:SourceArn)',
    code: `{
  "Version": "2012-10-17",
  "Id": "example-ID",
  "Statement": [
    {
      "Sid": "Example SNS topic policy",
      "Effect": "Allow",
      "Principal": { "Service": "s3.amazonaws.com" },
      "Action": ["SNS:Publish"],
      "Resource": "arn:aws:sns:us-west-2:111122223333:example-sns-topic",
      "Condition": {
        "ArnLike": { "aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket" },
        "StringEquals": { "aws:SourceAccount": "111122223333" }
      }
    }
  ]
}`,
  },
  {
    name: 'ECR repository policy: cross-account pull (no Resource: the repository is implied)',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowCrossAccountPull",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    }
  ]
}`,
  },
  {
    name: 'SQS queue policy allowing SNS with aws:SourceArn, console-style Sid and Id',
    code: `{
  "Version": "2012-10-17",
  "Id": "__default_policy_ID",
  "Statement": [
    {
      "Sid": "__owner_statement",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "SQS:*",
      "Resource": "arn:aws:sqs:us-east-2:111122223333:MyQueue"
    },
    {
      "Sid": "topic-subscription-arn:aws:sns:us-east-2:111122223333:MyTopic",
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "SQS:SendMessage",
      "Resource": "arn:aws:sqs:us-east-2:111122223333:MyQueue",
      "Condition": { "ArnLike": { "aws:SourceArn": "arn:aws:sns:us-east-2:111122223333:MyTopic" } }
    }
  ]
}`,
  },
  {
    name: 'web identity (GitHub OIDC) trust policy',
    code: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        "StringLike": { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*" }
      }
    }
  ]
}`,
  },
];

describe('correct AWS-documented policies: no finding from the structural/security rules', () => {
  for (const example of AWS_DOCUMENTED) {
    it(example.name, () => assert.deepEqual(findings(example.code, example.policyType), []));
  }
});
