// Fixtures for redshift/superuser: CREATEUSER (a superuser) and SYSLOG ACCESS UNRESTRICTED.

import { runRuleTests } from '../support/ruleTester';

runRuleTests('redshift/superuser', {
  kind: 'redshift-sql',
  valid: [
    { code: 'CREATE USER u NOCREATEUSER CREATEDB SYSLOG ACCESS RESTRICTED PASSWORD DISABLE;' },
    { name: 'the CREATE USER system permission is not a superuser', code: 'GRANT CREATE USER TO ROLE admins;' },
  ],
  invalid: [
    {
      name: 'option before PASSWORD (seed 001)',
      code: "CREATE USER tonic_user createuser PASSWORD 'tonic_password';",
      errors: [{ message: 'CREATEUSER makes tonic_user a superuser', column: 24, endColumn: 34, severity: 'warning' }],
    },
    { name: 'ALTER USER … CREATEUSER', code: 'ALTER USER bob CREATEUSER;', errors: [{ message: 'CREATEUSER makes bob a superuser', column: 16, endColumn: 26 }] },
    {
      name: 'SYSLOG ACCESS UNRESTRICTED is info',
      code: 'ALTER USER datahub WITH SYSLOG ACCESS UNRESTRICTED;',
      errors: [{ message: "see every user's rows", severity: 'info', column: 25, endColumn: 51 }],
    },
  ],
});
