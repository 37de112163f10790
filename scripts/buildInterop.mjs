// esbuild's CommonJS interop, cheaper at start (issue #19, cold start). An ES module that imports a CommonJS module
// (`import * as fs from 'node:fs'`, `import { createConnection } from 'vscode-languageserver/node'`) is bundled as
// `var fs = __toESM(require("node:fs"))`: a new object with one getter per export of the module (104 for node:fs, 321
// for vscode-languageserver), built at every start for every such import — over a thousand getters, about a tenth of
// the instructions of a language-server start (valgrind; BENCHMARKS.md, cold start). Where the bundle only ever reads
// named properties of that object (`fs.readFileSync`, `(0, fs.join)(…)`), the module's own exports object answers the
// same reads, so the copy goes: `var fs = require("node:fs")`. A binding read any other way — its `default` (what the
// copy adds for a module without `__esModule`), `fs[name]`, `fs?.x`, passed as a value, spread, written — keeps its
// copy. (One thing differs, in the bundle's favour: a name the module adds to its exports later is seen; the copy,
// made once, had no getter for it.) The bundle is parsed (TypeScript's parser) so strings, property names and object keys are not mistaken for
// the binding; a name declared again in another scope counts with it, which can only keep a copy, never drop one.

import ts from 'typescript';

/** The name of esbuild's `__toESM` helper in a bundle (found by its shape, minified or not), or undefined. */
export function toEsmHelperName(text) {
  // `V=(e,t,n)=>(n=e!=null?create(getPrototypeOf(e)):{},copyProps(t||!e||!e.__esModule?define(n,"default",…):n,e))`
  const shape = /([\w$]+) ?= ?\(([\w$]+), ?([\w$]+), ?([\w$]+)\) ?=> ?\(\4 ?= ?\2 ?!= ?null ?\? ?[\w$]+\([\w$]+\(\2\)\) ?: ?\{\}, ?[\w$]+\(\s*(?:\/\/[^\n]*\n\s*)*\3 ?\|\| ?!\2 ?\|\| ?!\2\.__esModule ?\?/;
  return shape.exec(text)?.[1];
}

/**
 * `text` (a bundle) with each `__toESM(<module>)` copy whose binding is only read as `binding.name` (never `default`)
 * replaced by the module itself: `require("m")` or the call of a bundled module's wrapper. Returns the new text and the
 * bindings unwrapped and kept (`name=module`).
 */
export function unwrapInteropCopies(text, fileName = 'bundle.js') {
  const helper = toEsmHelperName(text);
  if (!helper) return { text, unwrapped: [], kept: [] };
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** Declarations `name = helper(module)`, the module a `require("…")` or a call without arguments. */
  const copies = [];
  /** Per identifier text: is every reference a named read other than `default`? */
  const namedReadsOnly = new Map();
  const isCopy = (node) =>
    ts.isVariableDeclaration(node) &&
    ts.isIdentifier(node.name) &&
    node.initializer !== undefined &&
    ts.isCallExpression(node.initializer) &&
    ts.isIdentifier(node.initializer.expression) &&
    node.initializer.expression.text === helper &&
    node.initializer.arguments.length === 1 &&
    ts.isCallExpression(node.initializer.arguments[0]) &&
    (node.initializer.arguments[0].arguments.length === 0 ||
      (ts.isIdentifier(node.initializer.arguments[0].expression) &&
        node.initializer.arguments[0].expression.text === 'require' &&
        node.initializer.arguments[0].arguments.length === 1 &&
        ts.isStringLiteral(node.initializer.arguments[0].arguments[0])));
  const visit = (node) => {
    if (isCopy(node)) copies.push(node);
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      // Not a reference: a property name (`a.x`, `{ x: … }`, a method or class member name) or a declaration's own name.
      const propertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === node);
      const ownDeclaration = isCopy(parent) && parent.name === node;
      if (!propertyName && !ownDeclaration) {
        // A named read: `x.name` (the object of a property access, not written to), name not `default`.
        const namedRead =
          ts.isPropertyAccessExpression(parent) &&
          parent.expression === node &&
          parent.questionDotToken === undefined &&
          parent.name.text !== 'default' &&
          !(ts.isBinaryExpression(parent.parent) && parent.parent.left === parent && isAssignment(parent.parent.operatorToken.kind)) &&
          !((ts.isPrefixUnaryExpression(parent.parent) || ts.isPostfixUnaryExpression(parent.parent)) && (parent.parent.operator === ts.SyntaxKind.PlusPlusToken || parent.parent.operator === ts.SyntaxKind.MinusMinusToken)) &&
          !ts.isDeleteExpression(parent.parent);
        if (!namedRead) namedReadsOnly.set(node.text, false);
        else if (!namedReadsOnly.has(node.text)) namedReadsOnly.set(node.text, true);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const unwrapped = [];
  const kept = [];
  const edits = [];
  for (const copy of copies) {
    const name = copy.name.text;
    const module = copy.initializer.arguments[0].getText(source);
    // A name declared as a copy more than once must have the same reads everywhere (it does: all are counted together).
    if (namedReadsOnly.get(name) === false) {
      kept.push(`${name}=${module}`);
      continue;
    }
    unwrapped.push(`${name}=${module}`);
    edits.push({ start: copy.initializer.getStart(source), end: copy.initializer.getEnd(), text: module });
  }
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return { text: result, unwrapped, kept };
}

function isAssignment(kind) {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
