// GRANTCHECK_DEBUG_STARTUP=1: the language server says on standard error when it answered `initialize` and sent its
// first diagnostics, in milliseconds since the process started (the loader adds the bundle's compile and evaluation).

const enabled = process.env.GRANTCHECK_DEBUG_STARTUP === '1';
const said = new Set<string>();

/** Writes "<event> at N ms after the process started" once per event, when start-up tracing is on. */
export function startupMark(event: string): void {
  if (!enabled || said.has(event)) return;
  said.add(event);
  process.stderr.write(`[grantcheck] start-up: ${event} ${performance.now().toFixed(1)} ms after the process started (${process.resourceUsage().minorPageFault} page faults)\n`);
}
