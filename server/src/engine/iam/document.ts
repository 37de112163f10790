// IAM policy model: jsonc-parser's tree (every node with offsets) plus typed views of each statement.
//
// Rules read this model; they never parse. Non-JSON hosts (Terraform, CloudFormation) can build
// the same model from a synthetic node tree with offsets in the host file (see buildIamDocument).

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { PolicyType } from './policyType';
import { inferPolicyType } from './policyType';

export type { JsonNode, ParseError };

/** A string value somewhere in the policy, with its node and the offsets of its text (quotes included). */
export interface StrValue {
  value: string;
  node: JsonNode;
  start: number;
  end: number;
  /**
   * True for a host expression GrantCheck cannot evaluate (Terraform `aws_iam_role.x.arn`,
   * CloudFormation `!Ref Role`): its value is `*` so it matches anything, but it is not a literal
   * `"*"` — checks about wildcards (PassRole on *, full admin, public principal) must skip it.
   */
  opaque?: boolean;
}

/** Marks a synthetic node as an opaque host expression (see StrValue.opaque). */
export function markOpaque(node: JsonNode): JsonNode {
  (node as JsonNode & { grantcheckOpaque?: boolean }).grantcheckOpaque = true;
  return node;
}

export function isOpaqueNode(node: JsonNode): boolean {
  return (node as JsonNode & { grantcheckOpaque?: boolean }).grantcheckOpaque === true;
}

/** A literal `"*"` written by the author (not an unknown host expression). */
export function isLiteralStar(value: StrValue): boolean {
  return value.value === '*' && !value.opaque;
}

/** `Action`/`NotAction`, `Resource`/`NotResource`: the key used and its string values. */
export interface ListElement {
  key: string;
  /** The property node (`"Action": …`). */
  property: JsonNode;
  keyNode: JsonNode;
  /** The value node: a string or an array. Undefined when the property has no value yet. */
  valueNode: JsonNode | undefined;
  values: StrValue[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`. */
  type: string;
  typeNode: JsonNode | undefined;
  value: StrValue;
}

export interface PrincipalElement {
  key: 'Principal' | 'NotPrincipal';
  property: JsonNode;
  keyNode: JsonNode;
  valueNode: JsonNode | undefined;
  entries: PrincipalEntry[];
}

export interface ConditionEntry {
  /** The condition key, e.g. `s3:prefix`. */
  key: StrValue;
  property: JsonNode;
  valueNode: JsonNode | undefined;
  /** Scalar values as strings (`true`, `10` included), with their nodes. */
  values: StrValue[];
}

export interface ConditionBlock {
  /** The operator, e.g. `StringLike`, `ForAnyValue:StringEquals`. */
  operator: StrValue;
  property: JsonNode;
  valueNode: JsonNode | undefined;
  entries: ConditionEntry[];
}

export interface ConditionElement {
  property: JsonNode;
  keyNode: JsonNode;
  valueNode: JsonNode | undefined;
  blocks: ConditionBlock[];
}

export interface Statement {
  node: JsonNode;
  index: number;
  /** Every property of the statement in source order (duplicates included). */
  properties: JsonNode[];
  sid: StrValue | undefined;
  effect: StrValue | undefined;
  action: ListElement | undefined;
  resource: ListElement | undefined;
  principal: PrincipalElement | undefined;
  condition: ConditionElement | undefined;
}

export interface IamDocument {
  text: string;
  root: JsonNode | undefined;
  parseErrors: ParseError[];
  /** Top-level properties in source order. */
  topProperties: JsonNode[];
  version: StrValue | undefined;
  versionProperty: JsonNode | undefined;
  statementProperty: JsonNode | undefined;
  statements: Statement[];
  policyType: PolicyType;
  /** Whether the type came from the content or was set by the user/host. */
  policyTypeSource: 'inferred' | 'configured';
  /**
   * Set when the policy is embedded in a host file (Terraform, CloudFormation): `text` is then the
   * host's text, nodes are synthetic, and JSON-syntax checks do not apply.
   */
  host?: { kind: 'terraform' | 'cloudformation'; label: string };
}

/**
 * Deepest bracket nesting we hand to jsonc-parser, whose recursive descent overflows the stack
 * near 5,000 levels. A real policy nests about 7 levels (Statement → Condition → operator → key → values).
 */
export const MAX_JSON_DEPTH = 256;

/** Error code (outside jsonc-parser's range) for a document nested deeper than MAX_JSON_DEPTH. */
export const TOO_DEEP_ERROR = 1000;

/** Parses a policy document leniently: comments and trailing commas are accepted here and reported by iam/json-syntax. */
export function parseIamDocument(text: string, policyType?: PolicyType): IamDocument {
  const parseErrors: ParseError[] = [];
  const tooDeepAt = offsetBeyondDepth(text, MAX_JSON_DEPTH);
  if (tooDeepAt >= 0) {
    parseErrors.push({ error: TOO_DEEP_ERROR as ParseError['error'], offset: tooDeepAt, length: 1 });
    return buildIamDocument(text, undefined, parseErrors, policyType);
  }
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return buildIamDocument(text, root, parseErrors, policyType);
}

/** Offset of the first `[`/`{` nested deeper than `maxDepth` (outside strings and comments), or -1. */
export function offsetBeyondDepth(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

export function buildIamDocument(
  text: string,
  root: JsonNode | undefined,
  parseErrors: ParseError[],
  policyType?: PolicyType,
): IamDocument {
  const topProperties = root?.type === 'object' ? (root.children ?? []) : [];
  const versionProperty = lastProperty(topProperties, 'Version');
  const statementProperty = lastProperty(topProperties, 'Statement');
  const statementValue = statementProperty?.children?.[1];
  const statementNodes =
    statementValue?.type === 'array'
      ? (statementValue.children ?? []).filter((n) => n.type === 'object')
      : statementValue?.type === 'object'
        ? [statementValue]
        : [];
  const statements = statementNodes.map((node, index) => buildStatement(node, index));
  const partial = {
    text,
    root,
    parseErrors,
    topProperties,
    version: strValue(versionProperty?.children?.[1]),
    versionProperty,
    statementProperty,
    statements,
  };
  return {
    ...partial,
    policyType: policyType ?? inferPolicyType(statements),
    policyTypeSource: policyType ? 'configured' : 'inferred',
  };
}

function buildStatement(node: JsonNode, index: number): Statement {
  const properties = node.children ?? [];
  const actionProperty = lastProperty(properties, 'Action') ?? lastProperty(properties, 'NotAction');
  const resourceProperty = lastProperty(properties, 'Resource') ?? lastProperty(properties, 'NotResource');
  const principalProperty = lastProperty(properties, 'Principal') ?? lastProperty(properties, 'NotPrincipal');
  const conditionProperty = lastProperty(properties, 'Condition');
  return {
    node,
    index,
    properties,
    sid: strValue(lastProperty(properties, 'Sid')?.children?.[1]),
    effect: strValue(lastProperty(properties, 'Effect')?.children?.[1]),
    action: actionProperty ? listElement(actionProperty) : undefined,
    resource: resourceProperty ? listElement(resourceProperty) : undefined,
    principal: principalProperty ? principalElement(principalProperty) : undefined,
    condition: conditionProperty ? conditionElement(conditionProperty) : undefined,
  };
}

/** The key of a property node. */
export function propertyKey(property: JsonNode): string | undefined {
  const keyNode = property.children?.[0];
  return keyNode && typeof keyNode.value === 'string' ? keyNode.value : undefined;
}

/** The last property with this exact key (JSON parsers keep the last duplicate, and so does IAM). */
export function lastProperty(properties: readonly JsonNode[], key: string): JsonNode | undefined {
  for (let i = properties.length - 1; i >= 0; i--) {
    if (propertyKey(properties[i]!) === key) return properties[i];
  }
  return undefined;
}

export function strValue(node: JsonNode | undefined): StrValue | undefined {
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  return { value: node.value, node, start: node.offset, end: node.offset + node.length, opaque: isOpaqueNode(node) };
}

/** A scalar as IAM condition values see it: strings, numbers and booleans all compare as strings. */
function scalarValue(node: JsonNode): StrValue | undefined {
  if (node.type === 'string') return strValue(node);
  if (node.type === 'number' || node.type === 'boolean') {
    return { value: String(node.value), node, start: node.offset, end: node.offset + node.length, opaque: false };
  }
  return undefined;
}

/** String values of a string-or-array node. */
export function stringValues(node: JsonNode | undefined): StrValue[] {
  if (!node) return [];
  if (node.type === 'string') return [strValue(node)!];
  if (node.type === 'array') {
    return (node.children ?? []).map(strValue).filter((v): v is StrValue => v !== undefined);
  }
  return [];
}

function listElement(property: JsonNode): ListElement {
  const valueNode = property.children?.[1];
  return {
    key: propertyKey(property) ?? '',
    property,
    keyNode: property.children![0]!,
    valueNode,
    values: stringValues(valueNode),
  };
}

function principalElement(property: JsonNode): PrincipalElement {
  const valueNode = property.children?.[1];
  const entries: PrincipalEntry[] = [];
  if (valueNode?.type === 'string') {
    entries.push({ type: '*', typeNode: undefined, value: strValue(valueNode)! });
  } else if (valueNode?.type === 'object') {
    for (const child of valueNode.children ?? []) {
      const type = propertyKey(child) ?? '';
      for (const value of stringValues(child.children?.[1])) {
        entries.push({ type, typeNode: child.children?.[0], value });
      }
    }
  }
  return {
    key: propertyKey(property) === 'NotPrincipal' ? 'NotPrincipal' : 'Principal',
    property,
    keyNode: property.children![0]!,
    valueNode,
    entries,
  };
}

function conditionElement(property: JsonNode): ConditionElement {
  const valueNode = property.children?.[1];
  const blocks: ConditionBlock[] = [];
  if (valueNode?.type === 'object') {
    for (const blockProperty of valueNode.children ?? []) {
      const operator = strValue(blockProperty.children?.[0]);
      if (!operator) continue;
      const blockValue = blockProperty.children?.[1];
      const entries: ConditionEntry[] = [];
      if (blockValue?.type === 'object') {
        for (const entryProperty of blockValue.children ?? []) {
          const key = strValue(entryProperty.children?.[0]);
          if (!key) continue;
          const entryValue = entryProperty.children?.[1];
          const values =
            entryValue?.type === 'array'
              ? (entryValue.children ?? []).map(scalarValue).filter((v): v is StrValue => v !== undefined)
              : entryValue
                ? [scalarValue(entryValue)].filter((v): v is StrValue => v !== undefined)
                : [];
          entries.push({ key, property: entryProperty, valueNode: entryValue, values });
        }
      }
      blocks.push({ operator, property: blockProperty, valueNode: blockValue, entries });
    }
  }
  return { property, keyNode: property.children![0]!, valueNode, blocks };
}
