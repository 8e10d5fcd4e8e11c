/**
 * A progress line for long runs in a terminal. ESLint's Node API has no progress callback, so a tiny rule that
 * does nothing but count the files it is created for is added to the config; a timer prints the count.
 * Only when stderr is a terminal (never in CI logs or pre-commit output), and only after the run has taken a while.
 */
import type { ESLint, Linter, Rule } from "eslint";

const SHOW_AFTER_MS = 2000;
const REFRESH_MS = 250;

export interface Progress {
  /** Config to add to ESLint's overrideConfig so files get counted. */
  config: Linter.Config;
  stop(): void;
}

export function startProgress(stream: NodeJS.WriteStream): Progress | undefined {
  if (!stream.isTTY) return undefined;
  let files = 0;
  const counter: Rule.RuleModule = {
    meta: { type: "suggestion", schema: [] },
    create() {
      files++;
      return {};
    },
  };
  const plugin: ESLint.Plugin = { rules: { files: counter } };
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    if (Date.now() - started < SHOW_AFTER_MS) return;
    shown = true;
    const seconds = Math.round((Date.now() - started) / 1000);
    stream.write(`\r\x1b[2Kkube-lint: ${files} files linted (${seconds}s)`);
  }, REFRESH_MS);
  timer.unref();
  return {
    config: { name: "kube-lint/progress", plugins: { "kube-lint-progress": plugin }, rules: { "kube-lint-progress/files": "warn" } },
    stop() {
      clearInterval(timer);
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
