/**
 * The package as a user gets it: `npm pack`, then `npm install` of the tarball into a fresh project beside ESLint and
 * the user's own eslint-plugin-yml — at the LOW end of every range we declare (ESLint 10.0.0, eslint-plugin-yml 3.0.0,
 * a different minor from the 3.10 we develop with, yaml-eslint-parser 2.0.0); the rest of the suite runs the high end.
 * The user's config combines both plugins' configs, which needs one eslint-plugin-yml object in the tree.
 *
 * Needs the npm registry (CI has it); the local npm cache keeps it fast (--prefer-offline). Set
 * KUBE_SKIP_REGISTRY_TESTS=1 to skip it on a machine without registry access.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notInstalled, PROJECT_ROOT, type CliRun } from "../helpers/eslint-cli.js";
import { locationText, sarifValidator, type SarifLog } from "../helpers/sarif-schema.js";

const SKIP = process.env.KUBE_SKIP_REGISTRY_TESTS === "1";
if (SKIP) console.warn("KUBE_SKIP_REGISTRY_TESTS=1: the npm pack / install e2e test is SKIPPED");

/** The low end of each peer/dependency range in package.json, pinned in the user's project. */
const USER_PACKAGES = ["eslint@10.0.0", "eslint-plugin-yml@3.0.0", "yaml-eslint-parser@2.0.0"];

const USER_CONFIG = `import yml from "eslint-plugin-yml";
import kube from "eslint-plugin-kube";
export default [...yml.configs["flat/recommended"], ...kube.configs.recommended];
`;

let work: string;
let project: string;
let install: CliRun;

function run(command: string, args: string[], cwd: string): CliRun {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    // No audit/fund chatter; the cache first, the registry only for what it lacks.
    env: { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyFixture(name: string, to: string): void {
  fs.cpSync(path.join(PROJECT_ROOT, "tests/fixtures", name), to, { recursive: true, filter: notInstalled });
}

describe.skipIf(SKIP)("npm pack, installed into a fresh project with another eslint-plugin-yml", () => {
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "kube-install-"));
    // dist/ is built by the global setup; prepack would only build it again (the pre-commit e2e runs prepack).
    const pack = run("npm", ["pack", "--ignore-scripts", "--pack-destination", work], PROJECT_ROOT);
    expect(pack.stderr).not.toMatch(/npm (ERR|error)/);
    const tarball = path.join(work, pack.stdout.trim().split("\n").at(-1) ?? "");
    expect(fs.existsSync(tarball)).toBe(true);

    project = path.join(work, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-gitops", version: "1.0.0", private: true, type: "module" }));
    install = run("npm", ["install", "--save-dev", "--no-progress", ...USER_PACKAGES, tarball], project);
    expect(install.stderr).not.toMatch(/npm (ERR|error)/);
    expect(install.status).toBe(0);

    // The repository being linted: a tenant without protection (team-b) beside a protected one.
    copyFixture("surfaces-tenants", project);
    fs.cpSync(path.join(PROJECT_ROOT, "tests/fixtures/surfaces-findings/cluster"), path.join(project, "cluster"), { recursive: true });
    fs.writeFileSync(path.join(project, "eslint.config.js"), USER_CONFIG);
    expect(spawnSync("git", ["init", "-q", project]).status).toBe(0);
  }, 120_000);
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the tarball holds the build, the docs, LICENSE and CHANGELOG, and no sources or tests", () => {
    const files = run("tar", ["-tzf", fs.readdirSync(work).map((f) => path.join(work, f)).find((f) => f.endsWith(".tgz")) ?? ""], work).stdout;
    for (const file of ["package/LICENSE", "package/CHANGELOG.md", "package/README.md", "package/dist/index.js", "package/dist/cli/kube-lint.js", "package/docs/usage.md"]) {
      expect(files).toContain(file);
    }
    expect(files).not.toMatch(/package\/(tests|rules|core|cli)\//);
    expect(fs.readFileSync(path.join(project, "node_modules/eslint-plugin-kube/LICENSE"), "utf8")).toContain("Apache License");
  });

  it("installs with no warning about our package, no deprecated ESLint, no install script", () => {
    const output = `${install.stdout}\n${install.stderr}`;
    const warnings = output.split("\n").filter((line) => /^npm warn/i.test(line));
    expect(warnings.filter((line) => /eslint-plugin-kube|peer|ERESOLVE|deprecated|install-scripts/i.test(line))).toEqual([]);
  });

  it("npm ls: one ESLint, one eslint-plugin-yml, one yaml-eslint-parser in the whole tree", () => {
    for (const [name, version] of [["eslint", "10.0.0"], ["eslint-plugin-yml", "3.0.0"], ["yaml-eslint-parser", "2.0.0"]] as const) {
      const ls = run("npm", ["ls", "--all", "--parseable", "--long", name], project);
      expect(ls.status).toBe(0);
      const copies = ls.stdout.split("\n").filter((line) => line.includes(`/node_modules/${name}:`));
      expect(copies).toEqual([`${path.join(project, "node_modules", name)}:${name}@${version}`]);
    }
  });

  it("eslint with both plugins' configs combined: exit 1 with the kube findings, no ConfigError", () => {
    const lint = run(path.join(project, "node_modules/.bin/eslint"), ["--format", "json", "."], project);
    expect(lint.stderr).not.toMatch(/ConfigError|Cannot redefine plugin/);
    expect(lint.status).toBe(1);
    const results = JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string | null; line: number }[] }[];
    const kube = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId?.startsWith("kube/")).map((m) => `${m.ruleId} ${path.relative(project, r.filePath)}:${m.line}`),
    );
    expect(kube.sort()).toEqual([
      "kube/require-limit-range cluster/team-b.yaml:5",
      "kube/require-network-policy cluster/team-b.yaml:5",
      "kube/require-resource-quota cluster/team-b.yaml:5",
    ]);
    // The user's eslint-plugin-yml config is live too (its rules are in the combined config).
    const config = run(path.join(project, "node_modules/.bin/eslint"), ["--print-config", "cluster/team-b.yaml"], project);
    const rules = (JSON.parse(config.stdout) as { rules: Record<string, unknown> }).rules;
    expect(Object.keys(rules)).toEqual(expect.arrayContaining(["yml/no-empty-document", "kube/require-network-policy"]));
  });

  it("kube-lint -f sarif from that install: valid SARIF 2.1.0 with the same kube findings", () => {
    const lint = run(path.join(project, "node_modules/.bin/kube-lint"), ["-f", "sarif"], project);
    expect(lint.stderr).toBe("");
    expect(lint.status).toBe(1);
    const log = JSON.parse(lint.stdout) as SarifLog;
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const kube = (log.runs[0]?.results ?? [])
      .filter((r) => r.ruleId?.startsWith("kube/"))
      .map((r) => `${r.ruleId} ${locationText(log, r.locations[0] as never, project, fileURLToPath)}`);
    expect(kube.sort()).toEqual([
      "kube/require-limit-range cluster/team-b.yaml:5:9",
      "kube/require-network-policy cluster/team-b.yaml:5:9",
      "kube/require-resource-quota cluster/team-b.yaml:5:9",
    ]);
  });
});
