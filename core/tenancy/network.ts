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
import { isPolicy, type CarriedPolicy } from "./provider.js";
import type { ProtectionIndex } from "./protection.js";
import { POLICY_CARRIER_KINDS } from "./providers/index.js";

export type { CarriedPolicy } from "./provider.js";

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
  const others = query.namespaces.filter(
    (ns) => ns.tenant !== undefined && query.owners.some((owner) => owner !== ns.tenant) && selectorMatches(selector, ns.labels),
  );
  if (others.length === 0) return undefined;
  const named = others.slice(0, 3).map((ns) => (ns.standIn ? ns.name : `namespace '${ns.name}' of tenant '${ns.tenant}'`));
  const more = others.length > 3 ? ` and ${others.length - 3} more` : "";
  return { breach: "other-tenant", detail: `${named.join(", ")}${more}` };
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
 * plus one stand-in per runtime tenant (a Capsule Tenant) for the namespaces its owners create.
 */
export function candidateNamespaces(
  catalog: NamespaceCatalog,
  protection: ProtectionIndex,
  ws: Workspace,
  scope: TenantScope,
): CandidateNamespace[] {
  const names = new Set([...catalog.namespaces.keys(), ...ws.allNamespaceReferences().keys()]);
  const out: CandidateNamespace[] = [...names].map((name) => ({
    name,
    labels: protection.selectorLabels(protection.targetOf(name)),
    tenant: catalog.tenantOf(name, scope)?.name,
  }));
  for (const runtime of protection.runtimeTenants()) {
    const labels = protection.selectorLabels(protection.runtimeTarget(runtime.tenant));
    out.push({ name: runtime.standIn, labels, tenant: runtime.tenant.name, standIn: true });
  }
  return out;
}

/** Kinds worth a look: a cheap test before touching the workspace. */
export function mayCarryPolicies(kind: string): boolean {
  return kind === "NetworkPolicy" || kind === "CiliumNetworkPolicy" || POLICY_CARRIER_KINDS.has(kind);
}

/**
 * The policies an object is or carries, in tenant namespaces only: a NetworkPolicy in a tenant namespace, or what a
 * tenancy provider carries into them (a Capsule Tenant's `spec.networkPolicies`, a kiosk Template's manifests...).
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
  for (const { model } of catalog.models) {
    const carried = model.carriedPolicies?.(obj, { ws, catalog });
    if (carried) return carried;
  }
  return [];
}
