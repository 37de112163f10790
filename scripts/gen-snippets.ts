// Writes snippets/*.code-snippets from the profiles (`npm run snippets`); test/unit/snippets.test.ts keeps them in sync.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { snippetFiles, snippetFileText } from '../server/src/engine/profiles/snippets';

if (require.main === module) {
  const dir = path.join(__dirname, '..', 'snippets');
  fs.mkdirSync(dir, { recursive: true });
  for (const file of snippetFiles()) {
    const target = path.join(dir, file.file);
    fs.writeFileSync(target, snippetFileText(file));
    console.log(`wrote ${path.relative(process.cwd(), target)} (${Object.keys(file.snippets).length} snippets)`);
  }
}
