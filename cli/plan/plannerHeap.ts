/**
 * V8's flags for a process that plans stacks (a plan worker; `npm run bench` plans with them too).
 *
 * Planning allocates mostly short-lived promises and Outputs (the SDK's), most of which survive a
 * scavenge and die in the old generation. Garbage collection is then cheap, and V8 reads its low cost
 * as licence to let the heap grow up to four times its live size before the next mark-compact: a
 * plan of 1,000 products with a live heap of 190 MiB peaked at 1 GiB of RSS. A factor of two is what
 * V8 itself uses on a device short of memory; it halved that peak (about 0.5–0.65 GiB) for no time
 * we could tell from the machine's noise (`npm run bench`).
 */
export const PLANNER_V8_FLAGS: readonly string[] = ["--heap-growing-percent=100"];
