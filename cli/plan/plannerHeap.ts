/**
 * V8's flags for a process that plans stacks (a plan worker; `npm run bench` plans with them too).
 *
 * Planning allocates mostly short-lived promises and Outputs (the SDK's), which live for a
 * registration's round trip: with V8's default young generation most of them survive a scavenge
 * and die in the old generation, and garbage collection was a third of a plan's time.
 * - `--max-semi-space-size=32` (MiB; V8's default on this class of machine is 16) lets them die
 *   young: a third less planning time for about 50 MiB more RSS at 100 products.
 * - `--heap-growing-percent=100`: old-generation collection is then cheap, which V8 reads as
 *   licence to let the heap grow up to four times its live size before the next mark-compact (a
 *   plan of 1,000 products with a live heap of 190 MiB peaked at 1 GiB of RSS). A factor of two is
 *   what V8 itself uses on a device short of memory; it halved that peak.
 * Measured by `npm run bench` (peak RSS at 1,000 products, same run as its floor).
 */
export const PLANNER_V8_FLAGS: readonly string[] = ["--max-semi-space-size=32", "--heap-growing-percent=100"];
