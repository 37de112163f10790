// lsp/uri.ts: URI.toFsPath keeps the paths of recent URIs; the answer is always fileURLToPath's (or undefined).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { URI } from '../../server/src/lsp/uri';

function expected(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

describe('URI.toFsPath', () => {
  it('equals fileURLToPath, asked once or again, past the bound of remembered URIs', () => {
    const uris = ['file:///a/b.json', 'file:///a/with%20space.json', 'untitled:Untitled-1', 'file://remote-host/share/x.json', 'file:///a/%E2%82%AC.json', 'vscode-vfs://github/x.json'];
    for (let i = 0; i < 600; i++) uris.push(`file:///work/p${i}.json`);
    for (let round = 0; round < 3; round++) for (const uri of uris) assert.equal(URI.toFsPath(uri), expected(uri), uri);
  });
});
