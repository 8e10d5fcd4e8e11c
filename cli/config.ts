/**
 * Which ESLint configuration kube-lint runs with. A repository that has its own eslint.config.* gets exactly what
 * `eslint` would give it there; a repository without one (most Kubernetes repos have no JavaScript tooling) gets the
 * plugin's recommended or strict config, with nothing to install or write.
 */
import fs from "node:fs";
import path from "node:path";
import type { ESLint, Linter } from "eslint";
import kube from "../index.js";
import { findRepositoryRoot } from "../core/workspace/scan.js";
import { UsageError, type CliOptions } from "./args.js";

/** ESLint 10's flat config file names, in its lookup order. */
const CONFIG_FILE_NAMES = ["eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", "eslint.config.cts"];

export type ConfigChoice =
  | { kind: "built-in"; name: "recommended" | "strict" }
  | { kind: "repository"; file: string }
  | { kind: "explicit"; file: string };

/**
 * The nearest eslint.config.* from `cwd` up to the repository root (the folder holding .git). A config above the
 * repository (say, in the home folder) belongs to someone else and is not picked up.
 */
export function findRepositoryConfig(cwd: string): string | undefined {
  const root = findRepositoryRoot(cwd, cwd);
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
}

export function chooseConfig(options: CliOptions, cwd: string): ConfigChoice {
  if (options.config !== undefined) return { kind: "explicit", file: path.resolve(cwd, options.config) };
  const builtIn = { kind: "built-in", name: options.strict ? "strict" : "recommended" } as const;
  if (options.noConfigLookup) return builtIn;
  const file = findRepositoryConfig(cwd);
  if (!file) return builtIn;
  if (options.strict) {
    throw new UsageError(
      `--strict picks the built-in strict config, but this repository has its own ${path.relative(cwd, file) || file}: ` +
        "spread kube.configs.strict there, or add --no-config-lookup to ignore it",
    );
  }
  return { kind: "repository", file };
}

/** The ESLint constructor options for a choice (targets and the progress hook are added by the runner). */
export function eslintOptions(choice: ConfigChoice, cwd: string): ESLint.Options {
  switch (choice.kind) {
    case "built-in":
      return { cwd, overrideConfigFile: true, overrideConfig: [...kube.configs[choice.name]] };
    case "explicit":
      return { cwd, overrideConfigFile: choice.file };
    case "repository":
      // ESLint's own lookup, so nested eslint.config.* files work exactly as with `eslint`.
      return { cwd };
  }
}

export function describeConfig(choice: ConfigChoice, cwd: string): string {
  return choice.kind === "built-in" ? `kube.configs.${choice.name}` : path.relative(cwd, choice.file) || choice.file;
}

/**
 * The configuration ESLint resolves for a YAML file at the top of `cwd`: what the repository's real YAML files get
 * (kube-lint checks it turns on kube rules; the reports read `settings.kube` from it).
 */
export async function yamlConfig(eslint: ESLint, cwd: string): Promise<Linter.Config | undefined> {
  return (await eslint.calculateConfigForFile(path.join(cwd, "kube-lint-probe.yaml"))) as Linter.Config | undefined;
}
