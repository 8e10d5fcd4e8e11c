/**
 * Pod Security admission on a namespace: the `pod-security.kubernetes.io/enforce` label, from the namespace itself or
 * from a tenancy operator. A label the operator forces (Capsule overwrites namespace labels it manages) wins over the
 * namespace's own; otherwise the namespace's own value wins over one an operator only sets at creation.
 */
import type { ManagedLabel } from "./protection.js";

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

export interface EnforcedLevel {
  /** The label value as written (may be invalid). */
  value: string;
  /** Undefined: the namespace's own label; else the operator's. */
  managed: ManagedLabel | undefined;
}

export function enforcedLevel(own: Readonly<Record<string, string>>, managed: readonly ManagedLabel[]): EnforcedLevel | undefined {
  const fromOperator = managed.filter((m) => m.key === ENFORCE_LABEL);
  const forced = fromOperator.find((m) => m.forced);
  if (forced) return { value: forced.value, managed: forced };
  const ownValue = own[ENFORCE_LABEL];
  if (ownValue !== undefined) return { value: ownValue, managed: undefined };
  const first = fromOperator[0];
  return first ? { value: first.value, managed: first } : undefined;
}

/** Whether `value` enforces at least `minimum`. Unknown values enforce nothing (the admission plugin rejects them). */
export function meetsLevel(value: string, minimum: PodSecurityLevel): boolean {
  const rank = POD_SECURITY_LEVELS.indexOf(value as PodSecurityLevel);
  return rank !== -1 && rank >= POD_SECURITY_LEVELS.indexOf(minimum);
}
