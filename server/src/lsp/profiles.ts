// LSP side of profiles: the grantcheck.profiles setting, bindings of untitled documents, the requirements
// report request, and the code action that binds a file suggested by iam/profile-suggestion in .grantcheck.json.

import { modify, type Edit } from 'jsonc-parser';
import type { CodeAction, Connection, Diagnostic, TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProfileBindingConfig } from '../engine/config';
import type { IamData } from '../engine/data/iamData';
import { parseIamDocument, type IamDocument } from '../engine/iam/document';
import { builtinProfiles, profileById, type ProfileRegistry } from '../engine/profiles';
import { sqlBindingComment } from '../engine/profiles/binding';
import { requirementsMarkdown } from '../engine/profiles/report';
import { strongProfileSuggestion } from '../engine/rules/iam/profileSuggestion';
import type { Profile, ProfileBinding } from '../engine/profiles/types';
import type { Finding } from '../engine/types';
import { configShapeProblem, configWorkspaceEdit, editsOfConfigText, fileEntryInConfig, type ConfigTarget, type WorkspaceEditSupport } from './configEdit';
import { URI } from './uri';

export const SUGGESTION_RULE = 'iam/profile-suggestion';

/** The `grantcheck.profiles` setting, keeping only well-formed entries. */
export function normalizeProfileSettings(raw: unknown): ProfileBindingConfig[] {
  if (!Array.isArray(raw)) return [];
  const result: ProfileBindingConfig[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { files, profile, values } = entry as { files?: unknown; profile?: unknown; values?: unknown };
    const globs = typeof files === 'string' ? [files] : Array.isArray(files) && files.every((f) => typeof f === 'string') ? (files as string[]) : undefined;
    if (!globs || globs.length === 0 || typeof profile !== 'string') continue;
    const clean: Record<string, string> = {};
    if (typeof values === 'object' && values !== null) for (const [k, v] of Object.entries(values)) if (typeof v === 'string') clean[k] = v;
    result.push({ files: globs, profile, values: clean });
  }
  return result;
}

/** Bindings made in the editor session for documents that have no file yet (New policy from profile…). */
export class SessionBindings {
  private readonly byUri = new Map<string, ProfileBinding>();
  bind(uri: string, binding: ProfileBinding | undefined): void {
    if (binding) this.byUri.set(uri, binding);
    else this.byUri.delete(uri);
  }
  get(uri: string): ProfileBinding | undefined {
    return this.byUri.get(uri);
  }
}

export interface ProfileHandlerContext {
  data: IamData;
  documents: TextDocuments<TextDocument>;
  session: SessionBindings;
  /** The binding that applies to a document (config, setting, session), if any. */
  bindingFor(uri: string): ProfileBinding | undefined;
  /** The profiles a document resolves against (built-ins plus its repository's .grantcheck/profiles/). */
  profilesFor(uri: string): ProfileRegistry | undefined;
  /** The workspace's profiles when no document is given (the first workspace folder's). */
  workspaceProfiles(): ProfileRegistry | undefined;
  relint(uri: string): void;
}

export interface ListProfilesResult {
  /** Every profile the document (or the workspace) can use: the built-ins and the workspace's own. */
  profiles: Profile[];
}

export interface RequirementsResult {
  markdown?: string;
  /** Why there is no report. */
  reason?: 'no-document' | 'not-bound' | 'unknown-profile';
  /** For an unbound policy: the profile it looks like. */
  suggestion?: string;
}

/**
 * Requests: `grantcheck/bindDocument` (session binding), `grantcheck/profileRequirements` (markdown report) and
 * `grantcheck/listProfiles` (the profiles the editor's pickers offer, workspace profiles included).
 */
export function registerProfileHandlers(connection: Connection, ctx: ProfileHandlerContext): void {
  const registryOf = (uri: string | undefined): ProfileRegistry => (uri ? ctx.profilesFor(uri) : undefined) ?? ctx.workspaceProfiles() ?? builtinProfiles;
  connection.onRequest('grantcheck/listProfiles', (params: { uri?: string } | undefined): ListProfilesResult => ({ profiles: [...registryOf(params?.uri).profiles] }));
  connection.onRequest('grantcheck/bindDocument', (params: { uri: string; binding?: ProfileBinding }): { ok: boolean } => {
    if (params.binding && !profileById(params.binding.id, registryOf(params.uri))) return { ok: false };
    ctx.session.bind(params.uri, params.binding);
    ctx.relint(params.uri);
    return { ok: true };
  });
  connection.onRequest('grantcheck/profileRequirements', (params: { uri: string }): RequirementsResult => {
    const document = ctx.documents.get(params.uri);
    if (!document) return { reason: 'no-document' };
    return requirementsFor(document.getText(), ctx.bindingFor(params.uri), ctx.data, registryOf(params.uri));
  });
}

/** The report for a document's text and binding (a SQL or JSONC comment binding counts too). */
export function requirementsFor(text: string, binding: ProfileBinding | undefined, data: IamData, registry?: ProfileRegistry): RequirementsResult {
  const effective = binding ?? sqlBindingComment(text)?.binding;
  if (!effective) {
    const suggestion = /^\s*[{[]/.test(text) ? strongProfileSuggestion(parseIamDocument(text))?.profile.id : undefined;
    return { reason: 'not-bound', ...(suggestion ? { suggestion } : {}) };
  }
  const markdown = requirementsMarkdown(text, effective, data, registry);
  return markdown ? { markdown } : { reason: 'unknown-profile' };
}

/**
 * Offset edits adding `{"files": glob, "profile": id, "values": {}}` to a config's `profiles`, or
 * replacing the profile of an entry for exactly this file. A new config is one insertion. Undefined
 * when the config has another shape (configShapeProblem).
 */
export function profileBindingEdits(text: string | undefined, fileGlob: string, profileId: string, values: Record<string, string> = {}): Edit[] | undefined {
  if (configShapeProblem(text, 'profiles') !== undefined) return undefined;
  const { source, formattingOptions, entries, index } = fileEntryInConfig(text, 'profiles', fileGlob);
  const entry = { files: fileGlob, profile: profileId, values };
  let edits: Edit[];
  try {
    edits =
      index >= 0
        ? modify(source, ['profiles', index], entry, { formattingOptions })
        : entries
          ? modify(source, ['profiles', -1], entry, { formattingOptions, isArrayInsertion: true })
          : modify(source, ['profiles'], [entry], { formattingOptions });
  } catch {
    return undefined; // a shape jsonc-parser cannot edit: no action rather than a failed request
  }
  return editsOfConfigText(text, source, edits);
}

/** The workspace edit writing the binding (creating the config file when the client can); undefined as for profileBindingEdits. */
export function profileBindingWorkspaceEdit(target: ConfigTarget, fileGlob: string, profileId: string, support: WorkspaceEditSupport): WorkspaceEdit | undefined {
  const edits = profileBindingEdits(target.text, fileGlob, profileId);
  return edits && configWorkspaceEdit(target, edits, support);
}

export interface SuggestionActionContext {
  /** Where the binding is written for a file, and the glob naming the file from there. */
  configFor(fsPath: string): { target: ConfigTarget; fileGlob: string; label: string } | undefined;
  editSupport: WorkspaceEditSupport;
  /** Command run after the edit (saving the config so the server sees it), if the client has one. */
  saveCommand?: (configUri: string) => CodeAction['command'];
}

/** "Bind <file> to profile <id> in .grantcheck.json" for iam/profile-suggestion diagnostics. */
/** `doc`: the policy the findings came from (parsed once per version); parsed here when absent. */
export function profileSuggestionActions(document: TextDocument, diagnostics: readonly Diagnostic[], findings: readonly Finding[], ctx: SuggestionActionContext, doc?: IamDocument): CodeAction[] {
  const diagnostic = diagnostics.find((d) => d.code === SUGGESTION_RULE);
  if (!diagnostic || !findings.some((f) => f.ruleId === SUGGESTION_RULE)) return [];
  const suggestion = strongProfileSuggestion(doc ?? parseIamDocument(document.getText()));
  const fsPath = URI.toFsPath(document.uri);
  if (!suggestion || !fsPath) return [];
  const where = ctx.configFor(fsPath);
  if (!where) return [];
  const edit = profileBindingWorkspaceEdit(where.target, where.fileGlob, suggestion.profile.id, ctx.editSupport);
  if (!edit) return [];
  const configUri = URI.fromFsPath(where.target.path);
  const command = ctx.saveCommand?.(configUri);
  return [
    {
      title: `Bind this file to profile ${suggestion.profile.id} in ${where.label}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      // Which profile the policy follows is a guess: a suggestion, never the preferred ("auto fix") action.
      isPreferred: false,
      edit,
      ...(command ? { command } : {}),
    },
  ];
}
