// Path containment for the symlink checks of the CLI walk and of config lookup (issue #14).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Whether `target` is `dir` or inside it (both absolute; compare real paths for symlink checks). */
export function isWithin(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The real path (every symlink resolved), or undefined when it cannot be resolved (dangling link, loop, no access). */
export function realPathOf(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * path.resolve, without its work for a path that is already absolute and normal (POSIX: no empty, `.` or `..`
 * segment, no trailing slash): such a path is returned as it is. path.resolve rebuilds every path character by
 * character, and the CLI resolves each file's path several times (its config, its globs, its profiles root).
 */
export function resolvedPath(p: string): string {
  return isNormalAbsolute(p) ? p : path.resolve(p);
}

function isNormalAbsolute(p: string): boolean {
  if (path.sep !== '/' || p.charCodeAt(0) !== 47 /* / */) return false;
  if (p.length === 1) return true;
  if (p.charCodeAt(p.length - 1) === 47) return false;
  // Each segment: not empty (`//`), not `.`, not `..`.
  let segmentStart = 1;
  for (let i = 1; i <= p.length; i++) {
    if (i < p.length && p.charCodeAt(i) !== 47) continue;
    const length = i - segmentStart;
    if (length === 0) return false;
    if (p.charCodeAt(segmentStart) === 46 /* . */ && (length === 1 || (length === 2 && p.charCodeAt(segmentStart + 1) === 46))) return false;
    segmentStart = i + 1;
  }
  return true;
}
