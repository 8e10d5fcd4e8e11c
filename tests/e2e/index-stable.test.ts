/**
 * Linting a repository never changes its index: every file ESLint hands the rules is either held by the index with
 * the same text, or left out of it as the scan leaves it out. A file that looked edited rebuilt every per-run view
 * (namespace catalog, protection, environment map...) once per such file: a repository full of them linted in
 * quadratic time (docs/performance.md, round 8: 300 files with a byte-order mark, 301 rebuilds; 10,000 tenant files
 * under `settings.kube.ignores`, 121 s instead of 11). A block another processor cuts out of a file (a Markdown
 * example) is linted but is no file of the repository: it stays out too, or an example policy would protect a real
 * namespace. In process with the ESLint class, so the rules' own index is the one inspected.
 */
import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { normalizeSettings } from "../../core/settings.js";
import { getWorkspace, Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    tenant: ${name}\n`;
const denyAll = (ns: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;

function tenantsRepo(): string {
  const root = repo({
    "tenants/plain/ns.yaml": namespace("plain"),
    "tenants/plain/np.yaml": denyAll("plain"),
    "tenants/crlf/ns.yaml": namespace("crlf").replace(/\n/g, "\r\n"),
    "tenants/json/ns.yaml": JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "json", labels: { tenant: "json" } } }),
    "tenants/flow/np.yaml": "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny, namespace: flow}, spec: {podSelector: {}}}\n",
    "tenants/flow/ns.yaml": "{apiVersion: v1, kind: Namespace, metadata: {name: flow, labels: {tenant: flow}}}\n",
    "charts/app/templates/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Release.Namespace }}\n",
    "generated/rendered.yaml": namespace("rendered"),
    "broken/ns.yaml": "apiVersion: v1\nkind: [Namespace\n",
    // A byte-order mark, as Windows editors write it (UTF-8 bytes EF BB BF): ESLint lints the text without it.
    "tenants/bom/ns.yaml": `\uFEFF${namespace("bom")}`,
  });
  expect(fs.readFileSync(path.join(root, "tenants/bom/ns.yaml")).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return root;
}

/** A processor that lints each fenced YAML block of a Markdown file as `<file>.md/<n>.yaml`, as Markdown plugins do. */
const markdownBlocks: Linter.Processor = {
  meta: { name: "test/markdown-yaml-blocks" },
  preprocess: (text) => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({ text: m[1] as string, filename: `${i}.yaml` })),
  postprocess: (messages) => messages.flat(),
};

describe("linting a repository leaves its index as the scan built it (e2e, ESLint class)", () => {
  it("a YAML block of a Markdown file is linted but is no file of the repository: its policy protects nothing", async () => {
    const root = repo({
      "tenants/docs/ns.yaml": namespace("docs"),
      "README.md": [
        "# Tenants\n\nEach tenant gets a default deny:\n\n```yaml\n",
        denyAll("docs").replace("[Ingress]", "[Ingress, Egress]"), // strict asks for both directions
        "```\n\nand runs its images like this:\n\n```yaml\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: docs\nspec:\n  containers:\n    - name: web\n      image: registry.example/web:1.0\n      imagePullPolicy: IfNotPresent\n",
        "```\n",
      ].join(""),
    });
    const kubeSettings = { cacheLocation: false };
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ["**/*.md"], plugins: { test: { processors: { blocks: markdownBlocks } } }, processor: "test/blocks" },
        ...plugin.configs.strict,
        { settings: { kube: kubeSettings } },
      ],
    });
    const results = await eslint.lintFiles(["."]);
    const byFile = new Map(results.map((r) => [path.relative(root, r.filePath), r.messages.map((m) => m.ruleId)]));
    // The blocks were linted (the example Pod's pull policy is reported), and the real namespace is still unprotected.
    expect(byFile.get("README.md")).toContain("kube/require-image-pull-always");
    expect(byFile.get("tenants/docs/ns.yaml")).toContain("kube/require-network-policy");
    const settings = normalizeSettings(kubeSettings);
    expect(getWorkspace(root, settings).generation).toBe(new Workspace(root, settings).generation);
    expect(getWorkspace(root, settings).ofKind("NetworkPolicy")).toEqual([]);
  });

  it.each([
    ["every file indexed", {}],
    ["a folder under settings.kube.ignores that ESLint still lints", { ignores: ["generated/**"] }],
  ])("%s", async (_, extra) => {
    const root = tenantsRepo();
    const kubeSettings = { cacheLocation: false, ...extra };
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [...plugin.configs.strict, { settings: { kube: kubeSettings } }],
    });
    const results = await eslint.lintFiles(["."]);
    const linted = results.map((r) => path.relative(root, r.filePath));
    expect(linted).toContain("tenants/bom/ns.yaml");
    expect(linted).toContain("generated/rendered.yaml");

    // The rules' index (same root, same settings: the same instance) has changed no more than a fresh scan does.
    const settings = normalizeSettings(kubeSettings);
    const used = getWorkspace(root, settings);
    expect(used.generation).toBe(new Workspace(root, settings).generation);
    const namespaces = used.ofKind("Namespace").map((o) => o.name).sort();
    expect(namespaces).toEqual("ignores" in extra ? ["bom", "crlf", "flow", "json", "plain"] : ["bom", "crlf", "flow", "json", "plain", "rendered"]);
  });
});
