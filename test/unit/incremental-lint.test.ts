// Incremental re-linting (engine/lint.ts lintIncrementally, engine/lintCache.ts), as the language server does it on
// every keystroke: over typing sessions of random edits, the result equals a full lint exactly; a keystroke re-checks
// only the statement it changed. Every IAM rule's own test cases run the same differential (support/ruleTester.ts).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintIncrementally, lintText, runRules, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { iamRules } from '../../server/src/engine/rules';
import type { IamRule } from '../../server/src/engine/rules/rule';
import { generateCloudFormationPolicies, generateCloudFormationTemplate, generatePolicy } from '../support/benchInputs';
import { testData } from '../support/data';
import { assertIncrementalSession, assertSameAsFullLint } from '../support/incremental';
import { prng } from '../support/prng';
import { generateTerraformPolicies } from '../support/terraformFiles';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const options: LintOptions = { data: testData(), kind: 'iam-policy' };

function fixtures(dir: string, suffix: string): { name: string; text: string }[] {
  const full = path.join(FIXTURES, dir);
  return fs.readdirSync(full).filter((f) => f.endsWith(suffix)).sort().map((f) => ({ name: `${dir}/${f}`, text: fs.readFileSync(path.join(full, f), 'utf8') }));
}

describe('incremental re-linting equals a full lint', () => {
  it('on generated policies over typing sessions', () => {
    for (const seed of [1, 2, 3, 4]) assertIncrementalSession(generatePolicy(3_000 + seed * 1_000, seed), options, prng(seed), 25, `generated policy ${seed}`);
  });

  it('on the seed, Access Analyzer and AWS managed policy fixtures over typing sessions', () => {
    const files = [...fixtures('seeds', '.json'), ...fixtures('access-analyzer', '.json'), ...fixtures('aws-managed', '.json').slice(0, 12)];
    assert.ok(files.length > 20);
    files.forEach((f, i) => assertIncrementalSession(f.text, options, prng(100 + i), 6, f.name));
  });

  it('on policy types and severities as configured', () => {
    const text = generatePolicy(4_000, 9);
    for (const policyType of ['resource', 'trust', 'scp', 'kms-key'] as const) assertIncrementalSession(text, { ...options, policyType }, prng(7), 8, policyType);
    assertIncrementalSession(text, { ...options, severities: { 'iam/resource-type-mismatch': 'off', 'iam/condition-key-support': 'error' } }, prng(8), 8, 'severities');
  });

  it('on Terraform and CloudFormation files over typing sessions', () => {
    const host = (h: 'terraform' | 'cloudformation'): LintOptions => ({ ...options, host: h });
    assertIncrementalSession(generateTerraformPolicies(12, true), host('terraform'), prng(11), 20, 'Terraform with typos');
    assertIncrementalSession(generateTerraformPolicies(12, false), host('terraform'), prng(12), 20, 'Terraform');
    assertIncrementalSession(generateCloudFormationPolicies(12), host('cloudformation'), prng(13), 20, 'CloudFormation');
    for (const f of fixtures('hosts', '')) assertIncrementalSession(f.text, host(f.name.endsWith('.tf') ? 'terraform' : 'cloudformation'), prng(14), 10, f.name);
  });

  it('when the configuration changes between lints (the cache starts again)', () => {
    const cache = new LintCache();
    const text = generatePolicy(4_000, 5);
    assertSameAsFullLint(text, options, cache, 'default');
    assertSameAsFullLint(text, { ...options, severities: { 'iam/condition-key-support': 'hint' } }, cache, 'a severity changed');
    assertSameAsFullLint(text, { ...options, data: testData() }, cache, 'same data');
  });

  it('with a cache smaller than the document (least recently used statements dropped)', () => {
    const cache = new LintCache(5);
    let text = generatePolicy(6_000, 6);
    const rng = prng(6);
    for (let i = 0; i < 10; i++) {
      assertSameAsFullLint(text, options, cache, `edit ${i}`);
      text = text.replace('"Sid": "', `"Sid": "${String.fromCharCode(97 + Math.floor(rng() * 26))}`);
    }
    assert.ok(cache.size <= 5);
  });

  it('when a statement-scoped rule throws on one statement (it fails as in a full lint)', () => {
    const thrower: IamRule = {
      id: 'iam/test-thrower',
      domain: 'iam',
      defaultSeverity: 'warning',
      description: 'test',
      fixable: false,
      hasSuggestions: false,
      messages: { m: 'statement {{i}}' },
      statementScope: {},
      check(context) {
        for (const s of context.doc.statements) {
          if (s.sid?.value === 'Boom') throw new Error('boom');
          context.report({ start: s.node.offset, end: s.node.offset + 1, messageId: 'm', data: { i: s.index } });
        }
      },
    };
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'Boom', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, null, 2);
    const doc = parseIamDocument(text);
    const full = runRules([thrower], doc, text, options);
    assert.ok(full.some((f) => f.ruleId === 'grantcheck/internal'));
    assert.deepStrictEqual(lintIncrementally([thrower], doc, text, options, new LintCache()), full);
  });
});

/** A policy with what iam/json-syntax reports inside statements and between them: comments, trailing commas, duplicate keys. */
const JSONC_POLICY = `{
  // top comment
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "One", // why
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject",],
      "Resource": "*",
      "Resource": "arn:aws:s3:::b/*"
    },
    /* between */
    {
      "Sid": "Two",
      "Effect": "Allow",
      "Action": "sqs:SendMessage",
      "Resource": "*",
    },
  ],
  "Version": "2012-10-17"
}
`;

describe('iam/json-syntax per statement', () => {
  it('equals a full lint while comments, trailing commas, duplicate keys and parse errors come and go', () => {
    const cache = new LintCache();
    const steps: [string, (t: string) => string][] = [
      ['a comment inside the second statement', (t) => t.replace('"Sid": "Two",', '"Sid": "Two", /* note */')],
      ['a duplicate key in the second statement', (t) => t.replace('"Effect": "Allow",\n      "Action": "sqs', '"Effect": "Allow",\n      "Effect": "Deny",\n      "Action": "sqs')],
      // Lines above move the duplicate keys: their messages name the earlier key's line, which moved too.
      ['lines inserted above every statement', (t) => t.replace('// top comment', '// top comment\n  // another\n  // and another')],
      ['an unclosed string in the first statement (a parse error)', (t) => t.replace('"Sid": "One"', '"Sid": "One')],
      ['the string closed again', (t) => t.replace('"Sid": "One', '"Sid": "One"')],
      ['a missing comma between properties of the second statement', (t) => t.replace('"Sid": "Two", /* note */', '"Sid": "Two" /* note */')],
      ['the comma back', (t) => t.replace('"Sid": "Two" /* note */', '"Sid": "Two", /* note */')],
      ['the trailing comma of the first statement removed', (t) => t.replace('"s3:PutObject",]', '"s3:PutObject"]')],
      ['a comment moved out of the statements', (t) => t.replace(' // why', '').replace('/* between */', '/* between */ // why')],
      ['a line break style change', (t) => t.replace(/\n/g, '\r\n')],
    ];
    let text = JSONC_POLICY;
    assertSameAsFullLint(text, options, cache, 'start');
    const ids = new Set(lintText(text, options).findings.filter((f) => f.ruleId === 'iam/json-syntax').map((f) => f.messageId));
    assert.deepStrictEqual([...ids].sort(), ['comment', 'duplicateKey', 'trailingComma']);
    for (const [what, edit] of steps) {
      const next = edit(text);
      assert.notEqual(next, text, what);
      text = next;
      assertSameAsFullLint(text, options, cache, what);
    }
    assert.ok(lintText(text, options).findings.some((f) => f.messageId === 'duplicateKey'));
  });

  it('over random typing sessions in a policy with comments, trailing commas and duplicate keys', () => {
    for (const seed of [21, 22, 23, 24]) assertIncrementalSession(JSONC_POLICY, options, prng(seed), 30, `JSONC policy ${seed}`);
  });

  it('a keystroke in a clean statement does not re-check the others (their comments and commas come from the cache)', () => {
    const cache = new LintCache();
    const statement = (i: number): string => `    {\n      "Sid": "S${i}", // c${i}\n      "Effect": "Allow",\n      "Action": ["s3:GetObject",],\n      "Resource": "*"\n    }`;
    let text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${Array.from({ length: 20 }, (_, i) => statement(i)).join(',\n')}\n  ]\n}\n`;
    lintText(text, { ...options, cache });
    const seen: number[] = [];
    const rule = iamRules.find((r) => r.id === 'iam/json-syntax')!;
    const counting: IamRule = { ...rule, check: (context) => { seen.push(context.doc.statements.length); rule.check(context); } };
    text = text.replace('"Sid": "S7"', '"Sid": "S7x"');
    const doc = parseIamDocument(text);
    const incremental = lintIncrementally([counting], doc, text, options, cache);
    assert.deepStrictEqual(incremental, runRules([rule], doc, text, options));
    // The document view (no statements) and the one changed statement.
    assert.deepStrictEqual(seen.sort(), [0, 1]);
    assert.equal(incremental.filter((f) => f.messageId === 'comment').length, 20);
  });
});

describe('a keystroke re-checks only the statement it changed', () => {
  it('every other statement is found in the cache, also when lines were inserted above it', () => {
    const cache = new LintCache();
    let text = generatePolicy(20_000, 3);
    const statements = parseIamDocument(text).statements.length;
    lintText(text, { ...options, cache });
    const at = text.indexOf('"Sid": "') + 8;
    text = text.slice(0, at) + 'x' + text.slice(at);
    const before = { lookups: cache.lookups, hits: cache.hits };
    assert.deepStrictEqual(lintText(text, { ...options, cache }).findings, lintText(text, options).findings);
    assert.equal(cache.lookups - before.lookups, statements);
    assert.equal(cache.hits - before.hits, statements - 1);
    // A new first statement moves every other one down: they are still found, their findings re-based.
    const open = text.indexOf('[') + 1;
    text = `${text.slice(0, open)}\n    { "Effect": "Allow", "Action": "s3:GetObjectt", "Resource": "*" },${text.slice(open)}`;
    const moved = { lookups: cache.lookups, hits: cache.hits };
    assert.deepStrictEqual(lintText(text, { ...options, cache }).findings, lintText(text, options).findings);
    assert.equal(cache.hits - moved.hits, statements);
    assert.equal(cache.lookups - moved.lookups, statements + 1);
  });

  it('the rules that read the whole document keep running on all of it (document-scoped rules are not cached)', () => {
    const cache = new LintCache();
    const statement = '{ "Sid": "Same", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }';
    const one = `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;
    const two = `{ "Version": "2012-10-17", "Statement": [ ${statement}, ${statement} ] }`;
    lintText(one, { ...options, cache });
    const ids = lintText(two, { ...options, cache }).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('iam/duplicate-sid') && ids.includes('iam/redundant-statement'), ids.join(', '));
    assert.ok(iamRules.some((r) => !r.statementScope) && iamRules.some((r) => r.statementScope));
  });
});

describe('the lint cache keeps a bounded number of entries while typing', () => {
  /** Types `count` letters into the Sid of a statement in the middle of `text`, linting each version with `cache`; every `check`-th version is compared with a full lint. */
  function type(text: string, lintOptions: LintOptions, cache: LintCache, count: number, check: number, sidOpening = '"Sid": "'): string[] {
    const at = text.indexOf(sidOpening, Math.floor(text.length / 2)) + sidOpening.length;
    assert.ok(at >= sidOpening.length);
    const versions: string[] = [];
    for (let i = 0; i < count; i++) {
      text = text.slice(0, at + i) + String.fromCharCode(97 + (i % 26)) + text.slice(at + i);
      versions.push(text);
      if (i % check === check - 1 || i === count - 1) assertSameAsFullLint(text, lintOptions, cache, `keystroke ${i + 1}`);
      else lintText(text, { ...lintOptions, cache });
    }
    return versions;
  }

  it('in a policy file: twice the statements plus the recent versions, not one entry per version typed', () => {
    const cache = new LintCache();
    const text = generatePolicy(6_000, 8);
    const statements = parseIamDocument(text).statements.length;
    lintText(text, { ...options, cache });
    assert.equal(cache.size, statements);
    const versions = type(text, options, cache, 800, 100);
    // One entry per version typed (800) would be kept without the bound.
    assert.equal(cache.limit, 2 * statements + cache.keptBeyondLive);
    assert.ok(cache.size <= cache.limit && cache.size < 800, `${cache.size} entries, limit ${cache.limit}`);
    // Undo to a recent version: every statement is found, the edited one too.
    const before = { lookups: cache.lookups, hits: cache.hits };
    assertSameAsFullLint(versions[versions.length - 50]!, options, cache, 'undo 50 keystrokes');
    assert.equal(cache.hits - before.hits, cache.lookups - before.lookups);
    // And re-linting the current version finds every statement (what the last lint used is never dropped).
    const again = { lookups: cache.lookups, hits: cache.hits };
    assertSameAsFullLint(versions[versions.length - 1]!, options, cache, 'back to the last version');
    assert.equal(cache.hits - again.hits, statements);
  });

  it('in a CloudFormation template: every policy stays found (host-level entries), typing in one of them', () => {
    const host: LintOptions = { ...options, host: 'cloudformation' };
    const cache = new LintCache();
    const text = generateCloudFormationTemplate(20, 30_000);
    lintText(text, { ...host, cache });
    const afterOpen = cache.size;
    const versions = type(text, host, cache, 600, 60, "Sid: '");
    assert.ok(cache.size <= cache.limit && cache.limit < 600, `${cache.size} entries, limit ${cache.limit}`);
    assert.ok(cache.limit >= 2 * afterOpen);
    // The last version again: every lookup (each policy's entry) hits.
    const before = { lookups: cache.lookups, hits: cache.hits };
    assertSameAsFullLint(versions[versions.length - 1]!, host, cache, 'the last version again');
    assert.ok(cache.lookups - before.lookups >= 20);
    assert.equal(cache.hits - before.hits, cache.lookups - before.lookups);
  });

  it('a small bound beyond the live entries still lints right', () => {
    const cache = new LintCache(20_000, 0);
    type(generatePolicy(3_000, 9), options, cache, 120, 7);
    assert.ok(cache.size <= cache.limit);
  });
});

describe('findings kept by key (reportKept) while typing before them on their lines', () => {
  it('move by offsets only, keep their ranges, and equal a full lint', () => {
    const statement = (sid: string): string => `    { "Sid": "${sid}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }`;
    // The same statement (but its Sid) three times: iam/redundant-statement reports the second and third.
    let text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${[statement('A'), statement('B'), statement('C')].join(',\n')}\n  ]\n}\n`;
    const cache = new LintCache();
    const redundant = (findings: readonly import('../../server/src/engine/types').Finding[]) => findings.filter((f) => f.ruleId === 'iam/redundant-statement');
    let before = redundant(lintText(text, { ...options, cache }).findings);
    assert.equal(before.length, 2);
    const at = text.indexOf('"Sid": "A') + '"Sid": "A'.length;
    for (let i = 0; i < 5; i++) {
      // Typed into the first statement's Sid: the repeated statements below it keep their lines and characters.
      text = text.slice(0, at + i) + 'x' + text.slice(at + i);
      const after = redundant(lintText(text, { ...options, cache }).findings);
      assert.deepStrictEqual(lintText(text, { ...options, cache }).findings, lintText(text, options).findings);
      assert.equal(after.length, 2);
      for (let k = 0; k < 2; k++) assert.equal(after[k]!.range, before[k]!.range, `keystroke ${i + 1}: finding ${k} re-rendered`);
      before = after;
    }
  });
});

describe('the first keystroke after the open', () => {
  it('hands out the open lint’s findings of the statements it did not change (the same objects where they did not move)', () => {
    const cache = new LintCache();
    let text = generatePolicy(20_000, 11);
    const scoped = new Set(iamRules.filter((r) => r.statementScope).map((r) => r.id));
    const opened = lintText(text, { ...options, cache }).findings.filter((f) => scoped.has(f.ruleId));
    const sids = [...text.matchAll(/"Sid": "/g)];
    const at = sids[sids.length - 1]!.index! + '"Sid": "'.length;
    const before = opened.filter((f) => f.end < at);
    assert.ok(before.length >= 3, `${before.length} findings before the edit`);
    text = text.slice(0, at) + 'x' + text.slice(at);
    const typed = lintText(text, { ...options, cache }).findings;
    assert.deepStrictEqual(typed, lintText(text, options).findings);
    for (const f of before) assert.ok(typed.includes(f), `${f.ruleId} at ${f.start} re-made`);
  });
});
