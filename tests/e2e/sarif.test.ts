/**
 * `kube-lint --format sarif` (via @microsoft/eslint-formatter-sarif) must be SARIF 2.1.0 that GitHub code scanning
 * accepts: validated against the official schema (shipped in @microsoft/jest-sarif), with our rule ids, their docs
 * URLs as helpUri, and a location per finding that matches what ESLint itself reports.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { committedRepo, runKubeLint } from "../helpers/surfaces.js";
import { docsUrl } from "../../rules/support/rule.js";
import { rules } from "../../rules/index.js";

const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; index?: number }; region?: { startLine?: number; startColumn?: number } };
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string } }[] } };
    artifacts?: { location: { uri: string } }[];
    results: { ruleId?: string; ruleIndex?: number; level: string; message: { text: string }; locations: SarifLocation[] }[];
    invocations?: { toolConfigurationNotifications?: { descriptor: { id: string }; locations: SarifLocation[] }[] }[];
  }[];
}

/**
 * The schema is draft-04 (`id`); Ajv 8 speaks draft-07, which reads it the same once `id` is `$id`. Its `language`
 * pattern has a stray `]` that only a non-Unicode RegExp accepts, as JSON Schema's ECMA-262 patterns intend.
 */
function sarifValidator() {
  const { $schema: _draft, id, ...schema } = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///") && !/\s/.test(s));
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile({ ...schema, $id: id as string });
}
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
function repo(fixtures: string[]): string {
  const dir = committedRepo(fixtures);
  temps.push(dir);
  return dir;
}

const at = (loc: SarifLocation, cwd: string) =>
  `${path.relative(cwd, fileURLToPath(loc.physicalLocation.artifactLocation.uri))}:${loc.physicalLocation.region?.startLine}:${loc.physicalLocation.region?.startColumn ?? "-"}`;

describe("kube-lint --format sarif", () => {
  it("the validator rejects what is not SARIF (so a pass below means something)", () => {
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
    expect(validate({ version: "2.0.0", runs: [] })).toBe(false);
  });

  it("is valid SARIF 2.1.0 on a clean repository, with an empty result list", () => {
    const dir = repo(["surfaces-tenants"]);
    const run = runKubeLint(dir, ["--format", "sarif"]);
    expect(run.status).toBe(0);
    const log = JSON.parse(run.stdout) as unknown;
    expectValidSarif(log);
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.artifacts).toHaveLength(5);
  });

  it("carries every finding ESLint reports, with rule ids, helpUris and locations", () => {
    const dir = repo(["surfaces-tenants", "surfaces-findings"]);
    const run = runKubeLint(dir, ["--strict", "--format", "sarif", "--output-file", "kube-lint.sarif"]);
    expect(run.status).toBe(1);
    const log = JSON.parse(fs.readFileSync(path.join(dir, "kube-lint.sarif"), "utf8")) as unknown;
    expectValidSarif(log);
    const [sarifRun] = log.runs;
    if (!sarifRun) throw new Error("no run");

    // Same findings as the JSON format, located identically.
    const json = JSON.parse(runKubeLint(dir, ["--strict", "--format", "json"]).stdout) as {
      filePath: string;
      messages: { ruleId: string | null; line: number; column: number }[];
    }[];
    const expected = json
      .flatMap((r) => r.messages.filter((m) => m.ruleId).map((m) => `${m.ruleId} ${path.relative(dir, r.filePath)}:${m.line}:${m.column}`))
      .sort();
    const actual = sarifRun.results.map((r) => `${r.ruleId} ${at(r.locations[0] as SarifLocation, dir)}`).sort();
    expect(actual).toEqual(expected);
    expect(actual).toContain("kube/require-network-policy cluster/team-b.yaml:5:9");
    expect(actual).toContain("kube/require-namespace apps/orphan.yaml:5:9");

    // Each result points at its rule; each kube rule links to its docs page and says what it checks.
    for (const result of sarifRun.results) {
      expect(result.level).toBe("error");
      expect(sarifRun.tool.driver.rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
    }
    const kubeRules = sarifRun.tool.driver.rules.filter((r) => r.id.startsWith("kube/"));
    expect(kubeRules.map((r) => r.id).sort()).toEqual([...new Set(actual.map((a) => a.split(" ")[0]))].filter((id) => id?.startsWith("kube/")).sort());
    for (const rule of kubeRules) {
      const id = rule.id.slice("kube/".length);
      expect(rule.helpUri).toBe(docsUrl(id));
      expect(rule.shortDescription?.text).toBe(rules[id]?.meta.docs.description);
    }

    // Artifacts are the linted files, as file URIs GitHub maps back onto the checkout.
    for (const artifact of sarifRun.artifacts ?? []) expect(fs.existsSync(fileURLToPath(artifact.location.uri))).toBe(true);
    expect(sarifRun.artifacts?.map((a) => a.location.uri)).toContain(pathToFileURL(path.join(dir, "cluster/team-b.yaml")).href);

    // A file that is not YAML is a tool notification (ESLint has no rule id for it), located by line (column 0 = none).
    const notes = sarifRun.invocations?.[0]?.toolConfigurationNotifications ?? [];
    expect(notes.map((n) => `${n.descriptor.id} ${at(n.locations[0] as SarifLocation, dir)}`)).toEqual(["ESL0999 apps/broken.yaml:3:-"]);
  });
});
