// iam/principal-invalid: principals IAM cannot resolve — malformed account ids and ARNs, bad service names, wildcards where not allowed, unknown principal types.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { wholeDocument } from '../../iam/statementView';
import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, PrincipalElement, PrincipalEntry } from '../../iam/document';
import { hasPlaceholder } from '../../iam/placeholders';
import { closestMatches, editDistance, isCertainCorrection } from '../../text';
import { isKnownServicePrincipal, MISTAKEN_SERVICE_PRINCIPAL_NAMES, servicePrincipalCandidates, servicePrincipalName } from '../../iam/servicePrincipals';
import type { FixProposal } from '../../types';
import { hasUnknownParts, isUnknown } from '../../iam/values';
import { renameKey, replaceValue } from '../../iam/edits';
import { nodeEnd } from './structureHelpers';

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
/** Region names in regional service principals (`logs.us-east-1`). */
const REGION_SUFFIX = /\.[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
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
  hasSuggestions: true,
  messages: {
    bareString: '"{{key}}" as a string can only be "*"; name a principal as an object, e.g. { "{{type}}": {{value}} }.',
    unknownType: 'Unknown principal type "{{type}}"{{hint}} IAM accepts only AWS, Service, Federated and CanonicalUser.',
    invalidCanonicalUser: 'Invalid canonical user id {{value}}: it is a 64-character hexadecimal string.',
    accountIdSeparators: 'Account id {{value}} must be written as 12 digits without separators.',
    invalidAccountId: 'Invalid account id {{value}}: an AWS account id has exactly 12 digits ({{length}} here).',
    wildcardInArn: 'Wildcards are not allowed inside a principal ARN ({{value}}): use "*" with a condition such as aws:PrincipalArn (ArnLike) instead.',
    groupPrincipal: 'An IAM group cannot be a principal: name the users or roles, or the account.',
    providerUnderAws: 'An identity provider ARN belongs under "Federated", not "AWS".',
    serviceUnderAws: '{{value}} is a service principal: it belongs under "Service", not "AWS".',
    stsRoleArn: 'A role is named with an iam ARN (arn:aws:iam::…:role/…); sts ARNs are for assumed-role sessions.',
    malformedAws:
      'Malformed AWS principal {{value}}: use "*", a 12-digit account id, or an ARN such as arn:aws:iam::123456789012:root, …:user/name, …:role/name or arn:aws:sts::123456789012:assumed-role/role/session.',
    serviceWildcard: '"Service": "*" is not allowed: name the service (e.g. "lambda.amazonaws.com"), or use "Principal": "*" with conditions.',
    accountUnderService: '{{value}} is an account or ARN: it belongs under "AWS", not "Service".',
    serviceMissingDomain: 'Service principal {{value}} is missing its domain: service principals look like "{{replacement}}".',
    serviceUpperCase: 'Service principals are written in lower case: "{{replacement}}".',
    serviceDidYouMean: 'Invalid service principal {{value}} — did you mean "{{replacement}}"? Service principals end in .amazonaws.com.',
    unknownService:
      'Unknown service principal {{value}} — did you mean "{{replacement}}"? (If the service is newer than GrantCheck\'s list, check its documentation for the principal\'s name.)',
    roleUniqueId:
      '{{value}} is the unique id of an IAM role: name the role by its ARN (arn:aws:iam::<account>:role/<name>). IAM shows an id here when the role was deleted; a new role of the same name gets a new id and is not trusted.',
    userUniqueId:
      '{{value}} is the unique id of an IAM user: name the user by its ARN (arn:aws:iam::<account>:user/<name>). IAM shows an id here when the user was deleted; a new user of the same name gets a new id and is not trusted.',
    federatedNotSupported:
      'A federated principal can only be trusted by a role trust policy; {{policyType}} does not accept "Federated". Name the AWS principals (the role that federated users assume, say) instead.',
    invalidService: 'Invalid service principal {{value}}: service principals look like "lambda.amazonaws.com".',
    malformedProviderArn: 'Malformed identity provider ARN {{value}}: use arn:aws:iam::<account>:saml-provider/<name> or …:oidc-provider/<host>.',
    invalidFederated: 'Invalid federated principal {{value}}: use an identity provider ARN or a web identity provider domain.',
  },
  // A statement's findings read the rest of the policy only through whether it accepts federated principals.
  statementScope: { documentKey: (doc) => federatedUnsupportedIn(wholeDocument(doc)) ?? '' },
  check(context) {
    const federatedUnsupported = federatedUnsupportedIn(wholeDocument(context.doc));
    // The did-you-mean candidates, built once per document and only when an unknown service principal needs them.
    let candidates: readonly string[] | undefined;
    const serviceCandidates = (): readonly string[] => (candidates ??= servicePrincipalCandidates(context.data.servicePrefixes()));
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const principal = statement.principal;
      if (!principal?.valueNode) continue;
      if (principal.valueNode.type === 'string') {
        checkBareString(context, principal);
        continue;
      }
      checkTypes(context, principal);
      for (const entry of principal.entries) {
        if (federatedUnsupported && entry.type === 'Federated' && !isUnknown(entry.value)) {
          context.report({
            start: entry.value.start,
            end: entry.value.end,
            messageId: 'federatedNotSupported',
            data: { policyType: federatedUnsupported },
          });
          continue;
        }
        checkEntry(context, entry, serviceCandidates);
      }
    }
  },
};

/** `"Principal": "*"` is the only string form; anything else must go in an object. */
function checkBareString(context: Context, principal: PrincipalElement): void {
  const entry = principal.entries[0];
  if (!entry || hasUnknownParts(entry.value) || entry.value.value === '*' || hasPlaceholder(entry.value.value)) return;
  const value = entry.value;
  const type = SERVICE_PRINCIPAL.test(value.value) ? 'Service' : 'AWS';
  const wrap: FixProposal = {
    title: `Change to { "${type}": … }`,
    edits: [replaceValue(value.node, { [type]: value.value })],
  };
  // Safe when the value is a valid principal of the type it is filed under; otherwise (a provider ARN, a typo)
  // the type is a guess.
  const safe = problemFor(type, value.value) === undefined;
  context.report({
    start: value.start,
    end: value.end,
    messageId: 'bareString',
    data: { key: principal.key, type, value: JSON.stringify(value.value) },
    ...(safe ? { fix: wrap } : { suggestions: [wrap] }),
  });
}

function checkTypes(context: Context, principal: PrincipalElement): void {
  const node = principal.valueNode;
  if (node?.type !== 'object') return;
  for (const property of node.children ?? []) {
    const keyNode = property.children?.[0];
    const type = typeof keyNode?.value === 'string' ? keyNode.value : undefined;
    if (!keyNode || type === undefined || (PRINCIPAL_TYPES as readonly string[]).includes(type)) continue;
    const candidates = closestMatches(type, PRINCIPAL_TYPES, 2);
    const suggestion = candidates[0];
    const rename: FixProposal | undefined = suggestion
      ? { title: `Rename to "${suggestion}"`, edits: [renameKey(property, suggestion)] }
      : undefined;
    context.report({
      start: keyNode.offset,
      end: nodeEnd(keyNode),
      messageId: 'unknownType',
      data: { type, hint: suggestion ? ` — did you mean "${suggestion}"?` : ':' },
      // Safe for the one type one typo away (`aws`, `Services`); otherwise a person picks the type.
      ...(rename ? (isCertainCorrection(type, candidates) ? { fix: rename } : { suggestions: [rename] }) : {}),
    });
  }
}

/**
 * The label of a policy that cannot trust a federated principal (a resource or KMS key policy), or undefined.
 * Identity policies are iam/policy-structure's (no principal at all). A type inferred from the content is trusted
 * only when no statement names an sts: action: a role trust policy with an unusual action list reads as a
 * resource policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-federated-principal-not-supported
 */
function federatedUnsupportedIn(doc: IamDocument): string | undefined {
  if (doc.policyType !== 'resource' && doc.policyType !== 'kms-key') return undefined;
  if (doc.policyTypeSource === 'inferred' && doc.statements.some((s) => (s.action?.values ?? []).some((v) => /^sts:/i.test(v.value)))) return undefined;
  return doc.policyType === 'resource' ? 'a resource policy' : 'a KMS key policy';
}

function checkEntry(context: Context, entry: PrincipalEntry, serviceCandidates: () => readonly string[]): void {
  const value = entry.value;
  // Values built from expressions are unknown; iam/placeholder reports placeholders.
  if (hasUnknownParts(value) || hasPlaceholder(value.value)) return;
  const data = context.data;
  const problem = problemFor(entry.type, value.value, (prefix) => data.serviceExists(prefix), serviceCandidates);
  if (!problem) return;
  const { replacement } = problem;
  const change: FixProposal | undefined =
    replacement === undefined ? undefined : { title: `Change to "${replacement}"`, edits: [replaceValue(value.node, replacement)] };
  context.report({
    start: value.start,
    end: value.end,
    messageId: problem.messageId,
    data: { value: JSON.stringify(value.value), ...(replacement !== undefined ? { replacement } : {}), ...problem.data },
    ...(problem.severity ? { severity: problem.severity } : {}),
    ...(change ? (problem.safe ? { fix: change } : { suggestions: [change] }) : {}),
  });
}

interface Problem {
  messageId: string;
  data?: Record<string, string | number>;
  /** Milder than the rule's default when AWS does not document that the value is rejected. */
  severity?: 'warning';
  /** The corrected value, if there is one to offer. */
  replacement?: string;
  /** The replacement is certainly what was meant (a safe fix); otherwise it is a suggestion. */
  safe?: boolean;
}

/** What is wrong with one principal value of a known type, if anything. */
export function problemFor(
  type: string,
  value: string,
  isServicePrefix: (prefix: string) => boolean = () => false,
  candidates: () => readonly string[] = () => [],
): Problem | undefined {
  switch (type) {
    case 'AWS':
      return awsPrincipalProblem(value);
    case 'Service':
      return servicePrincipalProblem(value, isServicePrefix, candidates);
    case 'Federated':
      return federatedPrincipalProblem(value);
    case 'CanonicalUser':
      return CANONICAL_USER.test(value) || value === '*' ? undefined : { messageId: 'invalidCanonicalUser' };
    default:
      return undefined;
  }
}

function awsPrincipalProblem(value: string): Problem | undefined {
  if (value === '*' || ACCOUNT_ID.test(value) || IAM_PRINCIPAL_ARN.test(value) || STS_PRINCIPAL_ARN.test(value)) return undefined;
  if (CLOUDFRONT_OAI.test(value)) return undefined;
  if (UNIQUE_ID.test(value)) {
    // Access Analyzer's INVALID_ROLE_REFERENCE / INVALID_USER_REFERENCE (general warnings): IAM accepts the id,
    // but it names one role or user for ever.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    if (value.startsWith('AROA')) return { messageId: 'roleUniqueId', severity: 'warning' };
    if (value.startsWith('AIDA')) return { messageId: 'userUniqueId', severity: 'warning' };
    return undefined;
  }
  const digits = value.replace(/[\s-]/g, '');
  if (/^\d[\d\s-]*\d$/.test(value) && ACCOUNT_ID.test(digits)) {
    // Safe: the same twelve digits without the separators.
    return { messageId: 'accountIdSeparators', replacement: digits, safe: true };
  }
  if (/^\d+$/.test(value)) return { messageId: 'invalidAccountId', data: { length: value.length } };
  // "You cannot use a wildcard to match part of a principal name or ARN."
  if (value.includes('*') || value.includes('?')) return { messageId: 'wildcardInArn' };
  if (/^arn:[^:]*:iam::\d{12}:group\//.test(value)) return { messageId: 'groupPrincipal' };
  if (/^arn:[^:]*:iam::\d{12}:(?:saml-provider|oidc-provider)\//.test(value)) return { messageId: 'providerUnderAws' };
  if (SERVICE_PRINCIPAL.test(value)) return { messageId: 'serviceUnderAws' };
  const stsRoleArn = /^arn:([^:]*):sts::(\d{12}):role\/(.+)$/.exec(value);
  if (stsRoleArn) {
    // A suggestion: the author may have meant the role, or an assumed-role session (…:assumed-role/…/session).
    return { messageId: 'stsRoleArn', replacement: `arn:${stsRoleArn[1]}:iam::${stsRoleArn[2]}:role/${stsRoleArn[3]}` };
  }
  return { messageId: 'malformedAws' };
}

function servicePrincipalProblem(value: string, isServicePrefix: (prefix: string) => boolean, candidates: () => readonly string[]): Problem | undefined {
  if (value === '*') return { messageId: 'serviceWildcard' };
  if (SERVICE_PRINCIPAL.test(value)) {
    if (isKnownServicePrincipal(value, isServicePrefix)) return undefined;
    // Unknown: a warning with a did-you-mean when a known principal is one or two typos away (AWS adds services
    // faster than any list; an unknown principal far from every known one is taken as written).
    const replacement = closestServicePrincipal(value, candidates());
    return replacement ? { messageId: 'unknownService', severity: 'warning', replacement } : undefined;
  }
  if (value.startsWith('arn:') || ACCOUNT_ID.test(value)) return { messageId: 'accountUnderService' };
  if (/^[a-z0-9-]+$/.test(value)) {
    const fixed = `${value}.amazonaws.com`;
    // Offered only for a known service prefix, and only as a suggestion: some principals differ from the
    // prefix (ecs → ecs-tasks.amazonaws.com).
    return { messageId: 'serviceMissingDomain', data: { replacement: fixed }, ...(isServicePrefix(value) ? { replacement: fixed } : {}) };
  }
  const lower = value.toLowerCase();
  if (lower !== value && SERVICE_PRINCIPAL.test(lower)) {
    // Safe: the same name in the case AWS writes it.
    return { messageId: 'serviceUpperCase', severity: 'warning', replacement: lower, safe: true };
  }
  const name = misspeltServiceName(value) ?? nameBeforeMisspeltDomain(value);
  // A did-you-mean on the domain: a suggestion. A warning, like an unknown name: the value is certainly not a
  // service principal, but which one was meant is a guess.
  if (name) return { messageId: 'serviceDidYouMean', severity: 'warning', replacement: `${name}.amazonaws.com` };
  return { messageId: 'invalidService' };
}

/** The known service principal closest to an unknown one (its Region kept), if one is a likely typo away. */
function closestServicePrincipal(value: string, candidates: readonly string[]): string | undefined {
  const full = servicePrincipalName(value);
  if (full === undefined || full.length > 100) return undefined;
  const region = REGION_SUFFIX.exec(full)?.[0] ?? '';
  const name = full.slice(0, full.length - region.length);
  const renamed = Object.prototype.hasOwnProperty.call(MISTAKEN_SERVICE_PRINCIPAL_NAMES, name) ? MISTAKEN_SERVICE_PRINCIPAL_NAMES[name] : undefined;
  if (renamed) return renamed + region + value.slice(full.length);
  // A typo, not a resemblance: one edit for short names, two from eight characters on (`monitoring` is not
  // `monitron`), and only when a single known principal is that close.
  const max = name.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = max + 1;
  let ties = 0;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > max) continue;
    const distance = editDistance(name, candidate, max);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance) ties++;
  }
  return best === undefined || ties > 0 ? undefined : best + region + value.slice(full.length);
}

/** `ec2` of `ec2.amazonaw.com`, `ec2.amazonaws.co`: a domain one or two typos from amazonaws.com (bounded work). */
function nameBeforeMisspeltDomain(value: string): string | undefined {
  const domain = 'amazonaws.com';
  for (let length = domain.length - 2; length <= domain.length + 2; length++) {
    const dot = value.length - length - 1;
    if (dot < 1 || value[dot] !== '.') continue;
    const name = value.slice(0, dot);
    if (/^[a-z0-9.-]+$/.test(name) && editDistance(value.slice(dot + 1), domain, 2) <= 2) return name;
  }
  return undefined;
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
  if (value.startsWith('arn:')) return { messageId: 'malformedProviderArn' };
  // Web identity providers are named by domain: cognito-identity.amazonaws.com, accounts.google.com, www.amazon.com, graph.facebook.com.
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(value)) return undefined;
  return { messageId: 'invalidFederated' };
}
