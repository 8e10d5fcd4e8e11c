/**
 * The index build turns V8's allocation-site pretenuring off for the rest of the process (core/workspace/burst.ts):
 * once, before the first build, also when that build throws; never when kube-lint's start-up already did, nor
 * against the user's own node options. What it buys is measured by `npm run bench` (docs/performance.md, rounds 5
 * and 7).
 */
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { recordV8Flags, withEnv } from "../helpers/v8-flags.js";

type Burst = typeof import("../../core/workspace/burst.js");

const OFF = "--no-allocation-site-pretenuring";
const flags = recordV8Flags();
const load = async (): Promise<Burst> => {
  vi.resetModules();
  return import("../../core/workspace/burst.js");
};

describe("asBurst", () => {
  it("turns pretenuring off before the build, returns the build's result, and leaves it off", async () => {
    const { asBurst } = await load();
    const seen: string[][] = [];
    expect(asBurst(() => (seen.push([...flags]), 42))).toBe(42);
    expect(seen).toEqual([[OFF]]);
    expect(flags).toEqual([OFF]);
  });

  it("leaves it off when the build throws", async () => {
    const { asBurst } = await load();
    expect(() =>
      asBurst(() => {
        throw new Error("unreadable");
      }),
    ).toThrow("unreadable");
    expect(flags).toEqual([OFF]);
  });

  it("sets the flag once: nested builds (the view inside a scan) and later builds find it off", async () => {
    const { asBurst } = await load();
    asBurst(() => asBurst(() => expect(flags).toEqual([OFF])));
    asBurst(() => undefined);
    expect(flags).toEqual([OFF]);
  });

  it("kube-lint's start-up turns it off, and the index build does not set it again", async () => {
    vi.resetModules();
    await import("../../cli/v8-tuning.js");
    expect(flags).toEqual([OFF]);
    const { asBurst } = await import("../../core/workspace/burst.js");
    asBurst(() => undefined);
    expect(flags).toEqual([OFF]);
  });

  for (const option of ["--no-allocation-site-pretenuring", "--allocation-site-pretenuring", "--allocation_site_pretenuring"]) {
    it(`leaves alone a process started with ${option} (the user chose), in kube-lint too`, async () => {
      await withEnv("NODE_OPTIONS", `${process.env.NODE_OPTIONS ?? ""} ${option}`, async () => {
        const { asBurst } = await load();
        asBurst(() => undefined);
        await import("../../cli/v8-tuning.js");
      });
      expect(flags).toEqual([]);
    });
  }
});

describe("the workspace builds its index as a burst", () => {
  it("turns pretenuring off at the scan, once for the scan and the derived view", async () => {
    vi.resetModules();
    const { Workspace } = await import("../../core/workspace/workspace.js");
    const { normalizeSettings } = await import("../../core/settings.js");
    const ws = new Workspace(path.join(process.cwd(), "tests/fixtures/env-labels"), normalizeSettings({ cacheLocation: false }));
    expect(flags).toEqual([OFF]);
    expect(ws.objects().length).toBeGreaterThan(0);
    expect(flags).toEqual([OFF]);
  });
});
