/**
 * The verdict on each wall of a tenant namespace, from the objects that will protect it: met or missing, what
 * provides it, and the near misses a message names. The protection rules report these verdicts and
 * `kube-lint tenants` shows them, so a gap in the report is exactly a rule's finding.
 */
import type { ManifestObject } from "../manifest/model.js";
import { containerLimits, joinLimits, missingLimits, type LimitField } from "./limit-defaults.js";
import { isClosed, networkIsolation, openers, type ClusterVerdict, type Direction, type NetworkIsolation } from "./network-isolation.js";
import { enforcedLevel, meetsLevel, type EnforcedLevel, type PodSecurityLevel } from "./pod-security-level.js";
import type { ManagedLabel, ProtectingObject } from "./protection.js";
import { missingQuota, quotaCoverage } from "./quota-coverage.js";
import { bindsRoleClusterWide, isPowerful, readRoleRef, type RbacIndex, type ResolvedRole, type RoleRef } from "./rbac.js";
import { bindingSubjects, type Subject, type SubjectTenancy, type TenantSubjects } from "./subjects.js";
import type { TenantScope } from "./namespaces.js";
import type { Workspace } from "../workspace/workspace.js";

/**
 * An object that falls short, and how: "selects only some pods", "lacks max memory"; or, without an object, a
 * provider's account of why what it manages does not protect ("vcluster 'dev' syncs no NetworkPolicy").
 */
export interface NearMiss {
  object?: ProtectingObject;
  why: string;
}

/** A provider's shortfalls (ProtectionIndex.shortfalls) as near misses; they come first, as the likelier fix. */
const noted = (shortfalls: readonly string[]): NearMiss[] => shortfalls.map((why) => ({ why }));

export interface WallVerdict {
  /** What is missing ("isolates egress for every pod"; "default memory", "max cpu"); empty when the wall stands. */
  missing: string[];
  /** The objects that make up the wall (when it stands, what provides it). */
  providers: ProtectingObject[];
  near: NearMiss[];
}

export interface NetworkVerdict extends WallVerdict {
  isolation: NetworkIsolation;
  /** The required directions left open. */
  open: Direction[];
}

/**
 * require-network-policy: `defaultDeny` directions closed for every pod; with none required, a policy selecting every
 * pod. `cluster`: the cluster-wide policies as they apply to this namespace (cluster-network-policies.ts).
 */
export function networkVerdict(
  policies: readonly ProtectingObject[],
  defaultDeny: readonly Direction[],
  shortfalls: readonly string[] = [],
  cluster: readonly ClusterVerdict[] = [],
): NetworkVerdict {
  const isolation = networkIsolation(policies, cluster);
  const open = defaultDeny.filter((d) => !isClosed(isolation, d));
  const missing =
    defaultDeny.length === 0
      ? isolation.selectingAll.length > 0
        ? []
        : ["selects every pod"]
      : open.length > 0
        ? [`isolates ${open.join(" and ")} for every pod`]
        : [];
  // Only what bears on the directions asked for: an allow-all egress is no near miss for an ingress wall.
  const directions: readonly Direction[] = defaultDeny.length > 0 ? defaultDeny : ["ingress"];
  const near = [
    ...noted(shortfalls),
    ...isolation.partial.map((object) => ({ object, why: "selects only some pods" })),
    ...directions.flatMap((d) => openers(isolation, d).map((object) => ({ object, why: `allows all ${d}` }))),
    ...isolation.ignored.map(({ policy, why }) => ({ object: policy, why })),
  ];
  return { missing, providers: isolation.selectingAll, near, isolation, open };
}

/** require-limit-range: container `fields` for `resources`, as the API server defaults them. */
export function limitVerdict(
  limitRanges: readonly ProtectingObject[],
  fields: readonly LimitField[],
  resources: readonly string[],
  shortfalls: readonly string[] = [],
): WallVerdict {
  const limits = containerLimits(limitRanges);
  const missing = missingLimits(limits, fields, resources);
  return {
    missing,
    providers: limits.contributing,
    near:
      missing.length === 0
        ? []
        : [
            ...noted(shortfalls),
            ...limits.contributing.map((object) => ({ object, why: `lacks ${joinLimits(missingLimits(containerLimits([object]), fields, resources))}` })),
            ...limits.other.map((object) => ({ object, why: "has no `type: Container` item" })),
          ],
  };
}

/** require-resource-quota: unscoped quotas bounding `resources`. */
export function quotaVerdict(quotas: readonly ProtectingObject[], resources: readonly string[], shortfalls: readonly string[] = []): WallVerdict {
  const coverage = quotaCoverage(quotas);
  const missing = missingQuota(coverage, resources);
  return {
    missing,
    providers: coverage.contributing,
    near:
      missing.length === 0
        ? []
        : [
            ...noted(shortfalls),
            ...coverage.contributing.map((object) => ({ object, why: `lacks ${missingQuota(quotaCoverage([object]), resources).join(", ")}` })),
            ...coverage.scoped.map((object) => ({ object, why: "is scoped, so it bounds only some pods" })),
          ],
  };
}

/** require-pod-security: the level enforced on the namespace (its own label, or the operator's), and whether it suffices. */
export function podSecurityVerdict(
  ownLabels: Readonly<Record<string, string>>,
  managed: readonly ManagedLabel[],
  level: PodSecurityLevel,
): { enforced: EnforcedLevel | undefined; met: boolean } {
  const enforced = enforcedLevel(ownLabels, managed);
  return { enforced, met: enforced !== undefined && meetsLevel(enforced.value, level) };
}

export interface ClusterWideGrant {
  subject: Subject & { index: number };
  tenancy: SubjectTenancy;
  ref: RoleRef;
  role: ResolvedRole | undefined;
}

/**
 * no-tenant-cluster-rbac: the tenant subjects a ClusterRoleBinding binds in every namespace (with `clusterRoles:
 * "powerful"`, only to roles that can do real harm).
 */
export function clusterWideGrants(
  binding: ManifestObject,
  ws: Workspace,
  rbac: RbacIndex,
  tenants: TenantSubjects,
  options: { tenants: TenantScope; clusterRoles: "powerful" | "any" },
): ClusterWideGrant[] {
  const ref = readRoleRef(binding);
  // A ClusterRoleBinding to a Role is rejected by the API server: it grants nothing (the rule reports it apart).
  if (!ref || bindsRoleClusterWide(binding)) return [];
  const role = rbac.resolve(ref, undefined, binding.filePath);
  if (options.clusterRoles === "powerful" && !(role && isPowerful(role))) return [];
  const out: ClusterWideGrant[] = [];
  for (const subject of bindingSubjects(binding, ws)) {
    const tenancy = tenants.tenanciesOf(subject, options.tenants)[0];
    if (tenancy) out.push({ subject, tenancy, ref, role });
  }
  return out;
}
