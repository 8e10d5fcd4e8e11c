/**
 * The persistent index (core/workspace/persist.ts): used when valid, rebuilt — never trusted — when stale or corrupt.
 * To tell "served from the cache" from "read from disk", a file's text is changed behind the cache's back with its
 * size and mtime kept: only a run that trusts the cache still sees the old text.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import { cacheFile, cacheKey, loadIndex, saveIndex } from "../../core/workspace/persist.js";
import { Workspace } from "../../core/workspace/workspace.js";

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const HOUR_AGO = new Date(Date.now() - 3600_000);
const roots: string[] = [];

function repo(): { root: string; file: string; settings: ReturnType<typeof normalizeSettings> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kube-persist-"));
  roots.push(root);
  const file = path.join(root, "ns.yaml");
  fs.writeFileSync(file, NS("aaaa"));
  fs.utimesSync(file, HOUR_AGO, HOUR_AGO); // old enough not to be "racily clean"
  return { root, file, settings: normalizeSettings({ ignores: [] }) };
}

/** Same size, same mtime, other text: invisible to a run that trusts the cache. */
function changeBehindTheCache(file: string, name: string): void {
  fs.writeFileSync(file, NS(name));
  fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
}

const names = (ws: Workspace) => ws.ofKind("Namespace").map((o) => o.name);

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("the persistent index", () => {
  it("is written under node_modules/.cache/eslint-plugin-kube and serves the next run without reading files", () => {
    const { root, file, settings } = repo();
    expect(names(new Workspace(root, settings))).toEqual(["aaaa"]);
    const cache = cacheFile(root, settings) as string;
    expect(path.relative(root, cache)).toMatch(/^node_modules\/\.cache\/eslint-plugin-kube\/index-[0-9a-f]{16}\.json$/);
    expect(fs.existsSync(cache)).toBe(true);
    changeBehindTheCache(file, "bbbb");
    expect(names(new Workspace(root, settings))).toEqual(["aaaa"]); // trusted by size + mtime
  });

  it("reads back values exactly as a fresh parse gives them: mappings without a prototype", () => {
    const { root, file, settings } = repo();
    const text = `${NS("aaaa")}  labels: {constructor: x, team: a}\nspec: {finalizers: [kubernetes], extra: {toString: 1}}\n`;
    fs.writeFileSync(file, text);
    fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
    const fresh = new Workspace(root, settings).ofKind("Namespace")[0]!;
    fs.writeFileSync(file, text.replace("aaaa", "bbbb")); // same size and mtime: only a run trusting the cache sees "aaaa"
    fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
    const cached = new Workspace(root, settings).ofKind("Namespace")[0]!;
    expect(cached.name).toBe("aaaa");
    for (const o of [fresh, cached]) {
      expect(Object.getPrototypeOf(o.value)).toBeNull();
      expect(Object.getPrototypeOf(o.value.spec)).toBeNull();
      expect(Object.getPrototypeOf((o.value.spec as Record<string, unknown>).extra)).toBeNull();
      expect(Object.getPrototypeOf(o.labels)).toBeNull();
      expect(o.labels.constructor).toBe("x");
      expect(o.labels.toString).toBeUndefined();
    }
    expect(cached.value).toEqual(fresh.value);
  });

  it("re-reads a file whose mtime changed, and re-parses it only if its content hash differs", () => {
    const { root, file, settings } = repo();
    new Workspace(root, settings);
    changeBehindTheCache(file, "bbbb");
    const later = new Date(HOUR_AGO.getTime() + 1000);
    fs.utimesSync(file, later, later);
    expect(names(new Workspace(root, settings))).toEqual(["bbbb"]);
  });

  it("does not trust a file changed within the cache's clock tick (racily clean)", () => {
    const { root, file, settings } = repo();
    fs.utimesSync(file, new Date(), new Date());
    new Workspace(root, settings);
    fs.writeFileSync(file, NS("bbbb"));
    const stat = fs.statSync(file);
    fs.utimesSync(file, stat.atime, stat.mtime);
    expect(names(new Workspace(root, settings))).toEqual(["bbbb"]);
  });

  it("forgets deleted files and sees new ones", () => {
    const { root, file, settings } = repo();
    new Workspace(root, settings);
    fs.rmSync(file);
    fs.writeFileSync(path.join(root, "other.yaml"), NS("cccc"));
    expect(names(new Workspace(root, settings))).toEqual(["cccc"]);
  });

  it.each([
    ["truncated", (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ["garbage", () => Buffer.from("{ not a cache")],
    ["garbage JSON", () => Buffer.from(JSON.stringify({ format: 1, entries: "x" }))],
    ["empty", () => Buffer.alloc(0)],
  ])("is rebuilt when %s", (_label, corrupt) => {
    const { root, file, settings } = repo();
    new Workspace(root, settings);
    const cache = cacheFile(root, settings) as string;
    fs.writeFileSync(cache, corrupt(fs.readFileSync(cache)));
    changeBehindTheCache(file, "bbbb");
    expect(names(new Workspace(root, settings))).toEqual(["bbbb"]);
    expect(loadIndex(cache, cacheKey(root, settings))).toBeDefined(); // and written again, valid
  });

  it("is ignored when made by another plugin version or for other settings (the key)", () => {
    const { root, file, settings } = repo();
    new Workspace(root, settings);
    const cache = cacheFile(root, settings) as string;
    const valid = loadIndex(cache, cacheKey(root, settings));
    expect(valid).toBeDefined();
    expect(loadIndex(cache, "another-version-or-settings")).toBeUndefined();
    saveIndex(cache, "another-version-or-settings", 0, valid?.entries.values() ?? []);
    changeBehindTheCache(file, "bbbb");
    expect(names(new Workspace(root, settings))).toEqual(["bbbb"]);
    // Other settings: another file, another key.
    const other = normalizeSettings({ ignores: ["nothing/**"] });
    expect(cacheFile(root, other)).not.toBe(cache);
    expect(cacheKey(root, other)).not.toBe(cacheKey(root, settings));
  });

  it("keeps out files whose values JSON cannot carry exactly (NaN, aliases, cycles): they are read again", () => {
    const { root, file, settings } = repo();
    const special = path.join(root, "special.yaml");
    fs.writeFileSync(special, "apiVersion: v1\nkind: Namespace\nmetadata: {name: nan, labels: &l {a: b}, annotations: *l}\nspec: {x: .nan}\n");
    fs.utimesSync(special, HOUR_AGO, HOUR_AGO);
    new Workspace(root, settings);
    const cached = loadIndex(cacheFile(root, settings) as string, cacheKey(root, settings));
    expect([...(cached?.entries.keys() ?? [])]).toEqual([file]);
    const ws = new Workspace(root, settings);
    expect(ws.ofKind("Namespace").find((o) => o.name === "nan")?.value.spec).toEqual({ x: NaN });
  });

  it("never persists an editor's unsaved text", () => {
    const { root, file, settings } = repo();
    const ws = new Workspace(root, settings);
    ws.syncLintedFile(file, NS("unsaved"), undefined);
    expect(names(ws)).toEqual(["unsaved"]);
    // A rescan (idle gap) writes the cache again: the unsaved text must not be in it.
    fs.writeFileSync(path.join(root, "new.yaml"), NS("dddd"));
    ws.refreshIfStale(Date.now() + 60_000);
    const cached = loadIndex(cacheFile(root, settings) as string, cacheKey(root, settings));
    const texts = [...(cached?.entries.values() ?? [])].flatMap((e) => e.manifest?.objects.map((o) => o.name) ?? []);
    expect(texts).not.toContain("unsaved");
  });

  it("is not written with cacheLocation: false, and can live elsewhere", () => {
    const { root } = repo();
    new Workspace(root, normalizeSettings({ cacheLocation: false }));
    expect(fs.existsSync(path.join(root, "node_modules"))).toBe(false);
    const elsewhere = normalizeSettings({ cacheLocation: ".kube-cache" });
    new Workspace(root, elsewhere);
    expect(fs.readdirSync(path.join(root, ".kube-cache"))).toHaveLength(1);
  });

  it("is not written with KUBE_LINT_CACHE=off, whatever the settings say", () => {
    const { root } = repo();
    process.env.KUBE_LINT_CACHE = "off";
    try {
      new Workspace(root, normalizeSettings({ cacheLocation: ".kube-cache" }));
      expect(fs.existsSync(path.join(root, ".kube-cache"))).toBe(false);
    } finally {
      delete process.env.KUBE_LINT_CACHE;
    }
    new Workspace(root, normalizeSettings({ cacheLocation: ".kube-cache" }));
    expect(fs.readdirSync(path.join(root, ".kube-cache"))).toHaveLength(1);
  });
});
