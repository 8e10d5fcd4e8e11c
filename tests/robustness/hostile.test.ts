/**
 * Hostile files: each is bounded in time and memory, and ends in findings, a clear message or a documented skip
 * (docs/robustness.md). Never an exception, never a hang, never a path outside the repository root.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { MAX_INDEXED_BYTES } from "../../core/manifest/read.js";
import { MAX_LINTED_CHARS } from "../../core/manifest/skip.js";
import { normalizeSettings } from "../../core/settings.js";
import { resetWorkspaces, Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";
import { expectLocationsInside, lintText, type ConfigName } from "./lint.js";

const CONFIGS: ConfigName[] = ["strict", "every-rule"];
const settings = normalizeSettings({});

afterEach(() => vi.restoreAllMocks());
afterAll(() => resetWorkspaces());

/** Run `fn`, failing when it takes longer than `ms` (a hang shows up as a failure, not a stuck CI). */
function within<T>(ms: number, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started, `took longer than ${ms} ms`).toBeLessThan(ms);
  return result;
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** "Billion laughs": each level aliases the previous one ten times; expanded, 20 levels would be 10^20 nodes. */
function aliasBomb(levels: number): string {
  const lines = ["apiVersion: v1", "kind: Namespace", "metadata:", "  name: lol", "  labels:", "    l0: &l0 [lol]"];
  for (let i = 1; i <= levels; i++) lines.push(`    l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]`);
  lines.push("spec: &spec", `  finalizers: *l${levels}`, "data: {a: *spec, b: *spec, c: *spec}");
  return `${lines.join("\n")}\n`;
}

function configMaps(count: number, blob = ""): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: team-${i % 50}\ndata:\n  k: "${blob}"\n`);
  }
  return docs.join("---\n");
}

describe("alias bombs", () => {
  it("lint in linear time with every rule", () => {
    const root = repo({});
    const text = aliasBomb(20);
    for (const config of CONFIGS) {
      const messages = within(10_000, () => lintText(text, root, "bomb.yaml", config));
      expectLocationsInside(text, messages);
    }
  });

  it("are indexed in linear time and memory", () => {
    const root = repo({ "bomb.yaml": aliasBomb(25), "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n" });
    const before = heapMb();
    const ws = within(5_000, () => new Workspace(root, settings));
    expect(ws.ofKind("Namespace").map((o) => o.name).sort()).toEqual(["lol", "ok"]);
    expect(heapMb() - before).toBeLessThan(200);
  });
});

describe("huge files", () => {
  const fiftyMb = `# generated\n${configMaps(1, "x".repeat(50 * 1024 * 1024))}`;

  it("a 50 MB file is skipped with a warning, without being parsed", () => {
    const root = repo({});
    const messages = within(5_000, () => lintText(fiftyMb, root, "bundle.yaml", "strict"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: null, severity: 1, line: 1, column: 1 });
    expect(messages[0]?.message).toMatch(/^eslint-plugin-kube skipped this file: 50\.0 MB is over the 5 MB limit/);
  });

  it("a 50 MB file in the repository is not even read by the index", () => {
    const root = repo({ "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n" });
    fs.writeFileSync(path.join(root, "bundle.yaml"), `kind: Namespace\n${fiftyMb}`);
    const read = vi.spyOn(fs, "readFileSync");
    const ws = within(5_000, () => new Workspace(root, settings));
    expect(read.mock.calls.map((c) => path.basename(String(c[0])))).not.toContain("bundle.yaml");
    expect([...ws.entries()].find((e) => e.filePath.endsWith("bundle.yaml"))?.skipped).toBe("too-large");
    expect(ws.ofKind("Namespace").map((o) => o.name)).toEqual(["a"]);
  });

  it("a file just under the limit is linted, with every rule, in bounded time", () => {
    const root = repo({});
    const text = configMaps(1_000, "y".repeat(2_000)); // ~2 MB; the cost is linear in size (the 5 MB limit: ~2.5x)
    expect(text.length).toBeLessThan(MAX_LINTED_CHARS);
    expect(text.length).toBeLessThan(MAX_INDEXED_BYTES);
    const messages = within(30_000, () => lintText(text, root, "big.yaml", "every-rule"));
    expectLocationsInside(text, messages);
  });
});

describe("many documents", () => {
  it("a 10,000-document file lints with every rule in bounded time", () => {
    const root = repo({});
    const text = configMaps(10_000);
    const messages = within(45_000, () => lintText(text, root, "many.yaml", "every-rule"));
    expectLocationsInside(text, messages);
  }, 120_000);

  it("a 10,000-document file is indexed in bounded time", () => {
    const root = repo({ "many.yaml": configMaps(10_000).replace(/kind: ConfigMap/g, "kind: ResourceQuota") });
    const ws = within(30_000, () => new Workspace(root, settings));
    expect(ws.ofKind("ResourceQuota")).toHaveLength(10_000);
    expect(ws.namespaceReferences("team-7")).toHaveLength(200);
  }, 120_000);
});

describe("binary data with a .yaml name", () => {
  const binary = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256)).toString("latin1");

  it("is skipped with a warning when linted", () => {
    const messages = lintText(binary, repo({}), "blob.yaml", "strict");
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/^eslint-plugin-kube skipped this file: it holds binary data/);
  });

  it("is skipped by the index", () => {
    const root = repo({});
    fs.writeFileSync(path.join(root, "kustomization.yaml"), Buffer.from(binary, "latin1"));
    const ws = new Workspace(root, settings);
    expect([...ws.entries()].map((e) => e.skipped)).toEqual(["binary"]);
  });

  it("without NUL bytes is linted as whatever YAML it happens to be, without an exception", () => {
    const text = binary.replace(/\u0000/g, "");
    for (const config of CONFIGS) expectLocationsInside(text, lintText(text, repo({}), "blob.yaml", config));
  });
});

describe("deep nesting", () => {
  const nested = (depth: number, open: string, inner: string, close: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: deep, namespace: team-a}\nspec:\n  template:\n    spec:\n      containers: ${open.repeat(depth)}${inner}${close.repeat(depth)}\n`;

  it.each([
    ["flow sequences", "[", "", "]"],
    ["flow mappings", "{a: ", "1", "}"],
  ])("of %s: every depth up to the parser's limit lints, deeper ones give a fatal parse message", (_label, open, inner, close) => {
    const root = repo({});
    for (const depth of [10, 100, 500, 1_000, 5_000, 50_000]) {
      const text = nested(depth, open, inner, close);
      for (const config of CONFIGS) {
        const messages = within(10_000, () => lintText(text, root, "deep.yaml", config));
        expectLocationsInside(text, messages);
        if (messages.some((m) => m.fatal)) expect(messages.map((m) => m.message)).toEqual(["Parsing error: Maximum call stack size exceeded"]);
      }
    }
  });

  it("of block mappings lints or fails to parse, without an exception", () => {
    const root = repo({});
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n";
    for (let i = 1; i <= 3_000; i++) text += `${" ".repeat(i * 2)}k${i}:\n`;
    for (const config of CONFIGS) expectLocationsInside(text, within(10_000, () => lintText(text, root, "deep.yaml", config)));
  });

  it("is skipped by the index as a parse error when too deep", () => {
    const root = repo({ "kustomization.yaml": `resources: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n` });
    const ws = within(10_000, () => new Workspace(root, settings));
    expect([...ws.entries()].map((e) => e.skipped)).toEqual(["parse-error"]);
  });
});

describe("the filesystem", () => {
  it("a symlink loop under the root is not followed, and nothing outside the root is read", () => {
    const outside = repo({ "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: outside}\n" });
    const root = repo({
      "apps/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: inside}\n",
      // a kustomization pointing outside the root: resolved as a path, never read
      "apps/kustomization.yaml": `namespace: x\nresources:\n  - ../../${path.basename(outside)}/ns.yaml\n  - ${outside}\n`,
    });
    fs.symlinkSync(root, path.join(root, "apps", "loop"));
    fs.symlinkSync(path.join(root, "apps"), path.join(root, "apps", "self"));
    fs.symlinkSync(outside, path.join(root, "outside"));
    fs.symlinkSync(path.join(outside, "ns.yaml"), path.join(root, "outside.yaml"));
    const read = vi.spyOn(fs, "readFileSync");
    const ws = within(5_000, () => new Workspace(root, settings));
    const readPaths = read.mock.calls.map((c) => fs.realpathSync(String(c[0])));
    expect(readPaths.every((p) => p.startsWith(fs.realpathSync(root) + path.sep))).toBe(true);
    expect(ws.ofKind("Namespace").map((o) => o.name)).toEqual(["inside"]);
  });

  it("an unreadable file is left out of the index, not fatal", () => {
    const root = repo({
      "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: readable}\n",
      "locked.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: locked}\n",
    });
    const locked = path.join(root, "locked.yaml");
    // Tests run as root, where chmod 000 does not stop a read: there the read is made to fail the way it fails
    // for other users (EACCES). Elsewhere the real permission is used.
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      const realRead = fs.readFileSync;
      vi.spyOn(fs, "readFileSync").mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
        if (String(file) === locked) throw Object.assign(new Error(`EACCES: permission denied, open '${locked}'`), { code: "EACCES" });
        return realRead(file, options as BufferEncoding);
      }) as typeof fs.readFileSync);
    } else fs.chmodSync(locked, 0o000);
    try {
      const ws = new Workspace(root, settings);
      expect(ws.ofKind("Namespace").map((o) => o.name)).toEqual(["readable"]);
    } finally {
      if (!isRoot) fs.chmodSync(locked, 0o644);
    }
  });
});
