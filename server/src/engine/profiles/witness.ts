// A concrete string matched by several resource patterns at once (or none): turns "some bucket" into an ARN to evaluate.
//
// Profiles describe required resources as shapes (`arn:aws:s3:::${sourceBucket}/*` with the bucket
// unbound, an action's resource-type ARN from the AWS data). To ask the evaluator whether a document
// grants the action on that shape, we need one concrete ARN that the requirement, the action's
// resource type and a document's Resource entry all match: a shortest common instance.

/** A literal character, or a run (`min` 0 or 1 characters, any except those in `except`). */
export type Token = { kind: 'char'; char: string } | { kind: 'run'; except: string } | { kind: 'one'; except: string };

/** A pattern: an IAM wildcard string (`*`, `?`) or prepared tokens. */
export type Pattern = string | readonly Token[];

const ANY_RUN: Token = { kind: 'run', except: '' };

/** IAM pattern tokens: `*` any run (crossing `/` and `:`), `?` one character, `${…}` any run, everything else literal. */
export function globTokens(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$' && pattern[i + 1] === '{') {
      const close = pattern.indexOf('}', i);
      if (close > 0) {
        tokens.push(ANY_RUN);
        i = close;
        continue;
      }
    }
    tokens.push(c === '*' ? ANY_RUN : c === '?' ? { kind: 'one', except: '' } : { kind: 'char', char: c });
  }
  return tokens;
}

/** One or more characters other than `except`. */
export function segment(except: string): Token[] {
  return [{ kind: 'one', except }, { kind: 'run', except }];
}

/**
 * Tokens of an ARN template with `${Name}` variables. A variable is one or more characters; it
 * never contains `:` unless it ends the ARN, nor `/` when a `/` follows it or it is a bucket name
 * (`${BucketName}/${ObjectName}`, `table/${TableName}/index/…`). `classOf` can say more.
 */
export function templateTokens(template: string, classOf: (name: string) => string | undefined = () => undefined): Token[] {
  const tokens: Token[] = [];
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    for (const c of template.slice(last, m.index)) tokens.push(c === '*' ? ANY_RUN : { kind: 'char', char: c });
    const next = template[m.index + m[0].length];
    const known = classOf(m[1]!);
    const except = known ?? (/BucketName/.test(m[1]!) || next === '/' ? ':/' : next === undefined ? '' : ':');
    tokens.push(...segment(except));
    last = m.index + m[0].length;
  }
  for (const c of template.slice(last)) tokens.push(c === '*' ? ANY_RUN : { kind: 'char', char: c });
  return tokens;
}

const FILLER = 'x';
const MAX_STATES = 200_000;

const memo = new Map<string, string | undefined>();
const tokenIds = new WeakMap<readonly Token[], number>();
let nextTokenId = 0;

function memoKey(patterns: readonly Pattern[]): string {
  return patterns
    .map((p) => {
      if (typeof p === 'string') return `s${p}`;
      let id = tokenIds.get(p);
      if (id === undefined) tokenIds.set(p, (id = nextTokenId++));
      return `t${id}`;
    })
    .join('\u0000');
}

/**
 * The shortest string matched by every pattern, or undefined when they cannot all match one string.
 * Breadth-first search over the product of the patterns (skipping a run costs nothing). Memoised:
 * the same requirement shapes meet the same Resource entries on every keystroke.
 */
export function commonInstance(patterns: readonly Pattern[]): string | undefined {
  const key = memoKey(patterns);
  if (memo.has(key)) return memo.get(key);
  const result = search(patterns.map((p) => (typeof p === 'string' ? globTokens(p) : p)));
  if (memo.size > 20_000) memo.clear();
  memo.set(key, result);
  return result;
}

function search(toks: readonly (readonly Token[])[]): string | undefined {
  const n = toks.length;
  // States are tuples of positions, encoded in mixed radix.
  const radix = toks.map((t) => t.length + 1);
  const total = radix.reduce((a, b) => a * b, 1);
  if (total > MAX_STATES) return undefined;
  const decode = (code: number): number[] => {
    const state = new Array<number>(n);
    for (let i = n - 1; i >= 0; i--) {
      state[i] = code % radix[i]!;
      code = Math.floor(code / radix[i]!);
    }
    return state;
  };
  const encode = (state: readonly number[]): number => state.reduce((acc, pos, i) => acc * radix[i]! + pos, 0);
  const from = new Int32Array(total).fill(-2);
  const via = new Array<string>(total);
  const end = encode(toks.map((t) => t.length));
  // 0-1 BFS: skipping a run (cost 0) goes to the front of the deque, consuming a character to the back.
  const front: number[] = [0];
  const back: number[] = [];
  from[0] = -1;
  while (front.length > 0 || back.length > 0) {
    const code = front.length > 0 ? front.pop()! : back.shift()!;
    if (code === end) return rebuild(from, via, end);
    const state = decode(code);
    for (let i = 0; i < n; i++) {
      if (toks[i]![state[i]!]?.kind !== 'run') continue;
      state[i]!++;
      const next = encode(state);
      state[i]!--;
      if (from[next] === -2) {
        from[next] = code;
        via[next] = '';
        front.push(next);
      }
    }
    const char = consumable(toks, state);
    if (char === undefined) continue;
    const moved = state.map((pos, i) => (toks[i]![pos]!.kind === 'run' ? pos : pos + 1));
    const next = encode(moved);
    if (next !== code && from[next] === -2) {
      from[next] = code;
      via[next] = char;
      back.push(next);
    }
  }
  return undefined;
}

function rebuild(from: Int32Array, via: readonly string[], end: number): string {
  const chars: string[] = [];
  for (let code = end; from[code]! >= 0; code = from[code]!) chars.push(via[code]!);
  return chars.reverse().join('');
}

/** The character every pattern can consume at this state, preferring a literal one; undefined if none. */
function consumable(toks: readonly (readonly Token[])[], state: readonly number[]): string | undefined {
  let literal: string | undefined;
  const excluded: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]![state[i]!];
    if (!t) return undefined;
    if (t.kind === 'char') {
      if (literal !== undefined && literal !== t.char) return undefined;
      literal = t.char;
    } else excluded.push(t.except);
  }
  const char = literal ?? FILLER;
  return excluded.some((e) => e.includes(char)) ? undefined : char;
}

