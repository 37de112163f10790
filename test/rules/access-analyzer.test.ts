// Access Analyzer parity: every check of AWS's policy-check reference has a policy written here
// (test/fixtures/access-analyzer/) and GrantCheck answers it with the finding the fixture names, on the element the
// fixture names, or the fixture says why the check cannot be judged offline. ERROR and SECURITY_WARNING checks must
// be answered by an error or a warning. docs/access-analyzer.md is generated from the same fixtures.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, test } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { LineIndex } from '../../server/src/engine/text';
import { ACCESS_ANALYZER_CHECKS } from '../support/accessAnalyzerChecks';
import { fixtureText, loadAccessAnalyzerFixtures } from '../support/accessAnalyzerFixtures';
import { testData } from '../support/data';
import { accessAnalyzerMarkdown } from '../../scripts/gen-docs';

const fixtures = loadAccessAnalyzerFixtures();
const byCode = new Map(ACCESS_ANALYZER_CHECKS.map((c) => [c.code, c]));

test('every check of the reference has a fixture', () => {
  const covered = new Set(fixtures.map((f) => f.check));
  const missing = ACCESS_ANALYZER_CHECKS.map((c) => c.code).filter((code) => !covered.has(code));
  assert.deepEqual(missing, []);
});

describe('GrantCheck answers each Access Analyzer check', () => {
  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const check = byCode.get(fixture.check);
      assert.ok(check, `unknown check ${fixture.check}`);
      assert.ok(fixture.name === fixture.check || fixture.name.startsWith(`${fixture.check}--`), 'the file is named after its check');
      if (fixture.offline !== undefined) {
        assert.ok(fixture.offline.trim().length > 20, 'an offline fixture says why');
        assert.equal(fixture.expect, undefined, 'an offline fixture expects nothing');
        return;
      }
      assert.ok(fixture.expect && fixture.expect.length > 0, 'a fixture expects a finding or says why it cannot');
      const text = fixtureText(fixture);
      assert.ok(text !== undefined, 'the fixture has a policy or a text');
      const result = lintText(text, {
        data: testData(),
        kind: 'iam-policy',
        ...(fixture.policyType ? { policyType: fixture.policyType } : {}),
        ...(fixture.host ? { host: fixture.host } : {}),
      });
      const lines = new LineIndex(text);
      const seen = result.findings.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId ?? '',
        severity: f.severity,
        at: text.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end)),
      }));
      for (const expected of fixture.expect) {
        if (check.findingType === 'ERROR' || check.findingType === 'SECURITY_WARNING') {
          assert.ok(expected.severity === 'error' || expected.severity === 'warning', `${check.findingType} needs an error or a warning`);
        }
        const found = seen.some(
          (s) => s.ruleId === expected.ruleId && s.messageId === expected.messageId && s.severity === expected.severity && s.at === expected.at,
        );
        assert.ok(found, `expected ${JSON.stringify(expected)}; GrantCheck reported:\n${seen.map((s) => JSON.stringify(s)).join('\n')}`);
      }
    });
  }
});

test('docs/access-analyzer.md is generated from the fixtures (run `npm run docs`)', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'access-analyzer.md'), 'utf8');
  assert.equal(doc, accessAnalyzerMarkdown());
});
