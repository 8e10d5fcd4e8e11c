/**
 * Documents (plain values + where they start) -> Kubernetes objects. Shared by the two readers of YAML: the linted
 * file's ESLint AST (`extract.ts`) and the index's cheap reader (`read-values.ts`), so both give the same objects.
 */
import path from "node:path";
import { apiGroup, type FileKind, type Kustomization, type KustomizePatchEntry, type ManifestFile, type ManifestObject } from "./model.js";
import { asArray, asRecord, asString, stringMap, type PlainValue } from "./yaml-ast.js";

const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationFileName(filePath: string): boolean {
  return KUSTOMIZATION_FILE.test(path.basename(filePath));
}

/** One mapping of a document (its root, or an item of a `kind: *List`), with the node it came from. */
export interface MappingView<N> {
  value: PlainValue;
  line: number;
  node: N;
}

/** One YAML document as a reader sees it. */
export interface DocumentView<N> {
  /** "none" for an empty document. */
  content: "none" | "mapping" | "other";
  root: MappingView<N> | undefined;
  /** Mapping entries of the root's own `items:` sequence (`undefined` for entries that are not mappings). */
  listItems(): (MappingView<N> | undefined)[];
}

/** Whether a document's value is a kustomize (not Flux) Kustomization. */
function isKustomizeConfig(value: Record<string, unknown>, filePath: string): boolean {
  const apiVersion = asString(value.apiVersion);
  if (apiVersion?.startsWith("kustomize.config.k8s.io/")) return true;
  // kustomization.yaml may omit apiVersion/kind entirely.
  return apiVersion === undefined && isKustomizationFileName(filePath);
}

export function collectManifests<N>(
  documents: readonly DocumentView<N>[],
  filePath: string,
): ManifestFile<ManifestObject & { node: N }> {
  const objects: (ManifestObject & { node: N })[] = [];
  let kustomization: Kustomization | undefined;
  let sawContent = false;

  documents.forEach((doc, documentIndex) => {
    if (doc.content === "none") return;
    sawContent = true;
    if (doc.content !== "mapping" || !doc.root) return;
    const value = asRecord(doc.root.value);
    if (!value) return;
    if (isKustomizeConfig(value, filePath)) {
      kustomization ??= toKustomization(value, filePath, doc.root.line);
      return;
    }
    const obj = toObject(doc.root, value, filePath, documentIndex, undefined);
    if (!obj) return;
    if (obj.kind.endsWith("List") && Array.isArray(value.items)) {
      doc.listItems().forEach((entry, listIndex) => {
        const itemValue = entry && asRecord(entry.value);
        const item = itemValue && toObject(entry, itemValue, filePath, documentIndex, listIndex);
        if (item) objects.push(item);
      });
      return;
    }
    objects.push(obj);
  });

  const fileKind: FileKind = kustomization
    ? "kustomization"
    : objects.length > 0
      ? "kubernetes"
      : sawContent
        ? "other"
        : "empty";
  return { filePath, fileKind, objects, kustomization };
}

function toObject<N>(
  view: MappingView<N>,
  value: Record<string, unknown>,
  filePath: string,
  documentIndex: number,
  listIndex: number | undefined,
): (ManifestObject & { node: N }) | undefined {
  const apiVersion = asString(value.apiVersion);
  const kind = asString(value.kind);
  if (!apiVersion || !kind || typeof value.kind !== "string") return undefined;
  const metadata = asRecord(value.metadata);
  return {
    apiVersion,
    group: apiGroup(apiVersion),
    kind,
    name: asString(metadata?.name),
    namespace: asString(metadata?.namespace),
    labels: stringMap(metadata?.labels),
    annotations: stringMap(metadata?.annotations),
    value: value as ManifestObject["value"],
    filePath,
    line: view.line,
    documentIndex,
    listIndex,
    node: view.node,
  };
}

function toKustomization(value: Record<string, unknown>, filePath: string, line: number): Kustomization {
  const strings = (v: unknown) => asArray(v).filter((s): s is string => typeof s === "string");
  return {
    filePath,
    namespace: asString(value.namespace),
    resources: [...strings(value.resources), ...strings(value.bases)],
    components: strings(value.components),
    patches: [
      ...strings(value.patchesStrategicMerge),
      ...strings(value.patches),
      ...[...asArray(value.patches), ...asArray(value.patchesJson6902)].map((p) => asString(asRecord(p)?.path)).filter((p): p is string => !!p),
    ],
    patchEntries: patchEntries(value),
    line,
  };
}

/** Patches in Kustomize's order: `patchesStrategicMerge`, then `patchesJson6902`, then `patches`. */
function patchEntries(value: Record<string, unknown>): KustomizePatchEntry[] {
  const out: KustomizePatchEntry[] = [];
  for (const entry of asArray(value.patchesStrategicMerge)) {
    // A string is a file path, or (when it spans lines) the patch itself.
    if (typeof entry === "string") out.push(entry.includes("\n") ? { path: undefined, patch: entry, target: undefined } : { path: entry, patch: undefined, target: undefined });
  }
  for (const entry of [...asArray(value.patchesJson6902), ...asArray(value.patches)]) {
    if (typeof entry === "string") {
      out.push({ path: entry, patch: undefined, target: undefined });
      continue;
    }
    const record = asRecord(entry);
    if (!record) continue;
    out.push({ path: asString(record.path), patch: asString(record.patch), target: asRecord(record.target) });
  }
  return out;
}
