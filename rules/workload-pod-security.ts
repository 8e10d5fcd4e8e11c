import { isCompletePodTemplate, podTemplateOf } from "../core/manifest/pod-templates.js";
import { getPair, nodeAt, unwrap, type YContent, type YMapping } from "../core/manifest/yaml-ast.js";
import { evaluatePodSecurity } from "../core/podsecurity/evaluate.js";
import { isAtLeast, policyName, type PodSecurityPolicy } from "../core/podsecurity/levels.js";
import { enforcedPolicy } from "../core/podsecurity/namespace-policy.js";
import { asReportNode, createRule, nameNode, type KubeContext } from "./support/rule.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import type { LintedObject } from "../core/manifest/model.js";
import { isKustomizePatch } from "../core/workspace/kustomize-patches.js";

interface Options {
  tenants: TenantScope;
  /** Level a tenant namespace without an enforce label is held to; "none": only labelled namespaces are checked. */
  tenantDefaultLevel: "none" | "baseline" | "restricted";
}

/** The policy a workload's pods meet at creation, and why: a label, or this rule's option for unlabelled tenants. */
interface Governing {
  namespace: string;
  policy: PodSecurityPolicy;
  source: string;
  /** Set when no label governs and the tenant default level applies. */
  tenant?: string;
}

export default createRule({
  name: "workload-pod-security",
  meta: {
    type: "problem",
    docs: {
      description: "Report workloads whose pods the Pod Security level of their namespace would reject at creation",
      presets: {
        recommended: { severity: "error" },
        strict: { severity: "error", options: [{ tenants: "all", tenantDefaultLevel: "restricted" }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          tenants: {
            enum: ["marked", "all"],
            description: "Tenant namespaces for `tenantDefaultLevel`: marked ones (Capsule, kiosk, HNC, labels), or every non-system one.",
          },
          tenantDefaultLevel: {
            enum: ["none", "baseline", "restricted"],
            description: "Level a tenant namespace without an enforce label is held to; a label that is present always governs.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", tenantDefaultLevel: "none" }],
    messages: {
      rejected:
        "{{kind}} '{{name}}' would violate PodSecurity \"{{policy}}\": {{violation}}. Fix the pod template: namespace '{{namespace}}' enforces it.",
      rejectedTenant:
        "{{kind}} '{{name}}' would violate PodSecurity \"{{policy}}\": {{violation}}. Fix the pod template, and label namespace '{{namespace}}' to enforce a level.",
    },
  },
  create(context, kube) {
    const options = context.options[0] as Options;
    return {
      Program() {
        if (kube.file.objects.length === 0 || isKustomizePatch(kube.workspace(), kube.file.filePath)) return;
        for (const obj of kube.file.objects) {
          const template = podTemplateOf(obj);
          if (!template || !isCompletePodTemplate(template)) continue;
          const governing = governingPolicy(obj, kube, options);
          if (!governing) continue;
          for (const violation of evaluatePodSecurity(template.value, governing.policy)) {
            const field =
              fieldNode(obj.node, [...template.path, ...violation.path]) ??
              (violation.anchor ? fieldNode(obj.node, [...template.path, ...violation.anchor]) : null);
            context.report({
              node: field ? asReportNode(field) : nameNode(obj),
              messageId: governing.tenant === undefined ? "rejected" : "rejectedTenant",
              data: {
                kind: obj.kind,
                name: obj.name ?? "(unnamed)",
                policy: policyName(governing.policy),
                level: governing.policy.level,
                violation: violation.message,
                namespace: governing.namespace,
                source: governing.source,
                tenant: governing.tenant ?? "",
              },
            });
          }
        }
      },
    };
  },
});

/** The strictest policy among the namespaces the workload lands in (Kustomize overlays may give several). */
function governingPolicy(obj: LintedObject, kube: KubeContext, options: Options): Governing | undefined {
  let best: Governing | undefined;
  for (const namespace of kube.workspace().effectiveNamespaces(obj)) {
    const candidate = namespacePolicy(namespace, kube, options);
    if (candidate && (!best || !isAtLeast(best.policy.level, candidate.policy.level))) best = candidate;
  }
  return best && best.policy.level !== "privileged" ? best : undefined;
}

/** The namespace's enforce label; else, for a tenant namespace, the level this rule's options hold it to. */
function namespacePolicy(namespace: string, kube: KubeContext, options: Options): Governing | undefined {
  const labelled = enforcedPolicy(namespace, kube.workspace(), kube.settings);
  if (labelled) return { namespace, ...labelled };
  if (options.tenantDefaultLevel === "none") return undefined;
  const tenant = kube.namespaces().tenantOf(namespace, options.tenants);
  if (!tenant) return undefined;
  const policy: PodSecurityPolicy = { level: options.tenantDefaultLevel, version: "latest" };
  return { namespace, policy, source: tenant.evidence, tenant: tenant.name };
}

/** The node of a field: its value when a scalar, else its key (a block mapping's value starts on the next line). */
function fieldNode(root: YMapping, path: readonly (string | number)[]): YContent | null {
  const value = nodeAt(root, path);
  const last = path[path.length - 1];
  if (!value || typeof last !== "string" || unwrap(value)?.type === "YAMLScalar") return value;
  return getPair(nodeAt(root, path.slice(0, -1)), last)?.key ?? value;
}
