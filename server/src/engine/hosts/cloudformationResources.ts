// Extracts the policies of a YAML CloudFormation template one top-level resource at a time, re-using the policies of
// resources whose text did not change since the last lint (the editor's; the CLI parses each file once).
//
// A keystroke in a 1 MB template changes one resource: parsing the whole file again (YAML parse, policy trees) cost
// ~75 % of a keystroke. Here the lines under `Resources:` are split by indentation, each resource is parsed alone
// (behind the same `Resources:` line, so with the same context), and its policies are kept by its text; a resource
// that moved (text inserted above it) gets its policies back with every offset shifted — when they are read, so that
// a keystroke does not touch the trees of the resources after it. When an edit touches only the lines inside one
// resource (no logical id, no top-level key added or removed), the split of the previous version is moved instead
// of re-read, and only that resource is compared and parsed again. Typing inside one scalar of the resource parsed
// last does not even parse that resource: its YAML is kept, the scalar's token is read alone and patched in, and the
// resource's policies are converted again (`patchedResource`).
//
// The result must be exactly a whole parse's. Whenever the split might not be (anchors and aliases, directives,
// several documents, tabs, duplicate logical ids, flow style or anything but one plain key per resource, a line
// indented less than the resources, any YAML error in a piece or in the rest of the template), the whole document
// is parsed as before. test/unit/cloudformation-incremental.test.ts compares both after every edit of random sessions.
//
// A JSON template is parsed whole once (jsonc-parser); while it parses without an error, an edit strictly inside one
// resource's braces re-parses only that resource's value (which must then parse cleanly on its own and span exactly
// the same braces: the tokens before and after it are then read as before, so a whole parse would see the same
// tree with that value replaced); the resources after it move. Anything else parses the whole template again.

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { objectOpening } from '../iam/document';
import { valueInfoOf, type SourceRun, type ValuePiece } from '../iam/values';
import { textChange, type TextChange } from '../text';
import { extractCloudFormationPolicies, JSON_OPTIONS, jsonLogicalId, jsonResourcePolicies, jsonResources, jsonTemplatePolicies, placedYamlPolicy, scalarText, yamlResourcePolicies, YAML_OPTIONS, type YamlPolicy } from './cloudformation';
import type { EmbeddedPolicy, SourceRange } from './embedded';

/** jsonc-parser declares its nodes read-only; the trees built for a resource are shifted here only. */
type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** One resource's policies and every offset they hold, so that moving them is a loop over three arrays. */
interface ResourceEntry {
  /** Unique per parse: the policies' trees are the same objects as long as the entry lives. */
  id: number;
  /** The resource's text, the indentation and line break of its section, and whether it ends the file: what its parse read (YAML; a JSON resource is found by where it is, its text is not kept). */
  text: string;
  context: string;
  last: boolean;
  /** Where the resource's text starts in the latest document (the placed policies' start and end follow it). */
  base: number;
  /** Where it started in the document the trees' offsets point into: they catch up when read (`settle`). */
  treeBase: number;
  /** The policies as parsed (what holds offsets). */
  policies: readonly Pick<EmbeddedPolicy, 'root' | 'unknown'>[];
  /** The policies as handed out (their start and end move with the entry, their trees when read). */
  placed: EmbeddedPolicy[];
  nodes: MutableNode[];
  runs: SourceRun[];
  /** Unknown ranges, value pieces, object openings. */
  ranges: SourceRange[];
}

/**
 * One open document's resources, from its last lint (the entries of earlier versions are dropped, so memory is
 * bounded by the document). The trees handed out belong to the latest lint: the next lint with this cache may shift
 * them in place, so a caller keeps only the latest result (the language server keeps one analysis per document).
 */
export class CloudFormationCache {
  /** By logical id. */
  private entries = new Map<string, ResourceEntry>();
  /** The rest of the template (everything but the resources) that was last checked, and whether it parses cleanly. */
  private skeleton: { text: string; ok: boolean } | undefined;
  /** The text and split of the last extraction that went per resource (`entries` are its resources). */
  private last: { text: string; split: ResourceSplit } | undefined;
  /** A JSON template's resources (value spans in `text`), from its last extraction, when it parsed cleanly. */
  private json: { text: string; resources: JsonResource[] } | undefined;
  /** The text of the latest lint, which the policies' renderers write fixes for. */
  private readonly document = { text: '' };
  /**
   * The YAML of the resource parsed last (the one being typed in, while typing), as `parseResource` read it and
   * patched since: a keystroke inside one of its scalars re-reads that scalar only (`patchedResource`).
   */
  private lastParsed: ParsedResource | undefined;
  /**
   * For tests and the bench: resources seen, resources read again (cache misses; `patched` of them by re-reading
   * one scalar of the resource parsed last), whole-document parses.
   */
  readonly stats = { resources: 0, parsed: 0, patched: 0, wholeParses: 0, movedSplits: 0 };

  /** The policies of a template: per resource when the split is exact, else from a whole parse. */
  extract(text: string): EmbeddedPolicy[] {
    if (text.trimStart().startsWith('{')) {
      this.entries = new Map();
      this.last = undefined;
      this.lastParsed = undefined;
      return this.extractJson(text);
    }
    this.json = undefined;
    const incremental = this.extractYaml(text);
    if (incremental) return incremental;
    this.stats.wholeParses++;
    return extractCloudFormationPolicies(text);
  }

  get size(): number {
    return this.json ? this.json.resources.length : this.entries.size;
  }

  /** A JSON template: the previous version's resources, one of them re-parsed, when the edit was inside it; else a whole parse. */
  private extractJson(text: string): EmbeddedPolicy[] {
    const previous = this.json;
    if (previous) {
      const change = textChange(previous.text, text);
      const resources = change ? editedJsonResources(previous.resources, change, text, this.document) : previous.resources;
      if (resources) {
        if (change) this.stats.movedSplits++;
        this.stats.resources += resources.length;
        if (change) this.stats.parsed++;
        this.document.text = text;
        this.json = { text, resources };
        return placedOf(resources);
      }
    }
    this.stats.wholeParses++;
    this.json = undefined;
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, JSON_OPTIONS);
    const section = jsonResources(root);
    // A template with an error is extracted as before (jsonc-parser's recovery decides what it holds), every time.
    if (errors.length > 0 || !section) return jsonTemplatePolicies(root, text);
    this.document.text = text;
    const resources: JsonResource[] = [];
    for (const property of section.children ?? []) {
      const value = property.children?.[1];
      if (!value) return jsonTemplatePolicies(root, text);
      const raw: EmbeddedPolicy[] = [];
      const id = jsonLogicalId(property);
      jsonResourcePolicies(id, value, text, this.document, raw);
      const entry = newEntry('', 'json', false, value.offset, raw);
      resources.push({ id, start: value.offset, end: value.offset + value.length, object: value.type === 'object', entry });
    }
    this.stats.resources += resources.length;
    this.json = { text, resources };
    return placedOf(resources);
  }

  private extractYaml(text: string): EmbeddedPolicy[] | undefined {
    // An edit inside one resource: the previous split, moved; only that resource can differ.
    const moved = this.last ? movedSplit(this.last.text, this.last.split, text) : undefined;
    const split = moved?.split ?? splitResources(text);
    if (!split) {
      this.last = undefined;
      return undefined;
    }
    if (moved) this.stats.movedSplits++;
    if (this.skeleton?.text !== split.skeleton) this.skeleton = { text: split.skeleton, ok: skeletonParses(split.skeleton, split.resourcesKey) };
    if (!this.skeleton.ok) {
      this.last = undefined;
      return undefined;
    }
    const context = `${split.indent}${split.lineBreak}`;
    // After a moved split the logical ids are those of the last extraction: its map only has the edited one replaced.
    const next = moved ? this.entries : new Map<string, ResourceEntry>();
    const out: EmbeddedPolicy[] = [];
    this.document.text = text;
    for (let k = 0; k < split.resources.length; k++) {
      const { id, start, end } = split.resources[k]!;
      // What follows the resource is part of its context: the next logical id (the resource's text ends with that
      // line's indentation), a top-level key (it ends with a line break), or the end of the file.
      const last = end === text.length;
      this.stats.resources++;
      // Found by logical id (unique here), then compared (=== compares a slice's characters as a block, several
      // times faster than startsWith): no key of the resource's text to hash. After a moved split, the text of
      // every resource but the edited one is known to be the same.
      let entry = this.entries.get(id);
      const same = entry !== undefined && moved !== undefined && k !== moved.edited;
      if (!entry || (!same && (entry.context !== context || entry.last !== last || entry.text.length !== end - start || text.slice(start, end) !== entry.text))) {
        // Typing inside one scalar of the resource parsed last: that scalar is read again, not the resource.
        const patched = moved?.change && entry && entry === this.lastParsed?.entry && entry.context === context && entry.last === last ? patchedResource(this.lastParsed, text, start, end, moved.change, this.document) : undefined;
        if (patched) this.stats.patched++;
        const parsed = patched ?? parseResource(text.slice(start, end), context, last, split, this.document);
        if (!parsed) {
          this.last = undefined;
          this.lastParsed = undefined;
          return undefined;
        }
        this.lastParsed = parsed;
        entry = parsed.entry;
        this.stats.parsed++;
        if (moved) next.set(id, entry);
      }
      move(entry, start);
      if (!moved) next.set(id, entry);
      const placed = entry.placed;
      for (let i = 0; i < placed.length; i++) out.push(placed[i]!);
    }
    this.entries = next;
    this.last = { text, split };
    return out;
  }
}

/** Where the resources of a template are: each from its logical id to the next one's (or to the end of the section). */
interface ResourceSplit {
  resources: { id: string; start: number; end: number }[];
  /** The indentation of the logical ids. */
  indent: number;
  /** The line break after `Resources:`. */
  lineBreak: string;
  /** The template without the resources' text (the `Resources:` line stays), to check that the rest parses cleanly. */
  skeleton: string;
  /** Offset of the `Resources` key in the skeleton. */
  resourcesKey: number;
}

const RESOURCES_LINE = /^Resources *:( *| +#[^\r\n]*)(\r?\n)/m;

/** Splits the `Resources:` section by indentation; undefined when the split might not be what a whole parse sees. */
export function splitResources(text: string): ResourceSplit | undefined {
  if (text.includes('\t')) return undefined;
  const header = RESOURCES_LINE.exec(text);
  if (!header) return undefined;
  const lineBreak = header[2]!;
  const bodyStart = header.index + header[0].length;
  const resources: { id: string; start: number; end: number }[] = [];
  const ids = new Set<string>();
  let indent = -1;
  let lineStart = bodyStart;
  let sectionEnd = text.length;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    let i = lineStart;
    // Most lines are indented deeper than the logical ids: only their first indent + 1 characters are read.
    const deeper = indent < 0 ? Number.POSITIVE_INFINITY : lineStart + indent + 1;
    while (i < deeper && text.charCodeAt(i) === 32 /* space */) i++;
    if (i === deeper) {
      lineStart = lineEnd;
      continue;
    }
    const c = text.charCodeAt(i);
    // Blank lines and comments belong to the resource before them (as in a whole parse, whose node ends at the next key).
    if (i >= text.length || c === 10 /* \n */ || c === 13 /* \r */ || c === 35 /* # */) {
      lineStart = lineEnd;
      continue;
    }
    const column = i - lineStart;
    if (column === 0) {
      sectionEnd = lineStart;
      break;
    }
    if (indent < 0) indent = column;
    if (column < indent) return undefined;
    if (column === indent) {
      // A plain logical id (letters and digits, as CloudFormation requires) and a colon: anything else is parsed whole.
      let j = i;
      while (j < lineEnd && isIdCharacter(text.charCodeAt(j))) j++;
      if (j === i || text.charCodeAt(j) !== 58 /* : */) return undefined;
      const id = text.slice(i, j);
      if (ids.has(id)) return undefined;
      ids.add(id);
      if (resources.length > 0) resources[resources.length - 1]!.end = i;
      resources.push({ id, start: i, end: text.length });
    }
    lineStart = lineEnd;
  }
  if (resources.length === 0) return undefined;
  resources[resources.length - 1]!.end = sectionEnd;
  const firstStart = resources[0]!.start - indent;
  const before = text.slice(0, header.index);
  const rest = text.slice(sectionEnd);
  // Directives and document markers change how every piece reads: only a `---` before `Resources:` is allowed.
  // (Inside the section no line starts at column 0 but blank lines and comments.)
  if (/^(%|\.\.\.)/m.test(before) || /^(%|\.\.\.|---)/m.test(rest)) return undefined;
  return { resources, indent, lineBreak, skeleton: before + text.slice(header.index, firstStart) + rest, resourcesKey: header.index };
}

function isIdCharacter(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The split of `text` from that of an earlier version, when the edit between them only touched lines inside one
 * resource (after its logical id line) and the lines it left there are deeper than the logical ids, blank or
 * comments: then the same resources hold the same lines, the edited one (`edited`) grows or shrinks and those after
 * it move. Undefined otherwise (the caller splits the text again).
 */
export function movedSplit(previous: string, split: ResourceSplit, text: string): { split: ResourceSplit; edited: number; change?: TextChange } | undefined {
  const change = textChange(previous, text);
  if (!change) return { split, edited: -1 };
  const { start, oldEnd, newEnd } = change;
  // The lines the edit touches: from the start of the line where it starts to the end of the line where it ends.
  const from = start === 0 ? 0 : previous.lastIndexOf('\n', start - 1) + 1;
  const oldTo = lineEndAt(previous, oldEnd);
  const resources = split.resources;
  // The resource whose lines hold them, after its logical id line. In the previous version those lines were all
  // inside it (deeper, blank or comments: else it would not have been split so); in this one they must be too.
  const edited = lastStartingBefore(resources, from);
  if (edited < 0 || oldTo > resources[edited]!.end) return undefined;
  if (!innerLines(text, from, lineEndAt(text, newEnd), split.indent)) return undefined;
  // The split's other conditions hold as before: no tab typed, and the rest of the template did not change.
  for (let i = start; i < newEnd; i++) if (text.charCodeAt(i) === 9 /* \t */) return undefined;
  const delta = newEnd - oldEnd;
  const moved = resources.slice();
  for (let k = edited; k < moved.length; k++) {
    const r = moved[k]!;
    moved[k] = { id: r.id, start: k === edited ? r.start : r.start + delta, end: r.end + delta };
  }
  return { split: { ...split, resources: moved }, edited, change };
}

/** The end of the line holding `offset` (after its `\n`), or the end of the text. */
function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Whether every line starting in [from, to) is, for splitResources, inside a resource: deeper than `indent`, blank or a comment. */
function innerLines(text: string, from: number, to: number, indent: number): boolean {
  for (let lineStart = from; lineStart < to; ) {
    let i = lineStart;
    const deeper = lineStart + indent + 1;
    while (i < deeper && text.charCodeAt(i) === 32 /* space */) i++;
    if (i !== deeper) {
      const c = text.charCodeAt(i);
      if (!(i >= text.length || c === 10 /* \n */ || c === 13 /* \r */ || c === 35 /* # */)) return false;
    }
    lineStart = lineEndAt(text, lineStart);
    if (lineStart === text.length) break;
  }
  return true;
}

/** Whether a parse reported nothing but the tags YAML does not know (`!Ref`, `!Sub`: read by the adapter). */
function clean(doc: Document): boolean {
  return doc.errors.length === 0 && doc.warnings.every((w) => w.code === 'TAG_RESOLVE_FAILED');
}

/** Whether a document has an anchor, an alias or a merge key anywhere. */
function hasReferences(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias: () => {
      found = true;
      return visit.BREAK;
    },
    Node: (_key, node) => {
      if (node.anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
    Pair: (_key, pair) => {
      if (isScalar(pair.key) && pair.key.value === '<<') {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The rest of the template parses cleanly, with `Resources` as a top-level key where the split found it. */
function skeletonParses(skeleton: string, resourcesKey: number): boolean {
  try {
    const doc = parseDocument(skeleton, YAML_OPTIONS);
    if (!clean(doc) || hasReferences(doc) || !isMap(doc.contents) || doc.contents.flow) return false;
    const keys = (doc.contents.items as Pair<YamlNode, YamlNode>[]).filter((p) => scalarText(p.key) === 'Resources');
    return keys.length === 1 && keys[0]!.key.range?.[0] === resourcesKey;
  } catch {
    return false;
  }
}

let parses = 0;

/** The key that stands for what follows a resource when it is parsed alone. */
const SENTINEL = 'x:';

/**
 * Parses one resource alone, behind a `Resources:` line like its own and before a stand-in for what follows it;
 * undefined unless the parse is clean and sees exactly that resource and that stand-in.
 */
function parseResource(resourceText: string, context: string, last: boolean, split: ResourceSplit, document: { text: string }): ParsedResource | undefined {
  const prefix = `Resources:${split.lineBreak}${' '.repeat(split.indent)}`;
  const prefixLength = prefix.length;
  const resourceEnd = prefixLength + resourceText.length;
  const key = prefix + resourceText + (last ? '' : SENTINEL);
  let doc;
  try {
    doc = parseDocument(key, YAML_OPTIONS);
  } catch {
    return undefined;
  }
  if (!clean(doc) || !isMap(doc.contents) || doc.contents.flow) return undefined;
  const top = doc.contents.items as Pair<YamlNode, YamlNode>[];
  const section = top[0];
  if (!section || !isMap(section.value) || section.value.flow) return undefined;
  const inSection = section.value.items as Pair<YamlNode, YamlNode>[];
  // The stand-in: after the resource in the section, or the next top-level key; nothing at the end of the file.
  const sentinels = [...inSection.slice(1), ...top.slice(1)];
  const expected = key.length === resourceEnd ? 0 : 1;
  if (inSection.length + top.length - 1 !== 1 + expected || sentinels.some((p) => !isScalar(p.key) || p.key.range?.[0] !== key.length - SENTINEL.length)) return undefined;
  const pair = inSection[0]!;
  if (!isScalar(pair.key) || pair.key.type !== 'PLAIN' || pair.key.range?.[0] !== prefixLength || hasReferences(doc)) return undefined;
  return { doc, pair, key, prefixLength, entry: resourceEntry(pair, key, prefixLength, resourceEnd, context, last, document) };
}

/** The entry of a parsed resource (`pair`, in `key` from `prefixLength` to `resourceEnd`). */
function resourceEntry(pair: Pair<YamlNode, YamlNode>, key: string, prefixLength: number, resourceEnd: number, context: string, last: boolean, document: { text: string }): ResourceEntry {
  const policies: YamlPolicy[] = [];
  yamlResourcePolicies(pair, key, policies);
  // The text kept is cut from the parsed key (a copy), not from the document, which it would keep alive.
  return newEntry(key.slice(prefixLength, resourceEnd), context, last, prefixLength, policies.map((policy) => placedYamlPolicy(policy, document)));
}

/** A resource as `parseResource` read it: its YAML (the text `key`, the resource from `prefixLength` on), the pair of its logical id, its entry. */
interface ParsedResource {
  doc: Document;
  pair: Pair<YamlNode, YamlNode>;
  key: string;
  prefixLength: number;
  entry: ResourceEntry;
}

/**
 * The resource `[start, end)` of `text` read from `parsed` (its previous version) when the edit `change` lies inside
 * one scalar value of it: a plain, single- or double-quoted scalar on one line, without tag or anchor, in block
 * collections only; the edit starts after the scalar's first character (after its opening quote) and ends before
 * its closing quote (or at the end of a plain scalar) and neither the old nor the new text has a line break. The
 * scalar with what follows it on its line is read alone, as the value of a one-line mapping, and must read as one
 * clean scalar of the same style ending where the edited token ends; then a parse of the whole resource would read
 * the same nodes but for that scalar's value and every offset after the edit (the scalar's token is read the same
 * way after `key: ` as after `- `; whatever could read otherwise after `- `, e.g. a compact mapping `a: b`, is an
 * error after `key: `). The YAML is patched in place (value, ranges) and the resource's policies converted again.
 * Undefined when any of this does not hold (the caller parses the resource).
 */
function patchedResource(parsed: ParsedResource, text: string, start: number, end: number, change: TextChange, document: { text: string }): ParsedResource | undefined {
  const { prefixLength, entry } = parsed;
  const delta = change.newEnd - change.oldEnd;
  if (end - start !== entry.text.length + delta) return undefined;
  // The edit in the coordinates of the parsed key (the resource's text starts at prefixLength there).
  const from = change.start - start + prefixLength;
  const oldTo = change.oldEnd - start + prefixLength;
  const scalar = scalarAround(parsed.doc.contents, from, oldTo);
  if (!scalar || scalar.tag || scalar.anchor || !scalar.range) return undefined;
  const [tokenStart, tokenEnd] = scalar.range;
  const type = scalar.type;
  const quoted = type === 'QUOTE_SINGLE' || type === 'QUOTE_DOUBLE';
  if (!(type === 'PLAIN' || quoted) || from <= tokenStart || oldTo > tokenEnd - (quoted ? 1 : 0)) return undefined;
  const oldKey = parsed.key;
  const sentinel = oldKey.length - prefixLength - entry.text.length;
  const key = oldKey.slice(0, prefixLength) + text.slice(start, end) + oldKey.slice(oldKey.length - sentinel);
  // The token and the rest of its line, then and now: one line each.
  const lineEnd = lineBreakAt(key, tokenEnd + delta);
  if (lineBreakAt(oldKey, tokenStart) < tokenEnd || lineBreakAt(key, tokenStart) < tokenEnd + delta) return undefined;
  const read = quoted ? quotedValue(key, tokenStart, tokenEnd + delta) : undefined;
  const value = read === undefined ? scalarAlone(key.slice(tokenStart, lineEnd), type, tokenEnd + delta - tokenStart) : { value: read, source: read };
  if (!value) return undefined;
  // Every offset from the end of the replaced text on moves with the text after it (nothing else lies inside it).
  shiftRanges(parsed.doc.contents, oldTo, delta);
  scalar.value = value.value;
  scalar.source = value.source;
  const resourceEnd = prefixLength + end - start;
  return { doc: parsed.doc, pair: parsed.pair, key, prefixLength, entry: resourceEntry(parsed.pair, key, prefixLength, resourceEnd, entry.context, entry.last, document) };
}

/**
 * The value of the quoted scalar token `[start, end)` of `text` (on one line) when it is spelled as it reads:
 * printable ASCII between the quotes, none of them the quote (or, double-quoted, a backslash); else undefined.
 */
function quotedValue(text: string, start: number, end: number): string | undefined {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === quote || (quote === 34 /* " */ && c === 92) /* \ */) return undefined;
  }
  return text.slice(start + 1, end - 1);
}

/**
 * A scalar token and the rest of its line (`line`) read alone, as the value of a one-line mapping: its value and
 * source when it reads as one clean scalar of style `type`, `length` characters long, without tag or anchor.
 */
function scalarAlone(line: string, type: Scalar['type'], length: number): { value: unknown; source: string | undefined } | undefined {
  let alone: Document;
  try {
    alone = parseDocument(`x: ${line}`, YAML_OPTIONS);
  } catch {
    return undefined;
  }
  if (alone.errors.length > 0 || alone.warnings.length > 0 || !isMap(alone.contents) || alone.contents.flow || alone.contents.items.length !== 1) return undefined;
  const value = (alone.contents.items[0] as Pair<YamlNode, YamlNode>).value;
  if (!isScalar(value) || value.type !== type || value.tag || value.anchor || value.range?.[0] !== 3 || value.range[1] !== 3 + length) return undefined;
  const read = value.value;
  if (!(typeof read === 'string' || typeof read === 'number' || typeof read === 'boolean' || read === null)) return undefined;
  return { value: read, source: value.source };
}

/** Adds `delta` to every offset at or after `from` in the ranges of a YAML node and the nodes under it. */
function shiftRanges(node: unknown, from: number, delta: number): void {
  if (!node || typeof node !== 'object') return;
  const range = (node as YamlNode).range as number[] | undefined | null;
  if (range) for (let i = 0; i < range.length; i++) if (range[i]! >= from) range[i] = range[i]! + delta;
  if (isMap(node)) {
    const items = node.items as Pair<unknown, unknown>[];
    for (let i = 0; i < items.length; i++) {
      shiftRanges(items[i]!.key, from, delta);
      shiftRanges(items[i]!.value, from, delta);
    }
  } else if (isSeq(node)) {
    const items = node.items as unknown[];
    for (let i = 0; i < items.length; i++) shiftRanges(items[i], from, delta);
  }
}

/** The offset of the first line break at or after `offset` (the text's length when there is none). */
function lineBreakAt(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/**
 * The scalar value whose token holds `[from, to]`, found down block collections only (undefined inside a flow
 * collection, an alias or a key, or when no scalar holds both ends).
 */
function scalarAround(node: unknown, from: number, to: number): Scalar | undefined {
  const holds = (n: YamlNode | null | undefined): boolean => !!n?.range && n.range[0] <= from && to <= n.range[1];
  let current = node as YamlNode | null | undefined;
  while (current) {
    if (isScalar(current)) return current;
    if (isAlias(current) || !(isMap(current) || isSeq(current)) || current.flow) return undefined;
    let next: YamlNode | null | undefined;
    if (isMap(current)) {
      for (const pair of current.items as Pair<YamlNode | null, YamlNode | null>[]) {
        if (holds(pair.key)) return undefined;
        if (holds(pair.value)) {
          next = pair.value;
          break;
        }
      }
    } else {
      for (const item of current.items as (YamlNode | null)[]) {
        if (holds(item)) {
          next = item;
          break;
        }
      }
    }
    current = next;
  }
  return undefined;
}

/**
 * A resource's entry: its policies (offsets as parsed, the resource's text starting at `base`) handed out as they
 * are by every lint that re-uses the entry (moved with it); fixes are written for the latest text. What holds
 * offsets (the tree, the unknown ranges, the renderer's) is reached through getters that first bring the entry's
 * offsets to where the resource now is.
 */
function newEntry(text: string, context: string, last: boolean, base: number, policies: readonly EmbeddedPolicy[]): ResourceEntry {
  const id = ++parses;
  const entry: ResourceEntry = { id, text, context, last, base, treeBase: base, policies, placed: [], nodes: [], runs: [], ranges: [] };
  entry.placed = policies.map((policy, i): EmbeddedPolicy => {
    const { root, unknown, renderer, ...rest } = policy;
    return {
      ...rest,
      reuseKey: `${id}.${i}`,
      get root() {
        settle(entry);
        return root;
      },
      get unknown() {
        settle(entry);
        return unknown;
      },
      renderer: (lines) => {
        settle(entry);
        return renderer(lines);
      },
    };
  });
  collectOffsets(entry);
  return entry;
}

// ---------- JSON ----------

/** A resource of a JSON template: its logical id, its value's span in the latest text, and its policies. */
interface JsonResource {
  id: string;
  start: number;
  end: number;
  /** The value is an object (only then can an edit inside its braces be re-parsed alone). */
  object: boolean;
  entry: ResourceEntry;
}

/** A flat copy of a (short) string that shares no memory with the string it was cut from. */
function copyOf(slice: string): string {
  // The concatenation is flattened into a string of its own when first read; the slice then points into that.
  const joined = ` ${slice}`;
  joined.charCodeAt(0);
  return joined.slice(1);
}

function placedOf(resources: readonly JsonResource[]): EmbeddedPolicy[] {
  const out: EmbeddedPolicy[] = [];
  for (const r of resources) for (const placed of r.entry.placed) out.push(placed);
  return out;
}

/**
 * The resources of `text` from those of the previous version, when the edit between them (`change`) lies strictly
 * inside one object value's braces and that value, re-parsed alone, is one clean object spanning the same braces;
 * undefined otherwise (the caller parses the whole template).
 */
function editedJsonResources(resources: readonly JsonResource[], change: TextChange, text: string, document: { text: string }): JsonResource[] | undefined {
  const { start, oldEnd, newEnd } = change;
  const edited = lastStartingBefore(resources, start);
  const target = edited < 0 ? undefined : resources[edited]!;
  // After its `{` and before its `}`: both are kept, and so is every token outside them.
  if (!target || !target.object || oldEnd > target.end - 1) return undefined;
  const delta = newEnd - oldEnd;
  const end = target.end + delta;
  // A copy (a slice would keep this version of the document alive as long as the strings of the trees live).
  const piece = copyOf(text.slice(target.start, end));
  const errors: ParseError[] = [];
  const root = parseTree(piece, errors, JSON_OPTIONS);
  if (errors.length > 0 || !root || root.type !== 'object' || root.offset !== 0 || root.length !== piece.length) return undefined;
  const raw: EmbeddedPolicy[] = [];
  jsonResourcePolicies(target.id, root, piece, document, raw);
  const entry = newEntry('', 'json', false, 0, raw);
  move(entry, target.start);
  return resources.map((r, k) => {
    if (k < edited) return r;
    if (k === edited) return { id: r.id, start: r.start, end, object: true, entry };
    move(r.entry, r.start + delta);
    return { id: r.id, start: r.start + delta, end: r.end + delta, object: r.object, entry: r.entry };
  });
}

/** Gathers every offset-bearing object of an entry's policies, each once. */
function collectOffsets(entry: ResourceEntry): void {
  const seen = new Set<object>();
  const range = (r: SourceRange): void => {
    if (seen.has(r)) return;
    seen.add(r);
    entry.ranges.push(r);
  };
  for (const policy of entry.policies) {
    for (const r of policy.unknown) range(r);
    const stack: JsonNode[] = [policy.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      entry.nodes.push(node as MutableNode);
      if (node.type === 'string') {
        const info = valueInfoOf(node, '');
        for (const run of info.runs) {
          if (seen.has(run)) continue;
          seen.add(run);
          entry.runs.push(run as SourceRun);
        }
        for (const piece of info.pieces ?? []) range(piece as ValuePiece);
      } else if (node.type === 'object' && node.children?.length) {
        // A block mapping's recorded opening (its first key); a flow mapping has none and gets a fresh range.
        range(objectOpening(node));
      }
      for (const child of node.children ?? []) stack.push(child);
    }
  }
}

/** Places an entry's policies where the resource now starts: their start and end now, their trees when read. */
function move(entry: ResourceEntry, base: number): void {
  const delta = base - entry.base;
  if (delta === 0) return;
  for (const policy of entry.placed) {
    policy.start += delta;
    policy.end += delta;
  }
  entry.base = base;
}

/** Moves an entry's trees, unknown ranges and value runs to where the resource now starts, in place. */
function settle(entry: ResourceEntry): void {
  const delta = entry.base - entry.treeBase;
  if (delta === 0) return;
  for (const node of entry.nodes) {
    node.offset += delta;
    if (node.colonOffset !== undefined) node.colonOffset += delta;
  }
  for (const run of entry.runs) run.sourceStart += delta;
  for (const r of entry.ranges) {
    r.start += delta;
    r.end += delta;
  }
  entry.treeBase = entry.base;
}

/** The index of the last of `resources` (in text order) that starts before `offset`; -1 when none does. */
function lastStartingBefore(resources: readonly { start: number }[], offset: number): number {
  let low = 0;
  let high = resources.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (resources[mid]!.start < offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
