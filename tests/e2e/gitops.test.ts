/**
 * The GitOps delivery layer end to end (issues 17 and 20): fixture repositories modelled on public layouts (Flux's
 * multi-tenancy example, an Argo CD app of apps, hub-and-spoke Flux, Argo destinations on remote clusters) linted by
 * the real eslint binary with the shipped configs. Each case asserts the exact findings of the rules it is about.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findings, lintRepo, makeRepo, writeConfig, type LintMessage } from "../helpers/eslint-cli.js";

const FLUX = "kube/require-flux-impersonation";
const ARGO = "kube/no-open-argocd-project";
const ENV = "kube/no-environment-namespaces";

function lint(fixture: string, config: "recommended" | "strict", edit?: (dir: string) => void) {
  const dir = makeRepo(fixture);
  if (edit) edit(dir);
  writeConfig(dir, config);
  const { results } = lintRepo(dir);
  const all: LintMessage[] = [...results.values()].flat();
  for (const m of all) expect(m.fatal, m.message).toBeFalsy();
  const of = (rule: string) => all.filter((m) => m.ruleId === rule).map((m) => m.message);
  return { found: (rule: string) => findings(results, rule), of, all };
}

function rewrite(dir: string, rel: string, change: (text: string) => string): void {
  const file = path.join(dir, rel);
  const before = fs.readFileSync(file, "utf8");
  const after = change(before);
  expect(after, `${rel} was not changed`).not.toBe(before);
  fs.writeFileSync(file, after);
}

/** Drop the --default-service-account lockdown from both clusters of the Flux example. */
function withoutLockdown(dir: string): void {
  rewrite(dir, "clusters/production/flux-system/kustomization.yaml", (t) =>
    t.replace(/ {2}- patch: \|\n {6}- op: add\n {8}path: \/spec\/template\/spec\/containers\/0\/args\/-\n {8}value: --default-service-account=default\n[^]*?name: "\(kustomize-controller\|helm-controller\)"\n/, ""),
  );
  rewrite(dir, "clusters/staging/flux-system/lockdown.yaml", (t) => t.replace("            - --default-service-account=default\n", ""));
}

describe("require-flux-impersonation (e2e, Flux multi-tenancy layout)", () => {
  it("with the lockdown patches (JSON 6902 in production, strategic merge of args in staging): quiet in both configs", () => {
    for (const config of ["recommended", "strict"] as const) expect(lint("gitops-flux-tenancy", config).found(FLUX)).toEqual([]);
  });

  it("the lockdown alone covers a tenant object without serviceAccountName", () => {
    const edit = (dir: string) => rewrite(dir, "tenants/base/team-b/sync.yaml", (t) => t.replace('"serviceAccountName": "team-b", "interval": "5m"', '"interval": "5m"'));
    expect(lint("gitops-flux-tenancy", "recommended", edit).found(FLUX)).toEqual([]);
  });

  it("without the lockdown and with serviceAccountName removed from one tenant: exactly that object", () => {
    const edit = (dir: string) => {
      withoutLockdown(dir);
      rewrite(dir, "tenants/base/team-b/sync.yaml", (t) => t.replace('"serviceAccountName": "team-b", "interval": "5m"', '"interval": "5m"'));
    };
    for (const config of ["recommended", "strict"] as const) {
      const { found, of } = lint("gitops-flux-tenancy", config, edit);
      expect(found(FLUX)).toEqual(["tenants/base/team-b/sync.yaml:3"]);
      expect(of(FLUX)[0]).toBe(
        "Flux Kustomization 'team-b' delivers into tenant namespace 'team-b' as kustomize-controller itself (cluster-admin by default). Set spec.serviceAccountName to a tenant ServiceAccount.",
      );
    }
  });

  it("lockdown on one cluster only: the tenant object every cluster applies is reported", () => {
    const edit = (dir: string) => {
      rewrite(dir, "clusters/staging/flux-system/lockdown.yaml", (t) => t.replace("            - --default-service-account=default\n", ""));
      rewrite(dir, "tenants/base/team-a/sync.yaml", (t) => t.replace("  serviceAccountName: team-a\n", ""));
    };
    expect(lint("gitops-flux-tenancy", "recommended", edit).found(FLUX)).toEqual(["tenants/base/team-a/sync.yaml:15"]);
  });

  it("strict: a tenant's cross-namespace sourceRef and foreign targetNamespace, unless --no-cross-namespace-refs", () => {
    const edit = (dir: string) =>
      rewrite(dir, "tenants/base/team-a/sync.yaml", (t) =>
        t.replace("    name: team-a\n  prune: true\n", "    name: platform\n    namespace: flux-system\n  targetNamespace: team-b\n  prune: true\n"),
      );
    // The example runs with --no-cross-namespace-refs=true: only the foreign target is left.
    expect(lint("gitops-flux-tenancy", "strict", edit).found(FLUX)).toEqual(["tenants/base/team-a/sync.yaml:24"]);
    expect(lint("gitops-flux-tenancy", "recommended", edit).found(FLUX)).toEqual([]);
    const noRefsFlag = (dir: string) => {
      edit(dir);
      rewrite(dir, "clusters/production/flux-system/kustomization.yaml", (t) => t.replace("value: --no-cross-namespace-refs=true", "value: --log-level=info"));
      rewrite(dir, "clusters/staging/flux-system/lockdown.yaml", (t) => t.replace("            - --no-cross-namespace-refs=true\n", ""));
    };
    expect(lint("gitops-flux-tenancy", "strict", noRefsFlag).found(FLUX)).toEqual(["tenants/base/team-a/sync.yaml:23", "tenants/base/team-a/sync.yaml:24"]);
  });
});

describe("no-open-argocd-project (e2e, Argo CD app of apps)", () => {
  it("one AppProject per team and a platform project: quiet in both configs", () => {
    for (const config of ["recommended", "strict"] as const) expect(lint("gitops-argocd-app-of-apps", config).found(ARGO)).toEqual([]);
  });

  it("an open team project, a tenant Application in the default project, a malformed project", () => {
    const edit = (dir: string) => {
      rewrite(dir, "argocd/projects/team-b.yaml", (t) =>
        t
          .replace('  destinations:\n    - namespace: team-b\n', '  sourceNamespaces: ["*"]\n  destinations:\n    - namespace: "!kube-system"\n      server: "*"\n    - namespace: "*"\n')
          .replace("  namespaceResourceBlacklist:", '  clusterResourceWhitelist:\n    - group: "*"\n      kind: "*"\n  namespaceResourceBlacklist:'),
      );
      fs.writeFileSync(
        path.join(dir, "apps/team-a-extra.yaml"),
        '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "team-a-extra", "namespace": "argocd"},' +
          ' "spec": {"source": {"repoURL": "https://github.com/example/team-a", "path": "extra"},' +
          ' "destination": {"server": "https://kubernetes.default.svc", "namespace": "team-a-batch"}}}\n',
      );
      fs.writeFileSync(
        path.join(dir, "argocd/projects/broken.yaml"),
        'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: broken, namespace: argocd}\nspec: {destinations: "*", clusterResourceWhitelist: {group: "*"}}\n' +
          "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: uses-broken, namespace: argocd}\nspec: {project: broken, destination: {namespace: team-a}}\n",
      );
    };
    const { found, of } = lint("gitops-argocd-app-of-apps", "recommended", edit);
    expect(found(ARGO)).toEqual([
      "apps/team-a-extra.yaml:1",
      "argocd/projects/broken.yaml:3",
      "argocd/projects/team-b.yaml:13",
      "argocd/projects/team-b.yaml:18",
      "argocd/projects/team-b.yaml:9",
    ]);
    const messages = of(ARGO);
    expect(messages).toContainEqual(expect.stringContaining("AppProject 'broken' cannot be read (spec.destinations, spec.clusterResourceWhitelist"));
    expect(messages).toContainEqual(expect.stringContaining("allows namespace '*', reaching other namespaces ('team-a', 'team-a-batch') and system namespaces ('default', 'kube-public')"));
    expect(messages.filter((m) => m.length > 200)).toEqual([]);
    // team-b's project still blacklists NetworkPolicy, ResourceQuota and LimitRange: strict finds the same
    expect(lint("gitops-argocd-app-of-apps", "strict", edit).found(ARGO)).toEqual(found(ARGO));
  });
});

describe("issue 20: delivery targets on their destination cluster (e2e)", () => {
  it("Argo destinations on remote clusters and templated ApplicationSets are not this cluster's; an in-cluster split still is", () => {
    const { found, of } = lint("env-argocd-remote", "recommended");
    expect(found(ENV)).toEqual(["argocd/web-dev.yaml:13", "argocd/web-prod.yaml:13"]);
    expect(of(ENV).join("\n")).not.toMatch(/team-prod|team-dev|guestbook|shop-prod/);
  });

  it("hub-and-spoke Flux: hub namespaces staging/production deliver to separate clusters: quiet in recommended", () => {
    expect(lint("env-flux-hub-spoke", "recommended").found(ENV)).toEqual([]);
    const strict = lint("env-flux-hub-spoke", "strict");
    // strict names each alone, in its spoke's scope, never as two environments of the hub
    expect(strict.of(ENV).every((m) => m.includes("names the") && m.includes("Flux kubeConfig"))).toBe(true);
  });

  it("non-prod, nonprod, non-production name the non-production environment, not prod", () => {
    expect(lint("env-non-prod", "recommended").found(ENV)).toEqual([]);
    const { of } = lint("env-non-prod", "strict");
    expect(of(ENV).filter((m) => m.includes("nonprod environment"))).toHaveLength(3);
    expect(of(ENV).filter((m) => m.includes("the prod environment"))).toEqual([expect.stringContaining("'guestbook-prod'")]);
  });

  it("${…} placeholders are never namespaces, tenants or ServiceAccounts", () => {
    for (const config of ["recommended", "strict"] as const) {
      const { all } = lint("env-placeholders", config);
      expect(all.filter((m) => m.ruleId?.startsWith("kube/")).map((m) => m.message)).toEqual([]);
    }
  });
});
