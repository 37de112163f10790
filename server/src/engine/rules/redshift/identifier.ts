// redshift/identifier: reserved words used unquoted as names, and a quoted mixed-case name also written unquoted (two different names).
// https://docs.aws.amazon.com/redshift/latest/dg/r_names.html, https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html

import type { RedshiftRule, RuleContext } from '../rule';
import type { NameReference, RedshiftScript } from '../../redshift/ast';
import { RESERVED_WORDS } from '../../redshift/keywords';
import { afterSyntaxError } from './shared';

const PRINCIPAL_ROLES = new Set(['user', 'group', 'role']);

export const identifier: RedshiftRule = {
  id: 'redshift/identifier',
  domain: 'redshift',
  defaultSeverity: 'warning',
  description: 'Reserved words used unquoted as names; a quoted mixed-case name also written unquoted, which names someone else.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    publicUser: 'A user cannot be named PUBLIC: the name always means every user.',
    reservedWord: '{{name}} is a reserved word in Redshift: as a {{role}} name it must be written in double quotes ("{{value}}").',
    caseMismatch: '{{name}} ({{how}}) is not the {{role}} {{created}} created in this script: Redshift compares "{{value}}" and "{{createdValue}}" as different names.',
  },
  check(context) {
    reportPublicUser(context);
    reportReservedWords(context);
    reportCaseMismatches(context);
  },
};

/** "The user name can't be PUBLIC" (CREATE USER): PUBLIC always means every user. */
function reportPublicUser(context: RuleContext<RedshiftScript>): void {
  for (const statement of context.doc.statements) {
    if (statement.kind === 'create-user' && statement.name && !statement.name.quoted && statement.name.value === 'public') {
      context.report({ start: statement.name.start, end: statement.name.end, messageId: 'publicUser' });
    }
  }
}

function reportReservedWords(context: RuleContext<RedshiftScript>): void {
  const afterError = afterSyntaxError(context.doc);
  for (const { id, role } of context.doc.names) {
    if (id.quoted || id.variable || role === 'object' || !RESERVED_WORDS.has(id.value) || afterError(id.start)) continue;
    context.report({
      start: id.start,
      end: id.end,
      messageId: 'reservedWord',
      data: { name: id.text, role, value: id.value },
      // Safe: the quoted name is the very name the unquoted word folds to.
      fix: { title: `Quote it: "${id.value}"`, edits: [{ start: id.start, end: id.end, newText: `"${id.value}"` }] },
    });
  }
}

/** `CREATE USER "Etl_User"` then `TO etl_user`: unquoted names fold to lower case, so these are two users. */
function reportCaseMismatches(context: RuleContext<RedshiftScript>): void {
  const declared = new Map<string, NameReference>();
  for (const statement of context.doc.statements) {
    if ((statement.kind === 'create-user' || statement.kind === 'create-group' || statement.kind === 'create-role') && statement.name) {
      const role = statement.kind.slice('create-'.length) as NameReference['role'];
      if (!declared.has(statement.name.value)) declared.set(statement.name.value, { id: statement.name, role });
    }
  }
  if (declared.size === 0) return;
  const afterError = afterSyntaxError(context.doc);
  const byLowerCase = new Map<string, NameReference>();
  for (const [value, ref] of declared) if (!byLowerCase.has(value.toLowerCase())) byLowerCase.set(value.toLowerCase(), ref);
  for (const ref of context.doc.names) {
    const { id } = ref;
    if (!PRINCIPAL_ROLES.has(ref.role) || id.variable || declared.has(id.value) || afterError(id.start)) continue;
    const match = byLowerCase.get(id.value.toLowerCase());
    if (!match || match.id.value === id.value) continue;
    const how = id.quoted ? 'quoted' : 'unquoted, so it folds to lower case';
    context.report({
      start: id.start,
      end: id.end,
      messageId: 'caseMismatch',
      data: { name: id.text, how, role: match.role, created: match.id.text, value: id.value, createdValue: match.id.value },
      // A suggestion: which spelling is right (this one, or the one in CREATE) is the author's call.
      suggestions: [{ title: `Write it as ${match.id.text}`, edits: [{ start: id.start, end: id.end, newText: match.id.text }] }],
    });
  }
}
