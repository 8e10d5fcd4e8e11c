/**
 * Kubernetes label selectors (`matchLabels` + `matchExpressions`) over plain values. Malformed selectors match
 * nothing, as the API server would reject them: a linter must never widen what a selector selects.
 */
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";

/** Whether a selector matches these labels. `undefined`/`null` selector: "no selector", which callers interpret. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const record = asRecord(selector);
  if (!record) return false;
  const matchLabels = record.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    const wanted = asRecord(matchLabels);
    if (!wanted) return false;
    for (const [key, value] of Object.entries(wanted)) if (labels[key] !== asString(value)) return false;
  }
  const expressions = record.matchExpressions;
  if (expressions !== undefined && expressions !== null && !Array.isArray(expressions)) return false;
  return asArray(expressions).every((expr) => expressionMatches(expr, labels));
}

function expressionMatches(expr: unknown, labels: Readonly<Record<string, string>>): boolean {
  const record = asRecord(expr);
  const key = asString(record?.key);
  if (!record || !key) return false;
  const values = asArray(record.values).map(asString);
  const present = Object.hasOwn(labels, key);
  switch (record.operator) {
    case "In":
      return present && values.includes(labels[key]);
    case "NotIn":
      return !present || !values.includes(labels[key]);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
    default:
      return false;
  }
}

/** `{}` (or a selector with only empty parts): selects everything. */
export function isEmptySelector(selector: unknown): boolean {
  const record = asRecord(selector);
  if (!record) return false;
  const labels = record.matchLabels;
  const exprs = record.matchExpressions;
  const noLabels = labels === undefined || labels === null || (asRecord(labels) !== undefined && Object.keys(asRecord(labels)!).length === 0);
  const noExprs = exprs === undefined || exprs === null || (Array.isArray(exprs) && exprs.length === 0);
  return noLabels && noExprs;
}
