// The build writes the AWS data compacted (scripts/build.mjs compactServiceData: no `dependentActions`, no empty
// lists, no `required: false`): read through the engine, every service must say exactly what the published data says.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamData } from '../../server/src/engine/data/iamData';
import { completeIam } from '../../server/src/engine/iam/completion';
import { hoverIam } from '../../server/src/engine/iam/hover';
import { lintText } from '../../server/src/engine/lint';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';
import { COLD_POLICY } from '../support/benchInputs';
import { cursor } from '../support/ruleTester';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST_DATA = path.join(ROOT, 'dist', 'iam-data');
const PUBLISHED_DATA = path.join(ROOT, 'node_modules', '@cloud-copilot', 'iam-data', 'data');

let readings: { published: IamData; compact: IamData } | undefined;

/** The published data and the bundled data, each read through the engine (one of each for the file: every service is read). */
function bothReadings(): { published: IamData; compact: IamData } {
  if (!fs.existsSync(path.join(DIST_DATA, 'services.json'))) throw new Error('dist/iam-data is missing: run `npm run build` first (`npm test` builds before testing).');
  readings ??= { published: new IamData(createDataFileReader()), compact: new IamData(createDataFileReader(DIST_DATA)) };
  return readings;
}

/** The bundled data read through the engine, with the files it read. */
function countingCompactData(): { data: IamData; reads: string[] } {
  const read = createDataFileReader(DIST_DATA);
  const reads: string[] = [];
  return { data: new IamData((file) => (reads.push(file), read(file))), reads };
}

describe('the compacted AWS data in dist/iam-data', () => {
  it('reads, for every service, the same actions, resource types and condition keys as the published package', () => {
    if (!fs.existsSync(path.join(DIST_DATA, 'services.json'))) throw new Error('dist/iam-data is missing: run `npm run build` first (`npm test` builds before testing).');
    const { published, compact } = bothReadings();
    assert.deepEqual(compact.servicePrefixes(), published.servicePrefixes());
    assert.ok(published.servicePrefixes().length > 300);
    for (const prefix of published.servicePrefixes()) {
      assert.deepEqual(compact.actions(prefix), published.actions(prefix), `${prefix} actions`);
      assert.deepEqual(compact.resourceTypes(prefix), published.resourceTypes(prefix), `${prefix} resource types`);
      assert.deepEqual(compact.serviceConditionKeys(prefix), published.serviceConditionKeys(prefix), `${prefix} condition keys`);
    }
    assert.deepEqual(compact.globalConditionKeys(), published.globalConditionKeys());
    // Smaller: what the first lint of a policy reads.
    const publishedS3 = JSON.stringify(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@cloud-copilot', 'iam-data', 'data', 'actions', 's3.json'), 'utf8')));
    assert.ok(fs.statSync(path.join(DIST_DATA, 'actions', 's3.json')).size < 0.9 * publishedS3.length);
  });

  it('gives every action the description of the published data, from files of their own read only on first need', () => {
    const { published, compact } = bothReadings();
    // The published reading against the published files as the engine read them before (`description ?? ''`).
    for (const prefix of ['s3', 'ec2', 'iam', 'dynamodb', 'kms', 'lambda']) {
      const raw = JSON.parse(fs.readFileSync(path.join(PUBLISHED_DATA, 'actions', `${prefix}.json`), 'utf8')) as Record<string, { name: string; description?: string }>;
      assert.equal(published.actions(prefix).length, Object.keys(raw).length, prefix);
      for (const entry of Object.values(raw)) assert.equal(published.actionDescription(published.action(prefix, entry.name)!), entry.description ?? '', `${prefix}:${entry.name}`);
    }
    // The bundled reading against the published one, for every action of every service.
    let described = 0;
    for (const prefix of published.servicePrefixes()) {
      for (const action of published.actions(prefix)) {
        const expected = published.actionDescription(action);
        assert.equal(compact.actionDescription(compact.action(prefix, action.name)!), expected, `${prefix}:${action.name}`);
        if (expected !== '') described++;
      }
    }
    assert.ok(described > 15_000, `${described} descriptions`);
    const bundledS3 = JSON.parse(fs.readFileSync(path.join(DIST_DATA, 'actions', 's3.json'), 'utf8')) as Record<string, object>;
    assert.ok(Object.values(bundledS3).every((a) => !('description' in a)), 'the bundled actions file has no descriptions');
    assert.equal(compact.actionDescription({ service: 'nosuchservice', name: 'X' }), '');
    assert.equal(compact.actionDescription({ service: 's3', name: 'constructor' }), '');
  });

  it('a lint reads no description; hover and completion read their service\'s once and show what the published data gives', () => {
    const { data, reads } = countingCompactData();
    lintText(COLD_POLICY, { data, kind: 'iam-policy' });
    assert.ok(reads.includes('actions/s3.json'), reads.join(', '));
    assert.deepEqual(reads.filter((f) => f.startsWith('actionDescriptions/')), []);
    const { published } = bothReadings();
    const hover = cursor('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get|Object", "Resource": "*"}]}');
    const shown = hoverIam(hover.text, hover.offset, data)?.markdown;
    assert.equal(shown, hoverIam(hover.text, hover.offset, published)?.markdown);
    assert.match(shown ?? '', /Grants permission to retrieve objects from Amazon S3/);
    assert.deepEqual(reads.filter((f) => f.startsWith('actionDescriptions/')), ['actionDescriptions/s3.json']);
    const typed = cursor('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:|", "Resource": "*"}]}');
    const items = completeIam(typed.text, typed.offset, data).items;
    assert.ok(items.length > 50 && items.some((i) => /^Read · Grants permission to return/.test(i.detail ?? '') || /Grants permission/.test(i.documentation ?? '')));
    // Compared as text: assert's diff of two long lists that differ takes minutes.
    const publishedItems = completeIam(typed.text, typed.offset, published).items;
    assert.ok(JSON.stringify(items) === JSON.stringify(publishedItems), `completion differs from the published data's: ${items.find((item, i) => JSON.stringify(item) !== JSON.stringify(publishedItems[i]))?.label}`);
    completeIam(typed.text, typed.offset, data);
    assert.deepEqual(reads.filter((f) => f.startsWith('actionDescriptions/')), ['actionDescriptions/s3.json', 'actionDescriptions/dynamodb.json']);
  });
});
