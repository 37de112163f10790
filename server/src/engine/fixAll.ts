// "Fix all": applies the preferred (or only) fix of every fixable finding, re-linting until nothing changes.

import { lintText, type LintOptions } from './lint';
import { applyEdits } from './text';
import type { Finding, OffsetEdit } from './types';

export interface FixAllResult {
  text: string;
  /** How many fixes were applied over all passes. */
  applied: number;
}

/** The fix "fix all" takes for a finding: its preferred fix, or its only fix; none when the choice is ambiguous. */
export function automaticFix(finding: Finding) {
  return finding.fixes.find((f) => f.isPreferred) ?? (finding.fixes.length === 1 ? finding.fixes[0] : undefined);
}

export function fixAll(text: string, options: LintOptions, maxPasses = 10): FixAllResult {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const { findings } = lintText(current, options);
    const edits: OffsetEdit[] = [];
    let taken = 0;
    for (const finding of findings) {
      const fix = automaticFix(finding);
      if (!fix || fix.edits.length === 0) continue;
      if (fix.edits.some((e) => edits.some((o) => overlaps(e, o)))) continue;
      edits.push(...fix.edits);
      taken++;
    }
    if (taken === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    current = next;
    applied += taken;
  }
  return { text: current, applied };
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}
