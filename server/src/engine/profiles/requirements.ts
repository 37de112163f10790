// What a profile requires, as checkable items: each IAM action with its resource shapes and principal, each Redshift grant.

import type { IamData } from '../data/iamData';
import { commonInstance, templateTokens, type Token } from './witness';
import { fillTemplate } from './validation';
import type { GrantTemplate, IamProfile, PlaceholderSpec, PrincipalTemplate, RedshiftProfile, StatementTemplate } from './types';

export interface RequiredAction {
  /** e.g. `s3:ListBucket`. */
  action: string;
  /**
   * Resource shapes, any of which must be granted. Bound placeholder values are filled in; unbound
   * ones become "one or more characters" of their kind (a bucket name never holds `/`): "some bucket"
   * rather than a guessed name. The partition is open (`aws`, `aws-cn`, `aws-us-gov`).
   */
  resources: Token[][];
  /** The templates the shapes came from, for messages (`arn:aws:s3:::${sourceBucket}`). */
  templates: string[];
  /** Resource patterns to write into a new statement (bound values filled, unbound shown as `<label>`). */
  insertResources: string[];
  /** The action's resource-type shapes from the AWS data (undefined: unknown or wildcard-only). */
  typeShapes?: Token[][];
  /** True when the only shape is `*` (wildcard-only action or unknown action on `"*"`). */
  everyResource: boolean;
  principal?: { type: PrincipalTemplate['type']; value: string };
  /** The profile statement it comes from: its index and Sid. */
  statementIndex: number;
  sid?: string;
  optional: boolean;
  why?: string;
}

export interface RequiredGrant {
  privilege: string;
  objectKind: GrantTemplate['objectKind'];
  /** Object name with bound values filled; undefined parts mean "any". */
  object: string | undefined;
  grantee: string | undefined;
  template: GrantTemplate;
  optional: boolean;
}

const UNBOUND = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** A principal template as an IAM pattern: bound values filled, unbound ones `*`. */
export function principalShape(template: string, values: Readonly<Record<string, string>>): string {
  return fillTemplate(template, (name) => values[name]).replace(UNBOUND, '*').replace(/^arn:aws:/, 'arn:aws*:');
}

/** Characters an unbound placeholder of this kind can never contain (ARN fields hold no `:`, bucket names no `/`). */
function excludedChars(spec: PlaceholderSpec | undefined): string | undefined {
  if (!spec) return undefined;
  switch (spec.validation) {
    case 's3-bucket':
    case 'account-id':
    case 'region':
    case 'name-prefix':
    case 'resource-name':
      return ':/';
    default:
      return '';
  }
}

/** A resource template as a shape: bound values filled, unbound ones a run of their kind, the partition open. */
export function resourceShape(template: string, values: Readonly<Record<string, string>>, specs: readonly PlaceholderSpec[]): Token[] {
  const filled = fillTemplate(template, (name) => values[name]);
  const tokens = templateTokens(filled, (name) => excludedChars(specs.find((s) => s.name === name)));
  const head = tokens.slice(0, 8).map((t) => (t.kind === 'char' ? t.char : '\u0000')).join('');
  if (head === 'arn:aws:') tokens.splice(7, 0, { kind: 'run', except: ':' });
  return tokens;
}

/** A template filled for writing into a document: unbound placeholders become `<label>`. */
export function insertionOf(template: string, values: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): string {
  return fillTemplate(template, (name) => values[name] ?? `<${labels[name] ?? name}>`);
}

/** The resource-type ARN shapes of an action from the AWS data, as patterns (`${BucketName}` → `*`). */
export function actionResourceShapes(data: IamData, action: string): Token[][] | 'wildcard-only' | undefined {
  const [service, name] = action.split(':');
  if (!service || !name) return undefined;
  const info = data.action(service, name);
  if (!info) return undefined;
  if (info.isWildcardOnly) return 'wildcard-only';
  const shapes = info.resourceTypes
    .map((r) => data.resourceType(service, r.name)?.arn)
    .filter((arn): arn is string => arn !== undefined)
    .map((arn) => templateTokens(arn));
  return shapes.length > 0 ? shapes : undefined;
}

/**
 * The required actions of an IAM profile. A statement's `"*"` is narrowed to the action's own
 * resource types (a document granting Scan on its tables satisfies "Scan on *"); a specific
 * template is kept only where the action can apply to it (`s3:PutObject` on `bucket/*`, not on
 * `bucket`, when a statement lists both).
 */
export function requiredActions(profile: IamProfile, values: Readonly<Record<string, string>>, data: IamData, includeOptional = false): RequiredAction[] {
  // Cached per data set, profile and values: documents are linted on every keystroke.
  let byProfile = requirementCache.get(data);
  if (!byProfile) {
    byProfile = new WeakMap();
    requirementCache.set(data, byProfile);
  }
  let cache = byProfile.get(profile);
  if (!cache) {
    cache = new Map();
    byProfile.set(profile, cache);
  }
  const key = JSON.stringify([includeOptional, Object.entries(values).sort()]);
  const cached = cache.get(key);
  if (cached) return cached;
  const computed = computeRequiredActions(profile, values, data, includeOptional);
  if (cache.size > 100) cache.clear();
  cache.set(key, computed);
  return computed;
}

const requirementCache = new WeakMap<IamData, WeakMap<IamProfile, Map<string, RequiredAction[]>>>();

function computeRequiredActions(profile: IamProfile, values: Readonly<Record<string, string>>, data: IamData, includeOptional: boolean): RequiredAction[] {
  const labels = Object.fromEntries(profile.placeholders.map((p) => [p.name, p.label]));
  const result: RequiredAction[] = [];
  profile.statements.forEach((statement, statementIndex) => {
    if (statement.optional && !includeOptional) return;
    for (const action of statement.actions) {
      result.push(requirementFor(statement, statementIndex, action, values, labels, profile.placeholders, data));
    }
  });
  return result;
}

function requirementFor(
  statement: StatementTemplate,
  statementIndex: number,
  action: string,
  values: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
  specs: readonly PlaceholderSpec[],
  data: IamData,
): RequiredAction {
  const typeShapes = action.includes('*') ? undefined : actionResourceShapes(data, action);
  const templates: string[] = [];
  const resources: Token[][] = [];
  let everyResource = false;
  for (const template of statement.resources) {
    if (template === '*') {
      templates.push(template);
      if (Array.isArray(typeShapes)) resources.push(...typeShapes);
      else everyResource = true;
      continue;
    }
    const shape = resourceShape(template, values, specs);
    // A template the action can never apply to (object actions on a bucket ARN) is not a requirement.
    if (Array.isArray(typeShapes) && !typeShapes.some((t) => commonInstance([t, shape]) !== undefined)) continue;
    templates.push(template);
    resources.push(shape);
  }
  const principal = statement.principal
    ? { type: statement.principal.type, value: principalShape(statement.principal.value, values) }
    : undefined;
  return {
    action,
    resources,
    templates,
    insertResources: templates.map((t) => insertionOf(t, values, labels)),
    ...(Array.isArray(typeShapes) ? { typeShapes } : {}),
    everyResource,
    ...(principal ? { principal } : {}),
    statementIndex,
    ...(statement.sid ? { sid: statement.sid } : {}),
    optional: statement.optional === true,
    ...(statement.why ? { why: statement.why } : {}),
  };
}

/** The required grants of a Redshift profile, one per privilege. */
export function requiredGrants(profile: RedshiftProfile, values: Readonly<Record<string, string>>, includeOptional = false): RequiredGrant[] {
  const filled = (template: string): string | undefined => {
    const text = fillTemplate(template, (name) => values[name]);
    return /\$\{[A-Za-z][A-Za-z0-9]*\}/.test(text) ? undefined : text;
  };
  return profile.grants
    .filter((g) => includeOptional || !g.optional)
    .flatMap((g) =>
      g.privileges.map((privilege) => ({
        privilege,
        objectKind: g.objectKind,
        object: filled(g.object),
        grantee: filled(g.grantee),
        template: g,
        optional: g.optional === true,
      })),
    );
}
