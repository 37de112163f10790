// Profile bindings: reading `-- grantcheck-profile: id key=value …` from a Redshift script, and resolving a binding.

import { profileById, type ProfileRegistry } from './index';
import { SQL_BINDING_PREFIX } from './render';
import { checkValues } from './validation';
import { textChange } from '../text';
import type { Profile, ProfileBinding } from './types';

export interface SqlBindingComment {
  binding: ProfileBinding;
  /** Offsets of the comment in the script. */
  start: number;
  end: number;
}

// `--` in SQL; `//` for JSONC scratch documents and examples (IAM itself accepts no comments, and
// iam/json-syntax reports them: bind deployable policy files in .grantcheck.json instead).
export const BINDING_COMMENT = /^[ \t]*(?:--|\/\/)[ \t]*grantcheck-profile:[ \t]*([A-Za-z0-9._-]+\/[A-Za-z0-9._-]+)([^\r\n]*)/im;
/** BINDING_COMMENT tried at one place (sticky, without `^`). */
const COMMENT_AT = new RegExp(BINDING_COMMENT.source.slice(1), 'iy');

// Every embedded policy of a host file asks for the binding of the same text: scan it once. While typing, the next
// version is scanned where it changed only (textChange), when that is enough to know the first comment.
let lastScanned: { text: string; comment: SqlBindingComment | undefined } | undefined;

/** Texts at least this long are scanned where they changed since the last one (shorter ones are scanned faster whole). */
const RESCAN_MIN_LENGTH = 16_384;
/** For tests: scans of a whole text, and of the lines an edit touched. */
export const bindingScans = { whole: 0, edited: 0 };

/** The first binding comment of a script or JSONC document (values as `key=value` pairs, quotes optional), if any. */
export function sqlBindingComment(text: string): SqlBindingComment | undefined {
  if (lastScanned?.text !== text) lastScanned = { text, comment: rescanned(lastScanned, text) };
  return lastScanned.comment;
}

/**
 * The first binding comment of `text`, from the last text scanned when the edit between them tells. A comment
 * matches from a line start to the `\r` or `\n` that ends it (that character included): one in the unchanged
 * text before the edit stays the first; and when there was none, a new one starts on a line the edit touched.
 */
function rescanned(last: { text: string; comment: SqlBindingComment | undefined } | undefined, text: string): SqlBindingComment | undefined {
  if (last && text.length >= RESCAN_MIN_LENGTH && last.text.length >= RESCAN_MIN_LENGTH) {
    const change = textChange(last.text, text);
    if (!change) return last.comment;
    if (last.comment && change.start > last.comment.end) {
      bindingScans.edited++;
      return last.comment;
    }
    if (!last.comment) {
      bindingScans.edited++;
      // From the line start before the edit to the end of the line where it ends (as `[^\r\n]*` reads it).
      let from = change.start;
      while (from > 0 && !isCrOrLf(text.charCodeAt(from - 1))) from--;
      let to = change.newEnd;
      while (to < text.length && !isCrOrLf(text.charCodeAt(to))) to++;
      return commentOf(firstBindingComment(text, from, to));
    }
  }
  bindingScans.whole++;
  return commentOf(firstBindingComment(text, 0, text.length));
}

function isCrOrLf(c: number): boolean {
  return c === 10 || c === 13;
}

/** What `^` of a multiline pattern follows. */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * BINDING_COMMENT's first match. The pattern over the whole text tries every line start (a 1 MB template is read
 * on each keystroke); a match starts where a line's first non-blank characters are `--` or `//`, so only the lines
 * where a plain search finds one are tried, the earliest first.
 */
function firstBindingComment(text: string, from: number, to: number): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  // Markers are searched in [from, to) only (a slice: a search of the whole text would run on past `to`).
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const marker of ['--', '//']) {
    const next = (at: number): number => {
      const found = part.indexOf(marker, at - from);
      return found < 0 ? -1 : found + from;
    };
    let i = next(from);
    while (i >= 0 && (!best || i < best.index)) {
      let lineStart = i;
      while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === 32 || text.charCodeAt(lineStart - 1) === 9)) lineStart--;
      if (lineStart === 0 || isLineBreak(text.charCodeAt(lineStart - 1))) {
        COMMENT_AT.lastIndex = lineStart;
        const match = COMMENT_AT.exec(text);
        if (match && (!best || match.index < best.index)) best = match;
        if (match) break;
      }
      // The rest of this line cannot start a match.
      let lineEnd = i + marker.length;
      while (lineEnd < to && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
      i = lineEnd < to ? next(lineEnd) : -1;
    }
  }
  return best;
}

function commentOf(match: RegExpExecArray | null): SqlBindingComment | undefined {
  if (!match) return undefined;
  const start = match.index + match[0].search(/--|\/\//);
  return { binding: { id: match[1]!, values: bindingValues(match[2]!) }, start, end: match.index + match[0].length };
}

/**
 * The `key=value` pairs of a binding comment: what /([A-Za-z][A-Za-z0-9]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/g
 * finds, in one pass. (That pattern rescans a long word from each of its letters: quadratic.)
 */
export function bindingValues(line: string): Record<string, string> {
  const values: Record<string, string> = {};
  let i = 0;
  while (i < line.length) {
    if (!isAlphanumeric(line[i]!)) {
      i++;
      continue;
    }
    // A run of letters and digits: a key is its part from the first letter on, and only when `=` follows.
    let runEnd = i;
    while (runEnd < line.length && isAlphanumeric(line[runEnd]!)) runEnd++;
    let keyStart = i;
    while (keyStart < runEnd && !isLetter(line[keyStart]!)) keyStart++;
    if (keyStart === runEnd || line[runEnd] !== '=') {
      i = runEnd;
      continue;
    }
    const value = pairValue(line, runEnd + 1);
    if (!value) {
      i = runEnd + 1;
      continue;
    }
    values[line.slice(keyStart, runEnd)] = value.text;
    i = value.end;
  }
  return values;
}

/** A `"quoted"`, `'quoted'` or bare (non-blank) value at `at`, or undefined when there is none. */
function pairValue(line: string, at: number): { text: string; end: number } | undefined {
  const quote = line[at];
  if (quote === '"' || quote === "'") {
    const close = line.indexOf(quote, at + 1);
    if (close >= 0) return { text: line.slice(at + 1, close), end: close + 1 };
  }
  let end = at;
  while (end < line.length && !/\s/.test(line[end]!)) end++;
  return end > at ? { text: line.slice(at, end), end } : undefined;
}

const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
const isAlphanumeric = (c: string): boolean => isLetter(c) || (c >= '0' && c <= '9');

/** A binding comment line for a script (secrets are never written into it). */
export function sqlBindingLine(binding: ProfileBinding): string {
  const pairs = Object.entries(binding.values).map(([k, v]) => ` ${k}=${/\s/.test(v) ? JSON.stringify(v) : v}`);
  return `${SQL_BINDING_PREFIX} ${binding.id}${pairs.join('')}`;
}

export interface ResolvedBinding {
  profile: Profile;
  /** Valid values (defaults applied); invalid ones are left out and listed in `problems`. */
  values: Record<string, string>;
  problems: string[];
}

/** The profile of a binding and its usable values, or undefined for an unknown profile id. */
export function resolveBinding(binding: ProfileBinding, registry?: ProfileRegistry): ResolvedBinding | undefined {
  const profile = profileById(binding.id, registry);
  if (!profile) return undefined;
  const checked = checkValues(profile, binding.values);
  return { profile, values: checked.values, problems: checked.problems };
}
