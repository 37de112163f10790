// Diagnostics on an open `.grantcheck.json`: its problems (syntax, wrong shapes, refused globs) where they are, from the buffer's text.

import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from './protocol';
import { CONFIG_FILE_NAME, parseConfig } from '../engine/config';
import { DOCS_BASE_URL, ruleById } from '../engine/rules';
import type { LoadedConfig } from '../node/configFiles';

/** The code of every config diagnostic; its page explains the file. */
export const CONFIG_DIAGNOSTIC_CODE = 'grantcheck/config';
const CONFIG_DOC_URL = `${DOCS_BASE_URL}docs/configuration.md`;

export function isConfigFile(fsPath: string): boolean {
  return path.basename(fsPath) === CONFIG_FILE_NAME;
}

/**
 * The problems of a config file's text (as typed, before it is saved), and, when the lookup passes
 * the file over (a link out of the repository or workspace folder), why GrantCheck ignores it.
 */
export function configFileDiagnostics(text: string, fsPath: string, lookup: LoadedConfig): Diagnostic[] {
  const diagnostic = (line: number, character: number, message: string): Diagnostic => ({
    range: { start: { line, character }, end: { line, character } },
    severity: DiagnosticSeverity.Warning,
    source: 'grantcheck',
    code: CONFIG_DIAGNOSTIC_CODE,
    codeDescription: { href: CONFIG_DOC_URL },
    message,
  });
  const skipped = lookup.skipped?.find((s) => s.path === fsPath);
  const diagnostics = skipped ? [diagnostic(0, 0, `GrantCheck ignores this configuration: ${skipped.reason}.`)] : [];
  const { problems } = parseConfig(text, (id) => ruleById(id) !== undefined);
  for (const p of problems) diagnostics.push(diagnostic(p.line, p.character, `${p.message} (GrantCheck uses the default for this setting.)`));
  return diagnostics;
}
