// iam/profile-suggestion: an unbound policy that reproduces what sets one profile apart — most of its distinctive
// actions and resources, besides most of its required actions — is told which profile, so binding it checks the rest.
//
// "Looks like" must not mean "grants S3 read/write": an ordinary bucket policy lists s3:GetObject, s3:PutObject and
// s3:ListBucket on a bucket and its objects, as many tools' pages do. So besides profiles/suggest.ts's choice (most
// of the required actions, and mostly nothing else), the document must show most of the profile's distinctive
// features: the actions no everyday policy of the service needs, and the resources whose names the tool fixes (a
// default name prefix such as `tonic-`, a log group such as `/aws-dynamodb/`). A profile with fewer than two
// distinctive features is never suggested: no policy can look like it more than like any other.

import type { IamDocument } from '../../iam/document';
import type { PolicyType } from '../../iam/policyType';
import { hasUnknownParts } from '../../iam/values';
import { hasWildcard } from '../../iam/wildcard';
import { resourceShape } from '../../profiles/requirements';
import { suggestProfileFor, type ProfileSuggestion } from '../../profiles/suggest';
import { requiredActionNames, type IamProfile } from '../../profiles/types';
import { fillTemplate } from '../../profiles/validation';
import { commonInstance, type Token } from '../../profiles/witness';
import { combineParts, type DocumentParts, type IamRule, type PartsSpec } from '../rule';

export const profileSuggestion: IamRule = {
  id: 'iam/profile-suggestion',
  domain: 'iam',
  defaultSeverity: 'info',
  description:
    'The policy is not bound to a profile but reproduces one: most of its required actions and most of what sets it apart (its distinctive actions and resource names). Binding it checks the rest (the editor offers to add the binding to .grantcheck.json).',
  fixable: false,
  hasSuggestions: false,
  messages: {
    looksLikeProfile:
      'This policy looks like profile {{profile}} ({{vendor}}: {{title}}): it lists {{present}} of its {{total}} required actions and what sets it apart ({{distinctive}}).{{notListed}} Bind the file to the profile (.grantcheck.json "profiles") to check {{what}}the resources each action needs.',
  },
  check(context) {
    if (context.profile) return;
    const key = context.doc.statementProperty?.children?.[0];
    if (!key) return;
    const suggestion = strongProfileSuggestion(context.doc, context.documentParts);
    if (!suggestion) return;
    const { profile, present, missing, shown } = suggestion;
    const total = present.length + missing.length;
    const rest = missing.length > 0 ? ` Not listed: ${missing.join(', ')}.` : '';
    context.report({
      start: key.offset,
      end: key.offset + key.length,
      messageId: 'looksLikeProfile',
      data: {
        profile: profile.id,
        vendor: profile.vendorTitle,
        title: profile.title,
        present: present.length,
        total,
        distinctive: describeShown(shown),
        notListed: rest,
        what: missing.length > 0 ? 'the rest and ' : '',
      },
    });
  },
};

export interface StrongProfileSuggestion extends ProfileSuggestion {
  /** The profile's distinctive features the document shows (action names, resource templates with defaults filled). */
  shown: string[];
}

/**
 * What a statement contributes to the suggestion: the policy type, and the actions (`Action`, not `NotAction`) and
 * resources (`Resource`; null for a value built from expressions, which says nothing) of an Allow statement. None
 * for another statement.
 */
interface SuggestionPart {
  policyType: PolicyType;
  actions: readonly string[];
  resources: readonly (string | null)[];
}

const NO_VALUES: readonly never[] = [];

/**
 * The suggestion depends only on the policy type and the actions and resources of the Allow statements: while a
 * person types, each statement's part is kept with it and the suggestion is worked out again only when some part
 * differs (a keystroke in a Sid, a condition, another statement's Deny changes none), by engine/lint.ts.
 */
const SUGGESTION: PartsSpec<SuggestionPart, StrongProfileSuggestion | undefined> = {
  name: 'profile-suggestion/part',
  part(s, doc) {
    if (s.effect?.value !== 'Allow') return { policyType: doc.policyType, actions: NO_VALUES, resources: NO_VALUES };
    const actions = s.action?.key === 'Action' ? s.action.values.map((v) => v.value) : NO_VALUES;
    const resources = s.resource?.key === 'Resource' ? s.resource.values.map((v) => (hasUnknownParts(v) ? null : v.value)) : NO_VALUES;
    return { policyType: doc.policyType, actions, resources };
  },
  same: (a, b) => a.policyType === b.policyType && sameValues(a.actions, b.actions) && sameValues(a.resources, b.resources),
  combine(parts) {
    suggestionComputations.count++;
    return strongSuggestionOf(parts);
  },
};

function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** For tests: how many times the suggestion was worked out from the statements' parts. */
export const suggestionComputations = { count: 0 };

/**
 * The profile an unbound policy reproduces, or undefined: profiles/suggest.ts's best match, kept only when the
 * document also shows most of that profile's distinctive features. The editor's "Bind this file to profile …"
 * action and the requirements view use this too, so they never name a profile the rule did not. `documentParts`
 * (while an editor re-lints) keeps the answer until an Allow statement's actions or resources change.
 */
export function strongProfileSuggestion(doc: IamDocument, documentParts?: DocumentParts): StrongProfileSuggestion | undefined {
  return combineParts(doc, SUGGESTION, documentParts);
}

/** strongProfileSuggestion worked out afresh (for tests). */
export function computeStrongProfileSuggestion(doc: IamDocument): StrongProfileSuggestion | undefined {
  return strongSuggestionOf(doc.statements.map((s) => SUGGESTION.part(s, doc)));
}

function strongSuggestionOf(parts: readonly SuggestionPart[]): StrongProfileSuggestion | undefined {
  if (parts.length === 0) return undefined;
  const suggestion = suggestProfileFor(parts[0]!.policyType, parts.map((p) => p.actions));
  if (!suggestion) return undefined;
  const features = distinctiveFeatures(suggestion.profile);
  if (features.length < MIN_DISTINCTIVE) return undefined;
  const listed = listedActionNames(parts);
  const resources = allowedResources(parts);
  const shown = features.filter((f) => (f.kind === 'action' ? listed.has(f.action.toLowerCase()) : resources.some((r) => showsResource(r, f))));
  if (shown.length < MIN_DISTINCTIVE || shown.length * 2 <= features.length) return undefined;
  return { ...suggestion, shown: shown.map((f) => (f.kind === 'action' ? f.action : f.display)) };
}

/** A profile needs this many distinctive features, and a document must show this many of them (and more than half). */
const MIN_DISTINCTIVE = 2;

/**
 * Actions an everyday policy of their service grants (reading and writing objects, items, messages and logs,
 * using a key, passing a role): listing them says nothing about which tool a policy is for.
 */
const EVERYDAY_ACTIONS: ReadonlySet<string> = new Set(
  [
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
    's3:ListBucket',
    's3:GetBucketLocation',
    's3:ListAllMyBuckets',
    's3:AbortMultipartUpload',
    's3:ListBucketMultipartUploads',
    's3:ListMultipartUploadParts',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'logs:DescribeLogGroups',
    'logs:DescribeLogStreams',
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ChangeMessageVisibility',
    'kms:Decrypt',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'kms:DescribeKey',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
    'dynamodb:ListTables',
    'lambda:InvokeFunction',
    'iam:PassRole',
    'sts:AssumeRole',
  ].map((a) => a.toLowerCase()),
);

type Feature =
  | { kind: 'action'; action: string }
  | { kind: 'resource'; template: string; display: string; shape: Token[]; words: string[] };

const featureCache = new WeakMap<IamProfile, Feature[]>();

/** What sets a profile apart: its required actions that are not everyday ones, and its resources with fixed names. */
export function distinctiveFeatures(profile: IamProfile): Feature[] {
  let features = featureCache.get(profile);
  if (features) return features;
  const required = profile.statements.filter((s) => !s.optional);
  const actions = requiredActionNames(profile).filter((a) => !hasWildcard(a) && !EVERYDAY_ACTIONS.has(a.toLowerCase()));
  const defaults = Object.fromEntries(profile.placeholders.flatMap((p) => (p.default !== undefined ? [[p.name, p.default]] : [])));
  const resources: Feature[] = [];
  for (const template of new Set(required.flatMap((s) => s.resources))) {
    const words = fixedWords(template, defaults);
    const display = fillTemplate(template, (name) => defaults[name]);
    if (words.length > 0) resources.push({ kind: 'resource', template, display, shape: resourceShape(template, defaults, profile.placeholders), words });
  }
  features = [...actions.map((action): Feature => ({ kind: 'action', action })), ...resources];
  featureCache.set(profile, features);
  return features;
}

/**
 * The names a resource template fixes, lower case: its literal words and its placeholders' defaults, in the
 * resource part of the ARN after the resource type (`log-group:/aws-dynamodb/*` → `aws-dynamodb`;
 * `arn:aws:s3:::${namePrefix}*` with the default `tonic-` → `tonic-`). A template made of placeholders and
 * separators fixes nothing (`arn:aws:s3:::${bucket}/*`). Only profile data is read here, never user text.
 */
function fixedWords(template: string, defaults: Readonly<Record<string, string>>): string[] {
  if (!template.startsWith('arn:')) return [];
  const filled = fillTemplate(template, (name) => defaults[name] ?? '\u0000');
  const parts = filled.split(':');
  if (parts.length < 6) return [];
  let resource = parts.slice(5).join(':');
  const type = /^[a-z][a-z0-9-]*[:/]/.exec(resource);
  if (type && !Object.values(defaults).some((d) => resource.startsWith(d))) resource = resource.slice(type[0].length);
  return resource
    .split(/[/*:?\u0000]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 2);
}

/** Does a Resource entry of the document name a resource of the feature's shape, with its fixed names? */
function showsResource(resource: string, feature: Feature & { kind: 'resource' }): boolean {
  const lower = resource.toLowerCase();
  if (!feature.words.every((w) => lower.includes(w))) return false;
  return commonInstance([feature.shape, resource]) !== undefined;
}

/** Action names of Allow statements (`Action`, not `NotAction`), lower case. */
function listedActionNames(parts: readonly SuggestionPart[]): Set<string> {
  const names = new Set<string>();
  for (const part of parts) for (const action of part.actions) names.add(action.toLowerCase());
  return names;
}

/** Resource entries of Allow statements written in the document (values built from expressions say nothing). */
function allowedResources(parts: readonly SuggestionPart[]): string[] {
  const found = new Set<string>();
  for (const part of parts) for (const resource of part.resources) if (resource !== null && resource !== '*') found.add(resource);
  return [...found];
}

/** `s3:GetBucketNotification, s3:PutBucketNotification and arn:aws:s3:::tonic-*`, at most four named. */
function describeShown(shown: readonly string[]): string {
  const named = shown.slice(0, 4);
  const more = shown.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${more} more`;
  return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}
