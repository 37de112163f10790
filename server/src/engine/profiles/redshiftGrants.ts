// Is a profile's required Redshift grant in a script? GRANT/REVOKE in order, through PUBLIC, groups, roles and scoped grants.
// https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html

import { grantOf, type GrantStatement, type QualifiedName, type RedshiftScript } from '../redshift/ast';
import { effectivePrincipals, granteeKey, userKey, type SymbolTable } from '../redshift/symbols';
import { requiredGrants, type RequiredGrant } from './requirements';
import type { RedshiftProfile } from './types';

/** A privilege name and the broader ones that include it (`ALL` includes every object privilege). */
function privilegeCovers(written: string, required: string): boolean {
  return written === required || written === 'ALL';
}

export interface GrantMatch {
  granted: boolean;
  /** The last statement that granted it (before any revoke). */
  grantedBy?: GrantStatement;
  revokedBy?: GrantStatement;
  /** Object and grantee names the matching grant used (to infer unbound placeholders). */
  object?: string;
  grantee?: string;
}

/**
 * Bound values first; an unbound user is the one user the script creates; other unbound names are
 * taken from the grants that do match the profile (so USAGE ON SCHEMA sales makes `schema` = sales).
 */
export function inferValues(profile: RedshiftProfile, bound: Readonly<Record<string, string>>, script: RedshiftScript, symbols: SymbolTable): Record<string, string> {
  const values: Record<string, string> = { ...bound };
  const created = [...symbols.users.keys()];
  if (values.user === undefined && profile.placeholders.some((p) => p.name === 'user') && created.length === 1) values.user = created[0]!;
  for (const requirement of requiredGrants(profile, values, true)) {
    const match = findGrant(script, symbols, requirement);
    if (!match.granted) continue;
    const objectName = /^\$\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(requirement.template.object)?.[1];
    if (objectName && values[objectName] === undefined && match.object) values[objectName] = match.object;
    const granteeName = /^\$\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(requirement.template.grantee)?.[1];
    if (granteeName && values[granteeName] === undefined && match.grantee) values[granteeName] = match.grantee;
  }
  return values;
}

/** Walks the script in order: a matching GRANT grants, a later matching REVOKE takes it away. */
export function findGrant(script: RedshiftScript, symbols: SymbolTable, requirement: RequiredGrant): GrantMatch {
  const reaching = requirement.grantee !== undefined ? effectivePrincipals(symbols, userKey(requirement.grantee)) : undefined;
  let result: GrantMatch = { granted: false };
  for (const statement of script.statements) {
    const grant = grantOf(statement);
    if (!grant || grant.hasError || statement.hasError || grant.defaultPrivileges || grant.grantOptionFor) continue;
    if (!grant.privileges.some((p) => privilegeCovers(p.name, requirement.privilege))) continue;
    const object = targetMatches(grant, requirement);
    if (object === undefined) continue;
    const grantee = grant.grantees.map((g) => ({ g, key: granteeKey(g) })).find(({ key }) => key !== undefined && (reaching ? reaching.has(key) : true));
    if (!grantee) continue;
    if (grant.kind === 'grant') result = { granted: true, grantedBy: grant, object, ...(grantee.g.name ? { grantee: grantee.g.name.value } : {}) };
    else result = { granted: false, revokedBy: grant };
  }
  return result;
}

/** The object name the grant matched the requirement on, or undefined when it does not cover it. */
function targetMatches(grant: GrantStatement, requirement: RequiredGrant): string | undefined {
  const target = grant.target;
  const wanted = requirement.object;
  if (target.type === 'scoped') {
    // Scoped permissions (FOR TABLES IN SCHEMA s, FOR SCHEMAS IN DATABASE d) cover existing and future objects.
    if (requirement.objectKind === 'all-tables' && target.scope === 'tables' && target.schema) return nameIf(target.schema.value, wanted);
    if (requirement.objectKind === 'schema' && target.scope === 'schemas' && wanted === undefined) return target.database?.value ?? '';
    return undefined;
  }
  if (target.type !== 'object') return undefined;
  for (const object of target.objects) {
    const name = qualified(object);
    switch (requirement.objectKind) {
      case 'database':
      case 'schema':
        if (target.kind === requirement.objectKind && nameIf(name, wanted) !== undefined) return name;
        break;
      case 'all-tables':
        if (target.kind === 'all-tables' && nameIf(name, wanted) !== undefined) return name;
        break;
      case 'table':
        if (target.kind === 'table' && tableMatches(name, wanted)) return name;
        // ALL TABLES IN SCHEMA s covers every table of s (pg_catalog's system views included).
        if (target.kind === 'all-tables' && wanted?.includes('.') && wanted.split('.')[0] === name) return name;
        break;
    }
  }
  return undefined;
}

function nameIf(name: string, wanted: string | undefined): string | undefined {
  return wanted === undefined || wanted === name ? name : undefined;
}

/** `svv_table_info` resolves to `pg_catalog.svv_table_info`: the system catalog is searched first. */
function tableMatches(name: string, wanted: string | undefined): boolean {
  if (wanted === undefined || name === wanted) return true;
  const [schema, table] = wanted.split('.');
  return schema === 'pg_catalog' && table !== undefined && name === table;
}

function qualified(name: QualifiedName): string {
  return name.parts.map((p) => p.value).join('.');
}

