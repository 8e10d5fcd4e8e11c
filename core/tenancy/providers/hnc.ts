/**
 * HNC (Hierarchical Namespace Controller). A SubnamespaceAnchor (or a HierarchyConfiguration's `spec.parent`, or the
 * `hnc.x-k8s.io/subnamespace-of` annotation) makes a child namespace of its parent's tenant; a child of an unmarked,
 * non-system parent is a tenant named after the parent. Objects of an ancestor protect a child only for kinds an
 * HNCConfiguration sets to Propagate (HNC propagates only RBAC by default), unless annotated
 * `propagate.hnc.x-k8s.io/none: "true"`.
 */
import type { ManifestObject } from "../../manifest/model.js";
import { asArray, asRecord, asString } from "../../manifest/yaml-ast.js";
import { fromObject, KINDS_FOR, type ProtectingObject, type TenancyProvider } from "../provider.js";

export const hncProvider: TenancyProvider = {
  id: "hnc",
  definingKinds: ["SubnamespaceAnchor"],
  read(ws) {
    /** Kinds an HNCConfiguration propagates beyond HNC's default (RBAC only). */
    const propagated = new Set<string>();
    for (const config of ws.ofKind("HNCConfiguration")) for (const kind of propagatedKinds(config)) propagated.add(kind);
    return {
      definition(obj) {
        if (obj.kind !== "SubnamespaceAnchor" || !obj.group.startsWith("hnc.x-k8s.io") || !obj.name) return undefined;
        return { name: obj.name, ownLabels: anchorLabels(obj), description: `HNC subnamespace '${obj.name}'` };
      },
      parentOf(info) {
        const parent = parentName(info.definedBy) ?? configuredParent(ws.inNamespace(info.name, "HierarchyConfiguration"));
        return parent ? { parent, evidence: `HNC subnamespace of ${parent}` } : undefined;
      },
      protecting(target, kind, ctx) {
        if (!target.namespace || !KINDS_FOR[kind].some((k) => propagated.has(k))) return [];
        const out: ProtectingObject[] = [];
        for (const ancestor of ctx.catalog.ancestorsOf(target.namespace)) {
          for (const obj of ws.inNamespace(ancestor, ...KINDS_FOR[kind])) {
            if (!propagated.has(obj.kind) || obj.annotations["propagate.hnc.x-k8s.io/none"] === "true") continue;
            out.push(fromObject(obj, "hnc", `${obj.kind} '${obj.name ?? "(unnamed)"}' propagated by HNC from '${ancestor}'`));
          }
        }
        return out;
      },
    };
  },
};

/** The anchor's namespace, or the subnamespace-of annotation of an object defining the namespace. */
function parentName(definedBy: readonly ManifestObject[]): string | undefined {
  for (const by of definedBy) {
    if (by.kind === "SubnamespaceAnchor" && by.namespace) return by.namespace;
    const annotated = by.annotations["hnc.x-k8s.io/subnamespace-of"];
    if (annotated) return annotated;
  }
  return undefined;
}

function configuredParent(configs: readonly ManifestObject[]): string | undefined {
  for (const hc of configs) {
    const parent = asString(asRecord(hc.value.spec)?.parent);
    if (parent) return parent;
  }
  return undefined;
}

/** An HNC anchor's `spec.labels: [{key, value}]`. */
function anchorLabels(obj: ManifestObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of asArray(asRecord(obj.value.spec)?.labels)) {
    const key = asString(asRecord(entry)?.key);
    const value = asString(asRecord(entry)?.value);
    if (key && value !== undefined) labels[key] = value;
  }
  return labels;
}

/**
 * Kinds an HNCConfiguration propagates. v1alpha2: `spec.resources[] {group, resource, mode: Propagate}`;
 * v1alpha1: `spec.types[] {apiVersion, kind, mode: propagate}`.
 */
function propagatedKinds(config: ManifestObject): string[] {
  const spec = asRecord(config.value.spec);
  const out: string[] = [];
  const RESOURCE_KIND: Record<string, string> = {
    networkpolicies: "NetworkPolicy",
    limitranges: "LimitRange",
    resourcequotas: "ResourceQuota",
  };
  for (const entry of asArray(spec?.resources)) {
    const e = asRecord(entry);
    const kind = RESOURCE_KIND[asString(e?.resource)?.toLowerCase() ?? ""];
    if (kind && asString(e?.mode)?.toLowerCase() === "propagate") out.push(kind);
  }
  for (const entry of asArray(spec?.types)) {
    const e = asRecord(entry);
    const kind = asString(e?.kind);
    if (kind && asString(e?.mode)?.toLowerCase() === "propagate") out.push(kind);
  }
  return out;
}
