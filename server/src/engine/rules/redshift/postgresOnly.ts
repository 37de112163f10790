// redshift/postgres-only: PostgreSQL grant forms Redshift does not have (GRANT CONNECT, ON ALL SEQUENCES, FOR ROLE in defaults, …).
// Redshift's GRANT and ALTER DEFAULT PRIVILEGES grammars: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html

import type { RedshiftRule, RuleContext } from '../rule';
import type { GrantStatement, RedshiftScript, Statement } from '../../redshift/ast';
import type { FixProposal } from '../../types';
import { checkedGrants, removeListItem } from './shared';

const MESSAGES = {
  connectPrivilege:
    'Redshift has no CONNECT privilege: a user can connect to any database of the cluster, and access is controlled by USAGE on schemas and privileges on objects.',
  triggerPrivilege: 'Redshift has no TRIGGER privilege: it does not support triggers.',
  rulePrivilege: 'Redshift has no RULE privilege: it does not support rules.',
  maintainPrivilege: 'Redshift has no MAINTAIN privilege (PostgreSQL 17); VACUUM and ANALYZE are system permissions granted to roles.',
  otherPrivilege: 'Redshift has no {{privilege}} privilege.',
  postgresTarget: 'ON {{form}} is PostgreSQL syntax that Redshift does not accept.{{note}}',
  postgresDefaults: 'ALTER DEFAULT PRIVILEGES … ON {{objects}} is PostgreSQL: Redshift default privileges cover TABLES, FUNCTIONS and PROCEDURES.',
  forRole: 'ALTER DEFAULT PRIVILEGES FOR ROLE is PostgreSQL: Redshift writes FOR USER (the users whose new objects get these defaults).',
} as const;

const PRIVILEGE_MESSAGES: Record<string, keyof typeof MESSAGES> = {
  CONNECT: 'connectPrivilege',
  TRIGGER: 'triggerPrivilege',
  RULE: 'rulePrivilege',
  MAINTAIN: 'maintainPrivilege',
};

/**
 * Privileges whose removal is safe: Redshift has nothing they could grant (every user may connect; there are no
 * triggers or rules). MAINTAIN stands for VACUUM/ANALYZE, which Redshift grants otherwise: removing it is a suggestion.
 */
const NOTHING_TO_GRANT = new Set(['CONNECT', 'TRIGGER', 'RULE']);

export const postgresOnly: RedshiftRule = {
  id: 'redshift/postgres-only',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'PostgreSQL grant forms Redshift lacks: GRANT CONNECT, TRIGGER/RULE privileges, ON ALL SEQUENCES, ON SCHEMAS/TYPES/ROUTINES, FOR ROLE in default privileges.',
  fixable: true,
  hasSuggestions: true,
  messages: MESSAGES,
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
    const removal: FixProposal | undefined =
      grant.privileges.length > 1 ? { title: `Remove ${privilege.name}`, edits: [removeListItem(grant.privileges, index)] } : undefined;
    context.report({
      start: privilege.start,
      end: privilege.end,
      messageId: PRIVILEGE_MESSAGES[privilege.name] ?? 'otherPrivilege',
      data: { privilege: privilege.name },
      ...(removal ? (NOTHING_TO_GRANT.has(privilege.name) ? { fix: removal } : { suggestions: [removal] }) : {}),
    });
  });
}

function checkTarget(context: RuleContext<RedshiftScript>, grant: GrantStatement): void {
  const target = grant.target;
  if (target.type === 'object' && target.kind === 'postgres-only') {
    const form = target.keywordText;
    const note = /SEQUENCE/.test(form) ? ' Redshift has no sequences (use IDENTITY columns).' : '';
    context.report({ start: target.keyword.start, end: target.keyword.end, messageId: 'postgresTarget', data: { form, note } });
  }
  if (target.type === 'defaults' && !['tables', 'functions', 'procedures'].includes(target.objects)) {
    context.report({
      start: target.keyword.start,
      end: target.keyword.end,
      messageId: 'postgresDefaults',
      data: { objects: target.objects.toUpperCase() },
    });
  }
}

function checkDefaultPrivileges(context: RuleContext<RedshiftScript>, statement: Statement): void {
  if (statement.kind !== 'alter-default-privileges' || statement.forKeyword?.word !== 'role') return;
  const keyword = statement.forKeyword;
  context.report({
    start: keyword.start,
    end: keyword.end,
    messageId: 'forRole',
    // Safe: PostgreSQL's FOR ROLE names the creators of the objects, which Redshift spells FOR USER.
    fix: { title: 'Change ROLE to USER', edits: [{ start: keyword.start, end: keyword.end, newText: 'USER' }] },
  });
}
