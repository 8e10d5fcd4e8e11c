/**
 * The MTB conformance suite's runner. Each Profile Level 1 benchmark has two minimal repositories under
 * tests/mtb/benchmarks/<id>/{fail,pass}/, each completed by tests/mtb/base/ (two tenants behind every wall `strict`
 * asks for). All 40 are copied into one temp folder and linted by ONE real `eslint` process with `strict`; a config
 * object per repository points `settings.kube.root` at it, so each is indexed on its own.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { lintRepo, PROJECT_ROOT } from "../helpers/eslint-cli.js";

export const MTB_ROOT = path.join(PROJECT_ROOT, "tests/mtb");
const BASE = path.join(MTB_ROOT, "base");
const BENCHMARKS = path.join(MTB_ROOT, "benchmarks");
export const VARIANTS = ["fail", "pass"] as const;
export type Variant = (typeof VARIANTS)[number];

/** `pl1-07` -> `PL1-7`, the row id of docs/multitenancy.md. */
export function rowId(folder: string): string {
  return folder.replace(/^pl(\d)-0*(\d+)$/, "PL$1-$2");
}

export function benchmarkFolders(): string[] {
  return fs.readdirSync(BENCHMARKS).filter((d) => /^pl1-\d\d$/.test(d)).sort();
}

export interface SuiteResult {
  /** row id -> variant -> every finding as `ruleId file:line` (kube rules and parse errors alike). */
  findings: Map<string, Record<Variant, string[]>>;
  dir: string;
}

export function runSuite(): SuiteResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-mtb-"));
  const configs: string[] = [];
  for (const folder of benchmarkFolders()) {
    for (const variant of VARIANTS) {
      const rel = `${folder}/${variant}`;
      const root = path.join(dir, rel);
      fs.cpSync(BASE, root, { recursive: true });
      fs.cpSync(path.join(BENCHMARKS, rel), root, { recursive: true });
      configs.push(`  { files: [${JSON.stringify(`${rel}/**`)}], settings: { kube: { root: ${JSON.stringify(root)} } } },`);
    }
  }
  const entry = pathToFileURL(path.join(PROJECT_ROOT, "dist/index.js")).href;
  fs.writeFileSync(
    path.join(dir, "eslint.config.mjs"),
    `import kube from ${JSON.stringify(entry)};\nexport default [\n  ...kube.configs.strict,\n${configs.join("\n")}\n];\n`,
  );
  const { results } = lintRepo(dir);
  const findings = new Map<string, Record<Variant, string[]>>();
  for (const folder of benchmarkFolders()) findings.set(rowId(folder), { fail: [], pass: [] });
  for (const [file, messages] of results) {
    const [folder, variant, ...rest] = file.split("/");
    const entry = findings.get(rowId(folder ?? ""));
    if (!entry || (variant !== "fail" && variant !== "pass")) continue;
    for (const m of messages) entry[variant].push(`${m.ruleId ?? "fatal"} ${rest.join("/")}:${m.line}`);
  }
  return { findings, dir };
}

/** The kube rules among findings, without the `kube/` prefix, sorted and unique. */
export function rulesOf(findings: readonly string[]): string[] {
  return [...new Set(findings.map((f) => f.split(" ")[0] ?? "").filter((r) => r.startsWith("kube/")).map((r) => r.slice(5)))].sort();
}
