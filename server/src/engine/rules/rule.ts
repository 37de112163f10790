// The contract between the engine and a rule: metadata plus a check that reads a parsed document and reports.

import type { IamData } from '../data/iamData';
import type { IamDocument, Statement } from '../iam/document';
import type { RedshiftScript } from '../redshift/ast';
import type { ProfileRegistry } from '../profiles';
import type { ProfileBinding } from '../profiles/types';
import type { LineIndex } from '../text';
import type { Report, RuleMeta } from '../types';

export interface RuleContext<TDoc> {
  /** The parsed document. Rules never parse text themselves. */
  doc: TDoc;
  text: string;
  lines: LineIndex;
  data: IamData;
  report(report: Report): void;
  /** The profile this document is bound to, if any (see engine/profiles). */
  profile?: ProfileBinding;
  /** The other profile bindings of the same configuration. */
  relatedProfiles?: readonly ProfileBinding[];
  /** The profiles bindings resolve against (the built-ins plus the workspace's own); the built-ins when absent. */
  profiles?: ProfileRegistry;
  /**
   * While an editor re-lints (engine/lint.ts `lintIncrementally`): keeps a value a rule derives from one statement
   * alone (its text and the policy's context, see StatementScope) across lints, by the statement's node and a name.
   * Absent otherwise; a rule then computes the value itself. The value must hold no node (nodes are per lint).
   */
  statementMemo?: StatementMemo;
  /**
   * While an editor re-lints: a value of the whole policy combined from one part per statement (`combineParts`), each
   * part kept with its statement and the value kept until some part differs. Absent otherwise.
   */
  documentParts?: DocumentParts;
  /**
   * While an editor re-lints a policy file: reports what `report` reports, or, when the last lint called it with the
   * same `key`, the findings it made then, without calling it (a document-scoped rule's findings are otherwise
   * written again on every keystroke). `key` names everything those findings are made from: every value and every
   * offset the reports and their edits read, offsets as distances from `base` (a statement's start, say; 0 by
   * default). The findings are moved with `base` and their lines and characters computed where they land.
   * Absent otherwise: the rule calls `report`.
   */
  reportKept?: (key: string, report: () => void, base?: number) => void;
}

export type StatementMemo = <T>(statementNode: object, name: string, compute: () => T) => T;

/**
 * A value of the whole policy that depends on its statements only through one part per statement, so that an editor
 * re-lints in time linear in the number of statements with a small constant: each part is computed once per
 * statement text (kept with the statement's cache entry) and the value only when some part differs from the last
 * lint's (engine/lint.ts `lintIncrementally`).
 */
export interface PartsSpec<P, V> {
  /** Unique among the specs: it names the parts in the statements' memos. */
  readonly name: string;
  /**
   * The statement's part. It reads that statement and the policy's context (policy type and its source, origin,
   * whether the text is JSON) only, and holds no node (nodes are per lint).
   */
  part(statement: Statement, doc: IamDocument): P;
  /** Whether two parts are equal: the part of an edited statement is often equal to its old one. */
  same(a: P, b: P): boolean;
  /** The value, from the parts in statement order. It reads nothing else (it may be kept for another lint). */
  combine(parts: readonly P[]): V;
}

export type DocumentParts = <P, V>(doc: IamDocument, spec: PartsSpec<P, V>) => V;

/** The value of `spec` for `doc`: through `documentParts` while an editor re-lints, computed in full otherwise. */
export function combineParts<P, V>(doc: IamDocument, spec: PartsSpec<P, V>, documentParts: DocumentParts | undefined): V {
  if (documentParts) return documentParts(doc, spec);
  const parts: P[] = [];
  for (const statement of doc.statements) parts.push(spec.part(statement, doc));
  return spec.combine(parts);
}

export interface Rule<TDoc> extends RuleMeta {
  check(context: RuleContext<TDoc>): void;
}

/**
 * A rule whose findings belong to single statements, so that an editor re-checks only the statements that changed
 * (engine/lint.ts `lintIncrementally`). Declaring it is a promise the differential test
 * (test/support/incremental.ts, run on every rule's test cases) holds the rule to: `check` on the whole document
 * reports exactly what it reports on each statement view (iam/statementView.ts: the document with only that
 * statement in `statements`) and, with `outsideStatements`, on the document view together, and on a statement view it reads nothing outside that statement except the policy's context
 * (policy type and its source, origin, whether the text is JSON, the line break) and `documentKey`.
 */
export interface StatementScope {
  /**
   * The facts of the rest of the document a statement's findings depend on, as a string (part of the cache key).
   * Read them from `wholeDocument(doc)`, never from the view's own `statements`. Undefined: the rule cannot be split
   * by statement for this document (e.g. iam/json-syntax when the text has parse errors, whose recovery may cross
   * statements); it then runs on the whole document, as a rule without `statementScope` does. Computed on every lint:
   * a key built from every statement is best built with `combineParts` (`documentParts` is the editor's).
   */
  documentKey?(doc: IamDocument, documentParts?: DocumentParts): string | undefined;
  /**
   * The rule also reports outside statements (the policy's top level): it is run on the document view (no
   * statements) as well, on every lint, and must report there exactly its findings outside statements.
   */
  outsideStatements?: boolean;
}

export interface IamRule extends Rule<IamDocument> {
  domain: 'iam';
  /** Absent: the rule reads the whole document and always runs on all of it. */
  statementScope?: StatementScope;
}

export interface RedshiftRule extends Rule<RedshiftScript> {
  domain: 'redshift';
}

export type AnyRule = IamRule | RedshiftRule;
