// Policies inside Terraform and CloudFormation: extraction, host ranges, opaque expressions and fixes in host syntax.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseHcl } from '../../server/src/engine/hosts/hcl';
import { extractPolicies } from '../../server/src/engine/hosts/lintHost';
import { detect } from '../../server/src/engine/detect';
import { substituteSub } from '../../server/src/engine/hosts/cloudformation';
import { hoverHost } from '../../server/src/engine/hosts/hostHover';
import { completeHost } from '../../server/src/engine/hosts/hostCompletion';
import { lintText } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { testData } from '../support/data';
import { fixesOf } from '../support/fixes';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'hosts');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function lintHost(text: string, host: 'terraform' | 'cloudformation'): Finding[] {
  return lintText(text, { data: testData(), kind: 'iam-policy', host }).findings;
}

const at = (text: string, f: Finding): string => text.slice(f.start, f.end);
const serious = (findings: Finding[]): Finding[] => findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
const describeFindings = (text: string, findings: Finding[]): string =>
  findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} [${at(text, f)}] ${f.message}`).join('\n');

describe('HCL parser', () => {
  it('reads blocks, labels, attributes, jsonencode objects, comments and interpolations', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  # comment\n  policy = jsonencode({\n    Version = "2012-10-17" // c\n    Statement = [{ Action = "s3:*", Resource = "arn:aws:s3:::${var.b}/*" }]\n  })\n}\n';
    const [block] = parseHcl(text);
    assert.equal(block?.kind, 'block');
    if (block?.kind !== 'block') return;
    assert.deepEqual(block.labels, ['aws_iam_policy', 'p']);
    const policy = block.body.find((i) => i.kind === 'attribute' && i.name === 'policy');
    assert.ok(policy && policy.kind === 'attribute' && policy.value.type === 'call');
    if (policy?.kind !== 'attribute' || policy.value.type !== 'call') return;
    const object = policy.value.args[0]!;
    assert.equal(object.type, 'object');
    if (object.type !== 'object') return;
    assert.deepEqual(object.items.map((i) => i.key), ['Version', 'Statement']);
  });

  it('survives unbalanced and adversarial input', () => {
    for (const text of ['resource "a" "b" {', 'x = [[[[[', 'a = "${', 'b = <<EOF\nno end', '{'.repeat(10_000), 'x = ' + '('.repeat(10_000), 'policy = jsonencode({a = [}', '"\n"\n=']) {
      assert.doesNotThrow(() => parseHcl(text));
      assert.doesNotThrow(() => lintHost(text, 'terraform'));
    }
  });
});

describe('Terraform', () => {
  it('seed 002 pasted into a .tf file: GetBucketLocation on bucket/* is reported on its line', () => {
    const text = read('seed-002-streams.tf');
    const policies = extractPolicies('terraform', text);
    assert.deepEqual(policies.map((p) => [p.label, p.policyType]), [
      ['aws_iam_role.dynamodb_streams_role.assume_role_policy', 'trust'],
      ['aws_iam_policy.dynamodb_streams_access.policy', 'identity'],
    ]);
    const findings = lintHost(text, 'terraform');
    const mismatch = findings.filter((f) => f.ruleId === 'iam/resource-type-mismatch');
    assert.equal(mismatch.length, 1, describeFindings(text, findings));
    assert.equal(at(text, mismatch[0]!), '"s3:GetBucketLocation"');
    assert.equal(mismatch[0]!.range.start.line + 1, text.slice(0, text.indexOf(`"s3:GetBucketLocation"`)).split("\n").length);
    // Nothing else in the published Terraform is an error.
    assert.deepEqual(findings.filter((f) => f.severity === 'error' && f !== mismatch[0]).map((f) => f.message), []);
  });

  it('treats references and interpolations as opaque values of the right shape', () => {
    const text = read('broken.tf');
    const findings = lintHost(text, 'terraform');
    const report = describeFindings(text, findings);
    // `Resource = aws_iam_role.worker.arn` is not "*": no PassRole-on-everything warning.
    assert.ok(!findings.some((f) => f.ruleId === 'iam/pass-role-wildcard'), report);
    // `${var.x}` is Terraform, not an unfilled placeholder; `$${aws:username}` is an IAM variable.
    assert.ok(!findings.some((f) => f.ruleId === 'iam/placeholder'), report);
    // The typo is found, in host coordinates.
    const typo = findings.find((f) => f.ruleId === 'iam/unknown-action');
    assert.ok(typo, report);
    assert.match(at(text, typo!), /GetObjects/);
    assert.equal(typo!.range.start.line + 1, 13);
    // The heredoc bucket policy keeps the object shape of "arn:aws:s3:::${var.bucket}/*".
    const heredoc = findings.filter((f) => f.ruleId === 'iam/resource-type-mismatch').map((f) => at(text, f));
    assert.deepEqual(heredoc.sort(), ['"s3:GetBucketLocation"', '"s3:ListBucket"'], report);
    // The data source's statements are linted too, without false findings on interpolated ARNs.
    assert.ok(!findings.some((f) => f.start > text.indexOf('data "aws_iam_policy_document"') && (f.severity === 'error' || f.severity === 'warning')), report);
  });

  it('hover on an action inside jsonencode explains it, in host coordinates', () => {
    const text = read('seed-002-streams.tf');
    const offset = text.indexOf('"dynamodb:GetRecords"') + 5;
    const hover = hoverHost('terraform', text, offset, testData());
    assert.ok(hover, 'hover');
    assert.match(hover!.markdown, /GetRecords/);
    assert.equal(text.slice(hover!.start, hover!.end), '"dynamodb:GetRecords"');
    assert.equal(hoverHost('terraform', text, text.indexOf('provider'), testData()), undefined);
  });

  it('completes service prefixes and action names inside an HCL string, keeping the quotes', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObj"], Resource = "*" }]\n  })\n}\n';
    const offset = text.indexOf('GetObj') + 6;
    const list = completeHost('terraform', text, offset, testData());
    const item = list?.items.find((i) => i.label === 's3:GetObject');
    assert.ok(item, 'action offered');
    assert.ok(!list!.items.some((i) => i.label === 's3:PutObject'), 'only names starting with what was typed');
    assert.equal(applyEdits(text, [item!.edit]), text.replace('"s3:GetObj"', '"s3:GetObject"'));
    const services = completeHost('terraform', text.replace('"s3:GetObj"', '"dyn"'), text.indexOf('"s3:GetObj"') + 4, testData());
    assert.ok(services?.items.some((i) => i.label === 'dynamodb' && i.edit.newText === 'dynamodb:'));
  });

  it('completes an action in a YAML plain scalar', () => {
    const text = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action:\n              - sqs:SendMess\n            Resource: "*"\n';
    const offset = text.indexOf('SendMess') + 8;
    const item = completeHost('cloudformation', text, offset, testData())?.items.find((i) => i.label === 'sqs:SendMessage');
    assert.ok(item);
    assert.ok(applyEdits(text, [item!.edit]).includes('              - sqs:SendMessage\n'));
  });

  it('a did-you-mean fix edits the HCL in place', () => {
    const text = read('broken.tf');
    const typo = lintHost(text, 'terraform').find((f) => f.ruleId === 'iam/unknown-action');
    const fix = (typo ? fixesOf(typo) : []).find((f) => f.title.includes('s3:GetObject'));
    assert.ok(fix, 'fix offered');
    const fixed = applyEdits(text, fix!.edits);
    assert.ok(fixed.includes('Action   = ["s3:GetObject", "s3:PutObject"]'));
    assert.ok(!lintHost(fixed, 'terraform').some((f) => f.ruleId === 'iam/unknown-action'));
  });

  it('fixes that add to a list inside jsonencode stay valid HCL', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n        Effect   = "Allow"\n        Action   = ["s3:ListBucket"]\n        Resource = ["arn:aws:s3:::acme/*"]\n      }\n    ]\n  })\n}\n';
    const mismatch = lintHost(text, 'terraform').find((f) => f.ruleId === 'iam/resource-type-mismatch');
    assert.ok(mismatch && fixesOf(mismatch).length > 0, 'mismatch with a fix');
    for (const fix of fixesOf(mismatch!)) {
      const fixed = applyEdits(text, fix.edits);
      assert.equal(extractPolicies('terraform', fixed).length, 1, fixed);
      assert.ok(!lintHost(fixed, 'terraform').some((f) => f.ruleId === 'iam/resource-type-mismatch' && f.severity === 'error'), `after "${fix.title}":\n${fixed}`);
    }
  });
});

describe('profiles in host files', () => {
  it('a binding applies to the embedded policies of the profile\'s kind only', () => {
    const text = [
      'resource "aws_iam_role" "structural" {',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]',
      '  })',
      '}',
      'resource "aws_iam_role_policy" "source_s3" {',
      '  role = aws_iam_role.structural.id',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      { Effect = "Allow", Action = ["s3:PutObject", "s3:GetObjectAcl", "s3:GetObject", "s3:AbortMultipartUpload", "s3:PutObjectAcl"], Resource = "arn:aws:s3:::acme-src/*" },',
      '      { Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::acme-src" }',
      '    ]',
      '  })',
      '}',
      '',
    ].join('\n');
    const findings = lintText(text, { data: testData(), kind: 'iam-policy', host: 'terraform', profile: { id: 'structural/dynamodb-source-s3', values: { sourceBucket: 'acme-src' } } }).findings;
    const missing = findings.filter((f) => f.ruleId === 'iam/missing-required-permission');
    assert.equal(missing.length, 1, describeFindings(text, findings));
    assert.match(missing[0]!.message, /s3:DeleteObject/);
    assert.ok(missing[0]!.start > text.indexOf('aws_iam_role_policy'), 'on the S3 policy, not the trust policy');
  });
});

describe('CloudFormation', () => {
  it('seed 000 policies with !Sub ARNs lint with no false findings', () => {
    const text = read('seed-000-structural.cfn.yaml');
    const policies = extractPolicies('cloudformation', text);
    assert.equal(policies.length, 5);
    assert.equal(policies[4]!.policyType, 'trust');
    const findings = serious(lintHost(text, 'cloudformation'));
    assert.deepEqual(describeFindings(text, findings), '');
  });

  it('reports a real mistake at its YAML position, with a YAML-safe fix', () => {
    const text = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action:\n              - s3:GetObjects\n            Resource: !Sub arn:aws:s3:::${Bucket}/*\n';
    const finding = lintHost(text, 'cloudformation').find((f) => f.ruleId === 'iam/unknown-action');
    assert.ok(finding);
    assert.equal(at(text, finding!), 's3:GetObjects');
    assert.equal(finding!.range.start.line + 1, 10);
    const fix = fixesOf(finding!).find((f) => f.title.includes('s3:GetObject'));
    assert.ok(fix);
    assert.ok(applyEdits(text, fix!.edits).includes('              - s3:GetObject\n'));
  });

  it('JSON templates with Fn::Sub and Ref', () => {
    const text = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Policy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: { Ref: 'B' },
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:aws:s3:::${B}/*' } },
                { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Action: 's3:ListBucket', Resource: { 'Fn::Sub': 'arn:aws:s3:::${B}/*' } },
              ],
            },
          },
        },
      },
    }, null, 2);
    assert.equal(detect(text, 'template.json').kind, 'cloudformation');
    const findings = lintHost(text, 'cloudformation');
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${at(text, f)}`), ['iam/resource-type-mismatch "s3:ListBucket"']);
    assert.ok(!findings.some((f) => f.ruleId === 'iam/public-principal' || f.ruleId === 'iam/principal-invalid'));
  });

  it('!Sub substitution keeps shapes', () => {
    assert.deepEqual(substituteSub('arn:${AWS::Partition}:s3:::${B}/*'), { value: 'arn:aws:s3:::*/*', allUnknown: false });
    assert.deepEqual(substituteSub('${RoleArn}'), { value: '*', allUnknown: true });
    assert.equal(substituteSub('arn:aws:s3:::${!Literal}').value, 'arn:aws:s3:::${Literal}');
  });

  it('detects hosts by name and content', () => {
    assert.equal(detect('', 'main.tf').kind, 'terraform');
    assert.equal(detect('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', 't.yaml').kind, 'cloudformation');
    assert.equal(detect('services:\n  web:\n    image: x\n', 'docker-compose.yml').kind, 'none');
    assert.equal(detect('{"Statement": []}', 'policy.json').kind, 'iam-policy');
  });
});

describe('where a policy is used decides its policy type', () => {
  const typesOf = (host: 'terraform' | 'cloudformation', text: string) =>
    extractPolicies(host, text).map((p) => [p.label, p.policyType, p.origin.resourceType, p.origin.attribute]);

  it('Terraform: resources, nested inline policies, SCPs, and data sources by the attribute that uses them', () => {
    const text = [
      'resource "aws_iam_role" "app" {',
      '  assume_role_policy = data.aws_iam_policy_document.assume.json',
      '  inline_policy {',
      '    name   = "inline"',
      '    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })',
      '  }',
      '}',
      'resource "aws_s3_bucket_policy" "b" {',
      '  policy = data.aws_iam_policy_document.bucket.json',
      '}',
      'resource "aws_sqs_queue_policy" "q" {',
      '  policy = data.aws_iam_policy_document.bucket.json',
      '}',
      'resource "aws_s3_access_point" "ap" {',
      '  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }] })',
      '}',
      'resource "aws_organizations_policy" "scp" {',
      '  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "ec2:*", Resource = "*" }] })',
      '}',
      'resource "aws_organizations_policy" "tags" {',
      '  type    = "TAG_POLICY"',
      '  content = jsonencode({ tags = {} })',
      '}',
      'resource "aws_iam_role_policy" "mixed" {',
      '  policy = data.aws_iam_policy_document.mixed.json',
      '}',
      'resource "aws_iam_role" "other" {',
      '  assume_role_policy = data.aws_iam_policy_document.mixed.json',
      '}',
      'data "aws_iam_policy_document" "assume" {',
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["lambda.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      'data "aws_iam_policy_document" "bucket" {',
      '  statement {',
      '    actions   = ["s3:GetObject"]',
      '    resources = ["*"]',
      '  }',
      '}',
      'data "aws_iam_policy_document" "mixed" {',
      '  statement {',
      '    actions   = ["s3:GetObject"]',
      '    resources = ["*"]',
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(typesOf('terraform', text), [
      ['aws_iam_role.app.inline_policy.policy', 'identity', 'aws_iam_role', 'policy'],
      ['aws_s3_access_point.ap.policy', 'resource', 'aws_s3_access_point', 'policy'],
      ['aws_organizations_policy.scp.content', 'scp', 'aws_organizations_policy', 'content'],
      ['data.aws_iam_policy_document.assume', 'trust', 'aws_iam_role', 'assume_role_policy'],
      // Used by two resources of the same policy type.
      ['data.aws_iam_policy_document.bucket', 'resource', undefined, undefined],
      // Used as an identity policy and as a trust policy: the type is inferred from the content.
      ['data.aws_iam_policy_document.mixed', undefined, undefined, undefined],
    ]);
  });

  it('CloudFormation: the property of each resource type that holds its policy', () => {
    const resource = (name: string, type: string, properties: string[]): string[] => [`  ${name}:`, `    Type: ${type}`, '    Properties:', ...properties.map((p) => `      ${p}`)];
    const doc = ['Version: "2012-10-17"', 'Statement:', '  - Effect: Allow', '    Principal: "*"', '    Action: s3:GetObject', '    Resource: "*"'];
    const under = (key: string, lines = doc): string[] => [`${key}:`, ...lines.map((l) => `  ${l}`)];
    const text = [
      'Resources:',
      ...resource('Repo', 'AWS::ECR::Repository', under('RepositoryPolicyText')),
      ...resource('SecretPolicy', 'AWS::SecretsManager::ResourcePolicy', ['SecretId: !Ref Secret', ...under('ResourcePolicy')]),
      ...resource('AccessPoint', 'AWS::S3::AccessPoint', ['Bucket: b', ...under('Policy')]),
      ...resource('Files', 'AWS::EFS::FileSystem', under('FileSystemPolicy')),
      ...resource('Vault', 'AWS::Backup::BackupVault', ['BackupVaultName: v', ...under('AccessPolicy')]),
      ...resource('Search', 'AWS::OpenSearchService::Domain', under('AccessPolicies')),
      ...resource('Scp', 'AWS::Organizations::Policy', ['Type: SERVICE_CONTROL_POLICY', ...under('Content')]),
      ...resource('Tags', 'AWS::Organizations::Policy', ['Type: TAG_POLICY', 'Content:', '  tags: {}']),
      ...resource('Role', 'AWS::IAM::Role', [...under('AssumeRolePolicyDocument'), 'Policies:', '  - PolicyName: p', ...under('PolicyDocument').map((l) => `    ${l}`)]),
      '',
    ].join('\n');
    assert.deepEqual(
      typesOf('cloudformation', text).map(([label, type, resourceType]) => [label, type, resourceType]),
      [
        ['Repo.RepositoryPolicyText', 'resource', 'AWS::ECR::Repository'],
        ['SecretPolicy.ResourcePolicy', 'resource', 'AWS::SecretsManager::ResourcePolicy'],
        ['AccessPoint.Policy', 'resource', 'AWS::S3::AccessPoint'],
        ['Files.FileSystemPolicy', 'resource', 'AWS::EFS::FileSystem'],
        ['Vault.AccessPolicy', 'resource', 'AWS::Backup::BackupVault'],
        ['Search.AccessPolicies', 'resource', 'AWS::OpenSearchService::Domain'],
        ['Scp.Content', 'scp', 'AWS::Organizations::Policy'],
        ['Role.AssumeRolePolicyDocument', 'trust', 'AWS::IAM::Role'],
        ['Role.Policies.PolicyDocument', 'identity', 'AWS::IAM::Role'],
      ],
    );
  });
});
