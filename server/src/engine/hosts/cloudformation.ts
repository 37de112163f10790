// Finds IAM policies in CloudFormation/SAM templates (YAML or JSON), intrinsic functions treated as opaque values of their shape.
// Intrinsics: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { PolicyType } from '../iam/policyType';
import { replaceDollarBraces } from '../interpolations';
import { NodeBuilder, type EmbeddedPolicy } from './embedded';

/** Property names that hold a policy document, and the policy type each implies. */
const POLICY_PROPERTIES: Record<string, PolicyType | undefined> = {
  AssumeRolePolicyDocument: 'trust',
  KeyPolicy: 'kms-key',
  PolicyDocument: undefined, // decided by the resource type
};

const RESOURCE_POLICY_RESOURCES: Record<string, PolicyType> = {
  'AWS::S3::BucketPolicy': 'resource',
  'AWS::SQS::QueuePolicy': 'resource',
  'AWS::SNS::TopicPolicy': 'resource',
  'AWS::SecretsManager::ResourcePolicy': 'resource',
  'AWS::ECR::Repository': 'resource',
  'AWS::Logs::ResourcePolicy': 'resource',
  'AWS::OpenSearchService::Domain': 'resource',
  'AWS::KMS::Key': 'kms-key',
  'AWS::Organizations::Policy': 'scp',
  'AWS::IAM::Policy': 'identity',
  'AWS::IAM::ManagedPolicy': 'identity',
  'AWS::IAM::Role': 'identity',
  'AWS::IAM::User': 'identity',
  'AWS::IAM::Group': 'identity',
};

/** Pseudo parameters with a known shape; anything else in `${…}` is unknown (`*`). */
const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** True when a YAML or JSON text looks like a CloudFormation/SAM template. */
export function looksLikeCloudFormation(text: string): boolean {
  if (/AWSTemplateFormatVersion/.test(text)) return true;
  return /["']?Resources["']?\s*:/.test(text) && /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/.test(text);
}

/** Resolves `!Sub` text: pseudo parameters with a known shape, `${!Literal}` escapes, and `*` for the rest. */
export function substituteSub(template: string): { value: string; allUnknown: boolean } {
  const value = replaceDollarBraces(template, ({ body }) => {
    if (body.startsWith('!')) return '${' + body.slice(1) + '}';
    if (Object.prototype.hasOwnProperty.call(PSEUDO_PARAMETERS, body)) return PSEUDO_PARAMETERS[body]!;
    return '*';
  });
  const allUnknown = replaceDollarBraces(template, () => '').length === 0;
  return { value, allUnknown };
}

export function extractCloudFormationPolicies(text: string): EmbeddedPolicy[] {
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') ? fromJsonTemplate(text) : fromYamlTemplate(text);
}

// ---------- YAML ----------

function fromYamlTemplate(text: string): EmbeddedPolicy[] {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, strict: false, uniqueKeys: false });
  } catch {
    return [];
  }
  const resources = doc.get('Resources', true);
  if (!isMap(resources)) return [];
  const out: EmbeddedPolicy[] = [];
  for (const pair of resources.items) {
    const logicalId = scalarText(pair.key);
    const resource = pair.value;
    if (!isMap(resource)) continue;
    const type = scalarText(resource.get('Type', true) as YamlNode | undefined);
    const properties = resource.get('Properties', true);
    if (!isMap(properties)) continue;
    findYamlPolicies(properties as YamlNode, type, `${logicalId ?? '?'}`, out, 0);
  }
  return out;
}

function findYamlPolicies(node: YamlNode, resourceType: string | undefined, label: string, out: EmbeddedPolicy[], depth: number): void {
  if (depth > 8) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const key = scalarText(pair.key);
      if (key !== undefined && key in POLICY_PROPERTIES && isMap(pair.value)) {
        const builder = new NodeBuilder();
        const root = yamlToJson(pair.value, builder, 0);
        const policyType = POLICY_PROPERTIES[key] ?? (resourceType ? RESOURCE_POLICY_RESOURCES[resourceType] : undefined);
        const [start, , end] = pair.value.range ?? [0, 0, 0];
        out.push({ root, policyType, opaque: builder.opaque, syntax: 'yaml', label: `${label}.${key}`, start, end });
      } else if (pair.value) {
        findYamlPolicies(pair.value, resourceType, key ? `${label}.${key}` : label, out, depth + 1);
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items as YamlNode[]) findYamlPolicies(item, resourceType, label, out, depth + 1);
  }
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function yamlToJson(node: YamlNode, builder: NodeBuilder, depth: number): JsonNode {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  const tag = node.tag;
  if (tag && tag.startsWith('!') && depth < 64) return intrinsicYaml(tag.slice(1), node, builder, start, valueEnd);
  if (isMap(node)) {
    const items = node.items as Pair<YamlNode, YamlNode>[];
    if (items.length === 1) {
      const key = scalarText(items[0]!.key);
      if (key && (key === 'Ref' || key.startsWith('Fn::')) && items[0]!.value) {
        return intrinsicYaml(key === 'Ref' ? 'Ref' : key.slice(4), items[0]!.value, builder, start, valueEnd);
      }
    }
    const properties = items.map((pair) => {
      const [ks, ke] = (pair.key as YamlNode | null)?.range ?? [start, start];
      const value = pair.value ? yamlToJson(pair.value, builder, depth + 1) : builder.scalar('null', null, ke, ke);
      return builder.property(scalarText(pair.key) ?? '', ks, ke, value);
    });
    return builder.object(start, valueEnd, properties);
  }
  if (isSeq(node)) return builder.array(start, valueEnd, (node.items as YamlNode[]).map((item) => yamlToJson(item, builder, depth + 1)));
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return builder.scalar('number', v, start, valueEnd);
    if (typeof v === 'boolean') return builder.string(String(v), start, valueEnd);
    if (v === null || v === undefined) return builder.scalar('null', null, start, valueEnd);
    return builder.string(String(v), start, valueEnd);
  }
  return builder.opaqueValue(start, valueEnd);
}

function intrinsicYaml(name: string, argument: YamlNode, builder: NodeBuilder, start: number, end: number): JsonNode {
  if (name === 'Sub') {
    const template = isScalar(argument) ? scalarText(argument) : isSeq(argument) ? scalarText(argument.items[0]) : undefined;
    if (template === undefined) return builder.opaqueValue(start, end);
    const { value, allUnknown } = substituteSub(template);
    return allUnknown ? builder.opaqueValue(start, end) : builder.string(value, start, end);
  }
  if (name === 'Join' && isSeq(argument) && argument.items.length === 2 && isSeq(argument.items[1])) {
    const delimiter = scalarText(argument.items[0]) ?? '';
    const parts = (argument.items[1].items as YamlNode[]).map((p) => (isScalar(p) && !p.tag ? scalarText(p) ?? '*' : '*'));
    if (parts.every((p) => p === '*')) return builder.opaqueValue(start, end);
    return builder.string(parts.join(delimiter), start, end);
  }
  // Ref, GetAtt, ImportValue, If, Select, FindInMap…: unknown values.
  return builder.opaqueValue(start, end);
}

// ---------- JSON ----------

function fromJsonTemplate(text: string): EmbeddedPolicy[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const resources = child(root, 'Resources');
  if (!resources || resources.type !== 'object') return [];
  const out: EmbeddedPolicy[] = [];
  for (const resourceProperty of resources.children ?? []) {
    const resource = resourceProperty.children?.[1];
    const type = child(resource, 'Type')?.value as string | undefined;
    const properties = child(resource, 'Properties');
    if (properties) findJsonPolicies(properties, type, String(resourceProperty.children?.[0]?.value ?? '?'), out, 0);
  }
  return out;
}

function child(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children?.[1];
  return undefined;
}

function findJsonPolicies(node: JsonNode, resourceType: string | undefined, label: string, out: EmbeddedPolicy[], depth: number): void {
  if (depth > 8) return;
  if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const key = property.children?.[0]?.value as string | undefined;
      const value = property.children?.[1];
      if (!value) continue;
      if (key !== undefined && key in POLICY_PROPERTIES && value.type === 'object') {
        const builder = new NodeBuilder();
        const policyType = POLICY_PROPERTIES[key] ?? (resourceType ? RESOURCE_POLICY_RESOURCES[resourceType] : undefined);
        out.push({ root: jsonIntrinsics(value, builder, 0), policyType, opaque: builder.opaque, syntax: 'json', label: `${label}.${key}`, start: value.offset, end: value.offset + value.length });
      } else {
        findJsonPolicies(value, resourceType, key ? `${label}.${key}` : label, out, depth + 1);
      }
    }
  } else if (node.type === 'array') {
    for (const item of node.children ?? []) findJsonPolicies(item, resourceType, label, out, depth + 1);
  }
}

/** Copies a JSON policy node, replacing `{"Ref": …}` / `{"Fn::…": …}` objects by opaque or shaped strings. */
function jsonIntrinsics(node: JsonNode, builder: NodeBuilder, depth: number): JsonNode {
  const start = node.offset;
  const end = node.offset + node.length;
  if (node.type === 'object') {
    const props = node.children ?? [];
    const onlyKey = props.length === 1 ? (props[0]!.children?.[0]?.value as string | undefined) : undefined;
    if (onlyKey && (onlyKey === 'Ref' || onlyKey.startsWith('Fn::'))) {
      const argument = props[0]!.children?.[1];
      if (onlyKey === 'Fn::Sub' && argument) {
        const template = argument.type === 'string' ? (argument.value as string) : argument.type === 'array' ? (argument.children?.[0]?.value as string | undefined) : undefined;
        if (typeof template === 'string') {
          const { value, allUnknown } = substituteSub(template);
          return allUnknown ? builder.opaqueValue(start, end) : builder.string(value, start, end);
        }
      }
      if (onlyKey === 'Fn::Join' && argument?.type === 'array' && argument.children?.length === 2 && argument.children[1]!.type === 'array') {
        const delimiter = typeof argument.children[0]!.value === 'string' ? (argument.children[0]!.value as string) : '';
        const parts = (argument.children[1]!.children ?? []).map((p) => (p.type === 'string' ? (p.value as string) : '*'));
        if (!parts.every((p) => p === '*')) return builder.string(parts.join(delimiter), start, end);
      }
      return builder.opaqueValue(start, end);
    }
    if (depth > 64) return builder.opaqueValue(start, end);
    return builder.object(
      start,
      end,
      props.map((p) => {
        const key = p.children![0]!;
        const value = p.children?.[1];
        return builder.property(String(key.value), key.offset, key.offset + key.length, value ? jsonIntrinsics(value, builder, depth + 1) : builder.scalar('null', null, key.offset, key.offset));
      }),
    );
  }
  if (node.type === 'array') return builder.array(start, end, (node.children ?? []).map((c) => jsonIntrinsics(c, builder, depth + 1)));
  if (node.type === 'string') return builder.string(node.value as string, start, end);
  if (node.type === 'boolean') return builder.string(String(node.value), start, end);
  if (node.type === 'number') return builder.scalar('number', node.value, start, end);
  return builder.scalar('null', null, start, end);
}
