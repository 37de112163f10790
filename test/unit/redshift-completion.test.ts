// Redshift completion: keywords in context, object kinds valid for the privileges typed, names created by the script.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeRedshift } from '../../server/src/engine/redshift/completion';
import { applyCompletion } from '../support/applyCompletion';
import { cursor } from '../support/ruleTester';

const SCRIPT = 'CREATE USER bob PASSWORD DISABLE;\nCREATE GROUP analysts;\nCREATE ROLE etl;\nCREATE SCHEMA sales;\n';

function labels(textWithBar: string): string[] {
  const { text, offset } = cursor(textWithBar);
  return completeRedshift(text, offset).items.map((i) => i.label);
}

/** The text after accepting the item labelled `label`, with `|` at the cursor. */
function accept(textWithBar: string, label: string): string {
  const { text, offset } = cursor(textWithBar);
  const item = completeRedshift(text, offset).items.find((i) => i.label === label);
  assert.ok(item, `no ${label} among ${completeRedshift(text, offset).items.map((i) => i.label).join(', ')}`);
  const applied = applyCompletion(text, item);
  return applied.text.slice(0, applied.cursor) + '|' + applied.text.slice(applied.cursor);
}

describe('Redshift completion', () => {
  it('offers statement openers at the start of a statement', () => {
    const openers = labels(`${SCRIPT}|`);
    assert.ok(openers.includes('GRANT') && openers.includes('CREATE USER') && openers.includes('ALTER DEFAULT PRIVILEGES'));
    for (const opener of ['ALTER ROLE', 'CREATE RLS POLICY', 'ATTACH RLS POLICY', 'ATTACH MASKING POLICY', 'CREATE DATASHARE']) assert.ok(openers.includes(opener), opener);
  });

  it('offers privileges after GRANT and completes a partial word in the user’s case', () => {
    const privileges = labels('GRANT |');
    for (const p of ['SELECT', 'USAGE', 'TEMPORARY', 'EXECUTE', 'ALL', 'CREATE USER']) assert.ok(privileges.includes(p), p);
    assert.equal(accept('grant sel|', 'select'), 'grant select|');
    assert.equal(accept('GRANT SEL|ECT', 'SELECT'), 'GRANT SELECT|');
  });

  it('offers only the object kinds every typed privilege applies to', () => {
    assert.deepEqual(labels(`${SCRIPT}GRANT SELECT, INSERT ON |`), ['TABLE', 'ALL TABLES IN SCHEMA', 'sales']);
    assert.equal(accept(`${SCRIPT}GRANT SELECT, INSERT ON |`, 'sales'), `${SCRIPT}GRANT SELECT, INSERT ON sales.|`, 'a schema prefix for a table name');
    assert.deepEqual(labels('GRANT TEMP ON |'), ['DATABASE']);
    assert.deepEqual(labels('GRANT USAGE ON |'), ['SCHEMA', 'DATABASE', 'LANGUAGE', 'DATASHARE']);
    assert.deepEqual(labels('GRANT EXECUTE ON ALL |'), ['FUNCTIONS IN SCHEMA', 'PROCEDURES IN SCHEMA']);
    assert.equal(accept('GRANT SELECT ON ALL |', 'TABLES IN SCHEMA'), 'GRANT SELECT ON ALL TABLES IN SCHEMA|');
  });

  it('offers the schemas the script knows after ON SCHEMA, then TO', () => {
    assert.deepEqual(labels(`${SCRIPT}GRANT USAGE ON SCHEMA |`), ['sales']);
    assert.deepEqual(labels(`${SCRIPT}GRANT USAGE ON SCHEMA sales |`), ['TO']);
    assert.deepEqual(labels(`${SCRIPT}REVOKE USAGE ON SCHEMA sales |`), ['FROM']);
  });

  it('offers the users, groups and roles created in the script after TO', () => {
    const grantees = labels(`${SCRIPT}GRANT USAGE ON SCHEMA sales TO |`);
    assert.deepEqual(grantees, ['bob', 'GROUP analysts', 'ROLE etl', 'PUBLIC', 'GROUP', 'ROLE']);
    assert.equal(accept(`${SCRIPT}GRANT USAGE ON SCHEMA sales TO |;`, 'GROUP analysts'), `${SCRIPT}GRANT USAGE ON SCHEMA sales TO GROUP analysts|;`);
    assert.deepEqual(labels(`${SCRIPT}GRANT USAGE ON SCHEMA sales TO GROUP |`), ['analysts']);
    assert.deepEqual(labels(`${SCRIPT}GRANT USAGE ON SCHEMA sales TO bob, ROLE |`), ['etl']);
    assert.deepEqual(labels(`${SCRIPT}GRANT USAGE ON SCHEMA sales TO bob |`), ['WITH GRANT OPTION']);
    const { text, offset } = cursor(`${SCRIPT}GRANT USAGE ON SCHEMA sales TO |`);
    const bob = completeRedshift(text, offset).items.find((i) => i.label === 'bob');
    assert.equal(bob?.detail, 'user created on line 1');
  });

  it('quotes names that need it', () => {
    assert.deepEqual(labels('CREATE USER "Mixed Case" PASSWORD DISABLE;\nGRANT USAGE ON SCHEMA s TO |'), ['"Mixed Case"', 'PUBLIC', 'GROUP', 'ROLE']);
  });

  it('offers CREATE USER options not given yet, and values after option keywords', () => {
    const options = labels('CREATE USER alice PASSWORD DISABLE CREATEDB |');
    assert.ok(options.includes('CONNECTION LIMIT') && options.includes('IN GROUP') && options.includes('SYSLOG ACCESS RESTRICTED'));
    assert.ok(!options.includes('CREATEDB') && !options.includes('NOCREATEDB') && !options.includes('PASSWORD'));
    assert.deepEqual(labels('CREATE USER alice PASSWORD |'), ['DISABLE']);
    assert.deepEqual(labels(`${SCRIPT}CREATE USER alice IN GROUP |`), ['analysts']);
  });

  it('handles ALTER DEFAULT PRIVILEGES and GROUP membership statements', () => {
    assert.deepEqual(labels(`${SCRIPT}ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON |`), ['TABLES']);
    assert.deepEqual(labels(`${SCRIPT}ALTER GROUP analysts ADD USER |`), ['bob']);
  });

  it('offers nothing inside comments and strings', () => {
    assert.deepEqual(labels('-- GRANT |'), []);
    assert.deepEqual(labels("CREATE USER a PASSWORD 'x|'"), []);
  });
});

describe('Redshift completion of unusual names', () => {
  it('inserts a name with $ literally (completion text is snippet syntax)', () => {
    const script = 'CREATE USER etl$1 PASSWORD DISABLE;\nCREATE SCHEMA sales;\n';
    assert.equal(accept(`${script}GRANT USAGE ON SCHEMA sales TO |;`, 'etl$1'), `${script}GRANT USAGE ON SCHEMA sales TO etl$1|;`);
  });
});
