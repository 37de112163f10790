// Turns AWS SDK failures into short, actionable messages (what went wrong, what to run) that never contain secrets.

export type AwsErrorKind =
  | 'no-credentials'
  | 'sso-expired'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'access-denied'
  | 'not-found'
  | 'throttled'
  | 'timeout'
  | 'cancelled'
  | 'network'
  | 'read-only'
  | 'invalid-input'
  | 'aws';

export class AwsAccessError extends Error {
  override readonly name = 'AwsAccessError';
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    /** The AWS error code, e.g. `NoSuchEntity`. */
    readonly code?: string,
    readonly requestId?: string,
    /** For access-denied: the IAM permission the caller lacks, e.g. `iam:SimulatePrincipalPolicy`. */
    readonly permission?: string,
  ) {
    super(message);
  }
}

export interface ErrorContext {
  /** The SDK command, e.g. `SimulatePrincipalPolicyCommand` or `SimulatePrincipalPolicy`. */
  operation: string;
  profile: string | undefined;
  endpoint: string | undefined;
  timeoutMs: number;
  timedOut: boolean;
  cancelled: boolean;
  attempts: number | undefined;
  /** Secret values seen while resolving credentials; removed from every message. */
  secrets: ReadonlySet<string>;
}

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/g;
const TOKEN_ASSIGNMENT = /((?:X-Amz-Security-Token|aws_session_token|aws_secret_access_key|SessionToken|SecretAccessKey|Signature)\s*[=:]\s*)[^\s,;&"']+/gi;

/** Secrets shorter than this are not redacted: replacing every occurrence of a 3-letter value would garble messages. */
const MIN_SECRET_LENGTH = 8;

function urlSafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The base64 characters that encode `bytes` when they start at byte `offset % 3` of a longer encoded text: the
 * characters that hold bits of the neighbours are left out, so the run is the same whatever surrounds the secret.
 */
function base64Core(bytes: Buffer, alignment: number): string {
  const encoded = Buffer.concat([Buffer.alloc(alignment), bytes]).toString('base64');
  const start = Math.ceil((alignment * 8) / 6);
  const end = Math.floor(((alignment + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}

/**
 * The forms a secret takes in the text of an error, a URL or a header: as is, URL-encoded (upper- and lower-case
 * hex, once or twice), and base64 (standard and URL-safe, with and without padding, and as it appears inside the
 * base64 of a longer text at each of the 3 byte alignments). Longest first, so that a longer form is replaced whole.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  for (const encoded of [encodeURIComponent(secret), encodeURI(secret), encodeURIComponent(encodeURIComponent(secret))]) {
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  }
  const bytes = Buffer.from(secret, 'utf8');
  const padded = bytes.toString('base64');
  for (const base64 of [padded, padded.replace(/=+$/, '')]) {
    forms.add(base64);
    forms.add(urlSafe(base64));
  }
  for (let alignment = 0; alignment < 3; alignment++) {
    const core = base64Core(bytes, alignment);
    forms.add(core);
    forms.add(urlSafe(core));
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Removes known secret values (in every form of secretForms), access key ids and token/signature assignments from a text. */
export function redactSecrets(text: string, secrets: ReadonlySet<string> = new Set()): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(secret)) out = out.split(form).join('[redacted]');
  }
  return out.replace(ACCESS_KEY_ID, '[redacted access key id]').replace(TOKEN_ASSIGNMENT, '$1[redacted]');
}

/** `SimulatePrincipalPolicyCommand` → `iam:SimulatePrincipalPolicy`. */
export function iamPermissionFor(operation: string): string {
  return `iam:${operation.replace(/Command$/, '')}`;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
  $fault?: string;
}

/** Classifies any error thrown by an SDK call into an AwsAccessError with an actionable message. */
export function classifyAwsError(error: unknown, ctx: ErrorContext): AwsAccessError {
  if (error instanceof AwsAccessError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkErrorShape;
  const code = e.name && e.name !== 'Error' ? e.name : (e.code ?? e.Code ?? '');
  const rawMessage = redactSecrets(e.message ?? '', ctx.secrets);
  const requestId = e.$metadata?.requestId;
  const profileHint = ctx.profile ? ` --profile ${ctx.profile}` : '';
  const where = ctx.endpoint ? ` at ${ctx.endpoint}` : '';
  const permission = iamPermissionFor(ctx.operation);
  const make = (kind: AwsErrorKind, message: string, perm?: string): AwsAccessError =>
    new AwsAccessError(kind, redactSecrets(message, ctx.secrets), code || undefined, requestId, perm);

  if (ctx.cancelled) return make('cancelled', 'Cancelled.');
  if (ctx.timedOut) {
    return make('timeout', `IAM${where} did not answer ${permission} within ${Math.round(ctx.timeoutMs / 1000)} s. Check your network or proxy and try again.`);
  }
  if (/sso/i.test(code + ' ' + rawMessage) && /(expired|invalid|refresh|UnauthorizedException|login)/i.test(code + ' ' + rawMessage)) {
    return make('sso-expired', `The AWS SSO session${ctx.profile ? ` of profile "${ctx.profile}"` : ''} has expired or is invalid: run \`aws sso login${profileHint}\` and try again.`);
  }
  if (code === 'CredentialsProviderError' || /could not load credentials|no credentials|credential is missing|Unable to find.*credentials/i.test(rawMessage)) {
    return make(
      'no-credentials',
      ctx.profile
        ? `No usable AWS credentials for profile "${ctx.profile}" (${firstSentence(rawMessage)}). Check ~/.aws/config and ~/.aws/credentials, or run \`aws configure${profileHint}\`.`
        : 'No AWS credentials found. Set a profile (CLI `--aws-profile`, setting `grantcheck.aws.profile`) or AWS_PROFILE, run `aws configure` / `aws configure sso`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(code)) {
    return make(
      'expired-credentials',
      `The AWS credentials have expired (${code}). Refresh them${ctx.profile ? ` (e.g. \`aws sso login${profileHint}\` for an SSO profile)` : ''} and try again.`,
    );
  }
  if (/^(InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException|IncompleteSignature|AuthFailure|MissingAuthenticationToken)$/.test(code)) {
    return make('invalid-credentials', `AWS rejected the credentials (${code}): check the access key and secret${ctx.profile ? ` of profile "${ctx.profile}"` : ''}.`);
  }
  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|NotAuthorized)$/.test(code)) {
    const stated = /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(rawMessage)?.[1];
    const lacking = stated ?? permission;
    return make(
      'access-denied',
      `Access denied: the AWS identity in use lacks ${lacking}. Grant it (GrantCheck only needs iam:List*, iam:Get* and iam:Simulate* permissions) or use another profile.`,
      lacking,
    );
  }
  if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') {
    return make('not-found', `Not found: ${firstSentence(rawMessage) || 'the IAM entity does not exist'} (${permission}). Check the name or ARN and the account of the profile in use.`);
  }
  if (/^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|SlowDown)$/.test(code)) {
    const attempts = e.$metadata?.attempts ?? ctx.attempts;
    return make('throttled', `AWS throttled ${permission} (${code})${attempts ? ` after ${attempts} attempts` : ''}. Wait a moment and try again.`);
  }
  if (/^(InvalidInput|ValidationError|MalformedPolicyDocument|PolicyEvaluation|InvalidParameterValue)$/.test(code)) {
    return make('invalid-input', `IAM rejected ${permission}: ${firstSentence(rawMessage)} (${code}).`);
  }
  if (/^(ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN|EPIPE|TimeoutError|NetworkingError|RequestTimeout)$/.test(code) || /ECONNREFUSED|ENOTFOUND|ECONNRESET|socket hang up|getaddrinfo/i.test(rawMessage)) {
    return make('network', `Cannot reach IAM${where} (${code || firstSentence(rawMessage)}). Check your network, proxy and the endpoint setting.`);
  }
  if (code === 'AbortError') return make('cancelled', 'Cancelled.');
  return make('aws', `${permission} failed${code ? ` (${code})` : ''}: ${firstSentence(rawMessage) || 'unknown error'}${requestId ? ` [request id ${requestId}]` : ''}`);
}

function firstSentence(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}
