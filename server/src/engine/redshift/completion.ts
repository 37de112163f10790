// Completion for Redshift permission scripts: keywords in context (privileges after GRANT, object kinds after ON,
// grantees after TO), CREATE/ALTER USER options, and the users, groups, roles and schemas the script creates.
//
// Token-based: the statement under the cursor is unfinished while typing, so the parser's AST of it is
// partial; the tokens of the statement so far say where we are. Names come from the parsed script.
// Grammar: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html, https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html

import type { EngineCompletionItem, EngineCompletionList } from '../types';
import { parseRedshiftScript } from './parser';
import type { RedshiftScript } from './ast';
import { PRIVILEGES_BY_DEFAULTS, PRIVILEGES_BY_OBJECT } from './privileges';
import { RESERVED_WORDS, SYSTEM_PERMISSIONS } from './keywords';
import { symbolsOf, type SymbolTable } from './symbols';
import { tokenize, type Token } from './tokenizer';
import { LineIndex } from '../text';

export type RedshiftCompletionKind = 'keyword' | 'user' | 'value';

export type RedshiftCompletionItem = EngineCompletionItem<RedshiftCompletionKind>;
export type RedshiftCompletionList = EngineCompletionList<RedshiftCompletionKind>;

export const GRANT_DOC_URL = 'https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html';
export const REVOKE_DOC_URL = 'https://docs.aws.amazon.com/redshift/latest/dg/r_REVOKE.html';
export const CREATE_USER_DOC_URL = 'https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html';
export const SYSTEM_PERMISSIONS_DOC_URL = 'https://docs.aws.amazon.com/redshift/latest/dg/r_roles-system-privileges.html';

/** What each object privilege allows, for completion details and hovers. */
export const PRIVILEGE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  SELECT: 'Read rows of tables and views (SELECT).',
  INSERT: 'Add rows (INSERT, and COPY into the table).',
  UPDATE: 'Change rows (UPDATE; needs SELECT for the columns it reads).',
  DELETE: 'Remove rows (DELETE; needs SELECT for the columns it reads).',
  REFERENCES: 'Create foreign key constraints that reference the table.',
  TRUNCATE: 'Empty the table with TRUNCATE.',
  ALTER: 'Alter the object (on tables: ALTER TABLE; on schemas/databases: rename, quotas; on datashares: add objects).',
  DROP: 'Drop the object (tables, schemas, databases).',
  CREATE: 'On a database: create schemas. On a schema: create objects in it.',
  TEMPORARY: 'Create temporary tables while connected to the database (TEMP is a synonym).',
  USAGE: 'On a schema: look up objects in it (needed besides SELECT on its tables). On a language: create functions in it. On a datashare: consume it.',
  EXECUTE: 'Run a function, stored procedure or model.',
  SHARE: 'Add consumers to a datashare.',
  ALL: 'Every privilege the object kind accepts (ALL PRIVILEGES is a synonym).',
};

/** ON <kind> keywords, what each names, and the privileges it accepts (the table in privileges.ts). */
export const OBJECT_KINDS: readonly { keyword: string; accepts: readonly string[]; description: string; names?: 'schemas' | 'databases' }[] = [
  { keyword: 'TABLE', accepts: PRIVILEGES_BY_OBJECT['table'], description: 'Named tables or views (the TABLE keyword is optional)' },
  { keyword: 'ALL TABLES IN SCHEMA', accepts: PRIVILEGES_BY_OBJECT['all-tables'], description: 'Every table and view that exists in the schemas now (not future ones)', names: 'schemas' },
  { keyword: 'SCHEMA', accepts: PRIVILEGES_BY_OBJECT['schema'], description: 'Schemas', names: 'schemas' },
  { keyword: 'DATABASE', accepts: PRIVILEGES_BY_OBJECT['database'], description: 'Databases', names: 'databases' },
  { keyword: 'FUNCTION', accepts: PRIVILEGES_BY_OBJECT['function'], description: 'Functions, with their argument types' },
  { keyword: 'ALL FUNCTIONS IN SCHEMA', accepts: PRIVILEGES_BY_OBJECT['all-functions'], description: 'Every function in the schemas', names: 'schemas' },
  { keyword: 'PROCEDURE', accepts: PRIVILEGES_BY_OBJECT['procedure'], description: 'Stored procedures, with their argument types' },
  { keyword: 'ALL PROCEDURES IN SCHEMA', accepts: PRIVILEGES_BY_OBJECT['all-procedures'], description: 'Every stored procedure in the schemas', names: 'schemas' },
  { keyword: 'LANGUAGE', accepts: PRIVILEGES_BY_OBJECT['language'], description: 'Procedural languages (plpythonu, sql, …)' },
  { keyword: 'DATASHARE', accepts: PRIVILEGES_BY_OBJECT['datashare'], description: 'Datashares' },
  { keyword: 'MODEL', accepts: PRIVILEGES_BY_OBJECT['model'], description: 'Machine learning models' },
  { keyword: 'COPY JOB', accepts: PRIVILEGES_BY_OBJECT['copy-job'], description: 'COPY JOBs' },
];

/** ALTER DEFAULT PRIVILEGES … ON <objects>. */
const DEFAULT_OBJECT_KINDS: readonly { keyword: string; accepts: readonly string[] }[] = Object.entries(PRIVILEGES_BY_DEFAULTS).map(
  ([objects, accepts]) => ({ keyword: objects.toUpperCase(), accepts }),
);

const USER_OPTIONS: readonly { keyword: string; description: string }[] = [
  { keyword: 'PASSWORD', description: "The password: an md5/sha256 hash, DISABLE, or a literal (avoid literals in files)" },
  { keyword: 'CREATEDB', description: 'Allowed to create databases' },
  { keyword: 'NOCREATEDB', description: 'Not allowed to create databases (default)' },
  { keyword: 'CREATEUSER', description: 'Superuser: every privilege, every check bypassed' },
  { keyword: 'NOCREATEUSER', description: 'Not a superuser (default)' },
  { keyword: 'SYSLOG ACCESS RESTRICTED', description: 'Sees only its own rows in system tables (default)' },
  { keyword: 'SYSLOG ACCESS UNRESTRICTED', description: 'Sees every user’s rows in system tables' },
  { keyword: 'IN GROUP', description: 'Adds the user to existing groups' },
  { keyword: 'VALID UNTIL', description: 'Password expiry: VALID UNTIL \'2027-01-01\'' },
  { keyword: 'CONNECTION LIMIT', description: 'Maximum concurrent connections (or UNLIMITED)' },
  { keyword: 'SESSION TIMEOUT', description: 'Idle session timeout in seconds' },
  { keyword: 'EXTERNALID', description: 'Identity provider id of the user' },
];

const ALTER_USER_OPTIONS: readonly { keyword: string; description: string }[] = [
  ...USER_OPTIONS.filter((o) => o.keyword !== 'IN GROUP' && o.keyword !== 'EXTERNALID'),
  { keyword: 'RENAME TO', description: 'Renames the user (clears an MD5 password)' },
  { keyword: 'RESET SESSION TIMEOUT', description: 'Back to the default session timeout' },
  { keyword: 'SET', description: 'Sets a session parameter default for the user' },
  { keyword: 'RESET', description: 'Resets a session parameter default' },
];

const STATEMENT_STARTS: readonly { keyword: string; description: string }[] = [
  { keyword: 'GRANT', description: 'Give privileges to users, groups, roles or PUBLIC' },
  { keyword: 'REVOKE', description: 'Take privileges back' },
  { keyword: 'CREATE USER', description: 'A new database user' },
  { keyword: 'CREATE GROUP', description: 'A group of users' },
  { keyword: 'CREATE ROLE', description: 'A role (role-based access control)' },
  { keyword: 'ALTER USER', description: 'Change a user (password, options)' },
  { keyword: 'ALTER GROUP', description: 'Add or drop users of a group' },
  { keyword: 'ALTER DEFAULT PRIVILEGES', description: 'Privileges on objects created in the future' },
  { keyword: 'DROP USER', description: 'Remove a user' },
  { keyword: 'DROP GROUP', description: 'Remove a group' },
  { keyword: 'DROP ROLE', description: 'Remove a role' },
  { keyword: 'ALTER ROLE', description: 'Rename a role or change its owner' },
  { keyword: 'CREATE RLS POLICY', description: 'A row-level security policy' },
  { keyword: 'ATTACH RLS POLICY', description: 'Apply a row-level security policy to tables for users or roles' },
  { keyword: 'DETACH RLS POLICY', description: 'Stop applying a row-level security policy' },
  { keyword: 'CREATE MASKING POLICY', description: 'A dynamic data masking policy' },
  { keyword: 'ATTACH MASKING POLICY', description: 'Mask columns of a table for users or roles' },
  { keyword: 'DETACH MASKING POLICY', description: 'Stop masking columns' },
  { keyword: 'CREATE DATASHARE', description: 'A datashare for other namespaces or accounts' },
  { keyword: 'ALTER DATASHARE', description: 'Add or remove datashare objects' },
];

/** `script`: the script already parsed from this `text` (the server parses once per version). */
export function completeRedshift(text: string, offset: number, script: RedshiftScript = parseRedshiftScript(text)): RedshiftCompletionList {
  const { tokens, comments } = tokenize(text);
  const inComment = comments.some((c) => c.start < offset && (offset < c.end || (offset === c.end && (c.kind === 'line' || c.unterminated === true))));
  if (inComment) return { items: [], isIncomplete: false };
  const current = tokens.find((t) => t.start < offset && offset <= t.end);
  if (current && current.kind !== 'word') return { items: [], isIncomplete: false }; // inside a string, quoted name or number
  const replaceStart = current?.start ?? offset;
  const replaceEnd = current?.end ?? offset;
  const typed = current ? text.slice(current.start, offset) : '';
  const before = tokens.filter((t) => t.end <= replaceStart);
  const lastSemicolon = findLastIndex(before, (t) => t.kind === 'punct' && t.value === ';');
  const statement = before.slice(lastSemicolon + 1);
  const upper = keywordCase(typed, statement);
  const out = new Collector(replaceStart, replaceEnd, upper);
  const table = symbolsOf(script);
  suggest(statement, out, table, text);
  return { items: out.items, isIncomplete: false };
}

function findLastIndex<T>(list: readonly T[], test: (t: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return i;
  return -1;
}

/** Keywords follow the user's case: what they are typing, else the first word of the statement; upper by default. */
function keywordCase(typed: string, statement: readonly Token[]): boolean {
  const sample = /[a-z]/i.test(typed) ? typed : (statement.find((t) => t.kind === 'word')?.text ?? '');
  return !(sample !== '' && sample === sample.toLowerCase());
}

class Collector {
  readonly items: RedshiftCompletionItem[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly start: number,
    private readonly end: number,
    private readonly upper: boolean,
  ) {}

  keyword(keyword: string, detail: string, rank: number, options: { documentation?: string; retrigger?: boolean } = {}): void {
    const text = this.upper ? keyword : keyword.toLowerCase();
    this.add(text, text, 'keyword', detail, rank, options);
  }

  name(label: string, insert: string, detail: string, rank: number, documentation?: string): void {
    this.add(label, insert, 'user', detail, rank, documentation ? { documentation } : {});
  }

  private add(label: string, insert: string, kind: RedshiftCompletionKind, detail: string, rank: number, options: { documentation?: string; retrigger?: boolean }): void {
    if (this.seen.has(insert)) return;
    this.seen.add(insert);
    this.items.push({
      label,
      kind,
      detail,
      ...(options.documentation ? { documentation: options.documentation } : {}),
      // Completion text is snippet syntax (shared with IAM completion): names may hold `$` (etl$1).
      edit: { start: this.start, end: this.end, newText: escapeSnippetText(insert) },
      additionalEdits: [],
      filterText: insert,
      sortText: `${rank}_${label.toLowerCase()}`,
      retrigger: options.retrigger === true,
    });
  }
}

const words = (tokens: readonly Token[]): string[] => tokens.map((t) => (t.kind === 'word' ? t.value : t.kind === 'punct' ? t.value : `<${t.kind}>`));

function suggest(statement: readonly Token[], out: Collector, table: SymbolTable, text: string): void {
  const w = words(statement);
  if (w.length === 0) {
    STATEMENT_STARTS.forEach((s, i) => out.keyword(s.keyword, s.description, i, { retrigger: s.keyword === 'GRANT' || s.keyword === 'REVOKE' }));
    return;
  }
  const [first, second] = w;
  if (first === 'grant' || first === 'revoke') {
    suggestGrant(statement, 1, first === 'revoke', false, out, table, text);
    return;
  }
  if (first === 'alter' && second === 'default') {
    suggestDefaultPrivileges(statement, out, table, text);
    return;
  }
  if ((first === 'create' || first === 'alter') && second === 'user') {
    suggestUserOptions(w, first === 'alter', out, table, text);
    return;
  }
  if (first === 'create' || first === 'alter' || first === 'drop') {
    if (w.length === 1) {
      for (const s of STATEMENT_STARTS) if (s.keyword.startsWith(`${first.toUpperCase()} `)) out.keyword(s.keyword.slice(first.length + 1), s.description, 0);
      return;
    }
    if (second === 'group') suggestGroupStatement(w, first, out, table, text);
    if (first === 'drop' && (second === 'user' || second === 'role')) {
      const last = w[w.length - 1];
      if (last === second || last === ',') addPrincipals(out, table, text, second === 'user' ? ['user'] : ['role'], false);
    }
  }
}

/** GRANT/REVOKE from token `from` on: privileges → ON <kind> <names> → TO/FROM grantees. */
function suggestGrant(statement: readonly Token[], from: number, revoke: boolean, defaults: boolean, out: Collector, table: SymbolTable, text: string): void {
  const w = words(statement);
  let i = from;
  if (revoke && w[i] === 'grant' && w[i + 1] === 'option' && w[i + 2] === 'for') i += 3;
  const onIndex = w.indexOf('on', i);
  const toWord = revoke ? 'from' : 'to';
  const toIndex = w.indexOf(toWord, i);
  const last = w[w.length - 1]!;
  const privileges = privilegeNames(w.slice(i, onIndex >= 0 ? onIndex : toIndex >= 0 ? toIndex : w.length));
  if (onIndex < 0 && toIndex < 0) {
    if (last === 'grant' || last === 'revoke' || last === ',' || last === 'for') {
      addPrivileges(out, defaults);
      return;
    }
    if (last === 'all') out.keyword('PRIVILEGES', 'ALL PRIVILEGES = ALL', 0);
    const system = SYSTEM_PERMISSIONS.filter((p) => p.toLowerCase().startsWith(`${w.slice(i).join(' ')} `));
    for (const p of system) out.keyword(p.split(' ').slice(w.length - i).join(' '), 'RBAC system permission (roles only)', 1, { documentation: `[System permissions](${SYSTEM_PERMISSIONS_DOC_URL})` });
    out.keyword('ON', 'The objects the privileges apply to', 0, { retrigger: true });
    if (system.length > 0 || privileges.some((p) => p.includes(' '))) out.keyword(revoke ? 'FROM' : 'TO', 'The grantees', 2, { retrigger: true });
    return;
  }
  if (onIndex >= 0 && (toIndex < 0 || toIndex < onIndex)) {
    const after = w.slice(onIndex + 1);
    suggestTarget(after, privileges, defaults, revoke, out, table);
    return;
  }
  if (toIndex >= 0) {
    const after = w.slice(toIndex + 1);
    suggestGrantees(after, revoke, out, table, text);
  }
}

function privilegeNames(list: readonly string[]): string[] {
  const names: string[] = [];
  let current: string[] = [];
  for (const word of [...list, ',']) {
    if (word === ',') {
      if (current.length > 0) names.push(normalizePrivilege(current.join(' ')));
      current = [];
    } else if (word !== '(' && word !== ')' && !word.startsWith('<')) {
      current.push(word);
    }
  }
  return names;
}

function normalizePrivilege(phrase: string): string {
  if (phrase === 'temp') return 'TEMPORARY';
  if (phrase === 'all privileges') return 'ALL';
  return phrase.toUpperCase();
}

function addPrivileges(out: Collector, defaults: boolean): void {
  Object.entries(PRIVILEGE_DESCRIPTIONS).forEach(([name, description]) => {
    if (defaults && !DEFAULT_OBJECT_KINDS.some((k) => k.accepts.includes(name))) return;
    out.keyword(name, description, name === 'ALL' ? 1 : 0, { documentation: `${description}\n\n[GRANT](${GRANT_DOC_URL})` });
  });
  if (defaults) return;
  out.keyword('ROLE', 'Grant a role to users or roles', 2);
  out.keyword('ASSUMEROLE', 'Let users run COPY/UNLOAD/… with IAM roles attached to the cluster', 3);
  for (const p of SYSTEM_PERMISSIONS) out.keyword(p, 'RBAC system permission (roles only)', 4, { documentation: `[System permissions](${SYSTEM_PERMISSIONS_DOC_URL})` });
}

function suggestTarget(after: readonly string[], privileges: readonly string[], defaults: boolean, revoke: boolean, out: Collector, table: SymbolTable): void {
  const accepts = (kind: { accepts: readonly string[] }): boolean => privileges.every((p) => kind.accepts.includes(p));
  if (defaults) {
    if (after.length === 0) for (const kind of DEFAULT_OBJECT_KINDS.filter(accepts)) out.keyword(kind.keyword, `Future ${kind.keyword.toLowerCase()}`, 0);
    else out.keyword(revoke ? 'FROM' : 'TO', 'The grantees', 0, { retrigger: true });
    return;
  }
  const phrase = after.join(' ');
  const kinds = OBJECT_KINDS.filter(accepts);
  const partial = kinds.filter((k) => k.keyword.toLowerCase().startsWith(`${phrase} `));
  if (after.length === 0 || partial.length > 0) {
    const skip = after.length;
    for (const kind of after.length === 0 ? kinds : partial) {
      out.keyword(kind.keyword.split(' ').slice(skip).join(' '), kind.description, 0, {
        documentation: `Accepts ${kind.accepts.join(', ')}.\n\n[GRANT](${GRANT_DOC_URL})`,
        retrigger: kind.names !== undefined,
      });
    }
    // `ON schema.table` without the TABLE keyword, when the privileges apply to tables.
    if (after.length === 0 && kinds.some((k) => k.keyword === 'TABLE')) addNames(out, table, 'schemas', 1, '.');
    return;
  }
  const kind = OBJECT_KINDS.find((k) => phrase === k.keyword.toLowerCase() || phrase.startsWith(`${k.keyword.toLowerCase()} `));
  const last = after[after.length - 1]!;
  const namesSoFar = kind ? after.length - kind.keyword.split(' ').length : after.length;
  if (kind?.names && (namesSoFar === 0 || last === ',')) {
    addNames(out, table, kind.names, 0, '');
    return;
  }
  if (namesSoFar > 0 && last !== ',' && last !== '.') out.keyword(revoke ? 'FROM' : 'TO', 'The grantees', 0, { retrigger: true });
}

function addNames(out: Collector, table: SymbolTable, which: 'schemas' | 'databases', rank: number, suffix: string): void {
  for (const [name, mentions] of table[which]) {
    const written = mentions[0]?.text ?? name;
    out.name(written, `${written}${suffix}`, which === 'schemas' ? 'schema in this script' : 'database in this script', rank);
  }
}

function suggestGrantees(after: readonly string[], revoke: boolean, out: Collector, table: SymbolTable, text: string): void {
  const last = after[after.length - 1];
  if (after.length === 0 || last === ',') {
    addPrincipals(out, table, text, ['user', 'group', 'role'], true);
    out.keyword('PUBLIC', 'Every user, now and future', 2);
    out.keyword('GROUP', 'A group', 3, { retrigger: true });
    out.keyword('ROLE', 'A role', 3, { retrigger: true });
    return;
  }
  if (last === 'group') return addPrincipals(out, table, text, ['group'], false);
  if (last === 'role') return addPrincipals(out, table, text, ['role'], false);
  if (!revoke && !after.includes('with')) out.keyword('WITH GRANT OPTION', 'The grantees may grant these privileges to others', 0);
  if (revoke && !after.includes('cascade') && !after.includes('restrict')) {
    out.keyword('CASCADE', 'Also revoke what the grantees granted onward', 0);
    out.keyword('RESTRICT', 'Fail if the grantees granted onward', 1);
  }
}

/** Users, groups and roles the script creates; `withKeyword` prefixes groups/roles with GROUP/ROLE. */
function addPrincipals(out: Collector, table: SymbolTable, text: string, kinds: readonly ('user' | 'group' | 'role')[], withKeyword: boolean): void {
  const lines = new LineIndex(text);
  for (const kind of kinds) {
    const map = kind === 'user' ? table.users : kind === 'group' ? table.groups : table.roles;
    for (const [name, statements] of map) {
      const created = statements[0]!;
      const written = created.name?.text ?? quoteName(name);
      const keyword = withKeyword && kind !== 'user' ? `${kind.toUpperCase()} ` : '';
      const line = lines.positionAt(created.start).line + 1;
      out.name(`${keyword}${written}`, `${keyword}${written}`, `${kind} created on line ${line}`, kind === 'user' ? 0 : 1);
    }
  }
}

/** A name as it must be written: quoted when it has upper case, unusual characters or is reserved. */
export function quoteName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED_WORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function suggestUserOptions(w: readonly string[], alter: boolean, out: Collector, table: SymbolTable, text: string): void {
  if (w.length === 2) {
    if (alter) addPrincipals(out, table, text, ['user'], false);
    return;
  }
  const last = w[w.length - 1]!;
  const previous = w[w.length - 2];
  if (last === 'password') {
    out.keyword('DISABLE', 'No password: IAM or identity-provider sign-in only', 0);
    return;
  }
  if (last === 'in') return out.keyword('GROUP', 'Existing groups', 0, { retrigger: true });
  if (last === 'group' && previous === 'in') return addPrincipals(out, table, text, ['group'], false);
  if (last === 'syslog') {
    out.keyword('ACCESS RESTRICTED', 'Own rows only (default)', 0);
    out.keyword('ACCESS UNRESTRICTED', 'Every user’s rows', 1);
    return;
  }
  if (last === 'valid') return out.keyword('UNTIL', "A timestamp, e.g. '2027-01-01'", 0);
  if (last === 'connection') return out.keyword('LIMIT', 'A number or UNLIMITED', 0);
  if (last === 'session') return out.keyword('TIMEOUT', 'Seconds', 0);
  if (last === 'rename') return out.keyword('TO', 'The new name', 0);
  const present = ` ${w.slice(3).join(' ')} `;
  const options = alter ? ALTER_USER_OPTIONS : USER_OPTIONS;
  options.forEach((option, i) => {
    const firstWord = option.keyword.split(' ')[0]!.toLowerCase();
    // CREATEDB/NOCREATEDB and the like exclude each other; an option is offered once.
    const opposite = firstWord.startsWith('no') ? firstWord.slice(2) : `no${firstWord}`;
    if (present.includes(` ${firstWord} `) || (/^(no)?create(db|user)$/.test(firstWord) && present.includes(` ${opposite} `))) return;
    out.keyword(option.keyword, option.description, i < 5 ? 0 : 1, { documentation: `[${alter ? 'ALTER' : 'CREATE'} USER](${alter ? 'https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_USER.html' : CREATE_USER_DOC_URL})` });
  });
}

function suggestGroupStatement(w: readonly string[], verb: string, out: Collector, table: SymbolTable, text: string): void {
  const last = w[w.length - 1]!;
  if (w.length === 2) {
    if (verb !== 'create') addPrincipals(out, table, text, ['group'], false);
    return;
  }
  if (verb === 'create') {
    if (w.length === 3) out.keyword('WITH USER', 'Initial members', 0, { retrigger: true });
    else if (last === 'user' || last === ',') addPrincipals(out, table, text, ['user'], false);
    return;
  }
  if (verb === 'alter') {
    if (w.length === 3) {
      out.keyword('ADD USER', 'Add members', 0, { retrigger: true });
      out.keyword('DROP USER', 'Remove members', 1, { retrigger: true });
      out.keyword('RENAME TO', 'Rename the group', 2);
    } else if (last === 'user' || last === ',') {
      addPrincipals(out, table, text, ['user'], false);
    }
  }
}

function suggestDefaultPrivileges(statement: readonly Token[], out: Collector, table: SymbolTable, text: string): void {
  const w = words(statement);
  const grantAt = w.findIndex((x, i) => i >= 3 && (x === 'grant' || x === 'revoke'));
  if (grantAt >= 0) {
    suggestGrant(statement, grantAt + 1, w[grantAt] === 'revoke', true, out, table, text);
    return;
  }
  const last = w[w.length - 1]!;
  if (w.length === 2) return out.keyword('PRIVILEGES', '', 0);
  if (last === 'for') return out.keyword('USER', 'Whose future objects', 0, { retrigger: true });
  if (last === 'user' || (last === ',' && w.includes('user') && !w.includes('in'))) return addPrincipals(out, table, text, ['user'], false);
  if (last === 'in') return out.keyword('SCHEMA', 'Only objects created in these schemas', 0, { retrigger: true });
  if (last === 'schema' || (last === ',' && w.includes('schema'))) return addNames(out, table, 'schemas', 0, '');
  if (!w.includes('for')) out.keyword('FOR USER', 'Objects created by these users (default: you)', 1, { retrigger: true });
  if (!w.includes('in')) out.keyword('IN SCHEMA', 'Objects created in these schemas (default: all)', 1, { retrigger: true });
  out.keyword('GRANT', 'Privileges on future objects', 0, { retrigger: true });
  out.keyword('REVOKE', 'Revoke default privileges', 2, { retrigger: true });
}

/** Literal text for a snippet: `\`, `$` and `}` are escaped so the editor inserts them as typed. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}
