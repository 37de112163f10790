// The read-only view of an AWS account's IAM that GrantCheck uses; the only code behind it that talks to AWS is sdkIamReader.ts.

export interface ReadOptions {
  /** Cancels the call (and any remaining pages or batches). */
  signal?: AbortSignal;
}

export interface PrincipalSummary {
  kind: 'role' | 'user';
  name: string;
  arn: string;
  path: string;
  id: string;
}

export interface PrincipalDetail extends PrincipalSummary {
  /** ARN of the managed policy used as permissions boundary, if any. */
  permissionsBoundaryArn: string | undefined;
  /** Roles only: the trust policy, decoded. */
  assumeRolePolicyDocument: string | undefined;
}

export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface InlinePolicy {
  name: string;
  /** The policy JSON, URL-decoded. */
  document: string;
}

export interface ManagedPolicy {
  name: string;
  arn: string;
  defaultVersionId: string;
}

export type ContextKeyType = 'string' | 'stringList' | 'numeric' | 'numericList' | 'boolean' | 'booleanList' | 'ip' | 'ipList' | 'date' | 'dateList';

export interface ContextEntry {
  key: string;
  values: string[];
  type: ContextKeyType;
}

export type SimulationDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export interface SimulationStatement {
  sourcePolicyId: string;
  sourcePolicyType: string | undefined;
  /** Where the matched statement starts in the policy document (1-based, as IAM reports it). */
  startLine: number | undefined;
  startColumn: number | undefined;
}

export interface SimulationResult {
  action: string;
  resource: string;
  decision: SimulationDecision;
  matchedStatements: SimulationStatement[];
  missingContextValues: string[];
  /** False when a permissions boundary does not allow the action (undefined when no boundary applies). */
  allowedByPermissionsBoundary: boolean | undefined;
  /** False when an SCP does not allow the action (undefined when not reported). */
  allowedByOrganizations: boolean | undefined;
}

export interface SimulatePrincipalInput {
  /** ARN of the user, group or role whose policies are simulated. */
  principalArn: string;
  actions: string[];
  /** Resource ARNs; omitted or empty means `*`. Every action is simulated on every resource. */
  resources?: string[];
  context?: ContextEntry[];
}

export interface SimulateCustomInput {
  /** Policy documents (JSON). */
  policies: string[];
  permissionsBoundaryPolicies?: string[];
  actions: string[];
  resources?: string[];
  context?: ContextEntry[];
}

/** Read-only IAM calls only: List*, Get*, Simulate*. */
export interface IamReader {
  /** Where the calls go when it is not AWS's own IAM endpoint (an emulator…); every report names it. */
  readonly endpoint?: string | undefined;
  /** Every role of the account (all pages). */
  listRoles(options?: ReadOptions): Promise<PrincipalSummary[]>;
  /** Every user of the account (all pages). */
  listUsers(options?: ReadOptions): Promise<PrincipalSummary[]>;
  getRole(roleName: string, options?: ReadOptions): Promise<PrincipalDetail>;
  getUser(userName: string, options?: ReadOptions): Promise<PrincipalDetail>;
  listAttachedRolePolicies(roleName: string, options?: ReadOptions): Promise<AttachedPolicy[]>;
  listAttachedUserPolicies(userName: string, options?: ReadOptions): Promise<AttachedPolicy[]>;
  /** Names of the role's inline policies. */
  listRolePolicies(roleName: string, options?: ReadOptions): Promise<string[]>;
  listUserPolicies(userName: string, options?: ReadOptions): Promise<string[]>;
  getRolePolicy(roleName: string, policyName: string, options?: ReadOptions): Promise<InlinePolicy>;
  getUserPolicy(userName: string, policyName: string, options?: ReadOptions): Promise<InlinePolicy>;
  getPolicy(policyArn: string, options?: ReadOptions): Promise<ManagedPolicy>;
  /** The version's document, URL-decoded. */
  getPolicyVersion(policyArn: string, versionId: string, options?: ReadOptions): Promise<string>;
  /** Simulates every action on every resource, in batches within IAM's limits, following result pages. */
  simulatePrincipalPolicy(input: SimulatePrincipalInput, options?: ReadOptions): Promise<SimulationResult[]>;
  simulateCustomPolicy(input: SimulateCustomInput, options?: ReadOptions): Promise<SimulationResult[]>;
}
