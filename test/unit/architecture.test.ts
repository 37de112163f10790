// Rules are written once against the policy model: none imports a host adapter or knows Terraform, CloudFormation, HCL or YAML.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';

const RULES = path.join(__dirname, '..', '..', 'server', 'src', 'engine', 'rules');

/** Host syntaxes and their constructs: a rule that names one handles a host itself. */
const HOST_WORDS = /terraform|cloudformation|\bhcl\b|yaml|jsonencode|heredoc|intrinsic/i;
/** Identifiers such as `hasHostUnknowns`, `doc.host` or `value.opaque`: host knowledge by another name. */
const HOST_IDENTIFIER = /host|opaque/i;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Host knowledge in the code of a TypeScript source (comments are not code): imports, identifiers, strings. */
export function hostKnowledge(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = match[1] ?? match[2] ?? '';
    if (/(^|\/)hosts(\/|$)/.test(spec)) found.push(`imports ${spec}`);
  }
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  // Brace depth inside each open template substitution: its closing `}` continues the template text.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0) templates[templates.length - 1]!++;
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates[templates.length - 1] === 0) kind = scanner.reScanTemplateToken(false);
      else templates[templates.length - 1]!--;
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
    const text = scanner.getTokenValue() ?? scanner.getTokenText();
    if (kind === ts.SyntaxKind.Identifier && (HOST_WORDS.test(text) || HOST_IDENTIFIER.test(text))) found.push(`identifier ${text}`);
    const isString =
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      kind === ts.SyntaxKind.TemplateHead ||
      kind === ts.SyntaxKind.TemplateMiddle ||
      kind === ts.SyntaxKind.TemplateTail;
    if (isString && HOST_WORDS.test(text)) found.push(`string ${JSON.stringify(text)}`);
  }
  return found;
}

test('no rule imports a host adapter or names a host syntax in its code', () => {
  const files = sourceFiles(RULES);
  assert.ok(files.length > 20, 'rule sources found');
  const violations = files.flatMap((file) => hostKnowledge(fs.readFileSync(file, 'utf8')).map((v) => `${path.relative(RULES, file)}: ${v}`));
  assert.deepEqual(violations, []);
});

test('the check finds host knowledge in code, and not in comments', () => {
  assert.deepEqual(hostKnowledge("import { extractPolicies } from '../../hosts/lintHost';"), ['imports ../../hosts/lintHost']);
  assert.deepEqual(hostKnowledge('if (context.doc.host) return;'), ['identifier host']);
  assert.deepEqual(hostKnowledge('const ok = hasHostUnknowns(doc, text, value);'), ['identifier hasHostUnknowns']);
  assert.deepEqual(hostKnowledge("if (syntax === 'yaml') return;"), ['string "yaml"']);
  assert.deepEqual(hostKnowledge('const m = `in ${kind} Terraform`;'), ['string " Terraform"']);
  assert.deepEqual(hostKnowledge('// Terraform writes `${var.x}` here\nconst a = 1; /* YAML */'), []);
  assert.deepEqual(hostKnowledge("const link = 'oidc-provider/<host>';"), []);
});
