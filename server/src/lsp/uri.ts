// file: URIs ↔ file system paths, without pulling in a URI library.

import { fileURLToPath, pathToFileURL } from 'node:url';

export const URI = {
  /** The file system path of a `file:` URI; undefined for other schemes (untitled:, vscode-vfs:, …). */
  toFsPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  /** The `file:` URI of an absolute path. */
  fromFsPath(fsPath: string): string {
    return pathToFileURL(fsPath).href;
  },
};
