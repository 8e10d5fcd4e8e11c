/**
 * Full collections on a large repository. V8 starts the next full (mark-compact) collection when the old generation
 * reaches a multiple of what survived the last one, up to 4x: it takes the survivors for the program's working set.
 * The repository index is not a working set; it is a large, static block that lives for the whole run. On 30,000
 * tenant files the last full collection of an `eslint` run came 6 s in, with 131 MB alive, and none followed in the
 * remaining 55 s: the heap filled with 300 MB of dead per-file objects (ESLint's, its parser's, ours), which still
 * point into the young generation and keep what they point to alive, so every scavenge grew slower (4.6 s of
 * scavenges against the floor's 2.3 s; 1.78x the floor's wall time against 1.5x at 10,000 files).
 *
 * So a large index asks V8 for a smaller multiple: one that leaves room for a fixed amount of garbage
 * (GARBAGE_ROOM) above the live heap expected with the index. Measured (docs/performance.md, round 6): 30,000 files
 * 51-55 s against 59-61 s; 100,000 files peak 1,161 -> 757 MB; mixed 10,000 files 216-238 MB against 232-308 MB.
 * Small indexes are left to V8. Only when collections run changes, never what any code computes.
 * `--heap-growing-percent` in the node options, or KUBE_LINT_GC_PACING=off, leaves V8 as it is.
 */
import v8 from "node:v8";
import { nodeOptionGiven } from "./node-options.js";

const FLAG = "heap-growing-percent";
const MB = 1024 * 1024;
/** What an ESLint process holds without the index (the floor's heap after a full collection: ~48 MB). */
const BASE_HEAP = 48 * MB;
/** What the index and its per-run maps hold per file (131 MB alive at 30,000 tenant files, less the base). */
const HEAP_PER_FILE = 2.7 * 1024;
/** Dead objects allowed to pile up between full collections (the floor runs with ~150 MB). */
const GARBAGE_ROOM = 128 * MB;
/**
 * Above this (indexes under ~6,000 files) V8's own multiple is left alone. From 10,000 files on, V8's multiple
 * varies with the machine's load (it is computed from measured GC and allocation speeds): strict on the mixed
 * 10,000-file repository peaked at 232 or 288-293 MB from one run to the next; at 172 it stays at 226-240 MB.
 */
const MAX_PERCENT = 200;
/** Never ask for a full collection more often than every quarter of the live heap. */
const MIN_PERCENT = 25;

let applied: number | undefined;

/** The heap growing percent for an index of `files` files, or undefined when V8's own pacing should stay. */
export function growingPercentFor(files: number): number | undefined {
  const live = BASE_HEAP + files * HEAP_PER_FILE;
  const percent = Math.max(MIN_PERCENT, Math.round((100 * GARBAGE_ROOM) / live));
  return percent <= MAX_PERCENT ? percent : undefined;
}

/**
 * Called when a scan has listed `files` files, before reading them (the build's own collections count too): paces
 * V8's full collections for an index of that size (process-wide, and only ever tighter: a second, smaller index in
 * the same process does not loosen what a larger one set).
 */
export function paceCollections(files: number): number | undefined {
  if (process.env.KUBE_LINT_GC_PACING === "off" || nodeOptionGiven(FLAG)) return undefined;
  const percent = growingPercentFor(files);
  if (percent === undefined || (applied !== undefined && applied <= percent)) return applied;
  v8.setFlagsFromString(`--${FLAG}=${percent}`);
  applied = percent;
  return percent;
}
