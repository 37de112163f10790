// How much slower work gets when its input grows: a ratio measured within one run, robust to a busy machine.
//
// Each size is timed several times, interleaved, and the fastest run of each counts: other processes and the
// garbage collector only ever add time, so the minimum is the closest to the work itself.

export interface GrowthOptions {
  /** Timed runs per size (interleaved small, large, small, …). */
  rounds?: number;
  /** Calls per timed run, for work that is too fast to time once. */
  repeat?: number;
}

/** time(large) / time(small), each the fastest of `rounds` interleaved runs after one warm-up of each. */
export function growthRatio(small: () => unknown, large: () => unknown, options: GrowthOptions = {}): number {
  const rounds = options.rounds ?? 5;
  const repeat = options.repeat ?? 1;
  const timeOf = (work: () => unknown): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i++) work();
    return Number(process.hrtime.bigint() - start);
  };
  timeOf(small);
  timeOf(large);
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let round = 0; round < rounds; round++) {
    bestSmall = Math.min(bestSmall, timeOf(small));
    bestLarge = Math.min(bestLarge, timeOf(large));
  }
  return bestLarge / Math.max(bestSmall, 1);
}
