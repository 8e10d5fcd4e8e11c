/**
 * Ratios of two variants run side by side. The bench alternates its variants within each repetition, so the runs of
 * one repetition share the machine's state of that minute; the ratio of each such pair is steadier than the ratio of
 * two medians taken over a whole hour, and its spread says how far one bench's verdict can be trusted (round 10).
 */

/** The ratio of `a` to `b` in each repetition both ran without error (in repetition order). */
export function pairedRatios(aRuns, bRuns, field = "wall") {
  const out = [];
  for (let i = 0; i < Math.min(aRuns.length, bRuns.length); i++) {
    const a = aRuns[i];
    const b = bRuns[i];
    if (a.error || b.error || !(b[field] > 0) || !Number.isFinite(a[field])) continue;
    out.push(a[field] / b[field]);
  }
  return out;
}

/** The median of the finite values (NaN when there are none): the bench's figure for every variant and row. */
export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median, least and greatest of the ratios, and how many are at or under `limit`. */
export function summarizeRatios(ratios, limit) {
  const n = ratios.length;
  if (n === 0) return { n, median: NaN, min: NaN, max: NaN, within: 0 };
  return { n, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), within: ratios.filter((r) => r <= limit).length };
}
