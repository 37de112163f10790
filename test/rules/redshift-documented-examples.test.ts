// The documented-examples corpus: every statement form of the Redshift Database Developer Guide's permission pages
// (GRANT, REVOKE, users, groups, roles, default privileges, datashares, RLS, masking, models, ownership), re-typed
// from the documented syntax in test/fixtures/redshift/documented/. Nothing AWS documents as valid may be an error.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { detect } from '../../server/src/engine/detect';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { LineIndex } from '../../server/src/engine/text';
import { lintCode } from '../support/ruleTester';

const DIR = path.join(__dirname, '..', 'fixtures', 'redshift', 'documented');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();

/** Statements that are ordinary SQL, not permission statements, even though they sit in a permission page. */
const ORDINARY = [/^drop model\b/i];

describe('documented Redshift examples', () => {
  it('the corpus covers every page family of the issue', () => {
    assert.deepEqual(files, ['datashares.sql', 'default-privileges.sql', 'grant.sql', 'masking.sql', 'models.sql', 'ownership.sql', 'revoke.sql', 'rls.sql', 'roles.sql', 'users-groups.sql']);
  });
  for (const file of files) {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const lines = new LineIndex(text);
    const line = (offset: number): number => lines.positionAt(offset).line + 1;
    it(`${file}: links the page it was typed from`, () => {
      assert.match(text.split('\n')[0]!, /https:\/\/docs\.aws\.amazon\.com\/redshift\/latest\/dg\/r_[A-Za-z_-]+\.html/);
    });
    it(`${file}: every statement parses without a syntax error`, () => {
      const script = parseRedshiftScript(text);
      assert.deepEqual(script.errors.map((e) => `line ${line(e.start)}: ${e.message}`), []);
    });
    it(`${file}: no statement is skipped as ordinary SQL`, () => {
      const script = parseRedshiftScript(text);
      const skipped = script.statements
        .filter((s) => s.kind === 'other' && !ORDINARY.some((p) => p.test(text.slice(s.start, s.end))))
        .map((s) => `line ${line(s.start)}: ${text.slice(s.start, s.end)}`);
      assert.deepEqual(skipped, []);
    });
    it(`${file}: no error finding on any statement`, () => {
      const errors = lintCode(text, 'redshift-sql')
        .filter((f) => f.severity === 'error')
        .map((f) => `line ${f.range.start.line + 1}: ${f.ruleId} ${f.message}`);
      assert.deepEqual(errors, []);
    });
    it(`${file}: is detected as a permission script`, () => {
      assert.equal(detect(text, file).kind, 'redshift-sql');
    });
  }
});
