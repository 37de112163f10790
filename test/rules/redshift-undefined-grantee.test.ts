// Fixtures for redshift/undefined-grantee: grants to users a user-creating script never creates.

import { undefinedGrantee } from '../../server/src/engine/rules/redshift/undefinedGrantee';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(undefinedGrantee, {
  valid: [
    { name: 'script creates no users', code: 'GRANT SELECT ON t TO someone;' },
    { code: 'CREATE USER a PASSWORD DISABLE;\nCREATE GROUP g;\nCREATE ROLE r;\nGRANT SELECT ON t TO a, GROUP g, ROLE r, PUBLIC;' },
    { name: 'groups and roles named bare are another rule', code: 'CREATE USER a PASSWORD DISABLE;\nCREATE GROUP g;\nGRANT SELECT ON t TO g;' },
    { name: 'client variables', code: "CREATE USER a PASSWORD DISABLE;\nGRANT SELECT ON t TO :reader;" },
  ],
  invalid: [
    {
      name: 'seed 001: destination user never created; reported once',
      code: 'CREATE USER tonic_user PASSWORD DISABLE;\nGRANT SELECT ON t TO tonic_destination_user;\nGRANT CREATE ON DATABASE d TO tonic_destination_user;',
      errors: [
        {
          messageId: 'neverCreated',
          message: 'tonic_destination_user is granted privileges but this script never creates it',
          line: 2, column: 22, endLine: 2, endColumn: 44,
          severity: 'info',
          output: null,
        },
      ],
    },
    { name: 'revokes too', code: 'CREATE USER a PASSWORD DISABLE;\nREVOKE ALL ON t FROM b;', errors: [
      { messageId: 'neverCreated', message: 'b is granted', line: 2, column: 22, endLine: 2, endColumn: 23, output: null },
    ] },
  ],
});
