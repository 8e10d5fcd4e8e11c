/**
 * What a cluster-wide network policy lets across tenants' walls (kube/no-cross-tenant-ingress): its allow rules, for
 * the tenant namespaces it selects. A cluster-wide allow-all is an opening for every tenant it selects.
 * - Cilium CiliumClusterwideNetworkPolicy: the CiliumNetworkPolicy peers (entities, CIDRs), plus `fromEndpoints: [{}]`,
 *   which in a cluster-wide policy is every endpoint of every namespace (not the policy's own namespace).
 * - Calico GlobalNetworkPolicy: an `Allow` rule with no source (every source), `namespaceSelector: all()`, or
 *   `nets` 0.0.0.0/0.
 * - AdminNetworkPolicy / ClusterNetworkPolicy tier Admin: Allow / Accept rules whose peers are every namespace or
 *   another tenant's. Baseline rules are left alone: a baseline allow is what no policy already means.
 */
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { ClusterPolicy } from "./cluster-network-policies.js";
import type { Direction, Spec } from "./network-isolation.js";
import { crossingPeers, keepsOffPrivateRanges, namespaceBreach, type CandidateNamespace, type CrossingPeer, type CrossingQuery } from "./network.js";

const ANY_ADDRESS = new Set(["0.0.0.0/0", "::/0"]);

export interface ClusterCrossings {
  /** The tenants whose namespaces it selects (pods of). */
  owners: string[];
  /** "selecting namespaces of tenants 'a', 'b'". */
  where: string;
  /** Paths are from the object's root. */
  peers: CrossingPeer[];
}

export function clusterCrossings(
  policy: ClusterPolicy,
  namespaces: readonly CandidateNamespace[],
  directions: readonly Direction[],
): ClusterCrossings | undefined {
  const peers: CrossingPeer[] = [];
  const owners = new Set<string>();
  for (const rule of policy.rules) {
    const selected = namespaces.filter((ns) => ns.tenant !== undefined && rule.applies({ name: ns.standIn ? undefined : ns.name, labels: ns.labels }) !== "none");
    if (selected.length === 0) continue;
    const ruleOwners = [...new Set(selected.map((ns) => ns.tenant as string))];
    for (const o of ruleOwners) owners.add(o);
    const query: CrossingQuery = { directions, owners: ruleOwners, namespaces };
    const found =
      policy.object.kind === "CiliumClusterwideNetworkPolicy"
        ? [...crossingPeers("CiliumNetworkPolicy", rule.spec, query), ...everyEndpoint(rule.spec, directions)]
        : policy.object.kind === "GlobalNetworkPolicy"
          ? calicoPeers(rule.spec, directions)
          : policy.tier === "admin"
            ? adminPeers(rule.spec, query, policy.object.kind === "ClusterNetworkPolicy" ? "Accept" : "Allow")
            : [];
    peers.push(...found.map((p) => ({ ...p, path: [...rule.path, ...p.path] })));
  }
  if (owners.size === 0) return undefined;
  const list = [...owners];
  const named = list.slice(0, 3).map((o) => `'${o}'`).join(", ") + (list.length > 3 ? ` and ${list.length - 3} more` : "");
  return { owners: list, where: `(cluster-wide, selecting namespaces of tenant${list.length > 1 ? "s" : ""} ${named})`, peers };
}

/** In a cluster-wide Cilium policy an empty endpoint selector is every endpoint of the cluster. */
function everyEndpoint(spec: Spec, directions: readonly Direction[]): CrossingPeer[] {
  const out: CrossingPeer[] = [];
  for (const direction of directions) {
    const key = direction === "ingress" ? "fromEndpoints" : "toEndpoints";
    asArray(spec[direction]).forEach((entry, i) => {
      asArray(asRecord(entry)?.[key]).forEach((sel, j) => {
        if (asRecord(sel) && Object.keys(asRecord(sel) ?? {}).length === 0) {
          out.push({ direction, breach: "every-namespace", path: [direction, i, key, j], detail: `${key} {} (every endpoint of the cluster)` });
        }
      });
    });
  }
  return out;
}

/** projectcalico.org: Allow rules with no source/destination, `namespaceSelector: all()`, or nets 0.0.0.0/0. */
function calicoPeers(spec: Spec, directions: readonly Direction[]): CrossingPeer[] {
  const out: CrossingPeer[] = [];
  for (const direction of directions) {
    const side = direction === "ingress" ? "source" : "destination";
    asArray(spec[direction]).forEach((entry, i) => {
      const rule = asRecord(entry);
      if (asString(rule?.action) !== "Allow") return;
      const peer = asRecord(rule?.[side]);
      // DNS to anywhere is how egress policies reach the cluster DNS.
      const ports = asArray(asRecord(rule?.destination)?.ports);
      if (direction === "egress" && ports.length > 0 && ports.every((p) => String(p) === "53")) return;
      const fields = ["selector", "namespaceSelector", "nets", "serviceAccounts", "services"];
      if (!peer || !fields.some((f) => peer[f] !== undefined && peer[f] !== null)) {
        const detail = direction === "ingress" ? `every source (no \`${side}\`)` : `every destination (no \`${side}\`)`;
        out.push({ direction, breach: "every-source", path: [direction, i], detail });
        return;
      }
      if (asString(peer.namespaceSelector)?.trim() === "all()") {
        out.push({ direction, breach: "every-namespace", path: [direction, i, side, "namespaceSelector"], detail: "namespaceSelector all() (every namespace)" });
      }
      asArray(peer.nets).forEach((net, j) => {
        const cidr = asString(net);
        if (direction === "ingress" && cidr && ANY_ADDRESS.has(cidr) && !keepsOffPrivateRanges(peer.notNets)) {
          out.push({ direction, breach: "internet", path: [direction, i, side, "nets", j], detail: `nets ${cidr}` });
        }
      });
    });
  }
  return out;
}

/** Admin-tier allow rules: peers `namespaces` / `pods.namespaceSelector` judged like a NetworkPolicy's namespaceSelector. */
function adminPeers(spec: Spec, query: CrossingQuery, allow: "Allow" | "Accept"): CrossingPeer[] {
  const out: CrossingPeer[] = [];
  for (const direction of query.directions) {
    const key = direction === "ingress" ? "from" : "to";
    asArray(spec[direction]).forEach((entry, i) => {
      const rule = asRecord(entry);
      if (asString(rule?.action) !== allow) return;
      asArray(rule?.[key]).forEach((p, j) => {
        const peer = asRecord(p);
        const at = [direction, i, key, j];
        const pods = asRecord(peer?.pods);
        const [selector, path] = peer?.namespaces !== undefined ? [peer.namespaces, [...at, "namespaces"]] : [pods?.namespaceSelector, [...at, "pods", "namespaceSelector"]];
        if (selector === undefined || selector === null) return;
        const found = namespaceBreach(selector, query);
        if (found) out.push({ direction, path, ...found, detail: found.detail.replace("namespaceSelector {}", "namespaces {}") });
      });
    });
  }
  return out;
}
