/**
 * `kube-lint tenants [--strict] [--format table|json|markdown]`: every tenant, its namespaces and their walls, each
 * with what provides it or what is missing. A report: exit 0 whatever it shows (2 on a usage error).
 * The walls are judged with the options the rules get in the chosen config (recommended, or strict with --strict).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import kube from "../index.js";
import { WALLS, WALL_RULE, tenantWallReport, type TenantReport, type WallCell, type WallName, type WallOptions } from "../core/report/tenant-walls.js";
import { normalizeSettings } from "../core/settings.js";
import { findRepositoryRoot } from "../core/workspace/scan.js";
import { getWorkspace } from "../core/workspace/workspace.js";
import type { KubeRuleModule } from "../rules/support/rule.js";
import { findRepositoryConfig } from "./config.js";
import { UsageError } from "./args.js";

export const TENANTS_USAGE = `Usage: kube-lint tenants [--strict] [--format table|json|markdown]

Shows every tenant of the repository, its namespaces and their walls: default-deny NetworkPolicy (ingress,
egress), LimitRange container defaults, ResourceQuota, Pod Security level, and cluster-wide bindings of its
subjects; each with what provides it (file:line) or what is missing. Gaps are exactly the findings of
kube/require-network-policy, require-limit-range, require-resource-quota and require-pod-security.

Options:
  --strict                 strict's view (every non-system namespace a tenant, egress, restricted...)
  -f, --format NAME        table (default), json, or markdown (for pull-request comments, CI job summaries)
  -h, --help               show this help
Colour only on a terminal, and never with NO_COLOR set. Exit code 0: it is a report.`;

type ReportFormat = "table" | "json" | "markdown";
type ConfigName = "recommended" | "strict";

interface TenantsIO {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
}

export async function runTenants(argv: readonly string[], io: TenantsIO): Promise<number> {
  const { values } = parse(argv);
  if (values.help) {
    io.stdout.write(`${TENANTS_USAGE}\n`);
    return 0;
  }
  const format = (values.format ?? "table") as ReportFormat;
  if (!["table", "json", "markdown"].includes(format)) throw new UsageError(`--format must be table, json or markdown, not '${format}'`);
  const config: ConfigName = values.strict ? "strict" : "recommended";
  const settings = normalizeSettings(await repositorySettings(io.cwd));
  const root = settings.root ?? findRepositoryRoot(io.cwd, io.cwd);
  const report = tenantWallReport(getWorkspace(root, settings), settings, wallOptions(config));
  const colour = format === "table" && io.stdout.isTTY === true && !process.env.NO_COLOR;
  const text = format === "json" ? `${JSON.stringify({ config, ...report }, null, 2)}\n` : format === "markdown" ? markdown(report, config) : table(report, config, colour);
  io.stdout.write(text);
  return 0;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: { strict: { type: "boolean" }, format: { type: "string", short: "f" }, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** settings.kube as the repository's eslint.config.* gives it to YAML files; none without one. */
async function repositorySettings(cwd: string): Promise<unknown> {
  if (!findRepositoryConfig(cwd)) return undefined;
  const config = (await new ESLint({ cwd }).calculateConfigForFile(path.join(cwd, "kube-lint-probe.yaml"))) as Linter.Config | undefined;
  return (config?.settings as { kube?: unknown } | undefined)?.kube;
}

/** The options each rule runs with in `config`: its defaults, then its preset there (strict falls back to recommended). */
export function wallOptions(config: ConfigName): WallOptions {
  const options = (id: string): Record<string, unknown> => {
    const rule = kube.rules[id as keyof typeof kube.rules] as unknown as KubeRuleModule;
    const presets = rule.meta.docs.presets;
    const preset = config === "strict" ? (presets.strict ?? presets.recommended) : presets.recommended;
    const defaults = (rule.meta.defaultOptions?.[0] ?? {}) as Record<string, unknown>;
    return { ...defaults, ...((preset?.options?.[0] ?? {}) as Record<string, unknown>) };
  };
  const network = options("require-network-policy");
  const limits = options("require-limit-range");
  return {
    tenants: network.tenants as WallOptions["tenants"],
    ignore: (network.ignore as string[] | undefined) ?? [],
    defaultDeny: network.defaultDeny as WallOptions["defaultDeny"],
    limitFields: limits.require as WallOptions["limitFields"],
    limitResources: limits.resources as string[],
    quotaResources: options("require-resource-quota").resources as string[],
    level: options("require-pod-security").level as WallOptions["level"],
    clusterRoles: options("no-tenant-cluster-rbac").clusterRoles as WallOptions["clusterRoles"],
  };
}

const LABEL: Record<WallName, string> = { ingress: "ingress", egress: "egress", limits: "limits", quota: "quota", podSecurity: "pod security" };

function table(report: TenantReport, config: ConfigName, colour: boolean): string {
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const mark = (cell: WallCell) => (cell.status === "ok" ? paint(32, "ok ") : cell.status === "gap" ? paint(31, "GAP") : paint(2, " - "));
  const lines: string[] = [];
  for (const t of report.tenants) {
    lines.push(`${paint(1, `tenant ${t.tenant}`)}  (${t.evidence})`);
    for (const ns of t.namespaces) {
      lines.push(`  ${ns.target}  ${paint(2, `${ns.file}:${ns.line}`)}`);
      for (const wall of WALLS) {
        const cell = ns.walls[wall];
        const providers = cell.providers.length > 0 ? `  ${paint(2, cell.providers.join("; "))}` : "";
        lines.push(`    ${LABEL[wall].padEnd(12)} ${mark(cell)} ${cell.summary}${cell.status === "extra" ? " (not required)" : ""}${providers}`);
      }
    }
    lines.push(`  cluster-wide bindings: ${t.clusterBindings.length > 0 ? paint(31, t.clusterBindings.join("; ")) : "none"}`);
    lines.push("");
  }
  lines.push(summaryLine(report, config));
  return `${lines.join("\n")}\n`;
}

function markdown(report: TenantReport, config: ConfigName): string {
  const cell = (c: WallCell) => {
    const icon = c.status === "ok" ? "✅" : c.status === "gap" ? "❌" : "➖";
    const providers = c.providers.length > 0 ? `<br>${c.providers.map(escape).join("<br>")}` : "";
    return `${icon} ${escape(c.summary)}${providers}`;
  };
  const lines = [`## Tenants (${config})`, ""];
  for (const t of report.tenants) {
    lines.push(`### ${escape(t.tenant)}`, "", `Tenant by ${escape(t.evidence)}. Cluster-wide bindings: ${t.clusterBindings.length > 0 ? t.clusterBindings.map(escape).join("; ") : "none"}.`, "");
    lines.push(`| namespace | ${WALLS.map((w) => LABEL[w]).join(" | ")} |`, `|${" --- |".repeat(WALLS.length + 1)}`);
    for (const ns of t.namespaces) lines.push(`| ${escape(ns.target)}<br>\`${ns.file}:${ns.line}\` | ${WALLS.map((w) => cell(ns.walls[w])).join(" | ")} |`);
    lines.push("");
  }
  lines.push(summaryLine(report, config), "");
  return lines.join("\n");
}

function summaryLine(report: TenantReport, config: ConfigName): string {
  const namespaces = report.tenants.reduce((n, t) => n + t.namespaces.length, 0);
  const rules = [...new Set(Object.values(WALL_RULE))].map((r) => `kube/${r}`).join(", ");
  return `${report.tenants.length} tenant(s), ${namespaces} namespace(s), ${report.gaps} gap(s) in the ${config} view (each a finding of ${rules}).`;
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;");
}
