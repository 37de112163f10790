// No import cycles in server/src and client/src: every module graph is a DAG, type-only imports included.
//
// Type-only imports are counted too. They vanish from the bundle, but a cycle of types is the same
// tangle for a reader (two modules that cannot be understood one without the other), and breaking it
// costs one leaf module of shared types. A runtime cycle is worse: a module can see another's exports
// before they are initialised (the CLI's exit codes were `undefined` in that window).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const SOURCE_ROOTS = [path.join(ROOT, 'server', 'src'), path.join(ROOT, 'client', 'src')];

interface ImportEdge {
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The module a relative specifier names (`./x` → `./x.ts` or `./x/index.ts`); undefined for packages and non-TS files. */
function resolveRelative(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Every module a file imports: static imports and re-exports, `import()` and `require()` calls, `import x = require()`. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const to = resolveRelative(file, specifier.text);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      // `import { type A, type B } from` is as type-only as `import type { A, B } from`; `import './x'` runs x.
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (!clause.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier, node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true); // `import('./x').T` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Strongly connected components with more than one module, or one module importing itself (Tarjan, iterative). */
export function findCycles(graph: ReadonlyMap<string, readonly ImportEdge[]>, includeTypeOnly: boolean): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const successors = (v: string): string[] => (graph.get(v) ?? []).filter((e) => includeTypeOnly || !e.typeOnly).map((e) => e.to);
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { v: string; children: string[]; i: number }[] = [];
    const open = (v: string): void => {
      index.set(v, next);
      low.set(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      work.push({ v, children: successors(v), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.children.length) {
        const w = frame.children[frame.i++]!;
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(frame.v)!));
      if (low.get(frame.v) !== index.get(frame.v)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== frame.v);
      const selfLoop = component.length === 1 && successors(frame.v).includes(frame.v);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  }
  return cycles;
}

function projectGraph(): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) graph.set(file, importsOf(file, fs.readFileSync(file, 'utf8')));
  return graph;
}

const describeCycle = (cycle: string[]): string => cycle.map((f) => path.relative(ROOT, f).split(path.sep).join('/')).join(' ↔ ');

test('server/src and client/src have no import cycle (runtime or type-only)', () => {
  const graph = projectGraph();
  assert.ok(graph.size > 50, `sources found (${graph.size})`);
  const edges = [...graph.values()].reduce((n, e) => n + e.length, 0);
  assert.ok(edges > graph.size, `imports resolved (${edges} edges)`);
  const runtime = new Set(findCycles(graph, false).flat());
  const cycles = findCycles(graph, true).map((c) => `${describeCycle(c)}${c.some((f) => runtime.has(f)) ? ' (runtime)' : ' (type-only)'}`);
  assert.deepEqual(cycles, [], 'Break each cycle by moving what both modules need into a leaf module (see cli/command.ts).');
});

test('the import reader sees every form of import, and tells type-only ones apart', () => {
  const dir = path.join(ROOT, 'server', 'src', 'cli');
  const file = path.join(dir, 'probe.ts');
  const text = [
    "import { runCli } from './main';",
    "import type { CliIo } from './command';",
    "import { type Subcommand } from './command';",
    "export { lintPaths } from './lintFiles';",
    "import('./formatters');",
    "const x = require('./profiles');",
    "import * as fs from 'node:fs';",
    "type T = import('./verify').X;",
  ].join('\n');
  const found = importsOf(file, text).map((e) => `${path.basename(e.to)}${e.typeOnly ? ' (type)' : ''}`);
  assert.deepEqual(found, ['main.ts', 'command.ts (type)', 'command.ts (type)', 'lintFiles.ts', 'formatters.ts', 'profiles.ts', 'verify.ts (type)']);
});

test('the cycle finder reports runtime cycles, type-only cycles when asked, and self-imports', () => {
  const graph = new Map<string, ImportEdge[]>([
    ['a', [{ to: 'b', typeOnly: false }]],
    ['b', [{ to: 'c', typeOnly: false }]],
    ['c', [{ to: 'a', typeOnly: false }, { to: 'd', typeOnly: false }]],
    ['d', [{ to: 'e', typeOnly: false }]],
    ['e', [{ to: 'd', typeOnly: true }]],
    ['f', [{ to: 'f', typeOnly: false }]],
    ['g', [{ to: 'a', typeOnly: false }]],
  ]);
  assert.deepEqual(findCycles(graph, false), [['a', 'b', 'c'], ['f']]);
  assert.deepEqual(findCycles(graph, true).sort(), [['a', 'b', 'c'], ['d', 'e'], ['f']]);
});
