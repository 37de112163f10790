// file: URIs ↔ file system paths, without pulling in a URI library.

import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Paths of the URIs converted lately: every keystroke asks for its document's path (its analysis, its profiles), and
 * `fileURLToPath` parses a URL each time (≈ 0.1 ms per keystroke in a server profile). Bounded: cleared when full.
 */
const recentPaths = new Map<string, string | undefined>();
const RECENT_PATHS = 256;

export const URI = {
  /** The file system path of a `file:` URI; undefined for other schemes (untitled:, vscode-vfs:, …). */
  toFsPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    if (recentPaths.has(uri)) return recentPaths.get(uri);
    let fsPath: string | undefined;
    try {
      fsPath = fileURLToPath(uri);
    } catch {
      fsPath = undefined;
    }
    if (recentPaths.size >= RECENT_PATHS) recentPaths.clear();
    recentPaths.set(uri, fsPath);
    return fsPath;
  },
  /** The `file:` URI of an absolute path. */
  fromFsPath(fsPath: string): string {
    return pathToFileURL(fsPath).href;
  },
};
