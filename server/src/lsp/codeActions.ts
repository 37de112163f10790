// Findings → quick-fix code actions: the safe fix is the preferred action, each suggestion a plain quick fix.

import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Fix } from '../engine/types';

/** The quick fixes of one finding: its safe fix first (preferred: "auto fix" and fix-all take it), then its suggestions. */
export function quickFixActions(finding: Finding, diagnostic: Diagnostic, uri: string): CodeAction[] {
  const action = (fix: Fix, isPreferred: boolean): CodeAction => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
  });
  return [...(finding.fix ? [action(finding.fix, true)] : []), ...finding.suggestions.map((s) => action(s, false))];
}
