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

/** Placeholders found in a string value, in order, not overlapping. */
export function findPlaceholders(value: string): PlaceholderMatch[] {
  if (!/[<${]|YOUR|REPLACE|INSERT|ENTER|ME\b|TODO|FIXME|PLACEHOLDER|XXXX|ACCOUNT|BUCKET/i.test(value)) return [];
  const found: PlaceholderMatch[] = [];
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      const text = m[0];
      if (text.startsWith('${') && POLICY_VARIABLE.test(text)) continue;
      const start = m.index;
      const end = start + text.length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ start, end, text });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** How a placeholder was written, for messages: `<name>`, `${name}` template variable, or a sample word. */
export type PlaceholderKind = 'angle' | 'template-variable' | 'word';

export function placeholderKind(text: string): PlaceholderKind {
  if (text.startsWith('<')) return 'angle';
  if (text.startsWith('${') || text.startsWith('{{')) return 'template-variable';
  return 'word';
}

export function hasPlaceholder(value: string): boolean {
  return findPlaceholders(value).length > 0;
}

/** True for a real IAM policy variable such as `${aws:username}`. */
export function isPolicyVariable(text: string): boolean {
  return POLICY_VARIABLE.test(text);
}
