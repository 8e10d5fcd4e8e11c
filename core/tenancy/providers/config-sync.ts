/**
 * Config Sync hierarchical repositories (configmanagement.gke.io). A `system/` folder holding a `Repo` object marks
 * the root of one; its `namespaces/` tree drives namespace inheritance (cloud.google.com/kubernetes-engine/
 * enterprise/config-sync/docs/concepts/hierarchical-repo and .../namespace-inheritance):
 * - a folder holding a `Namespace` is a namespace directory: objects in it belong to that namespace, whether or not
 *   they name it in `metadata.namespace`;
 * - every other folder is an abstract namespace: a namespaced object in it "is applied to all of that abstract
 *   namespace's descendant namespace directories", or only to those whose labels match the NamespaceSelector the
 *   object names in the annotation `configmanagement.gke.io/namespace-selector` (a selector that does not exist
 *   selects nothing).
 * Config Sync makes no tenants by itself: tenancy marks stay the namespaces' labels (`settings.kube.tenantLabels`).
 */
import path from "node:path";
import type { ManifestObject } from "../../manifest/model.js";
import { asRecord } from "../../manifest/yaml-ast.js";
import { selectorMatches } from "../label-selector.js";
import { fromObject, KINDS_FOR, type ProtectingObject, type TenancyProvider } from "../provider.js";

const GROUP = "configmanagement.gke.io";
const SELECTOR_ANNOTATION = "configmanagement.gke.io/namespace-selector";
const ALL_KINDS = Object.values(KINDS_FOR).flat();

/** One hierarchical repository: its `namespaces/` folder and the namespace directories in it. */
interface Hierarchy {
  namespacesDir: string;
  /** Namespace name -> its directory. */
  directories: Map<string, string>;
  /** Directory -> protection-kind objects written in it without a namespace. */
  objects: Map<string, ManifestObject[]>;
  selectors: Map<string, ManifestObject>;
}

export const configSyncProvider: TenancyProvider = {
  id: "config-sync",
  definingKinds: [],
  read(ws) {
    const hierarchies: Hierarchy[] = [];
    for (const repo of ws.ofKind("Repo")) {
      if (repo.group !== GROUP || path.basename(path.dirname(repo.filePath)) !== "system") continue;
      const namespacesDir = path.join(path.dirname(path.dirname(repo.filePath)), "namespaces");
      if (!hierarchies.some((h) => h.namespacesDir === namespacesDir)) {
        hierarchies.push({ namespacesDir, directories: new Map(), objects: new Map(), selectors: new Map() });
      }
    }
    if (hierarchies.length === 0) return {};
    const hierarchyOf = (file: string) => hierarchies.find((h) => file.startsWith(h.namespacesDir + path.sep));
    for (const ns of ws.ofKind("Namespace")) {
      const h = hierarchyOf(ns.filePath);
      if (h && ns.name) h.directories.set(ns.name, path.dirname(ns.filePath));
    }
    for (const selector of ws.ofKind("NamespaceSelector")) {
      const h = hierarchyOf(selector.filePath);
      if (h && selector.group === GROUP && selector.name) h.selectors.set(selector.name, selector);
    }
    for (const obj of ws.ofKind(...ALL_KINDS)) {
      const h = hierarchyOf(obj.filePath);
      // Objects naming their namespace are found by it already; the hierarchy places the others.
      if (!h || ws.effectiveNamespaces(obj).length > 0) continue;
      const dir = path.dirname(obj.filePath);
      h.objects.set(dir, [...(h.objects.get(dir) ?? []), obj]);
    }
    /** The directories whose objects reach a namespace: its own, then each abstract ancestor up to `namespaces/`. */
    const reaching = (namespace: string | undefined) => {
      for (const h of hierarchies) {
        const own = namespace ? h.directories.get(namespace) : undefined;
        if (!own) continue;
        const dirs: { dir: string; abstract: boolean }[] = [{ dir: own, abstract: false }];
        for (let dir = path.dirname(own); dir.startsWith(h.namespacesDir); dir = path.dirname(dir)) {
          dirs.push({ dir, abstract: true });
          if (dir === h.namespacesDir) break;
        }
        return { h, dirs };
      }
      return undefined;
    };
    const abstractName = (dir: string) => ws.relative(dir);
    const root = (h: Hierarchy) => path.dirname(h.namespacesDir);
    return {
      // Objects under namespaces/ get their namespace from their folder; system/ holds the operator's own config,
      // and NamespaceSelectors are never synced to the cluster.
      placesObject: (obj) =>
        hierarchies.some((h) => obj.filePath.startsWith(h.namespacesDir + path.sep) || obj.filePath.startsWith(path.join(root(h), "system") + path.sep)),
      protecting(target, kind, ctx) {
        const found = reaching(target.namespace);
        if (!found) return [];
        const labels = ctx.catalog.namespaces.get(target.namespace as string)?.labels ?? {};
        const out: ProtectingObject[] = [];
        for (const { dir, abstract } of found.dirs) {
          for (const obj of found.h.objects.get(dir) ?? []) {
            if (!KINDS_FOR[kind].includes(obj.kind) || (abstract && !selects(found.h, obj, labels))) continue;
            const name = `${obj.kind} '${obj.name ?? "(unnamed)"}'`;
            out.push(fromObject(obj, "config-sync", abstract ? `${name} of abstract namespace '${abstractName(dir)}' (Config Sync)` : name));
          }
        }
        return out;
      },
      shortfalls(target, kind, ctx) {
        const found = reaching(target.namespace);
        if (!found) return [];
        const labels = ctx.catalog.namespaces.get(target.namespace as string)?.labels ?? {};
        return found.dirs.flatMap(({ dir, abstract }) =>
          abstract
            ? (found.h.objects.get(dir) ?? [])
                .filter((obj) => KINDS_FOR[kind].includes(obj.kind) && !selects(found.h, obj, labels))
                .map((obj) => `${obj.kind} '${obj.name ?? "(unnamed)"}' of '${abstractName(dir)}' skips it: NamespaceSelector '${obj.annotations[SELECTOR_ANNOTATION]}' does not select it`)
            : [],
        );
      },
    };
  },
};

/** An object without the annotation reaches every namespace below; with it, only those its NamespaceSelector picks. */
function selects(h: Hierarchy, obj: ManifestObject, labels: Readonly<Record<string, string>>): boolean {
  const name = obj.annotations[SELECTOR_ANNOTATION];
  if (name === undefined) return true;
  const selector = h.selectors.get(name);
  return selector !== undefined && selectorMatches(asRecord(selector.value.spec)?.selector, labels);
}
