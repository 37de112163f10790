// Credential values are removed from messages in every form they take in a URL, a header or a dump: URL-encoded and
// base64 (standard, URL-safe, padded or not, and inside the base64 of a longer text at any byte alignment).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyAwsError, redactSecrets, secretForms } from '../../server/src/aws/errors';
import { FAKE_CREDENTIALS, leaksSecret } from './fixtures';

const SECRETS = new Set([FAKE_CREDENTIALS.accessKeyId, FAKE_CREDENTIALS.secretAccessKey, FAKE_CREDENTIALS.sessionToken]);
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

/** Every secret recoverable from a text: as is, URL-decoded (up to twice), or base64-decoded from any run at any shift. */
function recoverable(text: string): string | undefined {
  const candidates = [text];
  let decoded = text;
  for (let i = 0; i < 2; i++) {
    try {
      decoded = decodeURIComponent(decoded);
      candidates.push(decoded);
    } catch {
      break;
    }
  }
  for (const run of text.match(BASE64_RUN) ?? []) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    for (let shift = 0; shift < 4; shift++) candidates.push(Buffer.from(standard.slice(shift), 'base64').toString('latin1'));
  }
  for (const c of candidates) {
    const leak = leaksSecret(c);
    if (leak) return leak;
  }
  return undefined;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const urlSafe = (text: string): string => text.replace(/\+/g, '-').replace(/\//g, '_');

describe('redactSecrets', () => {
  const secret = FAKE_CREDENTIALS.secretAccessKey;
  const token = FAKE_CREDENTIALS.sessionToken;

  test('the checker itself finds each form in unredacted text', () => {
    for (const text of [`x ${encodeURIComponent(secret)} y`, `Basic ${b64(`user:${secret}`)}`, urlSafe(b64(`..${token}`)).replace(/=+$/, '')]) {
      assert.ok(recoverable(text), text);
    }
  });

  test('URL-encoded: upper- and lower-case hex, encodeURI and double encoding', () => {
    const encoded = encodeURIComponent(secret);
    assert.notEqual(encoded, secret, 'the fixture secret has a character that URL encoding changes');
    for (const form of [encoded, encoded.replace(/%2F/g, '%2f'), encodeURI(secret), encodeURIComponent(encoded)]) {
      const out = redactSecrets(`GET /?X-Amz-Credential=${form}&x=1 failed`, SECRETS);
      assert.equal(recoverable(out), undefined, out);
      assert.match(out, /\[redacted\]/);
    }
  });

  test('base64: standard and URL-safe, with and without padding', () => {
    for (const value of [secret, token]) {
      const padded = b64(value);
      for (const form of [padded, padded.replace(/=+$/, ''), urlSafe(padded), urlSafe(padded).replace(/=+$/, '')]) {
        const out = redactSecrets(`header: ${form}.`, SECRETS);
        assert.equal(recoverable(out), undefined, `${form} → ${out}`);
      }
    }
  });

  test('base64 of a longer text holding the secret at each byte alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'Authorization: ', 'id=1&secret=']) {
      for (const suffix of ['', 'z', '&more=1']) {
        const blob = b64(`${prefix}${secret}${suffix}`);
        for (const form of [blob, urlSafe(blob).replace(/=+$/, '')]) {
          const out = redactSecrets(`dump ${form} end`, SECRETS);
          assert.equal(recoverable(out), undefined, `prefix "${prefix}", suffix "${suffix}": ${out}`);
        }
      }
    }
  });

  test('text without secrets is left alone; short secrets are not hunted', () => {
    const text = 'Not found: The entity arn:aws:iam::111122223333:role/nobody cannot be found.';
    assert.equal(redactSecrets(text, SECRETS), text);
    assert.equal(redactSecrets('abc xyz', new Set(['abc'])), 'abc xyz');
    assert.ok(secretForms(secret).every((f) => f.length >= 8));
  });

  test('classified AWS errors carry no encoded secret either', () => {
    const message = `Request failed: https://iam.amazonaws.com/?X-Amz-Security-Token=${encodeURIComponent(token).toLowerCase()} body=${b64(`k=${secret}`)}`;
    const e = classifyAwsError(Object.assign(new Error(message), { name: 'WeirdError' }), {
      operation: 'ListRoles', profile: undefined, endpoint: undefined, timeoutMs: 1000, timedOut: false, cancelled: false, attempts: undefined, secrets: SECRETS,
    });
    assert.equal(recoverable(e.message), undefined, e.message);
  });
});
