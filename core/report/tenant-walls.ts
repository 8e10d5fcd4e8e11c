/**
 * The tenancy report: for every tenant, its namespaces and their walls (default-deny NetworkPolicy per direction,
 * LimitRange container defaults, ResourceQuota, Pod Security level) and the tenant's cluster-wide bindings; each wall
 * with what provides it (file:line and the provider's words) or what is missing.
 *
 * Built from the same core questions the rules ask (protection index, networkIsolation, containerLimits,
 * quotaCoverage, enforcedLevel, tenant subjects), with the options a config gives the rules, so a gap here is exactly
 * a rule's finding: tests/e2e/tenants-report.test.ts lints the fixture repositories with ESLint and compares.
 */
import type { ManifestObject } from "../manifest/model.js";
import type { KubeSettings } from "../settings.js";
import { containerLimits, missingLimits, type LimitField } from "../tenancy/limit-defaults.js";
import type { TenantScope } from "../tenancy/namespaces.js";
import { DIRECTIONS, isClosed, networkIsolation, type Direction } from "../tenancy/network-isolation.js";
import { enforcedLevel, meetsLevel, type PodSecurityLevel } from "../tenancy/pod-security-level.js";
import { getProtectionIndex, type ProtectingObject } from "../tenancy/protection.js";
import { getRbacIndex, isPowerful, isRbac, readRoleRef } from "../tenancy/rbac.js";
import { bindingSubjects, describeSubject, getTenantSubjects } from "../tenancy/subjects.js";
import { missingQuota, quotaCoverage } from "../tenancy/quota-coverage.js";
import { describeTarget, tenantTargets, type TenantTarget } from "../tenancy/targets.js";
import type { Workspace } from "../workspace/workspace.js";

/** The options the rules run with in one config (recommended or strict). */
export interface WallOptions {
  tenants: TenantScope;
  ignore: readonly string[];
  /** require-network-policy: directions that must be closed for every pod. */
  defaultDeny: readonly Direction[];
  /** require-limit-range. */
  limitFields: readonly LimitField[];
  limitResources: readonly string[];
  /** require-resource-quota. */
  quotaResources: readonly string[];
  /** require-pod-security. */
  level: PodSecurityLevel;
  /** no-tenant-cluster-rbac: "powerful" roles only, or any. */
  clusterRoles: "powerful" | "any";
}

export type WallName = "ingress" | "egress" | "limits" | "quota" | "podSecurity";
export const WALLS: readonly WallName[] = ["ingress", "egress", "limits", "quota", "podSecurity"];

/** The rule whose finding a gap in this wall is. */
export const WALL_RULE: Record<WallName, string> = {
  ingress: "require-network-policy",
  egress: "require-network-policy",
  limits: "require-limit-range",
  quota: "require-resource-quota",
  podSecurity: "require-pod-security",
};

export interface WallCell {
  /** ok: present; gap: missing or too weak, and the config requires it (a rule reports it); extra: not required. */
  status: "ok" | "gap" | "extra";
  /** What it is ("restricted", "cpu, memory, pods") or what is missing ("no default memory"). */
  summary: string;
  /** What provides it: "NetworkPolicy 'deny' (team-a/np.yaml:3)", "Capsule Tenant 'wind' spec.networkPolicies (...)". */
  providers: string[];
}

export interface NamespaceWalls {
  /** The namespace; undefined for the runtime namespaces of a Capsule Tenant. */
  namespace: string | undefined;
  /** How the rules name it: "Namespace 'team-a'", "kiosk Space 'x'". */
  target: string;
  file: string;
  line: number;
  walls: Record<WallName, WallCell>;
}

export interface TenantWalls {
  tenant: string;
  /** What made it a tenant: "label team=a", "Capsule Tenant"... */
  evidence: string;
  namespaces: NamespaceWalls[];
  /** ClusterRoleBindings that bind this tenant's subjects in every namespace (no-tenant-cluster-rbac's findings). */
  clusterBindings: string[];
}

export interface TenantReport {
  tenants: TenantWalls[];
  /** Gaps in all, per wall: how many rule findings the report stands for. */
  gaps: number;
}

export function tenantWallReport(ws: Workspace, settings: KubeSettings, options: WallOptions): TenantReport {
  const index = getProtectionIndex(ws, settings);
  const byTenant = new Map<string, TenantWalls>();
  const tenantOf = (name: string, evidence: string) => {
    let entry = byTenant.get(name);
    if (!entry) byTenant.set(name, (entry = { tenant: name, evidence, namespaces: [], clusterBindings: [] }));
    return entry;
  };
  const cite = (p: ProtectingObject) => `${p.via} (${ws.relative(p.evidence.filePath)}:${p.evidence.line})`;
  for (const target of tenantTargets(ws.objects(), index, options)) {
    const walls = {
      ...networkWalls(options, index.protecting(target.protection, "NetworkPolicy"), cite),
      limits: limitWall(index.protecting(target.protection, "LimitRange"), options, cite),
      quota: quotaWall(index.protecting(target.protection, "ResourceQuota"), options, cite),
      podSecurity: podSecurityWall(target, index.managedLabels(target.protection), options, ws),
    };
    tenantOf(target.tenant.name, target.tenant.evidence).namespaces.push({
      namespace: target.namespace,
      target: describeTarget(target),
      file: ws.relative(target.object.filePath),
      line: target.object.line,
      walls,
    });
  }
  addClusterBindings(ws, settings, options, (tenant, text) => byTenant.get(tenant)?.clusterBindings.push(text));
  const tenants = [...byTenant.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
  for (const t of tenants) t.namespaces.sort((a, b) => (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.file.localeCompare(b.file));
  const gaps = tenants.reduce((n, t) => n + t.namespaces.reduce((m, ns) => m + WALLS.filter((w) => ns.walls[w].status === "gap").length, 0), 0);
  return { tenants, gaps };
}

/** require-network-policy per direction: closed for every pod, by which policies. */
function networkWalls(
  options: WallOptions,
  policies: readonly ProtectingObject[],
  cite: (p: ProtectingObject) => string,
): Record<Direction, WallCell> {
  const isolation = networkIsolation(policies);
  const cells = {} as Record<Direction, WallCell>;
  // With no direction required, the rule asks only for a policy selecting every pod.
  const selectsAllRequired = options.defaultDeny.length === 0;
  for (const d of DIRECTIONS) {
    const required = options.defaultDeny.includes(d) || (selectsAllRequired && d === "ingress");
    if (isClosed(isolation, d)) {
      cells[d] = { status: "ok", summary: `default deny ${d}`, providers: isolation.isolating[d].map(cite) };
    } else if (selectsAllRequired && d === "ingress" && isolation.selectingAll.length > 0) {
      cells[d] = { status: "ok", summary: "a policy selects every pod", providers: isolation.selectingAll.map(cite) };
    } else {
      const opened = isolation.opening[d];
      const summary = opened.length > 0 ? `re-opened: allows all ${d}` : isolation.partial.length > 0 ? "only some pods selected" : "nothing";
      cells[d] = { status: required ? "gap" : "extra", summary, providers: [...opened, ...isolation.partial].map(cite) };
    }
  }
  return cells;
}

function limitWall(limitRanges: readonly ProtectingObject[], options: WallOptions, cite: (p: ProtectingObject) => string): WallCell {
  const limits = containerLimits(limitRanges);
  const missing = missingLimits(limits, options.limitFields, options.limitResources);
  const providers = limits.contributing.map(cite);
  if (missing.length === 0) return { status: "ok", summary: `${options.limitFields.join(", ")} for ${options.limitResources.join(", ")}`, providers };
  return { status: "gap", summary: `no ${missing.join(", ")}`, providers: [...providers, ...limits.other.map(cite)] };
}

function quotaWall(quotas: readonly ProtectingObject[], options: WallOptions, cite: (p: ProtectingObject) => string): WallCell {
  const coverage = quotaCoverage(quotas);
  const missing = missingQuota(coverage, options.quotaResources);
  const providers = coverage.contributing.map(cite);
  if (missing.length === 0) return { status: "ok", summary: options.quotaResources.join(", "), providers };
  return { status: "gap", summary: `no ${missing.join(", ")}`, providers: [...providers, ...coverage.scoped.map(cite)] };
}

function podSecurityWall(
  target: TenantTarget<ManifestObject>,
  managed: Parameters<typeof enforcedLevel>[1],
  options: WallOptions,
  ws: Workspace,
): WallCell {
  const enforced = enforcedLevel(target.ownLabels, managed);
  const from = enforced?.managed
    ? [`${enforced.managed.via} (${ws.relative(enforced.managed.evidence.filePath)}:${enforced.managed.evidence.line})`]
    : enforced
      ? [`label on ${describeTarget(target)} (${ws.relative(target.object.filePath)}:${target.object.line})`]
      : [];
  if (enforced && meetsLevel(enforced.value, options.level)) return { status: "ok", summary: enforced.value, providers: from };
  return { status: "gap", summary: enforced ? `${enforced.value} (needs ${options.level})` : "no enforce label", providers: from };
}

/** ClusterRoleBindings of tenant subjects, as no-tenant-cluster-rbac judges them. */
function addClusterBindings(ws: Workspace, settings: KubeSettings, options: WallOptions, add: (tenant: string, text: string) => void): void {
  const rbac = getRbacIndex(ws, settings);
  const subjects = getTenantSubjects(ws, settings);
  for (const binding of ws.ofKind("ClusterRoleBinding")) {
    if (!isRbac(binding)) continue;
    const ref = readRoleRef(binding);
    if (!ref) continue;
    const role = rbac.resolve(ref, undefined, binding.filePath);
    if (options.clusterRoles === "powerful" && !(role && isPowerful(role))) continue;
    for (const subject of bindingSubjects(binding, ws)) {
      const tenancy = subjects.tenanciesOf(subject, options.tenants)[0];
      if (!tenancy?.tenant) continue;
      const where = `${ws.relative(binding.filePath)}:${binding.line}`;
      add(tenancy.tenant, `ClusterRoleBinding '${binding.name ?? "(unnamed)"}' (${where}): ${describeSubject(subject)} -> ${ref.kind} '${ref.name}'`);
    }
  }
}
