// Completion of action names inside policies embedded in Terraform/CloudFormation (service prefixes, then actions).
// Edits replace only the text of the string being typed, so the host's own quoting is kept.

import type { IamData } from '../data/iamData';
import { buildIamDocument } from '../iam/document';
import { isUnknown, sourceSpan } from '../iam/values';
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
        const content = sourceSpan(value, 0, value.value.length);
        if (isUnknown(value) || !content || offset < content.start || offset > content.end) continue;
        return actionItems(text.slice(content.start, offset), content, data);
      }
    }
  }
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
