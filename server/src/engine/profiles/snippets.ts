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

/** The snippet files, in a stable order: the generator writes them and a test compares them with the checked-in ones. */
export function snippetFiles(): SnippetFile[] {
  const build = (predicate: (p: Profile) => boolean): Record<string, SnippetEntry> =>
    Object.fromEntries(allProfiles.filter(predicate).map((p) => [`${p.vendorTitle}: ${p.title}`, entry(p)]));
  return [
    { file: 'iam-policies.code-snippets', languages: ['json', 'jsonc'], snippets: build(isIamProfile) },
    { file: 'redshift-grants.code-snippets', languages: ['sql'], snippets: build((p) => !isIamProfile(p)) },
  ];
}

/** The text of a snippet file (its languages come from package.json `contributes.snippets`): 2-space JSON, final newline. */
export function snippetFileText(file: SnippetFile): string {
  return JSON.stringify(file.snippets, null, 2) + '\n';
}
