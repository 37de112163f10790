// Suppression comments (engine/suppressions.ts) through lintText: what they hide, where, and the unused-suppression warning.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../server/src/engine/config';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';
import { DIRECTIVE, hasDirective, parseSuppressions, UNUSED_SUPPRESSION_RULE_ID } from '../../server/src/engine/suppressions';
import { prng } from '../support/prng';
import { testData } from '../support/data';

const data = testData();
const ids = (text: string, options: Omit<LintOptions, 'data'>): string[] => lintText(text, { data, ...options }).findings.map((f) => `${f.range.start.line}:${f.ruleId}`);

const SQL = "CREATE USER bob PASSWORD 'Secret123';\n";
const TF = (comment: string): string =>
  `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n${comment}      Action = "s3:GetObjectt"\n      Resource = "*"\n    }]\n  })\n}\n`;
const YAML = (comment: string): string =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n${comment}            Action: s3:GetObjectt\n            Resource: "*"\n`;

describe('grantcheck-disable-next-line', () => {
  it('hides the named rule on the next line of SQL, with an ESLint-style reason', () => {
    assert.deepEqual(ids(SQL, { kind: 'redshift-sql' }), ['0:redshift/hardcoded-password']);
    assert.deepEqual(ids(`-- grantcheck-disable-next-line redshift/hardcoded-password -- rotated by the vault job\n${SQL}`, { kind: 'redshift-sql' }), []);
    // Several rules, comma-separated; stacked comments and blank lines in between still reach the statement.
    assert.deepEqual(ids(`-- grantcheck-disable-next-line redshift/superuser, redshift/hardcoded-password\n\n${SQL}`, { kind: 'redshift-sql' }), []);
  });

  it('hides only the rules it names, only on the next line', () => {
    const other = ids(`-- grantcheck-disable-next-line redshift/superuser\n${SQL}`, { kind: 'redshift-sql' });
    assert.deepEqual(other, [`0:${UNUSED_SUPPRESSION_RULE_ID}`, '1:redshift/hardcoded-password']);
    const twoLinesAbove = ids(`-- grantcheck-disable-next-line redshift/hardcoded-password\nCREATE GROUP g;\n${SQL}`, { kind: 'redshift-sql' });
    assert.deepEqual(twoLinesAbove, [`0:${UNUSED_SUPPRESSION_RULE_ID}`, '2:redshift/hardcoded-password']);
  });

  it('uses # (and //) in Terraform and # in CloudFormation YAML', () => {
    assert.deepEqual(ids(TF(''), { kind: 'iam-policy', host: 'terraform' }), ['5:iam/unknown-action']);
    assert.deepEqual(ids(TF('      # grantcheck-disable-next-line iam/unknown-action -- internal action\n'), { kind: 'iam-policy', host: 'terraform' }), []);
    assert.deepEqual(ids(TF('      // grantcheck-disable-next-line iam/unknown-action\n'), { kind: 'iam-policy', host: 'terraform' }), []);
    assert.deepEqual(ids(YAML(''), { kind: 'iam-policy', host: 'cloudformation' }), ['8:iam/unknown-action']);
    assert.deepEqual(ids(YAML('            # grantcheck-disable-next-line iam/unknown-action\n'), { kind: 'iam-policy', host: 'cloudformation' }), []);
    // `--` is not a comment in YAML: no suppression, no unused warning.
    assert.deepEqual(ids(`# a\n${SQL}`, { kind: 'redshift-sql' }).includes(`0:${UNUSED_SUPPRESSION_RULE_ID}`), false);
  });

  it('is policy text, not a comment, inside a policy written as JSON text (heredoc)', () => {
    const heredoc = 'resource "aws_iam_policy" "q" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow",\n# grantcheck-disable-next-line iam/unknown-action\n  "Action": "s3:GetObjects", "Resource": "*"}]}\nEOF\n}\n';
    assert.ok(ids(heredoc, { kind: 'iam-policy', host: 'terraform' }).includes('4:iam/unknown-action'));
  });

  it('reports a suppression that hides nothing, or names an unknown rule, with a suggestion to remove it', () => {
    const text = `GRANT USAGE ON SCHEMA s TO bob;\n-- grantcheck-disable-next-line redshift/no-such-rule\nCREATE GROUP g;\n`;
    const [finding] = lintText(text, { data, kind: 'redshift-sql' }).findings.filter((f) => f.ruleId === UNUSED_SUPPRESSION_RULE_ID);
    assert.ok(finding);
    assert.equal(finding.messageId, 'unknownRule');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.fix, undefined, 'never removed by fix-all');
    assert.equal(applyEdits(text, finding.suggestions[0]!.edits), 'GRANT USAGE ON SCHEMA s TO bob;\nCREATE GROUP g;\n');
    // Its own severity is configurable, and a rule turned off in the settings does not make its suppression "unused".
    assert.deepEqual(ids(`-- grantcheck-disable-next-line redshift/superuser\nCREATE GROUP g;\n`, { kind: 'redshift-sql', severities: { [UNUSED_SUPPRESSION_RULE_ID]: 'off' } }), []);
    assert.deepEqual(ids(`-- grantcheck-disable-next-line redshift/superuser\nCREATE GROUP g;\n`, { kind: 'redshift-sql', severities: { 'redshift/superuser': 'off' } }), []);
    assert.deepEqual(parseConfig(`{"rules": {"${UNUSED_SUPPRESSION_RULE_ID}": "error"}}`, () => false).problems, []);
  });

  it('is a directive only on a line of its own, in the file’s comment syntax', () => {
    assert.equal(parseSuppressions("GRANT x; -- grantcheck-disable-next-line redshift/superuser\n", ['--']).length, 0);
    assert.equal(parseSuppressions('-- grantcheck-disable-next-lines redshift/superuser\n', ['--']).length, 0);
    const [s] = parseSuppressions('  -- grantcheck-disable-next-line a/b c/d -- why -- not\r\nX\r\n', ['--']);
    assert.deepEqual(s && { rules: s.rules, reason: s.reason, targetLine: s.targetLine }, { rules: ['a/b', 'c/d'], reason: 'why -- not', targetLine: 1 });
    // At most 100 unused-suppression findings, then one summary.
    const many = lintText('-- grantcheck-disable-next-line redshift/superuser\n'.repeat(150) + 'CREATE GROUP g;\n', { data, kind: 'redshift-sql' }).findings;
    assert.equal(many.length, 101);
    assert.equal(many.at(-1)!.messageId, 'moreFindings');
    // Linear: a long line of dashes and directives.
    const long = '-- grantcheck-disable-next-line '.repeat(20_000) + '\n';
    assert.equal(parseSuppressions(long, ['--']).length, 1);
  });

  it('per-file "overrides" in .grantcheck.json are parsed and checked like "rules"', () => {
    const parsed = parseConfig('{"overrides": [{"files": "./a.policy.json", "rules": {"iam/unknown-action": "off", "iam/nope": "off"}}, {"files": 3}]}', (id) => id.startsWith('iam/unknown'));
    assert.deepEqual(parsed.config.overrides, [{ files: ['./a.policy.json'], rules: { 'iam/unknown-action': 'off' } }]);
    assert.deepEqual(
      parsed.problems.map((p) => p.message),
      ['Unknown rule id "iam/nope".', 'Each "overrides" entry needs "files" (glob or globs) and "rules" (rule id → severity).'],
    );
  });
});

describe('hasDirective while typing in a long text', () => {
  it('finds the directive exactly when the text holds it (searched where the text changed when it had none)', () => {
    const rng = prng(11);
    const pieces = ['grantcheck-disable-next-line', 'grantcheck-', 'disable-next-line', 'grantcheck-disable-next-lin', 'e', 'g', '-', ' ', '\n'];
    let agreed = 0;
    for (let session = 0; session < 10; session++) {
      let text = 'x'.repeat(20_000);
      for (let n = 0; n < 200; n++) {
        const near = text.indexOf('grantcheck', Math.floor(rng() * text.length));
        const at = near >= 0 && rng() < 0.7 ? Math.min(text.length, near + Math.floor(rng() * 40) - 4) : Math.floor(rng() * (text.length + 1));
        text = rng() < 0.6 ? text.slice(0, at) + pieces[Math.floor(rng() * pieces.length)]! + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(rng() * 4));
        assert.equal(hasDirective(text), text.includes(DIRECTIVE), `session ${session}, edit ${n}`);
        if (text.includes(DIRECTIVE)) agreed++;
      }
    }
    assert.ok(agreed > 200, `${agreed} versions with the directive`);
  });

  it('finds a directive completed at its start, its end or its middle', () => {
    const filler = 'x'.repeat(20_000);
    for (const [before, after] of [
      ['rantcheck-disable-next-line', 'grantcheck-disable-next-line'],
      ['grantcheck-disable-next-lin', 'grantcheck-disable-next-line'],
      ['grantcheck-disXable-next-line', 'grantcheck-disable-next-line'],
      ['grantcheck-disable-next-line', 'grantcheck-disable-next-lineX'],
    ]) {
      const previous = `${filler}${before} y${filler}`;
      assert.equal(hasDirective(previous), previous.includes(DIRECTIVE));
      const next = `${filler}${after} y${filler}`;
      assert.equal(hasDirective(next), true, after);
    }
  });
});
