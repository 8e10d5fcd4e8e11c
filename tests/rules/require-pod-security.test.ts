import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-pod-security.js";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    team: a\n${labels}`;

const empty = repo();
const capsuleForced = repo({
  "tenant.yaml": `apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec:\n  namespaceOptions:\n    additionalMetadata:\n      labels:\n        ${ENFORCE}: baseline\n`,
});
const solarTenant = `apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  rules:\n    - enforce:\n        metadata:\n          - kinds: [Namespace]\n            labels:\n              ${ENFORCE}:\n                managed: restricted\n`;
const kiosk = repo({
  "account.yaml": `apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: johns\nspec:\n  space:\n    spaceTemplate:\n      metadata:\n        labels:\n          ${ENFORCE}: restricted\n`,
});
const oil = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: oil-dev\n  labels:\n    capsule.clastix.io/tenant: oil\n`;

const data = (overrides: Record<string, string> = {}) => ({
  target: "Namespace 'team-a'",
  tenant: " of tenant 'a'",
  level: "baseline",
  value: "",
  from: "",
  ...overrides,
});
const setLabel = (output: string, level = "baseline") => [{ messageId: "setLabel", data: { level }, output }];

createRuleTester().run("require-pod-security", rule, {
  valid: [
    { code: ns(`    ${ENFORCE}: baseline\n`), ...inRepo(empty) },
    { code: ns(`    ${ENFORCE}: restricted\n`), ...inRepo(empty), options: [{ level: "restricted" }] },
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n", ...inRepo(empty) },
    { code: oil, ...inRepo(capsuleForced) },
    // a Tenant without namespaces in the repo whose rules manage the label
    { code: solarTenant, ...inRepo(empty), options: [{ level: "restricted" }] },
    { code: oil.replace(/oil/g, "solar"), ...inRepo(repo({ "tenant.yaml": solarTenant })), options: [{ level: "restricted" }] },
    { code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec: {}\n", ...inRepo(empty), options: [{ ignore: ["solar"] }] },
    {
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: johns-space\nspec:\n  account: johns\n",
      ...inRepo(kiosk),
      options: [{ level: "restricted" }],
    },
    {
      code: `apiVersion: hnc.x-k8s.io/v1alpha2\nkind: SubnamespaceAnchor\nmetadata:\n  name: team-a-ci\n  namespace: team-a\nspec:\n  labels:\n    - key: ${ENFORCE}\n      value: baseline\n`,
      ...inRepo(repo({ "team-a.yaml": ns(`    ${ENFORCE}: baseline\n`) })),
    },
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: 3\n", ...inRepo(empty) },
  ],
  invalid: [
    {
      // no label: the suggestion adds it to the block labels
      code: ns(""),
      ...inRepo(empty),
      errors: [
        {
          messageId: "missing",
          data: data(),
          line: 4,
          column: 9,
          suggestions: setLabel(ns(`    ${ENFORCE}: baseline`) + "\n"),
        },
      ],
    },
    {
      // no labels at all (strict): the suggestion creates `labels:`
      code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations: {a: b}\n",
      ...inRepo(empty),
      options: [{ tenants: "all", level: "restricted" }],
      errors: [
        {
          messageId: "missing",
          data: data({ target: "Namespace 'shop'", tenant: "", level: "restricted" }),
          suggestions: setLabel(
            `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations: {a: b}\n  labels:\n    ${ENFORCE}: restricted\n`,
            "restricted",
          ),
        },
      ],
    },
    {
      // flow-style labels
      code: "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {team: a}}\n",
      ...inRepo(empty),
      errors: [
        {
          messageId: "missing",
          data: data(),
          line: 3,
          suggestions: setLabel(`apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {team: a, ${ENFORCE}: baseline}}\n`),
        },
      ],
    },
    {
      // too weak: reported on the label's value, which the suggestion replaces
      code: ns(`    ${ENFORCE}: privileged\n`),
      ...inRepo(empty),
      errors: [
        {
          messageId: "weak",
          data: data({ value: "privileged" }),
          line: 7,
          column: 41,
          suggestions: setLabel(ns(`    ${ENFORCE}: baseline\n`)),
        },
      ],
    },
    {
      code: ns(`    ${ENFORCE}: baseline\n`),
      ...inRepo(empty),
      options: [{ tenants: "all", level: "restricted" }],
      errors: [{ messageId: "weak", data: data({ value: "baseline", level: "restricted" }), suggestions: setLabel(ns(`    ${ENFORCE}: restricted\n`), "restricted") }],
    },
    {
      code: ns(`    ${ENFORCE}: Baseline\n`),
      ...inRepo(empty),
      errors: [{ messageId: "invalid", data: data({ value: "Baseline" }), suggestions: setLabel(ns(`    ${ENFORCE}: baseline\n`)) }],
    },
    {
      // Capsule forces 'baseline' over the namespace's own label: fix the Tenant, so no suggestion here
      code: oil.replace("tenant: oil\n", `tenant: oil\n    ${ENFORCE}: restricted\n`),
      ...inRepo(capsuleForced),
      options: [{ level: "restricted" }],
      errors: [
        {
          messageId: "weak",
          data: data({
            target: "Namespace 'oil-dev'",
            tenant: " of tenant 'oil'",
            value: "baseline",
            level: "restricted",
            from: " (set by Capsule Tenant 'oil' spec.namespaceOptions.additionalMetadata, tenant.yaml:1)",
          }),
          line: 4,
          suggestions: [],
        },
      ],
    },
    {
      // a Capsule Tenant without namespaces in the repo and no label of its own
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: oil\nspec: {}\n",
      ...inRepo(empty),
      errors: [
        {
          messageId: "missing",
          data: data({
            target: "Capsule Tenant 'oil' (its owners' namespaces)",
            tenant: "",
          }),
          suggestions: [],
        },
      ],
    },
    {
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: johns-space\nspec:\n  account: mary\n",
      ...inRepo(kiosk),
      errors: [
        {
          messageId: "missing",
          data: data({ target: "kiosk Space 'johns-space'", tenant: " of tenant 'mary'" }),
          suggestions: setLabel(
            `apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: johns-space\n  labels:\n    ${ENFORCE}: baseline\nspec:\n  account: mary\n`,
          ),
        },
      ],
    },
  ],
});
