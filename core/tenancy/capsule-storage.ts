/**
 * Which StorageClasses a Capsule Tenant lets its namespaces claim from: `spec.storageClasses` (capsule.clastix.io
 * v1beta1/v1beta2). Capsule's PVC webhook admits a class that is listed in `allowed`, matches `allowedRegex`, or (v1beta2)
 * carries labels the `matchLabels`/`matchExpressions` selector selects; `default` is given to claims that name none.
 * No `storageClasses` at all: no enforcement, every class is allowed (capsule pkg/webhook/pvc, pkg/api/allowed_list.go;
 * projectcapsule.dev docs, Tenants > Enforcement > StorageClasses).
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import { selectorMatches } from "./label-selector.js";

export type ClassAllowance = "every-class" | "allowed" | "regex" | "selector" | "default";

export function isCapsuleTenant(obj: Pick<ManifestObject, "group" | "kind">): boolean {
  return obj.group === "capsule.clastix.io" && obj.kind === "Tenant";
}

/** How the Tenant allows this class, or undefined when its webhook would refuse a claim on it. */
export function capsuleClassAllowance(
  tenant: Pick<ManifestObject, "value">,
  storageClass: { name: string; labels: Readonly<Record<string, string>> },
): ClassAllowance | undefined {
  const spec = asRecord(tenant.value.spec);
  const rule = spec?.storageClasses;
  if (rule === undefined || rule === null) return "every-class";
  const record = asRecord(rule);
  // A malformed rule would be refused by the API server's schema: it widens nothing.
  if (!record) return undefined;
  if (asArray(record.allowed).some((name) => asString(name) === storageClass.name)) return "allowed";
  const regex = asString(record.allowedRegex);
  if (regex && matchesRegex(regex, storageClass.name)) return "regex";
  const hasSelector = asRecord(record.matchLabels) !== undefined || asArray(record.matchExpressions).length > 0;
  if (hasSelector && selectorMatches(record, storageClass.labels)) return "selector";
  if (asString(record.default) === storageClass.name) return "default";
  return undefined;
}

/** Go's regexp.MatchString (unanchored); a pattern JavaScript cannot compile matches nothing. */
function matchesRegex(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}
