// redshift/missing-schema-usage: privileges on objects of schema S for a grantee never granted USAGE on S ("permission denied for schema").
// USAGE on a schema is needed to reach any object in it: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html (USAGE)

import type { RedshiftRule, RuleContext } from '../rule';
import type { Grantee, GrantStatement, Identifier, ObjectTarget, RedshiftScript } from '../../redshift/ast';
import { schemaOf } from '../../redshift/ast';
import { effectivePrincipals, granteeKey, symbolsOf, type SymbolTable } from '../../redshift/symbols';
import { namesGroupOrRole } from './shared';
import { checkedGrants, granteeLabel, insertStatementBefore, privilegeList, sourceOf } from './shared';

/** Schemas every user can reach: the catalogs, and `public` (PUBLIC has USAGE on it by default). */
const ALWAYS_USABLE = new Set(['pg_catalog', 'information_schema', 'public']);

export const missingSchemaUsage: RedshiftRule = {
  id: 'redshift/missing-schema-usage',
  domain: 'redshift',
  defaultSeverity: 'warning',
  description: 'Privileges on tables (or functions) of a schema for a grantee that the script never grants USAGE on that schema.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    missingUsage:
      '{{grantee}} gets {{privileges}} on objects in schema {{schema}} but is never granted USAGE on schema {{schema}}: queries fail with "permission denied for schema {{schemaValue}}".',
  },
  check(context) {
    const symbols = symbolsOf(context.doc);
    const usage = usageIndex(symbols);
    const reported = new Set<string>();
    for (const { grant } of checkedGrants(context.doc)) {
      if (grant.kind !== 'grant' || grant.defaultPrivileges || grant.target.type !== 'object') continue;
      for (const schema of schemasReached(grant.target)) {
        if (schema.variable || ALWAYS_USABLE.has(schema.value)) continue;
        for (const grantee of grant.grantees) {
          const key = granteeKey(grantee);
          if (namesGroupOrRole(symbols, grantee)) continue; // grantee-kind reports the missing GROUP/ROLE
          if (!key || reported.has(`${key}\u0000${schema.value}`)) continue;
          if (hasUsage(symbols, usage, key, schema.value)) continue;
          reported.add(`${key}\u0000${schema.value}`);
          report(context, grant, grantee, schema);
        }
      }
    }
  },
};

/** The schemas whose objects a grant reaches: `s` of `s.t`, or the schemas of `ALL … IN SCHEMA`. Unqualified names: unknown. */
function schemasReached(target: ObjectTarget): Identifier[] {
  switch (target.kind) {
    case 'all-tables':
    case 'all-functions':
    case 'all-procedures':
      return target.objects.map((o) => o.parts[o.parts.length - 1]!);
    case 'table':
    case 'function':
    case 'procedure':
      // db.schema.table reaches another database (datashares), whose schema grants this script cannot show: skipped.
      return target.objects
        .filter((o) => o.parts.length === 2)
        .map(schemaOf)
        .filter((s): s is Identifier => s !== undefined);
    default:
      return [];
  }
}

/** Principal → schemas it holds USAGE (or ALL) on; `*` for scoped USAGE on every schema. Built once per script. */
function usageIndex(symbols: SymbolTable): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const [principal, grants] of symbols.grants) {
    const schemas = new Set<string>();
    for (const grant of grants) {
      if (!grant.privileges.some((p) => p.name === 'USAGE' || p.name === 'ALL')) continue;
      const target = grant.target;
      if (target.type === 'scoped' && target.scope === 'schemas') schemas.add('*');
      if (target.type === 'object' && target.kind === 'schema') for (const o of target.objects) schemas.add(o.parts[o.parts.length - 1]!.value);
    }
    if (schemas.size > 0) index.set(principal, schemas);
  }
  return index;
}

function hasUsage(symbols: SymbolTable, usage: Map<string, Set<string>>, key: string, schema: string): boolean {
  if (key.startsWith('user:')) {
    const user = key.slice('user:'.length);
    if (symbols.superusers.has(user) || symbols.schemaOwners.get(schema) === user) return true;
  }
  for (const principal of effectivePrincipals(symbols, key)) {
    const schemas = usage.get(principal);
    if (schemas && (schemas.has(schema) || schemas.has('*'))) return true;
  }
  return false;
}

function report(context: RuleContext<RedshiftScript>, grant: GrantStatement, grantee: Grantee, schema: Identifier): void {
  const granteeText = sourceOf(context.text, grantee);
  const sql = `GRANT USAGE ON SCHEMA ${schema.text} TO ${granteeText};`;
  context.report({
    start: schema.start,
    end: schema.end,
    messageId: 'missingUsage',
    data: { grantee: granteeLabel(grantee), privileges: privilegeList(grant.privileges), schema: schema.text, schemaValue: schema.value },
    // A suggestion: fix-all never adds a grant (USAGE may come from a script or role this one does not show).
    suggestions: [{ title: `Insert ${sql}`, edits: [insertStatementBefore(context.text, context.lines, grant, sql)] }],
  });
}
