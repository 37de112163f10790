// Statement views: a policy seen through one of its statements, for rules that check statements one by one
// (`IamRule.statementScope`). A view is the document with only that statement in `statements`; everything else
// (text, tree, policy type, origin, parse errors) is the document's own, so offsets and fixes are unchanged.

import type { IamDocument, Statement } from './document';

const wholeOf = new WeakMap<IamDocument, IamDocument>();

/** The document as a rule sees it when it checks only `statement`. */
export function statementView(doc: IamDocument, statement: Statement): IamDocument {
  const view: IamDocument = { ...doc, statements: [statement] };
  wholeOf.set(view, wholeDocument(doc));
  return view;
}

/** The whole document behind a view (a document that is not a view is its own whole). */
export function wholeDocument(doc: IamDocument): IamDocument {
  return wholeOf.get(doc) ?? doc;
}
