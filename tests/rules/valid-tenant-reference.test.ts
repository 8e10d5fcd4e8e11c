import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/valid-tenant-reference.js";

const tenancy = repo({
  "tenants.yaml": [
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec: {}",
    "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: wind\nspec: {}",
  ].join("\n---\n"),
  "accounts.yaml": "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  subjects: [{kind: User, name: john}]\n",
});
const none = repo();

const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n${labels}`;

createRuleTester().run("valid-tenant-reference", rule, {
  valid: [
    { code: ns("    capsule.clastix.io/tenant: solar\n"), ...inRepo(tenancy) },
    { code: ns("    kiosk.sh/account: acme\n"), ...inRepo(tenancy) },
    { code: ns("    team: anything\n"), ...inRepo(tenancy) },
    // a repository that defines no Tenants/Accounts cannot tell: they may live elsewhere
    { code: ns("    capsule.clastix.io/tenant: anything\n"), ...inRepo(none) },
    { code: ns("    kiosk.sh/account: anything\n"), ...inRepo(none) },
    { code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: s\nspec:\n  account: ghost\n", ...inRepo(none) },
    { code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: s\nspec:\n  account: acme\n", ...inRepo(tenancy) },
    // Capsule v1beta2: owners are optional (TenantOwner objects may provide them)
    { code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec: {}\n", ...inRepo(tenancy, "solar.yaml") },
    { code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  subjects: [{kind: User, name: john}]\n", ...inRepo(tenancy) },
    // the same tenant marked twice, consistently
    {
      code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {capsule.clastix.io/tenant: solar}\n  ownerReferences:\n    - {apiVersion: capsule.clastix.io/v1beta2, kind: Tenant, name: solar, uid: x}\n",
      ...inRepo(tenancy),
    },
    // malformed
    { code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: []\n  ownerReferences: 3\n", ...inRepo(tenancy) },
    { code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata: 3\nspec: null\n", ...inRepo(tenancy) },
  ],
  invalid: [
    {
      code: ns("    capsule.clastix.io/tenant: sollar\n"),
      ...inRepo(tenancy),
      errors: [
        {
          messageId: "unknownTenant",
          data: { what: "Namespace 'n'", system: "Capsule Tenant", tenant: "sollar", mark: "label capsule.clastix.io/tenant", known: "'solar', 'wind'" },
          line: 6,
          column: 32,
        },
      ],
    },
    {
      code: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  ownerReferences:\n    - apiVersion: capsule.clastix.io/v1beta2\n      kind: Tenant\n      name: storm\n",
      ...inRepo(tenancy),
      errors: [{ messageId: "unknownTenant", data: { what: "Namespace 'n'", system: "Capsule Tenant", tenant: "storm", mark: "ownerReference to a Tenant", known: "'solar', 'wind'" }, line: 8 }],
    },
    {
      code: ns("    kiosk.sh/account: globex\n"),
      ...inRepo(tenancy),
      errors: [{ messageId: "unknownTenant", data: { what: "Namespace 'n'", system: "kiosk Account", tenant: "globex", mark: "label kiosk.sh/account", known: "'acme'" }, line: 6 }],
    },
    {
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Space\nmetadata:\n  name: s\nspec:\n  account: globex\n",
      ...inRepo(tenancy),
      errors: [{ messageId: "unknownTenant", data: { what: "kiosk Space 's'", system: "kiosk Account", tenant: "globex", mark: "spec.account", known: "'acme'" }, line: 6, column: 12 }],
    },
    {
      code: ns("    capsule.clastix.io/tenant: solar\n    kiosk.sh/account: acme\n"),
      ...inRepo(tenancy),
      errors: [
        {
          messageId: "conflictingMarks",
          data: {
            what: "Namespace 'n'",
            first: "Capsule Tenant 'solar' (label capsule.clastix.io/tenant)",
            second: "kiosk Account 'acme' (label kiosk.sh/account)",
          },
          line: 7,
        },
      ],
    },
    {
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: globex\nspec:\n  space: {}\n",
      ...inRepo(tenancy),
      errors: [{ messageId: "accountWithoutSubjects", data: { account: "globex" }, line: 4 }],
    },
    {
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: globex\nspec:\n  subjects: []\n",
      ...inRepo(tenancy),
      errors: [{ messageId: "accountWithoutSubjects", data: { account: "globex" } }],
    },
    {
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: solar\nspec:\n  subjects: [{kind: User, name: sun}]\n",
      ...inRepo(tenancy),
      errors: [{ messageId: "collidingNames", data: { this: "kiosk Account 'solar'", other: "Capsule Tenant 'solar' (tenants.yaml:1)", tenant: "solar" }, line: 4 }],
    },
  ],
});
