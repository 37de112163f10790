// `npm run demo`: lints examples/ with the built CLI. Findings are the point of the demo (some
// examples are broken on purpose), so exit status 1 ("errors found") counts as success; 2 (the
// CLI could not run) or a crash fails the script.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'examples/', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (result.error) {
  console.error(`demo: could not run the CLI: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status === 0 || result.status === 1 ? 0 : (result.status ?? 2));
