/**
 * Which Pod Security policy a namespace enforces, from what the repository says: the namespace's own
 * `pod-security.kubernetes.io/enforce[-version]` labels, or the labels a tenancy operator puts on it (Capsule
 * additionalMetadata forces them, kiosk's spaceTemplate sets them) — resolved by the tenancy core, so every rule
 * agrees on a namespace's level.
 */
import type { KubeSettings } from "../settings.js";
import { enforcedLevel } from "../tenancy/pod-security-level.js";
import { getProtectionIndex } from "../tenancy/protection.js";
import type { Workspace } from "../workspace/workspace.js";
import { ENFORCE_LABEL, ENFORCE_VERSION_LABEL, parseLevel, parseVersion, type PodSecurityPolicy } from "./levels.js";

export interface EnforcedPolicy {
  policy: PodSecurityPolicy;
  /** Where the label comes from, for messages: `label pod-security.kubernetes.io/enforce=restricted of Namespace 'team-a'`. */
  source: string;
}

/** The policy the namespace's enforce label sets, or undefined when nothing in the repository labels it. */
export function enforcedPolicy(namespace: string, ws: Workspace, settings: KubeSettings): EnforcedPolicy | undefined {
  const index = getProtectionIndex(ws, settings);
  const own = index.catalog.namespaces.get(namespace)?.labels ?? {};
  const managed = index.managedLabels(index.targetOf(namespace));
  const enforced = enforcedLevel(own, managed);
  if (!enforced) return undefined;
  // The version label travels with the level label: from the same operator template, or from the namespace.
  const version = enforced.managed
    ? managed.find((m) => m.key === ENFORCE_VERSION_LABEL && m.via === enforced.managed?.via)?.value
    : own[ENFORCE_VERSION_LABEL];
  const { level, valid } = parseLevel(enforced.value);
  const from = enforced.managed ? `set by ${enforced.managed.via}` : `of Namespace '${namespace}'`;
  const label = `label ${ENFORCE_LABEL}=${enforced.value} ${from}`;
  return {
    policy: { level, version: parseVersion(version) },
    // The admission controller fails closed on a value it cannot parse.
    source: valid ? label : `${label}, not a level: admission reads it as "restricted"`,
  };
}
