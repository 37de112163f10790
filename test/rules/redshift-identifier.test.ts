// Fixtures for redshift/identifier: reserved words as names, and quoted mixed-case names written differently elsewhere.

import { runRuleTests } from '../support/ruleTester';

runRuleTests('redshift/identifier', {
  kind: 'redshift-sql',
  valid: [
    { code: 'CREATE USER "Etl_User" PASSWORD DISABLE;\nGRANT SELECT ON sales.orders TO "Etl_User";' },
    { name: 'quoted reserved words', code: 'GRANT SELECT ON "table"."order" TO "user";' },
    { name: 'both spellings created: two users on purpose', code: 'CREATE USER "Etl" PASSWORD DISABLE;\nCREATE USER etl PASSWORD DISABLE;\nGRANT SELECT ON t TO etl, "Etl";' },
    { name: 'keywords in their places are not names', code: 'GRANT ALL ON ALL TABLES IN SCHEMA s TO GROUP g WITH GRANT OPTION;' },
    { name: 'unquoted names that differ only in case are the same name', code: 'CREATE USER Etl PASSWORD DISABLE;\nGRANT SELECT ON t TO ETL;' },
  ],
  invalid: [
    { name: 'a user named PUBLIC', code: 'CREATE USER public PASSWORD DISABLE;', errors: [{ message: 'A user cannot be named PUBLIC', column: 13, endColumn: 19 }] },
    {
      name: 'reserved word as a user name',
      code: 'GRANT SELECT ON t TO user;',
      errors: [{ message: 'user is a reserved word', column: 22, endColumn: 26, fixes: ['GRANT SELECT ON t TO "user";'] }],
    },
    { name: 'reserved word as a table name', code: 'GRANT SELECT ON sales.order TO u;', errors: [{ message: 'as a table name', column: 23, fixes: ['GRANT SELECT ON sales."order" TO u;'] }] },
    {
      name: 'quoted mixed-case user written unquoted',
      code: 'CREATE USER "Etl_User" PASSWORD DISABLE;\nGRANT SELECT ON t TO etl_user;',
      errors: [{ message: 'etl_user (unquoted, so it folds to lower case) is not the user "Etl_User"', line: 2, column: 22, endColumn: 30, fixes: ['CREATE USER "Etl_User" PASSWORD DISABLE;\nGRANT SELECT ON t TO "Etl_User";'] }],
    },
    {
      name: 'unquoted user written quoted with capitals',
      code: 'CREATE GROUP analysts;\nALTER GROUP "Analysts" ADD USER u;',
      errors: [{ message: '"Analysts" (quoted) is not the group analysts', fixes: ['CREATE GROUP analysts;\nALTER GROUP analysts ADD USER u;'] }],
    },
  ],
});
