#!/usr/bin/env node
/**
 * Each rule's time on one repository, like ESLint's `TIMING=all`, but with the repository index apart: ESLint
 * charges the index to whichever rule asks for it first, so here it is built (and timed) before linting, and every
 * rule then finds it ready. Per-rule times come from ESLint's `stats` option (the same clock `TIMING` uses).
 *
 *   node bench/rule-timing.mjs <config.mjs> <repo dir> [dist dir]   -> one JSON line on stdout
 *   { files, index: { build, maps, buildCpu, mapsCpu }, rules: { ruleId: wall ms }, rulesCpu: { kube ruleId: CPU ms,
 *     the clock's own cost taken off }, rulesGc: { kube ruleId: ms of collection pauses inside its CPU ms },
 *     probe: { perCallUs, chargesPerRule }, lint (wall ms of the whole lintFiles call), gc (ms of garbage-collection
 *     pauses during it), gcOutsideRules (ms of those that fell in no row: ESLint's own code) }
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PerformanceObserver } from "node:perf_hooks";
import { ESLint } from "eslint";
import { pauseLedger } from "./gc-pauses.mjs";

const [configArg, dirArg, distArg] = process.argv.slice(2);
const config = path.resolve(configArg);
const dist = path.resolve(distArg ?? path.join(path.dirname(new URL(import.meta.url).pathname), "../dist"));
const dir = path.resolve(dirArg);
process.chdir(dir);

/** Builds the index and the per-run maps the rules share, through the same module instances the rules load. */
async function prebuildIndex() {
  const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
  try {
    const { getWorkspace } = await load("core/workspace/workspace.js");
    const { findRepositoryRoot } = await load("core/workspace/scan.js");
    const { normalizeSettings } = await load("core/settings.js");
    const { getNamespaceCatalog } = await load("core/tenancy/namespaces.js");
    const { getProtectionIndex } = await load("core/tenancy/protection.js");
    // The config's own settings.kube (cacheLocation, ignores...): the index is shared by value of these, so a
    // default-settings index would be a second one, and the rules' index would be charged to the first rule.
    const probe = new ESLint({ overrideConfigFile: config, cache: false });
    const fileConfig = await probe.calculateConfigForFile(path.join(dir, "probe.yaml"));
    const settings = normalizeSettings(fileConfig?.settings?.kube);
    const root = findRepositoryRoot(process.cwd(), process.cwd());
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let t = performance.now();
    let c = cpuMs();
    const ws = getWorkspace(root, settings);
    ws.objects(); // the derived view (by kind, by namespace, Kustomize namespaces)
    const build = performance.now() - t;
    const buildCpu = cpuMs() - c;
    t = performance.now();
    c = cpuMs();
    getNamespaceCatalog(ws, settings);
    getProtectionIndex(ws, settings);
    return { build, maps: performance.now() - t, buildCpu, mapsCpu: cpuMs() - c };
  } catch (error) {
    // The index's modules moved: its cost then stays in the first rule that asks for it.
    return { build: NaN, maps: NaN, error: String(error) };
  }
}

/**
 * CPU time per kube rule: each rule's `create` and listeners run between two `process.cpuUsage()` reads. On a
 * shared machine this is far steadier than the wall-clock figures of `TIMING` (other processes' time is not in it).
 */
async function instrumentRules() {
  const cpu = {};
  const now = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const charge = (id, started, wallStarted) => {
    cpu[id] = (cpu[id] ?? 0) + (now() - started) / 1000;
    charges[id] = (charges[id] ?? 0) + 1;
    pauses.remember(id, wallStarted, performance.now());
  };
  try {
    const plugin = (await import(pathToFileURL(path.join(dist, "index.js")).href)).default;
    // The per-file context every kube rule shares (the file's objects, its sync with the index) is built by
    // whichever rule runs first on a file: built and timed here instead, so that rule shows its own cost only.
    const { kubeContext } = await import(pathToFileURL(path.join(dist, "rules/support/rule.js")).href).catch(() => ({}));
    const contextDone = new WeakSet();
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const id = `kube/${name}`;
      const create = rule.create;
      rule.create = function timedCreate(context) {
        if (kubeContext && !contextDone.has(context.sourceCode)) {
          contextDone.add(context.sourceCode);
          const contextWall = performance.now();
          const begun = now();
          kubeContext(context).workspace();
          charge("(per-file context: objects, index sync)", begun, contextWall);
        }
        const wall = performance.now();
        const started = now();
        const listeners = create.call(this, context);
        charge(id, started, wall);
        for (const [event, listener] of Object.entries(listeners)) {
          listeners[event] = function timedListener(...args) {
            const wallBegun = performance.now();
            const begun = now();
            try {
              return listener.apply(this, args);
            } finally {
              charge(id, begun, wallBegun);
            }
          };
        }
        return listeners;
      };
    }
  } catch {
    // the plugin's layout moved: wall-clock figures only
  }
  return cpu;
}

/**
 * What the clock itself costs: each charge spans about one `process.cpuUsage()` call (a system call, ~1.5 µs here),
 * and a rule is charged twice per file (its `create`, its listener): 30-40 ms per rule at 10,000 files that a rule
 * doing nothing would show. Measured here and taken off each row (`charges` counts them), so a row is the rule's
 * own time.
 */
const charges = {};
function clockCostMs() {
  const calls = 20_000;
  const started = process.cpuUsage();
  for (let i = 0; i < calls; i++) process.cpuUsage();
  const spent = process.cpuUsage(started);
  return (spent.user + spent.system) / 1000 / calls;
}

const pauses = pauseLedger();

// Time spent in garbage-collection pauses while linting (inside the rows above), and which rows they fell in.
let gc = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc += entry.duration;
    pauses.attribute(entry.startTime, entry.duration);
  }
});

const index = await prebuildIndex();
const rulesCpu = await instrumentRules();
const eslint = new ESLint({ overrideConfigFile: config, cache: false, stats: true });
const started = performance.now();
gcObserver.observe({ entryTypes: ["gc"] });
const results = await eslint.lintFiles(["."]);
const lint = performance.now() - started;
gcObserver.disconnect();
const rules = {};
for (const result of results) {
  for (const pass of result.stats?.times?.passes ?? []) {
    for (const [id, time] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + time.total;
  }
}
const perCallMs = clockCostMs();
for (const [id, ms] of Object.entries(rulesCpu)) rulesCpu[id] = Math.max(0, ms - (charges[id] ?? 0) * perCallMs);
const probe = { perCallUs: perCallMs * 1000, chargesPerRule: Math.max(0, ...Object.values(charges)) };
const { byRow: rulesGc, outside: gcOutsideRules } = pauses.report();
process.stdout.write(`${JSON.stringify({ files: results.length, index, rules, rulesCpu, rulesGc, probe, lint, gc, gcOutsideRules })}\n`);
