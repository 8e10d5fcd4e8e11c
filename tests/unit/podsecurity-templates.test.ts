import { describe, expect, it } from "vitest";
import { isCompletePodTemplate, podTemplateOf } from "../../core/manifest/pod-templates.js";
import { isKnownClusterScoped, isNeverApplied } from "../../core/manifest/scope.js";
import { nodeExposures } from "../../core/tenancy/node-exposure.js";

const spec = { containers: [{ name: "app", image: "nginx" }] };

describe("podTemplateOf", () => {
  it("finds the pod template of each workload kind", () => {
    const cases: [string, string, Record<string, unknown>, readonly string[]][] = [
      ["", "Pod", { spec }, []],
      ["apps", "Deployment", { spec: { template: { spec } } }, ["spec", "template"]],
      ["batch", "CronJob", { spec: { jobTemplate: { spec: { template: { spec } } } } }, ["spec", "jobTemplate", "spec", "template"]],
      ["argoproj.io", "Rollout", { spec: { template: { spec } } }, ["spec", "template"]],
      ["apps.kruise.io", "CloneSet", { spec: { template: { spec } } }, ["spec", "template"]],
      ["apps.openshift.io", "DeploymentConfig", { spec: { template: { spec } } }, ["spec", "template"]],
      ["", "DeploymentConfig", { spec: { template: { spec } } }, ["spec", "template"]],
      ["serving.knative.dev", "Service", { spec: { template: { spec } } }, ["spec", "template"]],
      ["keda.sh", "ScaledJob", { spec: { jobTargetRef: { template: { spec } } } }, ["spec", "jobTargetRef", "template"]],
    ];
    for (const [group, kind, value, path] of cases) {
      expect(podTemplateOf({ group, kind, value: value as never })?.path).toEqual(path);
    }
  });
  it("ignores objects that make no pods, templates missing or malformed", () => {
    expect(podTemplateOf({ group: "", kind: "Service", value: { spec } as never })).toBeUndefined();
    expect(podTemplateOf({ group: "", kind: "Service", value: { spec: { template: { spec } } } as never })).toBeUndefined();
    expect(podTemplateOf({ group: "keda.sh", kind: "ScaledJob", value: { spec: { jobTargetRef: "x" } } as never })).toBeUndefined();
    expect(podTemplateOf({ group: "example.com", kind: "Deployment", value: { spec: { template: { spec } } } as never })).toBeUndefined();
    expect(podTemplateOf({ group: "argoproj.io", kind: "Rollout", value: { spec: { workloadRef: {} } } as never })).toBeUndefined();
    expect(podTemplateOf({ group: "apps", kind: "Deployment", value: { spec: { template: { spec: null } } } as never })).toBeUndefined();
  });
  it("tells fragments (a container without an image) from creatable templates", () => {
    expect(isCompletePodTemplate({ path: [], value: { spec } as never })).toBe(true);
    expect(isCompletePodTemplate({ path: [], value: { spec: { containers: [{ name: "app" }] } } as never })).toBe(false);
    expect(isCompletePodTemplate({ path: [], value: { spec: { containers: [] } } as never })).toBe(false);
  });
});

describe("scope", () => {
  it("knows cluster-scoped kinds by group, and tool configs that are never applied", () => {
    expect(isKnownClusterScoped("", "Namespace")).toBe(true);
    expect(isKnownClusterScoped("constraints.gatekeeper.sh", "AnyConstraint")).toBe(true);
    expect(isKnownClusterScoped("crd.projectcalico.org", "IPPool")).toBe(true);
    expect(isKnownClusterScoped("example.com", "IPPool")).toBe(false);
    const obj = (apiVersion: string, kind: string, annotations: Record<string, string> = {}) => ({
      apiVersion,
      group: apiVersion.includes("/") ? apiVersion.split("/")[0]! : "",
      kind,
      annotations,
    });
    expect(isNeverApplied(obj("v1", "Config"))).toBe(true);
    expect(isNeverApplied(obj("kubeproxy.config.k8s.io/v1alpha1", "KubeProxyConfiguration"))).toBe(true);
    expect(isNeverApplied(obj("v1", "ConfigMap"))).toBe(false);
    expect(isNeverApplied(obj("config.gatekeeper.sh/v1alpha1", "Config"))).toBe(false);
    expect(isNeverApplied(obj("kustomize.toolkit.fluxcd.io/v1", "Kustomization"))).toBe(false);
  });
});

describe("nodeExposures", () => {
  it("reports NodePort, externalIPs, and LoadBalancer unless allowed", () => {
    const service = { spec: { type: "LoadBalancer", externalIPs: ["192.0.2.1"], ports: [{ port: 80, nodePort: 30080 }] } };
    expect(nodeExposures(service, { allowLoadBalancer: true }).map((e) => e.kind)).toEqual(["externalIPs"]);
    expect(nodeExposures(service, { allowLoadBalancer: false })).toEqual([
      { kind: "LoadBalancer", path: ["spec", "type"], detail: "node port 30080" },
      { kind: "externalIPs", path: ["spec", "externalIPs"], detail: "192.0.2.1" },
    ]);
    expect(nodeExposures({ spec: null }, { allowLoadBalancer: false })).toEqual([]);
    expect(nodeExposures({ spec: { type: "ClusterIP", externalIPs: [3, null] } }, { allowLoadBalancer: false })).toEqual([]);
  });
});
