/** `kube-lint certs` output: an aligned table (colour on a terminal), JSON for tools, markdown for CI summaries. */
import path from "node:path";
import type { PublicKeyFacts } from "../core/certs/certificate.js";
import type { InventoryEntry } from "../core/certs/inventory.js";
import { isoDate } from "../core/certs/validity.js";
import type { Weakness } from "../core/certs/weakness.js";

export type CertsFormat = "table" | "json" | "markdown";

export interface CertsReport {
  now: Date;
  withinDays: number;
  entries: InventoryEntry[];
}

interface Row {
  location: string;
  object: string;
  field: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  daysLeft: string;
  key: string;
  signature: string;
  status: string;
}

const HEADERS: Row = {
  location: "LOCATION",
  object: "OBJECT",
  field: "FIELD",
  subject: "SUBJECT",
  issuer: "ISSUER",
  notBefore: "NOT BEFORE",
  notAfter: "NOT AFTER",
  daysLeft: "DAYS LEFT",
  key: "KEY",
  signature: "SIGNATURE",
  status: "STATUS",
};
const COLUMNS = Object.keys(HEADERS) as (keyof Row)[];

const COLOURS: Record<string, string> = { expired: "31", "not-yet-valid": "31", expiring: "33", unreadable: "35", weak: "33" };

export function formatCertificates(report: CertsReport, format: CertsFormat, view: { colour: boolean; cwd: string }): string {
  if (format === "json") return `${JSON.stringify(toJson(report, view.cwd), null, 2)}\n`;
  const rows = report.entries.map((entry) => toRow(entry, view.cwd));
  if (format === "markdown") return markdown(report, rows);
  return table(report, rows, view.colour);
}

function toRow(entry: InventoryEntry, cwd: string): Row {
  const facts = entry.certificate;
  return {
    location: `${relative(entry.filePath, cwd)}:${entry.line}`,
    object: entry.object ?? "-",
    field: entry.field,
    subject: facts?.subject ?? "-",
    issuer: facts?.issuer ?? "-",
    notBefore: facts ? isoDate(facts.notBefore).slice(0, 10) : "-",
    notAfter: facts ? isoDate(facts.notAfter).slice(0, 10) : "-",
    daysLeft: entry.daysLeft === undefined ? "-" : String(entry.daysLeft),
    key: facts ? keyName(facts.publicKey) : "-",
    signature: facts ? facts.signature().name : "-",
    status: statusText(entry),
  };
}

/** "expired", "expiring, weak", "unreadable: is not valid base64". */
function statusText(entry: InventoryEntry): string {
  if (entry.status === "unreadable") return `unreadable: ${entry.problem ?? ""}`.trim();
  if (entry.status !== "weak" && entry.status !== "ok" && entry.weaknesses.length > 0) return `${entry.status}, weak`;
  return entry.status;
}

const CURVES: Record<string, string> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };

export function keyName(key: PublicKeyFacts): string {
  if (key.bits !== undefined) return `${key.type} ${key.bits}`;
  if (key.curve) return `${key.type} ${CURVES[key.curve] ?? key.curve}`;
  return key.type;
}

function summary(report: CertsReport): string {
  const count = (status: string) => report.entries.filter((e) => e.status === status).length;
  const total = report.entries.length;
  const parts = [
    `${count("expired")} expired`,
    `${count("expiring")} expiring within ${report.withinDays} days`,
    `${count("not-yet-valid")} not yet valid`,
    `${report.entries.filter((e) => e.weaknesses.length > 0).length} weak`,
    `${count("unreadable")} unreadable`,
  ];
  const noun = total === 1 ? "certificate entry" : "certificate entries";
  return `${total} ${noun}: ${parts.join(", ")} (as of ${isoDate(report.now)})`;
}

function table(report: CertsReport, rows: Row[], colour: boolean): string {
  if (rows.length === 0) return `No certificates found (as of ${isoDate(report.now)}).\n`;
  const widths = COLUMNS.map((c) => Math.max(HEADERS[c].length, ...rows.map((r) => r[c].length)));
  const line = (row: Row, paint: boolean) =>
    COLUMNS.map((c, i) => {
      const cell = i === COLUMNS.length - 1 ? row[c] : row[c].padEnd(widths[i] as number);
      const code = COLOURS[row.status.split(/[,:]/)[0] as string];
      return paint && c === "status" && code ? `\x1b[${code}m${cell}\x1b[0m` : cell;
    }).join("  ");
  return [line(HEADERS, false), ...rows.map((r) => line(r, colour)), "", summary(report), ""].join("\n");
}

function markdown(report: CertsReport, rows: Row[]): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const head = `### Certificates\n\n${summary(report)}\n`;
  if (rows.length === 0) return `${head}\nNo certificates found.\n`;
  const titles = COLUMNS.map((c) => HEADERS[c].charAt(0) + HEADERS[c].slice(1).toLowerCase());
  const lines = [
    `| ${titles.join(" | ")} |`,
    `|${COLUMNS.map((c) => (c === "daysLeft" ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${COLUMNS.map((c) => escape(c === "location" || c === "field" ? `\`${r[c]}\`` : r[c])).join(" | ")} |`),
  ];
  return `${head}\n${lines.join("\n")}\n`;
}

function toJson(report: CertsReport, cwd: string) {
  return {
    now: isoDate(report.now),
    withinDays: report.withinDays,
    certificates: report.entries.map((entry) => {
      const facts = entry.certificate;
      return {
        file: relative(entry.filePath, cwd),
        line: entry.line,
        object: entry.object ?? null,
        field: entry.field,
        status: entry.status,
        ...(facts
          ? {
              subject: facts.subject,
              issuer: facts.issuer,
              notBefore: isoDate(facts.notBefore),
              notAfter: isoDate(facts.notAfter),
              daysLeft: entry.daysLeft,
              key: { type: facts.publicKey.type, bits: facts.publicKey.bits ?? null, curve: facts.publicKey.curve ?? null },
              signatureAlgorithm: facts.signature().name,
              isCA: facts.isCA,
              weaknesses: entry.weaknesses.map(weaknessText),
            }
          : { problem: entry.problem }),
      };
    }),
  };
}

function weaknessText(weakness: Weakness): string {
  switch (weakness.type) {
    case "small-rsa-key":
      return `RSA key of ${weakness.bits} bits`;
    case "weak-signature":
      return `signed with ${weakness.algorithm}`;
    case "long-validity":
      return `valid for ${weakness.days} days`;
  }
}

function relative(filePath: string, cwd: string): string {
  return path.relative(cwd, filePath).split(path.sep).join("/");
}
