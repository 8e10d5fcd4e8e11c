/**
 * Where the repository puts each namespace, and on which cluster: the evidence the environment map counts.
 * Namespaces are taken where Kubernetes takes them, never from any `namespace:` line:
 * - Namespace objects, and a kustomization's `namespace:`, in the file's cluster scope;
 * - objects' `metadata.namespace` (a parsed file: only its objects' own namespaces, not a RoleBinding subject's or a
 *   sourceRef's; a file the index does not parse — workloads — by its `namespace:` lines);
 * - delivery targets, on the destination's cluster: an Argo CD Application's or ApplicationSet template's
 *   `destination.namespace` (a templated `{{ … }}` destination is unknown, and not counted), a Flux object's
 *   `targetNamespace` (on the remote cluster when it has a kubeConfig);
 * - hub-and-spoke Flux: a namespace whose Flux objects all apply to one remote cluster (`spec.kubeConfig`, or a
 *   `spec.patches` entry adding it) is that cluster's delivery namespace, so its evidence belongs to that cluster.
 * Placeholders (`${CLUSTER_NAME}`) are filled in at delivery: they name no namespace.
 */
import { isKustomizationFileName } from "../manifest/extract.js";
import type { ManifestObject } from "../manifest/model.js";
import { isPlaceholder } from "../manifest/placeholders.js";
import { isNeverApplied } from "../manifest/scope.js";
import { asRecord, asString } from "../manifest/yaml-ast.js";
import { readArgoDelivery } from "../gitops/argocd.js";
import { getGitOpsView, isArgo, isFluxDelivery } from "../gitops/delivery.js";
import { fluxRemoteTarget } from "../gitops/flux.js";
import { isKustomizePatch } from "../workspace/kustomize-patches.js";
import type { Workspace } from "../workspace/workspace.js";
import { argoDestination, fluxRemoteScope, type ClusterScope, type ClusterScopes } from "./cluster-scopes.js";

export type SiteKind = "namespace" | "kustomization" | "application" | "delivery" | "reference";

/** One place that puts a namespace into a scope. */
export interface Site {
  kind: SiteKind;
  filePath: string;
  /** 1-based: the Namespace object's start, the `namespace:` line, or the delivering object's start. */
  line: number;
}

export interface ScopedSite {
  scope: ClusterScope;
  namespace: string;
  site: Site;
  labels?: Readonly<Record<string, string>>;
}

export function namespaceSites(ws: Workspace, scopes: ClusterScopes): ScopedSite[] {
  const out: ScopedSite[] = [];
  const view = getGitOpsView(ws);
  const hub = deliveryNamespaces(ws);
  const push = (scopeList: readonly ClusterScope[], namespace: string | undefined, site: Site, labels?: Readonly<Record<string, string>>) => {
    if (!namespace || isPlaceholder(namespace)) return;
    for (const scope of hub.get(namespace) ?? scopeList) out.push({ scope, namespace, site, labels });
  };

  for (const ns of ws.ofKind("Namespace")) {
    if (ns.group === "") push(scopes.of(ns.filePath), ns.name, { kind: "namespace", filePath: ns.filePath, line: ns.line }, ns.labels);
  }
  // The first `namespace:` line of each (file, namespace), once: a find per kustomization over every reference to
  // its namespace grew with the square of the kustomizations sharing one namespace.
  const firstRefLine = new Map<string, number>();
  for (const [namespace, refs] of ws.allNamespaceReferences()) {
    for (const ref of refs) {
      const key = `${ref.filePath}\u0000${namespace}`;
      if (!firstRefLine.has(key)) firstRefLine.set(key, ref.line);
    }
  }
  for (const k of ws.kustomizations()) {
    if (!k.namespace) continue;
    // The `namespace:` line itself when the text index saw it, else the kustomization's start.
    const line = firstRefLine.get(`${k.filePath}\u0000${k.namespace}`) ?? k.line;
    push(scopes.of(k.filePath), k.namespace, { kind: "kustomization", filePath: k.filePath, line });
  }

  // Parsed files: their objects' own namespaces (below, by line) and their delivery targets.
  const ownNamespaces = new Map<string, Set<string>>();
  const parsed = new Set<string>();
  for (const entry of ws.entries()) if (entry.manifest) parsed.add(entry.filePath);
  for (const obj of ws.objects()) {
    if (isKustomizePatch(ws, obj.filePath) || isNeverApplied(obj)) continue;
    if (obj.namespace) {
      const set = ownNamespaces.get(obj.filePath);
      if (set) set.add(obj.namespace);
      else ownNamespaces.set(obj.filePath, new Set([obj.namespace]));
    }
    const site = (kind: SiteKind): Site => ({ kind, filePath: obj.filePath, line: obj.line });
    if (isArgo(obj, "Application") || isArgo(obj, "ApplicationSet")) {
      const target = argoDestination(obj, scopes);
      if (target) push([target], readArgoDelivery(obj)?.destination.namespace, site("application"));
    } else if (isFluxDelivery(obj)) {
      for (const value of view.effectiveValues(obj)) {
        const targetNamespace = asString(asRecord(value.spec)?.targetNamespace);
        const remote = fluxRemoteTarget(withEffectiveNamespace(ws, obj), value);
        push(remote ? [fluxRemoteScope(remote)] : scopes.of(obj.filePath), targetNamespace, site("delivery"));
      }
    }
  }
  for (const [namespace, refs] of ws.allNamespaceReferences()) {
    for (const ref of refs) {
      // Kustomizations are read above; YAML that is not a manifest (Helm values, CI) deploys nothing.
      if (!ref.inManifest || isKustomizationFileName(ref.filePath)) continue;
      if (parsed.has(ref.filePath) && !ownNamespaces.get(ref.filePath)?.has(namespace)) continue;
      push(scopes.of(ref.filePath), namespace, { kind: "reference", filePath: ref.filePath, line: ref.line });
    }
  }
  return out;
}

function withEffectiveNamespace(ws: Workspace, obj: ManifestObject): ManifestObject {
  const namespace = ws.effectiveNamespaces(obj)[0] ?? obj.namespace;
  return namespace === obj.namespace ? obj : { ...obj, namespace };
}

/** Hub namespaces whose Flux objects all apply to remote clusters: namespace -> those clusters' scopes. */
function deliveryNamespaces(ws: Workspace): Map<string, ClusterScope[]> {
  const view = getGitOpsView(ws);
  const byNamespace = new Map<string, { remote: Set<string>; local: boolean }>();
  for (const obj of ws.ofKind("Kustomization", "HelmRelease")) {
    if (!isFluxDelivery(obj) || isKustomizePatch(ws, obj.filePath)) continue;
    for (const namespace of ws.effectiveNamespaces(obj)) {
      let entry = byNamespace.get(namespace);
      if (!entry) byNamespace.set(namespace, (entry = { remote: new Set(), local: false }));
      for (const value of view.effectiveValues(obj)) {
        const remote = fluxRemoteTarget({ ...obj, namespace }, value);
        if (remote) entry.remote.add(remote);
        else entry.local = true;
      }
    }
  }
  const out = new Map<string, ClusterScope[]>();
  for (const [namespace, entry] of byNamespace) {
    if (!entry.local && entry.remote.size > 0) out.set(namespace, [...entry.remote].sort().map(fluxRemoteScope));
  }
  return out;
}
