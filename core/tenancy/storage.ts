/**
 * Storage a tenant can reach, from the whole repository, built once per workspace generation: StorageClasses and
 * PersistentVolumes by name, the claims tenant namespaces make (PersistentVolumeClaims and StatefulSet
 * `volumeClaimTemplates`), and the Capsule Tenants that allow classes. Rules ask it about one object at a time.
 *
 * Defaults modelled as the API server sets them:
 * - StorageClass `reclaimPolicy` omitted: Delete (k8s.io/kubernetes pkg/apis/storage/v1/defaults.go,
 *   SetDefaults_StorageClass);
 * - PersistentVolume `persistentVolumeReclaimPolicy` omitted: Retain (pkg/apis/core/v1/defaults.go,
 *   SetDefaults_PersistentVolume) — a dynamically provisioned PV gets its class's policy instead, but such PVs are
 *   made by the cluster, not written in a repository;
 * - the default class: annotation `storageclass.kubernetes.io/is-default-class: "true"` (or the beta annotation),
 *   given by the DefaultStorageClass admission plugin to claims that name no class.
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString, stringMap } from "../manifest/yaml-ast.js";
import type { KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { capsuleClassAllowance, isCapsuleTenant } from "./capsule-storage.js";
import { getNamespaceCatalog, type NamespaceCatalog, type TenantRef, type TenantScope } from "./namespaces.js";

export const DEFAULT_CLASS_ANNOTATIONS = [
  "storageclass.kubernetes.io/is-default-class",
  "storageclass.beta.kubernetes.io/is-default-class",
];

/** A claim a tenant namespace makes: a PVC, or a StatefulSet's volumeClaimTemplate. */
export interface TenantClaim {
  kind: string;
  name: string;
  namespace: string;
  tenant: TenantRef;
  /** `spec.storageClassName` (or the legacy beta annotation); undefined: the default class; "": no class. */
  className: string | undefined;
  volumeName: string | undefined;
}

export interface ClassUse {
  reason: "claim" | "default" | "capsule";
  /** For messages: `PersistentVolumeClaim 'team-a/data' uses it`. */
  detail: string;
}

export function isStorageClass(obj: Pick<ManifestObject, "group" | "kind">): boolean {
  return obj.kind === "StorageClass" && obj.group.startsWith("storage.k8s.io");
}

export function isPersistentVolume(obj: Pick<ManifestObject, "group" | "kind">): boolean {
  return obj.kind === "PersistentVolume" && obj.group === "";
}

export function isDefaultClass(obj: Pick<ManifestObject, "annotations">): boolean {
  return DEFAULT_CLASS_ANNOTATIONS.some((key) => obj.annotations[key] === "true");
}

/** A StorageClass's effective reclaim policy (Delete when omitted or not a string). */
export function classReclaimPolicy(obj: Pick<ManifestObject, "value">): string {
  return asString(obj.value.reclaimPolicy) ?? "Delete";
}

/** A PersistentVolume's effective reclaim policy, and whether it was defaulted. */
export function volumeReclaimPolicy(obj: Pick<ManifestObject, "value">): { policy: string; defaulted: boolean } {
  const written = asString(asRecord(obj.value.spec)?.persistentVolumeReclaimPolicy);
  return written ? { policy: written, defaulted: false } : { policy: "Retain", defaulted: true };
}

/** `spec.claimRef.namespace` of a PersistentVolume. */
export function claimRefNamespace(obj: Pick<ManifestObject, "value">): string | undefined {
  return asString(asRecord(asRecord(obj.value.spec)?.claimRef)?.namespace);
}

/** The claims of a PVC or StatefulSet object (none for other kinds or wrong shapes). */
export function claimsOf(obj: Pick<ManifestObject, "group" | "kind" | "name" | "value" | "annotations">): Omit<TenantClaim, "namespace" | "tenant">[] {
  if (obj.kind === "PersistentVolumeClaim" && obj.group === "") {
    return [claimFrom(obj.kind, obj.name ?? "(unnamed)", obj.value)];
  }
  if (obj.kind === "StatefulSet") {
    return asArray(asRecord(obj.value.spec)?.volumeClaimTemplates)
      .map(asRecord)
      .filter((t) => t !== undefined)
      .map((t) => ({ ...claimFrom(obj.kind, obj.name ?? "(unnamed)", t), volumeName: undefined }));
  }
  return [];
}

function claimFrom(kind: string, name: string, value: Readonly<Record<string, unknown>>): Omit<TenantClaim, "namespace" | "tenant"> {
  const spec = asRecord(value.spec);
  const annotated = stringMap(asRecord(value.metadata)?.annotations)["volume.beta.kubernetes.io/storage-class"];
  const className = spec && typeof spec.storageClassName === "string" ? spec.storageClassName : annotated;
  const volumeName = asString(spec?.volumeName) || undefined;
  return { kind, name, className, volumeName };
}

export class StorageIndex {
  readonly classes = new Map<string, ManifestObject>();
  readonly volumes = new Map<string, ManifestObject>();
  readonly claims: TenantClaim[] = [];
  private readonly claimsByClass = new Map<string, TenantClaim>();
  private readonly claimsByVolume = new Map<string, TenantClaim[]>();
  private readonly capsuleTenants: ManifestObject[];
  /** Whether the repository has any tenant at all (else nobody untrusted claims storage). */
  readonly hasTenants: boolean;

  constructor(
    ws: Workspace,
    readonly catalog: NamespaceCatalog,
    readonly scope: TenantScope,
  ) {
    for (const obj of ws.ofKind("StorageClass")) if (isStorageClass(obj) && obj.name) this.classes.set(obj.name, obj);
    for (const obj of ws.ofKind("PersistentVolume")) if (isPersistentVolume(obj) && obj.name) this.volumes.set(obj.name, obj);
    for (const obj of ws.ofKind("PersistentVolumeClaim", "StatefulSet")) {
      const namespace = ws.effectiveNamespaces(obj).find((ns) => catalog.tenantOf(ns, scope));
      const tenant = namespace === undefined ? undefined : catalog.tenantOf(namespace, scope);
      if (!namespace || !tenant) continue;
      for (const claim of claimsOf(obj)) {
        const full = { ...claim, namespace, tenant };
        this.claims.push(full);
        if (full.className && !this.claimsByClass.has(full.className)) this.claimsByClass.set(full.className, full);
        if (full.volumeName) this.claimsByVolume.set(full.volumeName, [...(this.claimsByVolume.get(full.volumeName) ?? []), full]);
      }
    }
    this.capsuleTenants = ws.ofKind("Tenant").filter((t) => isCapsuleTenant(t) && t.name);
    this.hasTenants = this.claims.length > 0 || this.capsuleTenants.length > 0 || catalog.tenantNamespaces(scope).length > 0;
  }

  /** Why tenant claims can use this class (the first reason found), or undefined. */
  classUse(obj: Pick<ManifestObject, "name" | "labels" | "annotations">): ClassUse | undefined {
    const name = obj.name;
    if (!name) return undefined;
    const claim = this.claimsByClass.get(name);
    if (claim) return { reason: "claim", detail: `${claim.kind} '${claim.namespace}/${claim.name}' uses it` };
    if (isDefaultClass(obj) && this.hasTenants) return { reason: "default", detail: "is the default class" };
    for (const tenant of this.capsuleTenants) {
      const allowance = capsuleClassAllowance(tenant, { name, labels: obj.labels });
      if (allowance === "every-class") return { reason: "capsule", detail: `Capsule Tenant '${tenant.name}' allows all classes` };
      if (allowance) return { reason: "capsule", detail: `Capsule Tenant '${tenant.name}' allows it` };
    }
    return undefined;
  }

  /** Tenant claims that pre-bind to this volume by `spec.volumeName`. */
  claimsNaming(volume: string): TenantClaim[] {
    return this.claimsByVolume.get(volume) ?? [];
  }
}

const indexes = new WeakMap<Workspace, Map<string, { generation: number; settings: KubeSettings; index: StorageIndex }>>();

/** The storage index for a workspace, settings and tenant scope; rebuilt only when the workspace changed. */
export function getStorageIndex(ws: Workspace, settings: KubeSettings, scope: TenantScope): StorageIndex {
  let byScope = indexes.get(ws);
  if (!byScope) indexes.set(ws, (byScope = new Map()));
  const cached = byScope.get(scope);
  if (cached && cached.generation === ws.generation && cached.settings === settings) return cached.index;
  const index = new StorageIndex(ws, getNamespaceCatalog(ws, settings), scope);
  byScope.set(scope, { generation: ws.generation, settings, index });
  return index;
}
