/**
 * The configs are derived from each rule's `meta.docs.presets` when the plugin loads, so no generated file can drift
 * from the rules. Both configs sit on eslint-plugin-yml's base config and lint YAML files with the plugin's
 * `kube/yaml` language (eslint-plugin-yml's, freeing each file's tree once linted: language.ts).
 */
import type { ESLint, Linter } from "eslint";
import yml from "eslint-plugin-yml";
import type { KubeRuleModule, Preset } from "../rules/support/rule.js";

export type ConfigName = "recommended" | "strict";

/**
 * Extensions in any case: `values.YAML` is read by the index (and applied by kubectl) like `values.yaml`, and
 * ESLint's `files` globs are case-sensitive.
 */
export const YAML_FILES = ["**/*.[yY][aA][mM][lL]", "**/*.[yY][mM][lL]", "**/Kustomization"];

/** eslint-plugin-yml rules that catch real manifest bugs without imposing a style. */
const YML_RULES: Linter.RulesRecord = {
  // Irregular whitespace hides in copy-pasted manifests. (Not yml/no-tab-indent: tab indentation is already a parse
  // error, and the rule also reported tabs inside block scalar content, which is valid YAML.)
  // Comments are skipped: a no-break space after `#` harms nothing (the one hit on the shared corpus).
  "yml/no-irregular-whitespace": ["error", { skipComments: true }],
  // `- ` with nothing: a null entry in containers/volumes/rules that the API server rejects at apply time.
  // (Not yml/no-empty-mapping-value: `key:` meaning null/unset is everyday Kubernetes and Helm-values style,
  // e.g. an empty `matchLabels:`; it gave 91 findings and no real bug on the shared corpus.)
  "yml/no-empty-sequence-entry": "error",
  "yml/no-empty-key": "error",
};

/** How a config sets a rule; strict is a superset: a rule only in recommended keeps its recommended setting there. */
export function presetOf(rule: KubeRuleModule, name: ConfigName): Preset | undefined {
  const presets = rule.meta.docs.presets;
  return name === "strict" ? (presets.strict ?? presets.recommended) : presets.recommended;
}

export function buildConfig(
  name: ConfigName,
  plugin: ESLint.Plugin,
  rules: Record<string, KubeRuleModule>,
): Linter.Config[] {
  const kubeRules: Linter.RulesRecord = {};
  for (const [id, rule] of Object.entries(rules)) {
    const preset = presetOf(rule, name);
    if (preset) kubeRules[`kube/${id}`] = [preset.severity, ...(preset.options ?? [])] as Linter.RuleEntry;
  }
  return [
    // The base's `files` are lower-case; ours cover every spelling, so `.YAML` files get the same language setup.
    ...(yml.configs["flat/base"] as Linter.Config[]).map((c) => ({ ...c, ...(c.files && { files: YAML_FILES }), name: `kube/${name}/yml-base` })),
    {
      name: `kube/${name}`,
      files: YAML_FILES,
      // eslint-plugin-yml's language, wrapped so each file's AST can be freed once linted (language.ts).
      language: "kube/yaml",
      plugins: { kube: plugin },
      processor: "kube/helm-templates",
      rules: { ...YML_RULES, ...kubeRules },
    },
  ];
}
