import type { LintedObject } from "../core/manifest/model.js";
import { nodeAt } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import { tenantDefinitions, tenantMarks, type TenantMark } from "../core/tenancy/tenant-references.js";

export default createRule({
  name: "valid-tenant-reference",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require namespaces and kiosk Spaces to name Capsule tenants / kiosk accounts the repository defines, kiosk Accounts to have subjects, and tenant names not to collide",
      presets: { recommended: { severity: "error" } },
    },
    schema: [],
    messages: {
      unknownTenant:
        "{{what}} names {{system}} '{{tenant}}' ({{mark}}), which the repository does not define (it defines {{known}}). Fix the name or add the {{system}}.",
      conflictingMarks:
        "{{what}} is marked for {{first}} and for {{second}}. Keep one mark.",
      accountWithoutSubjects:
        "kiosk Account '{{account}}' has no spec.subjects, so nobody owns its spaces. List its users, groups or ServiceAccounts.",
      collidingNames:
        "{{this}} and {{other}} share the tenant name '{{tenant}}', which marks and RBAC cannot tell apart. Rename one.",
    },
  },
  create(context, kube) {
    return {
      Program() {
        const relevant = kube.file.objects.filter((o) => ["Namespace", "Space", "Account", "Tenant"].includes(o.kind));
        if (relevant.length === 0) return;
        const ws = kube.workspace();
        const defined = tenantDefinitions(ws);
        for (const obj of relevant) {
          const marks = tenantMarks(obj);
          for (const mark of marks) {
            const known = defined[mark.system];
            // Only a repository that manages this tenancy system can tell a missing tenant from one defined elsewhere.
            if (known.size === 0 || known.has(mark.tenant)) continue;
            context.report({
              node: markNode(obj, mark),
              messageId: "unknownTenant",
              data: {
                what: describe(obj),
                system: SYSTEM_NAME[mark.system],
                tenant: mark.tenant,
                mark: mark.via,
                known: listed([...known.keys()]),
              },
            });
          }
          const conflict = marks.find((m) => m.tenant !== marks[0]?.tenant);
          if (conflict && marks[0]) {
            context.report({
              node: markNode(obj, conflict),
              messageId: "conflictingMarks",
              data: { what: describe(obj), first: markText(marks[0]), second: markText(conflict) },
            });
          }
          if (obj.kind === "Account" && obj.group.startsWith("tenancy.kiosk.sh") && !hasSubjects(obj)) {
            context.report({ node: nameNode(obj), messageId: "accountWithoutSubjects", data: { account: obj.name ?? "(unnamed)" } });
          }
          const collision = collidingDefinition(obj, defined);
          if (collision) {
            context.report({
              node: nameNode(obj),
              messageId: "collidingNames",
              data: {
                this: describe(obj),
                other: `${describe(collision)} (${ws.relative(collision.filePath)}:${collision.line})`,
                tenant: obj.name ?? "",
              },
            });
          }
        }
      },
    };
  },
});

const SYSTEM_NAME = { capsule: "Capsule Tenant", kiosk: "kiosk Account" } as const;

function describe(obj: { kind: string; name: string | undefined }): string {
  const prefix = obj.kind === "Tenant" ? "Capsule " : obj.kind === "Space" || obj.kind === "Account" ? "kiosk " : "";
  return `${prefix}${obj.kind} '${obj.name ?? "(unnamed)"}'`;
}

function markText(mark: TenantMark): string {
  return `${SYSTEM_NAME[mark.system]} '${mark.tenant}' (${mark.via})`;
}

function markNode(obj: LintedObject, mark: TenantMark) {
  const node = nodeAt(obj.node, mark.path);
  return node ? asReportNode(node) : nameNode(obj);
}

function hasSubjects(account: LintedObject): boolean {
  const spec = account.value.spec;
  const subjects = spec && typeof spec === "object" && !Array.isArray(spec) ? spec.subjects : undefined;
  return Array.isArray(subjects) && subjects.length > 0;
}

/** A Capsule Tenant and a kiosk Account of the same name: the other one, when this object is one of them. */
function collidingDefinition(obj: LintedObject, defined: ReturnType<typeof tenantDefinitions>) {
  if (!obj.name) return undefined;
  if (obj.kind === "Tenant" && obj.group === "capsule.clastix.io") return defined.kiosk.get(obj.name);
  if (obj.kind === "Account" && obj.group.startsWith("tenancy.kiosk.sh")) return defined.capsule.get(obj.name);
  return undefined;
}

function listed(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => `'${n}'`).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}
