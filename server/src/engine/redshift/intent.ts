// The state a Redshift permission script means to leave behind, statement by statement: principals that exist (or
// not), group memberships, role grants, privileges per grantee and object, default privileges. Pure: what the
// database really holds is compared with it in node/redshiftVerify/compare.ts.
//
// Later statements win: a REVOKE after a GRANT of the same privilege (or a DROP USER after CREATE USER) supersedes
// the earlier expectation, which then is not checked (`supersededAtLine`).
// Grammar: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html, r_REVOKE.html, r_ALTER_DEFAULT_PRIVILEGES.html

import { LineIndex } from '../text';
import { grantOf, type GrantStatement, type Grantee, type Identifier, type QualifiedName, type RedshiftScript, type Statement } from './ast';

export type PrincipalKind = 'user' | 'group' | 'role' | 'public';

export interface PrincipalRef {
  kind: PrincipalKind;
  /** Folded name (`public` for PUBLIC). */
  name: string;
}

/** What a privilege is on. `tables-in-schema` etc. stand for ON ALL TABLES IN SCHEMA (expanded against the catalog). */
export type IntentObjectKind =
  | 'database'
  | 'schema'
  | 'table'
  | 'function'
  | 'procedure'
  | 'language'
  | 'tables-in-schema'
  | 'functions-in-schema'
  | 'procedures-in-schema';

export interface IntentObject {
  kind: IntentObjectKind;
  /** Schema of a table/function/procedure when written (`sales.orders`); for the `*-in-schema` kinds, the schema. */
  schema?: string;
  /** Object name (for `*-in-schema`: the schema again). */
  name: string;
  /** Argument list of a function or procedure, as written between the parentheses. */
  signature?: string;
  /** The signature is the catalog's own (oidvectortypes), from expanding ON ALL FUNCTIONS/PROCEDURES IN SCHEMA. */
  catalogSignature?: boolean;
}

export type Expectation =
  | { type: 'principal'; principal: PrincipalRef; present: boolean }
  | { type: 'member'; user: string; group: string; present: boolean }
  | { type: 'role'; grantee: PrincipalRef; role: string; present: boolean }
  | { type: 'privilege'; grantee: PrincipalRef; privilege: string; object: IntentObject; present: boolean }
  | {
      type: 'default';
      grantee: PrincipalRef;
      privilege: string;
      objects: 'tables' | 'functions' | 'procedures';
      /** FOR USER u: whose future objects; undefined means the user who ran the statement. */
      owner?: string;
      /** IN SCHEMA s; undefined means every schema. */
      schema?: string;
      present: boolean;
    }
  | { type: 'schema'; name: string; present: boolean };

export interface IntentEntry {
  expectation: Expectation;
  /** Set when a later statement states the opposite (or the same again); the later one is checked instead. */
  supersededAtLine?: number;
}

export interface StatementIntent {
  /** 1-based line of the statement's first character. */
  line: number;
  start: number;
  end: number;
  /** The statement's text on one line (whitespace runs collapsed, at most 200 characters). */
  statement: string;
  kind: Statement['kind'];
  entries: IntentEntry[];
  /** Parts of the statement the verifier cannot check, each with the reason (system permissions, datashares, …). */
  unverifiable: string[];
}

export interface ScriptIntent {
  /** One entry per permission statement (other SQL and statements with syntax errors are left out). */
  statements: StatementIntent[];
}

/** Privilege names as the catalog functions know them (TEMP → TEMPORARY is done by the parser already). */
function privilegeName(name: string): string {
  return name === 'ALL PRIVILEGES' ? 'ALL' : name;
}

function principalOf(grantee: Grantee): PrincipalRef | undefined {
  if (grantee.kind === 'public') return { kind: 'public', name: 'public' };
  if ((grantee.kind === 'user' || grantee.kind === 'group' || grantee.kind === 'role') && grantee.name && !grantee.name.variable) {
    return { kind: grantee.kind, name: grantee.name.value };
  }
  return undefined;
}

export function describePrincipal(p: PrincipalRef): string {
  return p.kind === 'public' ? 'PUBLIC' : p.kind === 'user' ? p.name : `${p.kind} ${p.name}`;
}

export function describeObject(o: IntentObject): string {
  switch (o.kind) {
    case 'tables-in-schema':
      return `all tables in schema ${o.name}`;
    case 'functions-in-schema':
      return `all functions in schema ${o.name}`;
    case 'procedures-in-schema':
      return `all procedures in schema ${o.name}`;
    default: {
      const qualified = o.schema ? `${o.schema}.${o.name}` : o.name;
      return `${o.kind} ${qualified}${o.signature !== undefined ? `(${o.signature})` : ''}`;
    }
  }
}

/** The key two expectations share when one supersedes the other (everything but `present`). */
export function expectationKey(e: Expectation): string {
  const p = (r: PrincipalRef): string => `${r.kind}:${r.name}`;
  switch (e.type) {
    case 'principal':
      return `principal|${p(e.principal)}`;
    case 'member':
      return `member|${e.group}|${e.user}`;
    case 'role':
      return `role|${p(e.grantee)}|${e.role}`;
    case 'privilege':
      return `privilege|${p(e.grantee)}|${e.privilege}|${e.object.kind}|${e.object.schema ?? ''}|${e.object.name}|${e.object.signature ?? ''}`;
    case 'default':
      return `default|${p(e.grantee)}|${e.privilege}|${e.objects}|${e.owner ?? ''}|${e.schema ?? ''}`;
    case 'schema':
      return `schema|${e.name}`;
  }
}

function hasVariable(ids: readonly (Identifier | undefined)[]): boolean {
  return ids.some((id) => id?.variable === true);
}

function qualified(name: QualifiedName): { schema?: string; name: string } | undefined {
  if (hasVariable(name.parts)) return undefined;
  const n = name.parts.length;
  const last = name.parts[n - 1];
  if (!last) return undefined;
  const schema = n >= 2 ? name.parts[n - 2]!.value : undefined;
  return schema === undefined ? { name: last.value } : { schema, name: last.value };
}

const OBJECT_KINDS: Partial<Record<string, IntentObjectKind>> = {
  table: 'table',
  database: 'database',
  schema: 'schema',
  function: 'function',
  procedure: 'procedure',
  language: 'language',
  'all-tables': 'tables-in-schema',
  'all-functions': 'functions-in-schema',
  'all-procedures': 'procedures-in-schema',
};

/** Expectations of one GRANT/REVOKE (not the ALTER DEFAULT PRIVILEGES form). */
function grantExpectations(grant: GrantStatement, unverifiable: string[]): Expectation[] {
  const present = grant.kind === 'grant';
  const out: Expectation[] = [];
  if (grant.grantOptionFor || grant.adminOptionFor) {
    // REVOKE GRANT/ADMIN OPTION FOR keeps the privilege itself: only the option goes, which the catalog functions do not show.
    unverifiable.push('the grant or admin option (not shown by the catalog functions)');
    return out;
  }
  const principals: PrincipalRef[] = [];
  for (const grantee of grant.grantees) {
    const principal = principalOf(grantee);
    if (principal) principals.push(principal);
    else if (grantee.name?.variable) unverifiable.push(`grantee ${grantee.name.text} (a placeholder)`);
    else unverifiable.push(`grantee ${grantee.kind === 'iam-role' ? 'IAM_ROLE' : grantee.kind.toUpperCase()} ${grantee.value?.value ?? ''}`.trimEnd() + ' (outside the database catalog)');
  }
  const target = grant.target;
  if (target.type === 'roles') {
    for (const principal of principals) {
      for (const role of target.roles) {
        if (role.variable) unverifiable.push(`role ${role.text} (a placeholder)`);
        else out.push({ type: 'role', grantee: principal, role: role.value, present });
      }
    }
    return out;
  }
  if (target.type !== 'object') {
    const what = target.type === 'assumerole' ? 'ASSUMEROLE' : target.type === 'scoped' ? 'scoped permissions (FOR … IN SCHEMA/DATABASE)' : 'system permissions';
    unverifiable.push(`${what} (not verified)`);
    return out;
  }
  const kind = OBJECT_KINDS[target.kind];
  if (!kind) {
    unverifiable.push(`privileges on ${target.keywordText.toLowerCase() || target.kind} (not verified)`);
    return out;
  }
  for (const privilege of grant.privileges) {
    if (privilege.category !== 'object') {
      unverifiable.push(`${privilege.name} (${privilege.category === 'system' ? 'a system permission' : 'not a Redshift privilege'}, not verified)`);
      continue;
    }
    if (privilege.columns && privilege.columns.length > 0) {
      unverifiable.push(`${privilege.name} on columns (column privileges are not verified)`);
      continue;
    }
    target.objects.forEach((objectName, index) => {
      const name = qualified(objectName);
      if (!name) {
        unverifiable.push(`${privilege.name} on an object named by a placeholder`);
        return;
      }
      const object: IntentObject =
        kind === 'tables-in-schema' || kind === 'functions-in-schema' || kind === 'procedures-in-schema' || kind === 'schema' || kind === 'database' || kind === 'language'
          ? { kind, name: name.name, ...(kind.endsWith('-in-schema') ? { schema: name.name } : {}) }
          : { kind, ...name, ...(target.signatures?.[index] !== undefined ? { signature: target.signatures[index]!.trim() } : {}) };
      for (const principal of principals) out.push({ type: 'privilege', grantee: principal, privilege: privilegeName(privilege.name), object, present });
    });
  }
  return out;
}

function statementExpectations(statement: Statement, unverifiable: string[]): Expectation[] {
  const out: Expectation[] = [];
  const named = (id: Identifier | undefined): id is Identifier => id !== undefined && !id.variable;
  switch (statement.kind) {
    case 'create-user':
      if (named(statement.name)) {
        out.push({ type: 'principal', principal: { kind: 'user', name: statement.name.value }, present: true });
        for (const option of statement.options) {
          for (const group of option.groups ?? []) if (named(group)) out.push({ type: 'member', user: statement.name.value, group: group.value, present: true });
        }
      }
      break;
    case 'alter-user':
      if (named(statement.name)) {
        const rename = statement.options.find((o) => o.name === 'RENAME TO')?.newName;
        if (named(rename)) {
          out.push({ type: 'principal', principal: { kind: 'user', name: statement.name.value }, present: false });
          out.push({ type: 'principal', principal: { kind: 'user', name: rename.value }, present: true });
        } else {
          out.push({ type: 'principal', principal: { kind: 'user', name: statement.name.value }, present: true });
        }
      }
      break;
    case 'create-group':
      if (named(statement.name)) {
        out.push({ type: 'principal', principal: { kind: 'group', name: statement.name.value }, present: true });
        for (const user of statement.users) if (named(user)) out.push({ type: 'member', user: user.value, group: statement.name.value, present: true });
      }
      break;
    case 'alter-group':
      if (named(statement.name)) {
        if (statement.action === 'rename' && named(statement.newName)) {
          out.push({ type: 'principal', principal: { kind: 'group', name: statement.name.value }, present: false });
          out.push({ type: 'principal', principal: { kind: 'group', name: statement.newName.value }, present: true });
        } else if (statement.action === 'add' || statement.action === 'drop') {
          for (const user of statement.users) {
            if (named(user)) out.push({ type: 'member', user: user.value, group: statement.name.value, present: statement.action === 'add' });
          }
        }
      }
      break;
    case 'create-role':
      if (named(statement.name)) out.push({ type: 'principal', principal: { kind: 'role', name: statement.name.value }, present: true });
      break;
    case 'drop-user':
    case 'drop-group':
    case 'drop-role': {
      const kind = statement.kind === 'drop-user' ? 'user' : statement.kind === 'drop-group' ? 'group' : 'role';
      for (const id of statement.names) if (named(id)) out.push({ type: 'principal', principal: { kind, name: id.value }, present: false });
      break;
    }
    case 'create-schema':
      if (named(statement.name)) out.push({ type: 'schema', name: statement.name.value, present: true });
      break;
    case 'alter-default-privileges': {
      const action = statement.action;
      if (!action || action.target.type !== 'defaults') break;
      const objects = action.target.objects;
      if (objects !== 'tables' && objects !== 'functions' && objects !== 'procedures') {
        unverifiable.push(`default privileges on ${objects} (not a Redshift object kind)`);
        break;
      }
      if (action.grantOptionFor) {
        unverifiable.push('the grant option of default privileges (not verified)');
        break;
      }
      const owners = statement.forUsers.length > 0 ? statement.forUsers : [undefined];
      const schemas = statement.inSchemas.length > 0 ? statement.inSchemas : [undefined];
      if (hasVariable([...statement.forUsers, ...statement.inSchemas])) {
        unverifiable.push('default privileges for a user or schema named by a placeholder');
        break;
      }
      for (const grantee of action.grantees) {
        const principal = principalOf(grantee);
        if (!principal) continue;
        for (const privilege of action.privileges) {
          for (const owner of owners) {
            for (const schema of schemas) {
              out.push({
                type: 'default',
                grantee: principal,
                privilege: privilegeName(privilege.name),
                objects,
                ...(owner ? { owner: owner.value } : {}),
                ...(schema ? { schema: schema.value } : {}),
                present: action.kind === 'grant',
              });
            }
          }
        }
      }
      break;
    }
    case 'grant':
    case 'revoke':
      out.push(...grantExpectations(statement, unverifiable));
      break;
    default:
      break;
  }
  return out;
}

/** A statement's text on one line: whitespace runs collapsed, cut at 200 characters. */
export function statementSummary(text: string): string {
  let out = '';
  let space = false;
  for (const ch of text) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
    if (out.length >= 200) return out.slice(0, 199) + '…';
  }
  return out;
}

const PERMISSION_KINDS = new Set<Statement['kind']>([
  'grant',
  'revoke',
  'alter-default-privileges',
  'create-user',
  'alter-user',
  'drop-user',
  'drop-role',
  'drop-group',
  'create-role',
  'create-group',
  'alter-group',
]);

/** The intended state of `script`, one entry per permission statement without syntax errors. */
export function scriptIntent(script: RedshiftScript): ScriptIntent {
  const lines = new LineIndex(script.text);
  const statements: StatementIntent[] = [];
  for (const statement of script.statements) {
    if (!PERMISSION_KINDS.has(statement.kind) || statement.hasError) continue;
    // ALTER USER with only options GrantCheck does not verify (a password, a timeout) still checks the user exists.
    if (grantOf(statement) === undefined && statement.kind === 'alter-default-privileges') continue;
    const unverifiable: string[] = [];
    const expectations = statementExpectations(statement, unverifiable);
    statements.push({
      line: lines.positionAt(statement.start).line + 1,
      start: statement.start,
      end: statement.end,
      statement: statementSummary(script.text.slice(statement.start, statement.end)),
      kind: statement.kind,
      entries: expectations.map((expectation) => ({ expectation })),
      unverifiable,
    });
  }
  // Later statements win: walk backwards and mark every earlier entry whose key a later one already stated.
  const latest = new Map<string, number>();
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i]!;
    const seenHere = new Map<string, number>();
    for (const entry of s.entries) {
      const key = expectationKey(entry.expectation);
      const later = latest.get(key);
      if (later !== undefined) entry.supersededAtLine = later;
      seenHere.set(key, s.line);
    }
    for (const [key, line] of seenHere) latest.set(key, line);
  }
  return { statements };
}
