// redshift/postgres-only: PostgreSQL grant forms Redshift does not have (GRANT CONNECT, ON ALL SEQUENCES, FOR ROLE in defaults, …).
// Redshift's GRANT and ALTER DEFAULT PRIVILEGES grammars: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html

import type { RedshiftRule, RuleContext } from '../rule';
import type { GrantStatement, RedshiftScript, Statement } from '../../redshift/ast';
import type { FixProposal } from '../../types';
import { checkedGrants, removeListItem } from './shared';

const PRIVILEGE_NOTES: Record<string, string> = {
  CONNECT: 'Redshift has no CONNECT privilege: a user can connect to any database of the cluster, and access is controlled by USAGE on schemas and privileges on objects.',
  TRIGGER: 'Redshift has no TRIGGER privilege: it does not support triggers.',
  RULE: 'Redshift has no RULE privilege: it does not support rules.',
  MAINTAIN: 'Redshift has no MAINTAIN privilege (PostgreSQL 17); VACUUM and ANALYZE are system permissions granted to roles.',
};

export const postgresOnly: RedshiftRule = {
  id: 'redshift/postgres-only',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'PostgreSQL grant forms Redshift lacks: GRANT CONNECT, TRIGGER/RULE privileges, ON ALL SEQUENCES, ON SCHEMAS/TYPES/ROUTINES, FOR ROLE in default privileges.',
  fixable: true,
  check(context) {
    for (const { statement, grant } of checkedGrants(context.doc)) {
      checkPrivileges(context, grant);
      checkTarget(context, grant);
      checkDefaultPrivileges(context, statement);
    }
  },
};

function checkPrivileges(context: RuleContext<RedshiftScript>, grant: GrantStatement): void {
  grant.privileges.forEach((privilege, index) => {
    if (privilege.category !== 'postgres-only') return;
    const fixes: FixProposal[] = [];
    if (grant.privileges.length > 1) {
      fixes.push({ title: `Remove ${privilege.name}`, isPreferred: true, edits: [removeListItem(grant.privileges, index)] });
    }
    context.report({ start: privilege.start, end: privilege.end, message: PRIVILEGE_NOTES[privilege.name] ?? `Redshift has no ${privilege.name} privilege.`, fixes });
  });
}

function checkTarget(context: RuleContext<RedshiftScript>, grant: GrantStatement): void {
  const target = grant.target;
  if (target.type === 'object' && target.kind === 'postgres-only') {
    const form = target.keywordText;
    const note = /SEQUENCE/.test(form) ? ' Redshift has no sequences (use IDENTITY columns).' : '';
    context.report({ start: target.keyword.start, end: target.keyword.end, message: `ON ${form} is PostgreSQL syntax that Redshift does not accept.${note}` });
  }
  if (target.type === 'defaults' && !['tables', 'functions', 'procedures'].includes(target.objects)) {
    context.report({
      start: target.keyword.start,
      end: target.keyword.end,
      message: `ALTER DEFAULT PRIVILEGES … ON ${target.objects.toUpperCase()} is PostgreSQL: Redshift default privileges cover TABLES, FUNCTIONS and PROCEDURES.`,
    });
  }
}

function checkDefaultPrivileges(context: RuleContext<RedshiftScript>, statement: Statement): void {
  if (statement.kind !== 'alter-default-privileges' || statement.forKeyword?.word !== 'role') return;
  const keyword = statement.forKeyword;
  context.report({
    start: keyword.start,
    end: keyword.end,
    message: 'ALTER DEFAULT PRIVILEGES FOR ROLE is PostgreSQL: Redshift writes FOR USER (the users whose new objects get these defaults).',
    fixes: [{ title: 'Change ROLE to USER', isPreferred: true, edits: [{ start: keyword.start, end: keyword.end, newText: 'USER' }] }],
  });
}
