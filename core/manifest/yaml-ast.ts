/**
 * Small, safe helpers over yaml-eslint-parser's AST. Aliases are resolved to their anchored node; values are
 * built with one memo per node, so an alias bomb ("billion laughs") costs the size of the text, not its expansion.
 */
import type { AST } from "yaml-eslint-parser";
import { mergeInto } from "./plain-values.js";

export type YNode = AST.YAMLNode;
export type YContent = AST.YAMLContent | AST.YAMLWithMeta;
export type YMapping = AST.YAMLMapping;
export type YScalar = AST.YAMLScalar;
export type YSequence = AST.YAMLSequence;

/** Plain value of YAML content (JSON-like). Shared sub-trees stay shared (alias targets are memoised). */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/** Follow `YAMLWithMeta` wrappers and aliases to the content node they stand for. */
export function unwrap(node: YContent | null | undefined): Exclude<AST.YAMLContent, AST.YAMLAlias> | null {
  let current: YContent | null | undefined = node;
  for (let hops = 0; current && hops < 64; hops++) {
    if (current.type === "YAMLWithMeta") current = current.value;
    else if (current.type === "YAMLAlias") current = resolveAlias(current);
    else return current;
  }
  return null;
}

function resolveAlias(alias: AST.YAMLAlias): AST.YAMLWithMeta | null {
  let p: YNode | null = alias.parent as YNode | null;
  while (p && p.type !== "YAMLDocument") p = (p as { parent: YNode | null }).parent;
  if (!p) return null;
  const anchors = (p as AST.YAMLDocument).anchors[alias.name];
  if (!anchors) return null;
  // The nearest anchor of that name defined before the alias wins (YAML allows redefinition).
  let best: AST.YAMLAnchor | null = null;
  for (const anchor of anchors) {
    if (anchor.range[0] < alias.range[0] && (!best || anchor.range[0] > best.range[0])) best = anchor;
  }
  return best ? best.parent : null;
}

export function isMapping(node: YContent | null | undefined): node is YMapping {
  return node?.type === "YAMLMapping";
}

/** The string form of a scalar key (numbers and booleans as text), or null for complex keys. */
export function keyName(pair: AST.YAMLPair): string | null {
  const key = unwrap(pair.key);
  if (!key || key.type !== "YAMLScalar") return null;
  return keyText(key.value);
}

/** A scalar key's value as the key every reader of the project uses: `1` -> "1", `null` / `~` -> "null". */
export function keyText(value: PlainValue): string {
  return value === null ? "null" : String(value);
}

/** Last pair with this key (YAML loaders, and so kubectl, keep the last of duplicate keys). */
export function getPair(mapping: YContent | null | undefined, key: string): AST.YAMLPair | null {
  const map = unwrap(mapping);
  if (!map || map.type !== "YAMLMapping") return null;
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i];
    if (pair && keyName(pair) === key) return pair;
  }
  return null;
}

/** The value node at a path of keys (strings) and sequence indexes (numbers); null when absent. */
export function nodeAt(root: YContent | null | undefined, path: readonly (string | number)[]): YContent | null {
  let current: YContent | null | undefined = root;
  for (const step of path) {
    const node = unwrap(current);
    if (!node) return null;
    if (typeof step === "number") {
      if (node.type !== "YAMLSequence") return null;
      current = node.entries[step] ?? null;
    } else {
      current = getPair(node, step)?.value ?? null;
    }
  }
  return current ?? null;
}

/** The key node of the last segment of a path (for reporting on `namespace:` rather than its value). */
export function keyNodeAt(root: YContent | null | undefined, path: readonly string[]): YContent | null {
  if (path.length === 0) return null;
  const parent = nodeAt(root, path.slice(0, -1));
  return getPair(parent, path[path.length - 1] as string)?.key ?? null;
}

/**
 * Builds plain values, linear in the AST whatever aliases do: the value of every node an alias can reach (the
 * content of an anchored node) is memoised, so an alias bomb costs the size of the text, not its expansion. Nodes
 * no alias can reach are built once by the walk itself and need no memo (a Map entry per node was most of the cost).
 */
export class ValueBuilder {
  private memo: Map<YNode, PlainValue> | undefined;

  value(node: YContent | null | undefined): PlainValue {
    if (!node) return null;
    if (node.type !== "YAMLWithMeta" && node.type !== "YAMLAlias") return this.build(node, false);
    const target = unwrap(node);
    if (!target) return null;
    const cached = this.memo?.get(target);
    return cached !== undefined ? cached : this.build(target, true);
  }

  private build(target: Exclude<AST.YAMLContent, AST.YAMLAlias>, memoise: boolean): PlainValue {
    switch (target.type) {
      case "YAMLScalar": {
        const v = target.value as PlainValue;
        if (memoise) this.remember(target, v);
        return v;
      }
      case "YAMLSequence": {
        const out: PlainValue[] = [];
        if (memoise) this.remember(target, out); // before recursing: a self-referencing alias sees the same array
        for (const entry of target.entries) out.push(this.value(entry));
        return out;
      }
      case "YAMLMapping": {
        const out = emptyRecord();
        if (memoise) this.remember(target, out);
        for (const pair of target.pairs) {
          const key = keyName(pair);
          if (key === null) continue;
          if (key === "<<" && pair.key && unwrap(pair.key)?.type === "YAMLScalar") {
            mergeInto(out, this.value(pair.value));
            continue;
          }
          out[key] = this.value(pair.value);
        }
        return out;
      }
    }
  }

  private remember(node: YNode, value: PlainValue): void {
    (this.memo ??= new Map()).set(node, value);
  }
}

/** Calls `visit` for every scalar under `root`, without following aliases (their targets are visited once). */
export function forEachScalar(
  root: YContent | null | undefined,
  visit: (scalar: YScalar, path: readonly (string | number)[]) => void,
): void {
  const path: (string | number)[] = [];
  const walk = (node: YContent | null | undefined): void => {
    if (!node) return;
    if (node.type === "YAMLWithMeta") return walk(node.value);
    if (node.type === "YAMLAlias") return;
    if (node.type === "YAMLScalar") return visit(node, path);
    if (node.type === "YAMLSequence") {
      node.entries.forEach((entry, i) => {
        path.push(i);
        walk(entry);
        path.pop();
      });
      return;
    }
    for (const pair of node.pairs) {
      path.push(keyName(pair) ?? "?");
      walk(pair.value);
      path.pop();
    }
  };
  walk(root);
}

export function asRecord(value: unknown): Record<string, PlainValue> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, PlainValue>) : undefined;
}

export function asArray(value: unknown): PlainValue[] {
  return Array.isArray(value) ? (value as PlainValue[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/**
 * An empty mapping without a prototype: a key like `constructor` or `__proto__` is plain data, a missing one reads
 * as undefined. Made from a literal, not `Object.create(null)`: V8 keeps such an object in fast mode (~105 bytes for
 * five keys instead of ~290, and 4x quicker to fill), which matters for the index's objects kept for the whole run.
 */
export function emptyRecord<T = PlainValue>(): { [key: string]: T } {
  return Object.setPrototypeOf({}, null) as { [key: string]: T };
}

/** String-valued entries of a map (labels, annotations); anything else is dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const out = emptyRecord<string>();
  const record = asRecord(value);
  if (!record) return out;
  for (const [k, v] of Object.entries(record)) {
    const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    if (s !== undefined) out[k] = s;
  }
  return out;
}
