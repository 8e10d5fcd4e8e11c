/**
 * `kube-lint --format sarif`: SARIF 2.1.0 (OASIS; the JSON format GitHub code scanning reads) built from ESLint's
 * results, with no second ESLint (the SARIF formatters on npm bring their own). One result per ESLint message —
 * a fatal parse error too, so what fails the gate also shows up as an alert — located by a path relative to the
 * linted folder (`%SRCROOT%`), as GitHub asks: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ESLint, Linter, Rule } from "eslint";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";

/** Rule ids for messages ESLint reports without one. */
export const PARSE_ERROR_RULE = "kube-lint/parse-error";
export const NOTICE_RULE = "kube-lint/notice";

const SYNTHETIC_RULES: Record<string, { text: string; help: string }> = {
  [PARSE_ERROR_RULE]: {
    text: "The file could not be parsed as YAML, so nothing in it was checked",
    help: "docs/robustness.md",
  },
  [NOTICE_RULE]: {
    text: "A message about the run rather than a rule finding (a skipped file, an unused disable directive)",
    help: "docs/robustness.md",
  },
};

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
  /** e.g. "ESLint 10.15.0": the engine, for whoever reads the log later. */
  engine: string;
}

interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  helpUri?: string;
  properties?: { tags?: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: "error" | "warning";
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: ArtifactLocation & { index: number };
      region?: SarifRegion;
    };
  }[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; fullName: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: ArtifactLocation }[];
    results: SarifResult[];
    invocations: { executionSuccessful: boolean }[];
    columnKind: "utf16CodeUnits";
  }[];
}

/** `rulesMeta` is ESLint's `getRulesMetaForResults(results)`: the docs of the rules the results name. */
export function toSarif(
  results: readonly ESLint.LintResult[],
  rulesMeta: Record<string, Rule.RuleMetaData | undefined>,
  cwd: string,
  tool: SarifTool,
): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOfRule = (id: string): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.push(describeRule(id, rulesMeta[id], tool)) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };

  const artifacts: SarifLog["runs"][number]["artifacts"] = [];
  const sarifResults: SarifResult[] = [];
  for (const result of results) {
    const location = artifactLocation(cwd, result.filePath);
    const artifactIndex = artifacts.push({ location }) - 1;
    for (const message of result.messages) {
      const ruleId = message.ruleId ?? (message.fatal ? PARSE_ERROR_RULE : NOTICE_RULE);
      const region = regionOf(message);
      sarifResults.push({
        ruleId,
        ruleIndex: indexOfRule(ruleId),
        level: message.severity === 2 ? "error" : "warning",
        message: { text: message.message },
        locations: [
          { physicalLocation: { artifactLocation: { ...location, index: artifactIndex }, ...(region && { region }) } },
        ],
      });
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            fullName: `${tool.name} ${tool.version} (${tool.engine})`,
            version: tool.version,
            informationUri: tool.informationUri,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        artifacts,
        results: sarifResults,
        invocations: [{ executionSuccessful: true }],
        columnKind: "utf16CodeUnits", // ESLint's columns count UTF-16 code units, as JavaScript strings do
      },
    ],
  };
}

function describeRule(id: string, meta: Rule.RuleMetaData | undefined, tool: SarifTool): SarifRule {
  const synthetic = SYNTHETIC_RULES[id];
  if (synthetic) {
    return { id, shortDescription: { text: synthetic.text }, helpUri: `${tool.informationUri}/blob/main/${synthetic.help}` };
  }
  const docs = meta?.docs;
  return {
    id,
    ...(docs?.description && { shortDescription: { text: docs.description } }),
    ...(docs?.url && { helpUri: docs.url }),
    ...(meta?.type && { properties: { tags: [meta.type] } }),
  };
}

/** SARIF lines and columns start at 1; ESLint uses 0 for "no column" (some parse errors), which SARIF has no word for. */
function regionOf(message: Linter.LintMessage): SarifRegion | undefined {
  if (!(message.line >= 1)) return undefined;
  const region: SarifRegion = { startLine: message.line };
  if (message.column >= 1) region.startColumn = message.column;
  if (message.endLine !== undefined && message.endLine >= message.line) {
    region.endLine = message.endLine;
    if (message.endColumn !== undefined && message.endColumn >= 1) region.endColumn = message.endColumn;
  }
  return region;
}

/** A path relative to the linted folder, percent-encoded as a URI reference ("a b.yaml" -> "a%20b.yaml"). */
function artifactLocation(cwd: string, filePath: string): ArtifactLocation {
  const rel = path.relative(cwd, filePath);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return { uri: pathToFileURL(filePath).href }; // outside: absolute
  return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}
