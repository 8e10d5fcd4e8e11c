/**
 * kube/no-environment-namespaces end to end: fixture repositories under tests/fixtures/env-* linted by the real eslint
 * binary with the shipped configs. Each case asserts the exact set of findings of this rule.
 */
import { describe, expect, it } from "vitest";
import { findings, lintRepo, makeRepo, writeConfig, type LintMessage } from "../helpers/eslint-cli.js";

const RULE = "kube/no-environment-namespaces";

function lint(fixture: string, config: "recommended" | "strict", extra: object[] = []) {
  const dir = makeRepo(fixture);
  writeConfig(dir, config, extra);
  const { results } = lintRepo(dir);
  const messages: LintMessage[] = [...results.values()].flat().filter((m) => m.ruleId === RULE);
  return { found: findings(results, RULE), messages };
}

describe("no-environment-namespaces (e2e)", () => {
  it("a single-cluster repo with app-dev and app-prod: each environment namespace reported once", () => {
    const { found, messages } = lint("env-single-cluster", "recommended");
    // Namespaces on their name; app-staging (no Namespace object) on its workload's metadata.namespace.
    expect(found).toEqual(["apps/worker-staging.yaml:5", "namespaces.yaml:4", "namespaces.yaml:9"]);
    expect(messages.every((m) => m.severity === 1)).toBe(true);
    const prod = messages.find((m) => m.message.startsWith("Namespace 'app-prod'"));
    expect(prod?.message).toContain("also holds dev ('app-dev' at namespaces.yaml:1), staging ('app-staging' at apps/worker-staging.yaml:5)");
    expect(prod?.message).toContain("Give each environment its own cluster");
  });

  it("strict reports the same repo as errors", () => {
    const { found, messages } = lint("env-single-cluster", "strict");
    expect(found).toEqual(["apps/worker-staging.yaml:5", "namespaces.yaml:4", "namespaces.yaml:9"]);
    expect(messages.every((m) => m.severity === 2)).toBe(true);
  });

  it("the same names under clusters/dev/ and clusters/prod/ (Flux paths included): clean in recommended", () => {
    expect(lint("env-cluster-folders", "recommended").found).toEqual([]);
  });

  it("strict still reports each environment-named namespace, alone in its cluster", () => {
    const { found, messages } = lint("env-cluster-folders", "strict");
    expect(found).toEqual([
      "apps/dev/web.yaml:5",
      "apps/prod/web.yaml:5",
      "clusters/dev/namespaces.yaml:4",
      "clusters/prod/namespaces.yaml:4",
    ]);
    expect(messages.find((m) => m.message.startsWith("Namespace 'web-prod'"))?.message).toContain(
      "names the prod environment in cluster folder 'clusters/prod/'",
    );
  });

  it("Kustomize overlays/dev and overlays/prod are separate scopes: clean in recommended", () => {
    expect(lint("env-overlays", "recommended").found).toEqual([]);
  });

  it("overlays: strict reports each overlay's namespace on the kustomization", () => {
    expect(lint("env-overlays", "strict").found).toEqual([
      "overlays/dev/kustomization.yaml:3",
      "overlays/prod/kustomization.yaml:3",
    ]);
  });

  it("overlays: clusterRoots ['.'] says the repo is one cluster, so they count together", () => {
    const { found } = lint("env-overlays", "recommended", [{ settings: { kube: { clusterRoots: ["."] } } }]);
    expect(found).toEqual(["overlays/dev/kustomization.yaml:3", "overlays/prod/kustomization.yaml:3"]);
  });

  it("environment labels name the environment; `tier` does not", () => {
    const { found, messages } = lint("env-labels", "recommended");
    expect(found).toEqual(["namespaces.yaml:11", "namespaces.yaml:4"]);
    expect(messages.map((m) => m.message)).toContainEqual(expect.stringContaining("(label environment=production)"));
  });

  it("tricky words (product, devops, prodigy, qa-tools, devices) are not environments", () => {
    expect(lint("env-tricky-words", "recommended").found).toEqual([]);
    expect(lint("env-tricky-words", "strict").found).toEqual(["namespaces.yaml:29"]);
  });

  it("Argo CD Applications to one cluster per environment: clean; strict reports on the destinations", () => {
    expect(lint("env-argocd", "recommended").found).toEqual([]);
    expect(lint("env-argocd", "strict").found).toEqual(["argocd/web-dev.yaml:13", "argocd/web-prod.yaml:13"]);
  });
});
