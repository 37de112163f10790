// The objects a LintCache keeps between keystrokes have one hidden class each, whatever a lint later sets on them:
// the code that reads them on every keystroke (engine/lint.ts lintIncrementally, `allInPlace`, `reportKept`) is
// compiled by V8 for the shapes it has seen, and a new shape appearing while typing deoptimizes it; lintIncrementally
// then compiles again on the second core (50–90 ms each time, competing with the keystrokes on a 2-core machine;
// BENCHMARKS.md, ninth pass). The causes held here: entries as object literals given `complete`, `placed` and
// `documents` later (up to six shapes), a placed record copied with `{ ...placed, … }` (a spread copy has another
// hidden class than the literal), lists made by `Array.prototype.map` (holey when it leaves its fast path), and
// findings made by spreads in each place that renders, keeps or moves them (now findings.ts `newFinding`: one hidden
// class with a fix, one without).
//
// V8's own answer (`%HaveSameMap`, allowed for this process) is the judge.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { lintText } from '../../server/src/engine/lint';
import { LintCache, type StatementEntry } from '../../server/src/engine/lintCache';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { generateCloudFormationTemplate, generatePolicy } from '../support/benchInputs';
import { testData } from '../support/data';

setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8's intrinsic, parsed only with the flag above.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: unknown, b: unknown) => boolean;

/** How many different hidden classes `values` have. */
function shapes(values: readonly unknown[]): number {
  const representatives: unknown[] = [];
  for (const v of values) if (!representatives.some((r) => haveSameMap(r, v))) representatives.push(v);
  return representatives.length;
}

/**
 * Types `count` characters into the Sid of a statement in the middle of `text`, linting after each as the server does;
 * every lint's findings are in `findings`.
 */
function typeInto(text: string, count: number, host?: 'cloudformation'): { cache: LintCache; entries: StatementEntry[]; findings: Finding[] } {
  const data = testData();
  const cache = new LintCache();
  const findings: Finding[] = [];
  const lint = (): void => void findings.push(...lintText(text, { data, kind: 'iam-policy', ...(host ? { host } : {}), cache, lines: LineIndex.of(text) }).findings);
  lint();
  const opening = host ? "Sid: '" : '"Sid": "';
  const at = text.indexOf(opening, text.length / 2) + opening.length;
  for (let i = 0; i < count; i++) {
    text = text.slice(0, at + i) + String.fromCharCode(97 + (i % 26)) + text.slice(at + i);
    lint();
  }
  if (host) return { cache, entries: [], findings };
  const doc = cache.iamDocument;
  assert.ok(doc, 'the cache keeps the policy it read');
  const entries = doc.statements.map((s) => cache.entryByNode.get(s.node));
  assert.ok(entries.every((e) => e !== undefined), 'every statement has its entry');
  return { cache, entries: entries as StatementEntry[], findings };
}

/**
 * `text` (a generated policy or template) with problems that have fixes: an action listed twice in a statement
 * (`s3:DeleteObject` becomes a second `s3:GetObject`: iam/redundant-action's safe fix) and a misspelt one.
 */
function withFixableProblems(text: string): string {
  return text.replace(/s3:DeleteObject/g, 's3:GetObject').replace(/sqs:SendMessage/g, 'sqs:SendMesage');
}

/** How many hidden classes the findings with a fix have, and those without. */
function findingShapes(findings: readonly Finding[]): { withFix: number; withoutFix: number } {
  const withFix = findings.filter((f) => f.fix !== undefined);
  const withoutFix = findings.filter((f) => f.fix === undefined);
  assert.ok(withFix.length > 0 && withoutFix.length > 0, `${withFix.length} findings with a fix, ${withoutFix.length} without`);
  return { withFix: shapes(withFix), withoutFix: shapes(withoutFix) };
}

describe('objects a LintCache keeps between keystrokes have one shape each', () => {
  const { cache, entries, findings } = typeInto(withFixableProblems(generatePolicy(50_000, 7)), 200);

  it('the sample is one that exercises every kind of object', () => {
    assert.ok(entries.length > 100, `${entries.length} statements`);
    // Entries with and without each optional field: new ones (the edited statement's), complete ones, placed ones.
    assert.ok(entries.some((e) => e.complete === undefined || e.placed === undefined));
    assert.ok(entries.some((e) => e.placed !== undefined));
    // Placed records both made where a statement was (re)placed and moved along their line by the typing.
    const placed = entries.map((e) => e.placed).filter((p) => p !== undefined);
    assert.ok(new Set(placed.map((p) => p.start)).size > 10);
    assert.ok(cache.keptReports.size > 0, 'some document-scoped rule keeps its findings by key');
  });

  it('statement entries: one hidden class, whichever of complete, placed and documents a lint has set', () => {
    assert.equal(shapes(entries), 1);
  });

  it('placed records: one hidden class, made or moved', () => {
    assert.equal(shapes(entries.map((e) => e.placed).filter((p) => p !== undefined)), 1);
  });

  it('the lists they hold: packed, one hidden class', () => {
    const placed = entries.map((e) => e.placed).filter((p) => p !== undefined);
    assert.equal(shapes(placed.map((p) => p.findings)), 1);
    assert.equal(shapes(placed.flatMap((p) => p.findings).filter((list) => list.length > 0)), 1);
    const kept = [...cache.keptReports.values()].flatMap((byKey) => [...byKey.values()]).map((k) => k.findings).filter((list) => list.length > 0);
    assert.ok(kept.length > 0);
    assert.equal(shapes(kept), 1);
  });

  it('findings: one hidden class with a fix and one without, whether rendered, kept or moved', () => {
    assert.deepEqual(findingShapes(findings), { withFix: 1, withoutFix: 1 });
    // The fixes and suggestions they carry, and the edits of those.
    const fixes = findings.flatMap((f) => [...(f.fix ? [f.fix] : []), ...f.suggestions]);
    assert.equal(shapes(fixes), 1);
    assert.equal(shapes(fixes.flatMap((f) => f.edits)), 1);
    // What the cache keeps of them: findings relative to their statement.
    const relative = entries.flatMap((e) => [...e.findings.values()].flat());
    assert.ok(relative.some((f) => f.fix !== undefined) && relative.some((f) => f.fix === undefined));
    assert.equal(shapes(relative.filter((f) => f.fix !== undefined)), 1);
    assert.equal(shapes(relative.filter((f) => f.fix === undefined)), 1);
  });
});

describe('findings of a CloudFormation template while typing have the same two shapes', () => {
  it('moved with their policy or linted again, as a policy file\'s findings are', () => {
    const template = typeInto(withFixableProblems(generateCloudFormationTemplate(40, 120_000, 3)), 40, 'cloudformation').findings;
    const policy = typeInto(withFixableProblems(generatePolicy(5_000, 3)), 3).findings;
    const withFix = [...template, ...policy].filter((f) => f.fix !== undefined);
    const withoutFix = [...template, ...policy].filter((f) => f.fix === undefined);
    assert.ok(template.some((f) => f.fix !== undefined) && template.some((f) => f.fix === undefined));
    assert.equal(shapes(withFix), 1);
    assert.equal(shapes(withoutFix), 1);
  });
});
