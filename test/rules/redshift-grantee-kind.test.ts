// Fixtures for redshift/grantee-kind: who can receive grant options, scoped and system permissions, roles; GROUP/ROLE insertion.

import { runRuleTests } from '../support/ruleTester';

runRuleTests('redshift/grantee-kind', {
  kind: 'redshift-sql',
  valid: [
    { code: 'CREATE GROUP analysts;\nGRANT SELECT ON t TO GROUP analysts, bob WITH GRANT OPTION, PUBLIC;' },
    { code: 'CREATE ROLE etl;\nGRANT CREATE USER, ACCESS SYSTEM TABLE TO ROLE etl;\nGRANT ROLE etl TO bob WITH ADMIN OPTION, ROLE other;' },
    { name: 'CREATE MODEL may go to users and groups', code: 'GRANT CREATE MODEL TO bob, GROUP analysts, PUBLIC;' },
    { name: 'scoped permissions to users and roles', code: 'GRANT SELECT FOR TABLES IN SCHEMA s TO bob, ROLE r;' },
    { name: 'datashare consumers', code: "GRANT USAGE ON DATASHARE ds TO NAMESPACE 'ns-guid', ACCOUNT '123456789012' VIA DATA CATALOG;\nGRANT SHARE ON DATASHARE ds TO bob;" },
    { name: 'a name that is both a user and a group is read as the user', code: 'CREATE USER sam PASSWORD DISABLE;\nCREATE GROUP sam;\nGRANT SELECT ON t TO sam;' },
  ],
  invalid: [
    {
      name: 'a group named without GROUP (seed-style "TO analysts")',
      code: 'CREATE GROUP analysts;\nGRANT SELECT ON t TO analysts;',
      errors: [{ message: 'analysts is created as a group in this script', line: 2, column: 22, endColumn: 30, fixes: ['CREATE GROUP analysts;\nGRANT SELECT ON t TO GROUP analysts;'] }],
    },
    {
      name: 'a role named without ROLE',
      code: 'CREATE ROLE etl;\nGRANT CREATE USER TO etl;',
      errors: [{ message: 'created as a role', fixes: ['CREATE ROLE etl;\nGRANT CREATE USER TO ROLE etl;'] }],
    },
    { name: 'WITH GRANT OPTION to a group', code: 'GRANT SELECT ON t TO GROUP g WITH GRANT OPTION;', errors: [{ message: 'cannot be given to group g', column: 30, endColumn: 47 }] },
    { name: 'WITH GRANT OPTION to PUBLIC', code: 'GRANT SELECT ON t TO PUBLIC WITH GRANT OPTION;', errors: [{ message: 'cannot be given to PUBLIC' }] },
    { name: 'WITH GRANT OPTION with column privileges', code: 'GRANT SELECT (a) ON t TO bob WITH GRANT OPTION;', errors: [{ message: 'column-level privileges' }] },
    { name: 'scoped permissions to a group', code: 'GRANT SELECT FOR TABLES IN SCHEMA s TO GROUP g;', errors: [{ message: 'Scoped permissions (FOR TABLES IN …) cannot be granted to a group', column: 40, endColumn: 47 }] },
    {
      name: 'system permissions to a user and a group',
      code: 'GRANT CREATE USER TO bob, GROUP g;',
      errors: [
        { message: 'System permissions (CREATE USER) can be granted only to roles', column: 22, endColumn: 25, fixes: [] },
        { message: 'not to group g', column: 27, endColumn: 34 },
      ],
    },
    { name: 'a role granted to a group', code: 'GRANT ROLE r TO GROUP g;', errors: [{ message: 'A role can be granted only to a user or another role' }] },
    { name: 'WITH ADMIN OPTION outside role grants', code: 'GRANT SELECT ON t TO bob WITH ADMIN OPTION;', errors: [{ message: 'WITH ADMIN OPTION applies only' }] },
    { name: 'NAMESPACE outside datashares', code: "GRANT SELECT ON t TO NAMESPACE 'x';", errors: [{ message: 'NAMESPACE grantees receive only USAGE ON DATASHARE' }] },
    { name: 'datashare USAGE to a user', code: 'GRANT USAGE ON DATASHARE ds TO bob;', errors: [{ message: 'consumer NAMESPACE or ACCOUNT' }] },
    { name: 'IAM_ROLE outside external objects', code: "GRANT SELECT ON t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R';", errors: [{ message: 'IAM_ROLE grantees' }] },
  ],
});
