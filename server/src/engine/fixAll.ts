// "Fix all": applies the safe fix of every finding (never a suggestion), re-linting until nothing changes.

import { lintText, type LintOptions } from './lint';
import { applyEdits } from './text';
import type { Finding, Fix, OffsetEdit } from './types';

export interface FixAllResult {
  text: string;
  /** How many fixes were applied over all passes. */
  applied: number;
  /** Each applied fix with the finding it came from, pass by pass. */
  fixes: { finding: Finding; fix: Fix }[];
}

/** The fix "fix all" takes for a finding: its safe fix only. Suggestions are for a person to choose. */
export function automaticFix(finding: Finding): Fix | undefined {
  return finding.fix;
}

/** `linted`: the findings of `text` when the caller has them already (the server lints each version once). */
export function fixAll(text: string, options: LintOptions, maxPasses = 10, linted?: readonly Finding[]): FixAllResult {
  let current = text;
  const applied: FixAllResult['fixes'] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const findings = pass === 0 && linted ? linted : lintText(current, options).findings;
    const edits: OffsetEdit[] = [];
    const taken: FixAllResult['fixes'] = [];
    for (const finding of findings) {
      const fix = automaticFix(finding);
      if (!fix || fix.edits.length === 0) continue;
      if (fix.edits.some((e) => edits.some((o) => overlaps(e, o)))) continue;
      edits.push(...fix.edits);
      taken.push({ finding, fix });
    }
    if (taken.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    current = next;
    applied.push(...taken);
  }
  return { text: current, applied: applied.length, fixes: applied };
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}
