/** Fix and suggestion helpers shared by rules. */
import type { Rule } from "eslint";
import { getPair, unwrap, type YContent, type YScalar } from "../../core/manifest/yaml-ast.js";

/** Append a YAML document (starting with `---`) at the end of the file, on a line of its own. */
export function appendDocument(fixer: Rule.RuleFixer, text: string, document: string): Rule.Fix {
  const separator = text.length === 0 || text.endsWith("\n") ? "" : "\n";
  return fixer.insertTextAfterRange([0, text.length], separator + document);
}

/**
 * The `appendStub` suggestion of the tenant-protection rules: append a commented stub object for `namespace`.
 * None when the namespace is unknown (a Capsule Tenant whose namespaces are created at run time).
 */
export function appendStubSuggestion(
  context: Rule.RuleContext,
  namespace: string | undefined,
  stub: (namespace: string) => string,
): Rule.SuggestionReportDescriptor[] {
  if (!namespace) return [];
  return [
    {
      messageId: "appendStub",
      data: { namespace },
      fix: (fixer) => appendDocument(fixer, context.sourceCode.text, stub(namespace)),
    },
  ];
}

/**
 * A fix that sets `key: value` (a plain word such as `Always`) in a mapping: replaces the scalar already there, or
 * adds the pair. Block style: a line of its own after a one-line pair, at that pair's indentation. Flow style
 * (`{a: 1}`, JSON): `, key: value` after the last pair, quoted as the mapping's keys are. Undefined when no safe
 * edit exists (an alias, a value that is not a scalar, no one-line pair to follow).
 */
export function setMappingScalarFix(
  text: string,
  target: YContent | null,
  key: string,
  value: string,
): ((fixer: Rule.RuleFixer) => Rule.Fix) | undefined {
  if (!target || target.type !== "YAMLMapping") return undefined;
  const existing = getPair(target, key);
  if (existing) {
    const current = existing.value;
    // `key:` with nothing after it is null: write the value after the colon.
    if (!current) return (fixer) => fixer.insertTextAfterRange(existing.range, ` ${value}`);
    if (current.type !== "YAMLScalar") return undefined;
    const replacement = current.style === "double-quoted" ? JSON.stringify(value) : current.style === "single-quoted" ? `'${value}'` : value;
    return (fixer) => fixer.replaceTextRange(current.range, replacement);
  }
  const last = target.pairs[target.pairs.length - 1];
  if (!last) return undefined;
  if (target.style === "flow") {
    const quoted = unwrap(last.key)?.type === "YAMLScalar" && (unwrap(last.key) as YScalar).style === "double-quoted";
    const pair = quoted ? `${JSON.stringify(key)}: ${JSON.stringify(value)}` : `${key}: ${value}`;
    return (fixer) => fixer.insertTextAfterRange(last.range, `, ${pair}`);
  }
  const anchor = [...target.pairs].reverse().find((p) => p.loc.start.line === p.loc.end.line && p.key && unwrap(p.value)?.type !== "YAMLMapping");
  if (!anchor?.key) return undefined;
  const indent = " ".repeat(anchor.key.loc.start.column);
  const newline = text.indexOf("\n", anchor.range[1]);
  if (newline === -1) return (fixer) => fixer.insertTextAfterRange([0, text.length], `\n${indent}${key}: ${value}`);
  const eol = text[newline - 1] === "\r" ? "\r\n" : "\n";
  return (fixer) => fixer.insertTextAfterRange([0, newline + 1], `${indent}${key}: ${value}${eol}`);
}
