/** For bench/rule-timing.mjs: garbage-collection pauses matched to the rows (rules) they fell in. */

/**
 * Which row each garbage-collection pause fell in. A pause is charged, as CPU time, to whatever code was allocating
 * when a collection came due, and its length follows the heap the whole run keeps alive: at 100,000 files ESLint's
 * own pauses grow 20x for 10x the files (docs/performance.md, round 9). Each pause is matched by wall-clock time to
 * the charge that holds it, so that a row whose time grows with the heap, not with its own work, can be told apart
 * (round 9: 92-95 % of the pauses fall in no kube row, but in ESLint's and the parser's code). Pauses are reported
 * a little after they happen (the observer runs between files): the last RING charges (131,072) are kept to match
 * them against; RING must be a power of two.
 */
export function pauseLedger(RING = 1 << 17) {
  const row = new Int32Array(RING);
  const start = new Float64Array(RING);
  const end = new Float64Array(RING);
  const ids = [];
  const indexOf = new Map();
  const byRow = {};
  let next = 0;
  let outside = 0;
  return {
    remember(id, from, to) {
      let i = indexOf.get(id);
      if (i === undefined) indexOf.set(id, (i = ids.push(id) - 1));
      const k = next++ & (RING - 1);
      row[k] = i;
      start[k] = from;
      end[k] = to;
    },
    attribute(pauseStart, duration) {
      const pauseEnd = pauseStart + duration;
      let inside = 0;
      // Newest first: skip charges after the pause, stop at the first that ended before it.
      for (let n = 0; n < Math.min(next, RING); n++) {
        const k = (next - 1 - n) & (RING - 1);
        if (end[k] < pauseStart) break;
        const overlap = Math.min(end[k], pauseEnd) - Math.max(start[k], pauseStart);
        if (overlap <= 0) continue;
        const id = ids[row[k]];
        byRow[id] = (byRow[id] ?? 0) + overlap;
        inside += overlap;
      }
      outside += duration - inside;
    },
    report: () => ({ byRow, outside }),
  };
}
