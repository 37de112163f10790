// iam/condition-value-type: condition values that cannot match their operator (NumericLessThan "ten") or key type (Bool on a String key).
// Operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Key types: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import type { IamRule, RuleContext } from '../rule';
import type { ConditionBlock, ConditionEntry, IamDocument, StrValue } from '../../iam/document';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts } from '../../iam/values';
import { renameKey, replaceValue } from '../../iam/edits';
import { comparesKeyType, OPERATOR_CATEGORIES, parseOperator, type OperatorCategory, type ParsedOperator } from '../../iam/conditionOperators';
import { startsWithAws } from '../../iam/conditionKeySupport';

type Context = RuleContext<IamDocument>;

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH_SECONDS = /^\d{1,13}$/;
const BOOLEAN = /^(?:true|false)$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** aws:EpochTime is documented as "Date, Numeric": both operator families apply. */
const EXTRA_KEY_TYPES: Readonly<Record<string, readonly string[]>> = {
  'aws:epochtime': ['Numeric'],
};

export const conditionValueType: IamRule = {
  id: 'iam/condition-value-type',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'Condition values must fit the operator (numbers, dates, booleans, IP ranges, ARNs) and the operator must fit the condition key type.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    keyTypeMismatch: '{{operator}} compares {{compares}}, but AWS documents {{key}} as type {{type}}: the condition will not match as intended.',
    arnOperatorMismatch: '{{operator}} compares ARNs, but AWS documents {{key}} as type {{type}}.',
    forAllValuesSingleValued:
      'ForAllValues: is for multivalued keys, but {{key}} is single-valued ({{type}}): the condition is also true when the key is missing from the request. Use the operator without ForAllValues:.',
    notNumber: '{{value}} is not a number: numeric operators compare numbers only.',
    notDate: '{{value}} is not a date: use ISO 8601 (e.g. "2026-01-31T00:00:00Z") or epoch seconds.',
    notBoolean: '{{value}} is not a boolean: {{category}} takes "true" or "false".',
    notIpAddress: '{{value}} is not an IP address or CIDR range (e.g. "203.0.113.0/24" or "2001:DB8:1234:5678::/64").',
    notArn: '{{value}} is not an ARN: Arn operators compare values such as "arn:aws:s3:::my-bucket".',
    notBase64: '{{value}} is not base64: BinaryEquals compares base64-encoded bytes.',
    stringNeverMatches:
      '{{operator}} compares {{key}} as text, but AWS documents it as type {{type}} and {{value}} is no such value: the comparison {{outcome}}. Use a {{family}} operator with a {{noun}}.',
    epochDate: '{{value}} is read as epoch seconds, {{iso}}: AWS recommends ISO 8601 dates, which are easier to check.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const blocks = statement.condition?.blocks;
      if (blocks) for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        const operator = parseOperator(block.operator.value);
        if (!operator) continue; // unknown operators are iam/condition-operator-unknown's
        const category = operator.base.category;
        for (const entry of block.entries) {
          const keyTypeReported = checkKeyType(context, block, entry, operator);
          if (keyTypeReported) continue;
          const keyType = keyTypeOf(context, entry.key.value);
          for (const value of entry.values) {
            checkValue(context, category, value);
            if (category === 'String' && keyType) checkStringOnTypedKey(context, block, entry, operator, keyType, value);
            if (category === 'Date') checkEpochDate(context, entry, value);
          }
        }
      }
    }
  },
};

/** The documented type of a condition key (`String`, `ArrayOfARN`, …), or undefined when unknown. */
function keyTypeOf(context: Context, key: string): string | undefined {
  const info = startsWithAws(key) ? context.data.globalConditionKey(key) : context.data.serviceConditionKey(key);
  return info?.type;
}

/** Reports an operator that does not fit the key's type; returns true when it did. */
function checkKeyType(context: Context, block: ConditionBlock, entry: ConditionEntry, operator: ParsedOperator): boolean {
  const key = entry.key.value;
  const type = keyTypeOf(context, key);
  if (!type) return false;
  const category = operator.base.category;
  const extra = EXTRA_KEY_TYPES[key.toLowerCase()] ?? [];
  const fits = comparesKeyType(category, type) || extra.includes(category);
  if (!fits && category !== 'Arn') {
    context.report({
      start: block.operator.start,
      end: block.operator.end,
      messageId: 'keyTypeMismatch',
      data: { operator: block.operator.value, compares: OPERATOR_CATEGORIES[category].compares, key, type },
    });
    return true;
  }
  if (!fits) {
    context.report({
      start: block.operator.start,
      end: block.operator.end,
      messageId: 'arnOperatorMismatch',
      data: { operator: block.operator.value, key, type },
    });
    return true;
  }
  if (operator.set === 'ForAllValues' && !type.startsWith('ArrayOf')) {
    // ForAllValues on a single-valued key is also true when the key is absent from the request.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    context.report({
      start: block.operator.start,
      end: block.operator.end,
      messageId: 'forAllValuesSingleValued',
      data: { key, type },
      // A suggestion: without ForAllValues: the condition is false when the key is missing, so the policy grants
      // less than before; whether that (or ForAnyValue:, or another key) is meant is the author's call.
      suggestions: [
        {
          title: 'Remove "ForAllValues:"',
          edits: [renameKey(block.property, block.operator.value.slice('ForAllValues:'.length))],
        },
      ],
    });
    return true;
  }
  return false;
}

function checkValue(context: Context, category: OperatorCategory, value: StrValue): void {
  const text = value.value;
  if (hasUnknownParts(value)) return; // built from expressions GrantCheck cannot evaluate
  if (text.includes('${')) return; // policy variables are resolved at request time; template leftovers are iam/placeholder's
  if (hasPlaceholder(text)) return; // iam/placeholder reports these
  const problem = valueProblem(category, text);
  if (!problem) return;
  context.report({ start: value.start, end: value.end, messageId: problem.messageId, data: { value: JSON.stringify(text), category } });
}

/** Key types whose values have a fixed shape, with the operator family that compares them and a noun for messages. */
const TYPED_KEYS: Readonly<Record<string, { category: OperatorCategory; family: string; noun: string }>> = {
  Numeric: { category: 'Numeric', family: 'Numeric', noun: 'number' },
  Bool: { category: 'Bool', family: 'Bool', noun: '"true" or "false"' },
  Date: { category: 'Date', family: 'Date', noun: 'date' },
  IPAddress: { category: 'IpAddress', family: 'IpAddress', noun: 'CIDR range' },
};

/**
 * TYPE_MISMATCH: a String operator on a Numeric, Bool, Date or IP key reads the request value as text, which works
 * for values of the key's shape ("StringEquals": {"aws:SecureTransport": "true"} is common and correct) but never
 * for others: StringEquals "bad" on s3:signatureage never matches. Patterns of Like operators are not judged.
 */
function checkStringOnTypedKey(context: Context, block: ConditionBlock, entry: ConditionEntry, operator: ParsedOperator, keyType: string, value: StrValue): void {
  const scalarType = keyType.startsWith('ArrayOf') ? keyType.slice('ArrayOf'.length) : keyType;
  const typed = TYPED_KEYS[scalarType];
  if (!typed || !judgeable(value)) return;
  if (operator.base.wildcards && (value.value.includes('*') || value.value.includes('?'))) return;
  const extra = EXTRA_KEY_TYPES[entry.key.value.toLowerCase()] ?? [];
  const categories = [typed.category, ...extra.filter((c): c is OperatorCategory => c in OPERATOR_CATEGORIES)];
  if (categories.some((c) => !valueProblem(c, value.value))) return;
  context.report({
    start: value.start,
    end: value.end,
    messageId: 'stringNeverMatches',
    data: {
      operator: block.operator.value,
      key: entry.key.value,
      type: keyType,
      value: JSON.stringify(value.value),
      outcome: operator.base.negated ? 'always holds' : 'never matches',
      family: typed.family,
      noun: typed.noun,
    },
  });
}

const EPOCH_ONLY = /^\d{1,13}$/;

/** INVALID_DATE_VALUE: a Date operator given epoch seconds (aws:EpochTime holds them, so it is left alone). */
function checkEpochDate(context: Context, entry: ConditionEntry, value: StrValue): void {
  if (!judgeable(value) || !EPOCH_ONLY.test(value.value)) return;
  if ((EXTRA_KEY_TYPES[entry.key.value.toLowerCase()] ?? []).includes('Numeric')) return;
  const millis = Number(value.value) * 1000;
  if (!(millis <= 8.64e15)) return;
  const iso = new Date(millis).toISOString().replace('.000Z', 'Z');
  context.report({
    start: value.start,
    end: value.end,
    messageId: 'epochDate',
    severity: 'info',
    data: { value: JSON.stringify(value.value), iso },
    // A suggestion: the same instant, but whether the author meant seconds (not milliseconds) is theirs to say.
    suggestions: [{ title: `Write "${iso}"`, edits: [replaceValue(value.node, iso)] }],
  });
}

/** A value written literally, without policy variables or placeholders. */
function judgeable(value: StrValue): boolean {
  return !hasUnknownParts(value) && !value.value.includes('${') && !hasPlaceholder(value.value);
}

interface ValueProblem {
  messageId: 'notNumber' | 'notDate' | 'notBoolean' | 'notIpAddress' | 'notArn' | 'notBase64';
}

/** What is wrong with a single condition value for an operator family, if anything. */
export function valueProblem(category: OperatorCategory, text: string): ValueProblem | undefined {
  switch (category) {
    case 'Numeric':
      return NUMBER.test(text.trim()) ? undefined : { messageId: 'notNumber' };
    case 'Date':
      return ISO_DATE.test(text) || EPOCH_SECONDS.test(text)
        ? undefined
        : { messageId: 'notDate' };
    case 'Bool':
    case 'Null':
      // JSON true/false arrive here as the strings "true"/"false" and are accepted like them.
      return BOOLEAN.test(text) ? undefined : { messageId: 'notBoolean' };
    case 'IpAddress':
      return isIpOrCidr(text) ? undefined : { messageId: 'notIpAddress' };
    case 'Arn':
      if (text.startsWith('arn:') || text.includes('*') || text.includes('?')) return undefined;
      return { messageId: 'notArn' };
    case 'Binary':
      return BASE64.test(text) ? undefined : { messageId: 'notBase64' };
    default:
      return undefined;
  }
}

export function isIpOrCidr(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  if (rest.length > 0 || address === undefined) return false;
  if (isIpv4(address)) return bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32);
  if (isIpv6(address)) return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= 128);
  return false;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const last = groups[groups.length - 1];
  const embeddedV4 = last !== undefined && last.includes('.');
  if (embeddedV4 && !isIpv4(last)) return false;
  const hexGroups = embeddedV4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (embeddedV4 ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}
