import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-tenant-policy-tampering.js";

const world = repo({
  "namespaces.yaml": [
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a1\n  labels: {team: a}",
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plain",
  ].join("\n---\n"),
  "capsule.yaml": "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  owners:\n    - kind: User\n      name: alice\n",
  "roles.yaml": [
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: quota-admin\nrules:\n  - apiGroups: ['']\n    resources: [resourcequotas, limitranges]\n    verbs: [get, update, delete]",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: binder\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [bind, escalate]",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: ['*']\n    resources: ['*']\n    verbs: [get, list, watch]",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: netpol-editor\n  namespace: a1\nrules:\n  - apiGroups: [networking.k8s.io]\n    resources: [networkpolicies]\n    verbs: ['*']",
  ].join("\n---\n"),
});

const binding = (kind: "RoleBinding" | "ClusterRoleBinding", roleKind: string, role: string, subject: string, namespace?: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n${namespace ? `  namespace: ${namespace}\n` : ""}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n  - ${subject}\n`;
const STRICT = [{ tenants: "all", escalation: true, builtinRoles: true }];

createRuleTester().run("no-tenant-policy-tampering", rule, {
  valid: [
    // read-only roles, even with wildcards
    { code: binding("RoleBinding", "ClusterRole", "reader", "{kind: User, name: bob}", "a1"), ...inRepo(world), options: STRICT },
    { code: binding("RoleBinding", "ClusterRole", "view", "{kind: User, name: bob}", "a1"), ...inRepo(world), options: STRICT },
    // recommended trusts the built-in edit/admin roles for teams in their own namespaces
    { code: binding("RoleBinding", "ClusterRole", "edit", "{kind: User, name: bob}", "a1"), ...inRepo(world) },
    // self-service NetworkPolicies (MTB PL2), allowed by option
    {
      code: binding("RoleBinding", "Role", "netpol-editor", "{kind: ServiceAccount, name: ci}", "a1"),
      ...inRepo(world),
      options: [{ tenants: "all", builtinRoles: true, allowResources: ["networkpolicies", "ciliumnetworkpolicies"] }],
    },
    // recommended leaves escalation to strict
    { code: binding("ClusterRoleBinding", "ClusterRole", "binder", "{kind: User, name: alice}"), ...inRepo(world) },
    // platform identities and non-tenant namespaces
    { code: binding("RoleBinding", "ClusterRole", "quota-admin", "{kind: ServiceAccount, name: flux, namespace: flux-system}", "a1"), ...inRepo(world), options: STRICT },
    { code: binding("RoleBinding", "ClusterRole", "quota-admin", "{kind: User, name: bob}", "plain"), ...inRepo(world) },
    { code: binding("ClusterRoleBinding", "ClusterRole", "quota-admin", "{kind: User, name: root}"), ...inRepo(world), options: STRICT },
    // roles the repository does not define, and a Role of another namespace
    { code: binding("RoleBinding", "ClusterRole", "somewhere-else", "{kind: User, name: bob}", "a1"), ...inRepo(world), options: STRICT },
    { code: binding("RoleBinding", "Role", "netpol-editor", "{kind: User, name: bob}", "plain"), ...inRepo(world), options: STRICT },
    // Capsule owners with a harmless role; kiosk with the default
    {
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  owners:\n    - kind: User\n      name: alice\n      clusterRoles: [view]\n",
      ...inRepo(world, "solar.yaml"),
      options: STRICT,
    },
    { code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  subjects: [{kind: User, name: john}]\n", ...inRepo(world), options: STRICT },
    // malformed
    { code: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: 3\nroleRef: []\nsubjects: null\n", ...inRepo(world) },
    { code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata: {name: x}\nspec:\n  owners: 3\n  additionalRoleBindings: [null, {clusterRoleName: 7}]\n  rules: {}\n", ...inRepo(world, "x.yaml"), options: STRICT },
  ],
  invalid: [
    {
      code: binding("RoleBinding", "ClusterRole", "quota-admin", "{kind: User, name: bob}", "a1"),
      ...inRepo(world),
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "RoleBinding 'b' in namespace 'a1'",
            who: "User 'bob' (bound in tenant 'a')",
            role: "ClusterRole 'quota-admin' (roles.yaml:1)",
            grants:
              "update/delete ResourceQuotas, update/delete LimitRanges (rules[0])",
          },
          line: 9,
          column: 9,
        },
      ],
    },
    {
      code: binding("RoleBinding", "Role", "netpol-editor", "{kind: ServiceAccount, name: ci}", "a1"),
      ...inRepo(world),
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "RoleBinding 'b' in namespace 'a1'",
            who: "ServiceAccount 'a1/ci' (ServiceAccount of tenant 'a')",
            role: "Role 'netpol-editor' (roles.yaml:28)",
            grants: "write NetworkPolicies (rules[0])",
          },
        },
      ],
    },
    {
      // cluster-admin counts even in recommended; a Capsule owner cluster-wide
      code: binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", "{kind: User, name: alice}"),
      ...inRepo(world),
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "ClusterRoleBinding 'b' (every namespace)",
            who: "User 'alice' (owner of Capsule Tenant 'solar')",
            role: "built-in ClusterRole 'cluster-admin'",
            grants: "write NetworkPolicies, write CiliumNetworkPolicies and 3 more",
          },
          line: 8,
        },
      ],
    },
    {
      // strict: the built-in edit role writes NetworkPolicies and impersonates ServiceAccounts
      code: binding("RoleBinding", "ClusterRole", "edit", "{kind: User, name: bob}", "plain"),
      ...inRepo(world),
      options: STRICT,
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "RoleBinding 'b' in namespace 'plain'",
            who: "User 'bob' (bound in tenant 'plain')",
            role: "built-in ClusterRole 'edit'",
            grants: "write NetworkPolicies, impersonate serviceaccounts",
          },
        },
      ],
    },
    {
      // strict: escalation alone
      code: binding("ClusterRoleBinding", "ClusterRole", "binder", "{kind: User, name: alice}"),
      ...inRepo(world),
      options: STRICT,
      errors: [
        {
          messageId: "escalation",
          data: {
            via: "ClusterRoleBinding 'b' (every namespace)",
            who: "User 'alice' (owner of Capsule Tenant 'solar')",
            role: "ClusterRole 'binder' (roles.yaml:10)",
            grants:
              "escalate clusterroles, bind clusterroles (rules[0])",
          },
        },
      ],
    },
    {
      // a Capsule Tenant's owners and additionalRoleBindings are bindings in every tenant namespace
      code: "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  owners:\n    - kind: User\n      name: alice\n      clusterRoles: [admin, quota-admin]\n  additionalRoleBindings:\n    - clusterRoleName: quota-admin\n      subjects: [{kind: Group, name: solar-devs}]\n",
      ...inRepo(world, "solar.yaml"),
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "Capsule Tenant 'solar' spec.owners[0].clusterRoles[1]",
            who: "User 'alice' (owner of Capsule Tenant 'solar')",
            role: "ClusterRole 'quota-admin' (roles.yaml:1)",
            grants:
              "update/delete ResourceQuotas, update/delete LimitRanges (rules[0])",
          },
          line: 9,
          column: 29,
        },
        {
          messageId: "tampering",
          data: {
            via: "Capsule Tenant 'solar' spec.additionalRoleBindings[0].clusterRoleName",
            who: "Group 'solar-devs' (members of Capsule Tenant 'solar')",
            role: "ClusterRole 'quota-admin' (roles.yaml:1)",
            grants:
              "update/delete ResourceQuotas, update/delete LimitRanges (rules[0])",
          },
          line: 11,
        },
      ],
    },
    {
      // kiosk binds spec.space.clusterRole to the account's subjects in each space
      code: "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  space:\n    clusterRole: quota-admin\n  subjects: [{kind: User, name: john}]\n",
      ...inRepo(world),
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "kiosk Account 'acme' spec.space.clusterRole",
            who: "User 'john' (members of kiosk Account 'acme')",
            role: "ClusterRole 'quota-admin' (roles.yaml:1)",
            grants:
              "update/delete ResourceQuotas, update/delete LimitRanges (rules[0])",
          },
          line: 7,
        },
      ],
    },
    {
      // the Role in the binding's own file wins over a same-named one elsewhere
      code:
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: netpol-editor\n  namespace: a1\nrules:\n  - apiGroups: ['']\n    resources: [namespaces]\n    verbs: [patch]\n---\n" +
        binding("RoleBinding", "Role", "netpol-editor", "{kind: User, name: bob}", "a1"),
      ...inRepo(world),
      errors: [
        {
          messageId: "tampering",
          data: {
            via: "RoleBinding 'b' in namespace 'a1'",
            who: "User 'bob' (bound in tenant 'a')",
            role: "Role 'netpol-editor'",
            grants: "patch Namespaces (their Pod Security labels) (rules[0])",
          },
          line: 19,
        },
      ],
    },
  ],
});
