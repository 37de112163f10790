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
