import { fileTenantTargets } from "./support/rule-tenants.js";
import { createRule, nameNode } from "./support/rule.js";
import { appendStubSuggestion } from "./support/rule-fixes.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { DIRECTIONS, isClosed, networkIsolation, type Direction } from "../core/tenancy/network-isolation.js";
import { networkPolicyStub } from "../core/tenancy/stubs.js";
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
  /** Directions every pod must be isolated for; empty: any policy selecting every pod will do. */
  defaultDeny: Direction[];
}

export default createRule({
  name: "require-network-policy",
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description:
        "Require a NetworkPolicy selecting every pod of each tenant namespace (own file, Kustomize, Capsule, kiosk or HNC)",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", defaultDeny: ["ingress"] }] },
        strict: { severity: "error", options: [{ tenants: "all", defaultDeny: ["ingress", "egress"] }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          ...TARGET_OPTION_SCHEMA,
          defaultDeny: {
            type: "array",
            items: { enum: ["ingress", "egress"] },
            uniqueItems: true,
            description: "directions every pod must be isolated for (empty: any policy selecting every pod)",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", ignore: [], defaultDeny: ["ingress"] }],
    messages: {
      missing:
        "{{target}}{{tenant}} has no NetworkPolicy that {{missing}}.{{found}} Add a default deny (`podSelector: {}`) there or for its tenant.",
      appendStub: "Append a default-deny NetworkPolicy for namespace '{{namespace}}' to this file",
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
          const isolation = networkIsolation(index.protecting(target.protection, "NetworkPolicy"));
          const open = options.defaultDeny.filter((d) => !isClosed(isolation, d));
          const missing =
            options.defaultDeny.length === 0
              ? isolation.selectingAll.length > 0
                ? undefined
                : "selects every pod"
              : open.length > 0
                ? `isolates ${open.join(" and ")} for every pod`
                : undefined;
          if (!missing) continue;
          const near = [
            ...isolation.partial.map((p) => `${cite(ws, p)} selects only some pods`),
            ...DIRECTIONS.flatMap((d) => isolation.opening[d].map((p) => `${cite(ws, p)} allows all ${d}`)),
          ];
          const directions = options.defaultDeny.length > 0 ? options.defaultDeny : (["ingress"] as Direction[]);
          context.report({
            node: nameNode(target.object),
            messageId: "missing",
            data: {
              target: describeTarget(target),
              tenant: describeTenant(target),
              missing,
              risk: options.defaultDeny.includes("egress") ? ", and they can reach any of them" : "",
              found: foundNote(near),
              types: directions.map((d) => (d === "ingress" ? "Ingress" : "Egress")).join(" + "),
            },
            suggest: appendStubSuggestion(context, target.namespace, (ns) => networkPolicyStub(ns, directions)),
          });
        }
      },
    };
  },
});
