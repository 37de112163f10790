// Lints the policies embedded in a Terraform or CloudFormation file with the ordinary IAM rules, in host coordinates.

import type { IamData } from '../data/iamData';
import { buildIamDocument, type IamDocument } from '../iam/document';
import { LineIndex, applyEdits } from '../text';
import type { Finding, Fix, SeverityOverride } from '../types';
import { extractCloudFormationPolicies, looksLikeCloudFormation } from './cloudformation';
import { insideOpaque, type EmbeddedPolicy } from './embedded';
import { extractTerraformPolicies } from './terraform';

export type HostKind = 'terraform' | 'cloudformation';

/** Which host format a file is, from its name and (for YAML/JSON) its content. */
export function detectHost(fileName: string | undefined, text: string): HostKind | undefined {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.tf')) return 'terraform';
  if (/\.(ya?ml|template|json|jsonc)$/.test(lower) && looksLikeCloudFormation(text)) return 'cloudformation';
  return undefined;
}

export function extractPolicies(host: HostKind, text: string): EmbeddedPolicy[] {
  return host === 'terraform' ? extractTerraformPolicies(text) : extractCloudFormationPolicies(text);
}

export interface HostLintOptions {
  data: IamData;
  severities?: Readonly<Record<string, SeverityOverride>>;
  runRules: (doc: IamDocument, lines: LineIndex) => Finding[];
}

export interface HostLintResult {
  policies: { policy: EmbeddedPolicy; doc: IamDocument }[];
  findings: Finding[];
}

export function lintHostText(host: HostKind, text: string, options: HostLintOptions): HostLintResult {
  const lines = new LineIndex(text);
  const policies = extractPolicies(host, text);
  const findings: Finding[] = [];
  const docs: HostLintResult['policies'] = [];
  const fixCheck: FixCheck = { policyCount: policies.length, left: MAX_CHECKED_FIXES };
  for (const policy of policies) {
    const doc = buildIamDocument(text, policy.root, [], policy.policyType);
    doc.host = { kind: host, label: policy.label };
    docs.push({ policy, doc });
    for (const finding of options.runRules(doc, lines)) {
      // No finding may rest on a value GrantCheck cannot know (var.x, !Ref X).
      if (insideOpaque(policy.opaque, finding.start, finding.end)) continue;
      findings.push({ ...finding, fixes: finding.fixes.flatMap((fix) => hostFix(fix, policy, host, text, fixCheck)) });
    }
  }
  return { policies: docs, findings };
}

/**
 * Fixes checked per host file. Each check re-parses the whole file, so a file with thousands of small
 * policies, each with a fix, took quadratic time (400 policies in 92 KB: 9 s); past this many, fixes are
 * dropped and their findings kept (fix-all on save fixes the rest on the next saves).
 */
export const MAX_CHECKED_FIXES = 50;

interface FixCheck {
  /** Policies in the unedited file. */
  policyCount: number;
  /** Checks still allowed. */
  left: number;
}

/**
 * Rules write fixes in JSON syntax. In JSON heredocs and CloudFormation JSON they apply as they are;
 * inside `jsonencode({...})` JSON syntax is valid HCL (`"k": v`, `[a, b]`) once `${` is escaped; in
 * YAML and in aws_iam_policy_document blocks only replacements of a single string value are safe.
 * Every kept fix must leave the host with the same number of policies.
 */
function hostFix(fix: Fix, policy: EmbeddedPolicy, host: HostKind, text: string, check: FixCheck): Fix[] {
  let edits = fix.edits;
  if (policy.syntax === 'hcl') {
    edits = edits.map((e) => ({ ...e, newText: e.newText.replace(/\$\{/g, '$${') }));
  } else if (policy.syntax === 'yaml' || policy.syntax === 'hcl-data-source') {
    const converted = edits.map((e) => insideScalarEdit(e, policy) ?? stringReplacement(e, text, policy.syntax));
    if (converted.some((e) => e === undefined)) return [];
    edits = converted as Fix['edits'];
  }
  if (edits.some((e) => insideOpaque(policy.opaque, e.start, e.end) && e.end > e.start)) return [];
  if (check.left <= 0) return [];
  check.left--;
  if (extractPolicies(host, applyEdits(text, edits)).length !== check.policyCount) return [];
  return [{ ...fix, edits }];
}

/** Characters that need no quoting or escaping in a YAML plain scalar or an HCL string. */
const SAFE_SCALAR_TEXT = /^[A-Za-z0-9_.:*?/-]*$/;

/** An edit inside one string value (e.g. `GetObjects` → `GetObject`) that inserts only safe characters. */
function insideScalarEdit(edit: Fix['edits'][number], policy: EmbeddedPolicy): Fix['edits'][number] | undefined {
  if (!SAFE_SCALAR_TEXT.test(edit.newText)) return undefined;
  const stack = [policy.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'string' && node.length > 0 && edit.start >= node.offset && edit.end <= node.offset + node.length) {
      // Not the quotes themselves: strictly inside the token when it is quoted.
      return edit;
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return undefined;
}

/** A replacement of one quoted string token, rewritten in the host's quoting; undefined when not that. */
function stringReplacement(edit: Fix['edits'][number], text: string, syntax: EmbeddedPolicy['syntax']) {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(edit.newText) || edit.end <= edit.start) return undefined;
  const original = text.slice(edit.start, edit.end);
  const value = JSON.parse(edit.newText) as string;
  if (syntax === 'hcl-data-source') {
    if (!original.startsWith('"')) return undefined;
    return { ...edit, newText: edit.newText.replace(/\$\{/g, '$${') };
  }
  // YAML: keep the original style when it can hold the value.
  if (original.startsWith('"')) return edit;
  if (original.startsWith("'")) return { ...edit, newText: `'${value.replace(/'/g, "''")}'` };
  if (/^[A-Za-z0-9_./:*?-][A-Za-z0-9_./:*?@ -]*$/.test(value) && !/[:#] |^[*?-]|:$/.test(value) && /^[^\s'"!&*[\]{}|>%@`#,]/.test(original)) {
    return { ...edit, newText: value };
  }
  return edit; // a JSON double-quoted string is valid YAML
}
