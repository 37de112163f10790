// The findings of statement-scoped rules (IamRule.statementScope) per statement, for re-linting while typing.
//
// One cache per open document (the language server's; the CLI lints each file once and uses none). Entries are
// keyed by what a statement's findings can depend on: the statement's text and the text before it on its line (the
// indentation fixes copy), the policy's context (type, origin, line break), and per rule its `documentKey`; the
// whole cache is tied to the lint configuration (data, severities, profiles). Offsets are stored relative to the
// statement's start and re-based on use, so a statement that moves (lines inserted above it) still hits. Bounded:
// the least recently used statements are dropped first. Typing in a statement makes a new entry per keystroke (its
// text is new), so besides the entries a lint uses the cache keeps a few hundred others (`keptBeyondLive`: the
// versions undo and backspace come back to), not every version typed.

import type { Finding, Fix, Severity } from './types';
import type { IamDocument } from './iam/document';
import { ownCopy } from './detach';

/** A finding with offsets relative to its statement's start and no ranges (they are computed where it lands). */
export interface RelativeFinding extends Omit<Finding, 'range' | 'fix' | 'suggestions'> {
  fix?: RelativeFix;
  suggestions: RelativeFix[];
}

export interface RelativeFix {
  title: string;
  edits: { start: number; end: number; newText: string }[];
}

/** What is kept for one statement: each statement-scoped rule's findings (by rule id + document key), and values memoised by rules. */
export interface StatementEntry {
  findings: Map<string, readonly RelativeFinding[]>;
  memo: Map<string, unknown>;
  /**
   * Set when `findings` holds a result for every key of `keys` (a list from `ruleKeyList`, in rule order): `found`
   * are the positions in it of the rules that found something. A lint with the same list reads only those.
   */
  complete?: { keys: readonly string[]; found: readonly number[] };
  /**
   * The findings of `complete.found` as the last lint placed them (absolute offsets and ranges): for a statement that
   * starts at `start`, on line `line` at `character`. Findings are read-only, so the next lint at the same place
   * hands out these very objects.
   */
  placed?: { complete: NonNullable<StatementEntry['complete']>; start: number; line: number; character: number; findings: readonly (readonly Finding[])[] };
  /**
   * Values of a whole policy combined from one part per statement (rules/rule.ts `PartsSpec`), by spec name, kept on
   * the entries of the policy's first and last statements (at least one of them is unchanged by an edit of another
   * statement). A slot is used only when its parts equal the current ones, so any slot found is right.
   */
  documents?: Map<string, DocumentSlot>;
}

/** The parts a document value was combined from (in statement order), the entries they were compared with last, and the value. */
export interface DocumentSlot {
  parts: unknown[];
  entries: StatementEntry[];
  value: unknown;
  /** The entries it is on (lint.ts `holdSlot`): the policy's first and last statements' when it was last used. */
  holders: StatementEntry[];
}

/** Findings kept by `reportKept`: as the last lint placed them (at `base`), and relative to `base`. */
export interface KeptReports {
  base: number;
  findings: readonly Finding[];
  relative: readonly RelativeFinding[];
}

/**
 * A kept entry. A class whose constructor sets every field, the optional ones to undefined: entries then share one
 * hidden class whatever a lint later sets on them. As object literals given `complete`, `placed` and `documents` later,
 * entries had up to six shapes, so the code reading them while typing (lintIncrementally, `use`, `statementEntry`)
 * was deoptimized ("wrong map") and recompiled in the background again and again, each compile of
 * lintIncrementally 50–90 ms of the second core's time (test/unit/lint-cache-shape.test.ts).
 */
export class KeptEntry implements StatementEntry {
  readonly findings = new Map<string, readonly RelativeFinding[]>();
  readonly memo = new Map<string, unknown>();
  complete: StatementEntry['complete'] = undefined;
  placed: StatementEntry['placed'] = undefined;
  documents: StatementEntry['documents'] = undefined;
  /** False once dropped from the cache (least recently used, or a new configuration). */
  kept = true;

  constructor(
    /** The lookup that last found it (a clock), for dropping the least recently used. */
    public used: number,
    readonly tag: number,
  ) {}
}

/** Where a statement object's entry was found by the last lint that looked it up (`LintCache.statementEntry`). */
interface StatementPlace {
  group: string;
  /** The text before the statement on its line, and the statement's length. */
  before: string;
  length: number;
  entry: KeptEntry;
}

export class LintCache {
  /** Entries by group (the policy's context, the same for all its statements) and key (the statement's text). */
  private readonly groups = new Map<string, Map<string, KeptEntry>>();
  private count = 0;
  private configuration: unknown[] | undefined;
  private clock = 0;
  /**
   * The policy read by the last lint of this document as a policy file, which the next one re-reads only where it
   * changed (iam/document.ts `parseIamDocumentIncrementally`; it updates this document's tree in place).
   */
  iamDocument: IamDocument | undefined;
  /**
   * The findings document-scoped rules reported through `reportKept` (rules/rule.ts) in the last lint of this policy
   * file, by rule id and key: the next lint hands them out again when their key and the lines of their offsets are
   * the same. Only the last lint's are kept.
   */
  readonly keptReports = new Map<string, Map<string, KeptReports>>();
  /**
   * Each statement node's entry in the lint that last saw it (set by every lint for each of its statements): how
   * `statementMemo` and `documentParts` find a statement's entry from its node without a map made per lint.
   */
  readonly entryByNode = new WeakMap<object, StatementEntry>();
  /** Lints whose policy was re-read only in the edited statement (for tests and the bench). */
  rereads = 0;
  /** Statement lookups and how many of them found an entry (for tests and the bench). */
  lookups = 0;
  hits = 0;

  /** The clock when the current lint started (`startLint`), and how many entries it has used so far. */
  private lintStart = 0;
  private live = 0;
  /** The most entries one lint of this document has used (a host file's first lint uses every policy's and statement's). */
  private peakLive = 0;

  /**
   * `maxStatements`: statements kept at most; a document with more is still linted right, only with fewer hits.
   * `keptBeyondLive`: how many entries a lint does not use are kept besides twice the most a lint has used (below).
   */
  constructor(
    readonly maxStatements = 20_000,
    readonly keptBeyondLive = KEPT_BEYOND_LIVE,
  ) {}

  /**
   * A lint of the document starts (engine/lint.ts `lintText`; a host file's lint looks up entries for each of its
   * policies): the entries it uses are counted, and `endLint` drops the least recently used when the cache holds more
   * than `limit`.
   */
  startLint(): void {
    this.lintStart = this.clock;
    this.live = 0;
  }

  /** The lint started by `startLint` is done: drops the least recently used entries past `limit` (never one it used). */
  endLint(): void {
    if (this.live > this.peakLive) this.peakLive = this.live;
    if (this.count > this.limit) this.dropLeastRecentlyUsed(this.limit);
  }

  /**
   * How many entries are kept after a lint: twice the most one lint has used (the statements of the document, and as
   * many again for the versions of the statement being typed, undo, or the statements of a host file's other policies
   * that later lints do not look up) plus `keptBeyondLive`, at most `maxStatements`.
   */
  get limit(): number {
    return Math.min(this.maxStatements, 2 * this.peakLive + this.keptBeyondLive);
  }

  /** Marks `e` as used by the current lint. */
  private use(e: KeptEntry): void {
    if (e.used <= this.lintStart) this.live++;
    e.used = ++this.clock;
  }

  /** Drops everything when the configuration differs from the last lint's (compared element by element). */
  useConfiguration(configuration: unknown[]): void {
    const last = this.configuration;
    if (last && last.length === configuration.length && last.every((v, i) => v === configuration[i])) return;
    for (const entries of this.groups.values()) for (const e of entries.values()) e.kept = false;
    this.groups.clear();
    this.keptReports.clear();
    this.count = 0;
    this.configuration = configuration;
  }

  /**
   * The entry of `key` in `group`, created when absent; marked as most recently used. `tag` is part of the key too (a
   * number, e.g. where the statement starts in `key`): an entry with another tag is replaced. A hit stores nothing
   * (the key string of this lint is not kept: it may be a slice of this version's text), so typing, which looks up
   * every statement, leaves no garbage that lives on.
   */
  entry(group: string, key: string, tag = 0): StatementEntry {
    this.lookups++;
    let entries = this.groups.get(group);
    if (!entries) this.groups.set(group, (entries = new Map()));
    let entry = entries.get(key);
    if (entry && entry.tag === tag) {
      this.hits++;
      this.use(entry);
      return entry;
    }
    if (!entry) this.count++;
    else entry.kept = false;
    this.live++;
    entry = new KeptEntry(++this.clock, tag);
    // A copy of the key, so that the map does not keep the whole text it was sliced from.
    entries.set(ownCopy(key), entry);
    // Within a lint only the hard bound applies (endLint applies `limit`).
    if (this.count > this.maxStatements) this.dropLeastRecentlyUsed(this.maxStatements);
    return entry;
  }

  /**
   * Counts a look-up of `entry` that its caller answered itself (it kept the entry from an earlier look-up of the same
   * key): false when the entry is no longer in the cache (then the caller looks it up with `entry`).
   */
  hit(entry: StatementEntry): boolean {
    const kept = entry as KeptEntry;
    if (!kept.kept) return false;
    this.lookups++;
    this.hits++;
    this.use(kept);
    return true;
  }

  private readonly places = new WeakMap<object, StatementPlace>();

  /**
   * `entry(group, text.slice(lineStart, end), start - lineStart)` for the statement `[start, end)` of `text`, whose
   * line starts at `lineStart`. `statement` is the statement's model object: a statement whose object was kept from
   * the previous version's document (iam/document.ts re-reads only the edited statement; the others' text is
   * unchanged) finds the entry it found last time without its text being sliced, hashed and compared again, when
   * the group and the text before it on its line are the same.
   */
  statementEntry(statement: object, group: string, text: string, lineStart: number, start: number, end: number): StatementEntry {
    const place = this.places.get(statement);
    if (place && place.entry.kept && place.group === group && place.length === end - start && place.before.length === start - lineStart && text.startsWith(place.before, lineStart)) {
      this.lookups++;
      this.hits++;
      this.use(place.entry);
      return place.entry;
    }
    const entry = this.entry(group, text.slice(lineStart, end), start - lineStart) as KeptEntry;
    this.places.set(statement, { group, before: ownCopy(text.slice(lineStart, start)), length: end - start, entry });
    return entry;
  }

  private lastKeyList: readonly string[] = [];

  /**
   * The list of rule keys (from `ruleKey`) a lint looks up in every statement's entry, as the same array object as
   * the last lint's when its keys are the same strings (`StatementEntry.complete` is valid for that array only).
   */
  ruleKeyList(keys: readonly string[]): readonly string[] {
    const last = this.lastKeyList;
    if (last.length === keys.length && last.every((k, i) => k === keys[i])) return last;
    this.lastKeyList = keys;
    return keys;
  }

  private readonly ruleKeys = new Map<string, string>();

  /**
   * The key of a rule's findings in a statement's entry (rule id and document key), as one string object for as
   * long as its text is the same: each lint looks it up in every statement's entry, and a key that is the very
   * object stored there compares at once (a document key can be long).
   */
  ruleKey(ruleId: string, documentKey: string): string {
    const key = `${ruleId}\u0000${documentKey}`;
    const kept = this.ruleKeys.get(key);
    if (kept !== undefined) return kept;
    if (this.ruleKeys.size >= 1_000) this.ruleKeys.clear();
    this.ruleKeys.set(key, key);
    return key;
  }

  /**
   * Keeps the most recently used three quarters of `bound` (at once, so that a full cache does not sort on every miss).
   * After a lint (`endLint`) that keeps every entry the lint used: `limit` is at least twice as many.
   */
  private dropLeastRecentlyUsed(bound: number): void {
    const keep = Math.floor((bound * 3) / 4);
    const byUse: number[] = [];
    for (const entries of this.groups.values()) for (const e of entries.values()) byUse.push(e.used);
    byUse.sort((a, b) => a - b);
    const threshold = byUse[byUse.length - keep] ?? Infinity;
    for (const [group, entries] of this.groups) {
      for (const [key, e] of entries) {
        if (e.used >= threshold) continue;
        e.kept = false;
        entries.delete(key);
        this.count--;
      }
      if (entries.size === 0) this.groups.delete(group);
    }
  }

  get size(): number {
    return this.count;
  }
}

/**
 * Entries kept besides twice the most one lint used (`LintCache.limit`): typing adds one per keystroke (4–6 KB each
 * for a statement with findings), so a 300-statement policy keeps ≈ 850 entries instead of up to 20,000.
 */
export const KEPT_BEYOND_LIVE = 256;


/**
 * A finding of the statement `[base, end]`, for the cache; undefined when it or an edit of its fixes lies outside
 * the statement (then it may depend on the statement's neighbours, and is recomputed on every lint).
 */
export function relativeFinding(finding: Finding, base: number, end: number): RelativeFinding | undefined {
  const inside = (s: number, e: number): boolean => s >= base && e <= end;
  if (!inside(finding.start, finding.end)) return undefined;
  const fix = finding.fix && relativeFix(finding.fix, base, end);
  if (finding.fix && !fix) return undefined;
  const suggestions: RelativeFix[] = [];
  for (const s of finding.suggestions) {
    const r = relativeFix(s, base, end);
    if (!r) return undefined;
    suggestions.push(r);
  }
  // Its strings copied: the message and edits are made of the linted text's (detach.ts; relativeFix copies the fixes'
  // strings). The rule id, message id and severity are the rule's own constants.
  const { ruleId, severity, messageId } = finding;
  return newRelativeFinding(ruleId, severity, messageId, ownCopy(finding.message), finding.start - base, finding.end - base, fix, suggestions);
}

/**
 * A RelativeFinding. Every one is made here, so that they have two hidden classes (with and without a fix), as
 * findings do (findings.ts `newFinding`).
 */
export function newRelativeFinding(ruleId: string, severity: Severity, messageId: string, message: string, start: number, end: number, fix: RelativeFix | undefined, suggestions: RelativeFix[]): RelativeFinding {
  return fix ? { ruleId, severity, messageId, message, start, end, fix, suggestions } : { ruleId, severity, messageId, message, start, end, suggestions };
}


/** `fix` relative to `base`, its strings with their own storage (kept in the cache); undefined when it may reach outside. */
function relativeFix(fix: Fix, base: number, end: number): RelativeFix | undefined {
  const edits: RelativeFix['edits'] = [];
  for (const e of fix.edits) {
    // An edit at either edge of the statement (an insertion before or after it) may depend on its neighbours.
    if (e.start < base || e.end > end || e.start === end || (e.start === base && e.end === base)) return undefined;
    edits.push({ start: e.start - base, end: e.end - base, newText: ownCopy(e.newText) });
  }
  return { title: ownCopy(fix.title), edits };
}
