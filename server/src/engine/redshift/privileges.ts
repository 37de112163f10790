// Which privileges each GRANT target accepts, shared by completion, hover and redshift/privilege-object-mismatch.
// Source: the GRANT syntax lines, one per object kind: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html
// and ALTER DEFAULT PRIVILEGES: https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html

import type { ObjectKind, ScopeKind } from './ast';

const TABLE: readonly string[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'TRUNCATE', 'ALTER', 'DROP', 'ALL'];

/** Privileges each `ON <kind>` accepts (postgres-only forms are not Redshift's). */
export const PRIVILEGES_BY_OBJECT: Readonly<Record<Exclude<ObjectKind, 'postgres-only'>, readonly string[]>> = {
  table: TABLE,
  'all-tables': TABLE,
  database: ['CREATE', 'TEMPORARY', 'USAGE', 'ALTER', 'DROP', 'ALL'],
  schema: ['CREATE', 'USAGE', 'ALTER', 'DROP', 'ALL'],
  function: ['EXECUTE', 'ALL'],
  'all-functions': ['EXECUTE', 'ALL'],
  // "For stored procedures, the only privilege that you can grant is EXECUTE" — ALL [PRIVILEGES] is in the syntax and means EXECUTE.
  procedure: ['EXECUTE', 'ALL'],
  'all-procedures': ['EXECUTE', 'ALL'],
  language: ['USAGE'],
  datashare: ['ALTER', 'SHARE', 'USAGE'],
  model: ['EXECUTE', 'ALL'],
  'copy-job': ['ALTER', 'DROP', 'ALL'],
  // Lake Formation forms (TO IAM_ROLE).
  'external-table': ['SELECT', 'INSERT', 'DELETE', 'ALTER', 'DROP', 'ALL'],
  'external-schema': ['CREATE', 'ALTER', 'DROP', 'ALL'],
};

/** Scoped permissions (`FOR TABLES IN SCHEMA …`). */
export const PRIVILEGES_BY_SCOPE: Readonly<Record<ScopeKind, readonly string[]>> = {
  schemas: ['CREATE', 'USAGE', 'ALTER', 'DROP', 'ALL'],
  tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'TRUNCATE', 'REFERENCES', 'ALL'],
  functions: ['EXECUTE', 'ALL'],
  procedures: ['EXECUTE', 'ALL'],
  languages: ['USAGE', 'ALL'],
  'copy-jobs': ['ALTER', 'DROP', 'ALL'],
};

/** ALTER DEFAULT PRIVILEGES … ON TABLES | FUNCTIONS | PROCEDURES (keys lower case, as the parser gives them). */
export const PRIVILEGES_BY_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'REFERENCES', 'TRUNCATE', 'ALL'],
  functions: ['EXECUTE', 'ALL'],
  procedures: ['EXECUTE', 'ALL'],
};
