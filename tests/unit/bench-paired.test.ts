/**
 * bench/paired.mjs: the bench's ratio of strict to the floor per repetition (runs side by side), beside the ratio of
 * the medians (docs/performance.md, round 10).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs bench helper, no type declarations
import { pairedRatios, summarizeRatios } from "../../bench/paired.mjs";

type Run = { wall?: number; cpu?: number; error?: string };
const paired = (a: Run[], b: Run[], field?: string): number[] => pairedRatios(a, b, field) as number[];

describe("pairedRatios", () => {
  it("divides the runs of the same repetition, not the medians", () => {
    // Medians 12 / 9 = 1.33; in each repetition strict ran 1.2x the floor beside it.
    const strict = [{ wall: 12 }, { wall: 9.6 }, { wall: 14.4 }];
    const floor = [{ wall: 10 }, { wall: 8 }, { wall: 12 }];
    expect(paired(strict, floor).map((r) => r.toFixed(2))).toEqual(["1.20", "1.20", "1.20"]);
    expect(paired(strict, floor, "cpu")).toEqual([]);
  });

  it("skips a repetition where either run failed or measured nothing", () => {
    const strict = [{ wall: 12 }, { wall: 10, error: "exit 2" }, { wall: 13 }, { wall: 11 }];
    const floor = [{ wall: 10 }, { wall: 8 }, { wall: 0 }, { wall: 10, error: "killed" }];
    expect(paired(strict, floor)).toEqual([1.2]);
  });
});

describe("summarizeRatios", () => {
  it("gives the median, the spread and how many pairs meet the limit", () => {
    expect(summarizeRatios([1.4, 1.1, 1.3, 1.25], 1.3)).toEqual({ n: 4, median: 1.275, min: 1.1, max: 1.4, within: 3 });
    expect(summarizeRatios([1.5, 1.2, 1.35], 1.3)).toMatchObject({ n: 3, median: 1.35, within: 1 });
    expect(summarizeRatios([], 1.3)).toMatchObject({ n: 0, within: 0 });
  });
});
