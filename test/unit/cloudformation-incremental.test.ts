// Extracting a YAML CloudFormation template one resource at a time (engine/hosts/cloudformationResources.ts) gives
// exactly what a whole parse gives: over random editing sessions on generated templates and every CloudFormation
// template of the tests, the policies (trees, offsets, value descriptions, unknown ranges) and the findings of a lint
// with the editor's cache equal a fresh whole parse and a full lint after every edit, including edits that break the
// YAML, add, remove, move and re-indent resources, or add anchors, aliases, tabs, directives and documents. And it
// is incremental: a keystroke parses one resource.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import type { Node as JsonNode } from 'jsonc-parser';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { extractCloudFormationPolicies } from '../../server/src/engine/hosts/cloudformation';
import { CloudFormationCache, splitResources } from '../../server/src/engine/hosts/cloudformationResources';
import { cloudFormationCacheOf } from '../../server/src/engine/hosts/lintHost';
import type { EmbeddedPolicy } from '../../server/src/engine/hosts/embedded';
import { objectOpening } from '../../server/src/engine/iam/document';
import { valueInfoOf } from '../../server/src/engine/iam/values';
import { generateCloudFormationJsonTemplate, generateCloudFormationPolicies, generateCloudFormationTemplate } from '../support/benchInputs';
import { testData } from '../support/data';
import { assertSameAsFullLint } from '../support/incremental';
import { prng, type Rng } from '../support/prng';

const ROOT = path.join(__dirname, '..', '..');
const options: LintOptions = { data: testData(), kind: 'iam-policy', host: 'cloudformation' };

/**
 * Everything extraction produces that rules, fixes and features read, as plain data; with `readTree`, the trees and
 * unknown ranges only of the policies it picks (the others' are not read: they catch up with their resource's moves
 * when read, so some are left unread for several versions).
 */
function described(policies: EmbeddedPolicy[], readTree: (i: number) => boolean = () => true): unknown {
  const tree = (node: JsonNode): unknown => ({
    type: node.type,
    offset: node.offset,
    length: node.length,
    colonOffset: node.colonOffset,
    value: node.value,
    info: node.type === 'string' ? valueInfoOf(node, '') : undefined,
    opening: node.type === 'object' ? objectOpening(node) : undefined,
    children: node.children?.map(tree),
  });
  return policies.map((p, i) => ({ label: p.label, policyType: p.policyType, origin: p.origin, syntax: p.syntax, start: p.start, end: p.end, ...(readTree(i) ? { unknown: p.unknown, root: tree(p.root) } : {}) }));
}

/** Compares the extraction with a whole parse; with `rng`, the trees of a random third of the policies only. */
function assertSameExtraction(text: string, cache: CloudFormationCache, what: string, rng?: Rng): void {
  const picked = new Set<number>();
  const readTree = rng ? (i: number): boolean => picked.has(i) || (rng() < 0.3 && picked.add(i) !== undefined) : undefined;
  const incremental = described(cache.extract(text), readTree);
  const whole = described(extractCloudFormationPolicies(text), readTree && ((i) => picked.has(i)));
  assert.deepStrictEqual(incremental, whole, `per-resource extraction differs from a whole parse (${what}) on:\n${text}`);
}

/** A template with the shapes people write: trust and inline policies, flow style, !Sub/!Join/Fn::Sub, block scalars, comments, other sections. */
function generatedTemplate(rng: Rng, resources: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const lines: string[] = [];
  if (rng() < 0.3) lines.push('---');
  lines.push("AWSTemplateFormatVersion: '2010-09-09'", 'Description: generated # for the differential test');
  if (rng() < 0.6) lines.push('Parameters:', '  Bucket:', '    Type: String', '    Default: my-bucket');
  const outputsFirst = rng() < 0.2;
  if (outputsFirst) lines.push('Outputs:', '  Arn:', '    Value: !GetAtt Role0.Arn');
  lines.push(rng() < 0.2 ? 'Resources: # all of them' : 'Resources:');
  const indent = pick(['  ', '    ']);
  const quoted = rng() < 0.1;
  const i1 = indent + indent;
  for (let r = 0; r < resources; r++) {
    if (rng() < 0.2) lines.push(rng() < 0.5 ? '' : `${pick(['', '  ', '      '])}# resource ${r}`);
    const statement = (prefix: string): string[] => {
      const s = `${prefix}  `;
      return pick([
        () => [`${prefix}- Effect: Allow`, `${s}Action:`, `${s}  - s3:GetObject`, `${s}  - s3:GetObjects`, `${s}Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'`],
        () => [`${prefix}- Sid: S${r}`, `${s}Effect: Allow`, `${s}Action: 'iam:PassRole'`, `${s}Resource: '*'`],
        () => [`${prefix}- Effect: Deny`, `${s}Action: [s3:*, "sqs:Send*"]`, `${s}Resource:`, `${s}  Fn::Join: ['', ['arn:aws:s3:::', !Ref Bucket, '/*']]`, `${s}Condition:`, `${s}  Bool: {aws:SecureTransport: 'false'}`],
        () => [`${prefix}- Effect: Allow`, `${s}Action: dynamodb:Query`, `${s}Resource: >-`, `${s}  arn:aws:dynamodb:us-east-1:123456789012:table/t${r}`],
        () => [`${prefix}- {Effect: Allow, Action: 'kms:Decrypt', Resource: !GetAtt Key.Arn}`],
      ] as const)();
    };
    const document = (at: string): string[] => [`${at}Version: '2012-10-17'`, `${at}Statement:`, ...statement(`${at}  `), ...(rng() < 0.5 ? statement(`${at}  `) : [])];
    const p = `${i1}${indent}`;
    const id = quoted && r === 1 ? `"Quoted${r}"` : `R${r}`;
    lines.push(
      ...pick([
        () => [`${indent}${id}:`, `${i1}Type: AWS::IAM::ManagedPolicy`, `${i1}Properties:`, `${p}PolicyDocument:`, ...document(`${p}${indent}`)],
        () => [`${indent}${id}:`, `${i1}Type: AWS::IAM::Role`, `${i1}Properties:`, `${p}AssumeRolePolicyDocument:`, `${p}${indent}Statement:`, `${p}${indent}  - Effect: Allow`, `${p}${indent}    Principal: {Service: lambda.amazonaws.com}`, `${p}${indent}    Action: sts:AssumeRole`, `${p}Policies:`, `${p}  - PolicyName: inline`, `${p}    PolicyDocument:`, ...document(`${p}      `)],
        () => [`${indent}${id}:`, `${i1}Type: AWS::S3::BucketPolicy`, `${i1}Properties:`, `${p}Bucket: !Ref Bucket`, `${p}PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: !Sub 'arn:aws:s3:::\${Bucket}/*'}]}`],
        () => [`${indent}${id}:`, `${i1}Type: AWS::Organizations::Policy`, `${i1}Properties:`, `${p}Type: SERVICE_CONTROL_POLICY`, `${p}Content:`, ...document(`${p}${indent}`)],
        () => [`${indent}${id}:`, `${i1}Type: AWS::SQS::Queue # no policy`, `${i1}Properties:`, `${p}QueueName: |`, `${p}  q${r}`, '', `${p}  more`],
        () => [`${indent}${id}: {Type: 'AWS::IAM::Policy', Properties: {PolicyName: p, PolicyDocument: {Statement: {Effect: Allow, Action: 'sns:Publish', Resource: '*'}}}}`],
      ] as const)(),
    );
  }
  if (!outputsFirst && rng() < 0.5) lines.push('Outputs:', '  Arn:', '    Value: !GetAtt R0.Arn');
  const text = lines.join('\n');
  return rng() < 0.8 ? `${text}\n` : text;
}

/** The templates written in the tests (string literals holding a `Resources:` section) and the fixtures. */
function templatesOfTheTests(): string[] {
  const out: string[] = [];
  const files = [path.join(ROOT, 'test', 'fixtures', 'hosts', 'seed-000-structural.cfn.yaml'), path.join(ROOT, 'test', 'e2e', 'vscode', 'fixtures', 'screenshots', 'cloudformation', 'reports-role.yaml')];
  for (const f of files) out.push(fs.readFileSync(f, 'utf8'));
  for (const dir of ['unit', 'rules', 'lsp', 'security']) {
    for (const name of fs.readdirSync(path.join(ROOT, 'test', dir)).filter((n) => n.endsWith('.ts'))) {
      const file = path.join(ROOT, 'test', dir, name);
      const source = fs.readFileSync(file, 'utf8');
      if (!source.includes('Resources:')) continue;
      const visit = (node: ts.Node): void => {
        if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^Resources:/m.test(node.text) && !node.text.trimStart().startsWith('{')) out.push(node.text);
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest));
    }
  }
  return out;
}

const TYPED = ['a', 'Z', '0', '*', ':', ' ', ' ', '\n', '\n  ', '"', "'", '#', '- ', '[', ']', '{', '}', '!Ref ', '|', '>', 'é', ',', '\r\n'];
/** What makes every later version fall back to a whole parse (until undone): typed rarely. */
const TYPED_RARELY = ['&a ', '*a', '\t', '---\n', '...\n', '%YAML 1.1\n', '<<: *a\n'];

/** A random edit of a template, as people make them and as YAML breaks. */
function yamlEdit(text: string, rng: Rng): string {
  const at = Math.floor(rng() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const choice = rng();
  if (choice < 0.03) return text.slice(0, at) + TYPED_RARELY[Math.floor(rng() * TYPED_RARELY.length)]! + text.slice(at);
  if (choice < 0.35) return text.slice(0, at) + TYPED[Math.floor(rng() * TYPED.length)]! + text.slice(at);
  if (choice < 0.5) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rng() * 3)));
  if (choice < 0.62) return rng() < 0.5 ? text.slice(0, lineStart) + ' '.repeat(1 + Math.floor(rng() * 2)) + text.slice(lineStart) : text.slice(0, lineStart) + text.slice(lineStart).replace(/^ {1,2}/, '');
  const split = splitResources(text);
  if (split && choice < 0.85) {
    // Copy (as a new resource or under the same id), delete or move a whole resource.
    const r = split.resources[Math.floor(rng() * split.resources.length)]!;
    const piece = text.slice(r.start, r.end);
    const target = split.resources[Math.floor(rng() * split.resources.length)]!.start;
    const kind = rng();
    if (kind < 0.35) return text.slice(0, target) + piece.replace(/^[A-Za-z0-9]+/, (id) => `${id}c${Math.floor(rng() * 1000)}`) + text.slice(target);
    if (kind < 0.4) return text.slice(0, target) + piece + text.slice(target);
    if (kind < 0.7) return text.slice(0, r.start) + text.slice(r.end);
    const without = text.slice(0, r.start) + text.slice(r.end);
    const to = Math.min(target > r.start ? target - piece.length : target, without.length);
    return without.slice(0, to) + piece + without.slice(to);
  }
  if (choice < 0.88) {
    // An anchor on a value and an alias to it elsewhere.
    const colon = text.indexOf(': ', at);
    if (colon < 0) return text;
    const named = text.slice(0, colon + 2) + '&shared ' + text.slice(colon + 2);
    const later = named.indexOf(': ', colon + 12);
    return rng() < 0.5 || later < 0 ? named : named.slice(0, later + 2) + '*shared' + named.slice(named.indexOf('\n', later) < 0 ? named.length : named.indexOf('\n', later));
  }
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
}

const isWordCharacter = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * An edit as made while writing a template that stays valid YAML most of the time: a character typed or deleted
 * inside a word (a value, a key, a logical id), a comment or blank line added, a line copied or deleted, a line
 * break typed; now and then a new resource, an id line removed or a top-level key added (the split is read again).
 */
function typingEdit(text: string, rng: Rng): string {
  const choice = rng();
  const at = Math.floor(rng() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
  const line = text.slice(lineStart, lineEnd);
  const indent = /^ */.exec(line)![0];
  if (choice < 0.5) {
    // Inside a word: at a place between two word characters (searched forward from `at`).
    let i = at;
    while (i < text.length && !(isWordCharacter(text[i - 1]) && isWordCharacter(text[i]))) i++;
    if (i >= text.length) return text;
    return rng() < 0.7 ? text.slice(0, i) + 'abcxyz019'[Math.floor(rng() * 9)] + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
  }
  if (choice < 0.6) return text.slice(0, lineEnd) + `${indent}# note ${Math.floor(rng() * 100)}\n` + text.slice(lineEnd);
  if (choice < 0.67) return text.slice(0, lineEnd) + (rng() < 0.5 ? '\n' : `${indent}\n`) + text.slice(lineEnd);
  if (choice < 0.77) return text.slice(0, lineEnd) + line + text.slice(lineEnd);
  if (choice < 0.85) return text.slice(0, lineStart) + text.slice(lineEnd);
  if (choice < 0.92) return text.slice(0, at) + '\n' + indent + text.slice(at); // usually breaks the YAML (then undone)
  if (choice < 0.97) {
    // A new resource before the next logical id (the templates here indent them by two spaces).
    const next = /^ {2}[A-Za-z0-9]+:/m.exec(text.slice(lineStart));
    const before = next ? lineStart + next.index : text.length;
    return text.slice(0, before) + `  New${Math.floor(rng() * 1000)}:\n    Type: AWS::SQS::Queue\n` + text.slice(before);
  }
  if (choice < 0.99) return text.slice(0, lineStart) + 'Outputs:\n' + text.slice(lineStart);
  return text.slice(0, lineStart) + '\t' + text.slice(lineStart);
}

/** What is typed into a scalar: word characters mostly, and what ends, re-types or breaks a scalar (quotes, escapes, `: `, ` #`, indicators, numbers, booleans, control characters). */
const TYPED_IN_SCALARS = ['a', 'b', 'Z', '0', '7', '*', '-', '.', '/', ':', ' ', "'", "''", '"', '\\', '\\n', ': ', ' #', '#', '&', '!', '@', '`', '%', '|', '>', '?', ',', '[', ']', '{', '}', '~', 'é', '\u0001', '\u00a0', 'true', 'null', '1e3', '0x1F', '.inf'];

/**
 * An edit made while typing values: mostly characters typed or deleted inside the token of a scalar value (a word
 * character on both sides of the cursor, or right after an opening quote), sometimes the whole value replaced by a
 * number, a boolean or an empty string, a multi-line text pasted into a value, a character typed at the start of a
 * value, or any edit of typingEdit (lines, resources added, top-level keys).
 */
let lastScalarEdit = 0;
function scalarEdit(text: string, rng: Rng): string {
  const choice = rng();
  if (choice < 0.15) return typingEdit(text, rng);
  // Where the last edit was, mostly (people type several characters in a value), else anywhere.
  const from = rng() < 0.8 ? Math.min(Math.max(0, lastScalarEdit - 40), text.length) : Math.floor(rng() * text.length);
  // A value: after `: ` or `- ` on a line (the first one from a random place).
  const value = /(?:: |- )(['"]?)([^\r\n'"]+)/g;
  value.lastIndex = from;
  const m = value.exec(text);
  if (!m) return text;
  const start = m.index + m[0].length - m[2]!.length;
  const end = start + m[2]!.length;
  const at = start + 1 + Math.floor(rng() * Math.max(1, end - start - (m[1] ? 0 : 1)));
  lastScalarEdit = at;
  if (choice < 0.6) return text.slice(0, at) + TYPED_IN_SCALARS[Math.floor(rng() * TYPED_IN_SCALARS.length)]! + text.slice(at);
  if (choice < 0.8) return text.slice(0, at) + text.slice(Math.min(end + (m[1] ? 1 : 0), at + 1 + Math.floor(rng() * 3)));
  if (choice < 0.87) return text.slice(0, start) + ['12', '1.5', 'true', 'false', 'null', '~', '', ' ', "x'", 'x #y'][Math.floor(rng() * 10)]! + text.slice(end);
  if (choice < 0.94) return text.slice(0, at) + ['\n', 'x\n  - y', 'a\r\nb', ' more\n            Sid: pasted'][Math.floor(rng() * 4)]! + text.slice(at);
  return text.slice(0, start - (m[1] ? 1 : 0)) + ['x', "'", '"', '*', '&', '!', '- '][Math.floor(rng() * 7)]! + text.slice(start - (m[1] ? 1 : 0));
}

/**
 * An editing session: `check` runs on each of `versions` versions, each `edit` of the one before, or an undo (now
 * and then, and mostly after an edit that made `wholeParses()` grow: one that broke the template).
 */
function editingSession(text: string, rng: Rng, versions: number, edit: (text: string, rng: Rng) => string, wholeParses: () => number, check: (text: string, i: number) => void): void {
  const history: string[] = [];
  let before = wholeParses();
  for (let i = 0; i < versions; i++) {
    check(text, i);
    history.push(text);
    const undo = history.length > 1 && (rng() < 0.05 || (wholeParses() > before && rng() < 0.7));
    before = wholeParses();
    if (undo) {
      history.pop();
      text = history.pop()!;
    } else text = edit(text, rng);
  }
}

/** A YAML typing session (typingEdit): see editingSession. */
function typingSession(text: string, rng: Rng, versions: number, wholeParses: () => number, check: (text: string, i: number) => void): void {
  editingSession(text, rng, versions, typingEdit, wholeParses, check);
}

/** The next version of a session: an edit of the last one, or (sometimes) an undo back to an earlier one. */
function nextVersion(history: readonly string[], rng: Rng): string {
  if (history.length > 1 && rng() < 0.2) return rng() < 0.5 ? history[0]! : history[Math.floor(rng() * (history.length - 1))]!;
  return yamlEdit(history[history.length - 1]!, rng);
}

describe('per-resource extraction of CloudFormation templates equals a whole parse', () => {
  it('over random editing sessions on generated templates (policies compared after every edit)', () => {
    // 16 sessions of 60 versions in `npm test` (a local run with 200 more seeds passed when this was written; set
    // GRANTCHECK_CFN_SESSIONS to run more).
    const sessions = Number(process.env.GRANTCHECK_CFN_SESSIONS ?? 16);
    const total = { resources: 0, parsed: 0, wholeParses: 0, movedSplits: 0 };
    for (let seed = 1; seed <= sessions; seed++) {
      const rng = prng(seed);
      let text = generatedTemplate(rng, 3 + Math.floor(rng() * 8));
      const cache = new CloudFormationCache();
      const history: string[] = [];
      // Half the sessions read every tree after every edit, half only some trees (as the editor does).
      const partly = seed % 2 === 0;
      for (let i = 0; i < 60; i++) {
        assertSameExtraction(text, cache, `seed ${seed}, edit ${i}`, partly ? rng : undefined);
        history.push(text);
        text = nextVersion(history, rng);
      }
      if (process.env.SHOW_STATS) console.log(seed, cache.stats);
      for (const k of ['resources', 'parsed', 'wholeParses', 'movedSplits'] as const) total[k] += cache.stats[k];
    }
    // The sessions exercise the split as well as the fallback (most random edits break the YAML for a while),
    // resources are re-used, and edits inside a resource move the previous split.
    const versions = sessions * 60;
    assert.ok(total.wholeParses < versions * 0.9 && total.wholeParses > versions / 10, JSON.stringify(total));
    assert.ok(total.resources > 3 * total.parsed, JSON.stringify(total));
    assert.ok(total.movedSplits > versions / 20, JSON.stringify(total));
  });

  it('over typing sessions that keep the YAML valid most of the time (the previous split moved, trees read now and then)', () => {
    // 8 sessions of 60 versions in `npm test` (a local run with 200 passed; GRANTCHECK_CFN_SESSIONS runs twice that many).
    const sessions = Math.ceil(Number(process.env.GRANTCHECK_CFN_SESSIONS ?? 16) / 2);
    const total = { resources: 0, parsed: 0, wholeParses: 0, movedSplits: 0 };
    for (let seed = 1; seed <= sessions; seed++) {
      const rng = prng(2000 + seed);
      // A template the split reads (some generated ones, e.g. with a quoted logical id, are always parsed whole).
      let text = generateCloudFormationTemplate(12, 20_000, seed);
      for (let n = 0; seed % 4 !== 0 && n < 20 && (n === 0 || !splitResources(text)); n++) text = generatedTemplate(rng, 4 + Math.floor(rng() * 8));
      const cache = new CloudFormationCache();
      typingSession(text, rng, 60, () => cache.stats.wholeParses, (version, i) => assertSameExtraction(version, cache, `typing seed ${seed}, edit ${i}`, rng() < 0.8 ? rng : undefined));
      for (const k of ['resources', 'parsed', 'wholeParses', 'movedSplits'] as const) total[k] += cache.stats[k];
    }
    const versions = sessions * 60;
    if (process.env.SHOW_STATS) console.log(total);
    assert.ok(total.movedSplits > versions / 3, JSON.stringify(total));
    assert.ok(total.wholeParses > versions / 50, JSON.stringify(total));
  });

  it('over sessions of typing in scalar values (only the edited scalar read again where that is exact), with undo', () => {
    // 12 sessions of 80 versions in `npm test` (a local run with 300 passed; GRANTCHECK_CFN_SESSIONS runs more).
    const sessions = Math.max(12, Number(process.env.GRANTCHECK_CFN_SESSIONS ?? 0));
    const total = { resources: 0, parsed: 0, patched: 0, wholeParses: 0, movedSplits: 0 };
    for (let seed = 1; seed <= sessions; seed++) {
      const rng = prng(3000 + seed);
      let text = seed % 3 === 0 ? generateCloudFormationTemplate(8, 12_000, seed) : generatedTemplate(rng, 3 + Math.floor(rng() * 6));
      for (let n = 0; n < 20 && !splitResources(text); n++) text = generatedTemplate(rng, 3 + Math.floor(rng() * 6));
      const cache = new CloudFormationCache();
      editingSession(text, rng, 80, scalarEdit, () => cache.stats.wholeParses, (version, i) => assertSameExtraction(version, cache, `scalar typing seed ${seed}, edit ${i}`, rng() < 0.7 ? rng : undefined));
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += cache.stats[k];
    }
    if (process.env.SHOW_STATS) console.log(total);
    // Many keystrokes re-read one scalar; many others the whole resource (or template): the first one in a resource,
    // one that breaks a scalar (then mostly undone), one at a value's start, a line break.
    const versions = sessions * 80;
    assert.ok(total.patched > versions / 8, JSON.stringify(total));
    assert.ok(total.parsed - total.patched > versions / 10, JSON.stringify(total));
  });

  it('findings with the editor cache equal a full lint while typing in scalar values', () => {
    let patched = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const rng = prng(3500 + seed);
      const cache = new LintCache();
      const stats = cloudFormationCacheOf(cache).stats;
      editingSession(generateCloudFormationTemplate(8, 12_000, seed), rng, 25, scalarEdit, () => stats.wholeParses, (text, i) => assertSameAsFullLint(text, options, cache, `scalar typing seed ${seed}, edit ${i}`));
      patched += stats.patched;
    }
    assert.ok(patched >= 10, `${patched} keystrokes re-read one scalar`);
  });

  it('over random editing sessions on every template of the tests', () => {
    const templates = templatesOfTheTests();
    assert.ok(templates.length >= 30, `found ${templates.length} templates`);
    templates.forEach((template, n) => {
      const rng = prng(1000 + n);
      let text = template;
      const cache = new CloudFormationCache();
      const history: string[] = [];
      for (let i = 0; i < 15; i++) {
        assertSameExtraction(text, cache, `template ${n}, edit ${i}`);
        history.push(text);
        text = nextVersion(history, rng);
      }
    });
  });

  it('findings with the editor cache equal a full lint after every edit', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rng = prng(500 + seed);
      let text = generatedTemplate(rng, 6);
      const cache = new LintCache();
      const history: string[] = [];
      for (let i = 0; i < 15; i++) {
        assertSameAsFullLint(text, options, cache, `seed ${seed}, edit ${i}`);
        history.push(text);
        text = nextVersion(history, rng);
      }
    }
    const cache = new LintCache();
    let text = generateCloudFormationPolicies(20);
    const rng = prng(77);
    for (let i = 0; i < 10; i++) {
      assertSameAsFullLint(text, options, cache, `20 policies, edit ${i}`);
      text = yamlEdit(text, rng);
    }
    // Typing that keeps the YAML valid: most lints re-use the policies of the resources not edited, moved.
    for (let seed = 1; seed <= 3; seed++) {
      const own = new LintCache();
      const stats = cloudFormationCacheOf(own).stats;
      typingSession(generateCloudFormationTemplate(10, 15_000, seed), prng(900 + seed), 20, () => stats.wholeParses, (typed, i) => assertSameAsFullLint(typed, options, own, `typing seed ${seed}, edit ${i}`));
      if (process.env.SHOW_STATS) console.log(cloudFormationCacheOf(own).stats);
      assert.ok(cloudFormationCacheOf(own).stats.movedSplits > 5, JSON.stringify(cloudFormationCacheOf(own).stats));
    }
    // A cache too small for the template: entries (also those a policy finds by object) are dropped while typing.
    const small = new LintCache(8);
    typingSession(generateCloudFormationTemplate(10, 15_000, 4), prng(904), 20, () => 0, (typed, i) => assertSameAsFullLint(typed, options, small, `small cache, edit ${i}`));
    assert.ok(small.hits > 0 && small.hits < small.lookups, `some look-ups miss (${small.hits} of ${small.lookups})`);
  });
});

describe('per-resource extraction is incremental', () => {
  it('a keystroke parses one resource; a resource that moved keeps its policies, shifted', () => {
    let text = generateCloudFormationTemplate(40, 60_000);
    const cache = new LintCache();
    lintText(text, { ...options, cache });
    const stats = cloudFormationCacheOf(cache).stats;
    assert.deepEqual({ parsed: stats.parsed, wholeParses: stats.wholeParses }, { parsed: 40, wholeParses: 0 });
    const at = text.indexOf("Sid: '", text.length / 2) + 6;
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    const [lookups, hits] = [cache.lookups, cache.hits];
    assertSameAsFullLint(text, options, cache, 'a keystroke');
    // The rules ran on one policy: the other 39 kept their findings; in the edited one only the edited statement
    // (and the policy's document-scoped rules) missed.
    assert.equal(cache.lookups - lookups - (cache.hits - hits), 3, 'misses: the policy, its document-scoped rules, the edited statement');
    // The parsed documents handed to editor features are those of a full lint.
    const statements = (r: ReturnType<typeof lintText>) => r.embedded?.map((e) => e.doc.statements.map((st) => [st.node.offset, st.sid?.value, st.sid?.start]));
    assert.deepEqual(statements(lintText(text, { ...options, cache })), statements(lintText(text, options)));
    // Two lints of the new text (with and without the cache); only the one with the cache counts.
    assert.deepEqual({ parsed: stats.parsed, wholeParses: stats.wholeParses }, { parsed: 41, wholeParses: 0 });
    assert.equal(cloudFormationCacheOf(cache).size, 40, 'only the latest version is kept');
    text = `# a comment line above everything\n${text}`;
    assertSameAsFullLint(text, options, cache, 'every resource moved');
    assert.equal(stats.parsed, 41);
  });

  it('lines inserted above a policy keep its findings, moved, unless one of them names a line (then it is linted again)', () => {
    let text = generateCloudFormationTemplate(40, 60_000);
    const cache = new LintCache();
    const first = lintText(text, { ...options, cache });
    // iam/redundant-statement names the line of the statement repeated: those findings depend on where the policy is.
    const naming = new Set(first.findings.filter((f) => /on line \d+/.test(f.message)).map((f) => first.embedded!.findIndex((e) => e.policy.start <= f.start && f.end <= e.policy.end)));
    assert.ok(naming.size > 0 && naming.size < 20, `policies naming a line: ${naming.size}`);
    for (const added of ['# a comment line above everything\n', '\n\n', '# another\r\n'.replace('\r', '')]) {
      const [lookups, hits] = [cache.lookups, cache.hits];
      text = `${added}${text}`;
      assertSameAsFullLint(text, options, cache, `lines added above (${JSON.stringify(added)})`);
      // A policy linted again misses its own entry and a few document-scoped ones; one kept misses nothing.
      const misses = cache.lookups - lookups - (cache.hits - hits);
      assert.ok(misses >= naming.size && misses <= naming.size * 6, `misses ${misses} for ${naming.size} policies naming a line of 40`);
    }
    // And a line inserted inside a policy's resource moves those after it.
    const at = text.indexOf('\n', text.indexOf("Sid: '", text.length / 2)) + 1;
    text = `${text.slice(0, at)}            # a comment\n${text.slice(at)}`;
    assertSameAsFullLint(text, options, cache, 'a comment line inside a policy');
  });

  it('findings of kept policies moved keystroke after keystroke (in place from the second move) equal a full lint, and so do they once their policy is typed in', () => {
    // Policies with fixes (an action's typo) and suggestions (a statement repeated) as well as the generated ones.
    const withFixes = (id: string): string =>
      `  ${id}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n` +
      `          - Sid: 'First'\n            Effect: Allow\n            Action: s3:ListBucket\n            Resource: 'arn:aws:s3:::b'\n` +
      `          - Effect: Allow\n            Action: [s3:GetObjects, 's3:PutObjekt']\n            Resource: 'arn:aws:s3:::b/*'\n` +
      `          - Effect: Allow\n            Action: s3:GetObject\n            Resource: 'arn:aws:s3:::b/*'\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: 'arn:aws:s3:::b/*'\n`;
    const generated = generateCloudFormationTemplate(6, 8_000, 4);
    const resourcesAt = generated.indexOf('Resources:\n') + 'Resources:\n'.length;
    let text = `${generated.slice(0, resourcesAt)}${withFixes('FixedA')}${withFixes('FixedB')}${generated.slice(resourcesAt)}${withFixes('FixedC')}`;
    const cache = new LintCache();
    const first = lintText(text, { ...options, cache }).findings;
    const firstSid = text.indexOf("Sid: '") + "Sid: '".length;
    // Kept findings with fixes and suggestions after the first policy: their edits move too.
    assert.ok(first.some((f) => f.start > firstSid && (f.fix !== undefined || f.suggestions.length > 0)), 'fixes after the typing');
    const typeAt = (at: number, typed: string, what: string): void => {
      for (let i = 0; i < typed.length; i++) {
        text = text.slice(0, at + i) + typed[i] + text.slice(at + i);
        assertSameAsFullLint(text, options, cache, `${what}, character ${i}`);
      }
    };
    const history = [text];
    typeAt(firstSid, 'abcdef', 'typing in the first policy');
    // Typing in the last policy's first statement, whose findings were moved several times along their lines: its
    // rules run with the statement cache, which places the next statement's findings where it placed them last.
    const lastSid = (): number => text.lastIndexOf("Sid: '") + "Sid: '".length;
    typeAt(lastSid(), 'xy', 'typing in the last policy');
    typeAt(firstSid, 'gh', 'typing in the first policy again');
    typeAt(lastSid(), 'zw', 'typing in the last policy again');
    // A line above everything (every kept policy moves by a line), then the same again.
    text = `# above\n${text}`;
    assertSameAsFullLint(text, options, cache, 'a line added above');
    typeAt(firstSid + 8, 'ij', 'typing in the first policy after the new line');
    typeAt(lastSid(), 'kl', 'typing in the last policy after the new line');
    text = history[0]!;
    assertSameAsFullLint(text, options, cache, 'undo');
  });

  const resource = (id: string, extra = '') => `  ${id}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:${extra}\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjects\n            Resource: '*'\n`;
  const fallbacks: [string, string][] = [
    ['an anchor', `Resources:\n${resource('A', ' &doc')}${resource('B')}`],
    ['an alias', `Resources:\n${resource('A')}  B:\n    Type: AWS::IAM::ManagedPolicy\n    Properties: *p\n`],
    ['a merge key', `Resources:\n${resource('A')}  B:\n    <<: {Type: X}\n`],
    ['a tab', `Resources:\n${resource('A')}${resource('B')}\t# tab\n`],
    ['duplicate logical ids', `Resources:\n${resource('A')}${resource('A')}`],
    ['flow style at the Resources level', `Resources: {A: {Type: 'AWS::IAM::ManagedPolicy'}}\n`],
    ['a second document', `Resources:\n${resource('A')}---\nResources:\n${resource('B')}`],
    ['a directive', `%YAML 1.1\n---\nResources:\n${resource('A')}`],
    ['a YAML error in a resource', `Resources:\n${resource('A')}${resource('B', ' [')}`],
    ['a YAML error elsewhere', `Outputs: {a: [\nResources:\n${resource('A')}`],
    ['a line indented less than the resources', `Resources:\n    A:\n      Type: X\n  B:\n    Type: Y\n`],
    ['a quoted logical id', `Resources:\n  "A":\n    Type: X\n`],
  ];
  for (const [what, text] of fallbacks) {
    it(`parses the whole document on ${what}`, () => {
      const cache = new CloudFormationCache();
      assertSameExtraction(text, cache, what);
      assert.equal(cache.stats.wholeParses, 1);
      assertSameAsFullLint(text, options, new LintCache(), what);
    });
  }

  describe('an edit inside one resource moves the previous split; any other edit splits the text again', () => {
    const base = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  # the resources\n${resource('A')}${resource('B')}  # between\n${resource('C')}Outputs:\n  X:\n    Value: 1\n`;
    const inB = base.indexOf('s3:GetObjects', base.indexOf('  B:')) + 5;
    const lineInB = base.indexOf('            Resource', base.indexOf('  B:'));
    const edits: [string, string, boolean][] = [
      ['a character typed in a value', `${base.slice(0, inB)}x${base.slice(inB)}`, true],
      ['a character deleted', `${base.slice(0, inB)}${base.slice(inB + 1)}`, true],
      ['a comment line added', `${base.slice(0, lineInB)}            # why\n${base.slice(lineInB)}`, true],
      ['a line deleted', `${base.slice(0, lineInB)}${base.slice(base.indexOf('\n', lineInB) + 1)}`, true],
      ['the comment between resources edited', base.replace('# between', '# betwixt'), true],
      ['a logical id line typed inside the resource', `${base.slice(0, lineInB)}  B2:\n    Type: X\n${base.slice(lineInB)}`, false],
      ['a top-level key typed inside the resource', `${base.slice(0, lineInB)}Mappings:\n${base.slice(lineInB)}`, false],
      ['a line indented less than its neighbours', `${base.slice(0, lineInB)} ${base.slice(base.indexOf('R', lineInB))}`, false],
      ['a tab typed in a value', `${base.slice(0, inB)}\t${base.slice(inB)}`, false],
      ['a logical id renamed', base.replace('  B:', '  Bx:'), false],
      ['a logical id line joined with the line before it', base.replace("'*'\n  B:", "'*'  B:"), false],
      ['the comment before the first resource edited', base.replace('# the resources', '# all resources'), false],
      ['an edit in Outputs', base.replace('Value: 1', 'Value: 2'), false],
    ];
    for (const [what, text, moves] of edits) {
      it(what, () => {
        const cache = new CloudFormationCache();
        assertSameExtraction(base, cache, 'base');
        assertSameExtraction(text, cache, what);
        assert.equal(cache.stats.movedSplits, moves ? 1 : 0);
        if (moves) assert.equal(cache.stats.parsed, 3 + 1, 'only the edited resource is parsed again');
        // And back: undoing the edit is an edit too.
        assertSameExtraction(base, cache, `${what}, undone`);
        assertSameAsFullLint(text, options, new LintCache(), what);
      });
    }
  });

  describe('typing inside one scalar of the resource parsed last re-reads that scalar only; anything else parses the resource', () => {
    const policy = (id: string) =>
      `  ${id}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: 'Quoted${id}'\n            Effect: Allow\n            Action: s3:GetObjects\n            Resource: !Sub 'arn:aws:s3:::\${Bucket}/*'\n            Condition: {StringEquals: {'aws:PrincipalTag/team': "blue"}}\n          - Sid: "Double${id}"\n            Effect: Deny\n            Action: [s3:PutObject]\n            Condition:\n              NumericLessThan:\n                aws:MultiFactorAuthAge: 3600\n            Resource: >-\n              arn:aws:s3:::folded\n`;
    const base = `Resources:\n${policy('A')}${policy('B')}${policy('C')}`;
    /** An edit of `t` in resource `id`: `inserted` typed (and `removed` characters deleted) `after` characters into the first `needle` there. */
    const typed = (t: string, needle: string, after: number, inserted: string, removed = 0, id = 'B'): string => {
      const at = t.indexOf(needle, t.indexOf(`  ${id}:`)) + after;
      return `${t.slice(0, at)}${inserted}${t.slice(at + removed)}`;
    };
    // [what, the edit (after a first keystroke in B's Version), whether it re-reads one scalar]
    const cases: [string, (t: string) => string, boolean][] = [
      ['a character typed in a single-quoted value', (t) => typed(t, "Sid: 'Quoted", 9, 'x'), true],
      ['a character deleted in a single-quoted value', (t) => typed(t, "Sid: 'Quoted", 9, '', 1), true],
      ['a character typed before the closing quote', (t) => typed(t, "Sid: 'QuotedB", 13, 'x'), true],
      ['a character typed right after the opening quote', (t) => typed(t, "Sid: 'Quoted", 6, 'x'), true],
      ['a character typed in a double-quoted value', (t) => typed(t, 'Sid: "Double', 8, 'y'), true],
      ['a backslash escape typed in a double-quoted value', (t) => typed(t, 'Sid: "Double', 8, '\\t'), true],
      ['two quotes typed (an escaped quote)', (t) => typed(t, "Sid: 'Quoted", 9, "''"), true],
      ['a character typed in a plain value', (t) => typed(t, 's3:GetObjects', 5, 'z'), true],
      ['a character typed at the end of a plain value', (t) => typed(t, 's3:GetObjects', 13, 'z'), true],
      ['digits typed into a plain value', (t) => typed(t, 'Effect: Deny', 10, '9'), true],
      ['a number that becomes a string', (t) => typed(t, 'MultiFactorAuthAge: 36', 22, 'x'), true],
      ['a quoted value cut short inside its quotes', (t) => typed(t, "Version: '", 10, '', 10), true],
      ['a quote typed that ends the value early', (t) => typed(t, "Sid: 'Quoted", 9, "'"), false],
      ['`: ` typed into a plain value', (t) => typed(t, 's3:GetObjects', 5, ': '), false],
      ['` #` typed into a plain value', (t) => typed(t, 's3:GetObjects', 5, ' #'), false],
      ['trailing spaces typed after a plain value', (t) => typed(t, 's3:GetObjects', 13, '  '), false],
      ['a character typed at the start of a value', (t) => typed(t, 's3:GetObjects', 0, 'x'), false],
      ['a character typed in a key', (t) => typed(t, 'Effect: Allow', 2, 'x'), false],
      ['a character typed in a !Sub value', (t) => typed(t, 'arn:aws:s3:::$', 4, 'x'), false],
      ['a character typed in a flow mapping', (t) => typed(t, '"blue"', 2, 'x'), false],
      ['a character typed in a flow sequence', (t) => typed(t, '[s3:PutObject', 4, 'x'), false],
      ['a character typed in a folded block scalar', (t) => typed(t, 'arn:aws:s3:::folded', 4, 'x'), false],
      ['a line break typed in a value', (t) => typed(t, "Sid: 'Quoted", 9, '\n'), false],
      ['a multi-line paste into a value', (t) => typed(t, 's3:GetObjects', 5, 'x\n            Sid: y'), false],
      ['a character typed in the resource type (it decides which properties are policies)', (t) => typed(t, 'AWS::IAM::ManagedPolicy', 7, 'x'), true],
    ];
    for (const [what, edit, patched] of cases) {
      it(what, () => {
        const cache = new CloudFormationCache();
        assertSameExtraction(base, cache, 'base');
        // A first keystroke in B parses B (C was parsed last); from then on B is the resource parsed last.
        const first = typed(base, "Version: '2012", 13, '1');
        assertSameExtraction(first, cache, 'first keystroke');
        assert.deepEqual([cache.stats.parsed, cache.stats.patched], [4, 0]);
        const text = edit(first);
        assertSameExtraction(text, cache, what);
        assert.equal(cache.stats.patched, patched ? 1 : 0, 'one scalar re-read');
        assertSameAsFullLint(text, options, new LintCache(), what);
        // Undone (the same scalar again, or B parsed again), then a keystroke in C: C is parsed, not patched from B's YAML.
        assertSameExtraction(first, cache, `${what}, undone`);
        const patchedBefore = cache.stats.patched;
        assertSameExtraction(typed(first, "Sid: 'Quoted", 9, 'v', 0, 'C'), cache, `${what}, then in C`);
        assert.equal(cache.stats.patched, patchedBefore);
      });
    }
  });

  it('a template with CRLF line breaks, comments and blank lines between resources is split', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\r\nResources:\r\n  # first\r\n${resource('A').replace(/\n/g, '\r\n')}\r\n# column 0 comment\r\n${resource('B').replace(/\n/g, '\r\n')}Outputs:\r\n  X:\r\n    Value: 1\r\n`;
    const cache = new CloudFormationCache();
    assertSameExtraction(text, cache, 'CRLF');
    assert.deepEqual(cache.stats, { resources: 2, parsed: 2, patched: 0, wholeParses: 0, movedSplits: 0 });
  });
});

// ---------- JSON templates ----------

/** A JSON template with the shapes people write: intrinsics, several policy properties, comments, trailing commas, non-object resources. */
function generatedJsonTemplate(rng: Rng, resources: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const statement = (r: number): unknown =>
    pick([
      () => ({ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjects'], Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' } }),
      () => ({ Sid: `S${r}`, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }),
      () => ({ Effect: 'Deny', Action: ['s3:*', 'sqs:Send*'], Resource: { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Bucket' }, '/*']] }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      () => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } }),
      () => ({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: `arn:aws:dynamodb:us-east-1:123456789012:table/t${r}\u00e9` }),
    ] as const)();
  const document = (r: number): unknown => ({ Version: '2012-10-17', Statement: rng() < 0.2 ? statement(r) : [statement(r), ...(rng() < 0.5 ? [statement(r)] : [])] });
  const out: Record<string, unknown> = {};
  for (let r = 0; r < resources; r++) {
    out[`R${r}`] = pick([
      () => ({ Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: document(r) } }),
      () => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, Policies: [{ PolicyName: 'inline', PolicyDocument: document(r) }] } }),
      () => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: document(r) } }),
      () => ({ Type: 'AWS::Organizations::Policy', Properties: { Type: 'SERVICE_CONTROL_POLICY', Content: document(r) } }),
      () => ({ Type: 'AWS::SQS::Queue', Properties: { QueueName: `q${r}` } }),
    ] as const)();
  }
  const template: Record<string, unknown> = { AWSTemplateFormatVersion: '2010-09-09', Description: 'generated' };
  if (rng() < 0.5) template.Parameters = { Bucket: { Type: 'String', Default: 'my-bucket' } };
  template.Resources = out;
  if (rng() < 0.5) template.Outputs = { Arn: { Value: { 'Fn::GetAtt': ['R0', 'Arn'] } } };
  let text = JSON.stringify(template, null, pick([2, 4, '\t']));
  // JSONC: a comment, a trailing comma, CRLF, a resource that is not an object.
  if (rng() < 0.3) text = text.replace('"Resources": {', '"Resources": { // the resources');
  if (rng() < 0.3) text = text.replace(/("QueueName": "q\d+")/, '$1,');
  if (rng() < 0.2) text = text.replace('"Resources": {', '"Resources": {\n  "Weird": 42,');
  if (rng() < 0.2) text = text.replace(/\n/g, '\r\n');
  return rng() < 0.8 ? `${text}\n` : text;
}

const JSON_TYPED = ['a', 'Z', '0', '*', ':', ' ', '\n', '"', ',', '{', '}', '[', ']', '//', '/*', '*/', 'é', '\\', '\\"', '\r\n', 'null'];

/** An edit of a JSON template: mostly a character typed or deleted inside a string (stays valid), sometimes anything (breaks it). */
function jsonEdit(text: string, rng: Rng): string {
  const choice = rng();
  const at = Math.floor(rng() * (text.length + 1));
  if (choice < 0.55) {
    // Inside a string: between two word characters.
    let i = at;
    while (i < text.length && !(isWordCharacter(text[i - 1]) && isWordCharacter(text[i]))) i++;
    if (i >= text.length) return text;
    return rng() < 0.7 ? text.slice(0, i) + 'abcxyz019'[Math.floor(rng() * 9)] + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
  }
  if (choice < 0.8) return text.slice(0, at) + JSON_TYPED[Math.floor(rng() * JSON_TYPED.length)]! + text.slice(at);
  if (choice < 0.9) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rng() * 3)));
  if (choice < 0.95) {
    // A whole line copied or deleted (a statement's key, a closing brace, …).
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
    return rng() < 0.5 ? text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd) : text.slice(0, lineStart) + text.slice(lineEnd);
  }
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
}

/** A JSON editing session (jsonEdit): see editingSession. */
function jsonSession(text: string, rng: Rng, versions: number, wholeParses: () => number, check: (text: string, i: number) => void): void {
  editingSession(text, rng, versions, jsonEdit, wholeParses, check);
}

describe('per-resource extraction of JSON CloudFormation templates equals a whole parse', () => {
  it('over random editing sessions on generated JSON templates (policies compared after every edit)', () => {
    const sessions = Number(process.env.GRANTCHECK_CFN_SESSIONS ?? 16);
    const total = { resources: 0, parsed: 0, wholeParses: 0, movedSplits: 0 };
    for (let seed = 1; seed <= sessions; seed++) {
      const rng = prng(3000 + seed);
      const cache = new CloudFormationCache();
      jsonSession(generatedJsonTemplate(rng, 3 + Math.floor(rng() * 8)), rng, 60, () => cache.stats.wholeParses, (text, i) => assertSameExtraction(text, cache, `JSON seed ${seed}, edit ${i}`, seed % 2 === 0 ? rng : undefined));
      if (process.env.SHOW_STATS) console.log(seed, cache.stats);
      for (const k of ['resources', 'parsed', 'wholeParses', 'movedSplits'] as const) total[k] += cache.stats[k];
    }
    // Both paths are exercised: edits re-parse one resource, and broken JSON parses the whole template.
    const versions = sessions * 60;
    if (process.env.SHOW_STATS) console.log(total);
    assert.ok(total.movedSplits > versions / 3, JSON.stringify(total));
    assert.ok(total.wholeParses > versions / 20, JSON.stringify(total));
  });

  it('over editing sessions on every JSON template of the tests and fixtures', () => {
    const templates: string[] = [];
    for (const dir of ['unit', 'rules', 'lsp']) {
      for (const name of fs.readdirSync(path.join(ROOT, 'test', dir)).filter((n) => n.endsWith('.ts'))) {
        const file = path.join(ROOT, 'test', dir, name);
        const source = fs.readFileSync(file, 'utf8');
        if (!source.includes('Resources')) continue;
        const visit = (node: ts.Node): void => {
          if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.trimStart().startsWith('{') && node.text.includes('"Resources"')) templates.push(node.text);
          ts.forEachChild(node, visit);
        };
        visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest));
      }
    }
    assert.ok(templates.length >= 3, `found ${templates.length} JSON templates`);
    templates.forEach((template, n) => {
      const rng = prng(4000 + n);
      const cache = new CloudFormationCache();
      jsonSession(template, rng, 20, () => cache.stats.wholeParses, (text, i) => assertSameExtraction(text, cache, `JSON template ${n}, edit ${i}`));
    });
  });

  it('findings with the editor cache equal a full lint after every edit', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rng = prng(5000 + seed);
      const cache = new LintCache();
      jsonSession(generatedJsonTemplate(rng, 6), rng, 20, () => cloudFormationCacheOf(cache).stats.wholeParses, (text, i) => assertSameAsFullLint(text, options, cache, `JSON seed ${seed}, edit ${i}`));
      assert.ok(cloudFormationCacheOf(cache).stats.movedSplits > 3, JSON.stringify(cloudFormationCacheOf(cache).stats));
    }
  });

  it('a keystroke re-parses one resource; the others keep their policies and findings, moved', () => {
    let text = generateCloudFormationJsonTemplate(40, 80_000);
    const cache = new LintCache();
    lintText(text, { ...options, cache });
    const stats = cloudFormationCacheOf(cache).stats;
    assert.deepEqual({ parsed: stats.parsed, wholeParses: stats.wholeParses }, { parsed: 0, wholeParses: 1 });
    const at = text.indexOf('"Sid": "', text.length / 2) + 8;
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    const [lookups, hits] = [cache.lookups, cache.hits];
    assertSameAsFullLint(text, options, cache, 'a keystroke');
    assert.equal(cache.lookups - lookups - (cache.hits - hits), 3, 'misses: the policy, its document-scoped rules, the edited statement');
    assert.deepEqual({ parsed: stats.parsed, wholeParses: stats.wholeParses, movedSplits: stats.movedSplits }, { parsed: 1, wholeParses: 1, movedSplits: 1 });
    assert.equal(cloudFormationCacheOf(cache).size, 40);
  });

  const base = `{\n  "Resources": {\n    "A": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}}},\n    "B": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}}}\n  },\n  "Outputs": {"X": {"Value": 1}}\n}\n`;
  const inA = base.indexOf('GetObjects') + 3;
  const cases: [string, string, boolean][] = [
    ['a character typed in a string', `${base.slice(0, inA)}x${base.slice(inA)}`, true],
    ['a character deleted', `${base.slice(0, inA)}${base.slice(inA + 1)}`, true],
    ['a comment typed between tokens inside the resource', base.replace('"Effect": "Allow", "Action"', '"Effect": "Allow", /* why */ "Action"'), true],
    ['a quote that opens a string running past the resource', `${base.slice(0, inA)}"${base.slice(inA)}`, false],
    ['an unclosed comment', base.replace('"Effect": "Allow", "Action"', '"Effect": "Allow", /* "Action"'), false],
    ['the resource\'s closing brace deleted', base.replace('"*"}]}}},\n    "B"', '"*"}]}},\n    "B"'), false],
    ['a brace typed that closes the resource early', base.replace('"Type": "AWS::IAM::ManagedPolicy", "Properties"', '"Type": "AWS::IAM::ManagedPolicy"}, "Properties"'), false],
    ['a logical id renamed', base.replace('"B":', '"Bx":'), false],
    ['an edit in Outputs', base.replace('"Value": 1', '"Value": 2'), false],
    ['a resource added', base.replace('"Resources": {', '"Resources": {\n    "N": {"Type": "AWS::SQS::Queue"},'), false],
  ];
  for (const [what, text, incremental] of cases) {
    it(`JSON: ${what} ${incremental ? 're-parses one resource' : 'parses the whole template'}`, () => {
      const cache = new CloudFormationCache();
      assertSameExtraction(base, cache, 'base');
      assertSameExtraction(text, cache, what);
      assert.deepEqual({ parsed: cache.stats.parsed, wholeParses: cache.stats.wholeParses }, incremental ? { parsed: 1, wholeParses: 1 } : { parsed: 0, wholeParses: 2 });
      assertSameExtraction(base, cache, `${what}, undone`);
      assertSameAsFullLint(text, options, new LintCache(), what);
    });
  }

  it('a fix in a re-used JSON resource is written into the latest text', () => {
    const cache = new LintCache();
    let text = base;
    lintText(text, { ...options, cache });
    // An edit in A: B's policies are re-used, moved; its fix (s3:GetObjects → s3:GetObject) must land in the new text.
    text = `${text.slice(0, inA)}xyz${text.slice(inA)}`;
    const findings = lintText(text, { ...options, cache }).findings;
    const inB = findings.find((f) => f.fix && f.range.start.line === 3);
    assert.ok(inB, JSON.stringify(findings.map((f) => [f.ruleId, f.range])));
    assert.deepStrictEqual(findings, lintText(text, options).findings);
  });
});
