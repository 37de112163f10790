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

/**
 * The nodes a rule walking the policy's tree (rather than its statements) skips in this view: in the document view,
 * the statements (their views cover them); otherwise none.
 */
export function skippedStatementNodes(doc: IamDocument): ReadonlySet<JsonNode> | undefined {
  return viewPart(doc) === 'document' ? new Set(wholeDocument(doc).statements.map((s) => s.node)) : undefined;
}
