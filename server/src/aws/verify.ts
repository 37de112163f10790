// "Verify against AWS account": the (action, resource) pairs a policy or profile needs, checked against a real
// principal with iam:SimulatePrincipalPolicy (which evaluates its attached, inline, group, boundary and SCP policies).

import { dollarBraceSpans } from '../engine/interpolations';
import type { IamData } from '../engine/data/iamData';
import { parseIamDocument, type IamDocument } from '../engine/iam/document';
import { findPlaceholders } from '../engine/iam/placeholders';
import { actionMatches, hasWildcard } from '../engine/iam/wildcard';
import type { IamProfile } from '../engine/profiles/types';
import { fillTemplate } from '../engine/profiles/validation';
import { LineIndex } from '../engine/text';
import { AwsAccessError } from './errors';
import type { ContextEntry, IamReader, SimulationDecision, SimulationResult, SimulationStatement } from './types';

/** A wildcard action is expanded to the actions it names; beyond this many, it is skipped (say which in `skipped`). */
export const MAX_ACTIONS_PER_PATTERN = 60;

export interface RequiredPair {
  action: string;
  resource: string;
  /** Where the requirement comes from: `statement 2 ("ReadSource")` of the document or profile. */
  origin: string;
  /** 0-based statement index in the document or profile. */
  statementIndex: number;
  /** The Action value and Resource value as written (a wildcard pattern, a placeholder-bearing template). */
  actionPattern: string;
  resourcePattern: string;
}

export interface SkippedRequirement {
  value: string;
  origin: string;
  reason: string;
  /** Placeholder names that had no value, when that is why it was skipped. */
  missingPlaceholders?: string[];
}

export interface RequiredPairs {
  pairs: RequiredPair[];
  skipped: SkippedRequirement[];
}

export interface VerifyResult {
  action: string;
  resource: string;
  decision: SimulationDecision;
  matchedStatements: { sourcePolicyId: string; sid?: string }[];
  missingContextValues: string[];
  /** Why, in words: which policy allowed or denied it, or what was missing. */
  reason: string;
  origin: string;
  statementIndex: number;
  actionPattern: string;
  resourcePattern: string;
}

export interface VerifyReport {
  principal: string;
  /** The IAM endpoint that answered, when it is not AWS's own (an emulator…): its answers are not the account's. */
  endpoint?: string;
  results: VerifyResult[];
  skipped: SkippedRequirement[];
}

export interface VerifyOptions {
  /** Placeholder values (`sourceBucket=acme-src`, or `bucket` for `<bucket>`). */
  values?: Readonly<Record<string, string>>;
  context?: ContextEntry[];
  signal?: AbortSignal;
  /**
   * Read the principal's matched policies to name the Sid of each matched statement (default true).
   * Needs iam:Get and iam:List permissions on the principal; without them the Sids are simply left out.
   */
  resolveSids?: boolean;
}

function origin(index: number, sid: string | undefined, of: string): string {
  return `statement ${index + 1}${sid ? ` ("${sid}")` : ''} of ${of}`;
}

/** The pairs an identity policy document grants: every Allow statement's actions on its resources. */
export function requiredPairsFromDocument(doc: IamDocument, data: IamData, values: Readonly<Record<string, string>> = {}, name = 'the policy'): RequiredPairs {
  const out: RequiredPairs = { pairs: [], skipped: [] };
  for (const s of doc.statements) {
    if (s.effect?.value !== 'Allow') continue;
    const where = origin(s.index, s.sid?.value, name);
    if (!s.action || !s.resource) continue;
    if (s.action.key !== 'Action' || s.resource.key !== 'Resource') {
      out.skipped.push({ value: `${s.action.key}/${s.resource.key}`, origin: where, reason: 'NotAction and NotResource statements name no specific requirement' });
      continue;
    }
    addPairs(
      out,
      s.action.values.map((v) => v.value),
      s.resource.values.map((v) => v.value),
      s.index,
      where,
      data,
      (resource) => substitutePlaceholders(resource, values),
    );
  }
  return dedupe(out);
}

/** The pairs a profile requires (optional statements excluded), with the given values filled in. */
export function requiredPairsFromProfile(profile: IamProfile, data: IamData, values: Readonly<Record<string, string>>): RequiredPairs {
  const out: RequiredPairs = { pairs: [], skipped: [] };
  const withDefaults: Record<string, string> = {};
  for (const p of profile.placeholders) if (p.default !== undefined) withDefaults[p.name] = p.default;
  Object.assign(withDefaults, values);
  profile.statements.forEach((s, index) => {
    if (s.optional) return;
    addPairs(out, s.actions, s.resources, index, origin(index, s.sid, `profile ${profile.id}`), data, (resource) => {
      const filled = fillTemplate(resource, (name) => withDefaults[name]);
      const missing = [...filled.matchAll(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!);
      return missing.length > 0 ? { missing } : { value: filled };
    });
  });
  return dedupe(out);
}

function addPairs(
  out: RequiredPairs,
  actionPatterns: readonly string[],
  resourcePatterns: readonly string[],
  statementIndex: number,
  where: string,
  data: IamData,
  resolve: (resource: string) => { value: string } | { missing: string[] },
): void {
  const actions: { action: string; pattern: string }[] = [];
  for (const pattern of actionPatterns) {
    const expanded = expandAction(pattern, data);
    if (typeof expanded === 'string') out.skipped.push({ value: pattern, origin: where, reason: expanded });
    else actions.push(...expanded.map((action) => ({ action, pattern })));
  }
  const resources: { resource: string; pattern: string }[] = [];
  for (const pattern of resourcePatterns) {
    const resolved = resolve(pattern);
    if ('missing' in resolved) {
      out.skipped.push({
        value: pattern,
        origin: where,
        reason: `placeholder ${resolved.missing.join(', ')} has no value (pass ${resolved.missing.map((m) => `--set ${m}=VALUE`).join(' ')})`,
        missingPlaceholders: resolved.missing,
      });
    } else if (dollarBraceSpans(resolved.value).some((span) => span.body.includes(':'))) {
      out.skipped.push({ value: pattern, origin: where, reason: 'the resource uses a policy variable, whose value depends on the caller' });
    } else resources.push({ resource: resolved.value, pattern });
  }
  for (const r of resources) {
    for (const a of actions) {
      out.pairs.push({ action: a.action, resource: r.resource, origin: where, statementIndex, actionPattern: a.pattern, resourcePattern: r.pattern });
    }
  }
}

/** `s3:Get*` → the s3 actions it names (from the AWS data); plain names are kept as written. */
export function expandAction(pattern: string, data: IamData): string[] | string {
  if (!hasWildcard(pattern)) return [pattern];
  const colon = pattern.indexOf(':');
  const prefix = colon > 0 ? pattern.slice(0, colon) : '';
  if (!prefix || hasWildcard(prefix)) return 'a wildcard service prefix names every service: verify specific actions instead';
  if (!data.serviceExists(prefix)) return `unknown service prefix "${prefix}"`;
  const names = data
    .actions(prefix)
    .map((a) => `${prefix}:${a.name}`)
    .filter((name) => actionMatches(pattern, name));
  if (names.length === 0) return 'matches no known action';
  if (names.length > MAX_ACTIONS_PER_PATTERN) return `names ${names.length} actions (more than ${MAX_ACTIONS_PER_PATTERN}): verify specific actions instead`;
  return names;
}

/** Fills `<name>`, `${name}`, `{{name}}` placeholders from values (names compared ignoring case, `-` and `_`). */
export function substitutePlaceholders(resource: string, values: Readonly<Record<string, string>>): { value: string } | { missing: string[] } {
  const normalized = new Map(Object.entries(values).map(([k, v]) => [normalizeName(k), v]));
  const missing: string[] = [];
  let out = '';
  let last = 0;
  for (const p of findPlaceholders(resource)) {
    out += resource.slice(last, p.start);
    last = p.end;
    const name = p.text.replace(/^(\$\{|<|\{\{)/, '').replace(/(\}\}|\}|>)$/, '');
    const value = normalized.get(normalizeName(name));
    if (value === undefined) missing.push(name);
    else out += value;
  }
  out += resource.slice(last);
  return missing.length > 0 ? { missing } : { value: out };
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

function dedupe(r: RequiredPairs): RequiredPairs {
  const seen = new Set<string>();
  const pairs = r.pairs.filter((p) => {
    const key = `${p.action.toLowerCase()}\u0000${p.resource}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { pairs, skipped: r.skipped };
}

const CONTEXT_TYPES: Record<string, ContextEntry['type']> = {
  string: 'string',
  arn: 'string',
  arrayofstring: 'stringList',
  arrayofarn: 'stringList',
  bool: 'boolean',
  boolean: 'boolean',
  arrayofbool: 'booleanList',
  numeric: 'numeric',
  arrayofnumeric: 'numericList',
  date: 'date',
  arrayofdate: 'dateList',
  ipaddress: 'ip',
  arrayofipaddress: 'ipList',
};

/** Simulation context entries, typed from the AWS data (a repeated or multivalued key becomes a list type). */
export function contextEntriesFor(context: Readonly<Record<string, string | string[]>>, data: IamData): ContextEntry[] {
  return Object.entries(context).map(([key, value]) => {
    const info = data.globalConditionKey(key) ?? data.serviceConditionKey(key);
    let type = CONTEXT_TYPES[(info?.type ?? 'String').toLowerCase()] ?? 'string';
    if (Array.isArray(value) && !type.endsWith('List')) type = `${type}List` as ContextEntry['type'];
    return { key, values: Array.isArray(value) ? value : [value], type };
  });
}

/** SimulatePrincipalPolicy accepts users, groups and roles — not STS session ARNs. */
export function checkPrincipalArn(arn: string): string | undefined {
  const assumed = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (assumed) return `${arn} is a role session; verify the role itself: arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]} (add its path if it has one)`;
  if (!/^arn:aws[a-z-]*:iam::\d{12}:(user|role|group)\/.+/.test(arn)) return `${arn} is not the ARN of an IAM user, role or group (arn:aws:iam::ACCOUNT:role/NAME)`;
  return undefined;
}

/** Simulates every required pair for the principal (grouped by resource, batched by the reader). */
export async function verifyPairs(reader: IamReader, principalArn: string, required: RequiredPairs, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problem = checkPrincipalArn(principalArn);
  if (problem) throw new AwsAccessError('invalid-input', problem);
  const byResource = new Map<string, RequiredPair[]>();
  for (const pair of required.pairs) {
    const list = byResource.get(pair.resource) ?? [];
    list.push(pair);
    byResource.set(pair.resource, list);
  }
  const results: VerifyResult[] = [];
  const sids = options.resolveSids === false ? undefined : new SidResolver(reader, principalArn, options.signal);
  for (const [resource, pairs] of byResource) {
    const simulated = await reader.simulatePrincipalPolicy(
      {
        principalArn,
        actions: pairs.map((p) => p.action),
        ...(resource === '*' ? {} : { resources: [resource] }),
        ...(options.context ? { context: options.context } : {}),
      },
      options.signal ? { signal: options.signal } : {},
    );
    for (const pair of pairs) {
      const r = simulated.find((s) => s.action.toLowerCase() === pair.action.toLowerCase() && (resource === '*' || s.resource === resource));
      if (!r) throw new AwsAccessError('aws', `IAM returned no simulation result for ${pair.action} on ${resource}`);
      const matched = await Promise.all(
        r.matchedStatements.map(async (m) => {
          const sid = await sids?.sidOf(m);
          return { sourcePolicyId: m.sourcePolicyId, ...(sid ? { sid } : {}) };
        }),
      );
      results.push(toResult(pair, r, matched));
    }
  }
  return { principal: principalArn, ...(reader.endpoint ? { endpoint: reader.endpoint } : {}), results, skipped: required.skipped };
}

/**
 * Finds the Sid of a matched statement: IAM reports the policy (by name) and where the statement starts in
 * the policy's text, so the policy is read once (inline: Get{Role,User}Policy; managed: via the attached
 * list and its default version) and the statement at that position is looked up. Any failure: no Sid.
 */
class SidResolver {
  private readonly documents = new Map<string, Promise<IamDocument | undefined>>();
  private readonly kind: 'role' | 'user' | undefined;
  private readonly name: string;

  constructor(
    private readonly reader: IamReader,
    principalArn: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    const m = /^arn:[^:]+:iam::\d{12}:(role|user)\/(?:.*\/)?([^/]+)$/.exec(principalArn);
    this.kind = m ? (m[1] as 'role' | 'user') : undefined;
    this.name = m?.[2] ?? '';
  }

  async sidOf(m: SimulationStatement): Promise<string | undefined> {
    if (!this.kind || m.startLine === undefined || !m.sourcePolicyId) return undefined;
    const key = `${m.sourcePolicyType ?? ''}\u0000${m.sourcePolicyId}`;
    let doc = this.documents.get(key);
    if (!doc) {
      doc = this.load(m).catch(() => undefined);
      this.documents.set(key, doc);
    }
    const loaded = await doc;
    return loaded ? statementAt(loaded, m.startLine, m.startColumn ?? 1)?.sid?.value : undefined;
  }

  private async load(m: SimulationStatement): Promise<IamDocument | undefined> {
    const options = this.signal ? { signal: this.signal } : {};
    const type = (m.sourcePolicyType ?? '').toLowerCase();
    let text: string | undefined;
    if (type === this.kind) {
      text = (this.kind === 'role' ? await this.reader.getRolePolicy(this.name, m.sourcePolicyId, options) : await this.reader.getUserPolicy(this.name, m.sourcePolicyId, options)).document;
    } else if (type === 'aws-managed' || type === 'user-managed') {
      const attached = this.kind === 'role' ? await this.reader.listAttachedRolePolicies(this.name, options) : await this.reader.listAttachedUserPolicies(this.name, options);
      const arn = attached.find((a) => a.name === m.sourcePolicyId)?.arn;
      if (!arn) return undefined;
      const policy = await this.reader.getPolicy(arn, options);
      text = await this.reader.getPolicyVersion(arn, policy.defaultVersionId, options);
    }
    return text === undefined ? undefined : parseIamDocument(text);
  }
}

/** The statement containing a 1-based line/column, or else the first one starting on that line. */
function statementAt(doc: IamDocument, line: number, column: number): IamDocument['statements'][number] | undefined {
  const lines = new LineIndex(doc.text);
  const offset = lines.offsetAt({ line: line - 1, character: Math.max(0, column - 1) });
  return (
    doc.statements.find((s) => s.node.offset <= offset && offset < s.node.offset + s.node.length) ??
    doc.statements.find((s) => lines.positionAt(s.node.offset).line === line - 1)
  );
}

function toResult(pair: RequiredPair, r: SimulationResult, matched: { sourcePolicyId: string; sid?: string }[]): VerifyResult {
  const policies = [...new Set(matched.filter((s) => s.sourcePolicyId !== '').map((s) => (s.sid ? `${s.sourcePolicyId} (Sid "${s.sid}")` : s.sourcePolicyId)))];
  return {
    action: pair.action,
    resource: pair.resource,
    decision: r.decision,
    matchedStatements: matched,
    missingContextValues: r.missingContextValues,
    reason: reasonFor(r, policies),
    origin: pair.origin,
    statementIndex: pair.statementIndex,
    actionPattern: pair.actionPattern,
    resourcePattern: pair.resourcePattern,
  };
}

function reasonFor(r: SimulationResult, policies: string[]): string {
  const missing = r.missingContextValues.length > 0 ? ` (the simulation lacked context values: ${r.missingContextValues.join(', ')})` : '';
  if (r.decision === 'allowed') return `allowed by ${policies.join(', ') || 'a policy of the principal'}${missing}`;
  if (r.decision === 'explicitDeny') return `explicitly denied by ${policies.join(', ') || 'a Deny statement'}${missing}`;
  if (r.allowedByPermissionsBoundary === false) return `not allowed by the principal's permissions boundary${missing}`;
  if (r.allowedByOrganizations === false) return `not allowed by a service control policy (SCP)${missing}`;
  return `no policy of the principal allows it (implicit deny)${missing}`;
}

/** Verifies a document's (or a profile's) requirements: pairs → simulation → report. */
export async function verifyDocument(
  reader: IamReader,
  principalArn: string,
  doc: IamDocument,
  data: IamData,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  return verifyPairs(reader, principalArn, requiredPairsFromDocument(doc, data, options.values ?? {}), options);
}

export function allAllowed(report: VerifyReport): boolean {
  return report.results.every((r) => r.decision === 'allowed');
}
