/**
 * The index build pauses V8's allocation-site pretenuring and restores it (core/workspace/burst.ts): the pause is
 * always undone (also when the build throws), nests, and never turns pretenuring back on in a process that runs
 * without it (kube-lint). What the pause buys is measured by `npm run bench` (docs/performance.md, round 5).
 */
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { recordV8Flags, withEnv } from "../helpers/v8-flags.js";

type Burst = typeof import("../../core/workspace/burst.js");

const flags = recordV8Flags();
const load = async (): Promise<Burst> => {
  vi.resetModules();
  return import("../../core/workspace/burst.js");
};

describe("asBurst", () => {
  it("pauses pretenuring for the build and restores it, returning the build's result", async () => {
    const { asBurst } = await load();
    const seen: string[][] = [];
    expect(asBurst(() => (seen.push([...flags]), 42))).toBe(42);
    expect(seen).toEqual([["--no-allocation-site-pretenuring"]]);
    expect(flags).toEqual(["--no-allocation-site-pretenuring", "--allocation-site-pretenuring"]);
  });

  it("restores pretenuring when the build throws", async () => {
    const { asBurst } = await load();
    expect(() =>
      asBurst(() => {
        throw new Error("unreadable");
      }),
    ).toThrow("unreadable");
    expect(flags).toEqual(["--no-allocation-site-pretenuring", "--allocation-site-pretenuring"]);
  });

  it("nests: an inner build (the view inside a scan) neither pauses again nor restores early", async () => {
    const { asBurst } = await load();
    asBurst(() => asBurst(() => expect(flags).toEqual(["--no-allocation-site-pretenuring"])));
    expect(flags).toEqual(["--no-allocation-site-pretenuring", "--allocation-site-pretenuring"]);
  });

  it("leaves a process that runs without pretenuring as it is (kube-lint turns it off for good)", async () => {
    const { asBurst, pretenuringOffForProcess } = await load();
    pretenuringOffForProcess();
    expect(asBurst(() => "built")).toBe("built");
    expect(flags).toEqual([]);
  });

  it("kube-lint's start-up marks the process, so the index build cannot turn pretenuring back on", async () => {
    vi.resetModules();
    await import("../../cli/v8-tuning.js");
    const { asBurst } = await import("../../core/workspace/burst.js");
    asBurst(() => undefined);
    expect(flags).toEqual(["--no-allocation-site-pretenuring"]);
  });

  it("leaves alone a process started with --no-allocation-site-pretenuring", async () => {
    await withEnv("NODE_OPTIONS", `${process.env.NODE_OPTIONS ?? ""} --no-allocation-site-pretenuring`, async () => {
      const { asBurst } = await load();
      asBurst(() => undefined);
    });
    expect(flags).toEqual([]);
  });
});

describe("the workspace builds its index as a burst", () => {
  it("pauses for the scan and again for the derived view, restoring after each", async () => {
    vi.resetModules();
    const { Workspace } = await import("../../core/workspace/workspace.js");
    const { normalizeSettings } = await import("../../core/settings.js");
    const ws = new Workspace(path.join(process.cwd(), "tests/fixtures/env-labels"), normalizeSettings({ cacheLocation: false }));
    ws.objects();
    expect(ws.objects().length).toBeGreaterThan(0);
    expect(flags).toEqual([
      "--no-allocation-site-pretenuring",
      "--allocation-site-pretenuring",
      "--no-allocation-site-pretenuring",
      "--allocation-site-pretenuring",
    ]);
  });
});
