// Issue 21 item 7, in the language server: Terraform and CloudFormation files get the same features as policy
// files. Hover explains service principals and ARNs written with substitutions; an object action on a bucket ARN
// built with `!Sub`/`${var.bucket}` is reported like the literal ARN (and the object form is not); the
// documentInfo request lists each embedded policy with its range and type, for the status bar.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Hover, Position, Range } from 'vscode-languageserver';
import { LspHarness } from './harness';

let server: LspHarness;

before(async () => {
  server = LspHarness.start({ transport: 'stdio', pullConfiguration: false });
  await server.initialize(null);
});

after(() => server.dispose());

/** The position of the `nth` occurrence of `needle` in `text`, `inside` characters into it. */
function positionOf(text: string, needle: string, inside = 2, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + inside);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

async function hover(uri: string, position: Position): Promise<string> {
  const result = (await server.request('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
  assert.ok(result, `a hover at ${JSON.stringify(position)}`);
  return (result.contents as { value: string }).value;
}

async function openAndLint(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
  const since = server.mark();
  await server.open(uri, languageId, text);
  return (await server.waitForDiagnostics(uri, () => true, `diagnostics of ${uri}`, since)).diagnostics;
}

const mismatchLines = (diagnostics: Diagnostic[]): number[] => diagnostics.filter((d) => d.code === 'iam/resource-type-mismatch').map((d) => d.range.start.line);

const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  BucketName:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: acl
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:PutObjectAcl
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${BucketName}'
              - Effect: Allow
                Action: s3:GetObjectAcl
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${BucketName}/*'
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref BucketName
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'
            Action: s3:GetObject
            Resource: !Sub 'arn:aws:s3:::\${BucketName}/*'
`;

const tf = `variable "bucket" {}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "acl" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:PutObjectAcl"
        Resource = "arn:aws:s3:::\${var.bucket}"
      },
      {
        Effect   = "Allow"
        Action   = "s3:GetObjectAcl"
        Resource = "arn:aws:s3:::\${var.bucket}/*"
      },
    ]
  })
}
`;

describe('CloudFormation YAML in the language server', () => {
  const uri = 'file:///tmp/grantcheck-same-features/template.yaml';
  let diagnostics: Diagnostic[];
  before(async () => {
    diagnostics = await openAndLint(uri, 'yaml', cfn);
  });

  it('reports s3:PutObjectAcl on the !Sub bucket ARN, and not s3:GetObjectAcl on the !Sub object ARN', () => {
    assert.deepEqual(mismatchLines(diagnostics), [positionOf(cfn, 's3:PutObjectAcl').line], JSON.stringify(diagnostics));
  });

  it('hovers a service principal and a !Sub ARN with its substitutions as placeholders', async () => {
    assert.match(await hover(uri, positionOf(cfn, 'lambda.amazonaws.com')), /\*\*`lambda\.amazonaws\.com`\*\* \(service principal\)/);
    const arn = await hover(uri, positionOf(cfn, "'arn:${AWS::Partition}:s3:::${BucketName}'", 20));
    assert.match(arn, /\| resource \| `\$\{BucketName\}` \|/);
    assert.match(arn, /`\$\{BucketName\}` is a placeholder filled in when deployed/);
    assert.match(arn, /\*\*Not applicable to:\*\* s3:PutObjectAcl/);
    assert.match(await hover(uri, positionOf(cfn, "'arn:aws:iam::${AWS::AccountId}:root'", 20)), /\| account \| `\$\{AWS::AccountId\}` \|/);
  });

  it('lists each policy with its range and type for the status bar', async () => {
    const info = (await server.request('grantcheck/documentInfo', { uri })) as { policies?: { label: string; policyType: string; range: Range }[] };
    assert.deepEqual(
      info.policies?.map((p) => [p.label, p.policyType]),
      [
        ['Role.AssumeRolePolicyDocument', 'trust'],
        ['Role.Policies.PolicyDocument', 'identity'],
        ['Policy.PolicyDocument', 'resource'],
      ],
    );
    const inside = (position: Position, range: Range): boolean =>
      (position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character)) &&
      (position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character));
    assert.ok(inside(positionOf(cfn, 'sts:AssumeRole'), info.policies![0]!.range));
    assert.ok(inside(positionOf(cfn, 's3:PutObjectAcl'), info.policies![1]!.range));
    assert.ok(inside(positionOf(cfn, 's3:GetObject\n'), info.policies![2]!.range));
    assert.ok(!inside(positionOf(cfn, 'Bucket: !Ref'), info.policies![2]!.range));
  });
});

describe('Terraform in the language server', () => {
  const uri = 'file:///tmp/grantcheck-same-features/main.tf';
  let diagnostics: Diagnostic[];
  before(async () => {
    diagnostics = await openAndLint(uri, 'terraform', tf);
  });

  it('reports s3:PutObjectAcl on "arn:aws:s3:::${var.bucket}", and not s3:GetObjectAcl on its object form', () => {
    assert.deepEqual(mismatchLines(diagnostics), [positionOf(tf, '"s3:PutObjectAcl"').line], JSON.stringify(diagnostics));
  });

  it('hovers a service principal and an interpolated ARN', async () => {
    assert.match(await hover(uri, positionOf(tf, '"ecs-tasks.amazonaws.com"')), /\(service principal\)/);
    const arn = await hover(uri, positionOf(tf, '"arn:aws:s3:::${var.bucket}"', 20));
    assert.match(arn, /\| resource \| `\$\{var\.bucket\}` \|/);
    assert.match(arn, /\*\*Can be:\*\* `s3` bucket /);
  });

  it('lists each policy with its type for the status bar', async () => {
    const info = (await server.request('grantcheck/documentInfo', { uri })) as { policies?: { label: string; policyType: string }[] };
    assert.deepEqual(
      info.policies?.map((p) => [p.label, p.policyType]),
      [
        ['aws_iam_role.app.assume_role_policy', 'trust'],
        ['aws_iam_policy.acl.policy', 'identity'],
      ],
    );
  });
});

describe('a policy file lists no embedded policies', () => {
  it('documentInfo has no policies for a plain JSON policy', async () => {
    const uri = 'file:///tmp/grantcheck-same-features/p.policy.json';
    await openAndLint(uri, 'json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
    const info = (await server.request('grantcheck/documentInfo', { uri })) as { kind?: string; policies?: unknown };
    assert.equal(info.kind, 'iam-policy');
    assert.equal(info.policies, undefined);
  });
});
