// Fixtures for redshift/postgres-only: PostgreSQL grant forms that Redshift rejects.

import { postgresOnly } from '../../server/src/engine/rules/redshift/postgresOnly';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(postgresOnly, {
  valid: [
    { code: 'GRANT USAGE ON SCHEMA s TO u;\nALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA s GRANT SELECT ON TABLES TO u;' },
    { code: 'GRANT SELECT ON ALL TABLES IN SCHEMA s TO u;\nGRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA s TO u;' },
  ],
  invalid: [
    {
      name: 'GRANT CONNECT alone',
      code: 'GRANT CONNECT ON DATABASE analytics TO u;',
      errors: [{ messageId: 'connectPrivilege', message: 'Redshift has no CONNECT privilege', line: 1, column: 7, endLine: 1, endColumn: 14, output: null }],
    },
    {
      name: 'CONNECT in a list is removed',
      code: 'GRANT CONNECT, TEMP ON DATABASE analytics TO u;',
      errors: [{ messageId: 'connectPrivilege', message: 'CONNECT', line: 1, column: 7, endLine: 1, endColumn: 14, output: 'GRANT TEMP ON DATABASE analytics TO u;' }],
    },
    {
      name: 'TRIGGER and RULE',
      code: 'GRANT SELECT, TRIGGER, RULE ON t TO u;',
      errors: [
        { messageId: 'triggerPrivilege', message: 'no TRIGGER privilege', line: 1, column: 15, endLine: 1, endColumn: 22, output: 'GRANT SELECT, RULE ON t TO u;' },
        { messageId: 'rulePrivilege', message: 'no RULE privilege', line: 1, column: 24, endLine: 1, endColumn: 28, output: 'GRANT SELECT, TRIGGER ON t TO u;' },
      ],
    },
    {
      name: 'ON ALL SEQUENCES IN SCHEMA',
      code: 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA s TO u;',
      errors: [{ messageId: 'postgresTarget', message: 'ON ALL SEQUENCES IN SCHEMA is PostgreSQL syntax', line: 1, column: 24, endLine: 1, endColumn: 47, output: null }],
    },
    { name: 'ON SEQUENCE', code: 'GRANT USAGE ON SEQUENCE s.seq TO u;', errors: [
      { messageId: 'postgresTarget', message: 'ON SEQUENCE is PostgreSQL syntax', line: 1, column: 16, endLine: 1, endColumn: 24, output: null },
    ] },
    { name: 'ON TYPE', code: 'GRANT USAGE ON TYPE s.t TO u;', errors: [
      { messageId: 'postgresTarget', message: 'ON TYPE', line: 1, column: 16, endLine: 1, endColumn: 20, output: null },
    ] },
    {
      name: 'FOR ROLE in default privileges becomes FOR USER',
      code: 'ALTER DEFAULT PRIVILEGES FOR ROLE etl IN SCHEMA s GRANT SELECT ON TABLES TO u;',
      errors: [
        {
          messageId: 'forRole',
          message: 'FOR ROLE is PostgreSQL',
          line: 1, column: 30, endLine: 1, endColumn: 34,
          output: 'ALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA s GRANT SELECT ON TABLES TO u;',
        },
      ],
    },
    { name: 'ON SCHEMAS in default privileges', code: 'ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO u;', errors: [
      { messageId: 'postgresDefaults', message: 'ON SCHEMAS is PostgreSQL', line: 1, column: 41, endLine: 1, endColumn: 48, output: null },
    ] },
    { name: 'ON SEQUENCES in default privileges', code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT USAGE ON SEQUENCES TO u;', errors: [
      { messageId: 'postgresDefaults', message: 'ON SEQUENCES', line: 1, column: 53, endLine: 1, endColumn: 62, output: null },
    ] },
    {
      name: 'MAINTAIN in a list: removing it is a suggestion (VACUUM and ANALYZE are granted otherwise)',
      code: 'GRANT SELECT, MAINTAIN ON t TO u;',
      errors: [
        {
          messageId: 'maintainPrivilege',
          line: 1, column: 15, endLine: 1, endColumn: 23,
          output: null,
          suggestions: [{ title: 'Remove MAINTAIN', output: 'GRANT SELECT ON t TO u;' }],
        },
      ],
    },
  ],
});
