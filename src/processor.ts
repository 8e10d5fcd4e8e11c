/**
 * The `kube/helm-templates` processor: Helm chart templates are skipped on purpose (see manifest/helm.ts); every
 * other YAML file passes through untouched, so fixes and suggestions keep working.
 */
import type { Linter } from "eslint";
import { isHelmTemplate } from "./manifest/helm.js";

export const helmTemplates: Linter.Processor = {
  meta: { name: "kube/helm-templates" },
  supportsAutofix: true,
  preprocess(text, filename) {
    // A string block is linted as the original file; an empty list means "nothing to lint here".
    return isHelmTemplate(text, filename) ? [] : [text];
  },
  postprocess(messages) {
    return messages.flat();
  },
};
