/**
 * RuleTester wired for YAML (eslint-plugin-yml's language) and for cross-file rules: `repo()` writes a throwaway
 * repository whose other files the workspace index sees; cases point `settings.kube.root` at it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RuleTester } from "eslint";
import yml from "eslint-plugin-yml";
import * as vitest from "vitest";
import plugin from "../../index.js";

// RuleTester uses describe/it from the global scope; hand it vitest's.
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

export function createRuleTester(): RuleTester {
  return new RuleTester({
    plugins: { yml, kube: plugin },
    language: "yml/yaml",
  });
}

/** A temporary repository with these files (path -> YAML text); returns its absolute root. */
export function repo(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kube-repo-"));
  fs.mkdirSync(path.join(root, ".git"));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return root;
}

/**
 * Settings for a case linted inside `root`. No persistent index: a case must see exactly its files, and must not
 * leave a cache in a fixture folder (the e2e suites copy those).
 */
export function inRepo(root: string, relFile = "linted.yaml", extra: Record<string, unknown> = {}) {
  return { filename: path.join(root, relFile), settings: { kube: { root, cacheLocation: false, ...extra } } };
}
