// Unfilled documentation placeholders (`<bucket>`, `${region}`, `YOUR_ACCOUNT_ID`) vs real IAM policy variables.
// Policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

export interface PlaceholderMatch {
  /** Offsets inside the string value (not the JSON token). */
  start: number;
  end: number;
  text: string;
}

/** `${aws:username}`, `${s3:prefix}`, `${*}`, `${?}`, `${$}` are real variables; `${region}` is a template leftover. */
const POLICY_VARIABLE = /^\$\{(?:[A-Za-z0-9-]+:[^}]+|\*|\?|\$)\}$/;

const PATTERNS: RegExp[] = [
  /<[^<>\r\n]{1,100}>/g,
  /\$\{[^}\r\n]{0,100}\}/g,
  /\b(?:YOUR|REPLACE|INSERT|ENTER)[_-][A-Z0-9_-]+\b/g,
  // `your-bucket-name`, `your_account`: lower-case "your-" names are sample values, never real resources.
  /\b[Yy]our[_-][A-Za-z0-9_-]+/g,
  /\b(?:REPLACE_?ME|CHANGE_?ME|TODO|FIXME|PLACEHOLDER|XXXXXXXXXXXX|ACCOUNT_?ID|ACCOUNT-ID|BUCKET_?NAME|BUCKET-NAME)\b/g,
  /\{\{[^}\r\n]{1,100}\}\}/g,
];

/** Every placeholder contains one of these. */
const QUICK_CHECK = /[<${]|YOUR|REPLACE|INSERT|ENTER|ME\b|TODO|FIXME|PLACEHOLDER|XXXX|ACCOUNT|BUCKET/i;

/** Placeholders found in a string value, in order, not overlapping. */
export function findPlaceholders(value: string): PlaceholderMatch[] {
  if (!QUICK_CHECK.test(value)) return [];
  // Sorted by start and disjoint; each pattern's matches come in order, so one cursor finds the overlaps.
  let found: PlaceholderMatch[] = [];
  for (const pattern of PATTERNS) {
    const added: PlaceholderMatch[] = [];
    let cursor = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      const text = m[0];
      if (text.startsWith('${') && POLICY_VARIABLE.test(text)) continue;
      const start = m.index;
      const end = start + text.length;
      while (cursor < found.length && found[cursor]!.end <= start) cursor++;
      if (cursor < found.length && found[cursor]!.start < end) continue;
      added.push({ start, end, text });
    }
    if (added.length > 0) found = mergeByStart(found, added);
  }
  return found;
}

function mergeByStart(a: readonly PlaceholderMatch[], b: readonly PlaceholderMatch[]): PlaceholderMatch[] {
  const merged: PlaceholderMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.start < b[j]!.start)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

/** How a placeholder was written, for messages: `<name>`, `${name}` template variable, or a sample word. */
export type PlaceholderKind = 'angle' | 'template-variable' | 'word';

export function placeholderKind(text: string): PlaceholderKind {
  if (text.startsWith('<')) return 'angle';
  if (text.startsWith('${') || text.startsWith('{{')) return 'template-variable';
  return 'word';
}

/** Same as `findPlaceholders(value).length > 0`, stopping at the first one (rules ask this of every value). */
export function hasPlaceholder(value: string): boolean {
  if (!QUICK_CHECK.test(value)) return false;
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      if (!(m[0].startsWith('${') && POLICY_VARIABLE.test(m[0]))) return true;
    }
  }
  return false;
}

/** True for a real IAM policy variable such as `${aws:username}`. */
export function isPolicyVariable(text: string): boolean {
  return POLICY_VARIABLE.test(text);
}
