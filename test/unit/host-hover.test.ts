// Issue 21 item 7: hover works the same in every host. A policy written in Terraform (jsonencode, heredoc,
// aws_iam_policy_document) or CloudFormation (YAML, JSON) explains its actions, ARNs, service principals and
// condition operators/keys as a policy file does, and an ARN written with substitutions explains its parts with
// each substitution shown as a placeholder.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hoverHost } from '../../server/src/engine/hosts/hostHover';
import { extractPolicies, type HostKind } from '../../server/src/engine/hosts/lintHost';
import { buildIamDocument } from '../../server/src/engine/iam/document';
import { hoverIam } from '../../server/src/engine/iam/hover';
import { testData } from '../support/data';

/** Hover at the `nth` occurrence of `needle` (cursor `inside` characters into it). */
function hoverAt(host: HostKind, text: string, needle: string, inside = 2, nth = 0) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const hover = hoverHost(host, text, offset + inside, testData());
  return hover ? { ...hover, hovered: text.slice(hover.start, hover.end) } : undefined;
}

function markdownAt(host: HostKind, text: string, needle: string, inside = 2): string {
  const hover = hoverAt(host, text, needle, inside);
  assert.ok(hover, `expected a hover on ${needle}`);
  return hover.markdown;
}

const cfnRole = `AWSTemplateFormatVersion: '2010-09-09'
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
              Service:
                - lambda.amazonaws.com
                - !Sub 'ec2.\${AWS::URLSuffix}'
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:PutObjectAcl
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${BucketName}/*'
              - Effect: Allow
                Action: dynamodb:GetItem
                Resource: !Sub 'arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${TableName}'
                Condition:
                  StringEquals:
                    aws:PrincipalTag/team: data
              - Effect: Allow
                Action: s3:GetObject
                Resource:
                  - !Sub '\${Bucket.Arn}/*'
                  - !GetAtt Other.Arn
`;

describe('host hover: CloudFormation YAML', () => {
  it('explains a service principal written plainly, on its own range', () => {
    const hover = hoverAt('cloudformation', cfnRole, 'lambda.amazonaws.com');
    assert.ok(hover);
    assert.equal(hover.hovered, 'lambda.amazonaws.com');
    assert.match(hover.markdown, /\*\*`lambda\.amazonaws\.com`\*\* \(service principal\)/);
    assert.match(hover.markdown, /AWS data: /);
  });

  it('explains a service principal written with !Sub and ${AWS::URLSuffix}', () => {
    const hover = hoverAt('cloudformation', cfnRole, "!Sub 'ec2.", 6);
    assert.ok(hover);
    assert.equal(hover.hovered, "'ec2.${AWS::URLSuffix}'");
    assert.match(hover.markdown, /`ec2\.\$\{AWS::URLSuffix\}`\*\* = `ec2\.amazonaws\.com` \(service principal\)/);
    assert.match(hover.markdown, /`\$\{AWS::URLSuffix\}` reads as `amazonaws\.com` \(`amazonaws\.com\.cn` in the China Regions\)/);
  });

  it('explains a !Sub ARN field by field, each substitution a placeholder, and its resource type', () => {
    const md = markdownAt('cloudformation', cfnRole, "!Sub 'arn:${AWS::Partition}:s3", 8);
    assert.match(md, /\| partition \| `\$\{AWS::Partition\}` \|/);
    assert.match(md, /\| service \| `s3` \|/);
    assert.match(md, /\| region \| _none \(global\)_ \|/);
    assert.match(md, /\| resource \| `\$\{BucketName\}\/\*` \|/);
    assert.match(md, /`\$\{BucketName\}` is a placeholder filled in when deployed/);
    assert.match(md, /\*\*Can be:\*\* .*`s3` object /);
    assert.doesNotMatch(md, /`s3` bucket /);
    assert.match(md, /\*\*Used by\*\* 2 of this statement’s 2 action\(s\)/);
  });

  it('a whole-segment substitution names one resource: a table ARN is no index or stream ARN', () => {
    const md = markdownAt('cloudformation', cfnRole, "!Sub 'arn:aws:dynamodb", 8);
    assert.match(md, /\| region \| `\$\{AWS::Region\}` \|/);
    assert.match(md, /\| account \| `\$\{AWS::AccountId\}` \|/);
    assert.match(md, /\| resource \| `table\/\$\{TableName\}` \|/);
    assert.match(md, /\*\*Can be:\*\* `dynamodb` table \(/);
    assert.doesNotMatch(md, /dynamodb` (index|stream)/);
    assert.match(md, /placeholders filled in when deployed/);
  });

  it('explains actions, condition operators and condition keys', () => {
    assert.match(markdownAt('cloudformation', cfnRole, 's3:PutObjectAcl'), /\*\*s3:PutObjectAcl\*\* — /);
    assert.match(markdownAt('cloudformation', cfnRole, 'StringEquals:'), /condition operator/);
    assert.match(markdownAt('cloudformation', cfnRole, 'aws:PrincipalTag/team'), /global condition key/);
  });

  it('an ARN from an expression says its fields are known when deployed; a wholly unknown value has no hover', () => {
    const md = markdownAt('cloudformation', cfnRole, "!Sub '${Bucket.Arn}/*'", 8);
    assert.match(md, /`\$\{Bucket\.Arn\}\/\*`\*\* \(ARN built from an expression\)/);
    assert.equal(hoverAt('cloudformation', cfnRole, '!GetAtt Other.Arn', 3), undefined);
  });
});

describe('host hover: policy variables', () => {
  it('explains ${aws:username} in CloudFormation (plain and !Sub ${!…}) and Terraform ($${…}), never a template substitution', () => {
    const yaml = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource:
              - arn:aws:s3:::b/home/\${aws:username}/*
              - !Sub 'arn:aws:s3:::\${BucketName}/home/\${!aws:userid}/*'
`;
    const plain = hoverAt('cloudformation', yaml, 'aws:username');
    assert.ok(plain);
    assert.equal(plain.hovered, '${aws:username}');
    assert.match(plain.markdown, /\(policy variable\)/);
    const escaped = hoverAt('cloudformation', yaml, 'aws:userid');
    assert.match(escaped?.markdown ?? '', /\*\*`\$\{aws:userid\}`\*\* \(policy variable\)/);
    // A template substitution is not a policy variable: the ARN is explained instead.
    assert.match(markdownAt('cloudformation', yaml, 'BucketName}/home'), /\*\*ARN\*\*/);
    const tf = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::\${var.b}/home/$\${aws:username}/*" }]
  })
}
`;
    assert.match(markdownAt('terraform', tf, 'aws:username'), /\(policy variable\)/);
    assert.match(markdownAt('terraform', tf, 'var.b'), /\*\*ARN\*\*/);
  });
});

describe('host hover: CloudFormation JSON', () => {
  const template = JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: { 'Fn::Sub': 'ec2.${AWS::URLSuffix}' } }, Action: 'sts:AssumeRole' }],
            },
            Policies: [
              {
                PolicyName: 'p',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:PutObjectAcl', Resource: { 'Fn::Sub': 'arn:aws:s3:::${BucketName}' } }],
                },
              },
            ],
          },
        },
      },
    },
    null,
    2,
  );

  it('explains a Fn::Sub service principal and a Fn::Sub bucket ARN (which the object action cannot use)', () => {
    assert.match(markdownAt('cloudformation', template, '"ec2.${AWS::URLSuffix}"'), /= `ec2\.amazonaws\.com` \(service principal\)/);
    const md = markdownAt('cloudformation', template, '"arn:aws:s3:::${BucketName}"');
    assert.match(md, /\| resource \| `\$\{BucketName\}` \|/);
    assert.match(md, /\*\*Can be:\*\* `s3` bucket /);
    assert.match(md, /\*\*Not applicable to:\*\* s3:PutObjectAcl/);
  });
});

describe('host hover: Terraform', () => {
  const tf = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObjectAcl"]
      Resource = "arn:aws:s3:::\${var.bucket}"
    }]
  })
}

resource "aws_iam_policy" "h" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:\${var.region}:\${data.aws_caller_identity.current.account_id}:\${var.queue}"}]
}
EOF
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:ecs:\${var.region}:\${var.account}:*"]
    }
  }
}
`;

  it('jsonencode: a bucket ARN with ${var.bucket} is a bucket, and the object action cannot use it', () => {
    const hover = hoverAt('terraform', tf, '"arn:aws:s3:::${var.bucket}"', 4);
    assert.ok(hover);
    assert.equal(hover.hovered, '"arn:aws:s3:::${var.bucket}"');
    assert.match(hover.markdown, /\| resource \| `\$\{var\.bucket\}` \|/);
    assert.match(hover.markdown, /`\$\{var\.bucket\}` is a placeholder filled in when deployed/);
    assert.match(hover.markdown, /\*\*Can be:\*\* `s3` bucket /);
    assert.match(hover.markdown, /\*\*Not applicable to:\*\* s3:PutObjectAcl/);
  });

  it('heredoc: an action, and an ARN whose region, account and name are interpolations', () => {
    assert.match(markdownAt('terraform', tf, '"sqs:SendMessage"'), /\*\*sqs:SendMessage\*\* — Write/);
    const md = markdownAt('terraform', tf, '"arn:aws:sqs:', 4);
    assert.match(md, /\| region \| `\$\{var\.region\}` \|/);
    assert.match(md, /\| account \| `\$\{data\.aws_caller_identity\.current\.account_id\}` \|/);
    assert.match(md, /\*\*Can be:\*\* `sqs` queue /);
  });

  it('aws_iam_policy_document: service principal, condition operator, key and ARN value', () => {
    assert.match(markdownAt('terraform', tf, '"ecs-tasks.amazonaws.com"'), /\(service principal\)/);
    assert.match(markdownAt('terraform', tf, '"ArnLike"'), /\*\*`ArnLike`\*\* \(condition operator\)/);
    assert.match(markdownAt('terraform', tf, '"aws:SourceArn"'), /global condition key/);
    assert.match(markdownAt('terraform', tf, '"arn:aws:ecs:', 4), /\| region \| `\$\{var\.region\}` \|/);
    assert.match(markdownAt('terraform', tf, '"sts:AssumeRole"'), /\*\*sts:AssumeRole\*\*/);
  });

  it('no hover outside policies; the data source blocks that are policy elements are explained as such', () => {
    assert.equal(hoverAt('terraform', tf, 'resource "aws_iam_policy"', 2), undefined);
    assert.equal(hoverAt('terraform', tf, 'type        = "Service"', 2), undefined);
    assert.match(markdownAt('terraform', tf, 'principals'), /\*\*Principal\*\* \(policy element\)/);
  });
});

// The same literal policy in every syntax: the same hover text as in a policy file.
describe('host hover agrees with the policy-file hover on literal values', () => {
  const json = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "lambda.amazonaws.com"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": "arn:aws:s3:::my-bucket/*",
      "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}, "StringLike": {"s3:prefix": "home/\${aws:username}/*"}}
    }
  ]
}`;
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action:
              - s3:GetObject
              - s3:ListBucket
            Resource: arn:aws:s3:::my-bucket/*
            Condition:
              StringEquals:
                aws:SourceAccount: '111122223333'
              StringLike:
                s3:prefix: home/\${aws:username}/*
`;
  const cfnJson = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "my-bucket", "PolicyDocument": ${json}}}}}`;
  const hcl = `resource "aws_s3_bucket_policy" "p" {
  bucket = "my-bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = "arn:aws:s3:::my-bucket/*"
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" }, StringLike = { "s3:prefix" = "home/$\${aws:username}/*" } }
    }]
  })
}
`;
  const dataSource = `data "aws_iam_policy_document" "p" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::my-bucket/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/$\${aws:username}/*"]
    }
  }
}
`;
  const heredoc = `resource "aws_s3_bucket_policy" "p" {
  bucket = "my-bucket"
  policy = <<EOF
${json.replace('${', () => '$${') /* Terraform's escape for a literal ${ */}
EOF
}
`;
  const hosts: [string, HostKind, string][] = [
    ['CloudFormation YAML', 'cloudformation', yaml],
    ['CloudFormation JSON', 'cloudformation', cfnJson],
    ['Terraform jsonencode', 'terraform', hcl],
    ['Terraform aws_iam_policy_document', 'terraform', dataSource],
    ['Terraform heredoc', 'terraform', heredoc],
  ];
  const targets = ['lambda.amazonaws.com', 's3:ListBucket', 'arn:aws:s3:::my-bucket/*', 'StringEquals', 'aws:SourceAccount', 'aws:username'];

  it('element keys as each syntax spells them (Effect:, Action =, actions =)', () => {
    const inJson = hoverIam(json, json.indexOf('"Effect"') + 2, testData());
    assert.ok(inJson);
    for (const [name, host, text, needle] of [
      ['CloudFormation YAML', 'cloudformation', yaml, 'Effect:'],
      ['CloudFormation JSON', 'cloudformation', cfnJson, '"Effect"'],
      ['Terraform jsonencode', 'terraform', hcl, 'Effect '],
    ] as const) {
      assert.equal(hoverHost(host, text, text.indexOf(needle) + 2, testData())?.markdown, inJson.markdown, name);
    }
    assert.match(hoverHost('terraform', dataSource, dataSource.indexOf('actions') + 2, testData())?.markdown ?? '', /\*\*Action\*\* \(policy element\)/);
    assert.match(hoverHost('cloudformation', yaml, yaml.indexOf("Version: '2012") + 2, testData())?.markdown ?? '', /\*\*Version\*\* \(policy element\)/);
    // Keys that are not policy elements (a condition key is explained as one; a host attribute is not IAM's).
    assert.equal(hoverHost('terraform', hcl, hcl.indexOf('bucket =') + 2, testData()), undefined);
  });

  for (const [name, host, text] of hosts) {
    it(name, () => {
      for (const target of targets) {
        const inJson = hoverIam(json, json.indexOf(target) + 2, testData());
        assert.ok(inJson, `policy-file hover on ${target}`);
        const inHost = hoverHost(host, text, text.indexOf(target) + 2, testData());
        assert.ok(inHost, `${name}: hover on ${target}`);
        assert.equal(inHost.markdown, inJson.markdown, `${name}: ${target}`);
      }
    });
  }
});

// Invariants at every offset of the host fixtures and of this file's samples: never throws, always covers the cursor.
describe('host hover invariants', () => {
  it('covers the cursor at every offset of every host sample', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'hosts');
    const files: [HostKind, string][] = fs.readdirSync(dir).map((name) => [name.endsWith('.tf') ? 'terraform' : 'cloudformation', fs.readFileSync(path.join(dir, name), 'utf8')]);
    files.push(['cloudformation', cfnRole]);
    let hovers = 0;
    for (const [host, text] of files) {
      const embedded = extractPolicies(host, text).map((policy) => ({ policy, doc: buildIamDocument(text, policy.root, [], policy.policyType) }));
      for (let offset = 0; offset <= text.length; offset++) {
        const hover = hoverHost(host, text, offset, testData(), embedded);
        if (!hover) continue;
        hovers++;
        assert.ok(hover.start <= offset && offset <= hover.end, `hover ${hover.start}-${hover.end} misses ${offset}`);
      }
    }
    assert.ok(hovers > 100, `hovers found: ${hovers}`);
  });
});

describe('what an ARN with a substituted bucket can be', () => {
  it('an object ARN with a bucket substitution is an object, not an access point with no account', () => {
    const text = `Resources:
  R:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${ReportsBucket}/reports/*'
`;
    const markdown = markdownAt('cloudformation', text, 's3:::', 2);
    const canBe = markdown.split('\n').find((l) => l.startsWith('**Can be:**')) ?? '';
    assert.match(canBe, /`s3` object/);
    assert.doesNotMatch(canBe, /multiregionaccesspoint/);
  });

  it('an ARN that fits only with an empty account still says what it can be', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam:::role/app' }] });
    const hover = hoverIam(text, text.indexOf('arn:aws:iam') + 3, testData());
    assert.match(hover?.markdown ?? '', /\*\*Can be:\*\* `iam` role/);
  });
});
