// IAM wildcard matching: `*` matches any run of characters (including `/` and `:`), `?` exactly one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards

const cache = new Map<string, RegExp>();

/** A compiled matcher for an IAM pattern. Actions compare case-insensitively, resources case-sensitively. */
export function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let re = cache.get(key);
  if (!re) {
    let source = '^';
    for (const ch of pattern) {
      if (ch === '*') source += '.*';
      else if (ch === '?') source += '.';
      else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    re = new RegExp(source + '$', caseInsensitive ? 'is' : 's');
    if (cache.size > 5000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** Does an action pattern (`s3:Get*`, `*`) match an action name (`s3:GetObject`)? Case-insensitive, as IAM. */
export function actionMatches(pattern: string, action: string): boolean {
  if (!hasWildcard(pattern)) return pattern.toLowerCase() === action.toLowerCase();
  return wildcardRegExp(pattern, true).test(action);
}

/** Does a resource pattern match a concrete ARN? Case-sensitive; `*` crosses `/` and `:`. */
export function resourceMatches(pattern: string, arn: string): boolean {
  if (!hasWildcard(pattern)) return pattern === arn;
  return wildcardRegExp(pattern, false).test(arn);
}
