// Code actions from the document's analysis: quick fixes (the safe fix preferred, each suggestion a plain quick fix),
// "disable rule" / "bind to profile" edits of .grantcheck.json, fix-all (safe fixes only), and the policy-type edit.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../engine/fixAll';
import type { LineIndex } from '../engine/text';
import { INTERNAL_RULE_ID, type Finding, type Fix } from '../engine/types';
import { configEditRefusal, configShapeProblem, configTargetPath, disableRuleWorkspaceEdit, fileGlobRelativeTo, policyTypeWorkspaceEdit, type ConfigTarget } from './configEdit';
import { isPolicyType } from '../engine/iam/policyType';
import type { ServerCore } from './core';
import { diagnosticKey, type DiagnosticsPublisher } from './diagnostics';
import { profileSuggestionActions, type SuggestionActionContext } from './profiles';
import { URI } from './uri';

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

/** The kind of GrantCheck's fix-all action (also offered for `source.fixAll`, e.g. fix-on-save). */
export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.grantcheck';

/** Quick fixes, "disable rule" and "bind to profile" config actions, and fix-all: all from the document's analysis. */
export function registerCodeActions(core: ServerCore, diagnostics: DiagnosticsPublisher): void {
  core.connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const document = core.documents.get(params.textDocument.uri);
    if (!document) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k)) ?? false;
    // Fix-all on save may come before the debounced lint of the last keystrokes: it reads the current version.
    if (wantsFixAll && only?.every((k) => !CodeActionKind.QuickFix.startsWith(k))) {
      const action = fixAllAction(core, document);
      return action ? [action] : [];
    }
    // Quick fixes answer for the diagnostics the client shows: those of the version last published.
    if (!diagnostics.isCurrent(document)) {
      const action = wantsFixAll ? fixAllAction(core, document) : undefined;
      return action ? [action] : [];
    }
    const analysis = core.cache.get(document);
    const findings = analysis.result?.findings ?? [];
    const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
    if (wantsQuickFix) {
      for (const diagnostic of params.context.diagnostics) {
        const key = diagnosticKey(diagnostic, analysis.version);
        const finding = key && findings[key.index];
        if (!finding || finding.ruleId !== key.ruleId) continue;
        actions.push(...quickFixActions(finding, diagnostic, document.uri));
      }
      // Actions that edit .grantcheck.json read a file the workspace controls: a failure there costs only those actions.
      try {
        actions.push(...disableRuleActions(core, document, params.context.diagnostics, analysis.version));
        actions.push(...profileSuggestionActions(document, params.context.diagnostics, findings, profileActionContext(core), analysis.result?.iam));
      } catch (error) {
        core.log(`config actions failed on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    if (wantsFixAll || (!only && findings.some((f) => f.fix !== undefined))) {
      const action = fixAllAction(core, document);
      if (action) actions.push(action);
    }
    return actions;
  });
}

/** Applies every safe fix, starting from the findings of the analysis (the first pass is not linted again). */
function fixAllAction(core: ServerCore, document: TextDocument): CodeAction | undefined {
  const analysis = core.cache.get(document);
  const { target, file, result } = analysis;
  if (analysis.skipped || !target || !file || !result) return undefined;
  const text = analysis.text;
  const options = {
    data: core.data,
    ...target,
    severities: file.severities,
    ...(file.profile ? { profile: file.profile } : {}),
    relatedProfiles: file.relatedProfiles,
  };
  const fixed = fixAll(text, options, undefined, result.findings);
  if (fixed.text === text) return undefined;
  return {
    title: `Fix all GrantCheck problems (${fixed.applied})`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: [minimalEdit(text, fixed.text, analysis.lines)] } },
  };
}

/** "Disable <rule> in .grantcheck.json", once per rule among the diagnostics in the request. */
function disableRuleActions(core: ServerCore, document: TextDocument, diagnostics: Diagnostic[], version: number): CodeAction[] {
  const fsPath = URI.toFsPath(document.uri);
  if (!fsPath) return [];
  const { workspaceFolders, editSupport, clientCommands } = core.client;
  const actions: CodeAction[] = [];
  const done = new Set<string>();
  for (const diagnostic of diagnostics) {
    const key = diagnosticKey(diagnostic, version);
    if (!key || key.ruleId === INTERNAL_RULE_ID || done.has(key.ruleId)) continue;
    done.add(key.ruleId);
    const targetPath = configTargetPath(fsPath, core.configs.forFile(fsPath).path, workspaceFolders);
    const target = configTarget(core, targetPath);
    const edit = target && disableRuleWorkspaceEdit(target, key.ruleId, editSupport);
    if (!edit) continue;
    const relative = workspaceFolders.length > 0 ? relativeToFolders(targetPath, workspaceFolders) : targetPath;
    actions.push({
      title: `Disable ${key.ruleId} in ${relative}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit,
      // Saved right away so the rule is off for every file the config covers (the server reads configs from disk).
      ...(clientCommands.has('grantcheck.saveDocument')
        ? { command: { title: 'Save configuration', command: 'grantcheck.saveDocument', arguments: [URI.fromFsPath(targetPath)] } }
        : {}),
    });
  }
  return actions;
}

/** Where "bind to profile" writes (the same config file as "disable rule"). */
function profileActionContext(core: ServerCore): SuggestionActionContext {
  const { workspaceFolders, editSupport, clientCommands } = core.client;
  return {
    editSupport,
    configFor: (fsPath) => {
      const targetPath = configTargetPath(fsPath, core.configs.forFile(fsPath).path, workspaceFolders);
      const label = workspaceFolders.length > 0 ? relativeToFolders(targetPath, workspaceFolders) : targetPath;
      const target = configTarget(core, targetPath);
      return target && { target, fileGlob: fileGlobRelativeTo(path.dirname(targetPath), fsPath), label };
    },
    ...(clientCommands.has('grantcheck.saveDocument') ? { saveCommand: (configUri: string) => ({ title: 'Save configuration', command: 'grantcheck.saveDocument', arguments: [configUri] }) } : {}),
  };
}

/** The config file to edit, or undefined when it must not be edited (a symbolic link: see configEditRefusal). */
export function configTarget(core: ServerCore, targetPath: string): ConfigTarget | undefined {
  const refusal = configEditRefusal(targetPath, core.client.workspaceFolders);
  if (refusal) {
    const message = `not editing the configuration: ${refusal}`;
    if (!core.loggedConfigProblems.has(message)) core.log(message);
    core.loggedConfigProblems.add(message);
    return undefined;
  }
  const open = core.documents.get(URI.fromFsPath(targetPath));
  if (open) return { path: targetPath, text: open.getText(), version: open.version };
  let text: string | undefined;
  try {
    text = fs.readFileSync(targetPath, 'utf8');
  } catch {
    text = undefined;
  }
  return { path: targetPath, text, version: null };
}

/**
 * The edit that sets one file's policy type in `.grantcheck.json` (`policyTypes`). Untitled files have
 * no path to bind, and a workspace-wide `grantcheck.policyType` overrides per-file bindings: for
 * those the client writes the setting instead.
 */
export function registerPolicyTypeEdit(core: ServerCore): void {
  core.connection.onRequest('grantcheck/policyTypeEdit', (params: { uri: string; type: string }): PolicyTypeEditResult => {
    if (params.type !== 'auto' && !isPolicyType(params.type)) return { reason: 'invalid-type' };
    const fsPath = URI.toFsPath(params.uri);
    if (!fsPath) return { reason: 'no-file' };
    if (core.settings().policyType !== 'auto') return { reason: 'setting-overrides' };
    const targetPath = configTargetPath(fsPath, core.configs.forFile(fsPath).path, core.client.workspaceFolders);
    const target = configTarget(core, targetPath);
    if (!target || configShapeProblem(target.text, 'policyTypes') !== undefined) return { reason: 'config-not-editable', configUri: URI.fromFsPath(targetPath) };
    const edit = policyTypeWorkspaceEdit(target, fileGlobRelativeTo(path.dirname(targetPath), fsPath), params.type, core.client.editSupport);
    return edit ? { edit, configUri: URI.fromFsPath(targetPath) } : { reason: 'cannot-create-file' };
  });
}

/** Answer of `grantcheck/policyTypeEdit`: an edit to apply, or why the client should write the setting instead. */
export interface PolicyTypeEditResult {
  edit?: WorkspaceEdit;
  configUri?: string;
  /** `config-not-editable`: the config is a symbolic link, or JSON of another shape (its diagnostics say so). */
  reason?: 'invalid-type' | 'no-file' | 'setting-overrides' | 'cannot-create-file' | 'config-not-editable';
}

/** A config path shown relative to the workspace folder that holds it. */
function relativeToFolders(target: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const relative = path.relative(folder, target);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
  }
  return target;
}

/** One edit covering only the changed middle of the document, so the cursor and folding survive. */
export function minimalEdit(before: string, after: string, lines: LineIndex): LspTextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { range: lines.rangeOf(start, endBefore), newText: after.slice(start, endAfter) };
}
