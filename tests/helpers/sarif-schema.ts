/**
 * A validator for SARIF 2.1.0 logs against the OASIS schema, read offline from the copy @microsoft/jest-sarif ships
 * (sarif-2.1.0-rtm.5.json: the 2.1.0 release candidate that became the OASIS Standard). Never fetched at test time.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject } from "ajv";

const require = createRequire(import.meta.url);
export const SARIF_SCHEMA_FILE = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

export interface SarifValidator {
  (log: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The schema is draft-04 (`id`); Ajv 8 speaks draft-07, which reads it the same once `id` is `$id`. Its `language`
 * pattern has a stray `]` that only a non-Unicode RegExp accepts, as JSON Schema's ECMA-262 patterns intend.
 */
export function sarifValidator(): SarifValidator {
  const { $schema: _draft, id, ...schema } = JSON.parse(fs.readFileSync(SARIF_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///") && !/\s/.test(s));
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile({ ...schema, $id: id as string });
}

/** The parts of our SARIF the tests read. */
export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string; index?: number };
    region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number };
  };
}
export interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; informationUri?: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string } }[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    artifacts?: { location: { uri: string; uriBaseId?: string } }[];
    results: { ruleId?: string; ruleIndex?: number; level: string; message: { text: string }; locations: SarifLocation[] }[];
  }[];
}

/** "path:line:column" of a location, the path resolved against the run's %SRCROOT% and made relative to `dir`. */
export function locationText(log: SarifLog, loc: SarifLocation, dir: string, toPath: (url: URL) => string): string {
  const { uri, uriBaseId } = loc.physicalLocation.artifactLocation;
  const base = uriBaseId ? log.runs[0]?.originalUriBaseIds?.[uriBaseId]?.uri : undefined;
  const file = toPath(new URL(uri, base));
  const region = loc.physicalLocation.region;
  return `${relative(dir, file)}:${region?.startLine ?? "-"}:${region?.startColumn ?? "-"}`;
}

function relative(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}
