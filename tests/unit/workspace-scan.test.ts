/**
 * File discovery: YAML files only, never following symlinks (no loops, nothing outside the root), ignores honoured,
 * unreadable folders skipped.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import { findRepositoryRoot, isYamlFileName, makeIgnoreMatcher, scanYamlFiles } from "../../core/workspace/scan.js";
import { Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ";
const rels = (root: string, files: { filePath: string }[]) =>
  files.map((f) => path.relative(root, f.filePath).split(path.sep).join("/")).sort();

describe("scanYamlFiles", () => {
  it("finds .yaml, .yml (any case) and Kustomization files, skipping node_modules and VCS folders", () => {
    const root = repo({
      "a.yaml": "",
      "b/c.YML": "",
      "b/Kustomization": "",
      "notes.txt": "",
      "node_modules/x/d.yaml": "",
      ".git/e.yaml": "",
      ".hg/f.yaml": "",
      ".github/workflows/ci.yml": "",
    });
    expect(rels(root, scanYamlFiles(root, []))).toEqual([".github/workflows/ci.yml", "a.yaml", "b/Kustomization", "b/c.YML"]);
  });

  it("honours ignore globs on files and folders", () => {
    const root = repo({ "keep.yaml": "", "vendor/x.yaml": "", "gen/deep/y.yaml": "", "z.generated.yaml": "" });
    const files = scanYamlFiles(root, ["vendor", "gen/**", "**/*.generated.yaml"]);
    expect(rels(root, files)).toEqual(["keep.yaml"]);
  });

  it("never follows symlinks: a loop under the root ends, a link outside the root is not read", () => {
    const outside = repo({ "secret-ns.yaml": `${NS}outside\n` });
    const root = repo({ "real/ns.yaml": `${NS}inside\n` });
    fs.symlinkSync(root, path.join(root, "real", "loop")); // real/loop -> root -> real/loop -> ...
    fs.symlinkSync(outside, path.join(root, "outside-dir"));
    fs.symlinkSync(path.join(outside, "secret-ns.yaml"), path.join(root, "linked.yaml"));
    const started = performance.now();
    expect(rels(root, scanYamlFiles(root, []))).toEqual(["real/ns.yaml"]);
    expect(performance.now() - started).toBeLessThan(2_000);
    const ws = new Workspace(root, normalizeSettings({}));
    expect(ws.ofKind("Namespace").map((o) => o.name)).toEqual(["inside"]);
  });

  it("skips an unreadable folder instead of failing", () => {
    const root = repo({ "ok.yaml": "", "locked/x.yaml": "" });
    const locked = path.join(root, "locked");
    // As root, chmod 000 does not stop reads: there the folder is replaced by a file of the same name, which makes
    // readdir fail (ENOTDIR) the same way an unreadable folder does.
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      fs.rmSync(locked, { recursive: true });
      fs.writeFileSync(locked, "");
    } else fs.chmodSync(locked, 0o000);
    try {
      expect(rels(root, scanYamlFiles(root, []))).toEqual(["ok.yaml"]);
    } finally {
      if (!isRoot) fs.chmodSync(locked, 0o755);
    }
  });

  it("returns nothing for a root that does not exist", () => {
    expect(scanYamlFiles(path.join(os.tmpdir(), "kube-no-such-root-" + process.pid), [])).toEqual([]);
  });
});

describe("helpers", () => {
  it("recognises YAML file names", () => {
    expect(["a.yaml", "a.yml", "A.YAML", "Kustomization", "x/kustomization.yaml"].every(isYamlFileName)).toBe(true);
    expect(["a.json", "yaml", "a.yaml.bak", "kustomization"].some(isYamlFileName)).toBe(false);
  });

  it("matches ignore globs against files and folders", () => {
    const ignored = makeIgnoreMatcher(["dist", "**/*.tmp.yaml"]);
    expect(ignored("dist")).toBe(true);
    expect(ignored("a/b/c.tmp.yaml")).toBe(true);
    expect(ignored("src/a.yaml")).toBe(false);
    expect(makeIgnoreMatcher([])("anything")).toBe(false);
  });

  it("finds the repository root by its .git folder, else the fallback", () => {
    const root = repo({ "deep/er/x.yaml": "" });
    expect(findRepositoryRoot(path.join(root, "deep/er"), "/fallback")).toBe(root);
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "kube-bare-"));
    // A temp folder normally has no .git above it; when it does, that folder is the answer.
    const expected = findRepositoryRoot(path.dirname(bare), "/fallback");
    expect(findRepositoryRoot(bare, "/fallback")).toBe(expected);
  });

  it("answers findRepositoryRoot for every folder its scan walked, nested repositories included, without testing for .git again", () => {
    const root = repo({ "a/b/x.yaml": "", "vendor/lib/y.yaml": "", "vendor/lib/sub/z.yaml": "" });
    fs.writeFileSync(path.join(root, "vendor/lib/.git"), "gitdir: ../../.git/modules/lib\n"); // a submodule's .git file
    expect(findRepositoryRoot(root, "/fallback")).toBe(root); // the root's own answer, as the rules find it first
    scanYamlFiles(root, []);
    const probe = vi.spyOn(fs, "existsSync");
    try {
      expect(findRepositoryRoot(path.join(root, "a/b"), "/fallback")).toBe(root);
      expect(findRepositoryRoot(path.join(root, "vendor"), "/fallback")).toBe(root);
      expect(findRepositoryRoot(path.join(root, "vendor/lib/sub"), "/fallback")).toBe(path.join(root, "vendor/lib"));
      expect(probe).not.toHaveBeenCalled();
    } finally {
      probe.mockRestore();
    }
    // A folder the scan never saw (made after it) is still found by walking up.
    fs.mkdirSync(path.join(root, "later/.git"), { recursive: true });
    expect(findRepositoryRoot(path.join(root, "later"), "/fallback")).toBe(path.join(root, "later"));
  });
});
