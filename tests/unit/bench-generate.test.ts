// The benchmark's repo generator must be deterministic: the same size and seed give the same bytes, so timings of
// two runs (or two machines) compare like with like. Only the pure builder runs here (no disk, no real keys).
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script of the bench, no type declarations
import { buildRepo } from "../../bench/generate.mjs";

const certs = {
  valid: "-----BEGIN CERTIFICATE-----\nVALID\n-----END CERTIFICATE-----\n",
  validKey: "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n",
  expiring: "-----BEGIN CERTIFICATE-----\nEXPIRING\n-----END CERTIFICATE-----\n",
  expired: "-----BEGIN CERTIFICATE-----\nEXPIRED\n-----END CERTIFICATE-----\n",
  weak: "-----BEGIN CERTIFICATE-----\nWEAK\n-----END CERTIFICATE-----\n",
};

describe("bench/generate.mjs", () => {
  it("gives the same files and bytes for the same size and seed", () => {
    const a = buildRepo({ files: 300, seed: 7, certs }) as Map<string, string>;
    const b = buildRepo({ files: 300, seed: 7, certs }) as Map<string, string>;
    expect([...a.entries()]).toEqual([...b.entries()]);
    expect(buildRepo({ files: 300, seed: 8, certs })).not.toEqual(a);
  });

  it("reaches about the requested size, workloads being most of it", () => {
    const repo = buildRepo({ files: 1000, seed: 1, certs }) as Map<string, string>;
    expect(repo.size).toBeGreaterThanOrEqual(1000);
    expect(repo.size).toBeLessThan(1020);
    const apps = [...repo.keys()].filter((p) => p.startsWith("apps/")).length;
    expect(apps / repo.size).toBeGreaterThan(0.7);
    const tenantFiles = [...repo.keys()].filter((p) => p.startsWith("tenants/"));
    expect(tenantFiles.some((p) => p.endsWith("/tenant.yaml"))).toBe(true); // some Capsule tenants
    expect(tenantFiles.some((p) => p.endsWith("/network-policy.yaml"))).toBe(true);
  });

  it("tenant-heavy: one folder of ten files per tenant, the same bytes for the same size and seed", () => {
    const repo = buildRepo({ files: 2000, seed: 1, certs, profile: "tenant-heavy" }) as Map<string, string>;
    expect(buildRepo({ files: 2000, seed: 1, certs, profile: "tenant-heavy" })).toEqual(repo);
    expect(repo.size).toBeGreaterThanOrEqual(2000);
    expect(repo.size).toBeLessThan(2010);
    const folders = new Map<string, string[]>();
    for (const p of repo.keys()) {
      const m = /^tenants\/([^/]+)\/(.+)$/.exec(p);
      if (m) folders.set(m[1] as string, [...(folders.get(m[1] as string) ?? []), m[2] as string]);
    }
    expect(folders.size).toBeGreaterThanOrEqual(195); // sizes scale by tenant count: ~200 tenants at 2,000 files
    for (const files of folders.values()) {
      expect(files.sort()).toEqual([
        "configmap.yaml",
        "deployment.yaml",
        "kustomization.yaml",
        "limit-range.yaml",
        "namespace.yaml",
        "network-policy.yaml",
        "rbac.yaml",
        "resource-quota.yaml",
        "service.yaml",
        "serviceaccount.yaml",
      ]);
    }
    // each tenant's kustomization lists its nine manifests
    expect(repo.get("tenants/payments-0/kustomization.yaml")).toMatch(/namespace: payments-0\nresources:\n(  - [a-z-]+\.yaml\n){9}/);
  });

  it("keeps the mixed profile's bytes whatever the profile option's default", () => {
    expect(buildRepo({ files: 300, seed: 3, certs, profile: "mixed" })).toEqual(buildRepo({ files: 300, seed: 3, certs }));
    expect(() => buildRepo({ files: 10, seed: 1, certs, profile: "nope" })).toThrow(/unknown profile/);
  });
});
