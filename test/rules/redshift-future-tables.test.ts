// Fixtures for redshift/future-tables: ALL TABLES IN SCHEMA without default privileges or a scoped grant for the same grantee.

import { futureTables } from '../../server/src/engine/rules/redshift/futureTables';
import { runRuleTests } from '../support/ruleTester';

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
  ],
});
