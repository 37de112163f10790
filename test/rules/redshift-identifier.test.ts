// Fixtures for redshift/identifier: reserved words as names, and quoted mixed-case names written differently elsewhere.

import { identifier } from '../../server/src/engine/rules/redshift/identifier';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(identifier, {
  valid: [
    { code: 'CREATE USER "Etl_User" PASSWORD DISABLE;\nGRANT SELECT ON sales.orders TO "Etl_User";' },
    { name: 'quoted reserved words', code: 'GRANT SELECT ON "table"."order" TO "user";' },
    { name: 'both spellings created: two users on purpose', code: 'CREATE USER "Etl" PASSWORD DISABLE;\nCREATE USER etl PASSWORD DISABLE;\nGRANT SELECT ON t TO etl, "Etl";' },
    { name: 'keywords in their places are not names', code: 'GRANT ALL ON ALL TABLES IN SCHEMA s TO GROUP g WITH GRANT OPTION;' },
    { name: 'unquoted names that differ only in case are the same name', code: 'CREATE USER Etl PASSWORD DISABLE;\nGRANT SELECT ON t TO ETL;' },
  ],
  invalid: [
    { name: 'a user named PUBLIC', code: 'CREATE USER public PASSWORD DISABLE;', errors: [
      { messageId: 'publicUser', message: 'A user cannot be named PUBLIC', line: 1, column: 13, endLine: 1, endColumn: 19, output: null },
    ] },
    {
      name: 'reserved word as a user name',
      code: 'GRANT SELECT ON t TO user;',
      errors: [{ messageId: 'reservedWord', message: 'user is a reserved word', line: 1, column: 22, endLine: 1, endColumn: 26, output: 'GRANT SELECT ON t TO "user";' }],
    },
    { name: 'reserved word as a table name', code: 'GRANT SELECT ON sales.order TO u;', errors: [
      { messageId: 'reservedWord', message: 'as a table name', line: 1, column: 23, endLine: 1, endColumn: 28, output: 'GRANT SELECT ON sales."order" TO u;' },
    ] },
    {
      name: 'quoted mixed-case user written unquoted',
      code: 'CREATE USER "Etl_User" PASSWORD DISABLE;\nGRANT SELECT ON t TO etl_user;',
      errors: [
        {
          messageId: 'caseMismatch',
          message: 'etl_user (unquoted, so it folds to lower case) is not the user "Etl_User"',
          line: 2, column: 22, endLine: 2, endColumn: 30,
          output: null,
          suggestions: [{ title: 'Write it as "Etl_User"', output: 'CREATE USER "Etl_User" PASSWORD DISABLE;\nGRANT SELECT ON t TO "Etl_User";' }],
        },
      ],
    },
    {
      name: 'unquoted user written quoted with capitals',
      code: 'CREATE GROUP analysts;\nALTER GROUP "Analysts" ADD USER u;',
      errors: [
        {
          messageId: 'caseMismatch',
          message: '"Analysts" (quoted) is not the group analysts',
          line: 2, column: 13, endLine: 2, endColumn: 23,
          output: null,
          suggestions: [{ title: 'Write it as analysts', output: 'CREATE GROUP analysts;\nALTER GROUP analysts ADD USER u;' }],
        },
      ],
    },
  ],
});
