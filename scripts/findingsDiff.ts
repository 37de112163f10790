// The comparison and report of `npm run diff:findings` (scripts/diff-findings.ts): one document's findings from two
// engines, and what differs between them in a form a person reads. Pure: no engine, no files.

/** A finding as compared: every field the engine reports (extra properties of the engine's objects are dropped). */
export interface FindingRecord {
  ruleId: string;
  messageId: string;
  severity: string;
  message: string;
  start: number;
  end: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fix?: FixRecord;
  suggestions: FixRecord[];
}

export interface FixRecord {
  title: string;
  edits: { start: number; end: number; newText: string }[];
}

/** One document as one engine linted it. */
export interface DocumentRecord {
  /** What it was linted as (`iam-policy`, `redshift-sql`, …); undefined: not linted (none of the kinds). */
  kind?: string;
  findings: FindingRecord[];
  /** With the safe fixes applied (engine/fixAll.ts): the text and its findings; absent when no fix applied. */
  fixed?: { text: string; findings: FindingRecord[] };
}

/** The fields of a finding-like object that are compared, in a fixed order. */
export function findingRecord(f: FindingRecord): FindingRecord {
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    message: f.message,
    start: f.start,
    end: f.end,
    range: { start: { line: f.range.start.line, character: f.range.start.character }, end: { line: f.range.end.line, character: f.range.end.character } },
    ...(f.fix ? { fix: fixRecord(f.fix) } : {}),
    suggestions: (f.suggestions ?? []).map(fixRecord),
  };
}

function fixRecord(fix: FixRecord): FixRecord {
  return { title: fix.title, edits: fix.edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })) };
}

/** `line:character` (1-based, as editors show them) to `line:character`, and the offsets. */
function where(f: FindingRecord): string {
  const { start, end } = f.range;
  return `${start.line + 1}:${start.character + 1}–${end.line + 1}:${end.character + 1} [${f.start}–${f.end}]`;
}

function fixText(fix: FixRecord): string {
  return `"${fix.title}" ${fix.edits.map((e) => `${e.start}–${e.end}→${JSON.stringify(e.newText.length > 80 ? `${e.newText.slice(0, 80)}…` : e.newText)}`).join(', ')}`;
}

/** One line for a finding. */
export function describeFinding(f: FindingRecord): string {
  const fix = f.fix ? `; fix ${fixText(f.fix)}` : '';
  const suggestions = f.suggestions.length ? `; ${f.suggestions.length} suggestion${f.suggestions.length > 1 ? 's' : ''}` : '';
  return `${where(f)} ${f.severity} ${f.ruleId} (${f.messageId}): ${f.message}${fix}${suggestions}`;
}

/** A key naming every compared field: two findings are the same when their keys are. */
function keyOf(f: FindingRecord): string {
  return JSON.stringify(f);
}

/** What differs between two findings paired by rule, messageId and place (or message). */
function changes(a: FindingRecord, b: FindingRecord): string[] {
  const out: string[] = [];
  if (a.severity !== b.severity) out.push(`severity ${a.severity} → ${b.severity}`);
  if (a.message !== b.message) out.push(`message ${JSON.stringify(a.message)} → ${JSON.stringify(b.message)}`);
  if (where(a) !== where(b)) out.push(`range ${where(a)} → ${where(b)}`);
  const fa = a.fix ? fixText(a.fix) : 'none';
  const fb = b.fix ? fixText(b.fix) : 'none';
  if (fa !== fb) out.push(`fix ${fa} → ${fb}`);
  const sa = JSON.stringify(a.suggestions);
  const sb = JSON.stringify(b.suggestions);
  if (sa !== sb) out.push(`suggestions ${a.suggestions.map(fixText).join(' | ') || 'none'} → ${b.suggestions.map(fixText).join(' | ') || 'none'}`);
  return out;
}

/**
 * What differs between the findings of one document from the base engine (`base`) and the working tree's (`head`):
 * one readable line per difference, none when they are the same (every field, and the order). A finding of one side
 * is paired with one of the other by rule, messageId and range (then it is a changed finding: message, severity,
 * fix…), else by rule, messageId and message (a moved one); the rest are missing (only in base) or extra (only in
 * head).
 */
export function findingDifferences(base: readonly FindingRecord[], head: readonly FindingRecord[]): string[] {
  const baseKeys = base.map(keyOf);
  const headKeys = head.map(keyOf);
  if (baseKeys.length === headKeys.length && baseKeys.every((k, i) => k === headKeys[i])) return [];
  // The multiset difference: what each side has that the other has not.
  const counts = new Map<string, number>();
  for (const k of headKeys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const onlyBase: FindingRecord[] = [];
  base.forEach((f, i) => {
    const n = counts.get(baseKeys[i]!) ?? 0;
    if (n > 0) counts.set(baseKeys[i]!, n - 1);
    else onlyBase.push(f);
  });
  const onlyHead: FindingRecord[] = [];
  const left = new Map<string, number>();
  for (const k of baseKeys) left.set(k, (left.get(k) ?? 0) + 1);
  head.forEach((f, i) => {
    const n = left.get(headKeys[i]!) ?? 0;
    if (n > 0) left.set(headKeys[i]!, n - 1);
    else onlyHead.push(f);
  });
  if (onlyBase.length === 0 && onlyHead.length === 0) {
    const at = baseKeys.findIndex((k, i) => k !== headKeys[i]);
    return [`same findings in another order (first at #${at + 1}: ${describeFinding(base[at]!)} ↔ ${describeFinding(head[at]!)})`];
  }
  const out: string[] = [];
  const pair = (same: (a: FindingRecord, b: FindingRecord) => boolean, label: string): void => {
    for (let i = 0; i < onlyBase.length; i++) {
      const a = onlyBase[i]!;
      const j = onlyHead.findIndex((b) => same(a, b));
      if (j < 0) continue;
      const b = onlyHead[j]!;
      out.push(`${label} ${a.ruleId} (${a.messageId}) at ${where(a)}: ${changes(a, b).join('; ')}`);
      onlyBase.splice(i--, 1);
      onlyHead.splice(j, 1);
    }
  };
  pair((a, b) => a.ruleId === b.ruleId && a.messageId === b.messageId && a.start === b.start && a.end === b.end, 'changed');
  pair((a, b) => a.ruleId === b.ruleId && a.messageId === b.messageId && a.message === b.message, 'moved');
  for (const f of onlyBase) out.push(`missing ${describeFinding(f)}`);
  for (const f of onlyHead) out.push(`extra   ${describeFinding(f)}`);
  return out;
}

/** Where two texts first differ, with a little of each around it. */
function textDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const around = (t: string): string => JSON.stringify(t.slice(Math.max(0, i - 30), i + 50));
  return `first at offset ${i} (lengths ${a.length} and ${b.length}): ${around(a)} → ${around(b)}`;
}

/** What differs between one document's records from the two engines (undefined: that engine had no record of it). */
export function documentDifferences(base: DocumentRecord | undefined, head: DocumentRecord | undefined): string[] {
  if (!base || !head) return [base ? 'linted by the base only' : 'linted by the working tree only'];
  const out: string[] = [];
  if (base.kind !== head.kind) out.push(`kind ${base.kind ?? 'not linted'} → ${head.kind ?? 'not linted'}`);
  out.push(...findingDifferences(base.findings, head.findings));
  if (base.fixed || head.fixed) {
    if (!base.fixed || !head.fixed) out.push(`safe fixes: ${base.fixed ? 'applied' : 'none applied'} → ${head.fixed ? 'applied' : 'none applied'}`);
    else {
      if (base.fixed.text !== head.fixed.text) out.push(`text after the safe fixes differs, ${textDifference(base.fixed.text, head.fixed.text)}`);
      else out.push(...findingDifferences(base.fixed.findings, head.fixed.findings).map((d) => `after the safe fixes: ${d}`));
    }
  }
  return out;
}

/** Counts and the first differences of a whole comparison. */
export class DiffReport {
  documents = 0;
  baseFindings = 0;
  headFindings = 0;
  differing = 0;
  /** Documents whose safe fixes were applied (by either engine): their fixed texts and findings are compared too. */
  fixed = 0;
  private readonly shown: string[] = [];

  constructor(readonly limit: number) {}

  /** Compares one document; returns whether it differs. */
  add(label: string, base: DocumentRecord | undefined, head: DocumentRecord | undefined): boolean {
    this.documents++;
    this.baseFindings += base?.findings.length ?? 0;
    this.headFindings += head?.findings.length ?? 0;
    if (base?.fixed || head?.fixed) this.fixed++;
    const differences = documentDifferences(base, head);
    if (differences.length === 0) return false;
    this.differing++;
    if (this.differing <= this.limit) this.shown.push([label, ...differences.slice(0, 20).map((d) => `  ${d}`), ...(differences.length > 20 ? [`  … and ${differences.length - 20} more`] : [])].join('\n'));
    return true;
  }

  /** The report: counts, then the first `limit` documents that differ. */
  text(baseName: string): string {
    const lines = [
      `documents: ${this.documents.toLocaleString('en-US')}`,
      `findings: ${this.baseFindings.toLocaleString('en-US')} (${baseName}), ${this.headFindings.toLocaleString('en-US')} (working tree)`,
      `documents with safe fixes, whose fixed text and its findings were compared too: ${this.fixed.toLocaleString('en-US')}`,
      `documents that differ: ${this.differing.toLocaleString('en-US')}`,
    ];
    if (this.shown.length > 0) {
      lines.push('', `first ${this.shown.length} of them (${baseName} → working tree):`, ...this.shown);
      if (this.differing > this.shown.length) lines.push(`… and ${this.differing - this.shown.length} more documents (--limit N shows more)`);
    }
    return lines.join('\n');
  }
}
