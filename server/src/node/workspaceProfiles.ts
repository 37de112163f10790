// Workspace profiles: a team's own profile files under `<root>/.grantcheck/profiles/*.json`, where root is the
// repository root (or, outside a repository, the workspace folder). Read from disk here; validated by the engine
// (engine/profiles/load.ts), exactly like the built-in ones. Never follows a link out of the root.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinProfiles, profileRegistry, type ProfileRegistry } from '../engine/profiles';
import { MAX_PROFILE_FILE_BYTES, parseProfileFile, type ProfileFileProblem } from '../engine/profiles/load';
import type { Profile } from '../engine/profiles/types';

export const WORKSPACE_PROFILES_DIR = path.join('.grantcheck', 'profiles');
/** At most this many profile files are read per root (the rest are reported). */
export const MAX_WORKSPACE_PROFILE_FILES = 200;

export interface WorkspaceProfileFile {
  path: string;
  problems: ProfileFileProblem[];
}

export interface WorkspaceProfiles {
  root: string;
  profiles: Profile[];
  files: WorkspaceProfileFile[];
  /** The built-ins plus these. */
  registry: ProfileRegistry;
}

/** Whether a path is a workspace profile file (`…/.grantcheck/profiles/<name>.json`). */
export function isWorkspaceProfileFile(fsPath: string): boolean {
  const dir = path.dirname(fsPath);
  return fsPath.endsWith('.json') && path.basename(dir) === 'profiles' && path.basename(path.dirname(dir)) === '.grantcheck';
}

/** Why a profile id cannot be used in a workspace file: a built-in has it. */
export function builtinClash(id: string): string | undefined {
  return builtinProfiles.byId(id) ? `Profile id "${id}" is a built-in profile's: a workspace profile cannot replace it; choose another id (e.g. "${id.split('/')[0]}-team/${id.split('/')[1]}").` : undefined;
}

/**
 * The profile files of a root, in name order. `textOf` gives a file's text as the editor has it (unsaved edits),
 * else it is read from disk. Every file gets its problems; a profile id used twice is kept in the first file only.
 */
export function loadWorkspaceProfiles(root: string, textOf: (fsPath: string) => string | undefined = () => undefined): WorkspaceProfiles {
  const dir = path.join(root, WORKSPACE_PROFILES_DIR);
  const names = listJson(dir, root);
  const profiles: Profile[] = [];
  const files: WorkspaceProfileFile[] = [];
  const owner = new Map<string, string>();
  for (const name of names.slice(0, MAX_WORKSPACE_PROFILE_FILES)) {
    const filePath = path.join(dir, name);
    const text = textOf(filePath) ?? readInside(filePath, root);
    if (text === undefined) {
      files.push({ path: filePath, problems: [{ message: 'GrantCheck cannot read this profile file (a link out of the repository, not a regular file, or larger than 512 KB).', line: 0, character: 0, endLine: 0, endCharacter: 0 }] });
      continue;
    }
    const loaded = parseProfileFile(text, (id) => builtinClash(id) ?? (owner.has(id) ? `Profile id "${id}" is already defined in ${path.relative(root, owner.get(id)!)}.` : undefined));
    for (const p of loaded.profiles) owner.set(p.id, filePath);
    profiles.push(...loaded.profiles);
    files.push({ path: filePath, problems: loaded.problems });
  }
  for (const name of names.slice(MAX_WORKSPACE_PROFILE_FILES)) {
    files.push({ path: path.join(dir, name), problems: [{ message: `Not read: GrantCheck reads at most ${MAX_WORKSPACE_PROFILE_FILES} profile files.`, line: 0, character: 0, endLine: 0, endCharacter: 0 }] });
  }
  return { root, profiles, files, registry: profileRegistry(profiles) };
}

function listJson(dir: string, root: string): string[] {
  try {
    if (!isInside(fs.realpathSync(dir), fs.realpathSync(root))) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.json'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function readInside(filePath: string, root: string): string | undefined {
  try {
    const real = fs.realpathSync(filePath);
    if (!isInside(real, fs.realpathSync(root))) return undefined;
    const stat = fs.statSync(real);
    if (!stat.isFile() || stat.size > MAX_PROFILE_FILE_BYTES) return undefined;
    return fs.readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Workspace profiles by root, re-read when a file changed: each lookup compares the directory's file names, sizes
 * and modification times with the last read (a few stat calls), so an edited profile applies without a restart.
 */
export class WorkspaceProfileCache {
  private readonly byRoot = new Map<string, { signature: string; loaded: WorkspaceProfiles }>();

  constructor(private readonly textOf: (fsPath: string) => string | undefined = () => undefined) {}

  forRoot(root: string | undefined): WorkspaceProfiles | undefined {
    if (root === undefined) return undefined;
    const signature = this.signature(root);
    const cached = this.byRoot.get(root);
    if (cached && cached.signature === signature) return cached.loaded;
    const loaded = loadWorkspaceProfiles(root, this.textOf);
    this.byRoot.set(root, { signature, loaded });
    return loaded;
  }

  clear(): void {
    this.byRoot.clear();
  }

  private signature(root: string): string {
    const dir = path.join(root, WORKSPACE_PROFILES_DIR);
    return listJson(dir, root)
      .map((name) => {
        const filePath = path.join(dir, name);
        const open = this.textOf(filePath);
        if (open !== undefined) return `${name}:open:${open.length}:${hash(open)}`;
        try {
          const stat = fs.statSync(filePath);
          return `${name}:${stat.size}:${stat.mtimeMs}`;
        } catch {
          return `${name}:?`;
        }
      })
      .join('|');
  }
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** The workspace profiles of the current directory's repository (or of the directory itself outside one): for the CLI. */
export function profilesOfCurrentDirectory(lookupRoot: (dir: string) => string | undefined, cwd = process.cwd()): WorkspaceProfiles {
  return loadWorkspaceProfiles(lookupRoot(cwd) ?? cwd);
}
