// "Compare with deployed policy": list a role's or user's policies, fetch one as deployed (managed: GetPolicy → default
// version → GetPolicyVersion; inline: Get{Role,User}Policy), pretty-print it and diff it against a local file.

import { AwsAccessError } from './errors';
import type { IamReader, ReadOptions } from './types';

export interface PrincipalRef {
  kind: 'role' | 'user';
  /** The role or user name (the ARN's last path segment). */
  name: string;
  arn: string;
}

export interface PrincipalPolicyEntry {
  kind: 'managed' | 'inline';
  name: string;
  /** Managed policies only. */
  arn?: string;
}

export interface DeployedPolicy extends PrincipalPolicyEntry {
  /** Managed policies only: the default version that was read. */
  versionId?: string;
  /** The document exactly as IAM returned it, URL-decoded. */
  document: string;
  /** The IAM endpoint it was read from, when it is not AWS's own. */
  endpoint?: string;
}

/** `arn:aws:iam::123456789012:role/path/name` → the role; anything else (groups, STS sessions) is refused. */
export function parsePrincipalArn(arn: string): PrincipalRef {
  const m = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) throw new AwsAccessError('invalid-input', `${arn} is not the ARN of an IAM role or user (arn:aws:iam::ACCOUNT:role/NAME)`);
  return { kind: m[1] as 'role' | 'user', name: m[2]!, arn };
}

/** The principal's attached managed policies, then its inline policies. */
export async function listPrincipalPolicies(reader: IamReader, principalArn: string, options: ReadOptions = {}): Promise<PrincipalPolicyEntry[]> {
  const p = parsePrincipalArn(principalArn);
  const attached = p.kind === 'role' ? await reader.listAttachedRolePolicies(p.name, options) : await reader.listAttachedUserPolicies(p.name, options);
  const inline = p.kind === 'role' ? await reader.listRolePolicies(p.name, options) : await reader.listUserPolicies(p.name, options);
  return [...attached.map((a) => ({ kind: 'managed' as const, name: a.name, arn: a.arn })), ...inline.map((name) => ({ kind: 'inline' as const, name }))];
}

/**
 * Fetches one of the principal's policies as deployed. `policy` is a managed policy ARN (read even if not attached,
 * e.g. to compare before attaching) or a name, looked up among the attached managed and the inline policies (of `kind` only, if given).
 */
export async function fetchDeployedPolicy(reader: IamReader, principalArn: string, policy: string, options: ReadOptions = {}, kind?: 'managed' | 'inline'): Promise<DeployedPolicy> {
  const deployed = await fetchFromAccount(reader, principalArn, policy, options, kind);
  return reader.endpoint ? { ...deployed, endpoint: reader.endpoint } : deployed;
}

async function fetchFromAccount(reader: IamReader, principalArn: string, policy: string, options: ReadOptions, kind: 'managed' | 'inline' | undefined): Promise<DeployedPolicy> {
  const p = parsePrincipalArn(principalArn);
  if (policy.startsWith('arn:')) return fetchManaged(reader, policy, options);
  const matches = (await listPrincipalPolicies(reader, principalArn, options)).filter((e) => e.name === policy && (kind === undefined || e.kind === kind));
  if (matches.length === 0) throw new AwsAccessError('not-found', `${p.kind} ${p.name} has no attached or inline policy named ${policy} (run without --policy to list them)`);
  if (matches.length > 1) throw new AwsAccessError('invalid-input', `${p.kind} ${p.name} has both a managed and an inline policy named ${policy}: pass the managed policy's ARN, or rename one`);
  const entry = matches[0]!;
  if (entry.kind === 'managed') return fetchManaged(reader, entry.arn!, options);
  const inline = p.kind === 'role' ? await reader.getRolePolicy(p.name, policy, options) : await reader.getUserPolicy(p.name, policy, options);
  return { kind: 'inline', name: inline.name, document: inline.document };
}

/**
 * The deployed document of a managed policy is its default version's (GetPolicy names it; GetPolicyVersion returns it,
 * URL-encoded, which the reader decodes): https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 */
async function fetchManaged(reader: IamReader, arn: string, options: ReadOptions): Promise<DeployedPolicy> {
  const meta = await reader.getPolicy(arn, options);
  const document = await reader.getPolicyVersion(arn, meta.defaultVersionId, options);
  return { kind: 'managed', name: meta.name, arn: meta.arn, versionId: meta.defaultVersionId, document };
}

/** 2-space JSON, keys in their original order (JSON.parse keeps insertion order for non-numeric keys); unparsable text as is. */
export function prettyPolicy(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2) + '\n';
  } catch {
    return text.endsWith('\n') ? text : text + '\n';
  }
}

/**
 * Same JSON content: whitespace and object key order do not matter (formatting is not content, and the JSON spec makes
 * objects unordered), array order and value types do. A single string and a one-element array count as DIFFERENT: IAM
 * evaluates them alike, but the file is then not the document that was deployed, which is what this answers.
 */
export function sameJsonContent(a: string, b: string): boolean {
  try {
    return deepEqual(JSON.parse(a) as unknown, JSON.parse(b) as unknown);
  } catch {
    return a === b;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

type DiffOp = { op: ' ' | '-' | '+'; line: string; aIndex: number; bIndex: number };

/** Line edit script from the longest common subsequence (O(n·m): policies are at most a few hundred lines). */
function diffOps(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', line: a[i]!, aIndex: i++, bIndex: j++ });
    // On a tie, deletions come before insertions, as in diff(1).
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', line: a[i]!, aIndex: i++, bIndex: j });
    else ops.push({ op: '+', line: b[j]!, aIndex: i, bIndex: j++ });
  }
  return ops;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff (`---`/`+++`, `@@ -a,n +b,m @@` hunks with `context` lines around changes); '' when the texts are equal line by line. */
export function unifiedDiff(aText: string, bText: string, aName: string, bName: string, context = 3): string {
  const ops = diffOps(splitLines(aText), splitLines(bText));
  const changed = ops.map((o, k) => (o.op !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${aName}`, `+++ ${bName}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) end = Math.min(ops.length, changed[++k]! + context + 1);
    k++;
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    // Unified diff convention: an empty side names the line before it (start 0 for an empty file).
    const aStart = aCount === 0 ? hunk[0]!.aIndex : hunk[0]!.aIndex + 1;
    const bStart = bCount === 0 ? hunk[0]!.bIndex : hunk[0]!.bIndex + 1;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...hunk.map((o) => `${o.op}${o.line}`));
  }
  return out.join('\n') + '\n';
}

export interface DeployedComparison {
  deployed: DeployedPolicy;
  /** The deployed document pretty-printed. */
  pretty: string;
  /** Same JSON content (see `sameJsonContent`). */
  same: boolean;
  /** Unified diff of the pretty-printed deployed document against the pretty-printed file ('' if the lines are equal). */
  diff: string;
}

/** Compares a deployed policy with the local file's text: both pretty-printed, so formatting alone never shows up. */
export function compareWithDeployed(deployed: DeployedPolicy, fileText: string, fileName: string): DeployedComparison {
  const pretty = prettyPolicy(deployed.document);
  const at = deployed.endpoint ? ` at ${deployed.endpoint}` : '';
  const label = deployed.kind === 'managed' ? `${deployed.arn} (${deployed.versionId}, deployed${at})` : `inline ${deployed.name} (deployed${at})`;
  return { deployed, pretty, same: sameJsonContent(deployed.document, fileText), diff: unifiedDiff(pretty, prettyPolicy(fileText), label, fileName) };
}
