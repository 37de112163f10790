// The shortcuts the IAM rules take on their hot paths (performance issue #19, the rules' CPU per statement) answer
// exactly as the plain computations they stand for, on generated inputs (letter case, Unicode that lower-cases
// into ASCII, placeholders, wildcards): the tag-key test, `*` as an action, "matches every string", the
// renamed-service check of resource types. The rule tests and the findings of whole corpora hold the rest.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startsWithAws, tagConditionKey } from '../../server/src/engine/iam/conditionKeySupport';
import { isEveryAction } from '../../server/src/engine/iam/actions';
import { matchesEverything, tokensMatchEverything } from '../../server/src/engine/iam/arn';
import { actionCanUseResource } from '../../server/src/engine/iam/applicability';
import { testData } from '../support/data';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

function randomText(r: Rng, pieces: readonly string[], max = 6): string {
  let s = '';
  for (let n = 1 + Math.floor(r() * max); n > 0; n--) s += pick(r, pieces);
  return s;
}

/** tagConditionKey as written before its quick reject: the reference. */
function referenceTagKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'aws:tagkeys') return 'aws:TagKeys';
  if (lower.startsWith('aws:resourcetag/') && lower.length > 'aws:resourcetag/'.length) return 'aws:ResourceTag';
  if (lower.startsWith('aws:requesttag/') && lower.length > 'aws:requesttag/'.length) return 'aws:RequestTag';
  return undefined;
}

test('tagConditionKey equals the lower-casing reference on generated keys', () => {
  const r = prng(1931);
  // U+0130 and U+212A lower-case into ASCII (`i̇`, `k`); U+017F upper-cases into `S`.
  const heads = ['aws:', 'AWS:', 'Aws:', 'awS:', 'aws', 'aws::', 'ec2:', '\u212Aws:', 'İaws:', ''];
  const bodies = ['TagKeys', 'tagkeys', 'TAGKEYS', 'Tag\u212Aeys', 'ResourceTag/', 'resourcetag/', 'RESOURCETAG/', 'RequestTag/', 'requesttag', 'Tag', ''];
  const tails = ['', '', 'team', 'İ', 'x/y', ' ', '\u017F'];
  let tags = 0;
  for (let n = 0; n < 20_000; n++) {
    const key = pick(r, heads) + pick(r, bodies) + pick(r, tails);
    const expected = referenceTagKey(key);
    if (expected) tags++;
    assert.equal(tagConditionKey(key), expected, JSON.stringify(key));
    assert.equal(startsWithAws(key), key.toLowerCase().startsWith('aws:'), JSON.stringify(key));
  }
  for (const key of ['aws:TagKeys', 'AWS:tagkeys', 'aws:Tag\u212Aeys', 'aws:ResourceTag/x', 'aws:requesttag/İ', 'aws:ResourceTag/', 'aws:tagkeys ', 'aws:tagkey']) {
    assert.equal(tagConditionKey(key), referenceTagKey(key), key);
  }
  assert.ok(tags > 500, `only ${tags} tag keys generated`);
});

test('isEveryAction is /^\\*+$/', () => {
  const r = prng(1932);
  for (let n = 0; n < 20_000; n++) {
    const value = randomText(r, ['*', '*', '**', 's3', ':', 'Get', '?', ' ', '\n', ''], 5);
    assert.equal(isEveryAction(value), /^\*+$/.test(value), JSON.stringify(value));
  }
  assert.equal(isEveryAction(''), false);
  assert.equal(isEveryAction('*\n'), false);
});

test('matchesEverything agrees with the compiled tokens on generated patterns', () => {
  const r = prng(1933);
  const pieces = ['*', '?', 'arn', ':', 'aws', 's3', '${aws:username}', '${*}', '${', '}', '<bucket>', 'your-bucket', 'YOUR_ACCOUNT', 'y', 'a', 'z', 'ACCOUNT_ID', '{{x}}', '\uE000', '\uE001', '/', ''];
  let everything = 0;
  for (let n = 0; n < 30_000; n++) {
    const pattern = randomText(r, pieces, 4);
    const expected = tokensMatchEverything(pattern);
    if (expected) everything++;
    assert.equal(matchesEverything(pattern), expected, JSON.stringify(pattern));
  }
  assert.ok(everything > 1000, `only ${everything} patterns match everything`);
});

test('renamed services: codestar-connections and codeconnections actions apply to either namespace, in any letter case', () => {
  const data = testData();
  const use = data.action('codestar-connections', 'UseConnection');
  const s3 = data.action('s3', 'GetObject');
  assert.ok(use && s3);
  for (const arn of ['arn:aws:codeconnections:us-east-1:123456789012:connection/abc', 'arn:aws:codestar-connections:us-east-1:123456789012:connection/abc']) {
    assert.equal(actionCanUseResource(data, use, arn), true, arn);
    assert.equal(actionCanUseResource(data, s3, arn), false, arn);
  }
});
