// Growth fuzzing: adversarial inputs of growing size (repeated wildcards, unclosed delimiters, long words, many
// small tokens) in every format GrantCheck lints, and a within-run check that lint time grows at most linearly.

import { IamData, type DataFileReader } from '../../server/src/engine/data/iamData';
import type { HostKind } from '../../server/src/engine/hosts/lintHost';
import { lintText } from '../../server/src/engine/lint';
import type { DocumentKind } from '../../server/src/engine/types';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';

/** One family of inputs: `make(n)` builds an input whose size grows linearly with `n`. */
export interface GrowthGenerator {
  name: string;
  kind?: DocumentKind;
  host?: HostKind;
  make: (n: number) => string;
  /** What is timed; the engine's lintText unless given (the fuzzer's own test passes a deliberately slow one). */
  lint?: (text: string, data: IamData) => void;
}

const policy = (statement: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...statement }] }, null, 2);

const cfn = (statementYaml: string): string =>
  `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n${statementYaml}`;

const heredoc = (json: string): string => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = <<EOF\n${json}\nEOF\n}\n`;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Every generator; each was a hang or a quadratic scan in some part of the engine (or guards one that could be). */
export const GROWTH_GENERATORS: readonly GrowthGenerator[] = [
  // --- JSON policies
  { name: 'json: unclosed ${ repeated in a Resource', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::' + '${'.repeat(n) }) },
  { name: 'json: ${ repeated in a Condition value (StringLike)', kind: 'iam-policy', make: (n) => policy({ Condition: { StringLike: { 's3:prefix': 'a' + '${'.repeat(n) } } }) },
  { name: 'json: policy variables repeated in a Resource', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::b/' + '${aws:username}/'.repeat(n) }) },
  { name: 'json: *a*a…*b and aaa…a in one Action list', kind: 'iam-policy', make: (n) => policy({ Action: ['s3:' + '*a'.repeat(n) + '*b', 's3:' + 'a'.repeat(2 * n)] }) },
  { name: 'json: *?a?a…*?a?a…*b and aaa…a in one Action list', kind: 'iam-policy', make: (n) => policy({ Action: ['s3:' + ('*' + '?a'.repeat(8)).repeat(Math.ceil(n / 8)) + '*b', 's3:' + 'a'.repeat(2 * n)] }) },
  { name: 'json: one long ?a?a…?b segment and aaa…a in one Action list', kind: 'iam-policy', make: (n) => policy({ Action: ['s3:*' + '?a'.repeat(n) + '?b*', 's3:' + 'a'.repeat(4 * n)] }) },
  { name: 'json: *a*a…*b Resource', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::' + '*a'.repeat(n) + '*b' }) },
  { name: 'json: many distinct wildcard actions', kind: 'iam-policy', make: (n) => policy({ Action: range(n).map((i) => `s3:Get${i.toString(36)}*`) }) },
  { name: 'json: many wildcard-service actions', kind: 'iam-policy', make: (n) => policy({ Action: range(n).map((i) => `*:${i.toString(36)}*`) }) },
  { name: 'json: the same action many times', kind: 'iam-policy', make: (n) => policy({ Action: range(n).map(() => 's3:GetObject') }) },
  { name: 'json: many statements', kind: 'iam-policy', make: (n) => JSON.stringify({ Version: '2012-10-17', Statement: range(n).map((i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` })) }) },
  { name: 'json: many <a> placeholders', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::' + '<a>'.repeat(n) }) },
  { name: 'json: many escaped <a> placeholders', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::' + '<a>"'.repeat(n) }) },
  { name: 'json: unclosed < repeated', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::' + '<'.repeat(n) }) },
  { name: 'json: unclosed string', kind: 'iam-policy', make: (n) => '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:' + 'a'.repeat(n) },
  { name: 'json: unclosed [ and {', kind: 'iam-policy', make: (n) => '{"Statement":[' + '[{'.repeat(n) },
  { name: 'json: unclosed " repeated', kind: 'iam-policy', make: (n) => '{"Statement":[{"Action":' + '"\\"'.repeat(n) },
  { name: 'json: long word as a principal', kind: 'iam-policy', make: (n) => policy({ Principal: { Service: 'a' + '.amazon'.repeat(n) + '!' } }) },
  { name: 'json: long blank policy-variable default', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::b/${aws:username' + ' '.repeat(n) + 'x}' }) },
  { name: 'json: distinct misspelt policy variables (did-you-mean each)', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::b/' + range(n).map((i) => `\${aws:usrname${i.toString(36)}}/`).join('') }) },
  { name: 'json: ${${…} unclosed variables before a closed one', kind: 'iam-policy', make: (n) => policy({ Resource: 'arn:aws:s3:::b/' + '${a:'.repeat(n) + '}' }) },
  { name: 'json: policy variables in Action and a condition key', kind: 'iam-policy', make: (n) => policy({ Action: 's3:' + '${*}'.repeat(n), Condition: { StringEquals: { ['aws:ResourceTag/' + '${aws:username}'.repeat(n)]: 'x' } } }) },
  { name: 'json: long grantcheck-profile comment', kind: 'iam-policy', make: (n) => '// grantcheck-profile: a/b ' + 'a'.repeat(n) + '\n' + policy({}) },
  // --- Terraform
  { name: 'terraform: $${ repeated in a heredoc Resource', host: 'terraform', make: (n) => heredoc(policy({ Resource: 'arn:aws:s3:::' + '$${'.repeat(n) })) },
  { name: 'terraform: unclosed ${ in a string', host: 'terraform', make: (n) => `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Resource = "${'${'.repeat(n)}" }] })\n}\n` },
  { name: 'terraform: unclosed heredocs', host: 'terraform', make: (n) => 'resource "aws_iam_policy" "p" {\n' + range(n).map((i) => `  p${i} = <<EOF${i}\n`).join('') },
  { name: 'terraform: many policies', host: 'terraform', make: (n) => range(n).map((i) => heredoc(policy({ Resource: `arn:aws:s3:::b${i}` })).replace('"p"', `"p${i}"`)).join('') },
  { name: 'terraform: many actions in jsonencode', host: 'terraform', make: (n) => `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Resource = "*", Action = [${range(n).map(() => '"s3:GetObject"').join(', ')}] }] })\n}\n` },
  // --- CloudFormation (YAML)
  { name: 'cloudformation: unclosed ${ in !Sub', host: 'cloudformation', make: (n) => cfn(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub 'arn:aws:s3:::${'${'.repeat(n)}'\n`) },
  { name: 'cloudformation: many !Ref actions', host: 'cloudformation', make: (n) => cfn(`          - Effect: Allow\n            Resource: '*'\n            Action:\n${'              - !Ref A\n'.repeat(n)}`) },
  { name: 'cloudformation: many !Ref resources', host: 'cloudformation', make: (n) => cfn(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n${'              - !Ref B\n'.repeat(n)}`) },
  { name: 'cloudformation: many unknown keys', host: 'cloudformation', make: (n) => cfn(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'\n${range(n).map((i) => `            K${i}: !Ref B\n`).join('')}`) },
  // --- SQL (Redshift)
  { name: 'sql: long grantcheck-profile comment', kind: 'redshift-sql', make: (n) => '-- grantcheck-profile: a/b ' + 'a'.repeat(n) + '\nGRANT SELECT ON t TO u;\n' },
  { name: 'sql: many grants', kind: 'redshift-sql', make: (n) => range(n).map((i) => `GRANT SELECT ON t${i} TO u${i};`).join('\n') },
  { name: 'sql: unclosed quote', kind: 'redshift-sql', make: (n) => "CREATE USER u PASSWORD '" + 'a'.repeat(n) },
  { name: 'sql: unclosed quoted identifiers', kind: 'redshift-sql', make: (n) => 'GRANT SELECT ON ' + '"a'.repeat(n) },
  { name: 'sql: unclosed comments and parentheses', kind: 'redshift-sql', make: (n) => 'GRANT SELECT ON t TO u; ' + '/* ('.repeat(n) },
  { name: 'sql: long identifier', kind: 'redshift-sql', make: (n) => 'GRANT SELECT ON ' + 'a'.repeat(n) + ' TO u;' },
  { name: 'sql: ALTER TABLE lines without ; (OWNER TO lookahead)', kind: 'redshift-sql', make: (n) => 'GRANT SELECT ON t TO u;\nSELECT 1\n' + 'ALTER TABLE t ADD c int\n'.repeat(Math.ceil(n / 24)) },
  { name: 'sql: many policies and ownership changes', kind: 'redshift-sql', make: (n) => range(Math.ceil(n / 80)).map((i) => `ATTACH MASKING POLICY m${i} ON t(c) TO ROLE r;\nALTER SCHEMA s${i} OWNER TO u;`).join('\n') },
  { name: 'sql: stray text after ; repeated', kind: 'redshift-sql', make: (n) => 'GRANT SELECT ON t TO u' + ';>'.repeat(n) },
];

/**
 * Inputs are linted at size n and GROWTH_FACTOR·n. With 8, linear growth gives a ratio of 8 and quadratic
 * growth 64, so a bound of 8 × 6 leaves room for noise (a shared machine, GC, other test files running beside it:
 * linear code measured up to ×34–40 inside the full suite on 2 cores) without hiding a quadratic scan (the
 * self-check in fuzz-growth.test.ts proves a quadratic lint still exceeds it).
 */
export const GROWTH_FACTOR = 8;

/** time(8n) / time(n) must stay below this: 8 for linear growth, times 6 for noise (quadratic is 64). */
export const MAX_GROWTH_RATIO = GROWTH_FACTOR * 6;

export interface GrowthResult {
  name: string;
  n: number;
  /** Input lengths at n and GROWTH_FACTOR·n. */
  size: number;
  sizeLarge: number;
  /** Fastest lint CPU times (ms) at n and GROWTH_FACTOR·n. */
  ms: number;
  msLarge: number;
  ratio: number;
}

export interface GrowthOptions {
  /**
   * Double n from 1 until one lint takes at least this long and four times as long as at n = 1 (so that
   * fixed costs do not hide the growth)…
   */
  minMs: number;
  /** …or an input (GROWTH_FACTOR·n, n doubled twice) would exceed this many characters. */
  maxSize: number;
  /** Timings per size and round (n and GROWTH_FACTOR·n interleaved); the fastest is used. */
  repetitions: number;
  /**
   * Rounds at most. While the ratio exceeds MAX_GROWTH_RATIO, n is doubled and measured again: a step in
   * fixed costs (the garbage collector's generations, JIT tiers) shows at one scale only, real growth at all.
   */
  rounds: number;
}

let sharedReader: DataFileReader | undefined;

/** The data files, each read and parsed once per process (IamData only reads them). */
function dataReader(): DataFileReader {
  if (!sharedReader) {
    const read = createDataFileReader();
    const files = new Map<string, unknown>();
    sharedReader = (path) => {
      if (!files.has(path)) files.set(path, read(path));
      return files.get(path);
    };
  }
  return sharedReader;
}

/**
 * CPU time (ms) of one lint: unlike wall time, it does not grow when other processes share the machine.
 * Each lint gets a fresh IamData, so that its caches (ARN matches, action expansions) do not make a
 * repeated small input look faster than a first-seen large one.
 */
function lintTime(generator: GrowthGenerator, text: string): number {
  const data = new IamData(dataReader());
  const started = process.cpuUsage();
  if (generator.lint) generator.lint(text, data);
  else lintText(text, { data, kind: generator.kind ?? 'iam-policy', ...(generator.host ? { host: generator.host } : {}) });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/** Measures how lint time grows from n to GROWTH_FACTOR·n for one generator, after a warm-up, within this run. */
export function measureGrowth(generator: GrowthGenerator, options: GrowthOptions): GrowthResult {
  const quickTime = (n: number): number => {
    const text = generator.make(n);
    return Math.min(lintTime(generator, text), lintTime(generator, text));
  };
  quickTime(1); // warm-up: JIT, AWS data files
  const target = Math.max(options.minMs, 4 * quickTime(1));
  let n = 1;
  // Sizes stop early enough for two more rounds at doubled n within maxSize.
  while (generator.make(8 * GROWTH_FACTOR * n).length <= options.maxSize && quickTime(n) < target) n *= 2;
  let result: GrowthResult | undefined;
  for (let round = 0; round < options.rounds; round++, n *= 2) {
    if (round > 0 && generator.make(GROWTH_FACTOR * n).length > options.maxSize) break;
    const text = generator.make(n);
    const large = generator.make(GROWTH_FACTOR * n);
    let ms = Infinity;
    let msLarge = Infinity;
    for (let r = 0; r < options.repetitions; r++) {
      ms = Math.min(ms, lintTime(generator, text));
      msLarge = Math.min(msLarge, lintTime(generator, large));
    }
    // Sizing stopped on a slow (cold) lint: too small to show growth, so this round does not count.
    if (ms < options.minMs / 2 && generator.make(2 * GROWTH_FACTOR * n).length <= options.maxSize) {
      round--;
      continue;
    }
    const ratio = msLarge / Math.max(ms, 0.05);
    if (!result || ratio < result.ratio) result = { name: generator.name, n, size: text.length, sizeLarge: large.length, ms, msLarge, ratio };
    if (ratio <= MAX_GROWTH_RATIO) break;
  }
  return result!;
}

export function describeGrowth(r: GrowthResult): string {
  return `${r.name}: ${r.size} → ${r.sizeLarge} chars, ${r.ms.toFixed(1)} → ${r.msLarge.toFixed(1)} ms (×${r.ratio.toFixed(1)})`;
}

/** Measures every generator (or those whose name contains `filter`), calling `onResult` as each finishes. */
export function measureAllGrowth(options: GrowthOptions, onResult: (r: GrowthResult) => void = () => {}, filter = ''): GrowthResult[] {
  return GROWTH_GENERATORS.filter((g) => g.name.includes(filter)).map((g) => {
    const result = measureGrowth(g, options);
    onResult(result);
    return result;
  });
}
