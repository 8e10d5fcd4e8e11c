/**
 * The GitOps delivery layer as the repository defines it: which objects are Flux or Argo CD delivery objects (told
 * apart by API group: a Kustomize `kind: Kustomization` of kustomize.config.k8s.io is not Flux's), and what each
 * becomes once the Kustomize patches that reach its file are applied (and a Flux Kustomization's own `spec.patches`
 * for the objects it applies). Built once per workspace generation; both GitOps rules and the environment map use it.
 */
import fs from "node:fs";
import path from "node:path";
import type { Kustomization, ManifestObject } from "../manifest/model.js";
import { asRecord, asString, type PlainValue } from "../manifest/yaml-ast.js";
import { kustomizationChains } from "../workspace/kustomize.js";
import type { Workspace } from "../workspace/workspace.js";
import { applyPatch, inlinePatches, parsePatchText, patchApplies, toPatch, type Patch, type PatchSubject } from "./patch.js";

type Mapping = { [key: string]: PlainValue };

export const FLUX_KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io";
export const FLUX_HELM_GROUP = "helm.toolkit.fluxcd.io";
export const ARGOCD_GROUP = "argoproj.io";

/** Kinds the workspace index must parse for the GitOps model (see INDEXED_KINDS). */
export const GITOPS_KINDS = ["Kustomization", "HelmRelease", "Application", "ApplicationSet", "AppProject", "FluxInstance"] as const;

export function isFluxKustomization(obj: Pick<ManifestObject, "group" | "kind">): boolean {
  return obj.kind === "Kustomization" && obj.group === FLUX_KUSTOMIZE_GROUP;
}

export function isFluxHelmRelease(obj: Pick<ManifestObject, "group" | "kind">): boolean {
  return obj.kind === "HelmRelease" && obj.group === FLUX_HELM_GROUP;
}

/** A Flux object that applies manifests: a Kustomization or a HelmRelease. */
export function isFluxDelivery(obj: Pick<ManifestObject, "group" | "kind">): boolean {
  return isFluxKustomization(obj) || isFluxHelmRelease(obj);
}

export function isArgo(obj: Pick<ManifestObject, "group" | "kind">, kind: "Application" | "ApplicationSet" | "AppProject"): boolean {
  return obj.kind === kind && obj.group === ARGOCD_GROUP;
}

/** The flux-system/cluster-kubeconfig style identity of a Flux object's kubeConfig, or undefined when it has none. */
export function fluxKubeConfig(value: Readonly<Mapping>, namespace: string | undefined): string | undefined {
  const kubeConfig = asRecord(asRecord(value.spec)?.kubeConfig);
  if (!kubeConfig) return undefined;
  // A kubeConfig names a Secret in the object's namespace (or a configMapRef for workload identity).
  const ref = asString(asRecord(kubeConfig.secretRef)?.name) ?? asString(asRecord(kubeConfig.configMapRef)?.name) ?? "kubeConfig";
  return `${namespace ?? "?"}/${ref}`;
}

interface FluxFolderPatches {
  /** Repo-relative folder a Flux Kustomization applies ("" = the root). */
  folder: string;
  patches: Patch[];
}

export class GitOpsView {
  private readonly chains: Map<string, Kustomization[][]>;
  private readonly patchMemo = new Map<Kustomization, Patch[]>();
  private readonly fluxFolders: FluxFolderPatches[] = [];
  private readonly filePatchMemo = new Map<string, PlainValue | undefined>();

  constructor(private readonly ws: Workspace) {
    this.chains = kustomizationChains(ws.kustomizations());
    for (const k of ws.ofKind("Kustomization")) {
      if (!isFluxKustomization(k)) continue;
      const spec = asRecord(k.value.spec);
      const folder = normalizeFolder(asString(spec?.path) ?? "");
      const patches = inlinePatches(spec?.patches);
      if (folder !== undefined && patches.length > 0) this.fluxFolders.push({ folder, patches });
    }
  }

  /** The kustomizations whose builds include a file, one chain per overlay (innermost first). */
  chainsOf(filePath: string): readonly Kustomization[][] {
    return this.chains.get(filePath) ?? [];
  }

  /** A kustomization's patches, inline and from files, in order. */
  patchesOf(k: Kustomization): Patch[] {
    let patches = this.patchMemo.get(k);
    if (patches) return patches;
    patches = [];
    for (const entry of k.patchEntries) {
      const text = entry.patch;
      const value = text !== undefined ? parsePatchText(text) : entry.path ? this.patchFile(path.resolve(path.dirname(k.filePath), entry.path)) : undefined;
      const patch = toPatch(value, entry.target);
      if (patch) patches.push(patch);
    }
    this.patchMemo.set(k, patches);
    return patches;
  }

  /**
   * What an object becomes once delivered: one value per overlay that builds its file (patched by that overlay's
   * kustomizations, then by the `spec.patches` of the Flux Kustomizations applying its folder); the object as written
   * when nothing patches it.
   */
  effectiveValues(obj: ManifestObject): Mapping[] {
    const subject: PatchSubject = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name, namespace: obj.namespace, labels: obj.labels };
    const folder = path.posix.dirname(this.ws.relative(obj.filePath));
    const fluxPatches = this.fluxFolders.filter((f) => f.folder === "" || folder === f.folder || folder.startsWith(`${f.folder}/`)).flatMap((f) => f.patches);
    const chains = this.chainsOf(obj.filePath);
    const variants = (chains.length > 0 ? chains : [[]]).map((chain) => {
      let value = obj.value as Mapping;
      for (const k of chain) for (const patch of this.patchesOf(k)) if (patchApplies(patch, subject)) value = applyPatch(value, patch);
      for (const patch of fluxPatches) if (patchApplies(patch, subject)) value = applyPatch(value, patch);
      return value;
    });
    return variants;
  }

  /** A patch file's value: from disk (patch files are fragments the index need not parse), once per view. */
  private patchFile(filePath: string): PlainValue | undefined {
    if (this.filePatchMemo.has(filePath)) return this.filePatchMemo.get(filePath);
    let value: PlainValue | undefined;
    try {
      const stat = fs.statSync(filePath);
      if (stat.isFile() && stat.size < 1024 * 1024) value = parsePatchText(fs.readFileSync(filePath, "utf8"));
    } catch {
      value = undefined;
    }
    this.filePatchMemo.set(filePath, value);
    return value;
  }
}

/** A path as written in a Flux Kustomization (`./apps/prod/`) -> a repo-relative folder ("" = root). */
export function normalizeFolder(p: string): string | undefined {
  const normalized = path.posix.normalize(p.trim() || ".");
  if (normalized.startsWith("..") || path.posix.isAbsolute(normalized)) return undefined;
  return normalized === "." ? "" : normalized.replace(/^\.\//, "").replace(/\/+$/, "");
}

const views = new WeakMap<Workspace, { generation: number; view: GitOpsView }>();

/** The GitOps view of a workspace, rebuilt only when the workspace changed. */
export function getGitOpsView(ws: Workspace): GitOpsView {
  const cached = views.get(ws);
  if (cached && cached.generation === ws.generation) return cached.view;
  const view = new GitOpsView(ws);
  views.set(ws, { generation: ws.generation, view });
  return view;
}
