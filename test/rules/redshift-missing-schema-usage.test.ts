// Fixtures for redshift/missing-schema-usage: USAGE on the schema for every grantee reaching its objects; the inserted grant.

import { missingSchemaUsage } from '../../server/src/engine/rules/redshift/missingSchemaUsage';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(missingSchemaUsage, {
  valid: [
    { code: 'GRANT USAGE ON SCHEMA sales TO u;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;' },
    { name: 'USAGE later in the script still counts', code: 'GRANT SELECT ON sales.orders TO u;\nGRANT USAGE ON SCHEMA sales TO u;' },
    { name: 'ALL on the schema', code: 'GRANT ALL ON SCHEMA sales TO u;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'through a group', code: 'CREATE GROUP g WITH USER u;\nGRANT USAGE ON SCHEMA sales TO GROUP g;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'through ALTER GROUP and IN GROUP', code: 'CREATE USER v PASSWORD DISABLE IN GROUP g;\nALTER GROUP g ADD USER u;\nGRANT USAGE ON SCHEMA sales TO GROUP g;\nGRANT SELECT ON sales.orders TO u, v;' },
    { name: 'through a role granted to a role', code: 'GRANT ROLE reader TO u;\nGRANT ROLE base TO ROLE reader;\nGRANT USAGE ON SCHEMA sales TO ROLE base;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'through PUBLIC', code: 'GRANT USAGE ON SCHEMA sales TO PUBLIC;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'scoped USAGE on all schemas', code: 'GRANT USAGE FOR SCHEMAS IN DATABASE d TO u;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'schema owner', code: 'CREATE SCHEMA sales AUTHORIZATION u;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'superuser', code: 'CREATE USER u CREATEUSER PASSWORD DISABLE;\nGRANT SELECT ON sales.orders TO u;' },
    { name: 'catalogs and public', code: 'GRANT SELECT ON pg_catalog.svv_table_info TO u;\nGRANT SELECT ON information_schema.tables TO u;\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO u;' },
    { name: 'unqualified table: schema unknown', code: 'GRANT SELECT ON orders TO u;' },
    { name: 'three-part name in another database', code: 'GRANT SELECT ON shared_db.sales.orders TO u;' },
    { name: 'revokes need no USAGE', code: 'REVOKE SELECT ON sales.orders FROM u;' },
    { name: 'a group named without GROUP is left to grantee-kind', code: 'CREATE GROUP g;\nGRANT SELECT ON sales.orders TO g;' },
  ],
  invalid: [
    {
      name: 'SELECT on all tables of a schema without USAGE: grant inserted above, same indentation',
      code: 'BEGIN;\n  GRANT SELECT ON ALL TABLES IN SCHEMA sales TO report_reader;\nCOMMIT;',
      errors: [
        {
          messageId: 'missingUsage',
          message: 'user report_reader gets SELECT on objects in schema sales but is never granted USAGE on schema sales',
          line: 2, column: 40, endLine: 2, endColumn: 45,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA sales TO report_reader;', output: 'BEGIN;\n  GRANT USAGE ON SCHEMA sales TO report_reader;\n  GRANT SELECT ON ALL TABLES IN SCHEMA sales TO report_reader;\nCOMMIT;' },
          ],
        },
      ],
    },
    {
      name: 'one finding per grantee and schema, at the first grant',
      code: 'GRANT SELECT ON sales.orders, "Fin".invoices TO GROUP g, u;\nGRANT INSERT ON sales.orders TO u;',
      errors: [
        {
          messageId: 'missingUsage',
          message: 'group g gets SELECT',
          line: 1, column: 17, endLine: 1, endColumn: 22,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA sales TO GROUP g;', output: 'GRANT USAGE ON SCHEMA sales TO GROUP g;\nGRANT SELECT ON sales.orders, "Fin".invoices TO GROUP g, u;\nGRANT INSERT ON sales.orders TO u;' },
          ],
        },
        {
          messageId: 'missingUsage',
          message: 'user u gets SELECT',
          line: 1, column: 17, endLine: 1, endColumn: 22,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA sales TO u;', output: 'GRANT USAGE ON SCHEMA sales TO u;\nGRANT SELECT ON sales.orders, "Fin".invoices TO GROUP g, u;\nGRANT INSERT ON sales.orders TO u;' },
          ],
        },
        {
          messageId: 'missingUsage',
          message: 'schema "Fin"',
          line: 1, column: 31, endLine: 1, endColumn: 36,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA "Fin" TO GROUP g;', output: 'GRANT USAGE ON SCHEMA "Fin" TO GROUP g;\nGRANT SELECT ON sales.orders, "Fin".invoices TO GROUP g, u;\nGRANT INSERT ON sales.orders TO u;' },
          ],
        },
        {
          messageId: 'missingUsage',
          message: 'user u',
          line: 1, column: 31, endLine: 1, endColumn: 36,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA "Fin" TO u;', output: 'GRANT USAGE ON SCHEMA "Fin" TO u;\nGRANT SELECT ON sales.orders, "Fin".invoices TO GROUP g, u;\nGRANT INSERT ON sales.orders TO u;' },
          ],
        },
      ],
    },
    {
      name: 'grant sharing its line with another statement: inserted right before it',
      code: 'SELECT 1; GRANT EXECUTE ON FUNCTION util.f(int) TO u;',
      errors: [
        {
          messageId: 'missingUsage',
          line: 1, column: 37, endLine: 1, endColumn: 41,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA util TO u;', output: 'SELECT 1; GRANT USAGE ON SCHEMA util TO u; GRANT EXECUTE ON FUNCTION util.f(int) TO u;' },
          ],
        },
      ],
    },
    {
      name: 'CRLF files get a CRLF line',
      code: 'SELECT 1;\r\n\tGRANT SELECT ON sales.orders TO u;\r\n',
      errors: [
        {
          messageId: 'missingUsage',
          line: 2, column: 18, endLine: 2, endColumn: 23,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA sales TO u;', output: 'SELECT 1;\r\n\tGRANT USAGE ON SCHEMA sales TO u;\r\n\tGRANT SELECT ON sales.orders TO u;\r\n' },
          ],
        },
      ],
    },
    {
      name: 'USAGE granted to someone else does not count',
      code: 'GRANT USAGE ON SCHEMA sales TO other;\nGRANT SELECT ON sales.orders TO u;',
      errors: [
        {
          messageId: 'missingUsage',
          message: 'user u',
          line: 2, column: 17, endLine: 2, endColumn: 22,
          output: null,
          suggestions: [
            { title: 'Insert GRANT USAGE ON SCHEMA sales TO u;', output: 'GRANT USAGE ON SCHEMA sales TO other;\nGRANT USAGE ON SCHEMA sales TO u;\nGRANT SELECT ON sales.orders TO u;' },
          ],
        },
      ],
    },
  ],
});
