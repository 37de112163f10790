// iam/redundant-resource: a resource listed twice, or already covered by a wildcard ARN of the same Resource/NotResource list.
// Access Analyzer's REDUNDANT_RESOURCE suggestion:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, ListElement, StrValue } from '../../iam/document';
import { removeElements } from '../../iam/edits';
import { hasUnknownParts } from '../../iam/values';
import { hasPlaceholder } from '../../iam/placeholders';
import { compileWildcard, hasWildcard } from '../../iam/wildcard';
import { coverageBudget } from './redundantAction';

export const redundantResource: IamRule = {
  id: 'iam/redundant-resource',
  domain: 'iam',
  defaultSeverity: 'hint',
  description: 'A resource listed twice or already covered by a wildcard ARN in the same statement can be removed.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    listedTwice: '"{{resource}}" is listed twice in {{element}}.',
    coveredBy: '"{{resource}}" is already covered by "{{by}}" in {{element}}.',
  },
  // Each statement is checked alone, with a budget of its own (characters compared when testing values against
  // wildcards: iam/redundant-action's `coverageBudget`), so a keystroke re-checks only the statement it changed.
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      if (statement.resource) checkElement(context, statement.resource, { work: coverageBudget(statement) });
    }
  },
};

function checkElement(context: RuleContext<IamDocument>, element: ListElement, budget: { work: number }): void {
  const arrayNode = element.valueNode;
  if (arrayNode?.type !== 'array' || element.values.length < 2) return;
  const childIndex = new Map((arrayNode.children ?? []).map((child, i) => [child, i]));
  // Values GrantCheck cannot know, and policy variables or placeholders (filled in later), are left out both ways.
  const values = element.values.filter((v) => !hasUnknownParts(v) && !v.value.includes('${') && !hasPlaceholder(v.value));
  const first = new Map<string, number>();
  const wildcards = values.map((v, i) => ({ v, i })).filter(({ v }) => hasWildcard(v.value));
  for (const [i, value] of values.entries()) {
    const earlier = first.get(value.value);
    if (earlier === undefined) first.set(value.value, i);
    const duplicateOf = earlier !== undefined ? values[earlier] : undefined;
    const coveredBy = duplicateOf ?? coveringWildcard(wildcards, value, i, budget);
    if (!coveredBy) continue;
    const index = childIndex.get(value.node);
    const remove = index !== undefined ? { title: `Remove "${value.value}"`, edits: [removeElements(arrayNode, [index])] } : undefined;
    context.report({
      start: value.start,
      end: value.end,
      messageId: duplicateOf ? 'listedTwice' : 'coveredBy',
      data: { resource: value.value, by: coveredBy.value, element: element.key },
      // The second copy of an entry changes nothing: safe. A covered entry may show that the wildcard is the slip
      // (a person decides, as in iam/redundant-action).
      ...(remove ? (duplicateOf ? { fix: remove } : { suggestions: [remove] }) : {}),
    });
  }
}

/**
 * The first other wildcard ARN that matches every resource `value` can name. ARNs compare case-sensitively and
 * `*` crosses `/` and `:`. When `value` has wildcards itself, only a covering pattern without `?` is sure to cover
 * it: its literal characters are never wildcards, so each wildcard of `value` falls inside one of its `*`.
 */
function coveringWildcard(wildcards: readonly { v: StrValue; i: number }[], value: StrValue, i: number, budget: { work: number }): StrValue | undefined {
  const text = value.value;
  const valueHasWildcard = hasWildcard(text);
  for (const { v: other, i: j } of wildcards) {
    if (budget.work <= 0) return undefined;
    budget.work -= 1;
    if (j === i || other.value === text) continue;
    if (valueHasWildcard && other.value.includes('?')) continue;
    const cost = other.value.length + text.length;
    if (cost > budget.work) continue;
    budget.work -= cost;
    if (!compileWildcard(other.value, false).test(text)) continue;
    // Two spellings of the same set (`a*`, `a**`): only the later one is redundant.
    if (valueHasWildcard && j > i && !other.value.includes('?') && !text.includes('?') && compileWildcard(text, false).test(other.value)) continue;
    return other;
  }
  return undefined;
}
