// Does an IAM document grant a profile's required action? Evaluated with the local IAM evaluator on concrete witnesses.
//
// Shape-wise with unbound values: for each Allow statement's Resource entry we build one ARN that the
// entry, the requirement's shape and the action's resource type all match (see witness.ts) and ask
// the evaluator (iam/evaluate.ts) about that ARN. So "ListBucket on some bucket" is granted by a
// statement on `arn:aws:s3:::acme`, and an explicit Deny that covers the witness takes it away.
// A sample name could instead collide with (or miss) a user's real names; a shape never guesses.

import type { IamData } from '../data/iamData';
import { actionCanUseResource } from '../iam/applicability';
import type { IamDocument, Statement } from '../iam/document';
import { evaluateStatements, type StatementEvaluation } from '../iam/evaluate';
import { resourceMatches } from '../iam/wildcard';
import type { RequiredAction } from './requirements';
import { commonInstance, type Pattern, type Token } from './witness';

export interface ActionGrantStatus {
  granted: boolean;
  /** Statement indexes (document order) that allow it. */
  allowedBy: number[];
  /** Statement index of an explicit Deny that removes it. */
  deniedBy?: number;
  /** Allowed only under conditions the document cannot decide alone (keys from the request). */
  conditional: boolean;
}

/**
 * Evaluates one required action against a document. An Allow only counts through a Resource entry
 * the action can apply to (iam/applicability.ts, the same judgement as iam/resource-type-mismatch):
 * `s3:GetBucketLocation` on `bucket/*` matches the wildcard text but never grants the action.
 */
export function grantStatus(doc: IamDocument, requirement: RequiredAction, data: IamData): ActionGrantStatus {
  const usable = usableEntry(data, requirement.action);
  let deniedBy: number | undefined;
  for (const resource of witnesses(doc, requirement)) {
    const evaluations = evaluateStatements(doc, requirement.action, resource);
    const applicable = evaluations.filter((e) => principalCovers(doc.statements[e.index], requirement));
    const deny = applicable.find((e) => e.effect === 'Deny' && e.matched && resourceApplies(doc, e));
    const allows = applicable.filter((e) => e.effect === 'Allow' && allowsUpToContext(doc, e) && (e.resourceValue === undefined || usable(e.resourceValue)));
    if (deny) {
      deniedBy ??= deny.index;
      continue;
    }
    if (allows.length > 0) {
      return { granted: true, allowedBy: allows.map((a) => a.index), conditional: allows.every((a) => !a.matched) };
    }
  }
  return { granted: false, allowedBy: [], conditional: false, ...(deniedBy !== undefined ? { deniedBy } : {}) };
}

/**
 * An Allow that matches action and resource, and whose conditions hold or depend only on request
 * keys we do not have (a conditional grant is still a grant of the action). Statements without a
 * Resource (trust policies) match any resource.
 */
function allowsUpToContext(doc: IamDocument, e: StatementEvaluation): boolean {
  if (!e.actionMatched || !resourceApplies(doc, e)) return false;
  return e.conditions.every((c) => c.holds || c.keyMissing);
}

function resourceApplies(doc: IamDocument, e: StatementEvaluation): boolean {
  return e.resourceMatched || doc.statements[e.index]?.resource === undefined;
}

/** Whether a Resource entry can ever apply to the action (unknown actions: always). */
export function usableEntry(data: IamData, action: string): (pattern: string) => boolean {
  const [service, name] = action.split(':');
  const info = service && name && !action.includes('*') ? data.action(service, name) : undefined;
  return info ? (pattern) => actionCanUseResource(data, info, pattern) : () => true;
}

/** Concrete resources to evaluate: one per (shape, type shape, Resource entry) that can meet. */
export function witnesses(doc: IamDocument, requirement: RequiredAction): string[] {
  const found = new Set<string>();
  if (requirement.everyResource || (requirement.resources.length === 0 && requirement.templates.length === 0)) found.add('*');
  const typeShapes: (readonly Token[] | undefined)[] = requirement.typeShapes ?? [undefined];
  for (const shape of requirement.resources) {
    for (const typeShape of typeShapes) {
      const base: Pattern[] = typeShape ? [shape, typeShape] : [shape];
      for (const statement of doc.statements) {
        if (statement.effect?.value !== 'Allow' || statement.resource?.key !== 'Resource') continue;
        for (const value of statement.resource.values) {
          const instance = commonInstance([...base, value.value]) ?? typedPairInstance(shape, typeShape, value.value);
          if (instance !== undefined) found.add(instance);
        }
      }
      const alone = commonInstance(base);
      if (alone !== undefined) found.add(alone);
    }
  }
  return [...found];
}

/**
 * A witness of the requirement's shape and one Resource entry that the action's resource type also matches. The
 * three-way search gives up on long ARNs (its state space is the product of the three lengths: an MSK topic ARN
 * with a cluster UUID against Kafka's topic shape is over budget), and a missed witness would be a false
 * "not granted". Searching the pair first and checking the type on the one string found stays within budget; it
 * can only add witnesses the full search would also accept, never a grant that is not there.
 */
function typedPairInstance(shape: readonly Token[], typeShape: readonly Token[] | undefined, value: string): string | undefined {
  if (!typeShape) return undefined;
  const instance = commonInstance([shape, value]);
  return instance !== undefined && commonInstance([typeShape, instance]) !== undefined ? instance : undefined;
}

/**
 * Does a statement's Principal include the principal the profile requires? An account (root ARN
 * or bare id) includes its roles; `*` includes everyone; an unbound required value (a pattern)
 * accepts any principal of its type. NotPrincipal is not judged (never a false "missing").
 */
export function principalCovers(statement: Statement | undefined, requirement: RequiredAction): boolean {
  const required = requirement.principal;
  if (!required) return true;
  if (!statement?.principal) return false;
  if (statement.principal.key === 'NotPrincipal') return true;
  return statement.principal.entries.some((entry) => {
    const value = entry.value.value;
    if (entry.type === '*' || value === '*') return true;
    if (entry.type !== required.type) return false;
    if (required.type === 'Service') return resourceMatches(required.value.toLowerCase(), value.toLowerCase());
    if (resourceMatches(required.value, value)) return true;
    const account = wholeAccount(value);
    return account !== undefined && accountOf(required.value) === account;
  });
}

/** The account a principal value names as a whole: `123456789012` or `arn:…:iam::123456789012:root`. */
function wholeAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:[^:]*:iam::(\d{12}):root$/.exec(value)?.[1];
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}
