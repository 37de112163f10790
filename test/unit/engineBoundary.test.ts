// The engine stays pure: nothing under server/src/engine imports VS Code, LSP or Node I/O modules.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ENGINE = path.join(__dirname, '..', '..', 'server', 'src', 'engine');
const FORBIDDEN = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /^(node:)?(fs|child_process|net|http|https|worker_threads)(\/|$)/, /^@aws-sdk\//];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

test('engine modules import nothing from vscode, the LSP libraries, AWS or Node I/O', () => {
  const files = sourceFiles(ENGINE);
  assert.ok(files.length > 5, 'engine sources found');
  const violations: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? '';
      if (FORBIDDEN.some((re) => re.test(spec))) violations.push(`${path.relative(ENGINE, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the boundary check itself catches a forbidden import', () => {
  const sample = "import { Diagnostic } from 'vscode-languageserver';";
  const spec = /from\s+['"]([^'"]+)['"]/.exec(sample)![1]!;
  assert.ok(FORBIDDEN.some((re) => re.test(spec)));
});

test('no AGPL test oracle is imported by shipped code', () => {
  const shipped = [...sourceFiles(path.join(__dirname, '..', '..', 'server', 'src')), ...sourceFiles(path.join(__dirname, '..', '..', 'client', 'src'))];
  const importsAgpl = /(?:from\s+|require\(\s*|import\(\s*)['"]@cloud-copilot\/iam-(simulate|expand|policy|utils)/;
  assert.ok(importsAgpl.test("import { x } from '@cloud-copilot/iam-simulate';"), 'the check recognises an import');
  const offenders = shipped.filter((f) => importsAgpl.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
