// redshift/future-tables: ON ALL TABLES IN SCHEMA covers only the tables that exist now; tables created later stay unreadable
// unless ALTER DEFAULT PRIVILEGES or a scoped grant covers them.
// https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html, scoped permissions in r_GRANT.html

import type { RedshiftRule, RuleContext } from '../rule';
import type { Grantee, GrantStatement, Identifier, RedshiftScript } from '../../redshift/ast';
import { granteeKey, symbolsOf } from '../../redshift/symbols';
import { namesGroupOrRole } from './shared';
import type { FixProposal } from '../../types';
import { checkedGrants, granteeLabel, insertStatementAfter, sourceOf } from './shared';

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
      'ON ALL TABLES IN SCHEMA {{schema}} covers only the tables that exist now: tables created later in {{schema}} stay unreadable for {{grantees}}. Add ALTER DEFAULT PRIVILEGES (for the users who create tables) or a scoped grant FOR TABLES IN SCHEMA.{{grants}}',
  },
  check(context) {
    const grants = [...checkedGrants(context.doc)].map((g) => g.grant);
    const covered = coveredSchemas(grants);
    const symbols = symbolsOf(context.doc);
    const { superusers } = symbols;
    // One finding per schema, however many grants name it: a generated grants script repeats ON ALL TABLES for
    // every grantee, and one note per grant buries everything else.
    const bySchema = new Map<string, SchemaGroup>();
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
          let group = bySchema.get(schema.value);
          if (!group) bySchema.set(schema.value, (group = { schema, grants: [], grantees: new Map() }));
          if (group.grants[group.grants.length - 1] !== grant) group.grants.push(grant); // grants arrive in order: linear
          let entry = group.grantees.get(key);
          if (!entry) group.grantees.set(key, (entry = { grantee, privileges: [] }));
          for (const p of grant.privileges) {
            if (DEFAULT_TABLE_PRIVILEGES.has(p.name) && !p.columns && !entry.privileges.includes(p.name)) entry.privileges.push(p.name);
          }
        }
      }
    }
    for (const group of bySchema.values()) report(context, group);
  },
};

interface SchemaGroup {
  /** The schema as first written (the finding's range). */
  schema: Identifier;
  /** The uncovered ON ALL TABLES grants of the schema, in script order. */
  grants: GrantStatement[];
  /** Each grantee not covered, with the table privileges its grants give (by grantee key, in script order). */
  grantees: Map<string, { grantee: Grantee; privileges: string[] }>;
}

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

/** Grantees named in a message before "and N more". */
const NAMED_GRANTEES = 5;

function report(context: RuleContext<RedshiftScript>, group: SchemaGroup): void {
  const { schema } = group;
  const entries = [...group.grantees.values()];
  const named = entries.slice(0, NAMED_GRANTEES).map((e) => granteeLabel(e.grantee));
  const more = entries.length - named.length;
  const grantees = more > 0 ? `${named.join(', ')} and ${more} more` : named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0]!;
  const count = group.grants.length;
  context.report({
    start: schema.start,
    end: schema.end,
    messageId: 'futureTablesNotCovered',
    data: {
      schema: schema.text,
      grantees,
      grants: count > 1 ? ` (Reported once for the ${count} grants ON ALL TABLES IN SCHEMA ${schema.text} in this script.)` : '',
    },
    // Suggestions: each adds grants, and which (defaults for whose tables, or a scoped grant) is the author's choice.
    suggestions: fixesFor(context, group, entries),
  });
}

/**
 * Add default privileges (or, when every grantee is a user or role, scoped grants) for every grantee of the schema,
 * each with the table privileges its ON ALL TABLES grants give, after the schema's last such grant (so every
 * grantee exists by then).
 */
function fixesFor(context: RuleContext<RedshiftScript>, group: SchemaGroup, entries: { grantee: Grantee; privileges: string[] }[]): FixProposal[] {
  const last = [...group.grants].reverse().find((g) => g.terminated);
  const withPrivileges = entries.filter((e) => e.privileges.length > 0);
  if (!last || withPrivileges.length === 0) return [];
  const schema = group.schema.text;
  const insert = (statements: string[]): FixProposal['edits'] => {
    const first = insertStatementAfter(context.text, context.lines, last, statements[0]!);
    const separator = first.newText.slice(0, first.newText.length - statements[0]!.length);
    return [{ ...first, newText: statements.map((s) => separator + s).join('') }];
  };
  const describe = (statements: string[]): string => (statements.length === 1 ? statements[0]! : `${statements[0]!} and ${statements.length - 1} more`);
  const privileges = (e: { privileges: string[] }): string => (e.privileges.includes('ALL') ? 'ALL' : e.privileges.join(', '));
  const fixes: FixProposal[] = [];
  const defaults = withPrivileges.map((e) => `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${privileges(e)} ON TABLES TO ${sourceOf(context.text, e.grantee)};`);
  fixes.push({ title: `Add ${describe(defaults)}`, edits: insert(defaults) });
  if (withPrivileges.every((e) => e.grantee.kind === 'user' || e.grantee.kind === 'role')) {
    const scoped = withPrivileges.map((e) => `GRANT ${privileges(e)} FOR TABLES IN SCHEMA ${schema} TO ${sourceOf(context.text, e.grantee)};`);
    fixes.push({ title: `Add the scoped grant${scoped.length > 1 ? 's' : ''} ${describe(scoped)}`, edits: insert(scoped) });
  }
  return fixes;
}
