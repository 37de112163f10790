// Diagnostics on an open workspace profile file (.grantcheck/profiles/*.json): its problems where they are, from the
// buffer's text, with the same checks the CLI and the linting use (engine/profiles/load.ts via node/workspaceProfiles.ts).

import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from './protocol';
import { DOCS_BASE_URL } from '../engine/rules';
import { parseProfileFile } from '../engine/profiles/load';
import { builtinClash, loadWorkspaceProfiles, WORKSPACE_PROFILES_DIR } from '../node/workspaceProfiles';

/** The code of every profile-file diagnostic; its page explains the format. */
export const PROFILE_FILE_DIAGNOSTIC_CODE = 'grantcheck/profile-file';
const PROFILES_DOC_URL = `${DOCS_BASE_URL}docs/profiles.md`;

export function profileFileDiagnostics(text: string, fsPath: string, root: string | undefined): Diagnostic[] {
  const diagnostic = (range: Diagnostic['range'], message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Error): Diagnostic => ({
    range,
    severity,
    source: 'grantcheck',
    code: PROFILE_FILE_DIAGNOSTIC_CODE,
    codeDescription: { href: PROFILES_DOC_URL },
    message,
  });
  const start = { line: 0, character: 0 };
  if (!root || path.resolve(path.dirname(fsPath)) !== path.resolve(root, WORKSPACE_PROFILES_DIR)) {
    return [diagnostic({ start, end: start }, `GrantCheck reads profile files only from ${WORKSPACE_PROFILES_DIR} at the repository root (or workspace folder)${root ? `, ${root}` : ''}: this one is not used.`, DiagnosticSeverity.Warning)];
  }
  const loaded = loadWorkspaceProfiles(root, (p) => (path.resolve(p) === path.resolve(fsPath) ? text : undefined));
  const file = loaded.files.find((f) => path.resolve(f.path) === path.resolve(fsPath));
  // A new file not saved yet is not in the directory: check its text against the built-ins and the saved files.
  const problems =
    file?.problems ??
    parseProfileFile(text, (id) => builtinClash(id) ?? (loaded.profiles.some((p) => p.id === id) ? `Profile id "${id}" is already defined in another profile file.` : undefined)).problems;
  return problems.map((p) => diagnostic({ start: { line: p.line, character: p.character }, end: { line: p.endLine, character: p.endCharacter } }, `${p.message} (This profile is not used until it is fixed.)`));
}
