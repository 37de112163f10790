// redshift/privilege-object-mismatch: a privilege the object kind does not accept (TEMPORARY ON SCHEMA, USAGE ON TABLE, …).
// Which privilege goes with which object: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html (syntax lines per object kind).

import type { RedshiftRule, RuleContext } from '../rule';
import type { GrantStatement, Privilege, RedshiftScript } from '../../redshift/ast';
import { PRIVILEGES_BY_DEFAULTS, PRIVILEGES_BY_OBJECT, PRIVILEGES_BY_SCOPE } from '../../redshift/privileges';
import { symbolsOf } from '../../redshift/symbols';
import type { FixProposal } from '../../types';
import { checkedGrants, insertStatementAfter, removeListItem, sourceOf } from './shared';

const KIND_LABEL: Record<string, string> = {
  table: 'a table', 'all-tables': 'tables', database: 'a database', schema: 'a schema', function: 'a function',
  'all-functions': 'functions', procedure: 'a procedure', 'all-procedures': 'procedures', language: 'a language',
  datashare: 'a datashare', model: 'a model', 'copy-job': 'a copy job', 'external-table': 'an external table',
  'external-schema': 'an external schema',
};

export const privilegeObjectMismatch: RedshiftRule = {
  id: 'redshift/privilege-object-mismatch',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'A privilege the object kind does not accept (TEMPORARY on a schema, USAGE on a table, anything but EXECUTE on a procedure).',
  fixable: false,
  hasSuggestions: true,
  messages: {
    systemPermissionWithTarget: '{{privilege}} is a system permission: it is granted without an ON/FOR clause (GRANT {{privilege}} TO ROLE …).',
    notAccepted: '{{privilege}} cannot be granted on {{label}}: it accepts {{accepted}}.{{hint}}',
    dropOnDatabase: 'DROP ON DATABASE: the GRANT guide mentions databases in the DROP parameter but not in the DATABASE syntax; Redshift may reject it.',
    revokeUsageOnDatabase:
      'REVOKE USAGE ON DATABASE: the REVOKE syntax for databases does not list USAGE (it applies to datashare databases); check that this does what you expect.',
    columnsNeedTable: 'Column-level {{privilege}} needs ON [TABLE] table_name (or ON EXTERNAL TABLE for Lake Formation); it cannot be used here.',
    notColumnPrivilege: '{{privilege}} cannot be granted on columns: column-level privileges are SELECT, UPDATE or ALL (SELECT or ALL on an external table).',
  },
  check(context) {
    for (const { grant } of checkedGrants(context.doc)) checkGrant(context, grant);
  },
};

function checkGrant(context: RuleContext<RedshiftScript>, grant: GrantStatement): void {
  const target = grant.target;
  let accepted: readonly string[] | undefined;
  let label: string;
  if (target.type === 'object') {
    if (target.kind === 'postgres-only') return;
    accepted = PRIVILEGES_BY_OBJECT[target.kind];
    label = KIND_LABEL[target.kind] ?? target.kind;
  } else if (target.type === 'scoped') {
    accepted = PRIVILEGES_BY_SCOPE[target.scope];
    label = `${target.scope.replace('-', ' ')} (scoped permission)`;
  } else if (target.type === 'defaults') {
    accepted = PRIVILEGES_BY_DEFAULTS[target.objects];
    label = `default privileges on ${target.objects}`;
    if (!accepted) return;
  } else return;
  grant.privileges.forEach((privilege, index) => {
    if (privilege.category === 'postgres-only') return;
    if (privilege.category === 'system') {
      context.report({
        start: privilege.start,
        end: privilege.end,
        messageId: 'systemPermissionWithTarget',
        data: { privilege: privilege.name },
      });
      return;
    }
    if (privilege.columns) {
      checkColumnPrivilege(context, grant, privilege);
      return;
    }
    if (!accepted!.includes(privilege.name)) {
      context.report({
        start: privilege.start,
        end: privilege.end,
        messageId: 'notAccepted',
        data: { privilege: privilege.name, label, accepted: accepted!.join(', '), hint: mismatchHint(privilege.name, label) },
        // Suggestions: which database TEMPORARY was meant for is a guess, even with one database in the script.
        suggestions: target.type === 'object' && target.kind === 'schema' && privilege.name === 'TEMPORARY' ? temporaryFixes(context, grant, index) : [],
      });
      return;
    }
    const contradiction = documentedContradiction(grant, privilege);
    if (contradiction) context.report({ start: privilege.start, end: privilege.end, messageId: contradiction, severity: 'warning' });
  });
}

function mismatchHint(privilege: string, label: string): string {
  if (privilege === 'TEMPORARY') return ' TEMPORARY is a database privilege: GRANT TEMPORARY ON DATABASE <db>.';
  if (privilege === 'USAGE' && label.includes('table')) return ' USAGE belongs on the schema: GRANT USAGE ON SCHEMA <schema>.';
  if (privilege === 'EXECUTE') return ' EXECUTE is for functions, procedures and models.';
  return '';
}

/** Where the Redshift guide contradicts itself, warn instead of erroring. */
function documentedContradiction(grant: GrantStatement, privilege: Privilege): 'dropOnDatabase' | 'revokeUsageOnDatabase' | undefined {
  if (grant.target.type !== 'object' || grant.target.kind !== 'database') return undefined;
  if (privilege.name === 'DROP') return 'dropOnDatabase';
  if (privilege.name === 'USAGE' && grant.kind === 'revoke') return 'revokeUsageOnDatabase';
  return undefined;
}

function checkColumnPrivilege(context: RuleContext<RedshiftScript>, grant: GrantStatement, privilege: Privilege): void {
  const onTable = grant.target.type === 'object' && grant.target.kind === 'table';
  // Lake Formation column lists: `GRANT { SELECT | ALL } (c, …) ON EXTERNAL TABLE s.t TO IAM_ROLE …` (r_GRANT.html).
  const onExternalTable = grant.target.type === 'object' && grant.target.kind === 'external-table';
  if (!onTable && !onExternalTable) {
    context.report({ start: privilege.start, end: privilege.end, messageId: 'columnsNeedTable', data: { privilege: privilege.name } });
  } else if (!(onExternalTable ? ['SELECT', 'ALL'] : ['SELECT', 'UPDATE', 'ALL']).includes(privilege.name)) {
    context.report({ start: privilege.start, end: privilege.end, messageId: 'notColumnPrivilege', data: { privilege: privilege.name } });
  }
}

/** TEMPORARY on a schema → on the database, when the script names the database. */
function temporaryFixes(context: RuleContext<RedshiftScript>, grant: GrantStatement, index: number): FixProposal[] {
  const databases = [...symbolsOf(context.doc).databases.values()].map((ids) => ids[0]!).slice(0, 3);
  const target = grant.target;
  if (databases.length === 0 || target.type !== 'object' || grant.defaultPrivileges) return [];
  if (grant.privileges.length > 1 && !grant.terminated) return [];
  const { text } = context;
  const grantees = sourceOf(text, { start: grant.grantees[0]!.start, end: grant.grantees[grant.grantees.length - 1]!.end });
  return databases.map((db) => {
    const title = `Grant TEMPORARY on database ${db.text} instead`;
    if (grant.privileges.length === 1) {
      return { title, edits: [{ start: target.start, end: target.end, newText: `DATABASE ${db.text}` }] };
    }
    const verb = grant.kind === 'grant' ? 'GRANT' : 'REVOKE';
    const preposition = grant.kind === 'grant' ? 'TO' : 'FROM';
    return {
      title,
      edits: [
        removeListItem(grant.privileges, index),
        insertStatementAfter(text, context.lines, grant, `${verb} TEMPORARY ON DATABASE ${db.text} ${preposition} ${grantees};`),
      ],
    };
  });
}
