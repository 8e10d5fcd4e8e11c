/**
 * Finding the repository's YAML files: from a root, never following symlinks (so no loops and no path outside the
 * root), skipping node_modules/.git and the user's ignore globs.
 */
import fs from "node:fs";
import path from "node:path";
import { Minimatch } from "minimatch";

const ALWAYS_IGNORED_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);
const YAML_FILE = /\.ya?ml$/i;

export interface ScannedFile {
  filePath: string;
  mtimeMs: number;
  size: number;
}

export function isYamlFileName(filePath: string): boolean {
  return YAML_FILE.test(filePath) || path.basename(filePath) === "Kustomization";
}

export function makeIgnoreMatcher(ignores: readonly string[]): (relativePath: string) => boolean {
  const matchers = ignores.map((glob) => new Minimatch(glob, { dot: true }));
  if (matchers.length === 0) return () => false;
  return (rel) => matchers.some((m) => m.match(rel) || m.match(`${rel}/`));
}

/** All YAML files under `root` with their mtime and size. Unreadable folders are skipped, not fatal. */
export function scanYamlFiles(root: string, ignores: readonly string[]): ScannedFile[] {
  const isIgnored = makeIgnoreMatcher(ignores);
  const out: ScannedFile[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join("/");
      if (entry.isDirectory()) {
        if (!ALWAYS_IGNORED_DIRS.has(entry.name) && !isIgnored(rel)) stack.push(full);
      } else if (entry.isFile() && isYamlFileName(entry.name) && !isIgnored(rel)) {
        try {
          const stat = fs.statSync(full);
          out.push({ filePath: full, mtimeMs: stat.mtimeMs, size: stat.size });
        } catch {
          // vanished or unreadable between readdir and stat: not part of the repo for us
        }
      }
    }
  }
  return out;
}

const rootCache = new Map<string, string>();

/** Nearest folder at or above `startDir` holding `.git`; else `fallback`. */
export function findRepositoryRoot(startDir: string, fallback: string): string {
  const cached = rootCache.get(startDir);
  if (cached) return cached;
  let dir = startDir;
  for (;;) {
    if (fs.existsSync(path.join(dir, ".git"))) break;
    const parent = path.dirname(dir);
    if (parent === dir) {
      dir = fallback;
      break;
    }
    dir = parent;
  }
  rootCache.set(startDir, dir);
  return dir;
}
