// The doubling check: lint CPU time at n and 2n for realistic generated inputs (test/support/benchInputs.ts),
// fastest of several interleaved runs, each after a full garbage collection when `--expose-gc` is on (a major
// collection landing in one timing is the main source of noise). Linear code gives a ratio near 2; a quadratic
// path gives 4. Run by test/unit/lint-doubling.test.ts in a child process started with --expose-gc.

import { lintText } from '../../server/src/engine/lint';
import type { HostKind } from '../../server/src/engine/hosts/lintHost';
import type { DocumentKind } from '../../server/src/engine/types';
import { testData } from './data';
import { generateCloudFormationPolicies, generatePolicy, generateSql } from './benchInputs';
import { generateTerraformPolicies } from './terraformFiles';

/** time(2n) / time(n) above this fails (linear: 2; quadratic: 4). */
export const MAX_DOUBLING_RATIO = 2.5;

export interface DoublingCase {
  name: string;
  /** The input at size n (n is the case's own unit: bytes, policies, statements). */
  make: (n: number) => string;
  n: number;
  kind?: DocumentKind;
  host?: HostKind;
  /** Replaces the lint (the self-check). */
  lint?: (text: string) => unknown;
}

export const DOUBLING_CASES: DoublingCase[] = [
  { name: 'JSON policy, every statement its own ARNs', make: (n) => generatePolicy(n, 3), n: 200_000 },
  { name: 'Terraform file, one policy per resource', make: (n) => generateTerraformPolicies(n, false), n: 150, host: 'terraform' },
  { name: 'Terraform file, one typo per policy', make: (n) => generateTerraformPolicies(n, true), n: 150, host: 'terraform' },
  { name: 'CloudFormation template, one policy per resource', make: (n) => generateCloudFormationPolicies(n), n: 100, host: 'cloudformation' },
  { name: 'Redshift SQL script', make: (n) => generateSql(n), n: 3_000, kind: 'redshift-sql' },
];

export interface DoublingResult {
  name: string;
  size: number;
  sizeLarge: number;
  ms: number;
  msLarge: number;
  ratio: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function cpuMs(fn: () => void): number {
  gc?.();
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function measureAt(c: DoublingCase, n: number, repetitions: number): DoublingResult {
  const data = testData();
  const lint = c.lint ?? ((text: string) => lintText(text, { data, kind: c.kind ?? 'iam-policy', ...(c.host ? { host: c.host } : {}) }));
  const small = c.make(n);
  const large = c.make(2 * n);
  lint(small); // warm-up: JIT, the AWS data of the services used
  lint(large);
  let ms = Infinity;
  let msLarge = Infinity;
  for (let r = 0; r < repetitions; r++) {
    ms = Math.min(ms, cpuMs(() => void lint(small)));
    msLarge = Math.min(msLarge, cpuMs(() => void lint(large)));
  }
  return { name: c.name, size: small.length, sizeLarge: large.length, ms, msLarge, ratio: msLarge / Math.max(ms, 0.01) };
}

/**
 * The doubling ratio of a case: measured at n, and while above MAX_DOUBLING_RATIO once more at 2n and at 4n; the
 * lowest. A step in fixed costs (a heap or a table growing past a size) or a collection landing in the small run's
 * timings shows at one scale only; superlinear growth at every scale (a quadratic path: about 4× at each). Two
 * scales were not enough: Terraform's 82 → 165 KB, which the 41 → 82 KB measure falls back to, measured 1.4–4.6×
 * fastest-of-10 on an unchanged engine (the same machine, minutes apart).
 */
export function measureDoubling(c: DoublingCase, repetitions = 3): DoublingResult {
  let best = measureAt(c, c.n, repetitions);
  for (let scale = 2; best.ratio > MAX_DOUBLING_RATIO && scale <= 4; scale *= 2) {
    const next = measureAt(c, scale * c.n, repetitions);
    if (next.ratio < best.ratio) best = next;
  }
  return best;
}

export function describeDoubling(r: DoublingResult): string {
  return `${r.name}: ${r.size} → ${r.sizeLarge} chars, ${r.ms.toFixed(1)} → ${r.msLarge.toFixed(1)} ms CPU (×${r.ratio.toFixed(2)})`;
}
