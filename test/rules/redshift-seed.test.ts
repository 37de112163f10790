// The structural seed (a vendor setup page's SQL, seed 001) linted end to end: its exact findings, and what "fix all" does.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fixAll } from '../../server/src/engine/fixAll';
import { isPermissionScript } from '../../server/src/engine/redshift/detect';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { lintCode } from '../support/ruleTester';
import { testData } from '../support/data';

const SEED = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'redshift', 'structural-seed.sql'), 'utf8');

/** `ruleId severity line:col-endLine:endCol` (1-based) of every finding. */
function summary(text: string): string[] {
  return lintCode(text, 'redshift-sql').map(
    (f) => `${f.ruleId} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`,
  );
}

test('the seed is detected as a permission script and parses without syntax errors', () => {
  assert.equal(isPermissionScript(SEED), true);
  const script = parseRedshiftScript(SEED);
  assert.deepEqual(script.errors, []);
  assert.deepEqual(
    script.statements.map((s) => s.kind),
    ['create-user', 'grant', 'grant', 'grant', 'create-user', 'grant', 'grant', 'grant', 'grant'],
  );
});

test('the seed has exactly its known defects', () => {
  assert.deepEqual(summary(SEED), [
    // 'tonic_password': no uppercase letter, no digit — and it is clear text.
    'redshift/password-policy error 2:38-2:54',
    'redshift/hardcoded-password warning 2:38-2:54',
    // ALL TABLES IN SCHEMA public: future tables are not covered.
    'redshift/future-tables info 6:38-6:44',
    // "--create a superuser" then CREATE USER tonic_user again, with CREATEUSER.
    'redshift/duplicate-user error 9:13-9:23',
    'redshift/superuser warning 9:24-9:34',
    'redshift/password-policy error 9:44-9:60',
    'redshift/hardcoded-password warning 9:44-9:60',
    // The destination user is granted to but never created.
    'redshift/undefined-grantee info 10:46-10:68',
  ]);
});

test('the password never appears in a message', () => {
  for (const finding of lintCode(SEED, 'redshift-sql')) assert.ok(!finding.message.includes('tonic_password'), finding.message);
});

test('fix all changes nothing: how a user signs in (DISABLE, a hash) and which grants to add are a person\'s choice', () => {
  const { text, fixes } = fixAll(SEED, { data: testData(), kind: 'redshift-sql' });
  assert.deepEqual(fixes.map((f) => f.fix.title), []);
  assert.equal(text, SEED);
});
