// One classification of each Resource, shared by every rule and action that asks (iam/arn.ts matchPattern): a
// pattern's answers against the resource types of its own namespace are kept with its compiled tokens, by the
// template's slot and the matching mode, and a plain pattern (literal characters and `*`) is searched from its text.
// These tests hold the shared answers to answers computed alone: per query against the reference search, in any
// order, across modes, namespaces and data instances (slots are numbered per data), and per rule in a whole lint.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileResourceType,
  patternCanMatchGenericTemplate,
  patternCanMatchTemplate,
  patternCanMatchTemplateWithAccount,
  tokensIntersect,
  type CompiledTemplate,
  type Token,
} from '../../server/src/engine/iam/arn';
import { IamData } from '../../server/src/engine/data/iamData';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';
import { lintText } from '../../server/src/engine/lint';
import { iamRules } from '../../server/src/engine/rules';
import type { ResourceTypeInfo } from '../../server/src/engine/data/iamData';
import { coversEveryRole } from '../../server/src/engine/rules/iam/roleGrant';
import { hasWildcard, resourceMatches } from '../../server/src/engine/iam/wildcard';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

// ---- reference tokens of a pattern, written out here (not the engine's tokenizer): `*` any run, `?` any one
// character, `${aws:…}` any run, `${*}` `${?}` `${$}` the literal character.
const ANY_RUN: Token = { kind: 'many', set: { except: '' } };
function referenceTokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$' && pattern[i + 1] === '{') {
      const close = pattern.indexOf('}', i + 2);
      if (close > 0) {
        const body = pattern.slice(i + 2, close);
        out.push(body === '*' || body === '?' || body === '$' ? { kind: 'one', set: { only: body } } : ANY_RUN);
        i = close;
        continue;
      }
    }
    out.push(c === '*' ? ANY_RUN : c === '?' ? { kind: 'one', set: { except: '' } } : { kind: 'one', set: { only: c } });
  }
  return out;
}

type Mode = 0 | 1 | 2;
const MODES: readonly Mode[] = [0, 1, 2];

function ask(pattern: string, compiled: CompiledTemplate, mode: Mode): boolean {
  return mode === 0 ? patternCanMatchTemplate(pattern, compiled) : mode === 1 ? patternCanMatchTemplateWithAccount(pattern, compiled) : patternCanMatchGenericTemplate(pattern, compiled);
}

function expected(pattern: string, compiled: CompiledTemplate, mode: Mode): boolean {
  const tokens = referenceTokens(pattern);
  const alternatives = mode === 0 ? compiled.alternatives : mode === 1 ? compiled.withAccount : compiled.generic;
  return alternatives.some((alt) => tokensIntersect(tokens, alt));
}

/** A real-looking ARN of a template: its variables filled with values, wildcards and policy variables. */
function patternOf(r: Rng, template: string): string {
  let arn = template
    .split(/,\s*/)[0]!
    .replace(/\$\{Partition\}/g, () => pick(r, ['aws', 'aws', 'aws-cn', '*']))
    .replace(/\$\{Region\}/g, () => pick(r, ['us-east-1', 'us-east-1', '*', '', 'eu-west-?']))
    .replace(/\$\{Account(Id)?\}/g, () => pick(r, ['123456789012', '123456789012', '*', '', 'aws']))
    .replace(/\$\{[^}]+\}/g, () => pick(r, ['x', 'n-1', 'a/b', 'a:b', '*', 'x*', '?', '${aws:username}', '${*}', 'x**y', '']));
  if (r() < 0.15) arn += pick(r, ['/*', ':*', '*', '/x']);
  return arn;
}

const SERVICES = ['s3', 'dynamodb', 'sqs', 'iam', 'lambda', 'logs', 'ec2', 'ssm', 'apigateway', 'kms', 'sns', 'codeconnections'];

describe('ARN classification shared by the rules', () => {
  it('each answer, asked in any order across types, modes and namespaces, is the reference search on its own', () => {
    const data = new IamData(createDataFileReader());
    const r = prng(1909);
    const queries: { pattern: string; compiled: CompiledTemplate; mode: Mode }[] = [];
    for (let p = 0; p < 400; p++) {
      const service = pick(r, SERVICES);
      const pattern = patternOf(r, pick(r, data.resourceTypes(service)).arn);
      // The types of its own namespace (kept answers) and of another one (no answers kept: other namespace).
      const types = data.resourceTypes(service).concat(data.resourceTypes(pick(r, SERVICES)).slice(0, 4));
      for (const type of types) queries.push({ pattern, compiled: compileResourceType(data, type), mode: pick(r, MODES) });
    }
    // Asked shuffled twice: the first time fills the kept answers in one order, the second reads them in another.
    for (let round = 0; round < 2; round++) {
      const order = queries.map((_, i) => i).sort(() => r() - 0.5);
      for (const i of order) {
        const q = queries[i]!;
        assert.equal(ask(q.pattern, q.compiled, q.mode), expected(q.pattern, q.compiled, q.mode), `${q.pattern} vs ${q.compiled.arn} (mode ${q.mode}, round ${round})`);
      }
    }
  });

  it('a plain pattern (characters and `*`) answers as the same pattern with each `*` written as a policy variable', () => {
    const data = new IamData(createDataFileReader());
    const r = prng(77);
    let plain = 0;
    for (let p = 0; p < 300; p++) {
      const service = pick(r, SERVICES);
      const pattern = patternOf(r, pick(r, data.resourceTypes(service)).arn);
      if (/[?$]/.test(pattern)) continue;
      plain++;
      // `${aws:userid}` is a run of anything, as `*` is, but the pattern is no longer plain: the array tokens.
      const variable = pattern.replace(/\*/g, '${aws:userid}');
      for (const type of data.resourceTypes(service)) {
        const compiled = compileResourceType(data, type);
        for (const mode of MODES) assert.equal(ask(pattern, compiled, mode), ask(variable, compiled, mode), `${pattern} vs ${type.arn} (mode ${mode})`);
      }
    }
    assert.ok(plain > 100, `${plain} plain patterns`);
  });

  it('slots are numbered per data instance: answers kept for one instance are not read for another', () => {
    // Two instances whose types of a namespace are compiled in opposite orders, so one slot names different types.
    const a = new IamData(createDataFileReader());
    const b = new IamData(createDataFileReader());
    const r = prng(5);
    for (const service of ['s3', 'dynamodb', 'logs', 'ec2']) {
      const typesA = a.resourceTypes(service);
      const typesB = [...b.resourceTypes(service)].reverse();
      const compiledA = typesA.map((t) => compileResourceType(a, t));
      const compiledB = typesB.map((t) => compileResourceType(b, t));
      assert.notEqual(compiledA[0]!.slot, undefined, `${service} types get slots`);
      for (let p = 0; p < 30; p++) {
        const pattern = patternOf(r, pick(r, typesA).arn);
        for (const mode of MODES) {
          compiledA.forEach((c) => assert.equal(ask(pattern, c, mode), expected(pattern, c, mode), `${pattern} vs ${c.arn} (a, mode ${mode})`));
          compiledB.forEach((c) => assert.equal(ask(pattern, c, mode), expected(pattern, c, mode), `${pattern} vs ${c.arn} (b, mode ${mode})`));
          compiledA.forEach((c) => assert.equal(ask(pattern, c, mode), expected(pattern, c, mode), `${pattern} vs ${c.arn} (a again, mode ${mode})`));
        }
      }
    }
  });

  it('the ARN rules report in one lint exactly what each reports linting alone', () => {
    const r = prng(2718);
    const reader = createDataFileReader();
    const source = new IamData(reader);
    const statements: object[] = [];
    for (let s = 0; s < 300; s++) {
      const service = pick(r, SERVICES);
      const types: readonly ResourceTypeInfo[] = source.resourceTypes(service);
      const known = source.actions(service);
      const actions = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.85 ? `${service}:${pick(r, known).name}` : pick(r, [`${service}:Get*`, `${service}:List*`, `${service}:*`])));
      const resources = Array.from({ length: 1 + Math.floor(r() * 3) }, () => patternOf(r, pick(r, types).arn));
      statements.push({ Effect: 'Allow', Action: actions, Resource: resources });
    }
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const ruleIds = iamRules.map((rule) => rule.id);
    const findingsOf = (rule: string, only: boolean): string[] => {
      // A new data instance: nothing kept from an earlier lint (compiled types, slots and answers are per instance).
      const data = new IamData(reader);
      const severities = only ? Object.fromEntries(ruleIds.filter((id) => id !== rule).map((id) => [id, 'off' as const])) : {};
      return lintText(text, { data, kind: 'iam-policy', severities })
        .findings.filter((f) => f.ruleId === rule)
        .map((f) => JSON.stringify(f));
    };
    // Every rule that classifies a Resource against resource types (and, for the comparison's sake, no other).
    for (const rule of ['iam/resource-type-mismatch', 'iam/resource-arn-malformed']) {
      const together = findingsOf(rule, false);
      assert.ok(together.length > 10, `${rule}: ${together.length} findings (the corpus must exercise it)`);
      assert.deepEqual(findingsOf(rule, true), together, rule);
    }
  });

  it('iam/resource-arn-malformed\'s issues kept with each pattern (patternMemo) give what a new data instance computes, across instances', () => {
    const r = prng(3141);
    const reader = createDataFileReader();
    const source = new IamData(reader);
    const statements: object[] = [];
    for (let s = 0; s < 80; s++) {
      const service = pick(r, SERVICES);
      const types: readonly ResourceTypeInfo[] = source.resourceTypes(service);
      // Written ARNs and malformed ones (fields missing, unknown services, bad regions and accounts).
      const resources = Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
        const arn = patternOf(r, pick(r, types).arn);
        const edit = r();
        return edit < 0.1 ? arn.replace(/:[^:]*:/, ':') : edit < 0.2 ? arn.replace(service, `${service}x`) : edit < 0.3 ? arn.replace(/:(\d{12}):/, ':1234:') : edit < 0.35 ? arn.replace('us-east-1', 'US-EAST-1') : arn;
      });
      statements.push({ Effect: 'Allow', Action: `${service}:*`, Resource: resources });
    }
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const findings = (data: IamData): string[] => lintText(text, { data, kind: 'iam-policy' }).findings.filter((f) => f.ruleId === 'iam/resource-arn-malformed').map((f) => JSON.stringify(f));
    const a = new IamData(reader);
    const b = new IamData(reader);
    const fresh = findings(a);
    assert.ok(fresh.length > 20, `${fresh.length} findings (the corpus must exercise the rule)`);
    assert.deepEqual(findings(a), fresh, 'again with the same data: the kept issues');
    assert.deepEqual(findings(b), fresh, 'another data instance: computed for it');
    assert.deepEqual(findings(a), fresh, 'the first again, after the other replaced the kept issues');
  });

  it("the role rules' pre-check on the service field decides as matching every probe role ARN does", () => {
    // The definition, without the pre-check: the pattern matches each probe role in the partition and account it names.
    const reference = (pattern: string, probes: readonly string[]): boolean => {
      if (!hasWildcard(pattern)) return false;
      const fields = pattern.split(':', 6);
      const partition = fields.length >= 6 && !hasWildcard(fields[1]!) ? fields[1]! : 'aws';
      const account = fields.length >= 6 && !hasWildcard(fields[4]!) ? fields[4]! : '123456789012';
      return probes.every((name) => resourceMatches(pattern, `arn:${partition}:iam::${account}:role/${name}`));
    };
    const heads = ['arn:aws:iam::', 'arn:aws:iam:', 'arn:aws:ia', 'arn:aws:i', 'arn:aws:', 'arn:aws', 'arn:', 'arn', '', 'arn:aws:s3:::', 'arn:aws:iamx::', 'arn:aws::', 'arn:aws-cn:iam::', 'arn::iam::', 'x:aws:iam::', 'arn:aws:IAM::'];
    const middles = ['*', '?', '', '123456789012', '*:', '?am:', 'am::'];
    const tails = ['*', ':role/*', ':*', 'role/*', ':role/service-role/*', ':role/a', '', '?*', ':user/*'];
    const probes = ['app', 'service-role/app', 'x-1'];
    let covered = 0;
    for (const h of heads) for (const m of middles) for (const t of tails) {
      const pattern = h + m + t;
      const expected = reference(pattern, probes);
      if (expected) covered++;
      assert.equal(coversEveryRole({ value: pattern, known: 'literal', runs: [], start: 0, end: pattern.length }, probes), expected, pattern);
    }
    assert.ok(covered > 20, `${covered} patterns cover every role (both answers exercised)`);
  });
});
