/**
 * kube-lint's command line: parsed with node:util's parseArgs, validated into one typed object.
 * Anything wrong here is a usage error (exit 2), never a lint failure (exit 1), so a CI gate can tell them apart.
 */
import { parseArgs } from "node:util";

export type FormatName = "stylish" | "json" | "sarif";
const FORMATS: readonly FormatName[] = ["stylish", "json", "sarif"];

export interface CliOptions {
  /** Files, folders or globs; empty means the whole repository (every YAML file under the working directory). */
  targets: string[];
  strict: boolean;
  format: FormatName;
  /** -1: no limit (warnings never fail the run). */
  maxWarnings: number;
  outputFile: string | undefined;
  /** An explicit ESLint config file to use instead of the lookup. */
  config: string | undefined;
  /** Ignore the repository's eslint.config.* and use the built-in config. */
  noConfigLookup: boolean;
  /** Lint only the changed files (git) and the files whose findings depend on them. */
  changed: boolean;
  /** With --changed: changes since this revision (working tree included) instead of the staged ones. */
  base: string | undefined;
  help: boolean;
  version: boolean;
}

/** A mistake in the command line: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: kube-lint [options] [file|dir|glob ...]
       kube-lint tenants [--strict] [--format table|json|markdown]   every tenant and its walls (tenants --help)
       kube-lint certs [--within DAYS] [--format table|json|markdown]  every certificate, by expiry (certs --help)

Lints the Kubernetes YAML of a repository with eslint-plugin-kube. With no paths, lints every
*.yaml / *.yml file under the current directory (rules are cross-file: lint the whole repository).

Configuration:
  With no eslint.config.* between here and the repository root, the built-in config is used:
  kube.configs.recommended, or kube.configs.strict with --strict. Otherwise that config is used.

Options:
  --strict                  Use the strict config (untrusted tenants) instead of recommended
  -f, --format <name>       Output format: stylish (default), json, sarif
  --max-warnings <n>        Exit 1 when there are more than n warnings (default: no limit)
  -o, --output-file <path>  Write the report to a file instead of stdout
  -c, --config <path>       Use this ESLint config file
  --no-config-lookup        Ignore the repository's eslint.config.* and use the built-in config
  --changed                 Lint the staged files (git; deletions included) and every file whose
                            findings depend on them (pre-commit); same findings as a full run there
  --base <rev>              With --changed: the changes since <rev>, working tree included (pull requests)
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors or too many warnings,
2 usage error, bad configuration or crash.`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        strict: { type: "boolean", default: false },
        format: { type: "string", short: "f", default: "stylish" },
        "max-warnings": { type: "string" },
        "output-file": { type: "string", short: "o" },
        config: { type: "string", short: "c" },
        "no-config-lookup": { type: "boolean", default: false },
        changed: { type: "boolean", default: false },
        base: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as FormatName;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`Unknown format '${values.format}': use one of ${FORMATS.join(", ")}`);
  }
  if (values.config !== undefined && values["no-config-lookup"]) {
    throw new UsageError("--config and --no-config-lookup exclude each other");
  }
  if (values.strict && values.config !== undefined) {
    throw new UsageError("--strict picks the built-in strict config; with --config your config file decides the rules");
  }
  if (values.base !== undefined && !values.changed) throw new UsageError("--base needs --changed");
  if (values.changed && positionals.length > 0) {
    throw new UsageError("--changed chooses the files itself: give no paths with it");
  }
  return {
    targets: positionals,
    strict: values.strict,
    format,
    maxWarnings: parseMaxWarnings(values["max-warnings"]),
    outputFile: values["output-file"],
    config: values.config,
    noConfigLookup: values["no-config-lookup"],
    changed: values.changed,
    base: values.base,
    help: values.help,
    version: values.version,
  };
}

function parseMaxWarnings(raw: string | undefined): number {
  if (raw === undefined) return -1;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings expects a whole number >= 0, got '${raw}'`);
  return Number(raw);
}
