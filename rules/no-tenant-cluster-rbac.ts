import { nodeAt } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { describeRole, getRbacIndex, isPowerful, isRbac, readRoleRef, type ResolvedRole } from "../core/tenancy/rbac.js";
import { bindingSubjects, describeSubject, explainTenancy, getTenantSubjects } from "../core/tenancy/subjects.js";

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
          tenants: {
            enum: ["marked", "all"],
            description: "`marked`: only namespaces with a tenancy mark; `all`: every non-system namespace",
          },
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
          if (binding.kind === "ClusterRoleBinding") {
            const role = rbac.resolve(ref, undefined, here);
            if (options.clusterRoles === "powerful" && !(role && isPowerful(role))) continue;
            for (const subject of bindingSubjects(binding, ws)) {
              const tenancy = tenants.tenanciesOf(subject, options.tenants)[0];
              if (!tenancy) continue;
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
