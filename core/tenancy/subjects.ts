/**
 * Who a tenant's RBAC subjects are. A subject (User, Group, ServiceAccount) belongs to a tenant when:
 * - a tenancy provider says so (`providers/`: the owners and members of a Capsule Tenant, the subjects of a kiosk
 *   Account...);
 * - it is a ServiceAccount of a tenant namespace (kind ServiceAccount, user `system:serviceaccount:<ns>:<name>`,
 *   group `system:serviceaccounts:<ns>`);
 * - it is a group listed in `settings.kube.tenantGroups` (its tenant is known only by the group's name).
 * The groups every authenticated identity carries (`system:authenticated`, `system:serviceaccounts`) hold every tenant.
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import { isSystemNamespace, type KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { getNamespaceCatalog, type NamespaceCatalog, type TenantScope } from "./namespaces.js";
import type { SubjectTenancy } from "./provider.js";

export type { SubjectTenancy } from "./provider.js";

export interface Subject {
  kind: string;
  name: string;
  /** ServiceAccount subjects only. */
  namespace: string | undefined;
}

/** Subjects as written in a binding's `subjects` (or a kiosk Account's): malformed entries are dropped. */
export function readSubjects(value: unknown, defaultNamespace?: string): (Subject & { index: number })[] {
  const out: (Subject & { index: number })[] = [];
  asArray(value).forEach((entry, index) => {
    const s = readSubject(entry, defaultNamespace);
    if (s) out.push({ ...s, index });
  });
  return out;
}

/**
 * A binding's subjects as they will be applied: Kustomize's `namespace:` also rewrites the namespace of ServiceAccount
 * subjects named `default` (its default `roleBindingSubjects` mode; kubebuilder's `default` in `system` relies on it).
 */
export function bindingSubjects(binding: ManifestObject, ws: Workspace, bindingNamespace?: string): (Subject & { index: number })[] {
  const kustomized = ws.kustomizeNamespacesOf(binding.filePath);
  return readSubjects(binding.value.subjects, bindingNamespace).flatMap((s) =>
    s.kind === "ServiceAccount" && s.name === "default" && kustomized.length > 0 ? kustomized.map((namespace) => ({ ...s, namespace })) : [s],
  );
}

export function readSubject(value: unknown, defaultNamespace?: string): Subject | undefined {
  const record = asRecord(value);
  const kind = asString(record?.kind);
  const name = asString(record?.name);
  if (!kind || !name) return undefined;
  // RBAC resolves a ServiceAccount subject without a namespace to the binding's namespace (kubectl/Kustomize fill it).
  const namespace = kind === "ServiceAccount" ? (asString(record?.namespace) ?? defaultNamespace) : undefined;
  return { kind, name, namespace };
}

/** "User 'alice'", "ServiceAccount 'team-a/builder'". */
export function describeSubject(s: Subject): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount '${s.namespace ?? "?"}/${s.name}'` : `${s.kind} '${s.name}'`;
}

/** Groups every tenant's identities are members of. */
const EVERYONE_GROUPS: Record<string, string> = {
  "system:authenticated": "every authenticated user, every tenant included",
  "system:serviceaccounts": "every ServiceAccount of the cluster, every tenant's included",
  "system:unauthenticated": "anonymous requests",
};

function key(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}

export class TenantSubjects {
  /** Explicit memberships (from the providers), keyed by kind + name. */
  private readonly members = new Map<string, SubjectTenancy[]>();

  constructor(
    private readonly catalog: NamespaceCatalog,
    private readonly settings: KubeSettings,
  ) {
    const add = (value: unknown, tenancy: SubjectTenancy) => this.addSubject(value, tenancy);
    for (const { model } of catalog.models) model.subjects?.(add);
  }

  private addSubject(value: unknown, tenancy: SubjectTenancy): void {
    const s = readSubject(value);
    if (!s) return;
    const k = key(s.kind, s.kind === "ServiceAccount" ? `${s.namespace ?? ""}/${s.name}` : s.name);
    const list = this.members.get(k);
    if (!list) this.members.set(k, [tenancy]);
    else if (!list.some((t) => t.tenant === tenancy.tenant)) list.push(tenancy);
  }

  /** The tenants a subject belongs to under a scope; empty when it is nobody's. */
  tenanciesOf(subject: Subject, scope: TenantScope): SubjectTenancy[] {
    const out: SubjectTenancy[] = [];
    const explicit = subject.kind === "ServiceAccount" ? `${subject.namespace ?? ""}/${subject.name}` : subject.name;
    out.push(...(this.members.get(key(subject.kind, explicit)) ?? []));
    const serviceAccountNs = serviceAccountNamespace(subject);
    if (serviceAccountNs) {
      const tenant = this.catalog.tenantOf(serviceAccountNs, scope);
      if (tenant) out.push({ tenant: tenant.name, why: `ServiceAccount of tenant '${tenant.name}'`, evidence: undefined });
    }
    if (subject.kind === "Group") {
      const everyone = EVERYONE_GROUPS[subject.name];
      if (everyone) out.push({ tenant: undefined, why: everyone, evidence: undefined, everyone: true });
      if (this.settings.tenantGroups.includes(subject.name)) {
        out.push({ tenant: undefined, why: `group listed in settings.kube.tenantGroups`, evidence: undefined });
      }
    }
    return out;
  }
}

/**
 * Identities the platform runs, not a tenant: ServiceAccounts of system namespaces and Kubernetes' own `system:`
 * users and groups (the per-namespace ServiceAccount spellings are judged by their namespace).
 */
export function isPlatformIdentity(s: Subject, settings: KubeSettings): boolean {
  const namespace = serviceAccountNamespace(s);
  if (namespace !== undefined) return isSystemNamespace(namespace, settings);
  return s.name.startsWith("system:");
}

/** "owner of Capsule Tenant 'solar' (tenants/solar.yaml:3)": the file:line only when it is another file. */
export function explainTenancy(t: SubjectTenancy, ws: Pick<Workspace, "relative">, currentFile: string): string {
  if (!t.evidence || t.evidence.filePath === currentFile) return t.why;
  return `${t.why} (${ws.relative(t.evidence.filePath)}:${t.evidence.line})`;
}

/** The namespace of a ServiceAccount subject in any of its spellings (kind, user name, namespace group). */
function serviceAccountNamespace(s: Subject): string | undefined {
  if (s.kind === "ServiceAccount") return s.namespace;
  if (s.kind === "User" && s.name.startsWith("system:serviceaccount:")) return s.name.split(":")[2] || undefined;
  if (s.kind === "Group" && s.name.startsWith("system:serviceaccounts:")) return s.name.split(":")[2] || undefined;
  return undefined;
}

const cache = new WeakMap<Workspace, WeakMap<KubeSettings, { generation: number; subjects: TenantSubjects }>>();

/** The tenant-subject index for a workspace and settings, rebuilt only when the workspace changed. */
export function getTenantSubjects(ws: Workspace, settings: KubeSettings): TenantSubjects {
  let bySettings = cache.get(ws);
  if (!bySettings) cache.set(ws, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings);
  if (cached && cached.generation === ws.generation) return cached.subjects;
  const subjects = new TenantSubjects(getNamespaceCatalog(ws, settings), settings);
  bySettings.set(settings, { generation: ws.generation, subjects });
  return subjects;
}
