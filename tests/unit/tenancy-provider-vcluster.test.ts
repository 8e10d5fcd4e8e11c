import { describe, expect, it } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import { containerLimits, missingLimits } from "../../core/tenancy/limit-defaults.js";
import { isClosed, networkIsolation } from "../../core/tenancy/network-isolation.js";
import { getNamespaceCatalog } from "../../core/tenancy/namespaces.js";
import { getProtectionIndex } from "../../core/tenancy/protection.js";
import { getWorkspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const settings = normalizeSettings({});

const helmRelease = (name: string, namespace: string, values: string, extra = "") =>
  [
    "apiVersion: helm.toolkit.fluxcd.io/v2",
    "kind: HelmRelease",
    `metadata: {name: ${name}, namespace: ${namespace}}`,
    "spec:",
    "  chart:",
    "    spec: {chart: vcluster, version: '0.26.0', sourceRef: {kind: HelmRepository, name: loft, namespace: flux-system}}",
    extra,
    "  values:",
    ...values.split("\n").map((l) => `    ${l}`),
    "",
  ].filter((l) => l !== "").join("\n") + "\n";

function indexOf(files: Record<string, string>) {
  const ws = getWorkspace(repo(files), settings);
  return { ws, index: getProtectionIndex(ws, settings) };
}

describe("vcluster provider", () => {
  it("makes the host namespace a tenant of the vcluster and reads policies.* as its walls", () => {
    const { ws, index } = indexOf({
      "team-a/vcluster.yaml": helmRelease("team-a", "team-a", "policies:\n  networkPolicy: {enabled: true}\n  resourceQuota: {enabled: true}\n  podSecurityStandard: restricted"),
    });
    expect(index.catalog.tenantOf("team-a", "marked")).toEqual({
      name: "team-a",
      source: "vcluster",
      evidence: "host namespace of vcluster 'team-a'",
    });
    const target = index.targetOf("team-a");
    const np = index.protecting(target, "NetworkPolicy");
    expect(np.map((p) => [p.name, p.via, ws.relative(p.evidence.filePath)])).toEqual([["vc-work-team-a", "vcluster 'team-a' policies.networkPolicy", "team-a/vcluster.yaml"]]);
    const isolation = networkIsolation(np);
    expect(isClosed(isolation, "ingress") && isClosed(isolation, "egress")).toBe(true);
    // "auto" limit range: created because resourceQuota.enabled is true, with the chart's default limits.
    const limits = containerLimits(index.protecting(target, "LimitRange"));
    expect(missingLimits(limits, ["default", "defaultRequest"], ["cpu", "memory"])).toEqual([]);
    expect(index.protecting(target, "ResourceQuota")[0]?.spec).toMatchObject({ hard: { "requests.cpu": "10", "count/pods": "20" } });
    expect(index.managedLabels(target)).toEqual([
      expect.objectContaining({ key: "pod-security.kubernetes.io/enforce", value: "restricted", via: "vcluster 'team-a' policies.podSecurityStandard" }),
    ]);
    expect(index.shortfalls(target, "NetworkPolicy")).toEqual([]);
  });

  it("names the setting that keeps a wall away", () => {
    const { index } = indexOf({
      "b.yaml": helmRelease("team-b", "team-b", "policies:\n  networkPolicy: {enabled: false}\n  limitRange: {enabled: false}"),
    });
    const target = index.targetOf("team-b");
    expect(index.protecting(target, "NetworkPolicy")).toEqual([]);
    expect(index.shortfalls(target, "NetworkPolicy")).toEqual(["vcluster 'team-b' (HelmRelease b.yaml) sets policies.networkPolicy.enabled: false"]);
    expect(index.shortfalls(target, "LimitRange")).toEqual(["vcluster 'team-b' (HelmRelease b.yaml) sets policies.limitRange.enabled: false"]);
    expect(index.shortfalls(target, "ResourceQuota")).toEqual([
      "vcluster 'team-b' (HelmRelease b.yaml) leaves policies.resourceQuota.enabled unset (\"auto\": off without limitRange)",
    ]);
  });

  it("reads the chart before v0.20 (isolation.*), Argo CD Applications and Flux defaults", () => {
    const { index } = indexOf({
      "old.yaml": helmRelease("old", "tenants", "isolation: {enabled: true, networkPolicy: {enabled: true}}", "  targetNamespace: team-old").replace("0.26.0", "0.15.2"),
      "app.yaml": [
        "apiVersion: argoproj.io/v1alpha1",
        "kind: Application",
        "metadata: {name: vc-c, namespace: argocd}",
        "spec:",
        "  destination: {server: https://kubernetes.default.svc, namespace: team-c}",
        "  source:",
        "    repoURL: https://charts.loft.sh",
        "    chart: vcluster",
        "    targetRevision: 0.21.1",
        "    helm:",
        "      releaseName: team-c",
        "      values: |",
        "        policies:",
        "          networkPolicy: {enabled: false}",
        "      parameters: [{name: policies.networkPolicy.enabled, value: 'true'}]",
        "",
      ].join("\n"),
    });
    const old = index.targetOf("team-old");
    expect(old).toEqual({ namespace: "team-old", tenant: "team-old-old", provider: "vcluster" });
    const np = networkIsolation(index.protecting(old, "NetworkPolicy"));
    expect([isClosed(np, "egress"), isClosed(np, "ingress")]).toEqual([true, false]);
    expect(index.protecting(old, "ResourceQuota")).toHaveLength(1);
    expect(index.managedLabels(old).map((l) => l.value)).toEqual(["baseline"]);
    const c = index.targetOf("team-c");
    expect(c.tenant).toBe("team-c");
    expect(index.protecting(c, "NetworkPolicy")).toHaveLength(1);
  });

  it("trusts values it cannot read, and ignores other charts and wrong types", () => {
    const { index } = indexOf({
      "from.yaml": helmRelease("d", "team-d", "{}", "  valuesFrom: [{kind: ConfigMap, name: vc-values}]"),
      "other.yaml": helmRelease("web", "web", "{}").replace("chart: vcluster", "chart: nginx"),
      "bad.yaml": "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: x, namespace: x}\nspec: {chart: {spec: {chart: vcluster}}, values: 3, valuesFrom: {a: b}}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: y}\nspec: {source: [1], sources: 3, destination: null}\n",
    });
    const d = index.protecting(index.targetOf("team-d"), "NetworkPolicy");
    expect(d.map((p) => [p.spec, p.via])).toEqual([[undefined, "vcluster 'd' policies.networkPolicy (trusted: values from valuesFrom ConfigMap 'vc-values' not read)"]]);
    expect(getNamespaceCatalog(index.ws, settings).tenantOf("web", "marked")).toBeUndefined();
    expect(() => index.protecting(index.targetOf("x"), "LimitRange")).not.toThrow();
    expect(index.protecting(index.targetOf("x"), "NetworkPolicy")).toEqual([]);
  });
});
