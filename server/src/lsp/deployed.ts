// LSP requests behind "GrantCheck: Compare with deployed policy": list a principal's managed and inline policies, and
// fetch one as deployed (pretty-printed), compared with the open document when one is given. Read-only IAM calls only.

import type { CancellationToken, Connection } from 'vscode-languageserver';
import { compareWithDeployed, fetchDeployedPolicy, listPrincipalPolicies, prettyPolicy, type PrincipalPolicyEntry } from '../aws/deployed';
import type { IamReaderOptions } from '../aws/sdkIamReader';
import type { IamReader } from '../aws/types';
import { failure, readerFor, sdkReader, signalFor, type AwsSettings } from './verify';

export const LIST_PRINCIPAL_POLICIES_REQUEST = 'grantcheck/aws/listPrincipalPolicies';
export const DEPLOYED_POLICY_REQUEST = 'grantcheck/aws/deployedPolicy';

export interface ListPrincipalPoliciesParams {
  principalArn: string;
  aws: AwsSettings;
}

export type ListPrincipalPoliciesResult = { policies: PrincipalPolicyEntry[] } | { error: string; cancelled?: boolean };

export interface DeployedPolicyParams {
  principalArn: string;
  /** A policy name from the list, or a managed policy ARN. */
  policy: string;
  /** Which list the name comes from, when a managed and an inline policy share it. */
  kind?: 'managed' | 'inline';
  aws: AwsSettings;
  /** An open document to compare the deployed policy with. */
  uri?: string;
}

export type DeployedPolicyResult =
  | {
      kind: 'managed' | 'inline';
      name: string;
      arn?: string;
      versionId?: string;
      /** The deployed document, 2-space JSON. */
      pretty: string;
      /** With `uri`: the open document has the same JSON content (whitespace and key order ignored). */
      same?: boolean;
      /** The IAM endpoint it was read from, when it is not AWS's own (the client shows it in the diff's title). */
      endpoint?: string;
    }
  | { error: string; cancelled?: boolean };

export interface DeployedDependencies {
  documentText(uri: string): string | undefined;
  makeReader?: (options: IamReaderOptions) => IamReader | Promise<IamReader>;
}

export async function deployedPolicy(reader: IamReader, params: DeployedPolicyParams, documentText: string | undefined, signal?: AbortSignal): Promise<DeployedPolicyResult> {
  try {
    const deployed = await fetchDeployedPolicy(reader, params.principalArn, params.policy, signal ? { signal } : {}, params.kind);
    const base = {
      kind: deployed.kind,
      name: deployed.name,
      ...(deployed.arn ? { arn: deployed.arn } : {}),
      ...(deployed.versionId ? { versionId: deployed.versionId } : {}),
      ...(deployed.endpoint ? { endpoint: deployed.endpoint } : {}),
    };
    if (documentText === undefined) return { ...base, pretty: prettyPolicy(deployed.document) };
    const comparison = compareWithDeployed(deployed, documentText, params.uri ?? 'document');
    return { ...base, pretty: comparison.pretty, same: comparison.same };
  } catch (error) {
    return failure(error);
  }
}

/** Registers the two requests on the connection (one line in server.ts). */
export function registerDeployedHandlers(connection: Connection, deps: DeployedDependencies): void {
  const makeReader = deps.makeReader ?? sdkReader;
  connection.onRequest(LIST_PRINCIPAL_POLICIES_REQUEST, async (params: ListPrincipalPoliciesParams, token: CancellationToken): Promise<ListPrincipalPoliciesResult> => {
    const reader = await readerFor(params.aws, makeReader);
    if ('error' in reader) return reader;
    try {
      return { policies: await listPrincipalPolicies(reader, params.principalArn, { signal: signalFor(token) }) };
    } catch (error) {
      return failure(error);
    }
  });
  connection.onRequest(DEPLOYED_POLICY_REQUEST, async (params: DeployedPolicyParams, token: CancellationToken): Promise<DeployedPolicyResult> => {
    const text = params.uri !== undefined ? deps.documentText(params.uri) : undefined;
    const reader = await readerFor(params.aws, makeReader);
    return 'error' in reader ? reader : deployedPolicy(reader, params, text, signalFor(token));
  });
}
