// IamReader on @aws-sdk/client-iam: credentials from a named profile or the default chain, read-only guard,
// retries with backoff on throttling, a timeout and cancellation per call, and secret-free error messages.

import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
  type Role,
  type User,
} from '@aws-sdk/client-iam';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { checkIamEndpoint } from './endpointPolicy';
import { AwsAccessError, classifyAwsError } from './errors';
import { installReadOnlyGuard } from './readOnlyGuard';
import type {
  AttachedPolicy,
  ContextEntry,
  IamReader,
  InlinePolicy,
  ManagedPolicy,
  PrincipalDetail,
  PrincipalSummary,
  ReadOptions,
  SimulateCustomInput,
  SimulatePrincipalInput,
  SimulationResult,
} from './types';

export interface AwsCredentialsLike {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface IamReaderOptions {
  /** A profile of ~/.aws/config; otherwise the SDK's default credential chain (env, SSO, IMDS…). */
  profile?: string;
  /** Signing region; IAM is global, so us-east-1 by default. */
  region?: string;
  /** An IAM-compatible endpoint (an emulator, a VPC endpoint); checked by `checkIamEndpoint`. */
  endpoint?: string;
  /** Accept plain http:// to a host other than this machine (the user said so explicitly). */
  allowInsecureEndpoint?: boolean;
  /** Per-call time limit (all retries included). Default 30 s. */
  timeoutMs?: number;
  /** Attempts per call, including retries of throttled and transient failures. Default 5. */
  maxAttempts?: number;
  /** Explicit credentials (embedding, tests); takes precedence over `profile`. */
  credentials?: () => Promise<AwsCredentialsLike>;
}

/** Action names per SimulatePrincipalPolicy call, and resources per call (every action × every resource). */
export const SIMULATION_ACTION_BATCH = 20;
export const SIMULATION_RESOURCE_BATCH = 10;
const MAX_PAGES = 1000;

export function createIamReader(options: IamReaderOptions = {}): IamReader {
  return new SdkIamReader(options);
}

class SdkIamReader implements IamReader {
  readonly endpoint: string | undefined;
  private readonly client: IAMClient;
  private readonly secrets = new Set<string>();
  private readonly timeoutMs: number;

  constructor(private readonly options: IamReaderOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    // Callers check the endpoint first to say why; this keeps every reader, however built, to the same rule.
    const verdict = checkIamEndpoint(options.endpoint, { allowInsecure: options.allowInsecureEndpoint === true });
    if (!verdict.allowed) throw new AwsAccessError('invalid-input', `GrantCheck is ${verdict.reason}.`);
    this.endpoint = verdict.endpoint;
    // The SDK warns on stderr that *future* SDK releases need Node 22; GrantCheck pins its SDK, so users cannot act on it.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const base = options.credentials ?? (options.profile ? fromIni({ profile: options.profile, ignoreCache: true }) : fromNodeProviderChain());
    const secrets = this.secrets;
    // Remember the secret values so that no message can ever repeat them.
    const credentials = async (): Promise<AwsCredentialsLike> => {
      const c = await base();
      for (const value of [c.accessKeyId, c.secretAccessKey, c.sessionToken]) if (value) secrets.add(value);
      return c;
    };
    this.client = new IAMClient({
      region: options.region ?? 'us-east-1',
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      credentials,
      maxAttempts: options.maxAttempts ?? 5,
      retryMode: 'standard',
    });
    installReadOnlyGuard(this.client.middlewareStack);
  }

  /** Sends one command with a timeout and the caller's cancellation; errors become AwsAccessError. */
  private async send<T>(operation: string, command: object, signal: AbortSignal | undefined): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const send = this.client.send.bind(this.client) as (c: object, o: { abortSignal: AbortSignal }) => Promise<unknown>;
      return (await send(command, { abortSignal: controller.signal })) as T;
    } catch (error) {
      throw classifyAwsError(error, {
        operation,
        profile: this.options.profile,
        endpoint: this.endpoint,
        timeoutMs: this.timeoutMs,
        timedOut,
        cancelled: signal?.aborted === true && !timedOut,
        attempts: undefined,
        secrets: this.secrets,
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Follows Marker/IsTruncated until the last page. */
  private async allPages<P extends { IsTruncated?: boolean; Marker?: string }, T>(
    fetch: (marker: string | undefined) => Promise<P>,
    items: (page: P) => T[] | undefined,
  ): Promise<T[]> {
    const out: T[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await fetch(marker);
      out.push(...(items(result) ?? []));
      if (!result.IsTruncated || !result.Marker) break;
      marker = result.Marker;
    }
    return out;
  }

  listRoles(options?: ReadOptions): Promise<PrincipalSummary[]> {
    return this.allPages(
      (Marker) => this.send<{ Roles?: Role[]; IsTruncated?: boolean; Marker?: string }>('ListRoles', new ListRolesCommand({ Marker }), options?.signal),
      (p) => p.Roles?.map((r) => summary('role', r)),
    );
  }

  listUsers(options?: ReadOptions): Promise<PrincipalSummary[]> {
    return this.allPages(
      (Marker) => this.send<{ Users?: User[]; IsTruncated?: boolean; Marker?: string }>('ListUsers', new ListUsersCommand({ Marker }), options?.signal),
      (p) => p.Users?.map((u) => summary('user', u)),
    );
  }

  async getRole(roleName: string, options?: ReadOptions): Promise<PrincipalDetail> {
    const r = await this.send<{ Role?: Role }>('GetRole', new GetRoleCommand({ RoleName: roleName }), options?.signal);
    if (!r.Role) throw new Error(`GetRole returned no role for ${roleName}`);
    return {
      ...summary('role', r.Role),
      permissionsBoundaryArn: r.Role.PermissionsBoundary?.PermissionsBoundaryArn,
      assumeRolePolicyDocument: r.Role.AssumeRolePolicyDocument ? decodePolicy(r.Role.AssumeRolePolicyDocument) : undefined,
    };
  }

  async getUser(userName: string, options?: ReadOptions): Promise<PrincipalDetail> {
    const r = await this.send<{ User?: User }>('GetUser', new GetUserCommand({ UserName: userName }), options?.signal);
    if (!r.User) throw new Error(`GetUser returned no user for ${userName}`);
    return { ...summary('user', r.User), permissionsBoundaryArn: r.User.PermissionsBoundary?.PermissionsBoundaryArn, assumeRolePolicyDocument: undefined };
  }

  listAttachedRolePolicies(roleName: string, options?: ReadOptions): Promise<AttachedPolicy[]> {
    return this.allPages(
      (Marker) => this.send<AttachedPage>('ListAttachedRolePolicies', new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }), options?.signal),
      attachedPolicies,
    );
  }

  listAttachedUserPolicies(userName: string, options?: ReadOptions): Promise<AttachedPolicy[]> {
    return this.allPages(
      (Marker) => this.send<AttachedPage>('ListAttachedUserPolicies', new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }), options?.signal),
      attachedPolicies,
    );
  }

  listRolePolicies(roleName: string, options?: ReadOptions): Promise<string[]> {
    return this.allPages(
      (Marker) => this.send<NamesPage>('ListRolePolicies', new ListRolePoliciesCommand({ RoleName: roleName, Marker }), options?.signal),
      (p) => p.PolicyNames,
    );
  }

  listUserPolicies(userName: string, options?: ReadOptions): Promise<string[]> {
    return this.allPages(
      (Marker) => this.send<NamesPage>('ListUserPolicies', new ListUserPoliciesCommand({ UserName: userName, Marker }), options?.signal),
      (p) => p.PolicyNames,
    );
  }

  async getRolePolicy(roleName: string, policyName: string, options?: ReadOptions): Promise<InlinePolicy> {
    const r = await this.send<{ PolicyName?: string; PolicyDocument?: string }>('GetRolePolicy', new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
      options?.signal,
    );
    return { name: r.PolicyName ?? policyName, document: decodePolicy(r.PolicyDocument ?? '') };
  }

  async getUserPolicy(userName: string, policyName: string, options?: ReadOptions): Promise<InlinePolicy> {
    const r = await this.send<{ PolicyName?: string; PolicyDocument?: string }>('GetUserPolicy', new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }),
      options?.signal,
    );
    return { name: r.PolicyName ?? policyName, document: decodePolicy(r.PolicyDocument ?? '') };
  }

  async getPolicy(policyArn: string, options?: ReadOptions): Promise<ManagedPolicy> {
    const r = await this.send<{ Policy?: { PolicyName?: string; Arn?: string; DefaultVersionId?: string } }>('GetPolicy', new GetPolicyCommand({ PolicyArn: policyArn }),
      options?.signal,
    );
    return { name: r.Policy?.PolicyName ?? '', arn: r.Policy?.Arn ?? policyArn, defaultVersionId: r.Policy?.DefaultVersionId ?? '' };
  }

  async getPolicyVersion(policyArn: string, versionId: string, options?: ReadOptions): Promise<string> {
    const r = await this.send<{ PolicyVersion?: { Document?: string } }>('GetPolicyVersion', new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
      options?.signal,
    );
    return decodePolicy(r.PolicyVersion?.Document ?? '');
  }

  simulatePrincipalPolicy(input: SimulatePrincipalInput, options?: ReadOptions): Promise<SimulationResult[]> {
    return this.simulateInBatches(input, (batch) =>
      this.send<SimulationPage>('SimulatePrincipalPolicy', new SimulatePrincipalPolicyCommand({ PolicySourceArn: input.principalArn, ...batch }), options?.signal),
    );
  }

  simulateCustomPolicy(input: SimulateCustomInput, options?: ReadOptions): Promise<SimulationResult[]> {
    return this.simulateInBatches(input, (batch) =>
      this.send<SimulationPage>('SimulateCustomPolicy', new SimulateCustomPolicyCommand({
          PolicyInputList: input.policies,
          ...(input.permissionsBoundaryPolicies?.length ? { PermissionsBoundaryPolicyInputList: input.permissionsBoundaryPolicies } : {}),
          ...batch,
        }),
        options?.signal,
      ),
    );
  }

  /**
   * Both Simulate* APIs cap actions × resources per call and page their results: this splits the request into
   * batches, follows every page of each, and concatenates the results. `fetch` adds the API-specific fields.
   */
  private async simulateInBatches(
    input: { actions: readonly string[]; resources?: readonly string[]; context?: readonly ContextEntry[] },
    fetch: (batch: SimulationBatchInput) => Promise<SimulationPage>,
  ): Promise<SimulationResult[]> {
    const results: SimulationResult[] = [];
    for (const batch of simulationBatches(input.actions, input.resources)) {
      results.push(
        ...(await this.allPages(
          (Marker) =>
            fetch({
              ActionNames: batch.actions,
              ...(batch.resources.length > 0 ? { ResourceArns: batch.resources } : {}),
              ...(input.context?.length ? { ContextEntries: contextEntries(input.context) } : {}),
              Marker,
            }),
          (p) => p.EvaluationResults?.map(simulationResult),
        )),
      );
    }
    return results;
  }
}

/** The request fields both Simulate* APIs share, for one batch and one page. */
interface SimulationBatchInput {
  ActionNames: string[];
  ResourceArns?: string[];
  ContextEntries?: ReturnType<typeof contextEntries>;
  Marker: string | undefined;
}

interface AttachedPage {
  AttachedPolicies?: { PolicyName?: string; PolicyArn?: string }[];
  IsTruncated?: boolean;
  Marker?: string;
}

interface NamesPage {
  PolicyNames?: string[];
  IsTruncated?: boolean;
  Marker?: string;
}

interface SimulationPage {
  EvaluationResults?: EvaluationResult[];
  IsTruncated?: boolean;
  Marker?: string;
}

function attachedPolicies(page: AttachedPage): AttachedPolicy[] {
  return (page.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }));
}

function summary(kind: 'role' | 'user', entity: Role | User): PrincipalSummary {
  const name = kind === 'role' ? (entity as Role).RoleName : (entity as User).UserName;
  const id = kind === 'role' ? (entity as Role).RoleId : (entity as User).UserId;
  return { kind, name: name ?? '', arn: entity.Arn ?? '', path: entity.Path ?? '/', id: id ?? '' };
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicy(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Splits a simulation into calls of at most SIMULATION_ACTION_BATCH actions × SIMULATION_RESOURCE_BATCH resources. */
export function simulationBatches(actions: readonly string[], resources: readonly string[] | undefined): { actions: string[]; resources: string[] }[] {
  const resourceChunks = resources && resources.length > 0 ? chunk(resources, SIMULATION_RESOURCE_BATCH) : [[]];
  const batches: { actions: string[]; resources: string[] }[] = [];
  for (const r of resourceChunks) for (const a of chunk(actions, SIMULATION_ACTION_BATCH)) batches.push({ actions: a, resources: r });
  return batches;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function contextEntries(entries: readonly ContextEntry[]): { ContextKeyName: string; ContextKeyValues: string[]; ContextKeyType: ContextEntry['type'] }[] {
  return entries.map((e) => ({ ContextKeyName: e.key, ContextKeyValues: e.values, ContextKeyType: e.type }));
}

function simulationResult(r: EvaluationResult): SimulationResult {
  return {
    action: r.EvalActionName ?? '',
    resource: r.EvalResourceName ?? '*',
    decision: r.EvalDecision === 'allowed' ? 'allowed' : r.EvalDecision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny',
    matchedStatements: (r.MatchedStatements ?? []).map((s) => ({
      sourcePolicyId: s.SourcePolicyId ?? '',
      sourcePolicyType: s.SourcePolicyType,
      startLine: s.StartPosition?.Line,
      startColumn: s.StartPosition?.Column,
    })),
    missingContextValues: r.MissingContextValues ?? [],
    allowedByPermissionsBoundary: r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
    allowedByOrganizations: r.OrganizationsDecisionDetail?.AllowedByOrganizations,
  };
}
