// Fixtures for redshift/password-policy: Redshift's clear-text password rules; hashes and placeholders are skipped.

import { passwordPolicy } from '../../server/src/engine/rules/redshift/passwordPolicy';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(passwordPolicy, {
  valid: [
    { code: "CREATE USER u PASSWORD 'Abcdefg1';" },
    { name: '64 characters', code: `CREATE USER u PASSWORD 'Aa1${'x'.repeat(61)}';` },
    { name: 'one syntax error in the statement: no cascaded password finding after it', code: "CREATE USER u CREATEDBX PASSWORD 'abc';\nCREATE USER v PASSWORD 'Abcdefg1 CREATEUSER;" },
    { name: 'md5 hash', code: "CREATE USER u PASSWORD 'md5153c434b4b77c89e6b94f12c5393af5b';" },
    { name: 'sha256 digest and salt', code: "ALTER USER u PASSWORD 'sha256|0f6c2b8d|e4d1a9c3';" },
    { name: 'DISABLE and client variables', code: "CREATE USER a PASSWORD DISABLE; CREATE USER b PASSWORD :'pw'; CREATE USER c PASSWORD '${DB_PASSWORD}'; CREATE USER d PASSWORD '{{ password }}';" },
    { name: 'NOCREATEUSER with DISABLE', code: 'CREATE USER a NOCREATEUSER PASSWORD DISABLE;' },
    { name: 'symbols Redshift allows', code: "CREATE USER u PASSWORD 'Ab1!#$%^&*()-_=+[]{}'; " },
  ],
  invalid: [
    {
      name: 'md5 + 31 hex digits: a broken hash (as in the ALTER USER page example)',
      code: "ALTER USER u PASSWORD 'md51234567890123456780123456789012';",
      errors: [
        {
          messageId: 'brokenMd5Hash',
          message: 'The password for user u looks like an md5 hash but has 31 hex digits after md5 (a hash has 32): Redshift takes it as a clear-text password',
          line: 1, column: 23, endLine: 1, endColumn: 59,
          output: null,
        },
      ],
    },
    { name: 'md5 + 33 hex digits', code: "CREATE USER u PASSWORD 'md5153c434b4b77c89e6b94f12c5393af5b0';", errors: [
      { messageId: 'brokenMd5Hash', message: 'has 33 hex digits', line: 1, column: 24, endLine: 1, endColumn: 62, output: null },
    ] },
    {
      name: 'seed 001 sample password',
      code: "CREATE USER tonic_user WITH PASSWORD 'tonic_password';",
      errors: [
        {
          messageId: 'rejected',
          message: 'Redshift rejects this password for user tonic_user: it has no uppercase letter; it has no digit.',
          line: 1, column: 38, endLine: 1, endColumn: 54,
          output: null,
        },
      ],
    },
    { name: 'too short', code: "CREATE USER u PASSWORD 'Ab1';", errors: [
      { messageId: 'rejected', message: 'it has 3 characters (at least 8 are required)', line: 1, column: 24, endLine: 1, endColumn: 29, output: null },
    ] },
    { name: 'too long', code: `CREATE USER u PASSWORD 'Aa1${'x'.repeat(62)}';`, errors: [
      { messageId: 'rejected', message: 'it has 65 characters (at most 64 are allowed)', line: 1, column: 24, endLine: 1, endColumn: 91, output: null },
    ] },
    { name: 'no lowercase', code: "ALTER USER u PASSWORD 'ABCDEFG1';", errors: [
      { messageId: 'rejected', message: 'it has no lowercase letter', line: 1, column: 23, endLine: 1, endColumn: 33, output: null },
    ] },
    {
      name: 'forbidden characters',
      code: "CREATE USER u PASSWORD 'Abc/defg1 \"x\\';",
      errors: [
        {
          messageId: 'rejected',
          message: 'it contains `/`, a space, `"`, `\\`, which Redshift does not allow',
          line: 1, column: 24, endLine: 1, endColumn: 39,
          output: null,
        },
      ],
    },
    { name: "escaped quote is a forbidden '", code: "CREATE USER u PASSWORD 'Abc''defg1';", errors: [
      { messageId: 'rejected', message: "`'`", line: 1, column: 24, endLine: 1, endColumn: 36, output: null },
    ] },
    { name: '@ is a warning only', code: "CREATE USER u PASSWORD 'Abcdefg1@';", errors: [
      { messageId: 'containsAt', message: 'contains @', line: 1, column: 24, endLine: 1, endColumn: 35, severity: 'warning', output: null },
    ] },
    { name: 'sha256|clear text is checked', code: "CREATE USER u PASSWORD 'sha256|weak';", errors: [
      { messageId: 'rejected', message: 'it has 4 characters', line: 1, column: 24, endLine: 1, endColumn: 37, output: null },
    ] },
    {
      name: "a superuser's password cannot be disabled",
      code: 'CREATE USER admin CREATEUSER PASSWORD DISABLE;\nCREATE USER ops PASSWORD DISABLE;\nALTER USER ops CREATEUSER;\nALTER USER ops PASSWORD DISABLE;',
      errors: [
        {
          messageId: 'superuserPasswordDisabled',
          message: 'Redshift cannot disable the password of a superuser: admin has CREATEUSER',
          line: 1, column: 30, endLine: 1, endColumn: 46,
          output: null,
        },
        { messageId: 'superuserPasswordDisabled', message: 'ops has CREATEUSER', line: 4, column: 16, endLine: 4, endColumn: 32, output: null },
      ],
    },
    {
      name: 'the message never contains the password',
      code: "CREATE USER u PASSWORD 'hunter2';",
      errors: [{ messageId: 'rejected', message: /^(?!.*hunter2).*no uppercase letter/, line: 1, column: 24, endLine: 1, endColumn: 33, output: null }],
    },
  ],
});
