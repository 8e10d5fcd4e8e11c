import type { Rule } from "eslint";
import type { LintedObject } from "../core/manifest/model.js";
import { getPair, nodeAt, unwrap } from "../core/manifest/yaml-ast.js";
import { asReportNode, createRule, nameNode } from "./support/rule.js";
import { fileTenantTargets } from "./support/rule-tenants.js";
import type { TenantScope } from "../core/tenancy/namespaces.js";
import { ENFORCE_LABEL, enforcedLevel, meetsLevel, POD_SECURITY_LEVELS, type PodSecurityLevel } from "../core/tenancy/pod-security-level.js";
import { describeTarget, describeTenant, TARGET_OPTION_SCHEMA } from "../core/tenancy/targets.js";

interface Options {
  tenants: TenantScope;
  ignore: string[];
  /** The weakest Pod Security level a tenant namespace may enforce. */
  level: Exclude<PodSecurityLevel, "privileged">;
}

export default createRule({
  name: "require-pod-security",
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description: "Require Pod Security admission (`pod-security.kubernetes.io/enforce`) on each tenant namespace",
      presets: {
        recommended: { severity: "error", options: [{ tenants: "marked", level: "baseline" }] },
        strict: { severity: "error", options: [{ tenants: "all", level: "restricted" }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          ...TARGET_OPTION_SCHEMA,
          level: { enum: ["baseline", "restricted"], description: "the weakest level a tenant namespace may enforce" },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ tenants: "marked", ignore: [], level: "baseline" }],
    messages: {
      missing:
        "{{target}}{{tenant}} has no `pod-security.kubernetes.io/enforce` label. Set it to `{{level}}` or stricter.",
      weak:
        "{{target}}{{tenant}} enforces Pod Security '{{value}}'{{from}}, weaker than '{{level}}'. Set `pod-security.kubernetes.io/enforce: {{level}}`.",
      invalid:
        "{{target}}{{tenant}} sets `pod-security.kubernetes.io/enforce: {{value}}`{{from}}, which is not a Pod Security level. Use `{{level}}`.",
      setLabel: "Set `" + ENFORCE_LABEL + ": {{level}}` on this namespace",
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
          const enforced = enforcedLevel(target.ownLabels, index.managedLabels(target.protection));
          if (enforced && meetsLevel(enforced.value, options.level)) continue;
          const own = enforced !== undefined && enforced.managed === undefined;
          const valueNode = own ? labelValueNode(target.object) : undefined;
          const fix = target.object.kind === "Namespace" || target.object.kind === "Space" ? labelFix(target.object, options.level) : undefined;
          const managed = enforced?.managed;
          context.report({
            node: valueNode ?? nameNode(target.object),
            messageId: !enforced ? "missing" : POD_SECURITY_LEVELS.includes(enforced.value as PodSecurityLevel) ? "weak" : "invalid",
            data: {
              target: describeTarget(target),
              tenant: describeTenant(target),
              level: options.level,
              value: enforced?.value ?? "",
              from: managed ? ` (set by ${managed.via}, ${ws.relative(managed.evidence.filePath)}:${managed.evidence.line})` : "",
            },
            // A label forced by the operator would be overwritten: fix it there, not here.
            suggest: fix && !managed ? [{ messageId: "setLabel", data: { level: options.level }, fix }] : [],
          });
        }
      },
    };

    function labelValueNode(obj: LintedObject): Rule.Node | undefined {
      const value = getPair(nodeAt(obj.node, ["metadata", "labels"]), ENFORCE_LABEL)?.value;
      return value ? asReportNode(value) : undefined;
    }

    /** Set the label in `metadata.labels`, creating `labels:` in a block `metadata:` when needed. */
    function labelFix(obj: LintedObject, level: string): Rule.ReportFixer | undefined {
      const metadata = unwrap(nodeAt(obj.node, ["metadata"]));
      if (metadata?.type !== "YAMLMapping") return undefined;
      const labelsPair = getPair(metadata, "labels");
      const labels = labelsPair ? unwrap(labelsPair.value) : undefined;
      const existing = getPair(labels, ENFORCE_LABEL)?.value;
      const line = `${ENFORCE_LABEL}: ${level}`;
      if (existing) return (fixer) => fixer.replaceTextRange(existing.range, level);
      if (labels?.type === "YAMLMapping" && labels.style === "block") {
        const first = labels.pairs[0];
        const last = labels.pairs[labels.pairs.length - 1];
        if (!first || !last) return undefined;
        return (fixer) => fixer.insertTextAfterRange(last.range, `\n${" ".repeat(first.loc.start.column)}${line}`);
      }
      if (labels?.type === "YAMLMapping") {
        const last = labels.pairs[labels.pairs.length - 1];
        return last
          ? (fixer) => fixer.insertTextAfterRange(last.range, `, ${line}`)
          : (fixer) => fixer.replaceTextRange(labels.range, `{${line}}`);
      }
      if (labelsPair || metadata.style !== "block") return undefined; // `labels:` null or odd shapes: no safe edit
      const first = metadata.pairs[0];
      const last = metadata.pairs[metadata.pairs.length - 1];
      if (!first || !last) return undefined;
      const indent = " ".repeat(first.loc.start.column);
      return (fixer) => fixer.insertTextAfterRange(last.range, `\n${indent}labels:\n${indent}  ${line}`);
    }
  },
});
