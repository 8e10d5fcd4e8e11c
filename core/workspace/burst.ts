/**
 * Building the index is one burst of allocations that all survive (every file's entry is kept). V8's
 * allocation-site pretenuring reads such a burst as "objects from these places in the code live long" and from then
 * on allocates objects from those places straight in the old generation — places the burst shares with ESLint's own
 * per-file work (its parser's, yaml's and Node's internals). Each linted file's short-lived data then piles up in
 * the old generation until a full collection: on a 10,000-file repository 2 -> 4-6 full collections and 50-75 MB more
 * heap, from the burst alone (docs/performance.md, round 5: any burst of ~300,000 kept objects does it).
 *
 * So the heuristic is paused while the index is built and restored right after: it then learns from the linting
 * itself, as it would without the plugin. A process that runs without it (kube-lint; `node
 * --no-allocation-site-pretenuring`) is left as it is. Only GC placement changes, never what the code computes.
 * V8's flags are process-wide: with `eslint --concurrency`, one thread may restore pretenuring while another still
 * builds; that build is then merely unprotected, as every build was before.
 */
import v8 from "node:v8";
import { nodeOptionGiven } from "./node-options.js";

const FLAG = "allocation-site-pretenuring";

let offForProcess = nodeOptionGiven(`no-${FLAG}`);
let depth = 0;

/** The process runs without pretenuring for good (kube-lint turns it off at start): nothing to pause or restore. */
export function pretenuringOffForProcess(): void {
  offForProcess = true;
}

/** Run `build` (a burst of long-lived allocations) with pretenuring paused. */
export function asBurst<T>(build: () => T): T {
  if (offForProcess || depth > 0) return build();
  depth++;
  v8.setFlagsFromString(`--no-${FLAG}`);
  try {
    return build();
  } finally {
    depth--;
    v8.setFlagsFromString(`--${FLAG}`);
  }
}
