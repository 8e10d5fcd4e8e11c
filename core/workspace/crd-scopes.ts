/**
 * The scope of custom resources the repository defines itself: a CustomResourceDefinition says whether its kind is
 * `Cluster` or `Namespaced`, which beats any guess from the kind's name.
 */
import { asRecord, asString } from "../manifest/yaml-ast.js";
import type { Workspace } from "./workspace.js";

export type ResourceScope = "Cluster" | "Namespaced";

const cache = new WeakMap<Workspace, { generation: number; scopes: Map<string, ResourceScope> }>();

/** `group/kind` -> scope, for every CRD in the repository (cached per workspace generation). */
export function customResourceScopes(ws: Workspace): ReadonlyMap<string, ResourceScope> {
  const cached = cache.get(ws);
  if (cached && cached.generation === ws.generation) return cached.scopes;
  const scopes = new Map<string, ResourceScope>();
  for (const crd of ws.ofKind("CustomResourceDefinition")) {
    if (!crd.group.startsWith("apiextensions.k8s.io")) continue;
    const spec = asRecord(crd.value.spec);
    const group = asString(spec?.group);
    const kind = asString(asRecord(spec?.names)?.kind);
    const scope = asString(spec?.scope);
    if (group !== undefined && kind && (scope === "Cluster" || scope === "Namespaced")) scopes.set(`${group}/${kind}`, scope);
  }
  cache.set(ws, { generation: ws.generation, scopes });
  return scopes;
}
