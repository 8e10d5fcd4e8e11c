/**
 * A large index asks V8 for full collections at a smaller multiple of the live heap (core/workspace/gc-pacing.ts):
 * how much smaller by the size of the index, never for small ones, only ever tighter, and never against the user's
 * own node option or KUBE_LINT_GC_PACING=off. What the pacing buys is measured by `npm run bench`
 * (docs/performance.md, round 6).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { recordV8Flags, withEnv } from "../helpers/v8-flags.js";

type Pacing = typeof import("../../core/workspace/gc-pacing.js");

const flags = recordV8Flags();
const load = async (): Promise<Pacing> => {
  vi.resetModules();
  return import("../../core/workspace/gc-pacing.js");
};

describe("growingPercentFor", () => {
  it("leaves indexes up to ~6,000 files to V8 and tightens with the index's size beyond", async () => {
    const { growingPercentFor } = await load();
    expect(growingPercentFor(0)).toBeUndefined();
    expect(growingPercentFor(1_000)).toBeUndefined();
    expect(growingPercentFor(5_000)).toBeUndefined();
    const at = [10_000, 30_000, 100_000, 1_000_000].map((n) => growingPercentFor(n) as number);
    expect(at[0]).toBeLessThanOrEqual(200);
    // Larger index, smaller multiple; a floor keeps full collections from running back to back.
    expect(at[1]).toBeLessThan(at[0] as number);
    expect(at[2]).toBeLessThan(at[1] as number);
    expect(at[3]).toBe(25);
    expect(at[1]).toBeGreaterThanOrEqual(90);
    expect(at[1]).toBeLessThanOrEqual(110);
  });
});

describe("paceCollections", () => {
  it("sets V8's heap growing percent for a large index and returns it", async () => {
    const { paceCollections, growingPercentFor } = await load();
    expect(paceCollections(30_000)).toBe(growingPercentFor(30_000));
    expect(flags).toEqual([`--heap-growing-percent=${growingPercentFor(30_000)}`]);
  });

  it("sets nothing for a small index", async () => {
    const { paceCollections } = await load();
    expect(paceCollections(2_000)).toBeUndefined();
    expect(flags).toEqual([]);
  });

  it("only ever tightens: a smaller index later in the process keeps the larger one's pacing", async () => {
    const { paceCollections, growingPercentFor } = await load();
    paceCollections(100_000);
    expect(paceCollections(30_000)).toBe(growingPercentFor(100_000));
    paceCollections(200_000);
    expect(flags).toEqual([
      `--heap-growing-percent=${growingPercentFor(100_000)}`,
      `--heap-growing-percent=${growingPercentFor(200_000)}`,
    ]);
  });

  it("is off with KUBE_LINT_GC_PACING=off", async () => {
    await withEnv("KUBE_LINT_GC_PACING", "off", async () => {
      const { paceCollections } = await load();
      expect(paceCollections(100_000)).toBeUndefined();
    });
    expect(flags).toEqual([]);
  });

  it("leaves a process started with its own --heap-growing-percent as it is", async () => {
    await withEnv("NODE_OPTIONS", `${process.env.NODE_OPTIONS ?? ""} --heap-growing-percent=80`, async () => {
      const { paceCollections } = await load();
      expect(paceCollections(100_000)).toBeUndefined();
    });
    expect(flags).toEqual([]);
  });
});

describe("nodeOptionGiven", () => {
  it("finds an option given as --name or --name=value, in either of V8's spellings, and nothing else", async () => {
    const { nodeOptionGiven } = await import("../../core/workspace/node-options.js");
    await withEnv("NODE_OPTIONS", "--max-old-space-size=4096 --heap_growing_percent=80", async () => {
      expect(nodeOptionGiven("heap-growing-percent")).toBe(true);
      expect(nodeOptionGiven("max-old-space-size")).toBe(true);
      expect(nodeOptionGiven("heap-growing")).toBe(false);
      expect(nodeOptionGiven("no-allocation-site-pretenuring")).toBe(false);
    });
  });
});

describe("the workspace paces collections by the files it indexed", () => {
  it("asks with the number of files of the scan (a small repository: nothing set)", async () => {
    vi.resetModules();
    const pacing = await import("../../core/workspace/gc-pacing.js");
    const asked: number[] = [];
    const real = pacing.paceCollections;
    const { Workspace } = await import("../../core/workspace/workspace.js");
    const { normalizeSettings } = await import("../../core/settings.js");
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kube-pacing-"));
    fs.writeFileSync(path.join(root, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
    fs.writeFileSync(path.join(root, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    const spy = vi.spyOn(pacing, "paceCollections").mockImplementation((files) => (asked.push(files), real(files)));
    try {
      new Workspace(root, normalizeSettings({ cacheLocation: false }));
    } finally {
      spy.mockRestore();
      fs.rmSync(root, { recursive: true, force: true });
    }
    expect(asked).toEqual([2]);
    expect(flags.filter((f) => f.startsWith("--heap-growing-percent"))).toEqual([]);
  });
});
