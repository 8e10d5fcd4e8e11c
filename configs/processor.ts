/**
 * The `kube/helm-templates` processor: files the plugin does not lint never reach the parser. Helm chart templates
 * are skipped silently (see manifest/helm.ts); binary data and files over the size limit are skipped with a warning
 * (see manifest/skip.ts). Every other YAML file passes through untouched, so fixes and suggestions keep working.
 * It also tells the `kube/yaml` language when a file starts and when ESLint is done with it (see language.ts).
 */
import type { Linter } from "eslint";
import { lintSkipOf, skipWarning } from "../core/manifest/skip.js";
import { fileLinted, fileStarting } from "./language.js";

/** Warnings for files preprocess() skipped, handed to postprocess() of the same file (ESLint calls both in a row). */
const pendingWarnings = new Map<string, string>();

export const helmTemplates: Linter.Processor = {
  meta: { name: "kube/helm-templates" },
  supportsAutofix: true,
  preprocess(text, filename) {
    fileStarting(filename);
    const skip = lintSkipOf(text, filename);
    if (!skip) return [text]; // a string block is linted as the original file
    const warning = skipWarning(skip);
    if (warning) pendingWarnings.set(filename, warning);
    return []; // nothing to lint here
  },
  postprocess(messages, filename) {
    fileLinted(filename);
    const warning = pendingWarnings.get(filename);
    if (warning === undefined) return messages.flat();
    pendingWarnings.delete(filename);
    return [{ ruleId: null, severity: 1, message: warning, line: 1, column: 1 }];
  },
};
