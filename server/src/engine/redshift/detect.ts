// Recognises a Redshift permission script: SQL holding at least one statement that manages users or privileges.

/** Statement openings that make a SQL file a permission script (matched at a statement start). */
const PERMISSION_STATEMENT =
  /^(?:grant|revoke|create\s+user|alter\s+user|drop\s+user|alter\s+default\s+privileges|create\s+role|drop\s+role|create\s+group|alter\s+group|drop\s+group)\b/i;

/** True when the SQL text contains a GRANT / REVOKE / CREATE USER / … statement outside comments and strings. */
export function isPermissionScript(text: string): boolean {
  if (!/grant|revoke|user|role|group|privileges/i.test(text)) return false;
  let atStatementStart = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; }
        else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; }
        else i++;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === ';') { atStatementStart = true; i++; continue; }
    if (atStatementStart) {
      if (PERMISSION_STATEMENT.test(text.slice(i, i + 40))) return true;
      atStatementStart = false;
    }
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    i++;
  }
  return false;
}
