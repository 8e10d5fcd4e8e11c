import { describe, expect, it } from "vitest";
import { parseYAML } from "yaml-eslint-parser";
import { extractManifests } from "../../core/manifest/extract.js";
import { containerLimits, missingLimits } from "../../core/tenancy/limit-defaults.js";
import { isClosed, networkIsolation } from "../../core/tenancy/network-isolation.js";
import type { ProtectingObject } from "../../core/tenancy/protection.js";
import { missingQuota, quotaCoverage } from "../../core/tenancy/quota-coverage.js";
import { limitRangeStub, networkPolicyStub, resourceQuotaStub } from "../../core/tenancy/stubs.js";

/** Parse a stub and read it back as the protection rules would: each stub must satisfy the rule that offers it. */
function readBack(text: string): ProtectingObject {
  const [object] = extractManifests(parseYAML(text), "/stub.yaml").objects;
  if (!object) throw new Error("stub has no object");
  expect(object.namespace).toBeDefined();
  return { kind: object.kind, group: object.group, name: object.name, spec: object.value.spec as ProtectingObject["spec"], evidence: object, source: "namespace", via: "stub" };
}

describe("suggested stubs", () => {
  it("a default-deny NetworkPolicy closes the directions it was made for", () => {
    const both = networkIsolation([readBack(networkPolicyStub("team-a", ["ingress", "egress"]))]);
    expect(isClosed(both, "ingress") && isClosed(both, "egress")).toBe(true);
    const ingress = networkIsolation([readBack(networkPolicyStub("team-a", ["ingress"]))]);
    expect(isClosed(ingress, "ingress")).toBe(true);
    expect(isClosed(ingress, "egress")).toBe(false);
  });
  it("a LimitRange stub gives every required field and resource", () => {
    const stub = readBack(limitRangeStub("team-a", ["default", "defaultRequest", "max"], ["cpu", "memory", "ephemeral-storage", "nvidia.com/gpu"]));
    expect(missingLimits(containerLimits([stub]), ["default", "defaultRequest", "max"], ["cpu", "memory", "ephemeral-storage", "nvidia.com/gpu"])).toEqual([]);
  });
  it("a ResourceQuota stub bounds every required resource", () => {
    const resources = ["cpu", "memory", "pods", "services", "persistentvolumeclaims", "storage"];
    expect(missingQuota(quotaCoverage([readBack(resourceQuotaStub("team-a", resources))]), resources)).toEqual([]);
  });
  it("quotes a namespace name YAML would misread", () => {
    expect(readBack(resourceQuotaStub("123", ["cpu"])).evidence.namespace).toBe("123");
    expect(readBack(limitRangeStub("1e3", ["max"], ["cpu"])).evidence.namespace).toBe("1e3");
    expect(readBack(networkPolicyStub("no", [])).evidence.namespace).toBe("no");
  });
});
