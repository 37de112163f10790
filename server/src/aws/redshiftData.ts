// The Redshift Data API client verify-sql uses (@aws-sdk/client-redshift-data): credentials from a named profile or the
// default chain, a guard that refuses every operation but ExecuteStatement, DescribeStatement and GetStatementResult
// before anything is sent, a timeout per call, and secret-free error messages that say what went wrong.
// Which SQL ExecuteStatement may carry is decided one level up (node/redshiftVerify/dataApi.ts: fixed catalog SELECTs).
// API: https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_Operations.html (errors per operation:
// ValidationException, ResourceNotFoundException, ActiveStatementsExceededException, ExecuteStatementException,
// DatabaseConnectionException, InternalServerException; AccessDeniedException from IAM). A missing cluster is a
// ValidationException ("Redshift endpoint doesn't exist in this region.", seen in aws/aws-cdk#30536).

import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { checkIamEndpoint } from './endpointPolicy';
import { AwsAccessError, redactSecrets, type AwsErrorKind } from './errors';
import type { AwsCredentialsLike } from './sdkIamReader';

/** The only Data API operations GrantCheck calls. */
export const DATA_API_OPERATIONS: readonly string[] = ['ExecuteStatement', 'DescribeStatement', 'GetStatementResult'];

export const DATA_API_SERVICE = 'Redshift Data API';

export interface RedshiftDataOptions {
  /** A profile of ~/.aws/config; otherwise the SDK's default credential chain (env, SSO, IMDS…). */
  profile?: string;
  /** The Region of the cluster or workgroup; otherwise the SDK's (AWS_REGION, the profile's region). */
  region?: string;
  /** A Data API-compatible endpoint (a VPC endpoint, a test server); the same rule as IAM endpoints. */
  endpoint?: string;
  allowInsecureEndpoint?: boolean;
  /** Per-call time limit, retries included. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per call (throttling and transient failures are retried). Default 3. */
  maxAttempts?: number;
  /** Explicit credentials (embedding, tests); take precedence over `profile`. */
  credentials?: () => Promise<AwsCredentialsLike>;
  /** Names the database in messages: "cluster my-cluster", "workgroup analytics". */
  targetName?: string;
  /** What the identity needs besides redshift-data:* for the chosen authentication, e.g. `redshift:GetClusterCredentials`. */
  credentialPermission?: string;
}

export interface ExecuteInput {
  Sql: string;
  Database: string;
  Parameters?: { name: string; value: string }[];
  ClusterIdentifier?: string;
  WorkgroupName?: string;
  DbUser?: string;
  SecretArn?: string;
}

/** One value of a result row, as the Data API's JSON format gives it. */
export interface DataApiField {
  isNull?: boolean;
  booleanValue?: boolean;
  longValue?: number;
  doubleValue?: number;
  stringValue?: string;
  blobValue?: Uint8Array;
}

export interface StatementDescription {
  status: string;
  error?: string;
  hasResultSet?: boolean;
}

export interface ResultPage {
  columns: string[];
  records: DataApiField[][];
  nextToken?: string;
}

/** The three calls verify-sql makes; the SDK-backed one is createRedshiftDataCaller, tests may supply their own. */
export interface RedshiftDataCaller {
  /** The endpoint in use when it is not AWS's own (for reports). */
  readonly endpoint: string | undefined;
  execute(input: ExecuteInput): Promise<string>;
  describe(id: string): Promise<StatementDescription>;
  result(id: string, nextToken?: string): Promise<ResultPage>;
}

interface MiddlewareStackLike {
  add(middleware: unknown, options: { step: 'initialize'; name: string; priority?: 'high' }): void;
}

/** Refuses, before anything is sent, every operation that is not one of DATA_API_OPERATIONS. */
export function installDataApiGuard(stack: MiddlewareStackLike): void {
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; __smithy_context?: { operation?: string } }) => async (args: unknown) => {
      const operation = (context.commandName ?? context.__smithy_context?.operation ?? '').replace(/Command$/, '');
      if (!DATA_API_OPERATIONS.includes(operation)) {
        throw new AwsAccessError('read-only', `GrantCheck refused to call redshift-data:${operation || '(unknown)'}: verify-sql only runs catalog SELECTs (ExecuteStatement, DescribeStatement, GetStatementResult).`);
      }
      return next(args);
    },
    { step: 'initialize', name: 'grantcheckDataApiGuard', priority: 'high' },
  );
}

/** The guarded SDK client itself (exported for the guard's test; verify-sql uses createRedshiftDataCaller). */
export function createGuardedDataClient(options: RedshiftDataOptions, secrets: Set<string>): { client: RedshiftDataClient; endpoint: string | undefined } {
  const verdict = checkIamEndpoint(options.endpoint, { allowInsecure: options.allowInsecureEndpoint === true, service: DATA_API_SERVICE });
  if (!verdict.allowed) throw new AwsAccessError('invalid-input', `GrantCheck is ${verdict.reason}.`);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const base = options.credentials ?? (options.profile ? fromIni({ profile: options.profile, ignoreCache: true }) : fromNodeProviderChain());
  const credentials = async (): Promise<AwsCredentialsLike> => {
    const c = await base();
    for (const value of [c.accessKeyId, c.secretAccessKey, c.sessionToken]) if (value) secrets.add(value);
    return c;
  };
  const client = new RedshiftDataClient({
    ...(options.region ? { region: options.region } : options.profile ? { profile: options.profile } : {}),
    ...(verdict.endpoint ? { endpoint: verdict.endpoint } : {}),
    credentials,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
  });
  installDataApiGuard(client.middlewareStack);
  return { client, endpoint: verdict.endpoint };
}

export function createRedshiftDataCaller(options: RedshiftDataOptions = {}): RedshiftDataCaller {
  const secrets = new Set<string>();
  const { client, endpoint } = createGuardedDataClient(options, secrets);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const send = async <T>(operation: string, command: object): Promise<T> => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const call = client.send.bind(client) as (c: object, o: { abortSignal: AbortSignal }) => Promise<unknown>;
      return (await call(command, { abortSignal: controller.signal })) as T;
    } catch (error) {
      let region: string | undefined;
      try {
        region = await client.config.region();
      } catch {
        region = undefined;
      }
      throw classifyDataApiError(error, { operation, profile: options.profile, region, endpoint, timeoutMs, timedOut, secrets, targetName: options.targetName, credentialPermission: options.credentialPermission });
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    endpoint,
    async execute(input) {
      const out = await send<{ Id?: string }>('ExecuteStatement', new ExecuteStatementCommand(input));
      if (!out.Id) throw new AwsAccessError('aws', 'The Redshift Data API accepted the statement but returned no statement id.');
      return out.Id;
    },
    async describe(id) {
      const out = await send<{ Status?: string; Error?: string; HasResultSet?: boolean }>('DescribeStatement', new DescribeStatementCommand({ Id: id }));
      return { status: out.Status ?? '', ...(out.Error !== undefined ? { error: redactSecrets(out.Error, secrets) } : {}), ...(out.HasResultSet !== undefined ? { hasResultSet: out.HasResultSet } : {}) };
    },
    async result(id, nextToken) {
      const out = await send<{ Records?: DataApiField[][]; ColumnMetadata?: { name?: string; label?: string }[]; NextToken?: string }>(
        'GetStatementResult',
        new GetStatementResultCommand({ Id: id, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      return {
        columns: (out.ColumnMetadata ?? []).map((c) => c.label || c.name || ''),
        records: out.Records ?? [],
        ...(out.NextToken ? { nextToken: out.NextToken } : {}),
      };
    },
  };
}

export interface DataApiErrorContext {
  operation: string;
  profile: string | undefined;
  region: string | undefined;
  endpoint: string | undefined;
  timeoutMs: number;
  timedOut: boolean;
  secrets: ReadonlySet<string>;
  targetName?: string | undefined;
  credentialPermission?: string | undefined;
}

/** Turns an SDK failure of a Data API call into an AwsAccessError whose message says what to do (never a secret). */
export function classifyDataApiError(error: unknown, ctx: DataApiErrorContext): AwsAccessError {
  if (error instanceof AwsAccessError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as { name?: string; code?: string; message?: string; $metadata?: { requestId?: string } };
  const code = e.name && e.name !== 'Error' ? e.name : (e.code ?? '');
  const said = firstLine(redactSecrets(e.message ?? '', ctx.secrets));
  const where = ctx.endpoint ? ` at ${ctx.endpoint}` : '';
  const target = ctx.targetName ?? 'the cluster or workgroup';
  const profileHint = ctx.profile ? ` --profile ${ctx.profile}` : '';
  const make = (kind: AwsErrorKind, message: string): AwsAccessError => new AwsAccessError(kind, redactSecrets(message, ctx.secrets), code || undefined, e.$metadata?.requestId);

  if (ctx.timedOut) return make('timeout', `the ${DATA_API_SERVICE}${where} did not answer ${ctx.operation} within ${Math.round(ctx.timeoutMs / 1000)} s: check your network or proxy and try again`);
  if (/region is missing/i.test(said)) return make('invalid-input', `no AWS Region: give --region (the Region of ${target}) or set AWS_REGION`);
  if (/sso/i.test(code + ' ' + said) && /(expired|invalid|refresh|UnauthorizedException|login)/i.test(code + ' ' + said)) {
    return make('sso-expired', `the AWS SSO session${ctx.profile ? ` of profile "${ctx.profile}"` : ''} has expired or is invalid: run \`aws sso login${profileHint}\` and try again`);
  }
  if (code === 'CredentialsProviderError' || /could not load credentials|no credentials|credential is missing|Unable to find.*credentials/i.test(said)) {
    return make(
      'no-credentials',
      ctx.profile
        ? `no usable AWS credentials for profile "${ctx.profile}" (${said}): check ~/.aws/config and ~/.aws/credentials, or run \`aws configure${profileHint}\``
        : 'no AWS credentials found: give --aws-profile (setting grantcheck.aws.profile) or set AWS_PROFILE, run `aws configure` / `aws configure sso`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(code)) {
    return make('expired-credentials', `the AWS credentials have expired (${code}): refresh them${ctx.profile ? ` (e.g. \`aws sso login${profileHint}\`)` : ''} and try again`);
  }
  if (/^(InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException|IncompleteSignature|AuthFailure|MissingAuthenticationToken|InvalidSignatureException)$/.test(code)) {
    return make('invalid-credentials', `AWS rejected the credentials (${code}): check the access key and secret${ctx.profile ? ` of profile "${ctx.profile}"` : ''}`);
  }
  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|NotAuthorized)$/.test(code)) {
    const needs = ['redshift-data:ExecuteStatement', 'redshift-data:DescribeStatement', 'redshift-data:GetStatementResult', ...(ctx.credentialPermission ? [ctx.credentialPermission] : [])].join(', ');
    return make('access-denied', `access denied calling redshift-data:${ctx.operation} on ${target}${said ? ` (AWS said: ${said})` : ''}: the AWS identity in use needs ${needs}`);
  }
  if (code === 'ValidationException' && /(endpoint|cluster|workgroup).*(doesn't exist|does not exist|not found|cannot be found)|(not found|doesn't exist|does not exist).*(cluster|workgroup)/i.test(said)) {
    return make('not-found', `${target} was not found in Region ${ctx.region ?? '(unknown)'}${where} (AWS said: ${said}): check the identifier and --region`);
  }
  if (code === 'ResourceNotFoundException') return make('not-found', `the ${DATA_API_SERVICE} does not know the resource (${said})`);
  if (code === 'DatabaseConnectionException') return make('aws', `the ${DATA_API_SERVICE} could not connect to the database of ${target}: ${said}`);
  if (/^(ThrottlingException|Throttling|TooManyRequestsException|ActiveStatementsExceededException|ActiveSessionsExceededException|ActiveWaitingRequestsExceededException)$/.test(code)) {
    return make('throttled', `the ${DATA_API_SERVICE} throttled ${ctx.operation} (${code}): wait a moment and try again`);
  }
  if (code === 'ValidationException') return make('invalid-input', `the ${DATA_API_SERVICE} refused ${ctx.operation}: ${said}`);
  if (/^(ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|EPIPE|TimeoutError|NetworkingError|RequestTimeout)$/.test(code) || /ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up|getaddrinfo/i.test(said)) {
    const endpointName = ctx.endpoint ?? (ctx.region ? `redshift-data.${ctx.region}.amazonaws.com` : `the ${DATA_API_SERVICE}`);
    return make('network', `cannot reach ${endpointName} (${code || said}): check your network, proxy and the endpoint setting`);
  }
  if (code === 'AbortError') return make('cancelled', 'cancelled');
  return make('aws', `redshift-data:${ctx.operation} failed${code ? ` (${code})` : ''}: ${said || 'unknown error'}${e.$metadata?.requestId ? ` [request id ${e.$metadata.requestId}]` : ''}`);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}
