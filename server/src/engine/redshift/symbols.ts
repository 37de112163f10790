// Symbol table of a Redshift script: users, groups, roles, schemas and databases it creates, memberships, and grants per grantee.
// Used by the cross-statement rules (missing USAGE, undefined grantees, duplicates) and by completion/hover.

import { lastStartingAtOrBefore } from '../text';
import {
  grantOf,
  type CreateGroupStatement,
  type CreateRoleStatement,
  type CreateUserStatement,
  type Grantee,
  type GrantStatement,
  type Identifier,
  type NameReference,
  type RedshiftScript,
  type Statement,
} from './ast';

/** `user:bob`, `group:analysts`, `role:etl`, or `public`. Names are Redshift's folded values. */
export type PrincipalKey = string;

export interface SymbolTable {
  /** CREATE USER statements by user name, in script order (more than one is a duplicate). */
  users: Map<string, CreateUserStatement[]>;
  groups: Map<string, CreateGroupStatement[]>;
  roles: Map<string, CreateRoleStatement[]>;
  /** Schemas created (CREATE SCHEMA) or granted on (ON SCHEMA), with every mention. */
  schemas: Map<string, Identifier[]>;
  /** Databases created (CREATE DATABASE) or granted on (ON DATABASE), first mention first. */
  databases: Map<string, Identifier[]>;
  /** Users made superusers (CREATEUSER) by CREATE USER or ALTER USER. */
  superusers: Set<string>;
  /** Schema owners from CREATE SCHEMA … AUTHORIZATION u. */
  schemaOwners: Map<string, string>;
  /** Group → member users (CREATE GROUP … WITH USER, ALTER GROUP … ADD USER, CREATE USER … IN GROUP). */
  groupMembers: Map<string, Set<string>>;
  /** Principal → roles granted to it (GRANT ROLE r TO …). */
  rolesOf: Map<PrincipalKey, Set<string>>;
  /** Principal → the GRANT statements (not REVOKE, including ALTER DEFAULT PRIVILEGES actions) naming it, in order. */
  grants: Map<PrincipalKey, GrantStatement[]>;
}

export function userKey(name: string): PrincipalKey {
  return `user:${name}`;
}

/** The principal a grantee names; undefined for NAMESPACE / ACCOUNT / IAM_ROLE grantees. */
export function granteeKey(grantee: Grantee): PrincipalKey | undefined {
  if (grantee.kind === 'public') return 'public';
  if ((grantee.kind === 'user' || grantee.kind === 'group' || grantee.kind === 'role') && grantee.name && !grantee.name.variable) {
    return `${grantee.kind}:${grantee.name.value}`;
  }
  return undefined;
}

const cache = new WeakMap<RedshiftScript, SymbolTable>();

/** Builds (once per parsed script) the symbol table. Statements with syntax errors still declare their names. */
export function symbolsOf(script: RedshiftScript): SymbolTable {
  const cached = cache.get(script);
  if (cached) return cached;
  const table = buildSymbolTable(script);
  cache.set(script, table);
  return table;
}

function buildSymbolTable(script: RedshiftScript): SymbolTable {
  const table: SymbolTable = {
    users: new Map(),
    groups: new Map(),
    roles: new Map(),
    schemas: new Map(),
    databases: new Map(),
    superusers: new Set(),
    schemaOwners: new Map(),
    groupMembers: new Map(),
    rolesOf: new Map(),
    grants: new Map(),
  };
  const addMember = (group: string, user: string): void => {
    let members = table.groupMembers.get(group);
    if (!members) table.groupMembers.set(group, (members = new Set()));
    members.add(user);
  };
  for (const statement of script.statements) {
    switch (statement.kind) {
      case 'create-user':
        if (statement.name) {
          push(table.users, statement.name.value, statement);
          // A second CREATE USER of the same name fails, so its options (CREATEUSER, IN GROUP) never apply.
          if (table.users.get(statement.name.value)!.length > 1) break;
          for (const option of statement.options) {
            if (option.name === 'CREATEUSER') table.superusers.add(statement.name.value);
            for (const group of option.groups ?? []) addMember(group.value, statement.name.value);
          }
        }
        break;
      case 'alter-user':
        if (statement.name && statement.options.some((o) => o.name === 'CREATEUSER')) table.superusers.add(statement.name.value);
        break;
      case 'create-group':
        if (statement.name) {
          push(table.groups, statement.name.value, statement);
          for (const user of statement.users) addMember(statement.name.value, user.value);
        }
        break;
      case 'alter-group':
        if (statement.name && statement.action === 'add') for (const user of statement.users) addMember(statement.name.value, user.value);
        break;
      case 'create-role':
        if (statement.name) push(table.roles, statement.name.value, statement);
        break;
      case 'create-schema':
        if (statement.name) push(table.schemas, statement.name.value, statement.name);
        if (statement.authorization) table.schemaOwners.set((statement.name ?? statement.authorization).value, statement.authorization.value);
        break;
      case 'create-database':
        if (statement.name) push(table.databases, statement.name.value, statement.name);
        break;
      default:
        break;
    }
    const grant = grantOf(statement);
    if (!grant) continue;
    if (grant.target.type === 'object' && (grant.target.kind === 'schema' || grant.target.kind === 'database')) {
      const map = grant.target.kind === 'schema' ? table.schemas : table.databases;
      for (const object of grant.target.objects) {
        const id = object.parts[object.parts.length - 1]!;
        if (!id.variable) push(map, id.value, id);
      }
    }
    if (grant.kind !== 'grant') continue;
    for (const grantee of grant.grantees) {
      const key = granteeKey(grantee);
      if (!key) continue;
      push(table.grants, key, grant);
      if (grant.target.type === 'roles') {
        let roles = table.rolesOf.get(key);
        if (!roles) table.rolesOf.set(key, (roles = new Set()));
        for (const role of grant.target.roles) roles.add(role.value);
      }
    }
  }
  return table;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Every principal whose grants reach `key`: itself, PUBLIC, the groups a user is in, and the roles granted
 * to any of those (transitively, roles granted to roles).
 */
export function effectivePrincipals(table: SymbolTable, key: PrincipalKey): Set<PrincipalKey> {
  const result = new Set<PrincipalKey>([key, 'public']);
  if (key.startsWith('user:')) {
    for (const group of groupsOfUser(table).get(key.slice('user:'.length)) ?? []) result.add(`group:${group}`);
  }
  const queue = [...result];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const role of table.rolesOf.get(current) ?? []) {
      const roleKey = `role:${role}`;
      if (!result.has(roleKey)) {
        result.add(roleKey);
        queue.push(roleKey);
      }
    }
  }
  return result;
}

const groupsByUser = new WeakMap<SymbolTable, Map<string, string[]>>();

/** User → groups it belongs to (the inverse of groupMembers), computed once per table. */
function groupsOfUser(table: SymbolTable): Map<string, string[]> {
  let index = groupsByUser.get(table);
  if (!index) {
    index = new Map();
    for (const [group, members] of table.groupMembers) {
      for (const user of members) {
        const list = index.get(user);
        if (list) list.push(group);
        else index.set(user, [group]);
      }
    }
    groupsByUser.set(table, index);
  }
  return index;
}

/** All grants reaching a principal (directly, through PUBLIC, its groups or its roles). */
export function grantsReaching(table: SymbolTable, key: PrincipalKey): GrantStatement[] {
  const list: GrantStatement[] = [];
  for (const principal of effectivePrincipals(table, key)) list.push(...(table.grants.get(principal) ?? []));
  return list;
}

/** The kind of principal a bare name is declared as in the script (user first), if any. */
export function declaredKind(table: SymbolTable, name: string): 'user' | 'group' | 'role' | undefined {
  if (table.users.has(name)) return 'user';
  if (table.groups.has(name)) return 'group';
  if (table.roles.has(name)) return 'role';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Position lookups (hover, completion)

/** The statement covering `offset` (its end included, so a cursor right after `;` still belongs to it). */
export function statementAt(script: RedshiftScript, offset: number): Statement | undefined {
  const index = lastStartingAtOrBefore(script.statements, offset);
  const statement = index >= 0 ? script.statements[index] : undefined;
  return statement && offset <= statement.end ? statement : undefined;
}

/** The name (user, group, role, schema, table, …) under `offset`, end included. */
export function nameAt(script: RedshiftScript, offset: number): NameReference | undefined {
  const refs = script.names;
  const index = lastStartingAtOrBefore(refs.map((r) => r.id), offset);
  const ref = index >= 0 ? refs[index] : undefined;
  return ref && offset <= ref.id.end ? ref : undefined;
}
