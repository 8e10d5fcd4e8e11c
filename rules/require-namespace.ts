import { isKnownClusterScoped, isNeverApplied } from "../core/manifest/scope.js";
import { createRule, nameNode } from "./support/rule.js";
import { customResourceScopes } from "../core/workspace/crd-scopes.js";
import { isKustomizePatch } from "../core/workspace/kustomize-patches.js";

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
        "{{kind}} '{{name}}' has no namespace, so it lands wherever it is applied. Set metadata.namespace, or `namespace:` in a kustomization.",
    },
  },
  create(context, kube) {
    return {
      Program() {
        if (kube.file.objects.length === 0 || isKustomizePatch(kube.workspace(), kube.file.filePath)) return;
        for (const obj of kube.file.objects) {
          if (obj.namespace || isNeverApplied(obj)) continue;
          // A CRD in the repository knows its kind's scope better than any list; else what the plugin knows.
          const scope = customResourceScopes(kube.workspace()).get(`${obj.group}/${obj.kind}`);
          if (scope === "Cluster" || (scope === undefined && isKnownClusterScoped(obj.group, obj.kind))) continue;
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
