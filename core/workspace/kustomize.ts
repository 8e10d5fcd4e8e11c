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

/** Resolve a `resources:` entry to a kustomization file (folder entry) or a plain file, or undefined. */
function resolveEntry(
  from: Kustomization,
  entry: string,
  byPath: ReadonlyMap<string, Kustomization>,
): { kustomization?: Kustomization; file?: string } | undefined {
  if (isRemote(entry)) return undefined;
  const target = path.resolve(path.dirname(from.filePath), entry);
  for (const name of KUSTOMIZATION_NAMES) {
    const k = byPath.get(path.join(target, name));
    if (k) return { kustomization: k };
  }
  return { file: target };
}

/** The kustomizations by file, and those another one builds (so not top-level). */
function kustomizationGraph(kustomizations: readonly Kustomization[]): { byPath: Map<string, Kustomization>; included: Set<Kustomization> } {
  const byPath = new Map(kustomizations.map((k) => [k.filePath, k]));
  const included = new Set<Kustomization>();
  for (const k of kustomizations) {
    for (const entry of [...k.resources, ...k.components]) {
      const r = resolveEntry(k, entry, byPath);
      if (r?.kustomization) included.add(r.kustomization);
    }
  }
  return { byPath, included };
}

/** Map file path -> namespaces set on it by kustomizations. */
export function kustomizeNamespaces(
  kustomizations: readonly Kustomization[],
  canonicalPath: (file: string) => string = (file) => file,
): Map<string, ReadonlySet<string>> {
  const { byPath, included } = kustomizationGraph(kustomizations);
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
    for (const entry of [...k.resources, ...k.components]) {
      const r = resolveEntry(k, entry, byPath);
      if (r?.kustomization) visit(r.kustomization, ns, seen);
      // A folder without a kustomization lands here too: its key is harmless (lookups are by file path), and
      // skipping the stat per entry keeps the index free of one syscall per workload file.
      else if (r?.file && ns) add(r.file, ns);
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
  const { byPath, included } = kustomizationGraph(kustomizations);
  const result = new Map<string, Kustomization[][]>();
  const visit = (k: Kustomization, outer: readonly Kustomization[], seen: Set<Kustomization>) => {
    if (seen.has(k)) return;
    seen.add(k);
    const chain = [k, ...outer];
    for (const entry of [...k.resources, ...k.components]) {
      const r = resolveEntry(k, entry, byPath);
      if (r?.kustomization) visit(r.kustomization, chain, seen);
      else if (r?.file) {
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
