#!/usr/bin/env node
/**
 * How long are the kube messages people read? Lints every fixture repository (tests/fixtures/*) and, with --corpus,
 * every corpus repository (../shared/corpus/*), each as its own root with both configs, and prints per rule and
 * messageId the count, median and longest message, with the longest one in full.
 *
 *   node scripts/message-lengths.mjs [--corpus] [--json]
 */
import { collectMessages, summarize } from "./message-collector.mjs";

const corpus = process.argv.includes("--corpus");
const messages = await collectMessages({ corpus });
const rows = summarize(messages);
if (process.argv.includes("--json")) console.log(JSON.stringify(rows, null, 1));
else {
  for (const r of rows) console.log(`${String(r.max).padStart(4)} ${String(r.median).padStart(4)} ${String(r.count).padStart(5)}  ${r.key}\n        ${r.longest}`);
  const all = messages.map((m) => m.message.length).sort((a, b) => a - b);
  console.log(`\n${all.length} messages; median ${all[Math.floor(all.length / 2)]}, longest ${all.at(-1)}`);
}
