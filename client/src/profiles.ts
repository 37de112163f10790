// "GrantCheck: New policy from profile…" and "GrantCheck: Show profile requirements": profile commands in VS Code.
//
// The profile catalogue, value validation and rendering are the engine's pure modules, bundled into the
// client; bindings and the requirements report go through the language server (it knows the config).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { allProfiles } from '../../server/src/engine/profiles';
import { renderDocument, usedPlaceholders } from '../../server/src/engine/profiles/render';
import { isIamProfile, type PlaceholderSpec, type Profile, type ProfileBinding } from '../../server/src/engine/profiles/types';
import { isSecretPlaceholder, validatePlaceholderValue } from '../../server/src/engine/profiles/validation';

export const NEW_FROM_PROFILE_COMMAND = 'grantcheck.newFromProfile';
export const SHOW_REQUIREMENTS_COMMAND = 'grantcheck.showProfileRequirements';

interface ProfileItem extends vscode.QuickPickItem {
  profile?: Profile;
}

interface RequirementsResult {
  markdown?: string;
  reason?: 'no-document' | 'not-bound' | 'unknown-profile';
  suggestion?: string;
}

export function registerProfileCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(NEW_FROM_PROFILE_COMMAND, () => newFromProfile(client)),
    vscode.commands.registerCommand(SHOW_REQUIREMENTS_COMMAND, () => showRequirements(client)),
  );
}

/**
 * The profiles the language server resolves bindings against for `uri` (or the workspace): the built-ins plus the
 * workspace's .grantcheck/profiles/. The built-ins alone when the server cannot answer.
 */
export async function availableProfiles(client: LanguageClient, uri?: string): Promise<readonly Profile[]> {
  try {
    const result = await client.sendRequest<{ profiles?: Profile[] }>('grantcheck/listProfiles', uri ? { uri } : {});
    return Array.isArray(result?.profiles) && result.profiles.length > 0 ? result.profiles : allProfiles;
  } catch {
    return allProfiles;
  }
}

/** Quick pick of `profiles`, grouped by vendor (sorted by vendor title), with its kind and source page. */
export function profileQuickPickItems(profiles: readonly Profile[], filter: (p: Profile) => boolean = () => true): ProfileItem[] {
  const groups = new Map<string, { vendorTitle: string; profiles: Profile[] }>();
  for (const profile of profiles) {
    const group = groups.get(profile.vendor) ?? { vendorTitle: profile.vendorTitle, profiles: [] };
    group.profiles.push(profile);
    groups.set(profile.vendor, group);
  }
  const items: ProfileItem[] = [];
  for (const group of [...groups.values()].sort((a, b) => a.vendorTitle.localeCompare(b.vendorTitle))) {
    const profiles = group.profiles.filter(filter);
    if (profiles.length === 0) continue;
    items.push({ label: group.vendorTitle, kind: vscode.QuickPickItemKind.Separator });
    for (const profile of profiles) {
      items.push({
        label: profile.title,
        description: profile.id,
        detail: `${profile.kind === 'redshift-sql' ? 'Redshift SQL' : `IAM ${profile.kind} policy`} · ${profile.source.url ?? profile.source.title}`,
        profile,
      });
    }
  }
  return items;
}

async function pickProfile(client: LanguageClient, title: string): Promise<Profile | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  const picked = await vscode.window.showQuickPick(profileQuickPickItems(await availableProfiles(client, uri)), { title, placeHolder: 'Search by tool, component or profile id', matchOnDescription: true, matchOnDetail: true });
  return picked?.profile;
}

/** Asks for each placeholder the document uses; undefined when the user cancels. */
async function askValues(profile: Profile): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  const specs = usedPlaceholders(profile);
  for (const [i, spec] of specs.entries()) {
    const value = await vscode.window.showInputBox({
      title: `${profile.title} (${i + 1}/${specs.length}): ${spec.name}`,
      prompt: spec.description,
      placeHolder: `e.g. ${spec.example}`,
      ...(spec.default !== undefined ? { value: spec.default } : {}),
      password: isSecretPlaceholder(spec),
      ignoreFocusOut: true,
      validateInput: (text) => inputProblem(spec, text),
    });
    if (value === undefined) return undefined;
    values[spec.name] = value;
  }
  return values;
}

/** The input box message for a value: a validation problem, or undefined when it is valid. */
export function inputProblem(spec: PlaceholderSpec, text: string): string | undefined {
  if (text === '') return `Enter ${spec.name} (e.g. ${spec.example}).`;
  return validatePlaceholderValue(spec, text);
}

async function newFromProfile(client: LanguageClient): Promise<void> {
  const profile = await pickProfile(client, 'GrantCheck: New policy from profile');
  if (!profile) return;
  const values = await askValues(profile);
  if (!values) return;
  const content = renderDocument(profile, values);
  const language = isIamProfile(profile) ? 'json' : 'sql';
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document);
  if (isIamProfile(profile)) {
    // IAM JSON has no comments, so the binding of a new (untitled) policy lives in the language server for this session.
    // A Redshift script carries its binding in its first line (-- grantcheck-profile: …).
    const binding: ProfileBinding = { id: profile.id, values: Object.fromEntries(Object.entries(values).filter(([k]) => !isSecret(profile, k))) };
    await client.sendRequest('grantcheck/bindDocument', { uri: document.uri.toString(), binding });
    void vscode.window.showInformationMessage(
      `This policy is checked against ${profile.id} until you close it. After saving it, keep the binding in .grantcheck.json: {"profiles": [{"files": "<file>", "profile": "${profile.id}", "values": {…}}]}.`,
    );
  }
}

function isSecret(profile: Profile, name: string): boolean {
  return profile.placeholders.some((p) => p.name === name && isSecretPlaceholder(p));
}

async function showRequirements(client: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a policy or Redshift script to see what its profile requires.');
    return;
  }
  const uri = editor.document.uri.toString();
  let result = await client.sendRequest<RequirementsResult>('grantcheck/profileRequirements', { uri });
  if (!result.markdown && result.reason === 'not-bound') {
    // Unbound: compare with a profile for this session (the suggested one first).
    const profiles = await availableProfiles(client, uri);
    const suggested = result.suggestion ? profiles.find((p) => p.id === result.suggestion) : undefined;
    const kindFilter = (p: Profile): boolean => (editor.document.languageId === 'sql') === !isIamProfile(p);
    const items = profileQuickPickItems(profiles, kindFilter);
    const first = suggested ? items.find((i) => i.profile?.id === suggested.id) : undefined;
    const picked = await vscode.window.showQuickPick(first ? [{ ...first, label: `$(lightbulb) ${first.label}`, description: `${first.description} (suggested)` }, ...items] : items, {
      title: 'This document is not bound to a profile: compare it with…',
      matchOnDescription: true,
    });
    if (!picked?.profile) return;
    await client.sendRequest('grantcheck/bindDocument', { uri, binding: { id: picked.profile.id, values: {} } });
    result = await client.sendRequest<RequirementsResult>('grantcheck/profileRequirements', { uri });
  }
  if (!result.markdown) {
    void vscode.window.showWarningMessage(result.reason === 'unknown-profile' ? 'The profile this document is bound to is unknown (see `grantcheck profiles`).' : 'No profile requirements to show for this document.');
    return;
  }
  const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.commands.executeCommand('markdown.showPreview', report.uri);
}
