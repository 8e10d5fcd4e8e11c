/**
 * Plain-value rules every reader of YAML in the project shares (ESLint's AST in yaml-ast.ts, the `yaml` composer in
 * read-values.ts, the line reader in read-lines.ts), so the three give the same values.
 */
import type { PlainValue } from "./yaml-ast.js";

/** yaml-eslint-parser's YAML 1.2 resolution of a plain scalar (`tags1.2.ts` there), in the same order. */
export function resolvePlain(str: string): PlainValue {
  if (!str || str === "null" || str === "Null" || str === "NULL" || str === "~") return null;
  if (str === "true" || str === "True" || str === "TRUE") return true;
  if (str === "false" || str === "False" || str === "FALSE") return false;
  if (/^[+-]?\d+$/u.test(str)) return parseInt(str, 10);
  if (/^0o[0-7]+$/u.test(str)) return parseInt(str.slice(2), 8);
  if (/^0x[\dA-Fa-f]+$/u.test(str)) return parseInt(str.slice(2), 16);
  if (/^[+-]?(?:\.\d+|\d+(?:\.\d*)?)(?:e[+-]?\d+)?$/iu.test(str)) return parseFloat(str);
  if (/^[+-]?(?:\.inf|\.Inf|\.INF)$/u.test(str)) return str.startsWith("-") ? -Infinity : Infinity;
  if (str === ".NaN" || str === ".nan" || str === ".NAN") return NaN;
  return str;
}

/**
 * A copy of a scalar's text that does not point into the file's text. V8 represents a substring of 13+ characters as
 * a slice of its parent, so one value kept by the index would keep its whole file alive for the run; the index keeps
 * values of thousands of files (its memory, and the cost of every garbage collection, grow with what it holds).
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/** A `<<` merge key: the merged mappings' keys the target does not already have (YAML 1.1 merge, as kubectl). */
export function mergeInto(target: { [key: string]: PlainValue }, source: PlainValue): void {
  const sources = Array.isArray(source) ? source : [source];
  for (const s of sources) {
    if (s && typeof s === "object" && !Array.isArray(s)) {
      for (const [k, v] of Object.entries(s)) if (!(k in target)) target[k] = v;
    }
  }
}
