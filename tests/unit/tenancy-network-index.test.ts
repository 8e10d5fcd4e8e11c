// no-cross-tenant-ingress looks a namespaceSelector up in a per-run label index instead of testing it against every
// namespace of the repository. The index must only skip namespaces that cannot match: the peers found are exactly
// those of testing every namespace, whatever the selector (matchLabels, In/NotIn/Exists/DoesNotExist, odd values).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectorMatches } from "../../core/tenancy/label-selector.js";
import { crossingPeers, type CandidateNamespace } from "../../core/tenancy/network.js";

const KEYS = ["tenant", "team", "kubernetes.io/metadata.name"];
const VALUES = ["a", "b", "c", "ingress-nginx"];

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const candidate: fc.Arbitrary<CandidateNamespace> = fc.record({
  name: fc.constantFrom("ns-1", "ns-2", "ns-3", "ns-4"),
  labels,
  tenant: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
});
const value = fc.oneof(fc.constantFrom(...VALUES), fc.constant(null), fc.constant(7));
const expression = fc.record({
  key: fc.constantFrom(...KEYS),
  operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist", "Bogus"),
  values: fc.oneof(fc.array(value, { maxLength: 3 }), fc.constant("a")),
});
const selector = fc.record(
  {
    matchLabels: fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 2 }), fc.constant("x")),
    matchExpressions: fc.array(expression, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** What namespaceBreach reported before the index: every candidate tested. */
function bruteForceDetail(sel: unknown, namespaces: CandidateNamespace[], owners: string[]): string | undefined {
  const others = namespaces.filter((ns) => ns.tenant !== undefined && owners.some((o) => o !== ns.tenant) && selectorMatches(sel, ns.labels));
  if (others.length === 0) return undefined;
  const named = others.slice(0, 3).map((ns) => `namespace '${ns.name}' of tenant '${ns.tenant}'`);
  return `${named.join(", ")}${others.length > 3 ? ` and ${others.length - 3} more` : ""}`;
}

describe("crossingPeers with the label index", () => {
  it("finds exactly the other-tenant namespaces testing every namespace finds", () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), selector, fc.subarray(["a", "b", "c"]), (namespaces, sel, owners) => {
        const spec = { policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: sel }] }] };
        const found = crossingPeers("NetworkPolicy", spec, { directions: ["ingress"], owners, namespaces });
        const otherTenant = found.filter((p) => p.breach === "other-tenant").map((p) => p.detail);
        if (found.some((p) => p.breach === "every-namespace")) return; // decided before any namespace is tested
        const expected = bruteForceDetail(sel, namespaces, owners);
        expect(otherTenant).toEqual(expected === undefined ? [] : [expected]);
      }),
      { numRuns: 2000 },
    );
  });

  it("names the matching namespaces in repository order, also when an In expression lists several values", () => {
    const namespaces: CandidateNamespace[] = [
      { name: "c", labels: { tenant: "c" }, tenant: "c" },
      { name: "b", labels: { tenant: "b" }, tenant: "b" },
      { name: "a", labels: { tenant: "a" }, tenant: "a" },
    ];
    const sel = { matchExpressions: [{ key: "tenant", operator: "In", values: ["a", "c"] }] };
    const spec = { ingress: [{ from: [{ namespaceSelector: sel }] }] };
    const [peer] = crossingPeers("NetworkPolicy", spec, { directions: ["ingress"], owners: ["b"], namespaces });
    expect(peer?.detail).toBe("namespace 'c' of tenant 'c', namespace 'a' of tenant 'a'");
  });
});
