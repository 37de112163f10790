// The one answer to "what kind of document is this?" for the CLI, the language server and the tests.
//
// Order of evidence: the editor's language (the user can change it) or else the file name decides the
// format (JSON, SQL, Terraform, YAML); an explicit choice — `--policy-type` on a named file, a
// `policyTypes` entry (the editor's per-file picker writes these), a `policyFiles` or `sqlFiles` glob —
// decides the kind among those the format can hold, whatever the text says; only then is the content
// read. Glob matching is file-system work, so callers pass the globs that matched, not the globs.

import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { HostKind } from './hosts/lintHost';
import { looksLikeCloudFormation } from './hosts/cloudformation';
import type { PolicyType } from './iam/policyType';
import { isPermissionScript } from './redshift/detect';
import type { DocumentKind } from './types';

export type DetectedKind = 'iam-policy' | 'terraform' | 'cloudformation' | 'redshift-sql' | 'none';

export interface Detection {
  kind: DetectedKind;
  /** Why, in a few words: "top-level "Statement" key", "--policy-type identity", "matches policyFiles glob **\/*.policy.json". */
  reason: string;
  /** The user chose the kind (flag, config, picker); the content was not consulted. */
  explicit: boolean;
  /** For a policy: the type given by the user; absent → the parser infers it from the content. */
  policyType?: PolicyType;
  /** Where `policyType` comes from ("--policy-type", "policyTypes entry roles/*.json", …). */
  policyTypeReason?: string;
}

/** What the configuration says about this one file, with the globs already matched by the caller. */
export interface DetectConfig {
  /** The `policyFiles` glob (config file or editor setting) the path matches. */
  policyGlob?: string;
  /** The `sqlFiles` glob the path matches. */
  sqlGlob?: string;
  /** The `.grantcheck.json` `policyTypes` entry the path matches (the per-file picker writes these). */
  policyTypeBinding?: { glob: string; type: PolicyType };
}

export interface DetectOverrides {
  /** The editor's language id; absent on the command line, where the file name decides. */
  languageId?: string;
  /**
   * A policy type from outside the config. `explicit` for `--policy-type` on a file named on the
   * command line (the file is a policy whatever it holds); not for a file found in a directory walk or
   * the editor's workspace-wide `grantcheck.policyType` setting, which type the policies found but
   * make no file a policy (`package.json` stays `package.json`).
   */
  policyType?: { type: PolicyType; source: string; explicit: boolean };
  /** The text is too large to read (the editor's size limit): decide from name, language and explicit choices only. */
  contentUnread?: boolean;
}

/** The format a file's language or name says it has: which kinds it can hold. */
type Format = 'json' | 'sql' | 'terraform' | 'yaml' | 'template' | 'unnamed' | 'foreign-language';

/** VS Code language ids GrantCheck lints, by format (other extensions' ids for the same languages included). */
const LANGUAGE_FORMATS: Readonly<Record<string, Format>> = {
  json: 'json',
  jsonc: 'json',
  sql: 'sql',
  redshift: 'sql',
  'redshift-sql': 'sql',
  terraform: 'terraform',
  hcl: 'terraform',
  tf: 'terraform',
  yaml: 'yaml',
  cloudformation: 'yaml',
  'cfn-yaml': 'yaml',
};

const EXTENSION_FORMATS: readonly [string, Format][] = [
  ['.json', 'json'],
  ['.jsonc', 'json'],
  ['.sql', 'sql'],
  ['.tf', 'terraform'],
  ['.yaml', 'yaml'],
  ['.yml', 'yaml'],
  ['.template', 'template'],
];

/** Whether the editor lints documents of this language id at all. */
export function isLintedLanguage(languageId: string): boolean {
  return Object.prototype.hasOwnProperty.call(LANGUAGE_FORMATS, languageId);
}

function formatOf(path: string | undefined, languageId: string | undefined): { format: Format; said: string } {
  if (languageId !== undefined) {
    const format = Object.prototype.hasOwnProperty.call(LANGUAGE_FORMATS, languageId) ? LANGUAGE_FORMATS[languageId]! : 'foreign-language';
    return { format, said: `editor language ${languageId}` };
  }
  const lower = (path ?? '').toLowerCase();
  for (const [extension, format] of EXTENSION_FORMATS) {
    if (lower.endsWith(extension)) return { format, said: `file name ends in ${extension}` };
  }
  return { format: 'unnamed', said: 'file name says no format' };
}

/**
 * The kind of one document. `path` is the file's path or name (undefined for an untitled buffer).
 * Never throws; reads the text at most once, linearly.
 */
export function detect(text: string, path: string | undefined, config: DetectConfig = {}, overrides: DetectOverrides = {}): Detection {
  const { format, said } = formatOf(path, overrides.languageId);
  const none = (reason: string): Detection => ({ kind: 'none', reason, explicit: false });
  if (format === 'foreign-language') return none(`${said} is not one GrantCheck lints`);
  if (format === 'terraform') return { kind: 'terraform', reason: said, explicit: false };

  const sqlChoice = config.sqlGlob !== undefined ? `matches sqlFiles glob ${config.sqlGlob}` : undefined;
  const policyChoice = explicitPolicyChoice(format, config, overrides);
  if ((format === 'sql' || format === 'unnamed') && sqlChoice) return { kind: 'redshift-sql', reason: sqlChoice, explicit: true };
  if (policyChoice) return { kind: 'iam-policy', reason: policyChoice, explicit: true, ...policyTypeOf(config, overrides) };
  if (overrides.contentUnread) return none('not read: larger than the size limit');

  if (format === 'sql') {
    return isPermissionScript(text)
      ? { kind: 'redshift-sql', reason: 'a GRANT, REVOKE, CREATE/ALTER USER, ROLE or GROUP, ALTER DEFAULT PRIVILEGES, RLS or masking policy, datashare or OWNER TO statement', explicit: false }
      : none('SQL without GRANT, REVOKE, CREATE/ALTER USER, ROLE or GROUP, ALTER DEFAULT PRIVILEGES, RLS or masking policy, datashare or OWNER TO');
  }
  if (format === 'yaml' || format === 'template') {
    // A .template file may be JSON; a YAML file is only ever a template here (policies are JSON).
    if (format === 'template' && text.trimStart().startsWith('{')) return jsonByContent(text, config, overrides);
    return looksLikeCloudFormation(text)
      ? { kind: 'cloudformation', reason: 'AWSTemplateFormatVersion or Resources of AWS:: types', explicit: false }
      : none('YAML that is not a CloudFormation template (no AWSTemplateFormatVersion or AWS:: resources)');
  }
  return jsonByContent(text, config, overrides);
}

/** The reason a policy was chosen explicitly for a file that can hold one, or undefined. */
function explicitPolicyChoice(format: Format, config: DetectConfig, overrides: DetectOverrides): string | undefined {
  // Only JSON, or a file whose name names no format (the user named it), can be a policy by choice:
  // a policyTypes glob such as `roles/**` must not turn roles/main.tf or roles/grants.sql into JSON.
  if (format !== 'json' && format !== 'unnamed') return undefined;
  const override = overrides.policyType;
  if (override?.explicit) return `${override.source} ${override.type}`;
  if (config.policyTypeBinding) return `policyTypes entry ${config.policyTypeBinding.glob} (${config.policyTypeBinding.type})`;
  // policyFiles globs such as `**/policies/**/*.json` name JSON; they never claimed other files.
  if (config.policyGlob !== undefined && format === 'json') return `matches policyFiles glob ${config.policyGlob}`;
  return undefined;
}

function policyTypeOf(config: DetectConfig, overrides: DetectOverrides): Pick<Detection, 'policyType' | 'policyTypeReason'> {
  // The type given for this run or this editor wins over the config file's entry (as before detection was one module).
  if (overrides.policyType) return { policyType: overrides.policyType.type, policyTypeReason: overrides.policyType.source };
  if (config.policyTypeBinding) return { policyType: config.policyTypeBinding.type, policyTypeReason: `policyTypes entry ${config.policyTypeBinding.glob}` };
  return {};
}

function jsonByContent(text: string, config: DetectConfig, overrides: DetectOverrides): Detection {
  const shape = jsonShape(text);
  if (shape.statement) return { kind: 'iam-policy', reason: 'top-level "Statement" key', explicit: false, ...policyTypeOf(config, overrides) };
  if (shape.template) return { kind: 'cloudformation', reason: shape.template, explicit: false };
  return {
    kind: 'none',
    reason: shape.object
      ? 'JSON without a top-level "Statement" (policy) or "AWSTemplateFormatVersion"/"Resources" (CloudFormation) key'
      : 'not a JSON object',
    explicit: false,
  };
}

interface JsonShape {
  object: boolean;
  statement: boolean;
  /** Why the JSON is a CloudFormation template, when it is one. */
  template?: string;
}

/**
 * The top level of a JSON text, read with jsonc-parser's scanner: no tree, no recursion, one pass that
 * stops at the root's closing brace. Only top-level keys count: `AWSTemplateFormatVersion` in a Sid or
 * an ARN is a string, not a key, and a `Statement` nested in another object is not a policy.
 */
function jsonShape(text: string): JsonShape {
  const scanner = createScanner(text, true);
  if (scanner.scan() !== SyntaxKind.OpenBraceToken) return { object: false, statement: false };
  /** Open containers; `key` is the last key read in an object. */
  const stack: { object: boolean; key?: string }[] = [{ object: true }];
  let expectKey = true;
  let pendingKey: string | undefined;
  let template: string | undefined;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF && stack.length > 0; token = scanner.scan()) {
    const top = stack[stack.length - 1]!;
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        stack.push({ object: token === SyntaxKind.OpenBraceToken });
        expectKey = token === SyntaxKind.OpenBraceToken;
        pendingKey = undefined;
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop();
        expectKey = false;
        pendingKey = undefined;
        break;
      case SyntaxKind.CommaToken:
        expectKey = top.object;
        pendingKey = undefined;
        break;
      case SyntaxKind.ColonToken:
        if (pendingKey !== undefined && top.object) {
          top.key = pendingKey;
          if (stack.length === 1 && pendingKey === 'Statement') return { object: true, statement: true };
          if (stack.length === 1 && pendingKey === 'AWSTemplateFormatVersion') template ??= 'top-level "AWSTemplateFormatVersion" key';
        }
        pendingKey = undefined;
        expectKey = false;
        break;
      case SyntaxKind.StringLiteral:
        if (top.object && expectKey) {
          pendingKey = scanner.getTokenValue();
        } else if (stack.length === 3 && stack[0]!.key === 'Resources' && stack[1]!.key !== undefined && top.key === 'Type' && scanner.getTokenValue().startsWith('AWS::')) {
          // Resources → <logical id> → "Type": "AWS::S3::Bucket"
          template ??= 'top-level "Resources" with AWS:: resource types';
        }
        expectKey = false;
        break;
      default:
        pendingKey = undefined;
        expectKey = false;
    }
  }
  return { object: true, statement: false, ...(template ? { template } : {}) };
}

/** What the engine's lintText needs for a detected kind; undefined when GrantCheck does not lint it. */
export function lintTarget(detection: Detection): { kind: DocumentKind; host?: HostKind; policyType?: PolicyType } | undefined {
  switch (detection.kind) {
    case 'iam-policy':
      return { kind: 'iam-policy', ...(detection.policyType ? { policyType: detection.policyType } : {}) };
    case 'redshift-sql':
      return { kind: 'redshift-sql' };
    case 'terraform':
    case 'cloudformation':
      return { kind: 'iam-policy', host: detection.kind };
    default:
      return undefined;
  }
}
