import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/no-tenant-cluster-rbac.js";

const world = repo({
  "namespaces.yaml": [
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a1\n  labels: {team: a}",
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b1\n  labels: {team: b}",
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plain",
  ].join("\n---\n"),
  "capsule.yaml": "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  owners:\n    - kind: User\n      name: alice\n",
  "kiosk.yaml": "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  subjects:\n    - kind: Group\n      name: acme-devs\n",
  "roles.yaml": [
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: star\nrules:\n  - apiGroups: [apps]\n    resources: ['*']\n    verbs: [get]",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [get]",
  ].join("\n---\n"),
});

const crb = (role: string, subject: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n  - ${subject}\n`;
const rb = (namespace: string, role: string, subject: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  namespace: ${namespace}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n  - ${subject}\n`;
const STRICT = [{ tenants: "all", clusterRoles: "any" }];
const CLUSTER_WIDE = (subject: string, why: string, role: string, power: string) => ({
  messageId: "clusterWide",
  data: { binding: "b", subject, why, role, power },
  line: 10,
  column: 5,
});

createRuleTester().run("no-tenant-cluster-rbac", rule, {
  valid: [
    // recommended: a narrow ClusterRole for a tenant is tolerated, the powerful ones are not
    { code: crb("reader", "{kind: User, name: alice}"), ...inRepo(world) },
    { code: crb("view", "{kind: ServiceAccount, name: ci, namespace: a1}"), ...inRepo(world) },
    { code: crb("unknown-role", "{kind: User, name: alice}"), ...inRepo(world) },
    // not tenant subjects: a platform ServiceAccount, an unknown user, an unmarked namespace in recommended
    { code: crb("cluster-admin", "{kind: ServiceAccount, name: flux, namespace: flux-system}"), ...inRepo(world), options: STRICT },
    { code: crb("cluster-admin", "{kind: User, name: root}"), ...inRepo(world), options: STRICT },
    { code: crb("cluster-admin", "{kind: ServiceAccount, name: ci, namespace: plain}"), ...inRepo(world) },
    // a RoleBinding inside the tenant's own namespace, or to a platform identity
    { code: rb("a1", "edit", "{kind: ServiceAccount, name: ci, namespace: a1}"), ...inRepo(world) },
    { code: rb("a1", "view", "{kind: ServiceAccount, name: prometheus, namespace: monitoring}"), ...inRepo(world), options: STRICT },
    // a RoleBinding in a namespace that is no tenant's
    { code: rb("plain", "edit", "{kind: ServiceAccount, name: ci, namespace: a1}"), ...inRepo(world) },
    // malformed
    { code: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: 3\nsubjects: x\n", ...inRepo(world) },
    { code: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [null, 3, {kind: User}]\n", ...inRepo(world) },
    { code: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: []\nroleRef: {kind: Role, name: x}\nsubjects: {}\n", ...inRepo(world) },
  ],
  invalid: [
    {
      code: crb("cluster-admin", "{kind: User, name: alice}"),
      ...inRepo(world),
      errors: [CLUSTER_WIDE("User 'alice'", "owner of Capsule Tenant 'solar' (capsule.yaml:1)", "built-in ClusterRole 'cluster-admin'", " (every verb on every resource)")],
    },
    {
      code: crb("edit", "{kind: Group, name: acme-devs}"),
      ...inRepo(world),
      errors: [CLUSTER_WIDE("Group 'acme-devs'", "subject of kiosk Account 'acme' (kiosk.yaml:1)", "built-in ClusterRole 'edit'", " (write access to nearly every namespaced resource)")],
    },
    {
      code: crb("star", "{kind: ServiceAccount, name: ci, namespace: a1}"),
      ...inRepo(world),
      errors: [
        CLUSTER_WIDE(
          "ServiceAccount 'a1/ci'",
          "ServiceAccount of tenant 'a'",
          "ClusterRole 'star' (roles.yaml:1)",
          " (rules[0] grants `*` resources)",
        ),
      ],
    },
    {
      // the user-name spelling of a ServiceAccount
      code: crb("admin", "{kind: User, name: 'system:serviceaccount:b1:deployer'}"),
      ...inRepo(world),
      errors: [CLUSTER_WIDE("User 'system:serviceaccount:b1:deployer'", "ServiceAccount of tenant 'b'", "built-in ClusterRole 'admin'", " (write access to nearly every namespaced resource)")],
    },
    {
      code: crb("cluster-admin", "{kind: Group, name: 'system:authenticated'}"),
      ...inRepo(world),
      errors: [CLUSTER_WIDE("Group 'system:authenticated'", "every authenticated user, every tenant included", "built-in ClusterRole 'cluster-admin'", " (every verb on every resource)")],
    },
    {
      code: crb("cluster-admin", "{kind: Group, name: contractors}"),
      ...inRepo(world, "linted.yaml", { tenantGroups: ["contractors"] }),
      errors: [CLUSTER_WIDE("Group 'contractors'", "group listed in settings.kube.tenantGroups", "built-in ClusterRole 'cluster-admin'", " (every verb on every resource)")],
    },
    {
      // strict: any ClusterRole, and every non-system namespace is a tenant
      code: crb("reader", "{kind: ServiceAccount, name: ci, namespace: plain}"),
      ...inRepo(world),
      options: STRICT,
      errors: [CLUSTER_WIDE("ServiceAccount 'plain/ci'", "ServiceAccount of tenant 'plain'", "ClusterRole 'reader' (roles.yaml:10)", "")],
    },
    {
      // a RoleBinding in tenant a's namespace for tenant b's ServiceAccount
      code: rb("a1", "view", "{kind: ServiceAccount, name: ci, namespace: b1}"),
      ...inRepo(world),
      errors: [
        {
          messageId: "foreignTenant",
          data: { binding: "b", namespace: "a1", tenant: "a", role: "built-in ClusterRole 'view'", subject: "ServiceAccount 'b1/ci'", why: "ServiceAccount of tenant 'b'" },
          line: 11,
          column: 5,
        },
      ],
    },
    {
      code: rb("a1", "edit", "{kind: User, name: alice}"),
      ...inRepo(world),
      errors: [
        {
          messageId: "foreignTenant",
          data: { binding: "b", namespace: "a1", tenant: "a", role: "built-in ClusterRole 'edit'", subject: "User 'alice'", why: "owner of Capsule Tenant 'solar' (capsule.yaml:1)" },
          line: 11,
        },
      ],
    },
    {
      // every tenant into one tenant's namespace
      code: rb("a1", "view", "{kind: Group, name: 'system:serviceaccounts'}"),
      ...inRepo(world),
      errors: [{ messageId: "foreignTenant", data: { binding: "b", namespace: "a1", tenant: "a", role: "built-in ClusterRole 'view'", subject: "Group 'system:serviceaccounts'", why: "every ServiceAccount of the cluster, every tenant's included" } }],
    },
  ],
});
