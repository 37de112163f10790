// The policy model every host adapter builds: what is known about each string, where its characters are, and what rules conclude from it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildIamDocument, parseIamDocument, type StrValue } from '../../server/src/engine/iam/document';
import { hasUnknownParts, isUnknown, literalValue, sourceSpan } from '../../server/src/engine/iam/values';
import { unknownIndex } from '../../server/src/engine/hosts/embedded';
import { extractPolicies, type HostKind } from '../../server/src/engine/hosts/lintHost';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { prng } from '../support/prng';

/** The action and resource values of the first statement of the first embedded policy. */
function firstStatement(host: HostKind, text: string): { actions: StrValue[]; resources: StrValue[]; principals: StrValue[] } {
  const policy = extractPolicies(host, text)[0]!;
  const doc = buildIamDocument(text, policy.root, [], policy.policyType);
  const statement = doc.statements[0]!;
  return {
    actions: statement.action?.values ?? [],
    resources: statement.resource?.values ?? [],
    principals: statement.principal?.entries.map((e) => e.value) ?? [],
  };
}

const spelled = (text: string, value: StrValue, start: number, end: number): string | undefined => {
  const span = sourceSpan(value, start, end);
  return span && text.slice(span.start, span.end);
};

describe('string knowledge in the policy model', () => {
  it('plain JSON: every string is literal, escapes are not mapped', () => {
    const text = '{"Statement":[{"Effect":"Allow","Action":["s3:Get\\u004fbject"],"Resource":"*"}]}';
    const doc = parseIamDocument(text);
    const action = doc.statements[0]!.action!.values[0]!;
    assert.equal(action.known, 'literal');
    assert.equal(literalValue(action), 's3:GetObject');
    assert.equal(spelled(text, action, 0, 6), 's3:Get');
    assert.equal(sourceSpan(action, 5, 8), undefined);
    assert.equal(doc.isJsonText, true);
  });

  it('Terraform: literal strings, interpolations inside strings (partial) and references (unknown)', () => {
    const text =
      'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = ["s3:GetObject", "iam:${var.verb}"]\n      Resource = ["arn:aws:s3:::${var.bucket}/*", aws_s3_bucket.b.arn]\n    }]\n  })\n}\n';
    const { actions, resources } = firstStatement('terraform', text);
    assert.deepEqual(actions.map((a) => a.known), ['literal', 'partial']);
    assert.equal(spelled(text, actions[0]!, 3, 12), 'GetObject');
    const [arn, reference] = resources;
    assert.equal(arn!.value, 'arn:aws:s3:::*/*', 'an unknown piece reads as * so the ARN keeps its shape');
    assert.equal(arn!.known, 'partial');
    assert.ok(hasUnknownParts(arn!) && !isUnknown(arn!));
    assert.equal(literalValue(arn!), undefined);
    assert.deepEqual(arn!.pieces!.map((p) => [p.kind, p.kind === 'unknown' ? text.slice(p.start, p.end) : p.text]), [
      ['literal', 'arn:aws:s3:::'],
      ['unknown', '${var.bucket}'],
      ['literal', '/*'],
    ]);
    assert.equal(spelled(text, arn!, 0, 6), 'arn:aw');
    assert.equal(sourceSpan(arn!, 12, 15), undefined, 'no span across an interpolation');
    assert.ok(isUnknown(reference!));
  });

  it('Terraform heredoc JSON: interpolations are unknown pieces, escaped quotes are not mapped', () => {
    const text = 'resource "aws_s3_bucket_policy" "b" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "${var.role}"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${var.b}/*"}]}\nEOF\n}\n';
    const { actions, resources, principals } = firstStatement('terraform', text);
    assert.ok(isUnknown(principals[0]!));
    assert.equal(resources[0]!.known, 'partial');
    assert.equal(spelled(text, actions[0]!, 0, 12), 's3:GetObject');
  });

  it('CloudFormation: !Sub pieces, pseudo parameters with a known shape, !Ref unknown, plain and quoted scalars mapped', () => {
    const text =
      'Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: !Ref Role\n            Action: [s3:GetObject, "s3:PutObject"]\n            Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}/*\n';
    const { actions, resources, principals } = firstStatement('cloudformation', text);
    assert.ok(isUnknown(principals[0]!));
    assert.equal(spelled(text, actions[0]!, 0, 12), 's3:GetObject');
    assert.equal(spelled(text, actions[1]!, 3, 12), 'PutObject');
    const arn = resources[0]!;
    assert.equal(arn.value, 'arn:aws:s3:::*/*');
    assert.deepEqual(arn.pieces!.map((p) => p.kind), ['literal', 'assumed', 'literal', 'unknown', 'literal']);
    assert.equal(spelled(text, arn, 0, 3), 'arn');
    assert.equal(sourceSpan(arn, 3, 8), undefined, 'the assumed partition is not in the source');
  });
});

describe('rules ask the model, not the host syntax', () => {
  const lintTerraform = (text: string) => lintText(text, { data: testData(), kind: 'iam-policy', host: 'terraform' }).findings;
  const dataSource = (condition: string) =>
    `data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:ListBucket"]\n    resources = ["arn:aws:s3:::b"]\n    condition {\n${condition}\n    }\n  }\n}\n`;

  it('a condition operator or key given as a Terraform expression is unknown, not a mistake', () => {
    const text = dataSource('      test     = var.operator\n      variable = var.key\n      values   = ["x"]');
    assert.deepEqual(lintTerraform(text).map((f) => `${f.ruleId}: ${f.message}`), []);
    const literal = dataSource('      test     = "StringEqual"\n      variable = "s3:prefix"\n      values   = ["x"]');
    assert.deepEqual(lintTerraform(literal).map((f) => f.ruleId), ['iam/condition-operator-unknown']);
  });

  it('an action with an interpolated part neither grants nor excludes iam:PassRole for sure', () => {
    const policy = (action: string) =>
      `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["${action}"], Resource = "*" }]\n  })\n}\n`;
    assert.deepEqual(lintTerraform(policy('iam:${var.verb}')).filter((f) => f.ruleId === 'iam/pass-role-wildcard').length, 0);
    assert.deepEqual(lintTerraform(policy('iam:Pass*')).filter((f) => f.ruleId === 'iam/pass-role-wildcard').length, 1);
  });

  it('"${var.service}:*" on "*" is not full administrator access; "*" is', () => {
    const policy = (action: string) =>
      `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }]\n  })\n}\n`;
    assert.deepEqual(lintTerraform(policy('${var.service}:*')).filter((f) => f.ruleId === 'iam/full-admin').length, 0);
    assert.deepEqual(lintTerraform(policy('*')).filter((f) => f.ruleId === 'iam/full-admin').length, 1);
  });
});

describe('unknown ranges of an embedded policy', () => {
  it('the index answers "inside an unknown expression?" like a scan of every range', () => {
    const random = prng(7);
    for (let round = 0; round < 50; round++) {
      const ranges = Array.from({ length: 1 + Math.floor(random() * 20) }, () => {
        const start = Math.floor(random() * 200);
        return { start, end: start + Math.floor(random() * 30) };
      });
      const inside = unknownIndex(ranges);
      for (let q = 0; q < 100; q++) {
        const start = Math.floor(random() * 230);
        const end = start + Math.floor(random() * 10);
        assert.equal(inside(start, end), ranges.some((r) => start >= r.start && end <= r.end), JSON.stringify({ ranges, start, end }));
      }
    }
  });
});
