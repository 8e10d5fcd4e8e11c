import { defaultPullPolicy } from "../core/manifest/image-pull.js";
import { isCompletePodTemplate, podTemplateOf } from "../core/manifest/pod-templates.js";
import { nodeAt, unwrap } from "../core/manifest/yaml-ast.js";
import { podView } from "../core/podsecurity/pod-view.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { isKustomizePatch } from "../core/workspace/kustomize-patches.js";
import { setMappingScalarFix } from "./support/rule-fixes.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";

interface Options {
  tenants: TenantScope;
  /** The cluster runs the AlwaysPullImages admission plugin: it sets Always on every container itself. */
  alwaysPullImages: boolean;
}

export default createRule({
  name: "require-image-pull-always",
  meta: {
    type: "problem",
    fixable: "code",
    docs: {
      description: "Require `imagePullPolicy: Always` on the containers of tenant workloads, so cached private images stay private",
      presets: {
        strict: { severity: "error", options: [{ tenants: "all", alwaysPullImages: false }] },
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
          alwaysPullImages: {
            type: "boolean",
            description: "The cluster enables the AlwaysPullImages admission plugin, which forces Always itself: the rule is then silent.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", alwaysPullImages: false }],
    messages: {
      explicit:
        "Container '{{container}}' of {{kind}} '{{name}}' in tenant namespace '{{namespace}}' has imagePullPolicy {{policy}}. " +
        "Set imagePullPolicy: Always.",
      defaulted:
        "Container '{{container}}' of {{kind}} '{{name}}' in tenant namespace '{{namespace}}' omits imagePullPolicy, which " +
        "defaults to IfNotPresent for this image. Set imagePullPolicy: Always.",
    },
  },
  create(context, kube) {
    const options = context.options[0] as Options;
    if (options.alwaysPullImages) return {};
    return {
      Program() {
        if (kube.file.objects.length === 0 || isKustomizePatch(kube.workspace(), kube.file.filePath)) return;
        const text = context.sourceCode.text;
        for (const obj of kube.file.objects) {
          const template = podTemplateOf(obj);
          if (!template || !isCompletePodTemplate(template)) continue;
          const catalog = kube.namespaces();
          const namespace = kube.workspace().effectiveNamespaces(obj).find((ns) => catalog.tenantOf(ns, options.tenants));
          if (!namespace) continue;
          for (const container of podView(template.value).containers) {
            const image = container.value.image;
            if (typeof image !== "string") continue;
            // `imagePullPolicy:` with no value is null, which the API server treats as omitted.
            const policy = container.value.imagePullPolicy ?? undefined;
            if (policy === "Always" || (policy === undefined && defaultPullPolicy(image) === "Always")) continue;
            const containerPath = [...template.path, ...container.path];
            const containerNode = nodeAt(obj.node, containerPath);
            const field = nodeAt(obj.node, [...containerPath, policy === undefined ? "image" : "imagePullPolicy"]);
            const fix = setMappingScalarFix(text, unwrap(containerNode) === containerNode ? containerNode : null, "imagePullPolicy", "Always");
            const data = {
              container: container.name,
              kind: obj.kind,
              name: obj.name ?? "(unnamed)",
              namespace,
              policy: typeof policy === "string" ? policy : JSON.stringify(policy),
            };
            context.report({
              node: field ? asReportNode(field) : nameNode(obj),
              messageId: policy === undefined ? "defaulted" : "explicit",
              data,
              ...(fix ? { fix } : {}),
            });
          }
        }
      },
    };
  },
});
