/**
 * Helm chart templates are Go templates, not YAML: `{{- if }}` lines break any YAML parser, and even the ones that
 * parse hold placeholders (`namespace: {{ .Release.Namespace }}`) that would make every rule guess. We skip them on
 * purpose (lint the rendered output instead: `helm template . | ...`).
 *
 * A file is a template when a line *starts* with a template action (block-level `{{ if }}`, `{{- include }}`, ...),
 * or when it sits in a `templates/` folder and uses Helm's template vocabulary. Kyverno/JMESPath `{{ request.x }}`
 * variables inside quoted values elsewhere are ordinary YAML strings and stay linted.
 */

const LINE_STARTS_WITH_ACTION = /(^|\n)[ \t]*(- )?\{\{/;
const HELM_VOCABULARY = /\{\{-?\s*(\.|\$|include\b|template\b|toYaml\b|if\b|range\b|with\b|define\b|tpl\b|end\b)/;
const IN_TEMPLATES_FOLDER = /(^|[\\/])templates[\\/]/;

export function isHelmTemplate(text: string, filePath: string): boolean {
  if (!text.includes("{{")) return false;
  return LINE_STARTS_WITH_ACTION.test(text) || (IN_TEMPLATES_FOLDER.test(filePath) && HELM_VOCABULARY.test(text));
}
