// Statement views: a policy seen through one of its statements, for rules that check statements one by one
// (`IamRule.statementScope`). A statement view is the document with only that statement in `statements`; the
// document view has none, for what a rule reports outside statements. Everything else (text, tree, policy type,
// origin, parse errors) is the document's own, so offsets and fixes are unchanged.

import type { IamDocument, JsonNode, Statement } from './document';

/** Which part of a policy a rule is looking at: all of it, one statement, or everything but the statements. */
export type ViewPart = 'whole' | 'statement' | 'document';

const views = new WeakMap<IamDocument, { whole: IamDocument; part: ViewPart }>();

/** The document as a rule sees it when it checks only `statement`. */
export function statementView(doc: IamDocument, statement: Statement): IamDocument {
  const view: IamDocument = { ...doc, statements: [statement] };
  views.set(view, { whole: wholeDocument(doc), part: 'statement' });
  return view;
}

/** The document as a rule sees it when it checks what lies outside the statements. */
export function documentView(doc: IamDocument): IamDocument {
  const view: IamDocument = { ...doc, statements: [] };
  views.set(view, { whole: wholeDocument(doc), part: 'document' });
  return view;
}

/** The whole document behind a view (a document that is not a view is its own whole). */
export function wholeDocument(doc: IamDocument): IamDocument {
  return views.get(doc)?.whole ?? doc;
}

export function viewPart(doc: IamDocument): ViewPart {
  return views.get(doc)?.part ?? 'whole';
}

/** Nodes a walk skips (`has`): a Set, or a test that allocates nothing. */
export interface NodeSet {
  has(node: JsonNode): boolean;
}

const skippedByDocument = new WeakMap<IamDocument, NodeSet>();

/**
 * The nodes a rule walking the policy's tree (rather than its statements) skips in this view: in the document view,
 * the statements (their views cover them); otherwise none. One per document, shared by the rules (the editor asks on
 * every keystroke): when the statements are exactly the objects of the Statement array (or its one object), as
 * iam/document.ts builds them, a test of a node's parent; a Set of them otherwise.
 */
export function skippedStatementNodes(doc: IamDocument): NodeSet | undefined {
  if (viewPart(doc) !== 'document') return undefined;
  const whole = wholeDocument(doc);
  let skipped = skippedByDocument.get(whole);
  if (!skipped) skippedByDocument.set(whole, (skipped = statementNodes(whole)));
  return skipped;
}

function statementNodes(doc: IamDocument): NodeSet {
  const value = doc.statementProperty?.children?.[1];
  const statements = doc.statements;
  if (value?.type === 'object' && statements.length === 1 && statements[0]!.node === value) return { has: (node) => node === value };
  if (value?.type === 'array') {
    let objects = 0;
    for (const child of value.children ?? []) if (child.type === 'object') objects++;
    if (objects === statements.length && statements.every((s) => s.node.parent === value && s.node.type === 'object')) {
      return { has: (node) => node.parent === value && node.type === 'object' };
    }
  }
  return new Set(statements.map((s) => s.node));
}
