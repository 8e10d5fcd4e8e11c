/**
 * The protection rules end to end: fixture repositories linted by the real eslint binary with a user-style config,
 * asserting the exact set of findings of each rule in both configs.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { lintFixtureByRule, makeRepo, writeConfig, lintRepo, findings } from "../helpers/eslint-cli.js";

const RULES = ["require-network-policy", "require-limit-range", "require-resource-quota", "require-pod-security"] as const;
type RuleId = (typeof RULES)[number];

const lint = (fixture: string, config: "recommended" | "strict") => lintFixtureByRule(fixture, config, RULES);

const everyRule = (...where: string[]) => Object.fromEntries(RULES.map((id) => [id, where])) as Record<RuleId, string[]>;

describe("tenancy-gitops: policies in other files, other namespaces, Kustomize, kind: List", () => {
  it("recommended: only team-b, whose objects sit in namespace team-c", () => {
    const { byRule } = lint("tenancy-gitops", "recommended");
    expect(byRule).toEqual({
      "require-network-policy": ["namespaces/team-b.yaml:5"],
      "require-limit-range": ["namespaces/team-b.yaml:5"],
      "require-resource-quota": ["namespaces/team-b.yaml:5"],
      "require-pod-security": [],
    });
  });

  it("strict: every non-system namespace, with stricter requirements; team-d (Kustomize) meets them all", () => {
    const { byRule, results } = lint("tenancy-gitops", "strict");
    expect(byRule).toEqual({
      "require-network-policy": ["list.yaml:8", "namespaces/shop.yaml:5", "namespaces/team-a.yaml:5", "namespaces/team-b.yaml:5"],
      "require-limit-range": ["list.yaml:8", "namespaces/shop.yaml:5", "namespaces/team-a.yaml:5", "namespaces/team-b.yaml:5"],
      "require-resource-quota": ["list.yaml:8", "namespaces/shop.yaml:5", "namespaces/team-a.yaml:5", "namespaces/team-b.yaml:5"],
      // reported on the too-weak label's value where there is one
      "require-pod-security": ["list.yaml:9", "namespaces/shop.yaml:5", "namespaces/team-a.yaml:8", "namespaces/team-b.yaml:8"],
    });
    const teamA = results.get("namespaces/team-a.yaml") ?? [];
    expect(teamA.find((m) => m.ruleId === "kube/require-network-policy")?.message).toContain("isolates egress for every pod");
    expect(teamA.find((m) => m.ruleId === "kube/require-resource-quota")?.message).toContain(
      "Found: ResourceQuota 'quota' (team-a/limits.yaml:12) lacks pods, services, persistentvolumeclaims.",
    );
  });

  it("offers a stub that, once appended, satisfies the rule", () => {
    const { results } = lint("tenancy-gitops", "recommended");
    const message = (results.get("namespaces/team-b.yaml") ?? []).find((m) => m.ruleId === "kube/require-network-policy");
    const stub = message?.suggestions?.[0]?.fix.text ?? "";
    expect(stub).toContain("kind: NetworkPolicy");
    expect(stub).toContain("namespace: team-b");
    const fixed = makeRepo("tenancy-gitops");
    fs.appendFileSync(`${fixed}/namespaces/team-b.yaml`, stub);
    writeConfig(fixed, "recommended");
    expect(findings(lintRepo(fixed).results, "kube/require-network-policy")).toEqual([]);
  });
});

describe("tenancy-capsule: Tenant spec, GlobalTenantResource, runtime-only tenants", () => {
  it("recommended: gas-dev (its Tenant gives nothing) and Tenant solar (no namespace in Git, nothing tenant-wide)", () => {
    const { byRule } = lint("tenancy-capsule", "recommended");
    expect(byRule).toEqual({
      "require-network-policy": ["namespaces/gas-dev.yaml:4", "tenants/solar.yaml:5"],
      "require-limit-range": ["namespaces/gas-dev.yaml:4", "tenants/solar.yaml:5"],
      "require-resource-quota": ["namespaces/gas-dev.yaml:4", "tenants/solar.yaml:5"],
      "require-pod-security": ["tenants/solar.yaml:5"],
    });
  });

  it("strict: oil stays clean (its Tenant spec gives everything); wind lacks object counts and 'restricted'", () => {
    const { byRule } = lint("tenancy-capsule", "strict");
    expect(byRule).toEqual({
      "require-network-policy": ["namespaces/gas-dev.yaml:4", "tenants/solar.yaml:5"],
      "require-limit-range": ["namespaces/gas-dev.yaml:4", "tenants/solar.yaml:5"],
      "require-resource-quota": ["namespaces/gas-dev.yaml:4", "tenants/solar.yaml:5", "tenants/wind.yaml:5"],
      "require-pod-security": ["namespaces/gas-dev.yaml:7", "tenants/solar.yaml:5", "tenants/wind.yaml:5"],
    });
  });
});

describe("tenancy-kiosk: Account templates and spaceTemplate labels", () => {
  it("recommended: the Space of the account without templates", () => {
    expect(lint("tenancy-kiosk", "recommended").byRule).toEqual(everyRule("spaces.yaml:11"));
  });
  it("strict: johns-space's template lacks egress isolation, max, object counts and 'restricted'", () => {
    expect(lint("tenancy-kiosk", "strict").byRule).toEqual(everyRule("spaces.yaml:11", "spaces.yaml:4"));
  });
});
