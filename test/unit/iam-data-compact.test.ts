// The build writes the AWS data compacted (scripts/build.mjs compactServiceData: no `dependentActions`, no empty
// lists, no `required: false`): read through the engine, every service must say exactly what the published data says.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamData } from '../../server/src/engine/data/iamData';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST_DATA = path.join(ROOT, 'dist', 'iam-data');

describe('the compacted AWS data in dist/iam-data', () => {
  it('reads, for every service, the same actions, resource types and condition keys as the published package', () => {
    if (!fs.existsSync(path.join(DIST_DATA, 'services.json'))) throw new Error('dist/iam-data is missing: run `npm run build` first (`npm test` builds before testing).');
    const published = new IamData(createDataFileReader());
    const compact = new IamData(createDataFileReader(DIST_DATA));
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
});
