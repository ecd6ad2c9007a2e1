// The index of the suite's workloads, in the order they run. Each produces named results (the
// JSON contract's keys); `--only` selects by those names or their groups.
import { childWorkloads } from './child-benches.js';
import { graphWorkload } from './graph-workload.js';
import type { Workload } from './model.js';
import { multidbWorkload } from './multidb-workload.js';
import { writeWorkload } from './write-workload.js';

export const WORKLOADS: readonly Workload[] = [graphWorkload, writeWorkload, multidbWorkload, ...childWorkloads];

/** Every result name the suite can produce. */
export const RESULT_NAMES: readonly string[] = WORKLOADS.flatMap((w) => w.produces);
