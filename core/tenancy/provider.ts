/**
 * The tenancy provider interface. A provider is one tenancy model (plain labels, Capsule, kiosk, HNC, Kyverno's
 * namespace policies...), one file in `providers/`, listed once in `providers/index.ts`. `read(ws, settings)` builds
 * its lookups once per workspace generation and returns a `TenancyModel`; every hook is optional:
 * - which namespaces it makes, and of which tenant: `definition(obj)` (a kiosk Space, an HNC anchor),
 *   `markFromLabels(labels)`, `markFromDefinition(obj)`, `parentOf(namespace)` (a hierarchy), `runtimeTenants()`
 *   (tenants whose namespaces are created at runtime, e.g. a Capsule Tenant's);
 * - which objects protect a namespace, each with the repository object that carries it and a `via` for messages:
 *   `protecting(target, kind, ctx)`;
 * - which labels it puts on a namespace: `selectorLabels(target)` (known for selectors) and `managedLabels(target)`
 *   (set or forced by the operator, for Pod Security);
 * - which subjects are the tenant's: `subjects(add)`;
 * - which NetworkPolicies an object carries into tenant namespaces: `carriedPolicies(obj, ctx)`.
 * A target names a namespace (or none, for runtime namespaces) and the tenant plus the provider that made it one;
 * a provider answers only for its own tenants (`target.provider === id`) unless it acts on every namespace.
 * The composing indexes are `namespaces.ts` (catalog), `protection.ts`, `subjects.ts` and `network.ts`.
 */
import type { ManifestObject } from "../manifest/model.js";
import { asRecord, asString, type PlainValue } from "../manifest/yaml-ast.js";
import type { KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { isEmptySelector, selectorMatches } from "./label-selector.js";
import type { NamespaceCatalog, NamespaceInfo, TenantRef } from "./namespaces.js";

export type ProtectionKind = "NetworkPolicy" | "LimitRange" | "ResourceQuota";

/** Repository kinds that play the role of a protection kind (Cilium's policy is a NetworkPolicy for our purpose). */
export const KINDS_FOR: Record<ProtectionKind, string[]> = {
  NetworkPolicy: ["NetworkPolicy", "CiliumNetworkPolicy"],
  LimitRange: ["LimitRange"],
  ResourceQuota: ["ResourceQuota"],
};

/** Where a protecting object comes from: "namespace", or a provider's own word ("capsule-tenant", "hnc"...). */
export type ProtectionSource = string;

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

/** What we know of the namespace being asked about. */
export interface ProtectionTarget {
  /** Its name; undefined for a tenant's runtime namespaces. */
  namespace: string | undefined;
  /** The tenant it belongs to by its marks, and the provider (TenantRef.source) that made it one. */
  tenant: string | undefined;
  provider: string | undefined;
}

/** A namespace an object other than a Namespace creates (a kiosk Space, an HNC anchor). */
export interface NamespaceDefinition {
  name: string;
  /** Labels the object itself asks for on the namespace. */
  ownLabels: Record<string, string>;
  /** How messages name it: "kiosk Space 'a'". */
  description: string;
}

/** A tenant whose namespaces its owners create at runtime (a Capsule Tenant): stands for them. */
export interface RuntimeTenant {
  object: ManifestObject;
  tenant: TenantRef;
  /** For selectors' candidate lists: "any namespace of Capsule tenant 'wind'". */
  standIn: string;
  /** For the protection rules, when the repository defines none of its namespaces. */
  description: string;
}

/** A NetworkPolicy an object of the repository is, or carries for tenants to receive. */
export interface CarriedPolicy {
  kind: string;
  spec: Readonly<Record<string, PlainValue>> | undefined;
  /** How messages name it: "NetworkPolicy 'allow-web'", "the NetworkPolicy #1 of Capsule Tenant 'solar'". */
  label: string;
  /** Path of the policy's `spec` inside the carrying object. */
  specPath: (string | number)[];
  /** The tenants whose namespaces it lands in (empty when unknown). */
  owners: string[];
  /** Where it applies, in words: "in namespace 'a' of tenant 'a'". */
  where: string;
}

/** What protection hooks may ask of the composition. */
export interface ProtectionContext {
  ws: Workspace;
  catalog: NamespaceCatalog;
  /** Labels the target namespace carries for selectors, every provider's included. */
  selectorLabels(target: ProtectionTarget): Record<string, string>;
}

/** Why a subject belongs to a tenant. */
export interface SubjectTenancy {
  /** The tenant's name; undefined when the subject stands for every tenant or for an unnamed one. */
  tenant: string | undefined;
  /** In words, for messages: "owner of Capsule Tenant 'solar'". */
  why: string;
  /** The repository object that makes it so, when there is one (cite its file:line). */
  evidence: ManifestObject | undefined;
  /** The subject stands for every tenant (`system:authenticated`...). */
  everyone?: boolean;
}

export interface TenancyModel {
  /** Whether a `settings.kube.tenantLabels` key is this provider's (its tenants then carry its id as source). */
  claimsTenantLabel?(key: string): boolean;
  /** The namespace an object creates, when it is one of this provider's namespace-creating objects. */
  definition?(obj: ManifestObject): NamespaceDefinition | undefined;
  /** A tenant named by the namespace's labels (after `settings.kube.tenantLabels`). */
  markFromLabels?(labels: Readonly<Record<string, string>>, ctx: MarkContext): TenantRef | undefined;
  /** A tenant named by an object that defines the namespace. */
  markFromDefinition?(by: ManifestObject): TenantRef | undefined;
  /** The parent of a namespace in a hierarchy; the child inherits its tenant. */
  parentOf?(info: NamespaceInfo): { parent: string; evidence: string } | undefined;
  /** Tenants whose namespaces are created at runtime, in repository order. */
  runtimeTenants?(): RuntimeTenant[];
  /** Objects of this kind the provider puts into the target namespace. */
  protecting?(target: ProtectionTarget, kind: ProtectionKind, ctx: ProtectionContext): ProtectingObject[];
  /** Labels the namespace is known to carry from this provider, for namespace selectors. */
  selectorLabels?(target: ProtectionTarget): Record<string, string>;
  /** Labels the provider sets or forces on the namespace. */
  managedLabels?(target: ProtectionTarget, ctx: ProtectionContext): ManagedLabel[];
  /** The subjects this provider makes a tenant's: `add(subjectAsWritten, why)`. */
  subjects?(add: (subject: unknown, tenancy: SubjectTenancy) => void): void;
  /** The NetworkPolicies an object of this provider carries into tenant namespaces. */
  carriedPolicies?(obj: ManifestObject, ctx: { ws: Workspace; catalog: NamespaceCatalog }): CarriedPolicy[] | undefined;
}

export interface MarkContext {
  settings: KubeSettings;
  /** The provider that claims a tenant label key, "label" when none does. */
  providerOfLabel(key: string): string;
}

export interface TenancyProvider {
  /** Used as `TenantRef.source` for the tenants it marks. */
  readonly id: string;
  /** Kinds of its namespace-creating or runtime-tenant objects: a cheap pre-test before touching the workspace. */
  readonly definingKinds: readonly string[];
  /** Kinds that may carry NetworkPolicies into tenant namespaces. */
  readonly policyCarrierKinds?: readonly string[];
  read(ws: Workspace, settings: KubeSettings): TenancyModel;
}

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return "";
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

export function fromObject(obj: ManifestObject, source: ProtectionSource, via: string): ProtectingObject {
  return { kind: obj.kind, group: obj.group, name: obj.name, spec: asRecord(obj.value.spec), evidence: obj, source, via };
}

export function synthetic(
  kind: string,
  name: string | undefined,
  spec: Record<string, PlainValue>,
  evidence: ManifestObject,
  source: ProtectionSource,
  via: string,
): ProtectingObject {
  return { kind, group: "", name, spec, evidence, source, via };
}

/** An absent or empty selector selects everything. */
export function appliesTo(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  return selector === undefined || selector === null || isEmptySelector(selector) || selectorMatches(selector, labels);
}

const POLICY_KINDS = new Set(["NetworkPolicy", "CiliumNetworkPolicy"]);

/** A NetworkPolicy of networking.k8s.io or a CiliumNetworkPolicy, by kind and apiVersion. */
export function isPolicy(kind: string | undefined, apiVersion: string | undefined): boolean {
  if (!kind || !POLICY_KINDS.has(kind)) return false;
  const group = groupOf(apiVersion);
  return group === "networking.k8s.io" || group === "cilium.io";
}

/** The same test for an embedded manifest (a template's item). */
export function isNetworkPolicyItem(item: Readonly<Record<string, PlainValue>> | undefined): boolean {
  return isPolicy(asString(item?.kind), asString(item?.apiVersion));
}
