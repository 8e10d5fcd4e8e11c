/**
 * `kube-lint tenants` end to end: the built binary on throwaway copies of the tenancy fixture repositories (Capsule,
 * kiosk, plain labels with Kustomize, HNC, a tenant with nothing), in table, json and markdown. Its gaps must be
 * exactly the findings of the four protection rules that the real `eslint` binary reports with the same config.
 */
import { describe, expect, it } from "vitest";
import { findings, lintRepo, makeRepo, writeConfig } from "../helpers/eslint-cli.js";
import { runKubeLint } from "../helpers/surfaces.js";

interface Cell {
  status: "ok" | "gap" | "extra";
  summary: string;
  providers: string[];
}
interface Report {
  config: string;
  gaps: number;
  tenants: {
    tenant: string;
    evidence: string;
    clusterBindings: string[];
    namespaces: { namespace?: string; target: string; file: string; line: number; walls: Record<string, Cell> }[];
  }[];
}

const RULE_OF: Record<string, string> = {
  ingress: "require-network-policy",
  egress: "require-network-policy",
  limits: "require-limit-range",
  quota: "require-resource-quota",
  podSecurity: "require-pod-security",
};
const RULES = [...new Set(Object.values(RULE_OF))];

const HNC_AND_BARE = {
  "namespaces.yaml": [
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    team: a\n    pod-security.kubernetes.io/enforce: restricted\n",
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bare\n  labels:\n    team: bare\n",
  ].join("---\n"),
  "team-a/anchor.yaml": "apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata:\n  name: team-a-ci\n  namespace: team-a\n",
  "team-a/walls.yaml": [
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: team-a\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
    "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\n  namespace: team-a\nspec:\n  hard: {requests.cpu: '4', requests.memory: 8Gi, pods: '20', services: '5', persistentvolumeclaims: '5'}\n",
  ].join("---\n"),
};

function report(dir: string, args: string[] = []): Report {
  const run = runKubeLint(dir, ["tenants", "--format", "json", ...args]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

/** "rule file" for each gap, once per namespace and rule: how the rules report them. */
function reportGaps(r: Report): string[] {
  const out: string[] = [];
  for (const t of r.tenants) {
    for (const ns of t.namespaces) {
      const rules = new Set(Object.entries(ns.walls).filter(([, c]) => c.status === "gap").map(([w]) => RULE_OF[w]));
      for (const rule of rules) out.push(`${rule} ${ns.file}`);
    }
  }
  return out.sort();
}

function ruleFindings(dir: string, config: "recommended" | "strict"): string[] {
  writeConfig(dir, config);
  const { results } = lintRepo(dir);
  return RULES.flatMap((rule) => findings(results, `kube/${rule}`).map((at) => `${rule} ${at.replace(/:\d+$/, "")}`)).sort();
}

const REPOS: [string, string | Record<string, string>][] = [
  ["tenancy-capsule", "tenancy-capsule"],
  ["tenancy-kiosk", "tenancy-kiosk"],
  ["tenancy-gitops", "tenancy-gitops"],
  ["untrusted-labels", "untrusted-labels"],
  ["hnc-and-bare", HNC_AND_BARE],
];

describe("kube-lint tenants", () => {
  describe.each(REPOS)("%s", (_name, source) => {
    it.each(["recommended", "strict"] as const)("%s: the report's gaps are exactly the protection rules' findings", (config) => {
      const dir = makeRepo(source);
      const r = report(dir, config === "strict" ? ["--strict"] : []);
      expect(r.config).toBe(config);
      const gaps = reportGaps(r);
      expect(r.tenants.length).toBeGreaterThan(0);
      expect(gaps).toEqual(ruleFindings(dir, config));
    });
  });

  it("names what provides each wall, and what a tenant with nothing lacks (HNC subnamespace included)", () => {
    const r = report(makeRepo(HNC_AND_BARE));
    const a = r.tenants.find((t) => t.tenant === "a");
    const teamA = a?.namespaces.find((n) => n.namespace === "team-a");
    expect(teamA?.walls.ingress).toEqual({ status: "ok", summary: "default deny ingress", providers: ["NetworkPolicy 'deny' (team-a/walls.yaml:1)"] });
    expect(teamA?.walls.quota?.status).toBe("ok");
    expect(teamA?.walls.podSecurity).toMatchObject({ status: "ok", summary: "restricted" });
    expect(teamA?.walls.limits).toMatchObject({ status: "gap", summary: expect.stringContaining("no default cpu") });
    // The subnamespace belongs to tenant a by HNC; HNC propagates only RBAC by default, so it has walls of its own to add.
    const ci = a?.namespaces.find((n) => n.namespace === "team-a-ci");
    expect(ci?.target).toBe("HNC subnamespace 'team-a-ci'");
    expect(ci?.walls.ingress?.status).toBe("gap");
    const bare = r.tenants.find((t) => t.tenant === "bare");
    expect(bare?.evidence).toBe("label team=bare");
    expect(Object.values(bare?.namespaces[0]?.walls ?? {}).map((c) => c.status)).toEqual(["gap", "extra", "gap", "gap", "gap"]);
  });

  it("shows Capsule's walls with the Tenant that provides them", () => {
    const r = report(makeRepo("tenancy-capsule"));
    const providers = r.tenants.flatMap((t) => t.namespaces.flatMap((n) => Object.values(n.walls).flatMap((c) => c.providers)));
    expect(providers.some((p) => /^Capsule Tenant '\w+' spec\.networkPolicies \(tenants\/\w+\.yaml:\d+\)$/.test(p))).toBe(true);
  });

  it("prints a table (no colour without a terminal), and markdown for pull requests", () => {
    const dir = makeRepo(HNC_AND_BARE);
    const table = runKubeLint(dir, ["tenants"]);
    expect(table.status).toBe(0);
    expect(table.stdout).not.toContain("\u001b[");
    expect(table.stdout).toContain("tenant bare  (label team=bare)");
    expect(table.stdout).toMatch(/ingress +ok +default deny ingress +NetworkPolicy 'deny' \(team-a\/walls\.yaml:1\)/);
    expect(table.stdout).toMatch(/3 namespace\(s\), \d+ gap\(s\) in the recommended view/);
    const md = runKubeLint(dir, ["tenants", "--format", "markdown", "--strict"], { NO_COLOR: "1" });
    expect(md.status).toBe(0);
    expect(md.stdout).toContain("## Tenants (strict)");
    expect(md.stdout).toContain("| namespace | ingress | egress | limits | quota | pod security |");
    expect(md.stdout).toContain("❌ no enforce label");
  });

  it("a usage mistake exits 2 with a message", () => {
    const run = runKubeLint(makeRepo(HNC_AND_BARE), ["tenants", "--format", "xml"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--format must be table, json or markdown");
  });
});
