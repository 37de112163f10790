// iam/arn.ts typesPatternMayMatch: the resource types of a namespace indexed by the first character of their literal
// resource prefix, so that iam/resource-arn-malformed asks about an ARN only the types it may be of (issue #19). The
// index must never drop a type the search says the pattern can be of: checked over every resource type of the bundled
// data, against ARNs made from every template (with wildcards, empty fields, other services, cut short) and against
// hand-written templates whose alternatives have no shape or an empty prefix.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileResourceType, compileTemplate, patternCanMatchTemplate, typesPatternMayMatch, type CompiledTemplate } from '../../server/src/engine/iam/arn';
import { IamData } from '../../server/src/engine/data/iamData';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** An ARN of the template with random values, now and then edited (another service, a wildcard, cut short, another type's resource part). */
function patternOf(r: Rng, template: string, otherResource: string): string {
  let arn = pick(r, template.split(/,\s*/))
    .replace(/\$\{Partition\}/g, () => pick(r, ['aws', 'aws', '*']))
    .replace(/\$\{Region\}/g, () => pick(r, ['us-east-1', '*', '', '${AWS::Region}']))
    .replace(/\$\{Account(Id)?\}/g, () => pick(r, ['123456789012', '*', '', 'aws']))
    .replace(/\$\{[^}]+\}/g, () => pick(r, ['x', 'a/b', '*', 'x*y', '', '?', '${aws:username}', '\uE000']));
  const edit = r();
  if (edit < 0.1) arn = arn.replace(/^arn:([^:]*):[^:]*:/, `arn:$1:${pick(r, ['s3', 'ec2', '*', 'logs'])}:`);
  else if (edit < 0.25) arn = arn.slice(0, Math.floor(r() * arn.length)) + pick(r, ['*', '?', '']);
  else if (edit < 0.4) arn = arn.split(':').slice(0, 5).join(':') + ':' + otherResource;
  else if (edit < 0.45) arn = pick(r, ['*', 'arn:aws:*', 'not-an-arn', '']);
  return arn;
}

/** Every type whose answer is true is among the candidates, which are ascending positions; returns how many were left out. */
function checkCandidates(pattern: string, compiled: readonly CompiledTemplate[], label: string): number {
  const candidates = typesPatternMayMatch(pattern, compiled);
  for (let k = 1; k < candidates.length; k++) assert.ok(candidates[k - 1]! < candidates[k]!, `${label}: ascending, no repeats`);
  for (let i = 0; i < compiled.length; i++) {
    if (patternCanMatchTemplate(pattern, compiled[i]!)) assert.ok(candidates.includes(i), `${label}: ${JSON.stringify(pattern)} can be ${compiled[i]!.arn} but the index leaves it out`);
  }
  return compiled.length - candidates.length;
}

describe('typesPatternMayMatch (resource types indexed by their resource prefix)', () => {
  it('never leaves out a type the search matches, over every namespace of the bundled data', () => {
    const data = new IamData(createDataFileReader());
    const r = prng(19);
    let patterns = 0;
    let leftOut = 0;
    let asked = 0;
    for (const service of data.servicePrefixes()) {
      // The list iam/resource-arn-malformed asks about: the types whose ARNs are in the namespace.
      const types = data.resourceTypes(service).filter((t) => t.arn.split(':')[2] === service);
      if (types.length === 0) continue;
      const compiled = types.map((t) => compileResourceType(data, t));
      const resources = types.map((t) => t.arn.split(/,\s*/)[0]!.split(':').slice(5).join(':').replace(/\$\{[^}]+\}/g, 'v'));
      // An ARN of each type (of at most 24 types, evenly spread, in the largest namespaces: each is asked about every type).
      const step = Math.max(1, types.length / 24);
      for (let k = 0; k < types.length; k += step) {
        leftOut += checkCandidates(patternOf(r, types[Math.floor(k)]!.arn, pick(r, resources)), compiled, service);
        asked += compiled.length;
        patterns++;
      }
    }
    assert.ok(patterns > 1500, `${patterns} patterns`);
    // Not vacuous: the index leaves types out.
    assert.ok(leftOut > asked / 10, `${leftOut} of ${asked} left out`);
  });

  it('keeps the types with an alternative of no shape or an empty prefix, for any pattern', () => {
    const compiled = [
      'arn:${Partition}:svc:${Region}:${Account}:thing/${Name}',
      'arn:${Partition}:svc:${Region}:${Account}:${Name}', // empty prefix
      'arn:${Partition}:svc:*:${Account}:other/${Name}', // no shape: its region may hold `:`
      'arn:${Partition}:svc:${Region}:${Account}:table/${Name}, arn:${Partition}:svc:${Region}:${Account}:thing-two/${Name}',
      'arn:${Partition}:svc:${Region}:${Account}:zebra/${Name}',
    ].map((t) => compileTemplate(t));
    const patterns = ['arn:aws:svc:us-east-1:123456789012:thing/x', 'arn:aws:svc:us-east-1:123456789012:zebra/x', 'arn:aws:svc:us-east-1:123456789012:t*', 'arn:aws:svc:*:*:*', 'arn:aws:svc:us-east-1:123456789012:other/x', 'arn:aws:svc:us-east-1:123456789012:q', 'arn:aws:svc:us-east-1:123456789012:other/x:y'];
    for (const pattern of patterns) checkCandidates(pattern, compiled, pattern);
    assert.deepEqual(typesPatternMayMatch('arn:aws:svc:us-east-1:123456789012:zebra/x', compiled), [1, 2, 4]);
    assert.deepEqual(typesPatternMayMatch('arn:aws:svc:us-east-1:123456789012:thing/x', compiled), [0, 1, 2, 3]);
    assert.deepEqual(typesPatternMayMatch('arn:aws:svc:us-east-1:123456789012:q', compiled), [1, 2]);
    assert.deepEqual(typesPatternMayMatch('arn:aws:svc:us-east-1:123456789012:*', compiled), [0, 1, 2, 3, 4]);
    assert.deepEqual(typesPatternMayMatch('arn:aws:*', compiled), [0, 1, 2, 3, 4], 'a pattern without a shape may be of any type');
  });
});
