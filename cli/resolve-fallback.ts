/**
 * A repository's own eslint.config.mjs imports "eslint-plugin-kube" — but under pre-commit (or `npx -p`), the plugin
 * is installed in kube-lint's own environment, not in the repository's node_modules, and ESM ignores NODE_PATH.
 * This registers a resolve hook: when a bare import of the plugin or of ESLint cannot be resolved from the config's
 * folder, it is resolved from kube-lint's own installation instead. A copy the repository installed itself still wins.
 */
import { register } from "node:module";

export function registerResolveFallback(): void {
  register("./resolve-hooks.js", import.meta.url, { data: { fallbackParent: import.meta.url } });
}
