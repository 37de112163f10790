// iam/json-syntax: what IAM's JSON parser rejects — syntax errors, comments, trailing commas, duplicate keys, bare placeholders.
// IAM accepts strict JSON only: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import { createScanner, printParseErrorCode, ParseErrorCode, SyntaxKind } from 'jsonc-parser';
import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode } from '../../iam/document';
import { isStrictJsonDocument, propertyKey, strictJsonFacts, MAX_JSON_DEPTH, TOO_DEEP_ERROR } from '../../iam/document';
import { skippedStatementNodes, type NodeSet, viewPart, wholeDocument } from '../../iam/statementView';

// Syntax errors are worded, and placed, as VS Code's own JSON checker words and places them (its JSON language
// service, https://github.com/microsoft/vscode-json-languageservice, src/parser/jsonParser.ts): in VS Code a
// `.json` policy is checked by both, and the two entries in the Problems panel then read as one problem, with
// GrantCheck's carrying the fix. The CLI reports the same words any JSON tool would.
const MESSAGES = {
  invalidSymbol: 'Invalid symbol: this is not valid JSON.',
  invalidNumberFormat: 'Invalid number format.',
  propertyNameExpected: 'Property expected',
  valueExpected: 'Value expected',
  colonExpected: 'Colon expected',
  commaExpected: 'Expected comma',
  closeBraceExpected: 'Expected comma or closing brace',
  closeBracketExpected: 'Expected comma or closing bracket',
  endOfFileExpected: 'End of file expected.',
  unexpectedEndOfComment: 'Unexpected end of comment.',
  unexpectedEndOfString: 'Unexpected end of string.',
  invalidUnicode: 'Invalid unicode sequence in string.',
  invalidEscapeCharacter: 'Invalid escape character in string.',
  invalidCharacter: 'Invalid characters in string. Control characters must be escaped.',
  syntaxError: 'JSON syntax error: {{code}}.',
  unquotedPlaceholder: 'Unquoted placeholder {{placeholder}}: replace it with a real value in double quotes.',
  tooDeep: 'Nesting deeper than {{depth}} levels: this is not an IAM policy GrantCheck can check (IAM policies nest about 7 levels).',
  comment: 'Comments are not permitted in JSON: IAM rejects a policy document that has any.',
  trailingComma: 'Trailing comma: IAM rejects a comma before a closing bracket or brace.',
  duplicateKey: 'Duplicate object key "{{key}}": only this one takes effect; the earlier one (line {{line}}) is silently ignored.',
} as const;

/** The message of each parse error jsonc-parser reports; other codes get `syntaxError`. */
const ERROR_MESSAGE_IDS: Partial<Record<ParseErrorCode, keyof typeof MESSAGES>> = {
  [ParseErrorCode.InvalidSymbol]: 'invalidSymbol',
  [ParseErrorCode.InvalidNumberFormat]: 'invalidNumberFormat',
  [ParseErrorCode.PropertyNameExpected]: 'propertyNameExpected',
  [ParseErrorCode.ValueExpected]: 'valueExpected',
  [ParseErrorCode.ColonExpected]: 'colonExpected',
  [ParseErrorCode.CommaExpected]: 'commaExpected',
  [ParseErrorCode.CloseBraceExpected]: 'closeBraceExpected',
  [ParseErrorCode.CloseBracketExpected]: 'closeBracketExpected',
  [ParseErrorCode.EndOfFileExpected]: 'endOfFileExpected',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unexpectedEndOfComment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unexpectedEndOfString',
  [ParseErrorCode.InvalidUnicode]: 'invalidUnicode',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalidEscapeCharacter',
  [ParseErrorCode.InvalidCharacter]: 'invalidCharacter',
};

const PLACEHOLDER_AT = /^<[^<>\r\n"]{1,200}>/;

export const jsonSyntax: IamRule = {
  id: 'iam/json-syntax',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'The policy must be strict JSON: no syntax errors, comments, trailing commas, duplicate keys or bare placeholders.',
  fixable: true,
  hasSuggestions: true,
  messages: MESSAGES,
  // Comments, trailing commas and duplicate keys inside a statement are the statement's: a keystroke re-checks only
  // the statement it changed. Parse errors are not split (jsonc-parser's recovery may run across statements): while
  // the text has any, the rule runs on all of it.
  statementScope: {
    outsideStatements: true,
    documentKey: (doc) => (wholeDocument(doc).parseErrors.length > 0 ? undefined : ''),
  },
  check(outer) {
    if (!outer.doc.isJsonText) return; // a model built from another syntax: that syntax is not what IAM parses
    // A text the strict reader read has no comments and no trailing commas, and the reader tells whether any key repeats.
    const whole = wholeDocument(outer.doc);
    const context: SyntaxContext = { ...outer, strict: isStrictJsonDocument(whole), noDuplicateKeys: strictJsonFacts(whole)?.duplicateKeys === false };
    const { doc } = context;
    const part = viewPart(doc);
    if (part === 'whole' || (doc.parseErrors.length > 0 && part === 'document')) {
      reportParseErrors(context);
      reportCommentsAndTrailingCommas(context, 0, context.text.length);
      if (doc.root) reportDuplicateKeys(context, doc.root);
      return;
    }
    if (doc.parseErrors.length > 0) return; // a statement view of a text with errors: the document view reports it all
    if (part === 'statement') {
      for (const statement of doc.statements) {
        reportCommentsAndTrailingCommas(context, statement.node.offset, statement.node.offset + statement.node.length);
        reportDuplicateKeys(context, statement.node);
      }
      return;
    }
    // The document view: what lies between and around the statements.
    const statements = wholeDocument(doc).statements;
    let from = 0;
    for (const statement of statements) {
      reportCommentsAndTrailingCommas(context, from, statement.node.offset);
      from = statement.node.offset + statement.node.length;
    }
    reportCommentsAndTrailingCommas(context, from, context.text.length);
    if (doc.root) reportDuplicateKeys(context, doc.root, skippedStatementNodes(doc));
  },
};

/** The rule's context with what the strict reader found out, when it read the text (iam/document.ts). */
interface SyntaxContext extends RuleContext<IamDocument> {
  /** The text is strict JSON: no comments, no trailing commas. */
  strict: boolean;
  /** No object of the text has a key twice. */
  noDuplicateKeys: boolean;
}

function reportParseErrors(context: RuleContext<IamDocument>): void {
  const { text } = context;
  let skipUntil = -1;
  let lastStart = -1;
  for (const error of context.doc.parseErrors) {
    if (error.offset < skipUntil) continue;
    const placeholder = PLACEHOLDER_AT.exec(text.slice(error.offset, error.offset + 202));
    if (placeholder) {
      // `<ARN to Structural Lambda Role>` pasted without quotes: one finding, not one per word.
      const end = error.offset + placeholder[0].length;
      skipUntil = end;
      context.report({
        start: error.offset,
        end,
        messageId: 'unquotedPlaceholder',
        data: { placeholder: placeholder[0] },
        // Quoting makes valid JSON that still holds the placeholder: the real value is the author's to write.
        suggestions: [{ title: `Quote ${placeholder[0]}`, edits: [{ start: error.offset, end, newText: JSON.stringify(placeholder[0]) }] }],
      });
      continue;
    }
    if ((error.error as number) === TOO_DEEP_ERROR) {
      context.report({ start: error.offset, end: error.offset + 1, messageId: 'tooDeep', data: { depth: MAX_JSON_DEPTH } });
      return;
    }
    const messageId = ERROR_MESSAGE_IDS[error.error] ?? 'syntaxError';
    const data = { code: printParseErrorCode(error.error) };
    const { start, end } = errorRange(text, error.offset, error.length);
    // One error per place, as VS Code shows it: a policy cut short lacks a `]` and a `}` at the same spot.
    if (start === lastStart) continue;
    lastStart = start;
    if (error.error === ParseErrorCode.CommaExpected) {
      const insertAt = endOfPreviousToken(text, error.offset);
      context.report({ start, end, messageId, data, fix: { title: 'Insert the missing comma', edits: [{ start: insertAt, end: insertAt, newText: ',' }] } });
      continue;
    }
    context.report({ start, end, messageId, data });
  }
}

/**
 * Where a parse error is shown: its token; at the end of the text (an empty token), the last character before it
 * that is not white space — where VS Code's JSON checker puts it, so an unclosed policy is marked on its last line.
 */
function errorRange(text: string, offset: number, length: number): { start: number; end: number } {
  if (length > 0 || offset < text.length) return { start: offset, end: Math.min(text.length, offset + Math.max(1, length)) };
  let start = Math.min(offset, text.length);
  if (start === 0) return { start, end: start };
  start--;
  while (start > 0 && /\s/.test(text[start]!)) start--;
  return { start, end: start + 1 };
}

/** Offset just after the last non-space character before `offset`, skipping comments. */
function endOfPreviousToken(text: string, offset: number): number {
  const scanner = createScanner(text.slice(0, offset), false);
  let lastEnd = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    lastEnd = scanner.getTokenOffset() + scanner.getTokenLength();
  }
  return lastEnd;
}

/**
 * Comments and trailing commas among the tokens from `start` to `end` (a token boundary: the text, a statement, or
 * the text between statements). What precedes `start` is a token that is not a comma (a statement's `{` opens it, its
 * `}` closes it), so a comma before a statement never trails.
 */
function reportCommentsAndTrailingCommas(context: SyntaxContext, start: number, end: number): void {
  const { text } = context;
  if (end <= start || context.strict) return;
  // Fast path: nothing to find (the common case). The searches of one document are shared by its statements' calls.
  if (!mayHaveCommentOrTrailingComma(text, start, end, searchesOf(wholeDocument(context.doc)))) return;
  const scanner = createScanner(text, false);
  scanner.setPosition(start);
  let pendingComma: { start: number; end: number } | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < end; kind = scanner.scan()) {
    const tokenStart = scanner.getTokenOffset();
    const tokenEnd = tokenStart + scanner.getTokenLength();
    switch (kind) {
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia: {
        const removal = commentRemoval(text, tokenStart, tokenEnd);
        context.report({
          start: tokenStart,
          end: tokenEnd,
          messageId: 'comment',
          // The comment is the author's text: removing it is offered, never done in bulk.
          suggestions: [{ title: 'Remove the comment', edits: [removal] }],
        });
        break;
      }
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        break;
      case SyntaxKind.CommaToken:
        pendingComma = { start: tokenStart, end: tokenEnd };
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        if (pendingComma) {
          context.report({
            start: pendingComma.start,
            end: pendingComma.end,
            messageId: 'trailingComma',
            fix: { title: 'Remove the trailing comma', edits: [{ ...pendingComma, newText: '' }] },
          });
        }
        pendingComma = undefined;
        break;
      default:
        pendingComma = undefined;
    }
  }
}

/**
 * False when the tokens from `start` (a token boundary) to `end` hold no comment and no trailing comma: no `/` outside
 * strings, and no `,` followed by only white space up to a `}` or `]`. Strings are skipped as jsonc-parser's scanner
 * reads them (a backslash takes the next character; a `"` or a line break ends them), so a `/` inside an ARN (`bucket/*`)
 * costs no scan. Conservative: true sends the range to the scanner, which decides.
 */
export function mayHaveCommentOrTrailingComma(text: string, start: number, end: number, searches: Searches = newSearches()): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // A string ends at the first `"`, line break or end of range after it unless a backslash comes first: found by
      // indexOf (no loop over the string's characters); a backslash skips the next character and the search goes on.
      for (i++; i < end; ) {
        const quote = text.indexOf('"', i);
        let stop = quote < 0 || quote > end ? end : quote;
        const lf = nextOccurrence(searches, text, LF, i);
        if (lf < stop) stop = lf;
        const cr = nextOccurrence(searches, text, CR, i);
        if (cr < stop) stop = cr;
        const backslash = nextOccurrence(searches, text, BACKSLASH, i);
        if (backslash < stop) {
          i = backslash + 2;
          continue;
        }
        i = stop;
        break;
      }
    } else if (c === 47 /* / */) {
      return true;
    } else if (c === 44 /* , */) {
      let j = i + 1;
      // jsonc-parser's trivia is space, tab, CR and LF: every control character is skipped (conservative).
      while (j < end && text.charCodeAt(j) <= 32) j++;
      const next = text.charCodeAt(j);
      if (next === 125 /* } */ || next === 93 /* ] */ || next === 47 /* / */) return true;
    }
  }
  return false;
}

const BACKSLASH = 0;
const LF = 1;
const CR = 2;
const SEARCHED = ['\\', '\n', '\r'] as const;
/**
 * The next backslash, line feed and carriage return at or after a position of one document's text: `nextFrom[k]` to
 * `nextAt[k]` holds none of character k, so the statements of one text, checked one after another, search each
 * stretch once (a text with no backslash is not searched to its end once per statement). Kept per document object
 * (searchesOf). They were kept for the text last searched, and every call compared its text with that one: two equal
 * texts (a file linted again after it was read anew) were compared character by character, once per string of the
 * document (a 1.2 MB policy: 25 s).
 */
export interface Searches {
  readonly nextFrom: number[];
  readonly nextAt: number[];
}

/** Searches of a text not searched yet (one object per text: its positions hold only for it). */
export const newSearches = (): Searches => ({ nextFrom: [0, 0, 0], nextAt: [-1, -1, -1] });

const searchesByDocument = new WeakMap<IamDocument, Searches>();

function searchesOf(doc: IamDocument): Searches {
  let searches = searchesByDocument.get(doc);
  if (!searches) searchesByDocument.set(doc, (searches = newSearches()));
  return searches;
}

/** The offset of the next SEARCHED[k] at or after `from` (text.length when none). */
function nextOccurrence(searches: Searches, text: string, k: number, from: number): number {
  const { nextFrom, nextAt } = searches;
  if (nextFrom[k]! <= from && from <= nextAt[k]!) return nextAt[k]!;
  const at = text.indexOf(SEARCHED[k]!, from);
  nextFrom[k] = from;
  nextAt[k] = at < 0 ? text.length : at;
  return nextAt[k]!;
}

/** Removes a comment; when it stands alone on its line, the whole line goes. */
function commentRemoval(text: string, start: number, end: number): { start: number; end: number; newText: string } {
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  const aloneOnLine = lineStart === 0 || text[lineStart - 1] === '\n';
  if (aloneOnLine) {
    let lineEnd = end;
    while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
    if (text[lineEnd] === '\r') lineEnd++;
    if (text[lineEnd] === '\n') return { start: lineStart, end: lineEnd + 1, newText: '' };
  }
  return { start: lineStart, end, newText: '' };
}

/** Objects of at most this many properties are searched for duplicate keys without a map. */
const SMALL_OBJECT = 12;

/** The last of `properties[0..before)` with this key. */
function lastWithKey(properties: readonly JsonNode[], before: number, key: string): JsonNode | undefined {
  for (let j = before - 1; j >= 0; j--) if (propertyKey(properties[j]!) === key) return properties[j];
  return undefined;
}

/** Duplicate keys in the objects under `root`, but for those under a `skipped` node (the statements, in the document view). */
function reportDuplicateKeys(context: SyntaxContext, root: JsonNode, skipped?: NodeSet): void {
  if (context.noDuplicateKeys) return;
  // Each node once (linear). No cap on nodes: the statements' walks and the document's together must visit what one walk of the whole tree does.
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (skipped?.has(node)) continue;
    if (node.type === 'object') {
      const properties = node.children ?? [];
      // A small object (every statement's) is searched backwards for an earlier key, without a map.
      const seen = properties.length > SMALL_OBJECT ? new Map<string, JsonNode>() : undefined;
      for (let i = 0; i < properties.length; i++) {
        const property = properties[i]!;
        const key = propertyKey(property);
        const keyNode = property.children?.[0];
        if (key !== undefined && keyNode) {
          const earlier = seen ? seen.get(key) : lastWithKey(properties, i, key);
          if (earlier) {
            const line = context.lines.positionAt(earlier.offset).line + 1;
            context.report({
              start: keyNode.offset,
              end: keyNode.offset + keyNode.length,
              messageId: 'duplicateKey',
              data: { key, line },
              // The message names a line: where the statement lies matters, not only its text.
              positional: true,
            });
          }
          seen?.set(key, property);
        }
        const value = property.children?.[1];
        if (value) stack.push(value);
      }
    } else if (node.type === 'array') {
      for (const child of node.children ?? []) stack.push(child);
    }
  }
}
