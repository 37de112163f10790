// What the engine keeps across lints must not keep the texts of earlier document versions alive (engine/detach.ts).
// V8 keeps a substring of 13 or more characters as a view of the whole string it was cut from: a Sid or an action
// kept in a LintCache entry, or a Resource kept as the key of a table of answers, kept the whole text of the version it
// was read from — 50 KB per keystroke in a 50 KB policy, for as long as the entry lives (hundreds of keystrokes, for undo). Each
// session below types into one value, collects garbage, and bounds the memory the typed versions left behind; with
// the texts kept, it grows by about one text per keystroke.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { LineIndex } from '../../server/src/engine/text';
import { detached, ownCopy } from '../../server/src/engine/detach';
import { generatePolicy } from '../support/benchInputs';
import { testData } from '../support/data';

const options: LintOptions = { data: testData(), kind: 'iam-policy' };

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return ((globalThis as { gc?: () => void }).gc ??= runInNewContext('gc') as () => void);
}

/**
 * Types `keystrokes` characters at `at` (after `warm` first ones), linting each version with `lint`; the heap's growth
 * after a full collection, in bytes per keystroke, from the end of the warm-up to the end.
 */
function retainedPerKeystroke(text: string, at: number, keystrokes: number, lint: (text: string) => void, warm = 8): number {
  const gc = collectGarbage();
  let used = 0;
  for (let i = 0; i < warm + keystrokes; i++) {
    if (i === warm) {
      gc();
      used = process.memoryUsage().heapUsed;
    }
    // Characters that keep the value what it was (a Sid of letters, an ARN's resource name).
    text = text.slice(0, at + i) + String.fromCharCode(97 + (i % 26)) + text.slice(at + i);
    lint(text);
  }
  gc();
  return (process.memoryUsage().heapUsed - used) / keystrokes;
}

describe('what the engine keeps across lints keeps no document text alive', () => {
  it('an own copy is equal and a detached value equal by value', () => {
    const text = `${'x'.repeat(40)}arn:aws:s3:::bucket-name/*`;
    for (const s of [text.slice(40), text.slice(40, 52), text.slice(40, 53), '']) assert.equal(ownCopy(s), s);
    const part = { value: text.slice(40), list: [text.slice(41), null, 3], nested: { more: [text.slice(42)] }, flag: true };
    assert.deepEqual(detached(part), part);
    const map = new Map([[1, 2]]);
    assert.equal(detached({ map }).map, map, 'objects other than arrays and plain objects are kept as they are');
  });

  it('typing in a Sid and in a Resource of a 30 KB policy, linted with a LintCache as the language server does', () => {
    const policy = generatePolicy(30_000, 7);
    // A Sid: the statement's parts kept in its cache entry (duplicate-sid's Sids). A Resource: its parts, and the
    // tables of ARN issues (resource-arn-malformed) and of which actions can use a Resource (iam/applicability.ts),
    // where each keystroke's Resource is a new key.
    for (const opening of ['"Sid": "', '"arn:aws:s3:::']) {
      const cache = new LintCache();
      const lint = (text: string): void => void lintText(text, { ...options, cache, lines: LineIndex.of(text) });
      lint(policy);
      const at = policy.indexOf(opening, policy.length / 2) + opening.length;
      const retained = retainedPerKeystroke(policy, at, 24, lint);
      // Kept texts: ≥ 36 KB per keystroke (measured 42–49 KB). Without them: the cache's entry of each typed version (≈ 7–8 KB).
      assert.ok(retained < 20_000, `${opening}: ${Math.round(retained)} bytes retained per keystroke`);
    }
  });
});
