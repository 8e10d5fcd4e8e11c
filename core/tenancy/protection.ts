/**
 * What protects a tenant namespace. For a namespace name and a kind (NetworkPolicy, LimitRange, ResourceQuota), the
 * objects that will exist in it once the repository is applied, each with the repository object that carries it
 * (the evidence a message cites as file:line): its own objects, by effective namespace (Kustomize `namespace:`
 * included, `kind: List` items included), then what each tenancy provider (`providers/`: HNC propagation, Capsule,
 * kiosk, Kyverno...) puts there. And the labels providers put on a namespace, for Pod Security admission.
 *
 * Built once per workspace generation and settings; per-namespace answers are memoised, so a rule linting 1,000
 * Namespace files does O(objects of that namespace and its tenant) work per file, never O(repository).
 */
import type { ManifestObject } from "../manifest/model.js";
import type { KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { getNamespaceCatalog, type NamespaceCatalog, type TenantRef } from "./namespaces.js";
import {
  fromObject,
  KINDS_FOR,
  type ManagedLabel,
  type ProtectingObject,
  type ProtectionContext,
  type ProtectionKind,
  type ProtectionTarget,
  type RuntimeTenant,
} from "./provider.js";

export type {
  ManagedLabel,
  ProtectingObject,
  ProtectionKind,
  ProtectionSource,
  ProtectionTarget,
  RuntimeTenant,
} from "./provider.js";

const NONE: readonly ProtectingObject[] = Object.freeze([]);

export class ProtectionIndex {
  private readonly memo = new Map<string, readonly ProtectingObject[]>();
  private readonly context: ProtectionContext;
  private runtime: Map<string, RuntimeTenant> | undefined;
  private tenantsWithNamespaces: Set<string> | undefined;

  constructor(
    readonly ws: Workspace,
    readonly catalog: NamespaceCatalog,
  ) {
    this.context = { ws, catalog, selectorLabels: (target) => this.selectorLabels(target) };
  }

  /** Which tenant (and provider) a namespace belongs to, from the catalog's marks. */
  targetOf(namespace: string): ProtectionTarget {
    const tenant = this.catalog.tenantOf(namespace, "marked");
    return { namespace, tenant: tenant?.name, provider: tenant?.source };
  }

  /** Tenants whose namespaces are created at runtime (a Capsule Tenant...), in provider then repository order. */
  runtimeTenants(): RuntimeTenant[] {
    return [...this.runtimeMap().values()];
  }

  /** The runtime tenant an object stands for, when the repository defines none of that tenant's namespaces. */
  runtimeTenantWithoutNamespaces(obj: ManifestObject): RuntimeTenant | undefined {
    const runtime = this.runtimeMap().get(objectKey(obj));
    return runtime && !this.hasNamespaces(runtime.tenant) ? runtime : undefined;
  }

  /** The target for the namespaces a runtime tenant's owners create. */
  runtimeTarget(tenant: TenantRef): ProtectionTarget {
    return { namespace: undefined, tenant: tenant.name, provider: tenant.source };
  }

  /** The objects of this kind that will exist in the target namespace. */
  protecting(target: ProtectionTarget, kind: ProtectionKind): readonly ProtectingObject[] {
    const key = `${kind}\u0000${target.namespace ?? ""}\u0000${target.provider ?? ""}\u0000${target.tenant ?? ""}`;
    let found = this.memo.get(key);
    if (!found) {
      found = this.collect(target, kind);
      this.memo.set(key, found.length === 0 ? NONE : found);
    }
    return found;
  }

  /** The labels the namespace will carry from tenancy operators (not its own `metadata.labels`). */
  managedLabels(target: ProtectionTarget): ManagedLabel[] {
    return this.catalog.models.flatMap(({ model }) => model.managedLabels?.(target, this.context) ?? []);
  }

  /** Labels a namespace is known to carry, for namespace selectors. */
  selectorLabels(target: ProtectionTarget): Record<string, string> {
    const labels: Record<string, string> = {};
    const info = target.namespace ? this.catalog.namespaces.get(target.namespace) : undefined;
    if (info) Object.assign(labels, info.labels);
    if (target.namespace) labels["kubernetes.io/metadata.name"] = target.namespace;
    for (const { model } of this.catalog.models) if (model.selectorLabels) Object.assign(labels, model.selectorLabels(target));
    return labels;
  }

  private collect(target: ProtectionTarget, kind: ProtectionKind): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    if (target.namespace) {
      for (const obj of this.ws.inNamespace(target.namespace, ...KINDS_FOR[kind])) {
        out.push(fromObject(obj, "namespace", `${obj.kind} '${obj.name ?? "(unnamed)"}'`));
      }
    }
    for (const { model } of this.catalog.models) if (model.protecting) out.push(...model.protecting(target, kind, this.context));
    return out;
  }

  private runtimeMap(): Map<string, RuntimeTenant> {
    if (!this.runtime) {
      this.runtime = new Map();
      for (const { model } of this.catalog.models) for (const r of model.runtimeTenants?.() ?? []) this.runtime.set(objectKey(r.object), r);
    }
    return this.runtime;
  }

  /** Whether the repository defines a namespace of this tenant (same provider). */
  private hasNamespaces(tenant: TenantRef): boolean {
    if (!this.tenantsWithNamespaces) {
      this.tenantsWithNamespaces = new Set();
      for (const info of this.catalog.namespaces.values()) {
        if (info.tenant) this.tenantsWithNamespaces.add(`${info.tenant.source}\u0000${info.tenant.name}`);
      }
    }
    return this.tenantsWithNamespaces.has(`${tenant.source}\u0000${tenant.name}`);
  }
}

/** The linted copy of an object and the indexed one are told apart by identity, so key by what names it. */
function objectKey(obj: ManifestObject): string {
  return `${obj.kind}\u0000${obj.group}\u0000${obj.name ?? ""}`;
}

const indexes = new WeakMap<Workspace, WeakMap<KubeSettings, { generation: number; index: ProtectionIndex }>>();

/** The protection index for a workspace and settings, rebuilt only when the workspace changed. */
export function getProtectionIndex(ws: Workspace, settings: KubeSettings): ProtectionIndex {
  let bySettings = indexes.get(ws);
  if (!bySettings) indexes.set(ws, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings);
  if (cached && cached.generation === ws.generation) return cached.index;
  const index = new ProtectionIndex(ws, getNamespaceCatalog(ws, settings));
  bySettings.set(settings, { generation: ws.generation, index });
  return index;
}
