import { nodeAt } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { bindsRoleClusterWide, describeRole, getRbacIndex, isRbac, readRoleRef, type ResolvedRole } from "../core/tenancy/rbac.js";
import { clusterWideGrants } from "../core/tenancy/walls.js";
import { bindingSubjects, describeSubject, explainTenancy, getTenantSubjects } from "../core/tenancy/subjects.js";
import { TENANTS_OPTION } from "../core/tenancy/targets.js";

interface Options {
  tenants: TenantScope;
  /** "powerful": only cluster-admin/admin/edit or roles with `*` verbs or resources; "any": every ClusterRole. */
  clusterRoles: "powerful" | "any";
}

export default createRule({
  name: "no-tenant-cluster-rbac",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow binding tenant subjects cluster-wide, or into another tenant's namespace (Capsule owners, kiosk account subjects, tenant ServiceAccounts, tenant groups)",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", clusterRoles: "powerful" }] },
        strict: { severity: "error", options: [{ tenants: "all", clusterRoles: "any" }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: TENANTS_OPTION,
          clusterRoles: {
            enum: ["powerful", "any"],
            description:
              "`powerful`: report ClusterRoleBindings to cluster-admin/admin/edit or roles with `*` verbs or resources; `any`: to any ClusterRole",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", clusterRoles: "powerful" }],
    messages: {
      clusterWide:
        "ClusterRoleBinding '{{binding}}' binds {{subject}} ({{why}}) to {{role}}{{power}} in every namespace. Use RoleBindings in its own namespaces.",
      roleInClusterBinding:
        "ClusterRoleBinding '{{binding}}' refers to Role '{{role}}': the API server rejects it, so {{subject}} gets nothing. Use a RoleBinding in the Role's namespace.",
      foreignTenant:
        "RoleBinding '{{binding}}' in namespace '{{namespace}}' of tenant '{{tenant}}' grants {{role}} to {{subject}} ({{why}}) of another tenant. Remove that subject.",
    },
  },
  create(context, kube) {
    const [options] = context.options as [Options];
    return {
      Program() {
        const bindings = kube.file.objects.filter(
          (o) => isRbac(o) && (o.kind === "ClusterRoleBinding" || o.kind === "RoleBinding"),
        );
        if (bindings.length === 0) return;
        const ws = kube.workspace();
        const rbac = getRbacIndex(ws, kube.settings);
        const tenants = getTenantSubjects(ws, kube.settings);
        const here = kube.file.filePath;
        for (const binding of bindings) {
          const ref = readRoleRef(binding);
          if (!ref) continue;
          const subjectNode = (index: number) => {
            const node = nodeAt(binding.node, ["subjects", index]);
            return node ? asReportNode(node) : nameNode(binding);
          };
          if (bindsRoleClusterWide(binding)) {
            // Invalid, never a grant: reported once, when it was meant for a tenant.
            const subject = bindingSubjects(binding, ws).find((s) => tenants.tenanciesOf(s, options.tenants).length > 0);
            const node = nodeAt(binding.node, ["roleRef", "kind"]);
            if (subject) {
              context.report({
                node: node ? asReportNode(node) : nameNode(binding),
                messageId: "roleInClusterBinding",
                data: { binding: binding.name ?? "(unnamed)", role: ref.name, subject: describeSubject(subject) },
              });
            }
            continue;
          }
          if (binding.kind === "ClusterRoleBinding") {
            for (const { subject, tenancy, role } of clusterWideGrants(binding, ws, rbac, tenants, options)) {
              context.report({
                node: subjectNode(subject.index),
                messageId: "clusterWide",
                data: {
                  binding: binding.name ?? "(unnamed)",
                  subject: describeSubject(subject),
                  why: explainTenancy(tenancy, ws, here),
                  role: describeRole(role ?? ref, ws, here),
                  power: powerNote(role),
                },
              });
            }
            continue;
          }
          for (const namespace of ws.effectiveNamespaces(binding)) {
            const owner = kube.namespaces().tenantOf(namespace, options.tenants);
            if (!owner) continue;
            const role = rbac.resolve(ref, namespace, here);
            for (const subject of bindingSubjects(binding, ws, namespace)) {
              const tenancies = tenants.tenanciesOf(subject, options.tenants);
              if (tenancies.some((t) => t.tenant === owner.name)) continue;
              const foreign = tenancies.find((t) => t.everyone || t.tenant !== undefined);
              if (!foreign) continue;
              context.report({
                node: subjectNode(subject.index),
                messageId: "foreignTenant",
                data: {
                  binding: binding.name ?? "(unnamed)",
                  namespace,
                  tenant: owner.name,
                  role: describeRole(role ?? ref, ws, here),
                  subject: describeSubject(subject),
                  why: explainTenancy(foreign, ws, here),
                },
              });
            }
          }
        }
      },
    };
  },
});

/** Why the role counts as powerful, for the message: "" when nothing stands out. */
function powerNote(role: ResolvedRole | undefined): string {
  if (!role) return "";
  if (role.builtin === "cluster-admin") return " (every verb on every resource)";
  if (role.builtin === "admin" || role.builtin === "edit") return ` (write access to nearly every namespaced resource)`;
  const wildcard = role.rules.find((r) => r.verbs.includes("*") || r.resources.includes("*"));
  return wildcard ? ` (rules[${wildcard.index}] grants \`*\` ${wildcard.verbs.includes("*") ? "verbs" : "resources"})` : "";
}
