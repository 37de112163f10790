// Unit tests of the Redshift tokenizer, parser (AST shapes and exact ranges), symbol table and password helpers.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { GrantStatement, Statement } from '../../server/src/engine/redshift/ast';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { md5Hex, md5PasswordHash, passwordForm, passwordProblems } from '../../server/src/engine/redshift/password';
import { effectivePrincipals, nameAt, statementAt, symbolsOf } from '../../server/src/engine/redshift/symbols';
import { tokenize } from '../../server/src/engine/redshift/tokenizer';

/** The source text a node covers. */
const at = (text: string, node: { start: number; end: number }): string => text.slice(node.start, node.end);

function only(text: string): Statement {
  const script = parseRedshiftScript(text);
  assert.deepEqual(script.errors.map((e) => e.message), []);
  assert.equal(script.statements.length, 1);
  return script.statements[0]!;
}

function grant(text: string): GrantStatement {
  const statement = only(text);
  assert.ok(statement.kind === 'grant' || statement.kind === 'revoke', statement.kind);
  return statement;
}

describe('tokenizer', () => {
  it('reads identifiers, quoted names, strings with doubled quotes, numbers and punctuation', () => {
    const { tokens } = tokenize(`GRANT "My ""T""" 'it''s' 1.5e3 .5 (x);`);
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.value]),
      [['word', 'grant'], ['quoted', 'My "T"'], ['string', "it's"], ['number', '1.5e3'], ['number', '.5'], ['punct', '('], ['word', 'x'], ['punct', ')'], ['punct', ';']],
    );
  });
  it('keeps comments apart, nested block comments included', () => {
    const text = 'a -- one\n/* two /* three */ still */ b';
    const { tokens, comments } = tokenize(text);
    assert.deepEqual(tokens.map((t) => t.value), ['a', 'b']);
    assert.deepEqual(comments.map((c) => at(text, c)), ['-- one', '/* two /* three */ still */']);
  });
  it('recognises # comments, #temp tables, dollar quoting and client variables', () => {
    const text = "# note\nSELECT * INTO #tmp FROM t; $$ a; b $$ :pw :'pw' ${PW} {{ pw }} x::int";
    const kinds = tokenize(text).tokens.map((t) => `${t.kind}:${t.text}`);
    assert.deepEqual(kinds.slice(0, 1), ['hash-comment:# note']);
    assert.ok(kinds.includes('word:#tmp'));
    assert.ok(kinds.includes('string:$$ a; b $$'));
    for (const v of [':pw', ":'pw'", '${PW}', '{{ pw }}']) assert.ok(kinds.includes(`variable:${v}`), v);
    assert.ok(!kinds.some((k) => k.startsWith('variable:::')), 'a :: cast is not a variable');
  });
  it('marks tokens that start a line, after comments too', () => {
    const { tokens } = tokenize('a b\n  /* c */ d -- e\nf');
    assert.deepEqual(tokens.map((t) => t.lineStart), [true, false, true, true]);
  });
  it('stops an unterminated string at the end of its line', () => {
    const { tokens } = tokenize("'abc\nGRANT");
    assert.equal(tokens[0]!.unterminated, true);
    assert.equal(tokens[1]!.value, 'grant');
  });
});

describe('parser: GRANT and REVOKE', () => {
  it('table privileges with ranges on privileges, objects and grantees', () => {
    const text = 'GRANT SELECT, INSERT ON TABLE sales.orders, "Fin".invoices TO bob WITH GRANT OPTION, GROUP analysts, PUBLIC;';
    const g = grant(text);
    assert.deepEqual(g.privileges.map((p) => [p.name, at(text, p)]), [['SELECT', 'SELECT'], ['INSERT', 'INSERT']]);
    assert.equal(g.target.type, 'object');
    if (g.target.type !== 'object') return;
    assert.equal(g.target.kind, 'table');
    assert.equal(at(text, g.target.keyword), 'TABLE');
    assert.deepEqual(g.target.objects.map((o) => at(text, o)), ['sales.orders', '"Fin".invoices']);
    assert.deepEqual(g.target.objects[1]!.parts.map((p) => p.value), ['Fin', 'invoices']);
    assert.deepEqual(g.grantees.map((x) => [x.kind, at(text, x)]), [['user', 'bob'], ['group', 'GROUP analysts'], ['public', 'PUBLIC']]);
    assert.equal(at(text, g.grantees[0]!.withGrantOption!), 'WITH GRANT OPTION');
    assert.equal(g.terminated, true);
    assert.equal(at(text, g), text);
  });
  it('ALL TABLES IN SCHEMA, ALL PRIVILEGES, TEMP and column lists', () => {
    let g = grant('GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA a, b TO u');
    assert.equal(g.privileges[0]!.name, 'ALL');
    assert.ok(g.target.type === 'object' && g.target.kind === 'all-tables' && g.target.keywordText === 'ALL TABLES IN SCHEMA');
    g = grant('GRANT TEMP ON DATABASE d TO u');
    assert.equal(g.privileges[0]!.name, 'TEMPORARY');
    const text = 'GRANT SELECT (a, "B"), UPDATE (c) ON t TO u';
    g = grant(text);
    assert.deepEqual(g.privileges.map((p) => [at(text, p), p.columns?.map((c) => c.value)]), [['SELECT (a, "B")', ['a', 'B']], ['UPDATE (c)', ['c']]]);
  });
  it('functions and procedures keep their signatures', () => {
    const g = grant('GRANT EXECUTE ON FUNCTION util.f(int, varchar(10)), g() TO u');
    assert.ok(g.target.type === 'object');
    assert.deepEqual(g.target.type === 'object' && g.target.signatures, ['int, varchar(10)', '']);
  });
  it('scoped permissions, system permissions, roles, ASSUMEROLE', () => {
    let g = grant('GRANT SELECT FOR TABLES IN SCHEMA s DATABASE d TO ROLE r');
    assert.ok(g.target.type === 'scoped' && g.target.scope === 'tables' && g.target.schema?.value === 's' && g.target.database?.value === 'd');
    g = grant('GRANT CREATE USER, ACCESS SYSTEM TABLE TO ROLE r');
    assert.deepEqual(g.privileges.map((p) => [p.name, p.category]), [['CREATE USER', 'system'], ['ACCESS SYSTEM TABLE', 'system']]);
    assert.equal(g.target.type, 'none');
    g = grant('GRANT ROLE a, ROLE b TO bob WITH ADMIN OPTION, ROLE c');
    assert.ok(g.target.type === 'roles');
    assert.deepEqual(g.target.type === 'roles' && g.target.roles.map((r) => r.value), ['a', 'b']);
    assert.ok(g.grantees[0]!.withAdminOption);
    g = grant("GRANT ASSUMEROLE ON 'arn:aws:iam::1:role/A', 'arn:aws:iam::1:role/B' TO bob FOR COPY, EXTERNAL FUNCTION");
    assert.ok(g.target.type === 'assumerole');
    assert.deepEqual(g.target.type === 'assumerole' && g.target.forCommands, ['COPY', 'EXTERNAL FUNCTION']);
  });
  it('REVOKE with GRANT OPTION FOR, FROM and CASCADE', () => {
    const text = 'REVOKE GRANT OPTION FOR SELECT ON t FROM u CASCADE;';
    const g = grant(text);
    assert.equal(g.kind, 'revoke');
    assert.equal(at(text, g.grantOptionFor!), 'GRANT OPTION FOR');
    assert.equal(g.grantees[0]!.name!.value, 'u');
  });
  it('PostgreSQL forms parse (for the postgres-only rule) without syntax errors', () => {
    const g = grant('GRANT USAGE ON ALL SEQUENCES IN SCHEMA s TO u');
    assert.ok(g.target.type === 'object' && g.target.kind === 'postgres-only' && g.target.keywordText === 'ALL SEQUENCES IN SCHEMA');
    assert.equal(grant('GRANT CONNECT ON DATABASE d TO u').privileges[0]!.category, 'postgres-only');
  });
});

describe('parser: other statements', () => {
  it('ALTER DEFAULT PRIVILEGES links its action', () => {
    const text = 'ALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA a, b GRANT SELECT ON TABLES TO GROUP g;';
    const s = only(text);
    assert.equal(s.kind, 'alter-default-privileges');
    if (s.kind !== 'alter-default-privileges') return;
    assert.deepEqual(s.forUsers.map((u) => u.value), ['etl']);
    assert.deepEqual(s.inSchemas.map((u) => u.value), ['a', 'b']);
    assert.equal(s.action!.defaultPrivileges, s);
    assert.ok(s.action!.target.type === 'defaults' && s.action!.target.objects === 'tables');
    assert.equal(at(text, s), text);
  });
  it('CREATE USER with options before and after PASSWORD', () => {
    const text = "CREATE USER Admin CREATEUSER PASSWORD 'Abcd1234' IN GROUP g1, g2 VALID UNTIL '2030-01-01' CONNECTION LIMIT UNLIMITED SESSION TIMEOUT 120 SYSLOG ACCESS UNRESTRICTED EXTERNALID 'x';";
    const s = only(text);
    assert.ok(s.kind === 'create-user');
    if (s.kind !== 'create-user') return;
    assert.equal(s.name!.value, 'admin');
    assert.equal(s.password!.kind, 'literal');
    assert.equal(at(text, s.password!.literal!), "'Abcd1234'");
    assert.deepEqual(s.options.map((o) => o.name), ['CREATEUSER', 'IN GROUP', 'VALID UNTIL', 'CONNECTION LIMIT', 'SESSION TIMEOUT', 'SYSLOG ACCESS UNRESTRICTED', 'EXTERNALID']);
    assert.deepEqual(s.options[1]!.groups!.map((g) => g.value), ['g1', 'g2']);
  });
  it('groups, roles, drops, schemas and databases', () => {
    const script = parseRedshiftScript('CREATE GROUP g WITH USER a, b; ALTER GROUP g ADD USER c; CREATE ROLE r; DROP USER IF EXISTS a, b; CREATE SCHEMA IF NOT EXISTS s AUTHORIZATION o; CREATE DATABASE d WITH OWNER o; SELECT 1;');
    assert.deepEqual(script.errors, []);
    assert.deepEqual(script.statements.map((s) => s.kind), ['create-group', 'alter-group', 'create-role', 'drop-user', 'create-schema', 'create-database', 'other']);
  });
  it('records every name with what it names', () => {
    const script = parseRedshiftScript('GRANT SELECT ON db.s.t TO bob, GROUP g;');
    assert.deepEqual(script.names.map((n) => `${n.role}:${n.id.value}`), ['database:db', 'schema:s', 'table:t', 'user:bob', 'group:g']);
  });
});

describe('parser: errors and recovery', () => {
  it('reports the expected tokens', () => {
    const script = parseRedshiftScript('GRANT SELECT ON t;');
    assert.equal(script.errors.length, 1);
    assert.deepEqual(script.errors[0]!.expected, [',', 'TO']);
    assert.equal(script.statements[0]!.hasError, true);
  });
  it('recovers at ; and at a statement opening a line', () => {
    const script = parseRedshiftScript('GRANT BOGUS ON t TO u;\nGRANT SELECT ON\nCREATE USER x PASSWORD DISABLE;\nGRANT USAGE ON SCHEMA s TO x;');
    assert.deepEqual(script.statements.map((s) => `${s.kind}${s.hasError ? '!' : ''}`), ['grant!', 'grant!', 'create-user', 'grant']);
  });
  it('a missing ; between statements keeps both', () => {
    const text = 'GRANT SELECT ON t TO u\nREVOKE SELECT ON t FROM v;';
    const script = parseRedshiftScript(text);
    assert.deepEqual(script.statements.map((s) => [s.kind, s.hasError]), [['grant', false], ['revoke', false]]);
    assert.equal(script.errors[0]!.code, 'missing-semicolon');
    assert.equal(script.errors[0]!.insertSemicolonAt, text.indexOf('\n'));
  });
  it('ordinary SQL is skipped quietly, semicolons in strings and bodies included', () => {
    const script = parseRedshiftScript("SELECT ';' FROM t; CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; INSERT INTO t VALUES (';');");
    assert.deepEqual(script.errors, []);
    assert.deepEqual(script.statements.map((s) => s.kind), ['other', 'other', 'other']);
  });
});

describe('symbol table', () => {
  it('collects users, groups, roles, memberships, superusers and grants per grantee', () => {
    const script = parseRedshiftScript(
      "CREATE USER a PASSWORD DISABLE IN GROUP g; CREATE USER b CREATEUSER PASSWORD DISABLE; CREATE GROUP h WITH USER b; CREATE ROLE r; GRANT ROLE r TO a; GRANT ROLE base TO ROLE r; GRANT SELECT ON t TO a; GRANT USAGE ON SCHEMA s TO GROUP g; GRANT TEMP ON DATABASE d TO a;",
    );
    const symbols = symbolsOf(script);
    assert.deepEqual([...symbols.users.keys()], ['a', 'b']);
    assert.deepEqual([...symbols.groups.keys()], ['h']);
    assert.deepEqual([...symbols.roles.keys()], ['r']);
    assert.deepEqual([...symbols.superusers], ['b']);
    assert.deepEqual([...symbols.schemas.keys()], ['s']);
    assert.deepEqual([...symbols.databases.keys()], ['d']);
    assert.equal(symbols.grants.get('user:a')!.length, 3);
    assert.deepEqual([...effectivePrincipals(symbols, 'user:a')].sort(), ['group:g', 'public', 'role:base', 'role:r', 'user:a']);
    assert.equal(symbolsOf(script), symbols, 'cached per script');
  });
});

describe('position lookups', () => {
  it('finds the statement and the name under an offset', () => {
    const text = 'CREATE USER bob PASSWORD DISABLE;\n\nGRANT SELECT ON sales.orders TO bob;';
    const script = parseRedshiftScript(text);
    assert.equal(statementAt(script, text.indexOf('SELECT'))?.kind, 'grant');
    assert.equal(statementAt(script, text.indexOf(';') + 1)?.kind, 'create-user');
    assert.equal(statementAt(script, text.indexOf('\n\n') + 1), undefined);
    assert.deepEqual([nameAt(script, text.indexOf('sales') + 2)?.role, nameAt(script, text.indexOf('sales') + 2)?.id.value], ['schema', 'sales']);
    assert.equal(nameAt(script, text.lastIndexOf('bob') + 3)?.role, 'user');
    assert.equal(nameAt(script, text.indexOf('GRANT')), undefined);
  });
});

describe('passwords', () => {
  it('md5 matches node:crypto, and the Redshift md5 form is md5(password + user)', () => {
    for (const s of ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(200), 'héllo€😀']) {
      assert.equal(md5Hex(s), createHash('md5').update(s, 'utf8').digest('hex'), s);
    }
    assert.equal(md5PasswordHash('Ez1234567', 'bob'), `md5${createHash('md5').update('Ez1234567bob').digest('hex')}`);
  });
  it('tells hashes, placeholders and clear text apart', () => {
    assert.equal(passwordForm('md5153c434b4b77c89e6b94f12c5393af5b').kind, 'md5-hash');
    assert.equal(passwordForm('sha256|abc|def').kind, 'sha256-hash');
    assert.deepEqual(passwordForm('sha256|Clear1234'), { kind: 'clear', clear: 'Clear1234', offset: 7 });
    assert.equal(passwordForm('${PW}').kind, 'placeholder');
    assert.equal(passwordForm('md5short').kind, 'clear');
  });
  it('applies the clear-text rules', () => {
    assert.deepEqual(passwordProblems('Abcdefg1').errors, []);
    assert.deepEqual(passwordProblems('abc').errors, ['it has 3 characters (at least 8 are required)', 'it has no uppercase letter', 'it has no digit']);
    assert.equal(passwordProblems('Abcdefg1@').hasAt, true);
  });
});
