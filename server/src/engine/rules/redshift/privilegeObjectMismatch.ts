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
  fixable: true,
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
        message: `${privilege.name} is a system permission: it is granted without an ON/FOR clause (GRANT ${privilege.name} TO ROLE …).`,
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
        message: mismatchMessage(privilege.name, label, accepted!),
        fixes: target.type === 'object' && target.kind === 'schema' && privilege.name === 'TEMPORARY' ? temporaryFixes(context, grant, index) : [],
      });
      return;
    }
    const contradiction = documentedContradiction(grant, privilege);
    if (contradiction) context.report({ start: privilege.start, end: privilege.end, message: contradiction, severity: 'warning' });
  });
}

function mismatchMessage(privilege: string, label: string, accepted: readonly string[]): string {
  let hint = '';
  if (privilege === 'TEMPORARY') hint = ' TEMPORARY is a database privilege: GRANT TEMPORARY ON DATABASE <db>.';
  else if (privilege === 'USAGE' && label.includes('table')) hint = ' USAGE belongs on the schema: GRANT USAGE ON SCHEMA <schema>.';
  else if (privilege === 'EXECUTE') hint = ' EXECUTE is for functions, procedures and models.';
  return `${privilege} cannot be granted on ${label}: it accepts ${accepted.join(', ')}.${hint}`;
}

/** Where the Redshift guide contradicts itself, warn instead of erroring. */
function documentedContradiction(grant: GrantStatement, privilege: Privilege): string | undefined {
  if (grant.target.type !== 'object' || grant.target.kind !== 'database') return undefined;
  if (privilege.name === 'DROP') {
    return 'DROP ON DATABASE: the GRANT guide mentions databases in the DROP parameter but not in the DATABASE syntax; Redshift may reject it.';
  }
  if (privilege.name === 'USAGE' && grant.kind === 'revoke') {
    return 'REVOKE USAGE ON DATABASE: the REVOKE syntax for databases does not list USAGE (it applies to datashare databases); check that this does what you expect.';
  }
  return undefined;
}

function checkColumnPrivilege(context: RuleContext<RedshiftScript>, grant: GrantStatement, privilege: Privilege): void {
  const onTable = grant.target.type === 'object' && grant.target.kind === 'table';
  if (!onTable) {
    context.report({ start: privilege.start, end: privilege.end, message: `Column-level ${privilege.name} needs ON [TABLE] table_name; it cannot be used here.` });
  } else if (!['SELECT', 'UPDATE', 'ALL'].includes(privilege.name)) {
    context.report({ start: privilege.start, end: privilege.end, message: `${privilege.name} cannot be granted on columns: column-level privileges are SELECT, UPDATE or ALL.` });
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
    const isPreferred = databases.length === 1;
    if (grant.privileges.length === 1) {
      return { title, isPreferred, edits: [{ start: target.start, end: target.end, newText: `DATABASE ${db.text}` }] };
    }
    const verb = grant.kind === 'grant' ? 'GRANT' : 'REVOKE';
    const preposition = grant.kind === 'grant' ? 'TO' : 'FROM';
    return {
      title,
      isPreferred,
      edits: [
        removeListItem(grant.privileges, index),
        insertStatementAfter(text, context.lines, grant, `${verb} TEMPORARY ON DATABASE ${db.text} ${preposition} ${grantees};`),
      ],
    };
  });
}
