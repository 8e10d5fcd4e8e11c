/**
 * Tenant workloads end to end: the real eslint binary, the built plugin, a user-style config, on fixture repositories
 * for the three tenancy systems (Capsule, kiosk, plain labels + Kustomize). Every finding of workload-pod-security,
 * no-tenant-node-exposure and require-namespace is asserted, in both configs.
 */
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { findings, lintRepo, makeRepo, writeConfig } from "../helpers/eslint-cli.js";

const RULES = ["kube/workload-pod-security", "kube/no-tenant-node-exposure", "kube/require-namespace"] as const;
const temps: string[] = [];

function lint(fixture: string, config: "recommended" | "strict") {
  const dir = makeRepo(fixture);
  temps.push(dir);
  writeConfig(dir, config);
  const run = lintRepo(dir);
  const fatal = [...run.results.values()].flat().filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return { run, byRule: Object.fromEntries(RULES.map((r) => [r, findings(run.results, r)])) as Record<(typeof RULES)[number], string[]> };
}

function messagesAt(results: Map<string, { ruleId: string | null; line: number; message: string }[]>, file: string, line: number): string[] {
  return (results.get(file) ?? []).filter((m) => m.line === line).map((m) => m.message);
}

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

describe("Capsule tenants", () => {
  it("recommended: the Tenant's restricted label governs oil; gas has no level, so only its NodePort-free Services pass", () => {
    const { run, byRule } = lint("workloads-capsule", "recommended");
    expect(byRule["kube/workload-pod-security"]).toEqual(["tenants/oil/worker.yaml:19", "tenants/oil/worker.yaml:24"]);
    expect(byRule["kube/no-tenant-node-exposure"]).toEqual(["tenants/oil/worker.yaml:32"]);
    expect(byRule["kube/require-namespace"]).toEqual([]);
    expect(messagesAt(run.results, "tenants/oil/worker.yaml", 24)[0]).toContain(
      'would violate PodSecurity "restricted:latest": runAsUser=0 (container "worker" must not set runAsUser=0)',
    );
    expect(messagesAt(run.results, "tenants/oil/worker.yaml", 24)[0]).toContain("namespace 'oil-prod' enforces it");
    expect(run.status).toBe(1);
  });

  it("strict: gas is held to restricted without a label, and its LoadBalancer is refused", () => {
    const { run, byRule } = lint("workloads-capsule", "strict");
    expect(byRule["kube/workload-pod-security"]).toEqual([
      "tenants/gas/web.yaml:14",
      "tenants/gas/web.yaml:16",
      "tenants/gas/web.yaml:16",
      "tenants/gas/web.yaml:16",
      "tenants/gas/web.yaml:16",
      "tenants/oil/worker.yaml:19",
      "tenants/oil/worker.yaml:24",
    ]);
    expect(byRule["kube/no-tenant-node-exposure"]).toEqual(["tenants/gas/web.yaml:25", "tenants/oil/worker.yaml:32"]);
    expect(byRule["kube/require-namespace"]).toEqual([]);
    expect(messagesAt(run.results, "tenants/gas/web.yaml", 14)[0]).toContain("label namespace 'gas-prod'");
  });
});

describe("kiosk accounts", () => {
  for (const config of ["recommended", "strict"] as const) {
    it(`${config}: the account's space template sets baseline; host access and externalIPs are refused`, () => {
      const { run, byRule } = lint("workloads-kiosk", config);
      expect(byRule["kube/workload-pod-security"]).toEqual(["johns/apps.yaml:35", "johns/apps.yaml:40"]);
      expect(byRule["kube/no-tenant-node-exposure"]).toEqual(["johns/apps.yaml:52"]);
      expect(byRule["kube/require-namespace"]).toEqual([]);
      expect(messagesAt(run.results, "johns/apps.yaml", 40)[0]).toContain('PodSecurity "baseline:latest": hostPath volumes (volume "varlog")');
    });
  }
});

describe("plain labels and Kustomize", () => {
  const podSecurity = [
    // a base shared by a restricted and a baseline overlay: the restricted one governs
    "apps/base/cache.yaml:15",
    "apps/base/cache.yaml:18",
    "apps/base/cache.yaml:18",
    "apps/base/cache.yaml:18",
    "apps/base/cache.yaml:18",
    "apps/team-a/jobs.yaml:22",
    "apps/team-b/web.yaml:17",
  ];

  it("recommended: labels and overlays decide; a patch file and a privileged namespace stay quiet", () => {
    const { run, byRule } = lint("workloads-labels", "recommended");
    expect(byRule["kube/workload-pod-security"]).toEqual(podSecurity);
    expect(byRule["kube/no-tenant-node-exposure"]).toEqual(["apps/team-b/web.yaml:24"]);
    expect(byRule["kube/require-namespace"]).toEqual([]);
    expect(messagesAt(run.results, "apps/team-b/web.yaml", 17)[0]).toContain('PodSecurity "baseline:v1.29": hostPort');
    expect(messagesAt(run.results, "apps/base/cache.yaml", 15)[0]).toContain("forbidden sysctls (net.core.somaxconn)");
  });

  it("strict: the same, plus the loose file no kustomization reaches; a cluster-scoped CRD kind needs no namespace", () => {
    const { byRule } = lint("workloads-labels", "strict");
    expect(byRule["kube/workload-pod-security"]).toEqual(podSecurity);
    expect(byRule["kube/no-tenant-node-exposure"]).toEqual(["apps/team-b/web.yaml:24"]);
    expect(byRule["kube/require-namespace"]).toEqual(["apps/loose.yaml:5"]);
  });
});
