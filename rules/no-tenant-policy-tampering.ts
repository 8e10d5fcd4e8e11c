import type { LintedObject } from "../core/manifest/model.js";
import { asArray, asRecord, asString, nodeAt } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import {
  grantSource,
  describeRole,
  escalationGrants,
  getRbacIndex,
  GUARDED_RESOURCES,
  isRbac,
  readRoleRef,
  tamperingGrants,
  type ResolvedRole,
  type RoleRef,
} from "../core/tenancy/rbac.js";
import { bindingSubjects, describeSubject, getTenantSubjects, isPlatformIdentity, readSubjects } from "../core/tenancy/subjects.js";

interface Options {
  tenants: TenantScope;
  /** Also report `escalate`, `bind`, `impersonate` and wildcard grants. */
  escalation: boolean;
  /** Judge the built-in admin/edit ClusterRoles by what Kubernetes puts in them (NetworkPolicy writes, impersonation). */
  builtinRoles: boolean;
  /** Guarded resources tenants may write (MTB PL2 self-service NetworkPolicies: `networkpolicies`). */
  allowResources: string[];
}

/** A grant of a role to tenant subjects: a binding, or a Capsule/kiosk field that makes one per tenant namespace. */
interface TenantGrant {
  node: ReturnType<typeof asReportNode>;
  /** "RoleBinding 'x' in namespace 'a'", "Capsule Tenant 'solar' spec.owners[0].clusterRoles". */
  via: string;
  /** "User 'alice' and 1 more (owner of ...)". */
  who: string;
  ref: RoleRef;
  namespace: string | undefined;
}

export default createRule({
  name: "no-tenant-policy-tampering",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow roles that let tenant subjects change their NetworkPolicies, ResourceQuotas, LimitRanges or Namespace (strict: or escalate, bind, impersonate)",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", escalation: false, builtinRoles: false }] },
        strict: { severity: "error", options: [{ tenants: "all", escalation: true, builtinRoles: true }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: {
            enum: ["marked", "all"],
            description: "`marked`: only namespaces with a tenancy mark; `all`: every non-system namespace",
          },
          escalation: { type: "boolean", description: "also report `escalate`, `bind`, `impersonate` and wildcard grants" },
          builtinRoles: {
            type: "boolean",
            description: "judge the built-in `admin`/`edit` ClusterRoles by their rules (they write NetworkPolicies, impersonate ServiceAccounts)",
          },
          allowResources: {
            type: "array",
            items: { enum: GUARDED_RESOURCES.map((g) => g.resource) },
            uniqueItems: true,
            description: "guarded resources tenants may write, e.g. `networkpolicies` for self-service NetworkPolicies (MTB PL2)",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", escalation: false, builtinRoles: false, allowResources: [] }],
    messages: {
      tampering:
        "{{via}} gives {{who}} {{role}}, which can {{grants}}. Grant a role without these verbs.",
      escalation:
        "{{via}} gives {{who}} {{role}}, which can {{grants}}. Remove these verbs and wildcards.",
    },
  },
  create(context, kube) {
    const [options] = context.options as [Options];
    return {
      Program() {
        if (!kube.file.objects.some(mayGrant)) return;
        const ws = kube.workspace();
        const rbac = getRbacIndex(ws, kube.settings);
        const here = kube.file.filePath;
        for (const grant of tenantGrants(kube.file.objects)) {
          const role = rbac.resolve(grant.ref, grant.namespace, here);
          if (!role) continue;
          const rules = judgedRules(role, options.builtinRoles);
          const tampering = tamperingGrants(rules, options.allowResources);
          const escalation = options.escalation ? escalationGrants(rules) : [];
          const grants = [...tampering, ...escalation];
          if (grants.length === 0) continue;
          // One report per grant: tampering first, escalation after it when both apply.
          // The first grants by verb and resource, and where the first one comes from: enough to find the rule line.
          const shown = grants.slice(0, 2).map((g) => `${g.verb} ${g.resource}`);
          const more = grants.length > 2 ? ` and ${grants.length - 2} more` : "";
          const from = grants[0] ? grantSource(grants[0], role, ws) : "";
          context.report({
            node: grant.node,
            messageId: tampering.length > 0 ? "tampering" : "escalation",
            data: { via: grant.via, who: grant.who, role: describeRole(role, ws, here), grants: shown.join(", ") + more + from },
          });
        }
      },
    };

    /** Every grant in this file that reaches tenant subjects. */
    function tenantGrants(objects: readonly LintedObject[]): TenantGrant[] {
      const out: TenantGrant[] = [];
      for (const obj of objects) {
        if (isRbac(obj) && (obj.kind === "RoleBinding" || obj.kind === "ClusterRoleBinding")) out.push(...bindingGrants(obj));
        else if (obj.group === "capsule.clastix.io" && obj.kind === "Tenant") out.push(...capsuleGrants(obj));
        else if (obj.group.startsWith("tenancy.kiosk.sh") && obj.kind === "Account") out.push(...kioskGrants(obj));
      }
      return out;
    }

    function bindingGrants(binding: LintedObject): TenantGrant[] {
      const ref = readRoleRef(binding);
      if (!ref) return [];
      const ws = kube.workspace();
      const subjects = getTenantSubjects(ws, kube.settings);
      const node = nodeAt(binding.node, ["roleRef", "name"]);
      const at = node ? asReportNode(node) : nameNode(binding);
      const namespaces = binding.kind === "ClusterRoleBinding" ? [undefined] : ws.effectiveNamespaces(binding);
      const out: TenantGrant[] = [];
      for (const namespace of namespaces) {
        // Anyone bound inside a tenant namespace acts as that tenant, unless it is a platform identity.
        const owner = namespace ? kube.namespaces().tenantOf(namespace, options.tenants) : undefined;
        const tenantSubjects = bindingSubjects(binding, ws, namespace).flatMap((s) => {
          const tenancy = subjects.tenanciesOf(s, options.tenants)[0];
          if (tenancy) return [`${describeSubject(s)} (${tenancy.why})`];
          return owner && !isPlatformIdentity(s, kube.settings) ? [`${describeSubject(s)} (bound in tenant '${owner.name}')`] : [];
        });
        if (tenantSubjects.length === 0) continue;
        const where = namespace ? ` in namespace '${namespace}'` : " (every namespace)";
        out.push({ node: at, via: `${binding.kind} '${binding.name ?? "(unnamed)"}'${where}`, who: listed(tenantSubjects), ref, namespace });
      }
      return out;
    }

    /** Capsule binds these ClusterRoles in every namespace of the tenant. */
    function capsuleGrants(tenant: LintedObject): TenantGrant[] {
      const spec = asRecord(tenant.value.spec);
      const out: TenantGrant[] = [];
      const name = `Capsule Tenant '${tenant.name ?? "(unnamed)"}'`;
      const add = (path: (string | number)[], role: string | undefined, who: string) => {
        const node = nodeAt(tenant.node, path);
        if (role && node) out.push({ node: asReportNode(node), via: `${name} ${formatPath(path)}`, who, ref: { kind: "ClusterRole", name: role }, namespace: undefined });
      };
      asArray(spec?.owners).forEach((owner, i) => {
        const o = asRecord(owner);
        const who = `${asString(o?.kind) ?? "owner"} '${asString(o?.name) ?? "?"}' (owner of ${name})`;
        asArray(o?.clusterRoles).forEach((role, j) => add(["spec", "owners", i, "clusterRoles", j], asString(role), who));
      });
      asArray(spec?.additionalRoleBindings).forEach((binding, i) => {
        const b = asRecord(binding);
        add(["spec", "additionalRoleBindings", i, "clusterRoleName"], asString(b?.clusterRoleName), subjectsOf(b?.subjects, name));
      });
      asArray(spec?.rules).forEach((rule, i) => {
        asArray(asRecord(asRecord(rule)?.permissions)?.bindings).forEach((binding, j) => {
          const b = asRecord(binding);
          const path = ["spec", "rules", i, "permissions", "bindings", j, "clusterRoleName"];
          add(path, asString(b?.clusterRoleName), subjectsOf(b?.subjects, name));
        });
      });
      return out;
    }

    /** kiosk binds `spec.space.clusterRole` to the Account's subjects in each of its spaces. */
    function kioskGrants(account: LintedObject): TenantGrant[] {
      const role = asString(asRecord(asRecord(account.value.spec)?.space)?.clusterRole);
      const node = nodeAt(account.node, ["spec", "space", "clusterRole"]);
      if (!role || !node) return [];
      const name = `kiosk Account '${account.name ?? "(unnamed)"}'`;
      return [{ node: asReportNode(node), via: `${name} spec.space.clusterRole`, who: subjectsOf(asRecord(account.value.spec)?.subjects, name), ref: { kind: "ClusterRole", name: role }, namespace: undefined }];
    }
  },
});

function mayGrant(o: { kind: string }): boolean {
  return ["RoleBinding", "ClusterRoleBinding", "Tenant", "Account"].includes(o.kind);
}

/**
 * The repository's rules always count, and cluster-admin's `*`; the built-in admin/edit rules (bound directly or
 * aggregated into a repository ClusterRole) only when asked: trusted teams routinely get `edit` in their namespaces.
 */
function judgedRules(role: ResolvedRole, builtinRoles: boolean): ResolvedRole["rules"] {
  if (builtinRoles || role.builtin === "cluster-admin") return role.rules;
  return role.rules.filter((r) => r.source !== undefined);
}

function subjectsOf(value: unknown, owner: string): string {
  const names = readSubjects(value).map(describeSubject);
  return names.length > 0 ? `${listed(names)} (members of ${owner})` : `the members of ${owner}`;
}

function listed(items: readonly string[]): string {
  return items.length > 2 ? `${items.slice(0, 2).join(", ")} and ${items.length - 2} more` : items.join(" and ");
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
