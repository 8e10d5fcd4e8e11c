/**
 * Capsule (projectcapsule.dev). Tenants: a namespace labelled `capsule.clastix.io/tenant` (through
 * `settings.kube.tenantLabels`) or owned by a Tenant (ownerReference); a Tenant none of whose namespaces the repository
 * defines stands for the namespaces its owners create at runtime. Protection: the Tenant's `spec.networkPolicies` /
 * `limitRanges` / `resourceQuotas` (deprecated in v1beta2, still honoured and common), `spec.rules[].quota`,
 * TenantResource / GlobalTenantResource replications, GlobalResourceQuota and ResourcePool quotas. Labels:
 * `namespaceOptions.additionalMetadata(List)` and v1beta2 `rules[].enforce.metadata`, forced by Capsule. Subjects: the
 * Tenant's owners (`spec.owners[]`, v1alpha1 `spec.owner`, TenantOwner objects), additionalRoleBindings and
 * `rules[].permissions.bindings` subjects.
 */
import type { ManifestObject } from "../../manifest/model.js";
import { asArray, asRecord, asString, stringMap, type PlainValue } from "../../manifest/yaml-ast.js";
import type { Workspace } from "../../workspace/workspace.js";
import { selectorMatches } from "../label-selector.js";
import type { NamespaceCatalog } from "../namespaces.js";
import {
  appliesTo,
  fromObject,
  groupOf,
  isNetworkPolicyItem,
  KINDS_FOR,
  synthetic,
  type CarriedPolicy,
  type ManagedLabel,
  type ProtectingObject,
  type ProtectionKind,
  type ProtectionSource,
  type SubjectTenancy,
  type TenancyProvider,
} from "../provider.js";


const ID = "capsule";

export const capsuleProvider: TenancyProvider = {
  id: ID,
  definingKinds: ["Tenant"],
  policyCarrierKinds: ["Tenant", "TenantResource", "GlobalTenantResource"],
  read(ws) {
    const tenants = new Map<string, ManifestObject>();
    for (const t of ws.ofKind("Tenant")) if (isCapsule(t) && t.name) tenants.set(t.name, t);
    return {
      claimsTenantLabel: (key) => key.startsWith("capsule."),
      markFromDefinition(by) {
        const owner = asArray(asRecord(by.value.metadata)?.ownerReferences)
          .map(asRecord)
          .find((ref) => ref?.kind === "Tenant");
        const name = asString(owner?.name);
        return name ? { name, source: ID, evidence: "ownerReference to Tenant" } : undefined;
      },
      runtimeTenants: () =>
        ws.ofKind("Tenant").flatMap((t) =>
          isCapsule(t) && t.name
            ? [{
                object: t,
                tenant: { name: t.name, source: ID, evidence: "Capsule Tenant" },
                standIn: `any namespace of Capsule tenant '${t.name}'`,
                description: `Capsule Tenant '${t.name}' (its owners' namespaces)`,
              }]
            : [],
        ),
      selectorLabels(target) {
        if (target.provider !== ID || !target.tenant) return {};
        const metadata = asRecord(asRecord(asRecord(tenants.get(target.tenant)?.value.spec)?.namespaceOptions)?.additionalMetadata);
        return { "capsule.clastix.io/tenant": target.tenant, ...stringMap(metadata?.labels) };
      },
      protecting(target, kind, ctx) {
        if (target.provider !== ID || !target.tenant) return [];
        const out: ProtectingObject[] = [];
        const tenantName = target.tenant;
        const tenant = tenants.get(tenantName);
        const nsLabels = ctx.selectorLabels(target);
        if (tenant) {
          out.push(...tenantSpecObjects(tenant, kind, nsLabels));
          for (const gtr of ws.ofKind("GlobalTenantResource")) {
            if (!isCapsule(gtr)) continue;
            const spec = asRecord(gtr.value.spec);
            if (spec?.scope === "Tenant") continue; // replicated once per tenant, not into its namespaces
            if (appliesTo(spec?.tenantSelector, tenant.labels)) out.push(...replicated(ws, gtr, kind, nsLabels, "capsule-global-tenant-resource"));
          }
        }
        // A TenantResource replicates into the namespaces of the tenant that owns its own namespace.
        for (const tr of ws.ofKind("TenantResource")) {
          if (!isCapsule(tr) || !tr.namespace) continue;
          const owner = ctx.catalog.tenantOf(tr.namespace, "marked");
          if (owner?.source === ID && owner.name === tenantName) out.push(...replicated(ws, tr, kind, nsLabels, "capsule-tenant-resource"));
        }
        if (kind === "ResourceQuota") {
          for (const q of ws.ofKind("GlobalResourceQuota", "ResourcePool")) {
            if (!isCapsule(q)) continue;
            const spec = asRecord(q.value.spec);
            const selectors = asArray(q.kind === "ResourcePool" ? spec?.selectors : spec?.namespaceSelectors);
            if (!selectors.some((s) => selectorMatches(s, nsLabels))) continue;
            const quota = asRecord(spec?.quota);
            if (quota) out.push(synthetic("ResourceQuota", q.name, quota, q, "capsule-quota", `Capsule ${q.kind} '${q.name}'`));
          }
        }
        return out;
      },
      managedLabels(target, ctx) {
        const tenant = target.provider === ID && target.tenant ? tenants.get(target.tenant) : undefined;
        return tenant ? namespaceLabels(tenant, ctx.selectorLabels(target)) : [];
      },
      subjects(add) {
        const owners = ws.ofKind("TenantOwner").filter(isCapsule);
        for (const tenant of ws.ofKind("Tenant")) if (isCapsule(tenant) && tenant.name) addTenantSubjects(tenant, tenant.name, owners, add);
        for (const owner of owners) {
          const tenant = owner.labels["projectcapsule.dev/tenant"];
          if (tenant) add(asRecord(owner.value.spec), { tenant, why: `owner of Capsule Tenant '${tenant}'`, evidence: owner });
        }
      },
      carriedPolicies: (obj, ctx) => carried(obj, ctx.catalog),
    };
  },
};

function isCapsule(obj: ManifestObject): boolean {
  return obj.group === "capsule.clastix.io";
}

/** Capsule v1alpha1 wrote these as lists; v1beta1/v1beta2 as `{ items: [...] }`. */
function capsuleItems(value: unknown): PlainValue[] {
  return Array.isArray(value) ? value : asArray(asRecord(value)?.items);
}

const TENANT_SPEC_FIELD: Record<ProtectionKind, string> = {
  NetworkPolicy: "networkPolicies",
  LimitRange: "limitRanges",
  ResourceQuota: "resourceQuotas",
};

/** The objects Capsule copies into every namespace of the tenant from the Tenant's own spec. */
function tenantSpecObjects(tenant: ManifestObject, kind: ProtectionKind, nsLabels: Record<string, string>): ProtectingObject[] {
  const spec = asRecord(tenant.value.spec);
  const field = TENANT_SPEC_FIELD[kind];
  const via = `Capsule Tenant '${tenant.name}' spec.${field}`;
  const out = capsuleItems(spec?.[field])
    .map(asRecord)
    .filter((item): item is Record<string, PlainValue> => item !== undefined)
    .map((item) => synthetic(kind, undefined, item, tenant, "capsule-tenant", via));
  if (kind === "ResourceQuota") {
    // v1beta2 rules: `rules[].quota[]`, for the namespaces the rule's namespaceSelector picks.
    for (const rule of asArray(spec?.rules)) {
      const r = asRecord(rule);
      if (!r || !appliesTo(r.namespaceSelector, nsLabels)) continue;
      for (const quota of asArray(r.quota)) {
        const q = asRecord(quota);
        if (q) out.push(synthetic("ResourceQuota", asString(q.name), q, tenant, "capsule-tenant", `Capsule Tenant '${tenant.name}' spec.rules[].quota`));
      }
    }
  }
  return out;
}

/** (Global)TenantResource `spec.resources[]`: rawItems, namespacedItems (copied from a namespace), generators. */
function replicated(
  ws: Workspace,
  owner: ManifestObject,
  kind: ProtectionKind,
  nsLabels: Record<string, string>,
  source: ProtectionSource,
): ProtectingObject[] {
  const out: ProtectingObject[] = [];
  const via = `Capsule ${owner.kind} '${owner.name ?? "(unnamed)"}'`;
  for (const resource of asArray(asRecord(owner.value.spec)?.resources)) {
    const r = asRecord(resource);
    if (!r || !appliesTo(r.namespaceSelector, nsLabels)) continue;
    for (const raw of asArray(r.rawItems)) {
      const item = asRecord(raw);
      const itemKind = asString(item?.kind);
      if (item && itemKind && KINDS_FOR[kind].includes(itemKind)) {
        const group = groupOf(asString(item.apiVersion));
        out.push({ kind: itemKind, group, name: asString(asRecord(item.metadata)?.name), spec: asRecord(item.spec), evidence: owner, source, via });
      }
    }
    for (const ref of asArray(r.namespacedItems)) {
      const item = asRecord(ref);
      const itemKind = asString(item?.kind);
      const fromNs = asString(item?.namespace);
      if (!item || !itemKind || !fromNs || !KINDS_FOR[kind].includes(itemKind)) continue;
      for (const copied of ws.inNamespace(fromNs, itemKind)) {
        if (item.selector !== undefined && !selectorMatches(item.selector, copied.labels)) continue;
        out.push({ ...fromObject(copied, source, `${via} (copy of ${copied.kind} '${copied.name}' from '${fromNs}')`), evidence: owner });
      }
    }
    for (const generator of asArray(r.generators)) {
      const template = asString(asRecord(generator)?.template) ?? "";
      for (const k of KINDS_FOR[kind]) {
        if (new RegExp(`^[ \\t-]*kind:[ \\t]*["']?${k}["']?[ \\t]*$`, "m").test(template)) {
          out.push({ kind: k, group: "", name: undefined, spec: undefined, evidence: owner, source, via: `${via} (generated)` });
        }
      }
    }
  }
  return out;
}

/** Namespace labels a Capsule Tenant sets: additionalMetadata(List) and v1beta2 `rules[].enforce.metadata` (managed). */
function namespaceLabels(tenant: ManifestObject, nsLabels: Record<string, string>): ManagedLabel[] {
  const out: ManagedLabel[] = [];
  const spec = asRecord(tenant.value.spec);
  const options = asRecord(spec?.namespaceOptions);
  const add = (labels: Record<string, string>, via: string) => {
    for (const [key, value] of Object.entries(labels)) out.push({ key, value, evidence: tenant, via, forced: true });
  };
  const name = `Capsule Tenant '${tenant.name}'`;
  add(stringMap(asRecord(options?.additionalMetadata)?.labels), `${name} spec.namespaceOptions.additionalMetadata`);
  for (const entry of asArray(options?.additionalMetadataList)) {
    const e = asRecord(entry);
    if (e && appliesTo(e.namespaceSelector, nsLabels)) add(stringMap(e.labels), `${name} spec.namespaceOptions.additionalMetadataList`);
  }
  for (const rule of asArray(spec?.rules)) {
    const r = asRecord(rule);
    if (!r || !appliesTo(r.namespaceSelector, nsLabels)) continue;
    for (const meta of asArray(asRecord(r.enforce)?.metadata)) {
      const m = asRecord(meta);
      if (!m || !asArray(m.kinds).includes("Namespace")) continue;
      for (const [key, spec] of Object.entries(asRecord(m.labels) ?? {})) {
        const managed = asString(asRecord(spec)?.managed) ?? asString(asRecord(spec)?.default);
        if (managed !== undefined) add({ [key]: managed }, `${name} spec.rules[].enforce.metadata`);
      }
    }
  }
  return out;
}

type AddSubject = (subject: unknown, tenancy: SubjectTenancy) => void;

function addTenantSubjects(tenant: ManifestObject, name: string, owners: ManifestObject[], add: AddSubject): void {
  const spec = asRecord(tenant.value.spec);
  const ownerOf = { tenant: name, why: `owner of Capsule Tenant '${name}'`, evidence: tenant };
  for (const owner of asArray(spec?.owners)) add(owner, ownerOf);
  add(spec?.owner, ownerOf);
  const memberOf = { tenant: name, why: `member of Capsule Tenant '${name}'`, evidence: tenant };
  for (const binding of asArray(spec?.additionalRoleBindings)) {
    for (const s of asArray(asRecord(binding)?.subjects)) add(s, memberOf);
  }
  for (const rule of asArray(spec?.rules)) {
    for (const binding of asArray(asRecord(asRecord(rule)?.permissions)?.bindings)) {
      for (const s of asArray(asRecord(binding)?.subjects)) add(s, memberOf);
    }
  }
  const matchOwners = asArray(asRecord(spec?.permissions)?.matchOwners);
  for (const owner of owners) {
    if (!matchOwners.some((selector) => selectorMatches(selector, owner.labels))) continue;
    add(asRecord(owner.value.spec), { tenant: name, why: `owner of Capsule Tenant '${name}'`, evidence: owner });
  }
}

/** A Tenant's `spec.networkPolicies`; (Global)TenantResource `rawItems`. */
function carried(obj: ManifestObject, catalog: NamespaceCatalog): CarriedPolicy[] | undefined {
  if (!isCapsule(obj)) return undefined;
  const spec = asRecord(obj.value.spec);
  if (obj.kind === "Tenant" && obj.name) {
    const list = spec?.networkPolicies;
    // Capsule v1alpha1 wrote a list; v1beta1/v1beta2 write `{ items: [...] }`.
    const base = Array.isArray(list) ? ["spec", "networkPolicies"] : ["spec", "networkPolicies", "items"];
    const items = Array.isArray(list) ? list : asArray(asRecord(list)?.items);
    const where = `copied by Capsule into every namespace of tenant '${obj.name}'`;
    return items.map((item, k) => ({ kind: "NetworkPolicy", label: `NetworkPolicy #${k + 1} of Capsule Tenant '${obj.name}'`, spec: asRecord(item), specPath: [...base, k], owners: [obj.name as string], where }));
  }
  if (obj.kind === "TenantResource" || obj.kind === "GlobalTenantResource") {
    const owner = obj.kind === "TenantResource" && obj.namespace ? catalog.tenantOf(obj.namespace, "marked")?.name : undefined;
    const where = owner ? `replicated by Capsule into the namespaces of tenant '${owner}'` : "replicated by Capsule into tenant namespaces";
    return asArray(spec?.resources).flatMap((resource, r) =>
      asArray(asRecord(resource)?.rawItems).flatMap((raw, k) => {
        const item = asRecord(raw);
        if (!isNetworkPolicyItem(item)) return [];
        const path = ["spec", "resources", r, "rawItems", k, "spec"];
        const kind = asString(item?.kind) as string;
        const label = `${kind} '${asString(asRecord(item?.metadata)?.name) ?? "(unnamed)"}' of Capsule ${obj.kind} '${obj.name ?? "(unnamed)"}'`;
        return [{ kind, label, spec: asRecord(item?.spec), specPath: path, owners: owner ? [owner] : [], where }];
      }),
    );
  }
  return undefined;
}
