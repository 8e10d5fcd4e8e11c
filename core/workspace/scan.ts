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

type IsIgnored = (relativePath: string) => boolean;

/** The scan's two rules, shared by the walk and by isScannedPath: which folders it enters, which files it lists. */
function entersFolder(name: string, rel: string, isIgnored: IsIgnored): boolean {
  return !ALWAYS_IGNORED_DIRS.has(name) && !isIgnored(rel);
}

function listsFile(name: string, rel: string, isIgnored: IsIgnored): boolean {
  return isYamlFileName(name) && !isIgnored(rel);
}

/**
 * Whether scanYamlFiles lists a file at this root-relative path ("/"-separated): the walk enters every folder on the
 * way and lists the file. Asked for a linted file the index does not hold yet (workspace.ts).
 */
export function isScannedPath(relativePath: string, isIgnored: IsIgnored): boolean {
  const names = relativePath.split("/");
  let folder = "";
  for (let i = 0; i < names.length - 1; i++) {
    const name = names[i] as string;
    folder = folder === "" ? name : `${folder}/${name}`;
    if (!entersFolder(name, folder, isIgnored)) return false;
  }
  return listsFile(names[names.length - 1] as string, relativePath, isIgnored);
}

/**
 * All YAML files under `root` with their mtime and size. Unreadable folders are skipped, not fatal.
 * The listing also says which folders hold `.git`: when the root's own repository is already known, every folder
 * walked gets its answer for findRepositoryRoot here, so the rules do not test each folder for `.git` once more.
 */
export function scanYamlFiles(root: string, ignores: readonly string[]): ScannedFile[] {
  const isIgnored = makeIgnoreMatcher(ignores);
  const out: ScannedFile[] = [];
  const rootRepository = rootCache.get(root);
  // Each folder with its path relative to the root ("/"-separated, "" for the root): a file's is its folder's plus
  // its name, not a path.relative per file.
  const stack: [string, string][] = [[root, ""]];
  while (stack.length > 0) {
    const [dir, dirRel] = stack.pop() as [string, string];
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (rootRepository !== undefined && dir !== root && !rootCache.has(dir)) {
      const parent = rootCache.get(path.dirname(dir));
      if (parent !== undefined) rootCache.set(dir, entries.some((e) => e.name === ".git") ? dir : parent);
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = dirRel === "" ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entersFolder(entry.name, rel, isIgnored)) stack.push([full, rel]);
      } else if (entry.isFile() && listsFile(entry.name, rel, isIgnored)) {
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

/** Folder -> the nearest folder at or above it holding `.git`, or null when none does. */
const rootCache = new Map<string, string | null>();

/** Nearest folder at or above `startDir` holding `.git`; else `fallback`. */
export function findRepositoryRoot(startDir: string, fallback: string): string {
  // Every folder walked through has the same answer: remembered, a repository costs one walk, not one per folder.
  const walked: string[] = [];
  let found: string | null = null;
  for (let dir = startDir; ; ) {
    const known = rootCache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    walked.push(dir);
    if (fs.existsSync(path.join(dir, ".git"))) {
      found = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const w of walked) rootCache.set(w, found);
  return found ?? fallback;
}
