// The binding comment search (profiles/binding.ts) tries only the lines that hold `--` or `//` instead of every line
// start: over random texts of comment-like lines it finds exactly what the pattern finds over the whole text.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BINDING_COMMENT, sqlBindingComment } from '../../server/src/engine/profiles/binding';
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
