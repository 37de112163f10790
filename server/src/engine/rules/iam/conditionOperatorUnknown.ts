// iam/condition-operator-unknown: condition operators IAM does not know (`StringEqual`), and modifiers that do not combine (`NullIfExists`).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import type { IamRule, RuleContext } from '../rule';
import type { ConditionBlock, IamDocument } from '../../iam/document';
import { baseOperator, CONDITION_OPERATORS, IF_EXISTS, isSetPrefix, parseOperator, SET_PREFIXES, splitOperator } from '../../iam/conditionOperators';
import { hasPlaceholder } from '../../iam/placeholders';
import { renderMessage } from '../../findings';
import { closestMatches, isCertainCorrection } from '../../text';
import type { FixProposal } from '../../types';
import { hasUnknownParts } from '../../iam/values';
import { renameKey } from '../../iam/edits';

const BASE_OPERATORS = Object.keys(CONDITION_OPERATORS);

const MESSAGES = {
  unknownOperator: 'Unknown condition operator "{{operator}}"{{hint}}{{setOperatorProblem}}',
  nullIfExists: '"NullIfExists" does not exist: Null already tests whether the key is present. Use "Null".',
  unknownSetOperator: 'Unknown set operator "{{prefix}}:"{{hint}} Only ForAllValues: and ForAnyValue: exist.',
  nullWithQualifier:
    '"{{operator}}" is always {{always}}: Null tests whether a key is present, and {{prefix}}: makes that test meaningless. Use "Null" without {{prefix}}:.',
  missingQualifier:
    '{{key}} is multivalued ({{type}}): compare it with ForAnyValue:{{operator}} (at least one value matches) or ForAllValues:{{operator}} (every value matches). Without a set operator the result for several values is not documented.',
} as const;

export const conditionOperatorUnknown: IamRule = {
  id: 'iam/condition-operator-unknown',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Condition operators must exist (StringEquals, not StringEqual), their ForAllValues:/ForAnyValue:/IfExists modifiers must combine, and multivalued keys need a set operator.',
  fixable: true,
  hasSuggestions: true,
  messages: MESSAGES,
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const blocks = statement.condition?.blocks;
      if (blocks) for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        const operator = block.operator;
        if (hasUnknownParts(operator)) continue; // an operator GrantCheck cannot know
        const problem = operatorProblem(operator.value);
        if (!problem) {
          checkQualifier(context, block);
          continue;
        }
        const fixes = problem.corrections.map(
          (corrected): FixProposal => ({ title: `Change to "${corrected}"`, edits: [renameKey(block.property, corrected)] }),
        );
        // Safe: `NullIfExists` → `Null` (the one operator it can mean), or a single correction one typo away.
        const safe = problem.certain || isCertainCorrection(operator.value, problem.corrections);
        context.report({
          start: operator.start,
          end: operator.end,
          messageId: problem.messageId,
          data: problem.data,
          ...(safe ? { fix: fixes[0]! } : { suggestions: fixes }),
        });
      }
    }
  },
};

/**
 * Set operators that do not fit the keys: `ForAllValues:Null`/`ForAnyValue:Null` (Access Analyzer's
 * NULL_WITH_QUALIFIER: always true, always false), and a multivalued key (`ArrayOf…` in the Service
 * Authorization Reference, e.g. aws:TagKeys) compared without one (MISSING_QUALIFIER): "multivalued context
 * keys require a condition set operator".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
function checkQualifier(context: RuleContext<IamDocument>, block: ConditionBlock): void {
  const parsed = parseOperator(block.operator.value);
  if (!parsed) return;
  const operator = block.operator;
  if (parsed.base.category === 'Null') {
    if (parsed.set === undefined) return;
    context.report({
      start: operator.start,
      end: operator.end,
      messageId: 'nullWithQualifier',
      data: { operator: operator.value, prefix: parsed.set, always: parsed.set === 'ForAllValues' ? 'true' : 'false' },
      severity: 'warning',
      suggestions: [{ title: 'Change to "Null"', edits: [renameKey(block.property, 'Null')] }],
    });
    return;
  }
  if (parsed.set !== undefined) return;
  for (const entry of block.entries) {
    const key = entry.key;
    if (hasUnknownParts(key) || hasPlaceholder(key.value)) continue;
    const type = multivaluedKeyType(context, key.value);
    if (!type) continue;
    const name = operator.value;
    // Renaming the operator changes every key of the block: offered only when this key is the block's one key.
    const suggestions: FixProposal[] =
      block.entries.length === 1
        ? SET_PREFIXES.map((prefix) => ({ title: `Change to "${prefix}:${name}"`, edits: [renameKey(block.property, `${prefix}:${name}`)] }))
        : [];
    context.report({
      start: key.start,
      end: key.end,
      messageId: 'missingQualifier',
      data: { key: key.value, type, operator: name },
      severity: 'warning',
      ...(suggestions.length > 0 ? { suggestions } : {}),
    });
  }
}

/** The `ArrayOf…` type of a multivalued condition key, or undefined (single-valued or unknown keys). */
function multivaluedKeyType(context: RuleContext<IamDocument>, key: string): string | undefined {
  const info = key.toLowerCase().startsWith('aws:') ? context.data.globalConditionKey(key) : context.data.serviceConditionKey(key);
  return info && info.type.startsWith('ArrayOf') ? info.type : undefined;
}

interface OperatorProblem {
  messageId: keyof typeof MESSAGES;
  data: Record<string, string>;
  /** The single correction is certain whatever its distance (dropping IfExists from Null). */
  certain?: boolean;
  /** Full corrected operator names, best first. */
  corrections: string[];
}

/** What is wrong with an operator name, with corrected names; undefined when IAM accepts it. */
export function operatorProblem(operator: string): OperatorProblem | undefined {
  if (parseOperator(operator)) return undefined;
  const { prefix, base, ifExists, suffix: writtenSuffix } = splitOperator(operator);
  const suffix = ifExists ? IF_EXISTS : '';
  let fixedPrefix = prefix;
  let prefixData: Record<string, string> | undefined;
  if (prefix !== undefined && !isSetPrefix(prefix)) {
    fixedPrefix = closestMatches(prefix, SET_PREFIXES, 1)[0];
    prefixData = { prefix, hint: fixedPrefix ? ` — did you mean "${fixedPrefix}:"?` : '' };
  }
  const facts = baseOperator(base);
  // IAM matches names exactly: `StringEqualsifexists` is as unknown as a misspelt base.
  const baseKnown = facts !== undefined && writtenSuffix === suffix;
  const candidates = baseKnown ? [] : facts ? [{ base: facts.name, suffix: facts.ifExists ? suffix : '' }] : baseCandidates(base, ifExists);
  const join = (p: string | undefined, b: string, s: string): string => (p !== undefined ? `${p}:` : '') + b + s;

  if (!baseKnown) {
    const corrections = fixedPrefix !== undefined || prefix === undefined ? candidates.map((c) => join(fixedPrefix, c.base, c.suffix)) : [];
    const hint = corrections.length > 0 ? ` — did you mean ${corrections.map((c) => `"${c}"`).join(' or ')}?` : '';
    const setOperatorProblem = prefixData ? ` ${renderMessage(MESSAGES.unknownSetOperator, prefixData)}` : '';
    return { messageId: 'unknownOperator', data: { operator, hint, setOperatorProblem }, corrections };
  }
  if (ifExists && !facts.ifExists) {
    // "You can add IfExists to the end of any condition operator name except the Null condition operator."
    return { messageId: 'nullIfExists', data: {}, corrections: [join(fixedPrefix, 'Null', '')], certain: prefixData === undefined };
  }
  if (prefixData) {
    return { messageId: 'unknownSetOperator', data: prefixData, corrections: fixedPrefix ? [join(fixedPrefix, base, suffix)] : [] };
  }
  return undefined;
}

/** Closest known base operators; a typo in `IfExists` itself (`StringEqualsIfExist`) is tried too. */
function baseCandidates(base: string, ifExists: boolean): { base: string; suffix: string }[] {
  const suffix = ifExists ? IF_EXISTS : '';
  const direct = closestBaseOperators(base).map((b) => ({ base: b, suffix }));
  if (direct.length > 0 || ifExists) return direct;
  // A typo in the suffix itself: the longest known base followed by something close to IfExists.
  const lower = base.toLowerCase();
  const head = Object.values(CONDITION_OPERATORS)
    .filter((facts) => facts.ifExists && lower.startsWith(facts.name.toLowerCase()) && closestMatches(base.slice(facts.name.length), [IF_EXISTS], 1).length > 0)
    .sort((a, b) => b.name.length - a.name.length)[0];
  return head ? [{ base: head.name, suffix: IF_EXISTS }] : [];
}

/** A case-only difference has exactly one answer; otherwise the two closest operators. */
function closestBaseOperators(word: string): string[] {
  const sameLetters = BASE_OPERATORS.find((b) => b.toLowerCase() === word.toLowerCase());
  return sameLetters ? [sameLetters] : closestMatches(word, BASE_OPERATORS, 2);
}
