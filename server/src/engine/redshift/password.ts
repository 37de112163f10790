// Redshift password literals: hash detection, the clear-text policy, and the `md5` hash form a quick fix can write.
// Rules: https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html (PASSWORD parameter).

export type PasswordForm =
  /** `md5` + 32 hex digits: MD5(password ‖ user name). */
  | { kind: 'md5-hash' }
  /** `sha256|digest|salt`. */
  | { kind: 'sha256-hash' }
  /** A template or client placeholder (`${PW}`, `{{ pw }}`, `<password>`, `:pw`): the real value is not in the file. */
  | { kind: 'placeholder' }
  /**
   * Clear text; `sha256|text` is clear text too (Redshift salts and hashes it itself). `brokenMd5Digits` is set when
   * the text is `md5` followed by hex digits, but not the 32 of a hash: Redshift takes it as a clear-text password.
   */
  | { kind: 'clear'; clear: string; offset: number; brokenMd5Digits?: number };

const MD5_HASH = /^md5[0-9a-fA-F]{32}$/;
/** `md5` + a few hex digits too many or too few (a truncated or mis-pasted hash). */
const BROKEN_MD5 = /^md5[0-9a-fA-F]{24,40}$/;
const SHA256_HASH = /^sha256\|[^|]+\|[^|]+$/i;
const SHA256_CLEAR = /^sha256\|([^|]*)$/i;
const PLACEHOLDER = /^(?:\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]+>|:[A-Za-z_]\w*|%\([A-Za-z_]\w*\)s|%s)$/;

/** What a password literal's content is. `offset` is where the clear text starts inside the literal content. */
export function passwordForm(value: string): PasswordForm {
  if (MD5_HASH.test(value)) return { kind: 'md5-hash' };
  if (SHA256_HASH.test(value)) return { kind: 'sha256-hash' };
  if (PLACEHOLDER.test(value.trim())) return { kind: 'placeholder' };
  if (BROKEN_MD5.test(value)) return { kind: 'clear', clear: value, offset: 0, brokenMd5Digits: value.length - 3 };
  const sha = SHA256_CLEAR.exec(value);
  if (sha) return { kind: 'clear', clear: sha[1]!, offset: 'sha256|'.length };
  return { kind: 'clear', clear: value, offset: 0 };
}

export interface PasswordProblems {
  /** Reasons Redshift rejects the password (each a short phrase, never containing the password). */
  errors: string[];
  /** `@`: excluded by the CREATE USER page, yet used in AWS's own examples. */
  hasAt: boolean;
}

/** Checks clear text against Redshift's rules: 8–64 characters, upper, lower, digit, printable ASCII except ' " \ /. */
export function passwordProblems(clear: string): PasswordProblems {
  const errors: string[] = [];
  const length = [...clear].length;
  if (length < 8) errors.push(`it has ${length} character${length === 1 ? '' : 's'} (at least 8 are required)`);
  if (length > 64) errors.push(`it has ${length} characters (at most 64 are allowed)`);
  if (!/[A-Z]/.test(clear)) errors.push('it has no uppercase letter');
  if (!/[a-z]/.test(clear)) errors.push('it has no lowercase letter');
  if (!/[0-9]/.test(clear)) errors.push('it has no digit');
  const forbidden = new Set<string>();
  for (const ch of clear) {
    const code = ch.codePointAt(0)!;
    if (code < 33 || code > 126) forbidden.add(code === 32 ? 'space' : code < 32 || code === 127 ? 'control character' : 'non-ASCII character');
    else if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') forbidden.add(ch);
  }
  if (forbidden.size > 0) errors.push(`it contains ${[...forbidden].map((c) => (c.length === 1 ? `\`${c}\`` : `a ${c}`)).join(', ')}, which Redshift does not allow`);
  return { errors, hasAt: clear.includes('@') };
}

/** Redshift's md5 password form: `md5` + hex MD5 of password followed by the user name. */
export function md5PasswordHash(password: string, userName: string): string {
  return `md5${md5Hex(password + userName)}`;
}

/** MD5 (RFC 1321) of a string's UTF-8 bytes, as lower-case hex. Pure, so the engine needs no Node crypto. */
export function md5Hex(input: string): string {
  const bytes = utf8(input);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 8) >> 6) * 64 + 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, bitLength >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bitLength / 0x100000000), true);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const m = new Uint32Array(16);
  for (let chunk = 0; chunk < padded.length; chunk += 64) {
    for (let i = 0; i < 16; i++) m[i] = view.getUint32(chunk + i * 4, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const temp = d;
      d = c;
      c = b;
      const sum = (a + f + K[i]! + m[g]!) | 0;
      b = (b + ((sum << S[i]!) | (sum >>> (32 - S[i]!)))) | 0;
      a = temp;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return [a0, b0, c0, d0].map(littleEndianHex).join('');
}

const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16,
  23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0);

function littleEndianHex(word: number): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += ((word >>> (i * 8)) & 0xff).toString(16).padStart(2, '0');
  return hex;
}

function utf8(input: string): Uint8Array {
  const out: number[] = [];
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(out);
}
