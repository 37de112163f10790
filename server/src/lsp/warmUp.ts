// Warming the path a keystroke takes, while the server is idle after a policy's first diagnostics.
//
// Why: V8 compiles a function for speed only after it has run a while. The open of a document runs the full lint;
// the code of a keystroke (re-reading one statement, moving the nodes after it, the per-statement cache, the
// document-scoped rules' parts, the document store's edit and the diagnostics' comparison) first runs when the user
// types, so the first keystrokes after an open took 3–8× longer than the hundredth (BENCHMARKS.notes.md). Here that
// code runs beforehand on a copy of a few of the document's statements, typed into as a person types — never on the
// document itself: a scratch document and a scratch LintCache, so nothing the real lints read changes.
//
// It never delays a real message by more than one slice: each slice is one lint that runs the rules on one statement
// (the scratch document starts with one statement and grows by one pasted statement per slice to at most
// WARM_STATEMENTS, then is typed into), slices run from `setImmediate`, and a
// message arriving (`interrupt`: the transport's data or IPC message event, and every document event or pull)
// stops the chain before its next slice; it resumes only after WARM_IDLE_MS without a message, and ends for good after
// WARM_STOP_AFTER_EDITS real edits. Once per process (compiled code is per process), for the first policy file with at
// least WARM_MIN_STATEMENTS statements.

import type { Diagnostic } from 'vscode-languageserver';
import { lintText, type LintOptions } from '../engine/lint';
import { LintCache } from '../engine/lintCache';
import type { Finding } from '../engine/types';
import type { IamDocument } from '../engine/iam/document';
import type { Analysis } from './documentCache';
import { storedDocuments, type StoredDocument } from './documentStore';

/** Statements of the document copied into the scratch document (the first ones). */
export const WARM_STATEMENTS = 40;
/** …and at most this many characters of them. */
const WARM_MAX_CHARACTERS = 12_000;
/** A smaller policy gets no warm-up (its keystrokes are cheap cold too). */
export const WARM_MIN_STATEMENTS = 10;
/** Keystrokes typed into the scratch document (measured: the first real keystrokes cost what the 100th does after ≈ 100). */
export const WARM_KEYSTROKES = 100;
/** Without a message for this long the server counts as idle again and the warm-up resumes. */
export const WARM_IDLE_MS = 40;
/** Real edits after which the warm-up stops for good: typing has warmed the path itself (and a loaded machine, where slices are slow, is not given more work). */
export const WARM_STOP_AFTER_EDITS = 20;

/** What the warm-up runs after each scratch lint: the diagnostics' conversion and comparison (diagnostics.ts). */
export interface WarmUpHooks {
  /** The AWS data and profiles the document at `uri` is linted with (read when the warm-up starts). */
  environment(uri: string): Pick<LintOptions, 'data' | 'profiles'>;
  diagnostics(findings: readonly Finding[], version: number): Diagnostic[];
  same(previous: readonly Diagnostic[], findings: readonly Finding[]): boolean;
  /** GRANTCHECK_DEBUG_WARMUP=1: each step on standard error (tests read the order of slices and messages). */
  debug?: (line: string) => void;
}

interface Session {
  document: StoredDocument;
  options: LintOptions;
  cache: LintCache;
  /** The statements still to paste, each with where it goes (the scratch document grows by one statement per slice). */
  pastes: { at: number; text: string }[];
  /** Where the next character is typed. */
  at: number;
  /** Scratch lints done (the first is the full lint of a scratch document of one statement). */
  done: number;
  previous: Diagnostic[];
}

export class IncrementalWarmUp {
  private state: 'waiting' | 'running' | 'done' = 'waiting';
  private session: Session | undefined;
  private pending: NodeJS.Immediate | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set by `interrupt`: no slice runs until the idle timer clears it. */
  private interrupted = false;
  /** How many statements the session pastes before it types. */
  private pasted = 0;
  /** Wall time spent in slices (for the debug line). */
  private spent = 0;

  constructor(
    private readonly hooks: WarmUpHooks,
    private readonly keystrokes = WARM_KEYSTROKES,
    private readonly idleMs = WARM_IDLE_MS,
  ) {}

  /** The debug hook (GRANTCHECK_DEBUG_WARMUP=1), for the diagnostics to note their answers in the same stream. */
  get debug(): ((line: string) => void) | undefined {
    return this.hooks.debug;
  }

  /** Whether the warm-up has run to its end. */
  get finished(): boolean {
    return this.state === 'done';
  }

  /**
   * A message arrived (or is being handled): stops before the next slice, resumes after `idleMs` without another.
   * Cheap: called for every incoming message.
   */
  interrupt(): void {
    if (this.state !== 'running') return;
    if (!this.interrupted) {
      this.interrupted = true;
      this.hooks.debug?.('interrupted');
    }
    if (this.pending) {
      clearImmediate(this.pending);
      this.pending = undefined;
    }
    // Re-armed by every message: the warm-up waits for a pause.
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.resume(), this.idleMs);
  }

  /**
   * A document's diagnostics were answered: the first policy file large enough starts the warm-up (once per process),
   * from a copy of its first statements.
   */
  afterDiagnostics(analysis: Analysis): void {
    if (this.state !== 'waiting') return;
    const doc = analysis.result?.iam;
    const target = analysis.target;
    if (!doc || !target || target.host || target.kind !== 'iam-policy' || doc.statements.length < WARM_MIN_STATEMENTS) return;
    const session = scratchSession(doc, analysis, this.hooks.environment(analysis.uri));
    if (!session) return;
    this.session = session;
    this.pasted = session.pastes.length;
    this.state = 'running';
    this.hooks.debug?.('started');
    // Once idle: a client that goes on at once (a keystroke right after the open) is not made to wait for a slice.
    this.idleTimer = setTimeout(() => this.resume(), this.idleMs);
  }

  /** A document was edited (a didChange): as `interrupt`, and after WARM_STOP_AFTER_EDITS of them the warm-up ends. */
  edited(): void {
    if (this.state !== 'running') return;
    if (++this.edits >= WARM_STOP_AFTER_EDITS) {
      this.hooks.debug?.(`stopped after ${this.edits} edits`);
      this.stop();
      return;
    }
    this.interrupt();
  }

  private edits = 0;

  /** Stops for good (shutdown, tests). */
  stop(): void {
    if (this.pending) clearImmediate(this.pending);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.pending = undefined;
    this.idleTimer = undefined;
    this.session = undefined;
    this.state = 'done';
  }

  private resume(): void {
    this.idleTimer = undefined;
    if (this.state !== 'running') return;
    if (this.interrupted) this.hooks.debug?.('resumed');
    this.interrupted = false;
    this.schedule();
  }

  private schedule(): void {
    this.pending = setImmediate(() => {
      this.pending = undefined;
      // A message read since the last slice (its handler runs in this same phase or the next): it goes first.
      if (this.interrupted || this.state !== 'running') return;
      const more = this.slice();
      if (more) this.schedule();
    });
  }

  /** One scratch lint; false when the warm-up is over. */
  private slice(): boolean {
    const session = this.session;
    if (!session) return false;
    const started = performance.now();
    try {
      const paste = session.done > 0 ? session.pastes.shift() : undefined;
      if (paste) {
        // The next statement pasted after the last: a lint that runs the rules on that statement only.
        const position = session.document.positionAt(paste.at);
        storedDocuments.update(session.document, [{ range: { start: position, end: position }, text: paste.text }], session.document.version + 1);
      } else if (session.done > 0) {
        // A keystroke: one letter typed where the last one was, through the document store as a didChange would.
        const position = session.document.positionAt(session.at);
        storedDocuments.update(session.document, [{ range: { start: position, end: position }, text: String.fromCharCode(97 + (session.done % 26)) }], session.document.version + 1);
        session.at++;
      }
      const text = session.document.getText();
      const findings = lintText(text, { ...session.options, cache: session.cache, lines: session.document.lines }).findings;
      if (!this.hooks.same(session.previous, findings)) session.previous = this.hooks.diagnostics(findings, session.document.version);
      session.done++;
    } catch {
      // A warm-up never fails the server: it just ends.
      session.pastes = [];
      session.done = this.keystrokes + this.pasted + 1;
    }
    const took = performance.now() - started;
    this.spent += took;
    this.hooks.debug?.(`slice ${session.done} ${took.toFixed(2)} ms`);
    if (session.pastes.length > 0 || session.done <= this.keystrokes + this.pasted) return true;
    this.hooks.debug?.(`done: ${session.done} lints in ${this.spent.toFixed(1)} ms`);
    this.session = undefined;
    this.state = 'done';
    return false;
  }
}

/**
 * The scratch session of `doc`: its first statements (at most WARM_STATEMENTS and WARM_MAX_CHARACTERS) in a policy of
 * their own, linted with the document's options, and where to type: inside the middle statement's Sid when it has a
 * literal one, else right after its `{` (spaces typed there change its text as letters do).
 */
function scratchSession(doc: IamDocument, analysis: Analysis, environment: Pick<LintOptions, 'data' | 'profiles'>): Session | undefined {
  const text = analysis.text;
  const pieces: string[] = [];
  let size = 0;
  for (const statement of doc.statements) {
    if (pieces.length >= WARM_STATEMENTS) break;
    const piece = text.slice(statement.node.offset, statement.node.offset + statement.node.length);
    if (size + piece.length > WARM_MAX_CHARACTERS && pieces.length > 0) break;
    pieces.push(piece);
    size += piece.length;
  }
  if (pieces.length < 2) return undefined;
  const head = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    ';
  const middle = Math.floor(pieces.length / 2);
  let scratch = head;
  let at = -1;
  const pastes: Session['pastes'] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) {
      pastes.push({ at: scratch.length, text: `,\n    ${pieces[i]}` });
      scratch += ',\n    ';
    }
    if (i === middle) {
      const statement = doc.statements[i]!;
      const sid = statement.sid;
      // The Sid's first character, inside its quotes; else just inside the statement's braces.
      const inside = sid && sid.known === 'literal' && text.charCodeAt(sid.node.offset) === 34 ? sid.node.offset + 1 : statement.node.offset + 1;
      at = scratch.length + (inside - statement.node.offset);
    }
    scratch += pieces[i];
  }
  const closing = '\n  ]\n}\n';
  // The document starts with the first statement; the others are pasted one per slice, at the offsets they have in `scratch`.
  const first = head + pieces[0]! + closing;
  const target = analysis.target!;
  const file = analysis.file;
  const options: LintOptions = {
    ...environment,
    kind: 'iam-policy',
    ...(target.policyType ? { policyType: target.policyType } : {}),
    ...(file ? { severities: file.severities, relatedProfiles: file.relatedProfiles, ...(file.profile ? { profile: file.profile } : {}) } : {}),
  };
  return { document: storedDocuments.create('grantcheck-warm-up:scratch.json', 'json', 1, first), options, cache: new LintCache(), pastes, at, done: 0, previous: [] };
}
