// Finds IAM policies in Terraform: jsonencode({...}), heredoc/quoted JSON, and aws_iam_policy_document data sources.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document

import type { Node as JsonNode } from 'jsonc-parser';
import type { PolicyType } from '../iam/policyType';
import { jsonFromDecoded, NodeBuilder, type DecodedJson, type EmbeddedPolicy } from './embedded';
import { parseHcl, templateLiteral, type HclAttribute, type HclBlock, type HclBodyItem, type HclExpr } from './hcl';

/** Attributes that hold a policy document, wherever they appear inside a resource. */
const POLICY_ATTRIBUTES = new Set(['policy', 'assume_role_policy', 'access_policies', 'key_policy']);

/** Resource types whose `policy` is a resource policy (or key policy / SCP), not an identity policy. */
const RESOURCE_POLICY_TYPES: Record<string, PolicyType> = {
  aws_s3_bucket_policy: 'resource',
  aws_s3control_bucket_policy: 'resource',
  aws_s3control_access_point_policy: 'resource',
  aws_sqs_queue_policy: 'resource',
  aws_sqs_queue: 'resource',
  aws_sns_topic_policy: 'resource',
  aws_sns_topic: 'resource',
  aws_ecr_repository_policy: 'resource',
  aws_secretsmanager_secret_policy: 'resource',
  aws_secretsmanager_secret: 'resource',
  aws_glacier_vault: 'resource',
  aws_elasticsearch_domain_policy: 'resource',
  aws_opensearch_domain_policy: 'resource',
  aws_cloudwatch_log_resource_policy: 'resource',
  aws_lambda_function_url: 'resource',
  aws_backup_vault_policy: 'resource',
  aws_efs_file_system_policy: 'resource',
  aws_api_gateway_rest_api_policy: 'resource',
  aws_kms_key: 'kms-key',
  aws_kms_key_policy: 'kms-key',
  aws_kms_replica_key: 'kms-key',
  aws_organizations_policy: 'scp',
  aws_iam_policy: 'identity',
  aws_iam_role_policy: 'identity',
  aws_iam_user_policy: 'identity',
  aws_iam_group_policy: 'identity',
};

export function extractTerraformPolicies(text: string): EmbeddedPolicy[] {
  const policies: EmbeddedPolicy[] = [];
  for (const item of parseHcl(text)) {
    if (item.kind !== 'block') continue;
    if (item.type === 'resource' && item.labels.length >= 2) {
      const [resourceType, name] = item.labels as [string, string];
      collectPolicyAttributes(item.body, resourceType, `${resourceType}.${name}`, text, policies);
    } else if (item.type === 'data' && item.labels[0] === 'aws_iam_policy_document') {
      const policy = dataSourcePolicy(item, `data.aws_iam_policy_document.${item.labels[1] ?? ''}`);
      if (policy) policies.push(policy);
    } else if (item.type === 'module' || item.type === 'locals') {
      collectPolicyAttributes(item.body, undefined, item.type, text, policies);
    }
  }
  return policies;
}

function collectPolicyAttributes(body: HclBodyItem[], resourceType: string | undefined, label: string, text: string, out: EmbeddedPolicy[]): void {
  for (const item of body) {
    if (item.kind === 'block') {
      collectPolicyAttributes(item.body, resourceType, `${label}.${item.type}`, text, out);
      continue;
    }
    if (!POLICY_ATTRIBUTES.has(item.name)) continue;
    const policyType: PolicyType | undefined =
      item.name === 'assume_role_policy' ? 'trust' : resourceType ? RESOURCE_POLICY_TYPES[resourceType] : undefined;
    const policy = policyFromExpression(item, policyType, `${label}.${item.name}`, text);
    if (policy) out.push(policy);
  }
}

function policyFromExpression(attribute: HclAttribute, policyType: PolicyType | undefined, label: string, text: string): EmbeddedPolicy | undefined {
  const builder = new NodeBuilder();
  const expr = attribute.value;
  let root: JsonNode | undefined;
  let syntax: EmbeddedPolicy['syntax'] = 'hcl';
  if (expr.type === 'call' && expr.name === 'jsonencode' && expr.args.length === 1) {
    root = hclToJson(expr.args[0]!, builder);
  } else if (expr.type === 'template') {
    const decoded = decodeTemplate(expr, text);
    if (!/^\s*\{/.test(decoded.text)) return undefined;
    root = jsonFromDecoded(decoded, builder).root;
    syntax = 'json';
  }
  if (!root || root.type !== 'object') return undefined;
  return { root, policyType, opaque: builder.opaque, syntax, label, start: expr.start, end: expr.end };
}

/** Template text as JSON: literal characters keep their host offsets, each interpolation becomes `*`. */
function decodeTemplate(expr: Extract<HclExpr, { type: 'template' }>, _text: string): DecodedJson {
  let decoded = '';
  const offsets: number[] = [];
  const interpolations = new Map<number, { start: number; end: number }>();
  for (const part of expr.parts) {
    if (part.kind === 'literal') {
      decoded += part.text;
      // A `$${` escape decodes to two characters from three: both map into the escape.
      for (let i = 0; i < part.text.length; i++) offsets.push(part.offsets[i] ?? part.offsets[part.offsets.length - 1] ?? expr.start);
    } else {
      interpolations.set(decoded.length, { start: part.start, end: part.end });
      decoded += '*';
      offsets.push(part.start);
    }
  }
  return { text: decoded, offsets, interpolations };
}

/** An HCL expression as a JSON node (objects, tuples, strings, scalars; the rest opaque). */
export function hclToJson(expr: HclExpr, builder: NodeBuilder): JsonNode {
  switch (expr.type) {
    case 'object':
      return builder.object(
        expr.start,
        expr.end,
        expr.items.map((item) => builder.property(item.key, item.keyStart, item.keyEnd, hclToJson(item.value, builder))),
      );
    case 'tuple':
      return builder.array(expr.start, expr.end, expr.items.map((item) => hclToJson(item, builder)));
    case 'template': {
      const literal = templateLiteral(expr);
      if (literal !== undefined) return builder.string(literal, expr.start, expr.end);
      const onlyInterpolation = expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation';
      if (onlyInterpolation) return builder.opaqueValue(expr.start, expr.end);
      // Keep the shape: "arn:aws:s3:::${var.bucket}/*" → arn:aws:s3:::*/*
      const value = expr.parts.map((p) => (p.kind === 'literal' ? p.text : '*')).join('');
      return builder.string(value, expr.start, expr.end);
    }
    case 'number':
      return builder.scalar('number', expr.value, expr.start, expr.end);
    case 'bool':
      return builder.scalar('boolean', expr.value, expr.start, expr.end);
    case 'null':
      return builder.scalar('null', null, expr.start, expr.end);
    default:
      return builder.opaqueValue(expr.start, expr.end);
  }
}

/** `data "aws_iam_policy_document"`: statement/principals/condition blocks as a policy tree. */
function dataSourcePolicy(block: HclBlock, label: string): EmbeddedPolicy | undefined {
  const builder = new NodeBuilder();
  const attr = (body: HclBodyItem[], name: string): HclAttribute | undefined =>
    body.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === name);
  const blocks = (body: HclBodyItem[], type: string): HclBlock[] => body.filter((i): i is HclBlock => i.kind === 'block' && i.type === type);
  const prop = (key: string, at: HclAttribute): JsonNode => builder.property(key, at.nameStart, at.nameStart + at.name.length, hclToJson(at.value, builder));
  const statements: JsonNode[] = [];
  for (const statement of blocks(block.body, 'statement')) {
    const properties: JsonNode[] = [];
    const sid = attr(statement.body, 'sid');
    if (sid) properties.push(prop('Sid', sid));
    const effect = attr(statement.body, 'effect');
    // Terraform defaults `effect` to Allow: a synthetic, zero-length value at the block start.
    properties.push(effect ? prop('Effect', effect) : builder.property('Effect', statement.start, statement.start, builder.string('Allow', statement.start, statement.start)));
    for (const [hclName, iamName] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) {
      const a = attr(statement.body, hclName);
      if (a) properties.push(prop(iamName, a));
    }
    for (const [hclName, iamName] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const principalBlocks = blocks(statement.body, hclName);
      if (principalBlocks.length === 0) continue;
      const byType = new Map<string, JsonNode>();
      const entries: JsonNode[] = [];
      for (const p of principalBlocks) {
        const type = attr(p.body, 'type');
        const identifiers = attr(p.body, 'identifiers');
        if (!type || !identifiers) continue;
        const typeName = templateLiteral(type.value) ?? '*';
        const value = hclToJson(identifiers.value, builder);
        const existing = byType.get(typeName);
        if (existing?.children && value.type === 'array') {
          existing.children.push(...(value.children ?? []));
          continue;
        }
        const entry = builder.property(typeName, type.value.start, type.value.end, value);
        if (value.type === 'array') byType.set(typeName, value);
        entries.push(entry);
      }
      properties.push(builder.property(iamName, principalBlocks[0]!.start, principalBlocks[0]!.start + hclName.length, builder.object(principalBlocks[0]!.start, principalBlocks[principalBlocks.length - 1]!.end, entries)));
    }
    const conditions = blocks(statement.body, 'condition');
    if (conditions.length > 0) {
      const byTest = new Map<string, JsonNode[]>();
      const testRanges = new Map<string, { start: number; end: number }>();
      for (const c of conditions) {
        const test = attr(c.body, 'test');
        const variable = attr(c.body, 'variable');
        const values = attr(c.body, 'values');
        if (!test || !variable || !values) continue;
        const testName = templateLiteral(test.value) ?? '';
        const variableName = templateLiteral(variable.value) ?? '';
        const entry = builder.property(variableName, variable.value.start, variable.value.end, hclToJson(values.value, builder));
        if (!byTest.has(testName)) {
          byTest.set(testName, []);
          testRanges.set(testName, { start: test.value.start, end: test.value.end });
        }
        byTest.get(testName)!.push(entry);
      }
      const blocksNodes = [...byTest.entries()].map(([testName, entries]) => {
        const range = testRanges.get(testName)!;
        return builder.property(testName, range.start, range.end, builder.object(range.start, entries[entries.length - 1]!.offset + entries[entries.length - 1]!.length, entries));
      });
      properties.push(builder.property('Condition', conditions[0]!.start, conditions[0]!.start + 'condition'.length, builder.object(conditions[0]!.start, conditions[conditions.length - 1]!.end, blocksNodes)));
    }
    statements.push(builder.object(statement.start, statement.end, properties));
  }
  const top: JsonNode[] = [];
  const version = attr(block.body, 'version');
  // The data source writes Version 2012-10-17 unless told otherwise.
  top.push(version ? prop('Version', version) : builder.property('Version', block.start, block.start, builder.string('2012-10-17', block.start, block.start)));
  const firstStatement = statements[0];
  top.push(builder.property('Statement', firstStatement?.offset ?? block.start, (firstStatement?.offset ?? block.start) + 'statement'.length, builder.array(firstStatement?.offset ?? block.start, block.end, statements)));
  return { root: builder.object(block.start, block.end, top), policyType: undefined, opaque: builder.opaque, syntax: 'hcl-data-source', label, start: block.start, end: block.end };
}
