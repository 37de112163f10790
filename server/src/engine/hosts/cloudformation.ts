// Finds IAM policies in CloudFormation/SAM templates (YAML or JSON), intrinsic functions treated as opaque values of their shape.
// Intrinsics: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { createRenderer } from '../iam/edits';
import { createJsonWriter } from '../iam/jsonEdits';
import type { LineIndex } from '../text';
import { MAX_JSON_DEPTH, setObjectOpening } from '../iam/document';
import { parseStrictJsonTree } from '../iam/jsonTree';
import type { PolicyType } from '../iam/policyType';
import { expressionText, type ValuePiece } from '../iam/values';
import { replaceDollarBraces } from '../interpolations';
import { hostGuard, NodeBuilder, runsOf, tokenInfo, type EmbeddedPolicy } from './embedded';
import { createYamlWriter, type YamlStyle } from './yamlWriter';
import { readBlockYaml } from './yamlBlock';

/** Properties that hold a policy document in any resource, and the policy type each implies (undefined: the resource's). */
const POLICY_PROPERTIES: Record<string, PolicyType | undefined> = {
  AssumeRolePolicyDocument: 'trust',
  KeyPolicy: 'kms-key',
  PolicyDocument: undefined, // decided by the resource type
};

/**
 * The properties of a resource type that hold policy documents, and their policy type.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 * (e.g. aws-resource-ecr-repository.html#cfn-ecr-repository-repositorypolicytext,
 * aws-resource-secretsmanager-resourcepolicy.html#cfn-secretsmanager-resourcepolicy-resourcepolicy).
 */
const RESOURCE_POLICIES: Record<string, Record<string, PolicyType>> = {
  'AWS::S3::BucketPolicy': { PolicyDocument: 'resource' },
  'AWS::S3::AccessPoint': { Policy: 'resource' },
  'AWS::SQS::QueuePolicy': { PolicyDocument: 'resource' },
  'AWS::SNS::TopicPolicy': { PolicyDocument: 'resource' },
  'AWS::SecretsManager::ResourcePolicy': { ResourcePolicy: 'resource' },
  'AWS::ECR::Repository': { RepositoryPolicyText: 'resource' },
  'AWS::Logs::ResourcePolicy': { PolicyDocument: 'resource' },
  'AWS::OpenSearchService::Domain': { AccessPolicies: 'resource' },
  'AWS::Elasticsearch::Domain': { AccessPolicies: 'resource' },
  'AWS::EFS::FileSystem': { FileSystemPolicy: 'resource' },
  'AWS::Backup::BackupVault': { AccessPolicy: 'resource' },
  'AWS::ApiGateway::RestApi': { Policy: 'resource' },
  'AWS::KMS::Key': { KeyPolicy: 'kms-key' },
  'AWS::KMS::ReplicaKey': { KeyPolicy: 'kms-key' },
  // Only service control policies are written in the IAM policy language (see organizationsPolicyIsScp).
  'AWS::Organizations::Policy': { Content: 'scp' },
  'AWS::IAM::Policy': { PolicyDocument: 'identity' },
  'AWS::IAM::ManagedPolicy': { PolicyDocument: 'identity' },
  'AWS::IAM::Role': { PolicyDocument: 'identity', AssumeRolePolicyDocument: 'trust' },
  'AWS::IAM::User': { PolicyDocument: 'identity' },
  'AWS::IAM::Group': { PolicyDocument: 'identity' },
  'AWS::SSO::PermissionSet': { InlinePolicy: 'identity' },
};

/**
 * Whether a property of a resource holds a policy, and of which type (`null`: it does not). An Organizations
 * policy is an IAM-language document only when its Type is SERVICE_CONTROL_POLICY (tag, backup and AI opt-out
 * policies have their own syntax): https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html
 */
function policyProperty(resourceType: string | undefined, key: string, organizationsType: string | undefined): PolicyType | undefined | null {
  const specific = resourceType ? RESOURCE_POLICIES[resourceType]?.[key] : undefined;
  if (resourceType === 'AWS::Organizations::Policy' && key === 'Content') return organizationsType === 'SERVICE_CONTROL_POLICY' ? 'scp' : null;
  if (specific) return specific;
  return key in POLICY_PROPERTIES ? POLICY_PROPERTIES[key] : null;
}

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

/**
 * `Fn::Sub` text as pieces: literal text, `${!Literal}` escapes (literal `${Literal}`), pseudo parameters with a
 * known shape (assumed) and every other `${…}` (unknown). `at(i)` is the host offset of template character `i`
 * when the template is spelled one-to-one in the host. Scans once, left to right.
 */
function subPieces(template: string, at: (i: number) => number | undefined, start: number, end: number): { pieces: ValuePiece[]; offsets: (number | undefined)[] } {
  const pieces: ValuePiece[] = [];
  const offsets: (number | undefined)[] = [];
  const literal = (text: string, templateIndexes: number[]): void => {
    if (text.length === 0) return;
    const hostAt = templateIndexes.map(at);
    const last = pieces[pieces.length - 1];
    const first = hostAt.find((o) => o !== undefined) ?? start;
    if (last?.kind === 'literal') {
      last.text += text;
      last.end = Math.max(last.end, (hostAt[hostAt.length - 1] ?? first) + 1);
    } else pieces.push({ kind: 'literal', text, start: first, end: (hostAt[hostAt.length - 1] ?? first) + 1 });
    offsets.push(...hostAt);
  };
  const range = (n: number, from: number): number[] => Array.from({ length: n }, (_, k) => from + k);
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    const close = open < 0 ? -1 : template.indexOf('}', open + 2);
    if (open < 0 || close < 0) break;
    literal(template.slice(i, open), range(open - i, i));
    const name = template.slice(open + 2, close);
    const hostStart = at(open) ?? start;
    const hostEnd = (at(close) ?? end - 1) + 1;
    if (name.startsWith('!')) {
      // `${!Literal}` is the text `${Literal}`: its characters after the `!` shift by one.
      literal('${' + name.slice(1) + '}', [open, open + 1, ...range(name.length - 1, open + 3), close]);
    } else if (name in PSEUDO_PARAMETERS) {
      pieces.push({ kind: 'assumed', text: PSEUDO_PARAMETERS[name]!, start: hostStart, end: hostEnd, expression: expressionText('${' + name + '}') });
      offsets.push(...new Array<undefined>(PSEUDO_PARAMETERS[name]!.length).fill(undefined));
    } else {
      pieces.push({ kind: 'unknown', text: '*', start: hostStart, end: hostEnd, expression: expressionText('${' + name + '}') });
      offsets.push(undefined);
    }
    i = close + 1;
  }
  literal(template.slice(i), range(template.length - i, i));
  return { pieces, offsets };
}

/** A `Fn::Sub` string: its template, where it is written, and the range of the whole intrinsic. */
function subNode(builder: NodeBuilder, template: string, at: (i: number) => number | undefined, start: number, end: number): JsonNode {
  const { pieces, offsets } = subPieces(template, at, start, end);
  for (const p of pieces) if (p.kind === 'unknown') builder.unknown.push({ start: p.start, end: p.end });
  if (pieces.length === 0) return builder.string('', start, end, { known: 'literal', runs: [] });
  return builder.pieces(pieces, runsOf(offsets), start, end);
}

/** Host offset of character `i` of a scalar's value, when the token spells the value one-to-one. */
function scalarOffsets(text: string, start: number, end: number, value: string): (i: number) => number | undefined {
  const offsets = new Array<number | undefined>(value.length).fill(undefined);
  for (const r of tokenInfo(text, start, end, value).runs) for (let k = 0; k < r.length; k++) offsets[r.valueStart + k] = r.sourceStart + k;
  return (i) => offsets[i];
}

export function extractCloudFormationPolicies(text: string): EmbeddedPolicy[] {
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') ? fromJsonTemplate(text) : fromYamlTemplate(text);
}

// ---------- YAML ----------

function fromYamlTemplate(text: string): EmbeddedPolicy[] {
  const resources = templateYaml(text)?.get('Resources', true);
  if (!isMap(resources)) return [];
  const found: YamlPolicy[] = [];
  for (const pair of resources.items as Pair<YamlNode, YamlNode>[]) yamlResourcePolicies(pair, text, found);
  const document = { text };
  return found.map((policy) => placedYamlPolicy(policy, document));
}

/** How templates are parsed, here and one resource at a time (cloudformationResources.ts): the same way. */
export const YAML_OPTIONS = { prettyErrors: false, strict: false, uniqueKeys: false } as const;

/**
 * A whole template's top-level node as parseDocument composes it: read by hosts/yamlBlock.ts when the text is plain
 * block YAML (most templates; several times faster), by the `yaml` package otherwise. Undefined when parsing throws.
 */
export function templateYaml(text: string, plainBlockReader = true): { get(key: string, keepScalar: true): unknown } | undefined {
  const block = plainBlockReader ? readBlockYaml(text) : undefined;
  if (block) return block;
  try {
    return parseDocument(text, YAML_OPTIONS);
  } catch {
    return undefined;
  }
}

/**
 * A policy found in YAML, before it is placed in a document: the renderer is made for the text it is linted in
 * (placedYamlPolicy), so the same tree can be re-used at another place of another version of the file.
 */
export interface YamlPolicy extends Omit<EmbeddedPolicy, 'renderer'> {
  /** How each collection and scalar of the policy is written, for the YAML writer. */
  styles: WeakMap<JsonNode, YamlStyle>;
}

/** The policies of one top-level resource (`pair`: logical id → resource), offsets into `text`. */
export function yamlResourcePolicies(pair: Pair<YamlNode, YamlNode>, text: string, out: YamlPolicy[]): void {
  const logicalId = scalarText(pair.key);
  const resource = pair.value;
  if (!isMap(resource)) return;
  const type = scalarText(resource.get('Type', true) as YamlNode | undefined);
  const properties = resource.get('Properties', true);
  if (!isMap(properties)) return;
  const organizationsType = scalarText(properties.get('Type', true) as YamlNode | undefined);
  findYamlPolicies(properties as YamlNode, { text, resourceType: type, organizationsType }, `${logicalId ?? '?'}`, out, 0);
}

/** A YAML policy as linted in `document.text` (where its offsets point; read when a fix is written). */
export function placedYamlPolicy(policy: YamlPolicy, document: { readonly text: string }): EmbeddedPolicy {
  const { styles, ...rest } = policy;
  const { unknown } = policy;
  return { ...rest, renderer: (lines: LineIndex) => createRenderer(createYamlWriter(document.text, lines, (node) => styles.get(node)), hostGuard(unknown)) };
}

interface ResourceContext {
  text: string;
  resourceType: string | undefined;
  /** `Properties.Type` of an AWS::Organizations::Policy. */
  organizationsType: string | undefined;
}

function findYamlPolicies(node: YamlNode, resource: ResourceContext, label: string, out: YamlPolicy[], depth: number): void {
  if (depth > 8) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const key = scalarText(pair.key);
      const policyType = key === undefined ? null : policyProperty(resource.resourceType, key, resource.organizationsType);
      if (key !== undefined && policyType !== null && isMap(pair.value)) {
        const builder = new NodeBuilder(resource.text);
        const styles = new WeakMap<JsonNode, YamlStyle>();
        const root = yamlToJson(pair.value, builder, 0, styles);
        const [start, , end] = pair.value.range ?? [0, 0, 0];
        const origin = { label: `${label}.${key}`, attribute: key, ...(resource.resourceType ? { resourceType: resource.resourceType } : {}) };
        out.push({ root, policyType, origin, unknown: builder.unknown, syntax: 'yaml', label: origin.label, start, end, styles });
      } else if (pair.value) {
        findYamlPolicies(pair.value, resource, key ? `${label}.${key}` : label, out, depth + 1);
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items as YamlNode[]) findYamlPolicies(item, resource, label, out, depth + 1);
  }
}

export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

/** The policy tree of a YAML node; `styles` records how each collection and scalar is written, for the YAML writer. */
function yamlToJson(node: YamlNode, builder: NodeBuilder, depth: number, styles: WeakMap<JsonNode, YamlStyle>): JsonNode {
  const styled = (json: JsonNode, yaml: YamlNode | null | undefined): JsonNode => {
    const style = isMap(yaml) || isSeq(yaml) ? (yaml.flow ? 'flow' : 'block') : isScalar(yaml) ? (yaml.type as YamlStyle | undefined) : undefined;
    if (style) styles.set(json, style);
    return json;
  };
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
      const value = pair.value ? yamlToJson(pair.value, builder, depth + 1, styles) : builder.scalar('null', null, ke, ke);
      const property = builder.property(scalarText(pair.key) ?? '', ks, ke, value);
      styled(property.children![0]!, pair.key as YamlNode | null);
      return property;
    });
    const object = styled(builder.object(start, valueEnd, properties), node);
    // A block mapping has no brace: findings about what it lacks point at its first key.
    const firstKey = properties[0]?.children?.[0];
    if (!node.flow && firstKey) setObjectOpening(object, { start: firstKey.offset, end: firstKey.offset + firstKey.length });
    return object;
  }
  if (isSeq(node)) return styled(builder.array(start, valueEnd, (node.items as YamlNode[]).map((item) => yamlToJson(item, builder, depth + 1, styles))), node);
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') return styled(builder.scalar('number', v, start, valueEnd), node);
    if (typeof v === 'boolean') return styled(builder.string(String(v), start, valueEnd), node);
    if (v === null || v === undefined) return styled(builder.scalar('null', null, start, valueEnd), node);
    return styled(builder.string(String(v), start, valueEnd), node);
  }
  return builder.unknownValue(start, valueEnd);
}

function intrinsicYaml(name: string, argument: YamlNode, builder: NodeBuilder, start: number, end: number): JsonNode {
  const { text } = builder;
  if (name === 'Sub') {
    const templateNode = isScalar(argument) ? argument : isSeq(argument) && isScalar(argument.items[0]) ? (argument.items[0] as YamlNode) : undefined;
    const template = scalarText(templateNode);
    if (template === undefined || !templateNode) return builder.unknownValue(start, end);
    const [ts, te] = templateNode.range ?? [start, end];
    return subNode(builder, template, scalarOffsets(text, ts, te, template), start, end);
  }
  if (name === 'Join' && isSeq(argument) && argument.items.length === 2 && isSeq(argument.items[1])) {
    const delimiter = scalarText(argument.items[0]) ?? '';
    const parts = (argument.items[1].items as YamlNode[]).map((p) => {
      const [ps, pe] = p.range ?? [start, end];
      const value = isScalar(p) && !p.tag ? scalarText(p) : undefined;
      return { value, start: ps, end: pe, at: value === undefined ? undefined : scalarOffsets(text, ps, pe, value) };
    });
    return joinNode(builder, delimiter, parts, start, end);
  }
  // Ref, GetAtt, ImportValue, If, Select, FindInMap…: unknown values.
  return builder.unknownValue(start, end);
}

/** `Fn::Join`: literal parts keep their text, every other part is unknown; the delimiter is literal. */
function joinNode(
  builder: NodeBuilder,
  delimiter: string,
  parts: { value: string | undefined; start: number; end: number; at: ((i: number) => number | undefined) | undefined }[],
  start: number,
  end: number,
): JsonNode {
  const pieces: ValuePiece[] = [];
  const offsets: (number | undefined)[] = [];
  parts.forEach((part, i) => {
    if (i > 0 && delimiter.length > 0) {
      pieces.push({ kind: 'literal', text: delimiter, start, end });
      offsets.push(...new Array<undefined>(delimiter.length).fill(undefined));
    }
    if (part.value === undefined) {
      pieces.push({ kind: 'unknown', text: '*', start: part.start, end: part.end, expression: expressionText(builder.text.slice(part.start, part.end)) });
      builder.unknown.push({ start: part.start, end: part.end });
      offsets.push(undefined);
    } else {
      pieces.push({ kind: 'literal', text: part.value, start: part.start, end: part.end });
      for (let k = 0; k < part.value.length; k++) offsets.push(part.at?.(k));
    }
  });
  if (pieces.length === 0) return builder.unknownValue(start, end);
  return builder.pieces(pieces, runsOf(offsets), start, end);
}

// ---------- JSON ----------

/** How templates are parsed as JSON, here and one resource at a time (cloudformationResources.ts): the same way. */
export const JSON_OPTIONS = { allowTrailingComma: true, disallowComments: false } as const;

function fromJsonTemplate(text: string): EmbeddedPolicy[] {
  // Strict JSON (most templates) is read by the policy files' fast reader, which builds parseTree's very tree.
  return jsonTemplatePolicies(parseStrictJsonTree(text, MAX_JSON_DEPTH) ?? parseTree(text, [], JSON_OPTIONS), text);
}

/** The policies of a JSON template from its tree (`parseTree` of `text` with JSON_OPTIONS, errors and all). */
export function jsonTemplatePolicies(root: JsonNode | undefined, text: string): EmbeddedPolicy[] {
  const resources = jsonResources(root);
  if (!resources) return [];
  const out: EmbeddedPolicy[] = [];
  const document = { text };
  for (const resourceProperty of resources.children ?? []) jsonResourcePolicies(jsonLogicalId(resourceProperty), resourceProperty.children?.[1], text, document, out);
  return out;
}

/** The `Resources` object of a JSON template (the first such key, as everywhere here), or undefined. */
export function jsonResources(root: JsonNode | undefined): JsonNode | undefined {
  const resources = child(root, 'Resources');
  return resources && resources.type === 'object' ? resources : undefined;
}

/** The logical id of a resource property of a JSON template's `Resources`, as labels name it. */
export function jsonLogicalId(resourceProperty: JsonNode): string {
  return String(resourceProperty.children?.[0]?.value ?? '?');
}

/**
 * The policies of one resource of a JSON template (`resource`: its value). Offsets point into `text` (what was
 * parsed); fixes are written for `document.text` (the text linted, read when a fix is rendered).
 */
export function jsonResourcePolicies(logicalId: string, resource: JsonNode | undefined, text: string, document: { readonly text: string }, out: EmbeddedPolicy[]): void {
  const type = child(resource, 'Type')?.value as string | undefined;
  const properties = child(resource, 'Properties');
  const organizationsType = child(properties, 'Type')?.value;
  const context = { text, resourceType: type, organizationsType: typeof organizationsType === 'string' ? organizationsType : undefined };
  if (properties) findJsonPolicies(properties, context, logicalId, document, out, 0);
}

function child(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children?.[1];
  return undefined;
}

function findJsonPolicies(node: JsonNode, resource: ResourceContext, label: string, document: { readonly text: string }, out: EmbeddedPolicy[], depth: number): void {
  if (depth > 8) return;
  if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const key = property.children?.[0]?.value as string | undefined;
      const value = property.children?.[1];
      if (!value) continue;
      const policyType = key === undefined ? null : policyProperty(resource.resourceType, key, resource.organizationsType);
      if (key !== undefined && policyType !== null && value.type === 'object') {
        const builder = new NodeBuilder(resource.text);
        const origin = { label: `${label}.${key}`, attribute: key, ...(resource.resourceType ? { resourceType: resource.resourceType } : {}) };
        const root = jsonIntrinsics(value, builder, resource.text, 0);
        const { unknown } = builder;
        const [start, end] = [value.offset, value.offset + value.length];
        const renderer = (lines: LineIndex) => createRenderer(createJsonWriter(document.text, lines, { textEdits: false }), hostGuard(unknown));
        out.push({ root, policyType, origin, unknown, syntax: 'json', label: origin.label, start, end, renderer });
      } else {
        findJsonPolicies(value, resource, key ? `${label}.${key}` : label, document, out, depth + 1);
      }
    }
  } else if (node.type === 'array') {
    for (const item of node.children ?? []) findJsonPolicies(item, resource, label, document, out, depth + 1);
  }
}

/** Copies a JSON policy node, replacing `{"Ref": …}` / `{"Fn::…": …}` objects by unknown or partly known strings. */
function jsonIntrinsics(node: JsonNode, builder: NodeBuilder, text: string, depth: number): JsonNode {
  const start = node.offset;
  const end = node.offset + node.length;
  if (node.type === 'object') {
    const props = node.children ?? [];
    const onlyKey = props.length === 1 ? (props[0]!.children?.[0]?.value as string | undefined) : undefined;
    if (onlyKey && (onlyKey === 'Ref' || onlyKey.startsWith('Fn::'))) {
      const argument = props[0]!.children?.[1];
      if (onlyKey === 'Fn::Sub' && argument) {
        const templateNode = argument.type === 'string' ? argument : argument.type === 'array' ? argument.children?.[0] : undefined;
        if (templateNode?.type === 'string' && typeof templateNode.value === 'string') {
          return subNode(builder, templateNode.value, scalarOffsets(text, templateNode.offset, templateNode.offset + templateNode.length, templateNode.value), start, end);
        }
      }
      if (onlyKey === 'Fn::Join' && argument?.type === 'array' && argument.children?.length === 2 && argument.children[1]!.type === 'array') {
        const delimiter = typeof argument.children[0]!.value === 'string' ? (argument.children[0]!.value as string) : '';
        const parts = (argument.children[1]!.children ?? []).map((p) => {
          const value = p.type === 'string' ? (p.value as string) : undefined;
          const ps = p.offset;
          const pe = p.offset + p.length;
          return { value, start: ps, end: pe, at: value === undefined ? undefined : scalarOffsets(text, ps, pe, value) };
        });
        return joinNode(builder, delimiter, parts, start, end);
      }
      return builder.unknownValue(start, end);
    }
    if (depth > 64) return builder.unknownValue(start, end);
    return builder.object(
      start,
      end,
      props.map((p) => {
        const key = p.children![0]!;
        const value = p.children?.[1];
        return builder.property(String(key.value), key.offset, key.offset + key.length, value ? jsonIntrinsics(value, builder, text, depth + 1) : builder.scalar('null', null, key.offset, key.offset));
      }),
    );
  }
  if (node.type === 'array') return builder.array(start, end, (node.children ?? []).map((c) => jsonIntrinsics(c, builder, text, depth + 1)));
  if (node.type === 'string') return builder.string(node.value as string, start, end);
  if (node.type === 'boolean') return builder.string(String(node.value), start, end);
  if (node.type === 'number') return builder.scalar('number', node.value, start, end);
  return builder.scalar('null', null, start, end);
}
