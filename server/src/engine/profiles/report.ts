// "Show profile requirements": what a bound profile needs and which of it the document grants, as markdown.

import type { IamData } from '../data/iamData';
import { markdownCode, markdownText, tableCell } from '../markdown';
import { parseIamDocument } from '../iam/document';
import { parseRedshiftScript } from '../redshift/parser';
import { symbolsOf } from '../redshift/symbols';
import { resolveBinding } from './binding';
import type { ProfileRegistry } from './index';
import { grantStatus } from './grants';
import { findGrant, inferValues } from './redshiftGrants';
import { grantStatement } from './render';
import { requiredActions, requiredGrants } from './requirements';
import { isIamProfile, type Profile, type ProfileBinding } from './types';
import { HIDDEN_VALUE, isSecretPlaceholder } from './validation';

/**
 * The requirements report of a document bound to a profile; undefined for an unknown profile. It is shown in the
 * markdown preview: everything from the workspace (values, Sids, names inferred from the script) is escaped.
 */
export function requirementsMarkdown(text: string, binding: ProfileBinding, data: IamData, registry?: ProfileRegistry): string | undefined {
  const resolved = resolveBinding(binding, registry);
  if (!resolved) return undefined;
  const { profile, values } = resolved;
  const out = [...header(profile, values, resolved.problems)];
  if (isIamProfile(profile)) {
    const doc = parseIamDocument(text);
    out.push('| | action | resource | principal | granted by |', '|---|---|---|---|---|');
    for (const r of requiredActions(profile, values, data, true)) {
      const status = grantStatus(doc, r, data);
      const mark = status.granted ? '✅' : r.optional ? '➖' : '❌';
      const by = status.granted
        ? status.allowedBy.map((i) => doc.statements[i]?.sid?.value ?? `statement ${i + 1}`).join(', ') + (status.conditional ? ' (conditional)' : '')
        : status.deniedBy !== undefined
          ? `denied by statement ${status.deniedBy + 1}`
          : r.optional
            ? 'optional, not granted'
            : 'missing';
      const principal = r.principal ? `${r.principal.type}: ${profile.statements[r.statementIndex]!.principal!.value}` : '';
      const resources = r.insertResources.length > 0 ? r.insertResources.map((x) => tableCell(markdownCode(x))).join(' or ') : '—';
      out.push(`| ${mark} | ${tableCell(markdownCode(r.action))} | ${resources} | ${tableCell(markdownText(principal))} | ${tableCell(markdownText(by))} |`);
    }
  } else {
    const script = parseRedshiftScript(text);
    const symbols = symbolsOf(script);
    const inferred = inferValues(profile, values, script, symbols);
    out.push('| | grant | status |', '|---|---|---|');
    if (profile.user) {
      for (const option of profile.user.options) {
        const has = script.statements.some((s) => (s.kind === 'create-user' || s.kind === 'alter-user') && s.options.some((o) => o.name === option));
        out.push(`| ${has ? '✅' : '❌'} | user option ${tableCell(markdownCode(option))} | ${has ? 'given' : 'missing'} |`);
      }
    }
    for (const g of requiredGrants(profile, inferred, true)) {
      const match = findGrant(script, symbols, g);
      const sql = grantStatement({ ...g.template, privileges: [g.privilege], object: g.object ?? g.template.object, grantee: g.grantee ?? g.template.grantee });
      const mark = match.granted ? '✅' : g.optional ? '➖' : '❌';
      const status = match.granted ? 'granted' : match.revokedBy ? 'revoked later' : g.optional ? 'optional, not granted' : 'missing';
      out.push(`| ${mark} | ${tableCell(markdownCode(sql))} | ${status} |`);
    }
  }
  if (profile.notes.length > 0) out.push('', '## Notes', '', ...profile.notes.map((n) => `- ${markdownText(n)}`));
  if (profile.corrections.length > 0) {
    out.push('', '## Corrections to the published page', '');
    for (const c of profile.corrections) out.push(`- **Published:** ${markdownText(c.published)} — **GrantCheck requires:** ${markdownText(c.corrected)}. ${markdownText(c.why)}`);
  }
  return out.join('\n') + '\n';
}

function header(profile: Profile, values: Readonly<Record<string, string>>, problems: readonly string[]): string[] {
  const source = `[${markdownText(profile.source.title)}](${profile.source.url}) (checked ${markdownText(profile.source.checked)})`;
  const lines = [`# ${markdownText(`${profile.vendorTitle}: ${profile.title}`)}`, '', `Profile ${markdownCode(profile.id)} · ${profile.kind} · source: ${source}`, ''];
  const bound = profile.placeholders.map((p) => {
    const value = values[p.name];
    return `\`${p.name}\` = ${value === undefined ? '*any* (unbound)' : isSecretPlaceholder(p) ? `*${HIDDEN_VALUE}*` : markdownCode(value)}`;
  });
  if (bound.length > 0) lines.push(`Values: ${bound.join(', ')}`, '');
  for (const problem of problems) lines.push(`> ⚠️ ${markdownText(problem)}`, '');
  return lines;
}
