#!/usr/bin/env node
/**
 * Lints the shared real-world corpus (../shared/corpus: 14 public repositories, see its SOURCES.md) with the built
 * plugin (dist/) and writes every finding, per config, to tests/corpus-snapshot.json; tests/e2e/corpus.test.ts runs
 * the same lint and compares. Regenerate after a rule change, then review the diff: every finding must be a true one.
 *
 *   node scripts/corpus-snapshot.mjs                      # both configs -> tests/corpus-snapshot.json
 *   node scripts/corpus-snapshot.mjs --config strict --out /tmp/strict.json   # one config (the test runs two at once)
 *
 * Each corpus repository is linted as its own repository root (settings.kube.root), with a fixed "now" so that
 * certificate findings don't drift with the calendar.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ESLint } from "eslint";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = path.resolve(ROOT, "../shared/corpus");
const SNAPSHOT = path.join(ROOT, "tests/corpus-snapshot.json");
/** Certificates are judged as of this date, so the snapshot stays valid as time passes. */
const CORPUS_NOW = "2026-06-01";

const { values } = parseArgs({
  options: { config: { type: "string", multiple: true }, out: { type: "string" } },
});
const configs = values.config ?? ["recommended", "strict"];
const out = values.out ?? SNAPSHOT;

if (!fs.existsSync(CORPUS)) {
  console.error(`No corpus at ${CORPUS}: it is expected beside the repository clone (../shared/corpus).`);
  process.exit(3);
}

const plugin = (await import(pathToFileURL(path.join(ROOT, "dist/index.js")).href)).default;
const repositories = fs
  .readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** One config over the whole corpus: { files, fatal: {file: [message]}, findings: {file: ["rule line:col"]} }. */
async function lintCorpus(name) {
  const result = { files: 0, fatal: {}, findings: {} };
  const lengths = [];
  for (const repository of repositories) {
    const cwd = path.join(CORPUS, repository);
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: [...plugin.configs[name], { settings: { kube: { root: cwd, now: CORPUS_NOW, cacheLocation: false } } }],
    });
    for (const r of await eslint.lintFiles(["."])) {
      result.files++;
      const file = `${repository}/${path.relative(cwd, r.filePath).split(path.sep).join("/")}`;
      for (const m of r.messages) {
        if (m.fatal) (result.fatal[file] ??= []).push(`${m.line}: ${m.message}`);
        else (result.findings[file] ??= []).push(`${m.ruleId} ${m.line}:${m.column}`);
        if (m.ruleId?.startsWith("kube/")) lengths.push(m.message.length);
      }
    }
  }
  for (const map of [result.fatal, result.findings]) for (const list of Object.values(map)) list.sort();
  return { ...sortKeys(result), messageLengths: lengthSummary(lengths) };
}

/** How long the kube messages are: what a person scans (tests/e2e/corpus.test.ts holds the median down). */
function lengthSummary(lengths) {
  lengths.sort((a, b) => a - b);
  return { count: lengths.length, median: lengths[Math.floor(lengths.length / 2)] ?? 0, longest: lengths.at(-1) ?? 0 };
}

function sortKeys(result) {
  const sorted = (map) => Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { files: result.files, fatal: sorted(result.fatal), findings: sorted(result.findings) };
}

const snapshot = { now: CORPUS_NOW, configs: {} };
for (const name of configs) {
  const started = Date.now();
  snapshot.configs[name] = await lintCorpus(name);
  const c = snapshot.configs[name];
  const count = Object.values(c.findings).reduce((n, list) => n + list.length, 0);
  console.error(`${name}: ${c.files} files, ${Object.keys(c.fatal).length} parse errors, ${count} findings (${Date.now() - started} ms)`);
}
fs.writeFileSync(out, `${JSON.stringify(snapshot, null, 1)}\n`);
console.error(`wrote ${path.relative(process.cwd(), out)}`);
