/**
 * Files the plugin does not lint, and why. Decided on the raw text before any parse, so a hostile file costs one
 * scan of its text, not a parse: Helm templates (silently: they are not YAML), binary data and huge generated files
 * (with a warning, so nobody believes a file was checked when it was not).
 */
import { isHelmTemplate } from "./helm.js";

/** Linted files above this size are skipped: parsing a 50 MB bundle would stall an editor or a pre-commit hook. */
export const MAX_LINTED_CHARS = 5 * 1024 * 1024;

export type LintSkip =
  | { reason: "helm-template" }
  | { reason: "binary" }
  | { reason: "utf-16" }
  | { reason: "too-large"; size: number };

export function lintSkipOf(text: string, filePath: string): LintSkip | undefined {
  if (text.length > MAX_LINTED_CHARS) return { reason: "too-large", size: text.length };
  if (text.includes("\u0000")) return isUtf16ReadAsUtf8(text) ? { reason: "utf-16" } : { reason: "binary" };
  if (isHelmTemplate(text, filePath)) return { reason: "helm-template" };
  return undefined;
}

/**
 * ESLint reads every file as UTF-8: a UTF-16 byte-order mark (FF FE or FE FF) comes out as two U+FFFD, and every
 * ASCII character brings a NUL. (An editor that decodes UTF-16 hands over proper text, which is linted as usual.)
 */
function isUtf16ReadAsUtf8(text: string): boolean {
  return text.startsWith("\uFFFD\uFFFD");
}

const MB = 1024 * 1024;

/** The warning shown for a skipped file; undefined when the skip is silent (Helm templates, documented). */
export function skipWarning(skip: LintSkip): string | undefined {
  switch (skip.reason) {
    case "helm-template":
      return undefined;
    case "binary":
      return (
        "eslint-plugin-kube skipped this file: it holds binary data (NUL bytes), not YAML, so nothing in it was checked. " +
        "Give it another extension, or add it to your config's ignores."
      );
    case "utf-16":
      return (
        "eslint-plugin-kube skipped this UTF-16 file (ESLint reads files as UTF-8), so nothing in it was checked. " +
        "Re-save it as UTF-8: iconv -f UTF-16 -t UTF-8."
      );
    case "too-large":
      return (
        `eslint-plugin-kube skipped this file: ${(skip.size / MB).toFixed(1)} MB is over the ` +
        `${MAX_LINTED_CHARS / MB} MB limit for one file, so nothing in it was checked (parsing it would stall the run). ` +
        "Lint the sources it is generated from, split it, or add it to your config's ignores."
      );
  }
}
