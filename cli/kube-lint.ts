#!/usr/bin/env node
/**
 * kube-lint: the zero-config runner for pre-commit hooks, CI gates and repositories with no JavaScript tooling.
 * See docs/usage.md. All the work is in ./cli/; this file only wires the process to it.
 */
import "./v8-tuning.js"; // first: before the modules below allocate anything
import { useSnapshotIndex } from "../core/workspace/workspace.js";
import { runCli } from "./run.js";

// One run, one snapshot of the repository: no periodic re-scan of the index mid-run (core/workspace/workspace.ts).
useSnapshotIndex();

process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
