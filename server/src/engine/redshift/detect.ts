// Recognises a Redshift permission script: SQL holding at least one statement that manages users or privileges.

import { tokenize, type Token } from './tokenizer';

/** True when the SQL text contains a GRANT / REVOKE / CREATE USER / … statement outside comments and strings. */
export function isPermissionScript(text: string): boolean {
  if (!/grant|revoke|user|role|group|privileges/i.test(text)) return false; // cheap pre-filter
  const tokens = tokenize(text).tokens.filter((t) => t.kind !== 'hash-comment');
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

function opensPermissionStatement(tokens: Token[], i: number): boolean {
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
    case 'create':
    case 'drop':
      return second === 'user' || second === 'role' || second === 'group';
    case 'alter':
      return second === 'user' || second === 'group' || (second === 'default' && word(2) === 'privileges');
    default:
      return false;
  }
}
