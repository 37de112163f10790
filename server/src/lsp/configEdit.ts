// "Disable <rule> in .grantcheck.json": the workspace edit that sets a rule to "off" in the config file that applies to a document.
//
// The nearest existing config is edited in place (jsonc-parser `modify` keeps comments and layout);
// without one, a new `.grantcheck.json` is created at the workspace folder root (or next to the file).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, parse, type Edit, type FormattingOptions, type JSONPath, type ModificationOptions } from 'jsonc-parser';
import type { TextDocumentEdit, WorkspaceEdit, CreateFile, TextEdit } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../engine/config';
import { LineIndex } from '../engine/text';
import { isWithin, realPathOf } from '../node/paths';
import { URI } from './uri';

export interface ConfigTarget {
  /** Absolute path of the config file to write. */
  path: string;
  /** Current text when the file exists (from the open editor buffer if it is open). */
  text: string | undefined;
  /** Version of the open editor buffer, if the file is open. */
  version: number | null;
}

/** Where "disable rule" writes: the nearest existing config, else the workspace folder holding the file, else its directory. */
export function configTargetPath(filePath: string, nearestConfig: string | undefined, workspaceFolders: readonly string[]): string {
  if (nearestConfig) return nearestConfig;
  const folder = workspaceFolders
    .filter((f) => filePath === f || filePath.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
    .sort((a, b) => b.length - a.length)[0];
  return path.join(folder ?? path.dirname(filePath), CONFIG_FILE_NAME);
}

/**
 * Why a config file must not be edited, or undefined when it may: the edit would go through a
 * symbolic link (to wherever it points), or through a linked folder out of the workspace folder
 * that holds the path.
 */
export function configEditRefusal(targetPath: string, workspaceFolders: readonly string[]): string | undefined {
  try {
    if (fs.lstatSync(targetPath).isSymbolicLink()) return `${targetPath} is a symbolic link`;
  } catch {
    // Not there yet: it would be created.
  }
  const dir = path.dirname(targetPath);
  const realDir = realPathOf(dir);
  for (const folder of workspaceFolders) {
    if (!isWithin(folder, dir)) continue;
    const realFolder = realPathOf(folder) ?? folder;
    if (realDir === undefined || !isWithin(realFolder, realDir)) return `${dir} leads out of the workspace folder ${folder}`;
  }
  return undefined;
}

/** The keys GrantCheck writes, each with the JSON type it must already have. */
export type EditedConfigKey = 'rules' | 'policyTypes' | 'profiles' | 'overrides';

/**
 * Why the config text cannot take an edit under `key`, or undefined when it can: JSON of another
 * shape (`"x"`, `[1]`, `{"rules": "x"}`) is reported by the config diagnostics, and editing it would
 * only fail. A missing or blank file can be edited (it is written from scratch).
 */
export function configShapeProblem(text: string | undefined, key: EditedConfigKey): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const root = parse(text, [], { allowTrailingComma: true }) as unknown;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return 'the configuration is not a JSON object';
  const value = Object.prototype.hasOwnProperty.call(root, key) ? (root as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return undefined;
  if (key === 'rules') return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : '"rules" is not an object';
  return Array.isArray(value) ? undefined : `"${key}" is not an array`;
}

/** jsonc-parser's `modify`, or undefined where it cannot apply (it throws on a value of another type on the path). */
function modifyOrUndefined(text: string, at: JSONPath, value: unknown, options: ModificationOptions): Edit[] | undefined {
  try {
    return modify(text, at, value, options);
  } catch {
    return undefined;
  }
}

/** A new config file that turns the rule off. */
export function newConfigText(ruleId: string): string {
  return `${JSON.stringify({ rules: { [ruleId]: 'off' } }, null, 2)}\n`;
}

/**
 * Offset edits setting `rules[ruleId]` to "off" in an existing config, keeping its comments and layout;
 * undefined when the config has another shape (see configShapeProblem).
 */
export function ruleOffEdits(text: string, ruleId: string): Edit[] | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const insertSpaces = !/^\t/m.test(text);
  if (text.trim() === '') return [{ offset: 0, length: text.length, content: newConfigText(ruleId) }];
  if (configShapeProblem(text, 'rules') !== undefined) return undefined;
  return modifyOrUndefined(text, ['rules', ruleId], 'off', { formattingOptions: { insertSpaces, tabSize: 2, eol } });
}

/** The config text after setting `rules[ruleId]` to "off" (a new file when `text` is undefined); undefined as for ruleOffEdits. */
export function configTextWithRuleOff(text: string | undefined, ruleId: string): string | undefined {
  if (text === undefined) return newConfigText(ruleId);
  const edits = ruleOffEdits(text, ruleId);
  return edits && applyEdits(text, edits);
}

export interface WorkspaceEditSupport {
  documentChanges: boolean;
  createFile: boolean;
}

/** The edit, or undefined when the client cannot create files and the config does not exist yet, or the config has another shape. */
export function disableRuleWorkspaceEdit(target: ConfigTarget, ruleId: string, support: WorkspaceEditSupport): WorkspaceEdit | undefined {
  const edits = target.text === undefined ? [{ offset: 0, length: 0, content: newConfigText(ruleId) }] : ruleOffEdits(target.text, ruleId);
  return edits && configWorkspaceEdit(target, edits, support);
}

/**
 * The workspace edit applying offset edits to a config file. A config that does not exist yet is created
 * (its text is the edits applied to an empty file); undefined when the client cannot create files.
 */
export function configWorkspaceEdit(target: ConfigTarget, edits: readonly Edit[], support: WorkspaceEditSupport): WorkspaceEdit | undefined {
  const uri = URI.fromFsPath(target.path);
  if (target.text === undefined) {
    if (!support.documentChanges || !support.createFile) return undefined;
    const create: CreateFile = { kind: 'create', uri, options: { ignoreIfExists: true, overwrite: false } };
    const insert: TextDocumentEdit = {
      textDocument: { uri, version: null },
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: applyEdits('', [...edits]) }],
    };
    return { documentChanges: [create, insert] };
  }
  const lines = new LineIndex(target.text);
  const textEdits: TextEdit[] = edits.map((e) => ({ range: lines.rangeOf(e.offset, e.offset + e.length), newText: e.content }));
  if (support.documentChanges) return { documentChanges: [{ textDocument: { uri, version: target.version }, edits: textEdits }] };
  return { changes: { [uri]: textEdits } };
}

/** A file's path as a glob relative to the config directory (`./sub/file.json`), glob characters escaped. */
export function fileGlobRelativeTo(configDir: string, filePath: string): string {
  // `./` anchors the glob at the config directory (a bare name would match in every subdirectory).
  return './' + path.relative(configDir, filePath).split(path.sep).join('/').replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}

/**
 * Offset edits binding one file to a policy type in a config's `policyTypes` (`auto` removes the
 * binding). An existing entry for exactly this file is updated in place; others are left alone.
 * Undefined when the config has another shape (see configShapeProblem).
 */
export function policyTypeEdits(text: string | undefined, fileGlob: string, type: string): Edit[] | undefined {
  if (configShapeProblem(text, 'policyTypes') !== undefined) return undefined;
  const { source, formattingOptions, entries, index } = fileEntryInConfig(text, 'policyTypes', fileGlob);
  let edits: Edit[] | undefined;
  if (type === 'auto') {
    if (index < 0) return [];
    edits = modifyOrUndefined(source, ['policyTypes', index], undefined, { formattingOptions });
  } else if (index >= 0) {
    edits = modifyOrUndefined(source, ['policyTypes', index, 'type'], type, { formattingOptions });
  } else if (entries) {
    edits = modifyOrUndefined(source, ['policyTypes', -1], { files: fileGlob, type }, { formattingOptions, isArrayInsertion: true });
  } else {
    edits = modifyOrUndefined(source, ['policyTypes'], [{ files: fileGlob, type }], { formattingOptions });
  }
  return edits && editsOfConfigText(text, source, edits);
}

/** A config's per-file array (`policyTypes`, `profiles`) ready to edit, and where in it the entry for this file is. */
export interface FileEntryInConfig {
  /** The text to edit: the config's, or `{}` when it is missing or blank. */
  source: string;
  /** Keeps the file's line ends and indentation style. */
  formattingOptions: FormattingOptions;
  /** The array's entries, undefined when the config has no such array. */
  entries: unknown[] | undefined;
  /** Index of the entry whose `files` is exactly this glob (alone), -1 when there is none. */
  index: number;
}

/** Reads the config (or `{}`) and finds the entry in its `key` array for exactly `fileGlob`. */
export function fileEntryInConfig(text: string | undefined, key: 'policyTypes' | 'profiles' | 'overrides', fileGlob: string): FileEntryInConfig {
  const source = text === undefined || text.trim() === '' ? '{}\n' : text;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const formattingOptions = { insertSpaces: !/^\t/m.test(source), tabSize: 2, eol };
  const parsed = parse(source, [], { allowTrailingComma: true }) as unknown;
  const array = typeof parsed === 'object' && parsed !== null && Object.prototype.hasOwnProperty.call(parsed, key) ? (parsed as Record<string, unknown>)[key] : undefined;
  const entries = Array.isArray(array) ? (array as unknown[]) : undefined;
  const index =
    entries?.findIndex((e) => {
      const files = (e as { files?: unknown } | null)?.files;
      return files === fileGlob || (Array.isArray(files) && files.length === 1 && files[0] === fileGlob);
    }) ?? -1;
  return { source, formattingOptions, entries, index };
}

/** Edits of `source` as edits of the config's `text`: for a config that did not exist yet, one insertion of the whole new text. */
export function editsOfConfigText(text: string | undefined, source: string, edits: Edit[]): Edit[] {
  if (source === text) return edits;
  return [{ offset: 0, length: 0, content: applyEdits(source, edits) }];
}

/** The workspace edit writing a per-file policy type (creating the config when needed); undefined as for policyTypeEdits. */
export function policyTypeWorkspaceEdit(target: ConfigTarget, fileGlob: string, type: string, support: WorkspaceEditSupport): WorkspaceEdit | undefined {
  const edits = policyTypeEdits(target.text, fileGlob, type);
  if (!edits) return undefined;
  if (edits.length === 0) return { changes: {} };
  return configWorkspaceEdit(target, edits, support);
}

/**
 * Offset edits turning a rule off for one file: in the config's `overrides`, the entry for exactly this file
 * gets `rules[ruleId] = "off"`, or a new entry is appended. Undefined when the config has another shape.
 */
export function ruleOffForFileEdits(text: string | undefined, fileGlob: string, ruleId: string): Edit[] | undefined {
  if (configShapeProblem(text, 'overrides') !== undefined) return undefined;
  const { source, formattingOptions, entries, index } = fileEntryInConfig(text, 'overrides', fileGlob);
  let edits: Edit[] | undefined;
  if (index >= 0) {
    const rules = (entries![index] as { rules?: unknown }).rules;
    if (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules))) return undefined;
    edits = modifyOrUndefined(source, ['overrides', index, 'rules', ruleId], 'off', { formattingOptions });
  } else if (entries) {
    edits = modifyOrUndefined(source, ['overrides', -1], { files: fileGlob, rules: { [ruleId]: 'off' } }, { formattingOptions, isArrayInsertion: true });
  } else {
    edits = modifyOrUndefined(source, ['overrides'], [{ files: fileGlob, rules: { [ruleId]: 'off' } }], { formattingOptions });
  }
  return edits && editsOfConfigText(text, source, edits);
}

/** The workspace edit turning a rule off for one file (creating the config when needed); undefined as for ruleOffForFileEdits. */
export function ruleOffForFileWorkspaceEdit(target: ConfigTarget, fileGlob: string, ruleId: string, support: WorkspaceEditSupport): WorkspaceEdit | undefined {
  const edits = ruleOffForFileEdits(target.text, fileGlob, ruleId);
  return edits && configWorkspaceEdit(target, edits, support);
}
