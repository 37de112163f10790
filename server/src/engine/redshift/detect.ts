// Recognises a Redshift permission script: SQL holding at least one statement that manages users, privileges,
// row-level security or masking policies, datashares or ownership. The parser asks the same question
// (`opensPermissionStatement`) for a statement that runs into the next one, so the CLI, the editor and the
// parser agree on what a permission statement is.

import { tokenize, type Token } from './tokenizer';

/** True when the SQL text contains a GRANT / REVOKE / CREATE USER / … statement outside comments and strings. */
export function isPermissionScript(text: string): boolean {
  if (!/grant|revoke|user|role|group|privileges|policy|datashare|owner/i.test(text)) return false; // cheap pre-filter
  // A script usually says so in its first statements: the tokens of its first lines are looked at before the whole.
  const cut = text.length > PREFIX_LENGTH ? text.indexOf('\n', PREFIX_LENGTH) + 1 : 0;
  if (cut > 0 && cut < text.length && hasPermissionStatement(prefixTokens(text, cut))) return true;
  return hasPermissionStatement(tokenize(text).tokens);
}

/** isPermissionScript from the whole text's tokens only (for tests: the reference of the prefix's shortcut). */
export function isPermissionScriptWhole(text: string): boolean {
  return /grant|revoke|user|role|group|privileges|policy|datashare|owner/i.test(text) && hasPermissionStatement(tokenize(text).tokens);
}

/** How much of a long script is tokenized first (up to the end of the line this reaches). */
const PREFIX_LENGTH = 256;

/**
 * The first tokens of `text` as tokenize(text) gives them, from tokenizing only `text.slice(0, cut)` (`cut` just after
 * a line break): every token up to the first that is unterminated there or meets the cut. A string, quoted name,
 * variable or dollar body that closes after the cut is unterminated in the prefix, a comment that does runs to its end
 * (no token follows it); any other token ends within its line; and a token depends on no text after its end but the
 * next character, which is before the cut. So a permission statement found among them is one of the whole text's
 * (opensPermissionStatement answers true only from tokens it read); when none is, the whole text is tokenized.
 */
function prefixTokens(text: string, cut: number): Token[] {
  const { tokens } = tokenize(text.slice(0, cut));
  let n = 0;
  while (n < tokens.length && !tokens[n]!.unterminated && tokens[n]!.end < cut) n++;
  tokens.length = n;
  return tokens;
}

/** Whether the tokens (all of a text, or the first ones) open a permission statement. */
function hasPermissionStatement(allTokens: Token[]): boolean {
  const tokens = allTokens.filter((t) => t.kind !== 'hash-comment');
  let atStatementStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct' && token.value === ';') {
      atStatementStart = true;
      continue;
    }
    // A permission statement opening a line counts even when the statement before it lacks its `;`.
    if ((atStatementStart || token.lineStart) && opensPermissionStatement(tokens, i)) return true;
    atStatementStart = false;
  }
  return false;
}

/** ALTER statements whose `OWNER TO` clause makes them permission statements. */
const OWNED_OBJECTS = new Set(['table', 'view', 'schema', 'database', 'function', 'procedure']);

/** How far `ALTER TABLE … OWNER TO` is looked for: a bound keeps every scan linear (a qualified name plus a signature fit). */
const OWNER_LOOKAHEAD = 200;

/** Whether the statement starting at `tokens[i]` manages users, privileges, policies, datashares or ownership. */
export function opensPermissionStatement(tokens: readonly Token[], i: number): boolean {
  const word = (k: number): string | undefined => {
    const t = tokens[i + k];
    return t?.kind === 'word' ? t.value : undefined;
  };
  const first = word(0);
  const second = word(1);
  switch (first) {
    case 'grant':
    case 'revoke':
      return true;
    case 'attach':
    case 'detach':
      return (second === 'rls' || second === 'masking') && word(2) === 'policy';
    case 'create':
    case 'drop':
      return second === 'user' || second === 'role' || second === 'group' || second === 'datashare' || isPolicy(second, word(2));
    case 'alter':
      if (second === 'user' || second === 'group' || second === 'role' || second === 'datashare' || isPolicy(second, word(2))) return true;
      if (second === 'default') return word(2) === 'privileges';
      return second !== undefined && OWNED_OBJECTS.has(second) && hasOwnerTo(tokens, i + 2);
    default:
      return false;
  }
}

function isPolicy(second: string | undefined, third: string | undefined): boolean {
  return (second === 'rls' || second === 'masking') && third === 'policy';
}

/** `OWNER TO` before the statement's `;` (within the lookahead bound). */
function hasOwnerTo(tokens: readonly Token[], from: number): boolean {
  const end = Math.min(tokens.length - 1, from + OWNER_LOOKAHEAD);
  for (let k = from; k < end; k++) {
    const t = tokens[k]!;
    if (t.kind === 'punct' && t.value === ';') return false;
    if (t.kind === 'word' && t.value === 'owner' && tokens[k + 1]?.kind === 'word' && tokens[k + 1]!.value === 'to') return true;
  }
  return false;
}
