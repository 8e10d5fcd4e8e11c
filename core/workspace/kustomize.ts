/**
 * Kustomize's `namespace:` sets the namespace of every namespaced resource the kustomization builds, including what
 * its `resources:` pull in through other kustomizations (the outer one wins). We compute, per file, the namespaces
 * that top-level kustomizations (those no other kustomization includes) give it.
 */
import path from "node:path";
import type { Kustomization } from "../manifest/model.js";

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

function isRemote(entry: string): boolean {
  return /^[a-z]+:\/\//i.test(entry) || entry.startsWith("github.com/") || entry.includes("?ref=");
}

/** Where one `resources:`/`components:` entry leads: another kustomization (a folder entry) or a plain file. */
interface Edge {
  kustomization?: Kustomization;
  file?: string;
}

/** The kustomizations' edges, each entry resolved once, and those another one builds (so not top-level). */
interface KustomizationGraph {
  edges: Map<Kustomization, Edge[]>;
  included: Set<Kustomization>;
}

/**
 * One graph per list of kustomizations: the index hands every caller the same list until it changes, and the
 * namespace map and the delivery chains both walk it (resolving each entry once, not once per walk: ~0.4 s of
 * `path` calls at 1,000 tenant folders).
 */
const graphs = new WeakMap<readonly Kustomization[], KustomizationGraph>();

function kustomizationGraph(kustomizations: readonly Kustomization[]): KustomizationGraph {
  const known = graphs.get(kustomizations);
  if (known) return known;
  // A folder entry builds the folder's kustomization file, looked up in kustomize's order of names.
  const byFolder = new Map<string, { k: Kustomization; rank: number }>();
  for (const k of kustomizations) {
    const rank = KUSTOMIZATION_NAMES.indexOf(path.basename(k.filePath));
    if (rank < 0) continue;
    const folder = path.dirname(k.filePath);
    const held = byFolder.get(folder);
    if (!held || rank < held.rank) byFolder.set(folder, { k, rank });
  }
  const edges = new Map<Kustomization, Edge[]>();
  const included = new Set<Kustomization>();
  for (const k of kustomizations) {
    const from = path.dirname(k.filePath);
    const out: Edge[] = [];
    for (const entry of [...k.resources, ...k.components]) {
      if (isRemote(entry)) continue;
      const target = path.resolve(from, entry);
      const folder = byFolder.get(target)?.k;
      if (folder) {
        out.push({ kustomization: folder });
        included.add(folder);
      } else out.push({ file: target });
    }
    edges.set(k, out);
  }
  const graph = { edges, included };
  graphs.set(kustomizations, graph);
  return graph;
}

/** Map file path -> namespaces set on it by kustomizations. */
export function kustomizeNamespaces(
  kustomizations: readonly Kustomization[],
  canonicalPath: (file: string) => string = (file) => file,
): Map<string, ReadonlySet<string>> {
  const { edges, included } = kustomizationGraph(kustomizations);
  const result = new Map<string, ReadonlySet<string>>();
  // The map lives as long as the index and usually holds one namespace per file: files with the same single
  // namespace share one set (copied when a second namespace arrives), and keys are the index's own path strings.
  const sharedByNamespace = new Map<string, ReadonlySet<string>>();
  const add = (file: string, ns: string) => {
    const set = result.get(file);
    if (set?.has(ns)) return;
    if (set) return void result.set(file, new Set([...set, ns]));
    let shared = sharedByNamespace.get(ns);
    if (!shared) sharedByNamespace.set(ns, (shared = new Set([ns])));
    result.set(canonicalPath(file), shared);
  };
  const visit = (k: Kustomization, outer: string | undefined, seen: Set<Kustomization>) => {
    if (seen.has(k)) return; // cycles: kustomize itself rejects them, we just stop
    seen.add(k);
    const ns = outer ?? k.namespace;
    for (const r of edges.get(k) ?? []) {
      if (r.kustomization) visit(r.kustomization, ns, seen);
      // A folder without a kustomization lands here too: its key is harmless (lookups are by file path), and
      // skipping the stat per entry keeps the index free of one syscall per workload file.
      else if (r.file && ns) add(r.file, ns);
    }
    seen.delete(k);
  };
  for (const k of kustomizations) if (!included.has(k)) visit(k, undefined, new Set());
  return result;
}

/**
 * Map file path -> every chain of kustomizations whose build includes it, each chain innermost first (the order their
 * patches apply in). A file several overlays build has one chain per overlay.
 */
export function kustomizationChains(kustomizations: readonly Kustomization[]): Map<string, Kustomization[][]> {
  const { edges, included } = kustomizationGraph(kustomizations);
  const result = new Map<string, Kustomization[][]>();
  const visit = (k: Kustomization, outer: readonly Kustomization[], seen: Set<Kustomization>) => {
    if (seen.has(k)) return;
    seen.add(k);
    const chain = [k, ...outer];
    for (const r of edges.get(k) ?? []) {
      if (r.kustomization) visit(r.kustomization, chain, seen);
      else if (r.file) {
        const chains = result.get(r.file);
        if (chains) chains.push(chain);
        else result.set(r.file, [chain]);
      }
    }
    seen.delete(k);
  };
  for (const k of kustomizations) if (!included.has(k)) visit(k, [], new Set());
  return result;
}
