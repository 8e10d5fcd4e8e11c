/**
 * The tenant namespaces a file defines, for the protection rules to check:
 * - a Namespace, or an object a tenancy provider creates a namespace with (a kiosk Space, an HNC SubnamespaceAnchor):
 *   the namespace of that name;
 * - a runtime tenant (a Capsule Tenant) none of whose namespaces the repository defines: its owners create them at
 *   runtime, so the object stands for those namespaces and only tenant-wide protection (the Tenant's spec,
 *   GlobalTenantResources, quotas selecting the tenant) can reach them.
 */
import type { ManifestObject } from "../manifest/model.js";
import { matchesNamePattern } from "../settings.js";
import type { TenantRef, TenantScope } from "./namespaces.js";
import type { Workspace } from "../workspace/workspace.js";
import type { ProtectingObject, ProtectionIndex, ProtectionTarget } from "./protection.js";
import { DEFINING_KINDS } from "./providers/index.js";

export interface TenantTarget<T extends ManifestObject> {
  /** The object of this file that defines the namespace(s): where to report. */
  object: T;
  /** The namespace; undefined for a Capsule Tenant's runtime namespaces. */
  namespace: string | undefined;
  tenant: TenantRef;
  protection: ProtectionTarget;
  /** Labels the defining object itself puts on the namespace. */
  ownLabels: Record<string, string>;
  /** How messages name it: "kiosk Space 'a'"; undefined for a Namespace (see `describeTarget`). */
  description?: string;
}

export interface TargetOptions {
  tenants: TenantScope;
  /** Namespace names (or, for a Tenant without namespaces in the repo, tenant names) to skip; `*` matches any run of characters. */
  ignore: readonly string[];
}

export function tenantTargets<T extends ManifestObject>(
  objects: readonly T[],
  index: ProtectionIndex,
  options: TargetOptions,
): TenantTarget<T>[] {
  const out: TenantTarget<T>[] = [];
  for (const object of objects) {
    if (!object.name || matchesNamePattern(object.name, options.ignore)) continue;
    const definition = definitionOf(object, index);
    if (definition) {
      for (const namespace of effectiveNames(object, index)) {
        if (isSystem(index, namespace) || matchesNamePattern(namespace, options.ignore)) continue;
        // Tenancy marks come from the object as written; the name is the one the cluster will see.
        const tenant = index.catalog.tenantOf(object.name, "marked") ?? index.catalog.tenantOf(namespace, options.tenants);
        if (!tenant) continue;
        const protection = { ...index.targetOf(object.name), namespace };
        out.push({ object, namespace, tenant, protection, ownLabels: definition.ownLabels, description: definition.description });
      }
      continue;
    }
    const runtime = index.runtimeTenantWithoutNamespaces(object);
    if (runtime) {
      const protection = index.runtimeTarget(runtime.tenant);
      out.push({ object, namespace: undefined, tenant: runtime.tenant, protection, ownLabels: {}, description: runtime.description });
    }
  }
  return out;
}

/** A Namespace's own labels, or what a provider's namespace-creating object says of its namespace. */
function definitionOf(obj: ManifestObject, index: ProtectionIndex): { ownLabels: Record<string, string>; description?: string } | undefined {
  if (obj.kind === "Namespace") return obj.group === "" ? { ownLabels: { ...obj.labels } } : undefined;
  for (const { model } of index.catalog.models) {
    const def = model.definition?.(obj);
    if (def) return def;
  }
  return undefined;
}

/**
 * Kustomize's `namespace:` renames Namespace objects too (kubebuilder's `name: system` becomes `<project>-system`), so
 * a Namespace in a file a kustomization reaches is named by it — once per overlay.
 */
function effectiveNames(obj: ManifestObject, index: ProtectionIndex): string[] {
  const fromKustomize = obj.kind === "Namespace" ? index.ws.kustomizeNamespacesOf(obj.filePath) : [];
  return fromKustomize.length > 0 ? fromKustomize : [obj.name as string];
}

function isSystem(index: ProtectionIndex, namespace: string): boolean {
  return index.catalog.tenantOf(namespace, "all") === undefined;
}

/** How messages name what a target is: "Namespace 'team-a'", "the runtime namespaces of Capsule Tenant 'wind'". */
export function describeTarget(target: TenantTarget<ManifestObject>): string {
  if (target.description) return target.description;
  const name = target.object.name ?? "(unnamed)";
  return target.namespace && target.namespace !== name ? `Namespace '${name}' (named '${target.namespace}' by Kustomize)` : `Namespace '${name}'`;
}

/**
 * " of tenant 'a'": which tenant, when the name says something the namespace's own name does not (strict makes every
 * namespace its own tenant). What made it a tenant is on the docs page and in `kube-lint tenants`.
 */
export function describeTenant(target: TenantTarget<ManifestObject>): string {
  if (target.namespace === undefined || target.tenant.name === target.namespace) return "";
  return ` of tenant '${target.tenant.name}'`;
}

/** Kinds whose objects may define tenant namespaces: a cheap test before touching the workspace. */
export function mayDefineTenantNamespaces(objects: readonly ManifestObject[]): boolean {
  return objects.some((o) => DEFINING_KINDS.has(o.kind));
}

/** JSON schema properties shared by the protection rules' options. */
export const TARGET_OPTION_SCHEMA = {
  tenants: {
    enum: ["marked", "all"],
    description: "`marked`: only namespaces with a tenancy mark; `all`: every non-system namespace",
  },
  ignore: {
    type: "array",
    items: { type: "string" },
    uniqueItems: true,
    description: "namespace (or Capsule tenant) names to skip; entries ending in `*` are prefixes",
  },
} as const;

/** "NetworkPolicy 'web' (team-a/np.yaml:3)": a protecting object with the file and line that carry it. */
export function cite(ws: Pick<Workspace, "relative">, p: ProtectingObject): string {
  return `${p.via} (${ws.relative(p.evidence.filePath)}:${p.evidence.line})`;
}

/** " Found: a (+2 more)." for near misses: the first one, which a person fixes first; "" when there are none. */
export function foundNote(items: readonly string[]): string {
  if (items.length === 0) return "";
  return ` Found: ${items[0]}${items.length > 1 ? ` (+${items.length - 1} more)` : ""}.`;
}
