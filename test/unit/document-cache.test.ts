// lsp/documentCache.ts: a document's FileSettings are merged once per generation (settings, config files and the
// workspace folders start a new one) and session binding, not on every keystroke.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentCache, type Analysis } from '../../server/src/lsp/documentCache';
import type { FileSettings } from '../../server/src/lsp/settings';

function settings(tag: string): FileSettings {
  return { detect: {}, policyType: undefined, severities: { [tag]: 'off' }, ignored: false, configProblems: [], profile: undefined, relatedProfiles: [] };
}

describe('DocumentCache.fileSettings', () => {
  it('computes a document’s settings once per generation and session binding', () => {
    const cache = new DocumentCache(() => ({}) as Analysis);
    let computed = 0;
    const get = (uri: string, session: unknown): FileSettings => cache.fileSettings(uri, session, () => settings(`${uri}#${++computed}`));
    const first = get('file:///a.json', undefined);
    assert.equal(get('file:///a.json', undefined), first, 'the same generation and binding: kept');
    assert.equal(computed, 1);
    const other = get('file:///b.json', undefined);
    assert.notEqual(other, first, 'per document');
    const bound = { id: 'p' };
    assert.notEqual(get('file:///a.json', bound), first, 'a session binding: computed again');
    assert.equal(get('file:///a.json', bound), get('file:///a.json', bound));
    const before = computed;
    cache.invalidateAll();
    get('file:///a.json', bound);
    get('file:///b.json', undefined);
    assert.equal(computed, before + 2, 'a new generation: every document computed again');
    cache.delete('file:///a.json');
    get('file:///a.json', bound);
    assert.equal(computed, before + 3, 'a closed document is forgotten');
  });
});
