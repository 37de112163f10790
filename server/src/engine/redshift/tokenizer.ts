// Redshift SQL tokenizer: words, quoted identifiers, strings, numbers, punctuation, client variables and comments, with offsets.
// Lexical rules: https://docs.aws.amazon.com/redshift/latest/dg/r_names.html (identifiers) and
// https://docs.aws.amazon.com/redshift/latest/dg/c_SQL_comments.html (`--` and `/* */`; `#` is not a comment).

export type TokenKind =
  /** An unquoted identifier or keyword; `value` is folded to lower case. */
  | 'word'
  /** A double-quoted identifier; `value` is the name with `""` unescaped, case kept. */
  | 'quoted'
  /** A single-quoted string (`''` escapes) or a dollar-quoted body; `value` is the content. */
  | 'string'
  | 'number'
  /** One punctuation or operator character (`(`, `)`, `,`, `;`, `.`, `=`, `*`, …). */
  | 'punct'
  /** A client-side substitution: psql `:name`, `:'name'`, `:"name"`, or a template `${…}` / `{{ … }}`. */
  | 'variable'
  /** A `#` "comment" up to the end of the line: not SQL, kept so the syntax rule can flag it. */
  | 'hash-comment';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Source text of the token. */
  text: string;
  /** Normalised value (see TokenKind). */
  value: string;
  /** True when nothing but whitespace and comments precedes the token on its line. */
  lineStart: boolean;
  /** Set on a string, quoted identifier or template variable whose closing delimiter is missing. */
  unterminated?: boolean;
}

export interface Comment {
  start: number;
  end: number;
  /** `--` line, block comment, or a psql meta-command line (backslash command such as `\\connect db`), which the server never sees. */
  kind: 'line' | 'block' | 'psql';
  unterminated?: boolean;
}

export interface TokenizeResult {
  tokens: Token[];
  comments: Comment[];
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uFFFF]/;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** Splits SQL text into tokens and comments. Never throws; every character ends up in a token, a comment or whitespace. */
export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  const push = (kind: TokenKind, start: number, end: number, value: string, unterminated = false): void => {
    const token: Token = { kind, start, end, text: text.slice(start, end), value, lineStart };
    if (unterminated) token.unterminated = true;
    tokens.push(token);
    lineStart = false;
  };
  while (i < n) {
    const c = text[i]!;
    if (isSpace(c)) {
      if (c === '\n' || c === '\r') lineStart = true;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = lineEnd(text, i);
      comments.push({ start: i, end, kind: 'line' });
      i = end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = blockCommentEnd(text, i);
      comments.push(end < 0 ? { start: i, end: n, kind: 'block', unterminated: true } : { start: i, end, kind: 'block' });
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '\\' && lineStart) {
      const end = lineEnd(text, i);
      comments.push({ start: i, end, kind: 'psql' });
      i = end;
      continue;
    }
    if (c === '#' && (lineStart || next === undefined || !WORD_START.test(next))) {
      // `#name` is a Redshift temporary table; a `#` starting a line or followed by a space is a shell-style comment.
      const end = lineEnd(text, i);
      push('hash-comment', i, end, text.slice(i, end));
      i = end;
      continue;
    }
    if (c === "'") {
      const { end, value, closed } = quotedEnd(text, i, "'");
      push('string', i, end, value, !closed);
      i = end;
      continue;
    }
    if (c === '"') {
      const { end, value, closed } = quotedEnd(text, i, '"');
      push('quoted', i, end, value, !closed);
      i = end;
      continue;
    }
    if (c === '$') {
      const dollar = dollarQuoted(text, i);
      if (dollar) {
        push('string', i, dollar.end, dollar.value, !dollar.closed);
        i = dollar.end;
        continue;
      }
      if (next === '{') {
        const close = text.indexOf('}', i + 2);
        const end = close < 0 ? lineEnd(text, i) : close + 1;
        push('variable', i, end, text.slice(i, end), close < 0);
        i = end;
        continue;
      }
    }
    if (c === '{' && next === '{') {
      const close = text.indexOf('}}', i + 2);
      const end = close < 0 ? lineEnd(text, i) : close + 2;
      push('variable', i, end, text.slice(i, end), close < 0);
      i = end;
      continue;
    }
    if (c === ':' && next !== undefined && next !== ':' && (WORD_START.test(next) || next === "'" || next === '"') && text[i - 1] !== ':') {
      if (next === "'" || next === '"') {
        const { end, closed } = quotedEnd(text, i + 1, next);
        push('variable', i, end, text.slice(i, end), !closed);
        i = end;
      } else {
        let end = i + 1;
        while (end < n && WORD_PART.test(text[end]!)) end++;
        push('variable', i, end, text.slice(i, end));
        i = end;
      }
      continue;
    }
    if (c >= '0' && c <= '9' || (c === '.' && next !== undefined && next >= '0' && next <= '9')) {
      const end = numberEnd(text, i);
      push('number', i, end, text.slice(i, end));
      i = end;
      continue;
    }
    if (WORD_START.test(c) || (c === '#' && next !== undefined && WORD_START.test(next))) {
      let end = i + 1;
      while (end < n && WORD_PART.test(text[end]!)) end++;
      const word = text.slice(i, end);
      push('word', i, end, word.toLowerCase());
      i = end;
      continue;
    }
    // A surrogate pair or any other character is one punctuation token.
    push('punct', i, i + 1, c);
    i++;
  }
  return { tokens, comments };
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') return i;
  }
  return text.length;
}

/** End offset of a nested block comment starting at `from`, or -1 when it never closes. */
function blockCommentEnd(text: string, from: number): number {
  let depth = 1;
  let i = from + 2;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** A quoted run with doubled-quote escapes. An unterminated one stops at the end of its line, so one stray quote cannot swallow the file. */
function quotedEnd(text: string, from: number, quote: string): { end: number; value: string; closed: boolean } {
  let value = '';
  let i = from + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { end: i + 1, value, closed: true };
    }
    value += c;
    i++;
  }
  const stop = lineEnd(text, from);
  return { end: stop, value: text.slice(from + 1, stop), closed: false };
}

/** `$$…$$` or `$tag$…$tag$` (function bodies), which may hold semicolons. */
function dollarQuoted(text: string, from: number): { end: number; value: string; closed: boolean } | undefined {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(from, from + 66));
  if (!match) return undefined;
  const tag = match[0];
  const bodyStart = from + tag.length;
  const close = text.indexOf(tag, bodyStart);
  if (close < 0) return { end: text.length, value: text.slice(bodyStart), closed: false };
  return { end: close + tag.length, value: text.slice(bodyStart, close), closed: true };
}

function numberEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[0-9]/.test(text[i]!)) i++;
  if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
    i++;
    while (i < text.length && /[0-9]/.test(text[i]!)) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && /[0-9+-]/.test(text[i + 1] ?? '')) {
    i += 2;
    while (i < text.length && /[0-9]/.test(text[i]!)) i++;
  }
  return i;
}
