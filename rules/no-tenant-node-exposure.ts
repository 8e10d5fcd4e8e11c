import { keyNodeAt, nodeAt, unwrap } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import { nodeExposures, type ExposureKind } from "../core/tenancy/node-exposure.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";

interface Options {
  tenants: TenantScope;
  allowLoadBalancer: boolean;
}

const MESSAGE_FOR: Record<ExposureKind, "nodePort" | "loadBalancer" | "externalIPs"> = {
  NodePort: "nodePort",
  LoadBalancer: "loadBalancer",
  externalIPs: "externalIPs",
};

export default createRule({
  name: "no-tenant-node-exposure",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow NodePort and LoadBalancer Services and `externalIPs` in tenant namespaces",
      presets: {
        recommended: { severity: "error" },
        strict: { severity: "error", options: [{ tenants: "all", allowLoadBalancer: false }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: {
            enum: ["marked", "all"],
            description: "Tenant namespaces: marked ones (Capsule, kiosk, HNC, labels), or every non-system one.",
          },
          allowLoadBalancer: { type: "boolean", description: "Whether tenants may create `type: LoadBalancer` Services." },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", allowLoadBalancer: true }],
    messages: {
      nodePort:
        "Service '{{name}}' in tenant namespace '{{namespace}}' is of type NodePort ({{detail}}). Use ClusterIP behind the shared Ingress or Gateway.",
      loadBalancer:
        "Service '{{name}}' in tenant namespace '{{namespace}}' is of type LoadBalancer ({{detail}}). Use ClusterIP behind the shared Ingress or Gateway, or allowLoadBalancer.",
      externalIPs:
        "Service '{{name}}' in tenant namespace '{{namespace}}' sets externalIPs ({{detail}}), which can capture other tenants' traffic. Remove externalIPs.",
    },
  },
  create(context, kube) {
    const options = context.options[0] as Options;
    return {
      Program() {
        for (const obj of kube.file.objects) {
          if (obj.kind !== "Service" || obj.group !== "") continue;
          const exposures = nodeExposures(obj.value, options);
          if (exposures.length === 0) continue;
          const catalog = kube.namespaces();
          const namespace = kube.workspace().effectiveNamespaces(obj).find((ns) => catalog.tenantOf(ns, options.tenants));
          const tenant = namespace === undefined ? undefined : catalog.tenantOf(namespace, options.tenants);
          if (!namespace || !tenant) continue;
          for (const exposure of exposures) {
            // `type: NodePort` on its value; a block list (externalIPs) on its key, where it starts.
            const value = nodeAt(obj.node, exposure.path);
            const field = unwrap(value)?.type === "YAMLScalar" ? value : (keyNodeAt(obj.node, exposure.path) ?? value);
            context.report({
              node: field ? asReportNode(field) : nameNode(obj),
              messageId: MESSAGE_FOR[exposure.kind],
              data: { name: obj.name ?? "(unnamed)", namespace, tenant: tenant.name, detail: exposure.detail },
            });
          }
        }
      },
    };
  },
});
