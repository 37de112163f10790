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
