/**
 * The manifest model as users meet it: YAML files through ESLint with the plugin's configs. Broken YAML gives one
 * fatal parse message (never a crash), Helm templates are skipped, BOM and CRLF files keep their line numbers.
 */
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";

const linter = new Linter({ configType: "flat" });

/** Lint `text` as `file` (relative to the cwd, so the configs' `files` globs match) with one of the configs. */
function lint(text: string, file = "tmp/manifest-eslint/file.yaml", config: "recommended" | "strict" = "strict") {
  return linter.verify(text, [...plugin.configs[config]], { filename: file });
}

function fatal(text: string) {
  return lint(text).filter((m) => m.fatal).map((m) => ({ message: m.message, line: m.line }));
}

describe("duplicate keys", () => {
  it("are a fatal parse error at the repeated key (kubectl would silently keep the last one)", () => {
    const messages = lint("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, severity: 2, ruleId: null, message: "Parsing error: Map keys must be unique", line: 5 });
  });

  it("are caught in nested and flow mappings too", () => {
    expect(fatal("spec:\n  template:\n    spec: {hostNetwork: true, hostNetwork: false}\n")).toEqual([
      { message: "Parsing error: Map keys must be unique", line: 3 },
    ]);
  });
});

describe("invalid YAML", () => {
  it.each([
    ["an unclosed flow sequence", "apiVersion: v1\nkind: [\n"],
    ["an unclosed quote", "metadata:\n  name: 'oops\n"],
    ["tab indentation", "metadata:\n\tname: a\n"],
    ["a bad indent", "a:\n  b: 1\n c: 2\n"],
    ["a stray document marker in a scalar", "key: |\nnot indented\n"],
  ])("gives one fatal message for %s, no exception", (_label, text) => {
    const messages = lint(text);
    expect(messages.filter((m) => m.fatal)).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/^Parsing error: /);
  });
});

describe("Helm chart templates", () => {
  const template = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: {{ include \"app.fullname\" . }}",
    "spec:",
    "  {{- if not .Values.autoscaling.enabled }}",
    "  replicas: {{ .Values.replicaCount }}",
    "  {{- end }}",
  ].join("\n");

  it("are skipped: no parse error, no finding", () => {
    expect(lint(template, "tmp/manifest-eslint/chart/templates/deployment.yaml")).toEqual([]);
  });

  it("would be a wall of parse errors without the processor", () => {
    const withoutProcessor = plugin.configs.strict.map(({ processor: _processor, ...config }) => config);
    const messages = linter.verify(template, withoutProcessor, { filename: "tmp/manifest-eslint/chart/templates/deployment.yaml" });
    expect(messages.some((m) => m.fatal)).toBe(true);
  });

  it("still lints YAML holding Kyverno/JMESPath variables in quoted values", () => {
    const policy = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: p\nspec:\n  rules:\n    - name: r\n      message: \"{{ request.object.metadata.name }}\"\n\tbad: tab\n";
    expect(fatal(policy)).toHaveLength(1); // linted, so the tab error is found
  });
});

describe("byte order marks and line endings", () => {
  const namespace = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

  it("lints a file starting with a BOM at the same lines", () => {
    const plain = lint(namespace);
    const bom = lint(`\uFEFF${namespace}`);
    expect(bom.map((m) => [m.ruleId, m.line, m.column])).toEqual(plain.map((m) => [m.ruleId, m.line, m.column]));
    expect(plain.map((m) => m.ruleId)).toEqual(["kube/require-namespace"]);
  });

  it("lints a CRLF file at the same lines and columns", () => {
    const lf = lint(namespace);
    const crlf = lint(namespace.replace(/\n/g, "\r\n"));
    expect(crlf.map((m) => [m.ruleId, m.line, m.column])).toEqual(lf.map((m) => [m.ruleId, m.line, m.column]));
  });
});

describe("non-Kubernetes YAML", () => {
  it.each([
    [".github/workflows/ci.yml", "name: CI\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n"],
    ["chart/values.yaml", "replicaCount: 1\nnamespace: ''\nimage:\n  repository: nginx\n  tag:\nresources: {}\n"],
    ["docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n"],
  ])("gives no finding on %s", (file, text) => {
    expect(lint(text, `tmp/manifest-eslint/${file}`)).toEqual([]);
  });
});

describe("files that are not YAML at all", () => {
  it("lints binary data with a .yaml name without crashing", () => {
    const binary = String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    expect(() => lint(binary)).not.toThrow();
  });
});
