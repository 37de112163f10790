// Issue 21 item 7: `.tf` files are highlighted by the HCL grammar in syntaxes/ (registered for the `terraform`
// language), which defers to an installed HashiCorp Terraform extension.
//
// vscode-textmate and vscode-oniguruma are not dependencies, so this is a structural test: the grammar is valid JSON,
// every include resolves, every regular expression compiles (as a JavaScript RegExp: the constructs used —
// classes, groups, look-ahead, fixed look-behind, `\b`, back-references in `end` — mean the same in Oniguruma), and
// a small TextMate interpreter (begin/end/match, captures with patterns, back-references from begin into end,
// contentName) tokenizes sample Terraform into the expected scopes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { HASHICORP_TERRAFORM, TERRAFORM_LANGUAGE_CONFIGURATION } from '../../client/src/terraformLanguageConfig';

const ROOT = path.resolve(__dirname, '..', '..');

interface Capture {
  name?: string;
  patterns?: Rule[];
}
interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
}
interface Grammar extends Rule {
  scopeName: string;
  repository: Record<string, Rule>;
}

interface Manifest {
  publisher: string;
  name: string;
  contributes: { languages: { id: string; configuration?: string; extensions?: string[] }[]; grammars: { language?: string; scopeName: string; path: string }[] };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const contribution = manifest.contributes.grammars.find((g) => g.language === 'terraform');
const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, contribution?.path ?? 'syntaxes/hcl.tmLanguage.json'), 'utf8')) as Grammar;

/** Every rule of the grammar, with where it is (for messages). */
function allRules(): { where: string; rule: Rule }[] {
  const out: { where: string; rule: Rule }[] = [];
  const walk = (rule: Rule, where: string): void => {
    out.push({ where, rule });
    rule.patterns?.forEach((r, i) => walk(r, `${where}.patterns[${i}]`));
    for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
      for (const [n, c] of Object.entries(rule[key] ?? {})) c.patterns?.forEach((r, i) => walk(r, `${where}.${key}[${n}].patterns[${i}]`));
    }
  };
  walk(grammar, '$self');
  for (const [name, rule] of Object.entries(grammar.repository)) walk(rule, `#${name}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// A small TextMate interpreter: scopes per character, line by line.

interface Frame {
  rule: Rule;
  end: RegExp | undefined;
  scopes: string[];
}

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'dg');
    compiled.set(source, re);
  }
  return re;
}

function resolve(rule: Rule): Rule[] {
  if (rule.include) {
    if (rule.include === '$self') return resolve({ patterns: grammar.patterns ?? [] });
    const target = grammar.repository[rule.include.slice(1)];
    assert.ok(target, `include ${rule.include}`);
    return resolve(target);
  }
  if (rule.match !== undefined || rule.begin !== undefined) return [rule];
  return (rule.patterns ?? []).flatMap(resolve);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Scopes of each character of `line` from `from` to `to` are given `name`. */
function paint(scopes: string[][], from: number, to: number, name: string | undefined): void {
  if (!name) return;
  for (let i = from; i < to; i++) scopes[i] = [...scopes[i]!, ...name.split(' ')];
}

function applyCaptures(line: string, scopes: string[][], match: RegExpExecArray, captures: Record<string, Capture> | undefined, base: string[]): void {
  for (const [n, capture] of Object.entries(captures ?? {})) {
    const span = match.indices?.[Number(n)];
    if (!span) continue;
    paint(scopes, span[0], span[1], capture.name);
    if (capture.patterns) {
      const inner = tokenizeLine(line.slice(0, span[1]), [{ rule: { patterns: capture.patterns }, end: undefined, scopes: [...base] }], span[0]);
      for (let i = span[0]; i < span[1]; i++) scopes[i] = [...scopes[i]!, ...inner.scopes[i]!.slice(base.length)];
    }
  }
}

/** Tokenizes one line from `start`; the stack is updated in place (begin/end regions span lines). */
function tokenizeLine(line: string, stack: Frame[], start = 0): { scopes: string[][] } {
  const scopes: string[][] = Array.from({ length: line.length }, () => []);
  let pos = start;
  for (let guard = 0; guard < 10_000; guard++) {
    const top = stack[stack.length - 1]!;
    let best: { index: number; match: RegExpExecArray; rule: Rule | 'end' } | undefined;
    const consider = (re: RegExp, rule: Rule | 'end'): void => {
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.index)) best = { index: m.index, match: m, rule };
    };
    if (top.end) consider(top.end, 'end'); // the end pattern wins ties (no applyEndPatternLast in this grammar)
    for (const rule of resolve({ patterns: top.rule.patterns ?? [] })) consider(regex(rule.match ?? rule.begin!), rule);
    const found = best as { index: number; match: RegExpExecArray; rule: Rule | 'end' } | undefined;
    const fill = (to: number, s: string[]): void => {
      for (let i = pos; i < to; i++) scopes[i] = [...s];
    };
    if (!found) {
      fill(line.length, top.scopes);
      break;
    }
    const { match, rule } = found;
    const matchEnd = match.index + match[0].length;
    fill(match.index, top.scopes);
    if (rule === 'end') {
      const outer = stack.length > 1 ? stack[stack.length - 2]!.scopes : top.scopes;
      const regionScopes = top.rule.name ? [...outer, ...top.rule.name.split(' ')] : outer;
      for (let i = match.index; i < matchEnd; i++) scopes[i] = [...regionScopes];
      applyCaptures(line, scopes, match, top.rule.endCaptures ?? top.rule.captures, regionScopes);
      stack.pop();
    } else if (rule.match !== undefined) {
      for (let i = match.index; i < matchEnd; i++) scopes[i] = [...top.scopes];
      paint(scopes, match.index, matchEnd, rule.name);
      applyCaptures(line, scopes, match, rule.captures, rule.name ? [...top.scopes, ...rule.name.split(' ')] : top.scopes);
    } else {
      const regionScopes = rule.name ? [...top.scopes, ...rule.name.split(' ')] : [...top.scopes];
      for (let i = match.index; i < matchEnd; i++) scopes[i] = [...regionScopes];
      applyCaptures(line, scopes, match, rule.beginCaptures ?? rule.captures, regionScopes);
      // Back-references in `end` are to the captures of `begin`.
      const endSource = rule.end!.replace(/\\(\d)/g, (_m, n: string) => escapeRegExp(match[Number(n)] ?? ''));
      stack.push({ rule, end: new RegExp(endSource, 'dg'), scopes: rule.contentName ? [...regionScopes, rule.contentName] : regionScopes });
    }
    if (matchEnd === pos && rule !== 'end' && rule.begin === undefined) {
      // A zero-length match: move on one character.
      if (pos < line.length) scopes[pos] = [...top.scopes];
      pos++;
    } else pos = matchEnd;
    if (pos >= line.length && !(stack[stack.length - 1]!.end && rule !== 'end' && rule.begin !== undefined)) break;
  }
  return { scopes };
}

/**
 * Tokenizes a text; returns a function giving the scopes of `part` (default: all) of the `nth` occurrence of
 * `needle`; every character of the part must have the same scopes.
 */
function tokenize(text: string): (needle: string, nth?: number, part?: string) => string[] {
  const stack: Frame[] = [{ rule: grammar, end: undefined, scopes: [grammar.scopeName] }];
  const lines = text.split('\n');
  const perLine = lines.map((line) => tokenizeLine(line, stack).scopes);
  return (needle, nth = 0, part = needle) => {
    const offset = needle.indexOf(part);
    assert.ok(offset >= 0, `${part} in ${needle}`);
    let seen = 0;
    for (const [l, line] of lines.entries()) {
      let at = line.indexOf(needle);
      while (at >= 0) {
        if (seen++ === nth) {
          const from = at + offset;
          const first = perLine[l]![from]!;
          for (let i = from; i < from + part.length; i++) assert.deepEqual(perLine[l]![i], first, `the characters of ${JSON.stringify(part)} share their scopes`);
          return first;
        }
        at = line.indexOf(needle, at + 1);
      }
    }
    throw new Error(`${needle} not found`);
  };
}

const has = (scopes: string[], scope: string): boolean => scopes.includes(scope);

// ---------------------------------------------------------------------------------------------

describe('HCL grammar: registration', () => {
  it('package.json registers it for the terraform language, under its own scope name', () => {
    assert.ok(contribution, 'a grammar for the terraform language');
    assert.equal(contribution.scopeName, grammar.scopeName);
    assert.equal(grammar.scopeName, 'source.grantcheck.hcl');
    // HashiCorp's extension registers source.hcl.terraform: a different scope name never replaces theirs.
    assert.notEqual(grammar.scopeName, 'source.hcl.terraform');
    assert.ok(fs.existsSync(path.join(ROOT, contribution.path)));
    const terraform = manifest.contributes.languages.find((l) => l.id === 'terraform');
    assert.deepEqual(terraform?.extensions, ['.tf']);
    // Editing rules are set at run time only when the HashiCorp extension is absent (client/src/terraformLanguage.ts).
    assert.equal(terraform?.configuration, undefined);
  });

  it('defers to the HashiCorp Terraform extension: VS Code registers user extensions by folder name, the last grammar for a language winning', () => {
    // Folder names are `<publisher>.<name>-<version>`; ours must sort before `hashicorp.terraform-…`.
    assert.ok(`${manifest.publisher}.${manifest.name}-` < `${HASHICORP_TERRAFORM}-`, `${manifest.publisher}.${manifest.name} sorts before ${HASHICORP_TERRAFORM}`);
  });

  it('the language configuration matches HCL comments and brackets', () => {
    assert.deepEqual(TERRAFORM_LANGUAGE_CONFIGURATION.comments, { lineComment: '#', blockComment: ['/*', '*/'] });
    assert.deepEqual(TERRAFORM_LANGUAGE_CONFIGURATION.brackets, [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
  });
});

describe('HCL grammar: structure', () => {
  it('every include resolves and every rule is a match, a begin/end pair, or a list of patterns', () => {
    for (const { where, rule } of allRules()) {
      if (rule.include) {
        assert.ok(rule.include === '$self' || grammar.repository[rule.include.slice(1)], `${where}: include ${rule.include}`);
        continue;
      }
      if (rule.begin !== undefined) assert.ok(rule.end !== undefined, `${where}: begin without end`);
      if (rule.end !== undefined) assert.ok(rule.begin !== undefined, `${where}: end without begin`);
      assert.ok(rule.match !== undefined || rule.begin !== undefined || rule.patterns !== undefined, `${where}: empty rule`);
      assert.ok(!(rule.match !== undefined && rule.begin !== undefined), `${where}: match and begin`);
    }
  });

  it('every regular expression compiles and matches no empty string where it would loop', () => {
    for (const { where, rule } of allRules()) {
      for (const key of ['match', 'begin', 'end'] as const) {
        const source = rule[key];
        if (source === undefined) continue;
        assert.doesNotThrow(() => new RegExp(key === 'end' ? source.replace(/\\(\d)/g, 'X') : source, 'd'), `${where}.${key}: ${source}`);
        if (key !== 'end') assert.ok(!new RegExp(source).test('') || /^\^|\$$/.test(source), `${where}.${key} matches the empty string`);
      }
    }
  });

  it('every scope name is a dotted TextMate scope ending in .hcl (so themes colour it and it stays ours)', () => {
    for (const { where, rule } of allRules()) {
      // The grammar's own name is its display name.
      const names = [where === '$self' ? undefined : rule.name, rule.contentName, ...['captures', 'beginCaptures', 'endCaptures'].flatMap((k) => Object.values((rule as Record<string, Record<string, Capture> | undefined>)[k] ?? {}).map((c) => c.name))];
      for (const name of names) {
        if (name === undefined) continue;
        for (const scope of name.split(' ')) assert.match(scope, /^[a-z]+(\.[a-z0-9-]+)*\.hcl$/, `${where}: ${scope}`);
      }
    }
  });
});

describe('HCL grammar: sample tokens', () => {
  const sample = `# A role and its policies
// another comment
/* a block
   comment */
resource "aws_iam_role" "app" {
  name               = "app-\${var.env}"
  count              = 2
  enabled            = true
  description        = null
  max_session        = 3600.5
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Resource = "arn:aws:s3:::\${var.bucket}/\${each.key}/objects"
      Sid      = "Escaped\\"quote"
    }]
  })
  tags = { for k, v in var.tags : k => upper(v) if v != "" }
}

resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Resource": "arn:aws:s3:::\${var.bucket}/home/$\${aws:username}/*"
}
EOF
  other = <<-EOT
    %{ if var.on }on%{ endif }
    EOT
  after = provider::aws::arn_parse(var.arn)
}
`;
  const at = tokenize(sample);

  it('comments', () => {
    assert.ok(has(at('# A role and its policies'), 'comment.line.number-sign.hcl'));
    assert.ok(has(at('// another comment'), 'comment.line.double-slash.hcl'));
    assert.ok(has(at('   comment'), 'comment.block.hcl'));
    assert.ok(!has(at('resource', 0), 'comment.block.hcl'), 'the block comment ends');
  });

  it('block type and labels', () => {
    assert.ok(has(at('resource', 0), 'entity.name.type.hcl'));
    assert.ok(has(at('"aws_iam_role"'), 'entity.name.label.hcl'));
    assert.ok(has(at('"app"'), 'entity.name.label.hcl'));
  });

  it('attributes, numbers, booleans, null', () => {
    assert.ok(has(at('assume_role_policy'), 'variable.other.property.hcl'));
    assert.ok(has(at('count'), 'variable.other.property.hcl'));
    assert.ok(has(at('= 2', 0, '2'), 'constant.numeric.hcl'));
    assert.ok(has(at('3600.5'), 'constant.numeric.hcl'));
    assert.ok(has(at('true'), 'constant.language.boolean.hcl'));
    assert.ok(has(at('null'), 'constant.language.null.hcl'));
  });

  it('functions, including provider functions', () => {
    assert.ok(has(at('jsonencode'), 'support.function.hcl'));
    assert.ok(has(at('upper'), 'support.function.hcl'));
    assert.ok(has(at('provider::aws::arn_parse'), 'support.function.hcl'));
  });

  it('strings with ${} interpolation: the expression inside is code, the text around it string', () => {
    const text = at('arn:aws:s3:::');
    assert.ok(has(text, 'string.quoted.double.hcl'));
    const open = at('${', 1);
    assert.ok(has(open, 'punctuation.section.interpolation.begin.hcl'));
    assert.ok(has(open, 'string.quoted.double.hcl'));
    const inside = at('bucket', 0);
    assert.ok(has(inside, 'meta.embedded.line.hcl'), JSON.stringify(inside));
    assert.ok(has(at('var', 1), 'variable.language.hcl'));
    assert.ok(has(at('/objects'), 'string.quoted.double.hcl'), 'text after the interpolation is string again');
    assert.ok(!has(at('Sid'), 'string.quoted.double.hcl'), 'the string ended');
    assert.ok(has(at('\\"'), 'constant.character.escape.hcl'));
    assert.ok(has(at('quote'), 'string.quoted.double.hcl'), 'an escaped quote does not end the string');
  });

  it('for expressions', () => {
    assert.ok(has(at('for'), 'keyword.control.hcl'));
    assert.ok(has(at('v in var', 0, 'in'), 'keyword.control.hcl'));
    assert.ok(has(at('if v', 0, 'if'), 'keyword.control.hcl'));
    assert.ok(has(at('if v', 0, 'v'), 'variable.other.readwrite.hcl'));
    assert.ok(has(at('=>'), 'keyword.operator.hcl'));
  });

  it('heredocs: content is a string with interpolations, $${ is literal, the marker ends it', () => {
    const content = at('"Resource"');
    assert.ok(has(content, 'string.unquoted.heredoc.hcl'));
    assert.ok(has(at('<<EOF', 0, '<<'), 'keyword.operator.heredoc.hcl'));
    assert.ok(has(at('$${'), 'constant.character.escape.hcl'));
    assert.ok(!has(at('aws:username'), 'meta.interpolation.hcl'), '$${…} is no interpolation');
    assert.ok(has(at('bucket', 1), 'meta.embedded.line.hcl'));
    assert.ok(has(at('EOF', 1), 'keyword.control.heredoc-token.hcl'));
    assert.ok(!has(at('other'), 'string.unquoted.heredoc.hcl'), 'the heredoc ended');
  });

  it('indented heredocs (<<-) with template directives', () => {
    assert.ok(has(at('%{', 0), 'punctuation.section.directive.begin.hcl'));
    assert.ok(has(at('endif'), 'keyword.control.hcl'));
    assert.ok(has(at('EOT', 1), 'keyword.control.heredoc-token.hcl'));
    assert.ok(!has(at('after'), 'string.unquoted.heredoc.hcl'), 'the indented marker ends the heredoc');
    assert.ok(has(at('after'), 'variable.other.property.hcl'));
  });
});
