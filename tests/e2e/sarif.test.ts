/**
 * `kube-lint --format sarif` must be SARIF 2.1.0 that GitHub code scanning accepts: every output validated against
 * the official schema (tests/helpers/sarif-schema.ts), with our rule ids, their docs URLs as helpUri, a location per
 * finding that matches what ESLint itself reports, and parse errors and skipped files as results too.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { committedRepo, runKubeLint } from "../helpers/surfaces.js";
import { locationText, sarifValidator, type SarifLocation, type SarifLog } from "../helpers/sarif-schema.js";
import { docsUrl, REPOSITORY_URL } from "../../rules/support/rule.js";
import { rules } from "../../rules/index.js";
import { packageInfo } from "../../core/package-info.js";

const validate = sarifValidator();

function expectValidSarif(log: unknown): asserts log is SarifLog {
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});
function repo(fixtures: string[], extra: Record<string, string> = {}): string {
  const dir = committedRepo(fixtures, extra);
  temps.push(dir);
  return dir;
}

const at = (log: SarifLog, loc: SarifLocation | undefined, dir: string) => locationText(log, loc as SarifLocation, dir, fileURLToPath);

/** ESLint's JSON output as "rule path:line:column level" lines, rule-less messages named as our SARIF names them. */
function jsonFindings(dir: string, args: string[]): string[] {
  const json = JSON.parse(runKubeLint(dir, [...args, "--format", "json"]).stdout) as {
    filePath: string;
    messages: { ruleId: string | null; fatal?: boolean; severity: number; line: number; column: number }[];
  }[];
  return json
    .flatMap((r) =>
      r.messages.map((m) => {
        const id = m.ruleId ?? (m.fatal ? "kube-lint/parse-error" : "kube-lint/notice");
        const column = m.column >= 1 ? m.column : "-";
        return `${id} ${path.relative(dir, r.filePath)}:${m.line}:${column} ${m.severity === 2 ? "error" : "warning"}`;
      }),
    )
    .sort();
}

describe("kube-lint --format sarif", () => {
  it("the validator rejects what is not SARIF (so a pass below means something)", () => {
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
    expect(validate({ version: "2.0.0", runs: [] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: {}, level: "bad" }] }] })).toBe(false);
  });

  it("is valid SARIF 2.1.0 on a clean repository, with an empty result list and the tool described", () => {
    const dir = repo(["surfaces-tenants"]);
    const run = runKubeLint(dir, ["--format", "sarif"]);
    expect(run.status).toBe(0);
    const log = JSON.parse(run.stdout) as unknown;
    expectValidSarif(log);
    const [sarifRun] = log.runs;
    expect(sarifRun?.results).toEqual([]);
    expect(sarifRun?.artifacts).toHaveLength(5);
    expect(sarifRun?.tool.driver).toMatchObject({ name: "kube-lint", version: packageInfo().version, informationUri: REPOSITORY_URL });
    // Paths are relative to %SRCROOT%, the folder kube-lint ran in.
    expect(fileURLToPath(sarifRun?.originalUriBaseIds?.["%SRCROOT%"]?.uri ?? "")).toBe(`${dir}/`);
    for (const a of sarifRun?.artifacts ?? []) expect(a.location.uriBaseId).toBe("%SRCROOT%");
    for (const a of sarifRun?.artifacts ?? []) expect(fs.existsSync(path.join(dir, a.location.uri))).toBe(true);
  });

  it("carries every message ESLint reports, with rule ids, levels, helpUris and locations", () => {
    const dir = repo(["surfaces-tenants", "surfaces-findings"]);
    const run = runKubeLint(dir, ["--strict", "--format", "sarif", "--output-file", "kube-lint.sarif"]);
    expect(run.status).toBe(1);
    const log = JSON.parse(fs.readFileSync(path.join(dir, "kube-lint.sarif"), "utf8")) as unknown;
    expectValidSarif(log);
    const [sarifRun] = log.runs;
    if (!sarifRun) throw new Error("no run");

    // Same messages as the JSON format, located identically, at the same level.
    const actual = sarifRun.results.map((r) => `${r.ruleId} ${at(log, r.locations[0], dir)} ${r.level}`).sort();
    expect(actual).toEqual(jsonFindings(dir, ["--strict"]));
    expect(actual).toContain("kube/require-network-policy cluster/team-b.yaml:5:9 error");
    expect(actual).toContain("kube/require-namespace apps/orphan.yaml:5:9 error");
    // The file that is not YAML fails the gate, so it is an alert too, not a notification nobody sees.
    expect(actual).toContain("kube-lint/parse-error apps/broken.yaml:3:- error"); // ESLint gives no column

    // Each result points at its rule; each kube rule links to its docs page and says what it checks.
    for (const result of sarifRun.results) {
      expect(sarifRun.tool.driver.rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
      const region = result.locations[0]?.physicalLocation.region;
      expect(region?.endLine ?? region?.startLine).toBeGreaterThanOrEqual(region?.startLine ?? 1);
    }
    const ruleIds = sarifRun.tool.driver.rules.map((r) => r.id);
    expect(ruleIds.toSorted()).toEqual([...new Set(actual.map((a) => a.split(" ")[0]))].sort());
    const kubeRules = sarifRun.tool.driver.rules.filter((r) => r.id.startsWith("kube/"));
    expect(kubeRules.length).toBeGreaterThanOrEqual(2);
    for (const rule of kubeRules) {
      const id = rule.id.slice("kube/".length);
      expect(rule.helpUri).toBe(docsUrl(id));
      expect(rule.shortDescription?.text).toBe(rules[id]?.meta.docs.description);
    }
    const parseError = sarifRun.tool.driver.rules.find((r) => r.id === "kube-lint/parse-error");
    expect(parseError?.helpUri).toBe(`${REPOSITORY_URL}/blob/main/docs/robustness.md`);
  });

  it("reports a skipped file as a warning, and percent-encodes a path with a space", () => {
    const dir = repo(["surfaces-tenants"], { "apps/my values.yaml": "kind: ConfigMap\u0000\n" });
    const run = runKubeLint(dir, ["--format", "sarif"]);
    expect(run.status).toBe(0); // a warning does not fail the gate
    const log = JSON.parse(run.stdout) as unknown;
    expectValidSarif(log);
    const [result, ...rest] = log.runs[0]?.results ?? [];
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ ruleId: "kube-lint/notice", level: "warning" });
    expect(result?.message.text).toMatch(/^eslint-plugin-kube skipped this file: it holds binary data/);
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("apps/my%20values.yaml");
    expect(at(log, result?.locations[0], dir)).toBe("apps/my values.yaml:1:1");
  });
});
