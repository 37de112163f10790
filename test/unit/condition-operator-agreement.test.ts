// Every consumer of condition-operator knowledge gives the same answer for every operator name: the rules
// (condition-operator-unknown, condition-value-type), completion, hover and the evaluator.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeIam } from '../../server/src/engine/iam/completion';
import { CONDITION_OPERATORS, parseOperator, type OperatorCategory } from '../../server/src/engine/iam/conditionOperators';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { evaluateStatements } from '../../server/src/engine/iam/evaluate';
import { hoverIam } from '../../server/src/engine/iam/hover';
import { testData } from '../support/data';
import { lintCode } from '../support/ruleTester';

interface Name {
  name: string;
  /** The base written (not corrected), and whether the name is the documented spelling of its parts. */
  base: string;
  prefix: string;
  suffix: string;
}

// Every documented base, one IAM does not document (BinaryNotEquals) and two typos; every set prefix and a
// bogus one; with and without IfExists; and each of those in other letter cases.
const BASES = [...Object.keys(CONDITION_OPERATORS), 'BinaryNotEquals', 'StringEqual', 'Foo'];
const PREFIXES = ['', 'ForAllValues:', 'ForAnyValue:', 'ForSomeValues:'];
const SUFFIXES = ['', 'IfExists'];

function allNames(): Name[] {
  const seen = new Map<string, Name>();
  const add = (base: string, prefix: string, suffix: string): void => {
    const name = prefix + base + suffix;
    if (!seen.has(name)) seen.set(name, { name, base, prefix, suffix });
  };
  for (const base of BASES) {
    for (const prefix of PREFIXES) {
      for (const suffix of SUFFIXES) {
        add(base, prefix, suffix);
        add(base.toLowerCase(), prefix.toLowerCase(), suffix.toLowerCase());
        add(base.toUpperCase(), prefix.toUpperCase(), suffix.toUpperCase());
        add(base[0]!.toLowerCase() + base.slice(1), prefix, suffix);
        if (prefix) add(base, prefix.toLowerCase(), suffix);
        if (suffix) add(base, prefix, suffix.toLowerCase());
      }
    }
  }
  return [...seen.values()];
}

const NAMES = allNames();

/** Names per document: fewer than the engine's cap of findings per rule and document, so none is summarised. */
const CHUNK = 50;

/** One statement, one condition block per line: line j + 1 holds the chunk's name j. */
function documentOf(names: readonly { name: string }[]): string {
  return [
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{',
    ...names.map((n, j) => `${JSON.stringify(n.name)}:{"custom:key":"x!"}${j < names.length - 1 ? ',' : ''}`),
    '}}]}',
  ].join('\n');
}

/** The findings on NAMES[i]'s line, from the document of its chunk. */
const findingsByChunk = Array.from({ length: Math.ceil(NAMES.length / CHUNK) }, (_, c) =>
  lintCode(documentOf(NAMES.slice(c * CHUNK, (c + 1) * CHUNK)), 'iam-policy', 'identity'),
);
const onLine = (ruleId: string, i: number) =>
  findingsByChunk[Math.floor(i / CHUNK)]!.filter((f) => f.ruleId === ruleId && f.range.start.line === (i % CHUNK) + 1);

/** Findings of the rule about names IAM accepts but that do not fit the key (Null with a set operator). */
const FIT_MESSAGES = new Set(['nullWithQualifier', 'missingQualifier']);

/** IAM accepts the name: the rule that reports operator names says nothing about the name itself. */
const accepted = new Set(
  NAMES.filter((_, i) => onLine('iam/condition-operator-unknown', i).every((f) => FIT_MESSAGES.has(f.messageId ?? ''))).map((n) => n.name),
);

/** The category condition-value-type judged the value "x!" by (no finding: it reads the value as a string). */
const VALUE_MESSAGES: Array<[string, OperatorCategory]> = [
  ['is not a number', 'Numeric'],
  ['is not a date', 'Date'],
  ['Bool takes', 'Bool'],
  ['Null takes', 'Null'],
  ['is not an IP address', 'IpAddress'],
  ['is not an ARN', 'Arn'],
  ['is not base64', 'Binary'],
];

describe('condition operators: one answer for every name', () => {
  it('covers documented names and rejected ones', () => {
    assert.ok(NAMES.length > 500, `${NAMES.length} names`);
    // 27 bases × 3 prefixes × 2 suffixes, minus the 3 forms of NullIfExists.
    assert.equal(accepted.size, 27 * 3 * 2 - 3);
    for (const name of ['StringEquals', 'ForAnyValue:StringLikeIfExists', 'ForAllValues:Null']) assert.ok(accepted.has(name), name);
    for (const name of ['BinaryNotEquals', 'stringequals', 'forallvalues:StringEquals', 'StringEqualsifexists', 'NullIfExists', 'ForSomeValues:StringEquals']) assert.ok(!accepted.has(name), name);
  });

  it('the table parses exactly the names the rule accepts', () => {
    const parsed = NAMES.filter((n) => parseOperator(n.name) !== undefined).map((n) => n.name);
    assert.deepEqual(parsed, [...accepted]);
  });

  it('condition-value-type judges exactly the accepted operators, by the table’s category', () => {
    const disagreements: string[] = [];
    NAMES.forEach((n, i) => {
      const messages = onLine('iam/condition-value-type', i).map((f) => f.message);
      const judgedAs = VALUE_MESSAGES.find(([text]) => messages.some((m) => m.includes(text)))?.[1];
      const expected = accepted.has(n.name) ? parseOperator(n.name)!.base.category : undefined;
      // A String operator reads "x!" as a string: no finding, like an operator it does not judge.
      const expectedJudgement = expected === 'String' ? undefined : expected;
      if (judgedAs !== expectedJudgement || messages.length > (judgedAs ? 1 : 0)) disagreements.push(`${n.name}: ${messages.join(' | ') || 'no finding'}`);
    });
    assert.deepEqual(disagreements, []);
  });

  it('completion offers exactly the accepted operators, less set prefixes the table calls pointless', () => {
    const text = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{}}]}';
    const offset = text.indexOf('{}}') + 1;
    const offered = completeIam(text, offset, testData()).items.map((i) => i.label);
    const expected = NAMES.filter((n) => accepted.has(n.name) && !(n.prefix !== '' && CONDITION_OPERATORS[n.base]?.setPrefixes === false)).map((n) => n.name);
    assert.deepEqual([...offered].sort(), [...expected].sort());
    // The pointless ones are still valid IAM: only ForAllValues:/ForAnyValue: on Null and BinaryEquals.
    assert.deepEqual(
      [...accepted].filter((n) => !offered.includes(n)).sort(),
      ['ForAllValues:BinaryEquals', 'ForAllValues:BinaryEqualsIfExists', 'ForAllValues:Null', 'ForAnyValue:BinaryEquals', 'ForAnyValue:BinaryEqualsIfExists', 'ForAnyValue:Null'],
    );
  });

  it('hover describes exactly the accepted operators, with the table’s words', () => {
    const disagreements: string[] = [];
    for (const n of NAMES) {
      const text = `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{${JSON.stringify(n.name)}:{"aws:username":"a"}}}]}`;
      const result = hoverIam(text, text.indexOf(JSON.stringify(n.name)) + 1, testData());
      if (!accepted.has(n.name)) {
        if (result) disagreements.push(`${n.name}: described, but the rule rejects it`);
        continue;
      }
      const markdown = result?.markdown ?? '';
      const facts = CONDITION_OPERATORS[n.base]!;
      const expectations: Array<[boolean, boolean, string]> = [
        [true, markdown.startsWith(`**\`${n.name}\`** (condition operator)`), 'title'],
        [true, markdown.includes(facts.description), 'description'],
        [true, markdown.includes(facts.docUrl), 'link'],
        [n.suffix !== '', markdown.includes('`…IfExists`'), 'IfExists'],
        [n.prefix !== '', markdown.includes(`\`${n.prefix}\``), 'set prefix'],
        [facts.negated, markdown.includes('Negated:'), 'negation'],
      ];
      for (const [want, got, what] of expectations) if (want !== got) disagreements.push(`${n.name}: ${what}`);
    }
    assert.deepEqual(disagreements, []);
  });

  it('the evaluator knows exactly the accepted operators', () => {
    const [statement] = evaluateStatements(parseIamDocument(documentOf(NAMES)), 's3:GetObject', '*', { 'custom:key': 'x!' });
    const outcomes = statement!.conditions;
    assert.equal(outcomes.length, NAMES.length);
    const disagreements = outcomes.filter((o) => o.unknownOperator === accepted.has(o.operator)).map((o) => `${o.operator}: ${o.unknownOperator ? 'unknown' : 'evaluated'}`);
    assert.deepEqual(disagreements, []);
  });
});
