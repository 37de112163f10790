// What the terminal and the environment say about colours and progress output (a leaf module).

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Whether stylish output is coloured when no --color/--no-color flag says so: NO_COLOR (non-empty) turns
 * colours off (https://no-color.org), else FORCE_COLOR turns them on even in a pipe (`0` or `false` off),
 * else a terminal other than TERM=dumb gets them.
 */
export function colorFromEnvironment(env: Environment, isTty: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return isTty && env.TERM !== 'dumb';
}

/** A progress line on stderr only on a terminal, and never in CI logs (CI=true, or a terminal CI emulates). */
export function progressFromEnvironment(env: Environment, stderrIsTty: boolean): boolean {
  if (!stderrIsTty || env.TERM === 'dumb') return false;
  const ci = env.CI;
  return (ci === undefined || ci === '' || ci === '0' || ci.toLowerCase() === 'false') && env.GITHUB_ACTIONS === undefined;
}
