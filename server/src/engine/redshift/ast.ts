// Redshift permission-script syntax tree: statements, privileges, objects and grantees, each with exact source offsets.
// Grammar: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html, r_REVOKE.html, r_CREATE_USER.html,
// r_ALTER_USER.html, r_ALTER_DEFAULT_PRIVILEGES.html. Offsets are UTF-16 indexes into `RedshiftScript.text`.

import type { Comment, Token } from './tokenizer';

/** A source range: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** An identifier as written: a word, a "quoted" name, or a client variable standing in for a name. */
export interface Identifier extends Span {
  /** Source text (with quotes, when quoted). */
  text: string;
  /** The name Redshift sees: unquoted names fold to lower case, quoted names keep their case. */
  value: string;
  quoted: boolean;
  /** A psql `:var` or template `${…}`/`{{…}}` placeholder: its real value is unknown. */
  variable?: boolean;
}

/** `name`, `schema.name` or `database.schema.name`. */
export interface QualifiedName extends Span {
  parts: Identifier[];
}

export interface StringLiteral extends Span {
  /** Content with `''` unescaped. */
  value: string;
}

/** What an identifier names, recorded for every name the parser reads (hover, completion, identifier checks). */
export type NameRole =
  | 'user'
  | 'group'
  | 'role'
  | 'schema'
  | 'table'
  | 'column'
  | 'database'
  | 'function'
  | 'procedure'
  | 'language'
  | 'datashare'
  | 'model'
  | 'copy-job'
  /** An RLS or masking policy (CREATE/ATTACH … POLICY, GRANT … TO RLS POLICY p). */
  | 'policy'
  | 'object';

export interface NameReference {
  id: Identifier;
  role: NameRole;
}

// ---------------------------------------------------------------------------------------------
// Privileges

/**
 * - `object`: a privilege on an object (SELECT, USAGE, TEMPORARY, EXECUTE, ALL, …).
 * - `system`: an RBAC system permission such as CREATE USER or ACCESS SYSTEM TABLE (roles only).
 * - `postgres-only`: a PostgreSQL privilege Redshift does not have (CONNECT, TRIGGER, RULE, MAINTAIN).
 */
export type PrivilegeCategory = 'object' | 'system' | 'postgres-only';

export interface Privilege extends Span {
  /** Canonical upper-case name: `SELECT`, `TEMPORARY` (also for TEMP), `ALL` (also for ALL PRIVILEGES), `CREATE USER`, … */
  name: string;
  category: PrivilegeCategory;
  /** Column list of a column-level privilege: `SELECT (a, b)`. */
  columns?: Identifier[];
}

// ---------------------------------------------------------------------------------------------
// What a GRANT/REVOKE applies to

export type ObjectKind =
  | 'table'
  | 'all-tables'
  | 'database'
  | 'schema'
  | 'function'
  | 'all-functions'
  | 'procedure'
  | 'all-procedures'
  | 'language'
  | 'datashare'
  | 'model'
  | 'copy-job'
  | 'external-table'
  | 'external-schema'
  /** A PostgreSQL object form Redshift lacks (`ON ALL SEQUENCES IN SCHEMA`, `ON SCHEMAS`, `ON TYPE`, …). */
  | 'postgres-only';

/** `ON <kind> <objects>`. */
export interface ObjectTarget extends Span {
  type: 'object';
  kind: ObjectKind;
  /** The keywords naming the kind (`SCHEMA`, `ALL TABLES IN SCHEMA`); empty span at `objects[0]` for bare table names. */
  keyword: Span;
  /** Upper-case keyword text, e.g. `ALL TABLES IN SCHEMA`, `SEQUENCE`. */
  keywordText: string;
  /** Tables, schemas, databases, … For the `all-*` kinds, the schemas. Functions keep their argument list in `signatures`. */
  objects: QualifiedName[];
  /** Argument lists of functions/procedures (source text between the parentheses), parallel to `objects`. */
  signatures?: string[];
}

export type ScopeKind = 'schemas' | 'tables' | 'functions' | 'procedures' | 'languages' | 'copy-jobs';

/** Scoped permissions: `FOR TABLES IN SCHEMA s [DATABASE db]`, `FOR SCHEMAS IN DATABASE db`, … (cover future objects too). */
export interface ScopedTarget extends Span {
  type: 'scoped';
  scope: ScopeKind;
  schema?: Identifier;
  database?: Identifier;
}

/** `ON TABLES | FUNCTIONS | PROCEDURES` inside ALTER DEFAULT PRIVILEGES (SEQUENCES, TYPES, SCHEMAS, ROUTINES are PostgreSQL-only). */
export interface DefaultObjectsTarget extends Span {
  type: 'defaults';
  objects: 'tables' | 'functions' | 'procedures' | 'sequences' | 'types' | 'schemas' | 'routines';
  keyword: Span;
}

/** `GRANT ASSUMEROLE ON {'arn', … | DEFAULT | ALL} TO … FOR {ALL | COPY | UNLOAD | EXTERNAL FUNCTION | CREATE MODEL}`. */
export interface AssumeRoleTarget extends Span {
  type: 'assumerole';
  roles: StringLiteral[];
  /** `default` or `all` instead of ARNs. */
  keyword?: 'default' | 'all';
  forCommands: string[];
}

/** `GRANT ROLE r1, ROLE r2 TO …`. */
export interface RolesTarget extends Span {
  type: 'roles';
  roles: Identifier[];
}

/** No ON clause: system permissions (`GRANT CREATE USER TO ROLE r`) and `GRANT CREATE MODEL TO …`. */
export interface NoTarget extends Span {
  type: 'none';
}

export type GrantTarget = ObjectTarget | ScopedTarget | DefaultObjectsTarget | AssumeRoleTarget | RolesTarget | NoTarget;

// ---------------------------------------------------------------------------------------------
// Grantees

export type GranteeKind = 'user' | 'group' | 'role' | 'public' | 'namespace' | 'account' | 'iam-role' | 'rls-policy' | 'masking-policy';

export interface Grantee extends Span {
  kind: GranteeKind;
  /** User, group or role name; the policy name for `RLS POLICY p` / `MASKING POLICY p` (lookup tables a policy reads). */
  name?: Identifier;
  /** NAMESPACE / ACCOUNT / IAM_ROLE value (an ARN, `default` or `all` for IAM_ROLE). */
  value?: StringLiteral;
  /** The GROUP / ROLE / NAMESPACE / ACCOUNT / IAM_ROLE / RLS POLICY / MASKING POLICY keyword(s), when written. */
  keyword?: Span;
  /** `WITH GRANT OPTION` written right after this grantee. */
  withGrantOption?: Span;
  /** `WITH ADMIN OPTION` written right after this grantee (role grants). */
  withAdminOption?: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements

interface StatementBase extends Span {
  /** False when the statement ran into the next one (or the end of the text) without a `;`. */
  terminated: boolean;
  /** True when the parser reported a syntax error inside this statement; checks of its meaning skip it. */
  hasError: boolean;
}

export interface GrantStatement extends StatementBase {
  kind: 'grant' | 'revoke';
  /** The GRANT / REVOKE keyword. */
  keyword: Span;
  privileges: Privilege[];
  target: GrantTarget;
  grantees: Grantee[];
  /** REVOKE GRANT OPTION FOR … */
  grantOptionFor?: Span;
  /** REVOKE ADMIN OPTION FOR … */
  adminOptionFor?: Span;
  /** Set when this grant is the action of an ALTER DEFAULT PRIVILEGES statement. */
  defaultPrivileges?: AlterDefaultPrivilegesStatement;
}

export interface AlterDefaultPrivilegesStatement extends StatementBase {
  kind: 'alter-default-privileges';
  /** `FOR USER u, …` (or PostgreSQL's `FOR ROLE`): whose future objects the defaults apply to. */
  forUsers: Identifier[];
  forKeyword?: Span & { word: 'user' | 'role' };
  /** `IN SCHEMA s, …`; empty means every schema. */
  inSchemas: Identifier[];
  action?: GrantStatement;
}

export interface PasswordSpec extends Span {
  /** The PASSWORD keyword. */
  keyword: Span;
  kind: 'literal' | 'disable' | 'variable';
  literal?: StringLiteral;
}

export type UserOptionName =
  | 'CREATEDB'
  | 'NOCREATEDB'
  | 'CREATEUSER'
  | 'NOCREATEUSER'
  | 'SYSLOG ACCESS RESTRICTED'
  | 'SYSLOG ACCESS UNRESTRICTED'
  | 'IN GROUP'
  | 'VALID UNTIL'
  | 'CONNECTION LIMIT'
  | 'SESSION TIMEOUT'
  | 'RESET SESSION TIMEOUT'
  | 'EXTERNALID'
  | 'RENAME TO'
  | 'SET'
  | 'RESET';

export interface UserOption extends Span {
  name: UserOptionName;
  /** VALID UNTIL / CONNECTION LIMIT / SESSION TIMEOUT / EXTERNALID value, SET/RESET parameter name. */
  value?: string;
  /** IN GROUP groups. */
  groups?: Identifier[];
  /** RENAME TO target. */
  newName?: Identifier;
}

export interface CreateUserStatement extends StatementBase {
  kind: 'create-user';
  name?: Identifier;
  password?: PasswordSpec;
  options: UserOption[];
}

export interface AlterUserStatement extends StatementBase {
  kind: 'alter-user';
  name?: Identifier;
  password?: PasswordSpec;
  options: UserOption[];
}

export interface DropStatement extends StatementBase {
  kind: 'drop-user' | 'drop-role' | 'drop-group';
  names: Identifier[];
}

export interface CreateRoleStatement extends StatementBase {
  kind: 'create-role';
  name?: Identifier;
}

export interface CreateGroupStatement extends StatementBase {
  kind: 'create-group';
  name?: Identifier;
  users: Identifier[];
}

export interface AlterGroupStatement extends StatementBase {
  kind: 'alter-group';
  name?: Identifier;
  action?: 'add' | 'drop' | 'rename';
  users: Identifier[];
  newName?: Identifier;
}

/** CREATE SCHEMA, read for its name and owner (schema owners need no USAGE grant). */
export interface CreateSchemaStatement extends StatementBase {
  kind: 'create-schema';
  name?: Identifier;
  authorization?: Identifier;
}

/** CREATE DATABASE, read for its name (quick fixes that need "the database"). */
export interface CreateDatabaseStatement extends StatementBase {
  kind: 'create-database';
  name?: Identifier;
}

/** `ALTER ROLE r [WITH] { RENAME TO r2 | OWNER TO u } [, …] [EXTERNALID TO id]` (r_ALTER_ROLE.html). */
export interface AlterRoleStatement extends StatementBase {
  kind: 'alter-role';
  name?: Identifier;
  newName?: Identifier;
  owner?: Identifier;
  externalId?: string;
}

/** Row-level security (`RLS POLICY`) or dynamic data masking (`MASKING POLICY`). */
export type PolicyKind = 'rls' | 'masking';

/**
 * `CREATE { RLS | MASKING } POLICY p [WITH (…)] … USING (…)`, `ALTER … POLICY p USING (…)`,
 * `DROP … POLICY [IF EXISTS] p [CASCADE | RESTRICT]` (r_CREATE_RLS_POLICY.html, r_CREATE_MASKING_POLICY.html, …).
 * The column list and the expressions are kept as source only (their spans).
 */
export interface PolicyStatement extends StatementBase {
  kind: 'create-policy' | 'alter-policy' | 'drop-policy';
  policy: PolicyKind;
  name?: Identifier;
}

/**
 * `ATTACH RLS POLICY p ON [TABLE] t [, …] TO grantee [, …]`, `ATTACH MASKING POLICY p ON t (cols) [USING (cols)]
 * TO grantee [PRIORITY n]`, and the DETACH forms with FROM (r_ATTACH_RLS_POLICY.html, r_ATTACH_MASKING_POLICY.html).
 */
export interface AttachPolicyStatement extends StatementBase {
  kind: 'attach-policy' | 'detach-policy';
  policy: PolicyKind;
  name?: QualifiedName;
  tables: QualifiedName[];
  /** Masking: the output columns (or SUPER paths) the policy masks. */
  columns: QualifiedName[];
  /** Users, roles or PUBLIC the policy applies to. */
  grantees: Grantee[];
}

/** `CREATE DATASHARE ds […]`, `ALTER DATASHARE ds { ADD | REMOVE } … | SET …`, `DROP DATASHARE ds` (r_ALTER_DATASHARE.html). */
export interface DatashareStatement extends StatementBase {
  kind: 'create-datashare' | 'alter-datashare' | 'drop-datashare';
  name?: Identifier;
  action?: 'add' | 'remove' | 'set';
  /** ALTER DATASHARE ADD/REMOVE: what is added or removed (TABLE, SCHEMA, FUNCTION, ALL TABLES IN SCHEMA, …). */
  objects?: ObjectTarget;
}

/** Objects whose ALTER statement GrantCheck reads (for OWNER TO and RENAME TO). */
export type AlteredObjectKind = 'table' | 'view' | 'schema' | 'database' | 'function' | 'procedure';

/**
 * `ALTER TABLE|VIEW|SCHEMA|DATABASE|FUNCTION|PROCEDURE name … OWNER TO u` and the other clauses of ALTER SCHEMA,
 * ALTER DATABASE, ALTER FUNCTION and ALTER PROCEDURE (r_ALTER_TABLE.html, r_ALTER_SCHEMA.html, r_ALTER_DATABASE.html,
 * r_ALTER_FUNCTION.html, r_ALTER_PROCEDURE.html). ALTER TABLE clauses other than OWNER TO are skipped (`action: 'other'`).
 */
export interface AlterObjectStatement extends StatementBase {
  kind: 'alter-object';
  objectKind: AlteredObjectKind;
  name?: QualifiedName;
  /** Argument list of a function or procedure, when written. */
  signature?: string;
  action?: 'owner' | 'rename' | 'connection-limit' | 'collate' | 'isolation-level' | 'quota' | 'other';
  /** OWNER TO: the new owner (undefined for CURRENT_USER / SESSION_USER). */
  owner?: Identifier;
  newName?: Identifier;
}

/** Any other SQL (queries, DDL, SET, transaction control…): skipped without findings. */
export interface OtherStatement extends StatementBase {
  kind: 'other';
  /** The first word, lower case (`select`, `create`, `begin`, …), or '' when the statement starts with punctuation. */
  verb: string;
}

export type Statement =
  | GrantStatement
  | AlterDefaultPrivilegesStatement
  | CreateUserStatement
  | AlterUserStatement
  | DropStatement
  | CreateRoleStatement
  | CreateGroupStatement
  | AlterGroupStatement
  | CreateSchemaStatement
  | CreateDatabaseStatement
  | AlterRoleStatement
  | PolicyStatement
  | AttachPolicyStatement
  | DatashareStatement
  | AlterObjectStatement
  | OtherStatement;

export type StatementKind = Statement['kind'];

// ---------------------------------------------------------------------------------------------
// Errors and the script

export type ParseErrorCode =
  | 'unexpected-token'
  | 'missing-semicolon'
  | 'unterminated'
  | 'unquoted-password'
  | 'unknown-privilege'
  | 'unknown-statement'
  | 'hash-comment';

/** A replacement the syntax rule can offer as a quick fix (did-you-mean, quoting, `#` → `--`). */
export interface SuggestedEdit extends Span {
  title: string;
  newText: string;
}

export interface ParseError extends Span {
  code: ParseErrorCode;
  message: string;
  /** What the grammar accepts at this point (keywords upper case, punctuation as is, `<name>`-style descriptions). */
  expected: string[];
  /** For `missing-semicolon`: where the `;` belongs. */
  insertSemicolonAt?: number;
  suggestions?: SuggestedEdit[];
}

export interface RedshiftScript {
  text: string;
  statements: Statement[];
  errors: ParseError[];
  /** Every name the parser read, in source order, with what it names. */
  names: NameReference[];
  tokens: Token[];
  comments: Comment[];
}

/** The grant/revoke a statement carries: itself, or the action of ALTER DEFAULT PRIVILEGES. */
export function grantOf(statement: Statement): GrantStatement | undefined {
  if (statement.kind === 'grant' || statement.kind === 'revoke') return statement;
  if (statement.kind === 'alter-default-privileges') return statement.action;
  return undefined;
}

/** The schema part of `schema.table` or `db.schema.table`; undefined for an unqualified name. */
export function schemaOf(name: QualifiedName): Identifier | undefined {
  const n = name.parts.length;
  return n >= 2 ? name.parts[n - 2] : undefined;
}
