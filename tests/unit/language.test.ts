/**
 * The `kube/yaml` language (configs/language.ts): eslint-plugin-yml's language whose SourceCode is let go of once
 * ESLint is done with the file. Rules and ESLint see a working SourceCode for the whole file; the next file cuts it;
 * without the plugin's processor nothing is cut; findings equal those of `yml/yaml`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Linter, Rule, SourceCode } from "eslint";
import { ESLint, Linter as LinterClass } from "eslint";
import yml from "eslint-plugin-yml";
import { describe, expect, it } from "vitest";
import plugin from "../../index.js";
import { makeRepo } from "../helpers/eslint-cli.js";


/** A probe rule: keeps every SourceCode it is given, and reads it while its file is linted. */
function probe() {
  const seen: { file: string; sourceCode: SourceCode; read: { text: string; astType: string; lines: number; isYAML: unknown; firstToken: string | undefined } }[] = [];
  const rule: Rule.RuleModule = {
    meta: { type: "problem", schema: [] },
    create(context) {
      const sourceCode = context.sourceCode;
      return {
        "Program:exit"() {
          seen.push({
            file: path.basename(context.filename),
            sourceCode,
            read: {
              text: sourceCode.getText(),
              astType: sourceCode.ast.type,
              lines: sourceCode.lines.length,
              isYAML: sourceCode.parserServices?.isYAML,
              firstToken: sourceCode.getFirstToken(sourceCode.ast as never)?.value,
            },
          });
        },
      };
    },
  };
  return { seen, plugin: { rules: { probe: rule } } };
}

/** A Linter in a throwaway repository with a config and the probe rule. */
function probedLinter(name: "recommended" | "strict") {
  const root = tempDir();
  const { seen, plugin: probePlugin } = probe();
  const config: Linter.Config[] = [
    ...plugin.configs[name],
    { plugins: { probe: probePlugin }, rules: { "probe/probe": "error" }, settings: { kube: { root, cacheLocation: false } } },
  ];
  return { root, seen, config, linter: new LinterClass({ cwd: root }) };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "kube-language-"));
}

const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n";
const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: a\n";

describe("kube/yaml", () => {
  it("is the language of both configs' YAML files", () => {
    for (const name of ["recommended", "strict"] as const) {
      const kubeBlock = plugin.configs[name].find((c) => c.plugins?.kube);
      expect(kubeBlock?.language).toBe("kube/yaml");
      expect(kubeBlock?.processor).toBe("kube/helm-templates");
    }
    expect(Object.keys(plugin.languages)).toEqual(["yaml"]);
  });

  it("hands rules a working SourceCode for their file, and releases it once the next file starts", () => {
    const { root, seen, config, linter } = probedLinter("strict");
    linter.verify(NAMESPACE, config, path.join(root, "a.yaml"));
    // Read while linted: text, AST, lines, parser services and token methods (private fields of the real one).
    expect(seen[0]?.read).toEqual({ text: NAMESPACE, astType: "Program", lines: 5, isYAML: true, firstToken: "apiVersion" });
    // After verify() and until the next file, ESLint's own handle still works.
    expect(linter.getSourceCode()?.text).toBe(NAMESPACE);
    expect(seen[0]?.sourceCode.text).toBe(NAMESPACE);

    linter.verify(CONFIG_MAP, config, path.join(root, "b.yaml"));
    expect(seen[1]?.read.text).toBe(CONFIG_MAP);
    expect(linter.getSourceCode()?.text).toBe(CONFIG_MAP);
    // The first file's SourceCode no longer reaches its tree: a late reader gets a clear error, not stale data.
    expect(() => seen[0]?.sourceCode.text).toThrow(`the SourceCode of ${path.join(root, "a.yaml")} was released after ESLint linted the file`);
    expect(() => seen[0]?.sourceCode.ast).toThrow(/use language "yml\/yaml"/);
  });

  it("forwards property definitions and deletions to the real SourceCode", () => {
    const { root, seen, config, linter } = probedLinter("recommended");
    linter.verify(NAMESPACE, config, path.join(root, "a.yaml"));
    const sourceCode = seen[0]?.sourceCode as unknown as Record<string, unknown>;
    Object.defineProperty(sourceCode, "kubeProbe", { value: 1, enumerable: true });
    expect(sourceCode.kubeProbe).toBe(1);
    expect("kubeProbe" in sourceCode && Object.keys(sourceCode).includes("kubeProbe")).toBe(true);
    delete sourceCode.kubeProbe;
    expect("kubeProbe" in sourceCode).toBe(false);
    expect(Object.getPrototypeOf(sourceCode).constructor.name).toBe("YAMLSourceCode");
  });

  it("releases nothing without the plugin's processor: it is then eslint-plugin-yml's language", () => {
    const root = tempDir();
    const { seen, plugin: probePlugin } = probe();
    const config: Linter.Config[] = [
      { files: ["**/*.yaml"], plugins: { kube: plugin, probe: probePlugin }, language: "kube/yaml", rules: { "probe/probe": "error" } },
    ];
    const linter = new LinterClass({ cwd: root });
    linter.verify(NAMESPACE, config, path.join(root, "a.yaml"));
    linter.verify(CONFIG_MAP, config, path.join(root, "b.yaml"));
    expect(seen.map((s) => s.sourceCode.text)).toEqual([NAMESPACE, CONFIG_MAP]);
    expect(seen[0]?.sourceCode.constructor.name).toBe("YAMLSourceCode");
  });

  it("applies fixes across passes of --fix (each pass gets a fresh SourceCode)", () => {
    const root = tempDir();
    const pod =
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: t\n  labels:\n    tenant: acme\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: t\nspec:\n  containers:\n    - name: c\n      image: registry.example/acme/app:1.0\n      imagePullPolicy: IfNotPresent\n";
    const config: Linter.Config[] = [...plugin.configs.strict, { settings: { kube: { root, cacheLocation: false } } }];
    const linter = new LinterClass({ cwd: root });
    const fixed = linter.verifyAndFix(pod, config, path.join(root, "pod.yaml"));
    expect(fixed.fixed).toBe(true);
    expect(fixed.output).toContain("imagePullPolicy: Always");
    expect(fixed.messages.filter((m) => m.ruleId === "kube/require-image-pull-always")).toEqual([]);
  });

  it.each(["tenancy-capsule", "untrusted-labels", "certs-gitops", "yaml-edge-cases"])(
    "finds exactly what yml/yaml finds on the %s fixture repository",
    async (fixture) => {
      const cwd = makeRepo(fixture); // a copy with its own .git: the repository root the index reads
      const lint = async (language: string) => {
        const eslint = new ESLint({
          cwd,
          overrideConfigFile: true,
          overrideConfig: [
            ...plugin.configs.strict,
            { files: ["**/*.yaml", "**/*.yml", "**/Kustomization"], plugins: { yml }, language, settings: { kube: { cacheLocation: false } } },
          ],
        });
        const results = await eslint.lintFiles(["."]);
        return results.map((r) => ({ file: path.relative(cwd, r.filePath), messages: r.messages.map((m) => [m.ruleId, m.line, m.column, m.message]) }));
      };
      const [kube, plain] = [await lint("kube/yaml"), await lint("yml/yaml")];
      expect(kube.flatMap((r) => r.messages).length).toBeGreaterThan(0);
      expect(kube).toEqual(plain);
    },
  );
});
