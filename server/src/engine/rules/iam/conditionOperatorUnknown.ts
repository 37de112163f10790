// iam/condition-operator-unknown: condition operators IAM does not know (`StringEqual`), and modifiers that do not combine (`NullIfExists`).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import type { IamRule } from '../rule';
import { CONDITION_OPERATORS, IF_EXISTS, SET_PREFIXES, splitOperator } from '../../iam/conditionOperators';
import { closestMatches } from '../../text';
import type { FixProposal } from '../../types';
import { hasUnknownParts } from '../../iam/values';
import { renameKey } from '../../iam/edits';

const BASE_OPERATORS = Object.keys(CONDITION_OPERATORS);

export const conditionOperatorUnknown: IamRule = {
  id: 'iam/condition-operator-unknown',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Condition operators must exist (StringEquals, not StringEqual) and their ForAllValues:/ForAnyValue:/IfExists modifiers must combine.',
  fixable: true,
  check(context) {
    for (const statement of context.doc.statements) {
      for (const block of statement.condition?.blocks ?? []) {
        const operator = block.operator;
        if (hasUnknownParts(operator)) continue; // an operator GrantCheck cannot know
        const problem = operatorProblem(operator.value);
        if (!problem) continue;
        context.report({
          start: operator.start,
          end: operator.end,
          message: problem.message,
          fixes: problem.corrections.map((corrected, i) => ({
            title: `Change to "${corrected}"`,
            isPreferred: i === 0 && problem.corrections.length === 1,
            edits: [renameKey(block.property, corrected)],
          })) satisfies FixProposal[],
        });
      }
    }
  },
};

interface OperatorProblem {
  message: string;
  /** Full corrected operator names, best first. */
  corrections: string[];
}

/** What is wrong with an operator name, with corrected names; undefined when IAM accepts it. */
export function operatorProblem(operator: string): OperatorProblem | undefined {
  const { prefix, base, ifExists } = splitOperator(operator);
  const suffix = ifExists ? IF_EXISTS : '';
  let fixedPrefix = prefix;
  let prefixProblem: string | undefined;
  if (prefix !== undefined && !(SET_PREFIXES as readonly string[]).includes(prefix)) {
    fixedPrefix = closestMatches(prefix, SET_PREFIXES, 1)[0];
    prefixProblem = `Unknown set operator "${prefix}:"${fixedPrefix ? ` — did you mean "${fixedPrefix}:"?` : ''} Only ForAllValues: and ForAnyValue: exist.`;
  }
  const baseKnown = Object.prototype.hasOwnProperty.call(CONDITION_OPERATORS, base);
  const candidates = baseKnown ? [] : baseCandidates(base, ifExists);
  const join = (p: string | undefined, b: string, s: string): string => (p !== undefined ? `${p}:` : '') + b + s;

  if (!baseKnown) {
    const corrections = fixedPrefix !== undefined || prefix === undefined ? candidates.map((c) => join(fixedPrefix, c.base, c.suffix)) : [];
    const hint = corrections.length > 0 ? ` — did you mean ${corrections.map((c) => `"${c}"`).join(' or ')}?` : '';
    return { message: `Unknown condition operator "${operator}"${hint}${prefixProblem ? ` ${prefixProblem}` : ''}`, corrections };
  }
  if (base === 'Null' && ifExists) {
    // "You can add IfExists to the end of any condition operator name except the Null condition operator."
    return { message: '"NullIfExists" does not exist: Null already tests whether the key is present. Use "Null".', corrections: [join(fixedPrefix, 'Null', '')] };
  }
  if (prefixProblem) {
    return { message: prefixProblem, corrections: fixedPrefix ? [join(fixedPrefix, base, suffix)] : [] };
  }
  return undefined;
}

/** Closest known base operators; a typo in `IfExists` itself (`StringEqualsIfExist`) is tried too. */
function baseCandidates(base: string, ifExists: boolean): { base: string; suffix: string }[] {
  const suffix = ifExists ? IF_EXISTS : '';
  const direct = closestBaseOperators(base).map((b) => ({ base: b, suffix }));
  if (direct.length > 0 || ifExists) return direct;
  const misspeltSuffix = /^(.*?)(?:If[Ee]xist|IfExsits|Ifexists|IfExits|IfExist?s?)$/.exec(base);
  if (misspeltSuffix && misspeltSuffix[1]) {
    return closestBaseOperators(misspeltSuffix[1]).map((b) => ({ base: b, suffix: IF_EXISTS }));
  }
  return [];
}

/** A case-only difference has exactly one answer; otherwise the two closest operators. */
function closestBaseOperators(word: string): string[] {
  const sameLetters = BASE_OPERATORS.find((b) => b.toLowerCase() === word.toLowerCase());
  return sameLetters ? [sameLetters] : closestMatches(word, BASE_OPERATORS, 2);
}
