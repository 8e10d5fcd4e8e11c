/**
 * `kube-lint --changed` (issue 18): random edits to a tenancy repository — namespaces, policies, quotas, limits,
 * RBAC, Capsule Tenants and workloads added, deleted and modified — and after each, the files --changed lints must
 * (1) show exactly a full run's findings for those files, and (2) include every file whose findings the edit changed.
 * Both modes: staged changes (pre-commit) and `--base REV` (pull requests, working tree and untracked files included).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LintResult } from "../helpers/eslint-cli.js";
import { committedRepo, git, runKubeLint } from "../helpers/surfaces.js";

type Findings = Map<string, string[]>;

function parse(stdout: string, cwd: string): Findings {
  const out: Findings = new Map();
  for (const r of JSON.parse(stdout) as LintResult[]) {
    out.set(path.relative(cwd, r.filePath), r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`).sort());
  }
  return out;
}

const full = (dir: string) => parse(runKubeLint(dir, ["--strict", "-f", "json"]).stdout, dir);

/** A small deterministic PRNG: the same edits on every run (the seed is in the test name). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const TEAMS = ["team-a", "team-b", "team-c", "team-d", "shop"];
const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {${labels}}\n`;
const netpol = (n: string, from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${n}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{from: [${from}]}]\n`;
const limits = (n: string) =>
  `apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: ${n}}\nspec:\n  limits: [{type: Container, default: {cpu: 500m, memory: 512Mi}, defaultRequest: {cpu: 100m, memory: 128Mi}}]\n`;
const quota = (n: string) => `{"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "${n}"}, "spec": {"hard": {"requests.cpu": "4", "requests.memory": "8Gi", "pods": "20"}}}\n`;
const binding = (n: string, subjectNs: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: edit, namespace: ${n}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: ServiceAccount, name: ci, namespace: ${subjectNs}}]\n`;
const workload = (n: string, privileged: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${n}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27", securityContext: {privileged: ${privileged}}}]\n`;
const service = (n: string, type: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ${n}}\nspec: {type: ${type}, ports: [{port: 80}]}\n`;
const tenant = (name: string) =>
  `apiVersion: capsule.clastix.io/v1beta2\nkind: Tenant\nmetadata: {name: ${name}}\nspec:\n  owners: [{kind: Group, name: ${name}-owners}]\n`;
const kustomization = (n: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${n}\nresources: [deploy.yaml]\n`;

/** One random edit: a file written (added or modified) or deleted. */
function randomEdit(dir: string, rnd: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const team = pick(TEAMS);
  const other = pick(TEAMS);
  const files: [string, () => string][] = [
    [`namespaces/${team}.yaml`, () => ns(team, pick(["team: a", "team: b", `tenant: ${team}`, "team: a, pod-security.kubernetes.io/enforce: restricted", ""]))],
    [`${team}/netpol.yaml`, () => netpol(team, pick(["{podSelector: {}}", "{namespaceSelector: {}}", `{namespaceSelector: {matchLabels: {team: a}}}`, "{ipBlock: {cidr: 0.0.0.0/0}}"]))],
    [`${team}/limits.yaml`, () => limits(team)],
    [`${team}/quota.yaml`, () => quota(team)],
    [`${team}/rbac.yaml`, () => binding(team, other)],
    [`${team}/deploy.yaml`, () => workload(pick([team, other]), rnd() < 0.5)],
    [`${team}/service.yaml`, () => service(team, pick(["ClusterIP", "NodePort"]))],
    [`apps/${team}/kustomization.yaml`, () => kustomization(pick([team, other]))],
    [`apps/${team}/deploy.yaml`, () => workload(team, rnd() < 0.5).replace(/namespace: [\w-]+/, "namespace: placeholder")],
    [`tenants/${team}.yaml`, () => tenant(team)],
  ];
  const [rel, text] = pick(files);
  const file = path.join(dir, rel);
  if (fs.existsSync(file) && rnd() < 0.4) fs.rmSync(file);
  else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text());
  }
}

let partialRounds = 0;

function check(dir: string, before: Findings, changedArgs: string[]): Findings {
  const after = full(dir);
  const run = runKubeLint(dir, ["--strict", "-f", "json", "--changed", ...changedArgs]);
  expect(run.stderr).toMatch(/kube-lint --changed: /);
  const partial = parse(run.stdout, dir);
  if (!run.stderr.includes("whole repository")) partialRounds++;
  // (1) the linted files show a full run's findings
  for (const [file, messages] of partial) expect(messages, `${file} (${run.stderr.trim()})`).toEqual(after.get(file) ?? []);
  // (2) every file whose findings moved was linted
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    if (JSON.stringify(before.get(file) ?? []) !== JSON.stringify(after.get(file) ?? [])) {
      if (!fs.existsSync(path.join(dir, file))) continue; // deleted: nothing left to report on
      expect(partial.has(file), `${file} changed findings but --changed skipped it (${run.stderr.trim()})`).toBe(true);
    }
  }
  return after;
}

function repository(): string {
  const dir = committedRepo("tenancy-gitops", { ".gitignore": "node_modules/\n" });
  for (const team of TEAMS) fs.writeFileSync(path.join(dir, `${team}-base.yaml`), limits(team));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

describe("kube-lint --changed equals a full run on the files it lints, and lints every file a change affects", () => {
  it("staged changes (pre-commit), seed 18", { timeout: 600_000 }, () => {
    const dir = repository();
    const rnd = prng(18);
    let before = full(dir);
    for (let round = 0; round < 8; round++) {
      const edits = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < edits; i++) randomEdit(dir, rnd);
      git(dir, "add", "-A");
      before = check(dir, before, []);
      git(dir, "commit", "-q", "--allow-empty", "-m", `round ${round}`);
    }
    // The point is to lint fewer files: some rounds must not have fallen back to the whole repository.
    expect(partialRounds).toBeGreaterThan(2);
  });

  it("--base REV (working tree and untracked files included), seed 7", { timeout: 600_000 }, () => {
    const dir = repository();
    const rnd = prng(7);
    let before = full(dir);
    for (let round = 0; round < 6; round++) {
      const base = git(dir, "rev-parse", "HEAD");
      for (let i = 0; i < 2; i++) randomEdit(dir, rnd);
      before = check(dir, before, ["--base", base]);
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "--allow-empty", "-m", `round ${round}`);
    }
  });

  it("lints nothing when no YAML is staged, and the whole repository when the config changes", () => {
    const dir = repository();
    fs.writeFileSync(path.join(dir, "README.md"), "docs\n");
    git(dir, "add", "-A");
    const none = runKubeLint(dir, ["--changed", "-f", "json"]);
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
    git(dir, "add", "-A");
    const all = runKubeLint(dir, ["--changed", "-f", "json"]);
    expect(all.stderr).toContain("linting the whole repository (package.json changed)");
    expect(parse(all.stdout, dir).size).toBe(full(dir).size);
  });

  it("rejects --base without --changed, paths with --changed, and an unknown revision", () => {
    const dir = repository();
    expect(runKubeLint(dir, ["--base", "HEAD"]).status).toBe(2);
    expect(runKubeLint(dir, ["--changed", "x.yaml"]).status).toBe(2);
    const unknown = runKubeLint(dir, ["--changed", "--base", "no-such-rev"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown revision 'no-such-rev'");
  });
});
