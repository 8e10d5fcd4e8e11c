/**
 * Helpers for the surface e2e tests (kube-lint, pre-commit, SARIF): run the built kube-lint binary, drive git with
 * a fixed identity, and snapshot this project's current working tree into a throwaway git repository — so a test can
 * install the plugin the way pre-commit does (from a git URL at a commit) without touching this repository's git state.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { notInstalled, PROJECT_ROOT, type CliRun } from "./eslint-cli.js";

export const KUBE_LINT_BIN = path.join(PROJECT_ROOT, "dist/cli/kube-lint.js");

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "kube-lint e2e",
  GIT_AUTHOR_EMAIL: "e2e@example.invalid",
  GIT_COMMITTER_NAME: "kube-lint e2e",
  GIT_COMMITTER_EMAIL: "e2e@example.invalid",
};

/** Run the built kube-lint in `cwd`. */
export function runKubeLint(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [KUBE_LINT_BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run git in `cwd`; throws with git's output when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...GIT_IDENTITY },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** Is `command` on PATH? */
export function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

/**
 * A new git repository holding this project's working tree as it is now (tracked and untracked files, minus what
 * .gitignore excludes: node_modules, dist, tmp), committed. Returns its path and the commit.
 */
export function snapshotProject(): { dir: string; rev: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-hook-repo-"));
  // Read-only for this repository: ls-files lists, it does not refresh the index.
  const listed = git(PROJECT_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0");
  for (const rel of listed) {
    const from = path.join(PROJECT_ROOT, rel);
    if (!rel || !fs.existsSync(from)) continue; // deleted in the working tree, not yet in the index
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, rel));
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "snapshot of the working tree");
  return { dir, rev: git(dir, "rev-parse", "HEAD") };
}

/** Copy fixtures (later ones layered over earlier ones) and `extra` files into a new git repository, committed. */
export function committedRepo(fixtures: string | string[], extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-user-repo-"));
  for (const fixture of [fixtures].flat()) {
    fs.cpSync(path.join(PROJECT_ROOT, "tests/fixtures", fixture), dir, { recursive: true, filter: notInstalled });
  }
  for (const [rel, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

/** ESLint JSON results as "rule file:line" strings (rule "parse-error" for fatal messages), sorted. */
export function summarize(stdout: string, cwd: string): string[] {
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean }[] }[];
  const out: string[] = [];
  for (const r of results) {
    const rel = path.relative(cwd, r.filePath).split(path.sep).join("/");
    for (const m of r.messages) out.push(`${m.fatal ? "parse-error" : m.ruleId} ${rel}:${m.line}`);
  }
  return out.sort();
}

/** The fenced code block that follows `<!-- snippet: name -->` in docs/usage.md: the docs' copy-paste text, tested. */
export function usageSnippet(name: string): string {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs/usage.md"), "utf8");
  const match = new RegExp(`<!-- snippet: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!match?.[1]) throw new Error(`docs/usage.md has no snippet '${name}'`);
  return `${match[1]}\n`;
}

/** A folder with a `kube-lint` executable running the built CLI: put it first on PATH to run documented commands. */
export function kubeLintOnPath(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-bin-"));
  fs.writeFileSync(path.join(dir, "kube-lint"), `#!/bin/sh\nexec "${process.execPath}" "${KUBE_LINT_BIN}" "$@"\n`, { mode: 0o755 });
  return { dir, env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}` } };
}

/** Run a shell command line (from the docs) in `cwd`. */
export function sh(cwd: string, line: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync("sh", ["-c", line], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
