import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-limit-range.js";
import { limitRangeStub } from "../../core/tenancy/stubs.js";

const ns = (name: string, labels = "    team: a\n") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
const limitRange = (namespace: string, item: string) =>
  `apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\n  namespace: ${namespace}\nspec:\n  limits:\n    - type: Container\n${item}`;
const full = "      default: {cpu: 500m, memory: 512Mi}\n      defaultRequest: {cpu: 100m, memory: 128Mi}\n";

const empty = repo();
const complete = repo({ "team-a/limits.yaml": limitRange("team-a", full) });
const maxOnly = repo({ "team-a/limits.yaml": limitRange("team-a", "      max: {cpu: '2', memory: 2Gi}\n") });
const cpuOnly = repo({ "team-a/limits.yaml": limitRange("team-a", "      default: {cpu: 500m}\n      defaultRequest: {cpu: 100m}\n") });
const podOnly = repo({
  "team-a/limits.yaml":
    "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: pods\n  namespace: team-a\nspec:\n  limits:\n    - type: Pod\n      max: {cpu: '4'}\n",
});
const elsewhere = repo({ "team-b/limits.yaml": limitRange("team-b", full) });
const kustomized = repo({
  "team-a/kustomization.yaml": "namespace: team-a\nresources: [limits.yaml]\n",
  "team-a/limits.yaml":
    "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\nspec:\n  limits:\n    - type: Container\n" + full,
});
const capsule = repo({
  "tenant.yaml":
    "apiVersion: capsule.clastix.io/v1beta1\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  limitRanges:\n    items:\n      - limits:\n          - type: Container\n            default: {cpu: 500m, memory: 512Mi}\n            defaultRequest: {cpu: 100m, memory: 128Mi}\n            max: {cpu: '2', memory: 2Gi}\n",
});
const capsuleV1alpha1 = repo({
  "tenant.yaml":
    "apiVersion: capsule.clastix.io/v1alpha1\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  limitRanges:\n    - limits:\n        - type: Container\n          default: {cpu: 500m, memory: 512Mi}\n",
});
const kioskInstance = repo({
  "template.yaml":
    "apiVersion: config.kiosk.sh/v1alpha1\nkind: Template\nmetadata:\n  name: limits\nresources:\n  manifests:\n    - apiVersion: v1\n      kind: LimitRange\n      metadata: {name: lr}\n      spec:\n        limits:\n          - type: Container\n            default: {cpu: '${{CPU}}', memory: 512Mi}\n",
  "team-a/instance.yaml":
    "apiVersion: config.kiosk.sh/v1alpha1\nkind: TemplateInstance\nmetadata:\n  name: limits\n  namespace: team-a\nspec:\n  template: limits\n",
});
const gtrNamespaced = repo({
  "gtr.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: GlobalTenantResource\nmetadata:\n  name: lr\nspec:\n  resources:\n    - namespaceSelector:\n        matchLabels: {env: test}\n      rawItems:\n        - apiVersion: v1\n          kind: LimitRange\n          metadata: {name: lr}\n          spec:\n            limits: [{type: Container, max: {cpu: '1', memory: 1Gi}}]\n",
  "tenant.yaml": "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec: {}\n",
});
const oilNs = (labels = "") => ns("oil-dev", `    capsule.clastix.io/tenant: oil\n${labels}`);

const data = (overrides: Record<string, string> = {}) => ({
  target: "Namespace 'team-a'",
  tenant: " of tenant 'a'",
  missing: "default cpu, default memory, defaultRequest cpu, defaultRequest memory",
  found: "",
  fields: "default, defaultRequest",
  resources: "cpu, memory",
  ...overrides,
});
const suggestion = (code: string, namespace = "team-a", fields: ("default" | "defaultRequest" | "max")[] = ["default", "defaultRequest"]) => [
  { messageId: "appendStub", data: { namespace }, output: code + limitRangeStub(namespace, fields, ["cpu", "memory"]) },
];

createRuleTester().run("require-limit-range", rule, {
  valid: [
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n", ...inRepo(empty) },
    { code: ns("team-a"), ...inRepo(complete) },
    // the API server defaults `default` from `max` and `defaultRequest` from `default`
    { code: ns("team-a"), ...inRepo(maxOnly) },
    { code: ns("team-a"), ...inRepo(maxOnly), options: [{ require: ["default", "defaultRequest", "max"] }] },
    { code: ns("team-a"), ...inRepo(kustomized) },
    { code: oilNs(), ...inRepo(capsule) },
    { code: oilNs(), ...inRepo(capsule), options: [{ tenants: "all", require: ["default", "defaultRequest", "max"] }] },
    { code: oilNs(), ...inRepo(capsuleV1alpha1) },
    { code: ns("team-a"), ...inRepo(kioskInstance) },
    // GlobalTenantResource whose namespaceSelector matches this namespace's labels
    { code: oilNs("    env: test\n"), ...inRepo(gtrNamespaced) },
    { code: ns("team-a"), ...inRepo(cpuOnly), options: [{ resources: ["cpu"] }] },
    { code: ns("team-a"), ...inRepo(empty), options: [{ ignore: ["team-a"] }] },
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {team: [a]}\n", ...inRepo(empty) },
    { code: "apiVersion: v1\nkind: Namespace\nspec: null\n", ...inRepo(empty), options: [{ tenants: "all" }] },
  ],
  invalid: [
    {
      code: ns("team-a"),
      ...inRepo(empty),
      errors: [{ messageId: "missing", data: data(), line: 4, column: 9, suggestions: suggestion(ns("team-a")) }],
    },
    {
      code: ns("team-a"),
      ...inRepo(elsewhere),
      errors: [{ messageId: "missing", data: data(), suggestions: suggestion(ns("team-a")) }],
    },
    {
      // memory forgotten
      code: ns("team-a"),
      ...inRepo(cpuOnly),
      errors: [
        {
          messageId: "missing",
          data: data({
            missing: "default memory, defaultRequest memory",
            found: " Found: LimitRange 'limits' (team-a/limits.yaml:1) lacks default memory, defaultRequest memory.",
          }),
          suggestions: suggestion(ns("team-a")),
        },
      ],
    },
    {
      code: ns("team-a"),
      ...inRepo(podOnly),
      errors: [
        {
          messageId: "missing",
          data: data({ found: " Found: LimitRange 'pods' (team-a/limits.yaml:1) has no `type: Container` item." }),
          suggestions: suggestion(ns("team-a")),
        },
      ],
    },
    {
      // strict: max required too
      code: ns("team-a"),
      ...inRepo(complete),
      options: [{ tenants: "all", require: ["default", "defaultRequest", "max"] }],
      errors: [
        {
          messageId: "missing",
          data: data({
            missing: "max cpu, max memory",
            found: " Found: LimitRange 'limits' (team-a/limits.yaml:1) lacks max cpu, max memory.",
            fields: "default, defaultRequest, max",
          }),
          suggestions: suggestion(ns("team-a"), "team-a", ["default", "defaultRequest", "max"]),
        },
      ],
    },
    {
      // a v1alpha1 Tenant (plain list) whose LimitRange gives defaults but no max
      code: oilNs(),
      ...inRepo(capsuleV1alpha1),
      options: [{ require: ["max"] }],
      errors: [
        {
          messageId: "missing",
          data: data({
            target: "Namespace 'oil-dev'",
            tenant: " of tenant 'oil'",
            missing: "max cpu, max memory",
            found: " Found: Capsule Tenant 'oil' spec.limitRanges (tenant.yaml:1) lacks max cpu, max memory.",
            fields: "max",
          }),
          suggestions: suggestion(oilNs(), "oil-dev", ["max"]),
        },
      ],
    },
    {
      // the GlobalTenantResource selects only `env: test` namespaces
      code: oilNs(),
      ...inRepo(gtrNamespaced),
      errors: [
        {
          messageId: "missing",
          data: data({ target: "Namespace 'oil-dev'", tenant: " of tenant 'oil'" }),
          suggestions: suggestion(oilNs(), "oil-dev"),
        },
      ],
    },
    {
      // strict: an unmarked namespace is a tenant of its own
      code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
      ...inRepo(empty),
      options: [{ tenants: "all" }],
      errors: [
        {
          messageId: "missing",
          data: data({ target: "Namespace 'shop'", tenant: "" }),
          suggestions: suggestion("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n", "shop"),
        },
      ],
    },
  ],
});
