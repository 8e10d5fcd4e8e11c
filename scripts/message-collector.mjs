/**
 * Collects the kube messages of both configs over the fixture repositories (and optionally the corpus), each folder
 * linted as its own repository root, in-process with ESLint's Node API and the built plugin (dist/).
 * Shared by scripts/message-lengths.mjs and tests/e2e/message-length.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ESLint } from "eslint";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = path.join(ROOT, "tests/fixtures");
export const CORPUS = path.resolve(ROOT, "../shared/corpus");
/** Fixed "now" so certificate messages do not drift with the calendar. */
const NOW = "2026-06-01";

function folders(parent) {
  if (!fs.existsSync(parent)) return [];
  return fs.readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(parent, d.name)).sort();
}

/** [{ config, root, file, ruleId, messageId, message }] for every kube finding. */
export async function collectMessages({ corpus = false, roots } = {}) {
  const plugin = (await import(pathToFileURL(path.join(ROOT, "dist/index.js")).href)).default;
  const all = roots ?? [...folders(FIXTURES), ...(corpus ? folders(CORPUS) : [])];
  const out = [];
  for (const config of ["recommended", "strict"]) {
    for (const root of all) {
      const eslint = new ESLint({
        cwd: root,
        overrideConfigFile: true,
        overrideConfig: [...plugin.configs[config], { settings: { kube: { root, now: NOW, cacheLocation: false } } }],
      });
      for (const r of await eslint.lintFiles(["."])) {
        for (const m of r.messages) {
          if (!m.ruleId?.startsWith("kube/")) continue;
          out.push({ config, root: path.basename(root), file: path.relative(root, r.filePath), ruleId: m.ruleId, messageId: m.messageId, message: m.message });
        }
      }
    }
  }
  return out;
}

/** Per rule/messageId: count, median and longest length, and the longest message. Longest first. */
export function summarize(messages) {
  const groups = new Map();
  for (const m of messages) {
    const key = `${m.ruleId}:${m.messageId}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m.message);
  }
  return [...groups]
    .map(([key, list]) => {
      const lengths = list.map((s) => s.length).sort((a, b) => a - b);
      const longest = list.reduce((a, b) => (b.length > a.length ? b : a));
      return { key, count: list.length, median: lengths[Math.floor(lengths.length / 2)], max: lengths.at(-1), longest };
    })
    .sort((a, b) => b.max - a.max);
}
