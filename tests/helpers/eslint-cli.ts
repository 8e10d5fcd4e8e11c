/**
 * End-to-end helpers: copy a fixture repository to a throwaway git repo and lint it with the real `eslint` binary,
 * using a user-style eslint.config.mjs that spreads one of the plugin's configs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ESLINT_BIN = path.join(PROJECT_ROOT, "node_modules/eslint/bin/eslint.js");
export const FIXTURES = path.join(PROJECT_ROOT, "tests/fixtures");
const DIST_ENTRY = pathToFileURL(path.join(PROJECT_ROOT, "dist/index.js")).href;

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  fatal?: boolean;
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fixture's own files only: in-process tests may have left a persistent index under its node_modules/.cache. */
export const notInstalled = (source: string): boolean => !source.split(path.sep).includes("node_modules");

/** Copy `tests/fixtures/<name>` (or write `files`) into a fresh temp dir with `git init`; returns its path. */
export function makeRepo(from: string | Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-e2e-"));
  if (typeof from === "string") fs.cpSync(path.join(FIXTURES, from), dir, { recursive: true, filter: notInstalled });
  else {
    for (const [rel, text] of Object.entries(from)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  }
  spawnSync("git", ["init", "-q", dir]);
  return dir;
}

/** Write a user-style eslint.config.mjs spreading `configs.<name>`, plus optional extra config objects (JSON). */
export function writeConfig(dir: string, name: "recommended" | "strict", extra: object[] = []): void {
  const extras = extra.map((e) => JSON.stringify(e)).join(",\n  ");
  fs.writeFileSync(
    path.join(dir, "eslint.config.mjs"),
    `import kube from ${JSON.stringify(DIST_ENTRY)};\nexport default [\n  ...kube.configs.${name},\n  ${extras}\n];\n`,
  );
}

/** Run the real eslint binary in `cwd`. */
export function runEslint(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [ESLINT_BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Lint `cwd` (default: `.`) with `--format json`; results keyed by path relative to `cwd`. */
export function lintRepo(cwd: string, args: string[] = ["."]): { status: number | null; results: Map<string, LintMessage[]>; stderr: string } {
  const run = runEslint(cwd, ["--format", "json", ...args]);
  let parsed: LintResult[] = [];
  try {
    parsed = JSON.parse(run.stdout) as LintResult[];
  } catch {
    throw new Error(`eslint did not print JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const results = new Map<string, LintMessage[]>();
  for (const r of parsed) results.set(path.relative(cwd, r.filePath).split(path.sep).join("/"), r.messages);
  return { status: run.status, results, stderr: run.stderr };
}

/** All messages of one rule, as "file:line" strings, sorted: easy to assert exactly. */
export function findings(results: Map<string, LintMessage[]>, ruleId: string): string[] {
  const out: string[] = [];
  for (const [file, messages] of results) {
    for (const m of messages) if (m.ruleId === ruleId) out.push(`${file}:${m.line}`);
  }
  return out.sort();
}

/**
 * Lint a fixture repository (copied to a throwaway git repo) with one of the configs, assert that no file failed to
 * parse, and return the findings of each given rule (as `findings()` gives them) plus the raw results.
 */
export function lintFixtureByRule<R extends string>(
  fixture: string,
  config: "recommended" | "strict",
  rules: readonly R[],
): { byRule: Record<R, string[]>; results: Map<string, LintMessage[]> } {
  const dir = makeRepo(fixture);
  writeConfig(dir, config);
  const { results } = lintRepo(dir);
  for (const [file, messages] of results) {
    for (const m of messages) expect(m.fatal, `${file}: ${m.message}`).toBeFalsy();
  }
  const byRule = Object.fromEntries(rules.map((id) => [id, findings(results, `kube/${id}`)])) as Record<R, string[]>;
  return { byRule, results };
}
