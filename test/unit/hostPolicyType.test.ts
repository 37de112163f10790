// The policy type of an embedded policy comes from where the document is used (the host adapter decides it, once):
// Terraform resources and their attributes, data sources referenced from them, CloudFormation resource properties.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractPolicies } from '../../server/src/engine/hosts/lintHost';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';

const typesOf = (host: 'terraform' | 'cloudformation', text: string): [string, PolicyType | undefined][] =>
  extractPolicies(host, text).map((p) => [p.label, p.policyType]);

const lint = (host: 'terraform' | 'cloudformation', text: string) => lintText(text, { data: testData(), kind: 'iam-policy', host });

/** A data source with one statement and no `principals`. */
const DATA = (name: string, actions = '"s3:GetObject"', extra = ''): string =>
  `data "aws_iam_policy_document" "${name}" {\n${extra}  statement {\n    actions   = [${actions}]\n    resources = ["*"]\n  }\n}\n`;

const JSONENCODED = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })';

describe('Terraform: the policy type from where a document is used', () => {
  it('(a) a data source without principals used by aws_s3_bucket_policy is a resource policy: a statement without Principal is an error', () => {
    const text = DATA('bucket') + 'resource "aws_s3_bucket_policy" "b" {\n  bucket = "b"\n  policy = data.aws_iam_policy_document.bucket.json\n}\n';
    const result = lint('terraform', text);
    assert.deepEqual(result.embedded?.map((e) => e.doc.policyType), ['resource']);
    const noPrincipal = result.findings.filter((f) => f.ruleId === 'iam/policy-structure' && f.messageId === 'noPrincipal');
    assert.equal(noPrincipal.length, 1, JSON.stringify(result.findings.map((f) => f.messageId)));
    assert.equal(noPrincipal[0]!.severity, 'error');
    assert.equal(noPrincipal[0]!.range.start.line, 1);
  });

  it('(b) a trust policy used as assume_role_policy (inline jsonencode or through a data source) is linted as a trust policy', () => {
    const text =
      DATA('trust', '"sts:AssumeRole"') +
      'resource "aws_iam_role" "a" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n' +
      'resource "aws_iam_role" "b" {\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole" }] })\n}\n';
    const result = lint('terraform', text);
    assert.deepEqual(result.embedded?.map((e) => [e.policy.label, e.doc.policyType, e.doc.policyTypeSource]), [
      ['data.aws_iam_policy_document.trust', 'trust', 'configured'],
      ['aws_iam_role.b.assume_role_policy', 'trust', 'configured'],
    ]);
    const noPrincipal = result.findings.filter((f) => f.ruleId === 'iam/policy-structure' && f.messageId === 'noPrincipal');
    assert.equal(noPrincipal.length, 2);
    assert.ok(noPrincipal.every((f) => f.message.includes('trust policy')), noPrincipal.map((f) => f.message).join('\n'));
  });

  it('each resource type and attribute gives its policy type', () => {
    const resource = (type: string, attribute = 'policy', extra = ''): string => `resource "${type}" "x" {\n${extra}  ${attribute} = ${JSONENCODED}\n}\n`;
    const cases: [string, PolicyType | undefined][] = [
      [resource('aws_iam_policy'), 'identity'],
      [resource('aws_iam_role_policy'), 'identity'],
      [resource('aws_iam_user_policy'), 'identity'],
      [resource('aws_iam_group_policy'), 'identity'],
      [resource('aws_iam_role', 'assume_role_policy'), 'trust'],
      [resource('aws_s3_bucket_policy'), 'resource'],
      [resource('aws_sqs_queue_policy'), 'resource'],
      [resource('aws_sns_topic_policy'), 'resource'],
      [resource('aws_kms_key'), 'kms-key'],
      [resource('aws_organizations_policy', 'content'), 'scp'],
      [resource('aws_organizations_policy', 'content', '  type = "SERVICE_CONTROL_POLICY"\n'), 'scp'],
    ];
    for (const [text, expected] of cases) assert.deepEqual(typesOf('terraform', text).map(([, t]) => t), [expected], text);
    // Tag, backup and AI opt-out policies are not written in the IAM policy language.
    assert.deepEqual(typesOf('terraform', resource('aws_organizations_policy', 'content', '  type = "TAG_POLICY"\n')), []);
  });

  it('a data source used by a resource: every way of referring to its JSON', () => {
    const use = (reference: string, type = 'aws_s3_bucket_policy', attribute = 'policy'): string =>
      `resource "${type}" "x" {\n  ${attribute} = ${reference}\n}\n`;
    const cases: [string, PolicyType][] = [
      [DATA('d') + use('data.aws_iam_policy_document.d.json'), 'resource'],
      // The Terraform 0.11 spelling, still common.
      [DATA('d') + use('"${data.aws_iam_policy_document.d.json}"'), 'resource'],
      [DATA('d') + use('data.aws_iam_policy_document.d.minified_json'), 'resource'],
      [DATA('d', '"s3:GetObject"', '  count = 1\n') + use('data.aws_iam_policy_document.d[0].json'), 'resource'],
      [DATA('d', '"s3:GetObject"', '  for_each = toset(["a"])\n') + use('data.aws_iam_policy_document.d["a"].json'), 'resource'],
      [DATA('d', '"kms:*"') + use('data.aws_iam_policy_document.d.json', 'aws_kms_key'), 'kms-key'],
      [DATA('d', '"sts:AssumeRole"') + use('data.aws_iam_policy_document.d.json', 'aws_iam_role', 'assume_role_policy'), 'trust'],
      [DATA('d') + use('data.aws_iam_policy_document.d.json', 'aws_sqs_queue_policy'), 'resource'],
      [DATA('d') + use('data.aws_iam_policy_document.d.json', 'aws_sns_topic_policy'), 'resource'],
      [DATA('d') + use('data.aws_iam_policy_document.d.json', 'aws_iam_role_policy'), 'identity'],
      // An SCP written as a data source (Deny statements without principals).
      [DATA('d') + use('data.aws_iam_policy_document.d.json', 'aws_organizations_policy', 'content'), 'scp'],
    ];
    for (const [text, expected] of cases) assert.deepEqual(typesOf('terraform', text), [['data.aws_iam_policy_document.d', expected]], text);
  });

  it('a data source merged into another (source_policy_documents, override_policy_documents, source_json) takes the type of its user', () => {
    const text =
      DATA('base') +
      DATA('extra', '"s3:PutObject"') +
      DATA('legacy', '"s3:ListBucket"') +
      DATA(
        'bucket',
        '"s3:DeleteObject"',
        '  source_policy_documents   = [data.aws_iam_policy_document.base.json]\n  override_policy_documents = [data.aws_iam_policy_document.extra.json]\n  source_json = data.aws_iam_policy_document.legacy.json\n',
      ) +
      'resource "aws_s3_bucket_policy" "b" {\n  policy = data.aws_iam_policy_document.bucket.json\n}\n';
    assert.deepEqual(typesOf('terraform', text), [
      ['data.aws_iam_policy_document.base', 'resource'],
      ['data.aws_iam_policy_document.extra', 'resource'],
      ['data.aws_iam_policy_document.legacy', 'resource'],
      ['data.aws_iam_policy_document.bucket', 'resource'],
    ]);
  });

  it('merges that refer to each other in a cycle do not loop', () => {
    const text =
      DATA('a', '"s3:GetObject"', '  source_policy_documents = [data.aws_iam_policy_document.b.json]\n') +
      DATA('b', '"s3:GetObject"', '  source_policy_documents = [data.aws_iam_policy_document.a.json]\n') +
      'resource "aws_s3_bucket_policy" "b" {\n  policy = data.aws_iam_policy_document.a.json\n}\n';
    assert.deepEqual(typesOf('terraform', text), [
      ['data.aws_iam_policy_document.a', 'resource'],
      ['data.aws_iam_policy_document.b', 'resource'],
    ]);
  });

  it('a local value holding a policy takes the type of the resource that uses it (local.NAME)', () => {
    const text =
      `locals {\n  bucket_policy = ${JSONENCODED}\n  trust = data.aws_iam_policy_document.trust.json\n  unused = ${JSONENCODED}\n}\n` +
      DATA('trust', '"sts:AssumeRole"') +
      'resource "aws_s3_bucket_policy" "b" {\n  policy = local.bucket_policy\n}\n' +
      'resource "aws_iam_role" "r" {\n  assume_role_policy = local.trust\n}\n';
    const policies = extractPolicies('terraform', text);
    assert.deepEqual(policies.map((p) => [p.label, p.policyType, p.origin.resourceType, p.origin.attribute]), [
      ['local.bucket_policy', 'resource', 'aws_s3_bucket_policy', 'policy'],
      ['data.aws_iam_policy_document.trust', 'trust', 'aws_iam_role', 'assume_role_policy'],
    ]);
    const noPrincipal = lint('terraform', text).findings.filter((f) => f.ruleId === 'iam/policy-structure' && f.messageId === 'noPrincipal');
    assert.deepEqual(noPrincipal.map((f) => f.range.start.line), [1, 6]);
  });

  it('a local named like a policy attribute but used nowhere is still linted, typed from its content', () => {
    assert.deepEqual(typesOf('terraform', `locals {\n  policy = ${JSONENCODED}\n}\n`), [['locals.policy', undefined]]);
  });

  it('a data source used where the types disagree, or nowhere, is typed from its content', () => {
    const both = DATA('d') + 'resource "aws_s3_bucket_policy" "b" {\n  policy = data.aws_iam_policy_document.d.json\n}\nresource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.d.json\n}\n';
    assert.deepEqual(typesOf('terraform', both), [['data.aws_iam_policy_document.d', undefined]]);
    assert.deepEqual(typesOf('terraform', DATA('d')), [['data.aws_iam_policy_document.d', undefined]]);
  });
});

describe('CloudFormation: the policy type from the resource property', () => {
  const STATEMENT = '        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n';
  const template = (type: string, property: string, extra = ''): string =>
    `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: ${type}\n    Properties:\n${extra}      ${property}:\n${STATEMENT}`;

  it('each resource type and property gives its policy type (YAML)', () => {
    const cases: [string, PolicyType][] = [
      [template('AWS::IAM::Role', 'AssumeRolePolicyDocument'), 'trust'],
      [template('AWS::S3::BucketPolicy', 'PolicyDocument'), 'resource'],
      [template('AWS::IAM::Policy', 'PolicyDocument'), 'identity'],
      [template('AWS::IAM::ManagedPolicy', 'PolicyDocument'), 'identity'],
      [template('AWS::SQS::QueuePolicy', 'PolicyDocument'), 'resource'],
      [template('AWS::SNS::TopicPolicy', 'PolicyDocument'), 'resource'],
      [template('AWS::KMS::Key', 'KeyPolicy'), 'kms-key'],
      [template('AWS::Organizations::Policy', 'Content', '      Type: SERVICE_CONTROL_POLICY\n'), 'scp'],
    ];
    for (const [text, expected] of cases) assert.deepEqual(typesOf('cloudformation', text).map(([, t]) => t), [expected], text);
    assert.deepEqual(typesOf('cloudformation', template('AWS::Organizations::Policy', 'Content', '      Type: TAG_POLICY\n')), []);
  });

  it('the same in a JSON template; a bucket policy statement without Principal is an error there', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const doc = { Version: '2012-10-17', Statement: [statement] };
    const text = JSON.stringify(
      {
        Resources: {
          Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] } } },
          Bucket: { Type: 'AWS::S3::BucketPolicy', Properties: { PolicyDocument: doc } },
          Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: doc } },
          Scp: { Type: 'AWS::Organizations::Policy', Properties: { Type: 'SERVICE_CONTROL_POLICY', Content: doc } },
        },
      },
      null,
      2,
    );
    assert.deepEqual(typesOf('cloudformation', text), [
      ['Role.AssumeRolePolicyDocument', 'trust'],
      ['Bucket.PolicyDocument', 'resource'],
      ['Key.KeyPolicy', 'kms-key'],
      ['Scp.Content', 'scp'],
    ]);
    const noPrincipal = lint('cloudformation', text).findings.filter((f) => f.ruleId === 'iam/policy-structure' && f.messageId === 'noPrincipal');
    assert.deepEqual(noPrincipal.map((f) => f.message.match(/of an? ([a-zA-Z ]+ policy)/)?.[1]), ['trust policy', 'resource policy', 'KMS key policy']);
  });
});
