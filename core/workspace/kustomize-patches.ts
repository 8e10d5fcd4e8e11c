/**
 * Files a kustomization uses as patches (`patchesStrategicMerge:`, `patches[].path`, `patchesJson6902[].path`).
 * A patch looks like an object but is a fragment merged into one: judging it as a whole object (no namespace, no
 * securityContext) would be wrong.
 */
import path from "node:path";
import type { Workspace } from "./workspace.js";

const cache = new WeakMap<Workspace, { generation: number; patches: Set<string> }>();
/** The last answer: several rules ask about the same file in a row. */
let last: { patches: Set<string>; filePath: string; answer: boolean } | undefined;

export function isKustomizePatch(ws: Workspace, filePath: string): boolean {
  let cached = cache.get(ws);
  if (!cached || cached.generation !== ws.generation) {
    const patches = new Set<string>();
    for (const k of ws.kustomizations()) {
      // Inline patches (`patch: |`) and remote URLs name no local file.
      for (const entry of k.patches) if (!/^[a-z]+:\/\//i.test(entry)) patches.add(path.resolve(path.dirname(k.filePath), entry));
    }
    cached = { generation: ws.generation, patches };
    cache.set(ws, cached);
  }
  if (last?.patches === cached.patches && last.filePath === filePath) return last.answer;
  const answer = cached.patches.has(path.resolve(filePath));
  last = { patches: cached.patches, filePath, answer };
  return answer;
}
