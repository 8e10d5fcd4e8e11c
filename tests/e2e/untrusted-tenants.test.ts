/**
 * The untrusted-tenant rules end to end: Capsule, kiosk and plain-label fixture repositories linted by the real eslint
 * binary with a user-style config, asserting the exact set of findings of each rule in both configs.
 */
import { describe, expect, it } from "vitest";
import { lintFixtureByRule, type LintMessage } from "../helpers/eslint-cli.js";

const RULES = ["no-cross-tenant-ingress", "no-tenant-cluster-rbac", "valid-tenant-reference", "no-tenant-policy-tampering"] as const;
type RuleId = (typeof RULES)[number];

const lint = (fixture: string, config: "recommended" | "strict") => lintFixtureByRule(fixture, config, RULES);

function message(results: Map<string, LintMessage[]>, file: string, rule: RuleId, line: number): string {
  return (results.get(file) ?? []).find((m) => m.ruleId === `kube/${rule}` && m.line === line)?.message ?? "";
}

describe("untrusted-capsule: Tenants, TenantOwners, owners' cluster roles, a typo'd tenant label", () => {
  it("recommended", () => {
    const { byRule, results } = lint("untrusted-capsule", "recommended");
    expect(byRule).toEqual({
      "no-cross-tenant-ingress": ["tenants/solar.yaml:20"],
      "no-tenant-cluster-rbac": ["rbac/bindings.yaml:11", "rbac/bindings.yaml:38"],
      "valid-tenant-reference": ["namespaces/namespaces.yaml:21"],
      "no-tenant-policy-tampering": ["rbac/bindings.yaml:9", "tenants/solar.yaml:9"],
    });
    // bob is an owner only through a TenantOwner in another file: the message says where
    expect(message(results, "rbac/bindings.yaml", "no-tenant-cluster-rbac", 11)).toContain(
      "User 'bob' (owner of Capsule Tenant 'wind' (tenants/wind.yaml:21))",
    );
    expect(message(results, "tenants/solar.yaml", "no-cross-tenant-ingress", 20)).toContain("namespace 'wind-prod' of tenant 'wind'");
    expect(message(results, "tenants/solar.yaml", "no-tenant-policy-tampering", 9)).toContain(
      "ClusterRole 'quota-admin' (platform/roles.yaml:2), which can update/patch ResourceQuotas",
    );
  });

  it("strict: any ClusterRole for a tenant owner, and the built-in admin role Capsule owners get", () => {
    const { byRule, results } = lint("untrusted-capsule", "strict");
    expect(byRule).toEqual({
      "no-cross-tenant-ingress": ["tenants/solar.yaml:20"],
      "no-tenant-cluster-rbac": ["rbac/bindings.yaml:11", "rbac/bindings.yaml:24", "rbac/bindings.yaml:38"],
      "valid-tenant-reference": ["namespaces/namespaces.yaml:21"],
      "no-tenant-policy-tampering": ["rbac/bindings.yaml:9", "tenants/solar.yaml:9", "tenants/solar.yaml:9"],
    });
    const solar = (results.get("tenants/solar.yaml") ?? []).filter((m) => m.ruleId === "kube/no-tenant-policy-tampering");
    expect(solar.map((m) => m.column)).toEqual([22, 29]);
    expect(solar[0]?.message).toContain("built-in ClusterRole 'admin', which can write NetworkPolicies, impersonate serviceaccounts");
  });
});

describe("untrusted-kiosk: Accounts, Spaces, Templates", () => {
  it("recommended", () => {
    const { byRule } = lint("untrusted-kiosk", "recommended");
    expect(byRule).toEqual({
      "no-cross-tenant-ingress": ["templates/isolation.yaml:15"],
      "no-tenant-cluster-rbac": [],
      "valid-tenant-reference": ["accounts/accounts.yaml:20", "spaces/spaces.yaml:14"],
      "no-tenant-policy-tampering": ["accounts/accounts.yaml:23"],
    });
  });

  it("strict: also kiosk-space-admin (aggregating admin) and a cluster-wide grant to every user", () => {
    const { byRule, results } = lint("untrusted-kiosk", "strict");
    expect(byRule).toEqual({
      "no-cross-tenant-ingress": ["templates/isolation.yaml:15"],
      "no-tenant-cluster-rbac": ["rbac/roles.yaml:30"],
      "valid-tenant-reference": ["accounts/accounts.yaml:20", "spaces/spaces.yaml:14"],
      "no-tenant-policy-tampering": ["accounts/accounts.yaml:23", "accounts/accounts.yaml:7"],
    });
    expect(message(results, "rbac/roles.yaml", "no-tenant-cluster-rbac", 30)).toContain("every authenticated user, every tenant included");
  });
});

describe("untrusted-labels: tenants marked by a `team` label", () => {
  it("recommended", () => {
    const { byRule } = lint("untrusted-labels", "recommended");
    expect(byRule).toEqual({
      "no-cross-tenant-ingress": ["team-a/network.yaml:11"],
      "no-tenant-cluster-rbac": ["team-a/rbac.yaml:35"],
      "valid-tenant-reference": [],
      "no-tenant-policy-tampering": ["team-a/rbac.yaml:19"],
    });
  });

  it("strict: egress, unmarked namespaces, and the built-in edit role", () => {
    const { byRule } = lint("untrusted-labels", "strict");
    expect(byRule).toEqual({
      // the DNS rule of the same policy (port 53) is not reported
      "no-cross-tenant-ingress": ["team-a/network.yaml:11", "team-a/network.yaml:24"],
      "no-tenant-cluster-rbac": ["team-a/rbac.yaml:35", "tools/rbac.yaml:20"],
      "valid-tenant-reference": [],
      "no-tenant-policy-tampering": ["team-a/rbac.yaml:19", "team-a/rbac.yaml:48"],
    });
  });
});
