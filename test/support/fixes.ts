// Every fix of a finding, the safe one first, for tests that check what each fix does.

import type { Finding, Fix } from '../../server/src/engine/types';

export function fixesOf(finding: Finding): Fix[] {
  return [...(finding.fix ? [finding.fix] : []), ...finding.suggestions];
}
