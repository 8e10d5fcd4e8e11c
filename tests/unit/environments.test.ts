import { describe, expect, it } from "vitest";
import { normalizeSettings, DEFAULT_SETTINGS } from "../../core/settings.js";
import { ClusterScopes } from "../../core/tenancy/cluster-scopes.js";
import { DEFAULT_FIXTURE_FOLDERS, EnvironmentMap } from "../../core/tenancy/environment-map.js";
import { DEFAULT_PLATFORM_SUFFIXES, environmentOf, environmentOfName, splitSegments } from "../../core/tenancy/environments.js";
import { Workspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const vocabulary = {
  words: DEFAULT_SETTINGS.environmentWords,
  labels: DEFAULT_SETTINGS.environmentLabels,
  platformSuffixes: DEFAULT_PLATFORM_SUFFIXES,
};

describe("environmentOfName", () => {
  it.each([
    ["app-prod", "prod"],
    ["prod-app", "prod"],
    ["prod", "prod"],
    ["payments_production", "prod"],
    ["shop.prd", "prod"],
    ["web-live", "prod"],
    ["web-canary", "prod"],
    ["app-dev", "dev"],
    ["development", "dev"],
    ["app-dev2", "dev"],
    ["db-prod01", "prod"],
    ["App-Staging", "staging"],
    ["team-stg", "staging"],
    ["billing-qa", "qa"],
    ["e2e-test", "test"],
    ["app-int", "integration"],
    ["app-pre-prod", "preprod"],
    ["app-preprod", "preprod"],
    ["pre-prod-app", "preprod"],
    ["uat", "uat"],
  ])("%s -> %s", (name, env) => {
    expect(environmentOfName(name, vocabulary)).toBe(env);
  });

  it.each([
    "product",
    "devices",
    "devops",
    "prodigy",
    "productions",
    "qa-tools",
    "dev-tools",
    "test-operator",
    "prod-system",
    "payments",
    "internal",
    "",
    "---",
  ])("%j names no environment", (name) => {
    expect(environmentOfName(name, vocabulary)).toBeUndefined();
  });

  it("a platform suffix alone is a name, not a suffix", () => {
    expect(environmentOfName("tools", vocabulary)).toBeUndefined();
    expect(environmentOfName("tools-prod", vocabulary)).toBe("prod");
  });

  it("words a user adds map to themselves; words not listed are not recognised", () => {
    const custom = { ...vocabulary, words: ["acc", "prod"] };
    expect(environmentOfName("shop-acc", custom)).toBe("acc");
    expect(environmentOfName("shop-dev", custom)).toBeUndefined();
  });

  it("splits on -, _ and . and drops empty segments", () => {
    expect(splitSegments("A-b__c..d")).toEqual(["a", "b", "c", "d"]);
  });
});

describe("environmentOf", () => {
  it("an environment label wins over the name and says so", () => {
    expect(environmentOf("payments", { env: "production" }, vocabulary)).toEqual({
      name: "prod",
      evidence: "label env=production",
    });
    expect(environmentOf("app-dev", { "app.kubernetes.io/environment": "prod" }, vocabulary)?.name).toBe("prod");
  });

  it("falls back to the name when the label names nothing known", () => {
    expect(environmentOf("app-dev", { env: "blue" }, vocabulary)).toEqual({ name: "dev", evidence: "name" });
    expect(environmentOf("payments", { env: "blue" }, vocabulary)).toBeUndefined();
  });

  it("`tier` is not an environment label (it names app layers: frontend, backend)", () => {
    expect(environmentOf("payments", { tier: "prod" }, vocabulary)).toBeUndefined();
  });
});

const options = { platformSuffixes: DEFAULT_PLATFORM_SUFFIXES, fixtureFolders: DEFAULT_FIXTURE_FOLDERS };
const ns = (name: string, extra = "") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${extra}`;
const deploy = (namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${namespace}\nspec: {}\n`;

function mapOf(files: Record<string, string>, raw: Record<string, unknown> = {}) {
  const root = repo(files);
  const settings = normalizeSettings({ root, ...raw });
  const ws = new Workspace(root, settings);
  return { ws, map: new EnvironmentMap(ws, settings, options), scopes: new ClusterScopes(ws, settings.clusterRoots) };
}

function summary(map: EnvironmentMap): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, scope] of map.scopes) {
    out[id] = [...scope.namespaces.values()].map((n) => `${n.namespace}=${n.environment.name}`).sort();
  }
  return out;
}

describe("ClusterScopes", () => {
  it("conventional folders make scopes; a file directly in clusters/ does not", () => {
    const { ws, scopes } = mapOf({
      "clusters/prod/ns.yaml": ns("a"),
      "clusters/ns.yaml": ns("b"),
      "overlays/dev/kustomization.yaml": "namespace: x\n",
      "apps/web/environments/stg/deep/d.yaml": deploy("x"),
      "Envs/QA/a.yaml": deploy("x"),
    });
    const id = (rel: string) => scopes.of(`${ws.root}/${rel}`).map((s) => s.id);
    expect(id("clusters/prod/ns.yaml")).toEqual(["folder:clusters/prod"]);
    expect(id("clusters/ns.yaml")).toEqual(["."]);
    expect(id("overlays/dev/kustomization.yaml")).toEqual(["folder:overlays/dev"]);
    expect(id("apps/web/environments/stg/deep/d.yaml")).toEqual(["folder:apps/web/environments/stg"]);
    expect(id("Envs/QA/a.yaml")).toEqual(["folder:Envs/QA"]);
  });

  it("settings.kube.clusterRoots wins; `.` makes the repository one cluster", () => {
    const files = { "regions/eu/ns.yaml": ns("a"), "overlays/dev/d.yaml": deploy("x") };
    const named = mapOf(files, { clusterRoots: ["regions/*"] });
    expect(named.scopes.of(`${named.ws.root}/regions/eu/ns.yaml`)[0]?.id).toBe("folder:regions/eu");
    expect(named.scopes.of(`${named.ws.root}/overlays/dev/d.yaml`)[0]?.id).toBe("folder:overlays/dev");
    const one = mapOf(files, { clusterRoots: ["."] });
    expect(one.scopes.of(`${one.ws.root}/overlays/dev/d.yaml`)[0]?.id).toBe(".");
  });

  it("Argo CD Applications send their source path to their destination cluster", () => {
    const app = (name: string, p: string, dest: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\n` +
      `spec:\n  source:\n    path: ${p}\n  destination:\n    ${dest}\n    namespace: web\n`;
    const { ws, scopes } = mapOf({
      "argocd/dev.yaml": app("dev", "apps/dev", "name: dev-cluster"),
      "argocd/prod.yaml": app("prod", "./apps/prod/", "server: https://prod.example:6443"),
      "argocd/local.yaml": app("local", "apps/local", "server: https://kubernetes.default.svc"),
      "argocd/bad.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: 3\nspec:\n  source: []\n  sources: [1, null]\n",
      "apps/dev/d.yaml": deploy("web"),
    });
    const id = (rel: string) => scopes.of(`${ws.root}/${rel}`).map((s) => s.id);
    expect(id("apps/dev/d.yaml")).toEqual(["argocd:dev-cluster"]);
    expect(id("apps/prod/sub/d.yaml")).toEqual(["argocd:https://prod.example:6443"]);
    expect(id("apps/local/d.yaml")).toEqual(["."]);
  });

  it("Flux Kustomizations deploy into their own cluster; a folder two clusters deploy belongs to both", () => {
    const flux = (p: string, extra = "") =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\n` +
      `spec:\n  path: ${p}\n${extra}`;
    const { ws, scopes } = mapOf({
      "clusters/staging/apps.yaml": flux("./apps/staging"),
      "clusters/production/apps.yaml": flux("./apps/production"),
      "clusters/staging/infra.yaml": flux("./infrastructure"),
      "clusters/production/infra.yaml": flux("./infrastructure"),
      "clusters/production/remote.yaml": flux("./remote", "  kubeConfig:\n    secretRef:\n      name: edge\n"),
    });
    const id = (rel: string) => scopes.of(`${ws.root}/${rel}`).map((s) => s.id).sort();
    expect(id("apps/staging/ns.yaml")).toEqual(["folder:clusters/staging"]);
    expect(id("apps/production/ns.yaml")).toEqual(["folder:clusters/production"]);
    expect(id("infrastructure/ns.yaml")).toEqual(["folder:clusters/production", "folder:clusters/staging"]);
    expect(id("remote/ns.yaml")).toEqual(["flux-kubeconfig:flux-system/edge"]);
  });
});

describe("EnvironmentMap", () => {
  it("collects Namespaces, kustomization namespaces and workload namespaces per scope", () => {
    const { map } = mapOf({
      "ns.yaml": ns("app-dev") + "---\n" + ns("product") + "---\n" + ns("payments", "  labels:\n    env: production\n"),
      "k/kustomization.yaml": "namespace: shop-stg\nresources: []\n",
      "w/deploy.yaml": deploy("web-qa"),
      "clusters/prod/ns.yaml": ns("app-prod"),
      // system namespaces, fixtures and non-manifest YAML are not evidence
      "sys.yaml": ns("kube-system"),
      "tests/fixture.yaml": ns("app-uat"),
      "values-prod.yaml": "namespace: chart-prod\n",
    });
    expect(summary(map)).toEqual({
      ".": ["app-dev=dev", "payments=prod", "shop-stg=staging", "web-qa=qa"],
      "folder:clusters/prod": ["app-prod=prod"],
    });
  });

  it("the primary site is the strongest evidence, then path and line", () => {
    const { ws, map } = mapOf({
      "b/deploy.yaml": deploy("app-dev"),
      "a/deploy.yaml": deploy("app-dev"),
      "k/kustomization.yaml": "resources: []\nnamespace: app-prod\n",
      "z/ns.yaml": ns("app-prod"),
    });
    const site = (name: string) => {
      const found = map.scopes.get(".")?.namespaces.get(name)?.sites[0];
      return found && `${found.kind} ${ws.relative(found.filePath)}:${found.line}`;
    };
    expect(site("app-dev")).toBe("reference a/deploy.yaml:5");
    expect(site("app-prod")).toBe("namespace z/ns.yaml:1");
    expect(map.primaryIn(`${ws.root}/z/ns.yaml`).map((n) => n.namespace)).toEqual(["app-prod"]);
    expect(map.primaryIn(`${ws.root}/k/kustomization.yaml`)).toEqual([]);
  });

  it("survives wrong shapes everywhere", () => {
    const { map } = mapOf({
      "bad.yaml":
        "apiVersion: v1\nkind: Namespace\nmetadata: 3\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x-dev\n  labels: []\n" +
        "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec: null\n" +
        "---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: f}\nspec: {path: 3}\n",
      "kustomization.yaml": "namespace: [1]\nresources: 7\n",
    });
    expect(summary(map)).toEqual({ ".": ["x-dev=dev"] });
  });
});
