import { describe, expect, it } from "vitest";
import type { ManifestObject } from "../../core/manifest/model.js";
import { normalizeSettings } from "../../core/settings.js";
import { containerLimits, missingLimits } from "../../core/tenancy/limit-defaults.js";
import { isEmptySelector, selectorMatches } from "../../core/tenancy/label-selector.js";
import { isClosed, networkIsolation } from "../../core/tenancy/network-isolation.js";
import { enforcedLevel, meetsLevel } from "../../core/tenancy/pod-security-level.js";
import { getProtectionIndex, type ProtectingObject } from "../../core/tenancy/protection.js";
import { missingQuota, quotaCoverage } from "../../core/tenancy/quota-coverage.js";
import { getWorkspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const evidence = { kind: "X", name: "x", filePath: "/x.yaml", line: 1 } as ManifestObject;
const obj = (kind: string, spec: unknown, group = "networking.k8s.io"): ProtectingObject => ({
  kind,
  group,
  name: "p",
  spec: spec as ProtectingObject["spec"],
  evidence,
  source: "namespace",
  via: `${kind} 'p'`,
});

describe("label selectors", () => {
  it("matches matchLabels and every operator", () => {
    const labels = { team: "a", tier: "gold" };
    expect(selectorMatches({ matchLabels: { team: "a" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { team: "b" } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "In", values: ["gold", "silver"] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["gold"] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "env", operator: "DoesNotExist" }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "env", operator: "Exists" }] }, labels)).toBe(false);
  });
  it("never widens a malformed selector", () => {
    for (const bad of [3, "x", [], { matchLabels: [] }, { matchExpressions: {} }, { matchExpressions: [{ operator: "In" }] }, { matchExpressions: [{ key: "a", operator: "Like" }] }]) {
      expect(selectorMatches(bad, { a: "b" })).toBe(false);
    }
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: "b" } })).toBe(false);
    expect(isEmptySelector(null)).toBe(false);
  });
});

describe("network isolation", () => {
  it("reads `podSelector: {}` as every pod, and policyTypes defaults", () => {
    const r = networkIsolation([obj("NetworkPolicy", { podSelector: {} })]);
    expect(isClosed(r, "ingress")).toBe(true);
    expect(isClosed(r, "egress")).toBe(false);
    const withEgress = networkIsolation([obj("NetworkPolicy", { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })]);
    expect(isClosed(withEgress, "egress")).toBe(true);
  });
  it("treats a missing podSelector as `{}` and a label selector as partial", () => {
    expect(networkIsolation([obj("NetworkPolicy", { policyTypes: ["Ingress"] })]).selectingAll).toHaveLength(1);
    const partial = networkIsolation([obj("NetworkPolicy", { podSelector: { matchLabels: { app: "web" } } })]);
    expect(partial.partial).toHaveLength(1);
    expect(isClosed(partial, "ingress")).toBe(false);
  });
  it("sees an allow-everything rule re-opening a direction, but not a rule with peers or ports", () => {
    const open = networkIsolation([obj("NetworkPolicy", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] })]);
    expect(isClosed(open, "ingress")).toBe(false);
    expect(open.opening.ingress).toHaveLength(1);
    const ports = networkIsolation([obj("NetworkPolicy", { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] })]);
    expect(isClosed(ports, "ingress")).toBe(true);
    const nullRule = networkIsolation([obj("NetworkPolicy", { podSelector: {}, ingress: [null] })]);
    expect(isClosed(nullRule, "ingress")).toBe(false);
  });
  it("understands Cilium and Calico policies", () => {
    const cilium = networkIsolation([obj("CiliumNetworkPolicy", { endpointSelector: {}, ingress: [{}], egress: [{}] }, "cilium.io")]);
    expect(isClosed(cilium, "ingress") && isClosed(cilium, "egress")).toBe(true);
    const ciliumAll = networkIsolation([obj("CiliumNetworkPolicy", { endpointSelector: {}, ingress: [{ fromEntities: ["all"] }] }, "cilium.io")]);
    expect(isClosed(ciliumAll, "ingress")).toBe(false);
    const calico = networkIsolation([obj("NetworkPolicy", { selector: "all()", types: ["Ingress", "Egress"] }, "projectcalico.org")]);
    expect(isClosed(calico, "egress")).toBe(true);
    const calicoSome = networkIsolation([obj("NetworkPolicy", { selector: "app == 'web'" }, "projectcalico.org")]);
    expect(calicoSome.partial).toHaveLength(1);
  });
  it("trusts a generated policy it cannot read", () => {
    const r = networkIsolation([obj("NetworkPolicy", undefined)]);
    expect(isClosed(r, "ingress") && isClosed(r, "egress")).toBe(true);
  });
  it("survives wrong shapes", () => {
    for (const spec of [{ podSelector: 3 }, { podSelector: {}, policyTypes: "Ingress" }, { podSelector: {}, ingress: "x" }, {}]) {
      expect(() => networkIsolation([obj("NetworkPolicy", spec)])).not.toThrow();
    }
  });
});

describe("LimitRange defaults", () => {
  it("follows the API server's defaulting: max -> default -> defaultRequest, min -> defaultRequest", () => {
    const limits = containerLimits([obj("LimitRange", { limits: [{ type: "Container", max: { cpu: "1", memory: "1Gi" } }] }, "")]);
    expect(missingLimits(limits, ["default", "defaultRequest", "max"], ["cpu", "memory"])).toEqual([]);
    const minOnly = containerLimits([obj("LimitRange", { limits: [{ type: "Container", min: { cpu: "10m" } }] }, "")]);
    expect(missingLimits(minOnly, ["default", "defaultRequest"], ["cpu"])).toEqual(["default cpu"]);
  });
  it("ignores Pod and PVC items, and unions several LimitRanges", () => {
    const pod = containerLimits([obj("LimitRange", { limits: [{ type: "Pod", max: { cpu: "1" } }] }, "")]);
    expect(pod.other).toHaveLength(1);
    const two = containerLimits([
      obj("LimitRange", { limits: [{ type: "Container", default: { cpu: "1" } }] }, ""),
      obj("LimitRange", { limits: [{ type: "Container", default: { memory: "1Gi" } }] }, ""),
    ]);
    expect(missingLimits(two, ["default", "defaultRequest"], ["cpu", "memory"])).toEqual([]);
  });
});

describe("ResourceQuota coverage", () => {
  it("accepts plain, requests., limits. and count/ keys; ignores scoped quotas", () => {
    const cover = (hard: object, extra: object = {}) => missingQuota(quotaCoverage([obj("ResourceQuota", { hard, ...extra }, "")]), ["cpu", "memory", "pods"]);
    expect(cover({ cpu: "1", "limits.memory": "1Gi", "count/pods": "5" })).toEqual([]);
    expect(cover({ "requests.cpu": "1" })).toEqual(["memory", "pods"]);
    expect(cover({ "requests.cpu": "1", "requests.memory": "1Gi", pods: "1" }, { scopes: ["BestEffort"] })).toEqual(["cpu", "memory", "pods"]);
    expect(cover({ "requests.cpu": "1" }, { scopeSelector: { matchExpressions: [] } })).toEqual(["cpu", "memory", "pods"]);
    expect(missingQuota(quotaCoverage([obj("ResourceQuota", { hard: [] }, "")]), ["cpu"])).toEqual(["cpu"]);
  });
});

describe("Pod Security level", () => {
  it("ranks levels and rejects unknown values", () => {
    expect(meetsLevel("restricted", "baseline")).toBe(true);
    expect(meetsLevel("baseline", "restricted")).toBe(false);
    expect(meetsLevel("Restricted", "baseline")).toBe(false);
  });
  it("lets a forced operator label win over the namespace's, and the namespace's over an unforced one", () => {
    const key = "pod-security.kubernetes.io/enforce";
    const forced = { key, value: "baseline", evidence, via: "capsule", forced: true };
    const unforced = { ...forced, value: "restricted", via: "kiosk", forced: false };
    expect(enforcedLevel({ [key]: "privileged" }, [forced])?.value).toBe("baseline");
    expect(enforcedLevel({ [key]: "privileged" }, [unforced])?.value).toBe("privileged");
    expect(enforcedLevel({}, [unforced])?.managed?.via).toBe("kiosk");
    expect(enforcedLevel({}, [])).toBeUndefined();
  });
});

describe("the protection index", () => {
  const np = (ns: string, name = "deny") =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {podSelector: {}}\n`;
  const settings = normalizeSettings({});

  it("collects own, Kustomize, Capsule (spec, TenantResource, GlobalTenantResource) and kiosk objects with their evidence", () => {
    const root = repo({
      "a/np.yaml": np("team-a"),
      "k/kustomization.yaml": "namespace: team-a\nresources: [np.yaml]\n",
      "k/np.yaml": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-kustomize}\nspec: {podSelector: {}}\n",
      "oil/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: oil-dev\n  labels: {capsule.clastix.io/tenant: oil, env: dev}\n",
      "oil/tenant.yaml":
        "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata: {name: oil}\nspec:\n  networkPolicies: {items: [{podSelector: {}}]}\n",
      "oil/tr.yaml":
        "apiVersion: capsule.clastix.io/v1beta2\nkind: TenantResource\nmetadata: {name: tr, namespace: oil-dev}\nspec:\n  resources:\n    - namespaceSelector: {matchLabels: {env: dev}}\n      namespacedItems:\n        - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, namespace: templates, selector: {matchLabels: {copy: 'yes'}}}\n",
      "templates/np.yaml":
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: shared, namespace: templates, labels: {copy: 'yes'}}\nspec: {podSelector: {}}\n",
      "gtr.yaml":
        "apiVersion: capsule.clastix.io/v1beta2\nkind: GlobalTenantResource\nmetadata: {name: gen}\nspec:\n  resources:\n    - generators:\n        - template: |\n            apiVersion: networking.k8s.io/v1\n            kind: NetworkPolicy\n            metadata: {name: '{{ $.tenant.metadata.name }}'}\n",
    });
    const ws = getWorkspace(root, settings);
    const index = getProtectionIndex(ws, settings);
    const own = index.protecting(index.targetOf("team-a"), "NetworkPolicy");
    expect(own.map((p) => [p.name, p.source, ws.relative(p.evidence.filePath)])).toEqual(
      expect.arrayContaining([
        ["deny", "namespace", "a/np.yaml"],
        ["from-kustomize", "namespace", "k/np.yaml"],
      ]),
    );
    const oil = index.protecting(index.targetOf("oil-dev"), "NetworkPolicy");
    expect(oil.map((p) => p.source).sort()).toEqual(["capsule-global-tenant-resource", "capsule-tenant", "capsule-tenant-resource"]);
    expect(oil.find((p) => p.source === "capsule-global-tenant-resource")?.spec).toBeUndefined();
    expect(oil.find((p) => p.source === "capsule-tenant-resource")?.via).toContain("copy of NetworkPolicy 'shared' from 'templates'");
  });

  it("propagates through HNC only the kinds HNCConfiguration enables (v1alpha1 `types` too)", () => {
    const files = {
      "parent.yaml": `apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {team: a}}\n---\n${np("team-a")}`,
      "anchor.yaml": "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata: {name: team-a-ci, namespace: team-a}\n",
      "grandchild.yaml": "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata: {name: team-a-ci-1, namespace: team-a-ci}\n",
    };
    const off = repo(files);
    const offIndex = getProtectionIndex(getWorkspace(off, settings), settings);
    expect(offIndex.protecting(offIndex.targetOf("team-a-ci-1"), "NetworkPolicy")).toEqual([]);
    const on = repo({
      ...files,
      "hnc.yaml": "apiVersion: hnc.x-k8s.io/v1alpha1\nkind: HNCConfiguration\nmetadata: {name: config}\nspec:\n  types:\n    - {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, mode: propagate}\n",
    });
    const onIndex = getProtectionIndex(getWorkspace(on, settings), settings);
    const inherited = onIndex.protecting(onIndex.targetOf("team-a-ci-1"), "NetworkPolicy");
    expect(inherited.map((p) => [p.source, p.via])).toEqual([["hnc", "NetworkPolicy 'deny' propagated by HNC from 'team-a'"]]);
  });

  it("is cached per workspace generation and memoises answers", () => {
    const root = repo({ "a.yaml": np("team-a") });
    const ws = getWorkspace(root, settings);
    const first = getProtectionIndex(ws, settings);
    expect(getProtectionIndex(ws, settings)).toBe(first);
    const answer = first.protecting(first.targetOf("team-a"), "NetworkPolicy");
    expect(first.protecting(first.targetOf("team-a"), "NetworkPolicy")).toBe(answer);
    ws.syncLintedFile(`${root}/b.yaml`, np("team-a", "second"), undefined);
    const second = getProtectionIndex(ws, settings);
    expect(second).not.toBe(first);
    expect(second.protecting(second.targetOf("team-a"), "NetworkPolicy").map((p) => p.name).sort()).toEqual(["deny", "second"]);
  });

  it("never throws on wrongly typed tenancy objects", () => {
    const root = repo({
      "bad.yaml": [
        "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata: {name: oil}\nspec:\n  networkPolicies: 3\n  resourceQuotas: {items: [1, null]}\n  rules: {a: b}\n  namespaceOptions: []\n",
        "apiVersion: capsule.clastix.io/v1beta2\nkind: GlobalTenantResource\nmetadata: {name: g}\nspec:\n  tenantSelector: 3\n  resources: [null, {rawItems: 3, namespacedItems: [1], generators: [{template: 5}]}]\n",
        "apiVersion: capsule.clastix.io/v1beta2\nkind: ResourcePool\nmetadata: {name: p}\nspec: {selectors: [3], quota: []}\n",
        "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata: {name: acc}\nspec: {space: {templateInstances: [3, {spec: null}]}}\n",
        "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: HNCConfiguration\nmetadata: {name: config}\nspec: {resources: [3, {resource: 5}], types: null}\n",
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: oil-dev\n  labels: {capsule.clastix.io/tenant: oil}\n",
      ].join("---\n"),
    });
    const index = getProtectionIndex(getWorkspace(root, settings), settings);
    for (const kind of ["NetworkPolicy", "LimitRange", "ResourceQuota"] as const) {
      expect(() => index.protecting(index.targetOf("oil-dev"), kind)).not.toThrow();
    }
    expect(() => index.managedLabels({ namespace: "oil-dev", tenant: "oil", provider: "capsule" })).not.toThrow();
    expect(() => index.managedLabels({ namespace: "oil-dev", tenant: "acc", provider: "kiosk" })).not.toThrow();
  });
});

describe("Kyverno ClusterPolicies", () => {
  const settings = normalizeSettings({});
  const policy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: namespace-walls}
spec:
  rules:
    - name: default-deny
      match:
        any:
          - resources: {kinds: [Namespace]}
      exclude:
        any:
          - resources: {names: ["legacy-*"]}
      generate:
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        name: default-deny
        namespace: "{{request.object.metadata.name}}"
        data:
          spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
    - name: quota-for-teams
      match:
        resources:
          kinds: [Namespace]
          selector: {matchLabels: {team: a}}
      generate: {apiVersion: v1, kind: ResourceQuota, name: q, clone: {namespace: templates, name: q}}
    - name: psa
      match:
        any:
          - resources: {kinds: [Namespace]}
      mutate:
        patchStrategicMerge:
          metadata:
            labels:
              +(pod-security.kubernetes.io/enforce): baseline
    - name: pods-only
      match:
        any:
          - resources: {kinds: [Pod]}
      mutate: {patchStrategicMerge: {metadata: {labels: {x: y}}}}
`;
  const root = repo({
    "policy.yaml": policy,
    "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {team: a}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: legacy-app}\n",
  });
  const index = getProtectionIndex(getWorkspace(root, settings), settings);

  it("counts generate rules matching the namespace, honouring exclude and selectors", () => {
    const np = index.protecting(index.targetOf("team-a"), "NetworkPolicy");
    expect(np.map((p) => [p.source, p.via])).toEqual([["kyverno-generate", "Kyverno ClusterPolicy 'namespace-walls' rule 'default-deny'"]]);
    expect(isClosed(networkIsolation(np), "egress")).toBe(true);
    expect(index.protecting(index.targetOf("legacy-app"), "NetworkPolicy")).toEqual([]);
    // a clone: trusted, spec unknown; only for namespaces the selector picks
    expect(index.protecting(index.targetOf("team-a"), "ResourceQuota").map((p) => p.spec)).toEqual([undefined]);
    expect(index.protecting(index.targetOf("legacy-app"), "ResourceQuota")).toEqual([]);
  });

  it("reads mutate rules' labels; `+(key)` only adds when absent", () => {
    const labels = index.managedLabels(index.targetOf("team-a"));
    expect(labels.map((l) => [l.key, l.value, l.forced])).toEqual([["pod-security.kubernetes.io/enforce", "baseline", false]]);
    expect(enforcedLevel({ "pod-security.kubernetes.io/enforce": "privileged" }, labels)?.value).toBe("privileged");
  });
});
