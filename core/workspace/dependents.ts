/**
 * Which files' findings may change when some files change: the edges of `kube-lint --changed`. Sound before fast:
 * when a change may reach anywhere (a cluster-scoped or repository-wide object, a namespace appearing or vanishing,
 * the config), the answer is "everything" and the caller lints the whole repository.
 *
 * Otherwise the changed files only hold namespaced objects of "local" kinds (policies, quotas, RBAC, workloads,
 * kustomizations), and findings may move only in the namespaces they touch (before or after the change): their
 * objects' namespaces, their `namespace:` lines, the namespaces Kustomize gives them or gave them, widened to every
 * namespace of the same tenant and to HNC descendants. Every YAML file in one of those namespaces is linted again:
 * by its `namespace:` lines, its Kustomize namespaces and its indexed objects, and — for files whose `namespace`
 * keys are not all plain `namespace: x` lines (JSON, flow style, escapes) — by any mention of the name in its text.
 */
import fs from "node:fs";
import { isKnownClusterScoped } from "../manifest/scope.js";
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { KubeSettings } from "../settings.js";
import { getNamespaceCatalog } from "../tenancy/namespaces.js";
import { isIndexedKind, LOCAL_KINDS } from "./indexed-kinds.js";
import type { Workspace } from "./workspace.js";

export type Dependents = { everything: true; reason: string } | { everything: false; files: Set<string> };

const everything = (reason: string): Dependents => ({ everything: true, reason });

/**
 * An object whose change can move findings only in its own namespace(s). Objects the index does not hold are read
 * by no other file's rules; indexed ones must be of a local kind (not cluster-scoped, not a tenant or a delivery
 * object such as a Flux Kustomization or an Argo CD Application).
 */
function isLocal(o: ManifestObject): boolean {
  if (!isIndexedKind(o.kind)) return true;
  return LOCAL_KINDS.has(o.kind) && !isKnownClusterScoped(o.group, o.kind);
}

function namespaceNames(ws: Workspace, settings: KubeSettings): Set<string> {
  return new Set([...getNamespaceCatalog(ws, settings).namespaces.keys(), ...ws.allNamespaceReferences().keys()]);
}

/**
 * `before`: the index with the changed files' earlier text; `after`: the current one. `changed`: absolute paths of
 * changed YAML files (added, modified or deleted).
 */
export function dependentFiles(before: Workspace, after: Workspace, changed: readonly string[], settings: KubeSettings): Dependents {
  const touched = new Set<string>();
  const files = new Set<string>();
  for (const filePath of changed) {
    if (after.entry(filePath)) files.add(filePath);
    for (const ws of [before, after]) {
      const entry = ws.entry(filePath);
      if (!entry) continue;
      for (const o of entry.manifest?.objects ?? []) {
        if (!isLocal(o)) return everything(`${ws.relative(filePath)} holds ${o.kind} '${o.name ?? ""}'`);
        for (const ns of ws.effectiveNamespaces(o)) touched.add(ns);
      }
      for (const ref of entry.namespaceRefs) touched.add(ref.namespace);
      for (const ns of ws.kustomizeNamespacesOf(filePath)) touched.add(ns);
    }
  }
  // A namespace that appears or vanishes changes every cross-tenant question (selectors, candidate namespaces).
  const namesBefore = namespaceNames(before, settings);
  const namesAfter = namespaceNames(after, settings);
  if (namesBefore.size !== namesAfter.size || [...namesAfter].some((n) => !namesBefore.has(n))) {
    return everything("the set of namespaces changed");
  }
  // Files Kustomize moves to another namespace (a kustomization's `namespace:` or `resources:` changed). The map
  // depends on kustomize configs only: compared only when a changed file held or holds one.
  const kustomizationChanged = changed.some((f) => before.entry(f)?.manifest?.kustomization || after.entry(f)?.manifest?.kustomization);
  for (const entry of kustomizationChanged ? after.entries() : []) {
    const a = after.kustomizeNamespacesOf(entry.filePath);
    const b = before.kustomizeNamespacesOf(entry.filePath);
    if (a.length !== b.length || a.some((ns) => !b.includes(ns))) {
      files.add(entry.filePath);
      for (const ns of [...a, ...b]) touched.add(ns);
    }
  }
  const widened = widen(touched, after, settings);
  if (copiesFrom(after, widened)) return everything("a Capsule (Global)TenantResource copies objects from a changed namespace");
  if (widened.size === 0) return { everything: false, files };
  const mention = new RegExp(`(?<![A-Za-z0-9.-])(?:${[...widened].map(escapeRegExp).join("|")})(?![A-Za-z0-9.-])|\\\\`);
  const inWidened = (o: ManifestObject) => (o.kind === "Namespace" && o.name !== undefined && widened.has(o.name)) || after.effectiveNamespaces(o).some((ns) => widened.has(ns));
  for (const entry of after.entries()) {
    if (files.has(entry.filePath)) continue;
    if (
      entry.namespaceRefs.some((r) => widened.has(r.namespace)) ||
      after.kustomizeNamespacesOf(entry.filePath).some((ns) => widened.has(ns)) ||
      entry.manifest?.objects.some(inWidened)
    ) {
      files.add(entry.filePath);
      continue;
    }
    // Its namespaces are all in `namespaceRefs` (block-style `namespace:` lines): nothing more to find in its text.
    if (entry.refsComplete) continue;
    let text: string;
    try {
      text = fs.readFileSync(entry.filePath, "utf8");
    } catch {
      continue;
    }
    if (mention.test(text)) files.add(entry.filePath);
  }
  return { everything: false, files };
}

/** Every namespace of the touched namespaces' tenants (either scope), and their HNC descendants. */
function widen(touched: Set<string>, ws: Workspace, settings: KubeSettings): Set<string> {
  const catalog = getNamespaceCatalog(ws, settings);
  const tenants = new Set<string>();
  for (const ns of touched) {
    for (const scope of ["marked", "all"] as const) {
      const t = catalog.tenantOf(ns, scope);
      if (t) tenants.add(`${scope}\u0000${t.name}`);
    }
  }
  const out = new Set(touched);
  if (tenants.size > 0) {
    for (const name of catalog.namespaces.keys()) {
      for (const scope of ["marked", "all"] as const) {
        const t = catalog.tenantOf(name, scope);
        if (t && tenants.has(`${scope}\u0000${t.name}`)) out.add(name);
      }
    }
  }
  // HNC: a parent's policies propagate to its children.
  const children = new Map<string, string[]>();
  for (const hc of ws.ofKind("HierarchyConfiguration")) {
    const parent = asString(asRecord(hc.value.spec)?.parent);
    for (const ns of ws.effectiveNamespaces(hc)) if (parent) push(children, parent, ns);
  }
  for (const anchor of ws.ofKind("SubnamespaceAnchor")) {
    for (const ns of ws.effectiveNamespaces(anchor)) if (anchor.name) push(children, ns, anchor.name);
  }
  const queue = [...out];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() as string) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** Whether a Capsule TenantResource / GlobalTenantResource copies namespaced items from one of these namespaces. */
function copiesFrom(ws: Workspace, namespaces: Set<string>): boolean {
  for (const r of ws.ofKind("TenantResource", "GlobalTenantResource")) {
    for (const resource of asArray(asRecord(r.value.spec)?.resources)) {
      for (const item of asArray(asRecord(resource)?.namespacedItems)) {
        const from = asString(asRecord(item)?.namespace);
        if (from && namespaces.has(from)) return true;
      }
    }
  }
  return false;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
