// Unit tests of engine/findings.ts: message ids and data, the safe fix vs suggestions, and line breaks in fixes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMessageData, findingOf, messageRenders, renderMessage } from '../../server/src/engine/findings';
import { capFindingsPerRule, lintText, MAX_FINDINGS_PER_RULE, runRules, sortFindings } from '../../server/src/engine/lint';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { createJsonRenderer } from '../../server/src/engine/iam/jsonEdits';
import { allRules, iamRules } from '../../server/src/engine/rules';
import { generatePolicy } from '../support/benchInputs';
import type { Rule } from '../../server/src/engine/rules/rule';
import { LineIndex, isCertainCorrection, withinOneTypo } from '../../server/src/engine/text';
import { INTERNAL_RULE_ID, type Finding, type Report, type RuleMeta } from '../../server/src/engine/types';
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

  it('writes every rule\'s messages as a replace of each placeholder would, in any data', () => {
    // The reference: the template with each `{{name}}` replaced by its value (a callback: `$&` in a value stays as written).
    const reference = (template: string, data: Record<string, string>): string =>
      template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_whole, name: string) => String(data[name]));
    const templates = [
      ...allRules.flatMap((rule) => Object.values(rule.messages)),
      '{{a}}',
      '{{a}}{{b}}',
      '{{ a }} and {{a}} at both ends {{b}}',
      'no placeholder at all',
      '{{not a name}} {{1x}} {x} {{a}',
    ];
    assert.ok(templates.length > 100, `${templates.length} templates`);
    const values = ['', 'x', '$&', '$1 $$ $\'', '{{a}}', 'Sid "A"', '12,345'];
    let compared = 0;
    for (const template of templates) {
      const names = Array.from(template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g), (m) => m[1]!);
      for (let v = 0; v < values.length; v++) {
        const data = Object.fromEntries(names.map((name, i) => [name, values[(v + i) % values.length]!]));
        assert.equal(renderMessage(template, data), reference(template, data), template);
        compared++;
      }
      if (names.length > 0) {
        assert.throws(() => renderMessage(template, undefined), new RegExp(`needs data "${names[0]}"`));
        const withoutLast = Object.fromEntries(names.slice(0, -1).map((name) => [name, 'x']));
        if (!names.slice(0, -1).includes(names.at(-1)!)) assert.throws(() => renderMessage(template, withoutLast), new RegExp(`needs data "${names.at(-1)}"`));
      }
    }
    assert.ok(compared > 700, `${compared} messages compared`);
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

describe('messages written only for findings shown', () => {
  const many: Rule<unknown> = {
    ...META,
    id: 'iam/many',
    messages: { typo: '"{{written}}" is not a key. Did you mean "{{meant}}"?', plain: 'Plain.' },
    check(context) {
      for (let i = 0; i < 3 * MAX_FINDINGS_PER_RULE; i++) context.report({ start: i % 7, end: (i % 7) + 1, messageId: i % 2 ? 'typo' : 'plain', data: { written: `w${i}`, meant: `m${i}` } });
    },
  };

  it('a rule past its cap has only its kept findings\' messages written, each as renderMessage writes it', () => {
    const before = messageRenders.count;
    const findings = runRules([many], {}, 'abcdefgh', { data: testData(), kind: 'iam-policy' });
    assert.equal(messageRenders.count - before, MAX_FINDINGS_PER_RULE);
    const kept = findings.filter((f) => f.messageId !== 'moreFindings');
    assert.equal(kept.length, MAX_FINDINGS_PER_RULE);
    for (const f of kept) {
      const written = /^"(w\d+)"/.exec(f.message)?.[1];
      const data = written ? { written, meant: `m${written.slice(1)}` } : undefined;
      assert.equal(f.message, renderMessage(META.messages[f.messageId]!, data));
    }
  });

  it('the findings of a generated policy past the cap equal those written eagerly (findingOf for every report)', () => {
    const text = generatePolicy(300_000, 3);
    const options = { data: testData(), kind: 'iam-policy' as const };
    const before = messageRenders.count;
    const { findings } = lintText(text, options);
    const capped = findings.filter((f) => f.messageId === 'moreFindings');
    assert.ok(capped.length > 0, 'the policy has a rule past its cap');
    // Rendered: the findings shown (the summaries are written by the cap, not rendered from a report).
    assert.equal(messageRenders.count - before, findings.length - capped.length);
    // The reference: every report of every rule rendered at once, then sorted and capped.
    const doc = parseIamDocument(text);
    const lines = new LineIndex(text);
    const renderer = createJsonRenderer(text, lines);
    const all: Finding[] = [];
    for (const rule of iamRules) {
      rule.check({ doc, text, lines, data: options.data, relatedProfiles: [], report: (r) => all.push(findingOf(rule, r, r.severity ?? rule.defaultSeverity, text, lines, renderer)) });
    }
    assert.deepEqual(findings, capFindingsPerRule(sortFindings(all)));
  });

  it('data missing for a placeholder still fails the rule where it reports, not when (or whether) it is shown', () => {
    assert.throws(() => checkMessageData('"{{written}}" and "{{meant}}"', { written: 'x' }), /needs data "meant"/);
    assert.throws(() => checkMessageData('"{{written}}"', undefined), /needs data "written"/);
    assert.doesNotThrow(() => checkMessageData('Plain.', undefined));
    const faulty: Rule<unknown> = {
      ...many,
      check(context) {
        many.check(context);
        context.report({ start: 0, end: 1, messageId: 'typo', data: { written: 'x' } });
      },
    };
    const findings = runRules([faulty], {}, 'abcdefgh', { data: testData(), kind: 'iam-policy' });
    assert.match(findings.find((f) => f.ruleId === INTERNAL_RULE_ID)!.message, /needs data "meant"/);
    assert.equal(findings.filter((f) => f.ruleId === 'iam/many').length, MAX_FINDINGS_PER_RULE + 1);
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
