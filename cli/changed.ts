/**
 * `kube-lint --changed [--base REV]`: which files to lint. The changed files come from git (staged ones, or the
 * changes since REV with the working tree and untracked files); the files whose findings depend on them come from
 * the repository index (core/workspace/dependents.ts), comparing it with the changed files' earlier text from git.
 * When a change may reach anywhere, the whole repository is linted: never fewer files than the findings need.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { ESLint } from "eslint";
import { normalizeSettings } from "../core/settings.js";
import { dependentFiles } from "../core/workspace/dependents.js";
import { findRepositoryRoot, isYamlFileName } from "../core/workspace/scan.js";
import { getWorkspace } from "../core/workspace/workspace.js";
import { UsageError } from "./args.js";

export type ChangedTargets = { everything: true; reason: string } | { everything: false; files: string[]; changed: number };

/** Non-YAML files whose change may alter findings: configs, and certificate files kubeconfigs point at. */
const REACHING_FILE = /(^|\/)(eslint\.config\.[cm]?[jt]s|package\.json)$|\.(crt|pem|cer|der|key|p12|pfx|kubeconfig)$/i;

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? "" };
}

const nul = (out: string) => out.split("\0").filter(Boolean);

export async function changedTargets(eslint: ESLint, cwd: string, baseOption: string | undefined): Promise<ChangedTargets> {
  // `pre-commit run --from-ref A --to-ref B` (and pre-push hooks) say which changes to check.
  const base = baseOption ?? (process.env.PRE_COMMIT_FROM_REF || undefined);
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) throw new UsageError("--changed needs a git repository");
  const gitRoot = top.out.trim();
  let rev = "HEAD";
  let names: string[];
  if (base !== undefined) {
    if (!git(cwd, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]).ok) throw new UsageError(`--base: unknown revision '${base}'`);
    rev = base;
    names = [
      ...nul(git(gitRoot, ["diff", "--name-only", "--no-renames", "-z", base]).out),
      ...nul(git(gitRoot, ["ls-files", "--others", "--exclude-standard", "-z"]).out),
    ];
  } else {
    names = nul(git(gitRoot, ["diff", "--cached", "--name-only", "--no-renames", "-z"]).out);
  }
  const changed = [...new Set(names)].map((n) => path.join(gitRoot, n));
  const reaching = changed.find((f) => REACHING_FILE.test(f));
  if (reaching) return { everything: true, reason: `${path.relative(cwd, reaching)} changed` };
  const yaml = changed.filter((f) => isYamlFileName(f));
  if (yaml.length === 0) return { everything: false, files: [], changed: 0 };

  const config = (await eslint.calculateConfigForFile(path.join(cwd, "kube-lint-probe.yaml"))) as { settings?: Record<string, unknown> } | undefined;
  const settings = normalizeSettings(config?.settings?.kube);
  const root = settings.root ? path.resolve(cwd, settings.root) : findRepositoryRoot(cwd, cwd);
  const after = getWorkspace(root, settings);
  const hasRev = git(gitRoot, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]).ok;
  const earlier = new Map<string, string | undefined>();
  for (const file of yaml) {
    const shown = hasRev ? git(gitRoot, ["show", `${rev}:${path.relative(gitRoot, file).split(path.sep).join("/")}`]) : { ok: false, out: "" };
    earlier.set(file, shown.ok ? shown.out : undefined);
  }
  const deps = dependentFiles(after.withTexts(earlier), after, yaml, settings);
  after.touch();
  if (deps.everything) return deps;
  const files: string[] = [];
  for (const file of new Set([...yaml, ...deps.files])) {
    const rel = path.relative(cwd, file);
    if (rel.startsWith("..") || path.isAbsolute(rel) || !fs.existsSync(file)) continue;
    if (await eslint.isPathIgnored(file)) continue;
    files.push(file);
  }
  return { everything: false, files: files.sort(), changed: yaml.length };
}
