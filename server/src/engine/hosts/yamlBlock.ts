// A reader of the plain block YAML most CloudFormation templates are written in, producing what the `yaml` package's
// parseDocument composes for such a text (the same node classes, values, styles, tags and ranges), several times
// faster. It reads only a narrow subset and gives up (undefined) at anything else, and the caller then parses the
// text with the `yaml` package as before:
//
// - block mappings and sequences (a sequence may be a mapping's value at the key's own indentation; a sequence item
//   may be a mapping starting on the dash's line), each line one entry or item;
// - one-line scalars: plain ones that resolve (YAML 1.2 core schema, as `yaml` does) to a string, a boolean or a
//   decimal integer of at most 15 digits; single-quoted ones; double-quoted ones without a backslash;
// - local tags (`!Sub`, `!Ref`, …) before a one-line scalar or, on the key's line, before a block collection.
//
// It gives up at comments, blank-only documents, flow collections, block scalars, anchors, aliases, merge keys,
// explicit keys, directives and document markers, empty values, multi-line scalars, plain scalars that resolve to
// null, floats or other numbers, tabs, carriage returns, control characters and a byte order mark: all of them read
// as before. test/unit/yaml-block.test.ts compares every node it builds with parseDocument's over generated templates,
// every template of the tests and random edits of them.

import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** Thrown (and caught in readBlockYaml) where the text leaves the subset. */
const GIVE_UP = { giveUp: true };

type Node = Scalar | YAMLMap | YAMLSeq;

/** The top-level mapping of a template in the subset, as parseDocument(text, YAML_OPTIONS).contents, or undefined. */
export function readBlockYaml(text: string): YAMLMap | undefined {
  try {
    return new BlockReader(text).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class BlockReader {
  private readonly text: string;
  private readonly length: number;
  /** The current line: where its content starts (after the indentation), and its indentation; -1 at the end. */
  private content = 0;
  private indent = 0;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  document(): YAMLMap {
    const c0 = this.text.charCodeAt(0);
    if (c0 === 0xfeff) throw GIVE_UP;
    this.seekLine(0);
    if (this.indent !== 0) throw GIVE_UP;
    const map = this.map(0, this.content);
    if (!this.atEnd()) throw GIVE_UP;
    return map;
  }

  private atEnd(): boolean {
    return this.indent === -1;
  }

  /** Moves to the next line holding something from `from` (a line start): its content and indentation. */
  private seekLine(from: number): void {
    const { text, length } = this;
    let p = from;
    for (;;) {
      const lineStart = p;
      while (p < length && text.charCodeAt(p) === 32) p++;
      if (p >= length) {
        this.indent = -1;
        this.content = length;
        return;
      }
      const c = text.charCodeAt(p);
      if (c === 10) {
        p++;
        continue;
      }
      if (c === 35 /* # */ || c === 9 || c === 13) throw GIVE_UP;
      this.content = p;
      this.indent = p - lineStart;
      return;
    }
  }

  /** A block mapping whose first key starts at `keyStart` (on the current line) and whose keys are at `indent`. */
  private map(indent: number, keyStart: number): YAMLMap {
    const map = new YAMLMap();
    let at = keyStart;
    let end: number;
    for (;;) {
      const pair = this.entry(indent, at);
      map.items.push(pair);
      end = (pair.value as Node).range![2];
      if (this.indent !== indent || this.isDash(this.content)) break;
      at = this.content;
    }
    if (this.indent > indent) throw GIVE_UP;
    map.range = [keyStart, end, end];
    return map;
  }

  /** One `key: value` entry starting at `keyStart`; afterwards the current line is the one after the value. */
  private entry(indent: number, keyStart: number): Pair {
    const key = this.key(keyStart);
    if (!key) throw GIVE_UP;
    const { text } = this;
    let p = key.range![1] + 1; // after the colon
    while (p < this.length && text.charCodeAt(p) === 32) p++;
    let tag: string | undefined;
    if (p < this.length && text.charCodeAt(p) === 33 /* ! */) {
      const tagEnd = this.tagEnd(p);
      tag = text.slice(p, tagEnd);
      p = tagEnd;
      while (p < this.length && text.charCodeAt(p) === 32) p++;
    }
    let value: Node;
    if (p >= this.length || text.charCodeAt(p) === 10) {
      // The value is a block collection on the lines below: deeper, or a sequence at the key's indentation.
      this.seekLine(p);
      if (this.indent > indent) value = this.block(this.indent);
      else if (this.indent === indent && this.isDash(this.content)) value = this.seq(indent);
      else throw GIVE_UP;
    } else {
      value = this.scalarValue(p, tag !== undefined);
    }
    if (tag !== undefined) value.tag = tag;
    return new Pair(key, value);
  }

  /** A block mapping or sequence whose first line is the current one, at `indent`. */
  private block(indent: number): YAMLMap | YAMLSeq {
    return this.isDash(this.content) ? this.seq(indent) : this.map(indent, this.content);
  }

  /** A block sequence whose dashes are at `indent`, the first on the current line. */
  private seq(indent: number): YAMLSeq {
    const { text } = this;
    const seq = new YAMLSeq();
    const start = this.content;
    let end: number;
    for (;;) {
      const dash = this.content;
      let p = dash + 1;
      while (p < this.length && text.charCodeAt(p) === 32) p++;
      if (p >= this.length || text.charCodeAt(p) === 10 || this.isDash(p)) throw GIVE_UP;
      let item: Node;
      if (text.charCodeAt(p) === 33 /* ! */) {
        const tagEnd = this.tagEnd(p);
        const tag = text.slice(p, tagEnd);
        p = tagEnd;
        while (p < this.length && text.charCodeAt(p) === 32) p++;
        if (p >= this.length || text.charCodeAt(p) === 10) throw GIVE_UP;
        item = this.scalarValue(p, true);
        item.tag = tag;
      } else if (this.startsEntry(p)) {
        // A mapping starting on the dash's line: its keys are at the first key's column.
        item = this.map(p - (dash - indent), p);
      } else {
        item = this.scalarValue(p, false);
      }
      seq.items.push(item);
      end = item.range![2];
      if (this.indent !== indent || !this.isDash(this.content)) break;
    }
    if (this.indent > indent) throw GIVE_UP;
    seq.range = [start, end, end];
    return seq;
  }

  /** `-` followed by a space or a line break at `p`. */
  private isDash(p: number): boolean {
    if (this.text.charCodeAt(p) !== 45) return false;
    const next = p + 1 < this.length ? this.text.charCodeAt(p + 1) : 10;
    return next === 32 || next === 10;
  }

  /** The end of a local tag (`!Name`) starting at `p`, which must be followed by a space or a line break. */
  private tagEnd(p: number): number {
    const { text } = this;
    let q = p + 1;
    while (q < this.length && isWordChar(text.charCodeAt(q))) q++;
    if (q === p + 1) throw GIVE_UP;
    if (q < this.length && text.charCodeAt(q) !== 32 && text.charCodeAt(q) !== 10) throw GIVE_UP;
    return q;
  }

  /** Whether the line from `p` is a `key: …` entry (a key followed by `: ` or a colon ending the line). */
  private startsEntry(p: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === 39 || c === 34) {
      const close = this.quotedEnd(p);
      return close < this.length && text.charCodeAt(close) === 58;
    }
    for (let q = p; q < this.length; q++) {
      const d = text.charCodeAt(q);
      if (d === 10) return false;
      if (d === 58 /* : */) {
        const next = q + 1 < this.length ? text.charCodeAt(q + 1) : 10;
        if (next === 32 || next === 10) return true;
      }
    }
    return false;
  }

  /** The key scalar of an entry at `p` (its range ends at the colon, which follows it at once), or undefined. */
  private key(p: number): Scalar | undefined {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === 39 || c === 34) {
      const close = this.quotedEnd(p);
      if (close >= this.length || text.charCodeAt(close) !== 58) return undefined;
      const next = close + 1 < this.length ? text.charCodeAt(close + 1) : 10;
      if (next !== 32 && next !== 10) return undefined;
      const key = new Scalar(this.quotedValue(p, close));
      key.range = [p, close, close];
      key.type = c === 39 ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
      return key;
    }
    if (!plainStart(text, p, this.length)) return undefined;
    for (let q = p; q < this.length; q++) {
      const d = text.charCodeAt(q);
      if (d === 10) return undefined;
      if (d === 35 && text.charCodeAt(q - 1) === 32) throw GIVE_UP;
      if (!printable(d)) throw GIVE_UP;
      if (d === 58 /* : */) {
        const next = q + 1 < this.length ? text.charCodeAt(q + 1) : 10;
        if (next !== 32 && next !== 10) continue;
        if (text.charCodeAt(q - 1) === 32) throw GIVE_UP;
        const key = new Scalar(plainValue(text.slice(p, q)));
        key.range = [p, q, q];
        key.type = 'PLAIN';
        return key;
      }
    }
    return undefined;
  }

  /**
   * A one-line scalar value starting at `p`, nothing but spaces after it on its line; the current line becomes the
   * next one. A tagged plain scalar keeps its text (a local tag resolves to no type).
   */
  private scalarValue(p: number, tagged: boolean): Scalar {
    const { text } = this;
    const c = text.charCodeAt(p);
    let valueEnd: number;
    let scalar: Scalar;
    if (c === 39 || c === 34) {
      const close = this.quotedEnd(p);
      valueEnd = close;
      scalar = new Scalar(this.quotedValue(p, close));
      scalar.type = c === 39 ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    } else {
      if (!plainStart(text, p, this.length)) throw GIVE_UP;
      let q = p;
      let last = p;
      for (; q < this.length; q++) {
        const d = text.charCodeAt(q);
        if (d === 10) break;
        if (d === 32) {
          if (text.charCodeAt(q + 1) === 35) throw GIVE_UP; // a comment
          continue;
        }
        if (!printable(d)) throw GIVE_UP;
        if (d === 58) {
          const next = q + 1 < this.length ? text.charCodeAt(q + 1) : 10;
          if (next === 32 || next === 10) throw GIVE_UP; // a mapping where a scalar is
        }
        last = q + 1;
      }
      valueEnd = last;
      const source = text.slice(p, valueEnd);
      scalar = new Scalar(tagged ? source : plainValue(source));
      scalar.type = 'PLAIN';
    }
    // Only spaces may follow on the line.
    let q = valueEnd;
    while (q < this.length && text.charCodeAt(q) === 32) q++;
    if (q < this.length && text.charCodeAt(q) !== 10) throw GIVE_UP;
    const end = q < this.length ? q + 1 : q;
    scalar.range = [p, valueEnd, end];
    this.seekLine(end);
    return scalar;
  }

  /** The offset just after the closing quote of the one-line quoted scalar opening at `p`. */
  private quotedEnd(p: number): number {
    const { text } = this;
    const quote = text.charCodeAt(p);
    for (let q = p + 1; q < this.length; q++) {
      const d = text.charCodeAt(q);
      if (d === quote) {
        if (quote === 39 && q + 1 < this.length && text.charCodeAt(q + 1) === 39) {
          q++;
          continue;
        }
        return q + 1;
      }
      if (d === 10 || (d === 92 && quote === 34) || !printable(d)) throw GIVE_UP;
    }
    throw GIVE_UP;
  }

  private quotedValue(p: number, close: number): string {
    const inner = this.text.slice(p + 1, close - 1);
    return this.text.charCodeAt(p) === 39 && inner.includes("''") ? inner.replace(/''/g, "'") : inner;
  }
}

/** ASCII letters and digits (local tag names). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters read as they are (no control character, no byte order mark, no non-character; tabs are refused earlier). */
function printable(c: number): boolean {
  return c >= 32 ? c < 0x7f || (c > 0x9f && c !== 0xfeff && c < 0xfffe) : false;
}

/**
 * Whether a plain scalar may start at `p` here: not an indicator (`-?:,[]{}#&*!|>'"%@` and backquote), except `-`
 * before a character that is not a space; not a space.
 */
function plainStart(text: string, p: number, length: number): boolean {
  const c = text.charCodeAt(p);
  if (isWordChar(c)) return true;
  switch (c) {
    case 45: {
      const next = p + 1 < length ? text.charCodeAt(p + 1) : 10;
      return next !== 32 && next !== 10 && next !== 45;
    }
    case 32: case 10: case 63: case 58: case 44: case 91: case 93: case 123: case 125: case 35: case 38: case 42: case 33: case 124: case 62: case 39: case 34: case 37: case 64: case 96:
      return false;
    default:
      return printable(c);
  }
}

/**
 * What the YAML 1.2 core schema (the `yaml` package's default) makes of a plain scalar, for the values read here:
 * a string, a boolean, or a decimal integer of at most 15 digits (signed or not, leading zeros or not). Null, floats,
 * octal, hexadecimal and longer
 * integers are left to the package.
 */
export function plainValue(source: string): string | number | boolean {
  const c = source.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
    // Only the null and boolean words start with a letter.
    if (source.length > 5) return source;
    if (/^(?:[Tt]rue|TRUE)$/.test(source)) return true;
    if (/^(?:[Ff]alse|FALSE)$/.test(source)) return false;
    if (/^(?:[Nn]ull|NULL)$/.test(source)) throw GIVE_UP;
    return source;
  }
  if (/^[-+]?[0-9]+$/.test(source)) {
    // `yaml` reads a decimal integer with parseInt (base 10): the same number as Number for up to 15 digits (-0 too).
    if (/^[-+]?[0-9]{1,15}$/.test(source)) return Number(source);
    throw GIVE_UP;
  }
  if (
    /^(?:~|[Nn]ull|NULL)?$/.test(source) ||
    /^0o[0-7]+$/.test(source) ||
    /^0x[0-9a-fA-F]+$/.test(source) ||
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source) ||
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source) ||
    /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)
  ) {
    throw GIVE_UP;
  }
  return source;
}
