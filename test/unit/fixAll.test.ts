// Fix-all applies safe fixes only (never a suggestion), on every fixture and example, and no fix breaks CRLF files.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/engine/fixAll';
import { detect, lintTarget } from '../../server/src/engine/detect';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';
import { testData } from '../support/data';
import { fixesOf } from '../support/fixes';

const ROOT = path.join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** How GrantCheck lints a file (as the CLI does by default), or undefined for a file that is not ours. */
function optionsFor(file: string, text: string): LintOptions | undefined {
  const target = lintTarget(detect(text, file));
  return target ? { data: testData(), ...target } : undefined;
}

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
/** A `\n` not preceded by `\r`. */
const LONE_LF = /(?:^|[^\r])\n/;

const FIXTURES = [...filesUnder(path.join(ROOT, 'test', 'fixtures')), ...filesUnder(path.join(ROOT, 'examples'))]
  .sort()
  .flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const options = optionsFor(file, text);
    return options ? [{ name: path.relative(ROOT, file), text, options }] : [];
  });

describe('fix-all on every fixture and example', () => {
  it('finds the fixtures', () => {
    // test/fixtures (aws-managed, hosts, redshift, seeds, seeds-structure) and examples/ (policies, redshift).
    assert.ok(FIXTURES.length >= 75, `only ${FIXTURES.length} fixtures`);
    assert.ok(FIXTURES.some((f) => f.options.host === 'terraform') && FIXTURES.some((f) => f.options.host === 'cloudformation'));
    assert.ok(FIXTURES.some((f) => f.options.kind === 'redshift-sql'));
  });

  const applied = new Map<string, Set<string>>();
  for (const { name, text, options } of FIXTURES) {
    it(`${name}: only safe fixes, in LF and CRLF alike`, () => {
      const lf = fixAll(text, options);
      for (const { finding, fix } of lf.fixes) {
        assert.ok(finding.fix === fix && !finding.suggestions.includes(fix), `${finding.ruleId}: fix-all applied "${fix.title}", which is not the finding's safe fix`);
        const kinds = applied.get(`${finding.ruleId} ${finding.messageId}`) ?? new Set();
        applied.set(`${finding.ruleId} ${finding.messageId}`, kinds.add(name));
      }
      const windows = fixAll(crlf(text), options);
      assert.ok(!LONE_LF.test(windows.text), 'fix-all wrote a lone \\n into the CRLF version');
      // Line breaks are the only difference: the same fixes, with the same result.
      assert.equal(windows.text, crlf(lf.text));
      assert.deepEqual(
        windows.fixes.map((f) => f.fix.title),
        lf.fixes.map((f) => f.fix.title),
      );
    });
  }

  it('what fix-all changed across the fixtures: only the safe kinds, and something (the check is not vacuous)', () => {
    // Every entry is a safe fix by its rule's "Fixes" section; a suggestion showing up here is the bug this guards against.
    assert.deepEqual([...applied.keys()].sort(), [
      'iam/duplicate-sid emptySid',
      'iam/json-syntax commaExpected',
      'iam/unknown-action unknownAction',
      'redshift/grantee-kind missingKeyword',
      'redshift/syntax hashComment',
      'redshift/syntax missingSemicolon',
    ]);
  });

  it('in the CRLF versions, every fix and every suggestion keeps CRLF', () => {
    let multiLine = 0;
    for (const { name, text, options } of FIXTURES) {
      const windows = crlf(text);
      for (const finding of lintText(windows, options).findings) {
        for (const fix of fixesOf(finding)) {
          if (fix.edits.some((e) => e.newText.includes('\n'))) multiLine++;
          assert.ok(!LONE_LF.test(applyEdits(windows, fix.edits)), `${name}: "${fix.title}" (${finding.ruleId}) writes a lone \\n`);
        }
      }
    }
    assert.ok(multiLine > 10, `only ${multiLine} fixes insert line breaks: the check would prove little`);
  });
});

describe('fix-all leaves guesses alone (regressions)', () => {
  it('does not delete a Resource ARN that no action of the statement can use', () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": ["arn:aws:s3:::b/*", "arn:aws:sqs:us-east-1:123456789012:q"]\n    }\n  ]\n}\n';
    assert.equal(fixAll(policy, { data: testData(), kind: 'iam-policy' }).text, policy);
  });

  it('does not delete the Resource of a trust policy', () => {
    const trust = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole",\n      "Resource": "*"\n    }\n  ]\n}\n';
    assert.equal(fixAll(trust, { data: testData(), kind: 'iam-policy', policyType: 'trust' }).text, trust);
  });

  it('does not turn GRANT analysts TO bob; into a role grant', () => {
    const sql = 'CREATE USER bob PASSWORD DISABLE;\nGRANT analysts TO bob;\n';
    assert.equal(fixAll(sql, { data: testData(), kind: 'redshift-sql' }).text, sql);
  });

  it('does not disable a clear-text password (for a weak one, the only fix offered)', () => {
    const sql = "CREATE USER etl PASSWORD 'tonic_password';\n";
    assert.equal(fixAll(sql, { data: testData(), kind: 'redshift-sql' }).text, sql);
  });
});
