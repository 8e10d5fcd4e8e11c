/**
 * Pod Security levels and versions as the `pod-security.kubernetes.io/enforce[-version]` namespace labels state them,
 * parsed the way the Pod Security admission controller parses them.
 */

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

/** A Kubernetes 1.x minor version, or "latest" (every check, newest rules). */
export type PolicyVersion = number | "latest";

export interface PodSecurityPolicy {
  level: PodSecurityLevel;
  version: PolicyVersion;
}

const RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

export function isAtLeast(level: PodSecurityLevel, than: PodSecurityLevel): boolean {
  return RANK[level] >= RANK[than];
}

/**
 * The admission controller fails closed: an unparseable enforce level is read as "restricted".
 * `valid` tells callers so they can say why.
 */
export function parseLevel(value: string): { level: PodSecurityLevel; valid: boolean } {
  if (value === "privileged" || value === "baseline" || value === "restricted") return { level: value, valid: true };
  return { level: "restricted", valid: false };
}

/** "latest" or "v1.N"; anything else is read as "latest", as the admission controller does. */
export function parseVersion(value: string | undefined): PolicyVersion {
  const match = value === undefined ? null : /^v1\.(\d+)$/.exec(value);
  return match ? Number(match[1]) : "latest";
}

/** Whether checks introduced in Kubernetes 1.`minor` apply under this version. */
export function appliesFrom(version: PolicyVersion, minor: number): boolean {
  return version === "latest" || version >= minor;
}

/** `restricted:latest`, `baseline:v1.29`: the admission controller's own spelling, good for searching. */
export function policyName(policy: PodSecurityPolicy): string {
  return `${policy.level}:${policy.version === "latest" ? "latest" : `v1.${policy.version}`}`;
}
