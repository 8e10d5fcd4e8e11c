import { describe, expect, it } from "vitest";
import { applyPatch, parsePatchText, patchApplies, toPatch } from "../../core/gitops/patch.js";
import { readFlags } from "../../core/gitops/flux.js";
import { globMatch } from "../../core/gitops/argocd.js";
import { isPlaceholder } from "../../core/manifest/placeholders.js";
import { environmentOfName } from "../../core/tenancy/environments.js";
import { DEFAULT_SETTINGS } from "../../core/settings.js";

const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "kustomize-controller" }, spec: { template: { spec: { containers: [{ name: "manager", args: ["--log-level=info"] }] } } } };
const subject = { apiVersion: "apps/v1", kind: "Deployment", name: "kustomize-controller", namespace: "flux-system", labels: {} };

describe("Kustomize patches", () => {
  it("JSON 6902: appends to args when the target's regex matches the whole name", () => {
    const patch = toPatch(parsePatchText("- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --default-service-account=default\n"), { kind: "Deployment", name: "(kustomize-controller|helm-controller)" });
    expect(patch && patchApplies(patch, subject)).toBe(true);
    expect(patch && patchApplies(patch, { ...subject, name: "kustomize-controller-x" })).toBe(false);
    const out = applyPatch(deployment, patch!);
    expect(out.spec).toEqual({ template: { spec: { containers: [{ name: "manager", args: ["--log-level=info", "--default-service-account=default"] }] } } });
    expect(deployment.spec.template.spec.containers[0]?.args).toEqual(["--log-level=info"]); // input untouched
  });

  it("strategic merge: containers merge by name, their args are replaced; null deletes", () => {
    const patch = toPatch(parsePatchText("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kustomize-controller}\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args: [--no-cross-namespace-refs=true]\n      serviceAccountName: null\n"), undefined);
    expect(patch && patchApplies(patch, subject)).toBe(true);
    const out = applyPatch(deployment, patch!);
    expect(out.spec).toEqual({ template: { spec: { containers: [{ name: "manager", args: ["--no-cross-namespace-refs=true"] }] } } });
  });

  it("malformed patches change nothing and never throw", () => {
    expect(parsePatchText("- op: [\n")).toBeUndefined();
    const ops = toPatch([{ op: "add", path: "no-slash", value: 1 }, { op: "move", path: "/a" }, { op: "add", path: "/spec/x/y/z", value: 1 }], { kind: "Deployment" });
    expect(applyPatch(deployment, ops!)).toEqual(deployment);
  });
});

describe("Flux controller flags", () => {
  it("reads --flag=value, --flag value and bare booleans; the last wins", () => {
    expect(readFlags(["--default-service-account", "tenant", "--no-cross-namespace-refs"])).toEqual({ defaultServiceAccount: "tenant", noCrossNamespaceRefs: true });
    expect(readFlags(["--no-cross-namespace-refs=true", "--no-cross-namespace-refs=false", 3, null])).toEqual({ defaultServiceAccount: undefined, noCrossNamespaceRefs: false });
  });
});

describe("names", () => {
  it("Argo CD globs", () => {
    expect(globMatch("team-a-*", "team-a-dev")).toBe(true);
    expect(globMatch("team-a-*", "team-b")).toBe(false);
    expect(globMatch("team.a", "teamxa")).toBe(false);
  });

  it("placeholders are not names", () => {
    expect(["${CLUSTER_NAME}", "app-${env:=dev}", "{{ .ns }}", "{{cluster}}"].every(isPlaceholder)).toBe(true);
    expect(["team-a", "$HOME", "{x}"].some(isPlaceholder)).toBe(false);
  });

  it("non-prod compounds are their own environment; a user's word list can drop them", () => {
    const vocabulary = { words: DEFAULT_SETTINGS.environmentWords, labels: [], platformSuffixes: [] };
    for (const name of ["guestbook-non-prod", "payments-nonprod", "search-non-production"]) expect(environmentOfName(name, vocabulary)).toBe("nonprod");
    expect(environmentOfName("guestbook-prod", vocabulary)).toBe("prod");
    expect(environmentOfName("guestbook-non-prod", { ...vocabulary, words: ["prod"] })).toBe("prod");
  });
});
