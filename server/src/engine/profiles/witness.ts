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

/**
 * The shortest string matched by every pattern, or undefined when they cannot all match one string.
 * Breadth-first search over the product of the patterns (skipping a run costs nothing).
 */
export function commonInstance(patterns: readonly Pattern[]): string | undefined {
  const toks = patterns.map((p) => (typeof p === 'string' ? globTokens(p) : p));
  const n = toks.length;
  const start = new Array<number>(n).fill(0);
  const key = (s: readonly number[]): string => s.join(',');
  const parent = new Map<string, { from: string; char: string } | null>([[key(start), null]]);
  const queue: number[][] = [start];
  let head = 0;
  while (head < queue.length) {
    if (parent.size > MAX_STATES) return undefined;
    const state = queue[head++]!;
    const k = key(state);
    if (state.every((pos, i) => pos === toks[i]!.length)) return rebuild(parent, k);
    for (let i = 0; i < n; i++) {
      if (toks[i]![state[i]!]?.kind !== 'run') continue;
      const next = [...state];
      next[i]!++;
      const nk = key(next);
      if (!parent.has(nk)) {
        parent.set(nk, { from: k, char: '' });
        queue.splice(head, 0, next);
      }
    }
    const char = consumable(toks, state);
    if (char === undefined) continue;
    const next = state.map((pos, i) => (toks[i]![pos]!.kind === 'run' ? pos : pos + 1));
    if (next.every((pos, i) => pos === state[i])) continue;
    const nk = key(next);
    if (!parent.has(nk)) {
      parent.set(nk, { from: k, char });
      queue.push(next);
    }
  }
  return undefined;
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

function rebuild(parent: Map<string, { from: string; char: string } | null>, end: string): string {
  const chars: string[] = [];
  for (let step = parent.get(end); step; step = parent.get(step.from)) chars.push(step.char);
  return chars.reverse().join('');
}
