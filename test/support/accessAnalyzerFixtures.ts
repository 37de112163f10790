// The Access Analyzer parity fixtures: test/fixtures/access-analyzer/<CODE>.json (more than one for a check:
// <CODE>--<variant>.json). Each holds a policy written here for one check of ACCESS_ANALYZER_CHECKS and either what
// GrantCheck reports on it (`expect`) or why the check cannot be judged offline (`offline`). Read by
// test/rules/access-analyzer.test.ts and by `npm run docs` (docs/access-analyzer.md).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import type { HostKind } from '../../server/src/engine/hosts/lintHost';

export const ACCESS_ANALYZER_FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'access-analyzer');

export interface ExpectedAnswer {
  ruleId: string;
  messageId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** The exact text the finding's range covers in the linted text. */
  at: string;
}

export interface AccessAnalyzerFixture {
  /** File name without `.json`. */
  name: string;
  check: string;
  /** The policy type GrantCheck lints the document as. */
  policyType?: PolicyType;
  /** Lint `text` as a Terraform or CloudFormation file instead of a JSON policy. */
  host?: HostKind;
  /** The document: `policy` is serialized with JSON.stringify(policy, null, 2); `text` is taken as written. */
  policy?: unknown;
  text?: string;
  expect?: ExpectedAnswer[];
  /** Why GrantCheck cannot judge the check offline (then there is no `expect`). */
  offline?: string;
  /** A sentence for docs/access-analyzer.md (how GrantCheck's answer differs, or what else it reports). */
  note?: string;
}

/** The text a fixture is linted as. */
export function fixtureText(fixture: AccessAnalyzerFixture): string | undefined {
  if (fixture.text !== undefined) return fixture.text;
  if (fixture.policy !== undefined) return JSON.stringify(fixture.policy, null, 2);
  return undefined;
}

export function loadAccessAnalyzerFixtures(): AccessAnalyzerFixture[] {
  if (!fs.existsSync(ACCESS_ANALYZER_FIXTURE_DIR)) return [];
  return fs
    .readdirSync(ACCESS_ANALYZER_FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(fs.readFileSync(path.join(ACCESS_ANALYZER_FIXTURE_DIR, file), 'utf8')) as Omit<AccessAnalyzerFixture, 'name'>;
      return { ...parsed, name: file.replace(/\.json$/, '') };
    });
}
