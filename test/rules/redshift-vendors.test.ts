// Permission scripts modelled on published vendor requirements (Airbyte, Stitch, Integrate.io, DataHub, dbt) and ordinary SQL:
// correct scripts raise only their intended findings, and SQL without permission statements raises none.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/engine/fixAll';
import { detect } from '../../server/src/engine/detect';
import { isPermissionScript } from '../../server/src/engine/redshift/detect';
import { testData } from '../support/data';
import { lintCode } from '../support/ruleTester';

const ROOT = path.join(__dirname, '..', '..');
const fixture = (name: string): string => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'redshift', name), 'utf8');

/** `ruleId severity line` of every finding. */
function summary(text: string): string[] {
  return lintCode(text, 'redshift-sql').map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line + 1}`);
}

describe('vendor permission scripts', () => {
  it('Airbyte destination: no findings (a <password> placeholder is not a password)', () => {
    assert.deepEqual(summary(fixture('airbyte-destination.sql')), []);
  });
  it('Stitch destination: catalog schemas need no USAGE grant and no default privileges', () => {
    assert.deepEqual(summary(fixture('stitch-destination.sql')), []);
  });
  it('Integrate.io: only the deliberate clear-text password', () => {
    assert.deepEqual(summary(fixture('integrateio-destination.sql')), ['redshift/hardcoded-password warning 3']);
  });
  it('DataHub: SYSLOG ACCESS UNRESTRICTED is reported as info only', () => {
    assert.deepEqual(summary(fixture('datahub-ingestion.sql')), ['redshift/superuser info 3']);
  });
  it('dbt, correct version: no findings (USAGE through a group, defaults for future tables)', () => {
    assert.deepEqual(summary(fixture('dbt-transformer.sql')), []);
  });
  it("dbt's published lines: the two that are not Redshift syntax are errors", () => {
    assert.deepEqual(summary(fixture('dbt-published-lines.sql')), [
      'redshift/privilege-object-mismatch error 3',
      'redshift/syntax error 4',
    ]);
  });
  it('the Redshift reference examples: no errors; warnings only for their clear-text passwords', () => {
    const findings = summary(fixture('aws-reference-examples.sql')).filter((f) => !f.includes(' info '));
    assert.deepEqual(findings, ['redshift/hardcoded-password warning 31', 'redshift/hardcoded-password warning 35']);
  });
  it('every vendor script is detected as a permission script', () => {
    for (const name of ['airbyte-destination.sql', 'stitch-destination.sql', 'integrateio-destination.sql', 'datahub-ingestion.sql', 'dbt-transformer.sql']) {
      assert.equal(detect(fixture(name), 'script.sql').kind, 'redshift-sql', name);
    }
  });
});

describe('ordinary SQL', () => {
  const files = {
    'test/fixtures/redshift/ordinary-queries.sql': fs.readFileSync(path.join(ROOT, 'test/fixtures/redshift/ordinary-queries.sql'), 'utf8'),
    'examples/redshift/daily-report.sql': fs.readFileSync(path.join(ROOT, 'examples/redshift/daily-report.sql'), 'utf8'),
  };
  for (const [name, text] of Object.entries(files)) {
    it(`${name} is not a permission script`, () => {
      assert.equal(isPermissionScript(text), false);
      assert.equal(detect(text, name).kind, 'none');
    });
    it(`${name} has no findings even when linted as a permission script`, () => {
      assert.deepEqual(summary(text), []);
    });
  }
  it('a script starting with a # comment, or missing a ; before its GRANT, is still a permission script', () => {
    assert.equal(isPermissionScript('# setup\nGRANT SELECT ON t TO u;'), true);
    assert.equal(isPermissionScript('CREATE TABLE t (a int)\nGRANT SELECT ON t TO u;'), true);
  });
  it('grant-like words in strings and comments do not make a permission script', () => {
    assert.equal(isPermissionScript("SELECT 'GRANT SELECT ON t TO u' AS s; -- REVOKE ALL\n/* CREATE USER x */"), false);
  });
});

describe('examples/redshift', () => {
  const example = (name: string): string => fs.readFileSync(path.join(ROOT, 'examples', 'redshift', name), 'utf8');
  it('reader-setup.sql is a permission script without findings', () => {
    assert.equal(detect(example('reader-setup.sql'), 'script.sql').kind, 'redshift-sql');
    assert.deepEqual(summary(example('reader-setup.sql')), []);
  });
  it('source-user.sql shows one deliberate mistake per line', () => {
    assert.deepEqual(summary(example('source-user.sql')), [
      'redshift/password-policy error 2',
      'redshift/hardcoded-password warning 2',
      'redshift/missing-schema-usage warning 3',
      'redshift/future-tables info 3',
      'redshift/superuser warning 5',
      'redshift/hardcoded-password warning 5',
      'redshift/syntax error 6',
      'redshift/grantee-kind error 8',
      'redshift/syntax error 8',
      'redshift/privilege-object-mismatch error 9',
      'redshift/postgres-only error 10',
    ]);
  });
  it('fix all on source-user.sql repairs the mechanical mistakes and keeps the judgement calls', () => {
    const original = example('source-user.sql');
    const { text } = fixAll(original, { data: testData(), kind: 'redshift-sql' });
    // Safe: the # comment, the GROUP keyword for a name the script creates as a group, the missing ;.
    assert.equal(
      text,
      original
        .replace('# analysts get read access', '-- analysts get read access')
        .replace('GRANT SELECT ON sales.orders TO analysts\n', 'GRANT SELECT ON sales.orders TO GROUP analysts;\n'),
    );
    // Judgement calls stay: passwords (DISABLE or a hash), TEMPORARY's database, the USAGE grant, CONNECT.
    assert.deepEqual(
      summary(text).map((s) => s.split(' ')[0]),
      [
        'redshift/password-policy',
        'redshift/hardcoded-password',
        'redshift/missing-schema-usage',
        'redshift/future-tables',
        'redshift/superuser',
        'redshift/hardcoded-password',
        // Now that analysts is granted as the group it is, the group's missing USAGE on sales shows.
        'redshift/missing-schema-usage',
        'redshift/privilege-object-mismatch',
        'redshift/postgres-only',
      ],
    );
  });
});
