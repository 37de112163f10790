// Lints the policies embedded in a Terraform or CloudFormation file with the ordinary IAM rules, in host coordinates.

import { newFinding } from '../findings';
import type { IamData } from '../data/iamData';
import { buildIamDocument, type IamDocument } from '../iam/document';
import { LineIndex } from '../text';
import type { EditRenderer, Finding, Fix, Range, SeverityOverride } from '../types';
import { lineBreakOf } from '../iam/edits';
import { relativeFinding, type LintCache, type StatementEntry } from '../lintCache';
import { extractCloudFormationPolicies } from './cloudformation';
import { CloudFormationCache } from './cloudformationResources';
import { unknownIndex, type EmbeddedPolicy } from './embedded';
import { extractTerraformPolicies } from './terraform';

export type HostKind = 'terraform' | 'cloudformation';

/**
 * The policies of a host file. With the editor's per-document `cache`, a CloudFormation template is extracted one
 * resource at a time and unchanged resources are not parsed again (hosts/cloudformationResources.ts).
 */
export function extractPolicies(host: HostKind, text: string, cache?: LintCache): EmbeddedPolicy[] {
  if (host === 'terraform') return extractTerraformPolicies(text);
  return cache ? cloudFormationCacheOf(cache).extract(text) : extractCloudFormationPolicies(text);
}

/** Each document's CloudFormation resources, kept with (and dropped with) its LintCache. */
const cloudFormationCaches = new WeakMap<LintCache, CloudFormationCache>();

/** The CloudFormation resource cache that goes with a document's LintCache. */
export function cloudFormationCacheOf(cache: LintCache): CloudFormationCache {
  let own = cloudFormationCaches.get(cache);
  if (!own) cloudFormationCaches.set(cache, (own = new CloudFormationCache()));
  return own;
}

export interface HostLintOptions {
  data: IamData;
  severities?: Readonly<Record<string, SeverityOverride>>;
  /** Runs the rules on one embedded policy; fixes are written through `renderer` in the host's syntax. */
  runRules: (doc: IamDocument, lines: LineIndex, renderer: EditRenderer, policy: EmbeddedPolicy) => Finding[];
  /** The editor's cache of this document (engine/lintCache.ts): also keeps what extraction can re-use. */
  cache?: LintCache;
  /** With `cache`: the lint configuration (LintCache.useConfiguration) and what else findings depend on (profile bindings). */
  configuration?: unknown[];
  context?: string;
}

export interface HostLintResult {
  policies: { policy: EmbeddedPolicy; doc: IamDocument }[];
  findings: Finding[];
}

/**
 * Lints every policy of a host file. Each policy's fixes are written by its adapter in the host's syntax and
 * checked on the policy's own region, so a fix costs the same in a file of one policy or of hundreds.
 */
export function lintHostText(host: HostKind, text: string, options: HostLintOptions): HostLintResult {
  const { cache } = options;
  // In the editor the language server asked for this version's index too: one per version, updated from the last.
  const lines = cache ? LineIndex.of(text) : new LineIndex(text);
  if (cache && options.configuration) cache.useConfiguration(options.configuration);
  const policies = extractPolicies(host, text, cache);
  const findings: Finding[] = [];
  const docs: HostLintResult['policies'] = [];
  const context = cache ? [options.context ?? '', lines.lineBreak, lineBreakOf(text)].join('\u0001') : '';
  const group = `host-policy\u0000${context}`;
  for (const policy of policies) {
    // Built when asked (editor features), unless the rules run.
    const entry = new HostPolicy(policy, text);
    docs.push(entry);
    // A policy handed out again unchanged (same tree, same column): its findings are kept, moved with it — by
    // offsets when text was inserted before it on its line or above, and by lines when lines were inserted above
    // it, unless a finding may name a line (below).
    let kept: StatementEntry | undefined;
    let at: { line: number; lastLine: number } | undefined;
    if (cache && policy.reuseKey !== undefined) {
      // The policy object handed out again (its resource was not parsed again) names the entry it found last time,
      // while it starts at the same line and character (the entry's key holds the character) in the same group.
      const place = keptPlaces.get(policy);
      let line: number;
      if (place && place.cache === cache && place.group === group && lines.isAt(policy.start, place) && cache.hit(place.entry)) {
        kept = place.entry;
        line = place.line;
      } else {
        const position = lines.positionAt(policy.start);
        line = position.line;
        kept = cache.entry(group, `${policy.reuseKey}\u0000${position.character}`);
        keptPlaces.set(policy, { cache, group, entry: kept, line, character: position.character });
      }
      const last = kept.memo.get('') as KeptFindings | undefined;
      if (last && (last.line === line || !last.namesLines)) {
        if (last.base !== policy.start || last.line !== line) {
          const delta = policy.start - last.base;
          const lineDelta = line - last.line;
          if (last.owned) {
            // Copies only this entry and the results linted with this cache hold: moved where they are (a result
            // linted with a cache is valid until the next lint with it), no allocation per finding and keystroke.
            for (let i = 0; i < last.findings.length; i++) moveInPlace(last.findings[i]!, delta, lineDelta);
          } else {
            // The rules' own findings (the statement cache may hand them out again, placed where they were): copied once.
            const moved: Finding[] = new Array<Finding>(last.findings.length);
            for (let i = 0; i < moved.length; i++) moved[i] = movedFinding(last.findings[i]!, delta, lineDelta);
            last.findings = moved;
            last.owned = true;
          }
          last.base = policy.start;
          last.line = line;
        }
        const keptFindings = last.findings;
        for (let i = 0; i < keptFindings.length; i++) findings.push(keptFindings[i]!);
        continue;
      }
      at = { line, lastLine: lines.positionAt(policy.end).line };
    }
    const insideUnknown = unknownIndex(policy.unknown);
    let renderer: EditRenderer | undefined;
    const lazy: EditRenderer = { render: (edits) => (renderer ??= policy.renderer(lines)).render(edits) };
    const own: Finding[] = [];
    for (const finding of options.runRules(entry.doc, lines, lazy, policy)) {
      // No finding may rest on a value GrantCheck cannot know (var.x, !Ref X).
      if (insideUnknown(finding.start, finding.end)) continue;
      own.push(finding);
    }
    findings.push(...own);
    // Kept only when every finding and fix lies inside the policy (else it may depend on its neighbours).
    if (kept && at && own.every((f) => relativeFinding(f, policy.start, policy.end) !== undefined)) {
      const memo: KeptFindings = { base: policy.start, line: at.line, findings: own, owned: false, namesLines: own.some((f) => mayNameLine(f, at!.line + 1, at!.lastLine + 1)) };
      kept.memo.set('', memo);
    }
  }
  return { policies: docs, findings };
}

/** Where a policy object was when `lintHostText` last looked up its cache entry (by the group and its start's line and character). */
const keptPlaces = new WeakMap<EmbeddedPolicy, { cache: LintCache; group: string; entry: StatementEntry; line: number; character: number }>();

/** An embedded policy and its IamDocument, built when first asked for (by the rules, or by an editor feature). */
class HostPolicy {
  private built: IamDocument | undefined;

  constructor(
    readonly policy: EmbeddedPolicy,
    private readonly text: string,
  ) {}

  get doc(): IamDocument {
    if (!this.built) {
      this.built = buildIamDocument(this.text, this.policy.root, [], this.policy.policyType);
      this.built.origin = this.policy.origin;
    }
    return this.built;
  }
}

/** A kept policy's findings, where they were computed: at offset `base`, on line `line`. */
interface KeptFindings {
  base: number;
  line: number;
  findings: Finding[];
  /**
   * The findings are movedFinding's copies (findings, fixes and edits made here; ranges may still be shared with the
   * rules' findings, so they are replaced, never changed): moved in place from then on.
   */
  owned: boolean;
  /** Some finding may name a line of the document (then they are kept only while the policy stays on its line). */
  namesLines: boolean;
}

/**
 * Whether a finding's words hold a number that could be a line of its policy, `firstLine` to `lastLine` (1-based):
 * a message naming where something is ("repeats the statement on line 12": iam/redundant-statement,
 * iam/duplicate-sid) names a place in the policy (the rules see nothing else) by its number, which moves with the
 * policy. Other numbers (sizes, counts) that happen to be in that range only cost a re-lint when lines move.
 * test/unit/cloudformation-incremental.test.ts checks both.
 */
function mayNameLine(f: Finding, firstLine: number, lastLine: number): boolean {
  const texts = [f.message, ...(f.fix ? [f.fix.title, ...f.fix.edits.map((e) => e.newText)] : []), ...f.suggestions.flatMap((s) => [s.title, ...s.edits.map((e) => e.newText)])];
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) continue;
      let n = 0;
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) n = n * 10 + (text.charCodeAt(j++) - 48);
      if (n >= firstLine && n <= lastLine) return true;
      i = j;
    }
  }
  return false;
}

/** A finding `delta` characters and `lineDelta` lines further (its characters are unchanged). Findings are never mutated. */
function movedFinding(f: Finding, delta: number, lineDelta: number): Finding {
  // No closures or spreads per finding: every finding of every policy after an edit is moved on each keystroke (and
  // made by newFinding, so that it has a finding's hidden class).
  const suggestions = f.suggestions;
  let moved = suggestions;
  if (suggestions.length > 0) {
    moved = [];
    for (let i = 0; i < suggestions.length; i++) moved.push(movedFix(suggestions[i]!, delta, lineDelta));
  }
  return newFinding(f.ruleId, f.severity, f.messageId, f.message, f.start + delta, f.end + delta, lineDelta !== 0 ? movedRange(f.range, lineDelta) : f.range, f.fix ? movedFix(f.fix, delta, lineDelta) : undefined, moved);
}

/** movedFinding on a finding movedFinding made (its own object, fixes, edits and arrays of them): in place. */
function moveInPlace(f: Finding, delta: number, lineDelta: number): void {
  f.start += delta;
  f.end += delta;
  if (lineDelta !== 0) f.range = movedRange(f.range, lineDelta);
  if (f.fix) moveFixInPlace(f.fix, delta, lineDelta);
  const suggestions = f.suggestions;
  for (let i = 0; i < suggestions.length; i++) moveFixInPlace(suggestions[i]!, delta, lineDelta);
}

function moveFixInPlace(fix: Fix, delta: number, lineDelta: number): void {
  const edits = fix.edits;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i]!;
    e.start += delta;
    e.end += delta;
    if (lineDelta !== 0 && e.range) e.range = movedRange(e.range, lineDelta);
  }
}

function movedRange(r: Range, lineDelta: number): Range {
  return { start: { line: r.start.line + lineDelta, character: r.start.character }, end: { line: r.end.line + lineDelta, character: r.end.character } };
}

function movedFix(fix: Fix, delta: number, lineDelta: number): Fix {
  const edits: Fix['edits'] = [];
  for (let i = 0; i < fix.edits.length; i++) {
    const e = fix.edits[i]!;
    // As fixOf writes an edit (findings.ts): the same fields in the same order.
    edits.push({ start: e.start + delta, end: e.end + delta, newText: e.newText, range: lineDelta !== 0 ? movedRange(e.range, lineDelta) : e.range });
  }
  return { title: fix.title, edits };
}
