// Fixtures for redshift/superuser: CREATEUSER (a superuser) and SYSLOG ACCESS UNRESTRICTED.

import { superuser } from '../../server/src/engine/rules/redshift/superuser';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(superuser, {
  valid: [
    { code: 'CREATE USER u NOCREATEUSER CREATEDB SYSLOG ACCESS RESTRICTED PASSWORD DISABLE;' },
    { name: 'the CREATE USER system permission is not a superuser', code: 'GRANT CREATE USER TO ROLE admins;' },
  ],
  invalid: [
    {
      name: 'option before PASSWORD (seed 001)',
      code: "CREATE USER tonic_user createuser PASSWORD 'tonic_password';",
      errors: [
        {
          messageId: 'createUser',
          message: 'CREATEUSER makes tonic_user a superuser',
          line: 1, column: 24, endLine: 1, endColumn: 34,
          severity: 'warning',
          output: null,
        },
      ],
    },
    { name: 'ALTER USER … CREATEUSER', code: 'ALTER USER bob CREATEUSER;', errors: [
      { messageId: 'createUser', message: 'CREATEUSER makes bob a superuser', line: 1, column: 16, endLine: 1, endColumn: 26, output: null },
    ] },
    {
      name: 'SYSLOG ACCESS UNRESTRICTED is info',
      code: 'ALTER USER datahub WITH SYSLOG ACCESS UNRESTRICTED;',
      errors: [{ messageId: 'syslogUnrestricted', message: "see every user's rows", line: 1, column: 25, endLine: 1, endColumn: 51, severity: 'info', output: null }],
    },
  ],
});
