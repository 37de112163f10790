// Finds IAM policies in Terraform: jsonencode({...}), heredoc/quoted JSON, and aws_iam_policy_document data sources.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document

import type { Node as JsonNode } from 'jsonc-parser';
import { createRenderer, tokenEditsOnly } from '../iam/edits';
import { createJsonWriter } from '../iam/jsonEdits';
import type { PolicyOrigin } from '../iam/document';
import type { PolicyType } from '../iam/policyType';
import { UNKNOWN, expressionText, type ValueInfo, type ValuePiece } from '../iam/values';
import { hostGuard, jsonFromDecoded, NodeBuilder, runsOf, type DecodedJson, type EmbeddedPolicy } from './embedded';
import { createDataSourceWriter, createHclWriter, hclString } from './hclWriter';
import type { LineIndex } from '../text';
import { parseHcl, templateLiteral, type HclAttribute, type HclBlock, type HclBodyItem, type HclExpr } from './hcl';

/** Attributes that hold a policy document, wherever they appear inside a resource. */
const POLICY_ATTRIBUTES = new Set(['policy', 'assume_role_policy', 'access_policies', 'key_policy', 'inline_policy']);

/**
 * The policy type of the documents a resource type holds (its `policy`, `access_policies`, `inline_policy`…);
 * `assume_role_policy` is always a role trust policy. https://registry.terraform.io/providers/hashicorp/aws/latest/docs
 */
const RESOURCE_POLICY_TYPES: Record<string, PolicyType> = {
  aws_s3_bucket_policy: 'resource',
  aws_s3_access_point: 'resource',
  aws_s3control_bucket_policy: 'resource',
  aws_s3control_access_point_policy: 'resource',
  aws_sqs_queue_policy: 'resource',
  aws_sqs_queue: 'resource',
  aws_sns_topic_policy: 'resource',
  aws_sns_topic: 'resource',
  aws_ecr_repository_policy: 'resource',
  aws_ecr_registry_policy: 'resource',
  aws_ecrpublic_repository_policy: 'resource',
  aws_secretsmanager_secret_policy: 'resource',
  aws_secretsmanager_secret: 'resource',
  aws_glacier_vault: 'resource',
  aws_glue_resource_policy: 'resource',
  aws_elasticsearch_domain: 'resource',
  aws_elasticsearch_domain_policy: 'resource',
  aws_opensearch_domain: 'resource',
  aws_opensearch_domain_policy: 'resource',
  aws_cloudwatch_log_resource_policy: 'resource',
  aws_cloudwatch_event_bus_policy: 'resource',
  aws_lambda_function_url: 'resource',
  aws_backup_vault_policy: 'resource',
  aws_efs_file_system_policy: 'resource',
  aws_api_gateway_rest_api_policy: 'resource',
  aws_kms_key: 'kms-key',
  aws_kms_key_policy: 'kms-key',
  aws_kms_replica_key: 'kms-key',
  aws_iam_policy: 'identity',
  aws_iam_role_policy: 'identity',
  aws_iam_user_policy: 'identity',
  aws_iam_group_policy: 'identity',
  // `inline_policy { policy = … }`: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role#inline_policy
  aws_iam_role: 'identity',
  aws_ssoadmin_permission_set_inline_policy: 'identity',
};

/**
 * `aws_organizations_policy.content` is an IAM-language policy only for service control policies (the default
 * `type`); tag, backup and AI opt-out policies have their own syntax.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_policy#type
 */
function organizationsPolicyType(body: HclBodyItem[]): PolicyType | undefined {
  const type = body.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'type');
  const value = type ? templateLiteral(type.value) : 'SERVICE_CONTROL_POLICY';
  return value === 'SERVICE_CONTROL_POLICY' ? 'scp' : undefined;
}

/**
 * `data.aws_iam_policy_document.NAME.json` (or `.minified_json`, or `NAME[0]`/`NAME["key"]` under count/for_each):
 * where a data source's document is used.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#attribute-reference
 */
const DATA_SOURCE_REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]\n]{0,200}\])?\.(?:minified_)?json$/;

/**
 * Attributes of a data source that merge other documents into it: a document merged into one that is used as a
 * bucket policy ends up in that bucket policy, so it takes the type of its user.
 */
const MERGE_ATTRIBUTES = new Set(['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']);

/** `local.NAME`: a local value used where a policy goes. https://developer.hashicorp.com/terraform/language/values/locals */
const LOCAL_REFERENCE = /^local\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/**
 * The reference an expression is: `data.aws_iam_policy_document.x.json`, or the same alone in a template
 * (`"${data.aws_iam_policy_document.x.json}"`, Terraform 0.11's spelling); undefined for anything else.
 */
function referenceText(expr: HclExpr): string | undefined {
  if (expr.type === 'opaque') return expr.text.trim();
  if (expr.type !== 'template' || expr.heredoc) return undefined;
  const parts = expr.parts.filter((p) => p.kind === 'interpolation' || p.text.trim() !== '');
  const only = parts.length === 1 ? parts[0] : undefined;
  return only?.kind === 'interpolation' && only.source.startsWith('${') && only.source.endsWith('}') ? only.source.slice(2, -1).trim() : undefined;
}

/** The data source whose JSON an expression is. */
function dataSourceReferenced(expr: HclExpr): string | undefined {
  const reference = referenceText(expr);
  return reference === undefined ? undefined : DATA_SOURCE_REFERENCE.exec(reference)?.[1];
}

/** The local value an expression is. */
function localReferenced(expr: HclExpr): string | undefined {
  const reference = referenceText(expr);
  return reference === undefined ? undefined : LOCAL_REFERENCE.exec(reference)?.[1];
}

interface DataSourceUse {
  resourceType: string | undefined;
  attribute: string;
  policyType: PolicyType | undefined;
}

/** Where each data source and each local value is used as a policy (by name). */
interface PolicyUses {
  dataSources: Map<string, DataSourceUse[]>;
  locals: Map<string, DataSourceUse[]>;
}

/** Records a use of the data source or local value `expr` refers to; false when it refers to neither. */
function recordUse(expr: HclExpr, use: DataSourceUse, uses: PolicyUses): boolean {
  const dataSource = dataSourceReferenced(expr);
  if (dataSource !== undefined) {
    addUse(uses.dataSources, dataSource, use);
    return true;
  }
  const local = localReferenced(expr);
  if (local !== undefined) {
    addUse(uses.locals, local, use);
    return true;
  }
  return false;
}

/** The policy type every use agrees on, else undefined (then the type is inferred from the content). */
function typeOfUses(uses: readonly DataSourceUse[]): PolicyType | undefined {
  const types = new Set(uses.map((u) => u.policyType));
  return types.size === 1 ? [...types][0] : undefined;
}

export function extractTerraformPolicies(text: string): EmbeddedPolicy[] {
  const policies: EmbeddedPolicy[] = [];
  const uses: PolicyUses = { dataSources: new Map(), locals: new Map() };
  const dataSources: HclBlock[] = [];
  const locals: HclBlock[] = [];
  for (const item of parseHcl(text)) {
    if (item.kind !== 'block') continue;
    if (item.type === 'resource' && item.labels.length >= 2) {
      const [resourceType, name] = item.labels as [string, string];
      if (resourceType === 'aws_organizations_policy') {
        const content = item.body.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'content');
        const policyType = organizationsPolicyType(item.body);
        if (!content || !policyType) continue;
        if (recordUse(content.value, { resourceType, attribute: content.name, policyType }, uses)) continue;
        const policy = policyFromExpression(content, policyType, `${resourceType}.${name}.content`, resourceType, text);
        if (policy) policies.push(policy);
        continue;
      }
      collectPolicyAttributes(item.body, resourceType, `${resourceType}.${name}`, text, policies, uses);
    } else if (item.type === 'data' && item.labels[0] === 'aws_iam_policy_document') {
      dataSources.push(item);
    } else if (item.type === 'locals') {
      locals.push(item);
    } else if (item.type === 'module') {
      collectPolicyAttributes(item.body, undefined, item.type, text, policies, uses);
    }
  }
  // Local values, once every use of them is known: a local used as a policy is linted with the type of its uses.
  for (const block of locals) {
    for (const item of block.body) {
      if (item.kind !== 'attribute') continue;
      const localUses = uses.locals.get(item.name);
      if (!localUses) {
        collectPolicyAttributes([item], undefined, 'locals', text, policies, uses);
        continue;
      }
      // A local that is a data source's JSON passes its uses on to the data source.
      const dataSource = dataSourceReferenced(item.value);
      if (dataSource !== undefined) {
        for (const use of localUses) addUse(uses.dataSources, dataSource, use);
        continue;
      }
      const use = localUses.length === 1 ? localUses[0] : undefined;
      const label = `local.${item.name}`;
      const origin = { label, ...(use?.resourceType ? { resourceType: use.resourceType } : {}), ...(use ? { attribute: use.attribute } : {}) };
      const policy = policyFromExpression(item, typeOfUses(localUses), label, use?.resourceType, text, origin);
      if (policy) policies.push(policy);
    }
  }
  const allUses = usesThroughMerges(dataSources, uses.dataSources);
  for (const block of dataSources) {
    const policy = dataSourcePolicy(block, `data.aws_iam_policy_document.${block.labels[1] ?? ''}`, allUses.get(block.labels[1] ?? '') ?? [], text);
    if (policy) policies.push(policy);
  }
  return policies.sort((a, b) => a.start - b.start);
}

function addUse(uses: Map<string, DataSourceUse[]>, name: string, use: DataSourceUse): void {
  const list = uses.get(name) ?? [];
  list.push(use);
  uses.set(name, list);
}

/**
 * Every use of each data source: its own, plus those of each data source it is merged into (source_policy_documents
 * and the like), transitively. Uses are deduplicated, so a chain or a diamond of merges stays linear; a cycle of
 * merges (which Terraform rejects) ends where it closes.
 */
function usesThroughMerges(dataSources: readonly HclBlock[], direct: ReadonlyMap<string, DataSourceUse[]>): Map<string, DataSourceUse[]> {
  /** For each data source, the data sources it is merged into. */
  const mergedInto = new Map<string, string[]>();
  for (const block of dataSources) {
    const into = block.labels[1];
    if (into === undefined) continue;
    for (const item of block.body) {
      if (item.kind !== 'attribute' || !MERGE_ATTRIBUTES.has(item.name)) continue;
      const expressions = item.value.type === 'tuple' ? item.value.items : [item.value];
      for (const expr of expressions) {
        const merged = dataSourceReferenced(expr);
        if (merged === undefined || merged === into) continue;
        const list = mergedInto.get(merged) ?? [];
        list.push(into);
        mergedInto.set(merged, list);
      }
    }
  }
  if (mergedInto.size === 0) return new Map(direct);
  const resolved = new Map<string, DataSourceUse[]>();
  const resolving = new Set<string>();
  const resolve = (name: string): DataSourceUse[] => {
    const done = resolved.get(name);
    if (done) return done;
    if (resolving.has(name)) return direct.get(name) ?? [];
    resolving.add(name);
    const byKey = new Map<string, DataSourceUse>();
    const add = (use: DataSourceUse): void => {
      const key = `${use.resourceType ?? ''}\u0000${use.attribute}\u0000${use.policyType ?? ''}`;
      if (!byKey.has(key)) byKey.set(key, use);
    };
    for (const use of direct.get(name) ?? []) add(use);
    for (const into of mergedInto.get(name) ?? []) for (const use of resolve(into)) add(use);
    resolving.delete(name);
    const result = [...byKey.values()];
    resolved.set(name, result);
    return result;
  };
  const all = new Map<string, DataSourceUse[]>();
  for (const block of dataSources) {
    const name = block.labels[1];
    if (name !== undefined) all.set(name, resolve(name));
  }
  return all;
}

function collectPolicyAttributes(
  body: HclBodyItem[],
  resourceType: string | undefined,
  label: string,
  text: string,
  out: EmbeddedPolicy[],
  uses: PolicyUses,
): void {
  for (const item of body) {
    if (item.kind === 'block') {
      collectPolicyAttributes(item.body, resourceType, `${label}.${item.type}`, text, out, uses);
      continue;
    }
    if (!POLICY_ATTRIBUTES.has(item.name)) continue;
    const policyType: PolicyType | undefined =
      item.name === 'assume_role_policy' ? 'trust' : resourceType ? RESOURCE_POLICY_TYPES[resourceType] : undefined;
    if (recordUse(item.value, { resourceType, attribute: item.name, policyType }, uses)) continue;
    if (item.value.type === 'opaque') continue;
    const policy = policyFromExpression(item, policyType, `${label}.${item.name}`, resourceType, text);
    if (policy) out.push(policy);
  }
}

function policyFromExpression(
  attribute: HclAttribute,
  policyType: PolicyType | undefined,
  label: string,
  resourceType: string | undefined,
  text: string,
  usedAt?: PolicyOrigin,
): EmbeddedPolicy | undefined {
  const builder = new NodeBuilder(text);
  const expr = attribute.value;
  let root: JsonNode | undefined;
  let syntax: EmbeddedPolicy['syntax'] = 'hcl';
  let cleanJson = true;
  if (expr.type === 'call' && expr.name === 'jsonencode' && expr.args.length === 1) {
    root = hclToJson(expr.args[0]!, builder);
  } else if (expr.type === 'template') {
    const decoded = decodeTemplate(expr);
    if (!/^\s*\{/.test(decoded.text)) return undefined;
    const parsed = jsonFromDecoded(decoded, builder);
    root = parsed.root;
    cleanJson = parsed.errors.length === 0;
    syntax = 'json';
  }
  if (!root || root.type !== 'object') return undefined;
  const origin = usedAt ?? { label, attribute: attribute.name, ...(resourceType ? { resourceType } : {}) };
  const { unknown } = builder;
  const renderer = (lines: LineIndex) => {
    const guard = hostGuard(unknown);
    if (syntax === 'hcl') return createRenderer(createHclWriter(text, lines), guard);
    // JSON in a template: `${` must stay literal text, and a quoted string holds it escaped, on one line.
    const escape = expr.type === 'template' && expr.heredoc ? escapeTemplateSequences : escapeForQuotedString;
    const writer = createJsonWriter(text, lines, { textEdits: false, escape });
    // JSON that did not parse cleanly (an unquoted `${…}` in a list): elements the model misses could go with an edit.
    return createRenderer(cleanJson ? writer : tokenEditsOnly(writer), guard);
  };
  return { root, policyType, origin, unknown, syntax, label, start: expr.start, end: expr.end, renderer };
}

/** JSON written into a heredoc: `${` and `%{` would start a template sequence. */
function escapeTemplateSequences(json: string): string {
  return json.replace(/([$%])\{/g, '$1$1{');
}

/** JSON written into a quoted HCL string: escaped as HCL string content; a line break cannot be written there tidily. */
function escapeForQuotedString(json: string): string | undefined {
  return /[\r\n]/.test(json) ? undefined : hclString(json).slice(1, -1);
}

/** Template text as JSON: literal characters keep their host offsets, each interpolation becomes `*`. */
function decodeTemplate(expr: Extract<HclExpr, { type: 'template' }>): DecodedJson {
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
  return { text: decoded, offsets, interpolations, end: expr.contentEnd };
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
    case 'template':
      return templateNode(expr, builder);
    case 'number':
      return builder.scalar('number', expr.value, expr.start, expr.end);
    case 'bool':
      return builder.scalar('boolean', expr.value, expr.start, expr.end);
    case 'null':
      return builder.scalar('null', null, expr.start, expr.end);
    default:
      return builder.unknownValue(expr.start, expr.end);
  }
}

/**
 * A quoted template: literal text, or literal pieces around interpolations ("arn:aws:s3:::${var.bucket}/*" reads
 * as arn:aws:s3:::*\/* with the interpolation unknown), or a single interpolation (unknown).
 */
function templateNode(expr: Extract<HclExpr, { type: 'template' }>, builder: NodeBuilder): JsonNode {
  const pieces: ValuePiece[] = [];
  const offsets: (number | undefined)[] = [];
  expr.parts.forEach((part, index) => {
    if (part.kind === 'interpolation') {
      pieces.push({ kind: 'unknown', text: '*', start: part.start, end: part.end, expression: expressionText(builder.text.slice(part.start, part.end)) });
      builder.unknown.push({ start: part.start, end: part.end });
      offsets.push(undefined);
      return;
    }
    // A character is spelled one-to-one when the next one starts right after it (escapes such as `\"` do not).
    const following = expr.parts[index + 1];
    const partEnd = following?.kind === 'interpolation' ? following.start : expr.contentEnd;
    for (let i = 0; i < part.text.length; i++) {
      const at = part.offsets[i]!;
      const next = i + 1 < part.offsets.length ? part.offsets[i + 1]! : partEnd;
      offsets.push(next === at + 1 ? at : undefined);
    }
    pieces.push({ kind: 'literal', text: part.text, start: part.offsets[0] ?? expr.start, end: partEnd });
  });
  const runs = runsOf(offsets);
  if (pieces.length === 0) return builder.string('', expr.start, expr.end, { known: 'literal', runs: [] });
  return builder.pieces(pieces, runs, expr.start, expr.end);
}

/**
 * `data "aws_iam_policy_document"`: statement/principals/condition blocks as a policy tree. Its policy type comes
 * from where its `.json` is used, when every use agrees (`assume_role_policy = data.….json` → trust).
 */
function dataSourcePolicy(block: HclBlock, label: string, uses: readonly DataSourceUse[], text: string): EmbeddedPolicy | undefined {
  const builder = new NodeBuilder(text);
  const attributeProperties = new WeakSet<JsonNode>();
  /** A name written as a literal string (`test = "StringLike"`), else an unknown key. */
  const keyOf = (expr: HclExpr): { key: string; info?: ValueInfo } => {
    const literal = templateLiteral(expr);
    if (literal !== undefined) return { key: literal };
    builder.unknown.push({ start: expr.start, end: expr.end });
    return { key: '*', info: UNKNOWN };
  };
  const attr = (body: HclBodyItem[], name: string): HclAttribute | undefined =>
    body.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === name);
  const blocks = (body: HclBodyItem[], type: string): HclBlock[] => body.filter((i): i is HclBlock => i.kind === 'block' && i.type === type);
  const prop = (key: string, at: HclAttribute): JsonNode => {
    const property = builder.property(key, at.nameStart, at.nameStart + at.name.length, hclToJson(at.value, builder));
    attributeProperties.add(property);
    return property;
  };
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
        const { key: typeName, info: typeInfo } = keyOf(type.value);
        const value = hclToJson(identifiers.value, builder);
        const existing = byType.get(typeName);
        if (existing?.children && value.type === 'array') {
          existing.children.push(...(value.children ?? []));
          continue;
        }
        const entry = builder.property(typeName, type.value.start, type.value.end, value, typeInfo);
        if (value.type === 'array') byType.set(typeName, value);
        entries.push(entry);
      }
      properties.push(builder.property(iamName, principalBlocks[0]!.start, principalBlocks[0]!.start + hclName.length, builder.object(principalBlocks[0]!.start, principalBlocks[principalBlocks.length - 1]!.end, entries)));
    }
    const conditions = blocks(statement.body, 'condition');
    if (conditions.length > 0) {
      const byTest = new Map<string, JsonNode[]>();
      const testRanges = new Map<string, { start: number; end: number; info: ValueInfo | undefined }>();
      for (const c of conditions) {
        const test = attr(c.body, 'test');
        const variable = attr(c.body, 'variable');
        const values = attr(c.body, 'values');
        if (!test || !variable || !values) continue;
        const { key: testName, info: testInfo } = keyOf(test.value);
        const { key: variableName, info: variableInfo } = keyOf(variable.value);
        const entry = builder.property(variableName, variable.value.start, variable.value.end, hclToJson(values.value, builder), variableInfo);
        if (!byTest.has(testName)) {
          byTest.set(testName, []);
          testRanges.set(testName, { start: test.value.start, end: test.value.end, info: testInfo });
        }
        byTest.get(testName)!.push(entry);
      }
      const blocksNodes = [...byTest.entries()].map(([testName, entries]) => {
        const range = testRanges.get(testName)!;
        return builder.property(testName, range.start, range.end, builder.object(range.start, entries[entries.length - 1]!.offset + entries[entries.length - 1]!.length, entries), range.info);
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
  const policyType = typeOfUses(uses);
  const use = uses.length === 1 ? uses[0] : undefined;
  const origin = { label, ...(use?.resourceType ? { resourceType: use.resourceType, attribute: use.attribute } : {}) };
  const { unknown } = builder;
  const renderer = (lines: LineIndex) =>
    createRenderer(createDataSourceWriter(text, lines, attributeProperties), hostGuard(unknown));
  return { root: builder.object(block.start, block.end, top), policyType, origin, unknown, syntax: 'hcl-data-source', label, start: block.start, end: block.end, renderer };
}
