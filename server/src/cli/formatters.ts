// Output formats of the CLI: stylish (people), json (scripts), sarif (GitHub code scanning).

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules, ruleDocUrl } from '../engine/rules';
import type { Finding, Fix, Range, Severity } from '../engine/types';
import type { LintedFile, ReportPiece } from './lintFiles';

export type { ReportPiece };

/** What a report shows of a file. */
export type ReportFile = Pick<LintedFile, 'file' | 'kind' | 'detection' | 'findings'>;

/**
 * A report written file by file (a run streams it as results arrive, in input order): the chunks of `file` for each
 * file, then `end()`, are exactly the report of all files at once (formatJson, formatStylish, formatSarif).
 */
export interface ReportStream {
  file(result: ReportFile): string;
  /** The chunk of a file whose piece was made elsewhere (reportPiece, in a lint worker): the same as `file`. */
  piece(piece: ReportPiece): string;
  end(): string;
}

/** How a report is written: what reportStream and reportPiece take (plain data: a lint worker receives it). */
export interface ReportOptions {
  format: OutputFormat;
  quiet: boolean;
  color: boolean;
  fixMode?: boolean;
  version: string;
}

export function reportStream(format: OutputFormat, quiet: boolean, options: { color: boolean; fixMode?: boolean; version: string }): ReportStream {
  const piece = (result: ReportFile): ReportPiece => reportPiece({ format, quiet, ...options }, result);
  if (format === 'json') return jsonStream(piece);
  if (format === 'sarif') return sarifStream(quiet, options.version, piece);
  return stylishStream(options.color, options, piece);
}

/** A file's piece of a report (see ReportPiece). */
export function reportPiece(options: ReportOptions, result: ReportFile): ReportPiece {
  if (options.format === 'json') return jsonElements([jsonFileResult(result, options.quiet)], '');
  if (options.format === 'sarif') return jsonElements(sarifResults(result, options.quiet, sarifRuleIndex()), SARIF_RESULTS_INDENT);
  return stylishPiece(result, options.quiet, options.color);
}

function writeAll(stream: ReportStream, results: readonly ReportFile[]): string {
  return results.map((r) => stream.file(r)).join('') + stream.end();
}

/**
 * Elements of a JSON array at `indent` (the array's own indentation), each as JSON.stringify(array, null, 2) would
 * place it after another element: `,`, a line break, the element's indentation, then its text.
 */
function jsonElements(values: readonly unknown[], indent: string): ReportPiece {
  const inner = `${indent}  `;
  let text = '';
  for (const value of values) {
    if (indent === '') {
      // An element of a top-level array: JSON.stringify lays out `[value]` with the value's lines indented as wanted,
      // between `[\n` and `\n]` (no pass over the text to indent it).
      const wrapped = JSON.stringify([value], null, 2);
      text += `,\n${wrapped.slice(2, wrapped.length - 2)}`;
      continue;
    }
    // JSON text holds no raw line breaks inside strings: every \n is a line of the layout.
    text += `,\n${inner}${JSON.stringify(value, null, 2).replace(/\n/g, `\n${inner}`)}`;
  }
  return { text, elements: values.length };
}

/** The elements of a JSON array written a piece at a time (jsonElements): `[` instead of the first `,`; `[]` when empty. */
class JsonArrayWriter {
  private count = 0;
  constructor(private readonly indent: string) {}
  add(piece: ReportPiece): string {
    if (piece.elements === 0) return '';
    const first = this.count === 0;
    this.count += piece.elements;
    return first ? `[${piece.text.slice(1)}` : piece.text;
  }
  end(): string {
    return this.count === 0 ? '[]' : `\n${this.indent}]`;
  }
}

export type OutputFormat = 'stylish' | 'json' | 'sarif';

export interface JsonDiagnostic {
  rule: string;
  /** Which message of the rule this is (stable, unlike the text). */
  messageId: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** The finding has a safe fix (what fix-all and a future `--fix` apply). */
  fixable: boolean;
  /** How many suggestions (fixes a person chooses among in the editor) it has. */
  suggestions: number;
}

export interface JsonFileResult {
  file: string;
  kind: LintedFile['kind'];
  /** What the file was detected as (`terraform`/`cloudformation` for policies inside a template) and why. */
  detected: { kind: LintedFile['detection']['kind']; reason: string };
  diagnostics: JsonDiagnostic[];
}

export function visibleFindings(findings: readonly Finding[], quiet: boolean): Finding[] {
  return quiet ? findings.filter((f) => f.severity === 'error') : [...findings];
}

export function toJson(results: readonly ReportFile[], quiet: boolean): JsonFileResult[] {
  return results.map((r) => jsonFileResult(r, quiet));
}

function jsonFileResult(r: ReportFile, quiet: boolean): JsonFileResult {
  return {
    file: r.file,
    kind: r.kind,
    detected: { kind: r.detection.kind, reason: r.detection.reason },
    diagnostics: visibleFindings(r.findings, quiet).map((f) => ({
      rule: f.ruleId,
      messageId: f.messageId,
      severity: f.severity,
      message: f.message,
      range: { start: { ...f.range.start }, end: { ...f.range.end } },
      fixable: f.fix !== undefined,
      suggestions: f.suggestions.length,
    })),
  };
}

export function formatJson(results: readonly ReportFile[], quiet: boolean): string {
  return writeAll(reportStream('json', quiet, { color: false, version: '' }), results);
}

function jsonStream(pieceOf: (result: ReportFile) => ReportPiece): ReportStream {
  const array = new JsonArrayWriter('');
  const piece = (p: ReportPiece): string => array.add(p);
  return { file: (r) => piece(pieceOf(r)), piece, end: () => array.end() };
}

export function formatStylish(results: readonly ReportFile[], quiet: boolean, color: boolean, options: { fixMode?: boolean } = {}): string {
  return writeAll(reportStream('stylish', quiet, { color, version: '', ...options }), results);
}

const paintWith =
  (color: boolean) =>
  (code: string, s: string): string =>
    color ? `\u001b[${code}m${s}\u001b[0m` : s;

/** A file's block of the stylish report (nothing for a file without visible findings) and its counts. */
function stylishPiece(result: ReportFile, quiet: boolean, color: boolean): ReportPiece {
  const paint = paintWith(color);
  const counts = { error: 0, warning: 0, info: 0, hint: 0, fixable: 0 };
  const findings = visibleFindings(result.findings, quiet);
  if (findings.length === 0) return { text: '', elements: 0, counts };
  const out: string[] = [paint('4', result.file)];
  const rows = findings.map((f) => {
    counts[f.severity]++;
    if (f.fix) counts.fixable++;
    return [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, f.message, f.ruleId] as const;
  });
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [pos, severity, message, rule] of rows) {
    const sev = severity === 'error' ? paint('31', severity.padEnd(w1)) : severity === 'warning' ? paint('33', severity.padEnd(w1)) : paint('36', severity.padEnd(w1));
    out.push(`  ${paint('2', pos.padEnd(w0))}  ${sev}  ${message}  ${paint('2', rule)}`);
  }
  out.push('');
  return { text: out.join('\n') + '\n', elements: 0, counts };
}

function stylishStream(color: boolean, options: { fixMode?: boolean }, pieceOf: (result: ReportFile) => ReportPiece): ReportStream {
  const paint = paintWith(color);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  const piece = (p: ReportPiece): string => {
    if (p.counts) {
      for (const severity of ['error', 'warning', 'info', 'hint'] as const) counts[severity] += p.counts[severity];
      fixable += p.counts.fixable;
    }
    return p.text;
  };
  const end = (): string => {
    const total = counts.error + counts.warning + counts.info + counts.hint;
    if (total === 0) return '';
    const out: string[] = [];
    const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
    if (counts.info + counts.hint > 0) parts.push(`${counts.info + counts.hint} info`);
    out.push(paint(counts.error > 0 ? '31;1' : '33;1', `✖ ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`));
    // After --fix, a safe fix left is one that collided with another fix's edits: say nothing that would loop.
    if (fixable > 0 && !options.fixMode) out.push(`  ${fixable} of them ${fixable === 1 ? 'has' : 'have'} a safe fix: run grantcheck --fix (or "Fix all GrantCheck problems" in the editor).`);
    return out.join('\n') + '\n';
  };
  return { file: (r) => piece(pieceOf(r)), piece, end };
}

/**
 * SARIF wants URIs: a relative path stays relative (GitHub resolves it against the checkout),
 * with each segment percent-encoded; an absolute path becomes a file: URI.
 */
export function artifactUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(/[\\/]+/)
    .filter((segment, i) => !(i === 0 && segment === '.'))
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** A SARIF region (1-based lines and UTF-16 columns); an empty region is an insertion point. */
function sarifRegion(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** SARIF 2.1.0 §3.55 fix: one artifactChange with a replacement per edit. */
function sarifFix(fix: Fix, uri: string) {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: { uri },
        replacements: fix.edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
      },
    ],
  };
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** The SARIF log of these results (formatSarif writes it, a run streams it: sarifStream). */
export function sarifLog(results: readonly ReportFile[], quiet: boolean, version: string): object {
  const rules = sarifRules();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'GrantCheck', version, semanticVersion: version, informationUri: 'https://github.com/grantcheck/grantcheck', rules } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) => sarifResults(r, quiet, rules.index)),
      },
    ],
  };
}

function sarifRules(): { id: string; name: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] & { index: Map<string, number> } {
  const rules = allRules.map((rule) => ({
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.description },
    helpUri: ruleDocUrl(rule.id),
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
  }));
  return Object.assign(rules, { index: new Map(rules.map((r, i) => [r.id, i])) });
}

function sarifResults(r: ReportFile, quiet: boolean, ruleIndex: ReadonlyMap<string, number>): object[] {
  return visibleFindings(r.findings, quiet).map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(r.file) }, region: sarifRegion(f.range) } }],
    // Only the safe fix: SARIF consumers may apply `fixes` without asking; suggestions stay in the editor.
    ...(f.fix ? { fixes: [sarifFix(f.fix, artifactUri(r.file))] } : {}),
  }));
}

export function formatSarif(results: readonly ReportFile[], quiet: boolean, version: string): string {
  return writeAll(reportStream('sarif', quiet, { color: false, version }), results);
}

/** Where a SARIF log's results go: the indentation of its `results` array (see sarifStream). */
const SARIF_RESULTS_INDENT = '      ';

let ruleIndexOnce: ReadonlyMap<string, number> | undefined;

/** Each rule's place in the log's `rules` (the same for every log of this build). */
function sarifRuleIndex(): ReadonlyMap<string, number> {
  return (ruleIndexOnce ??= sarifRules().index);
}

/** The log of no results, cut where the results go: each result is written as an element of that array. */
function sarifStream(quiet: boolean, version: string, pieceOf: (result: ReportFile) => ReportPiece): ReportStream {
  const skeleton = JSON.stringify(sarifLog([], quiet, version), null, 2);
  const at = skeleton.lastIndexOf('"results": []');
  const lineStart = skeleton.lastIndexOf('\n', at) + 1;
  // The pieces are made with SARIF_RESULTS_INDENT (reportPiece): the layout of the log must agree.
  if (skeleton.slice(lineStart, at) !== SARIF_RESULTS_INDENT) throw new Error('the SARIF log\'s results are not where SARIF_RESULTS_INDENT says');
  const array = new JsonArrayWriter(SARIF_RESULTS_INDENT);
  const head = skeleton.slice(0, at + '"results": '.length);
  const tail = skeleton.slice(at + '"results": []'.length);
  let started = false;
  const piece = (p: ReportPiece): string => {
    const prefix = started ? '' : head;
    started = true;
    return prefix + array.add(p);
  };
  return {
    file: (r) => piece(pieceOf(r)),
    piece,
    end: () => (started ? '' : head) + array.end() + tail,
  };
}
