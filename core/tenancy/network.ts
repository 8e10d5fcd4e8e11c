/**
 * What a NetworkPolicy lets across a tenant's wall. For each ingress (and, when asked, egress) rule: does it admit
 * every source, every namespace, the internet (`ipBlock` 0.0.0.0/0 or ::/0), or namespaces of another tenant?
 * Each finding carries the path of the offending field inside the policy's `spec`, so a rule can report on it.
 * Understands networking.k8s.io/v1 NetworkPolicy and the common CiliumNetworkPolicy peers (entities, CIDRs).
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString, type PlainValue } from "../manifest/yaml-ast.js";
import { isEmptySelector, selectorMatches } from "./label-selector.js";
import type { Workspace } from "../workspace/workspace.js";
import type { NamespaceCatalog, TenantScope } from "./namespaces.js";
import type { Direction } from "./network-isolation.js";
import type { ProtectionIndex } from "./protection.js";

export type Breach = "every-source" | "every-namespace" | "internet" | "other-tenant";

export interface CrossingPeer {
  direction: Direction;
  breach: Breach;
  /** Path of the offending node inside the policy's `spec`. */
  path: (string | number)[];
  /** What it admits, in words: "namespaceSelector {}", "ipBlock 0.0.0.0/0", "namespace 'b' of tenant 'b'". */
  detail: string;
}

/** A namespace a selector may pick, with the labels it will carry and its tenant. */
export interface CandidateNamespace {
  name: string;
  labels: Readonly<Record<string, string>>;
  /** Its tenant under the rule's scope; undefined for system and non-tenant namespaces. */
  tenant: string | undefined;
  /** Stands for namespaces created at runtime (a Capsule tenant's); `name` then describes them. */
  standIn?: boolean;
}

export interface CrossingQuery {
  directions: readonly Direction[];
  /** The tenants the policy protects (several for a template applied to several tenants; empty when unknown). */
  owners: readonly string[];
  /** Namespaces to test namespace selectors against (the repository's). */
  namespaces: readonly CandidateNamespace[];
}

type Spec = Readonly<Record<string, PlainValue>>;

const PEER_KEY: Record<Direction, string> = { ingress: "from", egress: "to" };
const ANY_ADDRESS = new Set(["0.0.0.0/0", "::/0"]);
/** `except` entries that keep a 0.0.0.0/0 block off the private ranges pod networks live in. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/** A namespace no label marks: what a selector admits beyond the namespaces the repository knows of. */
const UNKNOWN_NAMESPACE = { "kubernetes.io/metadata.name": "\u0000any-other-namespace" };

export function crossingPeers(kind: string, spec: Spec | undefined, query: CrossingQuery): CrossingPeer[] {
  if (!spec) return [];
  return kind === "CiliumNetworkPolicy" ? ciliumPeers(spec, query) : corePeers(spec, query);
}

function declares(spec: Spec, direction: Direction): boolean {
  const types = spec.policyTypes;
  if (Array.isArray(types)) return types.some((t) => asString(t)?.toLowerCase() === direction);
  return direction === "ingress" || (spec.egress !== undefined && spec.egress !== null);
}

function corePeers(spec: Spec, query: CrossingQuery): CrossingPeer[] {
  const out: CrossingPeer[] = [];
  for (const direction of query.directions) {
    if (!declares(spec, direction)) continue;
    const peerKey = PEER_KEY[direction];
    asArray(spec[direction]).forEach((entry, i) => {
      const rule = asRecord(entry);
      if (entry !== null && !rule) return; // malformed: the API server rejects it
      // DNS to any namespace is how egress policies reach the cluster DNS; it is not a path into tenants' apps.
      if (direction === "egress" && onlyDns(rule?.ports)) return;
      const listed = rule?.[peerKey];
      if (listed !== undefined && listed !== null && !Array.isArray(listed)) return; // malformed: rejected
      const peers = asArray(listed);
      if (peers.length === 0) {
        const everyone = direction === "ingress" ? "every source (no `from`)" : "every destination (no `to`)";
        out.push({ direction, breach: "every-source", path: [direction, i], detail: everyone });
        return;
      }
      peers.forEach((p, j) => {
        const peer = asRecord(p);
        if (!peer) return;
        const at = [direction, i, peerKey, j];
        const block = asRecord(peer.ipBlock);
        const cidr = asString(block?.cidr);
        if (direction === "ingress" && cidr && ANY_ADDRESS.has(cidr) && !keepsOffPrivateRanges(block?.except)) {
          out.push({ direction, breach: "internet", path: [...at, "ipBlock", "cidr"], detail: `ipBlock ${cidr}` });
        }
        if (peer.namespaceSelector === undefined || peer.namespaceSelector === null) return;
        const found = namespaceBreach(peer.namespaceSelector, query);
        if (found) out.push({ direction, path: [...at, "namespaceSelector"], ...found });
      });
    });
  }
  return out;
}

function namespaceBreach(selector: unknown, query: CrossingQuery): Pick<CrossingPeer, "breach" | "detail"> | undefined {
  if (isEmptySelector(selector)) return { breach: "every-namespace", detail: "namespaceSelector {} (every namespace)" };
  if (selectorMatches(selector, UNKNOWN_NAMESPACE)) {
    return { breach: "every-namespace", detail: "a namespaceSelector that matches any unlabelled namespace" };
  }
  const others = mayMatch(selector, query.namespaces).filter(
    (ns) => ns.tenant !== undefined && query.owners.some((owner) => owner !== ns.tenant) && selectorMatches(selector, ns.labels),
  );
  if (others.length === 0) return undefined;
  const named = others.slice(0, 3).map((ns) => (ns.standIn ? ns.name : `namespace '${ns.name}' of tenant '${ns.tenant}'`));
  const more = others.length > 3 ? ` and ${others.length - 3} more` : "";
  return { breach: "other-tenant", detail: `${named.join(", ")}${more}` };
}

/**
 * The candidates a selector can match at all, in their original order: those carrying one of its `matchLabels`
 * pairs (the rarest), or one of an `In` expression's values, else every candidate. Exact: selectorMatches still
 * decides; this only skips namespaces that cannot match, so a policy costs its matches, not the repository's size.
 */
function mayMatch(selector: unknown, namespaces: readonly CandidateNamespace[]): readonly CandidateNamespace[] {
  const record = asRecord(selector);
  if (!record) return namespaces;
  const index = labelIndexOf(namespaces);
  let best: readonly number[] | undefined;
  const wanted = asRecord(record.matchLabels);
  for (const [key, value] of Object.entries(wanted ?? {})) {
    const text = asString(value);
    if (text === undefined) continue; // selectorMatches decides such odd values itself
    const posting = index.get(pair(key, text)) ?? [];
    if (!best || posting.length < best.length) best = posting;
  }
  if (!best && Array.isArray(record.matchExpressions)) {
    for (const expr of record.matchExpressions) {
      const e = asRecord(expr);
      const key = asString(e?.key);
      if (!key || e?.operator !== "In" || !Array.isArray(e.values)) continue;
      const union = e.values.flatMap((v) => {
        const text = asString(v);
        return text === undefined ? [] : (index.get(pair(key, text)) ?? []);
      });
      const sorted = [...new Set(union)].sort((a, b) => a - b);
      if (!best || sorted.length < best.length) best = sorted;
    }
  }
  return best ? best.map((i) => namespaces[i] as CandidateNamespace) : namespaces;
}

const pair = (key: string, value: string): string => `${key}\u0000${value}`;
const labelIndexes = new WeakMap<readonly CandidateNamespace[], Map<string, number[]>>();

/** Candidate positions by `key=value` label, built once per candidate list (once per run). */
function labelIndexOf(namespaces: readonly CandidateNamespace[]): Map<string, number[]> {
  let index = labelIndexes.get(namespaces);
  if (index) return index;
  index = new Map();
  namespaces.forEach((ns, i) => {
    for (const [key, value] of Object.entries(ns.labels)) {
      const k = pair(key, value);
      const list = index!.get(k);
      if (list) list.push(i);
      else index!.set(k, [i]);
    }
  });
  labelIndexes.set(namespaces, index);
  return index;
}

function onlyDns(ports: unknown): boolean {
  const list = asArray(ports);
  return list.length > 0 && list.every((p) => asString(asRecord(p)?.port) === "53");
}

function keepsOffPrivateRanges(except: unknown): boolean {
  const listed = asArray(except).map(asString);
  return PRIVATE_RANGES.every((range) => listed.includes(range));
}

/** cilium.io/v2: `fromEntities`/`toEntities` world, all, cluster; `fromCIDR(Set)` 0.0.0.0/0; namespace-wide endpoints. */
function ciliumPeers(spec: Spec, query: CrossingQuery): CrossingPeer[] {
  const out: CrossingPeer[] = [];
  const prefix: Record<Direction, string> = { ingress: "from", egress: "to" };
  for (const direction of query.directions) {
    asArray(spec[direction]).forEach((entry, i) => {
      const rule = asRecord(entry);
      if (!rule) return;
      const p = prefix[direction];
      asArray(rule[`${p}Entities`]).forEach((e, j) => {
        const entity = asString(e);
        const path = [direction, i, `${p}Entities`, j];
        if (entity === "cluster" || (entity === "all" && direction === "egress")) {
          out.push({ direction, breach: "every-namespace", path, detail: `${p}Entities ${entity}` });
        } else if (direction === "ingress" && (entity === "world" || entity === "all")) {
          out.push({ direction, breach: entity === "all" ? "every-source" : "internet", path, detail: `${p}Entities ${entity}` });
        }
      });
      if (direction !== "ingress") return;
      asArray(rule.fromCIDR).forEach((c, j) => {
        const cidr = asString(c);
        if (cidr && ANY_ADDRESS.has(cidr)) out.push({ direction, breach: "internet", path: [direction, i, "fromCIDR", j], detail: `fromCIDR ${cidr}` });
      });
      asArray(rule.fromCIDRSet).forEach((c, j) => {
        const set = asRecord(c);
        const cidr = asString(set?.cidr);
        if (cidr && ANY_ADDRESS.has(cidr) && !keepsOffPrivateRanges(set?.except)) {
          out.push({ direction, breach: "internet", path: [direction, i, "fromCIDRSet", j, "cidr"], detail: `fromCIDRSet ${cidr}` });
        }
      });
      asArray(rule.fromEndpoints).forEach((sel, j) => {
        const anyNamespace = asArray(asRecord(sel)?.matchExpressions).some((expr) => {
          const e = asRecord(expr);
          return asString(e?.key) === "k8s:io.kubernetes.pod.namespace" && e?.operator === "Exists";
        });
        if (anyNamespace) {
          out.push({ direction, breach: "every-namespace", path: [direction, i, "fromEndpoints", j], detail: "fromEndpoints in every namespace" });
        }
      });
    });
  }
  return out;
}

/**
 * The namespaces a selector may pick: those the repository defines or deploys into, with the labels they will carry,
 * plus one stand-in per Capsule Tenant for the namespaces its owners create at runtime.
 */
export function candidateNamespaces(
  catalog: NamespaceCatalog,
  protection: ProtectionIndex,
  ws: Workspace,
  scope: TenantScope,
): readonly CandidateNamespace[] {
  // Once per run: the catalog and the protection index are rebuilt (new objects) whenever the workspace changes.
  let byScope = candidateCache.get(catalog);
  if (!byScope || byScope.protection !== protection || byScope.ws !== ws) {
    candidateCache.set(catalog, (byScope = { protection, ws, lists: new Map() }));
  }
  let list = byScope.lists.get(scope);
  if (!list) byScope.lists.set(scope, (list = buildCandidates(catalog, protection, ws, scope)));
  return list;
}

const candidateCache = new WeakMap<
  NamespaceCatalog,
  { protection: ProtectionIndex; ws: Workspace; lists: Map<TenantScope, readonly CandidateNamespace[]> }
>();

function buildCandidates(catalog: NamespaceCatalog, protection: ProtectionIndex, ws: Workspace, scope: TenantScope): CandidateNamespace[] {
  const names = new Set([...catalog.namespaces.keys(), ...ws.allNamespaceReferences().keys()]);
  const out: CandidateNamespace[] = [...names].map((name) => ({
    name,
    labels: protection.selectorLabels(protection.targetOf(name)),
    tenant: catalog.tenantOf(name, scope)?.name,
  }));
  for (const tenant of ws.ofKind("Tenant")) {
    if (tenant.group !== "capsule.clastix.io" || !tenant.name) continue;
    const labels = protection.selectorLabels({ namespace: undefined, capsuleTenant: tenant.name, kioskAccount: undefined });
    out.push({ name: `any namespace of Capsule tenant '${tenant.name}'`, labels, tenant: tenant.name, standIn: true });
  }
  return out;
}

/** A NetworkPolicy an object of the repository is, or carries for tenants to receive. */
export interface CarriedPolicy {
  kind: string;
  spec: Spec | undefined;
  /** How messages name it: "NetworkPolicy 'allow-web'", "the NetworkPolicy #1 of Capsule Tenant 'solar'". */
  label: string;
  /** Path of the policy's `spec` inside the carrying object. */
  specPath: (string | number)[];
  /** The tenants whose namespaces it lands in (empty when unknown). */
  owners: string[];
  /** Where it applies, in words: "in namespace 'a' of tenant 'a'". */
  where: string;
}

const POLICY_KINDS = new Set(["NetworkPolicy", "CiliumNetworkPolicy"]);

function isPolicy(kind: string | undefined, apiVersion: string | undefined): boolean {
  if (!kind || !POLICY_KINDS.has(kind)) return false;
  const group = apiVersion?.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  return group === "networking.k8s.io" || group === "cilium.io";
}

/** Kinds worth a look: a cheap test before touching the workspace. */
export function mayCarryPolicies(kind: string): boolean {
  return POLICY_KINDS.has(kind) || ["Tenant", "TenantResource", "GlobalTenantResource", "Template"].includes(kind);
}

/**
 * The policies an object is or carries, in tenant namespaces only: a NetworkPolicy in a tenant namespace; a Capsule
 * Tenant's `spec.networkPolicies`; (Global)TenantResource `rawItems`; a kiosk Template's `resources.manifests`.
 */
export function carriedPolicies(
  obj: ManifestObject,
  ws: Workspace,
  catalog: NamespaceCatalog,
  scope: TenantScope,
): CarriedPolicy[] {
  if (isPolicy(obj.kind, obj.apiVersion)) {
    const tenants = ws.effectiveNamespaces(obj).flatMap((ns) => {
      const tenant = catalog.tenantOf(ns, scope);
      return tenant ? [{ ns, tenant: tenant.name }] : [];
    });
    if (tenants.length === 0) return [];
    const where = tenants.map((t) => `in namespace '${t.ns}' of tenant '${t.tenant}'`).join(", ");
    const label = `${obj.kind} '${obj.name ?? "(unnamed)"}'`;
    return [{ kind: obj.kind, label, spec: asRecord(obj.value.spec), specPath: ["spec"], owners: tenants.map((t) => t.tenant), where }];
  }
  const spec = asRecord(obj.value.spec);
  if (obj.group === "capsule.clastix.io" && obj.kind === "Tenant" && obj.name) {
    const list = spec?.networkPolicies;
    // Capsule v1alpha1 wrote a list; v1beta1/v1beta2 write `{ items: [...] }`.
    const base = Array.isArray(list) ? ["spec", "networkPolicies"] : ["spec", "networkPolicies", "items"];
    const items = Array.isArray(list) ? list : asArray(asRecord(list)?.items);
    const where = `copied by Capsule into every namespace of tenant '${obj.name}'`;
    return items.map((item, k) => ({ kind: "NetworkPolicy", label: `NetworkPolicy #${k + 1} of Capsule Tenant '${obj.name}'`, spec: asRecord(item), specPath: [...base, k], owners: [obj.name as string], where }));
  }
  if (obj.group === "capsule.clastix.io" && (obj.kind === "TenantResource" || obj.kind === "GlobalTenantResource")) {
    const owner = obj.kind === "TenantResource" && obj.namespace ? catalog.tenantOf(obj.namespace, "marked")?.name : undefined;
    const where = owner ? `replicated by Capsule into the namespaces of tenant '${owner}'` : "replicated by Capsule into tenant namespaces";
    return asArray(spec?.resources).flatMap((resource, r) =>
      asArray(asRecord(resource)?.rawItems).flatMap((raw, k) => {
        const item = asRecord(raw);
        if (!isPolicy(asString(item?.kind), asString(item?.apiVersion))) return [];
        const path = ["spec", "resources", r, "rawItems", k, "spec"];
        const kind = asString(item?.kind) as string;
        const label = `${kind} '${asString(asRecord(item?.metadata)?.name) ?? "(unnamed)"}' of Capsule ${obj.kind} '${obj.name ?? "(unnamed)"}'`;
        return [{ kind, label, spec: asRecord(item?.spec), specPath: path, owners: owner ? [owner] : [], where }];
      }),
    );
  }
  if (obj.group.startsWith("config.kiosk.sh") && obj.kind === "Template" && obj.name) {
    const owners = kioskTemplateUsers(obj.name, ws, catalog);
    const where = `applied by kiosk to the spaces of ${owners.length > 0 ? owners.map((o) => `'${o}'`).join(", ") : "the accounts using it"}`;
    return asArray(asRecord(obj.value.resources)?.manifests).flatMap((raw, k) => {
      const item = asRecord(raw);
      if (!isPolicy(asString(item?.kind), asString(item?.apiVersion))) return [];
      const kind = asString(item?.kind) as string;
      const label = `${kind} '${asString(asRecord(item?.metadata)?.name) ?? "(unnamed)"}' of kiosk Template '${obj.name}'`;
      return [{ kind, label, spec: asRecord(item?.spec), specPath: ["resources", "manifests", k, "spec"], owners, where }];
    });
  }
  return [];
}

/** kiosk accounts that apply a Template: through `spec.space.templateInstances` or a TemplateInstance in their space. */
function kioskTemplateUsers(template: string, ws: Workspace, catalog: NamespaceCatalog): string[] {
  const users = new Set<string>();
  for (const account of ws.ofKind("Account")) {
    const instances = asArray(asRecord(asRecord(account.value.spec)?.space)?.templateInstances);
    if (account.name && instances.some((i) => asString(asRecord(asRecord(i)?.spec)?.template) === template)) users.add(account.name);
  }
  for (const instance of ws.ofKind("TemplateInstance")) {
    if (asString(asRecord(instance.value.spec)?.template) !== template || !instance.namespace) continue;
    const tenant = catalog.tenantOf(instance.namespace, "marked");
    if (tenant) users.add(tenant.name);
  }
  return [...users];
}
