// The intended state of a permission script: principals, memberships, role grants, privileges, default privileges,
// each on its statement's line; later statements supersede earlier ones.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { scriptIntent, type Expectation, type StatementIntent } from '../../server/src/engine/redshift/intent';

function intentOf(text: string): StatementIntent[] {
  return scriptIntent(parseRedshiftScript(text)).statements;
}

/** The live (not superseded) expectations of a statement. */
function live(s: StatementIntent): Expectation[] {
  return s.entries.filter((e) => e.supersededAtLine === undefined).map((e) => e.expectation);
}

describe('Redshift script intent', () => {
  it('reads users, groups, memberships and roles with their lines', () => {
    const statements = intentOf(
      "-- setup\nCREATE USER app_reader PASSWORD DISABLE IN GROUP readers;\nCREATE GROUP loaders WITH USER etl, app_reader;\n\nCREATE ROLE analyst;\nGRANT ROLE analyst TO app_reader;\nALTER GROUP loaders DROP USER etl;\n",
    );
    assert.deepEqual(statements.map((s) => [s.line, s.kind]), [
      [2, 'create-user'],
      [3, 'create-group'],
      [5, 'create-role'],
      [6, 'grant'],
      [7, 'alter-group'],
    ]);
    assert.deepEqual(live(statements[0]!), [
      { type: 'principal', principal: { kind: 'user', name: 'app_reader' }, present: true },
      { type: 'member', user: 'app_reader', group: 'readers', present: true },
    ]);
    assert.deepEqual(live(statements[3]!), [{ type: 'role', grantee: { kind: 'user', name: 'app_reader' }, role: 'analyst', present: true }]);
    // ALTER GROUP … DROP USER etl supersedes the membership CREATE GROUP gave etl.
    const etl = statements[1]!.entries.find((e) => e.expectation.type === 'member' && e.expectation.user === 'etl');
    assert.equal(etl?.supersededAtLine, 7);
    assert.deepEqual(live(statements[4]!), [{ type: 'member', user: 'etl', group: 'loaders', present: false }]);
  });

  it('reads privileges per grantee and object, with ON ALL TABLES IN SCHEMA kept for expansion', () => {
    const [usage, all, table, fn] = intentOf(
      'GRANT USAGE ON SCHEMA Sales TO app_reader, GROUP loaders;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO app_reader;\nGRANT SELECT, INSERT ON sales.orders TO ROLE etl;\nGRANT EXECUTE ON FUNCTION sales.f(int) TO PUBLIC;\n',
    );
    assert.deepEqual(live(usage!), [
      { type: 'privilege', grantee: { kind: 'user', name: 'app_reader' }, privilege: 'USAGE', object: { kind: 'schema', name: 'sales' }, present: true },
      { type: 'privilege', grantee: { kind: 'group', name: 'loaders' }, privilege: 'USAGE', object: { kind: 'schema', name: 'sales' }, present: true },
    ]);
    assert.deepEqual(live(all!), [
      { type: 'privilege', grantee: { kind: 'user', name: 'app_reader' }, privilege: 'SELECT', object: { kind: 'tables-in-schema', schema: 'sales', name: 'sales' }, present: true },
    ]);
    assert.deepEqual(live(table!).map((e) => e.type === 'privilege' && `${e.privilege} ${e.object.schema}.${e.object.name} ${e.grantee.kind}:${e.grantee.name}`), [
      'SELECT sales.orders role:etl',
      'INSERT sales.orders role:etl',
    ]);
    const f = live(fn!)[0];
    assert.ok(f && f.type === 'privilege');
    assert.deepEqual(f.object, { kind: 'function', schema: 'sales', name: 'f', signature: 'int' });
    assert.deepEqual(f.grantee, { kind: 'public', name: 'public' });
  });

  it('a later REVOKE supersedes the GRANT; DROP USER supersedes CREATE USER', () => {
    const statements = intentOf('CREATE USER tmp PASSWORD DISABLE;\nGRANT SELECT ON t TO tmp;\nREVOKE SELECT ON t FROM tmp;\nDROP USER tmp;\n');
    assert.equal(statements[0]!.entries[0]!.supersededAtLine, 4);
    assert.equal(statements[1]!.entries[0]!.supersededAtLine, 3);
    assert.deepEqual(live(statements[2]!), [
      { type: 'privilege', grantee: { kind: 'user', name: 'tmp' }, privilege: 'SELECT', object: { kind: 'table', name: 't' }, present: false },
    ]);
    assert.deepEqual(live(statements[3]!), [{ type: 'principal', principal: { kind: 'user', name: 'tmp' }, present: false }]);
  });

  it('reads default privileges per owner and schema', () => {
    const [s] = intentOf('ALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA sales, stage GRANT SELECT ON TABLES TO GROUP readers;\n');
    assert.deepEqual(live(s!), [
      { type: 'default', grantee: { kind: 'group', name: 'readers' }, privilege: 'SELECT', objects: 'tables', owner: 'etl', schema: 'sales', present: true },
      { type: 'default', grantee: { kind: 'group', name: 'readers' }, privilege: 'SELECT', objects: 'tables', owner: 'etl', schema: 'stage', present: true },
    ]);
  });

  it('says what it cannot verify instead of guessing: system permissions, IAM roles, placeholders, columns', () => {
    const statements = intentOf(
      "GRANT CREATE USER TO ROLE admin;\nGRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/r' TO u FOR COPY;\nGRANT SELECT ON t TO :reader;\nGRANT SELECT (a, b) ON t TO u;\n",
    );
    assert.deepEqual(statements.map((s) => live(s).length), [0, 0, 0, 0]);
    assert.ok(statements.every((s) => s.unverifiable.length > 0), JSON.stringify(statements.map((s) => s.unverifiable)));
  });

  it('leaves out other SQL and statements with syntax errors; collapses the statement text', () => {
    const statements = intentOf('SELECT 1;\nCREATE TABLE t (a int);\nGRANT SELEC ON t TO u;\nGRANT   SELECT\n   ON t TO u;\n');
    assert.deepEqual(statements.map((s) => [s.line, s.statement]), [[4, 'GRANT SELECT ON t TO u;']]);
  });
});
