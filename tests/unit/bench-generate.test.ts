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
});
