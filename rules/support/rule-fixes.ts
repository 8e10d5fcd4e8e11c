/** Fix and suggestion helpers shared by rules. */
import type { Rule } from "eslint";

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
