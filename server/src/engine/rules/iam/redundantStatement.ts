// iam/redundant-statement: a statement that repeats another one of the policy (same effect, actions, resources,
// principals and conditions; the Sid and the order of list entries aside). Access Analyzer's REDUNDANT_STATEMENT
// suggestion: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// Besides adding nothing, two copies invite editing one and forgetting the other.

import type { IamRule } from '../rule';
import type { ListElement, PrincipalElement, ConditionElement, Statement } from '../../iam/document';
import { objectOpening, propertyKey } from '../../iam/document';
import { removeElements } from '../../iam/edits';
import { isLiteralSubtree } from '../../iam/values';
import { propertyValue } from './structureHelpers';

const KNOWN_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

export const redundantStatement: IamRule = {
  id: 'iam/redundant-statement',
  domain: 'iam',
  defaultSeverity: 'info',
  description: 'A statement that repeats another statement of the policy adds nothing and can be removed.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    repeats: 'This statement repeats the statement on line {{line}} (same effect, actions, resources, principals and conditions): remove one of them, or change the one that was meant to differ.',
  },
  check(context) {
    const { doc } = context;
    if (doc.statements.length < 2) return;
    const arrayNode = doc.statementProperty && propertyValue(doc.statementProperty);
    if (arrayNode?.type !== 'array') return;
    const seen = new Map<string, Statement>();
    for (const statement of doc.statements) {
      // The key depends on the statement alone: kept across lints while typing.
      const key = context.statementMemo ? context.statementMemo(statement.node, 'redundant-statement/key', () => canonicalKey(statement, doc.text)) : canonicalKey(statement, doc.text);
      if (key === undefined) continue;
      const earlier = seen.get(key);
      if (!earlier) {
        seen.set(key, statement);
        continue;
      }
      // Looked up only for a repeat (rare): no index of every statement is built on each keystroke.
      const index = arrayNode.children?.indexOf(statement.node) ?? -1;
      context.report({
        ...objectOpening(statement.node),
        messageId: 'repeats',
        data: { line: context.lines.positionAt(earlier.node.offset).line + 1 },
        // Deleting a statement: a person confirms that the copy was not meant to differ.
        suggestions: index >= 0 ? [{ title: 'Remove this statement', edits: [removeElements(arrayNode, [index])] }] : [],
      });
    }
  },
};

/**
 * The statement's meaning as a string, or undefined when it cannot be compared safely: values GrantCheck cannot
 * know, elements it does not know, or an element twice (policy-structure and json-syntax report those).
 */
function canonicalKey(statement: Statement, text: string): string | undefined {
  const keys = new Set<string>();
  for (const property of statement.properties) {
    const key = propertyKey(property);
    if (key === undefined || !KNOWN_KEYS.has(key) || keys.has(key)) return undefined;
    keys.add(key);
  }
  if (!isLiteralSubtree(statement.node, text)) return undefined;
  if (!statement.effect) return undefined;
  return JSON.stringify([
    statement.effect.value,
    list(statement.action, true),
    list(statement.resource, false),
    principal(statement.principal),
    condition(statement.condition),
  ]);
}

/** Actions compare case-insensitively, resources case-sensitively; order and repeats do not matter. */
function list(element: ListElement | undefined, foldCase: boolean): unknown {
  if (!element) return null;
  const type = element.valueNode?.type;
  if (type !== 'string' && type !== 'array') return [element.key, type ?? null];
  return [element.key, sortedSet(element.values.map((v) => (foldCase ? v.value.toLowerCase() : v.value)))];
}

function principal(element: PrincipalElement | undefined): unknown {
  if (!element) return null;
  const type = element.valueNode?.type;
  if (type !== 'string' && type !== 'object') return [element.key, type ?? null];
  return [element.key, sortedSet(element.entries.map((e) => JSON.stringify([e.type, e.value.value])))];
}

function condition(element: ConditionElement | undefined): unknown {
  if (!element) return null;
  if (element.valueNode?.type !== 'object') return [element.valueNode?.type ?? null];
  // Condition keys compare case-insensitively; operators and values as written.
  const entries = element.blocks.flatMap((block) =>
    block.entries.map((entry) => JSON.stringify([block.operator.value, entry.key.value.toLowerCase(), sortedSet(entry.values.map((v) => v.value))])),
  );
  return sortedSet(entries);
}

function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
