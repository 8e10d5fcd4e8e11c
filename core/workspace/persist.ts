/**
 * The persistent index: what each file gave the index last time, so repeated runs (pre-commit, `--changed`,
 * `eslint --concurrency` workers) do not read and parse the repository again. Never trusted blindly:
 * - one file per plugin version + Node/V8 version + normalised settings + root (the key is in the name and inside);
 * - anything unreadable (truncated, garbage, wrong format or key) is ignored and the index rebuilt from disk;
 * - an entry is used as is only when the file's size and mtime are those recorded and the mtime is older than the
 *   cache's write (a file changed within the same clock tick as the write is re-read: git's "racily clean" rule);
 *   otherwise the file is read and its content hash compared, and only a different text is parsed again.
 * Written atomically (a temp file, then rename), so a concurrent reader sees the old or the new file, never half.
 * JSON, because JSON.parse is several times faster than v8.deserialize on many small objects (1.4 s vs ~0.2 s for a
 * 10,000-file repo). Values JSON cannot carry exactly (NaN/Infinity, values shared through YAML aliases — which JSON
 * would copy, exponentially for an alias bomb — and cycles) keep their file out of the cache: it is read again.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { packageInfo } from "../package-info.js";
import { INDEXED_KINDS, INDEXED_SPEC_FIELDS } from "./indexed-kinds.js";
import type { KubeSettings } from "../settings.js";
import type { FileEntry } from "./file-entry.js";

/**
 * Bumped when what an entry holds changes (2: Kustomization patchEntries; 3: slimmed specs, null prototypes; 4: the
 * hash of a file with a byte-order mark is taken without it, as ESLint lints it).
 */
const FORMAT = 4;
/** mtimes this close to the cache's write time are not trusted (coarse file system clocks). */
const RACY_MS = 2000;

export interface PersistedIndex {
  format: number;
  key: string;
  writtenAt: number;
  entries: FileEntry[];
}

/** What the cache depends on besides the files: a change to any of these makes a new cache. */
export function cacheKey(root: string, settings: KubeSettings): string {
  const normalized = JSON.stringify({
    plugin: packageInfo().version,
    node: process.versions.v8,
    // What the index keeps: a build that indexes more kinds must not trust a cache that skipped them.
    kinds: INDEXED_KINDS,
    specFields: INDEXED_SPEC_FIELDS,
    root,
    settings: { ...settings, now: settings.now?.toISOString() },
  });
  return crypto.createHash("sha256").update(normalized).digest("hex").slice(0, 16);
}

/**
 * `KUBE_LINT_CACHE=off` turns the persistent index off whatever the config says: a read-only checkout, a CI job that
 * must measure or trust a cold run, a benchmark of `kube-lint` (whose built-in config has no setting to change).
 */
export function cacheDisabledByEnv(): boolean {
  return /^(off|0|false|no)$/i.test(process.env.KUBE_LINT_CACHE ?? "");
}

export function cacheFile(root: string, settings: KubeSettings): string | undefined {
  if (settings.cacheLocation === false || cacheDisabledByEnv()) return undefined;
  return path.join(path.resolve(root, settings.cacheLocation), `index-${cacheKey(root, settings)}.json`);
}

/** The entries of a valid cache, or undefined (missing, unreadable, corrupt, or made for another key). */
export function loadIndex(file: string, key: string): { entries: Map<string, FileEntry>; writtenAt: number } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const index = data as Partial<PersistedIndex> | null;
  if (!index || typeof index !== "object" || index.format !== FORMAT || index.key !== key) return undefined;
  if (typeof index.writtenAt !== "number" || !Array.isArray(index.entries)) return undefined;
  const entries = new Map<string, FileEntry>();
  for (const entry of index.entries) {
    if (!isEntry(entry)) return undefined;
    for (const o of entry.manifest?.objects ?? []) withoutPrototypes(o.value, o.labels, o.annotations);
    for (const p of entry.manifest?.kustomization?.patchEntries ?? []) withoutPrototypes(p.target);
    entries.set(entry.filePath, entry);
  }
  return { entries, writtenAt: index.writtenAt };
}

function isEntry(e: unknown): e is FileEntry {
  const entry = e as Partial<FileEntry> | null;
  return (
    !!entry &&
    typeof entry.filePath === "string" &&
    typeof entry.mtimeMs === "number" &&
    typeof entry.size === "number" &&
    typeof entry.hash === "number" &&
    typeof entry.textLength === "number" &&
    Array.isArray(entry.namespaceRefs) &&
    (entry.manifest === undefined || (typeof entry.manifest === "object" && Array.isArray(entry.manifest.objects)))
  );
}

/**
 * JSON.parse gives objects Object.prototype; the readers give mappings none (yaml-ast.ts `emptyRecord`), so that a
 * key like `constructor` is data and a missing one is undefined. A cached index must read exactly like a fresh one.
 */
function withoutPrototypes(...values: unknown[]): void {
  const stack = [...values];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (!Array.isArray(v)) Object.setPrototypeOf(v, null);
    for (const child of Object.values(v)) if (child !== null && typeof child === "object") stack.push(child);
  }
}

/** Whether a cached entry can stand for the file on disk without reading it. */
export function isFresh(entry: FileEntry, size: number, mtimeMs: number, writtenAt: number): boolean {
  return entry.size === size && entry.mtimeMs === mtimeMs && mtimeMs < writtenAt - RACY_MS;
}

/** Write atomically; failures (read-only checkout, full disk) only cost the next run its head start. */
export function saveIndex(file: string, key: string, readAt: number, entries: Iterable<FileEntry>): void {
  // `writtenAt` is when the files were read: a file changed after that must not look older than the cache.
  const index: PersistedIndex = { format: FORMAT, key, writtenAt: readAt, entries: [...entries].filter(isJsonExact) };
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, JSON.stringify(index));
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing left to clean
    }
  }
}

/** Whether JSON round-trips the entry exactly: finite numbers only, no shared or cyclic objects, no `undefined` in arrays. */
function isJsonExact(entry: FileEntry): boolean {
  const seen = new Set<object>();
  const ok = (v: unknown): boolean => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return true;
    if (typeof v === "number") return Number.isFinite(v);
    if (typeof v !== "object") return false;
    if (seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) return v.every((x) => x !== undefined && ok(x));
    for (const x of Object.values(v)) if (x !== undefined && !ok(x)) return false;
    return true;
  };
  return !entry.manifest || entry.manifest.objects.every((o) => ok(o.value));
}
