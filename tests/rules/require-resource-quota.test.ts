import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-resource-quota.js";
import { resourceQuotaStub } from "../../core/tenancy/stubs.js";

const ns = (name: string, labels = "    team: a\n") => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${labels}`;
const quota = (namespace: string, hard: string, extra = "") =>
  `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\n  namespace: ${namespace}\nspec:\n${extra}  hard:\n${hard}`;
const STRICT = ["cpu", "memory", "pods", "services", "persistentvolumeclaims"];

const empty = repo();
const requests = repo({ "q.yaml": quota("team-a", "    requests.cpu: '4'\n    requests.memory: 8Gi\n") });
const plain = repo({ "q.yaml": quota("team-a", "    cpu: '4'\n    memory: 8Gi\n") });
const counts = repo({
  "q.yaml": quota("team-a", "    limits.cpu: '4'\n    limits.memory: 8Gi\n    count/pods: '50'\n    services: '5'\n    persistentvolumeclaims: '5'\n"),
});
const cpuOnly = repo({ "q.yaml": quota("team-a", "    requests.cpu: '4'\n") });
const scoped = repo({ "q.yaml": quota("team-a", "    requests.cpu: '4'\n    requests.memory: 8Gi\n", "  scopes: [BestEffort]\n") });
const split = repo({
  "cpu.yaml": quota("team-a", "    requests.cpu: '4'\n"),
  "mem.yaml": quota("team-a", "    requests.memory: 8Gi\n").replace("name: quota", "name: mem"),
});
const capsule = repo({
  "tenant.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  resourceQuotas:\n    scope: Tenant\n    items:\n      - hard: {limits.cpu: '8', limits.memory: 16Gi}\n",
});
const capsuleRules = repo({
  "tenant.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: wind\nspec:\n  rules:\n    - quota:\n        - name: compute\n          hard: {requests.cpu: '8', requests.memory: 16Gi}\n",
});
const globalQuota = repo({
  "grq.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: GlobalResourceQuota\nmetadata:\n  name: green\nspec:\n  namespaceSelectors:\n    - matchLabels: {capsule.clastix.io/tenant: green}\n  quota:\n    hard: {requests.cpu: '8', requests.memory: 16Gi}\n",
  "pool.yaml":
    "apiVersion: capsule.clastix.io/v1beta2\nkind: ResourcePool\nmetadata:\n  name: solar\nspec:\n  selectors:\n    - matchLabels: {capsule.clastix.io/tenant: solar}\n  quota:\n    hard: {limits.cpu: '2', limits.memory: 2Gi}\n",
});
const tenant = (name: string) => `apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: ${name}\nspec: {}\n`;

const data = (overrides: Record<string, string> = {}) => ({
  target: "Namespace 'team-a'",
  tenant: " of tenant 'a'",
  missing: "cpu, memory",
  found: "",
  ...overrides,
});
const suggestion = (code: string, resources: string[], namespace = "team-a") => [
  { messageId: "appendStub", data: { namespace }, output: code + resourceQuotaStub(namespace, resources) },
];

createRuleTester().run("require-resource-quota", rule, {
  valid: [
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n", ...inRepo(empty) },
    { code: ns("team-a"), ...inRepo(requests) },
    { code: ns("team-a"), ...inRepo(plain) },
    { code: ns("team-a"), ...inRepo(split) },
    { code: ns("team-a"), ...inRepo(counts), options: [{ tenants: "all", resources: STRICT }] },
    { code: ns("oil-dev", "    capsule.clastix.io/tenant: oil\n"), ...inRepo(capsule) },
    { code: ns("wind-dev", "    capsule.clastix.io/tenant: wind\n"), ...inRepo(capsuleRules) },
    // Capsule Tenants without namespaces in the repo, bounded tenant-wide
    {
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: wind\nspec:\n  rules:\n    - quota:\n        - name: compute\n          hard: {requests.cpu: '8', requests.memory: 16Gi}\n",
      ...inRepo(empty),
    },
    { code: tenant("green"), ...inRepo(globalQuota) },
    { code: tenant("solar"), ...inRepo(globalQuota) },
    { code: ns("team-a"), ...inRepo(cpuOnly), options: [{ resources: ["cpu"] }] },
    { code: ns("team-a"), ...inRepo(empty), options: [{ resources: [] }] },
  ],
  invalid: [
    {
      code: ns("team-a"),
      ...inRepo(empty),
      errors: [{ messageId: "missing", data: data(), line: 4, column: 9, suggestions: suggestion(ns("team-a"), ["cpu", "memory"]) }],
    },
    {
      code: ns("team-a"),
      ...inRepo(cpuOnly),
      errors: [
        {
          messageId: "missing",
          data: data({ missing: "memory", found: " Found: ResourceQuota 'quota' (q.yaml:1) lacks memory." }),
          suggestions: suggestion(ns("team-a"), ["memory"]),
        },
      ],
    },
    {
      // a scoped quota bounds only some pods
      code: ns("team-a"),
      ...inRepo(scoped),
      errors: [
        {
          messageId: "missing",
          data: data({ found: " Found: ResourceQuota 'quota' (q.yaml:1) is scoped, so it bounds only some pods." }),
          suggestions: suggestion(ns("team-a"), ["cpu", "memory"]),
        },
      ],
    },
    {
      // strict: object counts too
      code: ns("team-a"),
      ...inRepo(requests),
      options: [{ tenants: "all", resources: STRICT }],
      errors: [
        {
          messageId: "missing",
          data: data({
            missing: "pods, services, persistentvolumeclaims",
            found: " Found: ResourceQuota 'quota' (q.yaml:1) lacks pods, services, persistentvolumeclaims.",
          }),
          suggestions: suggestion(ns("team-a"), ["pods", "services", "persistentvolumeclaims"]),
        },
      ],
    },
    {
      // the ResourcePool selects tenant solar, not this one
      code: tenant("oil"),
      ...inRepo(globalQuota),
      errors: [
        {
          messageId: "missing",
          data: data({
            target: "Capsule Tenant 'oil' (its owners' namespaces)",
            tenant: "",
          }),
          line: 4,
          suggestions: [],
        },
      ],
    },
  ],
});
