/**
 * Argo CD, as its docs describe it (https://argo-cd.readthedocs.io/en/stable/user-guide/projects/,
 * https://argo-cd.readthedocs.io/en/stable/operator-manual/project-specification/):
 * - Every Application belongs to one AppProject; without `spec.project` it is `default`, which (unless the platform
 *   redefines it) permits any source, any destination and every cluster-scoped kind.
 * - `destinations` are globs of server/name and namespace; an entry prefixed with `!` denies. A destination is
 *   permitted when an allow entry matches it and no deny entry does.
 * - Cluster-scoped kinds are allowed by `clusterResourceWhitelist` (none when absent) minus
 *   `clusterResourceBlacklist`; namespaced kinds are denied by `namespaceResourceBlacklist` (or limited to
 *   `namespaceResourceWhitelist` when set).
 * - `sourceNamespaces`: the namespaces whose Applications may use the project (apps in any namespace).
 * - `destinationServiceAccounts`: sync impersonation, the equivalent of Flux's serviceAccountName
 *   (https://argo-cd.readthedocs.io/en/stable/operator-manual/app-sync-using-impersonation/).
 * - An ApplicationSet's `spec.template` is an Application; a `{{ … }}` in it is filled in per generated app: unknown.
 */
import type { ManifestObject } from "../manifest/model.js";
import { isTemplated } from "../manifest/placeholders.js";
import { asArray, asRecord, asString, type PlainValue } from "../manifest/yaml-ast.js";
import type { Workspace } from "../workspace/workspace.js";
import { isArgo } from "./delivery.js";

export const DEFAULT_PROJECT = "default";
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

export interface ArgoDestination {
  server: string | undefined;
  name: string | undefined;
  namespace: string | undefined;
  /** A `{{ … }}` in the destination: filled in per generated Application, so unknown here. */
  templated: boolean;
}

/** An Application, or an ApplicationSet's template: the project it uses and where it delivers. */
export interface ArgoDelivery {
  object: ManifestObject;
  /** undefined when templated. */
  project: string | undefined;
  destination: ArgoDestination;
}

function readDestination(value: unknown): ArgoDestination {
  const d = asRecord(value);
  const server = asString(d?.server);
  const name = asString(d?.name);
  const namespace = asString(d?.namespace);
  const templated = [server, name, namespace].some((v) => v !== undefined && isTemplated(v));
  return { server, name, namespace, templated };
}

/** The Application an object stands for (an Application, or an ApplicationSet's template); undefined otherwise. */
export function readArgoDelivery(obj: ManifestObject): ArgoDelivery | undefined {
  let spec: Record<string, PlainValue> | undefined;
  if (isArgo(obj, "Application")) spec = asRecord(obj.value.spec);
  else if (isArgo(obj, "ApplicationSet")) spec = asRecord(asRecord(asRecord(obj.value.spec)?.template)?.spec);
  else return undefined;
  const written = asString(spec?.project);
  const project = written === undefined || written === "" ? DEFAULT_PROJECT : isTemplated(written) ? undefined : written;
  return { object: obj, project, destination: readDestination(spec?.destination) };
}

/** Argo CD's in-cluster destination (or none written: the Application's own cluster). */
export function isInCluster(d: ArgoDestination): boolean {
  return (!d.server && !d.name) || d.server === IN_CLUSTER_SERVER || d.name === "in-cluster";
}

export interface DestinationRule {
  server: string;
  name: string;
  namespace: string;
  deny: boolean;
  index: number;
}

export interface GroupKind {
  group: string;
  kind: string;
  index: number;
}

export interface ServiceAccountRule {
  server: string;
  namespace: string;
  serviceAccount: string;
}

export interface AppProjectView {
  object: ManifestObject;
  name: string;
  destinations: DestinationRule[];
  clusterWhitelist: GroupKind[];
  clusterBlacklist: GroupKind[];
  namespaceBlacklist: GroupKind[];
  /** undefined: not set (every namespaced kind not blacklisted). */
  namespaceWhitelist: GroupKind[] | undefined;
  sourceNamespaces: string[];
  destinationServiceAccounts: ServiceAccountRule[];
  groups: string[];
  /** Fields of the wrong type (`destinations: "*"`): reported as unreadable, never guessed. */
  unreadable: string[];
}

/** Read an AppProject; fields of the wrong shape are listed in `unreadable` and read as empty. */
export function readAppProject(obj: ManifestObject): AppProjectView {
  const unreadable: string[] = [];
  const spec = asRecord(obj.value.spec) ?? {};
  if (obj.value.spec !== undefined && obj.value.spec !== null && !asRecord(obj.value.spec)) unreadable.push("spec");
  const list = (key: string): PlainValue[] => {
    const v = spec[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      unreadable.push(`spec.${key}`);
      return [];
    }
    return v;
  };
  const groupKinds = (key: string): GroupKind[] =>
    list(key).flatMap((entry, index) => {
      const r = asRecord(entry);
      const kind = asString(r?.kind);
      return r && kind !== undefined ? [{ group: asString(r.group) ?? "", kind, index }] : [];
    });
  const destinations = list("destinations").flatMap((entry, index): DestinationRule[] => {
    const r = asRecord(entry);
    if (!r) return [];
    const server = asString(r.server) ?? "";
    const name = asString(r.name) ?? "";
    const namespace = asString(r.namespace) ?? "";
    const deny = server.startsWith("!") || namespace.startsWith("!") || name.startsWith("!");
    return [{ server: server.replace(/^!/, ""), name: name.replace(/^!/, ""), namespace: namespace.replace(/^!/, ""), deny, index }];
  });
  const whitelistSet = spec.namespaceResourceWhitelist !== undefined && spec.namespaceResourceWhitelist !== null;
  return {
    object: obj,
    name: obj.name ?? "",
    destinations,
    clusterWhitelist: groupKinds("clusterResourceWhitelist"),
    clusterBlacklist: groupKinds("clusterResourceBlacklist"),
    namespaceBlacklist: groupKinds("namespaceResourceBlacklist"),
    namespaceWhitelist: whitelistSet ? groupKinds("namespaceResourceWhitelist") : undefined,
    sourceNamespaces: list("sourceNamespaces").map((v) => asString(v) ?? "").filter((v) => v !== ""),
    destinationServiceAccounts: list("destinationServiceAccounts").flatMap((entry) => {
      const r = asRecord(entry);
      const serviceAccount = asString(r?.defaultServiceAccount);
      return r && serviceAccount ? [{ server: asString(r.server) ?? "", namespace: asString(r.namespace) ?? "", serviceAccount }] : [];
    }),
    groups: list("roles").flatMap((role) => asArray(asRecord(role)?.groups).map((g) => asString(g) ?? "").filter((g) => g !== "")),
    unreadable,
  };
}

const globCache = new Map<string, RegExp>();

/** Argo CD's glob: `*` any run of characters, `?` one character (and a literal otherwise). */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return pattern === value;
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
    globCache.set(pattern, re);
  }
  return re.test(value);
}

/** Whether a project lets an Application write into `namespace` (of any of its clusters). */
export function allowsNamespace(project: Pick<AppProjectView, "destinations">, namespace: string): DestinationRule | undefined {
  if (project.destinations.some((d) => d.deny && d.namespace !== "" && globMatch(d.namespace, namespace) && (d.server === "*" || d.server === "" || d.name === "*"))) return undefined;
  return project.destinations.find((d) => !d.deny && globMatch(d.namespace, namespace));
}

/** Whether a project lets an Application create a cluster-scoped kind (whitelist minus blacklist). */
export function allowsClusterKind(project: Pick<AppProjectView, "clusterWhitelist" | "clusterBlacklist">, group: string, kind: string): GroupKind | undefined {
  const matches = (gk: GroupKind) => globMatch(gk.group, group) && globMatch(gk.kind, kind);
  if (project.clusterBlacklist.some(matches)) return undefined;
  return project.clusterWhitelist.find(matches);
}

/** Whether a project lets an Application write a namespaced kind. */
export function allowsNamespacedKind(project: Pick<AppProjectView, "namespaceBlacklist" | "namespaceWhitelist">, group: string, kind: string): boolean {
  const matches = (gk: GroupKind) => globMatch(gk.group, group) && globMatch(gk.kind, kind);
  if (project.namespaceBlacklist.some(matches)) return false;
  return project.namespaceWhitelist === undefined || project.namespaceWhitelist.some(matches);
}

/** Projects and the Applications using them, by project name: built once per workspace generation. */
export class ArgoIndex {
  readonly projects = new Map<string, AppProjectView[]>();
  readonly deliveriesByProject = new Map<string, ArgoDelivery[]>();

  constructor(ws: Workspace) {
    for (const p of ws.ofKind("AppProject")) {
      if (!isArgo(p, "AppProject") || !p.name) continue;
      push(this.projects, p.name, readAppProject(p));
    }
    for (const obj of ws.ofKind("Application", "ApplicationSet")) {
      const delivery = readArgoDelivery(obj);
      if (delivery?.project !== undefined) push(this.deliveriesByProject, delivery.project, delivery);
    }
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const indexes = new WeakMap<Workspace, { generation: number; index: ArgoIndex }>();

export function getArgoIndex(ws: Workspace): ArgoIndex {
  const cached = indexes.get(ws);
  if (cached && cached.generation === ws.generation) return cached.index;
  const index = new ArgoIndex(ws);
  indexes.set(ws, { generation: ws.generation, index });
  return index;
}
