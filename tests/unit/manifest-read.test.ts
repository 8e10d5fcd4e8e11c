/**
 * readManifestText: the workspace index's way in. It never throws; what it can't read comes back with a reason.
 */
import { describe, expect, it } from "vitest";
import { isHelmTemplate } from "../../core/manifest/helm.js";
import { MAX_INDEXED_BYTES, readManifestText, stripNodes } from "../../core/manifest/read.js";
import { extractManifests } from "../../core/manifest/extract.js";
import { parseYAML } from "yaml-eslint-parser";

const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n";

describe("readManifestText", () => {
  it("reads manifests as plain data (no AST kept)", () => {
    const { manifest, skipped } = readManifestText(NAMESPACE, "/repo/ns.yaml");
    expect(skipped).toBeUndefined();
    expect(manifest?.objects.map((o) => o.name)).toEqual(["a"]);
    expect(manifest?.objects[0]).not.toHaveProperty("node");
  });

  it("strips a byte order mark", () => {
    expect(readManifestText(`\uFEFF${NAMESPACE}`, "/repo/ns.yaml").manifest?.objects[0]?.name).toBe("a");
  });

  it.each([
    ["parse-error", "a: [\n", "/repo/broken.yaml"],
    ["parse-error", "a: 1\na: 2\n", "/repo/duplicate.yaml"],
    ["binary", "apiVersion: v1\u0000\u0001", "/repo/blob.yaml"],
    ["helm-template", "{{- if .Values.on }}\nkind: Namespace\n{{- end }}\n", "/repo/chart/templates/ns.yaml"],
    ["too-large", `# ${"x".repeat(MAX_INDEXED_BYTES)}\n`, "/repo/huge.yaml"],
  ])("skips with reason %s", (reason, text, file) => {
    expect(readManifestText(text, file)).toEqual({ manifest: undefined, skipped: reason });
  });
});

describe("stripNodes", () => {
  it("drops AST nodes and keeps everything else", () => {
    const file = extractManifests(parseYAML(NAMESPACE), "/repo/ns.yaml");
    const stripped = stripNodes(file);
    expect(stripped.objects[0]).not.toHaveProperty("node");
    expect(stripped.objects[0]).toMatchObject({ kind: "Namespace", name: "a", line: 1 });
  });
});

describe("isHelmTemplate", () => {
  it.each([
    ["a block action at a line start", "{{- if .Values.x }}\na: 1\n{{- end }}\n", "/r/x.yaml", true],
    ["a sequence entry action", "items:\n  - {{ .Values.item }}\n", "/r/x.yaml", true],
    ["Helm vocabulary in a templates/ folder", "name: {{ .Release.Name }}\n", "/r/chart/templates/x.yaml", true],
    ["Helm vocabulary outside templates/", "name: {{ .Release.Name }}\n", "/r/x.yaml", false],
    ["a quoted Kyverno variable in templates/", "message: \"{{ request.object.kind }}\"\n", "/r/templates/policy.yaml", false],
    ["no braces at all", NAMESPACE, "/r/templates/ns.yaml", false],
  ])("%s", (_label, text, file, expected) => {
    expect(isHelmTemplate(text, file)).toBe(expected);
  });
});
