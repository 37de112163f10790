// Recursive-descent parser for Redshift permission scripts: exact ranges on every node, recovery at `;` and at the next statement.
// Only user/role/group management, GRANT/REVOKE and ALTER DEFAULT PRIVILEGES are parsed; every other statement is
// skipped quietly as `other`. Grammar: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html (and r_REVOKE,
// r_CREATE_USER, r_ALTER_USER, r_CREATE_GROUP, r_ALTER_GROUP, r_CREATE_ROLE, r_ALTER_DEFAULT_PRIVILEGES).

import type {
  AlterDefaultPrivilegesStatement,
  AlterObjectStatement,
  AlterRoleStatement,
  AttachPolicyStatement,
  DatashareStatement,
  PolicyStatement,
  AlteredObjectKind,
  AlterGroupStatement,
  AlterUserStatement,
  AssumeRoleTarget,
  CreateDatabaseStatement,
  CreateGroupStatement,
  CreateRoleStatement,
  CreateSchemaStatement,
  CreateUserStatement,
  DefaultObjectsTarget,
  DropStatement,
  GrantStatement,
  GrantTarget,
  Grantee,
  Identifier,
  NameReference,
  NameRole,
  ObjectKind,
  ObjectTarget,
  ParseError,
  PasswordSpec,
  Privilege,
  QualifiedName,
  RedshiftScript,
  ScopeKind,
  ScopedTarget,
  Span,
  Statement,
  StringLiteral,
  SuggestedEdit,
  UserOption,
} from './ast';
import {
  KNOWN_OBJECT_WORDS,
  KNOWN_VERBS,
  OBJECT_PRIVILEGES,
  PRIVILEGE_PHRASES,
  STATEMENT_OPENERS,
  SYSTEM_PERMISSION_VERBS,
} from './keywords';
import { opensPermissionStatement } from './detect';
import { tokenize, type Token } from './tokenizer';
import { closestMatches, editDistance, LineIndex } from '../text';

interface WordToken extends Token {
  kind: 'word';
}
interface PunctToken extends Token {
  kind: 'punct';
}
interface NameToken extends Token {
  kind: 'word' | 'quoted' | 'variable';
}

/** Thrown inside a statement after its error has been recorded; caught at the statement level for recovery. */
class ParseFailure extends Error {}

/** Words that end a name list or start the next clause: never read as an unquoted name. */
const NOT_A_NAME = new Set(['to', 'from', 'on', 'with', 'for', 'in', 'grant', 'revoke', 'password', 'restrict', 'cascade']);

/** Openers at a line start where error recovery resumes. */
const RECOVERY_OPENERS = new Set(['grant', 'revoke', 'create', 'alter', 'drop', 'attach', 'detach']);

/** ALTER <kind> statements parsed for their OWNER TO / RENAME TO clauses (and ALTER SCHEMA / DATABASE options). */
const ALTERED_OBJECTS: Record<string, { kind: AlteredObjectKind; role: NameRole }> = {
  table: { kind: 'table', role: 'table' },
  view: { kind: 'view', role: 'table' },
  schema: { kind: 'schema', role: 'schema' },
  database: { kind: 'database', role: 'database' },
  function: { kind: 'function', role: 'function' },
  procedure: { kind: 'procedure', role: 'procedure' },
};

/** The clauses of ALTER SCHEMA / ALTER DATABASE (r_ALTER_SCHEMA.html, r_ALTER_DATABASE.html), for did-you-mean. */
const SCHEMA_CLAUSES = ['rename', 'owner', 'quota'];
const DATABASE_CLAUSES = ['rename', 'owner', 'connection', 'collate', 'isolation'];

/** CREATE DATASHARE options (r_CREATE_DATASHARE.html). */
const DATASHARE_OPTIONS = ['publicaccessible', 'managedby'];

const USER_OPTION_WORDS = ['password', 'createdb', 'nocreatedb', 'createuser', 'nocreateuser', 'syslog', 'in', 'valid', 'connection', 'session', 'externalid'];
const ALTER_ONLY_OPTION_WORDS = ['rename', 'set', 'reset'];

const ALL_KINDS: Record<string, ObjectKind> = { tables: 'all-tables', functions: 'all-functions', procedures: 'all-procedures' };
const SINGLE_KINDS: Record<string, { kind: ObjectKind; role: NameRole }> = {
  table: { kind: 'table', role: 'table' },
  database: { kind: 'database', role: 'database' },
  schema: { kind: 'schema', role: 'schema' },
  function: { kind: 'function', role: 'function' },
  procedure: { kind: 'procedure', role: 'procedure' },
  language: { kind: 'language', role: 'language' },
  datashare: { kind: 'datashare', role: 'datashare' },
  model: { kind: 'model', role: 'model' },
};

/** PostgreSQL-only `ON …` forms: first word → how many words form the keyword. */
const POSTGRES_ONLY_TARGETS: Record<string, string[]> = {
  sequence: ['sequence'],
  sequences: ['sequences'],
  schemas: ['schemas'],
  type: ['type'],
  types: ['types'],
  routine: ['routine'],
  routines: ['routines'],
  domain: ['domain'],
  tablespace: ['tablespace'],
  foreign: ['foreign'],
  large: ['large', 'object'],
};

const SCOPES: Record<string, ScopeKind> = {
  schemas: 'schemas',
  tables: 'tables',
  functions: 'functions',
  procedures: 'procedures',
  languages: 'languages',
};

const DEFAULT_OBJECTS = ['tables', 'functions', 'procedures', 'sequences', 'types', 'schemas', 'routines'] as const;

/** Parses a whole script. Never throws; syntax errors are collected in `errors`. Linear in the text length. */
export function parseRedshiftScript(text: string): RedshiftScript {
  const { tokens, comments } = tokenize(text);
  const errors: ParseError[] = [];
  const sqlTokens: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'hash-comment') errors.push(hashCommentError(token));
    else sqlTokens.push(token);
  }
  for (const token of sqlTokens) {
    if (token.unterminated) errors.push(unterminatedError(token));
  }
  for (const comment of comments) {
    if (comment.unterminated) {
      errors.push({ code: 'unterminated', start: comment.start, end: Math.min(comment.start + 2, text.length), message: 'Unterminated /* comment: the closing */ is missing.', expected: ['*/'] });
    }
  }
  const parser = new Parser(text, sqlTokens, errors);
  const statements = parser.parseAll();
  errors.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, statements, errors, names: parser.names, tokens, comments };
}

function hashCommentError(token: Token): ParseError {
  return {
    code: 'hash-comment',
    start: token.start,
    end: token.end,
    message: '`#` does not start a comment in Redshift: use `--` (or /* */).',
    expected: ['--'],
    suggestions: [{ title: 'Turn the # comment into a -- comment', start: token.start, end: token.start + 1, newText: '--' }],
  };
}

function unterminatedError(token: Token): ParseError {
  const what = token.kind === 'string' ? 'string: the closing quote (\') is missing' : token.kind === 'quoted' ? 'quoted name: the closing double quote is missing' : 'variable';
  return { code: 'unterminated', start: token.start, end: token.end, message: `Unterminated ${what}.`, expected: [] };
}

class Parser {
  readonly names: NameReference[] = [];
  private pos = 0;
  private expected = new Set<string>();
  private expectedAt = -1;
  private lineIndex: LineIndex | undefined;
  /** Index of the current statement's first token. */
  private statementPos = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly errors: ParseError[],
  ) {}

  parseAll(): Statement[] {
    const statements: Statement[] = [];
    while (this.pos < this.tokens.length) {
      if (this.isPunct(this.peek(), ';')) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      statements.push(this.parseStatement());
      if (this.pos === before) this.pos++; // defensive: always make progress
    }
    return statements;
  }

  // -------------------------------------------------------------------------------------------
  // Token helpers

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private get lastEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1]!.end : 0;
  }

  private isWord(token: Token | undefined, ...words: string[]): token is WordToken {
    return token !== undefined && token.kind === 'word' && (words.length === 0 || words.includes(token.value));
  }

  private isPunct(token: Token | undefined, ch: string): token is PunctToken {
    return token !== undefined && token.kind === 'punct' && token.value === ch;
  }

  /** Records that `what` would be accepted at the current position (for "expected …" messages). */
  private note(what: string): void {
    if (this.expectedAt !== this.pos) {
      this.expected = new Set();
      this.expectedAt = this.pos;
    }
    this.expected.add(what);
  }

  private peekKw(word: string, offset = 0): boolean {
    if (offset === 0) this.note(word.toUpperCase());
    return this.isWord(this.peek(offset), word);
  }

  private acceptKw(word: string): Token | undefined {
    return this.peekKw(word) ? this.next() : undefined;
  }

  private expectKw(word: string): Token {
    return this.acceptKw(word) ?? this.fail();
  }

  private acceptPunct(ch: string): Token | undefined {
    this.note(ch);
    return this.isPunct(this.peek(), ch) ? this.next() : undefined;
  }

  private expectPunct(ch: string): Token {
    return this.acceptPunct(ch) ?? this.fail();
  }

  private expectedHere(): string[] {
    return this.expectedAt === this.pos ? [...this.expected] : [];
  }

  /** Records an "unexpected token" error at the current token and abandons the statement. */
  private fail(extra: Partial<ParseError> = {}): never {
    const token = this.peek();
    const expected = extra.expected ?? this.expectedHere();
    const found = token ? describeToken(token) : 'end of script';
    const span = token ?? this.lastTokenSpan();
    if (!extra.message && !extra.suggestions && token?.kind === 'word' && token.value.length >= 3) {
      // A keyword one typo away from what the grammar expects here (`RLS POLCY`, `OWNR TO`): did-you-mean.
      const match = expected.find((e) => /^[A-Z_]+$/.test(e) && isLikelyTypo(token.value, e.toLowerCase()));
      if (match) {
        extra = {
          ...extra,
          code: 'unknown-statement',
          message: `Unexpected ${token.text}: did you mean ${match}?`,
          suggestions: [{ title: `Change to ${match}`, start: token.start, end: token.end, newText: match }],
        };
      }
    }
    // One error per statement: after an unterminated string or quoted name, what follows is misread, not wrong.
    if (!this.statementHasUnterminatedToken()) this.errors.push({
      code: 'unexpected-token',
      start: span.start,
      end: span.end,
      message: extra.message ?? `Unexpected ${found}${expected.length > 0 ? `: expected ${formatExpected(expected)}` : ''}.`,
      expected,
      ...(extra.suggestions ? { suggestions: extra.suggestions } : {}),
      ...(extra.code ? { code: extra.code } : {}),
    });
    throw new ParseFailure();
  }

  /** An unterminated token among the current statement's tokens (up to the current one, when `includeCurrent`). */
  private statementHasUnterminatedToken(includeCurrent = true): boolean {
    const last = Math.min(includeCurrent ? this.pos : this.pos - 1, this.tokens.length - 1);
    for (let k = this.statementPos; k <= last; k++) if (this.tokens[k]!.unterminated) return true;
    return false;
  }

  private lastTokenSpan(): Span {
    const last = this.tokens[this.tokens.length - 1];
    return last ? { start: last.start, end: last.end } : { start: this.text.length, end: this.text.length };
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private parseStatement(): Statement {
    this.statementPos = this.pos;
    const first = this.peek()!;
    const node = this.startStatement(first);
    try {
      this.parseInto(node, first);
      // An unterminated string or quoted name swallowed part of the statement: its meaning is not checked.
      if (this.statementHasUnterminatedToken(false)) this.markError(node);
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.markError(node);
      this.recover(node);
    }
    return node;
  }

  private markError(node: Statement): void {
    node.hasError = true;
    if (node.kind === 'alter-default-privileges' && node.action) node.action.hasError = true;
    if ((node.kind === 'grant' || node.kind === 'revoke') && node.defaultPrivileges) node.defaultPrivileges.hasError = true;
  }

  /** Chooses the statement node from its opening words (nothing consumed yet). */
  private startStatement(first: Token): Statement {
    const base = { start: first.start, end: first.end, terminated: false, hasError: false };
    const second = this.peek(1);
    const third = this.peek(2);
    if (this.isWord(first, 'grant', 'revoke')) {
      return this.newGrant(first.value as 'grant' | 'revoke', first);
    }
    if (this.isWord(first, 'create')) {
      if (this.isWord(second, 'user')) return { ...base, kind: 'create-user', options: [] };
      if (this.isWord(second, 'role')) return { ...base, kind: 'create-role' };
      if (this.isWord(second, 'group')) return { ...base, kind: 'create-group', users: [] };
      if (this.isWord(second, 'schema')) return { ...base, kind: 'create-schema' };
      if (this.isWord(second, 'database')) return { ...base, kind: 'create-database' };
    }
    if (this.isWord(first, 'alter')) {
      if (this.isWord(second, 'user')) return { ...base, kind: 'alter-user', options: [] };
      if (this.isWord(second, 'group')) return { ...base, kind: 'alter-group', users: [] };
      if (this.isWord(second, 'default') && this.isWord(third, 'privileges')) {
        return { ...base, kind: 'alter-default-privileges', forUsers: [], inSchemas: [] };
      }
    }
    if (this.isWord(first, 'create', 'alter', 'drop') && this.isWord(second, 'rls', 'masking')) {
      return { ...base, kind: `${first.value as 'create' | 'alter' | 'drop'}-policy`, policy: second.value as 'rls' | 'masking' };
    }
    if (this.isWord(first, 'attach', 'detach') && this.isWord(second, 'rls', 'masking')) {
      return { ...base, kind: `${first.value as 'attach' | 'detach'}-policy`, policy: second.value as 'rls' | 'masking', tables: [], columns: [], grantees: [] };
    }
    if (this.isWord(first, 'create', 'alter', 'drop') && this.isWord(second, 'datashare')) {
      return { ...base, kind: `${first.value as 'create' | 'alter' | 'drop'}-datashare` };
    }
    if (this.isWord(first, 'alter') && this.isWord(second, 'role')) return { ...base, kind: 'alter-role' };
    if (this.isWord(first, 'alter') && second?.kind === 'word' && ALTERED_OBJECTS[second.value]) {
      return { ...base, kind: 'alter-object', objectKind: ALTERED_OBJECTS[second.value]!.kind };
    }
    if (this.isWord(first, 'drop') && this.isWord(second, 'user', 'role', 'group')) {
      return { ...base, kind: `drop-${second.value as 'user' | 'role' | 'group'}`, names: [] };
    }
    return { ...base, kind: 'other', verb: first.kind === 'word' ? first.value : '' };
  }

  private newGrant(kind: 'grant' | 'revoke', keyword: Token): GrantStatement {
    return {
      kind,
      start: keyword.start,
      end: keyword.end,
      terminated: false,
      hasError: false,
      keyword: span(keyword),
      privileges: [],
      target: { type: 'none', start: keyword.end, end: keyword.end },
      grantees: [],
    };
  }

  private parseInto(node: Statement, first: Token): void {
    switch (node.kind) {
      case 'grant':
      case 'revoke':
        this.parseGrantBody(node);
        break;
      case 'alter-default-privileges':
        this.parseAlterDefaultPrivileges(node);
        break;
      case 'create-user':
      case 'alter-user':
        this.parseUser(node);
        break;
      case 'create-role':
        this.parseCreateRole(node);
        break;
      case 'create-group':
        this.parseCreateGroup(node);
        break;
      case 'alter-group':
        this.parseAlterGroup(node);
        break;
      case 'drop-user':
      case 'drop-role':
      case 'drop-group':
        this.parseDrop(node);
        break;
      case 'create-schema':
        this.parseCreateSchema(node);
        break;
      case 'create-database':
        this.parseCreateDatabase(node);
        break;
      case 'alter-role':
        this.parseAlterRole(node);
        break;
      case 'create-policy':
      case 'alter-policy':
      case 'drop-policy':
        this.parsePolicy(node);
        break;
      case 'attach-policy':
      case 'detach-policy':
        this.parseAttachPolicy(node);
        break;
      case 'create-datashare':
      case 'alter-datashare':
      case 'drop-datashare':
        this.parseDatashare(node);
        break;
      case 'alter-object':
        this.parseAlterObject(node);
        break;
      case 'other':
        if (first.kind === 'punct' && first.value !== '(') {
          // `…;>` or a stray `)`: text after the last `;` that is neither a statement nor a comment.
          this.errors.push({
            code: 'unexpected-token',
            start: first.start,
            end: first.end,
            message: `Unexpected ${describeToken(first)}: this is not the start of a statement (text after the previous ; that is not a comment).`,
            expected: [],
          });
          node.hasError = true;
        }
        this.checkMisspelledOpening(first);
        this.skipOther(node);
        break;
    }
  }

  /** Ends a complete statement: a `;`, the end of the script, or (reported) a missing `;` before the next statement. */
  private endStatement(node: Statement): void {
    const token = this.peek();
    node.end = this.lastEnd;
    if (token === undefined) return;
    if (this.acceptTerminator(node)) return;
    if (token.kind === 'word' && STATEMENT_OPENERS.has(token.value)) {
      this.reportMissingSemicolon(token);
      return;
    }
    this.note(';');
    this.fail();
  }

  /** If a `;` is next, consumes it and ends `node` there as a terminated statement. */
  private acceptTerminator(node: Statement): boolean {
    const token = this.peek();
    if (!this.isPunct(token, ';')) return false;
    this.next();
    node.end = token.end;
    node.terminated = true;
    return true;
  }

  private reportMissingSemicolon(nextStatement: Token): void {
    const previous = this.tokens[this.pos - 1]!;
    this.errors.push({
      code: 'missing-semicolon',
      start: previous.start,
      end: previous.end,
      message: `Missing ; before the next statement (${nextStatement.text.toUpperCase()} on line ${this.lineOf(nextStatement.start)}): Redshift reads both as one statement.`,
      expected: [';'],
      insertSemicolonAt: previous.end,
    });
  }

  private lineOf(offset: number): number {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.positionAt(offset).line + 1;
  }

  /** After an error: skip to the `;` (consumed) or to the next statement opening a line. */
  private recover(node: Statement): void {
    const stopAtGrant = node.kind !== 'alter-default-privileges';
    while (this.pos < this.tokens.length) {
      const token = this.peek()!;
      if (this.acceptTerminator(node)) return;
      if (
        token.start > node.start &&
        token.lineStart &&
        this.isWord(token, ...RECOVERY_OPENERS) &&
        (stopAtGrant || !this.isWord(token, 'grant', 'revoke'))
      ) {
        break;
      }
      this.next();
    }
    node.end = Math.max(node.end, this.lastEnd);
  }

  /** Skips an ordinary SQL statement. A permission statement opening a line inside it means a `;` is missing. */
  private skipOther(node: Statement): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const token = this.peek()!;
      if (this.acceptTerminator(node)) return;
      if (depth === 0 && token.lineStart && this.pos > 0 && token.start > node.start && this.opensPermissionStatement()) {
        this.reportMissingSemicolon(token);
        node.end = this.lastEnd;
        return;
      }
      if (this.isPunct(token, '(')) depth++;
      else if (this.isPunct(token, ')')) depth = Math.max(0, depth - 1);
      this.next();
    }
    node.end = this.lastEnd;
  }

  private opensPermissionStatement(): boolean {
    return opensPermissionStatement(this.tokens, this.pos);
  }

  /** `GRNAT SELECT …`, `CREATE USR bob …`: a misspelled permission statement would otherwise be skipped as ordinary SQL. */
  private checkMisspelledOpening(first: Token): void {
    if (first.kind !== 'word') return;
    if (!KNOWN_VERBS.has(first.value) && first.value.length >= 4) {
      const match = ['grant', 'revoke'].find((w) => isLikelyTypo(first.value, w));
      if (match) {
        this.errors.push({
          code: 'unknown-statement',
          start: first.start,
          end: first.end,
          message: `Unknown statement ${first.text}: did you mean ${match.toUpperCase()}?`,
          expected: ['GRANT', 'REVOKE', 'CREATE', 'ALTER', 'DROP'],
          suggestions: [{ title: `Change to ${match.toUpperCase()}`, start: first.start, end: first.end, newText: match.toUpperCase() }],
        });
        return;
      }
    }
    const second = this.peek(1);
    const third = this.peek(2);
    if (!this.isWord(first, 'create', 'alter', 'drop') || second?.kind !== 'word' || KNOWN_OBJECT_WORDS.has(second.value)) return;
    if (!(third && (third.kind === 'word' || third.kind === 'quoted'))) return;
    const intended = ['user', 'group', 'role'].find((w) => second.value !== w && editDistance(second.value, w, 1) <= 1);
    if (!intended) return;
    this.errors.push({
      code: 'unknown-statement',
      start: second.start,
      end: second.end,
      message: `Unknown statement ${first.text.toUpperCase()} ${second.text}: did you mean ${first.text.toUpperCase()} ${intended.toUpperCase()}?`,
      expected: [intended.toUpperCase()],
      suggestions: [{ title: `Change to ${intended.toUpperCase()}`, start: second.start, end: second.end, newText: intended.toUpperCase() }],
    });
  }

  // -------------------------------------------------------------------------------------------
  // Names

  private canBeName(token: Token | undefined): token is NameToken {
    if (!token) return false;
    if (token.kind === 'quoted' || token.kind === 'variable') return true;
    if (token.kind !== 'word') return false;
    if (NOT_A_NAME.has(token.value)) return false;
    // A statement keyword opening a line is the next statement, not a name.
    return !(token.lineStart && STATEMENT_OPENERS.has(token.value));
  }

  private identifier(role: NameRole, what = nameDescription(role)): Identifier {
    const token = this.peek();
    if (!this.canBeName(token)) {
      this.note(what);
      this.fail();
    }
    this.next();
    const id: Identifier = { start: token.start, end: token.end, text: token.text, value: token.value, quoted: token.kind === 'quoted' };
    if (token.kind === 'variable') id.variable = true;
    const glued = this.peek();
    if (token.kind === 'word' && glued?.kind === 'variable' && glued.start === token.end && /^:[A-Za-z_]\w*$/.test(glued.text)) {
      // `sys:dba`, `IAMR:alice`: a prefixed name, not a psql variable.
      this.next();
      id.end = glued.end;
      id.text = this.text.slice(id.start, id.end);
      id.value = id.text.toLowerCase();
    }
    this.names.push({ id, role });
    return id;
  }

  private identifierList(role: NameRole): Identifier[] {
    const list = [this.identifier(role)];
    while (this.acceptPunct(',')) list.push(this.identifier(role));
    return list;
  }

  /** `a`, `a.b`, `a.b.c`; the last part has `role`, the ones before are schema and database. */
  private qualifiedName(role: NameRole): QualifiedName {
    const parts: Identifier[] = [];
    const first = this.peek();
    if (!this.canBeName(first)) {
      this.note(nameDescription(role));
      this.fail();
    }
    const refsBefore = this.names.length;
    parts.push(this.identifier(role));
    while (this.isPunct(this.peek(), '.') && parts.length < 3) {
      this.next();
      parts.push(this.identifier(role));
    }
    // Re-label the qualifiers now that the number of parts is known.
    const qualifierRoles: NameRole[] = parts.length === 3 ? ['database', 'schema'] : parts.length === 2 ? ['schema'] : [];
    qualifierRoles.forEach((r, i) => {
      const ref = this.names[refsBefore + i];
      if (ref) ref.role = r;
    });
    return { start: parts[0]!.start, end: parts[parts.length - 1]!.end, parts };
  }

  private stringLiteral(): StringLiteral {
    const token = this.peek();
    this.note('<string>');
    if (!token || token.kind !== 'string') this.fail();
    this.next();
    return { start: token.start, end: token.end, value: token.value };
  }

  // -------------------------------------------------------------------------------------------
  // GRANT / REVOKE

  private parseGrantBody(node: GrantStatement): void {
    this.next(); // GRANT | REVOKE
    const isGrant = node.kind === 'grant';
    if (!isGrant) this.parseRevokeOptionFor(node);
    const adp = node.defaultPrivileges;
    if (!adp && this.peekKw('role')) {
      this.parseRoleGrant(node);
    } else if (!adp && this.peekKw('assumerole')) {
      this.parseAssumeRole(node);
    } else {
      node.privileges = this.privilegeList();
      node.target = this.grantTarget(node);
      this.expectKw(isGrant ? 'to' : 'from');
      node.grantees = this.granteeList();
    }
    if (!isGrant && !this.acceptKw('restrict')) this.acceptKw('cascade');
    this.endStatement(node);
    if (adp) adp.end = node.end;
  }

  private parseRevokeOptionFor(node: GrantStatement): void {
    const first = this.peek();
    if (this.isWord(first, 'grant', 'admin') && this.isWord(this.peek(1), 'option') && this.isWord(this.peek(2), 'for')) {
      this.pos += 3;
      const optionFor = { start: first.start, end: this.lastEnd };
      if (first.value === 'grant') node.grantOptionFor = optionFor;
      else node.adminOptionFor = optionFor;
    } else {
      this.note('GRANT OPTION FOR');
    }
  }

  private parseRoleGrant(node: GrantStatement): void {
    const start = this.peek()!.start;
    const roles: Identifier[] = [];
    do {
      this.expectKw('role');
      roles.push(this.identifier('role'));
    } while (this.acceptPunct(','));
    node.target = { type: 'roles', start, end: this.lastEnd, roles };
    this.expectKw(node.kind === 'grant' ? 'to' : 'from');
    node.grantees = this.granteeList();
  }

  private parseAssumeRole(node: GrantStatement): void {
    const keyword = this.next();
    node.privileges = [{ start: keyword.start, end: keyword.end, name: 'ASSUMEROLE', category: 'object' }];
    this.expectKw('on');
    const start = this.peek()?.start ?? this.lastEnd;
    const target: AssumeRoleTarget = { type: 'assumerole', start, end: start, roles: [], forCommands: [] };
    if (this.peekKw('default') || this.peekKw('all')) {
      target.keyword = this.next().value as 'default' | 'all';
    } else {
      do target.roles.push(this.stringLiteral());
      while (this.acceptPunct(','));
    }
    target.end = this.lastEnd;
    node.target = target;
    this.expectKw(node.kind === 'grant' ? 'to' : 'from');
    node.grantees = this.granteeList();
    this.expectKw('for');
    do {
      const word = this.peek();
      if (this.acceptKw('all') || this.acceptKw('copy') || this.acceptKw('unload')) target.forCommands.push(word!.value.toUpperCase());
      else if (this.acceptKw('external')) {
        this.expectKw('function');
        target.forCommands.push('EXTERNAL FUNCTION');
      } else if (this.acceptKw('create')) {
        this.expectKw('model');
        target.forCommands.push('CREATE MODEL');
      } else this.fail();
    } while (this.acceptPunct(','));
  }

  private privilegeList(): Privilege[] {
    const list = [this.privilege()];
    while (this.acceptPunct(',')) list.push(this.privilege());
    return list;
  }

  private privilege(): Privilege {
    const words: Token[] = [];
    for (let k = 0; k < 6; k++) {
      const token = this.peek(k);
      if (!this.isWord(token) || ['on', 'to', 'from', 'for'].includes(token.value)) break;
      words.push(token);
    }
    if (words.length === 0) {
      this.note('<privilege>');
      for (const name of OBJECT_PRIVILEGES) this.note(name);
      this.fail();
    }
    const values = words.map((w) => w.value);
    const phrase = PRIVILEGE_PHRASES.find((p) => p.words.length <= values.length && p.words.every((w, i) => values[i] === w));
    let length: number;
    let name: string;
    let category: Privilege['category'];
    if (phrase) {
      length = phrase.words.length;
      name = phrase.name;
      category = phrase.category;
    } else if (words.length >= 2 && SYSTEM_PERMISSION_VERBS.has(values[0]!) && this.isWord(this.peek(words.length), 'to', 'from')) {
      // A newer system permission we do not list: accept it rather than risk a false error.
      length = words.length;
      name = values.join(' ').toUpperCase();
      category = 'system';
    } else {
      this.failUnknownPrivilege(words[0]!);
    }
    const first = words[0]!;
    this.pos += length;
    const privilege: Privilege = { start: first.start, end: this.lastEnd, name, category };
    if (length < words.length) {
      // `GRANT SELECT t TO …`: a word where ON, a comma or a column list belongs.
      this.note('ON');
      this.note(',');
      this.note('(');
      this.fail();
    }
    if (this.isPunct(this.peek(), '(')) {
      this.next();
      privilege.columns = this.identifierList('column');
      this.expectPunct(')');
      privilege.end = this.lastEnd;
    }
    return privilege;
  }

  private failUnknownPrivilege(word: Token): never {
    const candidates = [...OBJECT_PRIVILEGES.filter((p) => p !== 'ALL'), 'TEMP', 'ASSUMEROLE'];
    const matches = closestMatches(word.value, candidates, 3);
    const suggestions: SuggestedEdit[] = matches.map((m) => ({ title: `Change to ${m}`, start: word.start, end: word.end, newText: m }));
    const followedByTo = this.isWord(this.peek(1), 'to', 'from');
    let message = `Unknown privilege ${word.text}`;
    if (matches.length > 0) message += `: did you mean ${matches.join(' or ')}?`;
    else if (followedByTo) {
      message += `. To grant a role write GRANT ROLE ${word.text} TO …; to add a user to a group use ALTER GROUP … ADD USER.`;
      suggestions.push({ title: `Insert ROLE (grant the role ${word.text})`, start: word.start, end: word.start, newText: 'ROLE ' });
    } else message += `: expected one of ${formatExpected([...OBJECT_PRIVILEGES])}.`;
    this.fail({ code: 'unknown-privilege', message, expected: [...OBJECT_PRIVILEGES, 'ROLE', 'ASSUMEROLE'], suggestions });
  }

  private grantTarget(node: GrantStatement): GrantTarget {
    const adp = node.defaultPrivileges;
    if (this.acceptKw('on')) return adp ? this.defaultObjectsTarget() : this.objectTarget();
    if (!adp && this.peekKw('for')) return this.scopedTarget();
    const here = this.peek();
    // `GRANT ALL [PRIVILEGES] TO ROLE r`: without ON, ALL is every system permission (r_GRANT.html, system permissions).
    const allSystem = node.privileges.length === 1 && node.privileges[0]!.name === 'ALL' && !node.privileges[0]!.columns;
    const withoutOn = allSystem || node.privileges.every((p) => p.category === 'system');
    if (withoutOn && this.isWord(here, 'to', 'from')) {
      if (allSystem) node.privileges[0]!.category = 'system';
      return { type: 'none', start: here.start, end: here.start };
    }
    if (!withoutOn) this.note(node.privileges.length > 0 ? 'ON' : '<privilege>');
    this.fail();
  }

  private objectTarget(): ObjectTarget {
    const first = this.peek();
    const start = first?.start ?? this.lastEnd;
    const make = (kind: ObjectKind, keywordEnd: number, keywordText: string, objects: QualifiedName[]): ObjectTarget => ({
      type: 'object',
      kind,
      start,
      end: this.lastEnd,
      keyword: { start, end: keywordEnd },
      keywordText,
      objects,
    });
    for (const word of ['table', 'all', 'database', 'schema', 'function', 'procedure', 'language', 'datashare', 'model', 'copy', 'external']) {
      this.note(word.toUpperCase());
    }
    if (this.isWord(first, 'all')) {
      this.next();
      const what = this.peek();
      if (this.isWord(what, 'tables', 'functions', 'procedures', 'sequences', 'routines')) {
        this.next();
        this.expectKw('in');
        this.expectKw('schema');
        const keywordEnd = this.lastEnd;
        const keywordText = `ALL ${what.value.toUpperCase()} IN SCHEMA`;
        const schemas = this.identifierList('schema').map(toQualified);
        return make(ALL_KINDS[what.value] ?? 'postgres-only', keywordEnd, keywordText, schemas);
      }
      for (const w of ['TABLES', 'FUNCTIONS', 'PROCEDURES']) this.note(w);
      this.fail();
    }
    if (this.isWord(first, 'function', 'procedure')) {
      this.next();
      const keywordEnd = this.lastEnd;
      const objects: QualifiedName[] = [];
      const signatures: string[] = [];
      do {
        objects.push(this.qualifiedName(first.value as NameRole));
        signatures.push(this.signature());
      } while (this.acceptPunct(','));
      const target = make(first.value as ObjectKind, keywordEnd, first.value.toUpperCase(), objects);
      target.signatures = signatures;
      return target;
    }
    if (this.isWord(first, 'copy') && this.isWord(this.peek(1), 'job')) {
      this.pos += 2;
      const keywordEnd = this.lastEnd;
      return make('copy-job', keywordEnd, 'COPY JOB', this.qualifiedList('copy-job'));
    }
    if (this.isWord(first, 'external') && this.isWord(this.peek(1), 'table', 'schema')) {
      const which = this.peek(1)!.value;
      this.pos += 2;
      const keywordEnd = this.lastEnd;
      return make(which === 'table' ? 'external-table' : 'external-schema', keywordEnd, `EXTERNAL ${which.toUpperCase()}`, this.qualifiedList(which === 'table' ? 'table' : 'schema'));
    }
    if (first && first.kind === 'word' && SINGLE_KINDS[first.value] && !this.isPunct(this.peek(1), '.')) {
      // `ON TABLE TO u`: the keyword is there, the name is missing (reported by qualifiedList).
      const { kind, role } = SINGLE_KINDS[first.value]!;
      this.next();
      const keywordEnd = this.lastEnd;
      return make(kind, keywordEnd, first.value.toUpperCase(), this.qualifiedList(role));
    }
    if (first && first.kind === 'word' && POSTGRES_ONLY_TARGETS[first.value]) {
      const words = POSTGRES_ONLY_TARGETS[first.value]!;
      for (let k = 0; k < words.length; k++) this.next();
      const keywordEnd = this.lastEnd;
      // PostgreSQL object names: skipped up to TO/FROM, the postgres-only rule reports the form.
      while (this.pos < this.tokens.length && !this.isWord(this.peek(), 'to', 'from') && !this.isPunct(this.peek(), ';')) this.next();
      return make('postgres-only', keywordEnd, this.text.slice(start, keywordEnd).toUpperCase().replace(/\s+/g, ' '), []);
    }
    // Bare table names: `GRANT SELECT ON sales.orders TO …`.
    const objects = this.qualifiedList('table');
    const target = make('table', start, '', objects);
    target.keyword = { start, end: start };
    return target;
  }

  private qualifiedList(role: NameRole): QualifiedName[] {
    const list = [this.qualifiedName(role)];
    while (this.acceptPunct(',')) list.push(this.qualifiedName(role));
    return list;
  }

  /** `( arg types )` of a function or procedure: kept as text. */
  private signature(): string {
    if (!this.isPunct(this.peek(), '(')) {
      this.note('(');
      this.fail();
    }
    const open = this.next();
    let depth = 1;
    while (this.pos < this.tokens.length && depth > 0) {
      const token = this.next();
      if (this.isPunct(token, '(')) depth++;
      else if (this.isPunct(token, ')')) depth--;
      else if (this.isPunct(token, ';')) {
        this.pos--;
        break;
      }
    }
    if (depth > 0) {
      this.note(')');
      this.fail();
    }
    return this.text.slice(open.end, this.lastEnd - 1).trim();
  }

  private scopedTarget(): ScopedTarget {
    const forToken = this.expectKw('for');
    const what = this.peek();
    let scope: ScopeKind | undefined;
    if (this.isWord(what, 'copy') && this.isWord(this.peek(1), 'jobs')) {
      this.pos += 2;
      scope = 'copy-jobs';
    } else if (what && what.kind === 'word' && SCOPES[what.value]) {
      this.next();
      scope = SCOPES[what.value];
    }
    if (!scope) {
      for (const w of ['SCHEMAS', 'TABLES', 'FUNCTIONS', 'PROCEDURES', 'LANGUAGES', 'COPY JOBS']) this.note(w);
      this.fail();
    }
    this.expectKw('in');
    const target: ScopedTarget = { type: 'scoped', scope, start: forToken.start, end: forToken.end };
    if (this.acceptKw('schema')) {
      target.schema = this.identifier('schema');
      if (this.acceptKw('database')) target.database = this.identifier('database');
    } else if (this.acceptKw('database')) {
      target.database = this.identifier('database');
    } else this.fail();
    target.end = this.lastEnd;
    return target;
  }

  private defaultObjectsTarget(): DefaultObjectsTarget {
    const token = this.peek();
    for (const w of ['TABLES', 'FUNCTIONS', 'PROCEDURES']) this.note(w);
    if (!this.isWord(token, ...DEFAULT_OBJECTS)) this.fail();
    this.next();
    return { type: 'defaults', objects: token.value as DefaultObjectsTarget['objects'], start: token.start, end: token.end, keyword: span(token) };
  }

  private granteeList(): Grantee[] {
    const list: Grantee[] = [];
    do {
      const previous = list[list.length - 1];
      // `TO RLS POLICY p1, p2`: the documented list repeats only the policy name (r_GRANT.html).
      const grantee =
        (previous?.kind === 'rls-policy' || previous?.kind === 'masking-policy') && !this.isWord(this.peek(), 'rls', 'masking')
          ? this.policyNameGrantee(previous.kind)
          : this.grantee();
      this.granteeOptions(grantee);
      list.push(grantee);
    } while (this.acceptPunct(','));
    return list;
  }

  private grantee(): Grantee {
    const token = this.peek();
    const next = this.peek(1);
    for (const w of ['GROUP', 'ROLE', 'PUBLIC']) this.note(w);
    if (this.isWord(token, 'group', 'role') && (this.canBeName(next) || !this.isWord(next, 'with'))) {
      // `TO ROLE;` / `TO GROUP,`: the keyword without its name, not a user named ROLE.
      this.next();
      const name = this.identifier(token.value as 'group' | 'role');
      return { kind: token.value as 'group' | 'role', start: token.start, end: name.end, name, keyword: span(token) };
    }
    if (this.isWord(token, 'rls', 'masking') && this.isWord(next, 'policy')) {
      // GRANT SELECT ON t TO RLS POLICY p / MASKING POLICY p: lookup tables read by a policy.
      this.pos += 2;
      const name = this.identifier('policy', '<policy name>');
      const kind = token.value === 'rls' ? 'rls-policy' : 'masking-policy';
      return { kind, start: token.start, end: name.end, name, keyword: { start: token.start, end: next.end } };
    }
    if (this.isWord(token, 'public')) {
      this.next();
      return { kind: 'public', start: token.start, end: token.end };
    }
    if (this.isWord(token, 'namespace', 'account') && next?.kind === 'string') {
      this.next();
      const value = this.stringLiteral();
      const grantee: Grantee = { kind: token.value as 'namespace' | 'account', start: token.start, end: value.end, value, keyword: span(token) };
      if (this.acceptKw('via')) {
        this.expectKw('data');
        this.expectKw('catalog');
        grantee.end = this.lastEnd;
      }
      return grantee;
    }
    if (this.isWord(token, 'iam_role')) {
      this.next();
      const valueToken = this.peek();
      let value: StringLiteral;
      if (this.isWord(valueToken, 'default', 'all')) {
        this.next();
        value = { start: valueToken.start, end: valueToken.end, value: valueToken.value };
      } else value = this.stringLiteral();
      return { kind: 'iam-role', start: token.start, end: value.end, value, keyword: span(token) };
    }
    const name = this.identifier('user', '<user>');
    return { kind: 'user', start: name.start, end: name.end, name };
  }

  private policyNameGrantee(kind: 'rls-policy' | 'masking-policy'): Grantee {
    const name = this.identifier('policy', '<policy name>');
    return { kind, start: name.start, end: name.end, name };
  }

  /** `WITH GRANT OPTION` / `WITH ADMIN OPTION` after a grantee. */
  private granteeOptions(grantee: Grantee): void {
    if (!this.peekKw('with')) return;
    const withToken = this.next();
    if (this.acceptKw('grant')) {
      this.expectKw('option');
      grantee.withGrantOption = { start: withToken.start, end: this.lastEnd };
    } else if (this.acceptKw('admin')) {
      this.expectKw('option');
      grantee.withAdminOption = { start: withToken.start, end: this.lastEnd };
    } else this.fail();
  }

  // -------------------------------------------------------------------------------------------
  // ALTER DEFAULT PRIVILEGES

  private parseAlterDefaultPrivileges(node: AlterDefaultPrivilegesStatement): void {
    this.pos += 3; // ALTER DEFAULT PRIVILEGES
    for (let clause = 0; clause < 2; clause++) {
      if (this.peekKw('for')) {
        this.next();
        const which = this.peek();
        if (!this.isWord(which, 'user', 'role')) {
          this.note('USER');
          this.fail();
        }
        this.next();
        node.forKeyword = { start: which.start, end: which.end, word: which.value as 'user' | 'role' };
        node.forUsers = this.identifierList('user');
      } else if (this.peekKw('in')) {
        this.next();
        this.expectKw('schema');
        node.inSchemas = this.identifierList('schema');
      }
    }
    const verb = this.peek();
    this.note('GRANT');
    this.note('REVOKE');
    if (!this.isWord(verb, 'grant', 'revoke')) this.fail();
    const action = this.newGrant(verb.value as 'grant' | 'revoke', verb);
    action.defaultPrivileges = node;
    node.action = action;
    this.parseGrantBody(action);
    node.end = action.end;
    node.terminated = action.terminated;
  }

  // -------------------------------------------------------------------------------------------
  // Users, roles, groups

  private parseUser(node: CreateUserStatement | AlterUserStatement): void {
    this.pos += 2; // CREATE USER | ALTER USER
    node.name = this.identifier('user', '<user name>');
    this.acceptKw('with');
    const words = node.kind === 'alter-user' ? [...USER_OPTION_WORDS, ...ALTER_ONLY_OPTION_WORDS] : USER_OPTION_WORDS;
    for (let guard = 0; guard < 1000; guard++) {
      let matched = false;
      for (const w of words) {
        if (this.peekKw(w)) {
          matched = true;
          break;
        }
      }
      if (!matched) break;
      if (this.peekKw('password')) node.password = this.password();
      else node.options.push(this.userOption());
    }
    if (node.kind === 'create-user' && !node.password) {
      const here = this.peek();
      if (here === undefined || this.isPunct(here, ';') || (here.kind === 'word' && STATEMENT_OPENERS.has(here.value))) {
        this.errors.push({
          code: 'unexpected-token',
          start: node.name.start,
          end: node.name.end,
          message: "CREATE USER needs a PASSWORD: a quoted password, an md5/sha256 hash, or PASSWORD DISABLE for IAM-authenticated users.",
          expected: ['PASSWORD'],
        });
        node.hasError = true;
      }
    }
    this.endStatement(node);
  }

  private password(): PasswordSpec {
    const keyword = this.next();
    const value = this.peek();
    const base = { start: keyword.start, keyword: span(keyword) };
    if (value?.kind === 'string') {
      this.next();
      return { ...base, end: value.end, kind: 'literal', literal: { start: value.start, end: value.end, value: value.value } };
    }
    if (value?.kind === 'variable') {
      this.next();
      return { ...base, end: value.end, kind: 'variable' };
    }
    if (this.peekKw('disable')) {
      this.next();
      return { ...base, end: value!.end, kind: 'disable' };
    }
    this.note("'<password>'");
    if (value && (value.kind === 'word' || value.kind === 'number' || value.kind === 'quoted')) this.failUnquotedPassword(value);
    this.fail();
  }

  /** `PASSWORD Secret123` or `PASSWORD "Secret123"`: Redshift wants a single-quoted string. */
  private failUnquotedPassword(first: Token): never {
    let last = first;
    if (first.kind !== 'quoted') {
      // The unquoted password may run over several tokens (`Abc123!x`): take every token glued to the first.
      for (let k = 1; ; k++) {
        const token = this.peek(k);
        if (!token || token.start !== last.end || this.isPunct(token, ';') || this.isPunct(token, ',')) break;
        last = token;
      }
    }
    const content = first.kind === 'quoted' ? first.value : this.text.slice(first.start, last.end);
    const quoted = `'${content.replace(/'/g, "''")}'`;
    this.fail({
      code: 'unquoted-password',
      message: 'The password must be a single-quoted string literal (or DISABLE).',
      expected: ["'<password>'", 'DISABLE'],
      suggestions: [{ title: 'Put the password in single quotes', start: first.start, end: last.end, newText: quoted }],
    });
  }

  private userOption(): UserOption {
    const token = this.next();
    const option = (name: UserOption['name'], extra: Partial<UserOption> = {}): UserOption => ({ name, start: token.start, end: this.lastEnd, ...extra });
    switch (token.value) {
      case 'createdb':
      case 'nocreatedb':
      case 'createuser':
      case 'nocreateuser':
        return option(token.value.toUpperCase() as UserOption['name']);
      case 'syslog': {
        this.expectKw('access');
        if (this.acceptKw('restricted')) return option('SYSLOG ACCESS RESTRICTED');
        this.expectKw('unrestricted');
        return option('SYSLOG ACCESS UNRESTRICTED');
      }
      case 'in': {
        this.expectKw('group');
        const groups = this.identifierList('group');
        return option('IN GROUP', { groups });
      }
      case 'valid': {
        this.expectKw('until');
        const value = this.peekKw('infinity') ? this.next().value : this.stringLiteral().value;
        return option('VALID UNTIL', { value });
      }
      case 'connection': {
        this.expectKw('limit');
        return option('CONNECTION LIMIT', { value: this.numberOr('unlimited') });
      }
      case 'session': {
        this.expectKw('timeout');
        return option('SESSION TIMEOUT', { value: this.numberOr() });
      }
      case 'externalid': {
        const value = this.peek();
        if (!value || !(value.kind === 'word' || value.kind === 'string' || value.kind === 'quoted' || value.kind === 'number')) {
          this.note('<external id>');
          this.fail();
        }
        this.next();
        return option('EXTERNALID', { value: value.value });
      }
      case 'rename': {
        this.expectKw('to');
        const newName = this.identifier('user', '<new user name>');
        return option('RENAME TO', { newName });
      }
      case 'set': {
        const parameter = this.identifier('object', '<parameter>').value;
        if (!this.acceptKw('to')) this.expectPunct('=');
        this.settingValue();
        return option('SET', { value: parameter });
      }
      case 'reset': {
        if (this.isWord(this.peek(), 'session') && this.isWord(this.peek(1), 'timeout')) {
          this.pos += 2;
          return option('RESET SESSION TIMEOUT');
        }
        return option('RESET', { value: this.identifier('object', '<parameter>').value });
      }
      default:
        this.pos--;
        this.fail();
    }
  }

  private numberOr(word?: string): string {
    const token = this.peek();
    if (token?.kind === 'number') return this.next().value;
    if (word && this.acceptKw(word)) return word;
    this.note('<number>');
    this.fail();
  }

  /** `SET parameter TO value[, value…]` — values are words, strings or numbers. */
  private settingValue(): void {
    do {
      const token = this.peek();
      if (!token || !(token.kind === 'word' || token.kind === 'string' || token.kind === 'number' || token.kind === 'quoted')) {
        this.note('<value>');
        this.fail();
      }
      this.next();
    } while (this.acceptPunct(','));
  }

  private parseCreateRole(node: CreateRoleStatement): void {
    this.pos += 2;
    node.name = this.identifier('role', '<role name>');
    if (this.acceptKw('externalid')) {
      const value = this.peek();
      if (!value || value.kind === 'punct') this.fail();
      this.next();
    }
    this.endStatement(node);
  }

  private parseCreateGroup(node: CreateGroupStatement): void {
    this.pos += 2;
    node.name = this.identifier('group', '<group name>');
    const withToken = this.acceptKw('with');
    if (this.acceptKw('user')) node.users = this.identifierList('user');
    else if (withToken) this.fail();
    this.endStatement(node);
  }

  private parseAlterGroup(node: AlterGroupStatement): void {
    this.pos += 2;
    node.name = this.identifier('group', '<group name>');
    if (this.acceptKw('add')) node.action = 'add';
    else if (this.acceptKw('drop')) node.action = 'drop';
    else if (this.acceptKw('rename')) {
      node.action = 'rename';
      this.expectKw('to');
      node.newName = this.identifier('group', '<new group name>');
      this.endStatement(node);
      return;
    } else this.fail();
    this.expectKw('user');
    node.users = this.identifierList('user');
    this.endStatement(node);
  }

  private parseDrop(node: DropStatement): void {
    this.pos += 2;
    const role = node.kind.slice('drop-'.length) as NameRole;
    if (this.acceptKw('if')) this.expectKw('exists');
    node.names = this.identifierList(role);
    if (node.kind === 'drop-role' && !this.acceptKw('force')) this.acceptKw('restrict');
    this.endStatement(node);
  }

  // -------------------------------------------------------------------------------------------
  // ALTER ROLE, policies, datashares, ownership

  /** `ALTER ROLE r [WITH] { RENAME TO r2 | OWNER TO u } [, …] [EXTERNALID TO id]`: r_ALTER_ROLE.html. */
  private parseAlterRole(node: AlterRoleStatement): void {
    this.pos += 2;
    node.name = this.identifier('role', '<role name>');
    this.acceptKw('with');
    let clauses = 0;
    do {
      if (this.acceptKw('rename')) {
        this.expectKw('to');
        node.newName = this.identifier('role', '<new role name>');
      } else if (this.acceptKw('owner')) {
        this.expectKw('to');
        node.owner = this.identifier('user', '<owner>');
      } else if (clauses > 0) this.fail();
      else break;
      clauses++;
    } while (this.acceptPunct(','));
    if (this.acceptKw('externalid')) {
      this.expectKw('to');
      node.externalId = this.externalIdValue();
    } else if (clauses === 0) this.fail();
    this.endStatement(node);
  }

  /** One option value: a word, string, quoted name or number. */
  private externalIdValue(what = '<external id>'): string {
    const value = this.peek();
    if (!value || !(value.kind === 'word' || value.kind === 'string' || value.kind === 'quoted' || value.kind === 'number')) {
      this.note(what);
      this.fail();
    }
    this.next();
    return value.value;
  }

  /**
   * `CREATE RLS POLICY p [WITH (cols) [[AS] alias]] USING (expr)`, `CREATE MASKING POLICY [IF NOT EXISTS] p WITH (cols)
   * USING (expr)`, `ALTER … POLICY p USING (expr)`, `DROP … POLICY [IF EXISTS] p [CASCADE | RESTRICT]`.
   */
  private parsePolicy(node: PolicyStatement): void {
    this.pos += 2;
    this.expectKw('policy');
    if (node.kind === 'create-policy' && this.acceptKw('if')) {
      this.expectKw('not');
      this.expectKw('exists');
    } else if (node.kind === 'drop-policy' && this.acceptKw('if')) this.expectKw('exists');
    node.name = this.identifier('policy', '<policy name>');
    if (node.kind === 'drop-policy') {
      if (!this.acceptKw('cascade')) this.acceptKw('restrict');
      this.endStatement(node);
      return;
    }
    if (node.kind === 'create-policy') {
      const withClause = node.policy === 'masking' ? this.expectKw('with') : this.acceptKw('with');
      if (withClause) {
        this.signature();
        if (node.policy === 'rls') {
          const as = this.acceptKw('as');
          if (as || (this.canBeName(this.peek()) && !this.isWord(this.peek(), 'using'))) this.aliasName();
        }
      }
    }
    this.expectKw('using');
    this.signature();
    this.endStatement(node);
  }

  /** A table alias: a name that is not recorded as a reference to anything. */
  private aliasName(): void {
    const token = this.peek();
    if (!this.canBeName(token)) {
      this.note('<alias>');
      this.fail();
    }
    this.next();
  }

  /** ATTACH/DETACH RLS POLICY and MASKING POLICY: r_ATTACH_RLS_POLICY.html, r_ATTACH_MASKING_POLICY.html and the DETACH pages. */
  private parseAttachPolicy(node: AttachPolicyStatement): void {
    this.pos += 2;
    this.expectKw('policy');
    node.name = this.qualifiedName('policy');
    this.expectKw('on');
    this.acceptKw('table');
    if (node.policy === 'rls') node.tables = this.qualifiedList('table');
    else {
      node.tables = [this.qualifiedName('table')];
      this.expectPunct('(');
      node.columns = [this.qualifiedName('column')];
      while (this.acceptPunct(',')) node.columns.push(this.qualifiedName('column'));
      this.expectPunct(')');
      if (this.acceptKw('using')) this.signature();
    }
    this.expectKw(node.kind === 'attach-policy' ? 'to' : 'from');
    do node.grantees.push(this.policyGrantee());
    while (this.acceptPunct(','));
    if (node.kind === 'attach-policy' && node.policy === 'masking' && this.acceptKw('priority')) this.numberOr();
    this.endStatement(node);
  }

  /** Policies apply to `user | ROLE r | PUBLIC`: no groups. */
  private policyGrantee(): Grantee {
    if (this.isWord(this.peek(), 'group')) {
      this.fail({ message: 'A policy is attached to users, roles or PUBLIC, not to a group.', expected: ['<user>', 'ROLE', 'PUBLIC'] });
    }
    return this.grantee();
  }

  /** CREATE / ALTER / DROP DATASHARE: r_CREATE_DATASHARE.html, r_ALTER_DATASHARE.html, r_DROP_DATASHARE.html. */
  private parseDatashare(node: DatashareStatement): void {
    this.pos += 2;
    node.name = this.identifier('datashare', '<datashare name>');
    if (node.kind === 'create-datashare') {
      while (this.peek() && !this.isPunct(this.peek(), ';') && !this.atNextStatement()) {
        this.acceptKw('set');
        this.optionWord(DATASHARE_OPTIONS);
        this.acceptPunct('=');
        this.externalIdValue('<value>');
        this.acceptPunct(',');
      }
    } else if (node.kind === 'alter-datashare') {
      if (this.acceptKw('add')) node.action = 'add';
      else if (this.acceptKw('remove')) node.action = 'remove';
      else if (this.acceptKw('set')) node.action = 'set';
      else this.failClause(['add', 'remove', 'set']);
      if (node.action === 'set') {
        const option = this.optionWord(['publicaccessible', 'includenew']);
        this.acceptPunct('=');
        if (!this.acceptKw('true')) this.expectKw('false');
        if (option === 'includenew') {
          this.expectKw('for');
          this.expectKw('schema');
          this.identifier('schema');
        }
      } else node.objects = this.objectTarget();
    }
    this.endStatement(node);
  }

  /** A statement opening a line: where an unterminated option list stops. */
  private atNextStatement(): boolean {
    const token = this.peek();
    return token !== undefined && token.lineStart && token.kind === 'word' && STATEMENT_OPENERS.has(token.value);
  }

  /** One of `words` (returned lower case), or an error with a did-you-mean for a near miss. */
  private optionWord(words: string[]): string {
    for (const w of words) if (this.peekKw(w)) return this.next().value;
    this.failClause(words);
  }

  /** An unexpected word where one of `clauses` belongs: a did-you-mean when it is one typo away from one of them. */
  private failClause(clauses: string[]): never {
    for (const c of clauses) this.note(c.toUpperCase());
    const token = this.peek();
    if (token?.kind === 'word') {
      const match = clauses.find((c) => isLikelyTypo(token.value, c));
      if (match) {
        this.fail({
          code: 'unknown-statement',
          message: `Unexpected ${token.text}: did you mean ${match.toUpperCase()}?`,
          suggestions: [{ title: `Change to ${match.toUpperCase()}`, start: token.start, end: token.end, newText: match.toUpperCase() }],
        });
      }
    }
    this.fail();
  }

  /** ALTER TABLE|VIEW|SCHEMA|DATABASE|FUNCTION|PROCEDURE: OWNER TO and RENAME TO are checked, other ALTER TABLE clauses skipped. */
  private parseAlterObject(node: AlterObjectStatement): void {
    this.pos += 2;
    const role = ALTERED_OBJECTS[node.objectKind]!.role;
    const kind = node.objectKind;
    node.name = kind === 'schema' || kind === 'database' ? toQualified(this.identifier(role)) : this.qualifiedName(role);
    if ((kind === 'function' || kind === 'procedure') && this.isPunct(this.peek(), '(')) node.signature = this.signature();
    const word = this.peek();
    if (this.acceptKw('owner')) {
      node.action = 'owner';
      this.expectKw('to');
      if (!this.acceptKw('current_user') && !this.acceptKw('session_user')) node.owner = this.identifier('user', '<owner>');
      this.endStatement(node);
      return;
    }
    if (kind === 'table' || kind === 'view') {
      // ADD/DROP COLUMN, RENAME, ALTER DISTKEY, APPEND…: ordinary DDL. A near miss of OWNER TO is reported.
      if (word?.kind === 'word' && isLikelyTypo(word.value, 'owner') && this.isWord(this.peek(1), 'to')) this.failClause(['owner']);
      node.action = 'other';
      this.skipOther(node);
      return;
    }
    if (this.acceptKw('rename')) {
      node.action = 'rename';
      this.expectKw('to');
      node.newName = this.identifier(role, `<new ${role} name>`);
    } else if (kind === 'schema' && this.acceptKw('quota')) {
      node.action = 'quota';
      if (!this.acceptKw('unlimited')) {
        this.numberOr();
        if (!this.acceptKw('mb') && !this.acceptKw('gb')) this.acceptKw('tb');
      }
    } else if (kind === 'database' && this.acceptKw('connection')) {
      node.action = 'connection-limit';
      this.expectKw('limit');
      this.numberOr('unlimited');
    } else if (kind === 'database' && this.acceptKw('collate')) {
      node.action = 'collate';
      if (!this.acceptKw('case_sensitive')) this.expectKw('case_insensitive');
    } else if (kind === 'database' && this.acceptKw('isolation')) {
      node.action = 'isolation-level';
    } else if (kind === 'database' && !(word?.kind === 'word' && DATABASE_CLAUSES.some((c) => isLikelyTypo(word.value, c)))) {
      // Newer ALTER DATABASE clauses (integrations, data sharing settings…): not permission statements, skipped quietly.
      node.action = 'other';
      this.skipOther(node);
      return;
    } else {
      this.failClause(kind === 'schema' ? SCHEMA_CLAUSES : kind === 'database' ? DATABASE_CLAUSES : ['rename', 'owner']);
    }
    if (kind === 'database' && (node.action === 'isolation-level' || this.peekKw('isolation'))) {
      if (node.action !== 'isolation-level') this.next();
      this.expectKw('level');
      if (!this.acceptKw('serializable')) this.expectKw('snapshot');
    }
    this.endStatement(node);
  }

  private parseCreateSchema(node: CreateSchemaStatement): void {
    this.pos += 2;
    if (this.acceptKw('if')) {
      this.expectKw('not');
      this.expectKw('exists');
    }
    if (this.acceptKw('authorization')) {
      node.authorization = this.identifier('user');
    } else if (this.canBeName(this.peek())) {
      node.name = this.identifier('schema');
      if (this.acceptKw('authorization')) node.authorization = this.identifier('user');
    }
    this.skipOther(node);
  }

  private parseCreateDatabase(node: CreateDatabaseStatement): void {
    this.pos += 2;
    if (this.canBeName(this.peek())) node.name = this.identifier('database');
    this.skipOther(node);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function span(token: Token): Span {
  return { start: token.start, end: token.end };
}

function toQualified(id: Identifier): QualifiedName {
  return { start: id.start, end: id.end, parts: [id] };
}

function describeToken(token: Token): string {
  if (token.kind === 'punct') return `"${token.text}"`;
  if (token.kind === 'string') return 'string';
  return token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text;
}

function formatExpected(expected: string[]): string {
  const unique = [...new Set(expected)].map((e) => (/^[^\w<'"]$/.test(e) ? `"${e}"` : e));
  if (unique.length <= 1) return unique.join('');
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function nameDescription(role: NameRole): string {
  return `<${role.replace('-', ' ')} name>`;
}

/** One edit away, or the same letters swapped around (`GRNAT`). */
function isLikelyTypo(word: string, intended: string): boolean {
  if (word === intended) return false;
  if (editDistance(word, intended, 1) <= 1) return true;
  return word.length === intended.length && [...word].sort().join('') === [...intended].sort().join('');
}
