/**
 * Which resources the ResourceQuotas of a namespace bound. A required resource `r` is bounded by a hard key `r`,
 * `requests.r`, `limits.r` or `count/r` (cpu: `requests.cpu`; pods: `pods` or `count/pods`). A quota with `scopes`
 * or a `scopeSelector` bounds only some pods (BestEffort, a priority class...), so it does not count.
 */
import { asArray, asRecord } from "../manifest/yaml-ast.js";
import type { ProtectingObject } from "./protection.js";

export interface QuotaCoverage {
  /** Hard keys of unscoped quotas ("*" when a generated quota we cannot read is present). */
  hardKeys: Set<string>;
  contributing: ProtectingObject[];
  /** Scoped quotas: they bound only some pods. */
  scoped: ProtectingObject[];
}

export function quotaCoverage(quotas: readonly ProtectingObject[]): QuotaCoverage {
  const result: QuotaCoverage = { hardKeys: new Set(), contributing: [], scoped: [] };
  for (const quota of quotas) {
    if (!quota.spec) {
      result.hardKeys.add("*");
      result.contributing.push(quota);
      continue;
    }
    if (asArray(quota.spec.scopes).length > 0 || asRecord(quota.spec.scopeSelector)) {
      result.scoped.push(quota);
      continue;
    }
    result.contributing.push(quota);
    for (const key of Object.keys(asRecord(quota.spec.hard) ?? {})) result.hardKeys.add(key);
  }
  return result;
}

export function bounds(hardKeys: ReadonlySet<string>, resource: string): boolean {
  if (hardKeys.has("*")) return true;
  return [resource, `requests.${resource}`, `limits.${resource}`, `count/${resource}`].some((k) => hardKeys.has(k));
}

export function missingQuota(coverage: QuotaCoverage, resources: readonly string[]): string[] {
  return resources.filter((r) => !bounds(coverage.hardKeys, r));
}
