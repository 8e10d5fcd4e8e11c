/**
 * `npm run demo` end to end: it generates the certificates, lints examples/ through the real eslint CLI with the
 * user-style examples/eslint.config.mjs, exits 0, and examples/ holds exactly the mistakes its README lists.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintRepo, PROJECT_ROOT } from "../helpers/eslint-cli.js";

const EXAMPLES = path.join(PROJECT_ROOT, "examples");

describe("the demo", () => {
  it("runs, shows the findings and exits 0", () => {
    const demo = spawnSync(process.execPath, ["scripts/demo.mjs"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(demo.stderr).toBe("");
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/examples\/clusters\/shared\/generated\/ingress-tls\.yaml/);
    expect(demo.stdout).toMatch(/kube\/no-expiring-certificates/);
    expect(demo.stdout).toMatch(/problems \(\d+ errors, \d+ warnings\)/);
  });

  it("finds exactly the mistakes examples/README.md lists", () => {
    const { results } = lintRepo(EXAMPLES); // after the demo: the generated files exist
    const found = [...results].flatMap(([file, messages]) => messages.map((m) => `${file} ${m.ruleId}`)).sort();
    expect(found).toEqual([
      "clusters/shared/apps/analytics/rbac.yaml kube/no-tenant-cluster-rbac",
      "clusters/shared/apps/analytics/rbac.yaml kube/no-tenant-policy-tampering",
      "clusters/shared/apps/search/service.yaml kube/no-tenant-node-exposure",
      "clusters/shared/generated/ingress-tls.yaml kube/no-embedded-private-keys",
      "clusters/shared/generated/ingress-tls.yaml kube/no-expiring-certificates",
      "clusters/shared/namespaces/search.yaml kube/require-network-policy",
      "clusters/shared/namespaces/search.yaml kube/require-resource-quota",
      "clusters/shared/namespaces/shop.yaml kube/no-environment-namespaces",
      "clusters/shared/namespaces/shop.yaml kube/no-environment-namespaces",
      "kubeconfigs/generated/deploy-bot.yaml kube/no-embedded-private-keys",
    ]);
  });
});
