/**
 * Substitution placeholders left in names by GitOps tools: Flux post-build substitution (`${CLUSTER_NAME}`,
 * `${tenant:=dev}`) and Argo CD ApplicationSet / Helm templates (`{{ .name }}`, `{{cluster}}`). Such a value is
 * filled in at delivery time: it names nothing yet, so it is never taken as a namespace, tenant or ServiceAccount.
 */
const SUBSTITUTION = /\$\{[^}]*\}/;
const TEMPLATE = /\{\{.*\}\}/s;

/** A Flux `${…}` substitution anywhere in the value. */
export function hasSubstitution(value: string): boolean {
  return value.includes("${") && SUBSTITUTION.test(value);
}

/** A `{{ … }}` template anywhere in the value (ApplicationSet, Helm). */
export function isTemplated(value: string): boolean {
  return value.includes("{{") && TEMPLATE.test(value);
}

/** Either kind of placeholder: the value is not a name yet. */
export function isPlaceholder(value: string): boolean {
  return hasSubstitution(value) || isTemplated(value);
}
