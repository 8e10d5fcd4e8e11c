/**
 * The workspace index: which files it parses (text test), its queries, the linted file winning over the disk copy,
 * and staying fresh (changed / added / deleted files noticed after the TTL).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseYAML } from "yaml-eslint-parser";
import { extractManifests } from "../../core/manifest/extract.js";
import { normalizeSettings } from "../../core/settings.js";
import { customResourceScopes } from "../../core/workspace/crd-scopes.js";
import { getWorkspace, needsIndexing, resetWorkspaces, textHash, useSnapshotIndex, Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const ns = (name: string, labels = "") =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${labels ? `  labels: {${labels}}\n` : ""}`;
const netpol = (namespace: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n`;
const deployment = (namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${namespace}\n`;

const settings = (extra: Record<string, unknown> = {}) => normalizeSettings({ indexTtlSeconds: 2, ...extra });
const names = (objects: readonly { kind: string; name: string | undefined }[]) => objects.map((o) => `${o.kind}/${o.name}`).sort();

describe("the text test (exact pre-filter: may skip only what cannot hold an indexed kind)", () => {
  it.each([
    ["kind: Namespace", true],
    ["kind: 'NetworkPolicy'", true],
    ['  - kind: "ResourceQuota"  # quota', true],
    ["kind: LimitRange\r", true], // CRLF files
    ['{"kind":"Namespace"}', true], // JSON
    ["{kind: NetworkPolicy, metadata: {name: a}}", true], // flow style
    ["kind: &k Role", true],
    ['kind: "Name\\u0073pace"', true], // a double-quoted escape can spell any kind
    ["apiVersion: kustomize.config.k8s.io/v1beta1", true],
    ["kind: Deployment", false],
    ["kind: NamespaceList", false],
    ["spec: {serviceAccountName: x, volumeClaimTemplates: []}", false],
    ["  # kind: Namespace", true], // conservative: a comment may say it
    ["metadata: {kind: Namespace}", true],
  ])("%j -> %s", (line, expected) => {
    expect(needsIndexing(`apiVersion: v1\n${line}\n`, "/r/x.yaml")).toBe(expected);
  });

  it("parses every file with the pre-filter off (setting or KUBE_LINT_INDEX_PREFILTER=off)", () => {
    expect(needsIndexing("kind: Deployment\n", "/r/x.yaml", false)).toBe(true);
    process.env.KUBE_LINT_INDEX_PREFILTER = "off";
    try {
      expect(needsIndexing("kind: Deployment\n", "/r/x.yaml")).toBe(true);
    } finally {
      delete process.env.KUBE_LINT_INDEX_PREFILTER;
    }
    expect(needsIndexing("kind: Deployment\n", "/r/x.yaml")).toBe(false);
  });

  it("always indexes kustomization files", () => {
    expect(needsIndexing("resources: []\n", "/r/app/kustomization.yml")).toBe(true);
    expect(needsIndexing("resources: []\n", "/r/app/Kustomization")).toBe(true);
  });

  it("hashes text", () => {
    expect(textHash("a")).toBe(textHash("a"));
    expect(textHash("a")).not.toBe(textHash("b"));
  });
});

describe("the index", () => {
  const root = repo({
    "ns/team-a.yaml": ns("team-a", "team: a"),
    "ns/all.yaml": `${ns("team-b")}---\n${netpol("team-b")}`,
    "team-a/deploy.yaml": deployment("team-a"),
    "team-a/policy.yml": netpol("team-a"),
    "broken.yaml": "kind: Namespace\nmetadata: [\n",
    "chart/templates/ns.yaml": "{{- if .Values.ns }}\nkind: Namespace\n{{- end }}\n",
    "node_modules/pkg/ns.yaml": ns("from-node-modules"),
    "README.md": "kind: Namespace\n",
  });
  const ws = new Workspace(root, settings());

  it("parses only files naming an indexed kind", () => {
    expect(names(ws.objects())).toEqual(["Namespace/team-a", "Namespace/team-b", "NetworkPolicy/deny", "NetworkPolicy/deny"]);
    const skipped = Object.fromEntries([...ws.entries()].map((e) => [ws.relative(e.filePath), e.skipped ?? "indexed"]));
    expect(skipped).toEqual({
      "ns/team-a.yaml": "indexed",
      "ns/all.yaml": "indexed",
      "team-a/deploy.yaml": "not-indexed",
      "team-a/policy.yml": "indexed",
      "broken.yaml": "parse-error",
      "chart/templates/ns.yaml": "helm-template",
    });
  });

  it("answers by kind and by namespace", () => {
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/team-a", "Namespace/team-b"]);
    expect(ws.inNamespace("team-a", "NetworkPolicy").map((o) => ws.relative(o.filePath))).toEqual(["team-a/policy.yml"]);
    expect(ws.inNamespace("nowhere")).toEqual([]);
  });

  it("sees `namespace:` lines of files it does not parse", () => {
    const refs = ws.namespaceReferences("team-a").map((r) => `${ws.relative(r.filePath)}:${r.line}`).sort();
    expect(refs).toEqual(["team-a/deploy.yaml:5", "team-a/policy.yml:5"]);
  });

  it("is built once per root and settings, and reused", () => {
    resetWorkspaces();
    const s = settings();
    expect(getWorkspace(root, s)).toBe(getWorkspace(root, s));
    expect(getWorkspace(root, settings({ ignores: ["team-a/**"] }))).not.toBe(getWorkspace(root, s));
  });
});

describe("what the index keeps of a CustomResourceDefinition", () => {
  const crd = [
    "apiVersion: apiextensions.k8s.io/v1",
    "kind: CustomResourceDefinition",
    "metadata:\n  name: widgets.example.com",
    "spec:\n  group: example.com\n  scope: Cluster\n  names: {kind: Widget, plural: widgets}",
    "  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema: {type: object, properties: {spec: {type: object}}}",
  ].join("\n");

  it("keeps group, names and scope, not the schema, read from disk or from the linted file alike", () => {
    const root = repo({ "crds/widget.yaml": `${crd}\n` });
    const ws = new Workspace(root, settings());
    const [fromDisk] = ws.ofKind("CustomResourceDefinition");
    expect(fromDisk?.value.spec).toEqual({ group: "example.com", scope: "Cluster", names: { kind: "Widget", plural: "widgets" } });
    expect(fromDisk?.name).toBe("widgets.example.com");
    expect(customResourceScopes(ws).get("example.com/Widget")).toBe("Cluster");

    const filePath = path.join(root, "crds/widget.yaml");
    const text = `${crd.replace("Cluster", "Namespaced")}\n`;
    ws.syncLintedFile(filePath, text, extractManifests(parseYAML(text), filePath));
    const [linted] = ws.ofKind("CustomResourceDefinition");
    expect(linted?.value.spec).toEqual({ group: "example.com", scope: "Namespaced", names: { kind: "Widget", plural: "widgets" } });
    expect(customResourceScopes(ws).get("example.com/Widget")).toBe("Namespaced");
  });
});

describe("the linted file wins", () => {
  it("replaces the copy on disk with the linted text and its parsed manifests", () => {
    const root = repo({ "ns.yaml": ns("on-disk") });
    const ws = new Workspace(root, settings());
    const file = path.join(root, "ns.yaml");
    const text = ns("in-editor");
    ws.syncLintedFile(file, text, extractManifests(parseYAML(text), file));
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/in-editor"]);
  });

  it("adds a file that is not on disk yet (an unsaved editor buffer)", () => {
    const root = repo({});
    const ws = new Workspace(root, settings());
    const file = path.join(root, "new.yaml");
    ws.syncLintedFile(file, netpol("x"), undefined);
    expect(ws.inNamespace("x", "NetworkPolicy")).toHaveLength(1);
  });

  it("ignores files outside the root", () => {
    const root = repo({});
    const ws = new Workspace(root, settings());
    ws.syncLintedFile(path.join(root, "..", "elsewhere.yaml"), ns("outside"), undefined);
    expect(ws.objects()).toEqual([]);
  });

  it("does not bump the generation when the linted text equals the indexed one", () => {
    const root = repo({ "ns.yaml": ns("same") });
    const ws = new Workspace(root, settings());
    const before = ws.generation;
    ws.syncLintedFile(path.join(root, "ns.yaml"), ns("same"), undefined);
    expect(ws.generation).toBe(before);
  });

  it("keeps its views when an edit changes the text but not what the index knows of it (an editor re-linting)", () => {
    const root = repo({ "ns.yaml": ns("a", "tenant: a"), "np.yaml": netpol("a"), "web.yaml": `${deployment("a")}spec:\n  replicas: 1\n` });
    const ws = new Workspace(root, settings());
    const before = ws.generation;
    const [policy] = ws.inNamespace("a", "NetworkPolicy");
    // Inside a workload (not an indexed kind; its `namespace:` line stays), and a comment after a policy.
    ws.syncLintedFile(path.join(root, "web.yaml"), `${deployment("a")}spec:\n  replicas: 3\n`, undefined);
    const commented = `${netpol("a")}# reviewed\n`;
    ws.syncLintedFile(path.join(root, "np.yaml"), commented, extractManifests(parseYAML(commented), path.join(root, "np.yaml")));
    expect(ws.generation).toBe(before);
    expect(ws.inNamespace("a", "NetworkPolicy")).toEqual([policy]);
    // The entry has the new text's hash: the same text again is not compared twice.
    expect(ws.entry(path.join(root, "np.yaml"))?.hash).toBe(textHash(commented));

    // What the index knows changes: a label, a namespace line moved down, a policy's spec. Each is seen.
    ws.syncLintedFile(path.join(root, "ns.yaml"), ns("a", "tenant: b"), undefined);
    expect(ws.generation).toBeGreaterThan(before);
    expect(ws.ofKind("Namespace")[0]?.labels).toEqual({ tenant: "b" });
    const moved = ws.generation;
    ws.syncLintedFile(path.join(root, "web.yaml"), `# owner: team a\n${deployment("a")}spec:\n  replicas: 3\n`, undefined);
    expect(ws.generation).toBeGreaterThan(moved);
    expect(ws.allNamespaceReferences().get("a")?.find((r) => r.filePath.endsWith("web.yaml"))?.line).toBe(6);
    const spec = ws.generation;
    ws.syncLintedFile(path.join(root, "np.yaml"), netpol("a").replace("podSelector: {}", "podSelector: {matchLabels: {app: web}}"), undefined);
    expect(ws.generation).toBeGreaterThan(spec);
    expect(ws.inNamespace("a", "NetworkPolicy")[0]?.value.spec).toEqual({ podSelector: { matchLabels: { app: "web" } } });
  });

  it("holds a file with a byte-order mark as ESLint lints it: without the mark, so linting it changes nothing", () => {
    const root = repo({});
    fs.writeFileSync(path.join(root, "bom.yaml"), `\uFEFF${ns("bom")}`);
    const ws = new Workspace(root, settings());
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/bom"]);
    expect(ws.entry(path.join(root, "bom.yaml"))?.hash).toBe(textHash(ns("bom")));
    const before = ws.generation;
    ws.syncLintedFile(path.join(root, "bom.yaml"), ns("bom"), undefined); // ESLint's text: no mark
    expect(ws.generation).toBe(before);
  });

  it("leaves out a linted file the scan skips (ignores, node_modules, a name that is not YAML's, too large), as the settings say", () => {
    const root = repo({ "tenants/a/ns.yaml": ns("a") });
    const ws = new Workspace(root, settings({ ignores: ["charts/**", "**/generated"] }));
    const before = ws.generation;
    for (const skipped of ["charts/x/ns.yaml", "apps/generated/ns.yaml", "node_modules/pkg/ns.yaml", "tenants/a/ns.yaml.tpl"]) {
      ws.syncLintedFile(path.join(root, skipped), ns("skipped"), undefined);
    }
    expect(ws.generation).toBe(before);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a"]);
    // Nor a file the scan found too large (5 MB on disk) that ESLint still lints (fewer than 5 M characters).
    const big = `${ns("big")}data: "${"é".repeat(2_700_000)}"\n`;
    fs.writeFileSync(path.join(root, "tenants/a/big.yaml"), big);
    const rescanned = new Workspace(root, settings({ ignores: ["charts/**", "**/generated"] }));
    expect(rescanned.entry(path.join(root, "tenants/a/big.yaml"))?.skipped).toBe("too-large");
    const scanned = rescanned.generation;
    rescanned.syncLintedFile(path.join(root, "tenants/a/big.yaml"), big, undefined);
    expect(rescanned.generation).toBe(scanned);
    fs.rmSync(path.join(root, "tenants/a/big.yaml"));
    // A new file the scan would list is let in (an editor's new buffer).
    ws.syncLintedFile(path.join(root, "tenants/b/ns.yaml"), ns("b"), undefined);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a", "Namespace/b"]);
  });
});

describe("staying fresh", () => {
  const bumpMtime = (file: string, seconds: number) => {
    const t = new Date(Date.now() + seconds * 1000);
    fs.utimesSync(file, t, t);
  };

  it("notices changed, added and deleted files once the TTL has passed, and not before", () => {
    const root = repo({ "a.yaml": ns("a"), "b.yaml": ns("b") });
    const ws = new Workspace(root, settings({ indexTtlSeconds: 2 }));
    const start = Date.now();
    ws.refreshIfStale(start);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a", "Namespace/b"]);

    fs.writeFileSync(path.join(root, "a.yaml"), ns("a-renamed"));
    bumpMtime(path.join(root, "a.yaml"), 5);
    fs.writeFileSync(path.join(root, "c.yaml"), ns("c"));
    fs.rmSync(path.join(root, "b.yaml"));

    ws.refreshIfStale(start + 1_000); // within the TTL: busy CLI run, no re-stat
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a", "Namespace/b"]);

    const generation = ws.generation;
    ws.refreshIfStale(start + 5_000); // idle longer than the TTL: an editor coming back
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a-renamed", "Namespace/c"]);
    expect(ws.generation).toBeGreaterThan(generation);
  });

  it("re-scans a busy long run at least every 30 seconds", () => {
    const root = repo({ "a.yaml": ns("a") });
    const ws = new Workspace(root, settings({ indexTtlSeconds: 60 }));
    const start = Date.now();
    fs.writeFileSync(path.join(root, "late.yaml"), ns("late"));
    for (let t = start; t < start + 29_000; t += 1_000) ws.refreshIfStale(t);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a"]);
    ws.refreshIfStale(start + 31_000);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a", "Namespace/late"]);
  });

  it("never re-scans in a one-shot run (kube-lint): one snapshot of the disk for the whole run", () => {
    const root = repo({ "a.yaml": ns("a") });
    const ws = new Workspace(root, settings({ indexTtlSeconds: 2 }));
    const start = Date.now();
    fs.writeFileSync(path.join(root, "late.yaml"), ns("late"));
    useSnapshotIndex();
    try {
      for (let t = start; t <= start + 120_000; t += 10_000) ws.refreshIfStale(t); // past the TTL and the 30 s period
      expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a"]);
    } finally {
      useSnapshotIndex(false);
    }
    ws.refreshIfStale(start + 200_000); // the same index in a long-lived process notices the file
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a", "Namespace/late"]);
  });

  it("re-scans a long run no more often than every 20 scans' worth of time when a scan is slow", () => {
    const root = repo({ "a.yaml": ns("a") });
    const ws = new Workspace(root, settings({ indexTtlSeconds: 600 }));
    // As if the last scan took 10 s (a very large repository): the next periodic re-scan waits 200 s, not 30 s.
    (ws as unknown as { lastScanCost: number }).lastScanCost = 10_000;
    const start = Date.now();
    fs.writeFileSync(path.join(root, "late.yaml"), ns("late"));
    for (let t = start; t < start + 199_000; t += 10_000) ws.refreshIfStale(t);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a"]);
    ws.refreshIfStale(start + 201_000);
    expect(names(ws.ofKind("Namespace"))).toEqual(["Namespace/a", "Namespace/late"]);
  });

  it("keeps an unchanged file's entry (no re-read) on a re-scan", () => {
    const root = repo({ "a.yaml": ns("a") });
    const ws = new Workspace(root, settings({ indexTtlSeconds: 0 }));
    const generation = ws.generation;
    ws.refreshIfStale(Date.now() + 10_000);
    expect(ws.generation).toBe(generation);
  });
});

describe("relative paths", () => {
  it("gives path.relative's answer, with forward slashes, for paths under the root and any other", () => {
    const root = repo({ "a.yaml": ns("a"), "team/.github/b.yaml": ns("b") });
    const ws = new Workspace(root, settings());
    const expected = (p: string) => path.relative(root, p).split(path.sep).join("/") || path.basename(p);
    const paths = [
      ...[...ws.entries()].map((e) => e.filePath),
      path.join(root, "team", "c.yaml"),
      `${root}${path.sep}team${path.sep}..${path.sep}d.yaml`,
      `${root}${path.sep}.${path.sep}e.yaml`,
      `${root}${path.sep}${path.sep}f.yaml`,
      `${root}${path.sep}g${path.sep}`,
      root,
      `${root}x${path.sep}h.yaml`,
      path.join(path.dirname(root), "elsewhere", "i.yaml"),
    ];
    for (const p of paths) expect(ws.relative(p), p).toBe(expected(p));
    expect(ws.relative(path.join(root, "team", ".github", "b.yaml"))).toBe("team/.github/b.yaml");
  });
});
