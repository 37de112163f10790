// Unit tests of engine/findings.ts: message ids and data, the safe fix vs suggestions, and line breaks in fixes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingOf, renderMessage } from '../../server/src/engine/findings';
import { runRules } from '../../server/src/engine/lint';
import type { Rule } from '../../server/src/engine/rules/rule';
import { LineIndex, isCertainCorrection, withinOneTypo } from '../../server/src/engine/text';
import { INTERNAL_RULE_ID, type Report, type RuleMeta } from '../../server/src/engine/types';
import { testData } from '../support/data';

const META: RuleMeta = {
  id: 'iam/example',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'An example.',
  fixable: true,
  hasSuggestions: false,
  messages: { typo: '"{{written}}" is not a key. Did you mean "{{meant}}"?', plain: 'Plain.' },
};

const of = (report: Report, text = 'abc\r\ndef\r\n', meta: RuleMeta = META) => findingOf(meta, report, 'warning', text, new LineIndex(text));

describe('findingOf', () => {
  it('renders the message of the id with its data, and keeps the id', () => {
    const finding = of({ start: 0, end: 3, messageId: 'typo', data: { written: 'Statment', meant: 'Statement' } });
    assert.equal(finding.messageId, 'typo');
    assert.equal(finding.message, '"Statment" is not a key. Did you mean "Statement"?');
    assert.deepEqual([finding.fix, finding.suggestions], [undefined, []]);
  });

  it('inserts data as it is: a {{…}} inside a value is not a placeholder', () => {
    assert.equal(renderMessage('Unfilled {{placeholder}}.', { placeholder: '{{vpce_id}}' }), 'Unfilled {{vpce_id}}.');
  });

  it('throws for a report that contradicts the rule meta (a bug in the rule)', () => {
    assert.throws(() => of({ start: 0, end: 1, messageId: 'nope' }), /unknown message id "nope"/);
    assert.throws(() => of({ start: 0, end: 1, messageId: 'typo', data: { written: 'x' } }), /needs data "meant"/);
    assert.throws(() => of({ start: 0, end: 1, messageId: 'plain', suggestions: [{ title: 's', edits: [] }] }), /hasSuggestions/);
    assert.throws(() => of({ start: 0, end: 1, messageId: 'plain', fix: { title: 'f', edits: [] } }, 'abc', { ...META, fixable: false }), /fixable/);
  });

  it('writes line breaks in fixes as the document does (CRLF, LF, CR)', () => {
    const fix = { title: 'Insert two lines', edits: [{ start: 3, end: 3, newText: ',\n  "a",\n  "b"' }] };
    assert.equal(of({ start: 0, end: 1, messageId: 'plain', fix }, 'abc\r\ndef').fix!.edits[0]!.newText, ',\r\n  "a",\r\n  "b"');
    assert.equal(of({ start: 0, end: 1, messageId: 'plain', fix }, 'abc\ndef').fix!.edits[0]!.newText, ',\n  "a",\n  "b"');
    assert.equal(of({ start: 0, end: 1, messageId: 'plain', fix }, 'abc\rdef').fix!.edits[0]!.newText, ',\r  "a",\r  "b"');
    assert.equal(of({ start: 0, end: 1, messageId: 'plain', fix }, 'abc').fix!.edits[0]!.newText, ',\n  "a",\n  "b"');
    const crlfInLf = { title: 't', edits: [{ start: 0, end: 0, newText: 'x\r\ny' }] };
    assert.equal(of({ start: 0, end: 1, messageId: 'plain', fix: crlfInLf }, 'abc\ndef').fix!.edits[0]!.newText, 'x\ny');
  });

  it('a rule whose report is a bug becomes one internal finding; its earlier findings stay', () => {
    const rule: Rule<unknown> = {
      ...META,
      check(context) {
        context.report({ start: 0, end: 1, messageId: 'plain' });
        context.report({ start: 0, end: 1, messageId: 'misspelt' });
      },
    };
    const findings = runRules([rule], {}, 'abc', { data: testData(), kind: 'iam-policy' });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.messageId]),
      [
        [INTERNAL_RULE_ID, 'internal'],
        ['iam/example', 'plain'],
      ],
    );
    assert.match(findings[0]!.message, /Rule iam\/example failed .*unknown message id "misspelt"/);
  });
});

describe('LineIndex.lineBreak', () => {
  it('is the first line break of the text, \\n when there is none', () => {
    assert.deepEqual(
      ['a\r\nb\nc', 'a\nb\r\nc', 'a\rb', 'abc', ''].map((t) => new LineIndex(t).lineBreak),
      ['\r\n', '\n', '\r', '\n', '\n'],
    );
  });
});

describe('isCertainCorrection', () => {
  it('accepts the only candidate one typo away (letter case aside)', () => {
    assert.equal(isCertainCorrection('Statment', ['Statement']), true);
    assert.equal(isCertainCorrection('effect', ['Effect']), true);
    assert.equal(isCertainCorrection('GRNAT', ['GRANT']), true);
    assert.equal(isCertainCorrection('s3x', ['s3']), true);
  });
  it('refuses several candidates, bigger differences, or none', () => {
    assert.equal(isCertainCorrection('StringEqual', ['StringEquals', 'StringNotEquals']), false);
    assert.equal(isCertainCorrection('dynamo', ['dynamodb']), false);
    assert.equal(isCertainCorrection('x', []), false);
  });
  it('withinOneTypo: one insertion, deletion, substitution or swap of neighbours', () => {
    const yes = [['abc', 'abc'], ['abc', 'abcd'], ['abcd', 'abc'], ['abc', 'axc'], ['abcd', 'abdc'], ['', 'a']];
    const no = [['abc', 'cba'], ['abc', 'a'], ['abcd', 'badc'], ['abc', 'xyz'], ['ab', 'ba ']];
    for (const [a, b] of yes) assert.equal(withinOneTypo(a!, b!), true, `${a} ~ ${b}`);
    for (const [a, b] of no) assert.equal(withinOneTypo(a!, b!), false, `${a} !~ ${b}`);
  });
});
