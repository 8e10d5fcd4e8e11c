/**
 * The tenants a repository defines (Capsule Tenants, kiosk Accounts) and the references that name them: a
 * namespace's `capsule.clastix.io/tenant` label or ownerReference to a Tenant, its `kiosk.sh/account` label, a kiosk
 * Space's `spec.account`. Each reference keeps the path of the field that makes it, for precise reports.
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { Workspace } from "../workspace/workspace.js";

export type TenancySystem = "capsule" | "kiosk";

export interface TenantMark {
  system: TenancySystem;
  tenant: string;
  /** In words: "label capsule.clastix.io/tenant". */
  via: string;
  /** Path of the field inside the object. */
  path: (string | number)[];
}

export type TenantDefinitions = Record<TenancySystem, Map<string, ManifestObject>>;

const cache = new WeakMap<Workspace, { generation: number; defined: TenantDefinitions }>();

/** Capsule Tenants and kiosk Accounts by name (the first definition of a name wins). */
export function tenantDefinitions(ws: Workspace): TenantDefinitions {
  const cached = cache.get(ws);
  if (cached && cached.generation === ws.generation) return cached.defined;
  const defined: TenantDefinitions = { capsule: new Map(), kiosk: new Map() };
  for (const t of ws.ofKind("Tenant")) {
    if (t.group === "capsule.clastix.io" && t.name && !defined.capsule.has(t.name)) defined.capsule.set(t.name, t);
  }
  for (const a of ws.ofKind("Account")) {
    if (a.group.startsWith("tenancy.kiosk.sh") && a.name && !defined.kiosk.has(a.name)) defined.kiosk.set(a.name, a);
  }
  cache.set(ws, { generation: ws.generation, defined });
  return defined;
}

const CAPSULE_LABEL = "capsule.clastix.io/tenant";
const KIOSK_LABEL = "kiosk.sh/account";

/** The tenancy-operator marks an object carries; empty for objects that carry none. */
export function tenantMarks(obj: ManifestObject): TenantMark[] {
  const marks: TenantMark[] = [];
  if (obj.kind === "Space" && obj.group.startsWith("tenancy.kiosk.sh")) {
    const account = asString(asRecord(obj.value.spec)?.account);
    if (account) marks.push({ system: "kiosk", tenant: account, via: "spec.account", path: ["spec", "account"] });
  }
  if (obj.kind !== "Namespace" && obj.kind !== "Space") return marks;
  const capsule = obj.labels[CAPSULE_LABEL];
  if (capsule) marks.push({ system: "capsule", tenant: capsule, via: `label ${CAPSULE_LABEL}`, path: ["metadata", "labels", CAPSULE_LABEL] });
  asArray(asRecord(obj.value.metadata)?.ownerReferences).forEach((ref, i) => {
    const r = asRecord(ref);
    const name = asString(r?.name);
    if (r?.kind === "Tenant" && name && asString(r.apiVersion)?.startsWith("capsule.clastix.io")) {
      marks.push({ system: "capsule", tenant: name, via: "ownerReference to a Tenant", path: ["metadata", "ownerReferences", i, "name"] });
    }
  });
  const kiosk = obj.labels[KIOSK_LABEL];
  if (kiosk) marks.push({ system: "kiosk", tenant: kiosk, via: `label ${KIOSK_LABEL}`, path: ["metadata", "labels", KIOSK_LABEL] });
  return marks;
}
