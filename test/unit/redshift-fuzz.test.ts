// Property test: the Redshift parser and rules survive arbitrary token soup and truncated fixtures — no throw, linear time, ranges inside the text.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { INTERNAL_RULE_ID } from '../../server/src/engine/types';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { applyEdits } from '../../server/src/engine/text';
import { testData } from '../support/data';
import { prng } from '../support/prng';
import { fixesOf } from '../support/fixes';


const PIECES = [
  'GRANT', 'REVOKE', 'CREATE', 'ALTER', 'DROP', 'USER', 'GROUP', 'ROLE', 'DEFAULT', 'PRIVILEGES', 'ON', 'TO', 'FROM', 'FOR', 'IN',
  'SCHEMA', 'SCHEMAS', 'TABLE', 'TABLES', 'ALL', 'DATABASE', 'FUNCTION', 'PROCEDURE', 'WITH', 'OPTION', 'ADMIN', 'PUBLIC',
  'SELECT', 'USAGE', 'TEMPORARY', 'EXECUTE', 'PASSWORD', 'DISABLE', 'CREATEUSER', 'SYSLOG', 'ACCESS', 'UNRESTRICTED', 'VALID',
  'UNTIL', 'CONNECTION', 'LIMIT', 'ASSUMEROLE', 'COPY', 'JOB', 'EXTERNAL', 'IAM_ROLE', 'NAMESPACE', 'SEQUENCES', 'CONNECT',
  'sales', 'orders', 'bob', '"Etl_User"', "'Abcd1234'", "'weak'", "'it''s'", "'unterminated", '"unterminated', '$$ body; $$',
  '$$', ':pw', '${PW}', '{{', '123', '.', ',', ',', ';', ';', ';', '(', ')', '(', '*', '=', '#', '# comment\n', '-- c\n', '/*', '*/',
  '/* x */', '\n', '\n', ' ', '\t', '\r\n', 'é', '😀', '\u0000',
];

const FIXTURES = fs
  .readdirSync(path.join(__dirname, '..', 'fixtures', 'redshift'))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'redshift', f), 'utf8'));

/** Runs `f`, returning its result and the CPU time (user + system) it took, in milliseconds. */
function timed<T extends object>(f: () => T): T & { ms: number } {
  const before = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(before);
  return Object.assign(result, { ms: (used.user + used.system) / 1000 });
}

function soup(random: () => number): string {
  const count = Math.floor(random() * 60);
  let text = '';
  for (let i = 0; i < count; i++) {
    text += PIECES[Math.floor(random() * PIECES.length)]!;
    if (random() < 0.7) text += ' ';
  }
  return text;
}

function truncatedFixture(random: () => number): string {
  const source = FIXTURES[Math.floor(random() * FIXTURES.length)]!;
  const a = Math.floor(random() * source.length);
  const b = a + Math.floor(random() * (source.length - a + 1));
  // Cut a window out of the fixture, sometimes splicing soup into the cut.
  return source.slice(0, a) + (random() < 0.5 ? soup(random) : '') + source.slice(b);
}

function checkCase(text: string, label: string): void {
  const script = parseRedshiftScript(text);
  const inside = (s: { start: number; end: number }, what: string): void => {
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `${label}: ${what} [${s.start}, ${s.end}) outside text of length ${text.length}`);
  };
  for (const statement of script.statements) inside(statement, `statement ${statement.kind}`);
  for (const error of script.errors) inside(error, `error ${error.code}`);
  for (const ref of script.names) inside(ref.id, 'name');
  const { findings } = lintText(text, { data: testData(), kind: 'redshift-sql' });
  for (const finding of findings) {
    assert.notEqual(finding.ruleId, INTERNAL_RULE_ID, `${label}: a rule crashed: ${finding.message}`);
    inside(finding, `finding ${finding.ruleId}`);
    for (const fix of fixesOf(finding)) {
      for (const edit of fix.edits) inside(edit, `fix edit of ${finding.ruleId}`);
      assert.equal(typeof applyEdits(text, fix.edits), 'string');
    }
  }
}

test('random token soup never throws and keeps every range inside the text', () => {
  const random = prng(20261121);
  for (let i = 0; i < 2500; i++) checkCase(soup(random), `soup case ${i}`);
});

test('random truncations of the fixtures never throw and keep every range inside the text', () => {
  const random = prng(42);
  for (let i = 0; i < 1500; i++) checkCase(truncatedFixture(random), `truncation case ${i}`);
});

test('every prefix of the seed fixture parses', () => {
  const seed = FIXTURES.find((f) => f.includes('tonic_user'))!;
  for (let n = 0; n <= seed.length; n += 3) checkCase(seed.slice(0, n), `seed prefix ${n}`);
});

test('linear time: 10,000 statements lint well under a second', () => {
  const block = [
    'CREATE USER u{i} PASSWORD DISABLE;',
    'GRANT USAGE ON SCHEMA s{i} TO u{i};',
    'GRANT SELECT ON ALL TABLES IN SCHEMA s{i} TO u{i};',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA s{i} GRANT SELECT ON TABLES TO u{i};',
    'SELECT * FROM s{i}.t WHERE x = 1;',
  ];
  const lines: string[] = [];
  for (let i = 0; lines.length < 10_000; i++) for (const line of block) lines.push(line.replace(/\{i\}/g, String(i)));
  const text = lines.join('\n');
  lintText(text, { data: testData(), kind: 'redshift-sql' }); // warm-up
  // CPU time, best of three: other suites run in parallel on the test machine (about 200 ms when it is idle).
  let elapsed = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const { findings, ms } = timed(() => lintText(text, { data: testData(), kind: 'redshift-sql' }));
    elapsed = Math.min(elapsed, ms);
    assert.deepEqual(findings, []);
  }
  assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
});

test('linear time: 10,000 broken statements (missing ;, unknown privileges) stay fast', () => {
  const text = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `GRANT SELEC ON t${i} TO u${i};` : `GRANT SELECT ON s.t${i} TO u${i}`)).join('\n');
  let elapsed = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const { findings, ms } = timed(() => lintText(text, { data: testData(), kind: 'redshift-sql' }));
    elapsed = Math.min(elapsed, ms);
    // At most 100 findings per rule are listed; a summary per rule counts the rest.
    const summarized = findings.map((f) => Number(/… and (\d+) more findings? of /.exec(f.message)?.[1] ?? 1)).reduce((a, b) => a + b, 0);
    assert.ok(summarized >= 10_000, `${summarized} problems`);
  }
  assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
});
