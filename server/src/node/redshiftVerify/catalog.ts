// What the database holds, asked only through catalog SELECTs: pg_user, pg_group, pg_namespace, pg_class, pg_proc,
// the has_*_privilege functions and, on Redshift, the svv_* views for grants to groups, roles and PUBLIC (which
// Redshift's has_*_privilege functions do not take) and for roles and default privileges.
// Redshift: https://docs.aws.amazon.com/redshift/latest/dg/r_HAS_TABLE_PRIVILEGE.html (user grantees; SELECT, INSERT,
// UPDATE, DELETE, DROP, REFERENCES), r_SVV_RELATION_PRIVILEGES.html, r_SVV_SCHEMA_PRIVILEGES.html,
// r_SVV_DATABASE_PRIVILEGES.html, r_SVV_FUNCTION_PRIVILEGES.html, r_SVV_DEFAULT_PRIVILEGES.html, r_SVV_ROLES.html,
// r_SVV_USER_GRANTS.html, r_SVV_ROLE_GRANTS.html. PostgreSQL: https://www.postgresql.org/docs/current/functions-info.html
// (has_*_privilege accept any role name and `public`; pg_has_role).

import type { Expectation, IntentObject, PrincipalRef } from '../../engine/redshift/intent';
import { DatabaseConnectionError, type QueryFn } from './session';

export type Dialect = 'postgresql' | 'redshift';

/** Every statement text the catalog sends (all SELECTs; test/redshiftVerify/catalog.test.ts checks them with the guard). */
export const CATALOG_SQL = {
  version: 'SELECT version() AS version, current_database() AS database',
  users: 'SELECT usename AS name FROM pg_user',
  groups: 'SELECT g.groname AS name, u.usename AS member FROM pg_group g LEFT JOIN pg_user u ON u.usesysid = ANY (g.grolist)',
  pgRoles: 'SELECT rolname AS name FROM pg_roles',
  redshiftRoles: 'SELECT role_name AS name FROM svv_roles',
  schemas: 'SELECT nspname AS name FROM pg_namespace',
  tablesIn: "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY c.relname",
  tableExists:
    "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND (n.nspname = $1::name OR ($1::name IS NULL AND n.nspname = ANY (current_schemas(false))))",
  functionsIn: 'SELECT p.proname AS name, oidvectortypes(p.proargtypes) AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY p.proname',
  databases: 'SELECT datname AS name FROM pg_database',
  hasTable: 'SELECT has_table_privilege($1::name, $2::text, $3::text) AS ok',
  // By OID (PostgreSQL): resolving a name would need USAGE on its schema for the verifying user itself.
  hasTableOid:
    'SELECT has_table_privilege($1::name, c.oid, $4::text) AS ok FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $2::name AND c.relname = $3::name',
  hasFunctionOid:
    "SELECT bool_and(has_function_privilege($1::name, p.oid, $4::text)) AS ok FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $2::name AND p.proname = $3::name AND oidvectortypes(p.proargtypes) = $5::text",
  hasSchema: 'SELECT has_schema_privilege($1::name, $2::text, $3::text) AS ok',
  hasDatabase: 'SELECT has_database_privilege($1::name, $2::text, $3::text) AS ok',
  hasFunction: 'SELECT has_function_privilege($1::name, $2::text, $3::text) AS ok',
  hasLanguage: 'SELECT has_language_privilege($1::name, $2::text, $3::text) AS ok',
  pgHasRole: "SELECT pg_has_role($1::name, $2::name, 'MEMBER') AS ok",
  svvUserRole: 'SELECT count(*) AS n FROM svv_user_grants WHERE user_name = $1 AND role_name = $2',
  svvRoleRole: 'SELECT count(*) AS n FROM svv_role_grants WHERE role_name = $1 AND granted_role_name = $2',
  svvRelation:
    'SELECT count(*) AS n FROM svv_relation_privileges WHERE namespace_name = $1 AND relation_name = $2 AND privilege_type = $3 AND identity_type = $4 AND (identity_name = $5 OR $4 = \'public\')',
  svvSchema: 'SELECT count(*) AS n FROM svv_schema_privileges WHERE namespace_name = $1 AND privilege_type = $2 AND identity_type = $3 AND (identity_name = $4 OR $3 = \'public\')',
  svvDatabase: 'SELECT count(*) AS n FROM svv_database_privileges WHERE database_name = $1 AND privilege_type = $2 AND identity_type = $3 AND (identity_name = $4 OR $3 = \'public\')',
  svvFunction: 'SELECT count(*) AS n FROM svv_function_privileges WHERE namespace_name = $1 AND function_name = $2 AND privilege_type = $3 AND identity_type = $4 AND (identity_name = $5 OR $4 = \'public\')',
  svvDefaults:
    'SELECT count(*) AS n FROM svv_default_privileges WHERE object_type = $1 AND privilege_type = $2 AND grantee_type = $3 AND (grantee_name = $4 OR $3 = \'public\') AND ($5::text IS NULL OR owner_name = $5::text) AND (($6::text IS NULL AND schema_name IS NULL) OR schema_name = $6::text)',
  pgDefaults:
    "SELECT count(*) AS n FROM (SELECT d.defaclobjtype AS objtype, d.defaclnamespace AS ns, pg_get_userbyid(d.defaclrole) AS owner, (aclexplode(d.defaclacl)).grantee AS grantee, (aclexplode(d.defaclacl)).privilege_type AS privilege FROM pg_default_acl d) a LEFT JOIN pg_namespace n ON n.oid = a.ns WHERE a.objtype = $1 AND a.privilege = $2 AND (CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END) = $3 AND ($4::text IS NULL OR a.owner = $4::text) AND (($5::text IS NULL AND a.ns = 0) OR n.nspname = $5::text)",
} as const;

/** Privileges the catalog functions can check, per object kind and dialect (others are reported as not verified). */
const CHECKABLE: Record<Dialect, Record<'table' | 'schema' | 'database' | 'function' | 'language', readonly string[]>> = {
  postgresql: {
    table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES'],
    schema: ['CREATE', 'USAGE'],
    database: ['CREATE', 'TEMPORARY'],
    function: ['EXECUTE'],
    language: ['USAGE'],
  },
  redshift: {
    table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'REFERENCES'],
    schema: ['CREATE', 'USAGE'],
    database: ['CREATE', 'TEMPORARY'],
    function: ['EXECUTE'],
    language: ['USAGE'],
  },
};

type CheckKind = keyof (typeof CHECKABLE)['postgresql'];

export function checkKindOf(o: IntentObject): CheckKind {
  switch (o.kind) {
    case 'table':
    case 'tables-in-schema':
      return 'table';
    case 'function':
    case 'procedure':
    case 'functions-in-schema':
    case 'procedures-in-schema':
      return 'function';
    default:
      return o.kind;
  }
}

/** What ALL means for the catalog (the checkable part), or the privilege itself; empty when it cannot be checked. */
export function checkablePrivileges(dialect: Dialect, privilege: string, o: IntentObject): { check: string[]; unchecked: string[] } {
  const list = CHECKABLE[dialect][checkKindOf(o)];
  if (privilege === 'ALL') return { check: [...list], unchecked: [] };
  return list.includes(privilege) ? { check: [privilege], unchecked: [] } : { check: [], unchecked: [privilege] };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Errors a catalog function raises for a name that does not exist (the transaction is then restarted). */
const MISSING_OBJECT_CODES = new Set(['42P01', '42704', '3F000', '42883', '3D000']);

export interface Catalog {
  dialect: Dialect;
  database: string;
  principalExists(p: PrincipalRef): Promise<boolean>;
  isMember(user: string, group: string): Promise<boolean>;
  hasRole(grantee: PrincipalRef, role: string): Promise<boolean>;
  schemaExists(name: string): Promise<boolean>;
  /** Whether a table/schema/database exists (functions: whether any of that name exists in the schema). */
  objectExists(o: IntentObject): Promise<boolean>;
  tablesIn(schema: string): Promise<string[]>;
  functionsIn(schema: string): Promise<{ name: string; signature: string }[]>;
  /** Whether the grantee holds the privilege (directly or, for users, through groups, roles and PUBLIC). */
  hasPrivilege(grantee: PrincipalRef, privilege: string, o: IntentObject): Promise<boolean>;
  hasDefault(e: Extract<Expectation, { type: 'default' }>): Promise<boolean>;
}

export class CatalogError extends Error {}

function bool(v: unknown): boolean {
  return v === true || v === 't' || v === 'true' || v === 1;
}

function count(rows: Record<string, unknown>[]): number {
  return Number(rows[0]?.n ?? 0);
}

/** Reads the catalog through `query` (a guarded session); `recover` restarts the read-only transaction after an error. */
export async function openCatalog(query: QueryFn, recover: () => Promise<void>): Promise<Catalog> {
  const [info] = await query(CATALOG_SQL.version);
  const dialect: Dialect = /redshift/i.test(String(info?.version ?? '')) ? 'redshift' : 'postgresql';
  const database = String(info?.database ?? '');
  let users: Set<string> | undefined;
  let groups: Map<string, Set<string>> | undefined;
  let roles: Set<string> | undefined;
  let schemas: Set<string> | undefined;
  let databases: Set<string> | undefined;
  const names = async (sql: string): Promise<Set<string>> => new Set((await query(sql)).map((r) => String(r.name)));
  const loadGroups = async (): Promise<Map<string, Set<string>>> => {
    if (groups) return groups;
    groups = new Map();
    for (const row of await query(CATALOG_SQL.groups)) {
      const name = String(row.name);
      let members = groups.get(name);
      if (!members) groups.set(name, (members = new Set()));
      if (row.member !== null && row.member !== undefined) members.add(String(row.member));
    }
    return groups;
  };
  /** Runs a function check; a missing object or role reads as false (after restarting the transaction). */
  const check = async (sql: string, params: unknown[]): Promise<boolean> => {
    try {
      const [row] = await query(sql, params);
      return bool(row?.ok);
    } catch (error) {
      // The connection itself failed (timeout, access denied, network): no later query can answer either.
      if (error instanceof DatabaseConnectionError) throw error;
      const code = (error as { code?: string }).code;
      await recover();
      if (code && MISSING_OBJECT_CODES.has(code)) return false;
      throw new CatalogError(`the catalog could not answer (${(error as Error).message})`);
    }
  };
  const counted = async (sql: string, params: unknown[]): Promise<boolean> => count(await query(sql, params)) > 0;
  const qualifiedName = (o: IntentObject): string => (o.schema ? `${quoteIdent(o.schema)}.${quoteIdent(o.name)}` : quoteIdent(o.name));

  const catalog: Catalog = {
    dialect,
    database,
    async principalExists(p) {
      if (p.kind === 'public') return true;
      if (p.kind === 'user') return (users ??= await names(CATALOG_SQL.users)).has(p.name);
      if (p.kind === 'group') return (await loadGroups()).has(p.name);
      roles ??= await names(dialect === 'redshift' ? CATALOG_SQL.redshiftRoles : CATALOG_SQL.pgRoles);
      return roles.has(p.name);
    },
    async isMember(user, group) {
      return (await loadGroups()).get(group)?.has(user) ?? false;
    },
    async hasRole(grantee, role) {
      if (dialect === 'postgresql') return check(CATALOG_SQL.pgHasRole, [grantee.name, role]);
      if (grantee.kind === 'user') return counted(CATALOG_SQL.svvUserRole, [grantee.name, role]);
      if (grantee.kind === 'role') return counted(CATALOG_SQL.svvRoleRole, [grantee.name, role]);
      return false;
    },
    async schemaExists(name) {
      return (schemas ??= await names(CATALOG_SQL.schemas)).has(name);
    },
    async objectExists(o) {
      switch (o.kind) {
        case 'schema':
        case 'tables-in-schema':
        case 'functions-in-schema':
        case 'procedures-in-schema':
          return catalog.schemaExists(o.name);
        case 'database':
          return (databases ??= await names(CATALOG_SQL.databases)).has(o.name);
        case 'table':
          return counted(CATALOG_SQL.tableExists, [o.schema ?? null, o.name]);
        case 'function':
        case 'procedure':
          return (await catalog.functionsIn(o.schema ?? 'public')).some((f) => f.name === o.name);
        default:
          return true;
      }
    },
    async tablesIn(schema) {
      return (await query(CATALOG_SQL.tablesIn, [schema])).map((r) => String(r.name));
    },
    async functionsIn(schema) {
      return (await query(CATALOG_SQL.functionsIn, [schema])).map((r) => ({ name: String(r.name), signature: String(r.signature ?? '') }));
    },
    async hasPrivilege(grantee, privilege, o) {
      const kind = checkKindOf(o);
      // Redshift's has_*_privilege take users only: grants to groups, roles and PUBLIC are read from the svv_* views (direct grants).
      if (dialect === 'redshift' && grantee.kind !== 'user') {
        const type = grantee.kind;
        switch (kind) {
          case 'table':
            return counted(CATALOG_SQL.svvRelation, [o.schema ?? 'public', o.name, privilege, type, grantee.name]);
          case 'schema':
            return counted(CATALOG_SQL.svvSchema, [o.name, privilege, type, grantee.name]);
          case 'database':
            return counted(CATALOG_SQL.svvDatabase, [o.name, privilege, type, grantee.name]);
          case 'function':
            return counted(CATALOG_SQL.svvFunction, [o.schema ?? 'public', o.name, privilege, type, grantee.name]);
          default:
            throw new CatalogError(`${privilege} on ${o.kind} for a ${type} cannot be read from Redshift's catalog`);
        }
      }
      const who = grantee.kind === 'public' ? 'public' : grantee.name;
      switch (kind) {
        case 'table':
          if (dialect === 'postgresql' && o.schema) return check(CATALOG_SQL.hasTableOid, [who, o.schema, o.name, privilege]);
          return check(CATALOG_SQL.hasTable, [who, qualifiedName(o), privilege]);
        case 'schema':
          return check(CATALOG_SQL.hasSchema, [who, o.name, privilege]);
        case 'database':
          return check(CATALOG_SQL.hasDatabase, [who, o.name, privilege]);
        case 'function':
          // Signatures listed by functionsIn (ON ALL FUNCTIONS) are oidvectortypes' own; written ones are resolved by name.
          if (dialect === 'postgresql' && o.schema && o.catalogSignature) return check(CATALOG_SQL.hasFunctionOid, [who, o.schema, o.name, privilege, o.signature ?? '']);
          return check(CATALOG_SQL.hasFunction, [who, `${qualifiedName(o)}(${o.signature ?? ''})`, privilege]);
        case 'language':
          return check(CATALOG_SQL.hasLanguage, [who, o.name, privilege]);
      }
    },
    async hasDefault(e) {
      if (dialect === 'redshift') {
        const type = e.objects === 'tables' ? 'RELATION' : e.objects === 'functions' ? 'FUNCTION' : 'PROCEDURE';
        return counted(CATALOG_SQL.svvDefaults, [type, e.privilege, e.grantee.kind, e.grantee.name, e.owner ?? null, e.schema ?? null]);
      }
      // pg_default_acl: r = tables, f = functions (procedures are functions here).
      const type = e.objects === 'tables' ? 'r' : 'f';
      return counted(CATALOG_SQL.pgDefaults, [type, e.privilege, e.grantee.kind === 'public' ? 'public' : e.grantee.name, e.owner ?? null, e.schema ?? null]);
    },
  };
  return catalog;
}
