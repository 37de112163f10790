// VS Code snippet files generated from the profiles: one snippet per artifact, `gc-<vendor>-<component>`.

import { allProfiles } from './index';
import { renderSnippet } from './render';
import { isIamProfile, type Profile } from './types';

export interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

export interface SnippetFile {
  /** File name under `snippets/`. */
  file: string;
  /** Languages VS Code offers the file's snippets in. */
  languages: string[];
  snippets: Record<string, SnippetEntry>;
}

export function snippetPrefix(profile: Profile): string {
  return `gc-${profile.id.replace('/', '-')}`;
}

function entry(profile: Profile): SnippetEntry {
  const source = profile.source.url ? ` Source: ${profile.source.url}` : '';
  return {
    prefix: snippetPrefix(profile),
    description: `${profile.vendorTitle}: ${profile.title} (GrantCheck profile ${profile.id}).${source}`,
    body: renderSnippet(profile).replace(/\n$/, '').split('\n'),
  };
}

const filesByProfiles = new WeakMap<readonly Profile[], SnippetFile[]>();

/**
 * The snippet files of `profiles` (the built-ins by default; a workspace's registry adds its own), in a stable order:
 * the generator writes the built-in ones and a test compares them with the checked-in ones. Cached per profile list.
 */
export function snippetFiles(profiles: readonly Profile[] = allProfiles): SnippetFile[] {
  const cached = filesByProfiles.get(profiles);
  if (cached) return cached;
  const build = (predicate: (p: Profile) => boolean): Record<string, SnippetEntry> =>
    Object.fromEntries(profiles.filter(predicate).map((p) => [`${p.vendorTitle}: ${p.title}`, entry(p)]));
  const files: SnippetFile[] = [
    { file: 'iam-policies.code-snippets', languages: ['json', 'jsonc'], snippets: build(isIamProfile) },
    { file: 'redshift-grants.code-snippets', languages: ['sql'], snippets: build((p) => !isIamProfile(p)) },
  ];
  filesByProfiles.set(profiles, files);
  return files;
}

/** The text of a snippet file (its languages come from package.json `contributes.snippets`): 2-space JSON, final newline. */
export function snippetFileText(file: SnippetFile): string {
  return JSON.stringify(file.snippets, null, 2) + '\n';
}
