// Which `grantcheck.aws.*` values the AWS commands use, and whether they may be used as they are (pure, tested without VS Code).
//
// The settings are machine-scoped, so VS Code ignores them in a workspace's settings; an editor that does not (an old
// or forked one) still never sends a repository's endpoint a request without the user's explicit confirmation.

import { checkIamEndpoint } from '../../server/src/aws/endpointPolicy';

/** The part of `WorkspaceConfiguration.inspect()` this module reads. */
export interface SettingInspection {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** `inspect` of a `grantcheck.aws.*` key (`profile`, `region`, `endpoint`, `allowInsecureEndpoint`). */
export type InspectAwsSetting = (key: string) => SettingInspection | undefined;

/** What the requests carry (the server checks the endpoint again with the same rule). */
export interface AwsConnectionSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
  allowInsecureEndpoint?: boolean;
}

export type AwsConnectionDecision =
  /** Use these settings; when `fromWorkspace` is not empty, only after the user confirmed `confirmation`. */
  | { kind: 'use'; aws: AwsConnectionSettings; fromWorkspace: string[]; confirmation?: string }
  /** Make no call: the endpoint breaks the endpoint rule. */
  | { kind: 'refuse'; message: string };

const STRING_KEYS = ['profile', 'region', 'endpoint'] as const;

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The settings to use, the keys whose value comes from the workspace (.vscode/settings.json or the .code-workspace
 * file), the modal confirmation to ask for them, or the refusal of the endpoint. `allowInsecureEndpoint` counts only
 * from the user's own settings: a workspace can never switch it on.
 */
export function decideAwsConnection(inspect: InspectAwsSetting): AwsConnectionDecision {
  const aws: AwsConnectionSettings = {};
  const fromWorkspace: string[] = [];
  for (const key of STRING_KEYS) {
    const i = inspect(key) ?? {};
    // The value VS Code's get() would give: folder, then workspace, then user.
    const fromFolder = i.workspaceFolderValue !== undefined;
    const fromWs = !fromFolder && i.workspaceValue !== undefined;
    const value = fromFolder ? i.workspaceFolderValue : fromWs ? i.workspaceValue : i.globalValue;
    if (fromFolder || fromWs) fromWorkspace.push(`grantcheck.aws.${key}`);
    const text = nonEmpty(value);
    if (text !== undefined) aws[key] = text;
  }
  const allowInsecure = inspect('allowInsecureEndpoint')?.globalValue === true;
  const verdict = checkIamEndpoint(aws.endpoint, { allowInsecure });
  if (!verdict.allowed) {
    const origin = fromWorkspace.includes('grantcheck.aws.endpoint') ? ' (set by this workspace)' : '';
    const hint = verdict.insecure ? ' Use https://, or set grantcheck.aws.allowInsecureEndpoint in your user settings if you mean it.' : '';
    return { kind: 'refuse', message: `GrantCheck is not calling AWS: ${verdict.reason}${origin}.${hint}` };
  }
  if (verdict.endpoint) aws.endpoint = verdict.endpoint;
  else delete aws.endpoint;
  if (allowInsecure) aws.allowInsecureEndpoint = true;
  if (fromWorkspace.length === 0) return { kind: 'use', aws, fromWorkspace };
  return { kind: 'use', aws, fromWorkspace, confirmation: workspaceConfirmation(aws, fromWorkspace) };
}

/** The modal text: which settings the workspace chose, and the endpoint the credentials would be sent to. */
function workspaceConfirmation(aws: AwsConnectionSettings, fromWorkspace: readonly string[]): string {
  const endpoint = aws.endpoint ?? "AWS's own IAM endpoint";
  const chosen = [`endpoint ${endpoint}`, ...(aws.profile ? [`profile "${aws.profile}"`] : []), ...(aws.region ? [`region ${aws.region}`] : [])].join(', ');
  return (
    `This workspace's settings choose how GrantCheck calls AWS (${fromWorkspace.join(', ')}): ${chosen}. ` +
    `GrantCheck would send requests signed with your AWS credentials (access key id and session token included) to ${endpoint}, ` +
    'and show its answers as your account\'s. Only continue if you trust this repository.'
  );
}
