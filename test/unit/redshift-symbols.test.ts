// Redshift outline: users, groups and roles created, and grants per grantee.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { redshiftDocumentSymbols } from '../../server/src/engine/redshift/outline';

const SCRIPT = `CREATE USER bob PASSWORD DISABLE CREATEUSER;
CREATE GROUP analysts WITH USER bob;
CREATE ROLE etl;
GRANT USAGE ON SCHEMA sales TO GROUP analysts, bob;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts;
ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP analysts;
GRANT USAGE ON SCHEMA public TO PUBLIC;
`;

describe('Redshift symbols', () => {
  it('lists created principals and the grants of each grantee', () => {
    const symbols = redshiftDocumentSymbols(parseRedshiftScript(SCRIPT));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind, s.detail]),
      [
        ['bob', 'user', 'user (superuser)'],
        ['analysts', 'group', 'group · 1 members'],
        ['etl', 'role', 'role'],
        ['Grants', 'grant', '3 grantees'],
      ],
    );
    const grants = symbols[3]!;
    assert.deepEqual(
      grants.children.map((g) => [g.name, g.detail, g.children.map((c) => c.name)]),
      [
        ['GROUP analysts', '3 grants', ['GRANT USAGE ON SCHEMA sales TO GROUP analysts, bob', 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts', 'ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP analysts']],
        ['bob', '1 grant', ['GRANT USAGE ON SCHEMA sales TO GROUP analysts, bob']],
        ['PUBLIC', '1 grant', ['GRANT USAGE ON SCHEMA public TO PUBLIC']],
      ],
    );
    const bob = symbols[0]!;
    assert.equal(SCRIPT.slice(bob.selectionStart, bob.selectionEnd), 'bob');
    for (const g of grants.children) {
      for (const c of g.children) assert.ok(g.start <= c.start && c.end <= g.end, 'children lie inside their parent');
      assert.ok(g.start <= g.selectionStart && g.selectionEnd <= g.end);
    }
  });
});
