import { fileTenantTargets } from "./support/rule-tenants.js";
import { createRule, nameNode } from "./support/rule.js";
import { appendStubSuggestion } from "./support/rule-fixes.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { missingQuota, quotaCoverage } from "../core/tenancy/quota-coverage.js";
import { resourceQuotaStub } from "../core/tenancy/stubs.js";
import {
  cite,
  describeTarget,
  describeTenant,
  foundNote,
  TARGET_OPTION_SCHEMA,
} from "../core/tenancy/targets.js";

interface Options {
  tenants: TenantScope;
  ignore: string[];
  /** Resources an unscoped quota must bound: `cpu` is met by `cpu`, `requests.cpu` or `limits.cpu`; `pods` by `count/pods` too. */
  resources: string[];
}

/** Untrusted tenants can also exhaust the API server and etcd with objects: bound their counts. */
const STRICT_RESOURCES = ["cpu", "memory", "pods", "services", "persistentvolumeclaims"];

export default createRule({
  name: "require-resource-quota",
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description: "Require a ResourceQuota bounding cpu and memory (strict: also object counts) in each tenant namespace",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", resources: ["cpu", "memory"] }] },
        strict: { severity: "error", options: [{ tenants: "all", resources: STRICT_RESOURCES }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          ...TARGET_OPTION_SCHEMA,
          resources: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "resources an unscoped ResourceQuota must bound",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", ignore: [], resources: ["cpu", "memory"] }],
    messages: {
      missing:
        "{{target}}{{tenant}} has no ResourceQuota bounding {{missing}}.{{found}} Add one that bounds them, there or for its tenant.",
      appendStub: "Append a ResourceQuota for namespace '{{namespace}}' to this file",
    },
  },
  create(context, kube) {
    const [options] = context.options as [Options];
    return {
      Program() {
        const file = fileTenantTargets(kube, options);
        if (!file) return;
        const { ws, index } = file;
        for (const target of file.targets) {
          const coverage = quotaCoverage(index.protecting(target.protection, "ResourceQuota"));
          const missing = missingQuota(coverage, options.resources);
          if (missing.length === 0) continue;
          const near = [
            ...coverage.contributing.map((p) => `${cite(ws, p)} lacks ${missingQuota(quotaCoverage([p]), options.resources).join(", ")}`),
            ...coverage.scoped.map((p) => `${cite(ws, p)} is scoped, so it bounds only some pods`),
          ];
          context.report({
            node: nameNode(target.object),
            messageId: "missing",
            data: {
              target: describeTarget(target),
              tenant: describeTenant(target),
              missing: missing.join(", "),
              found: foundNote(near),
            },
            suggest: appendStubSuggestion(context, target.namespace, (ns) => resourceQuotaStub(ns, missing)),
          });
        }
      },
    };
  },
});
