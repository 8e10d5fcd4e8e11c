/**
 * The index's cheap reader: the `yaml` package's parser and composer straight to plain values and the start line of
 * each object — no ESTree conversion, no tokens, no comments (ESLint's parse of a linted file costs ~1.5x this).
 * It gives the same objects as `extractManifests` on ESLint's AST (a property test checks it): plain scalars are
 * resolved with yaml-eslint-parser's YAML 1.2 core rules, keys and merge keys as `ValueBuilder` does. Anything the
 * fast path does not model exactly (explicit tags, a `%YAML` other than 1.2, errors) returns `undefined`: the
 * caller then parses the file the slow, exact way.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, type Document, type Node } from "yaml";
import { collectManifests, type DocumentView, type MappingView } from "./collect.js";
import type { ManifestFile } from "./model.js";
import { detach, mergeInto, resolvePlain } from "./plain-values.js";
import { emptyRecord, keyText, type PlainValue } from "./yaml-ast.js";

class Unsupported extends Error {}

class Values {
  private readonly memo = new Map<Node, PlainValue>();
  constructor(private readonly doc: Document) {}

  /** The node an alias stands for (the nearest earlier anchor of that name, as the YAML spec and yaml do). */
  target(node: unknown): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const found = node.resolve(this.doc);
      if (!found || isAlias(found)) throw new Unsupported();
      return found as Node;
    }
    return node as Node;
  }

  value(raw: unknown): PlainValue {
    const node = this.target(raw);
    if (!node) return null;
    const cached = this.memo.get(node);
    if (cached !== undefined) return cached;
    if (node.tag !== undefined) throw new Unsupported();
    if (isScalar(node)) {
      const source = (node as { source?: string }).source ?? "";
      const resolved = node.type === "PLAIN" ? resolvePlain(source) : source;
      const v = typeof resolved === "string" ? detach(resolved) : resolved;
      this.memo.set(node, v);
      return v;
    }
    if (isSeq(node)) {
      const out: PlainValue[] = [];
      this.memo.set(node, out);
      for (const item of node.items) out.push(this.value(item));
      return out;
    }
    if (isMap(node)) {
      const out = emptyRecord();
      this.memo.set(node, out);
      for (const pair of node.items) {
        const key = this.keyName(pair.key);
        if (key === null) continue;
        if (key === "<<") {
          mergeInto(out, this.value(pair.value));
          continue;
        }
        out[key] = this.value(pair.value);
      }
      return out;
    }
    throw new Unsupported();
  }

  /** `keyName` of yaml-ast.ts: a scalar key's value as text, null for complex keys. */
  keyName(raw: unknown): string | null {
    const key = this.target(raw);
    if (!key || !isScalar(key)) return null;
    return keyText(this.value(key));
  }

  /** The value of the mapping's last `items:` pair (as `nodeAt` finds it), unwrapped. */
  itemsOf(map: Node): Node | null {
    if (!isMap(map)) return null;
    for (let i = map.items.length - 1; i >= 0; i--) {
      const pair = map.items[i];
      if (pair && this.keyName(pair.key) === "items") return this.target(pair.value);
    }
    return null;
  }
}

/**
 * Text (BOM already stripped) -> the file's objects without AST nodes; `undefined` when the fast path cannot tell
 * exactly (the caller falls back to yaml-eslint-parser). Throws nothing.
 */
export function readManifestValues(text: string, filePath: string): ManifestFile | undefined {
  try {
    const lineCounter = new LineCounter();
    const parser = new Parser(lineCounter.addNewLine);
    const composer = new Composer({ lineCounter });
    const documents: DocumentView<undefined>[] = [];
    for (const doc of composer.compose(parser.parse(text))) {
      if (doc.errors.length > 0 || doc.directives.yaml.version !== "1.2") return undefined;
      const values = new Values(doc);
      const view = (node: Node): MappingView<undefined> => ({
        value: values.value(node),
        line: lineCounter.linePos((node.range as [number, number, number])[0]).line,
        node: undefined,
      });
      const content = values.target(doc.contents);
      if (!content || (isScalar(content) && content.tag === undefined && content.source === "" && content.type === "PLAIN")) {
        if (content && content.range && content.range[0] < content.range[1]) throw new Unsupported();
        documents.push({ content: "none", root: undefined, listItems: () => [] });
        continue;
      }
      if (!isMap(content)) {
        if (content.tag !== undefined) return undefined;
        documents.push({ content: "other", root: undefined, listItems: () => [] });
        continue;
      }
      const root = view(content);
      const items = values.itemsOf(content);
      documents.push({
        content: "mapping",
        root,
        listItems: () => (isSeq(items) ? items.items.map((entry) => {
          const item = values.target(entry);
          return isMap(item) ? view(item) : undefined;
        }) : []),
      });
    }
    return collectManifests(documents, filePath);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    return undefined;
  }
}
