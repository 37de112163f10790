// Fixtures for redshift/syntax: parse errors with expected tokens, and their quick fixes.

import { syntax } from '../../server/src/engine/rules/redshift/syntax';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(syntax, {
  valid: [
    { code: 'GRANT SELECT ON sales.orders TO report_reader;' },
    { name: 'options before PASSWORD (AWS superuser page form)', code: "CREATE USER adminuser CREATEUSER PASSWORD 'Abcd1234';" },
    { name: 'ordinary SQL around grants', code: 'CREATE TABLE t (a int);\nSELECT 1;\nBEGIN;\nGRANT SELECT ON t TO u;\nCOMMIT;' },
    { name: 'last statement without ;', code: 'GRANT USAGE ON SCHEMA s TO u' },
    { name: 'nested block comment and -- comment', code: '/* a /* nested */ comment */ GRANT SELECT ON t TO u; -- done' },
    { name: 'dollar-quoted body with semicolons', code: 'CREATE PROCEDURE p() AS $$ BEGIN SELECT 1; END; $$ LANGUAGE plpgsql;\nGRANT EXECUTE ON PROCEDURE p() TO u;' },
    { name: 'temporary table name with #', code: 'SELECT * INTO #tmp FROM t;\nGRANT SELECT ON t TO u;' },
    { name: 'psql variable as password', code: "CREATE USER u PASSWORD :'pw';" },
    { name: 'system-defined role names with a sys: prefix', code: 'GRANT ROLE sys:dba TO bob;\nGRANT ROLE "sys:monitor" TO ROLE ops;' },
    { name: 'psql meta-commands are not SQL', code: '\\connect analytics\n\\set ON_ERROR_STOP on\nGRANT SELECT ON t TO u;' },
    { name: 'ALTER USER options', code: "ALTER USER u WITH PASSWORD 'Abcd1234' VALID UNTIL '2030-01-01' CONNECTION LIMIT 5 SESSION TIMEOUT 300 SET search_path TO a, b;" },
    { name: 'ALTER USER rename and reset', code: 'ALTER USER u RENAME TO v; ALTER USER v RESET SESSION TIMEOUT; ALTER USER v RESET search_path;' },
    { name: 'groups and roles', code: 'CREATE GROUP g WITH USER a, b; ALTER GROUP g ADD USER c; ALTER GROUP g DROP USER a; DROP GROUP g; CREATE ROLE r; GRANT ROLE r TO a WITH ADMIN OPTION; GRANT ROLE r TO ROLE r2; REVOKE ROLE r FROM a; DROP ROLE r; DROP USER IF EXISTS a, b;' },
    { name: 'assumerole, datashare, model, copy job, external, scoped', code: "GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/R' TO u FOR COPY, UNLOAD;\nGRANT USAGE ON DATASHARE ds TO NAMESPACE 'abc';\nGRANT EXECUTE ON MODEL m TO u;\nGRANT ALTER ON COPY JOB j TO u;\nGRANT SELECT ON EXTERNAL TABLE spectrum.t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R';\nGRANT SELECT FOR TABLES IN SCHEMA s DATABASE d TO u;\nGRANT CREATE MODEL TO u;\nGRANT CREATE USER, ACCESS SYSTEM TABLE TO ROLE r;" },
    { name: 'column privileges and function signatures', code: 'GRANT SELECT (a, b), UPDATE (c) ON TABLE t TO u;\nGRANT EXECUTE ON FUNCTION f(int, varchar(10)) TO u;\nREVOKE GRANT OPTION FOR ALL ON ALL FUNCTIONS IN SCHEMA s FROM u CASCADE;' },
  ],
  invalid: [
    {
      name: 'misspelled privilege, with a did-you-mean fix',
      code: 'GRANT SELEC ON t TO u;',
      errors: [
        {
          messageId: 'unknownPrivilege',
          message: 'Unknown privilege SELEC: did you mean SELECT?',
          line: 1, column: 7, endLine: 1, endColumn: 12,
          output: 'GRANT SELECT ON t TO u;',
        },
      ],
    },
    {
      name: 'missing ON lists the expected tokens',
      code: 'GRANT SELECT sales.orders TO u;',
      errors: [{ messageId: 'unexpectedToken', message: 'Unexpected sales: expected ON, "," or "("', line: 1, column: 14, endLine: 1, endColumn: 19, output: null }],
    },
    {
      name: 'missing TO',
      code: 'GRANT SELECT ON t u;',
      errors: [{ messageId: 'unexpectedToken', message: 'Unexpected u: expected "," or TO', line: 1, column: 19, endLine: 1, endColumn: 20, output: null }],
    },
    {
      name: 'unquoted password is quoted by the fix',
      code: 'CREATE USER bob PASSWORD Secret12x;',
      errors: [
        {
          messageId: 'unquotedPassword',
          message: 'single-quoted string literal',
          line: 1, column: 26, endLine: 1, endColumn: 35,
          output: "CREATE USER bob PASSWORD 'Secret12x';",
        },
      ],
    },
    {
      name: 'double-quoted password',
      code: 'ALTER USER bob PASSWORD "Secret12x";',
      errors: [
        { messageId: 'unquotedPassword', message: 'single-quoted', line: 1, column: 25, endLine: 1, endColumn: 36, output: "ALTER USER bob PASSWORD 'Secret12x';" },
      ],
    },
    {
      name: '# comment becomes --',
      code: '# create the user\nCREATE USER u PASSWORD DISABLE;',
      errors: [
        {
          messageId: 'hashComment',
          message: '`#` does not start a comment',
          line: 1, column: 1, endLine: 1, endColumn: 18,
          output: '-- create the user\nCREATE USER u PASSWORD DISABLE;',
        },
      ],
    },
    {
      name: 'missing ; between two statements: the second still parses',
      code: 'GRANT USAGE ON SCHEMA s TO u\nGRANT SELECT ON s.t TO u;',
      errors: [
        {
          messageId: 'missingSemicolon',
          message: 'Missing ; before the next statement (GRANT on line 2)',
          line: 1, column: 28, endLine: 1, endColumn: 29,
          output: 'GRANT USAGE ON SCHEMA s TO u;\nGRANT SELECT ON s.t TO u;',
        },
      ],
    },
    {
      name: 'missing ; after ordinary SQL before a grant',
      code: 'CREATE TABLE t (a int)\nGRANT SELECT ON t TO u;',
      errors: [
        {
          messageId: 'missingSemicolon',
          message: 'Missing ;',
          line: 1, column: 22, endLine: 1, endColumn: 23,
          output: 'CREATE TABLE t (a int);\nGRANT SELECT ON t TO u;',
        },
      ],
    },
    {
      name: 'CREATE USER without PASSWORD',
      code: 'CREATE USER bob;',
      errors: [{ messageId: 'unexpectedToken', message: 'CREATE USER needs a PASSWORD', line: 1, column: 13, endLine: 1, endColumn: 16, output: null }],
    },
    {
      name: 'misspelled statement keyword',
      code: 'GRNAT SELECT ON t TO u;',
      errors: [{ messageId: 'unknownStatement', message: 'did you mean GRANT?', line: 1, column: 1, endLine: 1, endColumn: 6, output: 'GRANT SELECT ON t TO u;' }],
    },
    {
      name: 'misspelled CREATE USER',
      code: 'CREATE USR bob PASSWORD DISABLE;',
      errors: [
        {
          messageId: 'unknownStatement',
          message: 'did you mean CREATE USER?',
          line: 1, column: 8, endLine: 1, endColumn: 11,
          output: 'CREATE USER bob PASSWORD DISABLE;',
        },
      ],
    },
    {
      name: 'PostgreSQL role grant without ROLE',
      code: 'GRANT admins TO bob;',
      errors: [
        {
          messageId: 'unknownPrivilege',
          message: 'To grant a role write GRANT ROLE admins',
          line: 1, column: 7, endLine: 1, endColumn: 13,
          output: null,
          suggestions: [{ title: 'Insert ROLE (grant the role admins)', output: 'GRANT ROLE admins TO bob;' }],
        },
      ],
    },
    {
      name: 'ALL VIEWS IN DATABASE (dbt docs line) is not Redshift',
      code: 'grant select on all views in database analytics to u;',
      errors: [{ messageId: 'unexpectedToken', message: 'expected TABLES, FUNCTIONS or PROCEDURES', line: 1, column: 21, endLine: 1, endColumn: 26, output: null }],
    },
    {
      name: 'object keyword without a name',
      code: 'GRANT SELECT ON TABLE TO u;',
      errors: [{ messageId: 'unexpectedToken', message: 'Unexpected TO: expected <table name>', line: 1, column: 23, endLine: 1, endColumn: 25, output: null }],
    },
    {
      name: 'truncated statement at the end of the script',
      code: 'GRANT SELECT ON t TO',
      errors: [
        {
          messageId: 'unexpectedToken',
          message: 'Unexpected end of script: expected GROUP, ROLE, PUBLIC or <user>',
          line: 1, column: 19, endLine: 1, endColumn: 21,
          output: null,
        },
      ],
    },
    {
      name: 'unterminated string',
      code: "CREATE USER u PASSWORD 'abc",
      errors: [{ messageId: 'unterminated', message: 'Unterminated string', line: 1, column: 24, endLine: 1, endColumn: 28, output: null }],
    },
    {
      name: 'recovery: an error in one statement does not hide the next',
      code: 'GRANT SELECT ON t TO u WITH;\nGRANT SELEC ON t TO u;',
      errors: [
        { messageId: 'unexpectedToken', message: 'expected GRANT or ADMIN', line: 1, column: 28, endLine: 1, endColumn: 29, output: null },
        {
          messageId: 'unknownPrivilege',
          message: 'SELEC',
          line: 2, column: 7, endLine: 2, endColumn: 12,
          output: 'GRANT SELECT ON t TO u WITH;\nGRANT SELECT ON t TO u;',
        },
      ],
    },
  ],
});
