// Core value types shared by every part of the engine: findings, fixes, ranges, rule metadata.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOverride = Severity | 'off';

/** 0-based line and UTF-16 character, exactly as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** An edit expressed in document offsets (UTF-16 code units). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A completion item of either language engine (IAM or Redshift), in offsets; the LSP adapter converts it. */
export interface EngineCompletionItem<Kind extends string> {
  label: string;
  kind: Kind;
  /** One line shown next to the label (access level, type, …). */
  detail?: string;
  /** Markdown shown in the details pane. */
  documentation?: string;
  /** Replaces `start..end`; `newText` is in LSP snippet syntax (`$`, `}` and `\` escaped in literal text). */
  edit: OffsetEdit;
  /** Edits elsewhere, e.g. the comma missing after the previous element. */
  additionalEdits: OffsetEdit[];
  /** What the editor matches the typed text against (the inserted text, quote included). */
  filterText: string;
  sortText: string;
  /** Open completion again right after inserting (e.g. after `"s3:` to list the actions). */
  retrigger: boolean;
}

export interface EngineCompletionList<Kind extends string> {
  items: EngineCompletionItem<Kind>[];
  /** The editor must ask again on the next keystroke (the list depends on what is typed so far). */
  isIncomplete: boolean;
}

export interface TextEdit extends OffsetEdit {
  range: Range;
}

/** An edit on a document's model (the IAM vocabulary is in iam/edits.ts), written out by the document's renderer. */
export interface ModelEdit {
  readonly kind: string;
}

/** What a rule's fix edits: the text at offsets (syntax fixes of a policy file, SQL), or the document model. */
export type EditProposal = OffsetEdit | ModelEdit;

/** Writes a fix's edits in the document's syntax; undefined when it cannot do so safely (the fix is then dropped). */
export interface EditRenderer {
  render(edits: readonly EditProposal[]): OffsetEdit[] | undefined;
}

/** A fix as a rule reports it. */
export interface FixProposal {
  title: string;
  edits: EditProposal[];
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type DocumentKind = 'iam-policy' | 'redshift-sql';

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Which of the rule's `messages` this is: stable, for tests and integrations (never match the text). */
  messageId: string;
  /** The rendered message. */
  message: string;
  /** Offsets into the linted text. */
  start: number;
  end: number;
  range: Range;
  /**
   * The safe fix: its result is certainly what the author meant. Fix-all, fix-on-save (`source.fixAll`)
   * and the CLI apply only these.
   */
  fix?: Fix;
  /** Fixes a person chooses among (quick fixes); never applied in bulk. */
  suggestions: Fix[];
}

export type RuleDomain = 'iam' | 'redshift';

export interface RuleMeta {
  /** Stable id, `iam/<name>` or `redshift/<name>`; never reused once published. */
  id: string;
  domain: RuleDomain;
  defaultSeverity: Severity;
  /** One line, shown in docs, the CLI and hovers. */
  description: string;
  /** Some findings carry a safe `fix` (applied by fix-all). */
  fixable: boolean;
  /** Some findings carry `suggestions` (offered to a person, never applied in bulk). */
  hasSuggestions: boolean;
  /** Message templates by id; `{{name}}` is replaced by the report's `data[name]`. */
  messages: Readonly<Record<string, string>>;
  /** Former ids of this rule, still accepted in configuration. */
  aliases?: readonly string[];
}

/** What a rule hands to `report`. Severity defaults to the rule's (after user overrides). */
export interface Report {
  start: number;
  end: number;
  /** A key of the rule's `messages`. */
  messageId: string;
  /**
   * Values for the message's `{{name}}` placeholders. Read when the finding is rendered (only findings within a rule's
   * cap are: engine/findings.ts), so a rule does not change them after reporting.
   */
  data?: Readonly<Record<string, string | number>>;
  /**
   * Severity for this occurrence, when a rule has documented cases that are milder or
   * stronger than its default (e.g. `iam/policy-version`: warning for a missing Version,
   * error for an invalid one). A user override of the rule always wins.
   */
  severity?: Severity;
  /** The safe fix (see `Finding.fix`); needs `fixable: true`. */
  fix?: FixProposal;
  /** Fixes a person chooses among; needs `hasSuggestions: true`. */
  suggestions?: readonly FixProposal[];
  /**
   * The message names another place of the document (a line number): the finding depends on where its statement
   * lies, not only on the statement's text, so an editor re-linting a statement-scoped rule does not keep it
   * (engine/lint.ts `lintIncrementally`). Not part of the finding.
   */
  positional?: boolean;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** The rule id used for a rule that crashed or for an internal problem with a document. */
export const INTERNAL_RULE_ID = 'grantcheck/internal';
