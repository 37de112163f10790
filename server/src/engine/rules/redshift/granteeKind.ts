// redshift/grantee-kind: a grantee that cannot receive this grant — WITH GRANT OPTION to a group or PUBLIC, scoped or
// system permissions to a group, a bare name that the script declares as a group or role.
// https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html (WITH GRANT OPTION, scoped permissions, ROLE/GROUP keywords)

import type { RedshiftRule, RuleContext } from '../rule';
import type { Grantee, GrantStatement, RedshiftScript, Span } from '../../redshift/ast';
import { declaredKind, symbolsOf, type SymbolTable } from '../../redshift/symbols';
import type { FixProposal, Report } from '../../types';
import { checkedGrants, granteeLabel } from './shared';

const USER_GRANTABLE_SYSTEM_PERMISSIONS = new Set(['CREATE MODEL', 'EXPLAIN MASKING']);

export const granteeKind: RedshiftRule = {
  id: 'redshift/grantee-kind',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'A grantee that cannot receive the grant: WITH GRANT OPTION to a group or PUBLIC, scoped permissions to a group, system permissions to a non-role, a group named without GROUP, a role named with GROUP.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    missingKeyword: '{{name}} is created as a {{kind}} in this script, but without {{keyword}} Redshift looks for a user: the grant fails with user "{{value}}" does not exist.',
    wrongKeyword: '{{name}} is created as a {{kind}} in this script, but {{keyword}} looks for a {{written}}: the grant fails with {{written}} "{{value}}" does not exist.',
    grantOptionToNonUser: 'WITH GRANT OPTION cannot be given to {{grantee}}: only a user can hold a grant option.',
    grantOptionWithColumns: 'WITH GRANT OPTION cannot be used with column-level privileges.',
    adminOptionMisplaced: 'WITH ADMIN OPTION applies only to a role granted to a user (GRANT ROLE r TO user WITH ADMIN OPTION).',
    roleToNonUser: 'A role can be granted only to a user or another role, not to {{grantee}}.',
    scopedToGroup: 'Scoped permissions (FOR {{scope}} IN …) cannot be granted to a group: grant them to users or roles.',
    systemToNonRole: 'System permissions ({{privileges}}) can be granted only to roles (TO ROLE r), not to {{grantee}}.',
    namespaceOutsideDatashare: '{{kind}} grantees receive only USAGE ON DATASHARE.',
    iamRoleOutsideExternal: 'IAM_ROLE grantees receive only privileges ON EXTERNAL TABLE or ON EXTERNAL SCHEMA (Lake Formation).',
    datashareUsageToPrincipal: 'USAGE ON DATASHARE is granted to a consumer NAMESPACE or ACCOUNT, not to a user, group or role.',
    policyGranteeOnlySelect: '{{grantee}} can receive only SELECT on tables (the lookup tables the policy reads).',
  },
  check(context) {
    const symbols = symbolsOf(context.doc);
    for (const { grant } of checkedGrants(context.doc)) {
      for (const grantee of grant.grantees) checkGrantee(context, symbols, grant, grantee);
    }
  },
};

function checkGrantee(context: RuleContext<RedshiftScript>, symbols: SymbolTable, grant: GrantStatement, grantee: Grantee): void {
  const report = (messageId: string, data: Record<string, string> = {}, fixes: Pick<Report, 'fix' | 'suggestions'> = {}, at: Span = grantee): void =>
    context.report({ start: at.start, end: at.end, messageId, data, ...fixes });
  const target = grant.target;

  if (grantee.kind === 'user' && grantee.name && !grantee.name.quoted && !grantee.name.variable) {
    const kind = declaredKind(symbols, grantee.name.value);
    if (kind === 'group' || kind === 'role') {
      const keyword = kind.toUpperCase();
      const insert: FixProposal = { title: `Insert ${keyword} before ${grantee.name.text}`, edits: [{ start: grantee.start, end: grantee.start, newText: `${keyword} ` }] };
      // Safe when the script creates this name only as a group (or only as a role): the keyword names what it
      // created. A name created as both leaves the choice to a person.
      const both = symbols.groups.has(grantee.name.value) && symbols.roles.has(grantee.name.value);
      report('missingKeyword', { name: grantee.name.text, kind, keyword, value: grantee.name.value }, both ? { suggestions: [insert] } : { fix: insert });
      return;
    }
  }

  if ((grantee.kind === 'group' || grantee.kind === 'role') && grantee.name && grantee.keyword && !grantee.name.variable) {
    // The reverse of missingKeyword: `TO GROUP analysts` where analysts is created as a role (or ROLE for a group).
    const written = grantee.kind;
    const created = written === 'group' ? 'role' : 'group';
    const value = grantee.name.value;
    const createdAsOther = (created === 'role' ? symbols.roles : symbols.groups).has(value);
    const createdAsWritten = (written === 'group' ? symbols.groups : symbols.roles).has(value);
    if (createdAsOther && !createdAsWritten) {
      const keyword = created.toUpperCase();
      const fix: FixProposal = { title: `Change ${written.toUpperCase()} to ${keyword}`, edits: [{ start: grantee.keyword.start, end: grantee.keyword.end, newText: keyword }] };
      report('wrongKeyword', { name: grantee.name.text, kind: created, keyword: written.toUpperCase(), written, value }, { fix });
      return;
    }
  }

  if (grantee.withGrantOption) {
    if (grantee.kind === 'group' || grantee.kind === 'public' || grantee.kind === 'role') {
      report('grantOptionToNonUser', { grantee: granteeLabel(grantee) }, {}, grantee.withGrantOption);
    } else if (grant.privileges.some((p) => p.columns) && !(target.type === 'object' && target.kind === 'external-table')) {
      // Lake Formation column grants to IAM roles take WITH GRANT OPTION (r_GRANT.html); Redshift column grants do not.
      report('grantOptionWithColumns', {}, {}, grantee.withGrantOption);
    }
  }
  if (grantee.withAdminOption && (target.type !== 'roles' || grantee.kind !== 'user')) {
    report('adminOptionMisplaced', {}, {}, grantee.withAdminOption);
  }

  if (target.type === 'roles' && grantee.kind !== 'user' && grantee.kind !== 'role') {
    report('roleToNonUser', { grantee: granteeLabel(grantee) });
    return;
  }
  if (target.type === 'scoped' && grantee.kind === 'group') {
    report('scopedToGroup', { scope: target.scope.toUpperCase().replace('-', ' ') });
    return;
  }
  // CREATE MODEL and EXPLAIN MASKING also go to users (and groups, for CREATE MODEL): r_GRANT.html.
  const system = grant.privileges.filter((p) => p.category === 'system' && !USER_GRANTABLE_SYSTEM_PERMISSIONS.has(p.name));
  if (target.type === 'none' && system.length > 0 && grantee.kind !== 'role') {
    const suggestions: FixProposal[] = [];
    // The name is also a user here (a role-only name is reported above): granting to the role is a guess.
    if (grantee.kind === 'user' && grantee.name && symbols.roles.has(grantee.name.value)) {
      suggestions.push({ title: `Insert ROLE before ${grantee.name.text}`, edits: [{ start: grantee.start, end: grantee.start, newText: 'ROLE ' }] });
    }
    report('systemToNonRole', { privileges: system.map((p) => p.name).join(', '), grantee: granteeLabel(grantee) }, { suggestions });
    return;
  }
  checkSpecialGrantees(context, grant, grantee);
}

/** NAMESPACE/ACCOUNT only receive datashare USAGE; IAM_ROLE only external tables/schemas (Lake Formation). */
function checkSpecialGrantees(context: RuleContext<RedshiftScript>, grant: GrantStatement, grantee: Grantee): void {
  const target = grant.target;
  const onDatashare = target.type === 'object' && target.kind === 'datashare';
  const onExternal = target.type === 'object' && (target.kind === 'external-table' || target.kind === 'external-schema');
  if (grantee.kind === 'rls-policy' || grantee.kind === 'masking-policy') {
    // GRANT SELECT ON [TABLE] t TO RLS POLICY p | MASKING POLICY p: r_GRANT.html (row-level security, masking).
    const onTable = target.type === 'object' && target.kind === 'table';
    if (!onTable || grant.privileges.some((p) => p.name !== 'SELECT' || p.columns)) {
      context.report({ start: grantee.start, end: grantee.end, messageId: 'policyGranteeOnlySelect', data: { grantee: granteeLabel(grantee) } });
    }
  } else if ((grantee.kind === 'namespace' || grantee.kind === 'account') && !onDatashare) {
    context.report({ start: grantee.start, end: grantee.end, messageId: 'namespaceOutsideDatashare', data: { kind: grantee.kind.toUpperCase() } });
  } else if (grantee.kind === 'iam-role' && !onExternal) {
    context.report({ start: grantee.start, end: grantee.end, messageId: 'iamRoleOutsideExternal' });
  } else if (onDatashare && grant.privileges.some((p) => p.name === 'USAGE') && grantee.kind !== 'namespace' && grantee.kind !== 'account') {
    context.report({ start: grantee.start, end: grantee.end, messageId: 'datashareUsageToPrincipal' });
  }
}
