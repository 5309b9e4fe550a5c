/** Types of startup.mjs (the benchmark runs as plain Node ESM; the unit test is TypeScript). */

/** The workerd binary of the installed `workerd` package, or undefined when there is none. */
export function workerdBinary(root: string): string | undefined;

/** Whether valgrind can be run. */
export function hasValgrind(): boolean;

/** Instructions workerd executes to load `script` (an ES module Worker) and exit; rejects when it fails to load. */
export function startupInstructions(binary: string, script: string): Promise<number>;

/** Startup instructions of each Worker (`{name: script}`): the median of `runs` counts, and every count. */
export function measureStartup(
  binary: string,
  workers: Record<string, string>,
  runs: number,
): Promise<Record<string, { median: number; counts: number[] }>>;
