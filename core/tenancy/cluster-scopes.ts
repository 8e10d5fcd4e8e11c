/**
 * Which cluster a file's manifests go to, as far as the repository says. Namespaces in different cluster scopes
 * never share a control plane, so environment rules must never count them together. First match wins:
 * 1. `settings.kube.clusterRoots` globs (the user's word): the first glob matching a folder above the file, checked
 *    from the root down; `.` makes the whole repository one cluster.
 * 2. A deployer pointing at the file's folder (the deepest such folder): an Argo CD Application (`spec.source.path`,
 *    `spec.sources[].path`) goes to its destination cluster; a Flux Kustomization (`spec.path`) goes to the cluster
 *    it runs in (its own file's scope) or, with `spec.kubeConfig`, to that remote cluster. A folder that several
 *    clusters deploy (a shared `infrastructure/`) belongs to each of them.
 * 3. Conventional folders: `clusters/<name>/`, `cluster/<name>/`, `environments/<name>/`, `envs/<name>/`,
 *    `env/<name>/`, `overlays/<name>/` (Kustomize overlays are applied one at a time, usually one per cluster).
 * 4. Else the whole repository is one scope.
 */
import path from "node:path";
import { Minimatch } from "minimatch";
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { Workspace } from "../workspace/workspace.js";

export interface ClusterScope {
  /** Stable identity: two files with the same id share a cluster. */
  id: string;
  /** For messages: "the repository", "cluster folder 'clusters/prod/'", "Argo CD destination 'prod'". */
  description: string;
}

export const CONVENTIONAL_CLUSTER_FOLDERS: ReadonlySet<string> = new Set([
  "clusters",
  "cluster",
  "environments",
  "envs",
  "env",
  "overlays",
]);

const ROOT: ClusterScope = { id: ".", description: "this repository (one cluster)" };
const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

interface Deployer {
  /** Folder (relative, "" for the root) whose manifests the deployer applies. */
  folder: string;
  target: ClusterScope;
}

export class ClusterScopes {
  private readonly roots: { glob: string; matcher: Minimatch }[];
  private readonly deployers: Deployer[];
  private readonly memo = new Map<string, readonly ClusterScope[]>();

  constructor(
    private readonly ws: Workspace,
    clusterRoots: readonly string[],
  ) {
    this.roots = clusterRoots.map((glob) => ({ glob, matcher: new Minimatch(trimSlashes(glob), { dot: true }) }));
    this.deployers = [...argoDeployers(ws, this), ...fluxDeployers(ws, this)];
  }

  /** The cluster scopes a file's manifests land in (usually one). */
  of(filePath: string): readonly ClusterScope[] {
    const folder = path.posix.dirname(this.ws.relative(filePath));
    let scopes = this.memo.get(folder);
    if (!scopes) {
      scopes = this.fromRoots(folder) ?? this.fromDeployers(folder) ?? [this.fromFolders(folder)];
      this.memo.set(folder, scopes);
    }
    return scopes;
  }

  /** Scope of a file from its path alone (rules 1, 3, 4): where a deployer itself runs. */
  ownScope(filePath: string): ClusterScope {
    const folder = path.posix.dirname(this.ws.relative(filePath));
    return this.fromRoots(folder)?.[0] ?? this.fromFolders(folder);
  }

  private fromRoots(folder: string): ClusterScope[] | undefined {
    const ancestors = ancestorsOf(folder);
    for (const { glob, matcher } of this.roots) {
      if (trimSlashes(glob) === "." || trimSlashes(glob) === "") {
        return [{ id: ".", description: "this repository (one cluster, per clusterRoots)" }];
      }
      const hit = ancestors.find((dir) => matcher.match(dir));
      if (hit) return [{ id: `folder:${hit}`, description: `cluster folder '${hit}/' (settings.kube.clusterRoots)` }];
    }
    return undefined;
  }

  private fromDeployers(folder: string): ClusterScope[] | undefined {
    let depth = -1;
    let targets: ClusterScope[] = [];
    for (const d of this.deployers) {
      if (!(d.folder === "" || folder === d.folder || folder.startsWith(`${d.folder}/`))) continue;
      if (d.folder.length > depth) {
        depth = d.folder.length;
        targets = [];
      }
      if (d.folder.length === depth && !targets.some((t) => t.id === d.target.id)) targets.push(d.target);
    }
    return targets.length > 0 ? targets : undefined;
  }

  private fromFolders(folder: string): ClusterScope {
    const parts = folder === "." ? [] : folder.split("/");
    for (let i = 0; i + 1 < parts.length; i++) {
      if (CONVENTIONAL_CLUSTER_FOLDERS.has((parts[i] as string).toLowerCase())) {
        const dir = parts.slice(0, i + 2).join("/");
        return { id: `folder:${dir}`, description: `cluster folder '${dir}/'` };
      }
    }
    return ROOT;
  }
}

/** `a/b/c` -> [`a`, `a/b`, `a/b/c`]; the root folder has none. */
function ancestorsOf(folder: string): string[] {
  if (folder === "." || folder === "") return [];
  const parts = folder.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function trimSlashes(p: string): string {
  return p.replace(/^\.\//, "").replace(/\/+$/, "");
}

/** A path as written in a deployer (`./apps/prod/`, `apps/prod`) -> a repo-relative folder ("" = root). */
function normalizeFolder(p: string): string | undefined {
  const normalized = path.posix.normalize(p.trim() || ".");
  if (normalized.startsWith("..") || path.posix.isAbsolute(normalized)) return undefined;
  return normalized === "." ? "" : trimSlashes(normalized);
}

function argoDeployers(ws: Workspace, scopes: ClusterScopes): Deployer[] {
  const out: Deployer[] = [];
  for (const app of ws.ofKind("Application")) {
    if (!app.group.startsWith("argoproj.io")) continue;
    const spec = asRecord(app.value.spec);
    const target = argoDestination(app, scopes);
    for (const source of [asRecord(spec?.source), ...asArray(spec?.sources).map(asRecord)]) {
      const written = asString(source?.path);
      const folder = written === undefined ? undefined : normalizeFolder(written);
      if (folder !== undefined) out.push({ folder, target });
    }
  }
  return out;
}

/** The cluster an Argo CD Application deploys to; "in-cluster" is the one its own folder describes. */
export function argoDestination(app: ManifestObject, scopes: ClusterScopes): ClusterScope {
  const destination = asRecord(asRecord(app.value.spec)?.destination);
  const server = asString(destination?.server);
  const name = asString(destination?.name);
  if ((!server && !name) || server === IN_CLUSTER_SERVER || name === "in-cluster") return scopes.ownScope(app.filePath);
  const dest = name ?? (server as string);
  return { id: `argocd:${dest}`, description: `Argo CD destination '${dest}'` };
}

function fluxDeployers(ws: Workspace, scopes: ClusterScopes): Deployer[] {
  const out: Deployer[] = [];
  for (const k of ws.ofKind("Kustomization")) {
    if (!k.group.startsWith("kustomize.toolkit.fluxcd.io")) continue;
    const spec = asRecord(k.value.spec);
    const written = asString(spec?.path);
    const folder = written === undefined ? undefined : normalizeFolder(written);
    if (folder === undefined) continue;
    const secret = asString(asRecord(asRecord(spec?.kubeConfig)?.secretRef)?.name);
    const target = secret
      ? { id: `flux-kubeconfig:${secret}`, description: `Flux kubeConfig '${secret}'` }
      : scopes.ownScope(k.filePath);
    out.push({ folder, target });
  }
  return out;
}
