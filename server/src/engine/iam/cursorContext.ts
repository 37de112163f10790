// Where the cursor is in a (possibly incomplete) policy text: the JSON path, key or value slot, and the range an edit replaces.
//
// Completion runs while the user types, so the text is usually invalid JSON. jsonc-parser's scanner
// still tokenizes it; walking the tokens with a bracket stack gives the path even when the tree
// cannot be built (a missing comma, an unterminated string, an unclosed object).

import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';

export type PathSegment = string | number;
export type JsonPath = PathSegment[];

export interface Token {
  kind: SyntaxKind;
  start: number;
  end: number;
  /** A string literal with no closing quote (the user is still typing it). */
  unterminated: boolean;
}

/** Completing a property name inside the object at `container`. */
export interface KeySlot {
  type: 'key';
  container: JsonPath;
  /** The key token is already followed by `:` (only the name is replaced, never the value). */
  hasColon: boolean;
}

/** Completing the value of the property at `property` (or a new element of the array there). */
export interface ValueSlot {
  type: 'value';
  property: JsonPath;
  inArray: boolean;
}

export type Slot = KeySlot | ValueSlot;

export interface CursorContext {
  slot: Slot;
  /** What an inserted text replaces: the whole string the cursor is in, or the empty range at the cursor. */
  replaceStart: number;
  replaceEnd: number;
  inString: boolean;
  /** The string's content before the cursor (empty outside strings). */
  typed: string;
  /** Offset after the previous value where a separating comma is missing, if one is. */
  commaBefore: number | undefined;
  /** The next token starts another element or property: the inserted text must end with a comma. */
  commaAfter: boolean;
  /** Offset of the `{` or `[` of the object or array the cursor is in. */
  containerOpen: number;
  /** The container holds nothing yet (`{|}`, `[ | ]`). */
  containerEmpty: boolean;
}

/** Every significant token (no whitespace, line breaks or comments). */
export function tokenize(text: string): Token[] {
  const scanner = createScanner(text, true);
  const tokens: Token[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    tokens.push({
      kind,
      start,
      end: start + scanner.getTokenLength(),
      unterminated: kind === SyntaxKind.StringLiteral && scanner.getTokenError() === ScanError.UnexpectedEndOfString,
    });
  }
  return tokens;
}

/** The JSON string value of a string token (lenient: an unterminated string ends at its last character). */
export function stringTokenValue(text: string, token: Token): string {
  const raw = text.slice(token.start, token.end);
  const closed = token.unterminated ? raw + '"' : raw;
  try {
    return JSON.parse(closed) as string;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}

interface ObjectFrame {
  type: 'object';
  open: number;
  key: string | undefined;
  /** The next string in this object is a property name (after `{` or `,`). */
  expectingKey: boolean;
}

interface ArrayFrame {
  type: 'array';
  open: number;
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

const VALUE_END = new Set<SyntaxKind>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.CloseBraceToken,
  SyntaxKind.CloseBracketToken,
]);

const CLOSES_OR_SEPARATES = new Set<SyntaxKind>([
  SyntaxKind.CloseBraceToken,
  SyntaxKind.CloseBracketToken,
  SyntaxKind.CommaToken,
  SyntaxKind.ColonToken,
]);

/**
 * The completion context at `offset`, or undefined where nothing can be inserted (outside the
 * top-level object, inside a number or keyword, between a key and its colon).
 */
export function cursorContext(text: string, offset: number, tokens: Token[] = tokenize(text)): CursorContext | undefined {
  const frames: Frame[] = [];
  let previous: Token | undefined;
  let current: Token | undefined;
  let nextIndex = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start >= offset) {
      nextIndex = i;
      break;
    }
    const insideString =
      token.kind === SyntaxKind.StringLiteral && offset > token.start && (offset < token.end || (token.unterminated && offset <= token.end));
    if (insideString) {
      current = token;
      nextIndex = i + 1;
      break;
    }
    if (token.end > offset) return undefined; // inside a number, keyword or unknown token
    step(frames, token, text, previous);
    previous = token;
  }
  const top = frames[frames.length - 1];
  if (!top) return undefined;
  const path = pathOf(frames);
  const next = tokens[nextIndex];
  const missingComma = previous !== undefined && isValueEnd(tokens, previous, top);
  const containerOpen = top.open;
  const closes = (t: Token | undefined): boolean => t?.kind === SyntaxKind.CloseBraceToken || t?.kind === SyntaxKind.CloseBracketToken;
  const commaBefore = missingComma ? previous!.end : undefined;
  if (current) {
    const typed = stringTokenValue(text, { ...current, end: offset, unterminated: true });
    const hasColon = next?.kind === SyntaxKind.ColonToken;
    let slot: Slot;
    if (top.type === 'array') slot = { type: 'value', property: path, inArray: true };
    else if (top.expectingKey || missingComma) slot = { type: 'key', container: path, hasColon };
    else slot = { type: 'value', property: [...path, top.key ?? ''], inArray: false };
    return {
      slot,
      replaceStart: current.start,
      replaceEnd: current.end,
      inString: true,
      typed,
      commaBefore,
      commaAfter: !hasColon && next !== undefined && !CLOSES_OR_SEPARATES.has(next.kind),
      containerOpen,
      containerEmpty: previous?.start === containerOpen && closes(next),
    };
  }
  let slot: Slot;
  if (top.type === 'array') {
    slot = { type: 'value', property: path, inArray: true };
  } else if (previous?.kind === SyntaxKind.ColonToken) {
    if (top.key === undefined) return undefined;
    slot = { type: 'value', property: [...path, top.key], inArray: false };
  } else if (previous !== undefined && previous.kind === SyntaxKind.StringLiteral && isKeyToken(tokens, previous)) {
    return undefined; // `"Action" |`: the colon is missing, this is not a new property
  } else {
    slot = { type: 'key', container: path, hasColon: false };
  }
  return {
    slot,
    replaceStart: offset,
    replaceEnd: offset,
    inString: false,
    typed: '',
    commaBefore,
    commaAfter: next !== undefined && !CLOSES_OR_SEPARATES.has(next.kind),
    containerOpen,
    containerEmpty: previous?.start === containerOpen && closes(next),
  };
}

/** A token that ends a value (so a following element needs a comma), as opposed to a property name. */
function isValueEnd(tokens: Token[], token: Token, top: Frame): boolean {
  if (!VALUE_END.has(token.kind)) return false;
  return !(token.kind === SyntaxKind.StringLiteral && top.type === 'object' && isKeyToken(tokens, token));
}

/** Is this string token a property name (followed by a colon)? */
function isKeyToken(tokens: Token[], token: Token): boolean {
  const index = tokens.indexOf(token);
  return tokens[index + 1]?.kind === SyntaxKind.ColonToken;
}

function step(frames: Frame[], token: Token, text: string, previous: Token | undefined): void {
  const top = frames[frames.length - 1];
  switch (token.kind) {
    case SyntaxKind.OpenBraceToken:
      frames.push({ type: 'object', open: token.start, key: undefined, expectingKey: true });
      return;
    case SyntaxKind.OpenBracketToken:
      frames.push({ type: 'array', open: token.start, index: 0 });
      return;
    case SyntaxKind.CloseBraceToken:
    case SyntaxKind.CloseBracketToken:
      frames.pop();
      return;
    case SyntaxKind.CommaToken:
      if (top?.type === 'array') top.index++;
      else if (top?.type === 'object') top.expectingKey = true;
      return;
    case SyntaxKind.ColonToken:
      if (top?.type === 'object') top.expectingKey = false;
      return;
    case SyntaxKind.StringLiteral:
      if (top?.type === 'object' && top.expectingKey) {
        top.key = stringTokenValue(text, token);
      } else if (top?.type === 'object' && previous?.kind !== SyntaxKind.ColonToken && VALUE_END.has(previous?.kind ?? SyntaxKind.Unknown)) {
        // A missing comma: `"Effect": "Allow" "Action"` — treat the string as the next key.
        top.key = stringTokenValue(text, token);
      } else if (top?.type === 'array' && previous !== undefined && VALUE_END.has(previous.kind)) {
        top.index++; // `["a" "b"]`: a missing comma still starts a new element
      }
      return;
    default:
      return;
  }
}

function pathOf(frames: Frame[]): JsonPath {
  const path: JsonPath = [];
  for (let i = 0; i < frames.length - 1; i++) {
    const frame = frames[i]!;
    path.push(frame.type === 'array' ? frame.index : (frame.key ?? ''));
  }
  return path;
}

/** Splits a path into the statement it lies in and the rest: `Statement` may be an array or one object. */
export function statementPath(path: JsonPath): { statement: JsonPath; rest: JsonPath } | undefined {
  if (path[0] !== 'Statement') return undefined;
  if (typeof path[1] === 'number') return { statement: path.slice(0, 2), rest: path.slice(2) };
  return { statement: ['Statement'], rest: path.slice(1) };
}
