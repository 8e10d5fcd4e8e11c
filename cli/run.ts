/**
 * One kube-lint run: choose the config, lint with ESLint's Node API, format, write, and turn the counts into an
 * exit code a gate can trust. Never executes or fetches anything: it reads the files under the working directory.
 */
import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { parseCliArgs, USAGE, UsageError, type CliOptions, type FormatName } from "./args.js";
import { runCerts } from "./certs.js";
import { chooseConfig, describeConfig, eslintOptions, yamlConfig } from "./config.js";
import { changedTargets } from "./changed.js";
import { startProgress } from "./progress.js";
import { runTenants } from "./tenants.js";
import { registerResolveFallback } from "./resolve-fallback.js";
import { toSarif } from "./sarif.js";
import { YAML_FILES } from "../configs/build.js";
import { packageInfo } from "../core/package-info.js";
import { REPOSITORY_URL } from "../rules/support/rule.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_TROUBLE = 2;

/** With no paths: the whole repository, because rules are cross-file. Globs, so a repo config cannot pull in JS. */
const DEFAULT_TARGETS = YAML_FILES;

export interface CliIO {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    // Reports are subcommands with options of their own.
    if (argv[0] === "tenants") return await runTenants(argv.slice(1), io);
    if (argv[0] === "certs") return await runCerts(argv.slice(1), { ...io, env: process.env });
    const options = parseCliArgs(argv);
    if (options.help) return write(io.stdout, `${USAGE}\n`, EXIT_OK);
    if (options.version) return write(io.stdout, `${versionLine()}\n`, EXIT_OK);
    return await lint(options, io);
  } catch (error) {
    return reportTrouble(error, io.stderr);
  }
}

async function lint(options: CliOptions, io: CliIO): Promise<number> {
  const choice = chooseConfig(options, io.cwd);
  if (choice.kind !== "built-in") registerResolveFallback();
  const progress = startProgress(io.stderr);
  const base = eslintOptions(choice, io.cwd);
  const overrides = [...asArray(base.overrideConfig), ...(progress ? [progress.config] : [])];
  let useDefaultTargets = options.targets.length === 0;
  const eslint = new ESLint({
    ...base,
    overrideConfig: overrides,
    // A repository with no YAML at all is clean, not a usage error; a path the user typed must exist.
    errorOnUnmatchedPattern: !useDefaultTargets,
  });
  if (choice.kind !== "built-in") await requireKubeRules(eslint, choice.file, io.cwd);
  let targets = useDefaultTargets ? DEFAULT_TARGETS : options.targets;
  if (options.changed) {
    const changed = await changedTargets(eslint, io.cwd, options.base);
    if (changed.everything) io.stderr.write(`kube-lint --changed: linting the whole repository (${changed.reason})\n`);
    else {
      io.stderr.write(`kube-lint --changed: ${changed.changed} changed YAML files, ${changed.files.length} to lint\n`);
      targets = changed.files;
      useDefaultTargets = false;
    }
  }
  let results: ESLint.LintResult[];
  try {
    results = targets.length === 0 ? [] : await eslint.lintFiles(targets);
  } finally {
    progress?.stop();
  }
  const verdict = judge(results, options.maxWarnings);
  const output = await format(eslint, options.format, results, verdict.resultsMeta, io.cwd);
  if (options.outputFile !== undefined) {
    const file = path.resolve(io.cwd, options.outputFile);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, output);
  } else if (output) {
    io.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
  }
  if (results.length === 0 && !options.changed) io.stderr.write(`kube-lint: no YAML files found (config: ${describeConfig(choice, io.cwd)})\n`);
  if (verdict.tooManyWarnings) {
    io.stderr.write(`kube-lint: ${verdict.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
  }
  return verdict.errors > 0 || verdict.tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * A repository config that does not turn on our rules for YAML would make kube-lint a gate that always passes.
 * Asked of ESLint for a YAML path at the root, the way it will resolve the real files.
 */
async function requireKubeRules(eslint: ESLint, configFile: string, cwd: string): Promise<void> {
  const config = await yamlConfig(eslint, cwd);
  const kubeRuleOn = Object.entries(config?.rules ?? {}).some(([id, entry]) => id.startsWith("kube/") && !isOff(entry));
  if (kubeRuleOn) return;
  throw new ConfigError(
    `${path.relative(cwd, configFile) || configFile} turns on no kube/* rule for YAML files: spread kube.configs.recommended ` +
      "(or strict) in it, or run kube-lint --no-config-lookup to use the built-in config",
  );
}

function isOff(entry: Linter.RuleEntry | undefined): boolean {
  const severity = Array.isArray(entry) ? entry[0] : entry;
  return severity === 0 || severity === "off";
}

/** Errors always fail; warnings fail only above --max-warnings (ESLint's own semantics). */
function judge(results: ESLint.LintResult[], maxWarnings: number) {
  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
  const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
  const tooManyWarnings = maxWarnings >= 0 && warnings > maxWarnings;
  const resultsMeta: ESLint.ResultsMeta = tooManyWarnings ? { maxWarningsExceeded: { maxWarnings, foundWarnings: warnings } } : {};
  return { errors, warnings, tooManyWarnings, resultsMeta };
}

async function format(eslint: ESLint, name: FormatName, results: ESLint.LintResult[], meta: ESLint.ResultsMeta, cwd: string): Promise<string> {
  if (name === "sarif") {
    const own = packageInfo();
    const tool = { name: "kube-lint", version: own.version, informationUri: REPOSITORY_URL, engine: `ESLint ${ESLint.version}` };
    return `${JSON.stringify(toSarif(results, eslint.getRulesMetaForResults(results), cwd, tool), null, 2)}\n`;
  }
  const formatter = await eslint.loadFormatter(name);
  return formatter.format(results, meta);
}

/** The configuration cannot do kube-lint's job: exit 2, message only. */
class ConfigError extends Error {
  override name = "ConfigError";
}

function reportTrouble(error: unknown, stderr: NodeJS.WritableStream): number {
  const err = error instanceof Error ? error : new Error(String(error));
  if (err instanceof UsageError) {
    stderr.write(`kube-lint: ${err.message}\nRun 'kube-lint --help' for usage.\n`);
  } else if (err instanceof ConfigError || isUserMistake(err)) {
    // A path or configuration mistake: the message says what to fix; a stack trace would only hide it.
    stderr.write(`kube-lint: ${err.message}\n`);
  } else {
    stderr.write(`kube-lint crashed: ${err.stack ?? err.message}\n`);
  }
  return EXIT_TROUBLE;
}

/** Bad settings.kube, a path that matches nothing, a config ESLint rejects or cannot import: not a kube-lint bug. */
function isUserMistake(err: Error & { messageTemplate?: unknown; code?: unknown }): boolean {
  return err.name === "KubeSettingsError" || typeof err.messageTemplate === "string" || err.code === "ERR_MODULE_NOT_FOUND";
}

function write(stream: NodeJS.WritableStream, text: string, code: number): number {
  stream.write(text);
  return code;
}

function asArray(config: Linter.Config | Linter.Config[] | null | undefined): Linter.Config[] {
  if (!config) return [];
  return Array.isArray(config) ? config : [config];
}

function versionLine(): string {
  const own = packageInfo();
  return `eslint-plugin-kube ${own.version} (kube-lint), ESLint ${ESLint.version}`;
}
