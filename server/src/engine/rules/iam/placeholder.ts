// iam/placeholder: documentation placeholders left in a policy (`<bucket-name>`, `${region}`, `YOUR_ACCOUNT_ID`).
// IAM takes them literally, so the statement silently matches nothing (or the policy is rejected).
// Real policy variables such as ${aws:username} are not placeholders:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode } from '../../iam/document';
import { propertyKey } from '../../iam/document';
import { findPlaceholders, placeholderKind, type PlaceholderMatch } from '../../iam/placeholders';
import { stringOffsets } from './structureHelpers';

/** Free-text identifiers that never reach an authorization decision. */
const FREE_TEXT_KEYS = new Set(['Sid', 'Id']);

export const placeholder: IamRule = {
  id: 'iam/placeholder',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Unfilled documentation placeholders such as <bucket-name>, ${region} or YOUR_ACCOUNT_ID must be replaced with real values.',
  fixable: false,
  check(context) {
    const { root } = context.doc;
    if (root) visit(context, root, false);
  },
};

/** Walks every string in the document; `isConditionBlock` marks the objects whose keys are condition keys. */
function visit(context: RuleContext<IamDocument>, node: JsonNode, isConditionBlock: boolean): void {
  if (node.type === 'string') {
    reportIn(context, node);
    return;
  }
  if (node.type === 'array') {
    for (const child of node.children ?? []) visit(context, child, false);
    return;
  }
  if (node.type !== 'object') return;
  for (const property of node.children ?? []) {
    const key = propertyKey(property);
    const keyNode = property.children?.[0];
    const value = property.children?.[1];
    if (isConditionBlock && keyNode) reportIn(context, keyNode);
    if (!value || (key !== undefined && FREE_TEXT_KEYS.has(key) && isStatementOrPolicy(node))) continue;
    if (key === 'Condition') {
      // Condition → operator → { conditionKey: values }: the keys one level down are condition keys.
      for (const block of value.type === 'object' ? (value.children ?? []) : []) {
        const blockValue = block.children?.[1];
        if (blockValue?.type === 'object') visit(context, blockValue, true);
      }
      continue;
    }
    visit(context, value, false);
  }
}

/** `Sid`/`Id` are free text only directly in a statement or the policy, not as condition keys or principals. */
function isStatementOrPolicy(objectNode: JsonNode): boolean {
  const parent = objectNode.parent;
  return parent === undefined || parent.type === 'array' || (parent.type === 'property' && propertyKey(parent) === 'Statement');
}

function reportIn(context: RuleContext<IamDocument>, node: JsonNode): void {
  if (typeof node.value !== 'string') return;
  const value = node.value;
  const matches = findPlaceholders(value);
  if (matches.length === 0) return;
  const offsets = stringOffsets(context.text, { start: node.offset, end: node.offset + node.length }, value);
  for (const match of matches) {
    const { start, end } = offsets(match.start, match.end);
    context.report({ start, end, message: messageFor(match) });
  }
}

function messageFor(match: PlaceholderMatch): string {
  switch (placeholderKind(match.text)) {
    case 'template-variable':
      return `Unfilled template variable ${match.text}: it is not an IAM policy variable (like \${aws:username}), so IAM takes it as literal text. Replace it with the real value.`;
    case 'angle':
      return `Unfilled placeholder ${match.text}: replace it with the real value. IAM takes it literally (or rejects the policy).`;
    default:
      return `Placeholder ${match.text} looks like a sample value: replace it with the real value.`;
  }
}
