// Profile bindings: reading `-- grantcheck-profile: id key=value …` from a Redshift script, and resolving a binding.

import { profileById } from './index';
import { SQL_BINDING_PREFIX } from './render';
import { checkValues } from './validation';
import type { Profile, ProfileBinding } from './types';

export interface SqlBindingComment {
  binding: ProfileBinding;
  /** Offsets of the comment in the script. */
  start: number;
  end: number;
}

// `--` in SQL; `//` for JSONC scratch documents and examples (IAM itself accepts no comments, and
// iam/json-syntax reports them: bind deployable policy files in .grantcheck.json instead).
const COMMENT = /^[ \t]*(?:--|\/\/)[ \t]*grantcheck-profile:[ \t]*([A-Za-z0-9._-]+\/[A-Za-z0-9._-]+)([^\r\n]*)/im;

/** The first binding comment of a script or JSONC document (values as `key=value` pairs, quotes optional), if any. */
export function sqlBindingComment(text: string): SqlBindingComment | undefined {
  const match = COMMENT.exec(text);
  if (!match) return undefined;
  const values: Record<string, string> = {};
  for (const pair of match[2]!.matchAll(/([A-Za-z][A-Za-z0-9]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
    values[pair[1]!] = pair[2] ?? pair[3] ?? pair[4] ?? '';
  }
  const start = match.index + match[0].search(/--|\/\//);
  return { binding: { id: match[1]!, values }, start, end: match.index + match[0].length };
}

/** A binding comment line for a script (secrets are never written into it). */
export function sqlBindingLine(binding: ProfileBinding): string {
  const pairs = Object.entries(binding.values).map(([k, v]) => ` ${k}=${/\s/.test(v) ? JSON.stringify(v) : v}`);
  return `${SQL_BINDING_PREFIX} ${binding.id}${pairs.join('')}`;
}

export interface ResolvedBinding {
  profile: Profile;
  /** Valid values (defaults applied); invalid ones are left out and listed in `problems`. */
  values: Record<string, string>;
  problems: string[];
}

/** The profile of a binding and its usable values, or undefined for an unknown profile id. */
export function resolveBinding(binding: ProfileBinding): ResolvedBinding | undefined {
  const profile = profileById(binding.id);
  if (!profile) return undefined;
  const checked = checkValues(profile, binding.values);
  return { profile, values: checked.values, problems: checked.problems };
}
