import { nodeAt } from "../core/manifest/yaml-ast.js";
import { matchesNamePattern } from "../core/settings.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import type { Direction } from "../core/tenancy/network-isolation.js";
import { candidateNamespaces, carriedPolicies, crossingPeers, mayCarryPolicies, type Breach } from "../core/tenancy/network.js";
import { getProtectionIndex } from "../core/tenancy/protection.js";

interface Options {
  tenants: TenantScope;
  egress: boolean;
  ignore: string[];
}

const MESSAGE_FOR: Record<Breach, string> = {
  "every-source": "everySource",
  "every-namespace": "everyNamespace",
  internet: "internet",
  "other-tenant": "otherTenant",
};

export default createRule({
  name: "no-cross-tenant-ingress",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow NetworkPolicies in tenant namespaces (Capsule/kiosk templates included) that admit every namespace, the internet or another tenant",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", egress: false }] },
        strict: { severity: "error", options: [{ tenants: "all", egress: true }] },
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
          egress: { type: "boolean", description: "also check egress rules (to every namespace or another tenant)" },
          ignore: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "tenant names whose policies are not checked; entries ending in `*` are prefixes",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", egress: false, ignore: [] }],
    messages: {
      everySource:
        "{{policy}} {{where}} allows {{direction}} {{detail}}, letting every tenant in. List only the peers it needs.",
      everyNamespace:
        "{{policy}} {{where}} allows {{direction}} {{detail}}, letting every tenant in. Narrow it to own or system namespaces.",
      internet:
        "{{policy}} {{where}} allows {{direction}} {{detail}}, which on most CNIs includes every pod. Admit the ingress controller, or except private ranges.",
      otherTenant:
        "{{policy}} {{where}} allows {{direction}} {{detail}}, another tenant. Remove that peer.",
    },
  },
  create(context, kube) {
    const [options] = context.options as [Options];
    const directions: Direction[] = options.egress ? ["ingress", "egress"] : ["ingress"];
    return {
      Program() {
        if (!kube.file.objects.some((o) => mayCarryPolicies(o.kind))) return;
        const ws = kube.workspace();
        const catalog = kube.namespaces();
        let namespaces: ReturnType<typeof candidateNamespaces> | undefined;
        for (const obj of kube.file.objects) {
          for (const policy of carriedPolicies(obj, ws, catalog, options.tenants)) {
            if (policy.owners.length > 0 && policy.owners.every((o) => matchesNamePattern(o, options.ignore))) continue;
            namespaces ??= candidateNamespaces(catalog, getProtectionIndex(ws, kube.settings), ws, options.tenants);
            const query = { directions, owners: policy.owners, namespaces };
            for (const peer of crossingPeers(policy.kind, policy.spec, query)) {
              const node = nodeAt(obj.node, [...policy.specPath, ...peer.path]);
              context.report({
                node: node ? asReportNode(node) : nameNode(obj),
                messageId: MESSAGE_FOR[peer.breach],
                data: {
                  policy: policy.label,
                  where: policy.where,
                  direction: peer.direction === "ingress" ? "ingress from" : "egress to",
                  detail: peer.detail,
                },
              });
            }
          }
        }
      },
    };
  },
});
