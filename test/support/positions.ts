// Test helper: 1-based line/column ranges of a substring in a test text, for exact-range rule fixtures.

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The 1-based range of the `nth` occurrence (0-based) of `needle` in `code`. */
export function spanOf(code: string, needle: string, nth = 0): Span {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = code.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" (#${nth}) not found in test code`);
  }
  const position = (o: number) => {
    const before = code.slice(0, o);
    const line = before.split('\n').length;
    return { line, column: o - before.lastIndexOf('\n') };
  };
  const start = position(offset);
  const end = position(offset + needle.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}
