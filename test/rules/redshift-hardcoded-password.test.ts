// Fixtures for redshift/hardcoded-password: clear-text passwords in the script; DISABLE and md5 fixes; never echo the secret.

import { createHash } from 'node:crypto';
import { hardcodedPassword } from '../../server/src/engine/rules/redshift/hardcodedPassword';
import { runRuleTests } from '../support/ruleTester';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

runRuleTests(hardcodedPassword, {
  valid: [
    { code: 'CREATE USER u PASSWORD DISABLE;' },
    { code: "CREATE USER u PASSWORD 'md5153c434b4b77c89e6b94f12c5393af5b';" },
    { code: "CREATE USER u PASSWORD :'pw';\nCREATE USER v PASSWORD '${V_PASSWORD}';\nCREATE USER w PASSWORD '<password>';" },
    { name: 'a password-looking string elsewhere', code: "SELECT 'Secret123' AS x;\nGRANT SELECT ON t TO u;" },
  ],
  invalid: [
    {
      name: 'valid clear-text password: DISABLE or its md5 hash',
      code: "CREATE USER etl_user PASSWORD 'Etl-Passw0rd';",
      errors: [
        {
          messageId: 'clearTextPassword',
          message: /^(?!.*Etl-Passw0rd)Clear-text password for user etl_user/,
          line: 1, column: 31, endLine: 1, endColumn: 45,
          output: null,
          suggestions: [
            { title: 'Use PASSWORD DISABLE (sign in with IAM credentials)', output: 'CREATE USER etl_user PASSWORD DISABLE;' },
            { title: 'Replace with its md5 hash (md5 of password and user name)', output: `CREATE USER etl_user PASSWORD 'md5${md5('Etl-Passw0rdetl_user')}';` },
          ],
        },
      ],
    },
    {
      name: 'weak password: only DISABLE (hashing would hide a password Redshift rejects)',
      code: "CREATE USER tonic_user WITH PASSWORD 'tonic_password';",
      errors: [
        {
          messageId: 'clearTextPassword',
          message: /^(?!.*tonic_password)/,
          line: 1, column: 38, endLine: 1, endColumn: 54,
          output: null,
          suggestions: [{ title: 'Use PASSWORD DISABLE (sign in with IAM credentials)', output: 'CREATE USER tonic_user WITH PASSWORD DISABLE;' }],
        },
      ],
    },
    {
      name: 'a superuser cannot use PASSWORD DISABLE: only the md5 fix',
      code: "CREATE USER admin CREATEUSER PASSWORD 'Adm1nSecret';",
      errors: [
        {
          messageId: 'clearTextPassword',
          line: 1, column: 39, endLine: 1, endColumn: 52,
          output: null,
          suggestions: [
            { title: 'Replace with its md5 hash (md5 of password and user name)', output: `CREATE USER admin CREATEUSER PASSWORD 'md5${md5('Adm1nSecretadmin')}';` },
          ],
        },
      ],
    },
    {
      name: 'ALTER USER with a quoted mixed-case name hashes with the name as written',
      code: "ALTER USER \"Etl\" PASSWORD 'sha256|Abcdefg1' VALID UNTIL '2030-01-01';",
      errors: [
        {
          messageId: 'clearTextPassword',
          line: 1, column: 27, endLine: 1, endColumn: 44,
          output: null,
          suggestions: [
            { title: 'Use PASSWORD DISABLE (sign in with IAM credentials)', output: "ALTER USER \"Etl\" PASSWORD DISABLE VALID UNTIL '2030-01-01';" },
            { title: 'Replace with its md5 hash (md5 of password and user name)', output: `ALTER USER "Etl" PASSWORD 'md5${md5('Abcdefg1Etl')}' VALID UNTIL '2030-01-01';` },
          ],
        },
      ],
    },
  ],
});
