/**
 * Who is a tenant. The namespaces a repository defines (Namespace objects, kiosk Spaces, HNC SubnamespaceAnchors)
 * and the tenant each belongs to:
 * - Capsule: label `capsule.clastix.io/tenant` (or an ownerReference to a Tenant);
 * - kiosk: a Space (its namespace) belongs to `spec.account`; label `kiosk.sh/account` too;
 * - HNC: a SubnamespaceAnchor (or HierarchyConfiguration parent) makes a child of its parent's tenant;
 * - plain labels: `settings.kube.tenantLabels` (default `tenant`, `team`);
 * - scope "all" (strict): every other non-system namespace is a tenant of its own.
 * System namespaces (`settings.kube.systemNamespaces`) are never tenants; nor is a placeholder (`${CLUSTER_NAME}`,
 * `{{ .ns }}`), as a namespace or a tenant name: it is filled in at delivery time.
 */
import type { ManifestObject } from "../manifest/model.js";
import { isPlaceholder } from "../manifest/placeholders.js";
import { asRecord, asString, asArray } from "../manifest/yaml-ast.js";
import { isSystemNamespace, type KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";

export type TenantSource = "capsule" | "kiosk" | "hnc" | "label" | "namespace";
/** "marked": only namespaces with a tenancy mark (recommended); "all": every non-system namespace (strict). */
export type TenantScope = "marked" | "all";

export interface TenantRef {
  name: string;
  source: TenantSource;
  /** The label key, Space, anchor... that made it a tenant, for messages. */
  evidence: string;
}

export interface NamespaceInfo {
  name: string;
  /** Objects that create this namespace: Namespace, kiosk Space, HNC SubnamespaceAnchor. */
  definedBy: ManifestObject[];
  labels: Record<string, string>;
  /** The tenant by its marks; undefined when unmarked (strict treats it as its own tenant). */
  tenant: TenantRef | undefined;
  system: boolean;
}

export class NamespaceCatalog {
  readonly namespaces = new Map<string, NamespaceInfo>();

  constructor(
    private readonly ws: Workspace,
    private readonly settings: KubeSettings,
  ) {
    for (const ns of ws.ofKind("Namespace")) if (ns.name) this.define(ns.name, ns, ns.labels);
    for (const space of ws.ofKind("Space")) {
      if (space.group.startsWith("tenancy.kiosk.sh") && space.name) this.define(space.name, space, {});
    }
    for (const anchor of ws.ofKind("SubnamespaceAnchor")) if (anchor.name) this.define(anchor.name, anchor, {});
    for (const info of this.namespaces.values()) info.tenant = this.markOf(info, new Set());
  }

  private define(name: string, by: ManifestObject, labels: Readonly<Record<string, string>>): void {
    if (isPlaceholder(name)) return; // `${CLUSTER_NAME}`: filled in at delivery, names no namespace yet
    let info = this.namespaces.get(name);
    if (!info) {
      info = { name, definedBy: [], labels: {}, tenant: undefined, system: isSystemNamespace(name, this.settings) };
      this.namespaces.set(name, info);
    }
    info.definedBy.push(by);
    Object.assign(info.labels, labels);
  }

  private markOf(info: NamespaceInfo, seen: Set<string>): TenantRef | undefined {
    if (info.system || seen.has(info.name)) return undefined;
    seen.add(info.name);
    const labels = info.labels;
    for (const key of this.settings.tenantLabels) {
      const value = labels[key];
      if (value && !isPlaceholder(value)) return { name: value, source: key.startsWith("capsule.") ? "capsule" : "label", evidence: `label ${key}=${value}` };
    }
    if (labels["kiosk.sh/account"]) {
      return { name: labels["kiosk.sh/account"], source: "kiosk", evidence: "label kiosk.sh/account" };
    }
    for (const by of info.definedBy) {
      const owner = asArray(asRecord(by.value.metadata)?.ownerReferences)
        .map(asRecord)
        .find((ref) => ref?.kind === "Tenant");
      const ownerName = asString(owner?.name);
      if (ownerName) return { name: ownerName, source: "capsule", evidence: "ownerReference to Tenant" };
      if (by.kind === "Space") {
        const account = asString(asRecord(by.value.spec)?.account);
        if (account) return { name: account, source: "kiosk", evidence: `kiosk Space of account ${account}` };
      }
    }
    const parent = this.parentOf(info);
    if (parent) {
      const parentInfo = this.namespaces.get(parent);
      const inherited = parentInfo ? this.markOf(parentInfo, seen) : undefined;
      return inherited
        ? { ...inherited, source: "hnc", evidence: `HNC subnamespace of ${parent}` }
        : isSystemNamespace(parent, this.settings)
          ? undefined
          : { name: parent, source: "hnc", evidence: `HNC subnamespace of ${parent}` };
    }
    return undefined;
  }

  /** HNC parent: the anchor's namespace, a HierarchyConfiguration's spec.parent, or the subnamespace-of annotation. */
  private parentOf(info: NamespaceInfo): string | undefined {
    for (const by of info.definedBy) {
      if (by.kind === "SubnamespaceAnchor" && by.namespace) return by.namespace;
      const annotated = by.annotations["hnc.x-k8s.io/subnamespace-of"];
      if (annotated) return annotated;
    }
    for (const hc of this.ws.inNamespace(info.name, "HierarchyConfiguration")) {
      const parent = asString(asRecord(hc.value.spec)?.parent);
      if (parent) return parent;
    }
    return undefined;
  }

  /** The tenant of a namespace under a scope; undefined when it is not a tenant namespace. */
  tenantOf(namespace: string, scope: TenantScope): TenantRef | undefined {
    if (isSystemNamespace(namespace, this.settings) || isPlaceholder(namespace)) return undefined;
    const info = this.namespaces.get(namespace);
    if (info?.tenant) return info.tenant;
    return scope === "all" ? { name: namespace, source: "namespace", evidence: "strict: every non-system namespace" } : undefined;
  }

  /** HNC ancestors of a namespace, nearest first (a namespace the repo does not define ends the chain). */
  ancestorsOf(namespace: string): string[] {
    const out: string[] = [];
    for (let info = this.namespaces.get(namespace); info; ) {
      const parent = this.parentOf(info);
      if (!parent || parent === namespace || out.includes(parent)) break;
      out.push(parent);
      info = this.namespaces.get(parent);
    }
    return out;
  }

  /** Tenant namespaces defined in the repository under a scope. */
  tenantNamespaces(scope: TenantScope): NamespaceInfo[] {
    return [...this.namespaces.values()].filter((info) => this.tenantOf(info.name, scope));
  }
}

const catalogs = new WeakMap<Workspace, WeakMap<KubeSettings, { generation: number; catalog: NamespaceCatalog }>>();

/** The catalog for a workspace and settings, rebuilt only when the workspace changed. */
export function getNamespaceCatalog(ws: Workspace, settings: KubeSettings): NamespaceCatalog {
  let bySettings = catalogs.get(ws);
  if (!bySettings) catalogs.set(ws, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings);
  if (cached && cached.generation === ws.generation) return cached.catalog;
  const catalog = new NamespaceCatalog(ws, settings);
  bySettings.set(settings, { generation: ws.generation, catalog });
  return catalog;
}
