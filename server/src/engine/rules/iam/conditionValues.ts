// iam/condition-values: condition values that cannot do what they seem to — a Region, VPC or VPC endpoint ID or
// service principal that is not one, private addresses in aws:SourceIp, literal wildcards, several Booleans,
// redundant numeric bounds, IP ranges with host bits, mixed JSON types, and empty condition blocks.
// Access Analyzer's checks: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// Operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Global keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import type { IamRule, RuleContext } from '../rule';
import type { ConditionBlock, ConditionEntry, IamDocument, StrValue } from '../../iam/document';
import { parseOperator, type ParsedOperator } from '../../iam/conditionOperators';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts } from '../../iam/values';
import { hasWildcard } from '../../iam/wildcard';
import { removeElements, removeProperty, renameKey, replaceValue } from '../../iam/edits';
import { AWS_REGIONS_AS_OF as AS_OF, REGION_CONDITION_KEYS, closestRegion, patternMatchesKnownRegion, regionStatus } from '../../iam/regions';
import { hasBitsAfterPrefix, isPrivateRange, networkText, parseIpRange } from '../../iam/ipRanges';

type Context = RuleContext<IamDocument>;

/**
 * VPC and VPC endpoint IDs: the prefix and 8 or 17 lower-case hexadecimal characters (the short and long ID formats).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html
 */
const ID_KEYS: Readonly<Record<string, { prefix: string; what: string; example: string }>> = {
  'aws:sourcevpc': { prefix: 'vpc-', what: 'VPC', example: 'vpc-1a2b3c4d' },
  'aws:sourcevpce': { prefix: 'vpce-', what: 'VPC endpoint', example: 'vpce-1a2b3c4d' },
};
const HEX_ID = /^[0-9a-f]+$/;

/**
 * Keys whose values are service principals (`athena.amazonaws.com`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-calledvia
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicename
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-policy-keys
 */
const SERVICE_PRINCIPAL_KEYS = new Set([
  'iam:passedtoservice',
  'codestar-connections:passedtoservice',
  'codeconnections:passedtoservice',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:principalservicename',
  'aws:principalservicenameslist',
]);

/** kms:ViaService takes `SERVICE.REGION.amazonaws.com`. https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service */
const VIA_SERVICE_KEY = 'kms:viaservice';

const PRINCIPAL_CHARS = /^[a-z0-9.-]+$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export const conditionValues: IamRule = {
  id: 'iam/condition-values',
  domain: 'iam',
  defaultSeverity: 'error',
  description:
    'Condition values must be what their key holds (Regions, VPC and VPC endpoint IDs, service principals, public IP ranges) and mean what they seem (no literal wildcards, one Boolean, no redundant bounds, no empty blocks).',
  fixable: true,
  hasSuggestions: true,
  messages: {
    malformedRegion: '{{value}} is not an AWS Region code (like "us-east-1"): {{key}} never holds it, so this value never matches.',
    unlistedRegion: '{{value}} is not a Region GrantCheck knows (its list is of {{asOf}}): check the spelling, or ignore this if the Region is new.',
    regionPatternMatchesNone: '{{value}} matches no AWS Region GrantCheck knows: check the pattern.',
    malformedId: '{{value}} is not a {{what}} ID: {{key}} holds "{{prefix}}" followed by 8 or 17 lower-case hexadecimal characters (e.g. "{{example}}").',
    malformedServicePrincipal: '{{value}} is not a service principal: {{key}} holds names like "athena.amazonaws.com".',
    malformedViaService: '{{value}} is not of the form SERVICE.REGION.amazonaws.com that kms:ViaService holds (e.g. "ec2.us-east-1.amazonaws.com").',
    privateIpOnly:
      'aws:SourceIp holds the public address a request comes from, and every range here is private: this condition never matches. Use aws:VpcSourceIp for addresses inside a VPC.',
    privateNotIpOnly:
      'aws:SourceIp holds the public address a request comes from, and every range here is private: NotIpAddress always matches, so this condition restricts nothing. Use aws:VpcSourceIp for addresses inside a VPC.',
    privateIpSubset: '{{value}} is a private range, which aws:SourceIp never holds: this value has no effect. Use aws:VpcSourceIp for addresses inside a VPC.',
    privateNotIpSubset: '{{value}} is a private range, which aws:SourceIp never holds: excluding it has no effect. Use aws:VpcSourceIp for addresses inside a VPC.',
    bitsAfterPrefix: '{{value}} has bits set after its /{{bits}} prefix, which IAM ignores: write it as "{{network}}".',
    wildcardWithoutLike: '{{operator}} compares {{value}} literally: "*" and "?" are wildcards only with a Like operator ({{like}}).',
    multipleBooleans: '{{key}} is compared with {{count}} Boolean values: a Boolean key holds one value, so list only "true" or only "false".',
    mixedTypes: 'The values of {{key}} mix JSON types ({{types}}): write them all as strings.',
    redundantBounds: '{{operator}} holds when any value matches, so only {{keep}} counts here: the other values are redundant.',
    emptyCondition: 'Empty "Condition": it has no effect. Remove it or add conditions.',
    emptyBlock: 'Empty {{operator}} block: it has no effect. Remove it or add condition keys.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const condition = statement.condition;
      if (!condition) continue;
      if (condition.valueNode?.type === 'object' && (condition.valueNode.children ?? []).length === 0) {
        context.report({
          start: condition.valueNode.offset,
          end: condition.valueNode.offset + condition.valueNode.length,
          messageId: 'emptyCondition',
          severity: 'info',
          fix: { title: 'Remove the empty "Condition"', edits: [removeProperty(condition.property)] },
        });
        continue;
      }
      for (const block of condition.blocks) {
        if (block.valueNode?.type === 'object' && (block.valueNode.children ?? []).length === 0) {
          context.report({
            start: block.valueNode.offset,
            end: block.valueNode.offset + block.valueNode.length,
            messageId: 'emptyBlock',
            severity: 'info',
            data: { operator: block.operator.value },
            // Removing the last block would leave `"Condition": {}`; remove the whole Condition then.
            fix:
              condition.blocks.length === 1 && (condition.valueNode?.children ?? []).length === 1
                ? { title: 'Remove the empty "Condition"', edits: [removeProperty(condition.property)] }
                : { title: `Remove the empty ${block.operator.value} block`, edits: [removeProperty(block.property)] },
          });
          continue;
        }
        const operator = parseOperator(block.operator.value);
        if (!operator) continue; // iam/condition-operator-unknown's
        for (const entry of block.entries) checkEntry(context, block, entry, operator);
      }
    }
  },
};

/** A value GrantCheck can read: written literally, without policy variables or documentation placeholders. */
function judged(value: StrValue): boolean {
  return !hasUnknownParts(value) && !value.value.includes('${') && !hasPlaceholder(value.value);
}

function checkEntry(context: Context, block: ConditionBlock, entry: ConditionEntry, operator: ParsedOperator): void {
  const key = entry.key.value;
  const lowerKey = key.toLowerCase();
  const values = entry.values.filter(judged);
  const allJudged = values.length === entry.values.length;
  checkMixedTypes(context, entry, key);
  switch (operator.base.category) {
    case 'String':
      for (const value of values) {
        if (!operator.base.wildcards && hasWildcard(value.value)) reportWildcard(context, block, value, operator);
        checkStringValue(context, lowerKey, key, value, operator);
      }
      break;
    case 'Bool':
      if (operator.set === undefined && entry.valueNode?.type === 'array' && entry.values.length > 1) {
        context.report({
          start: entry.valueNode.offset,
          end: entry.valueNode.offset + entry.valueNode.length,
          messageId: 'multipleBooleans',
          data: { key, count: entry.values.length },
        });
      }
      break;
    case 'IpAddress':
      checkIpValues(context, entry, values, allJudged, operator, lowerKey);
      break;
    case 'Numeric':
      if (allJudged) checkNumericBounds(context, block, entry, values, operator);
      break;
    default:
      break;
  }
}

/** INVALID_CONDITION_DATA_TYPE: a list mixing strings, numbers and booleans. */
function checkMixedTypes(context: Context, entry: ConditionEntry, key: string): void {
  const array = entry.valueNode;
  if (array?.type !== 'array') return;
  const types = new Set<string>();
  for (const value of entry.values) {
    if (hasUnknownParts(value)) continue;
    types.add(value.node.type);
  }
  if (types.size < 2) return;
  context.report({
    start: array.offset,
    end: array.offset + array.length,
    messageId: 'mixedTypes',
    severity: 'warning',
    data: { key, types: [...types].sort().join(', ') },
  });
}

function reportWildcard(context: Context, block: ConditionBlock, value: StrValue, operator: ParsedOperator): void {
  const like = likeOperatorOf(operator);
  context.report({
    start: value.start,
    end: value.end,
    messageId: 'wildcardWithoutLike',
    severity: 'warning',
    data: { operator: block.operator.value, value: JSON.stringify(value.value), like: like ?? 'StringLike, StringNotLike' },
    // A suggestion: the author may have meant the `*` literally (rare, but a tag value can hold one).
    suggestions: like ? [{ title: `Use ${like}`, edits: [renameKey(block.property, like)] }] : [],
  });
}

/** The Like operator with the same prefix, negation and IfExists (StringEquals → StringLike); none for IgnoreCase. */
function likeOperatorOf(operator: ParsedOperator): string | undefined {
  const base = operator.base;
  if (base.category !== 'String' || base.ignoresCase) return undefined;
  const name = base.negated ? 'StringNotLike' : 'StringLike';
  return `${operator.set ? `${operator.set}:` : ''}${name}${operator.ifExists ? 'IfExists' : ''}`;
}

function checkStringValue(context: Context, lowerKey: string, key: string, value: StrValue, operator: ParsedOperator): void {
  const raw = value.value;
  const text = operator.base.ignoresCase ? raw.toLowerCase() : raw;
  const data = { key, value: JSON.stringify(raw) };
  const wildcard = hasWildcard(raw);
  if (REGION_CONDITION_KEYS.has(lowerKey)) {
    if (wildcard) {
      if (operator.base.wildcards && !patternMatchesKnownRegion(text, operator.base.ignoresCase)) {
        context.report({ start: value.start, end: value.end, messageId: 'regionPatternMatchesNone', severity: 'warning', data });
      }
      return;
    }
    reportRegion(context, value, text, data);
    return;
  }
  if (wildcard) return; // a pattern (or, with an Equals operator, the wildcard finding above)
  const id = ID_KEYS[lowerKey];
  if (id) {
    const rest = text.startsWith(id.prefix) ? text.slice(id.prefix.length) : undefined;
    if (rest === undefined || (rest.length !== 8 && rest.length !== 17) || !HEX_ID.test(rest)) {
      context.report({ start: value.start, end: value.end, messageId: 'malformedId', data: { ...data, ...id } });
    }
    return;
  }
  if (SERVICE_PRINCIPAL_KEYS.has(lowerKey)) {
    if (!text.includes('.') || !PRINCIPAL_CHARS.test(text)) {
      context.report({ start: value.start, end: value.end, messageId: 'malformedServicePrincipal', data });
    }
    return;
  }
  if (lowerKey === VIA_SERVICE_KEY) {
    const labels = text.split('.');
    const region = labels[1];
    if (!PRINCIPAL_CHARS.test(text) || labels.length < 4 || labels[0] === '' || region === undefined || regionStatus(region) === 'malformed') {
      context.report({ start: value.start, end: value.end, messageId: 'malformedViaService', data });
    } else if (regionStatus(region) === 'unlisted') {
      context.report({ start: value.start, end: value.end, messageId: 'unlistedRegion', severity: 'warning', data: { key, value: JSON.stringify(region), asOf: AS_OF } });
    }
  }
}

function reportRegion(context: Context, value: StrValue, text: string, data: { key: string; value: string }): void {
  const status = regionStatus(text);
  if (status === 'known') return;
  if (status === 'unlisted') {
    context.report({ start: value.start, end: value.end, messageId: 'unlistedRegion', severity: 'warning', data: { ...data, asOf: AS_OF } });
    return;
  }
  const closest = closestRegion(text);
  context.report({
    start: value.start,
    end: value.end,
    messageId: 'malformedRegion',
    data,
    suggestions: closest ? [{ title: `Use "${closest}"`, edits: [replaceValue(value.node, closest)] }] : [],
  });
}

function checkIpValues(context: Context, entry: ConditionEntry, values: StrValue[], allJudged: boolean, operator: ParsedOperator, lowerKey: string): void {
  const ranges: { value: StrValue; range: NonNullable<ReturnType<typeof parseIpRange>> }[] = [];
  for (const value of values) {
    const range = parseIpRange(value.value.trim());
    if (!range) continue; // iam/condition-value-type reports values that are no address
    ranges.push({ value, range });
    if (range.explicitBits && hasBitsAfterPrefix(range)) {
      const network = networkText(range);
      context.report({
        start: value.start,
        end: value.end,
        messageId: 'bitsAfterPrefix',
        severity: 'info',
        data: { value: JSON.stringify(value.value), bits: range.bits, network },
        // Safe: IAM already reads the value as this range, so the policy means the same afterwards.
        fix: { title: `Write "${network}"`, edits: [replaceValue(value.node, network)] },
      });
    }
  }
  if (lowerKey !== 'aws:sourceip') return;
  const negated = operator.base.negated;
  const privates = ranges.filter((r) => isPrivateRange(r.range));
  if (privates.length === 0) return;
  const node = entry.valueNode;
  if (allJudged && privates.length === entry.values.length && node) {
    context.report({ start: node.offset, end: node.offset + node.length, messageId: negated ? 'privateNotIpOnly' : 'privateIpOnly' });
    return;
  }
  for (const { value } of privates) {
    context.report({
      start: value.start,
      end: value.end,
      messageId: negated ? 'privateNotIpSubset' : 'privateIpSubset',
      severity: 'info',
      data: { value: JSON.stringify(value.value) },
    });
  }
}

/** REDUNDANT_CONDITION_VALUE_NUM: NumericLessThan [2700, 3600] is NumericLessThan 3600. */
function checkNumericBounds(context: Context, block: ConditionBlock, entry: ConditionEntry, values: StrValue[], operator: ParsedOperator): void {
  const comparison = operator.base.comparison;
  const upper = comparison === 'lessThan' || comparison === 'lessThanEquals';
  const lower = comparison === 'greaterThan' || comparison === 'greaterThanEquals';
  const array = entry.valueNode;
  if ((!upper && !lower) || array?.type !== 'array' || values.length < 2 || values.length !== (array.children ?? []).length) return;
  if (!values.every((v) => NUMBER.test(v.value.trim()))) return;
  let keep = 0;
  for (let i = 1; i < values.length; i++) {
    const n = Number(values[i]!.value.trim());
    const best = Number(values[keep]!.value.trim());
    if (upper ? n > best : n < best) keep = i;
  }
  const redundant = values.map((_, i) => i).filter((i) => i !== keep);
  const kept = values[keep]!;
  context.report({
    start: array.offset,
    end: array.offset + array.length,
    messageId: 'redundantBounds',
    severity: 'info',
    data: { operator: block.operator.value, keep: JSON.stringify(kept.value) },
    // Safe: the condition holds for exactly the same numbers with the one bound.
    fix: { title: `Keep only ${JSON.stringify(kept.value)}`, edits: [removeElements(array, redundant)] },
  });
}
