// Fixtures for redshift/duplicate-user: the same user created twice, with Redshift's name folding.

import { duplicateUser } from '../../server/src/engine/rules/redshift/duplicateUser';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(duplicateUser, {
  valid: [
    { code: 'CREATE USER a PASSWORD DISABLE;\nCREATE USER b PASSWORD DISABLE;' },
    { name: 'quoted names keep their case', code: 'CREATE USER "Etl" PASSWORD DISABLE;\nCREATE USER etl PASSWORD DISABLE;' },
    { name: 'dropped in between', code: 'CREATE USER a PASSWORD DISABLE;\nDROP USER IF EXISTS a;\nCREATE USER a PASSWORD DISABLE;' },
    { name: 'renamed in between', code: 'CREATE USER a PASSWORD DISABLE;\nALTER USER a RENAME TO b;\nCREATE USER a PASSWORD DISABLE;' },
  ],
  invalid: [
    {
      name: 'seed 001: tonic_user created twice',
      code: "CREATE USER tonic_user WITH PASSWORD 'x';\nGRANT SELECT ON t TO tonic_user;\nCREATE USER tonic_user createuser PASSWORD 'x';",
      errors: [{ messageId: 'alreadyCreated', message: 'User tonic_user is already created on line 1', line: 3, column: 13, endLine: 3, endColumn: 23, output: null }],
    },
    { name: 'unquoted names fold', code: 'CREATE USER Bob PASSWORD DISABLE;\nCREATE USER "bob" PASSWORD DISABLE;', errors: [
      { messageId: 'alreadyCreated', message: 'User bob', line: 2, column: 13, endLine: 2, endColumn: 18, output: null },
    ] },
    {
      name: 'renamed onto an existing name',
      code: 'CREATE USER a PASSWORD DISABLE;\nALTER USER a RENAME TO b;\nCREATE USER b PASSWORD DISABLE;',
      errors: [{ messageId: 'alreadyCreated', message: 'already created on line 2', line: 3, column: 13, endLine: 3, endColumn: 14, output: null }],
    },
  ],
});
