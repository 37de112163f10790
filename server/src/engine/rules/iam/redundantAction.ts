// iam/redundant-action: an action listed twice, or already covered by a wildcard of the same Action/NotAction list.
// Harmless to IAM, but it hides what a statement really grants and makes reviews harder.

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, Statement } from '../../iam/document';
import { actionPatternCovers } from '../../iam/actions';
import { removeElements } from '../../iam/edits';
import { hasPlaceholder } from '../../iam/placeholders';

export const redundantAction: IamRule = {
  id: 'iam/redundant-action',
  domain: 'iam',
  defaultSeverity: 'hint',
  description: 'An action listed twice or already covered by a wildcard in the same statement can be removed.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    listedTwice: '"{{action}}" is listed twice in {{element}}.',
    coveredBy: '"{{action}}" is already covered by "{{by}}" in {{element}}.',
  },
  check(context) {
    for (const statement of context.doc.statements) checkStatement(context, statement);
  },
};

function checkStatement(context: RuleContext<IamDocument>, statement: Statement): void {
  const element = statement.action;
  const arrayNode = element?.valueNode;
  if (!element || arrayNode?.type !== 'array' || element.values.length < 2) return;
  const children = arrayNode.children ?? [];
  const values = element.values.filter((v) => !hasPlaceholder(v.value));
  for (const [i, value] of values.entries()) {
    const lower = value.value.toLowerCase();
    // An earlier identical entry, or any other entry whose pattern strictly covers this one.
    const duplicateOf = values.slice(0, i).find((other) => other.value.toLowerCase() === lower);
    const coveredBy =
      duplicateOf ??
      values.find((other, j) => {
        if (j === i || other.value.toLowerCase() === lower) return false;
        if (!actionPatternCovers(context.data, other.value, value.value)) return false;
        // Two spellings of the same set (`s3:*`, `s3:**`): only the later one is redundant.
        return j < i || !actionPatternCovers(context.data, value.value, other.value);
      });
    if (!coveredBy) continue;
    const index = children.indexOf(value.node);
    const removal = index >= 0 ? [removeElements(arrayNode, [index])] : undefined;
    const remove = removal ? { title: `Remove "${value.value}"`, edits: removal } : undefined;
    context.report({
      start: value.start,
      end: value.end,
      messageId: duplicateOf ? 'listedTwice' : 'coveredBy',
      data: { action: value.value, by: coveredBy.value, element: element.key },
      // Removing the second copy of an entry changes nothing: safe. Removing an entry a wildcard covers keeps the
      // wildcard, which may be the slip (`s3:*` next to `s3:GetObject`): a person decides.
      ...(remove ? (duplicateOf ? { fix: remove } : { suggestions: [remove] }) : {}),
    });
  }
}
