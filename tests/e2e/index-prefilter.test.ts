/**
 * The index's pre-filter changes nothing but speed (issue 18): the tenancy fixtures give the same findings with it on
 * and off (`KUBE_LINT_INDEX_PREFILTER=off` parses every file), and a Namespace with its policies written as JSON or
 * in flow style (CRLF, BOM, `kind: List`, anchors and merge keys) is protected exactly like a block-style one.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findings, makeRepo, runEslint, writeConfig, type LintResult, type LintMessage } from "../helpers/eslint-cli.js";

const PROTECTION = ["require-network-policy", "require-limit-range", "require-resource-quota", "require-pod-security"];

function lint(dir: string, prefilter: "on" | "off"): Map<string, LintMessage[]> {
  const run = runEslint(dir, ["--format", "json", "."], { KUBE_LINT_INDEX_PREFILTER: prefilter });
  const results = new Map<string, LintMessage[]>();
  for (const r of JSON.parse(run.stdout) as LintResult[]) results.set(path.relative(dir, r.filePath), r.messages);
  return results;
}

describe("JSON and flow style tenants", () => {
  it("recommended: the unprotected namespace of each style is flagged, the protected ones are not", () => {
    const dir = makeRepo("tenancy-json-flow");
    writeConfig(dir, "recommended");
    const results = lint(dir, "on");
    for (const id of PROTECTION) {
      // block-b (line 5), json-b (line 8, JSON document), flow-b (line 10, flow document): one each, nothing else
      expect(findings(results, `kube/${id}`), id).toEqual(["namespaces/unprotected.yaml:10", "namespaces/unprotected.yaml:5", "namespaces/unprotected.yaml:8"]);
    }
  });

  it("strict: json-a and flow-a get exactly the findings block-a gets", () => {
    const dir = makeRepo("tenancy-json-flow");
    writeConfig(dir, "strict");
    const results = lint(dir, "on");
    const of = (ns: string) =>
      [...results.values()].flat().filter((m) => m.message.includes(`'${ns}'`)).map((m) => `${m.ruleId} ${m.message.replaceAll(ns, "NS").replace(/\S+\.yaml:\d+/g, "FILE")}`).sort();
    expect(of("block-a").length).toBeGreaterThan(0);
    expect(of("json-a")).toEqual(of("block-a"));
    expect(of("flow-a")).toEqual(of("block-a"));
    expect(of("json-b")).toEqual(of("block-b"));
    expect(of("flow-b")).toEqual(of("block-b"));
  });
});

describe("pre-filter on and off give the same findings", () => {
  const fixtures = [
    "tenancy-gitops", "tenancy-capsule", "tenancy-kiosk", "tenancy-json-flow",
    "untrusted-capsule", "untrusted-kiosk", "untrusted-labels", "workloads-capsule", "workloads-kiosk", "workloads-labels",
  ];
  it.each(fixtures)("%s (strict)", (fixture) => {
    const dir = makeRepo(fixture);
    writeConfig(dir, "strict", [{ settings: { kube: { cacheLocation: false } } }]);
    const on = lint(dir, "on");
    const off = lint(dir, "off");
    expect([...on.values()].flat().length).toBeGreaterThan(0);
    expect(Object.fromEntries(off)).toEqual(Object.fromEntries(on));
  });
});
