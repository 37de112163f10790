// Mutation fuzzing of the engines: deterministic mutators over a corpus, and the invariants every lint must keep.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../server/src/engine/config';
import { policyTypeEdits, ruleOffEdits } from '../../server/src/lsp/configEdit';
import { profileBindingEdits } from '../../server/src/lsp/profiles';
import type { IamData } from '../../server/src/engine/data/iamData';
import { lintText } from '../../server/src/engine/lint';
import { applyEdits, LineIndex } from '../../server/src/engine/text';
import { INTERNAL_RULE_ID, type DocumentKind, type Finding } from '../../server/src/engine/types';

export { prng, type Rng } from './prng';
import type { Rng } from './prng';
import { fixesOf } from './fixes';

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)]!;

const WEIRD = ['\u0000', '\uD800', '\uDC00', '\uD83D\uDE00', '\u202E', '\uFEFF', '\r', '\r\n', '\t', '\\', '"', "'", '`', '${', '}', '<', '>', '*', '?', ':', '::', ';', '--', '/*', '*/', '#', '[', ']', '{', '}', ',', 'é', '\u2028'];
const JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"', '"Statement"', '"Effect"', '"Allow"', '"Deny"', '"Action"', '"NotAction"', '"Resource"', '"NotResource"', '"Principal"', '"Condition"', '"StringLike"', '"ForAnyValue:StringEquals"', '"s3:GetObject"', '"s3:*"', '"*"', '"arn:aws:s3:::b/*"', '"arn:aws:dynamodb:us-east-1:123456789012:table/t"', 'true', '1e999', '-0', 'null', '"${aws:username}"', '"<bucket>"', '"sts:AssumeRole"', '"kms:Decrypt"', '{"AWS":"*"}', '"Version"', '"2012-10-17"', '"Sid"'];
const SQL_TOKENS = ['GRANT', 'REVOKE', 'SELECT', 'USAGE', 'TEMPORARY', 'CREATE', 'USER', 'ROLE', 'GROUP', 'ON', 'TO', 'FROM', 'ALL', 'TABLES', 'IN', 'SCHEMA', 'DATABASE', 'PUBLIC', 'WITH', 'GRANT OPTION', 'PASSWORD', "'Abc12345'", "'x''y'", 'DISABLE', 'CREATEUSER', 'ALTER DEFAULT PRIVILEGES', 'FOR', 'EXECUTE', 'FUNCTION', 'f(int)', ';', ',', '(', ')', '"Quoted"', '--c\n', '/* /* */ */', '#', 'a.b', '1', 'ASSUMEROLE', 'IAM_ROLE', "'arn:aws:iam::123456789012:role/r'"];

/** One mutation of `text`, chosen at random among the documented kinds. */
export function mutate(text: string, r: Rng, kind: DocumentKind): string {
  const tokens = kind === 'iam-policy' ? JSON_TOKENS : SQL_TOKENS;
  const at = text.length === 0 ? 0 : int(r, text.length + 1);
  switch (int(r, 10)) {
    case 0: {
      // byte flip
      if (text.length === 0) return pick(r, WEIRD);
      const code = text.charCodeAt(Math.min(at, text.length - 1)) ^ (1 << int(r, 7));
      const i = Math.min(at, text.length - 1);
      return text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1);
    }
    case 1: {
      // delete a span
      const len = 1 + int(r, 20);
      return text.slice(0, at) + text.slice(at + len);
    }
    case 2: {
      // duplicate a span
      const len = 1 + int(r, 40);
      return text.slice(0, at + len) + text.slice(at, at + len) + text.slice(at + len);
    }
    case 3:
      return text.slice(0, at); // truncate
    case 4:
      return text.slice(0, at) + pick(r, WEIRD) + text.slice(at);
    case 5:
      return text.slice(0, at) + pick(r, tokens) + text.slice(at);
    case 6: {
      // random unicode, surrogates and NUL included
      let s = '';
      for (let i = 0, n = 1 + int(r, 8); i < n; i++) s += String.fromCharCode(int(r, 0x10000));
      return text.slice(0, at) + s + text.slice(at);
    }
    case 7: {
      // swap two spans
      const b = int(r, text.length + 1);
      const [x, y] = at < b ? [at, b] : [b, at];
      const len = Math.min(1 + int(r, 15), y - x);
      return text.slice(0, x) + text.slice(y, y + len) + text.slice(x + len, y) + text.slice(x, x + len) + text.slice(y + len);
    }
    case 8: {
      // delete a line
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
    }
    default: {
      // several token insertions
      let s = text;
      for (let i = 0, n = 1 + int(r, 5); i < n; i++) {
        const p = int(r, s.length + 1);
        s = s.slice(0, p) + pick(r, tokens) + ' ' + s.slice(p);
      }
      return s;
    }
  }
}

export interface FuzzFailure {
  kind: DocumentKind;
  input: string;
  problem: string;
}

/**
 * Lints `text` and checks the invariants: no internal finding (a rule crash), bounded time,
 * every range inside the document, every fix applies cleanly and its result re-lints cleanly.
 */
export type LintFn = (text: string, kind: DocumentKind, data: IamData) => Finding[];

const engineLint: LintFn = (text, kind, data) => lintText(text, { data, kind }).findings;

/**
 * Time allowed for one lint: a fixed allowance plus a per-character budget. Generous on purpose
 * (tests share two cores with the build and other suites); it catches hangs and quadratic blow-ups,
 * while `npm run bench` measures real speed.
 */
export function lintBudgetMs(length: number): number {
  return 1500 + length / 50;
}

export function checkInvariants(text: string, kind: DocumentKind, data: IamData, checkFixes = true, lint: LintFn = engineLint): string | undefined {
  const budgetMs = lintBudgetMs(text.length);
  const started = performance.now();
  let findings: Finding[];
  try {
    findings = lint(text, kind, data);
  } catch (error) {
    return `lintText threw: ${error instanceof Error ? error.stack : String(error)}`;
  }
  const elapsed = performance.now() - started;
  if (elapsed > budgetMs) return `took ${elapsed.toFixed(0)} ms (budget ${budgetMs.toFixed(0)} ms)`;
  // A document's line break is its first one (LineIndex.lineBreak); fixes must write that one.
  const crlf = new LineIndex(text).lineBreak === '\r\n';
  for (const f of findings) {
    if (f.ruleId === INTERNAL_RULE_ID) return `internal finding: ${f.message}`;
    if (!(f.start >= 0 && f.start <= f.end && f.end <= text.length)) return `${f.ruleId}: range ${f.start}-${f.end} outside 0-${text.length}`;
    if (f.range.start.line > f.range.end.line) return `${f.ruleId}: inverted range`;
    for (const fix of fixesOf(f)) {
      const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
      for (let i = 0; i < sorted.length; i++) {
        const e = sorted[i]!;
        if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) return `${f.ruleId}: fix "${fix.title}" edit outside the document`;
        if (i > 0 && e.start < sorted[i - 1]!.end) return `${f.ruleId}: fix "${fix.title}" has overlapping edits`;
        if (crlf && /(?:^|[^\r])\n/.test(e.newText)) return `${f.ruleId}: fix "${fix.title}" writes a lone \\n into a CRLF text`;
      }
      if (checkFixes) {
        const fixed = applyEdits(text, fix.edits);
        const again = checkInvariants(fixed, kind, data, false, lint);
        if (again) return `after fix "${fix.title}" of ${f.ruleId}: ${again}`;
      }
    }
  }
  return undefined;
}

export function checkConfigInvariant(text: string): string | undefined {
  try {
    const parsed = parseConfig(text);
    for (const p of parsed.problems) if (!(p.line >= 0 && p.character >= 0)) return 'config problem with negative position';
  } catch (error) {
    return `parseConfig threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  // The editor's quick fixes edit the same text (a wrong shape made them throw in every request, issue #14).
  try {
    ruleOffEdits(text, 'iam/json-syntax');
    policyTypeEdits(text, './a.json', 'trust');
    profileBindingEdits(text, './a.json', 'x/y');
  } catch (error) {
    return `a config edit threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

/** The fuzz corpus: fixtures, examples and doc examples found in the repository. */
export function loadCorpus(root: string): { kind: DocumentKind; text: string }[] {
  const corpus: { kind: DocumentKind; text: string }[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.jsonc?$/.test(entry.name) && entry.name !== 'package.json') corpus.push({ kind: 'iam-policy', text: fs.readFileSync(full, 'utf8') });
      else if (entry.name.endsWith('.sql')) corpus.push({ kind: 'redshift-sql', text: fs.readFileSync(full, 'utf8') });
      else if (entry.name.endsWith('.md')) {
        const md = fs.readFileSync(full, 'utf8');
        for (const m of md.matchAll(/```(json|sql)\n([\s\S]*?)```/g)) corpus.push({ kind: m[1] === 'sql' ? 'redshift-sql' : 'iam-policy', text: m[2]! });
      }
    }
  };
  for (const dir of ['examples', 'test/fixtures', 'docs/rules']) walk(path.join(root, dir));
  corpus.push({ kind: 'iam-policy', text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringLike":{"s3:prefix":["x/*"]}}}]}' });
  corpus.push({ kind: 'redshift-sql', text: "CREATE USER u PASSWORD 'Abcdefg1';\nGRANT USAGE ON SCHEMA s TO u;\nGRANT SELECT ON ALL TABLES IN SCHEMA s TO u;\n" });
  return corpus;
}

/** Inputs no mutation reaches: extreme nesting, huge strings, long lines. */
export function extremeInputs(scale = 1): { kind: DocumentKind; text: string; name: string }[] {
  const nested = (n: number): string => '{"Statement":' + '['.repeat(n) + ']'.repeat(n) + '}';
  const objects = (n: number): string => '{"Statement":[{"Condition":' + '{"a":'.repeat(n) + '1' + '}'.repeat(n) + '}]}';
  const bigString = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"' + 'a'.repeat(1_000_000 * scale) + '"}]}';
  const longLine = '{"Statement":[' + Array.from({ length: 2000 * scale }, (_, i) => `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b${i}/*"}`).join(',') + ']}';
  const sqlParens = 'GRANT SELECT ON ' + '('.repeat(10_000) + ' TO u;';
  const sqlLong = Array.from({ length: 5000 * scale }, (_, i) => `GRANT SELECT ON t${i} TO u${i}`).join(' ') + ';';
  return [
    { kind: 'iam-policy', text: nested(10_000), name: '10,000 nested arrays' },
    { kind: 'iam-policy', text: objects(10_000), name: '10,000 nested objects' },
    { kind: 'iam-policy', text: bigString, name: '1 MB string' },
    { kind: 'iam-policy', text: longLine, name: 'one long line of statements' },
    { kind: 'redshift-sql', text: sqlParens, name: '10,000 open parentheses' },
    { kind: 'redshift-sql', text: sqlLong, name: 'statements without semicolons on one line' },
    { kind: 'redshift-sql', text: "'" + 'x'.repeat(100_000), name: 'unterminated string' },
    { kind: 'redshift-sql', text: '/*'.repeat(50_000), name: 'nested unterminated comments' },
  ];
}
