/**
 * Where to point in the YAML: the scalar itself, or for a multi-line scalar (a `|` block holding a PEM bundle) only
 * its first line, so editors underline one line rather than forty.
 */
import type { YScalar } from "../manifest/yaml-ast.js";

export interface SourceRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export function firstLineOf(node: YScalar, lines: readonly string[]): SourceRange {
  const { start, end } = node.loc;
  if (start.line === end.line) return { start: { ...start }, end: { ...end } };
  const text = lines[start.line - 1] ?? "";
  return { start: { ...start }, end: { line: start.line, column: text.length } };
}
