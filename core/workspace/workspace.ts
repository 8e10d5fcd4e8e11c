/**
 * The cross-file view of a repository. Built lazily once per process and root, reused for every linted file.
 * - Cheap: every YAML file is read, but only files whose text names a kind the rules need are parsed.
 * - The file being linted replaces its indexed copy (an editor holds unsaved text).
 * - Fresh: after an idle gap (a long-lived editor process), files are re-stat'ed; changed ones re-read.
 */
import fs from "node:fs";
import path from "node:path";
import { isKustomizationFileName } from "../manifest/extract.js";
import type { Kustomization, ManifestFile, ManifestObject } from "../manifest/model.js";
import { isKnownClusterScoped } from "../manifest/scope.js";
import { decodeManifestBytes, MAX_INDEXED_BYTES, readManifestText, stripNodes, type SkipReason } from "../manifest/read.js";
import type { KubeSettings } from "../settings.js";
import { kustomizeNamespaces } from "./kustomize.js";
import { scanYamlFiles } from "./scan.js";

/**
 * Kinds the cross-file rules ask about. A file whose text has none of these at the start of a line is not parsed
 * (most files of a repo are workloads).
 */
export const INDEXED_KINDS = [
  "Namespace",
  "NetworkPolicy",
  "CiliumNetworkPolicy",
  // Cluster-wide network policies (Cilium, Calico, SIG Network's policy API): they protect every namespace they select.
  "CiliumClusterwideNetworkPolicy",
  "GlobalNetworkPolicy",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterNetworkPolicy",
  "LimitRange",
  "ResourceQuota",
  "Tenant",
  "TenantResource",
  "GlobalTenantResource",
  "GlobalResourceQuota",
  "ResourcePool",
  "TenantOwner",
  "Account",
  "Space",
  "Template",
  "TemplateInstance",
  "SubnamespaceAnchor",
  "HierarchyConfiguration",
  "HNCConfiguration",
  "ClusterPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "List",
  "Kustomization",
  // Custom resources the repo defines: their scope (Cluster/Namespaced) decides whether they need a namespace.
  "CustomResourceDefinition",
  // Argo CD Applications: their destination tells which cluster a folder's manifests go to (environment scopes).
  "Application",
  // Tenancy providers: vcluster installs (Flux HelmRelease, vCluster Platform), Config Sync hierarchical repos.
  "HelmRelease",
  "VirtualClusterInstance",
  "VirtualClusterTemplate",
  "Repo",
  "NamespaceSelector",
  // Storage tenants can reach (no-tenant-volume-reuse): classes, volumes, and the claims that name them.
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "StatefulSet",
  // The GitOps delivery layer (core/gitops): Flux FluxInstance, Argo CD ApplicationSets and projects (HelmRelease above).
  "ApplicationSet",
  "AppProject",
  "FluxInstance",
];
const INDEXED_KIND_LINE = new RegExp(`^[ \\t-]*kind:[ \\t]*["']?(${INDEXED_KINDS.join("|")})["']?[ \\t]*(#.*)?$`, "m");
/** `namespace: x` lines anywhere: evidence of which namespaces a repo deploys into, without parsing. */
const NAMESPACE_LINE = /^[ \t-]*namespace:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*(#.*)?$/gm;

export interface NamespaceReference {
  namespace: string;
  filePath: string;
  line: number;
  /** The file has `apiVersion:` and `kind:` lines: a manifest, not a tool's config or Helm values. */
  inManifest: boolean;
}

const API_VERSION_LINE = /^[ \t-]*apiVersion:/m;
const KIND_LINE = /^[ \t-]*kind:/m;

export interface FileEntry {
  filePath: string;
  mtimeMs: number;
  size: number;
  hash: number;
  textLength: number;
  manifest: ManifestFile | undefined;
  skipped: SkipReason | "not-indexed" | undefined;
  namespaceRefs: NamespaceReference[];
}

/** FNV-1a over UTF-16 code units: tells whether the linted text differs from what we indexed. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function needsIndexing(text: string, filePath: string): boolean {
  return isKustomizationFileName(filePath) || INDEXED_KIND_LINE.test(text);
}

function findNamespaceRefs(text: string, filePath: string): NamespaceReference[] {
  const refs: NamespaceReference[] = [];
  if (!text.includes("namespace:")) return refs;
  const inManifest = API_VERSION_LINE.test(text) && KIND_LINE.test(text);
  NAMESPACE_LINE.lastIndex = 0;
  const lines = lineCounter(text);
  for (let m = NAMESPACE_LINE.exec(text); m; m = NAMESPACE_LINE.exec(text)) {
    const line = lines(m.index + m[0].indexOf("namespace"));
    refs.push({ namespace: m[1] as string, filePath, line, inManifest });
  }
  return refs;
}

/**
 * 1-based line of an offset, for offsets asked in increasing order: counting resumes where the last call stopped,
 * so a 10,000-document file costs one pass, not one pass per `namespace:` line.
 */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let next = text.indexOf("\n");
  return (offset) => {
    for (; next !== -1 && next < offset; next = text.indexOf("\n", next + 1)) line++;
    return line;
  };
}

interface Derived {
  objects: ManifestObject[];
  byKind: Map<string, ManifestObject[]>;
  kustomizations: Kustomization[];
  kustomizeNs: Map<string, Set<string>>;
  byNamespace: Map<string, ManifestObject[]>;
  namespaceRefs: Map<string, NamespaceReference[]>;
}

export class Workspace {
  readonly root: string;
  private readonly settings: KubeSettings;
  private readonly files = new Map<string, FileEntry>();
  private derived: Derived | undefined;
  private lastAccess = 0;
  private lastScan = 0;
  /** How long the last scan took (ms): long runs re-scan at most once per 20 scans' worth of time. */
  private lastScanCost = 0;
  /** Bumped on every change; caches built on top of the workspace (tenancy, ...) compare it. */
  generation = 0;

  constructor(root: string, settings: KubeSettings) {
    this.root = root;
    this.settings = settings;
    this.rescan();
  }

  /**
   * Re-scan the disk after an idle gap (editor), and in a long run every 30 s — or every 20 scans' worth of time when
   * a scan is slow: a fixed 30 s made the number of re-scans grow with the run's length, so their total cost grew
   * with the square of the repository (a 100,000-file run lasts minutes); this keeps it under 5 % of the run.
   */
  refreshIfStale(now = Date.now()): void {
    const ttl = this.settings.indexTtlSeconds * 1000;
    const idle = now - this.lastAccess > ttl;
    this.lastAccess = now;
    const period = Math.max(30_000, 20 * this.lastScanCost);
    if ((idle && now - this.lastScan > ttl) || now - this.lastScan > period) this.rescan();
  }

  private rescan(): void {
    const began = Date.now();
    const seen = new Set<string>();
    for (const scanned of scanYamlFiles(this.root, this.settings.ignores)) {
      seen.add(scanned.filePath);
      const known = this.files.get(scanned.filePath);
      if (known && known.mtimeMs === scanned.mtimeMs && known.size === scanned.size) continue;
      this.readFromDisk(scanned.filePath, scanned.mtimeMs, scanned.size);
    }
    for (const filePath of [...this.files.keys()]) {
      if (!seen.has(filePath)) {
        this.files.delete(filePath);
        this.changed();
      }
    }
    // Stamp the end, not the start: building a large index must not itself look like an idle gap.
    this.lastScan = this.lastAccess = Date.now();
    this.lastScanCost = this.lastScan - began;
  }

  private readFromDisk(filePath: string, mtimeMs: number, size: number): void {
    if (size > MAX_INDEXED_BYTES) {
      // Not even read: a 50 MB generated bundle would cost memory and time for nothing the rules could use.
      const entry: FileEntry = { filePath, mtimeMs, size, hash: 0, textLength: size, manifest: undefined, skipped: "too-large", namespaceRefs: [] };
      this.files.set(filePath, entry);
      this.changed();
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
  ): void {
    const hash = textHash(text);
    const known = this.files.get(filePath);
    if (known && known.hash === hash && known.textLength === text.length) {
      known.mtimeMs = mtimeMs;
      known.size = size;
      return;
    }
    const entry: FileEntry = {
      filePath,
      mtimeMs,
      size,
      hash,
      textLength: text.length,
      manifest: undefined,
      skipped: "not-indexed",
      namespaceRefs: findNamespaceRefs(text, filePath),
    };
    if (needsIndexing(text, filePath)) {
      if (parsed) {
        entry.manifest = stripNodes(parsed);
        entry.skipped = undefined;
      } else {
        const result = readManifestText(text, filePath);
        entry.manifest = result.manifest;
        entry.skipped = result.skipped;
      }
    }
    this.files.set(filePath, entry);
    this.changed();
  }

  /**
   * The linted file wins over the copy on disk: called with the text ESLint is linting and the manifests already
   * extracted from its AST (no second parse).
   */
  syncLintedFile(filePath: string, text: string, parsed: ManifestFile | undefined): void {
    const rel = path.relative(this.root, filePath);
    if (rel.startsWith("..") || path.isAbsolute(rel)) return; // outside the indexed repo
    const known = this.files.get(filePath);
    // Keep the disk stamp: a later rescan re-reads the file only if it changes on disk.
    this.store(filePath, text, known?.mtimeMs ?? 0, known?.size ?? -1, parsed);
  }

  private changed(): void {
    this.derived = undefined;
    this.generation++;
  }

  entries(): IterableIterator<FileEntry> {
    return this.files.values();
  }

  private get view(): Derived {
    if (this.derived) return this.derived;
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
    const kustomizeNs = kustomizeNamespaces(kustomizations);
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

  /** Path relative to the root, with forward slashes, for messages. */
  relative(filePath: string): string {
    return path.relative(this.root, filePath).split(path.sep).join("/") || path.basename(filePath);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const workspaces = new Map<string, Workspace>();

/** The process-wide workspace for a root (and settings object): built on first use, then reused. */
export function getWorkspace(root: string, settings: KubeSettings): Workspace {
  const key = `${root}\u0000${JSON.stringify(settings.ignores)}\u0000${settings.indexTtlSeconds}`;
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
