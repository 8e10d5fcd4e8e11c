/**
 * The cross-file view of a repository. Built lazily once per process and root, reused for every linted file.
 * - Cheap: every YAML file is read, but only files whose text may hold an indexed kind are parsed (an exact
 *   pre-filter), by a line reader or the `yaml` package's parser straight to plain values; only indexed kinds are
 *   kept (file-entry.ts). Scans and the derived view are built as bursts (burst.ts: V8 pretenuring paused).
 * - Persistent: what each file gave is cached on disk (`persist.ts`); unchanged files are not even read next run.
 * - The file being linted replaces its indexed copy (an editor holds unsaved text).
 * - Fresh: after an idle gap (a long-lived editor process), files are re-stat'ed; changed ones re-read.
 */
import fs from "node:fs";
import path from "node:path";
import type { Kustomization, ManifestFile, ManifestObject } from "../manifest/model.js";
import { isKnownClusterScoped } from "../manifest/scope.js";
import { decodeManifestBytes, MAX_INDEXED_BYTES } from "../manifest/read.js";
import type { KubeSettings } from "../settings.js";
import { buildEntry, sameIndexedFacts, textHash, tooLargeEntry, type FileEntry, type NamespaceReference } from "./file-entry.js";
import { kustomizeNamespaces } from "./kustomize.js";
import { cacheFile, cacheKey, isFresh, loadIndex, saveIndex } from "./persist.js";
import { asBurst } from "./burst.js";
import { paceCollections } from "./gc-pacing.js";
import { isScannedPath, makeIgnoreMatcher, scanYamlFiles } from "./scan.js";

export { INDEXED_KINDS } from "./indexed-kinds.js";
export { needsIndexing, textHash, type FileEntry, type NamespaceReference } from "./file-entry.js";
interface Derived {
  objects: ManifestObject[];
  byKind: Map<string, ManifestObject[]>;
  kustomizations: Kustomization[];
  kustomizeNs: Map<string, ReadonlySet<string>>;
  byNamespace: Map<string, ManifestObject[]>;
  namespaceRefs: Map<string, NamespaceReference[]>;
}

export class Workspace {
  readonly root: string;
  /** The root with one trailing separator: what every path under it starts with. */
  private readonly rootPrefix: string;
  private readonly settings: KubeSettings;
  private readonly isIgnored: (relativePath: string) => boolean;
  private readonly files = new Map<string, FileEntry>();
  private derived: Derived | undefined;
  private lastAccess = 0;
  private lastScan = 0;
  /** How long the last scan took (ms): long runs re-scan at most once per 20 scans' worth of time. */
  private lastScanCost = 0;
  /** Bumped on every change; caches built on top of the workspace (tenancy, ...) compare it. */
  generation = 0;

  constructor(root: string, settings: KubeSettings, from?: Workspace) {
    this.root = root;
    this.rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
    this.settings = settings;
    this.isIgnored = makeIgnoreMatcher(settings.ignores);
    if (from) for (const [filePath, entry] of from.files) this.files.set(filePath, entry);
    else this.rescan();
  }

  /**
   * The index as it was with some files' earlier text (`undefined`: the file did not exist), without touching the
   * disk: `kube-lint --changed` compares it with the current index to find the files whose findings may change.
   */
  withTexts(texts: ReadonlyMap<string, string | undefined>): Workspace {
    const before = new Workspace(this.root, this.settings, this);
    for (const [filePath, text] of texts) {
      if (text === undefined) before.files.delete(filePath);
      else before.store(filePath, text, 0, -1, undefined);
    }
    return before;
  }

  /** Mark the index as just used: a one-shot run (kube-lint) must not take its own set-up for an idle gap. */
  touch(now = Date.now()): void {
    this.lastAccess = now;
  }

  /** The index's record of one file (undefined: not a YAML file of the repo, or ignored). */
  entry(filePath: string): FileEntry | undefined {
    return this.files.get(filePath);
  }

  /**
   * Re-scan the disk after an idle gap (editor), and in a long run every 30 s — or every 20 scans' worth of time when
   * a scan is slow: a fixed 30 s made the number of re-scans grow with the run's length, so their total cost grew
   * with the square of the repository (a 100,000-file run lasts minutes); this keeps it under 5 % of the run.
   * Never in a snapshot run (`useSnapshotIndex`: kube-lint).
   */
  refreshIfStale(now = Date.now()): void {
    if (snapshotRun) {
      this.lastAccess = now;
      return;
    }
    const ttl = this.settings.indexTtlSeconds * 1000;
    const idle = now - this.lastAccess > ttl;
    this.lastAccess = now;
    const period = Math.max(30_000, 20 * this.lastScanCost);
    if ((idle && now - this.lastScan > ttl) || now - this.lastScan > period) this.rescan();
  }

  private rescan(): void {
    asBurst(() => this.scanFiles());
  }

  private scanFiles(): void {
    const seen = new Set<string>();
    const startedAt = Date.now();
    const file = cacheFile(this.root, this.settings);
    const key = cacheKey(this.root, this.settings);
    // The first scan of a process starts from the persistent index, if a valid one exists.
    const persisted = this.files.size === 0 && file ? loadIndex(file, key) : undefined;
    let readAny = false;
    const listed = scanYamlFiles(this.root, this.settings.ignores);
    // Known before a file is read: the collections during the build are paced for its size too.
    paceCollections(listed.length);
    for (const scanned of listed) {
      seen.add(scanned.filePath);
      const known = this.files.get(scanned.filePath);
      if (known && known.mtimeMs === scanned.mtimeMs && known.size === scanned.size) continue;
      const cached = persisted?.entries.get(scanned.filePath);
      if (cached && isFresh(cached, scanned.size, scanned.mtimeMs, persisted!.writtenAt)) {
        this.files.set(scanned.filePath, cached);
        this.changed();
        continue;
      }
      // Not trusted by its stamp: read it; an identical text (by hash) reuses the cached entry without parsing.
      if (cached && !known) this.files.set(scanned.filePath, cached);
      readAny = true;
      this.readFromDisk(scanned.filePath, scanned.mtimeMs, scanned.size);
    }
    for (const filePath of [...this.files.keys()]) {
      if (!seen.has(filePath)) {
        this.files.delete(filePath);
        this.changed();
      }
    }
    const removed = persisted ? [...persisted.entries.keys()].some((p) => !seen.has(p)) : false;
    if (file && (readAny || removed || (!persisted && this.files.size > 0))) {
      saveIndex(file, key, startedAt, [...this.files.values()].filter((e) => !e.unsaved));
    }
    // Stamp the end, not the start: building a large index must not itself look like an idle gap.
    this.lastScan = this.lastAccess = Date.now();
    this.lastScanCost = this.lastScan - startedAt;
  }

  private readFromDisk(filePath: string, mtimeMs: number, size: number): void {
    if (size > MAX_INDEXED_BYTES) {
      this.put(tooLargeEntry(filePath, mtimeMs, size));
      return;
    }
    let text: string;
    try {
      text = decodeManifestBytes(fs.readFileSync(filePath));
    } catch {
      return;
    }
    this.store(filePath, text, mtimeMs, size, undefined);
  }

  private store(
    filePath: string,
    text: string,
    mtimeMs: number,
    size: number,
    parsed: ManifestFile | undefined,
    unsaved = false,
  ): void {
    const known = this.files.get(filePath);
    if (known && known.hash === textHash(text) && known.textLength === text.length) {
      this.restamp(filePath, mtimeMs, size);
      return;
    }
    const entry = buildEntry(filePath, text, mtimeMs, size, this.settings.indexPrefilter, parsed, unsaved);
    if (known && sameIndexedFacts(known, entry)) {
      // The text changed but not what the index knows of it (an edit inside a workload, a comment): the views built
      // on the index stay. An editor re-lints on every change; rebuilding them cost 110-280 ms a time on 10,000
      // tenant files (round 8). The known objects are kept: the views point at them, and they are equal.
      this.files.set(filePath, { ...entry, manifest: known.manifest, namespaceRefs: known.namespaceRefs });
      return;
    }
    this.put(entry);
  }

  /** The entry's text is unchanged: only its disk stamp is new. */
  private restamp(filePath: string, mtimeMs: number, size: number): void {
    const known = this.files.get(filePath);
    if (known && (known.mtimeMs !== mtimeMs || known.size !== size)) this.files.set(filePath, { ...known, mtimeMs, size });
  }

  private put(entry: FileEntry): void {
    this.files.set(entry.filePath, entry);
    this.changed();
  }

  /**
   * The linted file wins over the copy on disk: called with the text ESLint is linting and the manifests already
   * extracted from its AST (no second parse).
   */
  syncLintedFile(filePath: string, text: string, parsed: ManifestFile | undefined): void {
    if (!this.holds(filePath)) return; // outside the indexed repo
    const known = this.files.get(filePath);
    // What the scan keeps out stays out when ESLint lints it: a file it skips (`ignores`, node_modules, a name that
    // is not YAML's), or one it found too large (over 5 MB, under ESLint's 5 M characters). Let in, each would change
    // the index while ESLint lints it and rebuild every view built on it (one rebuild per file: 10,000 ignored
    // tenant files took 121 s instead of 11, round 8).
    if (known ? known.skipped === "too-large" : !isScannedPath(this.relative(filePath), this.isIgnored)) return;
    // Keep the disk stamp: a later rescan re-reads the file only if it changes on disk.
    this.store(filePath, text, known?.mtimeMs ?? 0, known?.size ?? -1, parsed, true);
  }

  private changed(): void {
    this.derived = undefined;
    this.generation++;
  }

  entries(): IterableIterator<FileEntry> {
    return this.files.values();
  }

  private get view(): Derived {
    return this.derived ?? asBurst(() => this.derive());
  }

  private derive(): Derived {
    const objects: ManifestObject[] = [];
    const kustomizations: Kustomization[] = [];
    const namespaceRefs = new Map<string, NamespaceReference[]>();
    for (const entry of this.files.values()) {
      if (entry.manifest) {
        objects.push(...entry.manifest.objects);
        if (entry.manifest.kustomization) kustomizations.push(entry.manifest.kustomization);
      }
      for (const ref of entry.namespaceRefs) push(namespaceRefs, ref.namespace, ref);
    }
    const byKind = new Map<string, ManifestObject[]>();
    for (const o of objects) push(byKind, o.kind, o);
    const kustomizeNs = kustomizeNamespaces(kustomizations, (file) => this.files.get(file)?.filePath ?? file);
    const byNamespace = new Map<string, ManifestObject[]>();
    const derived: Derived = { objects, byKind, kustomizations, kustomizeNs, byNamespace, namespaceRefs };
    this.derived = derived;
    for (const o of objects) for (const ns of this.effectiveNamespaces(o)) push(byNamespace, ns, o);
    return derived;
  }

  /** Every indexed object (only files that name an indexed kind are parsed). */
  objects(): readonly ManifestObject[] {
    return this.view.objects;
  }

  ofKind(...kinds: string[]): ManifestObject[] {
    return kinds.flatMap((k) => this.view.byKind.get(k) ?? []);
  }

  /** Indexed objects whose effective namespace is `namespace`, optionally of given kinds. */
  inNamespace(namespace: string, ...kinds: string[]): ManifestObject[] {
    const all = this.view.byNamespace.get(namespace) ?? [];
    return kinds.length === 0 ? all : all.filter((o) => kinds.includes(o.kind));
  }

  kustomizations(): readonly Kustomization[] {
    return this.view.kustomizations;
  }

  /** Namespaces Kustomize sets on the objects of this file (empty when no kustomization reaches it). */
  kustomizeNamespacesOf(filePath: string): string[] {
    return [...(this.view.kustomizeNs.get(filePath) ?? [])];
  }

  /**
   * Where an object will live: the Kustomize namespace(s) reaching its file, else its `metadata.namespace`.
   * Cluster-scoped kinds have none. An empty list means "whatever namespace the applier uses".
   */
  effectiveNamespaces(obj: Pick<ManifestObject, "kind" | "namespace" | "filePath"> & { group?: string }): string[] {
    // The same scope knowledge require-namespace uses: Kustomize does not namespace cluster-scoped kinds either.
    if (isKnownClusterScoped(obj.group ?? "", obj.kind)) return [];
    const fromKustomize = this.view.kustomizeNs.get(obj.filePath);
    if (fromKustomize && fromKustomize.size > 0) return [...fromKustomize];
    return obj.namespace ? [obj.namespace] : [];
  }

  /** `namespace: x` lines seen anywhere in the repo (workloads included), by namespace. */
  namespaceReferences(namespace: string): readonly NamespaceReference[] {
    return this.view.namespaceRefs.get(namespace) ?? [];
  }

  allNamespaceReferences(): ReadonlyMap<string, NamespaceReference[]> {
    return this.view.namespaceRefs;
  }

  /** Whether an absolute, normalised path lies under the root (a prefix test: per linted file, and per relative()). */
  private holds(filePath: string): boolean {
    return filePath.startsWith(this.rootPrefix);
  }

  /**
   * Path relative to the root, with forward slashes, for messages and folder maps. A normalised path under the root
   * (every path the index holds) is a slice of it: the per-run maps ask for each file's, and `path.relative` was
   * ~45 ms of the environment map at 10,000 tenant files.
   */
  relative(filePath: string): string {
    if (this.holds(filePath) && !UNNORMALISED.test(filePath)) {
      const rest = filePath.slice(this.rootPrefix.length);
      return path.sep === "/" ? rest : rest.split(path.sep).join("/");
    }
    return path.relative(this.root, filePath).split(path.sep).join("/") || path.basename(filePath);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `.` or `..` segments, doubled or trailing separators, `/` on Windows: such paths go through `path.relative`. */
const UNNORMALISED = path.sep === "/" ? /\/\.\.?(?:\/|$)|\/\/|\/$/ : /[\\/]\.\.?(?:[\\/]|$)|[\\/]{2}|[\\/]$|\//;

/**
 * A one-shot run (kube-lint): each index is one snapshot of the disk for the whole run, never re-scanned mid-run.
 * The periodic re-scan is for long-lived processes; in a CI gate it only costs time (a re-stat of 100,000 files takes
 * ~1 s, docs/performance.md round 9) and lets files linted late see a disk the early ones did not.
 */
let snapshotRun = false;

export function useSnapshotIndex(on = true): void {
  snapshotRun = on;
}

const workspaces = new Map<string, Workspace>();
/** The settings that shape an index, as a key: computed once per settings object (every file asks). */
const settingsKeys = new WeakMap<KubeSettings, string>();

function settingsKey(settings: KubeSettings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) {
    key = `${JSON.stringify(settings.ignores)}\u0000${settings.indexTtlSeconds}\u0000${String(settings.cacheLocation)}\u0000${settings.indexPrefilter}`;
    settingsKeys.set(settings, key);
  }
  return key;
}

/** The process-wide workspace for a root (and settings object): built on first use, then reused. */
export function getWorkspace(root: string, settings: KubeSettings): Workspace {
  const key = `${root}\u0000${settingsKey(settings)}`;
  let ws = workspaces.get(key);
  if (!ws) {
    ws = new Workspace(root, settings);
    workspaces.set(key, ws);
  } else {
    ws.refreshIfStale();
  }
  return ws;
}

/** For tests: forget every workspace. */
export function resetWorkspaces(): void {
  workspaces.clear();
}
