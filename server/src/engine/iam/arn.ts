// ARN parsing and "can this Resource pattern ever be an ARN of that resource type?" (pattern × template intersection).
//
// A Resource pattern and an ARN template from the Service Authorization Reference are both turned into
// a sequence of character-class tokens (`one` = exactly one character of a set, `many` = zero or more),
// and we search the product of the two automata for a common string. Semantics:
// - in a Resource, `*` and `?` match any characters including `/` and `:`; `${aws:…}` policy variables
//   (and unfilled placeholders) match any value; `${*}`, `${?}`, `${$}` are the literal characters.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// - a template variable (`${BucketName}`) is a non-empty value; it contains no `/` unless it names a path
//   or key (`${ObjectName}`, `…WithPath`, log group/stream names, …) or it ends the template and no sibling
//   resource type of the service continues the template after it with `/` (then the service could not tell
//   `a/b` from a child resource: bucket vs object, table vs index). Variables may contain `:`, because
//   services authorize qualified ARNs as the base type: Lambda grants `function:f:*` for versions and
//   aliases (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html) and CloudWatch
//   Logs documents `log-group:name:*` for log-group actions
//   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html).
// - `${Region}` is a non-empty region-like word (so `arn:aws:s3:::x/y` is never an access point);
//   `${Account}` is 12 digits, `aws` (AWS-managed policies: arn:aws:iam::aws:policy/…) or empty (AWS-owned
//   resources such as public SSM parameters: arn:aws:ssm:us-east-1::parameter/aws/service/…).

import { RecentTable } from '../recentTable';
import { ownCopy } from '../detach';
import type { IamData, ResourceTypeInfo } from '../data/iamData';
import { replaceDollarBraces } from '../interpolations';
import { findPlaceholders } from './placeholders';
import { compileWildcard, hasWildcard } from './wildcard';
import type { DescribedValue } from './values';

/** One field of a parsed ARN, with offsets into the parsed string. */
export interface ArnField {
  value: string;
  start: number;
  end: number;
}

export interface ParsedArn {
  partition: ArnField;
  service: ArnField;
  region: ArnField;
  account: ArnField;
  /** Everything after the fifth colon (may itself contain colons). */
  resource: ArnField;
}

/** Splits `arn:partition:service:region:account:resource`; undefined when it is not an ARN with six fields. */
export function parseArn(value: string): ParsedArn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  // The four colons first, then the fields: no list of fields per ARN (every Resource of every policy is parsed).
  const c1 = value.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : value.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : value.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : value.indexOf(':', c3 + 1);
  if (c4 < 0) return undefined;
  // `aws` (nearly every partition) without a new string.
  const partition = c1 === 7 && value.startsWith('aws', 4) ? 'aws' : value.slice(4, c1);
  return {
    partition: { value: partition, start: 4, end: c1 },
    service: { value: value.slice(c1 + 1, c2), start: c1 + 1, end: c2 },
    region: { value: value.slice(c2 + 1, c3), start: c2 + 1, end: c3 },
    account: { value: value.slice(c3 + 1, c4), start: c3 + 1, end: c4 },
    resource: { value: value.slice(c4 + 1), start: c4 + 1, end: value.length },
  };
}

// ---------------------------------------------------------------------------------------------------
// Character sets and token sequences

/** A set of characters: exactly these (`only`) or all but these (`except`). */
interface CharSet {
  only?: string;
  except?: string;
}

export interface Token {
  kind: 'one' | 'many';
  set: CharSet;
}

const ANY: CharSet = { except: '' };
const NO_COLON: CharSet = { except: ':' };
const NO_SLASH: CharSet = { except: '/' };
const DIGITS: CharSet = { only: '0123456789' };
const REGION_CHARS: CharSet = { only: 'abcdefghijklmnopqrstuvwxyz0123456789-' };
const PARTITION_CHARS: CharSet = { only: 'abcdefghijklmnopqrstuvwxyz-' };

function setsIntersect(a: CharSet, b: CharSet): boolean {
  if (a.only !== undefined) return b.only !== undefined ? someCharIn(a.only, b.only, true) : someCharIn(a.only, b.except!, false);
  if (b.only !== undefined) return someCharIn(b.only, a.except!, false);
  return true; // two co-finite sets over an unbounded alphabet always share a character
}

/** Some character (code point) of `chars` is (`inside`) or is not in `set`: no array per call. */
function someCharIn(chars: string, set: string, inside: boolean): boolean {
  for (const c of chars) if (set.includes(c) === inside) return true;
  return false;
}

const lit = (c: string): Token => ({ kind: 'one', set: { only: c } });
const literal = (s: string): Token[] => [...s].map(lit);
const many = (set: CharSet): Token => ({ kind: 'many', set });
const plus = (set: CharSet): Token[] => [{ kind: 'one', set }, many(set)];

/**
 * A token sequence in flat arrays, built once per sequence: whether each token is a run (`many`), and its character
 * when its set is one character (else undefined). Comparing two single characters is then one string comparison.
 * A plain Resource pattern (literal characters and `*` only: nearly every ARN) keeps no arrays: its tokens are the
 * characters of `source`, each `*` a run of anything (see plainPattern).
 */
interface CompactTokens {
  n: number;
  /** The tokens are `source`'s characters (`many`, `char` and `sets` are empty). */
  plain: boolean;
  many: Uint8Array;
  char: (string | undefined)[];
  sets: CharSet[];
  /** See arnShape; computed on first use (null: no shape). */
  shape?: ArnShape | null;
  /** A number of its own, for matchPattern's recent-results table. */
  id: number;
  /** The Resource pattern it was compiled from (compactPattern), whose head arnShape may read as text. */
  source?: string;
  /**
   * A Resource pattern's answers against the resource types of its own ARN namespace (see matchPattern), by the
   * template's `slot`: five slots of six bits per number (small integers, no typed array per pattern); per mode m,
   * bit 2·m of a slot says "known", bit 2·m+1 the answer. The first number (slots 0–4: most namespaces' types a
   * policy names) is `answers0`, the others are `answers` (undefined until one is asked): no array for most patterns.
   */
  answers0: number;
  answers?: number[];
  /** The compiled types (one data instance) whose slots `answers` is indexed by. */
  answersOwner?: object;
  /**
   * For a plain pattern (see plainFields): the offsets in `source` of its first five `:` (f0 = -1: not read yet, -2:
   * no shape, as plainShape's null), and where its literal resource prefix ends (its first `*`, else its length). What
   * plainShape's object holds, without the object, its five fields and its two slices.
   */
  f0: number;
  f1: number;
  f2: number;
  f3: number;
  f4: number;
  prefixEnd: number;
  /** A plain pattern's head (its text to the fifth `:`), one shared copy per head text (internedHead). */
  headText: string | undefined;
  /** A Resource pattern's memo (patternMemo) and the data instance it was computed with. */
  memo: unknown;
  memoOwner: object | undefined;
}

/**
 * The fixed fields of a token sequence that reads as an ARN: when no token before the fifth literal `:` can match a
 * `:`, every string it matches has its field separators there, so two such sequences can only share a string whose
 * literal fields agree. `fields` are the first five fields (`arn`, partition, service, region, account), each its
 * text when it is written in single characters only (else undefined); `resourcePrefix` is the literal start of the
 * resource part (up to the first token that is not one character). An ARN with a 12-digit account is then told from
 * a template alternative with an empty or `aws` account, or another service's, in a few comparisons.
 */
interface ArnShape {
  fields: (string | undefined)[];
  resourcePrefix: string;
  /** The number of tokens up to and including the fifth `:` (where the resource part starts). */
  head: number;
  /**
   * The head's tokens as a string, when each is one character (not a private-use one) or a run of anything but `:`
   * (a FIELD placeholder, written U+E001): equal keys, equal heads. Undefined for other heads (never cached).
   */
  headKey: string | undefined;
  /** headKey is the text of a Resource pattern's head (see arnShape), not built from tokens: kept in its own map. */
  headFromSource: boolean;
  /** The results of this head against other sequences' heads (by their headKey), filled by compactIntersect. */
  headResults?: Map<string, boolean>;
  /** The same for heads whose key is their text (headFromSource). */
  sourceHeadResults?: Map<string, boolean>;
}

function arnShape(t: CompactTokens): ArnShape | null {
  return t.shape !== undefined ? t.shape : (t.shape = t.plain ? plainShape(t.source!) : shapeOf(t, true));
}

/**
 * shapeOf for a plain pattern, read from its text: a `*` before the fifth `:` can match a `:` (no shape); otherwise
 * the five fields are literal, and the resource prefix runs to the first `*`.
 */
function plainShape(text: string): ArnShape | null {
  const star = text.indexOf('*');
  // Five fields, allocated at their size (not grown by pushes): one shape per Resource pattern compiled.
  const fields = ['', '', '', '', ''];
  let start = 0;
  for (let k = 0; k < 5; k++) {
    const colon = text.indexOf(':', start);
    if (colon < 0 || (star >= 0 && star < colon)) return null;
    // `arn` and `aws` (nearly every ARN) without a new string each.
    const length = colon - start;
    fields[k] = length === 3 && k < 2 && text.startsWith(k === 0 ? 'arn' : 'aws', start) ? (k === 0 ? 'arn' : 'aws') : text.slice(start, colon);
    start = colon + 1;
  }
  const prefixEnd = star < 0 ? text.length : star;
  return { fields, resourcePrefix: text.slice(start, prefixEnd), head: start, headKey: text.slice(0, start), headFromSource: true };
}

/**
 * A plain pattern's ARN fields, read once from its text into its f0…f4 and prefixEnd (plainShape's reading, stored as
 * offsets): false when it has no shape (a `*` before its fifth `:`, or fewer than five).
 */
function plainFields(t: CompactTokens): boolean {
  if (t.f0 !== -1) return t.f0 !== -2;
  const text = t.source!;
  const star = text.indexOf('*');
  let colon = -1;
  for (let k = 0; k < 5; k++) {
    colon = text.indexOf(':', colon + 1);
    if (colon < 0 || (star >= 0 && star < colon)) {
      t.f0 = -2;
      return false;
    }
    if (k === 0) t.f0 = colon;
    else if (k === 1) t.f1 = colon;
    else if (k === 2) t.f2 = colon;
    else if (k === 3) t.f3 = colon;
    else t.f4 = colon;
  }
  t.prefixEnd = star < 0 ? text.length : star;
  t.headText = internedHead(text.slice(0, colon + 1));
  return true;
}

/**
 * Heads of plain patterns by their text, each an own copy (detach.ts) shared by every pattern with that head (a
 * policy's ARNs have a few heads: `arn:aws:s3:::`, `arn:aws:dynamodb:us-east-1:123456789012:`): a pattern keeps no
 * head of its own, and a template's head results are found by a string whose hash is computed once. Bounded.
 */
const heads = new Map<string, string>();

function internedHead(head: string): string {
  let shared = heads.get(head);
  if (shared === undefined) {
    if (heads.size >= 1000) heads.clear();
    shared = ownCopy(head);
    heads.set(shared, shared);
  }
  return shared;
}

/** Are the characters of `text` from `start` to `end` exactly `value`? (Compared in place, no slice.) */
function sameText(text: string, start: number, end: number, value: string): boolean {
  if (end - start !== value.length) return false;
  for (let i = 0; i < value.length; i++) if (text.charCodeAt(start + i) !== value.charCodeAt(i)) return false;
  return true;
}

/** Where field k (0…4) of a plain pattern with fields ends (its `:`). */
function plainFieldEnd(t: CompactTokens, k: number): number {
  return k === 0 ? t.f0 : k === 1 ? t.f1 : k === 2 ? t.f2 : k === 3 ? t.f3 : t.f4;
}

/** Is field k (0…4) of a plain pattern with fields `value` (plainShape's `fields[k] === value`, read in place)? */
function plainFieldIs(t: CompactTokens, k: number, value: string): boolean {
  return sameText(t.source!, k === 0 ? 0 : plainFieldEnd(t, k - 1) + 1, plainFieldEnd(t, k), value);
}

/**
 * compactIntersect for a plain pattern `a` (its fields read in place by plainFields, not as plainShape's object): the
 * same checks in the same order, and the same searches.
 */
function plainIntersect(a: CompactTokens, b: CompactTokens): boolean {
  const sb = arnShape(b);
  if (!sb || !plainFields(a)) return plainProductSearch(a.source!, 0, a.n, b, 0, b.n);
  const text = a.source!;
  // shapesAgree: the fixed fields, then one literal prefix starts the other.
  let start = 0;
  for (let f = 0; f < 5; f++) {
    const end = plainFieldEnd(a, f);
    const fb = sb.fields[f];
    if (fb !== undefined && !sameText(text, start, end, fb)) return false;
    start = end + 1;
  }
  const head = a.f4 + 1;
  const prefixLength = a.prefixEnd - head;
  const pb = sb.resourcePrefix;
  const common = prefixLength <= pb.length ? prefixLength : pb.length;
  for (let i = 0; i < common; i++) if (text.charCodeAt(head + i) !== pb.charCodeAt(i)) return false;
  // A plain pattern's head is text (compactIntersect's headFromSource case): its result against b's head is kept, by
  // the head's shared copy.
  const key = a.headText!;
  let results = sb.sourceHeadResults;
  if (!results) results = sb.sourceHeadResults = new Map();
  let heads = results.get(key);
  if (heads === undefined) {
    heads = plainProductSearch(text, 0, head, b, 0, sb.head);
    if (results.size > 1000) results.clear();
    results.set(key, heads);
  }
  return heads && plainProductSearch(text, head, a.n, b, sb.head, b.n);
}

function shapeOf(t: CompactTokens, fromSource: boolean): ArnShape | null {
  // A Resource pattern whose head (to its fifth `:`) holds neither `$` nor a FIELD mark: when the head has a shape,
  // each of its characters is one token (a `*`, `?`, SEGMENT or placeholder would be a token that matches `:`), so
  // its fields and key are slices of the text, not strings built character by character.
  const source = fromSource ? t.source : undefined;
  let sourceHead = -1;
  if (source !== undefined) {
    let colon = -1;
    for (let k = 0; k < 5 && (colon = source.indexOf(':', colon + 1)) >= 0; k++);
    if (colon >= 0 && notBefore(source.indexOf('$'), colon) && notBefore(source.indexOf(FIELD), colon)) sourceHead = colon + 1;
  }
  const plain = sourceHead >= 0;
  let colons = 0;
  let i = 0;
  let fieldStart = 0;
  let fieldLiteral = true;
  const fields: (string | undefined)[] = [];
  let headKey: string | undefined = plain ? undefined : '';
  for (; i < t.n && colons < 5; i++) {
    const c = t.many[i] === 1 ? undefined : t.char[i];
    if (headKey !== undefined) {
      if (c !== undefined) headKey = c >= '\uE000' && c <= '\uF8FF' ? undefined : headKey + c;
      else headKey = t.many[i] === 1 && t.sets[i]!.only === undefined && t.sets[i]!.except === ':' ? headKey + FIELD : undefined;
    }
    if (c === ':') {
      fields.push(!fieldLiteral ? undefined : plain ? source!.slice(fieldStart, i) : t.char.slice(fieldStart, i).join(''));
      colons++;
      fieldStart = i + 1;
      fieldLiteral = true;
    } else if (c === undefined) {
      if (setHas(t.sets[i]!, ':')) break;
      fieldLiteral = false;
    }
  }
  if (colons < 5) return null;
  const head = i;
  if (plain && head !== sourceHead) return shapeOf(t, false); // not one token per character after all: from the tokens
  for (; i < t.n && t.char[i] !== undefined && t.many[i] !== 1; i++);
  // The literal resource prefix is the text when no `${*}` (three characters for one token) may lie in it.
  const prefix = plain && notBefore(source!.indexOf('$', head), i) ? source!.slice(head, i) : t.char.slice(head, i).join('');
  return { fields, resourcePrefix: prefix, head, headKey: plain ? source!.slice(0, head) : headKey, headFromSource: plain };
}

/** An indexOf result that is not before `at` (none counts as not before). */
const notBefore = (found: number, at: number): boolean => found < 0 || found >= at;

/** Can two ARN-shaped sequences share a string, judged on their fixed fields alone? (true when either has no shape.) */
function shapesAgree(a: CompactTokens, b: CompactTokens): boolean {
  const sa = arnShape(a);
  const sb = arnShape(b);
  if (!sa || !sb) return true;
  for (let f = 0; f < 5; f++) {
    const fa = sa.fields[f];
    const fb = sb.fields[f];
    if (fa !== undefined && fb !== undefined && fa !== fb) return false;
  }
  // One literal prefix must start the other (compared in place: this runs for every pattern × resource type).
  const pa = sa.resourcePrefix;
  const pb = sb.resourcePrefix;
  return pa.length <= pb.length ? pb.startsWith(pa) : pa.startsWith(pb);
}

const compactCache = new WeakMap<readonly Token[], CompactTokens>();
let nextTokensId = 1;

/** A compact sequence, with every field in the one order every CompactTokens has (one hidden class for all). */
function tokenSequence(n: number, plain: boolean, many: Uint8Array, char: (string | undefined)[], sets: CharSet[], source: string | undefined): CompactTokens {
  return {
    n,
    plain,
    many,
    char,
    sets,
    shape: undefined,
    id: nextTokensId++,
    source,
    answers0: 0,
    answers: undefined,
    answersOwner: undefined,
    f0: -1,
    f1: -1,
    f2: -1,
    f3: -1,
    f4: -1,
    prefixEnd: -1,
    headText: undefined,
    memo: undefined,
    memoOwner: undefined,
  };
}

function compactTokens(tokens: readonly Token[]): CompactTokens {
  let compact = compactCache.get(tokens);
  if (!compact) {
    const n = tokens.length;
    compact = tokenSequence(n, false, new Uint8Array(n), new Array<string | undefined>(n), new Array<CharSet>(n), undefined);
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      compact.many[i] = t.kind === 'many' ? 1 : 0;
      compact.char[i] = t.set.only !== undefined && t.set.only.length === 1 ? t.set.only : undefined;
      compact.sets[i] = t.set;
    }
    compactCache.set(tokens, compact);
  }
  return compact;
}

const setHas = (set: CharSet, c: string): boolean => (set.only !== undefined ? set.only.includes(c) : !set.except!.includes(c));

/** setsIntersect on compact tokens: single characters compared directly, no allocation. */
function tokenSetsIntersect(a: CompactTokens, i: number, b: CompactTokens, j: number): boolean {
  const ca = a.char[i];
  const cb = b.char[j];
  if (ca !== undefined) return cb !== undefined ? ca === cb : setHas(b.sets[j]!, ca);
  if (cb !== undefined) return setHas(a.sets[i]!, cb);
  return setsIntersect(a.sets[i]!, b.sets[j]!);
}

// Search buffers reused across calls (the engine is synchronous): `seen` holds the call's stamp for each visited
// state, so it never needs clearing; `queue` is the stack of states to visit. Large searches get their own buffers.
const REUSED_STATES = 1 << 16;
const seenBuffer = new Uint32Array(REUSED_STATES);
const queueBuffer = new Int32Array(REUSED_STATES);
let stamp = 0;
let searchSeen: Uint32Array | Uint8Array = seenBuffer;
let searchQueue: Int32Array = queueBuffer;

/**
 * Sets searchSeen and searchQueue for a search of `states` states and returns the mark of a visited state: the reused
 * buffers with a new stamp (never cleared, but once every 2^32 searches), or new ones for a search too large for them.
 */
function searchBuffers(states: number): number {
  if (states > REUSED_STATES) {
    searchSeen = new Uint8Array(states);
    searchQueue = new Int32Array(states);
    return 1;
  }
  if (stamp === 0xffffffff) {
    seenBuffer.fill(0);
    stamp = 0;
  }
  searchSeen = seenBuffer;
  searchQueue = queueBuffer;
  return ++stamp;
}

/**
 * Is there a string matched by both token sequences? Search over the product automaton: each state (i, j) is visited
 * at most once, so the time is O(|a| · |b|), and a template has a bounded number of tokens: linear in the pattern.
 */
export function tokensIntersect(a: readonly Token[], b: readonly Token[]): boolean {
  return compactIntersect(compactTokens(a), compactTokens(b));
}

function compactIntersect(a: CompactTokens, b: CompactTokens): boolean {
  if (a.plain) return plainIntersect(a, b);
  if (!shapesAgree(a, b)) return false;
  const sa = a.shape;
  const sb = b.shape;
  if (sa && sb && sa.headKey !== undefined) {
    // Neither head can match a `:` but at its five separators, so a common string splits at the same five colons on
    // both sides: it is a common head followed by a common resource part, searched apart. A head is a few forms
    // (`arn:aws:s3:::`, `arn:aws:logs:us-east-1:123456789012:`) met again and again: its result against the other
    // head is kept (on b, the template side in matchPattern), and only the resource parts are searched each time.
    let results = sa.headFromSource ? sb.sourceHeadResults : sb.headResults;
    if (!results) {
      results = new Map();
      if (sa.headFromSource) sb.sourceHeadResults = results;
      else sb.headResults = results;
    }
    let heads = results.get(sa.headKey);
    if (heads === undefined) {
      heads = productSearch(a, 0, sa.head, b, 0, sb.head);
      if (results.size > 1000) results.clear();
      results.set(sa.headKey, heads);
    }
    return heads && productSearch(a, sa.head, a.n, b, sb.head, b.n);
  }
  return productSearch(a, 0, a.n, b, 0, b.n);
}

/**
 * Is there a string matched by both a's tokens [a0, a1) and b's tokens [b0, b1)? Each state (i, j) is visited at
 * most once, so the time is O(|a| · |b|).
 */
function productSearch(a: CompactTokens, a0: number, a1: number, b: CompactTokens, b0: number, b1: number): boolean {
  if (a.plain) return plainProductSearch(a.source!, a0, a1, b, b0, b1);
  const width = b1 - b0 + 1;
  const states = (a1 - a0 + 1) * width;
  const mark = searchBuffers(states);
  const seen = searchSeen;
  const queue = searchQueue;
  const final = states - 1;
  // Depth first (the consuming step is pushed last, so taken first): a match is usually found along one path
  // without visiting the other states.
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = mark;
  while (tail > 0) {
    const k = queue[--tail]!;
    if (k === final) return true;
    const di = (k / width) | 0;
    const i = a0 + di;
    const j = b0 + k - di * width;
    const aHas = i < a1;
    const bHas = j < b1;
    const aMany = aHas && a.many[i] === 1;
    const bMany = bHas && b.many[j] === 1;
    if (aMany) {
      const next = k + width;
      if (seen[next] !== mark) {
        seen[next] = mark;
        queue[tail++] = next;
      }
    }
    if (bMany) {
      const next = k + 1;
      if (seen[next] !== mark) {
        seen[next] = mark;
        queue[tail++] = next;
      }
    }
    if (aHas && bHas && tokenSetsIntersect(a, i, b, j)) {
      const next = k + (aMany ? 0 : width) + (bMany ? 0 : 1);
      if (seen[next] !== mark) {
        seen[next] = mark;
        queue[tail++] = next;
      }
    }
  }
  return false;
}

/** productSearch with a plain pattern's text as `a` (`*` a run of anything, every other character itself). */
function plainProductSearch(text: string, a0: number, a1: number, b: CompactTokens, b0: number, b1: number): boolean {
  const width = b1 - b0 + 1;
  const states = (a1 - a0 + 1) * width;
  const mark = searchBuffers(states);
  const seen = searchSeen;
  const queue = searchQueue;
  const final = states - 1;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = mark;
  while (tail > 0) {
    const k = queue[--tail]!;
    if (k === final) return true;
    const di = (k / width) | 0;
    const i = a0 + di;
    const j = b0 + k - di * width;
    const aHas = i < a1;
    const bHas = j < b1;
    const aMany = aHas && text.charCodeAt(i) === STAR;
    const bMany = bHas && b.many[j] === 1;
    if (aMany) {
      const next = k + width;
      if (seen[next] !== mark) {
        seen[next] = mark;
        queue[tail++] = next;
      }
    }
    if (bMany) {
      const next = k + 1;
      if (seen[next] !== mark) {
        seen[next] = mark;
        queue[tail++] = next;
      }
    }
    if (aHas && bHas) {
      // A `*` meets any (non-empty) set; a literal character meets b's character or set.
      let meet: boolean;
      if (aMany) meet = b.char[j] !== undefined || setsIntersect(ANY, b.sets[j]!);
      else {
        const ca = text[i]!;
        const cb = b.char[j];
        meet = cb !== undefined ? ca === cb : setHas(b.sets[j]!, ca);
      }
      if (meet) {
        const next = k + (aMany ? 0 : width) + (bMany ? 0 : 1);
        if (seen[next] !== mark) {
          seen[next] = mark;
          queue[tail++] = next;
        }
      }
    }
  }
  return false;
}

const STAR = 42; // `*`

// ---------------------------------------------------------------------------------------------------
// Resource patterns

/**
 * Tokens of a Resource pattern. `*` → any run, `?` → any one character, `${aws:…}` and unfilled
 * placeholders → any run (we cannot know the value), `${*}`/`${?}`/`${$}` → that literal character.
 */
export function patternTokens(pattern: string): Token[] {
  const compact = compactPattern(pattern);
  if (compact.plain) return Array.from(pattern, (c): Token => (c === '*' ? many(ANY) : lit(c)));
  return Array.from({ length: compact.n }, (_, i): Token => {
    const c = compact.char[i];
    return c !== undefined ? lit(c) : { kind: compact.many[i] ? 'many' : 'one', set: ANY };
  });
}

/**
 * The tokens of a Resource pattern straight into the compact form (no token objects: a pattern is scanned once per
 * lookup and most are seen once). Consecutive runs are merged (keeps the product automaton small).
 */
function compactPattern(pattern: string): CompactTokens {
  const placeholders = findPlaceholders(pattern);
  if (placeholders.length === 0 && isPlainText(pattern)) {
    return tokenSequence(pattern.length, true, NO_MANY, NO_CHARS, NO_SETS, pattern);
  }
  const many = new Uint8Array(pattern.length);
  const char = new Array<string | undefined>(pattern.length);
  const sets = new Array<CharSet>(pattern.length);
  let n = 0;
  // Consecutive runs merge into one over the union of their sets (a segment run next to any run is any run).
  const run = (set: CharSet = ANY): void => {
    if (n > 0 && many[n - 1] === 1) {
      if (set === ANY) sets[n - 1] = ANY;
      return;
    }
    many[n] = 1;
    char[n] = undefined;
    sets[n++] = set;
  };
  const one = (c: string | undefined): void => {
    many[n] = 0;
    char[n] = c;
    sets[n++] = ANY;
  };
  let i = 0;
  let p = 0;
  // The first `}` at or after the last `${` looked at (pattern.length: none), found once for all `${` before it.
  let closeAt = -1;
  while (i < pattern.length) {
    const placeholder = placeholders[p];
    if (placeholder && placeholder.start === i) {
      run();
      i = placeholder.end;
      p++;
      continue;
    }
    const c = pattern[i]!;
    if (c === '*') {
      run();
    } else if (c === SEGMENT) {
      run(NO_SLASH);
    } else if (c === FIELD) {
      run(NO_COLON);
    } else if (c === '?') {
      one(undefined);
    } else if (c === '$' && pattern[i + 1] === '{') {
      if (closeAt < i + 2) {
        const found = pattern.indexOf('}', i + 2);
        closeAt = found < 0 ? pattern.length : found;
      }
      if (closeAt < pattern.length) {
        const name = pattern.slice(i + 2, closeAt);
        if (name === '*' || name === '?' || name === '$') one(name);
        else run();
        i = closeAt + 1;
        continue;
      }
      one(c);
    } else {
      one(c);
    }
    i++;
  }
  // `sets` is read only where `char` is undefined: any character, except a segment run's.
  return tokenSequence(n, false, many, char, sets, pattern);
}

const NO_MANY = new Uint8Array(0);
const NO_CHARS: (string | undefined)[] = [];
const NO_SETS: CharSet[] = [];

/**
 * A pattern whose tokens are its characters: no `?`, no `$` (variables, `${*}`), no private-use character (SEGMENT,
 * FIELD). Consecutive `*` stay separate runs: the same strings as one run.
 */
function isPlainText(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x24 || c === 0x3f || (c >= 0xe000 && c <= 0xf8ff)) return false;
  }
  return true;
}

/**
 * In a Resource pattern built by `resourcePattern`, a whole segment of the resource part written as a substitution
 * (`arn:aws:s3:::${BucketName}`, `…:table/${var.table}/index/*`): zero or more characters other than `/`. A private-use
 * character no ARN contains; if a policy ever spells it, it only makes that pattern match more, never less.
 */
export const SEGMENT = '\uE000';

/**
 * In a Resource pattern built by `resourcePattern`, a region or account field written as one substitution
 * (`${AWS::Region}`, `${var.account}`): zero or more characters other than `:`, so the fields after it stay where
 * they are written. Like SEGMENT, a private-use character that only ever widens a pattern.
 */
export const FIELD = '\uE001';

/** Is an ARN field one FIELD placeholder (a region or account written as a substitution)? */
export const isFieldPlaceholder = (field: string): boolean => field === FIELD;

/**
 * The pattern a partly known Resource value stands for when its resource type is judged. Each unknown piece reads
 * as `*` (the value's text), except an expression that fills a whole segment of the resource part, between `/` or
 * `:` separators or at its end: it names one resource, not a path, so `arn:aws:s3:::${var.bucket}` is a bucket and
 * `arn:aws:s3:::${var.bucket}/*` objects; and a region or account written as one substitution, which holds no `:`.
 * Only where the fields before the resource part are known to be six fields: every expression before it fills one
 * whole field. Literal and unknown values are their text.
 */
export function resourcePattern(value: DescribedValue): string {
  if (value.known !== 'partial' || !value.pieces) return value.value;
  const text = value.value;
  const arn = parseArn(text);
  if (!arn) return text;
  const separator = (at: number): boolean => at < 0 || at >= text.length || text[at] === '/' || text[at] === ':';
  const marks: { at: number; mark: string }[] = [];
  let at = 0;
  for (const piece of value.pieces) {
    const here = at;
    at += piece.text.length;
    if (piece.kind !== 'unknown') continue;
    if (here < arn.resource.start) {
      // An expression in the first five fields: the fields are where they seem only if it fills one whole field.
      if (text[here - 1] !== ':' || text[here + 1] !== ':') return text;
      // The partition and service keep `*` (checked as wildcards); a region or account is one field.
      if (here === arn.region.start || here === arn.account.start) marks.push({ at: here, mark: FIELD });
      continue;
    }
    if (separator(here - 1) && separator(here + 1)) marks.push({ at: here, mark: SEGMENT });
  }
  if (marks.length === 0) return text;
  let result = '';
  let from = 0;
  for (const m of marks) {
    result += text.slice(from, m.at) + m.mark;
    from = m.at + 1;
  }
  return result + text.slice(from);
}

/** True when the pattern matches every string (`*`, `${aws:…}` alone, a whole-value placeholder). */
export function matchesEverything(pattern: string): boolean {
  // A pattern that starts with a lower-case letter other than `y` (`arn:…`, nearly every Resource) starts with a
  // literal character: no placeholder starts there (see PLACEHOLDER_QUICK_CHECK), so it is no run, without compiling.
  const first = pattern.charCodeAt(0);
  if (first >= 0x61 && first <= 0x7a && first !== 0x79) return false;
  return tokensMatchEverything(pattern);
}

/** matchesEverything from the pattern's compiled tokens, without the shortcut (exported for the test that holds them equal). */
export function tokensMatchEverything(pattern: string): boolean {
  const tokens = cachedPatternTokens(pattern);
  if (tokens.n === 0) return false;
  if (tokens.plain) {
    for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== STAR) return false;
    return true;
  }
  for (let i = 0; i < tokens.n; i++) if (tokens.many[i] !== 1 || tokens.sets[i] !== ANY) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------
// ARN templates

/**
 * Variables whose values are paths or keys and may contain `/` (S3 object keys, IAM names with path,
 * log group and stream names, SSM parameter names, API Gateway paths, …).
 */
const PATH_VARIABLE = /Path|ObjectName|ObjectKey|LogGroupName|LogStreamName|ParameterName|SecretId|RepositoryName|TopicFilter|FolderName|FileName|Prefix|Key$/;

export interface CompiledTemplate {
  /** The template as AWS publishes it (alternatives joined by `, `). */
  readonly arn: string;
  /**
   * One token sequence per alternative (comma-separated templates, account variants). This and the two lists below are
   * each compiled when first read (a start reads the templates of a few services and needs, of most types, only this
   * list: the other two cost as much again): the same lists as compiling all three at once.
   */
  readonly alternatives: Token[][];
  /** The same with every variable of the resource part removed: what a wildcard-only action is checked against. */
  readonly generic: Token[][];
  /**
   * `alternatives` without an empty account standing for `${Account}`: what an ARN of the type really looks like
   * (an empty account is only accepted by `alternatives`, for AWS-owned resources; see `accountMayBeEmpty`).
   */
  readonly withAccount: Token[][];
  /** A number of its own, for matchPattern's recent-results table. */
  id?: number;
  /**
   * The literal service field every alternative (in every mode) has, when each reads as an ARN (arnShape): a
   * Resource whose literal service differs matches none of them. For a resource type (compileResourceType), found
   * with `slot` when either is first read; undefined for a bare template (compileTemplate).
   */
  readonly namespace: string | undefined;
  /** The template's number among the compiled resource types of its namespace (per data): where its answers go. */
  readonly slot: number | undefined;
  /** What numbered `slot` (the data instance's compiled types). */
  readonly slotOwner: object | undefined;
}

/**
 * A compiled template whose three lists (and their compact forms) are compiled when first read. The service's sibling
 * templates (which decide whether a trailing variable may hold `/`) are asked for only when a variable needs them.
 */
class LazyTemplate implements CompiledTemplate {
  id?: number;
  private readonly lists: (Token[][] | undefined)[] = [undefined, undefined, undefined];
  /** The compact tokens of each list, by MODE_INDEX, built on the first match in that mode. */
  private readonly compacts: (CompactTokens[] | undefined)[] = [undefined, undefined, undefined];
  /** The namespace and slot, once found (`slotsOf`: the data's compiled types that number them; undefined: none). */
  private found = false;
  private foundNamespace: string | undefined;
  private foundSlot: number | undefined;

  constructor(
    readonly arn: string,
    private readonly siblings: () => readonly string[],
    private readonly slotsOf: CompiledTypes | undefined,
  ) {}

  get alternatives(): Token[][] {
    return this.list(1);
  }
  get generic(): Token[][] {
    return this.list(0);
  }
  get withAccount(): Token[][] {
    return this.list(2);
  }
  get namespace(): string | undefined {
    if (!this.found) this.findSlot();
    return this.foundNamespace;
  }
  get slot(): number | undefined {
    if (!this.found) this.findSlot();
    return this.foundSlot;
  }
  get slotOwner(): object | undefined {
    return this.slotsOf;
  }

  /** The list of a mode (MODE_INDEX: 0 generic, 1 lenient = `alternatives`, 2 withAccount), compiled on first use. */
  list(mode: number): Token[][] {
    let list = this.lists[mode];
    if (!list) {
      const generic = mode === 0;
      const emptyAccount = mode !== 2;
      list = [];
      for (const alt of splitAlternatives(this.arn)) list.push(...compileAlternative(alt, this.siblings, generic, emptyAccount));
      this.lists[mode] = list;
    }
    return list;
  }

  /** Which modes' compact sequences (what a match reads) are compiled so far (tests: what a lint compiles). */
  compiledLists(): ('generic' | 'alternatives' | 'withAccount')[] {
    return (['generic', 'alternatives', 'withAccount'] as const).filter((_, i) => this.compacts[i] !== undefined);
  }

  /** The compact tokens of a mode's list (MODE_INDEX), built on first use. */
  compact(mode: number): CompactTokens[] {
    let compact = this.compacts[mode];
    if (!compact) {
      compact = [];
      for (const alt of splitAlternatives(this.arn)) compactAlternative(alt, this.siblings, mode === 0, mode !== 2, compact);
      this.compacts[mode] = compact;
    }
    return compact;
  }

  /**
   * A resource type's namespace and slot. Every list shares the fields before the resource part but for the account,
   * and `alternatives` holds every account variant the other two hold (a template whose account is not one variable
   * has the same account in all three), so the namespace of all three is that of `alternatives` alone
   * (templateNamespaceOfAll, which the tests compare with this over all resource types).
   */
  private findSlot(): void {
    this.found = true;
    const cache = this.slotsOf;
    if (!cache) return;
    const namespace = namespaceOf(this.compact(1));
    if (namespace === undefined) return;
    const slot = cache.slots.get(namespace) ?? 0;
    cache.slots.set(namespace, slot + 1);
    this.foundNamespace = namespace;
    this.foundSlot = slot;
  }
}

/** Which of a compiled template's modes have been compiled for matching so far (tests: what a lint compiles). */
export function compiledLists(compiled: CompiledTemplate): ('generic' | 'alternatives' | 'withAccount')[] {
  return compiled instanceof LazyTemplate ? compiled.compiledLists() : ['generic', 'alternatives', 'withAccount'];
}

/** The literal service field every sequence shares, each read as an ARN (arnShape); else undefined. */
function namespaceOf(list: readonly CompactTokens[]): string | undefined {
  let namespace: string | undefined;
  for (const alt of list) {
    const service = arnShape(alt)?.fields[2];
    if (service === undefined || (namespace !== undefined && service !== namespace)) return undefined;
    namespace = service;
  }
  return namespace;
}

/**
 * The namespace of a template computed from all three lists (what compileResourceType computed before the lists were
 * compiled lazily): the tests hold it equal to `namespace`, which reads `alternatives` only.
 */
export function templateNamespaceOfAll(compiled: CompiledTemplate): string | undefined {
  const namespaces = [compiled.alternatives, compiled.generic, compiled.withAccount].map((list) => (list.length === 0 ? null : namespaceOf(list.map(compactTokens))));
  let namespace: string | undefined;
  for (const n of namespaces) {
    if (n === null) continue;
    if (n === undefined || (namespace !== undefined && n !== namespace)) return undefined;
    namespace = n;
  }
  return namespace;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** `arn:${Partition}:s3:::${BucketName}` → `arn:\0:s3:::\0` (variables anonymised), for sibling comparisons. */
function normalizeTemplate(arn: string): string {
  return arn.replace(VARIABLE, '\0');
}

/** Splits the literal text of a template on `:` outside `${…}` into its six fields. */
function templateFields(arn: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of arn) {
    if (c === '{' && current.endsWith('$')) depth++;
    if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0 && fields.length < 5) {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}

/** Tokens of a template field, variables mapped through `variableTokens`, `*` as any run. */
function fieldTokens(field: string, variableTokens: (name: string, endIndex: number) => Token[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < field.length) {
    if (field.startsWith('${', i)) {
      const close = field.indexOf('}', i);
      if (close > 0) {
        tokens.push(...variableTokens(field.slice(i + 2, close), close + 1));
        i = close + 1;
        continue;
      }
    }
    tokens.push(field[i] === '*' ? many(ANY) : lit(field[i]!));
    i++;
  }
  return tokens;
}

const ACCOUNT_VARIANTS: Token[][] = [[], Array.from({ length: 12 }, () => ({ kind: 'one', set: DIGITS }) as Token), literal('aws')];
/** ACCOUNT_VARIANTS without the empty account. */
const NON_EMPTY_ACCOUNT_VARIANTS: Token[][] = ACCOUNT_VARIANTS.slice(1);

/** Is the account field of a template one variable (`${Account}`, `${AccountId}`, …)? */
const isAccountVariable = (account: string): boolean => /^\$\{[^}]+\}$/.test(account);

/**
 * Compiles one alternative of a template. `siblings` are the normalised templates of the same service,
 * used to decide whether a trailing variable may contain `/` or `:`.
 */
function compileAlternative(arn: string, siblings: () => readonly string[], generic: boolean, emptyAccount = true): Token[][] {
  const fields = templateFields(arn);
  if (fields.length < 6 || fields[0] !== 'arn') return [[many(ANY)]]; // unknown shape: match anything
  const [, partition, service, region, account, resource] = fields as [string, string, string, string, string, string];
  const head: Token[] = [...literal('arn:')];
  head.push(...fieldTokens(partition, () => plus(PARTITION_CHARS)), lit(':'));
  head.push(...fieldTokens(service, () => plus(NO_COLON)), lit(':'));
  head.push(...fieldTokens(region, () => plus(REGION_CHARS)), lit(':'));
  const tail = fieldTokens(resource, (name, endIndex) => {
    if (generic) return [];
    return plus(variableCharSet(name, endIndex === resource.length, arn, siblings, service));
  });
  const accountVariants = isAccountVariable(account)
    ? emptyAccount
      ? ACCOUNT_VARIANTS
      : NON_EMPTY_ACCOUNT_VARIANTS
    : [fieldTokens(account, () => plus(NO_COLON))];
  return accountVariants.map((acc) => [...head, ...acc, lit(':'), ...tail]);
}

/**
 * compileAlternative straight into compact token sequences (pushed onto `out`), without token objects: what a match
 * reads. The same sequences as `compileAlternative(…).map(compactTokens)` (test/unit/arn-lazy-modes.test.ts compares
 * them over every resource type), built with a few array writes per character: a start compiles the templates of the
 * services a policy names in V8's interpreter, where the token objects were most of the cost of the first lint.
 */
function compactAlternative(arn: string, siblings: () => readonly string[], generic: boolean, emptyAccount: boolean, out: CompactTokens[]): void {
  const fields = templateFields(arn);
  if (fields.length < 6 || fields[0] !== 'arn') {
    // Unknown shape: one run of anything.
    const any = new TokenWriter();
    any.run(ANY);
    out.push(any.done());
    return;
  }
  const partition = fields[1]!;
  const service = fields[2]!;
  const region = fields[3]!;
  const account = fields[4]!;
  const resource = fields[5]!;
  const accountVariable = isAccountVariable(account);
  const variants = accountVariable ? (emptyAccount ? 3 : 2) : 1;
  for (let v = 0; v < variants; v++) {
    // The variant's account tokens: empty, 12 digits, `aws` (ACCOUNT_VARIANTS; without the empty one when it may not be).
    const variant = accountVariable ? (emptyAccount ? v : v + 1) : -1;
    const w = new TokenWriter();
    w.text('arn:');
    w.field(partition, PARTITION_CHARS);
    w.ch(':');
    w.field(service, NO_COLON);
    w.ch(':');
    w.field(region, REGION_CHARS);
    w.ch(':');
    if (variant === 1) for (let d = 0; d < 12; d++) w.one(DIGITS);
    else if (variant === 2) w.text('aws');
    else if (variant === -1) w.field(account, NO_COLON);
    w.ch(':');
    w.resource(resource, generic, arn, siblings, service);
    out.push(w.done());
  }
}

/** Writes one compact token sequence (see compactAlternative); `sets` holds a set only where `char` is undefined. */
class TokenWriter {
  private n = 0;
  private readonly many: number[] = [];
  private readonly chars: (string | undefined)[] = [];
  private readonly sets: CharSet[] = [];

  /** One literal character. */
  ch(c: string): void {
    this.many.push(0);
    this.chars.push(c);
    this.sets.push(LITERAL);
    this.n++;
  }
  text(text: string): void {
    for (let i = 0; i < text.length; i++) this.ch(text[i]!);
  }
  /** One character of a set (a set of one character is that character, as compactTokens reads it). */
  one(set: CharSet): void {
    this.token(0, set);
  }
  run(set: CharSet): void {
    this.token(1, set);
  }
  private token(many: number, set: CharSet): void {
    this.many.push(many);
    this.chars.push(set.only !== undefined && set.only.length === 1 ? set.only : undefined);
    this.sets.push(set);
    this.n++;
  }
  /** fieldTokens of a field before the resource part: each variable one or more characters of `set`, `*` any run. */
  field(text: string, set: CharSet): void {
    this.fieldWith(text, () => set);
  }
  /** fieldTokens of the resource part: a variable is nothing (generic) or one or more characters of variableCharSet. */
  resource(text: string, generic: boolean, arn: string, siblings: () => readonly string[], service: string): void {
    this.fieldWith(text, generic ? () => undefined : (name, last) => variableCharSet(name, last, arn, siblings, service));
  }
  /** A field's tokens: `*` any run, `${name}` one or more characters of `variable`'s set (nothing when it has none). */
  private fieldWith(text: string, variable: (name: string, last: boolean) => CharSet | undefined): void {
    let i = 0;
    while (i < text.length) {
      if (text.startsWith('${', i)) {
        const close = text.indexOf('}', i);
        if (close > 0) {
          const set = variable(text.slice(i + 2, close), close + 1 === text.length);
          if (set) {
            this.one(set);
            this.run(set);
          }
          i = close + 1;
          continue;
        }
      }
      if (text[i] === '*') this.run(ANY);
      else this.ch(text[i]!);
      i++;
    }
  }
  done(): CompactTokens {
    return tokenSequence(this.n, false, Uint8Array.from(this.many), this.chars, this.sets, undefined);
  }
}

/** The set of a literal character in a compact sequence: never read (its `char` is). */
const LITERAL: CharSet = { only: '' };

/** The compact sequences of a template's list as compactTokens builds them from token objects (the tests' reference). */
export function compactFromTokens(compiled: CompiledTemplate, list: 'alternatives' | 'generic' | 'withAccount'): readonly { n: number; many: number[]; char: (string | undefined)[]; sets: (CharSet | undefined)[] }[] {
  return compiled[list].map((tokens) => {
    const c = compactTokens(tokens);
    return { n: c.n, many: [...c.many], char: [...c.char], sets: c.sets.map((set, i) => (c.char[i] === undefined ? set : undefined)) };
  });
}

/** The compact sequences a match reads, in the same form as compactFromTokens (tests). */
export function compactOfMode(compiled: CompiledTemplate, list: 'alternatives' | 'generic' | 'withAccount'): readonly { n: number; many: number[]; char: (string | undefined)[]; sets: (CharSet | undefined)[] }[] {
  const mode = list === 'generic' ? 0 : list === 'alternatives' ? 1 : 2;
  const compacts = compiled instanceof LazyTemplate ? compiled.compact(mode) : compiled[list].map(compactTokens);
  return compacts.map((c) => ({ n: c.n, many: [...c.many], char: [...c.char], sets: c.sets.map((set, i) => (c.char[i] === undefined ? set : undefined)) }));
}

/**
 * Variables whose values AWS documents a character set for (`service/Variable`). They keep a wildcard in the region
 * or account field from running into them: `arn:aws:dynamodb:*:*:table/Orders` is no stream ARN, because a table
 * name has no `:` or `/` and a stream label is a timestamp.
 */
const VARIABLE_CHARS: ReadonlyMap<string, CharSet> = new Map([
  // Table and index names: a-z, A-Z, 0-9, `_`, `-`, `.`
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
  ['dynamodb/TableName', { only: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.' }],
  ['dynamodb/IndexName', { only: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.' }],
  // A stream label is an ISO 8601 timestamp (2015-05-11T21:21:33.291):
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Stream.html
  ['dynamodb/StreamLabel', { only: '0123456789-:.TZ' }],
]);

/**
 * What characters a resource-part variable may hold (see the file comment). `arn` is the alternative the variable is
 * in; `siblings` (the service's normalised templates) are asked for only for a trailing variable that needs them.
 */
function variableCharSet(name: string, atEnd: boolean, arn: string, siblings: () => readonly string[], service: string): CharSet {
  const known = VARIABLE_CHARS.get(`${service}/${name}`);
  if (known) return known;
  if (PATH_VARIABLE.test(name)) return ANY;
  if (!atEnd) return NO_SLASH;
  const prefix = normalizeTemplate(arn) + '/';
  return siblings().some((s) => s.startsWith(prefix)) ? NO_SLASH : ANY;
}

/** Per data instance: the compiled resource types, and how many of each ARN namespace have a slot. */
interface CompiledTypes {
  types: WeakMap<ResourceTypeInfo, LazyTemplate>;
  slots: Map<string, number>;
  /** Each service's templates, split and normalized: what every one of its types is compiled against. */
  siblings: Map<string, readonly string[]>;
}

const compiledByData = new WeakMap<IamData, CompiledTypes>();
/** The last data instance asked about and its cache (one per process in practice): no lookup per call. */
let lastData: IamData | undefined;
let lastDataCache: CompiledTypes | undefined;

/**
 * The compiled matcher of a resource type (cached per data and type object: the data's objects are stable). Nothing is
 * compiled here: each list when first read (LazyTemplate), the namespace and slot with the first match.
 */
export function compileResourceType(data: IamData, type: ResourceTypeInfo): CompiledTemplate {
  let cache = data === lastData ? lastDataCache : compiledByData.get(data);
  if (!cache) {
    cache = { types: new WeakMap(), slots: new Map(), siblings: new Map() };
    compiledByData.set(data, cache);
  }
  lastData = data;
  lastDataCache = cache;
  let compiled = cache.types.get(type);
  if (!compiled) {
    const types = cache;
    const service = type.service;
    const siblings = (): readonly string[] => {
      let list = types.siblings.get(service);
      if (!list) {
        list = data.resourceTypes(service).flatMap((t) => splitAlternatives(t.arn).map(normalizeTemplate));
        types.siblings.set(service, list);
      }
      return list;
    };
    compiled = new LazyTemplate(type.arn, siblings, cache);
    cache.types.set(type, compiled);
  }
  return compiled;
}

/** Compiles a bare template string (tests, ad-hoc checks); siblings default to none. */
export function compileTemplate(arn: string, siblingTemplates: readonly string[] = []): CompiledTemplate {
  let siblings: readonly string[] | undefined;
  return new LazyTemplate(arn, () => (siblings ??= siblingTemplates.flatMap((t) => splitAlternatives(t).map(normalizeTemplate))), undefined);
}

/** A few resource types list two ARN forms separated by `, ` (API Gateway v1/v2, Lex). */
function splitAlternatives(arn: string): string[] {
  return arn.split(/,\s*/).filter((a) => a.length > 0);
}

// ---------------------------------------------------------------------------------------------------
// Queries (cached per pattern)

/**
 * Compiled patterns in a RecentTable (a pair of slots per key, by a hash of the whole string): a pattern asked again
 * within a few thousand others is compiled once, so the rules classifying one Resource share its tokens and their
 * answers (matchPattern). No map: a policy whose ARNs are all different would grow, rehash and clear one on every lint.
 */
const patternTable = new RecentTable<CompactTokens>(8, 15, 0.5);
let lastPattern: string | undefined;
let lastCompact: CompactTokens | undefined;

/** The compact tokens of a pattern: the last one asked (a pattern is checked against each type in turn), then the table. */
function cachedPatternTokens(pattern: string): CompactTokens {
  if (pattern === lastPattern) {
    // The string asked, so that the next question with the same string object is told by identity, not by content.
    lastPattern = pattern;
    return lastCompact!;
  }
  let tokens = patternTable.get(pattern);
  if (!tokens) {
    // The table outlives the lint: its key and the tokens' text must not be slices of the document's text (detach.ts).
    const own = ownCopy(pattern);
    tokens = compactPattern(own);
    patternTable.set(own, tokens);
  }
  lastPattern = pattern;
  lastCompact = tokens;
  return tokens;
}

/**
 * What iam/resource-arn-malformed keeps with a Resource pattern's compiled tokens (its issues), and the data instance
 * they were computed with: the rule finds them with the one look-up that finds the pattern's classification, which
 * iam/resource-type-mismatch reads next (one table, one hash and one copy per Resource string, not two of each).
 */
export interface PatternMemo {
  /** The pattern, as an own copy (detach.ts). */
  readonly source?: string;
  memo: unknown;
  memoOwner: object | undefined;
}

/** The memo kept with a Resource pattern (see PatternMemo): the pattern's entry in the table of compiled patterns. */
export function patternMemo(pattern: string): PatternMemo {
  return cachedPatternTokens(pattern);
}

type MatchMode = 'generic' | 'lenient' | 'withAccount';

/** Patterns of more tokens than this have their results cached per template and mode (see matchPattern). */
const CACHED_PATTERN_TOKENS = 128;

const matchCache = new WeakMap<LazyTemplate, Record<MatchMode, Map<string, boolean>>>();

/**
 * A pattern is compiled once (cachedPatternTokens) and checked in time linear in its length against each alternative.
 * Its answers for the resource types of its own namespace are kept with its tokens (one classification shared by the
 * rules and actions that ask; a policy whose ARNs are all different costs one search per ARN and type, not one per
 * question). Long patterns (a crafted `*a*a…*b`), whose product with a template is large, also keep their results
 * per template and mode (bounded).
 */
function matchPattern(template: CompiledTemplate, pattern: string, mode: MatchMode): boolean {
  const compiled = template as LazyTemplate;
  const tokens = cachedPatternTokens(pattern);
  const slot = compiled.slot;
  if (slot !== undefined) {
    // One classification per Resource, shared by every rule and action that asks: a pattern whose service field is
    // literal is only ever of its own namespace's resource types, and its answers for them are kept on its tokens,
    // by the template's slot and the mode (so several rules classifying the same ARN search once).
    // A plain pattern's service is read in place (plainFields); it has one whenever it has a shape.
    const plain = tokens.plain && plainFields(tokens);
    const service = tokens.plain ? undefined : arnShape(tokens)?.fields[2];
    if (plain || service !== undefined) {
      // shapesAgree would reject every alternative
      if (plain ? !plainFieldIs(tokens, 2, compiled.namespace!) : service !== compiled.namespace) return false;
      if (tokens.answersOwner !== compiled.slotOwner) {
        // another data instance's numbering (tests load several)
        tokens.answers0 = 0;
        tokens.answers = undefined;
        tokens.answersOwner = compiled.slotOwner;
      }
      const index = (slot / 5) | 0;
      const known = 1 << (6 * (slot - index * 5) + 2 * MODE_INDEX[mode]);
      if (index === 0) {
        const bits = tokens.answers0;
        if ((bits & known) !== 0) return (bits & (known << 1)) !== 0;
        const result = computeMatch(compiled, tokens, pattern, mode);
        tokens.answers0 = bits | known | (result ? known << 1 : 0);
        return result;
      }
      // Numbers 1… at 0…, allocated at the size needed (not grown by pushes, which reserve 17 numbers).
      let answers = tokens.answers;
      if (answers === undefined || answers.length < index) answers = tokens.answers = answersOfLength(answers, index);
      const bits = answers[index - 1]!;
      if ((bits & known) !== 0) return (bits & (known << 1)) !== 0;
      const result = computeMatch(compiled, tokens, pattern, mode);
      answers[index - 1] = bits | known | (result ? known << 1 : 0);
      return result;
    }
  }
  // Several rules, and several actions of one statement, ask about the same Resource and resource type in a row
  // (s3:GetObject, s3:PutObject and s3:DeleteObject on one object ARN): the recent answers are kept in a small
  // direct-mapped table keyed by the pattern's tokens and the template, without allocating.
  compiled.id ??= nextTemplateId++;
  const key = compiled.id * 3 + MODE_INDEX[mode];
  const slotIndex = (Math.imul(tokens.id, 0x9e3779b1) ^ Math.imul(key, 0x85ebca6b)) >>> (32 - RECENT_BITS);
  if (recentTokens[slotIndex] === tokens && recentKey[slotIndex] === key) return recentResult[slotIndex] === 1;
  const result = computeMatch(compiled, tokens, pattern, mode);
  recentTokens[slotIndex] = tokens;
  recentKey[slotIndex] = key;
  recentResult[slotIndex] = result ? 1 : 0;
  return result;
}

/** `answers` (or nothing) extended with zeros to `length` numbers. */
function answersOfLength(answers: number[] | undefined, length: number): number[] {
  const grown = new Array<number>(length);
  for (let i = 0; i < length; i++) grown[i] = answers !== undefined && i < answers.length ? answers[i]! : 0;
  return grown;
}

const MODE_INDEX: Record<MatchMode, number> = { generic: 0, lenient: 1, withAccount: 2 };
const RECENT_BITS = 10;
const recentTokens: (CompactTokens | undefined)[] = new Array<CompactTokens | undefined>(1 << RECENT_BITS);
const recentKey = new Float64Array(1 << RECENT_BITS);
const recentResult = new Uint8Array(1 << RECENT_BITS);
let nextTemplateId = 1;

function computeMatch(compiled: LazyTemplate, tokens: CompactTokens, pattern: string, mode: MatchMode): boolean {
  let cache: Map<string, boolean> | undefined;
  if (tokens.n > CACHED_PATTERN_TOKENS) {
    let caches = matchCache.get(compiled);
    if (!caches) {
      caches = { generic: new Map(), lenient: new Map(), withAccount: new Map() };
      matchCache.set(compiled, caches);
    }
    cache = caches[mode];
    const known = cache.get(pattern);
    if (known !== undefined) return known;
  }
  const alternatives = compiled.compact(MODE_INDEX[mode]);
  let result = false;
  for (const alt of alternatives) {
    if (compactIntersect(tokens, alt)) {
      result = true;
      break;
    }
  }
  if (cache) {
    if (cache.size > 200) cache.clear();
    cache.set(pattern, result);
  }
  return result;
}

/**
 * The resource types of a list (one namespace's, compiled) by the first character of the literal resource prefix of
 * their lenient alternatives (arnShape's `resourcePrefix`): `all` the positions of every type, `always` those of the
 * types some alternative of which has no shape or an empty prefix, and `byFirst` for each character the positions of
 * `always` and of the types some alternative's prefix starts with it, ascending.
 */
interface TypeIndex {
  all: number[];
  always: number[];
  byFirst: Map<string, number[]>;
}

const typeIndexes = new WeakMap<readonly CompiledTemplate[], TypeIndex>();

function typeIndexOf(compiled: readonly CompiledTemplate[]): TypeIndex {
  let index = typeIndexes.get(compiled);
  if (index) return index;
  const all: number[] = [];
  const always: number[] = [];
  const firsts: Set<string>[] = [];
  for (let i = 0; i < compiled.length; i++) {
    all.push(i);
    const chars = new Set<string>();
    let anyPrefix = false;
    for (const alt of (compiled[i] as LazyTemplate).compact(MODE_INDEX.lenient)) {
      const shape = arnShape(alt);
      if (!shape || shape.resourcePrefix === '') anyPrefix = true;
      else chars.add(shape.resourcePrefix[0]!);
    }
    if (anyPrefix) always.push(i);
    firsts.push(anyPrefix ? new Set() : chars);
  }
  const byFirst = new Map<string, number[]>();
  for (const chars of firsts) for (const c of chars) if (!byFirst.has(c)) byFirst.set(c, all.filter((i) => always.includes(i) || firsts[i]!.has(c)));
  index = { all, always, byFirst };
  typeIndexes.set(compiled, index);
  return index;
}

/**
 * The positions (ascending) in `compiled` of the types `patternCanMatchTemplate(pattern, type)` may answer true for:
 * every other type has, in each lenient alternative, a literal resource prefix that neither starts nor is started by
 * the pattern's (their first characters differ), so no string matches both (shapesAgree). One look-up by the first
 * character of the pattern's resource part instead of a search per type (test/unit/arn-type-index.test.ts holds it
 * to that over every bundled resource type).
 */
export function typesPatternMayMatch(pattern: string, compiled: readonly CompiledTemplate[]): readonly number[] {
  const index = typeIndexOf(compiled);
  const tokens = cachedPatternTokens(pattern);
  if (tokens.plain) {
    // plainShape's prefix read in place (plainFields).
    if (!plainFields(tokens)) return index.all;
    const head = tokens.f4 + 1;
    if (tokens.prefixEnd === head) return index.all;
    return index.byFirst.get(tokens.source![head]!) ?? index.always;
  }
  const shape = arnShape(tokens);
  if (!shape || shape.resourcePrefix === '') return index.all;
  return index.byFirst.get(shape.resourcePrefix[0]!) ?? index.always;
}

/** Can some ARN matched by this Resource pattern be an ARN of this template? */
export function patternCanMatchTemplate(pattern: string, compiled: CompiledTemplate): boolean {
  return matchPattern(compiled, pattern, 'lenient');
}

/**
 * Like `patternCanMatchTemplate`, but an `${Account}` of the template is a real account (12 digits or `aws`),
 * never empty: `arn:aws:iam:::role/app` can be a role ARN only by this function's leniency counterpart.
 */
export function patternCanMatchTemplateWithAccount(pattern: string, compiled: CompiledTemplate): boolean {
  return matchPattern(compiled, pattern, 'withAccount');
}

/**
 * Can this pattern match the "type-level" ARN that services check wildcard-only actions against
 * (the template with every resource variable empty, e.g. `arn:aws:logs:us-east-1:123456789012:log-group:`)?
 * AWS documents `arn:aws:logs:<region>:<account>:log-group:*` as working for `logs:DescribeLogGroups`,
 * which has no resource types: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 */
export function patternCanMatchGenericTemplate(pattern: string, compiled: CompiledTemplate): boolean {
  return matchPattern(compiled, pattern, 'generic');
}

/** Can the Resource pattern be an ARN of this resource type? */
export function resourceCanBeOfType(data: IamData, pattern: string, type: ResourceTypeInfo): boolean {
  return patternCanMatchTemplate(pattern, compileResourceType(data, type));
}

/** Resource types (of any service) a pattern can be an ARN of, among those of one service. */
export function matchingResourceTypes(data: IamData, pattern: string, service: string): ResourceTypeInfo[] {
  return data.resourceTypes(service).filter((type) => resourceCanBeOfType(data, pattern, type));
}

// ---------------------------------------------------------------------------------------------------
// Well-formedness facts

/** AWS partitions: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html */
export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** ARN service namespaces used by resource types that are not IAM service prefixes (a unit test keeps this in sync with the data). */
export const EXTRA_ARN_NAMESPACES: readonly string[] = ['catalog', 'elastic-inference', 'route53-recovery-control'];

/** `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`, `ap-southeast-5`. */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Is the string a known ARN service namespace? */
export function isArnNamespace(data: IamData, service: string): boolean {
  return service === service.toLowerCase() && (data.serviceExists(service) || EXTRA_ARN_NAMESPACES.includes(service));
}

/** Replaces the inside of each `${…}` with `x` so that colons inside variables do not split ARN fields. */
export function maskVariables(value: string): string {
  if (!value.includes('${')) return value; // most ARNs: nothing to mask, nothing to allocate
  return replaceDollarBraces(value, (span) => '${' + 'x'.repeat(span.end - span.start - 3) + '}');
}

/** Can the partition field (maybe with wildcards) be a real partition? */
export function partitionMatches(partition: string): boolean {
  if (!hasWildcard(partition)) return PARTITIONS.includes(partition);
  const matcher = compileWildcard(partition, false);
  return PARTITIONS.some((p) => matcher.test(p));
}

/** Why a region field can never be a region, or undefined. Empty and variables are accepted. */
export function regionProblem(region: string): string | undefined {
  if (region === '' || region.includes('${')) return undefined;
  if (hasWildcard(region)) {
    return /^[a-z0-9*?-]+$/.test(region) ? undefined : `"${region}" cannot match a region name (regions are lower case, like us-east-1).`;
  }
  return REGION_NAME.test(region) ? undefined : `"${region}" is not a region name (like us-east-1 or eu-west-2).`;
}

/** Why an account field can never be an account ID, or undefined. Empty, `aws` and variables are accepted. */
export function accountProblem(account: string): string | undefined {
  if (account === '' || account === 'aws' || account.includes('${')) return undefined;
  if (hasWildcard(account)) {
    const fixedLength = account.replace(/\*/g, '').length;
    const ok = /^[0-9*?]+$/.test(account) && (account.includes('*') ? fixedLength <= 12 : account.length === 12);
    return ok ? undefined : `"${account}" cannot match a 12-digit AWS account ID.`;
  }
  if (/^\d{12}$/.test(account)) return undefined;
  if (/^\d+$/.test(account)) return `"${account}" has ${account.length} digits: an AWS account ID has exactly 12.`;
  return `"${account}" is not an AWS account ID (12 digits).`;
}

