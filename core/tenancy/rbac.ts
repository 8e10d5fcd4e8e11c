/**
 * RBAC as the repository writes it: bindings, the Roles/ClusterRoles they point at (resolved in the index, with
 * ClusterRole aggregation), and what a role's rules let its subjects do to the objects that wall a tenant in.
 * Built-in roles the repository does not define are known by name: cluster-admin (everything), and admin / edit / view
 * with the rules of theirs that matter here (edit and admin may write NetworkPolicies and impersonate ServiceAccounts).
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { selectorMatches } from "./label-selector.js";

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  /** Index in the role's `rules`, to cite; -1 for built-in rules. */
  index: number;
  /** The role object holding the rule (an aggregated ClusterRole may hold it); undefined for built-ins. */
  source: ManifestObject | undefined;
}

export interface RoleRef {
  kind: "Role" | "ClusterRole";
  name: string;
}

export interface ResolvedRole extends RoleRef {
  rules: PolicyRule[];
  /** The object defining it; undefined for a built-in role. */
  object: ManifestObject | undefined;
  /** A built-in ClusterRole known by name (and not redefined by the repository). */
  builtin: BuiltinRole | undefined;
}

export type BuiltinRole = "cluster-admin" | "admin" | "edit" | "view";

const WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"];
const READ_VERBS = ["get", "list", "watch"];

/** The rules of the built-in roles that matter to tenant walls (kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy). */
const BUILTIN_RULES: Record<BuiltinRole, Omit<PolicyRule, "index" | "source">[]> = {
  "cluster-admin": [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
  view: [{ apiGroups: [""], resources: ["resourcequotas", "limitranges", "namespaces"], verbs: ["get", "list", "watch"] }],
  edit: [
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: WRITE_VERBS },
    { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
  ],
  admin: [
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: WRITE_VERBS },
    { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: WRITE_VERBS },
  ],
};

/** Labels that aggregate a repository ClusterRole into a built-in one. */
const AGGREGATE_LABEL: Partial<Record<BuiltinRole, string>> = {
  admin: "rbac.authorization.k8s.io/aggregate-to-admin",
  edit: "rbac.authorization.k8s.io/aggregate-to-edit",
  view: "rbac.authorization.k8s.io/aggregate-to-view",
};

export function isBuiltinRole(name: string): name is BuiltinRole {
  return Object.hasOwn(BUILTIN_RULES, name);
}

export function isRbac(obj: Pick<ManifestObject, "group">): boolean {
  return obj.group === "rbac.authorization.k8s.io";
}

export function readRoleRef(binding: ManifestObject): RoleRef | undefined {
  const ref = asRecord(binding.value.roleRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!name || (kind !== "Role" && kind !== "ClusterRole")) return undefined;
  return { kind, name };
}

export function readRules(role: ManifestObject): PolicyRule[] {
  return asArray(role.value.rules).flatMap((entry, index) => {
    const rule = asRecord(entry);
    if (!rule) return [];
    const list = (v: unknown) => asArray(v).map(asString).filter((s): s is string => s !== undefined);
    return [{ apiGroups: list(rule.apiGroups), resources: list(rule.resources), verbs: list(rule.verbs), index, source: role }];
  });
}

export class RbacIndex {
  /** ClusterRoles by name; a name may be defined in several files (overlays, clusters, examples). */
  private readonly clusterRoles = new Map<string, ManifestObject[]>();

  constructor(private readonly ws: Workspace) {
    for (const role of ws.ofKind("ClusterRole")) {
      if (!isRbac(role) || !role.name) continue;
      const list = this.clusterRoles.get(role.name);
      if (list) list.push(role);
      else this.clusterRoles.set(role.name, [role]);
    }
  }

  private allClusterRoles(): ManifestObject[] {
    return [...this.clusterRoles.values()].flat();
  }

  /** The role a binding points at, as it will exist; undefined when neither the repo nor Kubernetes defines it. */
  resolve(ref: RoleRef, namespace: string | undefined, bindingFile?: string): ResolvedRole | undefined {
    if (ref.kind === "Role") {
      if (!namespace) return undefined;
      const role = preferFile(
        this.ws.inNamespace(namespace, "Role").filter((r) => isRbac(r) && r.name === ref.name),
        bindingFile,
      );
      return role ? { ...ref, rules: readRules(role), object: role, builtin: undefined } : undefined;
    }
    const role = preferFile(this.clusterRoles.get(ref.name) ?? [], bindingFile);
    if (role) return { ...ref, rules: [...readRules(role), ...this.aggregated(role)], object: role, builtin: undefined };
    if (!isBuiltinRole(ref.name)) return undefined;
    const builtinRules = BUILTIN_RULES[ref.name].map((r) => ({ ...r, index: -1, source: undefined }));
    const label = AGGREGATE_LABEL[ref.name];
    const added = label ? this.allClusterRoles().filter((r) => r.labels[label] === "true").flatMap(readRules) : [];
    return { ...ref, rules: [...builtinRules, ...added], object: undefined, builtin: ref.name };
  }

  /** Rules of the ClusterRoles an `aggregationRule` selects. */
  private aggregated(role: ManifestObject): PolicyRule[] {
    const selectors = asArray(asRecord(role.value.aggregationRule)?.clusterRoleSelectors);
    if (selectors.length === 0) return [];
    const fromRepo = this.allClusterRoles()
      .filter((r) => r !== role && selectors.some((s) => selectorMatches(s, r.labels)))
      .flatMap(readRules);
    // Selecting a built-in role's aggregation label pulls in that built-in role's rules too (kiosk-space-admin does).
    const fromBuiltins = (Object.entries(AGGREGATE_LABEL) as [BuiltinRole, string][])
      .filter(([, label]) => selectors.some((s) => selectorMatches(s, { [label]: "true" })))
      .flatMap(([name]) => BUILTIN_RULES[name].map((r) => ({ ...r, index: -1, source: undefined })));
    return [...fromRepo, ...fromBuiltins];
  }
}

/** The definition in the binding's own file when there is one (examples and tests reuse names), else the first. */
function preferFile(candidates: readonly ManifestObject[], filePath: string | undefined): ManifestObject | undefined {
  return candidates.find((c) => c.filePath === filePath) ?? candidates[0];
}

/** A power over a resource the rule grants: "delete ResourceQuotas". */
export interface Grant {
  verb: string;
  resource: string;
  rule: PolicyRule;
}

export interface GuardedResource {
  /** The plural resource name RBAC uses. */
  resource: string;
  /** The verbs that count as tampering. */
  verbs: readonly string[];
  groups: string[];
  /** In words for messages. */
  label: string;
}

/** The objects that wall a tenant in: changing them undoes isolation, quotas, limits or Pod Security labels. */
export const GUARDED_RESOURCES: readonly GuardedResource[] = [
  { resource: "networkpolicies", verbs: WRITE_VERBS, groups: ["networking.k8s.io", "extensions"], label: "NetworkPolicies" },
  { resource: "ciliumnetworkpolicies", verbs: WRITE_VERBS, groups: ["cilium.io"], label: "CiliumNetworkPolicies" },
  { resource: "resourcequotas", verbs: WRITE_VERBS, groups: [""], label: "ResourceQuotas" },
  { resource: "limitranges", verbs: WRITE_VERBS, groups: [""], label: "LimitRanges" },
  // Deleting one's own namespace takes its workloads with it; creating or relabelling one escapes Pod Security.
  { resource: "namespaces", verbs: ["create", "update", "patch"], groups: [""], label: "Namespaces (their Pod Security labels)" },
];

const matches = (list: readonly string[], value: string) => list.includes("*") || list.includes(value);

/** Whether a rule grants a verb on a resource of an API group. */
export function allows(rule: PolicyRule, verb: string, group: string, resource: string): boolean {
  return matches(rule.verbs, verb) && matches(rule.apiGroups, group) && matches(rule.resources, resource);
}

/** Writes to the guarded resources (create, update, patch, delete; for Namespaces not delete), minus allowed ones. */
export function tamperingGrants(rules: readonly PolicyRule[], allowed: readonly string[] = []): Grant[] {
  const out: Grant[] = [];
  for (const guarded of GUARDED_RESOURCES) {
    if (allowed.includes(guarded.resource)) continue;
    for (const rule of rules) {
      const verbs = guarded.verbs.filter((verb) => guarded.groups.some((g) => allows(rule, verb, g, guarded.resource)));
      if (verbs.length > 0) {
        out.push({ verb: verbs.length === guarded.verbs.length ? "write" : verbs.join("/"), resource: guarded.label, rule });
        break;
      }
    }
  }
  return out;
}

/**
 * Ways out of RBAC's own guard rails: `escalate` / `bind` on roles (grant more than one holds), `impersonate`
 * (act as another user, group or ServiceAccount), and wildcards (they grant whatever exists now or later).
 */
export function escalationGrants(rules: readonly PolicyRule[]): Grant[] {
  const out: Grant[] = [];
  const RBAC = "rbac.authorization.k8s.io";
  for (const rule of rules) {
    const writesAll = rule.resources.includes("*") && rule.verbs.some((v) => !READ_VERBS.includes(v));
    if (rule.verbs.includes("*") || writesAll) {
      out.push({ verb: rule.verbs.includes("*") ? "* (every verb)" : rule.verbs.join("/"), resource: rule.resources.includes("*") ? "* (every resource)" : rule.resources.join(", "), rule });
      continue;
    }
    for (const verb of ["escalate", "bind"]) {
      const resource = ["roles", "clusterroles"].find((r) => allows(rule, verb, RBAC, r));
      if (resource) out.push({ verb, resource, rule });
    }
    const impersonated = ["users", "groups", "serviceaccounts", "userextras"].filter((r) =>
      allows(rule, "impersonate", r === "userextras" ? "authentication.k8s.io" : "", r),
    );
    if (impersonated.length > 0) out.push({ verb: "impersonate", resource: impersonated.join(", "), rule });
  }
  return out;
}

/** Whether a role counts as broad even for trusted teams: cluster-admin/admin/edit, or `*` verbs or resources. */
export function isPowerful(role: ResolvedRole): boolean {
  if (role.builtin && role.builtin !== "view") return true;
  return role.rules.some((r) => r.verbs.includes("*") || r.resources.includes("*"));
}

const cache = new WeakMap<Workspace, WeakMap<KubeSettings, { generation: number; index: RbacIndex }>>();

export function getRbacIndex(ws: Workspace, settings: KubeSettings): RbacIndex {
  let bySettings = cache.get(ws);
  if (!bySettings) cache.set(ws, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings);
  if (cached && cached.generation === ws.generation) return cached.index;
  const index = new RbacIndex(ws);
  bySettings.set(settings, { generation: ws.generation, index });
  return index;
}

/** "ClusterRole 'ops' (rbac/ops.yaml:1)", "built-in ClusterRole 'edit'"; file:line only when it is another file. */
export function describeRole(role: ResolvedRole | RoleRef, ws: Pick<Workspace, "relative">, currentFile: string): string {
  const resolved = "rules" in role ? role : undefined;
  if (resolved?.builtin) return `built-in ClusterRole '${role.name}'`;
  const object = resolved?.object;
  if (!object || object.filePath === currentFile) return `${role.kind} '${role.name}'`;
  return `${role.kind} '${role.name}' (${ws.relative(object.filePath)}:${object.line})`;
}

/**
 * " (rules[1] at a.yaml:3)": where a grant is written, for a message that already names the role — just " (rules[1])"
 * when the rule is the named role's own; "" for built-ins.
 */
export function grantSource(grant: Grant, role: ResolvedRole, ws: Pick<Workspace, "relative">): string {
  const source = grant.rule.source;
  if (!source) return "";
  if (source === role.object) return ` (rules[${grant.rule.index}])`;
  return ` (rules[${grant.rule.index}] at ${ws.relative(source.filePath)}:${source.line})`;
}
