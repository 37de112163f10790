// The shortcuts taken on the engine's hot paths (performance issue #19) answer exactly as the plain computations
// they stand for: the placeholder pre-check, condition-key template matching, the profile suggestion's early exit,
// iam/redundant-statement's signatures, iam/json-syntax's pre-check, iam/redundant-action's plain lists,
// iam/unknown-service's known actions, iam/policy-structure's character pre-check.
// Each is compared with a straightforward reference over generated inputs; the rule tests and the AWS managed-policy
// audit hold the rules' findings to the same standard.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { conditionKeyMatcher, conditionKeyTemplateMatches } from '../../server/src/engine/data/iamData';
import { parseIamDocument, propertyKey, type IamDocument, type Statement, type StrValue } from '../../server/src/engine/iam/document';
import { expandActionPattern, parseAction, servicesMatching } from '../../server/src/engine/iam/actions';
import { createJsonRenderer } from '../../server/src/engine/iam/jsonEdits';
import { isLiteralSubtree } from '../../server/src/engine/iam/values';
import { capFindingsPerRule, internalFinding, MAX_FINDINGS_PER_RULE, runRules, sortFindings, type LintOptions } from '../../server/src/engine/lint';
import { findingOf } from '../../server/src/engine/findings';
import type { Rule } from '../../server/src/engine/rules/rule';
import { INTERNAL_RULE_ID, type EditRenderer, type Finding } from '../../server/src/engine/types';
import { mayHaveCommentOrTrailingComma } from '../../server/src/engine/rules/iam/jsonSyntax';
import { policyStructure } from '../../server/src/engine/rules/iam/policyStructure';
import { plainAndDistinct, sameIgnoringCase } from '../../server/src/engine/rules/iam/redundantAction';
import { canonicalKey, redundantStatement, signatureOf } from '../../server/src/engine/rules/iam/redundantStatement';
import { LineIndex } from '../../server/src/engine/text';
import { findPlaceholders, hasPlaceholder, PLACEHOLDER_PATTERNS, PLACEHOLDER_QUICK_CHECK } from '../../server/src/engine/iam/placeholders';
import { actionMatches, compileWildcard, hasWildcard } from '../../server/src/engine/iam/wildcard';
import { allProfiles } from '../../server/src/engine/profiles';
import { suggestProfile } from '../../server/src/engine/profiles/suggest';
import { isIamProfile, type IamProfile } from '../../server/src/engine/profiles/types';
import { testData } from '../support/data';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Words placeholders are made of, in several letter cases, and ordinary ARN text around them. */
const PIECES = [
  'bucket', 'Bucket', 'BUCKET', 'BUCKET_NAME', 'bucket-name', 'BUCKET-NAME', 'account', 'ACCOUNT', 'ACCOUNT_ID', 'AccountId', 'ACCOUNT-ID',
  'your', 'Your', 'YOUR', 'your-', 'Your_', 'YOUR_', 'yours', 'replace', 'REPLACE', 'REPLACE_ME', 'REPLACEME', 'change', 'CHANGE_ME', 'changeme',
  'CHANGEME', 'todo', 'TODO', 'fixme', 'FIXME', 'placeholder', 'PLACEHOLDER', 'xxxx', 'XXXX', 'XXXXXXXXXXXX', 'insert', 'INSERT_', 'ENTER-',
  'enter', '<', '>', '<name>', '{', '}', '{{', '}}', '{{x}}', '${', '${region}', '${aws:username}', '${AWS::Region}', 'me', 'ME', '_', '-', '/',
  ':', ' ', 'arn:aws:s3:::', 'x', '1', '\n',
];

function randomText(r: Rng): string {
  let s = '';
  for (let n = Math.floor(r() * 7); n > 0; n--) s += pick(r, PIECES);
  return s;
}

test('placeholder pre-check: every match of every placeholder pattern contains a pre-check hit', () => {
  const r = prng(1901);
  let matches = 0;
  for (let n = 0; n < 20_000; n++) {
    const text = randomText(r);
    for (const pattern of PLACEHOLDER_PATTERNS) {
      for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
        matches++;
        assert.ok(PLACEHOLDER_QUICK_CHECK.test(m[0]), `${JSON.stringify(m[0])} (${pattern}) escapes the pre-check`);
      }
    }
    // And so the pre-check never hides a placeholder: no hit, no placeholder.
    if (!PLACEHOLDER_QUICK_CHECK.test(text)) {
      assert.deepEqual(findPlaceholders(text), [], text);
      assert.equal(hasPlaceholder(text), false, text);
    }
  }
  assert.ok(matches > 5_000, `only ${matches} matches: the generator no longer exercises the patterns`);
});

test('placeholder pre-check is case-sensitive: a bucket or account named in lower case is no placeholder', () => {
  for (const value of ['arn:aws:s3:::bucket-1/*', 'arn:aws:s3:::my-account-logs', 'arn:aws:s3:::change-log/*', 'arn:aws:s3:::enter-prise']) {
    assert.equal(PLACEHOLDER_QUICK_CHECK.test(value), false, value);
    assert.equal(hasPlaceholder(value), false, value);
  }
  assert.deepEqual(findPlaceholders('arn:aws:s3:::BUCKET_NAME/your-prefix/*').map((m) => m.text), ['BUCKET_NAME', 'your-prefix']);
});

/** The template matching as it was written before it was memoised: the reference. */
function referenceTemplateMatches(template: string, key: string): boolean {
  const marker = /\/(tag-key)?$/i.test(template) ? template.lastIndexOf('/') + 1 : template.search(/\$\{|</);
  if (marker < 0) return template.toLowerCase() === key.toLowerCase();
  const head = template.slice(0, marker).toLowerCase();
  return key.length > head.length && key.toLowerCase().startsWith(head);
}

test('condition-key template matching equals the reference for every template of the data and generated keys', () => {
  const data = testData();
  const r = prng(1902);
  const templates = new Set<string>();
  for (const prefix of data.servicePrefixes()) for (const k of data.serviceConditionKeys(prefix)) templates.add(k.key);
  for (const g of data.globalConditionKeys()) templates.add(g.key);
  templates.add('glacier:ResourceTag/');
  templates.add('secretsmanager:ResourceTag/tag-key');
  const all = [...templates];
  assert.ok(all.length > 1000, `${all.length} templates`);
  const variants = (t: string): string[] => {
    const cut = t.search(/\$\{|<|\/[^/]*$/);
    const head = cut >= 0 ? t.slice(0, cut + 1) : t;
    return [t, t.toUpperCase(), t.toLowerCase(), head, `${head}team`, `${head}Team/x`, head.slice(0, -1), `${t}x`, 'İ' + t.slice(1), `${head}\u0130`];
  };
  let compared = 0;
  for (let n = 0; n < 3000; n++) {
    const template = pick(r, all);
    for (const key of [...variants(template), ...variants(pick(r, all))]) {
      const expected = referenceTemplateMatches(template, key);
      assert.equal(conditionKeyTemplateMatches(template, key), expected, `${template} vs ${key}`);
      assert.equal(conditionKeyMatcher(key)(template), expected, `${template} vs ${key} (matcher)`);
      compared++;
    }
  }
  assert.ok(compared > 50_000);
  // Remembered answers stay right when asked again (serviceConditionKey memoises per key).
  for (const key of ['s3:prefix', 'S3:Prefix', 's3:ExistingObjectTag/team', 'aws:ResourceTag/x', 'ec2:ResourceTag/Name', 's3:nope']) {
    assert.equal(data.serviceConditionKey(key), data.serviceConditionKey(key));
  }
  assert.equal(data.serviceConditionKey('s3:prefix')?.key, 's3:prefix');
  assert.equal(data.serviceConditionKey('s3:nope'), undefined);
});

/** suggestProfile as it was written before its early exit and one-pass input: the reference. */
function referenceSuggestProfile(doc: IamDocument): { id: string; present: string[]; missing: string[] } | undefined {
  const listed = [
    ...new Set(
      doc.statements
        .filter((s) => s.effect?.value === 'Allow' && s.action?.key === 'Action')
        .flatMap((s) => s.action!.values.map((v) => v.value))
        .filter((v) => v.includes(':') && !/:\*$/.test(v) && v !== '*')
        .map((v) => v.toLowerCase()),
    ),
  ];
  if (listed.length === 0) return undefined;
  const exactListed = new Set(listed.filter((v) => !hasWildcard(v)));
  const listedMatchers = new Map(listed.filter((v) => hasWildcard(v)).map((v) => [v, compileWildcard(v, true)]));
  const wildListed = [...listedMatchers.values()];
  let best: { id: string; present: string[]; missing: string[]; score: number; total: number } | undefined;
  for (const profile of allProfiles) {
    if (!isIamProfile(profile) || profile.kind !== doc.policyType) continue;
    const required = [...new Set(profile.statements.filter((s) => !s.optional).flatMap((s) => s.actions))];
    const requiredLower = new Set(required.map((a) => a.toLowerCase()));
    const wildRequired = required.filter((a) => hasWildcard(a));
    if (required.length < 3) continue;
    const isListed = (a: string): boolean =>
      exactListed.has(a.toLowerCase()) || wildListed.some((v) => v.test(a)) || (hasWildcard(a) && listed.some((v) => actionMatches(a, v)));
    const present = required.filter(isListed);
    const exact = present.filter((a) => exactListed.has(a.toLowerCase())).length;
    const coverage = (exact + (present.length - exact) / 2) / required.length;
    if (coverage < 0.75) continue;
    const belongs = (v: string): boolean =>
      requiredLower.has(v) || wildRequired.some((a) => actionMatches(a, v)) || (listedMatchers.has(v) && required.some((a) => listedMatchers.get(v)!.test(a)));
    const focus = listed.filter(belongs).length / listed.length;
    if (focus < 0.6) continue;
    const score = coverage + focus;
    if (!best || score > best.score || (score === best.score && required.length > best.total)) {
      best = { id: profile.id, present, missing: required.filter((a) => !present.includes(a)), score, total: required.length };
    }
  }
  return best && { id: best.id, present: best.present, missing: best.missing };
}

test('profile suggestion with its early exit equals the reference on generated policies near every profile', () => {
  const r = prng(1903);
  const profiles = allProfiles.filter((p): p is IamProfile => isIamProfile(p));
  // With values whose service part is a wildcard or not ASCII (the service pre-check must stand aside or stay exact).
  const noise = ['s3:GetObject', 'sqs:SendMessage', 'ec2:Describe*', 's3:*', '*', 'logs:PutLogEvents', 'kms:Decrypt', 'iam:PassRole', 'S3:getobject', '*:Get*', 's?:PutObject', 'S\u212a3:x', 'ſ3:GetObject', 'ſ3:Get*', 'S3:get*', 'KMS:Describe*', '\u212ams:Get*'];
  let suggested = 0;
  for (let n = 0; n < 1500; n++) {
    const profile = pick(r, profiles);
    const required = [...new Set(profile.statements.filter((s) => !s.optional).flatMap((s) => s.actions))];
    // Keep 50–100 % of the required actions (coverage around the threshold), some in another case or as a wildcard
    // (also in the service part: `*:GetObject`, `s?:GetObject`).
    const keep = 0.5 + r() * 0.5;
    const actions = required
      .filter(() => r() < keep)
      .map((a) => (r() < 0.1 ? a.toUpperCase() : r() < 0.1 ? `${a.slice(0, -2)}*` : r() < 0.15 ? `${r() < 0.5 ? '*' : `${a[0]}?${a.slice(2, a.indexOf(':'))}`}${a.slice(a.indexOf(':'))}` : a));
    for (let k = Math.floor(r() * 4); k > 0; k--) actions.push(r() < 0.5 ? pick(r, noise) : pick(r, pick(r, profiles).statements).actions[0] ?? 's3:ListBucket');
    const statements: object[] = [{ Effect: 'Allow', Action: actions.length > 0 ? actions : ['s3:GetObject'], Resource: '*' }];
    if (r() < 0.3) statements.push({ Effect: 'Deny', Action: pick(r, noise), Resource: '*' });
    if (r() < 0.2) statements.push({ Effect: 'Allow', NotAction: pick(r, noise), Resource: '*' });
    const policyType = profile.kind === 'trust' || profile.kind === 'resource' ? profile.kind : undefined;
    const doc = parseIamDocument(JSON.stringify({ Version: '2012-10-17', Statement: statements }), policyType);
    const expected = referenceSuggestProfile(doc);
    const actual = suggestProfile(doc);
    assert.deepEqual(actual && { id: actual.profile.id, present: actual.present, missing: actual.missing }, expected, JSON.stringify(statements));
    if (expected) suggested++;
  }
  assert.ok(suggested > 100, `only ${suggested} policies were suggested a profile: the generator no longer reaches the threshold`);
  // Each profile's required actions with one service's named only through a wildcard service part (`*:GetObject`,
  // `s?:GetObject`): a pre-check by the services the document names must not pass these profiles over.
  let throughWildService = 0;
  for (const profile of profiles) {
    const required = [...new Set(profile.statements.filter((s) => !s.optional).flatMap((s) => s.actions))];
    for (const service of new Set(required.map((a) => a.slice(0, a.indexOf(':'))))) {
      for (const wild of ['*', `${service[0]}?${service.slice(2)}`]) {
        if (service.length < 2) continue;
        const actions = required.map((a) => (a.startsWith(`${service}:`) ? `${wild}${a.slice(a.indexOf(':'))}` : a));
        const policyType = profile.kind === 'trust' || profile.kind === 'resource' ? profile.kind : undefined;
        const doc = parseIamDocument(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }), policyType);
        const expected = referenceSuggestProfile(doc);
        const actual = suggestProfile(doc);
        assert.deepEqual(actual && { id: actual.profile.id, present: actual.present, missing: actual.missing }, expected, JSON.stringify(actions));
        if (expected && expected.present.some((a) => a.startsWith(`${service}:`)) && !actions.some((a) => a.startsWith(`${service}:`))) throughWildService++;
      }
    }
  }
  assert.ok(throughWildService > 5, `only ${throughWildService} suggestions came through a wildcard service part`);
});

test('profile suggestion equals the reference when a profile\'s actions are mixed with other services\' (the focus pre-check)', () => {
  // A profile's required actions, some of them as patterns, among actions of other services, in proportions around
  // MIN_FOCUS (60 %); profiles with a wildcard service part, and listed values with one, in the mix.
  const r = prng(2026);
  const profiles = allProfiles.filter((p): p is IamProfile => isIamProfile(p));
  const others = ['ec2:DescribeInstances', 'ec2:RunInstances', 'lambda:InvokeFunction', 'sns:Publish', 'cloudwatch:PutMetricData', 'ecr:GetAuthorizationToken', 'sts:GetCallerIdentity', 'ssm:GetParameter', 'ec2:Describe*', 'sns:*Topic', '*:Describe*', 'S3:Get*', 'GLUE:get*'];
  let suggested = 0;
  let nearMiss = 0;
  for (let n = 0; n < 1200; n++) {
    const profile = pick(r, profiles);
    const required = [...new Set(profile.statements.filter((s) => !s.optional).flatMap((s) => s.actions))];
    const actions = required.filter(() => r() < 0.9).map((a) => (r() < 0.1 ? `${a.slice(0, -1)}*` : a));
    const extra = Math.round(actions.length * (0.3 + r() * 0.6));
    for (let k = 0; k < extra; k++) actions.push(r() < 0.7 ? pick(r, others) : `${pick(r, ['ec2', 'iam', 'rds', 'kinesis', 'secretsmanager'])}:Action${Math.floor(r() * 50)}`);
    const policyType = profile.kind === 'trust' || profile.kind === 'resource' ? profile.kind : undefined;
    const doc = parseIamDocument(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }), policyType);
    const expected = referenceSuggestProfile(doc);
    const actual = suggestProfile(doc);
    assert.deepEqual(actual && { id: actual.profile.id, present: actual.present, missing: actual.missing }, expected, JSON.stringify(actions));
    if (expected) suggested++;
    else nearMiss++;
  }
  assert.ok(suggested > 100 && nearMiss > 100, `${suggested} suggested, ${nearMiss} not: the mix no longer straddles the focus threshold`);
});

/** iam/redundant-statement's key as it was computed for every statement before signatures: the reference. */
function referenceStatementKey(statement: Statement, text: string): string | undefined {
  const known = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  const keys = new Set<string>();
  for (const property of statement.properties) {
    const key = propertyKey(property);
    if (key === undefined || !known.has(key) || keys.has(key)) return undefined;
    keys.add(key);
  }
  if (!isLiteralSubtree(statement.node, text)) return undefined;
  if (!statement.effect) return undefined;
  const sortedSet = (values: readonly string[]): string[] => [...new Set(values)].sort();
  const list = (element: Statement['action'], foldCase: boolean): unknown => {
    if (!element) return null;
    const type = element.valueNode?.type;
    if (type !== 'string' && type !== 'array') return [element.key, type ?? null];
    return [element.key, sortedSet(element.values.map((v) => (foldCase ? v.value.toLowerCase() : v.value)))];
  };
  const principal = statement.principal;
  const condition = statement.condition;
  return JSON.stringify([
    statement.effect.value,
    list(statement.action, true),
    list(statement.resource, false),
    !principal ? null : principal.valueNode?.type !== 'string' && principal.valueNode?.type !== 'object' ? [principal.key, principal.valueNode?.type ?? null] : [principal.key, sortedSet(principal.entries.map((e) => JSON.stringify([e.type, e.value.value])))],
    !condition
      ? null
      : condition.valueNode?.type !== 'object'
        ? [condition.valueNode?.type ?? null]
        : sortedSet(condition.blocks.flatMap((b) => b.entries.map((e) => JSON.stringify([b.operator.value, e.key.value.toLowerCase(), sortedSet(e.values.map((v) => v.value))])))),
  ]);
}

/** Statements drawn from small pools, so that many repeat one another up to order, case and repeats. */
function nearDuplicateStatement(r: Rng): Record<string, unknown> {
  const actions = ['s3:GetObject', 'S3:getobject', 's3:PutObject', 'sqs:SendMessage', 'iam:PassRole', 'ec2:Describe*', 's3:*', 'İam:Get*', 'iam:get*'];
  const resources = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::B/*', 'arn:aws:s3:::b', 'arn:aws:sqs:us-east-1:123456789012:q'];
  const some = (pool: string[]): string | string[] | number => {
    const roll = r();
    if (roll < 0.05) return 7; // a value of another type
    if (roll < 0.4) return pick(r, pool);
    return Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, pool));
  };
  const statement: Record<string, unknown> = {};
  if (r() < 0.3) statement['Sid'] = pick(r, ['A', 'B']);
  if (r() < 0.95) statement['Effect'] = pick(r, ['Allow', 'Deny']);
  statement[r() < 0.9 ? 'Action' : 'NotAction'] = some(actions);
  if (r() < 0.9) statement[r() < 0.9 ? 'Resource' : 'NotResource'] = some(resources);
  if (r() < 0.2) statement['Principal'] = r() < 0.5 ? '*' : { AWS: some(['arn:aws:iam::123456789012:root', '123456789012']) };
  if (r() < 0.3) statement['Condition'] = { [pick(r, ['StringEquals', 'StringLike'])]: { [pick(r, ['aws:SourceVpc', 'AWS:sourcevpc', 's3:prefix'])]: some(['a', 'b']) } };
  if (r() < 0.03) statement['Unknown'] = 1;
  return statement;
}

test('iam/redundant-statement: signatures and keys equal the reference key on generated near-duplicate statements', () => {
  const r = prng(1904);
  let repeats = 0;
  for (let n = 0; n < 300; n++) {
    const statements: Record<string, unknown>[] = [];
    for (let k = 2 + Math.floor(r() * 40); k > 0; k--) {
      // Half are an earlier statement again: lists reordered, an entry repeated, actions in another case, another Sid,
      // or one value changed (then it only looks like a repeat).
      if (statements.length === 0 || r() < 0.5) {
        statements.push(nearDuplicateStatement(r));
        continue;
      }
      const copy = structuredClone(pick(r, statements));
      for (const [key, value] of Object.entries(copy)) {
        if (!Array.isArray(value)) continue;
        const list = [...value].sort(() => r() - 0.5);
        if (r() < 0.3) list.push(list[0]);
        copy[key] = key.endsWith('Action') && r() < 0.3 ? list.map((a) => (typeof a === 'string' ? a.toUpperCase() : a)) : list;
      }
      if (r() < 0.2) copy['Sid'] = pick(r, ['A', 'B', 'C']);
      if (r() < 0.2) copy['Resource'] = pick(r, ['arn:aws:s3:::b/*', 'arn:aws:s3:::b']);
      statements.push(copy);
    }
    // Escapes and the same key written twice (JSON.stringify writes neither).
    let text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 1);
    if (r() < 0.3) text = text.replace('"s3:GetObject"', '"s3:Get\\u004fbject"');
    if (r() < 0.2) text = text.replace('"Effect": "Allow"', '"Effect": "Allow", "Effect": "Allow"');
    const doc = parseIamDocument(text);
    const signatureByKey = new Map<string, number | undefined>();
    const expected: string[] = [];
    const firstByKey = new Map<string, Statement>();
    for (const statement of doc.statements) {
      // A policy file's strings are literal: the shortcut signatureOf takes for it.
      assert.equal(isLiteralSubtree(statement.node, text), true);
      const key = referenceStatementKey(statement, text);
      const signature = signatureOf(statement, doc);
      assert.equal(signature === undefined, key === undefined, text);
      if (key === undefined) continue;
      assert.equal(canonicalKey(statement), key);
      if (signatureByKey.has(key)) assert.equal(signature, signatureByKey.get(key), `${key}: two signatures`);
      signatureByKey.set(key, signature);
      const earlier = firstByKey.get(key);
      if (earlier) expected.push(`${statement.node.offset} repeats ${earlier.node.offset}`);
      else firstByKey.set(key, statement);
    }
    const lines = new LineIndex(text);
    const findings = runRules([redundantStatement], doc, text, { data: testData(), kind: 'iam-policy' }, lines, createJsonRenderer(text, lines));
    const actual = findings
      .filter((f) => f.messageId === 'repeats')
      .map((f) => `${f.start} repeats ${lines.offsetAt({ line: Number(/line (\d+)/.exec(f.message)![1]) - 1, character: 0 })}`);
    const expectedLines = expected.map((e) => {
      const [at, earlier] = e.split(' repeats ').map(Number) as [number, number];
      return `${at} repeats ${lines.offsetAt({ line: lines.positionAt(earlier).line, character: 0 })}`;
    });
    assert.deepEqual(actual, expectedLines.slice(0, actual.length), text);
    assert.equal(findings.length, Math.min(expected.length, 100) + (expected.length > 100 ? 1 : 0));
    repeats += expected.length;
  }
  assert.ok(repeats > 500, `only ${repeats} repeats: the generator no longer makes near duplicates`);
});

/** Whether jsonc-parser's scanner finds a comment or a trailing comma from `start` to `end` (iam/json-syntax's scan). */
function scannerFindsCommentOrTrailingComma(text: string, start: number, end: number): boolean {
  const scanner = createScanner(text, false);
  scanner.setPosition(start);
  let pendingComma = false;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < end; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) return true;
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && pendingComma) return true;
    pendingComma = kind === SyntaxKind.CommaToken;
  }
  return false;
}

test('iam/json-syntax pre-check: whenever the scanner finds a comment or trailing comma, the pre-check sends the text to it', () => {
  const r = prng(1905);
  const pieces = ['"', '"a/b"', '"arn:aws:s3:::b/*"', '"x\\"/"', '\\', '\\"', '/', '//', '/*', '*/', ',', ', ', ',\n', ',\t', ',\r\n', ',\u00a0', ',\u0001', '}', ']', '{', '[', ' ', '\n', '\r', '\t', 'a', '1', ':', 'true', '\u2003', '"\n', '"\r'];
  let found = 0;
  let skipped = 0;
  for (let n = 0; n < 50_000; n++) {
    let text = '';
    for (let k = 1 + Math.floor(r() * 12); k > 0; k--) text += pick(r, pieces);
    const start = Math.floor(r() * 3) === 0 ? 0 : Math.floor(r() * text.length);
    // Ranges start at a token boundary in the rule; any start is tried here, the scanner starting where the check does.
    const end = start + Math.floor(r() * (text.length - start + 1));
    const scanned = scannerFindsCommentOrTrailingComma(text, start, end);
    if (scanned) {
      found++;
      assert.equal(mayHaveCommentOrTrailingComma(text, start, end), true, JSON.stringify([text, start, end]));
    } else if (!mayHaveCommentOrTrailingComma(text, start, end)) skipped++;
  }
  assert.ok(found > 5_000 && skipped > 5_000, `${found} found, ${skipped} skipped: the generator no longer exercises both sides`);
  // An ARN's `/*` is no comment: the policy is not scanned.
  assert.equal(mayHaveCommentOrTrailingComma('{"Resource": ["arn:aws:s3:::b/*", "x"]}', 0, 39), false);
});

test('iam/redundant-action: the in-place case comparison and the plain-list exit equal their references', () => {
  const r = prng(1906);
  const pieces = ['s3', 'S3', ':', 'Get', 'get', 'GET', 'Object', 'İ', 'i̇', 'i', 'I', 'ß', 'SS', 'ss', 'ﬃ', 'K', 'k', '*', '?', 'é', 'É'];
  const word = (): string => Array.from({ length: Math.floor(r() * 5) }, () => pick(r, pieces)).join('');
  let same = 0;
  for (let n = 0; n < 100_000; n++) {
    const a = word();
    const b = r() < 0.3 ? (r() < 0.5 ? a.toUpperCase() : a.toLowerCase()) : word();
    const expected = a.toLowerCase() === b.toLowerCase();
    assert.equal(sameIgnoringCase(a, b), expected, JSON.stringify([a, b]));
    if (expected) same++;
  }
  assert.ok(same > 10_000);
  for (let n = 0; n < 5000; n++) {
    const values = Array.from({ length: 1 + Math.floor(r() * 6) }, () => ({ value: word() }) as StrValue);
    const lower = values.map((v) => v.value.toLowerCase());
    const expected = values.every((v) => !hasWildcard(v.value)) && new Set(lower).size === lower.length;
    assert.equal(plainAndDistinct(values), expected, JSON.stringify(values));
  }
});

test('iam/unknown-service: an action the data expands has a service the data knows (the rule stops there)', () => {
  const data = testData();
  const r = prng(1907);
  const actions = data.servicePrefixes().flatMap((p) => data.actions(p).map((a) => `${a.service}:${a.name}`));
  const patterns = ['s3:Get*', 'S3:GETOBJECT', 's3*:Get*', '*:GetObject', 'ec2:*', 'nope:Get*', 's3::x', 's3', ':x', 'iam:Pass?ole', 'İam:x', 's3:Get Object'];
  for (let n = 0; n < 3000; n++) patterns.push(r() < 0.5 ? pick(r, actions) : pick(r, actions).replace(/[a-z]/, (c) => c.toUpperCase()).replace(/.$/, '*'));
  for (const pattern of patterns) {
    if (expandActionPattern(data, pattern).length === 0) continue;
    const parsed = parseAction(pattern);
    assert.ok(parsed.ok, pattern);
    assert.ok(servicesMatching(data, parsed.action.service).length > 0, pattern);
  }
});

test('iam/policy-structure: the character pre-check of a policy file reports what the walk of every string reports', () => {
  const r = prng(1908);
  const chars = ['a', 'é', 'ÿ', 'ā', '€', '😀', '\t', '\u0001', '\u00a0', '\u0100', ' ', '"', '\\', '/', '*'];
  const word = (): string => Array.from({ length: Math.floor(r() * 4) }, () => pick(r, chars)).join('');
  let reported = 0;
  let clean = 0;
  for (let n = 0; n < 2000; n++) {
    const statements = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
      Sid: `S${word()}`,
      Effect: 'Allow',
      Action: [`s3:Get${word()}`],
      Resource: `arn:aws:s3:::b${word()}/*`,
      ...(r() < 0.3 ? { Condition: { StringEquals: { [`aws:PrincipalTag/${word()}`]: word() } } } : {}),
    }));
    // Some characters written as escapes (`\u0101`), some as themselves.
    let text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    if (r() < 0.5) text = text.replace(/[^\x00-\xff]/g, (c) => (r() < 0.5 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
    const doc = parseIamDocument(text, 'identity');
    const lint = (d: IamDocument): string[] => {
      const lines = new LineIndex(text);
      return runRules([policyStructure], d, text, { data: testData(), kind: 'iam-policy' }, lines, createJsonRenderer(text, lines)).map((f) => JSON.stringify(f));
    };
    const withPreCheck = lint(doc);
    // A model the pre-check does not apply to walks every string: the reference.
    assert.deepEqual(withPreCheck, lint({ ...doc, isJsonText: false }), text);
    if (withPreCheck.some((f) => f.includes('characterNotAllowed'))) reported++;
    else clean++;
  }
  assert.ok(reported > 200 && clean > 200, `${reported} reported, ${clean} clean`);
});

test('findings past a rule\'s cap are never rendered, and the kept ones are exactly what rendering every finding gives', () => {
  // A rule reporting 3 × the cap, out of document order, with a fix and a suggestion each, plus a faulty report last.
  const text = 'x'.repeat(1000);
  const n = MAX_FINDINGS_PER_RULE * 3;
  const rule: Rule<null> = {
    id: 'test/many', domain: 'iam', defaultSeverity: 'warning', description: 'many', fixable: true, hasSuggestions: true,
    messages: { many: 'finding {{i}}', other: 'other {{i}}' },
    check: ({ report }) => {
      for (let k = 0; k < n; k++) {
        const i = (k * 7) % n;
        const edit = { start: i, end: i + 1, newText: `${i}` };
        report({ start: i, end: i + 1 + (k % 3), messageId: k % 5 ? 'many' : 'other', data: { i }, severity: k % 11 ? undefined : 'error', fix: { title: `fix ${i}`, edits: [edit] }, suggestions: [{ title: `s ${i}`, edits: [edit] }] });
      }
    },
  };
  const other: Rule<null> = { ...rule, id: 'test/few', check: ({ report }) => report({ start: 5, end: 6, messageId: 'many', data: { i: 5 } }) };
  const faulty: Rule<null> = { ...rule, id: 'test/faulty', check: ({ report }) => { report({ start: 1, end: 2, messageId: 'many', data: { i: 1 } }); report({ start: 3, end: 4, messageId: 'many' }); } };
  let rendered = 0;
  const counting: EditRenderer = { render: (edits) => { rendered++; return edits.map((e) => ({ ...(e as { start: number; end: number; newText: string }) })); } };
  const lines = new LineIndex(text);
  const options = { data: testData(), kind: 'iam-policy' as const };
  const findings = runRules([rule, other, faulty], null, text, options, lines, counting);
  // Each kept finding of test/many has a fix and a suggestion (2 renders); those past the cap were not rendered.
  assert.equal(rendered, 2 * MAX_FINDINGS_PER_RULE);
  // The reference: every report rendered (findingOf), sorted, then capped.
  const all: Finding[] = [];
  for (const r of [rule, other, faulty]) {
    try {
      r.check({ doc: null, text, lines, data: options.data, relatedProfiles: [], report: (report) => all.push(findingOf(r, report, report.severity ?? r.defaultSeverity, text, lines, counting)) });
    } catch (error) {
      all.push(internalFinding(`Rule ${r.id} failed on this document and was skipped: ${(error as Error).message}`, lines));
    }
  }
  assert.deepEqual(findings, capFindingsPerRule(sortFindings(all)));
  assert.equal(findings.filter((f) => f.ruleId === 'test/many').length, MAX_FINDINGS_PER_RULE + 1);
  assert.ok(findings.some((f) => f.ruleId === INTERNAL_RULE_ID && f.message.includes('test/faulty')));
});

test('runRules gives every rule one shared context: each rule\'s findings carry its own id and severity override, and each sees the properties runRule gives', () => {
  // runRules makes one context per document whose `report` reports for the rule running now (engine/lint.ts); the
  // reference runs each rule alone (its own context), then sorts and caps the lot.
  const text = 'y'.repeat(400);
  const lines = new LineIndex(text);
  const seen = new Map<string, string[]>();
  const base: Rule<null> = {
    id: 'test/a', domain: 'iam', defaultSeverity: 'warning', description: 'a', fixable: false, hasSuggestions: false,
    messages: { m: 'finding {{i}}' },
    check: () => undefined,
  };
  const reporting = (id: string, at: number, throwAfter = false): Rule<null> => ({
    ...base,
    id,
    check: (context) => {
      seen.set(id, Object.keys(context).sort());
      for (let k = 0; k < 4; k++) context.report({ start: at + k * 13, end: at + k * 13 + 2, messageId: 'm', data: { i: k }, severity: k === 2 ? 'error' : undefined });
      if (throwAfter) throw new Error(`${id} broke`);
    },
  });
  const rules = [reporting('test/a', 3), reporting('test/b', 5, true), reporting('test/c', 3), reporting('test/d', 40), reporting('test/off', 1)];
  const profile = { id: 'some/profile', values: {} };
  for (const options of [
    { data: testData(), kind: 'iam-policy' as const } as LintOptions,
    { data: testData(), kind: 'iam-policy' as const, severities: { 'test/c': 'info', 'test/b': 'error', 'test/off': 'off' } as const, profile, relatedProfiles: [profile] } as LintOptions,
  ]) {
    seen.clear();
    const together = runRules(rules, null, text, options, lines);
    const keysTogether = new Map(seen);
    seen.clear();
    const alone = capFindingsPerRule(sortFindings(rules.flatMap((r) => runRules([r], null, text, options, lines))));
    assert.deepEqual(together, alone);
    assert.deepEqual(keysTogether, seen);
    const expectedKeys = ['data', 'doc', 'lines', 'relatedProfiles', 'report', 'text', ...(options.profile ? ['profile'] : [])].sort();
    for (const keys of seen.values()) assert.deepEqual(keys, expectedKeys);
    // An override applies to the rule it names only, and wins over a report's own severity.
    const severities = new Map(together.map((f) => [`${f.ruleId}@${f.start}`, f.severity]));
    if (options.severities) {
      assert.equal(severities.get('test/c@3'), 'info');
      assert.equal(severities.get('test/a@3'), 'warning');
      assert.equal(severities.get('test/a@29'), 'error');
      assert.equal(severities.has('test/off@1'), false);
    }
    assert.ok(together.some((f) => f.ruleId === INTERNAL_RULE_ID && f.message.includes('test/b broke')));
  }
});

test('the per-rule cap starts exactly past MAX_FINDINGS_PER_RULE findings', () => {
  const text = 'z'.repeat(2 * MAX_FINDINGS_PER_RULE + 10);
  const lines = new LineIndex(text);
  const counting = (count: number): Rule<null> => ({
    id: 'test/count', domain: 'iam', defaultSeverity: 'warning', description: 'count', fixable: false, hasSuggestions: false,
    messages: { m: 'finding {{i}}' },
    check: ({ report }) => { for (let i = 0; i < count; i++) report({ start: i, end: i + 1, messageId: 'm', data: { i } }); },
  });
  const options = { data: testData(), kind: 'iam-policy' as const };
  assert.equal(runRules([counting(MAX_FINDINGS_PER_RULE)], null, text, options, lines).length, MAX_FINDINGS_PER_RULE);
  const over = runRules([counting(MAX_FINDINGS_PER_RULE + 1)], null, text, options, lines);
  assert.equal(over.length, MAX_FINDINGS_PER_RULE + 1);
  assert.equal(over[over.length - 1]!.messageId, 'moreFindings');
  assert.match(over[over.length - 1]!.message, /… and 1 more finding of test\/count/);
});
