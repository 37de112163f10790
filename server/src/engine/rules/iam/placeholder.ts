// iam/placeholder: documentation placeholders left in a policy (`<bucket-name>`, `${region}`, `YOUR_ACCOUNT_ID`).
// IAM takes them literally, so the statement silently matches nothing (or the policy is rejected).
// Real policy variables such as ${aws:username} are not placeholders (iam/policy-variable checks those):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// A template's own expressions (`${AWS::AccountId}`, `${var.x}`) are placeholders only when written literally in the
// policy text, i.e. left unrendered; where the model says a piece is an expression, it is a deploy-time value.

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode } from '../../iam/document';
import { propertyKey, strValue } from '../../iam/document';
import { findPlaceholders, placeholderKind, templateSyntax, type PlaceholderMatch } from '../../iam/placeholders';
import { literalStretches, sourceSpan, stretchAround } from '../../iam/values';
import { skippedStatementNodes, type NodeSet, viewPart } from '../../iam/statementView';

/** Free-text identifiers that never reach an authorization decision. */
const FREE_TEXT_KEYS = new Set(['Sid', 'Id']);

export const placeholder: IamRule = {
  id: 'iam/placeholder',
  domain: 'iam',
  defaultSeverity: 'error',
  description:
    'Unfilled documentation placeholders such as <bucket-name>, ${region} or YOUR_ACCOUNT_ID, and template expressions left unrendered, must be replaced with real values.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    templateLeftover:
      '{{placeholder}} is {{syntax}} left from a template: IAM takes it as literal text, as it is not a policy variable such as ${aws:username}. Replace it with the real value, or have the template substitute it.',
    templateVariable:
      'Unfilled template variable {{placeholder}}: it is not an IAM policy variable (like ${aws:username}), so IAM takes it as literal text. Replace it with the real value.',
    angle: 'Unfilled placeholder {{placeholder}}: replace it with the real value. IAM takes it literally (or rejects the policy).',
    sampleValue: 'Placeholder {{placeholder}} looks like a sample value: replace it with the real value.',
  },
  // A finding is a string of one statement, or of the policy's top level (rules/rule.ts StatementScope).
  statementScope: { outsideStatements: true },
  check(context) {
    const { doc } = context;
    if (viewPart(doc) === 'statement') {
      for (let s = 0; s < doc.statements.length; s++) visit(context, doc.statements[s]!.node, false);
      return;
    }
    if (doc.root) visit(context, doc.root, false, skippedStatementNodes(doc));
  },
};

/**
 * Walks every string in the document (but the `skip`ped subtrees); `isConditionBlock` marks the objects whose keys
 * are condition keys.
 */
function visit(context: RuleContext<IamDocument>, node: JsonNode, isConditionBlock: boolean, skip?: NodeSet): void {
  if (skip?.has(node)) return;
  if (node.type === 'string') {
    reportIn(context, node);
    return;
  }
  // Indexed loops: every node of the policy is visited.
  const children = node.children;
  if (!children) return;
  if (node.type === 'array') {
    for (let i = 0; i < children.length; i++) visit(context, children[i]!, false, skip);
    return;
  }
  if (node.type !== 'object') return;
  for (let i = 0; i < children.length; i++) {
    const property = children[i]!;
    const key = propertyKey(property);
    const keyNode = property.children?.[0];
    const value = property.children?.[1];
    if (isConditionBlock && keyNode) reportIn(context, keyNode);
    if (!value || (key !== undefined && FREE_TEXT_KEYS.has(key) && isStatementOrPolicy(node))) continue;
    if (key === 'Condition') {
      // Condition → operator → { conditionKey: values }: the keys one level down are condition keys.
      const blocks = value.type === 'object' ? value.children : undefined;
      if (blocks) {
        for (let b = 0; b < blocks.length; b++) {
          const blockValue = blocks[b]!.children?.[1];
          if (blockValue?.type === 'object') visit(context, blockValue, true, skip);
        }
      }
      continue;
    }
    visit(context, value, false, skip);
  }
}

/** `Sid`/`Id` are free text only directly in a statement or the policy, not as condition keys or principals. */
function isStatementOrPolicy(objectNode: JsonNode): boolean {
  const parent = objectNode.parent;
  return parent === undefined || parent.type === 'array' || (parent.type === 'property' && propertyKey(parent) === 'Statement');
}

function reportIn(context: RuleContext<IamDocument>, node: JsonNode): void {
  if (node.type !== 'string' || typeof node.value !== 'string') return;
  // Most strings hold no placeholder: asked before the value is described (strValue builds its runs).
  const matches = findPlaceholders(node.value);
  if (matches.length === 0) return;
  const value = strValue(node, context.text)!;
  const stretches = literalStretches(value);
  if (stretches.length === 0) return;
  for (const match of matches) {
    // Only what the author wrote: not an expression's stand-in, nor text that runs into one.
    if (!stretchAround(stretches, match.start, match.end)) continue;
    // Where the placeholder is spelled in the source, else the whole value (escapes, expressions around it).
    const { start, end } = sourceSpan(value, match.start, match.end) ?? value;
    const messageId = messageIdFor(match);
    const syntax = messageId === 'templateLeftover' ? templateSyntax(match.text.slice(2, -1)) : undefined;
    context.report({ start, end, messageId, data: { placeholder: match.text, ...(syntax ? { syntax } : {}) } });
  }
}

function messageIdFor(match: PlaceholderMatch): 'templateLeftover' | 'templateVariable' | 'angle' | 'sampleValue' {
  switch (placeholderKind(match.text)) {
    case 'template-leftover':
      return 'templateLeftover';
    case 'template-variable':
      return 'templateVariable';
    case 'angle':
      return 'angle';
    default:
      return 'sampleValue';
  }
}
