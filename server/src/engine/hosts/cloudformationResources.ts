// Extracts the policies of a YAML CloudFormation template one top-level resource at a time, re-using the policies of
// resources whose text did not change since the last lint (the editor's; the CLI parses each file once).
//
// A keystroke in a 1 MB template changes one resource: parsing the whole file again (YAML parse, policy trees) cost
// ~75 % of a keystroke. Here the lines under `Resources:` are split by indentation, each resource is parsed alone
// (behind the same `Resources:` line, so with the same context), and its policies are kept by its text; a resource
// that moved (text inserted above it) gets its policies back with every offset shifted.
//
// The result must be exactly a whole parse's. Whenever the split might not be (anchors and aliases, directives,
// several documents, tabs, duplicate logical ids, flow style or anything but one plain key per resource, a line
// indented less than the resources, any YAML error in a piece or in the rest of the template), the whole document
// is parsed as before. test/unit/cloudformation-incremental.test.ts compares both after every edit of random sessions.

import type { Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, parseDocument, visit, type Document, type Node as YamlNode, type Pair } from 'yaml';
import { objectOpening } from '../iam/document';
import { valueInfoOf, type SourceRun, type ValuePiece } from '../iam/values';
import { extractCloudFormationPolicies, placedYamlPolicy, scalarText, yamlResourcePolicies, YAML_OPTIONS, type YamlPolicy } from './cloudformation';
import type { EmbeddedPolicy, SourceRange } from './embedded';

/** jsonc-parser declares its nodes read-only; the trees built for a resource are shifted here only. */
type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** One resource's policies and every offset they hold, so that moving them is a loop over three arrays. */
interface ResourceEntry {
  /** Unique per parse: the policies' trees are the same objects as long as the entry lives. */
  id: number;
  /** The resource's text, the indentation and line break of its section, and whether it ends the file: what its parse read. */
  text: string;
  context: string;
  last: boolean;
  /** Where the resource's text starts in the document its offsets point into now. */
  base: number;
  policies: YamlPolicy[];
  /** The policies as handed out (their start and end move with the entry). */
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
  /** The text of the latest lint, which the policies' renderers write fixes for. */
  private readonly document = { text: '' };
  /** For tests and the bench: resources seen, resources parsed (cache misses), whole-document parses. */
  readonly stats = { resources: 0, parsed: 0, wholeParses: 0 };

  /** The policies of a template: per resource when the split is exact, else from a whole parse. */
  extract(text: string): EmbeddedPolicy[] {
    const incremental = text.trimStart().startsWith('{') ? undefined : this.extractYaml(text);
    if (incremental) return incremental;
    this.stats.wholeParses++;
    return extractCloudFormationPolicies(text);
  }

  get size(): number {
    return this.entries.size;
  }

  private extractYaml(text: string): EmbeddedPolicy[] | undefined {
    const split = splitResources(text);
    if (!split) return undefined;
    if (this.skeleton?.text !== split.skeleton) this.skeleton = { text: split.skeleton, ok: skeletonParses(split.skeleton, split.resourcesKey) };
    if (!this.skeleton.ok) return undefined;
    const context = `${split.indent}${split.lineBreak}`;
    const next = new Map<string, ResourceEntry>();
    const out: EmbeddedPolicy[] = [];
    this.document.text = text;
    for (const { id, start, end } of split.resources) {
      // What follows the resource is part of its context: the next logical id (the resource's text ends with that
      // line's indentation), a top-level key (it ends with a line break), or the end of the file.
      const last = end === text.length;
      this.stats.resources++;
      // Found by logical id (unique here), then compared (=== compares a slice's characters as a block, several
      // times faster than startsWith): no key of the resource's text to hash.
      let entry = this.entries.get(id);
      if (!entry || entry.context !== context || entry.last !== last || entry.text.length !== end - start || text.slice(start, end) !== entry.text) {
        entry = parseResource(text.slice(start, end), context, last, split, this.document);
        if (!entry) return undefined;
        this.stats.parsed++;
      }
      shift(entry, start - entry.base);
      next.set(id, entry);
      for (const placed of entry.placed) out.push(placed);
    }
    this.entries = next;
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
function parseResource(resourceText: string, context: string, last: boolean, split: ResourceSplit, document: { text: string }): ResourceEntry | undefined {
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
  const policies: YamlPolicy[] = [];
  yamlResourcePolicies(pair, key, policies);
  // The text kept is cut from the parsed key (a copy), not from the document, which it would keep alive.
  const id = ++parses;
  // Handed out as they are by every lint that re-uses the entry (shifted with it); fixes are written for the latest text.
  const placed = policies.map((policy, i): EmbeddedPolicy => ({ ...placedYamlPolicy(policy, document), reuseKey: `${id}.${i}` }));
  const entry: ResourceEntry = { id, text: key.slice(prefixLength, resourceEnd), context, last, base: prefixLength, policies, placed, nodes: [], runs: [], ranges: [] };
  collectOffsets(entry);
  return entry;
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

/** Moves an entry's policies by `delta` characters, in place. */
function shift(entry: ResourceEntry, delta: number): void {
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
  for (const policy of entry.placed) {
    policy.start += delta;
    policy.end += delta;
  }
  entry.base += delta;
}
