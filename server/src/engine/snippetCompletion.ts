// Profile snippets (`gc-<vendor>-<component>`) as completion items, offered only where a whole document can start:
// a blank policy file, or a Redshift script between statements. Never inside a value, after ON/TO, or in the
// middle of another snippet's tab stops (the text around the cursor is then not blank / not a statement start).
//
// The snippets come from the profile registry (engine/profiles/snippets.ts), the same source as snippets/*.code-snippets.

import { snippetFiles, type SnippetEntry } from './profiles/snippets';
import type { Profile } from './profiles/types';
import { tokenize } from './redshift/tokenizer';
import type { EngineCompletionItem } from './types';

export type SnippetCompletionKind = 'snippet';
export type SnippetLanguage = 'iam' | 'redshift';

/** Characters of a snippet prefix being typed (`gc-artie-dynamodb`). */
function isPrefixChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_-]/.test(c);
}

/** The word being typed around the cursor: from its start to its end (the cursor may sit inside it). */
function wordAround(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && isPrefixChar(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && isPrefixChar(text[end])) end++;
  return { start, end };
}

/**
 * Where a whole policy document can start: nothing but whitespace around the word being typed.
 * Returns the range the snippet replaces, or undefined.
 */
export function policyDocumentStart(text: string, offset: number): { start: number; end: number } | undefined {
  const word = wordAround(text, offset);
  if (text.slice(0, word.start).trim() !== '' || text.slice(word.end).trim() !== '') return undefined;
  return word;
}

/**
 * Where a Redshift statement can start: after the start of the script or a `;`, with only whitespace and comments
 * in between, outside comments and strings. Returns the range the snippet replaces, or undefined.
 */
export function sqlStatementStart(text: string, offset: number): { start: number; end: number } | undefined {
  const word = wordAround(text, offset);
  const { tokens, comments } = tokenize(text);
  if (comments.some((c) => c.start < offset && (offset < c.end || (offset === c.end && (c.kind === 'line' || c.unterminated === true))))) return undefined;
  // The word must not be the tail of a string, quoted name or anything else the tokenizer read as one token.
  if (tokens.some((t) => t.start < word.start && word.start < t.end)) return undefined;
  let previous: (typeof tokens)[number] | undefined;
  for (const t of tokens) {
    if (t.end > word.start) break;
    previous = t;
  }
  if (previous && !(previous.kind === 'punct' && previous.value === ';')) return undefined;
  // Text after the word on the same statement (e.g. `gc-x GRANT …` or `|TO bob;`): the cursor is not at a statement's start.
  const next = tokens.find((t) => t.start >= word.end);
  if (next && !(next.kind === 'punct' && next.value === ';') && text.slice(word.end, next.start).indexOf('\n') < 0) return undefined;
  return word;
}

/**
 * The profile snippets of a language as completion items replacing `range`, sorted after every other item.
 * `profiles`: the registry's profiles (built-ins plus a workspace's own); the built-ins when omitted.
 */
export function profileSnippetItems(language: SnippetLanguage, range: { start: number; end: number }, profiles?: readonly Profile[]): EngineCompletionItem<SnippetCompletionKind>[] {
  const file = snippetFiles(profiles).find((f) => f.languages.includes(language === 'iam' ? 'json' : 'sql'));
  if (!file) return [];
  return Object.values(file.snippets).map((entry: SnippetEntry) => ({
    label: entry.prefix,
    kind: 'snippet' as const,
    detail: 'GrantCheck profile snippet',
    documentation: entry.description,
    edit: { start: range.start, end: range.end, newText: entry.body.join('\n') },
    additionalEdits: [],
    filterText: entry.prefix,
    // After keywords and properties: a profile snippet is never what Tab takes by default.
    sortText: `~${entry.prefix}`,
    retrigger: false,
  }));
}

/** The profile snippets to offer at `offset`, or none when the cursor is not where a document/statement starts. */
export function completeProfileSnippets(language: SnippetLanguage, text: string, offset: number, profiles?: readonly Profile[]): EngineCompletionItem<SnippetCompletionKind>[] {
  const range = language === 'iam' ? policyDocumentStart(text, offset) : sqlStatementStart(text, offset);
  return range ? profileSnippetItems(language, range, profiles) : [];
}
