// GrantCheck's own version, injected by the bundler (falls back to package.json when run from source).

declare const __GRANTCHECK_VERSION__: string | undefined;

export function grantcheckVersion(): string {
  if (typeof __GRANTCHECK_VERSION__ === 'string') return __GRANTCHECK_VERSION__;
  try {
    // A variable, not a literal, so the bundler does not inline the whole package.json (it is dead code there).
    const manifest = '../../package.json';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(manifest) as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}
