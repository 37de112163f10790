// Escaping of workspace text (binding values, Sids, resources, file names…) put into the markdown of reports and hovers.
//
// The reports are opened in VS Code's markdown preview, which renders HTML, links and images: text from a repository
// must reach it as text only. https://spec.commonmark.org/0.31.2/#backslash-escapes (any ASCII punctuation may be
// escaped) and https://spec.commonmark.org/0.31.2/#code-spans (a code span's content is literal; its fence is a run of
// backticks the content does not contain).

/** Line breaks, tabs and other control characters: one line of a report never becomes several blocks. */
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * Punctuation that starts markdown or HTML inline syntax: emphasis, code, links and images (`[` and `]`: without them
 * `(`, `)` and `!` mean nothing), autolinks, raw HTML and comments, entities, strikethrough, math; and `.`, `/`, `:`
 * so that the preview's linkify finds no bare URL, domain or e-mail address to turn into a link. `|` is left to
 * `tableCell`, the only place it means something.
 */
const INLINE_SYNTAX = /[\\`*_[\]<>#~&{}$.:/]/g;

/** Text shown as is, inline (never at the start of a line: block syntax is not escaped). */
export function markdownText(text: string): string {
  return text.replace(CONTROL, ' ').replace(INLINE_SYNTAX, (c) => `\\${c}`);
}

/** Text as an inline code span, whatever backticks it holds. */
export function markdownCode(text: string): string {
  const content = text.replace(CONTROL, ' ');
  if (content === '') return '` `';
  let longest = 0;
  let run = 0;
  for (const c of content) {
    run = c === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  // A leading or trailing backtick would merge with the fence; a space on both sides is stripped by the parser.
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Markdown put into a table cell: a `|` would end the cell (GFM unescapes `\|` even inside code spans). */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}
