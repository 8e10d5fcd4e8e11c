/** Fix and suggestion helpers shared by rules. */
import type { Rule } from "eslint";

/** Append a YAML document (starting with `---`) at the end of the file, on a line of its own. */
export function appendDocument(fixer: Rule.RuleFixer, text: string, document: string): Rule.Fix {
  const separator = text.length === 0 || text.endsWith("\n") ? "" : "\n";
  return fixer.insertTextAfterRange([0, text.length], separator + document);
}
