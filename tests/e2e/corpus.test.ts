/**
 * Regression test on the real world: the shared corpus (../shared/corpus, 14 public repositories, 4,584 YAML files)
 * linted with both configs. No crash, and exactly the findings and parse errors pinned in tests/corpus-snapshot.json
 * (reviewed: each one judged true). After a rule change, regenerate with `node scripts/corpus-snapshot.mjs` and review
 * the diff. Both configs run at once, in two processes (CI has 2 cores).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/eslint-cli.js";

const CORPUS = path.resolve(PROJECT_ROOT, "../shared/corpus");
const SCRIPT = path.join(PROJECT_ROOT, "scripts/corpus-snapshot.mjs");
const SNAPSHOT = path.join(PROJECT_ROOT, "tests/corpus-snapshot.json");

interface ConfigResult {
  files: number;
  messageLengths: { count: number; median: number; longest: number };
  fatal: Record<string, string[]>;
  findings: Record<string, string[]>;
}
interface Snapshot {
  now: string;
  configs: Record<string, ConfigResult>;
}

function lintCorpus(config: string): Promise<ConfigResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kube-corpus-")), `${config}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, "--config", config, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status !== 0) return reject(new Error(`corpus lint (${config}) failed, exit ${status}:\n${stderr}`));
      resolve((JSON.parse(fs.readFileSync(out, "utf8")) as Snapshot).configs[config] as ConfigResult);
    });
  });
}

/** "file rule line:col" lines: a failing comparison then shows exactly which findings appeared or went away. */
function flatten(map: Record<string, string[]>): string[] {
  return Object.entries(map).flatMap(([file, list]) => list.map((entry) => `${file} ${entry}`));
}

describe.skipIf(!fs.existsSync(CORPUS))("the real-world corpus (../shared/corpus)", () => {
  const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, "utf8")) as Snapshot;
  // Started by the first test, shared by both: the two configs lint at the same time.
  let runs: Promise<(readonly [string, ConfigResult])[]> | undefined;
  const bothConfigs = () => (runs ??= Promise.all(["recommended", "strict"].map(async (c) => [c, await lintCorpus(c)] as const)));

  it.each(["recommended", "strict"])("lints with %s without a crash, and finds exactly the pinned findings", async (config) => {
    const results = new Map(await bothConfigs());
    const actual = results.get(config) as ConfigResult;
    const expected = snapshot.configs[config] as ConfigResult;
    expect(actual.files).toBe(expected.files);
    expect(flatten(actual.fatal)).toEqual(flatten(expected.fatal));
    expect(flatten(actual.findings)).toEqual(flatten(expected.findings));
  }, 300_000);

  // Real repositories are where "typical" is measured: a message a person scans in a terminal (see
  // tests/e2e/message-length.test.ts for the worst cases of the fixture repositories).
  it.each(["recommended", "strict"])("keeps the typical %s message within 160 characters", async (config) => {
    const results = new Map(await bothConfigs());
    const { median, count } = (results.get(config) as ConfigResult).messageLengths;
    expect(count).toBeGreaterThan(0);
    expect(median).toBeLessThanOrEqual(160);
  }, 300_000);
});
