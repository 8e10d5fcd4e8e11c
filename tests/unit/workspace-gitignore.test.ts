/**
 * The index leaves out what git ignores (settings.kube.indexGitignore, on by default): untracked files matched by
 * any `.gitignore`, never a tracked one; nothing when git cannot answer for the root (no git, a root below the top of
 * the work tree, an empty `.git` marker inside another repository).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import { gitIgnoredPaths } from "../../core/workspace/git-ignored.js";
import { Workspace } from "../../core/workspace/workspace.js";

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

/** A git work tree: ignored folder, ignored pattern, a nested .gitignore, and a tracked file a pattern matches. */
function gitRepo(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kube-gitignore-")));
  git(root, "init", "-q");
  write(root, {
    ".gitignore": "rendered/\n*.local.yaml\nvendored/\n",
    "tenants/a/ns.yaml": ns("a"),
    "tenants/a/override.local.yaml": ns("local-only"),
    "tenants/b/.gitignore": "secret.yaml\n",
    "tenants/b/ns.yaml": ns("b"),
    "tenants/b/secret.yaml": ns("secret"),
    "rendered/deep/out.yaml": ns("rendered"),
    "vendored/ns.yaml": ns("vendored"),
  });
  git(root, "add", "-f", "vendored/ns.yaml"); // tracked although .gitignore matches it: git does not ignore it
  return root;
}

const names = (ws: Workspace) => ws.ofKind("Namespace").map((o) => o.name).sort();

describe("what git ignores stays out of the index", () => {
  it("leaves out ignored untracked files and folders, keeps tracked ones, as git counts them", () => {
    const root = gitRepo();
    const ignored = gitIgnoredPaths(root);
    expect(ignored?.has("rendered/deep/out.yaml")).toBe(true);
    expect(ignored?.has("tenants/b/secret.yaml")).toBe(true);
    expect(ignored?.has("vendored/ns.yaml")).toBe(false);
    expect(ignored?.has("tenants/a/ns.yaml")).toBe(false);
    const ws = new Workspace(root, normalizeSettings({ cacheLocation: false }));
    expect(names(ws)).toEqual(["a", "b", "vendored"]);
  });

  it("keeps an ignored file out when ESLint lints it, and lets in a new file git would not ignore", () => {
    const root = gitRepo();
    const ws = new Workspace(root, normalizeSettings({ cacheLocation: false }));
    const before = ws.generation;
    ws.syncLintedFile(path.join(root, "rendered/deep/out.yaml"), ns("rendered"), undefined);
    ws.syncLintedFile(path.join(root, "tenants/b/secret.yaml"), ns("secret"), undefined);
    expect(ws.generation).toBe(before);
    ws.syncLintedFile(path.join(root, "tenants/c/ns.yaml"), ns("c"), undefined); // an editor's unsaved new file
    expect(names(ws)).toEqual(["a", "b", "c", "vendored"]);
  });

  it("indexes them too with indexGitignore: false", () => {
    const root = gitRepo();
    const ws = new Workspace(root, normalizeSettings({ cacheLocation: false, indexGitignore: false }));
    expect(names(ws)).toEqual(["a", "b", "local-only", "rendered", "secret", "vendored"]);
  });

  it("asks nothing of git when the root is not the top of a work tree: a subfolder, an empty .git marker, no git", () => {
    const root = gitRepo();
    // settings.kube.root below the top: git's answer would be about the whole work tree; not used.
    expect(gitIgnoredPaths(path.join(root, "tenants"))).toBeUndefined();
    // No git on the PATH.
    const pathBefore = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-git-"));
    try {
      expect(gitIgnoredPaths(root)).toBeUndefined();
      expect(names(new Workspace(root, normalizeSettings({ cacheLocation: false })))).toEqual(["a", "b", "local-only", "rendered", "secret", "vendored"]);
    } finally {
      process.env.PATH = pathBefore;
    }
    // An empty `.git` folder marks a root inside an ignored folder of the enclosing repository (as the bench's
    // generated repositories are): git would answer for the enclosing one, which ignores the whole root.
    write(root, { "rendered/inner/ns.yaml": ns("inner") });
    fs.mkdirSync(path.join(root, "rendered/inner/.git"));
    expect(gitIgnoredPaths(path.join(root, "rendered/inner"))).toBeUndefined();
    expect(names(new Workspace(path.join(root, "rendered/inner"), normalizeSettings({ cacheLocation: false })))).toEqual(["inner"]);
  });
});
