import { describe, expect, it } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import { getProtectionIndex } from "../../core/tenancy/protection.js";
import { getWorkspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const settings = normalizeSettings({});
const REPO = "apiVersion: configmanagement.gke.io/v1\nkind: Repo\nmetadata: {name: repo}\nspec: {version: 1.0.0}\n";
const ns = (name: string, labels = "{}") => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`;
const quota = (name: string, annotations = "{}") =>
  `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: ${name}, annotations: ${annotations}}\nspec: {hard: {requests.cpu: '4'}}\n`;

function indexOf(files: Record<string, string>) {
  const ws = getWorkspace(repo(files), settings);
  return { ws, index: getProtectionIndex(ws, settings) };
}

describe("Config Sync hierarchical repositories", () => {
  const files = {
    "system/repo.yaml": REPO,
    "namespaces/quota.yaml": quota("everyone"),
    "namespaces/teams/quota.yaml": quota("gold", "{configmanagement.gke.io/namespace-selector: gold}"),
    "namespaces/teams/selector.yaml":
      "apiVersion: configmanagement.gke.io/v1\nkind: NamespaceSelector\nmetadata: {name: gold}\nspec:\n  selector: {matchLabels: {tier: gold}}\n",
    "namespaces/teams/a/namespace.yaml": ns("a", "{tier: gold}"),
    "namespaces/teams/a/np.yaml": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}}\n",
    "namespaces/teams/b/namespace.yaml": ns("b", "{tier: silver}"),
  };

  it("applies objects of abstract namespaces to the namespaces below, as their NamespaceSelector allows", () => {
    const { index } = indexOf(files);
    const a = index.protecting(index.targetOf("a"), "ResourceQuota").map((p) => [p.name, p.source, p.via]);
    expect(a).toEqual([
      ["gold", "config-sync", "ResourceQuota 'gold' of abstract namespace 'namespaces/teams' (Config Sync)"],
      ["everyone", "config-sync", "ResourceQuota 'everyone' of abstract namespace 'namespaces' (Config Sync)"],
    ]);
    expect(index.protecting(index.targetOf("b"), "ResourceQuota").map((p) => p.name)).toEqual(["everyone"]);
    expect(index.shortfalls(index.targetOf("b"), "ResourceQuota")).toEqual([
      "ResourceQuota 'gold' of 'namespaces/teams' skips it: NamespaceSelector 'gold' does not select it",
    ]);
  });

  it("puts an object of a namespace directory without metadata.namespace into that namespace only", () => {
    const { index } = indexOf(files);
    expect(index.protecting(index.targetOf("a"), "NetworkPolicy").map((p) => p.via)).toEqual(["NetworkPolicy 'deny'"]);
    expect(index.protecting(index.targetOf("b"), "NetworkPolicy")).toEqual([]);
  });

  it("reads nothing without system/repo.yaml, and a missing selector selects nothing", () => {
    const { "system/repo.yaml": _, ...unstructured } = files;
    const { index } = indexOf(unstructured);
    expect(index.protecting(index.targetOf("a"), "ResourceQuota")).toEqual([]);
    const missing = indexOf({ ...files, "namespaces/teams/selector.yaml": "kind: ConfigMap\n" }).index;
    expect(missing.protecting(missing.targetOf("a"), "ResourceQuota").map((p) => p.name)).toEqual(["everyone"]);
  });
});
