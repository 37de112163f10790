// Code actions from the document's analysis: quick fixes (the safe fix preferred, each suggestion a plain quick fix),
// "bind to profile" edits of .grantcheck.json, fix-all (safe fixes only), the policy-type edit, and last, never
// preferred, ways to turn a rule off: a suppression comment for one line, `overrides` for one file, `rules` for all.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../engine/fixAll';
import type { LineIndex } from '../engine/text';
import { INTERNAL_RULE_ID, type Finding, type Fix, type OffsetEdit } from '../engine/types';
import { configEditRefusal, configShapeProblem, configTargetPath, disableRuleWorkspaceEdit, fileGlobRelativeTo, policyTypeWorkspaceEdit, ruleOffForFileWorkspaceEdit, type ConfigTarget } from './configEdit';
import { lintText } from '../engine/lint';
import { commentMarkersFor, suppressionComment, UNUSED_SUPPRESSION_RULE_ID } from '../engine/suppressions';
import { applyEdits } from '../engine/text';
import type { Analysis } from './documentCache';
import { isPolicyType } from '../engine/iam/policyType';
import type { ServerCore } from './core';
import { sameRange, type DiagnosticData, type DiagnosticsPublisher } from './diagnostics';
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
    // Quick fixes answer for the diagnostics the client shows: those of the version last published, or pulled (and
    // then perhaps of an earlier version whose diagnostics were found equal to this one's).
    if (!diagnostics.isCurrent(document)) {
      const action = wantsFixAll ? fixAllAction(core, document) : undefined;
      return action ? [action] : [];
    }
    const analysis = core.cache.get(document);
    const findings = analysis.result?.findings ?? [];
    const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
    if (wantsQuickFix) {
      for (const diagnostic of params.context.diagnostics) {
        const finding = findingOf(diagnostic, diagnostics.shownKey(diagnostic, document), findings);
        if (finding) actions.push(...quickFixActions(finding, diagnostic, document.uri));
      }
      // Actions that edit .grantcheck.json read a file the workspace controls: a failure there costs only those actions.
      try {
        actions.push(...profileSuggestionActions(document, params.context.diagnostics, findings, profileActionContext(core), analysis.result?.iam));
      } catch (error) {
        core.log(`config actions failed on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    if (wantsFixAll || (!only && findings.some((f) => f.fix !== undefined))) {
      const action = fixAllAction(core, document);
      if (action) actions.push(action);
    }
    // Turning a rule off comes last and is never preferred: narrowest first (this line, this file, every file).
    if (wantsQuickFix) {
      try {
        actions.push(...disableRuleActions(core, document, params.context.diagnostics, analysis, diagnostics));
      } catch (error) {
        core.log(`disable-rule actions failed on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    return actions;
  });
}

/**
 * The current finding a diagnostic the client shows stands for: by its key (rule and index), and only when the finding
 * is where the diagnostic is and says the same, so a fix is never offered for another finding than the one shown.
 */
function findingOf(diagnostic: Diagnostic, key: DiagnosticData | undefined, findings: readonly Finding[]): Finding | undefined {
  const finding = key && findings[key.index];
  if (!finding || finding.ruleId !== key.ruleId || finding.message !== diagnostic.message) return undefined;
  return sameRange(finding.range, diagnostic.range) ? finding : undefined;
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

/** Client command applying a config edit after saying what it does (and offering to undo it): see client/src/editorUx.ts. */
export const APPLY_CONFIG_EDIT_COMMAND = 'grantcheck.applyConfigEdit';

/** Arguments of APPLY_CONFIG_EDIT_COMMAND. */
export interface ApplyConfigEditArgs {
  edit: WorkspaceEdit;
  configUri: string;
  /** Asked in a modal dialog before the edit is applied; without it the edit is applied and then reported. */
  confirm?: { message: string; detail: string; button: string };
  /** Shown once applied, with "Undo" and "Open" buttons. */
  done: string;
}

/** Distinct (rule, line) suppressions checked by re-linting, per request: each costs one lint of the document. */
const MAX_LINE_SUPPRESSION_CHECKS = 5;

/**
 * Ways to turn a rule off, once per rule among the diagnostics in the request, narrowest first, never preferred:
 * a `grantcheck-disable-next-line` comment above the finding (where the file's syntax has comments, and only when
 * re-linting shows it hides exactly that and adds nothing), the rule off for this file (`overrides` in
 * .grantcheck.json), and the rule off for every file the config covers. The config edits go through a client
 * command that confirms and can undo them when the client has it; other clients get the plain edit.
 */
function disableRuleActions(core: ServerCore, document: TextDocument, diagnostics: Diagnostic[], analysis: Analysis, publisher: DiagnosticsPublisher): CodeAction[] {
  const findings = analysis.result?.findings ?? [];
  const lineActions: CodeAction[] = [];
  const fileActions: CodeAction[] = [];
  const workspaceActions: CodeAction[] = [];
  const doneLines = new Set<string>();
  const doneRules = new Set<string>();
  let checks = 0;
  const fsPath = URI.toFsPath(document.uri);
  const { workspaceFolders, editSupport, clientCommands } = core.client;
  const confirmable = clientCommands.has(APPLY_CONFIG_EDIT_COMMAND);
  const targetPath = fsPath && configTargetPath(fsPath, core.configs.forFile(fsPath).path, workspaceFolders);
  const target = targetPath ? configTarget(core, targetPath) : undefined;
  const relative = targetPath && (workspaceFolders.length > 0 ? relativeToFolders(targetPath, workspaceFolders) : targetPath);
  const configAction = (title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, args: Omit<ApplyConfigEditArgs, 'edit' | 'configUri'>): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: false,
    ...(confirmable && targetPath
      ? { command: { title, command: APPLY_CONFIG_EDIT_COMMAND, arguments: [{ edit, configUri: URI.fromFsPath(targetPath), ...args } satisfies ApplyConfigEditArgs] } }
      : { edit }),
  });
  for (const diagnostic of diagnostics) {
    const finding = findingOf(diagnostic, publisher.shownKey(diagnostic, document), findings);
    if (!finding || finding.ruleId === INTERNAL_RULE_ID || finding.ruleId === UNUSED_SUPPRESSION_RULE_ID) continue;
    const ruleId = finding.ruleId;
    const lineKey = `${ruleId}@${finding.range.start.line}`;
    if (!doneLines.has(lineKey) && checks < MAX_LINE_SUPPRESSION_CHECKS) {
      doneLines.add(lineKey);
      checks++;
      const edit = lineSuppressionEdit(core, analysis, finding);
      if (edit) {
        lineActions.push({
          title: `Disable ${ruleId} for this line (grantcheck-disable-next-line comment)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: false,
          edit: { changes: { [document.uri]: [{ range: analysis.lines.rangeOf(edit.start, edit.end), newText: edit.newText }] } },
        });
      }
    }
    if (doneRules.has(ruleId) || !target || !targetPath || !fsPath) continue;
    doneRules.add(ruleId);
    const fileGlob = fileGlobRelativeTo(path.dirname(targetPath), fsPath);
    const fileEdit = ruleOffForFileWorkspaceEdit(target, fileGlob, ruleId, editSupport);
    if (fileEdit) {
      fileActions.push(
        configAction(`Disable ${ruleId} for this file in ${relative}`, diagnostic, fileEdit, {
          done: `GrantCheck: ${ruleId} is off for ${path.basename(fsPath)} ("overrides" in ${relative}).`,
        }),
      );
    }
    const everywhere = disableRuleWorkspaceEdit(target, ruleId, editSupport);
    if (everywhere) {
      const scope = path.dirname(targetPath);
      workspaceActions.push(
        configAction(`Disable ${ruleId} for every file (in ${relative})…`, diagnostic, everywhere, {
          confirm: {
            message: `Turn ${ruleId} off for every file under ${scope}?`,
            detail: `GrantCheck writes "${ruleId}": "off" to "rules" in ${relative}, so no file it covers reports this rule any more, in the editor and in the CLI. To hide only this finding, use "Disable for this line" or "for this file".`,
            button: `Turn ${ruleId} off`,
          },
          done: `GrantCheck: ${ruleId} is off for every file ${relative} covers.`,
        }),
      );
    }
  }
  return [...lineActions, ...fileActions, ...workspaceActions];
}

/**
 * The insertion of a `grantcheck-disable-next-line <rule>` comment above the finding's first line, indented like it,
 * in the file's comment syntax; undefined when the syntax has no comments there (strict JSON, a heredoc, a YAML
 * block scalar): the document is linted again with the comment, which must hide the rule's findings on that line
 * and change nothing else.
 */
function lineSuppressionEdit(core: ServerCore, analysis: Analysis, finding: Finding): OffsetEdit | undefined {
  // VS Code asks for code actions whenever the cursor moves: each (rule, line) is checked once per document version.
  let checked = lineSuppressionChecks.get(analysis);
  if (!checked) lineSuppressionChecks.set(analysis, (checked = new Map()));
  const key = `${finding.ruleId}@${finding.range.start.line}`;
  if (!checked.has(key)) checked.set(key, checkLineSuppression(core, analysis, finding) ?? null);
  return checked.get(key) ?? undefined;
}

/** Line-suppression edits already checked, by analysis (one per document version and settings generation). */
const lineSuppressionChecks = new WeakMap<Analysis, Map<string, OffsetEdit | null>>();

function checkLineSuppression(core: ServerCore, analysis: Analysis, finding: Finding): OffsetEdit | undefined {
  const { target, file, result, text, lines } = analysis;
  if (!target || !file || !result) return undefined;
  const [marker] = commentMarkersFor(target.kind, target.host);
  if (!marker) return undefined;
  const lineStart = lines.lineStartOf(finding.start);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edit = { start: lineStart, end: lineStart, newText: `${lines.indentationAt(finding.start)}${suppressionComment(marker, finding.ruleId)}${eol}` };
  const after = lintText(applyEdits(text, [edit]), {
    data: core.data,
    ...target,
    severities: file.severities,
    ...(file.profile ? { profile: file.profile } : {}),
    relatedProfiles: file.relatedProfiles,
  }).findings;
  const line = finding.range.start.line;
  const count = (list: readonly Finding[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const f of list) counts.set(`${f.ruleId}\u0000${f.messageId}\u0000${f.message}`, (counts.get(`${f.ruleId}\u0000${f.messageId}\u0000${f.message}`) ?? 0) + 1);
    return counts;
  };
  const expected = count(result.findings.filter((f) => !(f.ruleId === finding.ruleId && f.range.start.line === line)));
  const actual = count(after);
  if (expected.size !== actual.size) return undefined;
  for (const [k, n] of expected) if (actual.get(k) !== n) return undefined;
  return edit;
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
