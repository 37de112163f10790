// "Simulate this document as written": IAM's own evaluation of the file (iam:SimulateCustomPolicy, no principal
// needed) next to GrantCheck's local evaluator, pair by pair; any disagreement is a GrantCheck bug to report.

import type { IamData } from '../engine/data/iamData';
import { parseIamDocument, type IamDocument } from '../engine/iam/document';
import { evaluateRequest, type RequestContext } from '../engine/iam/evaluate';
import { findPlaceholders } from '../engine/iam/placeholders';
import { applyEdits } from '../engine/text';
import { endpointLine } from './endpointPolicy';
import { AwsAccessError } from './errors';
import type { IamReader, SimulationDecision } from './types';
import { contextEntriesFor, requiredPairsFromDocument, substitutePlaceholders, type RequiredPair, type SkippedRequirement } from './verify';

/** Where GrantCheck's evaluator bugs are reported. */
export const BUG_REPORT_URL = 'https://github.com/grantcheck/grantcheck/issues/new';

export interface SimulationComparison {
  action: string;
  resource: string;
  /** IAM's answer (iam:SimulateCustomPolicy). */
  aws: SimulationDecision;
  /** GrantCheck's answer (the local evaluator, `evaluateRequest`). */
  grantcheck: SimulationDecision;
  agree: boolean;
  /** Sids (or `statement N`) of the statements GrantCheck found deciding the request. */
  grantcheckStatements: string[];
  /** Context keys IAM said it lacked. */
  missingContextValues: string[];
  origin: string;
  statementIndex: number;
}

export interface SimulateDocumentReport {
  /** The IAM endpoint that answered, when it is not AWS's own (an emulator…). */
  endpoint?: string;
  results: SimulationComparison[];
  skipped: SkippedRequirement[];
  /** Number of pairs where IAM and GrantCheck disagree. */
  disagreements: number;
}

export interface SimulateDocumentOptions {
  /** Placeholder values, as for verify. */
  values?: Readonly<Record<string, string>>;
  /** Request context (`aws:SourceIp` → value); a repeated key is a list. */
  context?: Readonly<RequestContext>;
  signal?: AbortSignal;
}

function statementLabel(index: number, sid: string | undefined): string {
  return sid ? `"${sid}"` : `statement ${index + 1}`;
}

/**
 * The document with its Resource placeholders filled in from `values` (those without a value are left as written),
 * so that IAM and GrantCheck both evaluate the policy as it would be deployed.
 */
export function fillResourcePlaceholders(doc: IamDocument, values: Readonly<Record<string, string>>): IamDocument {
  const edits: { start: number; end: number; newText: string }[] = [];
  for (const s of doc.statements) {
    for (const v of s.resource?.values ?? []) {
      if (findPlaceholders(v.value).length === 0) continue;
      const filled = substitutePlaceholders(v.value, values);
      if ('value' in filled) edits.push({ start: v.start, end: v.end, newText: JSON.stringify(filled.value) });
    }
  }
  return edits.length === 0 ? doc : parseIamDocument(applyEdits(doc.text, edits));
}

/**
 * Simulates every pair the document's Allow statements name, with IAM and locally, and compares the two decisions.
 * SimulateCustomPolicy evaluates only the given document, as an identity policy, with no principal:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 */
export async function simulateDocument(reader: IamReader, written: IamDocument, data: IamData, name: string, options: SimulateDocumentOptions = {}): Promise<SimulateDocumentReport> {
  const doc = fillResourcePlaceholders(written, options.values ?? {});
  const required = requiredPairsFromDocument(doc, data, {}, name);
  const context: RequestContext = { ...(options.context ?? {}) };
  const entries = contextEntriesFor(context, data);
  const byResource = new Map<string, RequiredPair[]>();
  for (const pair of required.pairs) byResource.set(pair.resource, [...(byResource.get(pair.resource) ?? []), pair]);
  const results: SimulationComparison[] = [];
  for (const [resource, pairs] of byResource) {
    const simulated = await reader.simulateCustomPolicy(
      {
        policies: [doc.text],
        actions: pairs.map((p) => p.action),
        ...(resource === '*' ? {} : { resources: [resource] }),
        ...(entries.length > 0 ? { context: entries } : {}),
      },
      options.signal ? { signal: options.signal } : {},
    );
    for (const pair of pairs) {
      const aws = simulated.find((s) => s.action.toLowerCase() === pair.action.toLowerCase() && (resource === '*' || s.resource === resource));
      if (!aws) throw new AwsAccessError('aws', `IAM returned no simulation result for ${pair.action} on ${resource}`);
      const local = evaluateRequest(doc, pair.action, pair.resource, context);
      results.push({
        action: pair.action,
        resource: pair.resource,
        aws: aws.decision,
        grantcheck: local.decision,
        agree: aws.decision === local.decision,
        grantcheckStatements: local.matchedStatements.map((m) => statementLabel(m.index, m.sid)),
        missingContextValues: aws.missingContextValues,
        origin: pair.origin,
        statementIndex: pair.statementIndex,
      });
    }
  }
  return { ...(reader.endpoint ? { endpoint: reader.endpoint } : {}), results, skipped: required.skipped, disagreements: results.filter((r) => !r.agree).length };
}

/** One line to paste into a GrantCheck bug report: the request, both answers, and what GrantCheck matched. */
export function disagreementLine(r: SimulationComparison): string {
  const matched = r.grantcheckStatements.length > 0 ? ` (GrantCheck matched ${r.grantcheckStatements.join(', ')})` : '';
  return `GrantCheck bug: ${r.action} on ${r.resource} (${r.origin}): AWS says ${r.aws}, GrantCheck says ${r.grantcheck}${matched}. This is a finding of ours to fix; please report it at ${BUG_REPORT_URL}`;
}

/** A side-by-side table: disagreements first, then a summary and one bug-report line per disagreement. */
export function formatSimulationTable(report: SimulateDocumentReport, file: string): string {
  const rows = [...report.results.filter((r) => !r.agree), ...report.results.filter((r) => r.agree)];
  const header = { mark: '', action: 'Action', resource: 'Resource', aws: 'AWS', grantcheck: 'GrantCheck' };
  const cells = rows.map((r) => ({ mark: r.agree ? '' : 'DIFFERS', action: r.action, resource: r.resource, aws: r.aws, grantcheck: r.grantcheck }));
  const all = [header, ...cells];
  const w = (k: keyof typeof header): number => Math.max(...all.map((c) => c[k].length));
  const line = (c: typeof header): string =>
    `  ${c.mark.padEnd(w('mark'))}  ${c.action.padEnd(w('action'))}  ${c.resource.padEnd(w('resource'))}  ${c.aws.padEnd(w('aws'))}  ${c.grantcheck}`.trimEnd();
  const out = [`Document: ${file} (simulated as written with iam:SimulateCustomPolicy and with GrantCheck's evaluator)`];
  if (report.endpoint) out.push(endpointLine(report.endpoint));
  out.push('', line(header), ...cells.map(line), '');
  out.push(
    report.disagreements === 0
      ? `AWS and GrantCheck agree on all ${report.results.length} requests.`
      : `AWS and GrantCheck disagree on ${report.disagreements} of ${report.results.length} requests:`,
  );
  for (const r of rows) if (!r.agree) out.push(`  ${disagreementLine(r)}`);
  for (const r of rows) if (r.missingContextValues.length > 0) out.push(`Note: AWS lacked context values for ${r.action}: ${r.missingContextValues.join(', ')} (pass --context KEY=VALUE).`);
  for (const s of report.skipped) out.push(`Not simulated: ${s.value} (${s.origin}): ${s.reason}.`);
  return out.join('\n') + '\n';
}
