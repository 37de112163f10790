// Unfilled documentation placeholders (`<bucket>`, `${region}`, `YOUR_ACCOUNT_ID`) vs real IAM policy variables.
// Policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// Template leftovers: a plain policy that still holds `${AWS::AccountId}` (a CloudFormation pseudo parameter,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html) or `${var.x}` (a
// Terraform interpolation, https://developer.hashicorp.com/terraform/language/expressions/strings#interpolation) was
// copied from a template without being rendered. Inside a template those are expressions, which the host adapters
// describe as unknown pieces (iam/values.ts): they never reach the text scanned here.

export interface PlaceholderMatch {
  /** Offsets inside the string value (not the JSON token). */
  start: number;
  end: number;
  text: string;
}

/** What a `${…}` span written in a policy is, by its body (the text between `${` and `}`). */
export type DollarBraceKind =
  /** `${*}`, `${?}`, `${$}`: the literal characters. */
  | 'special'
  /** `${}` or only spaces: an empty policy variable. */
  | 'empty'
  /** `${aws:username}`, `${s3:prefix}`, `${saml:sub}`, `${www.amazon.com:user_id}` (possibly misspelt or malformed). */
  | 'policy-variable'
  /** `${AWS::AccountId}`, `${var.x}`: an expression of a template language, left unrendered. */
  | 'template-leftover'
  /** `${region}`, `${BucketName}`: a template or documentation variable. */
  | 'template-variable';

/** A policy variable names a condition key: `prefix:name`, where the prefix is a service or an identity provider. */
const POLICY_VARIABLE_BODY = /^\s*[A-Za-z0-9][A-Za-z0-9._\/-]*\s*:(?!:)/;
/** CloudFormation pseudo parameters (`AWS::AccountId`, `AWS::Region`, `AWS::Partition`, `AWS::URLSuffix`, …). */
const PSEUDO_PARAMETER = /^AWS::[A-Za-z]+$/;
/** Terraform references: `var.x`, `local.x`, `data.type.name.attr`, `module.m.out`, and the other named values. */
const TERRAFORM_REFERENCE = /^(var|local|data|module|each|count|path|terraform|self)\.[A-Za-z_]/;
/** A Terraform resource attribute, `aws_s3_bucket.logs.arn`. */
const TERRAFORM_RESOURCE_ATTRIBUTE = /^aws_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_]/;

const TERRAFORM_NAMED_VALUES: Readonly<Record<string, string>> = {
  var: 'a Terraform input variable',
  local: 'a Terraform local value',
  data: 'a Terraform data source attribute',
  module: 'a Terraform module output',
};

/** What a `${…}` span is, from its body. */
export function dollarBraceKind(body: string): DollarBraceKind {
  if (body === '*' || body === '?' || body === '$') return 'special';
  if (body.trim() === '') return 'empty';
  if (templateSyntax(body) !== undefined) return 'template-leftover';
  return POLICY_VARIABLE_BODY.test(body) ? 'policy-variable' : 'template-variable';
}

/** For a template leftover's body, the template construct it is (for messages), e.g. "a CloudFormation pseudo parameter". */
export function templateSyntax(body: string): string | undefined {
  if (PSEUDO_PARAMETER.test(body)) return 'a CloudFormation pseudo parameter';
  const named = TERRAFORM_REFERENCE.exec(body);
  if (named) return TERRAFORM_NAMED_VALUES[named[1]!] ?? 'a Terraform expression';
  if (TERRAFORM_RESOURCE_ATTRIBUTE.test(body)) return 'a Terraform resource attribute';
  return undefined;
}

/** Whether a `${…}` span with this body is a placeholder (left for a person to fill) rather than IAM's. */
function isPlaceholderBody(body: string): boolean {
  const kind = dollarBraceKind(body);
  return kind === 'template-leftover' || kind === 'template-variable';
}

/** A pattern match that is not a placeholder: a policy variable (or an empty `${}`, iam/policy-variable's). */
function isIamSpan(text: string): boolean {
  return text.startsWith('${') && !isPlaceholderBody(text.slice(2, -1));
}

/** The placeholder patterns (exported for the test that holds PLACEHOLDER_QUICK_CHECK to them). */
export const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /<[^<>\r\n]{1,100}>/g,
  /\$\{[^}\r\n]{0,100}\}/g,
  /\b(?:YOUR|REPLACE|INSERT|ENTER)[_-][A-Z0-9_-]+\b/g,
  // `your-bucket-name`, `your_account`: lower-case "your-" names are sample values, never real resources.
  /\b[Yy]our[_-][A-Za-z0-9_-]+/g,
  /\b(?:REPLACE_?ME|CHANGE_?ME|TODO|FIXME|PLACEHOLDER|XXXXXXXXXXXX|ACCOUNT_?ID|ACCOUNT-ID|BUCKET_?NAME|BUCKET-NAME)\b/g,
  /\{\{[^}\r\n]{1,100}\}\}/g,
];

/**
 * Every match of PLACEHOLDER_PATTERNS contains one of these, in the same letter case (the patterns are case-sensitive but for
 * `[Yy]our`): a value without any is no placeholder. Case-sensitive, so that a bucket named `bucket-1` or an
 * `account` in a path does not send every value through all the patterns (rules ask this of every value).
 */
export const PLACEHOLDER_QUICK_CHECK = /[<{]|YOUR|REPLACE|INSERT|ENTER|[Yy]our[_-]|CHANGE|TODO|FIXME|PLACEHOLDER|XXXX|ACCOUNT|BUCKET/;

/** Placeholders found in a string value, in order, not overlapping. */
export function findPlaceholders(value: string): PlaceholderMatch[] {
  if (!PLACEHOLDER_QUICK_CHECK.test(value)) return [];
  // Sorted by start and disjoint; each pattern's matches come in order, so one cursor finds the overlaps.
  let found: PlaceholderMatch[] = [];
  for (const pattern of PLACEHOLDER_PATTERNS) {
    const added: PlaceholderMatch[] = [];
    let cursor = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      const text = m[0];
      if (isIamSpan(text)) continue;
      const start = m.index;
      const end = start + text.length;
      while (cursor < found.length && found[cursor]!.end <= start) cursor++;
      if (cursor < found.length && found[cursor]!.start < end) continue;
      added.push({ start, end, text });
    }
    if (added.length > 0) found = mergeByStart(found, added);
  }
  return found;
}

function mergeByStart(a: readonly PlaceholderMatch[], b: readonly PlaceholderMatch[]): PlaceholderMatch[] {
  const merged: PlaceholderMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.start < b[j]!.start)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

/** How a placeholder was written, for messages: `<name>`, a template's expression, a `${name}` variable, or a sample word. */
export type PlaceholderKind = 'angle' | 'template-leftover' | 'template-variable' | 'word';

export function placeholderKind(text: string): PlaceholderKind {
  if (text.startsWith('<')) return 'angle';
  if (text.startsWith('${') && text.endsWith('}') && templateSyntax(text.slice(2, -1)) !== undefined) return 'template-leftover';
  if (text.startsWith('${') || text.startsWith('{{')) return 'template-variable';
  return 'word';
}

/** Same as `findPlaceholders(value).length > 0`, stopping at the first one (rules ask this of every value). */
export function hasPlaceholder(value: string): boolean {
  if (!PLACEHOLDER_QUICK_CHECK.test(value)) return false;
  for (const pattern of PLACEHOLDER_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      if (!isIamSpan(m[0])) return true;
    }
  }
  return false;
}

/** True for a real IAM policy variable such as `${aws:username}`, `${*}` (not `${region}`, `${AWS::Region}`, `${}`). */
export function isPolicyVariable(text: string): boolean {
  if (!text.startsWith('${') || !text.endsWith('}') || text.indexOf('}') !== text.length - 1) return false;
  const kind = dollarBraceKind(text.slice(2, -1));
  return kind === 'special' || kind === 'policy-variable';
}
