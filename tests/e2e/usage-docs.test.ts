/**
 * Every copy-paste snippet of docs/usage.md that can run, run: the eslint.config.mjs files with the real eslint
 * binary and the plugin installed the way a user installs it, the kube-lint and husky commands, the lint-staged
 * config, the GitHub Actions steps (SARIF job and gate), the VS Code settings. (The pre-commit snippet is run by
 * pre-commit.test.ts.) A doc change that breaks a recipe fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getStaticYAMLValue, parseYAML } from "yaml-eslint-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runEslint } from "../helpers/eslint-cli.js";
import { committedRepo, kubeLintOnPath, sh, summarize, usageSnippet } from "../helpers/surfaces.js";
import pkg from "../../package.json" with { type: "json" };

const temps: string[] = [];
let shim: ReturnType<typeof kubeLintOnPath>;
beforeAll(() => {
  shim = kubeLintOnPath();
  temps.push(shim.dir);
});
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function findingsRepo(extra: Record<string, string> = {}): string {
  const dir = committedRepo(["surfaces-tenants", "surfaces-findings"], extra);
  temps.push(dir);
  return dir;
}

/** As after `npm install --save-dev eslint-plugin-kube`: the package is in the repository's node_modules. */
function installPlugin(dir: string): void {
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(PROJECT_ROOT, path.join(dir, "node_modules/eslint-plugin-kube"), "dir");
}

describe("docs/usage.md: ESLint in your repository", () => {
  it("the eslint.config.mjs snippet lints YAML with the recommended config", () => {
    const dir = findingsRepo({ "eslint.config.mjs": usageSnippet("eslint-config"), "app.js": "export const x = 1;\n" });
    installPlugin(dir);
    const run = runEslint(dir, ["--format", "json", "."]);
    expect(run.status).toBe(1);
    const lines = summarize(run.stdout, dir);
    expect(lines).toContain("kube/require-network-policy cluster/team-b.yaml:5");
    expect(lines.filter((l) => l.startsWith("kube/require-namespace "))).toEqual([]); // strict-only
    expect(lines.some((l) => l.includes("app.js"))).toBe(false); // the configs only touch YAML
  });

  it("the settings snippet is valid: strict config, settings.kube accepted, per-folder override applied", () => {
    const dir = findingsRepo({
      "eslint.config.mjs": usageSnippet("eslint-config-settings"),
      "legacy/team-c.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-c\n  labels:\n    team: team-c\n",
    });
    installPlugin(dir);
    const run = runEslint(dir, ["--format", "json", "."]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; severity: number; line: number }[] }[];
    const legacy = results.find((r) => r.filePath.endsWith("legacy/team-c.yaml"))?.messages ?? [];
    expect(legacy.filter((m) => m.ruleId === "kube/require-network-policy").map((m) => m.severity)).toEqual([1]);
    expect(summarize(run.stdout, dir)).toContain("kube/require-namespace apps/orphan.yaml:5");
  });
});

describe("docs/usage.md: kube-lint commands", () => {
  const commands = (): string[] => {
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs/usage.md"), "utf8");
    return [...doc.matchAll(/^npx kube-lint.*$/gm)].map((m) => m[0].replace(/\s+#.*$/, "").replace(/^npx /, ""));
  };

  it("documents the commands this test runs", () => {
    expect(commands()).toEqual([
      "kube-lint",
      "kube-lint --strict",
      "kube-lint clusters/prod 'apps/**/*.yaml'",
      "kube-lint --format sarif --output-file kube-lint.sarif",
      "kube-lint --max-warnings 0",
      "kube-lint certs",
      "kube-lint certs --within 60",
      "kube-lint certs --format markdown",
      "kube-lint certs --format json",
      "kube-lint", // the husky hook
    ]);
  });

  it("the certs commands run: exit 1 with a certificate expiring within the window, 0 without", async () => {
    const { makeCert, daysFrom } = await import("../helpers/certs.js");
    const soon = await makeCert({ cn: "soon.example.com", notAfter: daysFrom(new Date(), 20) });
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ndata:\n  tls.crt: ${soon.b64}\n`;
    const expiring = committedRepo("surfaces-tenants", { "apps/tls.yaml": secret });
    const clean = committedRepo("surfaces-tenants");
    temps.push(expiring, clean);
    for (const command of commands().filter((c) => c.startsWith("kube-lint certs"))) {
      const bad = sh(expiring, command, shim.env);
      expect([command, bad.status, bad.stderr]).toEqual([command, 1, ""]);
      expect(bad.stdout).toContain("soon.example.com");
      const good = sh(clean, command, shim.env);
      expect([command, good.status, good.stderr]).toEqual([command, 0, ""]);
    }
  });

  it("each one runs: exit 1 with findings, exit 0 on a well-run repository, never a usage error", () => {
    const prod = { "clusters/prod/settings.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-a\ndata:\n  level: info\n" };
    const bad = findingsRepo(prod);
    const good = committedRepo("surfaces-tenants", prod);
    temps.push(good);
    for (const command of commands().filter((c) => !c.startsWith("kube-lint certs"))) {
      expect([command, sh(bad, command, shim.env).status]).toEqual([command, 1]);
      const clean = sh(good, command, shim.env);
      expect([command, clean.status, clean.stderr]).toEqual([command, 0, ""]);
    }
    expect(JSON.parse(fs.readFileSync(path.join(bad, "kube-lint.sarif"), "utf8"))).toMatchObject({ version: "2.1.0" });
  });

  it("the husky hook is the whole-repository command", () => {
    expect(usageSnippet("husky")).toBe("# .husky/pre-commit\nnpx kube-lint\n");
  });

  it("the lint-staged config ignores the file list and lints the whole repository", async () => {
    const dir = findingsRepo();
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs/usage.md"), "utf8");
    const source = /```js\n(\/\/ lint-staged\.config\.mjs\n[\s\S]*?)```/.exec(doc)?.[1];
    if (!source) throw new Error("no lint-staged snippet");
    fs.writeFileSync(path.join(dir, "lint-staged.config.mjs"), source);
    const config = (await import(pathToFileURL(path.join(dir, "lint-staged.config.mjs")).href)).default as Record<string, (files: string[]) => string>;
    const task = config["*.{yaml,yml}"];
    expect(task?.(["cluster/team-b.yaml"])).toBe("kube-lint");
  });
});

describe("docs/usage.md: GitHub Actions", () => {
  interface Step { run?: string; uses?: string; with?: Record<string, unknown> }
  const workflow = () =>
    getStaticYAMLValue(parseYAML(usageSnippet("github-actions"))) as unknown as { jobs: Record<string, { steps: Step[]; permissions?: Record<string, string> }> };
  const PREFIX = `npx --yes --package eslint-plugin-kube@${pkg.version} kube-lint`;
  const runOf = (job: string) => {
    const runs = workflow().jobs[job]?.steps.flatMap((s) => (s.run ? [s.run] : [])) ?? [];
    expect(runs).toHaveLength(1);
    const line = runs[0] as string;
    // The docs pin the version this package is: a release that forgets the docs fails here.
    expect(line.startsWith(PREFIX)).toBe(true);
    return line.replace(PREFIX, "kube-lint");
  };

  it("the code-scanning job uploads a SARIF file and tolerates findings but not a broken setup", () => {
    const steps = workflow().jobs["code-scanning"]?.steps ?? [];
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.with?.sarif_file).toBe("kube-lint.sarif");
    expect(workflow().jobs["code-scanning"]?.permissions?.["security-events"]).toBe("write");

    const dir = findingsRepo();
    const withFindings = sh(dir, runOf("code-scanning"), shim.env);
    expect(withFindings.status).toBe(0);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, upload?.with?.sarif_file as string), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain("kube/require-network-policy");

    fs.writeFileSync(path.join(dir, "eslint.config.mjs"), "export default [{ rules: { 'no-such-rule': 'error' } }];\n");
    expect(sh(dir, runOf("code-scanning"), shim.env).status).not.toBe(0);
  });

  it("the gate job fails on findings and passes on a well-run repository", () => {
    const bad = findingsRepo();
    expect(sh(bad, runOf("gate"), shim.env).status).toBe(1);
    const good = committedRepo("surfaces-tenants");
    temps.push(good);
    expect(sh(good, runOf("gate"), shim.env).status).toBe(0);
  });
});

describe("docs/usage.md: VS Code", () => {
  it("the settings are valid JSON that make vscode-eslint validate YAML", () => {
    const settings = JSON.parse(usageSnippet("vscode-settings")) as Record<string, unknown>;
    expect(settings["eslint.validate"]).toContain("yaml");
    expect(settings["eslint.probe"]).toContain("yaml");
    // Forcing flat config sends the server down paths ESLint 10 removed (tests/e2e/editor-lsp.test.ts runs it unset).
    expect(Object.keys(settings).filter((key) => /useFlatConfig/.test(key))).toEqual([]);
  });
});
