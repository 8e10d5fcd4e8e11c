/**
 * `kube-lint certs`: the repository's certificates, one row each, sorted by expiry — what `kubeadm certs
 * check-expiration` tells for a node, for a repository. Same reader as the certificate rules (core/certs), same
 * configuration as `kube-lint` (settings.kube `now`, `root` and `ignores`, the config's ignores, the rules' options).
 * Exit 1 when a certificate is expired or expires within the window: a CI gate on its own. Never prints key or
 * certificate bodies: only what the certificate says about itself.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import { inventory, type InventoryEntry, type InventoryStats } from "../core/certs/inventory.js";
import type { WeaknessOptions } from "../core/certs/weakness.js";
import { normalizeSettings } from "../core/settings.js";
import { findRepositoryRoot, scanYamlFiles } from "../core/workspace/scan.js";
import { UsageError, type CliOptions } from "./args.js";
import { chooseConfig, eslintOptions } from "./config.js";
import { formatCertificates, type CertsFormat, type CertsReport } from "./certs-format.js";

const FORMATS: readonly CertsFormat[] = ["table", "json", "markdown"];
/** no-expiring-certificates' and no-weak-certificates' own defaults. */
const DEFAULT_WITHIN_DAYS = 30;
const DEFAULT_WEAKNESS: WeaknessOptions = { minRsaBits: 2048, maxValidityDays: 398 };

export const CERTS_USAGE = `Usage: kube-lint certs [--within DAYS] [--format table|json|markdown] [--strict]

Lists every certificate of the repository (kubeconfigs, Secrets, caBundles, PEM anywhere), by expiry.

Options:
  --within <days>           Warning window (default: kube/no-expiring-certificates' warnWithinDays, 30)
  --format <name>           table (default), json, markdown (for CI job summaries and pull-request comments)
  --strict                  Use the strict config's options (60-day window, 398-day validity limit)
  -c, --config <path>       Use this ESLint config file
  --no-config-lookup        Ignore the repository's eslint.config.*
  -h, --help                Show this help

Exit codes: 0 none expired or expiring within the window, 1 some are, 2 usage or configuration error.`;

interface CertsOptions {
  within: number | undefined;
  format: CertsFormat;
  choice: Pick<CliOptions, "strict" | "config" | "noConfigLookup">;
  help: boolean;
}

export interface CertsIO {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Run `kube-lint certs`; usage and configuration errors are thrown for the caller to report (exit 2). */
export async function runCerts(argv: readonly string[], io: CertsIO): Promise<number> {
  const options = parseCertsArgs(argv);
  if (options.help) {
    io.stdout.write(`${CERTS_USAGE}\n`);
    return 0;
  }
  const { report } = await collect(options, io.cwd);
  const colour = io.stdout.isTTY === true && !io.env.NO_COLOR;
  io.stdout.write(formatCertificates(report, options.format, { colour, cwd: io.cwd }));
  return report.entries.some((e) => e.status === "expired" || e.status === "expiring") ? 1 : 0;
}

function parseCertsArgs(argv: readonly string[]): CertsOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        within: { type: "string" },
        format: { type: "string", short: "f", default: "table" },
        strict: { type: "boolean", default: false },
        config: { type: "string", short: "c" },
        "no-config-lookup": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`certs: ${(error as Error).message}`);
  }
  const { values } = parsed;
  const format = values.format as CertsFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`certs: unknown format '${values.format}': use one of ${FORMATS.join(", ")}`);
  let within: number | undefined;
  if (values.within !== undefined) {
    if (!/^\d+$/.test(values.within)) throw new UsageError(`certs: --within expects a whole number of days >= 0, got '${values.within}'`);
    within = Number(values.within);
  }
  if (values.config !== undefined && values["no-config-lookup"]) throw new UsageError("certs: --config and --no-config-lookup exclude each other");
  if (values.strict && values.config !== undefined) throw new UsageError("certs: --strict picks the built-in strict config; with --config your config file decides");
  return {
    within,
    format,
    choice: { strict: values.strict, config: values.config, noConfigLookup: values["no-config-lookup"] },
    help: values.help,
  };
}

/** The repository's settings and rule options as ESLint resolves them, then the inventory of its YAML files. */
export async function collect(options: CertsOptions, cwd: string): Promise<{ report: CertsReport; stats: InventoryStats }> {
  const choice = chooseConfig({ ...options.choice } as CliOptions, cwd);
  const eslint = new ESLint(eslintOptions(choice, cwd));
  const config = ((await eslint.calculateConfigForFile(path.join(cwd, "kube-lint-probe.yaml"))) ?? {}) as Linter.Config;
  const settings = normalizeSettings((config.settings as Record<string, unknown> | undefined)?.kube);
  const expiring = ruleOptions(config, "kube/no-expiring-certificates");
  const weak = ruleOptions(config, "kube/no-weak-certificates");
  const now = typeof expiring.now === "string" ? new Date(expiring.now) : (settings.now ?? new Date());
  if (Number.isNaN(now.getTime())) throw new UsageError(`certs: invalid "now" option ${JSON.stringify(expiring.now)}`);
  const withinDays = options.within ?? (typeof expiring.warnWithinDays === "number" ? expiring.warnWithinDays : DEFAULT_WITHIN_DAYS);
  const weakness: WeaknessOptions = {
    minRsaBits: typeof weak.minRsaBits === "number" ? weak.minRsaBits : DEFAULT_WEAKNESS.minRsaBits,
    maxValidityDays: "maxValidityDays" in weak ? (weak.maxValidityDays as number | null) : DEFAULT_WEAKNESS.maxValidityDays,
  };
  const repositoryRoot = settings.root ? path.resolve(cwd, settings.root) : findRepositoryRoot(cwd, cwd);
  // The files `kube-lint` lints (everything under the working directory), minus settings.kube.ignores and the
  // config's own ignores.
  const files: string[] = [];
  for (const { filePath } of scanYamlFiles(cwd, settings.ignores)) files.push(filePath);
  files.sort();
  const { entries, stats } = inventory(files, { now, withinDays, weakness, repositoryRoot });
  const kept: InventoryEntry[] = [];
  const ignored = new Map<string, boolean>();
  for (const entry of entries) {
    let skip = ignored.get(entry.filePath);
    if (skip === undefined) ignored.set(entry.filePath, (skip = await eslint.isPathIgnored(entry.filePath)));
    if (!skip) kept.push(entry);
  }
  return { report: { now, withinDays, entries: kept }, stats };
}

function ruleOptions(config: Linter.Config, id: string): Record<string, unknown> {
  const entry = config.rules?.[id];
  const options = Array.isArray(entry) ? (entry[1] as unknown) : undefined;
  return options && typeof options === "object" ? (options as Record<string, unknown>) : {};
}
