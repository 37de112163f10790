// The contract between the engine and a rule: metadata plus a check that reads a parsed document and reports.

import type { IamData } from '../data/iamData';
import type { IamDocument } from '../iam/document';
import type { RedshiftScript } from '../redshift/ast';
import type { ProfileRegistry } from '../profiles';
import type { ProfileBinding } from '../profiles/types';
import type { LineIndex } from '../text';
import type { Report, RuleMeta } from '../types';

export interface RuleContext<TDoc> {
  /** The parsed document. Rules never parse text themselves. */
  doc: TDoc;
  text: string;
  lines: LineIndex;
  data: IamData;
  report(report: Report): void;
  /** The profile this document is bound to, if any (see engine/profiles). */
  profile?: ProfileBinding;
  /** The other profile bindings of the same configuration. */
  relatedProfiles?: readonly ProfileBinding[];
  /** The profiles bindings resolve against (the built-ins plus the workspace's own); the built-ins when absent. */
  profiles?: ProfileRegistry;
}

export interface Rule<TDoc> extends RuleMeta {
  check(context: RuleContext<TDoc>): void;
}

export interface IamRule extends Rule<IamDocument> {
  domain: 'iam';
}

export interface RedshiftRule extends Rule<RedshiftScript> {
  domain: 'redshift';
}

export type AnyRule = IamRule | RedshiftRule;
