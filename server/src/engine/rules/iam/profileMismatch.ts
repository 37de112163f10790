// iam/profile-mismatch: the document contradicts its profile binding — another bucket or principal than the bound one,
// a value the profile forbids sharing with another binding (separate source and destination buckets), or a bad binding.

import type { IamDocument, StrValue } from '../../iam/document';
import { resolveBinding, type ResolvedBinding } from '../../profiles/binding';
import { principalShape } from '../../profiles/requirements';
import { isIamProfile, type IamProfile, type PlaceholderSpec, type ProfileBinding } from '../../profiles/types';
import { resourceMatches } from '../../iam/wildcard';
import type { IamRule, RuleContext } from '../rule';
import { replaceValue } from '../../iam/edits';

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/*?]+)(?:\/.*)?$/;

export const profileMismatch: IamRule = {
  id: 'iam/profile-mismatch',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'The document contradicts its profile binding: a bucket or principal other than the bound one, a value the profile requires to differ from another binding\'s, an unknown profile or an invalid bound value.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    unknownProfile: 'Unknown profile "{{profile}}" in the binding of this document (`grantcheck profiles` lists the known ones).',
    invalidBinding: 'Binding to {{profile}}: {{problem}}.',
    sharedBoundValue: '{{name}} "{{value}}" is also the {{otherName}} of the {{otherProfile}} binding: {{why}}',
    otherBindingValue: '"{{value}}" is the {{otherName}} of the {{otherProfile}} binding, not this document\'s {{name}}: {{why}}',
    otherBucket: 'Bucket "{{bucket}}" is not the bound {{names}} of profile {{profile}}.',
    otherPrincipal: 'Principal "{{value}}" is not the bound principal {{expected}} of profile {{profile}}.',
  },
  check(context) {
    const binding = context.profile;
    if (!binding) return;
    const anchor = context.doc.statementProperty?.children?.[0];
    const at = anchor ? { start: anchor.offset, end: anchor.offset + anchor.length } : { start: 0, end: 0 };
    const resolved = resolveBinding(binding, context.profiles);
    if (!resolved) {
      context.report({ ...at, messageId: 'unknownProfile', data: { profile: binding.id } });
      return;
    }
    for (const problem of resolved.problems) context.report({ ...at, messageId: 'invalidBinding', data: { profile: binding.id, problem } });
    if (!isIamProfile(resolved.profile)) return;
    checkSharedValues(context, resolved, context.relatedProfiles ?? [], at);
    checkBuckets(context, resolved.profile, resolved);
    checkPrincipals(context, resolved.profile, resolved);
  },
};

/** A bound value equal to a value another binding must not share (e.g. one bucket for source and destination). */
function checkSharedValues(context: RuleContext<IamDocument>, resolved: ResolvedBinding, related: readonly ProfileBinding[], at: { start: number; end: number }): void {
  for (const spec of resolved.profile.placeholders) {
    const value = resolved.values[spec.name];
    for (const rule of spec.mustDifferFrom ?? []) {
      const other = related.find((b) => b.id === rule.profile && b.values[rule.placeholder] !== undefined);
      const otherValue = other?.values[rule.placeholder];
      if (!otherValue) continue;
      // The clash in the bound values themselves.
      if (value !== undefined && value === otherValue) {
        const where = firstMention(context.doc, value) ?? at;
        context.report({ ...where, messageId: 'sharedBoundValue', data: { name: spec.name, value, otherName: rule.placeholder, otherProfile: rule.profile, why: rule.why } });
        continue;
      }
      // The other binding's value used in this document.
      for (const mention of mentions(context.doc, otherValue, spec)) {
        context.report({
          start: mention.start,
          end: mention.end,
          messageId: 'otherBindingValue',
          data: { value: otherValue, otherName: rule.placeholder, otherProfile: rule.profile, name: spec.name, why: rule.why },
        });
      }
    }
  }
}

/** S3 ARNs naming a concrete bucket that is none of the profile's bound buckets. */
function checkBuckets(context: RuleContext<IamDocument>, profile: IamProfile, resolved: ResolvedBinding): void {
  const bucketSpecs = profile.placeholders.filter((p) => p.validation === 's3-bucket' && resolved.values[p.name] !== undefined);
  if (bucketSpecs.length === 0) return;
  const bound = bucketSpecs.map((p) => resolved.values[p.name]!);
  const statements = context.doc.statements;
  for (let s = 0; s < statements.length; s++) {
    const statement = statements[s]!;
    if (statement.resource?.key !== 'Resource') continue;
    for (const value of statement.resource.values) {
      const bucket = S3_ARN.exec(value.value)?.[1];
      if (!bucket || bound.includes(bucket)) continue;
      const [first] = bucketSpecs;
      const names = bucketSpecs.map((p) => `${p.name} "${resolved.values[p.name]}"`).join(' or ');
      const replacement = value.value.replace(`:::${bucket}`, `:::${resolved.values[first!.name]}`);
      context.report({
        start: value.start,
        end: value.end,
        messageId: 'otherBucket',
        data: { bucket, names, profile: profile.id },
        // A suggestion: it replaces the author's bucket, and the binding may be what is wrong.
        suggestions: bucketSpecs.length === 1 ? [{ title: `Use bucket ${resolved.values[first!.name]}`, edits: [replaceValue(value.node, replacement)] }] : [],
      });
    }
  }
}

/** Concrete AWS principals that are neither a bound principal nor its account. */
function checkPrincipals(context: RuleContext<IamDocument>, profile: IamProfile, resolved: ResolvedBinding): void {
  const templates = profile.statements.filter((s) => s.principal?.type === 'AWS').map((s) => s.principal!.value);
  if (templates.length === 0) return;
  const patterns = [...new Set(templates.map((t) => principalShape(t, resolved.values)))];
  // Unbound principals (a `*` beyond the open partition) accept anyone.
  if (patterns.every((p) => p.replace(/^arn:aws\*:/, '').includes('*'))) return;
  const statements = context.doc.statements;
  for (let s = 0; s < statements.length; s++) {
    const statement = statements[s]!;
    if (statement.effect?.value !== 'Allow' || statement.principal?.key !== 'Principal') continue;
    for (const entry of statement.principal.entries) {
      if (entry.type !== 'AWS' || entry.value.value.includes('*')) continue;
      const value = entry.value.value;
      if (patterns.some((p) => resourceMatches(p, value) || sameAccountRoot(p, value))) continue;
      const expected = patterns.map((p) => p.replace(/^arn:aws\*:/, 'arn:aws:')).join(' or ');
      context.report({ start: entry.value.start, end: entry.value.end, messageId: 'otherPrincipal', data: { value, expected, profile: profile.id } });
    }
  }
}

export function sameAccountRoot(pattern: string, value: string): boolean {
  const account = /^arn:[^:]*:iam::(\d{12}):/.exec(pattern.replace(/^arn:aws\*:/, 'arn:aws:'))?.[1];
  if (account === undefined) return false;
  // `arn:aws…:iam::<account>:root`, tested piecewise (no RegExp is built from a value).
  const suffix = `:iam::${account}:root`;
  const partitionTail = value.slice('arn:aws'.length, value.length - suffix.length);
  return value === account || (value.startsWith('arn:aws') && value.endsWith(suffix) && value.length >= 'arn:aws'.length + suffix.length && /^[a-z-]*$/.test(partitionTail));
}

/** Resource values (and principal values) of the document that mention a bound value of this kind. */
function mentions(doc: IamDocument, value: string, spec: PlaceholderSpec): StrValue[] {
  const found: StrValue[] = [];
  for (const statement of doc.statements) {
    for (const v of statement.resource?.values ?? []) {
      if (spec.validation === 's3-bucket' ? S3_ARN.exec(v.value)?.[1] === value : v.value.includes(value)) found.push(v);
    }
  }
  return found;
}

function firstMention(doc: IamDocument, value: string): { start: number; end: number } | undefined {
  for (const statement of doc.statements) {
    for (const v of statement.resource?.values ?? []) if (v.value.includes(value)) return { start: v.start, end: v.end };
  }
  return undefined;
}
