// A unified diff of two texts, line by line (what `--fix-dry-run` prints; `git apply` and `patch -p1` read it).
//
// Lines keep their terminators, so a CRLF file's diff has CRLF lines and applies byte for byte. The middle
// between the common head and tail is diffed with Myers' O(ND) algorithm; when the two differ in more than
// MAX_EDIT_DISTANCE lines the middle is one hunk (still a correct diff, only not the smallest).

const CONTEXT = 3;
const MAX_EDIT_DISTANCE = 1000;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Lines with their terminators (`\n`, or `\r\n` as part of the line); the last may have none. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The edit script turning `a` into `b` (Myers, forward, with the V array of each step kept for the backtrack). */
function diffLines(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const trace: Int32Array[] = [];
  let v = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, v, d, offset);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], last: Int32Array, depth: number, offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!; // the V array before step d
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ kind: ' ', line: a[--x]! }), y--;
    if (down) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  while (x > 0 && y > 0) ops.push({ kind: ' ', line: a[--x]! }), y--;
  void last;
  return ops.reverse();
}

/**
 * `--- a/<file>` / `+++ b/<file>` and the hunks, or '' when the texts are equal. `file` is written with `/`
 * separators (a path relative to the current directory applies with `git apply` / `patch -p1`).
 */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const middle = diffLines(middleA, middleB) ?? [...middleA.map((line) => ({ kind: '-' as const, line })), ...middleB.map((line) => ({ kind: '+' as const, line }))];
  const ops: Op[] = [...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })), ...middle, ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line }))];

  const name = file.split(/[\\/]+/).filter((s, i) => !(i === 0 && s === '.')).join('/');
  const label = name.startsWith('/') ? name : `/${name}`;
  const out: string[] = [`--- a${label}\n`, `+++ b${label}\n`];
  // Hunks: runs of changes with up to CONTEXT unchanged lines around them, merged when their context touches.
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  // Line numbers (1-based) in each text of ops[counted].
  let counted = 0;
  let oldLine = 1;
  let newLine = 1;
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i]! - CONTEXT);
    let end = changed[i]!;
    while (i < changed.length && changed[i]! - end <= 2 * CONTEXT + 1) end = changed[i++]!;
    end = Math.min(ops.length, end + CONTEXT + 1);
    for (; counted < start; counted++) {
      if (ops[counted]!.kind !== '+') oldLine++;
      if (ops[counted]!.kind !== '-') newLine++;
    }
    const body = ops.slice(start, end);
    const oldCount = body.filter((op) => op.kind !== '+').length;
    const newCount = body.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@\n`);
    for (const op of body) {
      out.push(op.kind + op.line);
      if (!op.line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
    }
  }
  return out.join('');
}

function range(line: number, count: number): string {
  // An empty range names the line before it (diff's convention).
  if (count === 0) return `${line - 1},0`;
  return count === 1 ? `${line}` : `${line},${count}`;
}
