// Fixtures for redshift/missing-required-grant: seed 001's scripts bound to their profiles, PUBLIC/group/ALL/scoped grants, REVOKE, user options.

import { missingRequiredGrant } from '../../server/src/engine/rules/redshift/missingRequiredGrant';
import { runRuleTests } from '../support/ruleTester';

const DATAHUB_GRANTS = ['svv_table_info', 'svv_external_tables', 'svv_external_columns', 'svv_external_schemas', 'svv_redshift_databases', 'svv_redshift_schemas', 'pg_class_info', 'svv_datashares', 'stv_mv_info']
  .map((v) => `GRANT SELECT ON pg_catalog.${v} TO datahub_user;\n`)
  .join('');
const SOURCE = '-- grantcheck-profile: structural/redshift-source user=tonic_user schema=public\n';
const DEST = '-- grantcheck-profile: structural/redshift-destination user=tonic_destination_user database=tonic_destination_database\n';

runRuleTests(missingRequiredGrant, {
  valid: [
    {
      name: 'seed 001 source user script (password disabled)',
      code: `${SOURCE}CREATE USER tonic_user WITH PASSWORD DISABLE;\nGRANT USAGE ON SCHEMA public TO tonic_user;\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO tonic_user;\nGRANT SELECT ON pg_catalog.svv_table_info TO tonic_user;\n`,
    },
    {
      name: 'seed 001 destination user script (the optional DROP ON SCHEMA is not required)',
      code: `${DEST}GRANT SELECT ON pg_catalog.svv_table_info TO tonic_destination_user;\nGRANT TEMPORARY ON DATABASE tonic_destination_database TO tonic_destination_user;\nGRANT CREATE ON DATABASE tonic_destination_database TO tonic_destination_user;\n`,
    },
    {
      name: 'ALL PRIVILEGES, TEMP spelling, PUBLIC and a group the user is in all count',
      code: `${DEST}CREATE GROUP loaders WITH USER tonic_destination_user;\nGRANT SELECT ON svv_table_info TO PUBLIC;\nGRANT TEMP ON DATABASE tonic_destination_database TO GROUP loaders;\nGRANT ALL ON DATABASE tonic_destination_database TO tonic_destination_user;\n`,
    },
    {
      name: 'a scoped grant FOR TABLES IN SCHEMA covers ALL TABLES IN SCHEMA; unbound names come from the script',
      code: `-- grantcheck-profile: structural/redshift-source\nCREATE USER etl PASSWORD DISABLE;\nGRANT USAGE ON SCHEMA sales TO etl;\nGRANT SELECT FOR TABLES IN SCHEMA sales TO etl;\nGRANT SELECT ON pg_catalog.svv_table_info TO etl;\n`,
    },
    { name: 'unbound scripts are not checked', code: 'GRANT USAGE ON SCHEMA public TO tonic_user;\n' },
  ],
  invalid: [
    {
      name: 'seed 001 source script without the svv_table_info grant',
      code: `${SOURCE}GRANT USAGE ON SCHEMA public TO tonic_user;\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO tonic_user;\n`,
      errors: [
        {
          messageId: 'notGranted',
          message: 'Profile structural/redshift-source requires GRANT SELECT ON pg_catalog.svv_table_info TO tonic_user',
          line: 1, column: 1, endLine: 1, endColumn: 80,
          output: null,
          suggestions: [
            { title: 'Add GRANT SELECT ON pg_catalog.svv_table_info TO tonic_user;', output: `${SOURCE}GRANT USAGE ON SCHEMA public TO tonic_user;\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO tonic_user;\nGRANT SELECT ON pg_catalog.svv_table_info TO tonic_user;\n` },
          ],
        },
      ],
    },
    {
      name: 'a grant to another user does not count; a later REVOKE takes a grant away',
      code: `${DEST}GRANT SELECT ON pg_catalog.svv_table_info TO someone_else;\nGRANT TEMPORARY, CREATE ON DATABASE tonic_destination_database TO tonic_destination_user;\nREVOKE CREATE ON DATABASE tonic_destination_database FROM tonic_destination_user;\n`,
      errors: [
        {
          messageId: 'notGranted',
          message: /svv_table_info TO tonic_destination_user — view table metadata; the script never grants it\./,
          line: 1, column: 1, endLine: 1, endColumn: 119,
          output: null,
          suggestions: [
            { title: 'Add GRANT SELECT ON pg_catalog.svv_table_info TO tonic_destination_user;', output: '-- grantcheck-profile: structural/redshift-destination user=tonic_destination_user database=tonic_destination_database\nGRANT SELECT ON pg_catalog.svv_table_info TO someone_else;\nGRANT TEMPORARY, CREATE ON DATABASE tonic_destination_database TO tonic_destination_user;\nREVOKE CREATE ON DATABASE tonic_destination_database FROM tonic_destination_user;\nGRANT SELECT ON pg_catalog.svv_table_info TO tonic_destination_user;\n' },
          ],
        },
        {
          messageId: 'revoked',
          message: /GRANT CREATE ON DATABASE tonic_destination_database TO tonic_destination_user — .*, but it is revoked on line 4\./,
          line: 1, column: 1, endLine: 1, endColumn: 119,
          output: null,
        },
      ],
    },
    {
      name: 'DataHub needs SYSLOG ACCESS UNRESTRICTED: added to CREATE USER',
      code: `-- grantcheck-profile: datahub/redshift-ingestion user=datahub_user\nCREATE USER datahub_user PASSWORD DISABLE;\n${DATAHUB_GRANTS}`,
      errors: [
        {
          messageId: 'userOptionMissing',
          message: 'requires datahub_user to have SYSLOG ACCESS UNRESTRICTED',
          line: 2, column: 1, endLine: 2, endColumn: 43,
          output: null,
          suggestions: [
            { title: 'Add SYSLOG ACCESS UNRESTRICTED to CREATE USER', output: `-- grantcheck-profile: datahub/redshift-ingestion user=datahub_user\nCREATE USER datahub_user PASSWORD DISABLE SYSLOG ACCESS UNRESTRICTED;\n${DATAHUB_GRANTS}` },
          ],
        },
      ],
    },
  ],
});
