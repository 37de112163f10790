// Compares a script's intended state (engine/redshift/intent.ts) with what the database's catalog says, statement by
// statement: what is not in effect (missing user, membership, role, privilege, including tables in a schema granted
// ON ALL TABLES that the grantee cannot read) and what could not be verified.

import { describeObject, describePrincipal, type Expectation, type IntentObject, type ScriptIntent } from '../../engine/redshift/intent';
import { CatalogError, checkablePrivileges, type Catalog, type Dialect } from './catalog';

export interface StatementResult {
  /** 1-based line of the statement. */
  line: number;
  statement: string;
  inEffect: boolean;
  /** What is not in effect, e.g. "USAGE on schema sales for app_reader". */
  missing: string[];
  /** Parts GrantCheck could not check (system permissions, privileges the catalog functions do not show, …). */
  notVerified: string[];
  /** Offsets of the statement in the script (for editor diagnostics; left out of the JSON output). */
  start: number;
  end: number;
}

export interface SqlVerifyReport {
  /** `host:port/database`, or `cluster ID/database` / `workgroup NAME/database` over the Data API (no user, no password). */
  database: string;
  dialect: Dialect;
  /** Set when the catalog was read through the Redshift Data API (absent: the PostgreSQL wire protocol). */
  via?: 'data-api';
  results: StatementResult[];
}

function objectText(o: IntentObject): string {
  return describeObject(o);
}

/** Checks one expectation; pushes onto `missing`/`notVerified`. */
async function checkExpectation(catalog: Catalog, e: Expectation, missing: string[], notVerified: string[], seenMissingPrincipals: Set<string>): Promise<void> {
  const principalMissing = async (p: { kind: 'user' | 'group' | 'role' | 'public'; name: string }): Promise<boolean> => {
    if (await catalog.principalExists(p)) return false;
    const text = `${p.kind} ${p.name} does not exist`;
    if (!seenMissingPrincipals.has(text)) {
      seenMissingPrincipals.add(text);
      missing.push(text);
    }
    return true;
  };
  switch (e.type) {
    case 'principal': {
      const exists = await catalog.principalExists(e.principal);
      if (e.present && !exists) await principalMissing(e.principal);
      if (!e.present && exists) missing.push(`${e.principal.kind} ${e.principal.name} still exists`);
      return;
    }
    case 'member': {
      if (!e.present) {
        if (await catalog.isMember(e.user, e.group)) missing.push(`${e.user} is still a member of group ${e.group}`);
        return;
      }
      const gone = (await principalMissing({ kind: 'user', name: e.user })) || (await principalMissing({ kind: 'group', name: e.group }));
      if (!gone && !(await catalog.isMember(e.user, e.group))) missing.push(`${e.user} is not a member of group ${e.group}`);
      return;
    }
    case 'role': {
      if (!e.present) {
        if ((await catalog.principalExists(e.grantee)) && (await catalog.hasRole(e.grantee, e.role))) missing.push(`role ${e.role} is still granted to ${describePrincipal(e.grantee)}`);
        return;
      }
      const gone = (await principalMissing(e.grantee)) || (await principalMissing({ kind: 'role', name: e.role }));
      if (!gone && !(await catalog.hasRole(e.grantee, e.role))) missing.push(`role ${e.role} is not granted to ${describePrincipal(e.grantee)}`);
      return;
    }
    case 'schema':
      if (!(await catalog.schemaExists(e.name))) missing.push(`schema ${e.name} does not exist`);
      return;
    case 'default': {
      const { check, unchecked } = checkablePrivileges(catalog.dialect, e.privilege, { kind: e.objects === 'tables' ? 'table' : 'function', name: '' });
      const scope = `${e.objects}${e.schema ? ` in schema ${e.schema}` : ''}${e.owner ? ` created by ${e.owner}` : ''}`;
      for (const p of unchecked) notVerified.push(`default ${p} on ${scope} for ${describePrincipal(e.grantee)} (not shown by the catalog)`);
      if (e.present && (await principalMissing(e.grantee))) return;
      for (const privilege of check) {
        const has = await catalog.hasDefault({ ...e, privilege });
        if (e.present && !has) missing.push(`default ${privilege} on ${scope} for ${describePrincipal(e.grantee)}`);
        if (!e.present && has) missing.push(`default ${privilege} on ${scope} is still granted to ${describePrincipal(e.grantee)}`);
      }
      return;
    }
    case 'privilege':
      await checkPrivilege(catalog, e, missing, notVerified, principalMissing);
      return;
  }
}

async function checkPrivilege(
  catalog: Catalog,
  e: Extract<Expectation, { type: 'privilege' }>,
  missing: string[],
  notVerified: string[],
  principalMissing: (p: { kind: 'user' | 'group' | 'role' | 'public'; name: string }) => Promise<boolean>,
): Promise<void> {
  const who = describePrincipal(e.grantee);
  const { check, unchecked } = checkablePrivileges(catalog.dialect, e.privilege, e.object);
  for (const p of unchecked) notVerified.push(`${p} on ${objectText(e.object)} for ${who} (the catalog functions do not show ${p})`);
  if (check.length === 0) return;
  if (!e.present) {
    // REVOKE: in effect when the grantee (if it exists) no longer holds the privilege.
    if (!(await catalog.principalExists(e.grantee)) || !(await catalog.objectExists(e.object))) return;
    for (const target of await expand(catalog, e.object)) {
      for (const privilege of check) {
        if (await catalog.hasPrivilege(e.grantee, privilege, target)) {
          missing.push(`${who} still has ${privilege} on ${objectText(target)}${e.grantee.kind === 'user' ? ' (directly, through a group or role, or through PUBLIC)' : ''}`);
        }
      }
    }
    return;
  }
  if (await principalMissing(e.grantee)) return;
  if (!(await catalog.objectExists(e.object))) {
    const o = e.object;
    missing.push(o.kind.endsWith('-in-schema') ? `schema ${o.name} does not exist` : `${objectText(o)} does not exist`);
    return;
  }
  const expanded = e.object.kind.endsWith('-in-schema');
  for (const target of await expand(catalog, e.object)) {
    for (const privilege of check) {
      if (await catalog.hasPrivilege(e.grantee, privilege, target)) continue;
      const text = `${privilege} on ${objectText(target)} for ${who}`;
      missing.push(expanded ? `${text} (in schema ${e.object.name}: created, or its grant revoked, after this statement ran)` : text);
    }
  }
}

/** The objects an intent object stands for now: ON ALL TABLES IN SCHEMA s → the tables and views in s. */
async function expand(catalog: Catalog, o: IntentObject): Promise<IntentObject[]> {
  if (o.kind === 'tables-in-schema') return (await catalog.tablesIn(o.name)).map((name) => ({ kind: 'table', schema: o.name, name }));
  if (o.kind === 'functions-in-schema' || o.kind === 'procedures-in-schema') {
    return (await catalog.functionsIn(o.name)).map((f) => ({ kind: o.kind === 'functions-in-schema' ? 'function' : 'procedure', schema: o.name, name: f.name, signature: f.signature, catalogSignature: true }));
  }
  return [o];
}

/** Compares every statement of `intent` with the catalog. */
export async function compareWithCatalog(intent: ScriptIntent, catalog: Catalog): Promise<StatementResult[]> {
  const results: StatementResult[] = [];
  for (const s of intent.statements) {
    const missing: string[] = [];
    const notVerified = [...s.unverifiable];
    const seen = new Set<string>();
    for (const entry of s.entries) {
      if (entry.supersededAtLine !== undefined) continue;
      try {
        await checkExpectation(catalog, entry.expectation, missing, notVerified, seen);
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
        notVerified.push(error.message);
      }
    }
    results.push({ line: s.line, statement: s.statement, inEffect: missing.length === 0, missing, notVerified, start: s.start, end: s.end });
  }
  return results;
}
