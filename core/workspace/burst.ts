/**
 * Building the index is one burst of allocations that all survive (every file's entry is kept). V8's
 * allocation-site pretenuring reads such a burst as "objects from these places in the code live long" and from then
 * on allocates objects from those places straight in the old generation — places the burst shares with ESLint's own
 * per-file work (its parser's, yaml's and Node's internals). Each linted file's short-lived data then piles up in
 * the old generation until a full collection: on a 10,000-file repository 2 -> 4-6 full collections and 50-75 MB more
 * heap, from the burst alone (docs/performance.md, round 5: any burst of ~300,000 kept objects does it).
 *
 * So pretenuring is turned off when the first index is built, and left off for the rest of the process — as
 * kube-lint runs from its start. Round 5 paused it for the build only and restored it after, so that V8 would learn
 * from the linting alone; on the mixed 10,000-file repository that learning still went wrong in about one run of
 * four (round 7: 7-9 full collections instead of 3, scavenges 1.3-2.1 s instead of 0.7-0.85 s, the run 1.5-2 s
 * slower), never with pretenuring off (0 of 14 runs) and never without the plugin (0 of 8); runs with it off were
 * as fast as the good runs with it on. A process whose command line or NODE_OPTIONS names the flag, either way, is
 * left as the user chose. Only GC placement changes, never what the code computes. V8's flags are process-wide: with
 * `eslint --concurrency`, the first thread to build turns it off for all.
 */
import v8 from "node:v8";
import { nodeOptionGiven } from "./node-options.js";

const FLAG = "allocation-site-pretenuring";

/** Decided for this process: by the user's node options, by kube-lint's start-up or by a first index build. */
let settled = nodeOptionGiven(FLAG) || nodeOptionGiven(`no-${FLAG}`);

/** Pretenuring off for the rest of the process (kube-lint at start, or the first index build), unless the user chose. */
export function pretenuringOffForProcess(): void {
  if (settled) return;
  settled = true;
  v8.setFlagsFromString(`--no-${FLAG}`);
}

/** Run `build` (a burst of long-lived allocations) with pretenuring off, as the rest of the process will be. */
export function asBurst<T>(build: () => T): T {
  pretenuringOffForProcess();
  return build();
}
