/**
 * Cluster-wide network policies, Cilium details, invalid bindings and more workload kinds, end to end: fixture
 * repositories linted by the real eslint binary with a user-style config, every finding of every rule asserted, in
 * both configs.
 */
import { describe, expect, it } from "vitest";
import { lintFixtureByRule } from "../helpers/eslint-cli.js";

const RULES = [
  "require-network-policy",
  "no-cross-tenant-ingress",
  "require-limit-range",
  "require-resource-quota",
  "require-pod-security",
  "workload-pod-security",
  "no-tenant-cluster-rbac",
  "require-image-pull-always",
] as const;

function lint(fixture: string, config: "recommended" | "strict") {
  const { byRule, results } = lintFixtureByRule(fixture, config, RULES);
  // No other rule has anything to say about these repositories.
  const others = [...results.values()].flat().filter((m) => !RULES.some((r) => m.ruleId === `kube/${r}`));
  expect(others).toEqual([]);
  const message = (file: string, line: number, rule: string) =>
    (results.get(file) ?? []).filter((m) => m.line === line && m.ruleId === `kube/${rule}`).map((m) => m.message);
  return { byRule, message };
}

const at = (file: string, ...lines: number[]) => lines.map((l) => `${file}:${l}`).sort();

describe("network-cilium: one cluster-wide default deny, tenant namespaces", () => {
  for (const config of ["recommended", "strict"] as const) {
    it(`${config}: only legacy (excluded by the selector) lacks isolation; cluster-wide and specs[] openings reported`, () => {
      const { byRule, message } = lint("network-cilium", config);
      expect(byRule).toEqual({
        "require-network-policy": at("namespaces/tenants.yaml", 19),
        "no-cross-tenant-ingress": ["platform/probes.yaml:15", "team-b/frontend.yaml:12"],
        "require-limit-range": at("namespaces/tenants.yaml", 4, 12, 19),
        "require-resource-quota": at("namespaces/tenants.yaml", 4, 12, 19),
        "require-pod-security": at("namespaces/tenants.yaml", 4, 12, 19),
        "workload-pod-security": [],
        "no-tenant-cluster-rbac": [],
        "require-image-pull-always": [],
      });
      expect(message("platform/probes.yaml", 15, "no-cross-tenant-ingress")[0]).toContain(
        "CiliumClusterwideNetworkPolicy 'allow-cluster-probes' (cluster-wide, selecting namespaces of tenant 'a') allows ingress from fromEntities cluster",
      );
      expect(message("team-b/frontend.yaml", 12, "no-cross-tenant-ingress")[0]).toContain("CiliumNetworkPolicy 'frontend' in namespace 'team-b'");
    });
  }
});

describe("network-calico: a GlobalNetworkPolicy isolating labelled tenants", () => {
  for (const config of ["recommended", "strict"] as const) {
    it(`${config}: shop (unlabelled; the other policy's selector is not understood) is reported; the allow-all GNP too`, () => {
      const { byRule, message } = lint("network-calico", config);
      expect(byRule).toEqual({
        "require-network-policy": at("namespaces/tenants.yaml", 21),
        "no-cross-tenant-ingress": ["platform/isolation.yaml:38"],
        "require-limit-range": at("namespaces/tenants.yaml", 4, 13, 21),
        "require-resource-quota": at("namespaces/tenants.yaml", 4, 13, 21),
        "require-pod-security": at("namespaces/tenants.yaml", 4, 13, 21),
        "workload-pod-security": [],
        "no-tenant-cluster-rbac": [],
        "require-image-pull-always": [],
      });
      expect(message("platform/isolation.yaml", 38, "no-cross-tenant-ingress")[0]).toContain(
        "GlobalNetworkPolicy 'public-web' (cluster-wide, selecting namespaces of tenant 'a') allows ingress from every source",
      );
    });
  }
});

describe("network-admin: AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy", () => {
  it("recommended: the admin tier isolates a and b; c's allow-all NetworkPolicy beats the baseline deny", () => {
    const { byRule, message } = lint("network-admin", "recommended");
    expect(byRule).toEqual({
      "require-network-policy": at("namespaces/tenants.yaml", 18),
      "no-cross-tenant-ingress": ["platform/tenants.yaml:51", "team-c/open.yaml:9"],
      "require-limit-range": at("namespaces/tenants.yaml", 4, 11, 18),
      "require-resource-quota": at("namespaces/tenants.yaml", 4, 11, 18),
      "require-pod-security": at("namespaces/tenants.yaml", 4, 11, 18),
      "workload-pod-security": [],
      "no-tenant-cluster-rbac": [],
      "require-image-pull-always": [],
    });
    expect(message("namespaces/tenants.yaml", 18, "require-network-policy")[0]).toContain("Found: NetworkPolicy 'allow-all' (team-c/open.yaml:1) allows all ingress.");
    expect(message("platform/tenants.yaml", 51, "no-cross-tenant-ingress")[0]).toContain(
      "ClusterNetworkPolicy 'scrape-everything' (cluster-wide, selecting namespaces of tenant 'b') allows ingress from namespaces {} (every namespace)",
    );
  });
  it("strict: nothing isolates egress", () => {
    const { byRule } = lint("network-admin", "strict");
    expect(byRule["require-network-policy"]).toEqual(at("namespaces/tenants.yaml", 4, 11, 18));
    expect(byRule["no-cross-tenant-ingress"]).toEqual(["platform/tenants.yaml:51", "team-c/open.yaml:9"]);
  });
});

describe("openshift-apps: DeploymentConfigs, a Knative Service, a KEDA ScaledJob, a ClusterRoleBinding to a Role", () => {
  for (const config of ["recommended", "strict"] as const) {
    it(`${config}: every pod template is checked; the binding is invalid, not a grant`, () => {
      const { byRule, message } = lint("openshift-apps", config);
      expect(byRule).toEqual({
        "require-network-policy": at("namespaces/tenants.yaml", 4, 12),
        "no-cross-tenant-ingress": [],
        "require-limit-range": at("namespaces/tenants.yaml", 4, 12),
        "require-resource-quota": at("namespaces/tenants.yaml", 4, 12),
        "require-pod-security": config === "strict" ? at("namespaces/tenants.yaml", 15) : [],
        "workload-pod-security": ["apps/team-a.yaml:25", ...at("apps/team-a.yaml", 38, 38, 38, 38), "apps/team-b.yaml:10", "apps/team-b.yaml:27"],
        "no-tenant-cluster-rbac": ["rbac/deployers.yaml:18"],
        // the tenant workload rules see the new kinds too (strict only)
        "require-image-pull-always": config === "strict" ? ["apps/team-a.yaml:21", "apps/team-a.yaml:39", "apps/team-b.yaml:13", "apps/team-b.yaml:25"] : [],
      });
      expect(message("apps/team-a.yaml", 25, "workload-pod-security")[0]).toContain('drop=["ALL"] (case-sensitive: "all" does not count)');
      expect(message("apps/team-b.yaml", 10, "workload-pod-security")[0]).toMatch(/^DeploymentConfig 'legacy' .*PodSecurity "baseline:latest".*host namespaces \(hostNetwork=true\)/);
      expect(message("apps/team-b.yaml", 27, "workload-pod-security")[0]).toMatch(/^Service 'hello' .*privileged \(container "hello" must not set securityContext.privileged=true\)/);
      expect(message("rbac/deployers.yaml", 18, "no-tenant-cluster-rbac")).toEqual([
        "ClusterRoleBinding 'team-a-deployer' refers to Role 'deployer': the API server rejects it, so ServiceAccount 'team-a/pipeline' gets nothing. Use a RoleBinding in the Role's namespace.",
      ]);
    });
  }
});
