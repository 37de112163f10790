// A resource type's three matching lists (iam/arn.ts LazyTemplate: `alternatives`, `generic`, `withAccount`) are
// each compiled when first read, and its namespace and slot with its first match (issue #19, cold start: a start
// compiled all three of every type of the services a policy names). These tests hold the lazy lists to lists compiled
// in another order, the namespace read from `alternatives` alone to the namespace of all three lists (what was computed
// before), every answer asked before any list is read to the search on the lists, and a lint to a lint whose lists were
// all compiled beforehand; and they check what a first lint compiles.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compactFromTokens,
  compactOfMode,
  compiledLists,
  compileResourceType,
  compileTemplate,
  patternCanMatchGenericTemplate,
  patternCanMatchTemplate,
  patternCanMatchTemplateWithAccount,
  patternTokens,
  templateNamespaceOfAll,
  tokensIntersect,
  type CompiledTemplate,
} from '../../server/src/engine/iam/arn';
import { IamData, type DataFileReader } from '../../server/src/engine/data/iamData';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';
import { lintText } from '../../server/src/engine/lint';
import { COLD_POLICY } from '../support/benchInputs';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const LISTS = ['alternatives', 'generic', 'withAccount'] as const;
type ListName = (typeof LISTS)[number];
const ASK = {
  alternatives: patternCanMatchTemplate,
  generic: patternCanMatchGenericTemplate,
  withAccount: patternCanMatchTemplateWithAccount,
} as const;

/** The answer of a mode from the compiled lists themselves (the engine's product search on the token lists). */
function searched(pattern: string, compiled: CompiledTemplate, list: ListName): boolean {
  const tokens = patternTokens(pattern);
  return compiled[list].some((alt) => tokensIntersect(tokens, alt));
}

/** A real-looking ARN of the template with random values and an edit now and then (another service, wildcards). */
function patternOf(r: Rng, template: string): string {
  let arn = template
    .split(/,\s*/)[0]!
    .replace(/\$\{Partition\}/g, () => pick(r, ['aws', 'aws', '*']))
    .replace(/\$\{Region\}/g, () => pick(r, ['us-east-1', '*', '']))
    .replace(/\$\{Account(Id)?\}/g, () => pick(r, ['123456789012', '*', '', 'aws']))
    .replace(/\$\{[^}]+\}/g, () => pick(r, ['x', 'a/b', '*', 'x*y', '']));
  if (r() < 0.2) arn = arn.replace(/^arn:([^:]*):[^:]*:/, `arn:$1:${pick(r, ['s3', 'ec2', '*', 'logs'])}:`);
  if (r() < 0.2) arn = arn.slice(0, Math.floor(r() * arn.length)) + '*';
  return arn;
}

const reader = createDataFileReader();

describe('ARN templates: each matching list compiled when first read', () => {
  it('over every resource type of the bundled data: the lists do not depend on the order they are compiled in, and the namespace of `alternatives` is that of all three', () => {
    const a = new IamData(reader);
    const b = new IamData(reader);
    let types = 0;
    let withNamespace = 0;
    for (const service of a.servicePrefixes()) {
      const typesB = b.resourceTypes(service);
      a.resourceTypes(service).forEach((type, i) => {
        types++;
        const compiledA = compileResourceType(a, type);
        assert.deepEqual(compiledLists(compiledA), [], `${type.arn}: nothing compiled before it is asked`);
        // The namespace reads `alternatives` only.
        const namespace = compiledA.namespace;
        assert.deepEqual(compiledLists(compiledA), ['alternatives'], type.arn);
        if (namespace !== undefined) {
          withNamespace++;
          assert.notEqual(compiledA.slot, undefined, type.arn);
        } else assert.equal(compiledA.slot, undefined, type.arn);
        // Another instance, the lists compiled in the opposite order.
        const compiledB = compileResourceType(b, typesB[i]!);
        const inB = { withAccount: compiledB.withAccount, generic: compiledB.generic, alternatives: compiledB.alternatives };
        for (const list of LISTS) assert.deepEqual(compiledA[list], inB[list], `${type.arn} (${list})`);
        // What a match reads, compiled straight from the template, is the compact form of the token lists.
        for (const list of LISTS) assert.deepEqual(compactOfMode(compiledB, list), compactFromTokens(compiledA, list), `${type.arn} (${list}, compact)`);
        assert.equal(namespace, templateNamespaceOfAll(compiledA), type.arn);
        assert.equal(compiledB.namespace, namespace, type.arn);
      });
    }
    assert.ok(types > 1500 && withNamespace > types * 0.9, `${types} types, ${withNamespace} with a namespace`);
  });

  it('templates whose lists have no common namespace have no slot, in any list', () => {
    const templates = [
      'arn:${Partition}:svc:${Region}:*:thing/${Name}', // an account that may hold `:`
      'arn:${Partition}:${Service}:${Region}:${Account}:thing', // no literal service
      'arn:${Partition}:svc:${Region}:${Account}:a/${A}, arn:${Partition}:other:${Region}:${Account}:b/${B}', // two services
      'not-an-arn', // no ARN shape: anything
      'arn:${Partition}:svc:*:${Account}:thing/${Name}', // a region that may hold `:`
      'arn:${Partition}:svc:${Region}:${Account}:thing/${Name}, arn:${Partition}:svc:::${Name}', // one service, two shapes
      'arn:${Partition}:svc:${Region}:123456789012:thing/${Name}', // a literal account
    ];
    const files: Record<string, unknown> = {
      'services.json': ['svc'],
      'actions/svc.json': {},
      'resourceTypes/svc.json': Object.fromEntries(templates.map((arn, i) => [`t${i}`, { key: `t${i}`, arn }])),
    };
    const data = new IamData(((file: string) => files[file]) as DataFileReader);
    const namespaces = data.resourceTypes('svc').map((type) => {
      const compiled = compileResourceType(data, type);
      assert.equal(compiled.namespace, templateNamespaceOfAll(compileTemplate(type.arn)), type.arn);
      return compiled.namespace;
    });
    assert.deepEqual(namespaces, [undefined, undefined, undefined, undefined, undefined, 'svc', 'svc']);
  });

  it('answers asked before any list is read, in any mode and order, are the search on the lists', () => {
    const r = prng(1919);
    for (let round = 0; round < 6; round++) {
      // A new instance each round: every type starts with nothing compiled.
      const data = new IamData(reader);
      const services = ['s3', 'dynamodb', 'logs', 'ec2', 'lambda', 'kms', 'sqs', 'iam', 'apigateway', 'ssm'];
      const queries: { pattern: string; compiled: CompiledTemplate; list: ListName }[] = [];
      for (let p = 0; p < 25; p++) {
        const service = pick(r, services);
        const pattern = patternOf(r, pick(r, data.resourceTypes(service)).arn);
        for (const type of data.resourceTypes(pick(r, [service, service, pick(r, services)]))) queries.push({ pattern, compiled: compileResourceType(data, type), list: pick(r, LISTS) });
      }
      // Shuffled: a type's first question may be in any mode, about its own namespace or another's.
      for (let i = queries.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [queries[i], queries[j]] = [queries[j]!, queries[i]!];
      }
      const answers = queries.map((q) => ASK[q.list](q.pattern, q.compiled));
      queries.forEach((q, i) => assert.equal(answers[i], searched(q.pattern, q.compiled, q.list), `${q.pattern} vs ${q.compiled.arn} (${q.list})`));
    }
  });

  it("a policy's first lint compiles no generic list and few withAccount lists, and finds what a lint with every list compiled beforehand finds", () => {
    const services = ['s3', 'dynamodb', 'sqs', 'logs', 'kms'];
    const lazy = new IamData(reader);
    const findings = lintText(COLD_POLICY, { data: lazy, kind: 'iam-policy' }).findings;
    const compiled = { alternatives: 0, generic: 0, withAccount: 0 };
    let types = 0;
    for (const service of services) {
      for (const type of lazy.resourceTypes(service)) {
        types++;
        for (const list of compiledLists(compileResourceType(lazy, type))) compiled[list]++;
      }
    }
    assert.equal(compiled.generic, 0, JSON.stringify(compiled));
    // Only the types an ARN of the policy can be are asked whether it has a real account.
    assert.ok(compiled.withAccount <= 10 && compiled.alternatives < types, `${JSON.stringify(compiled)} of ${types} types`);

    const eager = new IamData(reader);
    for (const service of services) for (const type of eager.resourceTypes(service)) for (const list of LISTS) void compileResourceType(eager, type)[list];
    const strip = (list: typeof findings): string => JSON.stringify(list.map((f) => [f.ruleId, f.messageId, f.message, f.range, f.severity]));
    assert.equal(strip(findings), strip(lintText(COLD_POLICY, { data: eager, kind: 'iam-policy' }).findings));
  });
});
