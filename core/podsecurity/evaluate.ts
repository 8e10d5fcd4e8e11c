/**
 * Evaluate a pod template against a Pod Security policy (level + version), the way the admission controller would
 * when the pod is created: which checks apply, which violations they find, and the admission wording of each.
 */
import { BASELINE_CHECKS } from "./baseline.js";
import type { Check, Finding } from "./check.js";
import { appliesFrom, isAtLeast, type PodSecurityPolicy } from "./levels.js";
import { podView } from "./pod-view.js";
import { RESTRICTED_CHECKS } from "./restricted.js";

export interface Violation extends Finding {
  check: string;
  level: Check["level"];
  /** The admission controller's reason, e.g. `runAsNonRoot != true`. */
  reason: string;
  /** `reason (detail)`: how `kubectl` prints it after `violates PodSecurity "restricted:latest":`. */
  message: string;
}

const ALL_CHECKS: readonly Check[] = [...BASELINE_CHECKS, ...RESTRICTED_CHECKS];

/** The checks a policy runs: its level and below, introduced by its version, minus those a stricter check replaces. */
export function checksFor(policy: PodSecurityPolicy): Check[] {
  const active = ALL_CHECKS.filter((c) => isAtLeast(policy.level, c.level) && appliesFrom(policy.version, c.since));
  const replaced = new Set(active.flatMap((c) => c.overrides ?? []));
  return active.filter((c) => !replaced.has(c.id));
}

/** Every violation of `policy` by a pod template (`{ metadata, spec }` as plain data; any shape is safe). */
export function evaluatePodSecurity(template: unknown, policy: PodSecurityPolicy): Violation[] {
  const pod = podView(template);
  const violations: Violation[] = [];
  for (const check of checksFor(policy)) {
    if (check.linuxOnly && pod.windows && appliesFrom(policy.version, 25)) continue;
    if (check.relaxedInUserNamespace && pod.userNamespace) continue;
    for (const found of check.run(pod, policy.version)) {
      violations.push({
        ...found,
        check: check.id,
        level: check.level,
        reason: check.reason,
        message: `${check.reason} (${found.detail})`,
      });
    }
  }
  return violations;
}
