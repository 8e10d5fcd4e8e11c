/**
 * eslint-plugin-kube: the plugin object. `configs.recommended` / `configs.strict` are flat-config arrays.
 */
import type { ESLint, Linter } from "eslint";
import { createRequire } from "node:module";
import { buildConfig } from "./configs/build.js";
import { helmTemplates } from "./processor.js";
import { rules } from "./rules/index.js";

const pkg = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: "kube" },
  rules,
  processors: { "helm-templates": helmTemplates },
  configs: {} as { recommended: Linter.Config[]; strict: Linter.Config[] },
} satisfies ESLint.Plugin;

plugin.configs.recommended = buildConfig("recommended", plugin as ESLint.Plugin, rules);
plugin.configs.strict = buildConfig("strict", plugin as ESLint.Plugin, rules);

export default plugin;
export type { KubeSettings } from "./settings.js";
