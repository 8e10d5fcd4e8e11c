/**
 * What the index keeps of one file (a FileEntry), made from its text: the namespaces it names, and its manifests
 * of the indexed kinds when the exact pre-filter says it may hold any. Pure: the Workspace decides when.
 */
import { isDeepStrictEqual } from "node:util";
import type { ManifestFile, ManifestObject } from "../manifest/model.js";
import { readManifestText, stripNodes, type SkipReason } from "../manifest/read.js";
import { asRecord, emptyRecord } from "../manifest/yaml-ast.js";
import { INDEXED_SPEC_FIELDS, isIndexedKind, mayHoldIndexedObject, prefilterDisabledByEnv } from "./indexed-kinds.js";

/** `namespace: x` lines anywhere: evidence of which namespaces a repo deploys into, without parsing. */
const NAMESPACE_LINE = /^[ \t-]*namespace:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*(#.*)?$/gm;

export interface NamespaceReference {
  namespace: string;
  filePath: string;
  line: number;
  /** The file has `apiVersion:` and `kind:` lines: a manifest, not a tool's config or Helm values. */
  inManifest: boolean;
}

const API_VERSION_LINE = /^[ \t-]*apiVersion:/m;
const KIND_LINE = /^[ \t-]*kind:/m;

export interface FileEntry {
  filePath: string;
  mtimeMs: number;
  size: number;
  hash: number;
  textLength: number;
  manifest: ManifestFile | undefined;
  skipped: SkipReason | "not-indexed" | undefined;
  namespaceRefs: NamespaceReference[];
  /**
   * Every `namespace` key of the text is a `namespace: x` line `namespaceRefs` holds (no JSON or flow-style
   * `namespace` key, no escapes): `kube-lint --changed` then knows the file's namespaces without reading it.
   */
  refsComplete?: boolean;
  /** Holds an editor's unsaved text (not the disk's): never persisted. */
  unsaved?: boolean;
}

/** FNV-1a over UTF-16 code units: tells whether the linted text differs from what we indexed. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Whether the index must parse this text (always, with the pre-filter off). */
export function needsIndexing(text: string, filePath: string, prefilter = true): boolean {
  return !prefilter || prefilterDisabledByEnv() || mayHoldIndexedObject(text, filePath);
}

/** The index keeps indexed kinds only: the same index whichever files the pre-filter lets through. */
function keepIndexed(file: ManifestFile): ManifestFile {
  const kept = file.objects.filter((o) => isIndexedKind(o.kind));
  const objects = kept.map(slimForIndex);
  const same = objects.length === file.objects.length && objects.every((o, i) => o === file.objects[i]);
  return same ? file : { ...file, objects };
}

/** The object as the index keeps it: the spec fields INDEXED_SPEC_FIELDS lists for its kind, or all of it. */
function slimForIndex(o: ManifestObject): ManifestObject {
  const fields = INDEXED_SPEC_FIELDS[o.kind];
  const spec = asRecord(o.value.spec);
  if (!fields || !spec) return o;
  const slim = emptyRecord();
  for (const key of fields) if (spec[key] !== undefined) slim[key] = spec[key];
  return { ...o, value: Object.assign(emptyRecord(), o.value, { spec: slim }) };
}

function findNamespaceRefs(text: string, filePath: string): NamespaceReference[] {
  const refs: NamespaceReference[] = [];
  if (!text.includes("namespace:")) return refs;
  const inManifest = API_VERSION_LINE.test(text) && KIND_LINE.test(text);
  NAMESPACE_LINE.lastIndex = 0;
  const lines = lineCounter(text);
  for (let m = NAMESPACE_LINE.exec(text); m; m = NAMESPACE_LINE.exec(text)) {
    const line = lines(m.index + m[0].indexOf("namespace"));
    refs.push({ namespace: m[1] as string, filePath, line, inManifest });
  }
  return refs;
}

/** Occurrences of a `namespace` key in any style (`namespace:`, `"namespace":`, `{namespace: x}`). */
function countNamespaceKeys(text: string): number {
  return text.match(/namespace["']?[ \t]*:/g)?.length ?? 0;
}

/**
 * 1-based line of an offset, for offsets asked in increasing order: counting resumes where the last call stopped,
 * so a 10,000-document file costs one pass, not one pass per `namespace:` line.
 */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let next = text.indexOf("\n");
  return (offset) => {
    for (; next !== -1 && next < offset; next = text.indexOf("\n", next + 1)) line++;
    return line;
  };
}

/**
 * The entry for a file's text. `parsed`: the manifests already extracted from ESLint's AST of this text (the linted
 * file), so it is not parsed again.
 */
export function buildEntry(
  filePath: string,
  text: string,
  mtimeMs: number,
  size: number,
  prefilter: boolean,
  parsed?: ManifestFile,
  unsaved = false,
): FileEntry {
  const entry: FileEntry = {
    filePath,
    mtimeMs,
    size,
    hash: textHash(text),
    textLength: text.length,
    manifest: undefined,
    skipped: "not-indexed",
    namespaceRefs: findNamespaceRefs(text, filePath),
  };
  entry.refsComplete = !text.includes("\\") && countNamespaceKeys(text) === entry.namespaceRefs.length;
  if (unsaved) entry.unsaved = true;
  if (needsIndexing(text, filePath, prefilter)) {
    if (parsed) {
      entry.manifest = keepIndexed(stripNodes(parsed));
      entry.skipped = undefined;
    } else {
      const result = readManifestText(text, filePath);
      entry.manifest = result.manifest && keepIndexed(result.manifest);
      entry.skipped = result.skipped;
    }
  }
  return entry;
}

/**
 * Whether two entries of a file tell the index the same (its objects, `namespace:` lines, skip reason), whatever
 * else differs in the text. Objects read by different readers (the linted AST, the line reader) compare equal
 * when every field and value does, prototypes included; anything else counts as a change.
 */
export function sameIndexedFacts(a: FileEntry, b: FileEntry): boolean {
  return (
    a.skipped === b.skipped &&
    a.refsComplete === b.refsComplete &&
    isDeepStrictEqual(a.namespaceRefs, b.namespaceRefs) &&
    isDeepStrictEqual(a.manifest, b.manifest)
  );
}

/** The entry for a file too large to index: not even read (a 50 MB generated bundle is not hand-written policy). */
export function tooLargeEntry(filePath: string, mtimeMs: number, size: number): FileEntry {
  return { filePath, mtimeMs, size, hash: 0, textLength: size, manifest: undefined, skipped: "too-large", namespaceRefs: [] };
}
