/**
 * V8 settings for kube-lint's own process, applied before anything else is loaded. (In an `eslint` process the
 * plugin turns pretenuring off when it builds its first index: core/workspace/burst.ts.)
 *
 * Allocation-site pretenuring off: V8 sends new objects straight to the old generation when most objects from the same
 * place in the code survived so far. The repository index is built in one burst at the start, and everything it
 * makes survives, so the code it shares with the per-file work (plain values, objects, ESLint's and yaml's
 * internals) gets pretenured; from then on each linted file's short-lived data lands in the old generation and
 * piles up until a full collection. Measured on the 10,000-file mixed repository: peak 285 -> 239 MB, 4 -> 2 full
 * collections, ~8 % less time (docs/performance.md, round 4).
 */
import { pretenuringOffForProcess } from "../core/workspace/burst.js";

// Unless the user's node options name the flag.
pretenuringOffForProcess();
