// One syntax error in a statement gives one finding: no rule reports what the parser read after the error.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintCode } from '../support/ruleTester';

const findings = (text: string): string[] => lintCode(text, 'redshift-sql').map((f) => `${f.ruleId} ${text.slice(f.range.start.character, f.range.end.character)}`);

describe('no cascaded findings after a syntax error', () => {
  it('a missing PASSWORD hides the CREATEUSER that follows it', () => {
    assert.deepEqual(findings('CREATE USER bob CREATEUSER;'), ['redshift/syntax bob']);
  });
  it('reserved words and options after the error are not reported', () => {
    assert.deepEqual(findings('GRANT SELECT ON t TO bob x, user;'), ['redshift/syntax x']);
    assert.deepEqual(findings('ALTER USER bob FOO CREATEUSER;'), ['redshift/syntax FOO']);
  });
  it('an unterminated password: the syntax error and the secret warning only', () => {
    assert.deepEqual(findings("CREATE USER bob PASSWORD 'Abcdefg1 CREATEUSER;"), [
      "redshift/syntax 'Abcdefg1 CREATEUSER;",
      "redshift/hardcoded-password 'Abcdefg1 CREATEUSER;",
    ]);
  });
  it('findings before the error in the same statement stay', () => {
    assert.deepEqual(findings('CREATE USER user PASSWORD DISABLE FOO;').sort(), ['redshift/identifier user', 'redshift/syntax FOO']);
  });
});
