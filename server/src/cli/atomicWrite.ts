// Atomic file writes for `--fix` and `--output-file`: a temporary file in the same directory, renamed over the
// target, so a reader (an editor, a CI step, a crash) sees the old file or the new one, never half of one.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type WriteOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Writes `data` to `file` through a temporary file and a rename. With `expected`, the file must still hold
 * exactly those bytes just before the rename (it was linted from them): when it changed meanwhile (an editor
 * saved it, a formatter ran) nothing is written. A link is written through (its target is replaced), the
 * file's permission bits are kept.
 */
export function writeFileAtomic(file: string, data: Buffer | string, expected?: Buffer): WriteOutcome {
  let target = file;
  let mode: number | undefined;
  try {
    target = fs.realpathSync(file);
    mode = fs.statSync(target).mode & 0o7777;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || expected !== undefined) return { ok: false, reason: describe(error) };
  }
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.grantcheck-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode ?? 0o666);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // openSync's mode passes through the umask; the fixed file keeps its own bits.
    if (mode !== undefined) fs.chmodSync(temp, mode);
    if (expected !== undefined) {
      let now: Buffer;
      try {
        now = fs.readFileSync(target);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        return { ok: false, reason: `it cannot be read any more (${describe(error)})` };
      }
      if (!now.equals(expected)) {
        fs.rmSync(temp, { force: true });
        return { ok: false, reason: 'it changed while it was being linted' };
      }
    }
    fs.renameSync(temp, target);
    return { ok: true };
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    return { ok: false, reason: describe(error) };
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
