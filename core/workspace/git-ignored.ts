/**
 * What git ignores under a repository root: the untracked paths its ignore rules (`.gitignore` files at any depth,
 * `.git/info/exclude`, `core.excludesFile`) exclude. A tracked file is never ignored, even when a pattern matches it
 * (git ignores untracked files only). The answer is git's own (`git ls-files --others --ignored --exclude-standard
 * --directory`), so every rule of the format counts exactly as git counts it.
 *
 * Why the index asks: files a checkout never has (rendered manifests, a local-only override) must not count for
 * other files, or a policy that exists on one machine protects a tenant there and not in CI; and a large ignored tree
 * is not worth reading. Undefined (nothing ignored by git) when git is missing or fails, or when the root is not the
 * top of a work tree: a root below it (`settings.kube.root: clusters/`) or an empty `.git` marker folder, for which
 * git would answer about an enclosing repository.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

export interface GitIgnored {
  /**
   * Whether git ignored this root-relative path ("/"-separated), or a folder above it, at the scan. A path not on
   * disk then (an editor's unsaved new file) is not in git's answer: it joins the index until the next scan.
   */
  has(relativePath: string): boolean;
}

function git(root: string, args: string[]): string | undefined {
  try {
    const r = spawnSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
    return r.status === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}

function sameFolder(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

export function gitIgnoredPaths(root: string): GitIgnored | undefined {
  const top = git(root, ["rev-parse", "--show-toplevel"]);
  if (top === undefined || !sameFolder(top.trim(), root)) return undefined;
  const listed = git(root, ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]);
  if (listed === undefined) return undefined;
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const p of listed.split("\0")) {
    if (p.endsWith("/")) folders.add(p.slice(0, -1));
    else if (p !== "") files.add(p);
  }
  return {
    has(relativePath) {
      if (files.has(relativePath) || folders.has(relativePath)) return true;
      if (folders.size === 0) return false;
      for (let i = relativePath.indexOf("/"); i !== -1; i = relativePath.indexOf("/", i + 1)) {
        if (folders.has(relativePath.slice(0, i))) return true;
      }
      return false;
    },
  };
}
