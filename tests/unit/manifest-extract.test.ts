/**
 * The manifest model on tricky YAML: what `extractManifests` makes of the AST yaml-eslint-parser gives ESLint.
 */
import { parseYAML } from "yaml-eslint-parser";
import { describe, expect, it } from "vitest";
import { extractManifests } from "../../core/manifest/extract.js";
import type { LintedObject } from "../../core/manifest/model.js";

function extract(text: string, filePath = "/repo/file.yaml") {
  return extractManifests(parseYAML(text, { filePath }), filePath);
}

/** The identity of each object, in file order: easy to compare exactly. */
function ids(objects: readonly LintedObject[]) {
  return objects.map((o) => `${o.kind}/${o.namespace ?? "-"}/${o.name ?? "-"}@${o.line}`);
}

describe("multi-document files", () => {
  it("skips empty documents and keeps document indexes", () => {
    const file = extract(
      [
        "---",
        "# only a comment",
        "---",
        "apiVersion: v1",
        "kind: Namespace",
        "metadata: {name: team-a}",
        "---",
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: settings",
        "  namespace: team-a",
        "...",
        "---",
        "",
      ].join("\n"),
    );
    expect(file.fileKind).toBe("kubernetes");
    expect(ids(file.objects)).toEqual(["Namespace/-/team-a@4", "ConfigMap/team-a/settings@9"]);
    expect(file.objects.map((o) => o.documentIndex)).toEqual([1, 3]);
  });

  it("calls a file of empty documents and comments empty", () => {
    expect(extract("---\n# nothing\n---\n...\n").fileKind).toBe("empty");
    expect(extract("").fileKind).toBe("empty");
  });

  it("ignores documents that are scalars or sequences beside real objects", () => {
    const file = extract("just text\n---\n- a\n- b\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
    expect(ids(file.objects)).toEqual(["Secret/-/s@6"]);
  });
});

describe("kind: List", () => {
  it("yields its items (with list indexes), not the List", () => {
    const file = extract(
      [
        "apiVersion: v1",
        "kind: List",
        "items:",
        "  - apiVersion: v1",
        "    kind: Namespace",
        "    metadata: {name: a}",
        "  - not an object",
        "  - apiVersion: v1",
        "    kind: ServiceAccount",
        "    metadata: {name: robot, namespace: a}",
      ].join("\n"),
    );
    expect(ids(file.objects)).toEqual(["Namespace/-/a@4", "ServiceAccount/a/robot@8"]);
    expect(file.objects.map((o) => o.listIndex)).toEqual([0, 2]);
  });

  it("treats typed lists (NamespaceList) the same way", () => {
    const file = extract("apiVersion: v1\nkind: NamespaceList\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: x}}\n");
    expect(ids(file.objects)).toEqual(["Namespace/-/x@4"]);
  });

  it("keeps a List whose items are not a sequence as the object itself", () => {
    const file = extract("apiVersion: v1\nkind: List\nitems: 3\n");
    expect(ids(file.objects)).toEqual(["List/-/-@1"]);
  });
});

describe("anchors, aliases and merge keys", () => {
  it("resolves aliases and applies merge keys, local keys winning", () => {
    const file = extract(
      [
        "x-labels: &labels",
        "  team: a",
        "  env: prod",
        "---",
        "apiVersion: v1",
        "kind: Namespace",
        "metadata:",
        "  name: &name team-a",
        "  labels:",
        "    <<: {team: b, tier: web}",
        "    env: dev",
        "  annotations:",
        "    owner: *name",
      ].join("\n"),
    );
    const [ns] = file.objects;
    expect(ns?.name).toBe("team-a");
    expect(ns?.labels).toEqual({ env: "dev", team: "b", tier: "web" });
    expect(ns?.annotations).toEqual({ owner: "team-a" });
  });

  it("merges a list of anchored maps, the first one winning", () => {
    const file = extract(
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: c",
        "  labels: &base {a: '1', b: '1'}",
        "  annotations:",
        "    <<: [*base, {a: '2', c: '2'}]",
      ].join("\n"),
    );
    expect(file.objects[0]?.annotations).toEqual({ a: "1", b: "1", c: "2" });
  });

  it("resolves an alias for a whole metadata block", () => {
    const file = extract(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: shared, namespace: ns}\ndata:\n  copy: *m\n",
    );
    expect(ids(file.objects)).toEqual(["ConfigMap/ns/shared@1"]);
    expect(file.objects[0]?.value.data).toEqual({ copy: { name: "shared", namespace: "ns" } });
  });

  it("stays linear on an alias bomb (each level refers to the previous one ten times)", () => {
    const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: lol}", "data:", "  l0: &l0 [lol]"];
    for (let i = 1; i <= 12; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]`);
    const started = performance.now();
    const file = extract(lines.join("\n"));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(file.objects).toHaveLength(1);
  });
});

describe("flow style", () => {
  it("reads a whole object written in flow style", () => {
    const file = extract('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "json-style", "labels": {"a": "b"}}}\n');
    expect(ids(file.objects)).toEqual(["Namespace/-/json-style@1"]);
    expect(file.objects[0]?.labels).toEqual({ a: "b" });
  });
});

describe("line endings", () => {
  it("reads CRLF files with the same lines as LF ones", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n";
    const crlf = extract(text.replace(/\n/g, "\r\n"));
    expect(ids(crlf.objects)).toEqual(ids(extract(text).objects));
    expect(crlf.objects[1]?.name).toBe("b"); // no stray "\r"
  });

  // A BOM never reaches the parser: ESLint strips it (manifest-eslint.test.ts), so does readManifestText (manifest-read).
});

describe("odd identity fields", () => {
  it("needs a string kind and apiVersion; numbers in names become strings", () => {
    const file = extract(
      [
        "apiVersion: v1\nkind: 3\nmetadata: {name: a}",
        "apiVersion: 1\nkind: Namespace\nmetadata: {name: 42}",
        "apiVersion: v1\nkind: Namespace\nmetadata: 3",
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: [x], labels: [], annotations: {a: 1, b: {c: d}, e: true, f: null}}",
      ].join("\n---\n"),
    );
    expect(ids(file.objects)).toEqual(["Namespace/-/42@5", "Namespace/-/-@9", "Namespace/-/-@13"]);
    expect(file.objects[2]?.labels).toEqual({});
    expect(file.objects[2]?.annotations).toEqual({ a: "1", e: "true" });
  });

  it("derives the API group", () => {
    const file = extract("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n");
    expect(file.objects[0]?.group).toBe("networking.k8s.io");
  });
});

describe("kustomization files", () => {
  it("reads namespace, resources, bases and components", () => {
    const file = extract(
      "namespace: team-a\nresources:\n  - deploy.yaml\n  - 3\n  - ../base\nbases: [../old]\ncomponents: [../c]\n",
      "/repo/app/kustomization.yaml",
    );
    expect(file.fileKind).toBe("kustomization");
    expect(file.kustomization).toMatchObject({
      namespace: "team-a",
      resources: ["deploy.yaml", "../base", "../old"],
      components: ["../c"],
      line: 1,
    });
    expect(file.objects).toEqual([]);
  });

  it("recognises a kustomization by apiVersion whatever the file name", () => {
    const file = extract("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: a\n", "/repo/k.yaml");
    expect(file.kustomization).toMatchObject({ resources: [], namespace: undefined });
  });

  it("keeps a Flux Kustomization as an ordinary object", () => {
    const file = extract(
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n",
      "/repo/clusters/prod/apps.yaml",
    );
    expect(file.kustomization).toBeUndefined();
    expect(ids(file.objects)).toEqual(["Kustomization/flux-system/apps@1"]);
  });
});

describe("YAML that is not Kubernetes", () => {
  it.each([
    ["a GitHub workflow", ".github/workflows/ci.yml", "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"],
    ["Helm values", "chart/values.yaml", "replicaCount: 1\nimage:\n  repository: nginx\n  tag: ''\nservice:\n  type: ClusterIP\n  port: 80\nkind: Deployment\n"],
    ["docker-compose", "docker-compose.yml", "version: '3.8'\nservices:\n  web:\n    image: nginx\n    ports: ['80:80']\n"],
    ["a Chart.yaml", "chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n"],
  ])("leaves %s alone", (_label, file, text) => {
    const result = extract(text, `/repo/${file}`);
    expect(result.fileKind).toBe("other");
    expect(result.objects).toEqual([]);
    expect(result.kustomization).toBeUndefined();
  });
});

describe("AST nodes", () => {
  it("points each object at its own mapping", () => {
    const file = extract("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n");
    expect(file.objects.map((o) => [o.node.loc.start.line, o.node.loc.end.line])).toEqual([
      [1, 3],
      [5, 7],
    ]);
  });
});
