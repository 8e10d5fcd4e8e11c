/**
 * The tenant namespaces a file defines, for the protection rules to check:
 * - a Namespace, a kiosk Space or an HNC SubnamespaceAnchor: the namespace of that name;
 * - a Capsule Tenant none of whose namespaces the repository defines: its owners create them at runtime, so the
 *   Tenant stands for those namespaces and only tenant-wide protection (the Tenant's spec, GlobalTenantResources,
 *   quotas selecting the tenant) can reach them.
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import { matchesNamePattern } from "../settings.js";
import type { TenantRef, TenantScope } from "./namespaces.js";
import type { Workspace } from "../workspace/workspace.js";
import type { ProtectingObject, ProtectionIndex, ProtectionTarget } from "./protection.js";

export interface TenantTarget<T extends ManifestObject> {
  /** The object of this file that defines the namespace(s): where to report. */
  object: T;
  /** The namespace; undefined for a Capsule Tenant's runtime namespaces. */
  namespace: string | undefined;
  tenant: TenantRef;
  protection: ProtectionTarget;
  /** Labels the defining object itself puts on the namespace. */
  ownLabels: Record<string, string>;
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
    if (isNamespaceDefinition(object)) {
      for (const namespace of effectiveNames(object, index)) {
        if (isSystem(index, namespace) || matchesNamePattern(namespace, options.ignore)) continue;
        // Tenancy marks come from the object as written; the name is the one the cluster will see.
        const tenant = index.catalog.tenantOf(object.name, "marked") ?? index.catalog.tenantOf(namespace, options.tenants);
        if (!tenant) continue;
        const protection = { ...index.targetOf(object.name), namespace };
        out.push({ object, namespace, tenant, protection, ownLabels: ownLabels(object) });
      }
    } else if (object.kind === "Tenant" && object.group === "capsule.clastix.io" && !index.hasCapsuleNamespaces(object.name)) {
      const tenant: TenantRef = { name: object.name, source: "capsule", evidence: "Capsule Tenant" };
      const protection: ProtectionTarget = { namespace: undefined, capsuleTenant: object.name, kioskAccount: undefined };
      out.push({ object, namespace: undefined, tenant, protection, ownLabels: {} });
    }
  }
  return out;
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

function isNamespaceDefinition(obj: ManifestObject): boolean {
  return (
    (obj.kind === "Namespace" && obj.group === "") ||
    (obj.kind === "Space" && obj.group.startsWith("tenancy.kiosk.sh")) ||
    (obj.kind === "SubnamespaceAnchor" && obj.group.startsWith("hnc.x-k8s.io"))
  );
}

/** A Namespace's (or Space's) labels; an HNC anchor's `spec.labels: [{key, value}]`. */
function ownLabels(obj: ManifestObject): Record<string, string> {
  if (obj.kind !== "SubnamespaceAnchor") return { ...obj.labels };
  const labels: Record<string, string> = {};
  for (const entry of asArray(asRecord(obj.value.spec)?.labels)) {
    const key = asString(asRecord(entry)?.key);
    const value = asString(asRecord(entry)?.value);
    if (key && value !== undefined) labels[key] = value;
  }
  return labels;
}

/** How messages name what a target is: "Namespace 'team-a'", "the runtime namespaces of Capsule Tenant 'wind'". */
export function describeTarget(target: TenantTarget<ManifestObject>): string {
  const name = target.object.name ?? "(unnamed)";
  switch (target.object.kind) {
    case "Tenant":
      return `Capsule Tenant '${name}' (its owners' namespaces)`;
    case "Space":
      return `kiosk Space '${name}'`;
    case "SubnamespaceAnchor":
      return `HNC subnamespace '${name}'`;
    default:
      return target.namespace && target.namespace !== name
        ? `Namespace '${name}' (named '${target.namespace}' by Kustomize)`
        : `Namespace '${name}'`;
  }
}

/**
 * " of tenant 'a'": which tenant, when the name says something the namespace's own name does not (strict makes every
 * namespace its own tenant). What made it a tenant is on the docs page and in `kube-lint tenants`.
 */
export function describeTenant(target: TenantTarget<ManifestObject>): string {
  if (target.object.kind === "Tenant" || target.tenant.name === target.namespace) return "";
  return ` of tenant '${target.tenant.name}'`;
}

/** Kinds whose objects may define tenant namespaces: a cheap test before touching the workspace. */
export function mayDefineTenantNamespaces(objects: readonly ManifestObject[]): boolean {
  return objects.some((o) => o.kind === "Namespace" || o.kind === "Space" || o.kind === "SubnamespaceAnchor" || o.kind === "Tenant");
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
