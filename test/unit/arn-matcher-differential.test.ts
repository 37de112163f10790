// Differential test of the ARN matcher (iam/arn.ts tokensIntersect, the allocation-free product search behind
// patternCanMatchTemplate and resourceCanBeOfType): it must answer exactly as the straightforward product-automaton
// search it replaced (kept here as the reference), on random token sequences and on random Resource patterns
// against every resource-type template of sampled services.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileResourceType,
  patternCanMatchGenericTemplate,
  patternCanMatchTemplate,
  patternCanMatchTemplateWithAccount,
  patternTokens,
  tokensIntersect,
  type Token,
} from '../../server/src/engine/iam/arn';
import { testData } from '../support/data';
import { prng, type Rng } from '../support/prng';

// ---- reference: the product-automaton search as first written (allocating, uncached)

type Set = Token['set'];

function referenceSetsIntersect(a: Set, b: Set): boolean {
  if (a.only !== undefined && b.only !== undefined) return [...a.only].some((c) => b.only!.includes(c));
  if (a.only !== undefined) return [...a.only].some((c) => !b.except!.includes(c));
  if (b.only !== undefined) return [...b.only].some((c) => !a.except!.includes(c));
  return true;
}

function referenceIntersect(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const k = i * width + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.kind === 'many') push(i + 1, j);
    if (tb?.kind === 'many') push(i, j + 1);
    if (ta && tb && referenceSetsIntersect(ta.set, tb.set)) push(ta.kind === 'many' ? i : i + 1, tb.kind === 'many' ? j : j + 1);
  }
  return false;
}

// ---- generators

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

const SETS: Set[] = [{ except: '' }, { except: ':' }, { except: '/' }, { only: '0123456789' }, { only: 'ab-' }, { only: '' }];

function randomTokens(r: Rng): Token[] {
  const length = Math.floor(r() * 8);
  return Array.from({ length }, (): Token => {
    const kind = r() < 0.3 ? 'many' : 'one';
    const set = r() < 0.6 ? { only: pick(r, ['a', 'b', '1', ':', '/', '-']) } : pick(r, SETS);
    return { kind, set };
  });
}

const PIECES = ['*', '?', '/', ':', '-', 'a', 'b', '1', '${aws:username}', '${*}', 'table', 'index', 'function', 'log-group', 'us-east-1', '123456789012', 'aws'];

/** A real-looking ARN of the template with random values, then a few random edits (wildcards, cuts, insertions). */
function randomPattern(r: Rng, template: string): string {
  let arn = template
    .split(/,\s*/)[0]!
    .replace(/\$\{Partition\}/g, () => pick(r, ['aws', 'aws-cn', '*', '']))
    .replace(/\$\{Region\}/g, () => pick(r, ['us-east-1', '*', '', 'eu-west-2']))
    .replace(/\$\{Account(Id)?\}/g, () => pick(r, ['123456789012', '*', '', 'aws', '12345']))
    .replace(/\$\{[^}]+\}/g, () => pick(r, ['x', 'a/b', 'a:b', '*', 'x*y', '?', '2015-05-11T21:21:33.291', 'n-1']));
  const edits = Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (arn.length + 1));
    const cut = r() < 0.4 ? Math.floor(r() * 4) : 0;
    arn = arn.slice(0, at) + (r() < 0.7 ? pick(r, PIECES) : '') + arn.slice(at + cut);
  }
  return arn;
}

/** The three matching modes of a compiled resource type each answer as the reference search on its alternatives. */
function assertEveryModeAgrees(pattern: string, compiled: ReturnType<typeof compileResourceType>, template: string): void {
  const tokens = patternTokens(pattern);
  const expect = (alternatives: Token[][]): boolean => alternatives.some((alt) => referenceIntersect(tokens, alt));
  assert.equal(patternCanMatchTemplate(pattern, compiled), expect(compiled.alternatives), `${pattern} vs ${template}`);
  assert.equal(patternCanMatchTemplateWithAccount(pattern, compiled), expect(compiled.withAccount), `${pattern} vs ${template} (account)`);
  assert.equal(patternCanMatchGenericTemplate(pattern, compiled), expect(compiled.generic), `${pattern} vs ${template} (generic)`);
}

describe('ARN matcher: differential against the reference product search', () => {
  it('random token sequences (including many-vs-many, classes and empty sets)', () => {
    const r = prng(19);
    for (let n = 0; n < 20_000; n++) {
      const a = randomTokens(r);
      const b = randomTokens(r);
      assert.equal(tokensIntersect(a, b), referenceIntersect(a, b), JSON.stringify({ a, b }));
    }
  });

  it('random Resource patterns against every resource type of sampled services, in all three modes', () => {
    const data = testData();
    const r = prng(1919);
    const services = data.servicePrefixes();
    let compared = 0;
    for (let s = 0; s < 60; s++) {
      const service = s < 8 ? ['s3', 'dynamodb', 'logs', 'lambda', 'iam', 'apigateway', 'ssm', 'lex'][s]! : pick(r, services);
      const types = data.resourceTypes(service);
      for (const type of types) {
        const compiled = compileResourceType(data, type);
        for (let p = 0; p < 12; p++) {
          // Mostly ARNs of the same service (other types: the literal-prefix check decides), some of another service.
          const source = r() < 0.8 ? pick(r, types) : pick(r, data.resourceTypes(pick(r, services)).concat(types));
          const pattern = randomPattern(r, source.arn);
          assertEveryModeAgrees(pattern, compiled, type.arn);
          compared++;
        }
      }
    }
    assert.ok(compared > 500, `compared ${compared}`);
  });

  it('answers asked again, interleaved in another order (the recent-answers table), are the same as the first', () => {
    const data = testData();
    const r = prng(2024);
    const queries: { pattern: string; compiled: ReturnType<typeof compileResourceType>; mode: 0 | 1 | 2 }[] = [];
    for (const service of ['s3', 'dynamodb', 'sqs', 'iam', 'lambda', 'logs']) {
      const types = data.resourceTypes(service);
      for (let p = 0; p < 40; p++) {
        const pattern = randomPattern(r, pick(r, types).arn);
        for (const type of types) queries.push({ pattern, compiled: compileResourceType(data, type), mode: pick(r, [0, 1, 2] as const) });
      }
    }
    const ask = (q: (typeof queries)[number]): boolean =>
      q.mode === 0 ? patternCanMatchTemplate(q.pattern, q.compiled) : q.mode === 1 ? patternCanMatchTemplateWithAccount(q.pattern, q.compiled) : patternCanMatchGenericTemplate(q.pattern, q.compiled);
    const first = queries.map(ask);
    const order = queries.map((_, i) => i).sort(() => r() - 0.5);
    for (const i of order) assert.equal(ask(queries[i]!), first[i], `${queries[i]!.pattern} vs ${queries[i]!.compiled.arn} (mode ${queries[i]!.mode})`);
    // And each first answer is the reference search's.
    for (const [i, q] of queries.entries()) {
      const tokens = patternTokens(q.pattern);
      const alternatives = q.mode === 0 ? q.compiled.alternatives : q.mode === 1 ? q.compiled.withAccount : q.compiled.generic;
      assert.equal(first[i], alternatives.some((alt) => referenceIntersect(tokens, alt)), `${q.pattern} vs ${q.compiled.arn}`);
    }
  });

  // The matcher searches the head (up to the fifth `:`) and the resource part apart when neither head can match a
  // `:` but at its separators, and keeps each head's result per template: heads are drawn from small pools so that
  // kept results are used again with other resource parts, and some heads have a token that matches `:` (no split).
  it('ARN-shaped token sequences: heads of literals, runs without `:`, classes, empty fields, colon-matching tokens', () => {
    const r = prng(77);
    const FIELD_TOKENS: Token[] = [
      { kind: 'many', set: { except: ':' } },
      { kind: 'one', set: { except: ':' } },
      { kind: 'one', set: { only: 'abcdefghijklmnopqrstuvwxyz-' } },
      { kind: 'many', set: { only: 'abcdefghijklmnopqrstuvwxyz-' } },
      { kind: 'one', set: { only: '0123456789' } },
      { kind: 'many', set: { except: '/' } },
      { kind: 'many', set: { except: '' } },
      { kind: 'one', set: { except: '' } },
      { kind: 'one', set: { only: ':a' } },
    ];
    const field = (): Token[] => {
      const out: Token[] = [];
      for (let k = Math.floor(r() * 4); k > 0; k--) {
        // Mostly single characters; a token that can match `:` in about one head in four.
        out.push(r() < 0.55 ? { kind: 'one', set: { only: pick(r, ['a', 'b', '1', '-', 'x']) } } : r() < 0.85 ? pick(r, FIELD_TOKENS.slice(0, 5)) : pick(r, FIELD_TOKENS));
      }
      return out;
    };
    const colon: Token = { kind: 'one', set: { only: ':' } };
    const head = (): Token[] => [...'arn'].map((c): Token => ({ kind: 'one', set: { only: c } })).concat(colon, ...[0, 1, 2, 3].flatMap(() => [...field(), colon]));
    const heads = Array.from({ length: 40 }, head);
    const tail = (): Token[] => {
      const out = randomTokens(r);
      if (r() < 0.5) out.unshift({ kind: 'many', set: { except: '' } });
      if (r() < 0.3) out.push({ kind: 'many', set: { except: '' } });
      return out;
    };
    // Template-like right sides, each one array asked again and again (its kept head results are reused).
    // Half of them with heads of open fields (a run, a class run or nothing), as templates' `${Region}` and `${Account}`.
    const openField = (): Token[] => pick(r, [[FIELD_TOKENS[0]!], [FIELD_TOKENS[3]!], [], [FIELD_TOKENS[2]!, FIELD_TOKENS[3]!]]);
    const openHead = (): Token[] => [...'arn'].map((c): Token => ({ kind: 'one', set: { only: c } })).concat(colon, ...[0, 1, 2, 3].flatMap(() => [...openField(), colon]));
    const templates = Array.from({ length: 30 }, (_, t) => [...(t % 2 === 0 ? openHead() : pick(r, heads)), ...tail()]);
    let matched = 0;
    for (let n = 0; n < 30_000; n++) {
      const a = [...pick(r, heads), ...tail()];
      const b = pick(r, templates);
      const expected = referenceIntersect(a, b);
      if (expected) matched++;
      assert.equal(tokensIntersect(a, b), expected, JSON.stringify({ a, b }));
    }
    assert.ok(matched > 500 && matched < 29_000, `${matched} of 30000 intersect: both answers must be exercised`);
  });

  it('Resource patterns from pools of heads (wildcards, variables, empty fields, `*` across colons) and of resource parts', () => {
    const data = testData();
    const r = prng(4242);
    const heads = [
      'arn:aws:s3:::', 'arn:*:s3:::', 'arn:aws:s3:*:*:', 'arn:aws:*:*:*:', 'arn:aws:*', 'arn:*', '*:', 'arn:aws::::', 'arn:aws:s3:us-east-1:123456789012:',
      'arn:aws:dynamodb:us-east-1:123456789012:', 'arn:aws:dynamodb:*:*:', 'arn:aws:dynamodb:${aws:RequestedRegion}:*:', 'arn:${aws:partition}:iam::aws:',
      'arn:aws:iam::123456789012:', 'arn:aws:iam:::', 'arn:aws:logs:us-east-1:123456789012:', 'arn:aws:logs:*:', 'arn:aws:logs:?s-east-1:*:',
      'arn:aws:lambda:us-east-1:123456789012:', 'arn:aws:lambda:*:12345678901?:', 'arn:aws:sqs:us-east-1:aws:', 'arn:aws:s3*:', 'arn:aws:s3:::*:', 'arn:a${*}s:s3:::', 'arn:aws:s3:${x:::', 'arn:aws:<svc>:::', 'arn:aws:s3:::$', 'arn:aws:s3::${*}:',
    ];
    const tails = ['*', 'b', 'b/*', 'b/k', 'table/T', 'table/T/index/*', 'table/T/stream/2015-05-11T21:21:33.291', 'log-group:g', 'log-group:g:*', 'log-group:g:log-stream:s',
      'function:f', 'function:f:*', 'role/r', 'role/*', 'policy/p', 'q', '', ':', 'a:b', '${aws:username}/*', 'user/${aws:username}', '?', 'x*y/z',
      'b${*}c/d', 'table/${?}', 'role/$x', '${$}{x}/y', 'log-group:${*}:*', '<bucket>/*', 'function:<name>'];
    let compared = 0;
    for (const service of ['s3', 'dynamodb', 'logs', 'lambda', 'iam', 'sqs']) {
      for (const type of data.resourceTypes(service)) {
        const compiled = compileResourceType(data, type);
        for (let p = 0; p < 40; p++) {
          const pattern = pick(r, heads) + pick(r, tails);
          assertEveryModeAgrees(pattern, compiled, type.arn);
          compared++;
        }
      }
    }
    assert.ok(compared > 1_000, `compared ${compared}`);
  });

  it('a pattern longer than the reused search buffers answers the same', () => {
    const data = testData();
    const compiled = compileResourceType(data, data.resourceType('s3', 'object')!);
    for (const pattern of ['arn:aws:s3:::b/' + 'a*'.repeat(3000), 'arn:aws:s3:::' + 'a/'.repeat(3000) + 'x', 'arn:aws:s3::' + '?'.repeat(4000)]) {
      const tokens = patternTokens(pattern);
      assert.equal(patternCanMatchTemplate(pattern, compiled), compiled.alternatives.some((alt) => referenceIntersect(tokens, alt)), pattern.slice(0, 40));
    }
  });
});
