import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-environment-namespaces.js";

const ns = (name: string, extra = "") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${extra}`;
const deploy = (namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${namespace}\nspec: {}\n`;
const ROOT_SCOPE = "this repository (one cluster)";
const SUBJECT = {
  namespace: (n: string) => `Namespace '${n}'`,
  kustomization: (n: string) => `Namespace '${n}' (set by this kustomization)`,
  application: (n: string) => `Namespace '${n}' (this Application's destination)`,
  reference: (n: string) => `Namespace '${n}' (used, not defined, here)`,
};
const mixed = (subject: string, environment: string, others: string, extra: { evidence?: string; scope?: string } = {}) => ({
  messageId: "mixed",
  data: { subject, environment, others, evidence: extra.evidence ?? "", scope: extra.scope ?? ROOT_SCOPE },
});
const alone = (subject: string, environment: string, scope = ROOT_SCOPE) => ({
  messageId: "alone",
  data: { subject, environment, evidence: "", scope },
});

const strict = [{ mode: "any" }];

createRuleTester().run("no-environment-namespaces", rule, {
  valid: [
    // one environment alone is fine in "mixed" mode
    { code: ns("app-dev"), ...inRepo(repo()) },
    { code: ns("app-prod") + "---\n" + ns("db-prd") + "---\n" + ns("web-canary") + "---\n" + ns("web-live"), ...inRepo(repo()) },
    // tricky words: whole segments only; `qa-tools` is a platform namespace (last segment `tools`)
    { code: ns("product") + "---\n" + ns("devops") + "---\n" + ns("prodigy") + "---\n" + ns("qa-tools"), ...inRepo(repo({ "p.yaml": ns("app-prod") })) },
    { code: ns("devices") + "---\n" + ns("dev-system") + "---\n" + ns("test-operator"), ...inRepo(repo({ "p.yaml": ns("app-prod") })) },
    // the same names in different cluster folders never count together
    { code: ns("app-dev"), ...inRepo(repo({ "clusters/prod/ns.yaml": ns("app-prod") }), "clusters/dev/ns.yaml") },
    { code: ns("app-dev"), ...inRepo(repo({ "environments/prod/ns.yaml": ns("app-prod") }), "environments/dev/ns.yaml") },
    // Kustomize overlays are applied one at a time, usually one per cluster
    {
      code: "resources:\n  - ../../base\nnamespace: app-dev\n",
      ...inRepo(repo({ "overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nnamespace: app-prod\n" }), "overlays/dev/kustomization.yaml"),
    },
    // settings.kube.clusterRoots names the cluster folders
    { code: ns("app-dev"), ...inRepo(repo({ "regions/prod/ns.yaml": ns("app-prod") }), "regions/dev/ns.yaml", { clusterRoots: ["regions/*"] }) },
    // the report lands on the primary site (the Namespace object), not on every workload that deploys there
    { code: deploy("app-dev"), ...inRepo(repo({ "ns.yaml": ns("app-dev") + "---\n" + ns("app-prod") }), "apps/web.yaml") },
    // allow-listed namespaces are neither reported nor counted
    { code: ns("app-dev"), options: [{ allow: ["app-*"] }], ...inRepo(repo({ "p.yaml": ns("app-prod") })) },
    { code: ns("app-dev"), options: [{ allow: ["legacy-prod"] }], ...inRepo(repo({ "p.yaml": ns("legacy-prod") })) },
    // test fixtures are not deployments
    { code: ns("app-dev"), ...inRepo(repo({ "tests/p.yaml": ns("app-prod") }), "tests/d.yaml") },
    { code: ns("app-dev"), options: strict, ...inRepo(repo(), "policy/.chainsaw-test/ns.yaml") },
    // system namespaces and namespaces without environment words
    { code: ns("kube-system") + "---\n" + ns("payments"), options: strict, ...inRepo(repo()) },
    // a label that names no known environment leaves the name to decide
    { code: ns("payments", "  labels:\n    env: blue\n    tier: prod\n"), options: strict, ...inRepo(repo()) },
    // non-Kubernetes YAML (Helm values, CI) is not evidence
    { code: "namespace: app-dev\nreplicas: 2\n", ...inRepo(repo({ "p.yaml": ns("app-prod") }), "values.yaml") },
    { code: "", ...inRepo(repo()) },
    // wrong shapes everywhere: no crash
    {
      code:
        "apiVersion: v1\nkind: Namespace\nmetadata: 3\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  labels: []\n" +
        "---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec: null\n---\n- 1\n- [2]\n",
      options: strict,
      ...inRepo(repo()),
    },
  ],
  invalid: [
    {
      // a single-cluster repo with app-dev and app-prod
      code: ns("app-dev") + "---\n" + ns("app-prod"),
      ...inRepo(repo(), "ns.yaml"),
      errors: [
        { ...mixed(SUBJECT.namespace("app-dev"), "dev", "prod ('app-prod' at ns.yaml:6)"), line: 4, column: 9 },
        { ...mixed(SUBJECT.namespace("app-prod"), "prod", "dev ('app-dev' at ns.yaml:1)"), line: 9, column: 9 },
      ],
    },
    {
      // the other environment lives in another file: named with its place
      code: ns("shop-production"),
      ...inRepo(repo({ "team/ns.yaml": ns("shop-stg") + "---\n" + ns("shop-dev") + "---\n" + ns("shop-develop") }), "prod/ns.yaml"),
      errors: [
        {
          ...mixed(SUBJECT.namespace("shop-production"), "prod", "dev ('shop-dev' at team/ns.yaml:6 and 1 more), staging ('shop-stg' at team/ns.yaml:1)"),
          line: 4,
        },
      ],
    },
    {
      // an environment label names the environment when the name does not
      code: ns("payments", "  labels:\n    env: production\n"),
      ...inRepo(repo({ "d.yaml": ns("payments-dev") })),
      errors: [{ ...mixed(SUBJECT.namespace("payments"), "prod", "dev ('payments-dev' at d.yaml:1)", { evidence: " (label env=production)" }), line: 4 }],
    },
    {
      code: ns("payments", "  labels:\n    app.kubernetes.io/environment: stg\n"),
      ...inRepo(repo({ "d.yaml": deploy("web-qa") })),
      errors: [
        {
          ...mixed(SUBJECT.namespace("payments"), "staging", "qa ('web-qa' at d.yaml:5)", {
            evidence: " (label app.kubernetes.io/environment=stg)",
          }),
        },
      ],
    },
    {
      // a kustomization's namespace is evidence; the report is on its value
      code: "resources:\n  - deploy.yaml\nnamespace: shop-prod\n",
      ...inRepo(repo({ "dev/deploy.yaml": deploy("shop-dev") }), "kustomization.yaml"),
      errors: [{ ...mixed(SUBJECT.kustomization("shop-prod"), "prod", "dev ('shop-dev' at dev/deploy.yaml:5)"), line: 3, column: 12 }],
    },
    {
      // a workload's metadata.namespace when the repo defines no Namespace object for it
      code: deploy("app-dev"),
      ...inRepo(repo({ "ns.yaml": ns("app-prod") }), "web.yaml"),
      errors: [{ ...mixed(SUBJECT.reference("app-dev"), "dev", "prod ('app-prod' at ns.yaml:1)"), line: 5, column: 14 }],
    },
    {
      // ...inside a List too
      code: "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c\n      namespace: app-uat\n",
      ...inRepo(repo({ "ns.yaml": ns("app-prod") }), "cm.yaml"),
      errors: [{ ...mixed(SUBJECT.reference("app-uat"), "uat", "prod ('app-prod' at ns.yaml:1)"), line: 8, column: 18 }],
    },
    {
      // Argo CD: the destination namespace counts in the destination cluster
      code:
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-dev\n  namespace: argocd\n" +
        "spec:\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: web-dev\n",
      ...inRepo(repo({ "apps/prod.yaml": ns("web-prod") }), "apps/dev.yaml"),
      errors: [{ ...mixed(SUBJECT.application("web-dev"), "dev", "prod ('web-prod' at apps/prod.yaml:1)"), line: 9, column: 16 }],
    },
    {
      // settings.kube.clusterRoots "." : the whole repository is one cluster, overlays included
      code: "namespace: app-dev\n",
      ...inRepo(repo({ "overlays/prod/kustomization.yaml": "namespace: app-prod\n" }), "overlays/dev/kustomization.yaml", { clusterRoots: ["."] }),
      errors: [
        {
          ...mixed(SUBJECT.kustomization("app-dev"), "dev", "prod ('app-prod' at overlays/prod/kustomization.yaml:1)", {
            scope: "this repository (one cluster, per clusterRoots)",
          }),
          line: 1,
        },
      ],
    },
    {
      // two environments inside one cluster folder
      code: ns("app-dev") + "---\n" + ns("app-test"),
      ...inRepo(repo(), "clusters/shared/ns.yaml"),
      errors: [
        { ...mixed(SUBJECT.namespace("app-dev"), "dev", "test ('app-test' at clusters/shared/ns.yaml:6)", { scope: "cluster folder 'clusters/shared/'" }) },
        { ...mixed(SUBJECT.namespace("app-test"), "test", "dev ('app-dev' at clusters/shared/ns.yaml:1)", { scope: "cluster folder 'clusters/shared/'" }) },
      ],
    },
    {
      // a long list is capped
      code: ns("a-dev"),
      ...inRepo(repo({ "o.yaml": ["a-qa", "a-uat", "a-stg", "a-perf", "a-demo", "a-prod"].map((n) => ns(n)).join("---\n") })),
      errors: [
        mixed(
          SUBJECT.namespace("a-dev"),
          "dev",
          "demo ('a-demo' at o.yaml:21), perf ('a-perf' at o.yaml:16), prod ('a-prod' at o.yaml:26), qa ('a-qa' at o.yaml:1), 2 more environments",
        ),
      ],
    },
    {
      // strict: any environment-named namespace, even alone
      code: ns("prod") + "---\n" + ns("product"),
      options: strict,
      ...inRepo(repo()),
      errors: [{ ...alone(SUBJECT.namespace("prod"), "prod"), line: 4 }],
    },
    {
      code: "namespace: shop-sandbox\n",
      options: strict,
      ...inRepo(repo({ "clusters/prod/ns.yaml": ns("shop-prod") }), "clusters/sandbox/kustomization.yaml"),
      errors: [alone(SUBJECT.kustomization("shop-sandbox"), "sandbox", "cluster folder 'clusters/sandbox/'")],
    },
    {
      // strict still names the other environments when there are some
      code: ns("app-dev"),
      options: strict,
      ...inRepo(repo({ "p.yaml": ns("app-prod") })),
      errors: [mixed(SUBJECT.namespace("app-dev"), "dev", "prod ('app-prod' at p.yaml:1)")],
    },
    {
      // options: no platform suffixes, no fixture folders
      code: ns("qa-tools"),
      options: [{ mode: "any", platformSuffixes: [], fixtureFolders: [] }],
      ...inRepo(repo(), "tests/ns.yaml"),
      errors: [alone(SUBJECT.namespace("qa-tools"), "qa")],
    },
    {
      // settings.kube.environmentWords: a word of the user's own
      code: ns("shop-acc") + "---\n" + ns("shop-prod"),
      ...inRepo(repo(), "linted.yaml", { environmentWords: ["acc", "prod"] }),
      errors: [
        mixed(SUBJECT.namespace("shop-acc"), "acc", "prod ('shop-prod' at linted.yaml:6)"),
        mixed(SUBJECT.namespace("shop-prod"), "prod", "acc ('shop-acc' at linted.yaml:1)"),
      ],
    },
  ],
});
