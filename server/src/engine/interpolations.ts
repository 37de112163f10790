// Linear scans for `${…}` spans (IAM policy variables, CloudFormation `!Sub` references) in user text.
//
// A global pattern such as /\$\{[^}]*\}/g retries at every `${` and runs to the end of the text when the
// brace is never closed, which is quadratic for `${${${…`. Here each closing `}` is found once with
// indexOf: when a `${` has no `}` after it, no later `${` has one either, so the scan stops.

export interface DollarBraceSpan {
  /** Offset of `$`. */
  start: number;
  /** Offset just after `}`. */
  end: number;
  /** The text between `${` and `}`. */
  body: string;
}

/**
 * The `${…}` spans of a text, left to right, not overlapping: the same matches as /\$\{([^}]*)\}/g
 * (or /\$\{([^}]+)\}/g with `nonEmpty`, where `${}` is skipped and the scan resumes one character later).
 */
export function dollarBraceSpans(text: string, nonEmpty = false): DollarBraceSpan[] {
  const spans: DollarBraceSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return spans;
    const close = text.indexOf('}', start + 2);
    if (close < 0) return spans;
    if (nonEmpty && close === start + 2) {
      from = start + 1;
      continue;
    }
    spans.push({ start, end: close + 1, body: text.slice(start + 2, close) });
    from = close + 1;
  }
}

/** The text with every `${…}` span replaced by `replace(span)` (like String.replace with /\$\{([^}]*)\}/g). */
export function replaceDollarBraces(text: string, replace: (span: DollarBraceSpan) => string): string {
  let out = '';
  let last = 0;
  for (const span of dollarBraceSpans(text)) {
    out += text.slice(last, span.start) + replace(span);
    last = span.end;
  }
  return last === 0 ? text : out + text.slice(last);
}
