import { describe, expect, it } from "vitest";
import { crossingPeers, type CandidateNamespace, type CrossingQuery } from "../../core/tenancy/network.js";

const namespaces: CandidateNamespace[] = [
  { name: "a1", labels: { "kubernetes.io/metadata.name": "a1", team: "a" }, tenant: "a" },
  { name: "b1", labels: { "kubernetes.io/metadata.name": "b1", team: "b" }, tenant: "b" },
  { name: "ingress-nginx", labels: { "kubernetes.io/metadata.name": "ingress-nginx" }, tenant: undefined },
];
const query = (extra: Partial<CrossingQuery> = {}): CrossingQuery => ({ directions: ["ingress"], owners: ["a"], namespaces, ...extra });
const found = (spec: unknown, q = query(), kind = "NetworkPolicy") =>
  crossingPeers(kind, spec as Record<string, never>, q).map((p) => `${p.direction} ${p.breach} ${p.path.join(".")}`);

describe("crossingPeers (networking.k8s.io/v1)", () => {
  it("finds every-namespace selectors, rules without peers, and any-address blocks", () => {
    expect(found({ ingress: [{ from: [{ namespaceSelector: {} }] }] })).toEqual(["ingress every-namespace ingress.0.from.0.namespaceSelector"]);
    expect(found({ ingress: [{}] })).toEqual(["ingress every-source ingress.0"]);
    expect(found({ ingress: [{ ports: [{ port: 80 }] }] })).toEqual(["ingress every-source ingress.0"]);
    expect(found({ ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] })).toEqual(["ingress internet ingress.0.from.0.ipBlock.cidr"]);
    expect(found({ ingress: [{ from: [{ ipBlock: { cidr: "::/0" } }] }] })).toEqual(["ingress internet ingress.0.from.0.ipBlock.cidr"]);
  });

  it("finds selectors matching another tenant's namespace, or any unlabelled namespace", () => {
    expect(found({ ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "b" } } }] }] })).toEqual([
      "ingress other-tenant ingress.0.from.0.namespaceSelector",
    ]);
    const notIn = { matchExpressions: [{ key: "team", operator: "NotIn", values: ["b"] }] };
    expect(found({ ingress: [{ from: [{ namespaceSelector: notIn }] }] })).toEqual(["ingress every-namespace ingress.0.from.0.namespaceSelector"]);
  });

  it("allows the tenant's own namespaces, system namespaces, pods, narrow blocks and private-range exceptions", () => {
    const ok = {
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { team: "a" } } }, { podSelector: { matchLabels: { app: "web" } } }] },
        { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] },
        { from: [{ ipBlock: { cidr: "203.0.113.0/24" } }] },
        { from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] } }] },
      ],
    };
    expect(found(ok)).toEqual([]);
  });

  it("reads ingress rules only when the policy declares Ingress; egress only when asked", () => {
    expect(found({ policyTypes: ["Egress"], ingress: [{}] })).toEqual([]);
    const egress = { policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }] }, {}] };
    expect(found(egress)).toEqual([]);
    expect(found(egress, query({ directions: ["ingress", "egress"] }))).toEqual([
      "egress every-namespace egress.0.to.0.namespaceSelector",
      "egress every-source egress.1",
    ]);
  });

  it("lets DNS egress to any namespace through, and never reports egress to the internet", () => {
    const spec = {
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: "UDP" }] }, { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
    };
    expect(found(spec, query({ directions: ["ingress", "egress"] }))).toEqual([]);
  });

  it("never crashes on malformed specs", () => {
    for (const spec of [null, undefined, {}, { ingress: 3 }, { ingress: [3, null, { from: "x" }, { from: [null, 1, { namespaceSelector: [] }] }] }, { policyTypes: "Ingress" }]) {
      expect(() => found(spec)).not.toThrow();
    }
    expect(found({ ingress: [null] })).toEqual(["ingress every-source ingress.0"]);
  });
});

describe("crossingPeers (cilium.io/v2)", () => {
  it("finds world/all/cluster entities, any-address CIDRs and every-namespace endpoints", () => {
    const spec = {
      endpointSelector: {},
      ingress: [
        { fromEntities: ["world", "cluster", "host"] },
        { fromCIDR: ["0.0.0.0/0"] },
        { fromCIDRSet: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] }] },
        { fromEndpoints: [{ matchExpressions: [{ key: "k8s:io.kubernetes.pod.namespace", operator: "Exists" }] }] },
      ],
    };
    expect(found(spec, query(), "CiliumNetworkPolicy")).toEqual([
      "ingress internet ingress.0.fromEntities.0",
      "ingress every-namespace ingress.0.fromEntities.1",
      "ingress internet ingress.1.fromCIDR.0",
      "ingress internet ingress.2.fromCIDRSet.0.cidr",
      "ingress every-namespace ingress.3.fromEndpoints.0",
    ]);
  });
});
