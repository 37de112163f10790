// Fixtures for redshift/postgres-only: PostgreSQL grant forms that Redshift rejects.

import { runRuleTests } from '../support/ruleTester';

runRuleTests('redshift/postgres-only', {
  kind: 'redshift-sql',
  valid: [
    { code: 'GRANT USAGE ON SCHEMA s TO u;\nALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA s GRANT SELECT ON TABLES TO u;' },
    { code: 'GRANT SELECT ON ALL TABLES IN SCHEMA s TO u;\nGRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA s TO u;' },
  ],
  invalid: [
    {
      name: 'GRANT CONNECT alone',
      code: 'GRANT CONNECT ON DATABASE analytics TO u;',
      errors: [{ message: 'Redshift has no CONNECT privilege', column: 7, endColumn: 14, fixes: [] }],
    },
    {
      name: 'CONNECT in a list is removed',
      code: 'GRANT CONNECT, TEMP ON DATABASE analytics TO u;',
      errors: [{ message: 'CONNECT', fixes: ['GRANT TEMP ON DATABASE analytics TO u;'] }],
    },
    {
      name: 'TRIGGER and RULE',
      code: 'GRANT SELECT, TRIGGER, RULE ON t TO u;',
      errors: [
        { message: 'no TRIGGER privilege', column: 15, endColumn: 22, fixes: ['GRANT SELECT, RULE ON t TO u;'] },
        { message: 'no RULE privilege', column: 24, endColumn: 28, fixes: ['GRANT SELECT, TRIGGER ON t TO u;'] },
      ],
    },
    {
      name: 'ON ALL SEQUENCES IN SCHEMA',
      code: 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA s TO u;',
      errors: [{ message: 'ON ALL SEQUENCES IN SCHEMA is PostgreSQL syntax', column: 24, endColumn: 47 }],
    },
    { name: 'ON SEQUENCE', code: 'GRANT USAGE ON SEQUENCE s.seq TO u;', errors: [{ message: 'ON SEQUENCE is PostgreSQL syntax' }] },
    { name: 'ON TYPE', code: 'GRANT USAGE ON TYPE s.t TO u;', errors: [{ message: 'ON TYPE' }] },
    {
      name: 'FOR ROLE in default privileges becomes FOR USER',
      code: 'ALTER DEFAULT PRIVILEGES FOR ROLE etl IN SCHEMA s GRANT SELECT ON TABLES TO u;',
      errors: [{ message: 'FOR ROLE is PostgreSQL', column: 30, endColumn: 34, fixes: ['ALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA s GRANT SELECT ON TABLES TO u;'] }],
    },
    { name: 'ON SCHEMAS in default privileges', code: 'ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO u;', errors: [{ message: 'ON SCHEMAS is PostgreSQL', column: 41, endColumn: 48 }] },
    { name: 'ON SEQUENCES in default privileges', code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT USAGE ON SEQUENCES TO u;', errors: [{ message: 'ON SEQUENCES' }] },
  ],
});
