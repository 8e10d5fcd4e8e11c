/**
 * YAML edge cases from real repositories (issue 20): tabs inside block scalars, upper-case extensions, UTF-16 files.
 * The fixture tests/fixtures/yaml-edge-cases linted end to end with the real eslint binary and both configs.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findings, lintRepo, makeRepo, writeConfig, type LintMessage } from "../helpers/eslint-cli.js";
import { runKubeLint } from "../helpers/surfaces.js";

const FIXTURE = "yaml-edge-cases";
const POLICY = "tenants/team-a/networkpolicy.yaml";
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(config: "recommended" | "strict"): string {
  const dir = makeRepo(FIXTURE);
  temps.push(dir);
  writeConfig(dir, config);
  return dir;
}

/** The file's text re-encoded as UTF-16 with a byte-order mark, as Windows tools write it. */
function writeUtf16(file: string, endian: "le" | "be"): void {
  const le = Buffer.from(`\uFEFF${fs.readFileSync(file, "utf8")}`, "utf16le");
  fs.writeFileSync(file, endian === "le" ? le : le.swap16());
}

const rulesOf = (messages: LintMessage[] | undefined) => (messages ?? []).map((m) => m.ruleId ?? `(${m.message.slice(0, 40)})`);

describe.each(["recommended", "strict"] as const)("YAML edge cases with %s (e2e)", (config) => {
  it("a tab inside block scalar content is not reported; .YAML and .YML files are linted", () => {
    const dir = repo(config);
    const { results, stderr } = lintRepo(dir);
    expect(stderr).toBe("");
    // Every YAML file was linted, whatever the case of its extension, and none failed to parse.
    expect([...results.keys()].filter((f) => f !== "eslint.config.mjs").sort()).toEqual([
      "apps/web/scripts.yaml",
      "apps/web/service.YML",
      "cluster/namespaces.yaml",
      "tenants/team-a/limits.YAML",
      POLICY,
    ]);
    for (const messages of results.values()) for (const m of messages) expect(m.fatal).toBeFalsy();
    expect(rulesOf(results.get("apps/web/scripts.yaml"))).toEqual([]);
    // The NodePort in a tenant namespace is found in the .YML file; the tenant is protected by limits.YAML.
    expect(findings(results, "kube/no-tenant-node-exposure")).toEqual(["apps/web/service.YML:8"]);
    expect(rulesOf(results.get("cluster/namespaces.yaml"))).toEqual([]);
  });

  it.each(["le", "be"] as const)("a UTF-16 (%s) NetworkPolicy still protects its namespace; the file is skipped with a UTF-16 warning", (endian) => {
    const dir = repo(config);
    writeUtf16(path.join(dir, POLICY), endian);
    const { results } = lintRepo(dir);
    expect(findings(results, "kube/require-network-policy")).toEqual([]);
    const [warning, ...rest] = results.get(POLICY) ?? [];
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ ruleId: null, severity: 1, line: 1 });
    expect(warning?.message).toBe(
      "eslint-plugin-kube skipped this UTF-16 file (ESLint reads files as UTF-8), so nothing in it was checked. " +
        "Re-save it as UTF-8: iconv -f UTF-16 -t UTF-8.",
    );
  });

  it("control: binary data in its place protects nothing and is reported as binary", () => {
    const dir = repo(config);
    fs.writeFileSync(path.join(dir, POLICY), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01, 0x02]));
    const { results } = lintRepo(dir);
    expect(findings(results, "kube/require-network-policy")).toEqual(["cluster/namespaces.yaml:5"]);
    expect(results.get(POLICY)?.[0]?.message).toMatch(/^eslint-plugin-kube skipped this file: it holds binary data/);
  });
});

describe("kube-lint finds the upper-case extensions too", () => {
  it("lints .YML and .YAML with its built-in config and default targets", () => {
    const dir = makeRepo(FIXTURE);
    temps.push(dir);
    const run = runKubeLint(dir, ["--format", "json"]);
    expect(run.status).toBe(1);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath)).sort();
    expect(files).toContain("apps/web/service.YML");
    expect(files).toContain("tenants/team-a/limits.YAML");
  });
});
