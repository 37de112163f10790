// redshift/future-tables: ON ALL TABLES IN SCHEMA covers only the tables that exist now; tables created later stay unreadable
// unless ALTER DEFAULT PRIVILEGES or a scoped grant covers them.
// https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html, scoped permissions in r_GRANT.html

import type { RedshiftRule, RuleContext } from '../rule';
import type { Grantee, GrantStatement, Identifier, RedshiftScript } from '../../redshift/ast';
import { granteeKey, symbolsOf } from '../../redshift/symbols';
import { namesGroupOrRole } from './shared';
import type { FixProposal } from '../../types';
import { checkedGrants, granteeLabel, insertStatementAfter, privilegeList, sourceOf } from './shared';

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);
/** Table privileges ALTER DEFAULT PRIVILEGES … ON TABLES accepts. */
const DEFAULT_TABLE_PRIVILEGES = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'REFERENCES', 'TRUNCATE', 'ALL']);

export const futureTables: RedshiftRule = {
  id: 'redshift/future-tables',
  domain: 'redshift',
  defaultSeverity: 'info',
  description: 'GRANT … ON ALL TABLES IN SCHEMA without ALTER DEFAULT PRIVILEGES or a scoped grant: tables created later are not covered.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    futureTablesNotCovered:
      'ON ALL TABLES IN SCHEMA {{schema}} covers only the tables that exist now: tables created later in {{schema}} stay unreadable for {{grantee}}. Add ALTER DEFAULT PRIVILEGES (for the users who create tables) or a scoped grant FOR TABLES IN SCHEMA.',
  },
  check(context) {
    const grants = [...checkedGrants(context.doc)].map((g) => g.grant);
    const covered = coveredSchemas(grants);
    const symbols = symbolsOf(context.doc);
    const { superusers } = symbols;
    for (const grant of grants) {
      if (grant.kind !== 'grant' || grant.defaultPrivileges || grant.target.type !== 'object' || grant.target.kind !== 'all-tables') continue;
      for (const object of grant.target.objects) {
        const schema = object.parts[object.parts.length - 1]!;
        if (schema.variable || SYSTEM_SCHEMAS.has(schema.value)) continue;
        for (const grantee of grant.grantees) {
          const key = granteeKey(grantee);
          if (namesGroupOrRole(symbols, grantee)) continue; // grantee-kind reports the missing GROUP/ROLE
          if (grantee.kind === 'user' && grantee.name && superusers.has(grantee.name.value)) continue; // superusers need no grants
          if (!key || covered.has(`${key}\u0000*`) || covered.has(`${key}\u0000${schema.value}`)) continue;
          report(context, grant, grantee, schema);
        }
      }
    }
  },
};

/** `grantee\0schema` (or `grantee\0*` for every schema) for each default-privileges or scoped grant covering future tables. */
function coveredSchemas(grants: GrantStatement[]): Set<string> {
  const covered = new Set<string>();
  for (const grant of grants) {
    if (grant.kind !== 'grant') continue;
    const target = grant.target;
    let schemas: string[] | undefined;
    if (target.type === 'defaults' && target.objects === 'tables') {
      const inSchemas = grant.defaultPrivileges?.inSchemas ?? [];
      schemas = inSchemas.length === 0 ? ['*'] : inSchemas.map((s) => s.value);
    } else if (target.type === 'scoped' && target.scope === 'tables') {
      schemas = [target.schema ? target.schema.value : '*'];
    }
    if (!schemas) continue;
    for (const grantee of grant.grantees) {
      const key = granteeKey(grantee);
      if (key) for (const schema of schemas) covered.add(`${key}\u0000${schema}`);
    }
  }
  return covered;
}

function report(context: RuleContext<RedshiftScript>, grant: GrantStatement, grantee: Grantee, schema: Identifier): void {
  const privileges = grant.privileges.filter((p) => DEFAULT_TABLE_PRIVILEGES.has(p.name) && !p.columns);
  const granteeText = sourceOf(context.text, grantee);
  const fixes: FixProposal[] = [];
  if (privileges.length > 0 && grant.terminated) {
    const list = privilegeList(privileges);
    const defaults = `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema.text} GRANT ${list} ON TABLES TO ${granteeText};`;
    fixes.push({ title: `Add ${defaults}`, edits: [insertStatementAfter(context.text, context.lines, grant, defaults)] });
    if (grantee.kind === 'user' || grantee.kind === 'role') {
      const scoped = `GRANT ${list} FOR TABLES IN SCHEMA ${schema.text} TO ${granteeText};`;
      fixes.push({ title: `Add the scoped grant ${scoped}`, edits: [insertStatementAfter(context.text, context.lines, grant, scoped)] });
    }
  }
  context.report({
    start: schema.start,
    end: schema.end,
    messageId: 'futureTablesNotCovered',
    data: { schema: schema.text, grantee: granteeLabel(grantee) },
    // Suggestions: each adds a grant, and which (defaults for whose tables, or a scoped grant) is the author's choice.
    suggestions: fixes,
  });
}
