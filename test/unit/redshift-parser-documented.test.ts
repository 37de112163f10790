// Parser shapes of the documented forms that used to be errors or skipped as ordinary SQL: system ALL, grants to
// RLS/masking policies, Lake Formation column lists, ALTER ROLE, RLS and masking policies, datashares, ownership.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GrantStatement, Statement } from '../../server/src/engine/redshift/ast';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';

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

function errorsOf(text: string): string[] {
  return parseRedshiftScript(text).errors.map((e) => `${at(text, e)}: ${e.message}`);
}

describe('parser: documented GRANT/REVOKE forms', () => {
  it('GRANT ALL [PRIVILEGES] without ON is the system permission ALL', () => {
    for (const text of ['GRANT ALL TO ROLE r, ROLE r2;', 'REVOKE ALL PRIVILEGES FROM ROLE r;']) {
      const g = grant(text);
      assert.equal(g.target.type, 'none');
      assert.deepEqual(g.privileges.map((p) => [p.name, p.category]), [['ALL', 'system']]);
    }
  });
  it('grants to RLS and masking policies', () => {
    const text = 'GRANT SELECT ON TABLE s.t, s.u TO RLS POLICY p1, RLS POLICY p2;';
    const g = grant(text);
    assert.deepEqual(g.grantees.map((e) => [e.kind, e.name?.value, at(text, e.keyword!)]), [['rls-policy', 'p1', 'RLS POLICY'], ['rls-policy', 'p2', 'RLS POLICY']]);
    const list = grant('GRANT SELECT ON t TO RLS POLICY p1, p2;');
    assert.deepEqual(list.grantees.map((e) => [e.kind, e.name?.value]), [['rls-policy', 'p1'], ['rls-policy', 'p2']]);
    const m = grant('REVOKE SELECT ON t FROM MASKING POLICY mp;');
    assert.deepEqual(m.grantees.map((e) => [e.kind, e.name?.value]), [['masking-policy', 'mp']]);
    const names = parseRedshiftScript(text).names.filter((n) => n.role === 'policy').map((n) => n.id.value);
    assert.deepEqual(names, ['p1', 'p2']);
  });
  it('Lake Formation column lists and REVOKE GRANT OPTION FOR on external tables', () => {
    const g = grant("GRANT SELECT (c1, c2) ON EXTERNAL TABLE s.t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R' WITH GRANT OPTION;");
    assert.deepEqual(g.privileges[0]!.columns!.map((c) => c.value), ['c1', 'c2']);
    assert.ok(g.grantees[0]!.withGrantOption);
    const r = grant("REVOKE GRANT OPTION FOR SELECT (c1) ON EXTERNAL TABLE s.t FROM IAM_ROLE 'arn:aws:iam::123456789012:role/R';");
    assert.ok(r.grantOptionFor);
    assert.equal(r.target.type === 'object' && r.target.kind, 'external-table');
  });
  it('GRANT EXPLAIN MASKING is a system permission', () => {
    assert.deepEqual(grant('GRANT EXPLAIN MASKING TO bob;').privileges.map((p) => [p.name, p.category]), [['EXPLAIN MASKING', 'system']]);
  });
  it('TO ROLE; is a missing role name, not a user named ROLE', () => {
    assert.deepEqual(errorsOf('GRANT SELECT ON t TO ROLE;'), [';: Unexpected ";": expected <role name>.']);
    assert.deepEqual(errorsOf('GRANT SELECT ON t TO GROUP, bob;'), [',: Unexpected ",": expected <group name>.']);
  });
});

describe('parser: statements that used to be skipped as ordinary SQL', () => {
  it('ALTER ROLE', () => {
    const s = only('ALTER ROLE r1 WITH RENAME TO r2, OWNER TO bob EXTERNALID TO "X1";');
    assert.ok(s.kind === 'alter-role');
    assert.deepEqual([s.name?.value, s.newName?.value, s.owner?.value, s.externalId], ['r1', 'r2', 'bob', 'X1']);
  });
  it('CREATE / ALTER / DROP RLS and masking policies', () => {
    const text = "CREATE RLS POLICY p WITH (region varchar(10)) AS t USING (t.region = 'EU');";
    const s = only(text);
    assert.ok(s.kind === 'create-policy');
    assert.deepEqual([s.policy, s.name?.value, s.terminated], ['rls', 'p', true]);
    for (const [sql, kind, policy] of [
      ["CREATE MASKING POLICY IF NOT EXISTS m WITH (email varchar(256)) USING ('***');", 'create-policy', 'masking'],
      ["ALTER RLS POLICY p USING (region = 'US');", 'alter-policy', 'rls'],
      ['DROP RLS POLICY IF EXISTS p CASCADE;', 'drop-policy', 'rls'],
      ['DROP MASKING POLICY m;', 'drop-policy', 'masking'],
    ] as const) {
      const st = only(sql);
      assert.ok(st.kind === 'create-policy' || st.kind === 'alter-policy' || st.kind === 'drop-policy', sql);
      assert.deepEqual([st.kind, st.policy], [kind, policy], sql);
    }
  });
  it('ATTACH / DETACH policies keep tables, columns and grantees', () => {
    const text = 'ATTACH MASKING POLICY m ON s.cards(card_no) USING (card_no) TO ROLE analyst PRIORITY 10;';
    const s = only(text);
    assert.ok(s.kind === 'attach-policy');
    assert.deepEqual([s.policy, at(text, s.name!), s.tables.map((t) => at(text, t)), s.columns.map((c) => at(text, c))], ['masking', 'm', ['s.cards'], ['card_no']]);
    assert.deepEqual(s.grantees.map((g) => [g.kind, g.name?.value]), [['role', 'analyst']]);
    const d = only('DETACH RLS POLICY p ON TABLE s.a, s.b FROM bob, PUBLIC;');
    assert.ok(d.kind === 'detach-policy');
    assert.deepEqual(d.grantees.map((g) => g.kind), ['user', 'public']);
    assert.deepEqual(d.tables.length, 2);
  });
  it('a policy is not attached to a group', () => {
    assert.deepEqual(errorsOf('ATTACH RLS POLICY p ON t TO GROUP g;'), ['GROUP: A policy is attached to users, roles or PUBLIC, not to a group.']);
  });
  it('CREATE / ALTER / DROP DATASHARE', () => {
    const a = only('ALTER DATASHARE ds ADD ALL TABLES IN SCHEMA sales, stage;');
    assert.ok(a.kind === 'alter-datashare');
    assert.deepEqual([a.name?.value, a.action, a.objects?.kind, a.objects?.objects.length], ['ds', 'add', 'all-tables', 2]);
    assert.equal(only('CREATE DATASHARE ds SET PUBLICACCESSIBLE = TRUE;').kind, 'create-datashare');
    assert.equal(only('ALTER DATASHARE ds SET INCLUDENEW = TRUE FOR SCHEMA sales;').kind, 'alter-datashare');
    assert.equal(only('DROP DATASHARE ds;').kind, 'drop-datashare');
  });
  it('ownership changes and ALTER SCHEMA / DATABASE / FUNCTION / PROCEDURE', () => {
    const text = 'ALTER TABLE db.sales.orders OWNER TO etl;';
    const s = only(text);
    assert.ok(s.kind === 'alter-object');
    assert.deepEqual([s.objectKind, at(text, s.name!), s.action, s.owner?.value], ['table', 'db.sales.orders', 'owner', 'etl']);
    const p = only('ALTER PROCEDURE p(int, numeric) RENAME TO p2;');
    assert.ok(p.kind === 'alter-object');
    assert.deepEqual([p.objectKind, p.signature, p.action, p.newName?.value], ['procedure', 'int, numeric', 'rename', 'p2']);
    const d = only('ALTER DATABASE db CONNECTION LIMIT 10 ISOLATION LEVEL SNAPSHOT;');
    assert.ok(d.kind === 'alter-object');
    assert.equal(d.action, 'connection-limit');
    const t = only('ALTER TABLE t ADD COLUMN c int;');
    assert.ok(t.kind === 'alter-object');
    assert.equal(t.action, 'other');
    const c = only('ALTER FUNCTION f(int) OWNER TO CURRENT_USER;');
    assert.ok(c.kind === 'alter-object' && c.action === 'owner' && c.owner === undefined);
  });
  it('the syntax of ownership changes is checked', () => {
    assert.deepEqual(errorsOf('ALTER SCHEMA s OWNER etl;'), ['etl: Unexpected etl: expected TO.']);
    assert.deepEqual(errorsOf('ALTER TABLE t OWNER TO;'), [';: Unexpected ";": expected CURRENT_USER, SESSION_USER or <owner>.']);
    assert.deepEqual(errorsOf('ALTER PROCEDURE p() OWNED BY etl;'), ['OWNED: Unexpected OWNED: did you mean OWNER?']);
  });
  it('typos in the new statements get did-you-mean with a fix', () => {
    for (const [sql, wrong, right] of [
      ['CREATE RLS POLCY p USING (true);', 'POLCY', 'POLICY'],
      ['ALTER SCHEMA s OWNR TO etl;', 'OWNR', 'OWNER'],
      ['ALTER TABLE t OWNR TO etl;', 'OWNR', 'OWNER'],
      ['ALTER DATABASE d RENAM TO d2;', 'RENAM', 'RENAME'],
      ['ALTER DATASHARE ds ADDD TABLE t;', 'ADDD', 'ADD'],
      ['ATTACH RLS POLICY p ON t TOO ROLE r;', 'TOO', 'TO'],
    ] as const) {
      const errors = parseRedshiftScript(sql).errors;
      assert.equal(errors.length, 1, sql);
      assert.equal(at(sql, errors[0]!), wrong, sql);
      assert.match(errors[0]!.message, new RegExp(`did you mean ${right}\\?`), sql);
      assert.deepEqual(errors[0]!.suggestions?.map((e) => e.newText), [right], sql);
    }
  });
  it('a permission statement opening a line inside ordinary SQL means a missing ;', () => {
    const script = parseRedshiftScript('SELECT 1\nATTACH RLS POLICY p ON t TO PUBLIC;');
    assert.deepEqual(script.errors.map((e) => e.code), ['missing-semicolon']);
    assert.deepEqual(script.statements.map((s) => s.kind), ['other', 'attach-policy']);
  });
});

describe('parser: smaller syntax cases', () => {
  it('text after the last ; that is not a comment is a syntax error', () => {
    const text = 'GRANT DROP ON TABLE s.t TO GROUP g;>';
    const script = parseRedshiftScript(text);
    assert.deepEqual(script.errors.map((e) => [at(text, e), e.code]), [['>', 'unexpected-token']]);
    assert.match(script.errors[0]!.message, /not the start of a statement/);
    assert.deepEqual(parseRedshiftScript('GRANT SELECT ON t TO u; -- done\n/* end */').errors, []);
    assert.deepEqual(parseRedshiftScript('(SELECT 1) UNION (SELECT 2);').errors, []);
  });
  it('one error per statement: an unterminated string is not followed by unexpected-token errors', () => {
    const text = "GRANT SELECT ON t TO 'bob;\nGRANT SELECT ON t TO u;";
    const script = parseRedshiftScript(text);
    assert.deepEqual(script.errors.map((e) => e.code), ['unterminated']);
    assert.equal(script.statements[0]!.hasError, true);
    assert.deepEqual(script.statements.map((s) => s.kind), ['grant', 'grant']);
    assert.equal(script.statements[1]!.hasError, false);
  });
});
