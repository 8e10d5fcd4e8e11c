/**
 * YAML AST -> Kubernetes objects. Multi-document files, `kind: List` items, kustomization files; YAML that is not
 * Kubernetes (no string apiVersion + kind) is recognised and left alone.
 */
import path from "node:path";
import type { AST } from "yaml-eslint-parser";
import {
  apiGroup,
  type FileKind,
  type Kustomization,
  type KustomizePatchEntry,
  type LintedObject,
  type ManifestFile,
} from "./model.js";
import { asArray, asRecord, asString, stringMap, unwrap, ValueBuilder, nodeAt, type YMapping } from "./yaml-ast.js";

const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationFileName(filePath: string): boolean {
  return KUSTOMIZATION_FILE.test(path.basename(filePath));
}

/** Whether a document's value is a kustomize (not Flux) Kustomization. */
function isKustomizeConfig(value: Record<string, unknown>, filePath: string): boolean {
  const apiVersion = asString(value.apiVersion);
  if (apiVersion?.startsWith("kustomize.config.k8s.io/")) return true;
  // kustomization.yaml may omit apiVersion/kind entirely.
  return apiVersion === undefined && isKustomizationFileName(filePath);
}

export function extractManifests(program: AST.YAMLProgram, filePath: string): ManifestFile<LintedObject> {
  const objects: LintedObject[] = [];
  let kustomization: Kustomization | undefined;
  let sawContent = false;
  const builder = new ValueBuilder();

  program.body.forEach((doc, documentIndex) => {
    const content = unwrap(doc.content);
    if (!content) return;
    sawContent = true;
    if (content.type !== "YAMLMapping") return;
    const value = asRecord(builder.value(content));
    if (!value) return;
    if (isKustomizeConfig(value, filePath)) {
      kustomization ??= toKustomization(value, filePath, content.loc.start.line);
      return;
    }
    const obj = toObject(content, value, filePath, documentIndex, undefined);
    if (!obj) return;
    if (obj.kind.endsWith("List") && Array.isArray(value.items)) {
      const itemsNode = unwrap(nodeAt(content, ["items"]));
      const entries = itemsNode?.type === "YAMLSequence" ? itemsNode.entries : [];
      entries.forEach((entry, listIndex) => {
        const itemNode = unwrap(entry);
        if (itemNode?.type !== "YAMLMapping") return;
        const itemValue = asRecord(builder.value(itemNode));
        const item = itemValue && toObject(itemNode, itemValue, filePath, documentIndex, listIndex);
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

function toObject(
  node: YMapping,
  value: Record<string, unknown>,
  filePath: string,
  documentIndex: number,
  listIndex: number | undefined,
): LintedObject | undefined {
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
    value: value as LintedObject["value"],
    filePath,
    line: node.loc.start.line,
    documentIndex,
    listIndex,
    node,
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
