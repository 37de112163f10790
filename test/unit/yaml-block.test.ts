// A JSON template in strict JSON is read by iam/jsonTree.ts's reader (parseTree's tree): the policies found are
// compared with those of parseTree's tree over generated templates and edits that leave strict JSON.
// hosts/yamlBlock.ts reads plain block YAML into what the `yaml` package's parseDocument composes, or gives up. Every
// node it builds (value, style, tag, range, kind) is compared with parseDocument's over generated templates, the
// templates written in the tests and random edits of them; the benchmark's templates must take the fast path.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { extractCloudFormationPolicies, JSON_OPTIONS, jsonTemplatePolicies, templateYaml, YAML_OPTIONS } from '../../server/src/engine/hosts/cloudformation';
import type { EmbeddedPolicy } from '../../server/src/engine/hosts/embedded';
import { readBlockYaml } from '../../server/src/engine/hosts/yamlBlock';
import { generateCloudFormationJsonTemplate, generateCloudFormationPolicies, generateCloudFormationTemplate } from '../support/benchInputs';
import { prng, type Rng } from '../support/prng';

const ROOT = path.join(__dirname, '..', '..');

/** Every property of the composed nodes that the CloudFormation host reads, compared recursively. */
function assertSameNode(fast: unknown, reference: unknown, where: string): void {
  if (isScalar(reference)) {
    assert.ok(isScalar(fast), `${where}: a scalar`);
    assert.ok(Object.is(fast.value, reference.value), `${where}: value ${String(fast.value)} vs ${String(reference.value)}`);
    assert.equal(fast.type, reference.type, `${where}: type`);
    assert.equal(fast.tag, reference.tag, `${where}: tag`);
    assert.deepEqual(fast.range, reference.range, `${where}: range`);
    return;
  }
  if (isMap(reference) || isSeq(reference)) {
    assert.equal(isMap(fast), isMap(reference), `${where}: a mapping`);
    assert.equal(isSeq(fast), isSeq(reference), `${where}: a sequence`);
    const f = fast as typeof reference;
    assert.equal(Boolean(f.flow), Boolean(reference.flow), `${where}: flow`);
    assert.equal(f.tag, reference.tag, `${where}: tag`);
    assert.deepEqual(f.range, reference.range, `${where}: range`);
    assert.equal(f.items.length, reference.items.length, `${where}: items`);
    reference.items.forEach((item, i) => {
      if (isPair(item)) {
        const other = f.items[i];
        assert.ok(isPair(other), `${where}[${i}]: a pair`);
        assertSameNode(other.key, item.key, `${where}[${i}].key`);
        assertSameNode(other.value, item.value, `${where}[${i}].value`);
      } else assertSameNode(f.items[i], item, `${where}[${i}]`);
    });
    return;
  }
  assert.ok((reference === null || reference === undefined) && fast === reference, `${where}: ${String(fast)} vs ${String(reference)}`);
}

/** Reads `text` both ways; true when the fast path read it (and then it equals parseDocument's, which has no error). */
function check(text: string): boolean {
  const fast = readBlockYaml(text);
  if (!fast) return false;
  const reference = parseDocument(text, YAML_OPTIONS);
  assert.deepEqual(reference.errors.map((e) => e.message), [], `accepted a text with YAML errors: ${JSON.stringify(text)}`);
  assertSameNode(fast, reference.contents, JSON.stringify(text.slice(0, 200)));
  return true;
}

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Values, keys and tags the fast path reads (SAFE) and ones it may give up on or read differently (RISKY). */
const SAFE_VALUES = ['Allow', 's3:GetObject', 'arn:aws:s3:::b/*', '2012-10-17', '123456789012', '0', '42', '-7', '+3', '007', 'true', 'False', 'TRUE', 'yes', "it's", 'a"b', 'a#b', 'a:b', 'x,y', 'a [b]', 'é', 'trail   ', '-x', '/path/x', 'ÿ\u00a0z', "'single'", "'it''s'", "''", '"double"', '""', "'a: b'", '"x # y"', '"a\'b"'];
const RISKY_VALUES = ['1.5', '1e3', '.inf', '0x1F', '0o17', 'null', 'Null', '~', 'Tab\there', '-', '*', '?x', '@x', '%x', '9999999999999999', '1234567890123456', 'a: b', 'a:', 'a #c', '\u0085', 'x\u2028y', '"esc\\n"', "'unclosed", "'two' extra", '[a, b]', '{a: 1}', '|', '&x y', '*x'];
const SAFE_KEYS = ['Effect', 'Action', 'Resource', 'Sid', 'Condition', 'Statement', 'Version', 'Type', 'Properties', 'PolicyDocument', 'Fn::Sub', 'Ref', '"Quoted"', "'Single'", '1', '01', 'true', 'a b', 'k#x'];
const RISKY_KEYS = ['null', 'key ', '<<', '? k', '-k', '1.5', '~', '"a\\tb"'];
const SAFE_TAGS = ['!Sub', '!Ref', '!GetAtt', '!Join', '!If'];
const RISKY_TAGS = ['!!str', '!', '!<tag:x>', '!a-b'];
const RISKY_LINES = ['', '  ', '# top', '  more text', '---', '...', 'x: &a 1', 'y: *a', 'z: |', '  block', '- item', '  # note', 'k:', '\tk: v'];

/** A random YAML mapping at `indent`: mostly inside the fast path's subset, with risky pieces at rate `risk`. */
function randomBlock(r: Rng, risk: number, indent: string, depth: number, lines: string[]): void {
  const either = <T>(safe: readonly T[], risky: readonly T[]): T => (r() < risk ? pick(r, risky) : pick(r, safe));
  const entries = 1 + Math.floor(r() * 4);
  for (let e = 0; e < entries; e++) {
    const key = either(SAFE_KEYS, RISKY_KEYS);
    const kind = depth > 3 ? 0 : r();
    const tag = r() < 0.15 ? `${either(SAFE_TAGS, RISKY_TAGS)} ` : '';
    if (kind < 0.45) {
      lines.push(`${indent}${key}:${pick(r, [' ', ' ', ' ', '   '])}${tag}${either(SAFE_VALUES, RISKY_VALUES)}${r() < risk ? pick(r, ['  ', ' # c', '\t']) : ''}`);
    } else if (kind < 0.7) {
      lines.push(`${indent}${key}:${tag ? ` ${tag.trim()}` : ''}`);
      const inner = r() < 0.3 ? indent : `${indent}${pick(r, ['  ', '  ', '    ', ' '])}`;
      const items = 1 + Math.floor(r() * 3);
      for (let i = 0; i < items; i++) {
        if (r() < 0.4) {
          const dash = `${inner}-${pick(r, [' ', ' ', '   '])}`;
          const sub: string[] = [];
          randomBlock(r, risk, ' '.repeat(dash.length), depth + 1, sub);
          lines.push(dash + sub[0]!.trimStart(), ...sub.slice(1));
        } else lines.push(`${inner}- ${r() < 0.1 ? `${either(SAFE_TAGS, RISKY_TAGS)} ` : ''}${either(SAFE_VALUES, RISKY_VALUES)}`);
        if (r() < risk) lines.push(`${inner}${pick(r, RISKY_LINES)}`);
      }
    } else {
      lines.push(`${indent}${key}:${tag ? ` ${tag.trim()}` : ''}`);
      randomBlock(r, risk, `${indent}${pick(r, ['  ', '  ', '    ', ' '])}`, depth + 1, lines);
    }
    if (r() < risk) lines.push(r() < 0.5 ? pick(r, RISKY_LINES) : `${indent}${pick(r, RISKY_LINES)}`);
  }
}

function randomDocument(r: Rng): string {
  const risk = pick(r, [0, 0, 0.02, 0.05, 0.2]);
  const lines: string[] = [];
  if (r() < risk) lines.push(pick(r, ['---', '%YAML 1.2\n---', '# header', '']));
  lines.push("AWSTemplateFormatVersion: '2010-09-09'", 'Resources:');
  randomBlock(r, risk, '  ', 0, lines);
  const text = lines.join(r() < risk ? '\r\n' : '\n');
  return r() < 0.8 ? `${text}\n` : text;
}

/** A random edit: a character typed or deleted (what the fast path must notice when it breaks the subset), a line re-indented, copied or deleted. */
function edit(text: string, r: Rng): string {
  const at = Math.floor(r() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
  const choice = r();
  if (choice < 0.15) return text.slice(0, lineStart) + ' ' + text.slice(lineStart);
  if (choice < 0.3) return text.slice(0, lineStart) + text.slice(lineStart).replace(/^ /, '');
  if (choice < 0.4) return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
  if (choice < 0.5) return text.slice(0, lineStart) + text.slice(lineEnd);
  const typed = pick(r, [' ', '  ', '\n', ':', ': ', '- ', '#', ' #', "'", '"', '!', '!Ref ', 'a', '1', '\t', '[', '{', '&', '*', '|', '\\', '\r', '\u0001', '\ufeff', '']);
  return text.slice(0, at) + typed + text.slice(at + (r() < 0.3 ? 1 : 0));
}

/** The templates written in the tests and fixtures (files holding a `Resources:` section in YAML). */
function fixtureTemplates(): string[] {
  const out = [
    fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'hosts', 'seed-000-structural.cfn.yaml'), 'utf8'),
    fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'vscode', 'fixtures', 'screenshots', 'cloudformation', 'reports-role.yaml'), 'utf8'),
  ];
  for (const name of ['hosts.test.ts', 'hostFixes.test.ts', 'hostPolicyType.test.ts', 'host-hover.test.ts']) {
    const source = fs.readFileSync(path.join(ROOT, 'test', 'unit', name), 'utf8');
    // Template literals and strings that hold a YAML Resources section (as written: escapes are not undone).
    for (const m of source.matchAll(/`([^`]*Resources:[^`]*)`/g)) if (!m[1]!.includes('${')) out.push(m[1]!);
  }
  return out;
}

test('the benchmark templates take the fast path, and read as parseDocument reads them', () => {
  for (let i = 1; i < 14; i += 3) {
    assert.ok(check(generateCloudFormationTemplate(3 + (i % 5), 4_000 + (i % 7) * 1_000, i)), `template ${i}`);
  }
  // !Sub and !GetAtt values.
  assert.ok(check(generateCloudFormationPolicies(5)));
});

test('random block YAML, fixtures and random edits of them: whatever the fast path reads equals parseDocument', () => {
  const r = prng(19);
  // Texts read by the fast path / given up on, as generated and after edits.
  const counts = { read: 0, givenUp: 0, editedRead: 0, editedGivenUp: 0 };
  const texts = [...fixtureTemplates(), ...Array.from({ length: 300 }, () => randomDocument(r)), generateCloudFormationTemplate(4, 3_000, 7)];
  for (const base of texts) {
    let text = base;
    for (let k = 0; k < 5; k++) {
      const read = check(text);
      if (k === 0) counts[read ? 'read' : 'givenUp']++;
      else counts[read ? 'editedRead' : 'editedGivenUp']++;
      text = edit(text, r);
    }
  }
  // Both outcomes are exercised, before and after edits.
  assert.ok(counts.read > 100 && counts.givenUp > 80 && counts.editedRead > 100 && counts.editedGivenUp > 400, JSON.stringify(counts));
});

test('the CloudFormation host finds the same policies with and without the fast path', () => {
  const r = prng(7);
  for (let i = 0; i < 20; i++) {
    const text = i % 2 ? generateCloudFormationTemplate(2 + (i % 4), 2_000, i) : randomDocument(r);
    const fast = templateYaml(text);
    const slow = templateYaml(text, false);
    assertSameNode(fast?.get('Resources', true), slow?.get('Resources', true), `template ${i}`);
  }
  // extractCloudFormationPolicies reads through templateYaml: a template's policies are found.
  assert.equal(extractCloudFormationPolicies(generateCloudFormationTemplate(3, 3_000, 1)).length, 3);
});

/** Everything of the policies found but their renderers (functions): trees without parent links, places, types. */
function describedPolicies(policies: readonly EmbeddedPolicy[]): unknown {
  const tree = (node: JsonNode): unknown => ({ type: node.type, value: node.value, offset: node.offset, length: node.length, colonOffset: node.colonOffset, children: node.children?.map(tree) });
  return policies.map(({ renderer: _renderer, root, ...rest }) => ({ ...rest, root: tree(root) }));
}

test('a JSON template finds the same policies through the strict JSON reader as through parseTree', () => {
  const r = prng(5);
  let strict = 0;
  for (let i = 0; i < 30; i++) {
    let text = generateCloudFormationJsonTemplate(1 + (i % 4), 1_500, i);
    if (i % 3 === 1) text = text.replace(/"Resource": "([^"]*)"/, '"Resource": {"Fn::Sub": "$1${AWS::AccountId}"}');
    // Edits that leave strict JSON (comments, trailing commas) or break it: parseTree reads those.
    const at = Math.floor(r() * text.length);
    if (i % 5 === 2) text = text.slice(0, at) + pick(r, ['// c\n', ',', ' ', '\t', '"', '}', '/* x */']) + text.slice(at);
    const reference = jsonTemplatePolicies(parseTree(text, [], JSON_OPTIONS), text);
    assert.deepEqual(describedPolicies(extractCloudFormationPolicies(text)), describedPolicies(reference), `template ${i}`);
    if (i % 5 !== 2) strict++;
  }
  assert.ok(strict > 0);
});
