// The binding comment search (profiles/binding.ts) tries only the lines that hold `--` or `//` instead of every line
// start: over random texts of comment-like lines it finds exactly what the pattern finds over the whole text, and so
// does the scan of only the lines an edit touched, over typing sessions in long texts.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BINDING_COMMENT, bindingScans, bindingValues, sqlBindingComment } from '../../server/src/engine/profiles/binding';
import { prng } from '../support/prng';

const PIECES = ['--', '//', '-', '/', ' ', '\t', 'x', 'grantcheck-profile:', 'GrantCheck-Profile:', ' fivetran/destination', ' a/b k=v', 'a=1', '\n', '\r\n', '\r', '\u2028', '-- ', '// ', '  -- grantcheck-profile: p/q x=1'];

it('finds the first binding comment exactly where the whole-text pattern does', () => {
  const rng = prng(42);
  let found = 0;
  for (let n = 0; n < 4000; n++) {
    let text = '';
    const length = 1 + Math.floor(rng() * 30);
    for (let k = 0; k < length; k++) text += PIECES[Math.floor(rng() * PIECES.length)]!;
    const reference = BINDING_COMMENT.exec(text);
    const comment = sqlBindingComment(text);
    if (!reference) {
      assert.equal(comment, undefined, JSON.stringify(text));
      continue;
    }
    found++;
    assert.ok(comment, JSON.stringify(text));
    assert.equal(comment.end, reference.index + reference[0].length, JSON.stringify(text));
    assert.equal(comment.binding.id, reference[1], JSON.stringify(text));
  }
  assert.ok(found > 200, `${found} texts with a binding comment`);
});

/** Lines that are, or are one keystroke from, a binding comment. */
const NEAR = ['-- grantcheck-profile: a/b x=1', '- grantcheck-profile: a/b x=1', '-- grantcheck-profil: a/b', '/ grantcheck-profile: p/q', '  //xgrantcheck-profile:a/b k="v w"', '-- grantcheck-profile a/b', 'x-- grantcheck-profile: a/b', '-- grantcheck-profile: a'];
const TYPED = ['-', '/', 'e', ':', ' ', 'x', '=', '\n', '\r', '\r\n', '\u2028'];

it('while typing in a long text, scanning only where it changed finds what the whole-text pattern finds', () => {
  const rng = prng(7);
  const before = { ...bindingScans };
  let found = 0;
  for (let session = 0; session < 20; session++) {
    // Long enough to be scanned where it changed; filler with `-` and `//` in it, and lines near a binding comment.
    let text = '';
    // Half the sessions start with no binding comment at all (one appears when an edit completes one).
    const near = session % 2 === 0 ? NEAR : NEAR.slice(1);
    while (text.length < 20_000) text += rng() < 0.95 ? `line ${text.length} - x // y\n`.slice(Math.floor(rng() * 8)) : `${near[Math.floor(rng() * near.length)]!}\n`;
    for (let n = 0; n < 150; n++) {
      // Mostly on or beside a line near a comment (its start, middle or end); else anywhere.
      let at = Math.floor(rng() * (text.length + 1));
      if (rng() < 0.8) {
        // One of the first lines near a comment: which one is the first comment changes.
        let near = -1;
        for (let k = Math.floor(rng() * 3); k >= 0; k--) near = text.indexOf('grantcheck-profil', near + 1);
        const lineStart = Math.max(text.lastIndexOf('\n', near), text.lastIndexOf('\r', near)) + 1;
        if (near >= 0) at = Math.min(text.length, lineStart + Math.floor(rng() * 36));
      }
      if (rng() < 0.6) text = text.slice(0, at) + TYPED[Math.floor(rng() * TYPED.length)]! + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rng() * (rng() < 0.9 ? 2 : 60)));
      const reference = BINDING_COMMENT.exec(text);
      const comment = sqlBindingComment(text);
      const what = `session ${session}, edit ${n}`;
      if (!reference) {
        assert.equal(comment, undefined, what);
        continue;
      }
      found++;
      assert.ok(comment, what);
      assert.deepEqual(
        [comment.start, comment.end, comment.binding.id, comment.binding.values],
        [reference.index + reference[0].search(/--|\/\//), reference.index + reference[0].length, reference[1], bindingValues(reference[2]!)],
        what,
      );
    }
  }
  if (process.env.SHOW_STATS) console.log(found, bindingScans);
  assert.ok(found > 1000, `${found} versions with a binding comment`);
  assert.ok(bindingScans.edited - before.edited > 500, JSON.stringify(bindingScans));
});
