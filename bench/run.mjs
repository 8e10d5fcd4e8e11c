#!/usr/bin/env node
/**
 * `npm run bench`: how much eslint-plugin-kube costs on top of the least any YAML linting in ESLint can cost.
 *
 * Targets: generated GitOps repos (bench/generate.mjs) of --sizes files in each --profiles shape (`mixed`: apps
 * with their tenants' walls; `tenant-heavy`: one folder of ten files per tenant, ~1,000 tenants at 10,000 files),
 * and the real corpus (../shared/corpus).
 * Variants, each a fresh `eslint` process (`--no-cache`) with a generated config, alternated within each repetition
 * so a noisy neighbour hurts every variant alike:
 *   floor               ESLint + yaml-eslint-parser as a parser, no rules (the issue's floor)
 *   floor-yml-language  eslint-plugin-yml's yml/yaml language, no rules (what our configs build on)
 *   yml-recommended     eslint-plugin-yml's recommended config, for comparison
 *   floor-one-rule      the yml/yaml language and one rule that does nothing: what ESLint charges for having any
 *                       rule at all (it keeps every file's tree alive until a full GC; see configs/language.ts)
 *   floor-rules         strict's config with each kube rule doing nothing: ESLint's own cost of running that many
 *                       rules (strict minus this is what the plugin's work costs)
 *   recommended         kube.configs.recommended
 *   strict              kube.configs.strict, no persistent index (a cold run, as in CI)
 *   strict-cached       strict with the persistent index a previous run left (pre-commit, a developer's re-run)
 *   strict-concurrency  strict with `eslint --concurrency auto`
 *   kube-lint           dist/cli/kube-lint.js --strict (skipped with a note when not built)
 * Prints medians of wall time and CPU time (user+sys: steadier than wall time on a shared machine), ratios to the
 * floor, files/s, peak RSS, and the growth from each size to the next; the targets also on the best run of each.
 * Then each rule's time (bench/rule-timing.mjs: ESLint's `TIMING` figures, with the repository index built and
 * timed apart instead of charged to the first rule) at every size, with its growth: a rule whose time grows faster
 * than the files is flagged.
 *
 *   node bench/run.mjs [--sizes 1000,10000] [--profiles mixed,tenant-heavy] [--reps 3] [--quick] [--no-corpus]
 *                      [--variants a,b] [--timing-reps 1 | --no-timing] [--profile]
 *                      [--dist DIR]   (time a frozen copy of dist/, e.g. to compare before/after a change)
 *                      [--out DIR]    (repos, configs, reports and results.json; default bench/.out)
 *   --sizes 1000,10000,100000 adds the opt-in 100,000-file run (minutes per variant).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildRepo, makeCertificates, writeRepo } from "./generate.mjs";
import { median, pairedRatios, summarizeRatios } from "./paired.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
let OUT = path.join(BENCH, ".out");
const ESLINT = path.join(ROOT, "node_modules/eslint/bin/eslint.js");
const CORPUS = path.resolve(ROOT, "../shared/corpus");
const FORMATTER = path.join(BENCH, "count-formatter.cjs");
const PROBE = path.join(BENCH, "rss-probe.mjs");
const GNU_TIME = "/usr/bin/time";
const YAML_FILES = `["**/*.yaml", "**/*.yml", "**/Kustomization"]`;

// ---------------------------------------------------------------------------------------------------------------
// Options

function parseOptions(argv) {
  const opts = {
    sizes: [1000, 10000],
    profiles: ["mixed", "tenant-heavy"],
    reps: 3,
    corpus: true,
    variants: undefined,
    profile: false,
    timingReps: 1,
    dist: path.join(ROOT, "dist"),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=");
    const value = () => inline ?? argv[++i];
    if (flag === "--sizes") opts.sizes = value().split(",").map(Number);
    else if (flag === "--reps") opts.reps = Number(value());
    else if (flag === "--profiles") opts.profiles = value().split(",");
    else if (flag === "--quick") Object.assign(opts, { sizes: [100, 1000], reps: 2, corpus: false });
    else if (flag === "--timing-reps") opts.timingReps = Number(value());
    else if (flag === "--no-timing") opts.timingReps = 0;
    else if (flag === "--no-corpus") opts.corpus = false;
    else if (flag === "--variants") opts.variants = value().split(",");
    else if (flag === "--profile") opts.profile = true;
    else if (flag === "--dist") opts.dist = path.resolve(value());
    else if (flag === "--out") opts.out = path.resolve(value());
    else {
      console.error(
        `unknown option ${flag}\nusage: node bench/run.mjs [--sizes 1000,10000] [--profiles mixed,tenant-heavy] [--reps 3] [--quick] [--no-corpus] [--variants a,b] [--timing-reps N | --no-timing] [--profile] [--dist DIR]`,
      );
      process.exit(2);
    }
  }
  if (opts.sizes.some((n) => !(n > 0)) || !(opts.reps > 0)) throw new Error("--sizes and --reps take positive numbers");
  const unknown = opts.profiles.filter((p) => !["mixed", "tenant-heavy"].includes(p));
  if (unknown.length > 0) throw new Error(`unknown profile ${unknown.join(", ")} (mixed, tenant-heavy)`);
  return opts;
}

// ---------------------------------------------------------------------------------------------------------------
// Variants: generated configs (bare imports resolve from the project's node_modules: bench/.out is inside it)

const configs = (dist) => ({
  floor: `import * as parser from "yaml-eslint-parser";\nexport default [{ files: ${YAML_FILES}, languageOptions: { parser } }];\n`,
  "floor-yml-language": `import yml from "eslint-plugin-yml";\nexport default [{ files: ${YAML_FILES}, plugins: { yml }, language: "yml/yaml" }];\n`,
  "yml-recommended": `import yml from "eslint-plugin-yml";\nexport default [...yml.configs["flat/recommended"]];\n`,
  "floor-one-rule": `import yml from "eslint-plugin-yml";\nconst noop = { meta: { type: "problem", schema: [] }, create: () => ({}) };\nexport default [{ files: ${YAML_FILES}, plugins: { yml, noop: { rules: { noop } } }, language: "yml/yaml", rules: { "noop/noop": "error" } }];\n`,
  // strict's configuration with every kube rule replaced by one that does nothing: what ESLint itself charges for
  // running that many rules on every file (rule contexts, listener dispatch), with the configs' language and processor.
  "floor-rules": noopRulesConfig(dist),
  // Cold runs: no persistent index (each repetition would otherwise measure a warm one).
  recommended: kubeConfig(dist, "recommended", false),
  strict: kubeConfig(dist, "strict", false),
  // Warm: the persistent index of the previous run, kept under --out (never in the linted repo, say the corpus).
  "strict-cached": kubeConfig(dist, "strict", warmCacheDir()),
});

/** Where the warm variant keeps its persistent index (absolute: the plugin resolves it against the repository root). */
function warmCacheDir() {
  return path.join(OUT, "kube-cache");
}

/** `import kube from "<dist>/index.js"` for a generated config. */
function importKube(dist) {
  return `import kube from ${JSON.stringify(pathToFileURL(path.join(dist, "index.js")).href)};`;
}

function kubeConfig(dist, preset, cacheLocation) {
  return `${importKube(dist)}\nexport default [...kube.configs.${preset}, { settings: { kube: { cacheLocation: ${JSON.stringify(cacheLocation)} } } }];\n`;
}

/** strict with every kube rule doing nothing (same plugin object everywhere: ESLint rejects two under one name). */
function noopRulesConfig(dist) {
  return `${importKube(dist)}
const noop = { meta: { type: "problem", schema: false }, create: () => ({ Program() {} }) };
const plugin = { ...kube, configs: {}, rules: Object.fromEntries(Object.keys(kube.rules).map((id) => [id, noop])) };
export default kube.configs.strict.map((c) => (c.plugins?.kube ? { ...c, plugins: { ...c.plugins, kube: plugin } } : c));
`;
}
let KUBE_LINT = path.join(ROOT, "dist/cli/kube-lint.js");

/** argv (after `node`) for a variant; `report` is where its summary goes. */
const VARIANTS = [
  { id: "floor", eslint: "floor" },
  { id: "floor-yml-language", eslint: "floor-yml-language" },
  { id: "yml-recommended", eslint: "yml-recommended" },
  { id: "floor-one-rule", eslint: "floor-one-rule" },
  { id: "floor-rules", eslint: "floor-rules" },
  { id: "recommended", eslint: "recommended" },
  { id: "strict", eslint: "strict" },
  { id: "strict-cached", eslint: "strict-cached", warm: true },
  { id: "strict-concurrency", eslint: "strict", extra: ["--concurrency", "auto"] },
  { id: "kube-lint", kubeLint: true },
];

function commandFor(variant, report) {
  if (variant.kubeLint) return [KUBE_LINT, "--strict", "--no-config-lookup", "-f", "json", "-o", report];
  const config = path.join(OUT, "configs", `${variant.eslint}.mjs`);
  return [ESLINT, "-c", config, "--no-cache", "-f", FORMATTER, "-o", report, ...(variant.extra ?? []), "."];
}

// ---------------------------------------------------------------------------------------------------------------
// One measured run

const hasGnuTime = fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"]).status === 0;

/** Runs a variant once in `cwd`: wall time (here), CPU time and peak RSS (from time(1) or the probe), summary. */
function runOnce(variant, cwd, { profileDir } = {}) {
  const report = path.join(OUT, "reports", `${variant.id}.json`);
  const usageFile = path.join(OUT, "reports", `${variant.id}.usage`);
  fs.rmSync(report, { force: true });
  fs.rmSync(usageFile, { force: true });
  const nodeArgs = [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...commandFor(variant, report)];
  const [cmd, args] = hasGnuTime
    ? [GNU_TIME, ["-f", "%e %U %S %M", "-o", usageFile, process.execPath, ...nodeArgs]]
    : [process.execPath, ["--import", pathToFileURL(PROBE).href, ...nodeArgs]];
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let stderr = "";
    // kube-lint's built-in config keeps a persistent index: off, so each of its runs is cold like strict's.
    const env = { ...process.env, KUBE_BENCH_PROBE_OUT: usageFile, ...(variant.kubeLint ? { KUBE_LINT_CACHE: "off" } : {}) };
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      // eslint: 0 clean, 1 lint errors (expected: the repos hold mistakes), 2 crash/config error.
      if (status !== 0 && status !== 1) return resolve({ error: `exit ${status}: ${stderr.trim().split("\n").slice(0, 5).join(" | ")}` });
      const usage = fs.existsSync(usageFile) ? fs.readFileSync(usageFile, "utf8").trim().split("\n").pop().split(" ").map(Number) : [];
      const [, user = NaN, sys = NaN, rssKiB = NaN] = usage;
      resolve({ wall, cpu: user + sys, rssMB: rssKiB / 1024, summary: summarize(report, variant) });
    });
  });
}

/** The formatter's one-line summary, or (kube-lint) counts from its JSON report. */
function summarize(report, variant) {
  if (!fs.existsSync(report)) return undefined;
  const text = fs.readFileSync(report, "utf8");
  if (!variant.kubeLint) return JSON.parse(text);
  const results = JSON.parse(text);
  const byRule = {};
  let errors = 0;
  for (const r of results) for (const m of r.messages) {
    byRule[m.ruleId ?? "(parse error)"] = (byRule[m.ruleId ?? "(parse error)"] ?? 0) + 1;
    if (m.severity === 2) errors++;
  }
  return { files: results.length, errors, byRule };
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and tables

const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const table = (header, rows) =>
  [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

function targetTable(target) {
  const floor = target.medians.floor;
  const rows = target.variants.map((id) => {
    const m = target.medians[id];
    if (!m) return [id, "failed", "", "", "", "", "", "", ""];
    const findings = m.summary ? (m.summary.errors ?? 0) + (m.summary.warnings ?? 0) : NaN;
    return [
      id,
      fmt(m.wall),
      fmt(m.wall / floor.wall),
      fmt(m.cpu),
      fmt(m.cpu / floor.cpu),
      fmt(target.files / m.wall, 0),
      fmt(m.rssMB, 0),
      fmt(m.rssMB / floor.rssMB),
      Number.isFinite(findings) ? String(findings) : "",
    ];
  });
  return table(["variant", "wall s", "x floor", "cpu s", "x floor", "files/s", "peak MB", "x floor", "findings"], rows);
}

function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  const eslintVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/eslint/package.json"), "utf8")).version;
  return {
    cpus: os.availableParallelism(),
    model,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    eslint: eslintVersion,
    os: `${os.type()} ${os.release()}`,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  // Inside the project, so the generated configs' bare imports resolve from its node_modules.
  if (opts.out) OUT = opts.out;
  fs.mkdirSync(path.join(OUT, "configs"), { recursive: true });
  fs.mkdirSync(path.join(OUT, "reports"), { recursive: true });
  KUBE_LINT = path.join(opts.dist, "cli/kube-lint.js");
  for (const [name, text] of Object.entries(configs(opts.dist))) fs.writeFileSync(path.join(OUT, "configs", `${name}.mjs`), text);

  const notes = [];
  let variants = VARIANTS.filter((v) => !opts.variants || opts.variants.includes(v.id) || v.id === "floor");
  if (!fs.existsSync(KUBE_LINT)) {
    variants = variants.filter((v) => !v.kubeLint);
    notes.push(`kube-lint skipped: ${path.relative(ROOT, KUBE_LINT)} does not exist yet.`);
  }
  const autoWorkers = os.availableParallelism() >> 1;
  if (autoWorkers < 2) {
    notes.push(`eslint --concurrency auto runs no worker threads here: ESLint caps workers at half the ${os.availableParallelism()} CPUs (${autoWorkers}), and turns 1 worker into 0.`);
  }

  const info = machine();
  console.log(`machine: ${info.cpus} CPUs (${info.model}), ${info.memoryGB} GB, ${info.os}; Node ${info.node}; ESLint ${info.eslint}; load ${info.loadavg}`);
  console.log(`peak memory from ${hasGnuTime ? GNU_TIME : "process.resourceUsage() (bench/rss-probe.mjs)"}; ${opts.reps} repetitions; variants alternate within each repetition\n`);

  const certs = await makeCertificates();
  const targets = [];
  for (const profile of opts.profiles) {
    for (const size of [...opts.sizes].sort((a, b) => a - b)) {
      const dir = path.join(OUT, profile === "mixed" ? `repo-${size}` : `repo-${profile}-${size}`);
      const { files, bytes } = writeRepo(dir, buildRepo({ files: size, seed: 1, certs, profile }));
      targets.push({ name: `${profile} ${size}`, profile, size, dir, files, bytes });
    }
  }
  if (opts.corpus) {
    if (fs.existsSync(CORPUS)) targets.push({ name: "corpus", dir: CORPUS, files: undefined, bytes: undefined });
    else notes.push(`corpus skipped: ${CORPUS} not found.`);
  }

  for (const target of targets) {
    target.variants = variants.map((v) => v.id);
    target.runs = Object.fromEntries(variants.map((v) => [v.id, []]));
    process.stdout.write(`${target.name}: warm-up`);
    // Fills the page cache; not counted. A generated repo was just written (it is cached): at 100,000 files a
    // warm-up run would cost minutes for nothing.
    if (!(target.files >= 50_000)) await runOnce(variants[0], target.dir);
    // A warm variant starts from an empty persistent index, filled by one uncounted run.
    fs.rmSync(warmCacheDir(), { recursive: true, force: true });
    for (const variant of variants.filter((v) => v.warm)) await runOnce(variant, target.dir);
    for (let rep = 0; rep < opts.reps; rep++) {
      // rotate the order each repetition so no variant always runs first (or right after the heaviest one)
      const order = variants.map((_, i) => variants[(i + rep) % variants.length]);
      for (const variant of order) {
        const run = await runOnce(variant, target.dir);
        target.runs[variant.id].push(run);
        process.stdout.write(run.error ? "x" : ".");
      }
    }
    target.medians = {};
    for (const [id, runs] of Object.entries(target.runs)) {
      const ok = runs.filter((r) => !r.error);
      if (ok.length === 0) {
        notes.push(`${target.name} / ${id} failed: ${runs[0]?.error}`);
        continue;
      }
      target.medians[id] = {
        wall: median(ok.map((r) => r.wall)),
        cpu: median(ok.map((r) => r.cpu)),
        rssMB: median(ok.map((r) => r.rssMB)),
        // The least of the repetitions: a noisy neighbour only ever adds time, so on a shared machine the minimum is
        // the steadier estimate of what a variant costs (printed beside the targets, which use the medians).
        minWall: Math.min(...ok.map((r) => r.wall)),
        minCpu: Math.min(...ok.map((r) => r.cpu)),
        summary: ok[ok.length - 1].summary,
      };
    }
    target.files ??= target.medians.floor?.summary?.files;
    console.log(`\n\n### ${target.name} (${target.files} files${target.bytes ? `, ${(target.bytes / 1e6).toFixed(1)} MB` : ""})\n`);
    console.log(targetTable(target));
    const byRule = target.medians.strict?.summary?.byRule;
    if (byRule) console.log(`\nstrict findings by rule: ${Object.entries(byRule).map(([k, n]) => `${k} ${n}`).join(", ")}`);
    console.log("");
    if (opts.timingReps > 0 && target.size) {
      target.timing = await ruleTiming(target, opts);
      if (target.timing.error) notes.push(`${target.name}: rule timing failed: ${target.timing.error}`);
    }
  }

  for (const profile of opts.profiles) {
    const generated = targets.filter((t) => t.profile === profile).sort((a, b) => a.size - b.size);
    for (let i = 1; i < generated.length; i++) reportGrowth(generated[i - 1], generated[i], variants, profile);
    if (generated.length > 0) reportTargets(generated.at(-1), generated.at(-2), profile);
    if (opts.timingReps > 0 && generated.length >= 1) console.log(ruleTimingTable(generated, profile));
  }
  const corpus = targets.find((t) => t.name === "corpus");
  if (corpus?.medians) reportTargets(corpus, undefined, "corpus");
  info.loadavgEnd = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  for (const note of notes) console.log(`note: ${note}`);
  console.log(`load average at the end: ${info.loadavgEnd}`);

  fs.writeFileSync(path.join(OUT, "results.json"), JSON.stringify({ info, opts, notes, targets }, null, 2));
  console.log(`\nraw runs: ${path.relative(ROOT, path.join(OUT, "results.json"))}`);

  if (opts.profile) {
    const largest = targets.filter((t) => t.size).sort((a, b) => a.size - b.size).pop() ?? targets[0];
    const profileDir = path.join(OUT, "profiles");
    fs.rmSync(profileDir, { recursive: true, force: true });
    await runOnce(VARIANTS.find((v) => v.id === "strict"), largest.dir, { profileDir });
    const [profile] = fs.readdirSync(profileDir);
    console.log(`\nCPU profile of strict on ${largest.name}: ${path.relative(ROOT, path.join(profileDir, profile))}`);
    spawnSync(process.execPath, [path.join(BENCH, "profile-summary.mjs"), path.join(profileDir, profile), "--top", "20"], { stdio: "inherit" });
  }
}

/** Growth from one size to the next, per variant. */
function reportGrowth(small, large, variants, profile) {
  const rows = variants
    .filter((v) => small.medians[v.id] && large.medians[v.id])
    .map((v) => {
      const a = small.medians[v.id].wall;
      const b = large.medians[v.id].wall;
      return [v.id, fmt(a), fmt(b), fmt(b / a), fmt(large.medians[v.id].cpu / small.medians[v.id].cpu)];
    });
  const growth = table(["variant", `${small.files} files s`, `${large.files} files s`, "wall x", "cpu x"], rows);
  console.log(`### ${profile} growth: ${fmt(large.files / small.files, 1)}x the files\n\n${growth}\n`);
}

/** The targets on a profile's largest repository (and its growth from the next size down, when there is one). */
function reportTargets(large, small, profile) {
  const s = large.medians.strict;
  const f = large.medians.floor;
  if (s && f) {
    const checks = [
      [`strict wall <= 1.3x floor (${large.files} files)`, s.wall / f.wall, 1.3],
      [`strict cpu <= 1.3x floor (${large.files} files)`, s.cpu / f.cpu, 1.3],
      [`strict peak memory <= 1.5x floor`, s.rssMB / f.rssMB, 1.5],
    ];
    if (small?.medians.strict) {
      const x = large.files / small.files;
      checks.push([`strict: ${fmt(x, 1)}x the files <= ${fmt(x * 1.1, 1)}x the cpu time`, s.cpu / small.medians.strict.cpu, x * 1.1]);
    }
    console.log(`### ${profile} targets\n`);
    for (const [what, value, limit] of checks) console.log(`- ${value <= limit ? "PASS" : "MISS"} ${what}: ${fmt(value)}`);
    console.log(`- best of ${large.runs.strict.length} runs each: strict ${fmt(s.minWall / f.minWall)}x the floor's wall time, ${fmt(s.minCpu / f.minCpu)}x its cpu time`);
    // Each repetition's strict run over the floor's run beside it: the spread says how far this verdict holds.
    const pairs = summarizeRatios(pairedRatios(large.runs.strict, large.runs.floor), 1.3);
    if (pairs.n > 1) {
      console.log(`- side by side (strict / the floor run in the same repetition), ${pairs.n} pairs: median ${fmt(pairs.median)}x wall, ${fmt(pairs.min)}-${fmt(pairs.max)}x; ${pairs.within} of ${pairs.n} at or under 1.3x`);
    }
    const n = large.medians["floor-rules"];
    if (n) {
      // What the 1.3x target leaves for the plugin's own work once ESLint has run strict's rules doing nothing.
      console.log(`- floor-rules (strict's rules, each doing nothing): ${fmt(n.wall / f.wall)}x floor wall, ${fmt(n.cpu / f.cpu)}x cpu, ${fmt(n.rssMB / f.rssMB)}x memory`);
      console.log(`- the plugin's own work (strict - floor-rules): ${fmt(s.wall - n.wall)} s wall, ${fmt(s.cpu - n.cpu)} s cpu (${fmt((s.cpu - n.cpu) / f.cpu)}x the floor's cpu), ${fmt(s.rssMB - n.rssMB, 0)} MB`);
    }
    console.log("");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Per-rule time (TIMING), the index apart

/** Medians over --timing-reps runs of bench/rule-timing.mjs (strict config) on a target. */
async function ruleTiming(target, opts) {
  const runs = [];
  process.stdout.write(`${target.name}: rule timing`);
  for (let rep = 0; rep < opts.timingReps; rep++) {
    const child = spawnSync(
      process.execPath,
      [path.join(BENCH, "rule-timing.mjs"), path.join(OUT, "configs", "strict.mjs"), target.dir, opts.dist],
      { encoding: "utf8", maxBuffer: 1 << 26 },
    );
    if (child.status !== 0) return { error: child.stderr.trim().split("\n").slice(0, 3).join(" | ") };
    runs.push(JSON.parse(child.stdout.trim().split("\n").pop()));
    process.stdout.write(".");
  }
  console.log("");
  const ids = [...new Set(runs.flatMap((r) => Object.keys(r.rules)))];
  const rules = Object.fromEntries(ids.map((id) => [id, median(runs.map((r) => r.rules[id] ?? 0))]));
  const cpuIds = [...new Set(runs.flatMap((r) => Object.keys(r.rulesCpu ?? {})))];
  const rulesCpu = Object.fromEntries(cpuIds.map((id) => [id, median(runs.map((r) => r.rulesCpu?.[id] ?? 0))]));
  const index = Object.fromEntries(["build", "maps", "buildCpu", "mapsCpu"].map((k) => [k, median(runs.map((r) => r.index[k]))]));
  const gcOutsideRules = median(runs.map((r) => r.gcOutsideRules ?? NaN));
  return { files: runs[0].files, index, rules, rulesCpu, lint: median(runs.map((r) => r.lint)), gc: median(runs.map((r) => r.gc)), gcOutsideRules };
}

/**
 * Each kube rule's CPU ms and share at every size, and its growth from each size to the next (wall-clock ms, the
 * figure `TIMING` prints, at the largest size). A rule is flagged when its time grows more than 1.25x faster than the
 * files (and it is big enough to read: >= 50 ms at the larger size).
 */
function ruleTimingTable(generated, profile) {
  const timed = generated.filter((t) => t.timing && !t.timing.error);
  if (timed.length === 0) return "";
  const cpu = timed.every((t) => Object.keys(t.timing.rulesCpu ?? {}).length > 0);
  const rowsFor = (t) => ({
    "(index: read + parse)": cpu ? t.timing.index.buildCpu : t.timing.index.build,
    "(per-run maps: namespaces, protection)": cpu ? t.timing.index.mapsCpu : t.timing.index.maps,
    ...Object.fromEntries(Object.entries(cpu ? t.timing.rulesCpu : t.timing.rules).filter(([id]) => id.startsWith("kube/") || id.startsWith("("))),
  });
  const wallAtLargest = {
    "(index: read + parse)": timed[timed.length - 1].timing.index.build,
    "(per-run maps: namespaces, protection)": timed[timed.length - 1].timing.index.maps,
    ...timed[timed.length - 1].timing.rules,
  };
  const largest = rowsFor(timed[timed.length - 1]);
  const ids = Object.keys(largest).sort((a, b) => (a.startsWith("(") === b.startsWith("(") ? largest[b] - largest[a] : a.startsWith("(") ? -1 : 1));
  const totals = timed.map((t) => Object.values(rowsFor(t)).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0));
  const header = ["rule"];
  for (const [i, t] of timed.entries()) {
    header.push(`${t.timing.files} files ${cpu ? "cpu " : ""}ms`, "share");
    if (i > 0) header.push(`growth (files ${fmt(t.timing.files / timed[i - 1].timing.files, 1)}x)`);
  }
  header.push(`wall ms (${timed[timed.length - 1].timing.files} files)`);
  const flagged = [];
  const rows = [...ids, "total (kube)"].map((id) => {
    const row = [id];
    for (const [i, t] of timed.entries()) {
      const ms = id === "total (kube)" ? totals[i] : rowsFor(t)[id];
      row.push(fmt(ms, 0), id === "total (kube)" ? "" : `${fmt((100 * ms) / totals[i], 1)} %`);
      if (i > 0) {
        const before = id === "total (kube)" ? totals[i - 1] : rowsFor(timed[i - 1])[id];
        const growth = ms / before;
        const fileGrowth = t.timing.files / timed[i - 1].timing.files;
        const faster = growth > fileGrowth * 1.25 && ms >= 50;
        if (faster) flagged.push(`${id} (${fmt(growth, 1)}x for ${fmt(fileGrowth, 1)}x the files)`);
        row.push(`${fmt(growth, 1)}x${faster ? " **faster than the files**" : ""}`);
      }
    }
    row.push(id === "total (kube)" ? "" : fmt(wallAtLargest[id], 0));
    return row;
  });
  const verdict = flagged.length ? `grows faster than the files: ${flagged.join("; ")}` : "no rule grows faster than the files";
  const what = cpu ? "CPU time per rule" : "time per rule";
  // GC pauses fall in whatever code allocates when a collection is due: shown apart, with how much fell in no kube
  // row (ESLint's and the parser's own code; rule-timing matches each pause to the charge that holds it).
  const outside = (t) => (Number.isFinite(t.timing.gcOutsideRules) ? `, ${fmt(t.timing.gcOutsideRules, 0)} of them outside the kube rows` : "");
  const gcLine = timed.every((t) => Number.isFinite(t.timing.gc))
    ? `\nGC pauses while linting: ${timed.map((t) => `${fmt(t.timing.gc, 0)} ms at ${t.timing.files} files${outside(t)}`).join("; ")}\n`
    : "";
  return `### ${profile}: ${what} (strict; index built apart)\n\n${table(header, rows)}\n\n${verdict}\n${gcLine}`;
}

await main();
