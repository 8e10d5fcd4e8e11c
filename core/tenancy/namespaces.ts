/**
 * Who is a tenant. The namespaces a repository defines (Namespace objects, and the objects tenancy providers create
 * namespaces with: kiosk Spaces, HNC SubnamespaceAnchors...) and the tenant each belongs to, asked of the providers
 * (`providers/`) in three steps: a namespace's labels (`settings.kube.tenantLabels`, then provider labels such as
 * `kiosk.sh/account`), then the objects defining it (a Capsule ownerReference, a kiosk Space's account), then its
 * parent in a hierarchy (HNC), whose tenant it inherits. Scope "all" (strict): every other non-system namespace is a
 * tenant of its own. System namespaces (`settings.kube.systemNamespaces`) are never tenants.
 */
import type { ManifestObject } from "../manifest/model.js";
import { isSystemNamespace, type KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import type { MarkContext, TenancyModel } from "./provider.js";
import { PROVIDERS } from "./providers/index.js";

/** The provider id that made the namespace a tenant ("capsule", "kiosk", "hnc", "label"...); "namespace" in strict. */
export type TenantSource = string;
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

/** A provider's model with its id. */
export interface BoundModel {
  id: string;
  model: TenancyModel;
}

export class NamespaceCatalog {
  readonly namespaces = new Map<string, NamespaceInfo>();
  /** Every provider's model for this workspace, in `PROVIDERS` order. */
  readonly models: readonly BoundModel[];
  private readonly marks: MarkContext;

  constructor(
    readonly ws: Workspace,
    private readonly settings: KubeSettings,
  ) {
    this.models = PROVIDERS.map((p) => ({ id: p.id, model: p.read(ws, settings) }));
    const models = this.models;
    this.marks = { settings, providerOfLabel: (key) => models.find((m) => m.model.claimsTenantLabel?.(key))?.id ?? "label" };
    for (const ns of ws.ofKind("Namespace")) if (ns.name) this.define(ns.name, ns, ns.labels);
    PROVIDERS.forEach((provider, i) => {
      const model = models[i]?.model;
      if (!model?.definition) return;
      // Only a Namespace's own labels are known here; what a Space or anchor asks for is the operator's to apply.
      for (const obj of ws.ofKind(...provider.definingKinds)) {
        const def = model.definition(obj);
        if (def) this.define(def.name, obj, {});
      }
    });
    for (const info of this.namespaces.values()) info.tenant = this.markOf(info, new Set());
  }

  private define(name: string, by: ManifestObject, labels: Readonly<Record<string, string>>): void {
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
    for (const { model } of this.models) {
      const mark = model.markFromLabels?.(info.labels, this.marks);
      if (mark) return mark;
    }
    for (const by of info.definedBy) {
      for (const { model } of this.models) {
        const mark = model.markFromDefinition?.(by);
        if (mark) return mark;
      }
    }
    for (const { id, model } of this.models) {
      const link = model.parentOf?.(info);
      if (!link) continue;
      const parentInfo = this.namespaces.get(link.parent);
      const inherited = parentInfo ? this.markOf(parentInfo, seen) : undefined;
      return inherited
        ? { ...inherited, source: id, evidence: link.evidence }
        : isSystemNamespace(link.parent, this.settings)
          ? undefined
          : { name: link.parent, source: id, evidence: link.evidence };
    }
    return undefined;
  }

  /** The tenant of a namespace under a scope; undefined when it is not a tenant namespace. */
  tenantOf(namespace: string, scope: TenantScope): TenantRef | undefined {
    if (isSystemNamespace(namespace, this.settings)) return undefined;
    const info = this.namespaces.get(namespace);
    if (info?.tenant) return info.tenant;
    return scope === "all" ? { name: namespace, source: "namespace", evidence: "strict: every non-system namespace" } : undefined;
  }

  /** Ancestors of a namespace in a hierarchy, nearest first (a namespace the repo does not define ends the chain). */
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

  private parentOf(info: NamespaceInfo): string | undefined {
    for (const { model } of this.models) {
      const link = model.parentOf?.(info);
      if (link) return link.parent;
    }
    return undefined;
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
