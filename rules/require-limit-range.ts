import { fileTenantTargets } from "./support/rule-tenants.js";
import { createRule, nameNode } from "./support/rule.js";
import { appendStubSuggestion } from "./support/rule-fixes.js";
import { containerLimits, LIMIT_FIELDS, missingLimits, type LimitField } from "../core/tenancy/limit-defaults.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { limitRangeStub } from "../core/tenancy/stubs.js";
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
  /** LimitRange fields a `type: Container` item must give (after the API server's defaulting). */
  require: LimitField[];
  /** Resources each required field must cover. */
  resources: string[];
}

export default createRule({
  name: "require-limit-range",
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description: "Require a LimitRange giving containers default requests and limits in each tenant namespace",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", require: ["default", "defaultRequest"] }] },
        strict: { severity: "error", options: [{ tenants: "all", require: ["default", "defaultRequest", "max"] }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          ...TARGET_OPTION_SCHEMA,
          require: {
            type: "array",
            items: { enum: [...LIMIT_FIELDS] },
            uniqueItems: true,
            description: "fields a `type: Container` limit must set",
          },
          resources: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "resources each required field must cover",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", ignore: [], require: ["default", "defaultRequest"], resources: ["cpu", "memory"] }],
    messages: {
      missing:
        "{{target}}{{tenant}} gets no container {{missing}} from a LimitRange.{{found}} Add a `type: Container` LimitRange that sets them.",
      appendStub: "Append a LimitRange with container defaults for namespace '{{namespace}}' to this file",
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
          const limits = containerLimits(index.protecting(target.protection, "LimitRange"));
          const missing = missingLimits(limits, options.require, options.resources);
          if (missing.length === 0) continue;
          const near = [
            ...limits.contributing.map((p) => `${cite(ws, p)} lacks ${missingLimits(containerLimits([p]), options.require, options.resources).join(", ")}`),
            ...limits.other.map((p) => `${cite(ws, p)} has no \`type: Container\` item`),
          ];
          context.report({
            node: nameNode(target.object),
            messageId: "missing",
            data: {
              target: describeTarget(target),
              tenant: describeTenant(target),
              missing: missing.join(", "),
              found: foundNote(near),
              fields: options.require.join(", "),
              resources: options.resources.join(", "),
            },
            suggest: appendStubSuggestion(context, target.namespace, (ns) =>
              limitRangeStub(ns, options.require, options.resources),
            ),
          });
        }
      },
    };
  },
});
