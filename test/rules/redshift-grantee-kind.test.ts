// Fixtures for redshift/grantee-kind: who can receive grant options, scoped and system permissions, roles; GROUP/ROLE insertion.

import { granteeKind } from '../../server/src/engine/rules/redshift/granteeKind';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(granteeKind, {
  valid: [
    { code: 'CREATE GROUP analysts;\nGRANT SELECT ON t TO GROUP analysts, bob WITH GRANT OPTION, PUBLIC;' },
    { code: 'CREATE ROLE etl;\nGRANT CREATE USER, ACCESS SYSTEM TABLE TO ROLE etl;\nGRANT ROLE etl TO bob WITH ADMIN OPTION, ROLE other;' },
    { name: 'CREATE MODEL may go to users and groups', code: 'GRANT CREATE MODEL TO bob, GROUP analysts, PUBLIC;' },
    { name: 'scoped permissions to users and roles', code: 'GRANT SELECT FOR TABLES IN SCHEMA s TO bob, ROLE r;' },
    { name: 'datashare consumers', code: "GRANT USAGE ON DATASHARE ds TO NAMESPACE 'ns-guid', ACCOUNT '123456789012' VIA DATA CATALOG;\nGRANT SHARE ON DATASHARE ds TO bob;" },
    { name: 'system ALL to roles', code: 'GRANT ALL TO ROLE r, ROLE r2;\nREVOKE ALL PRIVILEGES FROM ROLE r;' },
    { name: 'EXPLAIN MASKING may go to users and roles', code: 'GRANT EXPLAIN MASKING TO bob, ROLE r;\nREVOKE EXPLAIN MASKING FROM bob;' },
    { name: 'SELECT on lookup tables to RLS and masking policies', code: 'GRANT SELECT ON TABLE t, u TO RLS POLICY p, RLS POLICY p2;\nGRANT SELECT ON t TO MASKING POLICY m;\nREVOKE SELECT ON t FROM RLS POLICY p;' },
    {
      name: 'Lake Formation column grants with grant option to IAM roles',
      code: "GRANT SELECT (a, b) ON EXTERNAL TABLE s.t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R' WITH GRANT OPTION;",
    },
    { name: 'GROUP for a name created as both a group and a role', code: 'CREATE GROUP a;\nCREATE ROLE a;\nGRANT SELECT ON t TO GROUP a, ROLE a;' },
    { name: 'a name that is both a user and a group is read as the user', code: 'CREATE USER sam PASSWORD DISABLE;\nCREATE GROUP sam;\nGRANT SELECT ON t TO sam;' },
  ],
  invalid: [
    {
      name: 'a role granted with the GROUP keyword',
      code: 'CREATE ROLE analysts;\nGRANT SELECT ON t TO GROUP analysts;',
      errors: [
        {
          messageId: 'wrongKeyword',
          message: 'analysts is created as a role in this script, but GROUP looks for a group: the grant fails with group "analysts" does not exist.',
          line: 2, column: 22, endLine: 2, endColumn: 36,
          output: 'CREATE ROLE analysts;\nGRANT SELECT ON t TO ROLE analysts;',
        },
      ],
    },
    {
      name: 'a group granted with the ROLE keyword',
      code: 'CREATE GROUP analysts;\nGRANT USAGE ON SCHEMA s TO bob, ROLE analysts;',
      errors: [
        {
          messageId: 'wrongKeyword',
          message: 'created as a group in this script, but ROLE looks for a role',
          line: 2, column: 33, endLine: 2, endColumn: 46,
          output: 'CREATE GROUP analysts;\nGRANT USAGE ON SCHEMA s TO bob, GROUP analysts;',
        },
      ],
    },
    { name: 'system ALL to a user', code: 'GRANT ALL TO bob;', errors: [
      { messageId: 'systemToNonRole', message: 'System permissions (ALL) can be granted only to roles', line: 1, column: 14, endLine: 1, endColumn: 17, output: null },
    ] },
    { name: 'EXPLAIN RLS still only to roles', code: 'GRANT EXPLAIN RLS TO bob;', errors: [
      { messageId: 'systemToNonRole', line: 1, column: 22, endLine: 1, endColumn: 25, output: null },
    ] },
    { name: 'a policy receives only SELECT on tables', code: 'GRANT INSERT ON t TO RLS POLICY p;\nGRANT SELECT ON SCHEMA s TO MASKING POLICY m;', errors: [
      { messageId: 'policyGranteeOnlySelect', message: 'RLS policy p can receive only SELECT on tables', line: 1, column: 22, endLine: 1, endColumn: 34, output: null },
      { messageId: 'policyGranteeOnlySelect', message: 'masking policy m can receive', line: 2, column: 29, endLine: 2, endColumn: 45, output: null },
    ] },
    {
      name: 'a group named without GROUP (seed-style "TO analysts")',
      code: 'CREATE GROUP analysts;\nGRANT SELECT ON t TO analysts;',
      errors: [
        {
          messageId: 'missingKeyword',
          message: 'analysts is created as a group in this script',
          line: 2, column: 22, endLine: 2, endColumn: 30,
          output: 'CREATE GROUP analysts;\nGRANT SELECT ON t TO GROUP analysts;',
        },
      ],
    },
    {
      name: 'a role named without ROLE',
      code: 'CREATE ROLE etl;\nGRANT CREATE USER TO etl;',
      errors: [
        {
          messageId: 'missingKeyword',
          message: 'created as a role',
          line: 2, column: 22, endLine: 2, endColumn: 25,
          output: 'CREATE ROLE etl;\nGRANT CREATE USER TO ROLE etl;',
        },
      ],
    },
    { name: 'WITH GRANT OPTION to a group', code: 'GRANT SELECT ON t TO GROUP g WITH GRANT OPTION;', errors: [
      { messageId: 'grantOptionToNonUser', message: 'cannot be given to group g', line: 1, column: 30, endLine: 1, endColumn: 47, output: null },
    ] },
    { name: 'WITH GRANT OPTION to PUBLIC', code: 'GRANT SELECT ON t TO PUBLIC WITH GRANT OPTION;', errors: [
      { messageId: 'grantOptionToNonUser', message: 'cannot be given to PUBLIC', line: 1, column: 29, endLine: 1, endColumn: 46, output: null },
    ] },
    { name: 'WITH GRANT OPTION with column privileges', code: 'GRANT SELECT (a) ON t TO bob WITH GRANT OPTION;', errors: [
      { messageId: 'grantOptionWithColumns', message: 'column-level privileges', line: 1, column: 30, endLine: 1, endColumn: 47, output: null },
    ] },
    { name: 'scoped permissions to a group', code: 'GRANT SELECT FOR TABLES IN SCHEMA s TO GROUP g;', errors: [
      {
        messageId: 'scopedToGroup',
        message: 'Scoped permissions (FOR TABLES IN …) cannot be granted to a group',
        line: 1, column: 40, endLine: 1, endColumn: 47,
        output: null,
      },
    ] },
    {
      name: 'system permissions to a user and a group',
      code: 'GRANT CREATE USER TO bob, GROUP g;',
      errors: [
        {
          messageId: 'systemToNonRole',
          message: 'System permissions (CREATE USER) can be granted only to roles',
          line: 1, column: 22, endLine: 1, endColumn: 25,
          output: null,
        },
        { messageId: 'systemToNonRole', message: 'not to group g', line: 1, column: 27, endLine: 1, endColumn: 34, output: null },
      ],
    },
    { name: 'a role granted to a group', code: 'GRANT ROLE r TO GROUP g;', errors: [
      { messageId: 'roleToNonUser', message: 'A role can be granted only to a user or another role', line: 1, column: 17, endLine: 1, endColumn: 24, output: null },
    ] },
    { name: 'WITH ADMIN OPTION outside role grants', code: 'GRANT SELECT ON t TO bob WITH ADMIN OPTION;', errors: [
      { messageId: 'adminOptionMisplaced', message: 'WITH ADMIN OPTION applies only', line: 1, column: 26, endLine: 1, endColumn: 43, output: null },
    ] },
    { name: 'NAMESPACE outside datashares', code: "GRANT SELECT ON t TO NAMESPACE 'x';", errors: [
      {
        messageId: 'namespaceOutsideDatashare',
        message: 'NAMESPACE grantees receive only USAGE ON DATASHARE',
        line: 1, column: 22, endLine: 1, endColumn: 35,
        output: null,
      },
    ] },
    { name: 'datashare USAGE to a user', code: 'GRANT USAGE ON DATASHARE ds TO bob;', errors: [
      { messageId: 'datashareUsageToPrincipal', message: 'consumer NAMESPACE or ACCOUNT', line: 1, column: 32, endLine: 1, endColumn: 35, output: null },
    ] },
    { name: 'IAM_ROLE outside external objects', code: "GRANT SELECT ON t TO IAM_ROLE 'arn:aws:iam::123456789012:role/R';", errors: [
      { messageId: 'iamRoleOutsideExternal', message: 'IAM_ROLE grantees', line: 1, column: 22, endLine: 1, endColumn: 65, output: null },
    ] },
    {
      name: 'a name created both as a group and as a role: which keyword is a guess',
      code: 'CREATE GROUP ops;\nCREATE ROLE ops;\nGRANT SELECT ON t TO ops;',
      errors: [
        {
          messageId: 'missingKeyword',
          line: 3, column: 22, endLine: 3, endColumn: 25,
          output: null,
          suggestions: [{ title: 'Insert GROUP before ops', output: 'CREATE GROUP ops;\nCREATE ROLE ops;\nGRANT SELECT ON t TO GROUP ops;' }],
        },
      ],
    },
    {
      name: 'system permissions to a name that is both a user and a role: ROLE is a suggestion',
      code: 'CREATE USER ops PASSWORD DISABLE;\nCREATE ROLE ops;\nGRANT CREATE USER TO ops;',
      errors: [
        {
          messageId: 'systemToNonRole',
          line: 3, column: 22, endLine: 3, endColumn: 25,
          output: null,
          suggestions: [{ title: 'Insert ROLE before ops', output: 'CREATE USER ops PASSWORD DISABLE;\nCREATE ROLE ops;\nGRANT CREATE USER TO ROLE ops;' }],
        },
      ],
    },
  ],
});
