/**
 * kube-lint end to end: the built binary (dist/cli/kube-lint.js) on throwaway git repositories, with and without an
 * eslint.config.* of their own, compared with the real `eslint` binary given the user-style config.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runEslint, writeConfig } from "../helpers/eslint-cli.js";
import { committedRepo, runKubeLint, summarize } from "../helpers/surfaces.js";
import { startProgress } from "../../cli/progress.js";
import pkg from "../../package.json" with { type: "json" };

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function repo(fixtures: string | string[], extra: Record<string, string> = {}): string {
  const dir = committedRepo(fixtures, extra);
  temps.push(dir);
  return dir;
}

const FINDINGS = ["surfaces-tenants", "surfaces-findings"];
/** The findings that do not depend on how other tenancy rules evolve: the ones this suite is about. */
const only = (lines: string[], ...rules: string[]) => lines.filter((l) => rules.some((r) => l.startsWith(`${r} `)));

/** A user's own config: it imports the plugin by name (resolvable only through kube-lint's fallback here). */
const OWN_CONFIG = `import kube from "eslint-plugin-kube";
export default [
  ...kube.configs.recommended,
  { files: ["**/*.yaml", "**/*.yml"], rules: { "kube/require-network-policy": "warn" } },
  { files: ["**/*.js"], rules: { "no-unused-expressions": "error" } },
];
`;

describe("kube-lint with no eslint config in the repository (built-in config)", () => {
  it("is silent and exits 0 on a well-run repository, in both configs", () => {
    const dir = repo("surfaces-tenants");
    for (const args of [[], ["--strict"]]) {
      const run = runKubeLint(dir, args);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe("");
      expect(run.status).toBe(0);
      expect(summarize(runKubeLint(dir, [...args, "-f", "json"]).stdout, dir)).toEqual([]);
    }
  });

  it("lints every YAML file of the repository and exits 1 on errors (recommended)", () => {
    const dir = repo(FINDINGS);
    const run = runKubeLint(dir, ["--format", "json"]);
    expect(run.status).toBe(1);
    const lines = summarize(run.stdout, dir);
    expect(only(lines, "parse-error", "kube/require-network-policy", "kube/require-namespace")).toEqual([
      "kube/require-network-policy cluster/team-b.yaml:5",
      "parse-error apps/broken.yaml:3",
    ]);
    // Every YAML file was linted, the clean ones included.
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath)).sort();
    expect(files).toEqual([
      "apps/broken.yaml",
      "apps/orphan.yaml",
      "apps/web/deployment.yaml",
      "apps/web/kustomization.yaml",
      "cluster/namespaces.yaml",
      "cluster/team-b.yaml",
      "tenants/team-a/limits.yaml",
      "tenants/team-a/networkpolicy.yaml",
    ]);
  });

  it("--strict switches to the strict config (require-namespace is strict-only)", () => {
    const dir = repo(FINDINGS);
    const run = runKubeLint(dir, ["--strict", "-f", "json"]);
    expect(run.status).toBe(1);
    expect(only(summarize(run.stdout, dir), "kube/require-namespace")).toEqual(["kube/require-namespace apps/orphan.yaml:5"]);
  });

  it("prints the stylish report by default, naming file, line, message and rule", () => {
    const dir = repo(FINDINGS);
    const run = runKubeLint(dir, []);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(path.join(dir, "cluster/team-b.yaml"));
    expect(run.stdout).toMatch(/5:9\s+error\s+Namespace 'team-b'.*kube\/require-network-policy/);
    expect(run.stdout).toMatch(/✖ \d+ problems \(\d+ errors, 0 warnings\)/);
  });

  it("the real eslint binary with the user-style eslint.config.mjs reports exactly what kube-lint reports", () => {
    const dir = repo(FINDINGS);
    const viaKubeLint = summarize(runKubeLint(dir, ["-f", "json", "--strict"]).stdout, dir);
    writeConfig(dir, "strict");
    const viaEslint = runEslint(dir, ["--format", "json", "."]);
    expect(viaEslint.status).toBe(1);
    expect(summarize(viaEslint.stdout, dir)).toEqual(viaKubeLint);
    expect(viaKubeLint.length).toBeGreaterThan(2);
  });

  it("takes paths and globs; the rest of the repository still answers cross-file questions", () => {
    const dir = repo(FINDINGS);
    // Only the Namespace file is linted; its NetworkPolicy lives in tenants/, which is not: team-a stays clean.
    const one = runKubeLint(dir, ["-f", "json", "cluster/namespaces.yaml"]);
    expect(one.status).toBe(0);
    expect(summarize(one.stdout, dir)).toEqual([]);
    const glob = runKubeLint(dir, ["-f", "json", "cluster/*.yaml"]);
    expect(only(summarize(glob.stdout, dir), "kube/require-network-policy", "parse-error")).toEqual([
      "kube/require-network-policy cluster/team-b.yaml:5",
    ]);
    const folder = runKubeLint(dir, ["-f", "json", "apps"]);
    expect(only(summarize(folder.stdout, dir), "kube/require-network-policy", "parse-error")).toEqual([
      "parse-error apps/broken.yaml:3",
    ]);
    expect(folder.status).toBe(1);
  });

  it("--output-file writes the report there (creating folders) and keeps the exit code", () => {
    const dir = repo(FINDINGS);
    const run = runKubeLint(dir, ["-f", "json", "--output-file", "reports/kube.json"]);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(1);
    const written = fs.readFileSync(path.join(dir, "reports/kube.json"), "utf8");
    expect(only(summarize(written, dir), "kube/require-network-policy")).toEqual(["kube/require-network-policy cluster/team-b.yaml:5"]);
  });

  it("exits 0 with a note on stderr when there is no YAML at all", () => {
    const dir = repo("surfaces-tenants");
    fs.rmSync(path.join(dir, "cluster"), { recursive: true });
    fs.rmSync(path.join(dir, "tenants"), { recursive: true });
    fs.rmSync(path.join(dir, "apps"), { recursive: true });
    const run = runKubeLint(dir, []);
    expect(run.stderr).toBe("kube-lint: no YAML files found (config: kube.configs.recommended)\n");
    expect(run.status).toBe(0);
  });

  it("does not pick up an eslint.config.* above the repository root", () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "kube-parent-"));
    temps.push(parent);
    fs.writeFileSync(path.join(parent, "eslint.config.mjs"), 'throw new Error("not this repository\'s config");\n');
    const dir = path.join(parent, "repo");
    fs.cpSync(repo("surfaces-tenants"), dir, { recursive: true });
    const run = runKubeLint(dir, []);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("kube-lint with the repository's own eslint.config.mjs", () => {
  it("uses that config (here: require-network-policy as a warning), even though the plugin is not installed there", () => {
    const dir = repo(FINDINGS, { "eslint.config.mjs": OWN_CONFIG, "app.js": "somethingUnused;\n" });
    expect(fs.existsSync(path.join(dir, "node_modules"))).toBe(false);
    const run = runKubeLint(dir, ["-f", "json"]);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
    const netpol = results.flatMap((r) => r.messages).filter((m) => m.ruleId === "kube/require-network-policy");
    expect(netpol.map((m) => m.severity)).toEqual([1]);
    // kube-lint lints YAML only: the repository's JavaScript is eslint's business.
    expect(results.map((r) => path.basename(r.filePath))).not.toContain("app.js");
    expect(run.status).toBe(1); // the parse error and the other tenancy errors remain
  });

  it("--max-warnings: warnings pass by default, fail above the limit", () => {
    const dir = repo("surfaces-tenants", {
      "eslint.config.mjs": OWN_CONFIG,
      "cluster/team-b.yaml": fs.readFileSync(path.join(import.meta.dirname, "../fixtures/surfaces-findings/cluster/team-b.yaml"), "utf8"),
    });
    // Keep only the warning: give team-b everything but a NetworkPolicy.
    const limits = fs.readFileSync(path.join(dir, "tenants/team-a/limits.yaml"), "utf8").replaceAll("team-a", "team-b");
    fs.writeFileSync(path.join(dir, "tenants/team-b-limits.yaml"), limits);
    const warnOnly = runKubeLint(dir, ["-f", "json"]);
    expect(summarize(warnOnly.stdout, dir)).toEqual(["kube/require-network-policy cluster/team-b.yaml:5"]);
    expect(warnOnly.status).toBe(0);
    expect(runKubeLint(dir, ["--max-warnings", "1"]).status).toBe(0);
    const gate = runKubeLint(dir, ["--max-warnings", "0"]);
    expect(gate.status).toBe(1);
    expect(gate.stderr).toBe("kube-lint: 1 warnings, more than --max-warnings 0\n");
  });

  it("--no-config-lookup ignores it and uses the built-in config; --config names one explicitly", () => {
    const dir = repo(FINDINGS, { "eslint.config.mjs": OWN_CONFIG });
    const severities = (args: string[]) =>
      (JSON.parse(runKubeLint(dir, ["-f", "json", ...args]).stdout) as { messages: { ruleId: string; severity: number }[] }[])
        .flatMap((r) => r.messages)
        .filter((m) => m.ruleId === "kube/require-network-policy")
        .map((m) => m.severity);
    expect(severities(["--no-config-lookup"])).toEqual([2]);
    fs.renameSync(path.join(dir, "eslint.config.mjs"), path.join(dir, "kube.config.mjs"));
    expect(severities(["--config", "kube.config.mjs"])).toEqual([1]);
  });

  it("refuses --strict, which would silently be ignored (exit 2)", () => {
    const dir = repo("surfaces-tenants", { "eslint.config.mjs": OWN_CONFIG });
    const run = runKubeLint(dir, ["--strict"]);
    expect(run.stderr).toMatch(/--strict picks the built-in strict config, but this repository has its own eslint\.config\.mjs/);
    expect(run.status).toBe(2);
  });

  it("refuses a config that turns on no kube rule for YAML: that gate would always pass (exit 2)", () => {
    const config = 'export default [{ files: ["**/*.js"], rules: { "no-unused-expressions": "error" } }];\n';
    const dir = repo(FINDINGS, { "eslint.config.mjs": config });
    const run = runKubeLint(dir, []);
    expect(run.stderr).toBe(
      "kube-lint: eslint.config.mjs turns on no kube/* rule for YAML files: spread kube.configs.recommended (or strict) " +
        "in it, or run kube-lint --no-config-lookup to use the built-in config\n",
    );
    expect(run.status).toBe(2);
  });

  it("a crash (here: a rule that throws) exits 2 with the stack, never 0 or 1", () => {
    const config = `import kube from "eslint-plugin-kube";
const boom = { rules: { boom: { meta: { schema: [] }, create() { throw new Error("boom"); } } } };
export default [...kube.configs.recommended, { files: ["**/*.yaml"], plugins: { boom }, rules: { "boom/boom": "error" } }];
`;
    const dir = repo("surfaces-tenants", { "eslint.config.mjs": config });
    const run = runKubeLint(dir, []);
    expect(run.stderr).toMatch(/^kube-lint crashed: Error: Error while loading rule 'boom\/boom': boom\n/);
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(run.status).toBe(2);
  });

  it("a bad settings.kube key exits 2 with the message, no stack trace", () => {
    const config = `import kube from "eslint-plugin-kube";\nexport default [...kube.configs.recommended, { settings: { kube: { tenantLabel: "team" } } }];\n`;
    const dir = repo("surfaces-tenants", { "eslint.config.mjs": config });
    const run = runKubeLint(dir, []);
    expect(run.stderr).toMatch(/^kube-lint: .*Invalid settings\.kube\.tenantLabel: unknown key/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(2);
  });
});

describe("kube-lint command line", () => {
  const dir = repo("surfaces-tenants");

  it.each([
    [["--format", "xml"], /Unknown format 'xml': use one of stylish, json, sarif/],
    [["--max-warnings", "lots"], /--max-warnings expects a whole number >= 0, got 'lots'/],
    [["--fix"], /Unknown option '--fix'/],
    [["--config", "a.mjs", "--no-config-lookup"], /exclude each other/],
    [["no/such/dir"], /No files matching 'no\/such\/dir' were found/],
  ])("usage error %j exits 2 without a stack trace", (args, message) => {
    const run = runKubeLint(dir, args);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(2);
  });

  it("--help and --version", () => {
    const help = runKubeLint(dir, ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kube-lint \[options\] \[file\|dir\|glob \.\.\.\]/);
    expect(help.stdout).toContain("--max-warnings <n>");
    const version = runKubeLint(dir, ["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(new RegExp(`^eslint-plugin-kube ${pkg.version.replaceAll(".", "\\.")} \\(kube-lint\\), ESLint 10\\.`));
  });

  it("dist/cli/kube-lint.js starts with a shebang so npm can link it as the kube-lint binary", () => {
    expect(pkg.bin["kube-lint"]).toBe("./dist/cli/kube-lint.js");
    expect(fs.readFileSync(path.join(import.meta.dirname, "../..", pkg.bin["kube-lint"]), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });
});

describe("progress line", () => {
  function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
  }

  it("is never shown when stderr is not a terminal", () => {
    expect(startProgress(fakeStream(false).stream)).toBeUndefined();
  });

  it("shows the count of linted files only after two seconds, and clears itself", () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream(true);
      const progress = startProgress(stream);
      if (!progress) throw new Error("expected a progress reporter on a TTY");
      const counter = (progress.config.plugins?.["kube-lint-progress"]?.rules?.files ?? {}) as { create(): object };
      for (let i = 0; i < 3; i++) counter.create();
      vi.advanceTimersByTime(1500);
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(writes.at(-1)).toBe("\r\x1b[2Kkube-lint: 3 files linted (3s)");
      progress.stop();
      expect(writes.at(-1)).toBe("\r\x1b[2K");
    } finally {
      vi.useRealTimers();
    }
  });
});
