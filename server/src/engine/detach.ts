// Copies of strings that keep nothing else alive, for what a cache keeps across lints.
//
// V8 keeps a substring of 13 characters or more as a view of the string it was cut from (a sliced string), and a
// concatenation as a pair of its parts: a value read from a policy (a Sid, an action, a Resource) keeps the whole
// text of that document version alive for as long as it is kept. A cache that outlives the lint (lintCache.ts, the
// engine's RecentTables) stores own copies instead.

/**
 * V8 keeps a substring of this many characters or more as a view of the string it was cut from (a sliced string),
 * which keeps all of that string alive; a shorter one is a copy.
 */
const SLICE_MIN_LENGTH = 13;

/** A string with its own storage (a slice of a long text would keep all of it alive). */
export function ownCopy(s: string): string {
  return s.length < SLICE_MIN_LENGTH ? s : (' ' + s).slice(1);
}

/**
 * `value` as a cache entry may keep it: a copy in which every string (in arrays and plain objects, at any depth) has
 * its own storage. A rule's value made of a statement's strings (its Sid, its actions as written) holds slices of the
 * document version it was read from; kept in the entry of that version's statement text (the versions typed are kept
 * for undo), it kept the whole text alive: 50 KB per keystroke in a 50 KB policy. Other objects are kept as they are.
 */
export function detached<T>(value: T): T {
  if (typeof value === 'string') return ownCopy(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(detached) as T;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = prototype === null ? (Object.create(null) as Record<string, unknown>) : {};
  for (const key of Object.keys(value)) copy[key] = detached((value as Record<string, unknown>)[key]);
  return copy as T;
}
