/**
 * The tenancy report: for every tenant, its namespaces and their walls (default-deny NetworkPolicy per direction,
 * LimitRange container defaults, ResourceQuota, Pod Security level) and the tenant's cluster-wide bindings; each wall
 * with what provides it (file:line and the provider's words) or what is missing.
 *
 * Built from the verdicts the rules report (core/tenancy/walls.ts), with the options a config gives the rules, so a
 * gap here is exactly a rule's finding: tests/e2e/tenants-report.test.ts lints the fixture repositories with ESLint
 * and compares.
 */
import type { ManifestObject } from "../manifest/model.js";
import type { KubeSettings } from "../settings.js";
import type { LimitField } from "../tenancy/limit-defaults.js";
import type { TenantScope } from "../tenancy/namespaces.js";
import { getClusterNetworkPolicies } from "../tenancy/cluster-network-policies.js";
import { closers, DIRECTIONS, isClosed, openers, type Direction } from "../tenancy/network-isolation.js";
import type { PodSecurityLevel } from "../tenancy/pod-security-level.js";
import { getProtectionIndex, type ManagedLabel, type ProtectingObject } from "../tenancy/protection.js";
import { getRbacIndex, isRbac } from "../tenancy/rbac.js";
import { describeSubject, getTenantSubjects } from "../tenancy/subjects.js";
import { describeTarget, tenantTargets, type TenantTarget } from "../tenancy/targets.js";
import { clusterWideGrants, limitVerdict, networkVerdict, podSecurityVerdict, quotaVerdict, type NetworkVerdict, type WallVerdict } from "../tenancy/walls.js";
import type { Workspace } from "../workspace/workspace.js";

type Cite = (p: ProtectingObject) => string;

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
  const cite: Cite = (p) => `${p.via} (${ws.relative(p.evidence.filePath)}:${p.evidence.line})`;
  const clusterWide = getClusterNetworkPolicies(ws, settings);
  for (const target of tenantTargets(ws.objects(), index, options)) {
    const network = networkVerdict(
      index.protecting(target.protection, "NetworkPolicy"),
      options.defaultDeny,
      index.shortfalls(target.protection, "NetworkPolicy"),
      clusterWide.forTarget(target.protection),
    );
    const walls = {
      ...networkWalls(options, network, cite),
      limits: verdictCell(
        limitVerdict(
          index.protecting(target.protection, "LimitRange"),
          options.limitFields,
          options.limitResources,
          index.shortfalls(target.protection, "LimitRange"),
        ),
        `${options.limitFields.join(", ")} for ${options.limitResources.join(", ")}`,
        cite,
      ),
      quota: verdictCell(quotaVerdict(index.protecting(target.protection, "ResourceQuota"), options.quotaResources, index.shortfalls(target.protection, "ResourceQuota")), options.quotaResources.join(", "), cite),
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

/** require-network-policy per direction: closed for every pod, by which policies; a gap where the rule reports one. */
function networkWalls(options: WallOptions, verdict: NetworkVerdict, cite: Cite): Record<Direction, WallCell> {
  const { isolation } = verdict;
  const cells = {} as Record<Direction, WallCell>;
  // With no direction required, the rule asks only for a policy selecting every pod (shown on the ingress row).
  const selectsAll = options.defaultDeny.length === 0;
  for (const d of DIRECTIONS) {
    const gap = selectsAll ? d === "ingress" && verdict.missing.length > 0 : verdict.open.includes(d);
    if (isClosed(isolation, d)) cells[d] = { status: "ok", summary: `default deny ${d}`, providers: closers(isolation, d).map(cite) };
    else if (selectsAll && d === "ingress" && !gap) cells[d] = { status: "ok", summary: "a policy selects every pod", providers: verdict.providers.map(cite) };
    else {
      const opening = openers(isolation, d);
      const summary = opening.length > 0 ? `re-opened: allows all ${d}` : isolation.partial.length > 0 ? "only some pods selected" : "nothing";
      const notes = verdict.near.filter((n) => !n.object).map((n) => n.why);
      cells[d] = { status: gap ? "gap" : "extra", summary, providers: [...notes, ...[...opening, ...isolation.partial].map(cite)] };
    }
  }
  return cells;
}

/** A LimitRange or ResourceQuota verdict as a cell: what provides the wall, or what is missing and the near misses. */
function verdictCell(verdict: WallVerdict, met: string, cite: Cite): WallCell {
  if (verdict.missing.length === 0) return { status: "ok", summary: met, providers: verdict.providers.map(cite) };
  return { status: "gap", summary: `no ${verdict.missing.join(", ")}`, providers: verdict.near.map((n) => (n.object ? cite(n.object) : n.why)) };
}

function podSecurityWall(target: TenantTarget<ManifestObject>, managed: readonly ManagedLabel[], options: WallOptions, ws: Workspace): WallCell {
  const { enforced, met } = podSecurityVerdict(target.ownLabels, managed, options.level);
  const from = enforced?.managed
    ? [`${enforced.managed.via} (${ws.relative(enforced.managed.evidence.filePath)}:${enforced.managed.evidence.line})`]
    : enforced
      ? [`label on ${describeTarget(target)} (${ws.relative(target.object.filePath)}:${target.object.line})`]
      : [];
  if (met && enforced) return { status: "ok", summary: enforced.value, providers: from };
  return { status: "gap", summary: enforced ? `${enforced.value} (needs ${options.level})` : "no enforce label", providers: from };
}

/** ClusterRoleBindings of tenant subjects, as no-tenant-cluster-rbac judges them. */
function addClusterBindings(ws: Workspace, settings: KubeSettings, options: WallOptions, add: (tenant: string, text: string) => void): void {
  const rbac = getRbacIndex(ws, settings);
  const subjects = getTenantSubjects(ws, settings);
  for (const binding of ws.ofKind("ClusterRoleBinding")) {
    if (!isRbac(binding)) continue;
    for (const { subject, tenancy, ref } of clusterWideGrants(binding, ws, rbac, subjects, options)) {
      if (!tenancy.tenant) continue;
      const where = `${ws.relative(binding.filePath)}:${binding.line}`;
      add(tenancy.tenant, `ClusterRoleBinding '${binding.name ?? "(unnamed)"}' (${where}): ${describeSubject(subject)} -> ${ref.kind} '${ref.name}'`);
    }
  }
}
