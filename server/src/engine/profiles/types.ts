// Profile types: the documented permission requirements of one data tool's artifact, as plain data.
// They mirror profile.schema.json (the published format of profile files); test/unit/profile-schema.test.ts checks
// that every interface and union here has the same properties, optionality and values as the schema.

/** What kind of document an artifact is (and so which linter and snippet language it uses). */
export type ProfileDocumentKind = 'identity' | 'resource' | 'trust' | 'kms-key' | 'redshift-sql';

/** How a placeholder value is validated (see validation.ts). */
export type PlaceholderValidation =
  | 's3-bucket'
  | 's3-prefix'
  | 'name-prefix'
  | 'resource-name'
  | 'account-id'
  | 'region'
  | 'iam-role-arn'
  | 'iam-principal-arn'
  | 'kms-key-arn'
  | 'redshift-identifier'
  | 'redshift-password'
  | 'external-id';

export interface PlaceholderSpec {
  /** camelCase name used in templates (`${sourceBucket}`) and in `.grantcheck.json` `values`. */
  name: string;
  /** kebab-case label shown in snippets (`${1:source-bucket}`). */
  label: string;
  description: string;
  validation: PlaceholderValidation;
  /** Value used when none is given (e.g. the vendor's default `tonic-` name prefix). */
  default?: string;
  /** A valid example value: used by tests and shown as a hint. */
  example: string;
  /** Placeholders of other profiles this value must never equal (e.g. separate source and destination buckets). */
  mustDifferFrom?: { profile: string; placeholder: string; why: string }[];
}

/** A principal as a template, e.g. `{ type: 'AWS', value: '${agentRoleArn}' }`. */
export interface PrincipalTemplate {
  type: 'AWS' | 'Service';
  value: string;
}

/**
 * One statement of the artifact's document. Every action of a non-optional statement is required
 * on the statement's resource shape (see requirements.ts for how "*" is narrowed to the action's
 * own resource types).
 */
export interface StatementTemplate {
  sid?: string;
  principal?: PrincipalTemplate;
  actions: string[];
  /** Resource templates with `${placeholder}`s. */
  resources: string[];
  condition?: Record<string, Record<string, string[]>>;
  /** Part of the published document but not required (e.g. the key administrators' statement). */
  optional?: boolean;
  /** Why the statement is there, shown by `profiles show` and the requirements table. */
  why?: string;
}

/** Redshift object a grant is on. `all-tables` = `ALL TABLES IN SCHEMA <name>`. */
export type RedshiftObjectKind = 'database' | 'schema' | 'table' | 'all-tables';

export interface GrantTemplate {
  privileges: string[];
  objectKind: RedshiftObjectKind;
  /** Object name template, e.g. `${schema}` or `pg_catalog.svv_table_info`. */
  object: string;
  grantee: string;
  optional?: boolean;
  why?: string;
}

/** `CREATE USER` and user options a Redshift profile needs. */
export interface UserTemplate {
  name: string;
  password: string;
  /** Options written after the password (e.g. `CREATEUSER`, `SYSLOG ACCESS UNRESTRICTED`). */
  options: string[];
  why?: string;
}

export interface ProfileSource {
  /** The vendor's public page the requirements come from. */
  url: string;
  title: string;
  /** The date (YYYY-MM-DD) the requirements were last checked against the page. */
  checked: string;
}

/** A place where the published page is wrong, and what the profile holds instead. */
export interface ProfileCorrection {
  published: string;
  corrected: string;
  why: string;
}

interface ProfileBase {
  /** `vendor/component`, stable. */
  id: string;
  title: string;
  vendor: string;
  vendorTitle: string;
  source: ProfileSource;
  placeholders: PlaceholderSpec[];
  notes: string[];
  corrections: ProfileCorrection[];
}

export interface IamProfile extends ProfileBase {
  kind: 'identity' | 'resource' | 'trust' | 'kms-key';
  statements: StatementTemplate[];
}

export interface RedshiftProfile extends ProfileBase {
  kind: 'redshift-sql';
  user?: UserTemplate;
  grants: GrantTemplate[];
}

export type Profile = IamProfile | RedshiftProfile;

/** A profile as written in a profile file: vendor and vendorTitle are the file's. */
export type ProfileEntry = Omit<IamProfile, 'vendor' | 'vendorTitle'> | Omit<RedshiftProfile, 'vendor' | 'vendorTitle'>;

/** A profile file (one per tool): the format profile.schema.json describes. */
export interface ProfileFile {
  $schema?: string;
  vendor: string;
  vendorTitle: string;
  profiles: ProfileEntry[];
}

/** A profile bound to a document: the profile id and the placeholder values the user gave. */
export interface ProfileBinding {
  id: string;
  values: Readonly<Record<string, string>>;
}

export function isIamProfile(profile: Profile): profile is IamProfile {
  return profile.kind !== 'redshift-sql';
}

/** The actions an IAM profile requires: those of its non-optional statements, each once, in the profile's order. */
export function requiredActionNames(profile: IamProfile): string[] {
  return [...new Set(profile.statements.filter((s) => !s.optional).flatMap((s) => s.actions))];
}
