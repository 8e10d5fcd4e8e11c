/**
 * Cross-file findings under `eslint --cache` and `eslint --concurrency`.
 * - --cache re-lints only files whose text (or config) changed. A Namespace file is unchanged when the NetworkPolicy
 *   protecting it is deleted, so its cached (clean) result is replayed: the finding appears only on a run without
 *   the cache, or once the Namespace file itself changes. This is ESLint's model, not something a rule can undo;
 *   docs/tenancy.md tells CI and pre-commit to lint the whole repository without --cache.
 * - --concurrency N: each worker builds its own workspace index from disk, so findings equal a serial run's.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findings, lintRepo, makeRepo, writeConfig } from "../helpers/eslint-cli.js";

const RULES = ["require-network-policy", "require-limit-range", "require-resource-quota", "require-pod-security"];

function all(results: Parameters<typeof findings>[0]): string[] {
  return RULES.flatMap((id) => findings(results, `kube/${id}`).map((f) => `${id} ${f}`));
}

describe("eslint --cache", () => {
  it("does not re-flag a Namespace whose NetworkPolicy file was deleted, until the cache is bypassed or the file changes", () => {
    const dir = makeRepo("tenancy-gitops");
    writeConfig(dir, "recommended");
    const first = lintRepo(dir, ["--cache", "."]);
    expect(findings(first.results, "kube/require-network-policy")).toEqual(["namespaces/team-b.yaml:5"]);
    expect(fs.existsSync(path.join(dir, ".eslintcache"))).toBe(true);

    fs.rmSync(path.join(dir, "team-a/network-policy.yaml"));

    // Stale: team-a's Namespace file is unchanged, so ESLint replays its cached, clean result.
    const cached = lintRepo(dir, ["--cache", "."]);
    expect(findings(cached.results, "kube/require-network-policy")).toEqual(["namespaces/team-b.yaml:5"]);

    // Correct: without the cache every file is linted against a fresh index.
    const fresh = lintRepo(dir, ["."]);
    expect(findings(fresh.results, "kube/require-network-policy")).toEqual(["namespaces/team-a.yaml:5", "namespaces/team-b.yaml:5"]);

    // Also correct: once the Namespace file changes, --cache re-lints it.
    fs.appendFileSync(path.join(dir, "namespaces/team-a.yaml"), "# touched\n");
    const touched = lintRepo(dir, ["--cache", "."]);
    expect(findings(touched.results, "kube/require-network-policy")).toEqual(["namespaces/team-a.yaml:5", "namespaces/team-b.yaml:5"]);
  });
});

describe("eslint --concurrency", () => {
  for (const fixture of ["tenancy-gitops", "tenancy-capsule", "tenancy-kiosk"]) {
    for (const config of ["recommended", "strict"] as const) {
      it(`${fixture} (${config}): --concurrency 2 reports what a serial run reports`, () => {
        const dir = makeRepo(fixture);
        writeConfig(dir, config);
        const serial = all(lintRepo(dir, ["."]).results);
        const parallel = all(lintRepo(dir, ["--concurrency", "2", "."]).results);
        expect(serial.length).toBeGreaterThan(0);
        expect(parallel).toEqual(serial);
      });
    }
  }
});
