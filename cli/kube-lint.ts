#!/usr/bin/env node
/**
 * kube-lint: the zero-config runner for pre-commit hooks, CI gates and repositories with no JavaScript tooling.
 * See docs/usage.md. All the work is in ./cli/; this file only wires the process to it.
 */
import "./v8-tuning.js"; // first: before the modules below allocate anything
import { runCli } from "./run.js";

process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
