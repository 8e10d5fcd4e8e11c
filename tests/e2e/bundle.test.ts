/**
 * dist/ as the build leaves it (scripts/bundle.mjs, run by the global setup as by `npm run build` and `prepack`): a
 * few files to load instead of 130 modules, every module's state once, and the paths others import still there.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/eslint-cli.js";

const DIST = path.join(PROJECT_ROOT, "dist");

/** The files of dist/ a module loads, following its static relative imports (what Node's loader reads for it). */
function loadedFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gm)) {
      visit(path.resolve(path.dirname(file), (m[1] ?? m[2]) as string));
    }
  };
  visit(path.join(DIST, entry));
  return seen;
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
}

describe("the bundled build", () => {
  it("loads the plugin and kube-lint from a few files, not one per source module", () => {
    const plugin = loadedFiles("index.js");
    const cli = loadedFiles("cli/kube-lint.js");
    expect(plugin.size).toBeGreaterThanOrEqual(2); // the entry and the chunk it re-exports
    expect(plugin.size).toBeLessThanOrEqual(3);
    expect(cli.size).toBeLessThanOrEqual(3);
    // The CLI loads the very chunk the plugin is in: one copy of the index cache and of the snapshot switch.
    expect([...plugin].filter((f) => f.includes(`${path.sep}chunks${path.sep}plugin-`))).toEqual(
      [...cli].filter((f) => f.includes(`${path.sep}chunks${path.sep}plugin-`)),
    );
    expect(jsFiles(DIST).length).toBeLessThan(20);
  });

  it("defines each stateful module once", () => {
    const defining = (name: string) => jsFiles(DIST).filter((f) => fs.readFileSync(path.join(DIST, f), "utf8").includes(`function ${name}(`));
    expect(defining("useSnapshotIndex")).toHaveLength(1);
    expect(defining("getWorkspace")).toHaveLength(1);
    expect(defining("kubeContext")).toHaveLength(1);
  });

  it("keeps the paths others import, with their exports", async () => {
    const workspace = await import(pathToFileURL(path.join(DIST, "core/workspace/workspace.js")).href);
    const rule = await import(pathToFileURL(path.join(DIST, "rules/support/rule.js")).href);
    const plugin = (await import(pathToFileURL(path.join(DIST, "index.js")).href)).default;
    expect(typeof workspace.getWorkspace).toBe("function");
    expect(typeof rule.kubeContext).toBe("function");
    expect(Object.keys(plugin.rules).length).toBeGreaterThanOrEqual(15);
    expect(fs.existsSync(path.join(DIST, "cli/resolve-hooks.js"))).toBe(true);
    expect(fs.existsSync(path.join(DIST, "index.d.ts"))).toBe(true);
  });

  it("runs kube-lint from the bundle, the V8 flag set before the plugin's modules run", () => {
    const r = spawnSync(process.execPath, [path.join(DIST, "cli/kube-lint.js"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\d+\.\d+\.\d+/);
    const text = fs.readFileSync(path.join(DIST, "cli/kube-lint.js"), "utf8");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const body = text.slice(text.indexOf("function init_kube_lint"));
    expect(body.indexOf("init_v8_tuning()")).toBeGreaterThan(-1);
    expect(body.indexOf("init_v8_tuning()")).toBeLessThan(body.indexOf("init_run()"));
  });
});
