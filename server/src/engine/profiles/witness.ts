// A concrete string matched by several IAM wildcard patterns at once (or none): turns "some bucket" into an ARN to evaluate.
//
// Profiles describe required resources as shapes (`arn:aws:s3:::${sourceBucket}/*` with the bucket
// unbound, an action's resource-type ARN from the AWS data). To ask the evaluator whether a document
// grants the action on that shape, we need one concrete ARN that the requirement, the action's
// resource type and a document's Resource entry all match: a shortest common instance.

type Token = { kind: 'any' } | { kind: 'one' } | { kind: 'char'; char: string };

/** IAM pattern tokens: `*` any run (crossing `/` and `:`), `?` one character, everything else literal. */
export function globTokens(pattern: string): Token[] {
  return [...pattern].map((c): Token => (c === '*' ? { kind: 'any' } : c === '?' ? { kind: 'one' } : { kind: 'char', char: c }));
}

/** Filler for positions every pattern leaves free; chosen to be readable and never a wildcard. */
const FILLER = 'x';
const MAX_STATES = 200_000;

/**
 * The shortest string matched by every pattern (IAM `*`/`?` semantics), or undefined when the
 * patterns cannot all match one string. Breadth-first search over the product of the patterns.
 */
export function commonInstance(patterns: readonly string[]): string | undefined {
  const toks = patterns.map(globTokens);
  const n = toks.length;
  const start = new Array<number>(n).fill(0);
  const key = (s: readonly number[]): string => s.join(',');
  const parent = new Map<string, { from: string; char: string } | null>([[key(start), null]]);
  const queue: number[][] = [start];
  // Epsilon moves (skipping a `*`) are explored before consuming characters: 0-1 BFS via a deque.
  let head = 0;
  while (head < queue.length) {
    if (parent.size > MAX_STATES) return undefined;
    const state = queue[head++]!;
    const k = key(state);
    if (state.every((pos, i) => pos === toks[i]!.length)) return rebuild(parent, k);
    for (let i = 0; i < n; i++) {
      if (toks[i]![state[i]!]?.kind === 'any') {
        const next = [...state];
        next[i]!++;
        const nk = key(next);
        if (!parent.has(nk)) {
          parent.set(nk, { from: k, char: '' });
          queue.splice(head, 0, next);
        }
      }
    }
    const char = consumable(toks, state);
    if (char === undefined) continue;
    const next = state.map((pos, i) => (toks[i]![pos]!.kind === 'any' ? pos : pos + 1));
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
function consumable(toks: readonly Token[][], state: readonly number[]): string | undefined {
  let literal: string | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]![state[i]!];
    if (!t) return undefined;
    if (t.kind === 'char') {
      if (literal !== undefined && literal !== t.char) return undefined;
      literal = t.char;
    }
  }
  return literal ?? FILLER;
}

function rebuild(parent: Map<string, { from: string; char: string } | null>, end: string): string {
  const chars: string[] = [];
  for (let step = parent.get(end); step; step = parent.get(step.from)) chars.push(step.char);
  return chars.reverse().join('');
}
