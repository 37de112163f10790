// node/paths.ts resolvedPath: path.resolve's answer for every path, without its work for one already absolute and normal.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { resolvedPath } from '../../server/src/node/paths';

describe('resolvedPath', () => {
  const cases = [
    '/',
    '/a',
    '/a/b.json',
    '/a/b/',
    '//a',
    '/a//b',
    '/a/./b',
    '/a/../b',
    '/a/b/.',
    '/a/b/..',
    '/.',
    '/..',
    '/a/.b/..c/...',
    '/a/b.',
    'a/b',
    './a',
    '../a',
    '',
    '.',
    'policies/0/p0.json',
    '/tmp/with space/é.json',
  ];
  for (const p of cases) {
    it(`gives path.resolve's answer for ${JSON.stringify(p)}`, () => {
      assert.equal(resolvedPath(p), path.resolve(p));
    });
  }

  it('returns a normal absolute path unchanged, and resolves the others', () => {
    if (path.sep !== '/') return;
    const p = ['', 'tmp', 'repo', 'policies', 'p.json'].join('/');
    assert.equal(resolvedPath(p), p);
    for (const odd of ['/a//b', '/a/./b', '/a/../b', '/a/']) assert.equal(resolvedPath(odd), path.resolve(odd));
  });
});
