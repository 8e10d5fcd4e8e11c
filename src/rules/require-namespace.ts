import { isClusterScoped } from "../manifest/model.js";
import { createRule, nameNode } from "../rule.js";

/** Files that look like objects but are never applied to a cluster. */
const NOT_APPLIED = new Set(["Config", "Component", "Kustomization"]);

export default createRule({
  name: "require-namespace",
  meta: {
    type: "problem",
    docs: {
      description: "Require a namespace on namespaced objects, from `metadata.namespace` or a Kustomize `namespace:`",
      presets: { strict: { severity: "error" } },
    },
    schema: [],
    messages: {
      missing:
        "{{kind}} '{{name}}' has no namespace: it lands in whatever namespace the applier uses (often 'default'). " +
        "Set metadata.namespace, or `namespace:` in a kustomization.yaml that includes this file.",
    },
  },
  create(context, kube) {
    return {
      Program() {
        for (const obj of kube.file.objects) {
          if (obj.namespace || isClusterScoped(obj.kind) || NOT_APPLIED.has(obj.kind)) continue;
          if (obj.apiVersion.startsWith("kustomize.config.k8s.io")) continue;
          if (kube.workspace().kustomizeNamespacesOf(obj.filePath).length > 0) continue;
          context.report({
            node: nameNode(obj),
            messageId: "missing",
            data: { kind: obj.kind, name: obj.name ?? "(unnamed)" },
          });
        }
      },
    };
  },
});
