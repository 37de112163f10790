// A focused HCL (Terraform) parser: blocks, attributes and the expression forms policies are written in, with offsets.
// Anything it does not model (operators, for-expressions, conditionals) becomes an opaque expression, never an error.
// Syntax: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md

export type HclExpr =
  | { type: 'object'; start: number; end: number; items: HclObjectItem[] }
  | { type: 'tuple'; start: number; end: number; items: HclExpr[] }
  | { type: 'template'; start: number; end: number; parts: TemplatePart[]; heredoc: boolean; contentStart: number; contentEnd: number }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'bool'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number }
  | { type: 'call'; start: number; end: number; name: string; args: HclExpr[] }
  | { type: 'opaque'; start: number; end: number; text: string };

export interface HclObjectItem {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: HclExpr;
}

/** A literal run (already unescaped, with the host offset of each character) or an interpolation. */
export type TemplatePart =
  | { kind: 'literal'; text: string; offsets: number[] }
  | { kind: 'interpolation'; start: number; end: number; source: string };

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  nameStart: number;
  value: HclExpr;
  start: number;
  end: number;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  labels: string[];
  start: number;
  end: number;
  body: HclBodyItem[];
}

export type HclBodyItem = HclAttribute | HclBlock;

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_-]/;

export function parseHcl(text: string): HclBodyItem[] {
  return new HclParser(text).body(false);
}

class HclParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  body(inBlock: boolean): HclBodyItem[] {
    const items: HclBodyItem[] = [];
    while (true) {
      this.skipSpace(true);
      if (this.pos >= this.text.length) return items;
      const c = this.text[this.pos]!;
      if (c === '}') {
        if (inBlock) return items;
        this.pos++;
        continue;
      }
      if (!IDENT_START.test(c)) {
        this.skipLine();
        continue;
      }
      const start = this.pos;
      const name = this.ident();
      this.skipSpace(false);
      if (this.text[this.pos] === '=' && this.text[this.pos + 1] !== '=') {
        this.pos++;
        const value = this.expression();
        items.push({ kind: 'attribute', name, nameStart: start, value, start, end: value.end });
        continue;
      }
      const labels: string[] = [];
      while (this.pos < this.text.length && this.text[this.pos] !== '{' && this.text[this.pos] !== '\n') {
        this.skipSpace(false);
        const ch = this.text[this.pos];
        if (ch === '"') {
          const label = this.template();
          labels.push(label.type === 'template' ? templateLiteral(label) ?? '' : '');
        } else if (ch !== undefined && IDENT_START.test(ch)) labels.push(this.ident());
        else if (ch !== '{') break;
      }
      if (this.text[this.pos] === '{' && this.depth < 64) {
        this.pos++;
        this.depth++;
        const inner = this.body(true);
        this.depth--;
        if (this.text[this.pos] === '}') this.pos++;
        items.push({ kind: 'block', type: name, labels, start, end: this.pos, body: inner });
      } else {
        this.skipLine();
      }
    }
  }

  /** An expression up to the end of its line (or the enclosing bracket / comma). */
  expression(): HclExpr {
    this.skipSpace(false);
    const start = this.pos;
    const primary = this.primary();
    this.skipSpace(false);
    const next = this.text[this.pos];
    if (next !== undefined && !'\n,)]}#'.includes(next) && !(next === '/' && '/*'.includes(this.text[this.pos + 1] ?? ''))) {
      // An operator, conditional or index follows: we do not evaluate these.
      this.skipExpressionRest();
      return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
    }
    return primary;
  }

  private primary(): HclExpr {
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === undefined) return { type: 'opaque', start, end: start, text: '' };
    if (this.depth > 64) {
      this.skipExpressionRest();
      return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
    }
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.template();
    if (c === '<' && this.text.startsWith('<<', this.pos)) return this.heredoc();
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(this.text[this.pos + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 40))!;
      this.pos += m[0].length;
      return { type: 'number', start, end: this.pos, value: Number(m[0]) };
    }
    if (IDENT_START.test(c)) {
      const name = this.ident();
      if (name === 'true' || name === 'false') return { type: 'bool', start, end: this.pos, value: name === 'true' };
      if (name === 'null') return { type: 'null', start, end: this.pos };
      if (this.text[this.pos] === '(' ) {
        this.pos++;
        this.depth++;
        const args: HclExpr[] = [];
        while (this.pos < this.text.length) {
          this.skipSpace(true);
          if (this.text[this.pos] === ')') {
            this.pos++;
            break;
          }
          const before = this.pos;
          args.push(this.expression());
          this.skipSpace(true);
          if (this.text[this.pos] === ',') this.pos++;
          if (this.pos === before) this.pos++;
        }
        this.depth--;
        return { type: 'call', start, end: this.pos, name, args };
      }
      // A reference: var.x, aws_s3_bucket.b.arn, local.list[0], each.value…
      while (this.pos < this.text.length) {
        const ch = this.text[this.pos]!;
        if (ch === '.' || IDENT_CHAR.test(ch) || ch === '*') this.pos++;
        else if (ch === '[') this.skipBracketed('[', ']');
        else break;
      }
      return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
    }
    if (c === '(') {
      this.skipBracketed('(', ')');
      return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
    }
    this.skipExpressionRest();
    if (this.pos === start) this.pos++;
    return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
  }

  private object(): HclExpr {
    const start = this.pos;
    this.pos++; // {
    this.depth++;
    const items: HclObjectItem[] = [];
    while (this.pos < this.text.length) {
      this.skipSpace(true);
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        break;
      }
      if (c === ',') {
        this.pos++;
        continue;
      }
      const keyStart = this.pos;
      let key: string | undefined;
      if (c === '"') {
        const k = this.template();
        key = k.type === 'template' ? templateLiteral(k) : undefined;
      } else if (c !== undefined && IDENT_START.test(c)) key = this.ident();
      else if (c === '(') this.skipBracketed('(', ')');
      else {
        this.pos++;
        continue;
      }
      const keyEnd = this.pos;
      this.skipSpace(false);
      const sep = this.text[this.pos];
      if (sep !== '=' && sep !== ':') {
        this.skipExpressionRest();
        continue;
      }
      this.pos++;
      const value = this.expression();
      if (key !== undefined) items.push({ key, keyStart, keyEnd, value });
    }
    this.depth--;
    return { type: 'object', start, end: this.pos, items };
  }

  private tuple(): HclExpr {
    const start = this.pos;
    this.pos++; // [
    this.skipSpace(true);
    if (/^for\s/.test(this.text.slice(this.pos, this.pos + 4))) {
      this.pos = start;
      this.skipBracketed('[', ']');
      return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
    }
    this.depth++;
    const items: HclExpr[] = [];
    while (this.pos < this.text.length) {
      this.skipSpace(true);
      const c = this.text[this.pos];
      if (c === ']') {
        this.pos++;
        break;
      }
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}' || c === ')') break; // unbalanced: stop here
      const before = this.pos;
      items.push(this.expression());
      if (this.pos === before) this.pos++;
    }
    this.depth--;
    return { type: 'tuple', start, end: this.pos, items };
  }

  private template(): HclExpr {
    const start = this.pos;
    this.pos++; // "
    const parts: TemplatePart[] = [];
    let literal = '';
    let offsets: number[] = [];
    const flush = (): void => {
      if (literal) parts.push({ kind: 'literal', text: literal, offsets });
      literal = '';
      offsets = [];
    };
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '"' || c === '\n') {
        if (c === '"') this.pos++;
        break;
      }
      if (c === '\\') {
        const n = this.text[this.pos + 1] ?? '';
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          literal += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          offsets.push(this.pos);
          this.pos += 6;
          continue;
        }
        literal += map[n] ?? n;
        offsets.push(this.pos);
        this.pos += 2;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === c && this.text[this.pos + 2] === '{') {
        // `$${` is a literal `${` (how Terraform writes IAM policy variables).
        literal += c + '{';
        offsets.push(this.pos, this.pos + 2);
        this.pos += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') {
        flush();
        const interpStart = this.pos;
        this.pos += 1;
        this.skipBracketed('{', '}');
        parts.push({ kind: 'interpolation', start: interpStart, end: this.pos, source: this.text.slice(interpStart, this.pos) });
        continue;
      }
      literal += c;
      offsets.push(this.pos);
      this.pos++;
    }
    flush();
    return { type: 'template', start, end: this.pos, parts, heredoc: false, contentStart: start + 1, contentEnd: Math.max(start + 1, this.pos - 1) };
  }

  private heredoc(): HclExpr {
    const start = this.pos;
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(this.text.slice(this.pos, this.pos + 200));
    if (!m) {
      this.skipExpressionRest();
      return { type: 'opaque', start, end: this.pos, text: this.text.slice(start, this.pos) };
    }
    const marker = m[2]!;
    const contentStart = this.pos + m[0].length;
    const close = heredocClosingLine(this.text, contentStart, marker);
    const contentEnd = close ? close.start : this.text.length;
    const end = close ? close.end : this.text.length;
    // Heredoc content is a template too: `${…}` interpolates, `$${` is a literal.
    const parts: TemplatePart[] = [];
    let literal = '';
    let offsets: number[] = [];
    for (let i = contentStart; i < contentEnd; i++) {
      const c = this.text[i]!;
      if ((c === '$' || c === '%') && this.text[i + 1] === c && this.text[i + 2] === '{') {
        literal += c + '{';
        offsets.push(i, i + 2);
        i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[i + 1] === '{') {
        if (literal) parts.push({ kind: 'literal', text: literal, offsets });
        literal = '';
        offsets = [];
        const save = this.pos;
        this.pos = i + 1;
        this.skipBracketed('{', '}');
        parts.push({ kind: 'interpolation', start: i, end: this.pos, source: this.text.slice(i, this.pos) });
        i = this.pos - 1;
        this.pos = save;
        continue;
      }
      literal += c;
      offsets.push(i);
    }
    if (literal) parts.push({ kind: 'literal', text: literal, offsets });
    this.pos = end;
    return { type: 'template', start, end, parts, heredoc: true, contentStart, contentEnd };
  }

  private ident(): string {
    const start = this.pos;
    while (this.pos < this.text.length && IDENT_CHAR.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Skips whitespace and comments; newlines too when `newlines` is set. */
  private skipSpace(newlines: boolean): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.pos++;
      else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.text.length : newlines ? nl + 1 : nl;
      } else if (c === '/' && this.text[this.pos + 1] === '*') {
        const close = this.text.indexOf('*/', this.pos + 2);
        this.pos = close < 0 ? this.text.length : close + 2;
      } else break;
    }
  }

  private skipLine(): void {
    this.skipExpressionRest();
    if (this.pos < this.text.length && this.text[this.pos] !== '}') this.pos++;
  }

  /** Skips to the end of the current expression: newline, comma or closing bracket at depth 0. */
  private skipExpressionRest(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\n' || c === ',' || c === ')' || c === ']' || c === '}') return;
      if (c === '(' || c === '[' || c === '{') this.skipBracketed(c, c === '(' ? ')' : c === '[' ? ']' : '}');
      else if (c === '"') this.template();
      else if (c === '<' && this.text.startsWith('<<', this.pos)) this.heredoc();
      else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.text.length : nl;
      } else this.pos++;
    }
  }

  /** Skips a balanced bracketed region starting at its opening bracket (strings and mixed nesting included), iteratively. */
  private skipBracketed(open: string, close: string): void {
    const closers: string[] = [];
    const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
    if (this.text[this.pos] !== open) return;
    closers.push(close);
    this.pos++;
    while (this.pos < this.text.length && closers.length > 0) {
      const c = this.text[this.pos]!;
      if (c === closers[closers.length - 1]) closers.pop();
      else if (pairs[c]) closers.push(pairs[c]!);
      else if (c === '"') {
        this.pos++;
        while (this.pos < this.text.length && this.text[this.pos] !== '"' && this.text[this.pos] !== '\n') {
          if (this.text[this.pos] === '\\') this.pos++;
          this.pos++;
        }
      }
      this.pos++;
    }
  }
}

/**
 * The first line at or after `from` that is the heredoc marker between optional blanks (spaces and tabs):
 * what /^[ \t]*MARKER[ \t]*$/m finds, without building a RegExp from the document. Lines end at any
 * ECMAScript line terminator, as `^` and `$` do in multiline mode.
 */
export function heredocClosingLine(text: string, from: number, marker: string): { start: number; end: number } | undefined {
  let lineStart = from;
  for (;;) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && !isLineTerminator(text.charCodeAt(lineEnd))) lineEnd++;
    let a = lineStart;
    let b = lineEnd;
    while (a < b && (text[a] === ' ' || text[a] === '\t')) a++;
    while (b > a && (text[b - 1] === ' ' || text[b - 1] === '\t')) b--;
    if (b - a === marker.length && text.startsWith(marker, a)) return { start: lineStart, end: lineEnd };
    if (lineEnd >= text.length) return undefined;
    lineStart = lineEnd + 1;
  }
}

function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** The literal value of a template without interpolations, else undefined. */
export function templateLiteral(expr: HclExpr): string | undefined {
  if (expr.type !== 'template') return undefined;
  if (expr.parts.some((p) => p.kind === 'interpolation')) return undefined;
  return expr.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
}
