// iam/missing-required-permission: a document bound to a profile does not allow one of the profile's required actions.
// The profile says what a tool needs (engine/profiles); grants are decided by the local evaluator, Deny included.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import type { IamDocument, Statement } from '../../iam/document';
import { appendValues, insertAfter, type JsonValue, type PolicyEdit } from '../../iam/edits';
import { resolveBinding } from '../../profiles/binding';
import { grantStatus, principalCovers, usableEntry, type ActionGrantStatus } from '../../profiles/grants';
import { requiredActions, insertionOf, type RequiredAction } from '../../profiles/requirements';
import { isIamProfile, type IamProfile } from '../../profiles/types';
import { commonInstance } from '../../profiles/witness';
import type { FixProposal } from '../../types';
import type { IamRule } from '../rule';

export const missingRequiredPermission: IamRule = {
  id: 'iam/missing-required-permission',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'A required action of the profile the document is bound to is not allowed on the resource shape the profile requires (or is removed by an explicit Deny).',
  fixable: false,
  hasSuggestions: true,
  messages: {
    notGranted: 'Profile {{profile}} requires {{action}}{{on}}{{by}}; no Allow statement grants it.',
    denied: 'Profile {{profile}} requires {{action}}{{on}}{{by}}, but {{statement}} denies it.',
  },
  check(context) {
    const resolved = context.profile ? resolveBinding(context.profile, context.profiles) : undefined;
    if (!resolved || !isIamProfile(resolved.profile)) return;
    const { doc } = context;
    if (doc.root?.type !== 'object') return;
    const profile = resolved.profile;
    const requirements = requiredActions(profile, resolved.values, context.data);
    const statuses = requirements.map((r) => grantStatus(doc, r, context.data));
    requirements.forEach((requirement, i) => {
      const status = statuses[i]!;
      if (status.granted) return;
      const holder = statementThatShouldHold(doc, requirement, requirements, statuses);
      const at = holder?.action?.keyNode ?? doc.statementProperty?.children?.[0];
      const start = at ? at.offset : 0;
      const end = at ? at.offset + at.length : 0;
      context.report({
        start,
        end,
        ...messageFor(profile, requirement, status, doc),
        // Suggestions only: each one widens what the policy grants, and where the action goes is a choice.
        suggestions: status.deniedBy !== undefined ? [] : fixesFor(doc, profile, resolved.values, requirement, requirements, statuses, usableEntry(context.data, requirement.action)),
      });
    });
  },
};

function messageFor(profile: IamProfile, requirement: RequiredAction, status: ActionGrantStatus, doc: IamDocument) {
  const on = requirement.insertResources.length > 0 ? ` on ${requirement.insertResources.join(' or ')}` : '';
  const by = requirement.principal ? ` for ${requirement.principal.type} principal ${displayPrincipal(requirement)}` : '';
  const data = { profile: profile.id, action: requirement.action, on, by };
  if (status.deniedBy !== undefined) {
    const deny = doc.statements[status.deniedBy];
    const statement = deny?.sid ? `statement "${deny.sid.value}"` : `statement ${status.deniedBy + 1}`;
    return { messageId: 'denied', data: { ...data, statement } };
  }
  return { messageId: 'notGranted', data };
}

function displayPrincipal(requirement: RequiredAction): string {
  return requirement.principal!.value.replace(/^arn:aws\*:/, 'arn:aws:');
}

/** The statement that grants the requirement's siblings (same profile statement), else undefined. */
function statementThatShouldHold(
  doc: IamDocument,
  requirement: RequiredAction,
  requirements: readonly RequiredAction[],
  statuses: readonly ActionGrantStatus[],
): Statement | undefined {
  const counts = new Map<number, number>();
  requirements.forEach((other, i) => {
    if (other.statementIndex !== requirement.statementIndex || other === requirement) return;
    for (const index of statuses[i]!.allowedBy) counts.set(index, (counts.get(index) ?? 0) + 1);
  });
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  return best ? doc.statements[best[0]] : undefined;
}

function fixesFor(
  doc: IamDocument,
  profile: IamProfile,
  values: Readonly<Record<string, string>>,
  requirement: RequiredAction,
  requirements: readonly RequiredAction[],
  statuses: readonly ActionGrantStatus[],
  usable: (pattern: string) => boolean,
): FixProposal[] {
  const fixes: FixProposal[] = [];
  const target = statementToExtend(doc, requirement, requirements, statuses, usable);
  const append = target ? appendAction(target, requirement.action) : undefined;
  if (target && append) {
    const name = target.sid ? `statement "${target.sid.value}"` : `statement ${target.index + 1}`;
    fixes.push({ title: `Add ${requirement.action} to ${name}`, edits: [append] });
  }
  const statement = newStatement(doc, profile, values, requirement);
  const insert = insertStatement(doc, statement);
  if (insert) fixes.push({ title: `Add a statement allowing ${requirement.action}`, edits: [insert] });
  return fixes;
}

/**
 * An Allow statement that would grant the requirement once the action is added: plain `Action`,
 * no Condition, the required principal, and a Resource entry that meets the required shape.
 * Statements already granting sibling requirements come first, then ones with the same service.
 */
function statementToExtend(
  doc: IamDocument,
  requirement: RequiredAction,
  requirements: readonly RequiredAction[],
  statuses: readonly ActionGrantStatus[],
  usable: (pattern: string) => boolean,
): Statement | undefined {
  const siblings = new Set<number>();
  requirements.forEach((other, i) => {
    if (other.statementIndex === requirement.statementIndex && other !== requirement) for (const s of statuses[i]!.allowedBy) siblings.add(s);
  });
  const service = requirement.action.split(':')[0]!.toLowerCase();
  const rank = (s: Statement): number =>
    siblings.has(s.index) ? 0 : (s.action?.values ?? []).some((v) => v.value.toLowerCase().startsWith(`${service}:`)) ? 1 : 2;
  return doc.statements
    .filter((s) => canExtend(s, requirement, usable))
    .sort((a, b) => rank(a) - rank(b) || a.index - b.index)[0];
}

function canExtend(s: Statement, requirement: RequiredAction, usable: (pattern: string) => boolean): boolean {
  if (s.effect?.value !== 'Allow' || s.action?.key !== 'Action' || s.action.valueNode === undefined) return false;
  if (s.condition || !principalCovers(s, requirement)) return false;
  if (requirement.templates.length === 0) return s.resource === undefined;
  if (s.resource?.key !== 'Resource') return false;
  // Extending a `"*"` statement would grant the action everywhere: only when the profile itself asks for `*`.
  const values = s.resource.values.filter((v) => (v.value !== '*' || requirement.templates.includes('*')) && usable(v.value));
  if (requirement.everyResource) return values.some((v) => v.value === '*');
  const typeShapes = requirement.typeShapes ?? [undefined];
  return requirement.resources.some((shape) =>
    values.some((v) => typeShapes.some((t) => commonInstance([shape, v.value, ...(t ? [t] : [])]) !== undefined)),
  );
}

/** After the last statement, or as the only element of an empty `Statement` array. */
function insertStatement(doc: IamDocument, statement: Record<string, JsonValue>): PolicyEdit | undefined {
  const last = doc.statements[doc.statements.length - 1];
  if (last) return insertAfter(last.node, statement);
  const array = doc.statementProperty?.children?.[1];
  if (array?.type !== 'array' || (array.children ?? []).length > 0) return undefined;
  return appendValues(array, [statement]);
}

function appendAction(s: Statement, action: string): PolicyEdit | undefined {
  const node = s.action?.valueNode;
  return node && (node.type === 'array' || node.type === 'string') ? appendValues(node, [action]) : undefined;
}

/** The profile's statement for this action, with only this action (unbound values written as `<label>`). */
function newStatement(doc: IamDocument, profile: IamProfile, values: Readonly<Record<string, string>>, requirement: RequiredAction): Record<string, JsonValue> {
  const template = profile.statements[requirement.statementIndex]!;
  const labels = Object.fromEntries(profile.placeholders.map((p) => [p.name, p.label]));
  const sidTaken = doc.statements.some((s) => s.sid?.value === template.sid);
  const resources = requirement.insertResources;
  return {
    ...(template.sid && !sidTaken ? { Sid: template.sid } : {}),
    Effect: 'Allow',
    ...(template.principal ? { Principal: { [template.principal.type]: insertionOf(template.principal.value, values, labels) } } : {}),
    Action: requirement.action,
    ...(resources.length > 0 ? { Resource: resources.length === 1 ? resources[0] : resources } : {}),
  };
}
