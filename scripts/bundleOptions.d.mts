// Types of scripts/bundleOptions.mjs (for scripts/bench.ts).
import type { BuildOptions } from 'esbuild';

export declare const SHIPPED_BUNDLE_OPTIONS: BuildOptions;
