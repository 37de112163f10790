// Policies embedded in a host file (Terraform, CloudFormation): the policy model built from host syntax, with host offsets.
//
// Rules run unchanged on these trees. Every string node is described (iam/values.ts): literal, partly known
// (`"arn:aws:s3:::${var.bucket}/*"`: literal pieces around an expression) or unknown (`var.bucket`, `!Ref Bucket`).
// An unknown piece reads as `*`, so a value keeps its shape (`arn:aws:s3:::*/*` is still an object ARN), and the
// model says it is unknown, so no rule takes it for the author's wildcard.

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { PolicyOrigin } from '../iam/document';
import type { RenderGuard } from '../iam/edits';
import type { PolicyType } from '../iam/policyType';
import { UNKNOWN, expressionText, jsonTokenInfo, knowledgeOf, setValueInfo, type SourceRun, type ValueInfo, type ValuePiece } from '../iam/values';
import { lastStartingAtOrBefore, type LineIndex } from '../text';
import type { EditRenderer } from '../types';

export interface SourceRange {
  start: number;
  end: number;
}

export interface EmbeddedPolicy {
  /** Policy tree; every node's offset/length points into the host text. */
  root: JsonNode;
  policyType: PolicyType | undefined;
  /** Where the policy is used (resource and attribute), which decided `policyType`. */
  origin: PolicyOrigin;
  /** Host ranges of expressions whose value is unknown. */
  unknown: SourceRange[];
  /** How the policy is written in the host. */
  syntax: 'json' | 'hcl' | 'yaml' | 'hcl-data-source';
  /** The host construct holding the policy (for messages), e.g. `aws_iam_policy.reader.policy`. */
  label: string;
  start: number;
  end: number;
  /**
   * Set when a later lint of the same document may hand out this same tree again (a CloudFormation resource whose
   * text did not change, hosts/cloudformationResources.ts): with the editor's cache its findings are then kept.
   */
  reuseKey?: string;
  /** Writes fixes on this policy's model in the host's syntax (created when a finding has a fix). */
  renderer(lines: LineIndex): EditRenderer;
}

/** The guard of a policy's renderer: no fix edits inside an unknown expression of the policy. */
export function hostGuard(unknown: readonly SourceRange[]): RenderGuard {
  return { insideUnknown: unknownIndex(unknown) };
}

/** jsonc-parser declares its nodes read-only; synthetic trees are built and re-based here only. */
type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };
const mutable = (node: JsonNode): MutableNode => node as MutableNode;

/** Builds jsonc-parser-compatible nodes (with parent links) for synthetic trees, describing every string it creates. */
export class NodeBuilder {
  readonly unknown: SourceRange[] = [];

  /** `text`: the host text the offsets point into. */
  constructor(readonly text: string) {}

  object(start: number, end: number, properties: JsonNode[]): JsonNode {
    const node: JsonNode = { type: 'object', offset: start, length: end - start, children: properties };
    for (const p of properties) mutable(p).parent = node;
    return node;
  }

  array(start: number, end: number, items: JsonNode[]): JsonNode {
    const node: JsonNode = { type: 'array', offset: start, length: end - start, children: items };
    for (const i of items) mutable(i).parent = node;
    return node;
  }

  /** A property; the key is described like any string (`keyInfo`, or read from the key's token). */
  property(key: string, keyStart: number, keyEnd: number, value: JsonNode, keyInfo?: ValueInfo): JsonNode {
    const keyNode = this.string(key, keyStart, keyEnd, keyInfo);
    const start = Math.min(keyStart, value.offset);
    const end = Math.max(keyEnd, value.offset + value.length);
    const node: JsonNode = { type: 'property', offset: start, length: end - start, colonOffset: keyEnd, children: [keyNode, value] };
    mutable(keyNode).parent = node;
    mutable(value).parent = node;
    return node;
  }

  /** A string written in the host; without `info`, a literal whose characters are found in its token. */
  string(value: string, start: number, end: number, info?: ValueInfo): JsonNode {
    const node: JsonNode = { type: 'string', value, offset: start, length: end - start };
    setValueInfo(node, info ?? tokenInfo(this.text, start, end, value));
    return node;
  }

  /** A string made of literal and expression pieces (its value reads each unknown piece as `*`). */
  pieces(pieces: readonly ValuePiece[], runs: readonly SourceRun[], start: number, end: number): JsonNode {
    const known = knowledgeOf(pieces);
    if (known === 'unknown') return this.unknownValue(start, end);
    const value = pieces.map((p) => p.text).join('');
    return this.string(value, start, end, known === 'literal' ? { known, runs } : { known, pieces, runs });
  }

  scalar(type: 'number' | 'boolean' | 'null', value: unknown, start: number, end: number): JsonNode {
    return { type, value, offset: start, length: end - start };
  }

  /** A value we cannot know: the string `*`, described as unknown, its range recorded. */
  unknownValue(start: number, end: number): JsonNode {
    this.unknown.push({ start, end });
    const node: JsonNode = { type: 'string', value: '*', offset: start, length: end - start };
    setValueInfo(node, UNKNOWN);
    return node;
  }
}

/**
 * A literal written as a host token: plain (`s3:GetObject`), quoted without escapes (`"…"`, `'…'`), or a JSON
 * string with escapes. Characters are mapped only where the token spells them one-to-one.
 */
export function tokenInfo(text: string, start: number, end: number, value: string): ValueInfo {
  const length = end - start;
  if (length === value.length && text.startsWith(value, start)) return { known: 'literal', runs: [{ valueStart: 0, length, sourceStart: start }] };
  const quote = text[start];
  if ((quote === '"' || quote === "'") && length === value.length + 2 && text[end - 1] === quote && text.startsWith(value, start + 1)) {
    return { known: 'literal', runs: [{ valueStart: 0, length: value.length, sourceStart: start + 1 }] };
  }
  if (quote === '"') {
    // JSON escapes; other syntaxes' escapes (YAML `\x41`) are caught by checking every run against the value.
    const info = jsonTokenInfo(text, start, end);
    if (info.runs.every((r) => text.startsWith(value.slice(r.valueStart, r.valueStart + r.length), r.sourceStart))) return info;
  }
  return { known: 'literal', runs: [] };
}

/** Runs from the host offset of each value character (undefined: not spelled one-to-one). */
export function runsOf(offsets: readonly (number | undefined)[]): SourceRun[] {
  const runs: SourceRun[] = [];
  let current: SourceRun | undefined;
  for (let i = 0; i < offsets.length; i++) {
    const at = offsets[i];
    if (at === undefined) {
      current = undefined;
      continue;
    }
    if (current && current.sourceStart + current.length === at) current.length++;
    else {
      current = { valueStart: i, length: 1, sourceStart: at };
      runs.push(current);
    }
  }
  return runs;
}

/**
 * A piece of host text that decodes to JSON (a Terraform heredoc or string): characters with the host offset each
 * came from. Each interpolation is decoded as one `*` and recorded.
 */
export interface DecodedJson {
  text: string;
  /** Host offset of each decoded character (length = text.length). */
  offsets: number[];
  /** Decoded index → host range of the interpolation a `*` stands for. */
  interpolations: Map<number, SourceRange>;
  /** Host offset just after the last decoded character. */
  end: number;
}

/** Parses decoded JSON, describes its strings and maps every node back to host offsets. */
export function jsonFromDecoded(decoded: DecodedJson, builder: NodeBuilder): { root: JsonNode | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(decoded.text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root) return { root: undefined, errors };
  const n = decoded.text.length;
  // A decoded character spans the host text up to the next one (an escape such as `\"` or `$${` is several characters).
  const charStart = (i: number): number => decoded.interpolations.get(i)?.start ?? decoded.offsets[i] ?? decoded.end;
  const charEnd = (i: number): number => decoded.interpolations.get(i)?.end ?? (i + 1 < n ? charStart(i + 1) : decoded.end);
  const hostStart = (i: number): number => (i < n ? charStart(Math.max(0, i)) : decoded.end);
  const hostEnd = (i: number): number => (i <= 0 ? hostStart(0) : charEnd(Math.min(i, n) - 1));
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const start = node.offset;
    const end = node.offset + node.length;
    if (node.type === 'string') {
      const info = decodedStringInfo(node, decoded, charStart, charEnd, builder.text);
      if (info.known === 'unknown') builder.unknown.push({ start: hostStart(start), end: hostEnd(end) });
      for (const piece of info.pieces ?? []) if (piece.kind === 'unknown') builder.unknown.push({ start: piece.start, end: piece.end });
      setValueInfo(node, info);
    }
    mutable(node).offset = hostStart(start);
    mutable(node).length = Math.max(0, hostEnd(end) - node.offset);
    if (node.colonOffset !== undefined) mutable(node).colonOffset = hostStart(node.colonOffset);
    for (const child of node.children ?? []) stack.push(child);
  }
  for (const e of errors) {
    const s = hostStart(e.offset);
    e.length = Math.max(0, hostEnd(e.offset + e.length) - s);
    e.offset = s;
  }
  return { root, errors };
}

/** A JSON string of decoded text: which characters are interpolations, and where the others are in the host. */
function decodedStringInfo(node: JsonNode, decoded: DecodedJson, charStart: (i: number) => number, charEnd: (i: number) => number, hostText: string): ValueInfo {
  const value = String(node.value);
  const token = jsonTokenInfo(decoded.text, node.offset, node.offset + node.length);
  const hostOffsets: (number | undefined)[] = new Array<number | undefined>(value.length).fill(undefined);
  const interpolationAt = new Map<number, SourceRange>();
  for (const run of token.runs) {
    for (let k = 0; k < run.length; k++) {
      const d = run.sourceStart + k;
      const interpolation = decoded.interpolations.get(d);
      if (interpolation) interpolationAt.set(run.valueStart + k, interpolation);
      else if (charEnd(d) - charStart(d) === 1) hostOffsets[run.valueStart + k] = charStart(d);
    }
  }
  if (interpolationAt.size === 0) return { known: 'literal', runs: runsOf(hostOffsets) };
  const pieces: ValuePiece[] = [];
  for (let v = 0; v < value.length; v++) {
    const interpolation = interpolationAt.get(v);
    if (interpolation) {
      pieces.push({ kind: 'unknown', text: '*', start: interpolation.start, end: interpolation.end, expression: expressionText(hostText.slice(interpolation.start, interpolation.end)) });
      continue;
    }
    const last = pieces[pieces.length - 1];
    const at = hostOffsets[v] ?? last?.end ?? charStart(node.offset);
    if (last?.kind === 'literal') {
      last.text += value[v];
      last.end = Math.max(last.end, at + 1);
    } else pieces.push({ kind: 'literal', text: value[v]!, start: at, end: at + 1 });
  }
  const known = knowledgeOf(pieces);
  return known === 'unknown' ? UNKNOWN : { known, pieces, runs: runsOf(hostOffsets.map((o, v) => (interpolationAt.has(v) ? undefined : o))) };
}

/**
 * A test of whether `[start, end)` lies inside one of `ranges`, in logarithmic time: a policy may hold thousands of
 * expressions and as many findings.
 */
export function unknownIndex(ranges: readonly SourceRange[]): (start: number, end: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  // furthestEnd[i]: the largest end among the first i + 1 ranges (by start).
  const furthestEnd: number[] = [];
  for (const r of sorted) furthestEnd.push(Math.max(r.end, furthestEnd[furthestEnd.length - 1] ?? -1));
  return (start, end) => {
    const last = lastStartingAtOrBefore(sorted, start);
    return last >= 0 && furthestEnd[last]! >= end;
  };
}
