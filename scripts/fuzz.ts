// `npm run fuzz [-- --iterations N --seed S]`: the long mutation-fuzzing run over every engine, then the growth
// run (lint time must grow at most linearly on adversarial inputs); writes FUZZING.md.
// `npm run fuzz -- --growth` runs the growth part only and refreshes its section of FUZZING.md.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkConfigInvariant, checkInvariants, extremeInputs, loadCorpus, mutate, prng } from '../test/support/fuzz';
import { describeGrowth, GROWTH_FACTOR, MAX_GROWTH_RATIO, measureAllGrowth, type GrowthResult } from '../test/support/growth';
import { IamData } from '../server/src/engine/data/iamData';
import { createDataFileReader } from '../server/src/node/iamDataFiles';
import { lintPaths } from '../server/src/cli/lintFiles';
import { generatePolicy } from './bench';

const ROOT = path.join(__dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITERATIONS = arg('iterations', 1_000_000);
const SEED = arg('seed', 1);

/** Larger than the smoke run in `npm test`: inputs up to 8 MB, lints of at least 40 ms. */
const GROWTH_OPTIONS = { minMs: 40, maxSize: 8_000_000, repetitions: 3, rounds: 3 };
const GROWTH_START = '<!-- growth -->';
const GROWTH_END = '<!-- /growth -->';

function runGrowth(): { section: string; failures: string[] } {
  const started = Date.now();
  const results = measureAllGrowth(GROWTH_OPTIONS, (r) => console.log(`growth: ${describeGrowth(r)}`));
  const failures = results.filter((r) => r.ratio > MAX_GROWTH_RATIO).map((r) => `[growth] ${describeGrowth(r)}`);
  const row = (r: GrowthResult): string =>
    `| ${r.name.replace(/\|/g, '\\|')} | ${r.size.toLocaleString('en')} → ${r.sizeLarge.toLocaleString('en')} | ${r.ms.toFixed(1)} → ${r.msLarge.toFixed(1)} | ×${r.ratio.toFixed(1)}${r.ratio > MAX_GROWTH_RATIO ? ' **FAIL**' : ''} |`;
  const section = [
    GROWTH_START,
    '## Growth (adversarial inputs)',
    '',
    `${results.length} input families (\`test/support/growth.ts\`): repeated wildcards, unclosed \`\${\` \`<\` \`"\` \`[\` \`{\`, long words and many`,
    'small tokens, in JSON policies, Terraform, CloudFormation YAML and Redshift SQL. Each is linted at size n and',
    `${GROWTH_FACTOR}·n (n doubled until a lint takes ${GROWTH_OPTIONS.minMs} ms; CPU time, fastest of ${GROWTH_OPTIONS.repetitions}, a fresh IamData each time) and fails when`,
    `time(${GROWTH_FACTOR}n) / time(n) exceeds ${MAX_GROWTH_RATIO} (${GROWTH_FACTOR} for linear growth × ${MAX_GROWTH_RATIO / GROWTH_FACTOR} for noise inside the full suite; quadratic growth gives ${GROWTH_FACTOR * GROWTH_FACTOR}).`,
    'A family above the bound is measured again at doubled n, up to three times. `npm test` runs the same',
    'families at smaller sizes (`test/unit/fuzz-growth.test.ts`).',
    '',
    `Last growth run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s, **${failures.length} failures**.`,
    '',
    '| input family | characters | ms | ratio |',
    '|---|---|---|---|',
    ...results.map(row),
    GROWTH_END,
  ].join('\n');
  return { section, failures };
}

function main(): void {
  if (process.argv.includes('--growth')) {
    const { section, failures } = runGrowth();
    const file = path.join(ROOT, 'FUZZING.md');
    const current = fs.readFileSync(file, 'utf8');
    const start = current.indexOf(GROWTH_START);
    const end = current.indexOf(GROWTH_END);
    fs.writeFileSync(file, start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + GROWTH_END.length) : current.trimEnd() + '\n\n' + section + '\n');
    console.log(section);
    process.exit(failures.length ? 1 : 0);
  }
  const data = new IamData(createDataFileReader());
  const corpus = loadCorpus(ROOT);
  const r = prng(SEED);
  const started = Date.now();
  const counts = { 'iam-policy': 0, 'redshift-sql': 0, config: 0, cli: 0, extreme: 0 };
  const failures: string[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = corpus[Math.floor(r() * corpus.length)]!;
    let text = seed.text;
    for (let m = 0, n = 1 + Math.floor(r() * 4); m < n; m++) text = mutate(text, r, seed.kind);
    // Fix re-linting on one input in ten keeps a million inputs within minutes.
    const problem = checkInvariants(text, seed.kind, data, i % 10 === 0);
    counts[seed.kind]++;
    if (problem && failures.length < 50) failures.push(`[${seed.kind}] ${problem}\n    input: ${JSON.stringify(text.slice(0, 300))}`);
    if (i % 20 === 0) {
      const configProblem = checkConfigInvariant(text);
      counts.config++;
      if (configProblem && failures.length < 50) failures.push(`[config] ${configProblem}`);
    }
    if (i > 0 && i % 100_000 === 0) console.log(`${i.toLocaleString('en')} inputs, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  // Truncation at every offset of every fixture (the "half-typed" case).
  for (const seed of corpus) {
    for (let cut = 0; cut <= seed.text.length; cut++) {
      const problem = checkInvariants(seed.text.slice(0, cut), seed.kind, data, false);
      counts[seed.kind]++;
      if (problem && failures.length < 50) failures.push(`[truncation ${seed.kind} @${cut}] ${problem}`);
    }
  }
  for (const input of [...extremeInputs(), { kind: 'iam-policy' as const, text: generatePolicy(50_000_000, 3), name: '50 MB policy' }]) {
    const t0 = Date.now();
    const problem = checkInvariants(input.text, input.kind, data, false);
    counts.extreme++;
    console.log(`extreme: ${input.name} (${(input.text.length / 1e6).toFixed(1)} MB) ${Date.now() - t0} ms ${problem ?? 'ok'}`);
    if (problem) failures.push(`[extreme ${input.name}] ${problem}`);
  }
  // The CLI on a tree of mutated, binary and non-UTF-8 files.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-fuzz-cli-'));
  try {
    for (let i = 0; i < 300; i++) {
      const seed = corpus[i % corpus.length]!;
      const ext = seed.kind === 'iam-policy' ? 'json' : 'sql';
      fs.writeFileSync(path.join(dir, `m${i}.${ext}`), mutate(mutate(seed.text, r, seed.kind), r, seed.kind));
    }
    fs.writeFileSync(path.join(dir, 'binary.json'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)));
    fs.writeFileSync(path.join(dir, 'latin1.sql'), Buffer.from('GRANT SELECT ON t TO caf\xe9;', 'latin1'));
    const run = lintPaths([dir], { data });
    counts.cli += 302;
    if (run.results.some((res) => res.findings.some((f) => f.ruleId === 'grantcheck/internal'))) failures.push('[cli] internal finding');
  } catch (error) {
    failures.push(`[cli] threw: ${String(error)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const growth = runGrowth();
  failures.push(...growth.failures);
  const seconds = (Date.now() - started) / 1000;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const report = [
    '# Fuzzing',
    '',
    `Last run of \`npm run fuzz\` (seed ${SEED}) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}: **${total.toLocaleString('en')} inputs in ${seconds.toFixed(0)} s, ${failures.length} failures.**`,
    '',
    '| engine | inputs |',
    '|---|---|',
    `| IAM policy engine (mutations + truncation at every offset) | ${counts['iam-policy'].toLocaleString('en')} |`,
    `| Redshift parser and rules (mutations + truncations) | ${counts['redshift-sql'].toLocaleString('en')} |`,
    `| config parsing | ${counts.config.toLocaleString('en')} |`,
    `| CLI on mutated/binary/non-UTF-8 files | ${counts.cli.toLocaleString('en')} |`,
    `| extreme inputs (10,000-level nesting, 1 MB strings, long lines, 50 MB policy) | ${counts.extreme} |`,
    '',
    'Invariants checked for every input: the engine never throws and reports no internal (crashed-rule) finding; it finishes within',
    '1.5 s + 20 µs per character (a hang/blow-up guard; speed is measured by `npm run bench`); every range lies inside the document; every fix has non-overlapping edits inside the document,',
    'and (for one input in ten) the fixed text re-lints under the same invariants. Mutators: bit flips, span deletion, duplication',
    'and swaps, truncation, line deletion, JSON/SQL token insertion, random UTF-16 (lone surrogates and NUL included).',
    '',
    failures.length ? '## Failures\n\n```\n' + failures.join('\n') + '\n```\n' : 'No failures.\n',
    growth.section,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ROOT, 'FUZZING.md'), report);
  console.log(report);
  process.exit(failures.length ? 1 : 0);
}

main();
