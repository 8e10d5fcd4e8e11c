/**
 * MTB conformance: the 20 Profile Level 1 benchmarks of kubernetes-sigs/multi-tenancy, each as a repository that fails
 * it and one that passes it (tests/mtb/), linted with `strict` by the real eslint CLI in one process. This suite is the
 * source of the benchmark table in docs/multitenancy.md: for every row, the rules its `strict` column names must be
 * exactly the rules that report on the failing repository, and the count sentence must match.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { PROJECT_ROOT } from "../helpers/eslint-cli.js";
import { benchmarkFolders, rowId, rulesOf, runSuite, type SuiteResult } from "../mtb/suite.js";

const DOC = path.join(PROJECT_ROOT, "docs/multitenancy.md");
const RULE_IDS = new Set(Object.keys(rules));

interface Row {
  id: string;
  title: string;
  strictRules: string[];
  strictCell: string;
}

/** The benchmark rows of the table (`| PL1-7 | title | decidable | recommended | strict |`). */
function tableRows(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const id = cells[1] ?? "";
    if (!/^PL\d-\d+$/.test(id)) continue;
    const strict = cells[5] ?? "";
    const named = [...strict.matchAll(/`([a-z-]+)`/g)].map((m) => m[1] as string).filter((r) => RULE_IDS.has(r));
    rows.push({ id, title: cells[2] ?? "", strictRules: [...new Set(named)].sort(), strictCell: strict });
  }
  return rows;
}

const markdown = fs.readFileSync(DOC, "utf8");
const rows = tableRows(markdown);
const pl1 = rows.filter((r) => r.id.startsWith("PL1-"));
let suite: SuiteResult;

beforeAll(() => {
  suite = runSuite();
}, 120_000);

afterAll(() => {
  if (suite) fs.rmSync(suite.dir, { recursive: true, force: true });
});

describe("the docs table and the suite list the same benchmarks", () => {
  it("20 Profile Level 1 rows, one fixture pair each, and 3 Profile Level 2 rows", () => {
    expect(pl1.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `PL1-${i + 1}`));
    expect(benchmarkFolders().map(rowId)).toEqual(pl1.map((r) => r.id));
    expect(rows.filter((r) => r.id.startsWith("PL2-")).map((r) => r.id)).toEqual(["PL2-1", "PL2-2", "PL2-3"]);
  });

  it("the count sentence says how many rows strict covers", () => {
    const covered = pl1.filter((r) => r.strictRules.length > 0).length;
    const match = /`strict` covers \*\*(\d+) of\s+the (\d+) Profile Level 1 benchmarks\*\*/.exec(markdown);
    expect(match, "count sentence in docs/multitenancy.md").not.toBeNull();
    expect([Number(match?.[1]), Number(match?.[2])]).toEqual([covered, pl1.length]);
    expect(covered).toBe(20);
  });

  it("no rule enforces a Profile Level 2 benchmark (they ask for a permission to exist); strict stays compatible", () => {
    for (const row of rows.filter((r) => r.id.startsWith("PL2-"))) expect(row.strictCell, row.id).toMatch(/^— \(.*compatible/);
  });
});

describe("each Profile Level 1 benchmark, linted with strict", () => {
  for (const row of pl1) {
    it(`${row.id} ${row.title}: the failing repository is caught by exactly ${row.strictRules.join(", ") || "(no rule)"}; the passing one is clean`, () => {
      const found = suite.findings.get(row.id);
      expect(found, `tests/mtb/benchmarks for ${row.id}`).toBeDefined();
      expect(found?.fail.filter((f) => !f.startsWith("kube/"))).toEqual([]);
      expect(rulesOf(found?.fail ?? [])).toEqual(row.strictRules);
      expect(found?.pass).toEqual([]);
    });
  }
});
