/**
 * The pre-commit hook, with the real `pre-commit` (Debian's) installing this project from a git repository at a
 * commit, exactly as a user's .pre-commit-config.yaml does. The snapshot holds the current working tree, so the hook
 * is built by `prepack` from source when pre-commit packs the checkout (dist/ is not in git).
 *
 * The user's .pre-commit-config.yaml is the one docs/usage.md shows.
 *
 * The scenario that matters: rules are cross-file, so a commit that only deletes a tenant's NetworkPolicy must be
 * blocked although the Namespace file is not part of the commit.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committedRepo, git, hasCommand, snapshotProject, usageSnippet } from "../helpers/surfaces.js";

const HAS_PRE_COMMIT = hasCommand("pre-commit");
if (!HAS_PRE_COMMIT) console.warn("pre-commit is not installed (apt-get install pre-commit): pre-commit e2e tests SKIPPED");

const temps: string[] = [];
let hookRepo: { dir: string; rev: string };
let preCommitHome: string;

/** The .pre-commit-config.yaml of docs/usage.md, pointed at the local snapshot instead of GitHub. */
function hookConfig(args: string[] = []): string {
  const documented = usageSnippet("pre-commit-config");
  expect(documented).toMatch(/repo: https:\/\/github\.com\/eslint-plugin-kube\/eslint-plugin-kube\n\s+rev: v[\d.]+\n/);
  const local = documented.replace(/repo: \S+/, `repo: ${hookRepo.dir}`).replace(/rev: \S+/, `rev: ${hookRepo.rev}`);
  return args.length > 0 ? local.replace(/# args: \[--strict\].*/, `args: [${args.join(", ")}]`) : local;
}

function preCommit(cwd: string, ...args: string[]) {
  const r = spawnSync("pre-commit", ["run", "--color", "never", ...args], {
    cwd,
    encoding: "utf8",
    // prefer-offline: the hook install resolves hundreds of packages; revalidating each against the registry is
    // most of its time, and this test is about the hook, not about npm's cache freshness.
    env: { ...process.env, PRE_COMMIT_HOME: preCommitHome, npm_config_prefer_offline: "true" },
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function userRepo(args: string[] = []): string {
  const dir = committedRepo("surfaces-tenants", { ".pre-commit-config.yaml": hookConfig(args) });
  temps.push(dir);
  return dir;
}

describe.skipIf(!HAS_PRE_COMMIT)("pre-commit hook (real pre-commit, hook repo at a commit)", () => {
  beforeAll(() => {
    hookRepo = snapshotProject();
    preCommitHome = fs.mkdtempSync(path.join(os.tmpdir(), "kube-pre-commit-home-"));
    temps.push(hookRepo.dir, preCommitHome);
  });
  afterAll(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("passes on a well-run repository, then blocks the commit that deletes a tenant's NetworkPolicy", () => {
    const repo = userRepo();
    const clean = preCommit(repo, "--all-files");
    expect(clean.output).toMatch(/kube-lint\.+Passed/);
    expect(clean.status).toBe(0);

    git(repo, "rm", "-q", "tenants/team-a/networkpolicy.yaml");
    // Only the deletion is staged: no YAML file is in pre-commit's file list, the Namespace file is untouched.
    expect(git(repo, "diff", "--cached", "--name-status")).toBe("D\ttenants/team-a/networkpolicy.yaml");
    const blocked = preCommit(repo);
    expect(blocked.output).toMatch(/kube-lint\.+Failed/);
    expect(blocked.output).toContain("cluster/namespaces.yaml");
    expect(blocked.output).toMatch(/Namespace 'team-a'.*NetworkPolicy.*kube\/require-network-policy/);
    expect(blocked.status).toBe(1);
  }, 420_000);

  it("honours args from the user's config: --strict blocks a commit removing the kustomization that gave a namespace", () => {
    const repo = userRepo(["--strict"]);
    expect(preCommit(repo, "--all-files").status).toBe(0);

    git(repo, "rm", "-q", "apps/web/kustomization.yaml");
    const blocked = preCommit(repo);
    expect(blocked.output).toMatch(/Deployment 'web' has no namespace.*kube\/require-namespace/);
    expect(blocked.output).toContain("apps/web/deployment.yaml");
    expect(blocked.status).toBe(1);
  }, 240_000);
});
