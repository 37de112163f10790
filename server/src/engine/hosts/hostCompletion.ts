// Completion of action names inside policies embedded in Terraform/CloudFormation (service prefixes, then actions).
// Edits replace only the text of the string being typed, so the host's own quoting is kept.

import type { IamData } from '../data/iamData';
import { buildIamDocument, type StrValue } from '../iam/document';
import type { CompletionKind, IamCompletionList } from '../iam/completion';
import { escapeSnippet } from '../iam/completion';
import type { EngineCompletionItem } from '../types';
import { extractPolicies, type HostKind } from './lintHost';

export function completeHost(host: HostKind, text: string, offset: number, data: IamData): IamCompletionList | undefined {
  for (const policy of extractPolicies(host, text)) {
    if (offset < policy.start || offset > policy.end) continue;
    const doc = buildIamDocument(text, policy.root, [], policy.policyType);
    for (const statement of doc.statements) {
      for (const value of statement.action?.values ?? []) {
        const content = contentRange(text, value);
        if (value.opaque || !content || offset < content.start || offset > content.end) continue;
        return actionItems(text.slice(content.start, offset), content, data);
      }
    }
  }
  return undefined;
}

/** Offsets of a string value's characters, quotes excluded; undefined when escapes make them differ. */
function contentRange(text: string, value: StrValue): { start: number; end: number } | undefined {
  const raw = text.slice(value.start, value.end);
  if (raw === value.value) return { start: value.start, end: value.end };
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.slice(1, -1) === value.value) return { start: value.start + 1, end: value.end - 1 };
  return undefined;
}

function actionItems(typed: string, range: { start: number; end: number }, data: IamData): IamCompletionList {
  const items: EngineCompletionItem<CompletionKind>[] = [];
  const colon = typed.indexOf(':');
  const item = (label: string, kind: CompletionKind, detail: string, insert: string, retrigger: boolean, rank: number): EngineCompletionItem<CompletionKind> => ({
    label,
    kind,
    detail,
    edit: { start: range.start, end: range.end, newText: escapeSnippet(insert) },
    additionalEdits: [],
    filterText: insert,
    sortText: `${rank}_${label}`,
    retrigger,
  });
  if (colon < 0) {
    for (const prefix of data.servicePrefixes()) {
      if (!prefix.startsWith(typed.toLowerCase())) continue;
      items.push(item(prefix, 'service', data.serviceName(prefix) ?? 'AWS service', `${prefix}:`, true, 1));
    }
  } else {
    const service = typed.slice(0, colon);
    const name = typed.slice(colon + 1).toLowerCase();
    for (const action of data.actions(service)) {
      if (!action.name.toLowerCase().startsWith(name)) continue;
      items.push(item(`${service}:${action.name}`, 'action', action.accessLevel, `${service}:${action.name}`, false, 1));
    }
  }
  return { items, isIncomplete: colon < 0 };
}
