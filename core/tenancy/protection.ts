/**
 * What protects a tenant namespace. For a namespace name and a kind (NetworkPolicy, LimitRange, ResourceQuota), the
 * objects that will exist in it once the repository is applied, each with the repository object that carries it
 * (the evidence a message cites as file:line):
 * - its own objects, by effective namespace (Kustomize `namespace:` included), `kind: List` items included;
 * - Capsule: the Tenant's `spec.networkPolicies` / `limitRanges` / `resourceQuotas` (deprecated in v1beta2, still
 *   honoured by Capsule and common), `spec.rules[].quota`, TenantResource / GlobalTenantResource replications,
 *   GlobalResourceQuota and ResourcePool quotas;
 * - kiosk: Templates applied by the Space's Account (`spec.space.templateInstances`) or by a TemplateInstance;
 * - HNC: objects of an ancestor namespace, only for kinds an HNCConfiguration sets to Propagate (HNC propagates only
 *   RBAC by default).
 * - Kyverno: ClusterPolicy `generate` rules matching Namespaces.
 * And the labels tenancy operators put on a namespace (Capsule additionalMetadata / rules, kiosk spaceTemplate, HNC
 * anchor labels, Kyverno `mutate` rules), for Pod Security admission.
 *
 * Built once per workspace generation and settings; per-namespace answers are memoised, so a rule linting 1,000
 * Namespace files does O(objects of that namespace and its tenant) work per file, never O(repository).
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString, stringMap, type PlainValue } from "../manifest/yaml-ast.js";
import type { KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { generated, mutatedLabels, namespaceRules, ruleMatchesNamespace, type KyvernoRule } from "./kyverno.js";
import { isEmptySelector, selectorMatches } from "./label-selector.js";
import { getNamespaceCatalog, type NamespaceCatalog } from "./namespaces.js";

export type ProtectionKind = "NetworkPolicy" | "LimitRange" | "ResourceQuota";

/** Repository kinds that play the role of a protection kind (Cilium's policy is a NetworkPolicy for our purpose). */
const KINDS_FOR: Record<ProtectionKind, string[]> = {
  NetworkPolicy: ["NetworkPolicy", "CiliumNetworkPolicy"],
  LimitRange: ["LimitRange"],
  ResourceQuota: ["ResourceQuota"],
};

export type ProtectionSource =
  | "namespace"
  | "hnc"
  | "capsule-tenant"
  | "capsule-tenant-resource"
  | "capsule-global-tenant-resource"
  | "capsule-quota"
  | "kiosk-template"
  | "kyverno-generate";

/** An object that will exist in the namespace, as written or as a tenancy operator will create it. */
export interface ProtectingObject {
  kind: string;
  /** API group of the object as it will exist (Calico's NetworkPolicy differs from the core one). */
  group: string;
  name: string | undefined;
  /** Its spec; undefined when a template generates it and we cannot read it (then we trust it exists). */
  spec: Readonly<Record<string, PlainValue>> | undefined;
  /** The repository object that carries or produces it: cite its file and line. */
  evidence: ManifestObject;
  source: ProtectionSource;
  /** Where it comes from, in words: "Capsule Tenant 'wind' spec.networkPolicies". */
  via: string;
}

/** A label a tenancy operator sets (or forces) on the namespace. */
export interface ManagedLabel {
  key: string;
  value: string;
  evidence: ManifestObject;
  via: string;
  /** Whether the operator overwrites the namespace's own value (Capsule does; kiosk/HNC only set it). */
  forced: boolean;
}

/** What we know of the namespace being asked about: its name (absent for a tenant's runtime namespaces). */
export interface ProtectionTarget {
  namespace: string | undefined;
  /** The Capsule tenant / kiosk account it belongs to, when it belongs to one. */
  capsuleTenant: string | undefined;
  kioskAccount: string | undefined;
}

const NONE: readonly ProtectingObject[] = Object.freeze([]);

export class ProtectionIndex {
  private readonly capsuleTenants = new Map<string, ManifestObject>();
  private readonly kioskAccounts = new Map<string, ManifestObject>();
  private readonly kioskTemplates = new Map<string, ManifestObject>();
  /** Kinds an HNCConfiguration propagates beyond HNC's default (RBAC only). */
  private readonly hncPropagated = new Set<string>();
  private readonly memo = new Map<string, readonly ProtectingObject[]>();
  private capsuleNamespaceTenants: Set<string> | undefined;
  private readonly kyvernoRules: KyvernoRule[];

  constructor(
    readonly ws: Workspace,
    readonly catalog: NamespaceCatalog,
  ) {
    for (const t of ws.ofKind("Tenant")) if (isCapsule(t) && t.name) this.capsuleTenants.set(t.name, t);
    for (const a of ws.ofKind("Account")) if (a.group.startsWith("tenancy.kiosk.sh") && a.name) this.kioskAccounts.set(a.name, a);
    for (const t of ws.ofKind("Template")) if (t.group.startsWith("config.kiosk.sh") && t.name) this.kioskTemplates.set(t.name, t);
    for (const config of ws.ofKind("HNCConfiguration")) for (const kind of hncPropagatedKinds(config)) this.hncPropagated.add(kind);
    this.kyvernoRules = namespaceRules(ws.ofKind("ClusterPolicy"));
  }

  /** The Capsule Tenant object of that name, when the repository defines it. */
  capsuleTenant(name: string): ManifestObject | undefined {
    return this.capsuleTenants.get(name);
  }

  /** Whether the repository defines a namespace of this Capsule tenant. */
  hasCapsuleNamespaces(tenant: string): boolean {
    if (!this.capsuleNamespaceTenants) {
      this.capsuleNamespaceTenants = new Set();
      for (const info of this.catalog.namespaces.values()) {
        if (info.tenant?.source === "capsule") this.capsuleNamespaceTenants.add(info.tenant.name);
      }
    }
    return this.capsuleNamespaceTenants.has(tenant);
  }

  /** Which tenancy system a namespace belongs to, from the catalog's marks. */
  targetOf(namespace: string): ProtectionTarget {
    const tenant = this.catalog.tenantOf(namespace, "marked");
    return {
      namespace,
      capsuleTenant: tenant?.source === "capsule" ? tenant.name : undefined,
      kioskAccount: tenant?.source === "kiosk" ? tenant.name : undefined,
    };
  }

  /** The objects of this kind that will exist in the target namespace. */
  protecting(target: ProtectionTarget, kind: ProtectionKind): readonly ProtectingObject[] {
    const key = `${kind}\u0000${target.namespace ?? ""}\u0000${target.capsuleTenant ?? ""}\u0000${target.kioskAccount ?? ""}`;
    let found = this.memo.get(key);
    if (!found) {
      found = this.collect(target, kind);
      this.memo.set(key, found.length === 0 ? NONE : found);
    }
    return found;
  }

  /** The labels the namespace will carry from tenancy operators (not its own `metadata.labels`). */
  managedLabels(target: ProtectionTarget): ManagedLabel[] {
    const out: ManagedLabel[] = [];
    const tenant = target.capsuleTenant ? this.capsuleTenants.get(target.capsuleTenant) : undefined;
    if (tenant) out.push(...capsuleNamespaceLabels(tenant, this.selectorLabels(target)));
    const account = target.kioskAccount ? this.kioskAccounts.get(target.kioskAccount) : undefined;
    for (const rule of this.kyvernoRules) {
      if (!ruleMatchesNamespace(rule, target.namespace, this.selectorLabels(target))) continue;
      for (const label of mutatedLabels(rule)) {
        out.push({ ...label, evidence: rule.policy, via: `Kyverno ClusterPolicy '${rule.policy.name}' rule '${rule.name}'` });
      }
    }
    if (account) {
      const labels = stringMap(asRecord(asRecord(asRecord(asRecord(account.value.spec)?.space)?.spaceTemplate)?.metadata)?.labels);
      for (const [key, value] of Object.entries(labels)) {
        out.push({ key, value, evidence: account, via: `kiosk Account '${account.name}' spec.space.spaceTemplate`, forced: false });
      }
    }
    return out;
  }

  /** Labels a namespace is known to carry, for namespace selectors. */
  selectorLabels(target: ProtectionTarget): Record<string, string> {
    const labels: Record<string, string> = {};
    const info = target.namespace ? this.catalog.namespaces.get(target.namespace) : undefined;
    if (info) Object.assign(labels, info.labels);
    if (target.namespace) labels["kubernetes.io/metadata.name"] = target.namespace;
    if (target.capsuleTenant) {
      labels["capsule.clastix.io/tenant"] = target.capsuleTenant;
      const tenant = this.capsuleTenants.get(target.capsuleTenant);
      const metadata = asRecord(asRecord(asRecord(tenant?.value.spec)?.namespaceOptions)?.additionalMetadata);
      Object.assign(labels, stringMap(metadata?.labels));
    }
    return labels;
  }

  private collect(target: ProtectionTarget, kind: ProtectionKind): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    if (target.namespace) {
      for (const obj of this.ws.inNamespace(target.namespace, ...KINDS_FOR[kind])) {
        out.push(fromObject(obj, "namespace", `${obj.kind} '${obj.name ?? "(unnamed)"}'`));
      }
      if (KINDS_FOR[kind].some((k) => this.hncPropagated.has(k))) out.push(...this.fromHncAncestors(target.namespace, kind));
    }
    if (target.capsuleTenant) out.push(...this.fromCapsule(target, kind));
    if (target.kioskAccount || target.namespace) out.push(...this.fromKiosk(target, kind));
    out.push(...this.fromKyverno(target, kind));
    return out;
  }

  private fromKyverno(target: ProtectionTarget, kind: ProtectionKind): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    for (const rule of this.kyvernoRules) {
      const made = generated(rule, KINDS_FOR[kind]);
      if (!made || !ruleMatchesNamespace(rule, target.namespace, this.selectorLabels(target))) continue;
      const via = `Kyverno ClusterPolicy '${rule.policy.name}' rule '${rule.name}'`;
      out.push({ ...made, evidence: rule.policy, source: "kyverno-generate", via });
    }
    return out;
  }

  private fromHncAncestors(namespace: string, kind: ProtectionKind): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    for (const ancestor of this.catalog.ancestorsOf(namespace)) {
      for (const obj of this.ws.inNamespace(ancestor, ...KINDS_FOR[kind])) {
        if (!this.hncPropagated.has(obj.kind) || obj.annotations["propagate.hnc.x-k8s.io/none"] === "true") continue;
        out.push(fromObject(obj, "hnc", `${obj.kind} '${obj.name ?? "(unnamed)"}' propagated by HNC from '${ancestor}'`));
      }
    }
    return out;
  }

  private fromCapsule(target: ProtectionTarget, kind: ProtectionKind): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    const tenantName = target.capsuleTenant as string;
    const tenant = this.capsuleTenants.get(tenantName);
    const nsLabels = this.selectorLabels(target);
    if (tenant) {
      out.push(...capsuleTenantSpecObjects(tenant, kind, nsLabels));
      for (const gtr of this.ws.ofKind("GlobalTenantResource")) {
        if (!isCapsule(gtr)) continue;
        const spec = asRecord(gtr.value.spec);
        if (spec?.scope === "Tenant") continue; // replicated once per tenant, not into its namespaces
        const selector = spec?.tenantSelector;
        const selectsTenant = selector === undefined || selector === null || isEmptySelector(selector) || selectorMatches(selector, tenant.labels);
        if (selectsTenant) out.push(...this.replicated(gtr, kind, nsLabels, "capsule-global-tenant-resource"));
      }
    }
    // A TenantResource replicates into the namespaces of the tenant that owns its own namespace.
    for (const tr of this.tenantResourcesOf().get(tenantName) ?? []) {
      out.push(...this.replicated(tr, kind, nsLabels, "capsule-tenant-resource"));
    }
    if (kind === "ResourceQuota") {
      for (const q of this.ws.ofKind("GlobalResourceQuota", "ResourcePool")) {
        if (!isCapsule(q)) continue;
        const spec = asRecord(q.value.spec);
        const selectors = asArray(q.kind === "ResourcePool" ? spec?.selectors : spec?.namespaceSelectors);
        if (!selectors.some((s) => selectorMatches(s, nsLabels))) continue;
        const quota = asRecord(spec?.quota);
        if (quota) out.push(synthetic("ResourceQuota", q.name, quota, q, "capsule-quota", `Capsule ${q.kind} '${q.name}'`));
      }
    }
    return out;
  }

  private tenantResources: Map<string, ManifestObject[]> | undefined;

  /** Capsule TenantResources by the tenant owning their namespace, once per index (not every TenantResource per namespace). */
  private tenantResourcesOf(): Map<string, ManifestObject[]> {
    if (this.tenantResources) return this.tenantResources;
    const byTenant = new Map<string, ManifestObject[]>();
    for (const tr of this.ws.ofKind("TenantResource")) {
      if (!isCapsule(tr) || !tr.namespace) continue;
      const owner = this.catalog.tenantOf(tr.namespace, "marked");
      if (owner?.source !== "capsule") continue;
      const list = byTenant.get(owner.name);
      if (list) list.push(tr);
      else byTenant.set(owner.name, [tr]);
    }
    return (this.tenantResources = byTenant);
  }

  /** (Global)TenantResource `spec.resources[]`: rawItems, namespacedItems (copied from a namespace), generators. */
  private replicated(
    owner: ManifestObject,
    kind: ProtectionKind,
    nsLabels: Record<string, string>,
    source: ProtectionSource,
  ): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    const via = `Capsule ${owner.kind} '${owner.name ?? "(unnamed)"}'`;
    for (const resource of asArray(asRecord(owner.value.spec)?.resources)) {
      const r = asRecord(resource);
      if (!r) continue;
      const nsSelector = r.namespaceSelector;
      if (nsSelector !== undefined && nsSelector !== null && !isEmptySelector(nsSelector) && !selectorMatches(nsSelector, nsLabels)) continue;
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
        for (const copied of this.ws.inNamespace(fromNs, itemKind)) {
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

  private fromKiosk(target: ProtectionTarget, kind: ProtectionKind): ProtectingObject[] {
    const out: ProtectingObject[] = [];
    const applied: { template: string; via: string }[] = [];
    const account = target.kioskAccount ? this.kioskAccounts.get(target.kioskAccount) : undefined;
    if (account) {
      for (const instance of asArray(asRecord(asRecord(account.value.spec)?.space)?.templateInstances)) {
        const template = asString(asRecord(asRecord(instance)?.spec)?.template);
        if (template) applied.push({ template, via: `kiosk Account '${account.name}'` });
      }
    }
    if (target.namespace) {
      for (const instance of this.ws.inNamespace(target.namespace, "TemplateInstance")) {
        if (!instance.group.startsWith("config.kiosk.sh")) continue;
        const template = asString(asRecord(instance.value.spec)?.template);
        if (template) applied.push({ template, via: `kiosk TemplateInstance '${instance.name}'` });
      }
    }
    for (const { template, via } of applied) {
      const tpl = this.kioskTemplates.get(template);
      if (!tpl) continue;
      for (const manifest of asArray(asRecord(asRecord(tpl.value.resources))?.manifests)) {
        const m = asRecord(manifest);
        const itemKind = asString(m?.kind);
        if (!m || !itemKind || !KINDS_FOR[kind].includes(itemKind)) continue;
        out.push({
          kind: itemKind,
          group: groupOf(asString(m.apiVersion)),
          name: asString(asRecord(m.metadata)?.name),
          spec: asRecord(m.spec),
          evidence: tpl,
          source: "kiosk-template",
          via: `kiosk Template '${template}' (applied by ${via})`,
        });
      }
    }
    return out;
  }
}

function isCapsule(obj: ManifestObject): boolean {
  return obj.group === "capsule.clastix.io";
}

function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return "";
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

function fromObject(obj: ManifestObject, source: ProtectionSource, via: string): ProtectingObject {
  return { kind: obj.kind, group: obj.group, name: obj.name, spec: asRecord(obj.value.spec), evidence: obj, source, via };
}

function synthetic(
  kind: string,
  name: string | undefined,
  spec: Record<string, PlainValue>,
  evidence: ManifestObject,
  source: ProtectionSource,
  via: string,
): ProtectingObject {
  return { kind, group: "", name, spec, evidence, source, via };
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
function capsuleTenantSpecObjects(
  tenant: ManifestObject,
  kind: ProtectionKind,
  nsLabels: Record<string, string>,
): ProtectingObject[] {
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

function appliesTo(selector: unknown, labels: Record<string, string>): boolean {
  return selector === undefined || selector === null || isEmptySelector(selector) || selectorMatches(selector, labels);
}

/** Namespace labels a Capsule Tenant sets: additionalMetadata(List) and v1beta2 `rules[].enforce.metadata` (managed). */
function capsuleNamespaceLabels(tenant: ManifestObject, nsLabels: Record<string, string>): ManagedLabel[] {
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

/**
 * Kinds an HNCConfiguration propagates. v1alpha2: `spec.resources[] {group, resource, mode: Propagate}`;
 * v1alpha1: `spec.types[] {apiVersion, kind, mode: propagate}`.
 */
function hncPropagatedKinds(config: ManifestObject): string[] {
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
