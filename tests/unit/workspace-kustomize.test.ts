/**
 * Which namespace Kustomize gives each file: top-level kustomizations, overlays over bases, components, folders and
 * files, remote entries and cycles.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import { Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const cm = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ""}`;
const np = (namespace?: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n${namespace ? `  namespace: ${namespace}\n` : ""}`;

function workspace(files: Record<string, string>) {
  const root = repo(files);
  const ws = new Workspace(root, normalizeSettings({}));
  return { ws, of: (rel: string) => ws.kustomizeNamespacesOf(path.join(root, rel)).sort() };
}

describe("kustomize namespaces", () => {
  it("gives a kustomization's namespace to the files it lists", () => {
    const { of } = workspace({
      "app/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\n  - ./svc.yaml\n",
      "app/deploy.yaml": cm("d"),
      "app/svc.yaml": cm("s"),
      "app/unlisted.yaml": cm("u"),
    });
    expect(of("app/deploy.yaml")).toEqual(["team-a"]);
    expect(of("app/svc.yaml")).toEqual(["team-a"]);
    expect(of("app/unlisted.yaml")).toEqual([]);
  });

  it("lets an overlay's namespace win over its base's, for each overlay", () => {
    const { of } = workspace({
      "base/kustomization.yaml": "namespace: base-ns\nresources: [cm.yaml]\n",
      "base/cm.yaml": cm("c"),
      "overlays/dev/kustomization.yaml": "namespace: app-dev\nresources:\n  - ../../base\n",
      "overlays/prod/kustomization.yml": "namespace: app-prod\nbases:\n  - ../../base\n",
    });
    expect(of("base/cm.yaml")).toEqual(["app-dev", "app-prod"]);
  });

  it("keeps an inner kustomization's namespace when the outer one sets none", () => {
    const { of } = workspace({
      "base/kustomization.yaml": "resources: [cm.yaml]\n",
      "base/cm.yaml": cm("c"),
      "inner/kustomization.yaml": "namespace: inner\nresources: [../base]\n",
      "top/kustomization.yaml": "resources: [../inner]\n",
    });
    // top sets none, so kustomize leaves what inner set (base sets none either).
    expect(of("base/cm.yaml")).toEqual(["inner"]);
  });

  it("gives the namespace to components", () => {
    const { of } = workspace({
      "app/kustomization.yaml": "namespace: team-c\nresources: [cm.yaml]\ncomponents: [../components/netpol]\n",
      "app/cm.yaml": cm("c"),
      "components/netpol/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n",
      "components/netpol/np.yaml": np(),
    });
    expect(of("components/netpol/np.yaml")).toEqual(["team-c"]);
  });

  it("finds a `Kustomization` file (no extension)", () => {
    const { of } = workspace({ "app/Kustomization": "namespace: legacy\nresources: [cm.yaml]\n", "app/cm.yaml": cm("c") });
    expect(of("app/cm.yaml")).toEqual(["legacy"]);
  });

  it("builds the folder's kustomization.yaml when the folder also holds the other names (kustomize's order)", () => {
    const { of } = workspace({
      "base/kustomization.yaml": "namespace: from-yaml\nresources: [a.yaml]\n",
      "base/Kustomization": "namespace: from-bare\nresources: [b.yaml]\n",
      "base/a.yaml": cm("a"),
      "base/b.yaml": cm("b"),
      "top/kustomization.yaml": "resources: [../base]\n",
    });
    // top includes base/kustomization.yaml, so only base/Kustomization stays top-level and names b.yaml.
    expect(of("base/a.yaml")).toEqual(["from-yaml"]);
    expect(of("base/b.yaml")).toEqual(["from-bare"]);
  });

  it("treats an entry naming a kustomization file (not its folder) as a plain file, as kustomize does", () => {
    const { of } = workspace({
      "base/kustomization.yaml": "namespace: base-ns\nresources: [cm.yaml]\n",
      "base/cm.yaml": cm("c"),
      "top/kustomization.yaml": "namespace: top-ns\nresources: [../base/kustomization.yaml]\n",
    });
    // base stays top-level: its namespace reaches cm.yaml; top lists the kustomization file as a resource.
    expect(of("base/cm.yaml")).toEqual(["base-ns"]);
    expect(of("base/kustomization.yaml")).toEqual(["top-ns"]);
  });

  it("skips remote entries, missing files and folders without a kustomization", () => {
    const { of, ws } = workspace({
      "app/kustomization.yaml":
        "namespace: x\nresources:\n  - https://github.com/org/repo//deploy?ref=v1\n  - github.com/org/repo/base\n  - missing.yaml\n  - plain-folder\n  - cm.yaml\n",
      "app/cm.yaml": cm("c"),
      "app/plain-folder/cm.yaml": cm("p"),
    });
    expect(of("app/cm.yaml")).toEqual(["x"]);
    expect(of("app/plain-folder/cm.yaml")).toEqual([]);
    expect(ws.kustomizations()).toHaveLength(1);
  });

  it("stops on include cycles (kustomize rejects them; we must not hang)", () => {
    const { of } = workspace({
      "a/kustomization.yaml": "namespace: a\nresources: [../b, cm.yaml]\n",
      "b/kustomization.yaml": "resources: [../a]\n",
      "a/cm.yaml": cm("c"),
    });
    // a and b include each other: neither is top-level, so nothing is known for sure.
    expect(of("a/cm.yaml")).toEqual([]);
  });

  it("makes kustomize namespaces the effective namespace of indexed objects", () => {
    const { ws } = workspace({
      "team/kustomization.yaml": "namespace: team-a\nresources: [np.yaml]\n",
      "team/np.yaml": np("written-here"),
      "other/np.yaml": np("team-b"),
    });
    expect(ws.inNamespace("team-a", "NetworkPolicy")).toHaveLength(1);
    expect(ws.inNamespace("written-here")).toEqual([]);
    expect(ws.inNamespace("team-b", "NetworkPolicy")).toHaveLength(1);
    expect(ws.effectiveNamespaces({ kind: "Namespace", namespace: "x", filePath: "/any" })).toEqual([]);
  });
});
