/**
 * What the LimitRanges of a namespace give a container that sets no resources. Follows the API server's defaulting
 * of a `type: Container` item: a missing `default` is taken from `max`, a missing `defaultRequest` from `default`,
 * then from `min` — so `max: {cpu, memory}` alone also yields defaults.
 */
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { ProtectingObject } from "./protection.js";

export type LimitField = "default" | "defaultRequest" | "max";
export const LIMIT_FIELDS: readonly LimitField[] = ["default", "defaultRequest", "max"];

export interface ContainerLimits {
  /** Per field, the resource names it covers ("*" when a generated LimitRange we cannot read provides it). */
  covered: Record<LimitField, Set<string>>;
  /** LimitRanges with at least one Container item. */
  contributing: ProtectingObject[];
  /** LimitRanges with no Container item (Pod or PVC limits only): near misses for messages. */
  other: ProtectingObject[];
}

export function containerLimits(limitRanges: readonly ProtectingObject[]): ContainerLimits {
  const covered: Record<LimitField, Set<string>> = { default: new Set(), defaultRequest: new Set(), max: new Set() };
  const result: ContainerLimits = { covered, contributing: [], other: [] };
  for (const lr of limitRanges) {
    if (!lr.spec) {
      for (const f of LIMIT_FIELDS) covered[f].add("*");
      result.contributing.push(lr);
      continue;
    }
    const items = asArray(lr.spec.limits).map(asRecord).filter((i) => asString(i?.type) === "Container");
    if (items.length === 0) {
      result.other.push(lr);
      continue;
    }
    result.contributing.push(lr);
    for (const item of items) {
      const keys = (field: string) => Object.keys(asRecord(item?.[field]) ?? {});
      const max = keys("max");
      const defaults = new Set([...keys("default"), ...max]);
      const requests = new Set([...keys("defaultRequest"), ...defaults, ...keys("min")]);
      for (const r of max) covered.max.add(r);
      for (const r of defaults) covered.default.add(r);
      for (const r of requests) covered.defaultRequest.add(r);
    }
  }
  return result;
}

/** The "field resource" pairs missing, e.g. ["default memory", "max cpu"]. */
/** "default cpu/memory, max cpu": missingLimits' "field resource" items, one field each, to keep messages short. */
export function joinLimits(missing: readonly string[]): string {
  const byField = new Map<string, string[]>();
  for (const item of missing) {
    const space = item.indexOf(" ");
    const field = item.slice(0, space);
    byField.set(field, [...(byField.get(field) ?? []), item.slice(space + 1)]);
  }
  return [...byField].map(([field, resources]) => `${field} ${resources.join("/")}`).join(", ");
}

export function missingLimits(limits: ContainerLimits, fields: readonly LimitField[], resources: readonly string[]): string[] {
  const missing: string[] = [];
  for (const field of fields) {
    const set = limits.covered[field];
    if (set.has("*")) continue;
    for (const resource of resources) if (!set.has(resource)) missing.push(`${field} ${resource}`);
  }
  return missing;
}
