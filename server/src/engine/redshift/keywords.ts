// Redshift keyword data used by the parser and the rules: privileges, system permissions, statement openers, reserved words.
// Sources: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_roles-system-privileges.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html

import type { PrivilegeCategory } from './ast';

/** Object privileges Redshift accepts somewhere in GRANT/REVOKE (canonical names). */
export const OBJECT_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'REFERENCES',
  'TRUNCATE',
  'ALTER',
  'DROP',
  'CREATE',
  'TEMPORARY',
  'USAGE',
  'EXECUTE',
  'SHARE',
  'ALL',
] as const;

/** RBAC system permissions, grantable to roles only (CREATE MODEL is also grantable to users and groups). */
export const SYSTEM_PERMISSIONS = [
  'CREATE ROLE',
  'DROP ROLE',
  'CREATE USER',
  'DROP USER',
  'ALTER USER',
  'CREATE SCHEMA',
  'DROP SCHEMA',
  'ALTER DEFAULT PRIVILEGES',
  'ACCESS CATALOG',
  'ACCESS SYSTEM TABLE',
  'CREATE TABLE',
  'DROP TABLE',
  'ALTER TABLE',
  'CREATE OR REPLACE FUNCTION',
  'CREATE OR REPLACE EXTERNAL FUNCTION',
  'DROP FUNCTION',
  'CREATE OR REPLACE PROCEDURE',
  'DROP PROCEDURE',
  'CREATE OR REPLACE VIEW',
  'DROP VIEW',
  'CREATE MODEL',
  'DROP MODEL',
  'CREATE DATASHARE',
  'ALTER DATASHARE',
  'DROP DATASHARE',
  'CREATE LIBRARY',
  'DROP LIBRARY',
  'ANALYZE',
  'CANCEL',
  'TRUNCATE TABLE',
  'VACUUM',
  'IGNORE RLS',
  'EXPLAIN RLS',
  'EXPLAIN MASKING',
] as const;

/** PostgreSQL privileges that Redshift does not have. */
export const POSTGRES_ONLY_PRIVILEGES = ['CONNECT', 'TRIGGER', 'RULE', 'MAINTAIN'] as const;

/** Words that may begin an RBAC system permission not in the list above (newer features): accepted before TO/FROM. */
export const SYSTEM_PERMISSION_VERBS = new Set(['create', 'drop', 'alter', 'access', 'attach', 'detach', 'explain', 'ignore', 'truncate']);

interface PrivilegePhrase {
  words: string[];
  name: string;
  category: PrivilegeCategory;
}

function phrases(): PrivilegePhrase[] {
  const list: PrivilegePhrase[] = [];
  for (const name of OBJECT_PRIVILEGES) list.push({ words: [name.toLowerCase()], name, category: 'object' });
  list.push({ words: ['temp'], name: 'TEMPORARY', category: 'object' });
  list.push({ words: ['all', 'privileges'], name: 'ALL', category: 'object' });
  for (const name of SYSTEM_PERMISSIONS) list.push({ words: name.toLowerCase().split(' '), name, category: 'system' });
  for (const name of POSTGRES_ONLY_PRIVILEGES) list.push({ words: [name.toLowerCase()], name, category: 'postgres-only' });
  // Longest phrases first, so `CREATE USER` wins over `CREATE`.
  return list.sort((a, b) => b.words.length - a.words.length);
}

export const PRIVILEGE_PHRASES: readonly PrivilegePhrase[] = phrases();

/** Statement-opening words: a complete statement followed by one of these is missing its `;`. */
export const STATEMENT_OPENERS = new Set([
  'grant', 'revoke', 'create', 'alter', 'drop', 'select', 'insert', 'update', 'delete', 'merge', 'set', 'reset', 'show',
  'begin', 'start', 'commit', 'end', 'rollback', 'abort', 'truncate', 'copy', 'unload', 'vacuum', 'analyze', 'call',
  'comment', 'explain', 'lock', 'declare', 'fetch', 'close', 'prepare', 'deallocate', 'cancel', 'refresh',
]);

/** Words that open a statement (or are SQL verbs) and so are never a misspelled GRANT/REVOKE/CREATE/ALTER/DROP. */
export const KNOWN_VERBS = new Set([
  ...STATEMENT_OPENERS,
  'with', 'values', 'table', 'execute', 'listen', 'notify', 'load', 'discard', 'checkpoint', 'cluster', 'reindex', 'security',
  'savepoint', 'release', 'do', 'move', 'import', 'use', 'desc', 'describe',
]);

/** Object words after CREATE/ALTER/DROP that are not a misspelled USER/GROUP/ROLE. */
export const KNOWN_OBJECT_WORDS = new Set([
  'table', 'view', 'schema', 'database', 'function', 'procedure', 'model', 'library', 'datashare', 'external', 'temp',
  'temporary', 'or', 'materialized', 'identity', 'local', 'unique', 'index', 'sequence', 'type', 'trigger', 'extension',
  'aggregate', 'cast', 'operator', 'language', 'domain', 'server', 'policy', 'masking', 'rls', 'text', 'snapshot', 'rule',
  'users', 'roles', 'groups', 'owned', 'default', 'session', 'system', 'integration', 'template', 'column', 'constraint',
]);

/**
 * Reserved words: they cannot be used unquoted as names.
 * https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html
 */
export const RESERVED_WORDS = new Set([
  'aes128', 'aes256', 'all', 'allowoverwrite', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'authorization',
  'az64', 'backup', 'between', 'binary', 'blanksasnull', 'both', 'bytedict', 'bzip2', 'case', 'cast', 'check', 'collate',
  'column', 'constraint', 'create', 'credentials', 'cross', 'current_date', 'current_time', 'current_timestamp',
  'current_user', 'current_user_id', 'default', 'deferrable', 'deflate', 'defrag', 'delta', 'delta32k', 'desc', 'disable',
  'distinct', 'do', 'else', 'emptyasnull', 'enable', 'encode', 'encrypt', 'encryption', 'end', 'except', 'explicit',
  'false', 'for', 'foreign', 'freeze', 'from', 'full', 'globaldict256', 'globaldict64k', 'grant', 'group', 'gzip', 'having',
  'identity', 'ignore', 'ilike', 'in', 'initially', 'inner', 'intersect', 'interval', 'into', 'is', 'isnull', 'join',
  'leading', 'left', 'like', 'limit', 'localtime', 'localtimestamp', 'lun', 'luns', 'lzo', 'lzop', 'minus', 'mostly16',
  'mostly32', 'mostly8', 'natural', 'new', 'not', 'notnull', 'null', 'nulls', 'off', 'offline', 'offset', 'oid', 'old',
  'on', 'only', 'open', 'or', 'order', 'outer', 'overlaps', 'parallel', 'partition', 'percent', 'permissions', 'pivot',
  'placing', 'primary', 'raw', 'readratio', 'recover', 'references', 'rejectlog', 'resort', 'respect', 'restore', 'right',
  'select', 'session_user', 'similar', 'snapshot', 'some', 'sysdate', 'system', 'table', 'tag', 'tdes', 'text255',
  'text32k', 'then', 'timestamp', 'to', 'top', 'trailing', 'true', 'truncatecolumns', 'union', 'unique', 'unnest',
  'unpivot', 'user', 'using', 'verbose', 'wallet', 'when', 'where', 'with', 'without',
]);
