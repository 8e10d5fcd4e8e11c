/**
 * The vcluster and Config Sync providers end to end: fixture repositories linted by the real eslint binary, the
 * exact findings of the protection rules in both configs.
 */
import { describe, expect, it } from "vitest";
import { findings, lintFixtureByRule, type LintMessage } from "../helpers/eslint-cli.js";

const RULES = ["require-network-policy", "require-limit-range", "require-resource-quota", "require-pod-security"] as const;
const lint = (fixture: string, config: "recommended" | "strict") => lintFixtureByRule(fixture, config, RULES);
const message = (results: Map<string, LintMessage[]>, file: string, rule: string) =>
  (results.get(file) ?? []).find((m) => m.ruleId === `kube/${rule}`)?.message ?? "";

describe("tenancy-vcluster: a Flux repo installing one vcluster per team", () => {
  it("recommended: team-a and team-b (policies on) are clean; team-c (networkPolicy off) and team-d (no policies) are not", () => {
    const { byRule, results } = lint("tenancy-vcluster", "recommended");
    expect(byRule).toEqual({
      // team-c has no Namespace object (the HelmRelease creates it): reported on the HelmRelease
      "require-network-policy": ["tenants/team-c/vcluster.yaml:4", "tenants/team-d/namespace.yaml:4"],
      "require-limit-range": ["tenants/team-d/namespace.yaml:4"],
      "require-resource-quota": ["tenants/team-d/namespace.yaml:4"],
      "require-pod-security": [],
    });
    expect(message(results, "tenants/team-c/vcluster.yaml", "require-network-policy")).toBe(
      "vcluster 'team-c' in namespace 'team-c' has no NetworkPolicy that isolates ingress for every pod. Found: vcluster " +
        "'team-c' (HelmRelease tenants/team-c/vcluster.yaml) sets policies.networkPolicy.enabled: false. Add a default deny " +
        "(`podSelector: {}`) there or for its tenant.",
    );
    expect(message(results, "tenants/team-d/namespace.yaml", "require-resource-quota")).toContain(
      "Found: vcluster 'team-d' (HelmRelease tenants/team-d/vcluster.yaml) leaves policies.resourceQuota.enabled unset " +
        "(\"auto\": off without limitRange).",
    );
  });

  it("strict: vcluster's default limits have no max, and 'baseline' is below 'restricted'", () => {
    const { byRule, results } = lint("tenancy-vcluster", "strict");
    expect(byRule).toEqual({
      "require-network-policy": ["tenants/team-c/vcluster.yaml:4", "tenants/team-d/namespace.yaml:4"],
      "require-limit-range": [
        "tenants/team-a/namespace.yaml:4",
        "tenants/team-b/namespace.yaml:4",
        "tenants/team-c/vcluster.yaml:4",
        "tenants/team-d/namespace.yaml:4",
      ],
      "require-resource-quota": ["tenants/team-d/namespace.yaml:4"],
      "require-pod-security": ["tenants/team-b/namespace.yaml:4", "tenants/team-c/vcluster.yaml:4", "tenants/team-d/namespace.yaml:7"],
    });
    expect(message(results, "tenants/team-a/namespace.yaml", "require-limit-range")).toContain(
      "Found: vcluster 'team-a' policies.limitRange (tenants/team-a/vcluster.yaml:1) lacks max cpu/memory.",
    );
    expect(message(results, "tenants/team-b/namespace.yaml", "require-pod-security")).toBe(
      "Namespace 'team-b' enforces Pod Security 'baseline' (set by vcluster 'team-b' policies.podSecurityStandard, " +
        "tenants/team-b/vcluster.yaml:1), weaker than 'restricted'. Set `pod-security.kubernetes.io/enforce: restricted`.",
    );
  });
});

describe("tenancy-config-sync: a hierarchical repo (system/, cluster/, namespaces/ with an abstract 'shop')", () => {
  it("recommended: the abstract folder's quota, limits and policy reach every shop namespace but 'outlet', which its selector skips", () => {
    const { byRule, results } = lint("tenancy-config-sync", "recommended");
    expect(byRule).toEqual({
      "require-network-policy": [],
      "require-limit-range": [],
      "require-resource-quota": ["namespaces/shop/outlet/namespace.yaml:4"],
      "require-pod-security": [],
    });
    expect(message(results, "namespaces/shop/outlet/namespace.yaml", "require-resource-quota")).toContain(
      "Found: ResourceQuota 'shop-quota' of 'namespaces/shop' skips it: NamespaceSelector 'quota-bound' does not select it.",
    );
  });

  it("strict: only 'payments' isolates egress (a policy in its own folder); objects under namespaces/ need no metadata.namespace", () => {
    const { byRule, results } = lint("tenancy-config-sync", "strict");
    expect(byRule).toEqual({
      "require-network-policy": ["namespaces/shop/checkout/namespace.yaml:4", "namespaces/shop/outlet/namespace.yaml:4"],
      "require-limit-range": [],
      "require-resource-quota": ["namespaces/shop/outlet/namespace.yaml:4"],
      "require-pod-security": [],
    });
    expect(findings(results, "kube/require-namespace")).toEqual([]);
    expect(message(results, "namespaces/shop/checkout/namespace.yaml", "require-network-policy")).toContain("isolates egress for every pod");
  });
});
