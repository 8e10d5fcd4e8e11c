/**
 * Text -> ManifestFile for files the linter did not hand us (the workspace index reads them from disk).
 * Never throws: a file that can't be read as manifests is returned with the reason it was skipped.
 */
import { parseYAML } from "yaml-eslint-parser";
import { extractManifests } from "./extract.js";
import { readBlockYaml } from "./read-lines.js";
import { readManifestValues } from "./read-values.js";
import { isHelmTemplate } from "./helm.js";
import type { LintedObject, ManifestFile, ManifestObject } from "./model.js";

export type SkipReason = "helm-template" | "binary" | "too-large" | "parse-error";

export interface ReadResult {
  manifest: ManifestFile | undefined;
  skipped: SkipReason | undefined;
}

/** Files above this size are not indexed (a 50 MB generated file is not hand-written policy). */
export const MAX_INDEXED_BYTES = 5 * 1024 * 1024;

export function readManifestText(text: string, filePath: string): ReadResult {
  if (text.length > MAX_INDEXED_BYTES) return { manifest: undefined, skipped: "too-large" };
  if (text.includes("\u0000")) return { manifest: undefined, skipped: "binary" };
  if (isHelmTemplate(text, filePath)) return { manifest: undefined, skipped: "helm-template" };
  const source = stripBom(text);
  // The cheap readers first, cheapest first; each declines (undefined) whatever it does not model exactly.
  const fast = readBlockYaml(source, filePath) ?? readManifestValues(source, filePath);
  if (fast) return { manifest: stripNodes(fast), skipped: undefined };
  return readManifestTextSlow(source, filePath);
}

/** The exact reader: yaml-eslint-parser's AST, as ESLint lints the file (for files the cheap reader declines). */
export function readManifestTextSlow(text: string, filePath: string): ReadResult {
  if (text.length > MAX_INDEXED_BYTES) return { manifest: undefined, skipped: "too-large" };
  if (text.includes("\u0000")) return { manifest: undefined, skipped: "binary" };
  if (isHelmTemplate(text, filePath)) return { manifest: undefined, skipped: "helm-template" };
  try {
    const program = parseYAML(stripBom(text), { filePath });
    return { manifest: stripNodes(extractManifests(program, filePath)), skipped: undefined };
  } catch {
    return { manifest: undefined, skipped: "parse-error" };
  }
}

/**
 * A file's bytes as text. UTF-16 with a byte-order mark is decoded as such: kubectl reads it (cli-runtime's
 * FileVisitor decodes with unicode.BOMOverride), so its objects are part of what the repository applies.
 * Everything else is UTF-8, the YAML default. The byte-order mark is dropped, as ESLint drops it from the text it
 * lints (lib/linter/vfile.js, stripUnicodeBOM): the index's copy of a file must equal the linted text, or each such
 * file would look edited when linted and rebuild the index's views (300 files with a BOM: 301 rebuilds, round 8).
 */
export function decodeManifestBytes(bytes: Uint8Array): string {
  // TextDecoder drops the mark itself (ignoreBOM is false by default).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString("utf8");
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Drop AST nodes so the index holds plain data only (and the AST can be collected). */
export function stripNodes(file: ManifestFile<LintedObject> | ManifestFile): ManifestFile {
  return {
    ...file,
    objects: file.objects.map((o) => {
      if (!("node" in o)) return o;
      const { node: _node, ...rest } = o as LintedObject;
      return rest as ManifestObject;
    }),
  };
}
