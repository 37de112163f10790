// iam/principal-invalid: principals IAM cannot resolve — malformed account ids and ARNs, bad service names, wildcards where not allowed, unknown principal types.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, PrincipalElement, PrincipalEntry, StrValue } from '../../iam/document';
import { hasPlaceholder } from '../../iam/placeholders';
import { closestMatches } from '../../text';
import type { FixProposal } from '../../types';
import { hasHostUnknowns, nodeEnd } from './structureHelpers';

type Context = RuleContext<IamDocument>;

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?';
const ACCOUNT_ID = /^\d{12}$/;
/** IAM users/roles (with paths), the account root, and STS sessions. */
const IAM_PRINCIPAL_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:root|user/[\\w+=,.@/-]+|role/[\\w+=,.@/-]+)$`);
const STS_PRINCIPAL_ARN = new RegExp(`^arn:${PARTITION}:sts::\\d{12}:(?:assumed-role/[\\w+=,.@/-]+/[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+)$`);
/** CloudFront origin access identities are written as a special IAM user ARN. */
const CLOUDFRONT_OAI = new RegExp(`^arn:${PARTITION}:iam::cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+$`);
/** Unique ids IAM shows in place of a deleted user or role (AIDA…, AROA…). */
const UNIQUE_ID = /^A(?:IDA|ROA|IPA|NPA|GPA)[A-Z0-9]{12,}$/;
/**
 * Service principals: `<name>.amazonaws.com` (also regional and China forms) and the few AWS
 * services that use other AWS-owned domains.
 */
const SERVICE_PRINCIPAL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:amazonaws\.com(?:\.cn)?|amazon\.com|c2s\.ic\.gov|sc2s\.sgov\.gov|amazonaws\.eu|aws\.internal)$/;
const FEDERATED_PROVIDER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:saml-provider|oidc-provider)/.+$`);
const CANONICAL_USER = /^[0-9a-f]{64}$/i;

export const principalInvalid: IamRule = {
  id: 'iam/principal-invalid',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Principals must be well-formed: 12-digit account ids, IAM/STS principal ARNs, AWS service names, known principal types.',
  fixable: true,
  check(context) {
    for (const statement of context.doc.statements) {
      const principal = statement.principal;
      if (!principal?.valueNode) continue;
      if (principal.valueNode.type === 'string') {
        checkBareString(context, principal);
        continue;
      }
      checkTypes(context, principal);
      for (const entry of principal.entries) checkEntry(context, entry);
    }
  },
};

/** `"Principal": "*"` is the only string form; anything else must go in an object. */
function checkBareString(context: Context, principal: PrincipalElement): void {
  const entry = principal.entries[0];
  if (!entry || hasHostUnknowns(context.doc, context.text, entry.value) || entry.value.value === '*' || hasPlaceholder(entry.value.value)) return;
  const value = entry.value;
  const type = SERVICE_PRINCIPAL.test(value.value) ? 'Service' : 'AWS';
  const wrap = `{ ${JSON.stringify(type)}: ${JSON.stringify(value.value)} }`;
  context.report({
    start: value.start,
    end: value.end,
    message: `"${principal.key}" as a string can only be "*"; name a principal as an object, e.g. { "${type}": ${JSON.stringify(value.value)} }.`,
    fixes: [{ title: `Change to { "${type}": … }`, isPreferred: true, edits: [{ start: value.start, end: value.end, newText: wrap }] }],
  });
}

function checkTypes(context: Context, principal: PrincipalElement): void {
  const node = principal.valueNode;
  if (node?.type !== 'object') return;
  for (const property of node.children ?? []) {
    const keyNode = property.children?.[0];
    const type = typeof keyNode?.value === 'string' ? keyNode.value : undefined;
    if (!keyNode || type === undefined || (PRINCIPAL_TYPES as readonly string[]).includes(type)) continue;
    const suggestion = closestMatches(type, PRINCIPAL_TYPES, 1)[0];
    context.report({
      start: keyNode.offset,
      end: nodeEnd(keyNode),
      message: `Unknown principal type "${type}"${suggestion ? ` — did you mean "${suggestion}"?` : ':'} IAM accepts only AWS, Service, Federated and CanonicalUser.`,
      fixes: suggestion
        ? [{ title: `Rename to "${suggestion}"`, isPreferred: true, edits: [{ start: keyNode.offset, end: nodeEnd(keyNode), newText: JSON.stringify(suggestion) }] }]
        : [],
    });
  }
}

function checkEntry(context: Context, entry: PrincipalEntry): void {
  const value = entry.value;
  // Host expressions are unknown; iam/placeholder reports placeholders.
  if (hasHostUnknowns(context.doc, context.text, value) || hasPlaceholder(value.value)) return;
  const problem = problemFor(entry.type, value.value, (prefix) => context.data.serviceExists(prefix));
  if (!problem) return;
  context.report({
    start: value.start,
    end: value.end,
    message: problem.message,
    fixes: problem.fixes(value),
    ...(problem.severity ? { severity: problem.severity } : {}),
  });
}

interface Problem {
  message: string;
  /** Milder than the rule's default when AWS does not document that the value is rejected. */
  severity?: 'warning';
  fixes(value: StrValue): FixProposal[];
}

const NO_FIXES = (): FixProposal[] => [];

function replaceWith(title: string, newValue: string): (value: StrValue) => FixProposal[] {
  return (value) => [{ title, isPreferred: true, edits: [{ start: value.start, end: value.end, newText: JSON.stringify(newValue) }] }];
}

/** What is wrong with one principal value of a known type, if anything. */
export function problemFor(type: string, value: string, isServicePrefix: (prefix: string) => boolean = () => false): Problem | undefined {
  switch (type) {
    case 'AWS':
      return awsPrincipalProblem(value);
    case 'Service':
      return servicePrincipalProblem(value, isServicePrefix);
    case 'Federated':
      return federatedPrincipalProblem(value);
    case 'CanonicalUser':
      return CANONICAL_USER.test(value) || value === '*'
        ? undefined
        : { message: `Invalid canonical user id ${JSON.stringify(value)}: it is a 64-character hexadecimal string.`, fixes: NO_FIXES };
    default:
      return undefined;
  }
}

function awsPrincipalProblem(value: string): Problem | undefined {
  if (value === '*' || ACCOUNT_ID.test(value) || IAM_PRINCIPAL_ARN.test(value) || STS_PRINCIPAL_ARN.test(value)) return undefined;
  if (CLOUDFRONT_OAI.test(value) || UNIQUE_ID.test(value)) return undefined;
  const digits = value.replace(/[\s-]/g, '');
  if (/^\d[\d\s-]*\d$/.test(value) && ACCOUNT_ID.test(digits)) {
    return { message: `Account id ${JSON.stringify(value)} must be written as 12 digits without separators.`, fixes: replaceWith(`Change to "${digits}"`, digits) };
  }
  if (/^\d+$/.test(value)) {
    return { message: `Invalid account id ${JSON.stringify(value)}: an AWS account id has exactly 12 digits (${value.length} here).`, fixes: NO_FIXES };
  }
  if (value.includes('*') || value.includes('?')) {
    // "You cannot use a wildcard to match part of a principal name or ARN."
    return {
      message: `Wildcards are not allowed inside a principal ARN (${JSON.stringify(value)}): use "*" with a condition such as aws:PrincipalArn (ArnLike) instead.`,
      fixes: NO_FIXES,
    };
  }
  if (/^arn:[^:]*:iam::\d{12}:group\//.test(value)) {
    return { message: 'An IAM group cannot be a principal: name the users or roles, or the account.', fixes: NO_FIXES };
  }
  if (/^arn:[^:]*:iam::\d{12}:(?:saml-provider|oidc-provider)\//.test(value)) {
    return { message: 'An identity provider ARN belongs under "Federated", not "AWS".', fixes: NO_FIXES };
  }
  if (SERVICE_PRINCIPAL.test(value)) {
    return { message: `${JSON.stringify(value)} is a service principal: it belongs under "Service", not "AWS".`, fixes: NO_FIXES };
  }
  const stsRoleArn = /^arn:([^:]*):sts::(\d{12}):role\/(.+)$/.exec(value);
  if (stsRoleArn) {
    const fixed = `arn:${stsRoleArn[1]}:iam::${stsRoleArn[2]}:role/${stsRoleArn[3]}`;
    return { message: 'A role is named with an iam ARN (arn:aws:iam::…:role/…); sts ARNs are for assumed-role sessions.', fixes: replaceWith(`Change to "${fixed}"`, fixed) };
  }
  return {
    message: `Malformed AWS principal ${JSON.stringify(value)}: use "*", a 12-digit account id, or an ARN such as arn:aws:iam::123456789012:root, …:user/name, …:role/name or arn:aws:sts::123456789012:assumed-role/role/session.`,
    fixes: NO_FIXES,
  };
}

function servicePrincipalProblem(value: string, isServicePrefix: (prefix: string) => boolean): Problem | undefined {
  if (value === '*') {
    return { message: '"Service": "*" is not allowed: name the service (e.g. "lambda.amazonaws.com"), or use "Principal": "*" with conditions.', fixes: NO_FIXES };
  }
  if (SERVICE_PRINCIPAL.test(value)) return undefined;
  if (value.startsWith('arn:') || ACCOUNT_ID.test(value)) {
    return { message: `${JSON.stringify(value)} is an account or ARN: it belongs under "AWS", not "Service".`, fixes: NO_FIXES };
  }
  if (/^[a-z0-9-]+$/.test(value)) {
    const fixed = `${value}.amazonaws.com`;
    // Only a known service prefix is a safe guess: some principals differ from the prefix (ecs-tasks.amazonaws.com).
    return {
      message: `Service principal ${JSON.stringify(value)} is missing its domain: service principals look like "${fixed}".`,
      fixes: isServicePrefix(value) ? replaceWith(`Change to "${fixed}"`, fixed) : NO_FIXES,
    };
  }
  const lower = value.toLowerCase();
  if (lower !== value && SERVICE_PRINCIPAL.test(lower)) {
    return { message: `Service principals are written in lower case: ${JSON.stringify(lower)}.`, severity: 'warning', fixes: replaceWith(`Change to "${lower}"`, lower) };
  }
  const name = misspeltServiceName(value);
  if (name) {
    const fixed = `${name}.amazonaws.com`;
    return { message: `Invalid service principal ${JSON.stringify(value)} — did you mean "${fixed}"?`, fixes: replaceWith(`Change to "${fixed}"`, fixed) };
  }
  return { message: `Invalid service principal ${JSON.stringify(value)}: service principals look like "lambda.amazonaws.com".`, fixes: NO_FIXES };
}

/**
 * `name` of `name.amazon`, `name.amazon.com`, `name.amazonaws.org`…: what /^([a-z0-9.-]+?)\.amazon(?:aws)?(?:\.[a-z]+)*$/
 * captures, in linear time (that pattern rescans the rest of the value from every `.amazon`).
 */
export function misspeltServiceName(value: string): string | undefined {
  // tail[i]: value[i…] is a (possibly empty) sequence of `.letters`.
  const tail = new Uint8Array(value.length + 1);
  tail[value.length] = 1;
  let lettersEnd = value.length;
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value[i]!;
    if (c < 'a' || c > 'z') {
      tail[i] = c === '.' && lettersEnd > i + 1 && tail[lettersEnd] ? 1 : 0;
      lettersEnd = i;
    }
  }
  let nameEnd = 0;
  while (nameEnd < value.length && /[a-z0-9.-]/.test(value[nameEnd]!)) nameEnd++;
  for (let p = value.indexOf('.amazon', 1); p >= 0 && p <= nameEnd; p = value.indexOf('.amazon', p + 1)) {
    const q = p + '.amazon'.length;
    if ((value.startsWith('aws', q) && tail[q + 3]) || tail[q]) return value.slice(0, p);
  }
  return undefined;
}

function federatedPrincipalProblem(value: string): Problem | undefined {
  if (FEDERATED_PROVIDER_ARN.test(value)) return undefined;
  if (value.startsWith('arn:')) {
    return { message: `Malformed identity provider ARN ${JSON.stringify(value)}: use arn:aws:iam::<account>:saml-provider/<name> or …:oidc-provider/<host>.`, fixes: NO_FIXES };
  }
  // Web identity providers are named by domain: cognito-identity.amazonaws.com, accounts.google.com, www.amazon.com, graph.facebook.com.
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(value)) return undefined;
  return { message: `Invalid federated principal ${JSON.stringify(value)}: use an identity provider ARN or a web identity provider domain.`, fixes: NO_FIXES };
}
