// redshift/syntax: what Redshift's grammar rejects — misspelled keywords, missing ON/TO, unquoted passwords, `#` comments, missing `;`.
// Grammar: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html; comments: https://docs.aws.amazon.com/redshift/latest/dg/c_SQL_comments.html

import type { RedshiftRule } from '../rule';
import type { ParseError, ParseErrorCode } from '../../redshift/ast';
import { isCertainCorrection } from '../../text';
import type { FixProposal } from '../../types';

/** One message per parse error code; the parser words each error (it knows what it expected). */
const MESSAGE_IDS: Record<ParseErrorCode, string> = {
  'unexpected-token': 'unexpectedToken',
  'missing-semicolon': 'missingSemicolon',
  unterminated: 'unterminated',
  'unquoted-password': 'unquotedPassword',
  'unknown-privilege': 'unknownPrivilege',
  'unknown-statement': 'unknownStatement',
  'hash-comment': 'hashComment',
};

/** Fixes that are certain whatever they replace: `#` → `--`, and quoting the password exactly as written. */
const SAFE_CODES = new Set<ParseErrorCode>(['hash-comment', 'unquoted-password']);
/** Did-you-mean fixes, safe only for the one candidate one typo away (`GRNAT` → `GRANT`, `SELCT` → `SELECT`). */
const DID_YOU_MEAN_CODES = new Set<ParseErrorCode>(['unknown-statement', 'unknown-privilege']);

export const syntax: RedshiftRule = {
  id: 'redshift/syntax',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'Statements Redshift cannot parse: misspelled keywords, missing ON/TO, unquoted passwords, # comments, a missing ; between statements.',
  fixable: true,
  hasSuggestions: true,
  messages: Object.fromEntries(Object.values(MESSAGE_IDS).map((id) => [id, '{{message}}'])),
  check(context) {
    for (const error of context.doc.errors) {
      context.report({ start: error.start, end: error.end, messageId: MESSAGE_IDS[error.code], data: { message: error.message }, ...fixesFor(error, context.text) });
    }
  },
};

function fixesFor(error: ParseError, text: string): { fix?: FixProposal; suggestions?: FixProposal[] } {
  if (error.code === 'missing-semicolon' && error.insertSemicolonAt !== undefined) {
    const at = error.insertSemicolonAt;
    return { fix: { title: 'Insert the missing ;', edits: [{ start: at, end: at, newText: ';' }] } };
  }
  const proposals = (error.suggestions ?? []).map((s): FixProposal => ({ title: s.title, edits: [{ start: s.start, end: s.end, newText: s.newText }] }));
  const only = error.suggestions?.length === 1 ? error.suggestions[0]! : undefined;
  // Inserting ROLE (GRANT analysts TO bob → GRANT ROLE analysts TO bob) guesses a role grant: never safe.
  const safe =
    only !== undefined &&
    (SAFE_CODES.has(error.code) || (DID_YOU_MEAN_CODES.has(error.code) && only.end > only.start && isCertainCorrection(text.slice(only.start, only.end), [only.newText])));
  return safe ? { fix: proposals[0]! } : { suggestions: proposals };
}
