/**
 * The repository's certificate inventory (`kube-lint certs`): every certificate the certificate rules see, read by
 * the same finder (embedded.ts) from the same parse, one entry each with its validity and weaknesses at a given
 * "now". Linear: each YAML file is read once, and parsed only when its text could hold certificate data.
 */
import fs from "node:fs";
import { parseYAML } from "yaml-eslint-parser";
import { extractManifests } from "../manifest/extract.js";
import { lintSkipOf } from "../manifest/skip.js";
import type { CertificateFacts } from "./certificate.js";
import { findEmbedded } from "./embedded.js";
import { BASE64_PEM_PREFIX } from "./encoding.js";
import { DAY_MS, validityAt } from "./validity.js";
import { weaknessesOf, type Weakness, type WeaknessOptions } from "./weakness.js";

export type InventoryStatus = "expired" | "not-yet-valid" | "expiring" | "weak" | "unreadable" | "ok";

export interface InventoryEntry {
  filePath: string;
  line: number;
  object: string | undefined;
  /** The field, with "(certificate 2 of 3)" inside bundles. */
  field: string;
  /** Undefined for unreadable data. */
  certificate: CertificateFacts | undefined;
  /** Why the data is unreadable. */
  problem: string | undefined;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number | undefined;
  status: InventoryStatus;
  weaknesses: Weakness[];
}

export interface InventoryOptions {
  now: Date;
  withinDays: number;
  weakness: WeaknessOptions;
  /** Where kubeconfig file references may be read from. */
  repositoryRoot: string;
}

export interface InventoryStats {
  filesRead: number;
  /** Files whose text could hold certificate data, so were parsed. */
  filesParsed: number;
  entries: number;
}

/**
 * Text a certificate finding can come from, exactly (embedded.ts reads nothing else): PEM markers, base64 of PEM,
 * and the names of the fields that hold base64 or file references (Secret `data`, ConfigMap `binaryData`,
 * kubeconfig, `caBundle`, `tls.crt`/`ca.crt`). Escapes and escaped line breaks in double-quoted strings could spell
 * any of them: files with those are parsed too.
 */
const MAY_HOLD_CERTIFICATES = new RegExp(
  ["-----BEGIN", BASE64_PEM_PREFIX, "Secret", "binaryData", "caBundle", "certificate-authority", "client-certificate", "client-key", "tls\\.crt", "ca\\.crt", "\\\\[xuU]", "\\\\\\r?\\n"].join("|"),
);

export function mayHoldCertificates(text: string): boolean {
  return MAY_HOLD_CERTIFICATES.test(text);
}

/** The certificates of one file's text (already known to be YAML the linter would lint). */
export function inventoryOfText(text: string, filePath: string, options: InventoryOptions): InventoryEntry[] {
  if (lintSkipOf(text, filePath)) return [];
  let program;
  try {
    program = parseYAML(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { filePath });
  } catch {
    return []; // not YAML: the lint reports the parse error
  }
  const file = extractManifests(program, filePath);
  return findEmbedded(program, file, () => options.repositoryRoot).flatMap(({ node, object, field, material }): InventoryEntry[] => {
    const base = { filePath, line: node.loc.start.line, object };
    if (material.type === "unparseable") {
      return [{ ...base, field, certificate: undefined, problem: material.problem, daysLeft: undefined, status: "unreadable" as const, weaknesses: [] }];
    }
    if (material.type !== "certificate") return [];
    const facts = material.facts;
    const position = material.count > 1 ? ` (certificate ${material.position} of ${material.count})` : "";
    const weaknesses = weaknessesOf(facts, options.weakness);
    return [{ ...base, field: field + position, certificate: facts, problem: undefined, daysLeft: daysLeft(facts, options.now), status: statusOf(facts, weaknesses, options), weaknesses }];
  });
}

/** Every certificate of these files, sorted by notAfter (unreadable data last), with the work done. */
export function inventory(files: readonly string[], options: InventoryOptions): { entries: InventoryEntry[]; stats: InventoryStats } {
  const stats: InventoryStats = { filesRead: 0, filesParsed: 0, entries: 0 };
  const entries: InventoryEntry[] = [];
  for (const filePath of files) {
    let text: string;
    try {
      text = fs.readFileSync(filePath, "utf8");
    } catch {
      continue;
    }
    stats.filesRead++;
    if (!mayHoldCertificates(text)) continue;
    stats.filesParsed++;
    entries.push(...inventoryOfText(text, filePath, options));
  }
  stats.entries = entries.length;
  return { entries: entries.sort(byNotAfter), stats };
}

function statusOf(facts: CertificateFacts, weaknesses: readonly Weakness[], options: InventoryOptions): InventoryStatus {
  const validity = validityAt(facts, options.now, options.withinDays);
  if (validity.status !== "valid") return validity.status;
  return weaknesses.length > 0 ? "weak" : "ok";
}

function daysLeft(facts: CertificateFacts, now: Date): number {
  return Math.trunc((facts.notAfter.getTime() - now.getTime()) / DAY_MS);
}

function byNotAfter(a: InventoryEntry, b: InventoryEntry): number {
  const ta = a.certificate?.notAfter.getTime() ?? Infinity;
  const tb = b.certificate?.notAfter.getTime() ?? Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.filePath === b.filePath ? a.line - b.line : a.filePath < b.filePath ? -1 : 1;
}
