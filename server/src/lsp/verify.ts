// LSP requests behind "GrantCheck: Verify against AWS account": list the account's roles and users, and verify the
// open policy for one of them (cancellable), answering with a report, its markdown and the ranges of denied actions.

import type { CancellationToken, Connection, Range } from 'vscode-languageserver';
import { checkIamEndpoint } from '../aws/endpointPolicy';
import { AwsAccessError } from '../aws/errors';
import type { IamReaderOptions } from '../aws/sdkIamReader';
import type { IamReader, PrincipalSummary } from '../aws/types';
import { requiredPairsFromDocument, verifyPairs, type VerifyReport, type VerifyResult } from '../aws/verify';
import type { IamData } from '../engine/data/iamData';
import { parseIamDocument, type IamDocument } from '../engine/iam/document';
import { markdownCode, markdownText, tableCell } from '../engine/markdown';
import { LineIndex } from '../engine/text';

/** The `grantcheck.aws.*` settings, sent by the client with each request (the client has had them confirmed). */
export interface AwsSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
  /** From the user's own settings only: accept plain http:// to another host. */
  allowInsecureEndpoint?: boolean;
}

export interface ListPrincipalsParams {
  aws: AwsSettings;
}

export type ListPrincipalsResult = { principals: PrincipalSummary[] } | { error: string; cancelled?: boolean };

export interface VerifyParams {
  uri: string;
  principalArn: string;
  aws: AwsSettings;
  /** Placeholder values (`bucket` for `<bucket>`). */
  values?: Record<string, string>;
}

export interface DeniedRange {
  range: Range;
  message: string;
}

export type VerifyResponse =
  | { report: VerifyReport; markdown: string; denied: DeniedRange[] }
  | { error: string; cancelled?: boolean; missingPlaceholders?: string[] };

export interface VerifyDependencies {
  documentText(uri: string): string | undefined;
  data: IamData;
  makeReader?: (options: IamReaderOptions) => IamReader | Promise<IamReader>;
}

/** The AWS SDK is loaded on first use, so that it costs nothing to the language server's start-up. */
export async function sdkReader(options: IamReaderOptions): Promise<IamReader> {
  const { createIamReader } = await import('../aws/sdkIamReader.js');
  return createIamReader(options);
}

export const LIST_PRINCIPALS_REQUEST = 'grantcheck/aws/listPrincipals';
export const VERIFY_REQUEST = 'grantcheck/aws/verify';

/** Reader options from the settings, or a refusal when the endpoint breaks the endpoint rule (checkIamEndpoint). */
export function readerOptions(aws: AwsSettings): IamReaderOptions | { error: string } {
  const allowInsecure = aws.allowInsecureEndpoint === true;
  const verdict = checkIamEndpoint(aws.endpoint, { allowInsecure });
  if (!verdict.allowed) {
    return { error: `GrantCheck is ${verdict.reason}.${verdict.insecure ? ' Use https://, or set grantcheck.aws.allowInsecureEndpoint in your user settings if you mean it.' : ''}` };
  }
  return {
    ...(aws.profile ? { profile: aws.profile } : {}),
    ...(aws.region ? { region: aws.region } : {}),
    ...(verdict.endpoint ? { endpoint: verdict.endpoint } : {}),
    ...(allowInsecure ? { allowInsecureEndpoint: true } : {}),
  };
}

/** Builds the reader for a request's settings; the refusal is the request's answer when the endpoint is refused. */
export async function readerFor(
  aws: AwsSettings | undefined,
  makeReader: (options: IamReaderOptions) => IamReader | Promise<IamReader>,
): Promise<IamReader | { error: string }> {
  const options = readerOptions(aws ?? {});
  if ('error' in options) return options;
  try {
    return await makeReader(options);
  } catch (error) {
    return failure(error);
  }
}

export function signalFor(token: CancellationToken | undefined): AbortSignal {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort();
  token?.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

export function failure(error: unknown): { error: string; cancelled?: boolean } {
  if (error instanceof AwsAccessError) return error.kind === 'cancelled' ? { error: error.message, cancelled: true } : { error: error.message };
  return { error: `Unexpected error: ${error instanceof Error ? error.message : String(error)}` };
}

/** Roles then users, each sorted by name. */
export async function listPrincipals(reader: IamReader, signal?: AbortSignal): Promise<ListPrincipalsResult> {
  try {
    const options = signal ? { signal } : {};
    const roles = await reader.listRoles(options);
    const users = await reader.listUsers(options);
    const byName = (a: PrincipalSummary, b: PrincipalSummary): number => a.name.localeCompare(b.name);
    return { principals: [...roles.sort(byName), ...users.sort(byName)] };
  } catch (error) {
    return failure(error);
  }
}

/** Verifies the document text for a principal; denied results come with the ranges of the Action values that require them. */
export async function verifyText(text: string, params: VerifyParams, reader: IamReader, data: IamData, signal?: AbortSignal): Promise<VerifyResponse> {
  const doc = parseIamDocument(text);
  if (doc.parseErrors.length > 0 || doc.statements.length === 0) return { error: 'This document is not an IAM policy (fix its JSON syntax first).' };
  const required = requiredPairsFromDocument(doc, data, params.values ?? {}, 'this policy');
  const missingPlaceholders = [...new Set(required.skipped.flatMap((s) => s.missingPlaceholders ?? []))];
  if (required.pairs.length === 0) {
    return {
      error: `Nothing to verify: ${required.skipped.map((s) => `${s.value}: ${s.reason}`).join('; ') || 'the policy has no Allow statement with Action and Resource'}.`,
      ...(missingPlaceholders.length > 0 ? { missingPlaceholders } : {}),
    };
  }
  try {
    const report = await verifyPairs(reader, params.principalArn, required, signal ? { signal } : {});
    return { report, markdown: verifyReportMarkdown(report), denied: deniedRanges(doc, report.results, report.endpoint) };
  } catch (error) {
    return failure(error);
  }
}

/** Each denied result is shown on the Action value that requires it (the pattern, for an expanded wildcard). */
function deniedRanges(doc: IamDocument, results: readonly VerifyResult[], endpoint: string | undefined): DeniedRange[] {
  const lines = new LineIndex(doc.text);
  const out: DeniedRange[] = [];
  for (const r of results) {
    if (r.decision === 'allowed') continue;
    const value = doc.statements[r.statementIndex]?.action?.values.find((v) => v.value === r.actionPattern);
    if (!value) continue;
    out.push({
      range: { start: lines.positionAt(value.start), end: lines.positionAt(value.end) },
      message: `${r.action} on ${r.resource} is ${r.decision === 'explicitDeny' ? 'explicitly denied' : 'denied'} for the principal: ${r.reason}.${endpoint ? ` (Answer of the IAM endpoint ${endpoint}.)` : ''}`,
    });
  }
  return out;
}

/** A markdown report: summary, then one table row per required permission (denied first), then what was not verified. */
export function verifyReportMarkdown(report: VerifyReport): string {
  const denied = report.results.filter((r) => r.decision !== 'allowed');
  const lines = [
    `# GrantCheck: verify against AWS`,
    '',
    `Principal: ${markdownCode(report.principal)}`,
    '',
    ...(report.endpoint
      ? [`**IAM endpoint: ${markdownCode(report.endpoint)}** — not AWS's own endpoint: these decisions come from it, not necessarily from your AWS account.`, '']
      : []),
    denied.length === 0
      ? `**All ${report.results.length} required permissions are allowed.**`
      : `**${denied.length} of ${report.results.length} required permissions ${denied.length === 1 ? 'is' : 'are'} denied.**`,
    '',
    '| Decision | Action | Resource | Why | Required by |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of [...denied, ...report.results.filter((x) => x.decision === 'allowed')]) {
    const decision = r.decision === 'allowed' ? 'allowed' : r.decision === 'explicitDeny' ? '**denied (explicit)**' : '**denied**';
    lines.push(`| ${decision} | ${tableCell(markdownCode(r.action))} | ${tableCell(markdownCode(r.resource))} | ${tableCell(markdownText(r.reason))} | ${tableCell(markdownText(r.origin))} |`);
  }
  if (report.skipped.length > 0) {
    lines.push('', '## Not verified', '');
    for (const s of report.skipped) lines.push(`- ${markdownCode(s.value)} (${markdownText(s.origin)}): ${markdownText(s.reason)}`);
  }
  lines.push('', '_Decisions come from IAM\'s policy simulator (iam:SimulatePrincipalPolicy): attached, inline and group policies, the permissions boundary and SCPs are taken into account; resource-based policies are not._');
  return lines.join('\n') + '\n';
}

/** Registers the two requests on the connection. */
export function registerVerifyHandlers(connection: Connection, deps: VerifyDependencies): void {
  const makeReader = deps.makeReader ?? sdkReader;
  connection.onRequest(LIST_PRINCIPALS_REQUEST, async (params: ListPrincipalsParams, token: CancellationToken): Promise<ListPrincipalsResult> => {
    const reader = await readerFor(params.aws, makeReader);
    return 'error' in reader ? reader : listPrincipals(reader, signalFor(token));
  });
  connection.onRequest(VERIFY_REQUEST, async (params: VerifyParams, token: CancellationToken): Promise<VerifyResponse> => {
    const text = deps.documentText(params.uri);
    if (text === undefined) return { error: 'The document is not open.' };
    const reader = await readerFor(params.aws, makeReader);
    return 'error' in reader ? reader : verifyText(text, params, reader, deps.data, signalFor(token));
  });
}
