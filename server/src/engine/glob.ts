// Glob matching for `.grantcheck.json` and settings globs in linear time: no RegExp is built from a
// glob and nothing backtracks (a picomatch regex took minutes on `*a*a*a*a*a*a*a*a*b`, issue #14).
//
// Syntax (picomatch's with `dot: true`, where its regex translation kept the usual glob meaning; the
// few places it did not are listed in test/unit/glob.test.ts): `*` and `?` within one path segment,
// `**` as a whole segment for any number of segments, `[abc]` / `[a-z]` / `[!a]` / `[^a]` /
// `[[:alpha:]]` classes, `{a,b}` and `{1..3}` alternatives, `\` escapes. A path segment is matched against a segment of the
// glob by simulating every position of the glob at once (O(text × glob)), and the segments are
// matched the same way, with `**` as a state that stays, so a whole match costs O(path × glob).

/** Longest glob accepted, as written. */
export const MAX_GLOB_LENGTH = 512;
/** Most alternatives one glob may expand to (`{a,b}{c,d}` is four). */
export const MAX_GLOB_ALTERNATIVES = 64;
/** Most globs in one config file or one setting. */
export const MAX_GLOBS = 256;
/** Most characters all the globs of one config file or one setting may expand to together. */
export const MAX_GLOB_TOTAL_LENGTH = 16_384;

type Token =
  | { kind: 'char'; code: number }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: [number, number][]; posix: PosixClass[] };

type Segment =
  | { kind: 'globstar' }
  | {
      kind: 'tokens';
      tokens: Token[];
      literal: string | undefined;
      /** Literal characters around one `*` (`*.json`, `*-policy.json`, `p*`): matched by its ends, nothing simulated. */
      aroundStar: { prefix: string; suffix: string } | undefined;
    };

export interface CompiledGlob {
  /** One list of segments per brace alternative. */
  readonly alternatives: readonly (readonly Segment[])[];
  readonly nocase: boolean;
  /** Characters of all alternatives together (what matching costs per path character). */
  readonly size: number;
}

export type GlobCompileResult = { glob: CompiledGlob } | { error: string };

const SLASH = 0x2f;
const BACKSLASH = 0x5c;

/**
 * Compiles a glob, or says why it is refused (too long, too many alternatives, or syntax that
 * would silently mean something else here: a leading `!` negation or an extglob like `@(a|b)`).
 */
export function compileGlob(glob: string, options: { nocase?: boolean; maxLength?: number } = {}): GlobCompileResult {
  // `maxLength`: a glob admitted as written may grow when anchored (`**/` before it, `/**` after it).
  if (glob.length > (options.maxLength ?? MAX_GLOB_LENGTH)) return { error: `it is longer than ${MAX_GLOB_LENGTH} characters` };
  const unsupported = unsupportedSyntax(glob);
  if (unsupported) return { error: unsupported };
  let text = glob;
  while (text.startsWith('./')) text = text.slice(2); // picomatch drops a leading `./` (not one made by a brace)
  const expanded = expandBraces(text, MAX_GLOB_ALTERNATIVES);
  if (!expanded) return { error: `it expands to more than ${MAX_GLOB_ALTERNATIVES} alternatives` };
  const nocase = options.nocase === true;
  const alternatives = expanded.map((alternative) => toSegments(nocase ? alternative.toLowerCase() : alternative));
  return { glob: { alternatives, nocase, size: expanded.reduce((sum, a) => sum + a.length, 0) } };
}

/** Whether a `/`-separated path matches the glob (the whole path, not a part of it). */
export function matchesGlob(glob: CompiledGlob, candidate: string): boolean {
  const text = glob.nocase ? candidate.toLowerCase() : candidate;
  // A path is usually matched against several globs in turn (a config's policyFiles): split once.
  if (text !== lastSplit.text) lastSplit = { text, parts: text.split('/') };
  const parts = lastSplit.parts;
  const name = parts[parts.length - 1]!;
  return glob.alternatives.some((segments) => lastSegmentMatches(segments, name) && matchSegments(segments, parts));
}

let lastSplit: { text: string; parts: readonly string[] } = { text: '', parts: [''] };

/**
 * A quick test that rejects most paths before the segment simulation: unless the glob ends in `**`, its last
 * segment is what matches the path's last part (`*.policy.json` against `p12.json`).
 */
function lastSegmentMatches(segments: readonly Segment[], name: string): boolean {
  const final = segments[segments.length - 1];
  return final === undefined || final.kind === 'globstar' || matchSegment(final, name);
}

/**
 * Admits globs up to the limits of one config file or setting: each glob compiles, and together
 * they stay under MAX_GLOBS and MAX_GLOB_TOTAL_LENGTH. Refused globs match nothing.
 */
export class GlobBudget {
  private count = 0;
  private total = 0;
  private exhausted = false;

  /** The reason the glob is refused, or undefined when it is admitted. */
  admit(glob: string): string | undefined {
    if (this.exhausted) return 'an earlier glob already exceeded the limits';
    if (this.count >= MAX_GLOBS) {
      this.exhausted = true;
      return `there are more than ${MAX_GLOBS} globs; this one and the rest are ignored`;
    }
    const compiled = compileGlob(glob);
    if ('error' in compiled) return compiled.error;
    if (this.total + compiled.glob.size > MAX_GLOB_TOTAL_LENGTH) {
      this.exhausted = true;
      return `the globs together expand to more than ${MAX_GLOB_TOTAL_LENGTH} characters; this one and the rest are ignored`;
    }
    this.count++;
    this.total += compiled.glob.size;
    return undefined;
  }
}

/** A glob as quoted in a message: at most 80 characters. */
export function globForMessage(glob: string): string {
  return glob.length > 80 ? `${glob.slice(0, 77)}...` : glob;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Segment-level simulation: `states[i]` says the first i glob segments matched the path so far. */
function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  const k = segments.length;
  let states = new Uint8Array(k + 1);
  let next = new Uint8Array(k + 1);
  states[0] = 1;
  closeOverGlobstars(segments, states);
  for (const part of parts) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < k; i++) {
      if (!states[i]) continue;
      const segment = segments[i]!;
      if (segment.kind === 'globstar') {
        next[i] = 1; // `**` takes this segment and stays
        any = true;
      } else if (matchSegment(segment, part)) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    closeOverGlobstars(segments, next);
    [states, next] = [next, states];
  }
  return states[k] === 1;
}

/** `**` may also match no segment at all. */
function closeOverGlobstars(segments: readonly Segment[], states: Uint8Array): void {
  for (let i = 0; i < segments.length; i++) {
    if (states[i] && segments[i]!.kind === 'globstar') states[i + 1] = 1;
  }
}

/** One path segment against one glob segment (never an empty path segment, as in picomatch). */
function matchSegment(segment: Extract<Segment, { kind: 'tokens' }>, text: string): boolean {
  if (text.length === 0) return false;
  if (segment.literal !== undefined) return segment.literal === text;
  const around = segment.aroundStar;
  // `*` takes any characters of the segment (none too): the rest must be its start and its end, not overlapping.
  if (around !== undefined) return text.length >= around.prefix.length + around.suffix.length && text.startsWith(around.prefix) && text.endsWith(around.suffix);
  const tokens = segment.tokens;
  const n = tokens.length;
  let states = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  states[0] = 1;
  closeOverStars(tokens, states);
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    next.fill(0);
    let any = false;
    for (let j = 0; j < n; j++) {
      if (!states[j]) continue;
      const token = tokens[j]!;
      if (token.kind === 'star') {
        next[j] = 1;
        any = true;
      } else if (token.kind === 'any' || (token.kind === 'char' ? token.code === code : classMatches(token, code))) {
        next[j + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    closeOverStars(tokens, next);
    [states, next] = [next, states];
  }
  return states[n] === 1;
}

function closeOverStars(tokens: readonly Token[], states: Uint8Array): void {
  for (let j = 0; j < tokens.length; j++) {
    if (states[j] && tokens[j]!.kind === 'star') states[j + 1] = 1;
  }
}

function classMatches(token: Extract<Token, { kind: 'class' }>, code: number): boolean {
  const inClass = (c: number): boolean => token.ranges.some(([from, to]) => c >= from && c <= to) || token.posix.some((p) => POSIX_CLASSES[p](c));
  // Case-insensitive globs and paths are lowercased; `[A-Z]` must still match the lowercased letter.
  const upper = String.fromCharCode(code).toUpperCase();
  const hit = inClass(code) || (upper.length === 1 && upper.charCodeAt(0) !== code && inClass(upper.charCodeAt(0)));
  return hit !== token.negated;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Splits one brace-free alternative into segments (`/` outside a class separates them). */
function toSegments(glob: string): Segment[] {
  const segments: Segment[] = [];
  let tokens: Token[] = [];
  let raw = '';
  const endSegment = (): void => {
    if (raw === '**') {
      if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
    } else {
      const literal = tokens.every((t) => t.kind === 'char') ? String.fromCharCode(...tokens.map((t) => (t as { code: number }).code)) : undefined;
      const star = tokens.findIndex((t) => t.kind === 'star');
      const charsOf = (list: Token[]): string => String.fromCharCode(...list.map((t) => (t as { code: number }).code));
      const aroundStar =
        star >= 0 && tokens.every((t, i) => i === star || t.kind === 'char') ? { prefix: charsOf(tokens.slice(0, star)), suffix: charsOf(tokens.slice(star + 1)) } : undefined;
      segments.push({ kind: 'tokens', tokens, literal, aroundStar });
    }
    tokens = [];
    raw = '';
  };
  for (let i = 0; i < glob.length; i++) {
    const code = glob.charCodeAt(i);
    if (code === SLASH) {
      endSegment();
      continue;
    }
    if (code === BACKSLASH) {
      const escaped = i + 1 < glob.length ? glob.charCodeAt(++i) : BACKSLASH;
      tokens.push({ kind: 'char', code: escaped });
      raw += '\\';
      continue;
    }
    const ch = glob[i]!;
    raw += ch;
    if (ch === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else if (ch === '[') {
      const parsed = parseClass(glob, i);
      if (parsed) {
        tokens.push(parsed.token);
        raw += '[';
        i = parsed.end;
      } else {
        tokens.push({ kind: 'char', code });
      }
    } else {
      tokens.push({ kind: 'char', code });
    }
  }
  endSegment();
  return segments;
}

type PosixClass = keyof typeof POSIX_CLASSES;

const isIn = (c: number, from: string, to: string): boolean => c >= from.charCodeAt(0) && c <= to.charCodeAt(0);
const POSIX_CLASSES = {
  alnum: (c: number) => isIn(c, 'a', 'z') || isIn(c, 'A', 'Z') || isIn(c, '0', '9'),
  alpha: (c: number) => isIn(c, 'a', 'z') || isIn(c, 'A', 'Z'),
  ascii: (c: number) => c <= 0x7f,
  blank: (c: number) => c === 0x20 || c === 0x09,
  cntrl: (c: number) => c < 0x20 || c === 0x7f,
  digit: (c: number) => isIn(c, '0', '9'),
  graph: (c: number) => c > 0x20 && c < 0x7f,
  lower: (c: number) => isIn(c, 'a', 'z'),
  print: (c: number) => c >= 0x20 && c < 0x7f,
  punct: (c: number) => (c > 0x20 && c < 0x7f) && !(isIn(c, 'a', 'z') || isIn(c, 'A', 'Z') || isIn(c, '0', '9')),
  space: (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  upper: (c: number) => isIn(c, 'A', 'Z'),
  word: (c: number) => isIn(c, 'a', 'z') || isIn(c, 'A', 'Z') || isIn(c, '0', '9') || c === 0x5f,
  xdigit: (c: number) => isIn(c, '0', '9') || isIn(c, 'a', 'f') || isIn(c, 'A', 'F'),
};

/**
 * A bracket expression starting at `start` (`[`), or undefined when there is no closing `]` in the
 * same segment (then `[` is an ordinary character). A `]` right after `[`, `[!` or `[^` is a member.
 */
function parseClass(text: string, start: number): { token: Extract<Token, { kind: 'class' }>; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (text[i] === '!' || text[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: [number, number][] = [];
  const posix: PosixClass[] = [];
  let first = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '/') return undefined;
    if (ch === ']' && !first) return { token: { kind: 'class', negated, ranges, posix }, end: i };
    first = false;
    if (ch === '[' && text[i + 1] === ':') {
      const close = text.indexOf(':]', i + 2);
      const name = close > 0 ? text.slice(i + 2, close) : '';
      if (Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
        posix.push(name as PosixClass);
        i = close + 2;
        continue;
      }
    }
    let low: number;
    if (ch === '\\' && i + 1 < text.length) {
      low = text.charCodeAt(i + 1);
      i += 2;
    } else {
      low = text.charCodeAt(i);
      i++;
    }
    if (text[i] === '-' && i + 1 < text.length && text[i + 1] !== ']') {
      let high: number;
      if (text[i + 1] === '\\' && i + 2 < text.length) {
        high = text.charCodeAt(i + 2);
        i += 3;
      } else {
        high = text.charCodeAt(i + 1);
        i += 2;
      }
      if (high === SLASH) return undefined;
      if (low <= high) ranges.push([low, high]); // a reversed range matches nothing, as in picomatch
      continue;
    }
    ranges.push([low, low]);
  }
  return undefined;
}

/** Why a glob uses syntax this matcher does not give the meaning picomatch gave it, if it does. */
function unsupportedSyntax(glob: string): string | undefined {
  let start = 0;
  // Anchoring drops a leading `/` and picomatch a leading `./`: what follows is where a negation would start.
  while (glob.startsWith('/', start) || glob.startsWith('./', start)) start += glob.startsWith('/', start) ? 1 : 2;
  if (glob.startsWith('!', start)) return 'a leading "!" (negation) is not supported; list the paths to match instead';
  for (let i = 0; i + 1 < glob.length; i++) {
    if (glob[i] === '\\') {
      i++;
      continue;
    }
    if (glob[i + 1] === '(' && '@!+*?'.includes(glob[i]!)) {
      return `extended glob syntax ("${glob[i]}(") is not supported; use {a,b} alternatives, or escape the parenthesis`;
    }
  }
  return undefined;
}

/**
 * Expands `{a,b}` and `{1..3}` alternatives (nested too), or returns undefined when there would be
 * more than `limit`. A brace without a matching `}` or without a comma or range is an ordinary character.
 */
export function expandBraces(glob: string, limit: number): string[] | undefined {
  const out: string[] = [];
  const expandInto = (text: string, from: number): boolean => {
    const group = findBraceGroup(text, from);
    if (!group) {
      if (out.length >= limit) return false;
      out.push(text);
      return true;
    }
    const prefix = text.slice(0, group.open);
    const suffix = text.slice(group.close + 1);
    for (const option of group.options) {
      // Text before the group holds no expandable brace: scanning resumes after the inserted option's start.
      if (!expandInto(prefix + option + suffix, prefix.length)) return false;
    }
    return true;
  };
  return expandInto(glob, 0) ? out : undefined;
}

/** The first expandable `{…}` at or after `from`: its position and its options. */
function findBraceGroup(text: string, from: number): { open: number; close: number; options: string[] } | undefined {
  for (let open = from; open < text.length; open++) {
    const ch = text[open];
    if (ch === '\\') {
      open++;
      continue;
    }
    if (ch === '[') {
      const cls = parseClass(text, open);
      if (cls) open = cls.end;
      continue;
    }
    if (ch !== '{') continue;
    const body = braceBody(text, open);
    if (!body) continue;
    const options = body.commas.length > 0 ? splitAt(text, open + 1, body.close, body.commas) : rangeOptions(text.slice(open + 1, body.close));
    if (options) return { open, close: body.close, options };
  }
  return undefined;
}

/** The matching `}` of the `{` at `open`, and the positions of its top-level commas. */
function braceBody(text: string, open: number): { close: number; commas: number[] } | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      const cls = parseClass(text, i);
      if (cls) i = cls.end;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      if (depth === 0) return { close: i, commas };
      depth--;
    } else if (ch === ',' && depth === 0) {
      commas.push(i);
    }
  }
  return undefined;
}

function splitAt(text: string, start: number, end: number, commas: readonly number[]): string[] {
  const options: string[] = [];
  let from = start;
  for (const comma of commas) {
    options.push(text.slice(from, comma));
    from = comma + 1;
  }
  options.push(text.slice(from, end));
  return options;
}

/** `a..e` (single characters) or `1..12` (integers, zero-padded like bash when an end is), else undefined. */
function rangeOptions(body: string): string[] | undefined {
  const dots = body.indexOf('..');
  if (dots <= 0 || body.indexOf('..', dots + 1) >= 0) return undefined;
  const from = body.slice(0, dots);
  const to = body.slice(dots + 2);
  if (from.length === 1 && to.length === 1 && !isDigitText(from) === !isDigitText(to)) {
    const a = from.charCodeAt(0);
    const b = to.charCodeAt(0);
    const step = a <= b ? 1 : -1;
    const options: string[] = [];
    for (let c = a; ; c += step) {
      options.push(String.fromCharCode(c));
      if (c === b || options.length > MAX_GLOB_ALTERNATIVES) break;
    }
    return options;
  }
  if (!isIntegerText(from) || !isIntegerText(to)) return undefined;
  const a = Number(from);
  const b = Number(to);
  const width = /^-?0\d/.test(from) || /^-?0\d/.test(to) ? Math.max(from.length, to.length) : 0;
  const step = a <= b ? 1 : -1;
  const options: string[] = [];
  for (let n = a; ; n += step) {
    const digits = String(Math.abs(n)).padStart(width - (n < 0 ? 1 : 0), '0');
    options.push(n < 0 ? `-${digits}` : digits);
    // Stop early: the caller refuses more than MAX_GLOB_ALTERNATIVES anyway.
    if (n === b || options.length > MAX_GLOB_ALTERNATIVES) break;
  }
  return options;
}

function isDigitText(text: string): boolean {
  return text.length > 0 && [...text].every((c) => c >= '0' && c <= '9');
}

function isIntegerText(text: string): boolean {
  const digits = text.startsWith('-') ? text.slice(1) : text;
  return digits.length > 0 && digits.length <= 9 && isDigitText(digits);
}
