// Fixtures for redshift/future-tables: ALL TABLES IN SCHEMA without default privileges or a scoped grant for the same grantee.

import { futureTables } from '../../server/src/engine/rules/redshift/futureTables';
import { runRuleTests, lintWithRule } from '../support/ruleTester';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const twoGrantees = 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO alice;\nGRANT SELECT ON ALL TABLES IN SCHEMA hr TO alice;\nGRANT SELECT, INSERT ON ALL TABLES IN SCHEMA sales TO ROLE etl;\nGRANT UPDATE ON ALL TABLES IN SCHEMA sales TO alice;\nSELECT 1;';
const mixedKinds = 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO alice;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP readers;';

runRuleTests(futureTables, {
  valid: [
    { code: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP g;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP g;' },
    { name: 'defaults for every schema', code: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\nALTER DEFAULT PRIVILEGES FOR USER etl GRANT SELECT ON TABLES TO u;' },
    { name: 'scoped grant', code: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\nGRANT SELECT FOR TABLES IN SCHEMA sales TO u;' },
    { name: 'scoped grant for the whole database', code: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\nGRANT SELECT FOR TABLES IN DATABASE d TO u;' },
    { name: 'catalog schemas', code: 'GRANT SELECT ON ALL TABLES IN SCHEMA information_schema TO u;\nGRANT SELECT ON ALL TABLES IN SCHEMA pg_catalog TO u;' },
    { name: 'named tables are not about future tables', code: 'GRANT SELECT ON sales.orders TO u;' },
    { name: 'superusers need no grants', code: 'CREATE USER admin CREATEUSER PASSWORD DISABLE;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO admin;' },
  ],
  invalid: [
    {
      name: 'group: default privileges only (no scoped grants for groups)',
      code: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts; -- readers\nSELECT 1;',
      errors: [
        {
          messageId: 'futureTablesNotCovered',
          message: 'covers only the tables that exist now',
          line: 1, column: 38, endLine: 1, endColumn: 43,
          severity: 'info',
          output: null,
          suggestions: [
            { title: 'Add ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP analysts;', output: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts; -- readers\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP analysts;\nSELECT 1;' },
          ],
        },
      ],
    },
    {
      name: 'user: default privileges or a scoped grant, ALTER dropped from the defaults list',
      code: '  GRANT SELECT, ALTER ON ALL TABLES IN SCHEMA sales TO u;',
      errors: [
        {
          messageId: 'futureTablesNotCovered',
          line: 1, column: 47, endLine: 1, endColumn: 52,
          output: null,
          suggestions: [
            { title: 'Add ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO u;', output: '  GRANT SELECT, ALTER ON ALL TABLES IN SCHEMA sales TO u;\n  ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO u;' },
            { title: 'Add the scoped grant GRANT SELECT FOR TABLES IN SCHEMA sales TO u;', output: '  GRANT SELECT, ALTER ON ALL TABLES IN SCHEMA sales TO u;\n  GRANT SELECT FOR TABLES IN SCHEMA sales TO u;' },
          ],
        },
      ],
    },
    {
      name: 'defaults for another schema or grantee do not count',
      code: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA hr GRANT SELECT ON TABLES TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO v;',
      errors: [
        {
          messageId: 'futureTablesNotCovered',
          line: 1, column: 38, endLine: 1, endColumn: 43,
          output: null,
          suggestions: [
            { title: 'Add ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO u;', output: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA hr GRANT SELECT ON TABLES TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO v;' },
            { title: 'Add the scoped grant GRANT SELECT FOR TABLES IN SCHEMA sales TO u;', output: 'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\nGRANT SELECT FOR TABLES IN SCHEMA sales TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA hr GRANT SELECT ON TABLES TO u;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO v;' },
          ],
        },
      ],
    },
    {
      name: 'one finding per schema, naming every grantee; the fix adds each grantee\'s privileges after the last grant',
      code: twoGrantees,
      errors: [
        {
          messageId: 'futureTablesNotCovered',
          message:
            'ON ALL TABLES IN SCHEMA sales covers only the tables that exist now: tables created later in sales stay unreadable for user alice and role etl. Add ALTER DEFAULT PRIVILEGES (for the users who create tables) or a scoped grant FOR TABLES IN SCHEMA. (Reported once for the 3 grants ON ALL TABLES IN SCHEMA sales in this script.)',
          line: 1, column: 38, endLine: 1, endColumn: 43,
          output: null,
          suggestions: [
            {
              title: 'Add ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT, UPDATE ON TABLES TO alice; and 1 more',
              output: twoGrantees.replace(
                'TO alice;\nSELECT 1;',
                'TO alice;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT, UPDATE ON TABLES TO alice;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT, INSERT ON TABLES TO ROLE etl;\nSELECT 1;',
              ),
            },
            {
              title: 'Add the scoped grants GRANT SELECT, UPDATE FOR TABLES IN SCHEMA sales TO alice; and 1 more',
              output: twoGrantees.replace(
                'TO alice;\nSELECT 1;',
                'TO alice;\nGRANT SELECT, UPDATE FOR TABLES IN SCHEMA sales TO alice;\nGRANT SELECT, INSERT FOR TABLES IN SCHEMA sales TO ROLE etl;\nSELECT 1;',
              ),
            },
          ],
        },
        {
          messageId: 'futureTablesNotCovered',
          message: /^ON ALL TABLES IN SCHEMA hr .* unreadable for user alice\. Add .*FOR TABLES IN SCHEMA\.$/,
          line: 2, column: 38, endLine: 2, endColumn: 40,
          output: null,
          suggestions: [
            { title: 'Add ALTER DEFAULT PRIVILEGES IN SCHEMA hr GRANT SELECT ON TABLES TO alice;', output: twoGrantees.replace('hr TO alice;', 'hr TO alice;\nALTER DEFAULT PRIVILEGES IN SCHEMA hr GRANT SELECT ON TABLES TO alice;') },
            { title: 'Add the scoped grant GRANT SELECT FOR TABLES IN SCHEMA hr TO alice;', output: twoGrantees.replace('hr TO alice;', 'hr TO alice;\nGRANT SELECT FOR TABLES IN SCHEMA hr TO alice;') },
          ],
        },
      ],
    },
    {
      name: 'a group among the grantees: no scoped grants (groups cannot have them), defaults for all',
      code: mixedKinds,
      errors: [
        {
          messageId: 'futureTablesNotCovered',
          message: 'unreadable for user alice and group readers.',
          line: 1, column: 38, endLine: 1, endColumn: 43,
          output: null,
          suggestions: [
            {
              title: 'Add ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO alice; and 1 more',
              output: `${mixedKinds}\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO alice;\nALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP readers;`,
            },
          ],
        },
      ],
    },
  ],
});

describe('redshift/future-tables on a generated grants script', () => {
  it('reports once per schema, not once per grant (3,000 grants of 4 schemas to 750 users: 4 findings)', () => {
    const schemas = ['sales', 'hr', 'finance', 'ops'];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schemas[i % 4]} TO user_${i % 750};`);
    const findings = lintWithRule(futureTables, { code: lines.join('\n') });
    assert.deepEqual(findings.map((f) => f.message.match(/SCHEMA (\w+)/)![1]), schemas);
    assert.match(findings[0]!.message, /for user user_0, user user_4, user user_8, user user_12, user user_16 and 370 more\./);
    assert.match(findings[0]!.message, /Reported once for the 750 grants ON ALL TABLES IN SCHEMA sales/);
  });
});
