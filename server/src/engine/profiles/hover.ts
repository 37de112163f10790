// Hover on a `grantcheck-profile:` binding comment: what the profile is, its source, the bound values and its notes.

import { markdownCode, markdownText } from '../markdown';
import { resolveBinding, sqlBindingComment } from './binding';
import type { ProfileRegistry } from './index';
import { HIDDEN_VALUE, isSecretPlaceholder } from './validation';

export interface BindingHover {
  start: number;
  end: number;
  markdown: string;
}

/** The hover for a binding comment under `offset`, if there is one. */
export function bindingHover(text: string, offset: number, registry?: ProfileRegistry): BindingHover | undefined {
  const comment = sqlBindingComment(text);
  if (!comment || offset < comment.start || offset > comment.end) return undefined;
  const resolved = resolveBinding(comment.binding, registry);
  if (!resolved) {
    return { start: comment.start, end: comment.end, markdown: `Unknown profile ${markdownCode(comment.binding.id)} — \`grantcheck profiles\` lists the known ones.` };
  }
  const { profile, values, problems } = resolved;
  // A workspace profile's text is the workspace's: shown as text (its URL has no characters that end a link).
  const source = `[${markdownText(profile.source.title)}](${profile.source.url}) (checked ${markdownText(profile.source.checked)})`;
  const lines = [`**${markdownText(`${profile.vendorTitle}: ${profile.title}`)}** (${markdownCode(profile.id)})`, '', `Source: ${source}`, ''];
  const bound = profile.placeholders.map((p) => {
    const value = values[p.name];
    return `\`${p.name}\` = ${value === undefined ? '*any*' : isSecretPlaceholder(p) ? `*${HIDDEN_VALUE}*` : markdownCode(value)}`;
  });
  if (bound.length > 0) lines.push(bound.join(' · '), '');
  // Values come from the document: shown as text, never as markdown or HTML.
  for (const problem of problems) lines.push(`⚠️ ${markdownText(problem)}`, '');
  for (const note of profile.notes) lines.push(`- ${markdownText(note)}`);
  if (profile.corrections.length > 0) lines.push('', `GrantCheck corrects ${profile.corrections.length} defect(s) of the published page (\`grantcheck profiles show ${profile.id}\`).`);
  return { start: comment.start, end: comment.end, markdown: lines.join('\n') };
}
