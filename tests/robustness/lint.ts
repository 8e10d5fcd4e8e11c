/**
 * Shared by the robustness suites: lint text with every rule under each config, inside a throwaway repository, and
 * check that every reported location exists in the text.
 */
import { Linter } from "eslint";
import { expect } from "vitest";
import plugin from "../../index.js";

export type ConfigName = "recommended" | "strict" | "every-rule";
export const CONFIG_NAMES: readonly ConfigName[] = ["recommended", "strict", "every-rule"];

/** Every kube rule on with its default options: rules not yet in a config are exercised too. */
const EVERY_RULE: Linter.RulesRecord = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`kube/${id}`, "error"]));

export function configFor(name: ConfigName, root: string): Linter.Config[] {
  const base = name === "every-rule" ? [...plugin.configs.strict, { rules: EVERY_RULE }] : [...plugin.configs[name]];
  return [...base, { settings: { kube: { root, indexTtlSeconds: 60 } } }];
}

/** Lint `text` as `root/relFile`; a rule that throws makes this throw (that is what the suites look for). */
export function lintText(text: string, root: string, relFile: string, config: ConfigName): Linter.LintMessage[] {
  const linter = new Linter({ configType: "flat", cwd: root });
  return linter.verify(text, configFor(config, root), { filename: `${root}/${relFile}` });
}

/** Every message points inside the text (1-based lines, columns within the line), or is a fatal parse error. */
export function expectLocationsInside(text: string, messages: readonly Linter.LintMessage[]): void {
  // The lines of eslint-plugin-yml's YAMLSourceCode (plugin-kit's TextSourceCodeBase default: a lone "\r" is no break).
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const inside = (line: number, column: number) =>
    Number.isInteger(line) && line >= 1 && line <= lines.length && column >= 1 && column <= (lines[line - 1]?.length ?? 0) + 1;
  for (const m of messages) {
    if (m.fatal) {
      expect(m.message).toMatch(/^Parsing error: /);
      continue;
    }
    expect(inside(m.line, m.column), `${m.ruleId} at ${m.line}:${m.column}`).toBe(true);
    if (m.endLine !== undefined) expect(inside(m.endLine, m.endColumn ?? 1), `${m.ruleId} ends at ${m.endLine}:${m.endColumn}`).toBe(true);
    expect(m.message).not.toMatch(/\{\{\s*\w+\s*\}\}/); // a data placeholder left unfilled
  }
}
