// redshift/missing-required-grant: a script bound to a profile never grants one of the profile's required privileges (or revokes it).
// The profile lists what a tool's user needs (engine/profiles); grants through PUBLIC, groups and roles count.
// https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html

import { grantOf, type RedshiftScript, type Statement } from '../../redshift/ast';
import { symbolsOf } from '../../redshift/symbols';
import { resolveBinding } from '../../profiles/binding';
import { findGrant, inferValues, type GrantMatch } from '../../profiles/redshiftGrants';
import { grantStatement, objectClause } from '../../profiles/render';
import { requiredGrants, type RequiredGrant } from '../../profiles/requirements';
import { isIamProfile, type RedshiftProfile } from '../../profiles/types';
import { fillTemplate } from '../../profiles/validation';
import type { FixProposal } from '../../types';
import type { RedshiftRule, RuleContext } from '../rule';
import { insertStatementAfter, lineLabel } from './shared';

export const missingRequiredGrant: RedshiftRule = {
  id: 'redshift/missing-required-grant',
  domain: 'redshift',
  defaultSeverity: 'warning',
  description: 'A privilege (or user option) required by the profile the script is bound to is never granted in the script, or is revoked later.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    notGranted: 'Profile {{profile}} requires GRANT {{what}} TO {{grantee}}{{why}}; the script never grants it.',
    revoked: 'Profile {{profile}} requires GRANT {{what}} TO {{grantee}}{{why}}, but it is revoked on {{line}}.',
    userOptionMissing: 'Profile {{profile}} requires {{user}} to have {{option}}{{why}}; no CREATE USER or ALTER USER in the script gives it.',
  },
  check(context) {
    const resolved = context.profile ? resolveBinding(context.profile, context.profiles) : undefined;
    if (!resolved || isIamProfile(resolved.profile)) return;
    const profile = resolved.profile;
    const script = context.doc;
    const symbols = symbolsOf(script);
    const values = inferValues(profile, resolved.values, script, symbols);
    const anchor = anchorOf(context, script);
    for (const requirement of requiredGrants(profile, values)) {
      const match = findGrant(script, symbols, requirement);
      if (match.granted) continue;
      reportGrant(context, profile, requirement, match, anchor);
    }
    checkUserOptions(context, profile, values, script, anchor);
  },
};

interface Anchor {
  start: number;
  end: number;
}

/** Where findings go: the binding comment, else the start of the script. */
function anchorOf(context: RuleContext<RedshiftScript>, script: RedshiftScript): Anchor {
  const comment = script.comments.find((c) => /^--\s*grantcheck-profile:/i.test(context.text.slice(c.start, c.end)));
  if (comment) return { start: comment.start, end: comment.end };
  const first = script.statements[0];
  return first ? { start: first.start, end: first.start } : { start: 0, end: 0 };
}

function reportGrant(context: RuleContext<RedshiftScript>, profile: RedshiftProfile, requirement: RequiredGrant, match: GrantMatch, anchor: Anchor): void {
  const what = `${requirement.privilege} ON ${describeObject(requirement)}`;
  const to = requirement.grantee ?? '<user>';
  const why = requirement.template.why ? ` — ${lowerFirst(requirement.template.why.replace(/\.$/, ''))}` : '';

  const sql = grantStatement({ ...requirement.template, privileges: [requirement.privilege], object: requirement.object ?? placeholderText(requirement.template.object), grantee: to });
  const fixes: FixProposal[] = [];
  if (!match.revokedBy) {
    const after = insertionPoint(context.doc, requirement.grantee);
    const edit = after ? insertStatementAfter(context.text, context.lines, after, sql) : { start: context.text.length, end: context.text.length, newText: `${context.text.endsWith('\n') || context.text === '' ? '' : '\n'}${sql}\n` };
    fixes.push({ title: `Add ${sql}`, edits: [edit] });
  }
  context.report({
    start: anchor.start,
    end: anchor.end,
    messageId: match.revokedBy ? 'revoked' : 'notGranted',
    data: { profile: profile.id, what, grantee: to, why, line: match.revokedBy ? lineLabel(context.lines, match.revokedBy.start) : '' },
    // Suggestions only: fix-all never adds a grant; where it goes (and its placeholders) is the author's call.
    suggestions: fixes,
  });
}

function describeObject(requirement: RequiredGrant): string {
  return objectClause(requirement.objectKind, requirement.object ?? placeholderText(requirement.template.object));
}

function placeholderText(template: string): string {
  return fillTemplate(template, (name) => `<${name}>`);
}

/** After the last statement about the grantee (a grant to it or its CREATE USER), else after the last statement. */
function insertionPoint(script: RedshiftScript, grantee: string | undefined): Statement | undefined {
  const about = script.statements.filter((s) => {
    if (s.hasError) return false;
    if (s.kind === 'create-user' || s.kind === 'alter-user') return grantee !== undefined && s.name?.value === grantee;
    const grant = grantOf(s);
    return grant !== undefined && grantee !== undefined && grant.grantees.some((g) => g.name?.value === grantee);
  });
  return about[about.length - 1] ?? script.statements.filter((s) => !s.hasError).pop();
}

/** User options the profile needs (CREATEUSER, SYSLOG ACCESS UNRESTRICTED) on CREATE USER or ALTER USER. */
function checkUserOptions(context: RuleContext<RedshiftScript>, profile: RedshiftProfile, values: Readonly<Record<string, string>>, script: RedshiftScript, anchor: Anchor): void {
  const user = profile.user;
  if (!user || user.options.length === 0) return;
  const name = values.user;
  const statements = script.statements.filter(
    (s): s is Extract<Statement, { kind: 'create-user' | 'alter-user' }> => (s.kind === 'create-user' || s.kind === 'alter-user') && !s.hasError && (name === undefined || s.name?.value === name),
  );
  for (const option of user.options) {
    if (statements.some((s) => s.options.some((o) => o.name === option))) continue;
    const create = statements.find((s) => s.kind === 'create-user');
    const fixes: FixProposal[] = [];
    if (create && create.terminated) {
      const semicolon = context.text.lastIndexOf(';', create.end);
      if (semicolon >= create.start) fixes.push({ title: `Add ${option} to CREATE USER`, edits: [{ start: semicolon, end: semicolon, newText: ` ${option}` }] });
    }
    const who = name ?? '<user>';
    context.report({
      start: create?.start ?? anchor.start,
      end: create ? create.end : anchor.end,
      messageId: 'userOptionMissing',
      data: { profile: profile.id, user: who, option, why: user.why ? ` — ${lowerFirst(user.why.replace(/\.$/, ''))}` : '' },
      // A suggestion: options such as CREATEUSER make a superuser, never something to add in bulk.
      suggestions: fixes,
    });
  }
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
