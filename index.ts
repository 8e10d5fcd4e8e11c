/**
 * eslint-plugin-kube: the plugin object. `configs.recommended` / `configs.strict` are flat-config arrays.
 */
import type { ESLint, Linter } from "eslint";
import { buildConfig } from "./configs/build.js";
import { kubeYamlLanguage } from "./configs/language.js";
import { helmTemplates } from "./configs/processor.js";
import { packageInfo } from "./core/package-info.js";
import { rules } from "./rules/index.js";

const pkg = packageInfo();

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: "kube" },
  rules,
  processors: { "helm-templates": helmTemplates },
  // eslint-plugin-yml's YAML language, letting go of each file's tree once linted (configs/language.ts).
  languages: { yaml: kubeYamlLanguage() },
  configs: {} as { recommended: Linter.Config[]; strict: Linter.Config[] },
} satisfies ESLint.Plugin;

plugin.configs.recommended = buildConfig("recommended", plugin as ESLint.Plugin, rules);
plugin.configs.strict = buildConfig("strict", plugin as ESLint.Plugin, rules);

export default plugin;
export type { KubeSettings } from "./core/settings.js";
