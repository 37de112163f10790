// redshift/syntax: what Redshift's grammar rejects — misspelled keywords, missing ON/TO, unquoted passwords, `#` comments, missing `;`.
// Grammar: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html; comments: https://docs.aws.amazon.com/redshift/latest/dg/c_SQL_comments.html

import type { RedshiftRule } from '../rule';
import type { ParseError } from '../../redshift/ast';
import type { FixProposal } from '../../types';

/** Fix kinds the user almost always wants: applied by "fix all". */
const PREFERRED_CODES = new Set<ParseError['code']>(['hash-comment', 'unquoted-password', 'unknown-statement']);

export const syntax: RedshiftRule = {
  id: 'redshift/syntax',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'Statements Redshift cannot parse: misspelled keywords, missing ON/TO, unquoted passwords, # comments, a missing ; between statements.',
  fixable: true,
  check(context) {
    for (const error of context.doc.errors) {
      context.report({ start: error.start, end: error.end, message: error.message, fixes: fixesFor(error) });
    }
  },
};

function fixesFor(error: ParseError): FixProposal[] {
  if (error.code === 'missing-semicolon' && error.insertSemicolonAt !== undefined) {
    const at = error.insertSemicolonAt;
    return [{ title: 'Insert the missing ;', isPreferred: true, edits: [{ start: at, end: at, newText: ';' }] }];
  }
  const suggestions = error.suggestions ?? [];
  // A lone did-you-mean is preferred; inserting ROLE (a PostgreSQL role grant) is a guess, so it is not.
  const preferred = suggestions.length === 1 && (PREFERRED_CODES.has(error.code) || (error.code === 'unknown-privilege' && suggestions[0]!.newText !== 'ROLE '));
  return suggestions.map((s) => ({
    title: s.title,
    ...(preferred ? { isPreferred: true } : {}),
    edits: [{ start: s.start, end: s.end, newText: s.newText }],
  }));
}
