import { describe, expect, it } from "vitest";
import { normalizeSettings } from "../../core/settings.js";
import {
  allows,
  escalationGrants,
  getRbacIndex,
  isPowerful,
  tamperingGrants,
  type PolicyRule,
} from "../../core/tenancy/rbac.js";
import { getTenantSubjects, isPlatformIdentity, readSubjects } from "../../core/tenancy/subjects.js";
import { getWorkspace } from "../../core/workspace/workspace.js";
import { repo } from "../helpers/rule-tester.js";

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs, index: 0, source: undefined });

describe("rbac rules", () => {
  it("matches verbs, groups and resources, with wildcards", () => {
    expect(allows(rule([""], ["resourcequotas"], ["delete"]), "delete", "", "resourcequotas")).toBe(true);
    expect(allows(rule(["*"], ["*"], ["*"]), "patch", "networking.k8s.io", "networkpolicies")).toBe(true);
    expect(allows(rule(["apps"], ["*"], ["*"]), "patch", "", "resourcequotas")).toBe(false);
    expect(allows(rule([""], ["resourcequotas"], ["get"]), "delete", "", "resourcequotas")).toBe(false);
    // a subresource is not the resource
    expect(allows(rule([""], ["resourcequotas/status"], ["update"]), "update", "", "resourcequotas")).toBe(false);
  });

  it("finds writes to the objects that wall a tenant in", () => {
    const grants = tamperingGrants([rule(["networking.k8s.io"], ["networkpolicies"], ["create", "delete"]), rule([""], ["limitranges", "pods"], ["*"])]);
    expect(grants.map((g) => `${g.verb} ${g.resource}`)).toEqual(["create/delete NetworkPolicies", "write LimitRanges"]);
    expect(tamperingGrants([rule([""], ["resourcequotas", "limitranges"], ["get", "list", "watch"])])).toEqual([]);
  });

  it("does not count deleting a namespace as tampering, but relabelling it does", () => {
    expect(tamperingGrants([rule([""], ["namespaces"], ["delete"])])).toEqual([]);
    expect(tamperingGrants([rule([""], ["namespaces"], ["patch"])]).map((g) => g.verb)).toEqual(["patch"]);
  });

  it("finds escalation: escalate, bind, impersonate, wildcard verbs and wildcard writes", () => {
    const found = (r: PolicyRule) => escalationGrants([r]).map((g) => `${g.verb} ${g.resource}`);
    expect(found(rule(["rbac.authorization.k8s.io"], ["clusterroles"], ["bind"]))).toEqual(["bind clusterroles"]);
    expect(found(rule(["rbac.authorization.k8s.io"], ["roles"], ["escalate"]))).toEqual(["escalate roles"]);
    expect(found(rule([""], ["users", "serviceaccounts"], ["impersonate"]))).toEqual(["impersonate users, serviceaccounts"]);
    expect(found(rule(["apps"], ["deployments"], ["*"]))).toEqual(["* (every verb) deployments"]);
    expect(found(rule(["apps"], ["*"], ["create"]))).toEqual(["create * (every resource)"]);
    // reading everything is not an escalation
    expect(found(rule(["*"], ["*"], ["get", "list", "watch"]))).toEqual([]);
  });
});

describe("role resolution", () => {
  const root = repo({
    "rbac.yaml": [
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: tenant-admin\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {example.com/aggregate-to-tenant: \"true\"}\n    - matchLabels: {rbac.authorization.k8s.io/aggregate-to-edit: \"true\"}\nrules: []",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: quota-editor\n  labels: {example.com/aggregate-to-tenant: \"true\"}\nrules:\n  - apiGroups: [\"\"]\n    resources: [resourcequotas]\n    verbs: [update]",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: local\n  namespace: team-a\nrules:\n  - apiGroups: ['*']\n    resources: ['*']\n    verbs: [get]",
    ].join("\n---\n"),
  });
  const settings = normalizeSettings({ root });
  const rbac = getRbacIndex(getWorkspace(root, settings), settings);

  it("aggregates ClusterRoles, including a built-in role's aggregation label", () => {
    const role = rbac.resolve({ kind: "ClusterRole", name: "tenant-admin" }, undefined);
    expect(role?.object?.name).toBe("tenant-admin");
    expect(tamperingGrants(role?.rules ?? []).map((g) => g.resource)).toEqual(["NetworkPolicies", "ResourceQuotas"]);
  });

  it("resolves Roles in their namespace only, and knows built-in roles by name", () => {
    expect(rbac.resolve({ kind: "Role", name: "local" }, "team-a")?.rules).toHaveLength(1);
    expect(rbac.resolve({ kind: "Role", name: "local" }, "team-b")).toBeUndefined();
    expect(rbac.resolve({ kind: "ClusterRole", name: "edit" }, undefined)?.builtin).toBe("edit");
    expect(rbac.resolve({ kind: "ClusterRole", name: "nowhere" }, undefined)).toBeUndefined();
  });

  it("calls cluster-admin/admin/edit and `*` roles powerful, view and narrow roles not", () => {
    const powerful = (name: string, ns?: string) => {
      const role = rbac.resolve({ kind: ns ? "Role" : "ClusterRole", name }, ns);
      return role ? isPowerful(role) : undefined;
    };
    expect(powerful("cluster-admin")).toBe(true);
    expect(powerful("edit")).toBe(true);
    expect(powerful("view")).toBe(false);
    expect(powerful("quota-editor")).toBe(false);
    expect(powerful("local", "team-a")).toBe(true);
  });
});

describe("tenant subjects", () => {
  const root = repo({
    "tenants.yaml": [
      "apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata:\n  name: solar\nspec:\n  owners:\n    - kind: User\n      name: alice\n  permissions:\n    matchOwners:\n      - matchLabels: {team: solar}\n  additionalRoleBindings:\n    - clusterRoleName: view\n      subjects:\n        - kind: Group\n          name: solar-viewers",
      "apiVersion: capsule.clastix.io/v1beta2\nkind: TenantOwner\nmetadata:\n  name: bob\n  labels: {team: solar}\nspec:\n  kind: User\n  name: bob",
      "apiVersion: capsule.clastix.io/v1beta2\nkind: TenantOwner\nmetadata:\n  name: carol\n  labels: {projectcapsule.dev/tenant: wind}\nspec:\n  kind: User\n  name: carol",
      "apiVersion: tenancy.kiosk.sh/v1alpha1\nkind: Account\nmetadata:\n  name: acme\nspec:\n  subjects:\n    - kind: Group\n      name: acme-devs",
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {team: a}",
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plain",
    ].join("\n---\n"),
  });
  const settings = normalizeSettings({ root, tenantGroups: ["contractors"] });
  const subjects = getTenantSubjects(getWorkspace(root, settings), settings);
  const tenants = (kind: string, name: string, namespace?: string, scope: "marked" | "all" = "marked") =>
    subjects.tenanciesOf({ kind, name, namespace }, scope).map((t) => t.tenant ?? `(${t.why})`);

  it("knows Capsule owners, TenantOwners (matchOwners and label) and additionalRoleBindings subjects", () => {
    expect(tenants("User", "alice")).toEqual(["solar"]);
    expect(tenants("User", "bob")).toEqual(["solar"]);
    expect(tenants("User", "carol")).toEqual(["wind"]);
    expect(tenants("Group", "solar-viewers")).toEqual(["solar"]);
    expect(tenants("User", "mallory")).toEqual([]);
  });

  it("knows kiosk account subjects and configured tenant groups", () => {
    expect(tenants("Group", "acme-devs")).toEqual(["acme"]);
    expect(tenants("Group", "contractors")).toEqual(["(group listed in settings.kube.tenantGroups)"]);
  });

  it("knows ServiceAccounts of tenant namespaces in all their spellings, by scope", () => {
    expect(tenants("ServiceAccount", "ci", "team-a")).toEqual(["a"]);
    expect(tenants("User", "system:serviceaccount:team-a:ci")).toEqual(["a"]);
    expect(tenants("Group", "system:serviceaccounts:team-a")).toEqual(["a"]);
    expect(tenants("ServiceAccount", "ci", "plain")).toEqual([]);
    expect(tenants("ServiceAccount", "ci", "plain", "all")).toEqual(["plain"]);
    expect(tenants("ServiceAccount", "ci", "kube-system", "all")).toEqual([]);
  });

  it("treats everyone-groups as every tenant", () => {
    expect(subjects.tenanciesOf({ kind: "Group", name: "system:authenticated", namespace: undefined }, "marked")[0]?.everyone).toBe(true);
  });

  it("tells platform identities apart", () => {
    expect(isPlatformIdentity({ kind: "ServiceAccount", name: "x", namespace: "kube-system" }, settings)).toBe(true);
    expect(isPlatformIdentity({ kind: "User", name: "system:kube-controller-manager", namespace: undefined }, settings)).toBe(true);
    expect(isPlatformIdentity({ kind: "ServiceAccount", name: "x", namespace: "team-a" }, settings)).toBe(false);
  });

  it("reads subjects defensively", () => {
    expect(readSubjects([null, 3, { kind: "User" }, { kind: "ServiceAccount", name: "sa" }], "ns")).toEqual([
      { kind: "ServiceAccount", name: "sa", namespace: "ns", index: 3 },
    ]);
    expect(readSubjects("nope")).toEqual([]);
  });
});
