// Fixtures for redshift/privilege-object-mismatch: privileges each object kind accepts, documented contradictions, the TEMPORARY fix.

import { privilegeObjectMismatch } from '../../server/src/engine/rules/redshift/privilegeObjectMismatch';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(privilegeObjectMismatch, {
  valid: [
    { code: 'GRANT SELECT, INSERT, UPDATE, DELETE, REFERENCES, TRUNCATE, ALTER, DROP ON sales.orders TO u;' },
    { code: 'GRANT CREATE, TEMPORARY, TEMP, USAGE, ALTER ON DATABASE analytics TO u;' },
    { code: 'GRANT CREATE, USAGE, ALTER, DROP ON SCHEMA s TO u;' },
    { name: 'ALL [PRIVILEGES] is in the procedure syntax', code: 'GRANT EXECUTE ON PROCEDURE p() TO u;\nGRANT ALL PRIVILEGES ON ALL PROCEDURES IN SCHEMA s TO u;' },
    { code: 'GRANT USAGE ON LANGUAGE plpythonu TO u;\nGRANT ALTER, SHARE ON DATASHARE ds TO u;\nGRANT EXECUTE ON MODEL m TO u;\nGRANT DROP ON COPY JOB j TO u;' },
    { name: 'column privileges', code: 'GRANT SELECT (a, b), UPDATE (c) ON TABLE t TO u;' },
    {
      name: 'Lake Formation column lists on an external table',
      code: "GRANT SELECT (a, b) ON EXTERNAL TABLE s.t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R';\nREVOKE GRANT OPTION FOR ALL (a) ON EXTERNAL TABLE s.t FROM IAM_ROLE 'arn:aws:iam::123456789012:role/R';",
    },
    { name: 'system ALL has no object', code: 'GRANT ALL TO ROLE r;' },
    { name: 'scoped permissions', code: 'GRANT CREATE, USAGE FOR SCHEMAS IN DATABASE d TO u;\nGRANT SELECT, TRUNCATE FOR TABLES IN SCHEMA s DATABASE d TO u;\nGRANT EXECUTE FOR FUNCTIONS IN SCHEMA s TO u;' },
    { name: 'default privileges', code: 'ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT, TRUNCATE ON TABLES TO u;\nALTER DEFAULT PRIVILEGES GRANT EXECUTE ON PROCEDURES TO u;' },
    { name: 'Lake Formation external objects', code: "GRANT SELECT ON EXTERNAL TABLE spectrum.t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R';\nGRANT CREATE ON EXTERNAL SCHEMA spectrum TO IAM_ROLE default;" },
    { name: 'system permissions without ON are another matter', code: 'GRANT CREATE USER TO ROLE r;' },
  ],
  invalid: [
    { name: 'UPDATE on columns of an external table', code: "GRANT UPDATE (a) ON EXTERNAL TABLE s.t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R';", errors: [
      { messageId: 'notColumnPrivilege', message: 'SELECT or ALL on an external table', line: 1, column: 7, endLine: 1, endColumn: 17, output: null },
    ] },
    {
      name: 'TEMPORARY on a schema moves to the database the script creates',
      code: 'CREATE DATABASE analytics;\nGRANT TEMPORARY ON SCHEMA staging TO etl;',
      errors: [
        {
          messageId: 'notAccepted',
          message: 'TEMPORARY cannot be granted on a schema',
          line: 2, column: 7, endLine: 2, endColumn: 16,
          output: null,
          suggestions: [{ title: 'Grant TEMPORARY on database analytics instead', output: 'CREATE DATABASE analytics;\nGRANT TEMPORARY ON DATABASE analytics TO etl;' }],
        },
      ],
    },
    {
      name: 'TEMPORARY among other privileges: removed here, granted on the database below',
      code: 'GRANT CREATE ON DATABASE analytics TO etl;\nGRANT CREATE, TEMP ON SCHEMA staging TO etl, GROUP g; -- staging\nSELECT 1;',
      errors: [
        {
          messageId: 'notAccepted',
          message: 'TEMPORARY',
          line: 2, column: 15, endLine: 2, endColumn: 19,
          output: null,
          suggestions: [
            { title: 'Grant TEMPORARY on database analytics instead', output: 'GRANT CREATE ON DATABASE analytics TO etl;\nGRANT CREATE ON SCHEMA staging TO etl, GROUP g; -- staging\nGRANT TEMPORARY ON DATABASE analytics TO etl, GROUP g;\nSELECT 1;' },
          ],
        },
      ],
    },
    {
      name: 'TEMPORARY on a schema with no known database: no fix',
      code: 'GRANT TEMPORARY ON SCHEMA staging TO etl;',
      errors: [{ messageId: 'notAccepted', message: 'TEMPORARY is a database privilege', line: 1, column: 7, endLine: 1, endColumn: 16, output: null }],
    },
    { code: 'GRANT USAGE ON TABLE t TO u;', errors: [
      { messageId: 'notAccepted', message: 'USAGE cannot be granted on a table', line: 1, column: 7, endLine: 1, endColumn: 12, output: null },
    ] },
    { code: 'GRANT TRUNCATE ON DATABASE d TO u;', errors: [
      { messageId: 'notAccepted', message: 'TRUNCATE cannot be granted on a database', line: 1, column: 7, endLine: 1, endColumn: 15, output: null },
    ] },
    { code: 'GRANT EXECUTE ON t TO u;', errors: [
      { messageId: 'notAccepted', message: 'EXECUTE cannot be granted on a table', line: 1, column: 7, endLine: 1, endColumn: 14, output: null },
    ] },
    { name: 'only EXECUTE on procedures', code: 'GRANT SELECT ON PROCEDURE p() TO u;', errors: [
      { messageId: 'notAccepted', message: 'SELECT cannot be granted on a procedure', line: 1, column: 7, endLine: 1, endColumn: 13, output: null },
    ] },
    { name: 'USAGE on all tables', code: 'GRANT USAGE ON ALL TABLES IN SCHEMA s TO u;', errors: [
      { messageId: 'notAccepted', message: 'USAGE cannot be granted on tables', line: 1, column: 7, endLine: 1, endColumn: 12, output: null },
    ] },
    { name: 'DROP ON DATABASE: documented contradiction', code: 'GRANT DROP ON DATABASE d TO u;', errors: [
      { messageId: 'dropOnDatabase', message: 'DROP ON DATABASE', line: 1, column: 7, endLine: 1, endColumn: 11, severity: 'warning', output: null },
    ] },
    { name: 'REVOKE USAGE ON DATABASE: documented contradiction', code: 'REVOKE USAGE ON DATABASE d FROM u;', errors: [
      { messageId: 'revokeUsageOnDatabase', message: 'REVOKE USAGE ON DATABASE', line: 1, column: 8, endLine: 1, endColumn: 13, severity: 'warning', output: null },
    ] },
    { name: 'column-level INSERT', code: 'GRANT INSERT (a) ON t TO u;', errors: [
      { messageId: 'notColumnPrivilege', message: 'cannot be granted on columns', line: 1, column: 7, endLine: 1, endColumn: 17, output: null },
    ] },
    { name: 'columns on ALL TABLES', code: 'GRANT SELECT (a) ON ALL TABLES IN SCHEMA s TO u;', errors: [
      { messageId: 'columnsNeedTable', message: 'Column-level SELECT needs ON [TABLE]', line: 1, column: 7, endLine: 1, endColumn: 17, output: null },
    ] },
    { name: 'system permission with ON', code: 'GRANT CREATE USER ON SCHEMA s TO ROLE r;', errors: [
      { messageId: 'systemPermissionWithTarget', message: 'CREATE USER is a system permission', line: 1, column: 7, endLine: 1, endColumn: 18, output: null },
    ] },
    { name: 'ALTER in default privileges on tables', code: 'ALTER DEFAULT PRIVILEGES GRANT ALTER ON TABLES TO u;', errors: [
      { messageId: 'notAccepted', message: 'ALTER cannot be granted on default privileges on tables', line: 1, column: 32, endLine: 1, endColumn: 37, output: null },
    ] },
    { name: 'USAGE as a scoped table permission', code: 'GRANT USAGE FOR TABLES IN SCHEMA s TO u;', errors: [
      { messageId: 'notAccepted', message: 'USAGE cannot be granted on tables (scoped permission)', line: 1, column: 7, endLine: 1, endColumn: 12, output: null },
    ] },
  ],
});
